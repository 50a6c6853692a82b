"""Messages a CX researcher understands: the usual mistakes, each reported once, at its
cause, in the words of the format, with what to write instead."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from cjm_site.source.handbook import Settings, load_handbook

from .conftest import REPO, write_project

PERSONA = "name: Maya Fischer\n"
USES_MAYA = "title: Uses Maya\npersona: maya\nstages:\n  - name: A\n    emotion: 1\n"
ALIGN = ("YAML reads from the indentation what a line belongs to: start the keys of one "
         "mapping, and the '- ' items of one list, at the same column, with spaces")


def problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    """The problems of a handbook of the given files, a persona and a journey naming it."""
    project = write_project(tmp_path, {"journeys/personas/maya.yml": PERSONA,
                                       "journeys/uses-maya.yml": USES_MAYA, **files})
    return [str(p) for p in load_handbook(Settings.from_project(project)).problems]


# A journey with one mistake each: (what it is, the file, the one problem it must give).
YAML_MISTAKES = [
    ("key indented less", """\
        title: X
        persona: maya
        stages:
          - name: A
            goals: [a]
           actions: [b]
        """, "6:4: error: this line starts at column 4, which lines up with no key or '- ' "
             f"item above it (line 5 starts at column 5); {ALIGN}"),
    ("key indented more", """\
        title: X
          persona: maya
        """, f"2:3: error: this line is indented more than line 1 above it (column 3, not 1); "
             f"{ALIGN}"),
    ("key under the dash", """\
        title: X
        persona: maya
        stages:
          - name: A
          emotion: 1
        """, "5:3: error: this line starts under the '- ' of line 4: a key of that item "
             f"starts under its first key (column 5); {ALIGN}"),
    ("list item among keys", """\
        title: X
        - Awareness
        """, "2:1: error: a '- ' item among the keys of line 1: a list goes under its key "
             f"('goals:' on a line of its own, the items indented below it); {ALIGN}"),
    ("tab as indentation", "title: X\npersona: maya\nstages:\n\t- name: A\n",
     "4:1: error: this line is indented with a tab: YAML indents with spaces only"),
    ("tab inside text", "title: Sign\tup\npersona: maya\n",
     "1:12: error: a tab inside text: replace it with a space, or put the text in quotes"),
    ("unclosed double quote", 'title: "Sign up\npersona: maya\n',
     '1:8: error: the quote " opened here is never closed: end the text with "'),
    ("apostrophe in single quotes", "title: 'Maya's shop'\npersona: maya\n",
     "1:14: error: text after the closing quote ': put the whole text in quotes (an "
     "apostrophe inside '...' is written twice: 'Maya''s shop', or use double quotes: "
     "\"Maya's shop\")"),
    ("unclosed bracket", "title: X\npersona: maya\nstages:\n  - name: A\n    goals: [a, b\n"
                         "  - name: B\n",
     "5:12: error: the [ opened here is never closed: end a list in [...] with ] (or write "
     "one '- ' item per line instead)"),
    ("unclosed brace", "title: X\nstages:\n  - name: A\n    touchpoints:\n"
                       "      - {channel: Web, name: Form\n",
     "5:9: error: the { opened here is never closed: end a mapping in {...} with } (or "
     "write one 'key: value' per line instead)"),
    ("colon in text", "title: Checkout: the last step\npersona: maya\n",
     "1:16: error: text that contains ': ' must be in quotes: title: \"Checkout: the last "
     "step\""),
    ("no space after the colon", "title:X\npersona: maya\n",
     "1:1: error: write a space after the colon: 'title: X'"),
    ("no colon after a key", "title: X\nstages:\n  - name: A\n    emotion 1\n",
     "4:5: error: 'emotion 1' is neither 'key: value' nor a '- ' item: write a colon and a "
     "space after the key"),
    ("text starting with @", "title: @home\n",
     "1:8: error: text cannot start with '@': put the text in quotes (\"@...\")"),
    ("tab inside a list in brackets", "title: X\npersona: maya\nstages:\n  - name: A\n"
                                      "    goals: [Get a working\tphone]\n",
     "5:26: error: a tab inside text: replace it with a space, or put the text in quotes"),
    ("no space after the colon, a key below", "title: X\nowner:Claims team\npersona: maya\n",
     "2:1: error: write a space after the colon: 'owner: Claims team'"),
    ("no colon after a key, its keys below", """\
        title: X
        persona: maya
        stages:
          - name A
            emotion: 1
        """, "4:3: error: '- name A' is neither 'key: value' nor a '- ' item: write a colon "
             "and a space after the key: 'name: A'"),
    ("no space after the dash", """\
        title: X
        persona: maya
        stages:
          -name: A
            emotion: 1
        """, "4:3: error: write a space after the '-' that starts an item: '- name: A'"),
]


@pytest.mark.parametrize("content, expected", [c[1:] for c in YAML_MISTAKES],
                         ids=[c[0] for c in YAML_MISTAKES])
def test_yaml_mistakes_are_said_in_the_words_of_the_format(tmp_path, content, expected):
    assert problems(tmp_path, {"journeys/x.yml": textwrap.dedent(content)}) == [
        f"journeys/x.yml:{expected}"]


def test_lines_named_in_a_message_are_lines_of_the_file_after_front_matter(tmp_path):
    """A Markdown file's YAML starts on line 2: the lines a message names count from the
    file's first line, as its position does."""
    assert problems(tmp_path, {"journeys/x.md": textwrap.dedent("""\
        ---
        title: X
        persona: maya
        stages:
          - name: A
            emotion: 1
             goals: [a]
          - name: B
           emotion: 1
        ---
        """)}) == [f"journeys/x.md:7:6: error: this line is indented more than line 6 above it "
                   f"(column 6, not 5); {ALIGN}"]
    # Each mistake alone (the parser stops at the first).
    assert problems(tmp_path, {"journeys/x.md": "---\ntitle: X\npersona: maya\nstages:\n"
                                                "  - name: A\n   emotion: 1\n---\n"}) == [
        "journeys/x.md:6:4: error: this line starts at column 4, which lines up with no key "
        f"or '- ' item above it (the keys of line 5 start at column 5); {ALIGN}"]


