"""The demo handbook on the other engines: ProperDocs through the plugin, Zensical through
`cjm generate` (the commands docs/guide/engines.md gives), each compared with the MkDocs build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Build, copy_demo, run_build, write_project

BIN = Path(sys.executable).parent
GENERATED = ("journeys/", "personas/", "insights/")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
GENERATOR_META = re.compile(r'<meta name="generator" content="[^"]*">')
BUTTON = re.compile(r'<a [^>]*class="md-content__button.*?</a>', re.S)


def run(project: Path, *command: str) -> subprocess.CompletedProcess:
    result = subprocess.run([*command], cwd=project, capture_output=True, text=True,
                            timeout=600, env={**os.environ, "NO_COLOR": "1",
                                              "NO_MKDOCS_2_WARNING": "1"})
    result.stdout, result.stderr = ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)
    return result


def generated_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")
                  if p.relative_to(site).as_posix().startswith(GENERATED))


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def drawn(html: str) -> list[str]:
    """The charts and tables of a page's content, and where its links go (the theme's
    buttons and permalinks aside), with white space as a browser reads it (`cjm generate`
    writes a newline in text as `&#10;` and indentation between tags as one line break)."""
    content = re.sub(r"(\s|&#10;)+", " ", BUTTON.sub("", article(html)))
    return (re.findall(r"<svg\b.*?</svg>", content, re.S)
            + re.findall(r"<table\b.*?</table>", content, re.S)
            + [href for href in re.findall(r'<a [^>]*?href="([^"]*)"', content)
               if not href.startswith("#")])


@pytest.fixture(scope="session")
def properdocs_build(tmp_path_factory) -> Path:
    project = copy_demo(tmp_path_factory.mktemp("properdocs"))
    result = run(project, sys.executable, "-m", "properdocs", "build", "--strict", "-f",
                 "mkdocs.yml", "-d", "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_properdocs_builds_the_same_site_as_mkdocs(properdocs_build, demo_build: Build):
    assert demo_build.returncode == 0, demo_build.log
    files = sorted(p.relative_to(demo_build.site) for p in demo_build.site.rglob("*")
                   if p.is_file())
    assert files == sorted(p.relative_to(properdocs_build) for p in properdocs_build.rglob("*")
                           if p.is_file())
    assert len(generated_pages(properdocs_build)) == 40
    for name in files:
        mkdocs, properdocs = (demo_build.site / name).read_bytes(), (
            properdocs_build / name).read_bytes()
        if name.suffix == ".html":
            mkdocs, properdocs = (GENERATOR_META.sub("", b.decode()) for b in (mkdocs,
                                                                              properdocs))
        assert mkdocs == properdocs, name


@pytest.fixture(scope="session")
def zensical_project(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The demo built as docs/guide/engines.md says: `cjm generate && zensical build`."""
    pytest.importorskip("zensical", reason="Zensical needs Python 3.11 or later")
    project = copy_demo(tmp_path_factory.mktemp("zensical"))
    generate = run(project, str(BIN / "cjm"), "generate")
    assert generate.returncode == 0, generate.stderr
    return project, run(project, str(BIN / "zensical"), "build", "--clean", "--strict")


def test_zensical_builds_every_generated_page_with_its_curve_and_grid(zensical_project,
                                                                       demo_build: Build):
    project, build = zensical_project
    assert build.returncode == 0, build.stdout + build.stderr
    assert "No issues found" in build.stdout + build.stderr
    site = project / "site"
    expected = generated_pages(demo_build.site)
    assert len(expected) == 40 and generated_pages(site) == expected
    for page in expected:
        plugin = (demo_build.site / page).read_text(encoding="utf-8")
        zensical = (site / page).read_text(encoding="utf-8")
        assert drawn(zensical) == drawn(plugin), page
        if page.startswith("journeys/") and page != "journeys/index.html":
            journey = page.split("/")[1]
            assert '<svg class="cjm-chart cjm-stage-curve"' in article(zensical)
            assert re.search(r'class="cjm-map[ "]', article(zensical)), page
    # The stylesheet is linked and shipped; no web font is fetched.
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="./assets/cjm/cjm.css">' in index
    assert "fonts.googleapis" not in index
    assert (site / "assets/cjm/cjm.css").read_bytes() == (
        demo_build.site / "assets/cjm/cjm.css").read_bytes()


