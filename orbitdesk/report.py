"""The KPI table, as rows of text: one definition for the command line, the GUI table and CSV.

Qt-free. Each row names a KPI key (its unit suffix is the source of truth), a label, the divisor to
the unit shown, its group (per satellite, fleet, epoch orbit, ground contact, mission life,
economics; ROWS are in group order), a plain-language description for tooltips, whether it is a
count, and which columns have a value: orbital only, terrestrial only (the orbital column shows
the fleet's own figure where the sites run the same fleet), or both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# (group, what its rows cover): the table reads top to bottom from one satellite to the money
GROUPS = (
    ("Per satellite", "One satellite; a fleet of several designs shows the mean over its satellites."),
    ("Fleet", "The whole fleet as designed: every satellite of every shell, whether or not it is "
              "launched within the horizon. The terrestrial columns host the same GPUs."),
    ("Epoch orbit", "One orbit at the scenario epoch, with fresh satellites: a mean over the fleet."),
    ("Seasons (horizon)", "Fresh satellites on every month of the horizon (eclipse seasons resolved): "
                          "the worst month, named in brackets, and the horizon's mean."),
    ("Ground contact (day 1)", "The first day from the epoch, for a sample of each shell's satellites."),
    ("Data segment (day 1)", "What the stations' antennas carry over the first day, what the shells' "
                             "workloads need, and the round trip from the first user region (the "
                             "terrestrial columns reach their users through fibre)."),
    ("Mission life (horizon)", "From the epoch to the end of the analysis horizon: launches, "
                               "commissioning, ageing and failures included."),
    ("Economics", "Money: what the whole fleet costs, and what is spent within the horizon."),
)
GROUP_NAMES = tuple(g for g, _ in GROUPS)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    divisor: float
    unit: str
    group: str  # one of GROUP_NAMES
    description: str  # plain words for a tooltip: what it means and over which period
    orbital: bool = True  # the orbital column has a value
    ground: bool = True  # the terrestrial columns have a value
    integer: bool = False  # a count: shown as a whole number ("127", not "127.0")

    @property
    def title(self) -> str:
        return f"{self.label} [{self.unit}]" if self.unit else self.label

    def format(self, value) -> str:
        return fmt_count(value) if self.integer else fmt(value, self.divisor)


def _rows(group: str, *rows: tuple) -> tuple[Row, ...]:
    out = []
    for key, label, divisor, unit, description, *flags in rows:
        options = flags[0] if flags else {}
        out.append(Row(key, label, divisor, unit, group, description, **options))
    return tuple(out)


_ORBITAL = {"ground": False}
_COUNT = {"integer": True}

ROWS = (
    *_rows(
        "Per satellite",
        ("satellite_gpus", "GPUs per satellite", 1, "", "Accelerators carried by one satellite.",
         {**_ORBITAL, **_COUNT}),
        ("satellite_it_power_w", "IT power per satellite", 1e3, "kW",
         "GPUs at their rated power plus server overhead, for one satellite.", _ORBITAL),
        ("satellite_solar_array_area_m2", "Solar array area per satellite", 1, "m²",
         "Area of one satellite's solar array.", _ORBITAL),
        ("satellite_radiator_area_m2", "Radiator area per satellite", 1, "m²",
         "Panel area of one satellite's radiator (one face).", _ORBITAL),
        ("satellite_battery_capacity_wh", "Battery capacity per satellite", 1e3, "kWh",
         "Nameplate energy of one satellite's battery.", _ORBITAL),
        ("satellite_mass_kg", "Satellite mass", 1e3, "t",
         "Mass of one satellite at launch: payload, power, thermal, shielding, bus and structure, "
         "propulsion and its propellant.", _ORBITAL),
        ("satellite_propellant_kg", "Propellant per satellite", 1, "kg",
         "Propellant one satellite carries to hold its shell's altitude over the horizon and to "
         "deorbit (rocket equation at the thrusters' specific impulse).", _ORBITAL),
        ("satellite_solar_array_mass_kg", "Solar array mass per satellite", 1, "kg",
         "Mass of one satellite's solar array.", _ORBITAL),
        ("satellite_radiator_mass_kg", "Radiator mass per satellite", 1, "kg",
         "Mass of one satellite's radiator panels and their coolant.", _ORBITAL),
        ("satellite_battery_mass_kg", "Battery mass per satellite", 1, "kg",
         "Mass of one satellite's battery.", _ORBITAL),
    ),
    *_rows(
        "Fleet",
        ("satellites", "Satellites", 1, "", "Satellites in all shells.", {**_ORBITAL, **_COUNT}),
        ("gpus", "GPUs, fleet", 1, "",
         "Accelerators in the whole fleet; each terrestrial site hosts the same number, up to its "
         "capacity.", _COUNT),
        ("it_power_w", "IT power, fleet", 1e6, "MW",
         "GPUs at their rated power plus server overhead, summed over the fleet (or a site's share)."),
        ("facility_power_w", "Facility power", 1e6, "MW",
         "A site's IT power times its PUE: what it draws from the grid.", {"orbital": False}),
        ("solar_array_area_m2", "Solar array area, fleet", 1e6, "km²",
         "Solar array area summed over every satellite.", _ORBITAL),
        ("radiator_area_m2", "Radiator area, fleet", 1e6, "km²",
         "Radiator panel area summed over every satellite.", _ORBITAL),
        ("battery_capacity_wh", "Battery capacity, fleet", 1e6, "MWh",
         "Battery energy summed over every satellite.", _ORBITAL),
        ("solar_array_mass_kg", "Solar array mass, fleet", 1e3, "t",
         "Solar array mass summed over every satellite.", _ORBITAL),
        ("radiator_mass_kg", "Radiator mass, fleet", 1e3, "t",
         "Radiator mass summed over every satellite.", _ORBITAL),
        ("battery_mass_kg", "Battery mass, fleet", 1e3, "t",
         "Battery mass summed over every satellite.", _ORBITAL),
        ("launch_mass_kg", "Launch mass, fleet", 1e3, "t",
         "Mass of every satellite together, propulsion and propellant included: what the launches "
         "must lift.", _ORBITAL),
        ("propellant_kg", "Propellant, fleet", 1e3, "t",
         "Station-keeping and deorbit propellant of every satellite, carried at launch.", _ORBITAL),
        ("launches", "Launches needed", 1, "",
         "Launches to put the whole fleet in orbit at the vehicle's capacity (one shell per "
         "launch), whether or not they fit in the horizon.", {**_ORBITAL, **_COUNT}),
    ),
    *_rows(
        "Epoch orbit",
        ("sunlit_fraction", "Sunlit fraction (epoch orbit)", 0.01, "%",
         "Share of one orbit at the epoch in sunlight, averaged over the fleet's satellites.", _ORBITAL),
        ("longest_eclipse_s", "Longest eclipse (epoch orbit)", 60, "min",
         "Longest time in the Earth's shadow on one orbit at the epoch, over every shell and plane.",
         _ORBITAL),
        ("peak_radiator_temperature_k", "Peak radiator temperature (epoch orbit)", 1, "K",
         "Hottest radiator on one orbit at the epoch, over every shell and plane.", _ORBITAL),
        ("orbit_average_throttle", "Payload throttle (epoch orbit)", 0.01, "%",
         "Share of full speed the GPUs run at on one orbit at the epoch, limited by heat and "
         "power; a mean over the fleet's satellites.", _ORBITAL),
        ("orbit_average_flop_per_s", "Full fleet FLOP/s (epoch orbit)", 1e18, "EFLOP/s",
         "Compute the whole fleet would deliver if every satellite were in orbit and new, "
         "averaged over one orbit at the epoch.", _ORBITAL),
    ),
    *_rows(
        "Seasons (horizon)",
        ("worst_month_longest_eclipse_s", "Longest eclipse, worst month", 60, "min",
         "Longest time in the Earth's shadow on any orbit of the horizon (the month in brackets), "
         "over every shell and plane: what the battery must carry.", _ORBITAL),
        ("worst_month_sunlit_fraction", "Sunlit fraction, worst month", 0.01, "%",
         "Share of the darkest month in sunlight, averaged over the fleet's satellites.", _ORBITAL),
        ("horizon_sunlit_fraction", "Sunlit fraction, horizon mean", 0.01, "%",
         "Share of the whole horizon in sunlight, averaged over the fleet's satellites.", _ORBITAL),
        ("worst_month_peak_radiator_temperature_k", "Peak radiator temperature, worst month", 1, "K",
         "Hottest radiator on any orbit of the horizon, over every shell and plane.", _ORBITAL),
        ("worst_month_min_radiator_temperature_k", "Coldest radiator temperature, worst month", 1, "K",
         "Coldest radiator on any orbit of the horizon, over every shell and plane (its thermal "
         "mass and heater included).", _ORBITAL),
        ("worst_month_radiator_below_freeze_s", "Radiator below coolant freezing, worst month", 60, "min",
         "Longest time per orbit a radiator spends below its coolant's freezing limit (the heater "
         "too small), on any orbit of the horizon.", _ORBITAL),
        ("worst_month_heater_wh_per_orbit", "Radiator heater energy, worst month", 1e3, "kWh",
         "Heater energy per satellite and orbit holding the coolant above freezing, in the month that "
         "needs most (reported: not yet taken from the battery's balance).", _ORBITAL),
        ("worst_month_min_battery_soc", "Lowest battery state of charge, worst month", 0.01, "%",
         "Lowest state of charge on any orbit of the horizon (fresh satellites).", _ORBITAL),
        ("worst_month_throttle", "Payload throttle, worst month", 0.01, "%",
         "Share of full speed the GPUs of fresh satellites run at in the worst month, limited by "
         "heat and power; a mean over the fleet's satellites.", _ORBITAL),
        ("horizon_throttle", "Payload throttle, horizon mean", 0.01, "%",
         "The same over the whole horizon (fresh satellites; ageing and failures are in the "
         "mission life).", _ORBITAL),
    ),
    *_rows(
        "Ground contact (day 1)",
        ("ground_contact_fraction", "Time in view of a ground station (day 1)", 0.01, "%",
         "Share of the first day a satellite sees at least one ground station above its minimum "
         "elevation, averaged over sampled satellites.", _ORBITAL),
        ("longest_contact_gap_s", "Longest gap without a station (day 1)", 60, "min",
         "Longest time a sampled satellite sees no ground station during the first day.", _ORBITAL),
        ("median_round_trip_s", "Round trip to a station, light time, median", 1e-3, "ms",
         "Median light time to the nearest station in view and back, over the first day; "
         "processing and terrestrial backhaul come on top.", _ORBITAL),
        ("min_round_trip_s", "Round trip to a station, light time, best", 1e-3, "ms",
         "Shortest light time to a station and back during the first day.", _ORBITAL),
    ),
    *_rows(
        "Data segment (day 1)",
        ("downlink_bits_per_day", "Downlink capacity per day", 8e12, "TB/day",
         "What the ground stations' antennas carry from the fleet in a day: each antenna serves the "
         "satellite in view with the best link (RF budget at its slant range; optical where the station "
         "has a telescope, times its clear-sky share).", _ORBITAL),
        ("data_need_bits_per_day", "Data the workloads need per day", 8e12, "TB/day",
         "Each shell's delivered compute at full deployment times its workload's bits per FLOP.", _ORBITAL),
        ("training_need_bits_per_day", "… were every shell training", 8e12, "TB/day",
         "The same need with every shell's training figures (dataset in).", _ORBITAL),
        ("inference_need_bits_per_day", "… were every shell answering requests", 8e12, "TB/day",
         "The same need with every shell's inference figures (tokens in and out).", _ORBITAL),
        ("data_carried_share", "Share of the need the links carry", 0.01, "%",
         "Downlink the shells get over what their workloads need, at most 100 %.", _ORBITAL),
        ("latency_share", "Share of compute within the latency budget", 0.01, "%",
         "Inference shells: the satellite-time that answers the first user region within the workload's "
         "latency budget (in view of a station, or reached by inter-satellite hops); training: 100 %.",
         _ORBITAL),
        ("useful_compute_share", "Useful compute share", 0.01, "%",
         "Of the compute delivered, what the data segment lets the workloads use (the lower of the two "
         "shares above, per shell); the limit that binds in brackets.", _ORBITAL),
        ("user_round_trip_p50_s", "Round trip to users, median", 1e-3, "ms",
         "From the first user region through fibre to the best station, up to the nearest satellite in "
         "view and back, with processing; a site: fibre both ways plus processing. Median over the day."),
        ("user_round_trip_p95_s", "Round trip to users, 95th percentile", 1e-3, "ms",
         "The same, exceeded 5 % of the day (no satellite in view: no answer, counted as the worst)."),
        ("user_answered_share", "Share of the day users reach the fleet", 0.01, "%",
         "Steps of the day with a satellite in view of some station.", _ORBITAL),
    ),
    *_rows(
        "Mission life (horizon)",
        ("mean_delivered_flop_per_s", "Mean delivered FLOP/s (horizon)", 1e18, "EFLOP/s",
         "Compute actually delivered, averaged over the whole horizon: only satellites launched "
         "and commissioned count, as their GPUs age and fail."),
        ("lifetime_flop", "FLOP over the horizon", 1e27, "×10²⁷ FLOP",
         "All compute delivered from the epoch to the end of the horizon."),
        ("energy_kwh", "Energy over the horizon", 1e9, "TWh",
         "Grid energy a site draws from its start to the end of the horizon.", {"orbital": False}),
        ("water_l", "Water over the horizon", 1e9, "GL",
         "Cooling water a site uses from its start to the end of the horizon.", {"orbital": False}),
        ("dose_rate_rad_per_year", "Dose rate behind the shield (worst shell)", 1, "rad/yr",
         "Trapped-particle dose (AE-8/AP-8) behind the design's aluminium shield at the shell's "
         "altitude and inclination, or the rate the design states; the highest over the shells.",
         _ORBITAL),
        ("dose_life_years", "GPU dose life (shortest)", 1, "yr",
         "Years until the GPUs reach their dose tolerance at that rate; the shortest over the shells.",
         _ORBITAL),
        ("seu_downtime_fraction", "SEU downtime", 0.01, "%",
         "Time lost to single-event upsets in the shells' orbits (scaled from the reference orbit "
         "with the trapped-proton flux), a mean over the fleet's satellites.", _ORBITAL),
        ("station_keeping_dv_m_s", "Station-keeping Δv per satellite (horizon)", 1, "m/s",
         "Δv that holds each shell's altitude against drag through the solar cycle over the horizon "
         "(NRLMSIS density), plus the deorbit burn if chosen; a mean over the fleet's satellites.",
         _ORBITAL),
        ("unpropelled_life_years", "Life without thrusters", 1, "yr",
         "Years from launch until drag brings down the satellites of a shell without propulsion "
         "(the shortest such shell); empty if none re-enters within the horizon.", _ORBITAL),
        ("time_to_first_flop_years", "Time to first FLOP", 1, "yr",
         "Years from the epoch until the first compute: first launch plus commissioning, or a "
         "site's grid wait plus build; empty if after the horizon."),
        ("time_to_full_capacity_years", "Time to full capacity", 1, "yr",
         "Years from the epoch until the whole fleet computes; empty if it does not within the "
         "horizon."),
    ),
    *_rows(
        "Economics",
        ("capex_usd", "Capex, whole fleet", 1e9, "$B",
         "Up-front cost of the whole fleet, however long it takes to launch: development, every "
         "satellite's hardware and every launch needed (a site: facility and GPUs)."),
        ("total_cost_usd", "Cost over the horizon (launched within it)", 1e9, "$B",
         "Money spent from the epoch to the end of the horizon: only satellites and launches "
         "that happen within it, plus operations (a site: its build, GPUs, energy, replacements "
         "or lease). Less than capex when the fleet is not all launched within the horizon."),
        ("cost_per_exaflop_usd", "Cost per exaFLOP", 1, "$",
         "Cost over the horizon divided by the FLOP delivered over it (undiscounted)."),
        ("cost_per_useful_exaflop_usd", "Cost per useful exaFLOP", 1, "$",
         "Cost over the horizon divided by the FLOP the data segment lets the workloads use (a site's "
         "fibre limits nothing: its cost per exaFLOP)."),
        ("levelised_cost_per_exaflop_usd", "Levelised cost per exaFLOP (discounted)", 1, "$",
         "Discounted cost over discounted FLOP at the economics' discount rate (equal to the "
         "undiscounted figure at 0 %/yr)."),
        ("cost_per_gpu_hour_usd", "Cost per GPU-hour (sustained-rate hours)", 1, "$",
         "Cost over the horizon per hour of GPU work at the sustained rate (utilization and SEU "
         "downtime included) delivered over it."),
        ("cost_per_gpu_hour_peak_usd", "Cost per GPU-hour (peak-equivalent hours)", 1, "$",
         "Cost over the horizon per hour of work at the GPU's dense peak rate (the basis peers "
         "report): FLOP delivered ÷ peak FLOP/s."),
        ("co2e_kg", "CO2e over the horizon", 1e9, "Mt",
         "Greenhouse gases over the horizon: a site's grid energy × its grid intensity; the orbital "
         "fleet's launches (replacements included) × the vehicle's CO2e per kg of capacity "
         "(combustion only; manufacturing excluded)."),
        ("replacement_satellites", "Replacement satellites", 1, "",
         "Whole satellites launched within the horizon to keep each shell above the replenishment "
         "threshold (Launch & economics → Replenishment); empty with no replenishment.",
         {**_ORBITAL, **_COUNT}),
        ("replacement_launches", "Replacement launches", 1, "",
         "Launches that carry them, at the plan's cadence in the slots the deployment leaves free.",
         {**_ORBITAL, **_COUNT}),
        ("replacement_cost_usd", "Replacement cost", 1e9, "$B",
         "Their hardware and launches, included in the cost over the horizon.", _ORBITAL),
    ),
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


def fmt_count(value) -> str:
    """A count for reading: a whole number with thousands separators ("127", "255,360")."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NO_VALUE
    return f"{round(value):,}"


