"""File ▸ Compare and File ▸ Hand over: a second scenario (B) beside the open one, the design
report (PDF with its HTML beside), ephemerides (CZML, CCSDS OEM) and the handover zip — the same
functions as `orbitdesk report | export | handover` (orbitdesk.handover).

Every question (a path, the ephemeris options) goes through an ``ask_*`` method, so tests answer
them without a modal dialog; a failure is a dialog naming the file and nothing is left half
written (the writers are atomic). The comparison is not part of the document: no undo step, no
modified mark, nothing in the scenario file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QProgressDialog,
    QSpinBox,
)

from orbitdesk.app.comparison import Comparison
from orbitdesk.app.crashlog import guarded
from orbitdesk.core.trajectories import DEFAULT_SATELLITES
from orbitdesk.handover import Cancelled
from orbitdesk.model import ScenarioFileError
from orbitdesk.model.fileformat import SUFFIX

FILE_FILTER = f"OrbitDesk scenarios (*{SUFFIX} *.json);;All files (*)"


@dataclass(frozen=True)
class EphemerisOptions:
    span_h: float = 24.0
    step_s: float = 60.0
    satellites: int = DEFAULT_SATELLITES


class EphemerisDialog(QDialog):
    """Span, step and satellites per shell, each with its unit and bounds."""

    def __init__(self, parent=None, options: EphemerisOptions = EphemerisOptions()):
        super().__init__(parent)
        self.setWindowTitle("Ephemeris options")
        form = QFormLayout(self)
        self.span = QDoubleSpinBox(suffix=" h", decimals=1, minimum=0.1, maximum=24 * 31, value=options.span_h)
        self.span.setToolTip("From the scenario epoch; up to 31 days")
        self.step = QDoubleSpinBox(suffix=" s", decimals=0, minimum=1, maximum=3600, value=options.step_s)
        self.step.setToolTip("Time between states")
        self.satellites = QSpinBox(minimum=1, maximum=10_000, value=options.satellites)
        self.satellites.setToolTip("Per shell, spread evenly over its planes and the slots of each")
        form.addRow("Span", self.span)
        form.addRow("Step", self.step)
        form.addRow("Satellites per shell", self.satellites)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> EphemerisOptions:
        return EphemerisOptions(self.span.value(), self.step.value(), self.satellites.value())


class _Busy:
    """A wait cursor and a status line while a report or an archive is written (seconds)."""

    def __init__(self, window, text: str):
        self._w, self._text = window, text

    def __enter__(self):
        self._w.statusBar().showMessage(self._text)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        return self

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()
        self._w.statusBar().clearMessage()
        return False


class _Progress:
    """A window-modal progress dialog with Cancel for the exports that take seconds (OEM files,
    the archive): ``callback(done, total)`` moves it and raises ``Cancelled`` once Cancel is pressed."""

    def __init__(self, window, text: str):
        self._w, self._text, self.dialog = window, text, None

    def __enter__(self):
        self.dialog = QProgressDialog(self._text, "Cancel", 0, 1, self._w)
        self.dialog.setWindowTitle("OrbitDesk")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # only what takes long shows it
        self.dialog.setValue(0)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        return self

    def callback(self, done: int, total: int) -> None:
        from orbitdesk.handover import Cancelled

        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        QApplication.processEvents()
        if self.dialog.wasCanceled():
            raise Cancelled

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()
        self.dialog.reset()
        self.dialog.deleteLater()
        return False


class HandoverActions:
    def __init__(self, window):
        self._w = window
        self.comparison = Comparison(window.runner, window)
        self.comparison.changed.connect(self._on_comparison)
        self.comparison.failed.connect(lambda m: window.show_error("Cannot compare", f"{m}\n\nNothing changed."))
        self.options = EphemerisOptions()
        self.stop_action: QAction | None = None

    # --- menus -------------------------------------------------------------------------------
    def add_to(self, file_menu) -> None:
        w = self._w
        compare = file_menu.addMenu("Co&mpare")
        compare.addAction(w._action("With a scenario &file…", self.compare_with_file, "Ctrl+Shift+M",
                                    "Open a second scenario as B: the plots draw it dotted, the KPI table "
                                    "gains B and B − A"))
        compare.addAction(w._action("With a &snapshot of this scenario", self.compare_with_snapshot, None,
                                    "Keep the scenario as it is now as B, then edit: the plots show what the "
                                    "edits changed"))
        self.stop_action = w._action("S&top comparing", self.stop_comparing, None, "Back to one scenario")
        self.stop_action.setEnabled(False)
        compare.addAction(self.stop_action)
        hand = file_menu.addMenu("&Hand over")
        hand.addAction(w._action("Design &report (PDF and HTML)…", self.export_report, "Ctrl+Shift+R",
                                 "The scenario, its assumptions, KPIs, warnings and figures (with B and the "
                                 "trade study when there are)"))
        hand.addAction(w._action("Ephemerides as &CZML (Cesium)…", self.export_czml, None,
                                 "The constellation and the ground stations for a Cesium globe"))
        hand.addAction(w._action("Ephemerides as CCSDS &OEM…", self.export_oem, None,
                                 "One OEM file per satellite (GCRF, UTC) for STK, GMAT or FreeFlyer"))
        hand.addAction(w._action("Handover &archive (zip)…", self.export_archive, None,
                                 "One zip: the scenario, the report, the CSVs, CZML and OEM"))

    # --- questions (tests answer them) -------------------------------------------------------
    def _start(self, default: str) -> str:
        from orbitdesk.app.settings import LAST_DIRECTORY

        return str(Path(self._w.settings.get(LAST_DIRECTORY) or ".") / default)

    def ask_open_path(self) -> str:
        return QFileDialog.getOpenFileName(self._w, "Compare with a scenario", self._start(""), FILE_FILTER)[0]

    def ask_save_path(self, title: str, default: str, filters: str) -> str:
        return QFileDialog.getSaveFileName(self._w, title, self._start(default), filters)[0]

    def ask_folder(self, title: str) -> str:
        return QFileDialog.getExistingDirectory(self._w, title, self._start(""))

    def ask_options(self) -> EphemerisOptions | None:
        dialog = EphemerisDialog(self._w, self.options)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.options = dialog.options()
        return self.options

    # --- the comparison ----------------------------------------------------------------------
    @guarded("comparing with a scenario file")
    def compare_with_file(self, _checked=False, path: str | None = None) -> bool:
        from orbitdesk.model import load_scenario

        path = path or self.ask_open_path()
        if not path:
            return False
        try:
            scenario = load_scenario(path)
        except ScenarioFileError as e:
            self._w.show_error("Cannot compare", f"{e}\n\nNothing changed.")
            return False
        self._w.statusBar().showMessage(f"Evaluating B: {scenario.name}…", 30000)
        self.comparison.set_scenario(scenario, Path(path).name)
        return True

    @guarded("comparing with a snapshot")
    def compare_with_snapshot(self, _checked=False) -> None:
        self.comparison.set_scenario(self._w.document.scenario, f"snapshot {datetime.now():%H:%M}")

    @guarded("stopping the comparison")
    def stop_comparing(self, _checked=False) -> None:
        self.comparison.clear()

    def _on_comparison(self) -> None:
        w, c = self._w, self.comparison
        results, label = (c.results, c.label) if c.active else (None, "")
        for view in (w.orbit_plots, w.calendar_plots, w.kpis, w.season_plots, w.data_plot):
            view.set_comparison(results, label)
        if self.stop_action is not None:
            self.stop_action.setEnabled(c.scenario is not None)
        text = f"Comparing with {label}" if results is not None else ""
        # elided: a long name must not widen the window past 1366 px (the status bar sets its minimum)
        w.compare_label.setText(w.compare_label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, 420))
        w.compare_label.setToolTip(text)
        if results is not None and w.statusBar().currentMessage().startswith("Evaluating B"):
            w.statusBar().clearMessage()

    # --- writing -----------------------------------------------------------------------------
    def _sides(self):
        from orbitdesk.core import evaluate
        from orbitdesk.handover.design_report import Side

        w = self._w
        scenario = w.document.scenario  # evaluated here: the report is of the document as it is now
        a = Side(scenario, evaluate(scenario), w.document.display_name)
        c = self.comparison
        b = Side(c.scenario, c.results, c.label.removeprefix("B: ")) if c.active else None
        return a, b

    def _study(self):
        from orbitdesk.cli_study import summary
        from orbitdesk.handover.design_report import Study

        result = getattr(self._w.study, "result", None)
        if result is None:
            return None
        return Study(f"{result.study.kind.replace('_', ' ').capitalize()} (the Trade study dock)",
                     tuple(summary(result)), result.table)

    def _report(self):
        from orbitdesk.handover.design_report import build_report

        a, b = self._sides()
        return build_report(a, b, self._study()), a, b

    def _fail(self, path: str, error: Exception) -> None:
        self._w.show_error("Export failed", f"{path}: {error}\n\nNothing was written.")

    @guarded("writing the design report")
    def export_report(self, _checked=False, path: str | None = None) -> bool:
        from orbitdesk.handover.design_report import write_report

        path = path or self.ask_save_path("Design report", "report.pdf", "PDF (*.pdf)")
        if not path:
            return False
        pdf = Path(path).with_suffix(".pdf")
        try:
            with _Busy(self._w, "Writing the design report…"):
                report, _, _ = self._report()
                written = write_report(report, pdf, pdf.with_suffix(".html"))
        except (OSError, ValueError, ImportError) as e:
            self._fail(str(pdf), e)
            return False
        self._w.statusBar().showMessage(f"Written {' and '.join(written)}", 8000)
        return True

    def _trajectories(self, options: EphemerisOptions):
        from orbitdesk.core.trajectories import shell_trajectories

        s = self._w.document.scenario
        return [shell_trajectories(s, i, options.span_h * 3600.0, options.step_s, options.satellites)
                for i in range(len(s.shells))]

    def _ephemeris_target(self, given: str | None, ask):
        """(options, target): a target given (tests, scripts) takes the current options; otherwise
        the options dialog, then ``ask()`` for the file or folder. None when either is cancelled."""
        options = self.ask_options() if given is None else self.options
        target = given or (ask() if options is not None else "")
        return (options, target) if options is not None and target else None

    @guarded("writing CZML")
    def export_czml(self, _checked=False, path: str | None = None) -> bool:
        from orbitdesk.handover.czml import write_czml

        chosen = self._ephemeris_target(path, lambda: self.ask_save_path(
            "Ephemerides as CZML", "constellation.czml", "CZML (*.czml)"))
        if chosen is None:
            return False
        options, path = chosen
        try:
            with _Busy(self._w, "Writing CZML…"):
                n = write_czml(self._w.document.scenario, self._trajectories(options), path)
        except (OSError, ValueError, ImportError) as e:
            self._fail(path, e)
            return False
        self._w.statusBar().showMessage(f"Written {path}: {n} satellites, read back by czml3", 8000)
        return True

    @guarded("writing OEM files")
    def export_oem(self, _checked=False, folder: str | None = None) -> bool:
        from orbitdesk.handover.ephemerides import write_oem_files

        chosen = self._ephemeris_target(folder, lambda: self.ask_folder("A folder for the OEM files"))
        if chosen is None:
            return False
        options, folder = chosen
        try:
            with _Progress(self._w, "Writing and reading back the OEM files…") as progress:
                paths = write_oem_files(self._trajectories(options), folder, progress=progress.callback)
        except Cancelled:
            self._w.statusBar().showMessage("OEM export cancelled: no file was left behind", 8000)
            return False
        except (OSError, ValueError, ImportError) as e:
            self._fail(folder, e)
            return False
        self._w.statusBar().showMessage(f"Written {len(paths)} OEM files in {folder}, each read back by oem", 8000)
        return True

    @guarded("writing the handover archive")
    def export_archive(self, _checked=False, path: str | None = None) -> bool:
        from orbitdesk.handover.archive import build_archive, write_archive
        from orbitdesk.study.table import table_to_csv

        path = path or self.ask_save_path("Handover archive", "handover.zip", "Zip archive (*.zip)")
        if not path:
            return False
        try:
            with _Progress(self._w, "Writing the handover archive…") as progress:
                report, a, b = self._report()
                study = self._study()
                sides = [(a.scenario, a.results)] + ([(b.scenario, b.results)] if b else [])
                data = build_archive(report, sides, self._trajectories(self.options),
                                     study_csv=table_to_csv(study.table) if study else None,
                                     progress=progress.callback)
                write_archive(path, data)
        except Cancelled:
            self._w.statusBar().showMessage("Handover archive cancelled: nothing was written", 8000)
            return False
        except (OSError, ValueError, ImportError) as e:
            self._fail(path, e)
            return False
        self._w.statusBar().showMessage(f"Written {path} ({len(data) / 1e6:,.1f} MB)", 8000)
        return True
