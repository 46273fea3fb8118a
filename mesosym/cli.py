r"""The ``mesosym`` command line: a thin layer over the library.

Every number and formula comes from :mod:`mesosym`; this module only reads
arguments, calls the library and formats the answer.  ``--q`` takes an integer
``>= 2``, ``q`` (the symbolic number of levels) or ``inf``/``oo`` (the
Einstein solid).

Commands
--------
``mesosym formulas --q Q [--format text|latex|json]``
    The letter's equations for Q, labelled with its equation numbers
    (:func:`mesosym.latex.letter_equations`): the generating function (10),
    the saddle-point equation (18)/(24), ``x*`` (25)/(28), the entropy
    (19)/(22)/(26)/(29), ``beta*eps`` (20)/(23)/(27)/(30) and ``u*`` (21).
    For Q >= 6 (and symbolic Q) ``x*`` has no closed form: the text output
    says so and shows the condition that defines it.  ``latex`` prints
    :func:`mesosym.latex.document`.
``mesosym evaluate --q Q --u U [U ...] [--digits D] [--format text|json]``
    ``x*``, ``s`` and ``beta*eps`` at each energy U (exact decimals or
    fractions such as ``1/3``, in ``[0, Q - 1]``).  Without ``--digits``:
    float64 from the numpy kernels (relative error <= 2e-14 for finite Q);
    with ``--digits D``: mpmath, printed to D significant digits.  At the
    edges ``beta*eps`` is ``inf`` (u = 0) or ``-inf`` (u = Q - 1).
``mesosym count --q Q --N N [--M M] [--format text|json]``
    The exact multiplicity ``Omega_Q(N, M)``, or the whole row ``M = 0..N(Q-1)``
    without ``--M`` (rows above 64 MiB are refused).
``mesosym check --q Q (--entropy EXPR | --beta EXPR | --saddle EXPR)``
    Compare a hand-derived formula with mesosym's: ``s(u)``, ``beta*eps(u)``
    (both in ``u``), or the right-hand side ``u(x)`` of the saddle-point
    equation (in ``x``); ``q`` may appear when Q is symbolic.  The text is
    read by :func:`mesosym.parse.parse_expression` (never evaluated) and
    compared by :func:`mesosym.derivation.check_identity` on the physical
    domain.  Prints the verdict: proved, refuted (with a counterexample) or
    numerically equal.  With symbolic Q, ``--entropy`` and ``--beta`` are
    checked at Q = 2, 3, 4, 5 and 8.
``mesosym figure1 --out PATH [--qs Q [Q ...]]``
    Fig. 1 of the letter (:func:`mesosym.figures.figure1`): ``s(u)`` and
    ``beta*eps(u)`` for the given q (default 2 3 4 5 10) and q -> oo, written
    to a ``.png``, ``.pdf`` or ``.svg`` file with reproducible metadata.
``mesosym expand --q Q --order K [--format text|latex]``
    The 1/N expansion of ``ln Omega`` to ``N^-K``
    (:func:`mesosym.asymptotics.asymptotic_expansion`); K <= 6 for symbolic
    Q, K <= 12 otherwise.

Exit status: 0 on success (and for a check that is not refuted), 1 for a
refuted check, 2 for bad input -- an argument error, or any
:class:`~mesosym.errors.MesosymError` (``DomainError``, ``ParseError``,
``RowTooLargeError``, ...), reported as one line
``mesosym: error: <message>`` on stderr.

JSON output
-----------
One object per call.  Numbers that may be huge or non-finite are strings.

``formulas``
    ``q`` (str), ``equations``: a list of objects with ``number`` (the tag,
    e.g. ``"18, 24"``; ``""`` when the letter does not number it),
    ``numbers`` (list of str), ``name`` (``generating_function``,
    ``saddle_equation``, ``saddle_point``, ``entropy``,
    ``inverse_temperature``, ``u_star``), ``title``, ``implicit`` (bool),
    ``lhs`` and ``rhs`` (SymPy ``str``), ``sympy`` (``"lhs = rhs"``) and
    ``latex`` (``lhs = rhs`` in LaTeX).
``evaluate``
    ``q`` (str), ``backend`` (``"numpy"`` or ``"mpmath"``), ``digits`` (int,
    or null for float64), ``accuracy`` (str), ``points``: a list of objects
    with ``u`` (the text given), ``u_exact`` (a fraction ``"p/q"``),
    ``x_star``, ``s``, ``beta_eps`` (decimal strings; ``"inf"``/``"-inf"``
    at the edges; read them with ``float`` or ``mpmath.mpf``).
``count``
    ``q`` (str), ``N`` (int), ``M`` (int or null); ``omega`` (decimal string)
    with ``--M``, else ``row`` (list of decimal strings, index M).

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
import json
import os
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, NamedTuple, TextIO

import mpmath
import numpy as np
import sympy as sp

from . import __version__, symbols
from .asymptotics import asymptotic_expansion
from .counting import equispaced_row
from .derivation import CheckResult, Verdict, check_identity
from .errors import DomainError, MesosymError
from .latex import document, latex, letter_equations
from .parse import parse_expression
from .spectrum import EquispacedLevels
from .validation import check_count, check_q

__all__ = ["main", "build_parser"]

#: Largest row, in estimated bytes, that ``mesosym count`` prints.
ROW_LIMIT_BYTES = 64 * 2**20
#: Largest ``--order`` for symbolic and for concrete q.
MAX_ORDER_SYMBOLIC = 6
MAX_ORDER = 12
#: Largest ``--digits``.
MAX_DIGITS = 10_000
#: Concrete q at which a formula for symbolic q is checked.
CHECK_Q_VALUES = (2, 3, 4, 5, 8)


# -- argument types --------------------------------------------------------------
def _q_arg(text: str) -> Any:
    """Read ``--q``: an integer >= 2, ``q`` or ``inf``/``oo``."""
    word = text.strip()
    if word == "q":
        return symbols.q
    if word.lower() in ("inf", "oo", "infinity", "+inf"):
        return sp.oo
    try:
        value = int(word)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"q must be an integer >= 2, 'q' (symbolic) or 'inf'; got {text!r}"
        ) from None
    try:
        return check_q(value)
    except DomainError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _integer(name: str, minimum: int | None) -> Callable[[str], int]:
    def read(text: str) -> int:
        low = "" if minimum is None else f" >= {minimum}"
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{name} must be an integer{low}; got {text!r}"
            ) from None
        if minimum is not None:
            try:
                value = check_count(name, value, minimum=minimum)
            except DomainError as exc:
                raise argparse.ArgumentTypeError(str(exc)) from None
        return value

    read.__name__ = name
    return read


class _Energy(NamedTuple):
    text: str
    value: Fraction


def _energy_arg(text: str) -> _Energy:
    """Read one ``--u``: an exact decimal (``0.25``, ``1e-3``) or fraction (``1/3``)."""
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(
            f"u must be a decimal number or a fraction such as 1/3; got {text!r}"
        ) from None
    return _Energy(text.strip(), value)


# -- shared helpers --------------------------------------------------------------
def _q_label(q: Any) -> str:
    return "oo" if q is sp.oo else str(q)


def _int_text(n: int) -> str:
    """Decimal text of an int of any size (``str`` refuses more than 4300 digits)."""
    if n.bit_length() < 10_000:
        return str(n)
    import flint

    return str(flint.fmpz(n).str())


def _emit_json(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, indent=2, allow_nan=False) + "\n")


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")


# -- formulas -----------------------------------------------------------------------
def _formulas(args: argparse.Namespace, out: TextIO) -> int:
    levels = EquispacedLevels(args.q)
    equations = letter_equations(levels)
    if args.format == "latex":
        out.write(document(levels))
        return 0
    if args.format == "json":
        _emit_json(
            {
                "q": _q_label(args.q),
                "equations": [
                    {
                        "number": eq.number,
                        "numbers": list(eq.numbers),
                        "name": eq.name,
                        "title": eq.title,
                        "implicit": eq.implicit,
                        "lhs": sp.sstr(eq.lhs),
                        "rhs": sp.sstr(eq.rhs),
                        "sympy": str(eq),
                        "latex": eq.latex(),
                    }
                    for eq in equations
                ],
            },
            out,
        )
        return 0
    out.write(f"Equispaced levels, q = {_q_label(args.q)}: the letter's equations\n")
    labels = [f"({eq.number})" if eq.numbers else "(--)" for eq in equations]
    width = max(map(len, labels))
    for label, eq in zip(labels, equations, strict=True):
        out.write(f"{label.ljust(width)}  {eq}\n")
        if eq.implicit:
            out.write(
                f"{' ' * width}  [x* is implicit: the positive root of this condition, "
                "eq. (18); no closed form]\n"
            )
        elif not eq.numbers:
            out.write(f"{' ' * width}  [derived by mesosym; not numbered in the letter]\n")
    return 0


# -- evaluate -----------------------------------------------------------------------
def _number_text(value: Any, digits: int | None) -> str:
    if digits is None:
        v = float(value)
        return "inf" if v == np.inf else "-inf" if v == -np.inf else repr(v)
    if mpmath.isinf(value):
        return "inf" if value > 0 else "-inf"
    return str(mpmath.nstr(value, digits))


def _evaluate(args: argparse.Namespace, out: TextIO) -> int:
    levels = EquispacedLevels(args.q)
    q = args.q
    if isinstance(q, sp.Symbol):
        raise DomainError("argument --q: evaluate needs a concrete q (an integer >= 2 or inf)")
    top = None if q is sp.oo else q - 1
    for energy in args.u:
        if energy.value < 0 or (top is not None and energy.value > top):
            interval = "[0, oo)" if top is None else f"[0, {top}]"
            raise DomainError(
                f"argument --u: u must lie in {interval} for q = {_q_label(q)}; got {energy.text}"
            )
    names = ("x_star", "s", "beta_eps")
    if args.digits is None:
        backend = "numpy"
        accuracy = (
            "float64; closed forms (28)-(30), a few units in the last place"
            if q is sp.oo
            else "float64; relative error <= 2e-14"
        )
        grid = np.array([float(e.value) for e in args.u])
        columns = [
            levels.saddle_point_function()(grid),
            levels.entropy_function()(grid),
            levels.inverse_temperature_function()(grid),
        ]
        values = [[np.atleast_1d(c)[i] for c in columns] for i in range(len(args.u))]
    else:
        backend = "mpmath"
        accuracy = f"{args.digits} significant digits"
        functions = [
            levels.saddle_point_function("mpmath", digits=args.digits),
            levels.entropy_function("mpmath", digits=args.digits),
            levels.inverse_temperature_function("mpmath", digits=args.digits),
        ]
        values = [[f(e.value) for f in functions] for e in args.u]
    texts = [[_number_text(v, args.digits) for v in row] for row in values]
    if args.format == "json":
        points = [
            {"u": e.text, "u_exact": str(e.value), **dict(zip(names, row, strict=True))}
            for e, row in zip(args.u, texts, strict=True)
        ]
        _emit_json(
            {
                "q": _q_label(q),
                "backend": backend,
                "digits": args.digits,
                "accuracy": accuracy,
                "points": points,
            },
            out,
        )
        return 0
    out.write(
        f"q = {_q_label(q)}: saddle point x*, entropy s = S/(N k_B), inverse temperature beta*eps\n"
    )
    out.write(f"{backend} backend, {accuracy}\n")
    _table(
        [["u", "x*", "s", "beta*eps"]]
        + [[e.text, *row] for e, row in zip(args.u, texts, strict=True)],
        out,
    )
    return 0


# -- count --------------------------------------------------------------------------
def _count(args: argparse.Namespace, out: TextIO) -> int:
    levels = EquispacedLevels(args.q)
    q, N = args.q, args.N
    if args.M is not None:
        omega = levels.multiplicity(N, args.M)
        if args.format == "json":
            _emit_json({"q": _q_label(q), "N": N, "M": args.M, "omega": _int_text(omega)}, out)
        else:
            out.write(f"Omega_{_q_label(q)}(N={N}, M={args.M}) = {_int_text(omega)}\n")
        return 0
    if not isinstance(q, int):
        raise DomainError(
            f"argument --M: a whole row needs a concrete integer q; q = {_q_label(q)} needs --M"
        )
    row = equispaced_row(q, N, max_bytes=ROW_LIMIT_BYTES)
    if args.format == "json":
        _emit_json({"q": _q_label(q), "N": N, "M": None, "row": [_int_text(c) for c in row]}, out)
        return 0
    out.write(f"Omega_{q}({N}, M) for M = 0..{len(row) - 1} (the row sums to {q}**{N} = ")
    out.write(f"{_int_text(q**N)}):\n")
    _table([["M", "Omega"]] + [[str(m), _int_text(c)] for m, c in enumerate(row)], out)
    return 0


# -- check --------------------------------------------------------------------------
def _report(result: CheckResult, out: TextIO, prefix: str = "") -> None:
    out.write(f"{prefix}verdict: {result}\n")


def _check(args: argparse.Namespace, out: TextIO) -> int:
    q = args.q
    levels = EquispacedLevels(q)
    symbolic = isinstance(q, sp.Symbol)
    u, x = symbols.u, symbols.x
    if args.saddle is not None:
        text, option, variable = args.saddle, "--saddle", x
        quantity = "the saddle-point equation's right-hand side u(x), eq. (18)"
    elif args.entropy is not None:
        text, option, variable = args.entropy, "--entropy", u
        quantity = "the entropy s(u) = S/(N k_B), eq. (19)"
    else:
        text, option, variable = args.beta, "--beta", u
        quantity = "the inverse temperature beta*eps(u), eq. (20)"
    allowed: dict[str, sp.Basic] = {str(variable): variable}
    if symbolic:
        allowed["q"] = symbols.q
    try:
        yours = parse_expression(text, allowed=allowed)
    except MesosymError as exc:
        raise type(exc)(f"argument {option}: {exc}") from None

    def ours_for(levels_: EquispacedLevels) -> tuple[sp.Expr, bool]:
        """Return mesosym's side, and whether SymPy may try to prove the identity."""
        qq = levels_.q
        closed = qq in (2, 3) or qq is sp.oo
        if option == "--saddle":
            return levels_.saddle_equation().rhs, True
        if option == "--entropy":
            return levels_.entropy(implicit=not closed), closed
        return levels_.inverse_temperature(implicit=not closed), closed

    def domain_for(qq: Any) -> dict[sp.Symbol, tuple[Any, Any]]:
        if variable is x:
            box: dict[sp.Symbol, tuple[Any, Any]] = {x: (0, 1) if qq is sp.oo else (0, 10)}
            if isinstance(qq, sp.Symbol):
                box[symbols.q] = (2, 12)
            return box
        return {u: (0, 10) if qq is sp.oo else (0, qq - 1)}

    out.write(f"checking {quantity} for q = {_q_label(q)}\n")
    out.write(f"yours:   {yours}\n")
    if symbolic and variable is u:
        out.write(
            "mesosym: x* has no closed form for symbolic q; checking at q = "
            f"{', '.join(map(str, CHECK_Q_VALUES))}\n"
        )
        for qq in CHECK_Q_VALUES:
            ours, provable = ours_for(EquispacedLevels(qq))
            result = check_identity(
                yours.subs(symbols.q, qq), ours, domain=domain_for(qq), simplify=provable
            )
            _report(result, out, prefix=f"  q = {qq}: ")
            if result.verdict is Verdict.REFUTED:
                out.write("verdict: refuted\n")
                return 1
        out.write(
            f"verdict: not refuted at q = {', '.join(map(str, CHECK_Q_VALUES))} "
            "(evidence, not a proof for all q)\n"
        )
        return 0
    ours, provable = ours_for(levels)
    out.write(f"mesosym: {ours}\n")
    result = check_identity(yours, ours, domain=domain_for(q), simplify=provable)
    _report(result, out)
    return 1 if result.verdict is Verdict.REFUTED else 0


