"""The folders are the design: every import follows ARCHITECTURE.md, and none is circular."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mesosym"
CORE = {"errors", "symbols", "validation", "budget", "significant", "latex", "output", "known"}
CORE |= {"papers", "progress", "quantities"}
#: wing -> the wings it may import (ARCHITECTURE.md's table)
ALLOWED = {
    "core": {"core"},
    "numeric": {"core"},
    "levels": {"core", "numeric"},
    "mesoscopic": {"core", "numeric"},
    "checking": {"core", "numeric", "levels", "mesoscopic"},
    "figures": {"core", "numeric", "levels", "mesoscopic"},
    "derivations": {"core", "numeric", "levels", "mesoscopic", "checking", "top"},
    "cli": {"core", "numeric", "levels", "mesoscopic", "checking", "figures", "derivations"}
    | {"top"},
    "top": {"core", "levels", "checking", "cli"},
}


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ["mesosym", *path.relative_to(PACKAGE).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


MODULES = _modules()


@functools.cache
def imports(name: str) -> frozenset[str]:
    """Every mesosym module that ``name`` imports, at any depth of its code."""
    path, is_package = MODULES[name]
    package = name if is_package else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in MODULES else module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return frozenset(m for m in found if m in MODULES and m != name)


def wing(name: str) -> str:
    parts = name.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return "top"
    if len(parts) == 2 and parts[1] in CORE:
        return "core"
    return parts[1]


def test_every_module_has_a_wing():
    assert {wing(m) for m in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_follow_the_architecture(name):
    bad = {m for m in imports(name) if wing(m) not in ALLOWED[wing(name)] | {wing(name)}}
    assert not bad, f"{name} ({wing(name)}) may not import {sorted(bad)}"


def _is_model(name: str) -> bool:
    return name.startswith("mesosym.mesoscopic.models")


@pytest.mark.parametrize(
    "name", sorted(m for m in MODULES if wing(m) == "mesoscopic" and not _is_model(m))
)
def test_part_b_verbs_never_import_models(name):
    # the models import the verbs (cells, sectors, transfers) and never the reverse; only the
    # package's lazy re-exports (mesosym/mesoscopic/__init__.py) name the models
    if name == "mesosym.mesoscopic":
        return
    bad = sorted(m for m in imports(name) if _is_model(m))
    assert not bad, f"{name} is a verb of part B and may not import the models {bad}"


def _cycles() -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    graph = {m: imports(m) for m in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return components


#: cycles that the part-B restructuring is removing; this list may only shrink
KNOWN_CYCLES: list[set[str]] = []


def test_no_module_imports_itself_through_others():
    assert sorted(map(sorted, _cycles())) == sorted(map(sorted, KNOWN_CYCLES))
