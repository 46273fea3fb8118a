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

The occupation information of two cells of 150 and 1000 sites is then timed against
the script a user would write: a float64 numpy dynamic program over each cell
(``digits=None``, the ratio should stay below 2 at every size: no cliff at the
40 000-entry table of the mpmath route), and the same program in mpmath lists at 30
digits (``digits=30``).

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


def occupation_numpy(sites: int, J: float = 1.0, h: float = 0.3) -> float:
    """The baseline: I(n_a : n_b) of the two halves of an open Ising chain, float64 numpy."""
    import numpy as np

    spin = np.array([1.0, -1.0])
    B = np.exp(J * np.outer(spin, spin))
    D = np.exp(h * spin)
    L = sites // 2

    def sweep() -> Any:  # f[x][k]: weight of the cell's sites so far, last state x, k up
        f = np.zeros((2, L + 1))
        f[0, 1], f[1, 0] = D[0], D[1]
        for _ in range(L - 1):
            g = B.T @ f
            new = np.zeros_like(f)
            new[0, 1:] = g[0, :-1] * D[0]
            new[1] = g[1] * D[1]
            f = new / new.max()
        return f

    fa = sweep()
    fb = sweep()  # B symmetric: the second cell swept from its free end is the same
    P = fa.T @ B @ fb
    P /= P.sum()
    pa, pb = P.sum(axis=1), P.sum(axis=0)
    with np.errstate(divide="ignore"):
        logs = np.log(P) - np.log(pa)[:, None] - np.log(pb)[None, :]
    mask = P > 0
    return float((P[mask] * logs[mask]).sum())


def occupation_mpmath(sites: int, J: float = 1.0, h: float = 0.3) -> Any:
    """The same dynamic program and sum written directly in mpmath (30 digits + guards)."""
    with mpmath.workdps(45):
        J_, h_ = mpmath.mpf(J), mpmath.mpf(h)
        B = [[mpmath.exp(J_ * a * b) for b in (1, -1)] for a in (1, -1)]
        D = [mpmath.exp(h_), mpmath.exp(-h_)]
        L = sites // 2
        zero = mpmath.mpf(0)
        f = [[zero] * (L + 1) for _ in range(2)]
        f[0][1], f[1][0] = D[0], D[1]
        for _ in range(L - 1):
            g = [[f[0][k] * B[0][y] + f[1][k] * B[1][y] for k in range(L + 1)] for y in (0, 1)]
            f = [
                [zero] + [g[0][k] * D[0] for k in range(L)],
                [g[1][k] * D[1] for k in range(L + 1)],
            ]
        P = [
            [
                mpmath.fsum(f[x][i] * B[x][y] * f[y][j] for x in (0, 1) for y in (0, 1))
                for j in range(L + 1)
            ]
            for i in range(L + 1)
        ]
        Z = mpmath.fsum(mpmath.fsum(row) for row in P)
        pa = [mpmath.fsum(row) / Z for row in P]
        total = zero
        for i in range(L + 1):
            for j in range(L + 1):
                p = P[i][j] / Z
                if p:
                    total += p * mpmath.log(p / (pa[i] * pa[j]))
        return +total


def best(f: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    runs = [timed(f) for _ in range(repeat)]
    return min(t for t, _ in runs), runs[0][1]


def occupation_ratios() -> None:
    print("\noccupation information of two halves of an open Ising chain (J = 1, h = 0.3)")
    print(f"{'cell':>6} {'mesosym f64 s':>14} {'numpy s':>9} {'ratio':>6} {'|diff|':>9}")
    split(IsingChain(20, 1, field=0.3, digits=None), 2).mutual_information(0, 1, "occupation")
    for cell in (150, 400, 1000):
        t1, v1 = best(
            lambda c=cell: split(
                IsingChain(2 * c, 1, field=0.3, digits=None), 2
            ).mutual_information(0, 1, "occupation")
        )
        t2, v2 = best(lambda c=cell: occupation_numpy(2 * c))
        print(f"{cell:>6} {t1:>14.4f} {t2:>9.4f} {t1 / t2:>6.2f} {abs(v1 - v2):>9.1e}")
    print(f"{'cell':>6} {'mesosym 30 d s':>14} {'mpmath s':>9} {'ratio':>6} {'|diff|':>9}")
    for cell in (50, 150):
        t1, v1 = best(
            lambda c=cell: split(IsingChain(2 * c, 1, field=0.3), 2).mutual_information(
                0, 1, "occupation"
            ),
            repeat=1,
        )
        t2, v2 = best(lambda c=cell: occupation_mpmath(2 * c), repeat=1)
        with mpmath.workdps(40):
            diff = abs(v1 - v2)
        print(f"{cell:>6} {t1:>14.4f} {t2:>9.4f} {t1 / t2:>6.2f} {float(diff):>9.1e}")


if __name__ == "__main__":
    import sys

    if "--occupation" in sys.argv:
        occupation_ratios()
    else:
        main()
        occupation_ratios()
