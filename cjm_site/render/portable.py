"""A generated page as a Markdown file that any Python-Markdown engine builds as the plugin
would: front matter, then the page's HTML as raw blocks, its headings as Markdown headings
so that the engine's table of contents and permalinks pick them up.

The HTML must come through an engine that parses the file as Markdown, so each top-level
element becomes one raw block that starts at the line's first column and holds no blank line
(CommonMark ends an HTML block at a blank line and reads the rest as Markdown). No line of a
block starts with contributor text, and contributor text carries no braces: preprocessors
that run over raw HTML too (fenced code, snippets, critic marks, template plugins such as
macros) find nothing to act on. Text keeps its meaning: a newline inside text or an
attribute becomes `&#10;`, which a browser reads as the same newline.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cjm_site.core.words import inert

if TYPE_CHECKING:
    from cjm_site.render.site import GeneratedPage

MARKDOWN_HEADINGS = "markdown"  # `## Title {#id}`: needs attr_list, gets toc and permalinks
HTML_HEADINGS = "html"  # raw `<h2 id>`: works everywhere, outside the table of contents

# Void elements have no end tag; raw-text elements hold no tags.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_RAW_TEXT = frozenset({"script", "style"})
_PREFORMATTED = frozenset({"pre", "textarea"})
_HEADING = re.compile(r"h[1-6]")
_TOKEN = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<raw><(?P<rawname>script|style)\b[^>]*>.*?</(?P=rawname)\s*>)"
    r"|(?P<end></(?P<endname>[A-Za-z][^\s/>]*)\s*>)"
    r"|(?P<start><(?P<name>[A-Za-z][^\s/>]*)(?P<attrs>(?:\s+[^\s\"'>/=]+(?:\s*=\s*"
    r"(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*(?P<close>/?)>)"
    r"|(?P<decl><![^>]*>)"
    r"|(?P<text>[^<]+|<)",
    re.S | re.I)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_ID = re.compile(r"[A-Za-z0-9_-]+")


@dataclass
class _Node:
    """An element (start tag, children, end tag) or a leaf: text, comment, raw-text element."""

    start: str
    name: str = ""  # lowercase tag name; "" for leaves
    children: list[_Node] = field(default_factory=list)
    end: str = ""
    text: bool = False


def markdown_file(page: GeneratedPage, front_matter: bool = True,
                  headings: str = MARKDOWN_HEADINGS) -> str:
    """The Markdown file of a generated page."""
    head = ""
    if front_matter:
        meta: dict = {"title": inert(page.title)}
        if page.tags:
            meta["tags"] = [inert(tag) for tag in page.tags]
        if not page.searchable:
            meta["search"] = {"exclude": True}
        head = f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n\n"
    return head + markdown_body(page.html, headings)


def markdown_body(body: str, headings: str = MARKDOWN_HEADINGS) -> str:
    """HTML made by the renderer as Markdown blocks, separated by blank lines."""
    blocks: list[str] = []
    for node in _parse(body):
        if node.text:
            if node.start.strip():  # loose text: never made by the templates, kept anyway
                blocks.append(f"<p>{_serialise(node, False)}</p>")
            continue
        if headings == MARKDOWN_HEADINGS:
            heading = _markdown_heading(node)
            if heading is not None:
                blocks.append(heading)
                continue
            if _splittable(node):
                blocks += _split(node)
                continue
        blocks.append(_serialise(node, False))
    return "\n\n".join(blocks) + "\n"


# -- parsing -----------------------------------------------------------------------------


def _parse(body: str) -> list[_Node]:
    """The top-level nodes of well-formed HTML (what the templates and the sanitiser make)."""
    root = _Node("", "#root")
    stack = [root]
    for match in _TOKEN.finditer(body):
        token = match.group(0)
        if match.group("start") is not None:
            name = match.group("name").lower()
            node = _Node(token, name)
            stack[-1].children.append(node)
            if name not in _VOID and not match.group("close"):
                stack.append(node)
        elif match.group("end") is not None:
            name = match.group("endname").lower()
            # Close up to the matching element (an unmatched end tag is kept as text).
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].name == name:
                    stack[depth].end = token
                    del stack[depth:]
                    break
            else:
                stack[-1].children.append(_Node(html.escape(token), text=True))
        elif match.group("text") is not None:
            stack[-1].children.append(_Node(token if token != "<" else "&lt;", text=True))
        else:  # comment, declaration, script or style: kept whole
            stack[-1].children.append(_Node(token))
    return root.children


# -- writing -----------------------------------------------------------------------------


def _serialise(node: _Node, preformatted: bool) -> str:
    if node.text:
        return _text(node.start, preformatted)
    if not node.name:  # comment, declaration, raw-text element: their own syntax
        return _BLANK_LINES.sub("\n", node.start)
    inside = preformatted or node.name in _PREFORMATTED
    return (_tag(node.start) + "".join(_serialise(c, inside) for c in node.children)
            + node.end)


def _text(text: str, preformatted: bool) -> str:
    if not preformatted and not text.strip():
        # Whitespace between tags: one line break reads the same and starts the next line
        # with a tag.
        return "\n" if "\n" in text else text
    return text.replace("\n", "&#10;").replace("{", "&#123;").replace("}", "&#125;")


def _tag(tag: str) -> str:
    if "\n" not in tag and "{" not in tag and "}" not in tag:
        return tag
    quoted = _QUOTED.sub(lambda m: _text(m[0], True), tag)
    return re.sub(r"\s*\n\s*", " ", quoted)


def _markdown_heading(node: _Node) -> str | None:
    """`## Title {#id}` for a heading with an id and plain text, else None."""
    if not _HEADING.fullmatch(node.name):
        return None
    attrs = _attributes(node.start)
    anchor = attrs.pop("id", None)
    if attrs or anchor is None or not _ID.fullmatch(anchor):
        return None
    parts = []
    for child in node.children:
        if child.text:
            parts.append(html.unescape(child.start))
        elif child.name == "a" and "headerlink" in _attributes(child.start).get("class", ""):
            continue  # the engine adds its own permalink
        else:
            return None
    text = " ".join("".join(parts).split())
    if not text:
        return None
    return f"{'#' * int(node.name[1])} {inert(text)} {{#{anchor}}}"


def _splittable(node: _Node) -> bool:
    """A plain wrapper (`<div class>`) whose own headings, or those of plain wrappers in it,
    can be lifted out of it."""
    return (node.name == "div" and set(_attributes(node.start)) <= {"class"}
            and any(_markdown_heading(child) or _splittable(child)
                    for child in node.children if child.name))


def _split(node: _Node) -> list[str]:
    """The wrapper closed before each of its headings and opened again after it: the
    headings join the page's outline, the content keeps its wrappers (a heading in a wrapper
    in a wrapper leaves both)."""
    blocks: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if any(part.strip() for part in run):
            blocks.append(_tag(node.start) + "".join(run) + node.end)
        run.clear()

    for child in node.children:
        heading = _markdown_heading(child) if child.name else None
        if heading is not None:
            flush()
            blocks.append(heading)
        elif child.name and _splittable(child):
            for block in _split(child):
                if block.startswith("<"):
                    run.append(block)
                else:  # a heading lifted out of the inner wrapper
                    flush()
                    blocks.append(block)
        else:
            run.append(_serialise(child, False))
    flush()
    return blocks


def _attributes(tag: str) -> dict[str, str]:
    inner = re.match(r"<[^\s/>]+(.*?)/?>$", tag, re.S)
    found = {}
    for name, value in _ATTR.findall(inner[1] if inner else ""):
        found[name.lower()] = html.unescape(value[1:-1] if value[:1] in "\"'" and value
                                            else value)
    return found
