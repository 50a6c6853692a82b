"""The richer maps CX teams make: phases, stage details, loops, moments that matter and
Markdown in lanes, in one built site (page, insight pages, export and JSON Schema)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import jsonschema
import pytest

from cjm_site.source import json_schema
from cjm_site.source.loader import load_file

from . import journey_map
from .conftest import rows, run_build, write_project

REPAIR = """\
title: Broadband repair
persona: maya
opportunities:
  - text: One number for every fault
    priority: medium
    owner: Service design
    status: idea
    stages: [Report the fault, visit]
  - Follow-up survey
feelings: [Powerless, Relieved at the end]
stages:
  - name: Report the fault
    phase: Before
    owner: Customer service
    duration: 10 minutes
    moment: First contact after the outage
    goals: ["Get the [internet](https://example.com/status) back *today*"]
    channels_used: [Phone, "[App](https://example.com/app)"]
    barriers: ["<b>No</b> [status page](javascript:alert(1))"]
    solutions:
      - Callback instead of a queue
      - {text: Status page, priority: high, owner: Web team, status: doing,
         link: "https://example.com/issues/7", due: 2020-01-01}
      - {text: SMS updates, status: planned}
    touchpoints:
      - {channel: Phone, name: Hotline, emotion: -1, moment: She is already angry}
    notes: |
      Calls peak at *8:00*.

      - queue
      - callback
  - name: Wait
    phase: Before
    optional: true
    duration: 2 days
    emotion: -2
  - name: Repair visit
    phase: During
    id: visit
    touchpoints:
      - {channel: Home visit, name: Engineer arrives, emotion: 2}
    frontstage: [Engineer explains the fault]
    backstage: [Dispatcher plans the route]
    support: [Field service app]
    regulation: Engineers carry *ID*.
  - name: Wait
    id: wait-again
    phase: After
    emotion: 0
"""

# Backstage only: the lines of interaction and of visibility are both drawn above it.
OPS = """\
title: Night shift
persona: maya
stages:
  - name: Monitor
    emotion: 0
    backstage: [Watch the network]
"""

FILES = {"journeys/personas/maya.yml": "name: Maya\n", "journeys/repair.yml": REPAIR,
         "journeys/ops.yml": OPS}


# Lanes of the site's own: one among the customer's lanes, one below the blueprint.
LANES_OPTION = """:
      lanes:
        - {key: channels_used, title: Channels used, colour: teal, icon: cellphone,
           position: after touchpoints}
        - {key: regulation, kind: text, position: after support}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("richer"), FILES, LANES_OPTION)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def _grid(page: str) -> str:
    """The map, from its table of stages to what follows it."""
    return re.search(r'<div class="cjm-map.*?<div class="cjm-after">', page, re.S).group(0)


def test_phases_group_consecutive_stages_under_one_header(site):
    grid = _grid(site.html("journeys/repair/"))
    assert re.findall(r'<div class="cjm-phase" role="rowgroup" aria-label="Phase: ([^"]*)" '
                      r'style="--cjm-span: (\d+)">\s*<div class="cjm-phase-name" '
                      r'aria-hidden="true">([^<]*)</div>', grid) == [
        ("Before", "2", "Before"), ("During", "1", "During"), ("After", "1", "After")]


def _rows(grid: str) -> list[str]:
    """Each row of the map, down its label column: a lane's title, or a blueprint line's."""
    column = grid.split('<div class="cjm-lanes" role="row">', 1)[1].split('role="row"', 1)[0]
    return [f"line: {line}" if line else f"lane: {lane}" for line, lane in re.findall(
        r'<div class="cjm-line [^"]*" aria-hidden="true">([^<]*)</div>'
        r'|<div class="cjm-lane-label [^"]*" role="columnheader"><span class="cjm-lane-name">'
        r".*?<span>([^<]*)</span>", column)]


def test_blueprint_lanes_sit_below_the_customer_lanes_between_their_lines(site):
    assert _rows(_grid(site.html("journeys/repair/"))) == [
        "lane: Goals", "lane: Touchpoints", "lane: Channels used", "lane: Emotion",
        "lane: Barriers", "lane: Solutions", "lane: Notes", "line: Line of interaction", "lane: Frontstage",
        "line: Line of visibility", "lane: Backstage", "line: Line of internal interaction",
        "lane: Support", "lane: Regulation"]
    assert _rows(_grid(site.html("journeys/ops/"))) == [
        "lane: Emotion", "line: Line of interaction", "line: Line of visibility",
        "lane: Backstage"]
    grid = _grid(site.html("journeys/ops/"))
    assert ('<div class="cjm-line cjm-line-visibility" aria-hidden="true">Line of visibility'
            "</div>") in grid
    # Every stage draws the line across its column.
    assert grid.count('<div class="cjm-line-cell cjm-line-visibility" aria-hidden="true" '
                      'data-line="Line of visibility"></div>') == len(journey_map.stages(grid))


