"""The warnings ``evaluate`` raises, each a ``Finding`` naming the scenario field that fixes it.

Thermal and power shortfalls point at the design's radiator or battery; a fleet that the launch
cadence cannot put in orbit within the horizon at ``launch.launches_per_year``; a TLE set whose
element epochs lie far from the scenario epoch (or whose satellites have decayed) at its text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import lru_cache

import numpy as np

from orbitdesk.core.findings import Finding
from orbitdesk.model.scenario import LaunchPlan, Scenario, TLESet

# SGP4's along-track error grows by roughly 1-3 km a day in LEO (drag and the mean elements'
# own fit); after a month it is tens to hundreds of km, and the satellites' positions, passes
# and eclipse times are no longer theirs. Elements are normally used within days of their epoch.
TLE_EPOCH_LIMIT_DAYS = 30.0


def _design_path(scenario: Scenario, name: str) -> str:
    return f"designs[{[d.name for d in scenario.designs].index(name)}]"


EPOCH = "on the epoch orbit"  # ``when`` of the first stage's findings; the horizon's name a month


def worst_month(month: str) -> str:
    """``when`` for the worst month of the horizon (``month``: seasons.month_label)."""
    return f"in {month}, the worst of the horizon"


def thermal_shortfall(scenario: Scenario, shell_name: str, design_name: str, mean_throttle: float,
                      when: str = EPOCH) -> Finding:
    design = scenario.design(design_name)
    return Finding(
        f"shell {shell_name!r}: the radiator cannot reject the full load at "
        f"{design.radiator.max_temperature_k:g} K; the payload runs at {mean_throttle:.0%} on average "
        f"{when} (enlarge the radiator or raise its limit)",
        f"{_design_path(scenario, design_name)}.radiator.area_m2")


def bus_unpowered(scenario: Scenario, shell_name: str, design_name: str, when: str = EPOCH) -> Finding:
    return Finding(
        f"shell {shell_name!r}: the bus itself loses power in eclipse {when}; "
        "enlarge the battery or the array",
        f"{_design_path(scenario, design_name)}.battery.capacity_wh")


def power_cuts_payload(scenario: Scenario, shell_name: str, design_name: str, lost_fraction: float,
                       cut_minutes: float, collected_w: float, needed_w: float,
                       when: str = EPOCH, eclipse_s: float = 0.0) -> list[Finding]:
    """The payload is cut for want of power (the throttle below what the radiator allows) for
    part of an orbit (``when``: the epoch orbit, or the horizon's worst month): the array
    collects too little over the orbit (``collected_w``, its orbit mean, against the
    ``needed_w`` of bus and payload: no battery can help), and/or the battery cannot carry the
    eclipse (its size, or its round-trip loss): both are named where the battery's usable
    energy is also below what bus and payload draw over the orbit's longest eclipse
    (``eclipse_s``), so that fixing one does not reveal the other only afterwards."""
    path = _design_path(scenario, design_name)
    cut = (f"the payload is cut for {cut_minutes:.0f} min an orbit ({when}), losing "
           f"{lost_fraction:.0%} of its compute")
    battery = Finding(
        f"shell {shell_name!r}: the battery cannot carry the payload through eclipse; {cut} "
        "(enlarge the battery)", f"{path}.battery.capacity_wh")
    if collected_w >= needed_w:
        return [battery]
    out = [Finding(
        f"shell {shell_name!r}: the array collects {collected_w / 1e3:,.0f} kW on average over the "
        f"orbit, less than the {needed_w / 1e3:,.0f} kW the bus and payload need; {cut} "
        "(enlarge the array)", f"{path}.solar.area_m2")]
    b = scenario.design(design_name).battery
    usable_wh, eclipse_wh = b.capacity_wh * b.depth_of_discharge, needed_w * eclipse_s / 3600.0
    if usable_wh < eclipse_wh:  # the same cut, the second cause: say so rather than count it twice
        out.append(Finding(
            f"shell {shell_name!r}: the battery cannot carry the payload through eclipse either: "
            f"{usable_wh / 1e3:,.1f} kWh usable against the {eclipse_wh / 1e3:,.1f} kWh bus and payload draw "
            f"over the {eclipse_s / 60:.1f}-min eclipse (the same cut; enlarge the battery too)",
            f"{path}.battery.capacity_wh"))
    return out


def radiator_over_limit(scenario: Scenario, shell_name: str, design_name: str, peak_k: float,
                        when: str = EPOCH) -> Finding:
    """Even with the payload off, the radiator runs above its limit (the bus and the Sun alone)."""
    design = scenario.design(design_name)
    return Finding(
        f"shell {shell_name!r}: the radiator reaches {peak_k:.0f} K {when}, above its "
        f"{design.radiator.max_temperature_k:g} K limit, even with the payload throttled (the bus and "
        "the absorbed sunlight alone); enlarge the radiator",
        f"{_design_path(scenario, design_name)}.radiator.area_m2")


ORBIT_KINDS = ("thermal", "power", "radiator")


def orbit_findings(scenario: Scenario, shell_name: str, design_name: str, fig, when: str = EPOCH,
                   kinds: tuple[str, ...] = ORBIT_KINDS) -> list[Finding]:
    """The thermal, power and radiator-limit warnings of one orbit's figures
    (seasons.OrbitFigures, scalars), those of ``kinds``."""
    out = []
    if "thermal" in kinds and fig.thermal_throttle < 0.999:
        out.append(thermal_shortfall(scenario, shell_name, design_name, float(fig.thermal_throttle), when))
    if "power" in kinds and fig.bus_unpowered:
        out.append(bus_unpowered(scenario, shell_name, design_name, when))
    elif "power" in kinds and fig.power_lost > 0.001:
        out += power_cuts_payload(scenario, shell_name, design_name, float(fig.power_lost),
                                  float(fig.power_cut_s) / 60, float(fig.collected_w),
                                  float(fig.needed_w), when, float(fig.longest_eclipse_s))
    limit = scenario.design(design_name).radiator.max_temperature_k
    if "radiator" in kinds and fig.peak_radiator_k > limit + 1.0:
        out.append(radiator_over_limit(scenario, shell_name, design_name, float(fig.peak_radiator_k), when))
    return out


def drag_finding(scenario: Scenario, index: int, design, drag_budget, launch_mass_kg: float) -> Finding | None:
    """Drag that ends the mission (no thrusters, re-entry within the horizon) or that asks for
    more propellant than the rest of the satellite weighs."""
    if drag_budget is None:
        return None
    shell = scenario.shells[index]
    path = _design_path(scenario, design.name)
    horizon = scenario.economics.analysis_years
    if not design.propulsion.enabled and drag_budget.unpropelled_life_years < horizon:
        return Finding(
            f"shell {shell.name!r}: without thrusters its satellites re-enter "
            f"{drag_budget.unpropelled_life_years:.2g} years after launch (drag at "
            f"{drag_budget.altitude_km:g} km), within the {horizon:g}-year horizon; fit propulsion "
            "or raise the shell", f"{path}.propulsion.enabled")
    if design.propulsion.enabled and drag_budget.propellant_kg > launch_mass_kg - drag_budget.propellant_kg:
        return Finding(
            f"shell {shell.name!r}: holding {drag_budget.altitude_km:g} km against drag for the horizon takes "
            f"{drag_budget.propellant_kg / 1e3:,.1f} t of propellant per satellite, more than the rest of it "
            f"weighs ({drag_budget.dv_m_s:,.0f} m/s); raise the shell", f"shells[{index}].altitude_km")
    return None


def launch_finding(text: str) -> Finding:
    """A warning of ``deployment.plan_launches`` with the field it concerns (a ``Finding`` that
    already names one, e.g. a shell beyond the vehicle's reach, keeps it)."""
    if getattr(text, "field", None):
        return text
    field = "launch.capacity_kg" if "exceeds the launcher" in text else None
    return Finding(text, field)


def launches_possible(plan: LaunchPlan, horizon_years: float) -> int:
    """Launches at the plan's cadence from its first launch up to the horizon (both included)."""
    span = horizon_years - plan.first_launch_years
    return int(np.floor(span * plan.launches_per_year + 1e-9)) + 1 if span >= 0 else 0


def undeployed_fleet(scenario: Scenario, launches_needed: int, launches_made: int,
                     deployed_at_end: float) -> Finding | None:
    """The fleet does not all reach orbit within the horizon: launches needed vs possible, the
    share in orbit at the end, and the cadence that would do it."""
    if launches_needed <= launches_made:
        return None
    plan, horizon = scenario.launch, scenario.economics.analysis_years
    n = scenario.satellite_count
    share = deployed_at_end / n if n else 0.0
    head = (f"the fleet cannot be deployed within the {horizon:g}-year horizon: it needs "
            f"{launches_needed:,} launches")
    curve = ("so the orbital FLOP curve stays near zero beside the terrestrial sites (which run all the "
             "fleet's GPUs) and " if share < 0.1 else "so ")
    tail = (f"; {share:.1%} of the fleet ({deployed_at_end:,.0f} of {n:,} satellites) is in orbit at "
            f"the end, {curve}the cost over the horizon counts only what is launched")
    if plan.first_launch_years > horizon:
        return Finding(f"{head} and the first launch comes after it, in year {plan.first_launch_years:g}"
                       f"{tail}; bring the first launch forward", "launch.first_launch_years")
    possible = launches_possible(plan, horizon)
    span = horizon - plan.first_launch_years
    fix = "shrink the fleet or carry more per launch"
    if span > 0:
        cadence = (launches_needed - 1) / span
        fix = f"raise the cadence to {np.ceil(cadence):,.0f} a year, {fix}"
    return Finding(
        f"{head}, but {plan.launches_per_year:g} a year from year {plan.first_launch_years:g} allow "
        f"{possible:,}{tail}; {fix}", "launch.launches_per_year")


def _tle_epoch(line1: str) -> datetime:
    """Element epoch of a TLE: columns 19-32 of line 1, YYDDD.DDDDDDDD (57-99: 19xx)."""
    yy, day = int(line1[18:20]), float(line1[20:32])
    year = 2000 + yy if yy < 57 else 1900 + yy
    return datetime(year, 1, 1, tzinfo=timezone.utc) + timedelta(days=day - 1.0)


@lru_cache(maxsize=32)
def tle_epochs(shell: TLESet) -> tuple[datetime, ...]:
    from orbitdesk.model.tle import parse_tle

    return tuple(_tle_epoch(r.line1) for r in parse_tle(shell.tle_text))


@lru_cache(maxsize=32)
def _offsets_days(shell: TLESet, epoch: datetime) -> np.ndarray:
    """Scenario epoch minus each element epoch, days (cached: a 50,000-satellite set is re-checked
    on every edit)."""
    out = np.array([(epoch - e).total_seconds() / 86400.0 for e in tle_epochs(shell)])
    out.flags.writeable = False
    return out


def _span(days: float) -> str:
    return f"{days:,.0f} days" if days < 365.25 else f"{days / 365.25:,.1f} years"


def stale_tle(scenario: Scenario, index: int) -> Finding | None:
    """A TLE set whose element epochs lie more than TLE_EPOCH_LIMIT_DAYS from the scenario epoch."""
    from orbitdesk.model.tle import parse_tle

    shell = scenario.shells[index]
    epochs = tle_epochs(shell)
    offsets = _offsets_days(shell, scenario.epoch)
    far = np.abs(offsets) > TLE_EPOCH_LIMIT_DAYS
    if not far.any():
        return None
    worst = int(np.argmax(np.abs(offsets)))
    direction = "" if offsets[worst] > 0 else " back"
    name = parse_tle(shell.tle_text)[worst].name
    which = (f"{far.sum():,} of {len(epochs):,} satellites have element epochs more than "
             f"{TLE_EPOCH_LIMIT_DAYS:g} days from the scenario epoch; the farthest, {name!r}, is"
             if len(epochs) > 1 else f"its satellite {name!r} is")
    return Finding(
        f"shell {shell.name!r}: {which} propagated {_span(abs(offsets[worst]))}{direction} from its "
        f"{epochs[worst]:%Y-%m-%d} element epoch to {scenario.epoch:%Y-%m-%d}; SGP4 drifts by km a day, "
        "so its positions and eclipses are no longer the real satellite's; load elements from near "
        "the scenario epoch", f"shells[{index}].tle_text")


def decayed_tle(scenario: Scenario, index: int, decayed: np.ndarray) -> Finding | None:
    """TLE satellites SGP4 reports as decayed at the epoch: they count as dark and powerless."""
    if not decayed.any():
        return None
    shell = scenario.shells[index]
    return Finding(
        f"shell {shell.name!r}: SGP4 finds {int(decayed.sum()):,} of {len(decayed):,} satellites decayed "
        f"(no position) at {scenario.epoch:%Y-%m-%d}; they count as dark and deliver nothing; "
        "remove them from the TLE text or load current elements", f"shells[{index}].tle_text")


def decayed_in_life(scenario: Scenario, index: int, years: np.ndarray, known: np.ndarray,
                    weights: np.ndarray) -> Finding | None:
    """TLE satellites that SGP4 decays within the horizon (the drag term of their elements):
    from then on they count as dark and deliver nothing, which the FLOP curve shows unexplained.
    ``known`` (M, 1, P, T): positions known on the mission-life samples of the planes ``weights``."""
    lost = ~known.all(axis=-1).reshape(len(years), -1)  # (M, P)
    lost &= ~lost[0]  # those gone at the epoch already have their own warning (decayed_tle)
    if not lost.any():
        return None
    first = int(np.argmax(lost.any(axis=1)))
    share = float(weights @ lost.any(axis=0)) / float(weights.sum())
    shell = scenario.shells[index]
    return Finding(
        f"shell {shell.name!r}: SGP4 decays {share:.0%} of its satellites within the horizon (the first "
        f"by year {years[first]:.1f}), from the drag term (B*) of their elements; decayed satellites "
        "count as dark and deliver nothing, so the mission-life figures assume no reboost; set B* to "
        "0 in the TLE text for satellites that keep their altitude", f"shells[{index}].tle_text")


def _short_span(years: float) -> str:
    hours = years * 365.25 * 24.0
    if hours < 1.0:
        return f"{hours * 60:.2g} minutes"
    return f"{hours:.2g} hours" if hours < 24.0 else f"{hours / 24.0:.2g} days"


def short_dose_life(scenario: Scenario, design_name: str, dose_life_years: float,
                    step_years: float) -> Finding | None:
    """GPUs whose total-dose life is shorter than the mission-life sampling step: they fail
    before they compute, and the horizon figures would only measure the sampling."""
    if dose_life_years >= step_years:
        return None
    return Finding(
        f"design {design_name!r}: its GPUs reach their dose tolerance after {_short_span(dose_life_years)} "
        f"(tolerance / dose rate), before the first month in orbit: they deliver next to nothing "
        "and the mission-life figures are not meaningful; raise the dose tolerance or the shielding",
        f"{_design_path(scenario, design_name)}.radiation.dose_tolerance_rad")
