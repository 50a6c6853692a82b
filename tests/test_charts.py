"""Emotion curves, as readers get them: parsed from the SVG inside real built pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from cjm_site.render.charts import curve as charts
from cjm_site.render.charts.map_curve import map_curve
from cjm_site.core.scale import EmotionScale
from cjm_site.core.model import Journey, Stage, Touchpoint

from . import journey_map
from .conftest import REPO, run_build, write_project

LONG_STAGE = ("Checkout with a surprisingly long stage name that a single band cannot hold, "
              "not even when it borrows the room of its neighbours on a second row")

FILES = {
    "journeys/personas/lena.yml": "name: Lena Kowalczyk\n",
    "journeys/personas/tomasz.yml": "name: Tomasz Nowak\n",
    "journeys/shop.yml": f"""
        title: Shopping today
        persona: lena
        status: current
        stages:
          - name: Discovery
            touchpoints:
              - {{channel: Instagram, name: Sponsored post, emotion: 1}}
              - {{channel: Friend, name: Recommendation, emotion: very positive}}
          - name: {LONG_STAGE}
            touchpoints:
              - {{channel: "https://shop.example/checkout", name: Checkout form, emotion: -2}}
          - name: Aftercare
            emotion: -0.5
        """,
    "journeys/shop-future.yml": f"""
        title: Shopping tomorrow
        persona: lena
        status: future
        improves: shop
        stages:
          - name: Discovery
            touchpoints:
              - {{channel: Instagram, name: Creator post, emotion: 2}}
          - name: Delivery
            touchpoints:
              - {{channel: SMS, name: Delivery window, emotion: 1}}
          - name: {LONG_STAGE}
            touchpoints:
              - {{channel: Mobile app, name: One-page checkout, emotion: 1}}
          - name: Aftercare
            emotion: 1
        """,
    "journeys/gap.yml": """
        title: Waiting
        persona: lena
        stages:
          - name: Order
            emotion: 1
          - name: Wait
            goals: [Hear something]
          - name: Delivery
            emotion: -1
        """,
    "journeys/team.yml": """
        title: Team onboarding
        personas: [lena, tomasz]
        stages:
          - name: Kick-off
            touchpoints:
              - {channel: Call, name: Welcome call, emotion: {lena: 2, tomasz: -1}}
              - {channel: E-mail, name: Invitation, emotion: 1}
          - name: Setup
            emotion: {lena: -2, tomasz: 1}
        """,
}


def _build(root: Path, files: dict[str, str], options: str = ""):
    return run_build(write_project(root, files, options))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = _build(tmp_path_factory.mktemp("charts"), FILES)
    assert build.returncode == 0, build.log
    return build


def svgs(html: str) -> dict[str, ET.Element]:
    """Every chart of a page by id, parsed as XML."""
    found = {}
    for text in re.findall(r"<svg\b.*?</svg>", html, re.S):
        root = ET.fromstring(text)
        if root.get("id"):
            found[root.get("id")] = root
    return found


def series(chart: ET.Element) -> list[ET.Element]:
    return [g for g in chart.iter("g") if "series" in g.get("class", "").split()]


def points(group: ET.Element) -> list[tuple[float, float, str]]:
    """(cx, cy, title) of each point of a series of a pygal chart."""
    out = []
    for g in group.iter("g"):
        if "cjm-point" in g.get("class", "").split():
            circle = g.find("circle")
            out.append((float(circle.get("cx")), float(circle.get("cy")), g.find("title").text))
    return out


def test_each_stage_draws_its_own_points_in_its_own_column(site):
    html = site.html("journeys/shop/")
    curves = journey_map.stage_curves(html)
    assert len(curves) == len(journey_map.stages(html)) == 3
    drawn = journey_map.points(curves)
    assert [(p.stage, p.x, p.title) for p in drawn] == [
        (0, 25, "Sponsored post · Discovery · channel: Instagram · emotion: 1 (positive)"),
        (0, 75, "Recommendation · Discovery · channel: Friend · emotion: 2 (very positive)"),
        (1, 50, f"Checkout form · {LONG_STAGE} · channel: https://shop.example/checkout · "
                "emotion: -2 (very negative)"),
        (2, 50, "Aftercare · emotion: -0.5 (negative)")]
    # Higher scores are drawn higher, on one vertical scale for every stage.
    by_score = sorted(drawn, key=lambda p: journey_map.score(p.title))
    assert [p.y for p in by_score] == sorted((p.y for p in drawn), reverse=True)
    assert [p.sign for p in drawn] == ["cjm-positive", "cjm-positive", "cjm-negative",
                                       "cjm-negative"]


def test_the_line_crosses_each_column_edge_where_the_next_column_takes_it_up(site):
    curves = journey_map.stage_curves(site.html("journeys/shop/"))
    pieces = [journey_map.segments(svg) for svg in curves]
    drawn = journey_map.points(curves)
    # Within Discovery, from its first point to its second, then on to the column's edge.
    assert pieces[0][0][:4] == (25, drawn[0].y, 75, drawn[1].y)
    for left, right in zip(pieces, pieces[1:]):
        assert left[-1][2] == 100 and right[0][0] == 0
        assert left[-1][3] == pytest.approx(right[0][1], abs=0.01)
    # Equal columns: the edge is crossed where the straight line between the points is.
    last, first = drawn[1], drawn[2]
    at_edge = last.y + (first.y - last.y) * (100 - last.x) / (100 - last.x + first.x)
    assert pieces[0][-1][3] == pytest.approx(at_edge, abs=0.01)
    assert not any(dashed for piece in pieces for *_, dashed in piece)


def test_a_stage_without_a_score_is_crossed_by_a_dashed_line(site):
    html = site.html("journeys/gap/")
    curves = journey_map.stage_curves(html)
    assert [p.stage for p in journey_map.points(curves)] == [0, 2]
    # From Order's point (its column's middle, score 1) to Delivery's (score -1).
    assert journey_map.segments(curves[1]) == [(0, 53, 100, 79, True)]
    assert "not rated" not in html


def test_touchpoints_and_their_points_share_a_number(site):
    html = site.html("journeys/shop/")
    drawn = journey_map.points(journey_map.stage_curves(html))
    assert [p.number for p in drawn] == ["1", "2", "3", None]
    marks = re.findall(r'<span class="cjm-tp-number (cjm-\w+)" aria-hidden="true">(\d+)</span> '
                       r"([^<]+)</span>", html)
    assert marks == [("cjm-positive", "1", "Sponsored post"),
                     ("cjm-positive", "2", "Recommendation"),
                     ("cjm-negative", "3", "Checkout form")]
    # The number is for the eye; the point's name is the touchpoint's own name, also
    # drawn beside it while it is pointed at or focused; the stage's own point has none.
    assert [p.title.split(" · ")[0] for p in drawn[:3]] == [name for *_, name in marks]
    assert [p.name for p in drawn] == [name for *_, name in marks] + [None]


def test_points_are_reached_by_keyboard_and_named_and_the_curve_is_described(site):
    html = site.html("journeys/shop/")
    for svg in journey_map.stage_curves(html):
        assert svg.get("role") == "group"
        assert svg.get("aria-label").startswith("Emotion curve in ")
        for g in svg.iter("g"):
            if "cjm-point" in g.get("class", "").split():
                assert g.get("tabindex") == "0" and g.get("role") == "img"
                assert g[0].tag == "title"
    summary = re.search(r'<p class="cjm-curve-summary" data-search-exclude>([^<]+)</p>',
                        html).group(1)
    assert summary == ("3 stages. Highest point: Recommendation in Discovery (very positive, "
                       f"2); lowest point: Checkout form in {LONG_STAGE} (very negative, -2).")


def test_scale_words_label_the_row_and_the_neutral_line_sits_in_the_middle(site):
    html = site.html("journeys/shop/")
    axis = ET.fromstring(re.search(r'<svg class="cjm-chart cjm-curve-axis".*?</svg>', html,
                                   re.S).group(0))
    words = {t.text: float(t.get("y")) for t in axis.iter("text")}
    assert list(words) == ["very negative", "negative", "neutral", "positive", "very positive"]
    curves = journey_map.stage_curves(html)
    neutral = float(curves[0].find(".//line[@class='cjm-neutral-line']").get("y1"))
    assert words["neutral"] - 4 == neutral  # the word's baseline sits under the line
    ys = {journey_map.score(p.title): p.y for p in journey_map.points(curves)}
    assert ys[1] < neutral < ys[-2]
    assert (neutral - ys[1]) * 2 == pytest.approx(ys[-2] - neutral, abs=0.05)
    assert ys[2] == words["very positive"] - 4 and ys[-2] == words["very negative"] - 4


def test_long_stage_name_is_shortened_with_the_full_name_in_its_title(site):
    chart = svgs(site.html("journeys/shop/"))["cjm-compare-shop"]
    bands = [g for g in chart.iter("g") if "cjm-band" in g.get("class", "").split()]
    names = {}
    for band in bands:
        text = band.find("text")
        shown = " ".join(span.text for span in text.findall("tspan"))
        names[shown] = text.find("title")
    assert names["Discovery"] is None
    shortened = [s for s in names if s.endswith("…")]
    assert len(shortened) == 1 and names[shortened[0]].text == LONG_STAGE
    # Names on the same row do not run into each other.
    rows: dict[str, list[tuple[float, float]]] = {}
    for band in bands:
        text = band.find("text")
        half = max(len(s.text) for s in text.iter("tspan")) * charts.CHAR_WIDTH / 2
        rows.setdefault(text.get("y"), []).append((float(text.get("x")) - half,
                                                   float(text.get("x")) + half))
    for spans in rows.values():
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_bands_are_as_wide_as_their_touchpoints(site):
    chart = svgs(site.html("journeys/shop-future/"))["cjm-compare-shop-future"]
    widths = [float(g.find("rect").get("width")) for g in chart.iter("g")
              if "cjm-band" in g.get("class", "").split()]
    # Discovery has 2 touchpoints as-is, the others 1 (Aftercare: none, one point).
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.02)
    assert widths[1] == pytest.approx(widths[2], abs=0.02) == pytest.approx(widths[3], abs=0.02)


def test_svg_has_no_script_style_comment_or_network_reference(site):
    pages = ["journeys/", "journeys/shop/", "journeys/shop-future/", "journeys/team/"]
    for page in pages:
        html = site.html(page)
        charts_found = re.findall(r"<svg\b.*?</svg>", html, re.S)
        assert charts_found
        for text in charts_found:
            assert "<script" not in text and "<style" not in text and "<!--" not in text
            for element in ET.fromstring(text).iter():
                for key, value in element.attrib.items():
                    assert "//" not in value and "http" not in value, (page, key, value)


def test_compare_chart_on_both_pages_as_is_solid_to_be_dashed(site):
    for page, chart_id in (("journeys/shop/", "cjm-compare-shop"),
                           ("journeys/shop-future/", "cjm-compare-shop-future")):
        chart = svgs(site.html(page))[chart_id]
        as_is, to_be = series(chart)
        assert "cjm-current" in as_is.get("class") and "cjm-future" in to_be.get("class")
        legend = [t.text for t in chart.find(".//g[@class='cjm-legend']").iter("text")]
        assert legend == ["As-is: Shopping today", "To-be: Shopping tomorrow"]
        # Stages matched by name; a stage only the future has goes where it has it.
        bands = [" ".join(s.text for s in g.iter("tspan")) for g in chart.iter("g")
                 if "cjm-band" in g.get("class", "").split()]
        assert bands[0] == "Discovery" and bands[1] == "Delivery" and bands[3] == "Aftercare"
        assert [t.split(" · ")[1] for _, _, t in points(to_be)] == [
            "Creator post", "Delivery window", "One-page checkout", "Aftercare"]
        assert len(points(as_is)) == 4


def test_ids_are_unique_on_a_page(site):
    html = site.html("journeys/shop/")
    assert "cjm-compare-shop" in svgs(html)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for chart_id, chart in svgs(html).items():
        assert all(e.get("id").startswith(chart_id) for e in chart.iter() if e.get("id"))


def test_per_persona_emotions_draw_one_line_each(site):
    html = site.html("journeys/team/")
    curves = journey_map.stage_curves(html)
    lena, tomasz = (journey_map.points(curves, n) for n in (0, 1))
    legend = re.findall(r'<li class="color-(\d) cjm-current">([^<]+)</li>', html)
    assert legend == [("0", "Lena Kowalczyk"), ("1", "Tomasz Nowak")]
    assert [p.title.split(" · ")[:3] for p in lena] == [
        ["Lena Kowalczyk", "Welcome call", "Kick-off"], ["Lena Kowalczyk", "Invitation", "Kick-off"],
        ["Lena Kowalczyk", "Setup", "emotion: -2 (very negative)"]]
    assert [journey_map.score(p.title) for p in lena] == [2, 1, -2]
    assert [journey_map.score(p.title) for p in tomasz] == [-1, 1, 1]
    # A plain score holds for everyone: both lines meet at the invitation.
    assert (lena[1].x, lena[1].y) == (tomasz[1].x, tomasz[1].y)
    # Numbers would pile up where lines meet: several lines have none.
    assert {p.number for p in lena + tomasz} == {None}
    assert "cjm-tp-number" not in html


def test_journeys_index_has_a_sparkline_per_journey(site):
    html = site.html("journeys/")
    sparks = [ET.fromstring(s) for s in re.findall(r'<svg class="cjm-spark".*?</svg>', html,
                                                    re.S)]
    assert len(sparks) == 4
    shop = next(s for s in sparks if "Checkout form" in s.find("title").text)
    assert len(shop.find("polyline").get("points").split()) == 4
    assert shop.get("role") == "img"
    assert shop.find("title").text.startswith("Emotion curve: from positive to negative;")
    assert not shop.findall(".//text")  # no axes


def test_two_builds_are_byte_identical(site, tmp_path):
    again = _build(tmp_path / "again", FILES)
    assert again.returncode == 0, again.log
    pages = sorted(p.relative_to(site.site) for p in site.site.rglob("*.html"))
    assert pages == sorted(p.relative_to(again.site) for p in again.site.rglob("*.html"))
    for page in pages:
        assert (site.site / page).read_bytes() == (again.site / page).read_bytes(), page


RENDER = """
import sys
sys.path.append(sys.argv[2])  # after site-packages: the tests, never a second cjm_site
if sys.argv[1] == "no-lxml":
    sys.modules["lxml"] = None  # as if it were not installed
