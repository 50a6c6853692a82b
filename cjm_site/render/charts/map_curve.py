"""The emotion curve as a row of the journey map: one small SVG per stage column.

The map's stage columns are equally wide, and each stage draws its own points in its own
column, at a fraction of the column's width (SVG percentages, no viewBox): a point sits
inside its stage at any window width, however the map scrolls, on paper and on a phone's
stage card. A line between two stages is cut at the column edge; the two halves meet there
because both columns have the same width and the same vertical scale.

No pygal, no script, no stylesheet: classes styled by cjm.css under `.cjm-chart`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from cjm_site.core.language import Language
from cjm_site.core.model import Journey, Measured
from cjm_site.core.scale import EmotionScale, fmt
from cjm_site.render.charts.curve import (SIGN_CLASS, Point, Series, describe_curve,
                                          journey_series, onto_scale, point_title,
                                          stage_keys, stage_points)

HEIGHT = 132  # px: the curve row's drawing
PAD = 14  # px above the highest and below the lowest score: room for a point's mark
RADIUS = 10  # a touchpoint's point, with its number inside
SMALL_RADIUS = 6  # a point without a number (stages, several lines)
SPREAD = 12  # px: width of the bar that shows a measured point's interquartile range


@dataclass(frozen=True)
class MapCurve:
    """What the map's curve row shows: one SVG per stage, the scale's words for the row's
    label, the lines' names when there are several, and the curve in words."""

    stages: list[str]
    axis: str
    legend: list[tuple[int, str, str]]  # (colour index, kind, name) of each line
    summary: str
    # (stage index, touchpoint index) -> the number its point shows and the point's sign
    # class, repeated beside the touchpoint in its lane.
    marks: dict[tuple[int, int], tuple[int, str]]


@dataclass(frozen=True)
class _Placed:
    """A point on the whole map: x in stage widths from the map's left edge."""

    x: float
    y: float
    point: Point
    stage: int


def map_curve(journey: Journey, scale: EmotionScale,
              persona_names: dict[str, str] | None = None,
              earlier: tuple[Journey, str] | None = None,
              language: Language = Language()) -> MapCurve | None:
    """The curve row of a journey's map, or None when nothing in it has a score; one line
    per persona when the journey scores its personas separately, and the curve of an
    earlier version (journey, name of the line) as a faint line under them, stage by stage
    where today's map has the same stage."""
    series = journey_series(journey, persona_names)
    lines = [_place(journey, s, scale) for s in series]
    if not any(lines):
        return None
    if earlier is not None:
        series.append(Series(earlier[1], earlier[0], None, "earlier"))
        lines.append(_place_earlier(journey, earlier[0], scale))
    # Touchpoints are numbered on a single line of today's; several would stack the numbers.
    marks: dict[tuple[int, int], tuple[int, str]] = {}
    if len([s for s in series if s.kind != "earlier"]) == 1:
        for placed in lines[0]:
            if placed.point.index is not None:
                marks[(placed.stage, placed.point.index)] = (
                    len(marks) + 1, SIGN_CLASS[scale.sign(placed.point.score)])
    numbers = {key: number for key, (number, _) in marks.items()}
    titled = [s.name if len(series) > 1 else None for s in series]
    frame = _frame(scale)
    stages = [_stage_svg(index, stage.name, series, lines, titled, numbers, scale, frame,
                         language) for index, stage in enumerate(journey.stages)]
    legend = [(index, s.kind, s.name) for index, s in enumerate(series)] if len(series) > 1 else []
    today = [(s, [p.point for p in line]) for s, line in zip(series, lines)
             if s.kind != "earlier"]
    summary = describe_curve([s for s, _ in today], [points for _, points in today], scale,
                             len(journey.stages), language)
    return MapCurve(stages, _axis_svg(scale), legend, summary, marks)


def _y(score: float, scale: EmotionScale) -> float:
    span = (scale.high - scale.low) or 1.0
    return PAD + (scale.high - score) / span * (HEIGHT - 2 * PAD)


def _place(journey: Journey, series: Series, scale: EmotionScale) -> list[_Placed]:
    placed = []
    onto = onto_scale(journey, scale)
    for index, stage in enumerate(journey.stages):
        for point in stage_points(stage, series.persona, index, 1.0, onto):
            placed.append(_Placed(point.x, _y(point.score, scale), point, index))
    return placed


def _place_earlier(journey: Journey, then: Journey, scale: EmotionScale) -> list[_Placed]:
    """An earlier version's points in the columns of today's stages of the same name, on
    today's scale."""
    columns = {key: index for index, key in enumerate(stage_keys(journey))}
    onto = onto_scale(then, scale)
    placed = []
    for key, stage in zip(stage_keys(then), then.stages):
        if key in columns:
            index = columns[key]
            placed += [_Placed(p.x, _y(p.score, scale), p, index)
                       for p in stage_points(stage, None, index, 1.0, onto)]
    return sorted(placed, key=lambda p: p.x)


def _percent(x: float, stage: int) -> str:
    return f"{fmt((x - stage) * 100)}%"


def _frame(scale: EmotionScale) -> str:
    """What every stage's drawing shares: the guides at the scale's words, the neutral
    line, and the words themselves (shown only on a phone's stage card, left of the curve,
    where no label column is)."""
    guides = "".join(f'<line class="cjm-guide" x1="0" x2="100%" y1="{y}" y2="{y}"/>'
                     for y in (fmt(_y(v, scale)) for v in sorted(set(scale.words.values()))
                               if v != scale.neutral))
    neutral = fmt(_y(scale.neutral, scale))
    words = "".join(f'<text x="-8" y="{fmt(_y(value, scale) + 4)}">{escape(word)}</text>'
                    for word, value in scale.words.items())
    return (f'<g class="cjm-guides" aria-hidden="true">{guides}<line class="cjm-neutral-line" '
            f'x1="0" x2="100%" y1="{neutral}" y2="{neutral}"/></g>'
            f'<g class="cjm-curve-words" aria-hidden="true">{words}</g>')


