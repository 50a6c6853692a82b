"""What changed in the maps between two versions of a handbook, in the words of the format.

Pure functions of two loaded handbooks: `cjm diff` prints the result, the Recently
changed page summarises it. Maps are matched by id, then by file, then (renamed) by
title or stages; stages by name, then by what they hold or where they sit.
"""

from __future__ import annotations

from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher
from typing import Any, Iterable

from cjm_site.core.history import Commit, Recent
from cjm_site.core.model import (EMPATHY_EXTRAS, EMPATHY_QUADRANTS, Handbook,
                                 Journey, Kpi, Measured, Opportunity, Persona, Stage,
                                 Touchpoint)
from cjm_site.core.problems import Problem
from cjm_site.core.scale import EmotionScale
from cjm_site.insights.questions import meets_target, parse_measure

JOURNEY_FIELDS = ("title", "status", "owner", "reviewed", "review_every", "improves",
                  "emotion_scale")
STAGE_FIELDS = ("phase", "owner", "duration", "optional", "moment")
# What a solution or opportunity is tracked by, in the order a reviewer reads them.
TRACKING_FIELDS = ("status", "priority", "owner", "due", "link", "stages")
PERSONA_FIELDS = ("name", "summary", "age", "occupation", "location", "quote", "image")
# The singular of a lane's key, for "1 barrier added".
ITEM_WORDS = {"goals": "goal", "questions": "question", "actions": "action",
              "thoughts": "thought", "feelings": "feeling", "barriers": "barrier",
              "solutions": "solution", "evidence": "evidence", "challenges": "challenge",
              "tags": "tag", "personas": "persona", "opportunities": "opportunity",
              **{quadrant: "empathy map entry" for quadrant in EMPATHY_QUADRANTS + EMPATHY_EXTRAS}}
# Stages or maps that share less than this of what they hold are not the same one renamed.
SIMILAR = 0.5


@dataclass(frozen=True)
class Change:
    """One change to a map.

    `kind` is what changed: "field" (a key of the map such as owner), "stage",
    "stage order", "emotion", "touchpoint", "kpi", "attribute", or a list's key
    ("barriers", "solutions", "tags", "personas", "says"...). `action` is added, removed,
    renamed or changed. `stage` is the stage it belongs to (its name after the change);
    `name` the touchpoint, item, KPI or key; `field` the part of it that changed (a KPI's
    value or target, a touchpoint's channel).
    """

    kind: str
    action: str
    stage: str | None = None
    name: str | None = None
    field: str | None = None
    persona: str | None = None  # an emotion scored for one persona
    channel: str | None = None  # of a touchpoint added or removed
    before: Any = None
    after: Any = None
    direction: str | None = None  # emotions: better/worse; KPI values: up/down
    note: str | None = None  # a KPI value against its target: "meets target"


@dataclass
class MapChanges:
    """One journey or persona: matched across the two versions, and what changed."""

    kind: str  # journey or persona
    action: str  # added, removed, renamed or changed
    id: str
    title: str
    before: str | None  # source file in each version (None: not there)
    after: str | None
    id_before: str | None = None  # when renamed
    changes: list[Change] = field(default_factory=list)
    # Errors of its file in each version; a file that could not be read at all has no
    # detailed changes on that side.
    errors_before: list[Problem] = field(default_factory=list)
    errors_after: list[Problem] = field(default_factory=list)
    readable_before: bool = True
    readable_after: bool = True
    # A journey's emotions are on its latest scale (None: a persona).
    scale: EmotionScale | None = None

    @property
    def has_errors(self) -> bool:
        return bool(self.errors_before or self.errors_after)


@dataclass
class HandbookChanges:
    maps: list[MapChanges]

    def of(self, kind: str) -> list[MapChanges]:
        return [m for m in self.maps if m.kind == kind]


# -- maps ---------------------------------------------------------------------------------


@dataclass
class _Slot:
    """A map file in one version: its item (None when it could not be read) and errors."""

    kind: str
    id: str
    source: str
    title: str
    item: Journey | Persona | None
    errors: list[Problem]


