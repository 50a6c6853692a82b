"""Source files -> positioned YAML mappings, front matter split off, load problems.

ruamel.yaml's round-trip mode keeps the line and column of every key and value and never
constructs arbitrary Python objects. Its remaining traps are closed by scanning the parse
events before anything is constructed: explicit tags, anchors and aliases (alias bombs),
nesting too deep to mean anything (RecursionError), duplicate keys and dates that are not
days of the calendar (2026-02-30, which would raise ValueError while constructing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.util import create_timestamp, timestamp_regexp

from cjm_site.source import fastyaml, yaml_errors
from cjm_site.core.model import Position
from cjm_site.core.names import slug
from cjm_site.core.problems import ERROR, Problem
from cjm_site.source.snapshot import WORK_TREE, Files

SUFFIXES = (".yml", ".yaml", ".md")
MAX_BYTES = 2 * 1024 * 1024
CAREFUL_BYTES = 256 * 1024
MAX_DEPTH = 32

REQUIRED_HINT = {
    "journey": "a journey needs at least 'title:' and 'stages:'",
    "persona": "a persona needs at least 'name:'",
}


@dataclass
class SourceFile:
    """One file as read: its YAML mapping (or None when unusable) and Markdown body."""

    rel: str
    kind: str
    data: Any = None
    body: str = ""
    body_line: int = 1
    line_offset: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return Path(self.rel).stem

    def error(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.rel, line, col, ERROR, message))

    def at(self, line0: int, col0: int) -> Position:
        """A 1-based position from ruamel's 0-based one, shifted past front matter."""
        return Position(self.rel, line0 + 1 + self.line_offset, col0 + 1)


# A name in the journeys folder (file or folder): safe as it is in a URL, an HTML attribute,
# a shell command and a terminal.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class Found(NamedTuple):
    """A source file under the journeys folder; `problem` says why it is not read (a folder
    that is not read has no `kind`)."""

    path: Path
    kind: str | None
    problem: Problem | None = None


def discover(journeys_dir: Path, personas_dir: Path, root: Path,
             files: Files = WORK_TREE) -> list[Found]:
    """Every source file under the journeys folder with its kind, in a stable order; those
    not to be read carry their problem: a name outside the safe characters (of the file or
    a folder it is in), or a symbolic link that leads out of the project (`root`) or to
    nothing. Links to folders are not followed."""
    found: list[Found] = []
    refused: set[Path] = set()

    def refuse(path: Path, kind: str | None, message: str) -> None:
        refused.add(path)
        found.append(Found(path, kind, Problem(shown(relative(path, root)), 1, 1, ERROR,
                                               message)))

    for path in files.paths(journeys_dir):
        parts = path.relative_to(journeys_dir).parts
        if any(p.startswith((".", "_")) for p in parts) or refused.intersection(path.parents):
            continue
        source = path.suffix.lower() in SUFFIXES and path.stem.lower() != "readme"
        kind = ("persona" if path.is_relative_to(personas_dir) else "journey") if source else None
        link = files.is_symlink(path)
        if link and not inside(path, root, files):
            if source or files.is_dir(path):
                refuse(path, kind, "this is a symbolic link to a place outside the project, "
                       "which is never read: copy what it links to into the journeys folder")
            continue
        is_file = files.is_file(path)
        if not source or not is_file and (not link or files.is_dir(path)):
            continue  # another kind of file, or a folder
        bad = next((journeys_dir.joinpath(*parts[:n + 1]) for n, part in enumerate(parts)
                    if not SAFE_NAME.fullmatch(part)), None)
        if bad is not None:
            refuse(bad, kind if bad == path else None, f"the name '{shown(bad.name)}' has "
                   "characters other than letters, digits, '-', '_' and '.', which are not "
                   f"safe in the site's addresses: rename it to '{safe_name(bad.name)}'")
        elif is_file:
            found.append(Found(path, kind))
        else:
            refuse(path, kind, "this is a symbolic link to a file that does not exist: "
                   "remove it or put the file itself in the journeys folder")
    return found


