"""Part B written once: the chain protocol, one budget, one symbol per name, routes fall back."""

from __future__ import annotations

from fractions import Fraction as R

import mpmath
import pytest
import sympy as sp

from mesosym import budget
from mesosym import symbols as core
from mesosym.errors import BudgetError
from mesosym.mesoscopic import IsingChain, IsingStrip, LatticeGas, PottsChain
from mesosym.mesoscopic.cells import split
from mesosym.mesoscopic.protocol import is_lattice_model
from mesosym.mesoscopic.symbols import J, eps

TOL = mpmath.mpf(10) ** -25


def test_every_model_follows_the_protocol():
    models = [
        IsingChain(3, 1),
        LatticeGas(3, 1, particles=1),
        PottsChain(sites=3, states=3, coupling=1),
        IsingStrip(width=2, length=3, coupling=1),
    ]
    assert all(is_lattice_model(m) for m in models)
    assert not is_lattice_model(IsingChain) and not is_lattice_model("IsingChain(3, 1)")


@pytest.mark.slow
def test_occupation_total_correlation_on_every_route():
    # issue 16: refused unless method="enumerate", even at 12 sites; now "auto" falls back
    chain = IsingChain(12, R(7, 10), field=R(1, 5))
    by_transfer, by_count = split(chain, 2), split(chain, 2, method="enumerate")
    assert by_transfer.method == "transfer"
    with mpmath.workdps(40):
        # two cells: the total correlation is the occupation mutual information
        assert (
            abs(
                by_transfer.total_correlation("occupation")
                - by_count.total_correlation("occupation")
            )
            < TOL
        )
        three, three_count = split(chain, 3), split(chain, 3, method="enumerate")
        assert (
            abs(three.total_correlation("occupation") - three_count.total_correlation("occupation"))
            < TOL
        )
    # beyond enumeration, more than two cells are refused with the budget's constant
    with pytest.raises(BudgetError, match="ENUMERATION_LIMIT"):
        split(IsingChain(60, 1), 3).total_correlation("occupation")


def test_symbolic_occupation_information_falls_back_to_enumeration():
    chain = IsingChain(4, J)
    cells = split(chain, 2)
    value = cells.mutual_information(0, 1, "occupation")
    assert isinstance(value, sp.Expr) and value.free_symbols == {J}


def test_size_refusals_go_through_the_budget():
    with pytest.raises(BudgetError, match="ENUMERATION_LIMIT"):
        split(IsingChain(30, 1), 2, method="enumerate")
    with pytest.raises(BudgetError, match="JOINT_LIMIT"):
        split(IsingChain(40, 1), 2).joint_distribution(list(range(17)))
    assert budget.ENUMERATION_LIMIT == 2**22 and budget.JOINT_LIMIT == 2**16


def test_one_symbol_per_name():
    # the letter's positive spacing and angular momentum against the lattice's real couplings
    assert J.name != core.J.name and eps.name != core.eps.name
    assert sp.simplify(core.eps - core.eps) == 0 and (eps - core.eps) != 0
    assert {s.name for s in (J, eps, core.J, core.eps)} == {"J", "J_nn", "epsilon", "epsilon_nn"}


