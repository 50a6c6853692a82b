"""What every generated page shares: the options, the page record, addresses, templates."""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Callable

import jinja2
import markupsafe

from cjm_site.core.language import ENGLISH, Language, language_code
from cjm_site.core.lanes import LANES, Lane
from cjm_site.core.history import History
from cjm_site.core.memo import Memo
from cjm_site.core.model import Handbook, Journey
from cjm_site.core.scale import EmotionScale
from cjm_site.insights.changes import counterparts
from cjm_site.render.markup import render_inline, render_note
from cjm_site.render.urls import (SOURCE_LINKS, URL_LINKS, relative_asset, relative_source,
                                  relative_url)
from cjm_site.render.whitespace import squeeze


@dataclass
class PageOptions:
    use_directory_urls: bool = True
    links: str = URL_LINKS
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
    # The rows of the stage grid: the built-in lanes and the site's own.
    lanes: tuple[Lane, ...] = LANES
    # What a page shows of its file's problems: "errors" or "all" (content advice too).
    page_problems: str = "errors"
    # Keep the theme's navigation and table of contents beside journey maps.
    map_sidebars: bool = False
    # The pages' language: a catalogue of core/language.py.
    language: str = ENGLISH

    @classmethod
    def from_options(cls, options: Mapping[str, Any], theme_language: str | None = None,
                     **site: Any) -> PageOptions:
        """From the plugin's options (core/options.py) and the site's settings (`site`, and
        the theme's language, which the option `language` overrides): the plugin and
        `cjm generate` both come here, so both render the same pages."""
        return cls(
            language=language_code(options["language"] or theme_language),
            journeys_section=options["journeys_url"].strip("/"),
            personas_section=options["personas_url"].strip("/"),
            allow_html=options["allow_html"],
            nav_group_size=options["nav_group_size"],
            scale=options["emotion_scale"],
            lanes=options["lanes"],
            insights=options["insights"],
            insights_section=options["insights_url"].strip("/"),
            moments_count=options["moments_count"],
            review_every=options["review_every"],
            page_problems=options["page_problems"],
            map_sidebars=options["map_sidebars"],
            **site,
        )


Rendered = tuple[str, list[tuple[int, str, str]]]  # HTML body and its (level, id, text) headings


class PageKind(Enum):
    """What a generated page is: the MkDocs adapter lays out the navigation by kind."""

    JOURNEY = "journey"
    PERSONA = "persona"
    PERSONA_PART = "persona-part"  # a persona's further pages of journeys, not in the nav
    BROKEN = "broken"  # a source file that could not be read
    JOURNEYS_INDEX = "journeys-index"
    JOURNEYS_LETTER = "journeys-letter"  # a letter's first page of a long index
    JOURNEYS_PART = "journeys-part"  # a letter's further pages, linked, not in the nav
    PERSONAS_INDEX = "personas-index"
    PERSONAS_LETTER = "personas-letter"
    PERSONAS_PART = "personas-part"
    INSIGHTS_INDEX = "insights-index"
    INSIGHT = "insight"


# The kinds of an index's pages: the index, a letter's first page, its further pages.
INDEX_KINDS = {
    "journeys": (PageKind.JOURNEYS_INDEX, PageKind.JOURNEYS_LETTER, PageKind.JOURNEYS_PART),
    "personas": (PageKind.PERSONAS_INDEX, PageKind.PERSONAS_LETTER, PageKind.PERSONAS_PART),
}


@dataclass
class GeneratedPage:
    """A page made from data: where it goes, its plain-text title and, rendered on first
    use, its HTML body and headings. What MkDocs needs to lay out the site (address, title,
    tags) is known at once; the body can wait, or be rendered elsewhere (the MkDocs adapter's prerender.py)."""

    src_uri: str
    title: str
    kind: PageKind
    render: Callable[[], Rendered] = field(repr=False)
    source: str | None = None
    tags: list[str] = field(default_factory=list)
    # Pages that only list what other pages hold (letter indexes, page 2 and on of a long
    # list) stay out of the search index: a search finds the journey, not every list of it.
    searchable: bool = True
    # What the body reads from the handbook besides the arguments of `render` (a journey's
    # maps it improves, its file's problems...): with them, the page's key (keys.py).
    reads: tuple = field(default=(), repr=False)
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


