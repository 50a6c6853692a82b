"""Git revisions and history of the handbook's files.

Git is asked a fixed number of times, whatever the number of files: one `git log` for
the history of every file, one `git ls-tree` and one `git cat-file --batch` for all the
files of a revision. Every call runs in the project's folder and reads nothing else.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cjm_site.core.history import Commit, FileHistory
from cjm_site.source.snapshot import Snapshot


class GitError(Exception):
    """Git could not answer; the message says why and what to do."""


class NoRepository(GitError):
    """No git, or the project is not in a git repository: there is no history to show."""


class NotInClone(GitError):
    """A shallow clone lacks the revision asked for."""


# Settings of the user's that would change what git prints.
_CONFIG = ("-c", "color.ui=false", "-c", "log.showSignature=false", "-c", "core.quotePath=false",
           "-c", "diff.renames=true")
# Regular files only: a symbolic link's blob is a path, a submodule has no blob.
_FILE_MODES = (b"100644", b"100755")
_STATUS = re.compile(rb"[ACDMRTUXB]\d*")
SHALLOW_HINT = ("this clone is shallow: fetch the history it needs (`git fetch --unshallow`, "
                "or `fetch-depth: 0` for actions/checkout)")


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    # No lock on the index (a build must not fail because an editor runs `git status`);
    # messages in English, as this module reads them.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(root), *_CONFIG, *args], input=stdin,
                              capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise NoRepository("git is not installed") from None
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        text = message[-1] if message else f"git {args[0]} failed"
        if "not a git repository" in text:
            raise NoRepository(f"'{root}' is not in a git repository")
        raise GitError(text.removeprefix("fatal: "))
    return done.stdout


# -- revisions ----------------------------------------------------------------------------


_COMMIT_FORMAT = "%H%x00%cI%x00%s"
# Longer subjects are cut: a page lists several, whoever wrote them.
SUBJECT_LIMIT = 200


def _commit(fields: list[bytes], author: bytes = b"") -> Commit:
    sha, when, subject = (f.decode("utf-8", "replace") for f in fields)
    if len(subject) > SUBJECT_LIMIT:
        subject = subject[:SUBJECT_LIMIT - 1] + "…"
    return Commit(sha, datetime.fromisoformat(when), subject,
                  author.decode("utf-8", "replace")[:SUBJECT_LIMIT])


def is_shallow(root: Path) -> bool:
    return _git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"


def resolve(root: Path, name: str) -> Commit:
    """The commit a revision name (branch, tag, sha, HEAD~2...) stands for."""
    try:
        out = _git(root, "log", "-1", "--no-walk", f"--format={_COMMIT_FORMAT}",
                   "--end-of-options", f"{name}^{{commit}}", "--")
    except NoRepository:
        raise
    except GitError:
        if is_shallow(root):
            raise NotInClone(f"revision '{name}' is not in this clone: {SHALLOW_HINT}") from None
        raise GitError(f"unknown revision '{name}': name a branch, tag or commit "
                       "(`git log --oneline` lists them)") from None
    return _commit(out.rstrip(b"\n").split(b"\0"))


def default_branch(root: Path) -> str:
    """The branch pull requests go to: origin's default branch, else main or master."""
    candidates = ("refs/remotes/origin/HEAD", "refs/remotes/origin/main",
                  "refs/remotes/origin/master", "refs/heads/main", "refs/heads/master")
    found = {}
    for line in _git(root, "for-each-ref", "--format=%(refname)%00%(symref)",
                     *candidates).decode("utf-8", "replace").splitlines():
        ref, _, target = line.partition("\0")
        found[ref] = target
    for ref in candidates:
        if ref in found:
            return (found[ref] or ref).removeprefix("refs/remotes/").removeprefix("refs/heads/")
    raise GitError("cannot tell the default branch (no origin/HEAD, main or master): name "
                   "the base revision, e.g. `cjm diff develop`")


def merge_base(root: Path, branch: str) -> Commit:
    """Where the current branch left `branch`: what a pull request is compared with."""
    try:
        sha = _git(root, "merge-base", "HEAD", "--end-of-options", branch).decode().strip()
    except NoRepository:
        raise
    except GitError:
        if is_shallow(root):
            raise NotInClone(f"the merge base of HEAD and '{branch}' is not in this clone: "
                             f"{SHALLOW_HINT}") from None
        raise GitError(f"HEAD and '{branch}' have no common history: name the base "
                       "revision, e.g. `cjm diff main`") from None
    return resolve(root, sha)


