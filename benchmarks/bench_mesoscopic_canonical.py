"""Time the canonical lattice gas's cells by fugacity polynomials against enumeration, same run.

mesosym's transfer route (``split(model, K, method="transfer")`` with
``particles`` set) weights every particle by a fugacity z and takes the
coefficient of z^N of products of arb polynomial matrices
(:mod:`mesosym.mesoscopic.canonical`).  The baseline enumerates the C(sites, N)
configurations (``method="enumerate"``).  Each route computes the whole cell
table (ln Z, ln Z_i, beta<W>, configuration and occupation information of
adjacent cells, TC, D(p_i || q_i), residual) at 30 digits; the largest
difference between the routes is printed beside the ratio.  Then ln Z alone
against the sector-sum loop of :mod:`mesosym.mesoscopic.sectors` (one-site
cells, the previous route), and the largest sizes reached in about 5 s.

Run:  python benchmarks/bench_mesoscopic_canonical.py
"""

from __future__ import annotations

import gc
import math
import platform
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath

from mesosym.mesoscopic import LatticeGas
from mesosym.mesoscopic.cells import split
from mesosym.mesoscopic.sectors import log_mesoscopic_partition_function


def best_time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def gas(sites: int, boundary: str, particles: int, digits: int = 30) -> LatticeGas:
    f = Fraction
    return LatticeGas(
        sites,
        f(6, 5),
        f(-1, 3),
        beta=f(3, 2),
        boundary=boundary,
        particles=particles,
        digits=digits,
    )


def table(model: LatticeGas, cells: int, method: str) -> list[Any]:
    """Every number of the cell table (fresh split: no cache shared between routes)."""
    c = split(model, cells, method=method)
    K = len(c)
    out = [c.log_partition_function(), *c.isolated_log_partition_functions()]
    out += [c.boundary_energy(), c.total_correlation(), *c.relative_entropies()]
    for i in range(K - 1):
        out += [c.mutual_information(i, i + 1), c.mutual_information(i, i + 1, "occupation")]
    out.append(c.residual())
    return out


def against_enumeration() -> None:
    print("== cell table (K = 2): transfer (fugacity polynomials) against enumeration, 30 digits")
    print(
        f"{'bnd':>8} {'sites':>5} {'N':>3} {'configs':>8} {'transfer s':>11} {'enum s':>8} "
        f"{'enum/transfer':>13} {'max |diff|':>11}"
    )
    for sites in (12, 14, 16, 18, 20):
        N = sites // 3
        for boundary in ("open", "periodic"):
            m = gas(sites, boundary, N)
            tf, a = best_time(lambda m=m: table(m, 2, "transfer"), 3)
            ts, b = best_time(lambda m=m: table(m, 2, "enumerate"), 1)
            with mpmath.workdps(40):
                diff = max(abs(x - y) for x, y in zip(a, b, strict=True))
            print(
                f"{boundary:>8} {sites:>5} {N:>3} {math.comb(sites, N):>8} {tf:11.4f} {ts:8.3f} "
                f"{ts / tf:13.1f} {mpmath.nstr(diff, 2):>11}"
            )


def ln_z_against_sector_loop() -> None:
    print("\n== ln Z alone: fugacity polynomial against the sector-sum loop (one-site cells)")
    print(
        f"{'sites':>6} {'N':>5} {'polynomial s':>13} {'loop s':>8} {'loop/poly':>10} {'|diff|':>9}"
    )
    for sites in (100, 300, 1000):
        m = gas(sites, "open", sites // 3)
        tf, a = best_time(m.log_partition_function, 3)
        ts, b = best_time(lambda m=m: log_mesoscopic_partition_function(m, 1), 1)
        with mpmath.workdps(40):
            diff = abs(a - b)
        print(
            f"{sites:>6} {sites // 3:>5} {tf:13.4f} {ts:8.3f} {ts / tf:10.1f} "
            f"{mpmath.nstr(diff, 2):>9}"
        )


def largest_in(seconds: float) -> None:
    print(f"\n== largest size in about {seconds:g} s (N = sites/2, 15 digits; sizes x 1.5)")
    print(f"{'what':>22} {'sites':>7} {'s':>7} {'next sites':>10} {'s':>7}")
    jobs: list[tuple[str, Callable[[int], Any]]] = [
        ("ln Z (model)", lambda n: gas(n, "open", n // 2, 15).log_partition_function()),
        ("cell table K=2 open", lambda n: table(gas(n, "open", n // 2, 15), 2, "transfer")),
        ("cell table K=4 ring", lambda n: table(gas(n, "periodic", n // 2, 15), 4, "transfer")),
    ]
    for name, job in jobs:
        n, last = 400, None
        while True:
            t, _ = best_time(lambda n=n, job=job: job(n), 1)
            if t > seconds:
                shown = f"{last[0]:>7} {last[1]:7.2f}" if last else f"{'-':>7} {'-':>7}"
                print(f"{name:>22} {shown} {n:>10} {t:7.2f}")
                break
            last = (n, t)
            n = (int(n * 1.5) // 4) * 4


def main() -> None:
    print(f"python {sys.version.split()[0]} on {platform.machine()}; mpmath {mpmath.__version__}")
    against_enumeration()
    ln_z_against_sector_loop()
    largest_in(5.0)


if __name__ == "__main__":
    main()