else:
    import lxml.etree  # the test means nothing unless pygal could pick lxml here
from cjm_site.render.charts import curve as charts
from cjm_site.render.charts.map_curve import map_curve
from cjm_site.core.scale import EmotionScale
from tests.test_charts import typical_journey
sys.stdout.write(charts.curve(charts.journey_series(typical_journey()), EmotionScale(),
                              "cjm-curve-x", "A typical journey"))
"""


def test_same_bytes_with_and_without_lxml():
    outputs = [subprocess.run([sys.executable, "-c", RENDER, mode, str(REPO)], cwd=REPO, check=True,
                              capture_output=True, text=True).stdout
               for mode in ("lxml", "no-lxml")]
    assert outputs[0].startswith("<svg") and outputs[0] == outputs[1]


def typical_journey() -> Journey:
    """8 stages of 2 touchpoints with realistic names: the size budget's yardstick."""
    stages = [Stage(f"Stage {n} of the mortgage", touchpoints=[
        Touchpoint(f"Touchpoint {n}.{k} with a descriptive name", channel="Mobile app",
                   emotion=float((n + k) % 5 - 2)) for k in (1, 2)]) for n in range(8)]
    return Journey("typical", "A typical eight-stage journey", "journeys/typical.yml", stages)


def test_typical_curve_row_fits_the_size_budget():
    curve = map_curve(typical_journey(), EmotionScale())
    assert sum(len(svg.encode()) for svg in curve.stages) + len(curve.axis.encode()) <= 14_000
    assert len(journey_map.points([ET.fromstring(svg) for svg in curve.stages])) == 16


