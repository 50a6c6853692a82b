"""`cjm diff`: what changed in each map between two git revisions, as text, Markdown for a
pull-request comment, or JSON.

Both revisions go through the loading and validation of `mkdocs build`, read from git in
memory (the work tree is read from disk); a map with errors is reported with them.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from cjm_site.core.history import Commit
from cjm_site.core.model import EMPATHY_EXTRAS, EMPATHY_QUADRANTS, Handbook
from cjm_site.core.problems import Problem
from cjm_site.core.scale import EmotionScale, fmt
from cjm_site.insights.changes import (ITEM_WORDS, Change, HandbookChanges, MapChanges,
                                       compare, summary)
from cjm_site.source import git
from cjm_site.source.handbook import Settings, load_handbook
from cjm_site.core.words import count

# A pull-request comment holds at most 65,536 characters; details beyond this are left out.
MARKDOWN_LIMIT = 60_000
# Longer texts are cut in the report (the file holds them whole).
TEXT_LIMIT = 300


@dataclass(frozen=True)
class Side:
    """One of the two versions compared: a commit, or the work tree (commit None)."""

    name: str
    commit: Commit | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.commit.sha[:7]})" if self.commit else self.name

    def as_json(self) -> dict[str, Any]:
        if self.commit is None:
            return {"revision": None, "commit": None, "date": None}
        return {"revision": self.name, "commit": self.commit.sha,
                "date": self.commit.when.isoformat()}


WORK_TREE = Side("work tree")
EMPATHY = EMPATHY_QUADRANTS + EMPATHY_EXTRAS


def sides(settings: Settings, base: str | None, head: str | None) -> tuple[Side, Side]:
    """The revisions named, by default the merge base with the default branch and the
    work tree; raises git.GitError (NotInClone on a shallow clone) with what to do."""
    root = settings.root
    if base is None:
        branch = git.default_branch(root)
        old = Side(f"merge base with {branch}", git.merge_base(root, branch))
    else:
        old = Side(base, git.resolve(root, base))
    return old, (WORK_TREE if head is None else Side(head, git.resolve(root, head)))


def handbook_at(settings: Settings, side: Side) -> Handbook:
    """The handbook as of a revision, errors only (no content advice); no journeys folder
    there is an empty handbook."""
    if side.commit is None:
        if not settings.journeys_dir.is_dir():
            return Handbook()
        return load_handbook(settings, lints=False)
    files = git.snapshot(settings.root, side.commit.sha, settings.journeys_dir)
    return load_handbook(settings, files=files, lints=False) if files.files else Handbook()


def diff(settings: Settings, old: Side, new: Side) -> HandbookChanges:
    return compare(handbook_at(settings, old), handbook_at(settings, new))


# -- words --------------------------------------------------------------------------------


def clean(text: Any) -> str:
    """One line of printable text, cut at TEXT_LIMIT: a file's text must not move the
    terminal's cursor or break the report's layout."""
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", str(text))
    text = " ".join(text.split())
    return text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT - 1] + "…"


@dataclass(frozen=True)
class Style:
    """How a format shows text from the files and its own marks."""

    text: Callable[[Any], str]  # text from a file, as it stands
    quote: Callable[[Any], str]  # a name or item from a file, quoted
    place: Callable[[str], str]  # where a change happened, before the change
    arrow: str


TEXT = Style(clean, lambda s: f"'{clean(s)}'", lambda p: f"{p}: ", "->")


def _value(value: Any, style: Style) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt(value)
    if isinstance(value, list):
        return ", ".join(style.quote(v) for v in value)
    return style.quote(value)


def _emotion(score: float | None, scale: EmotionScale) -> str:
    return "not rated" if score is None else f"{fmt(score)} ({scale.word(score)})"


def where(change: Change) -> list[str]:
    """The stage and touchpoint a change belongs to (names as written)."""
    if change.kind in ("stage", "stage order"):
        return []
    parts = [change.stage] if change.stage else []
    if change.kind == "emotion" and change.name:
        parts.append(change.name)
    if change.kind == "touchpoint" and change.action == "changed":
        parts.append(change.name)
    return parts


def _shift(what: str, c: Change, show: Callable[[Any], str], arrow: str,
           colon: str = "") -> str:
    """'what set to B', 'what removed (was A)' or 'what A -> B'."""
    if c.action == "added":
        return f"{what} set to {show(c.after)}"
    if c.action == "removed":
        return f"{what} removed (was {show(c.before)})"
    return f"{what}{colon} {show(c.before)} {arrow} {show(c.after)}"


def describe(change: Change, scale: EmotionScale, style: Style) -> str:
    """A change in words, without where it happened (see `where`)."""
    q, arrow, c = style.quote, style.arrow, change
    value = lambda v: _value(v, style)  # noqa: E731
    if c.kind == "field":
        return ("narrative changed" if c.name == "narrative"
                else _shift(c.name, c, value, arrow, ":"))
    if c.kind == "stage":
        if c.action == "renamed":
            return f"stage {q(c.before)} renamed to {q(c.after)}"
        return f"stage {q(c.stage)} {c.action}"
    if c.kind == "stage order":
        return f"stages reordered: {value(c.before)} {arrow} {value(c.after)}"
    if c.kind == "emotion":
        what = f"emotion for {q(c.persona)}" if c.persona else "emotion"
        text = _shift(what, c, lambda v: _emotion(v, scale), arrow)
        return f"{text}, {c.direction}" if c.direction else text
    if c.kind == "touchpoint":
        if c.action == "changed":
            return ("description changed" if c.field == "description"
                    else _shift(c.field, c, value, arrow, ":"))
        text = f"touchpoint {q(c.name)}" + (f" on {q(c.channel)}" if c.channel else "")
        if c.action == "added":
            return text + " added" + (f", emotion {_emotion(c.after, scale)}"
                                       if c.after is not None else "")
        return text + " removed" + (f" (emotion was {_emotion(c.before, scale)})"
                                    if c.before is not None else "")
    if c.kind == "kpi":
        if c.action in ("added", "removed"):
            shown = c.after if c.action == "added" else c.before
            return f"KPI {q(c.name)} {c.action} ({value(shown)})" + (
                f", {c.note}" if c.note else "")
        trend = ", ".join(filter(None, (c.direction, c.note)))
        return _shift(f"KPI {q(c.name)} {c.field}", c, value, arrow) + (
            f" ({trend})" if trend else "")
    if c.kind == "attribute":
        return _shift(f"attribute {q(c.name)}", c, value, arrow, ":")
    word = f"empathy map ({c.kind})" if c.kind in EMPATHY else ITEM_WORDS.get(c.kind, c.kind)
    if c.field:  # an item's own field, such as a solution's status
        return _shift(f"{word} {q(c.name)} {c.field}", c, value, arrow, ":")
    if c.name is None:  # a lane of one text
        return _shift(word, c, value, arrow, ":")
    return f"{word} {c.action}: {q(c.name)}"


def _counts(found: HandbookChanges) -> str:
    """'journeys: 2 changed, 1 added; personas: 1 removed; 1 map with errors'."""
    parts = []
    for kind in ("journey", "persona"):
        actions: dict[str, int] = {}
        for m in found.of(kind):
            actions[m.action] = actions.get(m.action, 0) + 1
        if actions:
            parts.append(f"{kind}s: " + ", ".join(f"{n} {a}" for a, n in actions.items()))
    broken = sum(1 for m in found.maps if m.errors_after)
    if broken:
        parts.append(f"{count(broken, 'map')} with errors")
    return "; ".join(parts) if parts else "no map changed"


def _details(m: MapChanges, old: Side, new: Side, scale: EmotionScale,
             style: Style) -> list[tuple[int, str]]:
    """(depth, line) of a map's errors and changes."""
    lines = []
    for side, problems in ((old, m.errors_before), (new, m.errors_after)):
        if problems:
            lines.append((0, f"errors in {style.text(side.label)}:"))
            lines += [(1, style.text(f"{p.path}:{p.line}:{p.col}: {p.message}"))
                      for p in problems]
    for c in m.changes:
        place = " / ".join(style.text(p) for p in where(c))
        lines.append((0, (style.place(place) if place else "") +
                      describe(c, m.scale or scale, style)))
    return lines


