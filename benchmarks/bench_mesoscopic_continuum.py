"""Time the continuum sector sum against the obvious baselines, measured in the same run.

ContinuumGas(N, L=2, phi = A exp(-r^2/(2 s^2)), s = 1/2), M cells.  Columns:

* ``phibar``: the M cell-averaged pair potentials (one quadrature per offset);
* ``auto``: ``log_mesoscopic_partition_function(M)`` (patterns in mpmath up to
  20000 translation classes, float64 beyond), including ``phibar``;
* ``mpmath``: the translation classes summed in mpmath at 30 digits;
* ``enumerate``: the baseline, every sector (multiset of cells) with Hbar(n)
  by its definition, in mpmath.  Measured when it has at most 60000 sectors;
  beyond, its time is *estimated* from the per-sector time measured in this
  run (marked ``~``), because it would take minutes to hours;
* ``quad Z``: mpmath quadrature of the exact Z (N <= 3), the other baseline.

Each ratio is baseline time / ``auto`` time (> 1: the sector sum is faster).

Run:  python benchmarks/bench_mesoscopic_continuum.py
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import mpmath
import sympy as sp

from mesosym.mesoscopic import ContinuumGas
from mesosym.mesoscopic.pair_averages import cell_pair_averages
from mesosym.symbols import r

ENUMERATE_LIMIT = 60_000


def timed(function: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, value = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> None:
    phi = sp.exp(-(r**2) / (2 * sp.Rational(1, 4)))
    print(
        f"{'N':>2} {'M':>4} {'sectors':>9} {'patterns':>9} {'phibar':>8} {'auto':>8} "
        f"{'mpmath':>8} {'enumerate':>10} {'ratio':>8} {'quad Z':>8} {'ratio':>8} "
        f"{'|auto - mpmath|':>15}"
    )
    per_sector: dict[int, float] = {}
    quad_time: dict[int, float] = {}
    for N in (2, 3, 4):
        gas = ContinuumGas(N, 2, phi)
        if N <= 3:
            quad_time[N], _ = timed(gas.log_partition_function)
        for M in (16, 32, 64, 128):
            sectors = math.comb(M + N - 1, N)
            patterns = math.comb(M + N - 2, N - 1)
            with mpmath.workdps(35):
                t_phi, _ = timed(lambda M=M: cell_pair_averages(phi, sp.Rational(2, M), M))
            t_auto, v_auto = timed(lambda M=M, g=gas: g.log_mesoscopic_partition_function(M))
            if patterns <= 400_000:
                t_mp, v_mp = timed(
                    lambda M=M, g=gas: g.log_mesoscopic_partition_function(M, method="mpmath")
                )
                diff = f"{float(abs(v_auto - v_mp)):.1e}"
            else:
                t_mp, diff = math.nan, "-"
            if sectors <= ENUMERATE_LIMIT:
                t_en, v_en = timed(
                    lambda M=M, g=gas: g.log_mesoscopic_partition_function(M, method="enumerate")
                )
                assert abs(v_en - v_auto) < 1e-12, (N, M, v_en, v_auto)
                per_sector[N] = (t_en - t_phi) / sectors
                en = f"{t_en:9.3f}s"
            else:
                t_en = t_phi + per_sector[N] * sectors
                en = f"~{t_en:8.0f}s"
            qz = quad_time.get(N)
            print(
                f"{N:>2} {M:>4} {sectors:>9} {patterns:>9} {t_phi:7.3f}s {t_auto:7.3f}s "
                f"{t_mp:7.3f}s {en:>10} {t_en / t_auto:8.1f} "
                + (f"{qz:7.3f}s {qz / t_auto:8.2f}" if qz is not None else f"{'-':>8} {'-':>8}")
                + f" {diff:>15}"
            )
    print(
        "  ratio = baseline time / auto time; '~' = enumeration time estimated from the\n"
        "  per-sector time measured above for the same N (the full run would take that long);\n"
        "  quad Z is the 30-digit quadrature of the exact Z (N <= 3), a different quantity\n"
        "  timed as the other route to the same limit"
    )


if __name__ == "__main__":
    main()