def _slots(handbook: Handbook) -> list[_Slot]:
    errors: dict[str, list[Problem]] = {}
    for problem in handbook.errors:
        errors.setdefault(problem.path, []).append(problem)
    slots = [_Slot("journey", j.id, j.source, j.title, j, errors.get(j.source, []))
             for j in handbook.journeys.values()]
    slots += [_Slot("persona", p.id, p.source, p.name, p, errors.get(p.source, []))
              for p in handbook.personas.values()]
    slots += [_Slot(b.kind, b.id, b.source, b.title, None, errors.get(b.source, []))
              for b in handbook.broken]
    return slots


def compare(before: Handbook, after: Handbook) -> HandbookChanges:
    """Every map that was added, removed, renamed or changed, or whose errors changed:
    journeys, then personas, by file; removed maps last."""
    kinds = {"journey": 0, "persona": 1}
    pairs = sorted(_pair_maps(_slots(before), _slots(after)),
                   key=lambda p: (kinds[(p[1] or p[0]).kind], p[1] is None,
                                  (p[1] or p[0]).source))
    return HandbookChanges([m for m in (_map_changes(a, b) for a, b in pairs)
                            if m is not None])


def _pair_maps(old: list[_Slot], new: list[_Slot]) -> list[tuple[_Slot | None, _Slot | None]]:
    pairs: list[tuple[_Slot | None, _Slot | None]] = []
    left, right = list(old), list(new)
    # The same id, else the same file, else (renamed) the same title: looked up, so that
    # pairing costs the same per map whatever the size of the handbook. A file that
    # cannot be read has neither id nor title of its own.
    for key in (lambda s: (s.kind, "id", s.id) if s.item is not None else None,
                lambda s: (s.kind, "file", s.source),
                lambda s: (s.kind, "title", s.title) if s.item is not None else None):
        index: dict[tuple, list[_Slot]] = {}
        for a in left:
            if key(a) is not None:
                index.setdefault(key(a), []).append(a)
        unmatched = []
        for b in right:
            found = index.get(key(b)) if key(b) is not None else None
            if found:
                pairs.append((found.pop(0), b))
            else:
                unmatched.append(b)
        paired = {id(a) for a, _ in pairs}
        left, right = [a for a in left if id(a) not in paired], unmatched
    # A renamed journey that also changed its title keeps most of its stages.
    for b in list(right):
        a = next((a for a in left if isinstance(a.item, Journey) and isinstance(b.item, Journey)
                  and _similarity(_stage_names(a.item), _stage_names(b.item)) >= SIMILAR), None)
        if a is not None:
            left.remove(a)
            right.remove(b)
            pairs.append((a, b))
    return pairs + [(a, None) for a in left] + [(None, b) for b in right]


def counterparts(before: Handbook, after: Handbook) -> dict[str, Journey]:
    """Each journey of `after` with its earlier version in `before`, matched as `compare`
    matches them (a renamed file is still the same journey)."""
    return {b.id: a.item for a, b in _pair_maps(_slots(before), _slots(after))
            if a and b and isinstance(a.item, Journey) and isinstance(b.item, Journey)}


def _stage_names(journey: Journey) -> set[str]:
    return {s.name for s in journey.stages}


def _map_changes(a: _Slot | None, b: _Slot | None) -> MapChanges | None:
    slot = b or a
    # A file that cannot be read has only its name: the other version knows its title.
    title = slot.title if slot.item is not None or a is None else a.title
    found = MapChanges(slot.kind, "changed", slot.id, title,
                       a.source if a else None, b.source if b else None,
                       errors_before=a.errors if a else [], errors_after=b.errors if b else [],
                       readable_before=a is None or a.item is not None,
                       readable_after=b is None or b.item is not None,
                       scale=next((s.item.emotion_scale for s in (b, a)
                                   if s and isinstance(s.item, Journey)), None))
    if a is None:
        found.action = "added"
    elif b is None:
        found.action = "removed"
    else:
        readable = a.item is not None and b.item is not None
        if a.source != b.source or (readable and a.id != b.id):
            found.action, found.id_before = "renamed", a.id
        if readable and a.item is not b.item:
            found.changes = (journey_changes(a.item, b.item) if slot.kind == "journey"
                             else persona_changes(a.item, b.item))
        if (found.action == "changed" and not found.changes
                and _error_texts(a.errors) == _error_texts(b.errors)
                and (a.item is None) == (b.item is None)):
            return None
    return found


def _error_texts(problems: list[Problem]) -> list[tuple]:
    return [(p.line, p.col, p.message) for p in problems]


