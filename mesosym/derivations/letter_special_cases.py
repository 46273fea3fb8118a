"""Letter, eqs. (22)-(30): q = 2, q = 3 and q -> oo from the general formula.

Each case starts from the general saddle equation (18) and entropy (19) with
the concrete q (or the limit), solves for x*, and compares with the letter's
stated result as typed in :mod:`mesosym.known`:

* q = 2: u = x/(1 + x), x* = u/(1 - u), eqs. (22)-(23);
* q = 3: eq. (24), the positive root (25) of (2 - u) x^2 + (1 - u) x - u, eqs. (26)-(27);
* q = 4 and 5 (beyond the letter): mesosym's radical closed forms solve eq. (18);
* q -> oo: at fixed 0 < x < 1, q x^q/(1 - x^q) -> 0, so u = x/(1 - x), eqs. (28)-(30),
  the Einstein solid.  The limit is taken at fixed u: once q > 2u + 1, u lies
  below u* = (q - 1)/2 and x*_q(u) < 1; the negative-temperature branch u > u*
  moves off to infinite energy.  x*_q(u) approaches u/(1 + u) from above, by
  about q x^q (1 - x)^2, and s_q(u) increases with q towards s_oo(u).

Run ``python -m derivations.letter_special_cases`` for the report.
"""

from __future__ import annotations

import math

import mpmath
import sympy as sp

from mesosym import EquispacedLevels
from mesosym.checking.derivation import Derivation, Step, close, exact, identity, less
from mesosym.known import letter
from mesosym.levels import counting
from mesosym.numeric import precise
from mesosym.papers import LETTER
from mesosym.symbols import N, q, u, x

from ._common import levels_polynomial, mean_level

__all__ = ["derive", "general_entropy"]

TITLE = "Letter, eqs. (22)-(30): q = 2, q = 3 and q -> oo from the general solution"
#: the letter's numbered equations this derivation regenerates
EQUATIONS: tuple[str, ...] = tuple(str(n) for n in range(22, 31))
PAPER = LETTER.arxiv_id


def general_entropy(levels: int, root: sp.Expr) -> sp.Expr:
    """Eq. (19) for a concrete q with x* replaced by ``root``.

    ``P`` is written as the sum 1 + x + ... + x^(q-1), equal to eq. (10) by
    letter_counting.
    """
    P = sp.Add(*(x**kk for kk in range(levels)))
    return sp.log(P.subs(x, root)) - u * sp.log(root)


