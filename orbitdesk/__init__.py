"""OrbitDesk: mission design for orbital data centers."""

from orbitdesk.__about__ import __version__

__all__ = ["__version__"]
