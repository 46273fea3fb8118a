"""Factorisation against extensivity on two-dimensional strips, against independent routes.

* brute force (:class:`strip_enumeration.BruteForce`: every spin configuration of the
  w x L lattice grouped by exact integer energy counts, summed at 45 digits) checks the
  sweeps of :func:`strip_factorisation` term by term at 1e-25;
* the generic cells of :class:`IsingStrip` (dense mpmath transfer matrices built from the
  strip's ``_bond``/``_site``, the environment route of :mod:`mesosym.mesoscopic.cells`)
  check them on wider cells;
* the long-cell limit of :func:`cut_terms` comes from the Lanczos/Newton eigenpair of the
  cylinder, a route the sweeps (matrix-vector products from the ends) never use: the
  sweeps with long cells must converge to it (30 digits at small w, float64 at w = 6, 8);
* the strip's column energies are the 1D Ising chain's (a 2D model is rows of a 1D model);
  the open-width cylinder's ln lambda is the dense strip transfer matrix's.
"""

from __future__ import annotations

import math
from fractions import Fraction as R

import mpmath
import pytest
from conftest import cpu_budget
from strip_enumeration import BruteForce

from mesosym.errors import BudgetError, DomainError
from mesosym.mesoscopic import IsingChain, IsingCylinder, IsingStrip
from mesosym.mesoscopic.factorisation import (
    CRITICAL_TEMPERATURE,
    cut_terms,
    factorisation_table,
    strip_factorisation,
)

TOL = mpmath.mpf(10) ** -25

CASES = [
    pytest.param(w, L, around, sizes, marks=[pytest.mark.slow] if w * L > 12 else [])
    for w, L, sizes in [(3, 4, (2, 2)), (3, 4, (1, 2, 1)), (4, 4, (2, 2)), (3, 6, (2, 1, 3))]
    for around in ("open", "periodic")
]


@pytest.mark.parametrize(("w", "L", "around", "sizes"), CASES)
def test_every_term_against_brute_force(w, L, around, sizes):
    J, h, beta = R(1), R(1, 4), R(2, 5)
    t = strip_factorisation(w, L, list(sizes), coupling=J, field=h, beta=beta, around=around)
    brute = BruteForce(w, L, J, h, beta, around, "open", sizes).quantities()
    with mpmath.workdps(45):
        lhs = brute["log_Z"] - mpmath.fsum(brute["log_Z_cells"])
        assert abs(t.log_z_excess - lhs) < TOL
        assert abs(t.boundary_energy - brute["beta_W"]) < TOL
        assert abs(t.total_correlation - brute["TC"]) < TOL
        for mine, theirs in zip(t.relative_entropies, brute["D"], strict=True):
            assert abs(mine - theirs) < TOL
        assert abs(t.residual) < TOL
    assert t.cuts == len(sizes) - 1 and t.boundary_length == w * (len(sizes) - 1)


@pytest.mark.parametrize("around", ["open", "periodic"])
def test_against_the_generic_cells_of_the_strip(around):
    J, h, beta = R(-1, 2), R(1, 3), R(3, 4)
    strip = IsingStrip(width=3, length=7, coupling=J, field=h, beta=beta, boundary=(around, "open"))
    cells = strip.split([3, 4])
    t = strip_factorisation(3, 7, [3, 4], coupling=J, field=h, beta=beta, around=around)
    with mpmath.workdps(45):
        lhs = cells.log_partition_function() - mpmath.fsum(cells.isolated_log_partition_functions())
        assert abs(t.log_z_excess - lhs) < TOL
        assert abs(t.boundary_energy - cells.boundary_energy()) < TOL
        assert abs(t.total_correlation - cells.total_correlation()) < TOL
        for mine, theirs in zip(t.relative_entropies, cells.relative_entropies(), strict=True):
            assert abs(mine - theirs) < TOL


