"""The keys of every record of the format: one table read by validation, docs and editors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cjm_site.core import lanes
from cjm_site.core.problems import did_you_mean
from cjm_site.core.words import N_


@dataclass(frozen=True)
class Key:
    name: str
    type: str
    doc: str
    required: bool = False


TEXTS = "texts"  # a list of sentences (a single sentence is taken as a list of one)

TOUCHPOINT = (
    Key("name", "text", "what happens at this touchpoint", required=True),
    Key("channel", "text", "where it happens: Web, E-mail, Store, Call centre, Friend..."),
    Key("emotion", "emotion", "how it feels; per persona as a mapping {persona: score}"),
    Key("description", "text", "details: what happens, what the customer meets"),
    Key("moment", "moment", "flags a moment that matters; the value says why"),
)

KPI = (
    Key("name", "text", "what is measured", required=True),
    Key("value", "number_or_text", "the measured value: 3.2, 1200, '62%'", required=True),
    Key("target", "number_or_text", "the value the team aims for"),
    Key("unit", "text", "unit of value and target: people, days, %"),
)

PRIORITIES = (N_("high"), N_("medium"), N_("low"))
OPPORTUNITY_STATUSES = (N_("idea"), N_("planned"), N_("doing"), N_("done"), N_("dropped"))

OPPORTUNITY = (
    Key("text", "text", "what the company will do", required=True),
    Key("priority", "priority", "high, medium or low"),
    Key("owner", "text", "who does it: a team or a person"),
    Key("status", "opportunity_status", "idea, planned, doing, done or dropped"),
    Key("link", "link", "where it is tracked: an http(s) or relative link"),
    Key("due", "date", "when it is due, YYYY-MM-DD"),
)
# A journey's opportunities may name the stages they concern.
JOURNEY_OPPORTUNITY = (*OPPORTUNITY, Key("stages", "stage_refs",
                                         "the stages it concerns, by id or name"))

# The value type of each kind of lane.
LANE_TYPES = {lanes.LIST: TEXTS, lanes.TEXT: "text", lanes.TOUCHPOINTS: "touchpoints",
              lanes.EMOTION: "emotion", lanes.SOLUTIONS: "solutions", lanes.KPIS: "kpis"}


# The keys of a stage besides its lanes (a lane of the site's own cannot take these names).
STAGE_FIELDS = (
    Key("name", "text", "the stage's name: Awareness, Consideration, Purchase...",
        required=True),
    Key("id", "id", "the stage's key when its name repeats (a journey that loops back)"),
    Key("phase", "text", "groups consecutive stages under one header: Before, During..."),
    Key("owner", "text", "the team or organisation in charge of this stage"),
    Key("duration", "text", "how long it takes, as text: '2 days', '7:00-8:00'"),
    Key("optional", "boolean", "true: not every customer goes through this stage"),
    Key("moment", "moment", "flags a moment that matters; the value says why"),
)


def stage_keys(table: tuple[lanes.Lane, ...] = lanes.LANES) -> tuple[Key, ...]:
    """The keys of a stage: its own and its lanes (those of the site's lane table)."""
    return (*STAGE_FIELDS, *(Key(lane.key, LANE_TYPES[lane.kind], lane.doc) for lane in table))


STAGE = stage_keys()


def site_lanes(value: object) -> tuple[lanes.Lane, ...]:
    """The lane table of a site from its plugin option `lanes:` (ValueError if wrong)."""
    return lanes.lanes_from_option(value, {key.name for key in STAGE_FIELDS})

SURVEY_SCALES = ("1..5", "0..10", "emotion")
TARGETS = ("nps", "csat", "conversion", "overall_conversion")

DATA = (
    Key("survey", "path", "survey answers (CSV: stage, touchpoint, score, respondent, date, "
        "comment), relative to the journeys folder"),
    Key("scale", "survey_scale", "the survey's scale: '1..5', '0..10' or 'emotion'; "
        "default emotion"),
    Key("analytics", "path", "counts per stage (CSV: stage, count), relative to the "
        "journeys folder"),
    Key("min_n", "count", "answers needed for strong evidence; default: the plugin's min_n"),
    Key("quotes", "boolean", "show survey comments of the lowest-scoring stages; default false"),
    Key("targets", "targets", "targets of computed KPIs: nps, csat, conversion, "
        "overall_conversion"),
)

JOURNEY = (
    Key("id", "id", "the journey's id; default: the file name without extension"),
    Key("title", "text", "the journey's title", required=True),
    Key("persona", "id", "the persona who takes this journey"),
    Key("personas", "ids", "several personas who take this journey"),
    Key("status", "status", "'current' (as-is) or 'future' (to-be); default current"),
    Key("owner", "text", "the team or person who keeps the map up to date"),
    Key("reviewed", "date", "date of the last review, YYYY-MM-DD"),
    Key("review_every", "days", "days between reviews"),
    Key("tags", TEXTS, "free labels to browse by"),
    Key("improves", "id", "id of the current-state journey this future state improves"),
    Key("description", "text", "the narrative, in Markdown (in a .md file: the body)"),
    Key("stages", "stages", "the stages, in order", required=True),
    Key("opportunities", "opportunities", "what the company will do across the journey: "
        "text, or {text, priority, owner, status, link, due, stages}"),
    Key("feelings", TEXTS, "what the customer feels throughout the journey"),
    Key("emotion_scale", "emotion_scale", "this map's own emotion scale {low, high, words} "
        "(as the plugin option); default: the handbook's"),
    Key("data", "data", "research files the emotions and KPIs are computed from"),
)

EMPATHY = (
    Key("says", TEXTS, "what the persona says"),
    Key("thinks", TEXTS, "what the persona thinks"),
    Key("does", TEXTS, "what the persona does"),
    Key("feels", TEXTS, "what the persona feels"),
    Key("pains", TEXTS, "fears, frustrations, obstacles"),
    Key("gains", TEXTS, "wants, needs, measures of success"),
)

PERSONA = (
    Key("id", "id", "the persona's id; default: the file name without extension"),
    Key("name", "text", "the persona's name", required=True),
    Key("summary", "text", "one or two sentences on who this is"),
    Key("age", "number_or_text", "age or age range"),
    Key("occupation", "text", "job or role"),
    Key("location", "text", "where they live"),
    Key("quote", "text", "a typical quote"),
    Key("image", "image", "path or https URL of a portrait"),
    Key("attributes", "attributes", "free mapping: interests, preferences, demographics"),
    Key("goals", TEXTS, "what they want to achieve"),
    Key("challenges", TEXTS, "what stands in their way"),
    Key("empathy", "empathy", "empathy map: says, thinks, does, feels, pains, gains"),
    Key("description", "text", "the narrative, in Markdown (in a .md file: the body)"),
)

STATUSES = (N_("current"), N_("future"))
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


# Words researchers use for what the format names otherwise, with the keys they may mean
# (the first of them that the place takes).
SYNONYMS = {
    **dict.fromkeys(("pain_points", "painpoints", "pain", "pains", "frustrations", "problems",
                     "issues", "obstacles"), ("barriers", "challenges")),
    **dict.fromkeys(("ideas", "fixes", "improvements", "opportunities"),
                    ("solutions", "opportunities")),
    **dict.fromkeys(("channels", "interactions"), ("touchpoints",)),
    **dict.fromkeys(("metrics", "measures", "measurements"), ("kpis",)),
    **dict.fromkeys(("sources", "research", "insights"), ("evidence",)),
    **dict.fromkeys(("sentiment", "mood", "score"), ("emotion",)),
    **dict.fromkeys(("activities", "tasks", "doing"), ("actions",)),
    **dict.fromkeys(("needs", "motivations", "jobs", "jobs_to_be_done"), ("goals",)),
    **dict.fromkeys(("thinking",), ("thoughts",)),
    **dict.fromkeys(("steps", "phases"), ("stages",)),
}


def unknown_key(key: str, keys: tuple[Key, ...]) -> str:
    """The message for a key a place does not take: `unknown key 'x'` and what to write
    instead (the key it most likely means, else the keys the place takes)."""
    known = {k.name: k for k in keys}
    meant = SYNONYMS.get(re.sub(r"[\s-]+", "_", key.strip().casefold()), ())
    here = next((known[name] for name in meant if name in known), None)
    if here is not None:
        return f"unknown key '{key}': write '{here.name}:' ({here.doc})"
    in_stage = next((k for k in STAGE if k.name in meant), None)
    if in_stage is not None and "stages" in known:
        return (f"unknown key '{key}': write '{in_stage.name}:' in a stage, under 'stages:' "
                f"({in_stage.doc})")
    close = did_you_mean(key, known)
    if close:
        return f"unknown key '{key}'{close}"
    return f"unknown key '{key}': write one of {', '.join(known)}, or remove it"
