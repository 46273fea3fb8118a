"""The canonical chain in float64 (``digits=None``): met at its stated bound, against balls.

Every float64 value of the canonical route (numpy fugacity polynomials,
:class:`~mesosym.mesoscopic.arithmetic.ScaledFugacityPolynomials`) is checked against
the same model at 30 digits (ball arithmetic, certified radius: an independent
arithmetic) on the edges of the domain: no particle, a full chain, one cell, cells of
one site, strong attraction and repulsion (|beta eps| up to 300), a strongly
negative chemical potential, rings and open chains, a few to a few hundred sites.
The bounds are those :meth:`CanonicalTransfer.float64_errors` states; the occupation
information's is 1e-12.
"""

from __future__ import annotations

import math
from fractions import Fraction as R

import mpmath
import pytest
from cell_table import every_quantity

import mesosym.mesoscopic.canonical as canonical
from mesosym.errors import BudgetError
from mesosym.mesoscopic import LatticeGas
from mesosym.mesoscopic.arithmetic import (
    FLOAT64_LOG_ERROR,
    RESOLVED,
    LogFloat,
    ScaledFugacityPolynomials,
    Unresolved,
)
from mesosym.mesoscopic.cells import split


@pytest.fixture
def numpy_polynomials(monkeypatch):
    """Run the float64 polynomials at every size (by default short ones run in balls)."""
    monkeypatch.setattr(canonical, "FLOAT64_PARTICLES", 0)


#: (name, sites, cells, particles, eps, mu, beta, boundary): the edges of the domain
CASES = [
    ("no particle", 40, 2, 0, R(1), R(-1, 2), 1, "open"),
    ("full chain", 40, 2, 40, R(1), R(-1, 2), 1, "open"),
    ("one cell, ring", 60, 1, 20, R(6, 5), R(-1, 3), R(3, 2), "periodic"),
    ("cells of one site", 12, 12, 5, R(1), R(1, 5), 1, "open"),
    ("moderate, open", 300, 2, 100, R(6, 5), R(-1, 3), R(3, 2), "open"),
    ("moderate, ring, K=3", 240, 3, 100, R(6, 5), R(-1, 3), R(3, 2), "periodic"),
    ("strong attraction", 200, 4, 60, R(40), R(-7), R(3, 2), "open"),
    ("|beta eps| 300, repulsive", 160, 2, 50, R(-300), R(2), 1, "periodic"),
    ("|beta eps| 300, attractive", 160, 2, 80, R(300), R(-150), 1, "open"),
    ("dilute, mu << 0", 400, 2, 20, R(1, 2), R(-30), 1, "open"),
    ("dense", 300, 3, 290, R(1, 2), R(3), 1, "open"),
]


def quantities(cells):
    """The canonical cell table by name (that of test_mesoscopic_canonical), and a joint law."""
    out = every_quantity(cells)
    if len(cells) > 1:
        out["joint"] = cells.joint_distribution([0, cells.model.sites - 1])
    return out


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_canonical_quantity_meets_its_float64_bound(case, numpy_polynomials):
    _, sites, K, N, e, mu, beta, boundary = case

    def make(digits):
        gas = LatticeGas(sites, e, mu, beta=beta, boundary=boundary, particles=N, digits=digits)
        return split(gas, K, method="transfer")

    fast, exact = make(None), make(30)
    got, want = quantities(fast), quantities(exact)
    log_bound, info_bound = fast._canon.float64_errors()
    assert info_bound < 1e-4  # a useful bound, not a vacuous one
    # the isolated cells are grand canonical: the float64 context's bound
    isolated = [abs(float(v)) for k, v in want.items() if k.startswith("lnZ_")]
    isolated_bound = FLOAT64_LOG_ERROR * sum(max(1.0, v) for v in isolated)
    for name, value in got.items():
        if name == "joint":
            for x, p in value.items():
                assert isinstance(p, float)
                assert abs(p - float(want[name][x])) <= info_bound, (name, x)
            continue
        assert isinstance(value, float) and math.isfinite(value), name
        if name == "lnZ":
            bound = log_bound
        elif name.startswith("In"):
            bound = 1e-12
        elif name.startswith("lnZ_"):
            bound = FLOAT64_LOG_ERROR * max(1.0, abs(float(want[name])))
        elif name == "residual":
            bound = log_bound + isolated_bound + 4 * info_bound
        else:
            bound = info_bound
        assert abs(value - float(want[name])) <= bound, (name, value, want[name], bound)
    # the float64 polynomials ran (no fall-back to balls) wherever there are particles
    assert N == 0 or any(str(k).startswith("f64") for k in fast._canon._arith)


