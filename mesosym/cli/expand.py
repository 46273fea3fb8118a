"""``mesosym expand``: the 1/N expansion of ``ln Omega``.

``mesosym expand --q Q --order K [--format text|latex]``
    :func:`mesosym.asymptotics.asymptotic_expansion` to ``N^-K``; K <= 6 for
    symbolic Q, K <= 12 otherwise (larger orders would not finish).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

import sympy as sp

from ..asymptotics import asymptotic_expansion, require_expansion
from ..errors import DomainError
from ..latex import latex
from ..spectrum import EquispacedLevels
from ._common import add_q, integer, q_label

__all__ = ["register", "run", "MAX_ORDER", "MAX_ORDER_SYMBOLIC"]

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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print the expansion; return 0."""
    q, K = args.q, args.order
    symbolic = isinstance(q, sp.Symbol)
    limit = MAX_ORDER_SYMBOLIC if symbolic else MAX_ORDER
    if K > limit:
        kind = "symbolic" if symbolic else "concrete"
        raise DomainError(f"argument --order: order must be <= {limit} for {kind} q; got {K}")
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
        out.write(latex(expansion) + "\n")
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
