"""Cells of lattice chains: two routes, the exact identities, closed forms, limits and bad input."""

from __future__ import annotations

import itertools
import math

import mpmath
import pytest
import sympy as sp

import mesosym.mesoscopic.cells as cells_module
from mesosym.checking.derivation import Verdict, check_identity
from mesosym.errors import DomainError, MesosymError
from mesosym.mesoscopic import IsingChain, LatticeGas
from mesosym.mesoscopic import information as info
from mesosym.mesoscopic.cells import split
from mesosym.mesoscopic.symbols import J, beta
from mesosym.mesoscopic.thermodynamics import (
    euler_relation,
    free_energy_balance,
    open_chain_euler_defect,
    subdivision_potential_closed_form,
    tonks_euler_defect,
)

TOL = mpmath.mpf(10) ** -25
R = sp.Rational  # exact parameters: the independent references are then exact too


@pytest.fixture(autouse=True)
def _forty_digits():
    """Compare at 40 digits: values carry 30 (scoped, restored after each test)."""
    with mpmath.workdps(40):
        yield


def explicit(model):
    """The Gibbs distribution built from model.energy alone (independent of cells.py)."""
    weights = {}
    for conf in model.configurations():
        e = model.energy(conf)
        weights[conf] = mpmath.exp(-mpmath.mpf(sp.N(model.beta * e, 50)))
    total = sum(weights.values())
    return {x: w / total for x, w in weights.items()}


def isolated(model, sites):
    """q_i of an open segment of the model built from bond/site energies."""
    weights = {}
    for x in itertools.product(model.states, repeat=len(sites)):
        e = sum(model.bond_energy(x[k], x[k + 1]) for k in range(len(x) - 1))
        e += sum(model.site_energy(a) for a in x)
        weights[x] = mpmath.exp(-mpmath.mpf(sp.N(model.beta * e, 50)))
    total = sum(weights.values())
    return {x: w / total for x, w in weights.items()}, mpmath.log(total)


@pytest.mark.slow
@pytest.mark.parametrize(
    "model, sizes",
    [
        (IsingChain(10, R(7, 10), field=R(3, 10), beta=R(11, 10)), [3, 7]),
        (IsingChain(10, R(-1, 2), field=R(1, 5), boundary="periodic"), [2, 4, 1, 3]),
        (LatticeGas(10, R(13, 10), chemical_potential=R(-2, 5), boundary="periodic"), [5, 5]),
    ],
)
def test_transfer_route_against_an_independent_explicit_distribution(model, sizes):
    c = split(model, sizes)
    assert c.method == "transfer"
    p = explicit(model)
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    groups = [list(range(s, s + n)) for s, n in zip(starts, sizes, strict=True)]
    assert abs(c.log_partition_function() - model.log_partition_function()) < TOL
    assert abs(c.total_correlation() - info.total_correlation(p, groups)) < TOL
    K = len(sizes)
    for a, b in [(0, 1), (0, K - 1)]:
        if a != b:
            assert (
                abs(c.mutual_information(a, b) - info.mutual_information(p, groups[a], groups[b]))
                < TOL
            )
            occ = [lambda x, g=g: sum(model.occupation(x[k]) for k in g) for g in groups]
            assert (
                abs(
                    c.mutual_information(a, b, "occupation")
                    - info.mutual_information(p, occ[a], occ[b])
                )
                < TOL
            )
    for i, d in enumerate(c.relative_entropies()):
        q, lnZi = isolated(model, groups[i])
        assert abs(c.isolated_log_partition_functions()[i] - lnZi) < TOL
        assert abs(d - info.relative_entropy(info.marginal(p, groups[i]), q)) < TOL
    # beta<W> from the cut bonds, periodic wrap included
    cut = [
        (i, (i + 1) % model.sites) for i in range(model.sites) if (i + 1) % model.sites in starts
    ]
    if model.boundary == "open":
        cut = [(i, j) for i, j in cut if j != 0]
    w = sum(p[x] * sum(model.beta * model.bond_energy(x[i], x[j]) for i, j in cut) for x in p)
    assert abs(c.boundary_energy() - mpmath.mpf(sp.N(w, 50))) < TOL


