"""The status bar's problem line: a reported problem is shown in one line with its details."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from orbitdesk.app import crashlog
from orbitdesk.app.crashlog import guarded
from orbitdesk.gui.problem_bar import MAX_SHOWN_CHARS, ProblemBar


@pytest.fixture
def bar(qtbot):
    w = QMainWindow()
    qtbot.addWidget(w)
    b = ProblemBar()
    w.statusBar().addWidget(b)
    w.show()
    yield b  # w stays referenced (and alive) for the test


def test_a_reported_problem_shows_its_summary_and_details(bar, tmp_path, qtbot):
    crash = crashlog.install(tmp_path / "data")
    try:
        crash.add_listener(bar.show_problem)
        with guarded("applying the edit"):
            raise ValueError("radiator area is NaN")
    finally:
        crash.close(clean=True)
    assert bar.isVisible() and bar.label.text() == "Error while applying the edit: ValueError: radiator area is NaN"
    assert bar.button.isVisible()
    bar.button.click()
    assert bar.dialog.isVisible() and "Traceback" in bar.dialog.detailedText()
    assert str(crash.log_path) in bar.dialog.detailedText()
    bar.dialog.close()
    bar.dismiss.click()
    assert not bar.isVisible()


def test_long_messages_are_one_line_and_an_empty_one_clears(bar):
    bar.show_problem("Autosave failed:\n" + "x" * 500)  # no details: no button
    assert "\n" not in bar.label.text() and len(bar.label.text()) == MAX_SHOWN_CHARS
    assert not bar.button.isVisible() and bar.label.toolTip().startswith("Autosave failed:\n")
    bar.show_problem("second problem", "details")
    assert bar.label.text() == "second problem (+1 earlier)"
    bar.show_problem("")
    assert not bar.isVisible()
