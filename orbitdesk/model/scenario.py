"""The scenario: an immutable, validated value (ARCHITECTURE.md convention 2).

Units live in field names (``area_m2``, ``max_temperature_k``); fractions are plain numbers in
[0, 1]. Every part is a frozen pydantic model, so an edit makes a new value and the compute worker
can read a scenario while the user keeps editing. Catalog references (GPU, cell, coating, launch
vehicle) are checked against the bundled catalogs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from orbitdesk.model.catalog import catalog
from orbitdesk.model.errors import first_control

MIN_ALTITUDE_KM = 150.0  # below this a satellite re-enters within days
EPHEMERIS_END_YEAR = 2053.0  # DE421 covers 1899-07-29 .. 2053-10-09
MAX_ALTITUDE_KM = 50_000.0  # beyond GEO; the shadow and view-factor models stop being meaningful

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Altitude = Annotated[float, Field(ge=MIN_ALTITUDE_KM, le=MAX_ALTITUDE_KM)]

# --- physical bounds -------------------------------------------------------------------------
# Every number has a range a real system can have, wide enough for any study, narrow enough that
# every valid scenario gives finite KPIs (1e308 or 5e-324 in a field gave inf/NaN results).
# An efficiency, packing or absorption of 0.1 % is already no device: below it, nothing works.
Efficiency = Annotated[float, Field(ge=1e-3, le=1.0)]
# a CubeSat panel (10 cm²) to 10 km² per satellite (the ISS arrays: 2,500 m²)
Area = Annotated[float, Field(ge=1e-3, le=1e7)]
# the most a design or a programme can cost: 10^15 USD is ten years of world output
TotalCost = Annotated[float, Field(ge=0.0, le=1e15)]
Years = Annotated[float, Field(ge=0.0, le=100.0)]  # a delay or a duration, yr
MAX_DESIGNS = 100
MAX_SHELLS = 100  # each shell is its own orbit simulation: 100 distinct shells take about 10 s
MAX_TERRESTRIAL_SITES = 100
MAX_GROUND_STATIONS = 1_000  # each station is checked against a day of every shell's samples
MAX_SHELL_SATELLITES = 10_000_000  # ten times the largest filing (SpaceX's 1,000,000, FCC 2025)
# Every launch of the horizon is followed month by month (a launch × month table, about 90 bytes
# an entry while it is evaluated): at most 12 million entries, 1 GB. Over 10 years that is
# 99,000 launches (the 1,000,000-satellite preset needs 47,620); over 50 years, 20,000.
MAX_LAUNCH_MONTHS = 12_000_000


def _no_controls(name: str) -> str:
    """Names are shown in terminals, window titles and one-line messages: a control character
    (escape sequence, newline, bidirectional override) would act there instead of showing."""
    if (i := first_control(name)) is not None:
        raise ValueError(f"contains the control character U+{ord(name[i]):04X} at position {i + 1}; "
                         "names are one line of visible text")
    return name


Name = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_no_controls)]


class Part(BaseModel):
    """Base of every scenario part: frozen, no unknown fields, finite numbers."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def _check_catalog(name: str, key: str) -> str:
    known = catalog(name)
    if key not in known:
        raise ValueError(f"unknown {name[:-1].replace('_', ' ')} {key!r}; known: {', '.join(known)}")
    return key


# --- satellite design -----------------------------------------------------------------------


class SolarArray(Part):
    cell: str = Field(description="solar cell type (catalog key)")
    area_m2: Area = Field(description="array area, m²")
    efficiency_bol: Efficiency = Field(description="cell efficiency at beginning of life")
    degradation_per_year: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        description="relative efficiency loss per year"
    )
    packing_factor: Efficiency = Field(description="fraction of the array area covered by cells")
    pointing: Literal["sun_tracking", "single_axis", "body_fixed"] = Field(
        description="sun_tracking: normal to the Sun; single_axis: axis normal to the orbit plane "
        "(cos θ = cos β); body_fixed: zenith-facing panel"
    )
    # 1 W/kg (early silicon) to 10 kW/kg (beyond any thin film made)
    specific_power_w_per_kg: Annotated[float, Field(ge=1.0, le=1e4)] = Field(
        description="array power at BOL per kg, W/kg")
    # flown arrays cost up to ~1,000 USD/W; 10^4 leaves room for one-offs
    cost_usd_per_w: Annotated[float, Field(ge=0.0, le=1e4)] = Field(description="array cost per BOL watt, USD/W")
    # relative change of the cells' efficiency per kelvin above 28 °C (AM0 test temperature), applied
    # at the array's computed temperature (core/array_temperature.py); filled from the cell's catalog
    # entry like the efficiency; ±5 %/K is beyond any cell made (GaAs −0.23 %/K, silicon −0.4 %/K)
    temperature_coefficient_per_k: Annotated[float, Field(ge=-0.01, le=0.0)] = Field(
        description="relative efficiency change per K above 28 °C, 1/K (−0.0023 = −0.23 %/K; "
                    "cells lose efficiency when hot: −1 %/K to 0)")

    @model_validator(mode="before")
    @classmethod
    def _coefficient_from_catalog(cls, data):
        """An array given without its temperature coefficient (a file saved before it existed, code
        building one by hand) takes its cell's catalog value; a given one is kept."""
        if (isinstance(data, dict) and "temperature_coefficient_per_k" not in data
                and isinstance(data.get("cell"), str) and data["cell"] in catalog("solar_cells")):
            data = {**data, "temperature_coefficient_per_k":
                    catalog("solar_cells")[data["cell"]]["temperature_coefficient_per_k"]}
        return data

    @field_validator("cell")
    @classmethod
    def _known_cell(cls, v: str) -> str:
        return _check_catalog("solar_cells", v)


