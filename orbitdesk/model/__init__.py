"""Qt-free scenario values: the Scenario and its parts, validation, file format, catalogs."""

from orbitdesk.model.catalog import Entry, Sourced, catalog, entry
from orbitdesk.model.defaults import default_scenario, provenance
from orbitdesk.model.edit import get_value, with_value
from orbitdesk.model.errors import ScenarioFileError, describe_validation_error
from orbitdesk.model.fileformat import (
    load_scenario,
    save_scenario,
    scenario_from_json,
    scenario_to_json,
)
from orbitdesk.model.scenario import (
    Battery,
    Bus,
    ComputePayload,
    Economics,
    GroundStation,
    LaunchPlan,
    PlacedSatellite,
    Radiation,
    Radiator,
    SatelliteDesign,
    Scenario,
    SolarArray,
    SunSyncShell,
    TerrestrialSite,
    TLESet,
    WalkerShell,
)

__all__ = [
    "Battery", "Bus", "ComputePayload", "Economics", "Entry", "GroundStation", "LaunchPlan",
    "PlacedSatellite", "Radiation", "Radiator", "SatelliteDesign", "Scenario",
    "ScenarioFileError", "SolarArray", "Sourced", "SunSyncShell", "TLESet", "TerrestrialSite",
    "WalkerShell", "catalog", "default_scenario", "describe_validation_error", "entry",
    "get_value", "load_scenario", "provenance", "with_value", "save_scenario", "scenario_from_json", "scenario_to_json",
]
