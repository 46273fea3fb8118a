"""IsingCylinder against independent routes.

* exact enumeration of w x L tori (integer counts of configurations by ring, bond sum
  and magnetisation) checks a dense transfer matrix built here from the Hamiltonian:
  Z = tr T^L and the ring marginal (T^L)_ss / Z;
* that matrix's dense mpmath eigendecomposition (the spin basis) and its block in the
  rotation-invariant basis (orbits of ring states) give lambda and phi independently of
  the library's factor-by-factor Lanczos and Newton refinement;
* the exact laws of L consecutive rings, enumerated and fed to the generic information
  verbs, give the entropy rate, the information between the halves and the Renyi
  entropies by identities that hold at every L;
* Kaufman's closed form (h = 0) gives ln lambda for any w, its derivative the entropy.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from conftest import cpu_budget

from mesosym.errors import BudgetError, DomainError
from mesosym.known import kaufman_log_largest_eigenvalue, onsager_critical
from mesosym.mesoscopic import IsingCylinder
from mesosym.mesoscopic import information as info

DPS = 45
TOL = mpmath.mpf(10) ** -25


# -- the independent routes, written from the Hamiltonian ---------------------------------------
def spins(w: int) -> list[tuple[int, ...]]:
    """Ring states in the library's order: site 0 most significant, bit 1 = spin -1."""
    return [tuple(1 - 2 * b for b in bits) for bits in itertools.product((0, 1), repeat=w)]


def dense_transfer(w: int, K: mpmath.mpf, H: mpmath.mpf, around: str = "periodic") -> mpmath.matrix:
    """T[s, t] = exp(e(s)/2 + e(t)/2 + K sum_k s_k t_k), e = K sum s_k s_(k+1) + H sum s_k.

    The ring's bonds k = 0..w-1 (periodic), or the open column's k = 0..w-2."""
    states = spins(w)
    bonds = w if around == "periodic" else w - 1

    def e(s: tuple[int, ...]) -> mpmath.mpf:
        return K * sum(s[k] * s[(k + 1) % w] for k in range(bonds)) + H * sum(s)

    n = len(states)
    T = mpmath.matrix(n, n)
    for i, s in enumerate(states):
        for j, t in enumerate(states):
            T[i, j] = mpmath.exp(
                e(s) / 2 + e(t) / 2 + K * sum(a * b for a, b in zip(s, t, strict=True))
            )
    return T


def leading_dense(T: mpmath.matrix) -> tuple[mpmath.mpf, list[mpmath.mpf]]:
    values, vectors = mpmath.eigsy(T)
    i = max(range(len(values)), key=lambda k: values[k])
    phi = [vectors[r, i] for r in range(T.rows)]
    if sum(phi) < 0:
        phi = [-x for x in phi]
    return values[i], phi


def torus_counts(w: int, L: int) -> dict[tuple[int, int, int], int]:
    """{(ring-0 state, bond sum, magnetisation): number of configurations} of the w x L torus."""
    n = w * L
    index = np.arange(2**n, dtype=np.int64)[:, None]
    s = (1 - 2 * ((index >> np.arange(n - 1, -1, -1)) & 1)).reshape(-1, L, w)
    bonds = (s * np.roll(s, -1, axis=2)).sum(axis=(1, 2)) + (s * np.roll(s, -1, axis=1)).sum(
        axis=(1, 2)
    )
    mag = s.sum(axis=(1, 2))
    ring0 = (index[:, 0] >> (n - w)) & (2**w - 1)
    keys, counts = np.unique(np.stack([ring0, bonds, mag]), axis=1, return_counts=True)
    return {(int(a), int(b), int(c)): int(k) for (a, b, c), k in zip(keys.T, counts, strict=True)}


def block_law(phi: list, T: mpmath.matrix, lam: mpmath.mpf, L: int) -> dict:
    """The exact law of L consecutive rings: phi_x1 T_x1x2 ... phi_xL / lambda^(L-1)."""
    n = len(phi)
    law = {}
    for xs in itertools.product(range(n), repeat=L):
        p = phi[xs[0]] * phi[xs[-1]] / lam ** (L - 1)
        for a, b in zip(xs[:-1], xs[1:], strict=True):
            p *= T[a, b]
        law[xs] = p
    return law


