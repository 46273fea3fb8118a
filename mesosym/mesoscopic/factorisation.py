r"""Factorisation against extensivity in two dimensions: a strip cut into column cells.

A strip of width ``w`` (periodic around it: a cylinder; or open) and ``L`` columns,
open at both ends along its length, is cut into K cells of whole columns.  With
H = sum_i H_i + W (W the horizontal bonds across the K - 1 cuts, ``w`` per cut),
the exact identity of :mod:`mesosym.mesoscopic.cells`

    ln Z - sum_i ln Z_i = -beta <W> - TC - sum_i D(p_i || q_i)                 (*)

splits the failure of factorisation, beta (sum_i F_i - F), into the boundary
energy, the total correlation of the cells and their relative entropies.  The
boundary between the cells has length b = w (K - 1) bonds.

The route: the columns are a Markov chain with the column transfer of
:mod:`.column_transfer` (D the columns' own weights, B the bonds between two
columns).  Forward vectors F_0 = D, F_(c+1) = D (B F_c) and backward vectors
G_(L-1) = 1, G_c = B (D G_(c+1)) give Z = F_c . G_c for every c, the law of column c
as F_c G_c / Z, the law of the two columns at a cut as F_e(x) B(x, y) D(y) G_(e+1)(y) / Z,
and each isolated cell of l columns Z_l = sum F_(l-1) (its own forward sweep is the
strip's first l columns).  A cell from column f to column e sees the rest only through
Env(x_f, x_e) = [F_f(x_f) / D(x_f)] G_e(x_e) (the product of its two sides, present
ones only), whence (as in :mod:`.cells`) D(p_i || q_i) = <ln Env_i> - ln Z + ln Z_i and
TC = (K - 1) ln Z - beta <W> - sum_i <ln Env_i>.  Two sweeps of L products of
``3 w 2^w`` multiplications: no 2^w x 2^w matrix is ever formed.

Long cells (:func:`cut_terms`).  For cells much longer than the correlation length along
the strip, every cut sits in the bulk of an infinitely long strip
(:class:`~mesosym.mesoscopic.IsingCylinder`, ``boundary`` around it), whose leading pair
(lambda, phi) of T = D^(1/2) B D^(1/2) gives each term per cut (proved in
``docs/papers.md``):

* ln Z - sum ln Z_i -> ln lambda - 2 ln(u . phi), u = D^(1/2) 1: Hill's subdivision
  potential of the rings (:meth:`IsingCylinder.subdivision_potential`);
* -beta <W> -> beta J sum_k <s_k t_k> (:meth:`IsingCylinder.bond_correlation`);
* TC -> I(left half : right half) = H(ring) - h, the cylinder's
  :meth:`IsingCylinder.mutual_information` (the Markov chain of rings: the cells'
  total correlation is the sum over cuts of the information between the two sides);
* sum_i D_i -> 2 D(phi^2 || u phi / (u . phi)) per cut, one for each side of it
  (:meth:`IsingCylinder.edge_relative_entropy`).

Divided by ``w``, each tends to a constant as ``w`` grows (the area law), with
corrections O(1/w) for an open width (the corners) and exponentially small ones for a
periodic width away from T_c; at T_c the information carries the ``ln w`` corrections
shown by ``mesosym plot area-law``.

Precision: with ``digits`` (default 30) every term to an absolute 10^-digits nats
(the sweeps run at ``digits + 20`` digits, and the terms cancel at most
log10(L w (1 + |beta J| + |beta h|)) of them); ``digits=None`` works in float64, with an
absolute error below 1e-12 L w (1 + |beta J| + |beta h|) nats for the finite strip
(measured against the 30-digit route: below 1e-14 L w at beta J <= 2, w <= 8, L <= 40, and
2.3e-16 L w |beta J| at beta J = 10^6) and below 1e-11 w for the long-cell terms (those of
:class:`IsingCylinder`).  |beta J| and |beta h| up to 10^6
(:data:`~mesosym.mesoscopic.column_transfer.MAX_REDUCED_COUPLING`).

Examples
--------
One row (w = 1) is the open Ising chain: one cut at zero field gives
ln Z - ln Z_1 - ln Z_2 = ln cosh K, all of it the bond's energy and information
(the end spins stay uniform, D_i = 0).

>>> import mpmath
>>> t = strip_factorisation(1, 6, 2, coupling=1, beta=0.5, around="open", digits=20)
>>> print(t.log_z_excess)
0.12011450695827752463
>>> with mpmath.workdps(25):
...     print(mpmath.nstr(mpmath.log(mpmath.cosh(0.5)), 20))
0.12011450695827752463
>>> print(t.relative_entropy, abs(t.residual) < 1e-20)
0.0 True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from ..budget import _float, require, short
from ..errors import DomainError
from ..validation import check_cell_sizes, check_count, check_digits
from . import long_strip as bulk
from .column_transfer import (
    AROUND,
    GUARD_DIGITS,
    ColumnTransfer,
    Precision,
    check_reduced_couplings,
)
from .long_strip import CRITICAL_TEMPERATURE, cylinder_cost, exact_parameter

__all__ = [
    "FactorisationTerms",
    "strip_factorisation",
    "cut_terms",
    "factorisation_table",
    "factorisation_cost",
    "CRITICAL_TEMPERATURE",
    "MAX_FACTORISATION_WIDTH",
    "FactorisationTable",
]

#: the widest strip the sweeps accept (2^18 column states; the budget refuses earlier at 30 digits)
MAX_FACTORISATION_WIDTH = 18
#: seconds per site and column state of one float64 sweep step (measured 1.5e-8 at w = 12)
_FLOAT_SECONDS = 3e-8
#: seconds per site and column state of one mpmath sweep step at 30 digits (measured 3e-5)
_MP_SECONDS = 5e-5


@dataclass(frozen=True)
class FactorisationTerms:
    """The terms of ln Z - sum ln Z_i = -beta<W> - TC - sum D_i for column cells (nats).

    Attributes
    ----------
    width : int
        w, the spins of a column.
    around : str
        ``"periodic"`` (a cylinder) or ``"open"`` around the width.
    cuts : int
        Number of cuts (K - 1 for K cells; 1 for :func:`cut_terms`).
    log_z_excess : number
        ln Z - sum_i ln Z_i = beta (sum_i F_i - F).
    boundary_energy : number
        beta <W>, the cut bonds' energy in the full Gibbs state (negative for J > 0).
    total_correlation : number
        TC = sum_i S(p_i) - S(p).
    relative_entropy : number
        sum_i D(p_i || q_i).
    relative_entropies : tuple
        D(p_i || q_i) per cell (for :func:`cut_terms`: the two sides of the cut).
    residual : number
        Lhs - rhs of the identity from the unrounded terms (0 up to the stated precision).
    """

    width: int
    around: str
    cuts: int
    log_z_excess: Any
    boundary_energy: Any
    total_correlation: Any
    relative_entropy: Any
    relative_entropies: tuple[Any, ...]
    residual: Any

    @property
    def boundary_length(self) -> int:
        """The bonds the cuts remove: w times the number of cuts."""
        return self.width * self.cuts

    def per_boundary_length(self) -> dict[str, float]:
        """Each term divided by :attr:`boundary_length`, as floats (a table row)."""
        b = self.boundary_length
        if b == 0:
            raise DomainError(
                "per_boundary_length needs at least one cut; got one cell (no boundary)"
            )
        return {
            "log_z_excess": float(self.log_z_excess) / b,
            "minus_boundary_energy": -float(self.boundary_energy) / b,
            "total_correlation": float(self.total_correlation) / b,
            "relative_entropy": float(self.relative_entropy) / b,
        }


def factorisation_cost(width: int, length: int, digits: int | None) -> tuple[float, float]:
    """Estimated (seconds, bytes) of :func:`strip_factorisation`: two sweeps of ``length`` steps.

    >>> seconds, memory = factorisation_cost(12, 40, None)
    >>> seconds < 1, memory < 1e8
    (True, True)
    """
    w = _float(width)  # beyond float64 the estimates saturate at inf
    states = 2.0 ** min(w, 2000.0) if w < 2000 else math.inf
    steps = 2 * min(max(length, 0), 10**15) + 8  # a longer strip is refused all the same
    seconds = steps * _FLOAT_SECONDS * w * states
    memory = 16 * 8 * states
    if digits is not None:
        d = _float(digits)
        seconds = steps * _MP_SECONDS * w * states * max(1.0, (d + GUARD_DIGITS) / 50) ** 1.6
        memory = 16 * states * (100 + d)
    return seconds, memory


def _sequence(name: str, values: Any) -> Sequence[Any]:
    """A non-empty list or tuple, or a DomainError naming it."""
    if not isinstance(values, (list, tuple)) or not values:
        raise DomainError(f"{name} must be a non-empty list or tuple; got {short(values)}")
    return values


def _parameters(coupling: Any, field: Any, beta: Any) -> tuple[Fraction, Fraction, Fraction]:
    """J, h and beta exact, with |beta J| and |beta h| within MAX_REDUCED_COUPLING."""
    J, h = exact_parameter("coupling", coupling), exact_parameter("field", field)
    b = exact_parameter("beta", beta)
    check_reduced_couplings(b * J, b * h)
    return J, h, b


def _check(width: Any, around: Any, digits: Any) -> tuple[int, str, int | None]:
    most = MAX_FACTORISATION_WIDTH
    allowed = f"an integer in [1, {most}] (MAX_FACTORISATION_WIDTH)"
    w = check_count("width", width, minimum=1, maximum=most, allowed=allowed)
    if not isinstance(around, str) or around not in AROUND:
        raise DomainError(f"around must be 'periodic' or 'open'; got {short(around)}")
    return w, around, None if digits is None else check_digits(digits)


def strip_factorisation(
    width: Any,
    length: Any,
    cells: Any,
    *,
    coupling: Any = 1,
    field: Any = 0,
    beta: Any = 1,
    around: Any = "periodic",
    digits: Any = 30,
) -> FactorisationTerms:
    """The terms of the identity (*) for a ``width`` x ``length`` strip cut into column cells.

    The strip is open at both ends along its length (an :class:`IsingStrip` with
    ``boundary=(around, "open")``), H = -J sum s_i s_j - h sum s_i; by two sweeps of the
    column transfer (see the module), for any width up to
    :data:`MAX_FACTORISATION_WIDTH` within the time budget.

    Parameters
    ----------
    width, length : int
        w spins per column, L columns.
    cells : int or sequence of int
        K equal cells (K divides L), or the cells' numbers of columns (summing to L).
    coupling, field, beta : number
        J, h and beta, exact (a float is its binary value).
    around : {"periodic", "open"}
        The boundary around the width.
    digits : int or None
        Significant digits (default 30), or None for float64.

    Returns
    -------
    FactorisationTerms
        Precision: absolute 10^-digits nats (float64: 1e-12 L w (1 + |beta J| + |beta h|)).

    Raises
    ------
    DomainError
        For a bad width, length, cells, parameter or boundary.
    BudgetError
        When the estimate of :func:`factorisation_cost` exceeds the budget.

    Examples
    --------
    Without coupling the columns are independent: nothing is lost by cutting.

    >>> t = strip_factorisation(3, 4, 2, coupling=0, field=1, beta=1, digits=15)
    >>> print(t.log_z_excess, t.total_correlation, t.boundary_length)
    0.0 0.0 3
    """
    w, around, digits = _check(width, around, digits)
    L = check_count("length", length, minimum=1, allowed="a positive integer (columns)")
    sizes = check_cell_sizes(L, cells, name="length")
    J, h, b = _parameters(coupling, field, beta)
    seconds, memory = factorisation_cost(w, L, digits)
    route = "float64" if digits is None else f"{digits} digits"
    require(
        f"the factorisation terms of a {w} x {short(L)} strip ({2**w} column states, {route})",
        seconds=seconds,
        memory=memory,
        change="width or length (smaller), or digits (None: float64)",
    )
    ar = Precision(digits)
    with ar.work():
        return _sweep(ColumnTransfer(w, b * J, b * h, digits, around), L, sizes, ar)


def _sweep(t: ColumnTransfer, L: int, sizes: tuple[int, ...], ar: Precision) -> FactorisationTerms:
    """The terms by forward and backward sweeps (see the module); at the working precision."""
    starts = [0]
    for s in sizes:
        starts.append(starts[-1] + s)
    firsts, lasts = starts[:-1], [x - 1 for x in starts[1:]]
    wanted = set(firsts) | set(lasts)
    d = t.diagonal()  # D / e^top
    a = ar.number(t.top)  # ln of the scale of D
    bscale = ar.number(t.w * abs(t.K))  # ln of the scale of B
    # forward: F_c = f_c exp(lf_c); the sums of F_(l-1) give the isolated cells' ln Z_l
    forward: dict[int, tuple[np.ndarray, Any]] = {}
    log_z_segment: dict[int, Any] = {}
    f, lf = d, a
    for c in range(L):
        if c:
            f = d * t.apply_bonds(f)
            lf = lf + a + bscale
            top = f.max()
            f, lf = f / top, lf + ar.log(top)
        if c in wanted:
            forward[c] = (f, lf)
        log_z_segment[c + 1] = ar.log(ar.sum(f)) + lf
    backward: dict[int, tuple[np.ndarray, Any]] = {}
    one = np.ones(len(d)) if ar.digits is None else np.array([mpmath.mpf(1)] * len(d))
    g, lg = one, ar.number(Fraction(0))
    for c in range(L - 1, -1, -1):
        if c < L - 1:
            g = t.apply_bonds(d * g)
            lg = lg + a + bscale
            top = g.max()
            g, lg = g / top, lg + ar.log(top)
        if c in wanted:
            backward[c] = (g, lg)
    f0, lf0 = forward[0]
    g0, lg0 = backward[0]
    log_z = ar.log(ar.sum(f0 * g0)) + lf0 + lg0
    K = ar.number(t.K)
    beta_w = ar.number(Fraction(0))
    for e in lasts[:-1]:  # the cut between columns e and e + 1
        fe, lfe = forward[e]
        gn, lgn = backward[e + 1]
        # <sum_k s_k t_k> = f^T B' (d g) / f^T B (d g): the scales cancel in the ratio
        weight = d * gn
        correlation = t.bond_sum(fe, weight) / ar.sum(fe * t.apply_bonds(weight))
        beta_w = beta_w - K * correlation
    env_means = []
    for i, (first, last) in enumerate(zip(firsts, lasts, strict=True)):
        mean = ar.number(Fraction(0))
        if i > 0:  # the left side: Env = F_f / D
            ff, lff = forward[first]
            gf, lgf = backward[first]
            p = _law(ff, gf, ar)
            with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 where p = 0 (masked)
                left = ff / d
            mean = mean + _mean_log(p, left, ar) + lff - a
        if i < len(sizes) - 1:  # the right side: Env = G_e
            fl, lfl = forward[last]
            gl, lgl = backward[last]
            p = _law(fl, gl, ar)
            mean = mean + _mean_log(p, gl, ar) + lgl
        env_means.append(mean)
    iso = [log_z_segment[s] for s in sizes]
    k = len(sizes)
    relative = tuple(e - log_z + z for e, z in zip(env_means, iso, strict=True))
    tc = (k - 1) * log_z - beta_w - sum(env_means)
    excess = log_z - sum(iso)
    fin = ar.finish
    return FactorisationTerms(
        width=t.w,
        around=t.around,
        cuts=k - 1,
        log_z_excess=fin(excess),
        boundary_energy=fin(beta_w),
        total_correlation=fin(tc),
        relative_entropy=fin(sum(relative)),
        relative_entropies=tuple(fin(r) for r in relative),
        residual=fin(excess + beta_w + tc + sum(relative)),
    )


def _mean_log(p: np.ndarray, x: np.ndarray, ar: Precision) -> Any:
    """The sum of p ln x over p > 0 (a zero probability contributes nothing)."""
    keep = p > 0
    return ar.sum(p[keep] * ar.logs(x[keep]))


def _law(f: np.ndarray, g: np.ndarray, ar: Precision) -> np.ndarray:
    """The law of one column, F_c G_c / Z: f g normalised (its scale is Z's)."""
    p = f * g
    return p / ar.sum(p)


def cut_terms(
    width: Any,
    *,
    coupling: Any = 1,
    field: Any = 0,
    beta: Any = 1,
    around: Any = "periodic",
    digits: Any = 30,
) -> FactorisationTerms:
    """The terms of (*) per cut between two long cells: the infinitely long strip's bulk.

    From the leading pair of the column transfer (:mod:`.long_strip`; the quantities of
    :class:`~mesosym.mesoscopic.IsingCylinder` with ``boundary=around``): ln Z - sum ln Z_i
    = subdivision potential, -beta<W> = beta J sum_k <s_k t_k>, TC = the information
    between the two half-cylinders, H(ring) - h, and the two sides' relative entropies.
    The limit of :func:`strip_factorisation` per cut as the cells grow (exponentially
    fast in their length, at rate ln(lambda / lambda_2)).

    Precision: absolute 10^-digits nats (float64: 1e-11 w); the residual of the identity
    vanishes to the same precision.

    Examples
    --------
    Deep in the ordered phase a cut shares one bit (the magnetisation) and costs the
    energy of its ``w`` bonds: -beta<W> -> beta J w and TC -> ln 2.

    >>> t = cut_terms(4, coupling=1, beta=8, digits=12)
    >>> print(t.boundary_energy, t.total_correlation)
    -32.0 0.69314718056
    """
    w, around, digits = _check(width, around, digits)
    J, h, b = _parameters(coupling, field, beta)
    ar = Precision(digits)
    transfer, pair = bulk.leading_pair(w, b * J, b * h, ar, around)
    with ar.work():
        K = ar.number(b * J)
        side = ar.finish(bulk.edge_relative_entropy(transfer, pair, ar))
        excess = ar.finish(bulk.subdivision_potential(transfer, pair, ar))
        ring = bulk.shannon(bulk.column_law(pair, ar), ar)
        information = ar.finish(ring - bulk.entropy_rate(transfer, pair, ar))
        beta_w = -K * ar.finish(bulk.bond_correlation(transfer, pair, ar))
        return FactorisationTerms(
            width=w,
            around=around,
            cuts=1,
            log_z_excess=excess,
            boundary_energy=ar.finish(beta_w),
            total_correlation=information,
            relative_entropy=ar.finish(2 * side),
            relative_entropies=(side, side),
            residual=ar.finish(excess + beta_w + information + 2 * side),
        )


@dataclass(frozen=True, eq=False)
class FactorisationTable:
    """The long-cell terms per unit boundary length on a grid of widths and temperatures.

    Attributes
    ----------
    widths : tuple of int
    temperatures : tuple of float
    arounds : tuple of str
    rows : tuple of dict
        One per (around, temperature, width): those keys and each term per unit
        boundary length (:meth:`FactorisationTerms.per_boundary_length`), plus
        ``"residual"`` (of the identity, per cut).
    """

    widths: tuple[int, ...]
    temperatures: tuple[float, ...]
    arounds: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]

    def series(self, around: str, temperature: float, term: str) -> np.ndarray:
        """``term`` per unit boundary length against the widths, at one temperature."""
        return np.array(
            [
                r[term]
                for r in self.rows
                if r["around"] == around and r["temperature"] == temperature
            ]
        )


