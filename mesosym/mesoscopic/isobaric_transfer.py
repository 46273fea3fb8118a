"""The isobaric transfer operator of the Kac gas and its leading eigenpairs at stated precision.

Hard rods of length delta on a line with the pair tail ``-alpha gamma exp(-gamma r)``.
Kac's trick: ``exp(-gamma |x - y|)`` is the covariance of the stationary
Ornstein-Uhlenbeck (OU) process xi(x) (mean 0, variance 1), so with
``c^2 = beta alpha gamma``

    exp(beta alpha gamma sum_{i<j} e^{-gamma |x_i - x_j|})
        = e^{-N c^2/2} E[exp(c sum_i xi(x_i))].

The OU process is Markov; ordering the rods and taking the Laplace transform in
the length at ``s = beta p`` (the isobaric ensemble) makes every gap r >= delta
contribute ``int_delta^oo e^{-s r} P_r dr``, with P_r the OU semigroup.  Mehler:
P_r = sum_n e^{-n gamma r} |psi_n><psi_n| in the Hermite functions psi_n of the
OU process (orthonormal in L^2 of the standard Gaussian), so the gap operator
is diagonal, ``G = diag(g_n)``, ``g_n(s) = e^{-(s + n gamma) delta}/(s + n gamma)``.
Multiplication by ``e^{c u}`` is ``e^{c^2/2} e^{c a^dag} e^{c a}`` (ladder
operators, u = a + a^dag), and ``e^{c a}`` is upper triangular:
``A_{mn} = c^{n-m} sqrt(n!/m!)/(n-m)!`` for n >= m.  With the factor
``e^{-c^2/2}`` per rod the symmetric transfer operator is

    T(s) = G^{1/2} A^T A G^{1/2} = B^T B,   B = A G^{1/2},

and a truncation to the first n Hermite functions is exactly ``B_n^T B_n``
(A maps the first n functions into themselves), a Rayleigh-Ritz
approximation: its largest eigenvalue increases with n to lambda(s).  The
isobaric partition function is ~ lambda(s)^N, so the Gibbs free energy per
rod is ``beta mu = -ln lambda(s)``, and the specific volume follows from the
eigenvector by Hellmann-Feynman (``d g_n/ds = -(delta + 1/(s + n gamma)) g_n``):

    v(s) = -d ln lambda/ds = delta + sum_n phi_n^2/(s + n gamma)   (|phi| = 1).

Numerics: float64 ``eigh`` of ``T_n`` (n grown until the eigenvector's tail is
below 1e-16 of its largest entry), then, at ``digits``, the eigenvector is
refined in python-flint ``arb`` arithmetic by residual correction (the
residual in arb at ``digits`` + guard, the correction from the float64
eigendecomposition), and the basis is enlarged until the residual of the
refined vector against a larger truncation (which measures the truncation
error) is below the target.  Eigenvalue error <= |r|^2/gap, eigenvector (and
v) error <= |r|/gap with gap the distance to the next eigenvalue (Kato-Temple;
gap from the Ritz values).

Cost: the basis size grows as 1/gamma (the eigenvector is a displaced
Gaussian in u, displaced by ~ rho sqrt(beta alpha/gamma), so its Hermite
components peak near n ~ beta alpha rho^2/gamma); measured n(1e-16) ~ 60 +
1.8 beta alpha rho^2/gamma.  float64 eigh costs ~ n^3, each arb residual ~ n^2.

Examples
--------
Without attraction T = G is diagonal: lambda = e^{-s delta}/s (Tonks), v = delta + 1/s.

>>> op = KacTransfer(hard_core=1, coupling=0, range=0.1)
>>> pt = op.point(2.0, digits=20)
>>> print(mpmath.nstr(pt.log_eigenvalue, 15), mpmath.nstr(pt.volume, 15))
-2.69314718055995 1.5
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np

from ..budget import require
from ..errors import ConvergenceError

__all__ = ["KacTransfer", "TransferPoint", "MAX_BASIS", "basis_seconds", "one_blas_thread"]

#: The largest Hermite basis (float64 eigh of n x n, then arb residuals of n^2 work).
MAX_BASIS = 4000
#: float64 relative tolerance of the tail of the eigenvector that fixes the float basis
_FLOAT_TAIL = 1e-17
#: extra columns of the larger truncation that measures the truncation residual
_EXTRA = 24


@functools.cache
def _blas_controller() -> Any:
    try:
        import threadpoolctl
    except ImportError:  # pragma: no cover - an optional speed-up
        return None
    return threadpoolctl.ThreadpoolController()


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run LAPACK on one thread (threadpoolctl, when installed).

    The matrices here are small (n <= a few thousand), and OpenBLAS threads on a
    loaded machine make eigh 10-30x slower (measured 5.7 s against 0.18 s for
    n = 300 on 2 busy cores).
    """
    controller = _blas_controller()
    if controller is None:  # pragma: no cover
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