class Battery(Part):
    # 10 GWh per satellite: a thousand times a grid-scale battery plant
    capacity_wh: Annotated[float, Field(ge=0.0, le=1e10)] = Field(description="nameplate energy, Wh")
    depth_of_discharge: Fraction = Field(description="usable fraction of the capacity")
    round_trip_efficiency: Efficiency = Field(description="energy out / energy in")
    # 1 Wh/kg (lead-acid is 30) to 5,000 Wh/kg (above lithium-air's theoretical 3,500)
    specific_energy_wh_per_kg: Annotated[float, Field(ge=1.0, le=5e3)] = Field(
        description="pack energy per kg, Wh/kg")
    cost_usd_per_kwh: Annotated[float, Field(ge=0.0, le=1e6)] = Field(description="pack cost, USD/kWh")


class Radiator(Part):
    coating: str = Field(description="surface coating (catalog key)")
    area_m2: Area = Field(description="panel area (one face), m²")
    faces: Literal[1, 2] = Field(description="radiating faces per panel")
    absorptivity_solar: Efficiency = Field(description="solar absorptivity α_s")
    # bare polished metals reach 0.02-0.05; below 0.01 a surface radiates nothing useful and the
    # equilibrium temperature runs to thousands of kelvin
    emissivity: Annotated[float, Field(ge=0.01, le=1.0)] = Field(
        description="infrared emissivity ε (= infrared absorptivity)")
    max_temperature_k: Annotated[float, Field(gt=200.0, le=500.0)] = Field(
        description="coolant/chip limit on the radiator temperature, K"
    )
    sun_incidence_deg: Annotated[float, Field(ge=0.0, le=90.0)] = Field(
        description="angle between the Sun and the sunward face's normal; 90 = edge-on, deg"
    )
    earth_view_factor: Fraction = Field(description="view factor from one face to the Earth")
    # 10 g/m² (a film) to a tonne per m² (solid plate)
    areal_mass_kg_per_m2: Annotated[float, Field(ge=0.01, le=1e3)] = Field(description="panel mass per m², kg/m²")
    cost_usd_per_m2: Annotated[float, Field(ge=0.0, le=1e7)] = Field(description="panel cost per m², USD/m²")
    # thermal mass and freeze protection (MODEL.md §12); defaults so that files saved before load
    # (design_defaults.json carries the same values with their sources)
    coolant_kg_per_m2: Annotated[float, Field(ge=0.0, le=1e3)] = Field(
        default=1.0,  # assumed (design_defaults.json)
        description="coolant (ammonia) inventory per m² of panel, beside the panel mass, kg/m²")
    min_temperature_k: Annotated[float, Field(ge=1.0, le=500.0)] | None = Field(
        default=195.4,  # ammonia freezes: REFERENCE_DATA.md (handbook), MODEL.md §12
        description="coolant freezing limit a heater holds the radiator above, K; empty = no heater")
    heater_max_w: Annotated[float, Field(ge=0.0, le=1e9)] = Field(  # assumed (design_defaults.json)
        default=5000.0, description="largest heater power, drawn from the bus, W")

    @field_validator("coating")
    @classmethod
    def _known_coating(cls, v: str) -> str:
        return _check_catalog("coatings", v)

    @model_validator(mode="after")
    def _freeze_below_limit(self) -> Radiator:
        if self.min_temperature_k is not None and self.min_temperature_k >= self.max_temperature_k:
            raise ValueError(f"the freezing limit {self.min_temperature_k:g} K must lie below the "
                             f"temperature limit {self.max_temperature_k:g} K")
        return self


