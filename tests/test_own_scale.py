"""A map with an emotion scale of its own (`emotion_scale:` on a journey) beside maps on the
handbook's: its page, the views across maps (on the handbook's scale, saying so), exports,
validation, JSON Schema and `cjm diff`, in one built site."""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pytest

from cjm_site.source import json_schema
from cjm_site.source.handbook import Settings, load_handbook

from .conftest import GitRepo, cells, rows, run_build, run_cli, write_project

MAYA = "name: Maya\nsummary: Runner\n"
# On the handbook's -2..2: Web -1 and Store 2.
SHOP = """\
title: Shop
persona: maya
stages:
  - name: Visit
    touchpoints:
      - {channel: Web, name: Search, emotion: -1}
      - {channel: Store, name: Till, emotion: 2}
"""
# On 0..5 with words of its own: poor (1) is -1.2 on -2..2, 4.5 is 1.6, great (5) is 2.
STAY = """\
title: Hotel stay
persona: maya
emotion_scale:
  low: 0
  high: 5
  words: {awful: 0, poor: 1, meh: 2, fine: 3, good: 4, great: 5}
stages:
  - name: Visit
    touchpoints:
      - {channel: Web, name: Booking, emotion: poor}
      - {channel: App, name: Digital key, emotion: 4.5}
  - name: Check-out
    emotion: great
"""
# A future state on 1..5 improving the -2..2 shop: compared on the handbook's scale.
SHOP_NEXT = """\
title: Shop, redesigned
persona: maya
status: future
improves: shop
emotion_scale: {low: 1, high: 5}
stages:
  - name: Visit
    touchpoints:
      - {channel: Web, name: Search, emotion: 4}
"""
FILES = {"journeys/personas/maya.yml": MAYA, "journeys/shop.yml": SHOP,
         "journeys/stay.yml": STAY, "journeys/shop-next.yml": SHOP_NEXT}
NOTE = ("2 maps have an emotion scale of their own: to compare maps, their scores are mapped "
        "linearly onto the handbook's -2..2 scale")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp("own-scale"), FILES)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def test_the_map_follows_its_own_scale(site):
    page = site.html("journeys/stay/")
    assert cells(re.search(r"<dt>Emotion scale</dt><dd[^>]*>(.*?)</dd>", page).group(1)) == \
        "0 (awful) to 5 (great), this map's own"
    # Words and numbers of its own scale beside the touchpoints and on the curve row.
    assert "poor <span class=\"cjm-score\">(1)</span>" in page
    assert "good <span class=\"cjm-score\">(4.5)</span>" in page
    assert "emotion: 4.5 (good)" in page
    # The handbook's maps show no scale line.
    assert "<dt>Emotion scale</dt>" not in site.html("journeys/shop/")


def test_views_across_maps_compare_on_the_handbook_scale_and_say_so(site):
    channels = site.html("insights/channels/")
    assert NOTE in cells(channels)
    web = site.html("insights/channels/web/")
    # Web: -1 (shop), poor = 1 on 0..5 = -1.2, 4 on 1..5 = 1: mean -0.4.
    assert "mean emotion neutral (-0.4)" in cells(web)
    assert rows(web, "cjm-channel-touchpoints") == [
        ["Search", "Shop", "Visit", "negative (-1)", ""],
        ["Search", "Shop, redesigned future", "Visit", "positive (1) 4 on its own 1..5 scale",
         ""],
        ["Booking", "Hotel stay", "Visit", "negative (-1.2) 1 on its own 0..5 scale", ""]]
    moments = site.html("insights/moments/")
    assert NOTE in cells(moments)
    assert [r[-1] for r in rows(moments, "cjm-moments cjm-moments-lowest")] == [
        "negative (-1.2) 1 on its own 0..5 scale", "negative (-1)"]
    assert [r[-1] for r in rows(moments, "cjm-moments cjm-moments-highest")] == [
        "very positive (2)", "very positive (1.6) 4.5 on its own 0..5 scale",
        "positive (1) 4 on its own 1..5 scale"]
    persona = site.html("personas/maya/")
    assert "Booking in Visit: negative (-1.2) 1 on its own 0..5 scale" in cells(persona)


