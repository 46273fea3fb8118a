"""Numerical evaluation of the saddle-point thermodynamics, one backend per arithmetic.

The backends, in the table :data:`BACKENDS` (each imported on first use):

* ``"numpy"`` -- :mod:`~mesosym.numeric.float64`, vectorised float64 kernels
  (:mod:`~mesosym.numeric.equispaced` for equal levels,
  :mod:`~mesosym.numeric.polynomial` for any spectrum);
* ``"mpmath"`` -- :mod:`~mesosym.numeric.precise`, the one mpmath solver, any
  number of ``digits``;
* ``"arb"`` -- :mod:`~mesosym.numeric.arb`, python-flint balls certified to
  contain the true values (``digits``, or ``prec`` in bits).

Each offers every quantity (keys of :data:`QUANTITIES`) for every spectrum; the
stable forms they share live in :mod:`~mesosym.numeric.tilted`.  The equispaced
kernels' functions are re-exported here for convenience.

Examples
--------
>>> from mesosym import numeric
>>> float(numeric.entropy(0.5, 2))  # ln 2 at u* = 1/2
0.69314718055994
>>> f = numeric.evaluator([1, 1], "s", "arb", digits=20)
>>> f("0.5").overlaps(numeric.arb.flint.arb(2).log())
True
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..budget import short
from ..errors import DomainError
from . import equispaced
from .equispaced import (
    energy_variance,
    entropy,
    heat_capacity,
    inverse_temperature,
    log_saddle_point,
    saddle_point,
)

if TYPE_CHECKING:
    from . import arb, polynomial, precise
    from .quantities import QUANTITIES

__all__ = [
    "BACKENDS",
    "QUANTITIES",
    "backend",
    "evaluator",
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

#: backend name -> (module, the options its ``evaluate`` takes)
BACKENDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "numpy": (".float64", ("invalid",)),
    "mpmath": (".precise", ("digits",)),
    "arb": (".arb", ("digits", "prec")),
}


def backend(name: str) -> ModuleType:
    """Return the module of backend ``name``, importing it on first use.

    >>> backend("mpmath").__name__
    'mesosym.numeric.precise'
    """
    if not isinstance(name, str) or name not in BACKENDS:
        raise DomainError(f"backend must be one of {', '.join(BACKENDS)}; got {short(name)}")
    return importlib.import_module(BACKENDS[name][0], __name__)


def evaluator(levels: Any, what: str, name: str = "numpy", **options: Any) -> Callable[..., Any]:
    """Return ``u -> what(u)`` for ``levels`` on backend ``name``.

    Raises
    ------
    DomainError
        For an unknown backend, quantity or option, naming what is offered.

    >>> evaluator(3, "beta", "mpmath", digits=15)(1)
    mpf('0.0')
    >>> evaluator(2, "entropy", "mpmath", digits=15)(0.5)  # the long name: ln 2
    mpf('0.693147180559945')
    """
    from .quantities import key_of
    from .tilted import law_of

    module = backend(name)
    allowed = BACKENDS[name][1]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        precise = [b for b, (_, takes) in BACKENDS.items() if "digits" in takes]
        needs = (
            f" (digits needs backend={' or '.join(repr(b) for b in precise)})"
            if "digits" in unknown
            else ""
        )
        raise DomainError(
            f"backend {name!r} takes the options {', '.join(allowed)}; got "
            f"{', '.join(unknown)}{needs}"
        )
    what = key_of(what, f"backend {name!r} offers")
    return functools.partial(module.evaluate, law_of(levels), what, **options)


def __getattr__(name: str) -> Any:
    # the mpmath, arb and polynomial modules import SymPy-side code: on first use only
    if name in ("arb", "precise", "polynomial", "tilted", "float64"):
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    if name == "QUANTITIES":
        from .quantities import QUANTITIES

        return QUANTITIES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
