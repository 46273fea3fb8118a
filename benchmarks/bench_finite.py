"""Time mesosym.levels.finite on several spectra against the obvious route; check the time model.

The obvious route for any spectrum: ``flint.fmpz_poly(g)**N``, its
coefficients converted to Python ints, ``ln Omega / N`` of each and the central
differences over the reachable energies, all written out here in a few lines.
The time model of :func:`mesosym.levels.counting.row_estimate` (which refuses rows
estimated past the 60 s budget) is printed next to the measured time: the
ratio estimate / measured should stay between about 1 and 5.  Each time is
the best of several interleaved repetitions.

Run:  python benchmarks/bench_finite.py
"""

from __future__ import annotations

import math
import platform
import random

import flint
import numpy as np
from _timing import best_time

from mesosym import Spectrum
from mesosym.levels.counting import row_estimate
from mesosym.levels.finite import finite_thermodynamics


def obvious(g: list[int], N: int) -> tuple[np.ndarray, np.ndarray]:
    """flint power, Python ints, logs and differences over the reachable energies."""
    row = [int(c) for c in (flint.fmpz_poly(g) ** N).coeffs()]
    M = [m for m, w in enumerate(row) if w]
    s = [math.log(row[m]) / N for m in M]
    beta = []
    for i in range(len(M)):
        lo, hi = M[max(i - 1, 0)], M[min(i + 1, len(M) - 1)]
        beta.append(math.log(row[hi] / row[lo]) / (hi - lo))
    return np.array(s), np.array(beta)


def main() -> None:
    repeat = 3
    random.seed(7)
    print(
        f"python {platform.python_version()}, python-flint {flint.__version__}, "
        f"{platform.machine()}, best of {repeat}"
    )
    cases: list[tuple[str, list[int], int]] = [
        ("q = 3", [1, 1, 1], 20000),
        ("q = 10", [1] * 10, 3000),
        ("levels 0, 1, 3", [1, 1, 0, 1], 20000),
        ("levels 0, 2, 4", [1, 0, 1, 0, 1], 10000),
        ("102 sparse levels", [1, 0, 1, 0, 0, 1] * 17, 800),
        ("101 dense, g <= 5", [random.randint(1, 5) for _ in range(101)], 800),
    ]
    print(
        f"{'spectrum':>20} {'N':>6} {'mesosym':>9} {'obvious':>9} {'ratio':>7} "
        f"{'estimate':>9} {'est/meas':>9}"
    )
    for name, g, N in cases:
        # degeneracies (a bare list would do too; equal ones as q, the equispaced route)
        system = Spectrum(g) if len(set(g)) > 1 else len(g)
        th = finite_thermodynamics(system, N)
        s, beta = obvious(g, N)
        assert np.allclose(th.s, s, rtol=1e-15, atol=0)
        assert np.allclose(th.beta, beta, rtol=1e-12, atol=1e-15)
        mine = best_time(lambda system=system, N=N: finite_thermodynamics(system, N), repeat)[0]
        base = best_time(lambda g=g, N=N: obvious(g, N), repeat)[0]
        seconds, memory = row_estimate(g if len(set(g)) > 1 else len(g), N)
        estimate = seconds + 1.6e-9 * memory  # as mesosym.levels.finite adds for the logarithms
        print(
            f"{name:>20} {N:>6} {mine:>8.3f}s {base:>8.3f}s {mine / base:>7.2f} "
            f"{estimate:>8.3f}s {estimate / mine:>9.2f}"
        )
    print(
        "  ratio = mesosym / obvious route (< 1: mesosym faster); est/meas = the time\n"
        "  model's estimate over the measured mesosym time (>= 1: the budget errs on the\n"
        "  side of caution)"
    )


if __name__ == "__main__":
    main()
