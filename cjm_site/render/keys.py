"""What a generated page's body is made from, as one digest: its key.

Under `mkdocs serve` a rebuild renders a page again only when its key changed, so the key
holds everything the body is made from: the arguments of its render function (the journey,
the rows of an insight page, the template and its context), what it reads from the
handbook besides (`GeneratedPage.reads`: the maps a journey improves or that improve it,
its file's problems...) and the page options, with the day (reviews fall due). A journey
counts with the names of its personas, which every page that lists a journey may show.
Equal keys, equal bodies: a test rebuilds a site after edits of every kind and compares it
with one built from scratch.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date
from enum import Enum
from functools import partial
from typing import Any

from cjm_site.core.model import Handbook, Journey, Persona, Stage
from cjm_site.render.site import GeneratedPage, PageOptions, Site

_PLAIN = frozenset((str, int, float, bool, type(None), date))
_OWN_DIGEST = (Journey, Persona, Stage, Handbook)  # digested once each, whoever refers to them
_FIELDS: dict[type, tuple[str, ...]] = {}


class Keys:
    """Page keys of one build. What several pages share is digested once; a journey whose
    file did not change is the same object as in the build before, and keeps its digest."""

    def __init__(self, handbook: Handbook, options: PageOptions,
                 before: dict[int, tuple[Journey, str]] | None = None,
                 today: date | None = None):
        self.handbook = handbook
        self.common = digest(repr(options) + str(options.today or today or date.today()))
        # id -> digest of what this build has digested; `kept` keeps those ids unique.
        self.digests: dict[int, str] = {}
        self.kept: list[Any] = []
        # The digests of journeys' content, for the next build (`before`).
        self.journeys: dict[int, tuple[Journey, str]] = {}
        self.before = before or {}

    def of(self, page: GeneratedPage) -> str | None:
        """The page's key; None for a body made by something keys cannot see into."""
        if not isinstance(page.render, partial):
            return None
        parts: list[str] = [self.common, page.src_uri]
        self._encode(page.render, parts)
        self._encode(page.reads, parts)
        return digest("\x1f".join(parts))

    def _encode(self, value: Any, out: list[str]) -> None:
        known = self.digests.get(id(value))
        if known is not None:
            out.append(known)
        elif type(value) in _PLAIN or isinstance(value, Enum):
            out.append(repr(value))
        elif isinstance(value, Site):
            out.append("site")  # its options are in `common`; what it holds, in reads
        elif isinstance(value, tuple) or (dataclasses.is_dataclass(value) and
                                          not isinstance(value, _OWN_DIGEST)):
            # A row of an insight page: written out where it is, not digested on its own.
            out.append(f"({type(value).__qualname__}")
            for item in (value if isinstance(value, tuple) else _values(value)):
                self._encode(item, out)
            out.append(")")
        else:
            out.append(self._digest_of(value))

    def _digest_of(self, value: Any) -> str:
        """The digest of a record or a container, remembered for the rest of the build."""
        if isinstance(value, Journey):
            return self._journey(value)
        if isinstance(value, (Persona, Stage)):  # a stage not reached through its journey
            return self._remember(value, digest(repr(value)))
        parts = [type(value).__qualname__]
        encode, digests = self._encode, self.digests
        if isinstance(value, list):
            items = value
        elif isinstance(value, Handbook):  # an earlier revision's, say: what it holds
            items = (value.journeys, value.personas, value.broken, value.problems)
        elif isinstance(value, dict):
            items = [part for pair in value.items() for part in pair]
        elif isinstance(value, partial):
            items = (value.func, value.args, value.keywords)
        elif isinstance(value, (set, frozenset)):
            items = sorted(map(repr, value))
        elif callable(value):
            # A function by name: what it closes over is in the options or in `reads`.
            items = (getattr(value, "__module__", ""), getattr(value, "__qualname__", ""))
        else:
            items = (repr(value),)
        for item in items:
            known = digests.get(id(item))
            if known is not None:
                parts.append(known)
            else:
                encode(item, parts)
        return self._remember(value, digest("\x1f".join(parts)))

    def _journey(self, journey: Journey) -> str:
        """Its content and its personas' names; what it holds is known by where it is in it,
        as rows of insight pages refer to it."""
        kept = self.before.get(id(journey))
        content = kept[1] if kept is not None and kept[0] is journey else digest(repr(journey))
        self.journeys[id(journey)] = (journey, content)
        personas = self.handbook.personas
        found = content + repr([personas[p].name if p in personas else None
                                for p in journey.personas])
        remember = self._remember
        remember(journey, found)
        for n, kpi in enumerate(journey.kpis):
            remember(kpi, f"{found}/kpi{n}")
        for index, stage in enumerate(journey.stages):
            remember(stage, f"{found}/{index}")
            for n, touchpoint in enumerate(stage.touchpoints):
                remember(touchpoint, f"{found}/{index}/{n}")
            for n, kpi in enumerate(stage.kpis + stage.computed_kpis):
                remember(kpi, f"{found}/{index}/kpi{n}")
        return found

    def _remember(self, value: Any, found: str) -> str:
        self.digests[id(value)] = found
        self.kept.append(value)
        return found


def _values(record: Any) -> list[Any]:
    names = _FIELDS.get(type(record))
    if names is None:
        names = _FIELDS[type(record)] = tuple(f.name for f in dataclasses.fields(record))
    return [getattr(record, name) for name in names]


def digest(text: str) -> str:
    """A short digest of text: 32 hex digits."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
