"""A design as it flies in one shell's orbit: the dose rate and the SEU downtime of that orbit.

The design's radiation part states a shield (mm Al), an optional dose-rate override and the SEU
downtime on the reference orbit (650 km SSO); here they become the figures of the shell's own
altitude and inclination through the trapped-particle table (core/radiation.py). The table spans
300-2,500 km: shells outside it take its nearest altitude (below 300 km the belts are weaker,
above 2,500 km stronger: there the dose is a floor, README states the limit).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from orbitdesk.core import radiation
from orbitdesk.core.constants import MU_EARTH_KM3_S2, R_EARTH_KM
from orbitdesk.core.orbits import sso_inclination_deg
from orbitdesk.model.scenario import SatelliteDesign, TLESet
from orbitdesk.model.tle import parse_tle


def orbit_of(shell) -> tuple[float, float]:
    """(altitude km, inclination deg) of a shell; a TLE set's mean over its satellites."""
    if isinstance(shell, TLESet):
        records = parse_tle(shell.tle_text)
        inc = np.array([float(r.line2[8:16]) for r in records])
        n_rad_s = np.array([float(r.line2[52:63]) for r in records]) * 2 * np.pi / 86400.0
        a = (MU_EARTH_KM3_S2 / n_rad_s**2) ** (1.0 / 3.0)
        return float(np.mean(a - R_EARTH_KM)), float(np.mean(inc))
    inclination = getattr(shell, "inclination_deg", None)
    if inclination is None:  # a sun-synchronous shell: its inclination follows from its altitude
        inclination = sso_inclination_deg(shell.altitude_km)
    return float(shell.altitude_km), float(inclination)


@lru_cache(maxsize=256)
def in_orbit(design: SatelliteDesign, shell) -> SatelliteDesign:
    """The design with its dose rate (unless overridden) and SEU downtime of the shell's orbit."""
    r = design.radiation
    altitude, inclination = orbit_of(shell)
    lo, hi = radiation.trapped_table().altitude_km[[0, -1]]
    h = float(np.clip(altitude, lo, hi))
    dose = r.dose_rate_rad_per_year
    if dose is None:
        dose = float(radiation.dose_rate_rad_per_year(h, inclination, r.shield_mm_al))
    seu = float(radiation.scaled_seu_downtime_fraction(r.seu_downtime_fraction, h, inclination,
                                                       trapped_share=r.seu_trapped_share))
    rad = r.model_copy(update={"dose_rate_rad_per_year": max(dose, 1e-3), "seu_downtime_fraction": seu})
    return design.model_copy(update={"radiation": rad})
