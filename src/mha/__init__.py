"""Monitor Huisvesting Aandachtsgroepen: Python side of the warehouse."""
