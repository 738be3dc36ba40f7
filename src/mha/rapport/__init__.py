"""The report per area (the monitor's third product): `python -m mha rapport`, see `build.py`."""

from mha.rapport.build import main

__all__ = ["main"]