def test_as_is_and_to_be_on_different_scales_are_compared_on_the_handbook_scale(site):
    page = site.html("journeys/shop/")
    compare = page.split('<h2 id="as-is-and-to-be">', 1)[1]
    assert ("These maps use different emotion scales: each is mapped linearly onto the "
            "handbook's -2..2 scale to be compared.") in compare
    # 4 on 1..5 drawn at 1 on -2..2, and named with the score as its map writes it; the
    # as-is map is on the chart's scale and names its score once.
    titles = re.findall(r"<title>((?:As-is|To-be): [^<]*)</title>", compare)
    assert titles == [
        "As-is: Shop · Search · Visit · channel: Web · emotion: -1 (negative)",
        "As-is: Shop · Till · Visit · channel: Store · emotion: 2 (very positive)",
        "To-be: Shop, redesigned · Search · Visit · channel: Web · emotion: 1 (positive) · "
        "4 on its own 1..5 scale"]


def test_exports_give_the_scale_and_the_normalised_score(site):
    touchpoints = list(csv.DictReader(io.StringIO(
        run_cli(site.project, "export", "--format", "csv").stdout)))
    assert [(r["journey"], r["emotion"], r["emotion_scale"], r["emotion_normalised"])
            for r in touchpoints] == [
        ("shop", "-1", "-2..2", "-1"), ("shop", "2", "-2..2", "2"),
        ("shop-next", "4", "1..5", "1"),
        ("stay", "1", "0..5", "-1.2"), ("stay", "4.5", "0..5", "1.6")]
    stages = list(csv.DictReader(io.StringIO(
        run_cli(site.project, "export", "--format", "csv", "--table", "stages").stdout)))
    assert [(r["stage"], r["emotion"], r["emotion_normalised"]) for r in stages
            if r["journey"] == "stay"] == [("Visit", "2.75", "0.2"), ("Check-out", "5", "2")]
    data = json.loads(run_cli(site.project, "export").stdout)
    scales = {j["id"]: j["emotion_scale"] for j in data["journeys"]}
    assert scales["stay"] == {"low": 0.0, "high": 5.0, "words": {
        "awful": 0.0, "poor": 1.0, "meh": 2.0, "fine": 3.0, "good": 4.0, "great": 5.0}}
    assert scales["shop"]["low"] == -2.0 and scales["shop"]["words"]["neutral"] == 0.0


BAD = [
    ("emotion_scale: 5", "4:16: error: emotion_scale: expected a mapping such as "
     "{low: 1, high: 5}, not 5"),
    ("emotion_scale: {low: 5, high: 0}", "4:22: error: emotion_scale: 'low' (5) must be "
     "below 'high' (0)"),
    ("emotion_scale: {low: 0, hihg: 5}", "4:25: error: emotion_scale: unknown key 'hihg' "
     "(did you mean 'high'?): use 'low', 'high' and 'words'"),
    ("emotion_scale: {low: none, high: 5}", "4:22: error: emotion_scale: 'low' must be a "
     "number, not 'none'"),
    ("emotion_scale: {low: 0, high: 5, words: {ok: 3, great: 7}}", "4:56: error: "
     "emotion_scale: 'words': 'great' is 7, outside 0..5"),
]


@pytest.mark.parametrize("line, expected", BAD, ids=[b[0] for b in BAD])
def test_a_wrong_scale_is_one_error_at_its_place(tmp_path, line, expected):
    """The map's emotions are not judged by a scale that is wrong (one error per cause)."""
    journey = f"title: X\npersona: maya\nstages: [{{name: A, emotion: 9}}]\n{line}\n"
    project = write_project(tmp_path, {"journeys/personas/maya.yml": MAYA,
                                       "journeys/x.yml": journey})
    errors = [str(p) for p in load_handbook(Settings.from_project(project)).errors]
    assert errors == [f"journeys/x.yml:{expected}"]


