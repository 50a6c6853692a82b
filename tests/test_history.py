"""History from git on the built site: a throw-away repository with a known history, built
with mkdocs; the same pages without git, from a shallow clone and from the demo in a
repository of its own."""

from __future__ import annotations

import html
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from cjm_site.core.history import History
from cjm_site.render.build import build_pages
from cjm_site.render.site import PageOptions
from cjm_site.source.handbook import Settings, load_handbook
from cjm_site.source.history import Wanted, read_history

from . import journey_map
from .conftest import MINIMAL_CONFIG, REPO, GitRepo, run_build
from .test_diff import SUPPORT

OPTIONS = """
      history_count: 2
      compare_with: v1
      recent_days: 30"""
MAYA = "name: Maya\n"
CHECKOUT = """
title: Online checkout
persona: maya
stages:
  - name: Browse
    touchpoints:
      - {channel: Web, name: Product page, emotion: 1}
  - name: Pay
    touchpoints:
      - {channel: Web, name: Payment page, emotion: %s}
"""
RETURNS = """
title: Returns
persona: maya
stages:
  - name: Send back
    emotion: -1
"""


def _git_shim(folder: Path) -> Path:
    """A `git` first on PATH that notes each call's command, then runs the real git."""
    folder.mkdir()
    shim = folder / "git"
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{folder}/calls"\nexec {shutil.which("git")} "$@"\n',
                    encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    return folder


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("history") / "handbook")
    repo.commit("Add the first maps", "2026-01-05T10:00:00+01:00", {
        "mkdocs.yml": MINIMAL_CONFIG.format(options=f":{OPTIONS}"), "docs/index.md": "# Home\n",
        "journeys/personas/maya.yml": MAYA, "journeys/checkout.yml": CHECKOUT % -2,
        "journeys/support.yml": SUPPORT})
    repo.git("tag", "v1")
    repo.commit("Guest checkout: paying is no longer the worst step",
                "2026-02-01T09:00:00+01:00", {"journeys/checkout.yml": CHECKOUT % 1,
                                              "journeys/personas/maya.yml": MAYA
                                              + "occupation: Nurse\n"},
                author="Bo Builder")
    repo.git("mv", "journeys/checkout.yml", "journeys/online-checkout.yml")
    repo.commit("One name per channel <b>online</b>", "2026-02-20T16:30:00+01:00")
    repo.commit("Map the returns journey", "2026-02-25T11:00:00+01:00",
                {"journeys/returns.yml": RETURNS})
    return repo


@pytest.fixture(scope="module")
def built(repo: GitRepo, tmp_path_factory: pytest.TempPathFactory):
    shim = _git_shim(tmp_path_factory.mktemp("shim") / "bin")
    os.environ["PATH"], path = f"{shim}{os.pathsep}{os.environ['PATH']}", os.environ["PATH"]
    try:
        build = run_build(repo.root, "--strict")
    finally:
        os.environ["PATH"] = path
    assert build.returncode == 0, build.log
    return build, (shim / "calls").read_text(encoding="utf-8").splitlines()


def test_history_lists_the_latest_changes_of_the_file_across_its_rename(built):
    build, _ = built
    page = build.html("journeys/online-checkout/")
    assert re.search(r'<h2 id="history">.*?</ol>', page, re.S).group() == (
        '<h2 id="history">History</h2>'
        '<p class="cjm-history-compared">The emotion curve shows this map as of v1 '
        "(2026-01-05) as a faint line under today's.</p>"
        "<p>3 changes to <code>journeys/online-checkout.yml</code>, the latest 2:</p>"
        '<ol class="cjm-history">'
        '<li><time datetime="2026-02-20T16:30:00+01:00">2026-02-20</time> '
        '<span class="cjm-history-subject">One name per channel &lt;b&gt;online&lt;/b&gt;</span>'
        "</li>"
        '<li><time datetime="2026-02-01T09:00:00+01:00">2026-02-01</time> '
        '<span class="cjm-history-subject">Guest checkout: paying is no longer the worst step'
        "</span></li></ol>")
    # No author names unless the site asks for them.
    assert "Bo Builder" not in page and "Ana Author" not in page


