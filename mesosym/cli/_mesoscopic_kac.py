"""The ``kac`` model of ``mesosym mesoscopic``: the Kac gas at one state, and its vdW limit.

``mesosym mesoscopic kac --range G --beta B (--pressure P | --density RHO)
[--hard-core D] [--strength A] [--digits N] [--format text|json]``: beta p = P
(or rho = RHO) of the exact Kac gas at range 1/G, with the same state in the
Lebowitz-Penrose limit (van der Waals with Maxwell's construction).

Examples
--------
>>> import argparse, io
>>> from fractions import Fraction
>>> args = argparse.Namespace(range=Fraction(1, 2), beta=Fraction(1), pressure=Fraction(1),
...     density=None, hard_core=Fraction(1), strength=Fraction(0), digits=10, format="text")
>>> out = io.StringIO()
>>> run(args, out)
0
>>> print(out.getvalue().splitlines()[1])
density rho                      0.5
"""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from typing import Any, TextIO

import mpmath

from ..budget import short
from ..errors import DomainError, MesosymError
from ..mesoscopic.models.kac import KacGas

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser, number: Any) -> None:
    """The options of the ``kac`` model (``number(name)`` reads an exact decimal)."""
    group = p.add_argument_group("kac (the Kac gas)")
    group.add_argument("--range", type=number("range"), default=None, help="kac: gamma > 0")
    group.add_argument("--pressure", type=number("pressure"), default=None, help="kac: beta p")
    group.add_argument("--density", type=number("density"), default=None, help="kac: rho")
    group.add_argument(
        "--hard-core", type=number("hard core"), default=Fraction(1), help="kac: delta (1)"
    )
    group.add_argument(
        "--strength", type=number("strength"), default=Fraction(1), help="kac: alpha (1)"
    )


def _exact(x: Fraction, digits: int) -> Any:
    with mpmath.workdps(digits + 5):
        return mpmath.mpf(x.numerator) / x.denominator


def _text(x: Any, digits: int) -> str:
    return mpmath.nstr(x, digits) if isinstance(x, mpmath.mpf) else str(x)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Evaluate the Kac gas at ``--pressure`` or ``--density``; print text or JSON."""
    if args.range is None:
        raise DomainError("kac needs --range (gamma > 0)")
    if (args.pressure is None) == (args.density is None):
        raise DomainError("kac needs exactly one of --pressure (beta p) and --density")
    if not 1 <= args.digits <= 200:
        raise DomainError(
            f"digits must be an integer in [1, 200] for kac; got {short(args.digits)}"
        )
    beta = Fraction(1) if args.beta is None else args.beta
    gas = KacGas(args.hard_core, args.strength, args.range, beta, digits=args.digits)
    vdw = gas.van_der_waals()
    rows: dict[str, Any] = {}
    if args.pressure is not None:
        rows["pressure beta p"] = _exact(args.pressure, args.digits)
        rows["density rho"] = gas.density(pressure=args.pressure)
        rows["chemical potential beta mu"] = gas.chemical_potential(pressure=args.pressure)
        rows["van der Waals density"] = vdw.density(pressure=args.pressure)
    else:
        rows["density rho"] = _exact(args.density, args.digits)
        rows["pressure beta p"] = gas.pressure(density=args.density)
        rows["free energy beta a"] = gas.free_energy(density=args.density)
        rows["van der Waals beta p"] = vdw.pressure(density=args.density)
    try:
        coexistence: Any = vdw.coexistence()
    except MesosymError:
        coexistence = None
    rows["T/T_c"] = vdw.reduced_temperature()
    if args.format == "json":
        data = {
            "model": "kac",
            "hard_core": str(args.hard_core),
            "strength": str(args.strength),
            "range": str(args.range),
            "beta": str(beta),
            "digits": args.digits,
            **{k: _text(v, args.digits) for k, v in rows.items()},
            "van der Waals coexistence (rho_gas, rho_liquid, beta p)": (
                [_text(x, args.digits) for x in coexistence] if coexistence else None
            ),
        }
        out.write(json.dumps(data, indent=2) + "\n")
        return 0
    out.write(
        f"Kac gas: delta = {args.hard_core}, alpha = {args.strength}, gamma = "
        f"{args.range}, beta = {beta}\n"
    )
    order = ["density rho", "pressure beta p"] + [
        k for k in rows if k not in ("density rho", "pressure beta p")
    ]
    for key in order:
        out.write(f"{key:<32} {_text(rows[key], args.digits)}\n")
    if coexistence:
        text = ", ".join(_text(x, args.digits) for x in coexistence)
        out.write(f"{'vdW coexistence (gas, liquid, p)':<32} {text}\n")
    return 0
