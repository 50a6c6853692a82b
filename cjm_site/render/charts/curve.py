"""Model -> inline SVG charts drawn with pygal: no script, no network, same bytes every build.

pygal draws the axes, the guides, the lines and the dots; this module adds what a journey
map needs on top (stage bands, a neutral line, wrapped stage names, a legend, tooltips as
SVG <title>) and strips what a static, themed, reproducible page must not carry (scripts,
comments with a date and URLs, pygal's own stylesheet). Styling lives in cjm.css under
`.cjm-chart`, so charts follow Material's palettes and no chart's CSS leaks into another.
"""

from __future__ import annotations

import re
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator
from xml.etree import ElementTree as ET

import pygal
from pygal.etree import etree as pygal_etree

from cjm_site.core.language import Language
from cjm_site.core.scale import EmotionScale, fmt
from cjm_site.core.memo import Memo
from cjm_site.core.model import Journey, Measured, Stage
from cjm_site.core.names import name_key

SIGN_CLASS = {1: "cjm-positive", 0: "cjm-neutral", -1: "cjm-negative"}
WIDTH, PLOT_HEIGHT = 800, 300
LABEL_LINE = 14  # px between the lines of a wrapped stage name
LEGEND_ROW = 20
CHAR_WIDTH = 6.6  # average width of a 12px character, to wrap stage names to their band
# Geometry attributes whose floats pygal writes with 14 digits of noise.
_GEOMETRY = frozenset(("d", "points", "cx", "cy", "r", "x", "y", "x1", "x2", "y1", "y2",
                       "width", "height", "transform", "viewBox"))
_FLOAT = re.compile(r"(-?\d+\.\d\d)\d+")


@dataclass(frozen=True)
class Point:
    x: float
    score: float
    stage: str
    label: str
    channel: str | None
    index: int | None = None  # the touchpoint's place in its stage; None: the stage's own score
    # The score as its map writes it; `score` is on the chart's scale.
    written: float | None = None


@dataclass(frozen=True)
class Band:
    start: float
    end: float
    name: str


@dataclass(frozen=True)
class Series:
    """One line of a chart: a journey, as a whole or through one persona's eyes."""

    name: str
    journey: Journey
    persona: str | None = None
    kind: str = "current"  # current (solid) or future (dashed)


# -- layout: journeys -> bands and points, in chart units (one unit per touchpoint) --------


def stage_keys(journey: Journey) -> list[tuple[str, int]]:
    """(name key, n-th stage of that name): stages are matched across journeys by name."""
    seen: dict[str, int] = {}
    keys = []
    for stage in journey.stages:
        same = name_key(stage.name)
        seen[same] = seen.get(same, -1) + 1
        keys.append((same, seen[same]))
    return keys


def _merged_order(journeys: list[Journey]) -> list[tuple[str, int]]:
    """Stage keys of all journeys in reading order; a stage only one journey has is put
    after the stage it follows there."""
    order: list[tuple[str, int]] = []
    for journey in journeys:
        at = 0
        for key in stage_keys(journey):
            if key in order:
                at = order.index(key) + 1
            else:
                order.insert(at, key)
                at += 1
    return order


def _score(overall: float | None, per_persona: dict[str, float],
           persona: str | None) -> float | None:
    # A plain score holds for every persona; a per-persona mapping only for those it names.
    if persona is None or not per_persona:
        return overall
    return per_persona.get(persona)


def stage_points(stage: Stage, persona: str | None, start: float, width: float,
                 onto: Callable[[float], float]) -> list[Point]:
    points = []
    if stage.touchpoints:
        step = width / len(stage.touchpoints)
        for index, tp in enumerate(stage.touchpoints):
            score = _score(tp.emotion, tp.persona_emotions, persona)
            if score is not None:
                points.append(Point(start + step * (index + 0.5), onto(score), stage.name,
                                    tp.name, tp.channel, index, score))
    if not points:
        overall = stage.stated_emotion if persona else stage.emotion
        score = _score(overall, stage.persona_emotions, persona)
        if score is not None:
            points.append(Point(start + width / 2, onto(score), stage.name, stage.name, None,
                                written=score))
    return points


