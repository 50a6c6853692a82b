"""What the engine's configuration lacks for the files `cjm generate` writes: an engine that
runs no plugin builds without the stylesheet, or publishes the navigation files as pages,
and says nothing; the command says what to add."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import pathspec

from cjm_site.cli.project import Project, find_project

ZENSICAL = "zensical.toml"


def engine_project(project: Project) -> Project:
    """The configuration the engine reads: Zensical prefers its own file to mkdocs.yml."""
    zensical = project.root / ZENSICAL
    if project.path is not None and project.path.resolve() != zensical.resolve() \
            and zensical.is_file():
        return find_project(str(zensical))
    return project


def missing_settings(project: Project, stylesheet: str, nav_files: list[str]) -> list[str]:
    """One sentence per setting the generated files need and the configuration lacks."""
    if project.path is None:
        return []
    toml = project.path.suffix == ".toml"
    name = project.path.name
    said = []
    extra_css = _strings(project.config.get("extra_css"))
    if stylesheet not in {posixpath.normpath(css.lstrip("/")) for css in extra_css}:
        said.append(f"{name} does not link the stylesheet of the generated pages: " + (
            f"add '{stylesheet}' to its extra_css" if extra_css else
            f'add extra_css = ["{stylesheet}"] under [project]' if toml else
            f"add extra_css: [{stylesheet}]"))
    exclude = project.config.get("exclude_docs")
    lines = exclude.splitlines() if isinstance(exclude, str) else []
    published = [f for f in nav_files
                 if not pathspec.GitIgnoreSpec.from_lines(lines).match_file(f)]
    if published:
        nav = posixpath.basename(published[0])  # the same name in every folder
        said.append(
            f"{name} publishes the navigation files {nav} as pages: " + (
                f"add a line '{nav}' to its exclude_docs" if lines else
                f'add exclude_docs = "{nav}" under [project]' if toml else
                f"add exclude_docs: {nav}")
            + ("" if _has_plugin(project.config.get("plugins"), "literate-nav") else
               " and the literate-nav plugin, which reads them as the navigation ("
               + ("[project.plugins.literate-nav]" if toml else "plugins: [literate-nav]")
               + ")")
            + ", or generate with --no-nav")
    return said


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _has_plugin(plugins: Any, name: str) -> bool:
    if isinstance(plugins, dict):
        return name in plugins
    return isinstance(plugins, list) and any(
        p == name or (isinstance(p, dict) and name in p) for p in plugins)
