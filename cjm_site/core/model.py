"""The journey map model: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from cjm_site.core.names import name_key
from cjm_site.core.scale import EmotionScale, mean

EMPATHY_QUADRANTS = ("says", "thinks", "does", "feels")
EMPATHY_EXTRAS = ("pains", "gains")


@dataclass(frozen=True)
class Position:
    """Where something was written: project-relative path, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Measured:
    """A score computed from survey answers, on the emotion scale.

    q1 and q3 are the quartiles of statistics.quantiles(method="inclusive"); `weak` is set
    when n is below the handbook's minimum sample size.
    """

    mean: float
    n: int
    q1: float
    q3: float
    weak: bool = False


@dataclass
class Touchpoint:
    name: str
    channel: str | None = None
    emotion: float | None = None
    persona_emotions: dict[str, float] = field(default_factory=dict)
    description: str | None = None
    # A moment that matters: why it does.
    moment: str | None = None
    pos: Position | None = None
    measured: Measured | None = None
    # True when `emotion` was filled in from `measured` rather than written in the file.
    emotion_measured: bool = False


@dataclass
class Kpi:
    name: str
    value: str | float | None = None
    target: str | float | None = None
    unit: str | None = None
    pos: Position | None = None
    # Set on KPIs computed from research data: where from ("survey", "analytics"), sample size.
    computed: str | None = None
    n: int | None = None
    weak: bool = False


@dataclass
class Opportunity:
    """What the company will do: a stage's solution, or an opportunity of the whole journey
    (which may name the `stages` it concerns), tracked with priority, owner and status."""

    text: str
    priority: str | None = None  # high, medium, low
    owner: str | None = None
    status: str | None = None  # idea, planned, doing, done, dropped
    link: str | None = None
    due: date | None = None
    stages: list[str] = field(default_factory=list)  # stage ids or names, as written
    pos: Position | None = None


@dataclass
class Stage:
    name: str
    # Set when a name repeats (a journey that loops back); the stage's key in the journey.
    id: str | None = None
    phase: str | None = None  # groups consecutive stages under one header
    owner: str | None = None
    duration: str | None = None  # free text: '2 days', '7:00-8:00'
    optional: bool = False  # not every customer goes through it
    moment: str | None = None  # a moment that matters: why it does
    # The lanes of kind list (a list of texts) and text (one text), by key: built-in lanes
    # and the site's own alike (core/lanes.py); a lane not written is absent.
    lanes: dict[str, list[str] | str] = field(default_factory=dict)
    touchpoints: list[Touchpoint] = field(default_factory=list)
    stated_emotion: float | None = None
    persona_emotions: dict[str, float] = field(default_factory=dict)
    solutions: list[Opportunity] = field(default_factory=list)
    kpis: list[Kpi] = field(default_factory=list)
    pos: Position | None = None
    measured: Measured | None = None
    computed_kpis: list[Kpi] = field(default_factory=list)

    # The lane the insights and lints reason about.
    @property
    def barriers(self) -> list[str]:
        return self.lanes.get("barriers", [])

    @property
    def emotion(self) -> float | None:
        """The stated score, else the measured mean, else the mean of the touchpoints."""
        if self.stated_emotion is not None:
            return self.stated_emotion
        if self.measured is not None:
            return self.measured.mean
        return mean([t.emotion for t in self.touchpoints if t.emotion is not None])

    def emotion_for(self, persona: str) -> float | None:
        """One persona's score: stated for that persona, else the mean of its touchpoints."""
        if persona in self.persona_emotions:
            return self.persona_emotions[persona]
        scores = [t.persona_emotions[persona] for t in self.touchpoints
                  if persona in t.persona_emotions]
        return mean(scores) if scores else None


@dataclass
class JourneyData:
    """The research files a journey is computed from (its `data:` key); paths as written."""

    survey: str | None = None
    analytics: str | None = None
    scale: str = "emotion"
    min_n: int | None = None
    quotes: bool = False
    targets: dict[str, float] = field(default_factory=dict)
    # Where each sub-key was written, for errors about the files it names.
    positions: dict[str, Position] = field(default_factory=dict)


@dataclass(frozen=True)
class Quote:
    stage: str
    score: float
    text: str


