"""Named slips: each transformation of a known answer is recognised, and right answers get none."""

from __future__ import annotations

import pytest
import sympy as sp

from mesosym.checking import formulas as checking
from mesosym.checking.derivation import Verdict
from mesosym.checking.slips import SLIP_NAMES, find_slip
from mesosym.symbols import N, k_B, u

S2 = -u * sp.log(u) - (1 - u) * sp.log(1 - u)  # eq. (22), two-level system
S_EINSTEIN = (1 + u) * sp.log(1 + u) - u * sp.log(u)  # eq. (29)
X3 = ((u - 1) + sp.sqrt(1 + 6 * u - 3 * u**2)) / (2 * (2 - u))  # eq. (25)


@pytest.mark.parametrize(
    ("q", "quantity", "claim", "name", "value"),
    [
        (2, "entropy", -S2, "sign", None),
        (2, "beta", sp.log(u / (1 - u)), "sign", None),  # eq. (23) upside down
        (2, "entropy", S2 / sp.log(10), "log10", None),
        (2, "entropy", S2 + sp.log(2), "constant", sp.log(2)),
        (sp.oo, "entropy", S_EINSTEIN - 1, "constant", -1),
        (2, "entropy", k_B * S2, "k_B", None),
        (2, "entropy", N * S2, "N", None),
        (sp.oo, "entropy", 2 * S_EINSTEIN, "factor", 2),
        (2, "root", (1 - u) / u, "reciprocal", None),  # x* = u/(1 - u) inverted
        (sp.oo, "root", (1 + u) / u, "reciprocal", None),  # eq. (28) inverted
        (3, "root", ((u - 1) - sp.sqrt(1 + 6 * u - 3 * u**2)) / (2 * (2 - u)), "other_root", None),
    ],
)
def test_each_slip_is_refuted_and_named(q, quantity, claim, name, value):
    outcome = checking.check_formula(q, quantity, claim)
    assert outcome.verdict is Verdict.REFUTED
    assert outcome.slip is not None and outcome.slip.name == name
    assert name in SLIP_NAMES
    if value is not None:
        assert sp.simplify(outcome.slip.value - value) == 0


@pytest.mark.parametrize(
    ("q", "quantity", "claim"),
    [(2, "entropy", S2), (sp.oo, "entropy", S_EINSTEIN), (3, "root", X3)],
)
def test_right_answers_are_not_refuted(q, quantity, claim):
    outcome = checking.check_formula(q, quantity, claim)
    assert outcome.verdict is Verdict.PROVED and outcome.slip is None


def test_an_unrelated_formula_gets_no_name():
    assert find_slip(u**3 + sp.sin(u), S2, {u: (0, 1)}) is None
