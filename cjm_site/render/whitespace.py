"""Generated pages without the indentation between block tags.

The templates are indented to be read; the published HTML does not need it. Every page is
parsed again by the search plugin, which visits each whitespace run as a text node, so the
indentation of a stage grid cost as much as its words. Whitespace is only dropped where a
browser ignores it: next to a block-level tag, never inside `<pre>`, `<textarea>`,
`<script>` or `<style>`, and never between inline elements, where it is a visible space.
"""

from __future__ import annotations

import re

_BLOCK = frozenset(
    "address article aside blockquote caption colgroup dd details div dl dt figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p section summary table tbody td "
    "tfoot th thead tr ul".split())
_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
# A tag, the whitespace after it (with a line break), and the name of the next tag.
_GAP = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>([ \t]*\n\s*)(?=</?([a-zA-Z][a-zA-Z0-9]*))")


def _join(match: re.Match) -> str:
    if match[2].lower() in _BLOCK or match[4].lower() in _BLOCK:
        return match[0][: match.start(3) - match.start(0)]
    return match[0]


def squeeze(html: str) -> str:
    parts = _KEEP.split(html)
    # split() yields text, whole kept element, its tag name, text, ...
    return "".join(_GAP.sub(_join, part) if index % 3 == 0 else part
                   for index, part in enumerate(parts) if index % 3 != 2)
