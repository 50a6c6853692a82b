"""The rows of a journey's stage grid, read from the site's lane table (core/lanes.py)."""

from __future__ import annotations

from cjm_site.core import lanes
from cjm_site.core.lanes import Lane
from cjm_site.core.model import Journey, Stage


def drawn_lanes(journey: Journey, table: tuple[Lane, ...]) -> list[Lane]:
    """The lanes with something in at least one stage: an empty lane is not drawn."""
    return [lane for lane in table if any(_filled(stage, lane) for stage in journey.stages)]


def _filled(stage: Stage, lane: Lane) -> bool:
    if lane.kind == lanes.EMOTION:
        return stage.emotion is not None
    if lane.kind == lanes.TOUCHPOINTS:
        return bool(stage.touchpoints)
    if lane.kind == lanes.KPIS:
        return bool(stage.kpis or stage.computed_kpis)
    return bool(stage.lanes.get(lane.key))