def _heading(m: MapChanges, style: Style) -> str:
    paths = m.after or m.before
    if m.action == "renamed" and m.before != m.after:
        paths = f"{m.before} {style.arrow} {m.after}"
    return f"{m.kind} {style.quote(m.title)} ({clean(paths)})"


# -- text -----------------------------------------------------------------------------------


def to_text(found: HandbookChanges, old: Side, new: Side, scale: EmotionScale) -> str:
    lines = [f"{clean(old.label)} -> {clean(new.label)}: {_counts(found)}"]
    for m in found.maps:
        lines.append("")
        lines.append(f"{_heading(m, TEXT)}: {'; '.join(summary(m))}")
        lines += [f"  {'  ' * depth}{line}" for depth, line in _details(m, old, new, scale, TEXT)]
    return "\n".join(lines) + "\n"


# -- Markdown -------------------------------------------------------------------------------


def md(text: Any) -> str:
    """Text from a file shown as written in a GitHub comment: no Markdown, no HTML, no
    @mentions, issue references or links of its own."""
    # Inside a line, only these start Markdown (or end a table cell).
    return _unlinked(html.escape(re.sub(r"([\\`*_\[\]|~])", r"\\\1", clean(text)),
                                 quote=False))


def _unlinked(text: str) -> str:
    # A zero-width space in these keeps GitHub from linking people, issues and URLs.
    return _LINKS.sub(lambda m: {"@": "@&#8203;", "#": "#&#8203;", "://": ":&#8203;//",
                                 "www.": "www&#8203;."}[m.group()], text)