def test_zensical_lists_every_journey_persona_and_insight_in_its_nav(zensical_project):
    project, _ = zensical_project
    site = project / "site"
    html = (site / "journeys/index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary"):html.index("md-nav--secondary")]
    linked = {os.path.normpath(f"journeys/{href}") for href in re.findall(r'href="([^"]*)"',
                                                                            nav)}
    journeys = {f"journeys/{p.stem}" for p in (project / "docs/journeys").glob("*.md")
                if p.stem not in ("index", "SUMMARY")}
    personas = {f"personas/{p.stem}" for p in (project / "docs/personas").glob("*.md")
                if p.stem not in ("index", "SUMMARY")}
    assert len(journeys) == 9 and len(personas) == 4
    assert journeys | personas | {"insights", "insights/kpis", "insights/pain-points"} <= linked
    assert not (site / "journeys/SUMMARY").exists()


def test_the_same_docs_build_with_mkdocs_after_cjm_generate(zensical_project,
                                                             demo_build: Build):
    """A project can switch engines: the plugin leaves the generated copies out, and a
    second `cjm generate` writes nothing."""
    project, _ = zensical_project
    again = run(project, str(BIN / "cjm"), "generate")
    assert again.returncode == 0 and again.stdout.startswith("cjm: 0 written, 0 removed, ")
    build = run_build(project, "--strict", "-d", "mkdocs-site")
    assert build.returncode == 0, build.log
    assert "44 files written by `cjm generate` in" in build.log
    for page in generated_pages(demo_build.site):
        assert (project / "mkdocs-site" / page).read_text(encoding="utf-8") == (
            demo_build.site / page).read_text(encoding="utf-8"), page


def test_cjm_generate_says_what_a_plain_mkdocs_yml_lacks_for_zensical(tmp_path):
    """The quick start's mkdocs.yml, built by Zensical: it would link no stylesheet and
    publish each SUMMARY.md as a page, with success. `cjm generate` says what to add, and
    with that added the pages are styled and the navigation files are no pages."""
    pytest.importorskip("zensical", reason="Zensical needs Python 3.11 or later")
    project = write_project(tmp_path / "handbook", {
        "journeys/personas/maya.yml": "name: Maya\n",
        "journeys/first-purchase.yml": "title: First purchase\npersona: maya\nstages:\n"
                                       "  - name: Awareness\n    emotion: 1\n"})
    generate = run(project, str(BIN / "cjm"), "generate")
    assert generate.returncode == 0, generate.stderr
    assert generate.stderr.splitlines() == [
        "cjm: mkdocs.yml does not link the stylesheet of the generated pages: add "
        "extra_css: [assets/cjm/cjm.css]",
        "cjm: mkdocs.yml publishes the navigation files SUMMARY.md as pages: add "
        "exclude_docs: SUMMARY.md and the literate-nav plugin, which reads them as the "
        "navigation (plugins: [literate-nav]), or generate with --no-nav"]
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - cjm\n", "  - cjm\n  - literate-nav\n")
                      + "extra_css: [assets/cjm/cjm.css]\nexclude_docs: SUMMARY.md\n")
    again = run(project, str(BIN / "cjm"), "generate")
    assert again.returncode == 0 and again.stderr == ""
    build = run(project, str(BIN / "zensical"), "build", "--clean", "--strict")
    assert build.returncode == 0, build.stdout + build.stderr
    page = (project / "site/journeys/first-purchase/index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../../assets/cjm/cjm.css">' in page
    assert not (project / "site/journeys/SUMMARY").exists()
