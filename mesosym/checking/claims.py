r"""Reading a claim, or a chain of steps, as a user pastes it: LaTeX or plain text.

A claim is one formula, optionally preceded by the quantity it gives:
``s = -u\ln u-(1-u)\ln(1-u)`` or ``x* = u/(1 + u)``.  :func:`parse_claim`
detects the notation (:func:`is_latex`), reads the formula with
:func:`mesosym.checking.parse_latex.parse_latex` or :func:`mesosym.checking.parse.parse_expression`
-- neither evaluates any text -- and returns a :class:`Claim` holding the
quantity, the expression and the notation; :meth:`Claim.latex` echoes the
parsed form, so that a misreading cannot pass silently.

:func:`parse_steps` reads a chain pasted from an ``align`` environment
(``\begin{align} ... \end{align}`` optional, ``&=``, ``\\`` between lines,
``=`` chains on one line, comments after ``&&`` or from ``\text{..}`` on
dropped) into a :class:`Chain` of :class:`ChainStep`, each
with its 1-based number and the line it starts on, for a checker to verify
each step against the one before.

Quantities a claim may name on its left-hand side (the key in :data:`QUANTITIES`):

=============  ==============================================  ==========================
key            LaTeX                                           plain text
=============  ==============================================  ==========================
``s``          ``s``, ``s(u)``                                 ``s``, ``s(u)``
``s``          ``s/k_B``, ``\frac{s}{k_B}``, ``S/(N k_B)``,     ``s/k_B``, ``S/(N*k_B)``
               ``\frac{S}{N k_B}`` (entropy in units of k_B)
``x_star``     ``x^*``, ``x_*``, ``x^{\ast}``, ``x^*(u)``      ``x*``, ``x_star``
``u``          ``u``                                           ``u``
``beta_eps``   ``\beta\varepsilon``, ``\beta\epsilon``         ``beta*eps``, ``beta_eps``
``beta``       ``\beta``                                       ``beta``
=============  ==============================================  ==========================

The left-hand sides with ``k_B`` are the entropy in units of Boltzmann's
constant, per particle (``s/k_B``) or in total (``S/(N k_B)``): the
dimensionless ``s(u)`` itself.  They are generated from one table
(``_PER_K_B``); ``S/N k_B`` is refused, as it reads ``(S/N) k_B``.

Text in a LaTeX claim is never evaluated.  ``\text{..}`` after the formula
is an annotation, dropped and listed in :attr:`Claim.annotations`
(``\beta\varepsilon = \ln\frac{1-u}{u} \text{ (eq. 23)}``).  A text ending
in ``for``, ``at``, ``where``, ``with``, ``when`` or ``and`` introduces
conditions ``symbol = value`` (several separated by commas), substituted into
the formula in the order written and listed in :attr:`Claim.conditions`:
``\beta\varepsilon = -\ln x \quad \text{where } x = \frac{u}{1-u}`` is
``-\ln\frac{u}{1-u}``.

A claim at one point fixes the variable, ``u`` (``x`` for the saddle
equation's ``u(x)``), to one number, and is held in :attr:`Claim.point`
rather than substituted: with the argument, in LaTeX or plain text
(``s(1/2) = \ln 2``, ``s(1/2) = ln(2)``, ``\beta\varepsilon(1) = 0``,
``x^*(1) = 1``, ``u(1) = 1/2``), or with a condition
(``s(u) = \ln 2 \text{ for } u = 1/2``, the formula then being evaluated
there).  The value is a number, or an expression in ``q`` when ``q`` is
allowed; ``u^*``, ``u_*`` (plain text ``u*``, ``u_star``) is the letter's
``u* = (q - 1)/2`` of eq. (21), the entropy maximum -- the only meaning
the letter gives it, so it is read so and nowhere else (not inside a
formula).  One point per claim; fixing another symbol to a number is refused.
So are inequalities (``\text{for } 0 < u < 1``), a condition on a symbol
the formula does not use or defining a symbol through itself, math after
prose, and text inside a formula.  In a chain (:func:`parse_steps`),
everything from a row's first ``\text{..}`` on is a comment, dropped.

Examples
--------
>>> from mesosym.checking.claims import parse_claim
>>> claim = parse_claim(r"s = -u\ln u-(1-u)\ln(1-u)")
>>> claim.quantity, claim.notation
('s', 'latex')
>>> claim.expression
-u*log(u) - (1 - u)*log(1 - u)
>>> parse_claim("beta*eps = log((1 - u)/u)").expression
log((1 - u)/u)
>>> claim = parse_claim(r"\frac{S}{N k_B} = \ln 2 + u \quad \text{(eq. 22)}")
>>> claim.quantity, claim.expression, claim.annotations
('s', u + log(2), ('(eq. 22)',))
>>> parse_claim(r"\beta\varepsilon = -\ln x \text{ where } x = \frac{u}{1-u}").expression
-log(u/(1 - u))
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, cast

import sympy as sp

from .. import symbols as _symbols
from ..budget import short
from ..errors import ParseError
from ..quantities import CLAIMED
from .notation import (
    DERIVATIVES,
    LEFT_NAMES,
    RIGHT_NAMES,
    Reading,
    in_units,
    pasted_to_latex,
    read_left_side,
)
from .parse import DEFAULT_NAMES, MAX_LENGTH, parse_expression, size_problem
from .parse_latex import _GREEK as _GREEK_NAMES
from .parse_latex import (
    LATEX_NAMES,
    SADDLE_KEY,
    _comma_between_digits,
    _lex,
    _math_after_prose,
    _parse_tokens,
    _Segment,
    _segments,
    _Text,
    _Tok,
)

__all__ = [
    "Claim",
    "ChainStep",
    "Chain",
    "QUANTITIES",
    "MAX_CHAIN_LENGTH",
    "is_latex",
    "parse_claim",
    "parse_steps",
]

#: The quantities a claim may name (:data:`mesosym.quantities.CLAIMED`), and what each is.
QUANTITIES: Mapping[str, str] = {q.claim: q.meaning for q in CLAIMED if q.claim is not None}

#: Longest accepted chain of steps, in characters (each step within MAX_LENGTH).
MAX_CHAIN_LENGTH = 20 * MAX_LENGTH

Notation = Literal["latex", "text"]

# Left-hand sides, as the LaTeX tokens spell them (braces dropped, \ast -> *), and in text.
_LATEX_QUANTITIES: dict[str, str] = {
    spelled: q.claim for q in CLAIMED if q.claim is not None for spelled in q.latex_spellings
}
_TEXT_QUANTITIES: dict[str, str] = {
    spelled: q.claim for q in CLAIMED if q.claim is not None for spelled in q.text_spellings
}
# The entropy in units of Boltzmann's constant is s itself: s/k_B, \frac{s}{k_B}, and
# the total entropy S/(N k_B).  Numerator -> the spellings of its denominator
# (spaces dropped; in LaTeX a * may also be written \cdot).
_PER_K_B: Mapping[str, tuple[str, ...]] = {
    "s": ("k_B",),
    "s(u)": ("k_B",),
    "S": ("Nk_B", "k_BN", "N*k_B", "k_B*N"),
}


def _per_k_b(latex: bool) -> dict[str, str]:
    """The left-hand sides ``s/k_B``, ``S/(N k_B)`` ... as spelled (braces dropped) -> ``s``."""
    out = {}
    for top, bottoms in _PER_K_B.items():
        for written in bottoms:
            for bottom in dict.fromkeys(
                [written, written.replace("*", r"\cdot")] if latex else [written]
            ):
                out[f"{top}/({bottom})"] = "s"
                if bottom == "k_B":  # s/k_B; S/Nk_B would be ambiguous
                    out[f"{top}/{bottom}"] = "s"
                if latex:
                    for frac in ("frac", "dfrac", "tfrac"):
                        out[f"\\{frac}{top}{bottom}"] = "s"
    return out


_LATEX_QUANTITIES.update(_per_k_b(latex=True))
_TEXT_QUANTITIES.update(_per_k_b(latex=False))
_ENVIRONMENTS = frozenset(
    {"align", "align*", "aligned", "equation", "equation*", "eqnarray", "eqnarray*",
     "gather", "gather*", "split", "multline", "multline*", "displaymath", "math"}
)  # fmt: skip
# What only LaTeX writes (plain text never has it).
_LATEX_ONLY = re.compile(r"[\\{}]")
# Characters only LaTeX (or a PDF) would put in a formula.
_LATEX_MARKS = re.compile(r"[\\{}&]|\^\*|_\*|[\u03b2\u03b5\u03f5\u03c0\u221e]")


@dataclass(frozen=True)
class Claim:
    r"""A parsed claim: which quantity it gives (or None), the expression, the notation read.

    Examples
    --------
    >>> c = parse_claim(r"x^* = \frac{u}{1+u}")
    >>> c.quantity, c.expression, c.latex()
    ('x_star', u/(u + 1), '\\frac{u}{u + 1}')
    """

    quantity: str | None
    expression: sp.Expr
    notation: Notation
    text: str
    #: The conditions substituted into the expression (``\text{where } x = ..``), in order.
    conditions: tuple[tuple[sp.Symbol, sp.Expr], ...] = ()
    #: The prose dropped from the text (``\text{ (eq. 22)}``), never read.
    annotations: tuple[str, ...] = ()
    #: For a claim at one point, ``(variable, value)``: ``(u, 1/2)`` for ``s(1/2) = \ln 2``
    #: or ``\text{for } u = 1/2``; the value may be :data:`mesosym.symbols.u_star`.
    point: tuple[sp.Symbol, sp.Expr] | None = None
    #: How the notation was read: a left-hand side in temperature form, units cancelled.
    notes: tuple[str, ...] = ()

    def latex(self) -> str:
        """The parsed expression as LaTeX, from mesosym's printer (the echo shown to the user)."""
        from ..latex import latex  # the printer sits above the readers

        return str(latex(self.expression))

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


