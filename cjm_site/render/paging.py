"""Long lists split into pages, so that no page grows with the handbook.

Index pages: the navigation of every page is rendered into that page, so it must not grow
with the handbook. Up to the plugin's `nav_group_size` journeys (or personas) are listed in
the navigation; beyond, the navigation holds one index page per first letter (a bounded
number) and the index pages list the journeys, split into parts of LETTER_PAGE_SIZE rows.
Insight pages: rows in pages of INSIGHT_PAGE_SIZE.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

LETTER_PAGE_SIZE = 100
# Insight rows are ~0.5-1 KB of HTML each: a page stays near 200 KB (a long journey map's
# size) and its search index entry stays small, however large the handbook.
INSIGHT_PAGE_SIZE = 200
# Channels per page of the channel matrix: a row holds up to MAX_COLUMNS + 2 cells (~5 KB).
MATRIX_PAGE_SIZE = 50
Item = TypeVar("Item")


@dataclass
class LetterGroup(Generic[Item]):
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
              page_size: int = LETTER_PAGE_SIZE) -> list[LetterGroup[Item]]:
    """Items sorted by title, grouped by first letter, each letter split into pages."""
    letters: dict[str, list[Item]] = {}
    for item in sorted(items, key=lambda i: title(i).lower()):
        letters.setdefault(letter(title(item)), []).append(item)
    groups = []
    for key in sorted(letters, key=lambda k: (k == "#", k)):
        chunks = [letters[key][i:i + page_size]
                  for i in range(0, len(letters[key]), page_size)]
        groups += [LetterGroup(key, n, len(chunks), chunk) for n, chunk in enumerate(chunks, 1)]
    return groups


def paginate(rows: list[Item], size: int = INSIGHT_PAGE_SIZE) -> list[list[Item]]:
    """Rows in pages of at most `size`; always at least one page."""
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]