CASES = [  # (w, J, h, beta)
    (2, Fraction(1), Fraction(0), Fraction(2, 5)),
    (3, Fraction(1), Fraction(3, 10), Fraction(1, 2)),
    (3, Fraction(-7, 10), Fraction(1, 5), Fraction(6, 5)),
    pytest.param((4, Fraction(1), Fraction(-1, 4), Fraction(9, 20)), marks=pytest.mark.slow),
]


def mp(x: Fraction) -> mpmath.mpf:
    return mpmath.mpf(x.numerator) / x.denominator


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"w{c[0]}-J{c[1]}-h{c[2]}-b{c[3]}")
def case(request):
    w, J, h, beta = request.param
    with mpmath.workdps(DPS):
        T = dense_transfer(w, mp(beta * J), mp(beta * h))
        lam, phi = leading_dense(T)
    cyl = IsingCylinder(circumference=w, coupling=J, field=h, beta=beta, digits=30)
    return w, J, h, beta, T, lam, phi, cyl


# -- the transfer matrix against enumeration -------------------------------------------------------
@pytest.mark.parametrize(
    "w, L", [(3, 4), (4, 4), pytest.param(3, 6, marks=pytest.mark.slow), (2, 5)]
)
def test_torus_enumeration_is_the_trace_of_the_transfer_matrix(w, L):
    K, H = Fraction(2, 5), Fraction(-3, 10)
    counts = torus_counts(w, L)
    with mpmath.workdps(DPS):
        boltzmann = {
            (b, m): mpmath.exp(mp(K) * b + mp(H) * m)
            for _, b, m in counts  # one exp per level
        }
        weights = {key: n * boltzmann[key[1:]] for key, n in counts.items()}
        Z = mpmath.fsum(weights.values())
        T = dense_transfer(w, mp(K), mp(H))
        P = T**L
        assert abs(sum(P[i, i] for i in range(2**w)) / Z - 1) < TOL
        for state in range(2**w):  # the ring marginal on the torus is (T^L)_ss / Z
            marginal = mpmath.fsum(v for key, v in weights.items() if key[0] == state)
            assert abs(marginal / Z - P[state, state] / Z) < TOL


def test_leading_pair_matches_the_dense_spin_basis(case):
    w, J, h, beta, T, lam, phi, cyl = case
    with mpmath.workdps(DPS):
        assert abs(cyl.log_partition_function_per_ring() - mpmath.log(lam)) < TOL
        p = cyl.ring_distribution()
        assert max(abs(p[i] - phi[i] ** 2) for i in range(2**w)) < TOL


def test_leading_eigenvalue_in_the_rotation_invariant_basis():
    """A second basis: orbits of ring states under rotation, with a field (no flip symmetry)."""
    w = 6
    states = spins(w)
    index = {s: i for i, s in enumerate(states)}
    orbits: list[list[int]] = []
    seen: set[int] = set()
    for s in states:
        if index[s] in seen:
            continue
        orbit = sorted({index[s[k:] + s[:k]] for k in range(w)})
        seen.update(orbit)
        orbits.append(orbit)
    with mpmath.workdps(DPS):
        K, H = mpmath.mpf(41) / 100, mpmath.mpf(13) / 100

        def entry(s, t):
            e = lambda x: K * sum(x[k] * x[(k + 1) % w] for k in range(w)) + H * sum(x)  # noqa: E731
            return mpmath.exp(
                e(s) / 2 + e(t) / 2 + K * sum(a * b for a, b in zip(s, t, strict=True))
            )

        n = len(orbits)
        R = mpmath.matrix(n, n)
        for a, oa in enumerate(orbits):
            rep = states[oa[0]]
            for b, ob in enumerate(orbits):
                R[a, b] = mpmath.sqrt(mpmath.mpf(len(oa)) / len(ob)) * mpmath.fsum(
                    entry(rep, states[t]) for t in ob
                )
        lam, _ = leading_dense(R)
        cyl = IsingCylinder(circumference=w, coupling=Fraction(41, 100), field=Fraction(13, 100))
        assert n == 14  # binary necklaces of length 6
        assert abs(cyl.log_partition_function_per_ring() - mpmath.log(lam)) < TOL


