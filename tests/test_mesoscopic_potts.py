"""The Potts chain: one new model file, and every verb of part B works on it.

Checked against the literature (Baxter's transfer matrix: mesosym.known.potts_chain),
against brute-force enumeration of the configurations, and against the Ising chain
(q = 2 is the Ising chain with coupling J/2).
"""

from __future__ import annotations

from fractions import Fraction as R

import mpmath
import pytest
import sympy as sp

from mesosym import known
from mesosym.errors import DomainError
from mesosym.mesoscopic import IsingChain, PottsChain
from mesosym.mesoscopic import sectors as sec
from mesosym.mesoscopic.cells import split
from mesosym.mesoscopic.symbols import J, beta
from mesosym.symbols import N, q

TOL = mpmath.mpf(10) ** -25


def _known(key, sites, states, K):
    expr = known.potts_chain[key].subs({N: sites, q: states, known.K: K})
    return mpmath.mpf(str(sp.N(expr, 45)))


@pytest.mark.parametrize("boundary", ["open", "periodic"])
@pytest.mark.parametrize(
    ("sites", "states", "coupling", "b"), [(7, 3, 1, 1), (5, 4, -2, R(1, 3)), (9, 5, R(3, 2), 2)]
)
def test_log_partition_function_is_baxters(boundary, sites, states, coupling, b):
    chain = PottsChain(sites=sites, states=states, coupling=coupling, beta=b, boundary=boundary)
    K = sp.Rational(coupling) * sp.Rational(b)
    with mpmath.workdps(40):
        assert abs(chain.log_partition_function() - _known(boundary, sites, states, K)) < TOL


def test_q_2_is_the_ising_chain_at_half_the_coupling():
    # -J delta(s, s') = -J/2 - (J/2) s s': Z_Potts = e^{beta J (N - 1)/2} Z_Ising(J/2)
    potts = PottsChain(sites=8, states=2, coupling=R(6, 5), beta=R(1, 2))
    ising = IsingChain(8, R(3, 5), beta=R(1, 2))
    with mpmath.workdps(40):
        shift = mpmath.mpf(7) * 3 / 5 / 2
        assert abs(potts.log_partition_function() - ising.log_partition_function() - shift) < TOL


@pytest.mark.parametrize("boundary", ["open", pytest.param("periodic", marks=pytest.mark.slow)])
def test_every_cell_verb_agrees_with_enumeration(boundary):
    chain = PottsChain(sites=6, states=3, coupling=R(7, 5), beta=1, boundary=boundary)
    by_transfer, by_count = split(chain, [2, 3, 1]), split(chain, [2, 3, 1], method="enumerate")
    assert by_transfer.method == "transfer" and by_count.method == "enumerate"
    pairs = [
        (by_transfer.log_partition_function(), by_count.log_partition_function()),
        (by_transfer.boundary_energy(), by_count.boundary_energy()),
        (by_transfer.mutual_information(0, 1), by_count.mutual_information(0, 1)),
        (by_transfer.mutual_information(0, 2), by_count.mutual_information(0, 2)),
        (
            by_transfer.mutual_information(1, 2, "occupation"),
            by_count.mutual_information(1, 2, "occupation"),
        ),
        (by_transfer.total_correlation(), by_count.total_correlation()),
        *zip(by_transfer.relative_entropies(), by_count.relative_entropies(), strict=True),
        *zip(
            by_transfer.isolated_log_partition_functions(),
            by_count.isolated_log_partition_functions(),
            strict=True,
        ),
    ]
    for a, b in pairs:
        assert abs(a - b) < TOL
    assert abs(by_transfer.residual()) < TOL and abs(by_count.residual()) < TOL


