"""IdealGas: Z in closed form, Z_mes against a direct sector sum and a direct lattice sum."""

from __future__ import annotations

import importlib
import itertools
import math
import sys
from pathlib import Path

import mpmath
import pytest
import sympy as sp

from mesosym.checking.derivation import Verdict, check_identity
from mesosym.errors import DomainError
from mesosym.mesoscopic import IdealGas
from mesosym.mesoscopic.models.ideal_gas import log_theta3_correction
from mesosym.symbols import N, beta


@pytest.fixture(autouse=True)
def _thirty_digits():
    with mpmath.workdps(30):
        yield


def test_symbolic_z_is_the_textbook_formula():
    L, m = sp.symbols("L m", positive=True)
    b = sp.Symbol("b", positive=True)
    for d in (1, 2, 3):
        z = IdealGas(N, d, L, m, b).log_partition_function()
        textbook = sp.log((L**d * (2 * sp.pi * m / b) ** sp.Rational(d, 2)) ** N / sp.factorial(N))
        assert sp.simplify(sp.expand_log(z - textbook, force=True)) == 0


def test_numeric_z():
    gas = IdealGas(4, 3, length=2, mass=3, beta=sp.Rational(1, 2))
    expected = mpmath.log((8 * (2 * mpmath.pi * 6) ** 1.5) ** 4 / 24)
    assert abs(gas.log_partition_function() - expected) < 1e-26


def _direct_bin_sum(dp, mass, b, K=60):
    # sum_k dp exp(-beta <p^2/2m>_bin), the bin average integrated by sympy (once, k symbolic)
    p, k = sp.Symbol("p", real=True), sp.Symbol("k", integer=True)
    dp = sp.Rational(dp)
    avg = sp.integrate(p**2 / (2 * mass), (p, k * dp - dp / 2, k * dp + dp / 2)) / dp
    term = sp.lambdify(k, dp * sp.exp(-b * avg), modules="mpmath")
    return sum(term(mpmath.mpf(kk)) for kk in range(-K, K + 1))


@pytest.mark.parametrize("dp", [sp.Rational(1, 3), sp.Rational(3, 2), 4])
def test_mesoscopic_against_a_direct_lattice_sum(dp):
    mass, b, L = 2, sp.Rational(1, 2), 3
    single = _direct_bin_sum(dp, mass, b, K=40 if dp != sp.Rational(1, 3) else 120)
    for d in (1, 2):
        gas = IdealGas(3, d, L, mass, b)
        expected = 3 * d * (mpmath.log(L) + mpmath.log(single)) - mpmath.log(6)
        assert abs(gas.log_mesoscopic_partition_function(dp) - expected) < 1e-25


@pytest.mark.slow
def test_sector_sum_by_enumeration_equals_the_multinomial_form():
    # N = 2, d = 1, M = 2 spatial cells, bins |k| <= 3: every sector n with its
    # Hbar = sum_a n_a hbar_a, against (1/N!) (sum_a omega_a e^{-beta hbar_a})^N on the same cells
    dp, L, b = sp.Rational(1, 2), 1, 1
    cells = [(i, k) for i in range(2) for k in range(-3, 4)]
    omega = sp.Rational(L, 2) * dp
    hbar = {c: (c[1] * dp) ** 2 / 2 + dp**2 / 24 for c in cells}
    total = 0
    for multiset in itertools.combinations_with_replacement(cells, 2):
        counts = {c: multiset.count(c) for c in set(multiset)}
        weight = sp.Integer(1)
        for n in counts.values():
            weight *= omega**n / math.factorial(n)
        total += weight * sp.exp(-b * sum(n * hbar[c] for c, n in counts.items()))
    one = sum(omega * sp.exp(-b * hbar[c]) for c in cells)
    assert sp.simplify(total - one**2 / 2) == 0


def test_spatial_cells_change_nothing():
    gas = IdealGas(5, 2, length=3)
    values = {gas.log_mesoscopic_partition_function(0.7, cells=M) for M in (1, 2, 9, 64)}
    assert len(values) == 1


