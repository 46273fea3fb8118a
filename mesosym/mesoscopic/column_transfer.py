"""The column-to-column transfer matrix of a two-dimensional Ising model, applied factor by factor.

A two-dimensional model is rows of a one-dimensional one: a column of ``w`` Ising
spins s_k = +1, -1 (k = 0..w-1) is a configuration of the Ising chain of ``w``
sites, periodic (``around="periodic"``: a ring, the cylinder) or open (a strip),
and one state sigma of 2^w.  Site 0 is the most significant bit of the index and
bit 1 is the spin -1, so that flipping every spin reverses the index order.  With
K = beta J and H = beta h the column's own energy (times -beta) is the chain's,

    e(sigma) = K b(sigma) + H m(sigma),   b = sum_k s_k s_(k+1),  m = sum_k s_k,

the sum over the chain's bonds: ``w`` around a ring (as for the periodic chain: two
sites carry their bond twice, one site a self-bond), ``w - 1`` along an open
column.  Neighbouring columns sigma, tau are joined by ``w`` bonds s_k t_k.  The
symmetric transfer matrix is

    T = D^(1/2) B D^(1/2),   D = diag(exp e),   B = M x M x ... x M,
    M = [[e^K, e^-K], [e^-K, e^K]],

so that the partition function of a torus of L columns is tr T^L and that of a strip
open along its length u^T T^(L-1) u with u = D^(1/2) 1 (the end vector).  It is never
formed: a product T x costs two diagonal scalings and ``w`` two-state factors,
``3 w 2^w`` multiplications.  To keep every number in range the class works with
T / exp(shift), shift = max_sigma e(sigma) + w |K| (an exact rational), whose
entries lie in (0, 1].

The leading eigenpair is found in float64 by Lanczos with full
reorthogonalisation, started from the uniform vector (which, like the
Perron-Frobenius eigenvector, is invariant under rotations, reflections and, at
H = 0, the global spin flip; at H = 0 the flip-odd part is projected out at
every product, so that the near-degenerate odd state of the ordered phase never
enters).  In mpmath the float64 pair is refined by Newton steps
(T - rho) delta = -r, whose correction is solved in float64 by conjugate
gradients on the complement of the eigenvector, where rho - T is positive
definite; each step gains about ``-log10(1e-11 + 1e-16 kappa)`` digits,
kappa = rho / gap.  The residual r = T phi - rho phi is computed in mpmath and
bounds the errors: |phi - phi_true| <= |r| / gap and
|rho - lambda| <= |r|^2 / gap (Davis-Kahan, Kato-Temple), with the gap
lambda_1 - lambda_2 estimated from the float64 Lanczos run.

Examples
--------
One spin with a self-bond: T = e^K [[e^K, e^-K], [e^-K, e^K]] at H = 0, so
lambda = e^K (e^K + e^-K) = e^(2K) + 1.

>>> from fractions import Fraction
>>> pair = ColumnTransfer(1, Fraction(1, 2), Fraction(0)).leading()
>>> round(pair.log_value, 12), round(math.log(math.e + 1), 12)
(1.313261687518, 1.313261687518)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from ..budget import short
from ..errors import ConvergenceError, DomainError
from ..significant import significant

__all__ = [
    "ColumnTransfer",
    "LeadingPair",
    "column_bonds",
    "column_magnetisation",
    "AROUND",
    "MAX_REDUCED_COUPLING",
    "check_reduced_couplings",
    "Precision",
    "GUARD_DIGITS",
    "FLOAT64_TOLERANCE",
    "FLOAT64_VECTOR_ERROR",
]

#: the float64 Lanczos stops when |T phi - theta phi| <= FLOAT64_TOLERANCE * theta
FLOAT64_TOLERANCE = 1e-14
#: the float64 route refuses an eigenvector whose error bound |r| / gap exceeds this
FLOAT64_VECTOR_ERROR = 1e-8
#: Lanczos steps between restarts
_LANCZOS_STEPS = 60
#: Lanczos restarts before giving up
_LANCZOS_RESTARTS = 200
#: relative tolerance of the float64 conjugate-gradient solve of one Newton step
_CG_TOLERANCE = 1e-11
#: Newton steps before giving up
_NEWTON_STEPS = 30


#: the largest |beta J| and |beta h|: beyond, every excited column weighs below exp(-10^6)
#: and the eigenvector's rounding (times energies of that size) would swamp the entropies
MAX_REDUCED_COUPLING = 10**6


def check_reduced_couplings(K: Fraction, H: Fraction) -> None:
    """Refuse |beta J| or |beta h| above :data:`MAX_REDUCED_COUPLING`.

    >>> check_reduced_couplings(Fraction(10**7), Fraction(0))
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: |beta J| must be at most 10^6 (MAX_REDUCED_COUPLING: the ground
    state); got beta J = 10000000
    """
    for name, value in (("J", K), ("h", H)):
        if abs(value) > MAX_REDUCED_COUPLING:
            shown = value if abs(value) < 10**30 else short(int(value))
            raise DomainError(
                f"|beta {name}| must be at most 10^6 (MAX_REDUCED_COUPLING: the ground state); "
                f"got beta {name} = {shown}"
            )


#: guard digits of the mpmath routes (the cylinder's quantities, the strip's sweeps)
GUARD_DIGITS = 20


class Precision:
    """The arithmetic of one route: float64 (``digits`` None) or mpmath at digits + guard.

    ``work()`` opens the working precision, ``number`` converts an exact Fraction, ``log``,
    ``logs`` (elementwise, 0 where x <= 0: the convention p ln p = 0 at p = 0) and ``sum``
    (mpmath's fsum, numpy's pairwise sum) compute, ``finish`` rounds a result to ``digits``.

    >>> ar = Precision(None)
    >>> ar.logs(np.array([1.0, 0.0])).tolist(), ar.finish(ar.number(Fraction(1, 4)))
    ([0.0, 0.0], 0.25)
    """

    def __init__(self, digits: int | None) -> None:
        self.digits = digits

    def work(self) -> Any:
        """The working precision, as a context manager (nothing to do in float64)."""
        if self.digits is None:
            return _Float64()
        return mpmath.workdps(self.digits + GUARD_DIGITS)

    def number(self, x: Fraction) -> Any:
        """An exact rational as a float or an mpf at the current precision."""
        if self.digits is None:
            return float(x)
        return mpmath.mpf(x.numerator) / x.denominator

    def log(self, x: Any) -> Any:
        """The natural logarithm of one positive number."""
        return math.log(x) if self.digits is None else mpmath.log(x)

    def exp(self, x: Any) -> Any:
        """The exponential of one number."""
        return math.exp(x) if self.digits is None else mpmath.exp(x)

    def logs(self, x: np.ndarray) -> np.ndarray:
        """Elementwise ln x, 0 where x <= 0."""
        if self.digits is None:
            with np.errstate(divide="ignore"):
                return np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), 0.0)
        return np.array([mpmath.log(v) if v > 0 else mpmath.mpf(0) for v in x], dtype=object)

    def sum(self, x: np.ndarray) -> Any:
        """The sum of an array: mpmath's fsum, or numpy's pairwise sum."""
        if x.dtype == object:
            return mpmath.fsum(x)
        return float(np.sum(x))

    def finish(self, value: Any) -> Any:
        """A result: a float, or an mpf printing ``digits`` significant digits."""
        return float(value) if self.digits is None else significant(value, self.digits)


class _Float64:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: Any) -> None:
        return None


#: the boundaries around a column: a ring (the cylinder) or an open column (the strip)
AROUND = ("periodic", "open")


def column_bonds(w: int, around: str = "periodic") -> np.ndarray:
    """b(sigma) = sum_k s_k s_(k+1) over the column's own bonds, for every column state (int64).

    ``around="periodic"``: the ``w`` bonds (k, k+1 mod w) of a ring; ``"open"``: the
    ``w - 1`` bonds of an open column.

    >>> column_bonds(3).tolist()      # +++ has 3 satisfied bonds, any other ring 1 - 2 = -1
    [3, -1, -1, -1, -1, -1, -1, 3]
    >>> column_bonds(3, "open").tolist()   # ++- : +1 - 1 = 0;  +-+ : -1 - 1 = -2
    [2, 0, -2, 0, 0, -2, 0, 2]
    """
    spins = _spins(w)
    if around == "open":
        return (spins[:, :-1] * spins[:, 1:]).sum(axis=1)
    return (spins * np.roll(spins, -1, axis=1)).sum(axis=1)


def column_magnetisation(w: int) -> np.ndarray:
    """m(sigma) = sum_k s_k for every column state, as int64.

    >>> column_magnetisation(2).tolist()
    [2, 0, 0, -2]
    """
    return _spins(w).sum(axis=1)


def _spins(w: int) -> np.ndarray:
    """(2^w, w) array of spins, site 0 the most significant bit, bit 1 the spin -1."""
    index = np.arange(2**w, dtype=np.int64)[:, None]
    bits = (index >> np.arange(w - 1, -1, -1, dtype=np.int64)) & 1
    return 1 - 2 * bits


@dataclass(frozen=True)
class LeadingPair:
    """The leading eigenpair of T / exp(shift).

    Attributes
    ----------
    value : float or mpmath.mpf
        The eigenvalue of the scaled matrix (lambda / exp(shift)).
    vector : numpy.ndarray
        The normalised positive eigenvector phi (float64 or mpf objects).
    log_value : float or mpmath.mpf
        ln lambda = ln value + shift.
    gap : float
        Estimated lambda_1 - lambda_2 of the scaled matrix (in the symmetric sector).
    vector_error : float
        Bound on |phi - phi_true| (2-norm): residual / gap.
    """

    value: Any
    vector: np.ndarray
    log_value: Any
    gap: float
    vector_error: float


class ColumnTransfer:
    """The transfer matrix T / exp(shift) of columns of ``w`` spins at K = beta J, H = beta h.

    The one construction of the 2^w column transfer: :class:`~.models.cylinder.IsingCylinder`
    takes its leading pair, :mod:`.factorisation` sweeps strips with it, and the column
    energies of :class:`~.models.strip.IsingStrip` are :func:`column_bonds` and
    :func:`column_magnetisation`.

    Parameters
    ----------
    w : int
        Sites of a column (>= 1).
    K, H : Fraction
        beta J and beta h, exact.
    digits : int or None
        None: float64 arrays; else mpmath numbers at ``digits`` plus guard digits
        (the caller opens ``mpmath.workdps``).
    around : {"periodic", "open"}
        The column's own boundary: a ring (the cylinder) or open (a strip of open width).
    """

    def __init__(
        self,
        w: int,
        K: Fraction,
        H: Fraction,
        digits: int | None = None,
        around: str = "periodic",
    ) -> None:
        self.w, self.K, self.H, self.digits, self.around = w, K, H, digits, around
        bonds, mags = column_bonds(w, around), column_magnetisation(w)
        pairs = sorted(set(zip(bonds.tolist(), mags.tolist(), strict=True)))
        energies = {p: K * p[0] + H * p[1] for p in pairs}
        top = max(energies.values())
        #: ln of the scale removed from D: max_sigma e(sigma), exact
        self.top: Fraction = top
        #: ln of the scale removed from T: max_sigma e(sigma) + w |K|, exact
        self.shift: Fraction = top + w * abs(K)
        #: exp(-beta E_column) / exp(top) per state, and the two entries of M / e^|K|
        codes = {p: i for i, p in enumerate(pairs)}
        key = np.array([codes[p] for p in zip(bonds.tolist(), mags.tolist(), strict=True)])
        self._energy = np.array([_number(energies[p] - top, digits) for p in pairs], dtype=object)[
            key
        ]
        half = [_exp((energies[p] - top) / 2, digits) for p in pairs]
        self.half_diagonal = np.array(half, dtype=float if digits is None else object)[key]
        self.same = _exp(K - abs(K), digits)
        self.flipped = _exp(-K - abs(K), digits)
        self.flip_symmetric = H == 0
        if digits is None:
            self._energy = self._energy.astype(float)

    # -- products ---------------------------------------------------------------------
    def _kron(self, x: np.ndarray, same: Any, flipped: Any) -> np.ndarray:
        y = x.reshape((2,) * self.w)
        for k in range(self.w):
            y = y * same + np.flip(y, k) * flipped  # array first: mpf * array would repr it
        return y.reshape(-1)

    def apply(self, x: np.ndarray) -> np.ndarray:
        """T x / exp(shift), factor by factor (float64 or mpf arrays)."""
        d = self.half_diagonal
        return d * self._kron(d * x, self.same, self.flipped)

    def apply_bonds(self, x: np.ndarray) -> np.ndarray:
        """B x / exp(w |K|): the ``w`` bonds between two columns, factor by factor."""
        return self._kron(x, self.same, self.flipped)

    def diagonal(self) -> np.ndarray:
        """D / exp(top): each column's own Boltzmann weight (float64 or mpf array)."""
        return self.half_diagonal * self.half_diagonal

    def pair_correlation(self, vector: np.ndarray, value: Any) -> Any:
        """sum_k <s_k t_k> between neighbouring rings, from the eigenpair (vector, value).

        With v = D^(1/2) phi, sum_k phi^T S_k T S_k phi / lambda = v^T (sum_k M..M'..M) v / lambda
        (:meth:`bond_sum` of v with itself).
        """
        v = self.half_diagonal * vector
        return self.bond_sum(v, v) / value

    def pair_deficit(self, vector: np.ndarray, value: Any) -> Any:
        """W - sgn(K) sum_k <s_k t_k>: the bonds between neighbouring rings not at their best.

        Equal to w - :meth:`pair_correlation` for K >= 0 (twice the disagreeing pairs) and
        w + it for K < 0, computed without that cancellation (deep in the ordered phase the
        correlation is w to many digits): |K| times it is w |K| - K sum_k <s_k t_k>.
        """
        v = self.half_diagonal * vector
        return self.bond_sum(v, v, deficit=True) / value

    def bond_sum(self, x: np.ndarray, y: np.ndarray, deficit: bool = False) -> Any:
        """x^T B' y / exp(w |K|), B'[sigma, tau] = B[sigma, tau] sum_k s_k t_k.

        B' = sum_k M x .. x M' x .. x M with M' = [[e^K, -e^-K], [-e^-K, e^K]] in factor k
        (dB/dK); the sum over k is carried through the factors by the product rule
        (forward mode): three factor products per site.  ``deficit=True`` puts
        M - M' = [[0, 2 e^-K], [2 e^-K, 0]] (K >= 0) or M + M' = 2 e^K I (K < 0) in factor k
        instead: x^T B (w - sgn(K) sum_k s_k t_k) y, with no cancellation.
        """
        z = x.reshape((2,) * self.w)
        dz = None
        for k in range(self.w):
            fz = np.flip(z, k)
            if not deficit:
                signed = z * self.same - fz * self.flipped
            elif self.K >= 0:
                signed = fz * (2 * self.flipped)
            else:
                signed = z * (2 * self.same)
            if dz is None:
                dz = signed
            else:
                dz = dz * self.same + np.flip(dz, k) * self.flipped + signed
            z = z * self.same + fz * self.flipped
        assert dz is not None
        return _dot(y, dz.reshape(-1))

    def column_energy(self) -> np.ndarray:
        """e(sigma) - max e: the exponent of the diagonal D (float64 or mpf array)."""
        return self._energy

    # -- the leading eigenpair ------------------------------------------------------------
    def _project(self, x: np.ndarray) -> np.ndarray:
        return (x + x[::-1]) / 2 if self.flip_symmetric else x

    def _apply_float(self, x: np.ndarray) -> np.ndarray:
        return self._project(self._float().apply(x))

    def _float(self) -> ColumnTransfer:
        if self.digits is None:
            return self
        if not hasattr(self, "_float_twin"):
            self._float_twin = ColumnTransfer(self.w, self.K, self.H, None, self.around)
        return self._float_twin

    def leading(self) -> LeadingPair:
        """The leading eigenpair: float64 (``digits`` None) or refined in mpmath.

        Raises
        ------
        ConvergenceError
            If Lanczos does not converge, or the gap is too small for the float64
            Newton solves to gain digits (a near-degenerate spectrum: a tiny field in
            the ordered phase).
        """
        theta, phi, gap, residual = _lanczos(self._apply_float, np.ones(2**self.w))
        if self.digits is None:
            error = residual / gap + 1e-16
            if error > FLOAT64_VECTOR_ERROR:
                raise ConvergenceError(
                    f"the float64 ring eigenvector is uncertain to {error:.2g} (the leading "
                    f"eigenvalue is separated from the next by {gap / theta:.2g} of itself); "
                    "use digits= (mpmath)"
                )
            return LeadingPair(theta, phi, math.log(theta) + float(self.shift), gap, error)
        return self._refine(theta, phi, gap)

    def _refine(self, theta: float, phi64: np.ndarray, gap: float) -> LeadingPair:
        kappa = theta / gap
        if kappa * 1e-16 > 1e-3:
            raise ConvergenceError(
                f"the leading eigenvalue of the ring transfer matrix is separated from the next "
                f"by {gap / theta:.2g} of itself: float64 Newton corrections cannot refine it"
            )
        assert self.digits is not None
        target = mpmath.mpf(10) ** -(self.digits + 5) * gap
        phi = np.array([mpmath.mpf(float(x)) for x in phi64], dtype=object)
        phi = phi / mpmath.sqrt(_dot(phi, phi))
        previous = None
        for _ in range(_NEWTON_STEPS):
            t_phi = self._project(self.apply(phi))
            rho = _dot(phi, t_phi)
            r = t_phi - phi * rho
            norm = mpmath.sqrt(_dot(r, r))
            if norm <= target:
                error = float(norm) / gap
                log_value = (
                    mpmath.log(rho) + mpmath.mpf(self.shift.numerator) / self.shift.denominator
                )
                return LeadingPair(rho, phi, log_value, gap, error)
            if previous is not None and norm > previous / 2:
                break
            previous = norm
            r64 = np.array([float(x / norm) for x in r])
            delta = _correction(self._apply_float, float(rho), phi64, r64)
            phi = phi + np.array([mpmath.mpf(float(x)) for x in delta], dtype=object) * norm
            phi = phi / mpmath.sqrt(_dot(phi, phi))
            phi64 = np.array([float(x) for x in phi])
        raise ConvergenceError(
            f"Newton refinement of the ring eigenvector stalled at residual "
            f"{mpmath.nstr(norm, 3)} (target {mpmath.nstr(target, 3)}); "
            f"gap/lambda = {gap / theta:.2g}"
        )


