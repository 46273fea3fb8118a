r"""Finite-N microcanonical thermodynamics from the exact multiplicities.

For N particles on q equispaced levels the exact row
``Omega_q(N, M)``, ``M = 0..N(q - 1)`` (:func:`mesosym.counting.equispaced_row`)
defines, with ``k_B = 1`` and energies in units of the level spacing,

* the energy per particle ``u = M / N``, eq. (14);
* the entropy per particle ``s_N(M) = ln Omega(N, M) / N``, which tends to the
  saddle-point entropy ``s(u)`` of eq. (19) as ``N`` grows, with a
  ``(ln N)/N`` correction;
* the inverse temperature ``beta_N eps = d ln Omega / dM = ds/du``, eq. (20),
  by the central difference ``[ln Omega(M+1) - ln Omega(M-1)] / 2`` at
  interior ``M`` and the one-sided differences ``ln Omega(1) - ln Omega(0)``
  at ``M = 0`` and ``ln Omega(D) - ln Omega(D-1)`` at ``M = D = N(q - 1)``.

The row is palindromic, so ``s_N`` is symmetric and ``beta_N`` antisymmetric
about ``M = D/2`` exactly (computed on the lower half and mirrored):
``beta_N > 0`` below the centre, ``beta_N = 0`` at it (``D`` even), and
``beta_N < 0`` above it, the negative-temperature branch of eq. (21).

Logarithms are taken of the exact ints without converting them to float
(which overflows past ``2**1024``): ``math.log`` of a Python int scales by its
bit length, and a difference of logarithms is the logarithm of the correctly
rounded ratio ``Omega(M+1) / Omega(M-1)``, so ``beta_N`` has an absolute error
of a few units of ``1e-16`` even where it is tiny, near the centre.

Examples
--------
Two particles on two levels, ``Omega = 1, 2, 1``:

>>> th = finite_thermodynamics(2, 2)
>>> th.u
array([0. , 0.5, 1. ])
>>> th.s                        # ln(1)/2, ln(2)/2, ln(1)/2
array([0.        , 0.34657359, 0.        ])
>>> th.beta                     # ln 2, central difference ln(1/1)/2 = 0, -ln 2
array([ 0.69314718,  0.        , -0.69314718])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .counting import _concrete_q, equispaced_row
from .validation import check_count

__all__ = [
    "FiniteNThermodynamics",
    "finite_thermodynamics",
    "finite_energies",
    "finite_entropy",
    "finite_inverse_temperature",
]


@dataclass(frozen=True, eq=False)
class FiniteNThermodynamics:
    """Exact finite-N microcanonical curves of ``N`` particles on ``q`` levels.

    All arrays are float64, read-only, indexed by ``M = 0..N(q - 1)``.

    Attributes
    ----------
    q : int
        Number of levels.
    N : int
        Number of particles.
    u : numpy.ndarray
        Energy per particle ``M / N``.
    s : numpy.ndarray
        Entropy per particle ``ln Omega(N, M) / N``.
    beta : numpy.ndarray
        Inverse temperature times the level spacing, ``d ln Omega / dM`` by
        the finite differences of the module docstring.
    """

    q: int
    N: int
    u: np.ndarray
    s: np.ndarray
    beta: np.ndarray


def _read_only(values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    array.flags.writeable = False
    return array


def _log_differences(row: Sequence[int]) -> list[float]:
    """``d ln row / dM`` on the lower half of a palindromic row of positive ints."""
    half = (len(row) - 1) // 2
    beta = [math.log(row[1] / row[0])]
    beta += [0.5 * math.log(row[m + 1] / row[m - 1]) for m in range(1, half + 1)]
    return beta


def _mirror(lower: list[float], length: int, sign: float) -> list[float]:
    """Extend the values at ``M = 0..(length - 1)//2`` to the whole palindromic row."""
    upper = [sign * v + 0.0 for v in reversed(lower[: length - len(lower)])]  # no -0.0
    return lower + upper


