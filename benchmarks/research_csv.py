"""Time reading research data: a survey CSV of 100,000 answers and its analytics file.

    python benchmarks/research_csv.py                # 100,000 rows, best of 5
    python benchmarks/research_csv.py --rows 1000000 --repeat 3

Prints the time to read and check the survey file (csv module, every row validated), to
compute the measured emotions and KPIs from it, and to load the whole handbook that names
it (what `mkdocs build` and `cjm validate` do), best of --repeat runs.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from cjm_site.source import research
from cjm_site.core.scale import EmotionScale
from cjm_site.source.handbook import Settings, load_handbook

STAGES = ("Awareness", "Consideration", "Purchase", "Onboarding", "Renewal")
TOUCHPOINTS = ("Web", "E-mail", "Call")
JOURNEY = "title: Benchmark\ndata:\n  survey: data/survey.csv\n  scale: 0..10\n" \
          "  analytics: data/funnel.csv\nstages:\n" + "".join(
              f"  - name: {s}\n    touchpoints:\n" + "".join(
                  f"      - {{channel: {t}, name: {s} {t}}}\n" for t in TOUCHPOINTS)
              for s in STAGES)


def survey_csv(rows: int) -> str:
    rng = random.Random(1)
    lines = ["respondent,date,stage,touchpoint,score,comment"]
    for i in range(rows):
        stage = STAGES[i % len(STAGES)]
        tp = f"{stage} {TOUCHPOINTS[i % 3]}" if i % 2 else ""
        comment = '"Slow, then fine"' if i % 10 == 0 else ""
        lines.append(f"r{i},2026-10-{1 + i % 28:02d},{stage},{tp},{rng.randint(0, 10)},"
                     f"{comment}")
    return "\n".join(lines) + "\n"


def best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "journeys/data").mkdir(parents=True)
        (root / "journeys/bench.yml").write_text(JOURNEY)
        raw = survey_csv(args.rows).encode()
        (root / "journeys/data/survey.csv").write_bytes(raw)
        (root / "journeys/data/funnel.csv").write_text(
            "stage,count\n" + "".join(f"{s},{1000 - 100 * i}\n" for i, s in enumerate(STAGES)))
        settings = Settings.from_project(root)
        handbook = load_handbook(settings)
        assert not handbook.errors, handbook.errors[:3]
        journey = handbook.journeys["bench"]
        scale = EmotionScale()
        survey, _ = research.read("survey", raw, "survey.csv", journey, scale)
        read_s = best(args.repeat, lambda: research.read("survey", raw, "survey.csv",
                                                         journey, scale))
        apply_s = best(args.repeat, lambda: research.apply_survey(journey, survey, scale, 30))
        load_s = best(args.repeat, lambda: load_handbook(settings))
    print(f"survey rows: {args.rows:,} ({len(raw) / 1e6:.1f} MB), best of {args.repeat}")
    print(f"  read and check the CSV      {read_s * 1000:8.1f} ms")
    print(f"  measured emotions and KPIs  {apply_s * 1000:8.1f} ms")
    print(f"  whole handbook load         {load_s * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
