"""The 3D globe: Earth lit by the real Sun, orbit rings, satellites and ground stations.

An adapter view (ARCHITECTURE.md convention 5): it reads the document's scenario and the runner's
first stage, and updates its existing visuals with ``set_data``; one model change is one redraw.
The scene is inertial (GCRS), in Earth radii; the Earth turns under the orbits with the displayed
time. Positions, light and rings (``core.snapshot.globe_frame``) are computed by the compute
runner's worker: the globe asks for a frame when the geometry or the time changes and draws the
newest one that arrives; while one is on its way the animation keeps the last frame and asks for
no other. Colours (light, throttle, the selected shell) are applied on the GUI thread.

Mouse: in place mode a click on the Earth emits ``placeRequested(lat, lon)`` and dragging the
selected placed satellite emits ``dragRequested(lat, lon, finished)``; otherwise a click on a
satellite selects its shell. The camera stays between ``camera.MIN_DISTANCE`` and
``MAX_DISTANCE``; ``reset_view`` (the Reset view button) brings back the opening view.
"""

from __future__ import annotations

import functools
import sys
import time
from collections import deque
from datetime import timedelta

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from vispy import scene
from vispy.visuals.transforms import MatrixTransform

from orbitdesk.app.crashlog import guarded
from orbitdesk.core.constants import R_EARTH_KM
from orbitdesk.core.orbits import geocentric_latitude_deg, geodetic_latitude_deg
from orbitdesk.core.snapshot import globe_frame
from orbitdesk.globe import coverage
from orbitdesk.globe.camera import GlobeCamera, in_front_of_earth
from orbitdesk.globe.texture import earth_image
from orbitdesk.globe.visuals import Earth, Points
from orbitdesk.model.scenario import PlacedSatellite

SUNLIT = (1.0, 0.86, 0.30, 1.0)
ECLIPSE = (0.45, 0.55, 0.85, 1.0)
THROTTLED = (1.0, 0.30, 0.20, 1.0)
RING = (0.55, 0.65, 0.80, 0.45)
RING_SELECTED = (0.30, 0.95, 1.0, 0.95)
STATION = (0.35, 1.0, 0.45, 1.0)
COVERAGE = (0.35, 1.0, 0.45, 0.45)  # a station's coverage circle
LINK = (0.75, 1.0, 0.80, 0.85)  # a link a station's antenna holds
COVERAGE_DEFAULT_ALTITUDE_KM = 550.0  # a TLE set's circles: its altitude is not one number
HIGHLIGHT = (0.30, 0.95, 1.0, 1.0)
THROTTLED_BELOW = 0.98  # a satellite whose payload runs below this is drawn as throttled

DAY_S = 86_400
SLIDER_STEP_S = 10
SPEEDS = (1, 10, 60, 300, 1000)  # simulated seconds per second
FRAME_MS = 40  # the timer's interval; the time advances by the wall time measured between ticks
MAX_TICK_S = 1.0  # a longer stall (a dialog, a busy GUI thread) is not made up: the achieved speed is shown
SPEED_WINDOW_S = 2.0  # the achieved speed is measured over this much wall time
PICK_PX = 6.0  # a click this close to a drawn satellite selects its shell
JOB = "globe"  # the runner's job kind


def legend_html() -> str:
    def dot(c, text):
        r, g, b = (int(255 * x) for x in c[:3])
        return f'<span style="color: rgb({r},{g},{b})">●</span> {text}'

    return " &nbsp; ".join([dot(SUNLIT, "sunlit"), dot(ECLIPSE, "eclipse"),
                            dot(THROTTLED, "throttled"), dot(STATION, "ground station")])


