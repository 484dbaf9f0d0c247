"""The scenario tree is an item model updated in place and shows the document's selection."""

from __future__ import annotations

from orbitdesk.model import default_scenario


def test_rows_follow_edits_in_place(window):
    tree = window.tree
    first = tree.item("shells", 0)
    window.document.edit("shells[0].name", "Renamed shell")
    assert tree.item("shells", 0) is first and tree.rows("shells")[0].startswith("Renamed shell")
    window.duplicate_design(0)
    assert len(tree.rows("designs")) == 2 and window.document.selection == ("designs", 1)
    assert tree.currentIndex() == tree.item("designs", 1).index()
    window.document.undo_stack.undo()
    assert len(tree.rows("designs")) == 1 and window.document.selection == ("shells", 0)
    assert tree.currentIndex() == tree.item("shells", 0).index()


def test_every_row_selects_and_the_editor_agrees(window):
    tree, doc = window.tree, window.document
    for section in ("shells", "designs", "ground_stations", "terrestrial", "launch"):
        n = len(getattr(doc.scenario, section)) if section != "launch" else 1
        for i in range(n):
            tree.select_item(section, i)
            assert doc.selection == (section, i)
    tree.setCurrentIndex(tree.tree_model.index(2, 0))  # the "Ground stations" heading
    assert doc.selection == ("ground_stations", 0)


def test_edits_with_launch_selected_and_undo_past_the_start(window):
    """Issue 8: any edit with "Launch & economics" selected was a segmentation fault."""
    window.tree.select_item("launch", 0)
    form = window.editors.launch_form
    for name, text in (("cost_usd_per_kg", "300"), ("launches_per_year", "80")):
        form.fields[name].editor.setText(text)
        form.fields[name].editor.editingFinished.emit()
    window.editors.economics_form.fields["analysis_years"].editor.setText("12")
    window.editors.economics_form.fields["analysis_years"].editor.editingFinished.emit()
    assert window.document.undo_stack.count() == 3
    for _ in range(5):
        window.undo_action.trigger()
    assert window.document.scenario == default_scenario()
    assert form.fields["cost_usd_per_kg"].editor.text() == f"{default_scenario().launch.cost_usd_per_kg:g}"
    assert window.document.selection == ("launch", 0)


def test_deleting_the_last_station_moves_the_selection(window):
    doc = window.document
    n = len(doc.scenario.ground_stations)
    window.tree.select_item("ground_stations", n - 1)
    for _ in range(n):
        window.delete_part(*doc.selection)
    assert window.tree.rows("ground_stations") == [] and doc.selection[0] == "shells"
    while doc.undo_stack.canUndo():
        window.undo_action.trigger()
    assert doc.scenario == default_scenario() and len(window.tree.rows("ground_stations")) == n


def test_generated_names_follow_the_edit_and_undo(window):
    """Issue 8: "AI sat 112 kW" stayed after switching to B200."""
    from orbitdesk.model.names import design_name

    doc = window.document
    assert doc.scenario.designs[0].name == design_name(doc.scenario.designs[0])
    window.tree.select_item("designs", 0)
    gpu = window.editors.design_forms["compute"].fields["gpu"].editor
    gpu.setCurrentIndex(gpu.findData("B200"))
    d = doc.scenario.designs[0]
    assert d.compute.gpu == "B200" and d.name == design_name(d)
    assert doc.scenario.shells[0].design == d.name and window.tree.rows("designs")[0].startswith(d.name)
    window.undo_action.trigger()
    assert doc.scenario.designs[0].name == design_name(doc.scenario.designs[0])
