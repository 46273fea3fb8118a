"""Time mesosym.levels.counting against flint and SymPy, every baseline measured in the same run.

Rows: ``equispaced_row(q, N)`` returns Python ints, so the fair baseline is
``flint.fmpz_poly([1]*q)**N`` *followed by conversion of its coefficients to a
list of Python ints*; the bare power (a flint polynomial, nothing converted)
and the power plus ``.coeffs()`` (a list of ``flint.fmpz``) are printed too.
SymPy's ``Poly(...)**N`` is timed on the same N when its ground types are
flint (it then finishes in seconds), on N/10 otherwise; N is printed.  Each
time is the best of several interleaved repetitions, to be robust to other
load on the machine.

Run:  python benchmarks/bench_counting.py
"""

from __future__ import annotations

import gc
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

import flint
import sympy as sp

from mesosym.levels.counting import equispaced_coefficient, equispaced_row, sympy_row


def best_times(functions: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Best wall time of each function over ``repeat`` interleaved rounds."""
    best = {name: float("inf") for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            gc.collect()
            start = time.perf_counter()
            result = function()
            best[name] = min(best[name], time.perf_counter() - start)
            del result
    return best


def row_benchmarks(repeat: int) -> None:
    print("== rows: equispaced_row(q, N) -> list[int] vs flint.fmpz_poly([1]*q)**N ==")
    print(
        f"{'q':>4} {'N':>6} {'mesosym':>9} {'flint bare':>11} {'+coeffs()':>10} "
        f"{'+int list':>10} {'ratio: bare':>12} {'+coeffs()':>10} {'+int list':>10}"
    )
    for q, N in [(3, 20000), (10, 3000), (100, 500)]:
        assert equispaced_row(q, N) == [int(c) for c in (flint.fmpz_poly([1] * q) ** N).coeffs()]
        t = best_times(
            {
                "mesosym": lambda q=q, N=N: equispaced_row(q, N),
                "fmpz": lambda q=q, N=N: equispaced_row(q, N, integer_type="fmpz"),
                "bare": lambda q=q, N=N: flint.fmpz_poly([1] * q) ** N,
                "coeffs": lambda q=q, N=N: (flint.fmpz_poly([1] * q) ** N).coeffs(),
                "ints": lambda q=q, N=N: [int(c) for c in (flint.fmpz_poly([1] * q) ** N).coeffs()],
            },
            repeat,
        )
        print(
            f"{q:>4} {N:>6} {t['mesosym']:>8.4f}s {t['bare']:>10.4f}s {t['coeffs']:>9.4f}s "
            f"{t['ints']:>9.4f}s {t['mesosym'] / t['bare']:>12.2f} "
            f"{t['mesosym'] / t['coeffs']:>10.2f} {t['mesosym'] / t['ints']:>10.2f}"
        )
        print(
            f"{'':>4} {'':>6} fmpz rows (integer_type='fmpz'): {t['fmpz']:.4f}s, "
            f"ratio to bare flint {t['fmpz'] / t['bare']:.2f}, "
            f"to flint + coeffs() {t['fmpz'] / t['coeffs']:.2f}"
        )
    print(
        "  ratio = mesosym time / baseline time (< 1: mesosym faster); the fair baseline for\n"
        "  a list[int] result is the last column, flint power + conversion to Python ints;\n"
        "  for integer_type='fmpz' it is the bare flint power"
    )


def sympy_benchmarks(repeat: int) -> None:
    print("\n== rows vs SymPy Poly(1 + x + ... + x^(q-1))**N (levels.counting.sympy_row) ==")
    print(f"{'q':>4} {'N':>6} {'mesosym':>9} {'sympy':>9} {'ratio':>9}")
    # with flint ground types SymPy finishes the full sizes in seconds; with
    # python ground types take N ten times smaller
    python_ground = sp.polys.domains.GROUND_TYPES != "flint"
    for q, N in [(3, 20000), (10, 3000), (100, 500)]:
        N = N // 10 if python_ground else N
        assert equispaced_row(q, N) == sympy_row(q, N)
        t = best_times(
            {
                "mesosym": lambda q=q, N=N: equispaced_row(q, N),
                "fmpz": lambda q=q, N=N: equispaced_row(q, N, integer_type="fmpz"),
                "sympy": lambda q=q, N=N: sympy_row(q, N),
            },
            2,
        )
        print(
            f"{q:>4} {N:>6} {t['mesosym']:>8.4f}s {t['sympy']:>8.4f}s "
            f"{t['mesosym'] / t['sympy']:>9.3f}"
        )


def coefficient_benchmarks() -> None:
    print("\n== one coefficient: equispaced_coefficient(3, N, N), central ==")
    N = 10**4
    t = best_times(
        {
            "mesosym": lambda: equispaced_coefficient(3, N, N),
            "flint row": lambda: int((flint.fmpz_poly([1, 1, 1]) ** N)[N]),
        },
        3,
    )
    print(
        f"N = {N}: {t['mesosym']:.4f}s; flint power then pick x^N: {t['flint row']:.4f}s; "
        f"ratio {t['mesosym'] / t['flint row']:.3f}"
    )
    for N in (10**5, 10**6):
        start = time.perf_counter()
        omega = equispaced_coefficient(3, N, N)
        elapsed = time.perf_counter() - start
        print(f"N = {N}: {elapsed:.3f}s ({omega.bit_length()} bits)")


def main() -> None:
    repeat = 5
    print(
        f"python {platform.python_version()}, python-flint {flint.__version__}, "
        f"sympy {sp.__version__} (ground types {sp.polys.domains.GROUND_TYPES}), "
        f"{platform.machine()}, best of {repeat}"
    )
    row_benchmarks(repeat)
    sympy_benchmarks(repeat)
    coefficient_benchmarks()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
