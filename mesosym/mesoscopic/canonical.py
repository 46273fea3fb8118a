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

``digits=None`` (from :data:`FLOAT64_PARTICLES` particles on) runs the same formulas
in float64: :class:`~.arithmetic.ScaledFugacityPolynomials`, numpy vectors with a
power-of-2 scale, the fugacity tilted (:func:`fugacity_tilt`) so that the
coefficients the sums read lie near the largest of their vector; a product of
degree d costs about 3e-10 d^2 s (``np.convolve``, direct sums: every coefficient
keeps its relative accuracy), the cell table of 30 000 sites in two cells about
0.7 s.  Every coefficient is a sum of positive terms, so the error grows only with
the number of operations (:meth:`CanonicalTransfer.float64_errors`).  Where a
coefficient a result needs falls below float64's resolution, that result is
computed in balls at 17 digits instead (never -inf or NaN).  The formulas are
written once: each verb is a function of an arithmetic (:class:`_Arith`).

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
import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import mpmath

from ..budget import CANONICAL_SECONDS, _float, require, short
from ..errors import DomainError
from ..progress import progress
from ..significant import significant
from ..validation import as_int, check_count
from .arithmetic import (
    NEGLIGIBLE,
    FugacityPolynomials,
    ScaledFugacityPolynomials,
    Unresolved,
    arb_to_mpf,
    certified,
    mpf_to_arb,
)
from .information import (
    occupation_table,
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
    "FLOAT64_PARTICLES",
    "fugacity_tilt",
    "estimated_seconds",
    "estimated_bytes",
    "float64_seconds",
    "check_budget",
    "arb_to_mpf",
    "mpf_to_arb",
]

#: the longest estimated run (seconds) of the fugacity-polynomial route
CANONICAL_BUDGET = CANONICAL_SECONDS
#: largest occupation table (pairs) summed in ball arithmetic; beyond, float64
BALL_TABLE_LIMIT = 4_000
#: ``digits=None``: below this many particles the polynomials are so short that arb's
#: C-level products cost less than numpy's per-call overhead, and the float64 model runs
#: in balls at FLOAT64_DIGITS (same code, more accurate); from it on, in float64
FLOAT64_PARTICLES = 48

Poly = Any
Mat = list[list[Any]]


