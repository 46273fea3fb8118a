r"""Finite-N microcanonical thermodynamics from the exact multiplicities.

For N particles of any integer spectrum (``q`` equispaced levels, or a
:class:`~mesosym.levels.spectrum.Spectrum` with degeneracies ``g_0..g_d``; the levels
``0, 1, 3`` are ``Spectrum.from_levels([0, 1, 3])``, and a bare list is read as
degeneracies, as everywhere in mesosym) the exact row ``Omega(N, M) = [x^M] P(x)^N``,
``M = 0..N d`` (:func:`mesosym.levels.counting.equispaced_row`,
:func:`mesosym.levels.counting.polynomial_row`) defines, with ``k_B = 1`` and
energies in units of the level spacing,

* the energy per particle ``u = M / N``, eq. (14);
* the entropy per particle ``s_N(M) = ln Omega(N, M) / N``, which tends to the
  saddle-point entropy ``s(u)`` of eq. (19) as ``N`` grows, with a
  ``(ln N)/N`` correction: ``s_N = s - ln(2 pi N sigma^2)/(2N) + O(1/N^2)``
  inside ``(0, d)`` (:mod:`mesosym.levels.asymptotics`), plus ``ln(p)/N`` at the
  reachable energies when the levels have a common step ``p > 1`` (``p``
  saddle points ``x* e^{2 pi i k/p}`` on the circle of Cauchy's integral);
* the inverse temperature ``beta_N eps = d ln Omega / dM = ds/du``, eq. (20),
  by finite differences of ``ln Omega``.

Convention where ``Omega = 0``.  Only the energies with ``Omega(N, M) > 0``
are reported (the attribute ``M``; ``u = M / N``).  For ``q`` equispaced
levels that is every ``M = 0..N(q - 1)``.  Other spectra may leave energies
unreachable: all ``M`` off a multiple of ``p`` when the levels have a common
step ``p > 1`` (levels ``[0, 2, 4]``), and some energies next to the edges
(levels ``[0, 1, 3]`` never reach ``M = 3N - 1``).  ``beta_N`` at a reported
energy ``M`` is the difference quotient between its reported neighbours
``M_- < M < M_+``,

.. math::

   \beta_N = \frac{\ln\Omega(M_+) - \ln\Omega(M_-)}{M_+ - M_-},

one-sided at the lowest and highest energies (``M_- = M`` or ``M_+ = M``).
Without gaps this is the central difference
``[ln Omega(M+1) - ln Omega(M-1)] / 2``, with ``ln Omega(1) - ln Omega(0)`` at
``M = 0`` and ``ln Omega(D) - ln Omega(D-1)`` at ``M = D = N d``; with a common
step ``p`` it is the central difference over ``M +- p``.

A palindromic row (``g_k = g_{d-k}``, equispaced levels among them) gives
``s_N`` symmetric and ``beta_N`` antisymmetric about ``M = D/2`` exactly
(computed on the lower half and mirrored): ``beta_N > 0`` below the centre,
``beta_N = 0`` at it, and ``beta_N < 0`` above it, the negative-temperature
branch of eq. (21).

Precision.  Logarithms are taken of the exact ints without converting them to
float (which overflows past ``2**1024``): ``math.log`` of a Python int scales
by its bit length, so ``s_N`` has a relative error of a few units of
``1e-16``; a difference of logarithms is the logarithm of the correctly
rounded ratio ``Omega(M_+) / Omega(M_-)``, so ``beta_N`` has an absolute error
of a few units of ``1e-16`` even where it is tiny, near the centre.

Bounds.  The row is refused before it is computed when it would not fit in
memory (:class:`~mesosym.errors.RowTooLargeError`, with the estimate) or would
take longer than :data:`mesosym.budget.TIME_LIMIT_SECONDS`
(:class:`~mesosym.errors.BudgetError`, with the estimate of
:func:`mesosym.levels.counting.row_estimate`).

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

Two particles on the levels 0, 1 and 3: ``(1 + x + x^3)^2 = 1 + 2x + x^2 + 2x^3 +
2x^4 + x^6``, so ``M = 5`` is unreachable and the top energy's neighbour is
``M = 4``:

>>> from mesosym import Spectrum
>>> th = finite_thermodynamics(Spectrum.from_levels([0, 1, 3]), 2)
>>> th.M, th.omega
(array([0, 1, 2, 3, 4, 6]), (1, 2, 1, 2, 2, 1))
>>> float(th.beta[-1]) == (0.0 - float(np.log(2))) / 2   # (ln 1 - ln 2)/(6 - 4)
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import budget
from ..validation import check_count, check_degeneracies
from .counting import ROW_BYTES_LIMIT, _concrete_q, equispaced_row, polynomial_row, row_estimate

__all__ = [
    "FiniteNThermodynamics",
    "finite_thermodynamics",
    "finite_energies",
    "finite_entropy",
    "finite_inverse_temperature",
]


@dataclass(frozen=True, eq=False)
class FiniteNThermodynamics:
    """Exact finite-N microcanonical curves of ``N`` particles on an integer spectrum.

    All arrays are read-only and indexed alike, one entry per energy ``M``
    with ``Omega(N, M) > 0`` (every ``M = 0..N(q - 1)`` for ``q`` equispaced
    levels).

    Attributes
    ----------
    q : int or None
        Number of levels of an equispaced system (all ``g_k = 1``); None for
        any other spectrum.
    N : int
        Number of particles.
    u : numpy.ndarray
        Energy per particle ``M / N`` (float64).
    s : numpy.ndarray
        Entropy per particle ``ln Omega(N, M) / N`` (float64).
    beta : numpy.ndarray
        Inverse temperature times the level spacing, ``d ln Omega / dM`` by
        the finite differences of the module docstring (float64).
    M : numpy.ndarray
        The reported energies, increasing (int64).
    omega : tuple of int
        The exact multiplicities ``Omega(N, M)`` at those energies.
    degeneracies : tuple of int
        The single-particle degeneracies ``g_0..g_d`` (``(1,) * q`` for ``q``
        equispaced levels).
    """

    q: int | None
    N: int
    u: np.ndarray
    s: np.ndarray
    beta: np.ndarray
    M: np.ndarray = None  # type: ignore[assignment]  # filled in by __post_init__
    omega: tuple[int, ...] = field(default=(), repr=False)
    degeneracies: tuple[int, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        # Built from the five original fields alone (as before general
        # spectra), the energies are every M and the system q equal levels.
        if self.M is None:
            object.__setattr__(self, "M", _read_only(np.arange(len(self.u)), np.int64))
        if not self.degeneracies and self.q is not None:
            object.__setattr__(self, "degeneracies", (1,) * self.q)

    @property
    def max_energy(self) -> int:
        """The highest level ``d``: the energies per particle lie in ``[0, d]``."""
        return len(self.degeneracies) - 1


def _read_only(values: Any, dtype: Any = np.float64) -> np.ndarray:
    array = np.asarray(values, dtype=dtype)
    array.flags.writeable = False
    return array


def _mirror(lower: list[float], length: int, sign: float) -> list[float]:
    """Extend the values at the first ``(length + 1)//2`` energies to all of a palindromic row."""
    upper = [sign * v + 0.0 for v in reversed(lower[: length - len(lower)])]  # no -0.0
    return lower + upper