def inside(path: Path, root: Path, files: Files = WORK_TREE) -> bool:
    """Whether the path, its links followed, is in the folder `root` (absolute, resolved)."""
    try:
        return files.resolve(path).is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links
        return False


def safe_name(name: str) -> str:
    """A file name in the safe characters: 'My journey!.md' -> 'my-journey.md'."""
    stem, dot, suffix = name.rpartition(".")
    if not stem:
        return slug(name)
    return f"{slug(stem)}.{re.sub(r'[^a-z0-9]+', '', suffix.lower()) or 'md'}"


def shown(text: str) -> str:
    """A name as it may be printed: control characters written as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def relative(path: Path, root: Path) -> str:
    """The path as a contributor writes it: relative to the project, without following links."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_file(path: Path, rel: str, kind: str, raw: bytes | None = None) -> SourceFile:
    """Read and parse one file; every problem lands in `source.problems`."""
    raw = WORK_TREE.read(path, MAX_BYTES) if raw is None else raw
    source = SourceFile(rel=rel, kind=kind)
    if len(raw) > MAX_BYTES:
        source.error(1, 1, f"file is larger than {MAX_BYTES // 1024 // 1024} MB: split it "
                     "into several journeys")
        return source
    text = _decode(raw, source)
    if text is None:
        return source
    if path.suffix.lower() == ".md":
        yaml_text = _split_front_matter(text, source)
        if yaml_text is None:
            return source
    else:
        yaml_text = text
    if not yaml_text.strip():
        source.error(1 + source.line_offset, 1, f"file is empty: {REQUIRED_HINT[kind]}")
        return source
    data = fastyaml.load(yaml_text, MAX_DEPTH)
    try:
        if data is fastyaml.DECLINED:
            # The careful path: finds and words every problem, at ruamel's pace (seconds
            # per megabyte), so only for files of a size a journey map has.
            if len(yaml_text) > CAREFUL_BYTES:
                source.error(1 + source.line_offset, 1, "the YAML of this file is larger "
                             f"than {CAREFUL_BYTES // 1024} KB and holds something only the "
                             "careful reader checks (a mistake, an anchor, a tag, a tab, an "
                             "empty value in {...}): split it into several journeys to find it")
                return source
            if not _scan_events(yaml_text, source):
                return source
            data = YAML(typ="rt").load(yaml_text)
    except MarkedYAMLError as exc:
        _yaml_error(exc, yaml_text, source)
        return source
    except YAMLError as exc:  # pragma: no cover - ruamel marks nearly every error
        source.error(1, 1, f"invalid YAML: {exc}")
        return source
    if data is None:
        source.error(1 + source.line_offset, 1, f"file is empty: {REQUIRED_HINT[kind]}")
    elif not isinstance(data, dict):
        source.error(1 + source.line_offset, 1, "the top level must be a mapping of keys "
                     f"('key: value' lines), not {'a list' if isinstance(data, list) else 'text'}: "
                     f"{REQUIRED_HINT[kind]}")
    else:
        source.data = data
    return source


def _decode(raw: bytes, source: SourceFile) -> str | None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        source.error(line, col, f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}): "
                     "save it with UTF-8 encoding")
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        source.error(line, 1, "file contains a NUL character: is it a binary file?")
        return None
    return text.replace("\r\n", "\n")