# -- the quantities against the exact laws of consecutive rings ---------------------------------
def test_entropy_rate_and_information_from_the_law_of_ring_blocks(case):
    w, J, h, beta, T, lam, phi, cyl = case
    L = 3 if w <= 2 else 2
    with mpmath.workdps(DPS):
        law = block_law(phi, T, lam, L)
        ring = {(i,): phi[i] ** 2 for i in range(2**w)}
        H_ring = info.entropy(ring, digits=DPS - 5)
        H_block = info.entropy(law, digits=DPS - 5)
        # chain rule of a stationary Markov chain: H(x_1..x_L) = H(ring) + (L - 1) h
        assert abs(cyl.ring_entropy() - H_ring) < TOL
        assert abs(cyl.entropy_per_ring() - (H_block - H_ring) / (L - 1)) < TOL
        # the halves share I(x_1 : x_2..x_L) = I(past : future)
        mi = info.mutual_information(law, [0], list(range(1, L)), digits=DPS - 5)
        assert abs(cyl.mutual_information() - mi) < TOL
        assert cyl.mutual_information() > 0


def test_ring_arc_information_from_the_marginals(case):
    w, J, h, beta, T, lam, phi, cyl = case
    with mpmath.workdps(DPS):
        ring = {s: phi[i] ** 2 for i, s in enumerate(spins(w))}
        for arc in range(w + 1):
            expected = info.mutual_information(
                ring, list(range(arc)), list(range(arc, w)), digits=DPS - 5
            )
            assert abs(cyl.ring_mutual_information(arc) - expected) < TOL


def test_entropy_per_ring_is_the_derivative_of_ln_lambda(case):
    """h = ln lambda - beta d ln lambda / d beta, the derivative of the dense eigenvalue."""
    w, J, h, beta, T, lam, phi, cyl = case
    with mpmath.workdps(DPS):

        def log_lambda(b):
            return mpmath.log(leading_dense(dense_transfer(w, b * mp(J), b * mp(h)))[0])

        derivative = mpmath.diff(log_lambda, mp(beta))
        assert abs(cyl.entropy_per_ring() - (mpmath.log(lam) - mp(beta) * derivative)) < TOL
        energy = -derivative
        assert abs(cyl.energy_per_ring() - energy) < TOL


def test_renyi_information_is_the_limit_of_ring_blocks(case):
    """S_2 of L-ring blocks enumerated (L = 1, 2), then 2 S_2(L) - S_2(2L) at large L."""
    w, J, h, beta, T, lam, phi, cyl = case
    with mpmath.workdps(DPS):
        T2 = mpmath.matrix(T.rows, T.cols)
        for i in range(T.rows):
            for j in range(T.cols):
                T2[i, j] = T[i, j] ** 2
        u = mpmath.matrix([x**2 for x in phi])

        def sum_p2(L):  # the identity, checked below against enumeration
            return (u.T * T2 ** (L - 1) * u)[0] / lam ** (2 * (L - 1))

        for L in (1, 2):
            law = block_law(phi, T, lam, L)
            assert abs(mpmath.fsum(p**2 for p in law.values()) / sum_p2(L) - 1) < TOL
        L = 400
        limit = 2 * -mpmath.log(sum_p2(L)) + mpmath.log(sum_p2(2 * L))
        assert abs(cyl.renyi_mutual_information(2) - limit) < TOL


def test_renyi_order_one_is_shannon():
    cyl = IsingCylinder(circumference=3, coupling=1, field=Fraction(1, 10), beta=Fraction(1, 2))
    shannon = cyl.mutual_information()
    assert cyl.renyi_mutual_information(1) == shannon
    eps = Fraction(1, 10**8)
    near = (cyl.renyi_mutual_information(1 + eps) + cyl.renyi_mutual_information(1 - eps)) / 2
    assert abs(near - shannon) < 1e-14


# -- closed forms ---------------------------------------------------------------------------------
@pytest.mark.parametrize("w", [1, 2, 3, 5, pytest.param(8, marks=pytest.mark.slow)])
def test_kaufman_largest_eigenvalue(w):
    beta = Fraction(3, 7)
    cyl = IsingCylinder(circumference=w, coupling=1, beta=beta, digits=30)
    with mpmath.workdps(DPS):
        exact = kaufman_log_largest_eigenvalue(w, mp(beta), DPS)
        assert abs(cyl.log_partition_function_per_ring() - exact) < TOL
        d = mpmath.diff(lambda K: kaufman_log_largest_eigenvalue(w, K, 2 * DPS), mp(beta))
        s = kaufman_log_largest_eigenvalue(w, mp(beta), DPS) - mp(beta) * d
    assert abs(cyl.entropy_per_ring() - s) < TOL


