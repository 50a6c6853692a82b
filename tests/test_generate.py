"""`cjm generate`: the handbook as Markdown files in the docs folder (the files themselves;
tests/test_engines.py builds them with Zensical and MkDocs)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import markdown
import pytest

from cjm_site.cli.generate import Generator, Layout, Watch
from cjm_site.cli.project import find_project
from cjm_site.render.build import stylesheet
from cjm_site.render.portable import markdown_body
from cjm_site.render.site import SOURCE_LINKS

from .conftest import CliRun, GitRepo, copy_demo, run_cli, write_project

TODAY = "2026-10-01"
GENERATED = ("journeys/", "personas/", "insights/")
HEADING = re.compile(r"#{1,6} [^\n]+ \{#[A-Za-z0-9_-]+\}")


def generate(project: Path, *args: str) -> CliRun:
    return run_cli(project, "generate", "--today", TODAY, *args)


def pages(docs: Path) -> dict[str, str]:
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(docs.rglob("*.md")) if p.relative_to(docs).as_posix().startswith(
                GENERATED) and p.name != "SUMMARY.md"}


def body(text: str) -> str:
    return text.split("\n---\n\n", 1)[1] if text.startswith("---\n") else text


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    project = copy_demo(tmp_path_factory.mktemp("generate") / "demo")
    result = generate(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"cjm: 44 written, 0 removed, 0 unchanged in {project / 'docs'}\n"
    return project


def test_every_page_of_the_plugin_is_written_with_the_stylesheet_and_nav(demo):
    docs = demo / "docs"
    written = json.loads((docs / ".cjm-generated.json").read_text())["files"]
    assert len(written) == 44
    assert {"journeys/first-purchase.md", "journeys/index.md", "personas/maya.md",
            "personas/index.md", "insights/index.md", "insights/channels/web/index.md",
            "assets/cjm/cjm.css", "journeys/SUMMARY.md", "personas/SUMMARY.md",
            "insights/SUMMARY.md"} <= set(written)
    assert (docs / "assets/cjm/cjm.css").read_bytes() == stylesheet()
    page = (docs / "journeys/first-purchase.md").read_text()
    assert page.startswith('---\n{"title": "First online purchase", "tags": '
                           '["e&#45;commerce", "acquisition", "mobile"]}\n---\n\n'
                           "# First online purchase {#first-purchase}\n\n"
                           '<div class="cjm-page cjm-page-journey"><div class="cjm-journey ')
    assert '<svg class="cjm-chart cjm-stage-curve"' in page and 'class="cjm-map"' in page
    # Links name the Markdown files: the engine resolves and checks them.
    assert '<a href="../personas/maya.md">Maya Fischer</a>' in page
    assert (docs / "journeys/SUMMARY.md").read_text().splitlines()[:3] == [
        "- [Journeys](index.md)", "- [Broadband outage support call](support-call.md)",
        "- [Broadband repair visit &#40;service blueprint&#41;](broadband-repair.md)"]
    assert "    - [Web](channels/web/index.md)" in (docs / "insights/SUMMARY.md").read_text()
    assert (docs / "index.md").read_text() == (Path(__file__).parent.parent
                                                / "docs/index.md").read_text()


def test_a_second_run_writes_nothing(demo):
    before = {p: p.stat().st_mtime_ns for p in (demo / "docs").rglob("*")}
    result = generate(demo)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"cjm: 0 written, 0 removed, 44 unchanged in {demo / 'docs'}\n"
    assert {p: p.stat().st_mtime_ns for p in (demo / "docs").rglob("*")} == before


def test_blocks_survive_engines_that_end_html_at_a_blank_line(demo):
    """CommonMark ends an HTML block at a blank line; one starting with a line that is not
    a tag is read as Markdown. Every block is one heading line or raw HTML whose lines all
    start with a tag, and no text carries braces (template plugins, critic marks)."""
    found = pages(demo / "docs")
    assert len(found) == 40
    for name, text in found.items():
        for block in body(text).rstrip("\n").split("\n\n"):
            if block.startswith("#"):
                assert HEADING.fullmatch(block), (name, block)
                continue
            assert all(line.startswith("<") for line in block.split("\n")), (name, block[:200])
            assert "{" not in block and "}" not in block, name


def test_the_engines_markdown_gives_back_the_plugins_html(demo):
    """What Python-Markdown (the parser of Zensical and MkDocs) makes of a page is the
    page's HTML: curve, map and links byte for byte."""
    text = body((demo / "docs/journeys/first-purchase.md").read_text())
    html = markdown.markdown(text, extensions=["attr_list", "toc", "md_in_html"])
    for element in re.findall(r"<svg .*?</svg>|<div class=\"cjm-journey .*?<h2", text, re.S):
        assert element in html
    assert re.findall(r'<h([1-3]) id="([^"]+)"', html) == [
        ("1", "first-purchase"), ("2", "map"), ("2", "narrative"), ("3", "cjm-u-summary"),
        ("3", "cjm-u-key-findings"), ("2", "kpis"), ("2", "as-is-and-to-be")]


