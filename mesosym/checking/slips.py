r"""Named slips: what a refuted formula most likely got wrong.

When a claim is refuted, :func:`find_slip` tests it against a few cheap
transformations of the reference -- each at a handful of random points of the
domain, at 30 digits -- and names the first that matches:

=================  ==========================================================
``sign``           the claim is ``-reference``
``term_sign``      one term of the reference with its sign flipped
``missing_term``   one term of the reference left out
``log10``          ``ln`` written as ``log10`` (or the reverse)
``bits``           the claim is in bits (``\log_2``): 1/ln 2 times the reference
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

from .. import symbols
from ..budget import EVALUATION_SECONDS
from ..validation import as_sympy, check_domain
from .derivation import Evaluator, run_bounded

__all__ = ["Slip", "SLIP_NAMES", "find_slip"]

#: The slips :func:`find_slip` can name.
SLIP_NAMES: tuple[str, ...] = (
    "sign",
    "term_sign",
    "missing_term",
    "log10",
    "bits",
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
            "term_sign": f"has the wrong sign on the term {self.value}",
            "missing_term": f"leaves out the term {self.value}",
            "log10": "uses log10 where the natural logarithm belongs (or the reverse)",
            "bits": "is in bits (log base 2) where mesosym's s is in nats: multiply it by ln 2",
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


_POINTS = 4
_DPS = 30
_TOL = mpmath.mpf(10) ** -20


def _points(box: Mapping[sp.Symbol, tuple[Any, Any]]) -> list[dict[sp.Symbol, sp.Rational]]:
    rng = random.Random(7)
    out = []
    for _ in range(_POINTS):
        point = {}
        for sym, (lo, hi) in box.items():
            lo_, hi_ = sp.Rational(str(lo)), sp.Rational(str(hi))
            point[sym] = lo_ + (hi_ - lo_) * sp.Rational(rng.randint(1, 999), 1000)
        out.append(point)
    return out


def _values(expr: sp.Expr, points: list[dict[sp.Symbol, sp.Rational]]) -> list[Any] | None:
    symbols_ = sorted(set().union(*(p.keys() for p in points)), key=str)
    try:
        f = Evaluator(expr, symbols_, _DPS)
        return [f(p) for p in points]
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
        return None


def _close(a: list[Any], b: list[Any]) -> bool:
    """Equal to 20 digits relative to the values' size (0 is not close to 1e-398)."""
    return all(abs(x - y) <= _TOL * (abs(x) + abs(y)) for x, y in zip(a, b, strict=True))


def _constant(values: list[Any]) -> Any:
    """The common value of ``values`` if they agree to 20 digits and are real, else None."""
    first = values[0]
    if any(isinstance(v, mpmath.mpc) for v in values) or not mpmath.isfinite(first):
        return None
    if not _close(values, [first] * len(values)) or mpmath.mag(first) > 100:
        return None  # not constant, or too large to name (printing it costs minutes)
    return first


#: PSLQ steps allowed for each candidate relation of :func:`_name` (about a millisecond each
#: at 25 digits): SymPy's ``nsimplify`` with constants runs mpmath's ``identify``, some 300
#: PSLQ searches over sums, products and powers of the constants, 5 to 30 CPU s a number.
_NAME_STEPS = 200


def _name(value: Any) -> sp.Expr:
    """A recognised constant ``a + b c`` (small rationals a, b; c in ``_CONSTANTS``) or 6 digits.

    One integer-relation search (PSLQ, coefficients at most 1000, at most
    :data:`_NAME_STEPS` steps) for each constant: a few milliseconds whatever
    the value.

    >>> with mpmath.workdps(40):  # the values find_slip names carry 40 digits
    ...     _name(-mpmath.log(2)), _name(mpmath.mpf(1) / 3 + mpmath.pi / 2), _name(0.3)
    (-log(2), 1/3 + pi/2, 0.300000)
    """
    with mpmath.workdps(25):
        number = mpmath.mpf(value)
        tol = mpmath.mpf(10) ** -18 * (1 + abs(number))
        for constant in (None, *_CONSTANTS):
            basis = [number, mpmath.mpf(1)]
            if constant is not None:
                basis.append(sp.N(constant, 30)._to_mpmath(mpmath.mp.prec))
            try:
                relation = mpmath.pslq(basis, maxcoeff=1000, maxsteps=_NAME_STEPS)
            except (ValueError, ZeroDivisionError):
                relation = None
            if not relation or relation[0] == 0:
                continue
            a, b, *c = relation
            guess = -sp.Rational(b, a) - (sp.Rational(c[0], a) * constant if c else 0)
            if abs(sp.N(guess, 30)._to_mpmath(mpmath.mp.prec) - number) < tol:
                return guess
        return sp.Float(mpmath.nstr(number, 6), 6)


