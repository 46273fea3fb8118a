"""Numerical evaluation of the equispaced q-level thermodynamics.

Three back ends, one set of names:

* :mod:`~mesosym.numeric.equispaced` -- vectorised float64 kernels (NumPy), the
  default; its functions are re-exported here.
* :mod:`~mesosym.numeric.precise` -- mpmath, any number of digits; the reference.
* :mod:`~mesosym.numeric.polynomial` -- the same vectorised kernels for any
  integer spectrum with degeneracies (``Spectrum``).
* :mod:`~mesosym.numeric.arb` -- python-flint ``arb`` balls that certifiably
  contain the true values.

NumPy is imported eagerly: it is a hard dependency and :mod:`mesosym.validation`
loads it anyway.  python-flint is not needed by the other back ends, so ``arb``
is imported on first use.

Examples
--------
>>> from mesosym import numeric
>>> float(numeric.entropy(0.5, 2))  # ln 2 at u* = 1/2
0.69314718055994
>>> numeric.arb.entropy(0.5, 2).overlaps(numeric.arb.flint.arb(2).log())
True
"""

from __future__ import annotations

import importlib
from types import ModuleType

from . import equispaced, polynomial, precise
from .equispaced import (
    energy_variance,
    entropy,
    heat_capacity,
    inverse_temperature,
    log_saddle_point,
    saddle_point,
)

__all__ = [
    "equispaced",
    "polynomial",
    "precise",
    "arb",
    "saddle_point",
    "log_saddle_point",
    "entropy",
    "inverse_temperature",
    "energy_variance",
    "heat_capacity",
]


def __getattr__(name: str) -> ModuleType:
    if name == "arb":
        module = importlib.import_module(".arb", __name__)
        globals()["arb"] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