HOSTILE_JOURNEY = """\
---
title: "{{ 7*7 }} <b>bold</b> *em* [x](javascript:alert(1))"
persona: maya
stages:
  - name: "{% include 'x' %}"
    touchpoints:
      - name: "first\\n```\\ncode\\n```\\n--8<-- \\"secret.txt\\""
        emotion: 1
      - name: "{++inserted++} {--deleted--}"
        channel: "$x$ :smile: ==mark== ^^up^^"
---

# Heading {#custom}

--8<-- "secret.txt"

```
line one

line three
```
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("hostile"), {
        "journeys/evil.md": HOSTILE_JOURNEY,
        "journeys/personas/maya.yml": "name: Maya\n",
        "secret.txt": "TOP SECRET\n",
        "docs/secret.txt": "TOP SECRET\n",
    })
    result = generate(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize("extensions", [
    ["attr_list", "toc", "md_in_html", "fenced_code", "pymdownx.critic", "pymdownx.snippets"],
    ["attr_list", "toc", "pymdownx.superfences", "pymdownx.arithmatex", "pymdownx.emoji",
     "pymdownx.mark", "pymdownx.caret", "pymdownx.magiclink"],
])
def test_contributor_text_is_not_markdown_to_the_engine(hostile, extensions):
    """Preprocessors see raw HTML too: fences, snippets and critic marks in contributor text
    must find nothing to act on, and a title stays text."""
    docs = hostile / "docs"
    text = (docs / "journeys/evil.md").read_text()
    config = {"pymdownx.snippets": {"base_path": [str(docs), str(hostile)],
                                    "check_paths": False}}
    html = markdown.markdown(body(text), extensions=extensions,
                             extension_configs={k: v for k, v in config.items()
                                                if k in extensions})
    assert "TOP SECRET" not in html
    assert 'href="javascript' not in html and "<b>bold</b>" not in html
    for made in ("<ins", "<del", "<mark", "<sup", "<em>", "<img", "arithmatex", "critic"):
        assert made not in html
    # The text reads as written.
    assert "&#123;&#123; 7*7 &#125;&#125;" in html and "{++inserted++}" not in html
    title = (docs / "journeys/evil.md").read_text().split("\n")[1]
    assert json.loads(title)["title"] == (
        "&#123;&#123; 7&#42;7 &#125;&#125; &#60;b&#62;bold&#60;&#47;b&#62; &#42;em&#42; "
        "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;")


def test_a_code_block_keeps_its_blank_lines_without_having_any(hostile):
    text = (hostile / "docs/journeys/evil.md").read_text()
    assert "<pre><code>line one&#10;&#10;line three&#10;</code></pre>" in text
    html = markdown.markdown(body(text), extensions=["attr_list", "toc"])
    assert "<pre><code>line one&#10;&#10;line three&#10;</code></pre>" in html


def test_markdown_body_lifts_headings_out_of_their_wrapper():
    html = ('<h2 id="about">About <em>it</em></h2>\n<div class="cjm-narrative">\n'
            '<p>One</p>\n<h3 id="s">S &amp; T<a class="headerlink" href="#s">¶</a></h3>\n'
            '<p>Two\n\nthree</p>\n</div><div role="note"><h3 id="kept">Kept</h3></div>\n')
    assert markdown_body(html) == (
        '<h2 id="about">About <em>it</em></h2>\n\n'
        '<div class="cjm-narrative">\n<p>One</p>\n</div>\n\n'
        "### S &#38; T {#s}\n\n"
        '<div class="cjm-narrative">\n<p>Two&#10;&#10;three</p>\n</div>\n\n'
        '<div role="note"><h3 id="kept">Kept</h3></div>\n')
    assert markdown_body(html, "html").split("\n\n")[1] == (
        '<div class="cjm-narrative">\n<p>One</p>\n<h3 id="s">S &amp; T<a class="headerlink" '
        'href="#s">¶</a></h3>\n<p>Two&#10;&#10;three</p>\n</div>')


def test_headings_in_a_wrapper_in_a_wrapper_leave_both():
    html = ('<div class="cjm-page"><h1 id="t">T</h1><div class="cjm-journey"><p>Map</p>'
            '<h2 id="m">M</h2><p>Cells</p></div><div class="cjm-after"><h2 id="n">N</h2>'
            '<p>Text</p></div><div role="note"><h3 id="kept">Kept</h3></div></div>')
    assert markdown_body(html) == (
        "# T {#t}\n\n"
        '<div class="cjm-page"><div class="cjm-journey"><p>Map</p></div></div>\n\n'
        "## M {#m}\n\n"
        '<div class="cjm-page"><div class="cjm-journey"><p>Cells</p></div></div>\n\n'
        "## N {#n}\n\n"
        '<div class="cjm-page"><div class="cjm-after"><p>Text</p></div>'
        '<div role="note"><h3 id="kept">Kept</h3></div></div>\n')


def test_options_for_other_engines(tmp_path):
    project = copy_demo(tmp_path / "demo")
    result = generate(project, "--no-front-matter", "--headings", "html", "--links", "urls",
                      "--no-nav")
    assert result.returncode == 0, result.stderr
    docs = project / "docs"
    page = (docs / "journeys/first-purchase.md").read_text()
    # Raw headings stay where they are: the page is one block in its wrapper.
    assert page.startswith('<div class="cjm-page cjm-page-journey">'
                           '<h1 id="first-purchase">First online purchase</h1>')
    assert '<a href="../../personas/maya/">Maya Fischer</a>' in page
    assert '<h2 id="narrative">About this journey</h2>' in page
    assert not list(docs.rglob("SUMMARY.md"))
    assert not re.search(r"^#", page, re.M)


def test_a_journey_removed_takes_its_page_along(tmp_path):
    project = copy_demo(tmp_path / "demo")
    assert generate(project).returncode == 0
    (project / "journeys/hotel-stay.yml").unlink()
    result = generate(project)
    assert result.returncode == 0, result.stderr
    docs = project / "docs"
    assert not (docs / "journeys/hotel-stay.md").exists()
    assert "hotel-stay" not in (docs / "journeys/SUMMARY.md").read_text()
    assert "journeys/hotel-stay.md" not in (docs / ".cjm-generated.json").read_text()
    assert re.fullmatch(r"cjm: \d+ written, 2 removed, \d+ unchanged in .*\n", result.stdout)
    # The channels only that journey used are gone too, with their folders.
    assert not (docs / "insights/channels/restaurant").exists()
    assert (docs / "guide/format.md").exists()
    clean = run_cli(project, "generate", "--clean")
    assert clean.returncode == 0, clean.stderr
    assert not (docs / "journeys").exists() and not (docs / ".cjm-generated.json").exists()
    assert sorted(p.name for p in docs.iterdir()) == sorted(
        p.name for p in (Path(__file__).parent.parent / "docs").iterdir())


def test_a_page_it_did_not_write_is_never_overwritten(tmp_path):
    project = copy_demo(tmp_path / "demo")
    (project / "docs/journeys").mkdir()
    (project / "docs/journeys/index.md").write_text("# Our journeys\n")
    result = generate(project)
    assert result.returncode == 1
    assert result.stderr == (
        f"cjm: `cjm generate` did not write these files of '{project / 'docs'}', which stand "
        "where generated pages go: journeys/index.md; move them, or set journeys_url, "
        "personas_url and insights_url to free folders\n")
    assert (project / "docs/journeys/index.md").read_text() == "# Our journeys\n"
    assert not (project / "docs/journeys/first-purchase.md").exists()


def test_a_manifest_from_a_pull_request_reaches_nothing_outside_the_docs(tmp_path):
    project = copy_demo(tmp_path / "demo")
    outside = tmp_path / "outside.md"
    outside.write_text("keep\n")
    (project / "docs/.cjm-generated.json").write_text(json.dumps(
        {"files": ["../mkdocs.yml", str(outside), "../../outside.md"]}))
    assert generate(project).returncode == 0
    assert outside.read_text() == "keep\n" and (project / "mkdocs.yml").exists()


def test_a_folder_linked_out_of_the_docs_is_refused(tmp_path):
    project = copy_demo(tmp_path / "demo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "docs/personas").symlink_to(elsewhere)
    result = generate(project)
    assert result.returncode == 1
    assert result.stderr == f"cjm: 'personas/index.md' would be written outside " \
                            f"'{project / 'docs'}'\n"
    assert list(elsewhere.iterdir()) == []
    assert not (project / "docs/journeys").exists()


def test_a_docs_folder_outside_the_project_is_a_usage_error(tmp_path):
    project = copy_demo(tmp_path / "demo")
    result = generate(project, "--docs-dir", "../docs")
    assert result.returncode == 2
    assert result.stderr.endswith(f"cjm: error: the docs folder '{tmp_path / 'docs'}' is "
                                  f"outside the project '{project}'\n")


def test_errors_write_nothing(tmp_path):
    project = copy_demo(tmp_path / "demo")
    (project / "journeys/broken.yml").write_text("title: Broken\nstages: 3\n")
    result = generate(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "cjm: nothing generated: fix the 1 error above"
    assert result.stderr.startswith("journeys/broken.yml:2:9: error: ")
    assert not (project / "docs/journeys").exists()


def test_configuration_files_of_each_engine_are_found(tmp_path):
    for name, text in (("properdocs.yml", "plugins:\n  - cjm:\n      journeys_url: maps\n"),
                       ("zensical.toml", '[project.plugins.cjm]\njourneys_url = "maps"\n')):
        project = tmp_path / name
        shutil.copytree(Path(__file__).parent.parent / "journeys", project / "journeys")
        (project / name).write_text(text)
        result = generate(project, "--no-nav")
        assert result.returncode == 0, result.stderr
        assert (project / "docs/maps/first-purchase.md").exists()


# -- watching -------------------------------------------------------------------------


def test_watch_generates_again_only_after_a_change(tmp_path, capsys, monkeypatch):
    project = copy_demo(tmp_path / "demo")
    monkeypatch.chdir(project)
    generator = Generator(find_project(None), project / "docs", None, SOURCE_LINKS, Layout())
    watch = Watch(generator.watched())
    assert watch.step(generator.run) is True
    assert capsys.readouterr().out == f"cjm: 44 written, 0 removed, 0 unchanged in " \
                                      f"{project / 'docs'}\n"
    assert watch.step(generator.run) is False
    assert capsys.readouterr().out == ""
    journey = project / "journeys/first-purchase.md"
    journey.write_text(journey.read_text().replace("Maya's first purchase",
                                                   "Maya's very first purchase"))
    assert watch.step(generator.run) is True
    assert capsys.readouterr().out == f"cjm: 1 written, 0 removed, 43 unchanged in " \
                                      f"{project / 'docs'}\n"
    assert "Maya's very first purchase" in (project / "docs/journeys/first-purchase.md"
                                                 ).read_text()
    # While watching, a file with an error gets a page that shows it.
    journey.write_text("title: [unclosed\n")
    assert watch.step(lambda: generator.run(with_errors=True)) is True
    assert "could not be read" in (project / "docs/journeys/first-purchase.md").read_text()


def test_journey_pages_carry_their_history_from_git(tmp_path):
    """The same History section as the plugin's: one reading of git for both."""
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Map the first purchase", "2026-03-01T10:00:00+00:00", {
        "mkdocs.yml": "site_name: T\nplugins:\n  - cjm\n",
        "docs/index.md": "# Home\n",
        "journeys/personas/maya.yml": "name: Maya\n",
        "journeys/first-purchase.yml": "title: First purchase\npersona: maya\n"
                                       "stages:\n  - name: Buy\n    emotion: 1\n"})
    result = generate(repo.root)
    assert result.returncode == 0, result.stderr
    page = (repo.root / "docs/journeys/first-purchase.md").read_text()
    # After the map, its sections keep their wrappers (the page's, then the sections')
    # around what follows each heading.
    section = page.split("## History {#history}\n\n", 1)[1]
    assert re.sub(r">\s+<", "><", section) == (
        '<div class="cjm-page cjm-page-journey"><div class="cjm-after"><p>1 change to '
        '<code>journeys/first-purchase.yml</code>:</p><ol class="cjm-history"><li>'
        '<time datetime="2026-03-01T10:00:00+00:00">2026-03-01</time>'
        '<span class="cjm-history-subject">Map the first purchase</span></li></ol>'
        '</div></div>\n')


def test_what_a_zensical_toml_lacks_is_said_in_its_words(tmp_path):
    project = tmp_path / "handbook"
    shutil.copytree(Path(__file__).parent.parent / "journeys", project / "journeys")
    (project / "zensical.toml").write_text('[project]\nextra_css = ["extra.css"]\n'
                                           'exclude_docs = "drafts/"\n'
                                           "[project.plugins.literate-nav]\n")
    result = generate(project)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "cjm: zensical.toml does not link the stylesheet of the generated pages: add "
        "'assets/cjm/cjm.css' to its extra_css",
        "cjm: zensical.toml publishes the navigation files SUMMARY.md as pages: add a line "
        "'SUMMARY.md' to its exclude_docs, or generate with --no-nav"]
    # Zensical reads its own file before mkdocs.yml: that is the one the advice is about.
    (project / "mkdocs.yml").write_text("site_name: H\nplugins:\n  - cjm\n")
    (project / "zensical.toml").write_text('[project]\nextra_css = ["assets/cjm/cjm.css"]\n'
                                           'exclude_docs = "drafts/\\n**/SUMMARY.md"\n'
                                           "[project.plugins.literate-nav]\n")
    again = generate(project)
    assert again.returncode == 0 and again.stderr == ""