@pytest.mark.parametrize(
    ("w", "T", "around", "length", "h"),
    [
        (3, 4.0, "periodic", 201, R(1, 20)),
        (3, 2.5, "open", 360, R(1, 20)),
        pytest.param(4, CRITICAL_TEMPERATURE, "periodic", 402, 0, marks=pytest.mark.slow),
        pytest.param(4, CRITICAL_TEMPERATURE, "open", 402, 0, marks=pytest.mark.slow),
    ],
)
def test_long_cells_reach_the_cylinder_limit_at_30_digits(w, T, around, length, h):
    """Three cells of ``length / 3`` columns: two cuts in the bulk, each the cylinder's."""
    beta = R(1 / T)
    t = strip_factorisation(w, length, 3, beta=beta, around=around, field=h, digits=30)
    c = cut_terms(w, beta=beta, around=around, field=h, digits=30)
    with mpmath.workdps(45):
        assert abs(t.log_z_excess / 2 - c.log_z_excess) < TOL
        assert abs(t.boundary_energy / 2 - c.boundary_energy) < TOL
        assert abs(t.total_correlation / 2 - c.total_correlation) < TOL
        # the middle cell has two cut edges; the outer cells one each
        assert abs(t.relative_entropies[0] - c.relative_entropies[0]) < TOL
        assert abs(t.relative_entropies[1] - 2 * c.relative_entropies[0]) < TOL
        assert abs(c.residual) < TOL


@pytest.mark.parametrize("around", ["open", "periodic"])
@pytest.mark.parametrize("w, T", [(6, 4.0), (6, CRITICAL_TEMPERATURE), (8, 3.0)])
def test_long_cells_reach_the_cylinder_limit_in_float64(w, T, around):
    beta = R(1 / T)
    t = strip_factorisation(w, 90, 3, beta=beta, around=around, digits=None)
    c = cut_terms(w, beta=beta, around=around, digits=None)
    for mine, theirs in [
        (t.log_z_excess / 2, c.log_z_excess),
        (t.boundary_energy / 2, c.boundary_energy),
        (t.total_correlation / 2, c.total_correlation),
        (t.relative_entropy / 4, c.relative_entropies[0]),
    ]:
        assert abs(mine - theirs) < 1e-9
    # the information between the halves is the cylinder's, divided by w per unit boundary
    if around == "periodic":
        cyl = IsingCylinder(circumference=w, beta=beta, digits=None)
        assert abs(t.total_correlation / (2 * w) - cyl.mutual_information() / w) < 1e-10


def test_float64_against_30_digits():
    kwargs = {"beta": R(1 / CRITICAL_TEMPERATURE), "field": R(1, 10), "around": "open"}
    exact = strip_factorisation(6, 12, 3, digits=30, **kwargs)
    fast = strip_factorisation(6, 12, 3, digits=None, **kwargs)
    for name in ("log_z_excess", "boundary_energy", "total_correlation", "relative_entropy"):
        assert abs(getattr(fast, name) - float(getattr(exact, name))) < 1e-12 * 12 * 6


@pytest.mark.slow
def test_wide_float64_against_30_digits():
    kwargs = {"beta": R(1 / CRITICAL_TEMPERATURE), "field": R(1, 10)}
    exact = strip_factorisation(8, 24, 3, digits=30, **kwargs)
    fast = strip_factorisation(8, 24, 3, digits=None, **kwargs)
    for name in ("log_z_excess", "boundary_energy", "total_correlation", "relative_entropy"):
        assert abs(getattr(fast, name) - float(getattr(exact, name))) < 1e-12 * 24 * 8
    exact_cut = cut_terms(10, beta=R(2, 5), digits=30)
    fast_cut = cut_terms(10, beta=R(2, 5), digits=None)
    for name in ("log_z_excess", "boundary_energy", "total_correlation", "relative_entropy"):
        assert abs(getattr(fast_cut, name) - float(getattr(exact_cut, name))) < 1e-11 * 10


