"""Which way page bodies render (worker processes or the build process), and that every way
gives the same pages and says so in the log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pygal
import pytest

from cjm_site.mkdocs_plugin import prerender
from cjm_site.mkdocs_plugin.prerender import CHUNK, Prerender, why_not_fork
from cjm_site.render.site import GeneratedPage

PARENT = os.getpid()


def pages(count: int = CHUNK + 4) -> list[GeneratedPage]:
    return [GeneratedPage(f"p{n}.md", f"Page {n}", "journey",
                          lambda n=n: (f"<p>page {n} by {os.getpid()}</p>", []))
            for n in range(count)]


@pytest.fixture(scope="module")
def paths() -> dict:
    """What worker_paths.py saw in a process that runs no other thread (as `mkdocs build`)."""
    script = Path(__file__).with_name("worker_paths.py")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONSAFEPATH": "1"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_workers_render_every_page_as_the_build_process_would(paths):
    seen = paths["workers"]
    assert seen["workers"] == 1 and seen["in_process"] is None
    assert seen["path"] == "page bodies render in 1 worker process (fork)"
    # A task of CHUNK pages came back; the next holds a failing page, which fails again here
    # with its own error (its task's other pages render here too), and the workers go on.
    assert not any(seen["by this process"][:CHUNK]) and seen["same"]
    assert seen["failing page left the workers on"] is True
    assert seen["log"] == []


# A worker lost on its first task: seen when its result is asked for, or when the build
# process hands out the next task (the race, made certain by worker_paths.py).
@pytest.mark.parametrize("case", ["lost", "lost while handing out"])
def test_a_lost_worker_leaves_the_rest_to_the_build_process(paths, case):
    seen = paths[case]
    assert seen["in_process"] == "a worker process was lost"
    assert all(seen["by this process"]) and len(seen["by this process"]) == CHUNK + 4
    assert seen["same"]
    assert seen["log"] == [f"cjm: a worker process was lost: the remaining {CHUNK + 4} page "
                           "bodies render in this process"]


def test_a_stuck_worker_is_waited_for_a_bounded_time(paths):
    seen = paths["stuck"]
    assert seen["seconds"] < 10  # not 600 s: the stuck worker is stopped too
    assert all(seen["by this process"]) and seen["same"]
    assert seen["log"] == [f"cjm: no answer from a worker process in 0.5 s: the remaining "
                           f"{CHUNK + 4} page bodies render in this process"]


def test_a_running_thread_keeps_bodies_in_the_build_process(paths):
    seen = paths["thread"]
    assert seen["workers"] == 0 and all(seen["by this process"])
    assert seen["path"] == ("page bodies render in this process: other threads are running "
                            "(watcher-of-another-plugin), so forking is unsafe")


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_platforms_that_spawn_render_in_the_build_process(monkeypatch, platform):
    monkeypatch.setattr(prerender.sys, "platform", platform)
    alone = Prerender(pages(), 1)
    assert alone.workers == 0 and alone.executor is None
    assert alone.path == (f"page bodies render in this process: on {platform} worker "
                          "processes start by spawn, not fork")
    assert alone.get("p3.md")[0] == f"<p>page 3 by {PARENT}</p>"


@pytest.mark.parametrize("workers, count, why", [
    (0, 40, "concurrency is 0"),
    (1, CHUNK, f"{CHUNK} pages are too few to share"),
])
def test_no_workers_when_they_cannot_help(workers, count, why):
    assert why_not_fork(workers, count) == why
    assert Prerender(pages(count), workers).path == f"page bodies render in this process: {why}"


def test_charts_leave_pygal_as_they_found_it():
    # Another plugin drawing with pygal keeps lxml (a test dependency) after ours is imported
    # and has drawn; ours are the same bytes whichever pygal would use.
    from cjm_site.core.model import Journey, Stage, Touchpoint
    from cjm_site.core.scale import EmotionScale
    from cjm_site.render.charts.curve import compare_curve

    etree = pygal.etree.etree
    assert etree.lxml is True
    journey = Journey("j", "J", "j.yml", [Stage("S", touchpoints=[Touchpoint("t", emotion=1)])])
    svg = compare_curve(journey, [journey], EmotionScale(), "c")
    assert etree.lxml is True and etree._etree is etree._lxml_etree
    etree.to_etree()
    try:
        assert compare_curve(journey, [journey], EmotionScale(), "c") == svg
        assert etree.lxml is False
    finally:
        etree.to_lxml()
