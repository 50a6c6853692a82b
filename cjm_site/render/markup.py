"""Contributor Markdown -> safe HTML."""

from __future__ import annotations

from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Tags Python-Markdown and its common extensions produce; anything else is dropped.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
}


def sanitise(html: str) -> str:
    """Keep formatting, drop scripts, event handlers, frames and non-web links."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel=None,
                     strip_comments=True)


def render_markdown(text: str, extensions: list[Any] | None = None,
                    configs: dict[str, Any] | None = None, allow_html: bool = False) -> str:
    """The narrative as HTML; `# Title` becomes a level-2 heading under the page's title."""
    if not text.strip():
        return ""
    html = _converter(extensions, configs).convert(text)
    return html if allow_html else sanitise(html)


# Setting up Python-Markdown's extensions costs more than converting a narrative: reuse.
_converters: dict[str, markdown.Markdown] = {}


def _converter(extensions: list[Any] | None, configs: dict[str, Any] | None) -> markdown.Markdown:
    key = repr((extensions, configs))
    md = _converters.get(key)
    if md is None:
        if len(_converters) > 8:  # a long `mkdocs serve` session with changing settings
            _converters.clear()
        md = _converters[key] = markdown.Markdown(
            extensions=[*(extensions or ["tables", "sane_lists"]), _DemoteHeadings()],
            extension_configs=configs or {})
    md.reset()
    return md


class _DemoteHeadingsProcessor(Treeprocessor):
    def run(self, root: Any) -> None:
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5"):
                element.tag = f"h{int(element.tag[1]) + 1}"


class _DemoteHeadings(Extension):
    """The page's h1 is the journey's title: the narrative's `#` headings become h2."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        # Before `toc` (priority 5), so heading ids and the page's outline agree.
        md.treeprocessors.register(_DemoteHeadingsProcessor(md), "cjm_demote_headings", 6)
