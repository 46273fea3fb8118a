"""Letter, eqs. (19)-(21): entropy, inverse temperature and the infinite-temperature point.

The derivation, step by step:

1. Eq. (19), s = ln P(x*) - u ln x*, is phi at the saddle point (mesosym's
   ``EquispacedLevels(q).entropy()`` is checked to be exactly that).
2. Eq. (20): parametrise by x.  With u = U(x) and S(x) = ln P(x) - U(x) ln x,
   dS/dx = -ln x dU/dx, and dU/dx = sigma^2/x > 0, so ds/du = -ln x*.  (The
   term from dx*/du drops out because phi'(x*) = 0.)
3. s is concave: d^2 s/du^2 = -1/sigma^2 < 0, so beta decreases with u.
4. Eq. (21): U(x) -> (q - 1)/2 and S(x) -> ln q as x -> 1.  The sign of beta:
   F(1) = sum_k (k - u) = q (u* - u), and F has its one positive root at x*
   with F(0) < 0, so x* < 1 (beta > 0) exactly when u < u*.
5. The symmetry u -> q - 1 - u: U(1/x) = q - 1 - U(x) and S(1/x) = S(x), so
   s(q - 1 - u) = s(u) and beta(q - 1 - u) = -beta(u).
6. The "useful identities", with t = ln x* = -beta eps:
   u - (q - 1)/2 = (1/2)[q coth(qt/2) - coth(t/2)] and
   s = ln(sinh(qt/2)/sinh(t/2)) + ((q - 1)/2 - u) t.  Both hold (for t != 0; at
   t = 0 as limits).  The curvature at the top, sigma^2(u*) = (q^2 - 1)/12,
   gives beta eps ~ -12 (u - u*)/(q^2 - 1) near u*.

Run ``python -m derivations.letter_entropy`` for the report.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from mesosym import EquispacedLevels
from mesosym.checking.derivation import Derivation, Step, close, identity
from mesosym.numeric import precise
from mesosym.papers import LETTER
from mesosym.symbols import k, q, t, u, x

from ._common import P, entropy_of_x, mean_level

__all__ = ["derive", "brillouin_form", "sinh_form"]

TITLE = "Letter, eqs. (19)-(21): entropy, temperature, the maximum at u* and the symmetry"
#: the letter's numbered equations this derivation regenerates
EQUATIONS: tuple[str, ...] = ("19", "20", "21")
PAPER = LETTER.arxiv_id


def brillouin_form(levels: sp.Expr = q, shift: sp.Expr = (q - 1) / 2) -> sp.Expr:
    """``shift + (1/2)[q coth(q t/2) - coth(t/2)]``: the letter's identity for u(t)."""
    return shift + (levels * sp.coth(levels * t / 2) - sp.coth(t / 2)) / 2


def sinh_form(levels: sp.Expr = q) -> sp.Expr:
    """``ln(sinh(q t/2)/sinh(t/2)) + ((q - 1)/2 - u) t``: the letter's identity for s."""
    return sp.log(sp.sinh(levels * t / 2) / sp.sinh(t / 2)) + ((levels - 1) / 2 - u) * t


def _strip(expr: sp.Expr, root: sp.Expr) -> sp.Expr:
    """Replace the saddle-point object ``root`` by the plain symbol x."""
    return expr.xreplace({root: x})