@dataclass(frozen=True)
class ChainStep:
    r"""One step of a chain, with where it stands: all positions 1-based.

    ``number`` counts the steps, ``line`` is the line of the text it starts
    on, ``row`` the row of the ``align`` (rows end at ``\\``; in plain text a
    row is a line).
    """

    number: int
    line: int
    row: int
    expression: sp.Expr
    text: str


@dataclass(frozen=True)
class Chain:
    r"""A chain of steps, each to be checked against the one before.

    Examples
    --------
    >>> chain = parse_steps(r'''\begin{align}
    ...   s &= -u\ln u - (1-u)\ln(1-u) \\
    ...     &= -\ln(1-u) - u\ln\frac{u}{1-u}
    ... \end{align}''')
    >>> chain.quantity, [(step.number, step.line) for step in chain.steps]
    ('s', [(1, 2), (2, 3)])
    """

    quantity: str | None
    steps: tuple[ChainStep, ...]
    notation: Notation
    #: How the notation was read (a left-hand side in temperature form, units cancelled).
    notes: tuple[str, ...] = ()


def is_latex(text: str) -> bool:
    r"""True when ``text`` reads as LaTeX: a backslash, a brace, ``&``, ``^*``, ``_*`` or β ε π ∞.

    Examples
    --------
    >>> is_latex(r"u\ln u"), is_latex("u*ln(u)"), is_latex("x^{2}")
    (True, False, True)
    """
    return bool(_LATEX_MARKS.search(text))


