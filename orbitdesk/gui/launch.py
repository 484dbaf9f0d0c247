"""Start the desktop application: ``orbitdesk [FILE] [--smoke-test] [--screenshot PATH]``.

The crash log (``orbitdesk.app.crashlog``) is installed before the window exists and closed
(the clean-exit marker removed) after it is gone. Problems reach the window through
``MainWindow.show_problem(summary, details)`` when the window has it, else its status bar; the
previous session's crash, if any, is said the same way once the window shows.
``--self-test-edits N`` (a developer option) makes N field edits headlessly and checks that the
window is alive and the reference counts of None and True stayed put (PySide6 6.12.0 leaked one
per Qt call), for the bundle's check script.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from orbitdesk.__about__ import __app_id__, __app_name__, __organization__, __title__, __version__


def version_line() -> str:
    """``OrbitDesk 1.2.3 (PySide6 6.11.3, shiboken6 6.11.3, Python 3.11.7)``: the bundle check
    reads the Qt binding's version here (6.12.0 leaks references and is refused)."""
    import platform

    try:
        import PySide6
        import shiboken6

        binding = f"PySide6 {PySide6.__version__}, shiboken6 {shiboken6.__version__}, "
    except ImportError:  # pragma: no cover - the desktop application always has them
        binding = "PySide6 missing, "
    return f"{__title__} {__version__} ({binding}Python {platform.python_version()})"


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
    p.add_argument("--self-test-edits", type=int, metavar="N", default=0,
                   help="developer option: make N field edits headlessly, check the window survives "
                        "with steady reference counts, print a summary and exit (0: passed)")
    p.add_argument("--version", action="version", version=version_line())
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

    from orbitdesk.app import crashlog
    from orbitdesk.app.settings import Settings

    settings = Settings(args.settings)
    headless = bool(args.smoke_test or args.screenshot or args.self_test_edits)
    crash = crashlog.install(settings.data_directory())
    clean = False
    try:
        status = _start(app, settings, crash, args, headless, t0)
        clean = True
        return status
    except Exception as e:
        crash.report("starting OrbitDesk", e)
        raise
    finally:
        crash.close(clean=clean)


def _start(app, settings, crash, args, headless: bool, t0: float) -> int:
    from orbitdesk.gui.main_window import MainWindow

    problems: list[str] = []
    if headless:  # no one to read the status bar: problems go to stderr and fail the run
        def tell(summary: str, details: str) -> None:
            problems.append(summary)
            print(f"orbitdesk: {summary}\n{details}", file=sys.stderr)

        crash.add_listener(tell)
        previous = crash.previous_crash()
        if previous is not None:  # said, but not a failure of this run
            print(f"orbitdesk: {previous.summary}", file=sys.stderr)
    window = MainWindow(settings)
    listener = None if headless else attach_crash_log(window, crash)
    try:
        status = _run_window(app, window, args, headless, t0)
        return 1 if problems and status == 0 else status
    finally:
        if listener is not None:
            crash.remove_listener(listener)  # the window is going
        _dispose(app, window)


def attach_crash_log(window, crash):
    """Problems reported to the crash log appear in the window: ``window.show_problem(summary,
    details)`` where it exists (a status-bar message with "Details…"), else a status-bar
    message; the previous session's crash is said once the event loop runs. Returns the
    listener (to remove before the window goes)."""
    from PySide6.QtCore import QTimer

    show = getattr(window, "show_problem", None)
    if show is None:
        def show(summary: str, _details: str) -> None:
            window.statusBar().showMessage(summary, 30_000)

    crash.add_listener(show)
    previous = crash.previous_crash()
    if previous is not None:
        QTimer.singleShot(0, window, lambda: show(previous.summary, previous.details))
    return show


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
    if args.self_test_edits:
        ok = self_test_edits(app, window, args.self_test_edits)["ok"] and ok
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


# the fields the self-test edits, in turn: (form, field, values to cycle through)
SELF_TEST_FIELDS = (("radiator", "area_m2", (80, 95, 110, 125)), ("radiator", "max_temperature_k", (330, 345, 360)),
                    ("compute", "gpu_count", (8, 12, 16)))
REFCOUNT_TOLERANCE = 200  # None and True are shared everywhere: small moves are normal
EVENTS_EVERY = 10  # edits between event-loop runs: results and repaints coalesce as for a fast typist


def self_test_edits(app, window, n: int, events_every: int = EVENTS_EVERY) -> dict:
    """Type ``n`` values into fields of the window as a user would (text, then Return), running
    the event loop every ``events_every`` edits; then check the window still answers and that
    the reference counts of None and True did not fall (PySide6 6.12.0 lost one per void Qt call
    and per emit, and the process aborted when None's reached zero). The undo history is cleared
    before the counts are compared (it holds the edited scenarios, and their references to None).
    Prints one line; returns the figures, ``ok`` among them."""
    import gc

    fields = [window.editors.design_forms[form].fields[name] for form, name, _ in SELF_TEST_FIELDS]
    values = [v for _, _, v in SELF_TEST_FIELDS]
    gc.collect()
    none0, true0 = sys.getrefcount(None), sys.getrefcount(True)
    start = time.perf_counter()
    for i in range(n):
        k = i % len(fields)
        field, cycle = fields[k], values[k]
        field.editor.setText(str(cycle[(i // len(fields)) % len(cycle)]))
        field.editor.editingFinished.emit()
        if (i + 1) % events_every == 0:
            app.processEvents()
    elapsed = time.perf_counter() - start
    results = _wait_for_results(app, window)
    undo_steps = window.document.undo_stack.count()
    alive = window.isVisible() and window.document.scenario is not None
    window.document.undo_stack.clear()
    gc.collect()
    d_none, d_true = sys.getrefcount(None) - none0, sys.getrefcount(True) - true0
    steady = d_none >= -REFCOUNT_TOLERANCE and d_true >= -REFCOUNT_TOLERANCE
    ok = results and steady and alive
    print(f"self-test: {n:,} edits in {elapsed:.1f} s ({1000 * elapsed / max(n, 1):.1f} ms each), "
          f"{undo_steps:,} undo steps; refcount change None {d_none:+d}, True {d_true:+d} "
          f"({'steady' if steady else 'FALLING: a leaking PySide6?'}); {'ok' if ok else 'FAILED'}")
    return {"edits": n, "seconds": elapsed, "undo_steps": undo_steps, "none": d_none, "true": d_true,
            "ok": ok}


def _dispose(app, window) -> None:
    """Delete the Qt objects before the interpreter finalizes (PySide otherwise may crash at exit
    while the garbage collector and Qt both tear the same objects down)."""
    import gc

    window.deleteLater()
    app.processEvents()
    del window
    gc.collect()
