"""Every generated page in the browser: offline, quiet, accessible; and the theme's search."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

# Headings, tables and pictures of the page's article, as the browser parsed them.
AUDIT = """() => {
  const article = document.querySelector('.md-content article');
  const named = (e) => ['aria-label', 'aria-labelledby', 'title', 'alt'].some(
    a => (e.getAttribute(a) || '').trim()) || !!e.querySelector(':scope > title')?.textContent.trim();
  return {
    headings: [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .map(h => [Number(h.tagName[1]), h.textContent.trim()]),
    tables: [...article.querySelectorAll('table')]
      .map(t => [t.className, t.querySelectorAll('th').length]),
    unnamed: [...article.querySelectorAll('img, svg')]
      .filter(e => !(e.getAttribute('alt') !== null && e.tagName === 'IMG') && !named(e)
        && !e.closest('[aria-hidden=true], a[title], a[aria-label], button[title], svg svg'))
      .map(e => e.outerHTML.slice(0, 120)),
  };
}"""


@pytest.fixture(scope="module")
def generated(demo_build) -> list[str]:
    """Every page the plugin generated (it styles them with cjm-* classes)."""
    pages = sorted(f"{path.parent.relative_to(demo_build.site).as_posix()}/".removeprefix("./")
                   for path in demo_build.site.rglob("index.html")
                   if 'class="cjm-' in path.read_text(encoding="utf-8"))
    assert any(path.startswith("journeys/") and path != "journeys/" for path in pages)
    assert any(path.startswith("personas/") and path != "personas/" for path in pages)
    return pages


@pytest.fixture(scope="module")
def tour(static_visit, generated) -> dict[str, dict]:
    return {path: static_visit.open(path, wait_until="load").evaluate(AUDIT)
            for path in generated}


def test_pages_reach_only_the_local_server_and_log_no_error(tour, static_visit, generated,
                                                            new_visit):
    # Markup alone (images, stylesheets) on every page; with the theme's scripts running,
    # the home page and each section's index and first page.
    assert len(static_visit.requests) >= len(tour)
    assert static_visit.foreign_requests() == []
    sections = {path.split("/")[0]: [] for path in generated}
    for path in generated:
        sections[path.split("/")[0]].append(path)
    visit = new_visit()
    for path in ["", *(page for pages in sections.values() for page in pages[:2])]:
        visit.open(path)
    assert visit.foreign_requests() == []
    assert visit.errors == []


def test_headings_start_at_h1_and_skip_no_level(tour):
    for path, audit in tour.items():
        levels = [level for level, _ in audit["headings"]]
        assert levels[:1] == [1] and levels.count(1) == 1, (path, audit["headings"])
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert skips == [], (path, audit["headings"])


def test_tables_have_header_cells(tour):
    tables = {path: audit["tables"] for path, audit in tour.items() if audit["tables"]}
    assert "journeys/mortgage-application/" in tables
    for path, found in tables.items():
        assert all(headers for _, headers in found), (path, found)


def test_images_and_svgs_have_text_alternatives(tour):
    for path, audit in tour.items():
        assert audit["unnamed"] == [], path


@pytest.mark.parametrize("query, found", [
    ("Loss adjuster visit", "journeys/insurance-claim/"),  # a touchpoint
    ("Depreciation is not explained", "journeys/insurance-claim/"),  # a barrier
    ("Missing document request", "journeys/mortgage-application/"),  # a touchpoint
])
def test_search_finds_journey_by_touchpoint_and_barrier(visit, query, found):
    page = visit.open("")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query)
    result = page.locator(f".md-search-result__link[href*='{found}']").first
    expect(result).to_be_visible()
    assert visit.foreign_requests() == [] and visit.errors == []
