"""Benchmark of mesosym.numeric.polynomial against point-by-point mpmath root finding.

Run:  python benchmarks/bench_polynomial.py [--points 1000000] [--baseline 200]

For the spectra [1, 2, 0, 1] (a gap) and [1]*100 it prints

* the one-off cost of the per-spectrum constants and guess table (cached after);
* the throughput of each float64 kernel on one array of ``--points`` random u,
  uniform on [0, d] (best of 3);
* the time per point of the one mpmath solver (:mod:`mesosym.numeric.precise`,
  which ``SaddleRoot.evalf`` and the ``"mpmath"`` backend use) at 15 digits, for
  ``s`` and ``beta``, on ``--baseline`` random points in the same run, and the
  ratio;
* the worst relative error of the kernels against that solver at 50 digits, on
  random points plus ``1e-300, 1e-12, u*(1 +- 1e-9), d(1 - 1e-12)``, and the
  worst relative error of the 15-digit per-point route itself on the same points.
"""

from __future__ import annotations

import argparse
import math
import os
import time
from collections.abc import Callable
from fractions import Fraction

import mpmath
import numpy as np

from mesosym.numeric import polynomial, precise

KERNELS: dict[str, Callable[..., np.ndarray]] = {
    "entropy": polynomial.entropy,
    "inverse_temperature": polynomial.inverse_temperature,
    "saddle_point": polynomial.saddle_point,
    "log_saddle_point": polynomial.log_saddle_point,
    "energy_variance": polynomial.energy_variance,
    "heat_capacity": polynomial.heat_capacity,
}


def best_of(f: Callable[[], object], repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def u_star(g: list[int]) -> float:
    return float(Fraction(sum(k * x for k, x in enumerate(g)), sum(g)))


def per_point(g: list[int], u: float, digits: int) -> tuple[mpmath.mpf, mpmath.mpf]:
    """Return (s, beta) at ``u`` from one solve of the mpmath solver, ``digits`` digits."""
    return precise.evaluate(g, ("s", "beta"), u, digits=digits)


def rel(got: float | mpmath.mpf, ref: mpmath.mpf) -> float:
    with mpmath.workdps(30):
        if ref == 0:
            return 0.0 if got == 0 else math.inf
        return float(abs((mpmath.mpf(got) - ref) / ref))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--points", type=int, default=10**6)
    ap.add_argument("--baseline", type=int, default=200)
    ap.add_argument("--sample", type=int, default=100, help="random points in the error sample")
    args = ap.parse_args()
    rng = np.random.default_rng(2024)
    print(f"cores: {os.cpu_count()}, numpy {np.__version__}, mpmath {mpmath.__version__}")
    for name, g in (("[1, 2, 0, 1]", [1, 2, 0, 1]), ("[1]*100", [1] * 100)):
        d = len(g) - 1
        print(f"\n=== {name} (d = {d}) " + "=" * 50)
        t0 = time.perf_counter()
        polynomial.entropy(0.5, g)
        setup = time.perf_counter() - t0
        print(f"  constants + guess table (once per spectrum): {1e3 * setup:.1f} ms")
        u = rng.uniform(0, d, args.points)
        rates = {}
        for kname, f in KERNELS.items():
            dt = best_of(lambda f=f, u=u, g=g: f(u, g))
            rates[kname] = args.points / dt
            print(f"  {kname:20s} {rates[kname] / 1e6:7.3f} M points/s  ({dt * 1e3:7.1f} ms)")

        # the per-point baseline, same run
        ub = rng.uniform(0, d, args.baseline)
        t0 = time.perf_counter()
        for x in ub:
            per_point(g, float(x), 15)
        per = (time.perf_counter() - t0) / args.baseline
        slowest = min(rates["entropy"], rates["inverse_temperature"])
        print(
            f"  mpmath per point (numeric.precise, 15 digits, s and beta): {per * 1e6:9.1f} us; "
            f"speed-up of the slower of entropy/beta: {per * slowest:,.0f}x"
        )

        # accuracy against 50 digits, random + edge points
        us = u_star(g)
        edges = [1e-300, 1e-12, us * (1 - 1e-9), us * (1 + 1e-9), d * (1 - 1e-12)]
        sample = list(rng.uniform(0, d, args.sample)) + edges
        s_got = polynomial.entropy(sample, g)
        b_got = polynomial.inverse_temperature(sample, g)
        worst = {"s": (0.0, 0.0), "beta": (0.0, 0.0), "s15": (0.0, 0.0), "beta15": (0.0, 0.0)}
        for i, x in enumerate(sample):
            s_ref, b_ref = per_point(g, x, 50)
            s15, b15 = per_point(g, x, 15)
            for key, err in (
                ("s", rel(float(s_got[i]), s_ref)),
                ("beta", rel(float(b_got[i]), b_ref)),
                ("s15", rel(s15, s_ref)),
                ("beta15", rel(b15, b_ref)),
            ):
                if err > worst[key][0]:
                    worst[key] = (err, x)
        print(
            f"  worst relative error vs 50 digits ({len(sample)} pts incl. edges): "
            f"kernels s {worst['s'][0]:.1e}, beta {worst['beta'][0]:.1e}; "
            f"15-digit per-point route s {worst['s15'][0]:.1e}, "
            f"beta {worst['beta15'][0]:.1e} (at u = {worst['beta15'][1]!r})"
        )


if __name__ == "__main__":
    main()