class ComputePayload(Part):
    gpu: str = Field(description="accelerator model (catalog key)")
    gpu_count: Annotated[int, Field(ge=1, le=1_000_000)] = Field(description="GPUs per satellite")
    precision: Literal["bf16", "fp8"] = Field(description="dense number format of the workload")
    utilization: Efficiency = Field(description="achieved / peak FLOP/s (model FLOPs utilization)")
    # a GPU draws 0.2-1.2 kW; 1 MW of servers per GPU is past any design
    server_overhead_w_per_gpu: Annotated[float, Field(ge=0.0, le=1e6)] = Field(
        description="CPU, memory, network and power conversion per GPU, W"
    )
    server_mass_kg_per_gpu: Annotated[float, Field(ge=1e-3, le=1e4)] = Field(description="server mass per GPU, kg")
    failure_rate_per_year: Annotated[float, Field(ge=0.0, le=5.0)] = Field(
        description="hard-failure rate per GPU, 1/yr (no repair in orbit)"
    )
    gpu_unit_cost_usd: Annotated[float, Field(ge=0.0, le=1e9)] = Field(description="price of one GPU, USD")
    # the GPU's own figures, stored (filled from the catalog when the GPU is chosen, like the
    # price) so that a catalog update never changes a saved scenario's results; 1 W to 100 kW,
    # 1 GFLOP/s to 1 EFLOP/s per chip (a B200: 1 kW, 2.25 PFLOP/s BF16)
    gpu_tdp_w: Annotated[float, Field(ge=1.0, le=1e5)] = Field(description="thermal design power of one GPU, W")
    gpu_bf16_peak_flop_per_s: Annotated[float, Field(ge=1e9, le=1e18)] = Field(
        description="dense BF16 peak of one GPU, FLOP/s")
    gpu_fp8_peak_flop_per_s: Annotated[float, Field(ge=1e9, le=1e18)] | None = Field(
        description="dense FP8 peak of one GPU, FLOP/s; empty = none published")

    @model_validator(mode="before")
    @classmethod
    def _figures_from_catalog(cls, data):
        """A payload given without its GPU's figures (code building one by hand; a v1 file is
        migrated by fileformat) takes them from its GPU's catalog entry; given ones are kept."""
        if isinstance(data, dict) and isinstance(data.get("gpu"), str) and data["gpu"] in catalog("gpus"):
            from orbitdesk.model.catalog import gpu_figures

            data = {**gpu_figures(data["gpu"]), **data}
        return data

    @field_validator("gpu")
    @classmethod
    def _known_gpu(cls, v: str) -> str:
        return _check_catalog("gpus", v)

    @model_validator(mode="after")
    def _precision_supported(self) -> ComputePayload:
        if self.gpu_fp8_peak_flop_per_s is None and self.precision == "fp8":
            raise ValueError(f"{self.gpu} has no published FP8 figure (gpu_fp8_peak_flop_per_s is empty); "
                             "choose precision 'bf16'")
        return self


class Radiation(Part):
    """Ionizing dose and upsets. The dose rate comes from the trapped-particle environment of the
    shell's orbit behind ``shield_mm_al`` (core/radiation.py: AE-8/AP-8), unless a rate is given;
    the SEU downtime is stated for the reference orbit (650 km SSO) and scales with the orbit's
    trapped-proton flux for its ``seu_trapped_share``."""

    shielding_kg_per_kw: Annotated[float, Field(ge=0.0, le=1e5)] = Field(
        description="shielding mass per kW of IT power, kg/kW")
    # the environment table's range; 20 mm Al gives ~150 rad/yr at 650 km SSO (Suncatcher's figure)
    shield_mm_al: Annotated[float, Field(ge=0.5, le=20.0)] = Field(
        default=20.0, description="aluminium-equivalent shield around the GPUs, mm")
    # 1 mrad/yr (deep behind shielding) to 10 Mrad/yr (unshielded in the heart of the belts)
    dose_rate_rad_per_year: Annotated[float, Field(ge=1e-3, le=1e7)] | None = Field(
        default=None, description="total ionizing dose behind the shield, rad(Si)/yr; empty: from the "
        "trapped-particle environment of the shell's altitude and inclination")
    # no semiconductor dies below 1 rad (commercial GPUs: thousands); a 1e-12 rad tolerance let
    # the fleet compute for microseconds and still report 10^25 FLOP
    dose_tolerance_rad: Annotated[float, Field(ge=1.0, le=1e9)] = Field(
        description="dose at which the GPUs stop working, rad(Si)")
    seu_downtime_fraction: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        description="time lost to single-event upsets on the reference orbit (650 km SSO)"
    )
    seu_trapped_share: Fraction = Field(
        default=0.5, description="share of those upsets from trapped protons (scaled with the orbit's "
        "flux); the rest (cosmic rays) stays")


class Bus(Part):
    power_w: Annotated[float, Field(ge=0.0, le=1e9)] = Field(
        description="bus power (avionics, ADCS, comms, heaters), W")
    mass_kg: Annotated[float, Field(ge=0.0, le=1e7)] = Field(description="bus equipment mass, kg")  # ISS: 4.2e5
    structure_mass_fraction: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        description="structure mass as a fraction of the other dry mass"
    )
    cost_usd_per_kg: Annotated[float, Field(ge=0.0, le=1e7)] = Field(description="bus and structure cost, USD/kg")


STEFAN_BOLTZMANN_W_M2_K4 = 5.670374419e-8
RADIATOR_MELTS_K = 933.0  # aluminium melts: no radiator runs hotter


