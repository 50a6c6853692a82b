"""Real sites built into temporary folders: pages, navigation, links, safety, failures."""

from __future__ import annotations

import re

import pytest

from . import journey_map

PERSONA = """\
---
name: Maya Fischer
summary: Runner who shops on her phone.
age: 34
occupation: Nurse
location: Leipzig
quote: I want it to just work.
attributes:
  Interests: trail running
  Devices: [phone, laptop]
goals: [Buy shoes that fit]
challenges: [Little time]
empathy:
  says: [Is this the right size?]
  thinks: [Shipping must be free]
  does: [Compares three shops]
  feels: [Impatient]
  pains: [Returns are a hassle]
  gains: [A perfect fit]
---
Maya works **night shifts**.
"""

JOURNEY = """\
---
title: First purchase
persona: maya
status: current
owner: Web shop team
reviewed: 2026-09-14
review_every: 180
tags: [e-commerce]
stages:
  - name: Awareness
    goals: [Find a shop]
    questions: [Is it reliable?]
    actions: [Scrolls Instagram]
    touchpoints:
      - {channel: Instagram, name: Sponsored post, emotion: positive, description: First contact}
      - {channel: Friend, name: Recommendation, emotion: 2}
    thoughts: [Looks good]
    feelings: [Curious]
    barriers: [Too many brands]
    solutions: [Comparison guide]
    kpis:
      - {name: Reach, value: 120000, target: 150000, unit: people}
    evidence: [Interviews n=12]
  - name: Decision
    touchpoints:
      - {channel: Web, name: Checkout, emotion: -2}
    barriers: [Account required]
    solutions: [Guest checkout]
---
## Findings

Interviews show the checkout is the **lowest point**.
"""

FUTURE = """\
title: First purchase, redesigned
persona: maya
status: future
improves: first-purchase
stages:
  - name: Awareness
    emotion: 1
  - name: Decision
    touchpoints:
      - {channel: Web, name: Guest checkout, emotion: 1}
"""

FILES = {"journeys/personas/maya.md": PERSONA, "journeys/first-purchase.md": JOURNEY,
         "journeys/future.yml": FUTURE}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from .conftest import run_build, write_project

    project = write_project(tmp_path_factory.mktemp("site"), FILES, config="""\
site_name: Test
repo_url: https://example.com/acme/handbook
edit_uri: edit/main/docs/
theme:
  name: material
  features: [content.action.edit]
plugins:
  - search
  - cjm
""")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_journey_page_shows_every_field_and_lane(site):
    page = site.html("journeys/first-purchase/")
    text = text_of(page)
    for expected in ("First purchase", "Maya Fischer", "Current state (as-is)",
                     "Web shop team", "2026-09-14", "e-commerce", "Find a shop",
                     "Is it reliable?", "Scrolls Instagram", "Sponsored post", "Instagram",
                     "First contact", "Looks good", "Curious", "Too many brands",
                     "Comparison guide", "Reach", "120000", "150000", "people",
                     "Interviews n=12", "Account required", "Guest checkout",
                     "First purchase, redesigned"):
        assert expected in text, expected
    assert journey_map.lanes(page) == ["Goals", "Questions", "Actions", "Touchpoints",
                                       "Thoughts", "Feelings", "Emotion", "Barriers",
                                       "Solutions", "KPIs", "Evidence"]
    assert journey_map.stages(page) == ["Awareness", "Decision"]
    assert '<a href="../../personas/maya/">Maya Fischer</a>' in page
    assert '<a href="../future/">First purchase, redesigned</a>' in page
    # The narrative is Markdown; its `##` sits below the page's own sections.
    assert "<strong>lowest point</strong>" in page
    assert re.search(r'<h3 id="cjm-u-findings">Findings', page)


def test_empty_lanes_are_not_drawn(site):
    page = site.html("journeys/future/")
    assert journey_map.lanes(page) == ["Touchpoints", "Emotion"]
    assert "Future state (to-be)" in page
    assert '<a href="../first-purchase/">First purchase</a>' in page


def test_stage_emotion_defaults_to_mean_of_touchpoints(site):
    page = site.html("journeys/first-purchase/")
    # Awareness: mean of positive (1) and 2 is 1.5; Decision: -2.
    assert re.findall(r'<p class="cjm-stage-emotion">.*?\((-?[\d.]+)\)', page) == ["1.5", "-2"]


def test_curve_has_one_point_per_touchpoint_in_its_stage(site):
    page = site.html("journeys/first-purchase/")
    drawn = journey_map.points(journey_map.stage_curves(page))
    assert [(p.stage, p.title.split(" · ")[0]) for p in drawn] == [
        (0, "Sponsored post"), (0, "Recommendation"), (1, "Checkout")]
    assert "<script" not in page.split('class="cjm-map"')[1].split('class="cjm-after"')[0]


