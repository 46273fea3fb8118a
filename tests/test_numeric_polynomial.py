"""Tests of mesosym.numeric.polynomial: float64 saddle-point kernels for any integer spectrum.

The reference is independent of the code under test: the saddle equation
``m(t) = u`` solved in mpmath at 75 digits by bisection on the bracket
``m(lo) < u < m(hi)`` followed by Newton's method, with all sums formed from the
exact degeneracies (``_reference``).  It is itself checked against closed forms
(two levels, a gapped spectrum), against the one mpmath solver
:mod:`mesosym.numeric.precise` (all six of its quantities), and the equispaced
spectra are compared with :mod:`mesosym.numeric.equispaced`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import mpmath
import numpy as np
import pytest
import sympy as sp

from mesosym.errors import DomainError
from mesosym.numeric import equispaced, precise
from mesosym.numeric import polynomial as poly

FUNCS = {
    "t": poly.log_saddle_point,
    "beta": poly.inverse_temperature,
    "x": poly.saddle_point,
    "s": poly.entropy,
    "var": poly.energy_variance,
    "c": poly.heat_capacity,
}
#: the accuracy the docstrings promise, for every quantity
RTOL = 1e-13


# ---------------------------------------------------------------------------
# the independent reference
# ---------------------------------------------------------------------------


def _mp(v: object) -> mpmath.mpf:
    fr = Fraction(v)  # exact for ints, floats and Fractions
    return mpmath.mpf(fr.numerator) / fr.denominator


@lru_cache(maxsize=4096)
def _reference(g: tuple, u: float) -> dict[str, mpmath.mpf]:
    """Return t, beta, x, s, var and c at 0 < u < d to 50+ digits."""
    d = len(g) - 1
    with mpmath.workdps(75):
        G = [_mp(gk) for gk in g]
        U = _mp(u)

        def moments(t: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
            x = mpmath.exp(t)
            w, xk = [], mpmath.mpf(1)
            for gk in G:
                w.append(gk * xk)
                xk *= x
            W = mpmath.fsum(w)
            m = mpmath.fsum(k * wk for k, wk in enumerate(w)) / W
            v = mpmath.fsum((k - m) ** 2 * wk for k, wk in enumerate(w)) / W
            return m, v

        lo, hi = mpmath.mpf(-1), mpmath.mpf(1)
        while moments(lo)[0] > U:
            lo *= 2
        while moments(hi)[0] < U:
            hi *= 2
        for _ in range(60):
            mid = (lo + hi) / 2
            if moments(mid)[0] > U:
                hi = mid
            else:
                lo = mid
        t = (lo + hi) / 2
        for _ in range(40):
            m, v = moments(t)
            step = (m - U) / v
            t -= step
            if abs(step) <= abs(t) * mpmath.mpf(10) ** -65:
                break
        m, v = moments(t)
        # s as the log of a sum of positive terms, with log1p: s may be ~1e-300
        if t < 0:
            rest = mpmath.fsum(gk / G[0] * mpmath.exp(k * t) for k, gk in enumerate(G) if k)
            s = mpmath.log(G[0]) + mpmath.log1p(rest) - U * t
        else:
            rest = mpmath.fsum(
                gk / G[d] * mpmath.exp((k - d) * t) for k, gk in enumerate(G) if k < d
            )
            s = mpmath.log(G[d]) + mpmath.log1p(rest) + (d - U) * t
        return {"t": t, "beta": -t, "x": mpmath.exp(t), "s": s, "var": v, "c": t * t * v}


def rel_err(got: float, ref: mpmath.mpf) -> float:
    if ref == 0:
        return 0.0 if got == 0 else math.inf
    with mpmath.workdps(30):
        return float(abs((mpmath.mpf(float(got)) - ref) / ref))


def u_star(g: list) -> float:
    G = [Fraction(x) for x in g]
    return float(sum(k * x for k, x in enumerate(G)) / sum(G))


def edge_points(g: list) -> list[float]:
    """The edge points of the brief (as the floats actually passed), inside (0, d)."""
    d = len(g) - 1
    us = u_star(g)
    pts = [1e-300, 1e-12, us * (1 - 1e-9), us * (1 + 1e-9), d * (1 - 1e-12), d - 1e-300]
    return [u for u in pts if 0 < u < d]


def sample_points(g: list, n: int = 6, seed: int = 0) -> list[float]:
    """Uniform, log-spaced near both edges and log-spaced near u*."""
    d = len(g) - 1
    us = u_star(g)
    rng = np.random.default_rng(seed + 17 * d)
    uni = rng.uniform(0, d, n)
    low = np.exp(rng.uniform(math.log(1e-200), math.log(us), n // 2))
    high = d - np.exp(rng.uniform(math.log(1e-15 * d), math.log(d - us), n // 2))
    mid = us * (
        1 + np.exp(rng.uniform(math.log(1e-15), math.log(0.3), n // 2)) * (-1) ** np.arange(n // 2)
    )
    return [float(u) for u in np.concatenate([uni, low, high, mid]) if 0 < u < d]


def check_against_reference(g: list, points: list[float], rtol: float = RTOL) -> None:
    got = {k: f(np.array(points), g) for k, f in FUNCS.items()}
    for i, u in enumerate(points):
        ref = _reference(tuple(g), u)
        for k in FUNCS:
            err = rel_err(got[k][i], ref[k])
            assert err <= rtol, f"{k} at u = {u!r} for {g if len(g) < 12 else len(g)}: {err:.2e}"


# ---------------------------------------------------------------------------
# the reference against closed forms and the symbolic layer
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("u", [1e-300, 1e-12, 0.25, 0.5 - 1e-12, 0.7, 1 - 1e-12])
def test_reference_two_levels_closed_form(u: float) -> None:
    ref = _reference((1, 1), u)
    with mpmath.workdps(60):
        U = _mp(u)
        assert abs(ref["x"] / (U / (1 - U)) - 1) < mpmath.mpf(10) ** -55
        s = -U * mpmath.log(U) - (1 - U) * mpmath.log1p(-U)
        assert abs(ref["s"] / s - 1) < mpmath.mpf(10) ** -55
        assert abs(ref["var"] / (U * (1 - U)) - 1) < mpmath.mpf(10) ** -55


@pytest.mark.parametrize("g", [[1, 2, 0, 1], [3, 1, 0, 0, 2], [1] * 7])
def test_reference_agrees_with_the_mpmath_solver(g: list[int]) -> None:
    d = len(g) - 1
    for u in (1e-200, 0.1, 1.3, d * 0.5, d - 1e-9, d * (1 - 1e-15)):
        ref = _reference(tuple(g), u)
        for key in ("x", "t", "beta", "s", "var", "c"):
            with mpmath.workdps(50):
                got = precise.evaluate(g, key, u, digits=50)
                ustar = Fraction(sum(k * gk for k, gk in enumerate(g)), sum(g))
                if key in ("t", "beta", "c") and Fraction(u) == ustar:  # exactly 0 at u*
                    assert got == 0, (g, u, key)
                    continue
                assert abs(got / ref[key] - 1) < mpmath.mpf(10) ** -45, (g, u, key)


# ---------------------------------------------------------------------------
# closed forms
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("g", [[1, 1], [3, 1], [Fraction(1, 3), 7]])
def test_two_levels_closed_form(g: list) -> None:
    """P = a + b x: x* = a u / (b (1 - u)), s = -u ln(b u) ... written from x*."""
    a, b = _mp(g[0]), _mp(g[1])
    us = [1e-300, 1e-12, 0.25, 0.5, 0.75, 1 - 1e-12]
    got = {k: f(us, g) for k, f in FUNCS.items()}
    for i, u in enumerate(us):
        with mpmath.workdps(60):
            U = _mp(u)
            x = a * U / (b * (1 - U))
            t = mpmath.log(a / b) + mpmath.log(U) - mpmath.log1p(-U)
            s = mpmath.log(a) - mpmath.log1p(-U) - U * t  # ln(a + b x) = ln a - ln(1 - u)
            ref = {"t": t, "beta": -t, "x": x, "s": s, "var": U * (1 - U), "c": t * t * U * (1 - U)}
        for k in FUNCS:
            if ref[k] == 0:
                assert got[k][i] == 0
            else:
                assert rel_err(got[k][i], ref[k]) <= RTOL, (k, u)


def test_two_levels_half_filling_is_ln_2() -> None:
    assert poly.entropy(0.5, [1, 1]) == pytest.approx(math.log(2), rel=1e-15, abs=0)
    assert poly.inverse_temperature(0.5, [1, 1]) == 0.0
    assert poly.saddle_point(0.5, [1, 1]) == 1.0


@pytest.mark.parametrize("u", [1e-300, 1e-12, 0.5, 1.0, 4 / 3, 1.5, 2 - 1e-12])
def test_gap_closed_form(u: float) -> None:
    """P = 2 + x^2 (support {0, 2}): x*^2 = 2u/(2 - u)."""
    with mpmath.workdps(60):
        U = _mp(u)
        t = (mpmath.log(2 * U) - mpmath.log(2 - U)) / 2
        s = mpmath.log(2) - mpmath.log1p(-U / 2) - U * t  # ln(2 + x^2) = ln 2 - ln(1 - u/2)
        var = U * (2 - U)  # 4 p (1 - p) with p = u/2
    if t == 0:  # u* = 2/3: not a float, so never hit exactly
        pytest.skip("u* is not a float")
    assert rel_err(poly.log_saddle_point(u, [2, 0, 1]), t) <= RTOL
    assert rel_err(poly.entropy(u, [2, 0, 1]), s) <= RTOL
    assert rel_err(poly.energy_variance(u, [2, 0, 1]), var) <= RTOL


# ---------------------------------------------------------------------------
# agreement with the equispaced kernels
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("q", [3, 10])
def test_equispaced_agreement(q: int) -> None:
    g = [1] * q
    us = edge_points(g) + sample_points(g, 10, seed=q) + [(q - 1) / 2]
    for name in ("s", "beta", "t", "x", "var", "c"):
        got = FUNCS[name](us, g)
        ref = {
            "s": equispaced.entropy,
            "beta": equispaced.inverse_temperature,
            "t": equispaced.log_saddle_point,
            "x": equispaced.saddle_point,
            "var": equispaced.energy_variance,
            "c": equispaced.heat_capacity,
        }[name](us, q)
        both_zero = (got == 0) & (ref == 0)
        err = np.abs(got - ref) / np.where(both_zero, 1.0, np.abs(ref))
        assert err.max() <= 1e-14, (name, us[int(err.argmax())], err.max())


@pytest.mark.slow
def test_equispaced_agreement_ten_thousand_levels() -> None:
    q = 10_001
    g = [1] * q
    us = np.array([1e-12, 0.3, 17.5, 4999.9, 5000 * (1 + 1e-9), 9000.0, (q - 1) * (1 - 1e-12)])
    for f, fe in (
        (poly.entropy, equispaced.entropy),
        (poly.inverse_temperature, equispaced.inverse_temperature),
    ):
        got, ref = f(us, g), fe(us, q)
        assert np.max(np.abs(got / ref - 1)) <= 1e-13


# ---------------------------------------------------------------------------
# against the 50-digit reference
# ---------------------------------------------------------------------------

SPECTRA = [
    [1, 1],
    [1, 1, 1],
    [1, 3, 3, 1],
    [2, 0, 1],
    [1, 2, 0, 1],
    [5, 1, 7],
    [3, 0, 0, 1, 0, 0, 0, 2],
    [1, 10**10, 1],
    [math.comb(40, k) for k in range(41)],
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "g", SPECTRA, ids=lambda g: str(g) if len(g) < 9 else f"binomial{len(g) - 1}"
)
def test_against_reference(g: list) -> None:
    check_against_reference(g, edge_points(g) + sample_points(g))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_random_integer_degeneracies(seed: int) -> None:
    rng = np.random.default_rng(seed)
    d = int(rng.integers(2, 40))
    g = [int(x) for x in rng.integers(0, 6, d + 1)]
    g[0], g[-1] = max(g[0], 1), max(g[-1], 1)
    check_against_reference(g, edge_points(g) + sample_points(g, 4, seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_random_real_degeneracies(seed: int) -> None:
    """Log-normal degeneracies >= 1 (so s does not cross 0; see the module docstring)."""
    rng = np.random.default_rng(100 + seed)
    d = int(rng.integers(2, 40))
    g = [float(x) for x in 1 + rng.lognormal(0, 4, d + 1)]
    check_against_reference(g, edge_points(g) + sample_points(g, 4, seed))


@pytest.mark.slow
def test_thousand_levels() -> None:
    g = [1] * 1000
    check_against_reference(g, edge_points(g) + sample_points(g, 2))


def test_degeneracies_below_one_entropy_absolute() -> None:
    """With g_d < 1 the entropy crosses 0; its error is absolute (module docstring)."""
    g = [0.001, 0.002, 0.5, 1e-5]
    pts = edge_points(g) + sample_points(g, 6)
    s = poly.entropy(pts, g)
    scale = max(abs(math.log(x)) for x in g)
    for u, si in zip(pts, s, strict=True):
        assert abs(mpmath.mpf(float(si)) - _reference(tuple(g), u)["s"]) <= 1e-13 * scale


@pytest.mark.slow
def test_beta_relative_next_to_u_star() -> None:
    """u - u* is exact: beta keeps relative accuracy 1 ulp away from u*."""
    for g in ([1, 2, 0, 1], [5, 1, 7], [1] * 100):
        us = u_star(g)
        pts = [float(np.nextafter(us, 0)), float(np.nextafter(us, len(g))), us * (1 + 1e-15)]
        beta = poly.inverse_temperature(pts, g)
        for u, b in zip(pts, beta, strict=True):
            assert rel_err(b, _reference(tuple(g), u)["beta"]) <= RTOL


def test_huge_integer_degeneracies() -> None:
    g = [1, 10**400, 1]  # beyond float range: taken exactly
    for u in (1e-12, 0.5, 1.7):
        ref = _reference(tuple(g), u)
        assert rel_err(poly.entropy(u, g), ref["s"]) <= RTOL
        assert rel_err(poly.inverse_temperature(u, g), ref["beta"]) <= RTOL


# ---------------------------------------------------------------------------
# edges and special points
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("g", [[1, 1], [2, 0, 1], [5, 1, 7], [1, 2, 0, 1]])
def test_edge_values(g: list) -> None:
    d = len(g) - 1
    u = [0.0, float(d)]
    assert list(poly.entropy(u, g)) == [math.log(g[0]), math.log(g[-1])]
    assert list(poly.inverse_temperature(u, g)) == [math.inf, -math.inf]
    assert list(poly.log_saddle_point(u, g)) == [-math.inf, math.inf]
    assert list(poly.saddle_point(u, g)) == [0.0, math.inf]
    assert list(poly.energy_variance(u, g)) == [0.0, 0.0]
    assert list(poly.heat_capacity(u, g)) == [0.0, 0.0]


def test_ground_level_degeneracy_gives_ln_g0() -> None:
    """Documented: s(0) = ln g_0, not 0; and s is continuous there."""
    assert poly.entropy(0.0, [5, 1, 7]) == math.log(5)
    assert poly.entropy(1e-300, [5, 1, 7]) == pytest.approx(math.log(5), rel=1e-15)


@pytest.mark.parametrize("g", [[1, 3, 3, 1], [1] * 8, [2, 1, 2]])
def test_u_star_exact(g: list) -> None:
    """u* = P'(1)/P(1) is a float here: beta = +0.0, s = ln P(1)."""
    us = u_star(g)
    beta = poly.inverse_temperature(us, g)
    assert beta == 0.0 and math.copysign(1.0, beta) == 1.0
    assert poly.log_saddle_point(us, g) == 0.0
    assert poly.saddle_point(us, g) == 1.0
    assert poly.entropy(us, g) == pytest.approx(math.log(sum(g)), rel=1e-15)
    G = [Fraction(x) for x in g]
    var = sum((k - Fraction(us)) ** 2 * x for k, x in enumerate(G)) / sum(G)
    assert poly.energy_variance(us, g) == pytest.approx(float(var), rel=1e-15)
    assert poly.heat_capacity(us, g) == 0.0


