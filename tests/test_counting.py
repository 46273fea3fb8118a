"""Exact multiplicities: every route against the others, edges and bad input."""

from __future__ import annotations

import math
import random
import sys

import flint
import mpmath
import numpy as np
import pytest
import sympy as sp

from mesosym.errors import DomainError, RowTooLargeError
from mesosym.levels import counting
from mesosym.levels.counting import (
    ROW_BYTES_LIMIT,
    alternating_sum,
    equispaced_coefficient,
    equispaced_row,
    estimate_row_bytes,
    log_multiplicity,
    multinomial_sum_q3,
    polynomial_row,
    sympy_row,
)

# OEIS A002426, the central trinomial coefficients Omega_3(N, N), N = 0..10
CENTRAL_TRINOMIAL = [1, 1, 3, 7, 19, 51, 141, 393, 1107, 3139, 8953]


def flint_row(degeneracies, N):
    """The baseline: flint's polynomial power, as Python ints."""
    return [int(c) for c in (flint.fmpz_poly(list(degeneracies)) ** N).coeffs()]


def s_q3(u):
    """Thermodynamic entropy of q = 3, eqs. (25)-(26), in mpmath."""
    u = mpmath.mpf(u)
    x = ((u - 1) + mpmath.sqrt(1 + 6 * u - 3 * u**2)) / (2 * (2 - u))
    return mpmath.log(1 + x + x * x) - u * mpmath.log(x)


ROW_CASES = [(q, N) for q in (2, 3, 4, 5, 7, 10, 16) for N in (0, 1, 2, 3, 5, 8, 13, 30)]
ROW_CASES += [(100, 7), (1000, 1), (1000, 3), (3, 200), (4, 101), (50, 40)]


# -- rows ---------------------------------------------------------------------
@pytest.mark.parametrize(("q", "N"), ROW_CASES)
def test_row_matches_flint_power(q, N):
    assert equispaced_row(q, N) == flint_row([1] * q, N)


@pytest.mark.parametrize(("q", "N"), [(2, 6), (3, 5), (4, 4), (6, 3), (11, 2), (3, 0)])
def test_row_matches_sympy_poly(q, N):
    assert equispaced_row(q, N) == sympy_row(q, N)


@pytest.mark.parametrize(("q", "N"), ROW_CASES)
def test_row_sum_length_and_palindrome(q, N):
    row = equispaced_row(q, N)
    assert len(row) == N * (q - 1) + 1
    assert sum(row) == q**N
    assert row == row[::-1]
    assert all(type(c) is int for c in row)


@pytest.mark.parametrize("N", [0, 1, 2, 7, 64, 501])
def test_two_levels_give_binomials(N):
    assert equispaced_row(2, N) == [math.comb(N, M) for M in range(N + 1)]


def test_no_particles_give_the_empty_product():
    assert equispaced_row(3, 0) == [1]
    assert equispaced_row(1000, 0) == [1]


def test_central_trinomial_coefficients_oeis_a002426():
    assert [equispaced_row(3, N)[N] for N in range(11)] == CENTRAL_TRINOMIAL


def test_row_accepts_sympy_integers():
    assert equispaced_row(sp.Integer(3), sp.Integer(2)) == [1, 2, 3, 2, 1]


# -- polynomial rows ----------------------------------------------------------
@pytest.mark.parametrize(
    "g",
    [
        [1, 2],
        [2, 7, 1],
        [1, 2, 3, 2, 1],
        [1, 0, 0, 5, 0, 0, 0, 1],
        [3, 0, 0, 0, 0, 0, 1],
        [1, 3, 3, 1],
        [5, 5, 5],
        [2, 2],
        [1] * 12,
        [10**20, 1, 10**20],
        [4],
    ],
)
@pytest.mark.parametrize("N", [0, 1, 2, 9, 40])
def test_polynomial_row_matches_flint(g, N):
    assert polynomial_row(g, N) == flint_row(g, N)


@pytest.mark.parametrize("N", [0, 1, 3, 11])
def test_polynomial_row_shifts_out_empty_low_levels(N):
    g = [0, 0, 2, 0, 3]
    row = polynomial_row(g, N)
    assert len(row) == 4 * N + 1
    assert row[: 2 * N] == [0] * (2 * N)
    assert row == flint_row(g, N)


def test_polynomial_row_ignores_trailing_zeros():
    assert polynomial_row([1, 1, 0, 0], 3) == [1, 3, 3, 1]


