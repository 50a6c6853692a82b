"""Model -> inline SVG charts drawn with pygal: no script, no network, same bytes every build."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET

import pygal
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from .emotions import EmotionScale, fmt
from .model import Journey

# pygal writes with lxml when it is installed, which changes the bytes; always use the stdlib.
pygal_etree.to_etree()


# Text and grid follow the theme's palette; points keep a colour for their sign.
THEME_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="var(--md-default-fg-color, #222)",
    foreground_strong="var(--md-default-fg-color, #000)",
    foreground_subtle="var(--md-default-fg-color--lighter, #999)",
    colors=("var(--md-accent-fg-color, #526cfe)",),
    font_family="inherit",
    label_font_size=12,
    major_label_font_size=12,
    tooltip_font_size=12,
    opacity="1",
    opacity_hover="1",
    transition="none",
)
SIGN_CLASS = {1: "cjm-positive", 0: "cjm-neutral", -1: "cjm-negative"}


@dataclass(frozen=True)
class Point:
    x: float
    score: float
    stage: str
    label: str
    channel: str | None


def curve_points(journey: Journey) -> tuple[list[Point], list[tuple[float, float, str]]]:
    """Points in x order, and the stage bands (start, end, name) they sit in.

    A band is as wide as its stage has touchpoints (at least 1); a stage with no scored
    touchpoint but an emotion gets one point at the band's centre.
    """
    points: list[Point] = []
    bands = []
    start = 0.0
    for stage in journey.stages:
        scored = [t for t in stage.touchpoints if t.emotion is not None]
        width = float(max(1, len(stage.touchpoints)))
        if scored:
            step = width / len(scored)
            for index, tp in enumerate(scored):
                points.append(Point(start + step * (index + 0.5), tp.emotion, stage.name,
                                    tp.name, tp.channel))
        elif stage.emotion is not None:
            points.append(Point(start + width / 2, stage.emotion, stage.name, stage.name, None))
        bands.append((start, start + width, stage.name))
        start += width
    return points, bands


def point_title(point: Point, scale: EmotionScale) -> str:
    parts = [point.stage]
    if point.label != point.stage:
        parts.append(point.label)
    if point.channel:
        parts.append(f"channel: {point.channel}")
    parts.append(f"emotion: {fmt(point.score)} ({scale.word(point.score)})")
    return " · ".join(parts)


def describe_curve(journey: Journey, points: list[Point], scale: EmotionScale) -> str:
    if not points:
        return f"{journey.title}: no emotions recorded yet."
    high = max(points, key=lambda p: p.score)
    low = min(points, key=lambda p: p.score)
    return (f"Emotion curve of {journey.title} across {len(journey.stages)} stages. "
            f"Highest: {high.label} in {high.stage} ({scale.word(high.score)}, "
            f"{fmt(high.score)}). Lowest: {low.label} in {low.stage} "
            f"({scale.word(low.score)}, {fmt(low.score)}).")


def emotion_curve(journey: Journey, scale: EmotionScale, chart_id: str) -> str:
    """The journey's emotion curve as an SVG element (a string ready to inline in HTML)."""
    points, bands = curve_points(journey)
    total = bands[-1][1] if bands else 1.0
    chart = pygal.XY(
        width=800, height=320, style=THEME_STYLE, show_legend=False, js=[],
        disable_xml_declaration=True, range=(scale.low, scale.high), xrange=(0, total),
        show_x_guides=False, show_y_guides=True, dots_size=5, stroke_style={"width": 2.5},
        truncate_label=-1, margin=8, spacing=8, tooltip_border_radius=0,
    )
    chart.uuid = chart_id
    chart.x_labels = [{"label": name, "value": (a + b) / 2} for a, b, name in bands]
    chart.y_labels = [{"label": word, "value": value}
                      for word, value in sorted(scale.words.items(), key=lambda i: i[1])]
    chart.add("emotion", [{"value": (p.x, p.score), "label": point_title(p, scale)}
                          for p in points])
    root = chart.render_tree()
    make_static(root, chart_id)
    _label_points(root, points, scale)
    _describe(root, journey.title, describe_curve(journey, points, scale), chart_id)
    return serialise(root)


def make_static(root: ET.Element, chart_id: str) -> None:
    """Drop scripts, comments and anything pointing at the network; scope ids to the chart."""
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.endswith("script"):
                parent.remove(child)
    root.set("id", chart_id)
    for element in root.iter():
        if element.get("id", "").startswith("activate-serie"):
            element.set("id", f"{chart_id}-{element.get('id')}")
    for style in root.iter("style"):
        style.text = (style.text or "").replace(f"#chart-{chart_id}", f"#{chart_id}")


def _label_points(root: ET.Element, points: list[Point], scale: EmotionScale) -> None:
    dots = [g for g in root.iter("g") if "dots" in g.get("class", "").split()]
    for dot, point in zip(dots, points):
        for desc in list(dot.findall("desc")):
            dot.remove(desc)
        title = ET.Element("title")
        title.text = point_title(point, scale)
        dot.insert(0, title)
        dot.set("class", f"{dot.get('class')} cjm-point {SIGN_CLASS[scale.sign(point.score)]}")
        dot.set("tabindex", "0")
        dot.set("role", "img")
        dot.set("aria-label", title.text)


def _describe(root: ET.Element, title_text: str, desc_text: str, chart_id: str) -> None:
    for old in root.findall("title"):
        root.remove(old)
    title = ET.Element("title", id=f"{chart_id}-title")
    title.text = f"Emotion curve: {title_text}"
    desc = ET.Element("desc", id=f"{chart_id}-desc")
    desc.text = desc_text
    root.insert(0, desc)
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("class", "cjm-chart")


def serialise(root: ET.Element) -> str:
    text = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    # Floats from pygal's layout carry noise past the 3rd decimal; round for smaller output.
    return re.sub(r"(\d+\.\d{2})\d+", r"\1", text)
