"""ContinuumGas: Z against quadrature, Z_mes by three routes, Jensen, the fine-graining orders."""

from __future__ import annotations

import importlib
import math
import sys
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as hst

from mesosym.checking.derivation import Verdict, check_identity
from mesosym.errors import DomainError, MesosymError
from mesosym.mesoscopic import ContinuumGas
from mesosym.mesoscopic.pair_averages import (
    cell_pair_average,
    cell_pair_averages,
    offset_allowed,
    potential_function,
)
from mesosym.symbols import r

S = sp.Rational(1, 2)  # Gaussian width


@pytest.fixture(autouse=True)
def _thirty_digits():
    # expected values are computed in the tests at 30 digits, scoped to each test
    with mpmath.workdps(30):
        yield


def gaussian(amplitude):
    return amplitude * sp.exp(-(r**2) / (2 * S**2))


# -- Z --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("N", [1, 2, 3])
@pytest.mark.parametrize("a", [0, sp.Rational(1, 5), sp.Rational(1, 2)])
def test_tonks_closed_form_equals_quadrature(N, a):
    # a zero soft potential sends Z through the gap quadrature; the closed form is
    # (L - (N - 1) a)^N / N! for centres confined to [0, L]
    closed = ContinuumGas(N, 2, hard_core=a, digits=20).log_partition_function()
    quad = ContinuumGas(N, 2, sp.S.Zero * r, hard_core=a, digits=20).log_partition_function()
    expected = N * mpmath.log(2 - (N - 1) * mpmath.mpf(a.p if a else 0) / (a.q if a else 1))
    expected -= mpmath.log(math.factorial(N))
    assert abs(closed - expected) < mpmath.mpf(10) ** -18
    assert abs(quad - expected) < mpmath.mpf(10) ** -15


def test_tonks_against_a_direct_double_integral():
    # independent of the gap reduction: integrate the indicator over the square
    L, a = mpmath.mpf(1), mpmath.mpf("0.3")
    with mpmath.workdps(20):
        direct = mpmath.quad(lambda x: max(0, x - a) + max(0, L - x - a), [0, a, L - a, L]) / 2
    closed = ContinuumGas(2, 1, hard_core=Fraction(3, 10), digits=20).log_partition_function()
    assert abs(mpmath.log(direct) - closed) < 1e-15


@pytest.mark.parametrize("amplitude", [1, -1])
def test_two_particle_z_against_a_direct_double_integral(amplitude):
    gas = ContinuumGas(2, 2, gaussian(amplitude), digits=16)
    phi = potential_function(gaussian(amplitude))
    with mpmath.workdps(16):
        direct = (
            mpmath.quad(
                lambda x, y: mpmath.exp(-phi(abs(x - y))),
                [0, 1, 2],
                [0, 1, 2],
                method="gauss-legendre",
            )
            / 2
        )
    assert abs(mpmath.log(direct) - gas.log_partition_function()) < 1e-8


def test_symbolic_closed_forms():
    L = sp.Symbol("L", positive=True)
    a = sp.Symbol("a", positive=True)
    z = ContinuumGas(3, L, hard_core=a).log_partition_function()
    assert sp.simplify(z - (3 * sp.log(L - 2 * a) - sp.log(6))) == 0
    zm = ContinuumGas(3, L, hard_core=a).log_mesoscopic_partition_function(10)
    value = zm.subs({L: 1, a: sp.Rational(1, 10)})
    assert sp.simplify(value - sp.log(sp.Rational(1, 1000) * sp.binomial(8, 3))) == 0
    numeric = ContinuumGas(3, 1, hard_core=sp.Rational(1, 10)).log_mesoscopic_partition_function(10)
    assert abs(mpmath.mpf(sp.N(value, 30)) - numeric) < 1e-25


# -- pair averages ---------------------------------------------------------------------------------


def test_pair_average_of_linear_and_quadratic_potentials():
    w = mpmath.mpf(3)
    lin = potential_function(r)
    quad = potential_function(r**2)
    assert abs(cell_pair_average(lin, w, 0) - w / 3) < 1e-25
    for k in range(1, 5):
        assert abs(cell_pair_average(lin, w, k) - k * w) < 1e-25
        # E (k w + U1 - U2)^2 = k^2 w^2 + w^2/6
        assert abs(cell_pair_average(quad, w, k) - (k * k + mpmath.mpf(1) / 6) * w * w) < 1e-24


