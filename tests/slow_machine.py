"""A machine ``K`` times slower, simulated: every CPU second is counted ``K`` times.

CI shares a loaded machine, where a proof that takes 5 CPU s idle can take more than
10. ``python -m pytest --cpu-scale K`` (tests/conftest.py) calls :func:`install` before
the tests run: from then on

- ``time.process_time`` and ``resource.getrusage`` (this process's and its waited-for
  workers' CPU time) count ``K`` times what the processor did, so the in-process
  deadlines of the checker and the suite's ``cpu_budget`` see ``K`` times the CPU;
- ``signal.setitimer(ITIMER_PROF, s)`` fires after ``s / K`` CPU seconds, so a worker
  stopped at ``cpu_seconds`` (mesosym.checking.derivation.run_bounded: the proof
  budgets, ``EVALUATION_SECONDS``) gets ``K`` times less work done.

Every budget the library measures (named constants, defaults bound at import, budgets
a test passes explicitly) is hit as it would be on the slow machine, and nothing of the
library is changed.  Estimated costs (``mesosym.budget.require`` against
``TIME_LIMIT_SECONDS``) are models, not measurements: they do not change with the
machine and are not scaled.

Python subprocesses started by the suite (the command line, the notebooks' kernel)
inherit the scale through the environment of :func:`inherit`: a ``sitecustomize`` first
on their ``PYTHONPATH`` installs it again from the variable :data:`ENVIRONMENT`.
"""

from __future__ import annotations

import os
import resource
import signal
import time
from pathlib import Path
from typing import Any

__all__ = ["ENVIRONMENT", "install", "uninstall", "scale", "inherit"]

#: The environment variable that carries the scale into Python subprocesses (tests only).
ENVIRONMENT = "MESOSYM_TEST_CPU_SCALE"

_REAL = {
    "process_time": time.process_time,
    "getrusage": resource.getrusage,
    "setitimer": signal.setitimer,
}
_installed: list[float] = []


def scale() -> float:
    """The scale installed in this process (1 when none)."""
    return _installed[-1] if _installed else 1.0


def install(factor: float) -> None:
    """Count every CPU second of this process and its workers ``factor`` times.

    ``factor = 1`` changes nothing.
    """
    if not factor >= 1:
        raise ValueError(f"the CPU scale must be a number >= 1; got {factor!r}")
    if _installed:
        raise ValueError(f"a CPU scale of {_installed[-1]} is already installed")
    if factor == 1:
        return
    _installed.append(factor)

    def process_time() -> float:
        return factor * _REAL["process_time"]()

    def getrusage(who: int) -> Any:
        used = list(_REAL["getrusage"](who))
        used[0] *= factor  # ru_utime
        used[1] *= factor  # ru_stime
        return resource.struct_rusage(used)

    def setitimer(which: int, seconds: float, interval: float = 0.0) -> Any:
        if which == signal.ITIMER_PROF:
            seconds, interval = seconds / factor, interval / factor
        return _REAL["setitimer"](which, seconds, interval)

    time.process_time = process_time
    resource.getrusage = getrusage  # type: ignore[assignment]
    signal.setitimer = setitimer


def uninstall() -> None:
    """Count CPU seconds as the processor does again (this process only)."""
    time.process_time = _REAL["process_time"]
    resource.getrusage = _REAL["getrusage"]  # type: ignore[assignment]
    signal.setitimer = _REAL["setitimer"]
    _installed.clear()


def inherit(directory: Path) -> dict[str, str]:
    """Environment under which Python subprocesses install :func:`scale` too.

    Writes a ``sitecustomize.py`` into ``directory`` (put first on ``PYTHONPATH``) that
    installs the scale held in :data:`ENVIRONMENT` at interpreter start-up.
    """
    here = Path(__file__).resolve()
    (directory / "sitecustomize.py").write_text(
        "import importlib.util, os\n"
        f"_spec = importlib.util.spec_from_file_location('_slow_machine', {str(here)!r})\n"
        "_module = importlib.util.module_from_spec(_spec)\n"
        "_spec.loader.exec_module(_module)\n"
        f"_module.install(float(os.environ[{ENVIRONMENT!r}]))\n",
        encoding="utf-8",
    )
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {ENVIRONMENT: repr(scale()), "PYTHONPATH": os.pathsep.join([str(directory), *paths])}
