"""Beyond the letter: finite N.  How ln Omega(N, uN)/N approaches s(u), and at which rate.

The letter leaves finite-N thermodynamics to future work.  Cauchy's integral (15)
evaluated beyond the leading order (:mod:`mesosym.levels.asymptotics`) gives

    ln Omega(N, uN) = N s(u) - (1/2) ln(2 pi N sigma^2) + c_1/N + c_2/N^2 + ...,

with sigma^2 = x U'(x) at x*, the variance of the level.  Step by step:

1. The expansion's leading term is N times eq. (19) and its Gaussian term is
   -(1/2) ln(2 pi N sigma^2) with the sigma^2 of letter_saddle_point (symbolic q).
2. q = 2: c_1 = -(x^2 + x + 1)/(12 x), which is Stirling's 1/(12N) - 1/(12M) -
   1/(12(N - M)) for ln C(N, M).
3. q = 3, u = 1 (x* = 1): c_1 = -3/16, c_2 = -1/64; against the exact central
   trinomial coefficients up to N = 10^4.
4. Truncating after c_K leaves an error O(N^(-K-1)): exact counts at q = 3,
   u = 1/2, N = 10^2 .. 10^4 and K = 0..3.
5. Hence s_N(u) = ln Omega/N = s(u) - (1/2N) ln(2 pi N sigma^2) + O(1/N^2): the
   thermodynamic limit (19) is approached like (ln N)/N.
6. The finite-N temperature (mesosym.levels.finite, central differences of ln Omega)
   approaches eq. (20) like 1/N: N (beta_N - beta) -> -(1/2) d ln sigma^2/du.
7. The expansion is not uniform in u: its parameter is 1/(N sigma^2), and
   sigma^2 -> 0 at the edges.  At fixed M (u = M/N -> 0) the remainder tends to
   Stirling's error of M!, not to 0.  s(u) is still the limit of ln Omega/N there,
   but the (1/2N) ln(2 pi N sigma^2) correction needs M and N(q - 1) - M large.

Run ``python -m derivations.letter_finite_size`` for the report.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from mesosym.checking.derivation import Derivation, Step, close, identity, less
from mesosym.levels import counting, finite
from mesosym.levels.asymptotics import asymptotic_expansion, log_multiplicity_expansion
from mesosym.numeric import precise
from mesosym.papers import LETTER
from mesosym.symbols import N, q, u, x

from ._common import P, mean_level

__all__ = ["derive", "gaussian_remainder"]

TITLE = "Beyond the letter: ln Omega(N, uN) at finite N, the 1/N expansion"
#: the letter's numbered equations this derivation regenerates (none: beyond the letter)
EQUATIONS: tuple[str, ...] = ()
PAPER = LETTER.arxiv_id

P3 = sp.expand(sp.cancel(P.subs(q, 3)))


def gaussian_remainder(levels: int, particles: int, quanta: int, digits: int = 40) -> mpmath.mpf:
    """``ln Omega - [N s(u) - (1/2) ln(2 pi N sigma^2)]`` from the exact count, ``u = M/N``."""
    with mpmath.workdps(digits):
        energy = sp.Rational(quanta, particles)
        exact_log = counting.log_multiplicity(levels, particles, quanta, digits=digits)
        s = precise.entropy(energy, levels, digits=digits)
        var = precise.energy_variance(energy, levels, digits=digits)
        return exact_log - particles * s + mpmath.log(2 * mpmath.pi * particles * var) / 2


def derive() -> Derivation:
    """Return the checked steps of the finite-N expansion."""
    steps: list[Step] = []
    general = asymptotic_expansion(P, 0)
    sigma2 = x * sp.diff(mean_level, x)
    steps.append(
        identity(
            "(19)",
            "The leading term of mesosym.levels.asymptotics' expansion is N (ln P(x) - u ln x), "
            "N times "
            "eq. (19) at x = x* (symbolic q) ...",
            general.leading,
            N * (sp.log(P) - u * sp.log(x)),
        )
    )
    steps.append(
        identity(
            "",
            "... and its Gaussian term is -(1/2) ln(2 pi N sigma^2) with sigma^2 = x U'(x), the "
            "level variance of letter_saddle_point (symbolic q; compared as 2 pi N sigma^2).",
            sp.exp(-2 * general.gaussian),
            2 * sp.pi * N * sigma2,
        )
    )
    two = asymptotic_expansion(1 + x, 1)
    n_, m_ = sp.symbols("n m", positive=True)
    stirling = (1 / n_ - 1 / m_ - 1 / (n_ - m_)) / 12  # c_1/N of ln C(N, M) from ln k! series
    steps.append(
        identity(
            "",
            "q = 2: c_1 = -(x^2 + x + 1)/(12 x) is Stirling's correction "
            "1/(12N) - 1/(12M) - 1/(12(N - M)) to ln C(N, M), times N, at M/N = u = x/(1 + x).",
            two.corrections[0],
            (n_ * stirling).subs(m_, n_ * x / (1 + x)),
        )
    )
    three = asymptotic_expansion(P3, 2)
    steps.append(
        identity(
            "",
            "q = 3, u = 1 (x* = 1, the central trinomial coefficients): c_1 = -3/16 ...",
            three.corrections[0].subs(x, 1),
            sp.Rational(-3, 16),
        )
    )
    steps.append(
        identity(
            "",
            "... and c_2 = -1/64.",
            three.corrections[1].subs(x, 1),
            sp.Rational(-1, 64),
        )
    )
    with mpmath.workdps(40):
        pairs = []
        for n in (100, 1000, 10000):
            rem = gaussian_remainder(3, n, n)
            pairs.append((n * (n * rem + mpmath.mpf(3) / 16), mpmath.mpf(-1) / 64))
    steps.append(
        close(
            "",
            "Exact central trinomial coefficients T_N = Omega_3(N, N): "
            "N [N (ln T_N - N ln 3 + (1/2) ln(4 pi N/3)) + 3/16] -> c_2 = -1/64 "
            "(N = 10^2, 10^3, 10^4; the remaining error is O(1/N)).",
            pairs,
            rtol=0.02,
        )
    )
    with mpmath.workdps(40):
        pairs = []
        for n in (100, 1000, 10000):
            exact_log = counting.log_multiplicity(3, n, n // 2, digits=40)
            for order in range(4):
                approx = log_multiplicity_expansion(P3, n, n // 2, order, digits=40)
                pairs.append((abs(exact_log - approx) * n ** (order + 1), mpmath.mpf(1) / 2))
    steps.append(
        less(
            "",
            "q = 3, u = 1/2: the expansion truncated after c_K misses ln Omega (exact) by less "
            "than (1/2) N^(-K-1) for K = 0..3 and N = 10^2, 10^3, 10^4 (the scaled errors are "
            "0.26, 0.041, 0.021, 0.070 at every N: the error is O(N^(-K-1))).",
            pairs,
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for levels in (3, 5):
            energy = sp.Rational(levels - 1, 4)
            s = precise.entropy(energy, levels, digits=30)
            var = precise.energy_variance(energy, levels, digits=30)
            for n in (100, 1000, 10000):
                s_n = counting.log_multiplicity(levels, n, int(energy * n), digits=30) / n
                pairs.append(
                    (n * (s_n - s) + mpmath.log(2 * mpmath.pi * n * var) / 2, mpmath.mpf(0))
                )
    steps.append(
        close(
            "(19)",
            "s_N(u) = ln Omega(N, uN)/N approaches eq. (19) slowly, like (ln N)/N: "
            "s_N = s(u) - (1/2N) ln(2 pi N sigma^2) + O(1/N^2), i.e. "
            "N (s_N - s) + (1/2) ln(2 pi N sigma^2) = O(1/N), below 0.02 already at N = 100 "
            "(q = 3 and 5 at u = (q - 1)/4; N = 10^2, 10^3, 10^4).",
            pairs,
            atol=0.02,
        )
    )
    u3 = sp.cancel(mean_level.subs(q, 3))
    s2 = sp.cancel(x * sp.diff(u3, x))
    slope = sp.cancel(-sp.diff(s2, x) / (2 * s2 * sp.diff(u3, x)))  # -(1/2) d ln sigma^2/du
    with mpmath.workdps(30):
        pairs = []
        for energy in (sp.Rational(1, 5), sp.Rational(1, 2), sp.Rational(3, 2)):
            root = precise.saddle_point(energy, 3, digits=30)
            target = sp.N(slope.subs(x, sp.Float(root, 30)), 30)
            beta = precise.inverse_temperature(energy, 3, digits=30)
            for n in (100, 1000, 2000):
                th = finite.finite_thermodynamics(3, n)
                pairs.append((n * (th.beta[int(energy * n)] - beta), target))
    steps.append(
        close(
            "(20)",
            "mesosym.levels.finite's beta_N (central differences of the exact ln Omega) approaches "
            "eq. (20) like 1/N: N (beta_N - beta) -> -(1/2) d ln sigma^2/du, the derivative of "
            "the Gaussian term (q = 3 at u = 1/5, 1/2, 3/2; N = 100, 1000, 2000; within 3%).",
            pairs,
            rtol=0.03,
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for quanta in (1, 2):
            m = mpmath.mpf(quanta)
            stirling_error = (
                m * mpmath.log(m) - m + mpmath.log(2 * mpmath.pi * m) / 2
            ) - mpmath.log(mpmath.factorial(m))
            for n in (10**4, 10**5):
                pairs.append((gaussian_remainder(3, n, quanta, digits=30), stirling_error))
    steps.append(
        close(
            "",
            "Non-uniformity at the edges: at fixed M (u = M/N -> 0) the remainder "
            "ln Omega - [N s - (1/2) ln(2 pi N sigma^2)] tends to Stirling's error "
            "M ln M - M + (1/2) ln(2 pi M) - ln M! (-0.081 for M = 1, -0.041 for M = 2), not to "
            "0 (q = 3; N = 10^4, 10^5).",
            pairs,
            atol=1e-5,
            condition="the (1/2N) ln(2 pi N sigma^2) correction, and every c_k/N^k, holds at "
            "fixed u inside (0, q - 1): the expansion parameter is 1/(N sigma^2), so it needs "
            "M and N(q - 1) - M large, not only N.",
        )
    )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
