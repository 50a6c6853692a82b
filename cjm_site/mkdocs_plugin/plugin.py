"""The MkDocs adapter: glues MkDocs' events to the core (load, validate, render pages)."""

from __future__ import annotations

import html
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote
from typing import TYPE_CHECKING, Any, NamedTuple

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section
from mkdocs.structure.toc import get_toc

from cjm_site.mkdocs_plugin.config import CjmConfig
from cjm_site.mkdocs_plugin.search import put_back, set_aside
from cjm_site.source.generated import generated_files
from cjm_site.source.handbook import Cache, Settings, load_handbook
from cjm_site.source.history import Wanted, read_history
from cjm_site.core.history import History
from cjm_site.core.memo import Memo
from cjm_site.core.model import Handbook
from cjm_site.core.options import default_workers
from cjm_site.mkdocs_plugin.navigation import place_sections
from cjm_site.render.build import STYLESHEET_URI, build_pages, stylesheet
from cjm_site.core.words import inert
from cjm_site.render.markup import contributor_extensions, left_out_message
from cjm_site.render.nav import NavSection, nav_sections
from cjm_site.render.site import GeneratedPage, PageOptions
from cjm_site.mkdocs_plugin.prerender import Prerender
from cjm_site.core.words import count
from cjm_site.mkdocs_plugin.rebuilds import Rebuilds

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger("cjm")

# Plugins that read a page's HTML in on_page_content, before bodies would otherwise arrive.
READ_CONTENT = ("print-site", "rss", "glightbox")
# Why `mkdocs serve` renders bodies in its own process: a rebuild renders only what changed.
SERVING = "mkdocs serve renders again only the pages an edit changed"


