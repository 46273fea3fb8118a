"""Letter, the spin-J Zeeman multiplet: q = 2J + 1 levels shifted by J; the Brillouin function.

Conventions (the letter does not state them):

* one spin has the levels E_m = m eps_Z, m = -J, ..., J, with
  eps_Z = g mu_B B > 0 (for g B < 0 read k = J - m instead);
* the level index k = m + J runs over 0..2J, so the multiplet is the letter's
  system with q = 2J + 1 and every energy shifted by -J eps_Z;
* m_bar = E/(N eps_Z) = <m> in [-J, J] is the mean magnetic quantum number and
  u = m_bar + J the letter's reduced energy: the entropy of the multiplet is
  s_q(m_bar + J), and beta eps_Z = ds/dm_bar = ds/du = -ln x* (a shift of the
  energy does not change the temperature);
* the magnetic moment along B is mu_z = -g mu_B m (so that E = -mu_z B), and the
  magnetisation per spin is <mu_z> = -g mu_B m_bar.

Result: m_bar = u - J = (1/2)[q coth(qt/2) - coth(t/2)] = J B_J(J t) with
t = ln x* = -beta eps_Z, i.e.

    <mu_z> = g mu_B J B_J(beta g mu_B B J),
    B_J(y) = ((2J + 1)/(2J)) coth((2J + 1) y/(2J)) - (1/(2J)) coth(y/(2J)),

the Brillouin law, here derived microcanonically.  It is positive (moment along
B) for beta > 0, i.e. u < u* = J, and negative for beta < 0 (the inverted
population above u*).  Near u*, m_bar = -J(J + 1) beta eps_Z/3 (Curie's law).

Run ``python -m derivations.letter_spin_multiplet`` for the report.
"""

from __future__ import annotations

import itertools
from collections import Counter

import mpmath
import sympy as sp

from mesosym import EquispacedLevels
from mesosym.checking.derivation import Derivation, Step, close, exact, identity
from mesosym.levels import counting
from mesosym.numeric import precise
from mesosym.papers import LETTER
from mesosym.symbols import J, q, t, x

from ._common import mean_level

__all__ = ["derive", "brillouin"]

TITLE = "Letter, the spin-J Zeeman multiplet: q = 2J + 1 and the Brillouin function"
#: the letter's numbered equations this derivation regenerates (the multiplet is in its text)
EQUATIONS: tuple[str, ...] = ()
PAPER = LETTER.arxiv_id

SPINS = tuple(sp.Rational(n, 2) for n in range(1, 7))  # J = 1/2 ... 3


def brillouin(y: sp.Expr, spin: sp.Expr = J) -> sp.Expr:
    """The Brillouin function ``B_J(y)``."""
    a = (2 * spin + 1) / (2 * spin)
    return a * sp.coth(a * y) - sp.coth(y / (2 * spin)) / (2 * spin)


def _m_values(spin: sp.Rational) -> list[sp.Rational]:
    return [-spin + i for i in range(int(2 * spin) + 1)]


def _count_by_total_m(spin: sp.Rational, particles: int) -> dict[sp.Rational, int]:
    """Brute force: the number of (m_1..m_N) with each m_i in -J..J, by sum of m."""
    return Counter(sum(c, sp.S(0)) for c in itertools.product(_m_values(spin), repeat=particles))


