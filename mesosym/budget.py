"""The cost model: refuse up front what would not finish or fit, show progress on what will.

Every expensive route of mesosym (exact coefficients and ``ln Omega``, the
1/N expansion, high-precision evaluation) asks :func:`require` before it
starts, with an estimate of its time and memory from the models below.  Work
estimated above :data:`TIME_LIMIT_SECONDS` or :data:`MEMORY_LIMIT_BYTES` is
refused with a :class:`~mesosym.errors.BudgetError` that states the estimate
and the parameter to change; nothing has been computed or allocated then.

The models are fitted to timings on a 2-core machine (November 2026) and err
on the side of caution (they overestimate by up to about 5x):

- an exact coefficient whose answer has ``B`` bits, by binary splitting:
  ``5e-9 B log2(B)^2`` seconds (0.19 s measured for ``Omega_3(10^5, 10^5)``,
  ``B = 1.6e5``); term by term, ``J`` terms: ``1e-8 J (B + F)`` seconds with
  ``F`` the bits of one term ratio;
- mpmath at ``D`` digits: ``7e-9 D^2`` seconds per solve (2.7 s at
  ``D = 20000``), times the number of levels summed (at most 64) over 25.

:func:`progress` and :func:`bar` (from :mod:`mesosym.progress`, kept here for the
counting routes) show progress only when stderr is a terminal.  Ctrl-C stops the
work between steps with ``KeyboardInterrupt`` (the command line exits 130 on one line).

Examples
--------
>>> require("a small job", seconds=0.1, memory=1000, change="N")
>>> require("a big job", seconds=1e4, memory=0, change="N (smaller)")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mesosym.errors.BudgetError: a big job would take about 1e+04 s (limit 60 s); change N ...
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .errors import BudgetError, DomainError
from .progress import bar, progress

__all__ = [
    "TIME_LIMIT_SECONDS",
    "MEMORY_LIMIT_BYTES",
    "MAX_DIGITS",
    "EXPAND_UP_TO",
    "require",
    "binomial_bits",
    "coefficient_cost",
    "digits_seconds",
    "progress",
    "bar",
    "MAX_BOLTZMANN_EXPONENT",
    "MAX_PARAMETER_EXPONENT",
    "short",
    "SHORT_LENGTH",
    "require_count",
    "ENUMERATION_LIMIT",
    "JOINT_LIMIT",
    "OCCUPATION_LIMIT",
    "SYMBOLIC_SITES",
    "SECTOR_OPERATIONS",
    "CANONICAL_SECONDS",
    "time_limit",
    "MAX_BINARY_EXPONENT",
    "cell_table_seconds",
    "EVALUATION_SECONDS",
    "MAX_DPI",
    "MAX_PIXELS",
    "check_resolution",
]

#: Work estimated to take longer than this is refused (seconds).
TIME_LIMIT_SECONDS = 60.0
#: Work estimated to need more memory than this is refused (bytes, 4 GiB).
MEMORY_LIMIT_BYTES = 4 * 2**30
#: Concrete equispaced polynomials with more levels than this stay in geometric form
#: (``(1 - x^q)/(1 - x)``): expanding them would write q terms.
EXPAND_UP_TO = 64
#: The largest precision any numeric route accepts (significant decimal digits).
MAX_DIGITS = 50_000
#: The largest decimal exponent of |beta * energy| in a Boltzmann factor: exp(x) at
#: |x| ~ 10^k reduces its argument at about 3.3 k bits (10^4: 0.02 s; 10^5: 1.4 s).
MAX_BOLTZMANN_EXPONENT = 10_000
#: The largest decimal exponent (either sign) of a continuum gas parameter (length, core,
#: beta, mass, momentum bin): exact arithmetic with 10^-k builds k-digit integers, and
#: exp(-pi^2/alpha) at alpha ~ 10^-k reduces an argument of k digits.
MAX_PARAMETER_EXPONENT = 10_000
#: CPU seconds the evaluation of a caller's claim may take (exact substitution at a point,
#: sampling at 50 digits, confirmation up to 5000): it runs in a worker process stopped
#: there (mesosym.checking.derivation.evaluate_bounded).  A claim of the papers' size
#: takes milliseconds, a limit at an edge up to about a second (eq. (26) at u = 2: 0.75 s,
#: December 2026); u**(10**400) at u = 1/3, exactly, would not finish.
EVALUATION_SECONDS = 5.0
#: The largest binary exponent of a float (an mpf, a SymPy Float, an arb) read exactly:
#: ``mpf('1e-100000000000')`` as a Fraction would build a 3e11-bit integer.  2^(2^20)
#: is about 10^315653, far beyond any physical value, and its integer takes 128 KiB.
MAX_BINARY_EXPONENT = 2**20


def require(what: str, *, seconds: float, memory: float, change: str) -> None:
    """Refuse ``what`` if its estimate exceeds the time or memory budget.

    Parameters
    ----------
    what : str
        The work, as the message should name it.
    seconds, memory : float
        The estimated time (s) and peak memory (bytes).
    change : str
        The parameter(s) a user can change to bring the work within budget.

    Raises
    ------
    BudgetError
        If ``seconds > TIME_LIMIT_SECONDS`` or ``memory > MEMORY_LIMIT_BYTES``.
    """
    if seconds > TIME_LIMIT_SECONDS:
        raise BudgetError(
            f"{what} would take about {_float(seconds):.2g} s (limit {TIME_LIMIT_SECONDS:g} s); "
            f"change {change}, or raise the limit (--time-limit SECONDS on the command line, "
            "mesosym.budget.time_limit in Python)"
        )
    if memory > MEMORY_LIMIT_BYTES:
        raise BudgetError(
            f"{what} would need about {_float(memory) / 2**30:.3g} GiB of memory "
            f"(limit {MEMORY_LIMIT_BYTES / 2**30:g} GiB); change {change}"
        )


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise (or lower) :data:`TIME_LIMIT_SECONDS` to ``seconds`` inside the block.

    Raising it is safe: the work runs longer, shows progress on a terminal and
    stops on Ctrl-C.  ``None`` keeps the limit.

    >>> with time_limit(1e5):
    ...     require("a big job", seconds=1e4, memory=0, change="N")
    """
    global TIME_LIMIT_SECONDS
    if seconds is None:
        yield
        return
    if not 0 < seconds < math.inf:
        raise BudgetError(f"time limit must be a positive number of seconds; got {short(seconds)}")
    kept = TIME_LIMIT_SECONDS
    TIME_LIMIT_SECONDS = float(seconds)
    try:
        yield
    finally:
        TIME_LIMIT_SECONDS = kept


