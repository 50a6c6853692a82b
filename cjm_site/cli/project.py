"""The project as the CLI finds it: the site's configuration file (MkDocs, ProperDocs or
Zensical), the cjm plugin's options in it and the docs folder, read without running anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from cjm_site.core.options import read_options
from cjm_site.source.handbook import Settings

# Looked for in this order: ProperDocs' names first (it reads mkdocs.yml too), then MkDocs',
# then Zensical's own format.
CONFIG_FILES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml",
                "zensical.toml")


class UsageError(Exception):
    """A mistake on the command line or in the configuration file: exit code 2."""


class Refused(Exception):
    """The command understood but would not do it (e.g. overwrite a file): exit code 1."""


@dataclass
class Project:
    """What the configuration file says (an empty mapping without one)."""

    path: Path | None
    root: Path
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def plugin_options(self) -> dict[str, Any]:
        """The `cjm` entry of `plugins:` (a `[project.plugins.cjm]` table in TOML)."""
        plugins = self.config.get("plugins")
        if plugins is not None and not isinstance(plugins, (dict, list)):
            raise UsageError(f"{self.path}: 'plugins' must be a list of plugins ('- search', "
                             f"'- cjm'), not {plugins!r}")
        entries = plugins.items() if isinstance(plugins, dict) else [
            next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)
            for p in plugins or []]
        for name, options in entries:
            if name == "cjm":
                if options is not None and not isinstance(options, dict):
                    raise UsageError(f"{self.path}: the options of plugin 'cjm' must be a "
                                     "mapping")
                return dict(options or {})
        return {}

    @property
    def theme_language(self) -> str | None:
        """`theme.language` (`[project.theme] language` in zensical.toml)."""
        theme = self.config.get("theme")
        language = theme.get("language") if isinstance(theme, dict) else None
        return language if isinstance(language, str) else None

    def setting(self, key: str, default: Any) -> Any:
        value = self.config.get(key, default)
        return default if value is None else value


def find_project(config_file: str | None) -> Project:
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise UsageError(f"config file '{config_file}' does not exist")
    else:
        path = next((Path(n) for n in CONFIG_FILES if Path(n).is_file()), None)
    if path is None:
        return Project(None, Path.cwd())
    return Project(path, path.resolve().parent, _read(path))


def project_settings(config_file: str | None, today: date | None = None) -> Settings:
    """Settings as the plugin would make them from the configuration; defaults without one."""
    project = find_project(config_file)
    return Settings.from_options(project.root, checked_options(project), today)


def checked_options(project: Project) -> dict[str, Any]:
    """The plugin's options by its own table: same defaults and checks as `mkdocs build`."""
    options, failed = read_options(project.plugin_options)
    if failed:
        key, error = failed[0]
        raise UsageError(f"{project.path}: plugin 'cjm', option '{key}': {error}")
    return options


def _read(path: Path) -> dict[str, Any]:
    """The round-trip loader keeps unknown tags such as `!!python/name:` as inert data, so
    reading mkdocs.yml never imports or runs code. Zensical keeps its settings under
    `[project]`."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data = _toml(text).get("project")
        else:
            data = YAML(typ="rt").load(text)
    except (YAMLError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    return data if isinstance(data, dict) else {}


def _toml(text: str) -> dict[str, Any]:
    try:
        import tomllib
    except ImportError:  # Python 3.10; Zensical itself needs 3.11
        raise ValueError("reading zensical.toml needs Python 3.11 or later") from None
    return tomllib.loads(text)