@pytest.mark.slow
@pytest.mark.parametrize(
    "model, sizes",
    [
        (IsingChain(9, 0.8, field=-0.3), [2, 3, 4]),
        (IsingChain(8, 1.2, field=0.1, boundary="periodic"), 2),
        (LatticeGas(8, 1.2, chemical_potential=0.3, particles=4), [3, 5]),
        (LatticeGas(8, -0.7, chemical_potential=0.3, particles=3, boundary="periodic"), [3, 3, 2]),
    ],
)
def test_identity_holds_to_1e25_on_enumerated_systems(model, sizes):
    c = split(model, sizes, method="enumerate")
    assert abs(c.residual()) < TOL
    # and every residual of the free-energy identities
    for name, r in free_energy_balance(c).residuals().items():
        assert abs(r) < TOL, name
    # the terms have the stated signs
    b = free_energy_balance(c)
    assert b.total_correlation > 0 and all(d >= 0 for d in b.relative_entropies)
    assert -b.beta_F + sum(b.beta_F_cells) < -b.beta_W_p  # ln Z - sum ln Z_i < -beta<W>


def test_gibbs_bogoliubov_and_wvhc_hold_grand_canonically_and_fail_canonically():
    b = free_energy_balance(split(IsingChain(8, 0.9, field=0.4), [3, 5]))
    assert b.beta_F < sum(b.beta_F_cells) + b.beta_W_q
    assert b.total_correlation < b.beta_W_marginals - b.beta_W_p
    assert b.reverse_q > 0 and b.reverse_marginals > 0
    # canonical ideal gas: no bond across the cut, yet the cells are correlated
    b = free_energy_balance(split(LatticeGas(8, 0, particles=4), [4, 4]))
    assert b.beta_W_marginals - b.beta_W_p == 0 and b.total_correlation > mpmath.mpf("0.5")
    assert b.reverse_q == mpmath.inf
    assert b.beta_F > sum(b.beta_F_cells) + b.beta_W_q  # Gibbs-Bogoliubov violated


def test_rebuttal_form_exact_only_canonical_two_cells_without_cut_bonds():
    # canonical, eps = 0, K = 2: beta F = sum <beta F_i(n_i)> - I(n_1 : n_2)
    model = LatticeGas(8, 0, chemical_potential=0.2, particles=3)
    c = split(model, [3, 5], method="enumerate")
    b = free_energy_balance(c)
    info_occ = c.mutual_information(0, 1, "occupation")
    assert abs(b.beta_F - (b.beta_F_sector_cells - info_occ)) < TOL
    # I = entropy of the hypergeometric law of n_1
    hyper = [mpmath.mpf(math.comb(3, k) * math.comb(5, 3 - k)) / math.comb(8, 3) for k in range(4)]
    assert abs(info_occ + sum(w * mpmath.log(w) for w in hyper)) < TOL
    # with a coupling across the cut the sector boundary term appears
    c = split(LatticeGas(8, 1.0, chemical_potential=0.2, particles=3), [3, 5], method="enumerate")
    b = free_energy_balance(c)
    miss = b.beta_F - (b.beta_F_sector_cells - c.mutual_information(0, 1, "occupation"))
    assert abs(miss - b.sector_boundary) < TOL and abs(miss) > mpmath.mpf("0.01")
    # K = 3: the occupation entropy is the dual total correlation, not the total correlation
    c = split(LatticeGas(9, 0, particles=4), 3, method="enumerate")
    b = free_energy_balance(c)
    assert abs(b.occupation_entropy - b.occupation_total_correlation) > mpmath.mpf("0.1")
    # the microscopic sign: F - sum F_i = <W> + kT (TC + sum D) > <W>
    c = split(IsingChain(8, 0.8), 2)
    gap = (
        -c.log_partition_function()
        + sum(c.isolated_log_partition_functions())
        - c.boundary_energy()
    )
    assert gap > 0 and abs(gap - c.mutual_information(0, 1) - sum(c.relative_entropies())) < TOL


def test_factorisation_exactly_at_zero_coupling():
    c = IsingChain(12, 0, field=0.7, beta=1.3).split([5, 7])
    assert abs(c.log_partition_function() - sum(c.isolated_log_partition_functions())) < TOL
    for v in (
        c.boundary_energy(),
        c.total_correlation(),
        c.mutual_information(0, 1),
        *c.relative_entropies(),
    ):
        assert abs(v) < TOL
    assert abs(c.mutual_information(0, 1, "occupation")) < TOL


