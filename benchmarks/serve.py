"""Edit to visible under `mkdocs serve`: save a journey file, poll the served page until the
change shows, for each kind of edit a researcher makes.

    python benchmarks/serve.py PROJECT [--dirty]     # a project written by run.py

The clock starts when the file is saved and stops when an HTTP request for the page first
returns the changed page, so it includes MkDocs noticing the change (its file watcher
polls every 0.5 s, then waits 0.1 s for more changes) and the whole rebuild.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

POLL = 0.02  # seconds between two requests for the page
TIMEOUT = 600.0  # the longest an edit may take to show, or a serve to start
_BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
_PLUGIN = re.compile(r"([\d.]+) s in this plugin's events")


@dataclass
class Edit:
    kind: str
    seconds: float  # from saving the file to the served page showing the change
    build_seconds: float  # the rebuild as MkDocs logs it
    plugin_seconds: float  # the plugin's share of it, as the plugin logs it


class Server:
    """`mkdocs serve` on a free port of this machine, its log read as it comes."""

    def __init__(self, project: Path, *args: str):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", *args],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.wait_for(lambda: self.fetch("") is not None, "the first build")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def builds(self) -> list[tuple[float, float]]:
        """(MkDocs' seconds, the plugin's seconds) of every build so far."""
        found, plugin = [], 0.0
        for line in list(self.lines):
            if match := _PLUGIN.search(line):
                plugin = float(match[1])
            if match := _BUILT.search(line):
                found.append((float(match[1]), plugin))
        return found

    def fetch(self, path: str) -> str | None:
        """The page's HTML, or None while it is not served (404, or not up yet)."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}",
                                        timeout=TIMEOUT) as response:
                return response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            return None

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.perf_counter() + TIMEOUT
        while not condition():
            if self.process.poll() is not None or time.perf_counter() > deadline:
                self.stop()
                raise SystemExit(f"mkdocs serve: no {what}:\n{''.join(self.lines[-30:])}")
            time.sleep(POLL)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def edits(journeys: Path, page: Callable[[str], str]) -> list[tuple[str, Callable[[], None],
                                                                     str, Callable[[str | None], bool]]]:
    """(kind, make the edit, page to poll, the page shows it) for each kind of edit, made on
    journeys in the middle of the handbook so that every edit touches a different one."""
    files = sorted(journeys.glob("journey-*.yml"))
    middle = len(files) // 2
    emotion, stage, title, deleted = (files[middle + k] for k in range(4))

    def replace(path: Path, old: str, new: str) -> Callable[[], None]:
        def edit() -> None:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return edit

    def append_stage() -> None:
        with stage.open("a", encoding="utf-8") as out:
            out.write('  - name: "Added stage"\n    goals:\n      - "Stage added by the benchmark"\n'
                      '    touchpoints:\n      - channel: "Web"\n        name: "Added touchpoint"\n'
                      '        emotion: 1\n')

    def new_journey() -> None:
        text = files[0].read_text(encoding="utf-8")
        (journeys / "benchmark-new.yml").write_text(
            re.sub(r'^title: .*$', 'title: "Journey added by the benchmark"', text, count=1,
                   flags=re.M), encoding="utf-8")

    def shows(text: str) -> Callable[[str | None], bool]:
        return lambda html: html is not None and text in html

    return [
        ("emotion changed", _set_first_emotion(emotion), page(emotion.stem), shows("emotion: 1.25 (")),
        ("stage added", append_stage, page(stage.stem), shows("Added stage")),
        ("title changed", replace(title, 'title: "', 'title: "Renamed '), page(title.stem),
         shows("<h1 id=\"" + title.stem + "\">Renamed ")),
        ("new journey", new_journey, page("benchmark-new"),
         shows("Journey added by the benchmark")),
        ("deleted journey", deleted.unlink, page(deleted.stem), lambda html: html is None),
    ]


def _set_first_emotion(path: Path) -> Callable[[], None]:
    def edit() -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"emotion: -?\d+", "emotion: 1.25", text, count=1),
                        encoding="utf-8")
    return edit


def measure(project: Path, *serve_args: str) -> list[Edit]:
    """Start `mkdocs serve` on the project, make each kind of edit, time each until visible."""
    server = Server(project, *serve_args)
    results = []
    try:
        page = lambda stem: f"journeys/{stem}/"  # noqa: E731
        for kind, edit, path, visible in edits(project / "journeys", page):
            done = len(server.builds())
            before = server.fetch(path)
            assert kind == "new journey" or before is not None, f"{path} is not served"
            assert not visible(before), f"{path} shows the {kind} edit before it is made"
            start = time.perf_counter()
            edit()
            server.wait_for(lambda: visible(server.fetch(path)), f"{kind} on {path}")
            seconds = time.perf_counter() - start
            server.wait_for(lambda: len(server.builds()) > done, "rebuild log")
            build, plugin = server.builds()[-1]
            results.append(Edit(kind, seconds, build, plugin))
            # Let the watcher settle, so that each edit starts from a served, idle site.
            time.sleep(1.0)
    finally:
        server.stop()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--dirty", action="store_true", help="mkdocs serve --dirty")
    args = parser.parse_args(argv)
    for edit in measure(args.project, *(["--dirty"] if args.dirty else [])):
        print(f"{edit.kind}: {edit.seconds:.2f} s (rebuild {edit.build_seconds:.2f} s, "
              f"plugin {edit.plugin_seconds:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
