"""The YAML parser's errors in the words of the format: which line, what is wrong with it
(indentation, a tab, a quote or bracket left open, a colon in text) and what to write.

The parser reports what it expected next ("expected <block end>, but found '?'"); a
contributor needs the cause. Each cause has its own message; what none of them explains
keeps the parser's words.
"""

from __future__ import annotations

import re

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.tokens import (FlowMappingEndToken, FlowMappingStartToken,
                                FlowSequenceEndToken, FlowSequenceStartToken)

from cjm_site.core import schema

_ALIGN = ("YAML reads from the indentation what a line belongs to: start the keys of one "
          "mapping, and the '- ' items of one list, at the same column, with spaces")
# `key:value` on a line of its own: the missing space makes the whole line one text.
_NO_SPACE = re.compile(r"^\s*(?:- )?[\w -]+:[^\s:/]")
# Every key of the format: `name Claim` above a deeper line is a key that lost its colon.
_KEYS = frozenset(key.name for table in (schema.JOURNEY, schema.STAGE, schema.TOUCHPOINT,
                                         schema.KPI, schema.JOURNEY_OPPORTUNITY,
                                         schema.DATA, schema.PERSONA, schema.EMPATHY)
                  for key in table)


def explain(exc: MarkedYAMLError, text: str, first_line: int = 1) -> tuple[int, int, str]:
    """(line, column) of the cause, 0-based in `text`, and the message, which names other
    lines by their number in the file (`text` starts on line `first_line` of it)."""
    lines = _Lines(text.split("\n"), first_line)
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    at = (mark.line, mark.column) if mark else (0, 0)
    start = (exc.context_mark.line, exc.context_mark.column) if exc.context_mark else at
    found = _found(problem)
    if "'\\t'" in problem:
        return (*at, _tab(lines, *at))
    if "cannot start any token" in problem:
        return (*at, f"text cannot start with {found}: put the text in quotes "
                     f"(\"{found.strip(chr(39))}...\")")
    if "quoted scalar" in context and "end of stream" in problem:
        quote = _char(lines, *start)
        apostrophe = (" (an apostrophe inside '...' is written twice: 'Maya''s shop')"
                      if quote == "'" else "")
        return (*start, f"the quote {quote} opened here is never closed: end the text with "
                        f"{quote}{apostrophe}")
    if "double-quoted scalar" in context and "escape" in problem:
        return (*at, "a backslash inside double quotes starts an escape such as \\n: write "
                     "\\\\ for a backslash, or put the text in single quotes")
    if problem.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        if found != "'<stream end>'" and at[0] == start[0]:
            tab = lines[at[0]].rfind("\t", start[1], at[1])
            if tab >= 0:
                return (at[0], tab, _tab(lines, at[0], tab))
            what = "text" if found == "'<scalar>'" else found
            return (*at, f"{what} inside {_brackets(_char(lines, *start))}: put an item "
                         "that contains ':', ',' or brackets in quotes")
        return (*start, _unclosed(_char(lines, *start)))
    if "<stream end>" in problem:
        bracket = _open_bracket(text)
        if bracket is not None:
            return (bracket[0], bracket[1], _unclosed(bracket[2]))
    if "could not find expected ':'" in problem:
        words = lines[start[0]].strip()
        if _NO_SPACE.match(lines[start[0]]):
            return (*start, _no_space(words))
        return (*start, f"'{words}' is neither 'key: value' nor a '- ' item: write a colon "
                        "and a space after the key")
    if problem.startswith("mapping values are not allowed"):
        return _colon_or_indent(lines, *at)
    if problem.startswith("expected <block end>"):
        line = lines[at[0]]
        if line[:at[1]].strip():
            return (*at, _after_closing(line, at[1]))
        return _indentation(lines, at[0])
    message = f"invalid YAML: {problem or context}"
    if problem and context and exc.context_mark:
        message += f" ({context} started at line {lines.number(start[0])})"
    return (*at, message)


class _Lines(list):
    """The lines of the YAML, and the number in the file of each (for the messages)."""

    def __init__(self, lines: list[str], first_line: int):
        super().__init__(lines)
        self.first_line = first_line

    def number(self, index: int) -> int:
        return index + self.first_line


def _found(problem: str) -> str:
    match = re.search(r"(?:found|got) (?:character )?('.*?')", problem)
    return match.group(1) if match else "''"


def _char(lines: list[str], line: int, col: int) -> str:
    return lines[line][col] if line < len(lines) and col < len(lines[line]) else "?"


def _brackets(opening: str) -> str:
    return "a list in [...]" if opening == "[" else "a mapping in {...}"


def _unclosed(opening: str) -> str:
    closing, lines = ("]", "'- ' item") if opening == "[" else ("}", "'key: value'")
    return (f"the {opening} opened here is never closed: end {_brackets(opening)} with "
            f"{closing} (or write one {lines} per line instead)")


def _tab(lines: list[str], line: int, col: int) -> str:
    if not lines[line][:col].strip():
        return "this line is indented with a tab: YAML indents with spaces only"
    return "a tab inside text: replace it with a space, or put the text in quotes"