def factorisation_table(
    widths: Sequence[int] = (2, 4, 6, 8, 10, 12),
    temperatures: Sequence[float] = (1.5, 2.0, CRITICAL_TEMPERATURE, 3.0, 4.0),
    arounds: Sequence[str] = AROUND,
    digits: int | None = None,
) -> FactorisationTable:
    """The area law of the factorisation terms: :func:`cut_terms` / w on a grid (J = 1, h = 0).

    Parameters
    ----------
    widths : sequence of int
        Widths w (1 ..  :data:`MAX_FACTORISATION_WIDTH`).
    temperatures : sequence of float
        T = 1 / beta (J = k_B = 1), > 0.
    arounds : sequence of {"periodic", "open"}
        The boundaries around the width.
    digits : int or None
        None (float64, default) or the digits of every value.

    Returns
    -------
    FactorisationTable
        Precision: as :func:`cut_terms` (float64: absolute 1e-11 per unit length).

    Examples
    --------
    At high temperature the information is that of the bonds, ~ K^2/2 per bond, and the
    boundary energy K tanh K ~ K^2 per bond; the table shows it per unit length:

    >>> t = factorisation_table(widths=(4, 6), temperatures=(20.0,), arounds=("periodic",))
    >>> row = t.rows[-1]
    >>> round(row["minus_boundary_energy"] / (0.05 * math.tanh(0.05)), 3)
    1.0
    """
    ws = sorted({_check(w, "open", None)[0] for w in _sequence("widths", widths)})
    Ts = []
    for T in _sequence("temperatures", temperatures):
        if isinstance(T, bool) or not isinstance(T, (int, float)) or not 0 < T < math.inf:
            raise DomainError(f"temperatures must be finite numbers > 0; got {short(T)}")
        Ts.append(float(T))
    sides = tuple(_check(1, a, None)[1] for a in _sequence("arounds", arounds))
    digits = _check(1, "open", digits)[2]
    seconds = sum(cylinder_cost(w, digits)[0] for w in ws) * len(Ts) * len(sides)
    require(
        f"the factorisation table of {len(ws)} widths up to {max(ws)} at {len(Ts)} temperatures",
        seconds=seconds,
        memory=cylinder_cost(max(ws), digits)[1],
        change="widths (smaller) or temperatures (fewer)",
    )
    rows = []
    for around in sides:
        for T in Ts:
            for w in ws:
                terms = cut_terms(w, beta=1 / T, around=around, digits=digits)
                row: dict[str, Any] = {"around": around, "temperature": T, "width": w}
                row.update(terms.per_boundary_length())
                row["residual"] = float(terms.residual)
                rows.append(row)
    return FactorisationTable(tuple(ws), tuple(Ts), sides, tuple(rows))