@functools.lru_cache(maxsize=None)
def _environment(code: str) -> jinja2.Environment:
    """The templates with their strings in one language (see core/language.py)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cjm_site.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do", "jinja2.ext.i18n"],
        # The templates ship with the package: no need to look at their files on every use.
        auto_reload=False,
    )
    language = Language(code)
    # New-style gettext escapes what it puts into a translated string.
    env.install_gettext_callables(language.gettext, language.ngettext, newstyle=True)
    env.policies["ext.i18n.trimmed"] = True
    # Lane items and notes are contributor Markdown, made safe HTML (markup.py).
    env.filters["inline"] = lambda text: markupsafe.Markup(render_inline(text))
    env.filters["note"] = lambda text: markupsafe.Markup(render_note(text))
    env.filters["day"] = language.date
    return env


def shown_scale(scale: EmotionScale, language: Language) -> EmotionScale:
    """The scale whose words pages show: the usual words in the pages' language; a site's
    or a map's own words as written."""
    words = {language.gettext(word): value for word, value in scale.words.items()}
    return scale if len(words) < len(scale.words) else EmotionScale(scale.low, scale.high,
                                                                    words)


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


class Site:
    """Addresses of generated pages; one per build."""

    def __init__(self, handbook: Handbook, options: PageOptions, memo: Memo | None = None,
                 history: History | None = None):
        self.handbook = handbook
        self.options = options
        self.memo = memo  # charts kept from earlier builds (mkdocs serve)
        self.history = history or History()
        self.language = Language(options.language)
        self.scale = shown_scale(options.scale, self.language)  # for words, not for reading
        # compare_with: each journey's version as of that revision, found once per build.
        earlier = self.history.earlier
        self.earlier_journeys = counterparts(earlier.handbook, handbook) if earlier else {}

    def scale_of(self, journey: Journey) -> EmotionScale:
        """The scale a journey's own page shows its emotions on: its own, else the site's."""
        if journey.emotion_scale == self.options.scale:
            return self.scale
        return shown_scale(journey.emotion_scale, self.language)

    def shown_problems(self, source: str) -> list:
        """The problems of a source file its page shows: errors (a page that is wrong, seen
        only under `mkdocs serve`, since they fail a build), and content advice only where
        the site asks for it (page_problems: all); advice belongs on the Content advice
        page and in the build log."""
        problems = self.handbook.problems_in(source)
        return problems if self.options.page_problems == "all" else [
            p for p in problems if p.is_error]

    def journey_uri(self, journey_id: str) -> str:
        return f"{self.options.journeys_section}/{journey_id}.md"

    def persona_uri(self, persona_id: str, number: int = 1) -> str:
        """'personas/maya.md'; its further pages of journeys: 'personas/maya/2.md'."""
        base = f"{self.options.personas_section}/{persona_id}"
        return f"{base}.md" if number == 1 else f"{base}/{number}.md"

    def journeys_index(self) -> str:
        return f"{self.options.journeys_section}/index.md"

    def personas_index(self) -> str:
        return f"{self.options.personas_section}/index.md"

    def insights_uri(self, folder: str = "", number: int = 1) -> str:
        """'insights/index.md', 'insights/kpis/index.md', 'insights/kpis/2.md' (page 2)."""
        base = "/".join(part for part in (self.options.insights_section, folder) if part)
        return f"{base}/index.md" if number == 1 else f"{base}/{number}.md"

    def linker(self, here: str) -> Callable[[str], str]:
        if self.options.links == SOURCE_LINKS:
            return lambda there: relative_source(here, there)
        return lambda there: relative_url(here, there, self.options.use_directory_urls)

    def asset_linker(self, here: str) -> Callable[[str], str]:
        """Links to files of the docs folder (a persona's portrait)."""
        if self.options.links == SOURCE_LINKS:
            return lambda path: relative_source(here, path)
        return lambda path: relative_asset(here, path, self.options.use_directory_urls)


def render_template(template: str, site: Site, here: str, **context: Any) -> Rendered:
    """The page's body in one element: the stylesheet scopes what it does to generated pages
    by `cjm-page`, and `cjm-page-<template>` names the layout (for site styles and tests).
    `scale` is the site's unless the context gives one (a journey's page: the map's own)."""
    layout = template.removesuffix(".html").replace("/", "-")
    context.setdefault("scale", site.scale)
    body = _environment(site.language.code).get_template(template).render(
        link=site.linker(here), asset=site.asset_linker(here), site=site,
        handbook=site.handbook, fmt=site.language.number,
        problems=site.handbook.problems, **context)
    html = squeeze(f'<div class="cjm-page cjm-page-{layout}">\n{body}</div>\n')
    toc = [(int(level), anchor, html_lib.unescape(_TAG.sub("", _PERMALINK.sub("", text))).strip())
           for level, anchor, text in _HEADING.findall(html)]
    return html, toc