def test_lanes_of_the_site_are_drawn_exported_searched_and_in_its_schema(site):
    grid = _grid(site.html("journeys/repair/"))
    # In its colour, with its icon name (one the map does not ship draws the plain label).
    assert ('<div class="cjm-lane-label cjm-lane-channels_used cjm-colour-teal" '
            'role="columnheader"><span class="cjm-lane-name"><svg class="cjm-icon" '
            'aria-hidden="true" focusable="false"><use href="#cjm-icon-cellphone"/></svg>'
            '<span>Channels used</span>') in grid
    assert ('<div class="cjm-cell cjm-lane-channels_used cjm-colour-teal" role="cell">'
            '<span class="cjm-cell-label" aria-hidden="true"><svg class="cjm-icon" '
            'aria-hidden="true" focusable="false"><use href="#cjm-icon-cellphone"/></svg>'
            'Channels used</span><ul class="cjm-list"><li>Phone</li><li><a '
            'href="https://example.com/app">App</a></li></ul></div>') in grid
    assert ('<div class="cjm-lane-label cjm-lane-regulation cjm-colour-grey" '
            'role="columnheader"><span class="cjm-lane-name"><svg class="cjm-icon" '
            'aria-hidden="true" focusable="false"><use href="#cjm-icon-label"/></svg>'
            '<span>Regulation</span>') in grid
    assert '<div class="cjm-lane-text"><p>Engineers carry <em>ID</em>.</p></div>' in grid
    stage = json.loads(_cjm(site.project, "export").stdout)["journeys"][1]["stages"][0]
    assert stage["channels_used"] == ["Phone", "[App](https://example.com/app)"]
    assert stage["regulation"] is None
    index = json.loads((site.site / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] for d in index["docs"]
                    if d["location"].startswith("journeys/repair/"))
    assert "Channels used" in text and "Engineers carry" in text
    schema = json.loads(_cjm(site.project, "schema", "journey").stdout)
    assert schema["$defs"]["stage"]["properties"]["channels_used"]["description"] == (
        "Channels used (a lane of this site)")
    assert "regulation" in schema["$defs"]["stage"]["properties"]


def test_journeys_index_marks_service_blueprints(site):
    index = site.html("journeys/")
    assert len(re.findall(r'<span class="cjm-blueprint-mark">service blueprint</span>',
                          index)) == 2
    data = json.loads(_cjm(site.project, "export").stdout)
    assert [j["blueprint"] for j in data["journeys"]] == [True, True]
    assert data["journeys"][1]["stages"][2]["backstage"] == ["Dispatcher plans the route"]


def test_stage_heading_shows_owner_duration_optional_and_moment(site):
    grid = _grid(site.html("journeys/repair/"))
    headings = re.findall(r'<div class="cjm-stage([^"]*)" role="row">\s*'
                          r'<div class="cjm-stage-name" role="rowheader">(.*?)</div>', grid, re.S)
    texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", h)).strip() for _, h in headings]
    assert texts == [
        "1 Report the fault Moment that matters: First contact after the outage Owner: "
        "Customer service Duration: 10 minutes",
        "2 Wait optional Duration: 2 days",
        "3 Repair visit",
        "4 Wait",
    ]
    assert [classes for classes, _ in headings] == ["", " cjm-stage-optional", "", ""]


def test_lane_items_render_inline_markdown_through_the_sanitiser(site):
    grid = _grid(site.html("journeys/repair/"))
    assert ('<li>Get the <a href="https://example.com/status">internet</a> back '
            "<em>today</em></li>") in grid
    # Raw HTML stays text as written; a javascript: link loses its address.
    assert "<li>&lt;b&gt;No&lt;/b&gt; <a>status page</a></li>" in grid
    assert "javascript" not in grid
    notes = re.search(r'<div class="cjm-lane-text">(.*?)</div>', grid, re.S).group(1)
    assert notes == ("<p>Calls peak at <em>8:00</em>.</p><ul><li>queue</li><li>callback</li>"
                     "</ul>")


