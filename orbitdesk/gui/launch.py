"""Start the desktop application: ``orbitdesk [FILE] [--smoke-test] [--screenshot PATH]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from orbitdesk.__about__ import __app_id__, __app_name__, __organization__, __title__, __version__


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="orbitdesk", description=(
        "OrbitDesk desktop application. Subcommands for the command line: example, evaluate, "
        "schema, bench (see `orbitdesk evaluate --help`)."))
    p.add_argument("file", nargs="?", help="scenario file to open (*.orbitdesk.json)")
    p.add_argument("--smoke-test", action="store_true",
                   help="open everything, evaluate, render one frame, print timings and exit 0")
    p.add_argument("--screenshot", metavar="PATH", help="save a PNG of the main window and exit")
    p.add_argument("--settings", metavar="INI", help="use this settings file (default: the user's)")
    p.add_argument("--size", default="1600x1000", help="window size for --screenshot, WxH")
    p.add_argument("--version", action="version", version=f"{__title__} {__version__}")
    return p


def _wait_for_results(app, window, timeout_s: float = 60.0) -> bool:
    deadline = time.perf_counter() + timeout_s
    while window.kpis.results is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let the last repaints through
        app.processEvents()
    return window.kpis.results is not None


# Debian packages Qt's xcb platform plugin needs (Qt's own message names only xcb-cursor0)
XCB_PACKAGES = ("libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libgl1-mesa-dri "
                "libglx-mesa0 libegl1")


def display_problem() -> str | None:
    """Why the window cannot open here, in words, or None. Checked before Qt, whose own failure is
    an abort with a misleading message."""
    import ctypes.util
    import os

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return ("no display (DISPLAY is not set). Run OrbitDesk in a desktop session, or under "
                "xvfb-run for --smoke-test and --screenshot; the subcommands (evaluate, example, "
                "schema, bench) need no display")
    if getattr(sys, "_MEIPASS", None) is None:  # the bundle carries these libraries itself
        missing = [lib for lib in ("xcb-cursor", "xcb-icccm", "xcb-keysyms", "xkbcommon-x11")
                   if ctypes.util.find_library(lib) is None]
        if missing:
            return (f"Qt's X11 libraries are missing ({', '.join('lib' + m for m in missing)}); "
                    f"install them: sudo apt-get install {XCB_PACKAGES}")
    return None


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    problem = display_problem()
    if problem:
        print(f"orbitdesk: cannot open the window: {problem}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(__organization__)
    QCoreApplication.setApplicationName(__app_name__)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationDisplayName(__title__)
    app.setDesktopFileName(__app_id__)
    from PySide6.QtGui import QIcon

    from orbitdesk.paths import resource

    app.setWindowIcon(QIcon(str(resource("icons", "orbitdesk.png"))))

    from orbitdesk.app.settings import Settings
    from orbitdesk.gui.main_window import MainWindow

    headless = bool(args.smoke_test or args.screenshot)
    window = MainWindow(Settings(args.settings))
    try:
        return _run_window(app, window, args, headless, t0)
    finally:
        _dispose(app, window)


def _run_window(app, window, args, headless: bool, t0: float) -> int:
    if headless:  # no one to click a dialog away: problems go to stderr
        window.show_error = lambda title, text: print(f"orbitdesk: {title}: {text}", file=sys.stderr)
    if args.screenshot:
        w, h = (int(x) for x in args.size.lower().split("x"))
        window.resize(w, h)
    if args.file and not window.open_path(args.file, ask=False) and headless:
        window.close()
        return 2
    window.show()
    if not headless:
        window.offer_restore()
        return app.exec()

    ok = _wait_for_results(app, window)
    window.globe.canvas.native.repaint()
    frame = window.grab()
    first_frame_s = time.perf_counter() - t0
    status = 0 if ok and not frame.isNull() else 1
    if args.screenshot:
        path = Path(args.screenshot)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not frame.save(str(path), "PNG"):
            print(f"orbitdesk: cannot write {path}", file=sys.stderr)
            status = 1
        else:
            print(f"screenshot: {path} ({frame.width()}×{frame.height()})")
    if args.smoke_test:
        r = window.kpis.results
        print(f"smoke test: {'ok' if status == 0 else 'FAILED'}; start to first frame "
              f"{first_frame_s:.2f} s; {window.globe.satellites.count:,} satellites drawn; "
              f"cost per exaFLOP ${r.kpis['cost_per_exaflop_usd']:.2f}" if r else "smoke test: no results")
    window.document.undo_stack.setClean()  # nothing to ask on close
    window.close()
    return status


def _dispose(app, window) -> None:
    """Delete the Qt objects before the interpreter finalizes (PySide otherwise may crash at exit
    while the garbage collector and Qt both tear the same objects down)."""
    import gc

    window.deleteLater()
    app.processEvents()
    del window
    gc.collect()