def test_polynomial_row_random_spectra_match_flint():
    rng = random.Random(20240611)
    for _ in range(200):
        g = [rng.choice([0, 0, 1, 2, 5, 9]) for _ in range(rng.randint(1, 8))]
        if not any(g):
            continue
        N = rng.randint(0, 25)
        top = max(k for k, gk in enumerate(g) if gk)
        assert polynomial_row(g, N) == flint_row(g[: top + 1], N), (g, N)


def test_polynomial_row_of_equispaced_degeneracies_is_the_equispaced_row():
    assert polynomial_row([1] * 7, 9) == equispaced_row(7, 9)
    assert polynomial_row([3] * 3, 4) == [3**4 * c for c in equispaced_row(3, 4)]


def test_polynomial_row_accepts_tuples_and_numpy_arrays():
    assert polynomial_row((1, 2), 3) == polynomial_row(np.array([1, 2]), 3) == [1, 6, 12, 8]


def test_polynomial_row_matches_sympy():
    x = sp.Symbol("x")
    g = [1, 0, 2, 3]
    expected = sp.Poly(sum(gk * x**k for k, gk in enumerate(g)), x) ** 6
    assert polynomial_row(g, 6) == [int(c) for c in reversed(expected.all_coeffs())]


@pytest.mark.parametrize(
    ("g", "match"),
    [
        ([1, -1], r"degeneracies\[1\] must be an integer >= 0; got -1"),
        ([1, 2.5], r"degeneracies\[1\] must be an integer >= 0; got 2.5"),
        ([0, 0], r"degeneracies must contain a positive entry"),
        ([], r"degeneracies must contain a positive entry"),
        ("111", r"degeneracies must be a sequence of integers"),
        (5, r"degeneracies must be a sequence of integers"),
        ({1, 2}, r"degeneracies must be a sequence of integers"),
        (np.ones((2, 2), dtype=int), r"degeneracies must be a sequence of integers"),
    ],
)
def test_polynomial_row_rejects_bad_degeneracies(g, match):
    with pytest.raises(DomainError, match=match):
        polynomial_row(g, 2)


# -- single coefficients ------------------------------------------------------
COEFFICIENT_CASES = [(q, N) for q in (2, 3, 4, 5, 6, 9, 13) for N in (0, 1, 2, 3, 4, 7, 12, 25)]
COEFFICIENT_CASES += [(1000, 1), (1000, 2), (1000, 5), (300, 8), (64, 20)]


