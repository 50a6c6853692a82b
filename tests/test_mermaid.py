"""Mermaid journey diagrams in and out: the examples of Mermaid's own documentation (the user
journey page and the accessibility page), its parser's test cases, bad diagrams with their
positions, and round trips through the handbook."""

from __future__ import annotations

import textwrap

import pytest

from cjm_site.cli.mermaid import import_diagram, to_mermaid
from cjm_site.core.model import Handbook, Journey, Persona, Stage, Touchpoint
from cjm_site.core.scale import scale_from_option
from cjm_site.source.mermaid import Diagram, Section, Task, escape, parse

from .conftest import copy_demo, run_cli, write_project

# Mermaid's documentation, "User Journey Diagram".
WORKING_DAY = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""
# Mermaid's documentation, "Accessibility Options": the user journey sample, which is the
# diagram above, two spaces further in, after an accessible title and description.
ACCESSIBLE = ("  journey\n      accTitle: My User Journey Diagram\n"
              "      accDescr: My User Journey Diagram Description\n\n"
              + textwrap.indent(WORKING_DAY.split("\n", 1)[1], "  ") + "\n")
# Mermaid's parser tests: a multi-line description, tasks without actors or with an empty one.
PARSER_CASES = """\
journey
accDescr {
        A user journey for
        family shopping
      }
title Adding journey diagram functionality to mermaid
accTitle: Adding acc journey diagram functionality to mermaid
section Documentation
A task: 5: Alice, Bob, Charlie
B task: 3:Bob, Charlie
C task: 5
D task: 5: Charlie, Alice
E task: 5:
section Another section
P task: 5:
"""

WORKING_DAY_TASKS = [
    Section("Go to work", 3, [Task("Make tea", 5, ["Me"], 4), Task("Go upstairs", 3, ["Me"], 5),
                              Task("Do work", 1, ["Me", "Cat"], 6)]),
    Section("Go home", 7, [Task("Go downstairs", 5, ["Me"], 8), Task("Sit down", 5, ["Me"], 9)]),
]


def test_the_documented_example_reads_as_mermaid_reads_it():
    diagram, problems = parse(WORKING_DAY, "day.mmd")
    assert problems == []
    assert diagram == Diagram("My working day", None, None, WORKING_DAY_TASKS)
    assert diagram.actors == ["Me", "Cat"]


def test_the_accessibility_example_keeps_title_and_description():
    diagram, problems = parse(ACCESSIBLE, "day.mmd")
    assert problems == []
    assert (diagram.title, diagram.accessible_title, diagram.description) == (
        "My working day", "My User Journey Diagram", "My User Journey Diagram Description")
    assert [(s.name, [(t.name, t.score, t.actors) for t in s.tasks])
            for s in diagram.sections] == [
        (s.name, [(t.name, t.score, t.actors) for t in s.tasks]) for s in WORKING_DAY_TASKS]


def test_the_parser_cases_of_mermaid():
    diagram, problems = parse(PARSER_CASES, "shop.mmd")
    assert problems == []
    assert diagram.description == "A user journey for\nfamily shopping"
    assert diagram.accessible_title == "Adding acc journey diagram functionality to mermaid"
    assert [(t.name, t.score, t.actors) for s in diagram.sections for t in s.tasks] == [
        ("A task", 5, ["Alice", "Bob", "Charlie"]), ("B task", 3, ["Bob", "Charlie"]),
        ("C task", 5, []), ("D task", 5, ["Charlie", "Alice"]), ("E task", 5, []),
        ("P task", 5, [])]


def test_comments_directives_front_matter_and_entity_codes():
    text = ("---\ntitle: From front matter\n---\n%%{init: {'theme': 'forest'}}%%\njourney\n"
            "  %% a comment line\n  section Pay #35;1 # the first section\n"
            "    Enter card#58; number: 2: Maya #colon; Ana %% trailing comment\n"
            "    #115;ection of the form: 4\n")
    diagram, problems = parse(text, "pay.mmd")
    assert problems == []
    assert diagram.title == "From front matter"
    assert diagram.sections == [Section("Pay #1", 7, [
        Task("Enter card: number", 2, ["Maya : Ana"], 8),
        Task("section of the form", 4, [], 9)])]


