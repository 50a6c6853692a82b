"""JSON Schemas (draft 2020-12) of journey and persona files, generated from schema.py.

Editors (VS Code's YAML extension and others speaking yaml-language-server) use them to
complete keys and flag mistakes while typing. They accept what the validator accepts; what
they cannot express (references across files, duplicate stage names, the range of a map
with an `emotion_scale:` of its own) is left to `cjm validate`. The package ships the
schemas of the default emotion scale and lanes; `cjm schema` writes those of a site's own.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cjm_site.core import lanes, schema
from cjm_site.core.lanes import LANES, Lane
from cjm_site.core.scale import EmotionScale
from cjm_site.core.schema import Key

KINDS = ("journey", "persona")
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# A scalar the validator reads as text: YAML turns `2026`, `yes`-like words and dates into
# other types, and the validator takes them as written.
SCALAR = {"type": ["string", "number", "boolean"]}
# A number, also in quotes (the validator reads '"5"' as 5).
NUMBER = {"anyOf": [{"type": "number"},
                    {"type": "string", "pattern": r"^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*$"}]}

# Record types: the Key table of the records and whether the value is a list of them
# (a stage's keys depend on the site's lanes: see generate).
RECORDS: dict[str, tuple[str, tuple[Key, ...], bool]] = {
    "stages": ("stage", schema.STAGE, True),
    "touchpoints": ("touchpoint", schema.TOUCHPOINT, True),
    "kpis": ("kpi", schema.KPI, True),
    "empathy": ("empathy", schema.EMPATHY, False),
    "data": ("data", schema.DATA, False),
}


def generate(kind: str, scale: EmotionScale | None = None,
             table: tuple[Lane, ...] = LANES) -> dict[str, Any]:
    """The schema of a journey or persona file's keys (a .md file's front matter), for a
    site's emotion scale and lanes."""
    keys = schema.JOURNEY if kind == "journey" else schema.PERSONA
    defs = {"emotion": _emotion(scale or EmotionScale()),
            "any_emotion": _any_emotion(),
            **{ref: _record(record_keys) for ref, record_keys, _ in RECORDS.values()},
            "stage": _record(schema.stage_keys(table)),
            "scored_stage": _scored_stage(table),
            "opportunity": _record(schema.OPPORTUNITY),
            "journey_opportunity": _record(schema.JOURNEY_OPPORTUNITY)}
    root = {"$schema": DRAFT, "title": f"cjm-site {kind} file",
            "description": f"A {kind} of a cjm-site handbook: the YAML file, or the front "
            "matter of the Markdown file.", **_record(keys)}
    if kind == "journey":
        # Emotions are on the site's scale unless the map sets a scale of its own.
        root["if"] = {"properties": {"emotion_scale": {"type": "object"}},
                      "required": ["emotion_scale"]}
        root["else"] = {"properties": {"stages": {"items": {"$ref": "#/$defs/scored_stage"}}}}
    # Only the definitions this kind of file reaches.
    used = _refs(root)
    while True:
        more = {r for name in used for r in _refs(defs[name])} - used
        if not more:
            break
        used |= more
    root["$defs"] = {name: defs[name] for name in sorted(used)}
    return root


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _record(keys: tuple[Key, ...]) -> dict[str, Any]:
    properties = {}
    for key in keys:
        value = _value(key.type)
        # An empty optional key (`goals:` with nothing after it) is allowed while typing.
        if not key.required:
            value = {"anyOf": [value, {"type": "null"}]}
        properties[key.name] = {"description": key.doc, **value}
    record: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    required = [k.name for k in keys if k.required]
    if required:
        record["required"] = required
    return record


