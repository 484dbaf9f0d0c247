"""Build resources/environment/trapped_dose.json: trapped-particle dose by altitude, inclination, shielding.

Run once by a developer (`pip install radbelt`), never at run time: the table ships in the package and
orbitdesk.core.radiation interpolates it.

Method (kept simple on purpose; every step is named in the JSON's "source" block):

1. Fluxes. AE-8 MAX electrons and AP-8 MIN protons (the usual worst-case pairing: electrons are higher at
   solar maximum, low-altitude protons at solar minimum, when the atmosphere is thinner), omnidirectional
   integral fluxes J(>E) in cm⁻² s⁻¹ from the `radbelt` package (NASA's Fortran AE8/AP8 and IGRF). L and
   B/B0 come from radbelt's IGRF at epoch 1960: the AE-8/AP-8 maps were built with the Jensen–Cain 1960
   field (SPENVIS uses them with it); radbelt has no Jensen–Cain model, and IGRF/DGRF 1960 is the
   nearest field it offers.
2. Orbit average. Circular orbits at constant geodetic altitude. Over months the ground track fills all
   longitudes, so the time average is the average over longitude (uniform) and over latitude weighted
   by the time a circular orbit of inclination i spends there, φ = asin(sin i · sin u) with the argument
   of latitude u uniform. The fluxes are computed once per altitude on a geodetic latitude × longitude
   grid, averaged over longitude, and each inclination samples that profile at 3,600 values of u.
   (A single day's track, 15 passes 24° apart, aliases the South Atlantic Anomaly; this is its limit.)
3. Dose behind shielding: at the centre of a solid aluminium sphere of radius t ("4π" shielding, the
   SHIELDOSE-2 geometry SPENVIS reports), every particle crosses t of aluminium, straight ahead, losing
   energy continuously (CSDA); the dose in silicon is fluence × mass stopping power at the residual
   energy (a small detector).
   - protons: Bethe formula (PDG Review of Particle Physics 2024, eq. 34.5; no shell or density
     corrections, good to a few % above 2 MeV against NIST PSTAR), I = 166 eV (Al), 173 eV (Si);
     CSDA range by integrating 1/S from 0.5 MeV;
   - electrons: range in aluminium from Katz & Penfold, Rev. Mod. Phys. 24, 28 (1952):
     R = 0.412 T^(1.265 − 0.0954 ln T) g/cm² (0.01–2.5 MeV), R = 0.530 T − 0.106 g/cm² (> 2.5 MeV);
     collision stopping power in Si from the Rohrlich–Carlson formula (ICRU Report 37, 1984; no density
     effect). Bremsstrahlung is neglected, so the electron dose behind thick shields is low (it is the
     proton dose that dominates there in low Earth orbit).
   Dose in rad(Si) per year (1 rad = 0.01 J/kg, 365.25 days), floored at 1e-3 rad/yr.

Usage: python packaging/build_radiation_table.py [--workers N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

TARGET = Path(__file__).resolve().parent.parent / "resources" / "environment" / "trapped_dose.json"

ALTITUDES_KM = (300, 400, 500, 550, 600, 650, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1750, 2000, 2250,
                2500)
INCLINATIONS_DEG = (0.0, 30.0, 45.0, 53.0, 70.0, 85.0, 97.5, 100.0)
SHIELDS_MM_AL = (0.5, 1.0, 1.7, 3.0, 5.0, 8.0, 12.0, 20.0)  # about log-spaced

# energies of the AE-8/AP-8 maps themselves (AE-8 ends at 7 MeV, AP-8 at 400 MeV); 0.5 mm Al stops electrons
# below ~0.45 MeV and protons below ~8.5 MeV, so lower energies add nothing to the dose
ELECTRON_MEV = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 7.0)
PROTON_MEV = (7.0, 10.0, 15.0, 20.0, 30.0, 50.0, 70.0, 100.0, 150.0, 200.0, 300.0, 400.0)
ELECTRON_MODEL = ("e", "max")
PROTON_MODEL = ("p", "min")
FIELD_EPOCH = 1960.0
LAT_STEP_DEG = 2.0
LON_STEP_DEG = 10.0
N_ARGUMENT_OF_LATITUDE = 3600

RHO_AL_G_CM3 = 2.70
MEV_PER_G_TO_RAD = 1.602176634e-13 / 1e-3 / 1e-2  # MeV/g → J/kg → rad
SECONDS_PER_YEAR = 365.25 * 86400.0
DOSE_FLOOR_RAD_PER_YEAR = 1e-3

K_MEV_CM2_PER_MOL = 0.307075  # 4π N_A r_e² m_e c²  (PDG)
ME_MEV = 0.51099895
MP_MEV = 938.27209
AL = {"z_over_a": 13 / 26.9815, "i_mev": 166e-6}
SI = {"z_over_a": 14 / 28.0855, "i_mev": 173e-6}


# ---------------------------------------------------------------- stopping powers and ranges

def proton_stopping(t_mev, material):
    """Bethe mass stopping power of protons, MeV cm²/g (PDG eq. 34.5, no corrections)."""
    t = np.asarray(t_mev, dtype=float)
    gamma = 1.0 + t / MP_MEV
    b2 = 1.0 - 1.0 / gamma**2
    bg2 = b2 * gamma**2
    r = ME_MEV / MP_MEV
    tmax = 2 * ME_MEV * bg2 / (1 + 2 * gamma * r + r**2)
    log_term = 0.5 * np.log(2 * ME_MEV * bg2 * tmax / material["i_mev"] ** 2)
    return K_MEV_CM2_PER_MOL * material["z_over_a"] / b2 * (log_term - b2)


def electron_stopping(t_mev, material):
    """Collision mass stopping power of electrons, MeV cm²/g (Rohrlich–Carlson, ICRU 37, no density effect)."""
    tau = np.asarray(t_mev, dtype=float) / ME_MEV
    b2 = 1.0 - 1.0 / (tau + 1.0) ** 2
    f = 1 - b2 + (tau**2 / 8 - (2 * tau + 1) * np.log(2.0)) / (tau + 1) ** 2
    log_term = np.log(tau**2 * (tau + 2) / (2 * (material["i_mev"] / ME_MEV) ** 2))
    return 0.5 * K_MEV_CM2_PER_MOL * material["z_over_a"] / b2 * (log_term + f)


_P_GRID = np.geomspace(0.5, 2000.0, 4000)


def _proton_range_table():
    s = proton_stopping(_P_GRID, AL)
    inv = 1.0 / s
    r = np.concatenate([[0.0], np.cumsum(0.5 * (inv[1:] + inv[:-1]) * np.diff(_P_GRID))])
    return r + _P_GRID[0] / (1.75 * s[0])  # below 0.5 MeV: R ∝ T^1.75 (Bragg–Kleeman), negligible


_P_RANGE = _proton_range_table()
_E_GRID = np.geomspace(0.01, 20.0, 4000)


def electron_range_al(t_mev):
    """Katz–Penfold (1952) range of electrons in aluminium, g/cm²."""
    t = np.asarray(t_mev, dtype=float)
    low = 0.412 * t ** (1.265 - 0.0954 * np.log(t))
    return np.where(t <= 2.5, low, 0.530 * t - 0.106)


_E_RANGE = electron_range_al(_E_GRID)


def _residual_energy(e_mev, depth_g_cm2, grid, ranges):
    """Energy left after crossing depth_g_cm2 (CSDA), MeV; 0 where the particle stops."""
    r_left = np.interp(e_mev, grid, ranges) - depth_g_cm2
    out = np.interp(r_left, ranges, grid)
    return np.where(r_left > ranges[0], out, 0.0)


def _fold(energies, integral_flux, shields_mm, grid, ranges, stopping):
    """Dose rate behind each shield (centre of an Al sphere), rad(Si)/yr, from an integral spectrum."""
    energies = np.asarray(energies, dtype=float)
    j = np.asarray(integral_flux, dtype=float)
    fine = np.geomspace(energies[0], energies[-1], 600)
    log_j = np.interp(np.log(fine), np.log(energies), np.log(np.maximum(j, 1e-30)))
    j_fine = np.where(log_j > np.log(1e-25), np.exp(log_j), 0.0)
    bin_counts = np.append(j_fine[:-1] - j_fine[1:], j_fine[-1])  # the last: all above the top energy
    bin_energy = np.append(np.sqrt(fine[:-1] * fine[1:]), fine[-1])
    doses = []
    for mm in shields_mm:
        residual = _residual_energy(bin_energy, mm * 0.1 * RHO_AL_G_CM3, grid, ranges)
        s = np.where(residual > 0, stopping(np.maximum(residual, grid[0])), 0.0)
        doses.append(np.sum(bin_counts * s) * MEV_PER_G_TO_RAD * SECONDS_PER_YEAR)
    return np.array(doses)


def proton_dose(energies, integral_flux, shields_mm):
    return _fold(energies, integral_flux, shields_mm, _P_GRID, _P_RANGE, lambda t: proton_stopping(t, SI))


def electron_dose(energies, integral_flux, shields_mm):
    return _fold(energies, integral_flux, shields_mm, _E_GRID, _E_RANGE, lambda t: electron_stopping(t, SI))


# ---------------------------------------------------------------- fluxes and orbit averages

LAT_GRID = np.arange(-88.0, 88.0 + 1e-9, LAT_STEP_DEG)
LON_GRID = np.arange(0.0, 360.0 - 1e-9, LON_STEP_DEG)


def latitude_nodes(inclinations_deg) -> np.ndarray:
    """The grid latitudes that orbits of these inclinations reach, with one node beyond, deg."""
    reach = max(min(i, 180.0 - i) for i in inclinations_deg)
    return LAT_GRID[np.abs(LAT_GRID) <= reach + LAT_STEP_DEG]


def longitude_averaged_flux(altitude_km, particle, solar, energies, latitudes=LAT_GRID):
    """AE-8/AP-8 integral flux J(>E) averaged over longitude, cm⁻² s⁻¹, shape (latitudes, energies)."""
    from radbelt import aep8, igrf

    lat, lon = np.meshgrid(latitudes, LON_GRID, indexing="ij")
    lvalue, bb0 = igrf(lon.ravel(), lat.ravel(), np.full(lat.size, float(altitude_km)), FIELD_EPOCH)
    lvalue, bb0 = np.asarray(lvalue, float), np.asarray(bb0, float)
    flux = np.zeros((lat.size, len(energies)))
    alive = np.isfinite(lvalue) & np.isfinite(bb0)
    for k, energy in enumerate(energies):  # J(>E) falls with E: a point at zero stays at zero
        idx = np.flatnonzero(alive)
        if idx.size == 0:
            break
        with np.errstate(invalid="ignore"):
            f = np.asarray(aep8(np.full(idx.size, energy), lvalue[idx], bb0[idx], particle, solar), float)
        f = np.where(np.isfinite(f) & (f > 0), f, 0.0)
        flux[idx, k] = f
        alive[idx[f <= 0]] = False
    return flux.reshape(lat.shape[0], lat.shape[1], len(energies)).mean(axis=1)


def orbit_average(latitudes, lat_profile, inclination_deg):
    """Time average over a circular orbit of a latitude profile (latitudes × energies)."""
    u = (np.arange(N_ARGUMENT_OF_LATITUDE) + 0.5) * 2 * np.pi / N_ARGUMENT_OF_LATITUDE
    lat = np.degrees(np.arcsin(np.sin(np.radians(inclination_deg)) * np.sin(u)))
    return np.stack([np.interp(lat, latitudes, lat_profile[:, k]).mean() for k in range(lat_profile.shape[1])])


def _altitude_row(args):
    altitude_km, inclinations, shields = args
    lats = latitude_nodes(inclinations)  # np.interp uses only the nodes around each latitude reached
    e_lat = longitude_averaged_flux(altitude_km, *ELECTRON_MODEL, ELECTRON_MEV, lats)
    p_lat = longitude_averaged_flux(altitude_km, *PROTON_MODEL, PROTON_MEV, lats)
    rows = {"dose": [], "proton_dose": [], "p10": [], "p30": [], "e1": []}
    for inc in inclinations:
        je, jp = orbit_average(lats, e_lat, inc), orbit_average(lats, p_lat, inc)
        de, dp = electron_dose(ELECTRON_MEV, je, shields), proton_dose(PROTON_MEV, jp, shields)
        rows["dose"].append(np.maximum(de + dp, DOSE_FLOOR_RAD_PER_YEAR))
        rows["proton_dose"].append(np.maximum(dp, DOSE_FLOOR_RAD_PER_YEAR))
        rows["p10"].append(jp[PROTON_MEV.index(10.0)])
        rows["p30"].append(jp[PROTON_MEV.index(30.0)])
        rows["e1"].append(je[ELECTRON_MEV.index(1.0)])
    return rows


def _sig(x, digits=5):
    """Values rounded to 5 significant digits (the table's precision; the model is good to tens of %)."""
    return [float(f"{v:.{digits}g}") for v in np.ravel(np.asarray(x, dtype=float))]


def build_table(altitudes_km=ALTITUDES_KM, inclinations_deg=INCLINATIONS_DEG, shields_mm_al=SHIELDS_MM_AL,
                workers=1) -> dict:
    """Run the model on the grid; the table as a JSON-ready dict (nested lists indexed [alt][inc][shield])."""
    from importlib.metadata import version

    tasks = [(float(h), tuple(inclinations_deg), tuple(shields_mm_al)) for h in altitudes_km]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            rows = list(pool.map(_altitude_row, tasks))
    else:
        rows = [_altitude_row(t) for t in tasks]
    na, ni, ns = len(altitudes_km), len(inclinations_deg), len(shields_mm_al)

    def grid(key, shape):
        return np.reshape(_sig([r[key] for r in rows]), shape).tolist()

    return {
        "source": {
            "models": {
                "electrons": "AE-8 MAX (Vette 1991, NSSDC/WDC-A-R&S 91-24), via radbelt",
                "protons": "AP-8 MIN (Sawyer & Vette 1976, NSSDC/WDC-A-R&S 76-06), via radbelt",
                "magnetic_field": f"IGRF/DGRF epoch {FIELD_EPOCH:.0f} (radbelt), standing in for Jensen-Cain 1960",
                "radbelt_version": version("radbelt"),
                "proton_stopping": "Bethe formula, PDG Review of Particle Physics 2024 eq. 34.5, "
                                   "I(Al) = 166 eV, I(Si) = 173 eV, no shell/density corrections",
                "electron_range": "Katz & Penfold, Rev. Mod. Phys. 24, 28 (1952), aluminium",
                "electron_stopping": "Rohrlich-Carlson collision stopping power (ICRU Report 37), Si, "
                                     "no density effect; bremsstrahlung neglected",
            },
            "method": "orbit average of omnidirectional integral fluxes over circular orbits at constant "
                      "geodetic altitude (longitude uniform, latitude from phi = asin(sin i sin u), u uniform "
                      f"at {N_ARGUMENT_OF_LATITUDE} points; fluxes on a {LAT_STEP_DEG} deg x {LON_STEP_DEG} deg "
                      "geodetic grid); dose at the centre of a solid aluminium sphere of radius t "
                      "(straight-ahead CSDA slowing down, dose = fluence x Si stopping power at the residual "
                      "energy); total = electrons + protons; floored at 1e-3 rad/yr",
            "solar_cycle": "AE-8 at solar maximum, AP-8 at solar minimum (worst case for each)",
            "electron_energies_mev": list(ELECTRON_MEV),
            "proton_energies_mev": list(PROTON_MEV),
            "dose_material": "silicon, rad(Si)/yr (1 rad = 0.01 J/kg, year = 365.25 d)",
            "shield": "aluminium, density 2.70 g/cm3, thickness in mm (spherical shell, 4 pi)",
            "date": dt.date.today().isoformat(),
            "script": "packaging/build_radiation_table.py",
        },
        "grid": {
            "altitude_km": [float(h) for h in altitudes_km],
            "inclination_deg": [float(i) for i in inclinations_deg],
            "shield_mm_al": [float(s) for s in shields_mm_al],
        },
        "dose_rad_si_per_year": grid("dose", (na, ni, ns)),
        "proton_dose_rad_si_per_year": grid("proton_dose", (na, ni, ns)),
        "proton_flux_gt10mev_per_cm2_s": grid("p10", (na, ni)),
        "proton_flux_gt30mev_per_cm2_s": grid("p30", (na, ni)),
        "electron_flux_gt1mev_per_cm2_s": grid("e1", (na, ni)),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    table = build_table(workers=args.workers)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(table, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({args.output.stat().st_size / 1024:.1f} KB) in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
