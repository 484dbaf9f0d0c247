"""Build resources/environment/density.json: global-mean thermospheric density and a solar-cycle profile.

Run once by a developer, not at run time (``.venv/bin/pip install pymsis``, then
``.venv/bin/python packaging/build_density_table.py``). pymsis runs NRLMSIS 2.1 offline when F10.7,
F10.7a and Ap are given explicitly, which this script always does; the table ships in the package so
the application needs neither pymsis nor the network.

Global mean, the quantity the drag model uses (a satellite samples every latitude, local time and
season over weeks): the arithmetic mean of NRLMSIS total mass density over
- latitude: 36 bands, centres -87.5°…87.5° every 5°, weighted by cos(latitude) (equal-area mean);
- local time: 24 longitudes every 15° at 00:00 UT (so every local time, at a fixed UT);
- season: the 15th of each month of 2020 (12 days of year; with F10.7 given the year does not matter).
Daily F10.7 = 81-day mean F10.7a = the table's level; Ap = 4 (all seven Ap entries, quiet geomagnetic
conditions, as in REFERENCE_DATA.md). Geodetic altitudes 120-250 km every 2 km, then every 10 km
to 2,500 km.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from pathlib import Path

import numpy as np

TARGET = Path(__file__).resolve().parent.parent / "resources" / "environment" / "density.json"

# 2 km nodes in the lower thermosphere (short scale heights), 10 km above 250 km
ALTITUDES_KM = np.concatenate([np.arange(120.0, 250.0, 2.0), np.arange(250.0, 2500.0 + 1e-9, 10.0)])
F107_LEVELS_SFU = (60.0, 70.0, 80.0, 90.0, 100.0, 115.0, 130.0, 150.0, 175.0, 200.0, 225.0, 250.0, 275.0, 300.0)
AP = 4.0
MSIS_VERSION = 2.1
LATITUDES_DEG = np.arange(-87.5, 90.0, 5.0)
LONGITUDES_DEG = np.arange(0.0, 360.0, 15.0)
DATES = np.array([f"2020-{m:02d}-15T00:00" for m in range(1, 13)], dtype="datetime64[m]")

# Solar-cycle profile (F10.7 smoothed over 13 months), sfu. Anchors: cycle-25 minimum December 2019
# (NOAA/NASA Solar Cycle 25 Prediction Panel, Sept 2020), smoothed F10.7 ≈ 70; solar maximum in
# October 2024 (NASA/NOAA announcement of 15 Oct 2024; SILSO smoothed sunspot number 160.9 in Oct
# 2024), smoothed F10.7 ≈ 195 read from NOAA SWPC's "Solar Cycle Progression" F10.7 plot (monthly
# means ~150-240 sfu through 2024). Shape: a half-cosine rise over 4.83 years (min→max) and a
# half-cosine fall over the remaining 6.17 years of an 11.0-year cycle; later cycles repeat cycle 25.
CYCLE = {
    "minimum_year": 2019.96,   # December 2019
    "maximum_year": 2024.79,   # October 2024
    "period_years": 11.0,
    "minimum_sfu": 70.0,
    "maximum_sfu": 195.0,
}


def global_mean_density_kg_m3(altitudes_km, f107_sfu: float, ap: float = AP) -> np.ndarray:
    """Global-mean NRLMSIS 2.1 mass density (kg/m³) at geodetic altitudes (km), see the module docstring."""
    import pymsis

    alts = np.atleast_1d(np.asarray(altitudes_km, dtype=float))
    n = len(DATES)
    out = pymsis.calculate(DATES, LONGITUDES_DEG, LATITUDES_DEG, alts,
                           f107s=np.full(n, f107_sfu), f107as=np.full(n, f107_sfu),
                           aps=np.full((n, 7), ap), version=MSIS_VERSION)
    rho = out[..., pymsis.Variable.MASS_DENSITY]  # (dates, lons, lats, alts)
    w = np.cos(np.radians(LATITUDES_DEG))
    return np.einsum("dolh,l->h", rho, w) / (w.sum() * n * len(LONGITUDES_DEG))


def cycle_f107_sfu(years) -> np.ndarray:
    """Smoothed F10.7 (sfu) of the shipped profile at decimal years (periodic after cycle 25)."""
    c = CYCLE
    rise = c["maximum_year"] - c["minimum_year"]
    fall = c["period_years"] - rise
    phase = np.mod(np.asarray(years, dtype=float) - c["minimum_year"], c["period_years"])
    s = np.where(phase < rise, phase / rise, 1.0 + (phase - rise) / fall)  # 0→1 rising, 1→2 falling
    mid, amp = 0.5 * (c["maximum_sfu"] + c["minimum_sfu"]), 0.5 * (c["maximum_sfu"] - c["minimum_sfu"])
    return mid - amp * np.cos(np.pi * s)


def build() -> dict:
    import pymsis

    table = np.array([global_mean_density_kg_m3(ALTITUDES_KM, f) for f in F107_LEVELS_SFU])
    years = np.round(np.arange(CYCLE["minimum_year"], CYCLE["minimum_year"] + CYCLE["period_years"] + 1e-9,
                               1.0 / 12.0), 4)
    return {
        "table": "global-mean thermospheric mass density",
        "version": 1,
        "source": {
            "model": f"NRLMSIS {MSIS_VERSION}",
            "package": f"pymsis {pymsis.__version__}",
            "method": (
                "arithmetic mean of total mass density over 36 latitude bands (-87.5..87.5 deg every 5 deg, "
                "cos-latitude weights), 24 longitudes every 15 deg at 00:00 UT (all local times) and the 15th "
                "of each month of 2020; F10.7 = F10.7a = the level; Ap = 4 for all seven Ap entries; "
                "geodetic altitude"),
            "script": "packaging/build_density_table.py",
            "date": _dt.date.today().isoformat(),
        },
        "ap": AP,
        "altitude_km": [float(h) for h in ALTITUDES_KM],
        "f107_sfu": list(F107_LEVELS_SFU),
        "density_kg_m3": [[float(f"{v:.6e}") for v in row] for row in table],
        "solar_cycle": {
            "quantity": "13-month smoothed F10.7, sfu",
            "source": (
                "cycle-25 minimum Dec 2019 (NOAA/NASA Solar Cycle 25 Prediction Panel) at ~70 sfu; maximum "
                "Oct 2024 (NASA/NOAA announcement 15 Oct 2024; SILSO smoothed sunspot number 160.9) at ~195 sfu "
                "read from NOAA SWPC's Solar Cycle Progression F10.7 plot"),
            "shape": ("half-cosine rise from the minimum to the maximum, half-cosine fall to the next minimum "
                      "11.0 years after the first; repeats cycle 25 periodically (an assumption)"),
            **CYCLE,
            "year": [float(y) for y in years],
            "f107_sfu": [round(float(v), 2) for v in cycle_f107_sfu(years)],
        },
    }


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(build(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
