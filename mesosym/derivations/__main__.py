"""Print the report of every derivation: ``python -m mesosym.derivations``."""

from __future__ import annotations

import sys
import time

from . import MODULES, load


def main() -> int:
    """Run all derivations, print their reports; exit status 1 if a step fails."""
    failed = 0
    for name in MODULES:
        start = time.perf_counter()
        derivation = load(name).derive()
        elapsed = time.perf_counter() - start
        print(derivation.report())
        print(f"({name}: {elapsed:.1f} s)\n")
        failed += len(derivation.failures)
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
