"""Research data: values computed by hand for a small survey and funnel, and every bad CSV."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjm_site.source.handbook import Settings, load_handbook
from cjm_site.core.model import Measured

from . import journey_map
from .conftest import run_build, write_project

PERSONA = "name: Maya\n"
JOURNEY = """\
title: Measured journey
persona: maya
data:
  survey: data/survey.csv
  scale: "0..10"
  analytics: data/funnel.csv
  min_n: 5
  quotes: true
  targets: {nps: 20, conversion: 30, overall_conversion: 5}
stages:
  - name: Awareness
    emotion: -1
  - name: Signup
    touchpoints:
      - {channel: Web, name: Form}
      - {channel: E-mail, name: Welcome, emotion: 1}
  - name: Use
"""
# Awareness: 10 9 8 6 2 -> on -2..2: 2 1.6 1.2 0.4 -1.2; mean 0.8; inclusive quartiles at
#   positions 1 and 3 of the sorted five: 0.4 and 1.6; NPS (2 - 2) / 5 = 0.
# Signup: Form 0 5 7 10 and the stage 3 -> all five: -2 -0.8 0 0.8 2, mean 0, quartiles
#   -0.8 and 0.8; NPS (1 - 3) / 5 = -40. Form alone: -2 0 0.8 2, mean 0.2,
#   q1 = -2 + 0.75 * 2 = -0.5, q3 = 0.8 + 0.25 * 1.2 = 1.1.
# Whole journey: 3 promoters and 5 detractors of 10: NPS -20.
SURVEY = """\
respondent,stage,touchpoint,score,comment
r1,Awareness,,10,
r2,Awareness,,9,Loved the ad
r3,Awareness,,8,
r4,Awareness,,6,
r5,Awareness,,2,"Too many ads,
everywhere"
r1,Signup,Form,0,Form lost my data
r2,Signup,Form,5,
r3,Signup,Form,7,
r4,Signup,Form,10,
r5,Signup,,3,Slow
"""
# Conversions: 400 / 1000 = 40 %, 100 / 400 = 25 %, overall 100 / 1000 = 10 %.
FUNNEL = "stage,count\nAwareness,1000\nSignup,400\nUse,100\n"
FILES = {"journeys/personas/maya.yml": PERSONA, "journeys/measured.yml": JOURNEY,
         "journeys/data/survey.csv": SURVEY, "journeys/data/funnel.csv": FUNNEL}


def load(project: Path):
    return load_handbook(Settings.from_project(project))


def close(measured: Measured | None, mean: float, n: int, q1: float, q3: float) -> bool:
    assert measured is not None
    return (measured.n == n and measured.mean == pytest.approx(mean)
            and measured.q1 == pytest.approx(q1) and measured.q3 == pytest.approx(q3))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("research"), FILES)


@pytest.fixture(scope="module")
def journey(project):
    handbook = load(project)
    assert handbook.errors == []
    return handbook.journeys["measured"]


@pytest.fixture(scope="module")
def page(project) -> str:
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build.html("journeys/measured/")


def test_means_quartiles_and_n_by_hand(journey):
    awareness, signup, use = journey.stages
    assert close(awareness.measured, 0.8, 5, 0.4, 1.6)
    assert close(signup.measured, 0.0, 5, -0.8, 0.8)
    form, welcome = signup.touchpoints
    assert close(form.measured, 0.2, 4, -0.5, 1.1)
    assert welcome.measured is None and use.measured is None


def test_emotion_fallback_stated_then_measured_then_touchpoints(journey):
    awareness, signup, _ = journey.stages
    assert awareness.emotion == -1  # stated wins over the measured 0.8
    assert signup.emotion == pytest.approx(0.0)  # measured, not the touchpoints' mean
    form, welcome = signup.touchpoints
    assert form.emotion == pytest.approx(0.2) and form.emotion_measured
    assert welcome.emotion == 1 and not welcome.emotion_measured


def test_nps_and_conversions_by_hand(journey):
    awareness, signup, use = journey.stages
    assert [(k.name, k.value, k.target, k.n) for k in awareness.computed_kpis] == [
        ("NPS", 0, 20, 5)]
    assert [(k.name, k.value, k.target, k.unit, k.n) for k in signup.computed_kpis] == [
        ("NPS", -40, 20, None, 5), ("Conversion from Awareness", 40, 30, "%", 1000)]
    assert [(k.name, k.value) for k in use.computed_kpis] == [("Conversion from Signup", 25)]
    assert [(k.name, k.value, k.target) for k in journey.kpis] == [
        ("NPS", -20, 20), ("Overall conversion (Awareness to Use)", 10, 5)]
    assert journey.funnel == [("Awareness", 1000), ("Signup", 400), ("Use", 100)]


def test_csat_on_a_one_to_five_survey(tmp_path):
    # 5 4 3 2 5: three of five are 4 or 5 -> CSAT 60 %; mean 3.8 -> 0.8 on -2..2.
    files = {**FILES, "journeys/measured.yml": JOURNEY.replace('"0..10"', '"1..5"'),
             "journeys/data/survey.csv": "stage,score\n" + "".join(
                 f"Use,{s}\n" for s in (5, 4, 3, 2, 5))}
    journey = load(write_project(tmp_path, files)).journeys["measured"]
    use = journey.stages[2]
    assert close(use.measured, 0.8, 5, 0.0, 2.0)
    assert [(k.name, k.value, k.unit) for k in use.computed_kpis][0] == ("CSAT", 60, "%")


def test_quotes_come_from_the_lowest_stages_lowest_first(journey):
    assert [(q.stage, q.text) for q in journey.quotes] == [
        ("Signup", "Form lost my data"), ("Signup", "Slow"),
        ("Awareness", "Too many ads,\neverywhere"), ("Awareness", "Loved the ad")]


def test_lints_weak_evidence_and_stated_far_from_measured(project, tmp_path):
    problems = [str(p) for p in load(project).problems]
    assert ("journeys/measured.yml:11:5: warning: stage 'Awareness': stated emotion -1 "
            "differs from the measured mean 0.8 (n=5) by more than 1 point: check the map "
            "against the survey") in problems
    assert ("journeys/measured.yml:15:9: warning: stage 'Signup': touchpoint 'Form': weak "
            "evidence: 4 survey answers, fewer than min_n 5: collect more or lower "
            "'data: min_n:'") in problems
    assert not any("weak evidence" in p for p in problems if "Form" not in p)


def test_page_shows_stated_measured_kpis_funnel_and_quotes(page):
    text = re.sub(r"<[^>]+>", "", page)
    assert "stated; measured 0.8, n=5, IQR 0.4 to 1.6" in text
    assert "measured, n=5, IQR -0.8 to 0.8" in text
    assert "measured, n=4, IQR -0.5 to 1.1 weak evidence" in text
    assert "Conversion from Awareness: 40 % (target 30 %)" in text
    assert "computed from analytics, n=1000" in text
    assert re.search(r"<td>Whole journey</td><td>NPS</td><td>-20</td><td>20</td>", page)
    assert "Too many ads,\neverywhere" in text
    funnel = re.search(r'<svg id="cjm-funnel-measured".*?</svg>', page, re.S).group(0)
    assert "<title>Signup: reached by 400 (40% of Awareness)</title>" in funnel
    assert "<script" not in funnel and "http" not in funnel


def test_curve_draws_the_spread_of_each_measured_point_as_a_bar(page):
    curves = journey_map.stage_curves(page)
    drawn = journey_map.points(curves)
    bars = [[(float(r.get("x").rstrip("%")), float(r.get("y")),
              float(r.get("y")) + float(r.get("height"))) for r in svg.iter("rect")]
            for svg in curves]
    # The row is 132 px high, 14 px kept free above +2 and below -2: y = 14 + (2 - s) * 26.
    # Awareness states -1 (y 92), below its measured quartiles 0.4 to 1.6.
    awareness = drawn[0]
    assert bars[0] == [(awareness.x, pytest.approx(24.4), pytest.approx(55.6))]
    assert awareness.y == 92
    # Signup: Form's point is its measured mean 0.2, inside -0.5 to 1.1; Welcome has no
    # answers and no bar.
    form, welcome = (p for p in drawn if p.stage == 1)
    assert bars[1] == [(form.x, pytest.approx(37.4), pytest.approx(79))]
    assert 37.4 < form.y < 79 and welcome.x != form.x


def test_csv_edits_are_seen_through_the_cache(tmp_path):
    project = write_project(tmp_path, FILES)
    settings, cache = Settings.from_project(project), {}
    assert load_handbook(settings, cache).journeys["measured"].funnel[2] == ("Use", 100)
    (project / "journeys/data/funnel.csv").write_text(FUNNEL.replace("100", "120"))
    assert load_handbook(settings, cache).journeys["measured"].funnel[2] == ("Use", 120)


BAD = [
    ("survey.csv", "stage,scroe\nAwareness,5\n", [
        "journeys/data/survey.csv:1:2: error: unknown column 'scroe' (did you mean 'score'?): "
        "survey columns are stage, touchpoint, score, respondent, date, comment",
        "journeys/data/survey.csv:1:1: error: missing column 'score': the first line must "
        "name the columns, e.g. 'stage,score'"]),
    ("survey.csv", "stage,score\nAwarenes,5\n", [
        "journeys/data/survey.csv:2:1: error: unknown stage 'Awarenes' (did you mean "
        "'Awareness'?): the stages of journeys/measured.yml are Awareness, Signup, Use"]),
    ("survey.csv", "stage,touchpoint,score\nSignup,Forms,5\n", [
        "journeys/data/survey.csv:2:2: error: stage 'Signup' has no touchpoint 'Forms' "
        "(did you mean 'Form'?): its touchpoints are Form, Welcome (leave the column empty "
        "for the stage)"]),
    ("survey.csv", "stage,score\nUse,five\nUse,11\nUse,nan\n", [
        "journeys/data/survey.csv:2:2: error: score 'five' is not a number: write a number "
        "from 0 to 10 (scale 0..10)",
        "journeys/data/survey.csv:3:2: error: score 11 is outside the survey's scale: write "
        "a number from 0 to 10 (scale 0..10), or change 'data: scale:'",
        "journeys/data/survey.csv:4:2: error: score 'nan' is not a number: write a number "
        "from 0 to 10 (scale 0..10)"]),
    ("survey.csv", 'stage,score,comment\nUse,5,"two\nlines"\nUse\n', [
        "journeys/data/survey.csv:4:2: error: row has 1 fields, the header has 3: add the "
        "missing values (empty between commas)"]),
    ("survey.csv", "", [
        "journeys/data/survey.csv:1:1: error: the survey file is empty: the first line names "
        "the columns, e.g. 'stage,score'"]),
    ("funnel.csv", "stage,count\nUse,1.5\nUse,3\nUse,4\n", [
        "journeys/data/funnel.csv:2:2: error: count '1.5' is not a whole number: write how "
        "many visitors, sessions or customers reached the stage, e.g. 1200",
        "journeys/data/funnel.csv:4:1: error: stage 'Use' appears twice (also on line 3): "
        "give one count per stage"]),
]


@pytest.mark.parametrize("name, content, expected", BAD)
def test_bad_csv_rows_are_reported_at_their_line(tmp_path, name, content, expected):
    files = {**FILES, f"journeys/data/{name}": content}
    handbook = load(write_project(tmp_path, files))
    assert [str(p) for p in handbook.errors] == sorted(expected)


def test_bad_rows_are_not_counted(tmp_path):
    files = {**FILES, "journeys/data/survey.csv": "stage,score\nUse,5\nUse,x\nUse,10\n"}
    use = load(write_project(tmp_path, files)).journeys["measured"].stages[2]
    assert use.measured.n == 2


def test_missing_file_points_at_the_journey_key(tmp_path):
    files = {**FILES, "journeys/measured.yml": JOURNEY.replace("data/funnel.csv",
                                                                "data/funel.csv")}
    files.pop("journeys/data/funnel.csv")
    assert [str(p) for p in load(write_project(tmp_path, files)).errors] == [
        "journeys/measured.yml:6:14: error: data: analytics: no file 'data/funel.csv' in the "
        "journeys folder 'journeys': write the path relative to it, e.g. 'data/answers.csv'"]


def test_files_outside_the_journeys_folder_are_refused(tmp_path):
    files = {**FILES, "journeys/measured.yml": JOURNEY.replace("data/survey.csv",
                                                                "../mkdocs.yml")}
    errors = [str(p) for p in load(write_project(tmp_path, files)).errors]
    assert errors == ["journeys/measured.yml:4:11: error: data: survey: no file "
                      "'../mkdocs.yml' in the journeys folder 'journeys': write the path "
                      "relative to it, e.g. 'data/answers.csv'"]


def test_bad_data_key(tmp_path):
    files = {**FILES, "journeys/measured.yml": JOURNEY.replace('"0..10"', "0-10").replace(
        "min_n: 5", "min_n: few").replace("nps: 20", "nsp: 20")}
    assert [str(p) for p in load(write_project(tmp_path, files)).errors] == [
        "journeys/measured.yml:5:10: error: data: scale '0-10' is unknown (did you mean "
        "'0..10'?): use '1..5' (CSAT), '0..10' (NPS) or 'emotion' (the map's emotion "
        "scale)",
        "journeys/measured.yml:7:10: error: data: min_n must be a whole number above 0, "
        "e.g. 30",
        "journeys/measured.yml:9:13: error: data: targets: unknown KPI 'nsp' (did you mean "
        "'nps'?): use nps, csat, conversion, overall_conversion"]


def test_emotion_scale_survey_takes_words_and_reports_bad_ones(tmp_path):
    files = {**FILES, "journeys/measured.yml": JOURNEY.replace('"0..10"', "emotion"),
             "journeys/data/survey.csv": "stage,score\nUse,positive\nUse,-2\nUse,postive\n"}
    handbook = load(write_project(tmp_path, files))
    assert [str(p) for p in handbook.errors] == [
        "journeys/data/survey.csv:4:2: error: score: unknown word 'postive' (did you mean "
        "'positive'?): use a number from -2 to 2 or one of 'very negative', 'negative', "
        "'neutral', 'positive', 'very positive'"]
    assert handbook.journeys["measured"].stages[2].measured.mean == pytest.approx(-0.5)


def test_a_bad_csv_fails_the_build_with_its_line(tmp_path):
    project = write_project(tmp_path, {**FILES, "journeys/data/funnel.csv":
                                       "stage,count\nUse,lots\n"})
    build = run_build(project)
    assert build.returncode != 0
    assert "journeys/data/funnel.csv:2:2: error: count 'lots' is not a whole number" in build.log


# A journey that loops back: two stages named Wait, told apart by their ids.
LOOP = """\
title: Repair loop
persona: maya
data:
  survey: data/loop-survey.csv
  scale: "1..5"
  analytics: data/loop-funnel.csv
  min_n: 2
