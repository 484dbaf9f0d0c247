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
from orbitdesk.gui.fields import FieldSpec as F
from orbitdesk.gui.form import FormPanel
from orbitdesk.model import catalog
from orbitdesk.model.defaults import site_key
from orbitdesk.model.edit import parse_path
from orbitdesk.model.scenario import (
    Battery,
    Bus,
    ComputePayload,
    Economics,
    GroundStation,
    LaunchPlan,
    Links,
    Network,
    PlacedSatellite,
    Propulsion,
    Radiation,
    Radiator,
    Scenario,
    SolarArray,
    SunSyncShell,
    TerrestrialSite,
    TLESet,
    UserRegion,
    WalkerShell,
    Workload,
)

PCT = 100.0  # fractions are shown in %
SHORT_TITLES = {"Shell": "Shell", "Solar array": "Solar", "Battery": "Battery", "Radiator": "Radiator",
                "Compute payload": "Compute", "Radiation & bus": "Radiation", "Launch & economics": "Launch",
                "Terrestrial site": "Site", "Ground station": "Station", "Data links": "Links"}


def _catalog_choices(name: str) -> tuple:
    return tuple((key, f"{key} — {e.name}" if e.name and e.name != key else key)
                 for key, e in catalog(name).items())


def _designs(scenario) -> tuple:
    return tuple((d.name, d.name) for d in scenario.designs)


SHELL_COMMON = [F("name", "Name", text=True), F("design", "Design flown", choices=_designs)]
SHELLS = {
    "walker": (WalkerShell, [
        *SHELL_COMMON,
        F("altitude_km", "Altitude", "km", slider=(300.0, 2000.0)),
        F("inclination_deg", "Inclination", "°", slider=(0.0, 180.0)),
        F("total_satellites", "Satellites (T)", "", integer=True),
        F("planes", "Planes (P)", "", integer=True),
        F("phasing", "Phasing (F)", "", integer=True),
        F("raan_offset_deg", "RAAN of plane 1", "°"),
    ]),
    "sso": (SunSyncShell, [
        *SHELL_COMMON,
        F("altitude_km", "Altitude", "km", slider=(300.0, 2000.0)),
        F("ltan_hours", "Local time of ascending node", "h", slider=(0.0, 23.99)),
        F("planes", "Planes", "", integer=True),
        F("satellites_per_plane", "Satellites per plane", "", integer=True),
        F("plane_spacing_deg", "Plane spacing (RAAN)", "°"),
    ]),
    "placed": (PlacedSatellite, [
        *SHELL_COMMON,
        F("latitude_deg", "Latitude at epoch", "°N"),
        F("longitude_deg", "Longitude at epoch", "°E"),
        F("altitude_km", "Altitude", "km", slider=(300.0, 2000.0)),
        F("inclination_deg", "Inclination", "°", slider=(0.0, 180.0)),
        F("pass_direction", "Pass", choices=(("ascending", "ascending (northbound)"),
                                             ("descending", "descending (southbound)"))),
    ]),
    "tle": (TLESet, [*SHELL_COMMON]),
}