@pytest.mark.parametrize(("text", "expected"), [
    ("graph TD\n  A --> B\n", "x.mmd:1:1: error: this is a 'graph' diagram: only journey "
                               "diagrams can be imported"),
    ("\n  title Day\n", "x.mmd:2:3: error: a journey diagram starts with a line 'journey'"),
    ("", "x.mmd:1:1: error: the file holds no diagram: write 'journey', then sections and "
         "tasks"),
    ("journey\n  title Day\n", "x.mmd:3:1: error: the diagram has no tasks: write 'Task "
                               "name: 3: Actor' lines under a 'section'"),
    ("journey\n  section Go: home\n", "x.mmd:2:13: error: a section name cannot hold ':': "
                                      "write #58; for a colon"),
    ("journey\n  section A\n    Make tea\n", "x.mmd:3:5: error: task 'Make tea' has no score: "
     "write 'Make tea: 3: Actor' (a score from 1 to 5, then the actors)"),
    ("journey\n  section A\n    Make tea: 7: Me\n", "x.mmd:3:15: error: task 'Make tea': "
     "score 7 is out of range: use a number from 1 to 5"),
    ("journey\n  section A\n    Make tea:  high: Me\n", "x.mmd:3:16: error: task 'Make "
     "tea': the score must be a number from 1 to 5, not 'high'"),
    ("journey\n  section A\n    Tea: 5: Me: Cat\n", "x.mmd:3:15: error: a task is 'name: "
     "score: actors': write #58; for a colon in a name"),
    ("journey\n  section A\n    Tea; coffee: 5\n", "x.mmd:3:8: error: ';' is not part of "
     "a journey diagram: write #59; for a semicolon"),
    ("journey\n  accDescr {\n  never closed\n", "x.mmd:2:3: error: 'accDescr {' is not "
     "closed: end the description with '}'"),
    ("---\ntitle: x\n", "x.mmd:1:1: error: the front matter that starts here is not "
                        "closed: end it with a line '---'"),
])
def test_a_bad_diagram_gets_positioned_errors(text, expected):
    _, problems = parse(text, "x.mmd")
    assert [str(p) for p in problems] == [expected]


def test_every_bad_line_is_reported():
    _, problems = parse("journey\n section A\n  T: 9\n  U\n  V: 2: Me\n", "x.mmd")
    assert [(p.line, p.col) for p in problems] == [(3, 6), (4, 3)]


# -- export ---------------------------------------------------------------------------------


def _journey() -> tuple[Journey, Handbook]:
    handbook = Handbook(personas={
        "lena": Persona("lena", "Lena: buyer", "p/lena.yml"),
        "tomasz": Persona("tomasz", "Tomasz", "p/tomasz.yml")})
    journey = Journey("j", "Section 2; #1 of the plan", "j.yml", personas=["lena", "tomasz"],
                      narrative="First line.\n\nSecond {line} #1;", stages=[
        Stage("Buy: online", touchpoints=[
            Touchpoint("Demo", emotion=2.0),
            Touchpoint("Price", emotion=-0.5, persona_emotions={"tomasz": -2.0, "lena": 1.0}),
            Touchpoint("Contract", emotion=-1.0, persona_emotions={"lena": -1.0,
                                                                   "tomasz": -1.0}),
            Touchpoint("Invoice")]),
        Stage("Use", stated_emotion=0.5),
        Stage("Renew")])
    return journey, handbook


def test_export_maps_scores_onto_one_to_five_and_codes_syntax():
    journey, handbook = _journey()
    assert to_mermaid(journey, handbook) == """\
journey
    title #83;ection 2#59; #35;1 of the plan
    accDescr {
      First line.
      Second {line#125; #35;1;
    }
    section Buy#58; online
      Demo: 5: Lena#58; buyer, Tomasz
      Price: 4: Lena#58; buyer
      Price: 1: Tomasz
      Contract: 2: Lena#58; buyer, Tomasz
      %% not rated in the map: drawn in the middle of the scale
      Invoice: 3: Lena#58; buyer, Tomasz
    section Use
      Use: 3.5: Lena#58; buyer, Tomasz
    section Renew
"""
    diagram, problems = parse(to_mermaid(journey, handbook), "j.mmd")
    assert problems == []
    assert diagram.title == journey.title
    assert diagram.description == "First line.\nSecond {line} #1;"
    assert [s.name for s in diagram.sections] == ["Buy: online", "Use", "Renew"]


