"""Launch vehicle payload to a circular orbit of given altitude and inclination (MODEL.md section 13).

Each launcher in ``resources/catalogs/launchers.json`` carries a ``performance`` table: payload
(kg) on a grid of circular altitudes (km) × inclinations (deg), with the orbit its
``capacity_kg`` refers to (``reference``). The capacity to a shell is the plan's capacity scaled
by the table's ratio, ``plan.capacity_kg × table(shell orbit) / table(reference orbit)``, so a
planner's capacity edit still scales and an old scenario keeps its meaning at the reference orbit.

Outside the table: below its lowest altitude the lowest altitude's payload is used (clamped: a
lower orbit is no harder to reach); above its highest altitude, below its lowest inclination or
above its highest, the payload is zero (out of the vehicle's reach as far as the table knows).

No launcher publishes a current curve (SpaceX's Falcon user's guide since 2015 asks customers to
ask), so the shipped tables are derived from published points with ``derive_table``: the upper
stage's rocket equation with its published propellant load and dry mass, an effective exhaust
velocity and a reference Δv fitted so the curve passes through the vehicle's published LEO and GTO
payloads; the extra Δv to an orbit is the two-burn Hohmann raise from the base orbit (200 km) plus
the Earth-rotation boost lost by launching into a higher inclination, v_eq·(cos i_base − cos i).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from orbitdesk.core.constants import MU_EARTH_KM3_S2, R_EARTH_KM

# IERS Conventions (2010): Earth's nominal rotation rate 7.292115e-5 rad/s; at the WGS-84 equator
# that is 465.1 m/s of free eastward speed
EARTH_ROTATION_RAD_S = 7.292115e-5
EQUATOR_SPEED_M_S = EARTH_ROTATION_RAD_S * R_EARTH_KM * 1e3
G0_M_S2 = 9.80665
BASE_ALTITUDE_KM = 200.0  # the orbit the derived Δv is measured from: LEO, 200 km circular ...
BASE_INCLINATION_DEG = 28.5  # ... at the Cape's latitude (the 28.5° of SpaceX's LEO figures)
GEO_RADIUS_KM = 42_164.137  # apogee radius of a standard GTO (35,786 km altitude)


def _circular_speed_km_s(radius_km):
    return np.sqrt(MU_EARTH_KM3_S2 / radius_km)


def hohmann_dv_m_s(from_km, to_km):
    """Two-burn Hohmann Δv between circular orbits (altitudes, km), m/s; negative going down
    (direct insertion into a lower orbit leaves that much Δv over). Broadcasts."""
    r1 = R_EARTH_KM + np.asarray(from_km, dtype=float)
    r2 = R_EARTH_KM + np.asarray(to_km, dtype=float)
    a = 0.5 * (r1 + r2)
    v1, v2 = _circular_speed_km_s(r1), _circular_speed_km_s(r2)
    burn1 = np.abs(np.sqrt(MU_EARTH_KM3_S2 * (2.0 / r1 - 1.0 / a)) - v1)
    burn2 = np.abs(v2 - np.sqrt(MU_EARTH_KM3_S2 * (2.0 / r2 - 1.0 / a)))
    return np.sign(r2 - r1) * (burn1 + burn2) * 1e3


def rotation_loss_dv_m_s(inclination_deg, from_inclination_deg=BASE_INCLINATION_DEG):
    """Δv lost to Earth's rotation by launching into ``inclination_deg`` instead of
    ``from_inclination_deg`` (both at or above the launch site's latitude), m/s: the eastward
    component of the site's speed along the orbit is v_eq·cos i whatever the site's latitude."""
    return EQUATOR_SPEED_M_S * (np.cos(np.radians(from_inclination_deg)) - np.cos(np.radians(inclination_deg)))


def orbit_dv_m_s(altitude_km, inclination_deg):
    """Δv beyond the base orbit (200 km, 28.5°) to a circular orbit, m/s. Broadcasts."""
    return hohmann_dv_m_s(BASE_ALTITUDE_KM, altitude_km) + rotation_loss_dv_m_s(inclination_deg)


def gto_dv_m_s(perigee_km=185.0, apogee_km=35_786.0):
    """Δv beyond the base orbit to a transfer orbit (perigee × apogee altitude, km) in the base
    plane, m/s: descend to the perigee altitude, then the perigee burn (vis-viva)."""
    rp, ra = R_EARTH_KM + perigee_km, R_EARTH_KM + apogee_km
    burn = np.sqrt(MU_EARTH_KM3_S2 * (2.0 / rp - 2.0 / (rp + ra))) - _circular_speed_km_s(rp)
    return float(hohmann_dv_m_s(BASE_ALTITUDE_KM, perigee_km) + burn * 1e3)


def stage_payload_kg(dv_m_s, dry_kg, propellant_kg, exhaust_m_s, reference_dv_m_s):
    """Payload the upper stage takes through ``reference_dv_m_s + dv_m_s`` (rocket equation
    c·ln((m_d + m_p + P)/(m_d + P))), kg; zero where it cannot (P ≤ 0). Broadcasts over dv."""
    ratio = np.exp((reference_dv_m_s + np.asarray(dv_m_s, dtype=float)) / exhaust_m_s)
    with np.errstate(divide="ignore"):
        payload = propellant_kg / (ratio - 1.0) - dry_kg
    return np.maximum(payload, 0.0)


def fit_stage(dry_kg, propellant_kg, points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Effective exhaust velocity and reference Δv (m/s) that put ``stage_payload_kg`` through two
    published (Δv beyond the base orbit m/s, payload kg) points. The effective exhaust velocity is
    above the stage's own (the booster, too, slows with a heavier payload)."""
    (dv1, p1), (dv2, p2) = points
    m = dry_kg + propellant_kg
    log_ratio = np.log((m + p2) * (dry_kg + p1) / ((dry_kg + p2) * (m + p1)))
    exhaust = (dv2 - dv1) / log_ratio
    return float(exhaust), float(exhaust * np.log((m + p1) / (dry_kg + p1)) - dv1)


def _anchor_dv(anchor: Mapping) -> float:
    if anchor["orbit"] == "GTO":
        return gto_dv_m_s(anchor["perigee_km"], anchor["apogee_km"])
    return float(orbit_dv_m_s(anchor["altitude_km"], anchor["inclination_deg"]))


def derive_table(model: Mapping, altitude_km: Sequence[float], inclination_deg: Sequence[float]) -> list[list[float]]:
    """Payload (kg, rounded to 10 kg) on the altitude × inclination grid, rows by altitude, from a
    ``model`` with the stage's ``dry_kg``, ``propellant_kg`` and two published ``anchors`` (each
    {"orbit": "circular", altitude_km, inclination_deg, payload_kg} or {"orbit": "GTO",
    perigee_km, apogee_km, payload_kg})."""
    points = [(_anchor_dv(a), float(a["payload_kg"])) for a in model["anchors"]]
    exhaust, ref_dv = fit_stage(model["dry_kg"], model["propellant_kg"], points)
    dv = orbit_dv_m_s(np.asarray(altitude_km, dtype=float)[:, None], np.asarray(inclination_deg, dtype=float)[None, :])
    payload = stage_payload_kg(dv, model["dry_kg"], model["propellant_kg"], exhaust, ref_dv)
    return (np.round(payload / 10.0) * 10.0).tolist()


def capacity_kg(table: Mapping, altitude_km, inclination_deg):
    """Payload (kg) of a ``performance`` table to circular orbits, bilinear in altitude and
    inclination; broadcasts. Below the lowest altitude: clamped to it; above the highest altitude
    or outside the inclination range: 0 (beyond the vehicle's reach as the table knows it)."""
    alt_grid = np.asarray(table["altitude_km"], dtype=float)
    inc_grid = np.asarray(table["inclination_deg"], dtype=float)
    grid = np.asarray(table["payload_kg"], dtype=float)  # (A, I)
    h, i = np.broadcast_arrays(np.asarray(altitude_km, dtype=float), np.asarray(inclination_deg, dtype=float))
    hc = np.maximum(h, alt_grid[0])
    ja = np.clip(np.searchsorted(alt_grid, hc, side="right") - 1, 0, len(alt_grid) - 2)
    ji = np.clip(np.searchsorted(inc_grid, i, side="right") - 1, 0, len(inc_grid) - 2)
    fa = np.clip((hc - alt_grid[ja]) / (alt_grid[ja + 1] - alt_grid[ja]), 0.0, 1.0)
    fi = np.clip((i - inc_grid[ji]) / (inc_grid[ji + 1] - inc_grid[ji]), 0.0, 1.0)
    low = grid[ja, ji] * (1 - fi) + grid[ja, ji + 1] * fi
    high = grid[ja + 1, ji] * (1 - fi) + grid[ja + 1, ji + 1] * fi
    out = low * (1 - fa) + high * fa
    reach = (h <= alt_grid[-1]) & (i >= inc_grid[0]) & (i <= inc_grid[-1])
    return np.where(reach, out, 0.0)


def capacity_ratio(table: Mapping, altitude_km, inclination_deg):
    """table(orbit) / table(reference orbit): what the plan's capacity is multiplied by."""
    ref = table["reference"]
    return capacity_kg(table, altitude_km, inclination_deg) / float(
        capacity_kg(table, ref["altitude_km"], ref["inclination_deg"]))


def performance_table(catalog_entry) -> Mapping | None:
    """The ``performance`` table of a launchers catalog entry (None: no entry or no table)."""
    if catalog_entry is None or "performance" not in catalog_entry.fields:
        return None
    return catalog_entry["performance"]


def shell_orbits(shell) -> tuple[np.ndarray, np.ndarray]:
    """Circular altitude (km) and inclination (deg) of a shell's satellites, (N,) each: one for a
    Walker, sun-synchronous or placed shell, one per satellite for a TLE set (altitude from the
    mean motion's semi-major axis)."""
    from orbitdesk.model.scenario import SunSyncShell, TLESet

    if isinstance(shell, TLESet):
        from orbitdesk.model.tle import parse_tle

        lines = [t.line2 for t in parse_tle(shell.tle_text)]
        rev_per_day = np.array([float(ln[52:63]) for ln in lines])
        n = rev_per_day * 2.0 * np.pi / 86400.0
        a = np.cbrt(MU_EARTH_KM3_S2 / n**2)
        return a - R_EARTH_KM, np.array([float(ln[8:16]) for ln in lines])
    if isinstance(shell, SunSyncShell):
        from orbitdesk.core.orbits import sso_inclination_deg

        return np.array([shell.altitude_km]), np.atleast_1d(sso_inclination_deg(shell.altitude_km))
    return np.array([shell.altitude_km]), np.array([shell.inclination_deg])


def shell_capacity_kg(plan, shell, catalog_entry) -> float:
    """Payload per launch to ``shell``'s orbit, kg: ``plan.capacity_kg`` (to the vehicle's
    reference orbit) × table(shell orbit) / table(reference). A TLE set takes its hardest
    satellite's orbit. No table (a vehicle not in the catalog): the plan's capacity unscaled
    (``capacity_note`` says so). 0 where the orbit is beyond the vehicle's reach."""
    table = performance_table(catalog_entry)
    if table is None:
        return float(plan.capacity_kg)
    h, i = shell_orbits(shell)
    return float(plan.capacity_kg * np.min(capacity_ratio(table, h, i)))


def capacity_note(plan, catalog_entry) -> str | None:
    """Why a plan's capacity is not scaled to its shells' orbits (None where it is)."""
    if performance_table(catalog_entry) is not None:
        return None
    return (f"launcher {plan.vehicle!r} has no performance table: its {plan.capacity_kg:,.0f} kg capacity "
            "is used for every shell's orbit, unscaled by altitude or inclination")


def reach_text(table: Mapping, inclination_deg: float) -> str:
    """Where the vehicle's reach ends at an inclination, for a finding's advice."""
    inc = np.asarray(table["inclination_deg"], dtype=float)
    if not inc[0] <= inclination_deg <= inc[-1]:
        return f"its table covers inclinations {inc[0]:g}–{inc[-1]:g}°"
    alts = np.asarray(table["altitude_km"], dtype=float)
    ok = alts[capacity_kg(table, alts, inclination_deg) > 0]
    if ok.size == 0:
        return f"it reaches no altitude at {inclination_deg:.3g}°"
    return f"at {inclination_deg:.3g}° it reaches up to about {ok[-1]:,.0f} km"
