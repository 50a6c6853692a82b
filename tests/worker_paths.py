"""Each way page bodies can render, run in a process of its own by test_workers.py.

Forking is only tried where no other thread runs, as in `mkdocs build`; the test process
runs the browser tests' threads, so the ways that fork are exercised here and the
observations printed as JSON.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait

from cjm_site.mkdocs_plugin import prerender
from cjm_site.mkdocs_plugin.prerender import CHUNK, Prerender
from cjm_site.render.site import GeneratedPage

PARENT = os.getpid()
messages: list[str] = []


class Keep(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        messages.append(record.getMessage())


def pages(in_worker=None, count: int = CHUNK + 4) -> list[GeneratedPage]:
    """Pages whose body names the process that rendered it; `in_worker` runs first there."""
    def render(n: int):
        if in_worker is not None and os.getpid() != PARENT:
            in_worker()
        if n == count:
            raise ValueError("broken template")
        return f"<p>page {n} by {os.getpid()}</p>", [(2, f"h{n}", f"Heading {n}")]

    return [GeneratedPage(f"p{n}.md", f"Page {n}", "journey", lambda n=n: render(n))
            for n in range(count + (in_worker is None))]


def run(work: list[GeneratedPage], **options) -> dict:
    messages.clear()
    start = time.perf_counter()
    prerender = Prerender(work, 1, **options)
    seen = {"path": prerender.path, "workers": prerender.workers}
    bodies = []
    try:
        for page in work:
            try:
                bodies.append(prerender.get(page.src_uri))
            except ValueError as error:
                bodies.append(str(error))
                seen["failing page left the workers on"] = prerender.executor is not None
    finally:
        prerender.close()
    seen["seconds"] = time.perf_counter() - start
    seen["in_process"] = prerender.in_process
    seen["log"] = list(messages)
    seen["by this process"] = [f" by {PARENT}<" in body[0] for body in bodies
                               if isinstance(body, tuple)]
    # What a worker sent is what this process renders (but for the process id).
    seen["same"] = all(
        body == "broken template" or
        (body[0].replace(body[0].split(" by ")[1].split("<")[0], str(PARENT)),
         body[1], body[2]) == (page.render()[0], [], page.render()[1])
        for page, body in zip(work, bodies))
    return seen


class SlowHandout(ProcessPoolExecutor):
    """Hands out a task only once the one before is over: a worker that dies on its first
    task has broken the pool before the next is handed out (a race, made certain)."""

    last = None

    def submit(self, fn, /, *args, **kwargs):
        if self.last is not None:
            wait([self.last])
        self.last = super().submit(fn, *args, **kwargs)
        return self.last


def lost_while_handing_out() -> dict:
    prerender.ProcessPoolExecutor = SlowHandout
    try:
        return run(pages(lambda: os._exit(3)))
    finally:
        prerender.ProcessPoolExecutor = ProcessPoolExecutor


def main() -> None:
    logger = logging.getLogger("mkdocs.plugins.cjm")
    logger.addHandler(Keep())
    logger.setLevel(logging.INFO)
    found = {"workers": run(pages()),
             "lost": run(pages(lambda: os._exit(3))),
             "lost while handing out": lost_while_handing_out(),
             "stuck": run(pages(lambda: time.sleep(600)), wait=0.5)}
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="watcher-of-another-plugin")
    thread.start()
    try:
        found["thread"] = run(pages())
    finally:
        stop.set()
        thread.join()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
