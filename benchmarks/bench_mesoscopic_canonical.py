"""Time the canonical lattice gas's cells by fugacity polynomials against enumeration, same run.

mesosym's transfer route (``split(model, K, method="transfer")`` with
``particles`` set) weights every particle by a fugacity z and takes the
coefficient of z^N of products of arb polynomial matrices
(:mod:`mesosym.mesoscopic.canonical`).  The baseline enumerates the C(sites, N)
configurations (``method="enumerate"``).  Each route computes the whole cell
table (ln Z, ln Z_i, beta<W>, configuration and occupation information of
adjacent cells, TC, D(p_i || q_i), residual) at 30 digits; the largest
difference between the routes is printed beside the ratio.  Then the
canonical ln Z (site transfer by a fugacity polynomial) and ln Z_mes (cells of
4 sites, polynomials stepped cell by cell) against the Python loop over (cell,
particles so far) that mesosym used before (kept here as the baseline), and
the largest sizes reached in about 5 s.  ``--scripts``: ln Z_N and I = TC
against the numpy and mpmath scripts a user would write, for ``digits=None``
in both arithmetics (float64 polynomials and 17-digit balls, same run).

Run:  python benchmarks/bench_mesoscopic_canonical.py [--scripts]
"""

from __future__ import annotations

import math
import platform
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
from _timing import RATIO_HEADER, best_time, ratio_row

from mesosym.mesoscopic import LatticeGas
from mesosym.mesoscopic.cells import split


def gas(sites: int, boundary: str, particles: int, digits: int | None = 30) -> LatticeGas:
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


def python_loop_sector_sum(model: LatticeGas, sizes: tuple[int, ...]) -> mpmath.mpf:
    """The canonical sector sum as mesosym computed it before: a Python loop over (cell, k).

    v[n][k]: weight of the cells so far, the last holding n, k particles in all
    (kept here, verbatim in substance, as the baseline).
    """
    from mesosym.mesoscopic.sectors import _averages, _cross_table, _numeric_params, _weight

    params, beta = _numeric_params(model)
    N = model.particles
    assert N is not None
    cells = len(sizes)
    W = [
        [
            math.comb(b, n) * _weight(_averages(model, b).cells[n], params, beta)
            for n in range(b + 1)
        ]
        for b in sizes
    ]
    K = [
        [[_weight(v, params, beta) for v in row] for row in _cross_table(model, b1, b2)]
        for b1, b2 in zip(sizes, sizes[1:] + sizes[:1], strict=True)
    ]
    periodic = model.boundary == "periodic"
    starts: list[int | None] = list(range(sizes[0] + 1)) if periodic else [None]
    total, zero = mpmath.mpf(0), mpmath.mpf(0)
    for start in starts:
        v = [[zero] * (N + 1) for _ in range(sizes[0] + 1)]
        for n in range(sizes[0] + 1):
            if n <= N and (start is None or n == start):
                v[n][n] = W[0][n]
        for c in range(1, cells):
            b, prev = sizes[c], sizes[c - 1]
            new = [[zero] * (N + 1) for _ in range(b + 1)]
            for m in range(b + 1):
                for k in range(m, N + 1):
                    terms = [v[n][k - m] * K[c - 1][n][m] for n in range(prev + 1) if v[n][k - m]]
                    if terms:
                        new[m][k] = W[c][m] * mpmath.fsum(terms)
            v = new
        last = sizes[-1]
        if start is None:
            total += mpmath.fsum(v[n][N] for n in range(last + 1))
        else:
            total += mpmath.fsum(v[n][N] * K[-1][n][start] for n in range(last + 1))
    return total


