"""`orbitdesk --smoke-test` and `orbitdesk --screenshot` as a user runs them (subprocesses, under
the Xvfb display that pytest-xvfb started)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

pytestmark = pytest.mark.gl


def run(*args, tmp_path):
    return subprocess.run([sys.executable, "-m", "orbitdesk", *args, "--settings",
                           str(tmp_path / "s.ini")], capture_output=True, text=True, timeout=180)


def test_smoke_test(tmp_path):
    r = run("--smoke-test", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "smoke test: ok" in r.stdout and "2,660 satellites drawn" in r.stdout


def test_screenshot_is_the_real_window(tmp_path, qapp):
    from PySide6.QtGui import QImage

    png = tmp_path / "shot.png"
    r = run("--screenshot", str(png), "--size", "1600x1000", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    image = QImage(str(png)).convertToFormat(QImage.Format.Format_RGB888)
    assert (image.width(), image.height()) == (1600, 1000)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(1000, image.bytesPerLine())[:, :4800]
    assert pixels.std() > 30  # not blank: globe, plots and panels all drawn
    # the middle of the globe view is the Earth (blue/green/brown), not the black background
    globe = pixels.reshape(1000, 1600, 3)[250:450, 500:700]
    assert globe.std() > 10  # the Earth's texture, not the flat black background


def test_bad_file_exits_2_with_the_problem(tmp_path):
    bad = tmp_path / "bad.orbitdesk.json"
    bad.write_text("{not json")
    r = run(str(bad), "--smoke-test", tmp_path=tmp_path)
    assert r.returncode == 2


def test_no_display_says_so_instead_of_aborting(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "orbitdesk", "--settings", str(tmp_path / "s.ini")],
                       capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 2
    assert "no display (DISPLAY is not set)" in r.stderr and "xvfb-run" in r.stderr


def test_self_test_edits_survives_and_exits_cleanly(tmp_path):
    r = run("--self-test-edits", "60", tmp_path=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "self-test: 60 edits" in r.stdout and "steady" in r.stdout and r.stdout.rstrip().endswith("ok")
    data = tmp_path / "s.data"
    assert "session ended cleanly" in (data / "orbitdesk.log").read_text()
    assert list(data.glob("session-*.txt")) == []  # the clean-exit marker is gone


def test_the_start_after_a_native_crash_says_where_the_log_is(tmp_path):
    data = tmp_path / "s.data"  # Settings' data directory beside s.ini
    crashed = subprocess.run([sys.executable, "-c", (
        "from pathlib import Path; from orbitdesk.app import crashlog; "
        f"crashlog.install(Path({str(data)!r})); import faulthandler; faulthandler._sigsegv()")],
        capture_output=True, text=True, timeout=60)
    assert crashed.returncode != 0
    r = run("--smoke-test", tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr  # said, not a failure of this run
    log = data / "orbitdesk.log"
    assert f"OrbitDesk ended with a native crash last time; the log is at {log}" in r.stderr
    assert "Segmentation fault" in log.read_text()


def test_problems_reach_the_window_and_the_last_crash_is_said(tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMainWindow

    from orbitdesk.app import crashlog
    from orbitdesk.app.crashlog import guarded
    from orbitdesk.gui.launch import attach_crash_log

    data = tmp_path / "data"
    crashlog.install(data).close(clean=False)  # a session that did not end cleanly
    crash = crashlog.install(data)
    try:
        plain = QMainWindow()  # no show_problem: the status bar says it
        qtbot.addWidget(plain)
        shown = []
        rich = QMainWindow()
        qtbot.addWidget(rich)
        rich.show_problem = lambda summary, details: shown.append((summary, details))
        for w in (plain, rich):
            attach_crash_log(w, crash)
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)
        assert shown[0][0].startswith("OrbitDesk ended without closing cleanly last time; the log is at")
        with guarded("placing a station"):
            raise IndexError("station 3 of 2")
        assert shown[1][0] == "Error while placing a station: IndexError: station 3 of 2"
        assert "Traceback" in shown[1][1] and str(crash.log_path) in shown[1][1]
        assert plain.statusBar().currentMessage() == shown[1][0]
    finally:
        crash.close(clean=True)


def test_version_names_the_qt_binding(tmp_path):
    import PySide6

    r = subprocess.run([sys.executable, "-m", "orbitdesk", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    assert f"(PySide6 {PySide6.__version__}, shiboken6 " in r.stdout  # packaging/check_bundle.sh reads it
