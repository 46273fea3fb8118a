"""The pair potential averaged over two spatial cells of a one-dimensional gas.

Two points placed independently and uniformly in cells of width ``w`` whose
indices differ by ``k`` lie at the distance ``w |k + u|``, where ``u`` (the
difference of two uniform numbers on [0, 1]) has the triangle density
``1 - |u|`` on [-1, 1].  The cell-averaged potential is therefore one integral,

    phibar(k) = int_0^1 (1 - u) [phi(w |k + u|) + phi(w |k - u|)] du,

and it depends on the two cells only through ``k``: it is computed once per
cell distance.  A hard core of length ``a`` (the potential is +oo below ``a``)
makes ``phibar(k) = +oo`` exactly when an overlap has positive probability,
i.e. when the smallest distance ``(k - 1) w`` (0 for ``k = 0``) is below ``a``:
offset ``k`` is allowed iff ``k >= 1 + a/w`` (``a > 0``).

Examples
--------
A constant potential averages to itself; a linear one, ``phi = r``, averages
to ``w k`` for ``k >= 1`` and to ``w/3`` inside one cell (the mean distance of
two uniform points in [0, w]):

>>> import mpmath, sympy
>>> from mesosym.symbols import r
>>> phi = potential_function(r)
>>> with mpmath.workdps(20):
...     [cell_pair_average(phi, mpmath.mpf(3), k) for k in (0, 1, 2)]
[mpf('1.0'), mpf('3.0'), mpf('6.0')]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import sympy as sp

from ..errors import ConvergenceError, DomainError
from ..symbols import r
from ..validation import as_fraction, as_int, as_sympy

__all__ = [
    "check_pair_potential",
    "potential_function",
    "offset_allowed",
    "cell_pair_average",
    "cell_pair_averages",
]

_ALLOWED = (
    "None or a SymPy expression in the one symbol mesosym.symbols.r (the distance), "
    "real and finite for r > 0"
)


def check_pair_potential(pair_potential: Any) -> sp.Expr | None:
    """Return the pair potential as a SymPy expression in ``r`` (or None), else raise.

    Text is refused (never sympified); so is an expression in any symbol other
    than :data:`mesosym.symbols.r` (a ``Symbol("r")`` without its assumptions is
    a different symbol and is refused too).

    >>> from mesosym.symbols import r
    >>> check_pair_potential(2 * r)
    2*r
    >>> check_pair_potential("exp(-r)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: pair_potential must be ...; got the text 'exp(-r)' (...)
    """
    if pair_potential is None:
        return None
    if isinstance(pair_potential, (str, bytes)):
        raise DomainError(
            f"pair_potential must be {_ALLOWED}; got the text {pair_potential!r} "
            "(text is never parsed)"
        )
    if isinstance(pair_potential, (int, float)) and not isinstance(pair_potential, bool):
        pair_potential = (
            sp.Rational(pair_potential)
            if isinstance(pair_potential, int)
            else (sp.Float(pair_potential))
        )
    if not isinstance(pair_potential, sp.Expr):
        raise DomainError(f"pair_potential must be {_ALLOWED}; got {pair_potential!r}")
    others = pair_potential.free_symbols - {r}
    if others:
        names = ", ".join(sorted(str(s) for s in others))
        raise DomainError(
            f"pair_potential must be {_ALLOWED}; got {pair_potential}, which also contains "
            f"{names} (a Symbol('r') made elsewhere has other assumptions: use mesosym.symbols.r)"
        )
    if pair_potential.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I):
        raise DomainError(f"pair_potential must be {_ALLOWED}; got {pair_potential}")
    return as_sympy(pair_potential, "pair_potential", code=True)  # it will become code


def potential_function(pair_potential: sp.Expr) -> Callable[[Any], Any]:
    """The pair potential as an mpmath function of the distance (evaluated at working precision).

    A value that is not a finite real number raises DomainError naming the distance.

    >>> from mesosym.symbols import r
    >>> potential_function(r**2)(mpmath.mpf(3))
    mpf('9.0')
    """
    pair_potential = as_sympy(pair_potential, "pair_potential", code=True)  # becomes code
    raw = sp.lambdify(r, pair_potential, modules="mpmath")

    def phi(distance: Any) -> Any:
        value = mpmath.mpmathify(raw(distance))
        if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
            raise DomainError(f"pair_potential must be {_ALLOWED}; it is {value} at r = {distance}")
        return value

    return phi


def _exact(value: Any, name: str) -> sp.Rational:
    """An exact rational length (never text), else DomainError naming it."""
    value = as_sympy(value, name)
    if not value.is_Rational:
        raise DomainError(f"{name} must be an exact rational number; got {value}")
    return value


def _mpf(value: Any, name: str) -> Any:
    """A real number as an mpmath mpf (never from text)."""
    if isinstance(value, mpmath.mpf):
        return value
    exact = as_fraction(value, name)
    if isinstance(value, str):
        raise DomainError(f"{name} must be a number, not text; got {value!r}"[:300])
    return mpmath.mpf(exact.numerator) / exact.denominator


def offset_allowed(offset: int, width: sp.Expr, hard_core: sp.Expr) -> bool:
    """True when two rods in cells ``offset`` apart overlap with probability zero (exact).

    >>> offset_allowed(2, sp.Rational(1, 2), sp.Rational(1, 2)), offset_allowed(1, 1, 1)
    (True, False)
    """
    width, hard_core = _exact(width, "width"), _exact(hard_core, "hard_core")
    if hard_core == 0:
        return True
    if offset == 0:
        return False
    return bool((offset - 1) * width >= hard_core)


def cell_pair_average(
    phi: Callable[[Any], Any], width: Any, offset: int, *, tolerance: Any = None
) -> Any:
    """Average of ``phi(|x - y|)`` over x, y uniform in two cells ``offset`` apart.

    Parameters
    ----------
    phi : callable
        The potential as an mpmath function (see :func:`potential_function`).
    width : mpf
        The cell width w.
    offset : int
        The cell distance k >= 0.
    tolerance : mpf, optional
        Largest accepted quadrature error estimate; default 10**(3 - dps).

    Returns
    -------
    mpf
        One Gauss-Legendre quadrature of the triangle kernel, accurate to about
        the working precision for potentials analytic on [(k-1) w, (k+1) w]
        (ConvergenceError when the error estimate exceeds ``tolerance``).

    Examples
    --------
    >>> from mesosym.symbols import r
    >>> cell_pair_average(potential_function(r**2), mpmath.mpf(1), 0)  # E|U1 - U2|^2 = 1/6
    mpf('0.16666666666666666')
    """
    if not callable(phi):
        raise DomainError(f"phi must be a function of the distance; got {phi!r}"[:300])
    w = _mpf(width, "width")
    k = as_int("offset", offset)
    tol = (
        mpmath.mpf(10) ** (3 - mpmath.mp.dps) if tolerance is None else _mpf(tolerance, "tolerance")
    )

    def integrand(u: Any) -> Any:
        return (1 - u) * (phi(w * abs(k + u)) + phi(w * abs(k - u)))

    # on 0 <= u <= 1 both k + u and k - u (k >= 1) keep their sign, and k = 0 reads
    # 2 phi(w u): the integrand is as smooth as phi, so Gauss-Legendre fits
    value, error = mpmath.quad(integrand, [0, 1], method="gauss-legendre", error=True)
    if not (mpmath.isfinite(value) and error <= tol * max(1, abs(value))):
        raise ConvergenceError(
            f"the cell average of the pair potential at offset {k} (width {w}) did not "
            f"converge: estimate {value}, error {error} > {tol}"
        )
    return value


def cell_pair_averages(
    pair_potential: sp.Expr | None,
    width: sp.Expr,
    cells: int,
    hard_core: sp.Expr = sp.S.Zero,
) -> list[Any]:
    """``phibar(k)`` for every cell offset ``k = 0 .. cells - 1`` at working precision.

    ``+inf`` where the hard core makes an overlap possible, 0 elsewhere when there
    is no soft potential.  ``width`` and ``hard_core`` are exact numbers.

    >>> from mesosym.symbols import r
    >>> cell_pair_averages(None, sp.Rational(1, 4), 4, sp.Rational(1, 4))
    [mpf('+inf'), mpf('+inf'), mpf('0.0'), mpf('0.0')]
    """
    width, hard_core = _exact(width, "width"), _exact(hard_core, "hard_core")
    phi = potential_function(pair_potential) if pair_potential is not None else None
    w = mpmath.mpf(int(sp.Rational(width).p)) / int(sp.Rational(width).q)
    out = []
    for k in range(cells):
        if not offset_allowed(k, width, hard_core):
            out.append(mpmath.inf)
        elif phi is None:
            out.append(mpmath.mpf(0))
        else:
            out.append(cell_pair_average(phi, w, k))
    return out
