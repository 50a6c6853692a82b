"""The lane table (core/lanes.py) is the one place a lane is declared: validation, the JSON
Schema, the journey page, the export and the format guide follow from it."""

from __future__ import annotations

import dataclasses
import json
import re

import jsonschema
import pytest

from cjm_site.cli import export
from cjm_site.core import lanes, schema
from cjm_site.core.lanes import COLOURS, LANES, Lane
from cjm_site.core.options import read_options
from cjm_site.render.build import PageOptions, build_pages
from cjm_site.source import json_schema
from cjm_site.source.handbook import Settings, load_handbook
from cjm_site.source.loader import load_file

from . import journey_map
from .conftest import REPO, write_project

# Two lanes a team might add: one of each kind a declaration can use without new code.
EXTRA = (Lane("pains", "Pains", lanes.LIST, "what hurts", "red", "alert"),
         Lane("summary", "Summary", lanes.TEXT, "the stage in a sentence", "grey", "text"))
TABLE = LANES + EXTRA

JOURNEY = """\
title: Extended
persona: maya
stages:
  - name: Awareness
    pains: [Too many tabs, Slow pages]
    summary: She looks around.
  - name: Decision
    pains: Price
"""


def _load(tmp_path, journey: str, table: tuple[Lane, ...] = TABLE):
    project = write_project(tmp_path, {"journeys/personas/maya.yml": "name: Maya\n",
                                       "journeys/extended.yml": journey})
    settings = dataclasses.replace(Settings.from_project(project), lanes=table)
    return load_handbook(settings)


def test_a_declared_lane_is_read_drawn_exported_and_in_the_schema(tmp_path):
    handbook = _load(tmp_path, JOURNEY)
    assert handbook.errors == []
    journey = handbook.journeys["extended"]
    assert [s.lanes for s in journey.stages] == [
        {"pains": ["Too many tabs", "Slow pages"], "summary": "She looks around."},
        {"pains": ["Price"]}]

    page = {p.src_uri: p for p in build_pages(handbook, PageOptions(lanes=TABLE))}
    html = page["journeys/extended.md"].html
    assert journey_map.lanes(html) == ["Pains", "Summary"]
    # Drawn in its colour, with its icon, one cell per stage.
    label = re.search(r'<div class="cjm-lane-label cjm-lane-pains cjm-colour-red" '
                      r'role="columnheader">(.*?)</div>', html, re.S).group(1)
    assert '<use href="#cjm-icon-alert"/>' in label and 'id="cjm-icon-alert"' in html
    cells = re.findall(r'<div class="cjm-cell cjm-lane-pains cjm-colour-red" role="cell">'
                       r"(.*?)</div>", html, re.S)
    assert [re.findall(r"<li>([^<]*)</li>", cell) for cell in cells] == [
        ["Too many tabs", "Slow pages"], ["Price"]]
    assert '<div class="cjm-lane-text"><p>She looks around.</p></div>' in html

    stages = json.loads(export.to_json(handbook, TABLE))["journeys"][0]["stages"]
    assert [(s["pains"], s["summary"]) for s in stages] == [
        (["Too many tabs", "Slow pages"], "She looks around."), (["Price"], None)]

    data = load_file(tmp_path / "journeys/extended.yml", "journeys/extended.yml",
                     "journey").data
    jsonschema.validate(data, json_schema.generate("journey", table=TABLE))
    assert not jsonschema.Draft202012Validator(json_schema.generate("journey")).is_valid(data)


def test_a_lane_not_declared_is_an_unknown_key(tmp_path):
    handbook = _load(tmp_path, JOURNEY, LANES)
    assert [str(p) for p in handbook.errors] == [
        "journeys/extended.yml:5:5: error: stage 'Awareness': unknown key 'pains': write "
        "'barriers:' (pain points: what stops or frustrates them)",
        "journeys/extended.yml:6:5: error: stage 'Awareness': unknown key 'summary': write one "
        "of name, id, phase, owner, duration, optional, moment, goals, questions, actions, "
        "touchpoints, thoughts, feelings, emotion, barriers, solutions, kpis, evidence, notes, "
        "frontstage, backstage, support, or remove it",
        "journeys/extended.yml:8:5: error: stage 'Decision': unknown key 'pains': write "
        "'barriers:' (pain points: what stops or frustrates them)",
    ]


