"""Where the generated pages sit in a site's navigation: one layout, which the MkDocs adapter
turns into MkDocs' sections and `cjm generate` into SUMMARY.md files."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from cjm_site.core.words import inert
from cjm_site.render.site import INDEX_KINDS, GeneratedPage, PageKind, PageOptions


@dataclass
class NavSection:
    """A section led by its index page: `children` are listed (pages by src_uri, or
    sections), `hidden` pages belong to the section without being listed, so that the
    navigation of a large handbook stays small."""

    title: str
    index: str
    children: list[str | NavSection] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)


def nav_sections(pages: list[GeneratedPage], options: PageOptions) -> list[NavSection]:
    """Journeys, personas and (if made) insights, in that order; a section whose index
    page is not among `pages` (another plugin took it out) is left out."""
    by_uri = {page.src_uri: page for page in pages}
    sections = []
    for plural in ("journeys", "personas"):
        index_kind, letter_kind, _ = INDEX_KINDS[plural]
        index = next((p for p in pages if p.kind == index_kind), None)
        if index is None:
            continue
        folder = index.src_uri[:-len("index.md")]
        members = [p for p in pages if p.src_uri.startswith(folder) and p.kind != index_kind]
        letters = [p.src_uri for p in members if p.kind == letter_kind]
        if letters:
            # A large handbook lists letter pages (a bounded number); the rest belongs to
            # the section without being listed (see paging.py).
            listed = set(letters)
            sections.append(NavSection(index.title, index.src_uri, list(letters),
                                       [p.src_uri for p in members if p.src_uri not in listed]))
        else:
            # A persona's further pages of journeys belong to the section, unlisted.
            listed = [p for p in members if p.kind != PageKind.PERSONA_PART]
            listed.sort(key=lambda p: p.title.lower())
            sections.append(NavSection(index.title, index.src_uri,
                                       [p.src_uri for p in listed],
                                       [p.src_uri for p in members if p not in listed]))
    if options.insights and any(p.kind == PageKind.INSIGHTS_INDEX for p in pages):
        sections.append(_insights(pages, by_uri, options))
    return sections


def _insights(pages: list[GeneratedPage], by_uri: dict[str, GeneratedPage],
              options: PageOptions) -> NavSection:
    """Insight pages as the nav lists them; their continuation pages (page 2, 3...) belong
    to the section unlisted. The channel matrix leads a section of its busiest channels
    (nav_group_size of them), listed by name: a touchpoint added under `mkdocs serve`
    changes the nav, and so every page, only when it changes which channels are listed."""
    index = next(p for p in pages if p.kind == PageKind.INSIGHTS_INDEX)
    section = NavSection(index.title, index.src_uri)
    channels = f"{options.insights_section}/channels/"
    matrix: NavSection | None = None
    for page in pages:
        if page.kind != PageKind.INSIGHT:
            continue
        uri = page.src_uri
        if uri == f"{channels}index.md":
            matrix = NavSection(page.title, uri)
            section.children.append(matrix)
        elif not uri.endswith("/index.md") or (
                matrix is not None and uri.startswith(channels)
                and len(matrix.children) + 1 > options.nav_group_size):
            section.hidden.append(uri)
        elif matrix is not None and uri.startswith(channels):
            matrix.children.append(uri)
        else:
            section.children.append(uri)
    if matrix is not None:
        matrix.children.sort(key=lambda uri: by_uri[uri].title.lower())
    return section


def summary(section: NavSection, titles: dict[str, str]) -> str:
    """The section as a SUMMARY.md beside its index page, which literate-nav (a plugin of
    MkDocs, built into Zensical) reads where the site's nav names the folder."""
    folder = posixpath.dirname(section.index)
    return "".join(_summary_lines(section, titles, folder, ""))


def _summary_lines(section: NavSection, titles: dict[str, str], folder: str, indent: str):
    def entry(uri: str) -> str:
        # Titles as character references: the link text is Markdown to literate-nav.
        return f"{indent}- [{inert(titles[uri])}]({posixpath.relpath(uri, folder)})\n"

    yield entry(section.index)
    for child in section.children:
        if isinstance(child, str):
            yield entry(child)
        else:
            yield f"{indent}- {inert(child.title)}\n"
            yield from _summary_lines(child, titles, folder, indent + "    ")
