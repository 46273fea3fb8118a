"""Finite-N thermodynamics of any integer spectrum: enumeration, saddle point and 1/N expansion."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import Counter
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp

from mesosym import EquispacedLevels, Spectrum
from mesosym.errors import BudgetError, DomainError, RowTooLargeError
from mesosym.levels.finite import (
    FiniteNThermodynamics,
    finite_energies,
    finite_entropy,
    finite_inverse_temperature,
    finite_thermodynamics,
)
from mesosym.symbols import x

# levels (a level listed twice is doubly degenerate): gaps inside, gaps at the
# edges, a common step 2 or 3, degenerate levels, palindromic or not
SPECTRA = [
    [0, 1, 3],
    [0, 2, 3],
    [0, 2, 4],
    [0, 3],
    [0, 1, 1, 2],
    [0, 0, 1, 4],
    [0, 1, 3, 4],
    [0, 1, 5],
]


def enumerate_counts(levels, N):
    """Omega(N, M) by listing every assignment of the N particles to the states."""
    return Counter(sum(states) for states in itertools.product(levels, repeat=N))


def stated_beta(counts, N):
    """The convention of mesosym.levels.finite, from the enumerated counts, at 40 digits."""
    energies = sorted(counts)
    beta = []
    with mpmath.workdps(40):
        for i in range(len(energies)):
            lo = energies[max(i - 1, 0)]
            hi = energies[min(i + 1, len(energies) - 1)]
            beta.append(float((mpmath.log(counts[hi]) - mpmath.log(counts[lo])) / (hi - lo)))
    return np.array(beta)


@pytest.mark.parametrize("levels", SPECTRA)
@pytest.mark.parametrize("N", [1, 2, 3, 5])
def test_enumeration_of_every_assignment(levels, N):
    counts = enumerate_counts(levels, N)
    th = finite_thermodynamics(Spectrum.from_levels(levels), N)
    energies = sorted(counts)
    assert th.M.tolist() == energies and th.M.dtype == np.int64
    assert th.omega == tuple(counts[M] for M in energies)
    assert all(type(w) is int for w in th.omega)
    np.testing.assert_array_equal(th.u, np.array(energies) / N)
    with mpmath.workdps(40):
        s = np.array([float(mpmath.log(counts[M]) / N) for M in energies])
    np.testing.assert_allclose(th.s, s, rtol=4e-16, atol=0)
    np.testing.assert_allclose(th.beta, stated_beta(counts, N), rtol=1e-15, atol=4e-16)


def test_enumeration_at_seven_particles():
    for levels in ([0, 1, 3], [0, 2, 3], [0, 0, 1, 4]):
        counts = enumerate_counts(levels, 7)
        th = finite_thermodynamics(Spectrum.from_levels(levels), 7)
        assert dict(zip(th.M.tolist(), th.omega, strict=True)) == dict(counts)


@pytest.mark.parametrize("levels", SPECTRA)
def test_counts_against_sympy_polynomial_powers(levels):
    N = 30
    P = sum(x**level for level in levels)
    coeffs = sp.Poly(sp.expand(P**N), x).all_coeffs()[::-1]
    expected = {M: int(c) for M, c in enumerate(coeffs) if c}
    th = finite_thermodynamics(Spectrum.from_levels(levels), N)
    assert dict(zip(th.M.tolist(), th.omega, strict=True)) == expected


def test_unreachable_energies_next_to_the_edges():
    N = 50
    # levels 0, 1, 3: M = a + 3b with a + b <= N misses only M = 3N - 1
    th = finite_thermodynamics(Spectrum.from_levels([0, 1, 3]), N)
    assert th.M.tolist() == [M for M in range(3 * N + 1) if M != 3 * N - 1]
    # the top neighbour is 3N - 2, one particle on level 1: Omega = N
    assert th.omega[-2:] == (N, 1)
    assert th.beta[-1] == pytest.approx(-math.log(N) / 2, rel=1e-15)
    # levels 0, 2, 3: M = 2a + 3b misses only M = 1
    th = finite_thermodynamics(Spectrum.from_levels([0, 2, 3]), N)
    assert th.M.tolist() == [M for M in range(3 * N + 1) if M != 1]
    assert th.omega[:2] == (1, N)
    assert th.beta[0] == pytest.approx(math.log(N) / 2, rel=1e-15)


def test_mirror_spectra_mirror_the_curves():
    # levels k -> 3 - k maps [0, 1, 3] to [0, 2, 3] and M -> 3N - M
    N = 40
    a = finite_thermodynamics(Spectrum.from_levels([0, 1, 3]), N)
    b = finite_thermodynamics(Spectrum.from_levels([0, 2, 3]), N)
    np.testing.assert_array_equal(b.M, 3 * N - a.M[::-1])
    assert b.omega == a.omega[::-1]
    np.testing.assert_array_equal(b.s, a.s[::-1])
    np.testing.assert_allclose(b.beta, -a.beta[::-1], rtol=1e-15, atol=4e-16)


@pytest.mark.parametrize(("step", "q"), [(2, 3), (3, 2), (2, 5)])
def test_a_common_step_is_the_equispaced_system_rescaled(step, q):
    # levels 0, p, ..., p(q - 1): Omega(N, pm) = Omega_q(N, m), so s_N is the same
    # and beta_N, a difference over M -+ p, is beta_q / p
    N = 37
    th = finite_thermodynamics(Spectrum.from_levels([step * k for k in range(q)]), N)
    ref = finite_thermodynamics(q, N)
    assert th.q is None and th.degeneracies == tuple([1] + ([0] * (step - 1) + [1]) * (q - 1))
    np.testing.assert_array_equal(th.M, step * np.arange(N * (q - 1) + 1))
    assert th.omega == ref.omega
    np.testing.assert_array_equal(th.s, ref.s)
    np.testing.assert_array_equal(th.beta, ref.beta / step)


@pytest.mark.parametrize("levels", [[0, 1, 1, 2], [0, 2, 4], [0, 1, 3, 4], [0, 3]])
def test_palindromic_spectra_are_exactly_symmetric(levels):
    N = 41
    th = finite_thermodynamics(Spectrum.from_levels(levels), N)
    D = N * max(levels)
    np.testing.assert_array_equal(th.M, D - th.M[::-1])
    np.testing.assert_array_equal(th.s, th.s[::-1])
    np.testing.assert_array_equal(th.beta, -th.beta[::-1])
    assert (th.beta[2 * th.M < D] > 0).all() and (th.beta[2 * th.M > D] < 0).all()


@pytest.mark.parametrize("N", [1, 2, 17, 150])
@pytest.mark.parametrize("q", [2, 3, 6])
def test_every_form_of_equal_levels_is_the_equispaced_result(q, N):
    ref = finite_thermodynamics(q, N)
    forms = ([1] * q, (1,) * q, np.ones(q, dtype=int), Spectrum([1] * q))
    for system in (*forms, Spectrum.from_levels(list(range(q)))):
        th = finite_thermodynamics(system, N)
        assert (th.q, th.N, th.degeneracies) == (q, N, (1,) * q)
        for name in ("u", "s", "beta", "M"):
            np.testing.assert_array_equal(getattr(th, name), getattr(ref, name))
    for th in (
        EquispacedLevels(q).finite_thermodynamics(N),
        Spectrum([1] * q).finite_thermodynamics(N),
    ):
        np.testing.assert_array_equal(th.beta, ref.beta)


def test_degenerate_levels_against_the_degeneracies():
    # a level listed twice is a degeneracy 2: Spectrum([1, 2, 1]) = (1 + x)^2 per particle
    th = finite_thermodynamics(Spectrum.from_levels([0, 1, 1, 2]), 3)
    assert th.q is None and th.degeneracies == (1, 2, 1)
    assert th.omega == tuple(math.comb(6, M) for M in range(7))
    th2 = finite_thermodynamics(Spectrum([1, 2, 1]), 3)
    np.testing.assert_array_equal(th.beta, th2.beta)
    assert Spectrum([1, 2, 1]).finite_thermodynamics(3).omega == th.omega


def test_the_other_functions_take_spectra_too():
    gapped = Spectrum.from_levels([0, 2, 3])
    th = finite_thermodynamics(gapped, 6)
    np.testing.assert_array_equal(finite_energies(gapped, 6), th.u)
    np.testing.assert_array_equal(finite_entropy(gapped, 6), th.s)
    np.testing.assert_array_equal(finite_inverse_temperature(gapped, 6), th.beta)
    assert 1 / 6 not in finite_energies(gapped, 6)


def test_a_bare_list_is_degeneracies_as_in_spectrum():
    # one meaning of a list across mesosym: g_0..g_d, as Spectrum, evaluator and polynomial_row
    row = Spectrum([1, 1, 0, 1]).multiplicities(3)
    assert finite_thermodynamics([1, 1, 0, 1], 3).omega == tuple(m for m in row if m)
    assert (
        finite_thermodynamics([1, 1, 0, 1], 3).omega
        == finite_thermodynamics(Spectrum.from_levels([0, 1, 3]), 3).omega
    )


def saddle_values(levels, u):
    """s, beta, sigma^2, d ln sigma^2/du and c_1 at u, at 30 digits, from the saddle point."""
    S = Spectrum.from_levels(levels)
    opts = {"backend": "mpmath", "digits": 30}
    var = S.energy_variance_function(**opts)
    with mpmath.workdps(30):
        u = mpmath.mpf(u.numerator) / u.denominator
        h = mpmath.mpf(10) ** -8
        slope = (mpmath.log(var(u + h)) - mpmath.log(var(u - h))) / (2 * h)
        root = S.saddle_point_function(**opts)(u)
        values = (S.entropy_function(**opts)(u), S.inverse_temperature_function(**opts)(u))
        values += (var(u), slope)
    if math.gcd(*levels) > 1:
        return (*values, None)
    c1 = S.asymptotic_expansion(1).corrections[0]
    return (*values, sp.lambdify(x, c1, "mpmath")(root))


SIZES = (40, 160, 640, 2560)


@pytest.mark.parametrize(
    ("levels", "u"),
    [([0, 1, 3], Fraction(1)), ([0, 1, 3], Fraction(9, 4)), ([0, 2, 3], Fraction(1, 2))],
)
def test_convergence_to_the_saddle_point_and_the_first_correction(levels, u):
    s, beta, var, slope, c1 = saddle_values(levels, u)
    s_gaps, beta_gaps, remainders = [], [], []
    for N in SIZES:
        th = finite_thermodynamics(Spectrum.from_levels(levels), N)
        i = th.M.tolist().index(int(u * N))
        assert th.u[i] == float(u)
        s_gaps.append(abs(th.s[i] - float(s)))
        beta_gaps.append(abs(th.beta[i] - float(beta)))
        with mpmath.workdps(30):
            # ln Omega - [N s - (1/2) ln(2 pi N sigma^2)] = c_1/N + O(1/N^2)
            gaussian = N * s - mpmath.log(2 * mpmath.pi * N * var) / 2
            remainders.append(float(mpmath.log(th.omega[i]) - gaussian))
        # N (beta_N - beta) -> -(1/2) d ln sigma^2/du, the slope of the Gaussian term
        assert N * (th.beta[i] - float(beta)) == pytest.approx(-float(slope) / 2, abs=2 / N)
    assert all(a > b for a, b in itertools.pairwise(s_gaps))
    assert all(a > b for a, b in itertools.pairwise(beta_gaps))
    # s - s_N = ln(2 pi N sigma^2)/(2N) + O(1/N^2)
    for N, gap in zip(SIZES, s_gaps, strict=True):
        leading = math.log(2 * math.pi * N * float(var)) / (2 * N)
        assert abs(gap - leading) < 1 / N**2
    # the leading correction is c_1/N of mesosym.levels.asymptotics, to O(1/N^2)
    misses = [abs(N * r - float(c1)) for N, r in zip(SIZES, remainders, strict=True)]
    assert all(a > b for a, b in itertools.pairwise(misses))
    assert misses[-1] < 1e-3 < abs(float(c1))
    assert all(m * N < 0.2 for m, N in zip(misses, SIZES, strict=True))  # c_2/N^2


@pytest.mark.parametrize(("levels", "u"), [([0, 2, 4], Fraction(3, 2)), ([0, 3], Fraction(3, 2))])
def test_a_common_step_p_adds_ln_p_to_the_gaussian_term(levels, u):
    # p saddle points x* e^{2 pi i k/p} on the circle: Omega = p x (Gaussian) where
    # Omega > 0, so ln Omega - [N s - (1/2) ln(2 pi N sigma^2)] -> ln p
    p = math.gcd(*levels)
    s, _, var, _, _ = saddle_values(levels, u)
    misses = []
    for N in SIZES:
        th = finite_thermodynamics(Spectrum.from_levels(levels), N)
        i = th.M.tolist().index(int(u * N))
        with mpmath.workdps(30):
            gaussian = N * s - mpmath.log(2 * mpmath.pi * N * var) / 2
            misses.append(abs(float(mpmath.log(th.omega[i]) - gaussian) - math.log(p)))
    assert all(a > b for a, b in itertools.pairwise(misses))
    assert all(m * N < 1 for m, N in zip(misses, SIZES, strict=True))


def test_exact_log_omega_against_the_expansion_to_third_order():
    # Spectrum.log_multiplicity(order=3) truncates after c_3/N^3: error O(1/N^4)
    S = Spectrum.from_levels([0, 1, 3])
    errors = []
    for N in (40, 80, 160):
        th = finite_thermodynamics(S, N)
        i = th.M.tolist().index(N)  # u = 1
        expansion = S.log_multiplicity(N, N, order=3, digits=30)
        with mpmath.workdps(30):
            errors.append(abs(float(mpmath.log(th.omega[i]) - expansion)))
    assert errors[0] > errors[1] > errors[2]
    assert errors[0] / errors[2] > 2**4 * 0.7  # two doublings of N, fourth order: about 16


def test_result_object_is_frozen_read_only_and_backward_compatible():
    th = finite_thermodynamics(Spectrum.from_levels([0, 1, 3]), 4)
    assert th.max_energy == 3 and th.q is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        th.omega = ()  # type: ignore[misc]
    for name in ("u", "s", "beta", "M"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(th, name)[0] = 1
    old = FiniteNThermodynamics(q=2, N=1, u=np.zeros(2), s=np.zeros(2), beta=np.zeros(2))
    assert old.M.tolist() == [0, 1] and old.degeneracies == (1, 1)
    assert "omega" not in repr(finite_thermodynamics(3, 2000))  # huge ints stay out of repr


@pytest.mark.parametrize(
    ("system", "match"),
    [
        ([0, 2], r"degeneracies need at least two levels, with g_0 > 0.*got \[0, 2\]"),
        ([1], r"degeneracies need at least two levels"),
        ([1, -1, 2], r"degeneracies must all be >= 0"),
        ([1, 1.5], r"degeneracies\[1\] must be an integer; got 1\.5"),
        ([1, True], r"degeneracies\[1\] must be an integer; got the bool True"),
        ([1, "1"], r"degeneracies\[1\] must be an integer"),
        ("013", r"q must be an integer >= 2.*; got the string"),
        (EquispacedLevels(sp.oo), r"needs a concrete integer q >= 2; this system has q = oo"),
    ],
)
def test_bad_spectra_are_refused(system, match):
    for function in (finite_thermodynamics, finite_energies, finite_entropy):
        with pytest.raises(DomainError, match=match):
            function(system, 3)


def test_bad_n_with_a_spectrum():
    with pytest.raises(DomainError, match=r"N must be an integer >= 1; got 0"):
        finite_thermodynamics(Spectrum.from_levels([0, 1, 3]), 0)


def test_huge_rows_are_refused_up_front_with_an_estimate():
    # memory: ~10^6 N coefficients of ~N log2(5) bits
    with pytest.raises(RowTooLargeError, match=r"GiB"):
        finite_thermodynamics(Spectrum.from_levels([0, 1, 3, 10**6]), 10**6)
    with pytest.raises(RowTooLargeError):
        finite_thermodynamics(Spectrum([1, 1, 0, 1]), 10**400)
    # time: 102 sparse levels at N = 6000 fit in memory (2.6 GiB) but take minutes
    with pytest.raises(BudgetError, match=r"would take about .* s \(limit 60 s\); change N"):
        finite_thermodynamics(Spectrum([1, 0, 1, 0, 0, 1] * 17), 6000)
    with pytest.raises(BudgetError, match=r"highest level"):
        finite_thermodynamics(Spectrum.from_levels([0, 10**12]), 1)
