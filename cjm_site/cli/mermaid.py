"""Mermaid `journey` diagrams in and out of the handbook.

In: sections become stages, tasks touchpoints with their scores, actors personas (scored
per persona where a task names some of them), on the diagram's own scale (`emotion_scale:
{low: 1, high: 5}` on the journey, unless the handbook's range is 1..5 already). Out: a
journey's stages and touchpoints as sections and tasks, its scores mapped from the
journey's own scale onto Mermaid's 1..5.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from cjm_site.core.model import Handbook, Journey
from cjm_site.core.names import slug
from cjm_site.core.scale import EmotionScale, fmt, scale_from_option
from cjm_site.source.mermaid import HIGH, LOW, Diagram, escape

MERMAID = scale_from_option({"low": LOW, "high": HIGH})
# A task without a score in the map is drawn in the middle of Mermaid's scale.
NEUTRAL = MERMAID.neutral
_PLAIN = re.compile(r"[A-Za-z][\w .,'()/&+-]*[\w.')]|[A-Za-z]")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


@dataclass
class Imported:
    """The files an import writes: the journey, and a persona per actor the handbook lacks
    (by id, with their text)."""

    journey: str
    personas: dict[str, str] = field(default_factory=dict)


def import_diagram(diagram: Diagram, source: str, handbook: Handbook,
                   scale: EmotionScale | None = None) -> Imported:
    """The journey file of a diagram read without errors; `source` names the .mmd file,
    `scale` is the handbook's: a journey on another range says it is on 1..5."""
    ids = persona_ids(diagram.actors, handbook)
    personas = list(dict.fromkeys(ids.values()))
    lines = [f"# Imported from {source}, a Mermaid journey diagram: scores on its 1..5 scale.",
             f"title: {_q(diagram.title or diagram.accessible_title or 'Untitled journey')}"]
    if len(personas) == 1:
        lines.append(f"persona: {_q(personas[0])}")
    elif personas:
        lines.append(f"personas: [{', '.join(map(_q, personas))}]")
    if not MERMAID.same_range(scale or EmotionScale()):
        lines.append(f"emotion_scale: {{low: {fmt(LOW)}, high: {fmt(HIGH)}}}")
    if diagram.description:
        lines += ["description: |", *(f"  {line}" for line in diagram.description.split("\n"))]
    lines.append("stages:")
    for section in diagram.sections:
        lines.append(f"  - name: {_q(section.name)}")
        if section.tasks:
            lines.append("    touchpoints:")
        for task in section.tasks:
            actors = list(dict.fromkeys(ids[a] for a in task.actors))
            scored = ("{" + ", ".join(f"{_q(a)}: {fmt(task.score)}" for a in actors) + "}"
                      if actors else fmt(task.score))
            lines += [f"      - name: {_q(task.name)}", f"        emotion: {scored}"]
    new = {ident: actor for actor, ident in ids.items() if ident not in handbook.personas}
    return Imported("\n".join(lines) + "\n", {
        ident: f"# Written by cjm import mermaid for an actor of {source}: fill it in.\n"
               f"name: {_q(actor)}\n" for ident, actor in new.items()})


def persona_ids(actors: list[str], handbook: Handbook) -> dict[str, str]:
    """Each actor's persona id: a persona of that name or id, else a new id."""
    by_name = {p.name.casefold(): p.id for p in handbook.personas.values()}
    found: dict[str, str] = {}
    for actor in actors:
        base = slug(unicodedata.normalize("NFKD", actor).encode("ascii", "ignore").decode())
        if actor.casefold() in by_name:
            found[actor] = by_name[actor.casefold()]
        elif base in handbook.personas:
            found[actor] = base
        else:
            ident, n = base, 1
            while ident in found.values() or ident in handbook.personas:
                n += 1
                ident = f"{base}-{n}"
            found[actor] = ident
    return found


def to_mermaid(journey: Journey, handbook: Handbook) -> str:
    """The journey as a Mermaid journey diagram, scores mapped from its own scale onto
    1..5."""
    names = {p: handbook.personas[p].name if p in handbook.personas else p
             for p in journey.personas}
    lines = ["journey", f"    title {escape(journey.title)}"]
    if journey.narrative.strip():
        lines.append("    accDescr {")
        lines += [f"      {escape(line, '#}')}" for line in journey.narrative.strip().split("\n")
                  if line.strip()]
        lines.append("    }")
    for stage in journey.stages:
        lines.append(f"    section {escape(stage.name)}")
        # A stage scored without touchpoints is drawn as one task of its name.
        tasks = [(t.name, t.emotion, t.persona_emotions) for t in stage.touchpoints] or (
            [(stage.name, stage.emotion, stage.persona_emotions)]
            if stage.emotion is not None else [])
        for name, emotion, per_persona in tasks:
            if emotion is None:
                lines.append("      %% not rated in the map: drawn in the middle of the scale")
            for score, actors in _groups(emotion, per_persona, journey.personas):
                actors_text = ", ".join(escape(names[a], "#;%:,") for a in actors)
                score = _onto_mermaid(score, journey.emotion_scale)
                lines.append(f"      {escape(name)}: {fmt(score)}"
                             + (f": {actors_text}" if actors_text else ""))
    return "\n".join(lines) + "\n"


def _groups(emotion: float | None, per_persona: dict[str, float],
            personas: list[str]) -> list[tuple[float | None, list[str]]]:
    """One task per distinct score: the personas who gave it (all of them for a score of
    the touchpoint's own), in the journey's order."""
    if not per_persona:
        return [(emotion, list(personas))]
    groups: dict[float, list[str]] = {}
    for persona in sorted(per_persona, key=lambda p: (personas + [p]).index(p)):
        groups.setdefault(per_persona[persona], []).append(persona)
    return list(groups.items())


def _onto_mermaid(score: float | None, scale: EmotionScale) -> float:
    if score is None:
        return NEUTRAL
    return scale.onto(score, MERMAID)


def _q(text: str) -> str:
    """Text as a YAML scalar: as written where YAML reads it back as the same text."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)