def _log_differences(row: Sequence[int], M: Sequence[int], stop: int) -> list[float]:
    """``d ln Omega / dM`` at the energies ``M[0..stop-1]``, between reported neighbours."""
    last = len(M) - 1
    beta = []
    for i in range(stop):
        lo = M[i - 1] if i else M[i]
        hi = M[i + 1] if i < last else M[i]
        beta.append(math.log(row[hi] / row[lo]) / (hi - lo))
    return beta


def _system(q: Any, what: str) -> tuple[int | None, tuple[int, ...] | None]:
    """Return ``(q, None)`` for equispaced levels, ``(None, degeneracies)`` otherwise.

    A Spectrum, a sequence of degeneracies (read as ``Spectrum(g)`` reads them), or
    the number of levels ``q``.
    Degeneracies all 1 are ``q`` equispaced levels.
    """
    if hasattr(type(q), "degeneracies"):  # a Spectrum; EquispacedLevels knows its q
        if hasattr(type(q), "_concrete_q"):
            return q._concrete_q(what), None
        g = q.degeneracies
    elif (isinstance(q, Sequence) and not isinstance(q, (str, bytes))) or (
        type(q).__name__ == "ndarray" and getattr(q, "ndim", 0) == 1
    ):
        g = check_degeneracies(q.tolist() if hasattr(q, "tolist") else q)
    else:
        return _concrete_q(q, what), None
    if all(gk == 1 for gk in g):
        return len(g), None
    return None, g


