"""What the search index does not need, set aside while it reads a page, then put back.

Material's search plugin parses every page with Python's html.parser, and at a thousand
journeys that parse was the largest cost of the build. Two things on a generated page cost
it time and give it nothing: charts, whose words repeat the stage grid (indexed, "very
negative" would find every map; their markup was a fifth of a journey page), and `<span>`
tags, which the index drops while keeping their text (a quarter of the tags of a stage
grid). Each is replaced by a numbered comment and comes back unchanged after indexing, so
whatever other plugins do to the page in between is kept.
"""

from __future__ import annotations

import re

_ASIDE = re.compile(r"<svg\b.*?</svg>|</?span\b[^>]*>", re.S)
_MARK = re.compile(r"<!--cjm-aside-(\d+)-->")


def set_aside(html: str) -> tuple[str, list[str]]:
    """The HTML with each inline SVG and span tag replaced by a numbered comment, and them."""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match[0])
        return f"<!--cjm-aside-{len(kept) - 1}-->"

    return _ASIDE.sub(keep, html), kept


def put_back(html: str, kept: list[str]) -> str:
    if not kept:
        return html
    return _MARK.sub(lambda match: kept[int(match[1])], html)
