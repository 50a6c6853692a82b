"""The lanes of a stage, declared once: the model, validation, the JSON Schema, the journey
page, the export and the format guide's test all read this table.

A lane's kind says how its values are written and drawn; adding a lane of an existing
kind is one line in LANES (and a row in the format guide).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjm_site.core.model import Journey, Stage

# Kinds of lane.
LIST = "list"  # a list of texts (a single text is read as a list of one)
TEXT = "text"  # one Markdown text
TOUCHPOINTS = "touchpoints"
EMOTION = "emotion"
KPIS = "kpis"

# Bands of the map: the customer's lanes, then the service blueprint's below them.
CUSTOMER = "customer"
BLUEPRINT = "blueprint"


@dataclass(frozen=True)
class Lane:
    """A row of the map: its key in a stage, heading, kind, what it holds, and the colour
    and icon names the map draws it with."""

    key: str
    title: str
    kind: str
    doc: str
    colour: str = "grey"
    icon: str = "label"
    band: str = CUSTOMER
    # The line of the service blueprint drawn between this lane and the lanes above it.
    line: str | None = None


LANES: tuple[Lane, ...] = (
    Lane("goals", "Goals", LIST, "what the customer wants to achieve in this stage",
         "blue", "target"),
    Lane("questions", "Questions", LIST, "what they ask themselves", "light-blue",
         "help-circle"),
    Lane("actions", "Actions", LIST, "what they do", "indigo", "run"),
    Lane("touchpoints", "Touchpoints", TOUCHPOINTS, "interactions with the company",
         "teal", "gesture-tap"),
    Lane("thoughts", "Thoughts", LIST, "what they think", "purple", "thought-bubble"),
    Lane("feelings", "Feelings", LIST, "what they feel", "pink", "heart"),
    Lane("emotion", "Emotion", EMOTION, "the stage's score; default: mean of its touchpoints",
         "amber", "emoticon"),
    Lane("barriers", "Barriers", LIST, "pain points: what stops or frustrates them", "red",
         "alert"),
    Lane("solutions", "Solutions", LIST, "opportunities: what the company will do about "
         "the barriers", "green", "lightbulb"),
    Lane("kpis", "KPIs", KPIS, "metrics that measure the stage", "cyan", "gauge"),
    Lane("evidence", "Evidence", LIST, "where the knowledge comes from: survey, interview, "
         "analytics", "brown", "file-document"),
    Lane("notes", "Notes", TEXT, "a note on the stage, in Markdown", "grey", "note-text"),
    Lane("frontstage", "Frontstage", LIST, "service blueprint: what employees and systems "
         "do where the customer sees it", "deep-orange", "account-tie", BLUEPRINT,
         "Line of interaction"),
    Lane("backstage", "Backstage", LIST, "service blueprint: what employees do out of the "
         "customer's sight", "orange", "eye-off", BLUEPRINT, "Line of visibility"),
    Lane("support", "Support", LIST, "service blueprint: systems, partners and processes "
         "that support the service", "blue-grey", "cog", BLUEPRINT,
         "Line of internal interaction"),
)


def filled(stage: Stage, lane: Lane) -> bool:
    """Whether a stage has something in a lane (an empty lane is not drawn)."""
    if lane.kind == EMOTION:
        return stage.emotion is not None
    if lane.kind == TOUCHPOINTS:
        return bool(stage.touchpoints)
    if lane.kind == KPIS:
        return bool(stage.kpis or stage.computed_kpis)
    return bool(stage.lanes.get(lane.key))


def is_blueprint(journey: Journey, table: tuple[Lane, ...]) -> bool:
    """Whether the journey fills any lane of the service blueprint."""
    return any(lane.band == BLUEPRINT and any(filled(stage, lane) for stage in journey.stages)
               for lane in table)
