"""Part B on the lattice: the mesoscopic partition function of a chain, step by step.

Cells of b consecutive sites; a sector is the vector n of cell occupations (up
spins, particles); it holds prod_c C(b, n_c) configurations.  The mesoscopic
partition function is Z_mes = sum_n [prod_c C(b, n_c)] exp(-beta Hbar(n)) with
Hbar(n) the uniform average of H over the sector.

1. Under the uniform measure on a sector the cells are independent, and two
   distinct sites of one cell are both occupied with probability
   n(n-1)/(b(b-1)); a bond across two cells sees independent sites (n n'/b^2).
   Hbar(n) is therefore a sum of one-cell and nearest-cell terms.  Checked
   exactly against enumeration of every sector.
2. Hence Z_mes is a transfer matrix over cells (state n_c = 0..b): checked
   exactly (symbolic J, h, beta) against the sector enumeration.
3. Jensen in each sector, exp(-beta <H>_n) <= <exp(-beta H)>_n, summed with the
   weights |n|: Z_mes <= Z, for either sign of beta.
4. With p(s) = exp(-beta H(s))/Z and p_mes(s) = exp(-beta Hbar(n(s)))/Z_mes
   (a distribution: uniform inside each sector),
   D(p_mes || p) = ln Z - ln Z_mes + beta sum_n P_mes(n) (<H>_n - Hbar(n))
                 = ln Z - ln Z_mes,
   because <H>_n = Hbar(n) by definition.  The gap is the relative entropy of
   the Gibbs state *from* the sector state, D(p_mes || p); the other order,
   D(p || p_mes) = ln Z_mes - ln Z + beta <Hbar - H>_p, is a different number
   and gives the upper bound ln Z - ln Z_mes <= beta <Hbar - H>_p.
5. D = 0 exactly when p_mes = p, i.e. (beta != 0) when H is constant on every
   sector: one-site cells (one configuration per sector) and zero coupling.
   At beta = 0, Z_mes = Z for every H: the paper's "equality exactly when H is
   constant" needs beta != 0.
6. Refining the cells raises Z_mes (Jensen once more), and at fixed b the
   free energy per site of Z_mes, (1/b) ln Lambda_max of the cell transfer
   matrix, stays below ln lambda_+ as N -> oo: the cells must shrink first.
7. The whole chain as one cell gives the fully coarse-grained value, a sum over
   the total occupation with Hbar in closed form.
8. Closed forms of Z (open zero-field Ising 2 (2 cosh K)^(N-1)) and Hill's
   subdivision potential of the open chain (ln cosh K at zero field).

Run ``python -m derivations.mesoscopic_lattice_coarse_graining`` for the report.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp

from mesosym.checking.derivation import Derivation, Step, close, exact, identity, less
from mesosym.mesoscopic import IsingChain, LatticeGas
from mesosym.mesoscopic import sectors as sec
from mesosym.mesoscopic.symbols import J, beta, eps, h, mu
from mesosym.papers import MESOSCOPIC

__all__ = ["derive"]

TITLE = "Part B, the lattice: Z_mes of a chain, the Jensen bound and the relative-entropy identity"
EQUATIONS: tuple[str, ...] = ()
PAPER = MESOSCOPIC.arxiv_id

SITES = 12


def _numeric_models() -> list:
    f = Fraction
    return [
        IsingChain(SITES, f(7, 10), field=f(-3, 10), beta=f(13, 10)),
        IsingChain(SITES, f(-1, 2), field=f(2, 5), beta=f(-9, 10), boundary="periodic"),
        LatticeGas(SITES, f(6, 5), f(-1, 3), beta=f(3, 2), boundary="periodic"),
        LatticeGas(SITES, f(-4, 5), f(1, 7), beta=f(5, 4), particles=5),
    ]


def _symbolic_models() -> list:
    return [
        IsingChain(SITES, J, field=h, beta=beta),
        IsingChain(SITES, J, field=h, beta=beta, boundary="periodic"),
        LatticeGas(SITES, eps, mu, beta=beta, particles=5),
    ]


def derive() -> Derivation:
    """Return the checked steps of the lattice coarse graining."""
    steps: list[Step] = []
    cells = (2, 3, 4, 6, 12)
    sym = _symbolic_models()

    def averaged(i: int, b: int) -> bool:
        model = sym[i]
        for sector, (count, mean, _) in sec.enumerated_sectors(model, b).items():
            closed = sec.sector_energy(model, b, sector)
            if sp.expand(closed - sec._vector_expr(model, mean)) != 0:
                return False
            if sec.sector_count(model, b, sector) != count:
                return False
        return True

    steps.append(
        exact(
            "part B, Z_mes",
            "Hbar(n) from the pair probabilities n(n-1)/(b(b-1)) inside a cell and "
            "n n'/b^2 across a cut, and |n| = prod C(b, n_c), equal the average of H and the "
            "count of every sector found by enumerating all configurations "
            "(symbolic J, h, eps, mu).",
            averaged,
            lambda i, b: True,
            [(i, b) for i in range(len(sym)) for b in (2, 3, 4)],
            ("model", "cell_size"),
            what="12-site chains: Ising open and periodic, canonical gas N = 5",
        )
    )

    def transfer(i: int, b: int) -> sp.Expr:
        return sp.exp(sym[i].log_mesoscopic_partition_function(cell_size=b))

    def enumerated(i: int, b: int) -> sp.Expr:
        return sp.exp(sec.log_mesoscopic_partition_function_by_enumeration(sym[i], b))

    steps.append(
        exact(
            "part B, Z_mes",
            "Z_mes by the transfer matrix over cells (state n_c = 0..b; the canonical gas by the "
            "coefficient of z^N) equals the sum over enumerated sectors, as exact sums "
            "sum_k c_k exp(-beta e_k) in the symbols.",
            transfer,
            enumerated,
            [(i, b) for i in range(len(sym)) for b in cells],
            ("model", "cell_size"),
            what="12-site chains, b = 2, 3, 4, 6, 12",
        )
    )

    with mpmath.workdps(40):
        models = _numeric_models()
        steps.append(
            less(
                "part B, Jensen",
                "Z_mes < Z for every cell structure but one-site cells (coupling != 0, "
                "beta != 0, either sign of beta): Jensen in each sector, "
                "exp(-beta <H>_n) <= <exp(-beta H)>_n.",
                [
                    (m.log_mesoscopic_partition_function(cell_size=b), m.log_partition_function())
                    for m in models
                    for b in (*cells, [1, 5, 2, 4], [7, 5], [3, 3, 6])
                ],
                what="ln Z_mes against ln Z, 4 models x 8 cell structures, equal and unequal",
            )
        )

        LZ, LZm = sp.symbols("LZ LZm", real=True)
        model = IsingChain(6, J, field=h, beta=beta)
        zm = sp.Integer(0)
        d = sp.Integer(0)
        for count, mean, energies in sec.enumerated_sectors(model, 2).values():
            hb = sec._vector_expr(model, mean)
            zm += count * sp.exp(-beta * hb)
            for vec, k in energies.items():
                H = sec._vector_expr(model, vec)
                d += k * sp.exp(-beta * hb) * ((-beta * hb - LZm) - (-beta * H - LZ))
        steps.append(
            identity(
                "part B, relative entropy",
                "Z_mes D(p_mes || p) = sum_s exp(-beta Hbar(n(s))) [ln p_mes(s) - ln p(s)] "
                "equals Z_mes (ln Z - ln Z_mes): the beta (H - Hbar) terms cancel sector by "
                "sector since Hbar is the sector average (6-site Ising chain, cells of 2, "
                "symbolic J, h, beta; LZ, LZm stand for ln Z, ln Z_mes).",
                sp.expand(d),
                sp.expand(zm * (LZ - LZm)),
            )
        )

        pairs, other, bound = [], [], []
        for m in models:
            for b in (3, 4, 12):
                r = sec.relative_entropies(m, b)
                gap = r["log_Z"] - r["log_Z_mes"]
                pairs.append((gap, r["D(p_mes||p)"]))
                other.append((r["D(p||p_mes)"], -gap + r["beta_mean_Hbar_minus_H"]))
                bound.append((gap, r["beta_mean_Hbar_minus_H"]))
        steps.append(
            close(
                "part B, relative entropy",
                "ln Z - ln Z_mes = D(p_mes || p), p the Gibbs state, p_mes(s) = "
                "exp(-beta Hbar(n(s)))/Z_mes, on enumerated 12-site chains.",
                pairs,
                atol=1e-25,
                what="4 models x b = 3, 4, 12",
                condition="the order is D(p_mes || p), not D(p || p_mes)",
            )
        )
        steps.append(
            close(
                "",
                "The other order is a different quantity: D(p || p_mes) = ln Z_mes - ln Z + "
                "beta <Hbar - H>_p.",
                other,
                atol=1e-25,
                what="4 models x b = 3, 4, 12",
            )
        )
        steps.append(
            less(
                "",
                "Hence a two-sided bound 0 <= ln Z - ln Z_mes < beta <Hbar - H>_p "
                "(D(p || p_mes) > 0).",
                bound,
                what="4 models x b = 3, 4, 12",
            )
        )

    def terms_b1(i: int) -> sp.Expr:
        return sp.exp(sym[i].log_mesoscopic_partition_function(cell_size=1))

    def terms_z(i: int) -> sp.Expr:
        return sp.exp(sec.log_partition_function_by_enumeration(sym[i]))

    steps.append(
        exact(
            "part B, fine graining",
            "One-site cells give Z_mes = Z exactly (each sector holds one configuration).",
            terms_b1,
            terms_z,
            [(i,) for i in range(len(sym))],
            ("model",),
            what="symbolic 12-site chains",
        )
    )

    def free(i: int, b: int) -> sp.Expr:
        model = [
            IsingChain(SITES, 0, field=h, beta=beta, boundary="periodic"),
            LatticeGas(SITES, 0, mu, beta=beta, particles=4),
        ][i]
        return sp.exp(model.log_mesoscopic_partition_function(cell_size=b))

    steps.append(
        exact(
            "part B, Jensen",
            "Equality case: with zero coupling H depends on the occupations only, is constant "
            "on every sector, and Z_mes = Z for every cell size.",
            free,
            lambda i, b: free(i, 1),
            [(i, b) for i in range(2) for b in cells],
            ("model", "cell_size"),
            what="zero-coupling Ising ring and canonical gas, 12 sites",
        )
    )
    hot = IsingChain(SITES, J, field=h, beta=0, boundary="periodic")
    steps.append(
        exact(
            "part B, Jensen",
            "At beta = 0, Z_mes = Z = 2^sites for any coupling: the 'equality exactly when H is "
            "constant on every sector' needs beta != 0.",
            lambda b: sp.simplify(sp.exp(hot.log_mesoscopic_partition_function(cell_size=b))),
            lambda b: sp.Integer(2**SITES),
            [(b,) for b in cells],
            ("cell_size",),
            condition="beta != 0",
        )
    )

    with mpmath.workdps(40):
        refinements = ((1, 2), (2, 4), (4, 12), (1, 3), (3, 6), (6, 12), (2, 6))
        steps.append(
            less(
                "part B, fine graining",
                "Refining the cells raises Z_mes: a sector of the coarse cells is the union of "
                "sectors of the fine ones and Hbar_coarse is their count-weighted average, so "
                "Jensen gives Z_mes(coarse) <= Z_mes(fine); the fine-graining limit is monotone.",
                [
                    (
                        m.log_mesoscopic_partition_function(cell_size=c),
                        m.log_mesoscopic_partition_function(cell_size=f),
                    )
                    for m in _numeric_models()
                    for f, c in refinements
                ],
                what="4 models, refinements 1|2|4|12, 1|3|6|12, 2|6",
            )
        )
        big = [
            IsingChain(12000, 1, beta=Fraction(1, 2), boundary="periodic"),
            LatticeGas(6000, Fraction(3, 2), Fraction(-1, 2), beta=Fraction(-2, 3)),
        ]
        steps.append(
            close(
                "",
                "At fixed b, Z_mes is a transfer matrix over cells: (1/N) ln Z_mes -> (1/b) ln "
                "Lambda_max(b); the periodic chain of 12000 sites agrees with N (1/b) ln "
                "Lambda_max to 30 digits.",
                [
                    (
                        big[0].log_mesoscopic_partition_function(b),
                        12000 * sec.mesoscopic_free_energy_density(big[0], b),
                    )
                    for b in (1, 2, 3, 4, 6, 12)
                ],
                rtol=1e-29,
                what="Ising, beta J = 1/2, b = 1, 2, 3, 4, 6, 12",
            )
        )
        steps.append(
            less(
                "part B, fine graining",
                "Order of limits: at fixed b >= 2 the free energy per site of Z_mes stays below "
                "that of Z by a finite amount as N -> oo ((1/b) ln Lambda_max(b) < ln lambda_+), "
                "so ln Z - ln Z_mes grows like N; only b -> 1 at fixed N (then N -> oo) "
                "recovers Z.",
                [
                    (
                        sec.mesoscopic_free_energy_density(m, b) + Fraction(1, 1000),
                        sec.mesoscopic_free_energy_density(m, 1),
                    )
                    for m in big
                    for b in (2, 3, 4, 6, 12)
                ],
                what="Ising and lattice gas (beta < 0), b = 2..12, margin 1/1000",
                condition="the cells must shrink before N -> oo",
            )
        )

    L = SITES

    def whole(boundary: str, n: int) -> sp.Expr:
        return sec.sector_energy(IsingChain(L, J, field=h, boundary=boundary), L, (n,))

    def whole_closed(boundary: str, n: int) -> sp.Expr:
        bonds = L - 1 if boundary == "open" else L
        M = 2 * n - L
        return sp.expand(-J * bonds * sp.Rational(M * M - L, L * (L - 1)) - h * M)

    steps.append(
        exact(
            "part B, coarse graining",
            "The whole chain as one cell: Hbar(n) = -J B (M^2 - L)/(L (L - 1)) - h M with "
            "M = 2n - L and B bonds (sum over ordered pairs of distinct spins: M^2 - L), so "
            "Z_mes = sum_n C(L, n) exp(-beta Hbar(n)).",
            whole,
            whole_closed,
            [(bd, n) for bd in ("open", "periodic") for n in range(L + 1)],
            ("boundary", "n"),
            what="L = 12, every n",
        )
    )

    n = 7
    steps.append(
        identity(
            "",
            "Transfer matrix, open zero-field Ising chain: Z = 2 (2 cosh(beta J))^(N - 1) (N = 7).",
            sp.exp(IsingChain(n, J, beta=beta).log_partition_function()).rewrite(sp.exp),
            (2 * (2 * sp.cosh(beta * J)) ** (n - 1)).rewrite(sp.exp),
            domain={J: (-2, 2), beta: (-2, 2)},
        )
    )
    steps.append(
        identity(
            "part B, Euler relation",
            "Hill's subdivision potential of the open zero-field Ising chain, "
            "lim -(ln Z_n - n ln lambda_+) = ln lambda_+ - ln (u.phi_+)^2 = ln cosh(beta J).",
            IsingChain(n, J, beta=beta).subdivision_potential().rewrite(sp.exp),
            sp.log(sp.cosh(beta * J)).rewrite(sp.exp),
            domain={J: (-2, 2), beta: (-2, 2)},
        )
    )
    with mpmath.workdps(50):
        chains = [
            IsingChain(3000, Fraction(7, 10), field=Fraction(3, 10), beta=Fraction(13, 10)),
            LatticeGas(3000, Fraction(-7, 10), Fraction(3, 10), beta=Fraction(-13, 10)),
        ]
        pairs = []
        for m in chains:
            lam = mpmath.mpf(sp.Float(m.transfer_eigenvalues()[0].evalf(70), 70)._mpf_)
            pairs.append(
                (
                    m.subdivision_potential(),
                    -(m.log_partition_function() - m.sites * mpmath.log(lam)),
                )
            )
        steps.append(
            close(
                "part B, Euler relation",
                "With a field, the closed form ln lambda_+ - ln (u.phi_+)^2 equals "
                "-(ln Z_n - n ln lambda_+) at n = 3000 (the remainder is (lambda_-/lambda_+)^n).",
                pairs,
                atol=1e-25,
                what="Ising chain and lattice gas, beta of either sign",
            )
        )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
