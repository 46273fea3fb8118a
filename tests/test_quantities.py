"""One registry of part A's quantities: every vocabulary reads it, every backend agrees."""

from __future__ import annotations

import functools
import inspect
from fractions import Fraction

import flint
import mpmath
import pytest
import sympy as sp

from mesosym import numeric
from mesosym.checking import claims, formulas, points
from mesosym.cli import check as cli_check
from mesosym.errors import DomainError
from mesosym.levels.spectrum import EquispacedLevels
from mesosym.numeric import arb, equispaced, polynomial, precise
from mesosym.quantities import (
    BY_CHECKER,
    BY_KEY,
    CHECKED,
    CLAIMED,
    EDGES,
    NUMERIC,
    REGISTRY,
    quantity,
)

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


# -- the edge values: written once in the registry, checked by SymPy's limits -------------

#: spectra g_0..g_d: two levels, unequal ends; a gap and q = 4 equal levels (SymPy's limits
#: take about a second a spectrum)
EDGE_SPECTRA = [
    (1, 1),
    (5, 1, 7),
    pytest.param((2, 0, 1), marks=pytest.mark.slow),
    pytest.param((1, 1, 1, 1), marks=pytest.mark.slow),
]
_X = sp.Symbol("x", positive=True)


def _parametric(g: tuple[int, ...]) -> dict[str, sp.Expr]:
    """Each quantity along the saddle point x, by hand: u = x P'/P, s = ln P - u ln x, ..."""
    P = sum(gk * _X**k for k, gk in enumerate(g))
    u_of_x = _X * sp.diff(P, _X) / P
    var = sp.cancel(_X * sp.diff(u_of_x, _X))  # du/dt, t = ln x
    return {
        "x": _X,
        "t": sp.log(_X),
        "s": sp.log(P) - u_of_x * sp.log(_X),
        "beta": -sp.log(_X),
        "var": var,
        "c": sp.log(_X) ** 2 * var,
    }


@functools.cache
def _limits(g: tuple[int, ...]) -> dict[tuple[str, str], sp.Expr]:
    """SymPy's limits at x -> 0+ (u = 0), x = 1 (u*), x -> oo (u = d)."""
    out = {}
    for key, expr in _parametric(g).items():
        out[key, "ground"] = sp.limit(expr, _X, 0, "+")
        out[key, "centre"] = sp.limit(expr, _X, 1)
        out[key, "top"] = sp.limit(expr, _X, sp.oo)
    return out


def _numbers_by_definition(g: tuple[int, ...]) -> dict[str, sp.Expr]:
    """The registry's edge numbers of ``g``, from their definitions (exact rationals)."""
    p1 = sum(g)
    ustar = sp.Rational(sum(k * gk for k, gk in enumerate(g)), p1)
    return {
        "0": sp.S.Zero,
        "1": sp.S.One,
        "+inf": sp.oo,
        "-inf": -sp.oo,
        "ln g_0": sp.log(g[0]),
        "ln g_d": sp.log(g[-1]),
        "ln P(1)": sp.log(p1),
        "sigma*^2": sum((k - ustar) ** 2 * gk for k, gk in enumerate(g)) / p1,
    }


def _same(got: object, want: sp.Expr) -> bool:
    """A backend's number against a limit: infinities exactly, else to 1e-13 relative."""
    if want in (sp.oo, -sp.oo):
        return float(got) == float(want)  # type: ignore[arg-type]
    w = float(want)
    return abs(float(got) - w) <= 1e-13 * max(abs(w), 1e-300)  # type: ignore[arg-type]


@pytest.mark.parametrize("g", EDGE_SPECTRA)
def test_the_registry_edge_values_are_the_limits_of_the_closed_forms(g):
    limits, numbers = _limits(g), _numbers_by_definition(g)
    for q in NUMERIC:
        for edge in EDGES:
            got = q.at_edge(edge, numbers.__getitem__)
            assert got == limits[q.key, edge] or sp.simplify(got - limits[q.key, edge]) == 0, (
                q.key,
                edge,
                got,
                limits[q.key, edge],
            )


