"""The synthetic twin of the CBS microdata: a small yearly microsimulation of the Netherlands.

`python -m mha generate --scale S --seed N --out DIR` writes every raw table of the sources YAMLs
(see `mha.layouts`) as Parquet. The world is simulated per chunk of gemeenten with its own random
generator, so the result depends only on (seed, scale). See `docs/synthetic_twin.md`.
"""

GENERATOR_VERSION = "1.4.3"
