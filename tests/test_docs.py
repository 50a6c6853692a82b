"""The guides say what the code does: option defaults, what the journeys folder skips."""

from __future__ import annotations

import re

from ruamel.yaml import YAML

from cjm_site.core.options import OPTIONS
from cjm_site.source.loader import discover

from .conftest import REPO

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
             for p, kind in discover(journeys, journeys / "personas")]
    assert found == [("a.md", "journey"), ("b.yml", "journey"), ("c.yaml", "journey"),
                     ("personas/p.yml", "persona")]
    guide = (GUIDE / "format.md").read_text(encoding="utf-8")
    assert "`README` file" in guide and "starts with `_` or `.`" in guide
