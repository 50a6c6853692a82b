"""Build real sites into temporary folders and read what they produce."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _installed_package() -> Path:
    import cjm_site

    return Path(cjm_site.__file__).resolve().parent


# What users install is what the tests test: the package must come from the installed wheel.
if _installed_package() == REPO / "cjm_site":
    pytest.exit(f"cjm_site is imported from the work tree ({_installed_package()}), not from an "
                "installed wheel: run the suite with `bash scripts/test.sh`", returncode=4)

MINIMAL_CONFIG = """\
site_name: Test handbook
theme:
  name: material
plugins:
  - search
  - cjm{options}
"""


@dataclass
class Build:
    """The result of `mkdocs build` on a project: exit code, log and the site folder."""

    project: Path
    returncode: int
    log: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def html(self, page: str) -> str:
        """The HTML of a page such as 'journeys/first-purchase/'."""
        path = self.site / page
        if page.endswith("/") or not page:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def write_project(root: Path, files: dict[str, str], options: str = "",
                  config: str | None = None) -> Path:
    """A project folder with mkdocs.yml, docs/index.md and the given files (dedented)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        config if config is not None else MINIMAL_CONFIG.format(options=options),
        encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def run_build(project: Path, *args: str) -> Build:
    """Run `mkdocs build` in a subprocess, as a maintainer would."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", *args],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**_env(), "NO_MKDOCS_2_WARNING": "1"},
    )
    return Build(project, result.returncode, result.stdout + result.stderr)


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


@pytest.fixture
def build_project(tmp_path: Path):
    """build_project(files, options="", args=()) -> Build, in a fresh temporary folder."""
    counter = iter(range(1000))

    def build(files: dict[str, str], options: str = "", args: tuple[str, ...] = (),
              config: str | None = None) -> Build:
        project = write_project(tmp_path / f"project{next(counter)}", files, options, config)
        return run_build(project, *args)

    return build


@dataclass
class CliRun:
    returncode: int
    stdout: str
    stderr: str


def run_cli(project: Path, *args: str) -> CliRun:
    """The `cjm` command's entry point, run in this process in the project's folder."""
    import contextlib
    import io
    import os

    from cjm_site.cli.main import main

    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    os.chdir(project)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # usage errors
                code = exc.code
    finally:
        os.chdir(here)
    return CliRun(code, out.getvalue(), err.getvalue())


def copy_demo(project: Path) -> Path:
    """The repository's demo handbook (with its Zensical configuration) in a folder."""
    project.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "zensical.toml", "journeys", "docs", "overrides"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.exists():
            shutil.copy(source, project / name)
    return project


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's demo handbook, built once with --strict."""
    return run_build(copy_demo(tmp_path_factory.mktemp("demo")), "--strict")


# Git without the user's configuration, with fixed names: histories the tests can predict.
GIT_ENV = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Ana Author", "GIT_AUTHOR_EMAIL": "ana@example.com",
           "GIT_COMMITTER_NAME": "Ana Author", "GIT_COMMITTER_EMAIL": "ana@example.com"}


class GitRepo:
    """A throw-away repository whose commits have the dates and authors a test gives."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    @classmethod
    def clone(cls, source: GitRepo, root: Path, *args: str) -> GitRepo:
        """A clone of `source` (git clone ARGS), e.g. ("--depth", "1") for a shallow one."""
        import os

        subprocess.run(["git", "clone", "-q", *args, f"file://{source.root}", str(root)],
                       env={**os.environ, **GIT_ENV}, check=True, capture_output=True)
        repo = cls.__new__(cls)
        repo.root = root
        return repo

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        import os

        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True,
                              env={**os.environ, **GIT_ENV, **(env or {})}, check=True)
        return done.stdout

    def write(self, files: dict[str, str | None]) -> None:
        """Write (dedented) or, for None, delete files."""
        for name, content in files.items():
            path = self.root / name
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")

    def commit(self, message: str, when: str, files: dict[str, str | None] | None = None,
               author: str = "Ana Author") -> str:
        """Commit everything with this message, ISO date and author; the new commit's sha."""
        self.write(files or {})
        self.git("add", "-A")
        dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": author}
        self.git("commit", "-q", "--allow-empty", "-m", message, env=dates)
        return self.git("rev-parse", "HEAD").strip()


def cells(html: str) -> str:
    """Text as read: tags dropped, spaces collapsed, none before punctuation."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return re.sub(r" ([:,.;])", r"\1", html_lib.unescape(text))


def rows(html: str, table_class: str) -> list[list[str]]:
    """The body rows of every table of that class, as cell texts."""
    found = []
    for table in re.findall(rf'<table class="cjm-table {table_class}">(.*?)</table>', html,
                            re.S):
        body = table.split("<tbody>", 1)[1]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
            found.append([cells(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row,
                                                        re.S)])
    return found


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--refresh-golden", action="store_true",
                     help="write the golden pages (tests/golden/) from this build instead of "
                          "comparing with them; review the change with `git diff tests/golden`")
