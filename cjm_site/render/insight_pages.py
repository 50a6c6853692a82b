"""The insight pages: the rows of insights/questions.py rendered, long lists split into pages."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from cjm_site.insights import questions as insights
from cjm_site.insights.changes import recently_changed, summary as change_summary
from cjm_site.render.charts.bars import barriers_chart
from cjm_site.render.paging import paginate
from cjm_site.render.site import GeneratedPage, PageKind, Site, render_template
from cjm_site.core.names import slug


def insight_pages(site: Site) -> list[GeneratedPage]:
    """The insights index, then each insight page (and its continuation pages)."""
    handbook, options = site.handbook, site.options
    groups = insights.pain_points(handbook)
    register = _grouped([(group, barrier) for group in groups for barrier in group.rows])
    starts: dict[str, int] = {}
    for number, page in enumerate(register, 1):
        for group, _ in page:
            starts.setdefault(group.name.key, number)
    anchors = _anchors(group.name.label for group in groups)
    found = insights.opportunities(handbook)
    matrix = insights.channel_matrix(handbook)
    lowest, highest = insights.moments_of_truth(handbook, options.moments_count,
                                                options.scale)
    flagged = insights.flagged_moments(handbook)
    kpis = insights.kpis(handbook)
    reviews = insights.reviews(handbook, options.today or date.today(), options.review_every)
    advice = insights.advice(handbook)
    recent = site.history.recent
    changed = recently_changed(recent, handbook) if recent else []
    summary = {"groups": groups, "opportunities": found, "matrix": matrix, "kpis": kpis,
               "reviews": reviews, "advice": advice, "flagged": flagged, "recent": recent,
               "changed": changed}

    pages = [_page(site, "", "Insights", "index.html", PageKind.INSIGHTS_INDEX, **summary)]
    pages += _paged(site, "pain-points", "Pain points", "pain-points.html", register,
                    groups=groups, anchors=anchors, starts=starts,
                    chart=barriers_chart(groups, "cjm-barriers"))
    pages += _paged(site, "opportunities", "Opportunities", "opportunities.html",
                    _grouped([(o, place) for o in found for place in o.places]))
    pages.append(_page(site, "channels", "Channels", "channels.html", matrix=matrix))
    for channel in matrix.channels:
        pages += _paged(site, f"channels/{channel.slug}", channel.label, "channel.html",
                        paginate(channel.touchpoints), channel=channel)
    pages += _paged(site, "moments", "Moments of truth", "moments.html", paginate(flagged),
                    lowest=lowest, highest=highest)
    pages += _paged(site, "kpis", "KPIs", "kpis.html", paginate(kpis),
                    measured=sum(row.meets is not None for row in kpis),
                    met=sum(row.meets is True for row in kpis))
    pages += _paged(site, "reviews", "Review status", "reviews.html", paginate(reviews),
                    overdue=sum(r.overdue for r in reviews))
    if advice:
        pages += _paged(site, "advice", "Content advice", "advice.html", paginate(advice))
    if recent:
        pages += _paged(site, "recent", "Recently changed", "recent.html", paginate(changed),
                        recent=recent, total=len(changed), describe=change_summary)
    return pages


def _page(site: Site, folder: str, title: str, template: str,
          kind: PageKind = PageKind.INSIGHT,
          number: int = 1, **context: Any) -> GeneratedPage:
    here = site.insights_uri(folder, number)
    return GeneratedPage(here, title if number == 1 else f"{title} ({number})", kind, partial(
        render_template, f"insights/{template}", site, here, title=title, number=number,
        heat=insights.heat, **context), searchable=number == 1)


def _paged(site: Site, folder: str, title: str, template: str, chunks: list[list],
           **context: Any) -> list[GeneratedPage]:
    """One page per chunk of rows, each linking to all of them."""
    pager = [site.insights_uri(folder, n) for n in range(1, len(chunks) + 1)]
    return [_page(site, folder, title, template, number=number, rows=chunk, pager=pager,
                  **context)
            for number, chunk in enumerate(chunks, 1)]


def _grouped(pairs: list[tuple[Any, Any]]) -> list[list[tuple[Any, list]]]:
    """(group, row) pairs in pages of at most INSIGHT_PAGE_SIZE rows, each page a list of (group,
    its rows on that page): a group too long for one page continues on the next, so that
    no page grows with the handbook."""
    pages: list[list[tuple[Any, list]]] = []
    for chunk in paginate(pairs):
        page: list[tuple[Any, list]] = []
        for group, row in chunk:
            if not page or page[-1][0] is not group:
                page.append((group, []))
            page[-1][1].append(row)
        pages.append(page)
    return pages


def _anchors(labels) -> dict[str, str]:
    """A unique HTML id per stage name."""
    taken: set[str] = set()
    return {label: insights.unique(f"stage-{slug(label)}", taken) for label in labels}