def _arguments(q: Any, N: Any, what: str) -> tuple[int | None, tuple[int, ...] | None, int]:
    """The checks of every function here: the spectrum (:func:`_system`) and ``N >= 1``."""
    levels, g = _system(q, what)
    return levels, g, check_count("N", N, minimum=1)


def _require_row(system: Any, N: int, name: str) -> None:
    """Refuse, before any work, a row that would take longer than the time budget.

    A row beyond the memory limit is refused by the row function itself, with
    its estimate (:class:`~mesosym.errors.RowTooLargeError`).
    """
    seconds, memory = row_estimate(system, N)
    if memory > ROW_BYTES_LIMIT:
        return
    # the logarithms and ratios read every bit of the row once more: about 0.2 ns a bit
    budget.require(
        f"the exact finite-N thermodynamics of {name} at N = {budget.short(N)}",
        seconds=seconds + 1.6e-9 * memory,
        memory=memory,
        change="N (smaller)",
    )


def finite_thermodynamics(q: Any, N: Any) -> FiniteNThermodynamics:
    r"""Return ``u``, ``s_N`` and ``beta_N`` at every energy ``M`` with ``Omega(N, M) > 0``.

    One exact row (:func:`mesosym.levels.counting.equispaced_row` for equispaced
    levels, :func:`mesosym.levels.counting.polynomial_row` otherwise) serves all
    three; unreachable energies are left out (the convention of the module
    docstring).

    Parameters
    ----------
    q : int, Spectrum or sequence of int
        The single-particle spectrum: the number of equispaced levels, a
        concrete integer ``q >= 2``; a :class:`~mesosym.levels.spectrum.Spectrum`
        (an :class:`~mesosym.levels.spectrum.EquispacedLevels` with a concrete
        ``q``, or any integer degeneracies; the levels ``0, 1, 3`` are
        ``Spectrum.from_levels([0, 1, 3])``); or a sequence of degeneracies
        ``g_0..g_d``, read as ``Spectrum(g)`` is.
    N : int
        Number of particles, ``N >= 1``.

    Returns
    -------
    FiniteNThermodynamics
        ``q`` is the number of levels when every degeneracy is 1 (so
        ``Spectrum.from_levels([0, 1, 2])``, ``[1, 1, 1]`` and ``3`` give the
        same result), else None.

    Raises
    ------
    DomainError
        If ``q`` is neither a concrete integer >= 2, a spectrum with a
        concrete ``q``, nor a valid list of degeneracies, or ``N`` is not an
        integer >= 1.
    RowTooLargeError
        If the exact row would not fit in memory.
    BudgetError
        If the exact row would take longer than the time budget.

    Examples
    --------
    Three particles on three levels, ``Omega = 1, 3, 6, 7, 6, 3, 1``: the
    entropy is largest and beta changes sign at the centre ``M = 3``.

    >>> th = finite_thermodynamics(3, 3)
    >>> int(np.argmax(th.s)), float(th.beta[3])
    (3, 0.0)
    >>> bool(th.beta[2] > 0 > th.beta[4])
    True

    Levels 0 and 2 are a two-level system with a step of 2: only even ``M``,
    ``Omega = C(2, M/2)``, and the central difference spans ``M -+ 2``.

    >>> from mesosym import Spectrum
    >>> th = finite_thermodynamics(Spectrum.from_levels([0, 2]), 2)
    >>> th.M, th.omega, th.q
    (array([0, 2, 4]), (1, 2, 1), None)
    >>> th.beta                    # (ln 2)/2, 0, -(ln 2)/2
    array([ 0.34657359,  0.        , -0.34657359])
    """
    return _thermodynamics(*_arguments(q, N, "finite_thermodynamics"))