def _split_front_matter(text: str, source: SourceFile) -> str | None:
    """The YAML between the `---` lines; the rest becomes the narrative body."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        if not text.strip():
            source.error(1, 1, f"file is empty: {REQUIRED_HINT[source.kind]}")
        else:
            source.error(1, 1, "a Markdown file starts with YAML front matter: put '---' on "
                         "the first line, then the keys, then another '---' line")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            source.line_offset = 1
            source.body = "\n".join(lines[index + 1:]).strip("\n")
            source.body_line = index + 2
            return "\n".join(lines[1:index]) + "\n"
    source.error(1, 1, "front matter is not closed: add a '---' line after the YAML keys")
    return None


def _scan_events(text: str, source: SourceFile) -> bool:
    """Reject what must never be constructed; False when the file is unusable."""
    ok = True
    # One frame per open collection: [is_mapping, expecting_key, {key: line}].
    stack: list[list[Any]] = []
    documents = 0
    try:
        for event in YAML(typ="rt").parse(text):
            mark = event.start_mark
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    source.error(mark.line + 1 + source.line_offset, 1,
                                 "a file holds one YAML document: remove the second '---'")
                    return False
            if isinstance(event, AliasEvent):
                source.error(*_pos(source, mark), f"aliases ('*{event.anchor}') are not "
                             "supported: write the value out in full")
                ok = False
                continue
            if not isinstance(event, NodeEvent):
                if isinstance(event, CollectionEndEvent) and stack:
                    stack.pop()
                continue
            if event.anchor is not None:
                source.error(*_pos(source, mark), f"anchors ('&{event.anchor}') are not "
                             "supported: write the value out in full")
                ok = False
            if event.tag is not None and event.tag != "!":
                source.error(*_pos(source, mark), f"explicit tags ('{event.tag}') are not "
                             "allowed: remove the tag and write a plain value")
                ok = False
            if isinstance(event, ScalarEvent) and event.style is None:
                problem = _unconstructible(event.value)
                if problem:
                    source.error(*_pos(source, mark), problem)
                    ok = False
            if stack and stack[-1][0]:
                frame = stack[-1]
                if frame[1] and isinstance(event, ScalarEvent):
                    key = event.value
                    if key in frame[2]:
                        source.error(*_pos(source, mark), f"duplicate key '{key}' (first "
                                     f"written on line {frame[2][key]}): keep one of them")
                        ok = False
                    else:
                        frame[2][key] = mark.line + 1 + source.line_offset
                frame[1] = not frame[1]
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                stack.append([isinstance(event, MappingStartEvent), True, {}])
                if len(stack) > MAX_DEPTH:
                    source.error(*_pos(source, mark), f"nesting is deeper than {MAX_DEPTH} "
                                 "levels: a journey map never needs this")
                    return False
    except MarkedYAMLError as exc:
        _yaml_error(exc, text, source)
        return False
    return ok


# Longer numbers mean nothing in a journey map, and past 4300 digits Python refuses them.
MAX_NUMBER = 100


def _unconstructible(value: str) -> str | None:
    """Why a plain scalar cannot be constructed as what YAML reads it as (None: it can):
    a timestamp no calendar has, a number too long to mean anything, a merge key."""
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
    if tag == "tag:yaml.org,2002:timestamp":
        match = timestamp_regexp.match(value)
        try:
            create_timestamp(**match.groupdict())
        except (ValueError, AttributeError, TypeError, OverflowError):
            return f"'{value}' is not a day of the calendar: check the month and day (YYYY-MM-DD)"
    elif tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and \
            len(value) > MAX_NUMBER:
        return (f"a number of {len(value)} characters: write at most {MAX_NUMBER}, or put text "
                "in quotes")
    elif tag == "tag:yaml.org,2002:merge":
        return "merge keys ('<<') are not supported: write the keys out in full"
    return None


_RESOLVER = VersionedResolver()


def _pos(source: SourceFile, mark: Any) -> tuple[int, int]:
    return mark.line + 1 + source.line_offset, mark.column + 1


def _yaml_error(exc: MarkedYAMLError, text: str, source: SourceFile) -> None:
    line, col, message = yaml_errors.explain(exc, text, 1 + source.line_offset)
    source.error(line + 1 + source.line_offset, col + 1, message)