class Propulsion(Part):
    """Station-keeping thrusters: they hold the shell's altitude against drag (MODEL.md §13);
    without them a satellite decays and re-enters. Defaults: a Hall-thruster system."""

    enabled: bool = Field(default=True, description="station-keeping thrusters fitted (off: the orbit decays)")
    # Hall thrusters 1,200-2,000 s (SPT-100 about 1,600 s); chemical monopropellant about 220 s
    isp_s: Annotated[float, Field(ge=50.0, le=10_000.0)] = Field(
        default=1500.0, description="specific impulse of the thrusters, s")
    dry_mass_kg: Annotated[float, Field(ge=0.0, le=1e6)] = Field(
        default=50.0, description="thrusters, power unit and tanks without propellant, kg (assumed)")
    # free-molecular flow on flat plates: 2.0-2.4, 2.2 the usual value
    drag_coefficient: Annotated[float, Field(ge=1.0, le=4.0)] = Field(
        default=2.2, description="drag coefficient C_d")
    deorbit_at_end: bool = Field(default=True, description="keep propellant for a deorbit burn at end of life")


class Links(Part):
    """The satellite's data terminals (README, "The data segment"; defaults and their sources in
    design_defaults.json "links"): an RF downlink, an optional optical downlink and optical
    inter-satellite links. Their mass and cost join the design's budget; their power is part of
    the bus's (bus.power_w: avionics, attitude control, communications)."""

    rf_frequency_ghz: Annotated[float, Field(ge=1.0, le=100.0)] = Field(
        default=26.0, description="RF downlink frequency, GHz (Ka band EESS: 25.5-27.0 GHz)")
    rf_bandwidth_mhz: Annotated[float, Field(ge=0.1, le=10_000.0)] = Field(
        default=1500.0, description="RF downlink occupied bandwidth, MHz")
    rf_power_w: Annotated[float, Field(ge=0.0, le=10_000.0)] = Field(
        default=20.0, description="RF transmitter output power, W")
    rf_antenna_m: Annotated[float, Field(ge=0.01, le=20.0)] = Field(
        default=0.5, description="RF downlink antenna diameter, m")
    optical_ground_terminals: Annotated[int, Field(ge=0, le=16)] = Field(
        default=0, description="optical downlink terminals (0: RF only)")
    optical_power_w: Annotated[float, Field(ge=0.0, le=1_000.0)] = Field(
        default=5.0, description="optical downlink transmit power, W")
    optical_aperture_m: Annotated[float, Field(ge=0.005, le=2.0)] = Field(
        default=0.1, description="optical downlink telescope aperture, m")
    optical_rate_gbps: Annotated[float, Field(ge=0.001, le=100_000.0)] = Field(
        default=100.0, description="optical terminal's highest data rate (its modem), Gbit/s")
    isl_terminals: Annotated[int, Field(ge=0, le=16)] = Field(
        default=4, description="optical inter-satellite link terminals (0: no relay)")
    isl_rate_gbps: Annotated[float, Field(ge=0.001, le=100_000.0)] = Field(
        default=100.0, description="data rate per inter-satellite link, Gbit/s")
    isl_range_km: Annotated[float, Field(ge=1.0, le=100_000.0)] = Field(
        default=5_000.0, description="longest inter-satellite link, km")
    terminal_mass_kg: Annotated[float, Field(ge=0.0, le=10_000.0)] = Field(
        default=15.0, description="mass of one terminal (RF, optical or ISL), kg")
    terminal_cost_usd: Annotated[float, Field(ge=0.0, le=1e9)] = Field(
        default=100_000.0, description="cost of one terminal, USD")

    @property
    def terminals(self) -> int:
        """RF (one) + optical downlink + inter-satellite terminals."""
        return 1 + self.optical_ground_terminals + self.isl_terminals


class SatelliteDesign(Part):
    name: Name
    solar: SolarArray
    battery: Battery
    radiator: Radiator
    compute: ComputePayload
    radiation: Radiation
    bus: Bus
    propulsion: Propulsion = Field(default_factory=Propulsion)
    links: Links = Field(default_factory=Links)

    @model_validator(mode="after")
    def _bus_does_not_melt_the_radiator(self) -> SatelliteDesign:
        """The payload is throttled to what the radiator rejects, the bus is not. A radiator
        too small for the bus runs hot (a warning in the results); one the bus alone would heat
        past aluminium's melting point in the dark (σ ε faces A T⁴ = bus power) is no design
        (a 1e-3 m² radiator under a 3 kW bus reached 7,000 K)."""
        r = self.radiator
        sink = STEFAN_BOLTZMANN_W_M2_K4 * r.emissivity * r.faces * r.area_m2
        if self.bus.power_w > sink * RADIATOR_MELTS_K**4:
            hot = (self.bus.power_w / sink) ** 0.25
            raise ValueError(
                f"radiator.area_m2: the bus's {self.bus.power_w:,.0f} W (bus.power_w) alone would heat "
                f"this {r.area_m2:g} m² radiator to {hot:,.0f} K, past aluminium's melting point "
                f"({RADIATOR_MELTS_K:g} K); enlarge the radiator (it needs "
                f"{self.bus.power_w / (sink / r.area_m2) / r.max_temperature_k**4:,.3g} m² to hold "
                f"{r.max_temperature_k:g} K) or raise its emissivity")
        return self


