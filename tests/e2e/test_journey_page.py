"""A journey page as readers see it: desktop, phone, dark palette, print and keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

WIDE = "journeys/mortgage-application/"
WIDE_STAGES = ["Research", "Advice", "Offer in principle", "Application", "Documents",
               "Underwriting", "Signing", "First repayment"]
PHONE = {"width": 375, "height": 812}
# Landscape A4 minus the print stylesheet's 10 mm margins, in CSS pixels (96 per inch).
A4_LANDSCAPE_WIDTH = int((297 - 2 * 10) / 25.4 * 96)

# Text a reader sees, with the size it is drawn at: SVG text scales with the chart's viewBox.
SMALL_TEXT = """(minimum) => {
  const small = [];
  const walker = document.createTreeWalker(document.querySelector('.md-content'),
                                           NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    const rect = element.getBoundingClientRect();
    if (!text || !rect.width || !rect.height) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden') continue;
    const matrix = element instanceof SVGElement ? element.getScreenCTM() : null;
    const size = parseFloat(style.fontSize) * (matrix ? Math.hypot(matrix.a, matrix.b) : 1);
    if (size < minimum) small.push(`${element.tagName} '${text.slice(0, 30)}' ${size.toFixed(1)}px`);
  }
  return small;
}"""

# Computed colours of the chart's visible text and lines, and the colour behind the chart.
CHART_COLOURS = """() => {
  const svg = document.querySelector('svg.cjm-chart');
  const shown = (e) => e.getBoundingClientRect().width > 0;
  let background = 'rgb(255, 255, 255)';
  for (let e = svg; e; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { background = colour; break; }
  }
  return {
    texts: [...svg.querySelectorAll('text')].filter(e => shown(e) && e.textContent.trim())
      .map(e => getComputedStyle(e).fill),
    lines: [...svg.querySelectorAll('path, line, polyline')]
      .filter(e => shown(e) && !e.closest('.cjm-point') && getComputedStyle(e).stroke !== 'none')
      .map(e => getComputedStyle(e).stroke),
    background,
  };
}"""


def parse_colour(text: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    assert text.startswith("rgb") and len(numbers) in (3, 4), text
    return (*numbers[:3], numbers[3] if len(numbers) == 4 else 1.0)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of a (possibly translucent) colour drawn over an opaque one."""
    *fg, alpha = parse_colour(foreground)
    bg = parse_colour(background)[:3]
    drawn = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg)]

    def luminance(rgb) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
                  for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(drawn), luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_matches_known_values():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(119, 119, 119)", "rgb(255, 255, 255)") == pytest.approx(4.48, abs=0.01)
    assert contrast("rgba(0, 0, 0, 0)", "rgb(30, 33, 41)") == pytest.approx(1)