def _number(value: Fraction, digits: int | None) -> Any:
    if digits is None:
        return float(value)
    return mpmath.mpf(value.numerator) / value.denominator


def _exp(value: Fraction, digits: int | None) -> Any:
    if digits is None:
        return math.exp(float(value))
    return mpmath.exp(_number(value, digits))


def _dot(x: np.ndarray, y: np.ndarray) -> Any:
    """The dot product: mpmath's fsum, or numpy's einsum.

    No threaded BLAS: on a shared, loaded machine OpenBLAS's level-1 calls run a thousand
    times slower than einsum.
    """
    if x.dtype == object:
        return mpmath.fsum(x * y)
    return float(np.einsum("i,i", x, y))


def _norm(x: np.ndarray) -> float:
    return math.sqrt(_dot(x, x))


def _lanczos(apply: Any, start: np.ndarray) -> tuple[float, np.ndarray, float, float]:
    """(theta_1, phi, gap estimate theta_1 - theta_2, residual |T phi - theta phi|).

    Lanczos with full reorthogonalisation, restarted from the Ritz vector; a breakdown
    (an invariant Krylov space: the symmetric sector of a small ring) gives exact Ritz pairs.
    """
    n = start.size
    steps = min(_LANCZOS_STEPS, n)
    v = start / _norm(start)
    gap = math.inf
    residual = math.inf
    for _ in range(_LANCZOS_RESTARTS):
        basis = np.empty((steps + 1, n))
        basis[0] = v
        alpha: list[float] = []
        beta: list[float] = []
        size = steps
        broke_down = False
        for j in range(steps):
            x = apply(basis[j])
            a = _dot(basis[j], x)
            for _pass in range(2):
                x -= np.einsum("ij,i->j", basis[: j + 1], np.einsum("ij,j->i", basis[: j + 1], x))
            alpha.append(a)
            b = _norm(x)
            if b <= 1e-13 * max(abs(a), 1e-300):
                size, broke_down = j + 1, True  # an invariant Krylov space: exact Ritz pairs
                break
            beta.append(b)
            basis[j + 1] = x / b
            if j % 8 == 7 and _ritz_residual(alpha, beta) <= FLOAT64_TOLERANCE / 10:
                size = j + 1  # the Ritz pair has converged: |b_j s_j| estimates the residual
                break
        tri = np.diag(alpha) + np.diag(beta[: size - 1], 1) + np.diag(beta[: size - 1], -1)
        values, vectors = np.linalg.eigh(tri)
        theta = float(values[-1])
        phi = np.einsum("ij,i->j", basis[:size], vectors[:, -1])
        phi /= _norm(phi)
        if phi.sum() < 0:
            phi = -phi
        r = apply(phi) - theta * phi
        residual = _norm(r)
        if size > 1:
            gap = theta - float(values[-2])
        if residual <= FLOAT64_TOLERANCE * theta or (broke_down and residual < 1e-8 * theta):
            gap = min(gap, theta) if size > 1 else theta
            return theta, phi, gap, residual
        v = phi
    raise ConvergenceError(
        f"Lanczos did not converge on the ring transfer matrix of {n} states: residual "
        f"{residual:.2g} after {_LANCZOS_RESTARTS} restarts (a near-degenerate spectrum)"
    )


