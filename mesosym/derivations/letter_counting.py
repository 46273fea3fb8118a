"""Letter, eqs. (4)-(13): counting the microstates of N particles on q equispaced levels.

The derivation, step by step:

1. q = 3 first.  With occupations n0, n1, n2 the constraints (4) solved for
   j = n2 give (5); the number of configurations is the multinomial (6).
2. The admissible j are those with every occupation >= 0: max(0, M - N) <= j <= floor(M/2).
3. Eq. (7) equals eq. (8): write 1 + x + x^2 = (1 + x) + x^2 and expand twice by
   the binomial theorem, (1 + x + x^2)^N = sum_j C(N, j) x^(2j) (1 + x)^(N - j),
   so [x^M] = sum_j C(N, j) C(N - j, M - 2j), and that product of binomials is
   the multinomial (6).
4. Any q: [x^M] (sum_k x^k)^N counts the configurations with total energy M, eq. (9).
5. The finite geometric sum gives eq. (10), for symbolic q.
6. Beyond the letter: (1 - x^q)^N (1 - x)^(-N) multiplied out gives the
   alternating sum sum_j (-1)^j C(N, j) C(M - q j + N - 1, N - 1).
7. Cauchy's formula (11)-(13): the contour integral returns the coefficient on
   any circle around 0, because x = 1 is a removable singularity of the
   integrand of (13).

Run ``python -m derivations.letter_counting`` for the report.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from functools import cache

import mpmath
import sympy as sp

from mesosym import EquispacedLevels, known
from mesosym.checking.derivation import Derivation, Step, close, exact, identity
from mesosym.levels import counting
from mesosym.papers import LETTER
from mesosym.symbols import M, N, j, k, q, x

__all__ = ["derive", "row_by_expansion", "admissible_j"]

TITLE = "Letter, eqs. (4)-(13): the multiplicity as a coefficient"
#: the letter's numbered equations this derivation regenerates
EQUATIONS: tuple[str, ...] = tuple(str(n) for n in range(4, 14))
PAPER = LETTER.arxiv_id

#: exhaustive ranges of the exact checks
N_MAX_Q3 = 14
Q_MAX, N_MAX = 6, 8


@cache
def row_by_expansion(levels: int, particles: int) -> tuple[int, ...]:
    """``[x^M] (1 + x + ... + x^(levels-1))^particles`` for all M, by SymPy expansion.

    An independent route: SymPy's ``Poly`` power, not :mod:`mesosym.levels.counting`.
    """
    poly = sp.Poly(sum(x**i for i in range(levels)), x) ** particles
    return tuple(int(c) for c in reversed(poly.all_coeffs()))


def admissible_j(n: int, m: int) -> list[int]:
    """The j = n2 for which n0 = n - m + j, n1 = m - 2j and n2 = j are all >= 0 (brute force)."""
    return [jj for jj in range(-2, m + 3) if jj >= 0 and m - 2 * jj >= 0 and n - m + jj >= 0]


def _brute_force_row(levels: int, particles: int) -> tuple[int, ...]:
    """Count the tuples (k_1..k_N) in {0..q-1}^N by their sum: the definition of eq. (9)."""
    counts = Counter(map(sum, itertools.product(range(levels), repeat=particles)))
    return tuple(counts[m] for m in range(particles * (levels - 1) + 1))


def _cauchy(levels: int, particles: int, m: int, radius: mpmath.mpf, nodes: int) -> mpmath.mpc:
    """Eq. (13) by the trapezoid rule on ``|x| = radius`` (exact for polynomials when
    ``nodes`` exceeds the degree, up to rounding)."""
    total = mpmath.mpc(0)
    for i in range(nodes):
        z = radius * mpmath.expjpi(mpmath.mpf(2 * i) / nodes)
        total += (1 - z**levels) ** particles / ((1 - z) ** particles * z**m)
    return total / nodes  # (1/2 pi i) oint f dz / z^(m+1) with dz = i z dtheta


def derive() -> Derivation:
    """Return the checked steps of eqs. (3)-(13)."""
    n0, n1, n2 = sp.symbols("n0 n1 n2", nonnegative=True, integer=True)
    steps: list[Step] = []

    # (4)-(5): the constraints solved for n0, n1 with j = n2
    sol = sp.solve([sp.Eq(n0 + n1 + j, N), sp.Eq(n1 + 2 * j, M)], [n0, n1], dict=True)[0]
    steps.append(
        identity(
            "(4)-(5)",
            "Solving n0 + n1 + n2 = N, n1 + 2 n2 = M for n0 with n2 = j gives n0 = N - M + j.",
            sol[n0],
            N - M + j,
        )
    )
    steps.append(
        identity("(4)-(5)", "... and n1 = M - 2j.", sol[n1], M - 2 * j),
    )
    multinomial = sp.factorial(N) / (sp.factorial(n0) * sp.factorial(n1) * sp.factorial(n2))
    eq6 = sp.factorial(N) / (sp.factorial(N - M + j) * sp.factorial(M - 2 * j) * sp.factorial(j))
    steps.append(
        identity(
            "(6)",
            "The multinomial N!/(n0! n1! n2!) at the occupations (5) is eq. (6).",
            multinomial.subs({n0: sol[n0], n1: sol[n1], n2: j}),
            eq6,
        )
    )
    steps.append(
        exact(
            "(7)",
            "The occupations (5) are all >= 0 exactly for integer j with "
            "max(0, M - N) <= j <= floor(M/2), the range of the sum (7); the range is empty "
            "for M > 2N.",
            admissible_j,
            lambda n, m: list(range(max(0, m - n), m // 2 + 1)),
            [(n, m) for n in range(0, 31) for m in range(0, 2 * n + 4)],
            ("N", "M"),
            what="N <= 30, 0 <= M <= 2N + 3",
        )
    )
    steps.append(
        identity(
            "(6)-(8)",
            "Eq. (6) is the product of binomials C(N, j) C(N - j, M - 2j), the coefficient of "
            "x^M in C(N, j) x^(2j) (1 + x)^(N - j); summing over j, (1 + x + x^2)^N = "
            "sum_j C(N, j) x^(2j) (1 + x)^(N - j) (binomial theorem twice) shows that eq. (7) "
            "is the coefficient [x^M] (1 + x + x^2)^N of eq. (8), for every N and M.",
            sp.expand_func(sp.binomial(N, j) * sp.binomial(N - j, M - 2 * j)),
            eq6,
        )
    )
    steps.append(
        exact(
            "(7)-(8)",
            "Eq. (7), the multinomial sum (mesosym.levels.counting.multinomial_sum_q3), equals "
            "[x^M] (1 + x + x^2)^N from SymPy's polynomial power.",
            counting.multinomial_sum_q3,
            lambda n, m: row_by_expansion(3, n)[m],
            [(n, m) for n in range(N_MAX_Q3 + 1) for m in range(2 * n + 1)],
            ("N", "M"),
            what=f"N <= {N_MAX_Q3}, all M",
        )
    )
    steps.append(
        exact(
            "(8)",
            "The central coefficients [x^N] (1 + x + x^2)^N are the central trinomial "
            "coefficients (OEIS A002426, mesosym.known.central_trinomial).",
            lambda n: counting.multinomial_sum_q3(n, n),
            lambda n: known.central_trinomial[n],
            [(n,) for n in range(len(known.central_trinomial))],
            ("N",),
            what="N <= 15",
        )
    )
    steps.append(
        exact(
            "(9)",
            "[x^M] (1 + x + ... + x^(q-1))^N counts the level tuples (k_1..k_N) in "
            "{0..q-1}^N with k_1 + ... + k_N = M: brute-force enumeration against SymPy's "
            "polynomial power.",
            _brute_force_row,
            row_by_expansion,
            [(qq, n) for qq in range(2, Q_MAX + 1) for n in range(0, 7 if qq <= 4 else 5)],
            ("q", "N"),
            what="2 <= q <= 6, N <= 6 (N <= 4 for q >= 5), all M",
        )
    )
    geometric = sp.summation(x**k, (k, 0, q - 1))
    branch = geometric.args[-1][0] if isinstance(geometric, sp.Piecewise) else geometric
    steps.append(
        identity(
            "(9)-(10)",
            "The finite geometric sum: sum_{k=0}^{q-1} x^k = (1 - x^q)/(1 - x) for symbolic q "
            "(SymPy's summation, branch x != 1; at x = 1 both sides are q, the right side as a "
            "limit: x = 1 is a removable singularity of the closed form).",
            branch,
            (1 - x**q) / (1 - x),
        )
    )
    steps.append(
        identity(
            "(10)",
            "mesosym's generating function EquispacedLevels(q).generating_function() is "
            "((1 - x^q)/(1 - x))^N for symbolic q.",
            EquispacedLevels(q).generating_function(),
            ((1 - x**q) / (1 - x)) ** N,
        )
    )
    steps.append(
        exact(
            "(10)",
            "mesosym.levels.counting.equispaced_row(q, N) is the row [x^M] ((1 - x^q)/(1 - x))^N.",
            lambda qq, n: tuple(counting.equispaced_row(qq, n)),
            row_by_expansion,
            [(qq, n) for qq in range(2, Q_MAX + 1) for n in range(N_MAX + 1)],
            ("q", "N"),
            what=f"2 <= q <= {Q_MAX}, N <= {N_MAX}",
        )
    )
    steps.append(
        exact(
            "",
            "(1 - x)^(-N) = sum_m C(m + N - 1, N - 1) x^m (the negative binomial series, "
            "from SymPy's series).",
            lambda n, m: sp.series((1 - x) ** (-n), x, 0, 13).removeO().coeff(x, m),
            lambda n, m: math.comb(m + n - 1, n - 1),
            [(n, m) for n in range(1, 7) for m in range(13)],
            ("N", "M"),
            what="1 <= N <= 6, M <= 12",
        )
    )
    steps.append(
        exact(
            "(10)",
            "Multiplying out (1 - x^q)^N = sum_j (-1)^j C(N, j) x^(qj) and (1 - x)^(-N): "
            "Omega_q(N, M) = sum_j (-1)^j C(N, j) C(M - qj + N - 1, N - 1) "
            "(mesosym.levels.counting.alternating_sum).",
            counting.alternating_sum,
            lambda qq, n, m: row_by_expansion(qq, n)[m],
            [
                (qq, n, m)
                for qq in range(2, Q_MAX + 1)
                for n in range(N_MAX + 1)
                for m in range(n * (qq - 1) + 1)
            ],
            ("q", "N", "M"),
            what=f"2 <= q <= {Q_MAX}, N <= {N_MAX}, all M",
        )
    )
    cases = [(3, 6, 5), (4, 5, 7), (5, 4, 8)]
    for radius in ("0.5", "2"):
        with mpmath.workdps(30):
            pairs = [
                (
                    _cauchy(qq, n, m, mpmath.mpf(radius), 64),
                    counting.equispaced_coefficient(qq, n, m),
                )
                for qq, n, m in cases
            ]
        steps.append(
            close(
                "(11)-(13)",
                f"Cauchy's formula (13) on the circle |x| = {radius}, by the 64-node trapezoid "
                "rule at 30 digits, returns the exact Omega_q(N, M) for (q, N, M) = (3, 6, 5), "
                "(4, 5, 7), (5, 4, 8).  Any radius works: the integrand "
                "(1 - x^q)^N/((1 - x)^N x^(M+1)) has its only pole at x = 0, x = 1 being "
                "removable.",
                pairs,
                atol=1e-25,
                what=f"radius {radius}",
            )
        )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
