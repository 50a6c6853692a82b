"""`cjm generate`: the handbook's pages as Markdown files in the docs folder, for engines that
run no MkDocs plugins (Zensical) and other Python-Markdown engines.

The pages are the plugin's (render/build.py), written where the plugin puts them, with the
stylesheet and, for literate-nav, a SUMMARY.md per section. A file is written only when its
content changes, and a manifest in the docs folder lists what was written, so that the next
run removes what is gone and an engine watching the folder rebuilds once per change.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable

from cjm_site.cli.engine_settings import engine_project, missing_settings
from cjm_site.cli.project import Project, Refused, UsageError, checked_options, find_project
from cjm_site.core.words import count
from cjm_site.render.portable import HTML_HEADINGS, MARKDOWN_HEADINGS, markdown_file
from cjm_site.render.urls import SOURCE_LINKS, URL_LINKS
from cjm_site.source.generated import MANIFEST, generated_files, manifest
from cjm_site.source.handbook import Cache, Settings, load_handbook
from cjm_site.source.history import Wanted, read_history

if TYPE_CHECKING:
    from cjm_site.core.history import History
    from cjm_site.core.memo import Memo
    from cjm_site.core.model import Handbook
    from cjm_site.render.site import PageOptions

NAV_FILE = "SUMMARY.md"
# MkDocs adds these to every site's extensions; contributor narratives get them here too.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class Layout:
    """How the pages are written: see the options of `cjm generate`."""

    front_matter: bool = True
    headings: str = MARKDOWN_HEADINGS
    nav: bool = True


def handbook_files(handbook: Handbook, options: PageOptions, layout: Layout = Layout(),
                   memo: Memo | None = None, history: History | None = None
                   ) -> dict[str, bytes]:
    """Every file of the generated part of the docs folder, by path in that folder."""
    # The renderer loads here, not with the command line: `cjm validate` never needs it.
    from cjm_site.render.build import STYLESHEET_URI, build_pages, stylesheet
    from cjm_site.render.nav import nav_sections, summary

    pages = build_pages(handbook, options, memo, history)
    files = {page.src_uri: markdown_file(page, layout.front_matter, layout.headings).encode()
             for page in pages}
    files[STYLESHEET_URI] = stylesheet()
    if layout.nav:
        titles = {page.src_uri: page.title for page in pages}
        for section in nav_sections(pages, options):
            folder = posixpath.dirname(section.index)
            files[posixpath.join(folder, NAV_FILE)] = summary(section, titles).encode()
    return files


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        return (f"{len(self.written)} written, {len(self.removed)} removed, "
                f"{self.unchanged} unchanged")


def write_files(docs_dir: Path, files: dict[str, bytes]) -> Report:
    """Writes what changed, removes what the last run wrote and this one does not, and never
    touches a file it did not write (a hand-written page in the way is refused)."""
    docs_dir = docs_dir.resolve()
    before = generated_files(docs_dir)
    targets = {rel: _inside(docs_dir, rel) for rel in files}
    in_the_way = sorted(rel for rel, path in targets.items() if rel not in before
                        and (path.is_symlink() or path.exists()) and _content(path) != files[rel])
    if in_the_way:
        raise Refused(f"`cjm generate` did not write these files of '{docs_dir}', which stand "
                      f"where generated pages go: {', '.join(in_the_way[:5])}"
                      f"{' ...' if len(in_the_way) > 5 else ''}; move them, or set "
                      "journeys_url, personas_url and insights_url to free folders")
    report = Report()
    for rel, content in sorted(files.items()):
        if _content(targets[rel]) == content:
            report.unchanged += 1
            continue
        _write(targets[rel], content)
        report.written.append(rel)
    for rel in sorted(before - files.keys()):
        path = _inside(docs_dir, rel, strict=False)
        if path is not None and (path.is_symlink() or path.is_file()):
            path.unlink()
            report.removed.append(rel)
            _prune(path.parent, docs_dir)
    listed = manifest(list(files))
    if _content(docs_dir / MANIFEST) != listed:
        _write(docs_dir / MANIFEST, listed)
    return report


def clean(docs_dir: Path) -> Report:
    """Removes every file the last run wrote, and the manifest."""
    report = write_files(docs_dir, {})
    (docs_dir / MANIFEST).unlink(missing_ok=True)
    return report


def _inside(docs_dir: Path, rel: str, strict: bool = True) -> Path | None:
    """The path of a file of the docs folder; never one outside it (a manifest is a file
    anyone can edit in a pull request, and a folder may be a symbolic link)."""
    parts = PurePosixPath(rel).parts
    path = docs_dir.joinpath(*parts)
    if (not parts or PurePosixPath(rel).is_absolute() or ".." in parts
            or not path.parent.resolve().is_relative_to(docs_dir)):
        if strict:
            raise Refused(f"'{rel}' would be written outside '{docs_dir}'")
        return None
    return path


def _content(path: Path) -> bytes | None:
    if path.is_symlink() or not path.is_file():
        return None
    return path.read_bytes()


def _write(path: Path, content: bytes) -> None:
    """Whole or not at all: a server watching the folder never reads half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.cjm-tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def _prune(folder: Path, docs_dir: Path) -> None:
    while folder != docs_dir and folder.is_relative_to(docs_dir):
        try:
            folder.rmdir()  # only if empty
        except OSError:
            return
        folder = folder.parent


