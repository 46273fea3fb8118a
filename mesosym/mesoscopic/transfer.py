"""Transfer-matrix arithmetic of part B: products, powers, the leading eigenpair, ln of a sum.

Written once for every lattice model and every transfer-matrix size (a two-state
chain, a Potts chain of q states, the 2^w column states of a strip).  Matrices are
lists of rows; :func:`matmul` and :func:`matpow` take the arithmetic as arguments
(mpmath numbers by default; SymPy expressions and python-flint polynomials pass
their own product and identity), so that the cells, the sectors and the canonical
ensemble share one repeated squaring.

Examples
--------
>>> import mpmath
>>> matpow([[mpmath.mpf(1), mpmath.mpf(1)], [mpmath.mpf(1), mpmath.mpf(0)]], 10)[0][1]
mpf('55.0')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath

from ..budget import require, short
from ..errors import ConvergenceError
from ..significant import significant
from ..validation import check_digits

__all__ = [
    "Matrix",
    "matmul",
    "matpow",
    "identity",
    "leading_eigenpair",
    "log_of_positive_sum",
    "MAX_EXTRA_DIGITS",
]

#: a matrix: a list of rows
Matrix = list[list[Any]]


def matmul(A: Matrix, B: Matrix) -> Matrix:
    """A B of mpmath matrices (lists of rows), each entry an exactly rounded ``fsum``."""
    m, p = len(B), len(B[0])
    return [[mpmath.fsum(row[k] * B[k][j] for k in range(m)) for j in range(p)] for row in A]


def identity(n: int, one: Any = None, zero: Any = None) -> Matrix:
    """The n x n identity with the given one and zero (default mpmath)."""
    require(f"the {short(n)} x {short(n)} identity", seconds=0, memory=8 * n * n, change="n")
    one = mpmath.mpf(1) if one is None else one
    zero = mpmath.mpf(0) if zero is None else zero
    return [[one if i == j else zero for j in range(n)] for i in range(n)]


def matpow(
    A: Matrix,
    power: int,
    product: Callable[[Matrix, Matrix], Matrix] = matmul,
    unit: Matrix | None = None,
) -> Matrix:
    """A**power by repeated squaring (power >= 0).

    ``product`` and ``unit`` give the arithmetic (default: mpmath numbers); the
    SymPy and arb-polynomial routes pass their own.

    >>> matpow([[2]], 5, lambda a, b: [[a[0][0] * b[0][0]]], [[1]])
    [[32]]
    """
    result = None
    base = A
    while power:
        if power & 1:
            result = base if result is None else product(result, base)
        power >>= 1
        if power:
            base = product(base, base)
    if result is None:
        return identity(len(A)) if unit is None else unit
    return result


def leading_eigenpair(T: Matrix) -> tuple[mpmath.mpf, list[mpmath.mpf]]:
    """(lambda_max, its unit eigenvector with non-negative entries) of a symmetric matrix.

    At the working mpmath precision (``mpmath.eigsy``, Jacobi rotations); for a
    symmetric matrix with positive entries the leading eigenvalue is simple
    (Perron-Frobenius) and its eigenvector positive.

    >>> import mpmath
    >>> lam, v = leading_eigenpair([[mpmath.mpf(2), mpmath.mpf(1)], [mpmath.mpf(1), mpmath.mpf(2)]])
    >>> lam, [mpmath.nstr(x, 10) for x in v]
    (mpf('3.0'), ['0.7071067812', '0.7071067812'])
    """
    n = len(T)
    if n == 1:
        return T[0][0], [mpmath.mpf(1)]
    values, vectors = mpmath.eigsy(mpmath.matrix(T))
    k = max(range(n), key=lambda i: values[i])
    v = [vectors[i, k] for i in range(n)]
    if mpmath.fsum(v) < 0:
        v = [-x for x in v]
    return values[k], v


#: the most digits :func:`log_of_positive_sum` adds to resolve ln Z close to 0
MAX_EXTRA_DIGITS = 10000


def log_of_positive_sum(compute: Callable[[], mpmath.mpf], digits: int) -> mpmath.mpf:
    """Ln of a sum of positive terms, to ``digits`` significant digits of the logarithm.

    ``compute()`` evaluates the sum at the current mpmath precision (all terms
    positive: no cancellation).  ln z loses about -log10|ln z| digits when z is
    close to 1, so the precision is raised until those digits are covered.  A
    sum equal to 1 at :data:`MAX_EXTRA_DIGITS` extra digits gives exactly 0.

    Raises
    ------
    ConvergenceError
        If more than :data:`MAX_EXTRA_DIGITS` extra digits would be needed.

    Examples
    --------
    >>> import mpmath
    >>> value = log_of_positive_sum(lambda: 1 + mpmath.exp(-100), 20)
    >>> mpmath.nstr(value, 20)
    '3.7200759760208359630e-44'
    """
    digits = check_digits(digits)
    extra = 15
    while True:
        with mpmath.workdps(digits + extra):
            result = mpmath.log(compute())
        if result == 0:
            # the sum is 1 to this precision: exactly 1, or 1 + (something below it)
            if extra >= MAX_EXTRA_DIGITS:
                return mpmath.mpf(0)
            extra = min(4 * extra, MAX_EXTRA_DIGITS)
            continue
        lost = max(0, int(-mpmath.mag(result) * 0.30103) + 2)
        if lost + 15 <= extra:
            return significant(result, digits)
        if lost + 20 > MAX_EXTRA_DIGITS:
            raise ConvergenceError(
                f"ln Z is about 1e-{lost}: resolving it to {digits} digits needs more than "
                f"{MAX_EXTRA_DIGITS} extra digits"
            )
        extra = lost + 20
