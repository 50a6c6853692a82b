"""Insight pages across journeys: exact rows, counts, means and ordering of each page."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cjm_site.insights import questions as insights
from cjm_site.core.scale import EmotionScale
from cjm_site.insights.questions import meets_target, parse_measure
from cjm_site.render.paging import INSIGHT_PAGE_SIZE as PAGE_SIZE
from cjm_site.core.model import Handbook, Journey, Kpi, Stage, Touchpoint
from cjm_site.render.build import PageOptions, build_pages

from .conftest import cells, rows, run_build, write_project

PERSONA = """\
name: Maya Fischer
"""

# Two journeys that share the stage name Awareness (spelled differently) and the channel
# Web; Checkout has barriers but no solution.
SHOP = """\
title: Shop
persona: maya
owner: Web team
reviewed: 2020-01-01
review_every: 30
stages:
  - name: Awareness
    touchpoints:
      - {channel: Web, name: Web ad, emotion: 1}
      - {channel: Friend, name: Friend tip, emotion: 2}
    barriers: [Too many brands]
    solutions: [Comparison guide]
  - name: Checkout
    touchpoints:
      - {channel: Web, name: Checkout form, emotion: -2}
    barriers: [Account required, Slow page]
    kpis:
      - {name: Conversion, value: "38%", target: "65%"}
      - {name: Wait, value: 3, target: "<= 5", unit: minutes}
"""

STORE = """\
title: Store
persona: maya
owner: Store team
reviewed: 2026-01-01
stages:
  - name: awareness
    touchpoints:
      - {channel: web, name: Poster, emotion: -1}
    barriers: [Unknown brand]
    solutions: [Comparison guide]
  - name: Delivery
    touchpoints:
      - {channel: Post, name: Parcel, emotion: 0}
    kpis:
      - {name: Rating, value: good, target: great}