@pytest.mark.parametrize("g", EDGE_SPECTRA)
def test_every_backend_gives_the_limits_at_the_edges(g):
    limits = _limits(g)
    ustar = sp.Rational(sum(k * gk for k, gk in enumerate(g)), sum(g))
    points = {"ground": 0, "centre": ustar, "top": len(g) - 1}
    equal = len(set(g)) == 1
    for q in NUMERIC:
        for edge, at in points.items():
            want = limits[q.key, edge]
            a = Fraction(int(at.p), int(at.q)) if isinstance(at, sp.Rational) else at
            if Fraction(float(a)) == a:  # float64 has no value at u* = 15/13, which is no float
                assert _same(getattr(polynomial, q.name)(float(a), list(g)), want), (q.key, edge)
            if equal:
                assert _same(getattr(equispaced, q.name)(float(a), len(g)), want), (q.key, edge)
            assert _same(getattr(precise, q.name)(a, list(g), digits=20), want), (q.key, edge)
            ball = getattr(arb, q.name)(a, list(g), digits=20)
            if want in (sp.oo, -sp.oo):
                assert ball.is_exact() and float(ball.mid()) == float(want), (q.key, edge)
            else:
                assert ball.overlaps(flint.arb(str(sp.N(want, 40)))), (q.key, edge)


@pytest.mark.parametrize("levels", [2, pytest.param(3, marks=pytest.mark.slow)])
def test_the_checker_gives_the_limits_at_the_edges(levels):
    limits = _limits((1,) * levels)
    at = {"ground": 0, "centre": sp.Rational(levels - 1, 2), "top": levels - 1}
    for q in CHECKED:
        if q.key is None:
            continue
        for edge, u in at.items():
            got = points.value_at(EquispacedLevels(levels), q.checker, u).value
            assert got == limits[q.key, edge] or sp.simplify(got - limits[q.key, edge]) == 0


def test_the_edge_values_near_the_edge_by_high_precision():
    """Continuity: each quantity 10^-40 from an edge, by the direct sums at 60 digits."""
    g = (5, 1, 7)
    numbers = {k: sp.N(v, 50) for k, v in _numbers_by_definition(g).items()}
    with mpmath.workdps(60):
        for edge, t in (("ground", mpmath.mpf(-92)), ("top", mpmath.mpf(92))):
            w = [gk * mpmath.exp(k * t) for k, gk in enumerate(g)]  # x = e^t, e^+-92
            z = mpmath.fsum(w)
            u = mpmath.fsum(k * wk for k, wk in enumerate(w)) / z
            var = mpmath.fsum(k * k * wk for k, wk in enumerate(w)) / z - u * u
            direct = {"x": mpmath.exp(t), "t": t, "beta": -t, "var": var, "c": t * t * var}
            direct["s"] = mpmath.log(z) - u * t
            for q in NUMERIC:
                want = q.at_edge(edge, numbers.__getitem__)
                near = direct[q.key]
                if want in (sp.oo, -sp.oo):  # growing as fast as |t| = 92 at least
                    assert near * (1 if want == sp.oo else -1) >= 92, (q.key, edge)
                else:
                    assert abs(near - mpmath.mpf(str(want))) < 1e-35, (q.key, edge, near, want)


def test_an_edge_that_is_none_is_refused():
    with pytest.raises(DomainError, match="edge must be one of ground, centre, top"):
        BY_KEY["s"].at_edge("middle", str)
    with pytest.raises(DomainError, match="no values at the edges"):
        quantity("saddle").at_edge("ground", str)


def test_the_two_level_examples_are_the_closed_forms():
    """The registry's example values (Spectrum.*_function docstrings) against SymPy."""
    for q in NUMERIC:
        assert abs(float(q.two_levels[1]) - float(exact(str(q.key)))) <= 1e-15


def test_a_reading_note_names_the_quantity_from_the_registry():
    from mesosym.checking.notation import LEFT_NAMES, read_left_side

    reading = read_left_side(LEFT_NAMES["S"] / LEFT_NAMES["N"], "S/N")
    assert reading.note() == "read the left-hand side S/N as a form of s = S/(N k_B)"
