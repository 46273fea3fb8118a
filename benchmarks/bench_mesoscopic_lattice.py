"""Time ln Z and ln Z_mes of the lattice chains against brute-force enumeration, same run.

mesosym computes ln Z by a 2 x 2 transfer matrix (power by squaring) and
ln Z_mes by a transfer matrix over cells (state = cell occupation 0..b; the
canonical gas by the coefficient of z^N).  The baseline enumerates every
configuration (ln Z) or every configuration grouped by sector with H averaged
over it (ln Z_mes), at the same 30 digits.  Each time is the best of a few
interleaved repetitions; the difference between the routes is printed beside
the ratio.  A second table times sizes far beyond enumeration.

Run:  python benchmarks/bench_mesoscopic_lattice.py
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from typing import Any

import mpmath
from _timing import best_time

from mesosym.mesoscopic import IsingChain, LatticeGas
from mesosym.mesoscopic import sectors as sec


def model(kind: str, sites: int, boundary: str) -> Any:
    f = Fraction
    if kind == "ising":
        return IsingChain(sites, f(7, 10), field=f(-3, 10), beta=f(13, 10), boundary=boundary)
    if kind == "gas":
        return LatticeGas(sites, f(6, 5), f(-1, 3), beta=f(3, 2), boundary=boundary)
    return LatticeGas(
        sites, f(6, 5), f(-1, 3), beta=f(3, 2), boundary=boundary, particles=sites // 3
    )


def routes(m: Any, b: int | None) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """(mesosym, enumeration) for ln Z (b None) or ln Z_mes with cells of b sites."""
    if b is None:
        return m.log_partition_function, partial(sec.log_partition_function_by_enumeration, m)
    return (
        partial(m.log_mesoscopic_partition_function, cell_size=b),
        partial(sec.log_mesoscopic_partition_function_by_enumeration, m, b),
    )


def against_enumeration(repeat: int) -> None:
    print("== ln Z and ln Z_mes: transfer matrices against enumeration (30 digits) ==")
    print(
        f"{'model':>10} {'bnd':>8} {'sites':>5} {'b':>3} {'mesosym s':>10} {'enum s':>9} "
        f"{'ratio':>9} {'|difference|':>13}"
    )
    for sites in (12, 14, 16):
        for kind in ("ising", "gas", "canonical"):
            for boundary in ("open", "periodic"):
                m = model(kind, sites, boundary)
                for b in (None, 1, 2, sites // 2):
                    fast, slow = routes(m, b)
                    tf, zf = best_time(fast, repeat)
                    ts, zs = best_time(slow, 1)
                    with mpmath.workdps(40):
                        diff = abs(zf - zs)
                    label = "Z" if b is None else b
                    print(
                        f"{kind:>10} {boundary:>8} {sites:>5} {label!s:>3} {tf:10.5f} {ts:9.4f} "
                        f"{ts / tf:9.1f} {mpmath.nstr(diff, 3):>13}"
                    )


def large_sizes() -> None:
    print("== sizes beyond enumeration (30 digits; one run each) ==")
    print(f"{'case':>60} {'seconds':>9}  value")
    cases: list[tuple[str, Callable[[], Any]]] = [
        (
            "ln Z, Ising, 10^6 sites, open",
            lambda: model("ising", 10**6, "open").log_partition_function(),
        ),
        (
            "ln Z, Ising, 10^6 sites, periodic",
            lambda: model("ising", 10**6, "periodic").log_partition_function(),
        ),
        (
            "ln Z_mes, Ising, 10^6 sites, b = 2, open",
            lambda: model("ising", 10**6, "open").log_mesoscopic_partition_function(2),
        ),
        (
            "ln Z_mes, Ising, 10^6 sites, b = 10, periodic",
            lambda: model("ising", 10**6, "periodic").log_mesoscopic_partition_function(10),
        ),
        (
            "ln Z_mes, gas, 10^6 sites, b = 40, open",
            lambda: model("gas", 10**6, "open").log_mesoscopic_partition_function(40),
        ),
        (
            "ln Z, canonical gas, 600 sites, N = 200 (b = 1)",
            lambda: model("canonical", 600, "open").log_partition_function(),
        ),
        (
            "ln Z_mes, canonical gas, 600 sites, N = 200, b = 10",
            lambda: model("canonical", 600, "open").log_mesoscopic_partition_function(10),
        ),
        (
            "subdivision potential, Ising, open",
            lambda: model("ising", 10, "open").subdivision_potential(),
        ),
    ]
    for name, function in cases:
        t, value = best_time(function, 1)
        print(f"{name:>60} {t:9.4f}  {mpmath.nstr(value, 20)}")


def main() -> None:
    print(f"python {sys.version.split()[0]}, {platform.machine()}, mpmath {mpmath.__version__}")
    against_enumeration(repeat=3)
    large_sizes()


if __name__ == "__main__":
    main()
