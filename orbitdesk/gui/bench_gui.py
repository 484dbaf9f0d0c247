"""`orbitdesk bench --gui`: speed figures of the desktop application (needs a display; Xvfb works).

1. Edit to plots: the real window with its threaded compute runner; the radiator area is set N
   times (as a panel edit does) and the time until the one-orbit plots, then the mission-life
   plots, have been repainted with the new data is measured from the moment of the edit.
2. Globe frames: a full redraw of the globe canvas while the camera turns (no recomputation), and
   a time step (positions, light and rings computed on the worker, then coloured and drawn), on the
   default scenario and on 100,000 satellites shown.
3. Globe animation: the real timer plays at 1000× for a few wall seconds while the event loop is
   pumped; the time the GUI thread spends per drawn frame (everything it does: the tick, taking the
   new positions, painting), its longest single stall, the frame rate and the simulated seconds
   shown per wall second.
"""

from __future__ import annotations

import statistics
import sys
import time


def _pump_until(app, predicate, timeout_s=30.0) -> bool:
    deadline = time.perf_counter() + timeout_s
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        app.processEvents()
        time.sleep(0.0005)
    return True


def edit_latency(app, window, edits: int) -> tuple[list[float], list[float]]:
    first, full = [], []
    orbit, life = window.orbit_plots, window.calendar_plots
    redrawn_at = {}

    def timed(view):  # record when the view takes new data
        draw = view.redraw

        def redraw():
            draw()
            redrawn_at[view] = time.perf_counter()
        view.redraw = redraw  # the views call self.redraw(): the instance attribute wins

    def painted(view) -> bool:
        """The view has taken the new data and painted since."""
        return view in redrawn_at and view.layout_widget.last_paint_s > redrawn_at[view]

    timed(orbit)
    timed(life)
    for i in range(edits):
        redrawn_at.clear()
        t0 = time.perf_counter()
        window.document.edit("designs[0].radiator.area_m2", 100.0 + i)
        _pump_until(app, lambda: painted(orbit))
        first.append((time.perf_counter() - t0) * 1e3)
        _pump_until(app, lambda: painted(life))
        full.append((time.perf_counter() - t0) * 1e3)
    return first, full


def globe_recolour_latency(app, window, edits: int) -> list[float]:
    """Edit to the globe repainted in its new colours: the radiator alternates between a size that
    throttles the payload through the orbit (satellites drawn red) and one that does not, so
    every edit changes the colours (an edit that changes none costs the globe no repaint)."""
    globe, times = window.globe, []
    drawn = []  # (time, the colours drawn)

    def on_draw(_event):
        drawn.append((time.perf_counter(), globe._shown_colours))

    globe.canvas.events.draw.connect(on_draw)
    for i in range(edits):
        before = globe._shown_colours
        drawn.clear()
        t0 = time.perf_counter()
        window.document.edit("designs[0].radiator.area_m2", 30.0 if i % 2 == 0 else 120.0)

        def new_colours_drawn(before=before):
            return [t for t, c in drawn if c is not before]

        if _pump_until(app, new_colours_drawn, 10.0):
            times.append((new_colours_drawn()[0] - t0) * 1e3)
    globe.canvas.events.draw.disconnect(on_draw)
    window.document.undo_stack.setClean()
    return times


def globe_frames(app, globe, frames: int) -> tuple[float, float]:
    """(ms per redraw while turning, ms per animation time step)."""
    native = globe.canvas.native
    t0 = time.perf_counter()
    for _ in range(frames):
        globe.view.camera.azimuth = (globe.view.camera.azimuth + 3.0) % 360.0
        native.repaint()
        app.processEvents()
    turn = (time.perf_counter() - t0) / frames * 1e3
    t0 = time.perf_counter()
    for _ in range(frames):
        globe.set_time(globe.t_s + 60.0)
        _pump_until(app, lambda: globe._snap.t_s == globe.t_s)  # computed on the worker, then drawn
        native.repaint()
        app.processEvents()
    step = (time.perf_counter() - t0) / frames * 1e3
    return turn, step


