"""Run every benchmark in this folder, one after the other, and print their reports.

Each script measures its own baselines in the same run and prints ratios
(mesosym time / baseline time) and worst errors; quote this output in notes.

Run:  python benchmarks/run_all.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n######## {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script)])
    return status


if __name__ == "__main__":
    raise SystemExit(main())
