"""The arithmetic of part B: the contexts the verbs run in, and the conversions between them.

The transfer-matrix verbs of part B (ln Z, the cells, Z_mes) are written once
against a *context*: an object that supplies numbers (``exp``, ``log``,
``zero``, ``one``, ``fsum``) and matrix products (``matmul``, ``matpow``).
Three contexts exist, as part A's numeric Law runs in ``MP`` and ``ARB``:

* :data:`MPMATH`: ``mpmath.mpf`` at the working precision (``digits``);
* :data:`FLOAT64`: :class:`LogFloat`, a positive float64 number held by its
  natural logarithm, so that no weight of a long chain (e^(beta J sites))
  overflows or underflows; sums are log-sum-exp with ``log1p``, products of
  matrices are entrywise log-sum-exp (Python for small matrices, numpy beyond);
* :func:`symbolic_context`: SymPy expressions (exact);
* :class:`FugacityPolynomials`: arb-ball polynomials in the fugacity truncated at
  z^N, the canonical ensemble's arithmetic, and its float64 twin
  :class:`ScaledFugacityPolynomials` (numpy vectors with a power-of-2 scale and a
  tilted fugacity; the same operations, so the canonical formulas are written once).

Error of :data:`FLOAT64` (u = 2^-53).  Let C = Lambda + ln s, where s is the number
of states and Lambda the largest |exponent| of an entry of T or of an end weight
(|beta (bond(a, b) + (site(a) + site(b))/2)|, |beta site(a)/2|).  An entry of T^k
has a logarithm of modulus at most k C, and the parameters enter rounded once (a
relative u Lambda per factor).  A product's entry is a weighted mean of its terms'
logarithms, so the errors its factors carry add, and its own roundings (of
logarithms below 2 k C in modulus, the scalings included; ``exp``, the sum of s
terms and ``log1p``) add at most u (7 k C + s + 4).  Squaring *doubles* the error of
X^k, e(2k) <= 2 e(k) + u (14 k C + s + 4), so the roundings of the product that makes
X^(2^j) reach T^n multiplied by n/2^j: each of the log2(n) levels adds u n 7 C, the
sums u n (s + 4) in all, the at most log2(n) products into the result and the ends'
sum u (n + 1) 9 C more.  ln Z of a chain of ``sites`` sites has an absolute error below

    u (sites + 1) ((14 log2(sites + 1) + 10) C + 2 s + 8)   (:func:`float64_log_error`),

linear in the sites, not in log2(sites): below 1e-13 max(1, (sites + 1) C)
(:data:`FLOAT64_LOG_ERROR`) for up to 10^12 sites and 1024 states.  Since
|ln Z| <= (sites + 1) C this is relative to |ln Z| wherever ln Z does not nearly
cancel (|ln Z| ~ sites C: ln lambda_max not small against C); where it does (lambda_max
near 1 with entries of T far from 1), the rounding of the parameters alone moves ln Z
by about u sites Lambda, whatever the float64 arithmetic after it.  Products round every
entry below 1 in modulus relative to its non-leading terms (largest term + ``log1p``),
so that a sum 1 + 1e-20 keeps its 1e-20 (a lattice gas at low fugacity, ln Z ~ sites
e^(beta mu), then stays relative to |ln Z|: measured 5e-16), and the others (by BLAS
beyond 6 states) relative to themselves, up to :data:`_TERMWISE_TERMS` terms
recomputed in one product.

A lattice model holds its parameters exactly (``int``, ``Fraction`` or SymPy);
the numeric routes convert them here, once: :func:`to_mpf` at the working
mpmath precision, :func:`arb_exact` as an exact ball, and back from a ball with
:func:`arb_to_mpf`.  :func:`certified` (written once in :mod:`mesosym.numeric.balls`,
re-exported here) repeats a ball computation at a doubled precision until its
radius is below the requested bound (the canonical ensemble's fugacity polynomials
and the canonical sector sum both use it).

Examples
--------
>>> from fractions import Fraction
>>> to_mpf(Fraction(1, 4))
mpf('0.25')
>>> import mpmath
>>> arb_to_mpf(mpf_to_arb(mpmath.mpf(3) / 8))
mpf('0.375')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import mpmath

from ..budget import _float, short
from ..errors import DomainError
from ..numeric.balls import DOUBLINGS, arb_to_mpf, certified  # re-exported: written once there
from ..significant import significant
from ..validation import _sp, as_fraction, as_sympy, check_count
from .transfer import matpow as _matpow

__all__ = [
    "to_mpf",
    "arb_exact",
    "arb_to_mpf",
    "mpf_to_arb",
    "certified",
    "DOUBLINGS",
    "FLOAT64_DIGITS",
    "rounded",
    "LogFloat",
    "Context",
    "MPMATH",
    "FLOAT64",
    "FLOAT64_LOG_ERROR",
    "float64_log_error",
    "symbolic_context",
    "context_for",
    "logsumexp",
    "FugacityPolynomials",
    "ScaledFugacityPolynomials",
    "Unresolved",
    "RESOLVED",
    "UNDERFLOW",
    "NEGLIGIBLE",
]

#: the working digits of a model made with ``digits=None`` on the routes that have no
#: float64 context (the canonical ensemble's balls, the enumerated laws): they run at this
#: precision plus their guard digits, then round to a Python float
FLOAT64_DIGITS = 17

#: the stated error of a float64 logarithm (ln Z, ln Z_mes, ln Z_i) of a chain of ``sites``
#: sites and s states: the absolute error is below FLOAT64_LOG_ERROR * max(1, (sites + 1) C),
#: C = Lambda + ln s (Lambda the largest |exponent| of T and of the end weights), for up to
#: 10^12 sites and 1024 states; :func:`float64_log_error` in general (the module's note)
FLOAT64_LOG_ERROR = 1e-13


def float64_log_error(sites: int, states: int, largest_exponent: float) -> float:
    """Bound on the absolute error of a float64 ln Z of a chain (the module's note).

    u (sites + 1) ((14 log2(sites + 1) + 10) C + 2 s + 8), u = 2^-53,
    C = ``largest_exponent`` + ln s: ``largest_exponent`` (Lambda) is the largest
    |beta (bond(a, b) + (site(a) + site(b))/2)| and |beta site(a)/2|, s = ``states``.

    >>> bound = float64_log_error(10**9, 2, 1.0)
    >>> 1e-13 * 10**9 * (1 + math.log(2)) > bound > 3e-5
    True
    """
    n = check_count("sites", sites, minimum=1)
    s = check_count("states", states, minimum=1)
    try:
        lam = abs(float(largest_exponent))
    except (TypeError, ValueError, OverflowError):
        lam = math.nan
    if not math.isfinite(lam):
        raise DomainError(
            "largest_exponent must be a finite real number (within float64); "
            f"got {short(largest_exponent)}"
        )
    c = lam + math.log(s)
    return 2.0**-53 * _float(n + 1) * ((14 * math.log2(n + 1) + 10) * c + 2 * _float(s) + 8)


def to_mpf(value: Any) -> mpmath.mpf:
    """A real number or a numeric SymPy value as an ``mpmath.mpf`` at the working precision.

    Integers and Fractions (the lattice models' exact parameters) are divided
    exactly without SymPy; SymPy Rationals likewise, Floats are taken as they
    are; any other expression is evaluated with 5 guard digits, then rounded
    once more.

    >>> to_mpf(3)
    mpf('3.0')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return mpmath.mpf(value)
    if isinstance(value, Fraction):
        return mpmath.mpf(value.numerator) / value.denominator
    sp = _sp()
    value = as_sympy(value, "value")
    if isinstance(value, sp.Rational):
        return mpmath.mpf(int(value.p)) / int(value.q)
    if isinstance(value, sp.Float):
        return mpmath.mpf(value._mpf_)
    return mpmath.mpf(sp.Float(value.evalf(mpmath.mp.dps + 5), mpmath.mp.dps + 5)._mpf_)


def rounded(value: Any, model: Any) -> Any:
    """A numeric result at the model's precision: a float for ``digits=None``, else an mpf.

    >>> from mesosym.mesoscopic import IsingChain
    >>> rounded(mpmath.mpf(1) / 3, IsingChain(2, 1, digits=None))
    0.3333333333333333
    >>> rounded(mpmath.mpf(1) / 3, IsingChain(2, 1, digits=5))
    mpf('0.33333')
    """
    _check_precision_holder(model)
    if model.float64:
        return float(value)
    return significant(value, model.digits)


def _check_precision_holder(model: Any) -> None:
    """A model (anything with ``digits`` and ``float64``), else a DomainError naming it."""
    if isinstance(model, type) or not all(
        hasattr(type(model), k) for k in ("digits", "float64", "symbolic")
    ):
        raise DomainError(
            f"model must be a part-B model with digits (a lattice model); got {short(model)}"
        )


def _check_tilt(tilt: Any) -> float:
    """``tilt`` (ln t) as a finite float, else a DomainError naming it."""
    try:
        value = float(tilt)
    except (TypeError, ValueError, OverflowError):
        value = math.nan
    if not math.isfinite(value):
        raise DomainError(f"tilt must be a finite real number (ln t); got {short(tilt)}")
    return value


def _flint() -> Any:
    import flint

    return flint


def arb_exact(x: Any) -> Any:
    """A Fraction (or int) as an exact arb ball at the current flint precision.

    >>> arb_exact(Fraction(1, 2)).mid() == 0.5
    True
    """
    flint = _flint()
    f = as_fraction(x, "x")
    return flint.arb(flint.fmpq(f.numerator, f.denominator))


def mpf_to_arb(x: Any) -> Any:
    """An mpmath mpf as an exact flint arb (radius 0)."""
    flint = _flint()
    try:
        sign, man, exp, _ = mpmath.mpf(x)._mpf_
    except (TypeError, ValueError):
        raise DomainError(f"x must be an mpmath mpf or a float; got {short(x)}") from None
    if not man:
        return flint.arb(0)
    return flint.arb(flint.fmpz(-int(man) if sign else int(man))) * flint.arb(2) ** int(exp)


# -- the float64 context ---------------------------------------------------------------
def logsumexp(logs: Iterable[float]) -> float:
    """Ln sum_k e^(l_k) of float64 logarithms, ``log1p`` around the largest term.

    Relative error of the sum below (m + 2) u for m terms; -inf for an empty sum.

    >>> logsumexp([0.0, 0.0]) == math.log(2)
    True
    >>> logsumexp([0.0, -50.0])   # ln(1 + e^-50), not 0
    1.9287498479639178e-22
    """
    try:
        xs = [float(x) for x in logs]
    except (TypeError, ValueError):
        raise DomainError(f"logs must be real numbers (logarithms); got {short(logs)}") from None
    return _logsumexp(xs)


def _logsumexp(xs: list[float]) -> float:
    """:func:`logsumexp` of a list of floats (consumed), unchecked."""
    if not xs:
        return -math.inf
    top = max(xs)
    if top == -math.inf or top == math.inf:
        return top
    xs.remove(top)
    return top + math.log1p(math.fsum([math.exp(x - top) for x in xs]))


class LogFloat:
    """A positive float64 number (or 0) held by its natural logarithm: no overflow.

    Products and quotients of LogFloats add and subtract logarithms; sums are
    log-sum-exp.  Mixed with a Python float (an energy, a logarithm, which may be
    negative) a LogFloat is converted to its float value first; multiplied by a
    non-negative integer (a count of configurations, however large) it stays a
    LogFloat.

    Examples
    --------
    >>> x = LogFloat(1000.0) * LogFloat(-999.0)
    >>> float(x) == math.e, float(LogFloat(0.0) + LogFloat(0.0))
    (True, 2.0)
    >>> (LogFloat(2000.0) / LogFloat(1999.0)).log
    1.0
    """

    __slots__ = ("log",)

    def __init__(self, log: float) -> None:
        try:
            self.log = float(log)
        except (TypeError, ValueError):
            raise DomainError(
                f"log must be a real number (a logarithm); got {short(log)}"
            ) from None

    def __repr__(self) -> str:
        return f"LogFloat({self.log!r})"

    def __float__(self) -> float:
        return math.exp(self.log)

    def __mul__(self, other: Any) -> Any:
        if isinstance(other, LogFloat):
            return _log_float(self.log + other.log)
        if isinstance(other, int) and not isinstance(other, bool) and other >= 0:
            return LogFloat(self.log + math.log(other)) if other else LogFloat(-math.inf)
        return float(self) * other

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Any:
        if isinstance(other, LogFloat):
            return _log_float(self.log - other.log)
        return float(self) / other

    def __rtruediv__(self, other: Any) -> Any:
        return other / float(self)

    def __add__(self, other: Any) -> Any:
        if isinstance(other, LogFloat):
            a, b = (self.log, other.log) if self.log >= other.log else (other.log, self.log)
            if b == -math.inf:
                return _log_float(a)
            return _log_float(a + math.log1p(math.exp(b - a)))
        if isinstance(other, int) and other == 0:
            return self
        return float(self) + other

    __radd__ = __add__

    def __sub__(self, other: Any) -> float:
        return float(self) - float(other)

    def __rsub__(self, other: Any) -> float:
        return float(other) - float(self)

    def __neg__(self) -> float:
        return -float(self)

    def __gt__(self, other: Any) -> bool:
        if isinstance(other, LogFloat):
            return self.log > other.log
        return float(self) > other if other > 0 else self.log > -math.inf

    def __lt__(self, other: Any) -> bool:
        if isinstance(other, LogFloat):
            return self.log < other.log
        return float(self) < other

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LogFloat):
            return self.log == other.log
        if isinstance(other, (int, float)):
            return float(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.log)


def _log_float(log: float) -> LogFloat:
    """A LogFloat of a float logarithm, unchecked (the products' inner loop)."""
    x = object.__new__(LogFloat)
    x.log = log
    return x


class Context:
    """An arithmetic the transfer verbs run in: numbers and products of matrices (lists of rows).

    Subclasses give ``exp``, ``log``, ``zero``, ``one``, ``fsum``, ``number``
    (an exact parameter as a number of the context) and may replace
    :meth:`matmul`; :meth:`matpow` is repeated squaring over :meth:`matmul`.
    """

    name = "context"
    float64 = False
    symbolic = False
    zero: Any = 0
    one: Any = 1

    def exp(self, x: Any) -> Any:
        """E^x in the context."""
        raise NotImplementedError

    def log(self, x: Any) -> Any:
        """Ln x (a float in float64, whatever x's form)."""
        raise NotImplementedError

    def number(self, x: Any) -> Any:
        """An exact value (int, Fraction, numeric SymPy) as a number of the context."""
        raise NotImplementedError

    def fsum(self, terms: Iterable[Any]) -> Any:
        """The sum of ``terms``."""
        return sum(terms, self.zero)

    def matmul(self, A: list[list[Any]], B: list[list[Any]]) -> list[list[Any]]:
        """A B of matrices given as lists of rows."""
        m, p = len(B), len(B[0])
        return [[self.fsum(row[k] * B[k][j] for k in range(m)) for j in range(p)] for row in A]

    def identity(self, n: int) -> list[list[Any]]:
        """The n x n identity."""
        return [[self.one if i == j else self.zero for j in range(n)] for i in range(n)]

    def matpow(self, A: list[list[Any]], power: int) -> list[list[Any]]:
        """A**power by repeated squaring (power >= 0), over :meth:`matmul`."""
        return _matpow(A, power, self.matmul, self.identity(len(A)))


class _MpmathContext(Context):
    """mpmath numbers at the working precision; sums by ``fsum`` (exactly rounded)."""

    name = "mpmath"

    @property
    def zero(self) -> Any:
        return mpmath.mpf(0)

    @property
    def one(self) -> Any:
        return mpmath.mpf(1)

    def exp(self, x: Any) -> Any:
        return mpmath.exp(x)

    def log(self, x: Any) -> Any:
        return mpmath.log(x)

    def number(self, x: Any) -> Any:
        return to_mpf(x)

    def fsum(self, terms: Iterable[Any]) -> Any:
        return mpmath.fsum(terms)


#: largest matrix (states) multiplied entry by entry in Python; beyond, numpy
_PYTHON_STATES = 6
#: most terms recomputed one by one in a numpy product (the entries below 1 in modulus,
#: each rounded relative to its non-leading terms); beyond, those entries stay BLAS's
_TERMWISE_TERMS = 2**22


class _Float64Context(Context):
    """Float64 numbers as :class:`LogFloat` (positive weights) and floats (energies, logs)."""

    name = "float64"
    float64 = True
    zero = LogFloat(-math.inf)
    one = LogFloat(0.0)

    def exp(self, x: Any) -> LogFloat:
        return LogFloat(float(x))

    def log(self, x: Any) -> float:
        if isinstance(x, LogFloat):
            return x.log
        return math.log(x)

    def number(self, x: Any) -> float:
        if isinstance(x, Fraction) or isinstance(x, int):
            return float(x)
        return float(to_mpf(x))

    def fsum(self, terms: Iterable[Any]) -> Any:
        items = list(terms)
        if all(isinstance(t, LogFloat) for t in items):
            return _log_float(_logsumexp([t.log for t in items]))
        return math.fsum(float(t) for t in items)

    def matmul(self, A: list[list[Any]], B: list[list[Any]]) -> list[list[Any]]:
        """Entrywise log-sum-exp, nothing overflows (rounding: the module's note)."""
        m = len(B)
        if m <= _PYTHON_STATES:
            la = [[x.log for x in row] for row in A]
            lb = [[B[k][j].log for k in range(m)] for j in range(len(B[0]))]
            return [
                [_log_float(_logsumexp(list(map(float.__add__, r, c)))) for c in lb] for r in la
            ]
        return _from_logs(_log_matmul(_logs(A), _logs(B)))

    def matpow(self, A: list[list[Any]], power: int) -> list[list[Any]]:
        if len(A) <= _PYTHON_STATES:
            return super().matpow(A, power)
        import numpy as np

        unit = np.where(np.eye(len(A)) > 0, 0.0, -np.inf)
        return _from_logs(_matpow(_logs(A), power, _log_matmul, unit))  # type: ignore[arg-type]


def _logs(A: list[list[Any]]) -> Any:
    import numpy as np

    return np.array([[x.log for x in row] for row in A], dtype=float)


def _from_logs(L: Any) -> list[list[LogFloat]]:
    return [[LogFloat(x) for x in row] for row in L.tolist()]


def _log_matmul(LA: Any, LB: Any) -> Any:
    """Ln(e^LA e^LB) of log matrices, every entry rounded relative to max(1, |entry|).

    By BLAS on rows and columns scaled to a largest entry of 1: ln of the scaled sum
    then carries an absolute error below (s + 2) u, relative to the entry wherever
    |entry| >= 1.  The entries below 1 in modulus (a sum 1 + 1e-20, whose 1e-20 BLAS
    rounds away) and those whose scaled sum is below 1e-280 (the largest terms of row
    and column do not meet) are recomputed term by term, as :func:`logsumexp`: the
    largest term t plus ``log1p`` of the others scaled by e^-t, so that they round
    relative to the non-leading terms.  Beyond :data:`_TERMWISE_TERMS` such terms in
    one product, the BLAS entries stay (still within :func:`float64_log_error`).
    """
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        r = LA.max(axis=1)
        c = LB.max(axis=0)
        r0 = np.where(np.isfinite(r), r, 0.0)
        c0 = np.where(np.isfinite(c), c, 0.0)
        S = np.exp(LA - r0[:, None]) @ np.exp(LB - c0[None, :])
        out = np.log(S) + r0[:, None] + c0[None, :]
        redo = (S < 1e-280) | (np.abs(out) < 1)
        rows, cols = np.nonzero(redo)
        if rows.size and rows.size * LA.shape[1] <= _TERMWISE_TERMS:
            out[rows, cols] = _log_sums(LA[rows, :] + LB[:, cols].T)
        elif rows.size:  # only the entries BLAS cannot hold at all
            for i, j in zip(*np.nonzero(S < 1e-280), strict=True):
                out[i, j] = logsumexp((LA[i, :] + LB[:, j]).tolist())
    return out


def _log_sums(terms: Any) -> Any:
    """Ln sum_k e^terms[m, k] for each row m: the largest term + ``log1p``(the others)."""
    import numpy as np

    top = terms.max(axis=1)
    with np.errstate(invalid="ignore", under="ignore"):
        scaled = np.exp(terms - np.where(np.isfinite(top), top, 0.0)[:, None])
    first = scaled.argmax(axis=1)  # the largest term, scaled to 1: left out of the rest
    scaled[np.arange(len(first)), first] = 0.0
    out = top + np.log1p(scaled.sum(axis=1))
    out[top == -np.inf] = -np.inf
    return out


class _SymbolicContext(Context):
    """SymPy expressions, expanded after every product."""

    name = "sympy"
    symbolic = True

    def __init__(self) -> None:
        sp = _sp()
        self._sp = sp
        self.zero = sp.Integer(0)
        self.one = sp.Integer(1)

    def exp(self, x: Any) -> Any:
        return self._sp.exp(x)

    def log(self, x: Any) -> Any:
        return self._sp.log(x)

    def number(self, x: Any) -> Any:
        return as_sympy(x)

    def matmul(self, A: list[list[Any]], B: list[list[Any]]) -> list[list[Any]]:
        out = super().matmul(A, B)
        return [[self._sp.expand(v) for v in row] for row in out]


#: mpmath numbers at the working precision
MPMATH: Context = _MpmathContext()
#: float64 numbers held by their logarithms (:class:`LogFloat`)
FLOAT64: Context = _Float64Context()


def symbolic_context() -> Context:
    """The SymPy context (imports SymPy)."""
    return _SymbolicContext()


def context_for(model: Any) -> Context:
    """The context of a lattice model: SymPy for symbols, float64 for ``digits=None``, else mpmath.

    >>> from mesosym.mesoscopic import IsingChain
    >>> context_for(IsingChain(3, 1)).name, context_for(IsingChain(3, 1, digits=None)).name
    ('mpmath', 'float64')
    """
    _check_precision_holder(model)
    if model.symbolic:
        return symbolic_context()
    return FLOAT64 if model.float64 else MPMATH


# -- the canonical ensemble's arithmetic: polynomials in the fugacity ----------------------
class Unresolved(ArithmeticError):
    """A float64 fugacity polynomial cannot resolve a coefficient a result needs (internal).

    Raised by :class:`ScaledFugacityPolynomials` instead of returning -inf or NaN; the
    canonical route then computes the result in ball arithmetic.
    """


class FugacityPolynomials:
    """Polynomials in the fugacity z truncated at z^N: python-flint ``arb_poly`` balls.

    The canonical sums of part B (a fixed number N of particles) are the coefficient of
    z^N of products of these; nothing above z^N is ever kept.  Call inside
    ``flint.ctx.workprec`` (the balls take the current flint precision), e.g. through
    :func:`certified`.  Its operations are those of :class:`ScaledFugacityPolynomials`
    (float64), so that :mod:`.canonical` writes each formula once: *weights* (positive
    numbers: Boltzmann factors, coefficients, Z_N) are arb balls, *reals* (energies,
    logarithms, probabilities) too.  ``tilt`` (ln t) only sets the frame of
    :meth:`log_coefficients`.

    >>> poly = FugacityPolynomials(2)
    >>> poly.mul(poly.mono(3, 1), poly.mono(5, 1)).coeffs()[2].mid() == 15
    True
    >>> poly.mul(poly.mono(1, 2), poly.mono(1, 1)).length()   # z^3 is beyond z^N
    0
    """

    float64 = False

    def __init__(self, N: int, tilt: float = 0.0) -> None:
        flint = _flint()
        self.N = check_count("N", N)
        self.tilt = _check_tilt(tilt)
        self.zero = flint.arb_poly([])
        self.one = flint.arb_poly([1])
        self.unit = flint.arb(1)
        self.zero_real = flint.arb(0)

    # -- numbers -----------------------------------------------------------------------
    def boltzmann(self, x: Any) -> Any:
        """The weight e^(-x) of an exact x (int or Fraction)."""
        return (-self.real(x)).exp()

    def real(self, x: Any) -> Any:
        """An exact number (int, Fraction) or an mpf as a real of this arithmetic."""
        if isinstance(x, Fraction):
            flint = _flint()
            return flint.arb(flint.fmpq(x.numerator, x.denominator))
        return mpf_to_arb(x) if isinstance(x, mpmath.mpf) else arb_exact(x)

    def log(self, w: Any) -> Any:
        """Ln of a weight."""
        return w.log()

    # -- polynomials ---------------------------------------------------------------------
    def mono(self, c: Any, k: int) -> Any:
        """C z^k (zero beyond z^N)."""
        flint = _flint()
        if k > self.N:
            return flint.arb_poly([])
        return flint.arb_poly([0] * k + [c])

    def mul(self, p: Any, q: Any) -> Any:
        """P q truncated at z^N."""
        if p.length() == 0 or q.length() == 0:
            return self.zero
        r = p * q
        return r.truncate(self.N + 1) if r.length() > self.N + 1 else r

    def mul_top(self, p: Any, q: Any, lo: int) -> Any:
        """P q with only the coefficients of z^lo .. z^N computed (those below set to 0).

        The canonical formulas read a cell's environment at z^(N - n), n <= L:
        for small cells a short window of direct sums replaces the product.
        """
        if lo <= 0:
            return self.mul(p, q)
        return _flint().arb_poly([0] * lo + _arb_window(p, q, lo, self.N))

    def add(self, polys: Iterable[Any]) -> Any:
        """The sum of ``polys``."""
        return sum(polys, self.zero)

    def lincomb(self, terms: Iterable[tuple[Any, Any]]) -> Any:
        """Sum of p w over (polynomial p, weight w)."""
        return sum((p * w for p, w in terms), self.zero)

    def length(self, p: Any) -> int:
        """Degree + 1 (0 for the zero polynomial)."""
        return int(p.length())

    # -- coefficients --------------------------------------------------------------------
    def coeff_sum(self, terms: Iterable[tuple[Any, int, Any]]) -> Any:
        """Sum of w [z^k] p over (p, k, w): a weight."""
        flint = _flint()
        total = flint.arb(0)
        for p, k, w in terms:
            if 0 <= k < p.length():
                total += p.coeffs()[k] * w
        return total

    def ratio(self, terms: Iterable[tuple[Any, int, Any]], Z: Any) -> Any:
        """Sum of w [z^k] p over (p, k, w), divided by the weight Z: a real."""
        return self.coeff_sum(terms) / Z

    def product_ratio(self, p: Any, q: Any, w: Any, Z: Any) -> Any:
        """W [z^N](p q) / Z: a real."""
        return _arb_window(p, q, self.N, self.N)[0] * w / Z

    def mean_log(self, pairs: Iterable[tuple[Any, Any]]) -> Any:
        """Mean of ln q_(N-k) under the weights p_k q_(N-k), over pairs (p, q) of polynomials.

        Each canonical expectation <ln Env> is of this form: the weights of all pairs sum
        to Z_N.  A coefficient ball of q that is not provably positive (a zero known only
        to the working precision) is not taken as a term but widens the radius, so the
        precision is doubled (:func:`certified`).
        """
        flint = _flint()
        N = self.N
        acc, total = _XLogY(), flint.arb(0)
        for p, q in pairs:
            u, e = p.coeffs(), q.coeffs()
            for k in range(max(0, N - len(e) + 1), min(len(u) - 1, N) + 1):
                acc.add(u[k], e[N - k])
                total += u[k] * e[N - k]
        return acc.value() / total

    def log_coefficients(self, polys: Sequence[Any], ks: Sequence[int]) -> Any:
        """Float64 array [polynomial][k] of ln [z^k] p + k tilt - c, one constant c for all.

        -inf for a coefficient that is zero (or not provably positive) or beyond the
        degree.  Differences between entries are accurate to about 1e-16 of their size.
        """
        import numpy as np

        tilt = mpf_to_arb(mpmath.mpf(self.tilt))
        logs: list[list[Any]] = []
        for p in polys:
            cs = p.coeffs()
            logs.append(
                [cs[k].log() + tilt * k if 0 <= k < len(cs) and cs[k] > 0 else None for k in ks]
            )
        finite = [v for row in logs for v in row if v is not None]
        if not finite:
            return np.full((len(logs), len(ks)), -np.inf)
        top = max(finite, key=lambda v: arb_to_mpf(v))
        return np.array(
            [[-np.inf if v is None else float(arb_to_mpf(v - top)) for v in row] for row in logs],
            dtype=float,
        ).reshape(len(logs), len(ks))


def _arb_window(p: Any, q: Any, lo: int, hi: int) -> list[Any]:
    """Coefficients lo..hi of p q (arb): direct sums when the window is short, else the product.

    A Python-level ball multiply-add costs about 5e-7 s, an arb product of
    length d about 1e-8 d^2 s.
    """
    flint = _flint()
    a, b = p.coeffs(), q.coeffs()
    if not a or not b or hi < lo:
        return [flint.arb(0)] * max(hi - lo + 1, 0)
    d = max(len(a), len(b))
    if (hi - lo + 1) * min(len(a), len(b)) * 50 >= d * d:
        r = p * q  # read by index: no list of all its coefficients
        return [r[m] for m in range(lo, hi + 1)]
    out = []
    for m in range(lo, hi + 1):
        t = flint.arb(0)
        for k in range(max(0, m - len(b) + 1), min(m, len(a) - 1) + 1):
            t += a[k] * b[m - k]
        out.append(t)
    return out


class _XLogY:
    """Sum of c e ln e over coefficient balls c, e >= 0.

    Exact zeros are skipped; a ball that is not provably positive (a zero
    known only to the working precision) adds c e (|ln e| + 50) to the radius,
    so that too low a precision shows in the result and is doubled.
    """

    def __init__(self) -> None:
        flint = _flint()
        self.total = flint.arb(0)
        self.slack = flint.arb(0)

    def add(self, c: Any, e: Any) -> None:
        if c == 0 or e == 0:
            return
        if c > 0 and e > 0:
            self.total += c * e * e.log()
            return
        up = c.upper() * e.upper()
        self.slack += up * (abs(e.upper().log()) + 50) if e.upper() > 0 else up

    def value(self) -> Any:
        flint = _flint()
        if self.slack == 0:
            return self.total
        return self.total + flint.arb(0, self.slack.upper())


_LN2 = math.log(2.0)
#: a float64 coefficient below this fraction of its polynomial's largest is not resolved
#: (it may hold what underflow took from it): never logged, only bounded
RESOLVED = 2.0**-500
#: float64's underflow (the smallest subnormal): what a product loses to it is below
#: (2N + 2)^depth UNDERFLOW of the largest coefficient, far below RESOLVED
#: (:meth:`ScaledFugacityPolynomials.check_depth`)
UNDERFLOW = 2.0**-1074
#: a result whose unresolved part is above this fraction of it is refused (Unresolved)
NEGLIGIBLE = 2.0**-400


class _Scaled:
    """A float64 fugacity polynomial: coefficient k is ``c[k] 2^e t^-k``.

    After a product max(c) is in [1/2, 1); after a sum of m terms, in [1/2, 2m).
    """

    __slots__ = ("c", "e")

    def __init__(self, c: Any, e: int) -> None:
        self.c = c
        self.e = e


def _normalised(c: Any, e: int) -> _Scaled:
    """The polynomial c 2^e, c rescaled by a power of 2 (exact) to a largest entry in [1/2, 1).

    ``c`` is a fresh array (scaled in place).
    """
    top = float(c.max()) if c.size else 0.0
    if not top > 0.0:
        return _Scaled(c, 0)
    _, x = math.frexp(top)
    if -1000 < x < 1000:
        if x:
            c *= 2.0**-x
    else:
        import numpy as np

        c = np.ldexp(c, -x)
    return _Scaled(c, e + x)


def _f64_window(a: Any, b: Any, lo: int, hi: int) -> Any:
    """Coefficients lo..hi of the product of coefficient vectors a, b (float64, direct sums)."""
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    if a.size > b.size:
        a, b = b, a
    la = a.size
    padded = np.zeros(la - 1 + max(hi + 1, b.size))
    padded[la - 1 : la - 1 + b.size] = b
    return sliding_window_view(padded, la)[lo : hi + 1] @ a[::-1]


class ScaledFugacityPolynomials:
    """Polynomials in the fugacity truncated at z^N in float64: numpy vectors with a scale.

    The float64 twin of :class:`FugacityPolynomials` (same operations, so that
    :mod:`.canonical` runs one code in both).  A polynomial is a vector ``c`` and an
    integer ``e``: the coefficient of z^k is ``c[k] 2^e t^-k``, with ``max(c)`` in
    [1/2, 1) (rescaled by a power of 2 after every operation: exact), so that nothing
    overflows at any size.  The tilt t (``tilt`` = ln t) is the fugacity at which the
    whole chain holds N particles on average: it multiplies every product's z^N
    coefficient by the same t^N and keeps the coefficients a canonical sum reads near
    the largest of their vector.  *Weights* are :class:`LogFloat`, *reals* floats.
    Products are direct convolutions (``np.convolve``, or a window of direct sums for
    :meth:`mul_top`): no FFT, so every coefficient keeps its relative accuracy.

    Error.  Every coefficient is a sum of products of positive weights: a product of
    two vectors adds at most (m + 1) u to the relative error of its coefficients
    (m <= N + 1 terms, u = 2^-53), a sum of s terms (s - 1) u, a weight exp(-x) of an
    energy x about (|x| + 1) u.  Built as a tree whose leaves are the chain's S sites
    (plus a few boundary factors), Z_N and every weight a formula reads carry a
    relative error below ``epsilon = (S + 2) (N + s + 6 + E) u`` (:meth:`error`), E
    the largest |beta energy| of a bond plus that of a site plus |ln t|.  Coefficients
    below RESOLVED (2^-500) of their vector's largest may have lost to underflow (at
    most (2N + 2)^depth 2^-1074 of it, :meth:`check_depth`): they are never
    logged; a result whose share from them exceeds 2^-400 raises :class:`Unresolved`
    (the caller recomputes in balls).

    Examples
    --------
    >>> poly = ScaledFugacityPolynomials(2)
    >>> w = poly.mul(poly.mono(LogFloat(math.log(3)), 1), poly.mono(LogFloat(math.log(5)), 1))
    >>> round(float(poly.coeff_sum([(w, 2, poly.unit)])), 12)
    15.0
    >>> z3 = poly.mul(poly.mono(poly.unit, 2), poly.mono(poly.unit, 1))  # z^3 is beyond z^N
    >>> z3.c.tolist()  # z^0 .. z^N kept; zeros not trimmed (each may hide an underflow)
    [0.0, 0.0, 0.0]
    """

    float64 = True

    def __init__(self, N: int, tilt: float = 0.0) -> None:
        import numpy as np

        self.N = check_count("N", N)
        self.tilt = _check_tilt(tilt)
        self.zero = _Scaled(np.zeros(0), 0)
        self.one = _Scaled(np.ones(1), 0)
        self.unit = LogFloat(0.0)
        self.zero_real = 0.0

    def check_depth(self, depth: int) -> None:
        """Raise Unresolved unless (2N + 2)^depth UNDERFLOW is far below RESOLVED.

        ``depth``: the largest number of nested products of long polynomials (about
        log2(sites) + 8); a product by a polynomial of two terms adds a factor 4, not
        2N + 2 (2 depth bits are kept for them).
        """
        if depth * (math.log2(2 * self.N + 2) + 2) > 1074 - 600:
            raise Unresolved(f"depth {depth} of products of polynomials of degree {self.N}")

    def error(self, sites: int, states: int, energy: float) -> float:
        """The relative error bound epsilon of every weight (see the class's note)."""
        E = energy + abs(self.tilt)
        return (sites + 2) * (self.N + states + 6 + E) * 2.0**-53

    # -- numbers -----------------------------------------------------------------------
    def boltzmann(self, x: Any) -> LogFloat:
        """The weight e^(-x) of an exact x (int or Fraction), as a LogFloat."""
        return LogFloat(-float(x))

    def real(self, x: Any) -> float:
        """An exact number or an mpf as a float."""
        return float(x)

    def log(self, w: LogFloat) -> float:
        """Ln of a weight (a LogFloat)."""
        if w.log == -math.inf:
            raise Unresolved("ln of a weight that is 0 in float64")
        return w.log

    # -- polynomials ---------------------------------------------------------------------
    def mono(self, c: LogFloat, k: int) -> _Scaled:
        """C z^k (zero beyond z^N)."""
        import numpy as np

        if k > self.N or c.log == -math.inf:
            return self.zero
        v = np.zeros(k + 1)
        v[k] = 1.0
        lg = c.log + k * self.tilt
        x = math.floor(lg / _LN2)
        v[k] = math.exp(lg - x * _LN2)
        return _normalised(v, x)

    def mul(self, p: _Scaled, q: _Scaled) -> _Scaled:
        """P q truncated at z^N (np.convolve: direct sums)."""
        import numpy as np

        a, b = p.c, q.c
        if not a.size or not b.size:
            return self.zero
        if a.size == 1:
            r = a[0] * b
        elif b.size == 1:
            r = b[0] * a
        else:
            r = np.convolve(a, b)
            if r.size > self.N + 1:
                r = r[: self.N + 1]
        return _normalised(r, p.e + q.e)

    def mul_top(self, p: _Scaled, q: _Scaled, lo: int) -> _Scaled:
        """P q with only the coefficients of z^lo .. z^N computed (those below set to 0)."""
        import numpy as np

        if lo <= 0:
            return self.mul(p, q)
        la, lb = p.c.size, q.c.size
        hi = min(self.N, la + lb - 2)
        if not la or not lb or hi < lo:
            return self.zero
        r = np.zeros(hi + 1)
        if 4 * (hi - lo + 1) * min(la, lb) < la * lb:
            r[lo:] = _f64_window(p.c, q.c, lo, hi)
        else:
            r[lo:] = np.convolve(p.c, q.c)[lo : hi + 1]
        return _normalised(r, p.e + q.e)

    def add(self, polys: Iterable[_Scaled]) -> _Scaled:
        """The sum of ``polys`` (not renormalised: its largest entry is below 2 len(polys))."""
        import numpy as np

        ps = [p for p in polys if p.c.size]
        if len(ps) <= 1:
            return ps[0] if ps else self.zero
        e = max([p.e for p in ps])
        n = max([p.c.size for p in ps])
        out = None
        for p in ps:
            d = p.e - e
            if d < -1000:
                continue
            c = p.c if d == 0 else p.c * 2.0**d
            if out is None and c.size == n:
                out = c.copy() if d == 0 else c
            else:
                if out is None:
                    out = np.zeros(n)
                out[: c.size] += c
        return _Scaled(out, e)

    def lincomb(self, terms: Iterable[tuple[_Scaled, LogFloat]]) -> _Scaled:
        """Sum of p w over (polynomial p, weight w)."""
        out = []
        for p, w in terms:
            if not p.c.size or w.log == -math.inf:
                continue
            x = math.floor(w.log / _LN2)
            out.append(_Scaled(p.c * math.exp(w.log - x * _LN2), p.e + x))
        return self.add(out)

    def length(self, p: _Scaled) -> int:
        """Degree + 1 (0 for the zero polynomial)."""
        return int(p.c.size)

    # -- coefficients --------------------------------------------------------------------
    def _terms(self, terms: Iterable[tuple[_Scaled, int, LogFloat]]) -> tuple[float, float]:
        """(ln of the resolved sum of w [z^k] p, ln of a bound on the unresolved part)."""
        good, lost = [], []
        for p, k, w in terms:
            if not 0 <= k < p.c.size or w.log == -math.inf:
                continue
            scale = p.e * _LN2 - k * self.tilt + w.log
            c = float(p.c[k])
            if c >= RESOLVED:
                good.append(math.log(c) + scale)
            else:
                lost.append(math.log(RESOLVED) + scale)
        return _logsumexp(good), _logsumexp(lost)

    def coeff_sum(self, terms: Iterable[tuple[_Scaled, int, LogFloat]]) -> LogFloat:
        """Sum of w [z^k] p over (p, k, w): a weight (Unresolved if it is not resolved)."""
        good, lost = self._terms(terms)
        if lost > -math.inf and (good == -math.inf or lost - good > math.log(NEGLIGIBLE)):
            raise Unresolved("a coefficient sum below the float64 resolution")
        return _log_float(good)

    def ratio(self, terms: Iterable[tuple[_Scaled, int, LogFloat]], Z: LogFloat) -> float:
        """Sum of w [z^k] p over (p, k, w), divided by the weight Z: a float in absolute terms."""
        good, lost = self._terms(terms)
        if lost - Z.log > math.log(NEGLIGIBLE):
            raise Unresolved("a probability below the float64 resolution")
        return math.exp(good - Z.log) if good > -math.inf else 0.0

    def _pair_terms(self, p: _Scaled, q: _Scaled) -> tuple[Any, Any, Any]:
        """(a_k, b_(N-k), k) over the k where both vectors have entries."""
        import numpy as np

        N = self.N
        lo, hi = max(0, N - q.c.size + 1), min(p.c.size - 1, N)
        if hi < lo:
            empty = np.zeros(0)
            return empty, empty, np.zeros(0, dtype=int)
        ks = np.arange(lo, hi + 1)
        return p.c[lo : hi + 1], q.c[N - ks], ks

    def product_ratio(self, p: _Scaled, q: _Scaled, w: LogFloat, Z: LogFloat) -> float:
        """W [z^N](p q) / Z: a float in absolute terms."""
        import numpy as np

        a, b, _ = self._pair_terms(p, q)
        if not a.size or w.log == -math.inf:
            return 0.0
        ok = (a >= RESOLVED) & (b >= RESOLVED)
        scale = (p.e + q.e) * _LN2 - self.N * self.tilt + w.log - Z.log
        lost = float((np.maximum(a, RESOLVED) * np.maximum(b, RESOLVED))[~ok].sum())
        if lost and math.log(lost) + scale > math.log(NEGLIGIBLE):
            raise Unresolved("a probability below the float64 resolution")
        good = float((a[ok] * b[ok]).sum())
        return math.exp(math.log(good) + scale) if good > 0 else 0.0

    def mean_log(self, pairs: Iterable[tuple[_Scaled, _Scaled]]) -> float:
        """Mean of ln q_(N-k) under the weights p_k q_(N-k), over pairs (p, q) of polynomials.

        Centred on the log of the heaviest term, so that the weights' rounding multiplies
        differences of logarithms; a term whose p_k or q_(N-k) is below RESOLVED is
        dropped, Unresolved if the dropped weight could exceed 2^-400 of the total.
        """
        import numpy as np

        N = self.N
        parts = []
        for p, q in pairs:
            a, b, ks = self._pair_terms(p, q)
            if a.size:
                parts.append((a, b, ks, p.e + q.e, q.e))
        if not parts:
            raise Unresolved("an expectation with no weight")
        top = max(e for *_, e, _ in parts)
        ws, ls, lost = [], [], 0.0
        for a, b, ks, e, eq in parts:
            if e - top < -1000:
                lost += a.size * 2.0**-1000
                continue
            f = 2.0 ** (e - top)
            ok = (a >= RESOLVED) & (b >= RESOLVED)
            lost += f * float((np.maximum(a, RESOLVED) * np.maximum(b, RESOLVED))[~ok].sum())
            ws.append(a[ok] * b[ok] * f)
            ls.append(np.log(b[ok]) + (eq * _LN2 - (N - ks[ok]) * self.tilt))
        w, lg = np.concatenate(ws), np.concatenate(ls)
        total = float(w.sum())
        if total <= 0.0 or lost > NEGLIGIBLE * total:
            raise Unresolved("an expectation below the float64 resolution")
        ref = float(lg[int(np.argmax(w))])
        return ref + float((w * (lg - ref)).sum()) / total

    def log_coefficients(self, polys: Sequence[_Scaled], degrees: Sequence[int]) -> Any:
        """Float64 array [polynomial][k] of ln [z^k] p + k tilt - c, one constant c for all.

        -inf for a coefficient below RESOLVED of its vector or beyond the degree.
        """
        import numpy as np

        ks = np.asarray(degrees, dtype=int)
        out = np.full((len(polys), ks.size), -np.inf)
        live = [p.e for p in polys if p.c.size]
        if not live:
            return out
        top = max(live)
        for i, p in enumerate(polys):
            inside = (ks >= 0) & (ks < p.c.size)
            c = np.zeros(ks.size)
            c[inside] = p.c[ks[inside]]
            with np.errstate(divide="ignore"):
                out[i] = np.where(c >= RESOLVED, np.log(c) + (p.e - top) * _LN2, -np.inf)
        return out