# -- the command ------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--docs-dir", metavar="DIR",
                        help="the docs folder to write into (default: docs_dir of the "
                        "configuration, else 'docs')")
    parser.add_argument("--links", choices=(SOURCE_LINKS, URL_LINKS), default=SOURCE_LINKS,
                        help="how pages link to each other: 'sources' (default) links the "
                        "Markdown files, which Zensical resolves and checks; 'urls' links "
                        "the pages' addresses, for engines that leave links in HTML as "
                        "written (MkDocs without the plugin)")
    parser.add_argument("--headings", choices=(MARKDOWN_HEADINGS, HTML_HEADINGS),
                        default=MARKDOWN_HEADINGS,
                        help="'markdown' (default): headings in the table of contents, needs "
                        "the attr_list extension; 'html': raw headings, for engines without it")
    parser.add_argument("--no-front-matter", dest="front_matter", action="store_false",
                        help="no YAML front matter, for engines that do not read it (titles "
                        "then come from each page's first heading; tags are left out)")
    parser.add_argument("--no-nav", dest="nav", action="store_false",
                        help=f"write no {NAV_FILE} files (literate-nav's navigation)")
    parser.add_argument("--clean", action="store_true",
                        help="remove every file the last run wrote, and stop")
    parser.add_argument("--watch", action="store_true",
                        help="keep running: generate again whenever a file in the journeys "
                        "folder or the configuration changes (stop with Ctrl+C)")
    parser.add_argument("--interval", type=float, default=1.0, metavar="SECONDS",
                        help="how often --watch looks for changes (default: 1)")


def run(args: argparse.Namespace) -> int:
    project = find_project(args.config_file)
    docs_dir = docs_folder(project, args.docs_dir)
    if args.clean:
        print(f"cjm: {clean(docs_dir)} in {docs_dir}")
        return 0
    generator = Generator(project, docs_dir, args.today, args.links,
                          Layout(args.front_matter, args.headings, args.nav))
    if not args.watch:
        return 0 if generator.run() else 1
    watch = Watch(generator.watched())
    print(f"cjm: watching {', '.join(map(str, watch.paths))} (Ctrl+C to stop)", flush=True)
    try:
        while True:
            # While watching, a file with errors gets a page that shows them (as under
            # `mkdocs serve`) rather than stopping the handbook.
            watch.step(lambda: generator.run(with_errors=True))
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0


def docs_folder(project: Project, option: str | None) -> Path:
    """The docs folder, which must lie in the project (as Zensical requires too): a
    configuration from a pull request never makes the command write elsewhere."""
    folder = (project.root / (option or str(project.setting("docs_dir", "docs")))).resolve()
    root = project.root.resolve()
    if not folder.is_relative_to(root):
        raise UsageError(f"the docs folder '{folder}' is outside the project '{root}'")
    return folder