DESIGN_TABS = {  # tab -> (design attribute, defaults section, model, key field, specs)
    "Solar array": ("solar", "solar", SolarArray, "cell", [
        F("cell", "Cell", choices=_catalog_choices("solar_cells"), catalog=True),
        F("area_m2", "Area", "m²", slider=(10.0, 5000.0)),
        F("pointing", "Pointing", choices=(("sun_tracking", "sun-tracking"),
                                           ("single_axis", "single axis"),
                                           ("body_fixed", "body-fixed, zenith"))),
        F("efficiency_bol", "Efficiency (BOL)", "%", scale=PCT),
        F("degradation_per_year", "Degradation", "%/yr", scale=PCT),
        F("packing_factor", "Packing factor", "%", scale=PCT),
        F("temperature_coefficient_per_k", "Temperature coefficient (from 28 °C)", "%/K", scale=PCT),
        F("specific_power_w_per_kg", "Specific power", "W/kg"),
        F("cost_usd_per_w", "Cost", "$/W"),
    ]),
    "Battery": ("battery", "battery", Battery, None, [
        F("capacity_wh", "Capacity", "kWh", scale=1e-3, slider=(1.0, 2000.0)),
        F("depth_of_discharge", "Depth of discharge", "%", scale=PCT),
        F("round_trip_efficiency", "Round-trip efficiency", "%", scale=PCT),
        F("specific_energy_wh_per_kg", "Specific energy", "Wh/kg"),
        F("cost_usd_per_kwh", "Cost", "$/kWh"),
    ]),
    "Radiator": ("radiator", "radiator", Radiator, "coating", [
        F("coating", "Coating", choices=_catalog_choices("coatings"), catalog=True),
        F("area_m2", "Area (one face)", "m²", slider=(10.0, 2000.0)),
        F("faces", "Radiating faces", choices=((1, "1"), (2, "2"))),
        F("max_temperature_k", "Temperature limit", "K", slider=(250.0, 450.0)),
        F("absorptivity_solar", "Solar absorptivity α", "", slider=(0.01, 1.0)),
        F("emissivity", "Emissivity ε", "", slider=(0.05, 1.0)),
        F("sun_incidence_deg", "Sun incidence", "°", slider=(0.0, 90.0)),
        F("earth_view_factor", "Earth view factor", ""),
        F("areal_mass_kg_per_m2", "Areal mass", "kg/m²"),
        F("coolant_kg_per_m2", "Coolant (thermal mass)", "kg/m²"),
        F("min_temperature_k", "Coolant freezing limit (empty: no heater)", "K"),
        F("heater_max_w", "Heater power, largest", "W"),
        F("cost_usd_per_m2", "Cost", "$/m²"),
    ]),
    "Compute payload": ("compute", "compute", ComputePayload, "gpu", [
        F("gpu", "GPU", choices=_catalog_choices("gpus"), catalog=True),
        F("gpu_count", "GPUs per satellite", "", integer=True, slider=(1.0, 400.0)),
        F("precision", "Number format", choices=(("bf16", "BF16 dense"), ("fp8", "FP8 dense"))),
        F("utilization", "Utilization (MFU)", "%", scale=PCT, slider=(1.0, 100.0)),
        F("server_overhead_w_per_gpu", "Server overhead", "W/GPU"),
        F("server_mass_kg_per_gpu", "Server mass", "kg/GPU"),
        F("failure_rate_per_year", "Failure rate", "%/yr", scale=PCT),
        F("gpu_unit_cost_usd", "GPU price", "$"),
        F("gpu_tdp_w", "GPU power (TDP)", "W"),
        F("gpu_bf16_peak_flop_per_s", "GPU peak, BF16 dense", "TFLOP/s", scale=1e-12),
        F("gpu_fp8_peak_flop_per_s", "GPU peak, FP8 dense (empty: none)", "TFLOP/s", scale=1e-12),
    ]),
    "Data links": ("links", "links", Links, None, [
        F("rf_frequency_ghz", "RF downlink frequency", "GHz"),
        F("rf_bandwidth_mhz", "RF bandwidth", "MHz"),
        F("rf_power_w", "RF transmit power", "W"),
        F("rf_antenna_m", "RF antenna diameter", "m"),
        F("optical_ground_terminals", "Optical downlink terminals", "", integer=True),
        F("optical_power_w", "Optical transmit power", "W"),
        F("optical_aperture_m", "Optical telescope aperture", "m"),
        F("optical_rate_gbps", "Optical modem rate", "Gbit/s"),
        F("isl_terminals", "Inter-satellite link terminals", "", integer=True),
        F("isl_rate_gbps", "Rate per inter-satellite link", "Gbit/s"),
        F("isl_range_km", "Longest inter-satellite link", "km"),
        F("terminal_mass_kg", "Mass per terminal", "kg"),
        F("terminal_cost_usd", "Cost per terminal", "$"),
    ]),
    "Radiation & bus": ("radiation", "radiation", Radiation, None, [
        F("shielding_kg_per_kw", "Shielding", "kg/kW"),
        F("shield_mm_al", "Shield thickness (Al)", "mm"),
        F("dose_rate_rad_per_year", "Dose rate (empty: from the orbit)", "rad/yr"),
        F("dose_tolerance_rad", "Dose tolerance", "rad"),
        F("seu_downtime_fraction", "SEU downtime at 650 km SSO", "%", scale=PCT),
        F("seu_trapped_share", "SEU share from trapped protons", "%", scale=PCT),
    ]),
}
BUS = ("bus", "bus", Bus, None, [
    F("power_w", "Bus power", "W"),
    F("mass_kg", "Bus mass", "kg"),
    F("structure_mass_fraction", "Structure fraction", "%", scale=PCT),
    F("cost_usd_per_kg", "Bus cost", "$/kg"),
])
_YES_NO = ((True, "yes"), (False, "no"))
PROPULSION = ("propulsion", "propulsion", Propulsion, None, [
    F("enabled", "Station-keeping thrusters", choices=_YES_NO),
    F("isp_s", "Specific impulse", "s"),
    F("dry_mass_kg", "Propulsion dry mass", "kg"),
    F("drag_coefficient", "Drag coefficient", ""),
    F("deorbit_at_end", "Deorbit burn at end of life", choices=_YES_NO),
])
LAUNCH = (LaunchPlan, [
    F("vehicle", "Vehicle", choices=_catalog_choices("launchers"), catalog=True),
    F("cost_usd_per_kg", "Price to orbit", "$/kg", slider=(10.0, 20000.0)),
    F("capacity_kg", "Capacity per launch", "t", scale=1e-3),
    F("launches_per_year", "Cadence", "/yr"),
    F("first_launch_years", "First launch after epoch", "yr"),
    F("commissioning_years", "Commissioning", "yr"),
    F("co2e_kg_per_kg", "Launch CO2e (empty: not stated)", "kg/kg"),
    F("replenishment", "Replenishment", choices=(("none", "none"),
                                                 ("keep_above", "keep each shell above the threshold"))),
    F("replenish_threshold", "Replenish below (working share)", "%", scale=PCT),
])
SCENARIO = (Scenario, [
    F("epoch", "Epoch (start)", "UTC", date=True),
])
ECONOMICS = (Economics, [
    F("analysis_years", "Analysis horizon", "yr", slider=(1.0, 25.0)),
    F("nonrecurring_cost_usd", "Non-recurring cost", "$B", scale=1e-9),
    F("operations_usd_per_year", "Operations", "$M/yr", scale=1e-6),
    F("discount_rate_per_year", "Discount rate (0: undiscounted)", "%/yr", scale=PCT),
])
STATION = (GroundStation, [
    F("name", "Name", text=True),
    F("latitude_deg", "Latitude", "°N"),
    F("longitude_deg", "Longitude", "°E"),
    F("min_elevation_deg", "Minimum elevation", "°"),
    F("antennas", "RF antennas for the fleet", "", integer=True),
    F("dish_m", "Dish diameter", "m"),
    F("system_noise_k", "System noise temperature", "K"),
    F("optical_aperture_m", "Optical telescope (0: none)", "m"),
    F("clear_sky_fraction", "Clear sky (optical)", "%", scale=PCT),
    F("cost_usd_per_year", "Service cost", "$M/yr", scale=1e-6),
])
WORKLOAD = (Workload, [
    F("kind", "Workload", choices=(("training", "training"), ("inference", "inference"))),
    F("training_bits_per_flop", "Training data per FLOP", "bit/TFLOP", scale=1e12),
    F("inference_flop_per_token", "Inference FLOP per token", "GFLOP", scale=1e-9),
    F("inference_bits_per_token", "Data per token", "bit"),
    F("latency_budget_ms", "Latency budget (round trip)", "ms"),
])
NETWORK = (Network, [
    F("route_factor", "Fibre route / great circle", ""),
    F("fiber_group_index", "Fibre group index", ""),
    F("processing_ms", "Processing in a round trip", "ms"),
])
USERS = (UserRegion, [
    F("name", "Users (the KPIs' region)", text=True),
    F("latitude_deg", "Users' latitude", "°N"),
    F("longitude_deg", "Users' longitude", "°E"),
])
SITE = (TerrestrialSite, [
    F("name", "Name", text=True),
    F("latitude_deg", "Latitude", "°N"),
    F("longitude_deg", "Longitude", "°E"),
    F("capacity_it_w", "IT capacity (empty: no limit)", "MW", scale=1e-6),
    F("pue", "PUE", ""),
    F("wue_l_per_kwh", "Water use (WUE)", "L/kWh"),
    F("electricity_usd_per_kwh", "Electricity", "$/kWh"),
    F("capex_usd_per_w", "Facility capex", "$/W"),
    F("build_years", "Build time", "yr"),
    F("grid_wait_years", "Grid connection wait", "yr"),
    F("build_phases", "Build phases", "", integer=True),
    F("phase_interval_years", "Time between phases", "yr"),
    F("grid_co2e_kg_per_kwh", "Grid CO2e (empty: not stated)", "kg/kWh"),
    F("lease_basis", "Lease basis", choices=(("per_mw_month", "per MW-month (as reported)"),
                                             ("per_gpu_hour", "per GPU-hour"))),
    F("lease_usd_per_mw_month", "Lease (empty: owned)", "$M/MW·month", scale=1e-6),
    F("lease_usd_per_gpu_hour", "Lease per GPU-hour", "$/GPU·h"),
    F("gpu_failure_rate_per_year", "GPU failure rate", "%/yr", scale=PCT),
])


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
