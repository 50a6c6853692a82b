"""Where generated pages live and how they link to each other: as MkDocs lays out a site, or
as Markdown files link to each other (for engines that resolve links themselves)."""

from __future__ import annotations

import posixpath
from functools import lru_cache

# How generated pages link to each other (PageOptions.links).
URL_LINKS = "urls"  # the address of the target page, as MkDocs lays out the site
SOURCE_LINKS = "sources"  # the target's Markdown file: the engine resolves and checks it


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """'journeys/x.md' -> 'journeys/x/' (or 'journeys/x.html'), as MkDocs names pages."""
    stem = src_uri[: -len(".md")]
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


@lru_cache(maxsize=65536)  # pages link to the same few pages again and again
def relative_url(from_src: str, to_src: str, use_directory_urls: bool = True) -> str:
    """A link from one page to another that works wherever the site is hosted."""
    here = page_url(from_src, use_directory_urls)
    there = page_url(to_src, use_directory_urls)
    base = here if here.endswith("/") or here == "" else posixpath.dirname(here)
    rel = _relpath(there, base)
    if there.endswith("/") or there == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def relative_asset(from_src: str, path: str, use_directory_urls: bool = True) -> str:
    """A link from a page to a file of the site ('img/maya.png', relative to the docs
    folder), e.g. '../../img/maya.png' from 'personas/maya.md'."""
    here = page_url(from_src, use_directory_urls)
    return _relpath(path, here if here.endswith("/") or here == "" else posixpath.dirname(here))


def _relpath(there: str, base: str) -> str:
    """posixpath.relpath for site paths, without its trips to the file system's cwd."""
    to, start = [p for p in there.split("/") if p], [p for p in base.split("/") if p]
    common = 0
    for a, b in zip(to, start):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def relative_source(from_src: str, to_src: str) -> str:
    """A link from one Markdown file to another, 'journeys/x.md' -> '../personas/y.md': the
    engine that builds the files turns it into the target's address and checks it."""
    return _relpath(to_src, posixpath.dirname(from_src))
