"""The plugin's options (under `plugins: - cjm:`): one table read by the MkDocs adapter, the
CLI and the configuration guide, so `mkdocs build` and `cjm validate` read a handbook alike
and neither needs the other's machinery."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable

from cjm_site.core.problems import did_you_mean
from cjm_site.core.scale import scale_from_option
from cjm_site.core.schema import site_lanes

_WHAT = {bool: "true or false", int: "a whole number", str: "text"}


@dataclass(frozen=True)
class Option:
    name: str
    kind: type
    default: Any
    doc: str
    optional: bool = False  # may be left empty (null)
    # Turns a written value into the one the code uses; raises ValueError saying what to write.
    convert: Callable[[Any], Any] | None = None

    def read(self, value: Any) -> Any:
        if self.convert is not None:
            return self.convert(value)
        if value is None and self.optional:
            return None
        # YAML's true is an int to Python: a count must not be `true`, a flag not `1`.
        if not isinstance(value, self.kind) or (self.kind is int and isinstance(value, bool)):
            shown = "nothing" if value is None else repr(value)
            raise ValueError(f"expected {_WHAT[self.kind]}, got {shown}")
        if self.kind is int and value < 0:
            raise ValueError(f"expected a whole number of 0 or more, got {value}")
        return value


def default_workers() -> int:
    """One core for the build process, the others for rendering page bodies."""
    return max(0, (os.cpu_count() or 1) - 1)


# What a generated page shows of its file's problems (page_problems).
PAGE_PROBLEMS = ("errors", "all")


def _page_problems(value: Any) -> str:
    if value not in PAGE_PROBLEMS:
        raise ValueError(f"expected {' or '.join(PAGE_PROBLEMS)}, got {value!r}")
    return value


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of extension names, got {value!r}")
    return value


OPTIONS: tuple[Option, ...] = (
    Option("enabled", bool, True, "Turn the plugin off without removing it."),
    Option("journeys_dir", str, "journeys",
           "Folder of journey files, relative to the folder of mkdocs.yml."),
    Option("personas_dir", str, "personas", "Folder of persona files, inside journeys_dir."),
    Option("journeys_url", str, "journeys", "Where journey pages go in the site."),
    Option("personas_url", str, "personas", "Where persona pages go in the site."),
    Option("nav_group_size", int, 30,
           "Beyond this many journeys (personas), the navigation lists letter pages."),
    Option("allow_html", bool, False,
           "Keep raw HTML in narratives (only for handbooks whose contributors you trust)."),
    Option("trusted_extensions", list, [],
           "Markdown extensions of the site that narratives may use beyond the known-safe "
           "ones (only for handbooks whose contributors you trust).", convert=_names),
    Option("lints_as_warnings", bool, False,
           "Log content advice as warnings (which fail `mkdocs build --strict`)."),
    Option("page_problems", str, "errors",
           "What a journey or persona page shows of its file's problems: errors (which "
           "fail the build, so readers never see them) or all (content advice too).",
           convert=_page_problems),
    Option("review_every", int, None, "Days between reviews of maps that set none.",
           optional=True),
    Option("min_n", int, 30, "Survey answers below this many per stage are weak evidence."),
    Option("emotion_scale", dict, None, "The emotion range and its words (default -2..2).",
           convert=scale_from_option),
    Option("lanes", list, None, "Lanes of the site's own, drawn on every map that fills "
           "them: [{key, title, kind: list or text, colour, icon, position}].",
           convert=site_lanes),
    Option("language", str, None,
           "The language of the generated pages (en, de); empty: the theme's "
           "`theme.language`. A language without a catalogue gets English.", optional=True),
    Option("insights", bool, True, "Make the cross-journey insight pages."),
    Option("insights_url", str, "insights", "Where the insight pages go in the site."),
    Option("moments_count", int, 5, "Lowest and highest touchpoints on Moments of truth."),
    Option("map_sidebars", bool, False,
           "Keep the theme's navigation and table of contents beside journey maps (by "
           "default a map takes the window's whole width)."),
    # Empty rather than a number of this machine's: the default is the same everywhere.
    Option("concurrency", int, None, "Worker processes rendering page bodies during "
           "`mkdocs build` (0: none; empty: one fewer than the CPU cores).", optional=True),
    Option("history_count", int, 10,
           "Changes listed, newest first, in each journey page's History section (0: none)."),
    Option("history_authors", bool, False, "Name the author of each change in History."),
    Option("compare_with", str, None,
           "A git revision (a tag, a commit) whose emotion curve each journey page draws as "
           "a faint line under today's.", optional=True),
    Option("recent_days", int, 30,
           "The Recently changed insight page lists maps changed in this many days before "
           "the built commit (0: no page)."),
)
BY_NAME = {option.name: option for option in OPTIONS}


def read_options(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Every option's value (defaults for those not written), and (name, message) for each
    unknown option or bad value."""
    values: dict[str, Any] = {}
    failed: list[tuple[str, str]] = []
    for name in raw:
        if name not in BY_NAME:
            failed.append((str(name), f"unknown option{did_you_mean(str(name), BY_NAME)}"))
    for option in OPTIONS:
        try:
            values[option.name] = option.read(raw.get(option.name, option.default))
        except ValueError as exc:
            failed.append((option.name, str(exc)))
            values[option.name] = option.read(option.default)
    return values, failed
