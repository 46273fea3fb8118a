"""The lattice statements of docs/papers.md, each reproduced by an independent route.

Issue 20: "not D(p||p_mes), which is an upper bound" was false; the zero-field
information formula needs an open chain; "(F - sum F_cell)/N ~ 1/L" and the constant
excess of configuration over occupation information had no test.
"""

from __future__ import annotations

import itertools
import math

import mpmath
import pytest

from mesosym.mesoscopic import IsingChain, LatticeGas


def _one_cell_by_enumeration(J, beta, sites=3):
    """ln Z - ln Z_mes, D(p || p_mes) and beta <Hbar - H>_p for an open chain as one cell.

    Written from the definitions, without mesosym: the sectors are the numbers of up spins,
    Hbar the sector average of H, p_mes = exp(-beta Hbar)/Z_mes.
    """
    confs = list(itertools.product((1, -1), repeat=sites))

    def H(s):
        return -J * sum(s[i] * s[i + 1] for i in range(sites - 1))

    def n(s):
        return s.count(1)

    with mpmath.workdps(40):
        Z = mpmath.fsum(mpmath.exp(-beta * H(s)) for s in confs)
        sectors = {}
        for s in confs:
            sectors.setdefault(n(s), []).append(H(s))
        Hbar = {k: mpmath.mpf(sum(v)) / len(v) for k, v in sectors.items()}
        Zm = mpmath.fsum(len(v) * mpmath.exp(-beta * Hbar[k]) for k, v in sectors.items())
        p = {s: mpmath.exp(-beta * H(s)) / Z for s in confs}
        pm = {s: mpmath.exp(-beta * Hbar[n(s)]) / Zm for s in confs}
        gap = mpmath.log(Z) - mpmath.log(Zm)
        D = mpmath.fsum(p[s] * mpmath.log(p[s] / pm[s]) for s in confs)
        D_mes = mpmath.fsum(pm[s] * mpmath.log(pm[s] / p[s]) for s in confs)
        bound = beta * mpmath.fsum(p[s] * (Hbar[n(s)] - H(s)) for s in confs)
    return gap, D, D_mes, bound


def test_d_p_pmes_is_not_an_upper_bound_on_the_coarse_graining_gap():
    # the counterexample: an antiferromagnetic 3-spin chain (beta J = -2) as one cell
    gap, D, D_mes, bound = _one_cell_by_enumeration(J=-2, beta=1)
    assert abs(gap - mpmath.mpf("1.6027")) < 5e-5 and abs(D - mpmath.mpf("0.9218")) < 5e-5
    assert D < gap  # so D(p || p_mes) does not bound the gap from above
    assert abs(D_mes - gap) < 1e-30  # the gap is the other order, exactly
    assert gap <= bound  # the bound that holds: ln Z - ln Z_mes <= beta <Hbar - H>_p
    chain = IsingChain(3, -2)  # mesosym's transfer matrices and sectors agree
    with mpmath.workdps(40):
        ours = chain.log_partition_function() - chain.log_mesoscopic_partition_function(3)
        assert abs(ours - gap) < 1e-25


@pytest.mark.parametrize("J, beta", [(-1, 1), (1, 2), (-3, 1 / 2), (1 / 2, -1)])
def test_the_bound_that_holds_on_other_chains(J, beta):
    gap, D, D_mes, bound = _one_cell_by_enumeration(J, beta, sites=4)
    assert abs(D_mes - gap) < 1e-30 and 0 <= gap <= bound and D <= bound


def _zero_field_information(t, d):
    u = t ** (d + 1)
    return ((1 + u) * math.log1p(u) + (1 - u) * math.log1p(-u)) / 2


@pytest.mark.parametrize("d", [0, 1, 3])
def test_zero_field_information_formula_holds_on_an_open_chain_not_a_ring(d):
    J = 0.7
    t = math.tanh(J)
    open_chain = IsingChain(2 * 2 + d, J, digits=20).split([2, d, 2] if d else [2, 2])
    last = 2 if d else 1
    assert (
        abs(float(open_chain.mutual_information(0, last)) - _zero_field_information(t, d)) < 1e-14
    )
    # on a ring the other way round contributes: <s_a s_c> = (t^(d+1) + t^(m+1))/(1 + t^L)
    m = 2
    ring = IsingChain(1 + d + 1 + m, J, boundary="periodic", digits=20)
    cells = ring.split([1, d, 1, m] if d else [1, 1, m])
    got = float(cells.mutual_information(0, 2 if d else 1))
    c = (t ** (d + 1) + t ** (m + 1)) / (1 + t ** (d + m + 2))
    two_paths = ((1 + c) * math.log1p(c) + (1 - c) * math.log1p(-c)) / 2
    assert abs(got - two_paths) < 1e-14 and abs(got - _zero_field_information(t, d)) > 1e-3


def test_free_energy_excess_per_site_falls_like_one_over_the_cell_size():
    # zero field, open chain, K cells of L sites: Z = 2 (2 cosh K)^(N-1) and each cell the
    # same with L, so ln Z - sum ln Z_i = (K - 1) ln cosh(beta J): per site (K-1)/(K L) ln cosh
    K, J = 4, 0.8
    for L in (2, 4, 8):
        cells = IsingChain(K * L, J, digits=20).split(K)
        excess = cells.log_partition_function() - mpmath.fsum(
            cells.isolated_log_partition_functions()
        )
        assert abs(excess / (K * L) - (K - 1) * math.log(math.cosh(J)) / (K * L)) < 1e-15
    # in a field the excess per site still falls like 1/L: L times it settles
    scaled = []
    for L in (8, 16, 32):
        cells = IsingChain(K * L, J, field=0.3, digits=20).split(K)
        excess = cells.log_partition_function() - mpmath.fsum(
            cells.isolated_log_partition_functions()
        )
        scaled.append(float(excess / K))  # = L * excess / N
    first, second = abs(scaled[1] - scaled[0]), abs(scaled[2] - scaled[1])
    assert second < first / 10 and second < 1e-5


def test_canonical_configuration_information_exceeds_occupation_by_a_constant():
    # the occupation information grows like (1/2) ln N; the configuration information
    # exceeds it by a constant (the boundary's share): fugacity polynomials, 100 to 400 sites
    conf, occ = [], []
    for n in (100, 200, 400):
        cells = LatticeGas(n, 1, particles=n // 3, digits=15).split(2)
        conf.append(float(cells.mutual_information(0, 1)))
        occ.append(float(cells.mutual_information(0, 1, "occupation")))
    excess = [a - b for a, b in zip(conf, occ, strict=True)]
    assert all(0.02 < e < 0.03 for e in excess) and max(excess) - min(excess) < 1e-3
    growth = [occ[1] - occ[0], occ[2] - occ[1]]  # per doubling of N
    assert all(abs(g - math.log(2) / 2) < 5e-3 for g in growth)
