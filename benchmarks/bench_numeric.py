"""Benchmark of mesosym.numeric.equispaced against point-by-point root finding.

Run:  python benchmarks/bench_numeric.py [--points 1000000] [--baseline 200]

For q = 3, 1000 and 10**6 it prints

* the throughput of each float64 kernel on one array of 10**6 random u;
* the time per point of naive ``mpmath.findroot`` (default settings, 15 digits,
  start x = 1/2) on ~200 random points, measured in the same run, and the ratio;
* the worst relative error of the kernels against :mod:`mesosym.numeric.precise`
  (50 digits) on a sample of random points plus the edge points
  ``1e-300, 1e-12, u*(1 +- 1e-9), u*, (q-1)(1 - 1e-12)``;
* how often naive ``mpmath.findroot`` fails on the edge sample (raises, or returns
  ``beta`` off by more than 1e-6 relative), and the error of a textbook float
  ``scipy.optimize.brentq`` on ``u(x) = x/(1-x) - q x^q/(1-x^q)`` near ``u*``.
"""

from __future__ import annotations

import argparse
import math
import os
import time
import warnings

import mpmath
import numpy as np
from scipy.optimize import brentq

from mesosym.numeric import equispaced, precise

KERNELS = {
    "entropy": (equispaced.entropy, "s"),
    "inverse_temperature": (equispaced.inverse_temperature, "beta"),
    "saddle_point": (equispaced.saddle_point, "x"),
    "log_saddle_point": (equispaced.log_saddle_point, "t"),
    "energy_variance": (equispaced.energy_variance, "var"),
    "heat_capacity": (equispaced.heat_capacity, "c"),
}


def edge_sample(q: int) -> list[float]:
    us = (q - 1) / 2
    return [1e-300, 1e-12, us * (1 - 1e-9), us, us * (1 + 1e-9), (q - 1) * (1 - 1e-12)]


def mean_level(x: mpmath.mpf, q: int) -> mpmath.mpf:
    """Eq. (18) as a textbook would write it."""
    return x / (1 - x) - q * x**q / (1 - x**q)


def naive_findroot(u: float, q: int) -> mpmath.mpf:
    """Point-by-point baseline: mpmath.findroot at default settings from x = 1/2."""
    return mpmath.findroot(lambda x: mean_level(x, q) - u, mpmath.mpf(0.5))


def best_of(f, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def rel(got: float, ref: mpmath.mpf) -> float:
    if mpmath.isinf(ref) or ref == 0:
        return 0.0 if got == float(ref) else math.inf
    with mpmath.workdps(30):
        return float(abs((mpmath.mpf(got) - ref) / ref))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--points", type=int, default=10**6)
    ap.add_argument("--baseline", type=int, default=200)
    ap.add_argument("--sample", type=int, default=200, help="random points in the error sample")
    args = ap.parse_args()
    rng = np.random.default_rng(2024)
    print(f"cores: {os.cpu_count()}, numpy {np.__version__}, mpmath {mpmath.__version__}")
    for q in (3, 1000, 10**6):
        print(f"\n=== q = {q} " + "=" * 60)
        u = rng.uniform(0, q - 1, args.points)
        equispaced.entropy(u[:10], q)  # build the per-q table outside the timing
        rates = {}
        for name, (f, _) in KERNELS.items():
            dt = best_of(lambda f=f, u=u, q=q: f(u, q))
            rates[name] = args.points / dt
            print(f"  {name:20s} {rates[name] / 1e6:7.2f} M points/s  ({dt * 1e3:6.1f} ms)")

        # the per-point baseline, same run
        ub = rng.uniform(0, q - 1, args.baseline)
        t0 = time.perf_counter()
        with mpmath.workdps(15):
            for x in ub:
                try:
                    naive_findroot(float(x), q)
                except (ValueError, ZeroDivisionError, OverflowError):
                    pass
        per_point = (time.perf_counter() - t0) / args.baseline
        slowest = min(rates["entropy"], rates["inverse_temperature"])
        print(
            f"  mpmath.findroot per point: {per_point * 1e6:8.1f} us; speed-up of the "
            f"slower of entropy/beta: {per_point * slowest:,.0f}x"
        )

        # accuracy against precise.py on random + edge points
        sample = list(rng.uniform(0, q - 1, args.sample)) + edge_sample(q)
        arr = np.array(sample)
        worst = []
        for f, key in KERNELS.values():
            got = f(arr, q)
            errs = [
                rel(float(g), precise.evaluate(q, key, float(x), digits=50))
                for x, g in zip(sample, got, strict=True)
            ]
            i = int(np.argmax(errs))
            worst.append(f"{key}={errs[i]:.1e}")
        print(
            f"  worst relative error vs 50 digits ({len(sample)} pts incl. edges): "
            + ", ".join(worst)
        )

        # naive findroot on the edge sample
        fails = 0
        for x in edge_sample(q):
            ref = precise.inverse_temperature(x, q)
            try:
                with mpmath.workdps(15):
                    root = naive_findroot(x, q)
                    beta = -mpmath.log(root)
                ok = (ref == 0 and abs(beta) < 1e-6) or (ref != 0 and abs(beta / ref - 1) < 1e-6)
            except (ValueError, ZeroDivisionError, OverflowError):
                ok = False
            fails += not ok
        print(f"  naive mpmath.findroot on the edge sample: {fails}/{len(edge_sample(q))} fail")

        # textbook float brentq near u*
        us = (q - 1) / 2
        errs = []
        for frac in (1e-3, 1e-6, 1e-9):
            x = us * (1 - frac)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    root = brentq(
                        lambda y, q=q, x=x: y / (1 - y) - q * y**q / (1 - y**q) - x,
                        1e-300,
                        1 - 2.0**-52,
                        xtol=1e-300,
                        rtol=4 * np.finfo(float).eps,
                    )
                errs.append(rel(-math.log(root), precise.inverse_temperature(x, q)))
            except (ValueError, ZeroDivisionError, OverflowError):
                errs.append(math.inf)
        ours = [
            rel(
                float(equispaced.inverse_temperature(us * (1 - f), q)),
                precise.inverse_temperature(us * (1 - f), q),
            )
            for f in (1e-3, 1e-6, 1e-9)
        ]
        print(
            "  beta at u*(1 - 1e-3, 1e-6, 1e-9): brentq rel. error "
            + ", ".join(f"{e:.1e}" for e in errs)
            + "; equispaced "
            + ", ".join(f"{e:.1e}" for e in ours)
        )


if __name__ == "__main__":
    main()
