"""No page grows with the handbook: a persona in hundreds of journeys, a map improved by
many future maps, many channels and stage names on the insight pages."""

from __future__ import annotations

import re

import pytest

from cjm_site.render.pages import MAX_COMPARED
from cjm_site.render.paging import INSIGHT_PAGE_SIZE, MATRIX_PAGE_SIZE

from .conftest import run_build, write_project

FUTURES = MAX_COMPARED + 3
JOURNEYS = INSIGHT_PAGE_SIZE + 5  # of one persona, each with a stage name of its own
CHANNELS = MATRIX_PAGE_SIZE + 10


def journey(i: int, title: str, extra: str = "") -> str:
    # One channel is named "2", as the matrix's second page is.
    channel = "2" if i == 0 else f"Channel {i % (CHANNELS - 1):02d}"
    return (f"title: {title}\npersona: pat\n{extra}stages:\n  - name: Step {i:03d}\n"
            f"    touchpoints: [{{channel: '{channel}', name: Visit, emotion: 1}}]\n"
            "    barriers: [Slow]\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    files = {f"journeys/j{i:03d}.yml": journey(i, f"Journey {i:03d}") for i in range(JOURNEYS)}
    files.update({f"journeys/f{i}.yml": journey(JOURNEYS, f"Future {i}",
                                                "status: future\nimproves: j000\n")
                  for i in range(FUTURES)})
    files["journeys/personas/pat.yml"] = "name: Pat\nsummary: Busy.\n"
    build = run_build(write_project(tmp_path_factory.mktemp("bounds") / "p", files))
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


def test_many_channels_continue_the_matrix_on_further_pages(site):
    pages = [site.html("insights/channels/"), site.html("insights/channels/2/")]
    rows = [page.count('<th scope="row">') for page in pages]
    assert rows == [MATRIX_PAGE_SIZE, CHANNELS - MATRIX_PAGE_SIZE]
    assert f"{CHANNELS} channels, those with most touchpoints first." in pages[1]
    assert "<h1 id=\"channels\">Channels (page 2)</h1>" in pages[1]
    # The channel named "2" keeps a page of its own, linked from the matrix.
    assert "<h1 id=\"channel\">2</h1>" in site.html("insights/channels/channel-2/")
    assert any('href="../channel-2/">2</a>' in page for page in pages)


def test_the_pain_point_summary_lists_as_many_stage_names_as_a_page(site):
    first = site.html("insights/pain-points/")
    summary = first.split("cjm-register-summary")[1].split("</table>")[0]
    assert summary.count("<tr>") - 1 == INSIGHT_PAGE_SIZE  # and its head row
    others = JOURNEYS + 1 - INSIGHT_PAGE_SIZE
    assert f"{others} other stage names, with fewer barriers, are listed" in first
    # Every stage name heads its barriers on the register's pages.
    heads = {head for page in ("insights/pain-points/", "insights/pain-points/2/")
             for head in re.findall(r'<h2 id="stage-step-\d+">', site.html(page))}
    assert len(heads) == JOURNEYS + 1
