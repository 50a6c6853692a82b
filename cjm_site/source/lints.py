"""Advice about content (lints): warnings that never make a page wrong, so never fail a build."""

from __future__ import annotations

from collections import Counter
from datetime import date

from cjm_site.core.scale import fmt
from cjm_site.core.model import Handbook, Journey, Position, review_due
from cjm_site.core.names import meant_id, name_key
from cjm_site.core.problems import WARNING, Problem, did_you_mean
from cjm_site.core.words import count


def lint_handbook(handbook: Handbook, today: date, review_every: int | None = None,
                  skip: frozenset[str] = frozenset()) -> list[Problem]:
    """Every lint of the handbook; `review_every` is the handbook-wide default in days.

    Files in `skip` (those with errors) get no advice: an emotion that failed to parse
    would otherwise come back as "no emotion".
    """
    problems: list[Problem] = []
    for journey in handbook.journeys.values():
        if journey.source in skip:
            continue
        problems.extend(_lint_stages(journey))
        problems.extend(_lint_opportunities(journey, today))
        problems.extend(_lint_measured(journey))
        due = review_due(journey.reviewed, journey.review_every or review_every)
        if due is not None and due < today:
            problems.append(_warn(journey.positions.get("reviewed", journey.pos),
                                  f"map is past its review date {due.isoformat()} (reviewed "
                                  f"{journey.reviewed.isoformat()}, due every "
                                  f"{journey.review_every or review_every} days): review it "
                                  "with its owner and update 'reviewed:'"))
        base = handbook.journeys.get(journey.improves or "")
        if base is not None and base is not journey:
            problems.extend(_lint_improvement(journey, base))
    names = {p.id: p.name for p in handbook.personas.values()}
    # A persona reference with an error counts for the persona it most likely means, and a
    # journey that could not be read for every persona its text mentions: one mistake,
    # one problem.
    used = {p if p in names else meant_id(p, names)[0]
            for j in handbook.journeys.values() for p in j.personas}
    used.update(*(b.words for b in handbook.broken if b.kind == "journey"))
    # A reference close to no persona (its error lists them) may mean any of them: which
    # persona appears in no journey is known once it is fixed.
    meant_unknown = None in used
    for persona in handbook.personas.values():
        if persona.id not in used and persona.source not in skip and not meant_unknown:
            problems.append(_warn(persona.pos, f"persona '{persona.id}' appears in no "
                                  "journey: name it in a journey's 'persona:' or remove the "
                                  "file"))
    problems.extend(p for p in _lint_channels(handbook) if p.path not in skip)
    return problems


def _lint_stages(journey: Journey) -> list[Problem]:
    if journey.stages and not _scored(journey):
        # One piece of advice for the map, rather than a gap at every stage.
        return [_warn(journey.positions.get("stages", journey.pos),
                      "no stage or touchpoint has an emotion, so the map has no emotion "
                      "curve: add 'emotion:' to the stages or their touchpoints")]
    problems = []
    for stage in journey.stages:
        if stage.barriers and not stage.solutions:
            problems.append(_warn(stage.pos, f"stage '{stage.name}' has barriers but no "
                                  "solutions: add 'solutions:' saying what the company "
                                  "will do about them"))
        if (stage.emotion is None and not stage.persona_emotions
                and not stage.touchpoints):
            problems.append(_warn(stage.pos, f"stage '{stage.name}' has neither an emotion "
                                  "nor touchpoints, so the emotion curve has a gap here: add "
                                  "'emotion:' or 'touchpoints:'"))
    return problems


def _lint_opportunities(journey: Journey, today: date) -> list[Problem]:
    """Tracked opportunities: work under way needs an owner; a due date passes."""
    problems = []
    found = journey.opportunities + [o for s in journey.stages for o in s.solutions]
    for item in found:
        if item.status in ("planned", "doing") and not item.owner:
            problems.append(_warn(item.pos, f"opportunity '{item.text}' is {item.status} but "
                                  "has no owner: add 'owner:' (the team or person doing it)"))
        if item.due and item.due < today and item.status not in ("done", "dropped"):
            problems.append(_warn(item.pos, f"opportunity '{item.text}' was due "
                                  f"{item.due.isoformat()} and is "
                                  f"{'still ' + item.status if item.status else 'not done'}: "
                                  "update 'status:' or set a new 'due:'"))
    return problems


