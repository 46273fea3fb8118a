"""Print the report of every derivation: ``python -m derivations``."""

from __future__ import annotations

import sys
import time

from . import MODULES, load
from ._steps import report


def main() -> int:
    """Run all derivations, print their reports; exit status 1 if a step fails."""
    failed = 0
    for name in MODULES:
        module = load(name)
        start = time.perf_counter()
        steps = module.derive()
        elapsed = time.perf_counter() - start
        print(report(module.TITLE, steps))
        print(f"({name}: {elapsed:.1f} s)\n")
        failed += sum(not st.ok for st in steps)
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
