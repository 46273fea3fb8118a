r"""The canonical lattice chain by transfer matrices with a fugacity.

Weighting every occupied site by a fugacity z turns the transfer matrices of
:mod:`mesosym.mesoscopic.cells` into matrices of polynomials in z, and every
canonical sum (over the configurations with N particles) into the coefficient
of z^N of a product of them:

* Z_N = [z^N] tr (D(z) B)^sites (ring) or [z^N] 1^T (D(z) B)^(sites-1) D(z) 1
  (open chain), with B[a][b] = exp(-beta bond(a, b)) and
  D(z)[a] = exp(-beta site(a)) z^occupation(a);
* a cell i with first and last sites f, l has the generating polynomial
  U_i[x_f][x_l](z) = [(D(z) B)^(L_i-1) D(z)][x_f][x_l] and the environment
  Env_i[x_f][x_l](z) (everything outside it: prefix and suffix vectors of the
  open chain, the propagator B (D(z) B)^(sites-L_i) around the ring).  The
  canonical Gibbs state of the chain is Markov given the cell's boundary states
  *and* its particle number n: p(x_f, x_l, n) = U_i[n] Env_i[N - n] / Z_N
  (coefficients), so the formulas of the transfer route of :mod:`.cells` hold
  with Env_i[x_f][x_l][N - n] in place of Env_i[x_f][x_l]:
  D(p_i || q_i) = <ln Env_i> - ln Z_N + ln Z_i (q_i the isolated cell, grand
  canonical as in the enumeration route) and
  TC = (K - 1) ln Z_N - beta<W> - sum_i <ln Env_i>.  beta<W> needs the law of
  the two sites of each cut bond: [z^N] A_i[a] B[a][b] C_(i+1)[b] with the
  prefix and suffix vectors A, C (open), or, on a ring, K times that of the
  bond (sites - 1, 0) (translation invariance).

The configuration mutual information of two cells a, b is that of the
statistics sigma = (x_f, x_l, n) of each (the weight of a pair of cell
configurations is U_a U_b E with E[alpha][beta](z) the weight of everything
outside both, alpha = (x_f, x_l) of a, beta of b); with
F_alpha = sum_beta U_b[beta] E[alpha][beta] and G_beta = sum_alpha U_a[alpha] E[alpha][beta]
(matrix products: G1 U_b G2 on a ring, G1 the propagator from a to b and G2 back),

    I = sum P(alpha, beta, m) ln E[alpha][beta][N-m]
        - sum p_a(alpha, n) ln F_alpha[N-n] - sum p_b(beta, n) ln G_beta[N-n] + ln Z_N,

(the ln U terms cancel), so it needs polynomial products only, no table of
pairs.  The occupation information I(n_a : n_b) needs the table
P(n_a, n_b) = sum U_a[alpha][n_a] U_b[beta][n_b] E[alpha][beta][N-n_a-n_b]/Z_N
(entries below 10^-(digits+12) of the marginals dropped), summed in ball
arithmetic up to :data:`BALL_TABLE_LIMIT` pairs and in float64 beyond
(logarithms tilted by a common slope, absolute error below 1e-12).

Arithmetic: python-flint ``arb_poly`` truncated at degree N, the weights
exp(-beta E) taken from the model's exact (rational) energies, so every
coefficient is a ball with a rigorous radius.  Each result is recomputed at a
doubled precision until its radius is below 10^-(digits + 2) (absolute for the
information measures and beta<W>, relative for ln Z).  A coefficient ball
that is not provably positive (a structural zero known only to the working
precision) is not taken as a term but widens the radius, so it forces the
doubling.  Only the coefficients z^(N - L) .. z^N of an environment are ever
read; for short windows they are summed directly instead of multiplying.  An
arb product of two polynomials of degree d costs about 1e-8 d^2 s (the
coefficients span about 2^d): ln Z_N of 15 000 sites takes about 2 s, the
whole cell table of 10^4 sites in two cells about 1.5 s; beyond an estimate of
:data:`CANONICAL_BUDGET` seconds the work is refused.

Examples
--------
Zero coupling: Z_N = C(sites, N) exp(beta mu N).

>>> import math, mpmath
>>> from mesosym.mesoscopic import LatticeGas
>>> z = log_canonical_partition_function(LatticeGas(10, 0, 1, particles=4))
>>> mpmath.nstr(z, 15), mpmath.nstr(mpmath.log(210) + 4, 15)
('9.34710753071747', '9.34710753071747')
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import mpmath

from ..budget import CANONICAL_SECONDS, require, short
from ..errors import DomainError
from ..progress import progress
from ..significant import significant
from ..validation import as_int, check_count
from .arithmetic import FugacityPolynomials, arb_to_mpf, certified, mpf_to_arb
from .arithmetic import arb_exact as _arb_exact
from .information import (
    relative_entropy_from_environment,
    table_mutual_information,
    total_correlation_from_environments,
)
from .protocol import check_lattice_model

if TYPE_CHECKING:  # pragma: no cover
    from .protocol import LatticeModel

__all__ = [
    "CanonicalTransfer",
    "log_canonical_partition_function",
    "CANONICAL_BUDGET",
    "BALL_TABLE_LIMIT",
    "estimated_seconds",
    "estimated_bytes",
    "check_budget",
    "arb_to_mpf",
    "mpf_to_arb",
]

#: the longest estimated run (seconds) of the fugacity-polynomial route
CANONICAL_BUDGET = CANONICAL_SECONDS
#: largest occupation table (pairs) summed in ball arithmetic; beyond, float64
BALL_TABLE_LIMIT = 4_000

Poly = Any
Mat = list[list[Any]]


def estimated_seconds(sites: int, particles: int, cells: int | None = None) -> float:
    """Rough CPU time (s) of ln Z_N alone (``cells=None``) or of a whole cell table.

    With d = min(sites, particles) + 1: an arb product of polynomials of
    degree d costs about 1e-8 d^2 s (their coefficients span about 2^d), the
    power (D(z) B)^sites about 4e-8 d^2 s.  A table of K cells (every cell's
    environments, pairs and coefficient sums, then the information terms) costs
    ``1.1e-4 K d + 9e-9 K d^2 + 1e-5 d^2`` s, fitted to the lattice gas on a
    2-core machine (December 2026; sites/cells/particles = 300/30/100: 0.37 s,
    1000/1000/333: 16.5 s, 2000/1000/667: 39.1 s, 6000/20/2000: 19.1 s,
    3000/3000/1000: 255 s) and above every measured time by 1.0 - 2.5x; below 10
    cells the d^2 term scales with K/10 (9600/2/3200: 2.9 s, estimated 21 s).

    >>> estimated_seconds(100, 50) < 0.01
    True
    >>> 200 < estimated_seconds(3000, 1000, 3000) < 3 * 255
    True
    """
    d = min(sites, particles) + 1
    if cells is None:
        return 4e-8 * d * d + 1e-3
    # the d^2 term is fitted at 10-30 cells; with fewer it shrinks (9600/2/3200: 2.9 s)
    return 1.1e-4 * cells * d + 9e-9 * cells * d * d + 1e-5 * d * d * min(1.0, cells / 10)


def estimated_bytes(sites: int, particles: int, cells: int | None = None) -> float:
    """Rough peak memory (bytes, with the ~50 MB of the interpreter and imports).

    With d = min(sites, particles) + 1, a table of K cells keeps about 2 KB per
    cell and polynomial degree (arb coefficients of every cell's environments)
    plus 8 d^2 bytes: fitted to the same runs as :func:`estimated_seconds`
    (1000/1000/333: 628 MB, 2000/1000/667: 1.2 GB, 3000/3000/1000: 5 GB) and
    above each by 1.0 - 1.2x.  ``cells=None`` (ln Z_N alone): a few polynomials of
    degree d whose coefficients span about 2^d, d^2 bytes.

    >>> 4 * 2**30 < estimated_bytes(3000, 1000, 3000) < 8 * 2**30
    True
    """
    d = min(sites, particles) + 1
    if cells is None:
        return 50e6 + 1.0 * d * d
    return 50e6 + 2e3 * cells * d + 8.0 * d * d


def _flint() -> Any:
    import flint

    return flint


def _coeff(p: Poly, k: int) -> Any:
    """The coefficient of z^k of ``p`` (0 outside its range)."""
    flint = _flint()
    if 0 <= k < p.length():
        return p.coeffs()[k]
    return flint.arb(0)


def _padded(p: Poly, length: int) -> list[Any]:
    """The coefficients of z^0 .. z^(length-1) of ``p`` (zeros beyond its degree)."""
    flint = _flint()
    cs = p.coeffs()[:length]
    return cs + [flint.arb(0)] * (length - len(cs))


def _window(p: Poly, q: Poly, lo: int, hi: int) -> list[Any]:
    """Coefficients lo..hi of p q: direct sums when the window is short, else the product.

    A Python-level ball multiply-add costs about 5e-7 s, an arb product of
    length d about 1e-8 d^2 s.
    """
    flint = _flint()
    a, b = p.coeffs(), q.coeffs()
    if not a or not b or hi < lo:
        return [flint.arb(0)] * max(hi - lo + 1, 0)
    d = max(len(a), len(b))
    if (hi - lo + 1) * min(len(a), len(b)) * 50 >= d * d:
        return _padded(p * q, hi + 1)[lo:]
    out = []
    for m in range(lo, hi + 1):
        t = flint.arb(0)
        for k in range(max(0, m - len(b) + 1), min(m, len(a) - 1) + 1):
            t += a[k] * b[m - k]
        out.append(t)
    return out


def _positive(x: Any) -> bool:
    return bool(x > 0)


class _Arith(FugacityPolynomials):
    """Truncated polynomial matrices at one flint precision (call inside ``workprec``)."""

    def __init__(self, model: LatticeModel, particles: int) -> None:
        super().__init__(particles)
        beta, bond, site = model._energies()
        s = len(model.states)
        self.s = s
        self.occ = [model.occupation(a) for a in model.states]
        self.be = [
            [_arb_exact(Fraction(beta) * Fraction(bond[a][b])) for b in range(s)] for a in range(s)
        ]
        self.B = [[(-x).exp() for x in row] for row in self.be]
        self.D = [(-_arb_exact(Fraction(beta) * Fraction(e))).exp() for e in site]
        self.Dz = [self.mono(self.D[a], self.occ[a]) for a in range(s)]
        self.DB = [[self.Dz[a] * self.B[a][b] for b in range(s)] for a in range(s)]
        self._powers: dict[int, Mat] = {}

    def mul_top(self, p: Poly, q: Poly, lo: int) -> Poly:
        """P q with only the coefficients of z^lo .. z^N computed (those below set to 0).

        The canonical formulas read a cell's environment at z^(N - n), n <= L:
        for small cells a short window of direct sums replaces the product.
        """
        if lo <= 0:
            return self.mul(p, q)
        flint = _flint()
        return flint.arb_poly([0] * lo + _window(p, q, lo, self.N))

    def matmul(self, X: Mat, Y: Mat) -> Mat:
        s = self.s
        return [
            [
                sum((self.mul(X[a][k], Y[k][b]) for k in range(1, s)), self.mul(X[a][0], Y[0][b]))
                for b in range(s)
            ]
            for a in range(s)
        ]

    def vecmat(self, v: list[Poly], X: Mat) -> list[Poly]:
        s = self.s
        return [
            sum((self.mul(v[k], X[k][b]) for k in range(1, s)), self.mul(v[0], X[0][b]))
            for b in range(s)
        ]

    def matvec(self, X: Mat, v: list[Poly]) -> list[Poly]:
        s = self.s
        return [
            sum((self.mul(X[a][k], v[k]) for k in range(1, s)), self.mul(X[a][0], v[0]))
            for a in range(s)
        ]

    def identity(self) -> Mat:
        return [[self.one if a == b else self.zero for b in range(self.s)] for a in range(self.s)]

    def square(self, X: Mat) -> Mat:
        """X X; for 2 x 2 in five products: [[a^2 + bc, b(a + d)], [c(a + d), d^2 + bc]]."""
        if self.s != 2:
            return self.matmul(X, X)
        (a, b), (c, d) = X
        bc, t = self.mul(b, c), a + d
        return [[self.mul(a, a) + bc, self.mul(b, t)], [self.mul(c, t), self.mul(d, d) + bc]]

    def power(self, k: int) -> Mat:
        """(D(z) B)^k truncated at z^N, as (X^(k//2))^2 X^(k%2) (cached).

        Left to right: each step one squaring (five products of long polynomials)
        and at most one product by D(z) B, whose entries have degree <= 1.
        """
        if k in self._powers:
            return self._powers[k]
        if k == 0:
            out = self.identity()
        elif k == 1:
            out = self.DB
        else:
            out = self.square(self.power(k // 2))
            if k & 1:
                out = self.matmul(out, self.DB)
        self._powers[k] = out
        return out

    def propagator(self, bonds: int) -> Mat:
        """B (D(z) B)^(bonds-1): ``bonds`` bonds and the sites strictly between."""
        P = self.power(bonds - 1)
        s = self.s
        return [
            [
                sum((P[k][b] * self.B[a][k] for k in range(1, s)), P[0][b] * self.B[a][0])
                for b in range(s)
            ]
            for a in range(s)
        ]

    def cell(self, size: int) -> Mat:
        """U[x_f][x_l](z) = [(D(z) B)^(size-1) D(z)][x_f][x_l]."""
        P = self.power(size - 1)
        return [[self.mul(P[a][b], self.Dz[b]) for b in range(self.s)] for a in range(self.s)]


class CanonicalTransfer:
    """The canonical quantities of a chain cut into cells, by fugacity polynomials.

    Used by :class:`~mesosym.mesoscopic.cells.Cells` (``method="transfer"``
    with ``particles`` set); every method returns an ``mpmath.mpf`` at the
    current mpmath precision, certified by ball arithmetic to 10^-(digits + 2)
    (absolute; ln Z relative).

    Parameters
    ----------
    model : LatticeModel
        A numeric chain with ``particles`` set.
    sizes : sequence of int
        Cell sizes along the chain (summing to ``sites``).

    Examples
    --------
    The ideal gas (eps = 0), 4 sites, 2 particles, two cells of 2: n_a = 0, 1, 2
    with probabilities 1/6, 4/6, 1/6 and nothing else linking the cells, so
    I = (1/3) ln 6 + (2/3) ln(3/2).

    >>> import mpmath
    >>> from mesosym.mesoscopic import LatticeGas
    >>> t = CanonicalTransfer(LatticeGas(4, 0, particles=2), [2, 2])
    >>> mpmath.nstr(t.configuration_mutual_information(0, 1), 12)
    '0.867563228481'
    >>> mpmath.nstr(mpmath.log(6) / 3 + 2 * mpmath.log(1.5) / 3, 12)
    '0.867563228481'
    """

    def __init__(self, model: LatticeModel, sizes: Sequence[int]) -> None:
        check_lattice_model(model)
        if model.particles is None or model.symbolic:
            raise DomainError(
                f"model must be a chain with numeric parameters and particles set; got {model!r}"
            )
        self.model = model
        self.N: int = model.particles
        self.sizes = _check_sizes(model.sites, sizes)
        starts = [0]
        for s in self.sizes:
            starts.append(starts[-1] + s)
        self.starts = tuple(starts)
        self._arith: dict[int, _Arith] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}

    # -- precision -----------------------------------------------------------------
    def _at(self, prec: int) -> _Arith:
        if prec not in self._arith:
            self._arith[prec] = _Arith(self.model, self.N)
        return self._arith[prec]

    def _certified(
        self, name: Any, compute: Callable[[_Arith], Any], relative: bool = False
    ) -> Any:
        """Return compute(arith) as an mpf, its ball radius below 10^-(digits + 2)."""
        key = (name, mpmath.mp.prec)
        if key not in self._memo:
            self._memo[key] = certified(
                lambda prec: compute(self._at(prec)),
                self.model.digits + 2,
                relative=relative,
                what=str(name),
            )
        return self._memo[key]

    # -- shared pieces (per precision) -----------------------------------------------
    def _Z(self, ar: _Arith) -> Any:
        """Z_N as an arb ball."""
        key = ("Z", id(ar))
        if key not in self._memo:
            n = self.model.sites
            if self.model.boundary == "periodic":
                P = ar.power(n)
                z = sum((_coeff(P[a][a], self.N) for a in range(1, ar.s)), _coeff(P[0][0], self.N))
            else:
                P = ar.power(n - 1)
                z = _flint().arb(0)
                for a in range(ar.s):
                    for b in range(ar.s):
                        if ar.occ[b] <= self.N:
                            z += _coeff(P[a][b], self.N - ar.occ[b]) * ar.D[b]
            self._memo[key] = z
        return self._memo[key]

    def _ends(
        self, ar: _Arith
    ) -> tuple[list[list[Poly]], list[list[Poly]], list[list[Poly]], list[list[Poly]]]:
        """Open chain: (left, right, A, C) per cell.

        left[i][x] = 1^T (D B)^(f_i) (sites before cell i, state of f_i);
        right[i][x] = (B D)^(sites-1-l_i) 1 (sites after cell i, state of l_i);
        A[i] = left[i] U_i (row, state of l_i; i < K - 1); C[i] = U_i right[i] (column,
        state of f_i; i > 0).
        """
        key = ("ends", id(ar))
        if key in self._memo:
            return self._memo[key]
        K = len(self.sizes)
        s = ar.s
        left: list[list[Poly]] = [[ar.one] * s]
        A: list[list[Poly]] = []
        for i in range(K - 1):
            A.append(ar.vecmat(left[i], ar.cell(self.sizes[i])))
            if i + 1 < K:
                left.append(
                    [
                        sum((A[i][a] * ar.B[a][b] for a in range(1, s)), A[i][0] * ar.B[0][b])
                        for b in range(s)
                    ]
                )
        right: list[list[Poly]] = [[ar.one] * s for _ in range(K)]
        C: list[list[Poly]] = [[] for _ in range(K)]
        for i in range(K - 1, 0, -1):
            C[i] = ar.matvec(ar.cell(self.sizes[i]), right[i])
            if i > 0:
                right[i - 1] = [
                    sum((C[i][b] * ar.B[a][b] for b in range(1, s)), C[i][0] * ar.B[a][0])
                    for a in range(s)
                ]
        out = (left, right, A, C)
        self._memo[key] = out
        return out

    def _env(self, ar: _Arith, i: int) -> list[list[Poly]]:
        """Env_i[x_f][x_l](z): the weight of everything outside cell i (from z^(N - L_i) up)."""
        s = ar.s
        if self.model.boundary == "periodic":
            G = ar.propagator(self.model.sites - self.sizes[i] + 1)
            return [[G[xl][xf] for xl in range(s)] for xf in range(s)]
        left, right, _, _ = self._ends(ar)
        lo = self.N - self._top(i)
        return [[ar.mul_top(left[i][xf], right[i][xl], lo) for xl in range(s)] for xf in range(s)]

    # -- the quantities -----------------------------------------------------------------
    def log_partition_function(self) -> mpmath.mpf:
        """Ln Z_N (relative error below 10^-(digits + 2))."""
        return self._certified("lnZ", lambda ar: self._Z(ar).log(), relative=True)

    def boundary_energy(self) -> mpmath.mpf:
        """Beta <W>: the cut bonds (wrap bond included) in the canonical state.

        Precision: absolute error below 10^-(digits + 2) (ball radius).
        """
        return self._certified("W", self._raw_boundary_energy)

    def _log_env_mean(self, ar: _Arith, i: int) -> Any:
        """<ln Env_i>_p as an arb ball (on a ring, a function of the cell's size)."""
        ring = self.model.boundary == "periodic"
        key = ("lnEnv", id(ar), ("ring", self.sizes[i]) if ring else i)
        if key not in self._memo:
            self._memo[key] = self._log_env_mean_uncached(ar, i)
        return self._memo[key]

    def _log_env_mean_uncached(self, ar: _Arith, i: int) -> Any:
        flint = _flint()
        if len(self.sizes) == 1:  # nothing outside: the whole chain (ring) is the cell
            return flint.arb(0)
        s, N = ar.s, self.N
        Z = self._Z(ar)
        U = ar.cell(self.sizes[i])
        env = self._env(ar, i)
        acc = _XLogY()
        for xf in range(s):
            for xl in range(s):
                u, e = U[xf][xl].coeffs(), env[xf][xl].coeffs()
                for n, un in enumerate(u):
                    if 0 <= N - n < len(e):
                        acc.add(un, e[N - n])
        return acc.value() / Z

    def total_correlation(self) -> mpmath.mpf:
        """TC = (K - 1) ln Z - beta<W> - sum_i <ln Env_i> (nats).

        Precision: absolute error below 10^-(digits + 2) (ball radius).
        """
        K = len(self.sizes)

        def compute(ar: _Arith) -> Any:
            if K == 1:
                return _flint().arb(0)
            return total_correlation_from_environments(
                self._Z(ar).log(),
                self._raw_boundary_energy(ar),
                [self._log_env_mean(ar, i) for i in range(K)],
            )

        return self._certified("TC", compute)

    def _raw_boundary_energy(self, ar: _Arith) -> Any:
        key = ("rawW", id(ar))
        if key not in self._memo:
            # reuse the certified routine's arithmetic at this precision
            flint = _flint()
            s, N = ar.s, self.N
            K = len(self.sizes)
            total = flint.arb(0)
            if K == 1:
                self._memo[key] = total
                return total
            if self.model.boundary == "periodic":
                G = ar.propagator(self.model.sites - 1)
                for a in range(s):
                    for b in range(s):
                        k = N - ar.occ[a] - ar.occ[b]
                        if k >= 0:
                            total += (
                                ar.D[a] * ar.B[a][b] * ar.D[b] * _coeff(G[b][a], k) * ar.be[a][b]
                            )
                total = total * K
            else:
                _, _, A, C = self._ends(ar)
                for i in range(K - 1):
                    for a in range(s):
                        for b in range(s):
                            w = _window(A[i][a], C[i + 1][b], N, N)[0] * ar.B[a][b]
                            total += w * ar.be[a][b]
            self._memo[key] = total / self._Z(ar)
        return self._memo[key]

    def relative_entropies(self, log_isolated: Sequence[Any]) -> list[mpmath.mpf]:
        """D(p_i || q_i) = <ln Env_i> - ln Z + ln Z_i, given ln Z_i (mpf) of the isolated cells.

        Precision: absolute error below 10^-(digits + 2) (ball radius; ln Z_i exact as given).
        """
        out = []
        for i in range(len(self.sizes)):
            lz = mpmath.mpf(log_isolated[i])

            def compute(ar: _Arith, i: int = i, lz: Any = lz) -> Any:
                log_z = self._Z(ar).log()
                return relative_entropy_from_environment(
                    self._log_env_mean(ar, i), log_z, mpf_to_arb(lz)
                )

            out.append(self._certified(("D", i, lz), compute))
        return out

    # -- two cells -----------------------------------------------------------------
    def _top(self, i: int) -> int:
        """The largest occupation cell ``i`` can hold (its sites times the largest occupation)."""
        return self.sizes[i] * max(self.model.occupation(a) for a in self.model.states)

    def _span(self, i: int) -> tuple[int, int]:
        """(first site, last site) of cell ``i``."""
        return self.starts[i], self.starts[i + 1] - 1

    def _between(self, ar: _Arith, ia: int, ib: int) -> tuple[Any, ...]:
        """(s, boundary pairs, U_a, U_b, G1 from a to b, G2 from b around to a or None)."""
        s = ar.s
        (fa, la), (fb, lb) = self._span(ia), self._span(ib)
        pairs = [(x, y) for x in range(s) for y in range(s)]
        Ua, Ub = ar.cell(self.sizes[ia]), ar.cell(self.sizes[ib])
        G1 = ar.propagator(fb - la)
        ring = self.model.boundary == "periodic"
        G2 = ar.propagator(self.model.sites - lb + fa) if ring else None
        return s, pairs, Ua, Ub, G1, G2

    def _pair(
        self, ar: _Arith, ia: int, ib: int
    ) -> tuple[list[Poly], list[Poly], list[list[Poly]]]:
        """(U_a[alpha], U_b[beta], E[alpha][beta]) with alpha = (x_f, x_l) flattened; ia < ib."""
        key = ("pair", id(ar), self._where(ia, ib))
        if key in self._memo:
            return self._memo[key]
        s, pairs, Ua, Ub, G1, G2 = self._between(ar, ia, ib)
        UA = [Ua[x][y] for x, y in pairs]
        UB = [Ub[x][y] for x, y in pairs]
        if G2 is not None:
            E = [[ar.mul(G1[xla][xfb], G2[xlb][xfa]) for xfb, xlb in pairs] for xfa, xla in pairs]
        else:
            left, right, _, _ = self._ends(ar)
            # only E[N - m], m <= L_a + L_b, is ever read
            lo = self.N - self._top(ia) - self._top(ib)
            gap = max(g.length() for row in G1 for g in row) - 1
            outer = [
                [ar.mul_top(left[ia][xfa], right[ib][xlb], lo - gap) for xlb in range(s)]
                for xfa in range(s)
            ]
            E = [
                [ar.mul_top(outer[xfa][xlb], G1[xla][xfb], lo) for xfb, xlb in pairs]
                for xfa, xla in pairs
            ]
        out = (UA, UB, E)
        self._memo[key] = out
        return out

    def _marginal_polys(self, ar: _Arith, ia: int, ib: int) -> tuple[list[Poly], list[Poly]]:
        """F_al = sum_be U_b[be] E[al][be] and G_be = sum_al U_a[al] E[al][be]."""
        key = ("FG", id(ar), self._where(ia, ib))
        if key in self._memo:
            return self._memo[key]
        _, pairs, Ua, Ub, G1, G2 = self._between(ar, ia, ib)
        if G2 is not None:
            # E[(xfa, xla)][(xfb, xlb)] = G1[xla][xfb] G2[xlb][xfa]: F = G1 U_b G2, G = G2 U_a G1
            M = ar.matmul(ar.matmul(G1, Ub), G2)
            Mt = ar.matmul(ar.matmul(G2, Ua), G1)
            F = [M[xla][xfa] for xfa, xla in pairs]
            G = [Mt[xlb][xfb] for xfb, xlb in pairs]
        else:
            # E = left[xfa] G1[xla][xfb] right[xlb]
            left, right, _, _ = self._ends(ar)
            w = ar.matvec(G1, ar.matvec(Ub, right[ib]))
            y = ar.vecmat(ar.vecmat(left[ia], Ua), G1)
            F = [ar.mul_top(left[ia][xfa], w[xla], self.N - self._top(ia)) for xfa, xla in pairs]
            G = [ar.mul_top(y[xfb], right[ib][xlb], self.N - self._top(ib)) for xfb, xlb in pairs]
        self._memo[key] = (F, G)
        return self._memo[key]

    def _where(self, ia: int, ib: int) -> tuple[Any, ...]:
        """The pair's key: its geometry on a ring (translation invariance), else the indices."""
        if self.model.boundary != "periodic":
            return ("open", ia, ib)
        (fa, la), (fb, lb) = self._span(ia), self._span(ib)
        return ("ring", self.sizes[ia], self.sizes[ib], fb - la, self.model.sites - lb + fa)

    def joint_distribution(self, marked: Sequence[int]) -> dict[tuple[int, ...], mpmath.mpf]:
        """The canonical law of the state indices of the distinct ascending sites ``marked``.

        The weight of states x_0..x_(r-1) is [z^N] of the product of D(z)[x_k],
        the propagators between consecutive marked sites, and the ends: the
        vectors 1^T (D B)^(m_0) and B (D B)^(k-1) D 1 of the open chain, or the
        propagator around the ring.  Precision: each probability to an absolute
        10^-(digits + 2) (ball radius).

        Zero coupling, 4 sites, 2 particles: sites 0 and 3 are both occupied in
        one of the C(4, 2) = 6 placements.

        >>> import mpmath
        >>> from mesosym.mesoscopic import LatticeGas
        >>> t = CanonicalTransfer(LatticeGas(4, 0, particles=2), [2, 2])
        >>> mpmath.nstr(t.joint_distribution([0, 3])[(1, 1)], 12)
        '0.166666666667'
        """
        marked = tuple(marked)
        n, s = self.model.sites, len(self.model.states)

        def weight(ar: _Arith, x: tuple[int, ...]) -> Any:
            poly = ar.Dz[x[0]]
            for k in range(len(marked) - 1):
                step = ar.propagator(marked[k + 1] - marked[k])[x[k]][x[k + 1]]
                poly = ar.mul(ar.mul(poly, step), ar.Dz[x[k + 1]])
            if self.model.boundary == "periodic":
                wrap = ar.propagator(n - marked[-1] + marked[0])[x[-1]][x[0]]
                return _coeff(ar.mul(poly, wrap), self.N)
            before = ar.power(marked[0])
            poly = ar.mul(sum((before[a][x[0]] for a in range(1, s)), before[0][x[0]]), poly)
            after = n - 1 - marked[-1]
            if after:
                P = ar.propagator(after)
                row = P[x[-1]]
                end = sum((ar.mul(row[b], ar.Dz[b]) for b in range(1, s)), ar.mul(row[0], ar.Dz[0]))
                poly = ar.mul(poly, end)
            return _coeff(poly, self.N)

        def probability(x: tuple[int, ...]) -> Callable[[_Arith], Any]:
            return lambda ar: weight(ar, x) / self._Z(ar)

        states = itertools.product(range(s), repeat=len(marked))
        return {x: self._certified(("joint", marked, x), probability(x)) for x in states}

    def configuration_mutual_information(self, a: int, b: int) -> mpmath.mpf:
        """I(X_a : X_b) in nats (a != b).

        Precision: absolute error below 10^-(digits + 2) (ball radius).
        """
        ia, ib = min(a, b), max(a, b)

        def compute(ar: _Arith) -> Any:
            N = self.N
            UA, UB, E = self._pair(ar, ia, ib)
            F, G = self._marginal_polys(ar, ia, ib)
            Z = self._Z(ar)
            r = range(len(UA))
            plus, minus = _XLogY(), _XLogY()
            for al in r:
                for be in r:
                    e = E[al][be].coeffs()
                    # m runs over the degrees of U_a U_b whose partner N - m exists in E
                    lo = max(N - len(e) + 1, 0)
                    hi = min(N, UA[al].length() + UB[be].length() - 2)
                    cs = _window(UA[al], UB[be], lo, hi)
                    for m, c in zip(range(lo, hi + 1), cs, strict=True):
                        plus.add(c, e[N - m])
            for U, H in ((UA, F), (UB, G)):
                for al in r:
                    u, h = U[al].coeffs(), H[al].coeffs()
                    for k, c in enumerate(u):
                        if 0 <= N - k < len(h):
                            minus.add(c, h[N - k])
            return (plus.value() - minus.value()) / Z + Z.log()

        return self._certified(("I", self._where(ia, ib)), compute)

    def occupation_mutual_information(self, a: int, b: int) -> mpmath.mpf:
        """I(n_a : n_b) in nats (a != b).

        Precision: absolute error below 10^-(digits + 2) (ball radius) up to
        :data:`BALL_TABLE_LIMIT` significant pairs (n_a, n_b); beyond, float64
        sums with an absolute error below 1e-12.
        """
        ia, ib = min(a, b), max(a, b)
        flint = _flint()
        with flint.ctx.workprec(mpmath.mp.prec + 32):
            ar = self._at(mpmath.mp.prec + 32)
            pA, pB, keepA, keepB = self._occupation_marginals(ar, ia, ib)
            feasible = self._feasible_pairs(ar, ia, ib, keepA, keepB)
        if feasible <= BALL_TABLE_LIMIT:
            return self._certified(
                ("In", self._where(ia, ib)), lambda ar: self._occupation_ball(ar, ia, ib)
            )
        key = ("In64", self._where(ia, ib), mpmath.mp.prec)
        if key not in self._memo:
            with flint.ctx.workprec(mpmath.mp.prec + 32):
                self._memo[key] = self._occupation_float64(ar, ia, ib)
        return self._memo[key]

    def _occupation_marginals(
        self, ar: _Arith, ia: int, ib: int
    ) -> tuple[list[Any], list[Any], list[int], list[int]]:
        N = self.N
        UA, UB, _ = self._pair(ar, ia, ib)
        F, G = self._marginal_polys(ar, ia, ib)
        Z = self._Z(ar)
        flint = _flint()

        def marginal(U: list[Poly], H: list[Poly], size: int) -> list[Any]:
            us = [_padded(P, size + 1) for P in U]
            hs = [_padded(P, N + 1) for P in H]
            out = []
            for k in range(size + 1):
                t = flint.arb(0)
                if k <= N:
                    for u, h in zip(us, hs, strict=True):
                        t += u[k] * h[N - k]
                out.append(t / Z)
            return out

        pA = marginal(UA, F, self._top(ia))
        pB = marginal(UB, G, self._top(ib))
        tol = flint.arb(10) ** (-(self.model.digits + 12))
        keepA = [k for k, v in enumerate(pA) if v.upper() > tol]
        keepB = [k for k, v in enumerate(pB) if v.upper() > tol]
        return pA, pB, keepA, keepB

    def _feasible_pairs(
        self, ar: _Arith, ia: int, ib: int, keepA: list[int], keepB: list[int]
    ) -> int:
        _, _, E = self._pair(ar, ia, ib)
        top = max(e.length() for row in E for e in row) - 1
        return sum(1 for ka in keepA for kb in keepB if 0 <= self.N - ka - kb <= top)

    def _occupation_ball(self, ar: _Arith, ia: int, ib: int) -> Any:
        flint = _flint()
        N = self.N
        UA, UB, E = self._pair(ar, ia, ib)
        pA, pB, keepA, keepB = self._occupation_marginals(ar, ia, ib)
        Z = self._Z(ar)
        r = range(len(UA))
        ua = [_padded(UA[al], self._top(ia) + 1) for al in r]
        ub = [_padded(UB[be], self._top(ib) + 1) for be in r]
        ec = [[E[al][be].coeffs() for be in r] for al in r]
        total = flint.arb(0)
        for ka in progress(keepA, desc="I(n_i : n_j)", unit=" occupations"):
            for kb in keepB:
                m = N - ka - kb
                if m < 0:
                    continue
                w = flint.arb(0)
                for al in r:
                    if ua[al][ka] == 0:
                        continue
                    for be in r:
                        if m < len(ec[al][be]):
                            w += ua[al][ka] * ub[be][kb] * ec[al][be][m]
                if w == 0:
                    continue
                if not _positive(w):
                    w = flint.arb(0, w.upper())  # not resolved: shows in the radius
                    total += w
                    continue
                w = w / Z
                total += w * (w / (pA[ka] * pB[kb])).log()
        return total

    def _occupation_float64(self, ar: _Arith, ia: int, ib: int) -> mpmath.mpf:
        """The occupation information summed in float64 (absolute error below 1e-12).

        Logarithms of the coefficients are shifted by a common tilt tau n (the
        slope at the most probable occupations) so that the float64 numbers are
        of order one where the probability is; ln P = la + lb + le + const.
        """
        import numpy as np

        flint = _flint()
        N = self.N
        UA, UB, E = self._pair(ar, ia, ib)
        pA, pB, keepA, keepB = self._occupation_marginals(ar, ia, ib)
        Z = self._Z(ar)
        r = range(len(UA))
        na = max(keepA, key=lambda k: arb_to_mpf(pA[k]))
        nb = max(keepB, key=lambda k: arb_to_mpf(pB[k]))

        def logs(U: list[Poly], ks: Sequence[int]) -> list[list[Any]]:
            out = []
            for P in U:
                cs = _padded(P, max(ks) + 1)
                out.append([_logc(cs[k]) for k in ks])
            return out

        la = logs(UA, keepA)
        lb = logs(UB, keepB)
        # tilt from the cell's summed polynomial around its most probable occupation
        ucs = [_padded(P, na + 2) for P in UA]
        tot = [sum((cs[k] for cs in ucs), flint.arb(0)) for k in (na - 1, na, na + 1)]
        if na - 1 in keepA and na + 1 in keepA and all(_positive(t) for t in tot):
            tau = (tot[0].log() - tot[2].log()) / 2
        else:
            tau = flint.arb(0)
        lo = min(N - max(keepA) - max(keepB), N)
        hi = N - min(keepA) - min(keepB)
        ms = list(range(max(lo, 0), max(hi, 0) + 1))
        le = []
        for al in r:
            row = []
            for be in r:
                cs = _padded(E[al][be], ms[-1] + 1)
                row.append([_logc(cs[m]) for m in ms])
            le.append(row)
        mstar = min(max(N - na - nb, ms[0]), ms[-1])

        def shift(rows: list[list[Any]], ks: Sequence[int], k0: int) -> tuple[Any, Any]:
            """(float64 array of row values + tau (k - k0) - c, c) with c the largest at k0."""
            j0 = list(ks).index(k0)
            finite = [row[j0] for row in rows if row[j0] is not None]
            c = max(finite, key=arb_to_mpf) if finite else flint.arb(0)
            arr = np.array(
                [
                    [
                        -np.inf if v is None else float(arb_to_mpf(v + tau * (k - k0) - c))
                        for v, k in zip(row, ks, strict=True)
                    ]
                    for row in rows
                ]
            )
            return arr, c

        A, ca = shift(la, keepA, na)
        Bm, cb = shift(lb, keepB, nb)
        Ef = []
        ce = None
        flat = [le[al][be] for al in r for be in r]
        j0 = ms.index(mstar)
        finite = [row[j0] for row in flat if row[j0] is not None]
        ce = max(finite, key=arb_to_mpf) if finite else flint.arb(0)
        for row in flat:
            Ef.append(
                [
                    -np.inf if v is None else float(arb_to_mpf(v + tau * (m - mstar) - ce))
                    for v, m in zip(row, ms, strict=True)
                ]
            )
        Earr = np.array(Ef).reshape(len(r), len(r), len(ms))
        # tau (na - na0) + tau (nb - nb0) + tau (m - m0) sums to tau (N - na0 - nb0 - m0)
        const = float(arb_to_mpf(ca + cb + ce - Z.log() - tau * (N - na - nb - mstar)))
        kA = np.array(keepA)
        kB = np.array(keepB)
        idx = N - kA[:, None] - kB[None, :] - ms[0]
        valid = (idx >= 0) & (idx < len(ms))
        idx = np.where(valid, idx, 0)
        P = np.zeros((len(keepA), len(keepB)))
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            for al in r:
                for be in r:
                    expo = A[al][:, None] + Bm[be][None, :] + Earr[al, be][idx] + const
                    P += np.where(valid, np.exp(expo), 0.0)
        # the table's own margins (normalised: the dropped tails are below 10^-(digits+12))
        return mpmath.mpf(table_mutual_information(P / P.sum()))


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


def _logc(c: Any) -> Any:
    """Ln of a positive coefficient ball, None for a zero (or not provably positive) one."""
    return c.log() if _positive(c) else None


def _check_sizes(sites: int, sizes: Any) -> tuple[int, ...]:
    """Cell sizes: positive integers summing to ``sites``, else a DomainError naming them."""
    try:
        out = tuple(as_int("sizes", k) for k in sizes)
    except (DomainError, TypeError):
        out = ()
    if not out or min(out) < 1 or sum(out) != sites:
        raise DomainError(
            f"sizes must be positive integers summing to sites = {sites}; got {short(sizes)}"
        )
    return out


def check_budget(model: LatticeModel, cells: int | None = None) -> None:
    """Refuse up front a canonical computation estimated above the time or memory budget.

    ``cells=None``: ln Z_N alone; else a table of that many cells.  The estimates
    (:func:`estimated_seconds`, :func:`estimated_bytes`) are checked by
    :func:`mesosym.budget.require` against :data:`mesosym.budget.TIME_LIMIT_SECONDS`
    (:data:`CANONICAL_BUDGET` unless raised) and :data:`mesosym.budget.MEMORY_LIMIT_BYTES`;
    the refusal states both.
    """
    check_lattice_model(model)
    if cells is not None:
        cells = check_count("cells", cells, minimum=1)
    N = model.particles if model.particles is not None else model.sites
    t = estimated_seconds(model.sites, N, cells)
    m = estimated_bytes(model.sites, N, cells)
    d = min(model.sites, N)
    table = "ln Z_N" if cells is None else f"a table of {cells} cells"
    require(
        f"sites = {model.sites}, particles = {N}, {table} by the fugacity-polynomial "
        f"transfer route (operations on polynomials of degree {d}; estimated {t:.2g} s of CPU and "
        f"{m / 2**30:.2g} GiB of memory)",
        seconds=t,
        memory=m,
        change="sites, particles or cells (fewer)",
    )


def log_canonical_partition_function(model: LatticeModel) -> mpmath.mpf:
    """Ln Z_N of a numeric chain with ``particles`` set, by the fugacity polynomial.

    Returns
    -------
    mpmath.mpf
        ``model.digits`` significant digits (ball arithmetic, radius checked).

    Raises
    ------
    DomainError
        Beyond :data:`CANONICAL_BUDGET` (with the estimate).

    Examples
    --------
    Two sites, one particle, bond -eps n n' never active: Z_1 = 2 e^(beta mu).

    >>> import mpmath
    >>> from mesosym.mesoscopic import LatticeGas
    >>> mpmath.nstr(log_canonical_partition_function(LatticeGas(2, 5, 1, particles=1)), 12)
    '1.69314718056'
    """
    check_budget(model)
    t = CanonicalTransfer(model, (model.sites,))
    with mpmath.workdps(model.digits + 10):
        value = t.log_partition_function()
    return significant(value, model.digits)
