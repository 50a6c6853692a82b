"""Questions asked across all maps: the rows of the insight pages. Pure data, no HTML."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Iterable

from cjm_site.core.scale import EmotionScale, mean
from cjm_site.core.model import (Handbook, Journey, Kpi, Opportunity, Stage, Touchpoint,
                                 review_due)
from cjm_site.core.problems import WARNING, Problem
from cjm_site.core.schema import PRIORITIES
from cjm_site.core.names import name_key, slug

# Stage names beyond this many are summed into one "Other stages" column of the matrix and
# left out of the bar chart, so that both still fit a screen.
MAX_COLUMNS = 24


def _label(spellings: Counter) -> str:
    """The spelling most people used (the first written on a tie)."""
    return spellings.most_common(1)[0][0]


@dataclass
class StageName:
    """One stage name across journeys: how often it occurs and where (0 first, 1 last)."""

    key: str
    label: str
    count: int
    position: float


def stage_names(handbook: Handbook) -> list[StageName]:
    """Stage names in the order journeys go through them: by mean relative position in
    their journeys, then the more common first, then by name."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    positions: dict[str, list[float]] = defaultdict(list)
    for journey in handbook.journeys.values():
        last = max(len(journey.stages) - 1, 1)
        for index, stage in enumerate(journey.stages):
            spellings[name_key(stage.name)][stage.name] += 1
            positions[name_key(stage.name)].append(index / last)
    names = [StageName(key, _label(spellings[key]), len(where), mean(where))
             for key, where in positions.items()]
    return sorted(names, key=lambda n: (n.position, -n.count, n.key))


@dataclass
class Barrier:
    journey: Journey
    stage: Stage
    text: str

    @property
    def open(self) -> bool:
        """No solution is written for its stage yet."""
        return not self.stage.solutions


@dataclass
class BarrierGroup:
    """Rows under one stage name."""

    name: StageName
    rows: list = field(default_factory=list)

    @property
    def open(self) -> int:
        return sum(row.open for row in self.rows)


def pain_points(handbook: Handbook) -> list[BarrierGroup]:
    """Every barrier, grouped by stage name in journey order; stages without any left out."""
    groups = {name.key: BarrierGroup(name) for name in stage_names(handbook)}
    for journey in handbook.journeys.values():
        for stage in journey.stages:
            groups[name_key(stage.name)].rows += [Barrier(journey, stage, b) for b in stage.barriers]
    return [group for group in groups.values() if group.rows]


@dataclass
class SharedSolution:
    """A solution and every (journey, stage) it is written for."""

    text: str
    places: list[tuple[Journey, Stage]]


def opportunities(handbook: Handbook) -> list[SharedSolution]:
    """Solutions written the same way are one opportunity; the widest reaching first."""
    places: dict[str, list[tuple[Journey, Stage]]] = defaultdict(list)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for journey in handbook.journeys.values():
        for stage in journey.stages:
            for solution in stage.solutions:
                places[name_key(solution.text)].append((journey, stage))
                spellings[name_key(solution.text)][solution.text] += 1
    found = [SharedSolution(_label(spellings[key]), where) for key, where in places.items()]
    return sorted(found, key=lambda o: (-len(o.places), name_key(o.text)))


# Action plan sections, work under way first; opportunities written as plain text have no
# status (None) and come after those still open.
STATUS_ORDER = ("doing", "planned", "idea", None, "done", "dropped")
PRIORITY_ORDER = (*PRIORITIES, None)


@dataclass
class Action:
    """An opportunity to act on: a stage's solution, or one of the whole journey with the
    stages it names."""

    journey: Journey
    stages: list[Stage]
    opportunity: Opportunity


@dataclass
class ActionGroup:
    status: str | None
    rows: list[Action] = field(default_factory=list)


def action_plan(handbook: Handbook) -> list[ActionGroup]:
    """Every opportunity by status (STATUS_ORDER), then by owner (those without last),
    priority and due date; statuses without any left out."""
    groups = {status: ActionGroup(status) for status in STATUS_ORDER}
    for journey in handbook.journeys.values():
        actions = [Action(journey, [s for s in map(journey.stage, o.stages) if s], o)
                   for o in journey.opportunities]
        actions += [Action(journey, [stage], o) for stage in journey.stages
                    for o in stage.solutions]
        for action in actions:
            groups[action.opportunity.status].rows.append(action)
    for group in groups.values():
        group.rows.sort(key=lambda a: (
            a.opportunity.owner is None, (a.opportunity.owner or "").casefold(),
            PRIORITY_ORDER.index(a.opportunity.priority), a.opportunity.due or date.max))
    return [group for group in groups.values() if group.rows]


def common(journey: Journey, score: float | None, scale: EmotionScale) -> float | None:
    """A map's score on the handbook's scale `scale`, where maps are compared: a map with a
    scale of its own has its range mapped linearly onto the handbook's."""
    return None if score is None else journey.emotion_scale.onto(score, scale)


