"""Time the mutual information of two cells: transfer matrices against enumeration and dit.

The same Ising chain (J = 1, h = 0.3, beta = 1, open, two equal cells) is
handled three ways in one run:

* ``transfer``: :class:`mesosym.mesoscopic.cells.Cells` with 2 x 2 transfer
  matrices (mpmath, 30 digits);
* ``enumerate``: the explicit distribution over all 2^n configurations with
  :func:`mesosym.mesoscopic.information.mutual_information` (mpmath, 30 digits);
* ``dit``: the same explicit distribution (as float64) handed to
  ``dit.shannon.mutual_information`` (the distribution is built outside the timing).

Printed: time of each at common sizes, the ratios baseline/transfer, the
agreement, and the largest size each reaches within 10 s (sizes grow until the
next one is predicted to exceed the budget).  Then ln Z and the configuration
information of a 10^6-site chain, and the occupation information of two cells
of 10^4 sites each.

Run:  python benchmarks/bench_mesoscopic_information.py
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import mpmath

from mesosym.mesoscopic import IsingChain
from mesosym.mesoscopic import information as info
from mesosym.mesoscopic.cells import split

BUDGET = 10.0


def model(n: int) -> IsingChain:
    return IsingChain(n, 1, field=0.3)


def timed(f: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = f()
    return time.perf_counter() - start, value


def transfer(n: int) -> Any:
    return split(model(n), 2).mutual_information(0, 1)


def explicit(n: int) -> dict[tuple[int, ...], Any]:
    with mpmath.workdps(45):  # the route's working precision
        return split(model(n), 2, method="enumerate")._explicit


def enumerate_mi(n: int) -> Any:
    p = explicit(n)
    return info.mutual_information(p, list(range(n // 2)), list(range(n // 2, n)))


def dit_mi(n: int) -> tuple[float, float]:
    import dit

    p = explicit(n)
    outcomes = ["".join(str(a) for a in x) for x in p]
    d = dit.Distribution(outcomes, [float(w) for w in p.values()])
    t, v = timed(
        lambda: dit.shannon.mutual_information(d, list(range(n // 2)), list(range(n // 2, n)))
    )
    return t, v * math.log(2)


def largest(step: Callable[[int], float], sizes: list[int], growth: float) -> tuple[int, float]:
    """Largest size in ``sizes`` whose time stays within BUDGET (predicting the next)."""
    best, best_t = 0, 0.0
    for n in sizes:
        t = step(n)
        if t > BUDGET:
            break
        best, best_t = n, t
        if t * growth > BUDGET:
            break
    return best, best_t


def main() -> None:
    print("mutual information of two halves of an open Ising chain (J = 1, h = 0.3)")
    print(
        f"{'sites':>6} {'transfer s':>11} {'enumerate s':>12} {'dit s':>9} "
        f"{'enum/transfer':>14} {'dit/transfer':>13} {'|transfer - dit|':>17}"
    )
    for n in (8, 10, 12):
        tt, vt = timed(lambda n=n: transfer(n))
        te, ve = timed(lambda n=n: enumerate_mi(n))
        td, vd = dit_mi(n)
        with mpmath.workdps(40):
            assert abs(vt - ve) < mpmath.mpf(10) ** -25
        print(
            f"{n:>6} {tt:>11.4f} {te:>12.4f} {td:>9.4f} {te / tt:>14.1f} {td / tt:>13.1f} "
            f"{abs(float(vt) - vd):>17.2e}"
        )
    print(f"\nlargest size reached within {BUDGET:.0f} s:")
    n_t, t_t = largest(
        lambda n: timed(lambda: transfer(n))[0], [10**k for k in range(2, 19, 2)], growth=1.5
    )
    print(f"  transfer   {n_t:>11,d} sites ({t_t:.2f} s)")
    n_e, t_e = largest(lambda n: timed(lambda: enumerate_mi(n))[0], list(range(12, 18, 2)), 4.5)
    print(f"  enumerate  {n_e:>11,d} sites ({t_e:.2f} s)")
    n_d, t_d = largest(lambda n: dit_mi(n)[0], list(range(12, 22, 2)), 4.5)
    print(
        f"  dit        {n_d:>11,d} sites ({t_d:.2f} s, MI only; building the distribution excluded)"
    )
    t, c = timed(lambda: split(model(10**6), 2))
    t1, lnz = timed(c.log_partition_function)
    t2, mi = timed(lambda: c.mutual_information(0, 1))
    print(
        f"\n10^6 sites, 30 digits: ln Z = {mpmath.nstr(lnz, 30)} in {t1:.3f} s; "
        f"I = {mpmath.nstr(mi, 30)} in {t2:.3f} s (total {t + t1 + t2:.3f} s)"
    )
    for J in (0.5, 1.0):
        c = split(IsingChain(2 * 10**4, J, field=0.1), 2)
        t3, mio = timed(lambda c=c: c.mutual_information(0, 1, "occupation"))
        print(
            f"occupation MI of two cells of 10^4 sites (J = {J}, h = 0.1): "
            f"{mpmath.nstr(mio, 15)} in {t3:.2f} s (float64 table, abs. error < 1e-12)"
        )


if __name__ == "__main__":
    main()
