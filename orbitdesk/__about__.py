"""Identity of the application: read by the CLI, the GUI and the PyInstaller spec."""

__title__ = "OrbitDesk"
__app_name__ = "orbitdesk"
__organization__ = "OrbitDesk"
__app_id__ = "space.orbitdesk.OrbitDesk"
__version__ = "0.1.0"
