"""Solar array temperature and the cells' temperature coefficient (MODEL.md §3, issue 9 item 4).

A thin panel (cells on the front, a bare back face) conducts through its thickness far faster than
it radiates, so both faces share one temperature T. In sunlight, per m² of array:

    (ε_f + ε_b)·σ·T⁴ = α_f·S·cos θ                       direct Sun on the front
                     + q_IR·(ε_f·F_f + ε_b·F_b)          Earth infrared (α_IR = ε, Kirchhoff)
                     + a·S·max(cos ζ, 0)·(α_f·F_f + α_b·F_b)   albedo
                     − S·cos θ·η(T)·packing              the electrical power taken off

F_f, F_b are the faces' view factors to the Earth (exact flat plate to sphere, the tilt of each
face's normal from nadir), ζ the Sun's zenith angle at the sub-satellite point (the first-order
"subpoint" albedo model, as in orbital-thermal's sink model; it reads no albedo in a terminator
orbit, where the true disk-integrated albedo is small but not zero), the deep-space sink 2.7 K
neglected (σ·2.7⁴ = 3e-6 W/m²). The cells deliver η(T) = η·(1 + β·(T − T_ref)), β the catalog's
relative temperature coefficient (1/K, negative) and T_ref = 28 °C, the AM0 test temperature of
space cell datasheets.

This is the *sunlit equilibrium*: the temperature the panel settles at for the Sun, Earth and load
of each time step (a light panel's time constant is minutes: ≈ 2 kJ m⁻² K⁻¹ against ≈ 12 W m⁻² K⁻¹
of radiative conductance, ≈ 3 min). The panel is in fact colder for a few minutes after each
eclipse (a little more power then); that transient is not modelled. Temperatures in K, fluxes
W/m², angles in radians; every function broadcasts over arrays.
"""

from __future__ import annotations

import numpy as np

from orbitdesk.core.constants import EARTH_ALBEDO, EARTH_IR_W_M2, R_EARTH_KM, SIGMA_W_M2_K4

T_REF_K = 301.15  # 28 °C: the AM0 test condition of space cell datasheets (Azur Space, Spectrolab)

# Optical properties of a rigid or flexible GaAs panel (assumed values, typical of the published
# ranges; no catalog entry carries them yet):
# - front, cells under ceria-doped coverglass: α_s ≈ 0.88-0.92, ε ≈ 0.80-0.85 (Gilmore, Spacecraft
#   Thermal Control Handbook Vol. 1, 2nd ed., App. A, "solar cells, GaAs with coverglass");
# - back, black CFRP face sheet or Kapton: α_s ≈ 0.9, ε ≈ 0.8 (same appendix, graphite-epoxy).
ALPHA_FRONT = 0.90
EPS_FRONT = 0.85
ALPHA_BACK = 0.90
EPS_BACK = 0.80
ITERATIONS = 3  # η(T) in the balance: each pass shrinks the error ≈ 15-fold (β·P_el·T ≪ 4·absorbed); 0.01 K


def plate_view_factor(radius_km, cos_tilt):
    """View factor from a flat plate to the spherical Earth, 0..1: ``radius_km`` the plate's
    distance from the Earth's centre, ``cos_tilt`` the cosine of the angle λ between the plate's
    normal and nadir. Closed form for a differential planar element tilted towards a sphere (Howell,
    A Catalog of Radiation Heat Transfer Configuration Factors, "planar element to sphere"), H the
    radius in Earth radii: fully in view, F = cos λ / H²; the Earth partly below the plate's
    horizon, the second branch (edge-on at 650 km: 0.2407); 0 once the whole Earth is behind it."""
    return plate_view_factors(radius_km, cos_tilt)[0]


