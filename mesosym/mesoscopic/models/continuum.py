"""A one-dimensional classical gas (particles or hard rods) and its mesoscopic partition function.

N particles with centres in [0, L], thermal wavelength 1 (the momenta are
integrated out), pair potential phi(r) and optionally a hard core a (rods of
length a may not overlap: |x_i - x_j| >= a):

    Z = (1/N!) int_[0,L]^N exp(-beta U) dx,   U = sum_{i<j} phi(|x_i - x_j|).

Closed forms: the ideal gas, Z = L^N/N!, and hard rods (Tonks), ordering the
centres and removing the excluded length, y_i = x_i - (i - 1) a,

    Z = (L - (N - 1) a)^N / N!     (0 when L < (N - 1) a).

Otherwise Z is a quadrature over the N - 1 gaps between ordered centres:
nested Gauss-Legendre rules, split where the potential has a kink, a jump or a
singular point, with the number of nodes raised until two rules agree (see
:meth:`ContinuumGas.log_partition_function`); its cost grows like n^(N - 1) and
is refused up front beyond the budget (N = 4 takes a fraction of a second in
float64).

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
w (not w^2) and extensive (~ -N^2 w / (2 L')).  For incommensurate cells,
c w = a + delta with 0 < delta < w, and exactly
ln Z_mes - ln Z = sum_{j<N} ln(1 - ((N - 1) delta + j w)/L'): the coefficient of
w depends on a/w mod 1, between N^2/(2 L') and 3 N^2/(2 L').

Arithmetic: ``digits=D`` (default 30) works in mpmath at D + 5 digits and
returns ``mpf`` values that print D digits; ``digits=None`` works in float64
and returns Python floats, with the error bounds stated on each method.

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

import functools
import itertools
import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy

from ...budget import binomial_bits, require, short
from ...errors import ConvergenceError, DomainError
from ...significant import significant
from ...symbols import r
from ...validation import check_count, check_digits
from .._gas_parameters import (
    count_parameter,
    is_symbolic,
    nonnegative_parameter,
    positive_parameter,
    to_mpf,
)
from ..pair_averages import (
    PotentialProfile,
    cell_averages,
    check_pair_potential,
    first_allowed_offset,
    potential_profile,
    potential_values,
)
from ..quadrature import Arithmetic, finer

__all__ = [
    "ContinuumGas",
    "METHODS",
    "SECONDS_PER_SECTOR",
    "SECONDS_PER_PAIR_TERM",
    "SECONDS_PER_POTENTIAL_VALUE",
    "BYTES_PER_QUADRATURE_POINT",
    "MAX_QUADRATURE_NODES",
    "MAX_EXACT_COUNT_BITS",
    "FLOAT64_GAP_TOLERANCE",
]

#: the routes of ``log_mesoscopic_partition_function``
METHODS = ("auto", "closed form", "patterns", "enumerate")
#: seconds per sector of the definition's enumeration (mpmath, times N^2)
SECONDS_PER_SECTOR = 2e-5
#: seconds per (translation class x pair) of the pattern sum: float64, mpmath
SECONDS_PER_PAIR_TERM = {"float64": 3e-8, "mpmath": 4e-6}
#: seconds per value of the pair potential: float64 (numpy), mpmath (one call each)
SECONDS_PER_POTENTIAL_VALUE = {"float64": 5e-8, "mpmath": 3e-5}
#: bytes per point of the quadrature of Z, per particle (float64; mpmath objects take ~10x)
BYTES_PER_QUADRATURE_POINT = {"float64": 8, "mpmath": 100}
#: the most Gauss-Legendre nodes per gap before the quadrature of Z gives up
MAX_QUADRATURE_NODES = 200
#: the levels of the mesh graded towards a singular point of phi (split at 2^-j of the range)
GRADED_LEVELS = 12
#: exact counts (sector_count) beyond this many bits are refused (they take seconds to build)
MAX_EXACT_COUNT_BITS = 10**6


#: the agreement of two float64 quadratures of ln Z that is accepted
FLOAT64_GAP_TOLERANCE = 1e-13


def _gap_tolerance(digits: int | None) -> Any:
    """The accepted error of ln Z: 1e-13 in float64, 10^-(digits + 1) in mpmath."""
    if digits is None:
        return FLOAT64_GAP_TOLERANCE
    return mpmath.mpf(10) ** -(digits + 1)


def _kind(arithmetic: Arithmetic) -> str:
    return "float64" if arithmetic.float64 else "mpmath"


@functools.lru_cache(maxsize=256)
def _mpf_at(value: Any, prec: int) -> Any:
    """An exact parameter as an mpf of ``prec`` bits, converted once (SymPy's evalf is slow)."""
    with mpmath.workprec(prec):
        return to_mpf(value)


@functools.lru_cache(maxsize=16)
def _patterns(cells: int, particles: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The translation classes 0 = p_1 <= ... <= p_N < M, as arrays.

    Returns (offsets, count, inverse) where ``offsets`` has one row per pair
    i < j (p_j - p_i), ``count`` = M - p_N (the translates) and ``inverse`` =
    prod over runs of equal cells of m! (the multiset's 1/prod n_a!).
    """
    M, N = cells, particles
    rows = np.zeros((1, 1), dtype=np.int64)
    runs = np.ones(1, dtype=np.int64)
    factorial = np.ones(1, dtype=np.int64)
    for _ in range(N - 1):
        last = rows[:, -1]
        counts = M - last
        parent = np.repeat(np.arange(rows.shape[0]), counts)
        starts = np.cumsum(counts) - counts
        within = np.arange(parent.size) - np.repeat(starts, counts)
        new = last[parent] + within
        runs = np.where(within == 0, runs[parent] + 1, 1)
        factorial = factorial[parent] * runs
        rows = np.concatenate([rows[parent], new[:, None]], axis=1)
    pairs = [rows[:, j] - rows[:, i] for j in range(N) for i in range(j)]
    offsets = np.array(pairs, dtype=np.int64).reshape(len(pairs), rows.shape[0])
    for array in (offsets, factorial):
        array.flags.writeable = False
    count = (M - rows[:, -1]).astype(np.int64)
    count.flags.writeable = False
    return offsets, count, factorial


class ContinuumGas:
    """N particles (or hard rods) on [0, L] with a pair potential; Z and the mesoscopic Z_mes.

    Parameters
    ----------
    particles : int
        N >= 1.
    length : number or SymPy expression
        L > 0; the rod centres lie in [0, L].  Exact numbers (a float by its
        binary value) or exact SymPy expressions such as ``sqrt(2)``.
    pair_potential : SymPy expression in :data:`mesosym.symbols.r`, optional
        phi(r), real and bounded below for hard_core <= r <= L; None for none.
        Built from numbers, arithmetic and SymPy's own functions (Piecewise for
        steps); an undefined function or an oddly named symbol is refused.
    hard_core : number or SymPy expression
        The rod length a >= 0: configurations with |x_i - x_j| < a are excluded.
    beta : number or SymPy expression
        Inverse temperature, > 0 (a continuum gas has no upper energy bound).
    digits : int or None
        Working precision of the returned ``mpmath.mpf`` values (default 30);
        None for float64 (Python floats, error bounds stated per method).

    Notes
    -----
    Exact for the ideal gas and hard rods (also with SymPy symbols); with a soft
    potential the numbers come from quadrature and sector sums.  A potential
    that tends to -oo anywhere in [hard_core, L] (-1/r, log r) is refused when
    a number is asked for: Z would be infinite, or the gas unstable.

    Examples
    --------
    Three free particles on [0, 2]: Z = 2^3/3! = 4/3.

    >>> mpmath.nstr(mpmath.exp(ContinuumGas(3, 2).log_partition_function()), 25)
    '1.333333333333333333333333'
    >>> ContinuumGas(3, 2, digits=None).log_partition_function()  # ln(4/3)
    0.2876820724517809
    """

    __slots__ = ("_N", "_L", "_phi", "_a", "_beta", "_digits")

    def __init__(
        self,
        particles: int,
        length: Any,
        pair_potential: Any = None,
        hard_core: Any = 0,
        beta: Any = 1,
        digits: int | None = 30,
    ) -> None:
        self._N: int = count_parameter("particles", particles)
        self._L = positive_parameter("length", length)
        self._phi = check_pair_potential(pair_potential)
        self._a = nonnegative_parameter("hard_core", hard_core)
        self._beta = positive_parameter(
            "beta", beta, why="a continuum gas needs beta > 0: its energy is unbounded above"
        )
        self._digits: int | None = (
            None if digits is None else check_digits(check_count("digits", digits, minimum=5))
        )
        if not is_symbolic(self._L, self._a) and self._a * (self._N - 1) > self._L:
            raise DomainError(
                f"length must be >= (particles - 1) * hard_core = "
                f"{short(self._a * (self._N - 1), form=str)} for {short(self._N)} rods to fit; "
                f"got length = {short(self._L, form=str)}"
            )

    # -- the parameters ---------------------------------------------------------
    particles = property(lambda self: self._N, doc="N.")
    length = property(lambda self: self._L, doc="L (exact number or SymPy expression).")
    pair_potential = property(lambda self: self._phi, doc="phi(r) or None.")
    hard_core = property(lambda self: self._a, doc="The rod length a.")
    beta = property(lambda self: self._beta, doc="Inverse temperature.")
    digits = property(lambda self: self._digits, doc="Decimal digits, or None for float64.")

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

    # -- arithmetic ---------------------------------------------------------------
    @property
    def _arithmetic(self) -> Arithmetic:
        return Arithmetic(self._digits)

    def _work_dps(self) -> int:
        return (self._digits if self._digits is not None else 15) + 5

    def _result(self, value: Any) -> Any:
        """The answer in the gas's arithmetic: a float (digits=None) or a significant mpf."""
        if self._digits is None:
            return float(value)
        if not mpmath.isfinite(value):
            return value
        return significant(value, self._digits)

    def _profile(self) -> PotentialProfile:
        """Where phi is not analytic on [a, L]; refuses a potential unbounded below there."""
        assert self._phi is not None
        return potential_profile(self._phi, self._a, self._L)

    # -- Z ----------------------------------------------------------------------
    def log_partition_function(self) -> Any:
        """Return ln Z = ln[(1/N!) int exp(-beta U)].

        Returns
        -------
        float, mpmath.mpf or sympy.Expr
            Closed form without a soft potential: N ln(L - (N - 1) a) - ln N!
            (to ``digits``, or to a few units of 1e-16 relative in float64; a
            SymPy expression for symbolic parameters).
            With a soft potential: the integral over the gaps g_i >= a between
            ordered centres of (L - sum g) exp(-beta U), by nested
            Gauss-Legendre rules of n nodes per gap, split at the kinks, jumps
            and singular points of phi and at the points where these meet the
            limits of the other gaps.  n grows (n -> about 3n/2) until two
            successive rules agree in ln Z to 10^-(digits + 1) (float64:
            1e-13), or until the last two differences fall geometrically and
            predict (difference^2 / previous difference) an error below that;
            the finer rule is returned.  For potentials analytic between
            those points ln Z is then correct to ``digits`` (float64: to
            about 1e-12 absolute, the rounding of the sum included).
            ConvergenceError if the rules do not agree within
            ``MAX_QUADRATURE_NODES`` nodes; BudgetError up front when the
            next rule would exceed the time or memory budget (n^(N - 1)
            points: N = 4 takes well under a second in float64, a few seconds
            in mpmath; N = 6 is refused in mpmath).

        Examples
        --------
        >>> from mesosym.symbols import r
        >>> L = sympy.Symbol("L", positive=True)
        >>> ContinuumGas(2, L, hard_core=1).log_partition_function()
        2*log(L - 1) - log(2)

        Two particles on [0, 1] with a step phi = 1 below r = 1/2: three quarters
        of the unit square have |x - y| < 1/2, so Z = (3 exp(-1) + 1)/8:

        >>> step = sympy.Piecewise((1, r < sympy.Rational(1, 2)), (0, True))
        >>> z = ContinuumGas(2, 1, step, digits=20).log_partition_function()
        >>> with mpmath.workdps(30):
        ...     abs(z - mpmath.log((3 * mpmath.exp(-1) + 1) / 8)) < 1e-19
        True
        """
        N = self._N
        if self._phi is None:
            if self.symbolic:
                return N * sympy.log(self._L - (N - 1) * self._a) - sympy.log(sympy.factorial(N))
            with mpmath.workdps(self._work_dps() + len(str(N))):
                free = to_mpf(self._L - (N - 1) * self._a)
                value = N * mpmath.log(free) - mpmath.loggamma(N + 1) if free > 0 else -mpmath.inf
            return self._result(value)
        self._require_numeric("log_partition_function")
        with mpmath.workdps(self._work_dps()):
            log_integral = self._gap_integral(None)
        return self._result(log_integral)

    def _quadrature_cost(self, n: int, pieces: float, arithmetic: Arithmetic) -> None:
        """Refuse a rule of n nodes per gap piece beyond the budget (``pieces``: of all gaps)."""
        N = self._N
        points = pieces * math.exp(min((N - 1) * math.log(n), 700.0))
        kind = _kind(arithmetic)
        require(
            f"the quadrature of Z for {N} particles ({n} nodes per gap piece, {pieces:.3g} "
            f"pieces, {points:.3g} points, {kind})",
            seconds=points * (N * (N - 1) / 2) * SECONDS_PER_POTENTIAL_VALUE[kind],
            memory=points * (N * N + 4) * BYTES_PER_QUADRATURE_POINT[kind],
            change="particles (fewer), digits (fewer, or None for float64) or the potential",
        )

    def _pieces(self, constants: list[Any]) -> float:
        """The number of products of gap pieces (1 for a smooth phi): a one-node float64 rule."""
        if not constants:
            return 1.0
        self._quadrature_cost(1, float(len(constants) + 1) ** (self._N - 1), Arithmetic(None))
        float64 = Arithmetic(None)
        cuts = [float(c) for c in constants]
        return float(self._gap_rule(1, cuts, None, float64, self._numbers(float64))[2])

    def _special_constants(self, arithmetic: Arithmetic) -> list[Any]:
        """The constants t of the split points t - d of the gap rules (see _gap_rule)."""
        if self._phi is None:
            return []
        special = list(self._profile().special_points())
        if not special:
            return []
        N = self._N
        values: set[Any] = set()
        span = range(-(N - 1), N)
        for coefficients in itertools.product(span, repeat=len(special)):
            if sum(abs(c) for c in coefficients) > N - 1 or not any(coefficients):
                continue
            for cores in range(N):
                combination = (
                    sum(c * b for c, b in zip(coefficients, special, strict=True)) - cores * self._a
                )
                for t in (combination, self._L + combination):
                    if self._a < t < 2 * self._L:
                        values.add(t)
        # a singular point where phi -> +oo (r^-12 at 0) leaves exp(-beta phi) flat to all
        # orders, not analytic: a mesh graded geometrically towards it restores fast convergence
        for p, _, _ in self._profile().singular:
            for j in range(1, GRADED_LEVELS + 1):
                for t in (p + (self._L - p) / 2**j, p - (p - self._a) / 2**j):
                    if self._a < t < self._L:
                        values.add(t)
        with mpmath.workdps(mpmath.mp.dps):
            return sorted({arithmetic.number(to_mpf(t)) for t in values}, key=lambda v: float(v))

    def _numbers(self, arithmetic: Arithmetic) -> tuple[Any, Any, Any]:
        """(L, a, beta) in ``arithmetic`` at the working precision, for the gap rules."""
        prec = mpmath.mp.prec
        L, a, beta = (arithmetic.number(_mpf_at(v, prec)) for v in (self._L, self._a, self._beta))
        return L, a, beta

    def _gap_integral(
        self, observable: Callable[[dict[tuple[int, int], np.ndarray]], np.ndarray] | None
    ) -> Any:
        """Ln of int (L - sum g) exp(-beta U) [observable] over gaps g_i >= a, sum g <= L.

        Two successive Gauss-Legendre rules; their agreement is the error control.
        """
        arithmetic = self._arithmetic
        constants = self._special_constants(arithmetic)
        pieces = self._pieces(constants)
        n = arithmetic.start() if self._N <= 3 else max(8, arithmetic.start() - 4)
        if pieces > 1:  # short pieces between the split points need fewer nodes each
            n = 2
        tol = _gap_tolerance(self._digits)
        self._quadrature_cost(finer(n), pieces, arithmetic)
        numbers = self._numbers(arithmetic)
        coarse = self._gap_rule(n, constants, observable, arithmetic, numbers)
        previous = None
        while True:
            n = finer(n)
            if n > MAX_QUADRATURE_NODES:
                raise ConvergenceError(
                    f"the quadrature of Z did not converge: rules of up to {n} nodes per gap "
                    f"still differ (the potential {self._phi} may not be smooth between its "
                    "breakpoints)"
                )
            self._quadrature_cost(n, pieces, arithmetic)
            fine = self._gap_rule(n, constants, observable, arithmetic, numbers)
            if fine[0] == 0 and coarse[0] == 0:
                return -mpmath.inf
            if fine[0] != 0 and coarse[0] != 0:
                diff = abs(coarse[1] - fine[1])
                # accepted when the rules agree, or when the last two differences fall
                # geometrically and predict an error of the finer rule below tol
                if diff <= tol or (
                    previous is not None and diff < previous / 100 and diff * diff <= tol * previous
                ):
                    break
                previous = diff
            coarse = fine
        if not fine[0] > 0:
            raise ConvergenceError(f"the quadrature of Z gave a non-positive value {fine[0]}")
        return fine[1]

    def _gap_rule(
        self,
        n: int,
        constants: list[Any],
        observable: Callable[[dict[tuple[int, int], np.ndarray]], np.ndarray] | None,
        arithmetic: Arithmetic,
        numbers: tuple[Any, Any, Any],
    ) -> tuple[Any, Any, int]:
        """(integral, its log, the points) with n nodes per gap piece.

        In float64 the integral is scaled by exp(beta U_min) (its log is not).

        Level k integrates g_k over [a, L - (g_1 + ... + g_{k-1}) - (N - 1 - k) a],
        split at every point t - d inside, t a constant of _special_constants and d
        a sum of the last gaps (0, g_{k-1}, g_{k-2} + g_{k-1}, ...): where g_k meets a
        breakpoint c of phi directly (t = c) or through the limits of the later gaps.
        ``numbers``: (L, a, beta) in ``arithmetic`` (:meth:`_numbers`).
        """
        N = self._N
        L, a, beta = numbers
        u, weights = arithmetic.rule(n)
        dtype = np.float64 if arithmetic.float64 else object
        weight = np.array([arithmetic.number(1)], dtype=dtype)
        total = np.array([arithmetic.number(0)], dtype=dtype)
        energy = np.array([arithmetic.number(0)], dtype=dtype)
        distance: dict[tuple[int, int], np.ndarray] = {}
        for k in range(1, N):
            lo = np.full(weight.shape, a, dtype=dtype)
            # np.subtract, not L - total: mpf - array makes mpmath repr the array first
            hi = np.subtract(L, total) - (N - 1 - k) * a
            if constants:
                suffix = [np.zeros(weight.shape, dtype=dtype)] + [
                    distance[(i, k - 1)] for i in range(k - 1)
                ]
                cuts = [np.subtract(t, d) for t in constants for d in suffix]
                ends = np.stack([lo, *cuts, hi], axis=1)
                ends = np.where(ends < lo[:, None], lo[:, None], ends)
                ends = np.where(ends > hi[:, None], hi[:, None], ends)
                ends = np.sort(ends, axis=1)
                lengths = ends[:, 1:] - ends[:, :-1]
                keep = lengths > 0
                parent = np.nonzero(keep)[0]
                starts, lengths = ends[:, :-1][keep], lengths[keep]
            else:
                parent = np.arange(weight.shape[0])
                starts, lengths = lo, hi - lo
            piece_weight = weight[parent] * lengths  # one product per piece, not per node
            parent = np.repeat(parent, n)
            g = (starts[:, None] + lengths[:, None] * u[None, :]).ravel()
            weight = (piece_weight[:, None] * weights[None, :]).ravel()
            total = total[parent] + g
            energy = energy[parent]
            distance = {pair: values[parent] for pair, values in distance.items()}
            for i in range(k):
                d = g if i == k - 1 else distance[(i, k - 1)] + g
                distance[(i, k)] = d
                energy = energy + potential_values(self._phi, d, arithmetic)
        integrand = weight * np.subtract(L, total)
        if observable is not None:
            integrand = integrand * observable(distance)
        points = int(weight.shape[0])
        if arithmetic.float64:  # scaled by exp(beta U_min): exp(-beta U) may underflow
            finite = energy < np.inf
            if not finite.any():
                return arithmetic.number(0), -mpmath.inf, points
            lowest = float(np.min(energy[finite]))
            factor = arithmetic.exp(-beta * (energy - lowest))
        else:  # mpmath's exponent range is unbounded (and its energies finite)
            lowest = 0
            factor = arithmetic.exp(energy * (-beta))
        value = arithmetic.total(integrand * factor)
        if not value > 0:
            return value, -mpmath.inf, points
        with mpmath.workdps(mpmath.mp.dps):
            log_value = arithmetic.log(value) - mpmath.mpf(beta) * mpmath.mpf(lowest)
        return value, log_value, points

    def mean_square_force(self) -> Any:
        """<sum_i (dU/dx_i)^2> in the canonical ensemble (quadrature, no hard core).

        Returns
        -------
        float or mpmath.mpf
            The ratio of two gap quadratures (see :meth:`log_partition_function`),
            each to 10^-(digits + 2) relative: correct to about ``digits``.

        Examples
        --------
        A linear potential phi = r has |dU/dx_i| = 1 for both particles:

        >>> from mesosym.symbols import r
        >>> ContinuumGas(2, 1, r, digits=15).mean_square_force()
        mpf('2.0')
        """
        if self._phi is None or self._N == 1:
            return self._result(mpmath.mpf(0))
        self._require_numeric("mean_square_force")
        if self._a != 0:
            raise DomainError(
                f"hard_core must be 0 for the mean square force (the hard core's force is a "
                f"delta function); got {self._a}"
            )
        derivative = sympy.diff(self._phi, r)
        arithmetic = self._arithmetic
        N = self._N

        def force2(distance: dict[tuple[int, int], np.ndarray]) -> np.ndarray:
            slope = {
                pair: potential_values(derivative, d, arithmetic) for pair, d in distance.items()
            }
            total: Any = 0
            for i in range(N):
                force: Any = 0
                for j in range(N):
                    if j < i:
                        force = force + slope[(j, i)]
                    elif j > i:
                        force = force - slope[(i, j)]
                total = total + force * force
            return np.asarray(total)

        with mpmath.workdps(self._work_dps()):
            value = mpmath.exp(self._gap_integral(force2) - self._gap_integral(None))
        return self._result(value)

    def fine_graining_coefficient(self) -> Any:
        """C in ln Z - ln Z_mes = C w^2 + O(w^4) for a smooth potential: C = beta^2 <|grad U|^2>/24.

        Within a sector each centre is uniform in its cell, so U - Hbar is, to first
        order, sum_i xi_i dU/dx_i with independent xi_i of variance w^2/12; the
        second cumulant of Jensen's gap gives (beta^2/2) Var = beta^2 w^2 |grad U|^2/24;
        odd moments vanish by symmetry, so the next term is O(w^4).  Needs phi
        smooth and even in r (phi'(0) = 0) for pairs inside one cell: otherwise
        the kink of phi(|x|) at x = 0 adds a term of order w^3.

        Examples
        --------
        >>> from mesosym.symbols import r
        >>> ContinuumGas(2, 1, r, digits=15).fine_graining_coefficient()  # 2/24
        mpf('0.0833333333333333')
        """
        with mpmath.workdps(self._work_dps()):
            value = to_mpf(self._beta) ** 2 * mpmath.mpf(self.mean_square_force()) / 24
        return self._result(value)

    # -- Z_mes ------------------------------------------------------------------
    def sector_count(self, cells: int) -> int:
        """The number of sectors (multisets of N of the M cells), C(M + N - 1, N).

        >>> ContinuumGas(2, 1).sector_count(3)
        6
        """
        M = check_count("cells", cells, minimum=1)
        bits = binomial_bits(M + self._N - 1, self._N)
        if bits > MAX_EXACT_COUNT_BITS:
            require(
                f"the exact sector count C({M} + {self._N} - 1, {self._N}) ({bits:.3g} bits)",
                seconds=math.inf,
                memory=0,
                change=f"cells or particles (MAX_EXACT_COUNT_BITS = {MAX_EXACT_COUNT_BITS})",
            )
        return math.comb(M + self._N - 1, self._N)

    def log_mesoscopic_partition_function(self, cells: int, *, method: str = "auto") -> Any:
        """Return ln Z_mes for M equal cells of width w = L/M.

        Parameters
        ----------
        cells : int
            M >= 1.
        method : {"auto", "closed form", "patterns", "enumerate"}
            The route (the arithmetic is the gas's ``digits``).
            ``"closed form"``: without a soft potential only (ideal gas:
            Z_mes = Z; hard rods: w^N C(M - ceil(a/w)(N - 1), N)).
            ``"patterns"``: the translation classes, C(M + N - 2, N - 1) terms,
            over the cell averages phibar(k) of
            :func:`~mesosym.mesoscopic.pair_averages.cell_averages`.
            ``"enumerate"``: the definition, every sector (multiset) with its
            Hbar(n), in mpmath (the baseline; its float64 answer is the mpmath
            one rounded).  ``"auto"``: the closed form where there is one, else
            the patterns.

        Returns
        -------
        float, mpmath.mpf or sympy.Expr
            ``-inf`` when every sector allows an overlap (cells too coarse for
            N rods: M - ceil(a/w)(N - 1) < N).  With ``digits=D``: correct to
            D digits (the cell averages to 10^-(D + 2), the sum at D + 5
            digits).  With ``digits=None``: the absolute error of ln Z_mes is
            below beta N(N - 1)/2 delta + 2^-50 (N^2 + log2 P)(1 + max |beta
            N^2 phibar|), with delta the agreement of two rules for phibar
            (<= 1e-14 max(1, |phibar|)) and P the number of classes: about
            1e-12 for the potentials of the tests.

        Raises
        ------
        DomainError
            Bad ``cells`` or ``method``; a potential unbounded below.
        BudgetError
            A size that would not finish (with the estimate), before the work.

        Examples
        --------
        >>> ContinuumGas(3, 1, hard_core=sympy.Rational(1, 10)).log_mesoscopic_partition_function(
        ...     20, method="enumerate") - mpmath.log(mpmath.binomial(16, 3) / 20**3)
        mpf('0.0')
        >>> from mesosym.symbols import r
        >>> z_mes = ContinuumGas(2, 1, r, digits=None).log_mesoscopic_partition_function(1)
        >>> round(z_mes, 13)  # phibar(0) = w/3: ln Z_mes = -1/3 - ln 2 = -1.02648051389328
        -1.0264805138933
        """
        M = check_count("cells", cells, minimum=1)
        if method not in METHODS:
            raise DomainError(
                f"method must be one of {', '.join(map(repr, METHODS))}; got {short(method)}"
            )
        N = self._N
        w = self._L / M
        if method == "closed form" or (method == "auto" and self._phi is None):
            if self._phi is not None:
                raise DomainError(
                    "method 'closed form' needs no soft potential (ideal gas or hard rods); got "
                    f"pair_potential = {self._phi}: use method='patterns'"
                )
            return self._closed_mesoscopic(M, w)
        self._require_numeric("log_mesoscopic_partition_function")
        arithmetic = self._arithmetic
        kind = _kind(arithmetic)
        pairs = N * (N - 1) // 2
        if method == "enumerate":
            bits = binomial_bits(M + N - 1, N)
            sectors = float(2**bits) if bits < 1000 else math.inf
            require(
                f"enumerating the sectors of {N} particles in {M} cells (~{sectors:.3g} sectors)",
                seconds=sectors * SECONDS_PER_SECTOR * N * N,
                memory=0,
                change="cells or particles, or method='patterns'",
            )
        else:
            bits = binomial_bits(M + N - 2, N - 1)
            patterns = float(2**bits) if bits < 1000 else math.inf
            require(
                f"the pattern sum of {N} particles in {M} cells (~{patterns:.3g} translation "
                f"classes, {kind})",
                seconds=patterns * max(pairs, 1) * SECONDS_PER_PAIR_TERM[kind],
                memory=patterns * (pairs + 3) * 8 * (1 if arithmetic.float64 else 12),
                change="cells or particles" + (", or digits=None" if kind == "mpmath" else ""),
            )
        if self._phi is not None:
            require(
                f"the cell averages of the pair potential over {M} cells",
                seconds=M * 60 * SECONDS_PER_POTENTIAL_VALUE[kind],
                memory=M * 60 * 8,
                change="cells",
            )
            profile = self._profile()
        else:
            profile = None
        with mpmath.workdps(self._work_dps()):
            phibar, _ = cell_averages(self._phi, w, M, self._a, arithmetic, profile)
            beta = arithmetic.number(to_mpf(self._beta))
            log_width = mpmath.log(to_mpf(w))
            if method == "enumerate":
                with mpmath.workdps(self._work_dps() if self._digits else 20):
                    mp_phibar = [mpmath.mpf(v) for v in phibar]
                    total = _enumerate_sectors(mp_phibar, mpmath.mpf(beta), M, N)
                    log_total = mpmath.log(total) if total > 0 else -mpmath.inf
            else:
                log_total = _pattern_sum(phibar, beta, M, N, arithmetic)
            value = N * log_width + log_total
        if not mpmath.isfinite(value):
            return self._result(-mpmath.inf)
        return self._result(value)

    def _closed_mesoscopic(self, M: int, w: Any) -> Any:
        """Z_mes, no soft potential: L^N/N! if a = 0, else w^N C(M - c(N - 1), N), c = ceil(a/w)."""
        N = self._N
        if self._a == 0:  # Hbar = 0 on every sector: sum_n w^N / prod n_a! = (M w)^N / N! = Z
            return self.log_partition_function()
        if self.symbolic:
            c = sympy.ceiling(self._a / w)
            return sympy.log(w**N * sympy.binomial(M - c * (N - 1), N))
        c = first_allowed_offset(w, self._a) - 1
        free_cells = M - c * (N - 1)
        if free_cells < N:
            return self._result(-mpmath.inf)
        guard = len(str(free_cells))
        with mpmath.workdps(self._work_dps() + guard):
            log_binomial = (
                mpmath.loggamma(free_cells + 1)
                - mpmath.loggamma(N + 1)
                - mpmath.loggamma(free_cells - N + 1)
            )
            value = N * mpmath.log(to_mpf(w)) + log_binomial
        return self._result(value)


def _pattern_sum(phibar: np.ndarray, beta: Any, M: int, N: int, arithmetic: Arithmetic) -> Any:
    """Return ln sum_p (M - p_N) prod_{i<j} B(p_j - p_i) / prod m!, p_1 = 0 <= ... <= p_N < M.

    B(k) = exp(-beta phibar(k)) (0 for an excluded offset).  float64: in logarithms with
    one log-sum-exp; mpmath: the products themselves, summed with ``fsum``.
    """
    offsets, count, factorial = _patterns(M, N)
    if arithmetic.float64:
        with np.errstate(over="ignore", invalid="ignore"):
            log_weight = np.where(np.isinf(phibar), -np.inf, -beta * phibar)
        log_terms = np.log(count) - np.log(factorial.astype(np.float64))
        if offsets.shape[0]:
            log_terms = log_terms + log_weight[offsets].sum(axis=0)
        top = float(np.max(log_terms))
        if not math.isfinite(top):
            return -mpmath.inf
        return mpmath.mpf(top) + mpmath.log(float(np.sum(np.exp(log_terms - top))))
    weight = np.array(
        [mpmath.mpf(0) if mpmath.isinf(v) else mpmath.exp(-beta * v) for v in phibar], dtype=object
    )
    terms = np.array(
        [mpmath.mpf(int(c)) / int(f) for c, f in zip(count, factorial, strict=True)], dtype=object
    )
    for row in offsets:
        terms = terms * weight[row]
    total = mpmath.fsum(terms)
    return mpmath.log(total) if total > 0 else -mpmath.inf


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