def ln_z_against_sector_loop() -> None:
    print("\n== canonical ln Z and ln Z_mes: fugacity polynomials against the Python loop over")
    print("   (cell, particles so far) that mesosym used before (30 digits)")
    print(
        f"{'what':>14} {'bnd':>8} {'sites':>6} {'N':>5} {'poly s':>8} {'loop s':>8} "
        f"{'loop/poly':>10} {'|diff|':>9}"
    )
    for what, b in (("ln Z (sites)", 1), ("ln Z_mes b=4", 4)):
        for sites, boundary in ((120, "open"), (600, "open"), (1200, "open"), (600, "periodic")):
            if b == 1 and boundary == "periodic":
                continue
            m = gas(sites, boundary, sites // 3)
            sizes = (b,) * (sites // b)
            poly = (
                m.log_partition_function
                if b == 1
                else lambda m=m: m.log_mesoscopic_partition_function(4)
            )

            def loop(m: LatticeGas = m, sizes: tuple[int, ...] = sizes) -> Any:
                with mpmath.workdps(m.digits + 15):
                    value = mpmath.log(python_loop_sector_sum(m, sizes))
                with mpmath.workdps(m.digits):
                    return +value

            tf, a = best_time(poly, 3)
            ts, z = best_time(loop, 1)
            with mpmath.workdps(40):
                diff = abs(a - z)
            print(
                f"{what:>14} {boundary:>8} {sites:>6} {sites // 3:>5} {tf:8.4f} {ts:8.3f} "
                f"{ts / tf:10.1f} {mpmath.nstr(diff, 2):>9}"
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


# -- against the script a user would write --------------------------------------------
def _cell_sweep(B: Any, D: Any, length: int, N: int, xp: Any) -> tuple[Any, float]:
    """W[x][n]: weight of ``length`` sites holding n particles, the last in state x.

    ``xp`` is the arithmetic: numpy arrays (rescaled each step, the log scale returned)
    or mpmath lists (no rescaling needed).
    """
    if xp == "numpy":
        import numpy as np

        W = np.zeros((2, N + 1))
        W[0, 0], W[1, 1] = D[0], D[1]
        scale = 0.0
        for _ in range(length - 1):
            new = np.zeros_like(W)
            new[0] = (B[0, 0] * W[0] + B[1, 0] * W[1]) * D[0]
            new[1, 1:] = ((B[0, 1] * W[0] + B[1, 1] * W[1]) * D[1])[:-1]
            big = new.max()
            W = new / big
            scale += float(np.log(big))
        return W, scale
    zero = mpmath.mpf(0)
    W = [[zero] * (N + 1) for _ in range(2)]
    W[0][0], W[1][1] = D[0], D[1]
    for _ in range(length - 1):
        W = [
            [(B[0][0] * W[0][k] + B[1][0] * W[1][k]) * D[0] for k in range(N + 1)],
            [zero] + [(B[0][1] * W[0][k] + B[1][1] * W[1][k]) * D[1] for k in range(N)],
        ]
    return W, 0.0


def script_canonical(m: LatticeGas, float64: bool) -> tuple[Any, Any]:
    """(ln Z_N, I(X_a : X_b) of two equal cells) of the open canonical gas, by a user's DP.

    Each cell is swept over (last state, particles so far); the cells interact through
    the cut bond and the constraint n_a + n_b = N only, so (x_l, n_a) and (x_f, n_b) are
    sufficient and I(X_a : X_b) is the information of their table.
    """
    beta, bond, site = m._energies()
    N, L = m.particles, m.sites // 2
    assert N is not None
    if float64:
        import numpy as np

        b = float(beta)
        B = np.exp(-b * np.array([[float(x) for x in row] for row in bond]))
        D = np.exp(-b * np.array([float(x) for x in site]))
        # a fugacity t on the occupied state, at which the chain holds N particles on
        # average (bisection on the Perron vector of the symmetrised 2 x 2 transfer
        # matrix [[a, c], [c, d]]): else at thousands of sites the cells' z^n and
        # z^(N-n) underflow together
        lo, hi = -40.0, 40.0
        for _ in range(40):
            tau = (lo + hi) / 2
            a, d = D[0] * B[0, 0], D[1] * math.exp(tau) * B[1, 1]
            c = math.sqrt(D[0] * D[1] * math.exp(tau)) * B[0, 1]
            x = (d - a) / 2 + math.hypot((a - d) / 2, c)  # lambda - a
            lo, hi = (tau, hi) if x * x / (c * c + x * x) < N / m.sites else (lo, tau)
        D = D * np.exp([0.0, tau])
        Wa, ca = _cell_sweep(B, D, L, N, "numpy")
        Wb, cb = _cell_sweep(B.T, D, L, N, "numpy")  # the mirrored cell: first state
        # P[x, n, y] = Wa[x][n] B[x][y] Wb[y][N - n], in logarithms: the cells' vectors are
        # each scaled to a largest entry of 1, their product at n + (N - n) may underflow
        with np.errstate(divide="ignore"):
            lP = np.log(Wa)[:, :, None] + np.log(B)[:, None, :] + np.log(Wb[:, ::-1]).T[None]
        top = lP.max()
        P = np.exp(lP - top)
        total = P.sum()
        log_z = float(np.log(total)) + top + ca + cb - N * tau
        P /= total
        pa, pb = P.sum(axis=2), P.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log(P) - np.log(pa)[:, :, None] - np.log(pb)[None, :, :]
            terms = np.where(P > 0, P * logs, 0.0)
        return log_z, float(terms.sum())
    with mpmath.workdps(30):
        b = _mpf(beta)
        B = [[mpmath.exp(-b * _mpf(x)) for x in row] for row in bond]
        D = [mpmath.exp(-b * _mpf(x)) for x in site]
        Bt = [[B[j][i] for j in range(2)] for i in range(2)]
        Wa, _ = _cell_sweep(B, D, L, N, "mpmath")
        Wb, _ = _cell_sweep(Bt, D, L, N, "mpmath")
        P = {
            (x, n, y): Wa[x][n] * B[x][y] * Wb[y][N - n]
            for x in range(2)
            for y in range(2)
            for n in range(N + 1)
        }
        total = mpmath.fsum(P.values())
        P = {k: v / total for k, v in P.items()}
        pa: dict[Any, Any] = {}
        pb: dict[Any, Any] = {}
        for (x, n, y), v in P.items():
            pa[(x, n)] = pa.get((x, n), 0) + v
            pb[(n, y)] = pb.get((n, y), 0) + v
        info = mpmath.fsum(
            v * mpmath.log(v / (pa[(x, n)] * pb[(n, y)])) for (x, n, y), v in P.items() if v > 0
        )
        return mpmath.log(total), info


def _mpf(x: Any) -> Any:
    x = Fraction(x)
    return mpmath.mpf(x.numerator) / x.denominator


def against_scripts(repeat: int) -> None:
    """Canonical ln Z_N and I = TC of two cells against the scripts, float64 and 30 digits.

    For ``digits=None`` both arithmetics run, in the same process: the float64
    polynomials (numpy, the default from FLOAT64_PARTICLES particles on) and balls at
    17 digits (what ``digits=None`` ran before, and still runs below that); ``*``
    marks the default.
    """
    import mesosym.mesoscopic.canonical as canonical

    default = canonical.FLOAT64_PARTICLES
    print("\n== against the script a user would write (open canonical gas, N = sites/3, K = 2):")
    print("   ratio = mesosym s / script s (< 2 wanted); route: float64 polynomials or balls")
    print(f"{'sites':>6} {'N':>5} {'digits':>6} {'route':>8} {RATIO_HEADER}")
    for sites in (60, 150, 300, 1200, 4800):
        for digits, route in ((None, "float64"), (None, "balls"), (30, "balls")):
            if digits == 30 and sites > 300:
                continue
            N = sites // 3
            m = gas(sites, "open", N, digits)
            fast = digits is None
            jobs: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
                ("lnZ", m.log_partition_function, lambda m=m, f=fast: script_canonical(m, f)[0]),
                (
                    "I=TC",
                    lambda m=m: split(m, 2, method="transfer").total_correlation(),
                    lambda m=m, f=fast: script_canonical(m, f)[1],
                ),
            ]
            canonical.FLOAT64_PARTICLES = 0 if route == "float64" else 10**9
            chosen = (route == "float64") == (N >= default) or digits is not None
            try:
                for what, ours, theirs in jobs:
                    row = ratio_row(what, ours, theirs, repeat)
                    shown = route + ("*" if chosen else "")
                    print(f"{sites:>6} {N:>5} {digits!s:>6} {shown:>8} {row}")
            finally:
                canonical.FLOAT64_PARTICLES = default


def main() -> None:
    print(f"python {sys.version.split()[0]} on {platform.machine()}; mpmath {mpmath.__version__}")
    if "--scripts" in sys.argv:
        against_scripts(repeat=7)
        return
    against_enumeration()
    ln_z_against_sector_loop()
    largest_in(5.0)
    against_scripts(repeat=3)


if __name__ == "__main__":
    main()
