"""The `cjm` command: the same loading and validation as the plugin, for CI and editors.

Exit codes (docs/guide/contributing.md): 0 done, no errors; 1 errors found, or nothing written
(a file exists, the handbook has errors, a file cannot be written); 2 the command line or the
cjm options in the site's configuration are wrong.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
from datetime import date
from pathlib import Path

from cjm_site.cli import diff, export, generate, mermaid
from cjm_site.source import git, json_schema
from cjm_site.source import mermaid as mermaid_source
from cjm_site.source.loader import load_file
from cjm_site.source.validation import read_journey
from cjm_site.cli import scaffold
from cjm_site.cli.project import CONFIG_FILES, Refused, UsageError, project_settings
from cjm_site.source.handbook import Settings, load_handbook
from cjm_site.core.model import Handbook, Journey
from cjm_site.core.names import meant_id, slug
from cjm_site.core.problems import ERROR, Problem, did_you_mean, sort_problems
from cjm_site.core.schema import ID_PATTERN
from cjm_site.core.words import count

CONFIG_HELP = (f"the site's configuration (default: the first of {', '.join(CONFIG_FILES)} "
               "in this folder, if any; without one the journeys folder is 'journeys')")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        parser.exit(2, f"cjm: error: {exc}\n")
    except Refused as exc:
        print(f"cjm: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader stopped early (`cjm export | head`): silence the flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        # A file that cannot be written or read (a folder of that name, a full disk, no
        # permission): one line, not a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"cjm: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cjm", description="Customer journey maps as code: check, scaffold, export "
        "and generate the journeys folder named in the site's configuration (plugin 'cjm', "
        "option journeys_dir).")
    parser.add_argument("-f", "--config-file", metavar="FILE", help=CONFIG_HELP)
    # -f also after the command (`cjm validate -f site/mkdocs.yml`); written there, it wins.
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument("-f", "--config-file", metavar="FILE", help=CONFIG_HELP,
                        default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", parents=[config],
        help="check journey and persona files; print every problem",
        description="Check every journey and persona the way `mkdocs build` does and print "
        "each problem as path:line:col: severity: message.")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="journeys folders, or files in the journeys folder (the "
                          "whole handbook is checked, problems of these files are shown)")
    validate.add_argument("--format", choices=("text", "github", "json"), default="text",
                          help="text (default), github (GitHub Actions annotations) or json")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_today(validate)
    validate.set_defaults(run=_validate)

    schema_cmd = commands.add_parser(
        "schema", parents=[config],
        help="write JSON Schemas of journey and persona files, for editors",
        description="Write journey.schema.json and persona.schema.json (JSON Schema draft "
        "2020-12) into a folder, or one of them to standard output.")
    schema_cmd.add_argument("kind", nargs="?", choices=("journey", "persona"),
                            help="print only this schema to standard output")
    schema_cmd.add_argument("--out", metavar="DIR", default=".",
                            help="folder to write both schemas to (default: this folder)")
    schema_cmd.set_defaults(run=_schema)

    new = commands.add_parser("new", help="write a commented starter file",
                              description="Write a valid, commented starter file into the "
                              "journeys folder; never overwrites a file.")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    new_journey = kinds.add_parser("journey", parents=[config],
                                   help="a journey map (ID.md)")
    new_journey.add_argument("id", help="the journey's id, e.g. first-purchase")
    new_journey.add_argument("--persona", required=True, help="id of the persona who takes it")
    new_journey.add_argument("--title", help="the title (default: from the id)")
    new_persona = kinds.add_parser("persona", parents=[config],
                                   help="a persona (personas/ID.yml)")
    new_persona.add_argument("id", help="the persona's id, e.g. maya")
    new_persona.add_argument("--name", help="the persona's name (default: from the id)")
    for sub in (new_journey, new_persona):
        _add_today(sub)
        sub.set_defaults(run=_new)

    export_cmd = commands.add_parser(
        "export", parents=[config],
        help="the whole handbook as JSON, or a table of it as CSV",
        description="Export the handbook: JSON (journeys with phases, stages, lanes and "
        "computed emotions; personas) or CSV (one row per touchpoint, stage or opportunity).")
    export_cmd.add_argument("--format", choices=("json", "csv", "mermaid"), default="json",
                            help="json (default), csv, or mermaid (one journey as a Mermaid "
                            "journey diagram, scores on its 1..5 scale)")
    export_cmd.add_argument("--journey", metavar="ID", help="with --format mermaid: the "
                            "journey to export (default: the only one)")
    export_cmd.add_argument("--table", choices=tuple(export.CSV_TABLES),
                            default="touchpoints", help="with --format csv: one row per "
                            "touchpoint (default), per stage (a column per lane) or per "
                            "opportunity (solutions and journey opportunities)")
    export_cmd.add_argument("--out", metavar="FILE", help="write here (default: standard "
                            "output)")
    export_cmd.set_defaults(run=_export)

    import_cmd = commands.add_parser(
        "import", help="write a journey from another format",
        description="Write a journey file (and a persona file per new actor) into the "
        "journeys folder from another format; never overwrites a file.")
    formats = import_cmd.add_subparsers(dest="format", required=True, metavar="FORMAT")
    mermaid_cmd = formats.add_parser(
        "mermaid", parents=[config], help="a Mermaid journey diagram (.mmd)",
        description="Sections become stages, tasks touchpoints with their scores (on the "
        "diagram's own 1..5 scale), actors personas, scored per persona where a task names "
        "some of them.")
    mermaid_cmd.add_argument("file", metavar="FILE", help="the diagram, e.g. checkout.mmd")
    mermaid_cmd.add_argument("--id", help="the journey's id (default: from the file name)")
    mermaid_cmd.set_defaults(run=_import)

    diff_cmd = commands.add_parser(
        "diff", help="what changed in each map between two git revisions",
        description="Compare the journeys and personas of two git revisions, map by map: "
        "stages added, removed and renamed, emotions, touchpoints, barriers, solutions, "
        "KPIs and fields. Without revisions: the merge base with the default branch "
        "against the work tree; with one: that revision against the work tree.")
    diff_cmd.add_argument("base", nargs="?", metavar="BASE",
                          help="the earlier revision (default: the merge base of HEAD and "
                          "the default branch)")
    diff_cmd.add_argument("head", nargs="?", metavar="HEAD",
                          help="the later revision (default: the work tree)")
    diff_cmd.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                          help="text (default), markdown (a pull-request comment) or json")
    diff_cmd.set_defaults(run=_diff)

    generate_cmd = commands.add_parser(
        "generate", parents=[config], help="write the handbook's pages as Markdown into the docs folder",
        description="Write every page the plugin makes (journeys, personas, indexes, "
        "insights) as a Markdown file with inline HTML and SVG into the docs folder, with "
        "the stylesheet and literate-nav SUMMARY.md files, for engines that run no MkDocs "
        "plugins (Zensical). Writes only files whose content changed; removes the files "
        "it wrote before that are gone.")
    generate.add_arguments(generate_cmd)
    _add_today(generate_cmd)
    generate_cmd.set_defaults(run=generate.run)
    return parser


def _add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=_iso_date, metavar="YYYY-MM-DD",
                        help="judge review dates as of this day (default: today)")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD") from None


# -- validate ----------------------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    settings = project_settings(args.config_file, args.today)
    handbooks = [(load_handbook(s), files) for s, files in _targets(settings, args.paths)]
    problems = []
    for handbook, paths in handbooks:
        problems += [p for p in handbook.problems if paths is None
                     or _within((settings.root / p.path).resolve(), paths)]
    if args.strict:
        problems = [dataclasses.replace(p, severity=ERROR) for p in problems]
    problems = sort_problems(problems)
    errors = sum(p.is_error for p in problems)
    if args.format == "json":
        print(json.dumps([dataclasses.asdict(p) for p in problems], indent=2,
                         ensure_ascii=False))
    else:
        show = _annotation if args.format == "github" else str
        for problem in problems:
            print(show(problem))
        journeys = sum(len(h.journeys) for h, _ in handbooks)
        personas = sum(len(h.personas) for h, _ in handbooks)
        print(f"{count(journeys, 'journey')}, {count(personas, 'persona')}: "
              f"{count(errors, 'error')}, {count(len(problems) - errors, 'warning')}")
    return 1 if errors else 0


def _targets(settings: Settings, paths: list[str]
             ) -> list[tuple[Settings, set[Path] | None]]:
    """Each journeys folder to load, with the files and folders whose problems to report
    (None: all of them). A path in the journeys folder is checked within its handbook (a
    persona against its journeys); a folder elsewhere is a journeys folder of its own."""
    if not paths:
        return [(settings, None)]
    journeys = settings.journeys_dir.resolve()
    folders: dict[Path, set[Path] | None] = {}
    for text in paths:
        path = Path(text).resolve()
        if not path.exists():
            raise UsageError(f"'{text}' does not exist")
        if path == journeys or (path.is_dir() and not path.is_relative_to(journeys)):
            folders[path] = None
        elif path.is_relative_to(journeys):
            within = folders.setdefault(journeys, set())
            if within is not None:
                within.add(path)
        else:
            raise UsageError(f"'{text}' is not in the journeys folder "
                             f"'{settings.journeys_dir}': pass the folder it belongs to")
    return [(settings if folder == journeys else _in_folder(settings, folder), within)
            for folder, within in folders.items()]


def _within(path: Path, paths: set[Path]) -> bool:
    return any(path.is_relative_to(p) for p in paths)


def _in_folder(settings: Settings, folder: Path) -> Settings:
    personas = settings.personas_dir.relative_to(settings.journeys_dir) \
        if settings.personas_dir.is_relative_to(settings.journeys_dir) else settings.personas_dir
    root = settings.root if folder.is_relative_to(settings.root) else folder.parent
    return dataclasses.replace(settings, root=root, journeys_dir=folder,
                               personas_dir=folder / personas)


def _annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command, escaped as the runner expects."""
    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    level = "error" if problem.is_error else "warning"
    return (f"::{level} file={escape(problem.path, True)},line={problem.line},"
            f"col={problem.col}::{escape(problem.message)}")


