"""The main window: the globe in the middle, docks for the tree, the editors, the plots and KPIs.

It wires the document, the compute runner and the views together; the file actions and the
questions they ask are in ``document_files.DocumentFiles``, mixed in.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from orbitdesk.__about__ import __title__, __version__
from orbitdesk.app import placing
from orbitdesk.app.autosave import Autosaver
from orbitdesk.app.crashlog import guarded
from orbitdesk.app.document import ScenarioDocument
from orbitdesk.app.runner import ComputeRunner
from orbitdesk.app.settings import (
    AUTOSAVE_INTERVAL_S,
    MAX_POINTS_SHOWN,
    PLAY_SPEED,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    Settings,
)
from orbitdesk.globe.view import GlobeView
from orbitdesk.gui.document_files import DocumentFiles, describe
from orbitdesk.gui.export_actions import ExportActions
from orbitdesk.gui.handover_actions import HandoverActions
from orbitdesk.gui.panels import EditorPanels
from orbitdesk.gui.problem_bar import ProblemBar
from orbitdesk.gui.study_dock import StudyDock
from orbitdesk.gui.tree import ScenarioTree
from orbitdesk.gui.warnings_strip import WarningsStrip
from orbitdesk.model.defaults import STATION_NETWORKS, station_network
from orbitdesk.model.edit import parse_path, with_value
from orbitdesk.model.presets import PRESETS
from orbitdesk.model.scenario import Scenario
from orbitdesk.plots import style
from orbitdesk.plots.calendar_plots import CalendarPlots
from orbitdesk.plots.data_plot import DataPlot
from orbitdesk.plots.kpi_table import KpiTable
from orbitdesk.plots.orbit_plots import OrbitPlots
from orbitdesk.plots.season_plots import SeasonPlots
from orbitdesk.plots.waterfall_plot import WaterfallPlot

ORBIT_DOCK_MIN_W = 500  # two plot columns of at least 240 px
LIFE_DOCK_MIN_H = 200  # the mission-life plots keep at least 120 px of plot height
STUDY_FILTER = "Trade studies (*.study.json);;All files (*)"


class MainWindow(DocumentFiles, QMainWindow):
    def __init__(self, settings: Settings, runner: ComputeRunner | None = None, scenario=None):
        super().__init__()
        style.configure()
        self.settings = settings
        self.document = ScenarioDocument(scenario)
        self.runner = runner or ComputeRunner(self)
        self._edit_started = time.perf_counter()
        self.latency_ms = {"first": None, "full": None}  # edit -> plots redrawn, last edit
        # connected before any view: the worker starts while the views update
        self.document.changed.connect(self._on_document_changed)

        self.globe = GlobeView(self.document, self.runner, settings.get(MAX_POINTS_SHOWN))
        speed = self.globe.speed.findData(int(settings.get(PLAY_SPEED)))
        if speed >= 0:
            self.globe.speed.setCurrentIndex(speed)
        self.globe.speed.currentIndexChanged.connect(
            lambda _i: settings.set(PLAY_SPEED, float(self.globe.speed.currentData())))
        self.warnings_strip = WarningsStrip()
        self.warnings_strip.fieldRequested.connect(self.show_field)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(2)
        central_layout.addWidget(self.globe, 1)
        central_layout.addWidget(self.warnings_strip)
        self.setCentralWidget(central)
        self.tree = ScenarioTree(self.document)
        self.editors = EditorPanels(self.document)
        self.orbit_plots = OrbitPlots(self.document, self.runner)
        self.calendar_plots = CalendarPlots(self.runner)
        self.kpis = KpiTable(self.runner)
        self.season_plots = SeasonPlots(self.document, self.runner)
        self.waterfall_plot = WaterfallPlot(self.runner)
        self.life_tabs = QTabWidget()
        self.life_tabs.addTab(self.calendar_plots, "Mission life")
        self.life_tabs.addTab(self.kpis, "KPI table")
        self.life_tabs.addTab(self.season_plots, "Seasons")
        self.life_tabs.addTab(self.waterfall_plot, "Waterfall")
        self.data_plot = DataPlot(self.runner)
        self.life_tabs.addTab(self.data_plot, "Data")
        self.docks = {
            "scenario": self._dock("Scenario", self.tree, Qt.DockWidgetArea.LeftDockWidgetArea),
            "editor": self._dock("Editor", self.editors, Qt.DockWidgetArea.LeftDockWidgetArea),
            "orbit": self._dock("One orbit", self.orbit_plots, Qt.DockWidgetArea.RightDockWidgetArea),
            "life": self._dock("Mission life and KPIs", self.life_tabs,
                               Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        # the trade study: a tab beside the mission life, hidden until asked for (View, or a
        # field's "Vary in study"), so the default layout is the one without it
        self.study = StudyDock(self)
        self.docks["study"] = self._dock("Trade study", self.study, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.docks["life"], self.docks["study"])
        self.docks["study"].hide()
        self.docks["study"].toggleViewAction().triggered.connect(self._study_toggled)
        # the tree and editor run the full height; the mission life spans the globe and plots
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.docks["orbit"].setMinimumWidth(ORBIT_DOCK_MIN_W)
        self.docks["life"].setMinimumHeight(LIFE_DOCK_MIN_H)
        self._default_layout_pending = True

        self.exports = ExportActions(self)
        self.handover = HandoverActions(self)
        self._build_actions()
        self._build_toolbar()
        self.busy = QLabel()
        self.timing = QLabel()
        self.statusBar().addWidget(self.busy)
        self.problems = ProblemBar()
        self.statusBar().addWidget(self.problems, 1)
        self.compare_label = QLabel()  # "Comparing with B: …" while a comparison is shown
        self.statusBar().addPermanentWidget(self.compare_label)
        self.statusBar().addPermanentWidget(self.timing)

        self.document.pathChanged.connect(lambda _p: self._update_title())
        self.document.modifiedChanged.connect(lambda _m: self._update_title())
        self.document.changed.connect(lambda _s: self._update_title())
        self.runner.firstStage.connect(self._on_first_stage)
        self.runner.ready.connect(self._on_ready)
        self.runner.failed.connect(self._on_failed)
        # the mission-life stage starts once the one-orbit plots have painted (two cores)
        self.runner.hold_for_paint = True
        self.orbit_plots.layout_widget.painted.connect(self.runner.first_stage_shown)
        self.runner.busyChanged.connect(lambda b: self.busy.setText("Evaluating…" if b else ""))
        self.tree.deleteRequested.connect(self.delete_part)
        self.tree.duplicateRequested.connect(self.duplicate_design)
        self.globe.placeRequested.connect(self.place_at)
        self.globe.dragRequested.connect(self.drag_to)

        self.autosaver = Autosaver(self.document, settings.data_directory(),
                                   settings.get(AUTOSAVE_INTERVAL_S), self)
        self.autosaver.problem.connect(lambda message: self.show_problem(message, message))
        self._restore_window()
        self._update_title()
        self.runner.request(self.document.scenario)

    # --- construction ------------------------------------------------------------------------
    def _dock(self, title: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title.lower().replace(' ', '_')}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text, slot, shortcut=None, tip=None) -> QAction:
        a = QAction(text, self)
        a.triggered.connect(slot)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        return a

    def _build_actions(self) -> None:
        m = self.menuBar()
        file = m.addMenu("&File")
        new = file.addMenu("&New from preset")
        for name in PRESETS:
            new.addAction(self._action(name, lambda _=False, n=name: self.new_from_preset(n)))
        self.open_action = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.save_action = self._action("&Save", self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action("Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        file.addAction(self.open_action)
        self.recent_menu = file.addMenu("Open &Recent")
        self._fill_recent()
        file.addAction(self.save_action)
        file.addAction(self.save_as_action)
        file.addSeparator()
        file.addAction(self._action("&Import TLE or OMM set…", self.import_tle, "Ctrl+I",
                                    "Add real satellites from a two-line element file or an OMM (CCSDS XML, "
                                    "CelesTrak CSV or JSON) as a shell"))
        file.addAction(self._action("Open trade stud&y…", self.open_study, None,
                                    "Fill the Trade study dock from a study file (*.study.json)"))
        file.addAction(self._action("Save trade stu&dy…", self.save_study, None,
                                    "Save the Trade study dock's study with this scenario as its base: "
                                    "orbitdesk study FILE runs it unchanged"))
        self.exports.add_to(file.addMenu("&Export"))
        self.handover.add_to(file)
        file.addSeparator()
        file.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        editm = m.addMenu("&Edit")
        self.undo_action = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        editm.addAction(self.undo_action)
        editm.addAction(self.redo_action)
        editm.addSeparator()
        editm.addAction(self._action("Pre&ferences…", self.preferences,
                                     QKeySequence.StandardKey.Preferences))
        editm.addSeparator()
        self.place_action = self._action("&Place on the globe", self._toggle_place, "P",
                                         "Place mode: click the Earth to add the shell type set in "
                                         "the toolbar; drag a selected placed satellite to move it")
        self.place_action.setCheckable(True)
        editm.addAction(self.place_action)
        editm.addAction(self._action("&Delete selected", lambda: self.delete_part(
            *self.document.selection), "Del", "Delete the shell, design, station or site selected "
            "in the scenario tree"))
        editm.addAction(self._action("D&uplicate design", lambda: self.duplicate_design(
            self._selected_design()), "Ctrl+D", "Copy the selected design (or the selected shell's) "
            "to edit a variant"))
        networks = editm.addMenu("Ground stations from a &network")
        for name in STATION_NETWORKS:
            networks.addAction(self._action(
                f"{name[:1].upper() + name[1:]}: {', '.join(n for n, *_ in STATION_NETWORKS[name])}",
                lambda _=False, n=name: self.use_station_network(n), None,
                "Replace the scenario's ground stations by this network (one undo step)"))

        view = m.addMenu("&View")
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addAction(self._action("Reset &view", self.globe.reset_view, "Home",
                                    "Turn the globe back to its starting view"))
        view.addAction(self._action("Reset &layout", self.reset_layout, None,
                                    "Show every dock, sized to the window"))
        view.addSeparator()
        play = self._action("Play / pause", lambda: self.globe.play.toggle(), "Space")
        view.addAction(play)
        self.addAction(play)
        helpm = m.addMenu("&Help")
        helpm.addAction(self._action("&About OrbitDesk", self.about))

    def _build_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("toolbar_main")
        icons = QStyle.StandardPixmap
        # file and undo buttons as icons: the undo action's text names the command and would make
        # the toolbar jump; the names are in the tooltips and the menus
        for action, icon in ((self.open_action, icons.SP_DialogOpenButton),
                             (self.save_action, icons.SP_DialogSaveButton),
                             (self.undo_action, icons.SP_ArrowBack),
                             (self.redo_action, icons.SP_ArrowForward)):
            action.setIcon(self.style().standardIcon(icon))
            tb.addAction(action)
            tb.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        tb.addSeparator()
        tb.addAction(self.place_action)
        self.place_kind = QComboBox()
        for kind, label in placing.KINDS.items():
            self.place_kind.addItem(label, kind)
        self.place_kind.addItem("Ground station", placing.STATION)
        self.place_kind.setToolTip("What a click on the globe adds in place mode")
        self.place_altitude = QDoubleSpinBox(minimum=150.0, maximum=50_000.0, value=550.0,
                                             suffix=" km", decimals=0, singleStep=50.0)
        self.place_altitude.setToolTip("Altitude of the placed orbit (default 550 km: Starlink's shell)")
        self.place_inclination = QDoubleSpinBox(minimum=0.0, maximum=180.0, value=53.0, suffix=" °",
                                                decimals=1)
        self.place_inclination.setToolTip("Inclination (SSO shells take theirs from the altitude)")
        self.place_count = QSpinBox(minimum=1, maximum=10_000_000, value=100)
        self.place_count.setToolTip("Satellites in a placed Walker or SSO shell")
        for w in (QLabel(" add "), self.place_kind, QLabel(" at "), self.place_altitude,
                  QLabel(" i "), self.place_inclination, QLabel(" × "), self.place_count):
            tb.addWidget(w)

    # --- compute and timing ------------------------------------------------------------------
    def _on_document_changed(self, scenario) -> None:
        self._edit_started = time.perf_counter()
        self.runner.request(scenario)

    def _on_first_stage(self, _rid, first) -> None:
        self.latency_ms["first"] = (time.perf_counter() - self._edit_started) * 1e3
        self.warnings_strip.set_epoch_warnings(first.warnings)
        if not self.orbit_plots.isVisible():  # nothing will paint: let the worker go on
            self.runner.first_stage_shown()

    def _on_ready(self, _rid, results) -> None:
        self.latency_ms["full"] = (time.perf_counter() - self._edit_started) * 1e3
        self.warnings_strip.set_life_warnings(results.warnings)
        first, full = self.latency_ms["first"] or 0.0, self.latency_ms["full"]
        self.timing.setText(f"Evaluated: one orbit {first:.0f} ms, mission life {full:.0f} ms after "
                            "the change")
        self.timing.setToolTip("Time from the change to the redrawn plots (the first evaluation "
                               "also loads the Sun ephemeris)")

    def _on_failed(self, _rid, message: str) -> None:
        # not a modal dialog: during a drag every step could fail again; the plots keep the last
        # good result, and the next edit tries again
        text = f"Evaluation failed: {message} (the plots show the last good result)"
        self.timing.setText("")
        self.statusBar().showMessage(text)
        self.warnings_strip.set_error(text)

    def show_problem(self, summary: str, details: str = "") -> None:
        """A problem caught at a boundary (the crash log's listener), or an autosave failure: one
        line in the status bar with Details… (traceback, where the log is); "" clears it."""
        self.problems.show_problem(summary, details)

    def show_field(self, path: str) -> None:
        """Select the part holding the scenario field at ``path`` and put the cursor in it (a
        warning's link)."""
        keys = parse_path(path)
        section = keys[0] if keys and isinstance(keys[0], str) else ""
        index = keys[1] if len(keys) > 1 and isinstance(keys[1], int) else 0
        if section in ("launch", "economics"):
            self.document.select("launch", 0)
        elif section in ("shells", "designs", "ground_stations", "terrestrial"):
            self.document.select(section, index)
        else:
            return
        self.docks["editor"].show()
        self.docks["editor"].raise_()
        self.editors.focus_field(path)

    # --- editing on the globe ----------------------------------------------------------------
    def _toggle_place(self, on: bool) -> None:
        self.globe.place_mode = on
        self.statusBar().showMessage("Place mode: click the Earth to add; drag the selected placed "
                                     "satellite to move it" if on else "", 0 if on else 1)

    def place_at(self, lat: float, lon: float) -> None:
        kind = self.place_kind.currentData()
        try:
            if kind == placing.STATION:
                new, index = placing.add_ground_station(self.document.scenario, lat, lon)
                section, name = "ground_stations", new.ground_stations[index].name
            else:
                new, index = placing.place_shell(
                    self.document.scenario, lat, lon, kind, self.place_altitude.value(),
                    self.place_inclination.value(), self.place_count.value())
                section, name = "shells", new.shells[index].name
        except ValueError as e:
            self.statusBar().showMessage(f"Not placed: {e}", 8000)
            return
        self.document.replace(new, f"Place {name}", select=(section, index))

    def drag_to(self, lat: float, lon: float, finished: bool) -> None:
        section, index = self.document.selection
        if section == "shells" and lat == lat:  # a shell, and not NaN (released off the Earth)
            try:
                s = with_value(self.document.scenario, f"shells[{index}].latitude_deg", round(lat, 4))
                s = with_value(s, f"shells[{index}].longitude_deg", round(lon, 4))
                self.document.replace(s, "Move satellite", merge_key=f"shells[{index}].position")
            except ValueError as e:  # pydantic's ValidationError is a ValueError
                self.statusBar().showMessage(f"Not moved: {describe(e)}", 8000)
        if finished:
            self.document.end_merge()

    def delete_part(self, section: str, index: int) -> None:
        """Delete shells[i], designs[i], ground_stations[i] or terrestrial[i] (one undo step)."""
        parts = getattr(self.document.scenario, section, None)
        if section not in placing.REMOVABLE or parts is None or not 0 <= index < len(parts):
            return
        try:
            new = placing.remove_part(self.document.scenario, section, index)
        except ValueError as e:
            self.statusBar().showMessage(f"Not deleted: {e}", 8000)
            return
        self.document.replace(new, f"Delete {parts[index].name}")

    def _selected_design(self) -> int:
        return self.document.selected_design()

    def duplicate_design(self, index: int) -> None:
        try:
            new, copy = placing.duplicate_design(self.document.scenario, index)
        except ValueError as e:  # e.g. past the scenario's limit of designs
            self.statusBar().showMessage(f"Not duplicated: {describe(e)}", 8000)
            return
        self.document.replace(new, f"Duplicate {new.designs[index].name}", select=("designs", copy))

    def preferences(self) -> None:
        from orbitdesk.gui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        if self.run_dialog(dialog):
            dialog.store()
            self.apply_preferences()

    def run_dialog(self, dialog) -> bool:
        """Modal; tests replace it."""
        return dialog.exec() == dialog.DialogCode.Accepted

    def apply_preferences(self) -> None:
        self.autosaver.set_interval(self.settings.get(AUTOSAVE_INTERVAL_S))
        self.globe.max_points = self.settings.get(MAX_POINTS_SHOWN)
        self.globe.refresh()

    def about(self) -> None:
        from orbitdesk.globe.texture import CREDIT

        QMessageBox.about(self, f"About {__title__}", (
            f"<b>{__title__} {__version__}</b><br>Mission design for orbital data centers.<br><br>"
            f"{CREDIT}.<br>Sun and planets: JPL DE421 via skyfield and skyfield-data.<br>"
            "Satellite propagation: sgp4 (Vallado et al.). Catalog sources: see each field's tooltip."))

    # --- start and close ---------------------------------------------------------------------
    def _restore_window(self) -> None:
        geometry = self.settings.get(WINDOW_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1600, 1000)
        state = self.settings.get(WINDOW_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty() and self.restoreState(state):
            self._default_layout_pending = False

    def apply_default_layout(self) -> None:
        """Dock sizes in proportion to the window (a first start, or View ▸ Reset layout): the
        editor keeps its width, the one-orbit plots get about a third, the mission life about
        a third of the height; at 1366×768 every plot keeps its minimum size."""
        w, h = max(self.width(), 800), max(self.height(), 600)
        left = max(self.editors.minimumWidth(), int(0.22 * w))
        right = max(ORBIT_DOCK_MIN_W, int(0.36 * w))
        self.resizeDocks([self.docks["scenario"], self.docks["orbit"]], [left, right],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["scenario"], self.docks["editor"]], [int(0.25 * h), int(0.75 * h)],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["life"]], [max(LIFE_DOCK_MIN_H, int(0.30 * h))], Qt.Orientation.Vertical)

    def reset_layout(self) -> None:
        """Every dock docked and shown (the trade study's back beside the mission life, shown only
        if it was), sized to the window."""
        for name, dock in self.docks.items():
            dock.setFloating(False)
            if name != "study":
                dock.show()
        study = self.docks["study"]
        if self.dockWidgetArea(study) != Qt.DockWidgetArea.BottomDockWidgetArea or \
                study not in self.tabifiedDockWidgets(self.docks["life"]):
            shown = study.isVisible()
            self.tabifyDockWidget(self.docks["life"], study)
            study.setVisible(shown)
        self.apply_default_layout()

    @guarded("showing the trade study")
    def _study_toggled(self, checked: bool) -> None:
        if checked:
            self.docks["study"].raise_()

    @guarded("choosing a station network")
    def use_station_network(self, network: str) -> bool:
        """The scenario's ground stations become the preset ``network`` (one undo step)."""
        s = self.document.scenario
        new = s.model_copy(update={"ground_stations": station_network(s, network)})
        return self.document.replace(Scenario.model_validate(new.model_dump()), f"Ground stations: {network} network",
                                     select=("ground_stations", 0))

    @guarded("opening a trade study")
    def open_study(self, *_args) -> None:
        from PySide6.QtWidgets import QFileDialog

        from orbitdesk.app.settings import LAST_DIRECTORY

        path = QFileDialog.getOpenFileName(self, "Open trade study", str(self.settings.get(LAST_DIRECTORY) or "."),
                                           STUDY_FILTER)[0]
        if path:
            self.docks["study"].show()
            self.docks["study"].raise_()
            self.study.open_study_file(path)

    @guarded("saving a trade study")
    def save_study(self, *_args) -> None:
        path = self.exports.ask_path("Save trade study", "study.study.json", STUDY_FILTER)
        if path:
            self.docks["study"].show()
            self.docks["study"].raise_()
            self.study.save_study_file(path)

    def vary_in_study(self, path: str, label: str | None = None, unit: str = "", scale: float = 1.0,
                      integer: bool = False) -> bool:
        """A field's "Vary in study": the field becomes an input of the Trade study dock (shown)."""
        dock = self.docks["study"]
        dock.show()
        dock.raise_()
        return self.study.add_input(path, label, unit, scale, integer)

    @guarded("showing the window")
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._default_layout_pending:
            self._default_layout_pending = False
            self.apply_default_layout()

    @guarded("closing the window")
    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.set(WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(WINDOW_STATE, self.saveState())
        self.settings.sync()
        self.autosaver.discard()
        self.study.shutdown()
        self.globe.close()
        self.runner.shutdown()
        event.accept()
