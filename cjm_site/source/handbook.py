"""Load a whole handbook: discover files, read each once, check references across files."""

from __future__ import annotations

import copy
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
import re
from pathlib import Path
from typing import Any

from cjm_site.source import research
from cjm_site.core.scale import EmotionScale
from cjm_site.source.lints import lint_handbook
from cjm_site.source.loader import MAX_BYTES, discover, inside, load_file, relative, shown
from cjm_site.core.lanes import LANES, Lane
from cjm_site.source.snapshot import WORK_TREE, Files
from cjm_site.core.names import meant_id, name_key, slug
from cjm_site.core.schema import ID_PATTERN
from cjm_site.core.model import Broken, Handbook, Journey, Persona
from cjm_site.core.problems import ERROR, Problem, did_you_mean, sort_problems
from cjm_site.source.validation import read_journey, read_persona


@dataclass
class Settings:
    """Where the sources are and how to read them; paths are absolute."""

    root: Path
    journeys_dir: Path
    personas_dir: Path
    scale: EmotionScale = field(default_factory=EmotionScale)
    # Survey answers below this many are weak evidence (a journey's data: min_n overrides).
    min_n: int = 30
    # Lints: the handbook-wide review cycle in days, and the day reviews are judged on
    # (None: the real today; tests pass a fixed day).
    review_every: int | None = None
    today: date | None = None
    # The lanes a stage may have: the built-in ones and the site's own.
    lanes: tuple[Lane, ...] = LANES

    @classmethod
    def from_project(cls, root: Path, journeys_dir: str = "journeys",
                     personas_dir: str = "personas",
                     scale: EmotionScale | None = None, min_n: int = 30) -> Settings:
        # Folders as written, not with links followed: the loader checks where links lead,
        # and names files as contributors see them.
        root = root.resolve()
        journeys = Path(os.path.normpath(root / journeys_dir))
        return cls(root, journeys, Path(os.path.normpath(journeys / personas_dir)),
                   scale or EmotionScale(), min_n)

    @classmethod
    def from_options(cls, root: Path, options: Mapping[str, Any],
                     today: date | None = None) -> Settings:
        """From the plugin's options (validated by config.CjmConfig): the plugin and the CLI
        both come here, so `mkdocs build` and `cjm validate` read a handbook the same way."""
        settings = cls.from_project(root, options["journeys_dir"], options["personas_dir"],
                                    scale=options["emotion_scale"], min_n=options["min_n"])
        settings.review_every = options["review_every"]
        settings.lanes = options["lanes"]
        settings.today = today
        return settings


_ID = re.compile(ID_PATTERN)
_WORD = re.compile(r"[\w-]+")

# Parsed files keyed by (path, kind, content digest, scale, lanes): reused across serve rebuilds.
Cache = dict[tuple, Any]


def load_handbook(settings: Settings, cache: Cache | None = None,
                  files: Files = WORK_TREE, lints: bool = True) -> Handbook:
    """The handbook in the journeys folder of the work tree, or of a git revision's files;
    without `lints`, errors only (what an earlier revision is compared by)."""
    handbook = Handbook()
    problems: list[Problem] = []
    if not files.is_dir(settings.journeys_dir):
        rel = relative(settings.journeys_dir, settings.root)
        problems.append(Problem(rel, 1, 1, ERROR, f"the journeys folder '{rel}' does not "
                                "exist: create it or set 'journeys_dir' in the plugin options"))
        handbook.problems = problems
        return handbook
    if not inside(settings.journeys_dir, settings.root, files):
        rel = relative(settings.journeys_dir, settings.root)
        problems.append(Problem(rel, 1, 1, ERROR, f"the journeys folder '{rel}' is outside the "
                                f"project folder '{settings.root}' (a symbolic link?): keep "
                                "the journeys inside the project"))
        handbook.problems = problems
        return handbook
    fresh: Cache = {}
    for path, kind, refused in discover(settings.journeys_dir, settings.personas_dir,
                                        settings.root, files):
        if refused is not None:
            problems.append(refused)
            if kind is not None:
                handbook.broken.append(Broken(slug(path.stem), kind, refused.path,
                                              shown(path.name)))
            continue
        rel = relative(path, settings.root)
        try:
            raw = files.read(path, MAX_BYTES)
        except FileNotFoundError:  # deleted since it was listed (`mkdocs serve`)
            continue
        except OSError as exc:
            problems.append(Problem(rel, 1, 1, ERROR, f"cannot read the file: {exc.strerror}"))
            continue
        key = (rel, kind, hashlib.sha256(raw).hexdigest(), settings.scale, settings.lanes)
        if cache is not None and key in cache:
            item, file_problems = cache[key]
        else:
            source = load_file(path, rel, kind, raw)
            if source.data is None:
                item = None
            elif kind == "journey":
                item = read_journey(source, settings.scale, settings.lanes)
            else:
                item = read_persona(source, settings.scale)
            file_problems = list(source.problems)
        fresh[key] = (item, file_problems)
        problems.extend(file_problems)
        if item is None:
            words = frozenset(_WORD.findall(raw.decode("utf-8", "replace")))
            handbook.broken.append(Broken(slug(Path(rel).stem), kind, rel, Path(rel).name,
                                          words))
            continue
        registry = handbook.journeys if kind == "journey" else handbook.personas
        if item.id in registry:
            problems.append(Problem(rel, 1, 1, ERROR, f"duplicate {kind} id '{item.id}': "
                                    f"{registry[item.id].source} uses it too; rename one "
                                    "file or set a different 'id:'"))
            handbook.broken.append(Broken(slug(Path(rel).stem), kind, rel, Path(rel).name,
                                          frozenset(getattr(item, "personas", ()))))
            continue
        registry[item.id] = item
    problems.extend(load_research(handbook, settings, cache or {}, fresh, files))
    if cache is not None:
        cache.clear()
        cache.update(fresh)
    problems.extend(check_references(handbook))
    handbook.journeys = dict(sorted(handbook.journeys.items()))
    handbook.personas = dict(sorted(handbook.personas.items()))
    if lints:
        problems.extend(lint_handbook(handbook, settings.today or date.today(),
                                      settings.review_every,
                                      frozenset(p.path for p in problems if p.is_error)))
    handbook.problems = sort_problems(problems)
    return handbook