def kpi_cells(results, groups: bool = False) -> tuple[list[str], list[list[str]]]:
    """(header, rows): the orbital design, then each terrestrial alternative, side by side; one
    row per ``ROWS`` entry, in order. ``groups``: a header row (the group's name, then empty
    cells) before each group's rows, for a printed table."""
    sites = list(results.terrestrial_kpis)
    header = ["", "Orbital", *sites]
    rows = []
    group = None
    for row in ROWS:
        if groups and row.group != group:
            rows.append([f"{row.group}:", *[""] * (1 + len(sites))])
        group = row.group
        orbital = row.format(results.kpis.get(row.key)) if row.orbital else NO_VALUE
        when = getattr(results, "notes", {}).get(row.key)
        if when and orbital != NO_VALUE:
            orbital = f"{orbital} ({when})"
        ground = [row.format(results.terrestrial_kpis[s].get(row.key)) if row.ground else ""
                  for s in sites]
        rows.append([f"  {row.title}" if groups else row.title, orbital, *ground])
    return header, rows


def kpi_sections(results) -> list[tuple[str, str, list[tuple[Row, list[str]]]]]:
    """The table by group, for a grouped view: [(group, its description, [(row, cells)])] with
    cells = [orbital, *sites] as in ``kpi_cells``."""
    _, rows = kpi_cells(results)
    out: list[tuple[str, str, list[tuple[Row, list[str]]]]] = []
    for name, description in GROUPS:
        members = [(row, cells[1:]) for row, cells in zip(ROWS, rows, strict=True) if row.group == name]
        out.append((name, description, members))
    return out


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


def series_csv(x_name: str, x, columns: dict) -> str:
    """One CSV: the x column, then one column per series (units in the column names)."""
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([x_name, *columns])
    for i, xi in enumerate(x):
        w.writerow([f"{float(xi):.9g}", *[f"{float(c[i]):.9g}" for c in columns.values()]])
    return out.getvalue()
