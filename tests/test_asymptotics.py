"""Tests of mesosym.levels.asymptotics: the 1/N expansion of ln Omega."""

from __future__ import annotations

from fractions import Fraction

import flint
import mpmath
import pytest
import sympy as sp

from mesosym.errors import DomainError
from mesosym.latex import latex
from mesosym.levels.asymptotics import (
    AsymptoticExpansion,
    asymptotic_expansion,
    correction_coefficients,
    cumulants,
    log_multiplicity_expansion,
    standardised_cumulant,
)
from mesosym.symbols import N, q, u, x

lam = {r: standardised_cumulant(r) for r in range(3, 15)}


def exact_log_omega(coeffs: list[int], N: int, M: int) -> mpmath.mpf:
    """ln [x^M] P(x)^N from the exact integer (independent of mesosym)."""
    count = int((flint.fmpz_poly(coeffs) ** N)[M])
    with mpmath.workdps(50):
        return mpmath.log(count)


# ---------------------------------------------------------------------------
# The universal coefficients
# ---------------------------------------------------------------------------


def test_c1_is_the_classical_first_correction():
    (c1,) = correction_coefficients(1)
    assert sp.expand(c1 - (lam[4] / 8 - 5 * lam[3] ** 2 / 24)) == 0


def test_c2_matches_daniels_second_order_density_term():
    # Daniels (1954), saddle-point density: f = f_0 [1 + O_1/n + O_2/n^2 + ...] with
    # O_1 = lambda_4/8 - 5 lambda_3^2/24 and
    # O_2 = 385 l3^4/1152 - 35 l3^2 l4/64 + 7 l3 l5/48 + 35 l4^2/384 - l6/48.
    # ln(1 + O_1/n + O_2/n^2) = O_1/n + (O_2 - O_1^2/2)/n^2 + ...
    l3, l4, l5, l6 = lam[3], lam[4], lam[5], lam[6]
    O1 = l4 / 8 - 5 * l3**2 / 24
    O2 = (
        sp.Rational(385, 1152) * l3**4
        - sp.Rational(35, 64) * l3**2 * l4
        + sp.Rational(7, 48) * l3 * l5
        + sp.Rational(35, 384) * l4**2
        - l6 / 48
    )
    c1, c2 = correction_coefficients(2)
    assert sp.expand(c1 - O1) == 0
    assert sp.expand(c2 - (O2 - O1**2 / 2)) == 0


@pytest.mark.parametrize("K", [0, 1, 3, 6])
def test_coefficients_are_rational_polynomials_of_the_right_weight(K):
    cs = correction_coefficients(K)
    assert len(cs) == K
    for k, c in enumerate(cs, start=1):
        allowed = [lam[r] for r in range(3, 2 * k + 3)]
        assert c.free_symbols <= set(allowed)
        poly = sp.Poly(c, *allowed)
        assert poly.domain == sp.QQ
        for monom in poly.monoms():
            # each product prod lambda_r carries eps^(sum (r - 2)) = N^-k
            assert (
                sum((r - 2) * e for r, e in zip(range(3, 2 * k + 3), monom, strict=True)) == 2 * k
            )
    if K:
        assert lam[2 * K + 2] in cs[-1].free_symbols


def test_coefficients_are_cached():
    assert correction_coefficients(4) is correction_coefficients(4)


def test_lambda_symbols_are_real_and_print_as_subscripts():
    assert lam[3].is_real
    assert sp.latex(lam[3]) == r"\lambda_{3}"
    with pytest.raises(DomainError, match="r must be an integer >= 3"):
        standardised_cumulant(2)


@pytest.mark.parametrize("K", [-1, 1.5, True, "2", None])
def test_bad_order_names_K(K):
    with pytest.raises(DomainError, match="K must be an integer >= 0"):
        correction_coefficients(K)
    with pytest.raises(DomainError, match="K must be an integer >= 0"):
        asymptotic_expansion(1 + x + x**2, K)


# ---------------------------------------------------------------------------
# Cumulants and the expression in x
# ---------------------------------------------------------------------------


def test_cumulants_of_the_two_level_system():
    assert cumulants(1 + x, 2) == [x / (x + 1), x / (x + 1) ** 2]


@pytest.mark.slow
def test_cumulants_agree_with_direct_differentiation():
    P = 1 + 2 * x + x**3
    ks = cumulants(P, 5)
    direct = sp.log(P)
    for r in range(5):
        direct = sp.cancel(x * sp.diff(direct, x))
        assert sp.cancel(ks[r] - direct) == 0


@pytest.mark.slow
def test_symbolic_q_variance_at_infinite_temperature():
    kappa2 = cumulants((1 - x**q) / (1 - x), 2)[1]
    assert sp.simplify(sp.limit(kappa2, x, 1) - (q**2 - 1) / 12) == 0