def test_one_row_is_the_ising_chain():
    """w = 1 open: one cut of an open chain at field h: a hand check through the chain."""
    K, h = R(3, 5), R(1, 4)
    t = strip_factorisation(1, 7, [3, 4], coupling=K, field=h, beta=1, around="open")
    chain = IsingChain(7, K, field=h)
    whole, left, right = (
        chain.log_partition_function(),
        IsingChain(3, K, field=h).log_partition_function(),
        IsingChain(4, K, field=h).log_partition_function(),
    )
    with mpmath.workdps(45):
        assert abs(t.log_z_excess - (whole - left - right)) < TOL
        assert abs(t.total_correlation - chain.split([3, 4]).total_correlation()) < TOL


def test_limits_by_hand():
    # beta = 0: nothing is correlated, nothing is lost
    t = strip_factorisation(4, 6, 3, beta=0, digits=20)
    assert t.log_z_excess == 0 and t.total_correlation == 0 and t.boundary_energy == 0
    # high temperature: per bond ln cosh K + O(K^4) for the excess, K tanh K for -beta<W>
    c = cut_terms(6, beta=R(1, 50), digits=30)
    K = mpmath.mpf(1) / 50
    assert abs(c.log_z_excess / 6 - mpmath.log(mpmath.cosh(K))) < 10 * K**4
    assert abs(-c.boundary_energy / 6 - K * mpmath.tanh(K)) < 10 * K**4
    # deep order: one shared bit, w satisfied bonds
    c = cut_terms(5, beta=10, around="open", digits=20)
    assert abs(c.total_correlation - mpmath.log(2)) < 1e-15
    assert abs(c.boundary_energy + 50) < 1e-15


def test_columns_are_configurations_of_the_ising_chain():
    """A 2D model is rows of a 1D model: a column's own energy is the 1D chain's."""
    for around in ("open", "periodic"):
        strip = IsingStrip(
            width=4, length=2, coupling=R(3, 2), field=R(1, 5), boundary=(around, "open")
        )
        chain = IsingChain(4, R(3, 2), field=R(1, 5), boundary=around)
        _, bond, site = strip._energies()
        for i, column in enumerate(strip.states):
            assert site[i] == chain._energy(column)
            assert bond[i][i] == -R(3, 2) * 4


@pytest.mark.parametrize("w", [2, 3, 4])
def test_open_width_cylinder_is_the_dense_strip_transfer_matrix(w):
    strip = IsingStrip(width=w, length=3, coupling=1, field=R(1, 7), beta=R(1, 2),
                       boundary=("open", "open"), digits=40)  # fmt: skip
    top = strip.transfer_eigenvalues()[0]
    cyl = IsingCylinder(circumference=w, field=R(1, 7), beta=R(1, 2), boundary="open")
    with mpmath.workdps(45):
        assert abs(cyl.log_partition_function_per_ring() - mpmath.log(top)) < TOL


def test_the_table_shows_the_area_law():
    table = factorisation_table(
        widths=(6, 8, 10), temperatures=(4.0,), arounds=("periodic", "open")
    )
    for row in table.rows:
        assert abs(row["residual"]) < 1e-12
    for term in ("log_z_excess", "total_correlation", "minus_boundary_energy"):
        periodic = table.series("periodic", 4.0, term)
        opened = table.series("open", 4.0, term)
        # per unit boundary the terms settle as w grows; the open width's corners cost O(1/w)
        assert abs(periodic[-1] - periodic[-2]) < 1e-4
        assert abs(opened[-1] - opened[-2]) < abs(opened[-2] - opened[-3])
        assert abs(opened[-1] - periodic[-1]) < 0.01


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: strip_factorisation(0, 4, 2), "width"),
        (lambda: strip_factorisation(19, 4, 2), "width"),
        (lambda: strip_factorisation(3, 0, 1), "length"),
        (
            lambda: strip_factorisation(3, 5, 2),
            "cells must be a positive integer dividing length = 5",
        ),
        (lambda: strip_factorisation(3, 6, [2, 3]), r"cells must sum to length = 6; got \[2, 3\]"),
        (lambda: strip_factorisation(3, 6, [6, 0]), r"cells\[1\] must be a positive integer"),
        (lambda: strip_factorisation(3, 4, 2, around="twisted"), "around"),
        (lambda: cut_terms(3, around=("open",)), "around"),
        (lambda: factorisation_table(temperatures=(0.0,)), "temperatures"),
    ],
)
def test_bad_input(call, needle):
    with pytest.raises(DomainError, match=needle):
        call()


