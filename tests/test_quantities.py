"""One registry of part A's quantities: every vocabulary reads it, every backend agrees."""

from __future__ import annotations

import inspect
from fractions import Fraction

import flint
import mpmath
import pytest
import sympy as sp

from mesosym import numeric
from mesosym.checking import claims, formulas
from mesosym.cli import check as cli_check
from mesosym.errors import DomainError
from mesosym.levels.spectrum import EquispacedLevels
from mesosym.numeric import arb, equispaced, polynomial, precise
from mesosym.quantities import BY_CHECKER, BY_KEY, CHECKED, CLAIMED, NUMERIC, REGISTRY, quantity

U = sp.Rational(1, 4)
_u = sp.Symbol("u", positive=True)
_S = -_u * sp.log(_u) - (1 - _u) * sp.log(1 - _u)  # eq. (22), by hand
#: the two-level system at u = 1/4, typed from its closed forms (x* = u/(1 - u))
TWO_LEVELS = {
    "x": _u / (1 - _u),
    "t": sp.log(_u / (1 - _u)),
    "s": _S,
    "beta": sp.diff(_S, _u),  # ds/du, eq. (20), by SymPy
    "var": _u * (1 - _u),
    "c": sp.log((1 - _u) / _u) ** 2 * _u * (1 - _u),
}


def exact(key: str) -> mpmath.mpf:
    with mpmath.workdps(60):
        return mpmath.mpf(sp.N(TWO_LEVELS[key].subs(_u, U), 60))


def test_every_quantity_has_unique_names():
    names = [n for q in REGISTRY for n in q.names()]
    keys = {q.key for q in NUMERIC}
    # a checker or claim name may repeat the same quantity's key (beta), never another's
    for q in REGISTRY:
        for n in q.names():
            assert quantity(n) is q or n in keys, n
    assert len({q.name for q in REGISTRY}) == len(REGISTRY)
    assert len(names) >= len(REGISTRY)


@pytest.mark.parametrize("key", list(BY_KEY))
def test_every_backend_offers_the_quantity_under_its_name(key):
    q = BY_KEY[key]
    for module in (equispaced, polynomial, precise, arb):
        function = getattr(module, q.name)
        assert function.__name__ == q.name and function.__module__ == module.__name__
        assert q.meaning in function.__doc__ and ">>>" in function.__doc__
        assert list(inspect.signature(function).parameters)[:2] == [
            "u",
            {equispaced: "q", polynomial: "degeneracies"}.get(module, "levels"),
        ]
        assert q.name in module.__all__


@pytest.mark.parametrize("key", list(BY_KEY))
def test_the_backends_agree_with_the_two_level_closed_forms(key):
    """Each backend's value at u = 1/4 against the closed forms evaluated by SymPy."""
    q = BY_KEY[key]
    want = exact(key)
    for got in (getattr(equispaced, q.name)(0.25, 2), getattr(polynomial, q.name)(0.25, [1, 1])):
        assert abs(float(got) - float(want)) <= 2e-14 * abs(float(want))
    with mpmath.workdps(40):
        got = getattr(precise, q.name)(Fraction(1, 4), 2, digits=30)
        assert abs(got - want) <= mpmath.mpf(10) ** -29 * abs(want)
        ball = getattr(arb, q.name)("0.25", 2, digits=30)
        assert ball.overlaps(flint.arb(mpmath.nstr(want, 50)))
        assert ball.rad() < 1e-29
    for name in q.names():
        if name in (q.key, q.name):  # the evaluator takes the key and the long name
            value = numeric.evaluator(2, name, "mpmath", digits=30)(Fraction(1, 4))
            assert value == got


def test_the_spectrum_offers_every_numeric_quantity():
    levels = EquispacedLevels(2)
    for q in NUMERIC:
        f = getattr(levels, f"{q.name}_function")("mpmath", digits=20)
        with mpmath.workdps(30):
            assert abs(f(Fraction(1, 4)) - exact(str(q.key))) < mpmath.mpf(10) ** -19


def test_the_checker_and_the_claims_read_the_registry():
    assert list(formulas.QUANTITIES) == [q.checker for q in CHECKED]
    assert set(claims.QUANTITIES) == {q.claim for q in CLAIMED}
    for claim_key, checker in formulas.CLAIM_QUANTITIES.items():
        assert quantity(claim_key) is BY_CHECKER[checker]
        assert formulas.describe(checker) == BY_CHECKER[checker].description
    for q in CHECKED:
        assert f"--{q.checker}" in cli_check.VALUE_OPTIONS
    # every spelling of a left-hand side reads as its quantity
    for q in CLAIMED:
        for spelled in q.text_spellings:
            claim = claims.parse_claim(f"{spelled} = 1/2")
            assert claim.quantity == q.claim, spelled


def test_an_unknown_name_is_refused_naming_the_offer():
    with pytest.raises(DomainError, match=r"what must be one of x, t, s, beta, var, c .*'gibbs'"):
        quantity("gibbs", NUMERIC)
    with pytest.raises(DomainError, match=r"what must be one of .*got 'gibbs'"):
        precise.evaluate(2, "gibbs", 0.25)
