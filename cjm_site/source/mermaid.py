"""Mermaid `journey` diagrams, read the way Mermaid reads them, every problem positioned in
the .mmd file.

    journey
        title My working day
        section Go to work
          Make tea: 5: Me
          Do work: 1: Me, Cat

A diagram is a title, sections of tasks, and per task a score from 1 to 5 and the actors
who take part. Keywords are case-insensitive; `%%` starts a comment line (and a `%%{...}%%`
directive), `#` a comment to the end of the line, and `#name;` or `#123;` is a character
(Mermaid's entity codes: `#58;` for a colon in a task name).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from cjm_site.core.problems import ERROR, Problem

LOW, HIGH = 1.0, 5.0  # Mermaid's scores
NO_SECTION = "Tasks"  # the stage of tasks written before any section
KEYWORDS = ("journey", "title", "section", "acctitle", "accdescr")
_ENTITY = re.compile(r"#(\w+);")
_OTHER_DIAGRAMS = re.compile(
    r"(graph|flowchart|sequencediagram|classdiagram|statediagram|erdiagram|gantt|pie|"
    r"gitgraph|mindmap|timeline|quadrantchart|requirementdiagram|c4\w*|sankey|xychart|"
    r"block|packet|kanban|architecture|radar|treemap)\b", re.I)


@dataclass
class Task:
    name: str
    score: float
    actors: list[str]
    line: int


@dataclass
class Section:
    name: str
    line: int
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    title: str | None = None
    description: str | None = None  # accDescr
    accessible_title: str | None = None  # accTitle
    sections: list[Section] = field(default_factory=list)

    @property
    def actors(self) -> list[str]:
        """Every actor, in the order they first appear."""
        seen: dict[str, None] = {}
        for section in self.sections:
            for task in section.tasks:
                seen.update(dict.fromkeys(task.actors))
        return list(seen)


def parse(text: str, path: str) -> tuple[Diagram, list[Problem]]:
    """The diagram and its problems (errors; the diagram is only usable without them)."""
    return _Reader(text, path).read()


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.path = path
        self.problems: list[Problem] = []
        self.diagram = Diagram()

    def error(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, col, ERROR, message))

    def read(self) -> tuple[Diagram, list[Problem]]:
        number = self._front_matter()
        if self.problems:
            return self.diagram, self.problems
        started = False
        while number < len(self.lines):
            raw = self.lines[number]
            number += 1
            code = _code(raw)
            if not code.strip():
                continue
            col = _indent(code) + 1
            word = code.split()[0].lower()
            if not started:
                if code.strip().lower() != "journey":
                    other = _OTHER_DIAGRAMS.match(code.strip())
                    self.error(number, col, (
                        f"this is a '{other[0]}' diagram: only journey diagrams can be "
                        "imported" if other else "a journey diagram starts with a line "
                        "'journey'"))
                    return self.diagram, self.problems
                started = True
            elif _ACCESSIBLE.match(raw):
                number = self._accessible(raw, number)
            elif word == "title":
                self.diagram.title = _text(code.strip()[len("title"):])
            elif word == "section":
                self._section(code, number, col)
            elif word.startswith("journey"):
                self.error(number, col, "'journey' starts the diagram once; to begin a name "
                           "with it, write its first letter as #106;")
            else:
                self._task(code, number, col)
        if not started:
            self.error(max(number, 1), 1, "the file holds no diagram: write 'journey', then "
                       "sections and tasks")
        elif not self.problems and not any(s.tasks for s in self.diagram.sections):
            self.error(number, 1, "the diagram has no tasks: write 'Task name: 3: Actor' "
                       "lines under a 'section'")
        return self.diagram, self.problems

    def _front_matter(self) -> int:
        """Skips a `---` block before the diagram, taking its `title:`."""
        if not self.lines or self.lines[0].strip() != "---":
            return 0
        for number in range(1, len(self.lines)):
            line = self.lines[number]
            if line.strip() == "---":
                return number + 1
            found = re.match(r"title:\s*(.*?)\s*$", line)
            if found and found[1]:
                self.diagram.title = found[1].strip("\"'")
        self.error(1, 1, "the front matter that starts here is not closed: end it with a "
                   "line '---'")
        return len(self.lines)

    def _accessible(self, raw: str, number: int) -> int:
        """accTitle: ..., accDescr: ..., or accDescr { ... } over several lines; their text
        runs to the end of the line, comments included, as in Mermaid."""
        keyword, mark, rest = _ACCESSIBLE.match(raw).groups()
        if mark == ":":
            if keyword.lower() == "acctitle":
                self.diagram.accessible_title = _text(rest)
            else:
                self.diagram.description = _text(rest)
            return number
        if keyword.lower() != "accdescr":
            self.error(number, _indent(raw) + 1, "write 'accTitle: text'")
            return number
        body, end = [rest], number
        while "}" not in body[-1] and end < len(self.lines):
            body.append(self.lines[end])
            end += 1
        if "}" not in body[-1]:
            self.error(number, _indent(raw) + 1, "'accDescr {' is not closed: end the "
                       "description with '}'")
            return end
        body[-1] = body[-1].split("}", 1)[0]
        self.diagram.description = _text("\n".join(body)) or None
        return end

    def _section(self, code: str, number: int, col: int) -> None:
        name = code.strip()[len("section"):]
        bare = _bare(code)
        for char, write in ((":", "#58; for a colon"), (";", "#59; for a semicolon")):
            if char in bare:
                self.error(number, bare.index(char) + 1, f"a section name cannot hold "
                           f"'{char}': write {write}")
                return
        if not name.strip():
            self.error(number, col, "'section' needs a name: 'section Go to work'")
            return
        self.diagram.sections.append(Section(_text(name), number))

    def _task(self, code: str, number: int, col: int) -> None:
        if ";" in _bare(code):
            self.error(number, _bare(code).index(";") + 1, "';' is not part of a journey "
                       "diagram: write #59; for a semicolon")
            return
        name, colon, data = code.partition(":")
        if not name.strip():
            self.error(number, col, "a task needs a name before its ':'")
            return
        if not colon:
            self.error(number, col, f"task '{_text(name)}' has no score: write "
                       f"'{_text(name)}: 3: Actor' (a score from 1 to 5, then the actors)")
            return
        pieces = data.split(":")
        if len(pieces) > 2:
            self.error(number, len(name) + len(pieces[0]) + len(pieces[1]) + 3,
                       "a task is 'name: score: actors': write #58; for a colon in a name")
            return
        score_col = len(name) + _indent(pieces[0]) + 2
        try:
            score = float(pieces[0])
        except ValueError:
            self.error(number, score_col, f"task '{_text(name)}': the score must be a number "
                       f"from 1 to 5, not '{pieces[0].strip()}'")
            return
        if not LOW <= score <= HIGH:
            self.error(number, score_col, f"task '{_text(name)}': score {pieces[0].strip()} "
                       "is out of range: use a number from 1 to 5")
            return
        actors = [_text(a) for a in pieces[1].split(",")] if len(pieces) > 1 else []
        if not self.diagram.sections:
            self.diagram.sections.append(Section(NO_SECTION, number))
        self.diagram.sections[-1].tasks.append(Task(_text(name), score,
                                                    [a for a in actors if a], number))


_ACCESSIBLE = re.compile(r"\s*(acctitle|accdescr)\s*([:{])\s*(.*)$", re.I)


def _code(raw: str) -> str:
    """A line without its comments: `%%` lines (and directives), and from a `#` that does
    not start an entity code to the end of the line."""
    if raw.strip().startswith("%%"):
        return ""
    code = raw.split("%%", 1)[0]
    at = 0
    while (found := code.find("#", at)) >= 0:
        if not _ENTITY.match(code, found):
            return code[:found]
        at = found + 1
    return code


def _bare(code: str) -> str:
    """The line with its entity codes blanked out, for finding syntax characters."""
    return _ENTITY.sub(lambda m: " " * len(m[0]), code)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _text(text: str) -> str:
    """Text as Mermaid shows it: entity codes decoded, `<br>` a line break, each line
    trimmed."""
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = _ENTITY.sub(_character, text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _character(code: re.Match) -> str:
    """`#58;` or `#colon;` as its character; an unknown name stays as written."""
    reference = f"&#{code[1]};" if code[1].isdigit() else f"&{code[1]};"
    character = html.unescape(reference)
    return code[0] if character == reference else character


def escape(text: str, syntax: str = "#;%:") -> str:
    """Text as a Mermaid name: characters that are syntax as entity codes, line breaks as
    spaces, and a first word that would read as a keyword with its first letter coded."""
    out = re.sub(f"[{re.escape(syntax)}]", lambda m: f"#{ord(m[0])};", " ".join(text.split()))
    if out.lower().startswith(KEYWORDS):
        out = f"#{ord(out[0])};{out[1:]}"
    return out