def finite_thermodynamics(q: Any, N: Any) -> FiniteNThermodynamics:
    r"""Return ``u``, ``s_N`` and ``beta_N`` for every energy ``M = 0..N(q - 1)``.

    One exact row (:func:`mesosym.counting.equispaced_row`) serves all three.

    Parameters
    ----------
    q : int
        Number of levels, a concrete integer ``q >= 2``.
    N : int
        Number of particles, ``N >= 1``.

    Returns
    -------
    FiniteNThermodynamics

    Raises
    ------
    DomainError
        If ``q`` is not a concrete integer >= 2 or ``N`` is not an integer >= 1.
    RowTooLargeError
        If the exact row would not fit in memory.

    Examples
    --------
    Three particles on three levels, ``Omega = 1, 3, 6, 7, 6, 3, 1``: the
    entropy is largest and beta changes sign at the centre ``M = 3``.

    >>> th = finite_thermodynamics(3, 3)
    >>> int(np.argmax(th.s)), float(th.beta[3])
    (3, 0.0)
    >>> bool(th.beta[2] > 0 > th.beta[4])
    True
    """
    q = _concrete_q(q, "finite_thermodynamics")
    N = check_count("N", N, minimum=1)
    row = equispaced_row(q, N)
    length = len(row)
    half = row[: (length + 1) // 2]
    s = [math.log(w) / N for w in half]
    beta = _log_differences(row)
    return FiniteNThermodynamics(
        q=q,
        N=N,
        u=_read_only(np.arange(length) / N),
        s=_read_only(_mirror(s, length, 1.0)),
        beta=_read_only(_mirror(beta, length, -1.0)),
    )


def finite_energies(q: Any, N: Any) -> np.ndarray:
    """Return the energies per particle ``u = M / N``, ``M = 0..N(q - 1)``.

    Parameters
    ----------
    q : int
        Number of levels, a concrete integer ``q >= 2``.
    N : int
        Number of particles, ``N >= 1``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> finite_energies(3, 2)
    array([0. , 0.5, 1. , 1.5, 2. ])
    """
    q = _concrete_q(q, "finite_energies")
    N = check_count("N", N, minimum=1)
    return np.arange(N * (q - 1) + 1) / N


def finite_entropy(q: Any, N: Any) -> np.ndarray:
    r"""Return ``s_N(M) = ln Omega_q(N, M) / N`` for ``M = 0..N(q - 1)``.

    Computed from the exact integers, accurate to a few units in the last
    place of a double.

    Parameters
    ----------
    q : int
        Number of levels, a concrete integer ``q >= 2``.
    N : int
        Number of particles, ``N >= 1``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    Two particles on two levels: ``ln(1)/2, ln(2)/2, ln(1)/2``.

    >>> finite_entropy(2, 2)
    array([0.        , 0.34657359, 0.        ])
    """
    return finite_thermodynamics(q, N).s


def finite_inverse_temperature(q: Any, N: Any) -> np.ndarray:
    r"""Return ``beta_N eps = d ln Omega_q(N, M) / dM`` for ``M = 0..N(q - 1)``.

    The central difference ``[ln Omega(M+1) - ln Omega(M-1)] / 2`` at interior
    ``M``; ``ln Omega(1) - ln Omega(0)`` at ``M = 0`` and
    ``ln Omega(D) - ln Omega(D-1)`` at ``M = D = N(q - 1)``.  Positive below
    the centre ``D/2``, zero at it, negative above it.

    Parameters
    ----------
    q : int
        Number of levels, a concrete integer ``q >= 2``.
    N : int
        Number of particles, ``N >= 1``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    Four particles on two levels, ``Omega = C(4, M) = 1, 4, 6, 4, 1``:
    ``ln 4``, ``ln(6/1)/2``, ``0``, then the negatives.

    >>> finite_inverse_temperature(2, 4)
    array([ 1.38629436,  0.89587973,  0.        , -0.89587973, -1.38629436])
    """
    return finite_thermodynamics(q, N).beta
