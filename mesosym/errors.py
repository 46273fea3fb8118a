"""The exceptions mesosym raises.

Every public function validates its input and raises one of these with a
message that names the argument, the value received and the allowed range.

Examples
--------
>>> from mesosym.errors import DomainError
>>> issubclass(DomainError, ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "MesosymError",
    "DomainError",
    "ConvergenceError",
    "ParseError",
    "RowTooLargeError",
    "BudgetError",
]


class MesosymError(Exception):
    """Base class of every error mesosym raises on purpose."""


class DomainError(MesosymError, ValueError):
    """An argument lies outside the values the quantity is defined for."""


class ParseError(MesosymError, ValueError):
    """A user-supplied expression string could not be read safely."""


class ConvergenceError(MesosymError, ArithmeticError):
    """A numerical iteration did not reach the stated accuracy."""


class RowTooLargeError(MesosymError, MemoryError):
    """A requested exact row would not fit in memory; nothing was allocated."""


class BudgetError(MesosymError):
    """Work estimated to exceed the time or memory budget; refused before it started.

    The message states the estimate and the parameter to change
    (:mod:`mesosym.budget`).
    """