@pytest.mark.parametrize("k", [0, 1, 3])
def test_pair_average_against_a_double_integral_over_two_cells(k):
    phi = potential_function(gaussian(-2))
    w = mpmath.mpf("0.4")
    with mpmath.workdps(20):
        lo = k * w
        direct = mpmath.quad(
            lambda x, y: phi(abs(x - y)),
            [0, w],
            [lo, lo + w] if k else [0, w],
            method="gauss-legendre",
        ) / (w * w)
        if k == 0:  # the kink on the diagonal: split it
            direct = (
                2
                * mpmath.quad(lambda x: mpmath.quad(lambda y: phi(x - y), [0, x]), [0, w])
                / (w * w)
            )
        assert abs(cell_pair_average(phi, w, k) - direct) < 1e-14


def test_hard_core_offsets_exact():
    w = sp.Rational(1, 10)
    # commensurate a = 2 w: offsets >= 3 allowed
    assert [offset_allowed(k, w, 2 * w) for k in range(5)] == [False, False, False, True, True]
    # a tiny core already forbids neighbouring cells
    assert [offset_allowed(k, w, sp.Rational(1, 1000)) for k in range(3)] == [False, False, True]
    assert cell_pair_averages(None, w, 3) == [0, 0, 0]


# -- Z_mes: three routes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "N, M, phi, a",
    [
        (2, 7, gaussian(1), 0),
        (3, 6, gaussian(-1), 0),
        (4, 5, gaussian(1), 0),
        (3, 9, gaussian(-1), sp.Rational(1, 5)),
        (2, 6, 1 / (1 + r**2), 0),
    ],
)
def test_sector_sum_routes_agree(N, M, phi, a):
    gas = ContinuumGas(N, 2, phi, hard_core=a, digits=25)
    by_definition = gas.log_mesoscopic_partition_function(M, method="enumerate")
    by_patterns = gas.log_mesoscopic_partition_function(M, method="mpmath")
    in_float64 = gas.log_mesoscopic_partition_function(M, method="float64")
    assert abs(by_definition - by_patterns) < 1e-22
    assert abs(in_float64 - by_patterns) < 1e-12


@pytest.mark.parametrize(
    "N, M, a", [(2, 10, Fraction(1, 5)), (3, 12, Fraction(1, 4)), (3, 13, Fraction(1, 5))]
)
def test_hard_rod_closed_form_against_enumeration(N, M, a):
    gas = ContinuumGas(N, 1, hard_core=a)
    closed = gas.log_mesoscopic_partition_function(M)
    assert abs(closed - gas.log_mesoscopic_partition_function(M, method="enumerate")) < 1e-25
    assert abs(closed - gas.log_mesoscopic_partition_function(M, method="float64")) < 1e-12


def test_commensurate_hard_rods_exact_product():
    # a = c w: Z_mes = (1/N!) prod_{j<N} (L' - j w), L' = L - (N - 1) a, exactly
    N, L, M = 4, Fraction(3), 60
    w = L / M
    for c in (1, 2, 3):
        a = c * w
        Lp = L - (N - 1) * a
        exact = math.prod(Lp - j * w for j in range(N)) / math.factorial(N)
        value = ContinuumGas(N, L, hard_core=a).log_mesoscopic_partition_function(M)
        assert abs(value - mpmath.log(mpmath.mpf(exact.numerator) / exact.denominator)) < 1e-25


def test_too_coarse_cells_leave_no_sector():
    gas = ContinuumGas(3, 1, hard_core=Fraction(1, 10))
    assert gas.log_mesoscopic_partition_function(4) == -mpmath.inf  # 4 - 1*2 = 2 < 3 cells
    assert gas.log_mesoscopic_partition_function(4, method="enumerate") == -mpmath.inf


def test_one_cell_one_particle_and_free_gas():
    for M in (1, 3, 8):
        assert (
            abs(
                ContinuumGas(1, 2, gaussian(1)).log_mesoscopic_partition_function(M) - mpmath.log(2)
            )
            < 1e-28
        )
        free = ContinuumGas(3, 2)
        assert free.log_mesoscopic_partition_function(M) == free.log_partition_function()


# -- Jensen --------------------------------------------------------------------------------------


@pytest.mark.parametrize("amplitude", [2, -1])
@pytest.mark.parametrize("N", [2, 3])
def test_jensen_smooth(amplitude, N):
    gas = ContinuumGas(N, 2, gaussian(amplitude), digits=12)
    z = gas.log_partition_function()
    for M in (1, 2, 3, 5, 8, 13):
        assert gas.log_mesoscopic_partition_function(M) < z


