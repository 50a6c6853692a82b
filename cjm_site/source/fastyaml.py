"""A fast path for well-formed source files: libyaml parses, positioned containers hold.

ruamel.yaml's round-trip parser is pure Python (about 40 ms for an 8-stage journey), so a
handbook of thousands of maps would spend most of its build parsing. libyaml (the C
parser shipped with PyYAML, which MkDocs requires) reads the same file in a fraction of a
millisecond; its events become plain dicts and lists that carry the same `.lc` positions
as ruamel's round-trip containers, and scalars are resolved with ruamel's own YAML 1.2
rules (numbers and dates are built by ruamel's constructor), so validation sees the same
values either way. Anything the careful path must report (an alias, anchor, tag,
directive, duplicate key, impossible date, deep nesting, a syntax error) makes this path
decline, so every problem is still found and worded by loader.py.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

CLoader = getattr(yaml, "CSafeLoader", None)
DECLINED = object()


class LineCol:
    """The subset of ruamel's `.lc` that validation reads: 0-based (line, col) pairs."""

    __slots__ = ("data",)

    def __init__(self) -> None:
        self.data: dict[Any, tuple[int, ...]] = {}

    def key(self, k: Any) -> tuple[int, int]:
        return self.data[k][:2]

    def value(self, k: Any) -> tuple[int, int]:
        return self.data[k][2:]

    def item(self, index: int) -> tuple[int, int]:
        return self.data[index]


class Mapping(dict):
    __slots__ = ("lc",)


class Sequence(list):
    __slots__ = ("lc",)


_RT = YAML(typ="rt")
# ruamel's YAML 1.2 implicit resolvers by first character, as its loader consults them.
_TABLE = _RT.resolver.versioned_resolver
_RESOLVERS = {first: tuple(_TABLE.get(first, ())) + tuple(_TABLE.get(None, ()))
              for first in _TABLE if first is not None}
_ANY = tuple(_TABLE.get(None, ()))
_STR = "tag:yaml.org,2002:str"
_BUILD = {
    "tag:yaml.org,2002:null": lambda value: None,
    "tag:yaml.org,2002:bool": lambda value: value.lower() == "true",
}
for _kind in ("int", "float", "timestamp"):
    # Rare in a journey; ruamel builds them so that every number and date is its own.
    _BUILD[f"tag:yaml.org,2002:{_kind}"] = (
        lambda value, _f=getattr(_RT.constructor, f"construct_yaml_{_kind}"):
        _f(ScalarNode(_STR, value)))


_DECIMAL = re.compile(r"[-+]?[1-9][0-9]*")


def _scalar(value: str) -> Any:
    if _DECIMAL.fullmatch(value):  # the common number: ruamel gives a plain int too
        return int(value)
    for tag, regexp in _RESOLVERS.get(value[:1], _ANY):
        if regexp.match(value):
            build = _BUILD.get(str(tag))
            if build is None:  # merge keys, '=' and the like: the careful path decides
                raise LookupError(tag)
            return build(value)
    return value


# Characters on which libyaml (YAML 1.1) and ruamel (1.2) disagree: ruamel refuses a tab
# in places libyaml takes it as text, and counts NEL, LS and PS as line breaks, which moves
# every later position. A file holding one is rare; the careful path alone reads it.
_DISPUTED = re.compile(r"[\t\x85\u2028\u2029]")


def load(text: str, max_depth: int) -> Any:
    """The document as `YAML(typ="rt").load(text)` gives it (plain types), or DECLINED."""
    if CLoader is None or _DISPUTED.search(text):
        return DECLINED
    try:
        return _build(text, max_depth)
    except Exception:  # noqa: BLE001 - any surprise: the careful path reports it
        return DECLINED


def _build(text: str, max_depth: int) -> Any:
    # One frame per open collection: [container, pending key, its mark, flow style].
    stack: list[list[Any]] = []
    root: Any = DECLINED
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    # An empty value in a block mapping: ruamel places it at the next token, libyaml after
    # the colon; the next event tells where that is.
    empty = None
    for event in yaml.parse(text, Loader=CLoader):
        kind = type(event)
        if empty is not None:
            positions, at, prefix = empty
            positions[at] = prefix + (event.start_mark.line, event.start_mark.column)
            empty = None
        if kind is scalar_event:
            if event.anchor is not None or event.tag not in (None, "!"):
                return DECLINED
            value = (_scalar(event.value) if not event.style and event.implicit[0]
                     else event.value)
        elif kind is map_start or kind is seq_start:
            if event.anchor is not None or event.tag not in (None, "!") or \
                    len(stack) >= max_depth:
                return DECLINED
            value = Mapping() if kind is map_start else Sequence()
            value.lc = LineCol()
            _attach(stack, value, event.start_mark)
            stack.append([value, None, None, event.flow_style])
            continue
        elif kind is map_end or kind is seq_end:
            container = stack.pop()[0]
            if not stack:
                root = container
            continue
        elif kind is yaml.DocumentStartEvent:
            if root is not DECLINED or event.version or event.tags:
                return DECLINED
            continue
        elif kind is alias_event:
            return DECLINED
        else:
            continue
        if stack:
            _attach(stack, value, event.start_mark)
            if value is None and not event.value and not event.style and \
                    type(stack[-1][0]) is Mapping:
                if stack[-1][3]:  # flow style: ruamel and libyaml place it differently
                    return DECLINED
                empty = _last_position(stack[-1][0])
        else:
            root = value
    return root


def _last_position(container: Mapping) -> tuple[dict, Any, tuple[int, ...]]:
    positions = container.lc.data
    at = next(reversed(positions))
    return positions, at, positions[at][:-2]


def _attach(stack: list[list[Any]], value: Any, mark: Any) -> None:
    """Put a scalar or a new collection into the open collection, with its position."""
    if not stack:
        return
    frame = stack[-1]
    container = frame[0]
    if type(container) is Sequence:
        container.lc.data[len(container)] = (mark.line, mark.column)
        container.append(value)
        return
    if frame[2] is None:  # a key
        if isinstance(value, (Mapping, Sequence)) or value in container:
            raise LookupError("a duplicate or unhashable key: the careful path words it")
        frame[1], frame[2] = value, mark
        return
    key, key_mark = frame[1], frame[2]
    container[key] = value
    container.lc.data[key] = (key_mark.line, key_mark.column, mark.line, mark.column)
    frame[1] = frame[2] = None