def basis_seconds(n: int, digits: int | None) -> float:
    """Estimated CPU seconds of one eigen-solve in a basis of n Hermite functions.

    float64 eigh and the matrix product on one thread ~ 1e-9 n^3 s (measured 4e-10 n^3
    at n = 400-1600, December 2026); the arb stage ~ 4e-6 n^2 max(1, digits/30) s
    (operator and about eight residuals).

    >>> basis_seconds(200, None) < 0.1
    True
    """
    n = max(0, min(n, 10**100))  # beyond, the estimate is all that matters: far over any limit
    seconds = 1e-9 * n**3 + 2e-3
    if digits is not None:
        seconds += 4e-6 * n**2 * max(1.0, max(0, min(digits, 10**100)) / 30)
    return seconds


@dataclass(frozen=True)
class TransferPoint:
    """One eigenpair at one s: ln lambda, v = -d ln lambda/ds, and its error estimate."""

    s: Any
    log_eigenvalue: Any
    volume: Any
    basis: int
    error: float


class KacTransfer:
    """The symmetric isobaric transfer operator T(s) of the Kac gas in the Hermite basis.

    Parameters
    ----------
    hard_core : float
        delta > 0.
    coupling : float
        ``c^2 = beta alpha gamma >= 0``.
    range : float
        gamma > 0, the inverse range of the tail.
    cell : float, optional
        The mesoscopic reading: rods confined to spatial cells of width w, a gap of k
        cells allowed from ``min_offset`` on; then
        ``g_n(s) = w e^{-(s + n gamma) k_min w}/(1 - e^{-(s + n gamma) w})`` (the gap sum
        over cell offsets) and ``coupling`` must already carry the cell average of the
        tail (c^2 sigma^2).
    min_offset : int, optional
        k_min, with ``cell``.
    """

    def __init__(
        self,
        hard_core: Any,
        coupling: Any,
        range: Any,  # noqa: A002
        cell: Any = None,
        min_offset: int = 1,
    ) -> None:
        self.delta = mpmath.mpf(hard_core)
        self.c2 = mpmath.mpf(coupling)
        self.gamma = mpmath.mpf(range)
        self.cell = None if cell is None else mpmath.mpf(cell)
        self.min_offset = int(min_offset)
        self._wf = None if cell is None else float(cell)
        self._df, self._c2f, self._gf = float(hard_core), float(coupling), float(range)
        self._hint = 0  # the last float basis size (nearby s need about the same)
        self._cache: dict[tuple[float, int], tuple[np.ndarray, np.ndarray]] = {}
        self._log_a_cache: dict[int, np.ndarray] = {}

    # -- float64 --------------------------------------------------------------
    def _log_a(self, n: int) -> np.ndarray:
        """Log A_{ij}, i, j < n (-inf below the diagonal); cached, it does not depend on s."""
        if n in self._log_a_cache:
            return self._log_a_cache[n]
        lf = np.array([math.lgamma(i + 1.0) for i in range(n)])
        i = np.arange(n)[:, None]
        j = np.arange(n)[None, :]
        k = j - i
        kk = np.maximum(k, 0)
        if self._c2f > 0:
            out = 0.5 * kk * math.log(self._c2f) + 0.5 * (lf[j] - lf[i]) - lf[kk]
        else:
            out = np.where(k == 0, 0.0, -np.inf)
        out = np.where(k >= 0, out, -np.inf)
        self._log_a_cache = {n: out}
        return out

    def _log_g(self, s: float, n: int) -> np.ndarray:
        x = s + np.arange(n) * self._gf
        if self._wf is not None:
            w = self._wf
            return math.log(w) - x * self.min_offset * w - np.log(-np.expm1(-x * w))
        return -x * self._df - np.log(x)

    def _dlog_g(self, s: float, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(-d ln g_n/ds, d/ds of it) in float64."""
        x = s + np.arange(n) * self._gf
        if self._wf is not None:
            w = self._wf
            e = np.expm1(x * w)
            return self.min_offset * w + w / e, -(w**2) * (e + 1) / e**2
        return self._df + 1.0 / x, -1.0 / x**2

    def tonks_pressure(self, density: float) -> float:
        """Beta p of the same rods without attraction at ``density`` (an upper bound)."""
        if self._wf is not None:
            w = self._wf
            return math.log1p(w / (1 / density - self.min_offset * w)) / w
        return density / (1 - density * self._df)

    def _matrix(self, s: float, n: int) -> np.ndarray:
        logb = self._log_a(n) + 0.5 * self._log_g(s, n)[None, :]
        b = np.exp(logb)
        with one_blas_thread():
            return b.T @ b

    def basis_estimate(self, s: float) -> int:
        """The float64 basis expected at s: 40 + 2 beta alpha rho^2/gamma.

        rho is the densest mean-field (van der Waals) density at beta p = s, an
        overestimate of the exact density.
        """
        d, ba = self._df, self._c2f / self._gf
        rho = np.linspace(0, 1 / d, 402)[1:-1]
        below = rho[rho / (1 - rho * d) - ba * rho * rho <= s]
        hi = float(below.max()) + 1 / (400 * d) if below.size else 1 / (400 * d)
        return int(40 + 2.0 * ba * hi * hi / self._gf)

    def float_eigen(self, s: float, n: int) -> tuple[np.ndarray, np.ndarray]:
        """All eigenpairs of T_n(s) in float64 (ascending), eigenvectors as columns."""
        if (s, n) in self._cache:
            return self._cache[(s, n)]
        with one_blas_thread():
            w, v = np.linalg.eigh(self._matrix(s, n))
        top = v[:, -1]
        if top[np.argmax(np.abs(top))] < 0:
            v[:, -1] = -top
        if len(self._cache) > 8:
            self._cache.clear()
        self._cache[(s, n)] = (w, v)
        return w, v

    def float_basis(self, s: float, n: int | None = None) -> tuple[int, np.ndarray, np.ndarray]:
        """The float64 basis size at which the top eigenvector's tail is below 1e-17."""
        n = n or self._hint or self.basis_estimate(s)
        if self._c2f == 0:
            return 8, *self.float_eigen(s, 8)
        while True:
            require(
                f"the Kac transfer operator in {n} Hermite functions",
                seconds=basis_seconds(n, None),
                memory=16.0 * n * n,
                change="range (larger), beta or strength (smaller)",
            )
            if n > MAX_BASIS:
                raise ConvergenceError(
                    f"the Kac eigenvector needs more than {MAX_BASIS} Hermite functions"
                )
            w, v = self.float_eigen(s, n)
            top = np.abs(v[:, -1])
            tail = top[-max(4, n // 8) :].max()
            if tail <= _FLOAT_TAIL * top.max():
                self._hint = n
                return n, w, v
            n = int(n * 1.5) + 8

    def float_state(self, s: float, n: int | None = None) -> tuple[float, float, float, int]:
        """``(ln lambda, v, dv/ds, n)`` in float64 (second-order perturbation for dv/ds)."""
        n, w, vec = self.float_basis(s, n)
        lam, phi = w[-1], vec[:, -1]
        d, dprime = self._dlog_g(s, n)  # -d ln g_n/ds and its s-derivative
        v = float(phi @ (d * phi))
        # T' = -(D T + T D)/2; T'' = -(D' T + D T' + T' D + T D')/2, D' = -1/x^2
        t = self._matrix(s, n)
        dphi = d * phi
        lam1 = -lam * v
        # <phi|T''|phi> = -(<D'T> + <DT'> + <T'D> + <TD'>)/2 with T' phi etc.
        tp_phi = -(d * (t @ phi) + t @ dphi) / 2
        tpp = -(2 * lam * (phi @ (dprime * phi)) + 2 * (dphi @ tp_phi)) / 2
        couplings = vec[:, :-1].T @ tp_phi
        lam2 = tpp + 2 * np.sum(couplings**2 / (lam - w[:-1]))
        dlog2 = lam2 / lam - (lam1 / lam) ** 2
        return float(math.log(lam)), v, float(-dlog2), n

    def float_second(self, s: float) -> float:
        """ln(lambda_1/lambda_2) at s in float64."""
        n, w, _ = self.float_basis(s)
        return float(math.log(w[-1] / w[-2])) if n > 1 else math.inf

    # -- arb refinement -----------------------------------------------------------
    def _tail_basis(self, s: float, digits: int) -> int:
        """A basis expected to hold the eigenvector to 10^-(digits + 5), from its float tail.

        At least the float basis (whose eigendecomposition is then reused).
        """
        n, w, v = self.float_basis(s)
        if self._c2f == 0:
            return n
        top = np.abs(v[:, -1]) / np.abs(v[:, -1]).max()
        logs = np.log10(np.maximum(top, 1e-300))
        i8 = int(np.nonzero(logs > -8)[0].max())
        i15 = int(np.nonzero(logs > -15)[0].max())
        slope = max((15 - 8) / max(i15 - i8, 1), 1e-3)  # decades per index, conservative
        return max(n, int(i15 + (digits + 8 - 15) / slope) + 8)

    def point(self, s: Any, digits: int, index: int = 0) -> TransferPoint:
        """Ln lambda and v at s to ``digits`` (``index`` 0: the largest eigenvalue, 1: next).

        For index 1 the volume is -d ln lambda_2/ds.
        """
        import flint

        sf = float(s)
        n = self._tail_basis(sf, digits)
        prec = int((digits + 12) * 3.33) + 30
        target = mpmath.mpf(10) ** (-(digits + 4))
        guess: list[Any] | None = None
        for _ in range(12):
            require(
                f"the Kac transfer operator in {n} Hermite functions at {digits} digits",
                seconds=basis_seconds(n, digits),
                memory=16.0 * n * n,
                change="range (larger), beta or strength (smaller), or digits",
            )
            w, vec = self.float_eigen(sf, n)
            k = n - 1 - index
            with flint.ctx.workprec(prec):
                ops = _ArbOperator(self, s, n + _EXTRA)
                if guess is None:
                    phi = [flint.arb(float(x)) for x in vec[:, k]]
                else:
                    phi = guess + [flint.arb(0)] * (n - len(guess))
                gap_f = (
                    min(abs(w[k] - w[j]) for j in (k - 1, k + 1) if 0 <= j < n)
                    if n > 1
                    else abs(w[k])
                )
                for _ in range(40):
                    norm = _dot(phi, phi).sqrt()
                    phi = [x / norm for x in phi]
                    tphi = ops.apply(phi)
                    lam = _dot(phi, tphi[:n])
                    r_in = [tphi[i] - lam * phi[i] for i in range(n)]
                    r_out = tphi[n:]
                    e_in, e_out = _norm(r_in), _norm(r_out)
                    lamf = float(lam.mid())
                    if e_in <= float(target) * gap_f * 0.1 or n == 1:
                        break
                    rf = np.array([float(x.mid()) for x in r_in])
                    others = np.arange(n) != k
                    coef = (vec[:, others].T @ rf) / (w[others] - lamf)
                    delta = vec[:, others] @ coef
                    phi = [phi[i] - flint.arb(float(delta[i])) for i in range(n)]
                else:
                    raise ConvergenceError(
                        f"the Kac eigenvector refinement did not converge at s = {sf}"
                    )
                error = (e_in + e_out) / gap_f
                if error <= float(target) or n == 1:
                    vol = _dot([p * p for p in phi], ops.dlog[:n])
                    out_lam = _to_mpf(lam.log())
                    out_v = _to_mpf(vol)
                    return TransferPoint(s, out_lam, out_v, n, error)
                guess = phi
            n = int(n * 1.3) + 10
        raise ConvergenceError(f"the Kac basis did not converge at s = {sf}")  # pragma: no cover


def _dot(a: list[Any], b: list[Any]) -> Any:
    import flint

    return sum((x * y for x, y in zip(a, b, strict=True)), flint.arb(0))


def _norm(a: list[Any]) -> float:
    """An upper bound on the 2-norm of an arb vector (float)."""
    return math.sqrt(math.fsum(float(x.abs_upper()) ** 2 for x in a))


def _to_arb(x: Any) -> Any:
    import flint

    man, exp = mpmath.mpf(x).man_exp
    return flint.arb(flint.fmpz(int(man))) * flint.arb(2) ** int(exp)


def _to_mpf(x: Any) -> mpmath.mpf:
    man, exp = x.mid().man_exp()
    return mpmath.mpf((int(man), int(exp))) if man != 0 else mpmath.mpf(0)


class _ArbOperator:
    """T_N(s) applied to vectors in arb: B = diag(1/p) U diag(p sqrt g), U_{ij} = 1/(j-i)!."""

    def __init__(self, op: KacTransfer, s: Any, size: int) -> None:
        import flint

        arb = flint.arb
        self.size = size
        delta, gamma, c2 = _to_arb(op.delta), _to_arb(op.gamma), _to_arb(op.c2)
        s = _to_arb(s)
        self.delta = delta
        self.shifts = [s + j * gamma for j in range(size)]
        c = c2.sqrt()
        p = [arb(1)]
        for j in range(1, size):
            p.append(p[-1] * c * arb(j).sqrt())
        inv_fact = [arb(1)]
        for j in range(1, size):
            inv_fact.append(inv_fact[-1] / j)
        zero = arb(0)
        if c2 == 0:
            inv_fact = [arb(1)] + [zero] * (size - 1)
            p = [arb(1)] * size
        self.u = flint.arb_mat(
            [[inv_fact[j - i] if j >= i else zero for j in range(size)] for i in range(size)]
        )
        self.ut = self.u.transpose()
        if op.cell is None:
            sqrt_g = [(-(x * delta) / 2).exp() / x.sqrt() for x in self.shifts]
            self.dlog = [delta + 1 / x for x in self.shifts]
        else:
            w, k = _to_arb(op.cell), op.min_offset
            sqrt_g = [
                (w * (-(x * k * w)).exp() / (1 - (-(x * w)).exp())).sqrt() for x in self.shifts
            ]
            self.dlog = [k * w + w / ((x * w).exp() - 1) for x in self.shifts]
        self.right = [p[j] * sqrt_g[j] for j in range(size)]
        self.inv_p = [1 / x for x in p]

    def apply(self, phi: list[Any]) -> list[Any]:
        """T_N phi for phi zero-padded to N."""
        import flint

        x = [self.right[j] * phi[j] for j in range(len(phi))]
        x += [flint.arb(0)] * (self.size - len(phi))
        y = self.u * flint.arb_mat([[e] for e in x])
        y2 = [y[i, 0] * self.inv_p[i] * self.inv_p[i] for i in range(self.size)]
        z = self.ut * flint.arb_mat([[e] for e in y2])
        return [z[i, 0] * self.right[i] for i in range(self.size)]
