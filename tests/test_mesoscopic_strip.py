"""The Ising strip, a two-dimensional model as a chain of columns, against brute force.

The brute force (:class:`strip_enumeration.BruteForce`) never sees a column state or a
transfer matrix: it enumerates every spin configuration of the w x L square lattice,
groups them by exact integer energy counts and sums Boltzmann weights at 45 digits.
"""

from __future__ import annotations

from fractions import Fraction as R

import mpmath
import pytest
from strip_enumeration import BruteForce

from mesosym.errors import DomainError
from mesosym.mesoscopic import IsingStrip
from mesosym.mesoscopic.cells import split

TOL = mpmath.mpf(10) ** -25


CASES = [
    # the default run keeps one 3 x 4 case, open both ways
    pytest.param(w, L, a, b, marks=[pytest.mark.slow] if w * L > 12 or a + b != "openopen" else [])
    for w, L in [(3, 4), (4, 4), (3, 6)]
    for a in ("open", "periodic")
    for b in ("open", "periodic")
]


@pytest.mark.parametrize(("w", "L", "around", "along"), CASES)
def test_column_cells_against_brute_force(w, L, around, along):
    J, h, beta = R(1), R(1, 4), R(2, 5)
    strip = IsingStrip(width=w, length=L, coupling=J, field=h, beta=beta, boundary=(around, along))
    cells = strip.split(2)
    brute = BruteForce(w, L, J, h, beta, around, along, cells.sizes).quantities()
    with mpmath.workdps(45):
        assert abs(strip.log_partition_function() - brute["log_Z"]) < TOL
        assert abs(cells.boundary_energy() - brute["beta_W"]) < TOL
        assert abs(cells.total_correlation() - brute["TC"]) < TOL
        assert abs(cells.mutual_information(0, 1) - brute["TC"]) < TOL  # two cells: I = TC
        for mine, theirs in zip(
            cells.isolated_log_partition_functions(), brute["log_Z_cells"], strict=True
        ):
            assert abs(mine - theirs) < TOL
        for mine, theirs in zip(cells.relative_entropies(), brute["D"], strict=True):
            assert abs(mine - theirs) < TOL
        # the exact identity ln Z - sum ln Z_i = -beta<W> - TC - sum D_i, from brute force alone
        lhs = brute["log_Z"] - mpmath.fsum(brute["log_Z_cells"])
        rhs = -brute["beta_W"] - brute["TC"] - mpmath.fsum(brute["D"])
        assert abs(lhs - rhs) < TOL
        assert abs(cells.residual()) < TOL


@pytest.mark.slow
def test_three_cells_and_occupations_against_enumeration():
    strip = IsingStrip(
        width=3, length=4, coupling=R(-1, 2), field=R(1, 3), beta=1, boundary=("periodic", "open")
    )
    by_transfer, by_count = strip.split([1, 2, 1]), split(strip, [1, 2, 1], method="enumerate")
    for a, b in [
        (by_transfer.total_correlation(), by_count.total_correlation()),
        (by_transfer.mutual_information(0, 2), by_count.mutual_information(0, 2)),
        (
            by_transfer.mutual_information(0, 1, "occupation"),
            by_count.mutual_information(0, 1, "occupation"),
        ),
        *zip(by_transfer.relative_entropies(), by_count.relative_entropies(), strict=True),
    ]:
        assert abs(a - b) < TOL
    z_mes = strip.log_mesoscopic_partition_function(2)
    from mesosym.mesoscopic import sectors as sec

    assert abs(z_mes - sec.log_mesoscopic_partition_function_by_enumeration(strip, 2)) < TOL
    assert z_mes < strip.log_partition_function()


def test_a_strip_of_width_one_is_the_ising_chain():
    from mesosym.mesoscopic import IsingChain

    strip = IsingStrip(
        width=1, length=7, coupling=R(3, 2), field=R(1, 5), beta=1, boundary=("open", "periodic")
    )
    chain = IsingChain(7, R(3, 2), field=R(1, 5), boundary="periodic")
    assert abs(strip.log_partition_function() - chain.log_partition_function()) < TOL


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"width": 0}, "width"),
        ({"width": 11}, "width"),
        ({"length": 0}, "length"),
        ({"boundary": "open"}, "boundary"),
        ({"boundary": ("open", "twisted")}, "boundary"),
    ],
)
def test_bad_input(kwargs, name):
    args = {"width": 3, "length": 4, "coupling": 1, **kwargs}
    with pytest.raises(DomainError, match="^" + name):
        IsingStrip(**args)