def test_subnormal_u_does_not_fail() -> None:
    """Subnormal u: absolute accuracy only, but no failure (2 - 1e-310 == 2.0)."""
    out = poly.entropy([5e-324, 1e-310, 2 - 1e-310], [1, 2, 1])
    ref = _reference((1, 2, 1), 1e-310)["s"]
    assert out[0] > 0 and abs(out[1] - float(ref)) <= 1e-12 * float(ref) and out[2] == 0.0
    assert np.isfinite(poly.inverse_temperature([5e-324, 1e-310], [1, 0, 2])).all()


# ---------------------------------------------------------------------------
# shapes, types and invalid input
# ---------------------------------------------------------------------------


def test_shapes() -> None:
    g = [1, 2, 0, 1]
    s = poly.entropy(1.0, g)
    assert isinstance(s, np.float64)
    assert poly.entropy([0.5, 1.0], g).shape == (2,)
    grid = np.linspace(0, 3, 12).reshape(3, 4)
    out = poly.entropy(grid, g)
    assert out.shape == (3, 4)
    assert np.array_equal(out.ravel(), poly.entropy(grid.ravel(), g))
    assert poly.entropy(np.zeros((0, 3)), g).shape == (0, 3)


def test_chunking_does_not_change_results() -> None:
    g = [1] * 30
    u = np.random.default_rng(5).uniform(0, 29, 20000)
    whole = poly.entropy(u, g)
    parts = np.concatenate([poly.entropy(u[i : i + 7], g) for i in range(0, 70, 7)])
    assert np.max(np.abs(whole[:70] / parts - 1)) <= 1e-15