@pytest.mark.slow
def test_symbolic_zero_field_mutual_information_is_the_closed_form():
    # open chain, zero field: bond variables independent; s and s' d + 1 bonds apart
    # agree with probability (1 + t^(d+1))/2, t = tanh(beta J)
    for sizes, (a, b), bonds in [([3, 3], (0, 1), 1), ([2, 3, 2], (0, 2), 4)]:
        c = IsingChain(sum(sizes), J, beta=beta).split(sizes)
        u = sp.tanh(beta * J) ** bonds
        closed = ((1 + u) * sp.log(1 + u) + (1 - u) * sp.log(1 - u)) / 2
        r = check_identity(
            c.mutual_information(a, b),
            closed,
            domain={J: (-2, 2), beta: (0, 2)},
            points=6,
            simplify=False,
        )
        assert r.verdict is not Verdict.REFUTED
        wrong = check_identity(
            c.mutual_information(a, b),
            closed.subs(beta, 2 * beta),
            domain={J: (0.1, 2), beta: (0.1, 2)},
            points=6,
            simplify=False,
        )
        assert wrong.verdict is Verdict.REFUTED


def test_area_law_and_correlation_length():
    model_args = dict(coupling=1, field=0.3)
    mis = [
        IsingChain(2 * L, **model_args).split(2).mutual_information(0, 1) for L in (4, 16, 64, 256)
    ]
    steps = [abs(mis[i + 1] - mis[i]) for i in range(3)]
    assert steps[2] < steps[1] < steps[0] and steps[2] < mpmath.mpf(10) ** -15  # saturates
    # cells d sites apart: MI ~ (lambda_-/lambda_+)^(2d)
    lp, lm = IsingChain(4, 1, field=0.3).transfer_eigenvalues()
    ratio2 = (sp.N(lm / lp, 40)) ** 2
    mi = [
        IsingChain(40 + d, **model_args).split([20, d, 20]).mutual_information(0, 2)
        for d in (8, 9, 10)
    ]
    assert abs(mi[2] / mi[1] - mpmath.mpf(str(ratio2))) < mpmath.mpf("0.01") * ratio2
    # (F - sum F_cell)/N -> 0 like 1/L: K = 4 cells of L sites
    scaled = []
    for L in (16, 64, 256):
        c = IsingChain(4 * L, **model_args).split(4)
        scaled.append(
            (c.log_partition_function() - sum(c.isolated_log_partition_functions())) / (4 * L) * L
        )
    assert abs(scaled[2] - scaled[1]) < mpmath.mpf(10) ** -15  # exactly 3 ln(...)/4 up to e^-L


def test_occupation_never_exceeds_configuration_information():
    for model in (
        IsingChain(12, 0.9, field=0.2),
        LatticeGas(12, -1.1, chemical_potential=0.5, boundary="periodic"),
    ):
        c = split(model, [3, 4, 5])
        for a, b in [(0, 1), (0, 2), (1, 2)]:
            assert c.mutual_information(a, b, "occupation") <= c.mutual_information(a, b) + TOL


@pytest.mark.slow
def test_canonical_occupation_information_grows_like_half_log_n():
    values = []
    for n in (8, 32, 128):
        # ideal canonical gas at half filling, two halves: I = entropy of the hypergeometric law
        w = [
            mpmath.mpf(math.comb(n, k) * math.comb(n, n - k)) / math.comb(2 * n, n)
            for k in range(n + 1)
        ]
        values.append(-sum(x * mpmath.log(x) for x in w if x))
    c = split(LatticeGas(16, 0, particles=8), 2, method="enumerate")
    assert abs(c.mutual_information(0, 1, "occupation") - values[0]) < TOL
    growth = [values[i + 1] - values[i] for i in range(2)]
    assert all(abs(g - mpmath.log(2)) < 0.05 for g in growth)  # (1/2) ln 4 per factor 4


def test_occupation_float64_path_matches_the_mpmath_path(monkeypatch):
    model = IsingChain(400, 0.5, field=0.1)
    exact = model.split(2).mutual_information(0, 1, "occupation")
    monkeypatch.setattr(cells_module, "_MP_TABLE_LIMIT", 0)
    fast = model.split(2).mutual_information(0, 1, "occupation")
    assert abs(exact - fast) < 1e-13 and exact > 1e-7


