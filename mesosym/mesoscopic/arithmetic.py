"""The arithmetic of part B: exact numbers to mpmath and arb balls, and one certified loop.

A lattice model holds its parameters exactly (``int``, ``Fraction`` or SymPy);
the numeric routes convert them here, once: :func:`to_mpf` at the working
mpmath precision, :func:`arb_exact` as an exact ball, and back from a ball with
:func:`arb_to_mpf`.  :func:`certified` is the one precision-doubling loop of
part B: a computation in python-flint ball arithmetic is repeated at a doubled
precision until its radius is below the requested bound (the canonical
ensemble's fugacity polynomials and the canonical sector sum both use it).

Examples
--------
>>> from fractions import Fraction
>>> to_mpf(Fraction(1, 4))
mpf('0.25')
>>> import mpmath
>>> arb_to_mpf(mpf_to_arb(mpmath.mpf(3) / 8))
mpf('0.375')
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath

from ..numeric.balls import DOUBLINGS, arb_to_mpf, certified  # re-exported: written once there
from ..significant import significant
from ..validation import _sp, as_sympy

__all__ = [
    "to_mpf",
    "arb_exact",
    "arb_to_mpf",
    "mpf_to_arb",
    "certified",
    "DOUBLINGS",
    "FLOAT64_DIGITS",
    "rounded",
]

#: the working digits of a model made with ``digits=None`` (float64 results): the mpmath
#: routes run at this precision plus their guard digits, then round to a Python float
FLOAT64_DIGITS = 17


def to_mpf(value: Any) -> mpmath.mpf:
    """A real number or a numeric SymPy value as an ``mpmath.mpf`` at the working precision.

    Integers and Fractions (the lattice models' exact parameters) are divided
    exactly without SymPy; SymPy Rationals likewise, Floats are taken as they
    are; any other expression is evaluated with 5 guard digits, then rounded
    once more.

    >>> to_mpf(3)
    mpf('3.0')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return mpmath.mpf(value)
    if isinstance(value, Fraction):
        return mpmath.mpf(value.numerator) / value.denominator
    sp = _sp()
    value = as_sympy(value, "value")
    if isinstance(value, sp.Rational):
        return mpmath.mpf(int(value.p)) / int(value.q)
    if isinstance(value, sp.Float):
        return mpmath.mpf(value._mpf_)
    return mpmath.mpf(sp.Float(value.evalf(mpmath.mp.dps + 5), mpmath.mp.dps + 5)._mpf_)


def rounded(value: Any, model: Any) -> Any:
    """A numeric result at the model's precision: a float for ``digits=None``, else an mpf.

    >>> from mesosym.mesoscopic import IsingChain
    >>> rounded(mpmath.mpf(1) / 3, IsingChain(2, 1, digits=None))
    0.3333333333333333
    >>> rounded(mpmath.mpf(1) / 3, IsingChain(2, 1, digits=5))
    mpf('0.33333')
    """
    if getattr(model, "float64", False):
        return float(value)
    return significant(value, model.digits)


def _flint() -> Any:
    import flint

    return flint


def arb_exact(x: Any) -> Any:
    """A Fraction (or int) as an exact arb ball at the current flint precision.

    >>> arb_exact(Fraction(1, 2)).mid() == 0.5
    True
    """
    flint = _flint()
    f = Fraction(x)
    return flint.arb(flint.fmpq(f.numerator, f.denominator))


def mpf_to_arb(x: Any) -> Any:
    """An mpmath mpf as an exact flint arb (radius 0)."""
    flint = _flint()
    sign, man, exp, _ = mpmath.mpf(x)._mpf_
    if not man:
        return flint.arb(0)
    return flint.arb(flint.fmpz(-int(man) if sign else int(man))) * flint.arb(2) ** int(exp)
