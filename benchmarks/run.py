"""Build synthetic handbooks of N journeys, with the plugin and as hand-written pages.

    python benchmarks/run.py                 # N = 200, 1000, 5000 (several minutes)
    python benchmarks/run.py --quick         # N = 20, 100 (seconds)
    python benchmarks/run.py --sizes 200 1000 10000   # and edit to visible at N=1000
    python benchmarks/run.py --sizes 300 --keep out/

For every N it writes a handbook (8 stages of 2 touchpoints per journey, one persona per
10 journeys) into a temporary folder, runs `mkdocs build` in a subprocess (wall time, peak
memory of that process and its workers, and the time the build process spent in the
plugin's events, which the plugin logs), times the plugin's whole work again in this
process, on one core (loading + validation, charts, page text), and builds the same
journeys written as plain Markdown pages in one flat folder with the same theme: the
baseline a team would otherwise have. At N=1000 (`--serve`) it then starts `mkdocs serve
--dirty` on the handbook and times each kind of edit until the served page shows it
(serve.py). It prints the tables and the ratios the performance targets are about.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import Edit, measure as measure_serve  # noqa: E402

from cjm_site.render.charts.map_curve import map_curve
from cjm_site.source.handbook import Settings, load_handbook
from cjm_site.render.build import PageOptions, build_pages

DEFAULT_SIZES = (200, 1000, 5000)
QUICK_SIZES = (20, 100)
# The journey whose page size is compared across N (present for every N >= 1).
PROBE = "journey-00000"

# The theme features docs/performance.md recommends for large handbooks.
THEME = """\
theme:
  name: material
  features:
    - navigation.indexes
    - navigation.prune
