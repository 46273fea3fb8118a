"""Gauss-Legendre rules on [0, 1] in the two arithmetics of the continuum gases.

The continuum gases evaluate their integrals (cell averages of the pair
potential, the configuration integral Z) as sums over the nodes of a
Gauss-Legendre rule, written once over numpy arrays: of ``float64`` for
``digits=None``, of ``mpmath.mpf`` objects for ``digits=D``.  An
:class:`Arithmetic` holds that choice: how to build arrays, ``exp`` and
``log``, the rule of ``n`` nodes, and the tolerance at which two rules are
taken to agree.

An ``n``-node rule integrates polynomials of degree ``2n - 1`` exactly and
converges geometrically for integrands analytic near the interval; its error
is estimated by comparing it with a rule of about ``3n/2`` nodes (the finer
result is returned, its error far below the difference).

Examples
--------
The 3-node rule is exact for x^5 (integral 1/6 on [0, 1]):

>>> nodes, weights = Arithmetic(None).rule(3)
>>> round(float((weights * nodes**5).sum()) * 6, 14)
1.0
>>> with mpmath.workdps(30):
...     nodes, weights = Arithmetic(25).rule(3)
...     abs(mpmath.fsum(weights * nodes**5) - mpmath.mpf(1) / 6) < mpmath.mpf(10) ** -29
True
"""

from __future__ import annotations

import functools
import math
from typing import Any

import mpmath
import numpy as np

__all__ = ["Arithmetic", "FLOAT64_RULE_TOLERANCE", "finer"]

#: two float64 rules agree when they differ by at most this (relative to max(1, |value|))
FLOAT64_RULE_TOLERANCE = 1e-14


def finer(n: int) -> int:
    """The number of nodes of the next rule: about 3n/2.

    >>> finer(8), finer(20)
    (12, 30)
    """
    return n + max(4, n // 2)


@functools.lru_cache(maxsize=64)
def _float64_rule(n: int) -> tuple[np.ndarray, np.ndarray]:
    x, w = np.polynomial.legendre.leggauss(n)
    nodes, weights = (x + 1) / 2, w / 2
    nodes.flags.writeable = weights.flags.writeable = False
    return nodes, weights


@functools.lru_cache(maxsize=64)
def _mpmath_rule(n: int, prec: int) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Nodes and weights on [0, 1] at ``prec`` bits: Newton on P_n from the float64 nodes."""
    x0, _ = np.polynomial.legendre.leggauss(n)
    nodes, weights = [], []

    def legendre(x: Any) -> tuple[Any, Any]:
        """(P_n(x), P_n'(x)) by the three-term recurrence."""
        p0, p1 = mpmath.mpf(1), x
        for k in range(2, n + 1):
            p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
        return p1, n * (x * p1 - p0) / (x * x - 1)

    with mpmath.workprec(prec + 20):
        for start in x0:
            x = mpmath.mpf(float(start))
            for _ in range(64):
                value, derivative = legendre(x)
                step = value / derivative
                x -= step
                if abs(step) < mpmath.ldexp(1, -prec - 10):
                    break
            _, derivative = legendre(x)
            nodes.append((x + 1) / 2)
            weights.append(1 / ((1 - x * x) * derivative**2))
    return tuple(nodes), tuple(weights)


def _mpf(value: Any) -> Any:
    if isinstance(value, np.integer):
        return mpmath.mpf(int(value))
    if isinstance(value, np.floating):
        return mpmath.mpf(float(value))
    return mpmath.mpf(value)


class Arithmetic:
    """float64 (``digits=None``) or mpmath at the current working precision (``digits=D``).

    ``digits`` is the precision the caller promises; the work is done at the
    precision set by ``mpmath.workdps`` around the call (mpmath) or in float64.
    """

    __slots__ = ("digits",)

    def __init__(self, digits: int | None) -> None:
        self.digits = digits

    @property
    def float64(self) -> bool:
        """True for float64."""
        return self.digits is None

    def array(self, values: Any) -> np.ndarray:
        """An array of this arithmetic's numbers."""
        if self.float64:
            return np.asarray(values, dtype=np.float64)
        return np.array([_mpf(v) for v in np.ravel(values)], dtype=object).reshape(np.shape(values))

    def number(self, value: Any) -> Any:
        """One number of this arithmetic (``value``: an int, float or mpf)."""
        return float(value) if self.float64 else _mpf(value)

    def exp(self, values: np.ndarray) -> np.ndarray:
        """Elementwise exp (float64: overflow to inf and underflow to 0 are silent)."""
        if self.float64:
            with np.errstate(over="ignore", under="ignore"):
                return np.exp(values)
        return np.frompyfunc(mpmath.exp, 1, 1)(values) if np.ndim(values) else mpmath.exp(values)

    def log(self, value: Any) -> Any:
        """Ln of one positive number, as an mpf (float64: from the float)."""
        return mpmath.log(float(value) if self.float64 else value)

    def total(self, values: np.ndarray) -> Any:
        """The sum of an array (mpmath: ``fsum``, exact up to one rounding)."""
        if self.float64:
            return float(np.sum(values))
        return mpmath.fsum(np.ravel(values))

    def tolerance(self) -> float | Any:
        """Two rules agree when they differ by at most this relative amount."""
        if self.float64:
            return FLOAT64_RULE_TOLERANCE
        return mpmath.mpf(10) ** (-(self.digits or 15) - 2)

    def rule(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(nodes, weights) of the n-node Gauss-Legendre rule on [0, 1], as arrays."""
        if self.float64:
            return _float64_rule(n)
        nodes, weights = _mpmath_rule(n, mpmath.mp.prec)
        return np.array(nodes, dtype=object), np.array(weights, dtype=object)

    def start(self) -> int:
        """The number of nodes of the first rule for a cell-sized interval."""
        if self.float64:
            return 8
        return max(8, math.ceil(0.5 * (self.digits or 15)) + 4)
