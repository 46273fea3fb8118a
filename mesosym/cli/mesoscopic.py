"""The ``mesosym mesoscopic`` command: the cell table of an Ising chain or a lattice gas.

``mesosym mesoscopic ising-cylinder --circumference W [--beta B | --temperature T]
[--coupling J] [--field h] [--boundary periodic|open] [--arc A] [--digits D | --float64]
[--format text|json]`` prints the quantities of the infinite Ising cylinder
(:class:`~mesosym.mesoscopic.IsingCylinder`): ln lambda and the entropy per ring, the
ring entropy, the information between the two half-cylinders (Shannon and Renyi-2),
that of an arc of ``A`` sites (default W/2) with the rest of its ring, and the same per
site; ``--digits`` defaults to 15 (mpmath), ``--float64`` takes the float64 route.
``--boundary`` is the boundary around the circumference: ``periodic`` (the default, the
cylinder) or ``open`` (an infinitely long strip of width W with two free edges).

``mesosym mesoscopic MODEL --sites N --cells K [--coupling J] [--field h |
--chemical-potential mu] [--beta B] [--boundary open|periodic] [--particles N]
[--cell-size B] [--digits D | --float64] [--format text|json] [-o FILE]`` with MODEL
``ising`` or ``lattice-gas``.  The table repeats the model and its ensemble, gives
ln Z_mes for cells of B sites with ``--cell-size``, and information in nats.
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
>>> for line in out.getvalue().splitlines()[:3]:
...     print(line)
IsingChain, 4 sites, J = 0, h = 0, beta = 1, open ends
ensemble: canonical (spins free, field h)
ln Z                                                      2.77259
"""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from typing import Any, TextIO

import mpmath

from ..budget import short
from ..errors import BudgetError, DomainError, MesosymError
from ..mesoscopic import IsingChain, LatticeGas
from ..mesoscopic.models.cylinder import IsingCylinder
from ..mesoscopic.report import cell_table, format_table
from ..progress import task
from ..significant import significant
from ..validation import as_fraction
from . import _mesoscopic_kac as mesoscopic_kac
from ._common import add_output

__all__ = ["register", "run", "VALUE_OPTIONS"]

#: options whose value may be negative (``--coupling -1``)
VALUE_OPTIONS = ("--coupling", "--field", "--chemical-potential", "--beta", "--temperature")


def _number(name: str) -> Any:
    def read(text: str) -> Fraction:
        try:
            return as_fraction(text, name)  # exact, never evaluated, with a text budget
        except MesosymError as err:
            if isinstance(err, BudgetError):
                raise argparse.ArgumentTypeError(str(err)) from None
            raise argparse.ArgumentTypeError(
                f"{name} must be a decimal or a fraction such as 1/3; got {short(text)}"
            ) from None

    return read


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer; got {short(text)}") from None


