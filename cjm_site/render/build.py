"""Every generated page of a handbook: the one entry point of the renderer."""

from __future__ import annotations

from importlib import resources

from cjm_site.core.history import History
from cjm_site.core.memo import Memo
from cjm_site.core.model import Handbook
from cjm_site.render.insight_pages import insight_pages
from cjm_site.render.pages import (broken_page, journey_page, journeys_index, persona_pages,
                                   personas_index)
from cjm_site.render.site import GeneratedPage, PageOptions, Site

# Where the stylesheet of the generated pages goes in the site.
STYLESHEET_URI = "assets/cjm/cjm.css"


def build_pages(handbook: Handbook, options: PageOptions, memo: Memo | None = None,
                history: History | None = None) -> list[GeneratedPage]:
    """Every generated page of the handbook, in a stable order; bodies render on first use.
    Without a history (no git), pages have no History section and there is no Recently
    changed page."""
    site = Site(handbook, options, memo, history)
    pages = journeys_index(site) + personas_index(site)
    pages += [journey_page(site, j) for j in handbook.journeys.values()]
    pages += [page for p in handbook.personas.values() for page in persona_pages(site, p)]
    taken = {p.src_uri for p in pages}
    pages += [broken_page(site, b, taken) for b in handbook.broken]
    if options.insights:
        pages += insight_pages(site)
    return pages


def stylesheet() -> bytes:
    return resources.files("cjm_site.render").joinpath("assets/cjm.css").read_bytes()