def test_neighbour_information_and_subdivision_potential_are_the_closed_forms():
    chain = PottsChain(sites=10, states=4, coupling=1, beta=R(3, 4))
    K = sp.Rational(3, 4)
    with mpmath.workdps(40):
        # two halves of an open chain share exactly the information of the cut bond's sites
        info = chain.split(2).mutual_information(0, 1)
        assert abs(info - _known("neighbour_information", 10, 4, K)) < TOL
        assert abs(chain.subdivision_potential() - _known("subdivision", 10, 4, K)) < TOL
    assert chain.split(2).mutual_information(0, 1) > 0
    ring = PottsChain(sites=10, states=4, coupling=1, beta=R(3, 4), boundary="periodic")
    assert ring.subdivision_potential() == 0


@pytest.mark.parametrize("cells", [3, 2, [1, 4, 1], 1])
def test_mesoscopic_partition_function_against_enumeration(cells):
    chain = PottsChain(sites=6, states=3, coupling=R(-1, 2), beta=2)
    z_mes = chain.log_mesoscopic_partition_function(cells)
    assert abs(z_mes - sec.log_mesoscopic_partition_function_by_enumeration(chain, cells)) < TOL
    assert z_mes <= chain.log_partition_function() + TOL  # Jensen
    d = sec.relative_entropies(chain, cells)
    with mpmath.workdps(40):
        assert abs(d["log_Z"] - d["log_Z_mes"] - d["D(p_mes||p)"]) < TOL


def test_sectors_count_the_sites_in_state_zero():
    chain = PottsChain(sites=4, states=3, coupling=1)
    # a cell of 2 sites holding one site in state 0: 0x or x0 with x in {1, 2}
    assert sec.sector_count(chain, 2, (1, 0)) == 4 * 4
    assert sum(c for c, _, _ in sec.enumerated_sectors(chain, 2).values()) == 3**4


def test_symbolic_potts_chain():
    chain = PottsChain(sites=3, states=3, coupling=J, beta=beta)
    expected = known.potts_chain["open"].subs({N: 3, q: 3, known.K: beta * J})
    assert sp.simplify(sp.exp(chain.log_partition_function()) - sp.exp(expected)) == 0
    closed = known.potts_chain["subdivision"].subs({q: 3, known.K: beta * J})
    assert sp.simplify(sp.exp(chain.subdivision_potential()) - sp.exp(closed)) == 0


@pytest.mark.parametrize("states", [3, 4, 6])
def test_symbolic_eigenvalues_are_the_roots_of_the_characteristic_polynomial(states):
    """Checked by SymPy against det(lambda - T), and numerically against mpmath's solver."""
    chain = PottsChain(sites=4, states=states, coupling=J, beta=beta)
    values = chain.transfer_eigenvalues()
    lam = sp.Symbol("lambda")
    T = chain.transfer_matrix()
    product = sp.Mul(*(lam - v for v in values))
    assert sp.expand(T.charpoly(lam).as_expr() - product) == 0
    lead = values[0]
    assert sp.simplify(T * sp.ones(states, 1) - lead * sp.ones(states, 1)) == sp.zeros(states, 1)
    numeric = PottsChain(sites=4, states=states, coupling=R(-7, 3), beta=R(1, 2))
    point = {J: sp.Rational(-7, 3), beta: sp.Rational(1, 2)}
    with mpmath.workdps(40):
        for a, b in zip(numeric.transfer_eigenvalues(), values, strict=True):
            assert abs(a - mpmath.mpf(str(sp.N(b.subs(point), 40)))) < TOL


def test_a_model_without_closed_eigenvalues_says_why():
    from mesosym.mesoscopic import IsingStrip

    with pytest.raises(DomainError, match="degree 8; beyond degree 4 there is no general"):
        IsingStrip(width=3, length=4, coupling=J).transfer_eigenvalues()
    with pytest.raises(DomainError, match="no closed form"):
        IsingStrip(width=2, length=4, coupling=J, beta=beta).subdivision_potential()


@pytest.mark.parametrize("states", [1, 0, "3", 2.5])
def test_bad_states(states):
    with pytest.raises(DomainError, match="^states"):
        PottsChain(sites=3, states=states, coupling=1)
