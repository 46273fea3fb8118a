r"""Certified enclosures (python-flint ``arb`` balls) of the equispaced thermodynamics.

Each function returns a ball that provably contains the true value for the exact
input ``u`` (a float, int, Fraction, decimal string or mpf is taken exactly).

Method
------
After reflecting to ``v = min(u, q-1-u) <= u*`` (exact rationals), the root
``a = |t|`` of

.. math::  G(a) = v - \Bigl[\frac{1}{e^a - 1} - \frac{q}{e^{qa} - 1}\Bigr]

is *certified*: ``G`` is strictly increasing (``G' = sigma^2 > 0``), so if ball
arithmetic proves ``G(a_l) < 0 < G(a_r)`` at two exact points then
``a_l < a < a_r``.  The two points bracket a high-precision approximation from
:mod:`mesosym.numeric.precise`; the working precision is doubled until the signs
are decided.  With ``A = [a_l, a_r]`` the entropy ``s(a) = ln Z(-a) + v a`` is
enclosed by the mean-value form ``s(a*) in s(m) + (v - g(A)) (A - m)``; since
``s`` is stationary at ``a*`` the ball is of the order of the *square* of the
width of ``A``.  ``flint.ctx.prec`` is set only inside a ``try/finally`` and
restored.

Examples
--------
>>> from mesosym.numeric import arb
>>> s = arb.entropy(0.25, 2, digits=30)  # ln 4 - (3/4) ln 3
>>> s.str(20, radius=False)
'0.56233514461880835029'
>>> s.overlaps(flint.arb(4).log() - flint.arb(3).log() * 3 / 4)
True
>>> s.rad() < 1e-30
True
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

import flint
import mpmath

from ..errors import ConvergenceError, DomainError
from ..validation import is_infinite
from . import precise

__all__ = ["saddle_point", "log_saddle_point", "entropy", "inverse_temperature"]

_MAX_PREC = 1 << 16


@contextmanager
def _workprec(bits: int) -> Iterator[None]:
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        yield
    finally:
        flint.ctx.prec = old


def _target_bits(prec: Any, digits: Any) -> int:
    if prec is not None and digits is not None:
        raise DomainError("give prec (bits) or digits, not both")
    if digits is not None:
        if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
            raise DomainError(f"digits must be a positive integer; got {digits!r}")
        return math.ceil(digits * math.log2(10)) + 4
    if prec is None:
        return 128
    if isinstance(prec, bool) or not isinstance(prec, int) or prec < 2:
        raise DomainError(f"prec must be an integer >= 2 (bits); got {prec!r}")
    return prec


def _arb_q(x: Fraction) -> flint.arb:
    """Return the ball of the rational ``x`` at the current precision (exact if dyadic)."""
    return flint.arb(flint.fmpq(x.numerator, x.denominator))


def _arb_mpf(x: mpmath.mpf) -> flint.arb:
    """Return the mpf ``x`` as an exact ball (its mantissa fits the working precision)."""
    man, exp = x.man_exp
    return _arb_q(Fraction(int(man)) * Fraction(2) ** int(exp))


def _log1mexp(a: flint.arb) -> flint.arb:
    """Return ``ln(1 - e^{-a})`` for ``a > 0`` with a tight ball on both sides of 1."""
    if a > 1:
        return (-(-a).exp()).log1p()
    return (-((-a).expm1())).log()


class _Root:
    """A certified bracket ``[a_l, a_r]`` of ``a = |t|`` for one ``(u, q)``."""

    def __init__(self, uf: Fraction, q: int, bits: int) -> None:
        ustar = Fraction(q - 1, 2)
        self.q = q
        self.above = uf > ustar
        self.v = (q - 1) - uf if self.above else uf
        self.d = ustar - self.v
        self.bits = bits
        self.lo: flint.arb | None = None
        self.hi: flint.arb | None = None
        if self.v != 0 and self.d != 0:
            self._certify()

    def _g(self, a: flint.arb) -> flint.arb:
        return 1 / a.expm1() - self.q / (self.q * a).expm1()

    def _certify(self) -> None:
        # a first guess of the cancellation in g near u*: q a ~ 12 d / q
        qa = float(12 * self.d / self.q) if self.d * 10**300 > self.q else 1e-300
        extra = max(0, int(-2 * math.log2(min(qa, 1.0))))
        point = precise._Point(self.v, self.q)
        digits = int((self.bits + 20) * math.log10(2)) + 10 + point.extra_digits()
        with mpmath.workdps(digits):
            a = point.solve()
            a_l = mpmath.mpf(a) * (1 - mpmath.ldexp(1, -self.bits - 12))
            a_r = mpmath.mpf(a) * (1 + mpmath.ldexp(1, -self.bits - 12))
        work = self.bits + 40 + extra
        widen = 0
        while work <= _MAX_PREC:
            with _workprec(work + 64):
                lo, hi = _arb_mpf(a_l), _arb_mpf(a_r)
                v = _arb_q(self.v)
                g_lo = v - self._g(lo)
                g_hi = v - self._g(hi)
            if g_lo < 0 and g_hi > 0:
                self.lo, self.hi = lo, hi
                return
            if g_lo > 0 or g_hi < 0:  # the approximation was off: widen the bracket
                widen += 16
                if widen > 256:
                    break
                with mpmath.workdps(digits):
                    a_l = mpmath.mpf(a) * (1 - mpmath.ldexp(1, -self.bits - 12 + widen))
                    a_r = mpmath.mpf(a) * (1 + mpmath.ldexp(1, -self.bits - 12 + widen))
                continue
            work *= 2  # undecided sign: more precision
        raise ConvergenceError(
            f"could not certify the saddle point for v = {self.v}, q = {self.q} "
            f"(working precision {work} bits)"
        )

    def ball(self) -> flint.arb:
        """Return ``a`` as a ball (``inf`` at the edges, exactly 0 at ``u*``)."""
        if self.v == 0:
            return flint.arb.pos_inf()
        if self.d == 0:
            return flint.arb(0)
        assert self.lo is not None and self.hi is not None
        return self.lo.union(self.hi)

    def entropy(self) -> flint.arb:
        if self.v == 0:
            return flint.arb(0)
        if self.d == 0:
            return flint.arb(self.q).log()
        assert self.lo is not None and self.hi is not None
        q = self.q
        m = (self.lo + self.hi) / 2  # exact: both ends are dyadic
        big_a = self.lo.union(self.hi)
        v = _arb_q(self.v)
        s_m = _log1mexp(q * m) - _log1mexp(m) + v * m
        return s_m + (v - self._g(big_a)) * (big_a - m)


def _prepare(u: Any, q: Any, prec: Any, digits: Any) -> tuple[Fraction, Any, int]:
    bits = _target_bits(prec, digits)
    uf, qc, _ = precise._check(u, q, 15)
    return uf, qc, bits


def _einstein(uf: Fraction, what: str) -> flint.arb:
    if uf == 0:
        return {
            "x": flint.arb(0),
            "t": flint.arb.neg_inf(),
            "beta": flint.arb.pos_inf(),
            "s": flint.arb(0),
        }[what]
    u = _arb_q(uf)
    beta = (1 / u).log1p()
    return {"x": u / (1 + u), "t": -beta, "beta": beta, "s": u.log1p() + u * beta}[what]


def _evaluate(u: Any, q: Any, prec: Any, digits: Any, what: str) -> flint.arb:
    uf, qc, bits = _prepare(u, q, prec, digits)
    with _workprec(bits + 64):
        if is_infinite(qc):
            res = _einstein(uf, what)
        else:
            root = _Root(uf, qc, bits)
            if what == "s":
                res = root.entropy()
            else:
                a = root.ball()
                t = a if root.above else -a
                if what == "t":
                    res = t
                elif what == "beta":
                    res = -t
                elif root.v == 0:
                    res = flint.arb.pos_inf() if root.above else flint.arb(0)
                else:
                    res = t.exp()
    return res


def saddle_point(u: Any, q: Any, *, prec: int | None = None, digits: int | None = None) -> Any:
    """Return a ball certified to contain the saddle point ``x*(u)``.

    Parameters
    ----------
    u : int, float, str, Fraction or mpf
        Energy per particle, ``0 <= u <= q - 1``, taken exactly.
    q : int or oo
        Number of levels.
    prec, digits : int, optional
        Target precision in bits (default 128) or in decimal digits; give one.

    Returns
    -------
    flint.arb
        A ball containing ``x*``, of relative radius at most about ``2**-prec``
        (``0`` at ``u = 0``, ``+inf`` at ``u = q - 1``).

    Examples
    --------
    >>> saddle_point(1, 3).str(10, radius=False)  # u* = 1: x* = 1
    '1.000000000'
    """
    return _evaluate(u, q, prec, digits, "x")


def log_saddle_point(u: Any, q: Any, *, prec: int | None = None, digits: int | None = None) -> Any:
    """Return a ball certified to contain ``t = ln x* = -beta eps``.

    Parameters
    ----------
    u : int, float, str, Fraction or mpf
        Energy per particle, ``0 <= u <= q - 1``, taken exactly.
    q : int or oo
        Number of levels.
    prec, digits : int, optional
        Target precision in bits (default 128) or in decimal digits; give one.

    Returns
    -------
    flint.arb
        A ball containing ``t`` (``-inf`` at ``u = 0``, ``+inf`` at ``u = q - 1``).

    Examples
    --------
    >>> log_saddle_point("0.25", 2).str(10, radius=False)  # -ln 3
    '-1.098612289'
    """
    return _evaluate(u, q, prec, digits, "t")


def entropy(u: Any, q: Any, *, prec: int | None = None, digits: int | None = None) -> Any:
    """Return a ball certified to contain the entropy per particle ``s(u)``.

    Parameters
    ----------
    u : int, float, str, Fraction or mpf
        Energy per particle, ``0 <= u <= q - 1``, taken exactly.
    q : int or oo
        Number of levels.
    prec, digits : int, optional
        Target precision in bits (default 128) or in decimal digits; give one.

    Returns
    -------
    flint.arb
        A ball containing ``s``, of relative radius at most about ``2**-prec``.

    Examples
    --------
    >>> entropy(1, 3).str(10, radius=False)  # ln 3
    '1.098612289'
    """
    return _evaluate(u, q, prec, digits, "s")


def inverse_temperature(
    u: Any, q: Any, *, prec: int | None = None, digits: int | None = None
) -> Any:
    """Return a ball certified to contain ``beta eps = ds/du``.

    Parameters
    ----------
    u : int, float, str, Fraction or mpf
        Energy per particle, ``0 <= u <= q - 1``, taken exactly.
    q : int or oo
        Number of levels.
    prec, digits : int, optional
        Target precision in bits (default 128) or in decimal digits; give one.

    Returns
    -------
    flint.arb
        A ball containing ``beta eps`` (``+inf`` at ``u = 0``, ``-inf`` at
        ``u = q - 1``, exactly ``0`` at ``u*``).

    Examples
    --------
    >>> inverse_temperature(1, float("inf")).str(10, radius=False)  # ln 2
    '0.6931471806'
    """
    return _evaluate(u, q, prec, digits, "beta")