@pytest.mark.parametrize(("q", "N"), COEFFICIENT_CASES)
def test_coefficient_matches_row_and_alternating_sum(q, N):
    row = equispaced_row(q, N)
    top = N * (q - 1)
    Ms = range(-2, top + 3) if top < 200 else [0, 1, q - 1, q, q + 1, top // 2, top - 1, top]
    for M in Ms:
        expected = row[M] if 0 <= M <= top else 0
        assert equispaced_coefficient(q, N, M) == expected, (q, N, M)
        assert alternating_sum(q, N, M) == expected, (q, N, M)


@pytest.mark.parametrize("N", [0, 1, 2, 3, 6, 10, 17, 40])
def test_q3_multinomial_sum_eq7(N):
    for M in range(-1, 2 * N + 2):
        assert multinomial_sum_q3(N, M) == equispaced_coefficient(3, N, M), (N, M)


@pytest.mark.parametrize(("q", "N"), [(3, 300), (3, 1200), (4, 500), (10, 200), (40, 150)])
@pytest.mark.parametrize("route_ratio", [0, 10**9])
def test_binary_splitting_and_term_by_term_routes_agree(monkeypatch, q, N, route_ratio):
    # _SPLIT_RATIO = 0 forces binary splitting, a huge one the term-by-term sum
    monkeypatch.setattr(counting, "_SPLIT_RATIO", route_ratio)
    row = equispaced_row(q, N)
    top = N * (q - 1)
    for M in sorted({q, q + 1, top // 3, top // 2 - 1, top // 2, top - q - 1}):
        assert equispaced_coefficient(q, N, M) == row[M], (q, N, M, route_ratio)


def test_large_q_small_n_takes_fresh_binomials():
    # factors of the term ratio longer than a term: each binomial afresh
    q, N = 1000, 40
    row = equispaced_row(q, N)
    for M in (999, 1000, 1001, 5000, 19980, 19999):
        assert equispaced_coefficient(q, N, M) == row[M]


def test_central_q3_coefficient_against_flint_row_at_n_2000():
    row = flint_row([1, 1, 1], 2000)
    for M in (2000, 1999, 1500, 10, 3990):
        assert equispaced_coefficient(3, 2000, M) == row[M]


def test_central_trinomial_p_recurrence():
    # n T_n = (2n - 1) T_{n-1} + 3 (n - 1) T_{n-2}, an independent route
    t = [1, 1]
    for n in range(2, 1501):
        t.append(((2 * n - 1) * t[-1] + 3 * (n - 1) * t[-2]) // n)
    assert t[:11] == CENTRAL_TRINOMIAL
    for n in (11, 100, 257, 1000, 1500):
        assert equispaced_coefficient(3, n, n) == t[n]


@pytest.mark.slow
def test_central_q3_coefficient_at_n_1e5_modulo_primes():
    # (1 + x + x^2)^N mod p by nmod_poly powering: independent of the integer sum
    N = 10**5
    omega = equispaced_coefficient(3, N, N)
    assert omega.bit_length() == 158487
    for p in (2**61 - 1, 1000000007, 998244353):
        power = flint.nmod_poly([1, 1, 1], p) ** N
        assert omega % p == int(power[N])


@pytest.mark.parametrize("infinity", [sp.oo, math.inf])
def test_infinite_q_is_the_einstein_solid(infinity):
    for N in range(0, 8):
        for M in range(0, 12):
            expected = math.comb(M + N - 1, N - 1) if N else int(M == 0)
            assert equispaced_coefficient(infinity, N, M) == expected


def test_q_beyond_m_needs_no_alternation():
    assert equispaced_coefficient(10**9, 50, 10**4) == math.comb(10**4 + 49, 49)


def test_coefficient_edges():
    assert equispaced_coefficient(3, 0, 0) == 1
    assert equispaced_coefficient(3, 0, 1) == 0
    assert equispaced_coefficient(5, 1, 4) == 1
    assert equispaced_coefficient(5, 1, 5) == 0
    assert equispaced_coefficient(3, 4, -1) == 0
    assert equispaced_coefficient(2, 10**4, 10**4) == 1
    assert equispaced_coefficient(2, 300, 150) == math.comb(300, 150)


# -- ln Omega -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("q", "N", "M"),
    [(2, 4, 2), (3, 10, 10), (3, 500, 123), (7, 60, 180), (1000, 3, 1500), (sp.oo, 20, 50)],
)
def test_log_multiplicity_to_50_digits(q, N, M):
    omega = equispaced_coefficient(q, N, M)
    with mpmath.workdps(80):
        exact = mpmath.log(omega)
    value = log_multiplicity(q, N, M, digits=50)
    assert isinstance(value, mpmath.mpf)
    with mpmath.workdps(80):
        assert abs(value - exact) <= abs(exact) * mpmath.mpf(10) ** -50


@pytest.mark.parametrize(("q", "N", "M"), [(2, 4, 2), (3, 2000, 2000), (5, 300, 77), (9, 7, 1)])
def test_log_multiplicity_float_is_correctly_rounded(q, N, M):
    omega = equispaced_coefficient(q, N, M)
    with mpmath.workprec(300):
        expected = float(mpmath.log(omega))
    assert log_multiplicity(q, N, M) == expected


def test_log_multiplicity_does_not_touch_global_precision():
    before = mpmath.mp.prec
    log_multiplicity(3, 100, 100, digits=200)
    assert mpmath.mp.prec == before


def test_log_of_one_state_is_zero():
    assert log_multiplicity(3, 5, 0) == 0.0
    assert log_multiplicity(3, 0, 0, digits=20) == 0


@pytest.mark.parametrize(("N", "M"), [(4, 9), (4, -1), (0, 1)])
def test_log_multiplicity_of_an_empty_shell_is_refused(N, M):
    with pytest.raises(DomainError, match=rf"Omega = 0: M must lie in 0\.\.{2 * N} .*got M = {M}"):
        log_multiplicity(3, N, M)


def test_log_multiplicity_rejects_bad_digits():
    with pytest.raises(DomainError, match=r"digits must be an integer >= 1 .*; got 0"):
        log_multiplicity(3, 4, 4, digits=0)


@pytest.mark.parametrize("u", ["1/5", "1/2", "1", "3/2"])
def test_entropy_per_particle_approaches_the_thermodynamic_limit(u):
    # s(u) - ln Omega(N, uN)/N = (ln N)/(2N) + O(1/N), eq. (26) for q = 3
    u = mpmath.mpf(sp.Rational(u))
    with mpmath.workdps(30):
        limit = s_q3(u)
        gaps = []
        for N in (100, 1000, 10000):
            M = int(u * N)
            gaps.append((limit - log_multiplicity(3, N, M, digits=30) / N) * N / mpmath.log(N))
    assert all(0.45 < g < 0.7 for g in gaps)
    assert gaps[0] > gaps[1] > gaps[2]


# -- validation and the memory guard ------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"N": -1}, r"N must be an integer >= 0; got -1"),
        ({"N": 2.5}, r"N must be an integer >= 0; got 2\.5"),
        ({"N": True}, r"N must be an integer >= 0; got True"),
        ({"q": 1}, r"q must be an integer >= 2.*; got 1"),
        ({"q": 2.5}, r"q must be an integer >= 2.*; got 2\.5"),
        ({"q": sp.Symbol("q", positive=True, integer=True)}, r"concrete integer q >= 2; got q = q"),
        ({"q": sp.oo}, r"equispaced_row needs a concrete integer q >= 2; got q = oo"),
    ],
)
def test_row_rejects_bad_input(kwargs, match):
    args = {"q": 3, "N": 4} | kwargs
    with pytest.raises(DomainError, match=match):
        equispaced_row(**args)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((3, -1, 0), r"N must be an integer >= 0; got -1"),
        ((3, 2.5, 0), r"N must be an integer >= 0; got 2\.5"),
        ((3, 4, True), r"M must be an integer; got the bool True"),
        ((3, 4, 1.0), r"M must be an integer; got 1\.0"),
        ((1, 4, 2), r"q must be an integer >= 2.*; got 1"),
        ((2.5, 4, 2), r"q must be an integer >= 2.*; got 2\.5"),
        ((sp.Symbol("q", positive=True, integer=True), 4, 2), r"concrete integer q >= 2 or q = oo"),
    ],
)
@pytest.mark.parametrize("function", [equispaced_coefficient, log_multiplicity])
def test_coefficient_rejects_bad_input(function, args, match):
    with pytest.raises(DomainError, match=match):
        function(*args)


