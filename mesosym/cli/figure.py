"""``mesosym figure1``: Fig. 1 of the letter, to a file.

``mesosym figure1 --out PATH [--qs Q [Q ...]]``
    ``s(u)`` and ``beta*eps(u)`` for the given q (default 2 3 4 5 10) and
    q -> oo (:func:`mesosym.figures.figure1`), written to a ``.png``,
    ``.pdf`` or ``.svg`` file with reproducible metadata.  A path that cannot
    be written (a missing folder, a directory, no permission) is refused
    before anything is drawn.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ._common import integer

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``figure1`` command."""
    parser = subparsers.add_parser(
        "figure1", help="Fig. 1 of the letter, to a file", description="Fig. 1 of the letter"
    )
    parser.add_argument("--out", required=True, help="output file: .png, .pdf or .svg")
    parser.add_argument(
        "--qs",
        type=integer("q", 2),
        nargs="+",
        default=[2, 3, 4, 5, 10],
        help="finite q to draw (q -> oo is always drawn)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Draw and save the figure; return 0."""
    from .. import figures  # matplotlib only for this command

    figures.check_path(args.out, "argument --out")
    fig = figures.figure1(qs=tuple(args.qs))
    path = figures.save(fig, args.out)
    out.write(
        f"Fig. 1 (s and beta*eps against u for q = {', '.join(map(str, args.qs))}, "
        f"and q -> oo) written to {path}\n"
    )
    return 0
