"""Shared fixtures: the default scenario and small variants of it."""

import pytest

from orbitdesk.model import default_scenario
from orbitdesk.paths import resource


@pytest.fixture(scope="session")
def scenario():
    return default_scenario()


@pytest.fixture(scope="session")
def sample_tle_text():
    return resource("tle", "synthetic_walker_550km.tle").read_text()



# --- Qt fixtures (imports inside: the model/core tests also run in a venv without Qt) ---------


@pytest.fixture
def settings(tmp_path):
    from orbitdesk.app.settings import Settings

    return Settings(tmp_path / "orbitdesk.ini")


@pytest.fixture
def no_modal_dialogs(monkeypatch):
    """A modal dialog would hang the run: any dialog not answered by the test fails it."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for name in ("critical", "question", "warning", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse)


@pytest.fixture
def window(qtbot, settings, no_modal_dialogs):
    """A real main window on the default scenario, with a synchronous compute runner (results
    arrive before the edit call returns) and settings in a temporary INI file."""
    from orbitdesk.app.runner import ComputeRunner
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


# --- options of the GUI fuzz test (tests/gui/test_fuzz.py) ------------------------------------


def pytest_addoption(parser):
    group = parser.getgroup("fuzz", "the stateful GUI fuzz test (tests/gui/test_fuzz.py)")
    group.addoption("--fuzz-actions", type=int, default=None,
                    help="actions per seed (default: the CI budget in test_fuzz.py)")
    group.addoption("--fuzz-seeds", default=None, help="comma-separated seeds, e.g. 1,2,3")
    group.addoption("--fuzz-replay", default=None, metavar="JSON",
                    help="replay an action log written by a failed fuzz run (a JSON list)")
    group.addoption("--fuzz-keep-going", action="store_true",
                    help="collect every distinct fuzz failure of a run instead of stopping at the first")
