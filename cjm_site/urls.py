"""Where generated pages live and how they link to each other, as MkDocs lays out a site."""

from __future__ import annotations

import posixpath


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """'journeys/x.md' -> 'journeys/x/' (or 'journeys/x.html'), as MkDocs names pages."""
    stem = src_uri[: -len(".md")]
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def relative_url(from_src: str, to_src: str, use_directory_urls: bool = True) -> str:
    """A link from one page to another that works wherever the site is hosted."""
    here = page_url(from_src, use_directory_urls)
    there = page_url(to_src, use_directory_urls)
    base = here if here.endswith("/") or here == "" else posixpath.dirname(here)
    rel = posixpath.relpath(there or ".", base or ".")
    if there.endswith("/") or there == "":
        rel = "./" if rel == "." else rel + "/"
    return rel
