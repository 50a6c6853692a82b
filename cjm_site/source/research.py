"""Research files -> measured emotions and computed KPIs of a journey.

A journey's `data:` key names a survey CSV (one answer per row: stage, optional touchpoint,
score, optional respondent, date, comment) and an analytics CSV (stage, count). A row names
a stage by its id, or by its name where no other stage has that name. Survey
scores are mapped linearly onto the journey's emotion scale; quartiles use
statistics.quantiles(method="inclusive"), the method of spreadsheets' QUARTILE.INC.
Every row that cannot be used is a problem at `path:line:col`, where col is the number of
the CSV column (1 for the row as a whole). Pure: the caller reads the bytes.
"""

from __future__ import annotations

import csv
import io
import math
import re
import statistics
from dataclasses import dataclass, field
from typing import Callable

from cjm_site.core.names import name_key
from cjm_site.core.scale import EmotionScale, fmt
from cjm_site.core.model import (Journey, JourneyData, Kpi, Measured, Position, Quote,
                                  Stage)
from cjm_site.core.problems import ERROR, Problem, did_you_mean

SURVEY_COLUMNS = ("stage", "touchpoint", "score", "respondent", "date", "comment")
ANALYTICS_COLUMNS = ("stage", "count")
REQUIRED = {"survey": ("stage", "score"), "analytics": ("stage", "count")}
NUMERIC_SCALES = {"1..5": (1.0, 5.0), "0..10": (0.0, 10.0)}
MAX_BYTES = 64 * 1024 * 1024
# Numbers as people write them in a spreadsheet: digits, an optional sign and decimal point
# (not '1_0', '²', '1e3', 'nan'); a count has at most 15 digits.
NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_COUNT = re.compile(r"[0-9]{1,15}")
# Past this many bad rows a file gets one summary problem instead of thousands.
MAX_ROW_PROBLEMS = 50
QUOTE_STAGES = 2
QUOTES_PER_STAGE = 3


@dataclass
class Survey:
    """Usable answers in survey units, by (stage index, touchpoint or None)."""

    scores: dict[tuple[int, str | None], list[float]] = field(default_factory=dict)
    # (score, line, stage index, comment) of answers that carry a comment.
    comments: list[tuple[float, int, int, str]] = field(default_factory=list)