# --- constellation shells -------------------------------------------------------------------


class Workload(Part):
    """What a shell's compute does, as far as the data segment goes (README, "The data segment";
    defaults and sources in design_defaults.json "workload"). Training reads its dataset and is
    latency-tolerant; inference answers requests, bound by their data rate and round trip."""

    kind: Literal["training", "inference"] = Field(default="training", description="workload class")
    training_bits_per_flop: Annotated[float, Field(ge=0.0, le=1e-3)] = Field(
        default=1.3e-11, description="training data moved per FLOP, bit/FLOP")
    inference_flop_per_token: Annotated[float, Field(ge=1e6, le=1e16)] = Field(
        default=1.4e11, description="FLOP per token processed (about 2 x parameters)")
    inference_bits_per_token: Annotated[float, Field(ge=0.0, le=1e9)] = Field(
        default=32.0, description="bits moved per token (prompt in, answer out), bit")
    latency_budget_ms: Annotated[float, Field(ge=1.0, le=100_000.0)] = Field(
        default=150.0, description="inference: the longest acceptable round trip to users, ms")

    @property
    def inference_bits_per_flop(self) -> float:
        return self.inference_bits_per_token / self.inference_flop_per_token

    @property
    def bits_per_flop(self) -> float:
        """Bits moved per FLOP for this shell's workload class."""
        return self.training_bits_per_flop if self.kind == "training" else self.inference_bits_per_flop


class WalkerShell(Part):
    """Walker-delta i: T/P/F on a circular orbit."""

    kind: Literal["walker"] = "walker"
    name: Name
    design: Name = Field(description="name of the satellite design flown in this shell")
    workload: Workload = Field(default_factory=Workload, description="what this shell's compute does")
    altitude_km: Altitude
    inclination_deg: Annotated[float, Field(ge=0.0, le=180.0)]
    total_satellites: Annotated[int, Field(ge=1, le=MAX_SHELL_SATELLITES)]
    planes: Annotated[int, Field(ge=1, le=100_000)]
    phasing: Annotated[int, Field(ge=0)] = 0
    raan_offset_deg: Annotated[float, Field(ge=0.0, lt=360.0)] = 0.0

    @model_validator(mode="after")
    def _walker_consistent(self) -> WalkerShell:
        if self.total_satellites % self.planes:
            raise ValueError(
                f"total_satellites ({self.total_satellites}) must be a multiple of planes "
                f"({self.planes})"
            )
        if self.phasing >= self.planes:
            raise ValueError(f"phasing must be below planes ({self.planes}), got {self.phasing}")
        return self

    @property
    def satellite_count(self) -> int:
        return self.total_satellites


class SunSyncShell(Part):
    """Sun-synchronous circular shell; the inclination follows from the altitude (J2)."""

    kind: Literal["sso"] = "sso"
    name: Name
    design: Name
    workload: Workload = Field(default_factory=Workload, description="what this shell's compute does")
    altitude_km: Annotated[float, Field(ge=MIN_ALTITUDE_KM, le=5_900.0)]  # SSO exists below ~5,970 km
    ltan_hours: Annotated[float, Field(ge=0.0, lt=24.0)] = Field(
        description="local time of the ascending node, h (6 = dawn-dusk)"
    )
    planes: Annotated[int, Field(ge=1, le=100_000)] = 1
    satellites_per_plane: Annotated[int, Field(ge=1, le=1_000_000)]
    plane_spacing_deg: Annotated[float, Field(ge=0.0, le=360.0)] = Field(
        default=1.0, description="RAAN step between planes, deg"
    )

    @model_validator(mode="after")
    def _not_too_many(self) -> SunSyncShell:
        if self.planes * self.satellites_per_plane > MAX_SHELL_SATELLITES:
            raise ValueError(f"planes × satellites_per_plane = {self.planes * self.satellites_per_plane:,} "
                             f"satellites; a shell holds at most {MAX_SHELL_SATELLITES:,}")
        return self

    @property
    def satellite_count(self) -> int:
        return self.planes * self.satellites_per_plane


class PlacedSatellite(Part):
    """One satellite whose orbit passes over (lat, lon) at the scenario epoch."""

    kind: Literal["placed"] = "placed"
    name: Name
    design: Name
    workload: Workload = Field(default_factory=Workload, description="what this shell's compute does")
    latitude_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    longitude_deg: Annotated[float, Field(ge=-180.0, le=360.0)]
    altitude_km: Altitude
    inclination_deg: Annotated[float, Field(ge=0.0, le=180.0)]
    pass_direction: Literal["ascending", "descending"] = "ascending"

    @model_validator(mode="after")
    def _reachable(self) -> PlacedSatellite:
        reach = min(self.inclination_deg, 180.0 - self.inclination_deg)
        if abs(self.latitude_deg) > reach + 1e-9:
            raise ValueError(
                f"an orbit inclined {self.inclination_deg:g}° never reaches latitude "
                f"{self.latitude_deg:g}°; raise the inclination to at least {abs(self.latitude_deg):g}°"
            )
        return self

    @property
    def satellite_count(self) -> int:
        return 1