def onto_scale(journey: Journey, scale: EmotionScale | None) -> Callable[[float], float]:
    """A journey's scores on the chart's scale (None: on the journey's own)."""
    if scale is None or journey.emotion_scale.same_range(scale):
        return lambda score: score
    return lambda score: journey.emotion_scale.onto(score, scale)


def layout(series: list[Series], scale: EmotionScale | None = None
           ) -> tuple[list[Band], list[list[Point]]]:
    """Stage bands (as wide as the stage's most touchpoints, at least 1) and each series'
    points in x order, on `scale` (a journey with a scale of its own mapped onto it); a
    stage with an emotion but no scored touchpoint gets one point at its band's centre."""
    journeys = list({id(s.journey): s.journey for s in series}.values())
    # By object: an earlier version of a journey has the same id.
    stages = {id(j): dict(zip(stage_keys(j), j.stages)) for j in journeys}
    bands, starts = [], {}
    start = 0.0
    for key in _merged_order(journeys):
        present = [stages[id(j)][key] for j in journeys if key in stages[id(j)]]
        width = float(max([1] + [len(stage.touchpoints) for stage in present]))
        starts[key] = (start, width)
        # Named as the first journey that has the stage writes it.
        bands.append(Band(start, start + width, present[0].name))
        start += width
    lines = []
    for s in series:
        points = []
        onto = onto_scale(s.journey, scale)
        for key, stage in stages[id(s.journey)].items():
            points += stage_points(stage, s.persona, *starts[key], onto)
        lines.append(points)
    return bands, lines


def journey_series(journey: Journey, names: dict[str, str] | None = None) -> list[Series]:
    """One line per persona (named by `names`, else by id) when the journey scores
    personas separately, else one line."""
    kind = journey.status
    names = names or {}
    scored = {p for s in journey.stages for p in s.persona_emotions}
    scored |= {p for _, tp in journey.touchpoints for p in tp.persona_emotions}
    personas = [p for p in journey.personas if p in scored]
    if not personas:
        return [Series(journey.title, journey, None, kind)]
    return [Series(names.get(p, p), journey, p, kind) for p in personas]


# -- text alternatives ---------------------------------------------------------------------


def point_title(point: Point, scale: EmotionScale, series: str | None = None,
                language: Language = Language(), own: EmotionScale | None = None) -> str:
    """A point's name: a touchpoint's own name first, as the map's touchpoint lane shows it,
    then its stage; a point of a map whose scale (`own`) is not the chart's also gives the
    score as its map writes it, as the tables do."""
    parts = [series] if series else []
    if point.label != point.stage:
        parts.append(point.label)
    parts.append(point.stage)
    if point.channel:
        parts.append(language.gettext("channel: %(channel)s") % {"channel": point.channel})
    parts.append(language.gettext("emotion: %(score)s (%(word)s)") % {
        "score": language.number(point.score), "word": scale.word(point.score)})
    if own is not None and point.written is not None and not own.same_range(scale):
        parts.append(language.gettext("%(score)s on its own %(scale)s scale") % {
            "score": language.number(point.written), "scale": own.span})
    return " · ".join(parts)


def _moment(point: Point, scale: EmotionScale, language: Language) -> str:
    where = point.stage if point.label == point.stage else language.gettext(
        "%(touchpoint)s in %(stage)s") % {"touchpoint": point.label, "stage": point.stage}
    return f"{where} ({scale.word(point.score)}, {language.number(point.score)})"


