"""No page grows with the handbook: a persona in hundreds of journeys, a map improved by
many future maps."""

from __future__ import annotations

import re

import pytest

from cjm_site.render.pages import MAX_COMPARED
from cjm_site.render.paging import INSIGHT_PAGE_SIZE

from .conftest import run_build, write_project

FUTURES = MAX_COMPARED + 3
JOURNEYS = INSIGHT_PAGE_SIZE + 5  # of one persona


def journey(title: str, extra: str = "") -> str:
    return (f"title: {title}\npersona: pat\n{extra}stages:\n  - name: Look\n"
            "    touchpoints: [{channel: Web, name: Visit, emotion: 1}]\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    files = {f"journeys/j{i:03d}.yml": journey(f"Journey {i:03d}") for i in range(JOURNEYS)}
    files.update({f"journeys/f{i}.yml": journey(f"Future {i}", "status: future\nimproves: j000\n")
                  for i in range(FUTURES)})
    files["journeys/personas/pat.yml"] = "name: Pat\nsummary: Busy.\n"
    build = run_build(write_project(tmp_path_factory.mktemp("bounds") / "p", files,
                                    ":\n      insights: false"))
    assert build.returncode == 0, build.log
    return build


def test_a_persona_in_hundreds_of_journeys_continues_on_further_pages(site):
    first, second = site.html("personas/pat/"), site.html("personas/pat/2/")
    total = JOURNEYS + FUTURES
    assert "Busy." in first and "Busy." not in second  # the portrait is on the first page
    assert first.count('class="cjm-status ') == INSIGHT_PAGE_SIZE
    assert second.count('class="cjm-status ') == total - INSIGHT_PAGE_SIZE
    assert f"Pat appears in {total} journey maps" in second
    assert 'href="../"' in second and '<strong aria-current="page">2</strong>' in second
    # The further page belongs to the Personas section without being listed in it.
    assert "Pat (2)" in second and "Pat (2)" not in first


def test_a_map_improved_by_many_futures_compares_a_bounded_number(site):
    current, future = site.html("journeys/j000/"), site.html("journeys/f5/")
    assert len(re.findall(r"<title>To-be: ", current)) == MAX_COMPARED  # one legend entry each
    assert f" and {FUTURES - MAX_COMPARED} more</dd>" in current
    # A future map's chart: its current map and itself, not every other future.
    chart = future.split('id="cjm-compare-f5"')[1].split("</svg>")[0]
    assert re.findall(r"To-be: Future \d+", chart) == ["To-be: Future 5"] * chart.count("To-be:")
