"""The built-in default scenario, assembled from the bundled catalogs.

An orbital design sized to the class of Colossus 1 (about 300 MW of IT power) in a dawn-dusk
sun-synchronous orbit, compared with Colossus 1 and new builds in Northern Virginia, Ireland and
Frankfurt. Every value comes from resources/catalogs with its provenance; ``provenance(path)`` tells
the GUI where a default comes from.
"""

from __future__ import annotations

import re
from functools import cache

from orbitdesk.model.catalog import Sourced, catalog, entry, gpu_payload_source, gpu_payload_values
from orbitdesk.model.scenario import (
    Battery,
    Bus,
    ComputePayload,
    Economics,
    GroundStation,
    LaunchPlan,
    Radiation,
    Radiator,
    SatelliteDesign,
    Scenario,
    SolarArray,
    SunSyncShell,
    TerrestrialSite,
)

DEFAULT_DESIGN = "AI sat 112 kW"  # names.design_name(default_design()): generated, so it follows edits
DEFAULT_SITES = ("colossus-1", "northern-virginia", "ireland", "frankfurt")
# (name, lat, lon): commercial ground-station sites near the poles serve a polar/SSO fleet
DEFAULT_GROUND_STATIONS = (
    ("Svalbard", 78.23, 15.39),
    ("Troll (Antarctica)", -72.01, 2.53),
    ("Fairbanks", 64.86, -147.85),
)
# station networks from public positions (name, latitude °N, longitude °E): the polar stations of
# the default (KSAT Svalbard and Troll, UAF/NOAA Fairbanks), NASA's Deep Space Network complexes
# (Goldstone, Madrid, Canberra: DSN site coordinates, JPL), and equatorial stations (CNES/ESA
# Kourou, ASI's Luigi Broglio centre at Malindi, and Singapore)
STATION_NETWORKS = {
    "polar": DEFAULT_GROUND_STATIONS,
    "mid-latitude": (("Goldstone", 35.43, -116.89), ("Madrid", 40.43, -4.25), ("Canberra", -35.40, 148.98)),
    "equatorial": (("Kourou", 5.25, -52.80), ("Malindi", -2.99, 40.19), ("Singapore", 1.35, 103.82)),
}


def station_network(scenario, network: str) -> tuple:
    """The scenario's stations replaced by the preset ``network`` (STATION_NETWORKS), each with the
    terminals and minimum elevation of the scenario's first station (else the defaults)."""
    if network not in STATION_NETWORKS:
        raise KeyError(f"unknown station network {network!r}; known: {', '.join(STATION_NETWORKS)}")
    like = scenario.ground_stations[0] if scenario.ground_stations else GroundStation(
        name="-", latitude_deg=0.0, longitude_deg=0.0, min_elevation_deg=_d("ground_stations")["min_elevation_deg"])
    return tuple(like.model_copy(update={"name": n, "latitude_deg": la, "longitude_deg": lo})
                 for n, la, lo in STATION_NETWORKS[network])


def _d(section: str) -> dict:
    return entry("design_defaults", section).values()


def solar_from_cell(cell: str, area_m2: float, pointing: str) -> SolarArray:
    c = entry("solar_cells", cell)
    return SolarArray(
        cell=cell,
        area_m2=area_m2,
        pointing=pointing,
        efficiency_bol=c["efficiency_bol"],
        degradation_per_year=c["degradation_per_year"],
        packing_factor=c["packing_factor"],
        specific_power_w_per_kg=c["specific_power_w_per_kg"],
        cost_usd_per_w=c["cost_usd_per_w"],
    )


def coating_values(coating: str) -> dict:
    c = entry("coatings", coating)
    return {"coating": coating, "absorptivity_solar": c["absorptivity_solar"], "emissivity": c["emissivity"]}


def launch_from_vehicle(vehicle: str, first_launch_years: float, commissioning_years: float) -> LaunchPlan:
    v = entry("launchers", vehicle)
    return LaunchPlan(
        vehicle=vehicle,
        cost_usd_per_kg=v["cost_usd_per_kg"],
        capacity_kg=v["capacity_kg"],
        launches_per_year=v["launches_per_year"],
        first_launch_years=first_launch_years,
        commissioning_years=commissioning_years,
        co2e_kg_per_kg=v["co2e_kg_per_kg"],
    )


def site_from_catalog(key: str) -> TerrestrialSite:
    s = entry("sites", key)
    return TerrestrialSite(name=s.name, **s.values())


def default_design(name: str = DEFAULT_DESIGN) -> SatelliteDesign:
    solar, radiator, compute = _d("solar"), _d("radiator"), _d("compute")
    gpu = entry("gpus", compute["gpu"])
    return SatelliteDesign(
        name=name,
        solar=solar_from_cell(solar["cell"], solar["area_m2"], solar["pointing"]),
        battery=Battery(**_d("battery")),
        radiator=Radiator(**{**radiator, **coating_values(radiator["coating"])}),
        compute=ComputePayload(**compute, gpu_unit_cost_usd=gpu["unit_cost_usd"]),
        radiation=Radiation(**_d("radiation")),
        bus=Bus(**_d("bus")),
    )


@cache
def default_scenario() -> Scenario:
    shell, launch = _d("shell"), _d("launch")
    min_el = _d("ground_stations")["min_elevation_deg"]
    return Scenario(
        name="Colossus-class orbital cluster (300 MW IT)",
        epoch=_d("scenario")["epoch"],
        designs=(default_design(),),
        shells=(SunSyncShell(name="Dawn-dusk SSO 650 km", design=DEFAULT_DESIGN, **shell),),
        launch=launch_from_vehicle(
            launch["vehicle"], launch["first_launch_years"], launch["commissioning_years"]
        ),
        economics=Economics(**_d("economics")),
        terrestrial=tuple(site_from_catalog(k) for k in DEFAULT_SITES),
        ground_stations=tuple(
            GroundStation(name=n, latitude_deg=la, longitude_deg=lo, min_elevation_deg=min_el)
            for n, la, lo in DEFAULT_GROUND_STATIONS
        ),
    )