@pytest.mark.slow
def test_subdivision_potential_closed_form_against_exact_counts():
    assert (
        sp.simplify(
            subdivision_potential_closed_form(IsingChain(4, J, beta=beta))
            - sp.log(sp.cosh(beta * J))
        )
        == 0
    )
    for model in (IsingChain(60, 0.8, field=0.4), LatticeGas(60, 1.5, chemical_potential=-0.3)):
        assert abs(open_chain_euler_defect(model)) < mpmath.mpf(10) ** -12
        # the defect decays like (lambda_-/lambda_+)^n: not zero at small n
        short = type(model)(6, *model.parameters)
        assert abs(open_chain_euler_defect(short)) > mpmath.mpf(10) ** -6


def test_lattice_subdivision_potential_agrees_with_the_closed_form():
    for model in (
        IsingChain(50, R(4, 5), field=R(2, 5)),
        LatticeGas(50, R(3, 2), chemical_potential=R(-3, 10)),
    ):
        ours = mpmath.mpf(str(sp.N(subdivision_potential_closed_form(model), 40)))
        assert abs(model.subdivision_potential() - ours) < mpmath.mpf(10) ** -25


def test_cli_table_and_errors():
    import argparse
    import io
    import json

    from mesosym.cli.mesoscopic import register, run
    from mesosym.mesoscopic.report import KEYS

    parser = argparse.ArgumentParser(prog="mesosym")
    register(parser.add_subparsers())
    out = io.StringIO()
    argv = ["mesoscopic", "lattice-gas", "--sites", "9", "--cells", "3", "--coupling", "6/5"]
    argv += ["--chemical-potential=-1/2", "--particles", "4", "--format", "json"]
    assert run(parser.parse_args(argv), out) == 0
    table = json.loads(out.getvalue())
    assert tuple(table) == KEYS and table["subdivision_potential"] is None
    assert abs(float(table["residual"])) < 1e-12
    c = split(LatticeGas(9, R(6, 5), chemical_potential=R(-1, 2), particles=4), 3)
    assert (
        abs(
            float(table["mutual_information_occupation"][0])
            - float(c.mutual_information(0, 1, "occupation"))
        )
        < 1e-12
    )
    for bad in (["--cells", "4"], ["--field", "1"], ["--sites", "-9"]):
        args = ["mesoscopic", "lattice-gas", "--sites", "9", "--cells", "3"]
        args = (
            args + bad
            if bad[0] != "--sites"
            else ["mesoscopic", "lattice-gas", *bad, "--cells", "3"]
        )
        with pytest.raises(MesosymError):
            run(parser.parse_args(args), io.StringIO())


@pytest.mark.slow
def test_euler_relation_symbolic_and_tonks():
    lhs, rhs = euler_relation()
    assert sp.simplify(lhs - rhs) == 0
    N, L, a = sp.symbols("N L a", positive=True)
    d = tonks_euler_defect(N, L, a)
    leading = -a * N / (L - N * a) + sp.log(2 * sp.pi * N) / 2 - sp.Rational(1, 2)
    errs = [abs(float((d - leading).subs({N: n, L: 3 * n, a: 1}))) for n in (100, 1000, 10000)]
    assert 8 < errs[0] / errs[1] < 12 and 8 < errs[1] / errs[2] < 12  # O(1/N)
    # the ln N piece is not homogeneous: (1 - alpha) F_sub with alpha = 0 misses -1/2
    wrong = -a * N / (L - N * a) + sp.log(2 * sp.pi * N) / 2
    assert abs(float((d - wrong).subs({N: 10000, L: 30000, a: 1})) + 0.5) < 1e-3


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: IsingChain(12, 1).split([4, 4]), "cells"),
        (lambda: IsingChain(12, 1).split([4, 0, 8]), r"cells\[1\]"),
        (lambda: IsingChain(12, 1).split(5), "cells"),
        (lambda: IsingChain(12, 1).split("2"), "cells"),
        (lambda: IsingChain(12, 1).split(2).mutual_information(0, 2), "b"),
        (lambda: IsingChain(12, 1).split(2).mutual_information(1, 1), "a and b"),
        (lambda: IsingChain(12, 1).split(2).mutual_information(0, 1, "spins"), "variables"),
        (lambda: IsingChain(12, 1).split(2).total_correlation(variables=None), "variables"),
        (lambda: split(IsingChain(12, 1), 2, method="fast"), "method"),
        (lambda: split(LatticeGas(12, J, particles=3), 2, method="transfer"), "method"),
        (lambda: IsingChain(-3, 1), "sites"),
        (lambda: IsingChain(2.5, 1), "sites"),
        (lambda: IsingChain(4, float("nan")), "coupling"),
        (lambda: IsingChain(4, 1, field=float("inf")), "field"),
        (lambda: IsingChain(4, 1, boundary="twisted"), "boundary"),
        (lambda: LatticeGas(4, 1, particles=5), "particles"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(MesosymError, match=r"^" + name):
        call()
    assert issubclass(DomainError, MesosymError)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["mesoscopic_factorisation", "mesoscopic_euler_relation"])