_LINKS = re.compile(r"@|#|://|www\.")


MARKDOWN = Style(md, lambda s: f"“{md(s)}”", lambda p: f"**{p}**: ", "→")


def to_markdown(found: HandbookChanges, old: Side, new: Side, scale: EmotionScale) -> str:
    """A pull-request comment: one line of counts and a table of maps, then each map's
    changes folded in <details>."""
    head = [f"### Journey map changes\n\n{md(old.label)} → {md(new.label)}: "
            f"{md(_counts(found))}.\n"]
    if found.maps:
        head.append("| map | file | what changed |\n|---|---|---|")
        for m in found.maps:
            head.append(f"| {md(m.title)} | {md(m.after or m.before)} | "
                        f"{md('; '.join(summary(m)))} |")
        head.append("")
    text = "\n".join(head)
    for number, m in enumerate(found.maps):
        items = [f"{'  ' * depth}- {line}"
                 for depth, line in _details(m, old, new, scale, MARKDOWN)]
        if not items:
            continue
        # Inside HTML, Markdown's backslashes would show: escape as HTML only.
        summary_html = _unlinked(html.escape(_heading(m, TEXT), quote=False))
        block = (f"\n<details><summary>{summary_html}</summary>\n\n"
                 + "\n".join(items) + "\n\n</details>\n")
        if len(text) + len(block) > MARKDOWN_LIMIT:
            left = len(found.maps) - number
            text += (f"\nDetails of {count(left, 'more map')} left out to keep "
                     "this comment short: run `cjm diff` to see them.\n")
            break
        text += block
    return text


# -- JSON -----------------------------------------------------------------------------------


def to_json(found: HandbookChanges, old: Side, new: Side) -> str:
    maps = []
    for m in found.maps:
        maps.append({
            "kind": m.kind, "action": m.action, "id": m.id, "id_before": m.id_before,
            "title": m.title, "before": m.before, "after": m.after,
            "summary": summary(m),
            # The scale a journey's emotions are compared on: its latest.
            **({"emotion_scale": m.scale.span} if m.scale else {}),
            "readable_before": m.readable_before, "readable_after": m.readable_after,
            "errors_before": [_problem(p) for p in m.errors_before],
            "errors_after": [_problem(p) for p in m.errors_after],
            "changes": [{k: v for k, v in c.__dict__.items() if v is not None}
                        for c in m.changes],
        })
    document = {"base": old.as_json(), "head": new.as_json(), "maps": maps}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _problem(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "col": problem.col,
            "message": problem.message}
