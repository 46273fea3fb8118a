r"""Exact multiplicities: ``Omega(N, M) = [x^M] P(x)^N``, eqs. (9)-(10).

Everything here is exact integer arithmetic; results are plain Python ints.

* :func:`equispaced_row` and :func:`polynomial_row` return a whole row
  ``Omega(N, 0..N d)``.  They run the linear recurrence that the ODE
  ``P f' = N P' f`` of ``f = P^N`` gives for the coefficients (J. C. P. Miller's
  power recurrence), one exact division per coefficient, and compute only the
  first half of a palindromic row (:func:`polynomial_row` hands dense,
  non-palindromic ``P`` to flint's power instead, which is then faster).  For
  ``P = (1 - x^q)/(1 - x)`` with ``q >= 4`` the ODE multiplied by
  ``(1 - x)(1 - x^q)`` has three terms instead of ``q - 1``:

  .. math::

     (m+1) a_{m+1} = (m+N) a_m + (m-q+1-Nq) a_{m-q+1} + (N(q-1)-m+q) a_{m-q}.

* :func:`equispaced_coefficient` returns one coefficient from the alternating
  sum ``sum_j (-1)^j C(N, j) C(M - q j + N - 1, N - 1)`` without building the
  row: by binary splitting when the term ratio is a short rational function
  of ``j`` (small ``q``), term by term otherwise.
* :func:`log_multiplicity` is ``ln Omega`` correctly rounded from the exact
  integer.
* :func:`alternating_sum`, :func:`multinomial_sum_q3` and :func:`sympy_row`
  are slow, independent reference routes for tests.

Rows are refused with :class:`~mesosym.errors.RowTooLargeError` before any
allocation when :func:`estimate_row_bytes` exceeds ``max_bytes`` (default
:data:`ROW_BYTES_LIMIT`).

Examples
--------
Two particles on three levels: ``(1 + x + x^2)^2 = 1 + 2x + 3x^2 + 2x^3 + x^4``.

>>> from mesosym.levels.counting import equispaced_row, equispaced_coefficient
>>> equispaced_row(3, 2)
[1, 2, 3, 2, 1]
>>> equispaced_coefficient(3, 2, 2)
3
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import flint

from .. import budget
from ..budget import short
from ..errors import DomainError, RowTooLargeError
from ..significant import significant
from ..validation import as_int, check_count, check_digits, check_q, is_infinite

if TYPE_CHECKING:
    import mpmath

# SymPy, NumPy and mpmath are imported where they are used, so that an exact
# count (`mesosym count`) needs only flint.

__all__ = [
    "ROW_BYTES_LIMIT",
    "estimate_row_bytes",
    "row_estimate",
    "equispaced_row",
    "polynomial_row",
    "equispaced_coefficient",
    "coefficient_estimate",
    "log_multiplicity",
    "log_of_count",
    "alternating_sum",
    "multinomial_sum_q3",
    "sympy_row",
]

#: Largest row, in bytes as estimated by :func:`estimate_row_bytes`, that the
#: row functions build unless given a different ``max_bytes`` (4 GiB).
ROW_BYTES_LIMIT = 4 * 2**30

# CPython 3.11 stores ints in 30-bit digits after a 24-byte header; a list
# holds one 8-byte pointer per entry.
_INT_HEADER_BYTES = 24
_DIGIT_BITS = 30
_DIGIT_BYTES = 4
_POINTER_BYTES = 8

# A term ratio p(j)/q(j) whose factors hold fewer than _SPLIT_RATIO times the
# bits of one term is summed by binary splitting, otherwise term by term
# (measured: the crossover lies between 30 and 50 for q from 3 to 1000).
_SPLIT_RATIO = 40
# Leaves of the binary-splitting tree are multiplied out in Python ints up to
# about this many bits before the tree switches to flint products.
_LEAF_BITS = 2000
# Rising factorials up to this length are multiplied in Python, longer ones by flint.
_SHORT_PRODUCT = 32


# -- argument checks ----------------------------------------------------------
def _concrete_q(q: Any, what: str) -> int:
    """Return ``q`` as an int >= 2, refusing ``oo`` and Symbols for ``what``."""
    q = check_q(q)
    if not isinstance(q, int):
        raise DomainError(f"{what} needs a concrete integer q >= 2; got q = {q}")
    return q


def _finite_or_infinite_q(q: Any, what: str) -> Any:
    """Return ``q`` as an int >= 2 or ``sympy.oo``, refusing Symbols."""
    q = check_q(q)
    if not isinstance(q, int) and not is_infinite(q):
        raise DomainError(f"{what} needs a concrete integer q >= 2 or q = oo; got q = {q}")
    return q


def _arguments(q: Any, N: Any, what: str, *, infinite: bool = False) -> tuple[Any, int]:
    """``q`` (a concrete integer >= 2, or also ``oo`` with ``infinite``) and ``N >= 0``."""
    q = _finite_or_infinite_q(q, what) if infinite else _concrete_q(q, what)
    return q, check_count("N", N)


def _support(g: Sequence[int]) -> tuple[int, int, Sequence[int]]:
    """The lowest and highest occupied levels of ``g`` and the degeneracies between them."""
    low = next(k for k, gk in enumerate(g) if gk)
    top = max(k for k, gk in enumerate(g) if gk)
    return low, top, g[low : top + 1]


# -- memory guard -------------------------------------------------------------
def _row_bits(N: int, base: int) -> float:
    """``N log2(base)``, the bits of ``base^N``, for ints of any size (capped at 1e300)."""
    return min(float(min(N, 10**300)) * math.log2(base), 1e300)


def _row_bytes(length: int, bits: float) -> int:
    """Bytes of a list of ``length`` Python ints of at most ``bits`` bits each."""
    digits = max(1, math.ceil(min(bits, 1e300) / _DIGIT_BITS))
    return length * (_POINTER_BYTES + _INT_HEADER_BYTES + _DIGIT_BYTES * digits)


def estimate_row_bytes(q: Any, N: Any) -> int:
    """Return an upper bound on the memory of ``equispaced_row(q, N)``, in bytes.

    The row has ``N(q - 1) + 1`` coefficients, none larger than ``q^N``
    (the row sum), so each is counted as a Python int of ``N log2 q`` bits plus
    its list pointer.  The largest coefficients, at the centre, have nearly that
    many bits; the mirrored half of the row shares its int objects, so the
    memory actually used is about half this bound.

    Parameters
    ----------
    q : int
        Number of levels, ``q >= 2``.
    N : int
        Number of particles, ``N >= 0``.

    Returns
    -------
    int
        The estimate in bytes.

    Examples
    --------
    One particle on two levels: two one-digit ints (28 bytes) and two pointers.

    >>> estimate_row_bytes(2, 1)
    72
    """
    q, N = _arguments(q, N, "estimate_row_bytes")
    return _row_bytes(N * (q - 1) + 1, _row_bits(N, q))


def _gib(size: int) -> str:
    return f"{size / 2**30:.4g}" if size < 2**1000 else budget.short(size >> 30)


def _guard(length: int, bits: float, max_bytes: int, what: str) -> None:
    """Raise RowTooLargeError if the estimated row exceeds ``max_bytes``."""
    size = _row_bytes(length, bits)
    if size > max_bytes:
        raise RowTooLargeError(
            f"{what} would hold {budget.short(length)} coefficients of up to {bits:.4g} bits, "
            f"about {_gib(size)} GiB (estimate {budget.short(size)} bytes); the limit is "
            f"max_bytes = {budget.short(max_bytes)} bytes"
        )


# -- the recurrence engine ----------------------------------------------------
# A stencil term (offset, c0, c1) contributes (c0 + c1*m) * a[m - offset] to
# divisor * (m + 1) * a[m + 1]; terms are sorted by offset.
_Stencil = list[tuple[int, int, int]]


def _recurrence_row(
    a0: int, stencil: _Stencil, divisor: int, degree: int, palindromic: bool
) -> list[int]:
    """Run a coefficient recurrence from ``a[0] = a0`` up to ``a[degree]``.

    A palindromic row is computed up to its centre and mirrored; the mirrored
    entries are the same int objects.
    """
    stop = degree // 2 if palindromic else degree
    a = [a0] * (stop + 1)
    for m in budget.progress(range(stop), total=stop, desc="row"):
        acc = 0
        for offset, c0, c1 in stencil:
            i = m - offset
            if i < 0:
                break
            acc += (c0 + c1 * m) * a[i]
        a[m + 1] = acc // (divisor * (m + 1))
    if palindromic and degree > 0:
        a += a[degree - stop - 1 :: -1]
    return a


def _ode_stencil(g: Sequence[int], N: int) -> _Stencil:
    """Stencil of ``P f' = N P' f`` for ``P = sum_k g_k x^k`` with ``g_0 != 0``.

    The coefficient of ``x^m`` gives
    ``g_0 (m+1) a_{m+1} = sum_{k>=1} g_k ((N+1) k - 1 - m) a_{m+1-k}``.
    """
    return [(k - 1, gk * ((N + 1) * k - 1), -gk) for k, gk in enumerate(g) if k and gk]


def _equispaced_stencil(q: int, N: int) -> _Stencil:
    """Stencil for ``P = (1 - x^q)/(1 - x)``: the ODE for q <= 3, three terms for q >= 4.

    Multiplying ``f'/f = N P'/P`` by ``(1 - x)(1 - x^q)`` gives
    ``(1 - x - x^q + x^{q+1}) f' = N (1 - q x^{q-1} + (q-1) x^q) f``, whose
    ``x^m`` coefficient is the three-term recurrence in the module docstring.
    """
    if q <= 3:
        return _ode_stencil([1] * q, N)
    return [(0, N, 1), (q - 1, 1 - q - N * q, 1), (q, N * (q - 1) + q, -1)]


# -- rows ---------------------------------------------------------------------
def equispaced_row(
    q: Any, N: Any, *, max_bytes: int = ROW_BYTES_LIMIT, integer_type: str = "int"
) -> list[Any]:
    r"""Return ``Omega_q(N, M)`` for ``M = 0..N(q - 1)``, eq. (10), as Python ints.

    The coefficients of ``(1 + x + ... + x^{q-1})^N`` from the recurrence of
    the module docstring: one or two terms per coefficient for ``q <= 3``,
    three for ``q >= 4``, whatever ``q``; only the first half is computed and
    the palindrome ``Omega(N, M) = Omega(N, N(q-1) - M)`` supplies the rest.
    This beats ``flint.fmpz_poly([1]*q)**N`` followed by conversion to Python
    ints at every size measured (``benchmarks/bench_counting.py``), because
    flint's power runs the ``q - 1``-term recurrence over the whole row and the
    conversion copies every coefficient.

    Parameters
    ----------
    q : int
        Number of levels, an integer ``q >= 2`` (a row of ``q = oo`` is infinite).
    N : int
        Number of particles, ``N >= 0``; ``N = 0`` gives ``[1]``.
    max_bytes : int, optional
        Refuse rows whose :func:`estimate_row_bytes` exceeds this.
    integer_type : {"int", "fmpz"}, optional
        ``"int"`` (default): Python ints.  ``"fmpz"``: python-flint integers,
        the same recurrence in GMP arithmetic, about three times faster for
        large rows (and faster than ``flint.fmpz_poly([1]*q)**N`` itself).

    Returns
    -------
    list of int (or flint.fmpz)
        ``row[M] = Omega_q(N, M)``; the row sums to ``q^N``.

    Raises
    ------
    DomainError
        If ``q`` is not a concrete integer >= 2 or ``N`` is not an integer >= 0.
    RowTooLargeError
        If the row would exceed ``max_bytes``; nothing is allocated.

    Examples
    --------
    Two particles on three levels, and the binomial row of q = 2:

    >>> equispaced_row(3, 2)
    [1, 2, 3, 2, 1]
    >>> equispaced_row(2, 4)
    [1, 4, 6, 4, 1]
    >>> type(equispaced_row(2, 4, integer_type="fmpz")[2]).__name__
    'fmpz'
    """
    q, N = _arguments(q, N, "equispaced_row")
    one = _one(integer_type)
    degree = N * (q - 1)
    _guard(
        degree + 1,
        _row_bits(N, q),
        max_bytes,
        f"equispaced_row(q={budget.short(q)}, N={budget.short(N)})",
    )
    return _recurrence_row(one, _equispaced_stencil(q, N), 1, degree, True)


def _one(integer_type: str) -> Any:
    """The integer 1 of the requested type; the recurrence keeps that type."""
    if integer_type == "int":
        return 1
    if integer_type == "fmpz":
        return flint.fmpz(1)
    raise DomainError(f'integer_type must be "int" or "fmpz"; got {short(integer_type)}')


def _check_degeneracies(degeneracies: Any) -> list[int]:
    """Return the degeneracies as a list of ints >= 0 with at least one > 0."""
    sequence = isinstance(degeneracies, Sequence) and not isinstance(degeneracies, (str, bytes))
    array = type(degeneracies).__name__ == "ndarray" and getattr(degeneracies, "ndim", 0) == 1
    if not (sequence or array):
        raise DomainError(
            f"degeneracies must be a sequence of integers >= 0; got {short(degeneracies)}"
        )
    g = [check_count(f"degeneracies[{k}]", gk) for k, gk in enumerate(degeneracies)]
    if not any(g):
        raise DomainError(f"degeneracies must contain a positive entry; got {list(g)}")
    return g


def polynomial_row(
    degeneracies: Sequence[int],
    N: Any,
    *,
    max_bytes: int = ROW_BYTES_LIMIT,
    integer_type: str = "int",
) -> list[Any]:
    r"""Return the coefficients of ``P(x)^N`` for ``P(x) = sum_k g_k x^k``.

    ``Omega(N, M)`` for particles on integer levels ``k`` with degeneracies
    ``g_k``.  A factor ``x^s`` (``g_0 = ... = g_{s-1} = 0``) is taken out and
    restored as ``s N`` leading zeros.  The rest is computed by the fastest of
    three routes, chosen from the shape of ``P`` (measured in
    ``benchmarks/bench_counting.py``):

    * all ``g_k`` equal: ``g^N`` times :func:`equispaced_row`;
    * few nonzero ``g_k`` compared with the degree, counting half for a
      palindromic ``P`` whose row is mirrored: the ODE recurrence
      ``g_0 (m+1) a_{m+1} = sum_k g_k ((N+1) k - 1 - m) a_{m+1-k}``,
      one Python big-int product per nonzero ``g_k`` and coefficient;
    * otherwise ``flint.fmpz_poly(g)**N`` (the same recurrence in C, over the
      whole row) converted to Python ints.

    Parameters
    ----------
    degeneracies : sequence of int
        ``g_0, g_1, ..., g_d``, integers >= 0, at least one positive.
    N : int
        Number of particles, ``N >= 0``.
    max_bytes : int, optional
        Refuse rows whose estimated size (``N d + 1`` ints of
        ``N log2 P(1)`` bits) exceeds this.
    integer_type : {"int", "fmpz"}, optional
        Python ints (default) or python-flint integers (faster for big rows).

    Returns
    -------
    list of int (or flint.fmpz)
        ``row[M] = [x^M] P(x)^N`` for ``M = 0..N d``, ``d`` the highest
        level with ``g_d > 0``.

    Raises
    ------
    DomainError
        If a degeneracy is negative or not an integer, all are zero, or ``N``
        is not an integer >= 0.
    RowTooLargeError
        If the row would exceed ``max_bytes``.

    Examples
    --------
    A level 0 and a doubly degenerate level 1, ``(1 + 2x)^2``; and levels 1, 2
    only, ``(x + x^2)^2 = x^2 + 2x^3 + x^4``:

    >>> polynomial_row([1, 2], 2)
    [1, 4, 4]
    >>> polynomial_row([0, 1, 1], 2)
    [0, 0, 1, 2, 1]
    """
    g = _check_degeneracies(degeneracies)
    N = check_count("N", N)
    shift, top, core = _support(g)
    degree = N * (top - shift)
    _guard(N * top + 1, _row_bits(N, sum(core)), max_bytes, f"polynomial_row(N={budget.short(N)})")
    one = _one(integer_type)
    zeros = [0 * one] * (shift * N)
    route = _route(core)
    if route == "equal":
        row = _recurrence_row(one, _equispaced_stencil(len(core), N), 1, degree, True)
        if core[0] != 1:
            factor = core[0] ** N
            row = [factor * c for c in row]
        return zeros + row
    if route == "recurrence":
        stencil = _ode_stencil(core, N)
        first = one * core[0] ** N
        return zeros + _recurrence_row(first, stencil, core[0], degree, core == core[::-1])
    coeffs = (flint.fmpz_poly(core) ** N).coeffs()
    return zeros + (coeffs if integer_type == "fmpz" else [int(c) for c in coeffs])


def _route(core: Sequence[int]) -> str:
    """How :func:`polynomial_row` powers ``core`` (``g_0 > 0``, ``g_d > 0``).

    ``"equal"``: all ``g_k`` equal, the equispaced recurrence; ``"recurrence"``:
    few nonzero ``g_k`` (counting half for a palindromic ``core``), the ODE
    recurrence; ``"flint"``: ``flint.fmpz_poly(core)**N``.
    """
    if len(set(core)) == 1:
        return "equal"
    palindromic = list(core) == list(core[::-1])
    terms = sum(1 for gk in core[1:] if gk)
    return "recurrence" if 3 * terms <= 2 * len(core) * (2 if palindromic else 1) else "flint"


# Time model of a row, fitted (and rounded up 2-3x) to polynomial_row and
# equispaced_row on a 2-core machine (November 2026): the Python recurrence
# costs 0.07-0.2 ns per bit (0.07 for big rows) of a coefficient and per stencil term, plus
# 0.15-0.3 us per term; flint's power 0.02-0.03 ns per bit and per level, and
# its conversion to Python ints 0.3 ns per bit.
_RECURRENCE_BIT_SECONDS = 1.5e-10
_RECURRENCE_TERM_SECONDS = 6e-7
_FLINT_BIT_SECONDS = 6e-11
_CONVERT_BIT_SECONDS = 6e-10


def row_estimate(system: Any, N: Any) -> tuple[float, int]:
    """Return the estimated ``(seconds, bytes)`` of one exact row.

    ``system`` is an int ``q`` for :func:`equispaced_row` or the degeneracies
    ``g_0..g_d`` for :func:`polynomial_row`.  The bytes are the row functions'
    own memory bound (:func:`estimate_row_bytes`); the seconds follow the route
    the row function takes (the module docstring), with every coefficient
    counted at the bits of the largest, ``N log2 P(1)``: an overestimate by up
    to about 5x.

    Parameters
    ----------
    system : int or sequence of int
        Number of equal levels ``q >= 2``, or degeneracies (as in
        :func:`polynomial_row`).
    N : int
        Number of particles, ``N >= 0``.

    Returns
    -------
    tuple of (float, int)

    Examples
    --------
    One particle on two levels is 72 bytes (:func:`estimate_row_bytes`); a
    million particles on a hundred sparse levels would take hours:

    >>> seconds, memory = row_estimate(2, 1)
    >>> memory, seconds < 1e-5
    (72, True)
    >>> row_estimate([1, 0, 1, 0, 0, 1] * 17, 10**6)[0] > 3600
    True
    """
    N = check_count("N", N)
    if isinstance(system, Sequence) and not isinstance(system, (str, bytes)):
        _, top, core = _support(_check_degeneracies(system))
        length, bits = N * top + 1, _row_bits(N, sum(core))
        route = _route(core)
        levels = len(core)
    else:
        route, levels = "equal", _concrete_q(system, "row_estimate")
        length, bits = N * (levels - 1) + 1, _row_bits(N, levels)
    memory = _row_bytes(length, bits)
    if route == "flint":
        seconds = float(min(length, 10**300)) * bits
        seconds *= _FLINT_BIT_SECONDS * levels + _CONVERT_BIT_SECONDS
        return min(seconds, 1e300), memory
    if route == "equal":
        terms, half = (levels - 1 if levels <= 3 else 3), True
    else:
        terms = sum(1 for gk in core[1:] if gk)
        half = core == core[::-1]
    steps = float(min(length, 10**300)) * terms / (2 if half else 1)
    seconds = steps * (_RECURRENCE_BIT_SECONDS * bits + _RECURRENCE_TERM_SECONDS)
    return min(seconds, 1e300), memory


# -- one coefficient ----------------------------------------------------------
def _binomial(n: int, k: int) -> Any:
    """``C(n, k)`` as a flint integer (``math.comb`` is quadratic for huge n).

    flint takes machine words; beyond them (then ``min(k, n - k)`` is small,
    the cost model saw to that) ``math.comb`` does it.
    """
    k = min(k, n - k)
    if k < 0:
        return flint.fmpz(0)
    if n < 2**63:
        return flint.fmpz.bin_uiui(n, k)
    return flint.fmpz(math.comb(n, k))


def _rising(a: int, n: int) -> int:
    """Return the rising factorial ``a (a+1) ... (a+n-1)`` as a Python int, by flint."""
    if n < 2**63:
        return int(flint.fmpz(a).rising(n))
    return math.prod(range(a, a + n))  # pragma: no cover - refused by the cost model


def _split_sum(
    block: Callable[[int, int], tuple[int, int, int]], count: int, leaf: int
) -> tuple[Any, Any]:
    """Binary splitting: return ``(Q, T)`` with ``T/Q = sum_{j<count} prod_{i<=j} p_i/q_i``.

    ``block(a, b)`` returns ``(P, Q, T)`` for ``a <= j < b`` (Python ints, for
    at most ``leaf`` terms); blocks are merged with flint products as
    ``P = P1 P2``, ``Q = Q1 Q2``, ``T = T1 Q2 + P1 T2``.
    """

    def split(a: int, b: int, need_p: bool) -> tuple[Any, Any, Any]:
        if b - a <= leaf:
            p, q, t = block(a, b)
            update(b - a)
            return flint.fmpz(p), flint.fmpz(q), flint.fmpz(t)
        mid = (a + b) // 2
        p1, q1, t1 = split(a, mid, True)
        p2, q2, t2 = split(mid, b, need_p)
        return (p1 * p2 if need_p else None), q1 * q2, t1 * q2 + p1 * t2

    with budget.bar(count, "terms") as update:
        _, Q, T = split(0, count, False)
    return Q, T


def _alternating_sum_fast(q: int, N: int, M: int) -> int:
    """``sum_{j=0}^{J} (-1)^j C(N, j) C(M - q j + N - 1, N - 1)``, ``0 <= M <= N(q-1)/2``.

    With ``K = M - q j``, the ratio of consecutive terms is
    ``-(N - j)/(j + 1) * [K]_q / [K + N - 1]_q`` (falling factorials), which
    cancels to ``[K - q + N - 1]_{N-1} / [K + N - 1]_{N-1}`` when ``N - 1 < q``.
    Its factors have ``d + 1`` numbers, ``d = min(q, N - 1)``.  When they are
    short compared with one term the sum is done by binary splitting; when
    they are as long as a term (large q), term by term, each binomial from the
    previous one by that ratio or, if the ratio is longer than the binomial,
    afresh.
    """
    J = min(N, M // q)
    first = _binomial(M + N - 1, N - 1)
    if J == 0:
        return int(first)
    d = min(q, N - 1)
    prod = math.prod

    def factors(j: int) -> tuple[int, int]:
        K = M - q * j
        if d <= _SHORT_PRODUCT:
            return prod(range(K - q + 1, K - q + 1 + d)), prod(range(K + N - d, K + N))
        return _rising(K - q + 1, d), _rising(K + N - d, d)

    value_bits = max(1, first.bit_length())
    factor_bits = (d + 1) * max(1, (M + N).bit_length())
    if factor_bits * _SPLIT_RATIO <= value_bits:

        def block(a: int, b: int) -> tuple[int, int, int]:
            # the ratios p_j/q_j for a <= j < b, accumulated as in _split_sum
            p_acc, q_acc, t_acc = 1, 1, 0
            for j in range(a, b):
                up, down = factors(j)
                p = (j - N) * up
                r = (j + 1) * down
                t_acc = t_acc * r + p_acc * p
                p_acc *= p
                q_acc *= r
            return p_acc, q_acc, t_acc

        Q, T = _split_sum(block, J, max(1, _LEAF_BITS // factor_bits))
        return int(first * (Q + T) // Q)

    total = flint.fmpz(0)
    binom = first
    choose_n = flint.fmpz(1)
    for j in budget.progress(range(J + 1), total=J + 1, desc="terms"):
        term = choose_n * binom
        total = total - term if j & 1 else total + term
        if j == J:
            break
        if factor_bits < binom.bit_length():
            up, down = factors(j)
            binom = binom * up // down
        else:
            binom = _binomial(M - q * (j + 1) + N - 1, N - 1)
        choose_n = choose_n * (N - j) // (j + 1)
    return int(total)


def equispaced_coefficient(q: Any, N: Any, M: Any) -> int:
    r"""Return ``Omega_q(N, M) = [x^M] ((1 - x^q)/(1 - x))^N`` without building the row.

    ``q = 2`` is the binomial ``C(N, M)``.  Otherwise this uses the symmetry
    ``M -> N(q-1) - M`` to take the smaller ``M``, then the
    alternating sum ``sum_j (-1)^j C(N, j) C(M - q j + N - 1, N - 1)`` by
    binary splitting over ``j`` (flint products), or term by term for large
    ``q``, where the term ratio, a quotient of products of ``min(q, N - 1)``
    numbers, is about as long as a term.  The central coefficient of ``q = 3``
    takes about 0.2 s at ``N = 10^5`` and 3 to 5 s at ``N = 10^6``
    (``benchmarks/bench_counting.py``), without building the row.

    Parameters
    ----------
    q : int or sympy.oo or math.inf
        Number of levels; ``q = oo`` gives the Einstein solid,
        ``C(M + N - 1, N - 1)``.
    N : int
        Number of particles, ``N >= 0``.
    M : int
        Total energy in units of the level spacing.  Any integer: the
        coefficient is 0 outside ``0 <= M <= N(q - 1)``.

    Returns
    -------
    int
        The exact multiplicity.

    Raises
    ------
    DomainError
        If ``q`` is symbolic or invalid, ``N`` is not an integer >= 0, or ``M``
        is not an integer.

    Examples
    --------
    Three particles on three levels with M = 3: the 3! = 6 arrangements of
    (0, 1, 2) and the one state (1, 1, 1):

    >>> equispaced_coefficient(3, 3, 3)
    7
    >>> equispaced_coefficient(3, 3, 7)
    0
    """
    q, N = _arguments(q, N, "equispaced_coefficient", infinite=True)
    M = as_int("M", M)
    if M < 0:
        return 0
    if N == 0:
        return int(M == 0)
    if is_infinite(q):
        _require_coefficient(q, N, M, M)
        return int(_binomial(M + N - 1, N - 1))
    top = N * (q - 1)
    if M > top:
        return 0
    _require_coefficient(q, N, M, min(M, top - M))
    if q == 2:
        return int(_binomial(N, M))
    return _alternating_sum_fast(q, N, min(M, top - M))


def coefficient_estimate(q: Any, N: int, M: int) -> tuple[float, float]:
    """Return the estimated ``(seconds, bytes)`` of ``equispaced_coefficient(q, N, M)``.

    From the bits of the first term of the alternating sum and the number of
    terms (:func:`mesosym.budget.coefficient_cost`); the memory is a few copies
    of the answer.

    >>> seconds, memory = coefficient_estimate(3, 10**12, 10**12)
    >>> seconds > 60 and memory > 2**30
    True
    """
    q, N = _arguments(q, N, "coefficient_estimate", infinite=True)
    M = check_count("M", M)
    top = None if is_infinite(q) else N * (q - 1)
    Mr = M if top is None else min(M, top - M)
    if Mr < 0 or N == 0:
        return 0.0, 0.0
    if q == 2:
        bits = budget.binomial_bits(N, Mr)
        return budget.coefficient_cost(bits, 1, 0, True), 4 * bits / 8
    bits = budget.binomial_bits(Mr + N - 1, N - 1)
    if is_infinite(q):
        return budget.coefficient_cost(bits, 1, 0, True), 4 * bits / 8
    terms = min(N, Mr // q) + 1
    d = min(q, N - 1)
    factor_bits = (d + 1) * max(1, (Mr + N).bit_length())
    split = factor_bits * _SPLIT_RATIO <= bits
    return budget.coefficient_cost(bits, terms, factor_bits, split), 8 * bits / 8


def _require_coefficient(q: Any, N: int, M: int, Mr: int, what: str = "") -> None:
    seconds, memory = coefficient_estimate(q, N, M)
    budget.require(
        what or f"the exact Omega_{budget.short(q)}(N={budget.short(N)}, M={budget.short(M)})",
        seconds=seconds,
        memory=memory,
        change="N or M (smaller), or use the saddle-point expansion "
        "(log_multiplicity(..., order=K), mesosym expand) for ln Omega",
    )


# -- ln Omega -----------------------------------------------------------------
def _log_rounded(n: int, prec: int) -> mpmath.mpf:
    """Return ``ln n`` (``n >= 1``) correctly rounded to ``prec`` bits.

    Ziv's strategy: evaluate at ``prec + guard`` bits, bound the error by four
    units in the last place plus the rounding of ``n`` itself, and accept when
    both ends of the error interval round to the same ``prec``-bit number
    (``ln n`` is transcendental for ``n > 1``, so this terminates).
    """
    import mpmath

    if n == 1:
        return mpmath.mpf(0)
    guard = 24
    while True:
        work = prec + guard
        with mpmath.workprec(work):
            y = mpmath.log(n)
            err = mpmath.ldexp(abs(y) * 4 + 2, -work)
        lo = mpmath.fsub(y, err, exact=True)
        hi = mpmath.fadd(y, err, exact=True)
        with mpmath.workprec(prec):
            lo, hi = +lo, +hi
        if lo == hi:
            return lo
        guard *= 2


def log_multiplicity(q: Any, N: Any, M: Any, digits: int | None = None) -> Any:
    r"""Return ``ln Omega_q(N, M)`` from the exact integer, correctly rounded.

    ``Omega`` is computed exactly by :func:`equispaced_coefficient`; its
    logarithm is evaluated with mpmath under a scoped working precision and
    rounded once, so no alternating sum is ever evaluated in floating point.

    Parameters
    ----------
    q : int or sympy.oo or math.inf
        Number of levels.
    N : int
        Number of particles, ``N >= 0``.
    M : int
        Total energy, ``0 <= M <= N(q - 1)``.
    digits : int, optional
        ``None`` gives a Python float, ``ln Omega`` correctly rounded to double
        precision.  An integer ``digits >= 1`` gives an ``mpmath.mpf`` correctly
        rounded to the binary precision of ``digits`` decimal digits (mpmath's
        ``dps``), whatever the global ``mpmath.mp`` precision.

    Returns
    -------
    float or mpmath.mpf

    Raises
    ------
    DomainError
        If ``Omega = 0`` (``M`` outside ``0..N(q - 1)``: ``ln 0``), or an
        argument is invalid.

    Examples
    --------
    ``Omega_2(4, 2) = C(4, 2) = 6``:

    >>> log_multiplicity(2, 4, 2)
    1.791759469228055
    >>> import mpmath
    >>> mpmath.nstr(log_multiplicity(2, 4, 2, digits=30), 30)
    '1.79175946922805500081247735838'
    """
    q, N = _arguments(q, N, "log_multiplicity", infinite=True)
    M = as_int("M", M)
    if digits is not None:
        digits = check_digits(digits)
        budget.require(
            f"ln Omega at {digits} digits",
            seconds=budget.digits_seconds(digits),
            memory=0,
            change=f"digits (at most about {budget.MAX_DIGITS})",
        )
    omega = equispaced_coefficient(q, N, M)
    if omega == 0:
        top = "oo" if is_infinite(q) else str(N * (q - 1))
        raise DomainError(
            f"ln Omega is undefined for Omega = 0: M must lie in 0..{top} "
            f"for q = {budget.short(q)}, N = {budget.short(N)}; got M = {budget.short(M)}"
        )
    return log_of_count(omega, digits)


def log_of_count(omega: int, digits: int | None = None) -> Any:
    """Return ``ln omega`` for an exact positive integer, correctly rounded.

    ``digits=None`` gives a Python float (double precision); otherwise an
    ``mpmath.mpf`` at the binary precision of ``digits`` decimal digits, which
    prints those digits (:mod:`mesosym.significant`).

    >>> log_of_count(6)
    1.791759469228055
    >>> print(log_of_count(6, digits=30))          # ln 6 = 1.79175946922805500081...
    1.79175946922805500081247735838
    """
    omega = check_count("omega", omega, minimum=1)
    if digits is None:
        return float(_log_rounded(omega, 53))
    digits = check_digits(digits)
    from mpmath.libmp import dps_to_prec

    return significant(_log_rounded(omega, dps_to_prec(digits)), digits)


# -- reference routes (slow; for tests) --------------------------------------
def alternating_sum(q: Any, N: Any, M: Any) -> int:
    r"""Return ``sum_j (-1)^j C(N, j) C(M - q j + N - 1, N - 1)`` term by term.

    A slow reference for :func:`equispaced_coefficient`: every term from
    ``math.comb``, no symmetry, no splitting.

    Parameters
    ----------
    q : int
        Number of levels, ``q >= 2``.
    N : int
        Number of particles, ``N >= 0``.
    M : int
        Total energy; 0 is returned outside ``0..N(q - 1)``.

    Returns
    -------
    int

    Examples
    --------
    ``Omega_3(2, 2) = C(3, 1) - C(2, 1) C(0, 1) = 3``:

    >>> alternating_sum(3, 2, 2)
    3
    """
    q, N = _arguments(q, N, "alternating_sum")
    M = as_int("M", M)
    if M < 0 or M > N * (q - 1):
        return 0
    if N == 0:
        return 1
    return sum(
        (-1) ** j * math.comb(N, j) * math.comb(M - q * j + N - 1, N - 1)
        for j in range(min(N, M // q) + 1)
    )


def multinomial_sum_q3(N: Any, M: Any) -> int:
    r"""Return eq. (7), ``Omega_3(N, M) = sum_j N! / ((N - M + j)! (M - 2j)! j!)``.

    The sum runs over ``j = n_2`` from ``max(0, M - N)`` to ``floor(M/2)``,
    eqs. (4)-(6).  A slow reference for :func:`equispaced_coefficient`.

    Parameters
    ----------
    N : int
        Number of particles, ``N >= 0``.
    M : int
        Total energy; 0 is returned outside ``0..2N``.

    Returns
    -------
    int

    Examples
    --------
    ``Omega_3(3, 3)``: j = 0 is (0, 1, 2) in 3! ways, j = 1 is (1, 1, 1) in one:

    >>> multinomial_sum_q3(3, 3)
    7
    """
    N = check_count("N", N)
    M = as_int("M", M)
    if M < 0 or M > 2 * N:
        return 0
    # N! has about N log2 N bits; each term costs about 5e-8 s a bit (2.5 s at N = M = 3000)
    bits = float(min(N, 10**300)) * math.log2(N + 2)
    budget.require(
        f"multinomial_sum_q3(N={budget.short(N)}, M={budget.short(M)})",
        seconds=1e-7 * min(M // 2 + 1, 10**300) * bits,
        memory=bits / 8,
        change="N (smaller)",
    )
    fac = math.factorial
    return sum(
        fac(N) // (fac(N - M + j) * fac(M - 2 * j) * fac(j))
        for j in range(max(0, M - N), M // 2 + 1)
    )


def sympy_row(q: Any, N: Any) -> list[int]:
    r"""Return the row of :func:`equispaced_row` by SymPy ``Poly`` powering.

    A slow baseline and reference: ``Poly(1 + x + ... + x^(q-1))**N``.

    Parameters
    ----------
    q : int
        Number of levels, ``q >= 2``.
    N : int
        Number of particles, ``N >= 0``.

    Returns
    -------
    list of int
        ``Omega_q(N, M)`` for ``M = 0..N(q - 1)``.

    Examples
    --------
    >>> sympy_row(3, 2)
    [1, 2, 3, 2, 1]
    """
    q, N = _arguments(q, N, "sympy_row")
    degree = N * (q - 1)
    where = f"sympy_row(q={budget.short(q)}, N={budget.short(N)})"
    _guard(degree + 1, _row_bits(N, q), ROW_BYTES_LIMIT, where)
    import sympy as sp

    var = sp.Dummy("x")
    power = sp.Poly([1] * q, var) ** N
    return [int(c) for c in reversed(power.all_coeffs())]