def _transforms(reference: sp.Expr) -> Iterator[tuple[str, Callable[[], sp.Expr]]]:
    """The slips that are no function of the reference's value: they rewrite its parts."""
    if reference.has(sp.log):
        yield "log10", lambda: reference.replace(sp.log, lambda z: sp.log(z) / sp.log(10))
        yield "log10", lambda: reference.replace(sp.log, lambda z: sp.log(z) * sp.log(10))
    roots = [p for p in reference.atoms(sp.Pow) if p.exp == sp.S.Half]
    for root in roots:
        yield "other_root", functools.partial(reference.xreplace, {root: -root})


def _terms(reference: sp.Expr) -> Iterator[tuple[str, sp.Expr, sp.Expr]]:
    """One term of a sum with its sign flipped, or left out: ``(name, term, changed)``."""
    terms = sp.Add.make_args(reference)
    if len(terms) < 2:
        return
    for term in terms:
        yield "term_sign", term, reference - 2 * term
    for term in terms:
        yield "missing_term", term, reference - term


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
        Where both are compared (the box of :func:`mesosym.checking.formulas.domain`).

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
    claim, reference = as_sympy(claim, "claim"), as_sympy(reference, "reference")
    domain = check_domain(domain, finite=True)
    # in a worker stopped at EVALUATION_SECONDS (gamma(10**6 u) at u = 1/2 is exact and
    # slow); a search stopped there names no slip
    finished, slip = run_bounded(
        _find_slip_here,
        claim,
        reference,
        domain,
        cpu_seconds=EVALUATION_SECONDS,
        errors=(Exception,),
    )
    return slip if finished else None


def _find_slip_here(
    claim: sp.Expr, reference: sp.Expr, domain: Mapping[sp.Symbol, tuple[Any, Any]]
) -> Slip | None:
    """:func:`find_slip` in this process, on checked arguments."""
    box = {sym: domain[sym] for sym in domain if sym in claim.free_symbols | reference.free_symbols}
    units = {sym: value for sym, value in ((symbols.k_B, 2), (symbols.N, 3)) if claim.has(sym)}
    points = _points(box)
    with mpmath.workdps(_DPS + 10):
        ref = _values(reference, points)
        mine = _values(claim.subs(units), points) if units else _values(claim, points)
        if ref is None or mine is None:
            return None
        if units:  # an extra k_B (set to 2) or N (set to 3)
            for sym, value in units.items():
                if _close(mine, [value * r for r in ref]):
                    return Slip(str(sym))
            return None
        if _close(mine, [-r for r in ref]):
            return Slip("sign")
        if all(r != 0 for r in ref) and _close(mine, [1 / r for r in ref]):
            return Slip("reciprocal")
        for name, make in _transforms(reference):
            other = _values(make(), points)
            if other is not None and _close(mine, other):
                return Slip(name)
        for name, term, changed in _terms(reference):
            other = _values(changed, points)
            if other is not None and _close(mine, other):
                return Slip(name, term)
        shift = _constant([m - r for m, r in zip(mine, ref, strict=True)])
        if shift is not None and abs(shift) > _TOL:
            return Slip("constant", _name(shift))
        if all(r != 0 for r in ref):
            ratio = _constant([m / r for m, r in zip(mine, ref, strict=True)])
            if ratio is not None and abs(ratio) > _TOL and not _close([abs(ratio)], [1]):
                if _close([ratio * mpmath.log(2)], [1]):
                    return Slip("bits")
                return Slip("factor", _name(ratio))
    return None
