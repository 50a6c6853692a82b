"""The `cjm` command: the same loading and validation as the plugin, for CI and editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .handbook import Settings, load_handbook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cjm", description="Customer journey maps as code.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every journey and persona file")
    validate.add_argument("path", nargs="?", default="journeys",
                          help="the journeys folder (default: journeys)")
    args = parser.parse_args(argv)
    folder = Path(args.path)
    handbook = load_handbook(Settings.from_project(Path.cwd(), str(folder)))
    for problem in handbook.problems:
        print(problem)
    errors = len(handbook.errors)
    print(f"{len(handbook.journeys)} journeys, {len(handbook.personas)} personas: "
          f"{errors} errors, {len(handbook.problems) - errors} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
