r"""Certified enclosures (python-flint ``arb`` balls) of the saddle-point thermodynamics.

For any spectrum (``q`` equal levels, ``q = oo`` or degeneracies ``g_0..g_d``)
each function returns a ball that provably contains the true value for the exact
input ``u`` (int, float, Fraction, decimal string, SymPy, mpmath or exact arb
number).

Method
------
The stable forms are those of :mod:`mesosym.numeric.tilted`, evaluated in ball
arithmetic through :data:`ARB` (the same code as the mpmath solver).  After the
reflection to ``v = min(u, d - u) <= u*`` the residual ``m(t) - v`` is strictly
increasing in ``t`` (its derivative is ``sigma^2 > 0``), so if ball arithmetic
proves it negative at ``t_l`` and positive at ``t_r`` (two exact points around
the value of :func:`mesosym.numeric.precise.solve`), the root lies in
``T = [t_l, t_r]``; the working precision is doubled until the signs are decided.
Then ``t``, ``beta``, ``x* = e^t``, ``sigma^2(T)`` and ``c = T^2 sigma^2(T)`` are
enclosed directly, and the entropy by the mean-value form
``s in L(mid) + (m(T) - v)(T - mid)``, whose radius is of the order of the
*square* of the width of ``T`` since ``L`` is stationary at the root.
``flint.ctx.prec`` is changed only inside ``flint.ctx.workprec``; the precision is doubled
by :func:`mesosym.numeric.balls.doubling`, the loop part B's certified values use too.

Precision: ``digits`` (decimal digits) or ``prec`` (bits, default 128); the
relative radius is at most about ``2**-prec``.

Examples
--------
>>> s = entropy(0.25, 2, digits=30)  # ln 4 - (3/4) ln 3
>>> s.str(20, radius=False)
'0.56233514461880835029'
>>> s.overlaps(flint.arb(4).log() - flint.arb(3).log() * 3 / 4)
True
>>> s.rad() < 1e-30
True
>>> energy_variance(0.25, [1, 1]).str(10, radius=False)  # u (1 - u)
'0.1875000000'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from fractions import Fraction
from operator import methodcaller
from typing import Any

import flint
import mpmath

from ..errors import ConvergenceError, DomainError
from ..validation import as_fraction, check_digits
from . import precise
from .balls import doubling
from .quantities import QUANTITIES, BackendDoc, key_of
from .tilted import law_of

__all__ = ["ARB", "evaluate", *QUANTITIES.values()]

_MAX_PREC = 1 << 16


class _ArbContext:
    """python-flint ball arithmetic at the current ``flint.ctx.prec``."""

    inf = flint.arb.pos_inf()

    @staticmethod
    def convert(value: Fraction) -> flint.arb:
        return flint.arb(flint.fmpq(value.numerator, value.denominator))

    @staticmethod
    def key() -> tuple[str, int]:
        return ("arb", flint.ctx.prec)

    # the elementary functions are the balls' own methods
    exp = staticmethod(methodcaller("exp"))
    expm1 = staticmethod(methodcaller("expm1"))
    log = staticmethod(methodcaller("log"))
    log1p = staticmethod(methodcaller("log1p"))
    sinh = staticmethod(methodcaller("sinh"))

    @staticmethod
    def fsum(terms: Iterable[flint.arb]) -> flint.arb:
        total = flint.arb(0)
        for term in terms:
            total += term
        return total

    @staticmethod
    def log1mexp(a: flint.arb) -> flint.arb:
        """``ln(1 - e^{-a})`` for ``a > 0``, with a tight ball on both sides of 1."""
        if a.mid() > 1:
            return (-(-a).exp()).log1p()
        return (-((-a).expm1())).log()


#: the python-flint ball context
ARB = _ArbContext()


def _target_bits(prec: Any, digits: Any) -> int:
    if prec is not None and digits is not None:
        raise DomainError(
            f"give prec (bits) or digits, not both; got prec={prec!r}, digits={digits!r}"
        )
    if digits is not None:
        return math.ceil(check_digits(digits) * math.log2(10)) + 4
    if prec is None:
        return 128
    if isinstance(prec, bool) or not isinstance(prec, int) or prec < 2:
        raise DomainError(f"prec must be an integer >= 2 (bits); got {prec!r}")
    return prec


def _exact(x: mpmath.mpf) -> flint.arb:
    return ARB.convert(as_fraction(x))


def _bracket(point: precise.Reduced, bits: int) -> tuple[flint.arb, flint.arb]:
    """Exact ``t_l < t < t_r`` around the root, certified by the signs of the residual."""
    digits = int((bits + 20) * math.log10(2)) + 10
    t_mp = precise.evaluate(point.law, "t", point.v, digits=digits)
    with mpmath.workdps(digits + 10):
        closed = point.law.closed_root(precise.MP, point.v)
        if closed is not None:
            t_mp = closed
    extra = 4 * (point.law.extra_digits(point.v) + 2)
    widen = 0

    def signs(work: int) -> tuple[flint.arb, flint.arb] | None:
        """The bracket at ``work`` bits, widened while the approximation was off."""
        nonlocal widen
        while widen <= 256:
            with mpmath.workprec(bits + 32):  # exact in the balls: fewer bits than ``work``
                delta = abs(t_mp) * mpmath.ldexp(1, -bits - 12 + widen)
                t_l, t_r = t_mp - delta, t_mp + delta
            lo, hi = _exact(t_l), _exact(t_r)
            r_lo, r_hi = point.residual(ARB, lo), point.residual(ARB, hi)
            if r_lo < 0 and r_hi > 0:
                return lo, hi
            if not (r_lo > 0 or r_hi < 0):
                return None  # undecided sign: more precision
            widen += 16  # the approximation was off: widen the bracket
        raise ConvergenceError(_refusal(point, work))

    return doubling(signs, bits + 40 + extra, _MAX_PREC, lambda work: _refusal(point, work))


def _refusal(point: precise.Reduced, work: int) -> str:
    return f"could not certify the saddle point at u = {point.v} (working precision {work} bits)"


def evaluate(
    levels: Any, what: str, u: Any, *, prec: int | None = None, digits: int | None = None
) -> flint.arb:
    """Return a ball containing ``what`` (a key of ``quantities.QUANTITIES``) at ``u``.

    >>> evaluate(3, "s", 1).str(10, radius=False)   # ln 3 at u* = 1
    '1.098612289'
    """
    bits = _target_bits(prec, digits)
    what = key_of(what)
    point = precise.Reduced(law_of(levels), u)
    if point.edge or point.centre:
        with flint.ctx.workprec(bits + 64):  # the registry's values (mesosym.quantities)
            return point.quantity(ARB, what, None)
    lo, hi = _bracket(point, bits)
    with flint.ctx.workprec(bits + 64 + 4 * point.law.extra_digits(point.v)):
        ball = lo.union(hi)
        residual = None
        if what == "s":
            mid = (lo + hi) / 2  # exact: both ends are dyadic
            v = ARB.convert(point.v)
            residual = (
                point.law.legendre(ARB, mid, v),
                point.residual(ARB, ball) * (ball - mid),
            )
        res = point.quantity(ARB, what, ball, residual)
    return res


_DOC = BackendDoc(
    arithmetic="as a python-flint ball certified to contain it",
    parameters=precise.LEVELS_PARAMETERS
    + """prec, digits : int, optional
    Target precision in bits (default 128) or in decimal digits; give one.
