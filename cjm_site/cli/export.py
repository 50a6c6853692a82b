"""The handbook as data for spreadsheets and BI tools: JSON of everything; CSV tables of
touchpoints, stages and opportunities."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from cjm_site.core import lanes
from cjm_site.core.lanes import LANES, Lane, is_blueprint
from cjm_site.core.model import (EMPATHY_EXTRAS, EMPATHY_QUADRANTS, Handbook, Journey, Kpi,
                                 Opportunity, Persona, Stage, Touchpoint)
from cjm_site.core.scale import EmotionScale, fmt

# `emotion` as the map writes it, on its own scale (`emotion_scale`: '-2..2', '0..5');
# `emotion_normalised` on the handbook's scale, where rows of all maps compare.
EMOTION_COLUMNS = ("emotion", "emotion_scale", "emotion_normalised")
CSV_COLUMNS = ("journey", "persona", "phase", "stage", "stage_id", "channel", "touchpoint",
               *EMOTION_COLUMNS, "moment")
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_json(handbook: Handbook, table: tuple[Lane, ...] = LANES) -> str:
    """Everything, with every lane of the site's lane table on each stage."""
    document = {"journeys": [_journey(j, table) for j in handbook.journeys.values()],
                "personas": [_persona(p) for p in handbook.personas.values()]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_csv(handbook: Handbook, table: str = "touchpoints",
           lanes_table: tuple[Lane, ...] = LANES, scale: EmotionScale | None = None) -> str:
    """One of the CSV_TABLES, as CSV text; `scale`: the handbook's."""
    out = io.StringIO()
    writer = csv.writer(out)
    CSV_TABLES[table](writer, handbook, lanes_table, scale or EmotionScale())
    return out.getvalue()


def _emotion_cells(journey: Journey, score: float | None, scale: EmotionScale) -> list[str]:
    """The EMOTION_COLUMNS of a score."""
    if score is None:
        return ["", journey.emotion_scale.span, ""]
    return [fmt(score), journey.emotion_scale.span,
            fmt(journey.emotion_scale.onto(score, scale))]


def _touchpoint_rows(writer: Any, handbook: Handbook, table: tuple[Lane, ...],
                     scale: EmotionScale) -> None:
    """One row per touchpoint, in journey-id and stage order."""
    writer.writerow(CSV_COLUMNS)
    for journey in handbook.journeys.values():
        for stage, touchpoint in journey.touchpoints:
            writer.writerow([_cell(journey.id), _cell(" ".join(journey.personas)),
                             _cell(stage.phase or ""), _cell(stage.name), stage.id or "",
                             _cell(touchpoint.channel or ""), _cell(touchpoint.name),
                             *_emotion_cells(journey, touchpoint.emotion, scale),
                             _cell(touchpoint.moment or "")])


def _stage_rows(writer: Any, handbook: Handbook, table: tuple[Lane, ...],
               scale: EmotionScale) -> None:
    """One row per stage; a lane's items one per line in its cell (solutions by their
    text: the opportunities table tracks them)."""
    texts = [lane for lane in table if lane.kind in (lanes.LIST, lanes.TEXT, lanes.SOLUTIONS)]
    writer.writerow(STAGE_COLUMNS + tuple(lane.key for lane in texts))
    for journey in handbook.journeys.values():
        for stage in journey.stages:
            writer.writerow([
                _cell(journey.id), _cell(stage.phase or ""), _cell(stage.name),
                stage.id or "", _cell(stage.owner or ""), _cell(stage.duration or ""),
                "true" if stage.optional else "", _cell(stage.moment or ""),
                *_emotion_cells(journey, stage.emotion, scale),
                *(_cell(_lines([o.text for o in stage.solutions]
                               if lane.kind == lanes.SOLUTIONS else stage.lanes.get(lane.key)))
                  for lane in texts)])


def _lines(value: list[str] | str | None) -> str:
    return "\n".join(value) if isinstance(value, list) else value or ""


def _opportunity_rows(writer: Any, handbook: Handbook, table: tuple[Lane, ...],
                      scale: EmotionScale) -> None:
    """One row per opportunity: those of the journey (stage empty, or the stages it names),
    then each stage's solutions."""
    writer.writerow(OPPORTUNITY_COLUMNS)
    for journey in handbook.journeys.values():
        found = [(", ".join(o.stages), o) for o in journey.opportunities]
        found += [(s.name, o) for s in journey.stages for o in s.solutions]
        for stages, o in found:
            writer.writerow([_cell(journey.id), _cell(stages), _cell(o.text),
                             o.priority or "", _cell(o.owner or ""), o.status or "",
                             o.due.isoformat() if o.due else "", _cell(o.link or "")])


STAGE_COLUMNS = ("journey", "phase", "stage", "stage_id", "owner", "duration", "optional",
                 "moment", *EMOTION_COLUMNS)
OPPORTUNITY_COLUMNS = ("journey", "stages", "text", "priority", "owner", "status", "due",
                       "link")
CSV_TABLES = {"touchpoints": _touchpoint_rows, "stages": _stage_rows,
              "opportunities": _opportunity_rows}


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _journey(journey: Journey, table: tuple[Lane, ...]) -> dict[str, Any]:
    return {
        "id": journey.id, "title": journey.title, "source": journey.source,
        "personas": journey.personas, "status": journey.status, "owner": journey.owner,
        "reviewed": journey.reviewed.isoformat() if journey.reviewed else None,
        "review_every": journey.review_every, "tags": journey.tags,
        "improves": journey.improves, "narrative": journey.narrative,
        # The scale every emotion of the journey is on: its own, else the handbook's.
        "emotion_scale": {"low": journey.emotion_scale.low, "high": journey.emotion_scale.high,
                          "words": journey.emotion_scale.words},
        "blueprint": is_blueprint(journey, table),
        # Consecutive stages of one phase, each stage by its id, else its name.
        "phases": [{"name": phase, "stages": [s.id or s.name for s in stages]}
                   for phase, stages in journey.phases if phase],
        "stages": [_stage(s, journey.personas, table) for s in journey.stages],
        "opportunities": [_opportunity(o) for o in journey.opportunities],
        "feelings": journey.feelings,
    }


def _opportunity(item: Opportunity) -> dict[str, Any]:
    """A solution or opportunity, tracked or not, always in its full shape."""
    return {"text": item.text, "priority": item.priority, "owner": item.owner,
            "status": item.status, "link": item.link,
            "due": item.due.isoformat() if item.due else None,
            **({"stages": item.stages} if item.stages else {})}


def _stage(stage: Stage, personas: list[str], table: tuple[Lane, ...]) -> dict[str, Any]:
    emotions = {p: stage.emotion_for(p) for p in personas}
    out: dict[str, Any] = {"name": stage.name, "id": stage.id, "phase": stage.phase,
                           "owner": stage.owner, "duration": stage.duration,
                           "optional": stage.optional, "moment": stage.moment}
    for lane in table:
        if lane.kind == lanes.EMOTION:
            # Computed: the stated score, else the mean of the touchpoints'.
            out[lane.key] = stage.emotion
            out["persona_emotions"] = {p: e for p, e in emotions.items() if e is not None}
        elif lane.kind == lanes.TOUCHPOINTS:
            out[lane.key] = [_touchpoint(t) for t in stage.touchpoints]
        elif lane.kind == lanes.KPIS:
            out[lane.key] = [_kpi(k) for k in stage.kpis]
        elif lane.kind == lanes.SOLUTIONS:
            out[lane.key] = [_opportunity(o) for o in stage.solutions]
        else:
            out[lane.key] = stage.lanes.get(lane.key, [] if lane.kind == lanes.LIST else None)
    return out


def _touchpoint(touchpoint: Touchpoint) -> dict[str, Any]:
    return {"channel": touchpoint.channel, "name": touchpoint.name,
            "emotion": touchpoint.emotion, "persona_emotions": touchpoint.persona_emotions,
            "description": touchpoint.description, "moment": touchpoint.moment}


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
