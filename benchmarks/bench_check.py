"""Time ``check_formula`` and ``mesosym check`` against the obvious baseline, in the same run.

Two tables, both in CPU seconds (this process and the proof workers it waits for:
a loaded machine stretches wall time, not CPU time):

* **In the library.**  The baseline is the script a user would write: SymPy's
  ``simplify`` on the difference (no size or time limit, stopped here at
  :data:`BASELINE_CAP` CPU seconds), then ``sympy.N(expr.subs(point), 50)`` at 24
  random points.  mesosym's checker climbs a budgeted ladder in a CPU-limited
  worker, confirms any numeric disagreement at a precision fit for the terms,
  and evaluates lambdified mpmath code.  Rows include the issues' hostile claims
  (cancellation of 10^176, a constant 1e-60, ``(sin^2 + cos^2)^10000``).
* **A one-line claim from the shell.**  ``mesosym check --q 2 --entropy ...`` as
  a fresh process, against ``python -c`` running ``sympy.simplify(lhs - rhs) == 0``
  on the same claim (its import of SymPy included).  The target is well under 2 s.

Each row prints both times, the ratio and both verdicts.

Run:  python benchmarks/bench_check.py
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.core.cache import clear_cache

from mesosym import EquispacedLevels
from mesosym.checking.derivation import run_bounded
from mesosym.checking.formulas import _with_root, check_formula, domain, reference
from mesosym.symbols import u, x

#: CPU seconds the baseline's unbounded simplify is allowed here (it took 287 s on q = 7).
BASELINE_CAP = 60.0


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _cases() -> list[tuple[str, int | sp.Expr, str, sp.Expr]]:
    s2 = -u * sp.log(u) - (1 - u) * sp.log(1 - u)
    l7 = EquispacedLevels(7)
    cancelling = (1 + u) ** 1000 - (1 + 2 * u + u**2) ** 500  # 0, terms of 10^176
    pythagoras = (sp.sin(u) ** 2 + sp.cos(u) ** 2) ** 10000 - 1  # 0; cancel took 33 s
    return [
        ("q=2 entropy, eq. (22)", 2, "entropy", s2),
        ("q=2 entropy + ln 2", 2, "entropy", s2 + sp.log(2)),
        ("q=2 entropy + 1e-60", 2, "entropy", s2 + sp.Rational(1, 10**60)),
        ("q=2 + (1+u)^1000 - (1+2u+u^2)^500", 2, "entropy", s2 + cancelling),
        ("q=2 + (sin^2+cos^2)^10000 - 1", 2, "entropy", s2 + pythagoras),
        (
            "q=5 entropy via x*, eq. (19)",
            5,
            "entropy",
            sp.log(sum(x**k for k in range(5))) - u * sp.log(x),
        ),
        ("q=7 beta = ds/du", 7, "beta", sp.diff(l7.entropy(implicit=True), u)),
        ("q=4 beta = -ln(radical)", 4, "beta", -sp.log(EquispacedLevels(4).saddle_point())),
    ]


def _baseline(q: int | sp.Expr, quantity: str, claim: sp.Expr) -> str:
    levels = EquispacedLevels(q)
    ours, _ = reference(levels, quantity)
    claim = _with_root(levels, claim, quantity)
    finished, proved = run_bounded(lambda: sp.simplify(claim - ours) == 0, cpu_seconds=BASELINE_CAP)
    if not finished:
        return "stopped"
    if proved:
        return "proved"
    ((lo, hi),) = domain(q, quantity).values()
    rng = random.Random(2024)
    for _ in range(24):
        point = {u: sp.Rational(lo) + (hi - lo) * sp.Rational(rng.randint(1, 999999), 10**6)}
        if abs(sp.N((claim - ours).subs(point), 50)) > 1e-25:
            return "refuted"
    return "numeric"


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    clear_cache()
    start = _cpu()
    result = work()
    return _cpu() - start, result


#: One-line claims for the shell, and the SymPy the user would write for each.
SHELL = [
    ("eq. (22) as typed", "-u*ln(u)-(1-u)*ln(1-u)", "-u*sp.log(u)-(1-u)*sp.log(1-u)"),
    ("eq. (22) rewritten", "ln(1/(1-u)) - u*ln(u/(1-u))", "sp.log(1/(1-u)) - u*sp.log(u/(1-u))"),
    ("eq. (22) + ln 2", "-u*ln(u)-(1-u)*ln(1-u)+ln(2)", "-u*sp.log(u)-(1-u)*sp.log(1-u)+sp.log(2)"),
]


def _shell(argv: list[str]) -> tuple[float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    print(f"{'claim (CPU s)':38s} {'mesosym':>9s} {'baseline':>9s} {'ratio':>7s}  verdicts")
    for label, q, quantity, claim in _cases():
        base, base_verdict = _timed(lambda: _baseline(q, quantity, claim))  # noqa: B023
        ours, outcome = _timed(lambda: check_formula(q, quantity, claim))  # noqa: B023
        verdict = outcome.verdict.name.lower()
        print(
            f"{label:38s} {ours:8.2f}s {base:8.2f}s {ours / base:7.3f}  {verdict} / {base_verdict}"
        )
    print()
    print(
        f"{'mesosym check --q 2 --entropy (CPU s)':38s} {'mesosym':>9s} {'sympy':>9s} {'ratio':>7s}"
    )
    reference_ = "-u*sp.log(u)-(1-u)*sp.log(1-u)"
    for label, claim, sympy_claim in SHELL:
        ours, line = _shell(
            [sys.executable, "-m", "mesosym", "check", "--q", "2", "--entropy", claim]
        )
        script = (
            "import sympy as sp; u = sp.Symbol('u', positive=True); "
            f"print(sp.simplify(({sympy_claim}) - ({reference_})) == 0)"
        )
        base, _ = _shell([sys.executable, "-c", script])
        print(f"{label:38s} {ours:8.2f}s {base:8.2f}s {ours / base:7.3f}  {line[:60]}")


if __name__ == "__main__":
    main()