def derive() -> Derivation:
    """Return the checked steps for the spin-J multiplet."""
    steps: list[Step] = []
    y = sp.Symbol("y", positive=True)
    steps.append(
        exact(
            "letter text",
            "One spin: sum_{m=-J}^{J} y^m = y^(-J) (1 - y^q)/(1 - y) with q = 2J + 1, the "
            "letter's generating function shifted by J (rational-function identity, cancelled "
            "exactly for each J).",
            lambda s: sp.cancel(
                sp.Add(*(y**m for m in _m_values(s))) - y**-s * (1 - y ** (2 * s + 1)) / (1 - y)
            ),
            lambda s: 0,
            [(s,) for s in SPINS],
            ("J",),
            what="J = 1/2, 1, ..., 3",
        )
    )
    steps.append(
        exact(
            "letter text",
            "N spins with total sum_i m_i = L: the number of configurations is "
            "Omega_q(N, L + NJ), q = 2J + 1 (brute-force enumeration against "
            "mesosym.levels.counting.equispaced_row), so s(m_bar) = s_q(m_bar + J): the letter's "
            "formulas with q = 2J + 1 and u = m_bar + J.",
            lambda s, n: {L + n * s: c for L, c in sorted(_count_by_total_m(s, n).items())},
            lambda s, n: dict(enumerate(counting.equispaced_row(int(2 * s + 1), n))),
            [(s, n) for s in SPINS[:4] for n in range(1, 6 if s < 2 else 5)],
            ("J", "N"),
            what="J = 1/2..2, N <= 5 (N <= 4 for J = 2), all L",
        )
    )
    steps.append(
        exact(
            "",
            "mesosym: EquispacedLevels.spin(J) has q = 2J + 1 and u* = J (m_bar = 0 at infinite "
            "temperature).",
            lambda s: (EquispacedLevels.spin(s).q, EquispacedLevels.spin(s).u_star),
            lambda s: (int(2 * s + 1), s),
            [(s,) for s in SPINS],
            ("J",),
            what="J = 1/2, 1, ..., 3",
        )
    )
    q_spin = 2 * J + 1
    u_of_t = mean_level.subs(x, sp.exp(t)).subs(q, q_spin)
    steps.append(
        identity(
            "",
            "m_bar = u - J = U(e^t) - J with q = 2J + 1 equals J B_J(J t), t = ln x* = -beta "
            "eps_Z (symbolic J; B_J written in exponentials): the letter's q-level saddle "
            "equation is the Brillouin function.",
            u_of_t - J,
            (J * brillouin(J * t)).rewrite(sp.exp),
            condition="eps_Z = g mu_B B > 0, so that m = -J is the lowest level; t != 0 (at "
            "t = 0 both sides are the limit 0).",
        )
    )
    steps.append(
        identity(
            "",
            "The same through the letter's hyperbolic form: (1/2)[q coth(qt/2) - coth(t/2)] = "
            "J B_J(J t) for q = 2J + 1 (symbolic J).",
            (q_spin * sp.coth(q_spin * t / 2) - sp.coth(t / 2)) / 2,
            J * brillouin(J * t),
        )
    )
    w = sp.Symbol("w", real=True)
    steps.append(
        identity(
            "",
            "B_J is odd, so m_bar = J B_J(J t) = -J B_J(beta eps_Z J), and the magnetisation per "
            "spin <mu_z> = -g mu_B m_bar = g mu_B J B_J(beta g mu_B B J): along B for beta > 0 "
            "(u < J), against B for beta < 0 (u > J).",
            brillouin(-w),
            -brillouin(w),
        )
    )
    b = sp.Symbol("b", real=True)
    for s in SPINS[:4]:
        ms = _m_values(s)
        canonical = sp.Add(*(m * sp.exp(-b * m) for m in ms)) / sp.Add(
            *(sp.exp(-b * m) for m in ms)
        )
        steps.append(
            identity(
                "",
                f"J = {s}: the canonical mean sum_m m e^(-b m)/sum_m e^(-b m), b = beta eps_Z, "
                "equals -J B_J(J b): microcanonical and canonical paramagnets agree.",
                canonical,
                (-s * brillouin(s * b, s)).rewrite(sp.exp),
            )
        )
    half = sp.Rational(1, 2)
    steps.append(
        identity(
            "",
            "J = 1/2: m_bar = -(1/2) tanh(beta eps_Z/2), the two-level paramagnet.",
            (-half * brillouin(half * b, half)).rewrite(sp.exp),
            (-sp.tanh(b / 2) / 2).rewrite(sp.exp),
        )
    )
    steps.append(
        identity(
            "",
            "Curie's law: B_J(y)/y -> (J + 1)/(3J) as y -> 0, so m_bar = -J(J + 1) beta "
            "eps_Z/3 + O(beta^3) near u* (symbolic J) ...",
            sp.limit(brillouin(y) / y, y, 0),
            (J + 1) / (3 * J),
        )
    )
    steps.append(
        identity(
            "",
            "... consistent with the entropy's curvature at the top, sigma^2(u*) = "
            "(q^2 - 1)/12 = J(J + 1)/3 for q = 2J + 1 (letter_entropy).",
            (q_spin**2 - 1) / 12,
            J * (J + 1) / 3,
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for s in (half, sp.S(1), sp.Rational(5, 2)):
            qq = int(2 * s + 1)
            for a in range(1, 10):
                uu = sp.Rational(a * (qq - 1), 10)
                be = precise.inverse_temperature(uu, qq, digits=30)
                m_bar = -s * brillouin(s * sp.Float(be, 30), s) if be != 0 else sp.S(0)
                pairs.append((sp.N(m_bar, 30), mpmath.mpf(uu.p) / uu.q - mpmath.mpf(s.p) / s.q))
    steps.append(
        close(
            "",
            "mesosym's inverse temperature (numeric.precise, 30 digits) in the Brillouin law: "
            "-J B_J(J beta eps) = u - J for J = 1/2, 1, 5/2 at u = a (q - 1)/10, both branches.",
            pairs,
            atol=1e-25,
        )
    )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
