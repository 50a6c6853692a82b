"""The wheel and the sdist hold every file of the package, and the tests run the installed one."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, _installed_package


def _source_files() -> set[str]:
    """Every file of the package in the checkout, as paths relative to the repository."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                             "cjm_site"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode == 0 and listed.stdout.strip():
        names = listed.stdout.split()
    else:  # not a git checkout: every file on disk
        names = [p.relative_to(REPO).as_posix() for p in (REPO / "cjm_site").rglob("*")
                 if p.is_file()]
    return {n for n in names if "__pycache__" not in n and (REPO / n).is_file()}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel scripts/test.sh installed, or one built now from the checkout."""
    if os.environ.get("CJM_WHEEL"):
        return Path(os.environ["CJM_WHEEL"])
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                    str(REPO)], check=True)
    return next(out.glob("cjm_site-*.whl"))


def test_wheel_holds_every_package_file(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if n.startswith("cjm_site/")}
    assert shipped == _source_files()


def test_sdist_holds_every_package_file(tmp_path: Path):
    built = subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir",
                            str(tmp_path), str(REPO)], check=True, capture_output=True,
                           text=True)
    # pyproject.toml as current setuptools wants it: a normal install prints no deprecations.
    assert "deprecat" not in (built.stdout + built.stderr).lower()
    (sdist,) = tmp_path.glob("cjm_site-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile()}
    assert _source_files() <= names


def test_installed_package_matches_the_checkout():
    installed = _installed_package()
    assert installed != REPO / "cjm_site"
    files = {"cjm_site/" + p.relative_to(installed).as_posix() for p in installed.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    assert files == _source_files()


def test_subprocesses_started_in_the_checkout_import_the_installed_package():
    # `python -m mkdocs` in the repository must not pick up ./cjm_site either.
    where = subprocess.run([sys.executable, "-c", "import cjm_site; print(cjm_site.__file__)"],
                           cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).resolve().parent != REPO / "cjm_site"
