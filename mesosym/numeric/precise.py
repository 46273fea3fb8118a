r"""Arbitrary-precision (mpmath) evaluation of the equispaced q-level thermodynamics.

The same quantities as :mod:`mesosym.numeric.equispaced`, for one ``u`` at a time,
correct to ``dps`` significant digits: the saddle point ``x*``, ``t = ln x*``,
the entropy per particle ``s``, ``beta*eps = -t``, the energy variance per particle
``sigma^2 = du/dt`` and the heat capacity per particle ``c/k_B = (beta eps)^2 sigma^2``.

Method
------
``u`` is converted exactly to a :class:`fractions.Fraction` (floats, ints,
Fractions, decimal strings and ``mpf`` are all exact), reflected to
``v = min(u, q-1-u)`` and the distance ``d = u* - v`` to ``u* = (q-1)/2`` is formed
exactly.  The root ``a = |t|`` of the increasing, concave residual

.. math::  G(a) = v - \Bigl[\frac{1}{e^a - 1} - \frac{q}{e^{qa} - 1}\Bigr]
           = \tfrac12\bigl[q\coth(qa/2) - \coth(a/2)\bigr] - d

lies in the bracket ``[d/sigma_*^2, ln(1 + 1/v)]`` (concavity of the Brillouin
function and ``g(a) < 1/(e^a-1)``), and is found by Newton's method safeguarded by
bisection.  The working precision is ``dps`` plus guard digits plus the digits
that the difference of ``coth`` terms loses for small ``q a`` (estimated from the
lower end of the bracket).  Every result is computed twice, at two working
precisions, and returned only if the two agree to ``dps + 3`` digits; otherwise
the precision is raised (a :class:`~mesosym.errors.ConvergenceError` after a few
rounds).  mpmath's precision is only changed inside ``mpmath.workdps``.

Examples
--------
The two-level system (eqs. 22-23): ``s(1/4) = ln 4 - (3/4) ln 3``,
``beta eps = ln 3``.

>>> import mpmath
>>> from mesosym.numeric import precise
>>> mpmath.nstr(precise.entropy("0.25", 2, dps=30), 30)
'0.562335144618808350288030315224'
>>> mpmath.nstr(precise.inverse_temperature(0.25, 2, dps=30), 30)
'1.09861228866810969139524523692'

The result carries ``dps`` digits; arithmetic on it happens at mpmath's current
precision, so work inside ``mpmath.workdps(dps)`` to keep them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from ..errors import ConvergenceError, DomainError
from ..validation import check_q, is_infinite

__all__ = [
    "saddle_point",
    "log_saddle_point",
    "entropy",
    "inverse_temperature",
    "energy_variance",
    "heat_capacity",
    "as_fraction",
]

_GUARD = 12
_ROUNDS = 4


def as_fraction(u: Any, name: str = "u") -> Fraction:
    """Return the exact rational value of a real number given as int, float, str, mpf, ...

    Raises
    ------
    DomainError
        For NaN, infinities, non-numeric strings and non-real values.

    Examples
    --------
    >>> as_fraction("0.1"), as_fraction(0.5), as_fraction(mpmath.mpf(3) / 4)
    (Fraction(1, 10), Fraction(1, 2), Fraction(3, 4))
    """
    bad = DomainError(f"{name} must be a finite real number; got {u!r}")
    if isinstance(u, bool):
        raise bad
    if isinstance(u, Fraction):
        return u
    if isinstance(u, numbers.Integral):
        return Fraction(int(u))
    if isinstance(u, float):
        if not math.isfinite(u):
            raise bad
        return Fraction(u)
    if isinstance(u, mpmath.mpf):
        if not mpmath.isfinite(u):
            raise bad
        man, exp = u.man_exp
        return Fraction(int(man)) * Fraction(2) ** int(exp)
    if isinstance(u, str):
        try:
            return Fraction(u.strip())
        except (ValueError, ZeroDivisionError):
            raise bad from None
    if isinstance(u, sp.Basic):
        if u.is_Rational:
            return Fraction(int(u.p), int(u.q))
        if u.is_Float:
            return as_fraction(mpmath.mpf(u._mpf_), name)
        raise bad
    if isinstance(u, numbers.Rational):
        return Fraction(int(u.numerator), int(u.denominator))
    if isinstance(u, numbers.Real):
        return as_fraction(float(u), name)
    raise bad


def _check(u: Any, q: Any, dps: Any) -> tuple[Fraction, Any, int]:
    if isinstance(dps, bool) or not isinstance(dps, numbers.Integral) or dps < 1:
        raise DomainError(f"dps must be a positive integer; got {dps!r}")
    qc = check_q(q)
    if not is_infinite(qc) and not isinstance(qc, int):
        raise DomainError(f"numeric evaluation needs an integer q >= 2 or oo; got {q!r}")
    uf = as_fraction(u)
    if uf < 0 or (not is_infinite(qc) and uf > qc - 1):
        rng = "[0, oo)" if is_infinite(qc) else f"[0, {qc - 1}]"
        raise DomainError(f"u must lie in {rng} for q = {qc}; got {u!r}")
    return uf, qc, int(dps)


def _mpf(fr: Fraction) -> mpmath.mpf:
    return mpmath.mpf(fr.numerator) / fr.denominator


def _log1mexp(a: mpmath.mpf) -> mpmath.mpf:
    """Return ln(1 - e^{-a}) for a > 0 without cancellation."""
    if a < 1:
        return mpmath.log(-mpmath.expm1(-a))
    return mpmath.log1p(-mpmath.exp(-a))


class _Point:
    """The solved saddle point of one (u, q) at the current working precision."""

    def __init__(self, uf: Fraction, q: int) -> None:
        ustar = Fraction(q - 1, 2)
        self.q = q
        self.above = uf > ustar  # reflected: t = +a instead of -a
        self.v = (q - 1) - uf if self.above else uf
        self.d = ustar - self.v
        self.var_star = Fraction(q * q - 1, 12)
        self.a_lo = self.d / self.var_star  # lower end of the bracket, exact

    def extra_digits(self) -> int:
        """Digits lost to cancellation in coth differences at the bracket's lower end."""
        if self.d == 0 or self.v == 0:
            return 0
        qa = float(self.q * self.a_lo) if self.q * self.a_lo > Fraction(1, 10**300) else 1e-300
        return max(0, int(-2 * math.log10(min(qa, 1.0))) + 2)

    def _sigma2(self, a: mpmath.mpf) -> mpmath.mpf:
        q = self.q
        return 1 / (4 * mpmath.sinh(a / 2) ** 2) - q * q / (4 * mpmath.sinh(q * a / 2) ** 2)

    def _g(self, a: mpmath.mpf) -> mpmath.mpf:
        """Return the mean level index g(a) = 1/(e^a - 1) - q/(e^{qa} - 1) at t = -a."""
        return 1 / mpmath.expm1(a) - self.q / mpmath.expm1(self.q * a)

    def solve(self) -> mpmath.mpf:
        """Return ``a = |t|`` at the current precision (Newton safeguarded by bisection).

        For ``v < u*/2`` the residual is ``ln v - ln g(a)``, nearly linear in ``a``
        for large ``a``; above, it is ``v - g(a)``.  Both increase with ``a``.
        """
        if self.v == 0:
            return mpmath.inf
        if self.d == 0:
            return mpmath.mpf(0)
        v = _mpf(self.v)
        lo = _mpf(self.a_lo)
        hi = mpmath.log1p(1 / v)
        logv = mpmath.log(v)
        low_side = self.v < self.d
        tol = mpmath.eps * 16
        a = hi if low_side else lo
        for _ in range(8 * mpmath.mp.prec + 100):
            g = self._g(a)
            if low_side:
                res = logv - mpmath.log(g)
                slope = self._sigma2(a) / g
            else:
                res = v - g
                slope = self._sigma2(a)
            if res > 0:
                hi = a
            elif res < 0:
                lo = a
            else:
                return a
            if hi - lo <= tol * hi:
                return (lo + hi) / 2
            new = a - res / slope
            if not lo < new < hi:
                new = mpmath.sqrt(lo * hi) if hi > 4 * lo else (lo + hi) / 2
            elif abs(new - a) <= tol * new:
                return new
            a = new
        raise ConvergenceError(f"saddle point for v = {self.v}, q = {self.q} did not converge")

    def quantity(self, what: str) -> mpmath.mpf:
        a = self.solve()
        q = self.q
        if self.v == 0:
            sign = -1 if self.above else 1
            return {
                "x": mpmath.inf if self.above else mpmath.mpf(0),
                "t": -sign * mpmath.inf,
                "beta": sign * mpmath.inf,
                "s": mpmath.mpf(0),
                "var": mpmath.mpf(0),
                "c": mpmath.mpf(0),
            }[what]
        t = a if self.above else -a
        if what == "t":
            return t
        if what == "beta":
            return -t
        if what == "x":
            return mpmath.exp(t)
        if what == "s":
            if a == 0:
                return mpmath.log(q)
            return _log1mexp(q * a) - _log1mexp(a) + _mpf(self.v) * a
        var = _mpf(self.var_star) if a == 0 else self._sigma2(a)
        return var if what == "var" else var * a * a


