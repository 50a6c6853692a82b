"""Every kind of bad input: the exact file, line, column and message, and nothing else lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm_site.source.handbook import Settings, load_handbook
from cjm_site.render.build import PageOptions, build_pages

from .conftest import write_project

GOOD_PERSONA = "name: Maya\n"
GOOD_JOURNEY = """\
title: Good journey
persona: maya
stages:
  - name: Awareness
    touchpoints:
      - {channel: Web, name: Landing page, emotion: 1}
"""


def load(tmp_path: Path, files: dict[str, str | bytes]):
    """The handbook of a project holding a good journey, a persona and the given files."""
    project = write_project(tmp_path, {"journeys/personas/maya.yml": GOOD_PERSONA,
                                       "journeys/good.yml": GOOD_JOURNEY, **files})
    return load_handbook(Settings.from_project(project))


def errors(handbook) -> list[str]:
    return [str(p) for p in handbook.problems if p.is_error]


CASES = [
    # (file name, content, expected error line)
    ("bad.yml", "title: [unclosed\nstages: []\n",
     "journeys/bad.yml:1:8: error: the [ opened here is never closed: end a list in [...] "
     "with ] (or write one '- ' item per line instead)"),
    ("bad.yml", "title: X\ntitle: Y\nstages:\n  - name: A\n",
     "journeys/bad.yml:2:1: error: duplicate key 'title' (first written on line 1): "
     "keep one of them"),
    ("bad.yml", "stages:\n  - name: A\n",
     "journeys/bad.yml:1:1: error: missing 'title:' (the journey's title)"),
    ("bad.yml", "title: X\n",
     "journeys/bad.yml:1:1: error: missing 'stages:' (the stages, in order)"),
    ("bad.yml", "title: X\nstages:\n  - goals: [a]\n",
     "journeys/bad.yml:3:5: error: stage: missing 'name:' (the stage's name: Awareness, "
     "Consideration, Purchase...)"),
    ("bad.yml", "title: X\nstages: Awareness\n",
     "journeys/bad.yml:2:9: error: stages must be a list of stages ('- name: ...'), not "
     "'Awareness'"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    touchpoint: []\n",
     "journeys/bad.yml:4:5: error: stage 'A': unknown key 'touchpoint' (did you mean "
     "'touchpoints'?)"),
    ("bad.yml", "title: X\npersona: mya\nstages:\n  - name: A\n",
     "journeys/bad.yml:2:10: error: unknown persona 'mya' (did you mean 'maya'?): add a "
     "persona file or fix the id"),
    ("bad.yml", "title: X\nimproves: goood\nstages:\n  - name: A\n",
     "journeys/bad.yml:2:11: error: improves unknown journey 'goood' (did you mean 'good'?)"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    emotion: 3\n",
     "journeys/bad.yml:4:14: error: stage 'A': emotion: 3 is out of range: use a "
     "number from -2 to 2 or one of 'very negative', 'negative', 'neutral', 'positive', "
     "'very positive'"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, "
     "emotion: happy}\n",
     "journeys/bad.yml:5:28: error: stage 'A': touchpoint 'T': emotion: unknown word "
     "'happy': use a number from -2 to 2 or one of 'very negative', 'negative', 'neutral', "
     "'positive', 'very positive'"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, "
     "emotion: postive}\n",
     "journeys/bad.yml:5:28: error: stage 'A': touchpoint 'T': emotion: unknown word "
     "'postive' (did you mean 'positive'?): use a number from -2 to 2 or one of "
     "'very negative', 'negative', 'neutral', 'positive', 'very positive'"),
    ("bad.yml", b"title: caf\xe9\nstages:\n  - name: A\n",
     "journeys/bad.yml:1:11: error: file is not UTF-8 (byte 0xe9): save it with UTF-8 "
     "encoding"),
    ("bad.yml", "",
     "journeys/bad.yml:1:1: error: file is empty: a journey needs at least 'title:' and "
     "'stages:'"),
    ("bad.md", "---\n---\nJust a body.\n",
     "journeys/bad.md:2:1: error: file is empty: a journey needs at least 'title:' and "
     "'stages:'"),
    ("bad.md", "# No front matter\n",
     "journeys/bad.md:1:1: error: a Markdown file starts with YAML front matter: put '---' "
     "on the first line, then the keys, then another '---' line"),
    ("bad.md", "---\ntitle: X\nstages:\n  - name: A\n",
     "journeys/bad.md:1:1: error: front matter is not closed: add a '---' line after the "
     "YAML keys"),
    ("bad.md", "---\ntitle: X\nstages:\n  - name: A\n    barriers: [a]\n    colour: red\n"
               "---\nBody\n",
     "journeys/bad.md:6:5: error: stage 'A': unknown key 'colour'"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    barriers:\n      - Price: too high\n",
     "journeys/bad.yml:5:9: error: stage 'A': barriers item must be text, not a mapping "
     "(put text that contains ': ' in quotes)"),
    ("bad.yml", "title: X\nreviewed: 14.09.2026\nstages:\n  - name: A\n",
     "journeys/bad.yml:2:11: error: reviewed '14.09.2026' is not an ISO date: write "
     "YYYY-MM-DD, e.g. 2026-09-14"),
    ("bad.yml", "title: X\nstatus: futur\nstages:\n  - name: A\n",
     "journeys/bad.yml:2:9: error: status 'futur' is unknown (did you mean 'future'?): use "
     "'current' (as-is) or 'future' (to-be)"),
    ("bad.yml", "- title: X\n",
     "journeys/bad.yml:1:1: error: the top level must be a mapping of keys ('key: value' "
     "lines), not a list: a journey needs at least 'title:' and 'stages:'"),
    ("Bad Name.yml", "title: X\nstages:\n  - name: A\n",
     "journeys/Bad Name.yml:1:1: error: the name 'Bad Name.yml' has characters other than "
     "letters, digits, '-', '_' and '.', which are not safe in the site's addresses: rename it "
     "to 'bad-name.yml'"),
    ("good-copy.yml", "id: good\ntitle: X\nstages:\n  - name: A\n",
     "journeys/good.yml:1:1: error: duplicate journey id 'good': journeys/good-copy.yml uses "
     "it too; rename one file or set a different 'id:'"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n  - name: A\n",
     "journeys/bad.yml:4:5: error: stage 'A' appears twice (also on line 3): give each "
     "stage its own name, or an 'id:' to each stage the journey comes back to"),
    ("bad.yml", "title: X\nstages:\n  - name: Search\n  - name: search\n",
     "journeys/bad.yml:4:5: error: stage 'search' appears twice (also on line 3): give each "
     "stage its own name, or an 'id:' to each stage the journey comes back to"),
    ("bad.yml", "title: X\nstages:\n  - {name: A, id: again}\n  - {name: A, id: again}\n",
     "journeys/bad.yml:4:19: error: stage id 'again' appears twice (also on line 3): give "
     "each stage its own id"),
    ("bad.yml", "title: X\nstages:\n  - {name: A, id: Again}\n",
     "journeys/bad.yml:3:19: error: stage 'A': id 'Again' is not a valid id: use lowercase "
     "letters, digits, '-' and '_', e.g. 'again'"),
    ("bad.yml", "title: X\nstages:\n  - name: '  '\n    emotion: 1\n",
     "journeys/bad.yml:3:11: error: stage: 'name:' is blank: write the stage's name: "
     "Awareness, Consideration, Purchase..."),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    touchpoints:\n      - {name: ' ', "
     "emotion: 2}\n",
     "journeys/bad.yml:5:16: error: stage 'A': touchpoint: 'name:' is blank: write what "
     "happens at this touchpoint"),
    ("bad.yml", "title: ' '\nstages:\n  - name: A\n",
     "journeys/bad.yml:1:8: error: 'title:' is blank: write the journey's title"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    goals: [ok, '  ']\n",
     "journeys/bad.yml:4:17: error: stage 'A': goals: empty item: write a sentence after "
     "'- ' or remove the line"),
    ("bad.yml", "title: X\npersona: maya\npersonas: [maya]\nstages:\n  - name: A\n",
     "journeys/bad.yml:3:1: error: write either 'persona:' (one persona) or 'personas:' (a "
     "list), not both"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    optional: yes\n",
     "journeys/bad.yml:4:15: error: stage 'A': optional must be true or false, not 'yes'"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    moment: true\n",
     "journeys/bad.yml:4:13: error: stage 'A': moment: say why this moment matters, e.g. "
     "'moment: first time she talks to a person'"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, "
     "moment: }\n",
     "journeys/bad.yml:5:26: error: stage 'A': touchpoint 'T': moment: say why this moment "
     "matters, e.g. 'moment: first time she talks to a person'"),
    ("bad.yml", "title: X\nreview_every: soon\nstages:\n  - name: A\n",
     "journeys/bad.yml:2:15: error: review_every must be a whole number of days from 1 to "
     "36500, e.g. 180"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    kpis:\n      - {name: NPS}\n",
     "journeys/bad.yml:5:9: error: stage 'A': kpi 'NPS': missing 'value:' (the measured "
     "value: 3.2, 1200, '62%')"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    solutions:\n      - {text: Fix, status: "
     "planed}\n",
     "journeys/bad.yml:5:29: error: stage 'A': solutions 'Fix': status 'planed' is unknown "
     "(did you mean 'planned'?): use idea, planned, doing, done or dropped"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    solutions:\n      - {text: Fix, "
     "priority: urgent}\n",
     "journeys/bad.yml:5:31: error: stage 'A': solutions 'Fix': priority 'urgent' is unknown: "
     "use high, medium or low"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    solutions:\n      - {text: Fix, link: "
     "'javascript:alert(1)'}\n",
     "journeys/bad.yml:5:27: error: stage 'A': solutions 'Fix': link 'javascript:alert(1)' is "
     "not a web link: write an https://, http://, mailto: or relative link"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    solutions:\n      - {text: Fix, due: "
     "soon}\n",
     "journeys/bad.yml:5:26: error: stage 'A': solutions 'Fix': due 'soon' is not an ISO "
     "date: write YYYY-MM-DD, e.g. 2026-09-14"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    solutions:\n      - {owner: Web team}\n",
     "journeys/bad.yml:5:9: error: stage 'A': solutions: missing 'text:' (what the company "
     "will do)"),
    ("bad.yml", "title: X\nstages:\n  - name: A\n    solutions:\n      - {text: Fix, stages: "
     "[A]}\n",
     "journeys/bad.yml:5:21: error: stage 'A': solutions 'Fix': unknown key 'stages' (did you "
     "mean 'status'?)"),
    ("bad.yml", "title: X\nstages:\n  - name: Apply\n  - {name: Apply, id: again}\n"
     "opportunities:\n  - {text: Fix, stages: [again, Aply]}\n",
     "journeys/bad.yml:6:33: error: opportunities 'Fix': stages: no stage 'Aply' in this "
     "journey (did you mean 'Apply'?): name a stage by its id or name"),
    ("bad.yml", "title: X\nstages:\n  - name: A\nfeelings: [{a: b}]\n",
     "journeys/bad.yml:4:12: error: feelings item must be text, not a mapping (put text "
     "that contains ': ' in quotes)"),
    ("personas/bad.yml", "summary: nameless\n",
     "journeys/personas/bad.yml:1:1: error: missing 'name:' (the persona's name)"),
    ("personas/bad.yml", "name: X\nempathy: [a]\n",
     "journeys/personas/bad.yml:2:10: error: empathy must be a mapping with says, thinks, "
     "does, feels (and pains, gains), not a list"),
    ("personas/bad.yml", "name: X\nimage: javascript:alert(1)\n",
     "journeys/personas/bad.yml:2:8: error: image must be a path in the docs folder (letters, "
     "digits, '-', '_', '.' and '/', without '..'), e.g. img/maya.png, or an https:// URL"),
]


@pytest.mark.parametrize("name, content, expected", CASES,
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_bad_input_is_reported_and_nothing_else_is_lost(tmp_path, name, content, expected):
    handbook = load(tmp_path, {f"journeys/{name}": content})
    assert expected in errors(handbook) or any(e.startswith(expected)
                                               for e in errors(handbook)), errors(handbook)
    # The rest of the handbook is still there, and the broken file still gets a page.
    assert "good" in handbook.journeys and "maya" in handbook.personas
    uris = {p.src_uri for p in build_pages(handbook, PageOptions())}
    assert "journeys/good.md" in uris and "personas/maya.md" in uris
    assert any(b.source.endswith(name) for b in handbook.broken) or \
        any(j.source.endswith(name) for j in handbook.journeys.values()) or \
        any(p.source.endswith(name) for p in handbook.personas.values())


HOSTILE = [
    ("tag.yml", "title: !!python/object/apply:os.system ['echo hi']\nstages:\n  - name: A\n",
     "journeys/tag.yml:1:8: error: explicit tags ('tag:yaml.org,2002:python/object/apply:"
     "os.system') are not allowed: remove the tag and write a plain value"),
    ("bomb.yml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                 "c: [*b, *b, *b, *b, *b, *b, *b, *b]\ntitle: X\nstages:\n  - name: A\n",
     "journeys/bomb.yml:1:4: error: anchors ('&a') are not supported: write the value out "
     "in full"),
    ("deep.yml", "title: X\nstages: " + "[" * 300 + "]" * 300 + "\n",
     "journeys/deep.yml:2:40:"),
    ("docs.yml", "title: X\nstages:\n  - name: A\n---\ntitle: Y\n",
     "journeys/docs.yml:4:1: error: a file holds one YAML document: remove the second '---'"),
    ("tabs.yml", "title: X\nstages:\n\t- name: A\n",
     "journeys/tabs.yml:3:1: error: this line is indented with a tab: YAML indents with "
     "spaces only"),
    ("nul.yml", "title: X\x00\n", "journeys/nul.yml:1:1: error: file contains a NUL "
     "character: is it a binary file?"),
]


@pytest.mark.parametrize("name, content, expected", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_yaml_gives_an_error_not_a_crash(tmp_path, name, content, expected):
    handbook = load(tmp_path, {f"journeys/{name}": content})
    assert any(e.startswith(expected) for e in errors(handbook)), errors(handbook)
    assert "good" in handbook.journeys


def test_deep_nesting_names_the_limit(tmp_path):
    handbook = load(tmp_path, {"journeys/deep.yml": "title: X\nstages: " + "[" * 300 + "]"
                               * 300 + "\n"})
    assert ("journeys/deep.yml:2:40: error: nesting is deeper than 32 levels: a journey map "
            "never needs this") in errors(handbook)


def test_alias_bomb_reports_every_anchor_and_alias_quickly(tmp_path):
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    handbook = load(tmp_path, {"journeys/bomb.yml": bomb})
    assert errors(handbook) == [
        "journeys/bomb.yml:1:4: error: anchors ('&a') are not supported: write the value "
        "out in full",
        "journeys/bomb.yml:2:4: error: anchors ('&b') are not supported: write the value "
        "out in full",
        "journeys/bomb.yml:2:8: error: aliases ('*a') are not supported: write the value "
        "out in full",
        "journeys/bomb.yml:2:12: error: aliases ('*a') are not supported: write the value "
        "out in full",
        "journeys/bomb.yml:3:5: error: aliases ('*b') are not supported: write the value "
        "out in full",
        "journeys/bomb.yml:3:9: error: aliases ('*b') are not supported: write the value "
        "out in full",
    ]


def test_markdown_line_numbers_count_the_front_matter_line(tmp_path):
    content = "---\ntitle: X\nstages:\n  - name: A\n    emotion: 9\n---\nBody\n"
    handbook = load(tmp_path, {"journeys/md.md": content})
    assert errors(handbook)[0].startswith("journeys/md.md:5:14: error: stage 'A': emotion: "
                                          "9 is out of range")


def test_all_problems_are_reported_not_only_the_first(tmp_path):
    content = "title: X\nstatus: nope\nstages:\n  - name: A\n    emotion: 5\n    foo: 1\n"
    handbook = load(tmp_path, {"journeys/many.yml": content,
                               "journeys/other.yml": "title: [\n"})
    lines = [(p.path, p.line) for p in handbook.errors]
    assert lines == [("journeys/many.yml", 2), ("journeys/many.yml", 5),
                     ("journeys/many.yml", 6), ("journeys/other.yml", 1)]


def test_emotions_words_numbers_and_stage_mean(tmp_path):
    content = """\
    title: X
    stages:
      - name: A
        touchpoints:
          - {name: one, emotion: very positive}
          - {name: two, emotion: -0.5}
          - {name: three}
      - name: B
        emotion: Negative
        touchpoints:
          - {name: four, emotion: 2}
    """
    import textwrap

    handbook = load(tmp_path, {"journeys/x.yml": textwrap.dedent(content)})
    journey = handbook.journeys["x"]
    a, b = journey.stages
    assert [t.emotion for t in a.touchpoints] == [2.0, -0.5, None]
    assert a.emotion == pytest.approx(0.75)
    assert b.emotion == -1.0  # a stated emotion wins over the touchpoints' mean
