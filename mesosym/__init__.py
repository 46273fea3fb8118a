"""mesosym: symbolic and numeric statistical mechanics of equispaced q-level systems.

Examples
--------
>>> from mesosym import EquispacedLevels
>>> EquispacedLevels(3).multiplicity(2, 2)
3
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .errors import (
    BudgetError,
    ConvergenceError,
    DomainError,
    MesosymError,
    ParseError,
    RowTooLargeError,
)

if TYPE_CHECKING:
    from . import symbols
    from .checking.derivation import CheckResult, Derivation, Step, Verdict, check_identity
    from .levels.asymptotics import (
        AsymptoticExpansion,
        asymptotic_expansion,
        correction_coefficients,
    )
    from .levels.expressions import CoefficientOf, Multiplicity
    from .levels.finite import FiniteNThermodynamics, finite_thermodynamics
    from .levels.saddle import SaddleRoot
    from .levels.spectrum import EquispacedLevels, Spectrum

try:
    __version__ = version("mesosym")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

# The public names are imported on first use (PEP 562), so that the numeric
# commands start without importing SymPy: name -> the module that defines it.
_LAZY = {
    "symbols": "",
    "AsymptoticExpansion": "levels.asymptotics",
    "asymptotic_expansion": "levels.asymptotics",
    "correction_coefficients": "levels.asymptotics",
    "CheckResult": "checking.derivation",
    "Derivation": "checking.derivation",
    "Step": "checking.derivation",
    "Verdict": "checking.derivation",
    "check_identity": "checking.derivation",
    "CoefficientOf": "levels.expressions",
    "Multiplicity": "levels.expressions",
    "FiniteNThermodynamics": "levels.finite",
    "finite_thermodynamics": "levels.finite",
    "SaddleRoot": "levels.saddle",
    "EquispacedLevels": "levels.spectrum",
    "Spectrum": "levels.spectrum",
}


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if where == "":
        value: Any = importlib.import_module(f".{name}", __name__)
    else:
        value = getattr(importlib.import_module(f".{where}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "__version__",
    "symbols",
    "Spectrum",
    "EquispacedLevels",
    "SaddleRoot",
    "Multiplicity",
    "CoefficientOf",
    "asymptotic_expansion",
    "AsymptoticExpansion",
    "correction_coefficients",
    "finite_thermodynamics",
    "FiniteNThermodynamics",
    "check_identity",
    "CheckResult",
    "Verdict",
    "Step",
    "Derivation",
    "MesosymError",
    "DomainError",
    "ConvergenceError",
    "ParseError",
    "RowTooLargeError",
    "BudgetError",
]