def check_references(handbook: Handbook) -> list[Problem]:
    """Persona and `improves` ids that name nothing."""
    problems = []
    # A persona file that cannot be read reports its own problems, once; the journeys
    # that name it are not wrong.
    broken = {b.id for b in handbook.broken if b.kind == "persona"}
    for journey in handbook.journeys.values():
        for persona in journey.personas:
            if persona not in handbook.personas and persona not in broken:
                pos = journey.positions[f"persona:{persona}"]
                problems.append(Problem(pos.path, pos.line, pos.col, ERROR,
                                        _unknown_persona(persona, handbook.personas)))
        if journey.improves is not None:
            pos = journey.positions["improves"]
            if journey.improves == journey.id:
                problems.append(Problem(pos.path, pos.line, pos.col, ERROR,
                                        "a journey cannot improve itself: name the "
                                        "current-state journey"))
            elif journey.improves not in handbook.journeys:
                problems.append(Problem(pos.path, pos.line, pos.col, ERROR,
                                        f"improves unknown journey '{journey.improves}'"
                                        f"{did_you_mean(journey.improves, handbook.journeys)}"))
    return problems


def _unknown_persona(text: str, personas: dict[str, Persona]) -> str:
    """What is wrong with a persona reference, with the id it most likely means."""
    meant, by_name = meant_id(text, {pid: p.name for pid, p in personas.items()})
    if meant is not None and by_name and name_key(personas[meant].name) == name_key(text):
        return (f"'{text}' is the name of a persona, not its id: write '{meant}' (the name "
                "of its file without the extension)")
    hint = ("" if meant is None else f" (did you mean '{meant}', the id of "
            f"{personas[meant].name}?)" if by_name else f" (did you mean '{meant}'?)")
    if not _ID.match(text):
        return (f"persona '{text}' is not an id{hint}: write the id of a persona, the name "
                "of its file without the extension")
    if meant is None and personas:
        # Nothing close: the ids to choose from (a handbook's first ones, when it has many).
        ids = sorted(personas)
        hint = (f" (known personas: {', '.join(ids[:LISTED_IDS])}"
                f"{' ...' if len(ids) > LISTED_IDS else ''})")
    return f"unknown persona '{text}'{hint}: add a persona file or fix the id"


LISTED_IDS = 8


def load_research(handbook: Handbook, settings: Settings, cache: Cache,
                  fresh: Cache, files: Files = WORK_TREE) -> list[Problem]:
    """Measured emotions and KPIs of journeys with `data:`, from files cached by content."""
    problems: list[Problem] = []
    for journey_id, journey in list(handbook.journeys.items()):
        if journey.data is None:
            continue
        # Cached journeys stay as read; each build fills in a copy.
        journey = handbook.journeys[journey_id] = copy.deepcopy(journey)
        parsed: dict[str, Any] = {"survey": None, "analytics": None}
        for kind in parsed:
            name = getattr(journey.data, kind)
            if name is None:
                continue
            path = settings.journeys_dir / name
            if not inside(path, files.resolve(settings.journeys_dir), files) or \
                    not files.is_file(path):
                problems.append(research.file_problem(
                    journey, kind, f"no file '{name}' in the journeys folder "
                    f"'{relative(settings.journeys_dir, settings.root)}': write the path "
                    "relative to it, e.g. 'data/answers.csv'"))
                continue
            rel = shown(relative(files.resolve(path), settings.root))
            try:
                raw = files.read(path, research.MAX_BYTES)
            except OSError as exc:
                problems.append(research.file_problem(journey, kind, f"cannot read '{name}': "
                                                      f"{exc.strerror}"))
                continue
            key = ("research", kind, rel, hashlib.sha256(raw).hexdigest(),
                   research.signature(journey, journey.emotion_scale))
            fresh[key] = cache[key] if key in cache else research.read(
                kind, raw, rel, journey, journey.emotion_scale)
            parsed[kind], file_problems = fresh[key]
            problems.extend(file_problems)
        # The copy records the sample size it was judged by, for the lints.
        journey.data.min_n = journey.data.min_n or settings.min_n
        research.apply(journey, parsed["survey"], parsed["analytics"], journey.emotion_scale,
                       journey.data.min_n)
    return problems
