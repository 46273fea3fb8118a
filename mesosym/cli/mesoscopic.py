"""The ``mesosym mesoscopic`` command: the cell table of an Ising chain or a lattice gas.

``mesosym mesoscopic MODEL --sites N --cells K [--coupling J] [--field h |
--chemical-potential mu] [--beta B] [--boundary open|periodic] [--particles N]
[--digits D] [--format text|json]`` with MODEL ``ising`` or ``lattice-gas``.
Numbers are read as exact decimals or fractions (``0.5``, ``1/3``), never
evaluated.  With ``--particles`` the canonical gas is enumerated up to 2000
configurations and otherwise computed by fugacity polynomials
(:mod:`mesosym.mesoscopic.canonical`: 10^4 sites in two cells in a few
seconds, refused beyond an estimated minute).  Bad input raises
:class:`~mesosym.errors.MesosymError`, which the main program prints as one
line ``mesosym: error: ...`` with exit status 2.

Examples
--------
>>> import argparse, io
>>> parser = argparse.ArgumentParser(prog="mesosym")
>>> register(parser.add_subparsers())
>>> out = io.StringIO()
>>> args = parser.parse_args(["mesoscopic", "ising", "--sites", "4", "--cells", "2",
...                           "--coupling", "0", "--digits", "6"])
>>> run(args, out)
0
>>> print(out.getvalue().splitlines()[0])
ln Z                                                      2.77259
"""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from typing import Any, TextIO

from ..errors import BudgetError, DomainError, MesosymError
from ..mesoscopic.lattice import IsingChain, LatticeGas
from ..mesoscopic.report import cell_table, format_table
from ..validation import as_fraction
from . import _mesoscopic_kac as mesoscopic_kac

__all__ = ["register", "run", "VALUE_OPTIONS"]

#: options whose value may be negative (``--coupling -1``)
VALUE_OPTIONS = ("--coupling", "--field", "--chemical-potential", "--beta")


def _number(name: str) -> Any:
    def read(text: str) -> Fraction:
        try:
            return as_fraction(text, name)  # exact, never evaluated, with a text budget
        except MesosymError as err:
            if isinstance(err, BudgetError):
                raise argparse.ArgumentTypeError(str(err)) from None
            raise argparse.ArgumentTypeError(
                f"{name} must be a decimal or a fraction such as 1/3; got {text!r}"
            ) from None

    return read


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer; got {text!r}") from None


def register(subparsers: Any) -> None:
    """Add the ``mesoscopic`` parser to ``subparsers`` (handler: :func:`run`)."""
    help_ = "cells of a lattice chain: ln Z, ln Z_i, beta<W>, information, the identity"
    p = subparsers.add_parser("mesoscopic", help=help_, description=help_)
    p.add_argument(
        "model",
        choices=("ising", "lattice-gas", "kac"),
        metavar="MODEL",
        help="ising, lattice-gas or kac",
    )
    p.add_argument("--sites", type=_integer, default=None, help="number of sites")
    p.add_argument("--cells", type=_integer, default=None, help="number of equal cells")
    p.add_argument(
        "--coupling",
        type=_number("coupling"),
        default=Fraction(1),
        help="J (ising) or eps (lattice-gas), an exact decimal or fraction (default 1)",
    )
    field = p.add_mutually_exclusive_group()
    field.add_argument("--field", type=_number("field"), default=None, help="Ising field h")
    field.add_argument(
        "--chemical-potential",
        type=_number("chemical potential"),
        default=None,
        help="lattice-gas chemical potential mu",
    )
    p.add_argument(
        "--beta",
        type=_number("beta"),
        default=Fraction(1),
        help="inverse temperature, any real value (default 1)",
    )
    p.add_argument(
        "--boundary",
        choices=("open", "periodic"),
        default="open",
        help="free ends or a ring (default open)",
    )
    p.add_argument(
        "--particles",
        type=_integer,
        default=None,
        help="fix the number of particles (lattice gas: canonical; thousands of sites "
        "by fugacity polynomials, a few seconds)",
    )
    p.add_argument("--digits", type=_integer, default=15, help="significant digits (default 15)")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default text)"
    )
    mesoscopic_kac.add_arguments(p, _number)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Build the model, print its cell table; return 0 (errors raise MesosymError)."""
    if args.model == "kac":
        return mesoscopic_kac.run(args, out)
    if args.sites is None or args.cells is None:
        raise DomainError(f"{args.model} needs --sites and --cells")
    if not 1 <= args.digits <= 1000:
        raise DomainError(f"digits must be an integer in [1, 1000]; got {args.digits}")
    if args.model == "ising":
        if args.chemical_potential is not None:
            raise DomainError("chemical-potential applies to lattice-gas; use --field for ising")
        if args.particles is not None:
            raise DomainError("particles applies to lattice-gas only; got --particles for ising")
        model: Any = IsingChain(
            args.sites,
            args.coupling,
            field=args.field or 0,
            beta=args.beta,
            boundary=args.boundary,
            digits=args.digits,
        )
    else:
        if args.field is not None:
            raise DomainError("field applies to ising; use --chemical-potential for lattice-gas")
        model = LatticeGas(
            args.sites,
            args.coupling,
            chemical_potential=args.chemical_potential or 0,
            beta=args.beta,
            boundary=args.boundary,
            particles=args.particles,
            digits=args.digits,
        )
    table = cell_table(model, args.cells)
    if args.format == "json":
        out.write(json.dumps(table, indent=2) + "\n")
    else:
        out.write(format_table(table) + "\n")
    return 0
