"""Numbers that print at the precision they carry.

An ``mpmath.mpf`` prints at the global ``mp.dps`` (15 digits unless changed),
whatever precision it was computed at: a ``digits=30`` result of mesosym would
show 17 digits in a REPL or a notebook.  :func:`significant` rounds a value to
``digits`` significant digits and returns it as a :class:`Significant`, an
``mpf`` that prints those digits.  It is an ``mpf`` in every other respect:
arithmetic on it gives plain ``mpf`` values at the working precision, as
usual, and ``float``, ``mpmath.nstr`` and comparisons behave as for any mpf.

Examples
--------
>>> import mpmath
>>> with mpmath.workdps(40):
...     x = significant(+mpmath.pi, 30)
>>> x
mpf('3.14159265358979323846264338328')
>>> print(x)
3.14159265358979323846264338328
>>> float(x), mpmath.nstr(x, 5)
(3.141592653589793, '3.1416')
>>> type(x + 1) is mpmath.mpf
True
"""

from __future__ import annotations

from typing import Any

import mpmath
from mpmath.libmp import to_str

from .budget import short
from .errors import DomainError

__all__ = ["Significant", "significant"]


class Significant(mpmath.mpf):
    """An ``mpmath.mpf`` that prints its ``digits`` significant digits (immutable)."""

    __slots__ = ("digits",)
    digits: int

    def __new__(cls, value: Any = 0, digits: int = 15) -> Significant:
        """``value`` at the working precision, printed with ``digits`` digits."""
        bad = DomainError(f"value must be a real number (never text); got {short(value)}")
        if isinstance(value, (str, bytes)):
            raise bad
        try:
            self = super().__new__(cls, value)
        except (TypeError, ValueError):
            raise bad from None
        self.digits = int(digits)
        return self

    def __repr__(self) -> str:
        return f"mpf('{to_str(self._mpf_, self.digits)}')"

    def __str__(self) -> str:
        return str(to_str(self._mpf_, self.digits))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._mpf_, self.digits))


def _rebuild(value: tuple[Any, ...], digits: int) -> Significant:
    """Unpickle: the exact value (its ``bc`` bits), with its digits."""
    with mpmath.workprec(max(53, int(value[3]))):
        return Significant(mpmath.mpf(value), digits)


def significant(value: Any, digits: int) -> Any:
    """``value`` rounded to ``digits`` significant digits, printing them.

    Infinities and non-mpf values (SymPy expressions of symbolic routes) are
    returned unchanged.

    Precision: one rounding to ``digits`` decimal digits (``mpmath.workdps``).

    >>> significant(mpmath.mpf(2) / 3, 5)
    mpf('0.66667')
    """
    if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
        return value
    with mpmath.workdps(digits):
        return Significant(+value, digits)