"""
PLUGIN_CONFIG = "site_name: Benchmark handbook\n" + THEME + "plugins:\n  - search\n  - cjm\n"
BASELINE_CONFIG = ("site_name: Benchmark handbook\n" + THEME + "plugins:\n  - search\n"
                   "markdown_extensions:\n  - tables\n")

# One word per letter, so that titles spread over the alphabet as real ones do.
WORDS = ("Account", "Billing", "Claim", "Delivery", "Enrolment", "Feedback", "Gift",
         "Holiday", "Insurance", "Job", "Kiosk", "Loan", "Mortgage", "Newsletter", "Order",
         "Payment", "Quote", "Refund", "Subscription", "Trial", "Upgrade", "Visit",
         "Warranty", "Xmas", "Youth", "Zone")
STAGES = ("Awareness", "Consideration", "Decision", "Purchase", "Onboarding", "Use",
          "Support", "Loyalty", "Renewal", "Advocacy")
CHANNELS = ("Web", "App", "E-mail", "Store", "Call centre", "Chat", "Social media", "Friend")
LANES = ("goals", "actions", "touchpoints", "thoughts", "barriers", "solutions", "kpis")


# -- synthetic content -----------------------------------------------------------------

def journey_data(i: int, stages: int, touchpoints: int) -> dict:
    word = WORDS[i % len(WORDS)]
    return {
        "title": f"{word} journey {i:05d}",
        "persona": f"persona-{i // 10:04d}",
        "status": "current",
        "owner": f"{word} team",
        "reviewed": "2026-01-15",
        "tags": [word.lower(), f"wave-{i % 7}"],
        "description": (f"How customers go through {word.lower()} number {i}. Interviews "
                        "(n=12) and analytics back every stage; see **barriers** below."),
        "stages": [{
            "name": STAGES[s % len(STAGES)] + (f" {s + 1}" if s >= len(STAGES) else ""),
            "goals": [f"Get {word.lower()} step {s + 1} done quickly"],
            "actions": [f"Compares options for step {s + 1}", "Asks a colleague"],
            "touchpoints": [{
                "channel": CHANNELS[(i + s + t) % len(CHANNELS)],
                "name": f"{word} touchpoint {s + 1}.{t + 1}",
                "emotion": ((i + 3 * s + t) % 5) - 2,
            } for t in range(touchpoints)],
            "thoughts": [f"Is step {s + 1} worth the effort?"],
            "barriers": [f"Step {s + 1} asks for the same data twice"],
            "solutions": [f"Prefill step {s + 1} from the account"],
            "kpis": [{"name": f"Completion {s + 1}", "value": 60 + (i + s) % 30,
                      "target": 90, "unit": "%"}],
        } for s in range(stages)],
    }


def persona_data(k: int) -> dict:
    return {"name": f"Persona {k:04d}", "summary": f"Customer segment number {k}.",
            "goals": ["Save time"], "challenges": ["Little time"]}


def to_yaml(value, indent: str = "") -> str:
    """Block YAML for dicts, lists and scalars (strings double-quoted, as JSON writes them)."""
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{indent}{key}:\n{to_yaml(item, indent + '  ')}")
            else:
                lines.append(f"{indent}{key}: {json.dumps(item)}\n")
        return "".join(lines)
    lines = []
    for item in value:
        if isinstance(item, dict):
            body = to_yaml(item, indent + "  ")
            lines.append(f"{indent}- {body[len(indent) + 2:]}")
        else:
            lines.append(f"{indent}- {json.dumps(item)}\n")
    return "".join(lines)


def write_handbook(root: Path, n: int, stages: int = 8, touchpoints: int = 2) -> Path:
    """A project using the plugin: journeys/*.yml and journeys/personas/*.yml."""
    personas = root / "journeys" / "personas"
    personas.mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(PLUGIN_CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Benchmark handbook\n", encoding="utf-8")
    for i in range(n):
        (root / "journeys" / f"journey-{i:05d}.yml").write_text(
            to_yaml(journey_data(i, stages, touchpoints)), encoding="utf-8")
    for k in range(persona_count(n)):
        (personas / f"persona-{k:04d}.yml").write_text(to_yaml(persona_data(k)),
                                                       encoding="utf-8")
    return root


def write_baseline(root: Path, n: int, stages: int = 8, touchpoints: int = 2) -> Path:
    """The same journeys as hand-written Markdown pages in one flat folder, no plugin."""
    folder = root / "docs" / "journeys"
    folder.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Benchmark handbook\n", encoding="utf-8")
    for i in range(n):
        (folder / f"journey-{i:05d}.md").write_text(
            markdown_page(journey_data(i, stages, touchpoints)), encoding="utf-8")
    return root


def markdown_page(journey: dict) -> str:
    """A journey map as a team would write it by hand: metadata, a stage grid, narrative."""
    stages = journey["stages"]

    def cell(stage: dict, lane: str) -> str:
        if lane == "touchpoints":
            return "<br>".join(f"{t['name']} ({t['channel']}, {t['emotion']:+d})"
                               for t in stage[lane])
        if lane == "kpis":
            return "<br>".join(f"{k['name']}: {k['value']} {k['unit']} (target {k['target']})"
                               for k in stage[lane])
        return "<br>".join(stage[lane])

    rows = [" | ".join(["", *(s["name"] for s in stages)]),
            " | ".join(["---"] * (len(stages) + 1))]
    rows += [" | ".join([f"**{lane.capitalize()}**", *(cell(s, lane) for s in stages)])
             for lane in LANES]
    return (f"# {journey['title']}\n\n"
            f"- **Persona:** {journey['persona']}\n- **Status:** {journey['status']}\n"
            f"- **Owner:** {journey['owner']}\n- **Last review:** {journey['reviewed']}\n\n"
            "## Stages\n\n" + "\n".join(f"| {row} |" for row in rows) + "\n\n"
            f"## About this journey\n\n{journey['description']}\n")


def persona_count(n: int) -> int:
    return max(1, (n + 9) // 10)


# -- measurements ----------------------------------------------------------------------

@dataclass
class Build:
    seconds: float
    peak_mb: float
    pages: int
    journey_pages: int
    probe_bytes: int
    largest_bytes: int
    largest_page: str
    plugin_seconds: float | None  # in the build process, as the plugin logs it
    workers: int
    # Processor time of the build and the processes it waited for (workers, git): steadier
    # than wall time on a machine busy with other work.
    cpu_seconds: float = 0.0


# The plugin's summary line: "... made 1298 pages; 1.7 s in this plugin's events, bodies
# rendered by 1 worker process".
_SUMMARY = re.compile(r"([\d.]+) s in this plugin's events(?:, bodies rendered by (\d+))?")


def build(project: Path) -> Build:
    """`mkdocs build` in a subprocess: wall time, peak RSS (the largest of the process and
    its workers), what it wrote, and the plugin's own time in the build process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-d", "site"],
                               cwd=project, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"mkdocs build failed in {project}:\n{output}")
    site = project / "site"
    pages = {p: p.stat().st_size for p in site.rglob("*.html") if p.name != "404.html"}
    largest = max(pages, key=pages.get)
    summary = _SUMMARY.search(output)
    return Build(seconds, usage.ru_maxrss / 1024, len(pages),
                 len(list((site / "journeys").glob("journey-*/index.html"))),
                 pages[site / "journeys" / PROBE / "index.html"],
                 pages[largest], largest.relative_to(site).as_posix(),
                 float(summary[1]) if summary else None,
                 int(summary[2] or 0) if summary else 0, usage.ru_utime + usage.ru_stime)


