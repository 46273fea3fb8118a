"""Float64 (``digits=None``) on the lattice chains: a real arithmetic, met at its stated bound.

Every float64 value is checked against the 30-digit mpmath route of the same model (an
independent arithmetic: exact exponents, ``fsum``, raised precision) on the whole
domain, edges included: large beta J, many sites, a field near 0, antiferromagnetic
couplings, a ln Z close to 0.  The bounds are the ones the docstrings state:

* ln Z, ln Z_mes, ln Z_i: absolute error below 1e-13 max(1, |ln Z|)
  (:data:`mesosym.mesoscopic.arithmetic.FLOAT64_LOG_ERROR`);
* information measures, beta<W>, residual of K cells: below 1e-13 (K + 1) max(1, |ln Z|);
* the subdivision potential: below 1e-13 max(1, |c|, |d|)/g, with c, d the largest
  exponents of T and u and g = 1 - |lambda_-|/lambda_+ the relative spectral gap.
"""

from __future__ import annotations

from fractions import Fraction as R

import mpmath
import pytest

from mesosym.mesoscopic import IsingChain, IsingStrip, LatticeGas, PottsChain
from mesosym.mesoscopic.arithmetic import FLOAT64, FLOAT64_LOG_ERROR, MPMATH, LogFloat

#: (name, maker(sites, boundary, digits)): the edges of the domain
MODELS = {
    "ising": lambda n, bd, d: IsingChain(n, 1, R(3, 10), boundary=bd, digits=d),
    "ising strong, field ~ 0": lambda n, bd, d: IsingChain(
        n, 50, R(1, 10**9), boundary=bd, digits=d
    ),
    "antiferro": lambda n, bd, d: IsingChain(n, -20, R(1, 10), beta=3, boundary=bd, digits=d),
    "hot": lambda n, bd, d: IsingChain(n, 1, R(1, 2), beta=R(1, 1000), boundary=bd, digits=d),
    "gas, tiny lnZ": lambda n, bd, d: LatticeGas(n, 1, -50, boundary=bd, digits=d),
    "potts q=3": lambda n, bd, d: PottsChain(n, 3, R(3, 2), boundary=bd, digits=d),
    "potts antiferro": lambda n, bd, d: PottsChain(n, 4, -30, boundary=bd, digits=d),
}


def _log_bound(value: float) -> float:
    return FLOAT64_LOG_ERROR * max(1.0, abs(value))


@pytest.mark.parametrize("boundary", ["open", "periodic"])
@pytest.mark.parametrize("sites", [1, 2, 7, 1000, 10**6])
@pytest.mark.parametrize("name", sorted(MODELS))
def test_log_partition_function_meets_its_bound(name, sites, boundary):
    make = MODELS[name]
    fast = make(sites, boundary, None).log_partition_function()
    exact = make(sites, boundary, 30).log_partition_function()
    assert isinstance(fast, float)
    assert abs(fast - float(exact)) <= _log_bound(float(exact))


@pytest.mark.parametrize("boundary", ["open", "periodic"])
@pytest.mark.parametrize(("sites", "cells"), [(6, 2), (6, 3), (1200, 2), (1200, 3), (30000, 4)])
@pytest.mark.parametrize("name", sorted(MODELS))
def test_cell_verbs_meet_their_bound(name, sites, cells, boundary):
    make = MODELS[name]
    fast, exact = make(sites, boundary, None).split(cells), make(sites, boundary, 30).split(cells)
    log_z = float(exact.log_partition_function())
    info_bound = FLOAT64_LOG_ERROR * (cells + 1) * max(1.0, abs(log_z))
    assert abs(fast.log_partition_function() - log_z) <= _log_bound(log_z)
    for a, b in zip(
        fast.isolated_log_partition_functions(),
        exact.isolated_log_partition_functions(),
        strict=True,
    ):
        assert abs(a - float(b)) <= _log_bound(float(b))
    pairs = [
        (fast.total_correlation(), exact.total_correlation()),
        (fast.mutual_information(0, 1), exact.mutual_information(0, 1)),
        (fast.boundary_energy(), exact.boundary_energy()),
        (fast.residual(), 0),
        *zip(fast.relative_entropies(), exact.relative_entropies(), strict=True),
    ]
    for a, b in pairs:
        assert isinstance(a, float)
        assert abs(a - float(b)) <= info_bound


@pytest.mark.parametrize("boundary", ["open", "periodic"])
@pytest.mark.parametrize(("sites", "b"), [(6, 2), (6, 3), (1200, 2), (1200, 5)])
@pytest.mark.parametrize("name", ["ising", "antiferro", "gas, tiny lnZ", "potts q=3"])
def test_mesoscopic_partition_function_meets_its_bound(name, sites, b, boundary):
    make = MODELS[name]
    fast = make(sites, boundary, None).log_mesoscopic_partition_function(b)
    exact = float(make(sites, boundary, 30).log_mesoscopic_partition_function(b))
    assert isinstance(fast, float)
    assert abs(fast - exact) <= _log_bound(exact)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_subdivision_potential_meets_its_bound(name):
    make = MODELS[name]
    model = make(5, "open", 30)
    fast = make(5, "open", None).subdivision_potential()
    exact = model.subdivision_potential()
    with mpmath.workdps(60):
        T = model._transfer_numbers(MPMATH)
        values = sorted(abs(x) for x in mpmath.eigsy(mpmath.matrix(T), eigvals_only=True))
        gap = float(1 - values[-2] / values[-1])
        c = float(max(mpmath.log(x) for row in T for x in row))
        d = float(max(mpmath.log(x) for x in model._end_numbers(MPMATH)))
    assert abs(fast - float(exact)) <= 1e-13 * max(1.0, abs(c), abs(d)) / gap


def test_a_sum_near_one_keeps_its_small_logarithm():
    """Z = 1 + e^-50: ln Z = 1.93e-22, not 0 (log1p around the largest term)."""
    value = LatticeGas(1, 1, -50, digits=None).log_partition_function()
    assert abs(value - float(mpmath.log1p(mpmath.exp(-50)))) < 1e-35


def test_strip_columns_use_the_numpy_products():
    """2^3 column states (beyond the Python products): float64 against 30 digits."""
    fast = IsingStrip(3, 400, 1, R(1, 5), R(2, 5), digits=None)
    exact = IsingStrip(3, 400, 1, R(1, 5), R(2, 5), digits=30)
    value = float(exact.log_partition_function())
    assert abs(fast.log_partition_function() - value) <= _log_bound(value)
    tc = float(exact.split(4).total_correlation())
    assert abs(fast.split(4).total_correlation() - tc) <= FLOAT64_LOG_ERROR * 5 * value


def test_log_float_products_do_not_overflow():
    """e^1000 e^-999 = e, and a count of 10^400 configurations times a weight."""
    x = FLOAT64.exp(1000.0) * FLOAT64.exp(-999.0)
    assert abs(float(x) - 2.718281828459045) < 1e-15
    big = 10**400 * LogFloat(-900.0)
    assert abs(big.log - (400 * 2.302585092994046 - 900)) < 1e-12
