"""The design report: one document model (headings, paragraphs, tables, figures), written as PDF
by reportlab's page layout (platypus) and as HTML with the figures inline as SVG.

Why reportlab (README, Design notes): it is pure Python with wheels everywhere, needs no system
libraries (weasyprint needs Pango and its fonts), runs without Qt (so `orbitdesk report` works in
a headless install, where Qt's PDF writer would need a QGuiApplication), and draws the figures as
vectors in the PDF and, through its SVG renderer, the same drawings in the HTML. The fonts are
DejaVu Sans, shipped in resources/fonts (free licence beside them), so "²", "°", "≥" and "Δ" print
on every machine.

Contents, in order: the scenario in a paragraph; its warnings; the KPI tables by group, orbital
against each site; with a comparison, B's KPIs against A's with B − A and the change, and B's
warnings; the figures, each captioned with the scenario, shell and epoch (B dashed over A); the
trade study when one is given; the assumptions table (every input with value, unit, tag and
source, changed values marked).
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from datetime import datetime, timezone

from orbitdesk.__about__ import __version__
from orbitdesk.handover import charts
from orbitdesk.handover.assumptions import assumption_rows
from orbitdesk.handover.compare import changed, differences
from orbitdesk.report import kpi_sections

MAX_SHELL_FIGURES = 3  # shells whose one-orbit and season figures the report draws
STUDY_ROWS = 40


# --- the document model ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # body, small, warning


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the text width
    marked: frozenset[int] = frozenset()  # rows shown bold (changed inputs)
    caption: str = ""
    wrap: frozenset[int] = frozenset()  # columns whose text wraps (long sources)


@dataclass(frozen=True)
class Figure:
    chart: charts.Chart


@dataclass(frozen=True)
class Side:
    """One scenario in the report: itself, its results and where it came from."""

    scenario: object
    results: object
    source: str = ""  # the file it was read from, or "" for the open document


@dataclass(frozen=True)
class Study:
    """A trade study's outcome as the report prints it."""

    title: str
    lines: tuple[str, ...]
    table: object | None = None  # a study.table.StudyTable


@dataclass
class Report:
    title: str
    blocks: list = field(default_factory=list)


def _epoch_text(scenario) -> str:
    return scenario.epoch.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def scientific(v: float) -> str:
    """1.7e28 -> "1.70 × 10²⁸" (three significant digits)."""
    import math

    if not v or not math.isfinite(v):
        return "0"
    exponent = math.floor(math.log10(abs(v)))
    mantissa = v / 10**exponent
    if round(mantissa, 2) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:.2f} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def scenario_paragraph(scenario, results) -> str:
    """The scenario in a paragraph: what flies, what it carries, when, and against what."""
    k = results.kpis
    shells = "; ".join(f"{s.name} ({s.satellite_count:,} satellites, {s.design})" for s in scenario.shells)
    d = scenario.designs[0]
    c = d.compute
    sites = "; ".join(t.name for t in scenario.terrestrial) or "no terrestrial site"
    stations = "; ".join(g.name for g in scenario.ground_stations) or "no ground station"
    text = (f"{k.get('satellites') or 0:,.0f} satellites in {len(scenario.shells)} shell"
            f"{'s' * (len(scenario.shells) != 1)}: {shells}. The design {d.name} carries {c.gpu_count} × {c.gpu} "
            f"({(k.get('satellite_it_power_w') or 0) / 1e3:,.1f} kW IT), a {d.solar.area_m2:,.0f} m² {d.solar.cell} "
            f"array, a {d.battery.capacity_wh / 1e3:,.0f} kWh battery and a {d.radiator.area_m2:,.0f} m² radiator"
            f"{f' ({len(scenario.designs)} designs in all)' if len(scenario.designs) > 1 else ''}. "
            f"Epoch {_epoch_text(scenario)}, horizon {scenario.economics.analysis_years:g} years; launches on "
            f"{scenario.launch.vehicle} at ${scenario.launch.cost_usd_per_kg:,.0f}/kg. Ground stations: {stations}. "
            f"Compared with: {sites}.")
    cost = k.get("cost_per_exaflop_usd")
    site_costs = {n: v.get("cost_per_exaflop_usd") for n, v in results.terrestrial_kpis.items()}
    site_costs = {n: v for n, v in site_costs.items() if v is not None}
    if cost is not None and site_costs:
        best = min(site_costs, key=site_costs.get)
        text += (f" Over the horizon the fleet delivers {scientific(k.get('lifetime_flop') or 0)} FLOP at "
                 f"${cost:,.2f} per exaFLOP, against ${site_costs[best]:,.2f} at {best}, the cheapest site.")
    return text


