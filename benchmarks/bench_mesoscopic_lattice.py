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
from _timing import RATIO_HEADER, best_time, ratio_row

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


# -- against the script a user would write --------------------------------------------
def _float_tables(m: Any) -> tuple[Any, Any]:
    import numpy as np

    beta, bond, site = m._energies()
    b = float(beta)
    B = np.exp(-b * np.array([[float(x) for x in row] for row in bond], dtype=float))
    D = np.exp(-b * np.array([float(x) for x in site]))
    return B, D


def script_numpy(m: Any, cells: int) -> tuple[float, float]:
    """(ln Z, TC of ``cells`` equal cells) of an open chain: a float64 numpy sweep each way.

    The chain is Markov, so TC is the sum over the cuts of I(x_l : x_f) of the two
    sites of the cut bond, whose joint law is F[a] B[a, b] G[b] (forward and
    backward vectors, rescaled at every step); with two cells TC = I.
    """
    import numpy as np

    B, D = _float_tables(m)
    n = m.sites
    size = n // cells
    cuts = [size * c for c in range(1, cells)]
    v, log_scale, forward = D.copy(), 0.0, {}
    for i in range(1, n):
        if i in cuts:
            forward[i] = v.copy()
        v = (v @ B) * D
        big = v.max()
        v /= big
        log_scale += float(np.log(big))
    log_z = float(np.log(v.sum())) + log_scale
    w, tc = D.copy(), 0.0
    for i in range(n - 2, -1, -1):
        if i + 1 in cuts:
            p = forward[i + 1][:, None] * B * w[None, :]
            p /= p.sum()
            pa, pb = p.sum(axis=1), p.sum(axis=0)
            tc += float((p * np.log(p / (pa[:, None] * pb[None, :]))).sum())
        w = (B @ w) * D
        w /= w.max()
    return log_z, tc


def _mpf(x: Any) -> Any:
    x = Fraction(x)
    return mpmath.mpf(x.numerator) / x.denominator


def script_mpmath(m: Any, cells: int) -> tuple[Any, Any]:
    """:func:`script_numpy` in mpmath lists at 30 digits."""
    with mpmath.workdps(30):
        beta, bond, site = m._energies()
        b = _mpf(beta)
        s = range(len(site))
        B = [[mpmath.exp(-b * _mpf(x)) for x in row] for row in bond]
        D = [mpmath.exp(-b * _mpf(x)) for x in site]
        n = m.sites
        size = n // cells
        cuts = [size * c for c in range(1, cells)]
        v, forward = list(D), {}
        for i in range(1, n):
            if i in cuts:
                forward[i] = list(v)
            v = [mpmath.fsum(v[a] * B[a][c] for a in s) * D[c] for c in s]
        log_z = mpmath.log(mpmath.fsum(v))
        w, tc = list(D), mpmath.mpf(0)
        for i in range(n - 2, -1, -1):
            if i + 1 in cuts:
                f = forward[i + 1]
                p = [[f[a] * B[a][c] * w[c] for c in s] for a in s]
                tot = mpmath.fsum(x for row in p for x in row)
                p = [[x / tot for x in row] for row in p]
                pa = [mpmath.fsum(row) for row in p]
                pb = [mpmath.fsum(p[a][c] for a in s) for c in s]
                tc += mpmath.fsum(
                    p[a][c] * mpmath.log(p[a][c] / (pa[a] * pb[c])) for a in s for c in s
                )
            w = [mpmath.fsum(B[a][c] * w[c] for c in s) * D[a] for a in s]
        return log_z, tc


def against_scripts(repeat: int) -> None:
    """ln Z, I (two cells) and TC (four cells) against the scripts, float64 and 30 digits."""
    print("== against the script a user would write: ratio = mesosym s / script s (< 2 wanted)")
    print(f"{'model':>10} {'sites':>6} {'digits':>6} {RATIO_HEADER}")
    f = Fraction
    makers = {
        "ising": lambda n, d: IsingChain(n, f(7, 10), f(-3, 10), beta=f(13, 10), digits=d),
        "potts q=3": lambda n, d: PottsChain(n, 3, f(3, 2), beta=f(1, 2), digits=d),
    }
    for name, make in makers.items():
        for sites in (100, 1000, 10000, 100000):
            for digits in (None, 30):
                if digits == 30 and sites > 10000:
                    continue
                m = make(sites, digits)
                script = script_numpy if digits is None else script_mpmath
                jobs: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
                    ("lnZ", m.log_partition_function, lambda m=m, s=script: s(m, 2)[0]),
                    (
                        "I",
                        lambda m=m: m.split(2).mutual_information(0, 1),
                        lambda m=m, s=script: s(m, 2)[1],
                    ),
                    (
                        "TC",
                        lambda m=m: m.split(4).total_correlation(),
                        lambda m=m, s=script: s(m, 4)[1],
                    ),
                ]
                for what, ours, theirs in jobs:
                    row = ratio_row(what, ours, theirs, repeat)
                    print(f"{name:>10} {sites:>6} {digits!s:>6} {row}")


def main() -> None:
    print(f"python {sys.version.split()[0]}, {platform.machine()}, mpmath {mpmath.__version__}")
    if "--scripts" in sys.argv:
        against_scripts(repeat=3)
        return
    if "--new-models" in sys.argv:
        new_models(repeat=3)
        return
    against_enumeration(repeat=3)
    large_sizes()
    new_models(repeat=3)
    against_scripts(repeat=3)


if __name__ == "__main__":
    main()
