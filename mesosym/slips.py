r"""Named slips: what a refuted formula most likely got wrong.

When a claim is refuted, :func:`find_slip` tests it against a few cheap
transformations of the reference -- each at a handful of random points of the
domain, at 30 digits -- and names the first that matches:

=================  ==========================================================
``sign``           the claim is ``-reference``
``log10``          ``ln`` written as ``log10`` (or the reverse)
``constant``       the claim differs from the reference by a constant
``factor``         the claim is a constant multiple of the reference
``k_B`` / ``N``    an extra factor ``k_B`` or ``N`` (s is per particle, in units of k_B)
``reciprocal``     ``x`` against ``1/x``: the other temperature branch
``other_root``     the other root of a quadratic (``+sqrt`` against ``-sqrt``)
=================  ==========================================================

A match is numerical evidence of what went wrong, never a proof; a claim
matching none gets no name.

Examples
--------
>>> import sympy as sp
>>> from mesosym.symbols import u
>>> s = -u*sp.log(u) - (1 - u)*sp.log(1 - u)
>>> find_slip(s + sp.log(2), s, {u: (0, 1)}).describe()
'differs from the reference by the constant log(2)'
>>> find_slip(-s, s, {u: (0, 1)}).name
'sign'
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp

from . import symbols
from .derivation import Verdict, check_identity

__all__ = ["Slip", "SLIP_NAMES", "find_slip"]

#: The slips :func:`find_slip` can name.
SLIP_NAMES: tuple[str, ...] = (
    "sign",
    "log10",
    "constant",
    "factor",
    "k_B",
    "N",
    "reciprocal",
    "other_root",
)

_CONSTANTS = [sp.log(2), sp.log(3), sp.log(10), sp.pi, sp.E]


@dataclass(frozen=True)
class Slip:
    """A named slip: its ``name`` (one of :data:`SLIP_NAMES`), and the constant involved."""

    name: str
    value: sp.Expr | None = None

    def describe(self) -> str:
        """The slip in words."""
        words = {
            "sign": "has the wrong sign",
            "log10": "uses log10 where the natural logarithm belongs (or the reverse)",
            "constant": f"differs from the reference by the constant {self.value}",
            "factor": f"is {self.value} times the reference",
            "k_B": "carries an extra factor k_B (s is per particle, in units of k_B)",
            "N": "carries an extra factor N (s is per particle)",
            "reciprocal": "is 1/x of the reference: the other temperature branch",
            "other_root": "takes the other root of a quadratic (-sqrt for +sqrt)",
        }
        return words[self.name]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"name": ..., "description": ...}``."""
        return {"name": self.name, "description": self.describe()}


def _matches(claim: sp.Expr, other: sp.Expr, box: Mapping[sp.Symbol, tuple[Any, Any]]) -> bool:
    if claim.free_symbols - other.free_symbols - set(box):
        return False
    try:
        result = check_identity(claim, other, domain=box, points=4, dps=30, simplify=False)
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
        return False
    return result.verdict is not Verdict.REFUTED


def _values(expr: sp.Expr, box: Mapping[sp.Symbol, tuple[Any, Any]], n: int = 3) -> list[Any]:
    rng = random.Random(7)
    out = []
    for _ in range(n):
        point = {
            sym: sp.Rational(str(lo))
            + (sp.Rational(str(hi)) - sp.Rational(str(lo))) * sp.Rational(rng.randint(1, 999), 1000)
            for sym, (lo, hi) in box.items()
        }
        value = sp.N(expr.subs(point), 30)
        if not value.is_number:
            return []
        out.append(value)
    return out


def _constant(values: list[Any]) -> sp.Expr | None:
    """The common value of ``values`` if they agree to 20 digits, named if recognised."""
    if len(values) < 2 or any(v.has(sp.I) or not v.is_finite for v in values):
        return None
    first = values[0]
    if any(abs(v - first) > sp.Float(10) ** -20 * (1 + abs(first)) for v in values[1:]):
        return None
    if abs(first) < sp.Float(10) ** -20:
        return sp.S.Zero
    guess = sp.nsimplify(first, _CONSTANTS, tolerance=1e-20, rational=False)
    if abs(sp.N(guess, 30) - first) < sp.Float(10) ** -20 * (1 + abs(first)):
        return guess
    return sp.Float(first, 6)


def _candidates(
    claim: sp.Expr, reference: sp.Expr
) -> Iterator[tuple[str, Callable[[], sp.Expr | None]]]:
    yield "sign", lambda: -reference
    if reference.has(sp.log):
        yield "log10", lambda: reference.replace(sp.log, lambda z: sp.log(z) / sp.log(10))
        yield "log10", lambda: reference.replace(sp.log, lambda z: sp.log(z) * sp.log(10))
    if claim.has(symbols.k_B):
        yield "k_B", lambda: symbols.k_B * reference
    if claim.has(symbols.N):
        yield "N", lambda: symbols.N * reference
    yield "reciprocal", lambda: 1 / reference
    roots = [p for p in reference.atoms(sp.Pow) if p.exp == sp.S.Half]
    for root in roots:
        yield "other_root", functools.partial(reference.xreplace, {root: -root})


def find_slip(
    claim: sp.Expr,
    reference: sp.Expr,
    domain: Mapping[sp.Symbol, tuple[Any, Any]],
) -> Slip | None:
    """Name the slip that turns ``reference`` into ``claim``, or None.

    Parameters
    ----------
    claim, reference : sympy expressions
        The refuted formula and mesosym's.
    domain : mapping symbol -> (low, high)
        Where both are compared (the box of :func:`mesosym.checking.domain`).

    Returns
    -------
    Slip or None
        The first transformation of the module docstring's table that the
        claim matches at 4 random points at 30 digits (evidence, not proof).

    Examples
    --------
    >>> from mesosym.symbols import u
    >>> x2 = u/(1 - u)
    >>> find_slip((1 - u)/u, x2, {u: (0, 1)}).describe()
    'is 1/x of the reference: the other temperature branch'
    """
    claim, reference = sp.sympify(claim), sp.sympify(reference)
    box = {sym: domain[sym] for sym in domain if sym in claim.free_symbols | reference.free_symbols}
    box.update({sym: (1, 3) for sym in (symbols.k_B, symbols.N) if claim.has(sym)})
    with mpmath.workdps(30):
        for name, make in _candidates(claim, reference):
            if name in ("k_B", "N") or not (claim.has(symbols.k_B) or claim.has(symbols.N)):
                other = make()
                if other is not None and _matches(claim, other, box):
                    return Slip(name)
        if claim.has(symbols.k_B) or claim.has(symbols.N):
            return None
        shift = _constant(_values(claim - reference, box))
        if shift is not None and shift != 0:
            return Slip("constant", shift)
        ratio = _constant(_values(claim / reference, box))
        if ratio is not None and ratio not in (0, 1, -1):
            return Slip("factor", ratio)
    return None
