"""Large handbooks: index pages by first letter, each at most PAGE_SIZE rows long.

The navigation of every page is rendered into that page, so it must not grow with the
handbook. Up to the plugin's `nav_group_size` journeys (or personas) are listed in the
navigation; beyond, the navigation holds one index page per first letter (a bounded
number) and the index pages list the journeys, split into parts of PAGE_SIZE rows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

PAGE_SIZE = 100
Item = TypeVar("Item")


@dataclass
class Group(Generic[Item]):
    """One index page: the items whose title starts with `letter`, part `part` of `parts`."""

    letter: str
    part: int
    parts: int
    items: list[Item]

    @property
    def label(self) -> str:
        return self.letter if self.parts == 1 else f"{self.letter} ({self.part}/{self.parts})"


def letter(title: str) -> str:
    """'Écoute' -> 'E'; digits and symbols -> '#'."""
    first = unicodedata.normalize("NFKD", title.strip()[:1])[:1].upper()
    return first if first.isalpha() else "#"


def by_letter(items: list[Item], title: Callable[[Item], str],
              page_size: int = PAGE_SIZE) -> list[Group[Item]]:
    """Items sorted by title, grouped by first letter, each letter split into pages."""
    letters: dict[str, list[Item]] = {}
    for item in sorted(items, key=lambda i: title(i).lower()):
        letters.setdefault(letter(title(item)), []).append(item)
    groups = []
    for key in sorted(letters, key=lambda k: (k == "#", k)):
        chunks = [letters[key][i:i + page_size]
                  for i in range(0, len(letters[key]), page_size)]
        groups += [Group(key, n, len(chunks), chunk) for n, chunk in enumerate(chunks, 1)]
    return groups
