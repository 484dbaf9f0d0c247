"""The window is usable at 1366×768 and at 1920×1200 (issue 8: at 1366×768 the right plot
column was clipped and the mission-life plots shrank to a few pixels). The screenshots the test
takes are saved beside the test's files; README's come from `orbitdesk --screenshot`."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

MIN_PLOT_W, MIN_PLOT_H = 200, 120  # a plot item (title, axes and data) on screen, px
MIN_VIEW_W, MIN_VIEW_H = 120, 60  # its data area, px


def plots_on_screen(layout_widget):
    """(name, plot rect, view-box rect) in the layout widget's pixels, for each plot."""
    out = []
    for item in layout_widget.ci.items:
        if not hasattr(item, "getViewBox"):
            continue
        rect = layout_widget.mapFromScene(item.sceneBoundingRect()).boundingRect()
        vb = item.getViewBox()
        vrect = layout_widget.mapFromScene(vb.sceneBoundingRect()).boundingRect()
        out.append((item.titleLabel.text or "plot", rect, vrect))
    return out


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1200)])
def test_every_plot_keeps_its_size_and_nothing_is_clipped(window, size, tmp_path):
    window.resize(*size)
    window.reset_layout()
    for _ in range(5):
        QApplication.processEvents()
    assert window.size() == QSize(*size), "the docks' minimum sizes do not fit the window"
    for view in (window.orbit_plots.layout_widget, window.calendar_plots.layout_widget):
        assert view.isVisible()
        visible = view.rect()
        plots = plots_on_screen(view)
        assert len(plots) >= 2
        for name, rect, vrect in plots:
            assert visible.contains(rect.adjusted(1, 1, -1, -1)), f"{name} is clipped at {size}: {rect} in {visible}"
            assert rect.width() >= MIN_PLOT_W and rect.height() >= MIN_PLOT_H, f"{name} at {size}: {rect}"
            assert vrect.width() >= MIN_VIEW_W and vrect.height() >= MIN_VIEW_H, f"{name} at {size}: {vrect}"
    window.life_tabs.setCurrentWidget(window.season_plots)  # the Seasons tab's three plots
    for _ in range(5):
        QApplication.processEvents()
    view = window.season_plots.layout_widget
    assert view.isVisible()
    plots = plots_on_screen(view)
    assert len(plots) == 3
    for name, rect, vrect in plots:
        assert view.rect().contains(rect.adjusted(1, 1, -1, -1)), f"season {name} is clipped at {size}"
        assert vrect.width() >= MIN_VIEW_W and vrect.height() >= MIN_VIEW_H, f"season {name} at {size}: {vrect}"
    window.life_tabs.setCurrentWidget(window.waterfall_plot)  # the Waterfall tab's one plot
    for _ in range(5):
        QApplication.processEvents()
    view = window.waterfall_plot.layout_widget
    assert view.isVisible() and window.life_tabs.tabText(window.life_tabs.currentIndex()) == "Waterfall"
    plots = plots_on_screen(view)
    assert len(plots) == 1 and len(window.waterfall_plot.bars) == 8
    for _name, rect, vrect in plots:
        assert view.rect().contains(rect.adjusted(1, 1, -1, -1)), f"waterfall is clipped at {size}"
        assert vrect.width() >= MIN_VIEW_W and vrect.height() >= MIN_VIEW_H, f"waterfall at {size}: {vrect}"
    window.life_tabs.setCurrentIndex(0)
    assert window.editors.width() >= window.editors.minimumWidth()
    assert window.globe.canvas.native.width() >= 300 and window.globe.canvas.native.height() >= 250
    assert window.grab().save(str(tmp_path / f"main_window_{size[0]}x{size[1]}.png"))
