"""Tests of mesosym.numeric: float64 kernels, the mpmath reference and arb balls.

The chain of trust: closed forms (q = 2, 3, oo) and the roots of the saddle
polynomial (mpmath.polyroots / findroot, 60 digits) check ``precise``; ``precise``
at 50 digits checks the float64 kernels at every edge point of every q; ``arb``
balls must contain the 50-digit values.
"""

from __future__ import annotations

import math
from fractions import Fraction

import flint
import mpmath
import numpy as np
import pytest
import sympy as sp

import mesosym.numeric
from mesosym.errors import DomainError
from mesosym.numeric import arb, equispaced, precise
from mesosym.validation import as_fraction

QS = [2, 3, 4, 5, 10, 100, 1000, 10**4, 10**6]
QUANTITIES = {
    "s": (equispaced.entropy, precise.entropy),
    "beta": (equispaced.inverse_temperature, precise.inverse_temperature),
    "t": (equispaced.log_saddle_point, precise.log_saddle_point),
    "x": (equispaced.saddle_point, precise.saddle_point),
    "var": (equispaced.energy_variance, precise.energy_variance),
    "c": (equispaced.heat_capacity, precise.heat_capacity),
}
#: the accuracy the docstrings promise, for every quantity
RTOL = 2e-14


def edge_points(q: int) -> list[float]:
    """Return the edge points of the brief, as the float64 values actually passed."""
    us = (q - 1) / 2
    return [
        0.0,
        1e-300,
        1e-12,
        us * (1 - 1e-9),
        us,
        us * (1 + 1e-9),
        (q - 1) * (1 - 1e-12),
        q - 1 - 1e-300,  # == q - 1 in float64
        float(q - 1),
    ]