@pytest.mark.slow
def test_symbolic_q_specialises_to_the_concrete_polynomial():
    sym = asymptotic_expansion((1 - x**q) / (1 - x), 2)
    conc = asymptotic_expansion(1 + x + x**2, 2)
    assert sp.cancel(sym.saddle.rhs.subs(q, 3) - conc.saddle.rhs) == 0
    for cs, cc in zip(sym.corrections, conc.corrections, strict=True):
        assert sp.cancel(cs.subs(q, 3) - cc) == 0


def test_geometric_form_with_concrete_q_is_cancelled_to_a_polynomial():
    assert asymptotic_expansion((1 - x**4) / (1 - x), 0).P == 1 + x + x**2 + x**3


@pytest.mark.slow
def test_binomial_corrections_are_stirlings_series():
    # ln C(N, M) with p = M/N = x/(1+x): c_k = B_{k+1}/(k(k+1)) (1 - p^-k - (1-p)^-k)
    e = asymptotic_expansion(1 + x, 6)
    p = x / (1 + x)
    for k, c in enumerate(e.corrections, start=1):
        stirling = sp.bernoulli(k + 1) / (k * (k + 1)) * (1 - p**-k - (1 - p) ** -k)
        assert sp.cancel(c - stirling) == 0


def test_central_trinomial_first_correction_at_x_equal_one():
    # q = 3, u = 1: x* = 1, sigma^2 = 2/3, lambda_3 = 0, lambda_4 = -3/2, c_1 = -3/16
    e = asymptotic_expansion(1 + x + x**2, 1)
    assert e.saddle.rhs.subs(x, 1) == 1
    assert sp.exp(-2 * e.gaussian).subs(x, 1) == sp.Rational(4, 3) * sp.pi * e.leading.args[0]
    assert e.corrections[0].subs(x, 1) == sp.Rational(-3, 16)


def test_a002426_central_trinomial_asymptotics():
    # A002426: a(n) ~ 3^(n+1/2) / (2 sqrt(pi n)) (1 + c/n + ...); exact counts give
    # c = -3/16, the c_1 above (sigma^2 = 2/3).
    n = 2000
    a = int((flint.fmpz_poly([1, 1, 1]) ** n)[n])
    with mpmath.workdps(40):
        ratio = mpmath.mpf(a) * 2 * mpmath.sqrt(mpmath.pi * n) / mpmath.mpf(3) ** (n + 0.5)
        assert abs((ratio - 1) * n - mpmath.mpf(-3) / 16) < 1e-3
        # and the truncated expansion reproduces ln a(n) to O(n^-3)
        assert (
            abs(log_multiplicity_expansion(1 + x + x**2, n, n, 2, digits=40) - mpmath.log(a)) < 1e-9
        )


def test_result_object_is_immutable_and_prints_latex():
    e = asymptotic_expansion(1 + x, 2)
    assert isinstance(e, AsymptoticExpansion)
    with pytest.raises(AttributeError):
        e.K = 3  # type: ignore[misc]
    tex = e.latex()
    assert tex == latex(e)  # mesosym's printer: \ln throughout, as everywhere
    assert r"\log" not in tex
    assert tex.startswith(r"\ln \Omega\left(N, u N\right) = ")
    assert r"\frac{1}{N} \left(" in tex and r"O\left(N^{-3}\right)" in tex
    assert r"\frac{1}{N^{2}}" not in tex  # c_2 = 0 for the binomial is omitted
    assert e._repr_latex_().startswith("$\\displaystyle ")


def test_numeric_evaluation_agrees_with_the_symbolic_expression():
    e = asymptotic_expansion(1 + 2 * x + x**3, 3)
    N_val, u_val = 37, sp.Rational(13, 10)
    xs = sp.nsolve(e.saddle.rhs - u_val, x, 0.7, prec=40)
    symbolic = e.as_expr().subs({N: N_val, u: u_val, x: xs}).evalf(40)
    with mpmath.workdps(40):
        numeric = e.evaluate(N_val, u_val, digits=40)
        assert abs(mpmath.mpf(str(symbolic)) - numeric) < mpmath.mpf(10) ** -30


def test_shifted_support_and_symmetry():
    # x + x^2 = x (1 + x): Omega(N, M) = C(N, M - N)
    a = log_multiplicity_expansion(x + x**2, 40, 55, 3)
    b = log_multiplicity_expansion(1 + x, 40, 15, 3)
    assert abs(a - b) < mpmath.mpf(10) ** -25
    # u -> (q - 1) - u leaves Omega unchanged
    e = asymptotic_expansion(1 + x + x**2, 3)
    assert abs(e.evaluate(100, Fraction(3, 10)) - e.evaluate(100, Fraction(17, 10))) < 1e-25


