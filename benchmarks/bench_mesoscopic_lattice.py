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

from mesosym.mesoscopic import IsingChain, IsingStrip, LatticeGas, PottsChain
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


def numpy_log_z(m: Any) -> float:
    """The baseline: ln Z of an open chain by a float64 numpy transfer-matrix loop."""
    import numpy as np

    beta, bond, site = m._energies()
    b = float(beta)
    B = np.exp(-b * np.array([[float(x) for x in row] for row in bond], dtype=float))
    D = np.exp(-b * np.array([float(x) for x in site]))
    v, log_scale = D.copy(), 0.0
    for _ in range(m.sites - 1):
        v = (v @ B) * D
        big = v.max()
        v /= big
        log_scale += float(np.log(big))
    return float(np.log(v.sum())) + log_scale


def new_models(repeat: int) -> None:
    print("== models of the protocol: Potts chain, Ising strip (columns as states) ==")
    print(
        f"{'case':>44} {'30 digits s':>12} {'float64 s':>10} {'enum/numpy s':>13} "
        f"{'ratio 30d':>9} {'ratio f64':>9} {'|diff|':>9}"
    )
    f = Fraction
    cases = [
        ("Potts q = 3, 7 sites, open", lambda d: PottsChain(7, 3, f(3, 2), digits=d)),
        ("Potts q = 5, 2000 sites, open", lambda d: PottsChain(2000, 5, f(3, 2), digits=d)),
        (
            "Ising strip 3 x 4, open x open",
            lambda d: IsingStrip(3, 4, 1, f(1, 4), f(2, 5), ("open", "open"), digits=d),
        ),
        (
            "Ising strip 4 x 2000, open x open",
            lambda d: IsingStrip(4, 2000, 1, f(1, 4), f(2, 5), ("open", "open"), digits=d),
        ),
    ]
    for name, make in cases:
        m30, m64 = make(30), make(None)
        t30, z30 = best_time(m30.log_partition_function, repeat)
        t64, z64 = best_time(m64.log_partition_function, repeat)
        if m30.count_configurations() <= 2**12:
            tb, zb = best_time(partial(sec.log_partition_function_by_enumeration, m30), 1)
        else:
            tb, zb = best_time(partial(numpy_log_z, m30), repeat)
        print(
            f"{name:>44} {t30:12.5f} {t64:10.5f} {tb:13.5f} {tb / t30:9.2f} {tb / t64:9.2f} "
            f"{abs(float(z30) - float(zb)):9.1e}"
        )


def main() -> None:
    print(f"python {sys.version.split()[0]}, {platform.machine()}, mpmath {mpmath.__version__}")
    if "--new-models" in sys.argv:
        new_models(repeat=3)
        return
    against_enumeration(repeat=3)
    large_sizes()
    new_models(repeat=3)


if __name__ == "__main__":
    main()
