"""When two names are the same name, and how a name becomes part of an address."""

from __future__ import annotations

import re
import unicodedata


def name_key(name: str) -> str:
    """What makes two names the same name: their letters and digits, in any case and any
    Unicode form. 'E-mail', 'email' and 'E mail' are one channel; 'Sign up' and 'Sign-up'
    one stage; 'Guest checkout' and 'guest check-out' one solution. Used for channels,
    stage names and solutions everywhere; a name without letters or digits is its own key."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\W_]+", "", folded) or " ".join(folded.split())


def slug(text: str) -> str:
    """A name as a piece of a URL or id: lower-case letters, digits and '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