class TLESet(Part):
    """Real satellites from two-line element text (propagated with SGP4)."""

    kind: Literal["tle"] = "tle"
    name: Name
    design: Name
    workload: Workload = Field(default_factory=Workload, description="what this shell's compute does")
    # 100,000 satellites (tle.MAX_TLE_SATELLITES) of three lines each fit in 20 MB
    tle_text: Annotated[str, Field(min_length=1, max_length=20_000_000)]

    @field_validator("tle_text")
    @classmethod
    def _parses(cls, v: str) -> str:
        from orbitdesk.model.tle import parse_tle  # local: keeps sgp4 off the import path

        parse_tle(v)
        return v

    @property
    def satellite_count(self) -> int:
        from orbitdesk.model.tle import parse_tle

        return len(parse_tle(self.tle_text))


Shell = Annotated[
    WalkerShell | SunSyncShell | PlacedSatellite | TLESet, Field(discriminator="kind")
]


# --- launch, economics, terrestrial, ground -------------------------------------------------


class LaunchPlan(Part):
    vehicle: str = Field(description="launch vehicle (catalog key)")
    # the Shuttle cost about 60,000 USD/kg; 10^7 leaves room for anything
    cost_usd_per_kg: Annotated[float, Field(ge=0.0, le=1e7)] = Field(description="price to orbit, USD/kg")
    # 1 kg (a rideshare slot) to 10,000 t (seventy Saturn Vs in one)
    capacity_kg: Annotated[float, Field(ge=1.0, le=1e7)] = Field(
        description="payload mass per launch to the vehicle's reference orbit (its catalog performance table "
                    "says which; each shell gets this × table(shell orbit) / table(reference)), kg")
    # one launch a century to 10,000 a year (30 times the world's cadence of 2025)
    launches_per_year: Annotated[float, Field(ge=0.01, le=10_000.0)] = Field(
        description="launch cadence, 1/yr"
    )
    first_launch_years: Years = Field(description="time from the epoch to the first launch, yr")
    commissioning_years: Years = Field(description="time from launch to first FLOP, yr")
    # of the order of 10-30 kg CO2 per kg of capacity for kerosene and methane launchers
    co2e_kg_per_kg: Annotated[float, Field(ge=0.0, le=1e4)] | None = Field(
        default=None, description="CO2e of a launch per kg of its payload capacity, kg CO2e/kg (empty: not stated)")
    # replacement launches (core/replenishment.py); defaults so that files saved before load unchanged
    replenishment: Literal["none", "keep_above"] = Field(
        default="none",
        description="none: no replacements; keep_above: replacement batches keep each shell's working "
        "capacity at or above replenish_threshold of its commissioned satellites. Lost are the "
        "satellite-equivalents whose GPUs have failed (the per-GPU failure rate) and satellites past "
        "their dose life or re-entered from drag without thrusters; a batch of whole satellites, "
        "ordered ahead by the commissioning time, restores the shell to all its satellites")
    # 0.99 at most: nearer 1 a high failure rate would relaunch every few days
    replenish_threshold: Annotated[float, Field(ge=0.0, le=0.99)] = Field(
        default=0.9, description="working fraction of each shell below which a replacement batch is "
        "commissioned (keep_above)")

    @field_validator("vehicle")
    @classmethod
    def _known_vehicle(cls, v: str) -> str:
        return _check_catalog("launchers", v)


class Economics(Part):
    # one month (the calendar is sampled monthly) to 50 years
    analysis_years: Annotated[float, Field(ge=1.0 / 12.0, le=50.0)] = Field(
        description="calendar horizon of the comparison, yr"
    )
    nonrecurring_cost_usd: TotalCost = Field(description="design, qualification, ground build, USD")
    operations_usd_per_year: TotalCost = Field(description="operations and ground segment, USD/yr")
    # 0 = undiscounted (MODEL.md section 15); 100 %/yr is far past any cost of capital
    discount_rate_per_year: Annotated[float, Field(ge=0.0, le=1.0)] = Field(
        default=0.0, description="discount rate of the levelised cost of compute, 1/yr (0 = undiscounted)")