def test_the_bound_is_not_far_above_the_measured_error(numpy_polynomials):
    """At 300 sites the stated bound on ln Z is within 10^6 of the error (not vacuous)."""
    gas = dict(boundary="open", particles=100, beta=R(3, 2))
    fast = split(LatticeGas(300, R(6, 5), R(-1, 3), digits=None, **gas), 2, method="transfer")
    exact = split(LatticeGas(300, R(6, 5), R(-1, 3), digits=30, **gas), 2, method="transfer")
    error = abs(fast.log_partition_function() - float(exact.log_partition_function()))
    log_bound, _ = fast._canon.float64_errors()
    assert error <= log_bound < 1e6 * max(error, 2.0**-53 * 53)


def test_the_float64_route_is_the_default_beyond_short_polynomials():
    """Digits=None with N >= FLOAT64_PARTICLES: float64 polynomials; below, balls."""
    for N, numpy in ((canonical.FLOAT64_PARTICLES, True), (5, False)):
        cells = split(LatticeGas(200, 1, particles=N, digits=None), 2, method="transfer")
        assert isinstance(cells.total_correlation(), float)
        assert any(str(k).startswith("f64") for k in cells._canon._arith) is numpy


def test_an_unresolved_coefficient_falls_back_to_balls(numpy_polynomials, monkeypatch):
    """Untilted, the z^N coefficient of a dilute chain is e^-2000 of its vector's largest."""
    monkeypatch.setattr(canonical, "fugacity_tilt", lambda model, particles: 0.0)
    gas = dict(particles=200, boundary="open")
    fast = split(LatticeGas(400, 0, -10, digits=None, **gas), 2, method="transfer")
    exact = split(LatticeGas(400, 0, -10, digits=30, **gas), 2, method="transfer")
    value = fast.log_partition_function()
    assert math.isfinite(value)
    assert abs(value - float(exact.log_partition_function())) < 1e-12 * abs(value)
    assert not any(str(k).startswith("f64") for k in fast._canon._memo if k[-1] != "f64")
    assert fast._canon._memo[("lnZ", "f64")] is None  # refused in float64, then balls


def test_scaled_polynomials_against_exact_integer_products():
    """(1 + 2z)^40 (3 + z)^40 truncated at z^30: every coefficient to the stated epsilon."""
    N = 30
    poly = ScaledFugacityPolynomials(N)

    def linear(a, b):
        return poly.add([poly.mono(LogFloat(math.log(a)), 0), poly.mono(LogFloat(math.log(b)), 1)])

    p = poly.one
    for _ in range(40):
        p = poly.mul(p, linear(1, 2))
        p = poly.mul(p, linear(3, 1))
    exact = [0] * (N + 1)
    for i in range(41):
        for j in range(41):
            if i + j <= N:
                exact[i + j] += math.comb(40, i) * 2**i * math.comb(40, j) * 3 ** (40 - j)
    eps = poly.error(80, 2, math.log(3))
    for k in range(N + 1):
        got = poly.coeff_sum([(p, k, poly.unit)])
        assert abs(got.log - math.log(exact[k])) <= eps


def test_scaled_polynomials_refuse_what_they_cannot_resolve():
    poly = ScaledFugacityPolynomials(2)
    p = poly.add([poly.mono(poly.unit, 0), poly.mono(LogFloat(-1000.0), 2)])
    assert float(p.c[2]) < RESOLVED  # e^-1000 of the largest: beyond float64
    with pytest.raises(Unresolved):
        poly.coeff_sum([(p, 2, poly.unit)])
    with pytest.raises(Unresolved):
        poly.mean_log([(poly.one, p)])  # the only weight is unresolved
    assert poly.coeff_sum([(p, 0, poly.unit)]).log == 0.0


def test_the_tilt_is_the_grand_canonical_fugacity_of_the_density():
    """Ideal gas: the density t/(1 + t) = N/sites, so ln t = ln(rho/(1 - rho))."""
    for rho in (R(1, 10), R(1, 2), R(9, 10)):
        sites = 5000
        N = int(rho * sites)
        tilt = canonical.fugacity_tilt(LatticeGas(sites, 0, particles=N), N)
        assert abs(tilt - math.log(rho / (1 - rho))) < 2e-2


