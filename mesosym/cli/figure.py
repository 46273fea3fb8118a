"""``mesosym figure1``: Fig. 1 of the letter, to a file (an alias of ``mesosym plot figure1``).

``mesosym figure1 -o/--output PATH [--qs Q [Q ...]] [--points P] [--dpi D]``
    ``s(u)`` and ``beta*eps(u)`` for the given q (default 2 3 4 5 10) and
    q -> oo (:func:`mesosym.figures.figure1`), written to a ``.png``,
    ``.pdf`` or ``.svg`` file with reproducible metadata.  The Einstein solid
    q -> oo is always drawn here; ``mesosym plot figure1`` draws it only when
    ``--qs`` lists ``inf``.  See :mod:`mesosym.cli.plot`.
"""

from __future__ import annotations

import argparse
import math
from typing import Any, TextIO

from . import plot

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``figure1`` command."""
    parser = subparsers.add_parser(
        "figure1",
        help="Fig. 1 of the letter, to a file (same as `plot figure1`)",
        description="Fig. 1 of the letter",
    )
    plot.PLOTS["figure1"].arguments(parser)
    parser.set_defaults(qs=[2, 3, 4, 5, 10])
    plot.add_output(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Draw and save the figure, with q -> oo added; return 0."""
    if math.inf not in args.qs:  # q == inf compares exactly with an int of any size
        args.qs = [*args.qs, math.inf]
    args.figure = "figure1"
    return plot.run(args, out)