class Generator:
    """One project's generation, repeated by --watch: parsed files and charts are kept
    between runs, so a run after an edit reads and draws only what changed."""

    def __init__(self, project: Project, docs_dir: Path, today: Any, links: str,
                 layout: Layout) -> None:
        from cjm_site.core.memo import Memo
        from cjm_site.render.site import PageOptions

        options = checked_options(project)
        self.project, self.docs_dir, self.layout = project, docs_dir, layout
        self.settings = Settings.from_options(project.root, options, today)
        self.wanted = Wanted.from_options(options)
        extensions, configs = site_extensions(project, options["trusted_extensions"])
        self.options = PageOptions.from_options(
            options, project.theme_language, links=links, today=today,
            use_directory_urls=bool(project.setting("use_directory_urls", True)),
            markdown_extensions=extensions, markdown_configs=configs)
        self.cache: Cache = {}
        self.memo = Memo()
        self.said: list[str] = []

    def watched(self) -> list[Path]:
        return [self.settings.journeys_dir] + ([self.project.path] if self.project.path else [])

    def run(self, with_errors: bool = False) -> bool:
        """Generates once; False (and, unless `with_errors`, nothing written) when the
        sources have errors. Content advice is left to `cjm validate`."""
        handbook = load_handbook(self.settings, self.cache)
        errors = handbook.errors
        for problem in errors:
            print(problem, file=sys.stderr)
        if errors and not with_errors:
            print(f"cjm: nothing generated: fix the {count(len(errors), 'error')} above",
                  file=sys.stderr)
            return False
        # The journey pages' history, as the plugin reads it from git.
        read = read_history(self.settings, handbook, self.wanted, self.cache)
        for said in (read.warning, read.note):
            if said:
                print(f"cjm: {said}", file=sys.stderr)
        files = handbook_files(handbook, self.options, self.layout, self.memo, read.history)
        report = write_files(self.docs_dir, files)
        self.memo.prune()
        print(f"cjm: {report} in {self.docs_dir}", flush=True)
        self._advise(files)
        return not errors

    def _advise(self, files: dict[str, bytes]) -> None:
        """Says what the engine's configuration lacks for these files (once while watching,
        until it changes)."""
        from cjm_site.render.build import STYLESHEET_URI

        said = missing_settings(engine_project(self.project), STYLESHEET_URI,
                                [f for f in files if posixpath.basename(f) == NAV_FILE])
        if said != self.said:
            for sentence in said:
                print(f"cjm: {sentence}", file=sys.stderr, flush=True)
            self.said = said


def site_extensions(project: Project, trusted: list[str]) -> tuple[list[str], dict[str, Any]]:
    """The site's Markdown extensions for narratives, as the plugin would use them. Entries
    whose settings name Python code (`!!python/name:` tags) are left out: the command
    imports nothing a configuration names."""
    raw = project.config.get("markdown_extensions") or []
    entries = raw.items() if isinstance(raw, dict) else [
        next(iter(e.items())) if isinstance(e, dict) and len(e) == 1 else (e, None)
        for e in raw]
    from cjm_site.render.markup import contributor_extensions, left_out_message

    names, configs = list(BUILTIN_EXTENSIONS), {}
    for name, config in entries:
        plain = _plain(config)
        if not isinstance(name, str) or plain is _CODE:
            print(f"cjm: narratives are rendered without the Markdown extension '{name}' "
                  "(its settings name Python code)", file=sys.stderr)
            continue
        if name not in names:
            names.append(name)
        if plain:
            configs[name] = plain
    names, configs, left_out = contributor_extensions(names, configs, trusted)
    if left_out:
        print(f"cjm: {left_out_message(left_out)}", file=sys.stderr)
    return names, configs


_CODE = object()


def _plain(value: Any) -> Any:
    """YAML or TOML data as plain Python values; _CODE for anything tagged."""
    if getattr(getattr(value, "tag", None), "value", None) is not None:
        return _CODE
    if isinstance(value, dict):
        items = {str(k): _plain(v) for k, v in value.items()}
        return _CODE if _CODE in items.values() else items
    if isinstance(value, list):
        values = [_plain(v) for v in value]
        return _CODE if any(v is _CODE for v in values) else values
    if value is None or isinstance(value, bool):
        return value
    for kind in (int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return _CODE


@dataclass
class Watch:
    """Polls the sources; `step` generates again when they changed since the last step."""

    paths: list[Path]
    seen: dict[str, tuple[int, int]] | None = None

    def step(self, generate: Callable[[], Any]) -> bool:
        now = snapshot(self.paths)
        if now == self.seen:
            return False
        self.seen = now
        generate()
        return True


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under the paths."""
    found = {}
    for path in paths:
        for file in [path] if path.is_file() else sorted(path.rglob("*")):
            try:
                stat = file.stat()
            except OSError:  # removed while we looked
                continue
            if file.is_file():
                found[str(file)] = (stat.st_mtime_ns, stat.st_size)
    return found
