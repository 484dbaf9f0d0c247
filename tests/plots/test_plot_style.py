"""Axis helpers: tick labels for people and a y range never zoomed into rounding noise."""

from __future__ import annotations

import pytest

from orbitdesk.plots.style import tick_strings, y_span


def test_tick_labels_have_the_digits_the_spacing_needs():
    assert tick_strings([333.1500000000005, 333.2], 0.05) == ["333.15", "333.20"]
    assert tick_strings([0.0, 50.0, 100.0], 50.0) == ["0", "50", "100"]
    assert tick_strings([-1e-17, 0.5], 0.5) == ["0.0", "0.5"]  # never "-0.0"
    assert tick_strings([36_650.0, 36_900.0], 250.0) == ["36,650", "36,900"]
    assert tick_strings([1.0], 0.0) == ["1"]


def test_a_flat_curve_gets_at_least_five_percent_either_side():
    low, high = y_span([36.8] * 10, rel=0.05)
    assert low == pytest.approx(36.8 * 0.95) and high == pytest.approx(36.8 * 1.05)
    low, high = y_span([36.65, 36.9], [36.7], rel=0.05)  # the span of the issue: widened
    assert high - low == pytest.approx(2 * 0.05 * 36.9)
    assert y_span([0.0, 150.0], rel=0.05) == (0.0, 150.0)  # a wide span is kept as it is
    assert y_span([0.0, 0.0], floor=1.0) == (-0.5, 0.5)  # all zero: the absolute floor
    assert y_span([float("nan")]) == (0.0, 1.0)


def test_set_curve_data_skips_only_identical_points(qapp):
    import numpy as np
    import pyqtgraph as pg

    from orbitdesk.plots import style

    curve = pg.PlotDataItem()
    x = np.arange(5.0)
    assert style.set_curve_data(curve, x, x ** 2)
    assert not style.set_curve_data(curve, x.copy(), (x ** 2).copy())  # same points: skipped
    assert style.set_curve_data(curve, x, x ** 2 + 1e-12)  # any change is drawn
    assert curve.yData[1] == 1.0 + 1e-12
    assert style.set_curve_data(curve, x[:3], x[:3])  # fewer points
    assert curve.xData.size == 3
    y = np.array([0.0, np.nan, 2.0])
    assert style.set_curve_data(curve, x[:3], y)
    assert not style.set_curve_data(curve, x[:3], y.copy())  # NaN gaps compare equal
