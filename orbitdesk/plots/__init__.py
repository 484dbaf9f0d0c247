"""OrbitDesk plots layer (see README, Design notes)."""
