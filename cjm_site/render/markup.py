"""Contributor Markdown -> safe HTML."""

from __future__ import annotations

import functools
import html as html_lib
import re
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

# Extensions that read files or run code; contributor text never gets them.
UNSAFE_EXTENSIONS = {"pymdownx.snippets", "markdown_include.include"}


def contributor_extensions(extensions: list[Any], configs: dict[str, Any]
                           ) -> tuple[list[Any], dict[str, Any]]:
    """The site's Markdown extensions and settings that contributor text may use."""
    return [e for e in extensions if not (isinstance(e, str) and e in UNSAFE_EXTENSIONS)], configs


# What a lane item may carry (links, emphasis, code), and a note (paragraphs, lists too).
_INLINE_TAGS = {"a", "abbr", "b", "br", "code", "del", "em", "i", "kbd", "mark", "s", "small",
                "strong", "sub", "sup", "u"}
_NOTE_TAGS = _INLINE_TAGS | {"blockquote", "li", "ol", "p", "pre", "ul"}


def sanitise(html: str, tags: set[str] | None = None) -> str:
    """Keep formatting, drop scripts, event handlers, frames and non-web links."""
    return nh3.clean(html, tags=_TAGS if tags is None else tags, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel=None,
                     strip_comments=True)


# Characters that may start Markdown formatting in a line of text: without any, the text
# is the same escaped as converted.
_FORMATTING = re.compile(r"[*_`\[\]<>&\\]|  ")
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)


@functools.lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """A lane item's inline Markdown (links, emphasis, code) as safe HTML. Raw HTML and
    block syntax (headings, lists, quotes) stay text as written; the same sanitiser as
    narratives keeps http, https, mailto and relative links only."""
    if not _FORMATTING.search(text):
        return html_lib.escape(text, quote=False)
    out = _restricted(_INLINE_BLOCKS).convert(text)
    out = "<br>".join(_PARAGRAPH.sub(r"\1", part) for part in out.split("\n\n"))
    return sanitise(out, _INLINE_TAGS)


@functools.lru_cache(maxsize=1024)
def render_note(text: str) -> str:
    """A text lane (a stage's notes) as safe HTML: paragraphs, lists, quotes and code of
    Markdown, with the inline formatting of lane items; no headings, no raw HTML."""
    return sanitise(_restricted(_NOTE_BLOCKS).convert(text), _NOTE_TAGS)


# Block processors Python-Markdown keeps for lane items and for notes; its raw HTML,
# reference and image syntax is never read in either.
_INLINE_BLOCKS = ("empty", "paragraph")
_NOTE_BLOCKS = ("empty", "indent", "code", "olist", "ulist", "quote", "paragraph")
_restricted_converters: dict[tuple[str, ...], markdown.Markdown] = {}


def _restricted(blocks: tuple[str, ...]) -> markdown.Markdown:
    md = _restricted_converters.get(blocks)
    if md is None:
        md = _restricted_converters[blocks] = markdown.Markdown(extensions=["sane_lists"])
        for name in ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist",
                     "quote", "reference"):
            if name not in blocks:
                md.parser.blockprocessors.deregister(name)
        md.preprocessors.deregister("html_block")
        for name in ("html", "reference", "image_link", "image_reference", "short_reference",
                     "short_image_ref"):
            md.inlinePatterns.deregister(name)
    md.reset()
    return md


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
