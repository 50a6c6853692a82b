"""Model -> the journey, persona, index and broken-file pages."""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

from cjm_site.core.lanes import filled, is_blueprint
from cjm_site.core.model import Broken, Journey, Persona
from cjm_site.insights.questions import persona_summary
from cjm_site.render import paging
from cjm_site.render.charts import curve as charts
from cjm_site.render.charts.funnel import funnel_chart
from cjm_site.render.charts.map_curve import map_curve
from cjm_site.render.grid import grid_rows, icon_sprite
from cjm_site.render.markup import render_markdown
from cjm_site.render.poster import poster
from cjm_site.render.site import (INDEX_KINDS, GeneratedPage, PageKind, Rendered, Site,
                                  render_template, shown_scale)


def journey_page(site: Site, journey: Journey) -> GeneratedPage:
    here = site.journey_uri(journey.id)
    handbook = site.handbook
    return GeneratedPage(here, journey.title, PageKind.JOURNEY, partial(_journey, site, journey, here),
                         journey.source, list(journey.tags),
                         reads=(handbook.journeys.get(journey.improves or ""),
                                _compared(site, journey),
                                handbook.improvements_of(journey.id)[:MAX_COMPARED],
                                len(handbook.improvements_of(journey.id)),
                                site.shown_problems(journey.source),
                                site.history.files.get(journey.source), _earlier(site, journey),
                                # The persona cards on the map.
                                tuple(handbook.personas.get(p) for p in journey.personas)))


def _earlier(site: Site, journey: Journey) -> tuple:
    """What the page shows of the revision the site compares with: its name, its commit
    and the journey as it was then."""
    earlier = site.history.earlier
    return (earlier.revision, earlier.commit, site.earlier_journeys.get(journey.id)) \
        if earlier else ()


# Future maps a current map's page compares it with and links to; the others are counted.
# A future map's page compares it with its current map only: comparisons grow linearly.
MAX_COMPARED = 6


def _compared(site: Site, journey: Journey) -> list[Journey]:
    """The current journey and the futures its as-is/to-be chart shows (none: no chart)."""
    if journey.improves:
        current = site.handbook.journeys.get(journey.improves)
        return [current, journey] if current else []
    futures = site.handbook.improvements_of(journey.id)[:MAX_COMPARED]
    return [journey, *futures] if futures else []


def _journey(site: Site, journey: Journey, here: str) -> Rendered:
    options = site.options
    narrative = render_markdown(journey.narrative, options.markdown_extensions,
                                options.markdown_configs, options.allow_html)
    earlier = site.history.earlier
    then = site.earlier_journeys.get(journey.id)
    language = site.language
    scale = site.scale_of(journey)
    curve = map_curve(journey, scale, {p: site.handbook.personas[p].name
                                       for p in journey.personas
                                       if p in site.handbook.personas},
                      (then, language.gettext("As of %(revision)s (%(day)s)") % {
                          "revision": earlier.revision, "day": language.date(earlier.commit.day)})
                      if then else None, language)
    rows = grid_rows(journey, options.lanes, curve is not None)
    # The same as-is/to-be comparison on the current journey's page and on each future's:
    # on their own scale when they share one, else on the handbook's.
    compared = _compared(site, journey)
    common = (shown_scale(charts.common_scale(compared, options.scale), language)
              if compared else site.scale)
    compare = (charts.compare_curve(compared[0], compared[1:], common,
                                    f"cjm-compare-{journey.id}", site.memo, language)
               if compared else "")
    return render_template(
        "journey.html", site, here, journey=journey, narrative=narrative, curve=curve,
        rows=rows, icons=icon_sprite([row.lane for row in rows if row.lane]), filled=filled,
        poster=poster(journey, rows, [site.handbook.personas.get(p) for p in journey.personas],
                      len(curve.legend) if curve else 0),
        compare=compare,
        compare_scale=common if charts.rescaled(compared, common) else None, scale=scale,
        funnel=funnel_chart(journey, f"cjm-funnel-{journey.id}", language),
        improved_by=site.handbook.improvements_of(journey.id)[:MAX_COMPARED],
        improved_more=max(0, len(site.handbook.improvements_of(journey.id)) - MAX_COMPARED),
        file_problems=site.shown_problems(journey.source),
        history=site.history.files.get(journey.source), earlier=earlier,
        earlier_journey=then)


