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
   ``40^4`` nodes; exact in the limit because phi(|x|) is analytic in x here).
   mesosym includes its error control (at least two rules).
4. ``Z`` by quadrature in mpmath against the same nested Gauss-Legendre sum over
   the gaps written directly in mpmath (``mpmath.gauss_quadrature`` nodes
   computed once, outside the timing; phi written by hand; one rule of as many
   nodes as mesosym's accepted rule, no error control), and for N <= 3 against
   nested ``mpmath.quad`` (the route a user reaches for first).

Every pair of timings is interleaved (mesosym, baseline, mesosym, ...) and the
best of each is kept, so a drift of the machine's load does not bias a ratio.
The last column is |mesosym - baseline|.

Run:  python benchmarks/bench_mesoscopic_continuum.py
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from _timing import best_times_interleaved

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


@functools.lru_cache(maxsize=8)
def _mpmath_gauss_rule(nodes: int, dps: int) -> list[tuple[Any, Any]]:
    """Gauss-Legendre nodes and weights on [0, 1], computed once per session."""
    with mpmath.workdps(dps):
        x, wts = mpmath.gauss_quadrature(nodes, "legendre")
        return [((x[i] + 1) / 2, wts[i] / 2) for i in range(nodes)]


def mpmath_z_gauss(N: int, nodes: int, dps: int) -> Any:
    """The mpmath baseline of Z: one nested Gauss-Legendre sum over the N - 1 gaps.

    Gaps g_k >= 0 between ordered centres, g_k in [0, L - g_1 - ... - g_(k-1)];
    the integrand (L - sum g) exp(-U) (the ordering is the 1/N!), phi written
    by hand, each pair's phi computed once at the level where its distance is
    known.
    """
    rule = _mpmath_gauss_rule(nodes, dps)
    Lm = mpmath.mpf(2)

    def level(k: int, total: Any, back: list[Any], energy: Any) -> Any:
        if k == N:
            return (Lm - total) * mpmath.exp(-energy)
        span, result = Lm - total, mpmath.mpf(0)
        for u, weight in rule:
            g = span * u
            distances = [d + g for d in back] + [g]
            e = energy + mpmath.fsum(mpmath.exp(-2 * d * d) for d in distances)
            result += weight * level(k + 1, total + g, distances, e)
        return span * result

    with mpmath.workdps(dps):
        return mpmath.log(level(1, mpmath.mpf(0), [], mpmath.mpf(0)))


def main() -> None:
    print("1. Z_mes in float64 (digits=None) against numpy GL cell averages + a tensor contraction")
    print(f"{'N':>2} {'M':>4} {'mesosym':>10} {'numpy':>10} {'ratio':>6} {'|difference|':>13}")
    for N in (2, 3, 4):
        gas = ContinuumGas(N, 2, PHI, digits=None)
        for M in (16, 32, 64, 128):
            if N == 4 and M > 64:
                continue
            gas.log_mesoscopic_partition_function(M)  # compile phi once, as a user's session would
            (t_ours, ours), (t_base, base) = best_times_interleaved(
                (
                    lambda M=M, g=gas: g.log_mesoscopic_partition_function(M),
                    lambda M=M, N=N: numpy_z_mes(N, M),
                ),
                9,
            )
            print(
                f"{N:>2} {M:>4} {t_ours * 1e3:9.3f}ms {t_base * 1e3:9.3f}ms "
                f"{t_ours / t_base:6.2f} {abs(ours - base):13.1e}"
            )
    print("\n2. Z_mes in mpmath at 30 digits against the same sum written in mpmath")
    print(f"{'N':>2} {'M':>4} {'mesosym':>10} {'mpmath':>10} {'ratio':>6} {'|difference|':>13}")
    for N, M in ((2, 64), (3, 32), (3, 64), (4, 16)):
        gas = ContinuumGas(N, 2, PHI, digits=30)
        gas.log_mesoscopic_partition_function(M)
        (t_ours, ours), (t_base, base) = best_times_interleaved(
            (
                lambda M=M, g=gas: g.log_mesoscopic_partition_function(M),
                lambda M=M, N=N: mpmath_z_mes(N, M),
            ),
            2,
        )
        print(
            f"{N:>2} {M:>4} {t_ours:9.3f}s {t_base:9.3f}s {t_ours / t_base:6.2f} "
            f"{mpmath.nstr(abs(ours - base), 2):>13}"
        )
    print("\n3. Z by quadrature in float64 against a numpy tensor rule on the cube")
    print(f"{'N':>2} {'nodes':>5} {'mesosym':>10} {'numpy':>10} {'ratio':>6} {'|difference|':>13}")
    for N in (2, 3, 4):
        gas = ContinuumGas(N, 2, PHI, digits=None)
        gas.log_partition_function()
        nodes = 40 if N == 4 else 24
        (t_ours, ours), (t_base, base) = best_times_interleaved(
            (gas.log_partition_function, lambda N=N, n=nodes: numpy_z_cube(N, n)), 7
        )
        print(
            f"{N:>2} {nodes:>5} {t_ours * 1e3:9.2f}ms {t_base * 1e3:9.2f}ms "
            f"{t_ours / t_base:6.2f} {abs(ours - base):13.1e}"
        )
    print("\n4. Z by quadrature in mpmath against one nested GL sum over the gaps in mpmath")
    print("   (n nodes per gap, as many as mesosym's accepted rule) and nested mpmath.quad")
    print(
        f"{'N':>2} {'digits':>6} {'baseline':>14} {'mesosym':>9} {'baseline':>9} "
        f"{'ratio':>6} {'|difference|':>13}"
    )
    # (N, digits, nodes of mesosym's accepted rule, which the baseline is given for free)
    for N, digits, nodes in ((2, 15, 27), (3, 15, 27), (4, 12, 27)):
        gas = ContinuumGas(N, 2, PHI, digits=digits)
        gas.log_partition_function()
        _mpmath_gauss_rule(nodes, digits + 5)
        (t_ours, ours), (t_base, base) = best_times_interleaved(
            (
                gas.log_partition_function,
                lambda N=N, n=nodes, d=digits: mpmath_z_gauss(N, n, d + 5),
            ),
            2 if N == 4 else 7,
        )
        print(
            f"{N:>2} {digits:>6} {'GL n = ' + str(nodes):>14} {t_ours:8.3f}s {t_base:8.3f}s "
            f"{t_ours / t_base:6.2f} {mpmath.nstr(abs(ours - base), 2):>13}"
        )
        if N <= 3:
            (t_ours, ours), (t_base, base) = best_times_interleaved(
                (gas.log_partition_function, lambda N=N: mpmath_z_nested(N)), 3
            )
            print(
                f"{N:>2} {digits:>6} {'mpmath.quad':>14} {t_ours:8.3f}s {t_base:8.3f}s "
                f"{t_ours / t_base:6.2f} {mpmath.nstr(abs(ours - base), 2):>13}"
            )
    print("  ratio = mesosym time / baseline time (< 1: mesosym is faster)")


if __name__ == "__main__":
    main()