# -- schema, new, export -------------------------------------------------------------


def _schema(args: argparse.Namespace) -> int:
    settings = project_settings(args.config_file)
    if args.kind:
        print(json_schema.dumps(json_schema.generate(args.kind, settings.scale,
                                                     settings.lanes)), end="")
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for kind in json_schema.KINDS:
        target = out / f"{kind}.schema.json"
        target.write_text(json_schema.dumps(json_schema.generate(kind, settings.scale,
                                                                 settings.lanes)),
                          encoding="utf-8")
        print(f"wrote {target}")
    return 0


def _new(args: argparse.Namespace) -> int:
    if not re.fullmatch(ID_PATTERN, args.id):
        raise UsageError(f"'{args.id}' is not a valid id: use lowercase letters, digits, "
                         "'-' and '_', e.g. first-purchase")
    settings = project_settings(args.config_file, args.today)
    handbook = load_handbook(settings)
    today = settings.today or date.today()
    if args.kind == "journey":
        folder, registry = settings.journeys_dir, handbook.journeys
        if args.persona not in handbook.personas:
            meant, _ = meant_id(args.persona, {i: p.name for i, p in handbook.personas.items()})
            hint = f" (did you mean '{meant}'?)" if meant else ""
            create = slug(args.persona)
            raise Refused(f"unknown persona '{args.persona}'{hint}: create it first with "
                          f"`cjm new persona {create}`")
        target = folder / f"{args.id}.md"
        text = scaffold.journey(args.id, args.title, args.persona, today)
    else:
        folder, registry = settings.personas_dir, handbook.personas
        target = folder / f"{args.id}.yml"
        text = scaffold.persona(args.id, args.name)
    _refuse_taken(args.kind, args.id, folder, registry, settings)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}: fill it in, then run `cjm validate`")
    return 0


