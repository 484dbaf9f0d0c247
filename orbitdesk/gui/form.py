"""A form of field editors for one part of the scenario (a radiator, a launch plan, a site).

The panel is bound to a base path ("designs[0].radiator"); each field to base path + its name.
Each field's tooltip says what it is (the model's description) and where its default comes from
(the catalog provenance: value, tag and source).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from orbitdesk.gui.fields import FieldEditor, FieldSpec
from orbitdesk.model.defaults import provenance


def tooltip(model_class, spec: FieldSpec, section: str, key: str | None) -> str:
    field = model_class.model_fields.get(spec.name)
    lines = [f"<b>{spec.label}</b>" + (f" [{spec.unit}]" if spec.unit else "")]
    if field is not None and field.description:
        lines.append(field.description)
    src = provenance(section, spec.name, key)
    if src is not None:
        if isinstance(src.value, (int, float)) and not isinstance(src.value, bool):
            value = f"{src.value * spec.scale:g} {spec.unit}".strip()
        else:
            value = str(src.value)
        lines.append(f"Default: {value} ({src.tag}) — {src.source}")
        if src.has_range:
            lines.append(f"Published range: {src.low * spec.scale:g}–{src.high * spec.scale:g} {spec.unit}".rstrip()
                         + f" — {src.range_source} (a trade study's default span)")
    lines.append(f"<i>field: {spec.name}</i>")
    return "<br>".join(lines)


class FormPanel(QWidget):
    def __init__(self, document, section: str, model_class, specs: list[FieldSpec],
                 key_field: str | None = None, parent=None):
        """``section`` names the defaults/catalog section for provenance; ``key_field`` is the
        part's catalog key field (e.g. 'gpu'), whose value selects the catalog entry."""
        super().__init__(parent)
        self._document = document
        self.section, self.model_class, self.key_field = section, model_class, key_field
        self.base: str | None = None  # "" binds to the scenario itself (its epoch)
        self._key = None
        self._tooltip_key = object()  # no tooltips yet
        self.fields: dict[str, FieldEditor] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in specs:
            editor = FieldEditor(document, spec, "")
            editor.problem.connect(self._show_problem)
            self.fields[spec.name] = editor
            form.addRow(spec.label, editor)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c92a2a;")
        self.message.hide()
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addStretch(1)

    def bind(self, base: str, catalog_key: str | None = None) -> None:
        self.base = base
        self._key = catalog_key
        self.refresh()

    def refresh(self) -> None:
        """Show the document's values (the owner calls this on every document change). Only what
        changed is touched: the tooltips when the catalog entry changes, a field when its value
        or its path does."""
        if self.base is None:
            return
        key = self._document.value(self._path(self.key_field)) if self.key_field else self._key
        if key != self._tooltip_key:
            self._tooltip_key = key
            for editor in self.fields.values():
                editor.editor.setToolTip(tooltip(self.model_class, editor.spec, self.section, key))
        for name, editor in self.fields.items():
            editor.bind(self._path(name))

    def _path(self, name: str) -> str:
        return f"{self.base}.{name}" if self.base else name

    def _show_problem(self, _message: str) -> None:
        problems = [f.error for f in self.fields.values() if f.error]
        self.message.setText("\n".join(problems) + ("\nNothing was applied: correct the value." if problems else ""))
        self.message.setVisible(bool(problems))