def _einstein(uf: Fraction, what: str) -> mpmath.mpf:
    """Evaluate the closed forms for q = oo, eqs. (28)-(30)."""
    u = _mpf(uf)
    if uf == 0:
        return {"x": 0, "t": -mpmath.inf, "beta": mpmath.inf, "s": 0, "var": 0, "c": 0}[what] * (
            mpmath.mpf(1)
        )
    beta = mpmath.log1p(1 / u)
    return {
        "x": u / (1 + u),
        "t": -beta,
        "beta": beta,
        "s": mpmath.log1p(u) + u * beta,
        "var": u * (1 + u),
        "c": beta * beta * u * (1 + u),
    }[what]


def _evaluate(u: Any, q: Any, dps: Any, what: str) -> mpmath.mpf:
    uf, qc, dps = _check(u, q, dps)
    if is_infinite(qc):
        compute: Callable[[], mpmath.mpf] = lambda: _einstein(uf, what)  # noqa: E731
        extra = 0
    else:
        point = _Point(uf, qc)
        compute = lambda: point.quantity(what)  # noqa: E731
        extra = point.extra_digits()
    work = dps + _GUARD + extra
    with mpmath.workdps(work):
        prev = compute()
    for _ in range(_ROUNDS):
        work += 10 + work // 4
        with mpmath.workdps(work):
            cur = compute()
            if not mpmath.isfinite(cur) or cur == prev:
                agree = cur == prev
            else:
                agree = abs(cur - prev) <= abs(cur) * mpmath.mpf(10) ** (-dps - 3)
        if agree:
            with mpmath.workdps(dps):
                return +cur
        prev = cur
    raise ConvergenceError(
        f"{what} at u = {u!r}, q = {q!r} did not settle to {dps} digits "
        f"(working precision {work} digits)"
    )