def rescaled(handbook: Handbook, scale: EmotionScale) -> int:
    """How many maps have a range of their own, which views across maps map onto `scale`."""
    return sum(not j.emotion_scale.same_range(scale) for j in handbook.journeys.values())


@dataclass
class Cell:
    count: int = 0
    scores: list[float] = field(default_factory=list)  # on the handbook's scale

    @property
    def mean(self) -> float | None:
        return mean(self.scores)

    def add(self, score: float | None) -> None:
        self.count += 1
        if score is not None:
            self.scores.append(score)


@dataclass
class Channel:
    label: str
    slug: str
    cells: list[Cell]  # one per column of the matrix
    total: Cell
    touchpoints: list[tuple[Journey, Stage, Touchpoint]] = field(default_factory=list)


@dataclass
class Matrix:
    """Channels (rows, most touchpoints first) x stage names (columns, journey order)."""

    columns: list[StageName]
    channels: list[Channel]
    # Touchpoints of stage names beyond MAX_COLUMNS are counted in one last column.
    other_columns: int
    without_channel: int


def channel_matrix(handbook: Handbook, max_columns: int = MAX_COLUMNS,
                   scale: EmotionScale | None = None) -> Matrix:
    """Columns are the stage names that have touchpoints on a channel: the `max_columns`
    with most of them, in journey order; the others are summed in one last column. Mean
    emotions are on the handbook's `scale`."""
    scale = scale or EmotionScale()
    found: dict[str, Channel] = {}
    spellings: dict[str, Counter] = defaultdict(Counter)
    used: Counter = Counter()
    without = 0
    for journey in handbook.journeys.values():
        for stage, tp in journey.touchpoints:
            if not tp.channel:
                without += 1
                continue
            key = name_key(tp.channel)
            spellings[key][tp.channel] += 1
            used[name_key(stage.name)] += 1
            channel = found.setdefault(key, Channel(tp.channel, "", [], Cell()))
            channel.touchpoints.append((journey, stage, tp))
            channel.total.add(common(journey, tp.emotion, scale))
    names = [name for name in stage_names(handbook) if used[name.key]]
    shown = sorted(sorted(names, key=lambda n: -used[n.key])[:max_columns], key=names.index)
    column = {name.key: index for index, name in enumerate(shown)}
    width = len(shown) + (len(names) > len(shown))
    channels = sorted(found.items(), key=lambda item: (-item[1].total.count, item[0]))
    taken: set[str] = set()
    for key, channel in channels:
        channel.label = _label(spellings[key])
        channel.slug = unique(_channel_slug(channel.label), taken)
        channel.cells = [Cell() for _ in range(width)]
        for journey, stage, tp in channel.touchpoints:
            channel.cells[column.get(name_key(stage.name), width - 1)].add(
                common(journey, tp.emotion, scale))
    return Matrix(shown, [c for _, c in channels], len(names) - len(shown), without)


def _channel_slug(label: str) -> str:
    """The channel's folder; never a number, which names a further page of the matrix."""
    name = slug(label)
    return f"channel-{name}" if name.isdigit() else name


def heat(score: float | None, scale: EmotionScale) -> str:
    """A colour step from 'm2' (most negative) through '0' to 'p2', or 'none' unscored."""
    if score is None:
        return "none"
    # Half-steps round away from the middle: on -2..2, 0.5 is 'p1' and -1.5 is 'm2'.
    offset = 2 * (score - scale.neutral) / (scale.high - scale.low)
    step = min(2, math.floor(abs(offset) * 2 + 0.5)) * (1 if offset > 0 else -1)
    return f"m{-step}" if step < 0 else (f"p{step}" if step > 0 else "0")


def unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate)
    return candidate


@dataclass
class Moment:
    journey: Journey
    stage: Stage
    touchpoint: Touchpoint
    score: float  # on the handbook's scale, where maps are compared
    own: float  # as its map writes it, on the map's scale


def scored_touchpoints(journeys: Iterable[Journey], scale: EmotionScale,
                       persona: str | None = None) -> list[Moment]:
    """Touchpoints with a score (the persona's own where it has one), in handbook order."""
    found = []
    for journey in journeys:
        for stage, tp in journey.touchpoints:
            score = tp.persona_emotions.get(persona, tp.emotion) if persona else tp.emotion
            if score is not None:
                found.append(Moment(journey, stage, tp, common(journey, score, scale), score))
    return found