def test_derivation_steps_all_hold(name):
    import importlib

    module = importlib.import_module(f"mesosym.derivations.{name}")
    steps = module.derive()
    assert steps and all(step.ok for step in steps), [s.claim for s in steps if not s.ok]


# -- joint_distribution: the Gibbs marginal of any sites ------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    "model, sites",
    [
        (IsingChain(9, R(7, 10), field=R(3, 10), beta=R(11, 10)), [4, 0, 8]),
        (IsingChain(8, R(-1, 2), field=R(1, 5), boundary="periodic"), [7, 0]),
        (LatticeGas(9, R(13, 10), chemical_potential=R(-2, 5), beta=R(-1, 3)), [2, 3, 5, 6]),
        (LatticeGas(8, 1, chemical_potential=R(1, 2), particles=3), [0, 4]),
        (LatticeGas(9, R(13, 10), R(1, 2), beta=R(-7, 10), particles=4), [8, 2, 3]),
        (LatticeGas(9, R(-1, 3), R(1, 5), particles=5, boundary="periodic"), [6, 0, 7]),
    ],
)
@pytest.mark.parametrize("method", ["auto", "transfer"])
def test_joint_distribution_against_the_explicit_marginal(model, sites, method):
    p = info.marginal(explicit(model), sites)
    c = split(model, [4, model.sites - 4], method=method)
    got = c.joint_distribution(sites)
    assert set(got) == set(p)  # keys are states (+1/-1 or 0/1) in the order of `sites`
    assert all(abs(got[x] - p[x]) < TOL for x in p)
    assert abs(sum(got.values()) - 1) < TOL


def test_canonical_joint_distribution_at_thousands_of_sites():
    # zero coupling on a ring: N particles on n sites uniformly, so two given sites are
    # both occupied with probability N (N - 1)/(n (n - 1)), exactly
    n, N = 3000, 1000
    c = split(LatticeGas(n, 0, R(1, 2), particles=N, boundary="periodic"), 3, method="transfer")
    p = c.joint_distribution([0, 1500])
    exact = mpmath.mpf(N * (N - 1)) / (n * (n - 1))
    assert abs(p[(1, 1)] - exact) < TOL and abs(sum(p.values()) - 1) < TOL


def test_joint_distribution_refuses_too_many_outcomes():
    from mesosym.errors import BudgetError

    with pytest.raises(BudgetError, match=r"2\^?.*65536|JOINT_LIMIT"):
        IsingChain(40, 1).split(2).joint_distribution(range(17))


@pytest.mark.slow
def test_joint_distribution_of_two_spins_is_the_zero_field_closed_form():
    # zero field: p(s_a, s_b) = (1 + s_a s_b tanh(beta J)^d)/4 for spins d bonds apart, exactly
    c = IsingChain(7, J, beta=beta).split([2, 3, 2])
    u = sp.tanh(beta * J) ** 4
    for (a, b), w in c.joint_distribution([1, 5]).items():
        assert sp.simplify((w - (1 + u * a * b) / 4).rewrite(sp.exp)) == 0


@pytest.mark.parametrize("sites", [[], [1, 1], [9], [-1], "01", None, [0.5], [True]])
def test_joint_distribution_refuses_bad_sites(sites):
    with pytest.raises(DomainError, match=r"sites must be distinct site indices in \[0, 8\]"):
        IsingChain(9, 1).split(3).joint_distribution(sites)


def _table(argv):
    import argparse
    import io
    import json

    from mesosym.cli.mesoscopic import register, run

    parser = argparse.ArgumentParser(prog="mesosym")
    register(parser.add_subparsers())
    out = io.StringIO()
    assert run(parser.parse_args(["mesoscopic", *argv, "--format", "json"]), out) == 0
    text = io.StringIO()
    assert run(parser.parse_args(["mesoscopic", *argv]), text) == 0
    return json.loads(out.getvalue()), text.getvalue()


