"""Write the notebooks of this folder from their cells, without outputs.

The ``.ipynb`` files are generated, not edited by hand: change the cells here and
run ``python notebooks/build.py``.  Cell ids are fixed, outputs and execution
counts empty, so the committed files are stable and diff cleanly;
``tests/test_notebooks.py`` executes them with a real kernel.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

EQUISPACED_LEVELS: list[tuple[str, str]] = [
    (
        "md",
        r"""# N particles on q equispaced levels: a walk through the letter

This notebook follows *Exact microcanonical formulation and thermodynamics of
equispaced finite-level systems* with `mesosym`: the spectrum
$\varepsilon_k = k\varepsilon$, $k = 0, \dots, q-1$ (eq. 1), the multiplicity as a
coefficient (eqs. 8-10), the saddle point (eqs. 15-18), the entropy and the
temperature (eqs. 19-21), the special cases (eqs. 22-30), Fig. 1, and what the
letter leaves out: finite $N$ and the $1/N$ expansion.

Energies are in units of the level spacing $\varepsilon$, entropies in units of
$k_B$; $u = E/(N\varepsilon) = M/N$ (eq. 14).""",
    ),
    (
        "code",
        """%matplotlib inline
import math

import sympy as sp
from IPython.display import Math, display

from mesosym import EquispacedLevels, counting, numeric
from mesosym.asymptotics import asymptotic_expansion
from mesosym.figures import figure1, finite_size_figure
from mesosym.finite import finite_thermodynamics
from mesosym.latex import latex  # mesosym's notation: x^*, \\ln, \\varepsilon
from mesosym.symbols import q, x


def show(label, expr):
    \"\"\"Display ``label = expr`` as LaTeX.\"\"\"
    display(Math(label + " = " + latex(expr)))""",
    ),
    (
        "md",
        r"""## Three levels

For $q = 3$ the generating function is $(1 + x + x^2)^N$ (eq. 8); its coefficients
count the microstates.""",
    ),
    (
        "code",
        """three = EquispacedLevels(3)
show(r"\\sum_M \\Omega_3(N, M)\\, x^M", three.generating_function())
print("Omega_3(4, M) =", three.multiplicities(4))
print("Omega_3(10, 10) =", three.multiplicity(10, 10))""",
    ),
    (
        "md",
        r"""The saddle-point equation (24), its positive root (25), the entropy (26)
and the inverse temperature (27):""",
    ),
    (
        "code",
        """show("u", three.saddle_equation().rhs)
show("x^*", three.saddle_point())
show(r"\\beta\\varepsilon", three.inverse_temperature())
s_top = float(numeric.entropy(1.0, 3))
print("u* =", three.u_star, "  s(u*) =", s_top, "  ln 3 =", math.log(3))""",
    ),
    (
        "md",
        r"""## Any q

With a symbolic $q$ the same object gives the general results: the saddle
equation (18), the entropy (19), where $x_*(u)$ is the positive root of (18), and
the infinite-temperature point (21).""",
    ),
    (
        "code",
        """general = EquispacedLevels(q)
display(Math(r"\\Omega_q(N, M) = [x^M]\\," + latex(general.generating_function())))
show("u", general.saddle_equation().rhs)
show("s(u)", general.entropy())
show(r"\\beta\\varepsilon", general.inverse_temperature())
show("u^*", general.u_star)""",
    ),
    (
        "md",
        r"""The special cases: the two-level system (22), and the Einstein solid
$q \to \infty$ (29), where the entropy maximum and the negative temperatures are
gone.""",
    ),
    (
        "code",
        """show("s_2(u)", EquispacedLevels(2).entropy())
show(r"s_\\infty(u)", EquispacedLevels(sp.oo).entropy())
show(r"\\beta_\\infty\\varepsilon", EquispacedLevels(sp.oo).inverse_temperature())""",
    ),
    (
        "md",
        r"""## Exact counts against the saddle point

$\ln\Omega_3(N, uN)/N$ from the exact integers approaches $s(u)$, slowly: the
difference is $-(1/2N)\ln(2\pi N\sigma^2)$ to leading order.""",
    ),
    (
        "code",
        """s_half = float(numeric.entropy(0.5, 3))
sigma2 = float(numeric.energy_variance(0.5, 3))
print(f"s(1/2) = {s_half:.12f}")
print("     N   ln Omega/N      difference   -(1/2N) ln(2 pi N sigma^2)")
for n in (10, 100, 1000, 10000):
    s_n = counting.log_multiplicity(3, n, n // 2) / n
    gauss = -math.log(2 * math.pi * n * sigma2) / (2 * n)
    print(f"{n:6d}   {s_n:.10f}   {s_n - s_half:+.3e}   {gauss:+.3e}")""",
    ),
    (
        "md",
        r"""## Fig. 1

The entropy per particle (upper panel) and the inverse temperature (lower panel)
for $q = 2, 3, 4, 5, 10$ and $q \to \infty$.  Every finite $q$ peaks at
$u^* = (q-1)/2$ with $s = \ln q$, where $\beta$ changes sign; at fixed $u$ both
$s$ and $\beta\varepsilon$ grow with $q$.""",
    ),
    (
        "code",
        """fig = figure1()
fig""",
    ),
    (
        "md",
        r"""## Finite N

The exact $s_N = \ln\Omega/N$ and $\beta_N = d\ln\Omega/dM$ (central differences)
for $q = 3$ against the thermodynamic limit.""",
    ),
    (
        "code",
        """finite_size_figure(3, (10, 100, 1000))""",
    ),
    (
        "code",
        """th = finite_thermodynamics(3, 1000)
centre = th.u.size // 2
s_n, beta_n = float(th.s[centre]), float(th.beta[centre])
print(f"N = 1000: u = {th.u[centre]}  s_N = {s_n:.6f}  beta_N = {beta_n}")""",
    ),
    (
        "md",
        r"""## The 1/N expansion

Beyond the Gaussian term, $\ln\Omega(N, uN) = Ns - \tfrac12\ln(2\pi N\sigma^2)
+ c_1/N + c_2/N^2 + \dots$ with $c_k$ rational functions of $x^*$.  At
$u = 1$ ($x^* = 1$) the central trinomial coefficients have $c_1 = -3/16$.""",
    ),
    (
        "code",
        """expansion = asymptotic_expansion(1 + x + x**2, 2)
show("N s", expansion.leading)
show("g", expansion.gaussian)
for k, c in enumerate(expansion.corrections, start=1):
    show(f"c_{k}", c)
c1 = expansion.corrections[0].subs(x, 1)
print("c_1 at x* = 1:", c1)
for n in (10, 100, 1000):
    exact = counting.log_multiplicity(3, n, n)
    gaussian = n * math.log(3) - math.log(2 * math.pi * n * 2 / 3) / 2
    print(f"N = {n:5d}:  N (ln Omega - gaussian) = {n * (exact - gaussian):+.6f}")""",
    ),
]


def notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """Return a v4 notebook with fixed cell ids and no outputs."""
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, source) in enumerate(cells):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell.id = f"cell-{i:02d}"
        nb.cells.append(cell)
    return nb


#: notebook file name -> cells
NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "equispaced_levels.ipynb": EQUISPACED_LEVELS,
}


def render(name: str) -> str:
    """The text of notebook ``name`` as written to disk."""
    nb = notebook(NOTEBOOKS[name])
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def main() -> int:
    """Write every notebook next to this script."""
    for name in NOTEBOOKS:
        (HERE / name).write_text(render(name), encoding="utf-8")
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