#: The longest text :func:`short` gives for one value in a message (characters).
SHORT_LENGTH = 200


def short(value: Any, depth: int = 3, *, form: Any = repr) -> str:
    """Text for ``value`` in a message: at most about :data:`SHORT_LENGTH` characters, one line.

    ``repr`` of the caller's value, except where that would fail or flood the message:
    an integer beyond 200 bits as ``~10^k`` (``str`` raises ValueError past 4300 digits),
    a fraction of such integers as ``~10^k/~10^m``, a long text cut with its length, the
    items of a list, tuple, set or dict each shortened (``depth`` levels deep), and any
    other text cut at :data:`SHORT_LENGTH`.  It never raises.  ``form=str`` gives ``str``
    of the value (``1/3`` for a fraction, text unquoted) where that is short.

    >>> from fractions import Fraction
    >>> short(12), short(10**5000), short(-(10**5000)), short(Fraction(10**5000 + 1, 3))
    ('12', '~10^5000', '-~10^5000', '~10^5000/3')
    >>> short("u" * 10**6)[-28:]
    "uuu'... (1000000 characters)"
    >>> short([10**5000, "u"]), short({"u": 10**400})
    ("[~10^5000, 'u']", "{'u': ~10^400}")
    """
    try:
        text = _short(value, depth, form)
    except Exception:  # noqa: BLE001 - a message never fails on the value it names
        text = f"a {type(value).__name__} that cannot be printed"
    text = " ".join(line.strip() for line in text.splitlines())  # an array's repr: one line
    return text if len(text) <= SHORT_LENGTH else text[: SHORT_LENGTH - 40] + "..."