def describe_curve(series: list[Series], lines: list[list[Point]], scale: EmotionScale,
                   stages: int, language: Language = Language()) -> str:
    """Highest and lowest moments of each line, in words."""
    parts = []
    for s, points in zip(series, lines):
        name = f"{s.name}: " if len(series) > 1 else ""
        if not points:
            parts.append(name + language.gettext("no emotions recorded yet."))
            continue
        high = max(points, key=lambda p: p.score)
        low = min(points, key=lambda p: p.score)
        parts.append(name + language.gettext("highest point: %(high)s; lowest point: %(low)s.")
                     % {"high": _moment(high, scale, language),
                        "low": _moment(low, scale, language)})
    text = " ".join(parts)
    stages_text = language.ngettext("%(num)s stage", "%(num)s stages", stages) % {"num": stages}
    return f"{stages_text}. {text[:1].upper()}{text[1:]}"


# -- charts ----------------------------------------------------------------------------------


class XY(pygal.XY):
    """pygal's XY chart (same name, so the same CSS classes) with a faster attribute lookup.

    pygal looks every attribute up in the render state first (`BaseGraph.__getattribute__`),
    going through `getattr` three times per access; a chart makes thousands of accesses, and
    that lookup was most of the time pygal spent drawing a curve.
    """

    def __getattribute__(self, name: str):
        state = object.__getattribute__(self, "__dict__").get("state")
        if state is not None and name != "state" and not name.startswith("__"):
            values = state.__dict__
            if name in values:
                return values[name]
        return object.__getattribute__(self, name)



def compare_curve(current: Journey, futures: list[Journey], scale: EmotionScale,
                  chart_id: str, memo: Memo | None = None,
                  language: Language = Language()) -> str:
    """As-is (solid) against to-be (dashed) on one chart, stages matched by name; maps on
    a scale other than `scale` mapped onto it (see `common_scale`)."""
    _ = language.gettext
    series = [Series(_("As-is: %(title)s") % {"title": current.title}, current, None,
                     "current")]
    series += [Series(_("To-be: %(title)s") % {"title": f.title}, f, None, "future")
               for f in futures]
    return curve(series, scale, chart_id,
                 _("Emotion curves compared: %(title)s, as-is and to-be") % {
                     "title": current.title}, memo, language)


def common_scale(journeys: list[Journey], handbook: EmotionScale) -> EmotionScale:
    """The scale to compare maps on: theirs when they share a range, else the handbook's."""
    first = journeys[0].emotion_scale
    return first if all(j.emotion_scale.same_range(first) for j in journeys) else handbook


def curve(series: list[Series], scale: EmotionScale, chart_id: str, title: str,
          memo: Memo | None = None, language: Language = Language()) -> str:
    """The chart of `series` on `scale`; with a memo, drawn only if nothing it shows was
    drawn before."""
    bands, lines = layout(series, scale)
    if memo is None:
        return _draw(series, bands, lines, scale, chart_id, title, language)
    # Everything the drawing reads: names, kinds, points, the measured spreads and the
    # scales they are mapped from.
    key = (chart_id, title, scale, language, tuple(bands), tuple(map(tuple, lines)),
           tuple((s.name, s.kind, s.journey.emotion_scale, s.persona is None and
                  s.journey.data is not None and
                  tuple(_measured(s.journey, p) for p in points))
                 for s, points in zip(series, lines)))
    return memo.get(key, lambda: _draw(series, bands, lines, scale, chart_id, title,
                                       language))


