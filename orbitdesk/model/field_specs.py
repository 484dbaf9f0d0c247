"""What each editor field shows: its label, the unit it is shown in and the scale from the stored
value, its choices or slider range. One definition, Qt-free: the editor panels build their forms
from it and the design report's assumptions table reads the same labels and units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from orbitdesk.model import catalog
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


@dataclass(frozen=True)
class FieldSpec:
    name: str  # attribute of the part, e.g. "area_m2"
    label: str
    unit: str = ""  # as shown
    scale: float = 1.0  # shown = stored × scale (fractions as %)
    integer: bool = False
    choices: tuple | Callable | None = None  # ((value, label), ...) or f(scenario); None = a number
    catalog: bool = False  # a catalog key: choosing it brings the entry's values (defaults.py)
    slider: tuple[float, float] | None = None  # shown range; logarithmic when lo > 0 and hi/lo ≥ 20
    text: bool = False  # a free-text field (names)
    date: bool = False  # a UTC date and time (the scenario epoch)


F = FieldSpec
PCT = 100.0  # fractions are shown in %


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
