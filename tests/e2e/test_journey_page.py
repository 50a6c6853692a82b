"""A journey page as readers see it: the map at any width, phone, both palettes, the poster
print and the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import COLOUR_MATH

WIDE = "journeys/mortgage-application/"  # the demo's widest map
WIDE_STAGES = ["Research", "Advice", "Offer in principle", "Application", "Documents",
               "Underwriting", "Signing", "First repayment"]
TWELVE = "journeys/twelve/"
SIX = "journeys/six/"
PHONE = {"width": 390, "height": 844}
# Landscape sheets in mm, and the poster's margins.
PAPERS = {"a4": (297, 210, 8), "a3": (420, 297, 8), "a2": (594, 420, 10)}
SEVEN_POINTS = 7 / 72 * 96  # in CSS pixels

# The visible texts under a selector, each with its element and computed style.
VISIBLE_TEXTS = """const visibleTexts = (selector) => {
  const found = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode.textContent.trim();
      const element = walker.currentNode.parentElement;
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (text && rect.width && rect.height && style.visibility !== 'hidden') {
        found.push({text, element, style});
      }
    }
  }
  return found;
};"""

# Text a reader sees, with the size it is drawn at: SVG text scales with a viewBox.
SMALL_TEXT = """([selector, minimum]) => {
  %s
  const small = [];
  for (const {text, element, style} of visibleTexts(selector)) {
    const matrix = element instanceof SVGElement ? element.getScreenCTM() : null;
    const size = parseFloat(style.fontSize) * (matrix ? Math.hypot(matrix.a, matrix.b) : 1);
    if (size < minimum) small.push(`${element.tagName} '${text.slice(0, 30)}' ${size.toFixed(1)}px`);
  }
  return small;
}""" % VISIBLE_TEXTS

# WCAG contrast of every visible text under `selector` against what is painted behind it:
# the backgrounds of its ancestors, translucent ones blended, or the dot a number sits on.
CONTRAST = """([selector, minimum]) => {
  %s
  if (selector === null) return ratio(parse(minimum[0]), parse(minimum[1]));  // self-test
  %s
  const failing = [];
  const texts = visibleTexts(selector);
  for (const {text, element, style} of texts) {
    const svg = element instanceof SVGElement;
    let bg = backdrop(svg ? element.ownerSVGElement : element);
    const dot = svg && element.closest('.cjm-point');
    if (dot) bg = over(parse(getComputedStyle(dot.querySelector('circle')).fill), bg);
    const fg = parse(svg ? style.fill : style.color);
    const found = ratio(fg, bg);
    if (found < minimum) failing.push(`'${text.slice(0, 30)}' ${found.toFixed(2)}:1 ` +
                                      `(${svg ? style.fill : style.color} on ${bg})`);
  }
  return {checked: texts.length, failing};
}""" % (COLOUR_MATH, VISIBLE_TEXTS)

# Each curve point's circle against its stage's column: the stage's header above it and
# the stage's cells in the lanes (other elements than the point's own SVG).
ALIGNMENT = """() => {
  const stages = [...document.querySelectorAll('.cjm-map .cjm-stage')];
  const points = [];
  stages.forEach((stage, index) => {
    const header = stage.querySelector('.cjm-stage-name').getBoundingClientRect();
    const cells = [...stage.querySelectorAll('.cjm-cell:not(.cjm-lane-emotion)')]
      .map(c => c.getBoundingClientRect());
    for (const circle of stage.querySelectorAll('.cjm-point circle')) {
      const r = circle.getBoundingClientRect();
      const x = r.left + r.width / 2;
      points.push({stage: index, x, left: r.left, right: r.right, column: [header.left, header.right],
                   inside: header.left < x && x < header.right
                     && header.left - 0.5 <= r.left && r.right <= header.right + 0.5
                     && cells.every(c => Math.abs(c.left - header.left) < 0.5
                                         && Math.abs(c.right - header.right) < 0.5)});
    }
  });
  return points;
}"""

# The map's scroll box and the page: sizes, and where the sticky names are.
CANVAS = """() => {
  const box = document.querySelector('.cjm-map-scroll');
  const rect = box.getBoundingClientRect();
  const label = document.querySelector('.cjm-lane-label').getBoundingClientRect();
  const header = document.querySelector('.cjm-stage-name').getBoundingClientRect();
  return {scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
          scrollHeight: box.scrollHeight, clientHeight: box.clientHeight,
          page: document.documentElement.scrollWidth, window: window.innerWidth,
          boxLeft: rect.left, boxTop: rect.top, labelLeft: label.left, headerTop: header.top};
}"""


def scroll_map(page, left: int | str = 0, top: int = 0) -> None:
    page.evaluate("""([left, top]) => {
      const box = document.querySelector('.cjm-map-scroll');
      box.scrollLeft = left === 'end' ? box.scrollWidth : left;
      box.scrollTop = top;
    }""", [left, top])


def misplaced(page) -> list[dict]:
    points = page.evaluate(ALIGNMENT)
    assert points, "no curve points on the page"
    return [p for p in points if not p["inside"]]


def test_contrast_is_measured_like_wcag(visit):
    page = visit.open("")
    for fg, bg, expected in (("rgb(0, 0, 0)", "rgb(255, 255, 255)", 21),
                             ("rgb(119, 119, 119)", "rgb(255, 255, 255)", 4.48),
                             ("rgba(0, 0, 0, 0)", "rgb(30, 33, 41)", 1),
                             ("color(srgb 0 0 0 / 0.5)", "rgb(255, 255, 255)", 3.98)):
        assert page.evaluate(CONTRAST, [None, [fg, bg]]) == pytest.approx(expected, abs=0.01)


def test_the_map_takes_the_window_and_eight_stages_fit_at_1400(new_visit):
    visit = new_visit(viewport={"width": 1400, "height": 900})
    page = visit.open(WIDE)
    expect(page.locator(".cjm-map .cjm-stage-name")).to_have_text(
        [f"{n} {name}" for n, name in enumerate(WIDE_STAGES, 1)])
    for sidebar in (".md-sidebar--primary", ".md-sidebar--secondary"):
        expect(page.locator(sidebar)).to_be_hidden()
    canvas = page.evaluate(CANVAS)
    assert canvas["clientWidth"] > 1300, canvas
    assert canvas["scrollWidth"] <= canvas["clientWidth"], canvas  # no sideways scrolling
    expect(page.locator(".cjm-persona-card")).to_contain_text("Omar Haddad")
    expect(page.locator(".cjm-persona-card a")).to_have_attribute("href", "../../personas/omar/")
    visit.screenshot("journey-desktop-light.png")
    # Without the page's full-width mark (the `map_sidebars` option), the theme's
    # navigation and table of contents come back.
    page.evaluate("document.querySelector('.cjm-journey').classList.remove('cjm-full-width')")
    for sidebar in (".md-sidebar--primary", ".md-sidebar--secondary"):
        expect(page.locator(sidebar)).to_be_visible()


@pytest.mark.parametrize("width", [1024, 1400, 1920, 2560])
def test_every_curve_point_stays_in_its_stage_column(new_visit, wide_url, width):
    for base, path in ((None, WIDE), (wide_url, TWELVE)):
        visit = new_visit(**({"base": base} if base else {}),
                          viewport={"width": width, "height": 900})
        page = visit.open(path)
        canvas = page.evaluate(CANVAS)
        assert canvas["page"] <= width, canvas  # only the map scrolls sideways, never the page
        positions = []
        for left in (0, canvas["scrollWidth"] // 3, "end"):
            scroll_map(page, left)
            assert misplaced(page) == [], (path, width, left)
            positions.append(page.evaluate(ALIGNMENT)[-1]["x"])
            # Lane names stay in view while the map scrolls sideways.
            after = page.evaluate(CANVAS)
            assert after["labelLeft"] == pytest.approx(after["boxLeft"] + 1, abs=1)
        if canvas["scrollWidth"] > canvas["clientWidth"]:
            assert positions[0] > positions[-1]  # the curve scrolled with the lanes
    # Twelve stages do not fit 1400 px: the map scrolls as one canvas.
    if width == 1400:
        assert canvas["scrollWidth"] > canvas["clientWidth"]


def test_stage_names_stay_in_view_while_the_map_scrolls_down(new_visit):
    visit = new_visit(viewport={"width": 1024, "height": 700})
    page = visit.open(WIDE)
    page.evaluate("window.scrollTo(0, document.querySelector('.cjm-map-scroll').offsetTop)")
    before = page.evaluate(CANVAS)
    assert before["scrollHeight"] > before["clientHeight"], before
    scroll_map(page, "end", 300)
    after = page.evaluate(CANVAS)
    assert after["headerTop"] == pytest.approx(after["boxTop"] + 1, abs=1), after
    assert misplaced(page) == []


def test_phone_shows_one_card_per_stage_and_never_scrolls_sideways(new_visit, wide_url):
    for base, path, names in ((None, WIDE, WIDE_STAGES), (wide_url, TWELVE, None)):
        visit = new_visit(**({"base": base} if base else {}), viewport=PHONE, is_mobile=True,
                          has_touch=True)
        page = visit.open(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        cards = page.evaluate("""() => [...document.querySelectorAll('.cjm-stage')].map(card => {
          const box = card.getBoundingClientRect();
          const curve = card.querySelector('.cjm-stage-curve');
          const dots = [...card.querySelectorAll('.cjm-point circle')]
            .map(c => c.getBoundingClientRect());
          return {name: card.querySelector('.cjm-stage-name').textContent.trim(),
                  left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                  curve: curve ? curve.getBoundingClientRect().height : 0,
                  dotsInside: dots.every(d => d.left >= box.left && d.right <= box.right)};
        })""")
        if names:
            assert [card["name"].split(" ", 1)[1] for card in cards] == names
        assert all(0 <= card["left"] and card["right"] <= PHONE["width"] for card in cards)
        assert all(a["bottom"] <= b["top"] for a, b in zip(cards, cards[1:]))  # one under another
        assert all(card["curve"] > 100 and card["dotsInside"] for card in cards), cards
        small = page.evaluate(SMALL_TEXT, [".md-content", 12])
        assert small == [], "\n".join(small)
        if not base:
            visit.screenshot("journey-phone.png")


def test_all_map_text_is_readable_in_both_palettes(new_visit, wide_url):
    for base, path in ((None, WIDE), (wide_url, TWELVE)):
        visit = new_visit(**({"base": base} if base else {}))
        page = visit.open(path)
        light = page.evaluate(CONTRAST, [".cjm-map-header, .cjm-map", 4.5])
        # The palette toggle in the header, as a reader would click it.
        page.locator("form[data-md-component=palette] label:visible").click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        dark = page.evaluate(CONTRAST, [".cjm-map-header, .cjm-map", 4.5])
        assert light["checked"] == dark["checked"] > 100, (light["checked"], dark["checked"])
        assert light["failing"] == [] and dark["failing"] == [], (light, dark)
        if not base:
            page.evaluate("document.querySelector('.cjm-lane-emotion').scrollIntoView()")
            visit.screenshot("journey-desktop-dark.png")


def pdf_pages(pdf: bytes) -> list[tuple[int, int]]:
    """Each page's size in points."""
    return [(round(float(w)), round(float(h)))
            for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)]


