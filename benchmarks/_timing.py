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
