"""Finite-N microcanonical thermodynamics against exact logarithms and the N -> oo limit."""

from __future__ import annotations

import dataclasses
import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from mesosym.errors import DomainError, RowTooLargeError
from mesosym.levels.counting import equispaced_row
from mesosym.levels.finite import (
    FiniteNThermodynamics,
    finite_energies,
    finite_entropy,
    finite_inverse_temperature,
    finite_thermodynamics,
)

CASES = [(2, 1), (2, 2), (2, 7), (3, 1), (3, 4), (3, 151), (4, 33), (7, 12), (10, 300), (100, 3)]


def exact_logs(q, N):
    with mpmath.workdps(40):
        return [mpmath.log(w) for w in equispaced_row(q, N)]


def saddle_q3(u):
    """x* of eq. (25), s of eq. (26) and beta eps = -ln x* of eq. (27)."""
    u = mpmath.mpf(u)
    x = ((u - 1) + mpmath.sqrt(1 + 6 * u - 3 * u**2)) / (2 * (2 - u))
    return mpmath.log(1 + x + x * x) - u * mpmath.log(x), -mpmath.log(x)


@pytest.mark.parametrize(("q", "N"), CASES)
def test_energies_are_m_over_n(q, N):
    u = finite_energies(q, N)
    assert u.dtype == np.float64
    np.testing.assert_array_equal(u, np.arange(N * (q - 1) + 1) / N)


@pytest.mark.parametrize(("q", "N"), CASES)
def test_entropy_is_exact_log_to_double_precision(q, N):
    s = finite_entropy(q, N)
    logs = exact_logs(q, N)
    assert s.dtype == np.float64 and s.shape == (len(logs),)
    with mpmath.workdps(40):
        expected = np.array([float(v / N) for v in logs])
    np.testing.assert_allclose(s, expected, rtol=4e-16, atol=0)


def test_entropy_of_huge_counts_does_not_overflow():
    s = finite_entropy(3, 2000)  # Omega up to ~3^2000, far beyond float range
    assert np.isfinite(s).all()
    assert s.max() == pytest.approx(math.log(3), rel=3e-3)


@pytest.mark.parametrize(("q", "N"), CASES)
def test_beta_is_the_stated_finite_difference(q, N):
    beta = finite_inverse_temperature(q, N)
    logs = exact_logs(q, N)
    top = len(logs) - 1
    with mpmath.workdps(40):
        expected = [logs[1] - logs[0]]
        expected += [(logs[m + 1] - logs[m - 1]) / 2 for m in range(1, top)]
        expected += [logs[top] - logs[top - 1]]
        expected = np.array([float(v) for v in expected])
    # absolute accuracy near 1e-16 even where beta is tiny, at the centre
    np.testing.assert_allclose(beta, expected, rtol=1e-15, atol=4e-16)


@pytest.mark.parametrize(("q", "N"), CASES)
def test_symmetry_and_the_negative_temperature_branch(q, N):
    th = finite_thermodynamics(q, N)
    top = N * (q - 1)
    np.testing.assert_array_equal(th.s, th.s[::-1])
    np.testing.assert_array_equal(th.beta, -th.beta[::-1])
    if N == 1:  # one particle: one state at every energy, no entropy, no temperature
        assert not th.s.any() and not th.beta.any()
        return
    M = np.arange(top + 1)
    assert (th.beta[2 * M < top] > 0).all()
    assert (th.beta[2 * M > top] < 0).all()
    if top % 2 == 0:
        assert th.beta[top // 2] == 0.0
        assert int(np.argmax(th.s)) == top // 2


def test_two_levels_known_answer():
    N = 10
    beta = finite_inverse_temperature(2, N)
    assert beta[0] == pytest.approx(math.log(N))
    for M in range(1, N):
        ratio = math.comb(N, M + 1) / math.comb(N, M - 1)
        assert beta[M] == pytest.approx(0.5 * math.log(ratio), rel=1e-15)


@pytest.mark.parametrize("u", [0.5, 1.0, 1.5])
def test_approach_to_the_thermodynamic_limit_q3(u):
    s_inf, beta_inf = saddle_q3(u)
    sizes = (50, 400, 3200)
    s_gaps, beta_gaps = [], []
    for N in sizes:
        th = finite_thermodynamics(3, N)
        M = round(u * N)
        assert th.u[M] == u
        s_gaps.append(float(s_inf) - th.s[M])
        beta_gaps.append(abs(float(beta_inf) - th.beta[M]))
    # s_N = s - (ln N)/(2N) + O(1/N)
    assert all(0.4 < g * N / math.log(N) < 0.8 for g, N in zip(s_gaps, sizes, strict=True))
    assert s_gaps[0] > s_gaps[1] > s_gaps[2] > 0
    assert beta_gaps[2] < 1e-3
    assert beta_gaps[0] >= beta_gaps[1] >= beta_gaps[2]


def test_result_object_is_frozen_and_read_only():
    th = finite_thermodynamics(3, 5)
    assert isinstance(th, FiniteNThermodynamics)
    assert (th.q, th.N) == (3, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        th.N = 6  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        th.s[0] = 1.0


def test_sympy_integers_are_accepted():
    th = finite_thermodynamics(sp.Integer(3), sp.Integer(2))
    assert (th.q, th.N) == (3, 2) and type(th.q) is int


@pytest.mark.parametrize(
    ("q", "N", "match"),
    [
        (3, 0, r"N must be an integer >= 1; got 0"),
        (3, -1, r"N must be an integer >= 1; got -1"),
        (3, 2.5, r"N must be an integer >= 1; got 2\.5"),
        (1, 3, r"q must be an integer >= 2.*; got 1"),
        (2.5, 3, r"q must be an integer >= 2.*; got 2\.5"),
        (sp.oo, 3, r"needs a concrete integer q >= 2; got q = oo"),
        (sp.Symbol("q", positive=True, integer=True), 3, r"needs a concrete integer q >= 2"),
    ],
)
@pytest.mark.parametrize(
    "function",
    [finite_thermodynamics, finite_energies, finite_entropy, finite_inverse_temperature],
)
def test_bad_input_is_refused(function, q, N, match):
    with pytest.raises(DomainError, match=match):
        function(q, N)


def test_huge_system_is_refused():
    with pytest.raises(RowTooLargeError):
        finite_thermodynamics(10**6, 10**6)


@pytest.mark.parametrize(
    "function", [finite_energies, finite_entropy, finite_inverse_temperature, finite_thermodynamics]
)
def test_each_function_checks_its_arguments_under_its_own_name(function):
    with pytest.raises(DomainError, match=f"{function.__name__} needs a concrete integer q"):
        function(sp.Symbol("q"), 3)
    with pytest.raises(DomainError, match="N must be an integer >= 1"):
        function(3, 0)
