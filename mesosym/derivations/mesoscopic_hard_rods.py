"""Mesoscopic hard rods (Tonks): sectors that allow an overlap drop out; order 1, not 2.

N rods of length a, centres in [0, L], no other interaction.

1. Tonks: ordering the centres and removing the excluded length,
   y_i = x_i - (i - 1) a maps the allowed ordered configurations onto the
   simplex 0 <= y_1 <= ... <= y_N <= L' = L - (N - 1) a, so Z = L'^N / N!
   (the N! orderings cancel the 1/N!).  Checked by integrating over the gaps.
2. The hard core is +oo on overlaps, so the sector average Hbar is +oo (and the
   sector drops out of Z_mes) exactly when an overlap has positive probability:
   for two cells k apart (width w) the distances fill ((k - 1) w, (k + 1) w),
   so offset k is allowed iff k >= 1 + a/w; k = 0 (two rods in one cell) never.
3. Counting: N cells out of M with consecutive gaps >= c + 1, c = ceil(a/w),
   number C(M - c (N - 1), N); each allowed sector has volume w^N, so
   Z_mes = w^N C(M - c (N - 1), N).
4. Commensurate cells (a = c w): Z_mes = (1/N!) prod_{j<N} (L' - j w), so
   ln Z_mes - ln Z = sum_{j<N} ln(1 - j w/L') = -N(N - 1) w/(2 L') + O(w^2):
   order 1 in w, and extensive in N at fixed density (N^2 w / L' ~ N rho w).
5. Non-commensurate cells round the rod up to c w > a; an arbitrarily small
   core already forbids neighbouring cells, so Z_mes is discontinuous at a = 0+.
6. Limits: at fixed w and density, (ln Z_mes - ln Z)/N -> int_0^1 ln(1 - t x) dx
   with t = w N/L' (and Z_mes = 0 once the cells cannot hold N rods, t > 1):
   the per-particle free energy converges only as w -> 0, and Z_mes/Z -> 1
   needs N^2 w -> 0: the cells must shrink first.

Run ``python -m derivations.mesoscopic_hard_rods`` for the report.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import mpmath
import sympy as sp

from mesosym.checking.derivation import Derivation, Step, close, exact, identity, less
from mesosym.mesoscopic import ContinuumGas
from mesosym.mesoscopic.pair_averages import offset_allowed
from mesosym.papers import MESOSCOPIC

__all__ = ["derive"]

TITLE = "Part B, hard rods (Tonks): dropped sectors, the exact formula and order 1"
EQUATIONS: tuple[str, ...] = ()
PAPER = MESOSCOPIC.arxiv_id


def _overlap_possible(k: int, w: Fraction, a: Fraction) -> bool:
    """P(|x - y| < a) > 0 for x, y uniform in cells k apart: the set of u in (-1, 1) with
    w |k + u| < a has positive length (exact rationals)."""
    lo, hi = max(Fraction(-1), -k - a / w), min(Fraction(1), -k + a / w)
    return hi > lo


def _spaced_subsets(M: int, N: int, c: int) -> int:
    """Brute force: N-subsets of range(M) with consecutive differences >= c + 1."""
    return sum(
        all(s[i + 1] - s[i] >= c + 1 for i in range(N - 1))
        for s in itertools.combinations(range(M), N)
    )


def derive() -> Derivation:
    """Return the checked steps."""
    steps: list[Step] = []
    L, a, g1, g2, g = sp.symbols("L a g1 g2 g", positive=True)
    steps.append(
        identity(
            "",
            "Tonks, N = 2: the integral over the gap g >= a of the (L - g) placements is "
            "(L - a)^2/2 = L'^2/2!.",
            sp.integrate(L - g, (g, a, L)),
            (L - a) ** 2 / 2,
        )
    )
    steps.append(
        identity(
            "",
            "Tonks, N = 3: the integral over gaps g1, g2 >= a with g1 + g2 <= L of "
            "(L - g1 - g2) is (L - 2a)^3/3!.",
            sp.integrate(sp.integrate(L - g1 - g2, (g2, a, L - g1)), (g1, a, L - a)),
            (L - 2 * a) ** 3 / 6,
            condition="centres confined to [0, L] (rods may stick out by a/2 at the walls); "
            "with the rods inside [0, L] replace L by L - a.",
        )
    )
    with mpmath.workdps(25):
        pairs = []
        for n, aa in ((2, Fraction(1, 3)), (3, Fraction(1, 5)), (3, Fraction(1, 2))):
            closed = ContinuumGas(n, 2, hard_core=aa, digits=20).log_partition_function()
            quad = ContinuumGas(n, 2, sp.S.Zero, hard_core=aa, digits=20).log_partition_function()
            pairs.append((closed, quad))
    steps.append(
        close(
            "",
            "mesosym: the closed form N ln(L - (N - 1) a) - ln N! equals the gap quadrature "
            "of ContinuumGas (N = 2, 3; L = 2; 20 digits).",
            pairs,
            rtol=1e-17,
        )
    )
    cases = [
        (k, Fraction(1, m), Fraction(p, q))
        for k in range(5)
        for m in (1, 2, 3, 7)
        for p in range(1, 8)
        for q in (2, 3, 5)
    ]
    steps.append(
        exact(
            "",
            "A sector drops out iff an overlap has positive probability: for cells k apart "
            "the overlap set {u in (-1, 1): w |k + u| < a} (u with triangle density) has "
            "positive length iff not (k >= 1 + a/w) -- mesosym's offset_allowed.",
            lambda k, w, aa: offset_allowed(
                k,
                sp.Rational(w.numerator, w.denominator),
                sp.Rational(aa.numerator, aa.denominator),
            ),
            lambda k, w, aa: not _overlap_possible(k, w, aa),
            cases,
            ("k", "w", "a"),
            what="k < 5, w = 1, 1/2, 1/3, 1/7, a = p/q",
        )
    )
    cases2 = [(M, n, c) for M in range(1, 13) for n in range(1, 5) for c in range(0, 4)]
    steps.append(
        exact(
            "",
            "Counting allowed sectors: N cells of M with consecutive gaps >= c + 1 number "
            "C(M - c(N - 1), N) (substitute d_i = c_i - c(i - 1)).",
            lambda M, n, c: _spaced_subsets(M, n, c),
            lambda M, n, c: math.comb(M - c * (n - 1), n) if M - c * (n - 1) >= 0 else 0,
            cases2,
            ("M", "N", "c"),
            what="M <= 12, N <= 4, c <= 3",
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for n, M, aa in ((2, 10, Fraction(1, 5)), (3, 13, Fraction(1, 5)), (3, 12, Fraction(1, 4))):
            gas = ContinuumGas(n, 1, hard_core=aa)
            pairs.append(
                (
                    gas.log_mesoscopic_partition_function(M),
                    gas.log_mesoscopic_partition_function(M, method="enumerate"),
                )
            )
    steps.append(
        close(
            "",
            "mesosym: Z_mes = w^N C(M - ceil(a/w)(N - 1), N) equals the sector sum by its "
            "definition (every multiset, Hbar = +oo on sectors that allow an overlap).",
            pairs,
            rtol=1e-25,
        )
    )
    w, Lp, K = sp.symbols("w Lp K", positive=True)
    for n in (2, 3, 4, 5):
        steps.append(
            identity(
                "",
                f"Commensurate cells, N = {n}: w^N C(L'/w, N) = (1/N!) prod_(j<N) (L' - j w).",
                w**n * sp.expand_func(sp.binomial(Lp / w, n)),
                sp.Mul(*[Lp - j * w for j in range(n)]) / sp.factorial(n),
            )
        )
    n_s = sp.Symbol("N", positive=True, integer=True)
    j = sp.Symbol("j", integer=True, nonnegative=True)
    steps.append(
        identity(
            "",
            "Order 1: ln Z_mes - ln Z = sum_{j<N} ln(1 - j w/L') = -(w/L') sum_{j<N} j + O(w^2) "
            "= -N(N - 1) w/(2 L') + O(w^2).",
            -sp.summation(j, (j, 0, n_s - 1)) * w / Lp,
            -n_s * (n_s - 1) * w / (2 * Lp),
            condition="the order is 1, not the 2 of smooth potentials: hard cores change "
            "the rate, and the coefficient ~ N^2/L' is extensive at fixed density.",
        )
    )
    with mpmath.workdps(30):
        gas = ContinuumGas(3, 1, hard_core=Fraction(1, 8))
        z = gas.log_partition_function()
        gaps = [z - gas.log_mesoscopic_partition_function(8 * 2**i) for i in range(3, 8)]
        ratios = [(gaps[i] / gaps[i + 1], mpmath.mpf(2)) for i in range(len(gaps) - 1)]
        coefficient = gaps[-1] * 8 * 2**7
    steps.append(
        close(
            "",
            "Measured (N = 3, L = 1, a = 1/8, commensurate M = 64 .. 1024): the gap halves with "
            f"w (ratios {', '.join(mpmath.nstr(r[0], 5) for r in ratios)}), and "
            f"(ln Z - ln Z_mes)/w = {mpmath.nstr(coefficient, 6)} at M = 1024 against "
            "N(N - 1)/(2 L') = 4.",
            ratios + [(coefficient, 4)],
            rtol=1e-2,
        )
    )
    with mpmath.workdps(30):
        tiny = ContinuumGas(3, 1, hard_core=Fraction(1, 10**6)).log_mesoscopic_partition_function(
            20
        )
        free = ContinuumGas(3, 1).log_mesoscopic_partition_function(20)
        z_tiny = ContinuumGas(3, 1, hard_core=Fraction(1, 10**6)).log_partition_function()
    steps.append(
        less(
            "",
            "Discontinuity at a = 0+: a core of 1e-6 with 20 cells already forbids neighbouring "
            f"cells: ln Z_mes = {mpmath.nstr(tiny, 8)} (= ln(C(18, 3)/20^3)) < "
            f"ln Z(a = 1e-6) = {mpmath.nstr(z_tiny, 8)} ~ "
            f"ln Z_mes(a = 0) = {mpmath.nstr(free, 8)}.",
            [(tiny, z_tiny), (tiny, free)],
            condition="the fine-graining limit needs w << a (or cells commensurate with a) "
            "before it applies to hard cores; at fixed cells the limit a -> 0 is not the ideal "
            "gas.",
        )
    )
    t, x = sp.symbols("t x", positive=True)
    steps.append(
        identity(
            "",
            "At fixed w and density, (1/N) sum_{j<N} ln(1 - t j/N) -> int_0^1 ln(1 - t x) dx "
            "= -1 - (1 - t) ln(1 - t)/t, t = w N/L' < 1: a finite per-particle error that "
            "vanishes only as w -> 0 (~ -t/2).",
            sp.integrate(sp.log(1 - t * x), (x, 0, 1)).subs(t, t / (1 + t)),
            (-1 - (1 - t) * sp.log(1 - t) / t).subs(t, t / (1 + t)),
            condition="Z_mes/Z -> 1 needs N^2 w/L' -> 0: take the cells to zero first; "
            "taking N -> oo first at fixed w leaves ln Z_mes - ln Z ~ N f(t) -> -oo, and "
            "Z_mes = 0 once t > 1 (the cells cannot hold N rods).",
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for n in (1000, 10000):
            tt = mpmath.mpf(1) / 2
            riemann = mpmath.fsum(mpmath.log(1 - tt * jj / n) for jj in range(n)) / n
            pairs.append((riemann, -1 - (1 - tt) * mpmath.log(1 - tt) / tt))
    steps.append(
        close(
            "",
            "The exact per-particle gap at t = 1/2 for N = 1000 and 10000 approaches "
            "-1 - ln(1/2) = -0.3069 (error ~ ln 2/(2N)).",
            pairs,
            rtol=2e-3,
        )
    )
    with mpmath.workdps(30):
        rods = ContinuumGas(4, 1, hard_core=Fraction(1, 9))
        z = rods.log_partition_function()
        pairs = [(rods.log_mesoscopic_partition_function(M), z) for M in range(12, 80, 7)]
    steps.append(
        less(
            "README B",
            "Jensen: ln Z_mes < ln Z for 4 rods of length 1/9 on [0, 1], M = 12, 19, ..., 75 "
            "(commensurate and not).",
            pairs,
        )
    )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