def test_a_declared_lane_checks_its_values_by_kind(tmp_path):
    handbook = _load(tmp_path, JOURNEY.replace("pains: Price", "pains: [{Price: high}]")
                     .replace("summary: She looks around.", "summary: [a, b]"))
    assert [str(p) for p in handbook.errors] == [
        "journeys/extended.yml:6:14: error: stage 'Awareness': summary must be text, not a "
        "list",
        "journeys/extended.yml:8:13: error: stage 'Decision': pains item must be text, not a "
        "mapping (put text that contains ': ' in quotes)",
    ]


def test_the_format_guide_lists_every_stage_key_in_order():
    guide = (REPO / "docs/guide/format.md").read_text(encoding="utf-8")
    start = guide.index("## Stages")
    section = guide[start:guide.index("\n### ", start)]
    table = re.findall(r"^\| `(\w+)` \|", section, re.M)
    assert table == [key.name for key in schema.STAGE]


@pytest.mark.parametrize("value, message", [
    ({"key": "x"}, "expected a list of lanes such as [{key: channels, title: Channels}], not "
     "dict"),
    (["x"], "lane 1: expected a mapping {key, title, kind, colour, icon, position}, not 'x'"),
    ([{"key": "x", "colur": "red"}], "lane 1: unknown key 'colur' (did you mean 'colour'?): "
     "use key, title, kind, colour, icon, position"),
    ([{"key": "Bad Key"}], "lane 1: 'key' must be a lowercase word (letters, digits, '_'), "
     "e.g. 'channels', not 'Bad Key'"),
    ([{"key": "goals"}], "lane 'goals': 'goals' is already a key of a stage: choose another "
     "key"),
    ([{"key": "phase"}], "lane 'phase': 'phase' is already a key of a stage: choose another "
     "key"),
    ([{"key": "x", "kind": "lists"}], "lane 'x': kind 'lists' is unknown (did you mean "
     "'list'?): use 'list' (a list of texts) or 'text' (one Markdown text)"),
    ([{"key": "x", "colour": "redd"}], "lane 'x': colour 'redd' is unknown (did you mean "
     "'red'?): use one of " + ", ".join(lanes.COLOURS)),
    ([{"key": "x", "icon": "Big Icon"}], "lane 'x': 'icon' must be an icon name such as "
     "'star' (lowercase letters, digits and '-'), not 'Big Icon'"),
    ([{"key": "x", "position": "below goals"}], "lane 'x': position 'below goals' is "
     "unknown: write 'after <lane>' or 'before <lane>', e.g. 'after barriers'"),
    ([{"key": "x", "position": "after goal"}], "lane 'x': position 'after goal' names no "
     "lane (did you mean 'goals'?): lanes are " + ", ".join(lane.key for lane in LANES)),
])
def test_the_lanes_option_says_what_to_write_instead(value, message):
    assert read_options({"lanes": value})[1] == [("lanes", message)]


def test_lanes_of_the_site_take_their_place_and_band():
    table, failed = read_options({"lanes": [
        {"key": "used", "position": "after touchpoints"}, {"key": "late"},
        {"key": "rules", "kind": "text", "position": "after support"},
        {"key": "first", "position": "before goals"}]})
    assert failed == []
    keys = [(lane.key, lane.band) for lane in table["lanes"]]
    assert keys[:6] == [("first", "customer"), ("goals", "customer"),
                        ("questions", "customer"), ("actions", "customer"),
                        ("touchpoints", "customer"), ("used", "customer")]
    assert keys[-6:] == [("notes", "customer"), ("late", "customer"),
                         ("frontstage", "blueprint"), ("backstage", "blueprint"),
                         ("support", "blueprint"), ("rules", "blueprint")]


def test_every_lane_colour_and_icon_is_shipped_with_the_map():
    from importlib import resources

    assets = resources.files("cjm_site.render").joinpath("assets")
    css = assets.joinpath("cjm.css").read_text(encoding="utf-8")
    for colour in COLOURS:
        # A light tone, and a lighter one for the dark palette.
        assert len(re.findall(rf"\.cjm-colour-{colour} {{ --cjm-lane: #\w+; }}", css)) == 2, colour
    for lane in LANES:
        assert assets.joinpath(f"icons/{lane.icon}.svg").is_file(), lane.icon