def test_refused_before_the_work():
    with cpu_budget(what="w = 18 at 30 digits"), pytest.raises(BudgetError, match="strip"):
        strip_factorisation(18, 100, 2, digits=30)


def test_critical_temperature_is_onsagers():
    from mesosym.known import onsager_critical

    assert abs(CRITICAL_TEMPERATURE - float(onsager_critical["T_c"])) < 1e-15


# -- the figure and the command line ---------------------------------------------------------------
@pytest.mark.slow
def test_figure_data_reaches_the_long_cell_slope():
    from mesosym.figures.mesoscopic import factorisation_data

    d = factorisation_data(
        widths=(4, 6), temperatures=(3.0,), cuts=(1, 3), cell_length=40,
        scan_width=4, scan_temperatures=(2.0, 3.0),
    )  # fmt: skip
    for T, around, w, cuts, f in d.strips:
        assert f < 0  # cutting costs free energy: F < sum F_i for J > 0
        if w == 6:  # sweeps of a finite strip against the eigenpair's subdivision potential
            assert abs(f / (w * cuts) - d.slopes[(T, around)]) < 1e-9


def test_cli_writes_the_factorisation_plot(tmp_path, capsys):
    from mesosym.cli import main

    path = tmp_path / "f.png"
    argv = ["plot", "factorisation-2d", "--widths", "2", "3", "--cuts", "1", "--cell-length", "4"]
    argv += ["--temperatures", "3", "--scan-width", "3", "-o", str(path), "--dpi", "40"]
    assert main(argv) == 0
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "written to" in capsys.readouterr().out


@pytest.mark.slow
def test_cli_area_law_is_still_written(tmp_path):
    from mesosym.cli import main

    path = tmp_path / "a.svg"
    argv = ["plot", "area-law", "--widths", "2", "4", "--temperatures", "3", "--peak-widths", "3"]
    argv += ["4", "--arc-widths", "4", "6", "--output", str(path)]
    assert main(argv) == 0
    assert path.read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--dpi", "100000"], "dpi"),
        (["--cuts", "0"], "cuts"),
        (["--widths", "2", "40"], "widths"),
    ],
)
def test_cli_bad_input_is_one_line(tmp_path, capsys, extra, needle):
    from mesosym.cli import main

    argv = ["plot", "factorisation-2d", "-o", str(tmp_path / "x.png"), *extra]
    with cpu_budget(what=extra):  # refused before the work
        assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("mesosym: error:") and needle in err and err.count("\n") == 1
    assert not (tmp_path / "x.png").exists()


def test_every_plot_verb_is_served_by_the_table(capsys):
    from mesosym.cli import main
    from mesosym.cli.plot import PLOTS

    for name, plot in PLOTS.items():
        assert main(["plot", name, "--help"]) == 0
        shown = capsys.readouterr().out
        for opt in plot.options:
            assert opt.flags[0] in shown
        assert "--output" in shown and "--dpi" in shown


@pytest.mark.parametrize(("T", "w", "tolerance"), [(4.0, 10, 1e-5), (1.5, 12, 2e-5)])
def test_boundary_energy_per_unit_length_is_onsagers(T, w, tolerance):
    """-beta<W> / w -> K <s s'> = K (-u / 2J), u Onsager's energy per site (two bonds a site)."""
    from mesosym.known import onsager_energy

    K = R(1 / T)
    c = cut_terms(w, beta=K, digits=None)
    exact = float(K) * -float(onsager_energy(K, 20)) / 2
    assert abs(-c.boundary_energy / w - exact) < tolerance