def test_reference_routes_validate_too():
    with pytest.raises(DomainError, match="N must be an integer >= 0; got -1"):
        alternating_sum(3, -1, 0)
    with pytest.raises(DomainError, match="M must be an integer; got the bool True"):
        multinomial_sum_q3(3, True)
    with pytest.raises(DomainError, match="sympy_row needs a concrete integer q"):
        sympy_row(sp.oo, 2)


def test_huge_row_is_refused_before_allocation():
    assert estimate_row_bytes(10**6, 10**6) > ROW_BYTES_LIMIT
    with pytest.raises(RowTooLargeError, match=r"GiB \(estimate \d+ bytes\); the limit is"):
        equispaced_row(10**6, 10**6)
    with pytest.raises(RowTooLargeError, match="polynomial_row"):
        polynomial_row([1, 2, 3], 10**7)


def test_row_limit_is_adjustable():
    size = estimate_row_bytes(3, 100)
    assert equispaced_row(3, 100, max_bytes=size) == flint_row([1, 1, 1], 100)
    with pytest.raises(RowTooLargeError, match=f"limit is max_bytes = {size - 1} bytes"):
        equispaced_row(3, 100, max_bytes=size - 1)


def test_row_estimate_bounds_the_real_size():
    row = equispaced_row(3, 400)
    distinct = {id(c): c for c in row}.values()  # the mirrored half shares its ints
    real = sys.getsizeof(row) + sum(sys.getsizeof(c) for c in distinct)
    assert real <= estimate_row_bytes(3, 400) + sys.getsizeof([])


@pytest.mark.parametrize(("q", "N"), [(2, 7), (3, 40), (4, 25), (10, 12), (57, 5)])
def test_fmpz_rows_equal_int_rows(q, N):
    fm = counting.equispaced_row(q, N, integer_type="fmpz")
    assert all(isinstance(c, flint.fmpz) for c in fm)
    assert fm == counting.equispaced_row(q, N)


@pytest.mark.parametrize("g", [[1, 2, 3, 1], [0, 1, 2, 0, 1], [2, 2, 2], [1, 5, 0, 0, 0, 0, 0, 1]])
def test_fmpz_polynomial_rows_equal_int_rows(g):
    fm = counting.polynomial_row(g, 17, integer_type="fmpz")
    assert all(isinstance(c, flint.fmpz) for c in fm)
    assert fm == counting.polynomial_row(g, 17)


def test_bad_integer_type():
    with pytest.raises(DomainError, match='integer_type must be "int" or "fmpz"'):
        counting.equispaced_row(3, 4, integer_type="float")