def _draw(series: list[Series], bands: list[Band], lines: list[list[Point]],
          scale: EmotionScale, chart_id: str, title: str, language: Language) -> str:
    total = bands[-1].end if bands else 1.0
    legend_rows = len(series) if len(series) > 1 else 0
    # pygal lays out the plot after the margins are set: estimate its width to know how
    # much room the stage names need below it.
    words = max((len(w) for w in scale.words), default=0)
    labels, rows = _stage_labels(bands, (WIDTH - 40 - words * CHAR_WIDTH) * 0.96 / total)
    chart = XY(
        width=WIDTH, height=PLOT_HEIGHT + legend_rows * LEGEND_ROW + max(rows) * LABEL_LINE,
        show_legend=False,
        js=[], css=[], disable_xml_declaration=True, range=(scale.low, scale.high),
        xrange=(0, total), show_x_labels=False, show_x_guides=False, show_y_guides=True,
        dots_size=5, margin=8, margin_top=8 + legend_rows * LEGEND_ROW,
        margin_bottom=8 + (2 + max(rows)) * LABEL_LINE + 6, truncate_label=-1, include_x_axis=False,
        allow_interruptions=True, tooltip_fancy_mode=False,
    )
    chart.y_labels = [{"label": word, "value": value}
                      for word, value in sorted(scale.words.items(), key=lambda i: i[1])]
    for s, points in zip(series, lines):
        chart.add(s.name, [(p.x, p.score) for p in points])

    def decorate(root: ET.Element) -> ET.Element:
        # Runs while pygal's layout (chart.view) still exists.
        _draw_frame(root, chart.view, bands, labels, rows, scale)
        _draw_spread(root, chart.view, series, lines, scale)
        if legend_rows:
            _draw_legend(root, series, chart.view)
        return root

    chart.xml_filters = [decorate]
    root = render_tree(chart)
    make_static(root, chart_id)
    _label_points(root, series, lines, scale, language)
    _earlier_below(root)
    _describe(root, title, describe_curve(series, lines, scale, len(bands), language) +
              rescaled_note(series, scale, language), chart_id)
    return serialise(root)


def rescaled(journeys: Iterable[Journey], scale: EmotionScale) -> bool:
    """Whether some of the maps are drawn on a scale other than their own."""
    return not all(j.emotion_scale.same_range(scale) for j in journeys)


def rescaled_note(series: list[Series], scale: EmotionScale,
                  language: Language = Language()) -> str:
    """What a chart says when it draws maps on a scale other than their own."""
    if not rescaled((s.journey for s in series), scale):
        return ""
    return " " + language.gettext("Maps with a scale of their own are mapped linearly onto "
                                  "the %(scale)s scale to be compared.") % {"scale": scale.span}


# -- research data (research.py): the spread of measured scores -----------------------------

SPREAD_WIDTH = 16  # px: a band around a lone measured point


def _measured(journey: Journey, point: Point) -> Measured | None:
    """What the survey measured at a point, on the journey's own scale."""
    stage = next(s for s in journey.stages if s.name == point.stage)
    tp = next((t for t in stage.touchpoints if t.name == point.label and t.emotion is not None),
              None)
    return tp.measured if tp is not None else stage.measured


def _draw_spread(root: ET.Element, view, series: list[Series],
                 lines: list[list[Point]], scale: EmotionScale) -> None:
    """The interquartile range of measured points as a shaded band behind the line: one
    band per run of consecutive measured points (answers are not per persona)."""
    runs: list[list[tuple[float, float, float]]] = []  # x, q1, q3
    for s, points in zip(series, lines):
        if s.persona is not None or s.journey.data is None or s.kind == "earlier":
            continue
        runs.append([])
        onto = onto_scale(s.journey, scale)
        for point in points:
            measured = _measured(s.journey, point)
            if measured is None:
                runs.append([])
            else:
                runs[-1].append((view.x(point.x), onto(measured.q1), onto(measured.q3)))
    plot = _plot(root)
    layer = ET.Element("g", {"class": "cjm-spreads", "aria-hidden": "true"})
    for run in filter(None, runs):
        if len(run) == 1:
            x, q1, q3 = run[0]
            run = [(x - SPREAD_WIDTH / 2, q1, q3), (x + SPREAD_WIDTH / 2, q1, q3)]
        upper = [f"{x} {view.y(q3)}" for x, _, q3 in run]
        lower = [f"{x} {view.y(q1)}" for x, q1, _ in reversed(run)]
        ET.SubElement(layer, "path", {"class": "cjm-spread",
                                      "d": f"M{' L'.join(upper + lower)} Z"})
    first_series = next((i for i, g in enumerate(plot)
                         if "series" in g.get("class", "").split()), len(plot))
    plot.insert(first_series, layer)


