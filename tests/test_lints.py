"""Content advice: each lint's exact position and message, and how builds report lints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cjm_site.insights.questions import channel_matrix
from cjm_site.render.build import PageOptions, build_pages
from cjm_site.source.handbook import Settings, load_handbook

from .conftest import write_project

PERSONA = "name: Maya\n"
BASE = """\
title: Base
persona: maya
reviewed: 2026-06-01
stages:
  - name: Awareness
    emotion: 1
  - name: Decision
    emotion: -1
"""


def lints(tmp_path: Path, files: dict[str, str], today: date = date(2026, 7, 1),
          review_every: int | None = None) -> list[str]:
    project = write_project(tmp_path, {"journeys/personas/maya.yml": PERSONA,
                                       "journeys/base.yml": BASE, **files})
    settings = Settings.from_project(project)
    settings.today, settings.review_every = today, review_every
    return [str(p) for p in load_handbook(settings).problems]


def test_a_clean_handbook_has_no_advice(tmp_path):
    assert lints(tmp_path, {}) == []


def test_barrier_without_solution_and_stage_without_emotion(tmp_path):
    assert lints(tmp_path, {"journeys/x.yml": """\
        title: X
        persona: maya
        stages:
          - name: Search
            emotion: 0
            barriers: [Nothing found]
          - name: Wait
            goals: [Get an answer]
          - name: Solved
            emotion: {maya: 1}
            barriers: [Slow]
            solutions: [Faster]
    """}) == [
        "journeys/x.yml:4:5: warning: stage 'Search' has barriers but no solutions: add "
        "'solutions:' saying what the company will do about them",
        "journeys/x.yml:7:5: warning: stage 'Wait' has neither an emotion nor touchpoints, "
        "so the emotion curve has a gap here: add 'emotion:' or 'touchpoints:'",
    ]


def test_a_map_without_scores_gets_one_advice_not_a_gap_per_stage(tmp_path):
    assert lints(tmp_path, {"journeys/x.yml": """\
        title: X
        persona: maya
        stages:
          - name: Search
            goals: [Find a shop]
          - name: Buy
            touchpoints:
              - {channel: Web, name: Checkout}
    """, "journeys/y.yml": """\
        title: Y
        persona: maya
        stages:
          - name: Search
            emotion: {maya: 1}
    """}) == [
        "journeys/x.yml:4:3: warning: no stage or touchpoint has an emotion, so the map has "
        "no emotion curve: add 'emotion:' to the stages or their touchpoints",
    ]


@pytest.mark.parametrize("today, review_every, expected", [
    (date(2026, 11, 28), None, []),  # exactly due: not yet past
    (date(2026, 11, 29), None, ["journeys/x.yml:3:11: warning: map is past its review date "
                                "2026-11-28 (reviewed 2026-06-01, due every 180 days): "
                                "review it with its owner and update 'reviewed:'"]),
    (date(2026, 7, 2), 30, ["journeys/base.yml:3:11: warning: map is past its review date "
                            "2026-07-01 (reviewed 2026-06-01, due every 30 days): review it "
                            "with its owner and update 'reviewed:'"]),
])
def test_review_date_from_the_map_or_the_handbook_default(tmp_path, today, review_every,
                                                           expected):
    journey = BASE.replace("title: Base", "title: X").replace(
        "reviewed: 2026-06-01", "reviewed: 2026-06-01\nreview_every: 180")
    assert lints(tmp_path, {"journeys/x.yml": journey}, today, review_every) == expected


def test_future_state_compared_with_the_journey_it_improves(tmp_path):
    future = """\
        title: Better
        persona: maya
        status: future
        improves: base
        stages:
          - name: Awarenes
            emotion: 2
          - name: decision     # the same stage as Decision (core/names.py)
            emotion: 1
    """
    reordered = BASE.replace("Awareness", "First").replace("Decision", "Awareness").replace(
        "First", "Decision").replace("title: Base", "title: R\nimproves: base")
    assert lints(tmp_path, {"journeys/better.yml": future,
                            "journeys/reordered.yml": reordered}) == [
        "journeys/better.yml:4:11: warning: stages of 'base' missing here: 'Awareness': "
        "keep every stage of the journey this one improves",
        "journeys/better.yml:6:5: warning: stage 'Awarenes' is not a stage of 'base', which "
        "this journey improves (did you mean 'Awareness'?): use the same stage names so the "
        "two maps can be compared",
        "journeys/reordered.yml:2:11: warning: stages are in a different order from 'base' "
        "(Awareness, Decision): use the same order",
    ]


def test_unused_persona_and_channel_spellings(tmp_path):
    journey = """\
        title: Mail
        persona: maya
        stages:
          - name: A
            touchpoints:
              - {channel: Email, name: One, emotion: 1}
              - {channel: e-mail, name: Two, emotion: 1}
              - {channel: Email, name: Three, emotion: 1}
              - {channel: E Mail, name: Four, emotion: 1}
              - {channel: Store, name: Five, emotion: 1}
    """
    assert lints(tmp_path, {"journeys/mail.yml": journey,
                            "journeys/personas/omar.yml": "name: Omar\n"}) == [
        "journeys/mail.yml:7:9: warning: channel 'e-mail' is written differently elsewhere "
        "(did you mean 'Email'?): spell a channel the same way everywhere; the channel "
        "views count both as 'Email'",
        "journeys/mail.yml:9:9: warning: channel 'E Mail' is written differently elsewhere "
        "(did you mean 'Email'?): spell a channel the same way everywhere; the channel "
        "views count both as 'Email'",
        "journeys/personas/omar.yml:1:1: warning: persona 'omar' appears in no journey: name "
        "it in a journey's 'persona:' or remove the file",
    ]
    # The channel views and the lint agree on what one channel is (core/names.py).
    handbook = load_handbook(Settings.from_project(tmp_path))
    assert [(c.label, c.total.count) for c in channel_matrix(handbook).channels] == [
        ("Email", 4), ("Store", 1)]


def test_a_file_with_errors_gets_no_advice(tmp_path):
    assert lints(tmp_path, {"journeys/x.yml": """\
        title: X
        persona: maya
        stages:
          - name: A
            emotion: 7
            barriers: [B]
    """}) == [
        "journeys/x.yml:5:14: error: stage 'A': emotion: 7 is out of range: use a "
        "number from -2 to 2 or one of 'very negative', 'negative', 'neutral', 'positive', "
        "'very positive'",
    ]


STALE = {"journeys/personas/maya.yml": PERSONA,
         "journeys/old.yml": BASE.replace("2026-06-01", "2000-01-01")}
STALE_LINE = ("cjm: journeys/old.yml:3:11: warning: map is past its review date 2000-01-31 "
              "(reviewed 2000-01-01, due every 30 days)")


def test_build_logs_lints_below_warning_level(build_project):
    build = build_project(STALE, options=":\n      review_every: 30", args=("--strict",))
    assert build.returncode == 0, build.log
    assert f"INFO    -  {STALE_LINE}" in build.log
    # Readers see the map: the advice is on the Content advice page, not on the map's.
    page = build.html("journeys/old/")
    assert "admonition" not in page and "past its review date" not in page
    assert "map is past its review date 2000-01-31" in build.html("insights/advice/")


def _journey_page(tmp_path: Path, files: dict[str, str], shown: str) -> str:
    project = write_project(tmp_path, {"journeys/personas/maya.yml": PERSONA, **files})
    settings = Settings.from_project(project)
    settings.today, settings.review_every = date(2026, 7, 1), 30
    pages = build_pages(load_handbook(settings), PageOptions(page_problems=shown))
    return next(p for p in pages if p.src_uri == "journeys/old.md").html


def test_page_problems_all_shows_advice_styled_as_advice(tmp_path):
    page = _journey_page(tmp_path, STALE, "all")
    assert '<div class="admonition warning cjm-advice">' in page
    assert "Content advice for this file" in page and "failure" not in page
    assert "<code>journeys/old.yml:3:11</code> map is past its review date" in page


def test_errors_show_as_failures(tmp_path):
    broken = BASE.replace("stages:", "colour: red\nstages:").replace("2026-06-01", "2000-01-01")
    page = _journey_page(tmp_path, {"journeys/old.yml": broken}, "errors")
    assert '<div class="admonition failure cjm-problems">' in page
    assert "<code>journeys/old.yml:4:1</code> unknown key &#39;colour&#39;" in page


def test_build_can_treat_lints_as_warnings(build_project):
    build = build_project(STALE, options=":\n      review_every: 30\n"
                          "      lints_as_warnings: true", args=("--strict",))
    assert build.returncode == 1
    assert f"WARNING -  {STALE_LINE}" in build.log
