"""What a rebuild under `mkdocs serve` renders and writes again, and what it does once.

A generated page's body is rendered again only when its key changed (render/keys.py): the
bodies of the last build are kept by key. With `mkdocs serve --dirty` MkDocs writes again
only the pages it is told changed; for a generated page that is when what MkDocs makes it
from changed since the page was last written (its body, its stub with title and tags, its
"edit this page" link), and for every page, hand-written ones too, when the navigation
or mkdocs.yml changed, since every page carries the navigation. The output of a journey
or persona whose file was deleted is removed, so the served site never shows it.

Two costs of every rebuild are paid once instead: MkDocs makes a new template environment
for every build, which compiles the theme's templates again (they are kept compiled,
checked against their source); and the garbage collector scans every object the server
keeps (parsed files, bodies, the search index...), a fifth of a rebuild at a thousand
journeys, unless the objects that outlive the first build are set aside (`gc.freeze`).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.structure.nav import Link, Section

from cjm_site.core.memo import Memo
from cjm_site.core.model import Handbook
from cjm_site.mkdocs_plugin.prerender import Prepared, prepare_page
from cjm_site.render.keys import Keys, digest
from cjm_site.render.site import GeneratedPage, PageOptions

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation


class Rebuilds:
    """Lives across the rebuilds of one `mkdocs serve`."""

    def __init__(self) -> None:
        self.bodies = Memo()  # page key -> (prepared body, its digest)
        self.keys: dict[str, str | None] = {}  # this build's page keys, by src_uri
        self.journeys: dict = {}  # journeys' digests, reused while a file is unchanged
        # src_uri -> (what the page was written from, where) for the pages last written.
        self.written: dict[str, tuple[str, str]] = {}
        self.pending: dict[str, tuple[str, str]] = {}
        self.site = ""  # the navigation and mkdocs.yml the pages were last written with
        self.changed: list[str] = []  # generated pages this build writes again
        self.rendered: list[str] = []  # generated pages whose body this build rendered
        self.compiled = _Compiled()  # the theme's templates
        self.built = 0  # builds done

    def plan(self, pages: list[GeneratedPage], handbook: Handbook,
             options: PageOptions) -> None:
        keys = Keys(handbook, options, self.journeys)
        self.keys = {page.src_uri: keys.of(page) for page in pages}
        self.journeys = keys.journeys
        self.rendered, self.changed = [], []

    def prepare(self, page: GeneratedPage) -> Prepared:
        return self._body(page)[0]

    def _body(self, page: GeneratedPage) -> tuple[Prepared, str]:
        key = self.keys.get(page.src_uri)

        def make() -> tuple[Prepared, str]:
            body = prepare_page(page)
            self.rendered.append(page.src_uri)
            return body, digest(repr(body))

        return make() if key is None else self.bodies.get(key, make)

    def mark(self, files: Files, nav: Navigation, config: MkDocsConfig,
             pages: dict[str, GeneratedPage]) -> None:
        """Tell MkDocs (`--dirty`) which pages to write again; remove the deleted ones."""
        titles = {uri: page.title for uri, page in pages.items()}
        site = digest(repr(_outline(nav.items, titles)) + _config_text(config))
        everything = site != self.site
        self.pending = {}
        for file in files:
            if not file.is_documentation_page():
                continue
            page = pages.get(file.src_uri)
            if page is None:
                if everything:
                    _set_modified(file, True)
                continue
            made_from = digest("\x1f".join((self._body(page)[1], file.content_string,
                                             str(file.edit_uri), file.url)))
            self.pending[file.src_uri] = (made_from, file.abs_dest_path)
            if everything or self.written.get(file.src_uri, ("",))[0] != made_from or \
                    not os.path.isfile(file.abs_dest_path):
                self.changed.append(file.src_uri)
                _set_modified(file, True)
            else:
                _set_modified(file, False)
        for src_uri, (_, dest) in self.written.items():
            if src_uri not in self.pending:
                _remove(Path(dest), Path(config.site_dir))
        self.site = site
        for file in files:
            page = file.page
            if page is not None and page.markdown is None and not file.is_modified():
                # A page MkDocs will not write again still has its title and meta in the
                # navigation of those it writes (MkDocs reads them only with the page).
                page.read_source(config)

    def commit(self) -> None:
        """The build wrote its pages: remember what from; forget bodies it did not use."""
        self.written, self.pending = self.pending, {}
        self.bodies.prune()
        self.built += 1

    def settle(self) -> None:
        """Before the first rebuild: what the first build left behind lives as long as the
        server; the garbage collector stops scanning it (the rest is collected first)."""
        if self.built == 1:
            gc.collect()
            gc.freeze()

    def close(self) -> None:
        """The server stops: its objects are the collector's again."""
        if self.built:
            gc.unfreeze()

    def forget(self) -> None:
        """A build failed part-way: write every page again next time."""
        self.written, self.pending, self.site = {}, {}, ""


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates by name; Jinja compiles again a template whose source changed."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


def _set_modified(file: File, modified: bool) -> None:
    # MkDocs asks each page's file whether it changed since its output was written.
    file.is_modified = lambda: modified


def _outline(items: list[Any], titles: dict[str, str]) -> list[tuple]:
    """The navigation as every page renders it: titles, addresses, nesting and order (a
    generated page's title is known before MkDocs reads it from the page's stub)."""
    outline = []
    for item in items:
        if isinstance(item, Section):
            outline.append(("section", item.title, _outline(item.children, titles)))
        elif isinstance(item, Link):
            outline.append(("link", item.title, item.url))
        else:
            outline.append(("page", item.title or titles.get(item.file.src_uri), item.url))
    return outline


def _config_text(config: MkDocsConfig) -> str:
    path = config.config_file_path
    return Path(path).read_text(encoding="utf-8", errors="replace") if path else ""


def _remove(dest: Path, site_dir: Path) -> None:
    """A page's output and the folders it leaves empty, never outside the site folder."""
    dest.unlink(missing_ok=True)
    folder = dest.parent
    while folder != site_dir and site_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent

