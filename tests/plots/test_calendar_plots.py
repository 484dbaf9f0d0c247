"""The mission-life plots: cost bars labelled with their values, "–" for a site with no value,
the legend in the title row (not on the curves)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from orbitdesk.plots.calendar_plots import NO_VALUE, money, short_name

pytestmark = pytest.mark.gl


def test_cost_bars_are_labelled_with_their_values(window):
    view = window.calendar_plots
    texts = view.bar_texts()
    assert texts["Orbital"] == money(view.bar_values["Orbital"]) == money(view.results.kpis["cost_per_exaflop_usd"])
    opts = view.bars.opts
    np.testing.assert_allclose(opts["height"], list(view.bar_values.values()))
    for i, label in enumerate(view.bar_labels[:len(texts)]):
        assert label.pos().x() == i and label.pos().y() == pytest.approx(opts["height"][i])
    low, high = view.cost_plot.viewRange()[1]
    assert high >= max(opts["height"]) * 1.15  # room above the tallest bar for its label


def test_a_site_without_a_value_shows_a_dash_not_a_zero_bar(window):
    view = window.calendar_plots
    r = view.results
    site = r.terrestrial[1].name
    kpis = {**r.terrestrial_kpis, site: {**r.terrestrial_kpis[site], "cost_per_exaflop_usd": None}}
    view._on_ready(0, dataclasses.replace(r, terrestrial_kpis=kpis))
    names = list(view.bar_values)
    assert view.bar_texts()[site] == NO_VALUE
    assert names.index(site) not in list(view.bars.opts["x"])  # no bar there at all
    assert len(view.bars.opts["height"]) == len(names) - 1 and 0.0 not in list(view.bars.opts["height"])
    view._on_ready(0, r)  # the value back: its bar back
    assert view.bar_texts()[site] != NO_VALUE and len(view.bars.opts["x"]) == len(names)


def test_the_legend_is_above_the_curves_not_on_them(window):
    view = window.calendar_plots
    assert view.flop_plot.legend is None  # no legend box inside the view
    title = view.flop_plot.titleLabel.text
    for name in view.curves:
        assert short_name(name) in title
    title_box = view.flop_plot.titleLabel.sceneBoundingRect()
    view_box = view.flop_plot.getViewBox().sceneBoundingRect()
    assert title_box.bottom() <= view_box.top() + 1


def test_bench_hooks_stay(window):
    """`orbitdesk bench --gui` and the runner's hand-off read these."""
    for view in (window.orbit_plots, window.calendar_plots):
        assert view.layout_widget.last_paint_s > 0 and view.redraws >= 1
