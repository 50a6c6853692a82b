"""Golden pages: a few generated pages compared with stored HTML.

A regex that still matches can hide a change in output; here any change is a diff a reviewer
reads. After an intended change, refresh the stored pages and review them:

    bash scripts/test.sh tests/test_golden.py --refresh-golden
    git diff tests/golden
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest

from .conftest import run_build

GOLDEN = Path(__file__).parent / "golden"
PAGES = {
    "journeys/repair/": "journey.html",
    "personas/maya/": "persona.html",
    "journeys/": "journeys-index.html",
    "insights/pain-points/": "pain-points.html",
}
# Elements that start a line of the stored page, so a change shows as a change of a few lines.
BLOCK = re.compile(r"(?=<(?:div|h[1-6]|p|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|svg|g|symbol"
                   r"|section|blockquote|details|figure|nav)[\s>])")


def content(page: str) -> str:
    """The page's content column (what the plugin made), one block element per line."""
    article = re.search(r"<article[^>]*>(.*)</article>", page, re.S).group(1)
    return BLOCK.sub("\n", article.strip()).lstrip("\n") + "\n"


@pytest.fixture(scope="module")
def golden_build(tmp_path_factory):
    # Copied out of the repository: the pages must not carry this repository's git history.
    project = tmp_path_factory.mktemp("golden") / "handbook"
    shutil.copytree(GOLDEN / "handbook", project)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


@pytest.mark.parametrize("page", PAGES)
def test_generated_page_matches_its_golden_copy(golden_build, page, request):
    actual = content(golden_build.html(page))
    stored = GOLDEN / PAGES[page]
    if request.config.getoption("--refresh-golden"):
        stored.write_text(actual, encoding="utf-8")
        return
    expected = stored.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"tests/golden/{PAGES[page]}", f"built {page}", n=1))
        pytest.fail(f"{page} differs from its golden copy; if the change is intended, run "
                    "`bash scripts/test.sh tests/test_golden.py --refresh-golden` and review "
                    f"`git diff tests/golden`:\n{diff[:6000]}", pytrace=False)
