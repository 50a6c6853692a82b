"""The journey map's rows, read from the site's lane table (core/lanes.py), the icons its
lane names draw."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from xml.etree import ElementTree as ET

from cjm_site.core.lanes import BLUEPRINT, EMOTION, Lane, filled
from cjm_site.core.model import Journey

@dataclass(frozen=True)
class Row:
    """A row of the map: a lane, or a line of the service blueprint (lane None)."""

    lane: Lane | None = None
    line: str | None = None


def grid_rows(journey: Journey, table: tuple[Lane, ...], curve: bool) -> list[Row]:
    """The lanes with something in at least one stage (an empty lane is not drawn; the
    emotion lane is the curve, drawn when something has a score: `curve`), and above each
    blueprint lane drawn the lines between it and the lane drawn above it: a blueprint
    without frontstage still shows the line of interaction."""
    rows: list[Row] = []
    pending: list[str] = []  # lines of lanes not drawn, still to draw
    for lane in table:
        if lane.line:
            pending.append(lane.line)
        if curve if lane.kind == EMOTION else any(filled(stage, lane)
                                                 for stage in journey.stages):
            if lane.band == BLUEPRINT:
                rows += [Row(line=line) for line in pending]
                pending = []
            rows.append(Row(lane=lane))
    return rows


@lru_cache(maxsize=None)
def _icon(name: str) -> ET.Element:
    """An icon of assets/icons/ as a <symbol>; an unknown name draws the plain label."""
    folder = resources.files("cjm_site.render").joinpath("assets/icons")
    source = folder.joinpath(f"{name}.svg")
    if not source.is_file():
        source = folder.joinpath("label.svg")
    root = ET.fromstring(source.read_text(encoding="utf-8"))
    # The file's drawing attributes (stroke, fill) go with it.
    symbol = ET.Element("symbol", {**root.attrib, "id": f"cjm-icon-{name}"})
    for child in root:
        for element in child.iter():
            element.tag = element.tag.split("}")[-1]  # inline SVG in HTML needs no namespace
        symbol.append(child)
    return symbol


def icon_sprite(drawn: list[Lane]) -> str:
    """The lanes' icons, defined once per page: each lane name draws one with <use>."""
    sprite = ET.Element("svg", {"class": "cjm-icons", "aria-hidden": "true",
                                "focusable": "false"})
    for name in dict.fromkeys(lane.icon for lane in drawn):
        sprite.append(_icon(name))
    return ET.tostring(sprite, encoding="unicode", short_empty_elements=True)
