"""The benchmark builds what it claims (timings are printed, never asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import run  # noqa: E402

N = 32  # above the default nav_group_size (30): letter index pages are made


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def row(workdir: Path) -> run.Row:
    return run.measure(N, workdir, baseline_max=N)


def test_both_builds_hold_every_journey(row: run.Row):
    assert row.plugin.journey_pages == N
    assert row.baseline.journey_pages == N
    # Plugin: journeys, personas (one per 10 journeys), their index and letter pages.
    assert row.plugin.pages > N + run.persona_count(N)
    assert row.baseline.pages == N + 1  # the journeys and the home page
    assert row.plugin.probe_bytes > 0 and row.baseline.probe_bytes > 0
    assert row.plugin.peak_mb > 0 and row.work.load > 0 and row.work.charts > 0
    # The plugin's own time in the build process, read from its log line.
    assert row.plugin.plugin_seconds is not None and row.plugin.plugin_seconds > 0


def test_journeys_are_reached_from_letter_pages_not_the_navigation(row: run.Row, workdir: Path):
    site = workdir / f"plugin-{N}" / "site"
    probe = (site / "journeys" / run.PROBE / "index.html").read_text(encoding="utf-8")
    title = run.journey_data(0, 8, 2)["title"]
    assert f"<h1 id=\"{run.PROBE}\">{title}</h1>" in probe
    # Another journey is not in this page's navigation; the letter pages are.
    assert "journey-00001/" not in probe
    assert "by-letter/a/" in probe
    letter_a = (site / "journeys" / "by-letter" / "a" / "index.html").read_text(encoding="utf-8")
    assert f"../../{run.PROBE}/" in letter_a and "Journeys: A" in letter_a


def test_report_names_every_size_and_the_ratios(row: run.Row):
    text = run.report([row])
    assert f"| {N} | " in text
    assert "time per journey" in text and "peak memory" in text


def test_history_benchmark_builds_the_same_handbook_with_and_without_history(tmp_path: Path):
    import subprocess

    import history

    result = history.measure(12, 40, tmp_path)
    root = tmp_path / "history-12"
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, check=True,
                           capture_output=True, text=True).stdout
    assert int(count) == 40
    assert [v.history_pages for v in result.variants] == [0, 12, 12]
    assert [v.build.journey_pages for v in result.variants] == [12, 12, 12]
    assert result.variants[0].history_seconds is None
    assert all(v.history_seconds is not None for v in result.variants[1:])
    # The last build compares with the commit halfway: its curves have the faint line.
    page = (root / "site" / "journeys" / "journey-00001" / "index.html").read_text(
        encoding="utf-8")
    assert "As of middle (" in page
    recent = (root / "site" / "insights" / "recent" / "index.html").read_text(encoding="utf-8")
    assert "Rescore stage" in recent
    text = history.report(result)
    assert f"| history (defaults) | 12 | 40 | {result.variants[1].build.seconds:.1f} |" in text
    assert all(v.build.cpu_seconds > 0 for v in result.variants)


def test_every_kind_of_edit_shows_on_the_served_site(row: run.Row, workdir: Path):
    # A real `mkdocs serve --dirty` on this machine's loopback: each edit is polled until
    # the served page shows it (the times are reported, not judged).
    edits = run.measure_serve(workdir / f"plugin-{N}", "--dirty")
    assert [e.kind for e in edits] == ["emotion changed", "stage added", "title changed",
                                       "new journey", "deleted journey"]
    assert all(e.seconds > 0 and e.build_seconds > 0 for e in edits)
    text = run.serve_report(N, edits, row.plugin)
    assert "| title changed | " in text and "slowest edit to visible" in text
