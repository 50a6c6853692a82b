"""Model -> the handbook's generated pages, as HTML rendered from the package's templates."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, Callable

import jinja2

from . import charts, groups
from .emotions import EmotionScale, fmt
from .funnel import funnel_chart
from .handbook import improvements_of
from .insights import persona_summary
from .markup import render_markdown
from .memo import Memo
from .model import Broken, Handbook, Journey, Persona
from .urls import relative_url
from .whitespace import squeeze


@dataclass
class PageOptions:
    use_directory_urls: bool = True
    journeys_section: str = "journeys"
    personas_section: str = "personas"
    scale: EmotionScale = field(default_factory=EmotionScale)
    markdown_extensions: list[Any] = field(default_factory=lambda: ["tables", "sane_lists",
                                                                     "toc"])
    markdown_configs: dict[str, Any] = field(default_factory=dict)
    allow_html: bool = False
    today: date | None = None
    # More journeys (personas) than this are listed on index pages by letter.
    nav_group_size: int = 30
    insights: bool = True
    insights_section: str = "insights"
    moments_count: int = 5
    # Days between reviews of maps that set no `review_every` (None: no handbook-wide cycle).
    review_every: int | None = None


Rendered = tuple[str, list[tuple[int, str, str]]]  # HTML body and its (level, id, text) headings


@dataclass
class GeneratedPage:
    """A page made from data: where it goes, its plain-text title and, rendered on first
    use, its HTML body and headings. What MkDocs needs to lay out the site (address, title,
    tags) is known at once; the body can wait, or be rendered elsewhere (prerender.py)."""

    src_uri: str
    title: str
    kind: str
    render: Callable[[], Rendered] = field(repr=False)
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    # Pages that only list what other pages hold (letter indexes, page 2 and on of a long
    # list) stay out of the search index: a search finds the journey, not every list of it.
    searchable: bool = True
    _rendered: Rendered | None = field(default=None, repr=False)

    @property
    def rendered(self) -> Rendered:
        if self._rendered is None:
            self._rendered = self.render()
        return self._rendered

    @property
    def html(self) -> str:
        return self.rendered[0]

    @property
    def toc(self) -> list[tuple[int, str, str]]:
        return self.rendered[1]


_env = jinja2.Environment(
    loader=jinja2.PackageLoader("cjm_site", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    extensions=["jinja2.ext.do"],
)
_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


class Site:
    """Addresses of generated pages; one per build."""

    def __init__(self, handbook: Handbook, options: PageOptions, memo: Memo | None = None):
        self.handbook = handbook
        self.options = options
        self.memo = memo  # charts kept from earlier builds (mkdocs serve)

    def journey_uri(self, journey_id: str) -> str:
        return f"{self.options.journeys_section}/{journey_id}.md"

    def persona_uri(self, persona_id: str) -> str:
        return f"{self.options.personas_section}/{persona_id}.md"

    def journeys_index(self) -> str:
        return f"{self.options.journeys_section}/index.md"

    def personas_index(self) -> str:
        return f"{self.options.personas_section}/index.md"

    def insights_uri(self, folder: str = "", number: int = 1) -> str:
        """'insights/index.md', 'insights/kpis/index.md', 'insights/kpis/2.md' (page 2)."""
        base = "/".join(part for part in (self.options.insights_section, folder) if part)
        return f"{base}/index.md" if number == 1 else f"{base}/{number}.md"

    def linker(self, here: str) -> Callable[[str], str]:
        return lambda there: relative_url(here, there, self.options.use_directory_urls)


def build_pages(handbook: Handbook, options: PageOptions,
                memo: Memo | None = None) -> list[GeneratedPage]:
    """Every generated page of the handbook, in a stable order; bodies render on first use."""
    site = Site(handbook, options, memo)
    pages = journeys_index(site) + personas_index(site)
    pages += [journey_page(site, j) for j in handbook.journeys.values()]
    pages += [persona_page(site, p) for p in handbook.personas.values()]
    taken = {p.src_uri for p in pages}
    pages += [broken_page(site, b, taken) for b in handbook.broken]
    if options.insights:
        # Imported here: insight_pages renders with this module's helpers.
        from .insight_pages import insight_pages

        pages += insight_pages(site)
    return pages


def _render(template: str, site: Site, here: str, **context: Any) -> Rendered:
    html = squeeze(_env.get_template(template).render(
        link=site.linker(here), site=site, handbook=site.handbook, scale=site.options.scale,
        fmt=fmt, problems=site.handbook.problems, **context))
    toc = [(int(level), anchor, html_lib.unescape(_TAG.sub("", _PERMALINK.sub("", text))).strip())
           for level, anchor, text in _HEADING.findall(html)]
    return html, toc


def journey_page(site: Site, journey: Journey) -> GeneratedPage:
    here = site.journey_uri(journey.id)
    return GeneratedPage(here, journey.title, "journey", partial(_journey, site, journey, here),
                         journey.source, list(journey.tags))


def _journey(site: Site, journey: Journey, here: str) -> Rendered:
    options = site.options
    narrative = render_markdown(journey.narrative, options.markdown_extensions,
                                options.markdown_configs, options.allow_html)
    chart = charts.emotion_curve(journey, options.scale, f"cjm-curve-{journey.id}",
                                 {p: site.handbook.personas[p].name for p in journey.personas
                                  if p in site.handbook.personas}, site.memo)
    current = site.handbook.journeys.get(journey.improves or journey.id)
    futures = improvements_of(site.handbook, current) if current else []
    # The same as-is/to-be comparison on the current journey's page and on each future's.
    compare = (charts.compare_curve(current, futures, options.scale,
                                    f"cjm-compare-{journey.id}", site.memo) if futures else "")
    return _render(
        "journey.html", site, here, journey=journey, narrative=narrative, chart=chart,
        compare=compare,
        funnel=funnel_chart(journey, f"cjm-funnel-{journey.id}"),
        improved_by=improvements_of(site.handbook, journey),
        file_problems=site.handbook.problems_in(journey.source))


def persona_page(site: Site, persona: Persona) -> GeneratedPage:
    here = site.persona_uri(persona.id)
    return GeneratedPage(here, persona.name, "persona", partial(_persona, site, persona, here),
                         persona.source)


def _persona(site: Site, persona: Persona, here: str) -> Rendered:
    options = site.options
    narrative = render_markdown(persona.narrative, options.markdown_extensions,
                                options.markdown_configs, options.allow_html)
    return _render(
        "persona.html", site, here, persona=persona, narrative=narrative,
        journeys=persona_summary(site.handbook, persona.id),
        file_problems=site.handbook.problems_in(persona.source))


def journeys_index(site: Site) -> list[GeneratedPage]:
    return _index_pages(site, "journey", list(site.handbook.journeys.values()),
                        lambda j: j.title, site.journeys_index(), "journeys.html", "Journeys",
                        sparkline=lambda journey: charts.sparkline(journey, site.options.scale))


def personas_index(site: Site) -> list[GeneratedPage]:
    return _index_pages(site, "persona", list(site.handbook.personas.values()),
                        lambda p: p.name, site.personas_index(), "personas.html", "Personas")


def _index_pages(site: Site, kind: str, items: list, title_of: Callable[[Any], str],
                 here: str, template: str, heading: str, **context: Any) -> list[GeneratedPage]:
    """The index page of a kind; beyond `nav_group_size` items, the index lists letters
    and one page per letter part lists the items (see groups.py): no page grows with N."""
    plural = f"{kind}s"
    if len(items) <= site.options.nav_group_size:
        return [GeneratedPage(here, heading, f"{plural}-index", partial(
            _render, template, site, here, heading=heading, total=len(items), letters=[],
            pager=None, **{plural: items}, **context))]
    folder = here[:-len("index.md")] + "by-letter/"
    parts = groups.by_letter(items, title_of)

    def uri(group: groups.Group) -> str:
        slug = "other" if group.letter == "#" else group.letter.lower()
        return f"{folder}{slug}.md" if group.part == 1 else f"{folder}{slug}-{group.part}.md"

    letters = [(g.letter, uri(g), sum(len(o.items) for o in parts if o.letter == g.letter))
               for g in parts if g.part == 1]
    pages = [GeneratedPage(here, heading, f"{plural}-index", partial(
        _render, template, site, here, heading=heading, total=len(items), letters=letters,
        pager=None, **{plural: []}, **context))]
    for n, group in enumerate(parts):
        pager = [(label, uri(other)) for label, other in
                 (("Previous", parts[n - 1] if n else None),
                  ("Next", parts[n + 1] if n + 1 < len(parts) else None)) if other]
        # The first part of a letter is in the navigation, further parts only linked.
        pages.append(GeneratedPage(
            uri(group), group.label, f"{plural}-letter" if group.part == 1 else f"{plural}-part",
            partial(_render, template, site, uri(group), heading=f"{heading}: {group.label}",
                    total=len(items), letters=letters, pager=pager, **{plural: group.items},
                    **context), searchable=False))
    return pages


def broken_page(site: Site, broken: Broken, taken: set[str]) -> GeneratedPage:
    """A page for a file that could not be read, so it never silently disappears."""
    section = (site.options.journeys_section if broken.kind == "journey"
               else site.options.personas_section)
    here, n = f"{section}/{broken.id}.md", 1
    while here in taken:
        n += 1
        here = f"{section}/{broken.id}-{n}.md"
    taken.add(here)
    return GeneratedPage(here, broken.title, "broken", partial(
        _render, "broken.html", site, here, broken=broken,
        file_problems=site.handbook.problems_in(broken.source)), broken.source)