class CjmPlugin(BasePlugin[CjmConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        # What `mkdocs serve` rebuilds render and write again (see rebuilds.py).
        self.rebuilds = Rebuilds()
        # Parsed files by content; lives across `mkdocs serve` rebuilds (see on_startup).
        self.cache: Cache = {}
        self.charts = Memo()
        self.handbook = Handbook()
        self.pages: dict[str, GeneratedPage] = {}
        self.options = PageOptions()
        self.prerender = Prerender([], 0)
        self.aside: list[str] = []
        self.early: dict[str, list] = {}  # headings of bodies delivered in on_page_content
        self.seconds = 0.0  # spent in this plugin's events during the build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this object across serve rebuilds, and with it the cache.
        self.serving = command == "serve"
        self.dirty = dirty
        self.cache, self.charts, self.rebuilds = {}, Memo(), Rebuilds()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # Per-build state starts afresh; the stylesheet ships in the package.
        self.handbook, self.pages, self.seconds, self.early = Handbook(), {}, 0.0, {}
        if self.serving:
            self.rebuilds.settle()
        if self.config.enabled and STYLESHEET_URI not in config.extra_css:
            config.extra_css.append(STYLESHEET_URI)
        return config

    # mkdocs-static-i18n sorts the docs files by language in its on_files (priority -100)
    # and drops those it cannot place: next to it, generated pages come after it has.
    def _on_files_first(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        return files if _i18n(config) else self._add_files(files, config)

    @event_priority(-110)
    def _on_files_after_i18n(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        return self._add_files(files, config) if _i18n(config) else files

    on_files = CombinedEvent(_on_files_first, _on_files_after_i18n)

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        with self._timed():
            settings = self._settings(config)
            self.handbook = load_handbook(settings, self.cache)
            self._report(self.handbook)
            self._drop_generated_copies(files, config)
            self.options = self._page_options(config)
            pages = build_pages(self.handbook, self.options,
                                self.charts if self.serving else None,
                                self._history(settings))
            written = {file.dest_uri: _origin(file, settings.root) for file in files}
            collisions = [self._add_page(files, config, page, settings, written)
                          for page in pages]
            _report_collisions([c for c in collisions if c])
            files.append(File.generated(config, STYLESHEET_URI, content=stylesheet()))
            if self.serving:
                self.rebuilds.plan(pages, self.handbook, self.options)
            # Bodies render in worker processes from here on, in build order.
            workers = self.config.concurrency
            self.prerender = Prerender(pages, default_workers() if workers is None else workers,
                                       in_process=SERVING if self.serving else None,
                                       prepare=self.rebuilds.prepare if self.serving else None)
            log.info(self.prerender.path)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if not self.config.enabled:
            return nav
        # Sections are laid out here rather than left to MkDocs so that large handbooks
        # keep a small navigation (render/nav.py decides where each page goes).
        def page(uri: str) -> Page:
            return files.get_file_from_path(uri).page

        def item(child: str | NavSection) -> Page | Section:
            if isinstance(child, str):
                return page(child)
            return Section(child.title, [page(child.index), *map(item, child.children)])

        present = [p for p in self.pages.values() if files.get_file_from_path(p.src_uri)]
        if len(present) < len(self.pages):
            # Another plugin (an exclude list) took them out after they were added.
            gone = sorted(set(self.pages) - {p.src_uri for p in present})
            log.warning(f"{count(len(gone), 'generated page')} left out by another plugin: "
                        f"{', '.join(gone)}; links to {'it' if len(gone) == 1 else 'them'} "
                        "from other generated pages lead nowhere. To leave a map out, name "
                        "its file with a leading '_'")
        sections = []
        for section in nav_sections(present, self.options):
            index = page(section.index)
            sections.append((index.title or section.title, index,
                             [item(child) for child in section.children],
                             [page(uri) for uri in section.hidden]))
        place_sections(nav, sections)
        if self.serving and self.dirty:
            with self._timed():
                self.rebuilds.mark(files, nav, config, self.pages)
        return nav

    # A generated page's body bypasses Markdown (which would mangle inline SVG) and arrives
    # just before the page is written: until then it is being rendered in a worker process
    # while MkDocs works on earlier pages. Next to plugins that read pages' HTML earlier
    # (print-site's print page, a feed's descriptions, glightbox's images), it comes in
    # on_page_content, before theirs, and what they make of it is kept.
    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        uri = page.file.src_uri
        if uri not in self.pages or not any(p in config.plugins for p in READ_CONTENT):
            return html
        with self._timed():
            body, aside, self.early[uri] = self.prerender.get(uri)
            return put_back(body, aside)

    @event_priority(100)  # before the search plugin indexes the page
    def _on_page_context_body(self, context: Any, *, page: Page, config: MkDocsConfig,
                              nav: Navigation) -> Any:
        uri = page.file.src_uri
        if uri not in self.pages:
            return context
        with self._timed():
            if uri in self.early:
                toc = self.early.pop(uri)
                page.content, self.aside = set_aside(page.content)
            else:
                page.content, self.aside, toc = self.prerender.get(uri)
            page.toc = get_toc(_nest(toc))
        return context

    @event_priority(-100)  # after the search plugin (see search.py)
    def _on_page_context_restore(self, context: Any, *, page: Page, config: MkDocsConfig,
                                  nav: Navigation) -> Any:
        if page.file.src_uri in self.pages:
            with self._timed():
                page.content = put_back(page.content, self.aside)
                self.aside = []
        return context

    on_page_context = CombinedEvent(_on_page_context_body, _on_page_context_restore)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        if self.serving:
            env.bytecode_cache = self.rebuilds.compiled  # the theme, compiled once per serve
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        workers = self.prerender.workers
        self.prerender.close()
        if self.serving:
            self.charts.prune()
            self._report_rebuild()
            self.rebuilds.commit()
        handbook = self.handbook
        log.info(f"{count(len(handbook.journeys), 'journey')} and "
                 f"{count(len(handbook.personas), 'persona')} made "
                 f"{count(len(self.pages), 'page')}; {self.seconds:.1f} s in this plugin's "
                 "events" + (", bodies rendered by "
                             + count(workers, "worker process", "worker processes")
                             if workers else ""))

    def on_shutdown(self) -> None:
        self.rebuilds.close()

    def on_build_error(self, *, error: Exception) -> None:
        self.prerender.close()
        self.rebuilds.forget()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # `mkdocs serve` watches docs_dir only; researchers edit journeys/.
        server.watch(str(self._settings(config).journeys_dir), recursive=True)
        return server

    # -- helpers ------------------------------------------------------------------------

    @contextmanager
    def _timed(self):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - start

    def _settings(self, config: MkDocsConfig) -> Settings:
        root = Path(config.config_file_path or ".").resolve().parent
        return Settings.from_options(root, self.config)

    def _history(self, settings: Settings) -> History | None:
        # Asked once per build, after loading: git's answer follows the committed files.
        read = read_history(settings, self.handbook, Wanted.from_options(self.config),
                            self.cache)
        if read.warning:
            log.warning(read.warning)
        if read.note:
            log.info(read.note)
        return read.history

    def _drop_generated_copies(self, files: Files, config: MkDocsConfig) -> None:
        """Pages `cjm generate` wrote into docs_dir (for another engine) are copies of the
        ones this plugin makes: its own take their place."""
        copies = [f for f in map(files.get_file_from_path,
                                 sorted(generated_files(Path(config.docs_dir)))) if f]
        for file in copies:
            files.remove(file)
        if copies:
            log.info(f"{len(copies)} files written by `cjm generate` in '{config.docs_dir}' "
                     "are left out: this plugin makes the same pages")

    def _page_options(self, config: MkDocsConfig) -> PageOptions:
        extensions, configs, left_out = contributor_extensions(
            config.markdown_extensions, config.mdx_configs, self.config.trusted_extensions)
        if left_out:
            log.info(left_out_message(left_out))
        return PageOptions.from_options(self.config, _theme_language(config),
                                        use_directory_urls=config.use_directory_urls,
                                        markdown_extensions=extensions,
                                        markdown_configs=configs)

    def _add_page(self, files: Files, config: MkDocsConfig, page: GeneratedPage,
                  settings: Settings, written: dict[str, str]) -> str | None:
        """Adds the page unless another file is written to the same place; then says so."""
        # Tags go verbatim, so that a map's `R&D` and a hand-written page's are one tag of
        # the theme's tag pages; validation lets no markup into a tag (source/validation.py,
        # _read_tags), and no plugin renders them as a template.
        meta: dict[str, Any] = {"title": inert(page.title), "tags": list(page.tags),
                                # Feeds (mkdocs-rss-plugin) need one, and the page has no
                                # Markdown to take it from; the theme prints it unescaped.
                                "description": html.escape(page.title)}
        if not page.searchable:
            meta["search"] = {"exclude": True}
        # mkdocs-macros renders neither the page nor its title (this wins over its
        # force_render_paths): contributor text is never template source.
        meta["render_macros"] = False
        # No body: MkDocs and other plugins would parse it as Markdown or as a template.
        content = f"---\n{json.dumps(meta)}\n---\n"
        # on_nav places generated pages; MkDocs would list them as missing from `nav:`.
        file = File.generated(config, page.src_uri, content=content,
                              inclusion=InclusionLevel.NOT_IN_NAV)
        url = file.url  # in the default language
        language = _i18n_folder(config)
        if language:
            # The other languages' builds of mkdocs-static-i18n write under their folder.
            file.dest_uri = f"{language}/{file.dest_uri}"
            file.url = file._get_url()
            file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, file.dest_uri))
        other = written.get(file.dest_uri)
        if other is not None:
            if page.source:
                return (f"{page.source}:1:1: error: its page '{file.dest_uri}' is also written "
                        f"by {other}: rename or remove one of them")
            return (f"the generated page '{page.title}' and {other} would both be written to "
                    f"'{file.dest_uri}': rename or remove one of them")
        written[file.dest_uri] = page.source or f"the generated page '{page.title}'"
        # What other plugins read as the page's source file (git dates, feeds, languages):
        # the journey's or persona's file, or, for pages made of the whole handbook, the
        # journeys folder. MkDocs itself reads the generated content, which comes first.
        # (Marked as generated, the page would be dated by the build's clock.)
        if page.source:
            file.abs_src_path = str(settings.root / page.source)
            # "Edit this page" opens the journey's source file, not the generated page.
            file.edit_uri = quote(Path(os.path.relpath(settings.root / page.source,
                                                       config.docs_dir)).as_posix())
        else:
            file.abs_src_path = str(settings.journeys_dir)
            file.edit_uri = None
        file.generated_by = None
        _set_i18n_language(file, url, config)
        files.append(file)
        self.pages[page.src_uri] = page
        return None

    def _report_rebuild(self) -> None:
        """What a rebuild after an edit did; the first build of `mkdocs serve` renders every
        page, which says nothing new (debug level)."""
        rendered, total = len(self.rebuilds.rendered), len(self.pages)
        first = self.rebuilds.built == 0
        written = (f"; {len(self.rebuilds.changed)} written again" if self.dirty else
                   # Said once, at the first rebuild: where --dirty would save time.
                   "; `mkdocs serve --dirty` would write again only the pages that changed"
                   if self.rebuilds.built == 1 else "")
        (log.debug if first else log.info)(
            f"rendered {rendered} of {total} generated pages{'' if first else written}")

    def _report(self, handbook: Handbook) -> None:
        lint_level = log.warning if self.config.lints_as_warnings else log.info
        for problem in handbook.problems:
            (log.error if problem.is_error else lint_level)(str(problem))
        errors = len(handbook.errors)
        if errors and not self.serving:
            raise PluginError(f"cjm: {count(errors, 'error')} in the "
                              "journeys folder (listed above as path:line:col); fix them "
                              "and build again")


def _origin(file: File, root: Path) -> str:
    """A file of the site as its maintainer knows it: its path in the project."""
    if not file.abs_src_path:
        return f"'{file.src_uri}' (generated by another plugin)"
    return Path(os.path.relpath(file.abs_src_path, root)).as_posix()


def _report_collisions(collisions: list[str]) -> None:
    for collision in collisions:
        log.error(collision)
    if collisions:
        raise PluginError(f"cjm: {count(len(collisions), 'page')} would overwrite another "
                          "(listed above): rename or remove one of each")


def _theme_language(config: MkDocsConfig) -> str | None:
    """Material's `theme.language`; mkdocs-static-i18n sets it for each language's build."""
    language = config.theme.get("language") if config.theme else None
    return language if isinstance(language, str) else None


def _i18n(config: MkDocsConfig) -> bool:
    return "i18n" in config.plugins


def _i18n_folder(config: MkDocsConfig) -> str | None:
    """The language folder of this build of mkdocs-static-i18n (None: the default one)."""
    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None)
    return language if language and language != getattr(i18n, "default_language",
                                                         language) else None


class _Alternate(NamedTuple):
    """The same page in another language, as mkdocs-static-i18n's language switcher and
    sitemap read it."""

    url: str
    page: None = None


def _set_i18n_language(file: File, url: str, config: MkDocsConfig) -> None:
    """Marks a generated page as written in this build's language, as mkdocs-static-i18n
    marks the files it places: other plugins read it (git-revision-date-localized dates the
    page in it), and the language switcher leads to the same page in each built language."""
    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None)
    if not language:
        return
    default = getattr(i18n, "default_language", language)
    file.locale = file.locale_alternate_of = language
    file.localization = None
    file.norm_src_uri = file.src_uri
    file.alternates = {lang: _Alternate(url if lang == default else f"{lang}/{url}")
                       for lang in getattr(i18n, "build_languages", [language])}


def _nest(flat: list[tuple[int, str, str]]) -> list[dict]:
    """MkDocs' toc tokens from (level, id, text) headings: h3s under their h2."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, anchor, name in flat:
        token = {"level": level, "id": anchor, "name": html.escape(name), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
