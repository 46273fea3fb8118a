"""``--cpu-scale K`` (tests/slow_machine.py) makes every CPU budget bite as on a machine K
times slower: the clocks, the workers' limits and Python subprocesses.

Run as ``python -m pytest --cpu-scale 3 tests/test_slow_machine.py`` these tests check the
scale; without the option they check that nothing is scaled.  Every comparison is between
two readings of the same processor's CPU time, so no verdict depends on the machine.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import slow_machine
from conftest import cpu_seconds

from mesosym.checking.derivation import run_bounded


def _processor_seconds() -> float:
    """This process's CPU time as the processor counts it (never scaled)."""
    return time.clock_gettime(time.CLOCK_PROCESS_CPUTIME_ID)


def _spin(seconds: float) -> float:
    """Use ``seconds`` of the processor's CPU time; return what was used."""
    start = _processor_seconds()
    while _processor_seconds() - start < seconds:
        pass
    return _processor_seconds() - start


def test_the_process_clock_counts_k_times(pytestconfig):
    k = pytestconfig.getoption("--cpu-scale")
    assert slow_machine.scale() == k
    before, processor = time.process_time(), _processor_seconds()
    used = _spin(0.05)
    after, processor = time.process_time(), _processor_seconds() - processor
    assert after - before == pytest.approx(k * processor, rel=0.05)
    assert used <= processor


def test_a_worker_is_stopped_at_its_budget_over_k():
    k, budget = slow_machine.scale(), 0.6
    # half the scaled budget finishes, twice it is stopped (a worker that would finish
    # on an idle machine whenever k > 2)
    assert run_bounded(_spin, budget / k / 2, cpu_seconds=budget)[0]
    assert run_bounded(_spin, 2 * budget / k, cpu_seconds=budget) == (False, None)


def test_a_workers_cpu_is_counted_k_times():
    k = slow_machine.scale()
    start = cpu_seconds()
    finished, used = run_bounded(_spin, 0.05, cpu_seconds=10.0)
    assert finished and cpu_seconds() - start >= 0.95 * k * used


def test_python_subprocesses_inherit_the_scale():
    k = slow_machine.scale()
    code = (
        "import time\n"
        "ratio = time.process_time() / time.clock_gettime(time.CLOCK_PROCESS_CPUTIME_ID)\n"
        "print(round(ratio, 2))\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert float(ran.stdout) == pytest.approx(k, rel=0.05)


def test_a_scale_below_one_is_refused():
    with pytest.raises(ValueError, match="CPU scale"):
        slow_machine.install(0.5)
