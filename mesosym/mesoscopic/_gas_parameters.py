"""Argument checks for the continuum gases (ContinuumGas, IdealGas); to_mpf for every model.

A parameter is a real number or a SymPy expression.  Numbers are kept exact
(as SymPy Rationals: a float is its exact binary value) so that commensurability
questions (is the rod length a whole number of cells?) are answered exactly;
numerics convert them to ``mpmath.mpf`` at the working precision.  Text is
refused, never parsed.

Examples
--------
>>> positive_parameter("length", 2.5)
5/2
>>> positive_parameter("length", 0)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mesosym.errors.DomainError: length must be a positive finite real number or ...; got 0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..budget import MAX_PARAMETER_EXPONENT, short
from ..errors import BudgetError, DomainError, MesosymError
from ..validation import _sp, _sympy_basic, as_fraction, check_count
from .arithmetic import to_mpf  # the one conversion, re-exported for the continuum gases

if TYPE_CHECKING:  # pragma: no cover
    import sympy as sp

__all__ = [
    "positive_parameter",
    "nonnegative_parameter",
    "count_parameter",
    "to_mpf",
    "is_symbolic",
    "MAX_PARAMETER_EXPONENT",
]


_LOG2_10 = 3.321928094887362


def _binary_exponent(value: Any) -> float | None:
    """log2 |value| to within a few units for a number of any size, or None (zero, unknown)."""
    if isinstance(value, bool):
        return None
    mpf = getattr(value, "_mpf_", None)  # mpmath mpf and SymPy Float
    if isinstance(mpf, tuple) and len(mpf) == 4:
        _, man, exp, bc = mpf
        return float(exp + bc) if man else None
    numerator = getattr(value, "numerator", getattr(value, "p", None))
    denominator = getattr(value, "denominator", getattr(value, "q", None))
    if isinstance(numerator, int) and isinstance(denominator, int) and numerator:
        return float(abs(numerator).bit_length() - denominator.bit_length())
    return None


def _check_magnitude(name: str, value: Any) -> None:
    """Refuse a number of decimal exponent beyond MAX_PARAMETER_EXPONENT, before converting it."""
    sp = _sp()
    exponent = _binary_exponent(value)
    if exponent is None and isinstance(value, sp.Expr) and not value.free_symbols:
        if not (value.is_Rational or value.is_Float):
            try:
                exponent = _binary_exponent(value.evalf(5))
            except (TypeError, ValueError, ArithmeticError):
                raise DomainError(
                    f"{name} must be a finite real number; got {short(value)}"
                ) from None
    if exponent is not None and abs(exponent) > MAX_PARAMETER_EXPONENT * _LOG2_10 + 4:
        raise BudgetError(
            f"{name} is about 1e{exponent / _LOG2_10:.0f}: beyond MAX_PARAMETER_EXPONENT = "
            f"{MAX_PARAMETER_EXPONENT} decimal orders of magnitude (exact arithmetic with it "
            f"would not finish); change {name}"
        )


def _as_exact(name: str, value: Any, allowed: str) -> sp.Expr:
    """Return ``value`` as an exact SymPy number or a SymPy expression; refuse anything else."""
    sp = _sp()
    if not isinstance(value, (str, bytes)):
        _check_magnitude(name, value)
    if isinstance(value, (str, bytes)):
        raise DomainError(
            f"{name} must be {allowed}; got the text {short(value)} (text is never parsed)"
        )
    if isinstance(value, bool):
        raise DomainError(f"{name} must be {allowed}; got the bool {short(value)}")
    if isinstance(value, sp.Basic):
        if not isinstance(value, sp.Expr):
            raise DomainError(f"{name} must be {allowed}; got {short(value)}")
        if value.free_symbols:
            return value
        if value.has(sp.nan, sp.zoo) or value.is_finite is False:
            raise DomainError(f"{name} must be {allowed}; got {short(value)}")
        if value.is_real is False:
            raise DomainError(f"{name} must be {allowed}; got the non-real {value}")
        if not (value.is_Rational or value.is_Float):
            return value
    try:
        return sp.Rational(as_fraction(value, name))
    except MesosymError:
        raise DomainError(f"{name} must be {allowed}; got {short(value)}") from None


def positive_parameter(name: str, value: Any, *, why: str = "") -> sp.Expr:
    """A strictly positive finite real number (exact) or a SymPy expression not provably <= 0.

    ``why``, when given, is added to the message in parentheses.

    >>> import sympy as sp
    >>> positive_parameter("beta", sp.Symbol("b", positive=True))
    b
    """
    return _bounded_below(name, value, strict=True, why=why)


def nonnegative_parameter(name: str, value: Any) -> sp.Expr:
    """A non-negative finite real number (exact) or a SymPy expression not provably < 0.

    >>> nonnegative_parameter("hard_core", 0)
    0
    """
    return _bounded_below(name, value, strict=False)


def _bounded_below(name: str, value: Any, *, strict: bool, why: str = "") -> sp.Expr:
    """``value`` > 0 (``strict``) or >= 0, or a SymPy expression not provably otherwise."""
    allowed = (
        "a positive finite real number or a SymPy expression"
        if strict
        else "a non-negative finite real number or a SymPy expression"
    )
    suffix = f" ({why})" if why else ""
    try:
        v = _as_exact(name, value, allowed)
    except DomainError as err:
        raise DomainError(f"{err}{suffix}") from None
    if v.free_symbols:
        if (v.is_positive if strict else v.is_nonnegative) is False or v.is_real is False:
            cannot = "positive" if strict else ">= 0"
            raise DomainError(
                f"{name} must be {allowed}; got {short(v)}, which cannot be {cannot}{suffix}"
            )
        return v
    if not bool(v > 0 if strict else v >= 0):
        raise DomainError(f"{name} must be {allowed}; got {short(value)}{suffix}")
    return v


def count_parameter(name: str, value: Any, *, symbol_ok: bool = False) -> Any:
    """A positive integer count, or (when ``symbol_ok``) a SymPy symbol not provably otherwise.

    >>> count_parameter("particles", 3)
    3
    """
    if symbol_ok and _sympy_basic(value) and value.free_symbols:
        if value.is_integer is False or value.is_positive is False:
            raise DomainError(f"{name} must be a positive integer; got {short(value)}")
        return value
    if isinstance(value, (str, bytes)):
        raise DomainError(f"{name} must be a positive integer; got the text {short(value)}")
    return check_count(name, value, minimum=1)


def is_symbolic(*values: Any) -> bool:
    """True when any value carries free symbols.

    >>> import sympy as sp
    >>> is_symbolic(1, sp.Symbol("L"))
    True
    """
    return any(_sympy_basic(v) and bool(v.free_symbols) for v in values)
