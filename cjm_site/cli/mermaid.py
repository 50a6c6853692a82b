"""A journey as a Mermaid `journey` diagram: its stages and touchpoints as sections and
tasks, its scores mapped onto Mermaid's 1..5, its personas as the actors."""

from __future__ import annotations

from cjm_site.core.model import Handbook, Journey
from cjm_site.core.scale import EmotionScale, fmt
from cjm_site.source.mermaid import HIGH, LOW, escape

# A task without a score in the map is drawn in the middle of Mermaid's scale.
NEUTRAL = (LOW + HIGH) / 2


def to_mermaid(journey: Journey, handbook: Handbook, scale: EmotionScale) -> str:
    """The journey as a Mermaid journey diagram, scores mapped from its scale onto 1..5."""
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
                lines.append(f"      {escape(name)}: {fmt(_onto_mermaid(score, scale))}"
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
    return LOW + (HIGH - LOW) * (score - scale.low) / (scale.high - scale.low)
