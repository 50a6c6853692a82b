"""Commented starter files for `cjm new`: valid as written, so a contributor edits, never fixes."""

from __future__ import annotations

import json
import re
from datetime import date

# Trailing comments start at this column, so that they read as one column whatever the
# values; a longer line keeps two spaces before its comment.
COMMENT_COLUMN = 30
_TRAILING = re.compile(r"^(?P<code>.*?\S)\s+(?P<comment>#\s.*)$")

JOURNEY = """\
---
# A journey map: one persona through the stages of one experience.
# Every lane of a stage is optional; an empty lane is not drawn. Check with: cjm validate
title: {title}
persona: {persona}           # the persona's id (file name in the personas folder)
status: current              # current (as-is) or future (to-be; then add improves: <id>)
owner: Your team             # who keeps this map up to date
reviewed: {today}            # date of the last review, YYYY-MM-DD
review_every: 180            # days until the next review
tags: []
# This map's own emotion scale (default: the handbook's):
# emotion_scale: {{low: 0, high: 5}}
feelings: [What the customer feels throughout]
opportunities:               # what we will do across the journey
  - {{text: One idea for the whole journey, status: idea}}
stages:
  - name: Awareness
    phase: Before             # consecutive stages of one phase share a header on the map
    owner: Marketing          # the team in charge of this stage
    duration: 1-2 weeks       # free text: 2 days, 7:00-8:00
    goals: [What the customer wants in this stage]
    actions: [What they do]
    touchpoints:
      # channel: where it happens; emotion: -2..2 or very negative .. very positive
      - {{channel: Web, name: First visit to the website, emotion: neutral}}
    thoughts: [What they think]
    barriers: [What stops or frustrates them]
    solutions:
      - What we will do about it
      # tracked: priority high/medium/low; status idea/planned/doing/done/dropped
      - {{text: Something under way, owner: Your team, status: doing, priority: high}}
    notes: Anything else about this stage, in *Markdown*.
  - name: Decision
    phase: During
    # optional: true          # a stage not every customer goes through
    # id: decision-again      # needed when a stage name repeats (a journey that loops back)
    touchpoints:
      - channel: Web
        name: Checkout
        emotion: positive
        # a moment that matters: the value says why
        moment: Where she decides whether to trust us
    kpis:
      - {{name: Conversion rate, value: "2%", target: "3%"}}
    evidence: [Survey, interviews or analytics this map is based on]
    # A service blueprint adds what the company does, below the customer's lanes:
    frontstage: [What employees and systems do where the customer sees it]
    backstage: [What employees do out of the customer's sight]
    support: [Systems, partners and processes behind it]
---

The story of this journey, in Markdown: who was interviewed, what surprised the team,
what is planned next.
"""

PERSONA = """\
# A persona: a portrait of a customer segment. Check with: cjm validate
name: {name}
summary: One or two sentences on who this is.
occupation: Their job or role
location: Where they live
quote: A typical thing they say.
attributes:                  # free mapping: interests, preferences, demographics
  Interests: running, travel
goals:
  - What they want to achieve
challenges:
  - What stands in their way
empathy:                     # the empathy map's four quadrants (pains, gains optional)
  says: [What they say]
  thinks: [What they think]
  does: [What they do]
  feels: [What they feel]
"""


def journey(journey_id: str, title: str | None, persona: str, today: date) -> str:
    return _filled(JOURNEY, title=_scalar(title or _words(journey_id)), persona=persona,
                   today=today.isoformat())


def persona(persona_id: str, name: str | None) -> str:
    return _filled(PERSONA, name=_scalar(name or _words(persona_id).title()))


def _filled(template: str, **values: str) -> str:
    """The template with its values, each trailing comment at COMMENT_COLUMN. Comments are
    found in the template, never in a value (a title may hold '#')."""
    lines = []
    for line in template.splitlines():
        found = _TRAILING.match(line)
        if found is None:
            lines.append(line.format(**values))
            continue
        code = found["code"].format(**values)
        lines.append(f"{code.ljust(COMMENT_COLUMN - 3)}  {found['comment'].format(**values)}")
    return "\n".join(lines) + "\n"


def _words(identifier: str) -> str:
    return identifier.replace("-", " ").replace("_", " ").capitalize()


def _scalar(text: str) -> str:
    """A title as a YAML value: quoted (JSON is valid YAML) so ': ' or '#' stay text."""
    return json.dumps(text, ensure_ascii=False)