# field name in a scenario part -> (catalog, key field on the part) for catalog-backed values
_CATALOG_FIELDS = {
    "solar": ("solar_cells", "cell"),
    "radiator": ("coatings", "coating"),
    "compute": ("gpus", "gpu"),
    "launch": ("launchers", "vehicle"),
}


# defaults the model itself sets (no catalog entry carries them), with their provenance
_MODEL_DEFAULTS = {
    ("economics", "discount_rate_per_year"): Sourced(
        0.0, "1/yr", "assumed",
        "undiscounted by default (MODEL.md section 15); a study sets its own cost of capital, e.g. "
        "the 3 % and 7 % real rates of US OMB Circular A-4 (2003)"),
}


def provenance(section: str, field: str, key: str | None = None) -> Sourced | None:
    """Where the default of ``section.field`` comes from, e.g. ('radiator', 'emissivity',
    'starcloud'); ``key`` is the catalog key the part refers to, for catalog-backed fields."""
    if section == "compute" and key is not None and (gpu := gpu_payload_source(key, field)) is not None:
        return gpu  # the price, TDP and peaks, in the payload's units (FLOP/s)
    if section in _CATALOG_FIELDS and key is not None:
        cat, _ = _CATALOG_FIELDS[section]
        name = "unit_cost_usd" if field == "gpu_unit_cost_usd" else field
        found = catalog(cat).get(key)
        if found and name in found.fields:
            return found.fields[name]
    if section == "terrestrial" and key in catalog("sites"):
        return catalog("sites")[key].fields.get(field)
    defaults = catalog("design_defaults")
    if section in defaults and field in defaults[section].fields:
        return defaults[section].fields[field]
    return _MODEL_DEFAULTS.get((section, field))


_SCENARIO_PATH = re.compile(r"^(?:designs\[(?P<design>\d+)\]\.(?P<part>\w+)|shells\[(?P<shell>\d+)\]"
                            r"|terrestrial\[(?P<site>\d+)\]|ground_stations\[(?P<station>\d+)\]|(?P<top>launch|economics))"
                            r"\.(?P<field>\w+)$")


def site_key(name: str) -> str | None:
    """The sites catalog's key of the site named ``name`` (None: not a catalog site)."""
    return next((k for k, e in catalog("sites").items() if e.name == name), None)


def path_provenance(scenario: Scenario, path: str) -> Sourced | None:
    """``provenance`` of the field at scenario path ``path`` ("designs[0].solar.cost_usd_per_w",
    "launch.cost_usd_per_kg", "shells[0].altitude_km", "terrestrial[1].capex_usd_per_w"), the
    catalog entry being the one the part refers to now (its cell, coating, GPU, vehicle, site);
    None for a path with no recorded source."""
    m = _SCENARIO_PATH.match(path)
    if m is None:
        return None
    field, key = m["field"], None
    try:
        if m["design"] is not None:
            section = m["part"]
            part = getattr(scenario.designs[int(m["design"])], section)
            key = getattr(part, _CATALOG_FIELDS[section][1]) if section in _CATALOG_FIELDS else None
        elif m["shell"] is not None:
            section, _ = "shell", scenario.shells[int(m["shell"])]
        elif m["site"] is not None:
            section, key = "terrestrial", site_key(scenario.terrestrial[int(m["site"])].name)
        elif m["top"] is not None:
            section = m["top"]
            key = scenario.launch.vehicle if section == "launch" else None
        else:
            section, _ = "ground_stations", scenario.ground_stations[int(m["station"])]
    except (AttributeError, IndexError):
        return None
    return provenance(section, field, key)


def _solar_values(cell: str) -> dict:
    return solar_from_cell(cell, 1.0, "sun_tracking").model_dump(exclude={"area_m2", "pointing"})


def _gpu_values(gpu: str) -> dict:
    values = {"gpu": gpu, **gpu_payload_values(gpu)}  # price, TDP and dense peaks
    if values["gpu_fp8_peak_flop_per_s"] is None:
        values["precision"] = "bf16"  # this GPU has no published FP8 figure
    return values


def _launcher_values(vehicle: str) -> dict:
    v = entry("launchers", vehicle)
    return {"vehicle": vehicle, **{k: v[k] for k in ("cost_usd_per_kg", "capacity_kg", "launches_per_year")},
            "co2e_kg_per_kg": v["co2e_kg_per_kg"]}


# the field holding a catalog key -> the values its entry brings to the part
_CATALOG_VALUES = {"cell": _solar_values, "coating": coating_values, "gpu": _gpu_values,
                   "vehicle": _launcher_values}


def with_catalog_choice(scenario: Scenario, path: str, key: str) -> Scenario:
    """Choose a catalog entry for ``path`` (e.g. 'designs[0].compute.gpu'): the part takes that
    entry's published values too (a new GPU brings its price, a new cell its efficiency)."""
    from orbitdesk.model.edit import parse_path

    keys = parse_path(path)
    data = scenario.model_dump(mode="json")
    part = data
    for k in keys[:-1]:
        part = part[k]
    part.update(_CATALOG_VALUES[keys[-1]](key) if keys[-1] in _CATALOG_VALUES else {keys[-1]: key})
    return Scenario.model_validate(data)