def test_leading_term_and_rigorous_bound():
    gas = IdealGas(3, 2, length=1, mass=2, beta=3)
    z = gas.log_partition_function()
    for dp in (0.01, 0.3, 1, 2, 3, 5):
        lead, bound = gas.momentum_bin_correction(dp)
        rest = gas.log_mesoscopic_partition_function(dp) - z - lead
        # rest = N d ln theta_3(q) in [0, bound], up to the 30-digit rounding of ln Z_mes
        assert -1e-28 <= rest <= bound + 1e-28
        assert abs(lead + 3 * 2 * 3 * mpmath.mpf(dp) ** 2 / (24 * 2)) < 1e-25
    # the rest is resolved where it is above the working precision: dp = 5, alpha = 18.75
    lead, bound = gas.momentum_bin_correction(5)
    rest = gas.log_mesoscopic_partition_function(5) - z - lead
    assert 0.3 * bound < rest < bound
    # and is beyond any precision for small bins: dp = 0.3 gives q = exp(-2 pi^2 m/(beta dp^2))
    assert gas.momentum_bin_correction(0.3)[1] < 1e-60


def test_jensen_for_every_bin_width():
    for alpha in [mpmath.mpf(10) ** e for e in range(-6, 5)] + [mpmath.pi]:
        assert log_theta3_correction(alpha) < 0


def test_theta_evaluation_against_mpmath_jtheta():
    for alpha in (0.05, 1, mpmath.pi, 7, 40):
        a = mpmath.mpf(alpha)
        direct = mpmath.log(mpmath.jtheta(3, 0, mpmath.exp(-(mpmath.pi**2) / a))) - a / 12
        assert abs(log_theta3_correction(a) - direct) < 1e-27


def test_symbolic_mesoscopic_evaluates_to_the_numeric_one():
    L, m, dp = sp.symbols("L m dp", positive=True)
    expr = IdealGas(2, 1, L, m, beta).log_mesoscopic_partition_function(dp, cells=3)
    point = {L: 2, m: 1, beta: sp.Rational(3, 2), dp: sp.Rational(4, 5)}
    # truncate the lattice sum explicitly: terms beyond |k| = 30 are below 1e-200
    value = expr.subs(point).replace(
        lambda e: isinstance(e, sp.Sum),
        lambda e: sp.Sum(e.function, (e.limits[0][0], -30, 30)).doit(),
    )
    numeric = IdealGas(2, 1, 2, 1, sp.Rational(3, 2)).log_mesoscopic_partition_function(0.8)
    assert abs(mpmath.mpf(sp.N(value, 35)) - numeric) < 1e-15  # 0.8 as a float
    lead, bound = IdealGas(N, 2, L, m, beta).momentum_bin_correction(dp)
    assert sp.simplify(lead + N * beta * dp**2 / (12 * m)) == 0


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"particles": 0}, "particles"),
        ({"particles": 2.0}, "particles"),
        ({"particles": 2, "dimension": 0}, "dimension"),
        ({"particles": 2, "length": -1}, "length"),
        ({"particles": 2, "mass": float("nan")}, "mass"),
        ({"particles": 2, "beta": 0}, "beta"),
        ({"particles": 2, "beta": -sp.Symbol("b", positive=True)}, "beta"),
        ({"particles": 2, "length": "2"}, "length"),
    ],
)
def test_bad_input(kwargs, name):
    with pytest.raises(DomainError) as err:
        IdealGas(**kwargs)
    assert str(err.value).startswith(name)


def test_bad_bins_and_cells():
    gas = IdealGas(2)
    for dp in (0, -1, float("inf"), "1"):
        with pytest.raises(DomainError, match="momentum_bin"):
            gas.log_mesoscopic_partition_function(dp)
    with pytest.raises(DomainError, match="cells"):
        gas.log_mesoscopic_partition_function(1, cells=0)