@pytest.mark.parametrize("w", [12, 14])
def test_float64_wide_rings_against_kaufman(w):
    Kc = onsager_critical["K_c"]
    beta = Fraction(float(Kc.evalf(20)))
    cyl = IsingCylinder(circumference=w, coupling=1, beta=beta, digits=None)
    exact = kaufman_log_largest_eigenvalue(w, mp(beta), 20)
    assert abs(cyl.log_partition_function_per_ring() / float(exact) - 1) < 1e-14
    with mpmath.workdps(30):
        d = mpmath.diff(lambda K: kaufman_log_largest_eigenvalue(w, K, 60), mp(beta))
        s = exact - mp(beta) * d
    assert abs(cyl.entropy_per_ring() - float(s)) < 1e-11 * w


def test_limits():
    with mpmath.workdps(30):
        _limits()


def _limits():
    hot = IsingCylinder(circumference=5, coupling=1, field=Fraction(1, 3), beta=0, digits=20)
    assert abs(hot.mutual_information()) < 1e-20
    assert abs(hot.renyi_mutual_information(2)) < 1e-20
    assert abs(hot.ring_entropy() - 5 * mpmath.log(2)) < 1e-20
    free = IsingCylinder(circumference=3, coupling=0, field=Fraction(1, 2), beta=2, digits=20)
    spin = mpmath.log(2 * mpmath.cosh(1)) - mpmath.tanh(1)
    assert abs(free.entropy_per_ring() - 3 * spin) < 1e-20
    assert abs(free.ring_entropy() - 3 * spin) < 1e-20
    cold = IsingCylinder(circumference=4, coupling=1, beta=10, digits=20)
    assert abs(cold.mutual_information() - mpmath.log(2)) < 1e-20
    assert abs(cold.renyi_mutual_information(3) - mpmath.log(2)) < 1e-20


@pytest.mark.parametrize(
    "w, beta",
    [(4, Fraction(1, 5)), (4, Fraction(3, 4)), (7, Fraction(11, 25))]
    + [pytest.param(10, Fraction(11, 25), marks=pytest.mark.slow)],
)
def test_float64_against_mpmath(w, beta):
    f = IsingCylinder(circumference=w, coupling=1, field=Fraction(1, 20), beta=beta, digits=None)
    m = IsingCylinder(circumference=w, coupling=1, field=Fraction(1, 20), beta=beta, digits=20)
    assert (
        abs(f.log_partition_function_per_ring() / float(m.log_partition_function_per_ring()) - 1)
        < 1e-14
    )
    for name in (
        "entropy_per_ring",
        "ring_entropy",
        "mutual_information",
        "renyi_mutual_information",
    ):
        assert abs(getattr(f, name)() - float(getattr(m, name)())) < 1e-11 * w, name
    assert (
        abs(f.ring_mutual_information(w // 2) - float(m.ring_mutual_information(w // 2)))
        < 1e-11 * w
    )


# -- bad input and budgets ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"circumference": 0}, "circumference must be a positive integer"),
        ({"circumference": 2.5}, "circumference must be a positive integer"),
        ({"circumference": 3, "beta": "x"}, "beta must be a finite real number"),
        ({"circumference": 3, "coupling": float("nan")}, "coupling must be a finite real"),
        ({"circumference": 3, "digits": 0}, "digits must be an integer >= 1"),
    ],
)
def test_bad_input(kwargs, message):
    with pytest.raises(DomainError, match=message):
        IsingCylinder(**kwargs)


def test_bad_arc_and_order():
    cyl = IsingCylinder(circumference=3, digits=None)
    with pytest.raises(
        DomainError, match=r"arc must be an integer in \[0, circumference\] = \[0, 3\]"
    ):
        cyl.ring_mutual_information(4)
    with pytest.raises(DomainError, match="order must be a positive number"):
        cyl.renyi_mutual_information(0)