def _kpi_tables(results) -> list:
    sites = list(results.terrestrial_kpis)
    n = 1 + len(sites)
    widths = (0.34, *([0.66 / n] * n))
    out = []
    for group, description, members in kpi_sections(results):
        out.append(Heading(group, 3))
        out.append(Table(("KPI", "Orbital", *sites), tuple((row.title, *cells) for row, cells in members), widths,
                         caption=description))
    return out


def _comparison_blocks(a: Side, b: Side) -> list:
    diffs = differences(a.results, b.results)
    moved = changed(diffs)
    out = [Heading("Comparison: B against A", 1),
           Para(f"A: {a.results.scenario_name}{f' ({a.source})' if a.source else ''}. "
                f"B: {b.results.scenario_name}{f' ({b.source})' if b.source else ''}. "
                f"{len(moved)} of {len(diffs)} orbital KPIs differ; B − A is in each row's unit, the change "
                "relative to A.")]
    by_group: dict[str, list] = {}
    for d in diffs:
        by_group.setdefault(d.row.group, []).append(d)
    for group, rows in by_group.items():
        out.append(Heading(group, 3))
        out.append(Table(("KPI", "A", "B", "B − A", "Change"), tuple((d.row.title, *d.cells()) for d in rows),
                         (0.40, 0.15, 0.15, 0.15, 0.15),
                         marked=frozenset(i for i, d in enumerate(rows) if d in moved)))
    out.append(Heading("Warnings of B", 3))
    out += [Para(str(w), "warning") for w in b.results.warnings] or [Para("None.")]
    return out


def _figures(sides: list[Side]) -> list:
    plotted = [charts.Scenario(s.results, tag=("A", "B")[i] if len(sides) > 1 else "", dashed=i == 1,
                               name=s.results.scenario_name) for i, s in enumerate(sides)]
    epoch = _epoch_text(sides[0].scenario)
    if len(sides) > 1 and sides[1].scenario.epoch != sides[0].scenario.epoch:
        epoch += f" (B: {_epoch_text(sides[1].scenario)})"
    out = [Heading("Figures", 1)]
    for s in range(min(len(sides[0].results.orbits), MAX_SHELL_FIGURES)):
        out += [Figure(c) for c in charts.orbit_charts(plotted, s, epoch)]
        out += [Figure(c) for c in charts.season_charts(plotted, s, epoch)]
    out += [Figure(c) for c in charts.life_charts(plotted, epoch)]
    out += [Figure(c) for c in charts.data_charts(plotted, epoch)]
    return out


def _study_blocks(study: Study) -> list:
    out = [Heading("Trade study", 1), Heading(study.title, 3)]
    out += [Para(line, "small") for line in study.lines]
    t = study.table
    if t is not None and len(t):
        head = (*t.paths, *t.kpis)
        rows = tuple(tuple(f"{v:,.6g}" for v in (*t.values[i], *t.kpi_values[i]))
                     for i in range(min(len(t), STUDY_ROWS)))
        out.append(Table(head, rows, tuple([1 / len(head)] * len(head)),
                         caption=f"The first {len(rows)} of {len(t):,} rows" if len(t) > len(rows) else ""))
    return out


def _assumption_blocks(scenario, title: str) -> list:
    rows = assumption_rows(scenario)
    changed_rows = frozenset(i for i, r in enumerate(rows) if r.changed)
    body = tuple((("● " if r.changed else "") + r.section, r.label, r.value, r.unit, r.tag, r.source) for r in rows)
    return [Heading(title, 1),
            Para(f"Every input of the scenario ({len(rows)}), with its unit, its tag (published, derived, assumed; "
                 "input: set by the planner, or no default recorded) and its source. ● and bold: the value differs "
                 f"from its recorded default, which the source then names ({len(changed_rows)} inputs)."),
            Table(("Part", "Input", "Value", "Unit", "Tag", "Source"), body, (0.15, 0.16, 0.11, 0.11, 0.10, 0.37),
                  marked=changed_rows, wrap=frozenset({0, 1, 5}))]


