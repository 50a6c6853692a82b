"""Barriers per stage name as stacked horizontal bars: inline SVG, no script, same bytes
every build; colours come from cjm.css (`.cjm-bars`), so the chart follows the palette."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pygal

from cjm_site.render.charts.curve import make_static, render_tree, serialise
from cjm_site.insights.questions import MAX_COLUMNS, BarrierGroup
from cjm_site.core.language import Language
from cjm_site.core.words import N_

WIDTH = 800
BAR_HEIGHT = 28
# Series, bottom layer first: the flagged part of each bar is drawn from the axis.
SERIES = ((N_("without a solution"), "cjm-bars-open"),
          (N_("with a solution"), "cjm-bars-solved"))


def bar_label(group: BarrierGroup, language: Language = Language()) -> str:
    total, unsolved = len(group.rows), group.open
    return language.ngettext("%(num)s barrier, %(open)s without a solution",
                             "%(num)s barriers, %(open)s without a solution", total) % {
                                 "num": total, "open": unsolved}


def barriers_chart(groups: list[BarrierGroup], chart_id: str, limit: int = MAX_COLUMNS,
                   language: Language = Language()) -> str:
    """The `limit` stage names with most barriers, in journey order; '' when there are none."""
    shown = sorted(sorted(groups, key=lambda g: -len(g.rows))[:limit], key=groups.index)
    if not shown:
        return ""
    most = max(len(g.rows) for g in shown)
    chart = pygal.HorizontalStackedBar(
        width=WIDTH, height=90 + BAR_HEIGHT * len(shown), js=[], css=[],
        disable_xml_declaration=True, truncate_label=-1, truncate_legend=-1, margin=8,
        spacing=8, show_y_guides=False, legend_at_bottom=True, tooltip_fancy_mode=False,
        # Room right of the longest bar for its number.
        range=(0, most * 1.15),
    )
    step = max(1, -(-most // 8))  # whole numbers of barriers, at most ~8 ticks
    chart.y_labels = list(range(0, most + step, step))
    # pygal draws the first bar at the bottom; the journey reads from the top.
    ordered = list(reversed(shown))
    chart.x_labels = [g.name.label for g in ordered]
    chart.add(language.gettext(SERIES[0][0]), [g.open for g in ordered])
    chart.add(language.gettext(SERIES[1][0]), [len(g.rows) - g.open for g in ordered])
    root = render_tree(chart)
    make_static(root, chart_id)
    _finish(root, ordered, language)
    title = ET.Element("title", id=f"{chart_id}-title")
    title.text = language.gettext("Barriers per stage")
    desc = ET.Element("desc", id=f"{chart_id}-desc")
    desc.text = "; ".join(f"{g.name.label}: {bar_label(g, language)}" for g in shown) + "."
    for old in root.findall("title"):
        root.remove(old)
    root.insert(0, desc)
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("class", "cjm-chart cjm-bars")
    return serialise(root)


def _finish(root: ET.Element, ordered: list[BarrierGroup], language: Language) -> None:
    """Name every bar, print each total after its bar, and tidy what pygal's script did."""
    series = [g for g in root.iter("g") if "series" in g.get("class", "").split()]
    ends: dict[int, tuple[float, float, float]] = {}
    for (_, css), group in zip(SERIES, series):
        group.set("class", f"{group.get('class')} {css}")
        for bar, stage in zip((b for b in group.iter("g") if b.get("class") == "bar"), ordered):
            for old in list(bar):
                if old.tag != "rect":
                    bar.remove(old)
            ET.SubElement(bar, "title").text = f"{stage.name.label}: {bar_label(stage, language)}"
            rect = bar.find("rect")
            if rect is not None:
                x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
                right, height = x + float(rect.get("width", 0)), float(rect.get("height", 0))
                index = ordered.index(stage)
                ends[index] = (max(right, ends.get(index, (0, 0, 0))[0]), y, height)
    plot = next((g for g in root.iter("g") if "plot" in g.get("class", "").split()), root)
    for index, (right, y, height) in sorted(ends.items()):
        text = ET.SubElement(plot, "text", {"x": str(right + 6), "y": str(y + height / 2 + 4),
                                            "class": "cjm-bars-total"})
        text.text = str(len(ordered[index].rows))
    for axis in root.iter("g"):
        classes = axis.get("class", "").split()
        if "axis" in classes:
            for guide in axis.iter("g"):
                for old in guide.findall("title"):
                    guide.remove(old)
                for text in guide.findall("text"):
                    text.set("text-anchor", "end" if "y" in classes else "middle")
