"""Ball arithmetic (python-flint ``arb``): the one precision-doubling loop of mesosym.

A computation in ball arithmetic is right at any precision -- its ball contains
the true value -- but may be too wide to decide what is asked (a sign, a radius
below a bound).  :func:`doubling` repeats it at a doubled precision until it
decides, or refuses with :class:`~mesosym.errors.ConvergenceError`;
:func:`certified` is that loop asked for a value to ``digits`` digits, returned
as an mpmath number.  Part A's certified saddle point
(:mod:`mesosym.numeric.arb`) and part B's canonical ensemble and sector sums
(:mod:`mesosym.mesoscopic.canonical`, :mod:`mesosym.mesoscopic.sectors`) all run in it.

Examples
--------
>>> import flint
>>> mpmath.nstr(certified(lambda prec: flint.arb(2).log(), 20), 15)
'0.693147180559945'
>>> doubling(lambda prec: prec if prec >= 200 else None, 64, 1024, lambda p: "never")
256
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import flint
import mpmath

from ..budget import MAX_DIGITS, short
from ..errors import ConvergenceError, DomainError

__all__ = ["doubling", "certified", "arb_to_mpf", "DOUBLINGS", "MAX_START"]

#: how many times :func:`certified` doubles the working precision before giving up
DOUBLINGS = 5
#: the highest starting precision of :func:`certified` (bits): MAX_DIGITS digits, with margin
MAX_START = 4 * MAX_DIGITS

T = TypeVar("T")


def doubling(
    compute: Callable[[int], T | None], start: int, stop: int, refusal: Callable[[int], str]
) -> T:
    """Return ``compute(prec)`` for the first ``prec = start, 2 start, ...`` where it decides.

    ``compute(prec)`` runs inside ``flint.ctx.workprec(prec)`` and returns None
    while its balls are too wide to decide.

    Raises
    ------
    ConvergenceError
        With ``refusal(prec)`` for the last ``prec`` tried, once ``prec`` would pass ``stop``.
    """
    prec = start
    while True:
        with flint.ctx.workprec(prec):
            value = compute(prec)
        if value is not None:
            return value
        if 2 * prec > stop:
            raise ConvergenceError(refusal(prec))
        prec *= 2


def arb_to_mpf(x: Any) -> mpmath.mpf:
    """The midpoint of an arb ball as an mpmath mpf (exact conversion).

    >>> arb_to_mpf(flint.arb(3) / 8)
    mpf('0.375')
    """
    if not isinstance(x, flint.arb):
        raise DomainError(f"x must be a flint.arb ball; got {type(x).__name__}")
    man, exp = x.mid().man_exp()
    return mpmath.mpf((int(man), int(exp)))


def certified(
    compute: Callable[[int], Any],
    digits: int,
    *,
    relative: bool = False,
    start: int | None = None,
    what: str = "the result",
) -> mpmath.mpf:
    """Return compute(prec) as an mpf once its ball radius is below 10^-digits.

    ``compute(prec)`` runs inside ``flint.ctx.workprec(prec)`` and returns an arb
    ball; ``prec`` starts at the mpmath precision + 32 bits (or ``start``) and is
    doubled up to :data:`DOUBLINGS` times (:func:`doubling`).  ``relative``: the
    bound is relative to the ball's midpoint (for ln Z), else absolute
    (information measures).

    Raises
    ------
    ConvergenceError
        If the radius stays above the bound.

    Examples
    --------
    >>> import flint
    >>> v = certified(lambda prec: flint.arb(2).log(), 20)
    >>> mpmath.nstr(v, 15)
    '0.693147180559945'
    """
    first = mpmath.mp.prec + 32 if start is None else start
    if isinstance(first, bool) or not isinstance(first, int) or not 2 <= first <= MAX_START:
        raise DomainError(
            f"start must be an integer in [2, {MAX_START}] (bits); got {short(start)}"
        )

    def decided(prec: int) -> mpmath.mpf | None:
        value = compute(prec)
        rad = value.rad()
        scale = abs(value.mid()) if relative else flint.arb(1)
        ok = value.is_finite() and (rad == 0 or rad <= scale * flint.arb(10) ** (-digits))
        return arb_to_mpf(value) if ok else None

    return doubling(
        decided,
        first,
        first << DOUBLINGS,
        lambda prec: f"{what}: the ball radius stayed above 10^-{digits} up to {prec} bits",
    )
