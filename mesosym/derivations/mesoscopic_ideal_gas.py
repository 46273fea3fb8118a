"""Mesoscopic ideal gas: spatial cells change nothing, momentum bins cost -N d beta dp^2/24m.

The mesoscopic construction (part B, arXiv:2605.00958, as ``docs/papers.md`` states it) on N free
particles of mass m in [0, L]^d, h = 1.  Cells: M spatial cells per dimension
times momentum bins [k dp - dp/2, k dp + dp/2], k in Z, per dimension.

1. The Hamiltonian is a sum of one-body terms, so its average over a sector is
   Hbar(n) = sum_a n_a hbar_a, with hbar_a the bin average of p^2/2m:
   (k dp)^2/2m + dp^2/(24 m).
2. The multinomial theorem turns the sector sum into a power:
   Z_mes = (1/N!) (sum_a omega_a exp(-beta hbar_a))^N.
3. hbar_a does not depend on the spatial cell and the spatial volumes add up to
   L^d for every M: spatial cells change nothing.
4. Poisson summation (Jacobi's theta transformation) gives, with
   alpha = beta dp^2/2m and q = exp(-pi^2/alpha) = exp(-2 pi^2 m/(beta dp^2)),
   ln Z_mes - ln Z = N d [ln theta_3(q) - alpha/12].
5. Leading term -N d beta dp^2/(24 m), of order 2 in dp; the remainder is
   bounded rigorously, 0 <= N d ln theta_3(q) <= 2 N d q/(1 - q), exponentially
   small as dp -> 0.
6. Jensen: ln theta_3(q) < alpha/12 for every alpha > 0 (Z_mes < Z).
7. The correction is extensive: at fixed dp, (ln Z_mes - ln Z)/N = d g(alpha)
   does not depend on N, so Z_mes/Z -> 1 needs N dp^2 -> 0 (bins first), while
   the free energy per particle converges as dp -> 0 in either order.

Run ``python -m derivations.mesoscopic_ideal_gas`` for the report.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import mpmath
import sympy as sp

from mesosym.checking.derivation import Derivation, Step, close, exact, identity, less
from mesosym.mesoscopic import IdealGas
from mesosym.mesoscopic.ideal_gas import log_theta3_correction
from mesosym.papers import MESOSCOPIC
from mesosym.symbols import N

__all__ = ["derive"]

TITLE = "Part B, the ideal gas: spatial cells, momentum bins and the theta function"
EQUATIONS: tuple[str, ...] = ()
PAPER = MESOSCOPIC.arxiv_id


def _sector_sum(weights: list[Fraction], particles: int) -> Fraction:
    """Sum over occupation profiles n of prod_a w_a^{n_a} / n_a! (exact)."""
    total = Fraction(0)
    for multiset in itertools.combinations_with_replacement(range(len(weights)), particles):
        term = Fraction(1)
        for a in set(multiset):
            n = multiset.count(a)
            term *= weights[a] ** n / math.factorial(n)
        total += term
    return total


def derive() -> Derivation:
    """Return the checked steps."""
    steps: list[Step] = []
    p = sp.Symbol("p", real=True)
    k = sp.Symbol("k", integer=True)
    dp, m, L, b, M = sp.symbols("dp m L b M", positive=True)
    d = sp.Symbol("d", positive=True, integer=True)
    steps.append(
        identity(
            "",
            "The kinetic energy averaged over the bin [k dp - dp/2, k dp + dp/2] is "
            "(k dp)^2/2m + dp^2/(24 m): the variance dp^2/12 of a uniform momentum adds "
            "dp^2/(24 m).",
            sp.integrate(p**2 / (2 * m), (p, k * dp - dp / 2, k * dp + dp / 2)) / dp,
            (k * dp) ** 2 / (2 * m) + dp**2 / (24 * m),
        )
    )
    rng = random.Random(7)
    cases = []
    for n_particles in (1, 2, 3, 4):
        for n_cells in (1, 2, 3, 5):
            w = [Fraction(rng.randint(1, 9), rng.randint(1, 9)) for _ in range(n_cells)]
            cases.append((n_particles, tuple(w)))
    steps.append(
        exact(
            "README B",
            "For a one-body Hamiltonian Hbar(n) = sum_a n_a hbar_a, and the sector sum "
            "sum_n prod_a x_a^{n_a}/n_a! (x_a = omega_a exp(-beta hbar_a)) is "
            "(sum_a x_a)^N / N! (multinomial theorem).",
            lambda n, w: _sector_sum(list(w), n),
            lambda n, w: sum(w, Fraction(0)) ** n / math.factorial(n),
            cases,
            ("N", "x"),
            what="N <= 4, up to 5 cells, random rational x_a",
        )
    )
    i = sp.Symbol("i", integer=True, positive=True)
    steps.append(
        identity(
            "",
            "Spatial cells change nothing: hbar_a does not depend on the spatial cell and the "
            "M^d cell volumes (L/M)^d add up to L^d for every M.",
            sp.summation((L / M) ** d, (i, 1, M**d)),
            L**d,
        )
    )
    with mpmath.workdps(40):
        pairs = []
        for alpha in (mpmath.mpf("0.05"), mpmath.mpf("0.7"), mpmath.pi, mpmath.mpf(9)):
            direct = mpmath.sqrt(alpha / mpmath.pi) * mpmath.nsum(
                lambda kk, a=alpha: mpmath.exp(-a * kk * kk), [-mpmath.inf, mpmath.inf]
            )
            pairs.append((direct, mpmath.jtheta(3, 0, mpmath.exp(-(mpmath.pi**2) / alpha))))
    steps.append(
        close(
            "",
            "Poisson summation (Jacobi): dp sum_k exp(-alpha k^2) sqrt(beta/2 pi m) = "
            "sqrt(alpha/pi) theta_3(e^-alpha) = theta_3(exp(-pi^2/alpha)), alpha = beta dp^2/2m "
            "(40 digits, alpha = 0.05, 0.7, pi, 9).",
            pairs,
            rtol=1e-35,
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for n_p, dim, length, mass, bb, width in ((3, 1, 2, 1, 1, 0.5), (2, 3, 1, 2, 3, 1.7)):
            gas = IdealGas(n_p, dim, length, mass, bb)
            alpha = mpmath.mpf(bb) * mpmath.mpf(width) ** 2 / (2 * mass)
            single = mpmath.mpf(width) * mpmath.nsum(
                lambda kk, a=alpha: mpmath.exp(-a * kk * kk), [-mpmath.inf, mpmath.inf]
            )
            direct = n_p * dim * (
                mpmath.log(length) + mpmath.log(single) - alpha / 12
            ) - mpmath.log(math.factorial(n_p))
            pairs.append((gas.log_mesoscopic_partition_function(width, cells=3), direct))
    steps.append(
        close(
            "",
            "mesosym: IdealGas.log_mesoscopic_partition_function equals the sector sum "
            "-ln N! + N d [ln L + ln(dp sum_k exp(-alpha k^2)) - alpha/12] summed directly "
            "(mpmath nsum; N = 3, d = 1 and N = 2, d = 3).",
            pairs,
            rtol=1e-25,
        )
    )
    lead, bound = IdealGas(N, 3, L, m, b).momentum_bin_correction(dp)
    steps.append(
        identity(
            "",
            "Leading term: N d alpha/12 = N d beta dp^2/(24 m), order 2 in dp and extensive "
            "(mesosym's IdealGas.momentum_bin_correction, d = 3, symbolic N).",
            lead,
            -N * 3 * b * dp**2 / (24 * m),
            condition="the correction is proportional to N: Z_mes/Z -> 1 needs N dp^2 -> 0, "
            "i.e. bins shrink before (or faster than) N grows.",
        )
    )
    q = sp.Symbol("q", positive=True)
    j = sp.Symbol("j", integer=True, positive=True)
    steps.append(
        identity(
            "",
            "Remainder bound: ln theta_3(q) <= theta_3(q) - 1 = 2 sum_{j>=1} q^(j^2) <= "
            "2 sum_{j>=1} q^j = 2q/(1 - q) for 0 < q < 1.",
            sp.summation(q**j, (j, 1, sp.oo)).args[0][0],
            q / (1 - q),
        )
    )
    steps.append(
        identity(
            "",
            "mesosym: IdealGas.momentum_bin_correction's bound is 2 N d q/(1 - q) with "
            "q = exp(-2 pi^2 m/(beta dp^2)) (d = 3).",
            bound.subs(sp.exp(-2 * sp.pi**2 * m / (b * dp**2)), q),
            6 * N * q / (1 - q),
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for alpha in (mpmath.mpf("0.5"), mpmath.mpf(1), mpmath.mpf(2)):
            rest = log_theta3_correction(alpha) + alpha / 12
            qq = mpmath.exp(-(mpmath.pi**2) / alpha)
            pairs.append((rest, 2 * qq / (1 - qq)))
    steps.append(
        less(
            "",
            "The remainder N d ln theta_3(q) is below its bound 2 N d q/(1 - q) (alpha = 0.5, 1, "
            "2; 30 digits): exponentially small in 1/dp^2.",
            pairs,
        )
    )
    with mpmath.workdps(30):
        pairs = [
            (log_theta3_correction(a), mpmath.mpf(0))
            for a in [mpmath.mpf(10) ** e for e in range(-4, 4)] + [mpmath.pi]
        ]
    steps.append(
        less(
            "README B",
            "Jensen: ln theta_3(exp(-pi^2/alpha)) - alpha/12 < 0 for alpha = 1e-4 .. 1e3 and pi: "
            "Z_mes < Z for every bin width (strict: H is not constant on a bin).",
            pairs,
        )
    )
    steps.append(
        identity(
            "",
            "mesosym: IdealGas.log_partition_function is ln[(L^d (2 pi m/beta)^(d/2))^N / N!] "
            "(d = 3, symbolic N).",
            sp.expand_log(IdealGas(N, 3, L, m, b).log_partition_function(), force=True),
            sp.expand_log(
                sp.log((L**3 * (2 * sp.pi * m / b) ** sp.Rational(3, 2)) ** N / sp.factorial(N)),
                force=True,
            ),
        )
    )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
