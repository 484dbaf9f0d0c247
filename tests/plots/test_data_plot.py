"""The Data tab (plots/data_plot.py): its bars are the data-segment KPIs, its curve the day's
round trips, the sites' lines their fibre round trips; no station is a message, not a crash."""

from __future__ import annotations

import numpy as np
import pytest

from orbitdesk.plots.data_plot import BARS, TB_BITS


def test_the_data_tab_draws_the_kpis_and_exports(window, tmp_path):
    tabs = window.life_tabs
    view = window.data_plot
    assert tabs.tabText(tabs.indexOf(view)) == "Data"
    tabs.setCurrentWidget(view)  # a hidden tab draws when it is shown
    r = view.results
    heights = view.bar_item.opts["height"]
    for (key, _, _), h in zip(BARS, heights, strict=True):
        assert h * TB_BITS == pytest.approx(r.kpis[key], rel=1e-12), key
    x, y = view.orbital_curve.getData()
    day = r.data_day
    finite = np.isfinite(day.round_trip_s)
    np.testing.assert_allclose(y[finite], day.round_trip_s[finite] * 1e3)
    colossus = r.terrestrial_kpis["Colossus 1 (Memphis, TN; leased)"]["user_round_trip_p50_s"]
    assert any(abs(line.value() - colossus * 1e3) < 1e-9 for line in view.site_lines)
    assert "median" in view.caption.text() and day.users in view.caption.text()
    # inference: the latency budget is drawn; the need rises
    draws = view.draws
    window.document.edit("shells[0].workload.kind", "inference")
    assert view.draws == draws + 1 and view.budget_line is not None
    assert view.budget_line.value() == pytest.approx(150.0)
    assert view.values["data_need_bits_per_day"] == pytest.approx(view.values["inference_need_bits_per_day"])
    exports = {text: run for text, _d, _k, run in window.exports.targets()}
    exports["Data segment plots as image…"](tmp_path / "data.png")
    exports["Data segment day as CSV…"](tmp_path / "data.csv")
    assert (tmp_path / "data.png").stat().st_size > 1000
    lines = (tmp_path / "data.csv").read_text().splitlines()
    assert lines[0].startswith("time_h,round_trip_ms (US East (New York))") and len(lines) == 1 + day.time_s.size


def test_no_ground_station_says_so(window):
    view = window.data_plot
    window.life_tabs.setCurrentWidget(view)
    s = window.document.scenario.model_copy(update={"ground_stations": ()})
    window.document.replace(s, "no stations")
    assert "No ground station" in view.caption.text() and view.values == {}
    with pytest.raises(ValueError, match="no ground station"):
        view.data_csv()
    window.document.undo_stack.undo()
    assert view.values
