"""`cjm diff` on throw-away git repositories with known histories: exact text, Markdown and
JSON for renamed stages, changed emotions, added barriers, status changes, a revision
that cannot be read, and a shallow clone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cjm_site.cli import diff
from cjm_site.core.model import Journey, Stage
from cjm_site.core.scale import EmotionScale
from cjm_site.insights.changes import (Change, HandbookChanges, MapChanges, journey_changes,
                                       match_stages)

from .conftest import GIT_ENV, MINIMAL_CONFIG, GitRepo

MAYA = """
name: Maya
occupation: Designer
goals: [Save time]
"""
CHECKOUT = """
title: Online checkout
persona: maya
owner: Web team
stages:
  - name: Browse
    touchpoints:
      - {channel: Web, name: Product page, emotion: 1}
  - name: Check out
    touchpoints:
      - {channel: Web, name: Payment page, emotion: -2}
    barriers: [Checkout asks for an account]
    solutions: [Guest checkout]
    kpis:
      - {name: Conversion, value: 2.1, target: 3, unit: "%"}
"""
SUPPORT = """
title: Support call
persona: maya
stages:
  - name: Call
    emotion: negative
"""
DELIVERY = """
title: Parcel delivery
persona: maya
stages:
  - name: Wait
    emotion: neutral
"""
BASE = {"mkdocs.yml": MINIMAL_CONFIG.format(options=""),
        "docs/index.md": "# Home\n",
        "journeys/personas/maya.yml": MAYA,
        "journeys/checkout.yml": CHECKOUT,
        "journeys/delivery.yml": DELIVERY,
        "journeys/support.yml": SUPPORT}
# The pull request: a stage renamed, emotions changed, a touchpoint and a barrier added,
# a KPI now meets its target, the journey's status and owner changed, a persona field
# changed, a map renamed, one map broken and one added with an error of its own.
FEATURE = {
    "journeys/delivery.yml": None,
    "journeys/parcel-delivery.yml": DELIVERY,
    "journeys/checkout.yml": """
        title: Online checkout
        persona: maya
        owner: Checkout team
        status: future
        stages:
          - name: Browse
            touchpoints:
              - {channel: Web, name: Product page, emotion: 1}
          - name: Checkout
            touchpoints:
              - {channel: Web, name: Payment page, emotion: positive}
              - {channel: App, name: Apple Pay, emotion: 2}
            barriers: [Checkout asks for an account, Delivery date unclear]
            solutions: [Guest checkout]
            kpis:
              - {name: Conversion, value: 3.2, target: 3, unit: "%"}
        """,
    "journeys/support.yml": "title: Support call\nstages: [\n",
    "journeys/returns.yml": """
        title: Returns
        persona: nobody
        stages:
          - name: Send back
            emotion: -1
        """,
    "journeys/personas/maya.yml": """
        name: Maya
        occupation: Product designer
        goals: [Save time, Pay in one step]
        """,
}


def cjm(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "cjm_site.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **GIT_ENV})


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("diff") / "handbook")
    repo.commit("Add the checkout and support maps", "2026-01-05T10:00:00+01:00", BASE)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("Rework checkout", "2026-02-10T09:30:00+01:00", FEATURE)
    repo.git("checkout", "-q", "main")  # the default branch of its clones
    return repo


def expected(repo: GitRepo, name: str) -> str:
    """A golden file of tests/diff with the commits' hashes filled in."""
    text = (Path(__file__).parent / "diff" / name).read_text(encoding="utf-8")
    for key, revision in (("base", "main"), ("head", "feature")):
        sha = repo.git("rev-parse", revision).strip()
        text = text.replace(f"{{{key}_sha}}", sha).replace(f"{{{key}}}", sha[:7])
    return text


@pytest.mark.parametrize("fmt, golden", [("text", "expected.txt"),
                                         ("markdown", "expected.md"),
                                         ("json", "expected.json")])