def _plot(root: ET.Element) -> ET.Element:
    return next(g for g in root.iter("g") if g.get("class") == "plot")


def _draw_frame(root: ET.Element, view, bands: list[Band], labels: list[tuple[list[str], bool]],
                rows: list[int], scale: EmotionScale) -> None:
    """Stage bands with their names under the plot, and the neutral line."""
    plot = _plot(root)
    layer = ET.Element("g", {"class": "cjm-bands"})
    for index, band in enumerate(bands):
        x0, x1 = view.x(band.start), view.x(band.end)
        group = ET.SubElement(layer, "g", {"class": f"cjm-band cjm-band-{index % 2}"})
        ET.SubElement(group, "rect", x=str(x0), y="0", width=str(x1 - x0),
                      height=str(view.height))
        lines, full = labels[index]
        text = ET.SubElement(group, "text", x=str((x0 + x1) / 2),
                             y=str(view.height + LABEL_LINE * (1 + rows[index]) + 2))
        if not full:
            ET.SubElement(text, "title").text = band.name
        for n, line in enumerate(lines):
            span = ET.SubElement(text, "tspan", x=str((x0 + x1) / 2))
            if n:
                span.set("dy", str(LABEL_LINE))
            span.text = line
    plot.insert(1, layer)
    neutral = view.y(scale.neutral)
    ET.SubElement(plot, "path", {"class": "cjm-neutral-line",
                                 "d": f"M0 {neutral}H{view.width}"})
    # Lines and dots above the neutral line.
    for series in [g for g in plot if "series" in g.get("class", "").split()]:
        plot.remove(series)
        plot.append(series)


def _stage_labels(bands: list[Band], unit: float) -> tuple[list[tuple[list[str], bool]],
                                                           list[int]]:
    """Stage names wrapped to their band (`unit` px per touchpoint), and the row each goes
    on: a name too long for its band may borrow room from its neighbours on a second row."""
    labels, rows = [], []
    ends = [float("-inf"), float("-inf")]  # where the last name on each row stops
    for index, band in enumerate(bands):
        x0, x1 = band.start * unit, band.end * unit
        own = _wrap(band.name, x1 - x0)
        neighbours = [(b.end - b.start) * unit for b in bands[max(index - 1, 0):index + 2]
                      if b is not band]
        wide = own if own[1] else _wrap(band.name, x1 - x0 + min(neighbours, default=0))
        for label in (own, wide) if own[1] else (wide, own):
            half = max(len(line) for line in label[0]) * CHAR_WIDTH / 2
            left, right = (x0 + x1) / 2 - half, (x0 + x1) / 2 + half
            row = next((r for r in (0, 1) if ends[r] <= left), None)
            if row is not None:
                break
        else:
            label, row, right = own, 0, x1
        ends[row] = right + CHAR_WIDTH
        labels.append(label)
        rows.append(2 * row)
    return labels, rows or [0]


def _wrap(name: str, width: float) -> tuple[list[str], bool]:
    """At most two lines that fit the band; False when the name had to be shortened."""
    chars = max(3, int(width / CHAR_WIDTH))
    lines = [line if len(line) <= chars else line[:chars - 1] + "…"
             for line in textwrap.wrap(name, chars, max_lines=2, placeholder=" …",
                                       break_long_words=False) or [""]]
    return lines, " ".join(lines) == " ".join(name.split())


