r"""``mesosym check``: a hand-derived claim, or a chain of steps, against mesosym.

``mesosym check --q Q (--entropy | --beta | --root | --saddle) CLAIM [--format text|json]``
    ``s(u)``, ``beta*eps(u)``, ``x*(u)`` (all in ``u``; ``x`` or ``x^*`` in an
    entropy or beta claim is the saddle point ``x*(u)``), or the saddle-point
    equation (its right-hand side ``u(x)``, or an equation in ``u`` and ``x``
    of any equivalent form).  The claim is plain text or LaTeX, detected
    automatically and never evaluated (:func:`mesosym.checking.claims.parse_claim`);
    ``q`` may appear when Q is symbolic; ``s/k_B =`` and ``S/(N k_B) =`` name
    the entropy; a ``\text{..}`` after the formula is dropped and a condition
    ``\text{where } x = ..`` substituted, each echoed as a note.  The parsed
    form is echoed as LaTeX with the verdict; a refutation names the slip
    when it recognises one (:mod:`mesosym.checking.slips`).
    A claim at one point -- ``s(1/2) = ln(2)``, ``s(u*) = ln(q)``,
    ``\beta\varepsilon(1) = 0``, ``x^*(1) = 1``, ``u(1) = 1/2`` for the saddle
    equation, or ``s(u) = \ln 2 \text{ for } u = 1/2`` -- is compared with
    mesosym's value there (:func:`mesosym.checking.formulas.check_point`): the report
    and the JSON (``"point"``) state the point, both values and their digits.
``mesosym check --q Q --steps FILE [--format text|json]``
    A chain pasted from an ``align`` environment (``&=``, ``\\``, one step a
    line; ``-`` reads standard input), each step checked against the one
    before as functions on the domain; a refutation names the first step that
    does not follow (1-based).

``mesosym check --levels L0 L1 ... (--entropy | --beta | --root | --saddle) CLAIM``
    The same for any integer levels (``--levels 0 1 3``; a level listed twice
    is degenerate): x*(u) is implicit, so a proof goes through x* as the
    variable, else 50-digit numerics decide.
``mesosym check --model ising|lattice-gas --sites N --cells K CLAIM [options]``
    A part-B claim (``\beta F = \sum_i \beta F_i - I``, ``\mathrm{TC} \ge I``)
    on the named chain cut into K cells (:mod:`mesosym.checking.model_claims`):
    ``--boundary open|periodic``, ``--coupling`` (beta J = K), ``--field``
    (beta h, default 0), ``--chemical-potential`` (beta mu), ``--particles``,
    ``--cell-size`` (the cells of Z_mes); a parameter not given is free.
    ``--sites A..B`` checks every size from A to B (those K divides).  A claim
    starting with '-' follows ``--`` or is given as ``--claim``.

Exit status: 0 equal (proved, or numerically equal, with the digits and the
number of points stated), 1 refuted, 2 input that cannot be read.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from fractions import Fraction
from typing import Any, NamedTuple, TextIO

import sympy as sp

from ..budget import short
from ..checking.claims import MAX_CHAIN_LENGTH, parse_claim, parse_steps
from ..checking.derivation import CheckResult, Verdict
from ..checking.formulas import (
    CHECK_Q_VALUES,
    ChainCheck,
    FormulaCheck,
    allowed_names,
    check_chain,
    check_formula,
    describe,
    quantity_of_claim,
    variable,
)
from ..checking.model_claims import MODELS, ModelCheck, check_model_claim
from ..checking.points import value_digits
from ..errors import DomainError, MesosymError, ParseError
from ..latex import latex
from ..output import read_text
from ..quantities import CHECKED, x_is_root
from ..symbols import q as q_symbol
from ..symbols import u, u_star, x
from ._common import (
    Q_HELP,
    add_output,
    emit_json,
    integer,
    q_arg,
    q_label,
    q_phrase,
    read_int,
)

__all__ = ["register", "run", "VALUE_OPTIONS", "read_claim", "ReadClaim", "sites_arg"]

#: Options whose value may start with "-" (a formula such as ``-u*ln(u)``).
VALUE_OPTIONS = (
    *(f"--{q.checker}" for q in CHECKED),
    "--claim",
    "--coupling",
    "--field",
    "--chemical-potential",
)

#: the checker's quantities, each an option --NAME (mesosym.quantities.CHECKED)
_QUANTITIES = tuple(q.checker for q in CHECKED if q.checker is not None)


def register(subparsers: Any) -> None:
    """Add the ``check`` command."""
    help_ = "check a hand-derived claim (plain text or LaTeX) or a chain of steps"
    parser = subparsers.add_parser("check", help=help_, description=help_)
    system = parser.add_mutually_exclusive_group()
    system.add_argument("--q", type=q_arg, help=Q_HELP)
    system.add_argument(
        "--levels",
        type=integer("levels", 0),
        nargs="+",
        metavar="L",
        help="any integer levels instead of q, including 0 (e.g. 0 1 3)",
    )
    system.add_argument("--model", choices=MODELS, help="a part-B claim on this chain")
    which = parser.add_mutually_exclusive_group()
    for quantity in CHECKED:
        which.add_argument(
            f"--{quantity.checker}", metavar="CLAIM", help=f"{quantity.meaning}, {quantity.reading}"
        )
    which.add_argument(
        "--steps", metavar="FILE", help="a chain of steps, one a line ('-': standard input)"
    )
    which.add_argument("--claim", metavar="CLAIM", help="the part-B claim (with --model)")
    parser.add_argument("claim_text", nargs="?", metavar="CLAIM", help="the part-B claim")
    model = parser.add_argument_group("part-B claims (with --model)")
    model.add_argument("--sites", type=sites_arg, help="N, or a range A..B")
    model.add_argument("--cells", type=integer("cells", 1), default=2, help="equal cells (2)")
    model.add_argument("--boundary", choices=("open", "periodic"), default="open")
    model.add_argument("--coupling", type=_number("coupling"), help="beta J (K); free if absent")
    model.add_argument("--field", type=_number("field"), help="beta h (0)")
    model.add_argument(
        "--chemical-potential", type=_number("chemical-potential"), help="beta mu; free if absent"
    )
    model.add_argument("--particles", type=integer("particles", 0), help="a fixed particle number")
    model.add_argument("--cell-size", type=integer("cell-size", 1), help="the cells of Z_mes")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_output(parser, "the verdict")
    parser.set_defaults(handler=run)


def sites_arg(text: str) -> Any:
    """Read ``--sites``: an integer >= 1, or a range ``A..B`` (both included).

    >>> sites_arg("12"), sites_arg("4..8")
    (12, range(4, 9))
    """
    first, dots, last = text.strip().partition("..")
    try:
        low = read_int(first)
        high = read_int(last) if dots else low
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sites must be an integer >= 1 or a range A..B; got {short(text)}"
        ) from None
    if low < 1 or high < low:
        raise argparse.ArgumentTypeError(f"sites must satisfy 1 <= A <= B; got {short(text)}")
    return range(low, high + 1) if dots else low


def _number(name: str) -> Any:
    def read(text: str) -> Fraction:
        try:
            value = Fraction(text.strip().replace("\u2212", "-"))
        except (ValueError, ZeroDivisionError):
            raise argparse.ArgumentTypeError(
                f"{name} must be a number (a decimal or a fraction p/q); got {short(text)}"
            ) from None
        if abs(value) > 10**6 or len(text) > 60:
            raise argparse.ArgumentTypeError(f"{name} must lie in [-1e6, 1e6]; got {short(text)}")
        return value

    return read


class ReadClaim(NamedTuple):
    """A claim as :func:`read_claim` reads it."""

    expression: sp.Basic
    notation: str
    notes: tuple[str, ...]
    #: The value of the quantity's variable for a claim at one point, else None.
    at: sp.Expr | None = None


def read_claim(text: str, q: Any, quantity: str) -> ReadClaim:
    r"""Read ``text`` as a claim about ``quantity``: the expression (or equation), notation, notes.

    A saddle claim may be an equation in ``u`` and ``x``; any claim may name
    its quantity on the left (``s = ...``, ``s/k_B = ...``, ``x^* = ...``).
    The notes say which prose was dropped and which condition substituted.
    A claim at one point (``s(1/2) = \ln 2``, ``\text{at } u = u^*``) gives
    the point as ``at``.

    >>> read_claim(r"u\,(1 + x) = x", 2, "saddle")[0]
    Eq(u*(x + 1), x)
    >>> read_claim(r"\beta\varepsilon = -\ln x \text{ where } x = u", 2, "beta")[2]
    ('substituted the condition x = u',)
    >>> read_claim("s(1/2) = ln(2)", 2, "entropy").at
    1/2
    """
    names = allowed_names(q, quantity)
    if "k_B" in names:  # the LaTeX reader reaches k_B through k; a bare k is refused later
        names["k"] = sp.Symbol("k")
    try:
        claim = parse_claim(text, allowed=names)
    except ParseError as error:
        if quantity != "saddle" or text.count("=") != 1:
            raise
        left, right = text.split("=")
        try:
            sides = [parse_claim(side, allowed=names) for side in (left, right)]
        except ParseError:
            raise error from None
        notation = "latex" if "latex" in (sides[0].notation, sides[1].notation) else "text"
        if any(side.point is not None for side in sides):
            raise ParseError(
                "a point is read on a claim with one '=': write u(1) = .. or .."
            ) from None
        return ReadClaim(
            sp.Eq(sides[0].expression, sides[1].expression, evaluate=False), notation, ()
        )
    quantity_of_claim(claim.quantity, quantity)
    notes = claim.notes
    notes += tuple(f"substituted the condition {s} = {v}" for s, v in claim.conditions)
    notes += tuple(
        f"dropped the annotation {short(text)} (text is never read)" for text in claim.annotations
    )
    at = None
    if claim.point is not None:
        symbol, at = claim.point
        wanted = variable(quantity)
        if str(symbol) != str(wanted):
            if quantity == "saddle":
                raise ParseError(
                    f"the point {symbol} = {at}: the saddle equation is checked as u(x); "
                    f"state its point as x = .."
                )
            raise ParseError(
                f"the point {symbol} = {at}: in a claim about {describe(quantity)}, x stands "
                "for x*(u); state the point as u = .."
            )
    return ReadClaim(claim.expression, claim.notation, notes, at)


def _levels(q: Any) -> list[int] | None:
    """The levels of a spectrum given by --levels (None for q equal levels)."""
    g = getattr(q, "degeneracies", None)
    if g is None or hasattr(q, "q"):
        return None
    return [level for level, count in enumerate(g) for _ in range(count)]


def _label(q: Any) -> str:
    levels = _levels(q)
    return q_label(q) if levels is None else "levels " + " ".join(map(str, levels))


def _system(q: Any) -> str:
    levels = _levels(q)
    return q_phrase(q) if levels is None else "the levels " + ", ".join(map(str, levels))


def _tex(expr: Any, quantity: str = "") -> str:
    if x_is_root(quantity):  # x stands for x*(u): show it so
        expr = expr.xreplace({x: sp.Symbol("x^{*}", positive=True)})
    if isinstance(expr, sp.Equality):
        return f"{latex(expr.lhs)} = {latex(expr.rhs)}"
    return latex(expr)


def _counterexample(result: CheckResult) -> dict[str, str] | None:
    if result.counterexample is None:
        return None
    return {str(k): str(v) for k, v in result.counterexample.items()}


def _claim_json(outcome: FormulaCheck, notation: str) -> dict[str, Any]:
    last_q, last = outcome.results[-1]
    return {
        "q": _label(outcome.q),
        "quantity": outcome.quantity,
        "verdict": outcome.verdict.value,
        "parsed": _tex(outcome.yours, outcome.quantity),
        "notation": notation,
        "reference": None if outcome.reference is None else latex(outcome.reference),
        "method": last.method,
        "points": last.points,
        "max_difference": last.as_dict()["max_difference"],
        "counterexample": _counterexample(last),
        "counterexample_q": q_label(last_q) if last.counterexample is not None else None,
        "slip": None if outcome.slip is None else outcome.slip.as_dict(),
        "notes": list(outcome.notes) + [n for _, r in outcome.results for n in r.notes],
        "checked_at_q": [q_label(qq) for qq, _ in outcome.results] if outcome.sampled else None,
        "point": _point_json(outcome),
    }


def _point_json(outcome: FormulaCheck) -> dict[str, Any] | None:
    if outcome.point is None:
        return None
    var, given = outcome.point
    values: dict[str, str | None] = {"yours": None, "mesosym": None}
    last_q, last = outcome.results[-1]
    for key, side in (("yours", last.lhs), ("mesosym", last.rhs)):
        if isinstance(side, sp.Expr) and side.is_number:
            values[key] = (
                "oo" if side is sp.oo else "-oo" if side is -sp.oo else value_digits(side, 30)
            )
    return {
        "variable": str(var),
        "value": str(given),
        "latex": latex(given),
        "yours": None if last.lhs is None else latex(last.lhs),
        "mesosym": None if last.rhs is None else latex(last.rhs),
        "numeric": values,
        "at_q": q_label(last_q),  # the q of the values above (a concrete one for symbolic q)
        "every_q": None if outcome.general is None else latex(outcome.general),
    }


def _point_words(outcome: FormulaCheck, q: Any = None) -> str:
    """`` at u = u^* = 1/2``: the point, and its value at ``q`` (default: the q asked about)."""
    if outcome.point is None:
        return ""
    q = outcome.q if q is None else q
    var, given = outcome.point
    words = f" at {var} = {given}"
    if isinstance(q, sp.Symbol):
        return words
    star = sp.oo if q is sp.oo else sp.Rational(q - 1, 2)
    here = given.subs({u_star: star, q_symbol: q})
    return words + (f" = {here}" if here != given else "")


def _values_words(outcome: FormulaCheck) -> str | None:
    """``yours 0, mesosym 0.693..``: both values of the last check, when both are numbers."""
    point = _point_json(outcome)
    if point is None or None in point["numeric"].values():
        return None
    return f"yours {point['numeric']['yours']}, mesosym {point['numeric']['mesosym']}"


def _claim_text(outcome: FormulaCheck, notation: str, out: TextIO) -> None:
    out.write(
        f"checking {describe(outcome.quantity)} for {_system(outcome.q)}{_point_words(outcome)}\n"
    )
    out.write(f"read ({notation}) as: {_tex(outcome.yours, outcome.quantity)}\n")
    last_q, last = outcome.results[-1]
    if outcome.point is not None and not outcome.sampled and last.lhs is not None:
        out.write(f"your value{_point_words(outcome)}: {_tex(last.lhs)}\n")
    for note in outcome.notes:
        out.write(f"note: {note}\n")
    if outcome.sampled:
        tried = ", ".join(map(str, CHECK_Q_VALUES))
        if outcome.point is None:
            out.write(f"mesosym: x* has no closed form for symbolic q; checking at q = {tried}\n")
        elif outcome.general is not None:
            out.write(
                f"mesosym{_point_words(outcome)}: {latex(outcome.general)} for every q; yours "
                f"is not proved equal to it, so it is checked at q = {tried}\n"
            )
        else:
            out.write(f"mesosym: no value for every q at this point; checking at q = {tried}\n")
        for qq, result in outcome.results:
            out.write(f"  q = {qq}: verdict: {result}\n")
        checked = ", ".join(str(qq) for qq, _ in outcome.results)
        if outcome.verdict is not Verdict.REFUTED:
            out.write(f"verdict: not refuted at q = {checked} (evidence, not a proof for all q)\n")
            return
        if outcome.point is not None and last.lhs is not None and last.rhs is not None:
            out.write(
                f"compared at q = {last_q}, {_point_words(outcome, last_q)[4:]}: yours "
                f"{_tex(last.lhs)}, "
                f"mesosym {_tex(last.rhs)}\n"
            )
            values = _values_words(outcome)
            if values is not None:
                out.write(f"values at q = {last_q}: {values}\n")
        out.write(f"verdict: refuted at q = {last_q}\n")
    else:
        assert outcome.reference is not None
        out.write(f"mesosym{_point_words(outcome)}: {latex(outcome.reference)}\n")
        values = _values_words(outcome)
        if values is not None:
            out.write(f"values: {values}\n")
        result = outcome.results[0][1]
        out.write(f"verdict: {result}\n")
        for note in result.notes:
            out.write(f"note: {note}\n")
    if outcome.slip is not None:
        out.write(f"slip: your formula {outcome.slip.describe()}\n")


def _read_steps(path: str) -> str:
    if path == "-":
        return sys.stdin.read(MAX_CHAIN_LENGTH + 1)
    return read_text(path, MAX_CHAIN_LENGTH + 1, "argument --steps")


def _steps(args: argparse.Namespace, out: TextIO) -> int:
    q = args.q
    names: dict[str, sp.Basic] = {"u": u, "x": x}
    if isinstance(q, sp.Symbol):
        names["q"] = q_symbol
    try:
        chain = parse_steps(_read_steps(args.steps), allowed=names)
    except ParseError as exc:
        raise ParseError(f"argument --steps: {exc}") from None
    if len(chain.steps) < 2:
        raise ParseError("argument --steps: a chain needs at least two steps; got 1")
    outcome: ChainCheck = check_chain(
        q, [st.expression for st in chain.steps], quantity=chain.quantity
    )
    failed = outcome.first_failed_step
    ends = {"first": outcome.first, "last": outcome.last}
    if args.format == "json":
        checked = dict(enumerate(outcome.results, start=1))  # step index -> its check
        rows = [
            {
                "step": st.number,
                "line": st.line,
                "parsed": latex(st.expression),
                "verdict": checked[i].verdict.value if i in checked else None,
                "method": checked[i].method if i in checked else None,
                "counterexample": _counterexample(checked[i]) if i in checked else None,
            }
            for i, st in enumerate(chain.steps)
        ]
        emit_json(
            {
                "q": q_label(q),
                "verdict": "refuted" if failed else _chain_verdict(outcome).value,
                "first_failed_step": failed,
                "slip": None if outcome.slip is None else outcome.slip.as_dict(),
                "notes": list(outcome.notes),
                "quantity": chain.quantity,
                "against_quantity": {
                    k: None if r is None else {"verdict": r.verdict.value, "method": r.method}
                    for k, r in ends.items()
                },
                "steps": rows,
            },
            out,
        )
        return 1 if failed else 0
    out.write(f"checking a chain of {len(chain.steps)} steps for {q_phrase(q)}\n")
    for note in outcome.notes:
        out.write(f"note: {note}\n")
    for i, st in enumerate(chain.steps):
        out.write(f"step {st.number} (line {st.line}): {latex(st.expression)}\n")
        if i == 0 and outcome.first is not None:
            out.write(f"  against {chain.quantity}: {outcome.first}\n")
            if outcome.first.verdict is Verdict.REFUTED:
                break
        if i and i - 1 < len(outcome.results):
            result = outcome.results[i - 1]
            out.write(f"  from step {st.number - 1}: {result}\n")
            if result.verdict is Verdict.REFUTED:
                break
    if outcome.last is not None:
        out.write(f"last step against {chain.quantity}: {outcome.last}\n")
    if failed:
        against = failed == 1 or failed - 1 > len(outcome.results)
        base = f"mesosym's {chain.quantity}" if against else f"step {failed - 1}"
        if against:
            out.write(f"verdict: step {failed} is not {chain.quantity}\n")
        else:
            out.write(f"verdict: step {failed} does not follow from step {failed - 1}\n")
        if outcome.slip is not None:
            out.write(f"slip: step {failed} {outcome.slip.describe()} ({base})\n")
        return 1
    out.write(f"verdict: every step holds ({_chain_verdict(outcome).value})\n")
    return 0


def _chain_verdict(outcome: ChainCheck) -> Verdict:
    ends = [r for r in (outcome.first, outcome.last) if r is not None]
    verdicts = {r.verdict for r in (*outcome.results, *ends)}
    return Verdict.PROVED if verdicts == {Verdict.PROVED} else Verdict.NUMERIC


def _model(args: argparse.Namespace, out: TextIO) -> int:
    claim = args.claim if args.claim is not None else args.claim_text
    if claim is None:
        raise DomainError("argument --model: give the claim (CLAIM, or --claim CLAIM)")
    if args.sites is None:
        raise DomainError("argument --sites: required with --model (N, or a range A..B)")
    if any(getattr(args, n) is not None for n in (*_QUANTITIES, "steps")):
        raise DomainError("argument --model: a part-B claim is given as CLAIM, not --entropy ...")
    # its errors name their own argument (cells, sites, the claim): no "--model" prefix
    outcome = check_model_claim(
        claim,
        model=args.model,
        sites=args.sites,
        cells=args.cells,
        boundary=args.boundary,
        coupling=args.coupling,
        field=0 if args.field is None else args.field,
        chemical_potential=args.chemical_potential,
        particles=args.particles,
        cell_size=args.cell_size,
    )
    if args.format == "json":
        emit_json(outcome.as_dict(), out)
    else:
        _model_text(outcome, args, out)
    return 1 if outcome.verdict is Verdict.REFUTED else 0


def _model_text(outcome: ModelCheck, args: argparse.Namespace, out: TextIO) -> None:
    sizes = outcome.sizes
    where = f"N = {sizes[0]}" if len(sizes) == 1 else f"N = {sizes[0]}..{sizes[-1]}"
    free = ", ".join(outcome.free) or "none"
    out.write(
        f"checking on the {args.model} chain ({where}, {args.cells} cells, {args.boundary}; "
        f"free: {free})\n"
    )
    out.write(f"read as: {outcome.claim.latex()}\n")
    for note in outcome.notes:
        out.write(f"note: {note}\n")
    verdict = outcome.verdict.value
    if outcome.claim.relation != "=" and outcome.verdict is Verdict.NUMERIC:
        verdict = "holds numerically, not proved"
    out.write(f"verdict: {verdict} ({outcome.method})\n")
    if outcome.counterexample is not None and outcome.values is not None:
        point = ", ".join(f"{k} = {v}" for k, v in outcome.counterexample.items())
        out.write(f"counterexample: {point}\n")
        out.write(f"values: left {outcome.values['lhs']}, right {outcome.values['rhs']}\n")
        for name, value in outcome.values.items():
            if name not in ("lhs", "rhs"):
                out.write(f"  {name} = {value}\n")
    if outcome.balance is not None:
        out.write(f"the exact relation: {outcome.balance['relation']}\n")
        terms = ", ".join(f"{k} = {v}" for k, v in outcome.balance.items() if k != "relation")
        out.write(f"  there: {terms}\n")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print the comparison; return 1 if refuted, else 0."""
    if args.model is not None:
        return _model(args, out)
    if args.claim is not None or args.claim_text is not None:
        raise DomainError("a claim as CLAIM is read with --model; give --entropy, --beta ...")
    if args.q is None and args.levels is None:
        raise DomainError("one of --q, --levels or --model is required")
    if args.steps is not None:
        if args.levels is not None:
            raise DomainError("argument --steps: a chain is checked for --q")
        return _steps(args, out)
    if not any(getattr(args, n) is not None for n in _QUANTITIES):
        flags = ", ".join(f"--{name}" for name in _QUANTITIES)
        raise DomainError(f"one of {flags} or --steps is required")
    q = args.q
    if args.levels is not None:
        from ..levels.spectrum import Spectrum

        q = Spectrum.from_levels(args.levels)
    quantity = next(n for n in _QUANTITIES if getattr(args, n) is not None)
    try:
        yours, notation, notes, at = read_claim(getattr(args, quantity), q, quantity)
        outcome = check_formula(q, quantity, yours, at=at)
        outcome = dataclasses.replace(outcome, notes=notes + outcome.notes)
    except MesosymError as exc:
        raise type(exc)(f"argument --{quantity}: {exc}") from None
    if args.format == "json":
        emit_json(_claim_json(outcome, notation), out)
    else:
        _claim_text(outcome, notation, out)
    return 1 if outcome.verdict is Verdict.REFUTED else 0