def _check(text: object, limit: int) -> str:
    if not isinstance(text, str):
        raise ParseError(f"the claim must be a string; got {type(text).__name__}")
    if len(text) > limit:
        raise ParseError(f"the text has {len(text)} characters; the budget is {limit}")
    if not text.strip():
        raise ParseError("the claim is empty")
    return text


def _check_allowed(allowed: object) -> None:
    if allowed is not None and (
        not isinstance(allowed, Mapping) or not all(isinstance(k, str) for k in allowed)
    ):
        raise ParseError(f"allowed must map names to SymPy objects; got {type(allowed).__name__}")


def _latex_names(allowed: Mapping[str, sp.Basic] | None) -> Mapping[str, sp.Basic]:
    _check_allowed(allowed)
    if allowed is None:
        return LATEX_NAMES
    names = dict(allowed)
    if "x" in names:
        names.setdefault(SADDLE_KEY, names["x"])
    for spacing in ("eps", "epsilon"):
        if spacing in names:
            names.setdefault("epsilon", names[spacing])
            names.setdefault("varepsilon", names[spacing])
    return names


def _text_names(allowed: Mapping[str, sp.Basic] | None) -> Mapping[str, sp.Basic] | None:
    _check_allowed(allowed)
    if allowed is None:
        return None
    return {key: value for key, value in allowed.items() if key.isidentifier()}


def _shifted(error: ParseError, text: str, offset: int) -> ParseError:
    """Re-aim an error about ``text[offset:]`` at the whole ``text``."""

    def move(match: re.Match[str]) -> str:
        pos = offset + int(match.group(1)) - 1
        return f"at {_Text(text).where(pos)}"

    return ParseError(re.sub(r"at column (\d+)", move, str(error), count=1))


# -- LaTeX -------------------------------------------------------------------


def _depth_split(toks: list[_Tok], kind: str, text: str) -> tuple[list[list[_Tok]], list[_Tok]]:
    """Split tokens at ``kind``/``text`` tokens outside any group: the pieces and separators."""
    pieces: list[list[_Tok]] = [[]]
    separators: list[_Tok] = []
    depth = 0
    for tok in toks:
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth = max(depth - 1, 0)
        if depth == 0 and tok.kind == kind and tok.text == text:
            pieces.append([])
            separators.append(tok)
        else:
            pieces[-1].append(tok)
    return pieces, separators


def _spelling(toks: list[_Tok]) -> str:
    out = []
    for tok in toks:
        if tok.kind == "macro" and tok.text in ("mathrm", "rm", "text"):
            continue  # k_{\mathrm{B}} is k_B
        if tok.kind == "note":
            out.append(tok.text.strip())
        elif tok.kind == "macro":
            out.append("\\" + tok.text)
        elif tok.kind == "op" and tok.text == "cdot":
            out.append(r"\cdot")
        elif tok.kind == "op" and tok.text == "star":
            out.append("*")
        elif tok.text in ("{", "}") and not tok.sized:
            continue
        else:
            out.append(tok.text)
    return "".join(out)


def _latex_expression(src: _Text, toks: list[_Tok], names: Mapping[str, sp.Basic]) -> sp.Expr:
    end = toks[-1].end if toks else 0
    if toks and end - toks[0].pos > MAX_LENGTH:
        raise src.fail(
            f"a formula of {end - toks[0].pos} characters",
            toks[0].pos,
            f"; the budget is MAX_LENGTH = {MAX_LENGTH}",
        )
    return _parse_tokens(src, [*toks, _Tok("eof", "", end, end)], names)


def _snippet(src: _Text, toks: list[_Tok]) -> str:
    return src.snippet(toks[0].pos, toks[-1].end) if toks else ""


