"""Lattice models of part B: Z and Z_mes by independent routes, bounds, identities, bad input."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from mesosym import known
from mesosym.errors import BudgetError, DomainError, MesosymError
from mesosym.mesoscopic import IsingChain, LatticeGas
from mesosym.mesoscopic import sectors as sec
from mesosym.mesoscopic.symbols import J, beta, eps, h, mu
from mesosym.symbols import N as SITES_N

TOL = mpmath.mpf(10) ** -25
SITES = 12
DIVISORS = [1, 2, 3, 4, 6, 12]


@pytest.fixture(autouse=True)
def _working_precision():
    """Compare at 40 digits: results carry 30, arithmetic in the tests must not round to 15."""
    with mpmath.workdps(40):
        yield


def models(sites: int = SITES, rng_seed: int = 1):
    """Ising and lattice gas, open and periodic, grand canonical and canonical, either sign."""
    rng = random.Random(rng_seed)

    def r():  # nonzero, either sign
        return Fraction(rng.choice([-1, 1]) * rng.randint(1, 20), rng.randint(5, 12))

    out = []
    for boundary in ("open", "periodic"):
        out.append(IsingChain(sites, r(), field=r(), beta=r(), boundary=boundary))
        out.append(LatticeGas(sites, r(), chemical_potential=r(), beta=r(), boundary=boundary))
        out.append(LatticeGas(sites, r(), r(), beta=r(), boundary=boundary, particles=5))
    return out


def close(a, b, tol=TOL):
    return abs(a - b) <= tol * max(1, abs(a), abs(b))


# -- Z: transfer matrix and generating function against enumeration ------------------------
@pytest.mark.slow
@pytest.mark.parametrize("model", models(), ids=repr)
def test_log_Z_transfer_matrix_equals_enumeration(model):
    with mpmath.workdps(40):
        assert close(
            model.log_partition_function(), sec.log_partition_function_by_enumeration(model)
        )


@pytest.mark.parametrize("boundary", ["open", "periodic"])
def test_canonical_lattice_gas_against_run_counting(boundary):
    # N particles in r runs: k = N - r occupied pairs; open: C(N-1, r-1) C(L-N+1, r)
    # configurations; periodic (0 < N < L): (L/r) C(N-1, r-1) C(L-N-1, r-1).
    L, N, e, m, b = 14, 6, Fraction(3, 7), Fraction(-2, 5), Fraction(5, 3)
    model = LatticeGas(L, e, m, beta=b, boundary=boundary, particles=N)
    with mpmath.workdps(40):
        total = mpmath.mpf(0)
        for r in range(1, N + 1):
            if boundary == "open":
                count = Fraction(math.comb(N - 1, r - 1) * math.comb(L - N + 1, r))
                k = N - r
            else:
                count = Fraction(L, r) * math.comb(N - 1, r - 1) * math.comb(L - N - 1, r - 1)
                k = N - r
            weight = mpmath.exp(
                mpmath.mpf(b.numerator)
                / b.denominator
                * (
                    k * mpmath.mpf(e.numerator) / e.denominator
                    + N * mpmath.mpf(m.numerator) / m.denominator
                )
            )
            total += mpmath.mpf(count.numerator) / count.denominator * weight
        assert close(model.log_partition_function(), mpmath.log(total))


@pytest.mark.slow
@pytest.mark.parametrize("boundary", ["open", "periodic"])
def test_grand_canonical_is_the_generating_function_of_the_canonical(boundary):
    # Xi = sum_N Z_N (Z_N carrying exp(beta mu N)): the fugacity expansion, for Z and Z_mes
    L, e, m, b = 14, Fraction(3, 7), Fraction(-2, 5), Fraction(-5, 3)
    grand = LatticeGas(L, e, m, beta=b, boundary=boundary)
    fixed = [LatticeGas(L, e, m, beta=b, boundary=boundary, particles=n) for n in range(L + 1)]
    for cells in (None, 2, 7, [3, 4, 7]):
        if cells is None:
            total = mpmath.fsum(mpmath.exp(g.log_partition_function()) for g in fixed)
            assert close(grand.log_partition_function(), mpmath.log(total))
        else:
            parts = [mpmath.exp(g.log_mesoscopic_partition_function(cells)) for g in fixed]
            assert close(
                grand.log_mesoscopic_partition_function(cells), mpmath.log(mpmath.fsum(parts))
            )


def test_open_zero_field_ising_closed_form_symbolic():
    n = 7
    z = sp.exp(IsingChain(n, J, beta=beta).log_partition_function())
    ln_closed = known.ising_chain["open"].subs({SITES_N: n, known.K: beta * J})  # Ising 1925
    closed = sp.powsimp(sp.expand_power_exp(sp.exp(ln_closed)))  # 2 (2 cosh K)^(n - 1)
    assert sp.simplify((z - closed).rewrite(sp.exp)) == 0


def test_periodic_ising_is_sum_of_eigenvalue_powers_symbolic():
    n = 6
    chain = IsingChain(n, J, field=h, beta=beta, boundary="periodic")
    lp, lm = chain.transfer_eigenvalues()
    T = chain.transfer_matrix()
    # the eigenvalues are those of T (trace and determinant), and Z = tr T^n
    assert sp.simplify(lp + lm - T.trace()) == 0
    assert sp.simplify(sp.expand(lp * lm - T.det())) == 0
    z = sp.exp(chain.log_partition_function())
    assert sp.simplify(z - (lp**n + lm**n)) == 0
    zero = IsingChain(n, J, beta=beta, boundary="periodic")
    closed = sp.exp(known.ising_chain["periodic"].subs({SITES_N: n, known.K: beta * J}))
    assert sp.simplify((sp.exp(zero.log_partition_function()) - closed).rewrite(sp.exp)) == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    "model",
    [
        IsingChain(SITES, J, field=h, beta=beta),
        IsingChain(SITES, J, field=h, beta=beta, boundary="periodic"),
        LatticeGas(SITES, eps, mu, beta=beta),
        LatticeGas(SITES, eps, mu, beta=beta, boundary="periodic", particles=4),
    ],
    ids=repr,
)
def test_symbolic_Z_exact_routes_agree(model):
    # the exact sector sum with one-site cells and enumeration give identical exponential sums
    a = sp.exp(sec.log_mesoscopic_partition_function(model, 1))
    b = sp.exp(sec.log_partition_function_by_enumeration(model))
    assert a - b == 0
    # the transfer-matrix closed form (grand canonical) agrees at random points to 40 digits
    z = sp.exp(model.log_partition_function())
    rng = random.Random(3)
    for _ in range(3):
        point = {s: sp.Rational(rng.randint(-15, 15), 7) for s in (J, h, beta, eps, mu)}
        assert abs(sp.N((z - b).subs(point), 50)) <= 1e-40 * abs(sp.N(b.subs(point), 50))


def test_million_sites_against_closed_forms():
    n = 10**6
    with mpmath.workdps(45):
        k = {SITES_N: n, known.K: sp.Rational(3, 10)}  # ln Z of Ising (1925) at 50 digits
        closed_open, closed_ring = (
            mpmath.mpf(sp.N(known.ising_chain[b].subs(k), 50)) for b in ("open", "periodic")
        )
        assert close(IsingChain(n, Fraction(3, 10)).log_partition_function(), closed_open, 1e-29)
        ring = IsingChain(n, Fraction(3, 10), boundary="periodic")
        assert close(ring.log_partition_function(), closed_ring, 1e-29)


# -- Z_mes ---------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("model", models(), ids=repr)
def test_Z_mes_transfer_over_cells_equals_sector_enumeration(model):
    with mpmath.workdps(40):
        for b in DIVISORS:
            fast = model.log_mesoscopic_partition_function(cell_size=b)
            slow = sec.log_mesoscopic_partition_function_by_enumeration(model, b)
            assert close(fast, slow), b


@pytest.mark.slow
@pytest.mark.parametrize(
    "model",
    [
        IsingChain(SITES, J, field=h, beta=beta, boundary="periodic"),
        LatticeGas(SITES, eps, mu, beta=beta, particles=5),
    ],
    ids=repr,
)
def test_symbolic_Z_mes_equals_sector_enumeration(model):
    for b in (2, 3, 4, 12):
        a = sp.exp(model.log_mesoscopic_partition_function(cell_size=b))
        c = sp.exp(sec.log_mesoscopic_partition_function_by_enumeration(model, b))
        assert a - c == 0, b


UNEQUAL = [[1, 5, 2, 4], [7, 5], [3, 3, 6], [2, 10]]


@pytest.mark.slow
@pytest.mark.parametrize("model", models(rng_seed=5), ids=repr)
def test_unequal_cells_transfer_equals_enumeration_and_jensen(model):
    z = model.log_partition_function()
    for sizes in UNEQUAL:
        fast = model.log_mesoscopic_partition_function(cell_size=sizes)
        assert close(fast, sec.log_mesoscopic_partition_function_by_enumeration(model, sizes))
        assert fast < z
    # [4, 4, 4] refines [4, 8], which refines [12]: Z_mes grows under refinement
    a, b, c = (
        model.log_mesoscopic_partition_function(cell_size=x) for x in ([4, 4, 4], [4, 8], [12])
    )
    assert a > b > c


@pytest.mark.slow
def test_unequal_cells_symbolic_exact():
    model = LatticeGas(SITES, eps, mu, beta=beta, boundary="periodic", particles=5)
    for sizes in UNEQUAL[:2]:
        a = sp.exp(model.log_mesoscopic_partition_function(cell_size=sizes))
        assert a - sp.exp(sec.log_mesoscopic_partition_function_by_enumeration(model, sizes)) == 0


@pytest.mark.slow
def test_sector_energy_closed_forms_against_enumeration():
    model = IsingChain(SITES, J, field=h, beta=beta, boundary="periodic")
    for b in (3, 4):
        for sector, (count, mean, _) in sec.enumerated_sectors(model, b).items():
            assert sec.sector_count(model, b, sector) == count
            assert (
                sp.expand(sec.sector_energy(model, b, sector) - sec._vector_expr(model, mean)) == 0
            )


def test_cell_pair_averages_of_the_brief():
    # occupied nearest-neighbour pairs inside a cell: (b-1) n(n-1)/(b(b-1)); across: n n'/b^2
    for b in (2, 3, 5):
        for n in range(b + 1):
            gas = LatticeGas(b, -1, 0)  # H = sum n n': Hbar = expected occupied pairs
            assert sec.sector_energy(gas, b, (n,)) == sp.Rational(
                (b - 1) * n * (n - 1), b * (b - 1)
            )
            for m in range(b + 1):
                two = LatticeGas(2 * b, -1, 0)
                within = sp.Rational((b - 1) * (n * (n - 1) + m * (m - 1)), b * (b - 1))
                assert sec.sector_energy(two, b, (n, m)) == within + sp.Rational(n * m, b * b)


@pytest.mark.parametrize("boundary", ["open", "periodic"])
def test_whole_chain_cell_gives_the_fully_coarse_grained_value(boundary):
    # one cell: Hbar(n) = -J B (M^2 - L)/(L (L-1)) - h M, M = 2n - L, B bonds
    L, Jv, hv, bv = 12, Fraction(4, 5), Fraction(-1, 3), Fraction(7, 6)
    model = IsingChain(L, Jv, field=hv, beta=bv, boundary=boundary)
    B = L - 1 if boundary == "open" else L
    with mpmath.workdps(40):
        total = mpmath.mpf(0)
        for n in range(L + 1):
            M = 2 * n - L
            hbar = -Jv * B * Fraction(M * M - L, L * (L - 1)) - hv * M
            e = -bv * hbar
            total += math.comb(L, n) * mpmath.exp(mpmath.mpf(e.numerator) / e.denominator)
        assert close(model.log_mesoscopic_partition_function(cell_size=L), mpmath.log(total))


# -- Jensen, equality, relative entropy ----------------------------------------------------
@pytest.mark.parametrize("model", models(rng_seed=7), ids=repr)
def test_jensen_bound_and_one_site_cells(model):
    with mpmath.workdps(40):
        z = model.log_partition_function()
        assert close(model.log_mesoscopic_partition_function(cell_size=1), z)
        for b in DIVISORS[1:]:
            gap = z - model.log_mesoscopic_partition_function(cell_size=b)
            assert gap > 1e-30  # strict (coupling, beta != 0); rounding is ~1e-38


@pytest.mark.parametrize("boundary", [pytest.param("open", marks=pytest.mark.slow), "periodic"])
def test_equality_when_H_is_constant_on_sectors(boundary):
    # zero coupling: H depends on the occupations only, constant on every sector
    for model in (
        IsingChain(SITES, 0, field=Fraction(2, 3), beta=Fraction(-3, 2), boundary=boundary),
        LatticeGas(SITES, 0, Fraction(1, 3), beta=2, boundary=boundary, particles=4),
    ):
        z = model.log_partition_function()
        for b in DIVISORS:
            assert close(model.log_mesoscopic_partition_function(cell_size=b), z)
    # beta = 0: Z_mes = Z = number of configurations, whatever the coupling
    hot = IsingChain(SITES, 5, field=1, beta=0, boundary=boundary)
    for b in DIVISORS:
        assert close(hot.log_mesoscopic_partition_function(cell_size=b), SITES * mpmath.log(2))


@pytest.mark.slow
@pytest.mark.parametrize("model", models(rng_seed=11)[:4], ids=repr)
def test_relative_entropy_identity(model):
    for b in (3, 12):
        _relative_entropy_case(model, b)


def _relative_entropy_case(model, b):
    with mpmath.workdps(40):
        d = sec.relative_entropies(model, b)
        gap = d["log_Z"] - d["log_Z_mes"]
        assert close(
            gap, model.log_partition_function() - model.log_mesoscopic_partition_function(b)
        )
        # ln Z - ln Z_mes = D(p_mes || p), not D(p || p_mes)
        assert abs(gap - d["D(p_mes||p)"]) <= TOL
        assert abs(d["D(p||p_mes)"] - (-gap + d["beta_mean_Hbar_minus_H"])) <= TOL
        assert d["D(p||p_mes)"] > 0


@pytest.mark.slow
def test_the_other_order_is_not_the_gap():
    # D(p || p_mes) = ln Z_mes - ln Z + beta <Hbar - H>_p differs from ln Z - ln Z_mes
    d = sec.relative_entropies(IsingChain(SITES, 1, field=Fraction(1, 2)), 3)
    gap = d["log_Z"] - d["log_Z_mes"]
    assert abs(gap - d["D(p_mes||p)"]) <= TOL
    assert d["D(p||p_mes)"] - gap > 0.05  # 0.1500 against 0.0935


@pytest.mark.slow
def test_relative_entropy_identity_symbolically():
    # D(p_mes||p) = sum_s p_mes(s) [ln p_mes(s) - ln p(s)]
    #   = ln Z - ln Z_mes + (beta/Z_mes) sum_n e^(-beta Hbar(n)) sum_(s in n) (H(s) - Hbar(n)),
    # and the inner sum vanishes because Hbar(n) is the sector average.  Exact, symbolic J, h, beta.
    LZ, LZm = sp.symbols("LZ LZm", real=True)  # ln Z and ln Z_mes, left unevaluated
    for model, b in (
        (IsingChain(6, J, field=h, beta=beta), 2),
        (LatticeGas(6, eps, mu, beta=beta), 3),
    ):
        zm = 0
        d = 0
        for count, mean, energies in sec.enumerated_sectors(model, b).values():
            hb = sec._vector_expr(model, mean)
            zm += count * sp.exp(-beta * hb)
            for vec, k in energies.items():
                H = sec._vector_expr(model, vec)
                d += k * sp.exp(-beta * hb) * ((-beta * hb - LZm) - (-beta * H - LZ))
        # d / Z_mes = LZ - LZm exactly:
        assert sp.expand(d - zm * (LZ - LZm)) == 0
        assert sp.expand(sp.exp(model.log_mesoscopic_partition_function(b)) - zm) == 0


# -- fixed cells, growing chain -----------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    "model",
    [
        IsingChain(12000, 1, beta=Fraction(1, 2), boundary="periodic"),
        LatticeGas(
            6000, Fraction(3, 2), Fraction(-1, 2), beta=Fraction(-2, 3), boundary="periodic"
        ),
    ],
    ids=repr,
)
def test_free_energy_density_of_Z_mes_from_cell_eigenvalue(model):
    # periodic: ln Z_mes = M ln Lambda_max + exponentially small, checked against the matrix power
    densities = [sec.mesoscopic_free_energy_density(model, b) for b in (1, 2, 3, 4, 6, 12)]
    for b, d in zip((1, 2, 3, 4, 6, 12), densities, strict=True):
        assert close(model.log_mesoscopic_partition_function(b), model.sites * d, 1e-29)
    # b = 1 is ln lambda_+; every b >= 2 loses a finite free energy per site (Jensen, extensive)
    lam = sp.Float(model.transfer_eigenvalues()[0].evalf(50), 50)
    assert close(densities[0], mpmath.log(mpmath.mpf(lam._mpf_)), 1e-29)
    # refining the cells raises Z_mes (a coarse sector is a union of fine ones: Jensen again)
    d = dict(zip((1, 2, 3, 4, 6, 12), densities, strict=True))
    for chain in ((1, 2, 4, 12), (1, 3, 6, 12), (1, 2, 6)):
        assert all(d[f] > d[c] + Fraction(1, 1000) for f, c in zip(chain, chain[1:], strict=False))


# -- subdivision potential -----------------------------------------------------------------
def test_subdivision_potential_zero_field_symbolic():
    e = IsingChain(9, J, beta=beta).subdivision_potential()
    assert sp.simplify((e - sp.log(sp.cosh(beta * J))).rewrite(sp.exp)) == 0


@pytest.mark.parametrize(
    "model",
    [
        IsingChain(4000, Fraction(7, 10), field=Fraction(3, 10), beta=Fraction(13, 10)),
        LatticeGas(4000, Fraction(-7, 10), Fraction(3, 10), beta=Fraction(-13, 10)),
        LatticeGas(4000, 5, -3, beta=2),
    ],
    ids=repr,
)
def test_subdivision_potential_against_exact_ln_Z_n(model):
    with mpmath.workdps(50):
        lam = mpmath.mpf(sp.Float(model.transfer_eigenvalues()[0].evalf(70), 70)._mpf_)
        limit = -(model.log_partition_function() - model.sites * mpmath.log(lam))
        assert abs(model.subdivision_potential() - limit) <= TOL


@pytest.mark.slow
def test_subdivision_potential_symbolic_with_field_matches_numeric():
    e = IsingChain(3, J, field=h, beta=beta).subdivision_potential()
    point = {J: sp.Rational(7, 10), h: sp.Rational(3, 10), beta: sp.Rational(13, 10)}
    numeric = IsingChain(
        3, Fraction(7, 10), Fraction(3, 10), beta=Fraction(13, 10)
    ).subdivision_potential()
    assert abs(sp.N(e.subs(point), 40) - sp.Float(numeric, 30)) < 1e-27


@pytest.mark.parametrize("K", [Fraction(1, 10**10), Fraction(1, 10**30)])
def test_subdivision_potential_small_coupling_keeps_relative_precision(K):
    # ln cosh K ~ K^2/2: the difference ln lambda_+ - ln (u.phi_+)^2 cancels 2 log10(1/K) digits
    with mpmath.workdps(120):
        exact = mpmath.log(mpmath.cosh(mpmath.mpf(K.numerator) / K.denominator))
        assert abs(IsingChain(4, K).subdivision_potential() / exact - 1) < 1e-29
    assert IsingChain(4, 0, field=1).subdivision_potential() == 0  # free spins: Z_n = (2 cosh h)^n


def test_subdivision_potential_periodic_and_canonical():
    assert IsingChain(5, 1, boundary="periodic").subdivision_potential() == 0
    with pytest.raises(DomainError, match="particles"):
        LatticeGas(5, 1, particles=2).subdivision_potential()


# -- model basics --------------------------------------------------------------------------
def test_energy_configurations_and_matrix():
    chain = IsingChain(3, 2, field=1, boundary="periodic")
    assert chain.energy((1, -1, 1)) == -2 * (-1 - 1 + 1) - 1
    gas = LatticeGas(5, 1, particles=2)
    confs = list(gas.configurations())
    assert len(confs) == 10 == len(set(confs)) and all(sum(c) == 2 for c in confs)
    assert IsingChain(2, J, beta=beta).transfer_matrix().shape == (2, 2)
    assert IsingChain(2, J).symbolic and not IsingChain(2, 1).symbolic
    assert IsingChain(3, 1) == IsingChain(3, 1) and hash(IsingChain(3, 1)) == hash(IsingChain(3, 1))
    # a float is held as its exact binary value, as in the continuum gases
    assert LatticeGas(2, 1.5).coupling == sp.Rational(3, 2)
    assert LatticeGas(2, 0.1).coupling == sp.Rational(3602879701896397, 2**55) != sp.Rational(1, 10)
    assert LatticeGas(2, sp.Float(1.5)) == LatticeGas(2, Fraction(3, 2)) == LatticeGas(2, 1.5)
    assert hash(LatticeGas(2, sp.Rational(3, 2))) == hash(LatticeGas(2, 1.5))


@pytest.mark.parametrize("mu", [-60, -200])
@pytest.mark.parametrize("boundary", ["open", "periodic"])
def test_relative_precision_when_ln_Z_is_tiny(mu, boundary):
    # Z = 1 + 5 e^mu + ...: ln Z ~ 1e-26 or 1e-87, still to 30 significant digits
    m = LatticeGas(5, 1, chemical_potential=mu, boundary=boundary)
    ref = LatticeGas(5, 1, chemical_potential=mu, boundary=boundary, digits=150)
    with mpmath.workdps(150):
        z = sec.log_partition_function_by_enumeration(ref)
        zm = sec.log_mesoscopic_partition_function_by_enumeration(ref, [2, 3])
        assert abs(m.log_partition_function() / z - 1) < 1e-29
        assert abs(m.log_mesoscopic_partition_function([2, 3]) / zm - 1) < 1e-29


def test_single_configuration_ensembles_are_exact():
    assert LatticeGas(2000, 1, -60, particles=0).log_partition_function() == 0
    assert LatticeGas(2000, 1, -60, particles=2000).log_partition_function() == 1999 - 120000
    ring = LatticeGas(6, eps, mu, beta=beta, boundary="periodic", particles=6)
    assert ring.log_partition_function() == sp.expand(6 * beta * (eps + mu))


@pytest.mark.slow
def test_negative_beta_accepted():
    chain = IsingChain(SITES, 1, beta=-2)
    assert close(chain.log_partition_function(), sec.log_partition_function_by_enumeration(chain))


# -- bad input -----------------------------------------------------------------------------
@pytest.mark.parametrize("sites", [0, -3, 2.0, 2.5, "12", None, True])
def test_bad_sites(sites):
    with pytest.raises(DomainError, match="sites must be a positive integer"):
        IsingChain(sites, 1)


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), -math.inf, "1", sp.nan, sp.oo, sp.I, 1j]
)
@pytest.mark.parametrize("name", ["coupling", "field", "beta"])
def test_bad_parameters(name, value):
    kwargs = {"coupling": 1, name: value}
    with pytest.raises(DomainError, match=name):
        IsingChain(4, **kwargs)


def test_bad_lattice_gas_parameters():
    with pytest.raises(DomainError, match="chemical_potential"):
        LatticeGas(4, 1, chemical_potential="mu")
    for particles in (-1, 5, 1.5, "2"):
        with pytest.raises(
            DomainError, match=r"particles must be None or an integer in \[0, sites\]"
        ):
            LatticeGas(4, 1, particles=particles)


@pytest.mark.parametrize("boundary", ["closed", "", None, 1])
def test_bad_boundary(boundary):
    with pytest.raises(DomainError, match="boundary must be 'open' or 'periodic'"):
        IsingChain(4, 1, boundary=boundary)


@pytest.mark.parametrize("cell_size", [5, 0, -2, 2.0, "3", 13])
def test_bad_cell_size(cell_size):
    with pytest.raises(
        DomainError, match=r"cell_size must divide sites = 12: one of 1, 2, 3, 4, 6, 12"
    ):
        IsingChain(12, 1).log_mesoscopic_partition_function(cell_size=cell_size)


@pytest.mark.parametrize("cell_size", [[2, 2], [0, 12], [6, "6"], [], (13, -1), [2.0, 10]])
def test_bad_cell_sequences(cell_size):
    with pytest.raises(DomainError, match="sequence of positive integers summing to 12"):
        IsingChain(12, 1).log_mesoscopic_partition_function(cell_size=cell_size)


def test_bad_digits_and_configuration():
    with pytest.raises(DomainError, match="digits"):
        IsingChain(4, 1, digits=0)
    with pytest.raises(DomainError, match="configuration"):
        IsingChain(3, 1).energy((1, 0, 1))
    with pytest.raises(DomainError, match="occupations"):
        sec.sector_energy(IsingChain(4, 1), 2, (3, 0))


def test_refusals_with_estimates():
    with pytest.raises(BudgetError, match=r"2\*\*22"):
        IsingChain(23, 1).configurations()
    with pytest.raises(BudgetError, match="operations"):
        IsingChain(10**4, 1, boundary="periodic").log_mesoscopic_partition_function(
            cell_size=10**4 // 2
        )
    with pytest.raises(BudgetError, match="operations"):
        LatticeGas(10**6, 1, particles=5 * 10**5).log_partition_function()
    with pytest.raises(BudgetError, match="operations"):
        IsingChain(300, J, beta=beta).log_mesoscopic_partition_function(cell_size=3)
    assert issubclass(DomainError, MesosymError)


# -- the derivation ------------------------------------------------------------------------
@pytest.mark.slow
def test_derivation_steps_all_hold():
    from mesosym.derivations import mesoscopic_lattice_coarse_graining as d

    steps = d.derive()
    assert len(steps) >= 10
    assert all(step.ok for step in steps), [s.claim for s in steps if not s.ok]
    # the relative-entropy order and the beta != 0 condition are stated
    conditions = " ".join(s.condition for s in steps)
    assert "D(p_mes || p)" in conditions and "beta != 0" in conditions
