"""Render generated pages in worker processes while the build goes on with other work.

Drawing charts (pygal) and rendering page text are pure Python and hold the interpreter
lock, so threads would not help; worker processes do. Once the handbook is loaded and
every page is planned, the workers are forked: they inherit the pages (nothing is
pickled on the way in) and send back HTML, in the order the site is built, while the build
process turns earlier pages into the site. A page not back yet when it is needed is waited
for, at most WAIT seconds; a page whose worker failed or did not answer is rendered in the
build process, and so is every later page: the output is the same with or without workers.

Workers are forked only where fork is the platform's own way to start processes and is
safe: Linux, in a process that runs one thread (`mkdocs build`). Elsewhere (macOS, Windows)
a worker would start by spawn: it would import the renderer and be sent the whole handbook
before its first page, and every Markdown option of the site would have to be picklable;
there pages render in the build process. Which way a build went, and why, is logged.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable

from mkdocs.plugins import get_plugin_logger

from cjm_site.mkdocs_plugin.search import set_aside
from cjm_site.render.site import GeneratedPage
from cjm_site.core.words import count

log = get_plugin_logger("cjm")

# A body with what search skips set aside (search.py), what was set aside, the headings.
Prepared = tuple[str, list[str], list[tuple[int, str, str]]]

# Pages per task: small enough that the first pages are back at once, large enough that
# sending results is a small part of the work.
CHUNK = 16
# Seconds the build waits for one task (CHUNK pages) before rendering the page itself. A
# task takes well under a second; a hostile file costs seconds at most.
WAIT = 60.0

# The pages of the current build, set before the workers fork (they read them from here).
_PAGES: dict[str, GeneratedPage] = {}


def why_not_fork(workers: int, pages: int) -> str | None:
    """Why bodies cannot render in forked worker processes here, or None when they can."""
    if workers < 1:
        return "concurrency is 0"
    if pages <= CHUNK:
        return f"{count(pages, 'page')} {'is' if pages == 1 else 'are'} too few to share"
    if not sys.platform.startswith("linux") or \
            "fork" not in multiprocessing.get_all_start_methods():
        return f"on {sys.platform} worker processes start by spawn, not fork"
    others = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    if others:
        return f"other threads are running ({', '.join(sorted(others))}), so forking is unsafe"
    return None


class Prerender:
    """The rendered body of each page, computed ahead by `workers` processes when possible.

    `in_process` says why pages render in the build process instead (None: they don't);
    `path` says, in words, which way this build went.
    """

    def __init__(self, pages: Iterable[GeneratedPage], workers: int,
                 in_process: str | None = None, wait: float = WAIT,
                 prepare: Callable[[GeneratedPage], Prepared] | None = None):
        self.pages = {page.src_uri: page for page in pages}
        self.futures: dict[str, Future] = {}
        self.executor: ProcessPoolExecutor | None = None
        self.workers = 0
        self.wait = wait
        self.prepare = prepare or prepare_page  # in the build process (the memo of serve)
        self.in_process = in_process or why_not_fork(workers, len(self.pages))
        if self.in_process:
            return
        self.workers = workers
        _PAGES.clear()
        _PAGES.update(self.pages)
        self.executor = ProcessPoolExecutor(workers, multiprocessing.get_context("fork"))
        uris = list(self.pages)
        try:
            for start in range(0, len(uris), CHUNK):
                chunk = uris[start:start + CHUNK]
                future = self.executor.submit(_render_chunk, chunk)
                self.futures.update(dict.fromkeys(chunk, future))
        except BrokenProcessPool:
            # A worker died before every task was handed out: no page is taken yet.
            self._give_up("a worker process was lost", len(uris))

    @property
    def path(self) -> str:
        if self.workers and not self.in_process:
            return (f"page bodies render in "
                    f"{count(self.workers, 'worker process', 'worker processes')} (fork)")
        return f"page bodies render in this process: {self.in_process}"

    def get(self, src_uri: str) -> Prepared:
        future = self.futures.pop(src_uri, None)
        if future is not None:
            try:
                return future.result(timeout=self.wait)[src_uri]
            except FutureTimeout:
                self._give_up(f"no answer from a worker process in {self.wait:g} s",
                              len(self.futures) + 1)
            except BrokenProcessPool:
                self._give_up("a worker process was lost", len(self.futures) + 1)
            except Exception:  # noqa: BLE001 - the page fails here too, with its own traceback
                pass
        return self.prepare(self.pages[src_uri])

    def _give_up(self, why: str, remaining: int) -> None:
        """Render the `remaining` pages here; stop the workers, even a stuck one."""
        self.in_process = why
        log.info(f"{why}: the remaining {remaining} page bodies render in this process")
        self.close(stop=True)

    def close(self, stop: bool = False) -> None:
        """Shut the workers down; `stop`: without letting them finish what they are doing."""
        if self.executor is not None:
            if stop:
                for process in list(getattr(self.executor, "_processes", {}).values()):
                    process.terminate()
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        self.futures.clear()
        _PAGES.clear()


def prepare_page(page: GeneratedPage) -> Prepared:
    body, toc = page.render()
    return (*set_aside(body), toc)


def _render_chunk(uris: list[str]) -> dict[str, Prepared]:
    return {uri: prepare_page(_PAGES[uri]) for uri in uris}
