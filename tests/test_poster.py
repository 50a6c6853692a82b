"""The paper a journey page asks for when printed: the smallest landscape sheet that takes
the map's stages and holds its text on one page (the browser tests print them)."""

from __future__ import annotations

import re

import pytest

from .conftest import run_build, write_project


def journey(stages: int, words: int = 3, touchpoints: int = 1) -> str:
    """A map of `stages` stages whose goals, barriers and touchpoints hold `words` words."""
    text = " ".join(["word"] * words)
    lines = [f"title: {stages} stages", "stages:"]
    for n in range(stages):
        lines += [f"  - name: Stage {n + 1}", f"    goals: [{text}]", f"    barriers: [{text}]",
                  "    touchpoints:"]
        lines += [f"      - {{channel: Web, name: Step {k}, emotion: 1, description: {text}}}"
                  for k in range(touchpoints)]
    return "\n".join(lines) + "\n"


MAPS = {
    "six-short": (journey(6), "a4"),
    # Six stages, but lanes too full for A4's height at 7.5 pt: the next sheet up.
    "six-full": (journey(6, words=40, touchpoints=4), "a3"),
    "seven-short": (journey(7), "a3"),
    "ten-short": (journey(10), "a3"),
    "eleven-short": (journey(11), "a2"),
    # More than A3 holds even at ten stages; A2 is the largest, also when nothing holds it.
    "ten-full": (journey(10, words=60, touchpoints=6), "a2"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("posters"),
                            {f"journeys/{name}.yml": source for name, (source, _) in MAPS.items()})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


@pytest.mark.parametrize("name", MAPS)
def test_paper_is_the_smallest_that_takes_the_stages_and_holds_the_map(site, name):
    papers = re.findall(r'class="cjm-journey cjm-poster-(\w+)', site.html(f"journeys/{name}/"))
    assert papers == [MAPS[name][1]]



def test_a_journey_without_stages_still_gets_its_paper():
    """Under mkdocs serve a file missing its stages still gets a page (showing the error)."""
    from cjm_site.core.model import Journey
    from cjm_site.render.poster import poster

    assert poster(Journey("empty", "No stages yet", "journeys/empty.yml"), [], []) == "a4"
