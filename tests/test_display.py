"""What a reader sees: print() and notebook displays, digits as asked, messages that help.

Issue 20: ``print(check_formula(...))`` dumped a dataclass; FormulaCheck's
notebook view omitted the counterexample; ChainCheck, Cells, EquispacedLevels and
the models had no rich display; ``log_multiplicity(..., digits=30)`` printed 17
digits; ``entropy_function(digits=30)`` did not say which backend takes digits.
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

from mesosym import EquispacedLevels, symbols
from mesosym.checking.derivation import check_identity
from mesosym.checking.formulas import check_chain, check_formula
from mesosym.errors import DomainError
from mesosym.levels.counting import log_multiplicity
from mesosym.mesoscopic import ContinuumGas, IdealGas, IsingChain, LatticeGas
from mesosym.symbols import r, u, x

TWO_LEVEL = -u * sp.log(u) - (1 - u) * sp.log(1 - u)  # eq. (22)


def _balanced(tex: str) -> bool:
    depth = 0
    for c in tex.replace(r"\{", "").replace(r"\}", ""):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0 and tex.startswith("$") and tex.endswith("$")


def test_print_of_a_formula_check_reads_as_a_verdict():
    text = str(check_formula(2, "entropy", TWO_LEVEL / 2))
    assert not text.startswith("FormulaCheck(")
    assert text.startswith("refuted: entropy for q = 2") and "counterexample u = " in text
    assert "mesosym: -u*log(u) - (1 - u)*log(1 - u)" in text
    assert str(check_formula(2, "entropy", TWO_LEVEL)).startswith("proved")


def test_notebook_views_show_the_counterexample_and_the_slip():
    refuted = check_formula(2, "entropy", TWO_LEVEL / 2)
    assert r"\text{ at } u = \frac{" in refuted._repr_latex_()
    assert _balanced(refuted._repr_latex_())
    result = check_identity(x, 2 * x, domain={x: (1, 2)})
    assert r"\text{ at } x = " in result._repr_latex_() and _balanced(result._repr_latex_())
    chain = check_chain(2, [u * sp.log(u**2), 2 * u * sp.log(u), u * sp.log(u)])
    text, tex = str(chain), chain._repr_latex_()
    assert text.startswith("chain of 3 steps: step 3 does not follow")
    assert "1/2 times" in text and "1/2 times" in tex and r"\text{ at } u = " in tex
    assert _balanced(tex)


@pytest.mark.parametrize(
    "thing, words, tex",
    [
        (EquispacedLevels(3), "q = 3 equispaced levels", r"\frac{1 - x^{3}}{1 - x}"),
        (EquispacedLevels(symbols.q), "general q", r"\text{general } q"),
        (IsingChain(12, 1, field=sp.Rational(1, 10)), "h = 1/10, beta = 1", r"h = \frac{1}{10}"),
        (LatticeGas(10, 1, particles=3, boundary="periodic"), "3 particles", r"\mu = 0"),
        (IsingChain(12, 1).split(3), "3 cells of 4, 4, 4 sites (cut bonds 4-5, 8-9)", "3 cells"),
        (ContinuumGas(2, 4, pair_potential=sp.exp(-(r**2))), "exp(-r**2)", r"e^{- r^{2}}"),
        (IdealGas(3, 2), "ideal gas of 3 particles", r"d = 2"),
    ],
)
def test_objects_print_and_display_what_they_are(thing, words, tex):
    assert words in str(thing)
    assert tex in thing._repr_latex_() and _balanced(thing._repr_latex_())


def test_log_multiplicity_prints_the_digits_asked_for():
    # Omega_3(100, 100) by the multinomial sum over the number j of particles on level 2,
    # independent of the counting routes: sum_j C(100, j) C(100 - j, 100 - 2j)
    exact = sum(math.comb(100, j) * math.comb(100 - j, 100 - 2 * j) for j in range(51))
    with mpmath.workdps(60):
        expected = mpmath.nstr(mpmath.log(exact), 30)
    for value in (
        log_multiplicity(3, 100, 100, digits=30),
        EquispacedLevels(3).log_multiplicity(100, 100, digits=30),
    ):
        assert str(value) == expected and len(str(value).replace(".", "")) == 30
    expansion = EquispacedLevels(3).log_multiplicity(100, 100, order=2, digits=25)
    assert len(str(expansion).replace(".", "")) == 25


def test_digits_on_the_float64_backend_names_the_backends_that_take_it():
    with pytest.raises(DomainError, match=r"digits needs backend='mpmath' or 'arb'"):
        EquispacedLevels(3).entropy_function(digits=30)
