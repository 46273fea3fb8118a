"""Letter, eqs. (14)-(18): the saddle point of exp(N phi(x)).

The derivation, step by step:

1. With M = uN (14) the integrand of (13) is exp(N phi(x))/x, eqs. (15)-(16).
2. x phi'(x) = U(x) - u with U(x) = x/(1 - x) - q x^q/(1 - x^q), so phi'(x) = 0
   is eq. (18), u = U(x); U(x) = x P'(x)/P(x) is the mean level under the
   weights x^k, and clearing the denominator P(x) gives
   F(x) = sum_{k=0}^{q-1} (k - u) x^k = 0.
3. Descartes: the coefficients k - u increase with k, from -u < 0 to
   q - 1 - u > 0, so they change sign once and F has exactly one positive root
   when 0 < u < q - 1 (none at the edges u = 0 and u = q - 1, where x* -> 0
   and x* -> oo).
4. The same from monotonicity: x U'(x) = sigma^2, the variance of the level
   under the weights x^k, is > 0, and U maps (0, oo) onto (0, q - 1).
5. The saddle is the right one: along the real axis phi has a minimum at x*
   ((x d/dx)^2 phi = sigma^2 > 0); along the circle |x| = x*, ln P(x* e^{i theta})
   falls off as -sigma^2 theta^2/2 and |P(x* e^{i theta})| < P(x*) for
   theta != 0, so the circle through x* is the steepest-descent contour and
   theta = 0 its only maximum.

Run ``python -m derivations.letter_saddle_point`` for the report.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from mesosym import EquispacedLevels
from mesosym.checking.derivation import Derivation, Step, close, exact, identity, less
from mesosym.levels.saddle import SaddleRoot, saddle_function
from mesosym.numeric import precise
from mesosym.papers import LETTER
from mesosym.symbols import M, N, k, q, u, x

from ._common import P, levels_polynomial, mean_level, phi, power_sums

__all__ = ["derive", "positive_roots", "sign_changes"]

TITLE = "Letter, eqs. (14)-(18): the saddle-point equation and its one positive root"
#: the letter's numbered equations this derivation regenerates
EQUATIONS: tuple[str, ...] = tuple(str(n) for n in range(14, 19))
PAPER = LETTER.arxiv_id


def sign_changes(coefficients: list[sp.Expr]) -> int:
    """Sign changes of a sequence, zeros skipped (Descartes' count)."""
    signs = [sp.sign(c) for c in coefficients if c != 0]
    return sum(1 for a, b in zip(signs, signs[1:], strict=False) if a != b)


def positive_roots(levels: int, energy: sp.Rational) -> int:
    """Number of positive real roots of ``sum_k (k - u) x^k`` (exact real-root isolation)."""
    poly = sp.Poly(levels_polynomial(levels, energy), x)
    return sum(1 for r in poly.real_roots() if r.is_positive)


def _rational_energies(levels: int, denominator: int = 7) -> list[sp.Rational]:
    """Rationals a/denominator strictly inside (0, levels - 1), integers included."""
    return [sp.Rational(a, denominator) for a in range(1, denominator * (levels - 1))]


def derive() -> Derivation:
    """Return the checked steps of eqs. (14)-(18)."""
    steps: list[Step] = []
    p = sp.Symbol("P", positive=True)  # P(x) > 0 for real x > 0: every term x^k is positive
    steps.append(
        identity(
            "(14)-(16)",
            "With M = uN (14) and P(x) = (1 - x^q)/(1 - x), the integrand of (13), "
            "P^N/x^(M+1), equals exp(N phi(x))/x with phi = ln P(x) - u ln x (16); checked "
            "for real x > 0, where P(x) > 0.  On the complex circle ln x is multivalued, but "
            "exp(N phi) = P^N x^(-M) is not, because M = uN is an integer.",
            sp.exp(N * (sp.log(p) - u * sp.log(x))) / x,
            (p**N / x ** (M + 1)).subs(M, u * N),
        )
    )
    steps.append(
        identity(
            "(17)-(18)",
            "x phi'(x) = x/(1 - x) - q x^q/(1 - x^q) - u for symbolic q, so phi'(x) = 0 at "
            "x > 0 is eq. (18), u = U(x).",
            x * sp.diff(phi, x),
            mean_level - u,
        )
    )
    steps.append(
        identity(
            "(18)",
            "mesosym: EquispacedLevels(q).saddle_equation() is eq. (18) for symbolic q.",
            EquispacedLevels(q).saddle_equation().rhs,
            mean_level,
        )
    )
    s0, s1, _ = power_sums()
    steps.append(
        identity(
            "(18)",
            "U(x) = sum_k k x^k / sum_k x^k (the mean level under the weights x^k), so eq. (18) "
            "is equivalent to F(x) = sum_{k=0}^{q-1} (k - u) x^k = 0 for x > 0; symbolic q, "
            "with SymPy's closed forms of the power sums.",
            mean_level - u,
            (s1 - u * s0) / s0,
        )
    )
    steps.append(
        exact(
            "(18)",
            "mesosym.levels.saddle.saddle_function(P) = x P'(x) - u P(x) is "
            "F(x) = sum_k (k - u) x^k "
            "(rational-function identity, cancelled exactly for each q).",
            lambda qq: sp.cancel(
                saddle_function(EquispacedLevels(qq).polynomial) - levels_polynomial(qq)
            ),
            lambda qq: 0,
            [(qq,) for qq in range(2, 11)],
            ("q",),
            what="2 <= q <= 10",
        )
    )
    steps.append(
        identity(
            "(18)",
            "Descartes' rule: the coefficients c_k = k - u of F increase by 1 at each k, from "
            "c_0 = -u < 0 to c_{q-1} = q - 1 - u > 0 when 0 < u < q - 1, so they change sign "
            "exactly once and F has at most one positive root; F(0) = -u < 0 and F -> +oo as "
            "x -> oo, so it has exactly one.  (Checked here: c_{k+1} - c_k = 1.)",
            ((k + 1) - u) - (k - u),
            1,
            condition="0 < u < q - 1: at u = 0 the root is x* = 0 and at u = q - 1 there is no "
            "finite root (x* -> oo); the letter's 'positive real root' needs the open interval.",
        )
    )
    steps.append(
        exact(
            "(18)",
            "The coefficient sequence (k - u)_k has exactly one sign change for rational "
            "u = a/7 in (0, q - 1), integer u included (where one coefficient vanishes).",
            lambda qq, uu: sign_changes([kk - uu for kk in range(qq)]),
            lambda qq, uu: 1,
            [(qq, uu) for qq in range(2, 13) for uu in _rational_energies(qq)],
            ("q", "u"),
            what="2 <= q <= 12, u = a/7",
        )
    )
    steps.append(
        exact(
            "(18)",
            "F(x) = sum_k (k - u) x^k has exactly one positive real root (exact real-root "
            "isolation), and none at the edges u = 0 and u = q - 1.",
            positive_roots,
            lambda qq, uu: 0 if uu in (0, qq - 1) else 1,
            [
                (qq, uu)
                for qq in range(2, 8)
                for uu in [sp.S(0), *_rational_energies(qq, 3), sp.S(qq - 1)]
            ],
            ("q", "u"),
            what="2 <= q <= 7, u = a/3 in [0, q - 1]",
        )
    )
    _, _, s2 = power_sums()
    sigma2 = x * sp.diff(mean_level, x)
    steps.append(
        identity(
            "",
            "x U'(x) = sum k^2 x^k / sum x^k - (sum k x^k / sum x^k)^2 = sigma^2, the variance "
            "of the level under the weights x^k (symbolic q): sigma^2 > 0 for x > 0, so U "
            "increases with x and the root of (18) is unique.",
            sigma2,
            s2 / s0 - (s1 / s0) ** 2,
        )
    )
    steps.append(
        identity(
            "",
            "U(x) -> 0 as x -> 0+ (symbolic q) ...",
            sp.limit(mean_level, x, 0, "+"),
            0,
        )
    )
    steps.append(
        identity(
            "",
            "... and U(x) -> q - 1 as x -> oo: U maps (0, oo) onto (0, q - 1), so every "
            "0 < u < q - 1 has exactly one saddle point x* > 0.",
            sp.limit(mean_level, x, sp.oo),
            q - 1,
        )
    )
    steps.append(
        identity(
            "",
            "Along the real axis phi has a minimum at x*: (x d/dx)^2 phi = x U'(x) = sigma^2 "
            "> 0 (symbolic q).",
            x * sp.diff(x * sp.diff(phi, x), x),
            sigma2,
        )
    )
    theta = sp.Symbol("theta", real=True)
    steps.append(
        identity(
            "",
            "Along the circle x* e^{i theta} the exponent falls off: d^2/dtheta^2 ln P(x "
            "e^{i theta}) at theta = 0 is -sigma^2 (symbolic q), so the circle |x| = x* crosses "
            "the saddle in its steepest-descent direction and the integral (15) is "
            "Gaussian-dominated near theta = 0.",
            sp.diff(sp.log(P.subs(x, x * sp.exp(sp.I * theta))), theta, 2).subs(theta, 0),
            -sigma2,
        )
    )
    with mpmath.workdps(20):
        pairs = []
        for qq in range(2, 7):
            poly = [1] * qq
            for r in ("0.2", "1", "4"):
                rr = mpmath.mpf(r)
                top = mpmath.polyval(poly, rr)
                worst = max(
                    abs(mpmath.polyval(poly, rr * mpmath.expjpi(mpmath.mpf(i) / 200))) / top
                    for i in range(5, 201)
                )
                pairs.append((worst, 1))
    steps.append(
        less(
            "",
            "theta = 0 is the only maximum of |P(x e^{i theta})| on the circle: "
            "|P(r e^{i theta})| < P(r) for 0 < |theta| <= pi (triangle inequality, strict "
            "because the terms 1 and r e^{i theta} are not aligned), sampled on "
            "0.025 pi <= theta <= pi for q = 2..6, r = 0.2, 1, 4.",
            pairs,
            what="max over theta of |P(r e^{i theta})|/P(r) < 1",
        )
    )
    with mpmath.workdps(40):
        pairs = []
        for qq, uu in [(6, sp.Rational(7, 3)), (7, sp.Rational(1, 5)), (9, sp.Rational(13, 2))]:
            root = SaddleRoot(sp.Lambda(x, EquispacedLevels(qq).polynomial), uu).doit()
            pairs.append((precise.saddle_point(uu, qq, digits=40), root.evalf(45)))
    steps.append(
        close(
            "(18)",
            "mesosym's saddle point (SaddleRoot.doit(), an exact CRootOf) and the 40-digit "
            "kernel mesosym.numeric.precise.saddle_point agree at (q, u) = (6, 7/3), (7, 1/5), "
            "(9, 13/2).",
            pairs,
            rtol=1e-35,
        )
    )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
