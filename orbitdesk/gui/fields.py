"""Field editors bound to one scenario field: a number with its unit (and a slider), or a choice.

A field reads its value from the document and writes through ``document.edit`` (an undo command).
An invalid value is refused inline: the field turns red, the message names the problem, nothing
is applied. Model → widget updates run with the widget's signals blocked (ARCHITECTURE.md
convention 6), so they never echo back as edits.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSlider, QWidget

from orbitdesk.app.crashlog import guarded
from orbitdesk.model.defaults import with_catalog_choice
from orbitdesk.model.errors import first_problem
from orbitdesk.model.field_specs import FieldSpec  # noqa: F401 (the forms import it from here)

SLIDER_STEPS = 1000
INVALID_STYLE = "QLineEdit, QComboBox { border: 2px solid #c92a2a; background: #fff5f5; }"


def format_number(v: float, integer: bool) -> str:
    return f"{int(round(v))}" if integer else f"{v:.6g}"


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?")
_MAX_INTEGER = 10**15  # past every integer field's own bound; keeps int() of the text cheap


def parse_number(text: str, label: str, integer: bool) -> float | int:
    """The number a person typed, or ValueError saying what is wrong with it (in words).

    A comma is read only as a thousands separator ("1,000,000"); "1,5" is refused rather than
    read as 15 or as 1.5. Non-finite values and integers past any field's range are refused."""
    t = text.strip().replace("_", "").replace(" ", "")
    shown = t if len(t) <= 24 else t[:20] + "…"
    if "," in t:
        if not _THOUSANDS.fullmatch(t):
            raise ValueError(f"{label}: “{shown}”: use a point for decimals (1.5); commas only "
                             "separate thousands (1,000,000)")
        t = t.replace(",", "")
    try:
        value = float(t)
    except ValueError:
        raise ValueError(f"{label}: “{shown}” is not a number") from None
    if math.isinf(value) and any(c.isdigit() for c in t):
        raise ValueError(f"{label}: {shown} is far too large")
    if not math.isfinite(value):
        raise ValueError(f"{label}: “{shown}” is not a finite number")
    if integer:
        if value != int(value):
            raise ValueError(f"{label}: must be a whole number (got {shown})")
        if abs(value) > _MAX_INTEGER:
            raise ValueError(f"{label}: {shown} is far too large")
        return int(value)
    return value


DATE_FORMAT = "%Y-%m-%d %H:%M"  # shown; typed: 2027-06-01, 2027-06-01 12:30 or ISO 8601


def parse_date(text: str, label: str) -> datetime:
    """A UTC date (and time) a person typed, or ValueError saying what to type."""
    t = text.strip()
    try:
        when = datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{label}: “{t[:24]}” is not a date; type it as 2027-06-01 or "
                         "2027-06-01 12:30 (UTC)") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


class _SliderMap:
    """Slider position 0..SLIDER_STEPS <-> shown value (linear or logarithmic)."""

    def __init__(self, lo: float, hi: float):
        self.lo, self.hi = lo, hi
        self.log = lo > 0 and hi / lo >= 20

    def to_value(self, pos: int) -> float:
        f = pos / SLIDER_STEPS
        if self.log:
            return self.lo * (self.hi / self.lo) ** f
        return self.lo + (self.hi - self.lo) * f

    def to_pos(self, v: float) -> int:
        v = min(max(v, self.lo), self.hi)
        f = math.log(v / self.lo) / math.log(self.hi / self.lo) if self.log else (
            (v - self.lo) / (self.hi - self.lo))
        return int(round(f * SLIDER_STEPS))


_BOUND = re.compile(r"(less than or equal to|greater than or equal to|less than|greater than) (-?[0-9][0-9.e+-]*)")
_GOT = re.compile(r"\(got (-?[0-9][0-9.e+-]*)\)$")