@pytest.mark.slow
def test_derivation_steps_hold():
    root = Path(__file__).resolve().parents[1]
    if str(root) not in sys.path:  # the derivations package lives beside mesosym
        sys.path.insert(0, str(root))
    module = importlib.import_module("mesosym.derivations.mesoscopic_ideal_gas")
    steps = module.derive()
    failures = [f"{i}: {st.claim[:70]} -> {st.result}" for i, st in enumerate(steps) if not st.ok]
    assert not failures, "\n".join(failures)
    for st in steps:
        if not st.numeric_only:
            assert st.result.verdict in (Verdict.PROVED, Verdict.VERIFIED), st.claim


def test_a_wrong_bin_correction_is_refuted():
    p, k = sp.Symbol("p", real=True), sp.Symbol("k", integer=True)
    dp, m = sp.symbols("dp m", positive=True)
    avg = sp.integrate(p**2 / (2 * m), (p, k * dp - dp / 2, k * dp + dp / 2)) / dp
    wrong = check_identity(avg, (k * dp) ** 2 / (2 * m) + dp**2 / (12 * m))
    assert wrong.verdict is Verdict.REFUTED


def test_values_carry_digits_whatever_the_global_precision():
    with mpmath.workdps(15):
        gas = IdealGas(1)
        z, z_mes = gas.log_partition_function(), gas.log_mesoscopic_partition_function(1)
        lead, _ = gas.momentum_bin_correction(1)
    assert abs(z - mpmath.log(2 * mpmath.pi) / 2) < 1e-28
    assert abs(z_mes - z - log_theta3_correction(mpmath.mpf(1) / 2)) < 1e-28
    assert abs(lead + mpmath.mpf(1) / 24) < 1e-28


# -- float64, budgets and tiny bins (issues 15, 16) ------------------------------------------------


def test_float64_values_are_within_one_ulp():
    for kwargs in ({}, {"dimension": 3, "length": 2, "mass": 3, "beta": sp.Rational(1, 2)}):
        precise = IdealGas(4, digits=30, **kwargs)
        fast = IdealGas(4, digits=None, **kwargs)
        z = fast.log_partition_function()
        assert isinstance(z, float)
        assert abs(z - precise.log_partition_function()) <= 2**-52 * abs(z)
        for dp in (sp.Rational(1, 3), 4):
            zm = fast.log_mesoscopic_partition_function(dp)
            assert abs(zm - precise.log_mesoscopic_partition_function(dp)) <= 2**-52 * abs(zm)
    lead, bound = IdealGas(1, digits=None).momentum_bin_correction(1)
    assert lead == -1 / 24 and 5.3e-9 < bound < 5.4e-9


def test_a_tiny_bin_is_refused_up_front_and_a_small_one_answered(quick):
    from fractions import Fraction

    from mesosym.errors import BudgetError

    with pytest.raises(BudgetError, match="momentum_bin is about 1e-300000"):
        IdealGas(1).log_mesoscopic_partition_function(Fraction(1, 10**300000))
    # dp = 10^-5000: alpha = dp^2/2, the theta tail exp(-pi^2/alpha) is far below alpha/12,
    # which is itself far below the 30 digits of ln Z: Z_mes = Z to 30 digits
    gas = IdealGas(1)
    gap = (
        gas.log_mesoscopic_partition_function(Fraction(1, 10**5000)) - gas.log_partition_function()
    )
    assert abs(gap) < 1e-29
    with mpmath.workdps(40):
        alpha = mpmath.mpf(10) ** -10000 / 2
        assert abs(log_theta3_correction(alpha) / (-alpha / 12) - 1) < 1e-38


def test_huge_particle_numbers_and_dimensions_are_answered_quickly(quick):
    # N = d = 10^30, L = m = 1, beta = 2 pi: ln Z = -ln N!, against Stirling's series
    gas = IdealGas(10**30, dimension=10**30, beta=2 * sp.pi)
    with mpmath.workdps(60):
        n = mpmath.mpf(10**30)
        stirling = n * mpmath.log(n) - n + mpmath.log(2 * mpmath.pi * n) / 2 + 1 / (12 * n)
        assert abs(gas.log_partition_function() + stirling) < 1e-25 * stirling