def plate_view_factors(radius_km, cos_tilt):
    """(F of the face whose normal is at ``cos_tilt`` from nadir, F of the opposite face): both
    faces of a thin panel from the same intermediate values (``plate_view_factor``)."""
    # an unknown position (inf) reads as far away: no Earth in view (F < 1e-12 at 10⁶ Earth radii)
    h = np.clip(np.asarray(radius_km, dtype=float) / R_EARTH_KM, 1.0 + 1e-12, 1e6)
    c = np.clip(np.asarray(cos_tilt, dtype=float), -1.0, 1.0)
    h2 = h * h
    root = np.sqrt(h2 - 1.0)
    s = np.sqrt(np.maximum(1.0 - c * c, 1e-30))
    # the partial branch, shared: F(±c) = ½ − asin(√(H²−1)/(H sin λ))/π
    #                                      + (±c·acos(∓√(H²−1)·cot λ) − √(H²−1)·√(1 − H²c²))/(πH²)
    base = 0.5 - np.arcsin(np.minimum(root / (h * s), 1.0)) / np.pi
    a = np.arccos(np.clip(-root * c / s, -1.0, 1.0))  # acos(−x); the opposite face's is π − a
    tail = root * np.sqrt(np.maximum(1.0 - h2 * c * c, 0.0))
    inv = 1.0 / (np.pi * h2)
    front = base + (c * a - tail) * inv
    back = base + (-c * (np.pi - a) - tail) * inv
    # the Earth (angular radius ρ, sin ρ = 1/H) is wholly above a face's horizon for a tilt below
    # 90° − ρ (cos λ ≥ 1/H), wholly behind it past 90° + ρ (cos λ ≤ −1/H)
    edge = 1.0 / h
    up, down = c >= edge, c <= -edge
    full = c / h2
    front = np.where(up, full, np.where(down, 0.0, np.maximum(front, 0.0)))
    back = np.where(down, -full, np.where(up, 0.0, np.maximum(back, 0.0)))
    return front, back


def equilibrium_k(solar_flux_w_m2, cos_incidence, radius_km, cos_front_nadir, cos_sun_zenith,
                  efficiency, packing_factor, temperature_coefficient_per_k,
                  alpha_front=ALPHA_FRONT, eps_front=EPS_FRONT, alpha_back=ALPHA_BACK, eps_back=EPS_BACK,
                  earth_ir_w_m2=EARTH_IR_W_M2, albedo=EARTH_ALBEDO):
    """Sunlit equilibrium temperature of the panel, K (the module's balance, full Sun).

    ``cos_incidence`` cos θ of the Sun on the front; ``cos_front_nadir`` the cosine of the angle
    between the front's normal and nadir (the back's is its negative); ``cos_sun_zenith`` the Sun's
    zenith cosine at the sub-satellite point; ``efficiency`` the cells' efficiency at T_ref (aged);
    ``radius_km`` None or inf: no Earth in view."""
    cos_i = np.maximum(np.asarray(cos_incidence, dtype=float), 0.0)
    direct = solar_flux_w_m2 * cos_i
    if radius_km is None:
        f_front = f_back = 0.0
    else:
        f_front, f_back = plate_view_factors(radius_km, cos_front_nadir)
    absorbed = (alpha_front * direct + earth_ir_w_m2 * (eps_front * f_front + eps_back * f_back)
                + albedo * solar_flux_w_m2 * np.maximum(cos_sun_zenith, 0.0)
                * (alpha_front * f_front + alpha_back * f_back))
    out_per_k = direct * efficiency * packing_factor  # electrical W/m² at T_ref
    radiating = (eps_front + eps_back) * SIGMA_W_M2_K4
    t = T_REF_K
    for _ in range(ITERATIONS):
        extracted = out_per_k * efficiency_factor(t, temperature_coefficient_per_k)
        t = np.sqrt(np.sqrt(np.maximum(absorbed - extracted, 0.0) / radiating))
    return t


def efficiency_factor(temperature_k, temperature_coefficient_per_k):
    """η(T) / η(T_ref) = 1 + β·(T − T_ref), kept ≥ 0 (β in 1/K, relative: −0.0023 is −0.23 %/K)."""
    return np.maximum(1.0 + temperature_coefficient_per_k * (np.asarray(temperature_k, dtype=float) - T_REF_K), 0.0)
