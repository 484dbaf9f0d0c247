"""Generated names follow their part's edits; names the user typed stay; names stay unique."""

from orbitdesk.model import Scenario, default_scenario, with_value
from orbitdesk.model.defaults import DEFAULT_DESIGN, default_design, with_catalog_choice
from orbitdesk.model.names import design_name, follow_generated_names, shell_name, unique_name


def _edit(scenario, path, value):
    return follow_generated_names(scenario, with_value(scenario, path, value))


def test_defaults_carry_generated_names(scenario):
    assert design_name(default_design()) == DEFAULT_DESIGN == "AI sat 112 kW"
    assert shell_name(scenario.shells[0]) == scenario.shells[0].name == "Dawn-dusk SSO 650 km"


def test_design_name_follows_a_gpu_switch_and_the_shells_follow_it(scenario):
    b200 = with_catalog_choice(scenario, "designs[0].compute.gpu", "B200")
    assert b200.designs[0].name == DEFAULT_DESIGN  # stale before following
    new = follow_generated_names(scenario, b200)
    assert new.designs[0].name == design_name(b200.designs[0]) != DEFAULT_DESIGN
    assert new.designs[0].name.startswith("AI sat ") and new.designs[0].name.endswith(" kW")
    assert new.shells[0].design == new.designs[0].name
    assert new.designs[0].compute == b200.designs[0].compute  # only names change
    # and back: the name follows again
    back = _edit(new, "designs[0].compute.gpu_count", 96)
    assert back.designs[0].name == design_name(back.designs[0])


def test_gpu_count_renames_but_a_radiator_edit_does_not(scenario):
    assert _edit(scenario, "designs[0].compute.gpu_count", 48).designs[0].name == "AI sat 56 kW"
    same = with_value(scenario, "designs[0].radiator.area_m2", 90.0)
    assert follow_generated_names(scenario, same) is same  # nothing to follow: the same value


def test_typed_names_are_left_alone(scenario):
    data = scenario.model_dump()
    data["designs"][0]["name"] = data["shells"][0]["design"] = "Mine"
    data["shells"][0]["name"] = "Our shell"
    mine = Scenario.model_validate(data)
    edited = _edit(mine, "designs[0].compute.gpu_count", 48)
    assert edited.designs[0].name == "Mine" and edited.shells[0].name == "Our shell"
    edited = _edit(mine, "shells[0].altitude_km", 700.0)
    assert edited.shells[0].name == "Our shell"


def test_an_edit_that_renames_is_not_overridden(scenario):
    both = with_value(with_value(scenario, "shells[0].altitude_km", 700.0), "shells[0].name", "Typed")
    assert follow_generated_names(scenario, both).shells[0].name == "Typed"


def test_shell_names_follow_orbit_edits(scenario):
    assert _edit(scenario, "shells[0].altitude_km", 700.0).shells[0].name == "Dawn-dusk SSO 700 km"
    assert _edit(scenario, "shells[0].ltan_hours", 18.0).shells[0].name == "Dusk-dawn SSO 650 km"
    assert _edit(scenario, "shells[0].ltan_hours", 10.5).shells[0].name == "SSO 650 km, LTAN 10:30"
    assert _edit(scenario, "shells[0].planes", 8).shells[0].name == "Dawn-dusk SSO 650 km"


def test_copies_and_suffixed_names_follow_and_stay_unique(scenario):
    from orbitdesk.app.placing import duplicate_design

    two, i = duplicate_design(scenario, 0)
    assert two.designs[i].name == "AI sat 112 kW (copy)"
    edited = _edit(two, f"designs[{i}].compute.gpu_count", 48)
    assert edited.designs[i].name == "AI sat 56 kW"
    # a second design reaching the same power as the first gets a suffix, not a clash
    clash = _edit(edited, f"designs[{i}].compute.gpu_count", 96)
    assert [d.name for d in clash.designs] == ["AI sat 112 kW", "AI sat 112 kW 2"]
    assert unique_name("A", {"A", "A 2"}) == "A 3" and unique_name("B", {"A"}) == "B"


def test_walker_and_tle_names(scenario, sample_tle_text):
    from orbitdesk.app.placing import add_tle_shell
    from orbitdesk.model.presets import PRESETS

    big = PRESETS["1,000,000-satellite Walker shell"]()
    assert big.shells[0].name == "Walker 53° 550 km"
    assert _edit(big, "shells[0].inclination_deg", 97.75).shells[0].name == "Walker 97.8° 550 km"
    tle, k = add_tle_shell(scenario, sample_tle_text, "walker.tle")
    fewer = "\n".join(sample_tle_text.splitlines()[:8])  # comments + 2 satellites
    assert _edit(tle, f"shells[{k}].tle_text", fewer).shells[k].name == "walker (2 sat)"
    typed = with_value(tle, f"shells[{k}].name", "My TLEs")
    assert _edit(typed, f"shells[{k}].tle_text", fewer).shells[k].name == "My TLEs"


def test_structural_edits_rename_nothing(scenario):
    from orbitdesk.app.placing import remove_part

    two = follow_generated_names(scenario, default_scenario())
    assert two is default_scenario()
    placed = scenario.model_copy(update={"shells": (*scenario.shells, scenario.shells[0].model_copy(
        update={"name": "Second"}))})
    assert follow_generated_names(placed, remove_part(placed, "shells", 1)).shells[0].name == \
        "Dawn-dusk SSO 650 km"