def build_report(a: Side, b: Side | None = None, study: Study | None = None,
                 created: datetime | None = None) -> Report:
    created = created or datetime.now(timezone.utc)
    r = Report(f"Design report: {a.results.scenario_name}")
    r.blocks += [Para(f"OrbitDesk {__version__}; written {created.strftime('%Y-%m-%d %H:%M UTC')}"
                      f"{f' from {a.source}' if a.source else ''}.", "small"),
                 Heading("The scenario", 1), Para(scenario_paragraph(a.scenario, a.results)),
                 Heading("Warnings", 2)]
    r.blocks += [Para(str(w), "warning") for w in a.results.warnings] or [Para("None.")]
    r.blocks += [Heading("Key performance indicators", 1),
                 Para("The orbital fleet against each terrestrial site doing the same job; \"–\" where a figure "
                      "does not apply.")]
    r.blocks += _kpi_tables(a.results)
    sides = [a]
    if b is not None:
        r.blocks += _comparison_blocks(a, b)
        sides.append(b)
    r.blocks += _figures(sides)
    if study is not None:
        r.blocks += _study_blocks(study)
    r.blocks += _assumption_blocks(a.scenario, "Assumptions" + (" (A)" if b else ""))
    if b is not None:
        r.blocks += _assumption_blocks(b.scenario, "Assumptions (B)")
    return r


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; max-width: 60em; margin: 2em auto;
       color: #222; }
