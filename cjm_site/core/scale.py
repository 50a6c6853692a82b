"""The emotion scale: numbers within a range, or words that stand for numbers."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from cjm_site.core.words import N_, written_number

DEFAULT_WORDS = {
    N_("very negative"): -2.0,
    N_("negative"): -1.0,
    N_("neutral"): 0.0,
    N_("positive"): 1.0,
    N_("very positive"): 2.0,
}


@dataclass(frozen=True)
class EmotionScale:
    low: float = -2.0
    high: float = 2.0
    words: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WORDS))

    def __hash__(self) -> int:
        return hash((self.low, self.high, tuple(self.words.items())))

    @property
    def neutral(self) -> float:
        return (self.low + self.high) / 2

    def describe(self) -> str:
        words = ", ".join(f"'{w}'" for w in self.words)
        return f"a number from {fmt(self.low)} to {fmt(self.high)} or one of {words}"

    def parse(self, value: object) -> float:
        """The score of a number or word; raises ValueError saying what is allowed. The
        message does not name the emotion: the caller says whose emotion it is."""
        if isinstance(value, str) and written_number(value) is not None:
            value = written_number(value)  # "-1" in quotes is still minus one
        if isinstance(value, bool):
            raise ValueError(f"{str(value).lower()} is not a score: use {self.describe()}")
        if isinstance(value, (int, float)):
            score = float(value)
            if not self.low <= score <= self.high:
                raise ValueError(f"{fmt(score)} is out of range: use {self.describe()}")
            return score
        if isinstance(value, str):
            word = " ".join(value.lower().replace("_", " ").split())
            if word in self.words:
                return self.words[word]
            from cjm_site.core.problems import did_you_mean

            raise ValueError(f"unknown word '{value}'{did_you_mean(word, self.words)}: "
                             f"use {self.describe()}")
        raise ValueError(f"a list or mapping is not a score: use {self.describe()}")

    def word(self, score: float) -> str:
        """The word nearest to a score, for labels and text alternatives."""
        return min(self.words.items(), key=lambda item: (abs(item[1] - score), item[1]))[0]

    def sign(self, score: float) -> int:
        """-1, 0 or 1 relative to the middle of the scale."""
        middle = self.neutral
        return 0 if abs(score - middle) < 1e-9 else (1 if score > middle else -1)

    @property
    def span(self) -> str:
        """The range as people write it: '-2..2', '0..5'."""
        return f"{fmt(self.low)}..{fmt(self.high)}"

    @property
    def label(self) -> str:
        """'0..5', with its words when they are not the usual five spread over it."""
        if self.words == scale_from_option({"low": self.low, "high": self.high}).words:
            return self.span
        return f"{self.span} ({', '.join(f'{w} {fmt(v)}' for w, v in self.words.items())})"

    def same_range(self, other: EmotionScale) -> bool:
        return self.low == other.low and self.high == other.high

    def onto(self, score: float, other: EmotionScale) -> float:
        """A score of this scale at the same place on `other`: the range mapped linearly
        (low onto low, high onto high), so maps on different scales can be compared."""
        if self.same_range(other):
            return score
        return other.low + (score - self.low) * (other.high - other.low) / (self.high - self.low)


class ScaleError(ValueError):
    """A mistake in an emotion scale, and where in it: () for the scale as a whole,
    ('low',), ('words',), ('words', word) for a value, ('key', key) for a key, as written."""

    def __init__(self, message: str, where: tuple = ()):
        super().__init__(message)
        self.where = where


def scale_from_option(value: object) -> EmotionScale:
    """The scale a handbook (the plugin option) or a map (its `emotion_scale:` key) sets with
    `{low, high, words}`, all optional; raises ScaleError saying what to write instead."""
    if value is None:
        return EmotionScale()
    if not isinstance(value, Mapping):
        raise ScaleError("expected a mapping such as {low: 1, high: 5}, "
                         f"not {_kind(value)}")
    from cjm_site.core.problems import did_you_mean

    for key in value:
        if key not in ("low", "high", "words"):
            raise ScaleError(f"unknown key '{key}'"
                             f"{did_you_mean(str(key), ['low', 'high', 'words'])}"
                             ": use 'low', 'high' and 'words'", ("key", key))
    low, high = (_number(value.get(k, d), f"'{k}'", (k,))
                 for k, d in (("low", -2.0), ("high", 2.0)))
    if low >= high:
        raise ScaleError(f"'low' ({fmt(low)}) must be below 'high' ({fmt(high)})",
                         ("low",) if "low" in value else ("high",))
    words = value.get("words")
    if words is None:
        # The five usual words, spread evenly over the range.
        step = (high - low) / 4
        return EmotionScale(low, high, {w: low + i * step for i, w in enumerate(DEFAULT_WORDS)})
    if not isinstance(words, Mapping) or len(words) < 2:
        raise ScaleError("'words' must map at least two words to numbers, "
                         "e.g. {bad: 1, ok: 3, great: 5}", ("words",))
    scored: dict[str, float] = {}
    for word, number in words.items():
        name = " ".join(str(word).lower().replace("_", " ").split())
        where = ("words", word)
        score = _number(number, f"'words': '{word}'", where)
        if not name or name in scored:
            raise ScaleError(f"'words': '{word}' is empty or given twice", where)
        if not low <= score <= high:
            raise ScaleError(f"'words': '{word}' is {fmt(score)}, outside "
                             f"{fmt(low)}..{fmt(high)}", where)
        if score in scored.values():
            raise ScaleError(f"'words': '{word}' and '{_key_of(scored, score)}' both stand "
                             f"for {fmt(score)}: give each word its own number", where)
        scored[name] = score
    return EmotionScale(low, high, dict(sorted(scored.items(), key=lambda i: i[1])))


def _number(value: object, what: str, where: tuple) -> float:
    """A number, also written in quotes ('"5"'); finite."""
    if isinstance(value, str) and written_number(value) is not None:
        value = written_number(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value):
        raise ScaleError(f"{what} must be a number, not {_kind(value)}", where)
    return float(value)


def _kind(value: object) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else repr(value)


def _key_of(words: dict[str, float], score: float) -> str:
    return next(w for w, s in words.items() if s == score)


def fmt(score: float) -> str:
    """A score as people write it: 2, -1.5, 0.33."""
    text = f"{score:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