@dataclass
class Journey:
    id: str
    title: str
    source: str
    stages: list[Stage] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)
    status: str = "current"
    owner: str | None = None
    reviewed: date | None = None
    review_every: int | None = None
    tags: list[str] = field(default_factory=list)
    improves: str | None = None
    narrative: str = ""
    narrative_line: int = 1
    # Journey-wide: what the company will do, and what the customer feels throughout.
    opportunities: list[Opportunity] = field(default_factory=list)
    feelings: list[str] = field(default_factory=list)
    # The scale its emotions are on: its own `emotion_scale:`, else the handbook's.
    emotion_scale: EmotionScale = field(default_factory=EmotionScale)
    pos: Position | None = None
    # Where references were written, for errors found across files ("persona:maya").
    positions: dict[str, Position] = field(default_factory=dict)
    data: JourneyData | None = None
    # Computed from `data`: journey-wide KPIs, (stage, count) funnel, opt-in quotes.
    kpis: list[Kpi] = field(default_factory=list)
    funnel: list[tuple[str, int]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def touchpoints(self) -> list[tuple[Stage, Touchpoint]]:
        return [(s, t) for s in self.stages for t in s.touchpoints]

    def stage(self, ref: str) -> Stage | None:
        """The stage an opportunity's `stages:` names: by id, else by name."""
        return next((s for s in self.stages if s.id == ref), None) or next(
            (s for s in self.stages if name_key(s.name) == name_key(ref)), None)

    @property
    def phases(self) -> list[tuple[str | None, list[Stage]]]:
        """Runs of consecutive stages with the same phase (None: stages without one)."""
        runs: list[tuple[str | None, list[Stage]]] = []
        for stage in self.stages:
            if runs and runs[-1][0] == stage.phase:
                runs[-1][1].append(stage)
            else:
                runs.append((stage.phase, [stage]))
        return runs


@dataclass
class Empathy:
    says: list[str] = field(default_factory=list)
    thinks: list[str] = field(default_factory=list)
    does: list[str] = field(default_factory=list)
    feels: list[str] = field(default_factory=list)
    pains: list[str] = field(default_factory=list)
    gains: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(getattr(self, k) for k in EMPATHY_QUADRANTS + EMPATHY_EXTRAS)


@dataclass
class Persona:
    id: str
    name: str
    source: str
    summary: str | None = None
    age: str | None = None
    occupation: str | None = None
    location: str | None = None
    quote: str | None = None
    image: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    goals: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    empathy: Empathy = field(default_factory=Empathy)
    narrative: str = ""
    narrative_line: int = 1
    pos: Position | None = None


@dataclass
class Broken:
    """A source file that could not become a journey or persona; it still gets a page."""

    id: str
    kind: str
    source: str
    title: str
    # The words of its text: ids it may name, though it could not be read to name them.
    words: frozenset[str] = frozenset()


@dataclass
class Handbook:
    journeys: dict[str, Journey] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    broken: list[Broken] = field(default_factory=list)
    problems: list = field(default_factory=list)

    # Lookups built once per handbook, so pages cost the same whatever the handbook's size.
    _indexes: dict = field(default_factory=dict, repr=False, compare=False)

    def journeys_of(self, persona_id: str) -> list[Journey]:
        return self._index("personas", lambda j: j.personas).get(persona_id, [])

    def improvements_of(self, journey_id: str) -> list[Journey]:
        return self._index("improves", lambda j: [j.improves] if j.improves else []
                           ).get(journey_id, [])

    def problems_in(self, path: str) -> list:
        cached = self._indexes.get("problems")
        if cached is None or cached[0] is not self.problems:
            index: dict[str, list] = {}
            for problem in self.problems:
                index.setdefault(problem.path, []).append(problem)
            cached = self._indexes["problems"] = (self.problems, index)
        return cached[1].get(path, [])

    def _index(self, name: str, keys_of) -> dict[str, list[Journey]]:
        # Rebuilt if `journeys` is replaced or grows (load_handbook sorts it at the end).
        cached = self._indexes.get(name)
        if cached is None or cached[0] is not self.journeys or cached[1] != len(self.journeys):
            index: dict[str, list[Journey]] = {}
            for journey in self.journeys.values():
                for key in keys_of(journey):
                    index.setdefault(key, []).append(journey)
            cached = self._indexes[name] = (self.journeys, len(self.journeys), index)
        return cached[2]

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.is_error]


def review_due(reviewed: date | None, every: int | None) -> date | None:
    """The day a map reviewed on `reviewed` is due again every `every` days (None: no cycle);
    the last day of the calendar when that is beyond it."""
    if reviewed is None or not every:
        return None
    try:
        return reviewed + timedelta(days=every)
    except OverflowError:
        return date.max
