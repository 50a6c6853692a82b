"""Positioned YAML mappings -> model objects, with a problem for every mistake."""

from __future__ import annotations

import html
import math
import re
from datetime import date, datetime
from typing import Any

from cjm_site.core import lanes, schema
from cjm_site.core.lanes import LANES, Lane
from cjm_site.core.names import name_key, slug
from cjm_site.core.scale import EmotionScale, ScaleError, scale_from_option
from cjm_site.source.loader import SourceFile
from cjm_site.core.model import (Empathy, Journey, JourneyData, Kpi, Opportunity, Persona,
                                 Position, Stage, Touchpoint)
from cjm_site.core.problems import did_you_mean
from cjm_site.core.schema import Key

_ID = re.compile(schema.ID_PATTERN)
MAX_DAYS = 36500  # a review cycle of a hundred years
_DOCS_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_WEB_LINK = re.compile(r"^(?:https?://|mailto:)", re.I)


class _Reader:
    """Reads one file's mapping, turning every mistake into a positioned problem."""

    def __init__(self, source: SourceFile, scale: EmotionScale):
        self.source = source
        # None when the map's own scale is wrong: its emotions are not judged by another.
        self.scale: EmotionScale | None = scale

    def error(self, pos: Position, message: str) -> None:
        self.source.error(pos.line, pos.col, message)

    def key_pos(self, mapping: Any, key: str) -> Position:
        return self.source.at(*mapping.lc.key(key))

    def value_pos(self, mapping: Any, key: str) -> Position:
        return self.source.at(*mapping.lc.value(key))

    def record(self, mapping: Any, keys: tuple[Key, ...], where: str,
               pos: Position) -> dict[str, tuple[Any, Position]]:
        """The known keys present with their value positions; unknown and missing reported."""
        known = {k.name: k for k in keys}
        found: dict[str, tuple[Any, Position]] = {}
        for key, value in mapping.items():
            if not isinstance(key, str):
                self.error(self.key_pos(mapping, key), f"{where}keys must be words, not "
                           f"{_kind(key)}")
                continue
            if key not in known:
                self.error(self.key_pos(mapping, key), where + schema.unknown_key(key, keys))
                continue
            found[key] = (value, self.value_pos(mapping, key))
        for k in keys:
            if not k.required:
                continue
            if k.name not in found or found[k.name][0] is None:
                at = self.key_pos(mapping, k.name) if k.name in found else pos
                self.error(at, f"{where}missing '{k.name}:' ({k.doc})")
            elif isinstance(found[k.name][0], str) and not found[k.name][0].strip():
                # Blank, it would vanish from the page, the chart and the export.
                self.error(found[k.name][1], f"{where}'{k.name}:' is blank: write {k.doc}")
        return found

    def text(self, value: Any, pos: Position, what: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            problem = markdown_problem(value)
            if problem:
                self.error(pos, f"{what}: {problem[1]}")
                return None
            return value.strip() or None
        if isinstance(value, (int, float)):
            return str(value).strip() or None
        if isinstance(value, date):
            return value.isoformat()
        hint = " (put text that contains ': ' in quotes)" if isinstance(value, dict) else ""
        self.error(pos, f"{what} must be text, not {_kind(value)}{hint}")
        return None

    def texts(self, value: Any, pos: Position, what: str) -> list[str]:
        return [text for text, _ in self.texts_at(value, pos, what)]

    def texts_at(self, value: Any, pos: Position, what: str) -> list[tuple[str, Position]]:
        """A text or a list of texts, each with its position."""
        if value is None:
            return []
        if not isinstance(value, list):
            one = self.text(value, pos, what)
            return [(one, pos)] if one else []
        out = []
        for index, item in enumerate(value):
            item_pos = self.source.at(*value.lc.item(index))
            if item is None or (isinstance(item, str) and not item.strip()):
                self.error(item_pos, f"{what}: empty item: write a sentence after '- ' "
                           "or remove the line")
                continue
            text = self.text(item, item_pos, f"{what} item")
            if text:
                out.append((text, item_pos))
        return out

    def mappings(self, value: Any, pos: Position, what: str) -> list[tuple[Any, Position]]:
        """A list of mappings, each with its position; other items reported."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(pos, f"{what} must be a list ('- ' items), not {_kind(value)}")
            return []
        out = []
        for index, item in enumerate(value):
            item_pos = self.source.at(*value.lc.item(index))
            if isinstance(item, dict):
                out.append((item, item_pos))
            else:
                self.error(item_pos, f"{what}: each item must be a mapping of keys "
                           f"(e.g. '- name: ...'), not {_kind(item)}")
        return out

    def emotion(self, value: Any, pos: Position, what: str
                ) -> tuple[float | None, dict[str, float]]:
        """A score, or per-persona scores (whose mean is the overall score)."""
        if value is None or self.scale is None:
            return None, {}
        if isinstance(value, dict):
            per: dict[str, float] = {}
            for persona, score in value.items():
                at = self.source.at(*value.lc.value(persona))
                try:
                    per[str(persona)] = self.scale.parse(score)
                except ValueError as exc:
                    self.error(at, f"{what} of '{persona}': {exc}")
            return (sum(per.values()) / len(per) if per else None), per
        try:
            return self.scale.parse(value), {}
        except ValueError as exc:
            self.error(pos, f"{what}: {exc}")
            return None, {}

    def flag(self, value: Any, pos: Position, what: str) -> bool:
        if isinstance(value, bool):
            return value
        if value is not None:
            self.error(pos, f"{what} must be true or false, not {_kind(value)}")
        return False

    def reason(self, value: Any, pos: Position, what: str) -> str | None:
        """Why a moment matters: words, never a bare flag or nothing."""
        text = None if isinstance(value, bool) else self.text(value, pos, what)
        if text is None and not isinstance(value, (dict, list)):
            self.error(pos, f"{what}: say why this moment matters, e.g. "
                       "'moment: first time she talks to a person'")
        return text

    def number_or_text(self, value: Any, pos: Position, what: str) -> str | float | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value):
                self.error(pos, f"{what} must be a number, not {value}: write digits such as "
                           "42 or 3.5, or text in quotes")
                return None
            return value
        return self.text(value, pos, what)

    def ident(self, value: Any, pos: Position, what: str) -> str | None:
        text = self.text(value, pos, what)
        if text is not None and not _ID.fullmatch(text):
            self.error(pos, f"{what} '{text}' is not a valid id: use lowercase letters, "
                       f"digits, '-' and '_', e.g. '{slug(text)}'")
            return None
        return text

    def day(self, value: Any, pos: Position, what: str) -> date | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        # A quoted date is a string to YAML, and still the date the contributor meant.
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                self.error(pos, f"{what} '{value}' is not a day of the calendar: check the "
                           "month and day (YYYY-MM-DD)")
                return None
        self.error(pos, f"{what} '{value}' is not an ISO date: write YYYY-MM-DD, "
                   "e.g. 2026-09-14")
        return None

    def choice(self, value: Any, pos: Position, what: str, allowed: tuple[str, ...]
               ) -> str | None:
        """One of a few words, in any case."""
        text = self.text(value, pos, what)
        if text is None or text.lower() in allowed:
            return text.lower() if text else None
        self.error(pos, f"{what} '{text}' is unknown{did_you_mean(text.lower(), allowed)}: "
                   f"use {', '.join(allowed[:-1])} or {allowed[-1]}")
        return None

    def link(self, value: Any, pos: Position, what: str) -> str | None:
        text = self.text(value, pos, what)
        if text and _SCHEME.match(text) and not _WEB_LINK.match(text):
            self.error(pos, f"{what} '{text}' is not a web link: write an https://, http://, "
                       "mailto: or relative link")
            return None
        return text

    def opportunities(self, value: Any, pos: Position, what: str, keys: tuple[Key, ...],
                      journey: Journey | None = None) -> list[Opportunity]:
        """Texts, or mappings of `keys` tracking each one; a journey's opportunities name
        stages of `journey`."""
        items = value if isinstance(value, list) else ([] if value is None else [value])
        found = []
        for index, item in enumerate(items):
            at = self.source.at(*value.lc.item(index)) if isinstance(value, list) else pos
            if item is None or (isinstance(item, str) and not item.strip()):
                self.error(at, f"{what}: empty item: write what the company will do after "
                           "'- ' or remove the line")
            elif not isinstance(item, dict):
                text = self.text(item, at, f"{what} item")
                if text:
                    found.append(Opportunity(text, pos=at))
            else:
                where = f"{what}{_named(item, 'text')}: "
                record = self.record(item, keys, where, at)
                text = self.text(*record.get("text", (None, at)), f"{where}text")
                if text is None:
                    continue
                found.append(Opportunity(
                    text,
                    priority=self.choice(*record.get("priority", (None, at)),
                                         f"{where}priority", schema.PRIORITIES),
                    owner=self.text(*record.get("owner", (None, at)), f"{where}owner"),
                    status=self.choice(*record.get("status", (None, at)), f"{where}status",
                                       schema.OPPORTUNITY_STATUSES),
                    link=self.link(*record.get("link", (None, at)), f"{where}link"),
                    due=self.day(*record.get("due", (None, at)), f"{where}due"),
                    stages=_stage_refs(self, *record["stages"], f"{where}stages", journey)
                    if journey and "stages" in record else [],
                    pos=at))
        return found

    def days(self, value: Any, pos: Position, what: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_DAYS:
            return value
        self.error(pos, f"{what} must be a whole number of days from 1 to {MAX_DAYS}, e.g. 180")
        return None


def _named(mapping: Any, key: str = "name") -> str:
    """A record's name, quoted, for messages (" 'Checkout'"); nothing when it has none."""
    name = mapping.get(key)
    text = str(name).strip() if isinstance(name, (str, int, float)) else ""
    return f" '{text}'" if text else ""


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    return f"'{value}'"


def file_id(source: SourceFile, reader: _Reader) -> str | None:
    """The id set in the file, else the file name; None (reported) when unusable."""
    data = source.data
    if "id" in data:
        return reader.ident(data["id"], reader.value_pos(data, "id"), "id")
    if not _ID.fullmatch(source.stem):
        source.error(1, 1, f"file name '{source.stem}' is not a valid id: rename the file "
                     f"to '{slug(source.stem)}{source.rel[source.rel.rfind('.'):]}' or "
                     "set 'id:'")
        return None
    return source.stem


def _narrative(source: SourceFile, found: dict, reader: _Reader) -> tuple[str, int]:
    parts, line = [], source.body_line
    if "description" in found:
        value, pos = found["description"]
        text = reader.text(value, pos, "description")
        if text:
            parts.append(text)
            line = pos.line
    if source.body.strip():
        problem = markdown_problem(source.body)
        if problem:
            reader.error(Position(source.rel, source.body_line + problem[0], 1),
                         f"narrative: {problem[1]}")
        else:
            parts.append(source.body)
    return "\n\n".join(parts), line


# Text that Python-Markdown would take minutes over or recurse too deep on: no map needs it.
MAX_MARKDOWN = 256 * 1024
MAX_NESTING = 32
MAX_OPEN_BRACKETS = 200
_RUN = re.compile(r"[*_~=^+]{%d,}" % (MAX_NESTING + 1))
_INDENT = re.compile(r"[ \t]*")
_QUOTES = re.compile(r"(?:>[ \t]*){%d,}" % (MAX_NESTING + 1))


def markdown_problem(text: str) -> tuple[int, str] | None:
    """(line within the text, what to do) when the text is Markdown too large or nested too
    deep to render in reasonable time; None when it is fine."""
    if len(text) > MAX_MARKDOWN:
        return 0, (f"text is longer than {MAX_MARKDOWN // 1024} KB: move the details to a "
                   "page of the handbook and link to it")
    if "\n" not in text and text.count("[") <= MAX_OPEN_BRACKETS and not _RUN.search(text) \
            and not _QUOTES.match(text.lstrip()):
        return None
    open_brackets = 0
    for index, line in enumerate(text.split("\n")):
        indent = _INDENT.match(line).group().expandtabs(4)
        stripped = line.strip()
        if len(indent) > 4 * MAX_NESTING or _QUOTES.match(line.lstrip()) or (
                _RUN.search(line) and stripped.strip(stripped[:1]).strip()):
            return index, (f"Markdown nested more than {MAX_NESTING} levels deep (lists, "
                           "quotes or emphasis): write it flatter")
        if not stripped:
            open_brackets = 0  # a paragraph ends: its brackets can no longer pair up
        open_brackets = max(0, open_brackets + line.count("[") - line.count("]"))
        if open_brackets > MAX_OPEN_BRACKETS:
            return index, (f"more than {MAX_OPEN_BRACKETS} '[' without a ']' in one "
                           "paragraph: write '\\[' for a bracket that starts no link")
    return None


def read_journey(source: SourceFile, scale: EmotionScale,
                 table: tuple[Lane, ...] = LANES) -> Journey | None:
    """The journey in a loaded file, or None when it cannot be shown as one; `table` is
    the site's lanes."""
    r = _Reader(source, scale)
    top = Position(source.rel, 1 + source.line_offset, 1)
    found = r.record(source.data, schema.JOURNEY, "", top)
    journey_id = file_id(source, r)
    title = r.text(*found.get("title", (None, top)), "title")
    if journey_id is None or title is None:
        return None
    journey = Journey(id=journey_id, title=title, source=source.rel, emotion_scale=scale,
                      pos=top)
    if found.get("emotion_scale", (None,))[0] is not None:
        own = _read_scale(r, *found["emotion_scale"])
        r.scale = own
        journey.emotion_scale = own or scale
    if "persona" in found and "personas" in found:
        second = max(("persona", "personas"), key=lambda k: (found[k][1].line,
                                                             found[k][1].col))
        r.error(r.key_pos(source.data, second), "write either 'persona:' (one persona) or "
                "'personas:' (a list), not both")
    for key in ("persona", "personas"):
        if key in found:
            value, pos = found[key]
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                at = source.at(*value.lc.item(index)) if isinstance(value, list) else pos
                # Checked against the handbook's personas later (handbook.py), where a
                # name or a near miss can be matched to the id it means.
                persona = r.text(item, at, key)
                if persona and persona not in journey.personas:
                    journey.personas.append(persona)
                    journey.positions[f"persona:{persona}"] = at
    if "status" in found:
        value, pos = found["status"]
        status = r.text(value, pos, "status")
        if status in schema.STATUSES:
            journey.status = status
        elif status is not None:
            r.error(pos, f"status '{status}' is unknown{did_you_mean(status, schema.STATUSES)}:"
                    " use 'current' (as-is) or 'future' (to-be)")
    journey.owner = r.text(*found.get("owner", (None, top)), "owner")
    journey.reviewed = r.day(*found.get("reviewed", (None, top)), "reviewed")
    if "reviewed" in found:
        journey.positions["reviewed"] = found["reviewed"][1]
    journey.review_every = r.days(*found.get("review_every", (None, top)), "review_every")
    if "tags" in found:
        journey.tags = _read_tags(r, *found["tags"])
    if "improves" in found:
        journey.improves = r.ident(*found["improves"], "improves")
        journey.positions["improves"] = found["improves"][1]
    journey.narrative, journey.narrative_line = _narrative(source, found, r)
    if "data" in found:
        journey.data = _read_data(r, *found["data"])
    stages_value, stages_pos = found.get("stages", (None, top))
    journey.positions["stages"] = stages_pos
    if stages_value is not None and not isinstance(stages_value, list):
        r.error(stages_pos, "stages must be a list of stages ('- name: ...'), not "
                f"{_kind(stages_value)}")
    elif isinstance(stages_value, list) and not stages_value:
        r.error(stages_pos, "stages is empty: add at least one stage ('- name: ...')")
    seen: dict[tuple[str, str], int] = {}
    # A non-list was reported just above; mappings() would report it a second time.
    stage_list = stages_value if isinstance(stages_value, list) else None
    for mapping, pos in r.mappings(stage_list, stages_pos, "stages"):
        stage = _read_stage(r, mapping, pos, journey, table)
        if stage is None:
            continue
        # A stage is known by its id when it has one, else by its name.
        key = ("id", stage.id) if stage.id else ("name", name_key(stage.name))
        if key in seen and stage.id:
            r.error(r.value_pos(mapping, "id"), f"stage id '{stage.id}' appears twice (also "
                    f"on line {seen[key]}): give each stage its own id")
        elif key in seen:
            r.error(pos, f"stage '{stage.name}' appears twice (also on line {seen[key]}): "
                    "give each stage its own name, or an 'id:' to each stage the journey "
                    "comes back to")
        seen.setdefault(key, pos.line)
        journey.stages.append(stage)
    if "opportunities" in found:
        journey.opportunities = r.opportunities(*found["opportunities"], "opportunities",
                                                schema.JOURNEY_OPPORTUNITY, journey)
    journey.feelings = r.texts(*found.get("feelings", (None, top)), "feelings")
    return journey


def _read_scale(r: _Reader, value: Any, pos: Position) -> EmotionScale | None:
    """A map's own `emotion_scale:`; None (reported where the mistake is) when wrong."""
    try:
        return scale_from_option(value)
    except ScaleError as exc:
        at, where = pos, exc.where
        if where[:1] == ("key",):
            at = r.key_pos(value, where[1])
        elif len(where) == 1:
            at = r.value_pos(value, where[0])
        elif where:
            at = r.value_pos(value["words"], where[1])
        r.error(at, f"emotion_scale: {exc}")
        return None


def _read_tags(r: _Reader, value: Any, pos: Position) -> list[str]:
    """Tags reach the theme's tag pages verbatim (so that `R&D` on a map and on a
    hand-written page is one tag), and the theme prints them as HTML: no markup."""
    tags = []
    for tag, at in r.texts_at(value, pos, "tags"):
        markup = next((m for m in ("<", ">") if m in tag), None)
        if markup is None and html.unescape(tag) != tag:
            markup = "&"
        if markup is not None:
            what = "an HTML character reference" if markup == "&" else f"'{markup}'"
            r.error(at, f"tag '{tag}' contains {what}: write a tag as plain text "
                    "(letters, digits, spaces and punctuation such as & or -)")
        elif tag not in tags:
            tags.append(tag)
    return tags


def _stage_refs(r: _Reader, value: Any, pos: Position, what: str,
                journey: Journey) -> list[str]:
    """The stages an opportunity of the journey names, each one of its stages."""
    known = [s.id or s.name for s in journey.stages]
    refs = []
    for ref, at in r.texts_at(value, pos, what):
        if journey.stage(ref) is None:
            r.error(at, f"{what}: no stage '{ref}' in this journey{did_you_mean(ref, known)}: "
                    "name a stage by its id or name")
        else:
            refs.append(ref)
    return refs


def _read_stage(r: _Reader, mapping: Any, pos: Position, journey: Journey,
                table: tuple[Lane, ...]) -> Stage | None:
    name = r.text(mapping.get("name"), r.value_pos(mapping, "name") if "name" in mapping
                  else pos, "stage name")
    where = f"stage '{name}': " if name else "stage: "
    found = r.record(mapping, schema.stage_keys(table), where, pos)
    if name is None:
        return None
    stage = Stage(name=name, pos=pos)
    if "id" in found:
        stage.id = r.ident(*found["id"], f"{where}id")
    for key in ("phase", "owner", "duration"):
        setattr(stage, key, r.text(*found.get(key, (None, pos)), f"{where}{key}"))
    if "optional" in found:
        stage.optional = r.flag(*found["optional"], f"{where}optional")
    if "moment" in found:
        stage.moment = r.reason(*found["moment"], f"{where}moment")
    for lane in table:
        if lane.key in found:
            _LANE_READERS[lane.kind](r, stage, lane.key, *found[lane.key], journey, where)
    return stage


def _read_texts(r: _Reader, stage: Stage, key: str, value: Any, pos: Position,
                journey: Journey, where: str) -> None:
    stage.lanes[key] = r.texts(value, pos, f"{where}{key}")


def _read_text(r: _Reader, stage: Stage, key: str, value: Any, pos: Position,
               journey: Journey, where: str) -> None:
    text = r.text(value, pos, f"{where}{key}")
    if text:
        stage.lanes[key] = text


def _read_emotion(r: _Reader, stage: Stage, key: str, value: Any, pos: Position,
                  journey: Journey, where: str) -> None:
    stage.stated_emotion, stage.persona_emotions = r.emotion(value, pos, f"{where}{key}")
    _check_persona_scores(r, value, stage.persona_emotions, journey, where)


def _read_touchpoints(r: _Reader, stage: Stage, key: str, value: Any, pos: Position,
                      journey: Journey, where: str) -> None:
    for tp_map, tp_pos in r.mappings(value, pos, f"{where}{key}"):
        tp_where = f"{where}touchpoint{_named(tp_map)}: "
        tp = r.record(tp_map, schema.TOUCHPOINT, tp_where, tp_pos)
        name_text = r.text(*tp.get("name", (None, tp_pos)), f"{tp_where}name")
        if name_text is None:
            continue
        touchpoint = Touchpoint(name=name_text, pos=tp_pos)
        touchpoint.channel = r.text(*tp.get("channel", (None, tp_pos)), f"{tp_where}channel")
        touchpoint.description = r.text(*tp.get("description", (None, tp_pos)),
                                        f"{tp_where}description")
        if "moment" in tp:
            touchpoint.moment = r.reason(*tp["moment"], f"{tp_where}moment")
        if "emotion" in tp:
            touchpoint.emotion, touchpoint.persona_emotions = r.emotion(
                *tp["emotion"], f"{tp_where}emotion")
            _check_persona_scores(r, tp_map["emotion"], touchpoint.persona_emotions,
                                  journey, tp_where)
        stage.touchpoints.append(touchpoint)


def _read_solutions(r: _Reader, stage: Stage, key: str, value: Any, pos: Position,
                    journey: Journey, where: str) -> None:
    stage.solutions = r.opportunities(value, pos, f"{where}{key}", schema.OPPORTUNITY)


def _read_kpis(r: _Reader, stage: Stage, key: str, value: Any, pos: Position,
               journey: Journey, where: str) -> None:
    for kpi_map, kpi_pos in r.mappings(value, pos, f"{where}{key}"):
        kpi_where = f"{where}kpi{_named(kpi_map)}: "
        k = r.record(kpi_map, schema.KPI, kpi_where, kpi_pos)
        kpi_name = r.text(*k.get("name", (None, kpi_pos)), f"{kpi_where}name")
        if kpi_name is None:
            continue
        stage.kpis.append(Kpi(
            name=kpi_name,
            value=r.number_or_text(*k.get("value", (None, kpi_pos)), f"{kpi_where}value"),
            target=r.number_or_text(*k.get("target", (None, kpi_pos)), f"{kpi_where}target"),
            unit=r.text(*k.get("unit", (None, kpi_pos)), f"{kpi_where}unit"),
            pos=kpi_pos,
        ))


# How each kind of lane is read (core/lanes.py): a new lane of a known kind needs nothing here.
_LANE_READERS = {lanes.LIST: _read_texts, lanes.TEXT: _read_text,
                 lanes.EMOTION: _read_emotion, lanes.TOUCHPOINTS: _read_touchpoints,
                 lanes.SOLUTIONS: _read_solutions, lanes.KPIS: _read_kpis}


def _read_data(r: _Reader, value: Any, pos: Position) -> JourneyData | None:
    """The `data:` mapping; the files it names are read later (research.py)."""
    if not isinstance(value, dict):
        r.error(pos, "data must be a mapping ('survey: data/answers.csv'), not "
                f"{_kind(value)}")
        return None
    found = r.record(value, schema.DATA, "data: ", pos)
    data = JourneyData(positions={k: p for k, (_, p) in found.items()})
    for key in ("survey", "analytics"):
        if key in found:
            setattr(data, key, r.text(*found[key], f"data: {key}"))
    if "scale" in found:
        scale = r.text(*found["scale"], "data: scale")
        if scale in schema.SURVEY_SCALES:
            data.scale = scale
        elif scale is not None:
            data.survey = None  # read with a wrong scale, every row would be an error
            r.error(found["scale"][1], f"data: scale '{scale}' is unknown"
                    f"{did_you_mean(scale, schema.SURVEY_SCALES)}: use '1..5' (CSAT), "
                    "'0..10' (NPS) or 'emotion' (the map's emotion scale)")
    if "min_n" in found:
        min_n, at = found["min_n"]
        if isinstance(min_n, int) and not isinstance(min_n, bool) and min_n > 0:
            data.min_n = min_n
        else:
            r.error(at, "data: min_n must be a whole number above 0, e.g. 30")
    if "quotes" in found:
        quotes, at = found["quotes"]
        if isinstance(quotes, bool):
            data.quotes = quotes
        else:
            r.error(at, "data: quotes must be true or false")
    if "targets" in found:
        targets, at = found["targets"]
        if not isinstance(targets, dict):
            r.error(at, "data: targets must be a mapping ('nps: 40'), not "
                    f"{_kind(targets)}")
        else:
            for key, target in targets.items():
                key_at = r.key_pos(targets, key)
                if key not in schema.TARGETS:
                    r.error(key_at, f"data: targets: unknown KPI '{key}'"
                            f"{did_you_mean(str(key), schema.TARGETS)}: use "
                            f"{', '.join(schema.TARGETS)}")
                elif isinstance(target, (int, float)) and not isinstance(target, bool) and \
                        math.isfinite(target):
                    data.targets[key] = target
                else:
                    r.error(r.value_pos(targets, key), f"data: targets: {key} must be a "
                            "number (NPS points or a percentage), e.g. 40")
    if data.survey is None and data.analytics is None:
        r.error(pos, "data names no file: add 'survey: data/answers.csv' or "
                "'analytics: data/funnel.csv'")
    return data


def _check_persona_scores(r: _Reader, value: Any, scores: dict[str, float],
                          journey: Journey, where: str) -> None:
    for persona in scores:
        if persona not in journey.personas:
            r.error(r.source.at(*value.lc.key(persona)),
                    f"{where}emotion for '{persona}', who is not a persona of this journey"
                    f"{did_you_mean(persona, journey.personas)}: personas are "
                    f"{', '.join(journey.personas) or 'not set'}")


def read_persona(source: SourceFile, scale: EmotionScale) -> Persona | None:
    r = _Reader(source, scale)
    top = Position(source.rel, 1 + source.line_offset, 1)
    found = r.record(source.data, schema.PERSONA, "", top)
    persona_id = file_id(source, r)
    name = r.text(*found.get("name", (None, top)), "name")
    if persona_id is None or name is None:
        return None
    persona = Persona(id=persona_id, name=name, source=source.rel, pos=top)
    for key in ("summary", "occupation", "location", "quote"):
        setattr(persona, key, r.text(*found.get(key, (None, top)), key))
    age = r.number_or_text(*found.get("age", (None, top)), "age")
    persona.age = None if age is None else str(age)
    if "image" in found:
        value, pos = found["image"]
        image = r.text(value, pos, "image")
        if image and not image.lower().startswith("https://") and (
                not _DOCS_PATH.fullmatch(image) or ".." in image.split("/")):
            r.error(pos, "image must be a path in the docs folder (letters, digits, '-', '_', "
                    "'.' and '/', without '..'), e.g. img/maya.png, or an https:// URL")
        else:
            persona.image = image
    persona.goals = r.texts(*found.get("goals", (None, top)), "goals")
    persona.challenges = r.texts(*found.get("challenges", (None, top)), "challenges")
    if "attributes" in found:
        value, pos = found["attributes"]
        if isinstance(value, dict):
            for key, item in value.items():
                at = source.at(*value.lc.value(key))
                text = (", ".join(r.texts(item, at, f"attribute '{key}'"))
                        if isinstance(item, list) else r.text(item, at, f"attribute '{key}'"))
                if text:
                    persona.attributes[str(key)] = text
        elif value is not None:
            r.error(pos, f"attributes must be a mapping ('Interests: running'), not "
                    f"{_kind(value)}")
    if "empathy" in found:
        value, pos = found["empathy"]
        if isinstance(value, dict):
            e = r.record(value, schema.EMPATHY, "empathy: ", pos)
            persona.empathy = Empathy(**{k: r.texts(v, p, f"empathy {k}")
                                         for k, (v, p) in e.items()})
        elif value is not None:
            r.error(pos, "empathy must be a mapping with says, thinks, does, feels "
                    f"(and pains, gains), not {_kind(value)}")
    persona.narrative, persona.narrative_line = _narrative(source, found, r)
    return persona