@pytest.mark.parametrize("w, digits", [(40, None), (16, 30)])
def test_refused_before_the_work(w, digits):
    with cpu_budget(what=(w, digits)), pytest.raises(BudgetError, match="circumference"):
        IsingCylinder(circumference=w, digits=digits).log_partition_function_per_ring()


# -- the command line and the figure ---------------------------------------------------------------
def test_cli_json_prints_the_quantities(capsys):
    from mesosym.cli import main

    code = main(
        [
            "mesoscopic",
            "ising-cylinder",
            "--circumference",
            "3",
            "--temperature",
            "5/2",
            "--field",
            "1/10",
            "--digits",
            "20",
            "--format",
            "json",
        ]  # fmt: skip
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["beta"] == "2/5" and report["arc"] == 1
    with mpmath.workdps(DPS):
        T = dense_transfer(3, mpmath.mpf(2) / 5, mpmath.mpf(1) / 25)
        lam, phi = leading_dense(T)
        ring = {s: phi[i] ** 2 for i, s in enumerate(spins(3))}
        assert abs(mpmath.mpf(report["log_partition_function_per_ring"]) - mpmath.log(lam)) < 1e-19
        arc = info.mutual_information(ring, [0], [1, 2], digits=30)
        assert abs(mpmath.mpf(report["ring_mutual_information"]) - arc) < 1e-19
        per_site = mpmath.mpf(report["per_site"]["ring_entropy"]) * 3
        assert abs(per_site - info.entropy(ring, digits=30)) < 1e-18


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["--circumference", "3", "--sites", "4"], "--sites applies to the chain models"),
        (["--beta", "1"], "--circumference is required"),
        (["--circumference", "3", "--temperature", "0"], "temperature must be > 0"),
        (["--circumference", "0"], "circumference must be a positive integer"),
        (["--circumference", "3", "--arc", "5"], "arc must be an integer in [0, circumference]"),
        (["--circumference", "3", "--boundary", "twisted"], "invalid choice: 'twisted'"),
    ],
)
def test_cli_bad_input_is_one_line(capsys, argv, needle):
    from mesosym.cli import main

    assert main(["mesoscopic", "ising-cylinder", *argv]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def _cli_json(capsys, *argv: str) -> dict:
    from mesosym.cli import main

    assert main(["mesoscopic", "ising-cylinder", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_open_boundary_against_the_library_and_a_dense_matrix(capsys):
    argv = ("--circumference", "3", "--beta", "2/5", "--field", "1/10", "--digits", "20")
    report = _cli_json(capsys, *argv, "--boundary", "open")
    assert report["boundary"] == "open"
    library = IsingCylinder(3, 1, Fraction(1, 10), Fraction(2, 5), digits=20, boundary="open")
    with mpmath.workdps(DPS):
        for name in ("log_partition_function_per_ring", "entropy_per_ring", "mutual_information"):
            assert abs(mpmath.mpf(report[name]) - getattr(library, name)()) < 1e-19
    # independently: the dense 8 x 8 transfer of the open column (two bonds in it, three
    # between neighbours), its leading pair by mpmath.eigsy, h = ln lambda + beta <E>
    with mpmath.workdps(DPS):
        T = dense_transfer(3, mpmath.mpf(2) / 5, mpmath.mpf(1) / 25, around="open")
        lam, phi = leading_dense(T)
        n = T.rows
        energy = sum(
            phi[i] * T[i, j] * phi[j] * mpmath.log(T[i, j]) for i in range(n) for j in range(n)
        )
        rate = mpmath.log(lam) - energy / lam
        ring = -sum(x**2 * mpmath.log(x**2) for x in phi)
        assert abs(mpmath.mpf(report["log_partition_function_per_ring"]) - mpmath.log(lam)) < 1e-19
        assert abs(mpmath.mpf(report["entropy_per_ring"]) - rate) < 1e-19
        assert abs(mpmath.mpf(report["mutual_information"]) - (ring - rate)) < 1e-19
    # the periodic cylinder differs (the default): the ring's third bond
    assert (
        _cli_json(capsys, *argv)["log_partition_function_per_ring"]
        != report["log_partition_function_per_ring"]
    )


def test_cli_open_width_one_is_the_ising_chain(capsys):
    # one spin per column with no bond in it: the open chain along the axis,
    # ln lambda = ln(2 cosh K), I(left : right) = ln 2 - ln(2 cosh K) + K tanh K
    report = _cli_json(capsys, "--circumference", "1", "--beta", "1/2", "--boundary", "open")
    K = mpmath.mpf(1) / 2
    assert (
        abs(mpmath.mpf(report["log_partition_function_per_ring"]) - mpmath.log(2 * mpmath.cosh(K)))
        < 1e-14
    )
    chain = mpmath.log(2) - mpmath.log(2 * mpmath.cosh(K)) + K * mpmath.tanh(K)
    assert abs(mpmath.mpf(report["mutual_information"]) - chain) < 1e-14
    assert mpmath.mpf(report["ring_mutual_information"]) == 0  # an arc of no site


def test_cli_open_strip_text_names_columns_not_rings(capsys):
    from mesosym.cli import main

    assert main(["mesoscopic", "ising-cylinder", "--circumference", "2", "--boundary", "open"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Ising strip: open width 2")
    assert "ln lambda (per column)" in text and "ring" not in text
    assert main(["mesoscopic", "ising-cylinder", "--circumference", "2"]) == 0
    assert "ln lambda (per ring)" in capsys.readouterr().out


def test_cli_chain_models_still_need_sites(capsys):
    from mesosym.cli import main

    assert main(["mesoscopic", "ising", "--cells", "2"]) == 2
    assert "--sites is required" in capsys.readouterr().err


@pytest.mark.slow
def test_area_law_data_against_the_30_digit_route():
    from mesosym.figures.mesoscopic import area_law_data

    d = area_law_data(
        widths=(4, 6), temperatures=(3.0,), peak_widths=(8, 10),
        scan_temperatures=(2.0, 2.2, 2.4, 2.6), arc_widths=(4, 6),
    )  # fmt: skip
    for k, w in enumerate((4, 6)):
        exact = IsingCylinder(circumference=w, beta=Fraction(1 / 3.0), digits=20)
        assert abs(d.information[0, k] - float(exact.mutual_information()) / w) < 1e-12
    Tc = float(onsager_critical["T_c"])
    exact = IsingCylinder(circumference=6, beta=Fraction(1 / Tc), digits=20)
    assert abs(d.arc_information[-1] - float(exact.ring_mutual_information(3))) < 1e-12
    # the peak is a maximum of the scanned curve's neighbourhood
    assert d.peaks[0] < Tc < d.peaks[1]  # w = 8 peaks below T_c, w = 10 above
    for w, peak in zip((8, 10), d.peaks, strict=True):
        here = IsingCylinder(circumference=w, beta=Fraction(1 / peak), digits=None)
        for T in (peak - 0.01, peak + 0.01):
            there = IsingCylinder(circumference=w, beta=Fraction(1 / T), digits=None)
            assert there.mutual_information() < here.mutual_information()


def test_near_degenerate_float64_is_refused_and_mpmath_refines():
    """A tiny field in the ordered phase: lambda_2 / lambda_1 = 1 - 1e-8."""
    from mesosym.errors import ConvergenceError

    tiny = Fraction(1, 10**12)
    with pytest.raises(ConvergenceError, match="use digits="):
        IsingCylinder(circumference=10, beta=1, field=tiny, digits=None).mutual_information()
    # the 30-digit route: the field is too weak to choose a magnetisation, ln 2 is shared
    value = IsingCylinder(circumference=6, beta=1, field=tiny, digits=30).mutual_information()
    zero = IsingCylinder(circumference=6, beta=1, field=0, digits=30).mutual_information()
    assert abs(value - zero) < 1e-6


@pytest.mark.parametrize("boundary", ["periodic", "open"])
def test_renyi_below_order_one_deep_in_order_is_finite_in_float64(boundary):
    # phi^n of a rounding-sized negative eigenvector entry (beta J = 8) was NaN in float64
    cold = IsingCylinder(circumference=4, coupling=1, beta=8, digits=None, boundary=boundary)
    value = cold.renyi_mutual_information(0.5)
    exact = IsingCylinder(circumference=4, coupling=1, beta=8, digits=30, boundary=boundary)
    assert abs(value - exact.renyi_mutual_information(0.5)) < 1e-11 * 4