def print_poster(visit, path: str) -> tuple[str, list[tuple[int, int]], int]:
    """Print a journey page as the reader's browser would (the page asks for its paper):
    the paper named, the pages, and how many pages the map and its header alone take."""
    page = visit.open(path)
    paper = page.evaluate("[...document.querySelector('.cjm-journey').classList]"
                          ".find(c => c.startsWith('cjm-poster-')).slice(11)")
    name = path.strip("/").split("/")[-1]
    pages = pdf_pages(visit.pdf(f"{name}.pdf", prefer_css_page_size=True, print_background=True))
    page.add_style_tag(content=".cjm-after { display: none !important; }")
    alone = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    return paper, pages, len(alone)


@pytest.mark.parametrize("where, path, paper", [
    ("demo", WIDE, "a3"),  # eight stages
    ("wide", TWELVE, "a2"),
    ("wide", SIX, "a4"),
])
def test_poster_print_puts_the_map_on_one_landscape_page(new_visit, wide_url, where, path,
                                                         paper):
    visit = new_visit(**({"base": wide_url} if where == "wide" else {}))
    page = visit.page
    width, height, margin = PAPERS[paper]
    # The printed page's width, so that what is measured below is laid out as on paper.
    page.set_viewport_size({"width": int((width - 2 * margin) / 25.4 * 96), "height": 1000})
    visit.open(path)
    # A reader in the dark palette prints: paper still gets dark text on white.
    page.locator("form[data-md-component=palette] label:visible").click()
    # The theme fades colours when they change; the printer gets the final ones.
    page.add_style_tag(content="* { transition: none !important; }")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-search", ".md-sidebar--primary", ".md-sidebar--secondary",
                   ".md-footer"):
        expect(page.locator(hidden)).to_be_hidden()
    printed = page.evaluate(CONTRAST, [".cjm-map-header, .cjm-map", 4.5])
    assert printed["checked"] > 20 and printed["failing"] == [], printed
    small = page.evaluate(SMALL_TEXT, [".cjm-map-header, .cjm-map", SEVEN_POINTS - 0.01])
    assert small == [], "\n".join(small)
    assert misplaced(page) == []
    canvas = page.evaluate(CANVAS)
    assert canvas["page"] <= canvas["window"] and canvas["scrollWidth"] <= canvas["clientWidth"]
    if where == "demo":
        visit.screenshot("journey-print.png")
    # The stylesheet asks for the paper itself, so readers need not pick it when printing.
    named, pages, alone = print_poster(visit, path)
    sheet = (round(width / 25.4 * 72), round(height / 25.4 * 72))
    assert named == paper and set(pages) == {sheet}, (named, pages)
    # The map and its header on one page; the narrative and the KPIs on the next.
    assert alone == 1 and len(pages) >= 2