def _refuse_taken(kind: str, ident: str, folder: Path, registry: dict,
                  settings: Settings) -> None:
    taken = [folder / f"{ident}{suffix}" for suffix in (".md", ".yml", ".yaml")]
    existing = next((p for p in taken if p.exists()), None)
    if existing is not None or ident in registry:
        where = existing or settings.root / registry[ident].source
        raise Refused(f"{kind} '{ident}' already exists ({where}): nothing written")


def _import(args: argparse.Namespace) -> int:
    settings = project_settings(args.config_file)
    source = Path(args.file)
    try:
        diagram, problems = mermaid_source.parse(source.read_text(encoding="utf-8"), args.file)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read '{args.file}': {getattr(exc, 'strerror', None) or exc}"
                         ) from None
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"cjm: nothing imported: fix the {count(len(problems), 'error')} above",
              file=sys.stderr)
        return 1
    ident = args.id or slug(source.stem)
    if not re.match(ID_PATTERN, ident):
        raise UsageError(f"'{ident}' is not a valid id: use lowercase letters, digits, "
                         "'-' and '_', e.g. first-purchase")
    handbook = load_handbook(settings)
    imported = mermaid.import_diagram(diagram, source.name, handbook, settings.scale)
    target = settings.journeys_dir / f"{ident}.yml"
    _refuse_taken("journey", ident, settings.journeys_dir, handbook.journeys, settings)
    for persona in imported.personas:
        _refuse_taken("persona", persona, settings.personas_dir, handbook.personas, settings)
    # What is written must read back as it will in the handbook: checked before writing.
    rel = target.relative_to(settings.root).as_posix() if target.is_relative_to(
        settings.root) else target.as_posix()
    check = load_file(target, rel, "journey", imported.journey.encode())
    if check.data is not None:
        read_journey(check, settings.scale, settings.lanes)
    if any(p.is_error for p in check.problems):
        raise Refused("the journey would not be valid, nothing written: "
                      + "; ".join(str(p) for p in check.problems if p.is_error))
    files = [(target, imported.journey)] + [(settings.personas_dir / f"{persona}.yml", text)
                                            for persona, text in imported.personas.items()]
    for path, text in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    settings = project_settings(args.config_file)
    handbook = load_handbook(settings)
    if handbook.errors:
        _print_errors(handbook)
        return 1
    if args.format == "mermaid":
        text = mermaid.to_mermaid(_one_journey(handbook, args.journey), handbook)
    elif args.format == "json":
        text = export.to_json(handbook, settings.lanes)
    else:
        text = export.to_csv(handbook, args.table, settings.lanes, settings.scale)
    if args.out:
        # newline="": the CSV module writes its own line endings.
        Path(args.out).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {Path(args.out).resolve()}: {count(len(handbook.journeys), 'journey')}, "
              f"{count(len(handbook.personas), 'persona')} as {args.format.upper()}")
    else:
        sys.stdout.write(text)
    return 0


