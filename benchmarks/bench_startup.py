"""Time the numeric commands from start to answer, against the bare interpreter and SymPy.

Each command runs in a fresh interpreter (``python -m mesosym ...``), as a user
types it; the baselines, measured in the same run and interleaved with it, are
``python -c pass`` (the floor) and ``python -c "import sympy"`` (what every
command paid before the command modules were imported lazily).  The target of
issue 11 is under 0.3 s for ``evaluate``, ``count`` and ``mesoscopic``.  Each time is the
median of interleaved repetitions, to be robust to other load on the machine.

Run:  python benchmarks/bench_startup.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COMMANDS = {
    "evaluate --q 3 --u 0.5": ["-m", "mesosym", "evaluate", "--q", "3", "--u", "0.5"],
    "evaluate --q 3 --u 0.5 --digits 30": [
        "-m",
        "mesosym",
        "evaluate",
        "--q",
        "3",
        "--u",
        "0.5",
        "--digits",
        "30",
    ],  # fmt: skip
    "count --q 3 --N 100 --M 100": [
        "-m",
        "mesosym",
        "count",
        "--q",
        "3",
        "--N",
        "100",
        "--M",
        "100",
    ],
    "count --q 3 --N 100": ["-m", "mesosym", "count", "--q", "3", "--N", "100"],
    "formulas --q 3 (needs SymPy)": ["-m", "mesosym", "formulas", "--q", "3"],
    "mesoscopic ising --sites 12 --cells 3": [
        "-m",
        "mesosym",
        "mesoscopic",
        "ising",
        "--sites",
        "12",
        "--cells",
        "3",
    ],  # fmt: skip
    "mesoscopic lattice-gas --sites 16 --cells 2 --particles 8": [
        "-m",
        "mesosym",
        "mesoscopic",
        "lattice-gas",
        "--sites",
        "16",
        "--cells",
        "2",
        "--particles",
        "8",
    ],  # fmt: skip
}
BASELINES = {"python -c pass": ["-c", "pass"], "import sympy": ["-c", "import sympy"]}


def main(repeat: int = 11) -> None:
    runs = {**BASELINES, **COMMANDS}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, argv in runs.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, *argv], stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    floor = statistics.median(times["python -c pass"])
    sympy = statistics.median(times["import sympy"])
    print(f"median of {repeat} runs; floor python -c pass = {floor:.3f} s")
    print(f"{'command':58s} {'median s':>9s} {'/ import sympy':>15s}")
    for name in runs:
        median = statistics.median(times[name])
        print(f"{name:58s} {median:9.3f} {median / sympy:15.2f}")


if __name__ == "__main__":
    main()