def test_journey_page_shows_curve_and_grid(visit):
    page = visit.open(WIDE)
    chart = page.locator("svg.cjm-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    assert page.locator("svg.cjm-chart .cjm-point").count() >= len(WIDE_STAGES)
    expect(page.locator("table.cjm-grid")).to_be_visible()
    expect(page.locator("table.cjm-grid th[scope=col]")).to_have_text(WIDE_STAGES)
    visit.screenshot("journey-desktop-light.png")


def test_phone_page_does_not_scroll_sideways_and_text_stays_readable(new_visit):
    visit = new_visit(viewport=PHONE, is_mobile=True, has_touch=True)
    page = visit.open(WIDE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    boxes = page.evaluate("""() => Object.fromEntries(
      ['.cjm-grid-scroll', 'figure.cjm-curve'].map(s => document.querySelector(s)).map(box =>
        [box.className, {wider: box.scrollWidth > box.clientWidth,
                         scrolls: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX)}]))""")
    # The eight-stage grid is wider than a phone: it must scroll inside its own box.
    assert boxes["cjm-grid-scroll"] == {"wider": True, "scrolls": True}, boxes
    assert not boxes["cjm-curve"]["wider"] or boxes["cjm-curve"]["scrolls"], boxes
    small = page.evaluate(SMALL_TEXT, 12)
    assert small == [], "\n".join(small)
    visit.screenshot("journey-phone.png")


def test_dark_palette_recolours_chart_with_readable_contrast(visit):
    page = visit.open(WIDE)
    light = page.evaluate(CHART_COLOURS)
    # The palette toggle in the header, as a reader would click it.
    page.locator("form[data-md-component=palette] label:visible").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    dark = page.evaluate(CHART_COLOURS)

    assert light["texts"] and len(light["texts"]) == len(dark["texts"])
    assert all(a != b for a, b in zip(light["texts"], dark["texts"])), (light, dark)
    assert set(light["lines"]) != set(dark["lines"]), (light, dark)
    assert light["background"] != dark["background"]
    for palette in (light, dark):
        ratios = {fill: contrast(fill, palette["background"]) for fill in palette["texts"]}
        assert min(ratios.values()) >= 4.5, (palette["background"], ratios)
    visit.screenshot("journey-desktop-dark.png")


def test_print_hides_navigation_and_fits_eight_stages_on_landscape_a4(visit):
    page = visit.page
    page.set_viewport_size({"width": A4_LANDSCAPE_WIDTH, "height": 720})
    visit.open(WIDE)
    # A reader in the dark palette prints: paper still gets dark text on white.
    page.locator("form[data-md-component=palette] label:visible").click()
    page.emulate_media(media="print")
    printed = page.evaluate(CHART_COLOURS)
    cells = page.evaluate("""() => [...document.querySelectorAll(
      'table.cjm-grid td, table.cjm-grid .cjm-emotion')].map(e => getComputedStyle(e).color)""")
    for colour in set(printed["texts"] + cells):
        assert contrast(colour, "rgb(255, 255, 255)") >= 4.5, colour
    for hidden in (".md-header", ".md-search", ".md-sidebar--primary", ".md-sidebar--secondary",
                   ".md-footer"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator("svg.cjm-chart")).to_be_visible()
    expect(page.locator("table.cjm-grid")).to_be_visible()
    fit = page.evaluate("""() => {
      const box = document.querySelector('.cjm-grid-scroll');
      const headings = [...document.querySelectorAll('table.cjm-grid th[scope=col]')];
      return {page: document.documentElement.scrollWidth, scroll: box.scrollWidth,
              client: box.clientWidth,
              right: Math.max(...headings.map(h => h.getBoundingClientRect().right))};
    }""")
    assert fit["page"] <= A4_LANDSCAPE_WIDTH, fit
    assert fit["scroll"] <= fit["client"] and fit["right"] <= A4_LANDSCAPE_WIDTH, fit
    visit.screenshot("journey-print.png")
    # The stylesheet asks for landscape A4 itself, so readers need not pick it when printing.
    pdf = visit.pdf("journey-print.pdf", prefer_css_page_size=True, print_background=True)
    width, height = map(float, re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (width, height) == pytest.approx((842, 595), abs=1)


def test_keyboard_reaches_grid_and_chart_and_points_have_names(visit):
    page = visit.open(WIDE)
    # Material's "Skip to content" link is the first stop; from there into the article.
    page.keyboard.press("Tab")
    expect(page.locator("a.md-skip")).to_be_focused()
    page.keyboard.press("Enter")
    reached = {}
    for _ in range(80):
        page.keyboard.press("Tab")
        # Where focus is, and whether it is visibly marked: an outline, or for a chart point
        # a thicker stroke on its circle than an unfocused point has.
        focused = page.evaluate("""() => {
          const e = document.activeElement;
          const part = e.matches('.cjm-grid-scroll') ? 'grid'
            : e.closest('figure.cjm-curve') ? 'chart' : null;
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
    assert reached == {"grid": True, "chart": True}

    # What assistive technology gets: Chromium's own accessibility tree.
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    names = {node.get("name", {}).get("value", "") for node in tree if not node.get("ignored")}
    titles = page.locator("svg.cjm-chart .cjm-point > title").all_text_contents()
    assert len(titles) == page.locator("svg.cjm-chart .cjm-point").count() >= len(WIDE_STAGES)
    assert [title for title in titles if title not in names] == []
    assert any(name.startswith("Emotion curve") for name in names)
