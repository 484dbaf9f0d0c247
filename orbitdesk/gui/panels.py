"""The editor panels: what each form shows, in which unit, with which slider range.

Tabs: Shell (by shell type), Solar array, Battery, Radiator, Compute payload, Radiation & bus,
Launch & economics, Terrestrial site, Ground station. The tree's selection binds them: a shell binds
the Shell tab and the tabs of the design it flies; a design binds the design tabs; a site or a
station binds its own tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from orbitdesk.gui.fields import FieldEditor
from orbitdesk.gui.form import FormPanel
from orbitdesk.model.defaults import site_key
from orbitdesk.model.edit import parse_path
from orbitdesk.model.field_specs import (
    BUS,
    DESIGN_TABS,
    ECONOMICS,
    LAUNCH,
    NETWORK,
    PROPULSION,
    SCENARIO,
    SHELLS,
    SITE,
    STATION,
    USERS,
    WORKLOAD,
)

SHORT_TITLES = {"Shell": "Shell", "Solar array": "Solar", "Battery": "Battery", "Radiator": "Radiator",
                "Compute payload": "Compute", "Radiation & bus": "Radiation", "Launch & economics": "Launch",
                "Terrestrial site": "Site", "Ground station": "Station", "Data links": "Links"}


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # fields shrink instead
    area.setWidget(widget)
    return area


class EditorPanels(QTabWidget):
    """The editor dock's tabs, bound to the document's selection."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self._document = document
        self.setObjectName("editor_tabs")
        self.setMinimumWidth(430)  # label, value, unit and slider side by side
        # shell: one form per shell type, stacked
        self.shell_stack = QStackedWidget()
        self.shell_forms = {}
        for kind, (model, specs) in SHELLS.items():
            self.shell_forms[kind] = FormPanel(document, "shell", model, specs)
            self.shell_stack.addWidget(self.shell_forms[kind])
        self.workload_form = FormPanel(document, "workload", *WORKLOAD)
        self._add(self._titled((None, self.shell_stack), ("Workload", self.workload_form)), "Shell")
        self.design_forms = {}
        for tab, (attr, section, model, key_field, specs) in DESIGN_TABS.items():
            form = FormPanel(document, section, model, specs, key_field)
            self.design_forms[attr] = form
            if attr == "radiation":
                box = QWidget()
                lay = QVBoxLayout(box)
                lay.addWidget(form)
                bus_attr, bus_section, bus_model, _, bus_specs = BUS
                self.design_forms[bus_attr] = FormPanel(document, bus_section, bus_model, bus_specs)
                lay.addWidget(QLabel("<b>Bus</b>"))
                lay.addWidget(self.design_forms[bus_attr])
                p_attr, p_section, p_model, _, p_specs = PROPULSION
                self.design_forms[p_attr] = FormPanel(document, p_section, p_model, p_specs)
                lay.addWidget(QLabel("<b>Propulsion</b>"))
                lay.addWidget(self.design_forms[p_attr])
                self._add(box, tab)
            elif attr in ("battery", "radiator", "solar"):
                self._add(self._with_sizing(form, attr), tab)
            else:
                self._add(form, tab)
        box = QWidget()
        lay = QVBoxLayout(box)
        self.launch_form = FormPanel(document, "launch", *LAUNCH, key_field="vehicle")
        self.economics_form = FormPanel(document, "economics", *ECONOMICS)
        self.scenario_form = FormPanel(document, "scenario", *SCENARIO)
        lay.addWidget(QLabel("<b>Scenario</b>"))
        lay.addWidget(self.scenario_form)
        lay.addWidget(QLabel("<b>Launch</b>"))
        lay.addWidget(self.launch_form)
        lay.addWidget(QLabel("<b>Economics</b>"))
        lay.addWidget(self.economics_form)
        lay.addStretch(1)  # the spare height below the three forms, not between them
        self._add(box, "Launch & economics")
        self.site_form = FormPanel(document, "terrestrial", *SITE)
        self._add(self.site_form, "Terrestrial site")
        self.station_form = FormPanel(document, "ground_stations", *STATION)
        self.network_form = FormPanel(document, "network", *NETWORK)
        self.users_form = FormPanel(document, "network", *USERS)
        self._add(self._titled((None, self.station_form), ("Users and fibre (every station)", self.users_form),
                               (None, self.network_form)), "Ground station")
        self.network_form.bind("network")
        self.users_form.bind("network.users[0]")
        self.launch_form.bind("launch")
        self.economics_form.bind("economics")
        self.scenario_form.bind("")
        self._site_index = 0
        self._station_index = 0
        document.selectionChanged.connect(self._on_selection)
        document.changed.connect(self._rebind)
        self._on_selection(*document.selection)

    @staticmethod
    def _titled(*parts) -> QWidget:
        """Forms one under another, each under its bold title (None: no title)."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        for title, widget in parts:
            if title:
                lay.addWidget(QLabel(f"<b>{title}</b>"))
            lay.addWidget(widget)
        lay.addStretch(1)
        return box

    def _add(self, widget, title: str) -> None:
        """A tab labelled short (nine tabs share the dock's width), the full title on hover."""
        i = self.addTab(_scrolling(widget), SHORT_TITLES[title])
        self.setTabToolTip(i, title)

    def tab(self, title: str) -> int:
        """Index of the tab with this full title."""
        return next(i for i in range(self.count()) if self.tabToolTip(i) == title)

    def _on_selection(self, section: str, index: int) -> None:
        if section == "shells":
            self.setCurrentIndex(self.tab("Shell"))
        elif section == "designs":
            if self.currentIndex() in (self.tab("Shell"), self.tab("Terrestrial site"),
                                       self.tab("Ground station"), self.tab("Launch & economics")):
                self.setCurrentIndex(self.tab("Radiator"))
        elif section == "terrestrial":
            self._site_index = index
            self.setCurrentIndex(self.tab("Terrestrial site"))
        elif section == "ground_stations":
            self._station_index = index
            self.setCurrentIndex(self.tab("Ground station"))
        elif section == "launch":
            self.setCurrentIndex(self.tab("Launch & economics"))
        self._rebind()

    def _with_sizing(self, form, part: str) -> QWidget:
        """The part's form with a "Size to close" button under it (core/sizing.py)."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(form)
        button = QPushButton("Size to close")
        button.setObjectName(f"size_{part}")
        button.setToolTip({
            "battery": "Set the capacity that carries the bus and the payload through the longest eclipse "
                       "of the horizon within the depth of discharge (one undo step)",
            "radiator": "Set the area that rejects the bus, the payload and the charging loss at the "
                        "temperature limit in the horizon's worst environment (one undo step)",
            "solar": "Set the area that, at the end of the horizon (aged cells at the array's temperature), "
                     "carries the bus and the payload and recharges the battery on the horizon's worst "
                     "orbit (one undo step)",
        }[part])
        button.clicked.connect(lambda: self.size_to_close(part))
        self.sizing_note = getattr(self, "sizing_note", {})
        note = QLabel()
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.sizing_note[part] = note
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(note)
        lay.addStretch(1)
        return box

    def size_to_close(self, part: str) -> None:
        """Size the selected design's battery, radiator or solar array over the horizon: one undoable
        edit, and a line saying what the new value closes (or why nothing closes)."""
        from orbitdesk.core import sizing

        d = self._document.selected_design()
        scenario = self._document.scenario
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            change = {"battery": sizing.battery, "radiator": sizing.radiator,
                      "solar": sizing.array}[part](scenario, d)
            self._sized_at = getattr(self, "_sized_at", {})
            self._sized_at[part] = scenario  # the note holds for this scenario only (_rebind clears it)
            if change is None:
                self.sizing_note[part].setText("Nothing to size: no shell flies this design, or no area "
                                               + ("collects sunlight." if part == "solar"
                                                  else "closes at this temperature limit."))
                return
            if abs(change.value - change.before) <= 1e-6 * abs(change.before):
                self.sizing_note[part].setText(f"Already closes at {change.value:,.6g}: {change.why}.")
                return
            try:
                new = sizing.sized(scenario, [change])
            except ValueError as e:  # a pydantic ValidationError too: past a field's bound
                self.sizing_note[part].setText(f"The sized value is refused: {str(e).splitlines()[0]}")
                return
            self._document.replace(new, f"Size {'solar array' if part == 'solar' else part} to close")
            self._sized_at[part] = self._document.scenario
            self.sizing_note[part].setText(f"{change.before:,.6g} → {change.value:,.6g}: {change.why}.")
        finally:
            QApplication.restoreOverrideCursor()

    def _rebind(self, *_):
        """Bind every form to the document's selection; a form whose part and values did not
        change does nothing (FormPanel.bind and FieldEditor.refresh skip unchanged fields)."""
        s, doc = self._document.scenario, self._document
        for part, note in getattr(self, "sizing_note", {}).items():  # a note says what closed another scenario
            if note.text() and getattr(self, "_sized_at", {}).get(part) is not s:
                note.clear()
        shell_index = doc.selected_shell()
        form = self.shell_forms[s.shells[shell_index].kind]
        self.shell_stack.setCurrentWidget(form)
        form.bind(f"shells[{shell_index}]")
        self.workload_form.bind(f"shells[{shell_index}].workload")
        self.network_form.refresh()
        self.users_form.refresh()
        d = doc.selected_design()
        for attr, f in self.design_forms.items():
            f.bind(f"designs[{d}].{attr}")
        self.launch_form.refresh()
        self.economics_form.refresh()
        self.scenario_form.refresh()
        if s.terrestrial:
            i = min(self._site_index, len(s.terrestrial) - 1)
            self.site_form.setEnabled(True)
            self.site_form.bind(f"terrestrial[{i}]", site_key(s.terrestrial[i].name))
        else:
            self.site_form.setEnabled(False)
        if s.ground_stations:
            self.station_form.setEnabled(True)
            self.station_form.bind(f"ground_stations[{min(self._station_index, len(s.ground_stations) - 1)}]")
        else:
            self.station_form.setEnabled(False)

    # --- going to a field (a warning names one) ----------------------------------------------
    def _form_for(self, keys: list) -> tuple[str, FormPanel | None, str | None]:
        """(tab title, form, field name) for a parsed scenario path."""
        head, rest = keys[0], [k for k in keys[1:] if not isinstance(k, int)]
        if head == "shells":
            if rest and rest[0] == "workload":
                return "Shell", self.workload_form, rest[1] if len(rest) > 1 else None
            kind = self._document.scenario.shells[self._document.selected_shell()].kind
            return "Shell", self.shell_forms[kind], rest[0] if rest else None
        if head == "network":
            form = self.users_form if "users" in keys else self.network_form
            return "Ground station", form, rest[-1] if rest else None
        if head == "designs" and rest:
            attr = rest[0]
            tab = next((t for t, spec in DESIGN_TABS.items() if spec[0] == attr), "Radiation & bus")
            return tab, self.design_forms.get(attr), rest[1] if len(rest) > 1 else None
        if head in ("launch", "economics"):
            form = self.launch_form if head == "launch" else self.economics_form
            return "Launch & economics", form, rest[0] if rest else None
        if head == "terrestrial":
            return "Terrestrial site", self.site_form, rest[0] if rest else None
        if head == "ground_stations":
            return "Ground station", self.station_form, rest[0] if rest else None
        return "Shell", None, None

    def focus_field(self, path: str) -> FieldEditor | None:
        """Show the tab holding the field at ``path`` and put the cursor in it (the document's
        selection must already hold its part); the field's editor, or None."""
        tab, form, name = self._form_for(parse_path(path))
        self.setCurrentIndex(self.tab(tab))
        editor = form.fields.get(name) if form is not None and name else None
        if editor is not None:
            editor.editor.setFocus()
            if hasattr(editor.editor, "selectAll"):
                editor.editor.selectAll()
        return editor