class TerrestrialSite(Part):
    """A ground data center running the same GPUs (same model and count as the orbital fleet).

    Capacity comes online in ``build_phases`` equal phases ``phase_interval_years`` apart, the
    first after the grid wait and the build. A leased site pays its lease on the stated basis:
    per MW of IT load and month (as reported) or per installed GPU and hour."""

    name: Name
    latitude_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    longitude_deg: Annotated[float, Field(ge=-180.0, le=360.0)]
    # 1 kW (a rack) to 1 TW (a third of the world's electricity)
    capacity_it_w: Annotated[float, Field(ge=1e3, le=1e12)] | None = Field(
        default=None, description="largest IT load the site can host, W; empty = unlimited"
    )
    pue: Annotated[float, Field(ge=1.0, le=5.0)] = Field(description="power usage effectiveness")
    # evaporative cooling uses 1-10 L/kWh; 1,000 is past any cooling
    wue_l_per_kwh: Annotated[float, Field(ge=0.0, le=1e3)] = Field(description="water per kWh of IT energy, L/kWh")
    electricity_usd_per_kwh: Annotated[float, Field(ge=0.0, le=1e3)] = Field(
        description="price of facility energy, USD/kWh")  # the worst price spikes: ~10 USD/kWh
    # lignite plants emit about 1.1 kg CO2/kWh; 3 is past any grid
    grid_co2e_kg_per_kwh: Annotated[float, Field(ge=0.0, le=3.0)] | None = Field(
        default=None, description="grid emission intensity of facility energy, kg CO2e/kWh; empty = not stated")
    capex_usd_per_w: Annotated[float, Field(ge=0.0, le=1e4)] = Field(
        description="facility capex per W of IT load, USD/W")  # data centres: ~10 USD/W
    build_years: Years = Field(description="construction time of the first phase, yr")
    build_phases: Annotated[int, Field(ge=1, le=100)] = Field(
        default=1, description="equal phases in which the capacity comes online")
    phase_interval_years: Years = Field(default=0.0, description="time between phases coming online, yr")
    grid_wait_years: Years = Field(description="wait for a grid connection, yr")
    lease_basis: Literal["per_mw_month", "per_gpu_hour"] = Field(
        default="per_mw_month",
        description="what a leased site's lease is normalised by: per MW of IT load and month (as "
        "reported) or per installed GPU and hour")
    # 1 USD to 10^10 USD per MW-month (all-in GPU leases: a few million)
    lease_usd_per_mw_month: Annotated[float, Field(ge=1.0, le=1e10)] | None = Field(
        default=None,
        description="all-in lease per MW of IT load and month (GPUs, energy, facility), USD; "
        "empty = owned",
    )
    # cloud GPU rental is a few USD per GPU-hour; 10^4 leaves room for anything
    lease_usd_per_gpu_hour: Annotated[float, Field(ge=1e-3, le=1e4)] | None = Field(
        default=None, description="all-in lease per installed GPU and hour, USD; empty = owned")
    gpu_failure_rate_per_year: Annotated[float, Field(ge=0.0, le=5.0)] = Field(
        description="hard failures per GPU, 1/yr (replaced: repair allowed)"
    )

    @model_validator(mode="after")
    def _lease_on_its_basis(self) -> TerrestrialSite:
        rates = {"per_mw_month": self.lease_usd_per_mw_month, "per_gpu_hour": self.lease_usd_per_gpu_hour}
        if rates[self.lease_basis] is None and any(v is not None for v in rates.values()):
            other = next(k for k, v in rates.items() if v is not None)
            raise ValueError(
                f"lease_basis is {self.lease_basis!r} but lease_usd_{self.lease_basis.removeprefix('per_')} "
                f"is empty; fill it in, or set lease_basis to {other!r} (or empty both lease fields: owned)")
        return self

    @property
    def leased(self) -> bool:
        return self.lease_usd_per_mw_month is not None or self.lease_usd_per_gpu_hour is not None


class GroundStation(Part):
    name: Name
    latitude_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    longitude_deg: Annotated[float, Field(ge=-180.0, le=360.0)]
    min_elevation_deg: Annotated[float, Field(ge=0.0, lt=90.0)]
    # the station's terminals for this fleet (defaults and sources: design_defaults.json "ground_stations")
    antennas: Annotated[int, Field(ge=0, le=1_000)] = Field(
        default=4, description="RF antennas serving the fleet, each one satellite at a time")
    dish_m: Annotated[float, Field(ge=0.1, le=100.0)] = Field(default=7.3, description="RF dish diameter, m")
    system_noise_k: Annotated[float, Field(ge=10.0, le=10_000.0)] = Field(
        default=250.0, description="receiving system noise temperature, K")
    optical_aperture_m: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        default=0.0, description="optical ground telescope aperture, m (0: no optical terminal)")
    clear_sky_fraction: Fraction = Field(
        default=0.5, description="share of the time the sky is clear enough for an optical link")
    cost_usd_per_year: Annotated[float, Field(ge=0.0, le=1e10)] = Field(
        default=1_000_000.0, description="station service for the fleet, USD per year")


class UserRegion(Part):
    """Where the users of the compute are: a point standing for a region."""

    name: Name
    latitude_deg: Annotated[float, Field(ge=-90.0, le=90.0)]
    longitude_deg: Annotated[float, Field(ge=-180.0, le=360.0)]