def test_a_map_without_scores_has_no_curve_row(build_project):
    build = build_project({"journeys/plain.yml": """
        title: Plain
        stages:
          - name: Search
            goals: [Find a shop]
            touchpoints:
              - {channel: Web, name: Search results}
          - name: Buy
            goals: [Pay quickly]
        """})
    assert build.returncode == 0, build.log
    html = build.html("journeys/plain/")
    assert journey_map.lanes(html) == ["Goals", "Touchpoints"]
    assert journey_map.stages(html) == ["Search", "Buy"]
    assert "<svg class=\"cjm-chart" not in html and "cjm-curve-summary" not in html
    assert ("journeys/plain.yml:3:3: warning: no stage or touchpoint has an emotion, so the "
            "map has no emotion curve: add 'emotion:' to the stages or their touchpoints"
            ) in build.log


SCALE_FILES = {
    "journeys/personas/lena.yml": "name: Lena Kowalczyk\n",
    "journeys/rated.yml": """
        title: Rated one to five
        persona: lena
        stages:
          - name: Start
            touchpoints:
              - {channel: Web, name: Landing page, emotion: 5}
              - {channel: Web, name: Sign-up form, emotion: meh}
              - {channel: E-mail, name: Welcome mail, emotion: 1}
        """,
}
SCALE_OPTION = """:
      emotion_scale:
        low: 1
        high: 5
        words: {awful: 1, meh: 3, great: 5}"""


