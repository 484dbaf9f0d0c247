"""OrbitDesk app layer (see README, Design notes)."""
