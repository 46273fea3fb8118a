"""The float64 backend: one entry point over the two vectorised kernels.

Equal levels (``q``, including ``q = oo``) go to :mod:`mesosym.numeric.equispaced`,
any other spectrum to :mod:`mesosym.numeric.polynomial`; both solve the same
saddle-point equation in float64 with the stable forms of their own (see their
module docstrings for the accuracy: relative error <= 2e-14 and <= 1e-13).
A result below float64's normal range (``|value| < 2.3e-308``, e.g. ``s`` and
``x*`` at ``u = 10^-400``) keeps its absolute, not its relative, accuracy: it is
0 or subnormal; ``digits=`` gives it.

An exact u (a Fraction, decimal text, an mpf, a SymPy number) closer to an edge
of the domain than float64 can tell (``u = 10^-400`` is 0.0 in float64, whose
beta*eps would be inf; the true 921.03 is a float) is handed to the mpmath
route at 17 digits and its answer rounded to float64, so the stated error holds
for every u accepted.  In an array of exact values (a list, a tuple or an object
array of Fractions, mpf, SymPy numbers) each such element goes the same way, the
others through the vectorised kernels.

Examples
--------
>>> round(float(evaluate(2, "s", 0.5)), 12)           # ln 2
0.69314718056
>>> round(float(saddle_point(1.0, (2, 0, 1))), 12)    # x*^2 = 2 at u = 1
1.414213562373
"""

from __future__ import annotations

import sys
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import MesosymError
from ..validation import as_fraction
from . import equispaced, polynomial
from .quantities import QUANTITIES, key_of
from .tilted import law_of

__all__ = ["evaluate", "saddle_point", "beyond_float64", "EDGE_RESOLUTION"]


def evaluate(levels: Any, what: str, u: Any, *, invalid: str = "raise") -> Any:
    """Return the quantity ``what`` (a key of ``quantities.QUANTITIES``) at ``u`` (any shape).

    >>> evaluate([1, 1], "beta", [0.25, 0.5]).round(12).tolist()   # ln 3, 0
    [1.098612288668, 0.0]
    """
    what = key_of(what)
    law = law_of(levels)
    exact = beyond_float64(law, u)
    if exact is not None:
        return _at_exact(law, what, exact)
    kind, arg = law.key
    kernel = getattr(equispaced if kind == "equispaced" else polynomial, QUANTITIES[what])
    beyond = _beyond_elements(law, u)
    if not beyond:
        return kernel(u, arg, invalid=invalid)
    # a stand-in the kernels resolve at each such element, then the mpmath value there
    values = np.array(u, dtype=object)
    inside = Fraction(getattr(law, "d", None) or 2, 2)
    for index in beyond:
        values[index] = inside
    out = np.array(kernel(values, arg, invalid=invalid), dtype=np.float64)
    for index, exact in beyond.items():
        out[index] = _at_exact(law, what, exact)
    return out


def _at_exact(law: Any, what: str, exact: Fraction) -> np.float64:
    """The quantity at an exact u beyond float64's resolution, by mpmath at 17 digits."""
    from . import precise

    return np.float64(float(precise.evaluate(law, what, exact, digits=17)))


def _beyond_elements(law: Any, u: Any) -> dict[tuple[int, ...], Fraction]:
    """The elements of an array of exact values that float64 cannot resolve, by index."""
    if not isinstance(u, (list, tuple, np.ndarray)):
        return {}
    try:
        values = np.asarray(u, dtype=object) if isinstance(u, (list, tuple)) else u
    except ValueError:
        return {}  # ragged: the kernels refuse it, with their own message
    if values.dtype != object:
        return {}
    found = {}
    for index, element in np.ndenumerate(values):
        exact = beyond_float64(law, element)
        if exact is not None:
            found[index] = exact
    return found


#: An exact u nearer than this (relative to the top) to the top of the domain, or below
#: the smallest normal float64 at the bottom, goes to the mpmath route.
EDGE_RESOLUTION = 2.0**-40


def beyond_float64(levels: Any, u: Any) -> Fraction | None:
    """The exact value of a scalar ``u`` that float64 cannot resolve at an edge, else None.

    >>> beyond_float64(law_of(3), Fraction(1, 10**400)) == Fraction(1, 10**400)
    True
    >>> beyond_float64(law_of(3), 0.5) is None
    True
    """
    if (
        isinstance(u, (float, int, np.ndarray, list, tuple))
        or np.isscalar(u)
        and isinstance(u, np.floating)
    ):
        return None
    try:
        exact = as_fraction(u, "u")
    except MesosymError:
        return None  # the kernels refuse it, with their own message
    top = getattr(law_of(levels), "d", None)
    if 0 < exact < Fraction(sys.float_info.min):
        return exact
    if top is not None and 0 < top - exact < top * Fraction(EDGE_RESOLUTION):
        return exact
    return None


def saddle_point(u: Any, levels: Any) -> Any:
    """Return ``x*(u)`` in float64: the target of ``lambdify(SaddleRoot, "numpy")``.

    >>> round(float(saddle_point(0.25, 2)), 12)   # u/(1 - u)
    0.333333333333
    """
    return evaluate(levels, "x", u)