# -- journeys -------------------------------------------------------------------------------


def journey_changes(a: Journey, b: Journey) -> list[Change]:
    """What changed from journey `a` to journey `b`: its fields, then stage by stage; when
    its scale changed, emotions are compared on the new one."""
    changes = _fields(a, b, JOURNEY_FIELDS)
    if not a.emotion_scale.same_range(b.emotion_scale):
        a = _on_scale(a, b.emotion_scale)
    changes += _items("personas", a.personas, b.personas)
    changes += _items("tags", a.tags, b.tags)
    changes += _tracked("opportunities", a.opportunities, b.opportunities)
    changes += _items("feelings", a.feelings, b.feelings)
    if a.narrative != b.narrative:
        changes.append(Change("field", "changed", name="narrative"))
    pairs = match_stages(a.stages, b.stages)
    kept = [(s, t) for s, t in pairs if s is not None and t is not None]
    place = {id(s): n for n, s in enumerate(a.stages)}
    earlier = sorted(kept, key=lambda pair: place[id(pair[0])])
    if earlier != kept:
        changes.append(Change("stage order", "changed", before=[s.name for s, _ in earlier],
                              after=[t.name for _, t in kept]))
    for s, t in pairs:
        if s is None:
            changes.append(Change("stage", "added", stage=t.name))
        elif t is None:
            changes.append(Change("stage", "removed", stage=s.name))
        else:
            changes += stage_changes(s, t)
    changes += _kpis(None, a.kpis, b.kpis)
    return changes


def match_stages(a: list[Stage], b: list[Stage]) -> list[tuple[Stage | None, Stage | None]]:
    """Stages of two versions of a journey in pairs, in the later version's order (stages
    only the earlier one has come last). The same id (or name, for a stage without one)
    is the same stage; otherwise a stage that holds mostly the same, or that sits between
    the same neighbours with a like name, was renamed."""
    partner: dict[int, int] = {}  # index in b -> index in a
    keys: dict[str, int] = {}
    for i, stage in enumerate(a):
        keys.setdefault(stage.id or stage.name, i)
    for j, stage in enumerate(b):
        i = keys.get(stage.id or stage.name)
        if i is not None and i not in partner.values():
            partner[j] = i
    # What each stage holds; renamed stages keep most of it.
    contents = {("a", i): _content(s) for i, s in enumerate(a)}
    contents.update({("b", j): _content(s) for j, s in enumerate(b)})
    candidates = sorted(
        ((_similarity(contents["a", i], contents["b", j]), -abs(i - j), i, j)
         for i in range(len(a)) for j in range(len(b))
         if j not in partner and i not in partner.values()), reverse=True)
    for score, _, i, j in candidates:
        if score >= SIMILAR and j not in partner and i not in partner.values():
            partner[j] = i
    # Between the same matched stages, a stage with a like name was renamed; so was a
    # stage alone there on both sides that still holds something of the other.
    gaps_a, gaps_b = _gaps(len(a), partner, True), _gaps(len(b), partner, False)
    for gap, only in gaps_b.items():
        there = gaps_a.get(gap, [])
        alike = sorted(((_alike(a[i].name, b[j].name), i, j) for i in there for j in only),
                       reverse=True)
        for score, i, j in alike:
            if j in partner or i in partner.values():
                continue
            if score >= 0.6 or (len(there) == len(only) == 1
                                and contents["a", i] & contents["b", j]):
                partner[j] = i
    pairs: list[tuple[Stage | None, Stage | None]] = [
        (a[partner[j]] if j in partner else None, stage) for j, stage in enumerate(b)]
    taken = set(partner.values())
    return pairs + [(stage, None) for i, stage in enumerate(a) if i not in taken]


def _gaps(count: int, partner: dict[int, int], earlier: bool) -> dict[int | None, list[int]]:
    """Unmatched stages by the matched stage before them (as an index in b; None: first)."""
    matched = {i: j for j, i in partner.items()} if earlier else {j: j for j in partner}
    gaps: dict[int | None, list[int]] = {}
    last: int | None = None
    for index in range(count):
        if index in matched:
            last = matched[index]
        else:
            gaps.setdefault(last, []).append(index)
    return gaps