def _ritz_residual(alpha: list[float], beta: list[float]) -> float:
    """|beta_j s_j| / theta: Paige's residual estimate of the top Ritz pair after j steps."""
    size = len(alpha)
    tri = np.diag(alpha) + np.diag(beta[: size - 1], 1) + np.diag(beta[: size - 1], -1)
    values, vectors = np.linalg.eigh(tri)
    return abs(beta[size - 1] * vectors[-1, -1]) / max(abs(float(values[-1])), 1e-300)


def _correction(apply: Any, rho: float, phi: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Solve (rho - T) delta = r for delta orthogonal to phi, by conjugate gradients (float64)."""

    def operator(x: np.ndarray) -> np.ndarray:
        x = x - _dot(phi, x) * phi
        y = rho * x - apply(x)
        return y - _dot(phi, y) * phi

    b = r - _dot(phi, r) * phi
    x = np.zeros_like(b)
    res = b.copy()
    p = res.copy()
    rr = _dot(res, res)
    stop = (_CG_TOLERANCE * _norm(b)) ** 2
    for _ in range(10 * phi.size + 100):
        if rr <= stop:
            break
        ap = operator(p)
        step = rr / _dot(p, ap)
        x += step * p
        res -= step * ap
        rr_new = _dot(res, res)
        p = res + (rr_new / rr) * p
        rr = rr_new
    return x - _dot(phi, x) * phi
