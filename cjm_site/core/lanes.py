"""The lanes of a stage, declared once: the model, validation, the JSON Schema, the journey
page, the export and the format guide's test all read this table.

A lane's kind says how its values are written and drawn; adding a lane of an existing
kind is one line in LANES (and a row in the format guide).
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of lane.
LIST = "list"  # a list of texts (a single text is read as a list of one)
TEXT = "text"  # one Markdown text
TOUCHPOINTS = "touchpoints"
EMOTION = "emotion"
KPIS = "kpis"

# Bands of the map: the customer's lanes, then the service blueprint's below them.
CUSTOMER = "customer"


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
)