def _accepted(table: Mapping[str, str], latex: bool) -> str:
    extra = _per_k_b(latex)
    base = ", ".join(key for key in table if key not in extra)
    return base + (r", s/k_B, \frac{s}{k_B}, S/(N k_B)" if latex else ", s/k_B, S/(N*k_B)")


def _latex_quantity(src: _Text, lhs: list[_Tok], *, strict: bool) -> str | None:
    quantity = _LATEX_QUANTITIES.get(_spelling(lhs))
    if quantity is None and strict:
        accepted = _accepted(_LATEX_QUANTITIES, latex=True)
        raise src.fail(
            f"the left-hand side '{_snippet(src, lhs)}' is not a quantity mesosym checks",
            lhs[0].pos if lhs else 0,
            f"; accepted: {accepted}",
        )
    return quantity


def _is_amp(tok: _Tok) -> bool:
    return tok.kind == "op" and tok.text == "&"


def _without_annotation(row: list[_Tok]) -> list[_Tok]:
    r"""The formula part of an align row: before ``&&`` or ``\text{..}``, without ``&``."""
    for index, tok in enumerate(row):
        if _is_amp(tok) and index + 1 < len(row) and _is_amp(row[index + 1]):
            row = row[:index]
            break
    return [tok for tok in _segments(row)[0].toks if not _is_amp(tok)]


def _strip_punctuation(toks: list[_Tok]) -> list[_Tok]:
    while toks and toks[-1].kind == "op" and toks[-1].text in ",.;":
        toks = toks[:-1]
    return toks


# How u* = (q - 1)/2 (eq. 21) may be written as a point (braces dropped, \ast -> *).
_U_STAR_SPELLINGS = frozenset({"u^*", "u_*"})
_TEXT_U_STAR = frozenset({"u*", "u^*", "u_star"})


def _variables(names: Mapping[str, sp.Basic]) -> set[sp.Basic]:
    """The symbols a point may fix: u, and x (the variable of the saddle equation)."""
    return {names[key] for key in ("u", "x") if key in names}


def _fixes(value: sp.Expr, names: Mapping[str, sp.Basic]) -> bool:
    """True when ``value`` is one number: no symbol but q and u*."""
    allowed = {_symbols.u_star} | ({names["q"]} if "q" in names else set())
    return not (value.free_symbols - allowed)


def _point_value(src: _Text, toks: list[_Tok], names: Mapping[str, sp.Basic]) -> sp.Expr:
    """A condition's or an argument's value; ``u^*`` is the letter's u* = (q - 1)/2."""
    if _spelling(toks) in _U_STAR_SPELLINGS:
        return _symbols.u_star
    return _latex_expression(src, toks, names)


def _condition(
    src: _Text,
    seg: _Segment,
    names: Mapping[str, sp.Basic],
    declared: frozenset[sp.Basic] | set[sp.Basic] = frozenset(),
) -> list[tuple[sp.Symbol, sp.Expr, int]]:
    r"""The substitutions ``symbol = value`` after ``\text{for}``, ``\text{where}`` ...

    Each with the position of its symbol; commas separate several.
    """
    assert seg.note is not None
    note = src.snippet(seg.note.pos, seg.note.end)
    if not seg.toks:
        raise src.fail(f"nothing after {note}", seg.note.end, "; expected symbol = value")
    for index, tok in enumerate(seg.toks):
        if tok.kind == "op" and tok.text == ",":
            comma = _comma_between_digits([*seg.toks, _Tok("eof", "", 0, 0)], index)
            if comma:
                raise src.fail(*comma)
    out = []
    for piece in _depth_split(seg.toks, "op", ",")[0]:
        sides, _ = _depth_split(piece, "op", "=")
        if len(sides) != 2 or not sides[0] or not sides[1]:
            at = piece[0].pos if piece else seg.note.end
            raise src.fail(
                f"the condition '{_snippet(src, piece)}' after {note} is not 'symbol = value'",
                at,
                "; inequalities and ranges are not read: mesosym checks a claim on its whole "
                "domain",
            )
        symbol = _latex_expression(src, sides[0], names)
        if not isinstance(symbol, sp.Symbol):
            raise src.fail(
                f"the left-hand side '{_snippet(src, sides[0])}' of a condition is not a symbol",
                sides[0][0].pos,
            )
        value = _point_value(src, sides[1], names)
        if _fixes(value, names) and symbol not in declared:
            if symbol not in _variables(names):
                raise src.fail(
                    f"the condition '{_snippet(src, piece)}' fixes {symbol} to one value",
                    piece[0].pos,
                    ": only u (x for the saddle equation) may be fixed, for a claim at one "
                    "point; other conditions must be formulas",
                )
        elif value != symbol and symbol in value.free_symbols:
            raise src.fail(
                f"the condition '{_snippet(src, piece)}' defines {symbol} through itself",
                piece[0].pos,
            )
        out.append((symbol, value, piece[0].pos))
    return out


