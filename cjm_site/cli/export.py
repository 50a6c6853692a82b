"""The handbook as data for spreadsheets and BI tools: JSON of everything, CSV of touchpoints."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from cjm_site.core import lanes
from cjm_site.core.lanes import LANES, Lane
from cjm_site.core.model import (EMPATHY_EXTRAS, EMPATHY_QUADRANTS, Handbook, Journey, Kpi,
                                 Persona, Stage, Touchpoint)
from cjm_site.core.scale import fmt

CSV_COLUMNS = ("journey", "persona", "stage", "channel", "touchpoint", "emotion")
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_json(handbook: Handbook, table: tuple[Lane, ...] = LANES) -> str:
    """Everything, with every lane of the site's lane table on each stage."""
    document = {"journeys": [_journey(j, table) for j in handbook.journeys.values()],
                "personas": [_persona(p) for p in handbook.personas.values()]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_csv(handbook: Handbook) -> str:
    """One row per touchpoint, in journey-id and stage order."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for journey in handbook.journeys.values():
        for stage, touchpoint in journey.touchpoints:
            writer.writerow([_cell(journey.id), _cell(" ".join(journey.personas)),
                             _cell(stage.name), _cell(touchpoint.channel or ""),
                             _cell(touchpoint.name),
                             "" if touchpoint.emotion is None else fmt(touchpoint.emotion)])
    return out.getvalue()


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _journey(journey: Journey, table: tuple[Lane, ...]) -> dict[str, Any]:
    return {
        "id": journey.id, "title": journey.title, "source": journey.source,
        "personas": journey.personas, "status": journey.status, "owner": journey.owner,
        "reviewed": journey.reviewed.isoformat() if journey.reviewed else None,
        "review_every": journey.review_every, "tags": journey.tags,
        "improves": journey.improves, "narrative": journey.narrative,
        "stages": [_stage(s, journey.personas, table) for s in journey.stages],
    }


def _stage(stage: Stage, personas: list[str], table: tuple[Lane, ...]) -> dict[str, Any]:
    emotions = {p: stage.emotion_for(p) for p in personas}
    out: dict[str, Any] = {"name": stage.name}
    for lane in table:
        if lane.kind == lanes.EMOTION:
            # Computed: the stated score, else the mean of the touchpoints'.
            out[lane.key] = stage.emotion
            out["persona_emotions"] = {p: e for p, e in emotions.items() if e is not None}
        elif lane.kind == lanes.TOUCHPOINTS:
            out[lane.key] = [_touchpoint(t) for t in stage.touchpoints]
        elif lane.kind == lanes.KPIS:
            out[lane.key] = [_kpi(k) for k in stage.kpis]
        else:
            out[lane.key] = stage.lanes.get(lane.key, [] if lane.kind == lanes.LIST else None)
    return out


def _touchpoint(touchpoint: Touchpoint) -> dict[str, Any]:
    return {"channel": touchpoint.channel, "name": touchpoint.name,
            "emotion": touchpoint.emotion, "persona_emotions": touchpoint.persona_emotions,
            "description": touchpoint.description}


def _kpi(kpi: Kpi) -> dict[str, Any]:
    return {"name": kpi.name, "value": kpi.value, "target": kpi.target, "unit": kpi.unit}


def _persona(persona: Persona) -> dict[str, Any]:
    empathy = persona.empathy
    return {
        "id": persona.id, "name": persona.name, "source": persona.source,
        **{key: getattr(persona, key) for key in ("summary", "age", "occupation",
                                                   "location", "quote", "image",
                                                   "attributes", "goals", "challenges")},
        "empathy": {k: getattr(empathy, k) for k in EMPATHY_QUADRANTS + EMPATHY_EXTRAS},
        "narrative": persona.narrative,
    }