def test_escape_leaves_plain_names_alone():
    assert escape("Make tea") == "Make tea"
    assert escape("journey planning") == "#106;ourney planning"
    assert escape("Me, Cat", "#;%:,") == "Me#44; Cat"


def test_export_on_the_handbooks_own_scale(tmp_path):
    project = write_project(tmp_path, {
        "journeys/personas/maya.yml": "name: Maya\n",
        "journeys/visit.yml": "title: Visit\npersona: maya\nstages:\n  - name: Arrive\n"
                              "    touchpoints:\n      - {name: Door, emotion: 0}\n"
                              "      - {name: Desk, emotion: 10}\n"},
        options=":\n      emotion_scale: {low: 0, high: 10}")
    result = run_cli(project, "export", "--format", "mermaid")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == ("journey\n    title Visit\n    section Arrive\n      Door: 1: Maya\n"
                          "      Desk: 5: Maya\n")


def test_export_maps_from_the_journeys_own_scale(tmp_path):
    """A 0..5 map beside the handbook's -2..2 maps: its own range onto 1..5."""
    project = write_project(tmp_path, {
        "journeys/personas/maya.yml": "name: Maya\n",
        "journeys/stay.yml": "title: Stay\npersona: maya\nemotion_scale: {low: 0, high: 5}\n"
                             "stages:\n  - name: Arrive\n    touchpoints:\n"
                             "      - {name: Door, emotion: 0}\n"
                             "      - {name: Desk, emotion: 2.5}\n"
                             "      - {name: Key, emotion: 5}\n"})
    result = run_cli(project, "export", "--format", "mermaid")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == ("journey\n    title Stay\n    section Arrive\n      Door: 1: Maya\n"
                             "      Desk: 3: Maya\n      Key: 5: Maya\n")


def test_export_of_the_demo_reads_back(tmp_path):
    project = copy_demo(tmp_path / "demo")
    result = run_cli(project, "export", "--format", "mermaid", "--journey", "saas-onboarding")
    assert result.returncode == 0, result.stderr
    diagram, problems = parse(result.stdout, "out.mmd")
    assert problems == []
    assert diagram.title == "Team onboarding to the route planning platform"
    assert diagram.actors == ["Lena Kowalczyk", "Tomasz Nowak"]
    unknown = run_cli(project, "export", "--format", "mermaid", "--journey", "first-purchse")
    assert unknown.returncode == 2 and unknown.stderr.endswith(
        "cjm: error: unknown journey 'first-purchse' (did you mean 'first-purchase'?)\n")
    many = run_cli(project, "export", "--format", "mermaid")
    assert many.returncode == 2 and "name the journey to export with --journey ID (one of: " \
                              "broadband-repair, first-purchase, " in many.stderr


# -- import ---------------------------------------------------------------------------------


def test_import_writes_stages_touchpoints_and_personas_on_the_diagrams_scale():
    diagram, _ = parse(WORKING_DAY, "day.mmd")
    imported = import_diagram(diagram, "day.mmd", Handbook(personas={
        "cat": Persona("cat", "Kitty", "journeys/personas/cat.yml")}))
    assert imported.journey == """\
# Imported from day.mmd, a Mermaid journey diagram: scores on its 1..5 scale.
title: My working day
personas: [me, cat]
emotion_scale: {low: 1, high: 5}
stages:
  - name: Go to work
    touchpoints:
      - name: Make tea
        emotion: {me: 5}
      - name: Go upstairs
        emotion: {me: 3}
      - name: Do work
        emotion: {me: 1, cat: 1}
  - name: Go home
    touchpoints:
      - name: Go downstairs
        emotion: {me: 5}
      - name: Sit down
        emotion: {me: 5}
"""
    # Cat is a persona of the handbook already (by id); Me gets a file of its own.
    assert imported.personas == {"me": "# Written by cjm import mermaid for an actor of "
                                       "day.mmd: fill it in.\nname: Me\n"}


def test_import_into_a_handbook_on_one_to_five_keeps_the_handbooks_scale():
    """The handbook's range is Mermaid's: the journey takes the handbook's scale, words and
    all, instead of one of its own."""
    diagram, _ = parse(WORKING_DAY, "day.mmd")
    text = import_diagram(diagram, "day.mmd", Handbook(),
                          scale_from_option({"low": 1, "high": 5,
                                             "words": {"bad": 1, "ok": 3, "great": 5}})).journey
    assert "emotion_scale" not in text and "title: My working day\npersonas: [me, cat]\n" \
        "stages:\n" in text


