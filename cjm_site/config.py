"""The plugin's settings, as written under `plugins: - cjm:` in mkdocs.yml."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from .emotions import EmotionScale, scale_from_option
from .prerender import default_workers


class ScaleOption(base.BaseConfigOption[EmotionScale]):
    """`emotion_scale: {low: 1, high: 5, words: {...}}` -> an EmotionScale."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None  # validated like a written value: the default scale

    def run_validation(self, value: Any) -> EmotionScale:
        try:
            return scale_from_option(value)
        except ValueError as exc:
            raise base.ValidationError(str(exc)) from None


class CjmConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Sources, relative to the folder of mkdocs.yml (personas_dir: to journeys_dir).
    journeys_dir = c.Type(str, default="journeys")
    personas_dir = c.Type(str, default="personas")
    # Where the generated pages go in the site.
    journeys_url = c.Type(str, default="journeys")
    personas_url = c.Type(str, default="personas")
    # Navigation: journeys beyond this many are grouped into sections of this size.
    nav_group_size = c.Type(int, default=30)
    # Raw HTML in narratives: sanitised unless the handbook trusts its contributors.
    allow_html = c.Type(bool, default=False)
    # Content advice (lints) is logged below warning level unless this is set.
    lints_as_warnings = c.Type(bool, default=False)
    # Days between reviews of every map that does not set its own `review_every`.
    review_every = c.Optional(c.Type(int))
    # Research data: survey answers below this many per stage are weak evidence.
    min_n = c.Type(int, default=30)
    # The emotion range and its words (default: -2..2, 'very negative' to 'very positive').
    emotion_scale = ScaleOption()
    # Cross-journey insight pages (pain points, channels, KPIs...), where they go, and how
    # many lowest and highest touchpoints the moments of truth list.
    insights = c.Type(bool, default=True)
    insights_url = c.Type(str, default="insights")
    moments_count = c.Type(int, default=5)
    # Worker processes that render page bodies during `mkdocs build` (0: none).
    concurrency = c.Type(int, default=default_workers())