def test_touchpoint_moment_is_marked_on_the_map(site):
    grid = _grid(site.html("journeys/repair/"))
    touchpoint = re.search(r'<li class="cjm-touchpoint">(.*?)</li>', grid, re.S).group(1)
    assert ('<span class="cjm-moment"><span class="cjm-label">Moment that matters:</span> '
            "She is already angry</span>") in touchpoint


def test_moments_of_truth_list_flagged_moments_then_signed_extremes(site):
    page = site.html("insights/moments/")
    assert rows(page, "cjm-moments cjm-moments-flagged") == [
        ["the whole stage", "First contact after the outage", "Broadband repair",
         "Report the fault", "", "negative (-1)"],
        ["Hotline", "She is already angry", "Broadband repair", "Report the fault", "Phone",
         "negative (-1)"],
    ]
    assert rows(page, "cjm-moments cjm-moments-lowest") == [
        ["1", "Hotline", "Broadband repair", "Report the fault", "Phone", "negative (-1)"]]
    assert rows(page, "cjm-moments cjm-moments-highest") == [
        ["1", "Engineer arrives", "Broadband repair", "Repair visit", "Home visit",
         "very positive (2)"]]
    assert "1 moment flagged" not in site.html("insights/")
    assert "2 moments flagged as mattering" in site.html("insights/")


def test_solutions_are_tracked_on_the_map_and_the_journey_has_its_own(site):
    page = site.html("journeys/repair/")
    grid = _grid(page)
    # A cell holds no div of its own: each solutions cell ends at the first </div>.
    solutions = "".join(re.findall(r'<div class="cjm-cell cjm-lane-solutions .*?</div>', grid, re.S))
    assert re.findall(r"<li>(.*?)</li>", solutions) == [
        "Callback instead of a queue",
        'Status page <span class="cjm-tracking"><span class="cjm-op-status '
        'cjm-op-status-doing">doing</span> <span class="cjm-op-priority '
        'cjm-op-priority-high">high priority</span> <span class="cjm-op-owner"><span '
        'class="cjm-label">Owner:</span> Web team</span> <span class="cjm-op-due"><span '
        'class="cjm-label">Due:</span> <time datetime="2020-01-01">2020-01-01</time></span> '
        '<a class="cjm-op-link" href="https://example.com/issues/7">tracked here</a></span>',
        'SMS updates <span class="cjm-tracking"><span class="cjm-op-status '
        'cjm-op-status-planned">planned</span></span>']
    journey_wide = page.split('<h2 id="opportunities">', 1)[1].split("</ul>\n", 2)
    assert "One number for every fault" in journey_wide[0]
    assert ('<span class="cjm-op-stages"><span class="cjm-label">Stages:</span> Report the '
            "fault, Repair visit</span>") in page
    assert '<h2 id="feelings">Feelings throughout the journey</h2>' in page
    assert "<li>Relieved at the end</li>" in page


def test_action_plan_groups_opportunities_by_status_then_owner(site):
    page = site.html("insights/action-plan/")
    assert re.findall(r'<h2 id="status-(\w+)">([^<]+)</h2>', page) == [
        ("doing", "Doing"), ("planned", "Planned"), ("idea", "Idea"), ("none", "No status")]
    assert rows(page, "cjm-action-plan") == [
        ["Web team", "Status page tracked here", "high", "2020-01-01 overdue",
         "Broadband repair", "Report the fault"],
        ["", "SMS updates", "", "", "Broadband repair", "Report the fault"],
        ["Service design", "One number for every fault", "medium", "", "Broadband repair",
         "Report the fault, Repair visit"],
        ["", "Follow-up survey", "", "", "Broadband repair", "whole journey"],
        ["", "Callback instead of a queue", "", "", "Broadband repair", "Report the fault"],
    ]
    assert "5 opportunities by status and owner, 2 planned or under way" in \
        re.sub(r"\s+", " ", site.html("insights/"))


def test_opportunity_lints(site):
    assert ("journeys/repair.yml:22:9: warning: opportunity 'Status page' was due 2020-01-01 "
            "and is still doing: update 'status:' or set a new 'due:'") in site.log
    assert ("journeys/repair.yml:24:9: warning: opportunity 'SMS updates' is planned but has "
            "no owner: add 'owner:' (the team or person doing it)") in site.log


def _cjm(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cjm_site.cli", *args], cwd=project,
                          capture_output=True, text=True, timeout=120)


