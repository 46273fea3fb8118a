"""Float64 (``digits=None``) on the lattice chains: a real arithmetic, met at its stated bound.

Every float64 value is checked against the 30-digit mpmath route of the same model (an
independent arithmetic: exact exponents, ``fsum``, raised precision) on the whole
domain, edges included: large beta J, many sites, a field near 0, antiferromagnetic
couplings, a ln Z close to 0.  The stated bound (:mod:`mesosym.mesoscopic.arithmetic`) is
linear in the sites: ln Z to u (sites + 1) ((14 log2(sites + 1) + 10) C + 2 s + 8) <=
1e-13 max(1, (sites + 1) C), C = Lambda + ln s (:func:`~mesosym.mesoscopic.arithmetic.
float64_log_error`).  The test-only chains below reach its regimes: ln Z nearly cancelling
(lambda_max ~ 1 with entries 1/s: the parameters' rounding alone moves ln Z by u sites
Lambda), a dominant state (1 + 1e-17 sums), the Python, term-by-term and BLAS products.
For the built-in models, where ln lambda_max is not small against C, the error is
relative to ln Z and these tests hold them to the stronger

* ln Z, ln Z_mes, ln Z_i: absolute error below 1e-13 max(1, |ln Z|);
* information measures, beta<W>, residual of K cells: below 1e-13 (K + 1) max(1, |ln Z|);
* the subdivision potential: below 1e-13 max(1, |c|, |d|)/g, with c, d the largest
  exponents of T and u and g = 1 - |lambda_-|/lambda_+ the relative spectral gap.
"""

from __future__ import annotations

import math
from fractions import Fraction as R

import mpmath
import pytest

from mesosym.errors import DomainError
from mesosym.mesoscopic import IsingChain, IsingStrip, LatticeGas, PottsChain
from mesosym.mesoscopic.arithmetic import (
    FLOAT64,
    FLOAT64_LOG_ERROR,
    MPMATH,
    LogFloat,
    float64_log_error,
)
from mesosym.mesoscopic.models.chain import LatticeChain

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


# -- the bound's regimes: test-only chains whose ln Z is known in closed form ------------------
class _SiteEnergyChain(LatticeChain):
    """Q states, no bond energy; site energy ``ground`` for state 0 and ``excited`` for the rest.

    T[a][b] = w_a w_b with w_a = e^(-beta e_a / 2), so that Z = (sum_a w_a^2)^sites for both
    boundaries (open: (u.u)^sites with u = w; periodic: tr (w w^T)^sites).
    """

    _parameter_names = ("ground", "excited")
    _title = "test chain"
    _hamiltonian = "H = sum_i e(s_i)"
    _letters = (("e_0", "e_0"), ("e_1", "e_1"))

    def __init__(self, sites, states, ground, excited, boundary="open", digits=30):
        self.states = tuple(range(states))
        pairs = (("ground", ground), ("excited", excited))
        super().__init__(sites, pairs, boundary=boundary, digits=digits)

    def _shape(self):
        return (("states", len(self.states)),)

    def _bond(self, a, b):
        return R(0)

    def _site(self, a):
        return self._parameters[0] if a == 0 else self._parameters[1]

    def occupation(self, a):
        return 1 if a == 0 else 0


def _site_chain_log_z(sites, states, ground, excited):
    """Ln (e^-e_0 + (states - 1) e^-e_1)^sites at 40 digits (the closed form)."""
    with mpmath.workdps(40):
        one = mpmath.exp(-mpmath.mpf(ground.numerator) / ground.denominator)
        rest = (states - 1) * mpmath.exp(-mpmath.mpf(excited.numerator) / excited.denominator)
        return sites * mpmath.log(one + rest)


def _site_chain_exponent(ground, excited):
    """Lambda: the largest |exponent| of T (e_a/2 + e_b/2) and of the ends (e_a/2)."""
    return float(max(abs(ground), abs(excited), abs(ground + excited) / 2))