def _open_bracket(text: str) -> tuple[int, int, str] | None:
    """The innermost [ or { still open when the file ends, as the scanner reads it."""
    stack: list[tuple[int, int, str]] = []
    try:
        for token in YAML(typ="rt").scan(text):
            if isinstance(token, (FlowSequenceStartToken, FlowMappingStartToken)):
                mark = token.start_mark
                stack.append((mark.line, mark.column, "[" if isinstance(
                    token, FlowSequenceStartToken) else "{"))
            elif isinstance(token, (FlowSequenceEndToken, FlowMappingEndToken)) and stack:
                stack.pop()
    except MarkedYAMLError:
        pass
    return stack[-1] if stack else None


def _colon_or_indent(lines: _Lines, line: int, col: int) -> tuple[int, int, str]:
    text = lines[line]
    before = text[:col].strip().removeprefix("- ")
    if ": " in before:
        key, value = before.split(": ", 1)
        rest = text[col:].split(" #")[0].rstrip()
        quoted = (value + rest).replace('"', '\\"')
        return (line, col, f"text that contains ': ' must be in quotes: "
                           f"{key}: \"{quoted}\"")
    previous = _previous(lines, line)
    if previous is not None and _NO_SPACE.match(lines[previous]):
        return (previous, _indent(lines[previous]), _no_space(lines[previous].strip()))
    return _indentation(lines, line)


def _no_space(words: str) -> str:
    key, value = words.split(":", 1)
    return f"write a space after the colon: '{key}: {value}'"


def _lost_colon(line: str) -> str | None:
    """What a line above a too deep one should say, when it is a key without its colon
    (`- name Claim`) or an item without the space after its dash (`-name: Claim`)."""
    stripped = line.strip()
    if re.match(r"-[^\s-]", stripped):
        return f"write a space after the '-' that starts an item: '- {stripped[1:]}'"
    words = stripped.removeprefix("- ").split(None, 1)
    if len(words) == 2 and words[0] in _KEYS and ":" not in words[0]:
        return (f"'{stripped}' is neither 'key: value' nor a '- ' item: write a colon and a "
                f"space after the key: '{words[0]}: {words[1]}'")
    return None


def _after_closing(line: str, col: int) -> str:
    closing = line[:col].rstrip()[-1:]
    if closing in "\"'":
        return (f"text after the closing quote {closing}: put the whole text in quotes "
                "(an apostrophe inside '...' is written twice: 'Maya''s shop', or use "
                "double quotes: \"Maya's shop\")")
    if closing in "]}":
        return (f"text after the closing {closing}: a value that starts with [ or {{ is a "
                "list or mapping; put text that starts with a bracket in quotes")
    return f"this text cannot follow '{line[:col].strip()}' on one line: put the text in quotes"


def _indentation(lines: _Lines, line: int) -> tuple[int, int, str]:
    indent = _indent(lines[line])
    item = lines[line].lstrip().startswith("- ")
    previous = _previous(lines, line)
    # The line above at the same column, before the indentation falls below it.
    same = previous
    while same is not None and _indent(lines[same]) > indent:
        same = _previous(lines, same)
    if same is not None and _indent(lines[same]) < indent:
        same = None
    if same is not None and lines[same].lstrip().startswith("- ") and not item:
        dash = lines[same].lstrip()
        key = indent + len(dash) - len(dash[1:].lstrip())
        message = (f"this line starts under the '- ' of line {lines.number(same)}: a key of "
                   f"that item starts under its first key (column {key + 1})")
    elif same is not None and item and not lines[same].lstrip().startswith("- "):
        message = (f"a '- ' item among the keys of line {lines.number(same)}: a list goes "
                   "under its key ('goals:' on a line of its own, the items indented below it)")
    elif previous is not None and same is None and _lost_colon(lines[previous]):
        return previous, _indent(lines[previous]), _lost_colon(lines[previous])
    elif previous is not None and same is None and indent > _key_column(lines[previous]):
        message = (f"this line is indented more than line {lines.number(previous)} above it "
                   f"(column {indent + 1}, not {_key_column(lines[previous]) + 1})")
    elif previous is not None and same is None:
        above = (f"the keys of line {lines.number(previous)} start"
                 if _key_column(lines[previous]) != _indent(lines[previous])
                 else f"line {lines.number(previous)} starts")
        message = (f"this line starts at column {indent + 1}, which lines up with no key or "
                   f"'- ' item above it ({above} at column {_key_column(lines[previous]) + 1})")
    else:
        message = "this line is indented wrongly"
    return line, indent, f"{message}; {_ALIGN}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where the line's key starts: after the '- ' of an item, whose keys line up there
    (the line's indentation when it holds no key)."""
    column = _indent(line)
    while line[column:column + 2] == "- ":
        column += 2 + _indent(line[column + 2:])
    return column if re.match(r"[^\s#][^#]*?:(\s|$)", line[column:]) else _indent(line)


def _previous(lines: list[str], line: int) -> int | None:
    """The nearest line above with content (not blank, not a comment)."""
    for number in range(line - 1, -1, -1):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None