def _content(stage: Stage) -> set[str]:
    words = {f"tp:{t.name}" for t in stage.touchpoints}
    words |= {f"kpi:{k.name}" for k in stage.kpis}
    words |= {f"solutions:{o.text}" for o in stage.solutions}
    for lane, items in stage.lanes.items():
        words |= {f"{lane}:{item}" for item in ([items] if isinstance(items, str) else items)}
    return words


def _alike(a: str, b: str) -> float:
    return SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def stage_changes(a: Stage, b: Stage) -> list[Change]:
    where = b.name
    changes = []
    if a.name != b.name:
        changes.append(Change("stage", "renamed", stage=where, before=a.name, after=b.name))
    changes += [replace(c, stage=where) for c in _fields(a, b, STAGE_FIELDS)]
    changes += _emotions(where, None, a.emotion, b.emotion, a.persona_emotions,
                         b.persona_emotions)
    changes += _touchpoints(where, a.touchpoints, b.touchpoints)
    changes += _tracked("solutions", a.solutions, b.solutions, where)
    for lane in dict.fromkeys([*b.lanes, *a.lanes]):
        old, new = a.lanes.get(lane), b.lanes.get(lane)
        if isinstance(old, list) or isinstance(new, list):
            changes += _items(lane, old or [], new or [], where)
        elif old != new:  # a lane of one text
            changes.append(Change(lane, _action(old, new), stage=where, before=old, after=new))
    changes += _kpis(where, a.kpis + a.computed_kpis, b.kpis + b.computed_kpis)
    return changes


def _emotions(stage: str, touchpoint: str | None, a: float | None, b: float | None,
              per_a: dict[str, float], per_b: dict[str, float]) -> list[Change]:
    changes = []
    for persona, old, new in [(None, a, b)] + [
            (p, per_a.get(p), per_b.get(p)) for p in sorted(set(per_a) | set(per_b))]:
        if old == new:
            continue
        action = _action(old, new)
        direction = None if action != "changed" else "better" if new > old else "worse"
        changes.append(Change("emotion", action, stage=stage, name=touchpoint,
                              persona=persona, before=old, after=new, direction=direction))
    return changes


def _touchpoints(stage: str, a: list[Touchpoint], b: list[Touchpoint]) -> list[Change]:
    changes = []
    old = _by_name(a)
    new = _by_name(b)
    for key, t in new.items():
        s = old.get(key)
        if s is None:
            changes.append(Change("touchpoint", "added", stage=stage, name=t.name,
                                  channel=t.channel, after=t.emotion))
            continue
        if s.channel != t.channel:
            changes.append(Change("touchpoint", "changed", stage=stage, name=t.name,
                                  field="channel", before=s.channel, after=t.channel))
        for part in ("description", "moment"):
            if getattr(s, part) != getattr(t, part):
                changes.append(Change("touchpoint", "changed", stage=stage, name=t.name,
                                      field=part, before=getattr(s, part),
                                      after=getattr(t, part)))
        changes += _emotions(stage, t.name, s.emotion, t.emotion, s.persona_emotions,
                             t.persona_emotions)
    for key, s in old.items():
        if key not in new:
            changes.append(Change("touchpoint", "removed", stage=stage, name=s.name,
                                  channel=s.channel, before=s.emotion))
    return changes


def _by_name(items: Iterable[Any], attribute: str = "name") -> dict[tuple[str, int], Any]:
    """Items by (name, how many of that name came before): names may repeat."""
    seen: Counter = Counter()
    found = {}
    for item in items:
        name = getattr(item, attribute)
        found[name, seen[name]] = item
        seen[name] += 1
    return found


def _items(kind: str, a: list[str], b: list[str], stage: str | None = None) -> list[Change]:
    """Items added and removed, in the order they are written (a repeated item counts)."""
    old, new = Counter(a), Counter(b)
    changes = [Change(kind, "removed", stage=stage, name=item)
               for item in _each(a, old - new)]
    changes += [Change(kind, "added", stage=stage, name=item) for item in _each(b, new - old)]
    return changes


def _tracked(kind: str, a: list[Opportunity], b: list[Opportunity],
             stage: str | None = None) -> list[Change]:
    """Solutions or opportunities added and removed (by their text), and the tracking of
    those kept: 'solution "Status page" status: planned -> doing'."""
    changes = _items(kind, [o.text for o in a], [o.text for o in b], stage)
    old = _by_name(a, "text")
    for key, new in _by_name(b, "text").items():
        if key in old:
            changes += [Change(kind, c.action, stage=stage, name=new.text, field=c.name,
                               before=c.before, after=c.after)
                        for c in _fields(old[key], new, TRACKING_FIELDS)]
    return changes