@dataclass
class PluginWork:
    load: float
    charts: float
    pages: float

    @property
    def total(self) -> float:
        return self.load + self.pages


def plugin_work(project: Path) -> PluginWork:
    """The core work of one build, timed in this process on the same files, on one core.

    `pages` includes drawing the charts; `charts` times drawing them on their own.
    """
    start = time.perf_counter()
    handbook = load_handbook(Settings.from_project(project))
    loaded = time.perf_counter()
    options = PageOptions()
    for journey in handbook.journeys.values():
        map_curve(journey, options.scale)
    charted = time.perf_counter()
    for page in build_pages(handbook, options):
        page.rendered  # noqa: B018 - bodies render on first use
    return PluginWork(loaded - start, charted - loaded, time.perf_counter() - charted)


@dataclass
class Row:
    n: int
    plugin: Build
    baseline: Build | None
    work: PluginWork


def measure(n: int, workdir: Path, baseline_max: int) -> Row:
    plugin = build(write_handbook(workdir / f"plugin-{n}", n))
    work = plugin_work(workdir / f"plugin-{n}")
    # The flat baseline grows as N^2 (about half an hour at N=5000): only up to baseline_max.
    baseline = build(write_baseline(workdir / f"baseline-{n}", n)) if n <= baseline_max else None
    return Row(n, plugin, baseline, work)


# -- report ----------------------------------------------------------------------------

def _share(build: Build) -> str:
    return f"{100 * build.plugin_seconds / build.seconds:.0f}%" if build.plugin_seconds else "—"