def register(subparsers: Any) -> None:
    """Add the ``mesoscopic`` parser to ``subparsers`` (handler: :func:`run`)."""
    help_ = "cells of a lattice chain: ln Z, ln Z_i, beta<W>, information, the identity"
    p = subparsers.add_parser("mesoscopic", help=help_, description=help_)
    p.add_argument(
        "model",
        choices=("ising", "lattice-gas", "ising-cylinder", "kac"),
        metavar="MODEL",
        help="ising, lattice-gas (chains: --sites, --cells), ising-cylinder (--circumference) "
        "or kac (--range, --pressure or --density)",
    )
    p.add_argument("--sites", type=_integer, default=None, help="number of sites (chains)")
    p.add_argument("--cells", type=_integer, default=None, help="number of equal cells (chains)")
    _cylinder_arguments(p)
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
    temperature = p.add_mutually_exclusive_group()
    temperature.add_argument(
        "--beta",
        type=_number("beta"),
        default=None,
        help="inverse temperature, any real value (default 1)",
    )
    temperature.add_argument(
        "--temperature",
        type=_number("temperature"),
        default=None,
        help="temperature T > 0 (ising-cylinder; beta = 1/T exactly)",
    )
    p.add_argument(
        "--boundary",
        choices=("open", "periodic"),
        default=None,
        help="chains: free ends or a ring (default open); ising-cylinder: around the "
        "circumference, periodic (default: the cylinder) or open (a strip of width W)",
    )
    p.add_argument(
        "--particles",
        type=_integer,
        default=None,
        help="fix the number of particles (lattice gas: canonical; thousands of sites "
        "by fugacity polynomials, a few seconds)",
    )
    p.add_argument(
        "--cell-size",
        type=_integer,
        default=None,
        metavar="B",
        help="also ln Z_mes for cells of B sites (B divides --sites)",
    )
    p.add_argument("--digits", type=_integer, default=15, help="significant digits (default 15)")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default text)"
    )
    add_output(p, "the cell table")
    mesoscopic_kac.add_arguments(p, _number)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Build the model, print its cell table; return 0 (errors raise MesosymError)."""
    if args.model == "kac":
        return mesoscopic_kac.run(args, out)
    if not 1 <= args.digits <= 1000:
        raise DomainError(f"digits must be an integer in [1, 1000]; got {short(args.digits)}")
    if args.model == "ising-cylinder":
        return _run_cylinder(args, out)
    for name in ("sites", "cells"):
        if getattr(args, name) is None:
            raise DomainError(f"--{name} is required for the chain model {args.model}")
    for name in ("circumference", "temperature", "arc"):
        if getattr(args, name) is not None:
            raise DomainError(f"--{name} applies to ising-cylinder only; got it for {args.model}")
    digits = None if args.float64 else args.digits
    if args.beta is None:
        args.beta = Fraction(1)
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
            boundary=args.boundary or "open",
            digits=digits,
        )
    else:
        if args.field is not None:
            raise DomainError("field applies to ising; use --chemical-potential for lattice-gas")
        model = LatticeGas(
            args.sites,
            args.coupling,
            chemical_potential=args.chemical_potential or 0,
            beta=args.beta,
            boundary=args.boundary or "open",
            particles=args.particles,
            digits=digits,
        )
    with task("cell table", unit=" values"):  # on a terminal only: stderr, never the output
        table = cell_table(model, args.cells, cell_size=args.cell_size)
    if args.format == "json":
        out.write(json.dumps(table, indent=2) + "\n")
    else:
        out.write(format_table(table) + "\n")
    return 0


# -- the infinite Ising cylinder -------------------------------------------------------------
def _cylinder_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--circumference", type=_integer, default=None, help="sites around (ising-cylinder)"
    )
    p.add_argument(
        "--arc",
        type=_integer,
        default=None,
        help="sites of the ring arc whose information with the rest is printed "
        "(ising-cylinder; default circumference/2)",
    )
    p.add_argument(
        "--float64",
        action="store_true",
        help="the float64 route (ising-cylinder: absolute error below 1e-11 w; chains: "
        "relative error below 1e-13 in ln Z, the bounds of mesosym.mesoscopic.arithmetic)",
    )


#: the quantities printed for the cylinder, with their labels
_CYLINDER_ROWS = (
    ("log_partition_function_per_ring", "ln lambda (per ring)"),
    ("entropy_per_ring", "entropy per ring h (nats)"),
    ("ring_entropy", "ring entropy H(ring) (nats)"),
    ("mutual_information", "I(left : right) = H(ring) - h"),
    ("renyi_mutual_information", "Renyi-2 I_2(left : right)"),  # order 2, the default
)


def _run_cylinder(args: argparse.Namespace, out: TextIO) -> int:
    """Print the quantities of ``IsingCylinder``; return 0."""
    for name in ("sites", "cells", "particles", "chemical_potential", "cell_size"):
        if getattr(args, name) is not None:
            option = "--" + name.replace("_", "-")
            raise DomainError(f"{option} applies to the chain models; got it for ising-cylinder")
    if args.circumference is None:
        raise DomainError("--circumference is required for ising-cylinder")
    if args.temperature is not None:
        if args.temperature <= 0:
            raise DomainError(f"temperature must be > 0; got {short(args.temperature, form=str)}")
        beta = 1 / args.temperature
    else:
        beta = args.beta if args.beta is not None else Fraction(1)
    digits = None if args.float64 else args.digits
    cylinder = IsingCylinder(
        circumference=args.circumference,
        coupling=args.coupling,
        field=args.field or 0,
        beta=beta,
        digits=digits,
        boundary=args.boundary or "periodic",
    )
    w = cylinder.circumference
    arc = w // 2 if args.arc is None else args.arc
    values: dict[str, Any] = {name: getattr(cylinder, name)() for name, _ in _CYLINDER_ROWS}
    values["ring_mutual_information"] = cylinder.ring_mutual_information(arc)
    shown = 15 if digits is None else digits

    def text(x: Any) -> str:
        return repr(float(x)) if digits is None else str(significant(x, digits))

    def per_site(x: Any) -> Any:
        if digits is None:
            return x / w
        with mpmath.workdps(digits + 10):
            return x / w

    if args.format == "json":
        report = {
            "model": "ising-cylinder",
            "circumference": w,
            "coupling": str(cylinder.coupling),
            "field": str(cylinder.field),
            "beta": str(cylinder.beta),
            "boundary": cylinder.boundary,
            "digits": digits,
            "arc": arc,
            **{name: text(v) for name, v in values.items()},
            "per_site": {name: text(per_site(v)) for name, v in values.items()},
        }
        out.write(json.dumps(report, indent=2) + "\n")
        return 0
    rows = [(label, values[name]) for name, label in _CYLINDER_ROWS]
    rows.append((f"I(arc of {arc} : rest of the ring)", values["ring_mutual_information"]))
    shape = "cylinder: circumference" if cylinder.boundary == "periodic" else "strip: open width"
    out.write(
        f"Ising {shape} {w}, J = {cylinder.coupling}, h = {cylinder.field}, "
        f"beta = {cylinder.beta} ({'float64' if digits is None else f'{digits} digits'})\n"
    )
    for label, value in rows:
        if cylinder.boundary == "open":  # the strip's transfer runs along columns, not rings
            label = label.replace("ring", "column")
        out.write(f"{label:<40} {text(value):>{shown + 8}}   per site {text(per_site(value))}\n")
    return 0
