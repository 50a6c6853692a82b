"""The files `cjm generate` wrote into the docs folder, as its manifest lists them: the
generator removes them when they are gone, the plugin leaves them out of its site (it makes
the same pages itself), so that one project can be built by either."""

from __future__ import annotations

import json
from pathlib import Path

# In the docs folder; engines skip files whose name starts with a dot.
MANIFEST = ".cjm-generated.json"


def manifest(files: list[str]) -> bytes:
    return json.dumps({"generator": "cjm generate", "files": sorted(files)},
                      indent=1).encode() + b"\n"


def generated_files(docs_dir: Path) -> set[str]:
    """Paths relative to the docs folder; none if there is no readable manifest."""
    try:
        data = json.loads((docs_dir / MANIFEST).read_text(encoding="utf-8"))
        return {name for name in data["files"] if isinstance(name, str)}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