def saddle_point(u: Any, q: Any, *, dps: int = 50) -> mpmath.mpf:
    """Return the saddle point ``x*`` (eq. 18) to ``dps`` digits.

    Parameters
    ----------
    u : int, float, str, Fraction, mpf or SymPy number
        Energy per particle in units of eps, ``0 <= u <= q - 1``; taken exactly.
    q : int or oo
        Number of levels.
    dps : int
        Significant decimal digits of the result.

    Returns
    -------
    mpmath.mpf
        ``x*``; ``0`` at ``u = 0`` and ``inf`` at ``u = q - 1``.

    Examples
    --------
    >>> saddle_point("0.5", 2, dps=15)  # x = u/(1-u)
    mpf('1.0')
    >>> saddle_point(1, float("inf"), dps=15)  # u/(1+u)
    mpf('0.5')
    """
    return _evaluate(u, q, dps, "x")


def log_saddle_point(u: Any, q: Any, *, dps: int = 50) -> mpmath.mpf:
    """Return ``t = ln x* = -beta eps`` to ``dps`` digits (``-inf`` at u = 0).

    Examples
    --------
    >>> log_saddle_point(Fraction(1, 4), 2, dps=15)  # ln(1/3)
    mpf('-1.09861228866811')
    """
    return _evaluate(u, q, dps, "t")


def entropy(u: Any, q: Any, *, dps: int = 50) -> mpmath.mpf:
    """Return the entropy per particle ``s(u) = S/(N k_B)`` (eq. 19) to ``dps`` digits.

    Examples
    --------
    >>> entropy(1, 3, dps=15)  # u* = 1: s = ln 3
    mpf('1.09861228866811')
    """
    return _evaluate(u, q, dps, "s")


def inverse_temperature(u: Any, q: Any, *, dps: int = 50) -> mpmath.mpf:
    """Return ``beta eps = ds/du`` (eq. 20) to ``dps`` digits.

    ``+inf`` at ``u = 0``, ``-inf`` at ``u = q - 1``, exactly ``0`` at ``u* = (q-1)/2``.

    Examples
    --------
    >>> inverse_temperature(1, float("inf"), dps=15)  # ln 2
    mpf('0.693147180559945')
    """
    return _evaluate(u, q, dps, "beta")


def energy_variance(u: Any, q: Any, *, dps: int = 50) -> mpmath.mpf:
    """Return ``sigma^2 = du/dt``, the variance of the level index, to ``dps`` digits.

    Examples
    --------
    >>> energy_variance(1, 3, dps=15)  # (q^2 - 1)/12 at u*
    mpf('0.666666666666667')
    """
    return _evaluate(u, q, dps, "var")


def heat_capacity(u: Any, q: Any, *, dps: int = 50) -> mpmath.mpf:
    """Return ``c/k_B = (beta eps)^2 sigma^2`` per particle to ``dps`` digits.

    Examples
    --------
    >>> heat_capacity(1, float("inf"), dps=15)  # (ln 2)^2 * 2
    mpf('0.960906027836403')
    """
    return _evaluate(u, q, dps, "c")
