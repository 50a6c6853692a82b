"""A journey's analytics counts as a funnel: horizontal bars, first stage on top."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pygal

from cjm_site.render.charts.curve import make_static, render_tree, serialise
from cjm_site.core.language import Language
from cjm_site.core.model import Journey

WIDTH = 800
BAR_HEIGHT = 40
LABEL_ROOM = 1.6  # the axis runs to this much past the widest bar, to fit its label


def step_labels(funnel: list[tuple[str, int]], language: Language = Language()) -> list[str]:
    """'1,200', then '252 (21% of Evaluation)' for every later stage."""
    labels = []
    for index, (_, count) in enumerate(funnel):
        label = language.whole(count)
        before, base = funnel[index - 1] if index else (None, 0)
        if base:
            label += " " + language.gettext("(%(percent)s%% of %(stage)s)") % {
                "percent": language.number(round(100 * count / base, 1)), "stage": before}
        labels.append(label)
    return labels


def funnel_chart(journey: Journey, chart_id: str, language: Language = Language()) -> str:
    """The funnel as an SVG element ready to inline, or '' when there is nothing to draw."""
    funnel = journey.funnel
    if not funnel:
        return ""
    labels = step_labels(funnel, language)
    widest = max(count for _, count in funnel) or 1
    chart = pygal.HorizontalBar(
        width=WIDTH, height=60 + BAR_HEIGHT * len(funnel), show_legend=False, js=[], css=[],
        disable_xml_declaration=True, truncate_label=-1, margin=8, spacing=8,
        show_y_guides=False, tooltip_fancy_mode=False,
        # Room right of the widest bar for its label.
        range=(0, widest * LABEL_ROOM),
    )
    # pygal draws the first bar at the bottom; a funnel reads from the top.
    chart.x_labels = [name for name, _ in reversed(funnel)]
    chart.add("reached", [count for _, count in reversed(funnel)])
    root = render_tree(chart)
    make_static(root, chart_id)
    bars = [g for g in root.iter("g") if "bar" in g.get("class", "").split()]
    for bar, (name, _), label in zip(bars, reversed(funnel), reversed(labels)):
        for desc in list(bar.findall("desc")):
            bar.remove(desc)
        rect = bar.find("rect")
        title = ET.Element("title")
        title.text = language.gettext("%(stage)s: reached by %(count)s") % {
            "stage": name, "count": label}
        bar.insert(0, title)
        bar.set("class", f"{bar.get('class')} cjm-funnel-bar")
        if rect is not None:
            text = ET.SubElement(bar, "text", {
                "x": str(float(rect.get("x", 0)) + float(rect.get("width", 0)) + 6),
                "y": str(float(rect.get("y", 0)) + float(rect.get("height", 0)) / 2 + 4),
                "class": "cjm-funnel-label"})
            text.text = label
    for axis in root.iter("g"):
        if "axis" in axis.get("class", "").split():
            # Without pygal's script and stylesheet, its guide titles and anchors are noise.
            anchor = "end" if "y" in axis.get("class", "").split() else "middle"
            for guide in axis.iter("g"):
                for old in guide.findall("title"):
                    guide.remove(old)
                for text in guide.findall("text"):
                    text.set("text-anchor", anchor)
    for old in root.findall("title"):
        root.remove(old)
    title = ET.Element("title", id=f"{chart_id}-title")
    title.text = language.gettext("Funnel: %(title)s") % {"title": journey.title}
    desc = ET.Element("desc", id=f"{chart_id}-desc")
    desc.text = language.gettext("Reached each stage: %(steps)s.") % {"steps": "; ".join(
        f"{name} {label}" for (name, _), label in zip(funnel, labels))}
    root.insert(0, desc)
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("class", f"{root.get('class')} cjm-funnel")
    return serialise(root)
