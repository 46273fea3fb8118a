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
  z^N, the canonical ensemble's arithmetic.

Error of :data:`FLOAT64`: a sum of m positive terms and a product of two
matrices of s states carry a relative error below (m + 2) u, u = 2^-53, in the
value (an absolute error below (m + 2) u in its logarithm), plus the rounding
of the logarithm itself (u |ln x|).  Repeated squaring takes at most
2 log2(sites) products, so ln Z of a chain of s states has an absolute error
below 4 (s + 2) log2(sites + 1) u + 2 u |ln Z|: below 1e-13 max(1, |ln Z|)
for every chain of up to 10^9 sites and 64 states (:data:`FLOAT64_LOG_ERROR`).

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
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import mpmath

from ..budget import short
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
    "symbolic_context",
    "context_for",
    "logsumexp",
    "FugacityPolynomials",
]

#: the working digits of a model made with ``digits=None`` on the routes that have no
#: float64 context (the canonical ensemble's balls, the enumerated laws): they run at this
#: precision plus their guard digits, then round to a Python float
FLOAT64_DIGITS = 17

#: the stated error of a float64 logarithm (ln Z, ln Z_mes, ln Z_i): the absolute error
#: is below FLOAT64_LOG_ERROR * max(1, |value|) (see the module's note)
FLOAT64_LOG_ERROR = 1e-13


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
    sign, man, exp, _ = mpmath.mpf(x)._mpf_
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
        """Entrywise log-sum-exp: each entry to a relative (s + 2) u, nothing overflows."""
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
    """Ln(e^LA e^LB) of log matrices: rows and columns scaled to a largest entry of 1.

    An entry whose scaled sum is below 1e-280 (the largest terms of row and column
    do not meet) is recomputed by an exact log-sum-exp over its terms.
    """
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        r = LA.max(axis=1)
        c = LB.max(axis=0)
        r0 = np.where(np.isfinite(r), r, 0.0)
        c0 = np.where(np.isfinite(c), c, 0.0)
        S = np.exp(LA - r0[:, None]) @ np.exp(LB - c0[None, :])
        out = np.log(S) + r0[:, None] + c0[None, :]
        for i, j in zip(*np.nonzero(S < 1e-280), strict=True):
            out[i, j] = logsumexp((LA[i, :] + LB[:, j]).tolist())
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
class FugacityPolynomials:
    """Polynomials in the fugacity z truncated at z^N: python-flint ``arb_poly`` balls.

    The canonical sums of part B (a fixed number N of particles) are the coefficient of
    z^N of products of these; nothing above z^N is ever kept.  Call inside
    ``flint.ctx.workprec`` (the balls take the current flint precision), e.g. through
    :func:`certified`.

    >>> poly = FugacityPolynomials(2)
    >>> poly.mul(poly.mono(3, 1), poly.mono(5, 1)).coeffs()[2].mid() == 15
    True
    >>> poly.mul(poly.mono(1, 2), poly.mono(1, 1)).length()   # z^3 is beyond z^N
    0
    """

    def __init__(self, N: int) -> None:
        flint = _flint()
        self.N = check_count("N", N)
        self.zero = flint.arb_poly([])
        self.one = flint.arb_poly([1])

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
