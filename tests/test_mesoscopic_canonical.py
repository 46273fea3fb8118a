"""The canonical lattice gas by fugacity polynomials: against enumeration and closed forms."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from fractions import Fraction

import mpmath
import pytest
from cell_table import every_quantity

import mesosym.mesoscopic.canonical as canonical
from mesosym.errors import BudgetError, DomainError
from mesosym.mesoscopic import LatticeGas
from mesosym.mesoscopic import information as info
from mesosym.mesoscopic.cells import AUTO_ENUMERATION_LIMIT, split
from mesosym.mesoscopic.sectors import log_mesoscopic_partition_function
from mesosym.mesoscopic.symbols import eps

TOL = mpmath.mpf(10) ** -25


@pytest.fixture(autouse=True)
def _forty_digits():
    """Compare at 40 digits: values carry 30 (scoped, restored after each test)."""
    with mpmath.workdps(40):
        yield


def mp(x: Fraction) -> mpmath.mpf:
    return mpmath.mpf(x.numerator) / x.denominator


def random_case(seed):
    rng = random.Random(seed)
    sites = rng.randint(5, 14)
    N = rng.randint(0, sites)
    K = rng.randint(2, min(4, sites))
    cuts = sorted(rng.sample(range(1, sites), K - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, sites], strict=True)]

    def r():
        return Fraction(rng.randint(-25, 25), rng.randint(1, 10))

    boundary = rng.choice(["open", "periodic"])
    model = LatticeGas(sites, r(), r(), beta=r(), boundary=boundary, particles=N)
    return model, sizes


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20))
def test_transfer_equals_enumeration_at_every_quantity(seed):
    model, sizes = random_case(seed)
    t = every_quantity(split(model, sizes, method="transfer"))
    e = every_quantity(split(model, sizes, method="enumerate"))
    assert t.keys() == e.keys()
    for name in t:
        assert abs(t[name] - e[name]) < TOL * max(1, abs(e[name])), (name, t[name], e[name])
    assert abs(t["residual"]) < TOL


@pytest.mark.parametrize(
    "model, sizes",
    [
        (LatticeGas(9, 2, 1, particles=0), [4, 5]),
        (LatticeGas(9, 2, 1, particles=9, boundary="periodic"), [4, 5]),
        (LatticeGas(9, Fraction(-3, 2), Fraction(1, 3), particles=9), [2, 3, 4]),
        (LatticeGas(8, Fraction(7, 5), -1, beta=-2, particles=0, boundary="periodic"), [5, 3]),
        (LatticeGas(7, 2, 1, particles=3, boundary="periodic"), [7]),
        (LatticeGas(7, 2, 1, particles=3), [7]),
        (LatticeGas(6, Fraction(-1, 2), 1, particles=2), [1] * 6),
        (LatticeGas(6, Fraction(5, 4), 1, particles=4, boundary="periodic"), [1] * 6),
        (LatticeGas(2, 3, -1, particles=1, boundary="periodic"), [1, 1]),
        (LatticeGas(1, 3, -1, particles=1, boundary="periodic"), [1]),
    ],
    ids=repr,
)
def test_edge_cases_against_enumeration(model, sizes):
    t = every_quantity(split(model, sizes, method="transfer"))
    e = every_quantity(split(model, sizes, method="enumerate"))
    for name in t:
        assert abs(t[name] - e[name]) < TOL * max(1, abs(e[name])), (name, t[name], e[name])


def test_against_a_distribution_built_from_model_energy_alone():
    model = LatticeGas(10, Fraction(13, 10), Fraction(-2, 5), beta=Fraction(9, 10), particles=4)
    sizes = [3, 3, 4]
    c = split(model, sizes, method="transfer")
    weights = {}
    for conf in model.configurations():
        weights[conf] = mpmath.exp(-mp(Fraction(model.beta * model.energy(conf))))
    total = mpmath.fsum(weights.values())
    p = {x: w / total for x, w in weights.items()}
    groups = [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]
    assert abs(c.total_correlation() - info.total_correlation(p, groups)) < TOL
    assert abs(c.mutual_information(0, 2) - info.mutual_information(p, groups[0], groups[2])) < TOL
    count = [lambda x, g=g: sum(x[k] for k in g) for g in groups]
    assert (
        abs(
            c.mutual_information(0, 1, "occupation")
            - info.mutual_information(p, count[0], count[1])
        )
        < TOL
    )
    assert abs(c.log_partition_function() - mpmath.log(total)) < TOL


# -- closed forms --------------------------------------------------------------------------
@pytest.mark.parametrize("boundary", ["open", "periodic"])
def test_zero_coupling_is_binomial(boundary):
    sites, N = 1500, 433
    model = LatticeGas(
        sites, 0, Fraction(-7, 3), beta=Fraction(3, 2), boundary=boundary, particles=N
    )
    exact = mpmath.log(math.comb(sites, N)) + mp(Fraction(3, 2) * Fraction(-7, 3)) * N
    assert abs(model.log_partition_function() / exact - 1) < TOL
    assert abs(split(model, [700, 800]).log_partition_function() / exact - 1) < TOL


def clusters(sites, N, e, m, b, boundary):
    """Z_N by counting clusters: N particles in k runs have N - k occupied bonds.

    Open: C(N-1, k-1) compositions of N into k runs, C(sites-N+1, k) ways to put
    the runs into the sites-N+1 gaps between and around the holes.  Ring
    (0 < N < sites): sites/k C(N-1, k-1) C(sites-N-1, k-1).
    """
    total = mpmath.mpf(0)
    for k in range(1, N + 1):
        if boundary == "open":
            count = math.comb(N - 1, k - 1) * math.comb(sites - N + 1, k)
        else:
            count = (
                mpmath.mpf(sites) / k * math.comb(N - 1, k - 1) * math.comb(sites - N - 1, k - 1)
            )
        total += count * mpmath.exp(mp(b * e) * (N - k))
    return mpmath.log(total) + mp(b * m) * N


@pytest.mark.parametrize(
    "sites, N, e, m, b, boundary",
    [
        (14, 6, Fraction(3, 7), Fraction(-2, 5), Fraction(5, 3), "open"),
        (1200, 500, Fraction(6, 5), Fraction(-1, 2), Fraction(1), "open"),
        (1200, 900, Fraction(-3, 4), Fraction(2), Fraction(-3, 2), "open"),
        (1000, 317, Fraction(2), Fraction(1, 3), Fraction(7, 5), "periodic"),
    ],
)
def test_cluster_sum_closed_form(sites, N, e, m, b, boundary):
    model = LatticeGas(sites, e, m, beta=b, boundary=boundary, particles=N)
    exact = clusters(sites, N, e, m, b, boundary)
    assert abs(model.log_partition_function() / exact - 1) < TOL
    K = 3 if sites % 3 == 0 else 2
    assert abs(split(model, K).log_partition_function() / exact - 1) < TOL


def test_ln_z_against_the_sector_sum():
    # one-site cells of the sector sum: an independent loop over (site, particles so far)
    model = LatticeGas(120, Fraction(9, 10), Fraction(-1, 4), beta=Fraction(4, 3), particles=50)
    old = log_mesoscopic_partition_function(model, 1)
    assert abs(model.log_partition_function() - old) < TOL * abs(old)


def test_ideal_canonical_gas_in_two_cells_is_hypergeometric():
    # eps = 0, two cells and nothing outside them: n_b = N - n_a, the configuration of a
    # cell given n is uniform, so I(X_a : X_b) = I(n_a : n_b) = H(hypergeometric)
    sites, N, La = 1000, 370, 400
    Lb = sites - La
    bm = Fraction(-1, 2)
    model = LatticeGas(sites, 0, bm, particles=N)
    c = split(model, [La, Lb])
    assert c.method == "transfer"
    total = math.comb(sites, N)
    w = [mpmath.mpf(math.comb(La, k) * math.comb(Lb, N - k)) / total for k in range(N + 1)]
    H = -mpmath.fsum(x * mpmath.log(x) for x in w if x)
    assert abs(c.mutual_information(0, 1) - H) < TOL
    assert abs(c.mutual_information(0, 1, "occupation") - H) < TOL
    assert abs(c.total_correlation() - H) < TOL
    assert c.boundary_energy() == 0
    # D(p_a || q_a): p_a(x) = w(n)/C(La, n), q_a(x) = e^(beta mu n)/(1 + e^(beta mu))^La
    z = mpmath.exp(mp(bm))
    D = mpmath.fsum(
        x * (mpmath.log(x / math.comb(La, k)) - k * mp(bm) + La * mpmath.log(1 + z))
        for k, x in enumerate(w)
        if x
    )
    assert abs(c.relative_entropies()[0] - D) < TOL


@pytest.mark.slow
def test_a_large_chain_in_four_cells():
    model = LatticeGas(2000, Fraction(6, 5), Fraction(-1, 2), boundary="periodic", particles=700)
    c = split(model, [500, 400, 600, 500])
    assert c.method == "transfer"
    assert abs(c.residual()) < TOL
    mi = [c.mutual_information(i, i + 1) for i in range(3)]
    occ = [c.mutual_information(i, i + 1, "occupation") for i in range(3)]
    # data processing: the occupation is a function of the configuration
    assert all(0 < o < m for o, m in zip(occ, mi, strict=True))
    assert all(d > 0 for d in c.relative_entropies())
    assert c.total_correlation() > max(mi)


def test_float64_occupation_table_matches_the_ball_table(monkeypatch):
    model = LatticeGas(150, Fraction(13, 10), Fraction(-2, 5), beta=Fraction(4, 5), particles=50)
    exact = [split(model, 3).mutual_information(i, i + 1, "occupation") for i in range(2)]
    monkeypatch.setattr(canonical, "BALL_TABLE_LIMIT", 0)
    fast = [split(model, 3).mutual_information(i, i + 1, "occupation") for i in range(2)]
    for x, y in zip(exact, fast, strict=True):
        assert abs(x - y) < 1e-13 and x > 1e-3


# -- routes, refusals, no SymPy --------------------------------------------------------------
def test_auto_enumerates_small_canonical_gases_only():
    small = LatticeGas(10, 1, particles=4)  # C(10, 4) = 210
    assert math.comb(10, 4) <= AUTO_ENUMERATION_LIMIT
    assert split(small, 2).method == "enumerate"
    assert split(small, 2, method="transfer").method == "transfer"
    assert split(LatticeGas(16, 1, particles=8), 2).method == "transfer"
    assert split(LatticeGas(12, eps, particles=3), 2).method == "enumerate"


def test_refusals_name_the_argument_and_the_estimate():
    with pytest.raises(DomainError, match=r"^method"):
        split(LatticeGas(12, eps, particles=3), 2, method="transfer")
    with pytest.raises(BudgetError, match=r"^sites = 100000, particles = 50000.*s \("):
        split(LatticeGas(10**5, 1, particles=5 * 10**4), 2)
    with pytest.raises(BudgetError, match=r"^sites"):
        LatticeGas(10**6, 1, particles=5 * 10**5).log_partition_function()


@pytest.mark.slow
def test_large_canonical_command_does_not_import_sympy():
    argv = ["mesoscopic", "lattice-gas", "--sites", "1000", "--cells", "4", "--particles", "300"]
    argv += ["--coupling", "6/5", "--boundary", "periodic", "--format", "json"]
    code = (
        "import json, sys, io\nfrom mesosym.cli import main\n"
        f"assert main({argv!r}) == 0\n"
        "assert 'sympy' not in sys.modules, 'sympy imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert '"residual"' in proc.stdout


# -- the canonical sector sum Z_mes (polynomials stepped cell by cell) ---------------------
@pytest.mark.slow
def test_canonical_z_mes_of_the_ideal_gas_is_z():
    # no bonds to average: every sector's Hbar is its energy, Z_mes = C(sites, N) e^(beta mu N)
    model = LatticeGas(1200, 0, Fraction(2, 3), beta=Fraction(-5, 4), particles=401)
    exact = mpmath.log(math.comb(1200, 401)) + mp(Fraction(2, 3) * Fraction(-5, 4)) * 401
    for b in (4, [3, 5, 4] * 100):
        assert abs(model.log_mesoscopic_partition_function(b) / exact - 1) < TOL


@pytest.mark.parametrize("boundary", ["open", "periodic"])
def test_canonical_z_mes_against_the_exact_integer_terms(boundary):
    from mesosym.mesoscopic.sectors import mesoscopic_terms

    b, m, e = Fraction(7, 5), Fraction(-1, 3), Fraction(9, 10)
    model = LatticeGas(24, e, m, beta=b, boundary=boundary, particles=9)
    terms = mesoscopic_terms(model, 3)  # {energy vector (eps, mu, 1): integer count}
    exact = mpmath.log(
        mpmath.fsum(c * mpmath.exp(-mp(b * (v[0] * e + v[1] * m + v[2]))) for v, c in terms.items())
    )
    assert abs(model.log_mesoscopic_partition_function(3) / exact - 1) < TOL


@pytest.mark.slow
def test_interacting_occupation_information_grows_like_half_ln_n():
    # two halves of an interacting canonical gas: I(n_1 : n_2) ~ (1/2) ln N + const, while
    # I(X_1 : X_2) - I(n_1 : n_2) (the boundary's share) saturates
    values = []
    for sites in (300, 3000):
        model = LatticeGas(
            sites, Fraction(6, 5), Fraction(-1, 3), beta=Fraction(3, 2), particles=sites // 3
        )
        c = split(model, 2)
        occ = c.mutual_information(0, 1, "occupation")
        values.append((occ, c.mutual_information(0, 1) - occ))
    growth = values[1][0] - values[0][0]
    assert abs(growth - mpmath.log(10) / 2) < 1e-3
    assert abs(values[1][1] - values[0][1]) < 1e-3 and values[1][1] > 0.05
