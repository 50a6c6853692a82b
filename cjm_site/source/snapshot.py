"""Where a handbook's files are read from: the work tree, or a git revision held in memory.

Both answer the few questions the loader asks (which files are under a folder, is this a
file, what does it hold), so that a revision goes through exactly the loading and
validation of `mkdocs build` without being written anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class WorkTree:
    """The files on disk."""

    def paths(self, folder: Path) -> list[Path]:
        """Everything under the folder (files and folders), in a stable order."""
        return sorted(folder.rglob("*"))

    def is_file(self, path: Path) -> bool:
        return path.is_file()

    def is_dir(self, path: Path) -> bool:
        return path.is_dir()

    def read(self, path: Path, limit: int) -> bytes:
        """At most `limit` + 1 bytes: enough to tell that a file is too large without
        reading all of it."""
        with path.open("rb") as file:
            return file.read(limit + 1)

    def is_symlink(self, path: Path) -> bool:
        return path.is_symlink()

    def resolve(self, path: Path) -> Path:
        return path.resolve()


WORK_TREE = WorkTree()


@dataclass(frozen=True)
class Snapshot:
    """The files of one revision by absolute path; nothing is read from or written to disk."""

    files: Mapping[Path, bytes]

    def paths(self, folder: Path) -> list[Path]:
        return sorted(p for p in self.files if p.is_relative_to(folder))

    def is_file(self, path: Path) -> bool:
        return path in self.files

    def is_dir(self, path: Path) -> bool:
        return any(p.is_relative_to(path) for p in self.files)

    def read(self, path: Path, limit: int) -> bytes:
        return self.files[path][:limit + 1]

    def is_symlink(self, path: Path) -> bool:
        # A link in a revision is a blob holding its target's path, read as a plain file.
        return False

    def resolve(self, path: Path) -> Path:
        # A revision has no symbolic links to follow: only the '..' of a written path.
        return Path(os.path.normpath(path))


Files = WorkTree | Snapshot