def test_exact_output(repo: GitRepo, fmt: str, golden: str):
    result = cjm(repo.root, "diff", "main", "feature", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected(repo, golden)


def test_a_revision_that_cannot_be_read_is_reported_from_either_side(repo: GitRepo):
    result = cjm(repo.root, "diff", "feature", "main")
    assert result.returncode == 0, result.stderr
    head = repo.git("rev-parse", "--short=7", "feature").strip()
    blocks = result.stdout.split("\n\n")
    support = next(b for b in blocks if b.startswith("journey 'Support call'"))
    assert support == (
        f"journey 'Support call' (journeys/support.yml): errors fixed\n"
        f"  errors in feature ({head}):\n"
        "    journeys/support.yml:2:9: the [ opened here is never closed: end a list in "
        "[...] with ] (or write one '- ' item per line instead)")
    assert "  Check out: barrier removed: 'Delivery date unclear'\n" in result.stdout
    assert ("  Check out / Payment page: emotion 1 (positive) -> -2 (very negative), worse\n"
            in result.stdout)


def test_default_compares_the_merge_base_with_the_work_tree(repo: GitRepo, tmp_path: Path):
    clone = GitRepo.clone(repo, tmp_path / "clone", "--branch", "feature")
    # Main moves on after the branch left it: the merge base stays where the branch began.
    clone.git("checkout", "-q", "main")
    clone.commit("Later work on main", "2026-03-01T12:00:00+00:00",
                 {"journeys/support.yml": SUPPORT.replace("negative", "positive")})
    clone.git("update-ref", "refs/remotes/origin/main", "main")  # as if fetched
    clone.git("checkout", "-q", "feature")
    clone.write({"journeys/parcel-delivery.yml": DELIVERY.replace("neutral", "negative")})
    result = cjm(clone.root, "diff")
    assert result.returncode == 0, result.stderr
    base = clone.git("rev-parse", "--short=7", "main~1").strip()
    assert result.stdout.startswith(f"merge base with origin/main ({base}) -> work tree: ")
    assert ("journey 'Parcel delivery' (journeys/delivery.yml -> journeys/parcel-delivery.yml): "
            "renamed from delivery; emotion worse in 1 stage\n"
            "  Wait: emotion 0 (neutral) -> -1 (negative), worse\n") in result.stdout
    # Main's later change to support.yml is not part of this branch.
    assert "journey 'Support call' (journeys/support.yml): cannot be read\n" in result.stdout


def test_shallow_clone_says_what_to_fetch(repo: GitRepo, tmp_path: Path):
    shallow = GitRepo.clone(repo, tmp_path / "shallow", "--depth", "1", "--branch", "feature",
                            "--no-single-branch").root
    result = cjm(shallow, "diff")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "cjm: the merge base of HEAD and 'origin/main' is not in this clone: this clone is "
        "shallow: fetch the history it needs (`git fetch --unshallow`, or `fetch-depth: 0` "
        "for actions/checkout)\n")
    result = cjm(shallow, "diff", "HEAD~1")
    assert result.returncode == 1
    assert result.stderr.startswith("cjm: revision 'HEAD~1' is not in this clone: this clone "
                                    "is shallow: ")
    # Two revisions the clone holds compare without their history.
    result = cjm(shallow, "diff", "origin/main", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "stage 'Check out' renamed to 'Checkout'" in result.stdout


def test_unknown_revision_and_no_repository(repo: GitRepo, tmp_path: Path):
    result = cjm(repo.root, "diff", "no-such-branch")
    assert result.returncode == 2
    assert result.stderr.endswith(
        "cjm: error: unknown revision 'no-such-branch': name a branch, tag or commit "
        "(`git log --oneline` lists them)\n")
    # A revision is never taken for one of git's options.
    result = cjm(repo.root, "diff", "--", "--output=x")
    assert result.returncode == 2
    assert "unknown revision '--output=x'" in result.stderr
    assert not (repo.root / "x").exists()
    plain = tmp_path / "plain"
    plain.mkdir()
    result = cjm(plain, "diff", "main")
    assert result.returncode == 2
    assert result.stderr.endswith(f"cjm: error: '{plain}' is not in a git repository\n")


# -- the comparison and the Markdown, as pure functions -----------------------------------


def _stage(name: str, *barriers: str) -> Stage:
    return Stage(name=name, lanes={"barriers": list(barriers)} if barriers else {})


def _names(pairs) -> list[tuple[str | None, str | None]]:
    return [(a.name if a else None, b.name if b else None) for a, b in pairs]


def test_stages_are_matched_by_name_then_content_then_place():
    a = [_stage("Browse"), _stage("Pay", "Slow", "Fees"), _stage("Old"), _stage("Check out"),
         _stage("Gone", "x")]
    b = [_stage("Browse"), _stage("Payment", "Slow", "Fees", "Card declined"), _stage("New"),
         _stage("Checkout"), _stage("Returns", "y")]
    assert _names(match_stages(a, b)) == [
        ("Browse", "Browse"),
        ("Pay", "Payment"),  # holds most of the same
        (None, "New"),  # nothing in common and an unlike name: another stage
        ("Check out", "Checkout"),  # alone between the same neighbours, with a like name
        (None, "Returns"),
        ("Old", None),
        ("Gone", None),
    ]


def test_reordered_stages_are_one_change():
    a = Journey("j", "J", "j.yml", stages=[_stage("A"), _stage("B"), _stage("C")])
    b = Journey("j", "J", "j.yml", stages=[_stage("B"), _stage("A"), _stage("C")])
    assert journey_changes(a, b) == [Change("stage order", "changed", before=["A", "B", "C"],
                                            after=["B", "A", "C"])]


def test_markdown_shows_hostile_text_as_written():
    assert diff.md("@team <b>hi</b> [x](https://e.com) #12 | `c` *d* www.e.com\n\x1b[2J") == (
        "@&#8203;team &lt;b&gt;hi&lt;/b&gt; \\[x\\](https:&#8203;//e.com) #&#8203;12 \\| "
        "\\`c\\` \\*d\\* www&#8203;.e.com \\[2J")


def test_markdown_stays_within_a_comment():
    many = [MapChanges("journey", "changed", f"j{n}", f"Journey {n}", f"journeys/j{n}.yml",
                       f"journeys/j{n}.yml",
                       changes=[Change("barriers", "added", stage="S", name="x" * 250)] * 40)
            for n in range(100)]
    text = diff.to_markdown(HandbookChanges(many), diff.Side("main"), diff.WORK_TREE,
                            EmotionScale())
    assert len(text) <= diff.MARKDOWN_LIMIT
    # Every map is in the table; the details stop before the limit and say so.
    assert text.count("| Journey ") == 100
    shown = text.count("<details>")
    assert 0 < shown < 100
    assert text.endswith(f"\nDetails of {100 - shown} more maps left out to keep this comment "
                         "short: run `cjm diff` to see them.\n")


# -- the pull-request workflow of the contributing guide ----------------------------------

WORKFLOW = Path(__file__).parent.parent / "docs" / "examples" / "validate-journeys.yml"
# What actions/github-script gives the script, recording the calls it makes.
GITHUB_SCRIPT = """
const comments = JSON.parse(process.env.COMMENTS);
const calls = [];
const github = {
  paginate: async (method, args) => comments,
  rest: { issues: {
    listComments: () => {},
    createComment: async (args) => { calls.push(["create", args]); },
    updateComment: async (args) => { calls.push(["update", args]); },
  } },
};
const context = { repo: { owner: "cx", repo: "handbook" }, issue: { number: 7 } };
(async () => {
%s
})().then(() => console.log(JSON.stringify(calls)));
"""


def _job_steps() -> tuple[dict, str]:
    import yaml

    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["map-changes"]["steps"]
    run = next(s for s in steps if "cjm diff" in s.get("run", ""))
    script = next(s for s in steps if s.get("uses", "").startswith("actions/github-script"))
    return run, script["with"]["script"]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the script")
def test_workflow_posts_one_comment_and_then_updates_it(repo: GitRepo, tmp_path: Path):
    import os

    run, script = _job_steps()
    # actions/checkout with fetch-depth 0 on the pull request's branch.
    ci = GitRepo.clone(repo, tmp_path / "ci", "--branch", "feature")
    # The `cjm` command installed with the package under test.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, **GIT_ENV, **run["env"], "BASE_REF": "main", "PATH": path}
    subprocess.run(["bash", "-c", run["run"]], cwd=ci.root, env=env, check=True)
    markdown = (ci.root / "map-changes.md").read_text(encoding="utf-8")
    assert markdown == expected(repo, "expected.md").replace(
        "main (", "origin/main (").replace("feature (", "HEAD (")

    def post(comments: list[dict]) -> list:
        done = subprocess.run(["node", "-e", GITHUB_SCRIPT % script], cwd=ci.root, check=True,
                              capture_output=True, text=True,
                              env={**os.environ, "COMMENTS": json.dumps(comments)})
        return json.loads(done.stdout)

    body = "<!-- cjm diff -->\n" + markdown
    assert post([]) == [["create", {"owner": "cx", "repo": "handbook", "issue_number": 7,
                                    "body": body}]]
    # The next push finds the bot's comment by its first line and updates it; someone
    # quoting that line is left alone.
    earlier = [{"id": 5, "user": {"login": "someone"}, "body": "<!-- cjm diff -->\nquoted"},
               {"id": 9, "user": {"login": "github-actions[bot]"},
                "body": "<!-- cjm diff -->\nold"}]
    assert post(earlier) == [["update", {"owner": "cx", "repo": "handbook", "comment_id": 9,
                                         "body": body}]]
    # A pull request that changes no map gets no comment, but an old one is brought up to date.
    nothing = cjm(ci.root, "diff", "--format", "markdown", "HEAD", "HEAD").stdout
    (ci.root / "map-changes.md").write_text(nothing, encoding="utf-8")
    assert nothing.endswith(": no map changed.\n")
    assert post([]) == []
    assert post(earlier)[0][1]["body"] == "<!-- cjm diff -->\n" + nothing


def test_stages_with_ids_their_fields_and_text_lanes():
    a = Journey("j", "J", "j.yml", stages=[
        Stage("Call", id="first-call"), Stage("Wait", optional=False),
        Stage("Call", id="second-call", lanes={"notes": "Agents *read* a script"})])
    b = Journey("j", "J", "j.yml", stages=[
        Stage("Call", id="first-call"), Stage("Wait", phase="During", optional=True),
        Stage("Call back", id="second-call", lanes={"notes": "Agents call back"})])
    found = MapChanges("journey", "changed", "j", "J", "j.yml", "j.yml",
                       changes=journey_changes(a, b))
    text = diff.to_text(HandbookChanges([found]), diff.Side("main"), diff.WORK_TREE,
                        EmotionScale())
    assert text.splitlines()[2:] == [
        "journey 'J' (j.yml): stage phase, stage optional and notes changed; 1 stage renamed",
        "  Wait: phase set to 'During'",
        "  Wait: optional: no -> yes",
        "  stage 'Call' renamed to 'Call back'",
        "  Call back: notes: 'Agents *read* a script' -> 'Agents call back'",
    ]


def test_solutions_and_opportunities_keep_their_text_and_change_their_tracking():
    from datetime import date

    from cjm_site.core.model import Opportunity

    a = Journey("j", "J", "j.yml", opportunities=[Opportunity("One number", status="idea")],
                stages=[Stage("Call", solutions=[
                    Opportunity("Status page", status="planned"), Opportunity("Callback")])])
    b = Journey("j", "J", "j.yml", opportunities=[
        Opportunity("One number", status="planned", owner="Service design",
                    stages=["Call"])],
                stages=[Stage("Call", solutions=[
                    Opportunity("Status page", status="doing", due=date(2027, 1, 31)),
                    Opportunity("SMS updates")])])
    found = MapChanges("journey", "changed", "j", "J", "j.yml", "j.yml",
                       changes=journey_changes(a, b))
    text = diff.to_text(HandbookChanges([found]), diff.Side("main"), diff.WORK_TREE,
                        EmotionScale())
    assert text.splitlines()[2:] == [
        "journey 'J' (j.yml): 1 opportunity changed; 1 solution removed; 1 solution added;"
        " 1 solution changed",
        "  opportunity 'One number' status: 'idea' -> 'planned'",
        "  opportunity 'One number' owner set to 'Service design'",
        "  opportunity 'One number' stages set to 'Call'",
        "  Call: solution removed: 'Callback'",
        "  Call: solution added: 'SMS updates'",
        "  Call: solution 'Status page' status: 'planned' -> 'doing'",
        "  Call: solution 'Status page' due set to '2027-01-31'",
    ]


def test_persona_fields_and_per_persona_emotions_in_words():
    from cjm_site.core.model import Empathy, Kpi, Persona, Touchpoint
    from cjm_site.insights.changes import persona_changes

    a = Persona("maya", "Maya", "p.yml", age="34", attributes={"Device": "phone", "Pet": "cat"},
                empathy=Empathy(says=["Too many steps"]))
    b = Persona("maya", "Maya", "p.yml", age="35", attributes={"Device": "laptop",
                                                               "Budget": "tight"},
                empathy=Empathy(says=["Too many steps", "Where is my parcel?"]))
    s = Stage("Pay", touchpoints=[Touchpoint("Card", emotion=-1, persona_emotions={"maya": -1})],
              kpis=[Kpi("Conversion", "2%", "3%", "%")])
    t = Stage("Pay", touchpoints=[Touchpoint("Card", emotion=0.5, persona_emotions={"maya": 1})],
              kpis=[Kpi("Conversion", "2%", "2.5%", "%")])
    maps = [MapChanges("persona", "changed", "maya", "Maya", "p.yml", "p.yml",
                       changes=persona_changes(a, b)),
            MapChanges("journey", "changed", "j", "J", "j.yml", "j.yml",
                       changes=journey_changes(Journey("j", "J", "j.yml", stages=[s]),
                                               Journey("j", "J", "j.yml", stages=[t])))]
    text = diff.to_text(HandbookChanges(maps), diff.Side("main"), diff.WORK_TREE,
                        EmotionScale())
    assert text.splitlines()[2:] == [
        "persona 'Maya' (p.yml): age changed; 1 attribute changed; 1 attribute added; "
        "1 attribute removed; 1 empathy map entry added",
        "  age: '34' -> '35'",
        "  attribute 'Device': 'phone' -> 'laptop'",
        "  attribute 'Budget' set to 'tight'",
        "  attribute 'Pet' removed (was 'cat')",
        "  empathy map (says) added: 'Where is my parcel?'",
        "",
        "journey 'J' (j.yml): emotion better in 1 stage and 1 touchpoint; 1 KPI target changed",
        "  Pay: emotion -1 (negative) -> 0.5 (neutral), better",
        "  Pay / Card: emotion -1 (negative) -> 0.5 (neutral), better",
        "  Pay / Card: emotion for 'maya' -1 (negative) -> 1 (positive), better",
        "  Pay: KPI 'Conversion' target '3%' -> '2.5%' (below target)",
    ]
