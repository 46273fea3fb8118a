"""``mesosym formulas``: the letter's equations for one q, with its equation numbers.

``mesosym formulas --q Q [--format text|latex|json] [--standalone] [-o FILE]``
    The generating function (10), the saddle-point equation (18)/(24), ``x*``
    (25)/(28), the entropy (19)/(22)/(26)/(29), ``beta*eps``
    (20)/(23)/(27)/(30) and ``u*`` (21).  For Q >= 6 (and symbolic Q) ``x*``
    has no closed form: the text output says so and shows the condition that
    defines it.  ``latex`` prints the tagged ``align`` block, long closed forms
(q = 4, 5) broken across lines with named auxiliary quantities;
``--standalone`` makes it an article that compiles with pdflatex; ``-o``
writes to a file.

JSON: ``q`` (str), ``equations``: a list of objects with ``number`` (the tag,
e.g. ``"18, 24"``; ``""`` when the letter does not number it), ``numbers``
(list of str), ``name`` (``generating_function``, ``saddle_equation``,
``saddle_point``, ``entropy``, ``inverse_temperature``, ``u_star``),
``title``, ``implicit`` (bool), ``lhs`` and ``rhs`` (SymPy ``str``),
``sympy`` (``"lhs = rhs"``) and ``latex`` (``lhs = rhs`` in LaTeX).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

import sympy as sp

from ..errors import DomainError
from ..levels.equations import document, letter_equations
from ..levels.spectrum import EquispacedLevels
from ._common import add_q, deliver, emit_json, q_label

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``formulas`` command."""
    help_ = "the letter's equations for q, with its equation numbers"
    parser = subparsers.add_parser("formulas", help=help_, description=help_)
    add_q(parser)
    parser.add_argument("--format", choices=("text", "latex", "json"), default="text")
    parser.add_argument(
        "--standalone", action="store_true", help="with --format latex: a complete article"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print the equations; return 0."""
    levels = EquispacedLevels(args.q)
    if args.standalone and args.format != "latex":
        raise DomainError("argument --standalone: needs --format latex")
    if args.format == "latex":
        deliver(document(levels, standalone=args.standalone), args.output, out, "LaTeX")
        return 0
    if args.output is not None:
        raise DomainError("argument -o: writes LaTeX only; add --format latex")
    equations = letter_equations(levels)
    if args.format == "json":
        emit_json(
            {
                "q": q_label(args.q),
                "equations": [
                    {
                        "number": eq.number,
                        "numbers": list(eq.numbers),
                        "name": eq.name,
                        "title": eq.title,
                        "implicit": eq.implicit,
                        "lhs": sp.sstr(eq.lhs),
                        "rhs": sp.sstr(eq.rhs),
                        "sympy": str(eq),
                        "latex": eq.latex(),
                    }
                    for eq in equations
                ],
            },
            out,
        )
        return 0
    out.write(f"Equispaced levels, q = {q_label(args.q)}: the letter's equations\n")
    labels = [f"({eq.number})" if eq.numbers else "(--)" for eq in equations]
    width = max(map(len, labels))
    for label, eq in zip(labels, equations, strict=True):
        out.write(f"{label.ljust(width)}  {eq}\n")
        if eq.implicit:
            out.write(
                f"{' ' * width}  [x* is implicit: the positive root of this condition, "
                "eq. (18); no closed form]\n"
            )
        elif not eq.numbers:
            out.write(f"{' ' * width}  [derived by mesosym; not numbered in the letter]\n")
    return 0