# -- expand -------------------------------------------------------------------------
def _expand(args: argparse.Namespace, out: TextIO) -> int:
    q, K = args.q, args.order
    symbolic = isinstance(q, sp.Symbol)
    limit = MAX_ORDER_SYMBOLIC if symbolic else MAX_ORDER
    if K > limit:
        kind = "symbolic" if symbolic else "concrete"
        raise DomainError(f"argument --order: order must be <= {limit} for {kind} q; got {K}")
    levels = EquispacedLevels(q)
    if q is sp.oo:
        raise DomainError(
            "argument --q: the 1/N expansion needs a finite q (an integer >= 2 or q); got inf"
        )
    P = levels.polynomial if symbolic else sp.cancel(levels.polynomial)
    expansion = asymptotic_expansion(P, K)
    if args.format == "latex":
        out.write(latex(expansion) + "\n")
        return 0
    out.write(
        f"ln Omega_{_q_label(q)}(N, u N) = leading + gaussian + sum_(k=1..{K}) c_k / N**k "
        f"+ O(N**-{K + 1})\n"
    )
    out.write(f"where x = x*(u) solves   {sp.sstr(expansion.saddle.lhs)} = ")
    out.write(f"{sp.sstr(expansion.saddle.rhs)}\n")
    out.write(f"leading   = {expansion.leading}\n")
    out.write(f"gaussian  = {expansion.gaussian}\n")
    for k, c in enumerate(expansion.corrections, start=1):
        out.write(f"c_{k}".ljust(10) + f"= {c}\n")
    return 0