def globe_animation(app, globe, seconds: float, speed: int = 1000) -> dict:
    """Play the globe with its own timer and measure the GUI thread (see the module docstring)."""
    day = 86_400.0
    frames, shown = [0], [0.0, globe.t_s]

    def drawn(_event):
        frames[0] += 1

    def on_time(t):  # the displayed time moved: count it forward, across the day's wrap
        shown[0] += (t - shown[1]) % day
        shown[1] = t

    globe.canvas.events.draw.connect(drawn)
    globe.timeChanged.connect(on_time)
    globe.speed.setCurrentIndex(globe.speed.findData(speed))
    for _ in range(3):
        app.processEvents()
    busy = longest = 0.0
    frames[0], shown[0] = 0, 0.0
    globe.play.setChecked(True)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        a = time.perf_counter()
        app.processEvents()
        d = time.perf_counter() - a
        busy, longest = busy + d, max(longest, d)
        time.sleep(0.001)
    wall = time.perf_counter() - t0
    globe.play.setChecked(False)
    globe.timeChanged.disconnect(on_time)
    globe.canvas.events.draw.disconnect(drawn)
    n = max(frames[0], 1)
    return {"fps": frames[0] / wall, "gui_ms_per_frame": busy / n * 1e3, "longest_ms": longest * 1e3,
            "speed": shown[0] / wall, "busy_share": busy / wall}


def _print_animation(label: str, a: dict, speed: int = 1000) -> None:
    print(f"globe animation at {speed}× ({label}): {a['fps']:.1f} frames/s, GUI thread "
          f"{a['gui_ms_per_frame']:.0f} ms per frame (busy {a['busy_share']:.0%} of the time), "
          f"longest stall {a['longest_ms']:.0f} ms, shown {a['speed']:.0f} simulated s per s")


def _print_load() -> None:
    import os

    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return
    print(f"machine load while measured: {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores")


def run_gui_benchmarks(quick: bool = False) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    import tempfile
    from pathlib import Path

    from orbitdesk.app.settings import Settings
    from orbitdesk.gui.launch import _dispose, _wait_for_results
    from orbitdesk.gui.main_window import MainWindow
    from orbitdesk.model.presets import PRESETS

    edits, frames, play_s = (5, 5, 3.0) if quick else (20, 20, 6.0)
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(Settings(Path(tmp) / "bench.ini"))
        try:
            window.resize(1600, 1000)
            window.show()
            _wait_for_results(app, window)
            first, full = edit_latency(app, window, edits)
            print(f"edit -> one-orbit plots (default scenario, {edits} radiator edits, worker thread): "
                  f"median {statistics.median(first):.0f} ms, max {max(first):.0f} ms")
            print(f"edit -> mission-life plots and KPIs: median {statistics.median(full):.0f} ms, "
                  f"max {max(full):.0f} ms")
            recolour = globe_recolour_latency(app, window, edits)
            if recolour:
                print(f"edit -> globe colours (throttled or not, {len(recolour)} edits): "
                      f"median {statistics.median(recolour):.0f} ms, max {max(recolour):.0f} ms")
            w, h = window.globe.canvas.size
            turn, step = globe_frames(app, window.globe, frames)
            print(f"globe {w}×{h}, {window.globe.satellites.count:,} satellites: {turn:.0f} ms per "
                  f"redraw while turning ({1e3 / turn:.0f} fps), {step:.0f} ms per animation step")
            _print_animation("default scenario", globe_animation(app, window.globe, play_s))
            big = PRESETS["1,000,000-satellite Walker shell"]()
            window.globe.max_points = 100_000
            window.document.reset(big)
            _pump_until(app, lambda: window.kpis.results.scenario_name == big.name, 120.0)
            turn, step = globe_frames(app, window.globe, frames)
            print(f"globe {w}×{h}, {window.globe.satellites.count:,} of 1,000,000 satellites shown: "
                  f"{turn:.0f} ms per redraw while turning ({1e3 / turn:.0f} fps), "
                  f"{step:.0f} ms per animation step")
            _print_animation("100,000 of 1,000,000 shown", globe_animation(app, window.globe, play_s))
            _print_load()
            window.document.undo_stack.setClean()
            window.close()
        finally:
            _dispose(app, window)
    return 0
