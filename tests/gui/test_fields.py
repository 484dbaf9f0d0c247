"""What a person types into a numeric field: refused in place with the problem in words, or read
exactly as meant (issue 8: "1,5" was read as 15; 1e400 in an integer field raised OverflowError)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from orbitdesk.gui.fields import parse_number


@pytest.mark.parametrize(("text", "integer", "value"), [
    ("1.5", False, 1.5), ("1,000,000", False, 1e6), ("1,000.5", False, 1000.5), ("-2,500", False, -2500.0),
    ("1e3", False, 1000.0), (" 42 ", True, 42), ("1,024", True, 1024), ("4e2", True, 400), ("1_000", True, 1000),
])
def test_numbers_are_read_as_meant(text, integer, value):
    assert parse_number(text, "Area", integer) == value


@pytest.mark.parametrize(("text", "integer", "problem"), [
    ("1,5", False, "use a point for decimals"), ("1,5", True, "use a point for decimals"),
    ("12,34,567", False, "use a point for decimals"), ("abc", False, "not a number"),
    ("inf", False, "not a finite number"), ("nan", True, "not a finite number"),
    ("1e400", True, "far too large"), ("9" * 400, True, "far too large"),
    ("1e300", True, "far too large"), ("2.5", True, "whole number"),
])
def test_bad_numbers_are_refused_in_words(text, integer, problem):
    with pytest.raises(ValueError, match=problem) as e:
        parse_number(text, "Satellites (T)", integer)
    assert str(e.value).startswith("Satellites (T):")


@pytest.mark.parametrize("text", ["1e400", "inf", "nan", "9" * 400, "1,5", "1e300"])
def test_an_integer_field_refuses_nonsense_inline(window, text):
    window.tree.select_item("shells", 0)
    field = window.editors.shell_forms["sso"].fields["satellites_per_plane"]
    before = window.document.scenario
    field.editor.setText(text)
    field.editor.editingFinished.emit()
    assert field.error and window.document.scenario is before
    assert window.editors.shell_forms["sso"].message.isVisible()


def test_a_huge_value_in_a_scaled_field_is_refused(window):
    window.tree.select_item("launch", 0)
    field = window.editors.economics_form.fields["nonrecurring_cost_usd"]  # shown in $B
    before = window.document.scenario
    field.editor.setText("1e300")
    field.editor.editingFinished.emit()
    assert field.error and window.document.scenario is before


def test_a_bound_is_stated_in_the_fields_own_unit(window):
    """A new user's finding: the bound and the refused value were stated as stored (0.99, -0.05)
    while the field reads in % or %/K."""
    window.tree.select_item("designs", 0)
    field = window.editors.design_forms["solar"].fields["temperature_coefficient_per_k"]  # %/K
    field.editor.setText("-5")
    field.editor.editingFinished.emit()
    assert "greater than or equal to -1 %/K" in field.error and "(got -5 %/K)" in field.error
    field.editor.setText("")
    field.editor.editingFinished.emit()
    assert field.error and "None" not in field.error


@pytest.mark.parametrize("text, expected", [
    ("2027-06-01", "2027-06-01T00:00:00+00:00"),
    ("2027-06-01 12:30", "2027-06-01T12:30:00+00:00"),
    ("2027-06-01T12:30:00Z", "2027-06-01T12:30:00+00:00"),
    ("2027-06-01T14:30+02:00", "2027-06-01T12:30:00+00:00"),  # any offset, kept as UTC
])
def test_dates_are_read_as_utc(text, expected):
    from orbitdesk.gui.fields import parse_date

    assert parse_date(text, "Epoch").isoformat() == expected


@pytest.mark.parametrize("text", ["nonsense", "2027-13-01", "1/6/2027", ""])
def test_bad_dates_are_refused_in_words(text):
    from orbitdesk.gui.fields import parse_date

    with pytest.raises(ValueError, match="is not a date; type it as 2027-06-01"):
        parse_date(text, "Epoch")


def test_the_epoch_is_edited_in_the_window_with_undo(window):
    """The issue: the epoch could not be changed in the window. It sits in Launch & economics;
    a bad date is refused in the field and changes nothing; a good one is one undo step."""
    field = window.editors.scenario_form.fields["epoch"]
    before = window.document.scenario.epoch
    assert field.editor.text() == "2027-01-01 00:00 UTC"
    field.editor.setText("June 1st")
    field._text_entered()
    assert "is not a date" in field.error and window.document.scenario.epoch == before
    field.editor.setText("2027-06-01")
    field._text_entered()
    assert not field.error and window.document.scenario.epoch.month == 6
    window.document.undo_stack.undo()
    assert window.document.scenario.epoch == before and field.editor.text() == "2027-01-01 00:00 UTC"


@pytest.mark.parametrize("part, path", [("battery", "designs[0].battery.capacity_wh"),
                                        ("solar", "designs[0].solar.area_m2"),
                                        ("radiator", "designs[0].radiator.area_m2")])
def test_size_to_close_is_one_undoable_edit(window, part, path):
    from orbitdesk.model import get_value

    before = get_value(window.document.scenario, path)
    window.editors.findChild(QPushButton, f"size_{part}").click()
    after = get_value(window.document.scenario, path)
    assert after != before and "horizon" in window.editors.sizing_note[part].text()
    window.editors.findChild(QPushButton, f"size_{part}").click()  # sized already: says so, no edit
    assert window.editors.sizing_note[part].text().startswith("Already closes")
    assert get_value(window.document.scenario, path) == after
    window.document.undo_stack.undo()
    assert get_value(window.document.scenario, path) == before
    assert window.editors.sizing_note[part].text() == ""  # its note was about the undone value
