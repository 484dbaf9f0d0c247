"""A real main window on the default scenario, with a synchronous compute runner (results arrive
before the edit call returns) and settings in a temporary INI file."""

from __future__ import annotations

import pytest

from orbitdesk.app.runner import ComputeRunner
from orbitdesk.app.settings import Settings


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path / "orbitdesk.ini")


@pytest.fixture
def window(qtbot, settings):
    from orbitdesk.gui.main_window import MainWindow

    w = MainWindow(settings, runner=ComputeRunner(threaded=False))
    # not qtbot.addWidget: pytest-qt would close it before this fixture marks it clean
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.document.undo_stack.setClean()  # nothing to ask when the test closes it
    w.close()
    w.deleteLater()


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A modal dialog would hang the run: any dialog not answered by the test fails it."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for name in ("critical", "question", "warning", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse)
