"""A one-dimensional classical gas (particles or hard rods) and its mesoscopic partition function.

N particles with centres in [0, L], thermal wavelength 1 (the momenta are
integrated out), pair potential phi(r) and optionally a hard core a (rods of
length a may not overlap: |x_i - x_j| >= a):

    Z = (1/N!) int_[0,L]^N exp(-beta U) dx,   U = sum_{i<j} phi(|x_i - x_j|).

Closed forms: the ideal gas, Z = L^N/N!, and hard rods (Tonks), ordering the
centres and removing the excluded length, y_i = x_i - (i - 1) a,

    Z = (L - (N - 1) a)^N / N!     (0 when L < (N - 1) a).

Otherwise Z is a quadrature over the gaps between ordered centres (N <= 3).

The mesoscopic partition function cuts [0, L] into M cells of width w = L/M;
a sector is a multiset of N cells, its volume w^N / prod n_a!, and its energy
the sector average Hbar(n) = (1/2) sum_{a,b} n_a (n_b - delta_ab) phibar(|a - b|)
(:mod:`mesosym.mesoscopic.pair_averages`).  Equivalently, summing over ordered
cell tuples, Z_mes = (w^N/N!) sum_{c in [M]^N} prod_{i<j} exp(-beta phibar(|c_i - c_j|)).
phibar depends only on the cell offset, so a multiset is a translate of a
pattern 0 = p_1 <= ... <= p_N <= M - 1 and contributes (M - p_N) times:
C(M + N - 2, N - 1) patterns instead of C(M + N - 1, N) sectors.

Pure hard rods (no soft potential) give exactly, with c = ceil(a/w),

    Z_mes = w^N C(M - c (N - 1), N),

since an offset k is allowed iff k >= 1 + a/w (each cell holds one rod at
most).  For commensurate cells (a = c w) this is (1/N!) prod_{j<N} (L' - j w),
L' = L - (N - 1) a, so ln Z_mes - ln Z = sum_{j<N} ln(1 - j w / L'), of order
w (not w^2) and extensive (~ -N^2 w / (2 L')).

Examples
--------
Two particles on [0, 1], no interaction: Z = 1/2, and every cell structure
gives the same (the Hamiltonian is constant, 0, on every sector):

>>> gas = ContinuumGas(2, 1)
>>> z, z_mes = gas.log_partition_function(), gas.log_mesoscopic_partition_function(cells=5)
>>> with mpmath.workdps(30):
...     abs(z + mpmath.log(2)) < 1e-29 and z_mes == z
True

Two rods of length 1/4 on [0, 1]: Z = (3/4)^2/2 = 9/32; with 4 cells of width
1/4 only cells two or more apart are overlap-free, the sectors {0, 2}, {1, 3},
{0, 3}, so Z_mes = 3 (1/4)^2 = 3/16:

>>> rods = ContinuumGas(2, 1, hard_core=sympy.Rational(1, 4), digits=15)
>>> z, z_mes = rods.log_partition_function(), rods.log_mesoscopic_partition_function(4)
>>> print(mpmath.exp(z), mpmath.exp(z_mes))
0.28125 0.1875
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy

from ..errors import ConvergenceError, DomainError
from ..significant import significant
from ..symbols import r
from ..validation import check_count, check_digits
from ._gas_parameters import (
    count_parameter,
    is_symbolic,
    nonnegative_parameter,
    positive_parameter,
    to_mpf,
)
from .pair_averages import cell_pair_averages, check_pair_potential, potential_function

__all__ = [
    "ContinuumGas",
    "MAX_PATTERNS_MPMATH",
    "MAX_PATTERNS_FLOAT64",
    "MAX_SECTORS",
    "MAX_CELLS_POTENTIAL",
]

#: largest number of translation classes summed in mpmath (about 20 microseconds each)
MAX_PATTERNS_MPMATH = 2_000_000
#: largest number of translation classes summed in float64 (N * 8 bytes each)
MAX_PATTERNS_FLOAT64 = 5_000_000
#: largest number of sectors the brute-force (definition) route enumerates
MAX_SECTORS = 1_000_000
#: largest number of cells with a soft potential (one quadrature per offset, ~5 ms each)
MAX_CELLS_POTENTIAL = 5_000
#: the automatic route sums in mpmath up to this many patterns, in float64 beyond
AUTO_MPMATH_PATTERNS = 20_000

#: the quadrature rule of Z: Gauss-Legendre, for integrands analytic on the gap simplex
_RULE = "gauss-legendre"

_METHODS = ("auto", "mpmath", "float64", "enumerate")


def _patterns(cells: int, particles: int) -> int:
    return math.comb(cells + particles - 2, particles - 1)


class ContinuumGas:
    """N particles (or hard rods) on [0, L] with a pair potential; Z and the mesoscopic Z_mes.

    Parameters
    ----------
    particles : int
        N >= 1.
    length : number or SymPy expression
        L > 0; the rod centres lie in [0, L].
    pair_potential : SymPy expression in :data:`mesosym.symbols.r`, optional
        phi(r), real and finite for r > 0 (r >= hard_core); None for none.
    hard_core : number or SymPy expression
        The rod length a >= 0: configurations with |x_i - x_j| < a are excluded.
    beta : number or SymPy expression
        Inverse temperature, > 0 (a continuum gas has no upper energy bound).
    digits : int
        Working precision of the returned ``mpmath.mpf`` values.

    Notes
    -----
    Exact for the ideal gas and hard rods (also with SymPy symbols); with a soft
    potential the numbers come from quadrature (N <= 3) and sector sums.

    Examples
    --------
    Three free particles on [0, 2]: Z = 2^3/3! = 4/3.

    >>> mpmath.nstr(mpmath.exp(ContinuumGas(3, 2).log_partition_function()), 25)
    '1.333333333333333333333333'
    """

    __slots__ = ("_N", "_L", "_phi", "_a", "_beta", "_digits")

    def __init__(
        self,
        particles: int,
        length: Any,
        pair_potential: Any = None,
        hard_core: Any = 0,
        beta: Any = 1,
        digits: int = 30,
    ) -> None:
        self._N: int = count_parameter("particles", particles)
        self._L = positive_parameter("length", length)
        self._phi = check_pair_potential(pair_potential)
        self._a = nonnegative_parameter("hard_core", hard_core)
        self._beta = positive_parameter(
            "beta", beta, why="a continuum gas needs beta > 0: its energy is unbounded above"
        )
        self._digits: int = check_digits(check_count("digits", digits, minimum=5))
        if not is_symbolic(self._L, self._a) and self._a * (self._N - 1) > self._L:
            raise DomainError(
                f"length must be >= (particles - 1) * hard_core = {self._a * (self._N - 1)} "
                f"for {self._N} rods to fit; got length = {self._L}"
            )

    # -- the parameters ---------------------------------------------------------
    particles = property(lambda self: self._N, doc="N.")
    length = property(lambda self: self._L, doc="L (exact number or SymPy expression).")
    pair_potential = property(lambda self: self._phi, doc="phi(r) or None.")
    hard_core = property(lambda self: self._a, doc="The rod length a.")
    beta = property(lambda self: self._beta, doc="Inverse temperature.")
    digits = property(lambda self: self._digits, doc="Working precision in decimal digits.")

    @property
    def symbolic(self) -> bool:
        """True when a parameter is a SymPy expression with free symbols."""
        return is_symbolic(self._L, self._a, self._beta)

    def __str__(self) -> str:
        core = f", hard core {self._a}" if self._a else ""
        return (
            f"gas of {self._N} particles on a line of length {self._L}, pair potential "
            f"phi(r) = {self._phi}{core}, beta = {self._beta}"
        )

    def _repr_latex_(self) -> str:
        """A notebook's view: the particles, the length and the pair potential."""
        core = rf", \ a = {sympy.latex(self._a)}" if self._a else ""
        return (
            rf"$\displaystyle N = {self._N}, \ L = {sympy.latex(self._L)}, \ "
            rf"\phi(r) = {sympy.latex(self._phi)}{core}, \ \beta = {sympy.latex(self._beta)}$"
        )

    def __repr__(self) -> str:
        return (
            f"ContinuumGas({self._N}, {self._L}, pair_potential={self._phi}, "
            f"hard_core={self._a}, beta={self._beta}, digits={self._digits})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContinuumGas):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[Any, ...]:
        return (self._N, self._L, self._phi, self._a, self._beta, self._digits)

    def _require_numeric(self, what: str) -> None:
        if self.symbolic:
            raise DomainError(
                f"{what} with a pair potential needs numeric length, hard_core and beta; got "
                f"length = {self._L}, hard_core = {self._a}, beta = {self._beta}"
            )

    # -- Z ----------------------------------------------------------------------
    def log_partition_function(self) -> Any:
        """Return ln Z = ln[(1/N!) int exp(-beta U)].

        Returns
        -------
        mpmath.mpf or sympy.Expr
            Closed form without a soft potential: N ln(L - (N - 1) a) - ln N!
            (exact to ``digits``; a SymPy expression for symbolic parameters).
            With a soft potential (N <= 3): Gauss-Legendre quadrature over the
            gaps between ordered centres (nested for N = 3) at ``digits + 5``,
            accurate to about ``digits - 3`` digits for potentials analytic on
            [a, L] (mpmath's error estimate is checked; ConvergenceError if above).

        Examples
        --------
        >>> from mesosym.symbols import r
        >>> L = sympy.Symbol("L", positive=True)
        >>> ContinuumGas(2, L, hard_core=1).log_partition_function()
        2*log(L - 1) - log(2)
        """
        N = self._N
        if self._phi is None:
            if self.symbolic:
                return N * sympy.log(self._L - (N - 1) * self._a) - sympy.log(sympy.factorial(N))
            with mpmath.workdps(self._digits + 5):
                free = to_mpf(self._L - (N - 1) * self._a)
                value = N * mpmath.log(free) - mpmath.loggamma(N + 1) if free > 0 else -mpmath.inf
            return significant(value, self._digits)
        self._require_numeric("log_partition_function")
        with mpmath.workdps(self._digits + 5):
            value = mpmath.log(self._gap_integral(None))
        return significant(value, self._digits)

    def _gap_integral(self, observable: Callable[..., Any] | None) -> Any:
        """Integrate (L - sum g) exp(-beta U) observable over gaps g_i >= a with sum g <= L."""
        N = self._N
        if N > 3:
            raise DomainError(
                f"particles must be <= 3 for the quadrature of Z with a pair potential; got {N} "
                "(a 3-dimensional tanh-sinh quadrature at this precision would take hours)"
            )
        phi = potential_function(self._phi) if self._phi is not None else (lambda g: 0)
        L, a, beta = to_mpf(self._L), to_mpf(self._a), to_mpf(self._beta)
        obs = observable if observable is not None else (lambda *g: 1)
        tol = mpmath.mpf(10) ** (8 - mpmath.mp.dps)
        if N == 1:
            return L * obs()
        if N == 2:

            def f2(g: Any) -> Any:
                return (L - g) * mpmath.exp(-beta * phi(g)) * obs(g)

            value, err = mpmath.quad(f2, mpmath.linspace(a, L, 5), method=_RULE, error=True)
        else:

            def inner(g1: Any) -> Any:
                p1 = phi(g1)

                def f3(g2: Any) -> Any:
                    return (
                        (L - g1 - g2)
                        * mpmath.exp(-beta * (p1 + phi(g2) + phi(g1 + g2)))
                        * obs(g1, g2)
                    )

                return mpmath.quad(f3, [a, L - g1], method=_RULE)

            value, err = mpmath.quad(inner, [a, L - a], method=_RULE, error=True)
        if not (mpmath.isfinite(value) and err <= tol * abs(value)):
            raise ConvergenceError(
                f"the quadrature of Z did not reach {mpmath.mp.dps - 8} digits: "
                f"value {value}, error estimate {err}"
            )
        return value

    def mean_square_force(self) -> Any:
        """<sum_i (dU/dx_i)^2> in the canonical ensemble (quadrature, N <= 3, no hard core).

        Returns
        -------
        mpmath.mpf
            Accurate to about ``digits - 3`` digits (quadrature at ``digits + 5``).

        Examples
        --------
        A linear potential phi = r has |dU/dx_i| = 1 for both particles:

        >>> from mesosym.symbols import r
        >>> ContinuumGas(2, 1, r, digits=15).mean_square_force()
        mpf('2.0')
        """
        if self._phi is None or self._N == 1:
            return mpmath.mpf(0)
        self._require_numeric("mean_square_force")
        if self._a != 0:
            raise DomainError(
                f"hard_core must be 0 for the mean square force (the hard core's force is a "
                f"delta function); got {self._a}"
            )
        dphi = potential_function(sympy.diff(self._phi, r))

        def force2(*g: Any) -> Any:
            if len(g) == 1:
                return 2 * dphi(g[0]) ** 2
            g1, g2 = g
            d1, d2, d12 = dphi(g1), dphi(g2), dphi(g1 + g2)
            return (d1 + d12) ** 2 + (d1 - d2) ** 2 + (d2 + d12) ** 2

        with mpmath.workdps(self._digits + 5):
            value = self._gap_integral(force2) / self._gap_integral(None)
        return significant(value, self._digits)

    def fine_graining_coefficient(self) -> Any:
        """C in ln Z - ln Z_mes = C w^2 + O(w^4) for a smooth potential: C = beta^2 <|grad U|^2>/24.

        Within a sector each centre is uniform in its cell, so U - Hbar is, to first
        order, sum_i xi_i dU/dx_i with independent xi_i of variance w^2/12; the
        second cumulant of Jensen's gap gives (beta^2/2) Var = beta^2 w^2 |grad U|^2/24;
        odd moments vanish by symmetry, so the next term is O(w^4).  Needs phi
        smooth and even in r (phi'(0) = 0) for pairs inside one cell.

        Examples
        --------
        >>> from mesosym.symbols import r
        >>> ContinuumGas(2, 1, r, digits=15).fine_graining_coefficient()  # 2/24
        mpf('0.0833333333333333')
        """
        with mpmath.workdps(self._digits):
            value = to_mpf(self._beta) ** 2 * self.mean_square_force() / 24
        return significant(value, self._digits)

    # -- Z_mes ------------------------------------------------------------------
    def sector_count(self, cells: int) -> int:
        """The number of sectors (multisets of N of the M cells), C(M + N - 1, N).

        >>> ContinuumGas(2, 1).sector_count(3)
        6
        """
        M = check_count("cells", cells, minimum=1)
        return math.comb(M + self._N - 1, self._N)

    def log_mesoscopic_partition_function(self, cells: int, *, method: str = "auto") -> Any:
        """Return ln Z_mes for M equal cells of width w = L/M.

        Parameters
        ----------
        cells : int
            M >= 1.
        method : {"auto", "mpmath", "float64", "enumerate"}
            ``"enumerate"``: the definition, every sector (multiset) with its
            Hbar(n), in mpmath (the baseline; at most ``MAX_SECTORS`` sectors).
            ``"mpmath"``: translation classes (patterns) summed in mpmath at
            ``digits``.  ``"float64"``: the same classes in numpy, with the
            pair averages computed in mpmath; relative error of Z_mes below
            (max |log term| + log2(patterns) + N^2) * 2**-53, i.e. an absolute
            error in ln Z_mes of about 1e-13 for N <= 4, M <= 128.
            ``"auto"``: closed forms without a soft potential (ideal gas:
            Z_mes = Z; hard rods: w^N C(M - ceil(a/w)(N - 1), N)), else
            ``"mpmath"`` up to 20000 patterns and ``"float64"`` beyond.

        Returns
        -------
        mpmath.mpf or sympy.Expr
            ``-inf`` when every sector allows an overlap (cells too coarse for
            N rods: M - ceil(a/w)(N - 1) < N).

        Raises
        ------
        DomainError
            Bad ``cells`` or ``method``; a size that would not finish (with the count).

        Examples
        --------
        >>> ContinuumGas(3, 1, hard_core=sympy.Rational(1, 10)).log_mesoscopic_partition_function(
        ...     20, method="enumerate") - mpmath.log(mpmath.binomial(16, 3) / 20**3)
        mpf('0.0')
        """
        M = check_count("cells", cells, minimum=1)
        if method not in _METHODS:
            raise DomainError(f"method must be one of {', '.join(_METHODS)}; got {method!r}")
        N = self._N
        w = self._L / M
        if method == "auto" and self._phi is None:
            return self._closed_mesoscopic(M, w)
        self._require_numeric("log_mesoscopic_partition_function")
        patterns = _patterns(M, N)
        if self._phi is not None and M > MAX_CELLS_POTENTIAL:
            raise DomainError(
                f"cells must be <= {MAX_CELLS_POTENTIAL} with a pair potential (one quadrature "
                f"per cell offset, about {M * 5e-3:.0f} s for {M} cells); got {M}"
            )
        if method == "auto":
            method = "mpmath" if patterns <= AUTO_MPMATH_PATTERNS else "float64"
        if method == "enumerate":
            sectors = math.comb(M + N - 1, N)
            if sectors > MAX_SECTORS:
                raise DomainError(
                    f"cells = {M} with {N} particles has {sectors} sectors (> {MAX_SECTORS}, "
                    f"about {sectors * 2e-5 * N * N:.0f} s to enumerate); use method='mpmath' "
                    "or 'float64'"
                )
        elif method == "mpmath" and patterns > MAX_PATTERNS_MPMATH:
            raise DomainError(
                f"cells = {M} with {N} particles has {patterns} translation classes "
                f"(> {MAX_PATTERNS_MPMATH}, about {patterns * 1e-5 * N * N:.0f} s in mpmath); "
                "use method='float64' or fewer cells"
            )
        elif method == "float64" and patterns > MAX_PATTERNS_FLOAT64:
            raise DomainError(
                f"cells = {M} with {N} particles has {patterns} translation classes "
                f"(> {MAX_PATTERNS_FLOAT64}, about {patterns * N * 8 / 1e6:.0f} MB); "
                "use fewer cells"
            )
        work = self._digits + 5 if method != "float64" else 20
        with mpmath.workdps(work):
            phibar = cell_pair_averages(self._phi, w, M, self._a)
            beta = to_mpf(self._beta)
            logw = [-beta * p if mpmath.isfinite(p) else -mpmath.inf for p in phibar]
            log_width = mpmath.log(to_mpf(w))
            if method == "enumerate":
                total = _enumerate_sectors(phibar, beta, M, N)
                value = N * log_width + mpmath.log(total) if total > 0 else -mpmath.inf
            elif method == "mpmath":
                total = _pattern_sum_mpmath(logw, M, N)
                value = N * log_width + mpmath.log(total) if total > 0 else -mpmath.inf
            else:
                log_total = _pattern_sum_float64(logw, M, N)
                value = N * log_width + log_total
        if not mpmath.isfinite(value):
            return -mpmath.inf
        return significant(value, self._digits)

    def _closed_mesoscopic(self, M: int, w: Any) -> Any:
        """Z_mes, no soft potential: L^N/N! if a = 0, else w^N C(M - c(N - 1), N), c = ceil(a/w)."""
        N = self._N
        if self._a == 0:  # Hbar = 0 on every sector: sum_n w^N / prod n_a! = (M w)^N / N! = Z
            return self.log_partition_function()
        if self.symbolic:
            c = sympy.ceiling(self._a / w)
            return sympy.log(w**N * sympy.binomial(M - c * (N - 1), N))
        c = int(sympy.ceiling(self._a / w))
        free_cells = M - c * (N - 1)
        if free_cells < N:
            return -mpmath.inf
        with mpmath.workdps(self._digits + 5):
            value = N * mpmath.log(to_mpf(w)) + mpmath.log(math.comb(free_cells, N))
        return significant(value, self._digits)


def _enumerate_sectors(phibar: list[Any], beta: Any, M: int, N: int) -> Any:
    """Sum over multisets n of prod 1/n_a! exp(-beta Hbar(n)), Hbar by its definition."""
    total = mpmath.mpf(0)
    for multiset in itertools.combinations_with_replacement(range(M), N):
        occupied: dict[int, int] = {}
        for cell in multiset:
            occupied[cell] = occupied.get(cell, 0) + 1
        hbar = mpmath.mpf(0)
        for a, na in occupied.items():
            for b, nb in occupied.items():
                pair = na * (nb - (a == b))
                if pair:
                    hbar += pair * phibar[abs(a - b)]
        hbar /= 2
        if not mpmath.isfinite(hbar):
            continue
        weight = mpmath.exp(-beta * hbar)
        for na in occupied.values():
            weight /= math.factorial(na)
        total += weight
    return total


def _pattern_sum_mpmath(logw: list[Any], M: int, N: int) -> Any:
    """Sum over patterns 0 = p_1 <= ... <= p_N < M of (M - p_N) prod W(p_j - p_i) / prod m!."""
    W = [mpmath.exp(v) for v in logw]
    inverse_factorial = [mpmath.mpf(1) / math.factorial(m) for m in range(N + 1)]
    total = mpmath.mpf(0)
    for rest in itertools.combinations_with_replacement(range(M), N - 1):
        p = (0, *rest)
        term = mpmath.mpf(M - p[-1])
        run = 1
        for j in range(1, N):
            pj = p[j]
            for i in range(j):
                term *= W[pj - p[i]]
            if not term:
                break
            if pj == p[j - 1]:
                run += 1
                term *= inverse_factorial[run] / inverse_factorial[run - 1]
            else:
                run = 1
        total += term
    return total


def _pattern_sum_float64(logw: list[Any], M: int, N: int) -> Any:
    """Log of the pattern sum, in float64 with a log-sum-exp; returns an mpf (or -inf)."""
    lw = np.array([float(v) for v in logw], dtype=np.float64)
    if N == 1:
        return mpmath.log(M)
    rest = np.fromiter(
        itertools.chain.from_iterable(itertools.combinations_with_replacement(range(M), N - 1)),
        dtype=np.int64,
    ).reshape(-1, N - 1)
    p = np.concatenate([np.zeros((rest.shape[0], 1), dtype=np.int64), rest], axis=1)
    log_terms = np.log((M - p[:, -1]).astype(np.float64))
    run = np.ones(p.shape[0], dtype=np.float64)
    log_mult = np.zeros(p.shape[0], dtype=np.float64)
    for j in range(1, N):
        for i in range(j):
            log_terms += lw[p[:, j] - p[:, i]]
        same = p[:, j] == p[:, j - 1]
        run = np.where(same, run + 1, 1.0)
        log_mult += np.log(run)
    log_terms -= log_mult
    top = float(np.max(log_terms))
    if not math.isfinite(top):
        return -mpmath.inf
    return mpmath.mpf(top) + mpmath.log(float(np.sum(np.exp(log_terms - top))))