def _draw_legend(root: ET.Element, series: list[Series], view) -> None:
    plot = _plot(root)
    left = re.match(r"translate\(([\d.]+)", plot.get("transform", "")).group(1)
    legend = ET.SubElement(root, "g", {"class": "cjm-legend",
                                       "transform": f"translate({left}, 4)"})
    room = int((view.width - 40) / CHAR_WIDTH)
    for index, s in enumerate(series):
        y = index * LEGEND_ROW + LEGEND_ROW / 2
        item = ET.SubElement(legend, "g", {"class": f"cjm-key color-{index} cjm-{s.kind}"})
        ET.SubElement(item, "path", {"class": "line", "d": f"M0 {y}h30"})
        label = ET.SubElement(item, "text", x="38", y=str(y + 4))
        label.text = s.name if len(s.name) <= room else s.name[:room - 1] + "…"
        if label.text != s.name:
            ET.SubElement(label, "title").text = s.name


def _label_points(root: ET.Element, series: list[Series], lines: list[list[Point]],
                  scale: EmotionScale, language: Language) -> None:
    groups = [g for g in _plot(root) if "series" in g.get("class", "").split()]
    for index, (group, s, points) in enumerate(zip(groups, series, lines)):
        group.set("class", f"{group.get('class')} cjm-{s.kind}")
        dots = [g for g in group.iter("g") if g.get("class") == "dots"]
        for dot, point in zip(dots, points):
            for child in list(dot):
                if child.tag != "circle":
                    dot.remove(child)
            title = ET.Element("title")
            title.text = point_title(point, scale, s.name if len(series) > 1 else None,
                                     language, s.journey.emotion_scale)
            dot.insert(0, title)
            dot.set("class", f"dots cjm-point {SIGN_CLASS[scale.sign(point.score)]}")
            # Keyboard and screen-reader users reach every point; its <title> names it.
            dot.set("tabindex", "0")
            dot.set("role", "img")
            for circle in dot:
                if circle.tag == "circle":
                    circle.attrib.pop("class", None)


def _earlier_below(root: ET.Element) -> None:
    """An earlier version's line comes last in the legend and the colours, but is drawn
    first, under today's."""
    plot = _plot(root)
    groups = [g for g in plot if "series" in g.get("class", "").split()]
    for group in groups:
        if "cjm-earlier" in group.get("class", "").split():
            plot.remove(group)
            plot.insert(list(plot).index(groups[0]), group)


def _describe(root: ET.Element, title_text: str, desc_text: str, chart_id: str) -> None:
    for old in root.findall("title"):
        root.remove(old)
    title = ET.Element("title", id=f"{chart_id}-title")
    title.text = title_text
    desc = ET.Element("desc", id=f"{chart_id}-desc")
    desc.text = desc_text
    root.insert(0, desc)
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")


# -- sparkline -------------------------------------------------------------------------------


def sparkline(journey: Journey, scale: EmotionScale, width: int = 96,
              height: int = 24, language: Language = Language()) -> str:
    """A small curve without axes for index tables: a few hundred bytes, no pygal (an
    index of thousands of journeys draws thousands of these)."""
    bands, (points,) = layout([Series(journey.title, journey)])
    total = bands[-1].end if bands else 1.0
    span = (scale.high - scale.low) or 1.0

    def xy(x: float, score: float) -> str:
        return (f"{fmt(2 + x / total * (width - 4))},"
                f"{fmt(2 + (scale.high - score) / span * (height - 4))}")

    if points:
        low = min(points, key=lambda p: p.score)
        high = max(points, key=lambda p: p.score)
        label = language.gettext(
            "Emotion curve: from %(first)s to %(last)s; highest %(high)s, lowest %(low)s") % {
                "first": scale.word(points[0].score), "last": scale.word(points[-1].score),
                "high": _moment(high, scale, language), "low": _moment(low, scale, language)}
    else:
        label = language.gettext("Emotion curve: no emotions recorded yet")
    svg = ET.Element("svg", {"class": "cjm-spark", "viewBox": f"0 0 {width} {height}",
                             "width": str(width), "height": str(height), "role": "img"})
    ET.SubElement(svg, "title").text = label
    neutral = xy(0, scale.neutral).split(",")[1]
    ET.SubElement(svg, "path", {"class": "cjm-spark-neutral",
                                "d": f"M2 {neutral}H{width - 2}"})
    if points:
        ET.SubElement(svg, "polyline", {"class": "cjm-spark-line",
                                        "points": " ".join(xy(p.x, p.score)
                                                           for p in points)})
        cx, cy = xy(low.x, low.score).split(",")
        ET.SubElement(svg, "circle", {"class": f"cjm-spark-low "
                                               f"{SIGN_CLASS[scale.sign(low.score)]}",
                                      "cx": cx, "cy": cy, "r": "2"})
    return serialise(svg)


