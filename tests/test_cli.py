"""The `cjm` command through its real entry point: validate, schema, new, export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from cjm_site.source import json_schema
from cjm_site.cli.main import _annotation
from cjm_site.source.loader import discover, load_file
from cjm_site.core.problems import ERROR, Problem

from .conftest import REPO, write_project

BAD = REPO / "tests" / "bad"
TODAY = "2027-01-01"
# Corpus files without any problem: the persona and journey the others refer to.
GOOD = {"journeys/good.yml", "journeys/personas/maya.yml"}
# Corpus files a JSON Schema can reject; the other parseable ones it must accept
# (their problems are across files, in file names, or advice).
SCHEMA_REJECTS = {
    "missing-title.yml", "missing-stages.yml", "stages-not-list.yml", "stage-missing-name.yml",
    "unknown-key.yml", "emotion-out-of-range.yml", "emotion-unknown-word.yml",
    "emotion-bool.yml", "status-unknown.yml", "date-not-iso.yml", "review-every-zero.yml",
    "title-mapping.yml", "front-matter-error.md", "touchpoints-not-mappings.yml",
    "kpi-missing-value.yml", "bad-id.yml", "no-name.yml", "bad-image.yml",
}


def cjm(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cjm_site.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def bad_run() -> subprocess.CompletedProcess:
    return cjm("validate", "--today", TODAY, "journeys", cwd=BAD)


def corpus_files() -> list[str]:
    return sorted(p.relative_to(BAD).as_posix() for p in (BAD / "journeys").rglob("*")
                  if p.is_file())


def test_demo_validates_without_errors():
    result = cjm("validate", "--today", TODAY)
    assert result.returncode == 0, result.stdout
    assert ": error: " not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("9 journeys, 4 personas: 0 errors, ")


def test_bad_corpus_reports_exact_problems(bad_run):
    """tests/bad/expected.txt pairs every corpus file with its problems."""
    assert bad_run.returncode == 1
    assert bad_run.stdout == (BAD / "expected.txt").read_text(encoding="utf-8")
    reported = {line.split(":", 1)[0] for line in bad_run.stdout.splitlines()[:-1]}
    files = set(corpus_files())
    assert len(files - GOOD) >= 25
    assert reported == files - GOOD


def test_json_format_lists_the_same_problems(bad_run):
    result = cjm("validate", "--today", TODAY, "--format", "json", "journeys", cwd=BAD)
    assert result.returncode == 1
    problems = [Problem(**item) for item in json.loads(result.stdout)]
    assert [str(p) for p in problems] == bad_run.stdout.splitlines()[:-1]


def test_github_format_prints_annotations():
    result = cjm("validate", "--today", TODAY, "--format", "github", "journeys", cwd=BAD)
    lines = result.stdout.splitlines()
    assert "::error file=journeys/unknown-persona.yml,line=2,col=10::unknown persona 'mya' " \
           "(did you mean 'maya'?): add a persona file or fix the id" in lines
    assert "::warning file=journeys/lint-stale.yml,line=3,col=11::map is past its review " \
           "date 2026-01-31 (reviewed 2026-01-01, due every 30 days): review it with its " \
           "owner and update 'reviewed:'" in lines
    assert _annotation(Problem("a,b:c.yml", 1, 2, ERROR, "50% done\nnext")) == \
        "::error file=a%2Cb%3Ac.yml,line=1,col=2::50%25 done%0Anext"


def test_files_as_paths_report_only_their_problems_but_check_references():
    result = cjm("validate", "--today", TODAY, "journeys/unknown-persona.yml",
                 "journeys/lint-stale.yml", cwd=BAD)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "journeys/lint-stale.yml:3:11: warning: map is past its review date 2026-01-31 "
        "(reviewed 2026-01-01, due every 30 days): review it with its owner and update "
        "'reviewed:'",
        "journeys/unknown-persona.yml:2:10: error: unknown persona 'mya' (did you mean "
        "'maya'?): add a persona file or fix the id",
        "23 journeys, 3 personas: 1 error, 1 warning",
    ]


def test_a_folder_in_the_journeys_folder_is_checked_within_its_handbook(tmp_path):
    write_project(tmp_path, {
        "journeys/personas/maya.yml": "name: Maya\n",
        "journeys/personas/omar.yml": "name: Omar\nage: [1, 2]\n",
        "journeys/team-a/checkout.yml": "title: Checkout\npersona: maya\nstages: [{name: A, "
                                        "emotion: 1}]\n",
        "journeys/team-a/returns.yml": "title: Returns\npersona: omar\nstages: [{name: A, "
                                       "emotion: 9}]\n",
        "journeys/team-b/broken.yml": "title: [\n"})
    personas = cjm("validate", "--today", TODAY, "journeys/personas", cwd=tmp_path)
    assert personas.stdout.splitlines() == [
        "journeys/personas/omar.yml:2:6: error: age must be text, not a list",
        "2 journeys, 2 personas: 1 error, 0 warnings"]
    team = cjm("validate", "--today", TODAY, "journeys/team-a/", cwd=tmp_path)
    assert team.stdout.splitlines() == [
        "journeys/team-a/returns.yml:3:29: error: stage 'A': emotion: 9 is out of "
        "range: use a number from -2 to 2 or one of 'very negative', 'negative', 'neutral', "
        "'positive', 'very positive'",
        "2 journeys, 2 personas: 1 error, 0 warnings"]
    assert team.returncode == personas.returncode == 1


def test_strict_turns_warnings_into_errors():
    args = ("validate", "--today", TODAY, "journeys/lint-barrier.yml")
    assert cjm(*args, cwd=BAD).returncode == 0
    strict = cjm(*args, "--strict", cwd=BAD)
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[0] == (
        "journeys/lint-barrier.yml:4:5: error: stage 'A' has barriers but no solutions: add "
        "'solutions:' saying what the company will do about them")


@pytest.mark.parametrize("args, message", [
    (("validate", "missing-folder"), "cjm: error: 'missing-folder' does not exist"),
    (("validate", "expected.txt"), "cjm: error: 'expected.txt' is not in the journeys folder"),
    (("validate", "--format", "xml"), "invalid choice: 'xml'"),
    (("validate", "--today", "tomorrow"), "'tomorrow' is not a date: write YYYY-MM-DD"),
    (("frobnicate",), "invalid choice: 'frobnicate'"),
    (("new", "journey", "Bad Id", "--persona", "maya"), "'Bad Id' is not a valid id"),
    (("validate", "-f", "missing.yml"), "cjm: error: config file 'missing.yml' does not exist"),
    (("-f", "missing.yml", "export"), "cjm: error: config file 'missing.yml' does not exist"),
])
def test_usage_errors_exit_2(args, message):
    result = cjm(*args, cwd=BAD)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


CONFIG = """\
site_name: Tagged
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - cjm:
      journeys_dir: maps
      review_every: 30