# ---------------------------------------------------------------------------
# Convergence against exact counts: the error after K terms falls like N^-(K+1)
# ---------------------------------------------------------------------------

NS = [50, 100, 200, 400, 800, 1600]
CASES = {
    "trinomial-u=1": (1 + x + x**2, [1, 1, 1], Fraction(1)),
    "trinomial-u=1/2": (1 + x + x**2, [1, 1, 1], Fraction(1, 2)),
    "1+2x+x^3-u=1": (1 + 2 * x + x**3, [1, 2, 0, 1], Fraction(1)),
}


@pytest.fixture(scope="module")
def exact_values():
    return {
        name: [exact_log_omega(coeffs, n, int(u * n)) for n in NS]
        for name, (_, coeffs, u) in CASES.items()
    }


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("K", range(5))
def test_error_after_K_terms_falls_like_N_to_minus_K_plus_1(name, K, exact_values):
    P, _, u = CASES[name]
    e = asymptotic_expansion(P, K)
    with mpmath.workdps(50):
        errs = [
            abs(ex - e.evaluate(n, u, digits=50))
            for ex, n in zip(exact_values[name], NS, strict=True)
        ]
        assert all(err > mpmath.mpf(10) ** -40 for err in errs)  # above the arithmetic noise
        slope = mpmath.log(errs[-1] / errs[-2]) / mpmath.log(NS[-1] / NS[-2])
    assert abs(slope + (K + 1)) < 0.3


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "P, match",
    [
        (sp.sin(x), "P must be a polynomial"),
        (1 / (1 - x), "not a polynomial"),
        (sp.sqrt(x) + 1, "P must be a polynomial"),
        (x - 1, "non-negative integer coefficients"),
        (x / 2 + sp.Rational(1, 2), "non-negative integer coefficients"),
        (1.0 + x, "floating-point"),
        (sp.Integer(5), "does not depend on x"),
        (3 * x**2, "at least two nonzero terms"),
        (1 + x**2, "period 2"),
        ("1 + x", "mesosym.checking.parse.parse_expression"),
        (None, "P must be a SymPy expression"),
        ((1 - x**q) / (1 + x), "not one at q = 3"),
        (1 + x ** sp.Symbol("m", negative=True), "not a non-negative integer"),
    ],
)
def test_bad_polynomial_raises_domain_error(P, match):
    with pytest.raises(DomainError, match=match):
        asymptotic_expansion(P, 1)


def test_bad_var_order_and_counts():
    with pytest.raises(DomainError, match="var must be a SymPy Symbol"):
        cumulants(1 + x, 2, var=sp.Integer(2))
    with pytest.raises(DomainError, match="order must be an integer >= 1"):
        cumulants(1 + x, 0)
    e = asymptotic_expansion(1 + x + x**2, 1)
    with pytest.raises(DomainError, match="N must be an integer >= 1"):
        e.evaluate(0, 1)
    with pytest.raises(DomainError, match="N must be an integer >= 1"):
        e.evaluate(2.5, 1)


@pytest.mark.parametrize("u", [0, 2, -0.5, 2.5, float("nan"), float("inf")])
def test_u_at_or_beyond_the_edges_is_refused(u):
    e = asymptotic_expansion(1 + x + x**2, 1)
    with pytest.raises(DomainError, match=r"u must lie strictly inside the open interval \(0, 2\)"):
        e.evaluate(10, u)


def test_u_as_text_is_an_exact_decimal():
    e = asymptotic_expansion(1 + x + x**2, 1)
    assert e.evaluate(30, "0.3", digits=30) == e.evaluate(30, sp.Rational(3, 10), digits=30)
    assert e.evaluate(30, "1", digits=30) == e.evaluate(30, 1, digits=30)


@pytest.mark.parametrize("u", ["one", "1+1", sp.Symbol("z"), sp.I, sp.oo])
def test_u_not_a_real_number_is_refused(u):
    e = asymptotic_expansion(1 + x + x**2, 1)
    with pytest.raises(DomainError, match="u must be a real number"):
        e.evaluate(10, u)


def test_convenience_names_M_when_u_is_out_of_range():
    with pytest.raises(DomainError, match="M = 20 with N = 10: u must lie strictly inside"):
        log_multiplicity_expansion(1 + x + x**2, 10, 20, 1)


def test_symbolic_P_cannot_be_evaluated_numerically():
    e = asymptotic_expansion((1 - x**q) / (1 - x), 1)
    with pytest.raises(DomainError, match="concrete polynomial"):
        e.evaluate(10, 1)