def test_degeneracy_types_are_exact() -> None:
    ref = poly.entropy(0.7, [1, 2, 0, 1])
    for g in (
        (1, 2, 0, 1),
        [1.0, 2.0, 0.0, 1.0],
        np.array([1, 2, 0, 1]),
        [Fraction(1), Fraction(2), 0, 1],
        [sp.Integer(1), sp.Integer(2), sp.Integer(0), sp.Integer(1)],
    ):
        assert poly.entropy(0.7, g) == ref
    # scaling every g by a constant shifts s by its log and leaves beta alone
    s3 = poly.entropy(0.7, [Fraction(1, 3), Fraction(2, 3), 0, Fraction(1, 3)])
    assert s3 == pytest.approx(ref - math.log(3), rel=1e-15)


@pytest.mark.parametrize("bad", [float("nan"), -0.1, 3.5, math.inf, -math.inf])
def test_invalid_u_raises_naming_index(bad: float) -> None:
    with pytest.raises(DomainError, match=r"u\[1\]") as info:
        poly.entropy([0.5, bad, 1.0], [1, 2, 0, 1])
    assert "[0, 3]" in str(info.value)
    with pytest.raises(DomainError, match=r"\bu = "):
        poly.entropy(bad, [1, 2, 0, 1])


def test_invalid_nan_mode() -> None:
    g = [1, 2, 0, 1]
    out = poly.inverse_temperature([0.5, float("nan"), 4.0, -1.0, 0.0, math.inf], g, invalid="nan")
    assert np.isnan(out[[1, 2, 3, 5]]).all()
    assert out[4] == math.inf
    assert out[0] == poly.inverse_temperature(0.5, g)
    with pytest.raises(DomainError, match="invalid"):
        poly.entropy(0.5, g, invalid="ignore")


