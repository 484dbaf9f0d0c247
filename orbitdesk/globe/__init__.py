"""OrbitDesk globe layer (see README, Design notes)."""