def _boundary(method):
    """A slot's boundary (ARCHITECTURE.md convention 15): an exception is reported through
    sys.excepthook (the crash log) and in the globe's status line, and goes no further into Qt."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as e:
            sys.excepthook(*sys.exc_info())
            self.status.setText(f"Globe: {type(e).__name__}: {e}")
            return None

    return guarded


def _native_holder(canvas: QWidget) -> QWidget:
    """The vispy canvas (a QOpenGLWidget) as a native child window, alone in a plain holder.

    As an ordinary (alien) child, a QOpenGLWidget makes Qt compose the whole top-level window
    through OpenGL on every repaint of any widget in it; with software OpenGL (Mesa llvmpipe, as
    on machines without a GPU) that added about 55 ms to each plot repaint after an edit (measured
    with `orbitdesk bench --gui`). A native child is flushed on its own and the rest of the window
    as plain raster. Qt also makes native every not-yet-created sibling of a native widget; the
    holder keeps those to none (the window then has two native windows, itself and the canvas)."""
    holder = QWidget()
    lay = QVBoxLayout(holder)
    lay.setContentsMargins(0, 0, 0, 0)
    canvas.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
    canvas.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
    lay.addWidget(canvas)
    return holder


class GlobeView(QWidget):
    placeRequested = Signal(float, float)  # geodetic latitude, longitude, deg
    dragRequested = Signal(float, float, bool)  # lat, lon, drag finished
    timeChanged = Signal(float)  # the displayed (drawn) time, seconds since the epoch

    def __init__(self, document, runner, max_points: int = 200_000, parent=None):
        super().__init__(parent)
        self._document, self._runner = document, runner
        self.max_points = max_points
        self._first = None  # EpochOrbits of the newest first stage
        self._frame = None  # the GlobeFrame drawn
        self._shown_colours = np.zeros((0, 4))  # the satellite colours on screen
        self._coloured_from = None  # _colour_inputs() at the last recolouring
        self._shown_ring_colours = np.zeros((0, 4))
        self._pending = 0  # id of the frame asked for and not arrived
        self._requested = None  # (geometry, time, point budget) of the newest frame asked for
        self._t_s = 0.0  # the wanted time (the slider); the drawn one is self._frame.snapshot.t_s
        self.place_mode = False
        self._dragging = False
        self._press_at = np.zeros(2)
        self.redraws = 0  # model changes drawn (tests: one change, one redraw)
        self.clock_s = time.perf_counter  # the wall clock of the animation (tests replace it)
        self._last_tick = 0.0
        self._played = deque()  # (wall s, simulated s advanced) while playing
        self._advanced = 0.0

        self.canvas = scene.SceneCanvas(keys=None, bgcolor="#03050b", show=False)
        self.view = self.canvas.central_widget.add_view()
        self.view.camera = GlobeCamera()
        self.earth = Earth(earth_image(), parent=self.view.scene)
        self.earth.transform = MatrixTransform()
        self.rings = scene.visuals.Line(parent=self.view.scene, connect="segments", width=1.0)
        self.rings.set_gl_state("translucent", depth_test=True)
        self.rings.visible = False
        self.satellites = Points(size=4.0, parent=self.view.scene)
        self.highlight = Points(size=16.0, ring=True, parent=self.view.scene)
        self.stations = Points(size=9.0, parent=self.view.scene)
        # the stations' coverage circles (for the selected shell's altitude) and the links their
        # antennas hold at the displayed time
        # the circles are Earth-fixed: they turn with the Earth's transform and are rebuilt only
        # when the stations or the shell's altitude change, not every animation frame
        self.coverage = scene.visuals.Line(parent=self.view.scene, connect="segments", width=1.0)
        self.coverage.set_gl_state("translucent", depth_test=True)
        self.coverage.transform = self.earth.transform
        self.coverage.visible = False
        self._coverage_key = None
        self.links = scene.visuals.Line(parent=self.view.scene, connect="segments", width=1.0)
        self.links.set_gl_state("translucent", depth_test=True)
        self.links.visible = False
        self.link_pairs: list[tuple[int, int]] = []  # (station, shown satellite) drawn
        self.canvas.events.mouse_press.connect(self._on_press)
        self.canvas.events.mouse_move.connect(self._on_move)
        self.canvas.events.mouse_release.connect(self._on_release)

        self.play = QToolButton(text="▶")
        self.play.setCheckable(True)
        self.play.setToolTip("Play / pause the constellation (Space)")
        self.play.toggled.connect(self._on_play)
        self.slider = QSlider()
        self.slider.setOrientation(self.slider.orientation().Horizontal)
        self.slider.setRange(0, DAY_S // SLIDER_STEP_S)
        self.slider.setToolTip("Displayed time, from the epoch to one day later")
        self.slider.valueChanged.connect(lambda v: self.set_time(v * SLIDER_STEP_S))
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(60))
        self.speed.setToolTip("Animation speed: simulated seconds per second")
        self.home_button = QToolButton(text="Reset view")
        self.home_button.setToolTip("Reset the view: the opening distance and direction")
        self.home_button.clicked.connect(self.reset_view)
        self.clock = QLabel()
        self.achieved = QLabel()
        self.achieved.setToolTip("The speed the animation reaches on this machine, over the last "
                                 f"{SPEED_WINDOW_S:.0f} s (shown when it falls short of the chosen one)")
        self.status = QLabel()
        legend = QLabel(legend_html())
        bar = QHBoxLayout()
        for w in (self.play, self.slider, self.speed, self.achieved, self.clock, self.home_button):
            bar.addWidget(w)
        info = QHBoxLayout()
        info.addWidget(legend)
        info.addStretch(1)
        info.addWidget(self.status)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_native_holder(self.canvas.native), 1)
        lay.addLayout(bar)
        lay.addLayout(info)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)

        document.changed.connect(self._on_changed)
        document.selectionChanged.connect(self._on_selection)
        runner.firstStage.connect(self._on_first_stage)
        runner.done.connect(self._on_done)
        runner.jobFailed.connect(self._on_job_failed)
        self._request()

    @guarded("closing the globe")
    def closeEvent(self, event):
        self._timer.stop()
        self._document.changed.disconnect(self._on_changed)
        self._document.selectionChanged.disconnect(self._on_selection)
        self._runner.firstStage.disconnect(self._on_first_stage)
        self._runner.done.disconnect(self._on_done)
        self._runner.jobFailed.disconnect(self._on_job_failed)
        super().closeEvent(event)

    # --- model -> view -----------------------------------------------------------------------
    @property
    def _snap(self):
        """The snapshot drawn (None until the first frame arrives)."""
        return self._frame.snapshot if self._frame is not None else None

    @staticmethod
    def _geometry_key(scenario):
        return scenario.epoch, scenario.shells, scenario.ground_stations

    def _drawn_matches(self, scenario) -> bool:
        return self._frame is not None and self._geometry_key(self._frame.scenario) == self._geometry_key(scenario)

    @_boundary
    def _on_changed(self, scenario) -> None:
        if self._drawn_matches(scenario):
            # a design edit: same positions and light; the colours keep the last throttle until
            # this scenario's first stage recolours them (no flicker, no extra frame); the shell
            # the views show may have moved (a design renamed): repaint only if a colour changed
            if self._recolour():
                self.canvas.update()
        else:
            self._request()
        self.redraws += 1

    @_boundary
    def _on_first_stage(self, _rid, first) -> None:
        if first.scenario is not self._document.scenario:
            return
        self._first = first
        if self._drawn_matches(first.scenario) and self._recolour():  # else the frame on its way
            self.canvas.update()  # is coloured with it, or nothing changed colour
    @_boundary
    def _on_selection(self, _section, _index) -> None:
        # highlight only (the shell the views show may move with any selection): no new frame
        if self._frame is not None:
            self._colour_satellites()
            self._colour_rings()
            self.canvas.update()

    def refresh(self) -> None:
        """Redraw everything (after a preference such as the point budget changed)."""
        self._request()

    @property
    def t_s(self) -> float:
        """The displayed time wanted (the slider's); the frame on screen follows when it arrives."""
        return self._t_s

    def set_time(self, t_s: float) -> None:
        self._set_time(t_s, tick=False)

    def _set_time(self, t_s: float, tick: bool) -> None:
        t_s = float(t_s) % DAY_S
        if t_s == self._t_s:
            return
        self._t_s = t_s
        self.slider.blockSignals(True)
        self.slider.setValue(int(t_s // SLIDER_STEP_S))
        self.slider.blockSignals(False)
        if not (tick and self._pending):  # an animation tick waits for the frame on its way
            self._request()

    def _request(self) -> None:
        """Ask the worker for the frame of the document's scenario at the wanted time (it replaces
        any frame asked for and not started), unless that very frame is already on its way."""
        scenario = self._document.scenario
        wanted = (self._geometry_key(scenario), self._t_s, self.max_points)
        if self._pending and wanted == self._requested:
            return
        self._requested = wanted
        self._pending = -1  # set before submit: a synchronous runner delivers inside the call
        rid = self._runner.submit(JOB, globe_frame, scenario, self._t_s, self.max_points)
        if self._pending == -1:
            self._pending = rid

    @_boundary
    def _on_done(self, kind: str, rid: int, frame) -> None:
        if kind != JOB or rid < self._pending:
            return
        self._pending = 0
        scenario = self._document.scenario
        if self._geometry_key(frame.scenario) != self._geometry_key(scenario):
            self._request()  # stale: the document moved on
            return
        self._draw(frame)
        if frame.snapshot.t_s != self._t_s:
            self._request()  # the animation went on while this frame was computed

    @_boundary
    def _on_job_failed(self, kind: str, rid: int, message: str) -> None:
        if kind != JOB or rid < self._pending:
            return
        self._pending = 0
        self.play.setChecked(False)  # each frame would fail again: no log line 25 times a second
        self.status.setText(f"Globe: cannot compute the positions: {message} (the last frame is shown)")

    def _draw(self, frame) -> None:
        """Everything that depends on the scenario and the displayed time, then one update."""
        self._frame = frame
        snap, scenario = frame.snapshot, frame.scenario
        R = snap.gcrs_to_itrs
        m = np.eye(4)
        m[:3, :3] = R  # row vectors: r_gcrs = r_itrs · R
        self.earth.transform.matrix = m
        self.earth.set_sun(R @ (snap.sun_km / np.linalg.norm(snap.sun_km)))
        self._colour_satellites()
        rings = frame.rings
        self.rings.visible = bool(len(rings.segments))
        if self.rings.visible:
            self.rings.set_data(pos=rings.vertices, color=self._ring_colours(), connect=rings.segments)
        self._draw_stations(scenario, R)
        when = scenario.epoch + timedelta(seconds=snap.t_s)
        self.clock.setText(when.strftime("%Y-%m-%d %H:%M:%S UTC"))
        shown, total = sum(snap.shown), sum(snap.total)
        self.status.setText(f"{total:,} satellites" if shown == total
                            else f"{shown:,} of {total:,} satellites shown (evenly thinned)")
        self.canvas.update()
        self.timeChanged.emit(snap.t_s)

    def _throttle_applies(self) -> bool:
        """The first stage describes the drawn frame's shells (same geometry): its throttle can
        colour them (a design edit keeps the last one until the new one comes)."""
        return self._first is not None and self._drawn_matches(self._first.scenario)

    def satellite_colours(self) -> np.ndarray:
        snap = self._snap
        colours = np.where(snap.sunlit[:, None], np.array(SUNLIT), np.array(ECLIPSE))
        if self._throttle_applies():
            throttled = np.zeros(snap.shell.size, bool)
            for i, tl in enumerate(self._first.orbits):
                mine = snap.shell == i
                if not mine.any():
                    continue
                dt = tl.time_s[1] - tl.time_s[0]
                k = np.round(snap.phase_s[mine] / dt).astype(int) % tl.time_s.size
                throttled[mine] = tl.throttle[snap.plane[mine], k] < THROTTLED_BELOW
            colours[throttled] = THROTTLED
        if len(self._frame.scenario.shells) > 1:
            colours[snap.shell != self._document.selected_shell(), :3] *= 0.55  # it stands out
        return colours

    def _colour_satellites(self, colours: np.ndarray | None = None) -> None:
        snap = self._snap
        n = max(snap.shell.size, 1)  # dense clouds get smaller points, so the Earth shows
        self.satellites.set_size(float(np.clip(4.0 * np.sqrt(5000.0 / n), 1.5, 4.0)))
        self._shown_colours = self.satellite_colours() if colours is None else colours
        self.satellites.set_data((snap.positions_km / R_EARTH_KM).T, self._shown_colours)
        i = self.selected_placed_index()
        mine = np.flatnonzero(snap.shell == i) if i is not None else np.zeros(0, int)
        self.highlight.set_data((snap.positions_km[:, mine] / R_EARTH_KM).T, np.tile(HIGHLIGHT, (mine.size, 1)))

    def _ring_colours(self) -> np.ndarray:
        selected = self._frame.rings.shell == self._document.selected_shell()
        return np.where(selected[:, None], np.array(RING_SELECTED, np.float32),
                        np.array(RING, np.float32)).astype(np.float32)

    def _colour_rings(self) -> None:
        if self.rings.visible:
            self._shown_ring_colours = self._ring_colours()
            self.rings.set_data(color=self._shown_ring_colours)

    def _colour_inputs(self) -> tuple:
        """What the colours are computed from: the frame, the first stage (its throttle), the
        shell shown and the placed satellite selected."""
        return (self._frame, self._first, self._document.selected_shell(), self.selected_placed_index())

    def _recolour(self) -> bool:
        """Recolour what changed colour (satellites: throttle, highlight; rings: the shown shell);
        True if anything did. An edit that moves no satellite across the throttle line and no
        highlight costs no globe repaint, which keeps the GUI thread free for the plots; a design
        edit before its first stage has arrived (nothing the colours come from has changed) costs
        no colouring either."""
        inputs = self._colour_inputs()
        last = self._coloured_from
        if last is not None and inputs[0] is last[0] and inputs[1] is last[1] and inputs[2:] == last[2:]:
            return False
        self._coloured_from = inputs
        changed = False
        colours = self.satellite_colours()
        if not np.array_equal(colours, self._shown_colours):
            self._colour_satellites(colours)
            changed = True
        if self.rings.visible and not np.array_equal(self._ring_colours(), self._shown_ring_colours):
            self._colour_rings()
            changed = True
        return changed

    def _draw_stations(self, scenario, R) -> None:
        gs = scenario.ground_stations
        if not gs:
            self.stations.set_data(np.zeros((0, 3)), np.zeros((0, 4)))
            self.coverage.visible = self.links.visible = False
            self.link_pairs = []
            return
        lat = np.radians(geocentric_latitude_deg(np.array([g.latitude_deg for g in gs])))
        lon = np.radians(np.array([g.longitude_deg for g in gs]))
        itrs = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]) * 1.004
        self.stations.set_data((R.T @ itrs).T, np.tile(STATION, (len(gs), 1)))
        self._draw_coverage(scenario, itrs / 1.004, R.T @ (itrs / 1.004))

    def _draw_coverage(self, scenario, itrs: np.ndarray, stations: np.ndarray) -> None:
        """Coverage circles (Earth-fixed, from the stations' unit vectors ``itrs``) and the
        antennas' links (``stations``: the same in the scene frame)."""
        gs = scenario.ground_stations
        shell = scenario.shells[min(self._document.selected_shell(), len(scenario.shells) - 1)]
        altitude = getattr(shell, "altitude_km", COVERAGE_DEFAULT_ALTITUDE_KM)
        key = (tuple((g.latitude_deg, g.longitude_deg, g.min_elevation_deg) for g in gs), altitude)
        if key != self._coverage_key:
            self._coverage_key = key
            n = coverage.CIRCLE_POINTS
            rings = [coverage.circle(itrs[:, g], coverage.coverage_half_angle_rad(altitude, st.min_elevation_deg))
                     for g, st in enumerate(gs)]
            ring = np.stack([np.arange(n), (np.arange(n) + 1) % n], axis=1)
            self.coverage.set_data(pos=np.vstack(rings).astype(np.float32),
                                   color=np.tile(COVERAGE, (len(rings) * n, 1)).astype(np.float32),
                                   connect=np.vstack([ring + g * n for g in range(len(rings))]).astype(np.uint32))
        self.coverage.visible = True
        sats = self._snap.positions_km / R_EARTH_KM
        self.link_pairs = coverage.links(stations * coverage.GROUND_LIFT, sats, [g.min_elevation_deg for g in gs],
                                         [g.antennas for g in gs])
        self.links.visible = bool(self.link_pairs)
        if self.links.visible:
            pos = np.vstack([np.stack([stations[:, g] * coverage.GROUND_LIFT, sats[:, k]])
                             for g, k in self.link_pairs])
            self.links.set_data(pos=pos.astype(np.float32), color=np.tile(LINK, (len(pos), 1)).astype(np.float32),
                                connect=np.arange(len(pos)).reshape(-1, 2).astype(np.uint32))

    # --- camera ------------------------------------------------------------------------------
    def reset_view(self) -> None:
        """The opening view: distance, direction and centre (the Reset view button)."""
        self.view.camera.home()

    # --- animation ---------------------------------------------------------------------------
    @_boundary
    def _on_play(self, playing: bool) -> None:
        self.play.setText("⏸" if playing else "▶")
        self._played.clear()
        self.achieved.setText("")
        if playing:
            self._last_tick = self.clock_s()
            self._played.append((self._last_tick, self._advanced))
            self._timer.start()
        else:
            self._timer.stop()

    @_boundary
    def _tick(self) -> None:
        """Advance by the chosen speed times the wall time since the last tick (the timer's
        interval is not met when the frames take longer)."""
        now = self.clock_s()
        step = self.speed.currentData() * min(max(now - self._last_tick, 0.0), MAX_TICK_S)
        self._last_tick = now
        self._advanced += step
        self._played.append((now, self._advanced))
        while len(self._played) > 2 and now - self._played[1][0] >= SPEED_WINDOW_S:
            self._played.popleft()
        self._show_achieved()
        self._set_time(self._t_s + step, tick=True)

    def achieved_speed(self) -> float | None:
        """Simulated seconds per wall second over the last ``SPEED_WINDOW_S`` of play (None before
        there is a measure)."""
        if len(self._played) < 2:
            return None
        (w0, a0), (w1, a1) = self._played[0], self._played[-1]
        return (a1 - a0) / (w1 - w0) if w1 > w0 else None

    def _show_achieved(self) -> None:
        speed, chosen = self.achieved_speed(), self.speed.currentData()
        short = (speed is not None and self._played[-1][0] - self._played[0][0] >= 0.5 * SPEED_WINDOW_S
                 and speed < 0.95 * chosen)
        self.achieved.setText(f"achieved {speed:.0f}×" if short else "")

    # --- picking -----------------------------------------------------------------------------
    def pick(self, x: float, y: float) -> tuple[float, float] | None:
        """(geodetic latitude, longitude) in degrees under canvas pixel (x, y), or None off the Earth."""
        if self._snap is None:
            return None
        tr = self.canvas.scene.node_transform(self.view.scene)
        a = tr.map([x, y, -1.0, 1.0])
        b = tr.map([x, y, 1.0, 1.0])
        a, b = a[:3] / a[3], b[:3] / b[3]
        d = b - a
        d /= np.linalg.norm(d)
        # |a + s d| = 1: s² + 2 (a·d) s + |a|² − 1 = 0; the smaller root faces the camera
        ad, disc = float(a @ d), float(a @ d) ** 2 - float(a @ a) + 1.0
        if disc < 0:
            return None
        roots = (-ad - np.sqrt(disc), -ad + np.sqrt(disc))
        eye = self.view.camera.eye()
        hit = min((a + s * d for s in roots), key=lambda p: np.linalg.norm(p - eye))
        itrs = self._snap.gcrs_to_itrs @ hit
        lat_c = np.degrees(np.arcsin(np.clip(itrs[2], -1.0, 1.0)))
        lon = np.degrees(np.arctan2(itrs[1], itrs[0]))
        return float(geodetic_latitude_deg(lat_c)), float(lon)

    def screen_positions(self, gcrs_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Canvas pixels (N, 2) of points (3, N) in GCRS km, and (N,) whether each is ahead of the
        camera (a point behind it has no meaningful pixel)."""
        tr = self.view.scene.node_transform(self.canvas.scene)
        # every transform in the chain is linear in homogeneous coordinates: one 4×4 matrix whose
        # rows are the images of the basis (100× faster than mapping 200,000 points through it)
        m = np.asarray(tr.map(np.eye(4)), float)
        p = np.vstack([np.asarray(gcrs_km, float) / R_EARTH_KM, np.ones(gcrs_km.shape[1])]).T @ m
        with np.errstate(divide="ignore", invalid="ignore"):
            return p[:, :2] / p[:, 3:4], p[:, 3] > 0

    def screen_position(self, gcrs_km: np.ndarray) -> np.ndarray:
        """Canvas pixel (x, y) of a point given in GCRS km."""
        return self.screen_positions(np.asarray(gcrs_km, float).reshape(3, 1))[0][0]

    def satellite_at(self, x: float, y: float, radius_px: float = PICK_PX) -> int | None:
        """The shell of the drawn satellite nearest canvas pixel (x, y) within ``radius_px`` and not
        hidden by the Earth, or None."""
        snap = self._snap
        if snap is None or snap.shell.size == 0:
            return None
        xy, ahead = self.screen_positions(snap.positions_km)
        with np.errstate(invalid="ignore"):
            dist = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
        near = np.flatnonzero(ahead & (dist <= radius_px))
        if near.size:
            near = near[in_front_of_earth(snap.positions_km[:, near].T / R_EARTH_KM, self.view.camera.eye())]
        if not near.size:
            return None
        return int(snap.shell[near[np.argmin(dist[near])]])

    def selected_placed_index(self) -> int | None:
        """The shell the views show, if it is a placed satellite drawn in this frame."""
        if self._frame is None:
            return None
        i = self._document.selected_shell()
        shells = self._frame.scenario.shells
        return i if i < len(shells) and isinstance(shells[i], PlacedSatellite) else None

    @_boundary
    def _on_press(self, event) -> None:
        self._press_at = np.array(event.pos[:2], float)
        if not self.place_mode or event.button != 1 or self._snap is None:
            return
        i = self.selected_placed_index()
        if i is not None:
            mine = np.flatnonzero(self._snap.shell == i)
            if mine.size and np.linalg.norm(self.screen_position(
                    self._snap.positions_km[:, mine[0]]) - self._press_at) < 12:
                self._dragging = True
                self.view.camera.interactive = False  # the drag moves the satellite, not the view

    @_boundary
    def _on_move(self, event) -> None:
        if self._dragging and event.is_dragging:
            hit = self.pick(*event.pos[:2])
            if hit is not None:
                self.dragRequested.emit(hit[0], hit[1], False)

    @_boundary
    def _on_release(self, event) -> None:
        if self._dragging:
            self._dragging = False
            self.view.camera.interactive = True
            hit = self.pick(*event.pos[:2])
            lat, lon = hit if hit is not None else (float("nan"), float("nan"))
            self.dragRequested.emit(lat, lon, True)
            return
        moved = np.linalg.norm(np.array(event.pos[:2], float) - self._press_at)
        if event.button != 1 or moved >= 4:  # a turn of the globe, not a click
            return
        if self.place_mode:
            hit = self.pick(*event.pos[:2])
            if hit is not None:
                self.placeRequested.emit(*hit)
        elif self._drawn_matches(self._document.scenario):  # not a frame the document has left
            shell = self.satellite_at(*event.pos[:2])
            if shell is not None:
                self._document.select("shells", shell)
