"""axe-core, the accessibility engine auditors use, on every kind of page the plugin makes.

Kinds are read from what the plugin generated, not listed here: every generated body is one
`<div class="cjm-page cjm-page-<template>">` (render/site.py); a page's kind is its template,
and whether it lists by letter or is one of several pages. The smallest page of each kind is
checked, and as few more as show every cjm-* class any generated page has, on the demo and on
a handbook with every feature (below), in four views: light and dark palette on a desktop,
light on a phone, and printed from the dark palette. Serious and critical violations in the
content area fail the test; moderate and minor ones, and the theme's own findings outside
the content area, are reported at the end of the run, and docs/accessibility.md says why
each is accepted.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from cjm_site.core.lanes import COLOURS
from cjm_site.render.paging import INSIGHT_PAGE_SIZE

from ..conftest import REPO, GitRepo
from .conftest import AXE_REPORT, COLOUR_MATH, DESKTOP, serve

PHONE = {"width": 390, "height": 844}
# The demo's palettes, by Material's name of each scheme.
PALETTES = {"light": "default", "dark": "slate"}
# Views of each page: both palettes on a desktop, with what scroll boxes hold out of view
# (below); a phone in the palette readers get first (the plugin's stylesheet sets colours
# by palette and layout by width, never both at once); print from the dark palette (paper
# must get the light colours whatever the screen showed).


class Size(NamedTuple):
    viewport: dict
    options: dict
    palettes: tuple[str, ...]
    scrolled: bool  # scroll boxes checked at every position (below)
    media: str = "screen"


SIZES = {"desktop": Size(DESKTOP, {}, ("light", "dark"), True),
         "phone": Size(PHONE, {"is_mobile": True, "has_touch": True}, ("light",), False),
         "print": Size(DESKTOP, {}, ("dark",), False, "print")}
# No colour transition running: axe reads colours as they end up.
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
FAILING = ("serious", "critical")
DOCS = REPO / "docs" / "accessibility.md"

# axe-core skips what a scroll box holds out of view: each box of a generated page that holds
# more than it shows is scrolled half its width at a time (a cell under the grid's sticky
# lane names at one position is clear at the next), and the colour rules run on it again.
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
                "resultTypes": ["violations"]}
SCROLL_BOXES = """() => [...document.querySelectorAll('.cjm-page [tabindex="0"]')]
  .filter(box => box.scrollWidth > box.clientWidth + 1)
  .map((box, n) => {
    box.dataset.axeBox = n;
    return [n, box.scrollWidth - box.clientWidth, Math.max(1, Math.floor(box.clientWidth / 2))];
  })"""
SCROLL = """([box, left]) => {
  document.querySelector(`[data-axe-box="${box}"]`).scrollLeft = left;
}"""

# Each node of each violation, and whether it lies in the content area: what the plugin
# generates is there; the header, navigation and footer around it are the theme's.
NODES = """(violations) => violations.flatMap(v => v.nodes.map(n => {
  const element = typeof n.target[0] === 'string' ? document.querySelector(n.target[0]) : null;
  return {rule: v.id, impact: v.impact, target: n.target.join(' '),
          html: n.html.replace(/\\s+/g, ' ').slice(0, 120),
          summary: (n.failureSummary || '').replace(/\\s+/g, ' '),
          content: element ? !!element.closest('.md-content') : true};
}))"""

_BODY = re.compile(r'<div class="cjm-page cjm-page-([a-z0-9-]+)">')
_CLASSES = re.compile(r'class="([^"]*)"')
# Layout variants that change what a page holds: an index by letter, one of several pages.
_VARIANTS = (("by letter", 'class="cjm-letters"'), ("paged", 'class="cjm-pager"'))
_TEMPLATE_USE = re.compile(r"""\{%-?\s*(?:from|import|include)\s+["']([^"']+)["']""")


@dataclass(frozen=True)
class Generated:
    """A page the plugin generated, as found in a built site."""

    site: str
    path: str
    kind: str
    classes: frozenset[str]
    size: int

    @property
    def layout(self) -> str:
        return self.kind.split(",")[0]


def generated_pages(name: str, site: Path) -> list[Generated]:
    pages = []
    for file in sorted(site.rglob("index.html")):
        html = file.read_text(encoding="utf-8")
        body = _BODY.search(html)
        path = f"{file.parent.relative_to(site).as_posix()}/".removeprefix("./")
        if body is None:
            # Every page the plugin styles is generated through one template function.
            assert 'class="cjm-' not in html, f"{name}: {path} has cjm-* markup but no cjm-page"
            continue
        kind = ", ".join([body[1], *(variant for variant, marker in _VARIANTS
                                     if marker in html)])
        classes = frozenset(c for found in _CLASSES.findall(html) for c in found.split()
                            if c.startswith("cjm-"))
        pages.append(Generated(name, path, kind, classes, len(html)))
    return pages


def pick(pages: list[Generated]) -> list[Generated]:
    """The pages to check: the smallest page of each kind, then the fewest more (smallest
    first) that show every cjm-* class any page has. A large page is checked only when it
    shows what no smaller one does."""
    candidates = sorted(pages, key=lambda p: (p.size, p.site, p.path))
    chosen = [next(page for page in candidates if page.kind == kind)
              for kind in sorted({page.kind for page in pages})]
    missing = frozenset().union(*(page.classes for page in pages)).difference(
        *(page.classes for page in chosen))
    while missing:
        best = max(candidates, key=lambda p: len(p.classes & missing))
        chosen.append(best)
        missing -= best.classes
    return chosen


def page_templates() -> set[str]:
    """The package's page templates as `cjm-page-*` names: every template that no other
    template imports or includes."""
    root = resources.files("cjm_site.render") / "templates"
    templates = {}
    folders = [root]
    while folders:
        for entry in folders.pop().iterdir():
            if entry.is_dir():
                folders.append(entry)
            elif entry.name.endswith(".html"):
                name = str(entry).removeprefix(str(root)).lstrip("/\\").replace("\\", "/")
                templates[name] = entry.read_text(encoding="utf-8")
    used = {name for text in templates.values() for name in _TEMPLATE_USE.findall(text)}
    return {name.removesuffix(".html").replace("/", "-") for name in templates if name not in used}


# -- a handbook with every feature -----------------------------------------------------------

# What `mkdocs serve` does: the plugin is told it serves, so files with errors become pages
# that show their errors (`mkdocs build` stops instead). Built into site/ to be read.
SERVE_BUILD = """
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml")
config.plugins.on_startup(command="serve", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()
"""
BROKEN = ("unclosed-flow.yml", "missing-stages.yml", "personas/no-name.yml")
OPTIONS = """\
  - cjm:
      nav_group_size: 4
      page_problems: all
      history_authors: true
      compare_with: v1
      lanes:
        - {key: channels_used, title: Channels used, colour: teal, icon: cellphone,
           position: after touchpoints}
        - {key: regulation, title: Regulation, kind: text, position: after support}
""" + "".join(f"        - {{key: colour_{colour.replace('-', '_')}, title: {colour.capitalize()} "
              f"lane, colour: {colour}, icon: label}}\n" for colour in COLOURS)


def write_feature_handbook(root: Path) -> Path:
    """The demo (its journeys, personas, research data and theme) and what it lacks: letter
    pages (a small nav_group_size), insight pages split into several, files with errors and
    advice shown on their pages, lanes of the site's own, history from git, and the starter
    files of `cjm new`, which use every key of the format."""
    repo = GitRepo(root)
    shutil.copytree(REPO / "journeys", root / "journeys")
    shutil.copytree(REPO / "overrides", root / "overrides")
    for name in BROKEN:
        shutil.copy(REPO / "tests" / "bad" / "journeys" / name, root / "journeys" / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
    assert "  - cjm\n" in config
    # More touchpoints on one channel than an insight page holds: the channel's page is split.
    renewal = {"title": "Contract renewal", "persona": "lena", "stages": [{
        "name": "Renewal", "touchpoints": [
            {"channel": "Web", "name": f"Renewal form, step {n}", "emotion": -1}
            for n in range(INSIGHT_PAGE_SIZE + 1)]}]}
    lanes = {"title": "Notice of termination", "persona": "lena", "stages": [{
        "name": "Notice", "emotion": -1, "channels_used": ["Web", "Letter"],
        "regulation": "Notice periods follow **consumer law**."}]}
    # A lane in each colour the map may give one, with a link: text and links on every tint.
    colours = {"title": "Lanes in every colour", "persona": "lena", "stages": [{
        "name": "Colours", "emotion": 0, **{
            f"colour_{colour.replace('-', '_')}": [
                f"A {colour} item, [linked](https://example.org/policy)"]
            for colour in COLOURS}}]}
    repo.write({"mkdocs.yml": config.replace("  - cjm\n", OPTIONS) + "\n",
                "docs/index.md": "# Every feature\n",
                "journeys/renewal.yml": json.dumps(renewal),
                "journeys/notice.yml": json.dumps(lanes),
                "journeys/colours.yml": json.dumps(colours)})
    for command in (["persona", "every-feature"],
                    ["journey", "every-feature", "--persona", "every-feature"]):
        subprocess.run([sys.executable, "-m", "cjm_site.cli", "new", *command], cwd=root,
                       check=True, capture_output=True)
    repo.commit("Handbook", "2026-03-02T10:00:00")
    repo.git("tag", "v1")
    renewal["stages"][0]["touchpoints"][0]["emotion"] = 1
    repo.commit("Renewal: the first step got better", "2026-03-20T10:00:00",
                {"journeys/renewal.yml": json.dumps(renewal)})
    done = subprocess.run([sys.executable, "-c", SERVE_BUILD], cwd=root, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return root / "site"


@pytest.fixture(scope="module")
def sites(demo_build, tmp_path_factory) -> dict[str, Path]:
    assert demo_build.returncode == 0, demo_build.log
    return {"demo": demo_build.site,
            "every feature": write_feature_handbook(tmp_path_factory.mktemp("features"))}


@pytest.fixture(scope="module")
def generated(sites) -> list[Generated]:
    return [page for name, site in sites.items() for page in generated_pages(name, site)]


# -- the audit -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    page: Generated
    view: str
    rule: str
    impact: str
    target: str
    html: str
    summary: str
    content: bool

    @property
    def fails(self) -> bool:
        return self.content and self.impact in FAILING


def summary(findings: list[Finding]) -> list[str]:
    """Findings alike (rule, element, message) as one entry, with where they were seen."""
    alike: dict[tuple, list[Finding]] = {}
    for finding in findings:
        where = "content" if finding.content else "theme, outside the content area"
        key = (finding.rule, finding.impact, where, finding.target, finding.html,
               finding.summary)
        alike.setdefault(key, []).append(finding)
    lines = []
    for (rule, impact, where, target, html, message), seen in alike.items():
        pages = sorted({f"{f.page.site}: {f.page.path}" for f in seen})
        views = sorted({f.view for f in seen})
        lines.append(f"{rule} ({impact}; {where}) {target}: {html}\n    {message}\n    "
                     f"{len(seen)} views ({'; '.join(views)}) of {len(pages)} pages, "
                     f"e.g. {pages[0]}")
    return lines


def check(tab: Page, axe: Axe, page: Generated, view: str, whole: bool,
          scrolled: bool) -> list[Finding]:
    """axe-core on the page as shown (the whole page, or its content area), then, if
    `scrolled`, the colour rules again on what its scroll boxes hold out of view."""
    result = axe.run(tab, context=None if whole else ".md-content", options=WCAG_21_AA)
    nodes = tab.evaluate(NODES, result.response["violations"])
    for box, overflow, step in tab.evaluate(SCROLL_BOXES) if scrolled else []:
        for left in range(step, overflow + step, step):
            tab.evaluate(SCROLL, [box, left])
            shown = axe.run(tab, context=f'[data-axe-box="{box}"]', options=COLOUR_RULES)
            nodes += tab.evaluate(NODES, shown.response["violations"])
        tab.evaluate(SCROLL, [box, 0])
    unique = {(n["rule"], n["target"], n["summary"]): n for n in nodes}
    return [Finding(page, view, **node) for node in unique.values()]


@pytest.fixture(scope="module")
def audit(browser: Browser, sites, generated, request) -> tuple[list[Generated], list[Finding]]:
    """axe-core once per view (SIZES) of each picked page."""
    checked = pick(generated)
    axe = Axe()  # the axe-core script shipped in the package: nothing is fetched
    findings: list[Finding] = []
    engine = ""
    for site_name, folder in sites.items():
        pages = sorted((page for page in checked if page.site == site_name),
                       key=lambda page: page.size)
        with serve(folder) as base:
            for name, size in SIZES.items():
                context = browser.new_context(viewport=size.viewport,
                                              color_scheme=size.palettes[0], **size.options)
                tab = context.new_page()
                tab.emulate_media(media=size.media)
                for number, page in enumerate(pages):
                    tab.goto(base + page.path, wait_until="load")
                    seen: list[str] = []
                    # The palette a reader last chose, then the other one through the toggle
                    # in the header, as a reader switches (the next page opens in that one).
                    for turn in range(len(size.palettes)):
                        if turn:
                            tab.locator("form[data-md-component=palette] label:visible").click()
                            expect(tab.locator("body")).not_to_have_attribute(
                                "data-md-color-scheme", PALETTES[seen[-1]])
                        tab.wait_for_function(SETTLED)
                        scheme = tab.get_attribute("body", "data-md-color-scheme")
                        seen.append(next(p for p, s in PALETTES.items() if s == scheme))
                        # The theme's header, navigation and footer are alike on every page:
                        # checked whole on a site's first (smallest) page, then the content
                        # area only.
                        findings += check(tab, axe, page, f"{seen[-1]}, {name}",
                                          whole=number == 0, scrolled=size.scrolled)
                        engine = tab.evaluate("axe.version")
                    assert sorted(seen) == sorted(size.palettes), (page, seen)
                context.close()
    views = len(checked) * sum(len(size.palettes) for size in SIZES.values())
    report = request.config.stash.setdefault(AXE_REPORT, [])
    report.append(f"axe-core {engine}: {len(checked)} pages of "
                  f"{len({p.kind for p in checked})} kinds, {views} views; "
                  f"{sum(f.fails for f in findings)} failing findings, "
                  f"{sum(not f.fails for f in findings)} accepted:")
    report += summary([finding for finding in findings if not finding.fails])
    return checked, findings


def test_every_page_template_makes_a_page_of_the_handbooks(generated):
    # A new page template is checked as soon as a handbook here has a page made with it.
    missing = page_templates() - {page.layout for page in generated}
    assert not missing, (f"no page of the handbooks uses {sorted(missing)}: give the handbook "
                         "of write_feature_handbook what makes one")
    # The variants the feature handbook is there for.
    kinds = {page.kind for page in generated}
    for kind in ("journeys", "journeys, by letter", "journeys, by letter, paged",
                 "personas, by letter", "broken", "insights-channel, paged"):
        assert kind in kinds, sorted(kinds)


def test_no_serious_or_critical_violation_in_what_the_plugin_generates(audit):
    _, findings = audit
    failing = summary([finding for finding in findings if finding.fails])
    assert not failing, "\n".join(failing)


def test_accepted_findings_are_explained_in_the_docs(audit):
    _, findings = audit
    docs = DOCS.read_text(encoding="utf-8")
    unexplained = sorted({f.rule for f in findings if not f.fails} - set(
        re.findall(r"`([a-z0-9-]+)`", docs)))
    assert not unexplained, f"say in {DOCS.name} why these are accepted: {unexplained}"


# The marks a lane's colour draws, measured against what they sit on: the band along the
# lane's name (against its tint and against the page beside it; on phones, along each
# card's cell) and the icon (against the tint).
LANE_MARKS = """() => {
  %s
  const marks = [];
  for (const element of document.querySelectorAll('.cjm-map [class*="cjm-colour-"]')) {
    if (!element.getClientRects().length) continue;
    const colour = [...element.classList].find(name => name.startsWith('cjm-colour-')).slice(11);
    const style = getComputedStyle(element);
    const tint = backdrop(element);
    if (parseFloat(style.borderLeftWidth) >= 3) {
      const band = parse(style.borderLeftColor);
      marks.push({colour, mark: 'band on its tint', ratio: ratio(band, tint)});
      const page = backdrop(element.parentElement);
      marks.push({colour, mark: 'band on the page', ratio: ratio(band, page)});
    }
    const icon = element.querySelector('.cjm-icon');
    if (icon && icon.getClientRects().length) {
      const drawn = parse(getComputedStyle(icon).color);
      marks.push({colour, mark: 'icon', ratio: ratio(drawn, backdrop(icon))});
    }
  }
  return marks;
}""" % COLOUR_MATH
# Graphics a reader needs must have 3:1 against what is next to them (WCAG 1.4.11).
GRAPHICS = 3


def test_every_lane_colour_marks_its_lane_at_3_to_1(browser: Browser, sites, request):
    """axe-core judges text only: the bands and icons of every colour a lane may have are
    measured here, in both palettes, on a phone and on paper (printed from the dark palette,
    so no screen colour may reach the paper)."""
    views = (("light", DESKTOP, "screen"), ("dark", DESKTOP, "screen"), ("light", PHONE, "screen"),
             ("dark", PHONE, "screen"), ("dark", DESKTOP, "print"))
    lowest = []
    with serve(sites["every feature"]) as base:
        for palette, viewport, media in views:
            context = browser.new_context(viewport=viewport, color_scheme=palette)
            tab = context.new_page()
            tab.emulate_media(media=media)
            tab.goto(base + "journeys/colours/", wait_until="load")
            tab.wait_for_function(SETTLED)
            assert tab.get_attribute("body", "data-md-color-scheme") == PALETTES[palette]
            marks = tab.evaluate(LANE_MARKS)
            context.close()
            view = f"{palette}, {viewport['width']} px, {media}"
            assert {mark["colour"] for mark in marks} == set(COLOURS), view
            failing = [f"{m['colour']} {m['mark']} {m['ratio']:.2f}:1" for m in marks
                       if m["ratio"] < GRAPHICS]
            assert not failing, (view, failing)
            worst = min(marks, key=lambda mark: mark["ratio"])
            lowest.append(f"{view}: {len(marks)} marks, lowest {worst['colour']} "
                          f"{worst['mark']} {worst['ratio']:.2f}:1")
    request.config.stash.setdefault(AXE_REPORT, []).append(
        "Lane colours (bands and icons, 3:1 needed): " + "; ".join(lowest))