def moments_of_truth(handbook: Handbook, count: int, scale: EmotionScale
                     ) -> tuple[list[Moment], list[Moment]]:
    """The `count` lowest touchpoints scored negative and highest scored positive, on the
    handbook's `scale`; ties stay in handbook order."""
    found = scored_touchpoints(handbook.journeys.values(), scale)
    lowest = sorted((m for m in found if scale.sign(m.score) < 0), key=lambda m: m.score)
    highest = sorted((m for m in found if scale.sign(m.score) > 0), key=lambda m: -m.score)
    return lowest[:count], highest[:count]


@dataclass
class FlaggedMoment:
    """A stage or touchpoint flagged `moment:`, with why it matters."""

    journey: Journey
    stage: Stage
    touchpoint: Touchpoint | None
    reason: str

    @property
    def own(self) -> float | None:
        """Its score as its map writes it."""
        return self.stage.emotion if self.touchpoint is None else self.touchpoint.emotion


def flagged_moments(handbook: Handbook) -> list[FlaggedMoment]:
    """Every moment that matters, in handbook order: a stage before its touchpoints."""
    found = []
    for journey in handbook.journeys.values():
        for stage in journey.stages:
            if stage.moment:
                found.append(FlaggedMoment(journey, stage, None, stage.moment))
            found += [FlaggedMoment(journey, stage, tp, tp.moment)
                      for tp in stage.touchpoints if tp.moment]
    return found


# "62%", "1,200", "-3.5", optionally after a comparison: "<= 5", "≥ 80%". Commas group
# thousands only ("1,2,3,4%" is no number).
_MEASURE = re.compile(r"^\s*(<=|>=|≤|≥|<|>)?\s*([-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
                      r"(?:\.[0-9]+)?|[-+]?\.[0-9]+)\s*(%)?\s*$")
_OPERATORS = {"<=": "<=", "≤": "<=", ">=": ">=", "≥": ">=", "<": "<", ">": ">", None: ">="}


def parse_measure(value: object) -> tuple[str, float, bool] | None:
    """(comparison, number, is a percentage) of a KPI value or target; None when it is
    not a number. The comparison is what a target asks of the value: '>=' unless written."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return ">=", float(value), False
    match = _MEASURE.match(str(value))
    if not match:
        return None
    operator, number, percent = match.groups()
    return _OPERATORS[operator], float(number.replace(",", "")), percent is not None


def meets_target(kpi: Kpi) -> bool | None:
    """Whether the value meets the target; None when either is missing or not a number,
    or one is a percentage and the other is not (unless the unit is '%')."""
    value, target = parse_measure(kpi.value), parse_measure(kpi.target)
    if value is None or target is None or value[0] != ">=":
        return None
    if value[2] != target[2] and (kpi.unit or "").strip() != "%":
        return None
    operator, goal, got = target[0], target[1], value[1]
    return {">=": got >= goal, ">": got > goal, "<=": got <= goal, "<": got < goal}[operator]


@dataclass
class KpiRow:
    journey: Journey
    stage: Stage | None  # None: measured over the whole journey
    kpi: Kpi

    @cached_property
    def meets(self) -> bool | None:
        return meets_target(self.kpi)


def kpis(handbook: Handbook) -> list[KpiRow]:
    """Every KPI, by journey then stage; journey-wide ones first."""
    rows = []
    for journey in handbook.journeys.values():
        rows += [KpiRow(journey, None, kpi) for kpi in journey.kpis]
        for stage in journey.stages:
            rows += [KpiRow(journey, stage, kpi) for kpi in stage.kpis + stage.computed_kpis]
    return rows


@dataclass
class Review:
    journey: Journey
    due: date | None
    overdue: bool


def reviews(handbook: Handbook, today: date, review_every: int | None = None) -> list[Review]:
    """Every journey's review, oldest first (never reviewed before all); `review_every` is
    the handbook-wide cycle in days for maps that set none."""
    rows = []
    for journey in handbook.journeys.values():
        due = review_due(journey.reviewed, journey.review_every or review_every)
        rows.append(Review(journey, due, due is not None and due < today))
    return sorted(rows, key=lambda r: (r.journey.reviewed is not None,
                                       r.journey.reviewed or date.min, r.journey.title.lower()))


@dataclass
class JourneySummary:
    journey: Journey
    stages: int
    lowest: Moment | None
    open_barriers: int


def persona_summary(journeys: Iterable[Journey], persona: str,
                    scale: EmotionScale) -> list[JourneySummary]:
    """The persona's journeys at a glance; the lowest moment scored for that persona, on
    the handbook's `scale`."""
    rows = []
    for journey in journeys:
        found = scored_touchpoints([journey], scale, persona)
        rows.append(JourneySummary(
            journey, len(journey.stages), min(found, key=lambda m: m.score, default=None),
            sum(len(s.barriers) for s in journey.stages if not s.solutions)))
    return rows


def advice(handbook: Handbook) -> list[Problem]:
    """Content advice (lints): the handbook's warnings."""
    return [p for p in handbook.problems if p.severity == WARNING]