def test_mpmath_values_are_unchanged_by_the_float64_route():
    """Digits=30 still runs in balls: the example of the module's docstring, by hand."""
    with mpmath.workdps(30):
        z = split(LatticeGas(10, 0, 1, particles=4), 1, method="transfer")
        want = mpmath.log(210) + 4
        assert abs(z.log_partition_function() - want) < mpmath.mpf(10) ** -28


# The float64 route's cell table of the lattice gas (eps = 1, mu = -1/2), measured
# (sites, cells, particles, CPU s, peak MB) on a loaded 2-core machine, December 2026:
FLOAT64_RUNS = [
    (1000, 1000, 333, 7.03, 135),
    (6000, 20, 2000, 0.71, 58),
    (15000, 2, 5000, 0.28, 77),
    (30000, 2, 10000, 0.69, 107),
    (3000, 30, 1000, 0.37, 54),
]


@pytest.mark.parametrize(("sites", "cells", "particles", "seconds", "megabytes"), FLOAT64_RUNS)
def test_the_float64_estimates_cover_the_measured_runs(sites, cells, particles, seconds, megabytes):
    t = canonical.estimated_seconds(sites, particles, cells, float64=True)
    m = canonical.estimated_bytes(sites, particles, cells, float64=True) / 1e6
    assert seconds <= t <= 10 * seconds + 1
    assert megabytes <= m


def test_the_refusal_uses_the_estimate_of_the_route_that_runs():
    """30 000 sites, 10 000 particles in two cells: balls would take minutes, float64 a second."""
    ball = LatticeGas(30000, 1, R(-1, 2), particles=10000)
    fast = LatticeGas(30000, 1, R(-1, 2), particles=10000, digits=None)
    with pytest.raises(BudgetError, match="ball operations"):
        canonical.check_budget(ball, 2)
    canonical.check_budget(fast, 2)  # admitted: estimated below 3 s
    assert canonical.estimated_seconds(30000, 10000, 2, float64=True) < 3


def test_the_top_window_of_a_product_equals_the_product():
    """Mul_top's direct sums over a short window (and its convolution otherwise) match mul."""
    import numpy as np

    N = 200
    poly = ScaledFugacityPolynomials(N)
    rng = np.random.default_rng(7)
    p = poly.add(poly.mono(LogFloat(float(x)), k) for k, x in enumerate(rng.normal(size=N + 1)))
    q = poly.add(poly.mono(LogFloat(float(x)), k) for k, x in enumerate(rng.normal(size=N + 1)))
    full = poly.mul(p, q)
    for lo in (N - 5, 10):  # a window of 6 (direct sums), of 191 (convolution)
        top = poly.mul_top(p, q, lo)
        for k in range(N + 1):
            want = poly.coeff_sum([(full, k, poly.unit)]).log if k >= lo else -math.inf
            got = poly.coeff_sum([(top, k, poly.unit)]).log if k >= lo else -math.inf
            assert got == want or abs(got - want) < 1e-13, (lo, k)
        assert not top.c[:lo].any()


@pytest.mark.slow
@pytest.mark.parametrize(("sites", "boundary"), [(1200, "periodic"), (4800, "open")])
def test_long_chains_meet_the_float64_bound(sites, boundary):
    """The benchmark's gas at 1200 and 4800 sites (N = sites/3), float64 by default."""
    gas = dict(beta=R(3, 2), boundary=boundary, particles=sites // 3)
    fast = split(LatticeGas(sites, R(6, 5), R(-1, 3), digits=None, **gas), 2, method="transfer")
    exact = split(LatticeGas(sites, R(6, 5), R(-1, 3), digits=30, **gas), 2, method="transfer")
    log_bound, info_bound = fast._canon.float64_errors()
    assert abs(fast.log_partition_function() - float(exact.log_partition_function())) <= log_bound
    for name in ("total_correlation", "boundary_energy"):
        a, b = getattr(fast, name)(), getattr(exact, name)()
        assert abs(a - float(b)) <= info_bound, name
    a, b = fast.mutual_information(0, 1, "occupation"), exact.mutual_information(0, 1, "occupation")
    assert abs(a - float(b)) <= 1e-12
    assert any(str(k).startswith("f64") for k in fast._canon._arith)