def _stage_svg(index: int, name: str, series: list[Series], lines: list[list[_Placed]],
               titled: list[str | None], numbers: dict[tuple[int, int], int],
               scale: EmotionScale, frame: str, language: Language) -> str:
    label = language.gettext("Emotion curve in %(stage)s") % {"stage": name}
    parts = [f'<svg class="cjm-chart cjm-stage-curve" width="100%" height="{HEIGHT}" '
             f'role="group" aria-label="{escape(label)}">{frame}']
    # An earlier version's line comes last in the legend and the colours but is drawn
    # first, under today's.
    order = sorted(enumerate(zip(series, lines)), key=lambda item: item[1][0].kind != "earlier")
    for colour, (s, line) in order:
        parts.append(f'<g class="cjm-series color-{colour} cjm-{s.kind}">')
        parts += _segments(line, index)
        if s.persona is None and s.kind != "earlier" and s.journey.data is not None:
            parts += _spreads(s.journey, line, index, scale)
        for placed in line:
            if placed.stage == index:
                number = numbers.get((index, placed.point.index))
                parts.append(_point(placed, index, number, titled[colour], scale, language,
                                    s.journey.emotion_scale))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _segments(line: list[_Placed], index: int) -> list[str]:
    """The part of the line that crosses this stage's column; a line across stages without
    a point of their own is dashed there."""
    left, right = float(index), float(index + 1)
    drawn = []
    for a, b in zip(line, line[1:]):
        if b.x <= left or a.x >= right:
            continue
        x0, x1 = max(a.x, left), min(b.x, right)
        y0, y1 = (a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x) for x in (x0, x1))
        kind = "cjm-segment cjm-gap" if b.stage - a.stage > 1 else "cjm-segment"
        drawn.append(f'<line class="{kind}" x1="{_percent(x0, index)}" y1="{fmt(y0)}" '
                     f'x2="{_percent(x1, index)}" y2="{fmt(y1)}" aria-hidden="true"/>')
    return drawn


def _spreads(journey: Journey, line: list[_Placed], index: int,
             scale: EmotionScale) -> list[str]:
    """A bar over each measured point from the first to the third quartile of the answers."""
    drawn = []
    for placed in line:
        measured = _measured(journey, placed) if placed.stage == index else None
        if measured is None:
            continue
        top, bottom = _y(measured.q3, scale), _y(measured.q1, scale)
        drawn.append(f'<rect class="cjm-spread" x="{_percent(placed.x, index)}" y="{fmt(top)}" '
                     f'width="{SPREAD}" height="{fmt(max(bottom - top, 1.0))}" '
                     f'transform="translate({-SPREAD // 2} 0)" aria-hidden="true"/>')
    return drawn


def _measured(journey: Journey, placed: _Placed) -> Measured | None:
    stage = journey.stages[placed.stage]
    if placed.point.index is None:
        return stage.measured
    return stage.touchpoints[placed.point.index].measured


def _point(placed: _Placed, index: int, number: int | None, series_name: str | None,
           scale: EmotionScale, language: Language, own: EmotionScale) -> str:
    """A point keyboard and screen-reader users reach; its <title> names it."""
    point = placed.point
    x, y = _percent(placed.x, index), fmt(placed.y)
    title = escape(point_title(point, scale, series_name, language, own))
    mark = (f'<circle cx="{x}" cy="{y}" r="{RADIUS}"/><text x="{x}" y="{fmt(placed.y + 4)}">'
            f'{number}</text>' if number is not None else
            f'<circle cx="{x}" cy="{y}" r="{SMALL_RADIUS}"/>')
    return (f'<g class="cjm-point {SIGN_CLASS[scale.sign(point.score)]}" tabindex="0" '
            f'role="img"><title>{title}</title>{mark}{_name(placed, index)}</g>')


def _name(placed: _Placed, index: int) -> str:
    """The touchpoint's name as its lane shows it, drawn beside the point while the point
    is pointed at or focused (cjm.css): below a point in the upper half of the row, above
    one in the lower half, running into the column rather than out of it."""
    point = placed.point
    if point.index is None:
        return ""
    along = placed.x - index
    anchor = "start" if along < 0.34 else "end" if along > 0.66 else "middle"
    dx = {"start": -RADIUS, "end": RADIUS, "middle": 0}[anchor]
    y = placed.y + RADIUS + 13 if placed.y < HEIGHT / 2 else placed.y - RADIUS - 5
    return (f'<text class="cjm-point-name cjm-{anchor}" x="{_percent(placed.x, index)}" '
            f'dx="{dx}" y="{fmt(y)}">{escape(point.label)}</text>')


def _axis_svg(scale: EmotionScale) -> str:
    """The scale's words at the heights of the stages' curves, for the row's label."""
    words = "".join(f'<text x="100%" dx="-6" y="{fmt(_y(value, scale) + 4)}">{escape(word)}'
                    "</text>" for word, value in scale.words.items())
    return (f'<svg class="cjm-chart cjm-curve-axis" width="100%" height="{HEIGHT}" '
            f'aria-hidden="true">{words}</svg>')
