"""What the command modules share: argument types, the ``--q`` option, output helpers.

Argument types raise :class:`argparse.ArgumentTypeError` (argparse turns it
into a usage error, exit 2); everything else reports through
:class:`~mesosym.errors.MesosymError`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, NamedTuple, TextIO

from ..budget import short
from ..errors import BudgetError, DomainError, MesosymError
from ..output import write_text
from ..validation import as_fraction, check_count, check_q, is_infinite

__all__ = [
    "q_arg",
    "integer",
    "Energy",
    "energy_arg",
    "add_q",
    "q_label",
    "int_text",
    "read_int",
    "emit_json",
    "table",
    "deliver",
    "add_output",
    "q_phrase",
]

Q_HELP = "number of levels: an integer >= 2, 'q' (symbolic) or 'inf'"


def q_arg(text: str) -> Any:
    """Read ``--q``: an integer >= 2, ``q`` or ``inf``/``oo``.

    >>> q_arg("inf"), q_arg("q"), q_arg("3")
    (oo, q, 3)
    """
    word = text.strip()
    if word == "q":  # SymPy only when a symbol is asked for
        from .. import symbols

        return symbols.q
    if word.lower() in ("inf", "oo", "infinity", "+inf"):
        import sympy

        return sympy.oo
    try:
        value = read_int(word)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"q must be an integer >= 2, 'q' (symbolic) or 'inf'; got {short(text)}"
        ) from None
    try:
        return check_q(value)
    except DomainError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


#: Most decimal digits an integer argument may have.
MAX_INT_DIGITS = 10_000


def read_int(text: str) -> int:
    """Read a decimal integer of up to :data:`MAX_INT_DIGITS` digits.

    Python's ``int`` refuses more than 4300 digits; flint reads them.

    >>> read_int(" 42 "), read_int("1" + "0" * 5000) == 10**5000
    (42, True)
    """
    word = text.strip().replace("_", "")
    body = word[1:] if word[:1] in "+-" else word
    if not body.isdigit() or not body.isascii() or len(body) > MAX_INT_DIGITS:
        raise ValueError(text)
    if len(body) <= 4000:
        return int(word)
    import flint

    return int(flint.fmpz(word))


def integer(name: str, minimum: int | None) -> Callable[[str], int]:
    """An argument type reading an integer ``>= minimum`` (no bound if None)."""

    def read(text: str) -> int:
        low = "" if minimum is None else f" >= {minimum}"
        try:
            value = read_int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{name} must be an integer{low} of at most {MAX_INT_DIGITS} digits; "
                f"got {short(text)}"
            ) from None
        if minimum is not None:
            try:
                value = check_count(name, value, minimum=minimum)
            except DomainError as exc:
                raise argparse.ArgumentTypeError(str(exc)) from None
        return value

    read.__name__ = name
    return read


class Energy(NamedTuple):
    """One ``--u`` as typed, and its exact value."""

    text: str
    value: Fraction


def energy_arg(text: str) -> Energy:
    """Read one ``--u``: an exact decimal (``0.25``, ``1e-3``) or fraction (``1/3``)."""
    try:
        value = as_fraction(text.strip(), "u")
    except MesosymError as exc:
        if isinstance(exc, BudgetError):
            raise argparse.ArgumentTypeError(str(exc)) from None
        raise argparse.ArgumentTypeError(
            f"u must be a decimal number or a fraction such as 1/3; got {short(text)}"
        ) from None
    return Energy(text.strip(), value)


def add_q(parser: argparse.ArgumentParser, *, symbolic: bool = True) -> None:
    """Add the required ``--q`` option (``symbolic=False``: a command that needs numbers)."""
    help_ = Q_HELP if symbolic else "number of levels: an integer >= 2 or 'inf'"
    parser.add_argument(
        "--q", type=q_arg if symbolic else _concrete_q_arg, required=True, help=help_
    )


def _concrete_q_arg(text: str) -> Any:
    """Read ``--q`` for a numeric command: an integer >= 2 or ``inf``, never the symbol q."""
    if text.strip() == "q":
        raise argparse.ArgumentTypeError(
            "this command needs a concrete q, an integer >= 2 or 'inf'; got 'q' (symbolic)"
        )
    return q_arg(text)


def q_phrase(q: Any) -> str:
    """``q = 3`` for a number, ``q = oo`` for infinity, ``general q`` for the symbol.

    >>> from mesosym import symbols
    >>> q_phrase(3), q_phrase(symbols.q)
    ('q = 3', 'general q')
    """
    if isinstance(q, int) or is_infinite(q):
        return f"q = {q_label(q)}"
    return "general q"


def q_label(q: Any) -> str:
    """``oo`` for infinity, else ``str(q)``."""
    if isinstance(q, int):
        return int_text(q)
    return "oo" if is_infinite(q) else str(q)


def int_text(n: int) -> str:
    """Decimal text of an int of any size (``str`` refuses more than 4300 digits)."""
    if abs(n).bit_length() < 10_000:
        return str(n)
    import flint

    return str(flint.fmpz(n).str())


def emit_json(obj: Any, out: TextIO) -> None:
    """Write one JSON object (no NaN or infinity) and a newline."""
    out.write(json.dumps(obj, indent=2, allow_nan=False) + "\n")


def table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Write ``rows`` as left-aligned columns."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")


def add_output(parser: argparse.ArgumentParser, what: str) -> None:
    """Add ``-o/--output FILE``: the command's output, whatever its format, goes to FILE.

    The main program (:func:`mesosym.cli.main`) checks that FILE can be written
    before the command runs, then writes the command's output there atomically
    and says so on standard output; ``what`` names the output in that line.
    """
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the output to FILE instead (any --format)"
    )
    parser.set_defaults(output_what=what)


def deliver(text: str, path: str | None, out: TextIO, what: str, option: str = "-o") -> None:
    """Write ``text`` to ``out``, or to the file ``path`` and say so on ``out``.

    A path that cannot be written is a :class:`~mesosym.errors.DomainError`
    naming ``option`` (exit 2); nothing is written then.
    """
    if path is None:
        out.write(text)
        return
    written = write_text(path, text, f"argument {option}")
    out.write(f"{what} written to {written}\n")
