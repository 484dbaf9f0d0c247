"""File ▸ Export of the plots: SVG draws every datum where PNG does, with a caption, legibly sized."""

from __future__ import annotations

import re

import numpy as np
import pytest

pytestmark = pytest.mark.gl


def export(window, default, path):
    run = {d: r for _t, d, _k, r in window.exports.targets()}[default]
    run(path)
    return path


def as_array(image):
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    buf = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    bgra = buf.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width(), :3]
    return bgra[..., ::-1].astype(int)  # RGB32 is 0xffRRGGBB: B, G, R in memory (little-endian)


def svg_as_png_sized(svg_path, png):
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg_path))
    assert renderer.isValid()
    image = QImage(png.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def is_colour(rgb, colour):
    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return np.abs(rgb - target).sum(axis=-1) < 40


def colour_rows(rgb, colour, columns):
    """Rows where at least half of ``columns`` are (nearly) ``colour``."""
    return np.flatnonzero(is_colour(rgb[:, columns, :], colour).sum(axis=1) > len(columns) // 2)


@pytest.mark.parametrize("default", ["mission_life.png", "orbit_plots.png"])
def test_svg_places_data_where_png_does(window, tmp_path, default):
    from PySide6.QtGui import QImage

    png_path = export(window, default, tmp_path / default)
    svg_path = export(window, default, tmp_path / default.replace(".png", ".svg"))
    png = QImage(str(png_path))
    assert png.width() == 1600
    a, b = as_array(png), as_array(svg_as_png_sized(svg_path, png))
    differs = np.abs(a - b).sum(axis=-1) > 96
    # anti-aliased edges and glyphs may differ by a pixel; a shifted axis or bar differs in rows
    assert differs.mean() < 0.01, f"{differs.mean():.2%} of pixels differ"


def test_the_orbital_bar_top_is_the_same_row_in_svg_and_png(window, tmp_path):
    from PySide6.QtGui import QImage

    from orbitdesk.plots import style

    png = QImage(str(export(window, "mission_life.png", tmp_path / "life.png")))
    svg = svg_as_png_sized(export(window, "mission_life.png", tmp_path / "life.svg"), png)
    a, b = as_array(png), as_array(svg)
    # the orbital bar: the orbital colour's columns in the right half (the curve is in the left)
    right = np.arange(png.width() // 2, png.width())
    columns = right[is_colour(a[:, right, :], style.ORBITAL).sum(axis=0) > 100]
    assert columns.size > 30
    rows_png = colour_rows(a, style.ORBITAL, columns)
    rows_svg = colour_rows(b, style.ORBITAL, columns)
    assert rows_png.size > 50  # the bar is there
    assert abs(int(rows_png.min()) - int(rows_svg.min())) <= 1  # its top edge
    assert abs(int(rows_png.max()) - int(rows_svg.max())) <= 1  # its foot on the axis
    values = window.calendar_plots.bar_values
    assert values["Orbital"] == pytest.approx(window.calendar_plots.results.kpis["cost_per_exaflop_usd"], rel=1e-12)
    # the y axis starts at 0: bar heights in pixels are in the ratio of the values
    site = window.document.scenario.terrestrial[0].name
    site_cols = right[is_colour(a[:, right, :], style.site_colour(0)).sum(axis=0) > 100]
    site_rows = colour_rows(a, style.site_colour(0), site_cols)
    ratio = (rows_png.max() - rows_png.min()) / (site_rows.max() - site_rows.min())
    assert ratio == pytest.approx(values["Orbital"] / values[site], rel=0.02)


def test_exports_carry_a_caption_and_legible_text(window, tmp_path):
    from orbitdesk import __version__

    window.document.select("shells", 0)
    svg = export(window, "orbit_plots.png", tmp_path / "orbit.svg").read_text()
    scenario = window.document.scenario
    for part in (scenario.name, scenario.shells[0].name, "2027-01-01 00:00 UTC", f"OrbitDesk {__version__}"):
        assert part.replace("“", "") in svg.replace("&quot;", '"').replace("“", ""), part
    # every text's effective size (font-size × the group's scale) is at least 11 px at 1600 px
    sizes = []
    for m in re.finditer(r'<g [^>]*transform="matrix\(([-\d.e]+),([-\d.e]+),([-\d.e]+),([-\d.e]+)[^"]*"'
                         r'[^>]*font-size="([\d.]+)"[^>]*>\s*<text', svg):
        a, b, _c, _d, size = (float(v) for v in m.groups())
        sizes.append(float(size) * float(np.hypot(a, b)))
    assert len(sizes) > 30 and min(sizes) >= 11.0, sorted(sizes)[:5]


def test_png_export_is_1600_wide_and_leaves_the_window_as_it_was(window, tmp_path):
    from PySide6.QtGui import QImage

    lw = window.orbit_plots.layout_widget
    before = [p.geometry() for p in window.orbit_plots.plots.values()]
    png = QImage(str(export(window, "orbit_plots.png", tmp_path / "o.png")))
    assert png.width() == 1600 and png.height() > 1200
    assert [p.geometry() for p in window.orbit_plots.plots.values()] == before
    assert lw.ci.geometry().width() == pytest.approx(lw.width(), abs=1)


def test_the_mission_life_caption_names_the_shells(window):
    caption = window.exports.caption("life")
    assert "“Dawn-dusk SSO 650 km”" in caption and "2,660 satellites" in caption
    assert window.document.scenario.name in caption and "epoch 2027-01-01 00:00 UTC" in caption


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_an_export_through_a_symbolic_link_writes_its_target(window, tmp_path, suffix):
    """Like a scenario save: the link stays a link and its target gets the image."""
    target = tmp_path / "real" / f"plot{suffix}"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / f"link{suffix}"
    link.symlink_to(target)
    export(window, "orbit_plots.png", link)  # the format follows the name: .png or .svg
    assert link.is_symlink() and target.stat().st_size > 1000
