"""File ▸ Export: the plots as PNG or SVG (under a caption: scenario, shell, epoch, OrbitDesk
version), their data and the KPI table as CSV.

(Each plot's own right-click menu also has pyqtgraph's Export… for a single plot.)
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from orbitdesk import __version__
from orbitdesk.plots.export import export_image, write_csv

IMAGE_FILTER = "PNG image (*.png);;SVG drawing (*.svg)"
CSV_FILTER = "CSV (*.csv)"


class ExportActions:
    def __init__(self, window):
        self._w = window

    def targets(self):
        """(menu text, default file name, kind, function of the path)."""
        w = self._w
        return [
            ("One-orbit plots as image…", "orbit_plots.png", "image",
             lambda p: export_image(w.orbit_plots.layout_widget, p, caption=self.caption("orbit"))),
            ("One-orbit data as CSV…", "orbit_data.csv", "csv",
             lambda p: write_csv(p, w.orbit_plots.data_csv())),
            ("Mission-life plots as image…", "mission_life.png", "image",
             lambda p: export_image(w.calendar_plots.layout_widget, p, caption=self.caption("life"))),
            ("Mission-life data as CSV…", "mission_life.csv", "csv",
             lambda p: write_csv(p, w.calendar_plots.data_csv())),
            ("Season chart as image…", "seasons.png", "image",
             lambda p: export_image(w.season_plots.layout_widget, p, caption=self.caption("seasons"))),
            ("Season data as CSV…", "seasons.csv", "csv", lambda p: write_csv(p, w.season_plots.data_csv())),
            ("Compute waterfall as image…", "waterfall.png", "image",
             lambda p: export_image(w.waterfall_plot.layout_widget, p, caption=self.caption("waterfall"))),
            ("Compute waterfall data as CSV…", "waterfall.csv", "csv",
             lambda p: write_csv(p, w.waterfall_plot.data_csv())),
            ("Data segment plots as image…", "data_segment.png", "image",
             lambda p: export_image(w.data_plot.layout_widget, p, caption=self.caption("data"))),
            ("Data segment day as CSV…", "data_segment.csv", "csv", lambda p: write_csv(p, w.data_plot.data_csv())),
            ("KPI table as CSV…", "kpis.csv", "csv", lambda p: write_csv(p, w.kpis.data_csv())),
        ]

    def caption(self, view: str) -> str:
        """What an exported image shows: the scenario, the shell (and plane) or the fleet, the
        epoch and the OrbitDesk version that drew it."""
        scenario = self._w.document.scenario
        if view == "orbit":
            what = f"One orbit — {self._w.orbit_plots.caption.text()}"
        elif view == "seasons":
            what = f"Seasons — {self._w.season_plots.caption.toolTip() or self._w.season_plots.caption.text()}"
        elif view == "data":
            what = f"Data segment — {self._w.data_plot.caption.text()}"
        elif view == "waterfall":
            what = f"Delivered-compute waterfall — {self._w.waterfall_plot.caption.text().split('; ')[0]}"  # two lines
        else:
            names = [f"“{s.name}”" for s in scenario.shells]
            shells = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            what = (f"Mission life: shell{'s' if len(names) > 1 else ''} {shells} "
                    f"({scenario.satellite_count:,} satellites) against the terrestrial alternatives")
        epoch = f"{scenario.epoch:%Y-%m-%d %H:%M} UTC"
        return f"{scenario.name}  ·  epoch {epoch}  ·  OrbitDesk {__version__}\n{what}"

    def add_to(self, menu) -> None:
        for text, default, kind, run in self.targets():
            action = QAction(text, self._w)
            action.triggered.connect(lambda _=False, d=default, k=kind, r=run, t=text:
                                     self._export(t, d, k, r))
            menu.addAction(action)

    def _export(self, title, default, kind, run) -> None:
        path = self.ask_path(title.rstrip("…"), default, IMAGE_FILTER if kind == "image" else CSV_FILTER)
        if path:
            self.write(path, run)

    def write(self, path: str, run) -> None:
        """``run(path)``; a failure in a dialog that names the file, success in the status bar."""
        try:
            run(path)
        except (OSError, ValueError) as e:
            self._w.show_error("Export failed", f"{path}: {e}")
            return
        self._w.statusBar().showMessage(f"Exported {path}", 5000)

    def ask_path(self, title: str, default: str, filters: str) -> str:
        from orbitdesk.app.settings import LAST_DIRECTORY

        start = str(Path(self._w.settings.get(LAST_DIRECTORY) or ".") / default)
        return QFileDialog.getSaveFileName(self._w, title, start, filters)[0]