def _latex_reading(src: _Text, lhs: list[_Tok]) -> Reading | None:
    r"""A left-hand side in temperature, total or derivative form (``\frac{1}{k_B T}``), or None."""
    if not lhs or _spelling(lhs) in _LATEX_QUANTITIES or lhs[-1].text == ")":
        return None  # a quantity of the table, or one at a point: s(1/2), \beta\varepsilon(1)
    written = _snippet(src, lhs)
    spelled = _spelling(lhs).replace(r"\dfrac", r"\frac").replace(r"\tfrac", r"\frac")
    if spelled in DERIVATIVES:
        return read_left_side(DERIVATIVES[spelled], written)
    try:
        left = _latex_expression(src, lhs, LEFT_NAMES)
    except ParseError:
        return None
    return read_left_side(left, written)


def _right_names(names: Mapping[str, sp.Basic]) -> dict[str, sp.Basic]:
    """The caller's names, and E, M, eps, k_B, N (removed again by :func:`in_units`)."""
    return {**RIGHT_NAMES, **names}


def _declared(src: _Text, segments: list[_Segment], names: Mapping[str, sp.Basic]) -> dict:
    r"""Letters a condition introduces (``\text{where } m = u - 1``): new symbols, real."""
    out: dict[str, sp.Basic] = {}
    for seg in segments[1:]:
        if not seg.condition:
            continue
        for piece in _depth_split(seg.toks, "op", ",")[0]:
            sides, _ = _depth_split(piece, "op", "=")
            if len(sides) != 2 or len(sides[0]) != 1:
                continue
            tok = sides[0][0]
            if tok.kind == "letter" or (tok.kind == "macro" and tok.text in _GREEK_NAMES):
                if tok.text not in names and tok.text not in ("e",):
                    out[tok.text] = sp.Symbol(tok.text, real=True)
    return out


def _latex_claim(text: str, names: Mapping[str, sp.Basic]) -> Claim:
    src = _Text(text)
    segments = _segments(_lex(src, 0, len(text), annotations=True)[:-1])
    keep = set(names.values())
    declared = _declared(src, segments, names)
    names = {**_right_names(names), **declared}
    conditions: list[tuple[sp.Symbol, sp.Expr, int]] = []
    annotations = []
    for seg in segments[1:]:
        assert seg.note is not None
        if seg.condition:
            conditions += _condition(src, seg, names, set(declared.values()))
        elif seg.toks:
            raise _math_after_prose(src, seg)
        else:
            annotations.append(seg.note.text.strip())
    toks = segments[0].toks
    if not toks and len(segments) > 1:
        raise ParseError("the claim has only text: no formula")
    pieces, equals = _depth_split(toks, "op", "=")
    if len(pieces) > 2:
        raise src.fail(
            "a second '='",
            equals[1].pos,
            "; for a chain of steps use mesosym.checking.claims.parse_steps"
            " (or mesosym check --steps)",
        )
    quantity = None
    point: tuple[sp.Symbol, sp.Expr] | None = None
    reading = None
    if len(pieces) == 2:
        if not pieces[1]:
            raise src.fail("nothing after '='", len(text))
        reading = _latex_reading(src, pieces[0])
        if reading is not None:
            quantity = reading.quantity
        else:
            quantity, at = _latex_lhs(src, pieces[0], names)
            if at is not None:
                point = (_point_symbol(quantity, names), at)
    expression = _latex_expression(src, pieces[-1], names)
    if point is not None and point[0] in expression.free_symbols:
        raise src.fail(
            f"the value at {point[0]} = {point[1]} uses {point[0]}",
            pieces[-1][0].pos,
            f"; write a number, or the formula for every {point[0]} with "
            f"\\text{{at }} {point[0]} = {point[1]}",
        )
    substituted = []
    for symbol, value, at_pos in conditions:  # in the order written: x = t, t = u
        if _fixes(value, names) and symbol in _variables(names):
            if point is not None:
                raise src.fail(
                    f"a second point, {symbol} = {value}", at_pos, "; a claim is at one point"
                )
            point = (symbol, value)
            continue
        if symbol not in expression.free_symbols:
            raise src.fail(f"the condition on {symbol}", at_pos, f": the formula has no {symbol}")
        expression = expression.xreplace({symbol: value})
        substituted.append((symbol, value))
    if substituted:
        problem = size_problem(expression)
        if expression.has(sp.zoo, sp.nan) or problem:
            raise src.fail(
                f"the formula after its conditions {problem or 'is undefined'}",
                pieces[-1][0].pos,
            )
    expression, notes = _in_units(expression, reading, keep)
    return Claim(
        quantity,
        expression,
        "latex",
        text,
        tuple(substituted),
        tuple(annotations),
        point,
        notes,
    )


def _in_units(
    expression: sp.Expr, reading: Reading | None, keep: set[sp.Basic]
) -> tuple[sp.Expr, tuple[str, ...]]:
    """The right-hand side as the quantity named on the left, E written in u, units dropped."""
    notes: tuple[str, ...] = ()
    if reading is not None:
        expression = reading.solve(expression)
        notes += (reading.note(),)
    expression, more = in_units(expression, keep)
    return expression, notes + more


