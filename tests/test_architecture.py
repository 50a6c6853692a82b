"""The package's layers, read from the installed modules' imports.

core <- source <- insights <- render <- adapters (mkdocs_plugin, cli): each layer imports
only those to its left; only the MkDocs adapter imports MkDocs; no module imports itself
back through others."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import REPO, _installed_package

PACKAGE = _installed_package()
LAYERS = {
    "core": {"core"},
    "source": {"core", "source"},
    "insights": {"core", "insights"},
    "render": {"core", "insights", "render"},
    "mkdocs_plugin": {"core", "source", "insights", "render", "mkdocs_plugin"},
    "cli": {"core", "source", "insights", "render", "cli"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(["cjm_site", *parts])] = path
    return found


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; write cjm_site.<layer>..."
            names.add(node.module)
            # `from cjm_site.core import model` imports the module cjm_site.core.model
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


MODULES = _modules()
IMPORTS = {name: {i for i in _imports(path)} for name, path in MODULES.items()}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else None


def test_every_module_sits_in_a_layer():
    loose = [m for m in MODULES if m != "cjm_site" and _layer(m) not in LAYERS]
    assert loose == []


def test_layers_import_only_layers_below():
    wrong = []
    for module, imported in IMPORTS.items():
        layer = _layer(module)
        if layer is None:
            continue
        for name in imported:
            if name.startswith("cjm_site.") and _layer(name) not in LAYERS[layer]:
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_only_the_mkdocs_adapter_imports_mkdocs():
    wrong = [f"{m} imports {n}" for m, names in IMPORTS.items() for n in names
             if n.split(".")[0] in ("mkdocs", "material", "properdocs")
             and _layer(m) != "mkdocs_plugin"]
    assert wrong == []


def test_no_import_cycles():
    graph = {m: {n for n in names if n in MODULES and n != m} for m, names in IMPORTS.items()}
    # A package's __init__ is not an edge to its modules: only real module imports count.
    cycles = []
    state: dict[str, int] = {}

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(graph[module]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_validate_loads_no_renderer_and_no_mkdocs(tmp_path):
    # `cjm validate` in CI: no charts, templates, Markdown or MkDocs theme machinery.
    script = ("import sys\nfrom cjm_site.cli.main import main\nmain(['validate'])\n"
              "heavy = ('pygal', 'jinja2', 'markdown', 'nh3', 'mkdocs', 'material', 'lxml')\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                         text=True, check=False)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
