"""The quarterly events of the microsimulation, one module per theme; `world.ChunkWorld.step` calls them
in a fixed order. Each event is a function of the chunk's world and the quarter's first and last day."""
