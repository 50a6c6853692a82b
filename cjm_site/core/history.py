"""What git knows of a handbook's files, read once per build: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from cjm_site.core.model import Handbook


@dataclass(frozen=True)
class Commit:
    sha: str
    when: datetime  # the commit date, in the committer's time zone
    subject: str
    author: str = ""  # only when the site asks for author names

    @property
    def day(self) -> date:
        return self.when.date()


@dataclass
class FileHistory:
    """The changes of one source file, newest first (at most the site's count), and how
    many git knows of."""

    commits: list[Commit]
    total: int


@dataclass
class Earlier:
    """The handbook as of a revision the site compares with (`compare_with`)."""

    revision: str  # as the site's configuration names it
    commit: Commit
    handbook: Handbook


@dataclass
class Recent:
    """Source files changed in the `days` before the built commit, by commit date."""

    days: int
    since: datetime
    until: datetime
    # Source path (as today, after renames) -> its commits in the window, newest first.
    changed: dict[str, list[Commit]]
    # The handbook as of the last commit before the window; None when the window reaches
    # back to the first commit (everything in it is new).
    before: Handbook | None


@dataclass
class History:
    files: dict[str, FileHistory] = field(default_factory=dict)  # by source path
    earlier: Earlier | None = None
    recent: Recent | None = None