def test_every_demo_map_prints_on_one_page_of_its_paper(new_visit, demo_build):
    """The paper is chosen by an estimate of the printed map's height: the demo's maps, full
    of text, hold it."""
    visit = new_visit()
    journeys = sorted(p.parent.name for p in (demo_build.site / "journeys").glob("*/index.html"))
    assert len(journeys) >= 7
    for name in journeys:
        paper, pages, alone = print_poster(visit, f"journeys/{name}/")
        width, height, _ = PAPERS[paper]
        assert set(pages) == {(round(width / 25.4 * 72), round(height / 25.4 * 72))}, name
        assert alone == 1, (name, paper)


def test_keyboard_reaches_map_and_points_and_points_have_names(visit):
    page = visit.open(WIDE)
    # Material's "Skip to content" link is the first stop; from there into the article.
    page.keyboard.press("Tab")
    expect(page.locator("a.md-skip")).to_be_focused()
    page.keyboard.press("Enter")
    reached = {}
    for _ in range(80):
        page.keyboard.press("Tab")
        # Where focus is, and whether it is visibly marked: an outline, or for a curve point
        # a thicker stroke on its circle than an unfocused point has.
        focused = page.evaluate("""() => {
          const e = document.activeElement;
          const part = e.matches('.cjm-map-scroll') ? 'map'
            : e.matches('.cjm-point') ? 'point' : null;
          if (!part) return null;
          const circle = e.matches('.cjm-point') && e.querySelector('circle');
          const other = document.querySelector('.cjm-point:not(:focus) circle');
          const marked = getComputedStyle(e).outlineStyle !== 'none' || (circle && other &&
            getComputedStyle(circle).strokeWidth !== getComputedStyle(other).strokeWidth);
          return [part, marked];
        }""")
        if focused:
            reached.setdefault(*focused)
        if len(reached) == 2:
            break
    assert reached == {"map": True, "point": True}

    # What assistive technology gets: Chromium's own accessibility tree. The map is a table
    # of stages (rows) and lanes (columns); every point is named by its <title>.
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    shown = [node for node in tree if not node.get("ignored")]
    names = {node.get("name", {}).get("value", "") for node in shown}

    def named(role: str) -> list[str]:
        return [node.get("name", {}).get("value", "") for node in shown
                if node.get("role", {}).get("value") == role]

    # The stage's number is for the eye only.
    assert [name.strip() for name in named("rowheader")] == WIDE_STAGES
    assert named("columnheader")[:3] == ["Stage", "Goals", "Questions"]
    titles = page.locator(".cjm-map .cjm-point > title").all_text_contents()
    assert len(titles) == 13
    assert [title for title in titles if title not in names] == []
    assert any(name.startswith("Emotion curve in Research") for name in names)


def test_a_focused_point_shows_the_name_of_the_touchpoint_with_its_number(visit):
    page = visit.open(WIDE)
    page.keyboard.press("Tab")  # focus rings (and names) show for keyboard users
    shown = page.evaluate("""() => {
      const lane = new Map([...document.querySelectorAll('.cjm-touchpoint .cjm-tp-name')]
        .map(name => [name.querySelector('.cjm-tp-number').textContent,
                      name.textContent.replace(/^\\s*\\d+\\s*/, '').trim()]));
      const visible = (text) => text && getComputedStyle(text).display !== 'none'
        && text.getBoundingClientRect().width > 0;
      return [...document.querySelectorAll('.cjm-map .cjm-point')].map(point => {
        const name = point.querySelector('.cjm-point-name');
        const before = visible(name);
        point.focus();
        return {number: point.querySelector('text').textContent, lane: lane.get(
          point.querySelector('text').textContent), before, after: visible(name),
          name: name && name.textContent};
      });
    }""")
    assert len(shown) == 13
    for point in shown:
        assert not point["before"] and point["after"] and point["name"] == point["lane"], point