"""

FILES = {"journeys/personas/maya.yml": PERSONA, "journeys/shop.yml": SHOP,
         "journeys/store.yml": STORE}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("insights"), FILES,
                            options=":\n      moments_count: 2")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def test_register_groups_barriers_by_stage_name_with_counts(site):
    page = site.html("insights/pain-points/")
    assert rows(page, "cjm-register-summary") == [
        ["Awareness", "2", "0", "2"],
        ["Checkout", "2", "2", "1"],
    ]
    assert rows(page, "cjm-register") == [
        ["Too many brands", "Shop", "Maya Fischer", "positive (1.5)", "Comparison guide"],
        ["Unknown brand", "Store", "Maya Fischer", "negative (-1)", "Comparison guide"],
        ["Account required no solution yet", "Shop", "Maya Fischer", "very negative (-2)", ""],
        ["Slow page no solution yet", "Shop", "Maya Fischer", "very negative (-2)", ""],
    ]
    headings = re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', page)
    assert headings == [("barriers-per-stage", "Barriers per stage"),
                        ("stage-awareness", "Awareness"), ("stage-checkout", "Checkout")]
    assert page.count('class="cjm-open"') == 2


def test_register_chart_is_static_and_counts_open_barriers(site):
    page = site.html("insights/pain-points/")
    svg = re.search(r'<svg id="cjm-barriers".*?</svg>', page, re.S).group(0)
    assert "<script" not in svg and "http" not in svg and "<style" not in svg
    assert ("Awareness: 2 barriers, 0 without a solution; Checkout: 2 barriers, "
            "2 without a solution.") in svg
    totals = re.findall(r'class="cjm-bars-total">(\d+)<', svg)
    assert totals == ["2", "2"]
    ids = re.findall(r' id="([^"]+)"', svg)
    assert all(i.startswith("cjm-barriers") for i in ids)


def test_opportunities_merge_solutions_written_alike(site):
    assert rows(site.html("insights/opportunities/"), "cjm-opportunities") == [
        ["Comparison guide", "2", "Shop: Awareness Store: awareness",
         "Too many brands Unknown brand"],
    ]


def test_channel_matrix_counts_and_means(site):
    page = site.html("insights/channels/")
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert re.findall(r'<th scope="col">([^<]+)</th>', header) == [
        "Channel", "Awareness", "Checkout", "Delivery", "All stages"]
    assert rows(page, "cjm-matrix") == [
        ["Web", "2 (0)", "1 (-2)", "", "3 (-0.67)"],
        ["Friend", "1 (2)", "", "", "1 (2)"],
        ["Post", "", "", "1 (0)", "1 (0)"],
    ]
    # Colour follows the mean, and the number is always printed.
    assert 'class="cjm-heat cjm-heat-m2"' in page and 'class="cjm-heat cjm-heat-p2"' in page
    assert '<a href="web/">Web</a>' in page


def test_channel_page_lists_its_touchpoints(site):
    assert rows(site.html("insights/channels/web/"), "cjm-channel-touchpoints") == [
        ["Web ad", "Shop", "Awareness", "positive (1)", ""],
        ["Checkout form", "Shop", "Checkout", "very negative (-2)", ""],
        ["Poster", "Store", "awareness", "negative (-1)", ""],
    ]


def test_moments_of_truth_respect_the_configured_count(site):
    page = site.html("insights/moments/")
    assert rows(page, "cjm-moments cjm-moments-lowest") == [
        ["1", "Checkout form", "Shop", "Checkout", "Web", "very negative (-2)"],
        ["2", "Poster", "Store", "awareness", "web", "negative (-1)"],
    ]
    assert rows(page, "cjm-moments cjm-moments-highest") == [
        ["1", "Friend tip", "Shop", "Awareness", "Friend", "very positive (2)"],
        ["2", "Web ad", "Shop", "Awareness", "Web", "positive (1)"],
    ]


def test_kpis_against_targets(site):
    page = site.html("insights/kpis/")
    assert rows(page, "cjm-kpi-register") == [
        ["Conversion", "Shop", "Checkout", "38%", "65%", "", "misses target"],
        ["Wait", "Shop", "Checkout", "3", "<= 5", "minutes", "meets target"],
        ["Rating", "Store", "Delivery", "good", "great", "", "not comparable"],
    ]
    # Only the KPIs whose value and target are numbers are compared: the count says so.
    assert ("2 KPIs have numbers as value and target; 1 of them meets the target."
            in cells(page))


def test_reviews_oldest_first_with_overdue_flag(site):
    assert rows(site.html("insights/reviews/"), "cjm-reviews") == [
        ["Shop", "Web team", "2020-01-01", "2020-01-31", "overdue"],
        ["Store", "Store team", "2026-01-01", "", "no review cycle"],
    ]


def test_content_advice_lists_warnings_with_path_and_line(site):
    line = SHOP.splitlines().index("  - name: Checkout") + 1
    page = cells(site.html("insights/advice/"))
    assert (f"journeys/shop.yml:{line}: stage 'Checkout' has barriers but no solutions"
            in page)


def test_index_summarises_every_page(site):
    page = cells(site.html("insights/"))
    for expected in ("Pain points: 4 barriers in 2 stage names, 2 without a solution.",
                     "Opportunities: 1 solution.", "Channels: 3 channels across 3 stage names.",
                     "KPIs: 3 KPIs; 2 KPIs have numbers as value and target; 1 of them meets "
                     "the target.",
                     "Review status: 1 of 2 maps overdue for review."):
        assert expected in page


def test_insight_pages_are_in_the_nav(site):
    nav = cells(site.html("insights/kpis/").split('class="md-nav md-nav--primary"', 1)[1]
                .split('class="md-content"', 1)[0])
    # The busiest channels by name (a touchpoint added under serve keeps the nav as it was).
    labels = ["Insights", "Pain points", "Opportunities", "Channels", "Friend", "Post", "Web",
              "Moments of truth", "KPIs", "Review status", "Content advice"]
    positions = [nav.find(f" {label} ") for label in labels]
    assert -1 not in positions and positions == sorted(positions), nav


def test_persona_page_summarises_its_journeys(site):
    assert rows(site.html("personas/maya/"), "cjm-persona-journeys") == [
        ["Shop current", "2", "Checkout form in Checkout: very negative (-2)", "2"],
        ["Store current", "2", "Poster in awareness: negative (-1)", "0"],
    ]


def test_insights_can_be_turned_off_and_moved(build_project):
    off = build_project(FILES, options=":\n      insights: false")
    assert off.returncode == 0, off.log
    assert not (off.site / "insights").exists()
    moved = build_project(FILES, options=":\n      insights_url: views")
    assert moved.returncode == 0, moved.log
    assert "Comparison guide" in moved.html("views/opportunities/")


def test_journey_tags_work_with_materials_tags_plugin(build_project):
    build = build_project(FILES | {"journeys/shop.yml": SHOP + "tags: [checkout, web shop]\n"},
                          config="site_name: T\ntheme:\n  name: material\n"
                                 "plugins:\n  - search\n  - tags\n  - cjm\n")
    assert build.returncode == 0, build.log
    page = build.html("journeys/shop/")
    tags = re.findall(r'class="md-tag(?: [^"]*)?"[^>]*>\s*([^<]+?)\s*<', page)
    assert tags == ["checkout", "web shop"]


# -- the data, without a site ------------------------------------------------------------


def journey(id_: str, *stages: Stage, **fields) -> Journey:
    return Journey(id_, id_.title(), f"journeys/{id_}.yml", list(stages), **fields)


def test_stage_columns_follow_where_stages_appear():
    handbook = Handbook(journeys={
        "a": journey("a", Stage("Aware"), Stage("Buy"), Stage("Use")),
        "b": journey("b", Stage("aware"), Stage("Compare"), Stage("Buy"), Stage("Use")),
        "c": journey("c", Stage("Compare"), Stage("Use")),
    })
    names = insights.stage_names(handbook)
    assert [(n.label, n.count, round(n.position, 2)) for n in names] == [
        ("Aware", 2, 0.0), ("Compare", 2, 0.17), ("Buy", 2, 0.58), ("Use", 3, 1.0)]


def test_matrix_sums_stage_names_beyond_the_column_limit():
    stages = [Stage(f"S{i}", touchpoints=[Touchpoint(f"t{i}", "Web", emotion=float(i % 3 - 1))
                                          for _ in range(i)]) for i in range(1, 5)]
    matrix = insights.channel_matrix(Handbook(journeys={"a": journey("a", *stages)}),
                                     max_columns=2)
    assert [c.label for c in matrix.columns] == ["S3", "S4"]
    assert matrix.other_columns == 2
    assert [(c.count, c.mean) for c in matrix.channels[0].cells] == [(3, -1.0), (4, 0.0),
                                                                     (3, 2 / 3)]


@pytest.mark.parametrize("value, target, unit, expected", [
    (38, 65, None, False),
    ("62%", "60%", None, True),
    ("62 %", "62%", None, True),
    ("1,200", 1000, None, True),
    (3, "<= 5", "days", True),
    (6, "≤5", "days", False),
    (5, "< 5", "days", False),
    (5, "> 4", None, True),
    ("62%", 60, None, None),  # a percentage against a plain number: not comparable
    ("62%", 60, "%", True),
    ("good", "great", None, None),
    (3, None, None, None),
    ("<= 3", 5, None, None),  # a comparison belongs in the target only
])
def test_meets_target(value, target, unit, expected):
    assert meets_target(Kpi("k", value, target, unit)) is expected


def test_parse_measure():
    assert parse_measure("62%") == (">=", 62.0, True)
    assert parse_measure(">= 1,500.5") == (">=", 1500.5, False)
    assert parse_measure("about 5") is None
    assert parse_measure(True) is None


def test_heat_steps():
    scale = EmotionScale()
    assert [insights.heat(s, scale) for s in (-2, -1.5, -1, -0.49, 0, 0.5, 1.49, 2, None)] == [
        "m2", "m2", "m1", "0", "0", "p1", "p1", "p2", "none"]
    five = EmotionScale(1, 5, {"bad": 1, "ok": 3, "good": 5})
    assert [insights.heat(s, five) for s in (1, 3, 4, 5)] == ["m2", "0", "p1", "p2"]


def test_reviews_use_the_handbook_cycle_and_put_never_reviewed_first():
    handbook = Handbook(journeys={
        "new": journey("new", reviewed=date(2026, 1, 10)),
        "old": journey("old", reviewed=date(2025, 1, 1), review_every=400),
        "never": journey("never"),
    })
    found = insights.reviews(handbook, date(2026, 2, 1), review_every=14)
    assert [(r.journey.id, r.due, r.overdue) for r in found] == [
        ("never", None, False),
        ("old", date(2026, 2, 5), False),
        ("new", date(2026, 1, 24), True),
    ]


def test_large_register_is_split_into_pages():
    count = PAGE_SIZE * 2 + 7
    stages = [Stage("Buy", lanes={"barriers": [f"b{i}" for i in range(count - 10)]}),
              Stage("Use", lanes={"barriers": [f"u{i}" for i in range(10)],
                                  "solutions": ["fix"]})]
    pages = build_pages(Handbook(journeys={"a": journey("a", *stages)}), PageOptions())
    register = {p.src_uri: p for p in pages if p.src_uri.startswith("insights/pain-points/")}
    assert list(register) == ["insights/pain-points/index.md", "insights/pain-points/2.md",
                              "insights/pain-points/3.md"]
    sizes = [p.html.count("<tr") - p.html.count("<thead>") for p in register.values()]
    # Page 1 also has the summary table (one row per stage name).
    assert sizes == [PAGE_SIZE + 2, PAGE_SIZE, 7]
    last = register["insights/pain-points/3.md"].html
    assert ">Buy (continued)</h2>" not in last and ">Use (continued)</h2>" in last
    assert '<strong aria-current="page">3</strong>' in last