def _thermodynamics(levels: int | None, g: tuple[int, ...] | None, N: int) -> FiniteNThermodynamics:
    """The one algorithm: the exact row, its reachable energies, logs and differences."""
    if g is None:
        assert levels is not None
        _require_row(levels, N, f"q = {budget.short(levels)} levels")
        row = equispaced_row(levels, N)
        g = (1,) * levels
        palindromic = True
    else:
        _require_row(g, N, f"the degeneracies {budget.short(list(g))}")
        row = polynomial_row(g, N)
        palindromic = row == row[::-1]
    length = len(row)
    if all(row):
        M: Sequence[int] = range(length)
        energies = np.arange(length)
    else:
        M = [m for m, w in enumerate(row) if w]
        energies = np.asarray(M, dtype=np.int64)
    count = len(M)
    stop = (count + 1) // 2 if palindromic else count
    s = [math.log(row[m]) / N for m in M[:stop]]
    beta = _log_differences(row, M, stop)
    if palindromic:
        s = _mirror(s, count, 1.0)
        beta = _mirror(beta, count, -1.0)
    return FiniteNThermodynamics(
        q=levels,
        N=N,
        u=_read_only(energies / N),
        s=_read_only(s),
        beta=_read_only(beta),
        M=_read_only(energies, np.int64),
        omega=tuple(row[m] for m in M),
        degeneracies=g,
    )


def finite_energies(q: Any, N: Any) -> np.ndarray:
    """Return the energies per particle ``u = M / N`` at which ``Omega(N, M) > 0``.

    ``M = 0..N(q - 1)`` for ``q`` equispaced levels, computed without the row;
    for any other spectrum the reachable energies of
    :func:`finite_thermodynamics`.

    Parameters
    ----------
    q : int, Spectrum or sequence of int
        The spectrum, as in :func:`finite_thermodynamics`.
    N : int
        Number of particles, ``N >= 1``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> finite_energies(3, 2)
    array([0. , 0.5, 1. , 1.5, 2. ])
    >>> from mesosym import Spectrum
    >>> finite_energies(Spectrum.from_levels([0, 1, 3]), 1)
    array([0., 1., 3.])
    """
    levels, g, N = _arguments(q, N, "finite_energies")
    if g is None:
        assert levels is not None
        count = N * (levels - 1) + 1
        budget.require(
            f"{budget.short(count)} energies",
            seconds=0,
            memory=8 * count,
            change="N or q (smaller)",
        )
        return np.arange(count) / N
    return _thermodynamics(None, g, N).u.copy()


def finite_entropy(q: Any, N: Any) -> np.ndarray:
    r"""Return ``s_N(M) = ln Omega(N, M) / N`` at the energies with ``Omega > 0``.

    Computed from the exact integers, accurate to a few units in the last
    place of a double.

    Parameters
    ----------
    q : int, Spectrum or sequence of int
        The spectrum, as in :func:`finite_thermodynamics`.
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
    return _thermodynamics(*_arguments(q, N, "finite_entropy")).s


def finite_inverse_temperature(q: Any, N: Any) -> np.ndarray:
    r"""Return ``beta_N eps = d ln Omega(N, M) / dM`` at the energies with ``Omega > 0``.

    The central difference ``[ln Omega(M+1) - ln Omega(M-1)] / 2`` at interior
    ``M``; ``ln Omega(1) - ln Omega(0)`` at ``M = 0`` and
    ``ln Omega(D) - ln Omega(D-1)`` at ``M = D = N d``.  Where energies are
    unreachable, the difference quotient between the reported neighbours (the
    module docstring).  For ``q`` equispaced levels: positive below the centre
    ``D/2``, zero at it, negative above it.  Absolute error a few units of
    ``1e-16``.

    Parameters
    ----------
    q : int, Spectrum or sequence of int
        The spectrum, as in :func:`finite_thermodynamics`.
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
    return _thermodynamics(*_arguments(q, N, "finite_inverse_temperature")).beta
