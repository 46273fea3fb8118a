"""The repository carries its own reference to the papers (issue 6).

``docs/papers.md`` maps each numbered equation of the letter to what regenerates it;
these tests check that every name it cites exists, that every derivation it cites
declares the equation and has the step it names, and that no file of the project
points at a path outside the repository.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from mesosym import derivations, papers
from mesosym.levels.spectrum import EquispacedLevels

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "papers.md"


def _rows() -> dict[int, str]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| \((\d+)\) \| (.+) \| (.+) \|$", line)
        if m:
            rows[int(m.group(1))] = m.group(3)
    return rows


def _resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(dotted)


def test_every_equation_of_the_letter_has_a_row():
    assert sorted(_rows()) == list(range(1, 31))


@pytest.mark.parametrize("number", range(1, 31))
def test_each_row_names_things_that_exist(number):
    cell = _rows()[number]
    names = re.findall(r"`((?:mesosym|derivations)\.[\w.]+)`", cell)
    calls = re.findall(r"`EquispacedLevels\([\w.]+\)\.(\w+)\(\)`", cell)
    assert names or calls or "EquispacedLevels(3)" in cell, cell
    for name in names:
        _resolve(name)
    for method in calls:
        assert callable(getattr(EquispacedLevels, method)), method


@pytest.mark.parametrize("number", range(4, 31))
def test_each_cited_derivation_declares_the_equation_and_has_the_step(number):
    cell = _rows()[number]
    cited = re.findall(r"`mesosym\.derivations\.(\w+)`, steps? ([^;|]+)", cell)
    assert cited, f"eq. ({number}) names no derivation step"
    for name, labels in cited:
        module = derivations.load(name)
        assert str(number) in module.EQUATIONS, (name, number)
        source = inspect.getsource(module)
        for label in re.findall(r"\(\d+\)(?:-\(\d+\))?", labels):
            assert f'"{label}"' in source, (name, label)


def test_the_papers_are_named_with_their_arxiv_identifiers():
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    for paper in papers.PAPERS:
        assert paper.title in text and paper.arxiv_id in text and paper.url in text
    assert papers.LETTER.arxiv == "2605.02736" and papers.MESOSCOPIC.arxiv == "2605.00958"
    assert "B. Osano" in text and papers.MESOSCOPIC.authors == "B. Osano"
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "docs/papers.md" in readme
    for paper in papers.PAPERS:
        assert paper.title in readme and paper.arxiv_id in readme


_SKIP = {"build", "dist", "__pycache__"}


def _project_files():
    this = Path(__file__).resolve()
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        hidden = any(p.startswith(".") and p != ".ci" for p in rel.parts)
        if hidden or path == this or any(p in _SKIP or p.endswith(".egg-info") for p in rel.parts):
            continue
        if path.is_file() and path.suffix in {".py", ".md", ".toml", ".txt", ".ipynb", ""}:
            yield rel, path


def test_no_file_points_outside_the_repository():
    """Regression: the README and docstrings sent readers to a folder beside the repository."""
    outside = re.compile(r"\.\./sha[r]ed|sha[r]ed/papers|/wo[r]k/")  # not matching itself
    offenders = [
        str(rel)
        for rel, path in _project_files()
        if outside.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not offenders, offenders
