"""mesosym: symbolic and numeric statistical mechanics of equispaced q-level systems.

Examples
--------
>>> from mesosym import EquispacedLevels
>>> EquispacedLevels(3).multiplicity(2, 2)
3
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from . import symbols
from .asymptotics import AsymptoticExpansion, asymptotic_expansion, correction_coefficients
from .derivation import CheckResult, Derivation, Step, Verdict, check_identity
from .errors import ConvergenceError, DomainError, MesosymError, ParseError, RowTooLargeError
from .expressions import CoefficientOf, Multiplicity
from .finite import FiniteNThermodynamics, finite_thermodynamics
from .saddle import SaddleRoot
from .spectrum import EquispacedLevels, Spectrum

try:
    __version__ = version("mesosym")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

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
]