def test_high_temperature_excess_is_the_information():
    """Per bond, ln Z - sum ln Z_i - TC = K^4/6 + O(K^6) (for w = 1 by hand: ln cosh K - I)."""
    for around in ("periodic", "open"):
        for K in (R(1, 50), R(1, 100)):
            c = cut_terms(6, beta=K, around=around, digits=30)
            k = mpmath.mpf(K.numerator) / K.denominator
            with mpmath.workdps(40):
                assert (
                    abs((c.log_z_excess - c.total_correlation) / 6 / k**4 - mpmath.mpf(1) / 6)
                    < 0.01
                )


def test_the_boundary_energy_is_the_largest_term():
    """The notebook's reading: -beta<W> exceeds the excess, TC and sum D at every T (1 to 50)."""
    for around in ("periodic", "open"):
        for T in (1.0, 1.6, CRITICAL_TEMPERATURE, 3.0, 8.0, 50.0):
            row = cut_terms(4, beta=R(1 / T), around=around, digits=None).per_boundary_length()
            others = (row["log_z_excess"], row["total_correlation"], row["relative_entropy"])
            assert row["minus_boundary_energy"] > max(others)


@pytest.mark.parametrize("beta", [30, -30, 10**6])
def test_deep_order_keeps_its_precision(beta):
    """At |beta J| up to 10^6 the entropies come from the bonds not at their best, so the
    float64 information is ln 2 (the shared magnetisation bit) to the stated 1e-11 w."""
    cyl = IsingCylinder(circumference=4, beta=beta, digits=None)
    assert abs(cyl.mutual_information() - math.log(2)) < 1e-11 * 4
    assert abs(cyl.entropy_per_ring()) < 1e-11 * 4
    t = cut_terms(4, beta=beta, around="open", digits=None)
    assert abs(t.total_correlation - math.log(2)) < 1e-11 * 4
    # every cut bond's energy lost, less the shared bit: 4 |beta J| - ln 2
    assert abs(t.log_z_excess - (4 * abs(beta) - math.log(2))) < 1e-14 * 4 * abs(beta)


def test_beyond_the_ground_state_is_refused():
    with pytest.raises(DomainError, match="MAX_REDUCED_COUPLING"):
        IsingCylinder(circumference=3, beta=10**7)
    with pytest.raises(DomainError, match="MAX_REDUCED_COUPLING"):
        strip_factorisation(3, 4, 2, field=10**400)
    with pytest.raises(DomainError, match="length"):
        strip_factorisation(3, 5, 2)
    with pytest.raises(DomainError, match="one cell"):
        strip_factorisation(3, 4, 1).per_boundary_length()


@pytest.mark.parametrize("beta", [30, 10**4])
def test_float64_in_deep_order_against_30_digits(beta):
    fast = strip_factorisation(4, 12, 3, beta=beta, field=R(1, 10), digits=None)
    exact = strip_factorisation(4, 12, 3, beta=beta, field=R(1, 10), digits=30)
    bound = 1e-12 * 12 * 4 * (1 + beta + beta / 10)
    for name in ("log_z_excess", "boundary_energy", "total_correlation", "relative_entropy"):
        assert abs(getattr(fast, name) - float(getattr(exact, name))) < bound
    assert abs(float(exact.boundary_energy) + 4 * 2 * beta) < 1e-20  # two cuts of 4 bonds


def test_public_names_from_the_package_and_the_module():
    import mesosym.mesoscopic as part_b
    from mesosym.mesoscopic import factorisation

    for name in ("strip_factorisation", "cut_terms", "factorisation_table"):
        assert getattr(part_b, name) is getattr(factorisation, name)
        assert name in part_b.__all__