def _point_symbol(quantity: str | None, names: Mapping[str, sp.Basic]) -> sp.Symbol:
    """The variable an argument fixes: x for ``u(..)`` (the saddle equation), else u."""
    key = "x" if quantity == "u" else "u"
    return cast(sp.Symbol, names.get(key, _symbols.x if key == "x" else _symbols.u))


def _latex_lhs(
    src: _Text, lhs: list[_Tok], names: Mapping[str, sp.Basic]
) -> tuple[str | None, sp.Expr | None]:
    r"""The quantity on the left, and the point its argument fixes: ``s(1/2)`` -> ('s', 1/2)."""
    spelled = _spelling(lhs)
    if spelled in _LATEX_QUANTITIES or not lhs or lhs[-1].kind != "close":
        return _latex_quantity(src, lhs, strict=True), None
    depth = 0
    for index in range(len(lhs) - 1, -1, -1):
        depth += {"close": 1, "open": -1}.get(lhs[index].kind, 0)
        if depth == 0:
            break
    head, argument = lhs[:index], lhs[index + 1 : -1]
    if lhs[index].text != "(" or not head or not argument:
        return _latex_quantity(src, lhs, strict=True), None
    quantity = _LATEX_QUANTITIES.get(_spelling(head))
    if quantity is None or "/" in _spelling(head) or "frac" in _spelling(head):
        return _latex_quantity(src, lhs, strict=True), None
    variable = _point_symbol(quantity, names)
    at = _point_value(src, argument, names)
    if at == variable:
        return quantity, None
    if not _fixes(at, names):
        raise src.fail(
            f"the argument '{_snippet(src, argument)}' of '{_snippet(src, head)}'",
            argument[0].pos,
            f": write {variable} (the formula for every {variable}) or one value of {variable}, "
            "such as 1/2 or u^*",
        )
    return quantity, at


def _latex_chain(text: str, names: Mapping[str, sp.Basic]) -> Chain:
    src = _Text(text)
    toks = _lex(src, 0, len(text), annotations=True)[:-1]
    if toks and toks[0].kind == "begin":
        opening = toks.pop(0)
        if opening.text not in _ENVIRONMENTS:
            raise src.fail(
                f"the environment {short(opening.text)} is not accepted",
                opening.pos,
                f"; accepted: {', '.join(sorted(_ENVIRONMENTS))}",
            )
        if not toks or toks[-1].kind != "end" or toks[-1].text != opening.text:
            raise src.fail(f"\\begin{{{opening.text}}} has no matching \\end", opening.pos)
        toks.pop()
    for tok in toks:
        if tok.kind in ("begin", "end"):
            raise src.fail(f"an unexpected \\{tok.kind}{{{tok.text}}}", tok.pos)
    rows, _ = _depth_split(toks, "linebreak", "\\\\")
    quantity: str | None = None
    reading: Reading | None = None
    chain_notes: dict[str, None] = {}
    keep = set(names.values())
    names = _right_names(names)
    steps: list[ChainStep] = []
    for row_index, row in enumerate(rows):
        row = _strip_punctuation(_without_annotation(row))
        if not row:
            continue
        pieces, _ = _depth_split(row, "op", "=")
        for piece_index, piece in enumerate(pieces):
            if not piece:
                if piece_index == 0 and len(pieces) > 1:
                    continue  # '&= ...' continues the chain
                at = row[-1].end if piece_index else row[0].pos
                raise src.fail("an empty side of '='", at)
            if row_index == 0 and piece_index == 0 and len(pieces) > 1 and not steps:
                quantity = _latex_quantity(src, piece, strict=False)
                if quantity is not None:
                    continue
                reading = _latex_reading(src, piece)
                if reading is not None:
                    quantity = reading.quantity
                    continue
            expr = _latex_expression(src, piece, names)
            expr, notes = _in_units(expr, reading, keep)
            chain_notes.update(dict.fromkeys(notes))
            line = text.count("\n", 0, piece[0].pos) + 1
            steps.append(ChainStep(len(steps) + 1, line, row_index + 1, expr, _snippet(src, piece)))
    return Chain(quantity, tuple(steps), "latex", tuple(chain_notes))


# -- plain text -------------------------------------------------------------------


def _text_quantity(lhs: str) -> str | None:
    return _TEXT_QUANTITIES.get("".join(lhs.split()))


