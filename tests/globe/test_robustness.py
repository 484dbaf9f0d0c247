"""No globe slot raises on any scenario the model accepts: every preset, a TLE set with a decayed
satellite (SGP4 gives NaN), no ground stations, one satellite, a million satellites. Each is
driven through the slots a user reaches: time, play, selection, clicks and drags in and out of
place mode, zoom and reset."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from orbitdesk.app.document import ScenarioDocument
from orbitdesk.app.runner import ComputeRunner
from orbitdesk.app.selection import SECTIONS
from orbitdesk.globe.view import GlobeView
from orbitdesk.model import default_scenario
from orbitdesk.model.presets import PRESETS
from orbitdesk.model.scenario import Scenario, TLESet
from orbitdesk.paths import resource

pytestmark = pytest.mark.gl


def _checksummed(line: str) -> str:
    body = line[:68]
    total = sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in body)
    return body + str(total % 10)


def decayed_tle_scenario() -> Scenario:
    """Two synthetic satellites, the first from a 2020 element set with a huge drag term: by the
    2027 epoch SGP4 has it decayed (NaN positions)."""
    lines = [ln for ln in resource("tle", "synthetic_walker_550km.tle").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")][:6]
    lines[1] = _checksummed(lines[1].replace("27001.00000000", "20001.00000000").replace(" 00000+0 ", " 99999-1 "))
    base = default_scenario()
    shell = TLESet(name="TLE", design=base.designs[0].name, tle_text="\n".join(lines))
    return base.model_copy(update={"shells": (shell,)})


def without_stations() -> Scenario:
    return Scenario.model_validate({**default_scenario().model_dump(), "ground_stations": ()})


def tle_set() -> Scenario:
    base = default_scenario()
    shell = TLESet(name="Synthetic", design=base.designs[0].name,
                   tle_text=resource("tle", "synthetic_walker_550km.tle").read_text())
    return Scenario.model_validate({**base.model_dump(), "shells": (base.shells[0].model_dump(), shell.model_dump())})


CASES = {**{name: make for name, make in PRESETS.items()}, "decayed TLE": decayed_tle_scenario,
         "no ground stations": without_stations, "TLE set beside a shell": tle_set}


@pytest.mark.parametrize("name", list(CASES))
def test_no_slot_raises(name, qtbot, monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: reported.append(exc))
    doc = ScenarioDocument()
    globe = GlobeView(doc, ComputeRunner(threaded=False))
    qtbot.addWidget(globe)
    globe.resize(700, 600)
    globe.show()
    qtbot.waitExposed(globe)
    scenario = CASES[name]()
    doc.reset(scenario)
    assert globe._frame.scenario is scenario
    assert np.isfinite(globe._snap.positions_km).all()
    assert np.isfinite(globe._frame.rings.vertices).all()
    native = globe.canvas.native
    w, h = native.width(), native.height()
    grid = [QPoint(int(x), int(y)) for x in np.linspace(5, w - 5, 7) for y in np.linspace(5, h - 5, 5)]
    big = scenario.satellite_count > 100_000  # each repaint of 200,000 points costs ~0.3 s here
    if big:
        grid = grid[::4]
    for section in SECTIONS:
        for index in ((0, 5) if big else (0, 1, 5)):
            doc.select(section, index)
            for p in grid[::3]:
                QTest.mouseClick(native, Qt.MouseButton.LeftButton, pos=p)
    globe.place_mode = True
    for p in grid[::4]:
        QTest.mouseClick(native, Qt.MouseButton.LeftButton, pos=p)
        QTest.mousePress(native, Qt.MouseButton.LeftButton, pos=p)
        QTest.mouseMove(native, p + QPoint(15, 5))
        QTest.mouseRelease(native, Qt.MouseButton.LeftButton, pos=p + QPoint(15, 5))
    globe.place_mode = False
    for t in (0.0, 3600.0, 86_399.0, 86_400.0 * 3 + 5):
        globe.set_time(t)
    globe.play.setChecked(True)
    for _ in range(3):
        globe._tick()
    globe.play.setChecked(False)
    globe.view.camera.distance = 1000.0
    globe.reset_view()
    globe.max_points = 1
    globe.refresh()
    globe.canvas.render()
    assert reported == []
    assert globe.satellites.count == globe._snap.shell.size >= (0 if name == "decayed TLE" else 1)
