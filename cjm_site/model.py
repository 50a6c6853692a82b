"""The journey map model: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .emotions import mean

LANES = ("goals", "questions", "actions", "touchpoints", "thoughts", "feelings",
         "emotion", "barriers", "solutions", "kpis", "evidence")
TEXT_LANES = ("goals", "questions", "actions", "thoughts", "feelings", "barriers",
              "solutions", "evidence")
EMPATHY_QUADRANTS = ("says", "thinks", "does", "feels")
EMPATHY_EXTRAS = ("pains", "gains")


@dataclass(frozen=True)
class Position:
    """Where something was written: project-relative path, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1


@dataclass
class Touchpoint:
    name: str
    channel: str | None = None
    emotion: float | None = None
    persona_emotions: dict[str, float] = field(default_factory=dict)
    description: str | None = None
    pos: Position | None = None


@dataclass
class Kpi:
    name: str
    value: str | float | None = None
    target: str | float | None = None
    unit: str | None = None
    pos: Position | None = None


@dataclass
class Stage:
    name: str
    goals: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    touchpoints: list[Touchpoint] = field(default_factory=list)
    thoughts: list[str] = field(default_factory=list)
    feelings: list[str] = field(default_factory=list)
    stated_emotion: float | None = None
    persona_emotions: dict[str, float] = field(default_factory=dict)
    barriers: list[str] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)
    kpis: list[Kpi] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    pos: Position | None = None

    @property
    def emotion(self) -> float | None:
        """The stated score, else the mean of the touchpoints' scores."""
        if self.stated_emotion is not None:
            return self.stated_emotion
        return mean([t.emotion for t in self.touchpoints if t.emotion is not None])

    def emotion_for(self, persona: str) -> float | None:
        """One persona's score: stated for that persona, else the mean of its touchpoints."""
        if persona in self.persona_emotions:
            return self.persona_emotions[persona]
        scores = [t.persona_emotions[persona] for t in self.touchpoints
                  if persona in t.persona_emotions]
        return mean(scores) if scores else None


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
    pos: Position | None = None
    # Where references were written, for errors found across files ("persona:maya").
    positions: dict[str, Position] = field(default_factory=dict)

    @property
    def touchpoints(self) -> list[tuple[Stage, Touchpoint]]:
        return [(s, t) for s in self.stages for t in s.touchpoints]


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


@dataclass
class Handbook:
    journeys: dict[str, Journey] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    broken: list[Broken] = field(default_factory=list)
    problems: list = field(default_factory=list)

    def journeys_of(self, persona_id: str) -> list[Journey]:
        return [j for j in self.journeys.values() if persona_id in j.personas]

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.is_error]
