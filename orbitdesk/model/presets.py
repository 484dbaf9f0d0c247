"""Starting points for File ▸ New: each a whole, valid scenario built from the default design."""

from __future__ import annotations

from collections.abc import Callable

from orbitdesk.model.defaults import DEFAULT_DESIGN, default_scenario
from orbitdesk.model.names import shell_name
from orbitdesk.model.scenario import PlacedSatellite, Scenario, WalkerShell


def _with_shell(name: str, shell) -> Scenario:
    """The default scenario with one shell in place of its own (validated as a whole)."""
    return Scenario.model_validate({**default_scenario().model_dump(), "name": name,
                                    "shells": (shell.model_dump(),)})


def _named(shell):
    """The shell under its generated name ("Walker 53° 550 km"), so the name follows its edits."""
    return shell.model_copy(update={"name": shell_name(shell)})


def _single_satellite() -> Scenario:
    return _with_shell("One satellite", _named(PlacedSatellite(
        name="Satellite", design=DEFAULT_DESIGN, latitude_deg=0.0, longitude_deg=0.0,
        altitude_km=550.0, inclination_deg=53.0)))


def _million_walker() -> Scenario:
    # the scale of SpaceX's FCC request for up to 1,000,000 satellites (REFERENCE_DATA.md)
    return _with_shell("1,000,000-satellite Walker shell", _named(WalkerShell(
        name="Walker", design=DEFAULT_DESIGN, altitude_km=550.0, inclination_deg=53.0,
        total_satellites=1_000_000, planes=1_000, phasing=1)))


PRESETS: dict[str, Callable[[], Scenario]] = {
    "Colossus-class orbital cluster (default)": default_scenario,
    "One satellite, placed": _single_satellite,
    "1,000,000-satellite Walker shell": _million_walker,
}