class _Rows:
    """A CSV file's rows with the line each starts on, and its problems."""

    def __init__(self, text: str, rel: str, kind: str, columns: tuple[str, ...]):
        self.rel = rel
        self.kind = kind
        self.problems: list[Problem] = []
        self.row_problems = 0
        self.columns: dict[str, int] = {}
        self.header_line = 1
        self._columns = columns
        self._reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        self._rows = self._read()

    def error(self, line: int, col: int, message: str | Callable[[], str]) -> None:
        """A problem; a message given as a function is worded only if it is listed (its
        suggestions cost time, and a file may have a million bad rows)."""
        self.row_problems += 1
        if self.row_problems <= MAX_ROW_PROBLEMS:
            text = message() if callable(message) else message
            self.problems.append(Problem(self.rel, line, col, ERROR, text))

    def _read(self):
        """The CSV reader's rows; a row the csv module cannot read ends the file with a
        problem where the row starts."""
        line = self._reader.line_num
        try:
            for row in self._reader:
                yield row
                line = self._reader.line_num
        except csv.Error as exc:
            why = str(exc)
            if "field larger than field limit" in why:
                why = (f"a field is longer than {csv.field_size_limit() // 1024} KB: shorten "
                       "it, or close the quote left open before it")
            else:
                why = ("a quoted field is not closed" if "end of data" in why else
                       "a quoted field goes on after its closing quote" if "expected after"
                       in why else why) + (": close each quoted field with '\"' (write a "
                                           "quote inside a field as '\"\"')")
            self.error(line + 1, 1, f"{why}; the rest of the file is not read")

    def header(self) -> bool:
        """Read the header row; False when the file cannot be used."""
        for row in self._rows:
            if not row:
                continue
            self.header_line = self._reader.line_num
            for index, name in enumerate(row):
                key = name.strip().lower()
                if key in self._columns and key not in self.columns:
                    self.columns[key] = index
                elif key in self.columns:
                    self.error(self.header_line, index + 1, f"column '{key}' appears twice "
                               f"(also column {self.columns[key] + 1}): keep one")
                else:
                    self.error(self.header_line, index + 1, f"unknown column '{name}'"
                               f"{did_you_mean(key, self._columns)}: {self.kind} columns are "
                               f"{', '.join(self._columns)}")
            break
        else:
            self.error(1, 1, f"the {self.kind} file is empty: the first line names the "
                       f"columns, e.g. '{','.join(REQUIRED[self.kind])}'")
            return False
        missing = [c for c in REQUIRED[self.kind] if c not in self.columns]
        if missing:
            self.error(self.header_line, 1, f"missing column{'s' if len(missing) > 1 else ''} "
                       f"{', '.join(repr(c) for c in missing)}: the first line must name "
                       f"the columns, e.g. '{','.join(REQUIRED[self.kind])}'")
            return False
        return True

    def __iter__(self):
        """(line, fields) of every non-blank row after the header."""
        width = max(self.columns.values()) + 1
        line = self._reader.line_num
        for row in self._rows:
            start, line = line + 1, self._reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            swallowed = next((n for n, field in enumerate(row) if _holds_rows(field, width)),
                             None)
            if swallowed is not None:
                self.error(start, swallowed + 1, f"the quote that opens this field is closed "
                           f"only on line {line}, so the rows in between are read as its "
                           "text: close the quote on this line (write a quote inside a field "
                           "as '\"\"')")
                continue
            if len(row) < width:
                self.error(start, len(row) + 1, f"row has {len(row)} fields, the header "
                           f"has {width}: add the missing values (empty between commas)")
                continue
            yield start, row

    def finish(self) -> list[Problem]:
        extra = self.row_problems - MAX_ROW_PROBLEMS
        if extra > 0:
            self.problems.append(Problem(self.rel, 1, 1, ERROR, f"{extra} more problems in "
                                         "this file are not listed: fix the ones above first"))
        return self.problems


def _holds_rows(field: str, width: int) -> bool:
    """A field that spans lines one of which looks like a whole row of the file: a quote
    left open, not a comment written over several lines."""
    return "\n" in field and any(line.count(",") >= width - 1 > 0
                                 for line in field.split("\n")[1:])


def _called(stage: Stage) -> str:
    """A stage as messages about a row name it: its name, and its id when it has one."""
    return f"'{stage.name}' ({stage.id})" if stage.id else f"'{stage.name}'"


