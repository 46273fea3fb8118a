r"""The ``mesosym`` command line: a thin layer over the library.

Every number, formula and verdict comes from :mod:`mesosym`; the command
modules only read arguments, call the library and format the answer.  One
module per command group, listed in :data:`GROUPS`; each has
``register(subparsers) -> None``, which adds its parser(s) and sets
``handler=run`` (or one handler per subcommand) with
``run(args: argparse.Namespace, out: TextIO) -> int``.  A module may list in
``VALUE_OPTIONS`` options whose value can start with ``-`` (a formula).

``--q`` takes an integer ``>= 2``, ``q`` (the symbolic number of levels) or
``inf``/``oo`` (the Einstein solid).  The commands:

========================  ============================================================
``mesosym formulas``      the letter's equations for q (:mod:`mesosym.cli.formulas`)
``mesosym evaluate``      ``x*``, ``s``, ``beta*eps`` at given u (:mod:`mesosym.cli.evaluate`)
``mesosym count``         exact multiplicities (:mod:`mesosym.cli.count`)
``mesosym check``         a hand-derived formula against mesosym's (:mod:`mesosym.cli.check`)
``mesosym expand``        the 1/N expansion of ``ln Omega`` (:mod:`mesosym.cli.expand`)
``mesosym figure1``       Fig. 1 of the letter, to a file (:mod:`mesosym.cli.figure`)
``mesosym derive``        the papers' derivations (:mod:`mesosym.cli.derive`)
``mesosym plot``          figures of both papers, to a file (:mod:`mesosym.cli.plot`)
``mesosym mesoscopic``    the cell table of a chain (:mod:`mesosym.cli.mesoscopic`)
========================  ============================================================

Exit status: 0 on success (and for a check that is not refuted); 1 for a
refuted check or a derivation step that does not hold; 2 for bad input -- an
argument error, any :class:`~mesosym.errors.MesosymError` (``DomainError``,
``ParseError``, ``RowTooLargeError``, ...) or an ``OSError`` while writing a
file -- reported as one line ``mesosym: error: <message>`` on stderr; 141
when the reader of the output goes away (``mesosym count ... | head``).
``python -m mesosym`` is the same program.

Examples
--------
>>> main(["count", "--q", "3", "--N", "2"])
Omega_3(2, M) for M = 0..4 (the row sums to 3**2 = 9):
M  Omega
0  1
1  2
2  3
3  2
4  1
0
>>> main(["evaluate", "--q", "2", "--u", "1/4", "--digits", "12"])
q = 2: saddle point x*, entropy s = S/(N k_B), inverse temperature beta*eps
mpmath backend, 12 significant digits
u    x*              s               beta*eps
1/4  0.333333333333  0.562335144619  1.09861228867
0
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from .. import __version__
from ..errors import MesosymError
from . import check, count, derive, evaluate, expand, figure, formulas, mesoscopic, plot

__all__ = ["main", "build_parser", "GROUPS"]

#: The command modules, in the order ``mesosym --help`` lists them.
GROUPS: list[ModuleType] = [
    formulas,
    evaluate,
    count,
    check,
    expand,
    figure,
    derive,
    plot,
    mesoscopic,
]

#: Exit status when the output pipe closes early (128 + SIGPIPE, as a shell reports it).
EXIT_BROKEN_PIPE = 141


def build_parser() -> argparse.ArgumentParser:
    """Return the ``mesosym`` argument parser, with every group of :data:`GROUPS`.

    >>> build_parser().parse_args(["count", "--q", "inf", "--N", "3", "--M", "2"]).q
    oo
    """
    parser = argparse.ArgumentParser(
        prog="mesosym",
        description="Equations, numbers, counts, checks, figures and derivations for the "
        "equispaced-level letter (arXiv:2605.02736) and the mesoscopic partition function "
        "(arXiv:2605.00958).",
    )
    parser.add_argument("--version", action="version", version=f"mesosym {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    return parser


def _join_values(argv: Sequence[str]) -> list[str]:
    """Attach the value to an option of ``VALUE_OPTIONS``, so that ``--beta -ln(u)`` works.

    argparse takes a value starting with ``-`` for an option; a formula often
    starts with a minus sign.

    >>> _join_values(["check", "--beta", "-ln(u)"])
    ['check', '--beta=-ln(u)']
    """
    options = {opt for group in GROUPS for opt in getattr(group, "VALUE_OPTIONS", ())}
    out: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        if items[i] in options and i + 1 < len(items):
            out.append(f"{items[i]}={items[i + 1]}")
            i += 2
        else:
            out.append(items[i])
            i += 1
    return out


def _error(message: str) -> int:
    print(f"mesosym: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 for a refutation, 2 for bad input (see the module
        docstring).

    Examples
    --------
    >>> main(["count", "--q", "3", "--N", "3", "--M", "3"])
    Omega_3(N=3, M=3) = 7
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(_join_values(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return int(args.handler(args, sys.stdout))
    except BrokenPipeError:  # e.g. `mesosym count ... | head`: stop quietly
        try:  # no second error when Python flushes stdout at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # stdout is not a file (captured, redirected in-process)
            pass
        return EXIT_BROKEN_PIPE
    except MesosymError as exc:
        return _error(str(exc))
    except OSError as exc:  # writing a file failed after the checks passed
        where = f" {exc.filename!r}" if exc.filename else ""
        return _error(f"cannot write{where}: {exc.strerror or exc}")
