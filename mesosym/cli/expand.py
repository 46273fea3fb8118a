r"""``mesosym expand``: the 1/N expansion of ``ln Omega``.

``mesosym expand --q Q --order K [--format text|latex] [--standalone] [-o FILE]``
    :func:`mesosym.levels.asymptotics.asymptotic_expansion` to ``N^-K``; K <= 6 for
    symbolic Q, K <= 12 otherwise (larger orders would not finish).  ``latex``
    writes an ``align*`` block: the expansion in named terms, then each term
    (``s``, the Gaussian term ``g``, the corrections ``c_k`` and the saddle
    equation that defines ``x``) on rows of its own, broken to fit a page
    (:func:`mesosym.latex.broken_rows`), every logarithm as ``\ln``;
    ``--standalone`` makes it an article that compiles with pdflatex
    (:func:`mesosym.latex.article`).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

import sympy as sp

from .. import symbols
from ..budget import short
from ..errors import DomainError
from ..latex import align_rows, article, broken_rows
from ..levels.asymptotics import asymptotic_expansion, require_expansion
from ..levels.spectrum import EquispacedLevels
from ._common import add_output, add_q, integer, q_label

__all__ = ["register", "run", "expansion_latex", "MAX_ORDER", "MAX_ORDER_SYMBOLIC"]

#: Largest ``--order`` for symbolic and for concrete q.
MAX_ORDER_SYMBOLIC = 6
MAX_ORDER = 12


def register(subparsers: Any) -> None:
    """Add the ``expand`` command."""
    help_ = "the 1/N expansion of ln Omega"
    parser = subparsers.add_parser("expand", help=help_, description=help_)
    add_q(parser)
    parser.add_argument(
        "--order", type=integer("order", 0), required=True, help="number of 1/N corrections K"
    )
    parser.add_argument("--format", choices=("text", "latex"), default="text")
    parser.add_argument(
        "--standalone", action="store_true", help="with --format latex: a complete article"
    )
    add_output(parser, "the expansion")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print the expansion; return 0."""
    q, K = args.q, args.order
    if args.standalone and args.format != "latex":
        raise DomainError("argument --standalone: needs --format latex")
    symbolic = isinstance(q, sp.Symbol)
    limit = MAX_ORDER_SYMBOLIC if symbolic else MAX_ORDER
    if K > limit:
        kind = "symbolic" if symbolic else "concrete"
        raise DomainError(
            f"argument --order: order must be <= {limit} for {kind} q; got {short(K)}"
        )
    if q is sp.oo:
        raise DomainError(
            "argument --q: the 1/N expansion needs a finite q (an integer >= 2 or q); got inf"
        )
    if not symbolic:  # before sp.cancel writes out q terms
        require_expansion(q - 1, K)
    levels = EquispacedLevels(q)
    P = levels.polynomial if symbolic else sp.cancel(levels.polynomial)
    expansion = asymptotic_expansion(P, K)
    if args.format == "latex":
        block = expansion_latex(expansion)
        if args.standalone:
            q_text = "q" if symbolic else f"q = {q}"
            title = (
                rf"The $1/N$ expansion of $\ln \Omega$, $K = {K}$ corrections, ${q_text}$ levels"
            )
            block = article(block, section=title)
        out.write(block)
        return 0
    out.write(
        f"ln Omega_{q_label(q)}(N, u N) = leading + gaussian + sum_(k=1..{K}) c_k / N**k "
        f"+ O(N**-{K + 1})\n"
    )
    out.write(f"where x = x*(u) solves   {sp.sstr(expansion.saddle.lhs)} = ")
    out.write(f"{sp.sstr(expansion.saddle.rhs)}\n")
    out.write(f"leading   = {expansion.leading}\n")
    out.write(f"gaussian  = {expansion.gaussian}\n")
    for k, c in enumerate(expansion.corrections, start=1):
        out.write(f"c_{k}".ljust(10) + f"= {c}\n")
    return 0


def expansion_latex(expansion: Any) -> str:
    r"""Return the expansion as an ``align*`` block whose every row fits a page.

    >>> from mesosym.symbols import x
    >>> print(expansion_latex(asymptotic_expansion(1 + x, 1)).splitlines()[1])
      \ln \Omega\left(N, u N\right) &= N s + g + \frac{c_{1}}{N} + O\left(N^{-2}\right) \notag \\
    """
    N = symbols.N
    s, g = sp.Symbol("s"), sp.Symbol("g")
    cs = [sp.Symbol(f"c_{{{k}}}") for k in range(1, expansion.K + 1)]
    head = "N s + g"
    for k in range(1, expansion.K + 1):
        power = "N" if k == 1 else f"N^{{{k}}}"
        head += rf" + \frac{{c_{{{k}}}}}{{{power}}}"
    rows = [(r"\ln \Omega\left(N, u N\right)", rf"{head} + O\left(N^{{-{expansion.K + 1}}}\right)")]
    parts = [(s, sp.expand(expansion.leading / N)), (g, expansion.gaussian)]
    parts += list(zip(cs, expansion.corrections, strict=True))
    parts.append((expansion.saddle.lhs, expansion.saddle.rhs))
    letters = iter("ABCDEFGHIJKLMOPRSTUVW")
    for lhs, rhs in parts:
        rows += broken_rows(lhs, rhs, letter=next(letters))
    lines = align_rows(rows, r"\notag")
    lines[1] = lines[1].replace("  s &=", r"  \text{where } s &=", 1)
    return "\n".join([r"\begin{align*}", *lines, r"\end{align*}", ""])
