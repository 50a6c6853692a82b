"""Which way page bodies render (worker processes or the build process), and that every way
gives the same pages and says so in the log."""

from __future__ import annotations

import logging
import os
import threading
import time

import pygal
import pytest

from cjm_site.mkdocs_plugin import prerender
from cjm_site.mkdocs_plugin.prerender import CHUNK, Prerender, why_not_fork
from cjm_site.render.site import GeneratedPage

PARENT = os.getpid()


def pages(count: int = CHUNK + 4, in_worker=None) -> list[GeneratedPage]:
    """Pages whose body names the process that rendered it; `in_worker` runs first there."""
    def render(n: int):
        if in_worker is not None and os.getpid() != PARENT:
            in_worker(n)
        return f"<p>page {n} by {os.getpid()}</p>", [(2, f"h{n}", f"Heading {n}")]

    return [GeneratedPage(f"p{n}.md", f"Page {n}", "journey", lambda n=n: render(n))
            for n in range(count)]


def rendered_by(prepared) -> int:
    return int(prepared[0].split(" by ")[1].split("<")[0])


@pytest.fixture
def one_thread():
    """Forking is tested in a process that runs no other thread, as `mkdocs build` does."""
    others = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    assert not others, f"threads left running by earlier tests: {others}"


@pytest.fixture
def info(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.cjm")
    return caplog


def test_workers_render_every_page_as_the_build_process_would(one_thread):
    work = pages()
    helped = Prerender(work, 1)
    try:
        assert helped.workers == 1 and helped.in_process is None
        assert helped.path == "page bodies render in 1 worker process (fork)"
        got = {page.src_uri: helped.get(page.src_uri) for page in work}
    finally:
        helped.close()
    assert {rendered_by(p) for p in got.values()} - {PARENT}  # rendered elsewhere ...
    for page in work:  # ... into what the build process renders
        body, aside, toc = got[page.src_uri]
        assert body.replace(str(rendered_by(got[page.src_uri])), str(PARENT)) == \
            page.render()[0] and aside == [] and toc == page.render()[1]


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_platforms_that_spawn_render_in_the_build_process(monkeypatch, platform):
    monkeypatch.setattr(prerender.sys, "platform", platform)
    alone = Prerender(pages(), 1)
    assert alone.workers == 0 and alone.executor is None
    assert alone.path == (f"page bodies render in this process: on {platform} worker "
                          "processes start by spawn and would load the handbook again")
    assert rendered_by(alone.get("p3.md")) == PARENT


def test_a_running_thread_keeps_bodies_in_the_build_process():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="watcher-of-another-plugin")
    thread.start()
    try:
        alone = Prerender(pages(), 1)
    finally:
        stop.set()
        thread.join()
    assert alone.workers == 0
    assert alone.in_process == ("other threads are running (watcher-of-another-plugin), so "
                                "forking is unsafe")
    assert rendered_by(alone.get("p0.md")) == PARENT


@pytest.mark.parametrize("workers, count, why", [
    (0, 40, "concurrency is 0"),
    (1, CHUNK, f"{CHUNK} pages are too few to share"),
])
def test_no_workers_when_they_cannot_help(workers, count, why):
    assert why_not_fork(workers, count) == why
    assert Prerender(pages(count), workers).path == f"page bodies render in this process: {why}"


def test_a_lost_worker_leaves_the_rest_to_the_build_process(one_thread, info):
    work = pages(in_worker=lambda n: os._exit(3))
    helped = Prerender(work, 1)
    try:
        got = [helped.get(page.src_uri) for page in work]
    finally:
        helped.close()
    assert [rendered_by(p) for p in got] == [PARENT] * len(work)
    assert helped.in_process == "a worker process was lost"
    assert info.messages == [f"cjm: a worker process was lost: the remaining {len(work)} page "
                             "bodies render in this process"]


def test_a_stuck_worker_is_waited_for_a_bounded_time(one_thread, info):
    work = pages(in_worker=lambda n: time.sleep(600))
    start = time.perf_counter()
    helped = Prerender(work, 1, wait=0.5)
    try:
        got = [helped.get(page.src_uri) for page in work]
    finally:
        helped.close()
    assert time.perf_counter() - start < 10  # not 600 s: the stuck worker is stopped too
    assert [rendered_by(p) for p in got] == [PARENT] * len(work)
    assert info.messages == [f"cjm: no answer from a worker process in 0.5 s: the remaining "
                             f"{len(work)} page bodies render in this process"]


def test_a_page_that_fails_fails_in_the_build_process_with_its_own_error(one_thread):
    def render():
        raise ValueError("broken template")

    work = pages() + [GeneratedPage("bad.md", "Bad", "journey", render)]
    helped = Prerender(work, 1)
    try:
        with pytest.raises(ValueError, match="broken template"):
            helped.get("bad.md")
        assert helped.in_process is None  # the workers go on with the other pages
    finally:
        helped.close()


def test_charts_leave_pygal_as_they_found_it():
    # Another plugin drawing with pygal keeps lxml (a test dependency) after ours is imported
    # and has drawn; ours are the same bytes whichever pygal would use.
    from cjm_site.core.model import Journey, Stage, Touchpoint
    from cjm_site.core.scale import EmotionScale
    from cjm_site.render.charts.curve import emotion_curve

    etree = pygal.etree.etree
    assert etree.lxml is True
    journey = Journey("j", "J", "j.yml", [Stage("S", touchpoints=[Touchpoint("t", emotion=1)])])
    svg = emotion_curve(journey, EmotionScale(), "c")
    assert etree.lxml is True and etree._etree is etree._lxml_etree
    etree.to_etree()
    try:
        assert emotion_curve(journey, EmotionScale(), "c") == svg
        assert etree.lxml is False
    finally:
        etree.to_lxml()
