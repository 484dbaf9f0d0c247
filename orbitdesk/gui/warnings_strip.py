"""The warnings strip on the main view, under the globe: every warning of the current results
(and a failed evaluation, or an error caught at a boundary), each naming the field to change; a
click on one selects that part in the tree and puts the cursor in the field.

Warnings come in two stages, like the results: the epoch-orbit ones with the first stage, then
the full evaluation's, which replace them (heat and power judged over the horizon's worst month).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from orbitdesk.app.crashlog import guarded

MAX_SHOWN = 4  # more are listed in the tooltip of the last line
STYLE = ("QLabel { color: #8a1c1c; background: #fff4e6; border: 1px solid #f0b070; "
         "border-radius: 3px; padding: 2px 6px; }")
ERROR_STYLE = ("QLabel { color: #ffffff; background: #c92a2a; border-radius: 3px; "
               "padding: 2px 6px; }")


def field_label(field: str | None) -> str:
    if not field:
        return ""
    return field.replace("_", " ")


MAX_HEIGHT_PX = 150  # beyond this the strip scrolls (a squeezed word-wrapped label drew over the next)
# While edits follow each other (a drag, undo held down) the strip keeps the tallest height it had
# and stays shown, and gives back the room this long after the last change: a strip that grew and
# shrank with each edit moved the globe and the plots under the cursor and re-laid the window out
# each time (the globe's repaint then cost the GUI thread ~40 ms per edit, the plots one more
# repaint each)
SETTLE_MS = 1500


class WarningsStrip(QScrollArea):
    """Its lines in a scroll area: the window may give it less height than they need (the globe
    and plots keep their minimum sizes), and it then scrolls instead of overlapping them."""

    fieldRequested = Signal(str)  # a scenario path, e.g. "designs[0].radiator.area_m2"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("warnings_strip")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.setWidget(inner)
        self._lay = QVBoxLayout(inner)
        self._lay.setContentsMargins(4, 2, 4, 2)
        self._lay.setSpacing(2)
        self._epoch: tuple = ()
        self._life: tuple = ()
        self._error = ""
        self.lines: list[QLabel] = []
        self._shown: tuple = ("", ())
        self._held = 0  # px: the height kept until the edits settle (0: none)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.settle)
        self.hide()

    def sizeHint(self) -> QSize:
        inner = self.widget()
        width = self.viewport().width()
        lay = inner.layout()
        height = lay.heightForWidth(width) if lay.hasHeightForWidth() and width > 0 else -1
        if height < 0:
            height = inner.sizeHint().height()
        return QSize(inner.sizeHint().width(), min(max(height, self._held), MAX_HEIGHT_PX))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the lines wrap anew: another height

    def minimumSizeHint(self) -> QSize:
        return QSize(0, min(self.widget().minimumSizeHint().height(), 48))

    @property
    def warnings(self) -> tuple:
        """What the strip shows: the error line (if any), then the unique warnings."""
        seen, out = set(), []
        for w in (*self._epoch, *self._life):
            if str(w) not in seen:
                seen.add(str(w))
                out.append(w)
        return tuple(out)

    def set_epoch_warnings(self, warnings) -> None:
        """The first stage's warnings (the epoch orbit), shown only until a full evaluation has
        been: after that the last full evaluation's stay until this scenario's replace them (they
        are the same or nearly, judged over the whole horizon). Swapping them for the epoch
        orbit's in between re-laid the window out twice an edit, and each time repainted the
        globe beside it (~30 ms on the GUI thread while the mission life computed)."""
        self._epoch = tuple(warnings)
        self._error = ""
        if self._life:
            self._epoch = ()
            return
        self._show()

    def set_life_warnings(self, warnings) -> None:
        """The full evaluation's warnings replace the epoch orbit's: they hold its element
        warnings and judge heat and power over the whole horizon (the worst month)."""
        self._life = tuple(warnings)
        self._epoch = ()
        self._error = ""
        self._show()

    def set_error(self, text: str) -> None:
        self._error = text
        self._life = ()  # not this scenario's: its evaluation failed
        self._show()

    def _show(self) -> None:
        items = list(self.warnings)
        shown = (self._error, tuple((str(w), getattr(w, "field", None)) for w in items))
        if shown == self._shown:
            return  # the same lines: no relayout (it would repaint the globe beside it)
        self._shown = shown
        if self.isVisible():  # keep this height until the edits settle
            self._held = max(self._held, self.height())
            self._settle.start()
        for line in self.lines:
            self._lay.removeWidget(line)
            line.hide()  # at once: deleteLater waits for the event loop, and the old text showed through
            line.deleteLater()
        self.lines = []
        if self._error:
            self._add(f"✖ {self._error}", None, ERROR_STYLE)
        for w in items[:MAX_SHOWN]:
            self._add(f"⚠ {w}", getattr(w, "field", None), STYLE)
        if len(items) > MAX_SHOWN:
            rest = items[MAX_SHOWN:]
            more = self._add(f"⚠ {len(rest)} more: {rest[0]}" + (" …" if len(rest) > 1 else ""),
                             getattr(rest[0], "field", None), STYLE)
            more.setToolTip("<br>".join(f"⚠ {w}" for w in rest))
        self.setVisible(bool(self.lines) or self._held > 0)
        self.updateGeometry()

    @guarded("settling the warnings strip")
    def settle(self) -> None:
        """Give back the height kept since the last change (SETTLE_MS after it)."""
        self._settle.stop()
        if self._held:
            self._held = 0
            self.setVisible(bool(self.lines))
            self.updateGeometry()

    def _add(self, text: str, field: str | None, style: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if field:
            label.setCursor(Qt.CursorShape.PointingHandCursor)
            label.setToolTip(f"Click to edit {field_label(field)}")
            label.mousePressEvent = guarded("going to a warning's field")(
                lambda _e, f=field: self.fieldRequested.emit(f))  # a virtual: never let it raise
        label.field = field
        self._lay.addWidget(label)
        self.lines.append(label)
        return label