def test_emotion_scale_option_drives_validation_and_chart(tmp_path):
    build = _build(tmp_path / "ok", SCALE_FILES, SCALE_OPTION)
    assert build.returncode == 0, build.log
    html = build.html("journeys/rated/")
    axis = ET.fromstring(re.search(r'<svg class="cjm-chart cjm-curve-axis".*?</svg>', html,
                                   re.S).group(0))
    assert [t.text for t in axis.iter("text")] == ["awful", "meh", "great"]
    curves = journey_map.stage_curves(html)
    drawn = journey_map.points(curves)
    assert [p.title.split(" · ")[-1] for p in drawn] == [
        "emotion: 5 (great)", "emotion: 3 (meh)", "emotion: 1 (awful)"]
    assert [p.sign for p in drawn] == ["cjm-positive", "cjm-neutral", "cjm-negative"]
    neutral = float(curves[0].find(".//line[@class='cjm-neutral-line']").get("y1"))
    assert drawn[1].y == pytest.approx(neutral, abs=0.01)

    bad = dict(SCALE_FILES)
    bad["journeys/rated.yml"] = bad["journeys/rated.yml"].replace("emotion: 1}", "emotion: 0}")
    failed = _build(tmp_path / "bad", bad, SCALE_OPTION)
    assert failed.returncode != 0
    assert ("journeys/rated.yml:8:" in failed.log
            and "emotion: 0 is out of range: use a number from 1 to 5 or one of 'awful', "
                "'meh', 'great'" in failed.log), failed.log


@pytest.mark.parametrize("option, message", [
    ("{low: 5, high: 1}", "'low' (5) must be below 'high' (1)"),
    ("{low: 1, high: 5, words: {bad: 1, good: 7}}", "'words': 'good' is 7, outside 1..5"),
    ("{lo: 1}", "unknown key 'lo' (did you mean 'low'?)"),
])
def test_nonsense_emotion_scale_is_a_config_error(tmp_path, option, message):
    build = _build(tmp_path, SCALE_FILES, f":\n      emotion_scale: {option}")
    assert build.returncode != 0
    assert "emotion_scale" in build.log and message in build.log, build.log
