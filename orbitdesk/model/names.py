"""Generated names, and names that follow their part's edits.

A design is named by its IT power ("AI sat 112 kW"), a shell by its orbit ("Walker 53° 550 km",
"Dawn-dusk SSO 650 km", "Satellite 53° 550 km"), an imported TLE set by its file and count
("starlink (12 sat)"). ``follow_generated_names(old, new)``, called after each edit, renames a part
whose name is still the one generated from its old values (a uniqueness suffix " 2", " (copy)"
allowed) to the name generated from its new values; a name the user typed is left alone. A design
rename carries to the shells that fly it. Qt-free and pure: scenarios in, a scenario out.
"""

from __future__ import annotations

import re

from orbitdesk.model.scenario import (
    PlacedSatellite,
    SatelliteDesign,
    Scenario,
    SunSyncShell,
    TLESet,
    WalkerShell,
)

MAX_NAME = 120  # scenario.Name's max_length
# what makes a generated name unique: " 2", " (copy)", " (copy 3)"
_SUFFIX = re.compile(r"(?: \d+| \(copy(?: \d+)?\))?")
_TLE_NAME = re.compile(r"^(?P<stem>.+) \((?P<count>\d+) sat\)$")


def _num(x: float) -> str:
    """550.0 -> '550', 97.79 -> '97.8', 1200 -> '1,200'."""
    return f"{x:,.1f}".rstrip("0").rstrip(".")


def design_name(design: SatelliteDesign) -> str:
    """'AI sat 112 kW': the IT power of one satellite (GPUs at TDP plus server overhead)."""
    c = design.compute
    it_w = c.gpu_count * (c.gpu_tdp_w + c.server_overhead_w_per_gpu)
    return f"AI sat {it_w / 1e3:,.0f} kW"


def _ltan(hours: float) -> str:
    minutes = round(hours * 60.0) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def tle_name(stem: str, count: int) -> str:
    return f"{stem} ({count} sat)"


def shell_name(shell) -> str | None:
    """The name generated from a shell's orbit (None for a TLE set: its name comes from its file)."""
    if isinstance(shell, WalkerShell):
        return f"Walker {_num(shell.inclination_deg)}° {_num(shell.altitude_km)} km"
    if isinstance(shell, SunSyncShell):
        kind = {6.0: "Dawn-dusk SSO", 18.0: "Dusk-dawn SSO"}.get(round(shell.ltan_hours, 6))
        if kind:
            return f"{kind} {_num(shell.altitude_km)} km"
        return f"SSO {_num(shell.altitude_km)} km, LTAN {_ltan(shell.ltan_hours)}"
    if isinstance(shell, PlacedSatellite):
        return f"Satellite {_num(shell.inclination_deg)}° {_num(shell.altitude_km)} km"
    return None


def unique_name(stem: str, taken) -> str:
    """``stem`` if free, else 'stem 2', 'stem 3', ..."""
    if stem not in taken:
        return stem
    n = 2
    while f"{stem} {n}" in taken:
        n += 1
    return f"{stem} {n}"


def _is_generated(name: str, generated: str | None) -> bool:
    return (generated is not None and name.startswith(generated)
            and _SUFFIX.fullmatch(name[len(generated):]) is not None)


def _followed_shell_name(a, b) -> str | None:
    """The name shell ``b`` (edited from ``a``) should take, or None to keep its name."""
    if isinstance(a, TLESet) and isinstance(b, TLESet):
        m = _TLE_NAME.match(a.name)
        if m and a.tle_text != b.tle_text and int(m["count"]) == a.satellite_count:
            return tle_name(m["stem"], b.satellite_count)
        return None
    old, new = shell_name(a), shell_name(b)
    return new if new != old and _is_generated(a.name, old) else None


def _followed_design_name(a: SatelliteDesign, b: SatelliteDesign) -> str | None:
    old, new = design_name(a), design_name(b)
    return new if new != old and _is_generated(a.name, old) else None


def _renamed(old_parts, new_parts, follow) -> dict[int, str]:
    """{index: new name} for parts edited in place (same position, name untouched by the edit)."""
    if len(old_parts) != len(new_parts):
        return {}  # a part added or removed: nothing was edited in place
    out: dict[int, str] = {}
    names = [p.name for p in new_parts]
    for i, (a, b) in enumerate(zip(old_parts, new_parts, strict=True)):
        if a is b or a == b or a.name != b.name or type(a) is not type(b):
            continue
        target = follow(a, b)
        if target is None:
            continue
        name = unique_name(target, set(names[:i] + names[i + 1:]))
        if len(name) <= MAX_NAME and name != b.name:
            names[i] = out[i] = name
    return out


def follow_generated_names(old: Scenario, new: Scenario) -> Scenario:
    """``new`` with generated names regenerated from its values (see the module docstring);
    ``new`` itself, unchanged, when no name follows."""
    designs = _renamed(old.designs, new.designs, _followed_design_name)
    shells = _renamed(old.shells, new.shells, _followed_shell_name)
    if not designs and not shells:
        return new
    moved = {new.designs[i].name: name for i, name in designs.items()}
    data = new.model_dump()
    for i, name in designs.items():
        data["designs"][i]["name"] = name
    for i, s in enumerate(data["shells"]):
        s["design"] = moved.get(s["design"], s["design"])
        if i in shells:
            s["name"] = shells[i]
    return Scenario.model_validate(data)