def _figure1(args: argparse.Namespace, out: TextIO) -> int:
    from . import figures  # matplotlib only for this command

    fig = figures.figure1(qs=tuple(args.qs))
    path = figures.save(fig, args.out)
    out.write(
        f"Fig. 1 (s and beta*eps against u for q = {', '.join(map(str, args.qs))}, "
        f"and q -> oo) written to {path}\n"
    )
    return 0


# -- the parser ---------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """Return the ``mesosym`` argument parser (see the module docstring).

    >>> build_parser().parse_args(["count", "--q", "inf", "--N", "3", "--M", "2"]).q
    oo
    """
    parser = argparse.ArgumentParser(
        prog="mesosym",
        description="Equations, numbers, counts and checks for N particles on q equispaced "
        "levels (the equispaced-level letter, eqs. 9-30).",
    )
    parser.add_argument("--version", action="version", version=f"mesosym {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    q_help = "number of levels: an integer >= 2, 'q' (symbolic) or 'inf'"

    def command(name: str, help_: str, handler: Callable[..., int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_)
        sub.add_argument("--q", type=_q_arg, required=True, help=q_help)
        sub.set_defaults(handler=handler)
        return sub

    formulas = command(
        "formulas", "the letter's equations for q, with its equation numbers", _formulas
    )
    formulas.add_argument("--format", choices=("text", "latex", "json"), default="text")

    evaluate = command("evaluate", "x*, s and beta*eps at given energies u", _evaluate)
    evaluate.add_argument(
        "--u", type=_energy_arg, nargs="+", required=True, help="energies per particle in [0, q-1]"
    )
    evaluate.add_argument(
        "--digits",
        type=_integer("digits", 1),
        default=None,
        help=f"significant digits with mpmath (1..{MAX_DIGITS}); default float64",
    )
    evaluate.add_argument("--format", choices=("text", "json"), default="text")

    count = command("count", "exact multiplicity Omega_q(N, M), or the whole row", _count)
    count.add_argument("--N", type=_integer("N", 0), required=True, help="number of particles")
    count.add_argument("--M", type=_integer("M", None), default=None, help="total energy quanta")
    count.add_argument("--format", choices=("text", "json"), default="text")

    check = command("check", "check a hand-derived formula against mesosym's", _check)
    which = check.add_mutually_exclusive_group(required=True)
    which.add_argument("--entropy", metavar="EXPR", help="s(u), in u")
    which.add_argument("--beta", metavar="EXPR", help="beta*eps(u), in u")
    which.add_argument("--saddle", metavar="EXPR", help="u(x), the saddle equation's right side")

    expand = command("expand", "the 1/N expansion of ln Omega", _expand)
    expand.add_argument(
        "--order", type=_integer("order", 0), required=True, help="number of 1/N corrections K"
    )
    expand.add_argument("--format", choices=("text", "latex"), default="text")

    figure = commands.add_parser(
        "figure1", help="Fig. 1 of the letter, to a file", description="Fig. 1 of the letter"
    )
    figure.add_argument("--out", required=True, help="output file: .png, .pdf or .svg")
    figure.add_argument(
        "--qs",
        type=_integer("q", 2),
        nargs="+",
        default=[2, 3, 4, 5, 10],
        help="finite q to draw (q -> oo is always drawn)",
    )
    figure.set_defaults(handler=_figure1)
    return parser


_FORMULA_OPTIONS = ("--entropy", "--beta", "--saddle")


def _join_formula_values(argv: Sequence[str]) -> list[str]:
    """Attach the value to a formula option, so that ``--entropy -u*ln(u)`` works.

    argparse takes a value starting with ``-`` for an option; a formula often
    starts with a minus sign.

    >>> _join_formula_values(["check", "--beta", "-ln(u)"])
    ['check', '--beta=-ln(u)']
    """
    out: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        if items[i] in _FORMULA_OPTIONS and i + 1 < len(items):
            out.append(f"{items[i]}={items[i + 1]}")
            i += 2
        else:
            out.append(items[i])
            i += 1
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 for a refuted ``check``, 2 for bad input.

    Examples
    --------
    >>> main(["count", "--q", "3", "--N", "3", "--M", "3"])
    Omega_3(N=3, M=3) = 7
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(_join_formula_values(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    if getattr(args, "digits", None) is not None and args.digits > MAX_DIGITS:
        print(
            f"mesosym: error: argument --digits: at most {MAX_DIGITS}; got {args.digits}",
            file=sys.stderr,
        )
        return 2
    try:
        return int(args.handler(args, sys.stdout))
    except BrokenPipeError:  # e.g. `mesosym count ... | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except MesosymError as exc:
        message = " ".join(str(exc).split())
        print(f"mesosym: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