def snapshot(root: Path, commit: str, folder: Path) -> Snapshot:
    """The regular files under `folder` as of a commit, by absolute path: two git calls."""
    where = os.path.relpath(folder, root)
    listing = _git(root, "ls-tree", "-r", "-z", "--end-of-options", commit, "--", where)
    blobs: list[tuple[Path, bytes]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, sha = meta.split(b" ")
        if kind == b"blob" and mode in _FILE_MODES:
            blobs.append((Path(os.path.normpath(root / os.fsdecode(path))), sha))
    if not blobs:
        return Snapshot({})
    out = _git(root, "cat-file", "--batch", stdin=b"".join(sha + b"\n" for _, sha in blobs))
    files, at = {}, 0
    for path, sha in blobs:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        if header[0] != sha or len(header) != 3:  # pragma: no cover - git answers in order
            raise GitError(f"unexpected answer from git cat-file for {path}")
        size = int(header[2])
        files[path] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return Snapshot(files)


def first_parents(root: Path) -> list[Commit]:
    """The commits of HEAD's first-parent line (the branch as merged), newest first."""
    out = _git(root, "log", "--first-parent", "--no-notes", f"--format={_COMMIT_FORMAT}",
               "HEAD", "--")
    return [_commit(line.split(b"\0")) for line in out.splitlines() if line]


# -- history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    commit: Commit
    # The first commit of a shallow clone: its files look added, but their history is
    # simply not in the clone.
    grafted: bool
    # (status, path, new path of a rename or copy), paths relative to the project folder.
    changes: tuple[tuple[str, str, str | None], ...]


def log(root: Path, folder: Path, authors: bool = False) -> list[LogEntry]:
    """Every commit that changed a file under `folder`, newest first: one git call."""
    where = os.path.relpath(folder, root)
    out = _git(root, "log", "-M", "--name-status", "-z", "--relative", "--no-notes",
               "--decorate-refs-exclude=refs/*", "--decorate-refs-exclude=HEAD",
               f"--format={_COMMIT_FORMAT}%x00%D%x00{'%an' if authors else ''}",
               "HEAD", "--", where)
    return parse_log(out)


def parse_log(out: bytes) -> list[LogEntry]:
    # Fields and paths end with NUL. A header holds five fields; the status of a file is a
    # letter and a score, so it is never taken for the 40 or 64 hex digits of a commit.
    tokens = out.split(b"\0")
    entries: list[LogEntry] = []
    at = 0
    while at + 5 <= len(tokens) and tokens[at].strip():
        fields = [t.lstrip(b"\n") for t in tokens[at:at + 5]]
        at += 5
        changes = []
        while at < len(tokens) and _STATUS.fullmatch(tokens[at].lstrip(b"\n")):
            status = tokens[at].lstrip(b"\n").decode()[0]
            paths = 2 if status in "RC" else 1
            names = [os.fsdecode(t) for t in tokens[at + 1:at + 1 + paths]]
            changes.append((status, names[0], names[1] if paths == 2 else None))
            at += 1 + paths
        entries.append(LogEntry(_commit(fields[:3], fields[4]), fields[3] == b"grafted",
                                tuple(changes)))
    return entries


def histories(entries: Iterable[LogEntry], paths: Iterable[str],
              count: int) -> dict[str, FileHistory]:
    """The changes of each file under its path of today, following renames back in time;
    the newest `count` of them kept."""
    found = {path: FileHistory([], 0) for path in paths}
    for path, commit in follow(entries, found):
        history = found.get(path)
        if history is not None:
            history.total += 1
            if len(history.commits) < count:
                history.commits.append(commit)
    return found


def changed_since(entries: Iterable[LogEntry], paths: Iterable[str],
                  since: datetime) -> dict[str, list[Commit]]:
    """The commits dated `since` or later of each file (under its path of today, or its
    last path if it was deleted), newest first."""
    changed: dict[str, list[Commit]] = {}
    for path, commit in follow(entries, paths):
        if commit.when >= since:
            changed.setdefault(path, []).append(commit)
    return changed


def follow(entries: Iterable[LogEntry], paths: Iterable[str]):
    """(path, commit) for each change of each file, newest first. A file is named by its
    path of today, following renames back in time; a deleted file by its last path."""
    names = {path: path for path in paths}
    ended: set[str] = set()  # files whose first commit is behind us
    for entry in entries:
        if entry.grafted:
            continue
        seen = set()
        for status, path, renamed in entry.changes:
            now = renamed if status in "RC" else path
            if status == "D" and now not in names and now not in ended:
                names[now] = now
            current = names.get(now)
            if current is None:
                continue
            if current not in seen:
                seen.add(current)
                yield current, entry.commit
            if status in "ACR":
                # Before this commit the file had its old name, or did not exist.
                del names[now]
                ended.add(current)
            if status == "R":
                names[path] = current
