"""The guides say what the code does: option defaults, what the journeys folder skips."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from ruamel.yaml import YAML

from cjm_site.core.options import OPTIONS
from cjm_site.source.loader import discover

from .conftest import REPO, run_build, write_project

GUIDE = REPO / "docs" / "guide"


def _options_block() -> dict:
    text = (GUIDE / "configuration.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(plugins:\n  - cjm:\n.*?)```", text, re.S).group(1)
    return YAML(typ="safe").load(block)["plugins"][0]["cjm"]


def test_configuration_guide_shows_every_option_with_its_default():
    shown = _options_block()
    assert list(shown) == [o.name for o in OPTIONS]
    for option in OPTIONS:
        assert option.read(shown[option.name]) == option.read(option.default), option.name


def test_configuration_guide_has_a_row_per_option():
    text = (GUIDE / "configuration.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \|", text, re.M)
    assert rows == [o.name for o in OPTIONS]


def test_journeys_folder_skips_readme_drafts_and_hidden_files(tmp_path):
    journeys = tmp_path / "journeys"
    for name in ("a.md", "b.yml", "c.yaml", "personas/p.yml", "README.md", "personas/readme.yml",
                 "_template.md", "_drafts/d.yml", ".github/e.yml", ".f.yml", "data/x.csv"):
        (journeys / name).parent.mkdir(parents=True, exist_ok=True)
        (journeys / name).write_text("title: x\n", encoding="utf-8")
    found = [(p.relative_to(journeys).as_posix(), kind)
             for p, kind, refused in discover(journeys, journeys / "personas", tmp_path)
             if refused is None]
    assert found == [("a.md", "journey"), ("b.yml", "journey"), ("c.yaml", "journey"),
                     ("personas/p.yml", "persona")]
    guide = (GUIDE / "format.md").read_text(encoding="utf-8")
    assert "`README` file" in guide and "starts with `_` or `.`" in guide


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, re.S)


def test_no_install_command_names_an_unpublished_package():
    """cjm-site is not on PyPI: every install command the docs give works from a clone."""
    pages = [REPO / "README.md", *(REPO / "docs").rglob("*.md"),
             *(REPO / "docs").rglob("*.yml")]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        blocks = [text] if page.suffix == ".yml" else _code_blocks(text)
        for block in blocks:
            assert not re.search(r"pip install\s+[\"']?cjm-site\b(?! @)", block), page


def test_contributing_guide_shows_the_ci_workflow_as_shipped():
    shipped = (REPO / "docs" / "examples" / "validate-journeys.yml").read_text(encoding="utf-8")
    guide = (GUIDE / "contributing.md").read_text(encoding="utf-8")
    assert shipped in _code_blocks(guide)


def test_readme_quick_start_builds_a_handbook(tmp_path):
    """The README's new handbook, step by step: its mkdocs.yml and home page, its `cjm`
    commands, then its journey example in place of the starter; `mkdocs build --strict`."""
    blocks = _code_blocks((REPO / "README.md").read_text(encoding="utf-8"))
    config = next(b for b in blocks if b.startswith("site_name:"))
    home = next(b for b in blocks if b.startswith("# Customer journey handbook"))
    example = next(b for b in blocks if b.startswith("---\ntitle:"))
    commands = next(b for b in blocks if "cjm new persona" in b).splitlines()
    project = write_project(tmp_path, {}, config=config)
    (project / "docs" / "index.md").write_text(home, encoding="utf-8")
    for line in commands:
        words = shlex.split(line.split("#")[0])
        if words[0] == "cjm":
            result = subprocess.run([sys.executable, "-m", "cjm_site.cli", *words[1:]],
                                    cwd=project, capture_output=True, text=True)
            assert result.returncode == 0, (line, result.stdout, result.stderr)
        else:
            assert words == ["mkdocs", "serve"]
    (project / "journeys" / "first-purchase.md").write_text(example, encoding="utf-8")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    page = build.html("journeys/first-purchase/")
    assert "First online purchase" in page and "cjm-curve" in page
    assert "Maya Fischer" in build.html("personas/maya/")


def test_readme_shows_the_journey_page_the_screenshot_script_takes():
    images = re.findall(r"!\[([^\]]+)\]\(([^)]+)\)", (REPO / "README.md").read_text("utf-8"))
    assert [path for _, path in images] == ["docs/assets/journey-map.webp"]
    assert len(images[0][0]) > 40  # described for readers who do not see it
    image = (REPO / images[0][1]).read_bytes()
    assert image[:4] == b"RIFF" and image[8:12] == b"WEBP" and len(image) < 300_000
    script = (REPO / "scripts" / "screenshot.py").read_text("utf-8")
    assert 'REPO / "docs" / "assets" / "journey-map.webp"' in script
