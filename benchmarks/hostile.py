"""Time hostile files against valid files of the same size, in the same run.

    python benchmarks/hostile.py               # 1,000,000 survey rows, best of 3
    python benchmarks/hostile.py --rows 100000 --repeat 1

Each line: the hostile input, the valid input it is measured against, both times (loading
the handbook, and for narratives rendering the page too) and their ratio. A ratio near 1
means the hostile file costs what its size warrants.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cjm_site.render.build import build_pages
from cjm_site.render.site import PageOptions
from cjm_site.source.handbook import Settings, load_handbook

STAGES = ("Awareness", "Consideration", "Purchase")
JOURNEY = ("title: Benchmark\ndata: {survey: survey.csv, scale: 0..10}\nstages:\n"
           + "".join(f"  - name: {s}\n    emotion: 1\n" for s in STAGES))


def survey(rows: int, stage: str | None) -> str:
    """`rows` answers, every one naming `stage` (a misspelling), or the journey's stages."""
    return "stage,score\n" + "".join(f"{stage or STAGES[i % 3]},{i % 11}\n" for i in range(rows))


def narrative(body: str) -> str:
    return f"---\ntitle: Benchmark\nstages:\n  - name: A\n    emotion: 1\n---\n{body}\n"


def big_yaml(empty_flow_value: bool) -> str:
    """A journey of about 2 MB; one touchpoint written `{name: x, channel: }` or not."""
    stages = "".join(f"  - name: Stage {n}\n    goals: [{'Reach the goal quickly ' * 4}]\n"
                     f"    touchpoints:\n      - {{name: T{n}, channel: Web, emotion: 1}}\n"
                     for n in range(10_500))
    last = "      - {name: Last, channel: }\n" if empty_flow_value else \
        "      - {name: Last, channel: Web}\n"
    return f"title: Benchmark\nstages:\n{stages}{last}"


def timed(files: dict[str, str], render: bool, repeat: int) -> float:
    best = float("inf")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        for _ in range(repeat):
            start = time.perf_counter()
            handbook = load_handbook(Settings.from_project(root))
            if render:
                for page in build_pages(handbook, PageOptions()):
                    page.html
            best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = [
        (f"survey, {args.rows:,} rows naming a misspelled stage",
         {"journeys/a.yml": JOURNEY, "journeys/survey.csv": survey(args.rows, "Awarenes")},
         f"survey, {args.rows:,} valid rows",
         {"journeys/a.yml": JOURNEY, "journeys/survey.csv": survey(args.rows, None)}, False),
        ("narrative, 12 KB of '['", {"journeys/a.md": narrative("[" * 12_000)},
         "narrative, 12 KB of text and links",
         {"journeys/a.md": narrative("See [the report](https://x.example) now. " * 300)},
         True),
        ("journey of 2 MB with one empty flow value", {"journeys/a.yml": big_yaml(True)},
         "journey of 2 MB without", {"journeys/a.yml": big_yaml(False)}, False),
    ]
    for hostile_name, hostile, valid_name, valid, render in cases:
        good = timed(valid, render, args.repeat)  # first: it pays for the imports
        bad = timed(hostile, render, args.repeat)
        print(f"{hostile_name}: {bad:.2f} s; {valid_name}: {good:.2f} s; "
              f"ratio {bad / good:.1f}")


if __name__ == "__main__":
    main()
