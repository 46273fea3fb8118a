"""Exact counts, the saddle point and the numeric backends tell one consistent story."""

import math

import flint
import mpmath
import numpy as np
import pytest
import sympy as sp

from mesosym import DomainError, EquispacedLevels, Spectrum
from mesosym.symbols import u


@pytest.mark.parametrize(
    ("qq", "uu"),
    [
        (2, sp.Rational(1, 4)),
        (3, sp.Rational(1, 2)),
        (5, sp.Rational(3, 1)),
        (7, sp.Rational(5, 4)),
    ],
)
def test_log_omega_per_particle_approaches_entropy(qq, uu):
    lv = EquispacedLevels(qq)
    s_exact = float(sp.N(lv.entropy(implicit=True).subs(u, uu), 30))
    errors = []
    for N in (40, 160, 640):
        M = int(uu * N)
        errors.append(abs(lv.log_multiplicity(N, M) / N - s_exact))
    # the gap is the Gaussian term ln(2 pi N sigma^2)/(2N): it shrinks ~ ln N / N
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 2 * math.log(640) / 640


@pytest.mark.slow
@pytest.mark.parametrize("qq", [3, 4, 6])
def test_expansion_through_the_spectrum_matches_exact_counts(qq):
    lv = EquispacedLevels(qq)
    N, M = 300, 300 * (qq - 1) // 3
    exact = lv.log_multiplicity(N, M, digits=40)
    for K, bound in ((0, 1e-2), (2, 1e-6), (4, 1e-10)):
        approx = lv.log_multiplicity(N, M, order=K, digits=40)
        assert abs(approx - exact) < bound


def test_generic_spectrum_counts_and_expansion():
    sp_ = Spectrum([1, 2, 0, 1])  # 1 + 2x + x^3
    N, M = 200, 230
    exact = sp_.log_multiplicity(N, M, digits=40)
    assert abs(sp_.log_multiplicity(N, M, order=4, digits=40) - exact) < 1e-10
    assert sp_.multiplicity(3, 9) == 1 and sp_.multiplicity(3, 10) == 0


def test_finite_thermodynamics_through_the_levels():
    th = EquispacedLevels(3).finite_thermodynamics(50)
    assert th.u[0] == 0 and th.u[-1] == 2
    assert np.all(th.beta[:50] > 0) and th.beta[50] == 0 and np.all(th.beta[51:] < 0)


@pytest.mark.slow
@pytest.mark.parametrize("qq", [2, 3, 4, 5, sp.oo])
def test_numpy_backend_agrees_with_closed_forms(qq):
    lv = EquispacedLevels(qq)
    top = 30.0 if qq is sp.oo else float(qq - 1)
    grid = np.linspace(0.01, top - 0.01, 41)
    s_num = lv.entropy_function()(grid)
    b_num = lv.inverse_temperature_function()(grid)
    s_closed = sp.lambdify(u, lv.entropy(), "mpmath")
    b_closed = sp.lambdify(u, lv.inverse_temperature(), "mpmath")
    with mpmath.workdps(50):
        for g, s_val, b_val in zip(grid, s_num, b_num, strict=True):
            s_ref = mpmath.re(s_closed(mpmath.mpf(g)))
            b_ref = mpmath.re(b_closed(mpmath.mpf(g)))
            assert abs(s_val - s_ref) <= 2e-14 * abs(s_ref)
            assert abs(b_val - b_ref) <= 2e-14 * abs(b_ref) + 1e-300


@pytest.mark.parametrize("backend", ["mpmath", "arb"])
def test_high_precision_backends_agree_with_the_closed_form(backend):
    lv = EquispacedLevels(3)
    s_closed = sp.N(lv.entropy().subs(u, sp.Rational(1, 3)), 80)  # beyond the ball's radius
    with mpmath.workdps(90):
        ref = mpmath.mpf(str(s_closed))
        if backend == "mpmath":
            val = lv.entropy_function("mpmath", digits=50)(sp.Rational(1, 3))
            assert abs(val - ref) < mpmath.mpf(10) ** -48
        else:
            ball = lv.entropy_function("arb", digits=40)("1/3")
            mid = mpmath.mpf(ball.mid().str(65, radius=False))
            rad = mpmath.mpf(ball.rad().str(5, radius=False))
            assert abs(mid - ref) <= rad + mpmath.mpf(10) ** -62  # the ball holds the truth
            assert rad < mpmath.mpf(10) ** -40


def test_bad_backend_and_energies():
    lv = EquispacedLevels(3)
    with pytest.raises(DomainError, match="backend must be one of"):
        lv.entropy_function("scipy")
    with pytest.raises(DomainError, match=r"u\[2\] = 2.5"):
        lv.entropy_function()([0.5, 1.0, 2.5])
    with pytest.raises(DomainError, match="u must lie in"):
        lv.entropy_function()(float("nan"))
    with pytest.raises(DomainError, match="u must lie in"):
        EquispacedLevels(sp.oo).entropy_function()(float("inf"))
    with pytest.raises(DomainError, match="M must lie in 0..4"):
        lv.log_multiplicity(2, 5)
    with pytest.raises(DomainError, match="N must be an integer >= 0"):
        lv.multiplicity(-1, 0)
    with pytest.raises(DomainError, match="N must be an integer"):
        lv.multiplicities(2.5)
    with pytest.raises(DomainError, match="M must be an integer"):
        lv.multiplicity(3, 1.5)
    with pytest.raises(DomainError, match="order must be an integer >= 0"):
        lv.log_multiplicity(3, 1, order=-1)
    with pytest.raises(DomainError, match="order must be an integer >= 0"):
        lv.asymptotic_expansion("2")
    with pytest.raises(DomainError, match="finite q"):
        EquispacedLevels(sp.oo).asymptotic_expansion(2)


@pytest.mark.parametrize("g", [[1, 2, 0, 1], [3, 1, 1], [1, 4, 6, 4, 1]])
def test_generic_spectrum_numpy_agrees_with_its_symbolic_evaluation(g):
    spec = Spectrum(g)
    d = len(g) - 1
    rng = np.random.default_rng(len(g))
    pts = np.concatenate([[1e-9, d / 2, d - 1e-9], rng.uniform(0, d, 6)])
    for name in ("entropy", "inverse_temperature", "energy_variance", "heat_capacity"):
        fast = getattr(spec, f"{name}_function")()(pts)
        slow = getattr(spec, f"{name}_function")("mpmath", digits=30)
        for p, f in zip(pts, fast, strict=True):
            ref = slow(float(p))
            assert abs(f - ref) <= 1e-13 * abs(ref) + 1e-300, (name, p)


def test_generic_spectrum_edges_and_errors():
    spec = Spectrum([2, 0, 5])  # s(0) = ln g_0, s(d) = ln g_d
    s = spec.entropy_function("mpmath", digits=20)
    with mpmath.workdps(30):
        assert abs(s(0) - mpmath.log(2)) < 1e-18 and abs(s(2) - mpmath.log(5)) < 1e-18
    assert spec.inverse_temperature_function("mpmath")(0) == mpmath.inf
    # every backend serves every spectrum (the arb backend was equispaced-only)
    assert spec.entropy_function("arb")(2).overlaps(flint.arb(5).log())
    with pytest.raises(DomainError, match=r"u must lie in \[0, 2\]"):
        s(2.5)
    with pytest.raises(DomainError, match="u must be a finite real number"):
        s("one half")
    with pytest.raises(DomainError, match="backend 'mpmath' takes the options digits; got dps"):
        spec.entropy_function("mpmath", dps=20)
