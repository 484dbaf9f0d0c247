"""The KPI table, as rows of text: one definition for the command line, the GUI table and CSV.

Qt-free. Each row names a KPI key (its unit suffix is the source of truth), a label, the divisor to
the unit shown, and which columns have a value: orbital only, terrestrial only (the orbital column
shows the fleet's own figure where the sites run the same fleet), or both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    divisor: float
    unit: str
    orbital: bool = True  # the orbital column has a value
    ground: bool = True  # the terrestrial columns have a value

    @property
    def title(self) -> str:
        return f"{self.label} [{self.unit}]" if self.unit else self.label


ROWS = (
    Row("satellites", "Satellites", 1, "", ground=False),
    Row("solar_array_area_m2", "Solar array area", 1e6, "km²", ground=False),
    Row("radiator_area_m2", "Radiator area", 1e6, "km²", ground=False),
    Row("battery_capacity_wh", "Battery capacity", 1e6, "MWh", ground=False),
    Row("satellite_mass_kg", "Satellite mass", 1e3, "t", ground=False),
    Row("solar_array_mass_kg", "Solar array mass", 1e3, "t", ground=False),
    Row("radiator_mass_kg", "Radiator mass", 1e3, "t", ground=False),
    Row("battery_mass_kg", "Battery mass", 1e3, "t", ground=False),
    Row("launch_mass_kg", "Launch mass", 1e3, "t", ground=False),
    Row("launches", "Launches", 1, "", ground=False),
    Row("sunlit_fraction", "Sunlit fraction (epoch orbit)", 0.01, "%", ground=False),
    Row("longest_eclipse_s", "Longest eclipse", 60, "min", ground=False),
    Row("peak_radiator_temperature_k", "Peak radiator temperature", 1, "K", ground=False),
    Row("orbit_average_throttle", "Payload throttle (epoch orbit)", 0.01, "%", ground=False),
    Row("orbit_average_flop_per_s", "Full fleet FLOP/s (epoch orbit)", 1e18, "EFLOP/s", ground=False),
    Row("ground_contact_fraction", "Time in view of a ground station (day 1)", 0.01, "%", ground=False),
    Row("longest_contact_gap_s", "Longest gap without a station (day 1)", 60, "min", ground=False),
    Row("median_round_trip_s", "Round trip to a station, light time, median", 1e-3, "ms", ground=False),
    Row("min_round_trip_s", "Round trip to a station, light time, best", 1e-3, "ms", ground=False),
    Row("gpus", "GPUs", 1, ""),
    Row("it_power_w", "IT power", 1e6, "MW"),
    Row("facility_power_w", "Facility power", 1e6, "MW", orbital=False),
    Row("energy_kwh", "Energy over the horizon", 1e9, "TWh", orbital=False),
    Row("water_l", "Water over the horizon", 1e9, "GL", orbital=False),
    Row("mean_delivered_flop_per_s", "Mean delivered FLOP/s (life)", 1e18, "EFLOP/s"),
    Row("lifetime_flop", "FLOP over the horizon", 1e27, "×10²⁷ FLOP"),
    Row("capex_usd", "Capex", 1e9, "$B"),
    Row("total_cost_usd", "Cost over the horizon", 1e9, "$B"),
    Row("cost_per_exaflop_usd", "Cost per exaFLOP", 1, "$"),
    Row("cost_per_gpu_hour_usd", "Cost per GPU-hour", 1, "$"),
    Row("time_to_first_flop_years", "Time to first FLOP", 1, "yr"),
    Row("time_to_full_capacity_years", "Time to full capacity", 1, "yr"),
)

NO_VALUE = "–"


def fmt(value, divisor: float = 1.0) -> str:
    """A KPI for reading: thousands separators, three significant digits below 10."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NO_VALUE
    v = value / divisor
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:,.1f}"
    return f"{v:,.3g}" if v else "0"


def kpi_cells(results) -> tuple[list[str], list[list[str]]]:
    """(header, rows): the orbital design, then each terrestrial alternative, side by side."""
    sites = list(results.terrestrial_kpis)
    header = ["", "Orbital", *sites]
    rows = []
    for row in ROWS:
        orbital = fmt(results.kpis.get(row.key), row.divisor) if row.orbital else NO_VALUE
        ground = [fmt(results.terrestrial_kpis[s].get(row.key), row.divisor) if row.ground else ""
                  for s in sites]
        rows.append([row.title, orbital, *ground])
    return header, rows


def kpi_csv(results) -> str:
    """The KPI table as CSV, raw values in the units of the keys (no rounding)."""
    import csv
    import io

    sites = list(results.terrestrial_kpis)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["kpi", "Orbital", *sites])
    for row in ROWS:
        w.writerow([row.key, results.kpis.get(row.key, "") if row.orbital else "",
                    *[results.terrestrial_kpis[s].get(row.key, "") if row.ground else ""
                      for s in sites]])
    return out.getvalue()