def report(rows: list[Row]) -> str:
    head = ("| N | plugin build s | ms/journey | CPU ms/journey | peak MB | journey page KB "
            "| largest page KB "
            "| plugin in build process s (share) | workers "
            "| plugin work on one core s (load / charts / pages) | baseline build s "
            "| baseline ms/page | baseline page KB | baseline peak MB |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        p, b, w = r.plugin, r.baseline, r.work
        flat = (f"{b.seconds:.1f} | {1000 * b.seconds / r.n:.1f} | {b.probe_bytes / 1024:.1f} "
                f"| {b.peak_mb:.0f}" if b else "— | — | — | —")
        lines.append(
            f"| {r.n} | {p.seconds:.1f} | {1000 * p.seconds / r.n:.1f} "
            f"| {1000 * p.cpu_seconds / r.n:.1f} | {p.peak_mb:.0f} "
            f"| {p.probe_bytes / 1024:.1f} | {p.largest_bytes / 1024:.0f} ({p.largest_page}) "
            f"| {p.plugin_seconds or 0:.1f} ({_share(p)}) | {p.workers} "
            f"| {w.total:.1f} ({w.load:.1f} / {w.charts:.1f} / {w.pages:.1f}) | {flat} |")
    lines.append("")
    lines += ratios(rows)
    return "\n".join(lines)


def ratios(rows: list[Row]) -> list[str]:
    small, large = rows[0], rows[-1]
    middle = next((r for r in rows if r.n == 1000),
                  max((r for r in rows if r.baseline), key=lambda r: r.n, default=small))
    per = [r.plugin.seconds / r.n for r in (small, large)]
    cpu = [r.plugin.cpu_seconds / r.n for r in (small, large)]
    return [
        f"- time per journey, N={large.n} vs N={small.n}: {per[1] / per[0]:.2f}x (target <= 1.3)",
        # Steadier than wall time when other work shares the machine.
        f"- processor time per journey, N={large.n} vs N={small.n}: {cpu[1] / cpu[0]:.2f}x",
        f"- journey page size, N={large.n} vs N={small.n}: "
        f"{large.plugin.probe_bytes / small.plugin.probe_bytes:.3f}x (target within 10%)",
        f"- plugin build vs flat hand-written baseline at N={middle.n}: "
        + (f"{middle.plugin.seconds / middle.baseline.seconds:.2f}x (target <= 0.5)"
           if middle.baseline else "not measured"),
        f"- plugin's own work at N={middle.n}: {_share(middle.plugin)} of build time in the build "
        f"process (target < 25%); estimated with no worker process: "
        f"{100 * middle.work.total / (middle.plugin.seconds - (middle.plugin.plugin_seconds or 0) + middle.work.total):.0f}%",
        f"- chart time per journey: {1000 * middle.work.charts / middle.n:.1f} ms",
        f"- peak memory at N={large.n}: {large.plugin.peak_mb:.0f} MB (target < 1536)",
        f"- largest page at N={large.n}: {large.plugin.largest_bytes / 1024:.0f} KB "
        f"({large.plugin.largest_page}; target < 1024)",
    ]


def serve_report(n: int, edits: list[Edit], build: Build) -> str:
    """Edit to visible under `mkdocs serve --dirty`, against a full build of the same N."""
    head = (f"Edit to visible under `mkdocs serve --dirty` at N={n} (full `mkdocs build` of "
            f"the same handbook: {build.seconds:.1f} s)\n\n"
            "| edit | saved to served s | rebuild s (MkDocs) | plugin s | vs full build |\n"
            "|---|---|---|---|---|")
    lines = [head] + [f"| {e.kind} | {e.seconds:.2f} | {e.build_seconds:.2f} | "
                      f"{e.plugin_seconds:.2f} | {e.seconds / build.seconds:.2f}x |" for e in edits]
    worst = max(edits, key=lambda e: e.seconds)
    lines.append(f"\n- slowest edit to visible at N={n}: {worst.seconds:.2f} s ({worst.kind}; "
                 "target < 2, aim < 1)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"N = {QUICK_SIZES}")
    parser.add_argument("--sizes", type=int, nargs="+", help="the values of N")
    parser.add_argument("--keep", type=Path, help="build here and keep the projects")
    parser.add_argument("--baseline-max", type=int, default=1000,
                        help="build the hand-written baseline only up to this N")
    parser.add_argument("--serve", type=int, default=1000,
                        help="time edits under mkdocs serve at this N, if it is one of the "
                             "sizes (0: never)")
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    with tempfile.TemporaryDirectory(prefix="cjm-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows, served = [], ""
        for n in sizes:
            print(f"building N={n} ...", file=sys.stderr, flush=True)
            rows.append(measure(n, workdir, args.baseline_max))
            if n == args.serve:
                print(f"serving N={n} ...", file=sys.stderr, flush=True)
                edits = measure_serve(workdir / f"plugin-{n}", "--dirty")
                served = serve_report(n, edits, rows[-1].plugin)
        print(report(rows))
        if served:
            print("\n" + served)
    return 0


if __name__ == "__main__":
    sys.exit(main())