class Network(Part):
    """The terrestrial side of a round trip (defaults and sources: design_defaults.json
    "network"): fibre from the users to a ground station or a data center, and the server's time."""

    users: tuple[UserRegion, ...] = Field(default=(
        UserRegion(name="US East (New York)", latitude_deg=40.71, longitude_deg=-74.01),
        UserRegion(name="Western Europe (Paris)", latitude_deg=48.86, longitude_deg=2.35),
        UserRegion(name="East Asia (Tokyo)", latitude_deg=35.68, longitude_deg=139.69)),
        min_length=1, max_length=100, description="user regions; the first is the one the KPIs report")
    route_factor: Annotated[float, Field(ge=1.0, le=5.0)] = Field(
        default=1.5, description="fibre route length over the great-circle distance")
    fiber_group_index: Annotated[float, Field(ge=1.0, le=2.0)] = Field(
        default=1.468, description="group index of the fibre (light travels at c / index)")
    processing_ms: Annotated[float, Field(ge=0.0, le=100_000.0)] = Field(
        default=10.0, description="server and switching time inside a round trip, ms")


# --- the scenario ---------------------------------------------------------------------------


def _unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise ValueError(f"two {what} are named {n!r}; names must be unique")
        seen.add(n)


class Scenario(Part):
    name: Name
    epoch: datetime = Field(description="scenario start, UTC")
    designs: tuple[SatelliteDesign, ...] = Field(min_length=1, max_length=MAX_DESIGNS)
    shells: tuple[Shell, ...] = Field(min_length=1, max_length=MAX_SHELLS)
    launch: LaunchPlan
    economics: Economics
    terrestrial: tuple[TerrestrialSite, ...] = Field(default=(), max_length=MAX_TERRESTRIAL_SITES)
    ground_stations: tuple[GroundStation, ...] = Field(default=(), max_length=MAX_GROUND_STATIONS)
    network: Network = Field(default_factory=Network)

    @field_validator("epoch")
    @classmethod
    def _utc(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("epoch needs a time zone; write it in UTC, e.g. 2027-01-01T00:00:00Z")
        v = v.astimezone(timezone.utc)
        if not 1900 <= v.year <= 2050:
            raise ValueError("epoch must lie between 1900 and 2050 (the bundled ephemeris de421)")
        return v

    @model_validator(mode="after")
    def _inside_ephemeris(self) -> Scenario:
        end_year = self.epoch.year + (self.epoch.timetuple().tm_yday / 366.0) + self.economics.analysis_years
        if end_year > EPHEMERIS_END_YEAR:
            raise ValueError(
                f"the analysis runs past {EPHEMERIS_END_YEAR:.0f}, the end of the bundled Sun "
                "ephemeris (DE421); choose an earlier epoch or a shorter economics.analysis_years"
            )
        return self

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        _unique([d.name for d in self.designs], "satellite designs")
        _unique([s.name for s in self.shells], "shells")
        _unique([t.name for t in self.terrestrial], "terrestrial sites")
        known = {d.name for d in self.designs}
        for s in self.shells:
            if s.design not in known:
                raise ValueError(
                    f"shell {s.name!r} flies design {s.design!r}, which does not exist; "
                    f"designs: {', '.join(sorted(known))}"
                )
        return self

    @model_validator(mode="after")
    def _launches_fit(self) -> Scenario:
        plan, horizon = self.launch, self.economics.analysis_years
        months = round(horizon * 12) + 1  # core.evaluate's monthly calendar grid
        n = plan.launches_per_year * max(horizon - plan.first_launch_years, 0.0)
        if n * months > MAX_LAUNCH_MONTHS:
            raise ValueError(
                f"launch.launches_per_year allows {n:,.0f} launches within the horizon; an analysis "
                f"of {horizon:g} years follows at most {MAX_LAUNCH_MONTHS // months:,} "
                f"({MAX_LAUNCH_MONTHS:,} launch-months): lower the cadence or shorten "
                "economics.analysis_years")
        return self

    @model_validator(mode="after")
    def _tle_satellites_fly(self) -> Scenario:
        """A TLE of a satellite that has re-entered (say, one from 1957) cannot say anything about
        a fleet at the epoch; SGP4 tells, so the set is refused naming the satellite."""
        from orbitdesk.model.tle import first_decayed

        for i, s in enumerate(self.shells):
            if isinstance(s, TLESet) and (bad := first_decayed(s.tle_text, self.epoch)):
                tle, why = bad
                raise ValueError(
                    f"shells[{i}] ({s.name!r}): satellite {tle.name!r} (TLE line {tle.first_line}) "
                    f"cannot be propagated to the epoch {self.epoch:%Y-%m-%d}: {why}; remove it from "
                    "the TLE set or use a current TLE")
        return self

    def design(self, name: str) -> SatelliteDesign:
        for d in self.designs:
            if d.name == name:
                return d
        raise KeyError(name)

    @property
    def satellite_count(self) -> int:
        return sum(s.satellite_count for s in self.shells)
