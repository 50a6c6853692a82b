"""The paper a journey map is printed on: the smallest landscape sheet that holds its stages
and, by an estimate of the printed height, the map with its header on one page.

The estimate follows the print stylesheet (assets/cjm.css, `@media print`): 7.5 pt text on
13 px lines, cells as wide as the paper allows, each text wrapped word by word at a width
of average characters. It errs on the tall side (a wide sans-serif, no hyphenation): a map
it sends to a larger sheet than needed loses nothing, a map it squeezes would be cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cjm_site.core.lanes import EMOTION, KPIS, SOLUTIONS, TEXT, TOUCHPOINTS
from cjm_site.core.model import Journey, Opportunity, Persona, Stage, Touchpoint
from cjm_site.render.grid import Row

MM = 96 / 25.4  # CSS pixels in a millimetre
LINE = 13.0  # px: a line of the map's 10 px (7.5 pt) text
CHAR = 6.0  # px: an average character of it, a little wider than most sans-serif fonts
BOLD = 1.12  # bold text takes this much more room
PAGE_INSET = 32.0  # px: the theme's content padding on paper
LANE_COLUMN = 130.0  # px: the lane names' column (6.5rem)
CELL_INSET = 10.0  # px across a cell: padding and border
LIST_INDENT = 10.0  # px: a bulleted list's indent
CELL_PAD = 6.0  # px down a cell: padding and border
CURVE = 132.0 + 6.0  # px: the curve row's drawing (charts/map_curve.py) and its padding
SPARE = 0.92  # of the page's height the estimate may fill: what it cannot foresee


@dataclass(frozen=True)
class Paper:
    name: str  # the class suffix the stylesheet's @page rules know
    most_stages: int | None  # None: any number
    width: float  # printable, CSS px
    height: float


# Landscape sheets less the stylesheet's margins (8 mm; 10 mm on A2).
PAPERS = (Paper("a4", 6, (297 - 16) * MM, (210 - 16) * MM),
          Paper("a3", 10, (420 - 16) * MM, (297 - 16) * MM),
          Paper("a2", None, (594 - 20) * MM, (420 - 20) * MM))


def poster(journey: Journey, rows: list[Row], personas: list[Persona | None],
           legend: int = 0) -> str:
    """The smallest paper that takes the map's stages and, estimated, holds the map on one
    page: 'a4', 'a3' or 'a2' (the largest, also when nothing holds it)."""
    count = len(journey.stages)
    for paper in PAPERS:
        if paper.most_stages is not None and count > paper.most_stages:
            continue
        if paper is PAPERS[-1] or printed_height(journey, rows, personas, legend,
                                                 paper.width) <= SPARE * paper.height:
            return paper.name
    return PAPERS[-1].name


def printed_height(journey: Journey, rows: list[Row], personas: list[Persona | None],
                   legend: int, width: float) -> float:
    """Estimated px from the page's title to the map's last row on paper `width` px wide."""
    usable = width - PAGE_INSET
    column = (usable - LANE_COLUMN) / max(len(journey.stages), 1)
    text = column - CELL_INSET
    height = _header(journey, personas, usable)
    if any(stage.phase for stage in journey.stages):
        height += 19
    height += CELL_PAD + max((_stage_name(stage, text) for stage in journey.stages), default=0)
    for row in rows:
        if row.lane is None:  # a line of the service blueprint, named in capitals
            height += 6 + lines(row.line or "", LANE_COLUMN - 12, CHAR * 1.3) * 15
        elif row.lane.kind == EMOTION:
            height += CURVE + LINE + max(legend * LINE - CURVE, 0)
        else:
            label = lines(row.lane.title, LANE_COLUMN - 30, CHAR * BOLD) * LINE
            height += CELL_PAD + max([label, *(_cell(stage, row.lane.key, row.lane.kind, text,
                                                     bool(journey.data))
                                               for stage in journey.stages)])
    return height


def lines(text: str, width: float, char: float = CHAR) -> int:
    """Lines `text` wraps to in `width` px, word by word; a word longer than a line
    breaks anywhere (the map's overflow-wrap)."""
    per_line = max(int(width // char), 1)
    count, used = 1, 0
    for word in _plain(text).split():
        if used and used + 1 + len(word) <= per_line:
            used += 1 + len(word)
            continue
        count += 1 if used else 0
        count += (len(word) - 1) // per_line
        used = len(word) % per_line or per_line
    return count


def _plain(text: str) -> str:
    """Inline Markdown as it reads: links by their text, no emphasis or code marks."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "").replace("`", "")


def _list(texts: list[str], width: float) -> float:
    return sum(lines(text, width - LIST_INDENT) * LINE + 2 for text in texts)


def _cell(stage: Stage, key: str, kind: str, width: float, data: bool) -> float:
    if kind == TOUCHPOINTS:
        return sum(_touchpoint(tp, width, data) for tp in stage.touchpoints)
    if kind == SOLUTIONS:
        return _list([_tracked(o) for o in stage.solutions], width)
    if kind == KPIS:
        return _list([f"{k.name}: {k.value} {k.unit or ''} (target {k.target} {k.unit or ''})"
                      + (f" computed from {k.computed}, n={k.n}" if k.computed else "")
                      for k in stage.kpis + stage.computed_kpis], width)
    value = stage.lanes.get(key)
    if not value:
        return 0.0
    if kind == TEXT:
        return sum(lines(paragraph, width) * LINE + LINE * 0.5
                   for paragraph in str(value).split("\n\n"))
    return _list(list(value), width)


def _touchpoint(tp: Touchpoint, width: float, data: bool) -> float:
    number = "00 " if tp.emotion is not None else ""
    height = lines(number + tp.name, width, CHAR * BOLD)
    if tp.moment:
        height += lines(f"Moment that matters: {tp.moment}", width)
    if tp.channel or tp.emotion is not None:
        height += lines(f"[{tp.channel or ''}] very negative (-1.5)", width)
    if tp.description:
        height += lines(tp.description, width)
    if data and (tp.emotion is not None or tp.measured):
        height += lines("stated; measured -0.5, n=100, IQR -1 to 1 weak evidence", width)
    return height * LINE + 4


def _tracked(o: Opportunity) -> str:
    parts = [o.text, o.status or "", f"{o.priority} priority" if o.priority else ""]
    if o.owner:
        parts.append(f"Owner: {o.owner}")
    if o.due:
        parts.append(f"Due: {o.due.isoformat()}")
    if o.link:
        parts.append("tracked here")
    return " ".join(part for part in parts if part)


def _stage_name(stage: Stage, width: float) -> float:
    height = lines(f"00 {stage.name}" + (" optional" if stage.optional else ""), width,
                   CHAR * BOLD)
    for extra in (stage.moment and f"Moment that matters: {stage.moment}",
                  stage.owner and f"Owner: {stage.owner}",
                  stage.duration and f"Duration: {stage.duration}"):
        if extra:
            height += lines(extra, width) + 0.2  # its own line, a framed one for a moment
    return height * LINE


def _header(journey: Journey, personas: list[Persona | None], usable: float) -> float:
    """The title, the facts and the persona cards beside them (8 pt text)."""
    # The facts wrap onto a few lines, then the curve's summary.
    left = (3 + (1 if journey.improves else 0)) * 18 + 2 * LINE
    card_width = usable * 0.33 - 80  # beside the portrait
    cards = 0.0
    for persona in personas:
        if persona is None:
            cards += 40
            continue
        card = 4 * LINE + 40  # kind and name, role, the goals' heading, padding
        if persona.quote:
            card += lines(persona.quote, card_width) * LINE + 6
        card += sum(lines(goal, card_width - LIST_INDENT) * LINE for goal in persona.goals[:3])
        cards += max(card, 80) + 6
    return 40 + max(left, cards) + 12
