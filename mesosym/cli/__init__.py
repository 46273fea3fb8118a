r"""The ``mesosym`` command line: a thin layer over the library.

Every number, formula and verdict comes from :mod:`mesosym`; the command
modules only read arguments, call the library and format the answer.  One
module per command group: :data:`COMMANDS` maps each command to its module,
which is imported only when that command runs (``mesosym evaluate`` and
``mesosym count`` start without SymPy; ``GROUPS`` imports them all).  Each has
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
``ParseError``, ``BudgetError`` for work refused by the cost model, ...), an
``OSError`` while writing (a full disk) or memory running out -- reported as
one line ``mesosym: error: <message>`` on stderr; 130 on Ctrl-C (one line
``mesosym: interrupted``, no traceback); 141 when the reader of the output
goes away (``mesosym count ... | head``).
``python -m mesosym`` is the same program.

Every command that prints a result takes ``-o/--output FILE`` (the output goes
to FILE, written atomically, whatever its ``--format``) and ``--time-limit
SECONDS`` (work estimated longer than :data:`mesosym.budget.TIME_LIMIT_SECONDS`
is refused up front; raising the limit is safe: the work runs longer, shows
progress on a terminal and stops on Ctrl-C).

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
import importlib
import io
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from .. import __version__, budget
from ..budget import short
from ..errors import MesosymError
from ..output import check_writable
from ._common import MAX_INT_DIGITS, deliver

__all__ = ["main", "build_parser", "GROUPS", "COMMANDS", "EXIT_INTERRUPTED"]

#: Each command and the module of :data:`GROUPS` that registers it, in the order
#: ``mesosym --help`` lists them.  The modules are imported when needed: a
#: numeric command imports only its own (``mesosym count`` starts without SymPy).
COMMANDS: dict[str, str] = {
    "formulas": "formulas",
    "evaluate": "evaluate",
    "count": "count",
    "check": "check",
    "expand": "expand",
    "figure1": "figure",
    "derive": "derive",
    "plot": "plot",
    "mesoscopic": "mesoscopic",
}

#: Exit status on Ctrl-C (128 + SIGINT, as a shell reports it).
EXIT_INTERRUPTED = 130


def _module(name: str) -> ModuleType:
    return importlib.import_module(f".{name}", __name__)


def _all_groups() -> list[ModuleType]:
    return [_module(name) for name in dict.fromkeys(COMMANDS.values())]


def __getattr__(name: str) -> Any:
    if name == "GROUPS":  # the command modules, all imported
        return _all_groups()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _groups_for(argv: Sequence[str]) -> list[ModuleType]:
    """The command modules needed for ``argv``: only the named command's, when it is known."""
    if "GROUPS" in globals():  # set explicitly (tests add a group)
        return list(globals()["GROUPS"])
    first = next((a for a in argv if not a.startswith("-")), None)
    if first in COMMANDS:
        return [_module(COMMANDS[first])]
    return _all_groups()


class _UsageError(Exception):
    """An argument error, reported on one line by :func:`main`."""


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors raised for :func:`main` to print on one line."""

    def error(self, message: str) -> Any:
        command = self.prog.split(" ", 1)[1] + ": " if " " in self.prog else ""
        raise _UsageError(f"{command}{message} (see {self.prog} --help)")


#: Exit status when the output pipe closes early (128 + SIGPIPE, as a shell reports it).
EXIT_BROKEN_PIPE = 141


def build_parser(groups: Sequence[ModuleType] | None = None) -> argparse.ArgumentParser:
    """Return the ``mesosym`` argument parser, with ``groups`` (default: every group).

    >>> build_parser().parse_args(["count", "--q", "inf", "--N", "3", "--M", "2"]).q
    oo
    """
    parser = _Parser(
        prog="mesosym",
        description="Equations, numbers, counts, checks, figures and derivations for the "
        "equispaced-level letter (arXiv:2605.02736) and the mesoscopic partition function "
        "(arXiv:2605.00958).",
    )
    parser.add_argument("--version", action="version", version=f"mesosym {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in _all_groups() if groups is None else groups:
        group.register(commands)
    _add_time_limit(parser)
    return parser


def _join_values(argv: Sequence[str], groups: Sequence[ModuleType] | None = None) -> list[str]:
    """Attach the value to an option of ``VALUE_OPTIONS``, so that ``--beta -ln(u)`` works.

    argparse takes a value starting with ``-`` for an option; a formula often
    starts with a minus sign.

    >>> _join_values(["check", "--beta", "-ln(u)"])
    ['check', '--beta=-ln(u)']
    """
    groups = _all_groups() if groups is None else groups
    options = {opt for group in groups for opt in getattr(group, "VALUE_OPTIONS", ())}
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
    items = list(sys.argv[1:] if argv is None else argv)
    # integer arguments may have MAX_INT_DIGITS digits, more than the 4300 that str(int)
    # allows (SymPy prints q with str): raise the limit while the command runs
    limit = sys.get_int_max_str_digits()
    if limit:
        sys.set_int_max_str_digits(max(limit, 2 * MAX_INT_DIGITS))
    try:
        return _main(items)
    finally:
        sys.set_int_max_str_digits(limit)


def _main(items: list[str]) -> int:
    try:
        groups = _groups_for(items)
        parser = build_parser(groups)
        args = parser.parse_args(_join_values(items, groups))
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 2
    except _UsageError as exc:
        return _error(str(exc))
    except KeyboardInterrupt:
        return _interrupted()
    try:
        with budget.time_limit(getattr(args, "time_limit", None)):
            return _run(args)
    except KeyboardInterrupt:  # Ctrl-C: one line, no traceback
        return _interrupted()
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
        where = f" {short(exc.filename)}" if exc.filename else ""
        return _error(f"cannot write{where}: {exc.strerror or exc}")
    except (MemoryError, RecursionError) as exc:  # beyond what the cost model foresaw
        kind = "out of memory" if isinstance(exc, MemoryError) else "too deeply nested"
        return _error(f"{kind}; try smaller arguments")
    except Exception as exc:  # a bug: still one line, and the words to report it
        return _error(f"internal error ({type(exc).__name__}: {exc}); please report it")


def _run(args: argparse.Namespace) -> int:
    """Run the command; with ``-o/--output`` (:func:`._common.add_output`), into the file."""
    path = getattr(args, "output", None)
    what = getattr(args, "output_what", None)
    if path is None or what is None:
        return int(args.handler(args, sys.stdout))
    check_writable(path, "argument -o/--output")  # before the work
    buffer = io.StringIO()
    status = int(args.handler(args, buffer))
    deliver(buffer.getvalue(), path, sys.stdout, what, option="-o/--output")
    return status


def _add_time_limit(parser: argparse.ArgumentParser) -> None:
    """Add ``--time-limit SECONDS`` to every leaf command parser under ``parser``."""
    leaves = [
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    ]
    if not leaves:
        parser.add_argument(
            "--time-limit",
            type=_seconds,
            default=None,
            metavar="SECONDS",
            help=f"refuse work estimated longer than this (default {budget.TIME_LIMIT_SECONDS:g})",
        )
        return
    for action in leaves:
        for child in dict.fromkeys(action.choices.values()):
            _add_time_limit(child)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"time-limit must be a positive number; got {short(text)}")
    return value


def _interrupted() -> int:
    print("mesosym: interrupted", file=sys.stderr)
    return EXIT_INTERRUPTED