def test_compare_with_draws_the_earlier_curve_under_todays(built):
    build, _ = built
    page = build.html("journeys/online-checkout/")
    curves = journey_map.stage_curves(page)
    for svg in curves:
        series = [g.get("class") for g in svg.iter("g") if "cjm-series" in g.get("class")]
        # Today's line keeps the first colour; the earlier one comes first in the drawing.
        assert series == ["cjm-series color-1 cjm-earlier", "cjm-series color-0 cjm-current"]
    pay = [title for svg in curves for title in
           (p.title for p in journey_map.points([svg], 0) + journey_map.points([svg], 1))
           if " · Pay · " in title]
    assert sorted(pay) == [
        "As of v1 (2026-01-05) · Payment page · Pay · channel: Web · emotion: -2 (very negative)",
        "Online checkout · Payment page · Pay · channel: Web · emotion: 1 (positive)"]
    # A map that did not exist then says so; its curve is today's alone.
    returns = build.html("journeys/returns/")
    assert ("This map did not exist as of v1 (2026-01-05), the revision its emotion curve is "
            "compared with.") in returns
    assert "cjm-earlier" not in returns


def test_recently_changed_lists_maps_changed_in_the_window(built):
    build, _ = built
    page = build.html("insights/recent/")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", re.search(
        r'<h1 id="recently-changed".*?</table>', page, re.S).group())))
    assert text.strip() == (
        "Recently changed 2 journey maps and 1 persona changed in the 30 days up to "
        "2026-02-25, the date of the latest commit; newest change first. What changed compares each map with its "
        "version from before 2026-01-26. Map Last change Commits What changed "
        "Returns 2026-02-25 Map the returns journey 1 journey added "
        "Online checkout 2026-02-20 One name per channel <b>online</b> 2 "
        "renamed from checkout; emotion better in 1 stage and 1 touchpoint "
        "Maya (persona) 2026-02-01 Guest checkout: paying is no longer the worst step 1 "
        "occupation changed")
    assert "<b>online</b>" not in page  # a commit subject is text, never markup
    index = build.html("insights/")
    # Journeys and personas, each counted as what it is.
    assert ('<a href="recent/">Recently changed</a>: 2 journey maps and 1 persona changed in '
            "the 30 days before the latest commit.") in index


def test_git_is_asked_a_fixed_number_of_times(built):
    _, calls = built
    commands = [re.sub(r"^(-C \S+ )?(-c \S+ )*", "", call).split()[0] for call in calls]
    # History of every file; compare_with: its commit and files; Recently changed: the
    # branch's commits and the files before the window.
    assert sorted(commands) == sorted(["log", "log", "ls-tree", "cat-file", "log", "ls-tree",
                                       "cat-file"])


def test_history_is_the_same_for_the_same_commit(repo: GitRepo, built, tmp_path: Path):
    build, _ = built
    again = run_build(GitRepo.clone(repo, tmp_path / "again", "--branch", "main").root)
    assert again.returncode == 0, again.log
    for page in ("journeys/online-checkout/", "insights/recent/", "insights/"):
        assert again.html(page) == build.html(page)


# -- the same machinery in-process: options, no git, a shallow clone ------------------------


def _render(root: Path, wanted: Wanted) -> tuple[str, object]:
    settings = Settings.from_project(root)
    handbook = load_handbook(settings)
    read = read_history(settings, handbook, wanted)
    pages = {p.src_uri: p for p in build_pages(handbook, PageOptions(), history=read.history)}
    return pages["journeys/online-checkout.md"].html, read


def test_author_names_when_asked(repo: GitRepo):
    html, _ = _render(repo.root, Wanted(count=3, authors=True, recent_days=0))
    assert re.findall(r'<span class="cjm-history-author">\(([^)]*)\)</span>', html) == [
        "Ana Author", "Bo Builder", "Ana Author"]


def test_without_git_or_without_history_there_is_no_section(repo: GitRepo, tmp_path: Path):
    tarball = tmp_path / "tarball"
    shutil.copytree(repo.root, tarball, ignore=shutil.ignore_patterns(".git"))
    html, read = _render(tarball, Wanted())
    assert read.history is None and read.warning is None and read.note is None
    assert 'id="history"' not in html
    html, read = _render(repo.root, Wanted(count=0, compare_with=None, recent_days=0))
    assert read.history is None and 'id="history"' not in html