#: (states, e_0, e_1): the regimes of the bound
SITE_CHAINS = {
    # ln Z nearly cancels: lambda_max = 2 e^-0.693147 ~ 1 + 1.8e-7 with entries 1/2; the
    # rounding of the parameters alone moves ln Z by about u sites Lambda
    "cancelling, 2 states (Python)": (2, R(693147, 1000000), R(693147, 1000000)),
    "cancelling, 3 states (Python)": (3, R(5493, 5000), R(5493, 5000)),
    "cancelling, 7 states (termwise)": (7, R(19459, 10000), R(19459, 10000)),
    "cancelling, 70 states (BLAS)": (70, R(424849, 100000), R(424849, 100000)),
    # one dominant state: lambda_max = 1 + 6e^-40, ln Z ~ sites 2.5e-17
    "dominant, 6 states (Python)": (6, R(0), R(40)),
    "dominant, 7 states (termwise)": (7, R(0), R(40)),
    "dominant, 64 states (termwise)": (64, R(0), R(40)),
    "dominant, 70 states (BLAS)": (70, R(0), R(40)),
    # a moderate one: ln lambda_max ~ 2.7e-4, ln Z relative
    "moderate, 7 states (termwise)": (7, R(0), R(10)),
    "large exponents, 8 states": (8, R(-200), R(150)),
}


def _site_chain_errors(name, sites, boundary):
    """(error, the linear bound, ln Z) of the named chain: float64 against the closed form."""
    states, ground, excited = SITE_CHAINS[name]
    model = _SiteEnergyChain(sites, states, ground, excited, boundary=boundary, digits=None)
    exact = _site_chain_log_z(sites, states, ground, excited)
    fast = model.log_partition_function()
    assert isinstance(fast, float)
    bound = float64_log_error(sites, states, _site_chain_exponent(ground, excited))
    return abs(mpmath.mpf(fast) - exact), bound, float(exact)


def _check_site_chain(name, sites, boundary):
    """The linear bound; and up to 64 states, where no product sums 1 + tiny rounded, the
    chains whose ln Z does not cancel meet 1e-13 relative to ln Z itself."""
    error, bound, exact = _site_chain_errors(name, sites, boundary)
    assert error <= bound
    if "BLAS" not in name and not name.startswith("cancelling"):
        assert error <= FLOAT64_LOG_ERROR * max(1e-20, abs(exact))


#: the cheap ones (the 64 and 70 states' products cost ~10 ms each: under slow)
CHEAP = [k for k in sorted(SITE_CHAINS) if "64" not in k and "70" not in k]


@pytest.mark.parametrize(("sites", "boundary"), [(1, "open"), (10**6, "open"), (10**6, "periodic")])
@pytest.mark.parametrize("name", CHEAP)
def test_log_partition_function_meets_the_linear_bound(name, sites, boundary):
    """|error| <= float64_log_error(sites, s, Lambda) <= 1e-13 max(1, (sites + 1) C).

    A sum 1 + 2.5e-17 keeps its 2.5e-17 up to 64 states (largest term + log1p): the
    dominant chains' ln Z ~ sites 2.5e-17 relative to itself; BLAS (70 states) rounds each
    entry relative to itself and loses it, within the linear bound.
    """
    states, ground, excited = SITE_CHAINS[name]
    scale = (sites + 1) * (_site_chain_exponent(ground, excited) + math.log(states))
    assert float64_log_error(sites, states, _site_chain_exponent(ground, excited)) <= (
        FLOAT64_LOG_ERROR * max(1.0, scale)
    )
    _check_site_chain(name, sites, boundary)


@pytest.mark.slow
@pytest.mark.parametrize("boundary", ["open", "periodic"])
@pytest.mark.parametrize("sites", [2, 1000, 10**6, 10**8 + 7, 10**9])
@pytest.mark.parametrize("name", sorted(SITE_CHAINS))
def test_long_and_wide_chains_meet_the_linear_bound(name, sites, boundary):
    _check_site_chain(name, sites, boundary)


