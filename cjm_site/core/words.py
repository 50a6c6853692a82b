"""Words and numbers as people write them: a count with its plural, a number in quotes."""

from __future__ import annotations

import re

# Plain decimals only: '1_0', '1e3', 'nan' or 'inf' are not what a person reads as numbers.
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def N_(message: str) -> str:
    """Marks a page string where it is declared (a lane's title, an emotion word) for the
    catalogues of core/language.py; it is translated where it is shown."""
    return message


def count(n: int, word: str, plural: str | None = None) -> str:
    """'1 journey', '2 journeys', '0 journeys'; `plural` where adding 's' is wrong."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def written_number(text: str) -> float | None:
    """The number a text shows ("-1", " 2.5 "), or None when it is not a plain decimal."""
    text = text.strip()
    return float(text) if _DECIMAL.fullmatch(text) else None


def inert(text: str) -> str:
    """Contributor text for places an engine or another plugin reads as HTML, Markdown or a
    template (titles, tags, navigation, Markdown headings): every character but letters,
    digits and spaces becomes a character reference, which reads the same and is syntax to
    none of them."""
    return "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in text)