def test_shallow_clone_shows_what_it_holds_and_says_why(repo: GitRepo, tmp_path: Path):
    shallow = GitRepo.clone(repo, tmp_path / "shallow", "--depth", "2", "--branch", "main")
    html, read = _render(shallow.root, Wanted(count=5, recent_days=30))
    # The last commit is in the clone; the one before it is its boundary, whose files
    # only look added.
    assert re.findall(r'<span class="cjm-history-subject">([^<]*)</span>', html) == []
    assert read.note.startswith("this clone is shallow: fetch the history it needs")
    returns = {p.src_uri: p for p in build_pages(
        load_handbook(Settings.from_project(shallow.root)), PageOptions(),
        history=read.history)}["journeys/returns.md"].html
    assert "Map the returns journey" in returns
    # The window reaches past the clone's boundary: no Recently changed page.
    assert read.history.recent is None


def test_unknown_compare_with_warns_and_fails_strict(repo: GitRepo, tmp_path: Path):
    clone = GitRepo.clone(repo, tmp_path / "clone", "--branch", "main")
    (clone.root / "mkdocs.yml").write_text(MINIMAL_CONFIG.format(
        options=":\n      compare_with: v9"), encoding="utf-8")
    build = run_build(clone.root, "--strict")
    assert build.returncode == 1
    assert ("WARNING -  cjm: compare_with: unknown revision 'v9': name a branch, tag or "
            "commit (`git log --oneline` lists them); the emotion curves are drawn without "
            "it") in build.log


def test_demo_built_without_git_has_no_history(demo_build):
    assert demo_build.returncode == 0, demo_build.log
    assert 'id="history"' not in demo_build.html("journeys/first-purchase/")
    assert not (demo_build.site / "insights" / "recent").exists()
    assert "Recently changed" not in demo_build.html("insights/")


def test_demo_built_from_a_clone_shows_history(tmp_path: Path):
    demo = GitRepo(tmp_path / "demo")
    for name in ("mkdocs.yml", "journeys", "docs", "overrides"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, demo.root / name)
        elif source.exists():
            shutil.copy(source, demo.root / name)
    demo.commit("Import the handbook", "2026-03-02T08:00:00+00:00")
    build = run_build(demo.root, "--strict")
    assert build.returncode == 0, build.log
    for journey in ("first-purchase", "support-call", "hotel-stay"):
        page = build.html(f"journeys/{journey}/")
        assert ('<li><time datetime="2026-03-02T08:00:00+00:00">2026-03-02</time> '
                '<span class="cjm-history-subject">Import the handbook</span></li>') in page
    assert "Recently changed" in build.html("insights/")


def test_git_log_is_read_by_position_and_follows_renames():
    from cjm_site.source import git

    def commit(n: int, subject: bytes, decoration: bytes = b"", changes: bytes = b"") -> bytes:
        return (f"{n:040x}".encode() + b"\0" + f"2026-03-0{n}T10:00:00+00:00".encode() + b"\0"
                + subject + b"\0" + decoration + b"\0\0" + (b"\n" + changes if changes else b""))

    out = b"".join([
        commit(4, b"M"),  # a merge: no files of its own, and a subject that looks like a status
        commit(3, b"Rename " + b"x" * 300, changes=b"R100\0journeys/a.yml\0journeys/b.yml\0"
               b"M\0journeys/c.yml\0"),
        commit(2, b"Score the call", changes=b"M\0journeys/a.yml\0D\0journeys/old.yml\0"),
        commit(1, b"Import", b"grafted", b"A\0journeys/a.yml\0A\0journeys/c.yml\0"),
    ])
    entries = git.parse_log(out)
    assert [(e.commit.subject[:6], e.grafted, e.changes) for e in entries] == [
        ("M", False, ()),
        ("Rename", False, (("R", "journeys/a.yml", "journeys/b.yml"),
                           ("M", "journeys/c.yml", None))),
        ("Score ", False, (("M", "journeys/a.yml", None), ("D", "journeys/old.yml", None))),
        ("Import", True, (("A", "journeys/a.yml", None), ("A", "journeys/c.yml", None))),
    ]
    assert len(entries[1].commit.subject) == git.SUBJECT_LIMIT
    found = git.histories(entries, ["journeys/b.yml", "journeys/c.yml"], 1)
    # b.yml was a.yml before commit 3; the boundary of a shallow clone is no change.
    assert {p: ([c.sha[-1] for c in h.commits], h.total) for p, h in found.items()} == {
        "journeys/b.yml": (["3"], 2), "journeys/c.yml": (["3"], 1)}
    since = entries[2].commit.when
    assert {p: [c.sha[-1] for c in cs] for p, cs in git.changed_since(
        entries, ["journeys/b.yml", "journeys/c.yml"], since).items()} == {
        "journeys/b.yml": ["3", "2"], "journeys/c.yml": ["3"], "journeys/old.yml": ["2"]}
