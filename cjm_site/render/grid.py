"""The rows of a journey's stage grid, read from the site's lane table (core/lanes.py)."""

from __future__ import annotations

from dataclasses import dataclass

from cjm_site.core.lanes import BLUEPRINT, Lane, filled
from cjm_site.core.model import Journey


@dataclass(frozen=True)
class Row:
    """A row of the grid: a lane, or a line of the service blueprint (lane None)."""

    lane: Lane | None = None
    line: str | None = None


def grid_rows(journey: Journey, table: tuple[Lane, ...]) -> list[Row]:
    """The lanes with something in at least one stage (an empty lane is not drawn), and
    above each blueprint lane drawn the lines between it and the lane drawn above it:
    a blueprint without frontstage still shows the line of interaction."""
    rows: list[Row] = []
    pending: list[str] = []  # lines of lanes not drawn, still to draw
    for lane in table:
        if lane.line:
            pending.append(lane.line)
        if any(filled(stage, lane) for stage in journey.stages):
            if lane.band == BLUEPRINT:
                rows += [Row(line=line) for line in pending]
                pending = []
            rows.append(Row(lane=lane))
    return rows