"""


def test_journeys_dir_and_review_every_come_from_mkdocs_yml(tmp_path):
    project = write_project(tmp_path, {
        "maps/personas/maya.yml": "name: Maya\n",
        "maps/old.yml": "title: Old\npersona: maya\nreviewed: 2026-01-01\nstages:\n"
                        "  - name: A\n    emotion: 0\n",
    }, config=CONFIG)
    result = cjm("validate", "--today", "2026-03-01", cwd=project)
    assert result.stdout.splitlines() == [
        "maps/old.yml:3:11: warning: map is past its review date 2026-01-31 (reviewed "
        "2026-01-01, due every 30 days): review it with its owner and update 'reviewed:'",
        "1 journey, 1 persona: 0 errors, 1 warning",
    ]
    assert result.returncode == 0


def test_config_file_option_before_or_after_the_command(tmp_path):
    project = write_project(tmp_path / "site", {
        "maps/personas/maya.yml": "name: Maya\n",
        "maps/old.yml": "title: Old\npersona: maya\nreviewed: 2026-01-01\nstages:\n"
                        "  - name: A\n    emotion: 0\n",
    }, config=CONFIG)
    config = str(project / "mkdocs.yml")
    after = cjm("validate", "-f", config, "--today", "2026-03-01", cwd=tmp_path)
    before = cjm("--config-file", config, "validate", "--today", "2026-03-01", cwd=tmp_path)
    assert after.returncode == before.returncode == 0
    assert after.stdout == before.stdout
    assert after.stdout.splitlines()[-1] == "1 journey, 1 persona: 0 errors, 1 warning"
    # Written after the command, it wins over the one before.
    both = cjm("-f", "missing.yml", "validate", "-f", config, cwd=tmp_path)
    assert both.returncode == 0, both.stderr


def test_bad_plugin_option_is_a_usage_error(tmp_path):
    project = write_project(tmp_path, {}, config=CONFIG.replace("30", "soon"))
    result = cjm("validate", cwd=project)
    assert result.returncode == 2
    assert "mkdocs.yml: plugin 'cjm', option 'review_every': expected a whole number, got 'soon'" \
        in result.stderr


def test_new_writes_starters_that_validate_cleanly(tmp_path):
    project = write_project(tmp_path, {"journeys/.keep": ""})
    assert cjm("new", "persona", "ana", cwd=project).returncode == 0
    made = cjm("new", "journey", "first-visit", "--persona", "ana", "--title",
               "First visit: the shop", "--today", TODAY, cwd=project)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"wrote {project / 'journeys' / 'first-visit.md'}")
    result = cjm("validate", "--today", TODAY, cwd=project)
    assert result.stdout == "1 journey, 1 persona: 0 errors, 0 warnings\n"
    text = (project / "journeys" / "first-visit.md").read_text(encoding="utf-8")
    assert 'title: "First visit: the shop"' in text
    assert f"reviewed: {TODAY}" in text
    assert "# emotion_scale: {low: 0, high: 5}" in text
    # Never overwrite; never write a journey for a persona that does not exist.
    again = cjm("new", "journey", "first-visit", "--persona", "ana", cwd=project)
    assert again.returncode == 1
    assert "journey 'first-visit' already exists" in again.stderr
    assert (project / "journeys" / "first-visit.md").read_text(encoding="utf-8") == text
    unknown = cjm("new", "journey", "other", "--persona", "anna", cwd=project)
    assert unknown.returncode == 1
    assert "unknown persona 'anna' (did you mean 'ana'?)" in unknown.stderr
    assert not (project / "journeys" / "other.md").exists()
    by_name = cjm("new", "journey", "other", "--persona", "Ana", cwd=project)
    assert by_name.stderr == ("cjm: unknown persona 'Ana' (did you mean 'ana'?): create it "
                              "first with `cjm new persona ana`\n")


def test_new_starters_keep_their_comments_in_one_column(tmp_path):
    """Values of every length (a short and a long persona id, today's date) leave the
    comments of a starter file one column, as a researcher reads them."""
    project = write_project(tmp_path, {"journeys/.keep": ""})
    for persona in ("al", "enterprise-procurement-lead"):
        assert cjm("new", "persona", persona, cwd=project).returncode == 0
        made = cjm("new", "journey", f"visit-{persona}", "--persona", persona, "--title",
                   "Visit #1", "--today", TODAY, cwd=project)
        assert made.returncode == 0, made.stderr
    files = sorted((project / "journeys").rglob("*.*"))
    assert len(files) == 5  # .keep, two personas, two journeys
    # (line, length of its code, column of its comment's '#') of every trailing comment.
    comments = [(line, len(code.rstrip()), len(code) + 3)
                for path in files for line in path.read_text(encoding="utf-8").splitlines()
                for code, found, _ in [line.partition("  # ")] if found and code.strip()]
    assert len(comments) > 10
    assert [(line, column) for line, length, column in comments
            if column != (30 if length <= 27 else length + 3)] == []
    long = "persona: enterprise-procurement-lead  # the persona's id"
    assert any(line.startswith(long) for line, _, _ in comments)
    assert 'title: "Visit #1"' in (project / "journeys/visit-al.md").read_text()


EXPORT_FILES = {
    "journeys/personas/maya.yml": "name: Maya\n",
    "journeys/personas/omar.yml": "name: Omar\n",
    "journeys/b-shop.yml": """\
        title: Shop
        personas: [maya, omar]
        stages:
          - name: Visit
            touchpoints:
              - {channel: Web, name: "=HYPERLINK(1)", emotion: {maya: 2, omar: -1}}
              - {channel: Store, name: Till, emotion: -2}
          - name: Pay
            emotion: 1
    """,
    "journeys/a-call.yml": """\
        title: Call
        persona: maya
        stages:
          - name: Call
            touchpoints:
              - {channel: Phone, name: Hotline}
    """,
}


def test_export_csv_one_row_per_touchpoint(tmp_path):
    project = write_project(tmp_path, EXPORT_FILES)
    out = tmp_path / "touchpoints.csv"
    result = cjm("export", "--format", "csv", "--out", str(out), cwd=project)
    assert result.returncode == 0
    assert result.stdout == f"wrote {out}: 2 journeys, 2 personas as CSV\n"
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows == [
        ["journey", "persona", "phase", "stage", "stage_id", "channel", "touchpoint", "emotion",
         "emotion_scale", "emotion_normalised", "moment"],
        ["a-call", "maya", "", "Call", "", "Phone", "Hotline", "", "-2..2", "", ""],
        ["b-shop", "maya omar", "", "Visit", "", "Web", "'=HYPERLINK(1)", "0.5", "-2..2", "0.5",
         ""],
        ["b-shop", "maya omar", "", "Visit", "", "Store", "Till", "-2", "-2..2", "-2", ""],
    ]


def test_export_json_has_computed_emotions_and_is_reproducible(tmp_path):
    project = write_project(tmp_path, EXPORT_FILES)
    first = cjm("export", cwd=project)
    assert first.stdout == cjm("export", "--format", "json", cwd=project).stdout
    data = json.loads(first.stdout)
    assert [j["id"] for j in data["journeys"]] == ["a-call", "b-shop"]
    assert [p["id"] for p in data["personas"]] == ["maya", "omar"]
    visit, pay = data["journeys"][1]["stages"]
    assert visit["emotion"] == pytest.approx(-0.75)
    assert visit["persona_emotions"] == {"maya": 2.0, "omar": -1.0}
    assert visit["touchpoints"][0]["persona_emotions"] == {"maya": 2.0, "omar": -1.0}
    assert pay["emotion"] == 1.0 and pay["touchpoints"] == []
    assert data["journeys"][0]["stages"][0]["emotion"] is None


def test_a_file_that_cannot_be_written_is_one_line_and_exit_1(tmp_path):
    project = write_project(tmp_path, EXPORT_FILES)
    (tmp_path / "taken").mkdir()
    for args in (("export", "--out", str(tmp_path / "taken")),
                 ("schema", "--out", str(project / "mkdocs.yml"))):
        result = cjm(*args, cwd=project)
        assert result.returncode == 1, args
        assert result.stderr.startswith("cjm: ") and len(result.stderr.splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_export_refuses_a_handbook_with_errors():
    result = cjm("export", cwd=BAD)
    assert result.returncode == 1
    assert result.stdout == ""


def test_shipped_schemas_are_generated_from_schema_py(tmp_path):
    result = cjm("schema", "--out", str(tmp_path))
    assert result.returncode == 0
    for kind in json_schema.KINDS:
        shipped = (REPO / "cjm_site" / "source" / "schemas" / f"{kind}.schema.json").read_text()
        assert shipped == json_schema.dumps(json_schema.generate(kind))
        assert (tmp_path / f"{kind}.schema.json").read_text() == shipped
        jsonschema.Draft202012Validator.check_schema(json.loads(shipped))
    assert json.loads(cjm("schema", "persona").stdout)["title"] == "cjm-site persona file"


def _schema_errors(path: Path, kind: str, rel: str) -> list[str] | None:
    """Schema errors of a file's YAML as an editor sees it (dates as text); None if unparseable."""
    source = load_file(path, rel, kind)
    if source.data is None:
        return None
    data = json.loads(json.dumps(source.data, default=lambda d: d.isoformat()))
    validator = jsonschema.Draft202012Validator(json_schema.generate(kind))
    return [e.message for e in validator.iter_errors(data)]


def test_schemas_accept_every_demo_file():
    files = discover(REPO / "journeys", REPO / "journeys" / "personas", REPO)
    assert len(files) >= 10
    for path, kind, refused in files:
        assert refused is None
        assert _schema_errors(path, kind, path.name) == [], path


def test_schemas_reject_what_they_can_express_of_the_bad_corpus():
    journeys = BAD / "journeys"
    rejected, accepted = set(), set()
    for path, kind, _ in discover(journeys, journeys / "personas", REPO):
        errors = _schema_errors(path, kind, path.name)
        if errors is not None:
            (rejected if errors else accepted).add(path.name)
    assert rejected == SCHEMA_REJECTS
    assert accepted >= {"unknown-persona.yml", "duplicate-stage.yml", "lint-future.yml",
                        "good.yml", "maya.yml"}


def test_contributing_guide_shows_the_example_workflow_verbatim():
    workflow = (REPO / "docs" / "examples" / "validate-journeys.yml").read_text()
    guide = (REPO / "docs" / "guide" / "contributing.md").read_text()
    assert f"```yaml\n{workflow}```" in guide
    import yaml

    jobs = yaml.safe_load(workflow)["jobs"]
    steps = [step["run"] for step in jobs["validate"]["steps"] if "run" in step]
    assert steps[-2:] == ["cjm validate --format github", "mkdocs build --strict"]
    # The map-changes job is run for real in test_diff.py.
    assert "map-changes" in jobs