def _short(value: Any, depth: int, form: Any = repr) -> str:
    if isinstance(value, (bool, str, bytes)):
        pass
    elif (n := _integer(value)) is not None:  # int, SymPy Integer, NumPy and flint integers
        if abs(n).bit_length() > 200:
            return f"{'-' if n < 0 else ''}~10^{round(_log2(abs(n)) * math.log10(2))}"
        return str(n) if isinstance(value, int) else form(value)
    elif (p := _integer(getattr(value, "numerator", None))) is not None:  # Fraction, Rational
        q = _integer(getattr(value, "denominator", None))
        if q is not None and max(abs(p), q).bit_length() > 200:
            return f"{_short(p, 0)}/{_short(q, 0)}"
    if isinstance(value, (str, bytes)) and len(value) > SHORT_LENGTH - 40:
        unit = "characters" if isinstance(value, str) else "bytes"
        return f"{form(value[: SHORT_LENGTH - 80])}... ({len(value)} {unit})"
    if type(value) in (list, tuple, set, frozenset, dict) and value:
        if depth <= 0:
            return (
                "[...]" if isinstance(value, list) else "(...)" if type(value) is tuple else "{...}"
            )
        if isinstance(value, dict):
            items = [
                f"{_short(k, depth - 1)}: {_short(v, depth - 1)}" for k, v in _first(value.items())
            ]
        else:
            items = [_short(v, depth - 1) for v in _first(value)]
        if len(value) > len(items):
            items.append(f"... ({len(value)} items)")
        body = ", ".join(items)
        if isinstance(value, list):
            return f"[{body}]"
        if isinstance(value, tuple):
            return f"({body},)" if len(value) == 1 else f"({body})"
        if isinstance(value, dict):
            return f"{{{body}}}"
        return f"{{{body}}}" if isinstance(value, set) else f"frozenset({{{body}}})"
    try:
        text = form(value)
    except ValueError:  # an object holding an int beyond 4300 digits
        return _with_huge_numbers_named(value)
    return text


def _with_huge_numbers_named(value: Any) -> str:
    """The repr of a SymPy object with its integers beyond 4300 digits as ``~10^k``."""
    import sympy

    if not isinstance(value, sympy.Basic):
        return f"a {type(value).__name__} holding numbers too large to print"
    huge = [n for n in value.atoms(sympy.Rational) if max(abs(n.p), n.q).bit_length() > 200]
    return repr(value.xreplace({n: sympy.Symbol(_short(n, 0)) for n in huge}))


def _integer(value: Any) -> int | None:
    """``value`` as an int if it is an integer of any library (``__index__``), else None."""
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        return None
    try:
        return operator.index(value)
    except TypeError:  # a NumPy array of other than one integer
        return None


def _first(items: Any, count: int = 8) -> list[Any]:
    """The first ``count`` of ``items``."""
    return list(itertools.islice(items, count))


def _float(value: Any) -> float:
    """``float(value)``, with an int or fraction beyond float64 as +-inf (estimates saturate)."""
    if isinstance(value, (str, bytes)):  # float("1e9") would read text
        raise DomainError(f"a cost estimate takes real numbers, not text; got {short(value)}")
    try:
        out = float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
    except (TypeError, ValueError):
        raise DomainError(f"a cost estimate takes real numbers; got {short(value)}") from None
    if math.isnan(out):
        raise DomainError(f"a cost estimate takes real numbers, not NaN; got {short(value)}")
    return out


def _log2(n: int) -> float:
    """``log2 n`` for an int of any size (``n >= 1``)."""
    if n < 2**1000:
        return math.log2(n)
    shift = n.bit_length() - 60
    return math.log2(n >> shift) + shift


def binomial_bits(n: int, k: int) -> float:
    """An upper bound, within a few bits, on the bits of ``C(n, k)``, for ints of any size.

    >>> round(binomial_bits(4, 2), 3)   # C(4, 2) = 6
    2.585
    """
    if k < 0 or k > n:
        return 0.0
    k = min(k, n - k)
    if k == 0:
        return 1.0
    if n < 2**60:
        ln = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        return max(1.0, ln / math.log(2))
    return float(min(k, 10**300)) * _log2(n)  # C(n, k) <= n^k


def coefficient_cost(bits: float, terms: int, ratio_bits: float, split: bool) -> float:
    """Estimated seconds of an alternating binomial sum with ``terms`` terms of ``bits`` bits.

    ``split``: by binary splitting, else term by term (see the module docstring).

    >>> coefficient_cost(1.6e5, 33333, 340, True) < 1
    True
    """
    bits = max(min(_float(bits), 1e300), 2.0)
    terms = min(terms, 10**300)
    ratio_bits = min(ratio_bits, 1e300)
    if split:
        return 5e-9 * bits * math.log2(bits) ** 2
    return 1e-8 * max(terms, 1) * (bits + ratio_bits)