def _scored(journey: Journey) -> bool:
    return any(stage.emotion is not None or stage.persona_emotions
               or any(tp.persona_emotions for tp in stage.touchpoints)
               for stage in journey.stages)


def _lint_measured(journey: Journey) -> list[Problem]:
    """Research data (research.py): stated scores far from measured ones, too few answers."""
    if journey.data is None:
        return []
    items = [(s.pos, f"stage '{s.name}'", s.stated_emotion, s.measured)
             for s in journey.stages]
    items += [(t.pos, f"stage '{s.name}': touchpoint '{t.name}'",
               None if t.emotion_measured else t.emotion, t.measured)
              for s in journey.stages for t in s.touchpoints]
    problems = []
    # A quarter of the map's range: 1 point on -2..2.
    far = (journey.emotion_scale.high - journey.emotion_scale.low) / 4
    for pos, where, stated, measured in items:
        if measured is None:
            continue
        if stated is not None and abs(stated - measured.mean) > far:
            problems.append(_warn(pos, f"{where}: stated emotion {fmt(stated)} differs from "
                                  f"the measured mean {fmt(measured.mean)} (n={measured.n}) "
                                  f"by more than {fmt(far)} point{'' if far == 1 else 's'}: "
                                  "check the map against the survey"))
        if measured.weak:
            problems.append(_warn(pos, f"{where}: weak evidence: "
                                  f"{count(measured.n, 'survey answer')}, fewer than min_n "
                                  f"{journey.data.min_n}: collect more or lower "
                                  "'data: min_n:'"))
    return problems


def _lint_improvement(future: Journey, base: Journey) -> list[Problem]:
    """A future state is compared stage by stage with the journey it improves."""
    ours = [name_key(s.name) for s in future.stages]
    theirs = [name_key(s.name) for s in base.stages]
    names = [s.name for s in base.stages]
    where = future.positions.get("improves", future.pos)
    problems = [_warn(stage.pos, f"stage '{stage.name}' is not a stage of '{base.id}', "
                      f"which this journey improves{did_you_mean(stage.name, names)}: use "
                      "the same stage names so the two maps can be compared")
                for stage in future.stages if name_key(stage.name) not in theirs]
    missing = [name for name, same in zip(names, theirs) if same not in ours]
    if missing:
        problems.append(_warn(where, f"stages of '{base.id}' missing here: "
                              f"{', '.join(repr(n) for n in missing)}: keep every stage of "
                              "the journey this one improves"))
    elif not problems and ours != theirs:
        problems.append(_warn(where, f"stages are in a different order from '{base.id}' "
                              f"({', '.join(names)}): use the same order"))
    return problems


def _lint_channels(handbook: Handbook) -> list[Problem]:
    """Spellings of one channel other than its most used one (ties: the first written)."""
    spellings: dict[str, Counter[str]] = {}
    for journey in handbook.journeys.values():
        for _, touchpoint in journey.touchpoints:
            if touchpoint.channel:
                spellings.setdefault(name_key(touchpoint.channel),
                                     Counter())[touchpoint.channel] += 1
    usual = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()
             if len(counts) > 1}
    problems = []
    for journey in handbook.journeys.values():
        for _, touchpoint in journey.touchpoints:
            if not touchpoint.channel:
                continue
            best = usual.get(name_key(touchpoint.channel), touchpoint.channel)
            if touchpoint.channel != best:
                problems.append(_warn(touchpoint.pos, f"channel '{touchpoint.channel}' is "
                                      f"written differently elsewhere (did you mean '{best}'?): "
                                      "spell a channel the same way everywhere; the channel "
                                      f"views count both as '{best}'"))
    return problems


def _warn(pos: Position | None, message: str) -> Problem:
    pos = pos or Position("?")
    return Problem(pos.path, pos.line, pos.col, WARNING, message)
