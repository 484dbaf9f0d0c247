"""Adding shells: a click at (lat, lon) on the globe becomes a new shell whose orbit passes over
it; a TLE file becomes a TLE set.

Qt-free logic used by the globe's place mode; the document wraps the result in one undo command.
"""

from __future__ import annotations

import math

import numpy as np

from orbitdesk.core import orbits
from orbitdesk.model.scenario import PlacedSatellite, Scenario, SunSyncShell, WalkerShell

KINDS = {"placed": "Satellite", "walker": "Walker shell", "sso": "SSO shell"}


def _free_name(scenario: Scenario, stem: str) -> str:
    taken = {s.name for s in scenario.shells}
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
    name = _free_name(scenario, KINDS[kind])
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
    return _with_shell(scenario, shell)


def _with_shell(scenario: Scenario, shell) -> tuple[Scenario, int]:
    data = scenario.model_dump()
    new = Scenario.model_validate({**data, "shells": [*data["shells"], shell.model_dump()]})
    return new, len(new.shells) - 1


def remove_shell(scenario: Scenario, index: int) -> Scenario:
    """The scenario without shell ``index``; raises ValueError for the last shell."""
    if len(scenario.shells) <= 1:
        raise ValueError("a scenario needs at least one shell; add another before removing this one")
    data = scenario.model_dump()
    data["shells"] = [s for i, s in enumerate(data["shells"]) if i != index]
    return Scenario.model_validate(data)


def add_tle_shell(scenario: Scenario, text: str, source_name: str) -> tuple[Scenario, int]:
    """(new scenario, index) with a TLE set from ``text``; ValueError names the bad line."""
    from orbitdesk.model.scenario import TLESet
    from orbitdesk.model.tle import parse_tle

    count = len(parse_tle(text))  # the line-numbered error, before pydantic wraps it
    stem = source_name.rsplit(".", 1)[0] or "TLE set"
    shell = TLESet(name=_free_name(scenario, f"{stem} ({count} sat)"), design=scenario.shells[0].design,
                   tle_text=text)
    return _with_shell(scenario, shell)