def estimated_seconds(
    sites: int, particles: int, cells: int | None = None, *, float64: bool = False
) -> float:
    """Rough CPU time (s) of ln Z_N alone (``cells=None``) or of a whole cell table.

    ``float64``: the route of ``digits=None`` (:func:`float64_seconds` from
    :data:`FLOAT64_PARTICLES` particles on; balls below).  Else the ball route:

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
    if float64 and particles >= FLOAT64_PARTICLES:
        return float64_seconds(sites, particles, cells)
    d = _float(max(min(sites, particles), 0) + 1)  # beyond float64: inf (saturates)
    if cells is None:
        return 4e-8 * d * d + 1e-3
    # the d^2 term is fitted at 10-30 cells; with fewer it shrinks (9600/2/3200: 2.9 s)
    K = _float(cells)
    return 1.1e-4 * K * d + 9e-9 * K * d * d + 1e-5 * d * d * min(1.0, K / 10)


def estimated_bytes(
    sites: int, particles: int, cells: int | None = None, *, float64: bool = False
) -> float:
    """Rough peak memory (bytes, with the ~50 MB of the interpreter and imports).

    ``float64`` (from :data:`FLOAT64_PARTICLES` particles on): 8 bytes per coefficient
    of the polynomials kept, about d (48 K + 30 log2(sites)) of them, and three float64
    occupation tables of at most d^2 entries.  Else the ball route:

    With d = min(sites, particles) + 1, a table of K cells keeps about 2 KB per
    cell and polynomial degree (arb coefficients of every cell's environments)
    plus 8 d^2 bytes: fitted to the same runs as :func:`estimated_seconds`
    (1000/1000/333: 628 MB, 2000/1000/667: 1.2 GB, 3000/3000/1000: 5 GB) and
    above each by 1.0 - 1.2x.  ``cells=None`` (ln Z_N alone): a few polynomials of
    degree d whose coefficients span about 2^d, d^2 bytes.

    >>> 4 * 2**30 < estimated_bytes(3000, 1000, 3000) < 8 * 2**30
    True
    """
    d = _float(max(min(sites, particles), 0) + 1)  # beyond float64: inf (saturates)
    if float64 and particles >= FLOAT64_PARTICLES:
        K = 0.0 if cells is None else _float(cells)
        return 50e6 + 8.0 * d * (48 * K + 30 * sites.bit_length()) + (24.0 * d * d if K else 0)
    if cells is None:
        return 50e6 + 1.0 * d * d
    return 50e6 + 2e3 * _float(cells) * d + 8.0 * d * d


def float64_seconds(sites: int, particles: int, cells: int | None = None) -> float:
    """CPU time (s) of the float64 route, from its operation counts (s = 2 states).

    With d = min(sites, particles) + 1 and b = log2(sites): a product of two float64
    polynomials of d coefficients (``np.convolve``, direct sums) costs about
    3e-10 d^2 s, any operation about 6e-5 s of Python and numpy overhead (the
    logarithms, the tables and the bookkeeping it drives included).  ln Z_N takes 5
    long products per bit of sites - 1 (a squaring) and 8 short ones per set bit;
    a table of K cells about 120 K + 200 operations, of which products worth
    12 K + 30 long ones (counted on the lattice gas: 300/30/100: 3444 operations,
    365 d^2; 1000/1000/333: 115 993, 10 775 d^2).  The sum, times 1.5, lies above every
    measured time of tests/test_mesoscopic_canonical_float64.py (sites/cells/particles
    1000/1000/333: 7.0 s, 6000/20/2000: 0.71 s, 15000/2/5000: 0.28 s, 3000/30/1000:
    0.33 s on a loaded 2-core machine).

    >>> 7.0 < float64_seconds(1000, 333, 1000) < 3 * 7.0
    True
    """
    d = _float(max(min(sites, particles), 0) + 1)  # beyond float64: inf (saturates)
    b = max(sites.bit_length(), 1)
    if cells is None:
        return 1.5 * b * (5 * (3e-10 * d * d + 6e-5) + 8 * 6e-5)
    K = _float(cells)
    return 1.5 * ((120 * K + 200) * 6e-5 + (12 * K + 30) * 3e-10 * d * d)


def _flint() -> Any:
    import flint

    return flint


def _coeff(p: Poly, k: int) -> Any:
    """The coefficient of z^k of the arb polynomial ``p`` (0 outside its range)."""
    flint = _flint()
    if 0 <= k < p.length():
        return p.coeffs()[k]
    return flint.arb(0)


def _padded(p: Poly, length: int) -> list[Any]:
    """The coefficients of z^0 .. z^(length-1) of the arb polynomial ``p`` (zeros beyond)."""
    flint = _flint()
    cs = p.coeffs()[:length]
    return cs + [flint.arb(0)] * (length - len(cs))


def _positive(x: Any) -> bool:
    return bool(x > 0)


def _energy_scale(model: LatticeModel) -> float:
    """E: the largest |beta bond energy| plus the largest |beta site energy| (a float)."""
    beta, bond, site = model._energies()
    b = Fraction(beta)
    return float(
        max(abs(b * Fraction(x)) for row in bond for x in row)
        + max(abs(b * Fraction(x)) for x in site)
    )


def fugacity_tilt(model: LatticeModel, particles: int) -> float:
    """Ln t: the fugacity at which the infinite chain holds ``particles / sites`` per site.

    The float64 polynomials (:class:`~.arithmetic.ScaledFugacityPolynomials`) store
    coefficient k times t^k, so that the coefficients a canonical sum reads (near the
    most probable occupations) lie near the largest of their vector.  The density at
    ln t is that of a ring of 2^k >= sites sites, tr(diag(occ) M^(2^k)) / tr M^(2^k) with
    M = D(t) B (repeated squaring), solved by safeguarded Newton steps to about 1e-2;
    0 when no tilt is needed: a short chain (its coefficients span less than e^250),
    every state holding the same number, or an untilted z^N coefficient predicted
    within e^-50 of its polynomial's largest.

    >>> from mesosym.mesoscopic import LatticeGas
    >>> fugacity_tilt(LatticeGas(20, 0, particles=10), 10)   # small: no tilt needed
    0.0
    >>> abs(fugacity_tilt(LatticeGas(4000, 0, particles=1000), 1000) - math.log(1 / 3)) < 2e-2
    True
    """
    import numpy as np

    check_lattice_model(model, numeric=True)
    top = model.sites * max(model.occupation(a) for a in model.states)
    particles = check_count("particles", particles)
    if particles > top:
        raise DomainError(
            f"particles must be an integer in [0, {short(top)}]; got {short(particles)}"
        )
    beta, bond, site = model._energies()
    b = Fraction(beta)
    be = np.array([[float(b * Fraction(x)) for x in row] for row in bond])
    se = np.array([float(b * Fraction(x)) for x in site])
    occ = np.array([model.occupation(a) for a in model.states], dtype=float)
    S = model.sites
    energy = _energy_scale(model)
    if S * (math.log(len(occ)) + 2 * energy) < 250 or occ.min() == occ.max():
        return 0.0
    target = min(max(particles / S, occ.min() + 0.5 / S), occ.max() - 0.5 / S)

    squarings = max(1, (S - 1).bit_length())

    def densities(taus: Any) -> Any:
        """Mean occupation per site of a ring of 2^squarings >= sites sites at each ln t."""
        L = (taus[:, None] * occ - se)[:, :, None] - be[None, :, :]
        M = np.exp(L - L.max(axis=(1, 2), keepdims=True))
        for _ in range(squarings):
            M = M @ M
            M /= M.max(axis=(1, 2), keepdims=True)
        d = np.diagonal(M, axis1=1, axis2=2)
        return (d * occ).sum(axis=1) / d.sum(axis=1)

    # safeguarded Newton on rho(ln t) = target (rho increases), the slope chi by central
    # differences; at ln t = 0 first: when the untilted z^N coefficient is within e^-50 of
    # its polynomial's largest (S (rho - target)^2 / (2 chi) < 50), no tilt is needed
    lo, hi = -(4 * energy + 2 * math.log(S) + 10), 4 * energy + 2 * math.log(S) + 10
    tau, h = 0.0, 1e-3
    for step in range(60):
        with np.errstate(all="ignore"):
            r = densities(np.array([tau - h, tau, tau + h]))
        g, chi = float(r[1]) - target, float(r[2] - r[0]) / (2 * h)
        if not (math.isfinite(g) and math.isfinite(chi)):
            return 0.0
        if step == 0 and chi > 0 and S * g * g / (2 * chi) < 50:
            return 0.0
        if abs(g) <= 1e-2 * chi or hi - lo < 1e-2:
            return tau
        lo, hi = (tau, hi) if g < 0 else (lo, tau)
        newton = tau - g / chi if chi > 0 else math.nan
        tau = newton if lo < newton < hi else (lo + hi) / 2
    return tau


class _Arith:
    """The chain's truncated polynomial matrices in one fugacity arithmetic.

    ``poly`` is :class:`~.arithmetic.FugacityPolynomials` (arb balls: call inside
    ``workprec``) or :class:`~.arithmetic.ScaledFugacityPolynomials` (float64); the
    matrix products below are written once over its operations.
    """

    def __init__(self, model: LatticeModel, poly: Any) -> None:
        beta, bond, site = model._energies()
        s = len(model.states)
        self.p = poly
        self.N: int = poly.N
        self.s = s
        self.occ = [model.occupation(a) for a in model.states]
        b = Fraction(beta)
        self.be = [[poly.real(b * Fraction(bond[a][c])) for c in range(s)] for a in range(s)]
        self.B = [[poly.boltzmann(b * Fraction(bond[a][c])) for c in range(s)] for a in range(s)]
        self.D = [poly.boltzmann(b * Fraction(e)) for e in site]
        self.Dz = [poly.mono(self.D[a], self.occ[a]) for a in range(s)]
        self.DB = [[poly.lincomb([(self.Dz[a], self.B[a][c])]) for c in range(s)] for a in range(s)]
        self._powers: dict[int, Mat] = {}

    def matmul(self, X: Mat, Y: Mat) -> Mat:
        mul, r = self.p.mul, range(self.s)
        return [[self.p.add(mul(X[a][k], Y[k][b]) for k in r) for b in r] for a in r]

    def vecmat(self, v: list[Poly], X: Mat) -> list[Poly]:
        mul, r = self.p.mul, range(self.s)
        return [self.p.add(mul(v[k], X[k][b]) for k in r) for b in r]

    def matvec(self, X: Mat, v: list[Poly]) -> list[Poly]:
        mul, r = self.p.mul, range(self.s)
        return [self.p.add(mul(X[a][k], v[k]) for k in r) for a in r]

    def identity(self) -> Mat:
        p = self.p
        return [[p.one if a == b else p.zero for b in range(self.s)] for a in range(self.s)]

    def square(self, X: Mat) -> Mat:
        """X X; for 2 x 2 in five products: [[a^2 + bc, b(a + d)], [c(a + d), d^2 + bc]]."""
        if self.s != 2:
            return self.matmul(X, X)
        (a, b), (c, d) = X
        mul, add = self.p.mul, self.p.add
        bc, t = mul(b, c), add([a, d])
        return [[add([mul(a, a), bc]), mul(b, t)], [mul(c, t), add([mul(d, d), bc])]]

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
        r = range(self.s)
        return [[self.p.lincomb((P[k][b], self.B[a][k]) for k in r) for b in r] for a in r]

    def cell(self, size: int) -> Mat:
        """U[x_f][x_l](z) = [(D(z) B)^(size-1) D(z)][x_f][x_l]."""
        P = self.power(size - 1)
        r = range(self.s)
        return [[self.p.mul(P[a][b], self.Dz[b]) for b in r] for a in r]


class CanonicalTransfer:
    """The canonical quantities of a chain cut into cells, by fugacity polynomials.

    Used by :class:`~mesosym.mesoscopic.cells.Cells` (``method="transfer"``
    with ``particles`` set); every method returns an ``mpmath.mpf``.  Each formula is
    written once over a fugacity arithmetic (:class:`_Arith`): for a model with
    ``digits`` it runs in ball arithmetic, certified to 10^-(digits + 2) (absolute;
    ln Z relative); for ``digits=None`` in float64
    (:class:`~.arithmetic.ScaledFugacityPolynomials`), with the errors of
    :meth:`float64_errors` (ln Z_N to an absolute epsilon + 2 u L, u = 2^-53,
    L = max(1, |ln Z_N|) + N |ln t|; information measures and beta<W> to an absolute
    (K + 2)(8 epsilon Lambda + 4 u L), Lambda there), and in balls at 19 digits wherever
    a coefficient it needs is beyond float64's resolution.

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
    >>> t64 = CanonicalTransfer(LatticeGas(4, 0, particles=2, digits=None), [2, 2])
    >>> abs(t64.configuration_mutual_information(0, 1) - 0.867563228481) < 1e-12
    True
    """

    def __init__(self, model: LatticeModel, sizes: Sequence[int]) -> None:
        check_lattice_model(model)
        if model.particles is None or model.symbolic:
            raise DomainError(
                "model must be a chain with numeric parameters and particles set; "
                f"got {short(model)}"
            )
        self.model = model
        self.N: int = model.particles
        self.sizes = _check_sizes(model.sites, sizes)
        starts = [0]
        for s in self.sizes:
            starts.append(starts[-1] + s)
        self.starts = tuple(starts)
        self._arith: dict[Any, _Arith] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._tilt: float | None = None

    # -- arithmetic and precision ------------------------------------------------------
    def tilt(self) -> float:
        """Ln t of :func:`fugacity_tilt` (computed once)."""
        if self._tilt is None:
            self._tilt = fugacity_tilt(self.model, self.N)
        return self._tilt

    def _at(self, prec: int) -> _Arith:
        """The ball arithmetic at flint precision ``prec`` (call inside ``workprec``)."""
        if prec not in self._arith:
            self._arith[prec] = _Arith(self.model, FugacityPolynomials(self.N))
        return self._arith[prec]

    def _float64(self, tilted: bool = True) -> _Arith:
        """The float64 arithmetic, tilted by :meth:`tilt` or not (Unresolved if too deep)."""
        key = "f64 tilted" if tilted else "f64"
        if key not in self._arith:
            poly = ScaledFugacityPolynomials(self.N, self.tilt() if tilted else 0.0)
            # log2(sites) squarings, a few products of ends, environments and pairs; a product
            # by D(z) B (at most two terms per coefficient) counts for 2 bits, not a level
            poly.check_depth(self.model.sites.bit_length() + 8)
            self._arith[key] = _Arith(self.model, poly)
        return self._arith[key]

    def _in_float64(self, name: Any, compute: Callable[[_Arith], Any]) -> Any:
        """Compute(arith) in float64, or None where a coefficient it needs is unresolved.

        First untilted when the chain is short (its coefficients span at most about e^700,
        so the tilt is seldom needed and costs more than the sums), then tilted.
        """
        key = (name, "f64")
        if self.N < FLOAT64_PARTICLES:
            return None
        if key not in self._memo:
            self._memo[key] = None
            short_chain = self.model.sites * (1 + 2 * _energy_scale(self.model)) < 700
            for tilted in (False, True) if short_chain else (True,):
                try:
                    self._memo[key] = compute(self._float64(tilted))
                    break
                except Unresolved:
                    continue
        return self._memo[key]

    def _certified(
        self,
        name: Any,
        compute: Callable[[_Arith], Any],
        relative: bool = False,
        balls: bool = False,
    ) -> Any:
        """Compute(arith) as an mpf, in float64 or in balls.

        Float64 for ``digits=None`` (balls where a coefficient is unresolved, or with
        ``balls``), else balls with a radius below 10^-(digits + 2).
        """
        if self.model.float64 and not balls:
            value = self._in_float64(name, compute)
            if value is not None:
                return mpmath.mpf(float(value))
        key = (name, mpmath.mp.prec)
        if key not in self._memo:
            self._memo[key] = certified(
                lambda prec: compute(self._at(prec)),
                self.model.digits + 2,
                relative=relative,
                what=str(name),
            )
        return self._memo[key]

    def float64_errors(self) -> tuple[float, float]:
        """(bound on |error of ln Z_N|, bound on |error| of an information term) in float64.

        With epsilon of :meth:`~.arithmetic.ScaledFugacityPolynomials.error` (the relative
        error of every weight), u = 2^-53, L = max(1, |ln Z_N|) + N |ln t| (the logarithms
        are read in the tilted frame, ln t of :meth:`tilt`) and Lambda = 1 + N |ln t| +
        sites E (E the largest |beta energy| of a bond plus that of a site: a bound on
        |ln q - ln q'| between the coefficients a mean of logarithms compares, spread over
        the probabilities): ln Z_N to epsilon + 2 u L, and each of beta<W>, TC, I and
        D(p_i || q_i) of K cells to (K + 2) (8 epsilon Lambda + 4 u L).

        >>> from mesosym.mesoscopic import LatticeGas
        >>> t = CanonicalTransfer(LatticeGas(300, 1, particles=100, digits=None), [150, 150])
        >>> log_z_bound, information_bound = t.float64_errors()
        >>> log_z_bound < 1e-11, information_bound < 1e-6
        (True, True)
        """
        energy = _energy_scale(self.model)
        poly = ScaledFugacityPolynomials(self.N, self.tilt())
        eps = poly.error(self.model.sites, len(self.model.states), energy)
        lnz = abs(self.log_partition_function())
        L = max(1.0, float(lnz)) + self.N * abs(self.tilt())
        lam = 1 + self.N * abs(self.tilt()) + self.model.sites * energy
        K = len(self.sizes)
        return eps + 2 * 2.0**-53 * L, (K + 2) * (8 * eps * lam + 4 * 2.0**-53 * L)

    # -- shared pieces (per arithmetic) ----------------------------------------------
    def _Z(self, ar: _Arith) -> Any:
        """Z_N as a weight of the arithmetic."""
        key = ("Z", id(ar))
        if key not in self._memo:
            n, N = self.model.sites, self.N
            if self.model.boundary == "periodic":
                P = ar.power(n)
                terms = [(P[a][a], N, ar.p.unit) for a in range(ar.s)]
            else:
                P = ar.power(n - 1)
                terms = [
                    (P[a][b], N - ar.occ[b], ar.D[b])
                    for a in range(ar.s)
                    for b in range(ar.s)
                    if ar.occ[b] <= N
                ]
            self._memo[key] = ar.p.coeff_sum(terms)
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
        r = range(ar.s)
        lincomb = ar.p.lincomb
        left: list[list[Poly]] = [[ar.p.one] * ar.s]
        A: list[list[Poly]] = []
        for i in range(K - 1):
            A.append(ar.vecmat(left[i], ar.cell(self.sizes[i])))
            left.append([lincomb((A[i][a], ar.B[a][b]) for a in r) for b in r])
        right: list[list[Poly]] = [[ar.p.one] * ar.s for _ in range(K)]
        C: list[list[Poly]] = [[] for _ in range(K)]
        for i in range(K - 1, 0, -1):
            C[i] = ar.matvec(ar.cell(self.sizes[i]), right[i])
            right[i - 1] = [lincomb((C[i][b], ar.B[a][b]) for b in r) for a in r]
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
        return [[ar.p.mul_top(left[i][xf], right[i][xl], lo) for xl in range(s)] for xf in range(s)]

    # -- the quantities -----------------------------------------------------------------
    def log_partition_function(self) -> mpmath.mpf:
        """Ln Z_N (balls: relative error below 10^-(digits + 2); float64: see float64_errors)."""
        return self._certified("lnZ", lambda ar: ar.p.log(self._Z(ar)), relative=True)

    def boundary_energy(self) -> mpmath.mpf:
        """Beta <W>: the cut bonds (wrap bond included) in the canonical state.

        Precision: absolute error below 10^-(digits + 2) (ball radius); float64:
        :meth:`float64_errors`.
        """
        return self._certified("W", self._raw_boundary_energy)

    def _log_env_mean(self, ar: _Arith, i: int) -> Any:
        """<ln Env_i>_p (on a ring, a function of the cell's size)."""
        ring = self.model.boundary == "periodic"
        key = ("lnEnv", id(ar), ("ring", self.sizes[i]) if ring else i)
        if key not in self._memo:
            if len(self.sizes) == 1:  # nothing outside: the whole chain (ring) is the cell
                self._memo[key] = ar.p.zero_real
            else:
                U, env, r = ar.cell(self.sizes[i]), self._env(ar, i), range(ar.s)
                self._memo[key] = ar.p.mean_log((U[a][b], env[a][b]) for a in r for b in r)
        return self._memo[key]

    def total_correlation(self) -> mpmath.mpf:
        """TC = (K - 1) ln Z - beta<W> - sum_i <ln Env_i> (nats).

        Precision: absolute error below 10^-(digits + 2) (ball radius); float64:
        :meth:`float64_errors`.
        """
        K = len(self.sizes)

        def compute(ar: _Arith) -> Any:
            if K == 1:
                return ar.p.zero_real
            return total_correlation_from_environments(
                ar.p.log(self._Z(ar)),
                self._raw_boundary_energy(ar),
                [self._log_env_mean(ar, i) for i in range(K)],
            )

        return self._certified("TC", compute)

    def _raw_boundary_energy(self, ar: _Arith) -> Any:
        key = ("rawW", id(ar))
        if key not in self._memo:
            s, N, K = ar.s, self.N, len(self.sizes)
            Z = self._Z(ar)
            total = ar.p.zero_real
            if K > 1 and self.model.boundary == "periodic":
                G = ar.propagator(self.model.sites - 1)
                for a in range(s):
                    for b in range(s):
                        k = N - ar.occ[a] - ar.occ[b]
                        w = ar.D[a] * ar.B[a][b] * ar.D[b]
                        if k >= 0:
                            total += ar.p.ratio([(G[b][a], k, w)], Z) * ar.be[a][b]
                total = total * K
            elif K > 1:
                _, _, A, C = self._ends(ar)
                for i in range(K - 1):
                    for a in range(s):
                        for b in range(s):
                            w = ar.p.product_ratio(A[i][a], C[i + 1][b], ar.B[a][b], Z)
                            total += w * ar.be[a][b]
            self._memo[key] = total
        return self._memo[key]

    def relative_entropies(self, log_isolated: Sequence[Any]) -> list[mpmath.mpf]:
        """D(p_i || q_i) = <ln Env_i> - ln Z + ln Z_i, given ln Z_i (mpf) of the isolated cells.

        Precision: absolute error below 10^-(digits + 2) (ball radius; ln Z_i exact as
        given); float64: :meth:`float64_errors`.
        """
        out = []
        for i in range(len(self.sizes)):
            lz = mpmath.mpf(log_isolated[i])

            def compute(ar: _Arith, i: int = i, lz: Any = lz) -> Any:
                return relative_entropy_from_environment(
                    self._log_env_mean(ar, i), ar.p.log(self._Z(ar)), ar.p.real(lz)
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
        mul, mul_top = ar.p.mul, ar.p.mul_top
        if G2 is not None:
            E = [[mul(G1[xla][xfb], G2[xlb][xfa]) for xfb, xlb in pairs] for xfa, xla in pairs]
        else:
            left, right, _, _ = self._ends(ar)
            # only E[N - m], m <= L_a + L_b, is ever read
            lo = self.N - self._top(ia) - self._top(ib)
            gap = max(ar.p.length(g) for row in G1 for g in row) - 1
            outer = [
                [mul_top(left[ia][xfa], right[ib][xlb], lo - gap) for xlb in range(s)]
                for xfa in range(s)
            ]
            E = [
                [mul_top(outer[xfa][xlb], G1[xla][xfb], lo) for xfb, xlb in pairs]
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
            mul_top, N = ar.p.mul_top, self.N
            F = [mul_top(left[ia][xfa], w[xla], N - self._top(ia)) for xfa, xla in pairs]
            G = [mul_top(y[xfb], right[ib][xlb], N - self._top(ib)) for xfb, xlb in pairs]
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
        10^-(digits + 2) (ball radius); float64: :meth:`float64_errors`.

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

        def probability(ar: _Arith, x: tuple[int, ...]) -> Any:
            mul, Z, one = ar.p.mul, self._Z(ar), ar.p.unit
            poly = ar.Dz[x[0]]
            for k in range(len(marked) - 1):
                step = ar.propagator(marked[k + 1] - marked[k])[x[k]][x[k + 1]]
                poly = mul(mul(poly, step), ar.Dz[x[k + 1]])
            if self.model.boundary == "periodic":
                wrap = ar.propagator(n - marked[-1] + marked[0])[x[-1]][x[0]]
                return ar.p.product_ratio(poly, wrap, one, Z)
            before = ar.power(marked[0])
            poly = mul(ar.p.add(before[a][x[0]] for a in range(s)), poly)
            after = n - 1 - marked[-1]
            if not after:
                return ar.p.ratio([(poly, self.N, one)], Z)
            row = ar.propagator(after)[x[-1]]
            end = ar.p.add(mul(row[b], ar.Dz[b]) for b in range(s))
            return ar.p.product_ratio(poly, end, one, Z)

        def law(x: tuple[int, ...]) -> Callable[[_Arith], Any]:
            return lambda ar: probability(ar, x)

        states = itertools.product(range(s), repeat=len(marked))
        return {x: self._certified(("joint", marked, x), law(x)) for x in states}

    def configuration_mutual_information(self, a: int, b: int) -> mpmath.mpf:
        """I(X_a : X_b) in nats (a != b): E_P[ln E] - E[ln F] - E[ln G] + ln Z_N.

        Precision: absolute error below 10^-(digits + 2) (ball radius); float64:
        :meth:`float64_errors`.
        """
        ia, ib = min(a, b), max(a, b)

        def compute(ar: _Arith) -> Any:
            N, p = self.N, ar.p
            UA, UB, E = self._pair(ar, ia, ib)
            F, G = self._marginal_polys(ar, ia, ib)
            r = range(len(UA))
            # the product U_a U_b read only where its partner N - m exists in E
            joint = [
                (p.mul_top(UA[al], UB[be], max(N - p.length(E[al][be]) + 1, 0)), E[al][be])
                for al in r
                for be in r
            ]
            return (
                p.mean_log(joint)
                - p.mean_log(zip(UA, F, strict=True))
                - p.mean_log(zip(UB, G, strict=True))
                + p.log(self._Z(ar))
            )

        return self._certified(("I", self._where(ia, ib)), compute)

    def occupation_mutual_information(self, a: int, b: int) -> mpmath.mpf:
        """I(n_a : n_b) in nats (a != b).

        Precision: absolute error below 10^-(digits + 2) (ball radius) up to
        :data:`BALL_TABLE_LIMIT` significant pairs (n_a, n_b); beyond, and for
        ``digits=None``, the float64 table of :func:`~.information.occupation_table`
        with an absolute error below 1e-12.
        """
        ia, ib = min(a, b), max(a, b)
        flint = _flint()
        if self.model.float64:
            key = ("In64", self._where(ia, ib))
            value = self._in_float64(key, lambda ar: self._occupation_table(ar, ia, ib))
            if value is not None:
                return value
        with flint.ctx.workprec(mpmath.mp.prec + 32):
            ar = self._at(mpmath.mp.prec + 32)
            pA, pB, keepA, keepB = self._occupation_marginals(ar, ia, ib)
            feasible = self._feasible_pairs(ar, ia, ib, keepA, keepB)
        if feasible <= BALL_TABLE_LIMIT:
            return self._certified(
                ("In", self._where(ia, ib)),
                lambda ar: self._occupation_ball(ar, ia, ib),
                balls=True,
            )
        wide = ("In64", self._where(ia, ib), mpmath.mp.prec)
        if wide not in self._memo:
            with flint.ctx.workprec(mpmath.mp.prec + 32):
                ar.p.tilt = self.tilt()  # the frame of the logarithms (read only there)
                self._memo[wide] = self._occupation_table(ar, ia, ib)
        return self._memo[wide]

    def _occupation_table(self, ar: _Arith, ia: int, ib: int) -> mpmath.mpf:
        """I(n_a : n_b) from the float64 table P(n_a, n_b) (absolute error below 1e-12).

        P(n_a, n_b) = sum U_a[alpha][n_a] U_b[beta][n_b] E[alpha][beta][N - n_a - n_b] / Z_N
        (:func:`~.information.occupation_table`), from the logarithms of the coefficients
        in the tilted frame of :meth:`tilt` (its t^N cancels in the normalisation), over
        the occupations whose marginal is above 10^-(digits + 12) of the largest.
        """
        import numpy as np

        N = self.N
        UA, UB, E = self._pair(ar, ia, ib)
        F, G = self._marginal_polys(ar, ia, ib)
        na, nb = np.arange(self._top(ia) + 1), np.arange(self._top(ib) + 1)
        cut = math.log(10) * (self.model.digits + 12)

        def kept(U: list[Poly], H: list[Poly], ns: Any) -> Any:
            logs = ar.p.log_coefficients(U, ns) + ar.p.log_coefficients(H, N - ns)
            top = logs.max(axis=0)
            with np.errstate(invalid="ignore"):
                marginal = top + np.log(np.exp(logs - top).sum(axis=0))
            marginal = np.where(np.isfinite(top), marginal, -np.inf)
            return ns[marginal >= marginal.max() - cut]

        ka, kb = kept(UA, F, na), kept(UB, G, nb)
        ms = np.arange(max(N - ka.max() - kb.max(), 0), N - ka.min() - kb.min() + 1)
        la, lb = ar.p.log_coefficients(UA, ka), ar.p.log_coefficients(UB, kb)
        le = ar.p.log_coefficients([e for row in E for e in row], ms)
        r = len(UA)
        P = occupation_table(
            np.exp(la - la.max()),
            np.exp(lb - lb.max()),
            np.exp(le - le.max()).reshape(r, r, -1),
            N - ka[:, None] - kb[None, :] - ms[0],
        )
        # each factor is at most 1 and a dropped one (unresolved or underflowed) below 2^-500:
        # negligible unless the table's largest entry is itself below 2^-400
        if not P.max() >= NEGLIGIBLE:
            raise Unresolved("an occupation table below the float64 resolution")
        return mpmath.mpf(table_mutual_information(P / P.sum()))

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


def _check_sizes(sites: int, sizes: Any) -> tuple[int, ...]:
    """Cell sizes: positive integers summing to ``sites``, else a DomainError naming them."""
    try:
        out = tuple(as_int("sizes", k) for k in sizes)
    except (DomainError, TypeError):
        out = ()
    if not out or min(out) < 1 or sum(out) != sites:
        raise DomainError(
            f"sizes must be positive integers summing to sites = {short(sites)}; got {short(sizes)}"
        )
    return out


def check_budget(model: LatticeModel, cells: int | None = None) -> None:
    """Refuse up front a canonical computation estimated above the time or memory budget.

    ``cells=None``: ln Z_N alone; else a table of that many cells.  The estimates are
    those of the route that will run (float64 for ``digits=None`` from
    :data:`FLOAT64_PARTICLES` particles on, else balls).  The estimates
    (:func:`estimated_seconds`, :func:`estimated_bytes`) are checked by
    :func:`mesosym.budget.require` against :data:`mesosym.budget.TIME_LIMIT_SECONDS`
    (:data:`CANONICAL_BUDGET` unless raised) and :data:`mesosym.budget.MEMORY_LIMIT_BYTES`;
    the refusal states both.
    """
    check_lattice_model(model)
    if cells is not None:
        cells = check_count("cells", cells, minimum=1)
    N = model.particles if model.particles is not None else model.sites
    fast = bool(model.float64) and N >= FLOAT64_PARTICLES
    t = estimated_seconds(model.sites, N, cells, float64=fast)
    m = estimated_bytes(model.sites, N, cells, float64=fast)
    d = min(model.sites, N)
    table = "ln Z_N" if cells is None else f"a table of {short(cells)} cells"
    arithmetic = "float64" if fast else "ball"
    require(
        f"sites = {short(model.sites)}, particles = {short(N)}, {table} by the fugacity-polynomial "
        f"transfer route ({arithmetic} operations on polynomials of degree {short(d)}; estimated "
        f"{t:.2g} s of CPU and {m / 2**30:.2g} GiB of memory)",
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
