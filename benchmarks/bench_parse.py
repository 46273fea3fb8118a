"""Time the readers of user text against SymPy's own parsers, measured in the same run.

For each typical claim (the letter's eqs. (22)-(30) in LaTeX and plain text)
it prints the best time of :func:`mesosym.checking.parse_latex.parse_latex` and
:func:`mesosym.checking.claims.parse_claim` against SymPy's Lark LaTeX parser
(``sympy.parsing.latex.parse_latex(..., backend="lark")``, the obvious
baseline, which is not safe to use: it misreads eq. (22)), and
:func:`mesosym.checking.parse.parse_expression` against ``sympy.parse_expr`` (which
evaluates text, so is no option either), with the ratios; then the time to
refuse hostile inputs (each budget).

Run:  python benchmarks/bench_parse.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.parsing.latex import parse_latex as sympy_parse_latex

from mesosym.checking.claims import parse_claim
from mesosym.checking.parse import parse_expression
from mesosym.checking.parse_latex import parse_latex
from mesosym.errors import ParseError

LATEX = {
    "22": r"-u\ln u-(1-u)\ln(1-u)",
    "25": r"\frac{(u-1)+\sqrt{1+6u-3u^2}}{2(2-u)}",
    "29": r"(1+u)\ln(1+u) - u\ln u",
    "30": r"\ln\left(\frac{1+u}{u}\right)",
}
TEXT = {
    "22": "-u*ln(u) - (1 - u)*ln(1 - u)",
    "25": "((u - 1) + sqrt(1 + 6*u - 3*u**2))/(2*(2 - u))",
    "29": "(1 + u)*log(1 + u) - u*log(u)",
    "30": "log((1 + u)/u)",
}
HOSTILE = {
    "1e1000000000": parse_expression,
    "u**(10**100)": parse_expression,
    "factorial(10**12*u)": parse_expression,
    "exp(exp(exp(exp(10*u))))": parse_expression,
    "(" * 400 + "u" + ")" * 400: parse_latex,
    "x^{10^{100}}": parse_latex,
    r"\input{/etc/passwd}": parse_latex,
}


def best(function: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``function`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sympy_parse_latex(LATEX["22"], backend="lark")  # load the grammar once, outside the timing
    print(
        f"{'eq':>3} {'parse_latex':>12} {'parse_claim':>12} {'sympy lark':>12} {'ratio':>6}"
        f" {'parse_expression':>17} {'sympy.parse_expr':>17} {'ratio':>6}  sympy lark reads"
    )
    for eq, tex in LATEX.items():
        ours = best(lambda tex=tex: parse_latex(tex), args.repeat)
        claim = best(lambda tex=tex: parse_claim("s = " + tex), args.repeat)
        text = TEXT[eq]
        safe = best(lambda text=text: parse_expression(text), args.repeat)
        unsafe = best(lambda text=text: sp.parse_expr(text, local_dict={"ln": sp.log}), args.repeat)
        try:
            theirs = sympy_parse_latex(tex, backend="lark")
        except Exception as exc:  # the baseline's own failure, reported
            lark_time, ratio, verdict = "refuses", "-", type(exc).__name__
        else:
            lark = best(lambda tex=tex: sympy_parse_latex(tex, backend="lark"), args.repeat)
            lark_time, ratio = f"{lark * 1e3:.2f}ms", f"{ours / lark:.4f}"
            positive = theirs.subs(sp.Symbol("u"), sp.Symbol("u", positive=True))
            verdict = "right" if sp.simplify(positive - parse_latex(tex)) == 0 else "WRONG"
        print(
            f"{eq:>3} {ours * 1e3:10.2f}ms {claim * 1e3:10.2f}ms {lark_time:>12} {ratio:>6} "
            f"{safe * 1e3:15.2f}ms {unsafe * 1e3:15.2f}ms {safe / unsafe:6.2f}  {verdict}"
        )
    print("\nrefusals (each budget), best time:")
    for text, reader in HOSTILE.items():

        def refuse(text: str = text, reader: Callable[[str], Any] = reader) -> None:
            try:
                reader(text)
            except ParseError:
                return
            raise AssertionError(f"{text!r} was not refused")

        print(f"  {text[:32]:<34} {best(refuse, args.repeat) * 1e3:8.2f}ms")


if __name__ == "__main__":
    main()
