"""``mesosym check``: a hand-derived formula against mesosym's.

``mesosym check --q Q (--entropy EXPR | --beta EXPR | --saddle EXPR)``
    ``s(u)``, ``beta*eps(u)`` (both in ``u``), or the right-hand side ``u(x)``
    of the saddle-point equation (in ``x``); ``q`` may appear when Q is
    symbolic.  The text is read by :func:`mesosym.parse.parse_expression`
    (never evaluated) and compared by :func:`mesosym.checking.check_formula`,
    which holds the policy (domain, when to attempt a proof, which q to try).
    Prints the verdict: proved, refuted (with a counterexample, exit 1) or
    numerically equal.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..checking import CHECK_Q_VALUES, allowed_names, check_formula, describe
from ..derivation import Verdict
from ..errors import MesosymError
from ..parse import parse_expression
from ._common import add_q, q_label

__all__ = ["register", "run", "VALUE_OPTIONS"]

#: Options whose value may start with "-" (a formula such as ``-u*ln(u)``).
VALUE_OPTIONS = ("--entropy", "--beta", "--saddle")


def register(subparsers: Any) -> None:
    """Add the ``check`` command."""
    help_ = "check a hand-derived formula against mesosym's"
    parser = subparsers.add_parser("check", help=help_, description=help_)
    add_q(parser)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--entropy", metavar="EXPR", help="s(u), in u")
    which.add_argument("--beta", metavar="EXPR", help="beta*eps(u), in u")
    which.add_argument("--saddle", metavar="EXPR", help="u(x), the saddle equation's right side")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print the comparison; return 1 if refuted, else 0."""
    q = args.q
    quantity = next(n for n in ("saddle", "entropy", "beta") if getattr(args, n) is not None)
    option = f"--{quantity}"
    try:
        yours = parse_expression(getattr(args, quantity), allowed=allowed_names(q, quantity))
    except MesosymError as exc:
        raise type(exc)(f"argument {option}: {exc}") from None
    out.write(f"checking {describe(quantity)} for q = {q_label(q)}\n")
    out.write(f"yours:   {yours}\n")
    outcome = check_formula(q, quantity, yours)
    if outcome.sampled:
        tried = ", ".join(map(str, CHECK_Q_VALUES))
        out.write(f"mesosym: x* has no closed form for symbolic q; checking at q = {tried}\n")
        for qq, result in outcome.results:
            out.write(f"  q = {qq}: verdict: {result}\n")
        if outcome.verdict is Verdict.REFUTED:
            out.write("verdict: refuted\n")
            return 1
        out.write(f"verdict: not refuted at q = {tried} (evidence, not a proof for all q)\n")
        return 0
    out.write(f"mesosym: {outcome.reference}\n")
    out.write(f"verdict: {outcome.results[0][1]}\n")
    return 1 if outcome.verdict is Verdict.REFUTED else 0
