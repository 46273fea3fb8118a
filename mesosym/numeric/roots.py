"""A root of a real function bracketed by a sign change, in mpmath at the working precision.

One routine, :func:`bracketed_root`: bisection narrows the bracket (at the arithmetic
mean, or at the geometric mean for a positive root known only to within orders of
magnitude, such as a pressure or a Laplace variable), then the secant method (mpmath's
``anderson``) converges from the narrowed bracket; where the secant method does not reach
mpmath's tolerance (a root at a bracket's end, or a function known only to within its
rounding), bisection goes on to the working precision.  The continuum gases'
isotherms solve with it.

Examples
--------
>>> with mpmath.workdps(20):
...     bracketed_root(lambda x: 2 - x * x, 1, 2)          # sqrt 2
mpf('1.4142135623730950488')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath

__all__ = ["bracketed_root"]


def bracketed_root(
    f: Callable[[Any], Any],
    lo: Any,
    hi: Any,
    *,
    geometric: bool = False,
    rtol: float = 1e-12,
    steps: int = 80,
) -> Any:
    """A root of ``f`` between ``lo`` and ``hi``, where ``f`` changes sign.

    Parameters
    ----------
    f : callable
        A real function of one mpf, continuous on the bracket.
    lo, hi : mpf or number
        The bracket: ``f(lo)`` and ``f(hi)`` have opposite signs (or one is 0).
    geometric : bool
        Bisect at ``sqrt(lo hi)`` (bisection in ln x; needs ``0 < lo < hi``), for a root
        known only to within orders of magnitude; else at ``(lo + hi)/2``.
    rtol : float
        Bisect until the bracket's relative width ``|hi - lo|/|hi|`` is below ``rtol``
        (or ``steps`` halvings), then hand it to the secant method.
    steps : int
        The most halvings before the secant method.

    Returns
    -------
    mpf
        The root, at the working precision ``mpmath.mp.prec``.

    Precision: the working precision, for an ``f`` of order one near the root (mpmath
    verifies the secant method's answer by ``|f|^2`` below about ``2^-(mp.prec - 10)``, a
    test absolute in f: scale f so); where that verification fails, bisection to the
    relative width ``2^-(mp.prec - 4)``, i.e. a point within the rounding of f.

    Examples
    --------
    The geometric bisection finds ``e^-50`` from a bracket 40 orders of magnitude wide:

    >>> with mpmath.workdps(20):
    ...     x = bracketed_root(lambda x: mpmath.log(x) + 50, mpmath.mpf(10) ** -40, 1,
    ...                        geometric=True)
    ...     x, abs(x / mpmath.exp(-50) - 1) < 1e-18
    (mpf('1.9287498479639177830e-22'), True)
    """
    lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
    flo = f(lo)
    if flo == 0:
        return lo

    def halve() -> Any:
        nonlocal lo, hi, flo
        mid = mpmath.sqrt(lo * hi) if geometric else (lo + hi) / 2
        fm = f(mid)
        if fm == 0:
            return mid
        if (fm > 0) == (flo > 0):
            lo, flo = mid, fm
        else:
            hi = mid
        return None

    for _ in range(steps):
        if (root := halve()) is not None:
            return root
        if abs(hi - lo) < abs(hi) * rtol:
            break
    try:
        return mpmath.findroot(f, (lo, hi), solver="anderson")
    except ValueError:  # the secant method stalled: bisection to the working precision
        width = mpmath.ldexp(1, 4 - mpmath.mp.prec)
        for _ in range(4 * mpmath.mp.prec):
            if (root := halve()) is not None:
                return root
            if abs(hi - lo) <= abs(hi) * width:
                break
        return (lo + hi) / 2