def test_jensen_hard_rods_and_with_a_soft_tail():
    rods = ContinuumGas(3, 1, hard_core=Fraction(1, 7))
    for M in range(1, 40):
        assert rods.log_mesoscopic_partition_function(M) < rods.log_partition_function()
    mixed = ContinuumGas(3, 2, gaussian(-1), hard_core=Fraction(1, 5), digits=20)
    z = mixed.log_partition_function()
    for M in (5, 10, 20):
        assert mixed.log_mesoscopic_partition_function(M) < z


# -- fine-graining orders ------------------------------------------------------------------------


@pytest.mark.parametrize("amplitude", [1, -1])
def test_smooth_potential_converges_at_order_two_with_the_derived_coefficient(amplitude):
    gas = ContinuumGas(2, 2, gaussian(amplitude), digits=20)
    z = gas.log_partition_function()
    C = gas.fine_graining_coefficient()
    gaps = {M: z - gas.log_mesoscopic_partition_function(M) for M in (16, 32, 64)}
    assert 3.9 < gaps[16] / gaps[32] < 4.1 and 3.97 < gaps[32] / gaps[64] < 4.03
    measured = gaps[64] / (mpmath.mpf(2) / 64) ** 2
    assert abs(measured / C - 1) < 2e-3  # O(w^2) relative correction
    # Richardson on the order-2 sequence removes the w^2 term: the O(w^4) rest is tiny
    extrapolated = (4 * gaps[64] - gaps[32]) / 3
    assert abs(extrapolated) < 1e-2 * gaps[64]


def test_hard_rods_converge_at_order_one():
    gas = ContinuumGas(3, 1, hard_core=Fraction(1, 8))
    z = gas.log_partition_function()
    gaps = [z - gas.log_mesoscopic_partition_function(8 * 2**j) for j in range(2, 7)]
    ratios = [gaps[j] / gaps[j + 1] for j in range(len(gaps) - 1)]
    assert all(1.9 < q < 2.2 for q in ratios)
    # leading coefficient N(N - 1)/(2 L'), L' = 1 - 2/8
    w = mpmath.mpf(1) / (8 * 2**6)
    assert abs(gaps[-1] / w / (mpmath.mpf(3 * 2) / (2 * mpmath.mpf(3) / 4)) - 1) < 0.01


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"particles": 0, "length": 1}, "particles"),
        ({"particles": 1.5, "length": 1}, "particles"),
        ({"particles": "3", "length": 1}, "particles"),
        ({"particles": 2, "length": 0}, "length"),
        ({"particles": 2, "length": float("nan")}, "length"),
        ({"particles": 2, "length": float("inf")}, "length"),
        ({"particles": 2, "length": "1"}, "length"),
        ({"particles": 2, "length": 1, "beta": 0}, "beta"),
        ({"particles": 2, "length": 1, "beta": -1}, "beta"),
        ({"particles": 2, "length": 1, "beta": mpmath.nan}, "beta"),
        ({"particles": 2, "length": 1, "hard_core": -1}, "hard_core"),
        ({"particles": 3, "length": 1, "hard_core": 1}, "length"),
        ({"particles": 2, "length": 1, "pair_potential": "exp(-r)"}, "pair_potential"),
        ({"particles": 2, "length": 1, "pair_potential": sp.Symbol("r") ** 2}, "pair_potential"),
        ({"particles": 2, "length": 1, "pair_potential": sp.Symbol("x") * r}, "pair_potential"),
        ({"particles": 2, "length": 1, "pair_potential": sp.I * r}, "pair_potential"),
    ],
)
def test_bad_input_names_the_argument(kwargs, name):
    with pytest.raises(DomainError) as err:
        ContinuumGas(**kwargs)
    assert str(err.value).startswith(name)


def test_bad_cells_method_and_refused_sizes():
    gas = ContinuumGas(4, 1, gaussian(1))
    for cells in (0, 2.0, "4"):
        with pytest.raises(DomainError, match="cells"):
            gas.log_mesoscopic_partition_function(cells)
    with pytest.raises(DomainError, match="method"):
        gas.log_mesoscopic_partition_function(4, method="brute")
    with pytest.raises(DomainError, match="sectors"):
        gas.log_mesoscopic_partition_function(128, method="enumerate")
    with pytest.raises(DomainError, match="particles must be <= 3"):
        gas.log_partition_function()
    with pytest.raises(DomainError, match="cells must be <= 5000"):
        ContinuumGas(2, 1, gaussian(1)).log_mesoscopic_partition_function(10**6)
    with pytest.raises(DomainError, match="translation classes"):
        ContinuumGas(6, 1, gaussian(1)).log_mesoscopic_partition_function(2000, method="float64")