def digits_seconds(digits: int, levels: float = 2, q_bits: float = 0) -> float:
    """Estimated seconds of one mpmath saddle solve at ``digits`` digits over ``levels`` terms.

    ``q_bits``: the bits of q in the closed forms' powers ``x^q`` (each costs about
    ``q_bits`` multiplications at ``digits`` digits, so q = 10^9000 at 10^4 digits would
    take hours).

    >>> digits_seconds(20000, 3) < 10, digits_seconds(19000, 3, q_bits=29900) > 60
    (True, True)
    """
    return 7e-9 * _float(digits) ** 2 * (1 + min(max(levels, 0), 64) / 25 + _float(q_bits) / 25)


def cell_table_seconds(sites: float, cells: float) -> float:
    """Estimated seconds of a lattice chain's table of cells (mesosym mesoscopic MODEL).

    Fitted to the Ising chain at 30 digits (December 2026: 1000 cells of 1000 sites
    7.9 s, of 10^4 sites 17.6 s; 3000 of 3000 over 25 s), erring up to about 3x high:
    every cell's mutual information with its neighbour costs a pass over the chain.

    >>> cell_table_seconds(1000, 10) < 1, cell_table_seconds(10**5, 10**5) > 60
    (True, True)
    """
    return 2e-5 * _float(cells) ** 2 + 2e-6 * _float(cells) * _float(sites)


# -- figures ---------------------------------------------------------------------------------
#: Highest resolution a figure is saved at (dots per inch); print needs 300-600.
MAX_DPI = 1200
#: Most pixels in a saved raster image (PNG): 100 megapixels is 400 MB of RGBA while
#: it is drawn.  mesosym's widest figure (14 x 4.6 inches) has 93 megapixels at MAX_DPI.
MAX_PIXELS = 100_000_000


def check_resolution(
    dpi: Any, size_inches: tuple[float, float] | None = None, fmt: str = "png"
) -> float:
    """Refuse a ``dpi`` above :data:`MAX_DPI`, or a PNG of ``size_inches`` above :data:`MAX_PIXELS`.

    Asked before any figure's data is computed (the command line's ``--dpi``) and
    again before a figure is drawn into a file.

    >>> check_resolution(300, (6.8, 4.2))
    300
    >>> check_resolution(3000)
    Traceback (most recent call last):
    ...
    mesosym.errors.BudgetError: dpi must be a number in (0, MAX_DPI = 1200]; got 3000
    """
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not 0 < dpi <= MAX_DPI:
        raise BudgetError(f"dpi must be a number in (0, MAX_DPI = {MAX_DPI}]; got {short(dpi)}")
    if size_inches is not None and fmt == "png":
        width, height = size_inches
        pixels = width * dpi * height * dpi
        if pixels > MAX_PIXELS:
            raise BudgetError(
                f"a {width:g} x {height:g} inch PNG at {dpi:g} dpi has about {pixels:.3g} "
                f"pixels (limit MAX_PIXELS = {MAX_PIXELS:.0e}); change --dpi (lower)"
            )
    return dpi


# -- part B: the mesoscopic cells, sectors and canonical ensemble ----------------------------
#: The most configurations a lattice model enumerates (exact brute force, 2**22).
ENUMERATION_LIMIT = 2**22
#: The most outcomes a joint law of marked sites tabulates (2**16).
JOINT_LIMIT = 2**16
#: The largest cell (sites) whose occupation generating polynomial is built.
OCCUPATION_LIMIT = 40_000
#: The most sites the symbolic transfer route of the cells accepts (expression swell).
SYMBOLIC_SITES = 64
#: The most elementary operations of a sector sum (each a 30-digit multiply-add, about
#: 5 us: about 20 s).
SECTOR_OPERATIONS = 4 * 10**6
#: The longest estimated run (seconds) of the canonical fugacity-polynomial route.
CANONICAL_SECONDS = 60.0


def require_count(what: str, count: Any, limit: int, name: str, change: str) -> None:
    """Refuse ``what`` if ``count`` (configurations, outcomes, operations) exceeds ``limit``.

    ``name`` is the limit's constant in this module, shown in the message.

    >>> require_count("enumeration of 3 sites", 8, ENUMERATION_LIMIT, "ENUMERATION_LIMIT", "N")
    >>> require_count("a table", 10**6, JOINT_LIMIT, "JOINT_LIMIT", "the sites")
    Traceback (most recent call last):
    ...
    mesosym.errors.BudgetError: a table needs 1000000, more than JOINT_LIMIT = 65536; change the
    sites
    """
    if count > limit:
        raise BudgetError(
            f"{what} needs {short(count)}, more than {name} = {limit}; change {change}"
        )
