"""Reading a journey page's map back from the built HTML, as the tests need it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET


def lanes(html: str) -> list[str]:
    """The lane names down the map's label column."""
    return re.findall(r'role="columnheader"><span class="cjm-lane-name">.*?<span>([^<]+)</span>',
                      html)


def stages(html: str) -> list[str]:
    return re.findall(r'role="rowheader"><span class="cjm-stage-number"[^>]*>\d+</span> '
                      r"([^<]+?)(?: <span|</div>)", html)


def stage_curves(html: str) -> list[ET.Element]:
    """The curve row's drawing of each stage, in order."""
    return [ET.fromstring(svg) for svg in
            re.findall(r'<svg class="cjm-chart cjm-stage-curve".*?</svg>', html, re.S)]


@dataclass
class Drawn:
    stage: int
    x: float  # percent of the stage's column
    y: float
    title: str
    number: str | None
    sign: str
    name: str | None = None  # the touchpoint's name, shown while the point is focused


def points(curves: list[ET.Element], series: int = 0) -> list[Drawn]:
    """The points of one line, stage by stage."""
    found = []
    for index, svg in enumerate(curves):
        group = [g for g in svg.iter("g") if "cjm-series" in g.get("class", "").split()][series]
        for g in group.iter("g"):
            if "cjm-point" in g.get("class", "").split():
                circle = g.find("circle")
                text = next((t for t in g.findall("text") if not t.get("class")), None)
                name = g.find("text[@class]")
                found.append(Drawn(index, float(circle.get("cx").rstrip("%")),
                                   float(circle.get("cy")), g.find("title").text,
                                   None if text is None else text.text,
                                   g.get("class").split()[-1],
                                   None if name is None else name.text))
    return found


def segments(svg: ET.Element, series: int = 0) -> list[tuple[float, float, float, float, bool]]:
    """(x1 %, y1, x2 %, y2, dashed) of each piece of one line in a stage's drawing."""
    group = [g for g in svg.iter("g") if "cjm-series" in g.get("class", "").split()][series]
    return [(float(line.get("x1").rstrip("%")), float(line.get("y1")),
             float(line.get("x2").rstrip("%")), float(line.get("y2")),
             "cjm-gap" in line.get("class"))
            for line in group.iter("line")]


def score(title: str) -> float:
    return float(re.search(r"emotion: (-?[\d.]+)", title).group(1))
