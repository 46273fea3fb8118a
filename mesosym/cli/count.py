"""``mesosym count``: exact multiplicities.

``mesosym count --q Q --N N [--M M] [--max-bytes B] [--format text|json] [-o FILE]``
    The exact multiplicity ``Omega_Q(N, M)``, or the whole row
    ``M = 0..N(Q-1)`` without ``--M`` (rows above ``--max-bytes``, default
    :data:`ROW_LIMIT_BYTES`, are refused before any work; the limit can be
    raised up to :data:`mesosym.budget.MEMORY_LIMIT_BYTES`).

JSON: ``q`` (str), ``N`` (int), ``M`` (int or null); ``omega`` (decimal
string) with ``--M``, else ``row`` (list of decimal strings, index M).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .. import budget
from ..budget import short
from ..errors import DomainError, RowTooLargeError
from ..levels.counting import equispaced_coefficient, equispaced_row
from ._common import add_output, add_q, emit_json, int_text, integer, q_label, table

__all__ = ["register", "run", "ROW_LIMIT_BYTES"]

#: Largest row, in estimated bytes, that ``mesosym count`` prints.
ROW_LIMIT_BYTES = 64 * 2**20


def register(subparsers: Any) -> None:
    """Add the ``count`` command."""
    help_ = "exact multiplicity Omega_q(N, M), or the whole row"
    parser = subparsers.add_parser("count", help=help_, description=help_)
    add_q(parser)
    parser.add_argument("--N", type=integer("N", 0), required=True, help="number of particles")
    parser.add_argument("--M", type=integer("M", None), default=None, help="total energy quanta")
    parser.add_argument(
        "--max-bytes",
        type=integer("max-bytes", 1),
        default=ROW_LIMIT_BYTES,
        help=f"largest row to compute, in estimated bytes (default {ROW_LIMIT_BYTES}; "
        f"at most {budget.MEMORY_LIMIT_BYTES})",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_output(parser, "the count")
    parser.set_defaults(handler=run)


def _json_int(n: int) -> int | str:
    """``n`` as a JSON number, or as a decimal string beyond what ``json`` can print."""
    return n if abs(n).bit_length() < 10_000 else int_text(n)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print one coefficient or a row; return 0."""
    q, N = args.q, args.N
    if args.M is not None:
        if isinstance(q, int):  # straight to the counting layer: no SymPy
            omega = equispaced_coefficient(q, N, args.M)
        else:
            from ..levels.spectrum import EquispacedLevels

            omega = EquispacedLevels(q).multiplicity(N, args.M)
        if args.format == "json":
            emit_json(
                {
                    "q": q_label(q),
                    "N": _json_int(N),
                    "M": _json_int(args.M),
                    "omega": int_text(omega),
                },
                out,
            )
        else:
            out.write(f"Omega_{q_label(q)}(N={int_text(N)}, M={int_text(args.M)}) = ")
            out.write(f"{int_text(omega)}\n")
        return 0
    if not isinstance(q, int):
        raise DomainError(
            f"argument --M: a whole row needs a concrete integer q; q = {q_label(q)} needs --M"
        )
    if args.max_bytes > budget.MEMORY_LIMIT_BYTES:
        raise DomainError(
            f"argument --max-bytes: at most {budget.MEMORY_LIMIT_BYTES} (the memory budget); "
            f"got {short(args.max_bytes)}"
        )
    try:
        row = equispaced_row(q, N, max_bytes=args.max_bytes)
    except RowTooLargeError as exc:
        hint = (
            f"; raise it with --max-bytes (up to {budget.MEMORY_LIMIT_BYTES}), or give --M"
            if args.max_bytes < budget.MEMORY_LIMIT_BYTES
            else "; give --M for one coefficient"
        )
        raise RowTooLargeError(f"{exc}{hint}") from None
    if args.format == "json":
        emit_json({"q": q_label(q), "N": N, "M": None, "row": [int_text(c) for c in row]}, out)
        return 0
    out.write(f"Omega_{q}({N}, M) for M = 0..{len(row) - 1} (the row sums to {q}**{N} = ")
    out.write(f"{int_text(q**N)}):\n")
    table([["M", "Omega"]] + [[str(m), int_text(c)] for m, c in enumerate(row)], out)
    return 0