# -- shared by every chart ---------------------------------------------------------------


@contextmanager
def _stdlib_etree() -> Iterator[None]:
    """pygal writes with lxml when it is installed, which changes the bytes: our charts use
    the standard library's ElementTree, and only while they are drawn, so that whatever
    else in the process draws with pygal keeps its own choice."""
    saved = pygal_etree._etree, pygal_etree.lxml
    pygal_etree.to_etree()
    try:
        yield
    finally:
        pygal_etree._etree, pygal_etree.lxml = saved


def render_tree(chart: pygal.graph.graph.Graph) -> ET.Element:
    """The chart's SVG tree, always an xml.etree one (same bytes with or without lxml)."""
    with _stdlib_etree():
        return chart.render_tree()


def make_static(root: ET.Element, chart_id: str) -> None:
    """Make a pygal tree safe to inline: drop scripts, comments, pygal's stylesheet and
    anything pointing at the network; give every id the chart's prefix so that two charts
    on one page never share one. Style the chart with classes in cjm.css (`.cjm-chart`)."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("", "script", "style") or _external(child):
                parent.remove(child)
    _merge_overlays(root)
    for defs in root.findall("defs"):
        if not len(defs):
            root.remove(defs)
    root.attrib.pop("xmlns", None)  # implied for SVG inside HTML, and it is a URL
    for element in root.iter():
        if element.get("id") and not element.get("id").startswith(chart_id):
            element.set("id", f"{chart_id}-{element.get('id')}")
        if "nofill" in element.get("class", "").split():
            element.set("fill", "none")  # pygal's CSS did this; keep lines unfilled anyway
    root.set("id", chart_id)
    classes = [c for c in root.get("class", "").split() if c != "pygal-chart"]
    root.set("class", " ".join(["cjm-chart"] + [c for c in classes if c != "cjm-chart"]))


def _merge_overlays(root: ET.Element) -> None:
    """pygal draws each series' dots in an overlay copy of the plot, and tooltips and value
    texts in two more (which only work with its script): one group per series is enough."""
    for graph in root.iter("g"):
        plots = [g for g in graph if g.tag == "g" and "plot" in g.get("class", "").split()]
        if not plots:
            continue
        main = plots[0]
        series = {g.get("class", "").split()[1]: g for g in main
                  if "series" in g.get("class", "").split()}
        for overlay in plots[1:]:
            if "overlay" in overlay.get("class", "").split():
                for group in overlay:
                    target = series.get(group.get("class", "- -").split()[1])
                    if target is not None:
                        target.extend(list(group))
            graph.remove(overlay)


def _external(element: ET.Element) -> bool:
    return any("//" in value or "url(" in value
               for key, value in element.attrib.items() if key.endswith(("href", "src", "style")))


def serialise(root: ET.Element) -> str:
    """The tree as text, with coordinates rounded to 2 decimals (smaller, same every time)."""
    for element in root.iter():
        for key, value in list(element.attrib.items()):
            if key in _GEOMETRY and "." in value:
                element.set(key, _FLOAT.sub(r"\1", value))
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)
