"""Edit ▸ Preferences: the settings a planner may change, each with its unit and default."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QSpinBox

from orbitdesk.app.settings import AUTOSAVE_INTERVAL_S, MAX_POINTS_SHOWN


class PreferencesDialog(QDialog):
    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._settings = settings
        self.autosave = QSpinBox(minimum=10, maximum=3600, singleStep=10, suffix=" s",
                                 value=settings.get(AUTOSAVE_INTERVAL_S))
        self.autosave.setToolTip(f"How often unsaved work is written to the data folder "
                                 f"(default {AUTOSAVE_INTERVAL_S.default} s)")
        self.max_points = QSpinBox(minimum=1_000, maximum=2_000_000, singleStep=10_000,
                                   value=settings.get(MAX_POINTS_SHOWN))
        self.max_points.setGroupSeparatorShown(True)
        self.max_points.setToolTip("Larger shells are thinned evenly for display; all satellites "
                                   f"are evaluated (default {MAX_POINTS_SHOWN.default:,})")
        form = QFormLayout(self)
        form.addRow("Autosave every", self.autosave)
        form.addRow("Satellites drawn at most", self.max_points)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self._defaults)
        form.addRow(buttons)

    def _defaults(self) -> None:
        self.autosave.setValue(AUTOSAVE_INTERVAL_S.default)
        self.max_points.setValue(MAX_POINTS_SHOWN.default)

    def store(self) -> None:
        self._settings.set(AUTOSAVE_INTERVAL_S, self.autosave.value())
        self._settings.set(MAX_POINTS_SHOWN, self.max_points.value())