def test_emotions_out_of_the_maps_range_or_words_are_errors(tmp_path):
    journey = STAY.replace("emotion: 4.5", "emotion: -1").replace("emotion: great",
                                                                   "emotion: positive")
    project = write_project(tmp_path, {"journeys/personas/maya.yml": MAYA,
                                       "journeys/stay.yml": journey})
    assert [str(p) for p in load_handbook(Settings.from_project(project)).errors] == [
        "journeys/stay.yml:11:52: error: stage 'Visit': touchpoint 'Digital key': emotion: -1 "
        "is out of range: use a number from 0 to 5 or one of 'awful', 'poor', 'meh', 'fine', "
        "'good', 'great'",
        "journeys/stay.yml:13:14: error: stage 'Check-out': emotion: unknown word 'positive': "
        "use a number from 0 to 5 or one of 'awful', 'poor', 'meh', 'fine', 'good', 'great'"]


def test_json_schema_takes_the_maps_own_range_when_it_has_one(tmp_path):
    import yaml

    validator = jsonschema.Draft202012Validator(json_schema.generate("journey"))
    stay = yaml.safe_load(STAY)
    assert list(validator.iter_errors(stay)) == []
    assert list(validator.iter_errors({**stay, "emotion_scale": {"low": "0", "high": 5}})) == []
    # Without a scale of its own, 4.5 is outside the handbook's -2..2.
    del stay["emotion_scale"]
    assert list(validator.iter_errors(stay))
    assert list(validator.iter_errors({**stay, "emotion_scale": {"lo": 0}}))


def test_diff_compares_emotions_on_the_new_scale(tmp_path):
    repo = GitRepo(tmp_path / "handbook")
    repo.commit("Add", "2026-01-05T10:00:00+01:00",
                {**{k: v for k, v in FILES.items() if k != "journeys/shop-next.yml"},
                 "mkdocs.yml": "site_name: T\nplugins: [cjm]\n", "docs/index.md": "# T\n"})
    # The same map rewritten on 0..4: -1 is 1, 2 is 4; only 'Till' really changes.
    moved = SHOP.replace("emotion: -1", "emotion: 1").replace("emotion: 2", "emotion: 3") + \
        "emotion_scale: {low: 0, high: 4}\n"
    repo.commit("Rescale", "2026-01-06T10:00:00+01:00", {"journeys/shop.yml": moved})
    text = run_cli(repo.root, "diff", "HEAD~1", "HEAD").stdout
    assert "emotion_scale: '-2..2' -> '0..4'" in text, text
    assert "Till" in text and "Search" not in text, text
    found = json.loads(run_cli(repo.root, "diff", "HEAD~1", "HEAD", "--format", "json").stdout)
    assert {m["id"]: m.get("emotion_scale") for m in found["maps"]}["shop"] == "0..4"
    # The map's curve draws the earlier version on today's 0..4 and names each of its
    # points with the score as that version wrote it.
    (repo.root / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - cjm:\n      compare_with: HEAD~1\n")
    build = run_build(repo.root, "--strict")
    assert build.returncode == 0, build.log
    titles = [t for t in re.findall(r"<title>([^<]*)</title>", build.html("journeys/shop/"))
              if "channel: " in t]
    assert sorted(titles) == [
        "As of HEAD~1 (2026-01-05) · Search · Visit · channel: Web · emotion: 1 (negative) · "
        "-1 on its own -2..2 scale",
        "As of HEAD~1 (2026-01-05) · Till · Visit · channel: Store · emotion: 4 (very "
        "positive) · 2 on its own -2..2 scale",
        "Shop · Search · Visit · channel: Web · emotion: 1 (negative)",
        "Shop · Till · Visit · channel: Store · emotion: 3 (positive)"]