def _text_claim(text: str, names: Mapping[str, sp.Basic] | None) -> Claim:
    head, eq, tail = text.partition("=")
    second = tail.find("=")
    if eq and second >= 0 and not tail.startswith("="):
        raise ParseError(
            f"a second '=' at {_Text(text).where(len(head) + 1 + second)}; for a chain of steps "
            "use mesosym.checking.claims.parse_steps (or mesosym check --steps)"
        )
    quantity = None
    point: tuple[sp.Symbol, sp.Expr] | None = None
    body, offset = text, 0
    reading = None
    if eq and not tail.startswith("="):
        quantity = _text_quantity(head)
        if quantity is None:
            quantity, point = _text_point(text, head, names)
        if quantity is None:
            reading = _text_reading(head)
            quantity = None if reading is None else reading.quantity
        if quantity is None:
            accepted = _accepted(_TEXT_QUANTITIES, latex=False)
            where = _Text(text).where(len(head) - len(head.lstrip()))
            raise ParseError(
                f"the left-hand side {short(head.strip())} at {where} is not a quantity mesosym "
                f"checks; accepted: {accepted}"
            )
        body, offset = tail, len(head) + 1
    if not body.strip():
        raise ParseError(f"nothing after '=' at {_Text(text).where(len(text))}")
    offset += len(body) - len(body.lstrip())
    keep = set((names or DEFAULT_NAMES).values())
    right = None if names is None else {**_TEXT_RIGHT_NAMES, **names}
    try:
        expr = parse_expression(body, allowed=right)
    except ParseError as exc:
        raise _shifted(exc, text, offset) from None
    if point is not None and point[0] in expr.free_symbols:
        raise ParseError(
            f"the value at {point[0]} = {point[1]} uses {point[0]} at "
            f"{_Text(text).where(offset)}; write a number"
        )
    expr, notes = _in_units(expr, reading, keep)
    return Claim(quantity, expr, "text", text, point=point, notes=notes)


# In plain text E is Euler's number (as in SymPy), so the energy is written through u or M.
_TEXT_LEFT_NAMES = {k: v for k, v in LEFT_NAMES.items() if k.isidentifier() and k != "E"}
_TEXT_RIGHT_NAMES = {k: v for k, v in RIGHT_NAMES.items() if k.isidentifier() and k != "E"}


def _text_reading(head: str) -> Reading | None:
    """A plain-text left-hand side in temperature, total or derivative form, or None."""
    spelled = "".join(head.split())
    if spelled in DERIVATIVES:
        return read_left_side(DERIVATIVES[spelled], head.strip())
    try:
        left = parse_expression(head, allowed=_TEXT_LEFT_NAMES)
    except ParseError:
        return None
    return read_left_side(left, head.strip())


_TEXT_CALL = re.compile(r"^\s*(?P<head>[^()]+?)\s*\((?P<argument>.*)\)\s*$", re.DOTALL)


def _text_point(
    text: str, head: str, names: Mapping[str, sp.Basic] | None
) -> tuple[str | None, tuple[sp.Symbol, sp.Expr] | None]:
    """``s(1/2)``, ``beta*eps(1)``, ``x*(u*)``: the quantity and the point, or (None, None)."""
    match = _TEXT_CALL.match(head)
    if match is None:
        return None, None
    quantity = _text_quantity(match["head"])
    if quantity is None or "/" in match["head"]:
        return None, None
    full = dict(names) if names is not None else {"u": _symbols.u, "x": _symbols.x}
    variable = _point_symbol(quantity, full)
    argument = match["argument"]
    if "".join(argument.split()) in _TEXT_U_STAR:
        return quantity, (variable, _symbols.u_star)
    try:
        at = parse_expression(argument, allowed=names)
    except ParseError as exc:
        raise _shifted(exc, text, match.start("argument")) from None
    if at == variable:
        return quantity, None
    if not _fixes(at, full):
        raise ParseError(
            f"the argument {short(argument.strip())} of {short(match['head'].strip())} at "
            f"{_Text(text).where(match.start('argument'))}: write {variable} (the formula for "
            f"every {variable}) or one value of {variable}, such as 1/2 or u*"
        )
    return quantity, (variable, at)


def _text_chain(text: str, names: Mapping[str, sp.Basic] | None) -> Chain:
    quantity: str | None = None
    steps: list[ChainStep] = []
    start = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        line_start, start = start, start + len(line) + 1
        pieces = line.split("=")
        position = line_start
        for piece_index, piece in enumerate(pieces):
            piece_start, position = position, position + len(piece) + 1
            if not piece.strip():
                if len(pieces) == 1 or (piece_index == 0 and len(pieces) > 1):
                    continue
                raise ParseError(f"an empty side of '=' at {_Text(text).where(piece_start)}")
            if line_number == 1 and piece_index == 0 and len(pieces) > 1 and not steps:
                quantity = _text_quantity(piece)
                if quantity is not None:
                    continue
            offset = piece_start + len(piece) - len(piece.lstrip())
            if len(piece) > MAX_LENGTH:
                raise ParseError(
                    f"a formula of {len(piece)} characters at {_Text(text).where(offset)}; "
                    f"the budget is MAX_LENGTH = {MAX_LENGTH}"
                )
            try:
                expr = parse_expression(piece, allowed=names)
            except ParseError as exc:
                raise _shifted(exc, text, offset) from None
            steps.append(ChainStep(len(steps) + 1, line_number, line_number, expr, piece.strip()))
    return Chain(quantity, tuple(steps), "text")


# -- entry points -------------------------------------------------------------------


