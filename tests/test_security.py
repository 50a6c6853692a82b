"""Files from a pull request by anyone: they never become live HTML, never reach another plugin
as Markdown or template source, never read or publish anything outside the project, and a
hostile file yields a positioned error."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markdown.extensions import Extension

from cjm_site.core.options import read_options
from cjm_site.render.markup import ID_PREFIX, contributor_extensions, sanitise
from cjm_site.source.handbook import Settings, load_handbook

from .conftest import run_build, write_project

SECRET = "TOP-SECRET-4711"
PERSONA = "name: Maya\nsummary: Runs.\n"
GOOD = "title: Good journey\npersona: maya\nstages:\n  - name: A\n    emotion: 1\n"


# -- a hostile handbook that builds: nothing of it is live --------------------------------

HOSTILE = """\
---
title: "See [x](missing.md) {{ 7*7 }} {% if true %}yes{% endif %}"
persona: maya
tags: ["{{ 6*7 }}"]
stages:
  - name: A
    emotion: 1
---
<div id="__config">{"features": [], "search": "https://evil.example/x.js"}</div>
<img id="__search" name="__palette" src="x.png" alt="x"> <a name="__drawer">n</a>

## __palette

Body {{ 7*7 }} and a note[^1], [to the note](#fn:1), [to the curve](#cjm-curve-hostile).

Paragraph with attributes
{: #__consent onclick="alert(1)" }

--8<-- "secret.txt"

```mermaid
graph LR
```

[^1]: The note.
"""

CONFIG = """\
site_name: Hostile
theme:
  name: material
markdown_extensions:
  - toc:
      permalink: true
  - footnotes
  - attr_list
  - pymdownx.snippets:SnippetExtension:
      base_path: ["."]
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
plugins:
  - search
  - macros
  - cjm
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("hostile"), {
        "journeys/personas/maya.yml": PERSONA,
        "journeys/hostile.md": HOSTILE,
        "journeys/good.yml": GOOD,
        "docs/macro.md": "# Macros work\n\n{{ 7*7 }}\n",
        "secret.txt": SECRET,
    }, config=CONFIG)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def test_contributor_ids_never_stand_in_for_the_themes(hostile):
    page = hostile.html("journeys/hostile/")
    # Every id is the page's own once: the theme's elements keep theirs.
    ids = re.findall(r' id="([^"]*)"', page)
    assert len(ids) == len(set(ids)) and {"__config", "__search", "__drawer"} <= set(ids)
    assert '<script id="__config"' in page and "evil.example" not in page.split("<article")[0]
    assert 'name="' not in page.split("<article")[1]
    narrative = page[page.index(f'id="{ID_PREFIX}__palette"') - 4:]
    for prefixed in ("__config", "__search", "__palette", "__consent", "fn:1", "fnref:1"):
        assert f'id="{ID_PREFIX}{prefixed}"' in page, prefixed
    # Links within the narrative follow its ids; links to the page's own parts are kept.
    assert f'href="#{ID_PREFIX}fn:1"' in narrative and 'href="#fn:1"' not in page
    assert f'href="#{ID_PREFIX}__palette"' in narrative  # the heading's permalink
    assert 'href="#cjm-curve-hostile"' in narrative
    assert "onclick" not in page
    # The outline lists the narrative's heading under its prefixed id.
    assert re.search(rf'<a href="#{ID_PREFIX}__palette" class="md-nav__link">\s*'
                     r'<span class="md-ellipsis">\s*__palette', page)


def test_titles_reach_other_plugins_as_inert_text(hostile):
    # The strict build passed: the title's link is no Markdown to MkDocs, and macros ran
    # on the hand-written page but not on anything a contributor wrote.
    assert "49" in hostile.html("macro/")
    page = hostile.html("journeys/hostile/")
    for text in ("{{ 7*7 }}", "{% if true %}yes{% endif %}", "[x](missing.md)"):
        assert text in page
    assert "{{ 6*7 }}" in page
    for evaluated in (">49<", " 49 ", ">42<", ">yes<", " yes "):
        assert evaluated not in page
    index = (hostile.site / "search" / "search_index.json").read_text()
    assert '"title":"See [x](missing.md) {{ 7*7 }} {% if true %}yes{% endif %}"' in index
    assert "<title>See &#91;x&#93;&#40;missing&#46;md&#41; &#123;&#123; 7&#42;7" in page


def test_narratives_get_only_known_safe_extensions(hostile):
    page = hostile.html("journeys/hostile/")
    assert SECRET not in page and '--8&lt;-- "secret.txt"' in page
    assert SECRET not in (hostile.site / "search" / "search_index.json").read_text()
    assert '<pre class="mermaid"><code>graph LR' in page
    assert ("narratives are rendered without these Markdown extensions of the site, which "
            "are not known to be safe for contributor text: "
            "pymdownx.snippets:SnippetExtension (see 'trusted_extensions')") in hostile.log


def test_the_rest_of_the_hostile_handbook_is_built(hostile):
    assert "Good journey" in hostile.html("journeys/good/")
    assert "Maya" in hostile.html("personas/maya/")
    assert "Traceback" not in hostile.log


def test_sanitiser_prefixes_ids_and_only_the_links_to_them():
    html = sanitise('<h2 id="a&amp;b">T</h2><a href="#a&amp;b">x</a><a href="#plugin">y</a>'
                    '<span id="cjm-curve-x" name="n">z</span>')
    assert html == (f'<h2 id="{ID_PREFIX}a&amp;b">T</h2><a href="#{ID_PREFIX}a&amp;b">x</a>'
                    f'<a href="#plugin">y</a><span id="{ID_PREFIX}cjm-curve-x">z</span>')


def _format(*args, **kwargs):  # a custom fence formatter the allow-list does not know
    return ""


class _Instance(Extension):
    pass


def test_extensions_are_allowed_by_what_they_are_not_by_spelling():
    fence = {"name": "mermaid", "class": "mermaid", "format": _format}
    safe_fence = {"name": "math", "class": "arithmatex", "format":
                  __import__("pymdownx.arithmatex").arithmatex.arithmatex_fenced_format}
    configs = {"pymdownx.superfences": {"custom_fences": [fence, safe_fence]},
               "markdown.extensions.toc": {"permalink": True}}
    extensions = ["markdown.extensions.toc", "tables", "pymdownx.snippets",
                  "pymdownx.snippets:SnippetExtension", "markdown_include.include",
                  "mdx_include", "pymdownx.b64", "markdown_exec", "pymdownx.superfences",
                  "pymdownx.blocks.html", "material.extensions.preview", _Instance()]
    kept, kept_configs, left_out = contributor_extensions(extensions, configs)
    assert kept == ["markdown.extensions.toc", "tables", "pymdownx.superfences",
                    "pymdownx.blocks.html"]
    assert kept_configs == {"pymdownx.superfences": {"custom_fences": [safe_fence]},
                            "markdown.extensions.toc": {"permalink": True}}
    assert left_out == ["pymdownx.snippets", "pymdownx.snippets:SnippetExtension",
                        "markdown_include.include", "mdx_include", "pymdownx.b64",
                        "markdown_exec", "pymdownx.superfences: custom 'mermaid'",
                        "material.extensions.preview", "_Instance"]
    # What the maintainer trusts is used as configured.
    kept, kept_configs, left_out = contributor_extensions(
        ["pymdownx.superfences", "markdown_exec"], configs,
        trusted=["pymdownx.superfences", "markdown_exec"])
    assert kept == ["pymdownx.superfences", "markdown_exec"] and left_out == []
    assert kept_configs["pymdownx.superfences"]["custom_fences"] == [fence, safe_fence]


def test_trusted_extensions_is_a_list_of_names():
    assert read_options({"trusted_extensions": ["markdown_exec"]})[0]["trusted_extensions"] \
        == ["markdown_exec"]
    assert read_options({})[0]["trusted_extensions"] == []
    assert read_options({"trusted_extensions": "markdown_exec"})[1] == [
        ("trusted_extensions", "expected a list of extension names, got 'markdown_exec'")]


# -- names and places of files: refused with a positioned error -----------------------------


def _handbook(root: Path):
    return load_handbook(Settings.from_project(root))


def _lines(handbook) -> list[str]:
    return [str(p) for p in handbook.problems if p.is_error]


def test_file_names_outside_the_safe_characters_are_refused(tmp_path):
    names = ['x"><img src=x onerror=alert(1)>.md', "a b.yml", "tab\tname.yml",
             "-rf.yml", "café.yml", "q'uote.yml"]
    write_project(tmp_path, {"journeys/personas/maya.yml": PERSONA, "journeys/good.yml": GOOD,
                             **{f"journeys/{n}": GOOD for n in names},
                             "journeys/my folder/inner.yml": GOOD,
                             "journeys/my folder/notes.txt": "not a source file",
                             "journeys/data/answers file.csv": "stage,score\n"})
    handbook = _handbook(tmp_path)
    rule = ("has characters other than letters, digits, '-', '_' and '.', which are not safe "
            "in the site's addresses: rename it to")
    assert _lines(handbook) == sorted([
        f"journeys/-rf.yml:1:1: error: the name '-rf.yml' {rule} 'rf.yml'",
        f"journeys/a b.yml:1:1: error: the name 'a b.yml' {rule} 'a-b.yml'",
        f"journeys/café.yml:1:1: error: the name 'café.yml' {rule} 'caf.yml'",
        f"journeys/my folder:1:1: error: the name 'my folder' {rule} 'my-folder'",
        f"journeys/q'uote.yml:1:1: error: the name 'q'uote.yml' {rule} 'q-uote.yml'",
        f"journeys/tab\\tname.yml:1:1: error: the name 'tab\\tname.yml' {rule} 'tab-name.yml'",
        f'journeys/x"><img src=x onerror=alert(1)>.md:1:1: error: the name '
        f"'x\"><img src=x onerror=alert(1)>.md' {rule} 'x-img-src-x-onerror-alert-1.md'",
    ])
    assert list(handbook.journeys) == ["good"] and list(handbook.personas) == ["maya"]
    # Each refused file still gets a page that shows its problem (the folder is no page).
    assert sorted(b.title for b in handbook.broken) == sorted(
        n.replace("\t", "\\t") for n in names)


@pytest.fixture
def outside(tmp_path):
    """A folder beside the project holding a secret the project must never read."""
    folder = tmp_path / "outside"
    (folder / "maps").mkdir(parents=True)
    (folder / "secret.yml").write_text(f"title: {SECRET}\nstages: [{{name: A}}]\n")
    (folder / "maps" / "other.yml").write_text(f"title: {SECRET}\nstages: [{{name: A}}]\n")
    (folder / "answers.csv").write_text(f"stage,score\n{SECRET},3\n")
    return folder


def test_symbolic_links_never_lead_out_of_the_project(tmp_path, outside):
    project = write_project(tmp_path / "project", {
        "journeys/personas/maya.yml": PERSONA,
        "journeys/good.yml": GOOD + "data: {survey: data/answers.csv}\n",
        "shared/inside.yml": "title: Shared inside\nstages: [{name: A}]\n",
        "journeys/data/answers.csv": "stage,score\nA,3\n"})
    journeys = project / "journeys"
    (journeys / "secret.yml").symlink_to(outside / "secret.yml")
    (journeys / "personas" / "omar.yml").symlink_to(outside / "secret.yml")
    (journeys / "maps").symlink_to(outside / "maps", target_is_directory=True)
    (journeys / "gone.yml").symlink_to(project / "nothing.yml")
    (journeys / "loop").symlink_to(journeys, target_is_directory=True)
    (journeys / "inside.yml").symlink_to(project / "shared" / "inside.yml")
    (journeys / "data" / "answers.csv").unlink()
    (journeys / "data" / "answers.csv").symlink_to(outside / "answers.csv")
    handbook = _handbook(project)
    link = ("this is a symbolic link to a place outside the project, which is never read: "
            "copy what it links to into the journeys folder")
    assert _lines(handbook) == [
        "journeys/gone.yml:1:1: error: this is a symbolic link to a file that does not "
        "exist: remove it or put the file itself in the journeys folder",
        "journeys/good.yml:6:16: error: data: survey: no file 'data/answers.csv' in the "
        "journeys folder 'journeys': write the path relative to it, e.g. 'data/answers.csv'",
        f"journeys/maps:1:1: error: {link}",
        f"journeys/personas/omar.yml:1:1: error: {link}",
        f"journeys/secret.yml:1:1: error: {link}",
    ]
    # A link that stays in the project is read, under its own name; the loop is read once.
    assert sorted(handbook.journeys) == ["good", "inside"]
    assert handbook.journeys["inside"].source == "journeys/inside.yml"
    assert SECRET not in repr(handbook) and str(outside) not in repr(handbook)


def test_a_journeys_folder_that_leads_out_of_the_project_is_not_read(tmp_path, outside):
    project = write_project(tmp_path / "project", {})
    (project / "journeys").symlink_to(outside / "maps", target_is_directory=True)
    handbook = _handbook(project)
    assert _lines(handbook) == [
        f"journeys:1:1: error: the journeys folder 'journeys' is outside the project folder "
        f"'{project.resolve()}' (a symbolic link?): keep the journeys inside the project"]
    assert not handbook.journeys and SECRET not in repr(handbook)


def test_refused_files_fail_the_build_positioned_and_publish_nothing(tmp_path, outside):
    project = write_project(tmp_path / "project", {
        "journeys/personas/maya.yml": PERSONA, "journeys/good.yml": GOOD,
        'journeys/x"><img src=x onerror=alert(1)>.yml': GOOD})
    (project / "journeys" / "secret.yml").symlink_to(outside / "secret.yml")
    build = run_build(project, "--strict")
    assert build.returncode == 1
    assert ("ERROR   -  cjm: journeys/secret.yml:1:1: error: this is a symbolic link to a "
            "place outside the project") in build.log
    assert 'ERROR   -  cjm: journeys/x"><img src=x onerror=alert(1)>.yml:1:1: error: the ' \
           "name" in build.log
    assert "2 errors in the journeys folder" in build.log
    assert SECRET not in build.log and str(outside) not in build.log
    assert "Traceback" not in build.log


def _serve_build(project: Path) -> Path:
    """Build in this process as `mkdocs serve` does: errors are logged, the site is built."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    return Path(config.site_dir)


def test_under_serve_a_refused_name_gets_a_page_with_a_harmless_edit_link(tmp_path):
    name = 'x"><img src=x onerror=alert(1)>.yml'
    project = write_project(tmp_path, {"journeys/personas/maya.yml": PERSONA,
                                       "journeys/good.yml": GOOD, f"journeys/{name}": GOOD},
                            config=("site_name: S\nrepo_url: https://example.com/r\n"
                                    "edit_uri: edit/main/docs/\ntheme:\n  name: material\n"
                                    "  features: [content.action.edit]\nplugins: [cjm]\n"))
    site = _serve_build(project)
    page = (site / "journeys" / "x-img-src-x-onerror-alert-1" / "index.html").read_text()
    assert ('href="https://example.com/r/edit/main/journeys/x%22%3E%3Cimg%20src%3Dx'
            '%20onerror%3Dalert%281%29%3E.yml"') in page
    assert "<img src=x" not in page and "the name &#39;x&#34;&gt;&lt;img" in page
    assert "Good journey" in (site / "journeys" / "good" / "index.html").read_text()


# -- one place, one page --------------------------------------------------------------------


@pytest.mark.parametrize("hand_written", ["docs/journeys/good/index.md", "docs/journeys/good.md"])
def test_a_page_written_twice_is_an_error_naming_both_sources(build_project, hand_written):
    build = build_project({"journeys/personas/maya.yml": PERSONA, "journeys/good.yml": GOOD,
                           hand_written: "# Mine\n"})
    assert build.returncode == 1
    assert ("ERROR   -  cjm: journeys/good.yml:1:1: error: its page 'journeys/good/index.html' "
            f"is also written by {hand_written}: rename or remove one of them") in build.log
    assert "cjm: 1 page would overwrite another (listed above)" in build.log
    assert "Traceback" not in build.log


def test_generated_pages_never_overwrite_each_other(build_project):
    build = build_project({"journeys/personas/maya.yml": PERSONA, "journeys/good.yml": GOOD,
                           "journeys/index.yml": GOOD,
                           "journeys/personas/index.yml": PERSONA})
    assert build.returncode == 1
    for source, page, other in (("journeys/index.yml", "journeys/index.html", "Journeys"),
                                ("journeys/personas/index.yml", "personas/index.html",
                                 "Personas")):
        assert (f"cjm: {source}:1:1: error: its page '{page}' is also written by the generated "
                f"page '{other}': rename or remove one of them") in build.log
    assert "cjm: 2 pages would overwrite another" in build.log


# -- malformed research files, loose numbers, and what used to be a traceback ---------------

JOURNEY = "title: T\npersona: maya\nstages:\n  - name: A\n    emotion: 1\n"


def _errors(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    write_project(tmp_path, {"journeys/personas/maya.yml": PERSONA, "journeys/good.yml": GOOD,
                             **files})
    handbook = _handbook(tmp_path)
    assert "good" in handbook.journeys  # nothing else is lost
    return _lines(handbook)


CSV_CLOSE = ("close each quoted field with '\"' (write a quote inside a field as '\"\"')")


@pytest.mark.parametrize("csv_text, expected", [
    # A quote left open up to the end of the file.
    ('stage,score,comment\nA,1,fine\nA,-1,"too slow\nA,2,ok\nA,1,x\n',
     f"journeys/s.csv:3:1: error: a quoted field is not closed: {CSV_CLOSE}; the rest of the "
     "file is not read"),
    # A quote left open and closed rows later: the rows in between are not one comment.
    ('stage,score,comment\nA,-1,"too slow\nA,2,ok\nA,1,x"\n',
     "journeys/s.csv:2:3: error: the quote that opens this field is closed only on line 4, "
     "so the rows in between are read as its text: close the quote on this line (write a "
     "quote inside a field as '\"\"')"),
    ('stage,score,comment\nA,1,"' + "x" * 140_000 + '"\n',
     "journeys/s.csv:2:1: error: a field is longer than 128 KB: shorten it, or close the "
     "quote left open before it; the rest of the file is not read"),
    ('stage,score\nA,1_0\n', "journeys/s.csv:2:2: error: score: unknown word '1_0'"),
    ('stage,score,comment\nA,1,"late" then\n',
     f"journeys/s.csv:2:1: error: a quoted field goes on after its closing quote: {CSV_CLOSE}"),
])
def test_a_malformed_survey_is_a_positioned_error(tmp_path, csv_text, expected):
    errors = _errors(tmp_path, {"journeys/a.yml": JOURNEY + "data: {survey: s.csv, quotes: "
                                "true}\n", "journeys/s.csv": csv_text})
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_a_comment_over_several_lines_is_still_one_comment(tmp_path):
    assert _errors(tmp_path, {
        "journeys/a.yml": JOURNEY + "data: {survey: s.csv, quotes: true}\n",
        "journeys/s.csv": 'stage,score,comment\nA,-1,"slow,\nthen fine"\nA,1,ok\n'}) == []


@pytest.mark.parametrize("kind, cell, expected", [
    ("analytics", "²", "count '²' is not a whole number"),
    ("analytics", "9" * 5000, "count '" + "9" * 5000 + "' is not a whole number"),
    ("analytics", "1_000", "count '1_000' is not a whole number"),
    ("survey", "1_0", "score '1_0' is not a number: write a number from 0 to 10"),
    ("survey", "nan", "score 'nan' is not a number"),
    ("survey", "1e1", "score '1e1' is not a number"),
])
def test_research_numbers_are_numbers_as_people_read_them(tmp_path, kind, cell, expected):
    header = "stage,count" if kind == "analytics" else "stage,score"
    errors = _errors(tmp_path, {
        "journeys/a.yml": JOURNEY + f"data: {{{kind}: s.csv, scale: '0..10'}}\n"
                                    .replace(", scale: '0..10'", "" if kind == "analytics"
                                             else ", scale: '0..10'"),
        "journeys/s.csv": f"{header}\nA,{cell}\n"})
    assert len(errors) == 1 and f"journeys/s.csv:2:2: error: {expected}" in errors[0], errors


def test_kpi_numbers_mean_what_a_reader_thinks():
    from cjm_site.insights.questions import parse_measure

    assert parse_measure("1,234%") == (">=", 1234.0, True)
    assert parse_measure("1,200,000") == (">=", 1200000.0, False)
    for text in ("1,2,3,4%", "12,34", "1_000", "²", "nan", "inf", "1e3"):
        assert parse_measure(text) is None, text


@pytest.mark.parametrize("yaml, expected", [
    ("id: \"abc\\n\"\n", None),  # YAML text is trimmed: 'abc' is the id
    ("    kpis:\n      - {name: K, value: .nan}\n",
     "journeys/a.yml:7:26: error: stage 'A': kpi 'K': value must be a number, not nan"),
    ("    kpis:\n      - {name: K, value: 1, target: -.inf}\n",
     "journeys/a.yml:7:37: error: stage 'A': kpi 'K': target must be a number, not -inf"),
    ("data: {survey: s.csv, targets: {nps: .inf}}\n",
     "journeys/a.yml:6:38: error: data: targets: nps must be a number"),
    ("    <<: {goals: [x]}\n",
     "journeys/a.yml:6:5: error: merge keys ('<<') are not supported: write the keys out in "
     "full"),
    ("    kpis:\n      - {name: K, value: " + "9" * 4400 + "}\n",
     "journeys/a.yml:7:26: error: a number of 4400 characters: write at most 100, or put "
     "text in quotes"),
    ("review_every: 100000\n",
     "journeys/a.yml:6:15: error: review_every must be a whole number of days from 1 to 36500"),
])
def test_loose_or_huge_values_are_errors_not_tracebacks(tmp_path, yaml, expected):
    files = {"journeys/a.yml": (yaml + JOURNEY) if yaml.startswith("id") else JOURNEY + yaml,
             "journeys/s.csv": "stage,score\nA,1\n"}
    errors = _errors(tmp_path, files)
    assert errors == ([] if expected is None else [errors[0]])
    if expected:
        assert errors[0].startswith(expected), errors


def test_dates_at_the_end_of_the_calendar_are_no_traceback(tmp_path):
    from cjm_site.render.build import build_pages
    from cjm_site.render.site import PageOptions

    write_project(tmp_path, {"journeys/a.yml": "title: T\nreviewed: 9999-12-30\n"
                             "review_every: 36500\nstages: [{name: A, emotion: 1}]\n"})
    handbook = _handbook(tmp_path)
    assert _lines(handbook) == []
    assert all(page.html for page in build_pages(handbook, PageOptions(review_every=36500)))


DEEP = {
    "emphasis": "*" * 3000 + "x" + "*" * 3000,
    "lists": "".join("  " * i + "- x\n" for i in range(80)),
    "quotes": "> " * 40 + "x",
    "brackets": "[" * 12000,
}


@pytest.mark.parametrize("case", DEEP)
def test_markdown_nested_too_deep_or_slow_is_a_positioned_error(tmp_path, case):
    errors = _errors(tmp_path, {"journeys/a.md": f"---\n{JOURNEY}---\nIntro.\n\n{DEEP[case]}\n"})
    line = 10 + (min(i for i in range(80) if 2 * i > 128) if case == "lists" else 0)
    assert len(errors) == 1 and errors[0].startswith(f"journeys/a.md:{line}:1: error: "
                                                     "narrative: "), errors


def test_a_lane_item_too_deep_is_an_error_at_its_place(tmp_path):
    errors = _errors(tmp_path, {"journeys/a.yml": JOURNEY + "    goals: ['" + "[" * 500 + "']\n"})
    assert errors == ["journeys/a.yml:6:13: error: stage 'A': goals item: more than 200 '[' "
                      "without a ']' in one paragraph: write '\\[' for a bracket that starts no "
                      "link"]


def test_a_file_deleted_while_it_is_read_is_left_out(tmp_path, monkeypatch):
    import cjm_site.source.handbook as handbook_module

    write_project(tmp_path, {"journeys/personas/maya.yml": PERSONA, "journeys/good.yml": GOOD,
                             "journeys/gone.yml": GOOD})
    real = handbook_module.discover

    def discover_then_delete(*args):
        found = real(*args)
        (tmp_path / "journeys" / "gone.yml").unlink()
        return found

    monkeypatch.setattr(handbook_module, "discover", discover_then_delete)
    handbook = _handbook(tmp_path)
    assert list(handbook.journeys) == ["good"] and _lines(handbook) == []


def test_a_local_portrait_links_to_the_docs_folder(build_project):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    build = build_project({"journeys/personas/maya.yml": PERSONA + "image: img/maya.png\n",
                           "journeys/good.yml": GOOD, "docs/img/maya.png": png},
                          args=("--strict",))
    assert build.returncode == 0, build.log
    page = build.html("personas/maya/")
    assert 'src="../../img/maya.png"' in page
    assert (build.site / "img" / "maya.png").read_bytes() == png


@pytest.mark.parametrize("image", ["../../etc/passwd", "/etc/passwd", "img/a b.png",
                                   "javascript:alert(1)", "data:image/png;base64,AAAA"])
def test_a_portrait_outside_the_docs_folder_is_an_error(tmp_path, image):
    errors = _errors(tmp_path, {"journeys/personas/omar.yml": f"name: Omar\nimage: '{image}'\n"})
    assert errors == ["journeys/personas/omar.yml:2:8: error: image must be a path in the docs "
                      "folder (letters, digits, '-', '_', '.' and '/', without '..'), e.g. "
                      "img/maya.png, or an https:// URL"]


def test_cli_says_what_is_wrong_in_one_line(tmp_path):
    import subprocess
    import sys

    write_project(tmp_path, {"journeys/good.yml": "title: T\nstages: [{name: A}]\n"},
                  config="site_name: x\n")
    (tmp_path / "folder").mkdir()

    def cjm(*args: str, config: str | None = None) -> subprocess.CompletedProcess:
        if config is not None:
            (tmp_path / "mkdocs.yml").write_text(config)
        return subprocess.run([sys.executable, "-m", "cjm_site.cli", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    for args, message in ((("export", "--out", "folder"), "cjm: folder: Is a directory\n"),
                          (("export", "--out", "/dev/full"), "cjm: No space left on device\n")):
        result = cjm(*args)
        assert (result.returncode, result.stderr) == (1, message)
    result = cjm("validate", config="site_name: x\nplugins: 5\n")
    assert (result.returncode, result.stderr) == (
        2, "cjm: error: mkdocs.yml: 'plugins' must be a list of plugins ('- search', '- cjm'), "
        "not 5\n")


def test_a_large_file_only_the_careful_reader_could_read_is_refused_at_once(tmp_path):
    stages = "".join(f"  - name: S{n}\n    goals: [{'Reach the goal ' * 8}]\n"
                     for n in range(2500))
    errors = _errors(tmp_path, {"journeys/a.yml": f"title: T\nstages:\n{stages}"
                                                  "  - {name: Last, emotion: }\n"})
    assert errors == ["journeys/a.yml:1:1: error: the YAML of this file is larger than 256 KB "
                      "and holds something only the careful reader checks (a mistake, an "
                      "anchor, a tag, a tab, an empty value in {...}): split it into several "
                      "journeys to find it"]
