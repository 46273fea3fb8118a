"""Time one exact Kac-gas pressure against the obvious baseline, measured in the same run.

KacGas(hard_core=1, strength=1, range=gamma, beta=3) at rho = 0.4: T = 1.125 T_c, one
phase (x = 2 beta alpha rho (1 - rho delta)^2 = 0.864, near the spinodal).  Columns:

* ``n``: the float64 Hermite basis mesosym chose (it grows as 1/gamma);
* ``float``, ``15 d``, ``30 d``: ``pressure(density=0.4)`` with digits None, 15, 30
  (Newton on s; float64 eigh, then arb-refined eigenvectors);
* ``eigsy``: the baseline a user would write, mpmath.eigsy of the same n x n Hermite
  matrix at 30 digits -- ONE eigen-solve at one s (a pressure needs several): measured
  up to n = 60, beyond estimated as (n/60)^3 times the n = 60 time (marked ``~``);
* ``ratio``: eigsy / ``30 d`` (> 1: mesosym's whole pressure is faster than one baseline
  eigen-solve); the errors are |float - 30 d| and |15 d - 30 d| relative.

Run:  python benchmarks/bench_mesoscopic_kac.py
"""

from __future__ import annotations

import mpmath
from _timing import best_time

from mesosym.mesoscopic import KacGas
from mesosym.mesoscopic.isobaric_transfer import KacTransfer

RHO = 0.4
BETA = 3


def eigsy_time(n: int, gamma: float, s: float) -> float:
    """One mpmath.eigsy of the n x n Hermite matrix T_n(s) at 30 digits."""
    op = KacTransfer(1, BETA * gamma, gamma)
    m = op._matrix(s, n)
    with mpmath.workdps(30):
        a = mpmath.matrix([[mpmath.mpf(float(x)) for x in row] for row in m])
        t, _ = best_time(lambda: mpmath.eigsy(a, eigvals_only=True), 1)
    return t


def main() -> None:
    print(
        f"{'gamma':>7} {'n':>5} {'float':>8} {'15 d':>8} {'30 d':>8} {'eigsy':>10} "
        f"{'ratio':>7} {'err float':>10} {'err 15 d':>10}"
    )
    per_cube = eigsy_time(40, 0.4, 0.5) / 40**3
    for gamma in (0.4, 0.2, 0.1, 0.05, 0.025, 0.0125):
        t_f, p_f = best_time(lambda g=gamma: KacGas(1, 1, g, BETA, None).pressure(density=RHO), 2)
        t_15, p_15 = best_time(lambda g=gamma: KacGas(1, 1, g, BETA, 15).pressure(density=RHO), 2)
        t_30, p_30 = best_time(lambda g=gamma: KacGas(1, 1, g, BETA, 30).pressure(density=RHO), 1)
        op = KacTransfer(1, BETA * gamma, gamma)
        n, _, _ = op.float_basis(float(p_f))
        if n <= 60:
            t_e = eigsy_time(n, gamma, float(p_f))
            per_cube = t_e / n**3
            shown = f"{t_e:9.3f}s"
        else:
            t_e = per_cube * n**3
            shown = f"~{t_e:8.1f}s"
        err_f = abs(p_f - float(p_30)) / float(p_30)
        with mpmath.workdps(40):
            err_15 = float(abs(p_15 - p_30) / p_30)
        print(
            f"{gamma:7.4f} {n:5d} {t_f:7.3f}s {t_15:7.3f}s {t_30:7.3f}s {shown:>10} "
            f"{t_e / t_30:7.1f} {err_f:10.1e} {err_15:10.1e}"
        )
    print(
        "  n grows as 1/gamma (n ~ 40 + 2 beta alpha rho^2/gamma); float64 eigh costs n^3, the\n"
        "  arb refinement n^2 per residual; '~' = the baseline estimated from its n^3 cost\n"
        "  measured at n <= 60 in this run."
    )


if __name__ == "__main__":
    main()
