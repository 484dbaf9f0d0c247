"""The globe as an adapter view: its visuals' data follow the document and the compute results."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from orbitdesk.globe.view import ECLIPSE, SUNLIT, THROTTLED

pytestmark = pytest.mark.gl


def colours(window):
    return window.globe.satellite_colours()


def test_satellites_coloured_by_light_and_throttle(window):
    """Default scenario at the epoch: the payload is cut in eclipse (the battery carries only the
    bus), so eclipsed satellites show as throttled; sunlit ones run at full speed."""
    c = colours(window)
    snap = window.globe._snap
    is_ = lambda colour: np.all(np.isclose(c, colour), axis=1)  # noqa: E731
    assert is_(SUNLIT).sum() + is_(ECLIPSE).sum() + is_(THROTTLED).sum() == c.shape[0] == 2660
    assert is_(THROTTLED).any() and is_(SUNLIT).any()
    assert not (is_(SUNLIT) & ~snap.sunlit).any()


def test_earth_turns_and_sun_moves_with_the_time(window):
    before = window.globe.earth.transform.matrix.copy()
    window.globe.set_time(6 * 3600)
    after = window.globe.earth.transform.matrix
    # a quarter of a sidereal day: the Earth turned by about 90° about z
    angle = np.degrees(np.arctan2(after[0, 1], after[0, 0]) - np.arctan2(before[0, 1], before[0, 0]))
    assert (angle % 360) == pytest.approx(90.25, abs=0.3)
    assert window.globe.clock.text() == "2027-01-01 06:00:00 UTC"


def test_drag_a_placed_satellite(window, qtbot):
    window.place_kind.setCurrentIndex(window.place_kind.findData("placed"))
    window.place_inclination.setValue(60.0)
    globe, canvas = window.globe, window.globe.canvas.native
    lat, lon = globe.pick(canvas.width() / 2, canvas.height() / 2)
    window.place_at(lat, lon)
    placed = window.document.scenario.shells[1]
    window.place_action.trigger()
    # the satellite is drawn above the clicked point; press on it and drag it 40 px right
    i = np.flatnonzero(globe._snap.shell == 1)[0]
    x, y = globe.screen_position(globe._snap.positions_km[:, i])
    start = QPoint(int(round(x)), int(round(y)))
    steps = 4
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, steps + 1):
        QTest.mouseMove(canvas, start + QPoint(10 * k, 0))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(10 * steps, 0))
    moved = window.document.scenario.shells[1]
    assert (moved.latitude_deg, moved.longitude_deg) != (placed.latitude_deg, placed.longitude_deg)
    assert window.document.undo_stack.count() == 2  # place + one merged drag
    window.undo_action.trigger()
    assert window.document.scenario.shells[1] == placed


def test_the_canvas_is_the_one_native_child_window(window, qapp):
    """The OpenGL canvas is a native child so the rest of the window is flushed as raster (no
    OpenGL composition of the whole window on every plot repaint), and no other widget was made
    native with it (Qt makes not-yet-created siblings of a native widget native)."""
    canvas = window.globe.canvas.native
    assert canvas.testAttribute(Qt.WidgetAttribute.WA_NativeWindow)
    assert canvas.internalWinId()
    native = [w for w in qapp.allWidgets() if w.internalWinId() and w.window() is window]
    assert set(native) == {window, canvas}
