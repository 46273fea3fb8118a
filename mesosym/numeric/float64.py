"""The float64 backend: one entry point over the two vectorised kernels.

Equal levels (``q``, including ``q = oo``) go to :mod:`mesosym.numeric.equispaced`,
any other spectrum to :mod:`mesosym.numeric.polynomial`; both solve the same
saddle-point equation in float64 with the stable forms of their own (see their
module docstrings for the accuracy: relative error <= 2e-14 and <= 1e-13).

Examples
--------
>>> round(float(evaluate(2, "s", 0.5)), 12)           # ln 2
0.69314718056
>>> round(float(saddle_point(1.0, (2, 0, 1))), 12)    # x*^2 = 2 at u = 1
1.414213562373
"""

from __future__ import annotations

from typing import Any

from ..errors import DomainError
from . import equispaced, polynomial
from .quantities import QUANTITIES
from .tilted import law_of

__all__ = ["evaluate", "saddle_point"]


def evaluate(levels: Any, what: str, u: Any, *, invalid: str = "raise") -> Any:
    """Return the quantity ``what`` (a key of ``quantities.QUANTITIES``) at ``u`` (any shape).

    >>> evaluate([1, 1], "beta", [0.25, 0.5]).round(12).tolist()   # ln 3, 0
    [1.098612288668, 0.0]
    """
    if what not in QUANTITIES:
        raise DomainError(f"what must be one of {', '.join(QUANTITIES)}; got {what!r}")
    kind, arg = law_of(levels).key
    module = equispaced if kind == "equispaced" else polynomial
    return getattr(module, QUANTITIES[what])(u, arg, invalid=invalid)


def saddle_point(u: Any, levels: Any) -> Any:
    """Return ``x*(u)`` in float64: the target of ``lambdify(SaddleRoot, "numpy")``.

    >>> round(float(saddle_point(0.25, 2)), 12)   # u/(1 - u)
    0.333333333333
    """
    return evaluate(levels, "x", u)
