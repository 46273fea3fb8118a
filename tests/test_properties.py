"""Property-based tests of the invariants every spectrum must satisfy (hypothesis).

* a row of multiplicities sums to ``P(1)^N = (sum g)^N``;
* a symmetric spectrum (``g_k = g_{d-k}``) has a palindromic row, ``s(u) = s(d - u)``
  and ``beta(u) = -beta(d - u)``;
* the three backends (float64, mpmath, arb) agree with one another to their stated
  precision on random spectra and energies, the edges ``0``, ``d``, ``u*`` and
  points next to them included.

The examples are few (``max_examples`` modest) so that the file runs in seconds.
"""

from __future__ import annotations

from fractions import Fraction

import flint
import mpmath
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesosym import EquispacedLevels, Spectrum
from mesosym.numeric import QUANTITIES

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def spectra(draw, symmetric: bool = False, max_degree: int = 6) -> list[int]:
    """Degeneracies g_0..g_d with g_0, g_d >= 1 (gaps allowed)."""
    d = draw(st.integers(1, max_degree))
    g = [draw(st.integers(0, 12)) for _ in range(d + 1)]
    g[0] = max(g[0], 1)
    g[-1] = max(g[-1], 1)
    if symmetric:
        g = [max(a, b) for a, b in zip(g, reversed(g), strict=True)]
    return g


@st.composite
def energies(draw, g: list[int]) -> Fraction:
    """An energy in [0, d]: an edge, u*, a point next to one, or a random rational."""
    d = len(g) - 1
    ustar = Fraction(sum(k * gk for k, gk in enumerate(g)), sum(g))
    tiny = Fraction(1, 10 ** draw(st.integers(3, 250)))
    special = [Fraction(0), Fraction(d), ustar, tiny, d - tiny, ustar + tiny * ustar]
    random_point = Fraction(draw(st.integers(0, 10**6)), 10**6) * d
    return draw(st.sampled_from([*special, random_point]))


@SETTINGS
@given(g=spectra(), N=st.integers(0, 12))
def test_row_sums_to_p1_to_the_n(g: list[int], N: int) -> None:
    assert sum(Spectrum(g).multiplicities(N)) == sum(g) ** N


@SETTINGS
@given(q=st.integers(2, 9), N=st.integers(0, 15))
def test_equispaced_row_sums_to_q_to_the_n_and_is_a_palindrome(q: int, N: int) -> None:
    row = EquispacedLevels(q).multiplicities(N)
    assert sum(row) == q**N
    assert row == row[::-1]


@SETTINGS
@given(g=spectra(symmetric=True), N=st.integers(0, 10))
def test_symmetric_spectrum_row_is_a_palindrome(g: list[int], N: int) -> None:
    row = Spectrum(g).multiplicities(N)
    assert row == row[::-1]


@pytest.mark.slow
@SETTINGS
@given(data=st.data(), g=spectra(symmetric=True))
def test_symmetric_spectrum_entropy_even_and_beta_odd(data: st.DataObject, g: list[int]) -> None:
    spec = Spectrum(g)
    d = len(g) - 1
    u = data.draw(energies(g))
    s = spec.entropy_function("mpmath", digits=30)
    beta = spec.inverse_temperature_function("mpmath", digits=30)
    with mpmath.workdps(30):
        assert abs(s(u) - s(d - u)) <= mpmath.mpf(10) ** -28 * max(1, abs(s(u)))
        assert beta(u) == -beta(d - u) or abs(beta(u) + beta(d - u)) <= mpmath.mpf(10) ** -28 * abs(
            beta(u)
        )
    fs = spec.entropy_function("numpy")
    fb = spec.inverse_temperature_function("numpy")
    x = float(u)
    if float(d - u) == d - Fraction(x):  # the reflected float is exact
        assert abs(fs(x) - fs(d - x)) <= 2e-13 * max(1.0, abs(fs(x)))
        b1, b2 = float(fb(x)), float(fb(d - x))
        assert b1 == -b2 or abs(b1 + b2) <= 2e-13 * abs(b1)


def _close(a: mpmath.mpf, b: mpmath.mpf, rtol: float) -> bool:
    if mpmath.isinf(a) or mpmath.isinf(b) or a == 0 or b == 0:
        return a == b or abs(a - b) <= rtol * 1e-300
    return abs(a / b - 1) <= rtol


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), g=spectra(max_degree=5), equispaced=st.booleans())
def test_every_backend_agrees_with_every_other(
    data: st.DataObject, g: list[int], equispaced: bool
) -> None:
    spec: Spectrum = EquispacedLevels(len(g)) if equispaced else Spectrum(g)
    g = list(spec.degeneracies)
    u = data.draw(energies(g))
    x = float(u)  # the float64 backend sees the nearest double, so do the others
    name = data.draw(st.sampled_from(list(QUANTITIES.values())))
    reference = getattr(spec, f"{name}_function")("mpmath", digits=40)(x)
    with mpmath.workdps(40):
        fast = float(getattr(spec, f"{name}_function")("numpy")(x))
        assert _close(mpmath.mpf(fast), reference, 1e-13), (g, x, name, fast, reference)
        precise = getattr(spec, f"{name}_function")("mpmath", digits=25)(x)
        assert _close(precise, reference, 1e-24), (g, x, name)
    ball = getattr(spec, f"{name}_function")("arb", digits=30)(x)
    if mpmath.isinf(reference):
        assert not ball.is_finite()
        return
    old = flint.ctx.prec
    flint.ctx.prec = 200
    try:
        point = flint.arb(mpmath.nstr(reference, 40, min_fixed=-1, max_fixed=0))
        gap = abs(ball.mid() - point) - ball.rad()
        assert gap <= abs(point) * flint.arb(10) ** -39 + flint.arb(10) ** -4000, (g, x, name)
        assert ball.rad() <= abs(point) * flint.arb(10) ** -29 or reference == 0, (g, x, name)
    finally:
        flint.ctx.prec = old
