"""Fixtures shared by the whole suite.

A test never asserts wall time (CI shares a loaded machine): a refusal that must come
before the work is bounded in CPU seconds of this process, with a budget far above what
the refusal costs and far below what the refused work would cost.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import mpmath
import pytest


@pytest.fixture(autouse=True)
def precision_is_scoped():
    """Library code scopes its precision (``mp.workdps``): no test leaves mp.dps changed."""
    before = mpmath.mp.prec
    yield
    after, mpmath.mp.prec = mpmath.mp.prec, before
    assert after == before, f"mp.prec left at {after} (was {before})"


#: CPU seconds a refusal or a fuzzed call may take (refusals take milliseconds; the
#: refused work would take minutes to hours).
CPU_BUDGET = 10.0


@contextlib.contextmanager
def cpu_budget(seconds: float = CPU_BUDGET, what: object = None) -> Iterator[None]:
    """Fail if the block uses more than ``seconds`` of this process's CPU time."""
    start = time.process_time()
    yield
    used = time.process_time() - start
    assert used < seconds, f"{what!r}: {used:.2f} CPU s (budget {seconds} s)"


@pytest.fixture
def quick() -> Iterator[None]:
    """The test's refusal comes before the work: bounded in CPU time, never wall time."""
    with cpu_budget():
        yield