@pytest.mark.parametrize(
    ("sites", "boundary"),
    [
        (10**5, "periodic"),
        pytest.param(10**5, "open", marks=pytest.mark.slow),
        pytest.param(10**9, "open", marks=pytest.mark.slow),
        pytest.param(10**9, "periodic", marks=pytest.mark.slow),
    ],
)
@pytest.mark.parametrize(
    ("states", "coupling"), [(7, 40), (7, -40), (8, R(1, 1000)), (2, -30), (9, R(-1, 3))]
)
def test_potts_chains_against_mpmath_matrix_powers(states, coupling, sites, boundary):
    """Potts chains of 7-9 states (numpy products), strong and weak couplings, 40-digit powers.

    ln Z by mpmath's own matrix power of T = (e^K - 1) I + 1 1^T at 40 digits: open
    1^T T^(sites-1) 1, periodic tr T^sites.
    """
    fast = PottsChain(sites, states, coupling, boundary=boundary, digits=None)
    with mpmath.workdps(40):
        K = mpmath.mpf(coupling.numerator if isinstance(coupling, R) else coupling)
        K /= coupling.denominator if isinstance(coupling, R) else 1
        T = mpmath.matrix(states, states)
        for a in range(states):
            for b in range(states):
                T[a, b] = mpmath.exp(K) if a == b else mpmath.mpf(1)
        if boundary == "periodic":
            P = T**sites
            exact = mpmath.log(sum(P[a, a] for a in range(states)))
        else:
            P = T ** (sites - 1)
            exact = mpmath.log(sum(P[a, b] for a in range(states) for b in range(states)))
    error = abs(mpmath.mpf(fast.log_partition_function()) - exact)
    assert error <= float64_log_error(sites, states, abs(float(coupling)))
    assert error <= _log_bound(float(exact))  # ln lambda_max >= ln 2 here: relative to ln Z


def test_the_bound_is_linear_in_the_sites():
    """The module's formula: doubling the sites (at fixed log2) doubles the bound, and it
    meets FLOAT64_LOG_ERROR's scale up to 10^12 sites and 1024 states."""
    a, b = float64_log_error(2**20 - 1, 2, 1.0), float64_log_error(2**21 - 1, 2, 1.0)
    assert 2.0 < b / a < 2.2
    for sites in (1, 10**3, 10**6, 10**9, 10**12):
        for states in (2, 7, 64, 1024):
            for lam in (0.0, 1.0, 10_000.0):
                scale = (sites + 1) * (lam + math.log(states))
                assert float64_log_error(sites, states, lam) <= FLOAT64_LOG_ERROR * scale


@pytest.mark.parametrize(
    ("args", "name"), [((0, 2, 1.0), "sites"), ((5, 0, 1.0), "states"), ((5, 2, "x"), "largest")]
)
def test_the_bound_refuses_bad_input(args, name):
    with pytest.raises(DomainError, match=name):
        float64_log_error(*args)


@pytest.mark.parametrize(
    ("sites", "cells"),
    [
        (120, 3),
        pytest.param(1200, 3, marks=pytest.mark.slow),
        pytest.param(30000, 4, marks=pytest.mark.slow),
    ],
)
@pytest.mark.parametrize(
    "name", ["cancelling, 3 states (Python)", "cancelling, 7 states (termwise)"]
)
def test_cell_verbs_of_a_cancelling_chain_meet_the_linear_bound(name, sites, cells):
    """ln Z, ln Z_i, Z_mes within 1e-13 (sites + 1) C, the information within (K + 1) times it:
    against the 40-digit mpmath context (ln Z also against the closed form)."""
    states, ground, excited = SITE_CHAINS[name]
    fast = _SiteEnergyChain(sites, states, ground, excited, boundary="periodic", digits=None)
    exact = _SiteEnergyChain(sites, states, ground, excited, boundary="periodic", digits=40)
    bound = (
        FLOAT64_LOG_ERROR * (sites + 1) * (_site_chain_exponent(ground, excited) + math.log(states))
    )
    log_z = _site_chain_log_z(sites, states, ground, excited)
    assert abs(exact.log_partition_function() - log_z) < 1e-30 * sites
    assert abs(fast.log_partition_function() - log_z) <= bound
    f, x = fast.split(cells), exact.split(cells)
    pairs = zip(
        f.isolated_log_partition_functions(), x.isolated_log_partition_functions(), strict=True
    )
    for a, b in pairs:
        assert abs(a - b) <= bound
    got = fast.log_mesoscopic_partition_function(cells)
    assert abs(got - exact.log_mesoscopic_partition_function(cells)) <= bound
    assert abs(f.total_correlation() - x.total_correlation()) <= (cells + 1) * bound
