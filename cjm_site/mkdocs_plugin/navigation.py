"""Places the generated pages in MkDocs' navigation, with or without an explicit `nav:`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation


def place_sections(nav: Navigation, sections: list[tuple]) -> None:
    """Give each generated section (title, index page, children[, hidden]) one place in the nav.

    Where the nav names the section's index page, the section goes there; otherwise it is
    appended. A generated page that `nav:` (or a plugin such as awesome-nav) names itself
    stays where it was named, with the title given there, and its section no longer lists
    it: each page has one place. Hidden pages are not listed but belong to the section
    (breadcrumbs, the open branch): a large handbook's journeys, reached from its letter
    index pages.
    """
    indexes = {id(index) for _, index, *_ in sections}
    explicit = {id(page) for page in _pages(nav.items)} - indexes
    generated = {id(page) for _, index, children, *hidden in sections
                 for page in [index, *_pages(children), *(hidden[0] if hidden else [])]
                 } - explicit
    ours = {}
    for title, index, children, *hidden in sections:
        children = _without(children, explicit)
        hidden = [[page for page in hidden[0] if id(page) not in explicit]] if hidden else []
        section = Section(title, [index, *children])
        ours[id(section)] = hidden[0] if hidden else []
        if not _replace(nav.items, index, section):
            nav.items.append(section)
    nav.items[:] = _prune(nav.items, generated, set(ours))
    nav.pages = list(_pages(nav.items))
    _link(nav.items, nav.pages)
    for section in _sections(nav.items):
        for page in ours.get(id(section), ()):
            page.parent = section


def _replace(items: list, index: Page, section: Section) -> bool:
    for position, item in enumerate(items):
        if item is index:
            items[position] = section
            return True
        if isinstance(item, Section) and _replace(item.children, index, section):
            return True
    return False


def _prune(items: list, generated: set[int], ours: set[int]) -> list:
    """Drop generated pages from everywhere but our sections, and sections left empty."""
    kept = []
    for item in items:
        if isinstance(item, Section) and id(item) not in ours:
            item.children = _prune(item.children, generated, ours)
            if item.children:
                kept.append(item)
        elif not (isinstance(item, Page) and id(item) in generated):
            kept.append(item)
    return kept


def _without(items: list, pages: set[int]) -> list:
    """The items without these pages; sub-sections left with nothing are dropped."""
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = _without(item.children, pages)
            if item.children:
                kept.append(item)
        elif id(item) not in pages:
            kept.append(item)
    return kept


def _pages(items: list):
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


def _sections(items: list):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)


def _link(items: list, pages: list[Page], parent: Section | None = None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, [], item)
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = before, after