def _each(items: list[str], counts: Counter) -> list[str]:
    out = []
    for item in items:
        if counts[item] > 0:
            counts[item] -= 1
            out.append(item)
    return out


def _kpis(stage: str | None, a: list[Kpi], b: list[Kpi]) -> list[Change]:
    changes = []
    old, new = _by_name(a), _by_name(b)
    for key, k in new.items():
        s = old.get(key)
        if s is None:
            changes.append(Change("kpi", "added", stage=stage, name=k.name, after=k.value,
                                  note=_meets(k)))
            continue
        if s.value != k.value:
            changes.append(Change("kpi", "changed", stage=stage, name=k.name, field="value",
                                  before=s.value, after=k.value,
                                  direction=_direction(s.value, k.value), note=_meets(k)))
        for part in ("target", "unit"):
            if getattr(s, part) != getattr(k, part):
                changes.append(Change("kpi", "changed", stage=stage, name=k.name, field=part,
                                      before=getattr(s, part), after=getattr(k, part),
                                      note=_meets(k) if part == "target" else None))
    changes += [Change("kpi", "removed", stage=stage, name=s.name, before=s.value)
                for key, s in old.items() if key not in new]
    return changes


def _on_scale(journey: Journey, scale: EmotionScale) -> Journey:
    """A copy of a journey with every score mapped onto `scale`."""
    journey, own = deepcopy(journey), journey.emotion_scale

    def onto(score: float | None) -> float | None:
        return None if score is None else own.onto(score, scale)

    def measured(found: Measured | None) -> Measured | None:
        return found and replace(found, mean=onto(found.mean), q1=onto(found.q1),
                                 q3=onto(found.q3))

    for stage in journey.stages:
        stage.stated_emotion, stage.measured = onto(stage.stated_emotion), measured(stage.measured)
        stage.persona_emotions = {p: onto(v) for p, v in stage.persona_emotions.items()}
        for tp in stage.touchpoints:
            tp.emotion, tp.measured = onto(tp.emotion), measured(tp.measured)
            tp.persona_emotions = {p: onto(v) for p, v in tp.persona_emotions.items()}
    journey.emotion_scale = scale
    return journey


def _direction(a: Any, b: Any) -> str | None:
    old, new = parse_measure(a), parse_measure(b)
    if old is None or new is None or old[1] == new[1]:
        return None
    return "up" if new[1] > old[1] else "down"


def _meets(kpi: Kpi) -> str | None:
    meets = meets_target(kpi)
    return None if meets is None else "meets target" if meets else "below target"


def _fields(a: Any, b: Any, names: tuple[str, ...]) -> list[Change]:
    changes = []
    for name in names:
        old, new = _plain(getattr(a, name)), _plain(getattr(b, name))
        if old != new:
            changes.append(Change("field", _action(old, new), name=name, before=old, after=new))
    return changes


def _action(old: Any, new: Any) -> str:
    return "added" if old is None else "removed" if new is None else "changed"


def _plain(value: Any) -> Any:
    if isinstance(value, list) and not value:
        return None  # an empty list is a field not written: 'stages set to ...'
    if isinstance(value, EmotionScale):
        return value.label
    return value.isoformat() if isinstance(value, date) else value


# -- personas -------------------------------------------------------------------------------


def persona_changes(a: Persona, b: Persona) -> list[Change]:
    changes = _fields(a, b, PERSONA_FIELDS)
    for key in b.attributes:
        if a.attributes.get(key) != b.attributes[key]:
            action = "added" if key not in a.attributes else "changed"
            changes.append(Change("attribute", action, name=key, before=a.attributes.get(key),
                                  after=b.attributes[key]))
    changes += [Change("attribute", "removed", name=key, before=value)
                for key, value in a.attributes.items() if key not in b.attributes]
    changes += _items("goals", a.goals, b.goals)
    changes += _items("challenges", a.challenges, b.challenges)
    for quadrant in EMPATHY_QUADRANTS + EMPATHY_EXTRAS:
        changes += _items(quadrant, getattr(a.empathy, quadrant), getattr(b.empathy, quadrant))
    if a.narrative != b.narrative:
        changes.append(Change("field", "changed", name="narrative"))
    return changes


