"""Radiator heat balance (MODEL.md section 5). Per m² of panel; arrays broadcast.

A panel of area A with ``faces`` radiating faces emits faces·ε·σ·T⁴ per m². Its sunward face absorbs
α_s·S·cos θ (sunlit), one face sees the Earth with view factor F and absorbs α_IR·q_Earth·F of Earth
infrared (α_IR = ε by Kirchhoff unless given) and α_s·a·S·F of albedo while sunlit. Equilibrium
(no thermal mass) for a heat load Q: faces·A·ε·σ·T⁴ = Q + A·absorbed.
"""

from __future__ import annotations

import numpy as np

from orbitdesk.core.constants import EARTH_ALBEDO, EARTH_IR_W_M2, SIGMA_W_M2_K4


def absorbed_flux_w_m2(absorptivity_solar, absorptivity_ir, solar_flux_w_m2, sunlit,
                       sun_incidence_rad, earth_view_factor,
                       earth_ir_w_m2=EARTH_IR_W_M2, albedo=EARTH_ALBEDO):
    """Environmental heat absorbed per m² of panel: direct Sun + Earth IR + albedo, W/m².

    ``sunlit`` is the illuminated fraction (0..1) or mask.
    """
    lit = np.asarray(sunlit, dtype=float)
    direct = absorptivity_solar * solar_flux_w_m2 * np.maximum(np.cos(sun_incidence_rad), 0.0) * lit
    earth_ir = absorptivity_ir * earth_ir_w_m2 * earth_view_factor
    reflected = absorptivity_solar * albedo * solar_flux_w_m2 * earth_view_factor * lit
    return direct + earth_ir + reflected


def emitted_flux_w_m2(emissivity, temperature_k, faces=2):
    return faces * emissivity * SIGMA_W_M2_K4 * np.asarray(temperature_k, dtype=float) ** 4


def net_rejection_w_m2(emissivity, temperature_k, absorbed_w_m2, faces=2):
    """Heat a panel rejects per m² at temperature T: emitted − absorbed (Starcloud: 633.08 W/m²)."""
    return emitted_flux_w_m2(emissivity, temperature_k, faces) - absorbed_w_m2


def equilibrium_temperature_k(heat_w, area_m2, emissivity, absorbed_w_m2=0.0, faces=2):
    """Radiator temperature that rejects heat_w (MODEL.md: 1 MW, 1,000 m², ε 0.9, 2 faces -> 314.6 K)."""
    q = np.asarray(heat_w, dtype=float) / area_m2 + absorbed_w_m2
    return (np.maximum(q, 0.0) / (faces * emissivity * SIGMA_W_M2_K4)) ** 0.25