def test_non_numeric_u() -> None:
    with pytest.raises(DomainError, match="u must be"):
        poly.entropy("half", [1, 1])


@pytest.mark.parametrize(
    ("g", "match"),
    [
        ([1, -1, 1], r"degeneracies\[1\] must be >= 0"),
        ([], "at least two levels"),
        ([1], "at least two levels"),
        ([0, 1], r"degeneracies\[0\] must be > 0"),
        ([1, 2, 0], r"degeneracies\[2\] must be > 0.*trailing zeros"),
        ([1, "a", 1], r"degeneracies\[1\] must be a real number"),
        ([1, "2", 1], r"degeneracies\[1\] must be a real number"),
        ([1, None], r"degeneracies\[1\]"),
        ([1, 1j], r"degeneracies\[1\]"),
        ([1, True], r"degeneracies\[1\]"),
        ([1, float("nan")], r"degeneracies\[1\] must be a finite"),
        ([1, math.inf], r"degeneracies\[1\] must be a finite"),
        ("11", "degeneracies must be a sequence"),
        (3, "degeneracies must be a sequence"),
        (np.ones((2, 2)), "one-dimensional"),
        (np.array(1.0), "one-dimensional"),
    ],
)
def test_invalid_degeneracies(g: object, match: str) -> None:
    with pytest.raises(DomainError, match=match):
        poly.entropy(0.5, g)