def in_field_units(problem: str, spec) -> str:
    """A bound's and the refused value's numbers, as the field shows them: pydantic states them as
    stored (a fraction, 1/K, FLOP/s), the field in its own unit (%, %/K, TFLOP/s)."""
    if spec.scale == 1.0 and not spec.unit:
        return problem

    def shown(number: str) -> str:
        try:
            v = float(number) * spec.scale
        except ValueError:
            return number
        return f"{format_number(v, spec.integer)}" + (f" {spec.unit}" if spec.unit else "")

    problem = problem.replace("Input should be a valid number (got None)", "enter a number")
    problem = _BOUND.sub(lambda m: f"{m.group(1)} {shown(m.group(2))}", problem)
    return _GOT.sub(lambda m: f"(got {shown(m.group(1))})", problem)


def lower_first(label: str) -> str:
    """A label inside a sentence ("Set area", "Set GPU power (TDP)", "… from 28 °C")."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


class FieldEditor(QWidget):
    """One row: [editor] [unit] [slider]. ``problem`` carries the message of a refused value."""

    problem = Signal(str)  # "" when the value is fine again

    def __init__(self, document, spec: FieldSpec, tooltip: str, parent=None):
        super().__init__(parent)
        self._document, self.spec = document, spec
        self.path = ""
        self.error = ""
        self._shown = object()  # the value on screen (nothing yet)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.slider = None
        if spec.choices is not None:
            self.editor = QComboBox()
            self.editor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.editor.setMinimumContentsLength(10)
            self._fill_choices()
            self.editor.currentIndexChanged.connect(self._choice_made)
        else:
            self.editor = QLineEdit()
            self.editor.editingFinished.connect(self._text_entered)
            self.editor.setMinimumWidth(70)
            if not (spec.text or spec.date):  # a number: its menu offers "Vary in study"
                self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                self.editor.customContextMenuRequested.connect(self._context_menu)
        self.editor.setToolTip(tooltip)
        lay.addWidget(self.editor, 2)
        self.unit = QLabel(spec.unit)
        self.unit.setMinimumWidth(36)
        lay.addWidget(self.unit)
        if spec.slider is not None:
            self._map = _SliderMap(*spec.slider)
            self.slider = QSlider(Qt.Orientation.Horizontal)
            self.slider.setRange(0, SLIDER_STEPS)
            self.slider.setToolTip(f"Drag to explore {spec.label.lower()}: the plots follow; "
                                   "the whole drag is one undo step")
            self.slider.valueChanged.connect(self._slid)
            self.slider.sliderReleased.connect(self._document.end_merge)
            lay.addWidget(self.slider, 3)

    # --- the right-click menu ----------------------------------------------------------------
    def vary_action(self, parent=None) -> QAction:
        """"Vary in study": this field becomes an input of the window's Trade study dock (disabled
        where the field holds no number or the window has no such dock)."""
        action = QAction("Vary in study", parent or self)
        vary = getattr(self.window(), "vary_in_study", None)
        value = self._document.value(self.path) if self.path else None
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        action.setEnabled(vary is not None and number)
        action.setToolTip(f"Vary {lower_first(self.spec.label)} in the Trade study dock (over its published range "
                          "where the catalogs have one, else ±50 % of the current value, to start with)" if number
                          else "This field holds no number to vary")
        action.triggered.connect(self._vary)
        return action

    @guarded("varying a field in a study")
    def _vary(self, *_args) -> None:
        vary = getattr(self.window(), "vary_in_study", None)
        if vary is not None and self.path:
            vary(self.path, self.spec.label, self.spec.unit, self.spec.scale, self.spec.integer)

    @guarded("showing a field's menu")
    def _context_menu(self, pos) -> None:
        menu = self.editor.createStandardContextMenu()
        menu.addSeparator()
        menu.addAction(self.vary_action(menu))
        self.context_menu = menu  # tests reach the menu shown
        menu.popup(self.editor.mapToGlobal(pos))
        menu.aboutToHide.connect(menu.deleteLater)

    # --- model -> widget ---------------------------------------------------------------------
    def _fill_choices(self) -> None:
        choices = self.spec.choices
        if callable(choices):
            choices = choices(self._document.scenario)
        if [self.editor.itemData(i) for i in range(self.editor.count())] == [v for v, _ in choices]:
            return
        self.editor.clear()
        for value, label in choices:
            self.editor.addItem(label, value)

    def bind(self, path: str) -> None:
        if path != self.path:
            self.path = path
            self._shown = object()
        self.refresh()

    def refresh(self) -> None:
        value = self._document.value(self.path)
        if value == self._shown and type(value) is type(self._shown) and not self.error and (
                self.spec.choices is None or not callable(self.spec.choices)):
            return  # unchanged: nothing to redraw
        self._shown = value
        widgets = [self.editor] + ([self.slider] if self.slider else [])
        for w in widgets:
            w.blockSignals(True)
        try:
            if self.spec.choices is not None:
                self._fill_choices()
                i = self.editor.findData(value)
                if i < 0:  # a value outside the list (e.g. from a file): show it as it is
                    self.editor.addItem(str(value), value)
                    i = self.editor.count() - 1
                self.editor.setCurrentIndex(i)
            elif self.spec.text:
                self.editor.setText(str(value))
            elif self.spec.date:
                self.editor.setText(value.strftime(DATE_FORMAT) + " UTC")
            else:
                shown = "" if value is None else format_number(value * self.spec.scale, self.spec.integer)
                self.editor.setText(shown)
                if self.slider is not None and value is not None and not self.slider.isSliderDown():
                    self.slider.setValue(self._map.to_pos(value * self.spec.scale))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._set_error("")

    # --- widget -> model ---------------------------------------------------------------------
    def _text_entered(self) -> None:
        text = self.editor.text().strip()
        if self.spec.text:
            self._apply(text)
            return
        if self.spec.date:
            try:
                when = parse_date(text.removesuffix("UTC").strip(), self.spec.label)
            except ValueError as e:
                self._set_error(str(e))
                return
            if when != self._document.value(self.path):
                self._apply(when)
            else:
                self._set_error("")
                self.refresh()
            return
        if not text:  # an empty optional field means "none" (e.g. no site capacity limit)
            self._apply(None)
            return
        try:
            shown = parse_number(text, self.spec.label, self.spec.integer)
        except ValueError as e:
            self._set_error(str(e))
            return
        value = shown if self.spec.integer else shown / self.spec.scale
        if not math.isfinite(value):  # a huge number shown in $B or MW
            self._set_error(f"{self.spec.label}: {text} is far too large")
            return
        current = self._document.value(self.path)
        if current is not None and value == current:
            self._set_error("")
            return
        self._apply(value)

    def _choice_made(self, _index: int) -> None:
        key = self.editor.currentData()
        if not self.spec.catalog:
            self._apply(key)
            return
        try:
            new = with_catalog_choice(self._document.scenario, self.path, key)
        except (ValidationError, ValueError) as e:
            problem = first_problem(e, count_others=False)[1] if isinstance(e, ValidationError) else e
            self._set_error(f"{self.spec.label}: {problem}")
            return
        self._document.replace(new, f"Choose {lower_first(self.spec.label)} {key}", follow_names=True)
        self._set_error("")

    def _slid(self, pos: int) -> None:
        shown = self._map.to_value(pos)
        value = int(round(shown)) if self.spec.integer else shown / self.spec.scale
        # a drag is one undo step (closed on release); a keyboard step on the slider is its own
        self._apply(value, merge=self.slider.isSliderDown())

    def _apply(self, value, merge: bool = False) -> None:
        try:
            self._document.edit(self.path, value, merge=merge, text=f"Set {lower_first(self.spec.label)}")
        except ValidationError as e:
            # the first problem is this field's; the others follow from it (e.g. the design list)
            self._set_error(f"{self.spec.label}: {in_field_units(first_problem(e, count_others=False)[1], self.spec)}")
            return
        except ValueError as e:
            self._set_error(f"{self.spec.label}: {e}")
            return
        self._set_error("")

    def _set_error(self, message: str) -> None:
        if message == self.error:
            return
        self.error = message
        self.editor.setStyleSheet(INVALID_STYLE if message else "")
        self.problem.emit(message)
