"""Handing the work over (issue 12): the design report (PDF and HTML), the comparison of two
scenarios, ephemerides for other tools (CCSDS OEM for STK, GMAT and FreeFlyer; CZML for Cesium) and
the zip that holds them all. Qt-free: every piece runs from the command line on a machine without
a display, and the window calls the same functions."""


class Cancelled(Exception):  # noqa: N818 (the user's choice, not an error)
    """Raised by a progress callback to stop a long export; what it had written is removed."""
