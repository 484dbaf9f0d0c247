"""The selection rules, as pure functions of a scenario (the document applies them).

A selection is (section, index): ("shells", i), ("designs", i), ("ground_stations", i),
("terrestrial", i) or ("launch", 0). A selection is always valid for its scenario: an index past
the end of its list is clamped to the last part; a section whose list is empty (all stations
deleted), or an unknown one, falls back to the last shell.
"""

from __future__ import annotations

LISTS = ("shells", "designs", "ground_stations", "terrestrial")
SECTIONS = (*LISTS, "launch")


def clamp_selection(scenario, selection: tuple[str, int]) -> tuple[str, int]:
    section, index = selection
    if section == "launch":
        return ("launch", 0)
    parts = getattr(scenario, section, ()) if section in LISTS else ()
    if not parts:
        return ("shells", len(scenario.shells) - 1)
    return (section, min(max(int(index), 0), len(parts) - 1))


def shown_shell(scenario, selection: tuple[str, int], last_shell: int) -> int:
    """Which shell the one-orbit plots and the globe's highlight show (see
    ScenarioDocument.selected_shell)."""
    section, index = clamp_selection(scenario, selection)
    shells = scenario.shells
    last = min(max(last_shell, 0), len(shells) - 1)
    if section == "shells":
        return index
    if section == "designs":
        name = scenario.designs[index].name
        if shells[last].design == name:
            return last
        return next((i for i, s in enumerate(shells) if s.design == name), last)
    return last
