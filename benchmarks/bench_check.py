"""Time ``check_formula`` on typical claims against the obvious baseline, measured in the same run.

The baseline is what the checker did before its proof attempts were
budgeted: SymPy's ``simplify`` on the difference (no size or time limit), then
``sympy.N(expr.subs(point), 50)`` at 24 random points.  mesosym's checker
climbs a budgeted ladder (cancel, expand_log, simplify on small expressions,
the implicit root x*(u) as the variable) and evaluates lambdified mpmath
code.  Each row prints both times, the ratio and both verdicts; the target is
under 2 s per check.

Run:  python benchmarks/bench_check.py
"""

from __future__ import annotations

import argparse
import random
import time

import sympy as sp
from sympy.core.cache import clear_cache

from mesosym import EquispacedLevels
from mesosym.checking.formulas import _with_root, check_formula, domain, reference
from mesosym.symbols import u, x


def _cases() -> list[tuple[str, int | sp.Expr, str, sp.Expr]]:
    s2 = -u * sp.log(u) - (1 - u) * sp.log(1 - u)
    l7 = EquispacedLevels(7)
    return [
        ("q=2 entropy, eq. (22)", 2, "entropy", s2),
        ("q=2 entropy + ln 2", 2, "entropy", s2 + sp.log(2)),
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
    if sp.simplify(claim - ours) == 0:
        return "proved"
    ((lo, hi),) = domain(q, quantity).values()
    rng = random.Random(2024)
    for _ in range(24):
        point = {u: sp.Rational(lo) + (hi - lo) * sp.Rational(rng.randint(1, 999999), 10**6)}
        if abs(sp.N((claim - ours).subs(point), 50)) > 1e-25:
            return "refuted"
    return "numeric"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    print(f"{'claim':34s} {'mesosym':>9s} {'baseline':>9s} {'ratio':>7s}  verdicts")
    for label, q, quantity, claim in _cases():
        clear_cache()
        t0 = time.perf_counter()
        base_verdict = _baseline(q, quantity, claim)
        base = time.perf_counter() - t0
        clear_cache()
        t0 = time.perf_counter()
        verdict = check_formula(q, quantity, claim).verdict.name.lower()
        ours = time.perf_counter() - t0
        print(
            f"{label:34s} {ours:8.2f}s {base:8.2f}s {ours / base:7.3f}  {verdict} / {base_verdict}"
        )


if __name__ == "__main__":
    main()