def derive() -> Derivation:
    """Return the checked steps of eqs. (19)-(21) and the letter's identities."""
    steps: list[Step] = []
    lv = EquispacedLevels(q)
    xs = lv.saddle_point()
    steps.append(
        identity(
            "(19)",
            "mesosym: EquispacedLevels(q).entropy() is ln P(x*) - u ln x* for symbolic q, "
            "phi (16) at the saddle point.",
            _strip(lv.entropy(), xs),
            sp.log(P) - u * sp.log(x),
        )
    )
    steps.append(
        identity(
            "(20)",
            "Along u = U(x), S(x) = ln P(x) - U(x) ln x has dS/dx = -ln x dU/dx (symbolic q); "
            "dU/dx = sigma^2/x > 0, so ds/du = (dS/dx)/(dU/dx) = -ln x* = beta eps.",
            sp.diff(entropy_of_x, x) / sp.diff(mean_level, x),
            -sp.log(x),
        )
    )
    steps.append(
        identity(
            "(20)",
            "mesosym: EquispacedLevels(q).inverse_temperature() is -ln x*.",
            _strip(lv.inverse_temperature(), xs),
            -sp.log(x),
        )
    )
    four = EquispacedLevels(4)
    steps.append(
        identity(
            "(20)",
            "The same through mesosym's implicit x*(u) for q = 4: d/du of "
            "entropy(implicit=True) equals inverse_temperature(implicit=True) (SaddleRoot "
            "differentiates as dx*/du = x*/sigma^2; the two sides agree only by the saddle "
            "equation, so SymPy cannot cancel them: 30-digit evaluation).",
            sp.diff(four.entropy(implicit=True), u),
            four.inverse_temperature(implicit=True),
            domain={u: (0, 3)},
            numeric_only=True,
            points=3,
        )
    )
    sigma2 = x * sp.diff(mean_level, x)
    steps.append(
        identity(
            "",
            "s is concave: d^2 s/du^2 = d(-ln x)/dx / (dU/dx) = -1/sigma^2 < 0 (symbolic q), so "
            "beta eps decreases with u and the stationary point of s is its only maximum.",
            sp.diff(-sp.log(x), x) / sp.diff(mean_level, x),
            -1 / sigma2,
        )
    )
    steps.append(
        identity(
            "(21)",
            "x* = 1 gives u* = lim_{x -> 1} U(x) = (q - 1)/2 (symbolic q).",
            sp.limit(mean_level, x, 1),
            (q - 1) / 2,
        )
    )
    steps.append(
        identity(
            "(21)",
            "mesosym: EquispacedLevels(q).u_star is (q - 1)/2.",
            lv.u_star,
            (q - 1) / 2,
        )
    )
    steps.append(
        identity(
            "(21)",
            "s(u*) = lim_{x -> 1} [ln P(x) - U(x) ln x] = ln q (symbolic q).",
            sp.limit(entropy_of_x, x, 1),
            sp.log(q),
        )
    )
    steps.append(
        identity(
            "(21)",
            "F(1) = sum_{k=0}^{q-1} (k - u) = q (u* - u).  F has its only positive root at x* "
            "and F(0) = -u < 0, so x* < 1 iff F(1) > 0 iff u < u*: beta eps = -ln x* is > 0 "
            "below u*, 0 at u*, < 0 above (symbolic q).",
            sp.summation(k - u, (k, 0, q - 1)),
            q * ((q - 1) / 2 - u),
        )
    )
    steps.append(
        identity(
            "",
            "The curvature at the top: sigma^2(x = 1) = (q^2 - 1)/12 (the variance of a uniform "
            "level), so beta eps = -12 (u - u*)/(q^2 - 1) + O((u - u*)^3) near u*.",
            sp.limit(sigma2, x, 1),
            (q**2 - 1) / 12,
        )
    )
    steps.append(
        identity(
            "",
            "Symmetry: U(1/x) = q - 1 - U(x) (symbolic q), so u -> q - 1 - u maps x* -> 1/x* "
            "and beta eps = -ln x* -> -beta eps.",
            mean_level.subs(x, 1 / x),
            q - 1 - mean_level,
        )
    )
    steps.append(
        identity(
            "",
            "... and S(1/x) = S(x): s(q - 1 - u) = s(u) (symbolic q).",
            entropy_of_x.subs(x, 1 / x),
            entropy_of_x,
            domain={x: (0, 1)},
        )
    )
    steps.append(
        identity(
            "",
            "The README's useful identity 1: with x = e^t, "
            "U(e^t) = (q - 1)/2 + (1/2)[q coth(qt/2) - coth(t/2)] "
            "(symbolic q; coth written in exponentials).  This is a Brillouin "
            "function in disguise; see letter_spin_multiplet.",
            mean_level.subs(x, sp.exp(t)),
            brillouin_form().rewrite(sp.exp),
            condition="t != 0 (x* != 1); at t = 0 the right side is a limit, equal to 0.",
        )
    )
    steps.append(
        identity(
            "",
            "The README's useful identity 2, first half: "
            "P(e^t) = e^{(q-1)t/2} sinh(qt/2)/sinh(t/2) (symbolic q).",
            P.subs(x, sp.exp(t)),
            (sp.exp((q - 1) * t / 2) * sp.sinh(q * t / 2) / sp.sinh(t / 2)).rewrite(sp.exp),
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for qq in (2, 3, 5, 10):
            for uu in (mpmath.mpf("0.05"), (qq - 1) / mpmath.mpf(3), (qq - 1) * mpmath.mpf("0.9")):
                tt = precise.log_saddle_point(uu, qq, digits=30)
                value = sinh_form(qq).subs({t: sp.Float(tt, 30), u: sp.Float(uu, 30)})
                pairs.append((sp.N(value, 30), precise.entropy(uu, qq, digits=30)))
    steps.append(
        close(
            "",
            "The README's useful identity 2: "
            "s = ln(sinh(qt/2)/sinh(t/2)) + ((q - 1)/2 - u) t, t = ln x*: the log of the "
            "first half (both sides are positive for real t != 0), compared with "
            "mesosym.numeric.precise.entropy on both branches "
            "(q = 2, 3, 5, 10; u below and above u*).",
            pairs,
            rtol=1e-25,
            condition="t != 0; at u = u* (t = 0) the formula is a limit, ln q.",
        )
    )
    with mpmath.workdps(30):
        pairs = [
            (precise.entropy(sp.Rational(qq - 1, 2), qq, digits=30), mpmath.log(qq))
            for qq in range(2, 12)
        ]
    steps.append(
        close(
            "(21)",
            "mesosym.numeric.precise.entropy(u*, q) = ln q for q = 2..11 (30 digits).",
            pairs,
            rtol=1e-28,
        )
    )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
