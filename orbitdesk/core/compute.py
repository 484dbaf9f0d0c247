"""Compute payload: GPU figures, IT power, delivered FLOP/s and reliability (MODEL.md section 6).

The GPU's figures (TDP, dense peaks) are the ones the scenario stores with the payload (the
catalog filled them when the GPU was chosen): evaluation never reads the GPU catalog, so a
catalog update does not change a saved scenario's results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitdesk.model.scenario import ComputePayload, Radiation


@dataclass(frozen=True)
class GPUSpec:
    key: str
    tdp_w: float
    peak_flop_per_s: float  # dense, at the payload's precision


def gpu_spec(payload: ComputePayload) -> GPUSpec:
    """The payload's GPU as the scenario states it: TDP (W) and dense peak at the payload's
    precision (FLOP/s)."""
    peak = payload.gpu_bf16_peak_flop_per_s if payload.precision == "bf16" else payload.gpu_fp8_peak_flop_per_s
    return GPUSpec(payload.gpu, float(payload.gpu_tdp_w), float(peak))


def it_power_w(payload: ComputePayload) -> float:
    """IT load of a payload: GPUs at TDP plus server overhead, W."""
    return payload.gpu_count * (gpu_spec(payload).tdp_w + payload.server_overhead_w_per_gpu)


def sustained_flop_per_s_per_gpu(payload: ComputePayload, radiation: Radiation | None = None) -> float:
    """Peak × utilization × (1 − single-event downtime) for one working, unthrottled GPU."""
    seu = radiation.seu_downtime_fraction if radiation else 0.0
    return gpu_spec(payload).peak_flop_per_s * payload.utilization * (1.0 - seu)


def dose_life_years(radiation: Radiation) -> float:
    """Total-dose life: tolerance / dose rate behind the design's shielding."""
    return radiation.dose_tolerance_rad / radiation.dose_rate_rad_per_year


def alive_fraction(age_years, failure_rate_per_year, life_limit_years=np.inf):
    """GPUs still working at an age without repair: exp(−λ·age), 0 past the dose life or before 0."""
    age = np.asarray(age_years, dtype=float)
    alive = np.exp(-failure_rate_per_year * np.maximum(age, 0.0))
    return np.where((age >= 0) & (age < life_limit_years), alive, 0.0)
