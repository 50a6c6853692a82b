"""Rebuilds under `mkdocs serve`: after each kind of edit a researcher makes, the served site
is the site a build from scratch makes, and pages the edit did not change are neither
rendered nor written again."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from cjm_site.core.model import Handbook, Journey, Stage, Touchpoint
from cjm_site.render.build import build_pages
from cjm_site.render.nav import NavSection, nav_sections
from cjm_site.render.site import PageOptions

from .conftest import write_project

URL = "http://127.0.0.1:8000/"
CONFIG = f"""\
site_name: Test handbook
site_url: {URL}
theme:
  name: material
  features: [navigation.indexes, navigation.prune]
plugins:
  - search
  - cjm:
      nav_group_size: 4
      concurrency: 0
"""
WORDS = ("Account", "Billing", "Claim", "Delivery", "Enrolment", "Feedback", "Gift", "Holiday",
         "Insurance", "Job", "Kiosk", "Loan")


def journey(i: int, title: str | None = None, extra: str = "") -> str:
    """Six stages of three touchpoints, three barriers and three KPIs: 12 journeys fill two
    pages of pain points, of KPIs and of the Web channel."""
    stages = "".join(
        f"  - name: Stage {s}\n    touchpoints:\n"
        + "".join(f"      - {{channel: Web, name: Touch {i}.{s}.{t}, emotion: {(i + s + t) % 5 - 2}}}\n"
                  for t in range(3))
        + "    barriers: [" + ", ".join(f"Barrier {i}.{s}.{b}" for b in range(3)) + "]\n"
        + f"    solutions: [Fix stage {s}]\n    kpis:\n"
        + "".join(f"      - {{name: KPI {s}.{k}, value: {50 + i}, target: 60}}\n" for k in range(3))
        for s in range(6))
    return (f"title: {title or WORDS[i % len(WORDS)] + f' journey {i:02d}'}\n"
            f"persona: p{i % 3}\nowner: Team {i % 2}\nreviewed: 2026-01-15\n{extra}"
            f"stages:\n{stages}")


def html_files(site: Path) -> dict[str, bytes]:
    """Every page of a site; the search index and sitemap are left out (search keeps its
    own index across rebuilds)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


class Served:
    """`mkdocs serve` in this process: the plugin and search objects live across rebuilds."""

    def __init__(self, project: Path, site: Path, dirty: bool):
        self.project, self.site, self.dirty = project, site, dirty
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        self.plugin = config.plugins["cjm"]
        build(config, serve_url=URL, dirty=dirty)

    def _config(self):
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = URL
        return config

    def rebuild(self) -> None:
        config = self._config()
        assert config.plugins["cjm"] is self.plugin  # kept, as MkDocs keeps it across rebuilds
        build(config, serve_url=URL, dirty=self.dirty)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    files = {f"journeys/j{i:02d}.yml": journey(i) for i in range(11)}
    files["journeys/j11.yml"] = journey(11, extra="status: future\nimproves: j10\n")
    files.update({f"journeys/personas/p{k}.yml": f"name: Persona {k}\n" for k in range(3)})
    return write_project(tmp_path_factory.mktemp("serve") / "p", files, config=CONFIG)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    # (what, make the edit, a page that shows it, a journey it leaves alone, whether the
    # navigation changes: then every page is written again, but bodies are not rendered)
    ("emotion changed", lambda p: edit(p / "journeys/j05.yml", "name: Touch 5.2.1, emotion: 1",
                                       "name: Touch 5.2.1, emotion: -1.25"),
     "journeys/j05/", "journeys/j01/", False),
    # The added stage has no touchpoint: the first content advice, a new insight page.
    ("stage added", lambda p: (p / "journeys/j06.yml").write_text(
        journey(6) + "  - name: Added stage\n    goals: [Stage added by the edit]\n"),
     "journeys/j06/", "journeys/j01/", True),
    ("title changed", lambda p: edit(p / "journeys/j07.yml", "title: Holiday journey 07",
                                     "title: Holiday trip 07"),
     "journeys/j07/", "journeys/j01/", False),
    ("new journey", lambda p: (p / "journeys/j12.yml").write_text(journey(12, "Added journey 12")),
     "journeys/j12/", "journeys/j01/", False),
    # The only journey under I: its letter page goes.
    ("deleted journey", lambda p: (p / "journeys/j08.yml").unlink(), None, "journeys/j01/", True),
    # Three personas are listed in the navigation by name.
    ("persona renamed", lambda p: (p / "journeys/personas/p1.yml").write_text("name: Renamed\n"),
     "personas/p1/", "journeys/j00/", True),
    ("future map added", lambda p: edit(p / "journeys/j09.yml", "stages:",
                                        "status: future\nimproves: j10\nstages:"),
     "journeys/j09/", "journeys/j01/", False),
]
JOURNEYS_RENDERED = {
    "emotion changed": {"journeys/j05.md"}, "stage added": {"journeys/j06.md"},
    "title changed": {"journeys/j07.md"}, "new journey": {"journeys/j12.md"},
    "deleted journey": set(),
    # Journeys of the persona show its name; j11's chart compares it with j10, one of them,
    # and a journey counts with its personas' names wherever it is shown.
    "persona renamed": {"journeys/j01.md", "journeys/j04.md", "journeys/j07.md",
                        "journeys/j10.md", "journeys/j11.md"},
    # j10's chart compares it with its futures; j11, its other future, compares only itself.
    "future map added": {"journeys/j09.md", "journeys/j10.md"},
}
SHOWS = {"emotion changed": "emotion: -1.25 (", "stage added": "Stage added by the edit",
         "title changed": "Holiday trip 07", "new journey": "Added journey 12",
         "persona renamed": "Renamed", "future map added": "cjm-compare-j09"}


