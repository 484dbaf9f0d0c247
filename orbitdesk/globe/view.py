"""The 3D globe: Earth lit by the real Sun, orbit rings, satellites and ground stations.

An adapter view (ARCHITECTURE.md convention 5): it reads the document's scenario and the runner's
first stage, and updates its existing visuals with ``set_data``; one model change is one redraw.
The scene is inertial (GCRS), in Earth radii; the Earth turns under the orbits with the displayed
time. In place mode a click on the Earth emits ``placeRequested(lat, lon)``; dragging the selected
placed satellite emits ``dragRequested(lat, lon, finished)``.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QToolButton, QVBoxLayout, QWidget
from vispy import scene
from vispy.visuals.transforms import MatrixTransform

from orbitdesk.core.constants import R_EARTH_KM
from orbitdesk.core.orbits import geocentric_latitude_deg, geodetic_latitude_deg
from orbitdesk.core.snapshot import orbit_rings, snapshot
from orbitdesk.globe.texture import earth_image
from orbitdesk.globe.visuals import Earth, Points
from orbitdesk.model.scenario import PlacedSatellite

SUNLIT = (1.0, 0.86, 0.30, 1.0)
ECLIPSE = (0.45, 0.55, 0.85, 1.0)
THROTTLED = (1.0, 0.30, 0.20, 1.0)
RING = (0.55, 0.65, 0.80, 0.45)
RING_SELECTED = (0.30, 0.95, 1.0, 0.95)
STATION = (0.35, 1.0, 0.45, 1.0)
THROTTLED_BELOW = 0.98  # a satellite whose payload runs below this is drawn as throttled

DAY_S = 86_400
SLIDER_STEP_S = 10
SPEEDS = (1, 10, 60, 300, 1000)  # simulated seconds per second
FRAME_MS = 40


def legend_html() -> str:
    def dot(c, text):
        r, g, b = (int(255 * x) for x in c[:3])
        return f'<span style="color: rgb({r},{g},{b})">●</span> {text}'

    return " &nbsp; ".join([dot(SUNLIT, "sunlit"), dot(ECLIPSE, "eclipse"),
                            dot(THROTTLED, "throttled"), dot(STATION, "ground station")])


class GlobeView(QWidget):
    placeRequested = Signal(float, float)  # geodetic latitude, longitude, deg
    dragRequested = Signal(float, float, bool)  # lat, lon, drag finished
    timeChanged = Signal(float)  # seconds since the epoch

    def __init__(self, document, runner, max_points: int = 200_000, parent=None):
        super().__init__(parent)
        self._document, self._runner = document, runner
        self.max_points = max_points
        self._first = None  # EpochOrbits of the current scenario
        self._snap = None
        self._drawn_key = None
        self._t_s = 0.0
        self.place_mode = False
        self._dragging = False
        self._press_at = np.zeros(2)
        self.redraws = 0  # model changes drawn (tests: one change, one redraw)

        self.canvas = scene.SceneCanvas(keys=None, bgcolor="#03050b", show=False)
        self.view = self.canvas.central_widget.add_view()
        self.view.camera = scene.cameras.TurntableCamera(fov=30.0, distance=5.2, elevation=25.0,
                                                         azimuth=55.0, center=(0.0, 0.0, 0.0))
        self.earth = Earth(earth_image(), parent=self.view.scene)
        self.earth.transform = MatrixTransform()
        self.rings = scene.visuals.Line(parent=self.view.scene, connect="segments", width=1.0)
        self.rings.set_gl_state("translucent", depth_test=True)
        self.satellites = Points(size=4.0, parent=self.view.scene)
        self.stations = Points(size=9.0, parent=self.view.scene)
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
        self.clock = QLabel()
        self.status = QLabel()
        legend = QLabel(legend_html())
        bar = QHBoxLayout()
        for w in (self.play, self.slider, self.speed, self.clock):
            bar.addWidget(w)
        info = QHBoxLayout()
        info.addWidget(legend)
        info.addStretch(1)
        info.addWidget(self.status)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas.native, 1)
        lay.addLayout(bar)
        lay.addLayout(info)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)

        document.changed.connect(self._on_changed)
        document.selectionChanged.connect(self._on_selection)
        runner.firstStage.connect(self._on_first_stage)
        self._on_changed(document.scenario)

    def closeEvent(self, event):
        self._timer.stop()
        self._document.changed.disconnect(self._on_changed)
        self._document.selectionChanged.disconnect(self._on_selection)
        self._runner.firstStage.disconnect(self._on_first_stage)
        super().closeEvent(event)

    # --- model -> view -----------------------------------------------------------------------
    def _on_changed(self, scenario) -> None:
        if self._geometry_key(scenario) != self._drawn_key:
            if self._first is not None and self._first.scenario is not scenario:
                self._first = None  # the throttle colours wait for this scenario's first stage
            self._rebuild(scenario)
        # else a design edit: same positions and light; the colours keep the last throttle
        # until this scenario's first stage recolours them (no flicker, no extra frame)
        self.redraws += 1

    @staticmethod
    def _geometry_key(scenario):
        return scenario.epoch, scenario.shells, scenario.ground_stations

    def _on_first_stage(self, _rid, first) -> None:
        if first.scenario is not self._document.scenario:
            return
        self._first = first
        if self._geometry_key(first.scenario) == self._drawn_key:  # else _on_changed draws it
            self._colour_satellites()
            self.canvas.update()

    def _on_selection(self, section, _index) -> None:
        if section == "shells":  # highlight only: the positions and light stay
            self._colour_satellites()
            self._draw_rings(self._document.scenario)
            self.canvas.update()

    def refresh(self) -> None:
        """Redraw everything (after a preference such as the point budget changed)."""
        self._rebuild(self._document.scenario)

    @property
    def t_s(self) -> float:
        return self._t_s

    def set_time(self, t_s: float) -> None:
        t_s = float(t_s) % DAY_S
        if t_s == self._t_s:
            return
        self._t_s = t_s
        self.slider.blockSignals(True)
        self.slider.setValue(int(t_s // SLIDER_STEP_S))
        self.slider.blockSignals(False)
        self._rebuild(self._document.scenario)
        self.timeChanged.emit(t_s)

    def _rebuild(self, scenario) -> None:
        """Everything that depends on the scenario and the displayed time, then one update."""
        snap = snapshot(scenario, self._t_s, self.max_points)
        self._snap = snap
        self._drawn_key = self._geometry_key(scenario)
        R = snap.gcrs_to_itrs
        m = np.eye(4)
        m[:3, :3] = R  # row vectors: r_gcrs = r_itrs · R
        self.earth.transform.matrix = m
        self.earth.set_sun(R @ (snap.sun_km / np.linalg.norm(snap.sun_km)))
        self._colour_satellites()
        self._draw_rings(scenario)
        self._draw_stations(scenario, R)
        when = scenario.epoch + timedelta(seconds=self._t_s)
        self.clock.setText(when.strftime("%Y-%m-%d %H:%M:%S UTC"))
        shown, total = sum(snap.shown), sum(snap.total)
        self.status.setText(f"{total:,} satellites" if shown == total
                            else f"{shown:,} of {total:,} satellites shown (evenly thinned)")
        self.canvas.update()

    def satellite_colours(self) -> np.ndarray:
        snap = self._snap
        colours = np.where(snap.sunlit[:, None], np.array(SUNLIT), np.array(ECLIPSE))
        if self._first is not None:
            throttled = np.zeros(snap.shell.size, bool)
            for i, tl in enumerate(self._first.orbits):
                mine = snap.shell == i
                if not mine.any():
                    continue
                dt = tl.time_s[1] - tl.time_s[0]
                k = np.round(snap.phase_s[mine] / dt).astype(int) % tl.time_s.size
                throttled[mine] = tl.throttle[snap.plane[mine], k] < THROTTLED_BELOW
            colours[throttled] = THROTTLED
        section, index = self._document.selection
        if section == "shells" and len(self._document.scenario.shells) > 1:
            colours[snap.shell != index, :3] *= 0.55  # the selected shell stands out
        return colours

    def _colour_satellites(self) -> None:
        n = max(self._snap.shell.size, 1)  # dense clouds get smaller points, so the Earth shows
        self.satellites.set_size(float(np.clip(4.0 * np.sqrt(5000.0 / n), 1.5, 4.0)))
        self.satellites.set_data((self._snap.positions_km / R_EARTH_KM).T, self.satellite_colours())

    def _draw_rings(self, scenario) -> None:
        rings = orbit_rings(scenario, self._t_s)
        section, index = self._document.selection
        pos, colours, segs, start = [], [], [], 0
        for i, r in enumerate(rings):
            planes, n = r.shape[1], r.shape[2]
            pts = np.moveaxis(r, 0, -1).reshape(-1, 3) / R_EARTH_KM
            idx = np.arange(planes * n).reshape(planes, n)
            segs.append(np.stack([idx[:, :-1], idx[:, 1:]], axis=-1).reshape(-1, 2) + start)
            selected = section == "shells" and index == i
            colours.append(np.tile(RING_SELECTED if selected else RING, (len(pts), 1)))
            pos.append(pts)
            start += len(pts)
        self.rings.set_data(pos=np.concatenate(pos).astype(np.float32),
                            color=np.concatenate(colours).astype(np.float32),
                            connect=np.concatenate(segs))

    def _draw_stations(self, scenario, R) -> None:
        gs = scenario.ground_stations
        if not gs:
            self.stations.set_data(np.zeros((0, 3)), np.zeros((0, 4)))
            return
        lat = np.radians(geocentric_latitude_deg(np.array([g.latitude_deg for g in gs])))
        lon = np.radians(np.array([g.longitude_deg for g in gs]))
        itrs = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]) * 1.004
        self.stations.set_data((R.T @ itrs).T, np.tile(STATION, (len(gs), 1)))

    # --- animation ---------------------------------------------------------------------------
    def _on_play(self, playing: bool) -> None:
        self.play.setText("⏸" if playing else "▶")
        if playing:
            self._timer.start()
        else:
            self._timer.stop()

    def _tick(self) -> None:
        self.set_time(self._t_s + self.speed.currentData() * FRAME_MS / 1000.0)

    # --- picking -----------------------------------------------------------------------------
    def pick(self, x: float, y: float) -> tuple[float, float] | None:
        """(geodetic latitude, longitude) in degrees under canvas pixel (x, y), or None off the Earth."""
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
        eye = self._eye()
        hit = min((a + s * d for s in roots), key=lambda p: np.linalg.norm(p - eye))
        itrs = self._snap.gcrs_to_itrs @ hit
        lat_c = np.degrees(np.arcsin(np.clip(itrs[2], -1.0, 1.0)))
        lon = np.degrees(np.arctan2(itrs[1], itrs[0]))
        return float(geodetic_latitude_deg(lat_c)), float(lon)

    def _eye(self) -> np.ndarray:
        cam = self.view.camera
        el, az = np.radians(cam.elevation), np.radians(cam.azimuth)
        # vispy's turntable: the eye sits at distance along (sin az · cos el, −cos az · cos el, sin el)
        return np.array(cam.center) + cam.distance * np.array(
            [np.sin(az) * np.cos(el), -np.cos(az) * np.cos(el), np.sin(el)])

    def screen_position(self, gcrs_km: np.ndarray) -> np.ndarray:
        """Canvas pixel (x, y) of a point given in GCRS km."""
        tr = self.view.scene.node_transform(self.canvas.scene)
        p = tr.map(np.append(np.asarray(gcrs_km) / R_EARTH_KM, 1.0))
        return p[:2] / p[3]

    def _selected_placed_index(self) -> int | None:
        section, index = self._document.selection
        shells = self._document.scenario.shells
        if section == "shells" and 0 <= index < len(shells) and isinstance(shells[index], PlacedSatellite):
            return index
        return None

    def _on_press(self, event) -> None:
        self._press_at = np.array(event.pos[:2], float)
        if not self.place_mode or event.button != 1:
            return
        i = self._selected_placed_index()
        if i is not None:
            mine = np.flatnonzero(self._snap.shell == i)
            if mine.size and np.linalg.norm(self.screen_position(
                    self._snap.positions_km[:, mine[0]]) - self._press_at) < 12:
                self._dragging = True
                self.view.camera.interactive = False  # the drag moves the satellite, not the view

    def _on_move(self, event) -> None:
        if self._dragging and event.is_dragging:
            hit = self.pick(*event.pos[:2])
            if hit is not None:
                self.dragRequested.emit(hit[0], hit[1], False)

    def _on_release(self, event) -> None:
        if self._dragging:
            self._dragging = False
            self.view.camera.interactive = True
            hit = self.pick(*event.pos[:2])
            lat, lon = hit if hit is not None else (float("nan"), float("nan"))
            self.dragRequested.emit(lat, lon, True)
            return
        moved = np.linalg.norm(np.array(event.pos[:2], float) - self._press_at)
        if self.place_mode and event.button == 1 and moved < 4:  # a click, not a turn of the globe
            hit = self.pick(*event.pos[:2])
            if hit is not None:
                self.placeRequested.emit(*hit)