def parse_claim(
    text: str,
    *,
    allowed: Mapping[str, sp.Basic] | None = None,
    notation: Notation | None = None,
) -> Claim:
    r"""Read one claim, LaTeX or plain text, with an optional quantity on the left.

    Parameters
    ----------
    text : str
        ``[quantity =] formula``; see the module docstring for the quantities.
        At most :data:`~mesosym.checking.parse.MAX_LENGTH` characters.
    allowed : mapping of str to sympy object, optional
        What each name stands for (by default mesosym's symbols); see
        :func:`~mesosym.checking.parse.parse_expression` and
        :func:`~mesosym.checking.parse_latex.parse_latex`.
    notation : {"latex", "text"}, optional
        Force a reader; by default :func:`is_latex` decides, and plain text
        that only LaTeX reads (``2u``, ``u(1-u)``) is read as LaTeX.

    Returns
    -------
    Claim

    Raises
    ------
    ParseError
        When the text cannot be read, naming the column and what is accepted.

    Examples
    --------
    The q = 2 entropy (eq. 22) typed three ways gives one expression:

    >>> a = parse_claim(r"s = -u\ln u-(1-u)\ln(1-u)").expression
    >>> b = parse_claim("s(u) = -u*ln(u) - (1 - u)*ln(1 - u)").expression
    >>> c = parse_claim("\u2212u ln(u) \u2212 (1 \u2212 u) ln(1 \u2212 u)".replace(" ln", "*ln"))
    >>> a == b == c.expression, c.quantity
    (True, None)
    """
    text = _check(text, MAX_LENGTH)
    if notation not in (None, "latex", "text"):
        raise ParseError(f"notation must be 'latex', 'text' or None; got {short(notation)}")
    try:
        return _claim(text, allowed, notation)
    except ParseError as error:
        if notation is not None or _LATEX_ONLY.search(text):
            raise
        latex, origin = pasted_to_latex(text)
        try:  # text pasted from a PDF: '−u ln u − (1−u) ln(1−u)'
            claim = _latex_claim(latex, _latex_names(allowed))
        except ParseError:
            raise error from None
        return dataclasses.replace(claim, text=text, notation="text")


def _claim(text: str, allowed: Mapping[str, sp.Basic] | None, notation: Notation | None) -> Claim:
    if notation == "latex" or (notation is None and is_latex(text)):
        try:
            return _latex_claim(text, _latex_names(allowed))
        except ParseError as latex_error:
            if notation == "latex" or _LATEX_ONLY.search(text):
                raise
            try:  # 'x^* = u/(1 + u)': a LaTeX mark in otherwise plain text
                return _text_claim(text, _text_names(allowed))
            except ParseError:
                raise latex_error from None
    try:
        return _text_claim(text, _text_names(allowed))
    except ParseError as text_error:
        if notation == "text":
            raise
        try:
            return _latex_claim(text, _latex_names(allowed))
        except ParseError:
            raise text_error from None


def parse_steps(
    text: str,
    *,
    allowed: Mapping[str, sp.Basic] | None = None,
    notation: Notation | None = None,
) -> Chain:
    r"""Read a chain of steps, one a line, as pasted from an ``align`` environment.

    Parameters
    ----------
    text : str
        LaTeX rows separated by ``\\`` (``&`` ignored, ``\begin{align}`` and
        ``\end{align}`` optional, ``\label``, ``\nonumber``, ``\notag`` and a
        row's final ``,`` or ``.`` dropped), or plain-text lines; each row is
        ``[lhs] = step [= step ...]``, a row starting with ``=`` continuing the
        chain.  A first left-hand side that names a quantity (``s``, ``x^*``,
        ...) labels the chain instead of being a step.  At most
        :data:`MAX_CHAIN_LENGTH` characters.
    allowed, notation
        As for :func:`parse_claim`.

    Returns
    -------
    Chain
        Its steps numbered from 1, each with the 1-based line it starts on.

    Raises
    ------
    ParseError
        Naming the line and column of what cannot be read.

    Examples
    --------
    >>> chain = parse_steps("s = (1 + u)*log(1 + u) - u*log(u)\n  = log(1 + u) + u*log(1 + 1/u)")
    >>> chain.quantity, [(step.number, step.line) for step in chain.steps]
    ('s', [(1, 1), (2, 2)])
    >>> chain.steps[1].expression
    u*log(1 + 1/u) + log(u + 1)
    """
    text = _check(text, MAX_CHAIN_LENGTH)
    if notation not in (None, "latex", "text"):
        raise ParseError(f"notation must be 'latex', 'text' or None; got {short(notation)}")
    latex = notation == "latex" or (notation is None and is_latex(text))
    try:
        if latex:
            chain = _latex_chain(text, _latex_names(allowed))
        else:
            chain = _text_chain(text, _text_names(allowed))
    except ParseError as error:
        if notation is not None or _LATEX_ONLY.search(text):
            raise
        # text pasted from a PDF, one step a line: read as the LaTeX rows it was set from
        rows = " \\\\\n".join(pasted_to_latex(line)[0] for line in text.split("\n"))
        try:
            chain = _latex_chain(rows, _latex_names(allowed))
        except ParseError:
            raise error from None
        chain = dataclasses.replace(chain, notation="text")
    if not chain.steps:
        raise ParseError("the chain has no steps")
    return chain