def test_persona_page_shows_every_field(site):
    page = site.html("personas/maya/")
    text = text_of(page)
    for expected in ("Maya Fischer", "Runner who shops on her phone.", "34", "Nurse",
                     "Leipzig", "I want it to just work.", "Interests", "trail running",
                     "phone, laptop", "Buy shoes that fit", "Little time",
                     "Is this the right size?", "Shipping must be free",
                     "Compares three shops", "Impatient", "Returns are a hassle",
                     "A perfect fit", "night shifts"):
        assert expected in text, expected
    assert re.findall(r'<h3 id="empathy-\w+">(\w+)</h3>', page) == [
        "Says", "Thinks", "Does", "Feels", "Pains", "Gains"]
    assert '<a href="../../journeys/first-purchase/">First purchase</a>' in page
    assert '<a href="../../journeys/future/">First purchase, redesigned</a>' in page


def test_index_pages_list_everything(site):
    journeys = site.html("journeys/")
    assert '<a href="first-purchase/">First purchase</a>' in journeys
    assert '<a href="future/">First purchase, redesigned</a>' in journeys
    assert "Web shop team" in journeys and "2026-09-14" in journeys
    personas = site.html("personas/")
    assert '<a href="maya/">Maya Fischer</a>' in personas


def test_generated_pages_are_in_nav_and_search(site):
    home = site.html("")
    assert re.search(r'href="journeys/first-purchase/"', home)
    assert re.search(r'href="personas/maya/"', home)
    index = (site.site / "search" / "search_index.json").read_text()
    assert "Sponsored post" in index and "Account required" in index


def test_edit_link_opens_the_source_file(site):
    page = site.html("journeys/first-purchase/")
    assert 'href="https://example.com/acme/handbook/edit/main/journeys/first-purchase.md"' \
        in page
    assert "edit/main/docs/journeys" not in page


def test_stylesheet_ships_with_the_plugin(site):
    assert (site.site / "assets" / "cjm" / "cjm.css").is_file()
    assert 'href="../../assets/cjm/cjm.css"' in site.html("journeys/first-purchase/")


HOSTILE_JOURNEY = """\
---
title: "<script>alert('title')</script> {{ 7*7 }}"
tags: ["R&D"]
stages:
  - name: "<img src=x onerror=alert(1)>"
    barriers: ["<iframe src='https://evil.example'></iframe>"]
    touchpoints:
      - {channel: "<svg onload=alert(1)>", name: "{% raw %}x{% endraw %}", emotion: 1}
---
Hello <script>alert('body')</script> <img src="x" onerror="alert(2)">
[click](javascript:alert(3)) <iframe src="https://evil.example"></iframe>
{{ 7*7 }}
"""


def test_contributor_text_never_becomes_live_html(build_project):
    build = build_project({"journeys/evil.md": HOSTILE_JOURNEY}, args=("--strict",))
    assert build.returncode == 0, build.log
    for page in ("journeys/evil/", "journeys/", ""):
        html = build.html(page)
        assert "<script>alert" not in html
        assert "onerror=" not in html.replace("onerror=alert(1)&gt;", "")
        assert "<iframe" not in html and "javascript:" not in html
        assert "<svg onload" not in html
    page = build.html("journeys/evil/")
    assert ("<title>&#60;script&#62;alert&#40;&#39;title&#39;&#41;&#60;&#47;script&#62; "
            "&#123;&#123; 7&#42;7 &#125;&#125; - ") in page
    assert "{{ 7*7 }}" in page and "49" not in text_of(page)
    assert "{% raw %}x{% endraw %}" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_allow_html_keeps_raw_html_for_trusted_handbooks(build_project):
    journey = "---\ntitle: T\nstages:\n  - name: A\n---\n<kbd>Ctrl</kbd> <video src=a.mp4></video>\n"
    strict = build_project({"journeys/t.md": journey})
    trusted = build_project({"journeys/t.md": journey}, options=":\n      allow_html: true")
    assert "<kbd>Ctrl</kbd>" in strict.html("journeys/t/")
    assert "<video" not in strict.html("journeys/t/")
    assert "<video src=a.mp4></video>" in trusted.html("journeys/t/")


def test_bad_file_fails_the_build_with_position_and_no_traceback(build_project):
    build = build_project({**FILES, "journeys/bad.yml": "title: X\nstages:\n  - name: A\n"
                           "    emotion: 7\n"})
    assert build.returncode != 0
    assert ("journeys/bad.yml:4:14: error: stage 'A': emotion: 7 is out of range"
            in build.log)
    assert "Traceback" not in build.log
    assert "1 error in the journeys folder" in build.log


def test_explicit_nav_places_sections_where_the_index_is_named(build_project):
    config = """\
site_name: Test
theme:
  name: material
nav:
  - Home: index.md
  - Customer journeys: journeys/index.md
  - About: about.md
plugins:
  - cjm
"""
    build = build_project({**FILES, "docs/about.md": "# About\n"}, config=config)
    assert build.returncode == 0, build.log
    home = build.html("")
    nav = home[home.index('md-nav--primary'):]
    order = [m for m in ("Customer journeys", "First purchase", "About", "Personas")
             if m in nav]
    positions = [nav.index(m) for m in order]
    assert order == ["Customer journeys", "First purchase", "About", "Personas"]
    assert positions == sorted(positions)
    assert "not included in the \"nav\"" not in build.log

