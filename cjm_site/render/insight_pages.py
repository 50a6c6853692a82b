"""The insight pages: the rows of insights/questions.py rendered, long lists split into pages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any, Callable

from cjm_site.insights import questions as insights
from cjm_site.insights.changes import recently_changed, summary as change_summary
from cjm_site.render.charts.bars import barriers_chart
from cjm_site.render.paging import INSIGHT_PAGE_SIZE, MATRIX_PAGE_SIZE, paginate
from cjm_site.render.site import GeneratedPage, PageKind, Site, render_template
from cjm_site.core.names import slug


def insight_pages(site: Site) -> list[GeneratedPage]:
    """The insights index, then each insight page (and its continuation pages)."""
    handbook, options = site.handbook, site.options
    groups = insights.pain_points(handbook)
    register = _grouped([(group, barrier) for group in groups for barrier in group.rows],
                        lambda group: Part(group.name, len(group.rows), group.open))
    starts = _starts(register, lambda part: part.name.key)
    anchors = _anchors(group.name.label for group in groups)
    found = insights.opportunities(handbook)
    matrix = insights.channel_matrix(handbook, scale=options.scale)
    # Maps with a range of their own: the pages that compare scores say how (scale_note).
    rescaled = insights.rescaled(handbook, options.scale)
    lowest, highest = insights.moments_of_truth(handbook, options.moments_count,
                                                options.scale)
    flagged = insights.flagged_moments(handbook)
    kpis = insights.kpis(handbook)
    today = options.today or date.today()
    reviews = insights.reviews(handbook, today, options.review_every)
    plan = insights.action_plan(handbook)
    advice = insights.advice(handbook)
    recent = site.history.recent
    changed = recently_changed(recent, handbook) if recent else []
    measured = sum(row.meets is not None for row in kpis)
    met = sum(row.meets is True for row in kpis)
    # The index shows counts only: it is given counts (its key stays small, see keys.py).
    counts = {"journeys": len(handbook.journeys), "stage_names": len(groups),
              "barriers": sum(len(group.rows) for group in groups),
              "open": sum(group.open for group in groups), "solutions": len(found),
              "channels": len(matrix.channels),
              "columns": len(matrix.columns) + matrix.other_columns,
              "flagged": len(flagged), "kpis": len(kpis), "measured": measured, "met": met,
              "reviews": len(reviews), "overdue": sum(review.overdue for review in reviews),
              "changed_journeys": sum(row.kind == "journey" for row in changed),
              "changed_personas": sum(row.kind == "persona" for row in changed),
              "advice": len(advice),
              "plan": sum(len(group.rows) for group in plan),
              "under_way": sum(len(group.rows) for group in plan
                               if group.status in ("doing", "planned"))}

    _ = site.language.gettext
    pages = [_page(site, "", _("Insights"), "index.html", PageKind.INSIGHTS_INDEX, counts=counts,
                   recent=recent and recent.days)]
    # The summary of the stage names (as many as a page lists, those with most barriers) and
    # its chart are on the first page only.
    most = {id(group)
            for group in sorted(groups, key=lambda g: -len(g.rows))[:INSIGHT_PAGE_SIZE]}
    pages += _paged(site, "pain-points", _("Pain points"), "pain-points.html", register,
                    first={"groups": [group for group in groups if id(group) in most],
                           "other_groups": len(groups) - len(most),
                           "chart": partial(barriers_chart, groups, "cjm-barriers",
                                            language=site.language)},
                    anchors=anchors, starts=starts, rescaled=rescaled)
    pages += _paged(site, "opportunities", _("Opportunities"), "opportunities.html",
                    _grouped([(o, place) for o in found for place in o.places],
                             lambda o: Part(o.text, len(o.places))))
    actions = _grouped([(group, row) for group in plan for row in group.rows],
                       lambda group: Part(group.status, len(group.rows)))
    pages += _paged(site, "action-plan", _("Action plan"), "action-plan.html", actions,
                    today=today, starts=_starts(actions, lambda part: part.name))
    # The matrix pages show the cells, not the touchpoints the channel pages list; a
    # handbook of many channels continues on further pages.
    pages += _paged(site, "channels", _("Channels"), "channels.html",
                    paginate([replace(channel, touchpoints=[]) for channel in matrix.channels],
                             MATRIX_PAGE_SIZE), matrix=replace(matrix, channels=[]),
                    channel_count=len(matrix.channels), rescaled=rescaled)
    for channel in matrix.channels:
        pages += _paged(site, f"channels/{channel.slug}", channel.label, "channel.html",
                        paginate(channel.touchpoints),
                        channel=Part(channel.label, channel.total.count, mean=channel.total.mean),
                        rescaled=rescaled)
    pages += _paged(site, "moments", _("Moments of truth"), "moments.html", paginate(flagged),
                    lowest=lowest, highest=highest, rescaled=rescaled)
    pages += _paged(site, "kpis", _("KPIs"), "kpis.html", paginate(kpis), measured=measured,
                    met=met)
    pages += _paged(site, "reviews", _("Review status"), "reviews.html", paginate(reviews),
                    overdue=sum(r.overdue for r in reviews))
    if advice:
        pages += _paged(site, "advice", _("Content advice"), "advice.html", paginate(advice))
    if recent:
        pages += _paged(site, "recent", _("Recently changed"), "recent.html", paginate(changed),
                        recent=recent, journeys=sum(row.kind == "journey" for row in changed),
                        personas=sum(row.kind == "persona" for row in changed),
                        describe=change_summary)
    return pages


def _page(site: Site, folder: str, title: str, template: str,
          kind: PageKind = PageKind.INSIGHT, number: int = 1, reads: tuple = (),
          **context: Any) -> GeneratedPage:
    here = site.insights_uri(folder, number)
    return GeneratedPage(here, title if number == 1 else f"{title} ({number})", kind, partial(
        render_template, f"insights/{template}", site, here, title=title, number=number,
        heat=insights.heat, **context), searchable=number == 1, reads=reads)


def _paged(site: Site, folder: str, title: str, template: str, chunks: list[list],
           first: dict[str, Any] | None = None, **context: Any) -> list[GeneratedPage]:
    """One page per chunk of rows, each linking to all of them; `first`: context only the
    first page shows (an edit elsewhere leaves the other pages as they are)."""
    pager = [site.insights_uri(folder, n) for n in range(1, len(chunks) + 1)]
    blank = {name: None for name in first or {}}
    return [_page(site, folder, title, template, number=number, rows=chunk, pager=pager,
                  **((first or {}) if number == 1 else blank), **context)
            for number, chunk in enumerate(chunks, 1)]


@dataclass(frozen=True)
class Part:
    """What a page of a long list shows of a group it holds rows of: its name and size, not
    its rows on other pages, so that an edit of those leaves this page as it is."""

    name: Any
    count: int
    open: int = 0  # pain points: barriers without a solution
    mean: float | None = None  # channels: the mean emotion


def _grouped(pairs: list[tuple[Any, Any]],
             part: Callable[[Any], Part]) -> list[list[tuple[Part, list]]]:
    """(group, row) pairs in pages of at most INSIGHT_PAGE_SIZE rows, each page a list of (the
    group's Part, its rows on that page): a group too long for one page continues on the
    next, so that no page grows with the handbook."""
    pages: list[list[tuple[Part, list]]] = []
    parts: dict[int, Part] = {}
    for chunk in paginate(pairs):
        page: list[tuple[Part, list]] = []
        for group, row in chunk:
            if id(group) not in parts:
                parts[id(group)] = part(group)
            if not page or page[-1][0] is not parts[id(group)]:
                page.append((parts[id(group)], []))
            page[-1][1].append(row)
        pages.append(page)
    return pages


def _starts(pages: list[list[tuple[Any, list]]], key) -> dict[Any, int]:
    """The number of the page each group of `_grouped` pages starts on, by `key(group)`."""
    starts: dict[Any, int] = {}
    for number, page in enumerate(pages, 1):
        for group, _ in page:
            starts.setdefault(key(group), number)
    return starts


def _anchors(labels) -> dict[str, str]:
    """A unique HTML id per stage name."""
    taken: set[str] = set()
    return {label: insights.unique(f"stage-{slug(label)}", taken) for label in labels}
