"""When two names are the same name, and how a name becomes part of an address."""

from __future__ import annotations

import re


def slug(text: str) -> str:
    """A name as a piece of a URL or id: lower-case letters, digits and '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
