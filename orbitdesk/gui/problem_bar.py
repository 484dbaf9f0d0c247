"""The status bar's problem line: the latest reported problem in one line, "Details…" for the
traceback and where the log is (ARCHITECTURE.md convention 15). Non-modal: nothing waits on it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QStyle, QWidget

MAX_SHOWN_CHARS = 160


class ProblemBar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary, self.details = "", ""
        self.count = 0  # problems reported this session
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.icon = QLabel()
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(16, 16))
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton("Details…")
        self.button.setToolTip("The full report and where the log is")
        self.button.clicked.connect(self.show_details)
        self.dismiss = QPushButton("✕")
        self.dismiss.setToolTip("Hide this message (it stays in the log)")
        self.dismiss.setFlat(True)
        self.dismiss.clicked.connect(self.clear)
        for w in (self.icon, self.label, self.button, self.dismiss):
            lay.addWidget(w)
        self.dialog: QMessageBox | None = None
        self.setVisible(False)

    def show_problem(self, summary: str, details: str = "") -> None:
        """Show ``summary`` (one line; the whole text is the tooltip); "" clears."""
        if not summary:
            self.clear()
            return
        self.count += 1
        self.summary, self.details = summary, details
        line = " ".join(summary.split())
        shown = line if len(line) <= MAX_SHOWN_CHARS else line[:MAX_SHOWN_CHARS - 1] + "…"
        more = f" (+{self.count - 1} earlier)" if self.count > 1 else ""
        self.label.setText(shown + more)
        self.label.setToolTip(summary)
        self.button.setVisible(bool(details))
        self.setVisible(True)

    def clear(self) -> None:
        self.summary, self.details = "", ""
        self.setVisible(False)

    def show_details(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = QMessageBox(QMessageBox.Icon.Warning, "Problem details", self.summary,
                                  QMessageBox.StandardButton.Close, self.window())
        self.dialog.setInformativeText("The document was left as it was before the failed step. "
                                       "The full report is below and in the log.")
        self.dialog.setDetailedText(self.details)
        self.dialog.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dialog.open()  # not exec(): the application keeps running behind it
