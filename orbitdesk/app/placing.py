"""Adding and removing parts: a click at (lat, lon) on the globe becomes a new shell whose orbit
passes over it (or a ground station); a TLE file becomes a TLE set; a design is duplicated; a part
is removed if the scenario stays whole.

Qt-free logic used by the globe's place mode; the document wraps the result in one undo command.
"""

from __future__ import annotations

import math

import numpy as np

from orbitdesk.core import orbits
from orbitdesk.model.names import shell_name, tle_name, unique_name
from orbitdesk.model.scenario import PlacedSatellite, Scenario, SunSyncShell, WalkerShell

KINDS = {"placed": "Satellite", "walker": "Walker shell", "sso": "SSO shell"}
STATION = "station"  # the place-mode kind that adds a ground station
REMOVABLE = ("shells", "designs", "ground_stations", "terrestrial")


def _free_name(scenario: Scenario, stem: str, section: str = "shells") -> str:
    taken = {p.name for p in getattr(scenario, section)}
    n = 1
    while f"{stem} {n}" in taken:
        n += 1
    return f"{stem} {n}"


def _plane_raan_rad(scenario: Scenario, lat: float, lon: float, altitude_km: float,
                    inclination_deg: float) -> float:
    el = orbits.placed_elements(scenario.epoch, lat, lon, altitude_km, inclination_deg, True)
    return float(el.raan_rad.flat[0])


def _walker_planes(total: int) -> int:
    """The largest divisor of ``total`` not above its square root: a near-square Walker pattern."""
    for p in range(int(math.isqrt(total)), 0, -1):
        if total % p == 0:
            return p
    return 1


def place_shell(scenario: Scenario, latitude_deg: float, longitude_deg: float, kind: str,
                altitude_km: float, inclination_deg: float, satellites: int = 1,
                design: str | None = None):
    """(new scenario, index of the new shell). Raises ValueError naming what to change."""
    if kind not in KINDS:
        raise ValueError(f"unknown shell type {kind!r}; choose one of {', '.join(KINDS)}")
    design = design or scenario.shells[0].design
    name = KINDS[kind]  # a placeholder: the shell is named by its orbit below
    lat, lon = float(latitude_deg), float(longitude_deg)
    if kind == "sso":
        inclination_deg = float(orbits.sso_inclination_deg(altitude_km))
    reach = min(inclination_deg, 180.0 - inclination_deg)
    if abs(lat) > reach + 1e-9:
        raise ValueError(f"an orbit inclined {inclination_deg:.1f}° never passes over latitude "
                         f"{lat:.1f}°; raise the inclination to at least {abs(lat):.1f}°")
    if kind == "placed":
        shell = PlacedSatellite(name=name, design=design, latitude_deg=lat, longitude_deg=lon,
                                altitude_km=altitude_km, inclination_deg=inclination_deg)
    elif kind == "walker":
        raan = _plane_raan_rad(scenario, lat, lon, altitude_km, inclination_deg)
        total = max(int(satellites), 1)
        shell = WalkerShell(name=name, design=design, altitude_km=altitude_km,
                            inclination_deg=inclination_deg, total_satellites=total,
                            planes=_walker_planes(total), phasing=1 if _walker_planes(total) > 1 else 0,
                            raan_offset_deg=float(np.degrees(raan) % 360.0))
    else:
        raan = _plane_raan_rad(scenario, lat, lon, altitude_km, inclination_deg)
        sun_ra = orbits.sun_right_ascension_rad(scenario.epoch)
        ltan = (12.0 + np.degrees(raan - sun_ra) / 15.0) % 24.0
        shell = SunSyncShell(name=name, design=design, altitude_km=altitude_km,
                             ltan_hours=float(ltan), planes=1,
                             satellites_per_plane=max(int(satellites), 1))
    # named by its orbit ("Walker 53° 550 km"), so the name follows its edits (model.names)
    generated = unique_name(shell_name(shell), {s.name for s in scenario.shells})
    return _appended(scenario, "shells", {**shell.model_dump(), "name": generated})


def _appended(scenario: Scenario, section: str, part: dict) -> tuple[Scenario, int]:
    """(the scenario with ``part`` added at the end of ``section``, validated whole; its index)."""
    data = scenario.model_dump()
    new = Scenario.model_validate({**data, section: [*data[section], part]})
    return new, len(getattr(new, section)) - 1


def remove_part(scenario: Scenario, section: str, index: int) -> Scenario:
    """The scenario without ``section[index]``; ValueError says why a part must stay."""
    part = getattr(scenario, section)[index]
    if section == "shells" and len(scenario.shells) <= 1:
        raise ValueError("a scenario needs at least one shell; add another before removing this one")
    if section == "designs":
        users = [s.name for s in scenario.shells if s.design == part.name]
        if users:
            raise ValueError(f"design {part.name!r} is flown by {', '.join(map(repr, users))}; "
                             "give those shells another design first")
    data = scenario.model_dump()
    data[section] = [p for i, p in enumerate(data[section]) if i != index]
    return Scenario.model_validate(data)


def duplicate_design(scenario: Scenario, index: int) -> tuple[Scenario, int]:
    """A copy of design ``index`` named '<name> (copy)', '<name> (copy 2)', ...; (scenario, index)."""
    design = scenario.designs[index]
    taken = {d.name for d in scenario.designs}
    name, n = f"{design.name} (copy)", 2
    while name in taken:
        name, n = f"{design.name} (copy {n})", n + 1
    return _appended(scenario, "designs", {**design.model_dump(), "name": name})


def add_ground_station(scenario: Scenario, latitude_deg: float, longitude_deg: float) -> tuple[Scenario, int]:
    """A ground station at (lat, lon) with the default minimum elevation; (scenario, index)."""
    from orbitdesk.model import entry
    from orbitdesk.model.scenario import GroundStation

    station = GroundStation(
        name=_free_name(scenario, "Station", "ground_stations"), latitude_deg=round(latitude_deg, 4),
        longitude_deg=round(longitude_deg, 4),
        min_elevation_deg=entry("design_defaults", "ground_stations")["min_elevation_deg"])
    return _appended(scenario, "ground_stations", station.model_dump())


def add_tle_shell(scenario: Scenario, text: str, source_name: str) -> tuple[Scenario, int]:
    """(new scenario, index) with a TLE set from ``text`` (two-line elements, or an OMM in XML,
    CSV or JSON, stored as the TLEs it gives: model/omm.py); ValueError names the bad line or
    record."""
    from orbitdesk.model.omm import omm_format, omm_to_tle
    from orbitdesk.model.scenario import TLESet
    from orbitdesk.model.tle import parse_tle

    if omm_format(text) is not None:
        text = omm_to_tle(text)

    count = len(parse_tle(text))  # the line-numbered error, before pydantic wraps it
    stem = source_name.rsplit(".", 1)[0] or "TLE set"
    shell = TLESet(name=unique_name(tle_name(stem, count), {s.name for s in scenario.shells}),
                   design=scenario.shells[0].design,
                   tle_text=text)
    return _appended(scenario, "shells", shell.model_dump())
