"""Results kept by their full input, across `mkdocs serve` rebuilds.

A chart is a pure function of what it draws; keyed by exactly that, a kept chart is
always right, and after an edit only the charts of what changed are drawn again. Entries
not used by the last build are dropped, so the memo holds one build's worth at most.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable


class Memo:
    def __init__(self) -> None:
        self.entries: dict[Hashable, Any] = {}
        self.used: set[Hashable] = set()
        self.hits = 0

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        self.used.add(key)
        if key in self.entries:
            self.hits += 1
            return self.entries[key]
        value = self.entries[key] = make()
        return value

    def prune(self) -> None:
        """Forget what the build that just ended did not use."""
        self.entries = {key: self.entries[key] for key in self.used if key in self.entries}
        self.used = set()
        self.hits = 0
