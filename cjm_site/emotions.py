"""The emotion scale: numbers within a range, or words that stand for numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_WORDS = {
    "very negative": -2.0,
    "negative": -1.0,
    "neutral": 0.0,
    "positive": 1.0,
    "very positive": 2.0,
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
        """The score of a number or word; raises ValueError saying what is allowed."""
        if isinstance(value, bool):
            raise ValueError(f"emotion must be {self.describe()}, not {value!r}")
        if isinstance(value, (int, float)):
            score = float(value)
            if not self.low <= score <= self.high:
                raise ValueError(
                    f"emotion {fmt(score)} is out of range: use {self.describe()}"
                )
            return score
        if isinstance(value, str):
            word = " ".join(value.lower().replace("_", " ").split())
            if word in self.words:
                return self.words[word]
            from .problems import did_you_mean

            raise ValueError(
                f"unknown emotion '{value}'{did_you_mean(word, self.words)}: "
                f"use {self.describe()}"
            )
        raise ValueError(f"emotion must be {self.describe()}")

    def word(self, score: float) -> str:
        """The word nearest to a score, for labels and text alternatives."""
        return min(self.words.items(), key=lambda item: (abs(item[1] - score), item[1]))[0]

    def sign(self, score: float) -> int:
        """-1, 0 or 1 relative to the middle of the scale."""
        middle = self.neutral
        return 0 if abs(score - middle) < 1e-9 else (1 if score > middle else -1)


def fmt(score: float) -> str:
    """A score as people write it: 2, -1.5, 0.33."""
    text = f"{score:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