h1 { font-size: 16pt; border-bottom: 1px solid #999; margin-top: 1.6em; }
h2 { font-size: 13pt; } h3 { font-size: 11pt; margin-bottom: 0.3em; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin-bottom: 0.4em; }
th, td { border-bottom: 1px solid #ddd; padding: 2px 5px; vertical-align: top; }
th { background: #eef2f6; text-align: left; }
td.n { text-align: right; white-space: nowrap; }
tr.marked td { font-weight: bold; background: #fff8e5; }
p.small { font-size: 8.5pt; color: #555; } p.warning { color: #a33; }
figure { margin: 1em 0; page-break-inside: avoid; } figcaption { font-size: 8.5pt; color: #444; }
p.caption { font-size: 8.5pt; color: #555; margin-top: 0; }
"""


def _numeric(text: str) -> bool:
    t = text.replace(",", "").replace("%", "").replace("+", "").replace("−", "-").split(" (")[0].strip()
    try:
        float(t)
        return True
    except ValueError:
        return text.strip() == "–"


def to_html(report: Report) -> str:
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{esc(report.title)}</title>",
           f"<style>{_CSS}</style></head><body>", f"<h1>{esc(report.title)}</h1>"]
    for block in report.blocks:
        if isinstance(block, Heading):
            level = block.level + 1 if block.level < 3 else block.level  # <h1> is the title
            out.append(f"<h{level}>{esc(block.text)}</h{level}>")
        elif isinstance(block, Para):
            out.append(f'<p class="{block.style}">{esc(block.text)}</p>')
        elif isinstance(block, Table):
            head = "".join(f"<th>{esc(h)}</th>" for h in block.header)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
            for i, row in enumerate(block.rows):
                cls = ' class="marked"' if i in block.marked else ""
                cells = "".join(f'<td class="n">{esc(c)}</td>' if j and _numeric(c) and j not in block.wrap
                                else f"<td>{esc(c)}</td>" for j, c in enumerate(row))
                out.append(f"<tr{cls}>{cells}</tr>")
            out.append("</tbody></table>")
            if block.caption:
                out.append(f'<p class="caption">{esc(block.caption)}</p>')
        elif isinstance(block, Figure):
            out.append(f"<figure>{charts.svg(block.chart)}<figcaption>{esc(block.chart.caption)}</figcaption></figure>")
    out.append("</body></html>")
    return "\n".join(out)


# --- PDF --------------------------------------------------------------------------------------

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from orbitdesk.paths import resource

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def _pdf_fonts(drawing) -> None:
    """The charts are drawn in Helvetica (the SVG's font family); the PDF uses DejaVu Sans throughout."""
    from reportlab.graphics.shapes import Group, String

    def walk(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                child.fontName = FONT_BOLD if child.fontName.endswith("Bold") else FONT
            elif isinstance(child, Group):
                walk(child)

    walk(drawing)


def to_pdf(report: Report) -> bytes:
    from reportlab.graphics.shapes import Drawing, Group
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, spaceAfter=5)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#555555"))
    warning = ParagraphStyle("warning", parent=body, textColor=colors.HexColor("#aa3333"))
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=6.5, leading=7.8)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName=FONT_BOLD)
    heads = {1: ParagraphStyle("h1", fontName=FONT_BOLD, fontSize=14, leading=18, spaceBefore=10, spaceAfter=6,
                               keepWithNext=1),
             2: ParagraphStyle("h2", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4,
                               keepWithNext=1),
             3: ParagraphStyle("h3", fontName=FONT_BOLD, fontSize=9, leading=12, spaceBefore=6, spaceAfter=2,
                               keepWithNext=1)}
    styles = {"body": body, "small": small, "warning": warning}
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=report.title, author=f"OrbitDesk {__version__}")
    width = doc.width

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawString(16 * mm, 8 * mm, report.title)
        canvas.drawRightString(A4[0] - 16 * mm, 8 * mm, f"page {document.page}")
        canvas.restoreState()

    story = [Paragraph(html.escape(report.title), ParagraphStyle("title", parent=heads[1], fontSize=18, leading=22))]
    for block in report.blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(html.escape(block.text), heads[block.level]))
        elif isinstance(block, Para):
            story.append(Paragraph(html.escape(block.text), styles[block.style]))
        elif isinstance(block, Table):
            head_right = ParagraphStyle("hr", parent=cell_bold, alignment=2)
            numeric = [j and j not in block.wrap and all(_numeric(r[j]) for r in block.rows[:40])
                       for j in range(len(block.header))]
            rows = [[Paragraph(html.escape(h), head_right if numeric[j] else cell_bold)
                     for j, h in enumerate(block.header)]]
            for i, row in enumerate(block.rows):
                style = cell_bold if i in block.marked else cell
                right = ParagraphStyle("n", parent=style, alignment=2)  # numbers to the right
                rows.append([Paragraph(html.escape(c), right if j and j not in block.wrap and _numeric(c) else style)
                             for j, c in enumerate(row)])
            t = LongTable(rows, colWidths=[w * width for w in block.widths], repeatRows=1)
            t.setStyle(TableStyle([
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                *[("BACKGROUND", (0, i + 1), (-1, i + 1), colors.HexColor("#fff8e5")) for i in block.marked],
            ]))
            story.append(t)
            if block.caption:
                story.append(Paragraph(html.escape(block.caption), small))
            story.append(Spacer(1, 4))
        elif isinstance(block, Figure):
            drawing = block.chart.drawing()
            _pdf_fonts(drawing)
            scale = min(1.0, width / drawing.width)
            if scale < 1.0:
                scaled = Drawing(drawing.width * scale, drawing.height * scale)
                g = Group(*drawing.contents)
                g.scale(scale, scale)
                scaled.add(g)
                drawing = scaled
            story.append(KeepTogether([drawing, Paragraph(html.escape(block.chart.caption), small), Spacer(1, 6)]))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


def write_report(report: Report, pdf_path=None, html_path=None) -> list[str]:
    """Write the PDF and/or the HTML atomically; returns the paths written."""
    from orbitdesk.model.fileformat import atomic_write_bytes, atomic_write_text

    written = []
    if pdf_path is not None:
        atomic_write_bytes(pdf_path, to_pdf(report))
        written.append(str(pdf_path))
    if html_path is not None:
        atomic_write_text(html_path, to_html(report))
        written.append(str(html_path))
    return written
