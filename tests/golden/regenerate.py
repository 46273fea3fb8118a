"""Rewrite the golden LaTeX files of ``tests/test_latex.py`` from the current code.

Run ``python tests/golden/regenerate.py`` from the repository root after an
intended change to :mod:`mesosym.latex` or :mod:`mesosym.levels.equations` (or to the
expressions they print), then **review the diff by hand**
(``git diff tests/golden``) before committing: the golden files are only a
record of what a human has read and accepted, and regenerating them proves
nothing.  ``tests/test_latex.py`` also checks the printed formulas
semantically (parsed back and compared with :mod:`mesosym.known`), which
regeneration cannot fool.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sympy as sp

from mesosym import EquispacedLevels, symbols
from mesosym.levels.equations import document

HERE = Path(__file__).resolve().parent

#: golden file name -> (q, document() keyword arguments)
CASES: dict[str, tuple[object, dict[str, bool]]] = {
    "equispaced_q2.tex": (2, {}),
    "equispaced_q3.tex": (3, {}),
    "equispaced_q_symbolic.tex": (symbols.q, {}),
    "equispaced_q_oo.tex": (sp.oo, {}),
    "equispaced_q3_standalone.tex": (3, {"standalone": True}),
}


def render(name: str) -> str:
    """Return the current text of the golden file ``name``."""
    q, options = CASES[name]
    return document(EquispacedLevels(q), **options)


def main() -> int:
    """Write every golden file; print which ones changed."""
    for name in CASES:
        path = HERE / name
        text = render(name)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            path.write_text(text, encoding="utf-8")
            print(f"rewrote {path.relative_to(HERE.parent.parent)}: review the diff")
        else:
            print(f"unchanged {path.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