""",
    returns="flint.arb",
    precision=(
        "The ball contains the true value for the exact ``u``; its relative radius is at "
        "most about ``2**-prec`` (``digits`` decimal digits)."
    ),
    examples={
        "x": """
>>> saddle_point(1, 3).str(10, radius=False)  # u* = 1: x* = 1
'1.000000000'
""",
        "t": """
>>> log_saddle_point("0.25", 2).str(10, radius=False)  # -ln 3
'-1.098612289'
""",
        "s": """
>>> entropy(1, 3).str(10, radius=False)  # ln 3
'1.098612289'
""",
        "beta": """
>>> inverse_temperature(1, float("inf")).str(10, radius=False)  # ln 2
'0.6931471806'
""",
        "var": """
>>> energy_variance(1, 3).str(10, radius=False)  # (q^2 - 1)/12 at u*
'0.6666666667'
""",
        "c": """
>>> heat_capacity(0.25, 2).str(10, radius=False)  # (ln 3)^2 * 3/16
'0.2263029302'
""",
    },
)


def _quantity(key: str) -> Callable[..., flint.arb]:
    def function(
        u: Any, levels: Any, *, prec: int | None = None, digits: int | None = None
    ) -> flint.arb:
        return evaluate(levels, key, u, prec=prec, digits=digits)

    return _DOC.attach(function, key)


saddle_point = _quantity("x")
log_saddle_point = _quantity("t")
entropy = _quantity("s")
inverse_temperature = _quantity("beta")
energy_variance = _quantity("var")
heat_capacity = _quantity("c")
