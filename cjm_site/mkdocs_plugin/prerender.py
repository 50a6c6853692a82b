"""Render generated pages in worker processes while the build goes on with other work.

Drawing charts (pygal) and rendering page text are pure Python and hold the interpreter
lock, so threads would not help; worker processes do. Once the handbook is loaded and
every page is planned, the workers are forked: they inherit the pages (nothing is
pickled on the way in) and send back HTML, in the order the site is built, while the build
process turns earlier pages into the site. A page not back yet when it is needed is waited
for; a page whose worker failed is rendered in the build process, so the output is the
same with or without workers.

Forking is only safe before a program starts threads, so the workers are used when the
platform forks and the process runs one thread (`mkdocs build`); otherwise (`mkdocs
serve`, Windows, macOS) pages render in the build process when first needed.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable

from cjm_site.mkdocs_plugin.search import set_aside
from cjm_site.render.site import GeneratedPage

# A body with what search skips set aside (search.py), what was set aside, the headings.
Prepared = tuple[str, list[str], list[tuple[int, str, str]]]

# Pages per task: small enough that the first pages are back at once, large enough that
# sending results is a small part of the work.
CHUNK = 16

# The pages of the current build, set before the workers fork (they read them from here).
_PAGES: dict[str, GeneratedPage] = {}


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and \
        threading.active_count() == 1


class Prerender:
    """The rendered body of each page, computed ahead by `workers` processes when possible."""

    def __init__(self, pages: Iterable[GeneratedPage], workers: int):
        self.pages = {page.src_uri: page for page in pages}
        self.futures: dict[str, Future] = {}
        self.executor: ProcessPoolExecutor | None = None
        self.workers = 0
        if workers < 1 or len(self.pages) <= CHUNK or not can_fork():
            return
        self.workers = workers
        _PAGES.clear()
        _PAGES.update(self.pages)
        self.executor = ProcessPoolExecutor(workers, multiprocessing.get_context("fork"))
        uris = list(self.pages)
        for start in range(0, len(uris), CHUNK):
            chunk = uris[start:start + CHUNK]
            future = self.executor.submit(_render_chunk, chunk)
            self.futures.update(dict.fromkeys(chunk, future))

    def get(self, src_uri: str) -> Prepared:
        future = self.futures.pop(src_uri, None)
        if future is not None:
            try:
                return future.result()[src_uri]
            except Exception:  # noqa: BLE001 - a lost worker: render here, same result
                pass
        return _prepare(self.pages[src_uri])

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        self.futures.clear()
        _PAGES.clear()


def _prepare(page: GeneratedPage) -> Prepared:
    body, toc = page.render()
    return (*set_aside(body), toc)


def _render_chunk(uris: list[str]) -> dict[str, Prepared]:
    return {uri: _prepare(_PAGES[uri]) for uri in uris}
