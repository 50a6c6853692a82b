"""The cost of history from git: a handbook of N journeys in a repository of C commits,
built without history, with the defaults (History sections and the Recently changed
page) and with compare_with as well, in the same run.

    python benchmarks/history.py                     # N = 1000, C = 10,000
    python benchmarks/history.py --journeys 50 --commits 400

The repository is written with `git fast-import`: a first commit with the whole handbook,
then C - 1 commits that each change one emotion of one journey, one every 100 minutes
(about 700 days of history for 10,000 commits; the last 30 days hold about 430 of them).
`compare_with` names the commit halfway, where nearly every map differed from today's.
Each build runs `mkdocs build` in a subprocess (benchmarks/run.py); this process also
times reading the history alone (git calls, and loading the earlier revisions).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import run
from cjm_site.source.handbook import Settings, load_handbook
from cjm_site.source.history import Wanted, read_history

START = 1_700_000_000  # the first commit's time (2023-11-14), then one every STEP seconds
STEP = 6_000
# The plugin's options of each build, and what reading the history alone is asked.
VARIANTS = {
    "without history": ("  - cjm:\n      history_count: 0\n      recent_days: 0\n", None),
    "history (defaults)": ("  - cjm\n", Wanted()),
    "history and compare_with": ("  - cjm:\n      compare_with: middle\n",
                                 Wanted(compare_with="middle")),
}


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def write_repository(root: Path, n: int, commits: int) -> Path:
    """The synthetic handbook of run.py in a git repository of `commits` commits; the tag
    `middle` marks the commit halfway."""
    run.write_handbook(root, n)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    files = sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)
    stream = [b"commit refs/heads/main\nmark :1\n",
              b"committer Bench <bench@example.com> %d +0000\n" % START,
              _data("Import the handbook"),
              *(b"M 100644 inline %s\n%s" % (p.relative_to(root).as_posix().encode(),
                                             _data(p.read_text(encoding="utf-8")))
                for p in files)]
    for k in range(2, commits + 1):
        i, m = (k * 7919) % n, k // n  # a journey, spread over the handbook; its m-th change
        journey = run.journey_data(i, 8, 2)
        # Another stage each time, another score than the file's first: every commit
        # changes the file.
        stage = m % 8
        journey["stages"][stage]["touchpoints"][0]["emotion"] = (i + 3 * stage + 1 + m % 4) % 5 - 2
        path = f"journeys/journey-{i:05d}.yml"
        stream += [b"commit refs/heads/main\nmark :%d\n" % k,
                   b"committer Bench <bench@example.com> %d +0000\n" % (START + k * STEP),
                   _data(f"Rescore stage {stage + 1} of journey {i}"), b"from :%d\n" % (k - 1),
                   b"M 100644 inline %s\n%s" % (path.encode(), _data(run.to_yaml(journey)))]
        if k == commits // 2:
            stream.append(b"reset refs/tags/middle\nfrom :%d\n" % k)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream),
                   check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)
    return root


def configure(root: Path, plugin: str) -> None:
    text = run.PLUGIN_CONFIG.replace("  - cjm\n", plugin)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")


@dataclass
class Variant:
    name: str
    build: run.Build
    history_pages: int  # journey pages with a History section
    # Reading the history alone, in this process: processor time, its own and git's.
    history_seconds: float | None


@dataclass
class Result:
    n: int
    commits: int
    setup: float
    variants: list[Variant]


def measure(n: int, commits: int, workdir: Path) -> Result:
    start = time.perf_counter()
    root = write_repository(workdir / f"history-{n}", n, commits)
    setup = time.perf_counter() - start
    settings = Settings.from_project(root)
    variants = []
    for name, (plugin, wanted) in VARIANTS.items():
        configure(root, plugin)
        build = run.build(root)
        pages = sum('<h2 id="history">' in p.read_text(encoding="utf-8")
                    for p in (root / "site" / "journeys").glob("journey-*/index.html"))
        seconds = None
        if wanted is not None:
            cache: dict = {}
            handbook = load_handbook(settings, cache)
            start = _cpu()
            read_history(settings, handbook, wanted, cache)
            seconds = _cpu() - start
        variants.append(Variant(name, build, pages, seconds))
    return Result(n, commits, setup, variants)


def _cpu() -> float:
    """Processor time of this process and the processes it waited for (git)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def report(r: Result) -> str:
    base = r.variants[0].build
    lines = ["| build | N | commits | build s (wall) | build CPU s | CPU vs without history "
             "| plugin in build process s | history alone CPU s | pages with History |",
             "|---|---|---|---|---|---|---|---|---|"]
    for v in r.variants:
        alone = "—" if v.history_seconds is None else f"{v.history_seconds:.1f}"
        lines.append(f"| {v.name} | {r.n} | {r.commits} | {v.build.seconds:.1f} "
                     f"| {v.build.cpu_seconds:.1f} | {v.build.cpu_seconds / base.cpu_seconds:.2f}x "
                     f"| {v.build.plugin_seconds or 0:.1f} | {alone} "
                     f"| {v.history_pages} of {r.n} |")
    lines += ["", f"- repository written in {r.setup:.1f} s"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build here and keep the project")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cjm-history-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"N={args.journeys}, {args.commits} commits ...", file=sys.stderr, flush=True)
        print(report(measure(args.journeys, args.commits, workdir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