stages:
  - name: Report
  - name: Wait
    id: first-wait
    touchpoints:
      - {channel: SMS, name: Window}
  - name: Repair
  - name: Wait
    id: second-wait
    touchpoints:
      - {channel: SMS, name: Window}
"""
# On 1..5 -> -2..2 (emotion = score - 3): Report 2 4 -> -1 1, mean 0, CSAT 50 %;
# first Wait (Window) 4 5 -> 1 2, mean 1.5, CSAT 100 %; Repair 3 -> 0, CSAT 0 %;
# second Wait (Window) 1 2 1 -> -2 -1 -2, mean -5/3, CSAT 0 %. Names in any case, ids too.
LOOP_SURVEY = """\
stage,touchpoint,score
Report,,2
report,,4
first-wait,Window,4
FIRST-WAIT,Window,5
Repair,,3
second-wait,Window,1
second-wait,Window,2
second-wait,,1
"""
# Conversions: 80 / 100 = 80 %, 60 / 80 = 75 %, 15 / 60 = 25 %; overall 15 %.
LOOP_FUNNEL = "stage,count\nReport,100\nfirst-wait,80\nRepair,60\nsecond-wait,15\n"
LOOP_FILES = {"journeys/personas/maya.yml": PERSONA, "journeys/loop.yml": LOOP,
              "journeys/data/loop-survey.csv": LOOP_SURVEY,
              "journeys/data/loop-funnel.csv": LOOP_FUNNEL}


@pytest.fixture(scope="module")
def loop_build(tmp_path_factory):
    build = run_build(write_project(tmp_path_factory.mktemp("loop"), LOOP_FILES), "--strict")
    assert build.returncode == 0, build.log
    return build


def loop_numbers(journey) -> list[tuple]:
    """(name, n, mean, KPIs) of each stage and (name, n, mean) of its touchpoints."""
    return [(s.name, s.measured and s.measured.n, s.measured and round(s.measured.mean, 2),
             [(k.name, k.value) for k in s.computed_kpis],
             [(t.name, t.measured and t.measured.n, t.measured and round(t.measured.mean, 2))
              for t in s.touchpoints]) for s in journey.stages]


LOOP_NUMBERS = [
    ("Report", 2, 0.0, [("CSAT", 50)], []),
    ("Wait", 2, 1.5, [("CSAT", 100), ("Conversion from Report", 80)], [("Window", 2, 1.5)]),
    ("Repair", 1, 0.0, [("CSAT", 0), ("Conversion from Wait", 75)], []),
    ("Wait", 3, -1.67, [("CSAT", 0), ("Conversion from Repair", 25)], [("Window", 2, -1.5)])]


def test_a_loop_s_stages_are_named_by_id_and_measured_apart(loop_build):
    journey = load(loop_build.project).journeys["loop"]
    assert loop_numbers(journey) == LOOP_NUMBERS
    assert journey.funnel == [("Report", 100), ("Wait", 80), ("Repair", 60), ("Wait", 15)]
    assert [(k.name, k.value) for k in journey.kpis] == [
        ("CSAT", 37.5), ("Overall conversion (Report to Wait)", 15)]


def test_a_loop_s_page_shows_each_stage_its_own_answers(loop_build):
    html = loop_build.html("journeys/loop/")
    text = re.sub(r"<[^>]+>", "", html)
    columns = re.split(r"\n?\d (?=(?:Report|Wait|Repair)Touchpoints)", text)[1:5]
    assert [c.split("Touchpoints")[0] for c in columns] == ["Report", "Wait", "Repair", "Wait"]
    first, second = columns[1], columns[3]
    assert "measured, n=2, IQR 1.25 to 1.75" in first and "n=3" not in first
    assert "Conversion from Report: 80 %" in first and "CSAT: 100 %" in first
    assert "very negative (-1.67)measured, n=3, IQR -2 to -1.5" in second
    assert "Conversion from Repair: 25 %" in second and "CSAT: 0 %" in second
    assert "<td>Wait</td><td>CSAT</td><td>100</td>" in html
    assert "<td>Wait</td><td>CSAT</td><td>0</td><td>—</td><td>%</td><td>computed from " \
        "survey, n=3</td>" in html


# The documented loop: only the stage that repeats has an id. A row naming 'Wait' cannot
# say which of the two it means; the rows naming the other stages still count.
LOOP_PLAIN = LOOP.replace("    id: first-wait\n", "")
LOOP_REPEATED = [
    "journeys/data/loop-funnel.csv:3:1: error: stage 'Wait' is the name of 2 stages of "
    "journeys/loop.yml: write the id of the stage this row is about: 'second-wait' (line 14); "
    "the stage on line 10 has no id: give it an 'id:' to name it here",
    "journeys/data/loop-survey.csv:4:1: error: stage 'Wait' is the name of 2 stages of "
    "journeys/loop.yml: write the id of the stage this row is about: 'second-wait' (line 14); "
    "the stage on line 10 has no id: give it an 'id:' to name it here",
    "journeys/data/loop-survey.csv:5:1: error: stage 'wait' is the name of 2 stages of "
    "journeys/loop.yml: write the id of the stage this row is about: 'second-wait' (line 14); "
    "the stage on line 10 has no id: give it an 'id:' to name it here"]


def test_a_repeated_name_without_an_id_is_an_error_listing_the_ids(tmp_path):
    files = {**LOOP_FILES, "journeys/loop.yml": LOOP_PLAIN,
             "journeys/data/loop-survey.csv": LOOP_SURVEY.replace(
                 "first-wait,Window,4\nFIRST-WAIT", "Wait,Window,4\nwait"),
             "journeys/data/loop-funnel.csv": LOOP_FUNNEL.replace("first-wait", "Wait")}
    project = write_project(tmp_path, files)
    handbook = load(project)
    assert [str(p) for p in handbook.errors] == LOOP_REPEATED
    # Nothing of the unusable rows reaches either Wait; every other number stands.
    first_wait = ("Wait", None, None, [], [("Window", None, None)])
    assert loop_numbers(handbook.journeys["loop"]) == [
        LOOP_NUMBERS[0], first_wait, (*LOOP_NUMBERS[2][:3], [("CSAT", 0), (
            "Conversion from Report", 60)], []), LOOP_NUMBERS[3]]
    build = run_build(project)
    assert build.returncode != 0
    assert all(message in build.log for message in LOOP_REPEATED)


def test_both_ids_and_names_are_offered_for_an_unknown_stage(tmp_path):
    files = {**LOOP_FILES, "journeys/data/loop-funnel.csv": "stage,count\nsecond-wiat,3\n",
             "journeys/data/loop-survey.csv": "stage,touchpoint,score\nsecond-wait,Windw,3\n"}
    assert [str(p) for p in load(write_project(tmp_path, files)).errors] == [
        "journeys/data/loop-funnel.csv:2:1: error: unknown stage 'second-wiat' (did you mean "
        "'second-wait'?): the stages of journeys/loop.yml are Report, Wait (first-wait), "
        "Repair, Wait (second-wait)",
        "journeys/data/loop-survey.csv:2:2: error: stage 'Wait' (second-wait) has no "
        "touchpoint 'Windw' (did you mean 'Window'?): its touchpoints are Window (leave the "
        "column empty for the stage)"]
