"""When two names are the same name, and how a name becomes part of an address."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cjm_site.core.problems import closest


@lru_cache(maxsize=65536)  # the insight pages ask for the same few names over and over
def name_key(name: str) -> str:
    """What makes two names the same name: their letters and digits, in any case and any
    Unicode form. 'E-mail', 'email' and 'E mail' are one channel; 'Sign up' and 'Sign-up'
    one stage; 'Guest checkout' and 'guest check-out' one solution. Used for channels,
    stage names and solutions everywhere; a name without letters or digits is its own key."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\W_]+", "", folded) or " ".join(folded.split())


def meant_id(text: str, names: dict[str, str]) -> tuple[str | None, bool]:
    """The id a reference most likely means, given {id: name}: the one of that name
    (`persona: Maya Fischer`), else the nearest id, else the id of the nearest name; and
    whether it was found by its name."""
    named = next((i for i, name in names.items() if name_key(name) == name_key(text)), None)
    if named is not None:
        return named, True
    near = closest(text, names)
    if near is not None:
        return near, False
    by_name = {name: i for i, name in names.items()}
    near_name = closest(text, by_name)
    return (by_name[near_name], True) if near_name is not None else (None, False)


def slug(text: str) -> str:
    """A name as a piece of a URL or id: lower-case letters, digits and '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