def test_a_quoted_number_is_the_emotion_it_shows(tmp_path):
    project = write_project(tmp_path, {"journeys/personas/maya.yml": PERSONA,
                                       "journeys/x.yml": """\
        title: X
        persona: maya
        stages:
          - name: A
            emotion: "-1"
            touchpoints:
              - {name: T, emotion: " 1.5 "}
          - name: B
            emotion: "1_0"
        """})
    handbook = load_handbook(Settings.from_project(project))
    a, b = handbook.journeys["x"].stages
    assert (a.emotion, a.touchpoints[0].emotion) == (-1.0, 1.5)
    # Only plain decimals are numbers: '1_0' is not the ten Python would read.
    assert [str(p) for p in handbook.errors] == [
        "journeys/x.yml:9:14: error: stage 'B': emotion: unknown word '1_0': use a number "
        "from -2 to 2 or one of 'very negative', 'negative', 'neutral', 'positive', "
        "'very positive'"]


JOURNEY = "title: {title}\npersona: {persona}\nstages:\n  - name: A\n    emotion: 1\n"


def test_a_broken_persona_is_reported_once_not_by_every_journey(tmp_path):
    assert problems(tmp_path, {
        "journeys/personas/omar.yml": "name: Omar\n  summary: Nurse\n",
        "journeys/a.yml": JOURNEY.format(title="A", persona="omar"),
        "journeys/b.yml": JOURNEY.format(title="B", persona="omar"),
    }) == [f"journeys/personas/omar.yml:2:3: error: this line is indented more than line 1 "
           f"above it (column 3, not 1); {ALIGN}"]


def test_a_broken_journey_does_not_orphan_its_persona(tmp_path):
    found = problems(tmp_path, {
        "journeys/personas/omar.yml": "name: Omar\n",
        "journeys/personas/lena.yml": "name: Lena\n",
        "journeys/a.yml": JOURNEY.format(title="A: broken", persona="omar"),
    })
    assert [p.split(": ", 2)[1] for p in found] == ["error", "warning"]
    assert found[1] == ("journeys/personas/lena.yml:1:1: warning: persona 'lena' appears in "
                        "no journey: name it in a journey's 'persona:' or remove the file")


@pytest.mark.parametrize("written, expected", [
    ("Maya Fischer", "'Maya Fischer' is the name of a persona, not its id: write 'maya' (the "
                     "name of its file without the extension)"),
    ("maya fischer", "'maya fischer' is the name of a persona, not its id: write 'maya' (the "
                     "name of its file without the extension)"),
    ("maya-fischer", "'maya-fischer' is the name of a persona, not its id: write 'maya' (the "
                     "name of its file without the extension)"),
    ("maya-fisher", "unknown persona 'maya-fisher' (did you mean 'maya', the id of Maya "
                    "Fischer?): add a persona file or fix the id"),
    ("Maja", "persona 'Maja' is not an id (did you mean 'maya'?): write the id of a persona, "
             "the name of its file without the extension"),
    ("mya", "unknown persona 'mya' (did you mean 'maya'?): add a persona file or fix the id"),
    ("zed", "unknown persona 'zed' (known personas: maya): add a persona file or fix the "
            "id"),
])
def test_a_persona_named_by_its_name_or_nearly_gets_its_real_id(tmp_path, written, expected):
    assert problems(tmp_path, {"journeys/x.yml": JOURNEY.format(title="X", persona=written)}
                    ) == [f"journeys/x.yml:2:10: error: {expected}"]


