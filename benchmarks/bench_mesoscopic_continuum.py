"""Time the continuum gas against the scripts a user would write, measured in the same run.

ContinuumGas(N, L = 2, phi = exp(-2 r^2)), M cells.  Three tables, each time the
best of a few runs, each ratio = mesosym time / baseline time (< 2 is the goal
in float64, a small factor in mpmath):

1. ``Z_mes`` in float64 (``digits=None``) against a numpy script: Gauss-Legendre
   cell averages of phi (16 nodes, two phi values per node) and a tensor
   contraction of T[a, b] = exp(-beta phibar(|a - b|)) over ordered cell tuples
   (N = 2: sum T; N = 3: sum T * (T @ T); N = 4: the same with a 3-index
   intermediate).  mesosym includes its error control (two rules per cell).
2. ``Z_mes`` in mpmath at 30 digits against the same sum written in mpmath:
   ``mpmath.quad`` per cell offset and the translation classes summed in a loop.
3. ``Z`` by quadrature in float64 against numpy's tensor Gauss-Legendre rule on
   the cube [0, L]^N (n = 24 per axis for N <= 3, 40 for N = 4, which is
   ``40^4`` nodes; exact in the limit because phi(|x|) is analytic in x here),
   and in mpmath at 15 digits against nested ``mpmath.quad`` (N <= 3, the route
   mesosym used before).  The last column is |mesosym - baseline|.

Run:  python benchmarks/bench_mesoscopic_continuum.py
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from _timing import best_time

from mesosym.mesoscopic import ContinuumGas
from mesosym.mesoscopic.pair_averages import potential_function
from mesosym.symbols import r

PHI = sp.exp(-2 * r**2)
L = 2.0


def numpy_z_mes(N: int, M: int, nodes: int = 16) -> float:
    """The float64 baseline: GL cell averages, then a tensor contraction."""
    w = L / M
    x, wts = np.polynomial.legendre.leggauss(nodes)
    u, wts = (x + 1) / 2, wts / 2
    k = np.arange(M)[:, None]
    d1, d2 = w * np.abs(k + u), w * np.abs(k - u)
    phibar = ((np.exp(-2 * d1**2) + np.exp(-2 * d2**2)) * (1 - u) * wts).sum(axis=1)
    B = np.exp(-phibar)
    T = B[np.abs(np.arange(M)[:, None] - np.arange(M)[None, :])]
    if N == 2:
        total = T.sum()
    elif N == 3:
        total = (T * (T @ T)).sum()
    else:
        X = T[:, None, :] * T[None, :, :]  # X[a, b, d] = T[a, d] T[b, d]
        Y = X @ T.T  # Y[a, b, c] = sum_d X[a, b, d] T[c, d]
        total = (T * (X * Y).sum(axis=2)).sum()
    return N * math.log(w) + math.log(total) - math.lgamma(N + 1)


def mpmath_z_mes(N: int, M: int) -> Any:
    """The mpmath baseline: mpmath.quad per offset, the translation classes in a loop."""
    with mpmath.workdps(35):
        w = mpmath.mpf(2) / M
        phi = potential_function(PHI)
        B = [
            mpmath.exp(
                -mpmath.quad(
                    lambda u, k=k: (1 - u) * (phi(w * abs(k + u)) + phi(w * abs(k - u))), [0, 1]
                )
            )
            for k in range(M)
        ]
        total = mpmath.mpf(0)
        for rest in itertools.combinations_with_replacement(range(M), N - 1):
            p = (0, *rest)
            term = mpmath.mpf(M - p[-1])
            for j in range(1, N):
                for i in range(j):
                    term *= B[p[j] - p[i]]
            for _, group in itertools.groupby(p):
                term /= math.factorial(len(list(group)))
            total += term
        return N * mpmath.log(w) + mpmath.log(total)


def numpy_z_cube(N: int, nodes: int) -> float:
    """The float64 baseline of Z: a tensor GL rule on [0, L]^N."""
    x, wts = np.polynomial.legendre.leggauss(nodes)
    x, wts = (x + 1) * L / 2, wts * L / 2
    grids = np.meshgrid(*([x] * N), indexing="ij")
    weight = np.ones([nodes] * N)
    for axis in range(N):
        shape = [1] * N
        shape[axis] = nodes
        weight = weight * wts.reshape(shape)
    U = sum(np.exp(-2 * (grids[i] - grids[j]) ** 2) for i in range(N) for j in range(i))
    return math.log(float(np.sum(weight * np.exp(-U)))) - math.lgamma(N + 1)


def mpmath_z_nested(N: int) -> Any:
    """The mpmath baseline of Z (N <= 3): nested mpmath.quad over the gaps, 15 digits."""
    with mpmath.workdps(20):
        phi = potential_function(PHI)
        Lm = mpmath.mpf(2)
        if N == 2:
            return mpmath.log(mpmath.quad(lambda g: (Lm - g) * mpmath.exp(-phi(g)), [0, Lm]))

        def inner(g1: Any) -> Any:
            return mpmath.quad(
                lambda g2: (Lm - g1 - g2) * mpmath.exp(-(phi(g1) + phi(g2) + phi(g1 + g2))),
                [0, Lm - g1],
            )

        return mpmath.log(mpmath.quad(inner, [0, Lm]))


def main() -> None:
    print("1. Z_mes in float64 (digits=None) against numpy GL cell averages + a tensor contraction")
    print(f"{'N':>2} {'M':>4} {'mesosym':>10} {'numpy':>10} {'ratio':>6} {'|difference|':>13}")
    for N in (2, 3, 4):
        gas = ContinuumGas(N, 2, PHI, digits=None)
        for M in (16, 32, 64, 128):
            if N == 4 and M > 64:
                continue
            gas.log_mesoscopic_partition_function(M)  # compile phi once, as a user's session would
            t_ours, ours = best_time(lambda M=M, g=gas: g.log_mesoscopic_partition_function(M), 7)
            t_base, base = best_time(lambda M=M, N=N: numpy_z_mes(N, M), 7)
            print(
                f"{N:>2} {M:>4} {t_ours * 1e3:9.3f}ms {t_base * 1e3:9.3f}ms "
                f"{t_ours / t_base:6.2f} {abs(ours - base):13.1e}"
            )
    print("\n2. Z_mes in mpmath at 30 digits against the same sum written in mpmath")
    print(f"{'N':>2} {'M':>4} {'mesosym':>10} {'mpmath':>10} {'ratio':>6} {'|difference|':>13}")
    for N, M in ((2, 64), (3, 32), (3, 64), (4, 16)):
        gas = ContinuumGas(N, 2, PHI, digits=30)
        gas.log_mesoscopic_partition_function(M)
        t_ours, ours = best_time(lambda M=M, g=gas: g.log_mesoscopic_partition_function(M), 3)
        t_base, base = best_time(lambda M=M, N=N: mpmath_z_mes(N, M), 2)
        print(
            f"{N:>2} {M:>4} {t_ours:9.3f}s {t_base:9.3f}s {t_ours / t_base:6.2f} "
            f"{mpmath.nstr(abs(ours - base), 2):>13}"
        )
    print(
        "\n3. Z by quadrature: float64 against a numpy tensor rule on the cube, mpmath (15 digits)"
    )
    print("   against nested mpmath.quad")
    print(
        f"{'N':>2} {'arith':>8} {'mesosym':>10} {'baseline':>10} {'ratio':>6} {'|difference|':>13}"
    )
    for N in (2, 3, 4):
        gas = ContinuumGas(N, 2, PHI, digits=None)
        gas.log_partition_function()
        nodes = 40 if N == 4 else 24
        t_ours, ours = best_time(gas.log_partition_function, 3)
        t_base, base = best_time(lambda N=N, n=nodes: numpy_z_cube(N, n), 3)
        print(
            f"{N:>2} {'float64':>8} {t_ours * 1e3:9.2f}ms {t_base * 1e3:9.2f}ms "
            f"{t_ours / t_base:6.2f} {abs(ours - base):13.1e}"
        )
    for N in (2, 3):
        gas = ContinuumGas(N, 2, PHI, digits=15)
        t_ours, ours = best_time(gas.log_partition_function, 2)
        t_base, base = best_time(lambda N=N: mpmath_z_nested(N), 2)
        print(
            f"{N:>2} {'mpmath':>8} {t_ours:9.3f}s {t_base:9.3f}s {t_ours / t_base:6.2f} "
            f"{mpmath.nstr(abs(ours - base), 2):>13}"
        )
    print("  ratio = mesosym time / baseline time (< 1: mesosym is faster)")


if __name__ == "__main__":
    main()