def test_import_quotes_what_yaml_would_misread():
    diagram, _ = parse("journey\n  title Yes\n  section 2024\n    On: 2: No, Ana#58; x\n"
                       "    T: 1\n", "x.mmd")
    text = import_diagram(diagram, "x.mmd", Handbook()).journey
    assert 'title: "Yes"\npersonas: ["no", ana-x]\n' in text
    assert '  - name: "2024"\n' in text and '      - name: "On"\n' in text
    assert '        emotion: {"no": 2, ana-x: 2}\n      - name: T\n        emotion: 1\n' in text


def test_import_refuses_a_bad_diagram_and_writes_nothing(tmp_path):
    project = write_project(tmp_path, {"journeys/personas/maya.yml": "name: Maya\n"})
    (project / "bad.mmd").write_text("journey\n  section A\n    Tea: 6: Maya\n")
    result = run_cli(project, "import", "mermaid", "bad.mmd")
    assert result.returncode == 1
    assert result.stderr == ("bad.mmd:3:10: error: task 'Tea': score 6 is out of range: use a "
                          "number from 1 to 5\ncjm: nothing imported: fix the 1 error above\n")
    assert sorted(p.name for p in (project / "journeys").rglob("*")) == ["maya.yml",
                                                                         "personas"]


# -- round trips ----------------------------------------------------------------------------


@pytest.fixture
def empty(tmp_path):
    return write_project(tmp_path / "handbook", {"journeys/.keep": ""})


def test_the_documented_example_comes_back_as_written(empty):
    (empty / "day.mmd").write_text(WORKING_DAY)
    imported = run_cli(empty, "import", "mermaid", "day.mmd")
    assert imported.returncode == 0, imported.stderr
    journeys = empty / "journeys"
    assert imported.stdout == (f"wrote {journeys / 'day.yml'}\n"
                               f"wrote {journeys / 'personas/me.yml'}\n"
                               f"wrote {journeys / 'personas/cat.yml'}\n")
    validate = run_cli(empty, "validate")
    assert ": error: " not in validate.stdout, validate.stdout
    exported = run_cli(empty, "export", "--format", "mermaid")
    assert (exported.returncode, exported.stdout) == (0, WORKING_DAY)
    again = run_cli(empty, "import", "mermaid", "day.mmd")
    assert again.returncode == 1 and "journey 'day' already exists" in again.stderr


def test_the_accessibility_example_comes_back_with_its_description(empty):
    (empty / "day.mmd").write_text(ACCESSIBLE)
    assert run_cli(empty, "import", "mermaid", "day.mmd", "--id", "working-day").returncode == 0
    exported = run_cli(empty, "export", "--format", "mermaid").stdout
    before, after = parse(ACCESSIBLE, "a")[0], parse(exported, "b")[0]
    # The accessible title has no place in a journey: its title serves.
    assert (after.title, after.description, after.accessible_title) == (
        before.title, before.description, None)
    assert [(s.name, [(t.name, t.score, t.actors) for t in s.tasks]) for s in after.sections] \
        == [(s.name, [(t.name, t.score, t.actors) for t in s.tasks]) for s in before.sections]


def test_a_handbook_journey_survives_export_and_import(tmp_path):
    """Per-persona scores on the handbook's -2..2 scale, out to Mermaid and back in on its
    1..5 scale: the same diagram again."""
    demo = copy_demo(tmp_path / "demo")
    first = run_cli(demo, "export", "--format", "mermaid", "--journey", "saas-onboarding")
    assert first.returncode == 0, first.stderr
    (demo / "onboarding.mmd").write_text(first.stdout)
    imported = run_cli(demo, "import", "mermaid", "onboarding.mmd")
    assert imported.returncode == 0, imported.stderr
    # The personas are the handbook's own, found by name: no new persona files.
    assert imported.stdout == f"wrote {demo / 'journeys/onboarding.yml'}\n"
    second = run_cli(demo, "export", "--format", "mermaid", "--journey", "onboarding")
    assert second.stdout == first.stdout