def _value(kind: str) -> dict[str, Any]:
    if kind in RECORDS:
        ref, _, is_list = RECORDS[kind]
        item = {"$ref": f"#/$defs/{ref}"}
        return {"type": "array", "items": item, **({"minItems": 1} if kind == "stages" else {})
                } if is_list else item
    texts = {"anyOf": [SCALAR, {"type": "array", "items": SCALAR}]}
    ident = {"type": "string", "pattern": schema.ID_PATTERN}
    values = {
        "text": SCALAR,
        "solutions": _texts_or({"$ref": "#/$defs/opportunity"}),
        "opportunities": _texts_or({"$ref": "#/$defs/journey_opportunity"}),
        "priority": {"enum": list(schema.PRIORITIES)},
        "opportunity_status": {"enum": list(schema.OPPORTUNITY_STATUSES)},
        # An http(s), mailto or relative link: any other scheme is refused.
        "link": {"type": "string", "pattern": r"^(?:[Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll]"
                 r"[Tt][Oo]:|(?![A-Za-z][A-Za-z0-9+.\-]*:))"},
        "stage_refs": texts,
        # Why a moment matters: words, not a flag.
        "moment": {"type": "string", "pattern": r"\S"},
        "number_or_text": SCALAR,
        "path": SCALAR,
        schema.TEXTS: texts,
        "id": ident,
        "ids": {"anyOf": [ident, {"type": "array", "items": ident}]},
        "status": {"enum": list(schema.STATUSES)},
        "date": {"type": "string", "format": "date",
                 "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "days": {"type": "integer", "minimum": 1},
        "count": {"type": "integer", "minimum": 1},
        "boolean": {"type": "boolean"},
        # Its shape here; its range checked by the journey's `else` (see generate).
        "emotion": {"$ref": "#/$defs/any_emotion"},
        "emotion_scale": {"type": "object", "properties": {
            "low": NUMBER, "high": NUMBER,
            "words": {"type": "object", "minProperties": 2, "additionalProperties": NUMBER}},
            "additionalProperties": False},
        "survey_scale": {"enum": list(schema.SURVEY_SCALES)},
        "targets": {"type": "object", "propertyNames": {"enum": list(schema.TARGETS)},
                    "additionalProperties": {"type": "number"}},
        # A path in the docs folder or an https URL: any other scheme is refused.
        "image": {"type": "string",
                  "pattern": r"^(?:[Hh][Tt][Tt][Pp][Ss]://|(?![A-Za-z][A-Za-z0-9+.\-]*:))"},
        "attributes": {"type": "object", "additionalProperties": texts},
    }
    return values[kind]


def _texts_or(record: dict[str, Any]) -> dict[str, Any]:
    """A text, or a list whose items are texts or records."""
    return {"anyOf": [SCALAR, {"type": "array", "items": {"anyOf": [SCALAR, record]}}]}


def _emotion(scale: EmotionScale) -> dict[str, Any]:
    """A score or a word of the scale, or per-persona scores {persona: score}."""
    score = {"anyOf": [
        {"type": "number", "minimum": scale.low, "maximum": scale.high},
        {"enum": list(scale.words)},
        # The validator ignores case, extra spaces and underscores in words.
        {"type": "string", "pattern": "^[\\s_]*(?:" + "|".join(
            _any_case(w) for w in scale.words) + ")[\\s_]*$"},
    ]}
    return {"description": scale.describe(), "anyOf": [
        score,
        {"type": "object", "propertyNames": {"pattern": schema.ID_PATTERN},
         "additionalProperties": score},
    ]}


def _any_emotion() -> dict[str, Any]:
    """A score or a word on any scale, or per-persona scores."""
    score = {"anyOf": [NUMBER, {"type": "string"}]}
    return {"description": "a number or a word of the map's emotion scale",
            "anyOf": [score, {"type": "object", "propertyNames": {"pattern": schema.ID_PATTERN},
                              "additionalProperties": score}]}


def _scored_stage(table: tuple[Lane, ...]) -> dict[str, Any]:
    """A stage's emotions on the site's scale (its other keys: the `stage` definition)."""
    emotion = {"anyOf": [{"$ref": "#/$defs/emotion"}, {"type": "null"}]}
    touchpoints = {"type": "array", "items": {"properties": {"emotion": emotion}}}
    properties = {lane.key: emotion if lane.kind == lanes.EMOTION else
                  {"anyOf": [touchpoints, {"type": "null"}]}
                  for lane in table if lane.kind in (lanes.EMOTION, lanes.TOUCHPOINTS)}
    return {"properties": properties}


def _any_case(word: str) -> str:
    parts = []
    for part in word.split():
        parts.append("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c)
                             for c in part))
    return "[\\s_]+".join(parts)


def _refs(node: Any) -> set[str]:
    """The $defs a schema fragment refers to."""
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[1]} if "$ref" in node else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()