def test_cli_table_repeats_the_model_and_lists_every_pair_of_a_ring():
    # issue 20: the pair K:1 of a ring was missing; the parameters were not repeated
    argv = ["ising", "--sites", "12", "--cells", "3", "--field", "1/10", "--boundary", "periodic"]
    table, text = _table(argv)
    assert table["model"]["parameters"] == "J = 1, h = 1/10, beta = 1"
    assert "ring" in table["model"]["boundary"] and "canonical" in table["model"]["ensemble"]
    assert table["adjacent_pairs"] == ["1:2", "2:3", "3:1"]
    # three equal cells on a ring: by translation every adjacent pair carries the same I
    values = [mpmath.mpf(v) for v in table["mutual_information"]]
    assert len(values) == 3 and max(values) - min(values) < 1e-13 and values[0] > 0.1
    assert "nats" in text and "number of up spins" in text and "a ring has no ends" in text
    assert "\n-" not in text and not any(line.endswith("  -") for line in text.splitlines())
    open_table, _ = _table(argv[:-2])
    assert open_table["adjacent_pairs"] == ["1:2", "2:3"]


def test_cli_table_prints_z_mes_equal_to_z_without_coupling():
    # J = 0: H depends on the occupations only, constant on every sector, so Z_mes = Z
    table, text = _table(
        [
            "ising",
            "--sites",
            "6",
            "--cells",
            "2",
            "--coupling",
            "0",
            "--field",
            "1/2",
            "--cell-size",
            "3",
            "--digits",
            "20",
        ]
    )
    assert table["log_Z_mes"] == table["log_Z"]
    # 6 free spins in a field: ln Z = 6 ln(2 cosh(1/2))
    assert abs(mpmath.mpf(table["log_Z"]) - 6 * mpmath.log(2 * mpmath.cosh(0.5))) < 1e-18
    assert "ln Z_mes" in text
    table, text = _table(["ising", "--sites", "6", "--cells", "2"])
    assert table["log_Z_mes"] is None and "--cell-size" in table["notes"]["log_Z_mes"]


def test_cli_table_clamps_non_negative_quantities_to_their_precision():
    # no coupling: every information and relative entropy is exactly 0; rounding residues
    # such as -1.2e-32 must print as 0
    table, _ = _table(
        [
            "ising",
            "--sites",
            "8",
            "--cells",
            "4",
            "--coupling",
            "0",
            "--field",
            "3/10",
            "--digits",
            "30",
        ]
    )
    shown = [*table["mutual_information"], *table["mutual_information_occupation"]]
    shown += [table["total_correlation"], *table["relative_entropies"]]
    assert set(shown) == {"0"}


def test_cli_table_says_in_which_ensemble_the_isolated_cells_are():
    table, text = _table(["lattice-gas", "--sites", "30", "--cells", "2", "--particles", "5"])
    assert "grand canonical at mu = 0" in table["model"]["ensemble"]
    assert "grand canonical" in table["notes"]["relative_entropies"] and "note: D(p_i" in text
    assert table["subdivision_potential"] is None
    assert "fixed number of particles" in table["notes"]["subdivision_potential"]


@pytest.mark.parametrize(
    "argv",
    [
        ("ising", "--sites", "12", "--cells", "3", "--coupling", "1/3"),
        ("lattice-gas", "--sites", "300", "--cells", "3", "--coupling", "1", "--particles", "100"),
    ],
)
def test_chain_table_float64_on_the_command_line(capsys: pytest.CaptureFixture[str], argv) -> None:
    # --float64 reaches the float64 route of the chains (it was refused): every number
    # meets the stated 1e-13 max(1, |value|) against the 30-digit route of the same model
    from conftest import run_cli_json

    _, fast = run_cli_json(capsys, "mesoscopic", *argv, "--float64")
    _, slow = run_cli_json(capsys, "mesoscopic", *argv, "--digits", "30")
    for key in ("log_Z", "beta_boundary_energy", "total_correlation"):
        want = mpmath.mpf(slow[key])
        assert abs(float(fast[key]) - want) < 1e-13 * max(1, abs(want)), key
    for got, want in zip(fast["mutual_information"], slow["mutual_information"], strict=True):
        assert abs(float(got) - mpmath.mpf(want)) < 1e-13
    if argv[0] == "ising":  # the open chain at h = 0: ln Z = ln 2 + 11 ln(2 cosh K), K = 1/3
        closed = mpmath.log(2) + 11 * mpmath.log(2 * mpmath.cosh(mpmath.mpf(1) / 3))
        assert abs(float(fast["log_Z"]) - closed) < 1e-13 * closed
