"""Charts set aside while the search index reads a page, and put back afterwards.

A chart's text (axis words, stage names, one title per point) repeats the stage grid, so
indexed it only adds noise to search results ("very negative" would find every map); and
its markup was a fifth of what the search plugin parsed on a journey page.
"""

from __future__ import annotations

import re

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_MARK = re.compile(r"<!--cjm-picture-(\d+)-->")


def set_aside(html: str) -> tuple[str, list[str]]:
    """The HTML with each inline SVG replaced by a numbered comment, and the SVGs."""
    pictures: list[str] = []

    def keep(match: re.Match) -> str:
        pictures.append(match[0])
        return f"<!--cjm-picture-{len(pictures) - 1}-->"

    return _SVG.sub(keep, html), pictures


def put_back(html: str, pictures: list[str]) -> str:
    if not pictures:
        return html
    return _MARK.sub(lambda match: pictures[int(match[1])], html)