def _one_journey(handbook: Handbook, ident: str | None) -> Journey:
    """The journey a one-journey format exports: the one named, or the only one."""
    if ident is None and len(handbook.journeys) == 1:
        return next(iter(handbook.journeys.values()))
    if ident is None:
        raise UsageError("name the journey to export with --journey ID (one of: "
                         f"{', '.join(list(handbook.journeys)[:10])}"
                         f"{', ...' if len(handbook.journeys) > 10 else ''})")
    if ident not in handbook.journeys:
        raise UsageError(f"unknown journey '{ident}'{did_you_mean(ident, handbook.journeys)}")
    return handbook.journeys[ident]


def _diff(args: argparse.Namespace) -> int:
    settings = project_settings(args.config_file)
    try:
        old, new = diff.sides(settings, args.base, args.head)
        found = diff.diff(settings, old, new)
    except git.NotInClone as exc:
        raise Refused(str(exc)) from None
    except git.GitError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        sys.stdout.write(diff.to_json(found, old, new))
    else:
        render = diff.to_markdown if args.format == "markdown" else diff.to_text
        sys.stdout.write(render(found, old, new, settings.scale))
    return 0


def _print_errors(handbook: Handbook) -> None:
    for problem in handbook.errors:
        print(problem, file=sys.stderr)
    print(f"cjm: nothing exported: fix the {count(len(handbook.errors), 'error')} above",
          file=sys.stderr)