def test_potential_that_is_not_finite_where_needed():
    gas = ContinuumGas(2, 1, sp.log(r - 1))  # complex below r = 1
    with pytest.raises(MesosymError):
        gas.log_partition_function()


def test_symbolic_parameters_with_a_potential_are_refused():
    gas = ContinuumGas(2, sp.Symbol("L", positive=True), gaussian(1))
    with pytest.raises(DomainError, match="numeric"):
        gas.log_mesoscopic_partition_function(4)


# -- derivations ---------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the derivations package lives beside mesosym, not inside it
    sys.path.insert(0, str(ROOT))


@pytest.mark.parametrize("name", ["mesoscopic_hard_rods", "mesoscopic_fine_graining"])
def test_derivation_steps_hold(name):
    module = importlib.import_module(f"mesosym.derivations.{name}")
    steps = module.derive()
    assert steps and module.TITLE
    failures = [f"{i}: {st.claim[:70]} -> {st.result}" for i, st in enumerate(steps) if not st.ok]
    assert not failures, "\n".join(failures)
    for st in steps:
        if not st.numeric_only:
            assert st.result.verdict in (Verdict.PROVED, Verdict.VERIFIED), st.claim


def test_a_wrong_tonks_formula_or_order_is_refuted():
    L, a = sp.symbols("L a", positive=True)
    g = sp.Symbol("g", positive=True)
    # the excluded length counted once per rod instead of once per gap
    wrong = check_identity(sp.integrate(L - g, (g, a, L)), (L - 2 * a) ** 2 / 2)
    assert wrong.verdict is Verdict.REFUTED
    # an order-2 claim for hard rods fails on the measured ratios
    gas = ContinuumGas(3, 1, hard_core=Fraction(1, 8))
    z = gas.log_partition_function()
    d1, d2 = (z - gas.log_mesoscopic_partition_function(M) for M in (256, 512))
    assert not 3.5 < d1 / d2 < 4.5


def test_jensen_equality_when_the_energy_is_constant_on_every_sector():
    # a constant pair potential: U = c N(N - 1)/2 everywhere, so Z_mes = Z for every M
    for c in (3, sp.Rational(-1, 2)):
        gas = ContinuumGas(3, 2, c, digits=25)
        cq = sp.Rational(c)
        # Z = exp(-beta c N(N - 1)/2) L^N/N! = exp(-3c) 2^3/3!
        expected = 3 * mpmath.log(2) - mpmath.log(6) - 3 * mpmath.mpf(cq.p) / cq.q
        assert abs(gas.log_partition_function() - expected) < 1e-20
        for M in (1, 4, 9):
            for method in ("mpmath", "float64", "enumerate"):
                value = gas.log_mesoscopic_partition_function(M, method=method)
                assert abs(value - expected) < (1e-12 if method == "float64" else 1e-20)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(
    amplitude=hst.fractions(-2, 2).filter(lambda f: f != 0),
    length=hst.fractions(Fraction(1, 2), 3),
    cells=hst.integers(1, 12),
    core=hst.sampled_from([0, Fraction(1, 10), Fraction(1, 4)]),
)
def test_property_jensen_and_routes_for_two_particles(amplitude, length, cells, core):
    gas = ContinuumGas(2, length, gaussian(sp.Rational(amplitude)), hard_core=core, digits=15)
    z = gas.log_partition_function()
    by_definition = gas.log_mesoscopic_partition_function(cells, method="enumerate")
    # Jensen, up to the 15-digit working precision (a tiny amplitude leaves a gap ~ A^2)
    assert by_definition <= z + 1e-13
    if by_definition != -mpmath.inf:
        assert (
            abs(gas.log_mesoscopic_partition_function(cells, method="float64") - by_definition)
            < 1e-12
        )


def test_values_carry_digits_whatever_the_global_precision():
    # regression: a closed form was rounded to the global 15 digits on return
    cases = [
        (lambda: ContinuumGas(2, 1).log_partition_function(), -mpmath.log(2)),
        (
            lambda: ContinuumGas(2, 1, hard_core=Fraction(1, 4)).log_partition_function(),
            2 * mpmath.log(mpmath.mpf(3) / 4) - mpmath.log(2),
        ),
        (
            lambda: ContinuumGas(2, 1, hard_core=Fraction(1, 4)).log_mesoscopic_partition_function(
                4
            ),
            mpmath.log(mpmath.mpf(3) / 16),
        ),
    ]
    for compute, exact in cases:
        with mpmath.workdps(15):
            value = compute()
        assert abs(value - exact) < 1e-28
