"""``mesosym evaluate``: ``x*``, ``s`` and ``beta*eps`` at given energies.

``mesosym evaluate --q Q --u U [U ...] [--digits D] [--format text|json] [-o FILE]``
    At each energy U (exact decimals or fractions such as ``1/3``, in
    ``[0, Q - 1]``).  Without ``--digits``: float64 from the numpy kernels
    (relative error <= 2e-14 for finite Q); with ``--digits D`` (at most
    :data:`MAX_DIGITS`): mpmath, printed to D significant digits.  At the
    edges ``beta*eps`` is ``inf`` (u = 0) or ``-inf`` (u = Q - 1).

JSON: ``q`` (str), ``backend`` (``"numpy"`` or ``"mpmath"``), ``digits``
(int, or null for float64), ``accuracy`` (str), ``points``: a list of objects
with ``u`` (the text given), ``u_exact`` (a fraction ``"p/q"``), ``x_star``,
``s``, ``beta_eps`` (decimal strings; ``"inf"``/``"-inf"`` at the edges; read
them with ``float`` or ``mpmath.mpf``).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..budget import short
from ..errors import DomainError
from ..quantities import BY_KEY
from ..validation import is_infinite
from ._common import add_output, add_q, emit_json, energy_arg, integer, q_label, table

__all__ = ["register", "run", "MAX_DIGITS"]

#: Largest ``--digits``.
MAX_DIGITS = 10_000


def register(subparsers: Any) -> None:
    """Add the ``evaluate`` command."""
    help_ = "x*, s and beta*eps at given energies u"
    parser = subparsers.add_parser("evaluate", help=help_, description=help_)
    add_q(parser, symbolic=False)
    parser.add_argument(
        "--u", type=energy_arg, nargs="+", required=True, help="energies per particle in [0, q-1]"
    )
    parser.add_argument(
        "--digits",
        type=integer("digits", 1),
        default=None,
        help=f"significant digits with mpmath (1..{MAX_DIGITS}); default float64",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_output(parser, "the values")
    parser.set_defaults(handler=run)


def _number_text(value: Any, digits: int | None) -> str:
    if digits is None:
        v = float(value)
        return "inf" if v == float("inf") else "-inf" if v == -float("inf") else repr(v)
    import mpmath

    if mpmath.isinf(value):
        return "inf" if value > 0 else "-inf"
    return str(mpmath.nstr(value, digits))


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print the table (or JSON); return 0."""
    q = args.q
    if args.digits is not None and args.digits > MAX_DIGITS:
        raise DomainError(f"argument --digits: at most {MAX_DIGITS}; got {short(args.digits)}")
    infinite = not isinstance(q, int) and is_infinite(q)
    if not isinstance(q, int) and not infinite:
        raise DomainError("argument --q: evaluate needs a concrete q (an integer >= 2 or inf)")
    if isinstance(q, int) and q > 2**53 and args.digits is None:
        raise DomainError(
            "argument --q: the float64 kernels take q <= 2**53; give --digits D for mpmath"
        )
    top = None if infinite else q - 1
    for energy in args.u:
        if energy.value < 0 or (top is not None and energy.value > top):
            interval = "[0, oo)" if top is None else f"[0, {short(top)}]"
            raise DomainError(
                f"argument --u: u must lie in {interval} for q = {short(q, form=q_label)}; "
                f"got {short(energy.text, form=str)}"
            )
    shown = [BY_KEY[key] for key in ("x", "s", "beta")]
    keys = tuple(str(q.key) for q in shown)
    names = [str(q.claim) for q in shown]  # the JSON fields: x_star, s, beta_eps
    if args.digits is None:
        backend = "numpy"
        accuracy = (
            "float64; closed forms (28)-(30), a few units in the last place"
            if infinite
            else "float64; relative error <= 2e-14 (absolute < 2.3e-308 for values below "
            "float64's normal range, which print as 0 or subnormal: use --digits)"
        )
        from ..numeric import equispaced, float64  # the float64 kernels: NumPy, no SymPy

        grid = [float(e.value) for e in args.u]
        columns = [getattr(equispaced, quantity.name)(grid, q) for quantity in shown]
        values = [[c[i] for c in columns] for i in range(len(args.u))]
        for i, e in enumerate(args.u):  # exact u nearer an edge than float64 resolves
            if float64.beyond_float64(q, e.value) is not None:
                values[i] = [float64.evaluate(q, key, e.value) for key in keys]
    else:
        backend = "mpmath"
        accuracy = f"{args.digits} significant digits"
        from ..numeric import precise  # mpmath, one solve per u for the three values

        values = [list(precise.evaluate(q, keys, e.value, digits=args.digits)) for e in args.u]
    texts = [[_number_text(v, args.digits) for v in row] for row in values]
    if args.format == "json":
        points = [
            {"u": e.text, "u_exact": str(e.value), **dict(zip(names, row, strict=True))}
            for e, row in zip(args.u, texts, strict=True)
        ]
        emit_json(
            {
                "q": q_label(q),
                "backend": backend,
                "digits": args.digits,
                "accuracy": accuracy,
                "points": points,
            },
            out,
        )
        return 0
    out.write(
        f"q = {q_label(q)}: saddle point x*, entropy s = S/(N k_B), inverse temperature beta*eps\n"
    )
    out.write(f"{backend} backend, {accuracy}\n")
    table(
        [["u", "x*", "s", "beta*eps"]]
        + [[e.text, *row] for e, row in zip(args.u, texts, strict=True)],
        out,
    )
    return 0