def test_no_message_says_a_word_twice():
    """'emotion: emotion 5': the place of a problem and its sentence repeat no word."""
    corpus = (REPO / "tests" / "bad" / "expected.txt").read_text(encoding="utf-8")
    cases = "\n".join(c[2] for c in YAML_MISTAKES)
    doubled = re.compile(r"\b(\w+)\b:? \1\b")
    assert [line for line in (corpus + cases).splitlines() if doubled.search(line)] == []


def test_counts_of_one_are_singular(build_project):
    build = build_project({"journeys/personas/maya.yml": PERSONA,
                           "journeys/x.yml": JOURNEY.format(title="X", persona="maya")},
                          ":\n      concurrency: 0")
    assert build.returncode == 0, build.log
    assert "cjm: 1 journey and 1 persona made " in build.log


@pytest.mark.parametrize("written, expected", [
    ("Maya Fischer", "'Maya Fischer' is the name of a persona, not its id: write 'maya' (the "
                     "name of its file without the extension)"),
    # Close to no persona, it may mean any of those its error lists: which one appears in
    # no journey is known once the reference is fixed.
    ("mia", "unknown persona 'mia' (known personas: maya): add a persona file or fix the id"),
])
def test_a_misnamed_persona_is_not_also_said_to_appear_in_no_journey(tmp_path, written,
                                                                      expected):
    project = write_project(tmp_path, {
        "journeys/personas/maya.yml": PERSONA,
        "journeys/x.yml": JOURNEY.format(title="X", persona=written)})
    assert [str(p) for p in load_handbook(Settings.from_project(project)).problems] == [
        f"journeys/x.yml:2:10: error: {expected}"]


def test_an_unknown_persona_lists_the_first_ids_of_a_large_handbook(tmp_path):
    personas = {f"journeys/personas/p{n}.yml": f"name: P {n}\n" for n in range(1, 10)}
    found = problems(tmp_path, {**personas, "journeys/x.yml": JOURNEY.format(
        title="X", persona="zed")})
    assert [p for p in found if ": error: " in p] == [
        "journeys/x.yml:2:10: error: unknown persona 'zed' (known personas: maya, p1, p2, p3, "
        "p4, p5, p6, p7 ...): add a persona file or fix the id"]


STAGE_KEYS = ("name, id, phase, owner, duration, optional, moment, goals, questions, actions, "
              "touchpoints, thoughts, feelings, emotion, barriers, solutions, kpis, evidence, "
              "notes, frontstage, backstage, support")


@pytest.mark.parametrize("line, expected", [
    # Words researchers use for a key of another name: the key, and what it holds.
    ("    pain_points: [Long forms]", "6:5: error: stage 'A': unknown key 'pain_points': write "
                                      "'barriers:' (pain points: what stops or frustrates them)"),
    ("    metrics: []", "6:5: error: stage 'A': unknown key 'metrics': write 'kpis:' (metrics "
                        "that measure the stage)"),
    ("    channels: [Web]", "6:5: error: stage 'A': unknown key 'channels': write "
                            "'touchpoints:' (interactions with the company)"),
    ("    opportunities: [Shorter form]", "6:5: error: stage 'A': unknown key 'opportunities': "
                                          "write 'solutions:' (opportunities: what the company "
                                          "will do about the barriers: text, or {text, priority, "
                                          "owner, status, link, due})"),
    # A stage's word at the top of a journey: where it goes.
    ("pain_points: [Long forms]", "6:1: error: unknown key 'pain_points': write 'barriers:' in "
                                  "a stage, under 'stages:' (pain points: what stops or "
                                  "frustrates them)"),
    # A near key is named; with none near, the keys of the place.
    ("    barrier: [Long forms]", "6:5: error: stage 'A': unknown key 'barrier' (did you mean "
                                  "'barriers'?)"),
    ("    colour: red", f"6:5: error: stage 'A': unknown key 'colour': write one of "
                        f"{STAGE_KEYS}, or remove it"),
])
def test_an_unknown_key_says_what_to_write_instead(tmp_path, line, expected):
    assert problems(tmp_path, {"journeys/x.yml": JOURNEY.format(title="X", persona="maya")
                               + line + "\n"}) == [f"journeys/x.yml:{expected}"]
