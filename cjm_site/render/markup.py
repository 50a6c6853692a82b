"""Contributor Markdown -> safe HTML."""

from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Collection
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

# Contributor ids live in a namespace of their own, so that a narrative can never stand in
# for an element the theme or the plugin finds by id (Material reads its settings from the
# first element with id "__config"). Names are not kept at all.
ID_PREFIX = "cjm-u-"
_FRAGMENT_LINK = re.compile(r'href="#([^"]*)"')


# What a lane item may carry (links, emphasis, code), and a note (paragraphs, lists too).
_INLINE_TAGS = {"a", "abbr", "b", "br", "code", "del", "em", "i", "kbd", "mark", "s", "small",
                "strong", "sub", "sup", "u"}
_NOTE_TAGS = _INLINE_TAGS | {"blockquote", "li", "ol", "p", "pre", "ul"}


def sanitise(html: str, tags: set[str] | None = None) -> str:
    """Keep formatting, drop scripts, event handlers, frames and non-web links; prefix ids
    and the links to them within the same text (headings, footnotes)."""
    ids: set[str] = set()

    def prefix_id(tag: str, name: str, value: str) -> str:
        if name == "id":
            ids.add(value)
            return ID_PREFIX + value
        return value

    clean = nh3.clean(html, tags=_TAGS if tags is None else tags, attributes=_ATTRIBUTES,
                      attribute_filter=prefix_id,
                      url_schemes={"http", "https", "mailto"}, link_rel=None,
                      strip_comments=True)
    if not ids:
        return clean
    return _FRAGMENT_LINK.sub(
        lambda m: f'href="#{ID_PREFIX}{m[1]}"' if html_lib.unescape(m[1]) in ids else m[0],
        clean)


# Extensions known to only turn text into markup: none reads files, fetches URLs or runs
# code named in the text. Contributor text gets no other extension (pymdownx.snippets and
# pymdownx.b64 read files, mkdocstrings imports code, markdown-exec runs it), however the site
# lists it: a maintainer names more in the `trusted_extensions` option.
SAFE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
    "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
    "smarty", "tables", "toc", "wikilinks",
    *(f"pymdownx.{name}" for name in (
        "arithmatex", "betterem", "blocks.admonition", "blocks.caption", "blocks.definition",
        "blocks.details", "blocks.html", "blocks.tab", "caret", "critic", "details", "emoji",
        "escapeall", "extra", "fancylists", "highlight", "inlinehilite", "keys", "magiclink",
        "mark", "progressbar", "saneheaders", "smartsymbols", "striphtml", "superfences",
        "tabbed", "tasklist", "tilde")),
})
# Custom fences (superfences) and inline code (inlinehilite) call a function named in
# mkdocs.yml on the contributor's text: only these, which just wrap it, are kept.
SAFE_FORMATTERS = frozenset({
    "pymdownx.superfences.fence_code_format", "pymdownx.superfences.fence_div_format",
    "pymdownx.superfences.default_validator", "pymdownx.arithmatex.arithmatex_fenced_format",
    "pymdownx.arithmatex.arithmatex_inline_format", "pymdownx.inlinehilite.default_validator",
})
_CUSTOM = {"pymdownx.superfences": "custom_fences", "pymdownx.inlinehilite": "custom_inline"}


def contributor_extensions(extensions: list[Any], configs: dict[str, Any],
                           trusted: Collection[str] = ()) -> tuple[list[str], dict[str, Any],
                                                             list[str]]:
    """The site's Markdown extensions and settings that contributor text may use, and the
    names of what was left out (extension names, or 'name: custom fence x')."""
    kept: list[str] = []
    kept_configs: dict[str, Any] = {}
    left_out: list[str] = []
    for extension in extensions:
        if not isinstance(extension, str):  # an instance a plugin added: unknown power
            left_out.append(type(extension).__name__)
            continue
        # 'markdown.extensions.toc' and 'toc:TocExtension' are 'toc'.
        module = extension.split(":", 1)[0].removeprefix("markdown.extensions.")
        if module not in SAFE_EXTENSIONS and extension not in trusted:
            left_out.append(extension)
            continue
        kept.append(extension)
        config = configs.get(extension)
        if config is None:
            continue
        custom = _CUSTOM.get(module)
        if custom and config.get(custom) and extension not in trusted:
            safe = [entry for entry in config[custom] if _wraps_only(entry)]
            left_out += [f"{extension}: custom {entry.get('name')!r}" for entry in
                         config[custom] if entry not in safe]
            config = {**config, custom: safe}
        kept_configs[extension] = config
    return kept, kept_configs, left_out


def left_out_message(left_out: list[str]) -> str:
    return ("narratives are rendered without these Markdown extensions of the site, which "
            f"are not known to be safe for contributor text: {', '.join(left_out)} "
            "(see 'trusted_extensions')")


def _wraps_only(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    functions = [entry[key] for key in ("format", "validator") if key in entry]
    return all(f"{getattr(f, '__module__', '')}.{getattr(f, '__qualname__', '')}"
               in SAFE_FORMATTERS for f in functions)


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
    try:
        html = _converter(extensions, configs).convert(text)
    except RecursionError:  # validation reports what nests this deep; the page still shows it
        return f"<pre>{html_lib.escape(text)}</pre>"
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