def derive() -> Derivation:
    """Return the checked steps of eqs. (22)-(30)."""
    steps: list[Step] = []
    unit = {u: (0, 1)}
    # -- q = 2 ------------------------------------------------------------------
    x2 = u / (1 - u)
    steps.append(
        identity("(22)", "q = 2: eq. (18) reads u = x/(1 + x).", mean_level.subs(q, 2), x / (1 + x))
    )
    steps.append(
        identity(
            "(22)",
            "q = 2: x* = u/(1 - u) solves it (positive for 0 < u < 1).",
            (x / (1 + x)).subs(x, x2),
            u,
            domain=unit,
        )
    )
    steps.append(
        identity(
            "(22)",
            "q = 2: eq. (19) at x* = u/(1 - u) is eq. (22), s = -u ln u - (1 - u) ln(1 - u).",
            general_entropy(2, x2),
            letter["22"],
            domain=unit,
        )
    )
    steps.append(
        identity(
            "(23)",
            "q = 2: beta eps = -ln x* is eq. (23), ln((1 - u)/u).",
            -sp.log(x2),
            letter["23"],
            domain=unit,
        )
    )
    steps.append(
        identity(
            "(22)-(23)",
            "q = 2: d(22)/du = (23), as eq. (20) requires.",
            sp.diff(letter["22"], u),
            letter["23"],
            domain=unit,
        )
    )
    steps.append(
        identity(
            "(22)",
            "mesosym: EquispacedLevels(2).entropy() is eq. (22).",
            EquispacedLevels(2).entropy(),
            letter["22"],
        )
    )
    # -- q = 3 ------------------------------------------------------------------
    two = {u: (0, 2)}
    x3 = letter["25"]
    steps.append(
        identity(
            "(24)",
            "q = 3: eq. (18) is eq. (24), u = (x + 2x^2)/(1 + x + x^2).",
            mean_level.subs(q, 3),
            letter["24"],
        )
    )
    steps.append(
        identity(
            "(25)",
            "q = 3: eq. (25) is a root of (2 - u) x^2 + (1 - u) x - u = F(x) (eq. 18 cleared of "
            "its denominator).",
            levels_polynomial(3).subs(x, x3),
            0,
            domain=two,
        )
    )
    steps.append(
        identity(
            "(25)",
            "q = 3: (1 + 6u - 3u^2) - (u - 1)^2 = 4u(2 - u) > 0 for 0 < u < 2, so "
            "sqrt(1 + 6u - 3u^2) > |u - 1|: eq. (25) is the positive root, the other root "
            "((u - 1) - sqrt(...))/(2(2 - u)) is negative.",
            (1 + 6 * u - 3 * u**2) - (u - 1) ** 2,
            4 * u * (2 - u),
            condition="0 <= u < 2: eq. (25) diverges at u = 2 (x* -> oo, the fully inverted "
            "state) and is not the root of (18) for u > 2, which is outside the spectrum.",
        )
    )
    steps.append(
        identity(
            "(26)",
            "q = 3: eq. (19) at eq. (25) is eq. (26).",
            general_entropy(3, x3),
            letter["26"],
            domain=two,
        )
    )
    steps.append(
        identity(
            "(26)-(27)",
            "q = 3: d(26)/du = (27) = -ln x*, as eq. (20) requires (proved through the radical).",
            sp.diff(letter["26"], u),
            letter["27"],
            domain=two,
        )
    )
    three = EquispacedLevels(3)
    steps.append(
        identity(
            "(25)",
            "mesosym: EquispacedLevels(3).saddle_point() is eq. (25).",
            three.saddle_point(),
            x3,
        )
    )
    steps.append(
        identity(
            "(26)",
            "mesosym: EquispacedLevels(3).entropy() is eq. (26).",
            three.entropy(),
            letter["26"],
        )
    )
    # -- q = 4, 5: beyond the letter -----------------------------------------------
    for qq in (4, 5):
        closed = sp.lambdify(u, EquispacedLevels(qq).saddle_point(), modules="mpmath")
        with mpmath.workdps(30):
            energies = [sp.Rational(a, 7) for a in range(1, 7 * (qq - 1))]
            pairs = [
                (closed(mpmath.mpf(uu.p) / uu.q), precise.saddle_point(uu, qq, digits=30))
                for uu in energies
            ]
        steps.append(
            close(
                "",
                f"q = {qq}: mesosym's radical closed form of x* "
                f"({'Cardano' if qq == 4 else 'Cardano inside Ferrari'}) is the root of eq. (18) "
                f"on both temperature branches: against the 30-digit kernel at u = a/7 in "
                f"(0, {qq - 1}).",
                pairs,
                rtol=1e-25,
            )
        )
    # -- q -> oo ------------------------------------------------------------------
    y = sp.Symbol("y", positive=True)
    steps.append(
        identity(
            "(28)",
            "q -> oo at fixed 0 < x < 1 (x = 1/(1 + y), y > 0): q x^q/(1 - x^q) -> 0, so eq. "
            "(18) becomes u = x/(1 - x).",
            sp.limit((q * x**q / (1 - x**q)).subs(x, 1 / (1 + y)), q, sp.oo),
            0,
            condition="the limit needs x* < 1, i.e. u < u* = (q - 1)/2: it is taken at fixed u, "
            "where this holds once q > 2u + 1.  For x > 1 the same term tends to -q and the "
            "negative-temperature branch u > u* recedes to infinite energy.",
        )
    )
    x_inf = letter["28"]
    steps.append(
        identity(
            "(28)",
            "q -> oo: x* = u/(1 + u) solves u = x/(1 - x), and is < 1 for every u > 0.",
            (x / (1 - x)).subs(x, x_inf),
            u,
        )
    )
    steps.append(
        identity(
            "(28)",
            "mesosym: EquispacedLevels(oo).saddle_point() is eq. (28).",
            EquispacedLevels(sp.oo).saddle_point(),
            x_inf,
        )
    )
    steps.append(
        identity(
            "(29)",
            "q -> oo: ln(1/(1 - x*)) - u ln x* at eq. (28) is eq. (29), the Einstein solid.",
            (sp.log(1 / (1 - x)) - u * sp.log(x)).subs(x, x_inf),
            letter["29"],
        )
    )
    steps.append(
        identity(
            "(30)",
            "q -> oo: -ln x* is eq. (30), ln((1 + u)/u) = ln(1 + 1/u) > 0 for every u > 0: no "
            "negative-temperature branch.",
            -sp.log(x_inf),
            letter["30"],
        )
    )
    steps.append(
        identity(
            "(29)-(30)",
            "q -> oo: d(29)/du = (30).",
            sp.diff(letter["29"], u),
            letter["30"],
        )
    )
    steps.append(
        exact(
            "(29)",
            "q -> oo: Omega(N, M) = [x^M] (1 - x)^(-N) = C(M + N - 1, N - 1) "
            "(mesosym.levels.counting.equispaced_coefficient with q = oo), "
            "the Einstein-solid count.",
            lambda n, m: counting.equispaced_coefficient(sp.oo, n, m),
            lambda n, m: sp.series((1 - x) ** (-n), x, 0, 16).removeO().coeff(x, m),
            [(n, m) for n in range(1, 7) for m in range(16)],
            ("N", "M"),
            what="1 <= N <= 6, M <= 15",
            lhs_expr=sp.binomial(sp.Symbol("M") + N - 1, N - 1),
        )
    )
    with mpmath.workdps(40):
        pairs = []
        for uu, qs in ((1, (20, 40, 80)), (3, (80, 160, 320))):
            xi = mpmath.mpf(uu) / (1 + uu)
            for qq in qs:
                delta = precise.saddle_point(uu, qq, digits=40) - xi
                pairs.append((delta, qq * xi**qq * (1 - xi) ** 2))
    steps.append(
        close(
            "(28)",
            "q -> oo: x*_q(u) - u/(1 + u) = q x^q (1 - x)^2 (1 + o(1)) with x = u/(1 + u) > 0: "
            "the finite-q saddle point approaches eq. (28) from above, exponentially fast in q "
            "(u = 1 with q = 20, 40, 80; u = 3 with q = 80, 160, 320; 40 digits).",
            pairs,
            rtol=1e-2,
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for qq in range(2, 10):
            for uu in (sp.Rational(1, 10), sp.Rational(1, 2), sp.Rational(qq - 1, 2)):
                pairs.append(
                    (precise.entropy(uu, qq, digits=30), precise.entropy(uu, qq + 1, digits=30))
                )
                pairs.append(
                    (
                        precise.entropy(uu, qq + 1, digits=30),
                        precise.entropy(uu, math.inf, digits=30),
                    )
                )
    steps.append(
        less(
            "(29)",
            "s_q(u) < s_{q+1}(u) < s_oo(u) at fixed u > 0: s_q(u) is the largest Shannon "
            "entropy of a distribution on the levels 0..q-1 with mean u, and those are among "
            "the distributions on 0..q (strict: the maximiser on q + 1 levels weights every "
            "level).  Sampled for q = 2..9 at u = 1/10, 1/2, (q - 1)/2.",
            pairs,
        )
    )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
