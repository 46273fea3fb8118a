"""Argument checks shared by the whole library.

Each check returns the argument in canonical form or raises
:class:`~mesosym.errors.DomainError` naming the argument, the value received
and the allowed values.  Symbolic arguments are rejected only when they are
provably invalid (SymPy's three-valued logic); unknowns pass.

Examples
--------
>>> from mesosym.validation import check_q
>>> check_q(3)
3
>>> check_q(1)
Traceback (most recent call last):
...
mesosym.errors.DomainError: q must be an integer >= 2, a positive-integer Symbol or oo; got 1
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .budget import MAX_BINARY_EXPONENT, MAX_DIGITS, _log2, short
from .errors import BudgetError, DomainError

if TYPE_CHECKING:
    import numpy as np
    import sympy as sp

# SymPy, mpmath and NumPy are imported only where a value is built with them (so
# that `mesosym count` starts without SymPy): a value cannot be a SymPy or mpmath
# object unless that library has been imported.


def _sympy_basic(value: Any) -> bool:
    sympy = sys.modules.get("sympy")
    return sympy is not None and isinstance(value, sympy.Basic)


def _mpmath_type(value: Any, *names: str) -> bool:
    mpmath = sys.modules.get("mpmath")
    return mpmath is not None and isinstance(value, tuple(getattr(mpmath, n) for n in names))


def _numpy_type(value: Any, *names: str) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, tuple(getattr(numpy, n) for n in names))


def _sp() -> Any:
    import sympy

    return sympy


__all__ = [
    "check_q",
    "check_degeneracies",
    "check_count",
    "check_cell_sizes",
    "check_u",
    "check_u_array",
    "check_spin",
    "is_infinite",
    "as_int",
    "as_fraction",
    "check_digits",
    "as_sympy",
    "as_sympy_list",
    "refuse_text",
    "check_names",
    "is_plain_name",
    "check_domain",
    "log10_magnitude",
]

_Q_RANGE = "an integer >= 2, a positive-integer Symbol or oo"


def is_infinite(q: Any) -> bool:
    """Return True for q = oo (SymPy) or q = inf (float).

    >>> import sympy
    >>> is_infinite(sympy.oo), is_infinite(3)
    (True, False)
    """
    if isinstance(q, float):
        return math.isinf(q) and q > 0
    return _sympy_basic(q) and q is _sp().oo


def as_int(name: str, value: Any) -> int:
    """Return ``value`` as a Python int if it is an exact integer, else raise.

    Floats, even integral ones, are refused: counts are exact.

    >>> as_int("N", 5)
    5
    """
    if isinstance(value, bool):
        raise DomainError(f"{name} must be an integer; got the bool {short(value)}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if _sympy_basic(value) and value.is_Integer:
        return int(value)
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    raise DomainError(f"{name} must be an integer; got {short(value)}")


def as_fraction(value: Any, name: str = "u") -> Fraction:
    """Return the exact rational value of a real number, never evaluating text.

    Accepted: Python ints, floats (by their binary value) and Fractions; strings,
    read as exact decimals or ratios (``"0.1"``, ``"1e-300"``, ``"1/3"``), never
    evaluated; SymPy Integers, Rationals and Floats; mpmath ``mpf``; python-flint
    ``fmpz``, ``fmpq`` and exact ``arb`` balls (radius 0).

    Raises
    ------
    DomainError
        For NaN, infinities, other text, non-real or inexact values.

    Examples
    --------
    >>> import mpmath
    >>> as_fraction("0.1"), as_fraction(0.5), as_fraction(mpmath.mpf(3) / 4)
    (Fraction(1, 10), Fraction(1, 2), Fraction(3, 4))
    """
    if isinstance(value, Fraction):  # the hot path: no message built
        return value

    def bad() -> DomainError:
        return DomainError(
            f"{name} must be a finite real number (int, float, Fraction, decimal string, "
            f"SymPy or mpmath number); got {short(value)}"
        )

    if isinstance(value, bool):
        raise bad()
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise bad()
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        if not text or not set(text) <= set("0123456789+-./eE_ "):
            raise bad()  # 'nan', 'inf', names: nothing that Fraction would read specially
        problem = _text_number_problem(text)
        if problem:
            raise BudgetError(f"{name}: {problem}; got {text[:40]!r}")
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise bad() from None
    if _sympy_basic(value):
        if value.is_Rational:
            return Fraction(int(value.p), int(value.q))
        if value.is_Float and value.is_finite:
            man, exp = _man_exp(value._mpf_)
            return _dyadic(man, exp, name)
        raise bad()
    kind = type(value).__module__ + "." + type(value).__name__
    if kind in ("flint.fmpz", "flint.types.fmpz.fmpz"):
        return Fraction(int(value))
    if kind in ("flint.fmpq", "flint.types.fmpq.fmpq"):
        return Fraction(int(value.p), int(value.q))
    if kind in ("flint.arb", "flint.types.arb.arb"):
        if not value.is_exact() or not value.is_finite():
            raise DomainError(f"{name} must be an exact arb ball (radius 0); got {short(value)}")
        man, exp = value.man_exp()
        return _dyadic(int(man), int(exp), name)
    if _mpmath_type(value, "mpf"):
        mpf = value._mpf_
        if mpf[-1] < 0 or (mpf[1] == 0 and mpf[2] != 0):  # inf, nan
            raise bad()
        man, exp = _man_exp(mpf)
        return _dyadic(man, exp, name)
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, numbers.Real):
        return as_fraction(float(value), name)
    raise bad()


#: Largest decimal exponent and number of characters of a number given as text.
MAX_TEXT_EXPONENT = 10_000
MAX_TEXT_LENGTH = 10_000


def _text_number_problem(text: str) -> str | None:
    """Why the decimal ``text`` is too big to read exactly, or None.

    ``Fraction("1e1000000000")`` would build a billion-digit integer.
    """
    if len(text) > MAX_TEXT_LENGTH:
        return f"a number of more than MAX_TEXT_LENGTH = {MAX_TEXT_LENGTH} characters"
    for part in text.replace("E", "e").split("/"):
        if "e" in part:
            exponent = part.split("e", 1)[1].replace("_", "").strip()
            digits = exponent.lstrip("+-").lstrip("0")
            if len(digits) > 6 or (digits and int(digits) > MAX_TEXT_EXPONENT):
                return (
                    f"the decimal exponent {exponent[:20]} exceeds "
                    f"MAX_TEXT_EXPONENT = {MAX_TEXT_EXPONENT}"
                )
    return None


def _man_exp(mpf: tuple) -> tuple[int, int]:
    sign, man, exp, _ = mpf
    return (-int(man) if sign else int(man)), int(exp)


def _dyadic(man: int, exp: int, name: str = "value") -> Fraction:
    """``man * 2**exp`` exactly, refused (BudgetError) beyond :data:`MAX_BINARY_EXPONENT`."""
    if man and abs(exp + man.bit_length()) > MAX_BINARY_EXPONENT:
        decimal = round((exp + man.bit_length()) * math.log10(2))
        raise BudgetError(
            f"{name} is about 1e{decimal}: reading it exactly would build a "
            f"{abs(exp):.3g}-bit integer; the limit is 2^MAX_BINARY_EXPONENT "
            f"(MAX_BINARY_EXPONENT = {MAX_BINARY_EXPONENT}, about 1e315653)"
        )
    return Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2**-exp)


def log10_magnitude(value: Any) -> float | None:
    """``log10 |value|`` at a few digits, never building the number's digits.

    For an exact number, a float, an mpf or a SymPy constant such as
    ``pi * 10**1000000``; ``-inf`` for 0, None for an expression with symbols.

    >>> import sympy as sp
    >>> round(log10_magnitude(sp.pi * 10**1000000), 3), log10_magnitude(Fraction(1, 100))
    (1000000.497, -2.0)
    """
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        value = Fraction(value)
        if value == 0:
            return -math.inf
        return (_log2(abs(value.numerator)) - _log2(value.denominator)) * math.log10(2)
    import mpmath

    if _sympy_basic(value):
        if value.free_symbols:
            return None
        value = value.evalf(15)
        if not value.is_number or not value.is_finite:
            return None
        value = mpmath.mpmathify(complex(value) if not value.is_real else value)
    if _mpmath_type(value, "mpf", "mpc") or isinstance(value, (float, complex)):
        magnitude = mpmath.fabs(mpmath.mpmathify(value))
        return -math.inf if magnitude == 0 else float(mpmath.log10(magnitude))
    return None


def check_digits(digits: Any, *, name: str = "digits") -> int:
    """Return a precision in significant decimal digits, an integer in ``1..MAX_DIGITS``.

    Above :data:`mesosym.budget.MAX_DIGITS` digits the numeric routes would
    take minutes: a :class:`~mesosym.errors.BudgetError`.

    >>> check_digits(30)
    30
    >>> check_digits(0)
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: digits must be an integer >= 1 (significant decimal digits); got 0
    """
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 1:
        raise DomainError(
            f"{name} must be an integer >= 1 (significant decimal digits); got {short(digits)}"
        )
    if int(digits) > MAX_DIGITS:
        raise BudgetError(
            f"{name} = {short(digits)} would take minutes or more; the limit is "
            f"MAX_DIGITS = {MAX_DIGITS} significant digits (change {name})"
        )
    return int(digits)


def check_q(q: Any) -> Any:
    """Return the number of levels in canonical form: int, Symbol or ``sympy.oo``.

    Raises
    ------
    DomainError
        If ``q`` is not an integer >= 2, a Symbol that may be one, or infinity.
    """
    if is_infinite(q):
        return _sp().oo
    if isinstance(q, str):
        raise DomainError(f"q must be {_Q_RANGE}; got the string {short(q)}")
    if _sympy_basic(q) and isinstance(q, _sp().Symbol):
        if q.is_integer is False or q.is_positive is False:
            raise DomainError(f"q must be {_Q_RANGE}; got the Symbol {q} with contrary assumptions")
        return q
    try:
        qi = as_int("q", q)
    except DomainError:
        raise DomainError(f"q must be {_Q_RANGE}; got {short(q)}") from None
    if qi < 2:
        raise DomainError(f"q must be {_Q_RANGE}; got {short(qi)}")
    return qi


def check_count(
    name: str,
    value: Any,
    *,
    minimum: int = 0,
    maximum: int | None = None,
    allowed: str | None = None,
) -> int:
    """Return a count (N, M, sites, a width) as an int in [minimum, maximum], else DomainError.

    ``allowed`` words the range in the message (by default ``an integer >= minimum``, or
    ``an integer in [minimum, maximum]``).

    >>> check_count("N", 10)
    10
    >>> check_count("width", 19, minimum=1, maximum=18)
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: width must be an integer in [1, 18]; got 19
    """
    if allowed is None:
        allowed = f"an integer >= {short(minimum)}"
        if maximum is not None:
            allowed = f"an integer in [{short(minimum)}, {short(maximum)}]"
    try:
        v = as_int(name, value)
    except DomainError:
        raise DomainError(f"{name} must be {allowed}; got {short(value)}") from None
    if v < minimum or (maximum is not None and v > maximum):
        raise DomainError(f"{name} must be {allowed}; got {short(v)}")
    return v


def check_cell_sizes(sites: int, cells: Any, *, name: str = "sites") -> tuple[int, ...]:
    """The sizes of consecutive cells that split ``sites`` sites, else raise DomainError.

    Parameters
    ----------
    sites : int
        How many sites (or columns) the cells share out.
    cells : int or sequence of int
        A number of equal cells (it must divide ``sites``) or the cells' sizes (positive,
        summing to ``sites``).
    name : str
        What ``sites`` is called in the messages (the caller's argument name).

    Returns
    -------
    tuple of int
        One size per cell, in order.

    Examples
    --------
    >>> check_cell_sizes(12, 3), check_cell_sizes(12, [2, 10])
    ((4, 4, 4), (2, 10))
    >>> check_cell_sizes(12, [2, 9])
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: cells must sum to sites = 12; got [2, 9] (sum 11)
    """
    if isinstance(cells, (str, bytes)):
        raise DomainError(
            f"cells must be a number of cells or a list of cell sizes; got {short(cells)}"
        )
    if isinstance(cells, Sequence):
        sizes = []
        for i, c in enumerate(cells):
            try:
                s = as_int(f"cells[{i}]", c)
            except DomainError:
                raise DomainError(
                    f"cells[{i}] must be a positive integer; got {short(c)}"
                ) from None
            if s < 1:
                raise DomainError(
                    f"cells[{i}] must be a positive integer (no empty cell); got {short(s)}"
                )
            sizes.append(s)
        if not sizes:
            raise DomainError("cells must hold at least one cell size; got an empty list")
        if sum(sizes) != sites:
            raise DomainError(
                f"cells must sum to {name} = {short(sites)}; got {short(sizes)} "
                f"(sum {short(sum(sizes))})"
            )
        return tuple(sizes)
    try:
        k = as_int("cells", cells)
    except DomainError:
        raise DomainError(
            f"cells must be a positive integer dividing {name} = {short(sites)} or a list of "
            f"sizes; got {short(cells)}"
        ) from None
    if k < 1 or sites % k:
        raise DomainError(
            f"cells must be a positive integer dividing {name} = {short(sites)} (or a list of "
            f"sizes summing to {short(sites)}); got {short(k)}"
        )
    return (sites // k,) * k


def check_u(u: Any, q: Any, *, name: str = "u") -> Any:
    """Check a scalar reduced energy against [0, q - 1] and return it.

    SymPy expressions that are not provably outside the range pass unchanged.

    >>> check_u(0.5, 3)
    0.5
    """
    if isinstance(u, bool) or isinstance(u, str):
        raise DomainError(f"{name} must be a real number in [0, q - 1]; got {short(u)}")
    if _sympy_basic(u):
        sp = _sp()
        if u is sp.nan or u.is_finite is False or u.has(sp.nan, sp.zoo):
            raise DomainError(f"{name} must be a finite real number in [0, q - 1]; got {short(u)}")
        if u.is_real is False or u.is_negative:
            raise DomainError(f"{name} must be a real number in [0, q - 1]; got {short(u)}")
        if u.is_number and not is_infinite(q) and not isinstance(q, sp.Symbol):
            if bool(u > q - 1):
                raise DomainError(
                    f"{name} must lie in [0, {short(q - 1)}] for q = {short(q)}; got {short(u)}"
                )
        return u
    if not isinstance(u, numbers.Real):
        raise DomainError(f"{name} must be a real number in [0, q - 1]; got {short(u)}")
    try:
        uf = float(u)
    except OverflowError:
        uf = math.inf if u > 0 else -math.inf  # type: ignore[operator]
    upper = math.inf if is_infinite(q) else (q - 1 if isinstance(q, int) else math.inf)
    if math.isnan(uf) or uf < 0 or uf > upper or math.isinf(uf):
        rng = "[0, oo)" if upper == math.inf else f"[0, {short(upper)}]"
        raise DomainError(f"{name} must lie in {rng} for q = {short(q)}; got {short(u)}")
    return u


def check_u_array(u: Any, q: Any, *, name: str = "u", allow_nan: bool = False) -> np.ndarray:
    """Return ``u`` as a float64 array after checking every entry lies in [0, q - 1].

    The error names the first offending (flat) index and its value.  With
    ``allow_nan=True`` NaN and out-of-range entries are left for the caller to
    turn into NaN.

    >>> check_u_array([0.0, 1.0, 2.0], 3)
    array([0., 1., 2.])
    >>> check_u_array([0.5, 7.0], 3)
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: u must lie in [0, 2] for q = 3; u[1] = 7.0
    """
    import numpy as np

    bad_type = DomainError(f"{name} must be a real number or an array of them; got {short(u)}")
    if isinstance(u, (str, bytes, bool)):
        raise bad_type
    try:
        raw = np.asarray(u)
        if raw.dtype.kind not in "iuf":  # text, objects, complex, bools: no silent conversion
            if raw.dtype.kind == "O":
                if any(isinstance(v, (str, bytes)) for v in raw.flat):
                    raise bad_type
                try:
                    values = [float(as_fraction(v, name)) for v in raw.flat]
                except OverflowError:
                    raise DomainError(
                        f"{name} lies beyond the float64 range (about 1.8e308); "
                        f"use the mpmath or arb backend; got {short(u)}"
                    ) from None
                raw = np.asarray(values, dtype=np.float64).reshape(raw.shape)
            else:
                raise bad_type
        arr = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise bad_type from None
    if allow_nan:
        return arr
    q = check_q(q)
    if not isinstance(q, int) and not is_infinite(q):
        raise DomainError(f"q must be an integer >= 2 or oo for numeric u; got {short(q)}")
    upper = math.inf if is_infinite(q) or q - 1 > sys.float_info.max else float(q - 1)
    bad = ~((arr >= 0) & (arr <= upper) & np.isfinite(arr))  # NaN compares False
    if bad.any():
        idx = int(np.flatnonzero(bad)[0])
        val = float(arr.flat[idx])
        rng = "[0, oo)" if is_infinite(q) else f"[0, {short(q - 1)}]"
        where = f"{name}[{idx}]" if arr.ndim else name
        raise DomainError(f"{name} must lie in {rng} for q = {short(q)}; {where} = {short(val)}")
    return arr


def check_spin(J: Any) -> sp.Rational:
    """Return a spin J as a SymPy Rational, requiring a positive half-integer.

    >>> from fractions import Fraction
    >>> check_spin(Fraction(3, 2))
    3/2
    >>> check_spin(0.5)
    1/2
    """
    msg = f"J must be a positive half-integer (1/2, 1, 3/2, ...); got {short(J)}"
    if isinstance(J, (bool, str, bytes)):
        raise DomainError(msg)
    try:
        twoJ = 2 * as_fraction(J, "J")  # never sympify: a list may hold text
    except DomainError:
        raise DomainError(msg) from None
    if twoJ.denominator != 1 or twoJ <= 0:
        raise DomainError(msg)
    return _sp().Rational(twoJ.numerator, 2)


#: A plain name for a Symbol or a Function: a letter, ``_`` or ``\``, then letters, digits,
#: ``_`` and the LaTeX marks ``^ { } * \`` (``x^{*}``, ``c_{3}``, ``\beta``).  No
#: parenthesis, dot, quote, space or operator: such a name, printed into text that is
#: read back or into generated code, cannot call anything.
_PLAIN_NAME = re.compile(r"(?:[^\W\d]|\\)[\w^{}*\\]*\Z")
#: How deep the guard follows nested containers (lists of tuples of dicts ...).
MAX_NESTING = 50


def is_plain_name(name: Any) -> bool:
    r"""True if ``name`` is a plain name for a Symbol or Function (see :func:`check_names`).

    >>> is_plain_name("u"), is_plain_name("x^{*}"), is_plain_name("__import__('os')")
    (True, True, False)
    """
    return isinstance(name, str) and len(name) <= 200 and bool(_PLAIN_NAME.match(name))


def check_names(expr: Any, name: str = "expression", *, code: bool = False) -> Any:
    r"""Refuse a SymPy object whose Symbols or Functions have names that are not plain.

    A plain name starts with a letter or ``_`` and holds only letters, digits,
    ``_`` and the LaTeX marks ``^ { } * \`` (so ``x^{*}`` and ``\beta`` pass,
    ``__import__('os').system('ls')`` does not): printed into generated code or
    into text that SymPy reads back, such a name calls nothing.  With
    ``code=True`` (the expression is about to become code, through
    ``lambdify``) undefined functions ``f(r)`` are refused as well: their name
    would be written into the code and looked up when it runs.

    Returns ``expr`` unchanged.

    Raises
    ------
    DomainError
        Naming the argument and the offending name.

    Examples
    --------
    >>> import sympy as sp
    >>> check_names(sp.Symbol("u") + 1)
    u + 1
    >>> check_names(sp.Symbol("a(b)"), "P")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: P holds the Symbol named 'a(b)', not a plain name ...
    """
    sp = _sp()
    from sympy.core.function import AppliedUndef

    if not _sympy_basic(expr):
        raise DomainError(f"{name} must be a SymPy object; got {short(expr)}")
    rule = "not a plain name (a letter or _, then letters, digits, _, ^ { } * \\)"
    for sym in expr.atoms(sp.Symbol):
        if not is_plain_name(sym.name):
            raise DomainError(f"{name} holds the Symbol named {short(sym.name)}, {rule}")
    for f in expr.atoms(AppliedUndef):
        fname = type(f).__name__
        if not is_plain_name(fname):
            raise DomainError(f"{name} holds the function named {short(fname)}, {rule}")
        if code:
            raise DomainError(
                f"{name} holds the undefined function {short(fname)}(...), which cannot be "
                "evaluated; write it out with SymPy's functions (exp, log, sqrt, ...)"
            )
    return expr


def refuse_text(value: Any, name: str = "expression", _depth: int = 0) -> None:
    """Refuse text anywhere inside ``value``, also deep inside containers.

    Lists, tuples, dicts (keys and values), sets, NumPy arrays and SymPy objects
    (whose names must be plain, :func:`check_names`) are searched.
    ``sympy.sympify`` evaluates a string with ``eval``, also inside a container; call
    this before any SymPy function sees a caller's container.

    >>> refuse_text([1, (2, {3: 4.5})])
    >>> refuse_text([1, (2, {"u": 4})], "steps")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: steps must hold SymPy expressions or numbers, not text ...; got 'u'
    """
    if isinstance(value, (str, bytes, bytearray)):
        raise DomainError(
            f"{name} must hold SymPy expressions or numbers, not text "
            f"(read text with mesosym.checking.parse.parse_expression); got {short(value)}"
        )
    if _depth > MAX_NESTING:
        raise DomainError(f"{name} nests containers more than MAX_NESTING = {MAX_NESTING} deep")
    if _sympy_basic(value):
        check_names(value, name)
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_text(key, name, _depth + 1)
            refuse_text(item, name, _depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            refuse_text(item, name, _depth + 1)
    elif _numpy_type(value, "ndarray"):
        if value.dtype.kind in "USV":
            raise DomainError(f"{name} must hold numbers, not text; got an array of {value.dtype}")
        if value.dtype.kind == "O":
            for item in value.flat:
                refuse_text(item, name, _depth + 1)
    elif _mpmath_type(value, "matrix"):
        for i in range(value.rows):
            for j in range(value.cols):
                refuse_text(value[i, j], name, _depth + 1)


def as_sympy(value: Any, name: str = "expression", *, code: bool = False) -> Any:
    """Return ``value`` as a SymPy object without ever evaluating text.

    The one guard at mesosym's edge: every public function that takes an
    expression passes it through here before SymPy sees it.  SymPy objects
    pass unchanged once their Symbols and Functions have plain names
    (:func:`check_names`; with ``code=True`` undefined functions are refused
    too); Python, NumPy, mpmath and flint numbers are converted exactly
    (floats to ``Float``, complex to ``re + I*im``).  Text (also inside a
    container), containers and anything else are refused: ``sympy.sympify``
    would evaluate a string with ``eval``, even inside a list or a tuple and
    with ``strict=True``.  Read text with
    :func:`mesosym.checking.parse.parse_expression`; a sequence of expressions
    with :func:`as_sympy_list`.

    Raises
    ------
    DomainError
        For text, containers, NaN, infinities, names that are not plain and other types.

    Examples
    --------
    >>> as_sympy(0.5), as_sympy(3), as_sympy(1 + 2j)
    (0.500000000000000, 3, 1.0 + 2.0*I)
    >>> as_sympy(["1 + 1"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: expression must be a SymPy expression or a number, ...
    """
    if _sympy_basic(value):
        check_names(value, name, code=code)
        return value
    sp = _sp()
    bad = DomainError(
        f"{name} must be a SymPy expression or a number, not text or a container "
        f"(read text with mesosym.checking.parse.parse_expression); got {short(value)}"
    )
    if isinstance(value, (bool, str, bytes)) or _numpy_type(value, "bool_"):
        raise bad
    if isinstance(value, numbers.Integral):
        return sp.Integer(int(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float) or _numpy_type(value, "floating") or _mpmath_type(value, "mpf"):
        if not math.isfinite(float(value)) and not _mpmath_type(value, "mpf"):
            raise DomainError(f"{name} must be finite; got {short(value)}")
        if _mpmath_type(value, "mpf") and not value.context.isfinite(value):
            raise DomainError(f"{name} must be finite; got {short(value)}")
        return (
            sp.Float(value)
            if not _mpmath_type(value, "mpf")
            else sp.Float(value, value.context.dps)
        )
    if (
        isinstance(value, complex)
        or _numpy_type(value, "complexfloating")
        or _mpmath_type(value, "mpc")
    ):
        return as_sympy(value.real, name) + sp.I * as_sympy(value.imag, name)
    kind = type(value).__module__
    if kind.startswith("flint"):
        try:
            f = as_fraction(value, name)
        except DomainError:
            raise bad from None
        return sp.Rational(f.numerator, f.denominator)
    raise bad


def as_sympy_list(values: Any, name: str = "expressions") -> list[Any]:
    """Return a sequence of expressions as a list of SymPy objects, never evaluating text.

    ``values`` is a list, a tuple or a NumPy array of what :func:`as_sympy` accepts;
    element ``k`` is named ``name[k]`` in an error.

    >>> as_sympy_list([1, 0.5])
    [1, 0.500000000000000]
    >>> as_sympy_list("u + 1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: expressions must be a list or tuple of SymPy expressions, ...
    """
    if not isinstance(values, (list, tuple)) and not _numpy_type(values, "ndarray"):
        raise DomainError(
            f"{name} must be a list or tuple of SymPy expressions, not text or "
            f"{type(values).__name__}; got {short(values)}"
        )
    flat = values.ravel().tolist() if _numpy_type(values, "ndarray") else values
    return [as_sympy(v, f"{name}[{k}]") for k, v in enumerate(flat)]


def check_domain(domain: Any, name: str = "domain", *, finite: bool = False) -> dict[Any, Any]:
    """Return a domain ``{Symbol: (low, high)}`` with SymPy number bounds, never reading text.

    Bounds are real numbers (``oo`` allowed unless ``finite``), read by :func:`as_sympy`.

    >>> import sympy as sp
    >>> u = sp.Symbol("u")
    >>> check_domain({u: (0, 1)})
    {u: (0, 1)}
    >>> check_domain({u: (0, "1")})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: the bound of u in domain must be a SymPy expression or a number, ...
    """
    sp = _sp()
    from collections.abc import Mapping

    if not isinstance(domain, Mapping):
        raise DomainError(f"{name} must map Symbols to (low, high) bounds; got {short(domain)}")
    box = {}
    for sym, bounds in domain.items():
        if (
            not isinstance(sym, sp.Symbol)
            or not isinstance(bounds, (tuple, list))
            or len(bounds) != 2
        ):
            raise DomainError(
                f"{name} must map Symbols to (low, high) bounds; got {short(sym)}: {short(bounds)}"
            )
        where = f"the bound of {check_names(sym, name)} in {name}"
        low, high = (as_sympy(b, where) for b in bounds)
        allowed = (lambda b: b.is_finite) if finite else (lambda b: True)
        if not all(b.is_number and b.is_extended_real and allowed(b) for b in (low, high)):
            kind = "finite real numbers" if finite else "real numbers or oo"
            raise DomainError(f"{name}: the bounds of {sym} must be {kind}; got ({low}, {high})")
        box[sym] = (low, high)
    return box


def check_degeneracies(degeneracies: Any) -> tuple[int, ...]:
    """Return the degeneracies ``g_0..g_d`` of an integer spectrum as a tuple of ints.

    At least two levels, all ``g_k >= 0``, ``g_0 > 0`` and ``g_d > 0`` (energies
    counted from the ground level, up to the highest occupied level).

    >>> check_degeneracies([1, 0, 2])
    (1, 0, 2)
    """
    if isinstance(degeneracies, (str, bytes)) or not isinstance(degeneracies, Sequence):
        raise DomainError(
            f"degeneracies must be a sequence of integers >= 0; got {short(degeneracies)}"
        )
    g = tuple(as_int(f"degeneracies[{k}]", gk) for k, gk in enumerate(degeneracies))
    if any(gk < 0 for gk in g):
        raise DomainError(f"degeneracies must all be >= 0; got {short(list(g))}")
    if len(g) < 2 or g[0] == 0 or g[-1] == 0:
        raise DomainError(
            "degeneracies need at least two levels, with g_0 > 0 and g_d > 0 "
            f"(energies counted from the ground level); got {short(list(g))}"
        )
    return g