def test_export_json_and_csv_carry_phases_and_stage_details(site):
    data = json.loads(_cjm(site.project, "export").stdout)
    journey = data["journeys"][1]
    assert journey["phases"] == [{"name": "Before", "stages": ["Report the fault", "Wait"]},
                                 {"name": "During", "stages": ["visit"]},
                                 {"name": "After", "stages": ["wait-again"]}]
    first, wait = journey["stages"][:2]
    assert {k: first[k] for k in ("id", "phase", "owner", "duration", "optional", "moment")
            } == {"id": None, "phase": "Before", "owner": "Customer service",
                  "duration": "10 minutes", "optional": False,
                  "moment": "First contact after the outage"}
    assert wait["optional"] is True and first["notes"].startswith("Calls peak")
    assert first["touchpoints"][0]["moment"] == "She is already angry"

    touchpoints = list(csv.reader(io.StringIO(_cjm(site.project, "export", "--format",
                                                   "csv").stdout)))
    assert touchpoints[:2] == [
        ["journey", "persona", "phase", "stage", "stage_id", "channel", "touchpoint",
         "emotion", "emotion_scale", "emotion_normalised", "moment"],
        ["repair", "maya", "Before", "Report the fault", "", "Phone", "Hotline", "-1",
         "-2..2", "-1", "She is already angry"]]
    stages = list(csv.reader(io.StringIO(_cjm(site.project, "export", "--format", "csv",
                                              "--table", "stages").stdout)))
    assert stages[0][:9] == ["journey", "phase", "stage", "stage_id", "owner", "duration",
                             "optional", "moment", "emotion"]
    assert [row[:9] for row in stages[1:]] == [
        ["ops", "", "Monitor", "", "", "", "", "", "0"],
        ["repair", "Before", "Report the fault", "", "Customer service", "10 minutes", "",
         "First contact after the outage", "-1"],
        ["repair", "Before", "Wait", "", "", "2 days", "true", "", "-2"],
        ["repair", "During", "Repair visit", "visit", "", "", "", "", "2"],
        ["repair", "After", "Wait", "wait-again", "", "", "", "", "0"]]
    opportunities = list(csv.reader(io.StringIO(_cjm(site.project, "export", "--format",
                                                     "csv", "--table",
                                                     "opportunities").stdout)))
    assert opportunities == [
        ["journey", "stages", "text", "priority", "owner", "status", "due", "link"],
        ["repair", "Report the fault, visit", "One number for every fault", "medium",
         "Service design", "idea", "", ""],
        ["repair", "", "Follow-up survey", "", "", "", "", ""],
        ["repair", "Report the fault", "Callback instead of a queue", "", "", "", "", ""],
        ["repair", "Report the fault", "Status page", "high", "Web team", "doing",
         "2020-01-01", "https://example.com/issues/7"],
        ["repair", "Report the fault", "SMS updates", "", "", "planned", "", ""]]
    assert journey["feelings"] == ["Powerless", "Relieved at the end"]
    assert journey["opportunities"][0] == {
        "text": "One number for every fault", "priority": "medium", "owner": "Service design",
        "status": "idea", "link": None, "due": None, "stages": ["Report the fault", "visit"]}
    assert first["solutions"][0] == {"text": "Callback instead of a queue", "priority": None,
                                     "owner": None, "status": None, "link": None, "due": None}
    goals = stages[0].index("goals")
    assert stages[2][goals] == "Get the [internet](https://example.com/status) back *today*"


def test_json_schema_accepts_every_new_key_and_rejects_bad_forms(site):
    path = site.project / "journeys/repair.yml"
    # As an editor sees the file: dates as text.
    data = json.loads(json.dumps(load_file(path, "journeys/repair.yml", "journey").data,
                                 default=lambda d: d.isoformat()))
    # The site's own schema (`cjm schema`), which knows its lanes.
    schema = json.loads(_cjm(site.project, "schema", "journey").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(data)) == []
    assert not jsonschema.Draft202012Validator(json_schema.generate("journey")).is_valid(data)
    for key, bad in (("optional", "yes"), ("moment", True), ("id", "Again"), ("phase", [1]),
                     ("solutions", [{"text": "X", "status": "planed"}]),
                     ("solutions", [{"text": "X", "link": "javascript:alert(1)"}]),
                     ("solutions", [{"owner": "X"}])):
        stage = {"name": "A", key: bad}
        assert not validator.is_valid({"title": "X", "stages": [stage]}), key
    assert not validator.is_valid({"title": "X", "stages": [{"name": "A"}],
                                   "opportunities": [{"text": "X", "priority": "urgent"}]})
    touchpoint = {"name": "T", "moment": True}
    assert not validator.is_valid({"title": "X", "stages": [{"name": "A",
                                                             "touchpoints": [touchpoint]}]})