class _StageRefs:
    """The stage a CSV cell names: by its id, else by its name where that name is the
    name of one stage only (a journey that loops back repeats a name, and a row must say
    which of those stages it is about)."""

    def __init__(self, journey: Journey):
        self.journey = journey
        self.ids = {s.id: index for index, s in enumerate(journey.stages) if s.id}
        self.names: dict[str, list[int]] = {}
        for index, stage in enumerate(journey.stages):
            self.names.setdefault(name_key(stage.name), []).append(index)

    def find(self, rows: _Rows, line: int, col: int, cell: str) -> int | None:
        """The index of the stage a cell names; None (reported) when it names none or
        several."""
        text = cell.strip()
        if text.lower() in self.ids:
            return self.ids[text.lower()]
        found = self.names.get(name_key(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            rows.error(line, col, lambda: self._repeated(
                text, [self.journey.stages[i] for i in found]))
        elif not text:
            rows.error(line, col, "stage is empty: name one of the journey's stages")
        else:
            rows.error(line, col, lambda: self._unknown(text))
        return None

    def _repeated(self, text: str, stages: list[Stage]) -> str:
        ids = [f"'{s.id}' (line {s.pos.line if s.pos else '?'})" for s in stages if s.id]
        message = (f"stage '{text}' is the name of {len(stages)} stages of "
                   f"{self.journey.source}: write the id of the stage this row is about: "
                   f"{', '.join(ids)}")
        # Validation lets one stage of a repeated name go without an id (the first visit).
        plain = next((s for s in stages if not s.id), None)
        if plain is not None:
            message += (f"; the stage on line {plain.pos.line if plain.pos else '?'} has no "
                        "id: give it an 'id:' to name it here")
        return message

    def _unknown(self, text: str) -> str:
        stages = self.journey.stages
        choices = [s.name for s in stages] + [s.id for s in stages if s.id]
        listed = ", ".join(f"{s.name} ({s.id})" if s.id else s.name for s in stages)
        return (f"unknown stage '{text}'{did_you_mean(text, choices)}: the stages of "
                f"{self.journey.source} are {listed}")


def read_survey(text: str, rel: str, journey: Journey, scale_name: str,
                scale: EmotionScale) -> tuple[Survey, list[Problem]]:
    """The usable answers of a survey file, and a problem for every row that is not."""
    rows = _Rows(text, rel, "survey", SURVEY_COLUMNS)
    survey = Survey()
    if not rows.header():
        return survey, rows.finish()
    touchpoints = [{t.name for t in s.touchpoints} for s in journey.stages]
    stages = _StageRefs(journey)
    stage_at = rows.columns["stage"]
    score_at = rows.columns["score"]
    tp_at = rows.columns.get("touchpoint")
    comment_at = rows.columns.get("comment")
    parse = _score_parser(scale_name, scale)
    scores = survey.scores
    for line, row in rows:
        stage = stages.find(rows, line, stage_at + 1, row[stage_at])
        if stage is None:
            continue
        touchpoint = (row[tp_at].strip() or None) if tp_at is not None else None
        if touchpoint is not None and touchpoint not in touchpoints[stage]:
            known = sorted(touchpoints[stage])
            called = _called(journey.stages[stage])
            rows.error(line, tp_at + 1, lambda: f"stage {called} has no touchpoint "
                       f"'{touchpoint}'{did_you_mean(touchpoint, known)}: its touchpoints are "
                       f"{', '.join(known) or 'none'} (leave the column empty for the stage)")
            continue
        try:
            score = parse(row[score_at])
        except ValueError as exc:
            rows.error(line, score_at + 1, str(exc))
            continue
        scores.setdefault((stage, touchpoint), []).append(score)
        if comment_at is not None and row[comment_at].strip():
            survey.comments.append((score, line, stage, row[comment_at].strip()))
    return survey, rows.finish()


def _score_parser(scale_name: str, scale: EmotionScale):
    """A function from a score cell to a number in survey units; ValueError says why not."""
    if scale_name == "emotion":
        def parse_emotion(cell: str) -> float:
            text = cell.strip()
            value: object = float(text) if NUMBER.fullmatch(text) else text
            try:
                return scale.parse(value)
            except ValueError as exc:
                raise ValueError(f"score: {exc}") from None
        return parse_emotion
    low, high = NUMERIC_SCALES[scale_name]
    expected = f"a number from {fmt(low)} to {fmt(high)} (scale {scale_name})"

    def parse_number(cell: str) -> float:
        if not NUMBER.fullmatch(cell.strip()):
            raise ValueError(f"score '{cell.strip()}' is not a number: write {expected}")
        value = float(cell)
        if not low <= value <= high:
            raise ValueError(f"score {cell.strip()} is outside the survey's scale: write "
                             f"{expected}, or change 'data: scale:'")
        return value
    return parse_number


def read_analytics(text: str, rel: str, journey: Journey
                   ) -> tuple[dict[int, int], list[Problem]]:
    """Counts by stage index, and a problem for every row that cannot be used."""
    rows = _Rows(text, rel, "analytics", ANALYTICS_COLUMNS)
    counts: dict[int, int] = {}
    if not rows.header():
        return counts, rows.finish()
    stages = _StageRefs(journey)
    stage_at, count_at = rows.columns["stage"], rows.columns["count"]
    first_line: dict[int, int] = {}
    for line, row in rows:
        stage, cell = stages.find(rows, line, stage_at + 1, row[stage_at]), \
            row[count_at].strip()
        if stage is None:
            continue
        if stage in counts:
            rows.error(line, stage_at + 1, f"stage {_called(journey.stages[stage])} appears "
                       f"twice (also on line {first_line[stage]}): give one count per stage")
            continue
        if not _COUNT.fullmatch(cell):
            rows.error(line, count_at + 1, f"count '{cell}' is not a whole number: write how "
                       "many visitors, sessions or customers reached the stage, e.g. 1200")
            continue
        counts[stage], first_line[stage] = int(cell), line
    return counts, rows.finish()


def to_emotion(values: list[float], scale_name: str, scale: EmotionScale) -> list[float]:
    """Survey scores on the emotion scale: the survey's range mapped linearly onto it."""
    if scale_name == "emotion":
        return values
    low, high = NUMERIC_SCALES[scale_name]
    factor = (scale.high - scale.low) / (high - low)
    offset = scale.low - low * factor
    return [offset + v * factor for v in values]


def measure(values: list[float], min_n: int) -> Measured:
    """Mean, n and quartiles of emotion scores (one answer: both quartiles are the answer)."""
    n = len(values)
    if n == 1:
        q1 = q3 = values[0]
    else:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Measured(math.fsum(values) / n, n, q1, q3, weak=n < min_n)


def nps(values: list[float]) -> float:
    """% of promoters (9 or 10) minus % of detractors (0 to 6), on a 0..10 survey."""
    promoters = sum(1 for v in values if v >= 9)
    detractors = sum(1 for v in values if v <= 6)
    return 100 * (promoters - detractors) / len(values)


def csat(values: list[float]) -> float:
    """% of answers that are 4 or 5, on a 1..5 survey."""
    return 100 * sum(1 for v in values if v >= 4) / len(values)


def _number(value: float) -> float | int:
    rounded = round(value, 1)
    return int(rounded) if rounded.is_integer() else rounded


SURVEY_KPIS = {"0..10": ("NPS", "nps", nps, None), "1..5": ("CSAT", "csat", csat, "%")}


def _survey_kpi(values: list[float], data: JourneyData, min_n: int) -> Kpi | None:
    if data.scale not in SURVEY_KPIS or not values:
        return None
    name, key, formula, unit = SURVEY_KPIS[data.scale]
    return Kpi(name, _number(formula(values)), data.targets.get(key), unit,
               computed="survey", n=len(values), weak=len(values) < min_n)


def apply_survey(journey: Journey, survey: Survey, scale: EmotionScale, min_n: int) -> None:
    """Measured emotions of stages and touchpoints, survey KPIs and opt-in quotes."""
    data = journey.data
    assert data is not None
    everything: list[float] = []
    for index, stage in enumerate(journey.stages):
        raw = [v for (at, _), values in survey.scores.items() if at == index
               for v in values]
        everything += raw
        if raw:
            stage.measured = measure(to_emotion(raw, data.scale, scale), min_n)
        kpi = _survey_kpi(raw, data, min_n)
        stage.computed_kpis = [kpi] if kpi else []
        for tp in stage.touchpoints:
            values = survey.scores.get((index, tp.name))
            if values:
                tp.measured = measure(to_emotion(values, data.scale, scale), min_n)
                if tp.emotion is None:
                    tp.emotion, tp.emotion_measured = tp.measured.mean, True
    kpi = _survey_kpi(everything, data, min_n)
    journey.kpis = [kpi] if kpi else []
    if data.quotes:
        journey.quotes = _quotes(journey, survey, data.scale, scale)


def _quotes(journey: Journey, survey: Survey, scale_name: str,
            scale: EmotionScale) -> list[Quote]:
    """Comments of the lowest-scoring stages, lowest scores first."""
    measured = sorted((i for i, s in enumerate(journey.stages) if s.measured),
                      key=lambda i: journey.stages[i].measured.mean)[:QUOTE_STAGES]
    quotes = []
    for index in measured:
        stage = journey.stages[index]
        comments = sorted(c for c in survey.comments if c[2] == index)
        shown = comments[:QUOTES_PER_STAGE]
        quotes += [Quote(stage.name, score, text) for score, (_, _, _, text) in
                   zip(to_emotion([c[0] for c in shown], scale_name, scale), shown)]
    return quotes


def apply_analytics(journey: Journey, counts: dict[int, int], min_n: int) -> None:
    """The funnel, conversion from each counted stage to the next, and overall conversion."""
    data = journey.data
    assert data is not None
    counted = [(journey.stages[i], counts[i]) for i in sorted(counts)]
    journey.funnel = [(stage.name, count) for stage, count in counted]
    target = data.targets.get("conversion")
    for (before, base), (stage, count) in zip(journey.funnel, counted[1:]):
        if base:
            stage.computed_kpis.append(Kpi(f"Conversion from {before}",
                                           _number(100 * count / base), target, "%",
                                           computed="analytics", n=base, weak=base < min_n))
    if len(journey.funnel) > 1 and journey.funnel[0][1]:
        (first, base), (last, count) = journey.funnel[0], journey.funnel[-1]
        journey.kpis.append(Kpi(f"Overall conversion ({first} to {last})",
                                _number(100 * count / base),
                                data.targets.get("overall_conversion"), "%",
                                computed="analytics", n=base, weak=base < min_n))


def signature(journey: Journey, scale: EmotionScale) -> tuple:
    """What reading a file depends on besides its bytes: the names, ids and the scale."""
    assert journey.data is not None
    return (journey.source, journey.data.scale, scale,
            tuple((s.name, s.id, s.pos and s.pos.line, tuple(t.name for t in s.touchpoints))
                  for s in journey.stages))


def read(kind: str, raw: bytes, rel: str, journey: Journey, scale: EmotionScale
         ) -> tuple[Survey | dict[int, int] | None, list[Problem]]:
    """One research file ('survey' or 'analytics') read against its journey."""
    text, problems = decode(raw, rel)
    if text is None:
        return None, problems
    if kind == "survey":
        assert journey.data is not None
        return read_survey(text, rel, journey, journey.data.scale, scale)
    return read_analytics(text, rel, journey)


def apply(journey: Journey, survey: Survey | None, counts: dict[int, int] | None,
          scale: EmotionScale, min_n: int) -> None:
    """Fill in what the files measured (lints.py gives advice about it)."""
    if survey is not None:
        apply_survey(journey, survey, scale, min_n)
    if counts is not None:
        apply_analytics(journey, counts, min_n)


def file_problem(journey: Journey, key: str, message: str) -> Problem:
    """A problem at the `data:` sub-key that named a file."""
    assert journey.data is not None
    pos = journey.data.positions.get(key) or journey.pos or Position(journey.source)
    return Problem(pos.path, pos.line, pos.col, ERROR, f"data: {key}: {message}")


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """A CSV file's text, or the problem that makes it unreadable."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(rel, 1, 1, ERROR, f"file is larger than "
                              f"{MAX_BYTES // 1024 // 1024} MB: aggregate or split it")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, 1, ERROR, f"file is not UTF-8 (byte "
                              f"0x{raw[exc.start]:02x}): export the CSV as UTF-8")]