def sample_points(q: int, n: int = 12, seed: int = 0) -> list[float]:
    """Return uniform, log-spaced (near 0) and log-spaced (near u*) random points."""
    rng = np.random.default_rng(seed + q)
    us = (q - 1) / 2
    uni = rng.uniform(0, q - 1, n)
    low = np.exp(rng.uniform(math.log(1e-300), math.log(us), n // 2))
    mid = us - np.exp(rng.uniform(math.log(1e-15 * us), math.log(us), n // 2))
    return [float(x) for x in np.concatenate([uni, low, mid, q - 1 - low])]


def rel_err(got: float, ref: mpmath.mpf) -> float:
    if mpmath.isinf(ref) or ref == 0:
        return 0.0 if got == float(ref) else math.inf
    with mpmath.workdps(30):
        return float(abs((mpmath.mpf(got) - ref) / ref))


# ---------------------------------------------------------------------------
# precise.py against independent routes
# ---------------------------------------------------------------------------


def _mp(u: float | str | Fraction) -> mpmath.mpf:
    fr = as_fraction(u)
    return mpmath.mpf(fr.numerator) / fr.denominator


@pytest.mark.parametrize("u", ["1e-300", "1e-12", "0.1", "0.25", "0.4999999999", "0.7", "1e-300"])
def test_precise_two_levels_closed_form(u: str) -> None:
    for uu in (u, str(1 - Fraction(u))):  # both sides of u* = 1/2
        with mpmath.workdps(400):
            x = _mp(uu)
            s_ref = -x * mpmath.log(x) - (1 - x) * mpmath.log1p(-x)
            b_ref = mpmath.log1p(-x) - mpmath.log(x)
        with mpmath.workdps(60):
            assert abs(precise.entropy(uu, 2) / s_ref - 1) < mpmath.mpf(10) ** -48
            assert abs(precise.inverse_temperature(uu, 2) / b_ref - 1) < mpmath.mpf(10) ** -48


def _x_three_levels(u: mpmath.mpf) -> mpmath.mpf:
    """Eq. (25), rationalised so that it does not cancel as u -> 0; x(2-u) = 1/x(u)."""
    if u > 1:
        return 1 / _x_three_levels(2 - u)
    return 2 * u / (mpmath.sqrt(1 + 6 * u - 3 * u**2) + 1 - u)


@pytest.mark.parametrize("u", [1e-300, 1e-12, 0.3, 0.999999999, 1.0, 1.000000001, 1.7, 2 - 1e-12])
def test_precise_three_levels_closed_form(u: float) -> None:
    with mpmath.workdps(120):
        x = _x_three_levels(_mp(u))
        s_ref = mpmath.log1p(x + x * x) - _mp(u) * mpmath.log(x)
        b_ref = -mpmath.log(x)
    with mpmath.workdps(60):
        assert abs(precise.saddle_point(u, 3) / x - 1) < mpmath.mpf(10) ** -48
        assert abs(precise.entropy(u, 3) / s_ref - 1) < mpmath.mpf(10) ** -48
        if b_ref != 0:
            assert abs(precise.inverse_temperature(u, 3) / b_ref - 1) < mpmath.mpf(10) ** -48
        else:
            assert precise.inverse_temperature(u, 3) == 0


@pytest.mark.parametrize("q", [math.inf, np.inf, sp.oo])
@pytest.mark.parametrize("u", ["1e-300", "0.5", "1", "7", "1e200"])
def test_precise_einstein_solid(q: object, u: str) -> None:
    with mpmath.workdps(300):
        x = _mp(u)
        s_ref = (1 + x) * mpmath.log1p(x) - x * mpmath.log(x)
        b_ref = mpmath.log((1 + x) / x)
    with mpmath.workdps(60):
        assert abs(precise.entropy(u, q) / s_ref - 1) < mpmath.mpf(10) ** -48
        assert abs(precise.inverse_temperature(u, q) / b_ref - 1) < mpmath.mpf(10) ** -48
        assert abs(precise.saddle_point(u, q) / (x / (1 + x)) - 1) < mpmath.mpf(10) ** -48
        assert abs(precise.energy_variance(u, q) / (x * (1 + x)) - 1) < mpmath.mpf(10) ** -48


@pytest.mark.slow
@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 10])
def test_precise_against_polyroots(q: int) -> None:
    """The positive root of sum_k (k - u) x^k, found by mpmath.polyroots at 60 digits."""
    rng = np.random.default_rng(q)
    for u in rng.uniform(0.01, q - 1.01, 6):
        with mpmath.workdps(60):
            uu = _mp(float(u))
            coeffs = [k - uu for k in range(q - 1, -1, -1)]  # highest degree first
            roots = mpmath.polyroots(coeffs, maxsteps=200, extraprec=200)
            pos = [r.real for r in roots if abs(r.imag) < 1e-40 and r.real > 0]
            assert len(pos) == 1  # Descartes: one sign change
            x = pos[0]
            s_ref = mpmath.log(sum(x**k for k in range(q))) - uu * mpmath.log(x)
            assert abs(precise.saddle_point(float(u), q) / x - 1) < mpmath.mpf(10) ** -45
            assert abs(precise.entropy(float(u), q) / s_ref - 1) < mpmath.mpf(10) ** -45


@pytest.mark.parametrize("q", [4, 10, 100])
@pytest.mark.parametrize("u", ["1e-40", "1e-12"])
def test_precise_against_bracketed_findroot(q: int, u: str) -> None:
    """Edge points via findroot (Anderson, bracketed) on the polynomial itself, 80 digits.

    The unknown is scaled, ``x = u y``, so that the residual and the root are O(1).
    """
    with mpmath.workdps(80):
        uu = _mp(u)

        def poly(y: mpmath.mpf) -> mpmath.mpf:
            return mpmath.fsum((k - uu) * (uu * y) ** k for k in range(q)) / uu

        x = uu * mpmath.findroot(poly, (mpmath.mpf(1) / 2, mpmath.mpf(2)), solver="anderson")
        s_ref = mpmath.log1p(mpmath.fsum(x**k for k in range(1, q))) - uu * mpmath.log(x)
        assert abs(precise.saddle_point(u, q) / x - 1) < mpmath.mpf(10) ** -48
        assert abs(precise.entropy(u, q) / s_ref - 1) < mpmath.mpf(10) ** -48


@pytest.mark.parametrize("q", QS)
def test_precise_entropy_at_maximum_is_ln_q(q: int) -> None:
    with mpmath.workdps(50):
        assert precise.entropy(Fraction(q - 1, 2), q) == +mpmath.log(q)
        assert precise.inverse_temperature(Fraction(q - 1, 2), q) == 0
        assert precise.energy_variance(Fraction(q - 1, 2), q) == mpmath.mpf(q * q - 1) / 12


@pytest.mark.parametrize("q", [2, 3, 10, 1000, 10**6])
def test_precise_beta_is_ds_du(q: int) -> None:
    """beta eps = ds/du by central differences at 90 digits (h = 1e-22)."""
    h = Fraction(1, 10**22)
    for u in (Fraction(1, 10**6), Fraction(q - 1, 3), Fraction(q - 1, 2) + Fraction(1, 1000)):
        with mpmath.workdps(90):
            ds = (precise.entropy(u + h, q, digits=90) - precise.entropy(u - h, q, digits=90)) / (
                2 * mpmath.mpf(h.numerator) / h.denominator
            )
            beta = precise.inverse_temperature(u, q, digits=90)
            assert abs(ds / beta - 1) < mpmath.mpf(10) ** -30


@pytest.mark.parametrize("q", [2, 5, 1000])
def test_precise_variance_is_du_dt(q: int) -> None:
    """sigma^2 = du/dt: difference of u over the difference of t (at 60 digits)."""
    h = Fraction(1, 10**20)
    u = Fraction(q - 1, 5)
    with mpmath.workdps(60):
        dt = precise.log_saddle_point(u + h, q, digits=60) - precise.log_saddle_point(
            u - h, q, digits=60
        )
        du = 2 * mpmath.mpf(h.numerator) / h.denominator
        assert abs((du / dt) / precise.energy_variance(u, q, digits=60) - 1) < mpmath.mpf(10) ** -30


def test_precise_accepts_every_exact_type() -> None:
    ref = precise.entropy(Fraction(1, 4), 3)
    for u in (0.25, "0.25", "1/4", mpmath.mpf(0.25), sp.Rational(1, 4), np.float64(0.25)):
        assert precise.entropy(u, 3) == ref
    assert precise.entropy(1, 3) == precise.entropy(sp.Integer(1), 3)


def test_precise_more_digits_agree() -> None:
    with mpmath.workdps(100):
        a = precise.entropy("0.1", 7, digits=100)
        b = precise.entropy("0.1", 7, digits=50)
        assert abs(a - b) < mpmath.mpf(10) ** -49 * a


def test_precise_leaves_mp_precision_alone() -> None:
    before = mpmath.mp.dps
    precise.entropy("0.3", 5, digits=80)
    assert mpmath.mp.dps == before


@pytest.mark.parametrize(
    "u", [float("nan"), float("inf"), -1e-300, 3.0000001, "abc", None, True, 1 + 2j]
)
def test_precise_rejects_bad_u(u: object) -> None:
    with pytest.raises(DomainError, match="u"):
        precise.entropy(u, 4)


@pytest.mark.parametrize("q", [1, 0, 2.0, "3", sp.Symbol("q", positive=True, integer=True)])
def test_precise_rejects_bad_q(q: object) -> None:
    with pytest.raises(DomainError, match="q"):
        precise.entropy(0.5, q)


def test_precise_rejects_bad_dps() -> None:
    with pytest.raises(DomainError, match="digits"):
        precise.entropy(0.5, 3, digits=0)


# ---------------------------------------------------------------------------
# the float64 kernels against precise.py
# ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("q", QS)
@pytest.mark.parametrize("name", list(QUANTITIES))
def test_float_kernels_meet_stated_accuracy(q: int, name: str) -> None:
    fast, slow = QUANTITIES[name]
    pts = edge_points(q) + sample_points(q)
    got = fast(np.array(pts), q)
    bad = []
    for u, g in zip(pts, got, strict=True):
        err = rel_err(float(g), slow(u, q))
        if not err <= RTOL:
            bad.append((u, float(g), err))
    assert not bad, bad


@pytest.mark.slow
@pytest.mark.parametrize("q", [10**9, 2**53])
def test_float_kernels_beyond_a_million_levels(q: int) -> None:
    pts = edge_points(q) + sample_points(q, n=4)
    for name in ("s", "beta", "var"):
        fast, slow = QUANTITIES[name]
        got = fast(np.array(pts), q)
        assert all(rel_err(float(g), slow(u, q)) <= RTOL for u, g in zip(pts, got, strict=True))


@pytest.mark.parametrize("q", [math.inf, np.inf, sp.oo])
def test_float_einstein_solid(q: object) -> None:
    pts = [0.0, 1e-300, 1e-12, 0.5, 1.0, 3.0, 1e6, 1e300]
    for name, (fast, slow) in QUANTITIES.items():
        use = [u for u in pts if name != "var" or u < 1e150]
        got = fast(np.array(use), q)
        for u, g in zip(use, got, strict=True):
            assert rel_err(float(g), slow(u, q)) <= RTOL, (name, u)
    with pytest.raises(DomainError, match="overflows float64"):  # u (1 + u): no silent inf
        equispaced.energy_variance(np.array(pts), q)


@pytest.mark.parametrize("q", QS)
def test_float_values_at_the_maximum_and_the_edges(q: int) -> None:
    us = (q - 1) / 2
    assert equispaced.entropy(us, q) == math.log(q)
    assert equispaced.inverse_temperature(us, q) == 0.0
    assert equispaced.saddle_point(us, q) == 1.0
    assert equispaced.heat_capacity(us, q) == 0.0
    assert equispaced.energy_variance(us, q) == pytest.approx((q * q - 1) / 12, rel=1e-15)
    assert equispaced.entropy([0.0, q - 1.0], q).tolist() == [0.0, 0.0]
    assert equispaced.inverse_temperature([0.0, q - 1.0], q).tolist() == [math.inf, -math.inf]
    assert equispaced.log_saddle_point([0.0, q - 1.0], q).tolist() == [-math.inf, math.inf]
    assert equispaced.saddle_point([0.0, q - 1.0], q).tolist() == [0.0, math.inf]
    assert equispaced.energy_variance([0.0, q - 1.0], q).tolist() == [0.0, 0.0]
    assert equispaced.heat_capacity([0.0, q - 1.0], q).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("q", QS)
def test_float_symmetry_under_reflection(q: int) -> None:
    """u -> q-1-u: s, sigma^2 and c are even, beta and t odd, x -> 1/x (exactly here)."""
    pts = np.array(sample_points(q, n=50, seed=7))
    u = np.maximum(pts, (q - 1) - pts)  # the upper half, where q-1-u is exact
    r = (q - 1) - u
    assert np.array_equal(equispaced.entropy(u, q), equispaced.entropy(r, q))
    assert np.array_equal(equispaced.energy_variance(u, q), equispaced.energy_variance(r, q))
    assert np.array_equal(equispaced.heat_capacity(u, q), equispaced.heat_capacity(r, q))
    beta = equispaced.inverse_temperature(u, q)
    assert np.array_equal(beta, -equispaced.inverse_temperature(r, q))
    x, xr = equispaced.saddle_point(u, q), equispaced.saddle_point(r, q)
    inner = (x > 0) & (x < np.inf)
    np.testing.assert_allclose(x[inner] * xr[inner], 1.0, rtol=1e-15)


@pytest.mark.parametrize("q", [2, 3, 100, 10**6])
def test_float_shape_of_the_thermodynamics(q: int) -> None:
    """beta decreases, s is at most ln q, sigma^2 > 0 inside: on a dense grid."""
    u = np.linspace(0, q - 1, 200_001)
    beta = equispaced.inverse_temperature(u, q)
    s = equispaced.entropy(u, q)
    var = equispaced.energy_variance(u, q)
    assert np.all(np.diff(beta) < 0)
    assert np.all(s <= math.log(q) * (1 + 1e-15)) and np.all(s[1:-1] > 0)
    assert np.all(var[1:-1] > 0)
    # the Legendre pair: beta = ds/du (trapezoid rule on the grid)
    h = u[1] - u[0]
    ds = np.diff(s)
    mean_beta = 0.5 * (beta[1:] + beta[:-1])
    inner = slice(1000, -1000)
    np.testing.assert_allclose(ds[inner], mean_beta[inner] * h, rtol=1e-6, atol=1e-13)


def test_float_scalar_zero_d_and_two_d_shapes() -> None:
    s = equispaced.entropy(0.5, 3)
    assert isinstance(s, np.float64)
    assert isinstance(equispaced.entropy(np.array(0.5), 3), np.float64)
    assert isinstance(equispaced.entropy(1, 3), np.float64)  # an int u
    grid = np.linspace(0, 2, 12).reshape(3, 4)
    for fast, _ in QUANTITIES.values():
        out = fast(grid, 3)
        assert out.shape == (3, 4) and out.dtype == np.float64
        assert np.array_equal(out.ravel(), fast(grid.ravel(), 3), equal_nan=True)
        assert np.array_equal(out.ravel(), [fast(float(g), 3) for g in grid.ravel()])
    assert equispaced.entropy([], 3).shape == (0,)


@pytest.mark.slow
def test_float_large_arrays_match_small_ones() -> None:
    """The chunked path gives the very same numbers as short arrays."""
    rng = np.random.default_rng(3)
    u = rng.uniform(0, 999, 300_000)
    big = equispaced.entropy(u, 1000)
    small = np.concatenate([equispaced.entropy(c, 1000) for c in np.array_split(u, 300)])
    assert np.array_equal(big, small)


@pytest.mark.parametrize("fast", [q[0] for q in QUANTITIES.values()])
def test_float_invalid_raises_naming_the_index(fast: object) -> None:
    with pytest.raises(DomainError, match=r"u\[1\] = nan"):
        fast([0.5, np.nan, 1.0], 3)  # type: ignore[operator]
    with pytest.raises(DomainError, match=r"u\[6\] = 2\.5"):
        fast(np.array([[0.0, 1, 2, 0], [1, 1, 2.5, -1]]), 3)  # type: ignore[operator]
    with pytest.raises(DomainError, match=r"u = -1e-300"):
        fast(-1e-300, 3)  # type: ignore[operator]
    with pytest.raises(DomainError, match=r"u\[2\] = inf"):
        fast([0.5, 1.0, np.inf], math.inf)  # type: ignore[operator]


def test_float_invalid_nan_is_opt_in() -> None:
    u = np.array([[0.5, np.nan], [7.0, -1.0], [np.inf, 1.5]])
    out = equispaced.entropy(u, 3, invalid="nan")
    assert np.isnan(out).tolist() == [[False, True], [True, True], [True, False]]
    assert out[0, 0] == equispaced.entropy(0.5, 3)
    assert np.isnan(equispaced.inverse_temperature(np.inf, math.inf, invalid="nan"))
    with pytest.raises(DomainError, match="invalid"):
        equispaced.entropy(0.5, 3, invalid="ignore")


@pytest.mark.parametrize("q", [1, 2.0, "3", None, sp.Symbol("q", positive=True, integer=True)])
def test_float_rejects_bad_q(q: object) -> None:
    with pytest.raises(DomainError, match="q"):
        equispaced.entropy(0.5, q)


def test_float_regression_u_star_neighbours_keep_relative_accuracy() -> None:
    """One ulp from u*, beta ~ 12 (u - u*)/q^2 must still be relatively accurate."""
    for q in (3, 1000, 10**6):
        us = (q - 1) / 2
        for u in (np.nextafter(us, 0), np.nextafter(us, np.inf)):
            got = equispaced.inverse_temperature(u, q)
            assert rel_err(float(got), precise.inverse_temperature(float(u), q)) <= RTOL


@pytest.mark.parametrize("q", [2, 3, 7, 40, 977, 10**5, 10**8, 10**12, 2**53])
def test_float_one_newton_step_is_converged(q: int) -> None:
    """Three more Newton steps move a = |t| by no more than rounding, on a dense sweep."""
    sq = equispaced._system(float(q))
    us = (q - 1) / 2
    v = np.concatenate(
        [np.linspace(0, us, 20_001)[1:-1], us * np.exp(-np.linspace(0, 690, 4_000))[1:]]
    )
    a = equispaced.inverse_temperature(v, q)
    in_a = v < sq.v_split
    aa, va = a[in_a], v[in_a]
    ab, db = a[~in_a], sq.ustar - v[~in_a]
    with np.errstate(all="ignore"):
        for _ in range(3):
            g, vg = equispaced._region_a(aa, float(q))[:2]
            aa = aa + (g / va - 1) / (vg * g / va)
            d_of_a, var = equispaced._region_b(ab, float(q), 11)[:2]
            ab = ab + (db - d_of_a) / var
    assert np.max(np.abs(aa / a[in_a] - 1)) < 4e-15
    assert np.max(np.abs(ab[ab > 0] / a[~in_a][ab > 0] - 1)) < 4e-15


def test_float_regression_horner_with_a_single_term() -> None:
    """_horner(z, c, 1) used to run over every coefficient (q > ~1e10 asks for one term)."""
    z = np.array([0.0, 0.5])
    assert equispaced._horner(z, equispaced._P1, 1).tolist() == [1 / 6, 1 / 6]
    assert equispaced._horner(z, equispaced._P1, 2).tolist() == [1 / 6, 1 / 6 + 0.5 / 120]


# ---------------------------------------------------------------------------
# certified balls
# ---------------------------------------------------------------------------

ARB = {
    "s": arb.entropy,
    "beta": arb.inverse_temperature,
    "x": arb.saddle_point,
    "t": arb.log_saddle_point,
}


@pytest.mark.slow
@pytest.mark.parametrize("q", [2, 3, 10, 1000, 10**6, math.inf])
def test_arb_balls_contain_the_50_digit_values_and_are_narrow(q: float) -> None:
    pts = (
        edge_points(q) + sample_points(q, n=2) if q != math.inf else [0.0, 1e-300, 0.5, 3.0, 1e300]
    )
    old = flint.ctx.prec
    for name, f in ARB.items():
        _, slow = QUANTITIES[name]
        for u in pts:
            ball = f(u, q)  # 128 bits
            assert flint.ctx.prec == old
            ref = slow(u, q, digits=110)  # beyond the narrowest ball (~2**-330)
            if mpmath.isinf(ref):
                assert not ball.is_finite() and (ball > 0) == (ref > 0), (name, u)
                continue
            flint.ctx.prec = 400
            try:
                point = flint.arb(mpmath.nstr(ref, 110, min_fixed=-1, max_fixed=0))
                assert ball.overlaps(point), (name, u, ball, ref)
                assert ball.rad() <= abs(point) * flint.arb(2) ** -118 or ref == 0, (name, u)
            finally:
                flint.ctx.prec = old


def test_arb_digits_keyword_and_precision_scoping() -> None:
    old = flint.ctx.prec
    ball = arb.entropy("0.1", 5, digits=60)
    assert flint.ctx.prec == old
    with mpmath.workdps(120):
        ref = precise.entropy("0.1", 5, digits=120)
        point = mpmath.nstr(ref, 120, min_fixed=-1, max_fixed=0)
    flint.ctx.prec = 500
    try:
        assert ball.contains(flint.arb(point))
        assert ball.rad() < flint.arb(10) ** -59
    finally:
        flint.ctx.prec = old
    with pytest.raises(DomainError, match="prec"):
        arb.entropy(0.1, 5, prec=64, digits=20)
    with pytest.raises(DomainError, match="u"):
        arb.entropy(7, 5)
    assert flint.ctx.prec == old


def test_arb_exact_points() -> None:
    assert arb.inverse_temperature(1, 3) == 0
    assert arb.saddle_point(1, 3) == 1
    assert arb.entropy(0, 3) == 0
    assert arb.entropy(1, 3).overlaps(flint.arb(3).log())


# -- numeric.evaluator: one entry point for every backend -----------------------------
@pytest.mark.parametrize(("name", "options"), [("numpy", {}), ("mpmath", {"digits": 20})])
def test_evaluator_takes_short_and_long_names(name, options):
    from mesosym.numeric import QUANTITIES

    for short, long in QUANTITIES.items():
        a = mesosym.numeric.evaluator(3, short, name, **options)(0.75)
        b = mesosym.numeric.evaluator(3, long, name, **options)(0.75)
        assert a == b, (short, long)
    # the entropy against its closed form at q = 2, eq. (22): s(1/4) = ln 4 - (3/4) ln 3
    s = mesosym.numeric.evaluator(2, "entropy", name, **options)(0.25)
    assert abs(float(s) - (math.log(4) - 0.75 * math.log(3))) < 1e-15


def test_evaluator_refuses_an_unknown_quantity_naming_the_offer():
    with pytest.raises(DomainError, match=r"offers x, t, s, .*got 'free_energy'"):
        mesosym.numeric.evaluator(3, "free_energy", "mpmath")
