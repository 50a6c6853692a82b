"""The handbook's history for a build: each file's changes, the handbook as of the
`compare_with` revision, and what changed in the last days. Git is asked a fixed number
of times, whatever the number of files (one `git log` for every file's history)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cjm_site.core.history import Commit, Earlier, History, Recent
from cjm_site.core.model import Handbook
from cjm_site.source import git
from cjm_site.source.handbook import Cache, Settings, load_handbook


@dataclass(frozen=True)
class Wanted:
    """What the site asks of the history (plugin options)."""

    count: int = 10  # changes listed per file
    authors: bool = False
    compare_with: str | None = None
    recent_days: int = 30

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> Wanted:
        """From the plugin's options: the plugin and `cjm generate` ask git the same."""
        return cls(options["history_count"], options["history_authors"],
                   options["compare_with"],
                   options["recent_days"] if options["insights"] else 0)

    @property
    def anything(self) -> bool:
        return bool(self.count or self.compare_with or self.recent_days)


@dataclass
class Read:
    """The history, and what the maintainer should hear about it (None: all went well)."""

    history: History | None
    warning: str | None = None  # a setting git cannot honour
    note: str | None = None  # for the log's info level


def read_history(settings: Settings, handbook: Handbook, wanted: Wanted,
                 cache: Cache | None = None) -> Read:
    """The history of the committed files as of HEAD: the same for a given commit, whatever
    the day of the build. No git or no repository: no history, and nothing to say."""
    if not wanted.anything:
        return Read(None)
    root = settings.root
    try:
        entries = git.log(root, settings.journeys_dir, wanted.authors)
    except git.NoRepository:
        return Read(None)
    except git.GitError as exc:
        return Read(None, note=f"no history: git log failed: {exc}")
    sources = [item.source for item in (*handbook.journeys.values(),
                                        *handbook.personas.values())]
    history = History(files=git.histories(entries, sources, wanted.count) if wanted.count
                      else {})
    shallow = any(e.grafted for e in entries)
    read = Read(history, note=f"{git.SHALLOW_HINT}; until then pages show only the changes "
                "it holds" if shallow else None)
    if wanted.compare_with:
        try:
            commit = git.resolve(root, wanted.compare_with)
            history.earlier = Earlier(wanted.compare_with, commit,
                                      _handbook_at(settings, commit, cache))
        except git.GitError as exc:
            read.warning = f"compare_with: {exc}; the emotion curves are drawn without it"
    if wanted.recent_days:
        try:
            history.recent = _recent(settings, entries, sources, wanted.recent_days, cache,
                                     shallow)
        except git.GitError as exc:
            read.note = f"no Recently changed page: {exc}"
    return read


def _handbook_at(settings: Settings, commit: Commit, cache: Cache | None) -> Handbook:
    files = git.snapshot(settings.root, commit.sha, settings.journeys_dir)
    # Files unchanged since then are parsed already: a copy of the cache finds them, and
    # what this load adds to it is thrown away with the copy.
    return load_handbook(settings, dict(cache or {}), files, lints=False)


def _recent(settings: Settings, entries: list[git.LogEntry], sources: list[str], days: int,
            cache: Cache | None, shallow: bool) -> Recent | None:
    """Files changed in the `days` before the built commit, and the handbook before them;
    None when a shallow clone does not reach back that far."""
    line = git.first_parents(settings.root)
    until = line[0].when
    since = until - timedelta(days=days)
    earlier = next((c for c in line if c.when < since), None)
    if earlier is None and shallow:
        return None
    changed = git.changed_since(entries, sources, since)
    before = (_handbook_at(settings, earlier, cache) if changed and earlier is not None
              else None)
    return Recent(days, since, until, changed, before)
