"""A fast path for well-formed source files: libyaml parses, ruamel.yaml constructs.

ruamel.yaml's round-trip parser is pure Python (about 40 ms for an 8-stage journey), so a
handbook of thousands of maps would spend most of its build parsing. libyaml (the C
parser shipped with PyYAML, which MkDocs requires) reads the same file in well under a
millisecond; its events become ruamel nodes, with ruamel's YAML 1.2 tag resolution, and
ruamel's round-trip constructor turns them into the very mappings (with `.lc` positions)
the careful path gives. Anything the careful path must report (an alias, anchor, tag,
directive, duplicate key, impossible date, deep nesting, a syntax error) makes this path
decline, so every problem is still found and worded by loader.py.
"""

from __future__ import annotations

from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml import nodes as rt_nodes
from ruamel.yaml.tag import Tag

CLoader = getattr(yaml, "CSafeLoader", None)
DECLINED = object()

_TAGS: dict[str, Tag] = {}


def _tag(name: str) -> Tag:
    # Shared Tag objects: ruamel decodes a tag's URI on first use, once per tag is enough.
    tag = _TAGS.get(name)
    if tag is None:
        tag = _TAGS[name] = Tag(suffix=name)
    return tag


STR, SEQ, MAP = (_tag(f"tag:yaml.org,2002:{kind}") for kind in ("str", "seq", "map"))


def load(text: str, max_depth: int) -> Any:
    """The document as `YAML(typ="rt").load(text)` gives it, or DECLINED."""
    if CLoader is None:
        return DECLINED
    loader = YAML(typ="rt")
    try:
        root = _compose(text, loader.resolver.resolve, max_depth)
        if root is None:
            return DECLINED
        return loader.constructor.construct_document(root)
    except Exception:  # noqa: BLE001 - any surprise: the careful path reports it
        return DECLINED


def _compose(text: str, resolve, max_depth: int):
    """ruamel nodes from libyaml events; None for anything but one plain document."""
    stack: list[tuple[Any, list]] = []
    root = None
    for event in yaml.parse(text, Loader=CLoader):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag not in (None, "!"):
                return None
            plain = not event.style and event.implicit[0]
            tag = (_tag(str(resolve(rt_nodes.ScalarNode, event.value, (True, False))))
                   if plain else STR)
            node = rt_nodes.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                       style=event.style or None)
        elif kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            if event.anchor is not None or event.tag not in (None, "!") or \
                    len(stack) >= max_depth:
                return None
            mapping = kind is yaml.MappingStartEvent
            node = (rt_nodes.MappingNode if mapping else rt_nodes.SequenceNode)(
                MAP if mapping else SEQ, [], event.start_mark, None,
                flow_style=event.flow_style)
            stack.append((node, []))
            continue
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            node, items = stack.pop()
            node.value = (list(zip(items[::2], items[1::2]))
                          if isinstance(node, rt_nodes.MappingNode) else items)
            node.end_mark = event.end_mark
        elif kind is yaml.DocumentStartEvent:
            if root is not None or event.version or event.tags:
                return None
            continue
        elif kind is yaml.AliasEvent:
            return None
        else:
            continue
        if stack:
            stack[-1][1].append(node)
        else:
            root = node
    return root
