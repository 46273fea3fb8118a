"""Timing shared by the benchmarks: the best of several runs, garbage collected first.

Run any ``bench_*.py`` from anywhere: its folder is first on ``sys.path``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def best_time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """(best wall time over ``repeat`` runs, the last result)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def best_times_interleaved(
    functions: tuple[Callable[[], Any], ...], repeat: int
) -> list[tuple[float, Any]]:
    """(best wall time, last result) of each function, the runs taken in turn.

    On a loaded machine the load drifts: timing A k times then B k times biases
    their ratio, taking A, B, A, B, ... does not.
    """
    best = [float("inf")] * len(functions)
    results: list[Any] = [None] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            gc.collect()
            start = time.perf_counter()
            results[index] = function()
            best[index] = min(best[index], time.perf_counter() - start)
    return list(zip(best, results, strict=True))


#: the columns of :func:`ratio_row`, after the caller's own
RATIO_HEADER = f"{'what':>5} {'mesosym s':>10} {'script s':>9} {'ratio':>7} {'|diff|':>9}"


def ratio_row(what: str, ours: Callable[[], Any], theirs: Callable[[], Any], repeat: int) -> str:
    """One row against the user's script: both timed, ratio = mesosym / script, |difference|."""
    (tm, a), (ts, b) = best_times_interleaved((ours, theirs), repeat)
    return f"{what:>5} {tm:10.5f} {ts:9.5f} {tm / ts:7.2f} {float(abs(a - b)):9.1e}"