def persona_pages(site: Site, persona: Persona) -> list[GeneratedPage]:
    """The persona's page; a persona in more journeys than a page lists continues on
    further pages (the portrait stays on the first), so that no page grows with N."""
    chunks = paging.paginate(site.handbook.journeys_of(persona.id))
    pager = [site.persona_uri(persona.id, n) for n in range(1, len(chunks) + 1)]
    problems = site.shown_problems(persona.source)
    total = sum(map(len, chunks))
    return [GeneratedPage(
        here, persona.name if number == 1 else f"{persona.name} ({number})",
        PageKind.PERSONA if number == 1 else PageKind.PERSONA_PART,
        partial(_persona, site, persona, here, journeys, number, pager, total, problems),
        persona.source, searchable=number == 1)
        for number, (here, journeys) in enumerate(zip(pager, chunks), 1)]


def _persona(site: Site, persona: Persona, here: str, journeys: list[Journey], number: int,
             pager: list[str], total: int, problems: list) -> Rendered:
    options = site.options
    narrative = render_markdown(persona.narrative, options.markdown_extensions,
                                options.markdown_configs, options.allow_html) \
        if number == 1 else ""
    return render_template(
        "persona.html", site, here, persona=persona, narrative=narrative,
        journeys=persona_summary(journeys, persona.id, options.scale), number=number,
        pager=pager, total=total, title=persona.name, file_problems=problems)


def journeys_index(site: Site) -> list[GeneratedPage]:
    return _index_pages(site, "journeys", INDEX_KINDS["journeys"],
                        list(site.handbook.journeys.values()),
                        lambda j: j.title, site.journeys_index(), "journeys.html",
                        site.language.gettext("Journeys"),
                        sparkline=lambda journey: charts.sparkline(
                            journey, site.scale_of(journey), language=site.language),
                        blueprint=lambda journey: is_blueprint(journey, site.options.lanes))


def personas_index(site: Site) -> list[GeneratedPage]:
    return _index_pages(site, "personas", INDEX_KINDS["personas"],
                        list(site.handbook.personas.values()),
                        lambda p: p.name, site.personas_index(), "personas.html",
                        site.language.gettext("Personas"),
                        reads=lambda personas: [len(site.handbook.journeys_of(p.id))
                                                for p in personas])


def _index_pages(site: Site, plural: str, kinds: tuple[PageKind, PageKind, PageKind],
                 items: list, title_of: Callable[[Any], str], here: str, template: str,
                 heading: str, reads: Callable[[list], list] = lambda items: [],
                 **context: Any) -> list[GeneratedPage]:
    """The index page of journeys or personas; beyond `nav_group_size` items, the index
    lists letters and one page per letter part lists the items (see paging.py): no page
    grows with N. `kinds`: of the index, a letter's first page and its further pages;
    `reads`: what the template reads of the handbook about the items a page lists."""
    index_kind, letter_kind, part_kind = kinds
    if len(items) <= site.options.nav_group_size:
        return [GeneratedPage(here, heading, index_kind, partial(
            render_template, template, site, here, heading=heading, total=len(items), letters=[],
            pager=None, **{plural: items}, **context), reads=(reads(items),))]
    folder = here[:-len("index.md")] + "by-letter/"
    parts = paging.by_letter(items, title_of)

    def uri(group: paging.LetterGroup) -> str:
        slug = "other" if group.letter == "#" else group.letter.lower()
        return f"{folder}{slug}.md" if group.part == 1 else f"{folder}{slug}-{group.part}.md"

    counts = {g.letter: sum(len(o.items) for o in parts if o.letter == g.letter) for g in parts}
    letters = [(g.letter, uri(g), counts[g.letter]) for g in parts if g.part == 1]
    # A letter's pages count only its own items and link the other letters without their
    # counts: a map added, renamed or deleted changes its letters' pages, not all of them.
    links = [(letter, address, None) for letter, address, _ in letters]
    pages = [GeneratedPage(here, heading, index_kind, partial(
        render_template, template, site, here, heading=heading, total=len(items), letters=letters,
        pager=None, **{plural: []}, **context))]
    for n, group in enumerate(parts):
        pager = [(rel, uri(other)) for rel, other in
                 (("prev", parts[n - 1] if n else None),
                  ("next", parts[n + 1] if n + 1 < len(parts) else None)) if other]
        # The first part of a letter is in the navigation, further parts only linked.
        pages.append(GeneratedPage(
            uri(group), group.label, letter_kind if group.part == 1 else part_kind,
            partial(render_template, template, site, uri(group), heading=f"{heading}: {group.label}",
                    total=counts[group.letter], letters=links, pager=pager, **{plural: group.items},
                    **context), searchable=False, reads=(reads(group.items),)))
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
    return GeneratedPage(here, broken.title, PageKind.BROKEN, partial(
        render_template, "broken.html", site, here, broken=broken,
        file_problems=site.handbook.problems_in(broken.source)), broken.source)
