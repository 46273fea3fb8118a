"""An infinitely long strip or cylinder, from the leading pair of its column transfer.

Along its length an infinitely long strip of width ``w`` (periodic around it: a
cylinder; or open) is a stationary Markov chain of columns with the symmetric transfer
T = D^(1/2) B D^(1/2) of :mod:`.column_transfer`.  With lambda its largest eigenvalue and
phi > 0 the normalised eigenvector, everything in the bulk follows from the pair
(lambda, phi), written once here for any column transfer:

* one column's law, p = phi^2 (:func:`column_law`), and its Shannon entropy;
* the entropy rate h = ln lambda + beta <E> per column (:func:`entropy_rate`), by
  Hellmann-Feynman from phi (no differences), the bonds between columns counted as
  |K| sum_k <1 -+ s_k t_k> so that deep order costs no digits;
* the ``w`` bonds between two neighbouring columns, sum_k <s_k t_k>
  (:func:`bond_correlation`);
* Hill's subdivision potential ln lambda - 2 ln(u . phi), u = D^(1/2) 1
  (:func:`subdivision_potential`), and the relative entropy of the column at a cut,
  D(phi^2 || u phi / (u . phi)) (:func:`edge_relative_entropy`).

:class:`~mesosym.mesoscopic.IsingCylinder` (the model) and
:func:`~mesosym.mesoscopic.factorisation.cut_terms` (the long-cell limit of the
factorisation terms) read them; neither imports the other.  The functions work at the
route's working precision (:class:`~.column_transfer.Precision`; ``digits + 20`` digits
or float64) and leave the rounding to the caller; their accuracy is that of phi
(module :mod:`.column_transfer`: absolute 10^-digits, float64 1e-11 w).

Examples
--------
One spin with a self-bond is the Ising chain: <s t> = tanh K, and at zero field the
subdivision potential is ln cosh K.

>>> import mpmath
>>> ar = Precision(15)
>>> t, pair = leading_pair(1, Fraction(1, 2), Fraction(0), ar, "periodic")
>>> print(ar.finish(bond_correlation(t, pair, ar)), mpmath.tanh(0.5))
0.46211715726001 0.46211715726001
>>> print(ar.finish(subdivision_potential(t, pair, ar)), mpmath.log(mpmath.cosh(0.5)))
0.120114506958278 0.120114506958278
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from ..budget import require, short
from ..errors import DomainError
from ..validation import as_fraction
from .column_transfer import GUARD_DIGITS, ColumnTransfer, LeadingPair, Precision

__all__ = [
    "CRITICAL_TEMPERATURE",
    "cylinder_cost",
    "exact_parameter",
    "leading_pair",
    "column_law",
    "shannon",
    "energy_parts",
    "entropy_rate",
    "bond_correlation",
    "subdivision_potential",
    "edge_relative_entropy",
]

#: the critical temperature of the square lattice, T_c = 2 / ln(1 + sqrt 2) (J = k_B = 1)
CRITICAL_TEMPERATURE = 2 / math.log(1 + math.sqrt(2))

#: seconds per site and ring state of one float64 product T x (measured 6.5e-9 at w = 12;
#: a Lanczos run takes some 200 products and its reorthogonalisation as much again)
_FLOAT_SECONDS = 2e-8
#: seconds per site and ring state of one mpmath product at 30 digits (measured 4.2e-5
#: at w = 8); a refined eigenpair with its correlation takes about 12 products
_MP_SECONDS = 5e-5


def cylinder_cost(circumference: int, digits: int | None) -> tuple[float, float]:
    """Estimated (seconds, bytes) of one leading eigenpair and its quantities.

    float64: 400 products of ``w 2^w`` site updates and a Lanczos basis of 61 vectors;
    mpmath: 12 products at 30 digits, growing as ((digits + 20) / 50)^1.6.

    >>> seconds, memory = cylinder_cost(12, None)
    >>> seconds < 1, memory < 3e6
    (True, True)
    """
    w = circumference
    states = 2.0**w
    seconds = 400 * _FLOAT_SECONDS * w * states
    memory = 61 * 8 * states + 10 * 8 * states
    if digits is not None:
        seconds += 12 * _MP_SECONDS * w * states * max(1.0, (digits + GUARD_DIGITS) / 50) ** 1.6
        memory += 12 * states * (100 + digits)
    return seconds, memory


def exact_parameter(name: str, value: Any) -> Fraction:
    """A coupling, field or inverse temperature as an exact Fraction (bytes refused).

    >>> exact_parameter("beta", 0.5)
    Fraction(1, 2)
    """
    if isinstance(value, bytes):
        raise DomainError(f"{name} must be a finite real number; got {short(value)}")
    return as_fraction(value, name)


def leading_pair(
    width: int, K: Fraction, H: Fraction, ar: Precision, around: str
) -> tuple[ColumnTransfer, LeadingPair]:
    """The column transfer at K = beta J, H = beta h and its leading pair, within the budget.

    Refused up front (:func:`mesosym.budget.require`) when :func:`cylinder_cost` exceeds it.


    One spin with a self-bond is the Ising chain: lambda = 2 cosh K up to the scale of
    the transfer, and phi = (1, 1)/sqrt 2 at zero field.

    >>> ar = Precision(15)
    >>> t, pair = leading_pair(1, Fraction(1, 2), Fraction(0), ar, "periodic")
    >>> [round(float(x) ** 2, 12) for x in pair.vector]
    [0.5, 0.5]
    """
    seconds, memory = cylinder_cost(width, ar.digits)
    route = "float64" if ar.digits is None else f"{ar.digits} digits"
    require(
        f"the ring transfer matrix of circumference {width} ({2**width} ring states, {route})",
        seconds=seconds,
        memory=memory,
        change="circumference (smaller) or digits (None: float64)",
    )
    with ar.work():
        transfer = ColumnTransfer(width, K, H, ar.digits, around)
        return transfer, transfer.leading()


def column_law(pair: LeadingPair, ar: Precision) -> np.ndarray:
    """p(sigma) = phi_sigma^2, one column's law in the bulk.

    At zero field both states of one spin are equally likely:

    >>> ar = Precision(15)
    >>> t, pair = leading_pair(1, Fraction(1, 2), Fraction(0), ar, "periodic")
    >>> [float(x) for x in column_law(pair, ar)]
    [0.5, 0.5]
    """
    with ar.work():
        return pair.vector * pair.vector


def shannon(p: np.ndarray, ar: Precision) -> Any:
    """-sum p ln p (nats), 0 ln 0 = 0.

    >>> import mpmath
    >>> ar = Precision(15)
    >>> print(ar.finish(shannon(np.array([mpmath.mpf(1) / 2] * 2 + [mpmath.mpf(0)]), ar)))
    0.693147180559945
    """
    with ar.work():
        return -ar.sum(p * ar.logs(p))


def energy_parts(transfer: ColumnTransfer, pair: LeadingPair, ar: Precision) -> tuple[Any, ...]:
    """(sum p e_shifted, C = sum_k <s_k t_k>, p): a column's mean energy, the bonds, the law.

    One spin: no bond inside the column, and C = <s t> = tanh K.

    >>> ar = Precision(15)
    >>> t, pair = leading_pair(1, Fraction(1, 2), Fraction(0), ar, "periodic")
    >>> print(ar.finish(energy_parts(t, pair, ar)[1]))
    0.46211715726001
    """
    with ar.work():
        p = pair.vector * pair.vector
        mean_e = ar.sum(p * transfer.column_energy())
        correlation = transfer.pair_correlation(pair.vector, pair.value)
        return mean_e, correlation, p


def entropy_rate(transfer: ColumnTransfer, pair: LeadingPair, ar: Precision) -> Any:
    """The entropy rate of the chain of columns, h = ln lambda + beta <E> per column.

    One spin (the Ising chain at zero field): h = ln(2 cosh K) - K tanh K.

    >>> import mpmath
    >>> ar = Precision(15)
    >>> t, pair = leading_pair(1, Fraction(1, 2), Fraction(0), ar, "periodic")
    >>> K = mpmath.mpf(1) / 2
    >>> chain = mpmath.log(2 * mpmath.cosh(K)) - K * mpmath.tanh(K)
    >>> print(ar.finish(entropy_rate(t, pair, ar)), chain)
    0.582203108888218 0.582203108888218
    """
    mean_e, _, _ = energy_parts(transfer, pair, ar)
    with ar.work():
        # h = ln lambda - sum p e - K C = ln(value) - sum p e_shifted + (w |K| - K C),
        # the last from the bonds not at their best (no cancellation at large K)
        deficit = transfer.pair_deficit(pair.vector, pair.value)
        bonds = ar.number(abs(transfer.K)) * deficit
        return ar.log(pair.value) - mean_e + bonds


def bond_correlation(transfer: ColumnTransfer, pair: LeadingPair, ar: Precision) -> Any:
    """sum_k <s_k t_k> of the ``w`` bonds between two neighbouring columns.

    >>> import mpmath
    >>> ar = Precision(15)
    >>> t, pair = leading_pair(1, Fraction(1, 2), Fraction(0), ar, "periodic")
    >>> print(ar.finish(bond_correlation(t, pair, ar)), mpmath.tanh(0.5))
    0.46211715726001 0.46211715726001
    """
    return energy_parts(transfer, pair, ar)[1]


def _end_overlap(transfer: ColumnTransfer, pair: LeadingPair, ar: Precision) -> Any:
    """ln(hd . phi) with hd = D^(1/2) / exp(top / 2): the end vector u against phi."""
    with ar.work():
        return ar.log(ar.sum(transfer.half_diagonal * pair.vector))


def subdivision_potential(transfer: ColumnTransfer, pair: LeadingPair, ar: Precision) -> Any:
    """Hill's subdivision potential ln lambda - 2 ln(u . phi), u = D^(1/2) 1.

    It is ln Z - ln Z_left - ln Z_right of one cut between two long cells.


    One spin at zero field: ln cosh K (the cut removes one bond's 2 cosh K, the two
    halves' end sums restore 2).

    >>> import mpmath
    >>> ar = Precision(15)
    >>> t, pair = leading_pair(1, Fraction(1, 2), Fraction(0), ar, "periodic")
    >>> print(ar.finish(subdivision_potential(t, pair, ar)), mpmath.log(mpmath.cosh(0.5)))
    0.120114506958278 0.120114506958278
    """
    overlap = _end_overlap(transfer, pair, ar)
    with ar.work():
        # ln lambda - top = ln(value) + w |K| exactly: the scale of D cancels
        bonds = ar.number(transfer.shift - transfer.top)
        return ar.log(pair.value) + bonds - 2 * overlap


def edge_relative_entropy(transfer: ColumnTransfer, pair: LeadingPair, ar: Precision) -> Any:
    """D(p || q) of the column at a cut: p = phi^2 against the lone end's q = u phi / (u . phi).

    At zero field p = q = (1/2, 1/2) for one spin, so D = 0:

    >>> ar = Precision(15)
    >>> t, pair = leading_pair(1, Fraction(1, 2), Fraction(0), ar, "periodic")
    >>> abs(ar.finish(edge_relative_entropy(t, pair, ar))) < 1e-14
    True
    """
    overlap = _end_overlap(transfer, pair, ar)
    with ar.work():
        phi = pair.vector
        ratio = ar.logs(phi) - ar.logs(transfer.half_diagonal)
        return ar.sum(phi * phi * ratio) + overlap