@pytest.mark.parametrize(
    "make",
    [
        lambda d: IsingChain(12, R(7, 10), field=R(1, 5), digits=d),
        lambda d: LatticeGas(12, 1, chemical_potential=R(-1, 2), boundary="periodic", digits=d),
        lambda d: PottsChain(sites=8, states=3, coupling=R(3, 2), digits=d),
        pytest.param(
            lambda d: IsingStrip(width=3, length=4, coupling=R(1, 2), field=R(1, 4), digits=d),
            marks=pytest.mark.slow,
        ),
    ],
)
def test_digits_none_is_float64_on_every_lattice_model(make):
    fast, exact = make(None), make(30)
    assert fast.float64 and not exact.float64
    lnz = fast.log_partition_function()
    assert isinstance(lnz, float)
    assert abs(lnz - float(exact.log_partition_function())) <= 1e-15 * abs(lnz)
    cells, cells30 = fast.split(2), exact.split(2)
    pairs = [
        (cells.mutual_information(0, 1), cells30.mutual_information(0, 1)),
        (
            cells.mutual_information(0, 1, "occupation"),
            cells30.mutual_information(0, 1, "occupation"),
        ),
        (cells.total_correlation(), cells30.total_correlation()),
        (cells.boundary_energy(), cells30.boundary_energy()),
        *zip(cells.relative_entropies(), cells30.relative_entropies(), strict=True),
    ]
    for a, b in pairs:
        assert isinstance(a, float) and abs(a - float(b)) < 1e-12
    assert abs(cells.residual()) < 1e-12
    z_mes = fast.log_mesoscopic_partition_function(2)
    assert (
        isinstance(z_mes, float)
        and abs(z_mes - float(exact.log_mesoscopic_partition_function(2))) < 1e-13
    )


@pytest.mark.slow
@pytest.mark.parametrize("boundary", ["open", "periodic"])
def test_float64_occupation_information_against_the_mpmath_table(boundary):
    # cells of 60 sites: the mpmath table (3721 entries) against the float64 programs
    chain = IsingChain(180, 1, field=R(3, 10), boundary=boundary)
    fast = IsingChain(180, 1, field=R(3, 10), boundary=boundary, digits=None)
    for cells in ([60, 60, 60], [60, 120]):
        exact = split(chain, cells)
        quick = split(fast, cells)
        for a, b in [(0, 1), (0, len(cells) - 1)]:
            if a != b:
                value = quick.mutual_information(a, b, "occupation")
                assert abs(value - float(exact.mutual_information(a, b, "occupation"))) < 1e-12


# -- wrong types: mesosym errors naming the argument and what it may be (issue 16) -------------
def _wrong_calls():
    from mesosym.mesoscopic import IsingChain, LatticeGas, arithmetic, canonical, sectors

    gas = LatticeGas(4, 0, particles=2)
    return {
        "sector_count": (lambda: sectors.sector_count("IsingChain(4, 1)", 2, (1, 1)), "model"),
        "energy_vectors": (lambda: sectors.energy_vectors([1, 2]), "model"),
        "free energy": (lambda: sectors.mesoscopic_free_energy_density(None, 2), "model"),
        "canonical lnZ": (lambda: canonical.log_canonical_partition_function(3), "model"),
        "transfer sizes": (lambda: canonical.CanonicalTransfer(gas, [3]), "sizes"),
        "transfer text": (lambda: canonical.CanonicalTransfer(gas, "22"), "sizes"),
        "budget cells": (lambda: canonical.check_budget(gas, "2"), "cells"),
        "arb_exact": (lambda: arithmetic.arb_exact([1]), "x"),
        "rounded": (lambda: arithmetic.rounded(1, "model"), "model"),
        "context_for": (lambda: arithmetic.context_for(object()), "model"),
        "bond_energy": (lambda: IsingChain(3, 1).bond_energy(2, 1), "a"),
        "bond_energy b": (lambda: IsingChain(3, 1).bond_energy(1, [1]), "b"),
        "site_energy": (lambda: LatticeGas(3, 1).site_energy("1"), "a"),
    }


@pytest.mark.parametrize("name", sorted(_wrong_calls()))
def test_wrong_types_raise_mesosym_errors_naming_the_argument(name):
    from mesosym.errors import MesosymError

    call, argument = _wrong_calls()[name]
    with pytest.raises(MesosymError, match=rf"^{argument} must"):
        call()


def test_a_state_is_still_accepted():
    from mesosym.mesoscopic import IsingChain, PottsChain

    assert IsingChain(3, 2).bond_energy(1, -1) == 2
    assert PottsChain(3, 3, 5).bond_energy(2, 2) == -5
