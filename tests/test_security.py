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