@pytest.fixture(scope="module")
def rebuilt(project: Path, tmp_path_factory) -> list[dict]:
    """For each edit: the served site after the rebuild, a site built from scratch with
    `mkdocs build` from the same files, and which pages the rebuild rendered and wrote."""
    served = Served(project, tmp_path_factory.mktemp("served"), dirty=True)
    assert len(served.plugin.rebuilds.rendered) == len(served.plugin.pages)  # all, at first
    seen = []
    for n, (what, make, *_) in enumerate(EDITS):
        make(project)
        served.rebuild()
        state = shutil.copytree(project, tmp_path_factory.mktemp("state") / str(n))
        seen.append({"served": html_files(served.site), "state": state, "what": what,
                     "rendered": set(served.plugin.rebuilds.rendered),
                     "written": set(served.plugin.rebuilds.changed)})
    # The builds from scratch, two at a time.
    builds = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=s["state"],
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for s in seen]
    for s, process in zip(seen, builds):
        log, _ = process.communicate(timeout=600)
        assert process.returncode == 0, log
        s["fresh"] = html_files(s["state"] / "site")
    served.plugin.on_shutdown()
    return seen


@pytest.mark.parametrize("n", range(len(EDITS)), ids=[e[0] for e in EDITS])
def test_the_served_site_is_the_site_built_from_scratch(rebuilt, n):
    seen = rebuilt[n]
    assert seen["served"].keys() == seen["fresh"].keys(), seen["what"]
    stale = [page for page, html in seen["fresh"].items() if seen["served"][page] != html]
    assert stale == [], seen["what"]


@pytest.mark.parametrize("n", range(len(EDITS)), ids=[e[0] for e in EDITS])
def test_the_edited_page_shows_the_edit_and_others_are_left_alone(rebuilt, n):
    what, _, shown, alone, nav_changes = EDITS[n]
    seen = rebuilt[n]
    if shown is None:  # deleted: its page is gone from the served site
        assert "journeys/j08/index.html" not in seen["served"]
    else:
        assert SHOWS[what] in seen["served"][shown + "index.html"].decode()
        assert shown[:-1] + ".md" in seen["rendered"] and shown[:-1] + ".md" in seen["written"]
    # A journey the edit does not touch is not rendered again, nor written again unless the
    # navigation every page carries changed.
    assert alone[:-1] + ".md" not in seen["rendered"]
    assert (alone[:-1] + ".md" in seen["written"]) is nav_changes
    # Journey pages rendered again: those the edit changed, no other.
    journeys = {uri for uri in seen["rendered"] if re.fullmatch(r"journeys/j\d\d\.md", uri)}
    assert journeys == JOURNEYS_RENDERED[what]


def test_the_navigation_lists_channels_by_name_whatever_their_counts():
    # Every page carries the navigation: were channels listed busiest first, a touchpoint
    # added under `mkdocs serve` would write every page again.
    def listed(web: int, app: int) -> list[str]:
        stage = Stage("S", touchpoints=[Touchpoint(f"{channel} {n}", channel=channel)
                                        for channel, count in (("Web", web), ("App", app))
                                        for n in range(count)])
        options = PageOptions()
        pages = build_pages(Handbook({"j": Journey("j", "J", "j.yml", [stage])}), options)
        insights = nav_sections(pages, options)[-1]
        return next(c for c in insights.children if isinstance(c, NavSection)).children

    assert listed(3, 1) == listed(1, 3) == ["insights/channels/app/index.md",
                                            "insights/channels/web/index.md"]


def test_serve_says_what_a_rebuild_did_and_the_first_build_stays_quiet(tmp_path, caplog):
    """The first build renders every page: that is said at debug level only. Each rebuild
    says what it rendered; without --dirty, the first one says once what --dirty saves."""
    project = write_project(tmp_path / "p", {"journeys/j00.yml": journey(0),
                                             "journeys/personas/p0.yml": "name: P\n"},
                            config=CONFIG)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.cjm"):
        served = Served(project, tmp_path / "site", dirty=False)
        total, rendered = len(served.plugin.pages), []
        for old, new in (("1}", "-1.25}"), ("-1.25}", "-1.5}")):
            edit(project / "journeys/j00.yml", f"name: Touch 0.2.1, emotion: {old}",
                 f"name: Touch 0.2.1, emotion: {new}")
            served.rebuild()
            rendered.append(len(served.plugin.rebuilds.rendered))
        served.plugin.on_shutdown()
    assert 0 < rendered[0] < total
    said = [(r.levelname, r.getMessage()) for r in caplog.records if "generated pages" in
            r.getMessage()]
    assert said == [
        ("DEBUG", f"cjm: rendered {total} of {total} generated pages"),
        ("INFO", f"cjm: rendered {rendered[0]} of {total} generated pages; `mkdocs serve "
                 "--dirty` would write again only the pages that changed"),
        ("INFO", f"cjm: rendered {rendered[1]} of {total} generated pages")]
