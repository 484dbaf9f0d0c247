"""OrbitDesk gui layer (see README, Design notes)."""
