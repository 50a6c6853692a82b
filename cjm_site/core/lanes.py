"""The lanes of a stage, declared once: the model, validation, the JSON Schema, the journey
page, the export and the format guide's test all read this table.

A lane's kind says how its values are written and drawn; adding a lane of an existing
kind is one line in LANES (and a row in the format guide). Sites add lanes of their own
(kind list or text) with the plugin option `lanes:`, read by `lanes_from_option`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cjm_site.core.problems import did_you_mean
from cjm_site.core.words import N_

if TYPE_CHECKING:
    from cjm_site.core.model import Journey, Stage

# Kinds of lane.
LIST = "list"  # a list of texts (a single text is read as a list of one)
TEXT = "text"  # one Markdown text
TOUCHPOINTS = "touchpoints"
EMOTION = "emotion"
SOLUTIONS = "solutions"  # texts, or opportunities tracked with priority, owner and status
KPIS = "kpis"
# The kinds a site's own lane (the plugin option `lanes:`) may have.
CUSTOM_KINDS = (LIST, TEXT)

# Bands of the map: the customer's lanes, then the service blueprint's below them.
CUSTOMER = "customer"
BLUEPRINT = "blueprint"

# Colour names the map may give a lane (the theme's palette names).
COLOURS = ("red", "pink", "purple", "indigo", "blue", "light-blue", "cyan", "teal", "green",
           "light-green", "lime", "yellow", "amber", "orange", "deep-orange", "brown", "grey",
           "blue-grey")
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
ICON_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


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
    Lane("goals", N_("Goals"), LIST, "what the customer wants to achieve in this stage",
         "blue", "target"),
    Lane("questions", N_("Questions"), LIST, "what they ask themselves", "light-blue",
         "help-circle"),
    Lane("actions", N_("Actions"), LIST, "what they do", "indigo", "run"),
    Lane("touchpoints", N_("Touchpoints"), TOUCHPOINTS, "interactions with the company",
         "teal", "gesture-tap"),
    Lane("thoughts", N_("Thoughts"), LIST, "what they think", "purple", "thought-bubble"),
    Lane("feelings", N_("Feelings"), LIST, "what they feel", "pink", "heart"),
    Lane("emotion", N_("Emotion"), EMOTION,
         "the stage's score; default: mean of its touchpoints",
         "amber", "emoticon"),
    Lane("barriers", N_("Barriers"), LIST, "pain points: what stops or frustrates them", "red",
         "alert"),
    Lane("solutions", N_("Solutions"), SOLUTIONS, "opportunities: what the company will do "
         "about the barriers: text, or {text, priority, owner, status, link, due}", "green",
         "lightbulb"),
    Lane("kpis", N_("KPIs"), KPIS, "metrics that measure the stage", "cyan", "gauge"),
    Lane("evidence", N_("Evidence"), LIST, "where the knowledge comes from: survey, interview, "
         "analytics", "brown", "file-document"),
    Lane("notes", N_("Notes"), TEXT, "a note on the stage, in Markdown", "grey", "note-text"),
    Lane("frontstage", N_("Frontstage"), LIST, "service blueprint: what employees and systems "
         "do where the customer sees it", "deep-orange", "account-tie", BLUEPRINT,
         N_("Line of interaction")),
    Lane("backstage", N_("Backstage"), LIST, "service blueprint: what employees do out of the "
         "customer's sight", "orange", "eye-off", BLUEPRINT, N_("Line of visibility")),
    Lane("support", N_("Support"), LIST, "service blueprint: systems, partners and processes "
         "that support the service", "blue-grey", "cog", BLUEPRINT,
         N_("Line of internal interaction")),
)


def lanes_from_option(value: object, reserved: Collection[str] = ()) -> tuple[Lane, ...]:
    """The site's lane table: the built-in lanes with those of `lanes:` placed among them.

    Each entry is {key, title, kind: list|text, colour, icon, position}; position is
    'after <lane>' or 'before <lane>' (default: after the customer's lanes). A lane cannot
    take a `reserved` key (a stage's own keys). Raises ValueError saying what to write
    instead.
    """
    if value is None:
        return LANES
    if not isinstance(value, list):
        raise ValueError("expected a list of lanes such as "
                         "[{key: channels, title: Channels}], not "
                         f"{type(value).__name__}")
    table = list(LANES)
    for number, entry in enumerate(value, 1):
        lane, position = _custom_lane(entry, f"lane {number}", table, reserved)
        index = _index(position, lane, table)
        # A lane belongs to the band of the lane drawn above it.
        table.insert(index, replace(lane, band=table[index - 1].band if index else CUSTOMER))
    return tuple(table)


def _custom_lane(entry: object, where: str, table: list[Lane], reserved: Collection[str]
                 ) -> tuple[Lane, str | None]:
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: expected a mapping {{key, title, kind, colour, icon, "
                         f"position}}, not {entry!r}")
    allowed = ("key", "title", "kind", "colour", "icon", "position")
    for name in entry:
        if name not in allowed:
            raise ValueError(f"{where}: unknown key '{name}'"
                             f"{did_you_mean(str(name), allowed)}: use "
                             f"{', '.join(allowed)}")
    key = entry.get("key")
    if not isinstance(key, str) or not re.match(KEY_PATTERN, key):
        raise ValueError(f"{where}: 'key' must be a lowercase word (letters, digits, '_'), "
                         f"e.g. 'channels', not {key!r}")
    where = f"lane '{key}'"
    if key in reserved or any(lane.key == key for lane in table):
        raise ValueError(f"{where}: '{key}' is already a key of a stage: choose another key")
    title = entry.get("title", key.replace("_", " ").capitalize())
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"{where}: 'title' must be text, e.g. 'Channels'")
    kind = entry.get("kind", LIST)
    if kind not in CUSTOM_KINDS:
        raise ValueError(f"{where}: kind {kind!r} is unknown{did_you_mean(str(kind), CUSTOM_KINDS)}"
                         ": use 'list' (a list of texts) or 'text' (one Markdown text)")
    colour = entry.get("colour", "grey")
    if colour not in COLOURS:
        raise ValueError(f"{where}: colour {colour!r} is unknown"
                         f"{did_you_mean(str(colour), COLOURS)}: use one of "
                         f"{', '.join(COLOURS)}")
    icon = entry.get("icon", "label")
    if not isinstance(icon, str) or not re.match(ICON_PATTERN, icon):
        raise ValueError(f"{where}: 'icon' must be an icon name such as 'star' (lowercase "
                         f"letters, digits and '-'), not {icon!r}")
    position = entry.get("position")
    if position is not None and not isinstance(position, str):
        raise ValueError(f"{where}: 'position' must be 'after <lane>' or 'before <lane>', "
                         f"e.g. 'after barriers', not {position!r}")
    return Lane(key, title.strip(), kind, f"{title.strip()} (a lane of this site)", colour,
                icon), position


def _index(position: str | None, lane: Lane, table: list[Lane]) -> int:
    """Where a lane of the site's own goes in the table."""
    if position is None:
        return max(i for i, other in enumerate(table) if other.band == CUSTOMER) + 1
    words = position.split()
    keys = [other.key for other in table]
    if len(words) != 2 or words[0] not in ("after", "before"):
        raise ValueError(f"lane '{lane.key}': position {position!r} is unknown: write "
                         "'after <lane>' or 'before <lane>', e.g. 'after barriers'")
    if words[1] not in keys:
        raise ValueError(f"lane '{lane.key}': position {position!r} names no lane"
                         f"{did_you_mean(words[1], keys)}: lanes are {', '.join(keys)}")
    return keys.index(words[1]) + (words[0] == "after")


def filled(stage: Stage, lane: Lane) -> bool:
    """Whether a stage has something in a lane (an empty lane is not drawn)."""
    if lane.kind == EMOTION:
        return stage.emotion is not None
    if lane.kind == TOUCHPOINTS:
        return bool(stage.touchpoints)
    if lane.kind == KPIS:
        return bool(stage.kpis or stage.computed_kpis)
    if lane.kind == SOLUTIONS:
        return bool(stage.solutions)
    return bool(stage.lanes.get(lane.key))


def is_blueprint(journey: Journey, table: tuple[Lane, ...]) -> bool:
    """Whether the journey fills any lane of the service blueprint."""
    return any(lane.band == BLUEPRINT and any(filled(stage, lane) for stage in journey.stages)
               for lane in table)
