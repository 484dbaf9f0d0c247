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