# -- in a few words ---------------------------------------------------------------------------


def summary(found: MapChanges) -> list[str]:
    """What changed in a map in a few phrases: '1 stage renamed', 'emotion better in
    1 stage and 2 touchpoints', '3 barriers added'."""
    phrases = []
    if found.action in ("added", "removed"):
        phrases.append(f"{found.kind} {found.action}")
    elif found.action == "renamed":
        phrases.append(f"renamed from {found.id_before}" if found.id_before != found.id
                       else f"moved from {found.before}")
    counts: Counter = Counter()
    # Places whose emotion moved, by direction: one touchpoint counts once, per persona too.
    emotions: dict[str, dict[str, set]] = {}
    fields: list[str] = []
    tracked: set[tuple] = set()
    for c in found.changes:
        if c.kind == "field":
            fields.append(f"stage {c.name}" if c.stage else c.name)
        elif c.name is None and c.kind not in ("stage", "stage order", "emotion"):
            fields.append(c.kind)  # a lane of one text
        elif c.kind == "emotion":
            emotions.setdefault(c.direction or c.action, {}).setdefault(
                "stage" if c.name is None else "touchpoint", set()).add((c.stage, c.name))
        elif c.kind == "kpi" and c.action == "changed":
            counts["kpi", c.field] += 1
        elif c.field:  # a solution's or opportunity's tracking: the item counts once
            if (c.kind, c.stage, c.name) not in tracked:
                tracked.add((c.kind, c.stage, c.name))
                counts[c.kind, "changed"] += 1
        else:
            counts[c.kind, c.action] += 1
    if fields:
        phrases.append(f"{_and(fields)} changed")
    # Emotions first: what a reader of the curve sees.
    for how, where in emotions.items():
        phrases.append(f"emotion {how} in "
                       f"{_and([_n(len(places), w) for w, places in where.items()])}")
    for (kind, action), n in counts.items():
        if kind == "stage order":
            phrases.append("stages reordered")
        elif kind == "kpi":
            phrases.append(f"{_n(n, 'KPI')} {action}" if action in ("added", "removed")
                           else f"{_n(n, 'KPI ' + action)} changed")
        else:
            phrases.append(f"{_n(n, ITEM_WORDS.get(kind, kind))} {action}")
    if not found.readable_after:
        phrases.append("cannot be read")
    elif found.errors_after:
        phrases.append(_n(len(found.errors_after), "error"))
    elif found.errors_before and found.action != "removed":
        phrases.append("errors fixed")
    return phrases


def _n(count: int, word: str) -> str:
    plural = (word if word.endswith("evidence") else f"{word[:-1]}ies" if word.endswith("ry")
              else f"{word}s")
    return f"{count} {word if count == 1 else plural}"


def _and(words: list[str]) -> str:
    unique = list(dict.fromkeys(words))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} and {unique[-1]}"


# -- recently changed -------------------------------------------------------------------------


@dataclass
class RecentRow:
    """A map changed in the window of the Recently changed page."""

    kind: str
    title: str
    source: str
    item: Journey | Persona | None  # the map today (None: removed or unreadable)
    commits: list[Commit]  # in the window, newest first
    changes: MapChanges | None  # None: committed, but what the map says is the same


def recently_changed(recent: Recent, handbook: Handbook) -> list[RecentRow]:
    """The maps with commits in the window, newest change first, with what changed from
    the handbook before the window to today's."""
    found = compare(recent.before or Handbook(), handbook)
    by_source = {m.after or m.before: m for m in found.maps}
    items = {i.source: (kind, i) for kind, registry in (("journey", handbook.journeys),
                                                         ("persona", handbook.personas))
             for i in registry.values()}
    rows = []
    for source, commits in recent.changed.items():
        changes = by_source.get(source)
        kind, item = items.get(source, (changes.kind if changes else "journey", None))
        title = (item.title if isinstance(item, Journey) else item.name) if item else (
            changes.title if changes else source)
        rows.append(RecentRow(kind, title, source, item, commits, changes))
    return sorted(rows, key=lambda r: (-r.commits[0].when.timestamp(), r.title.casefold()))
