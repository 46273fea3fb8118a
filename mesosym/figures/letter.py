r"""Figures: Fig. 1 of the equispaced-level letter, and its finite-N companion.

One function per figure, each with a ``*_data`` function that returns the
numbers behind it, so that tests check the data, not pixels:

* :func:`figure1` / :func:`figure1_data` -- the entropy per particle
  :math:`s(u)` (upper panel) and the inverse temperature
  :math:`\beta\varepsilon(u)` (lower panel) for several ``q`` and for the
  Einstein solid ``q -> oo``, on a shared ``u`` axis, eqs. (19)-(21) and (29)-(30);
* :func:`finite_size_figure` / :func:`finite_size_data` -- the exact finite-N
  curves ``ln Omega(N, M)/N`` and ``d ln Omega/dM``
  (:func:`mesosym.levels.finite.finite_thermodynamics`) against the thermodynamic limit.

Legends sit to the right of the axes, clear of every curve whatever ``q``.

Two orderings hold on the whole plotted range and are visible in Fig. 1.
At fixed ``u`` the entropy grows with ``q``: ``s_q(u)`` is the largest Shannon
entropy of a distribution on the levels ``0..q-1`` with mean ``u``, and such
distributions are among those on ``0..q``, so ``s_q(u) <= s_{q+1}(u) <= s_oo(u)``
(strictly for ``u > 0``, where the maximiser on ``q + 1`` levels gives the top
level a positive weight).  The inverse temperature grows with ``q`` too: at fixed
``x`` the mean level ``u_q(x)`` increases with ``q`` (a level is added above the
others), and ``u_q(x)`` increases with ``x``, so the root ``x*_q(u)`` decreases
and ``beta eps = -ln x*_q(u)`` increases with ``q``.

Examples
--------
>>> data = figure1_data(qs=(2, 3), points=101)
>>> [c.label for c in data.curves]
['$q = 2$', '$q = 3$', '$q \\to \\infty$']
>>> c3 = data.curve(3)
>>> float(c3.u_star), round(float(c3.s.max()), 12) == round(float(np.log(3)), 12)
(1.0, True)
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from .. import numeric
from ..budget import short
from ..errors import DomainError
from ..levels.finite import FiniteNThermodynamics, _system, finite_thermodynamics
from ..validation import as_int, check_q, is_infinite
from ._files import check_points, colours, finite_or_nan, legend_outside, read_only, two_axes

__all__ = [
    "Curve",
    "Figure1Data",
    "FiniteSizeData",
    "figure1_data",
    "figure1",
    "finite_size_data",
    "finite_size_figure",
]

#: x-axis and y-axis labels shared by the figures (mathtext).
U_LABEL = r"$u = E/N\varepsilon$"
S_LABEL = r"$s = S/Nk_B$"
BETA_LABEL = r"$\beta\varepsilon$"


@dataclass(frozen=True, eq=False)
class Curve:
    r"""One curve of Fig. 1: ``s(u)`` and ``beta eps(u)`` on a grid of ``u``.

    Attributes
    ----------
    q : int or float
        Number of levels; ``math.inf`` for the Einstein solid.
    u : numpy.ndarray
        Energies per particle, increasing, read-only.  For finite ``q`` the grid
        covers ``[0, q - 1]``, contains ``u* = (q - 1)/2`` exactly and is
        symmetric about it; points cluster at the edges, where ``s`` has an
        infinite slope.
    s : numpy.ndarray
        Entropy per particle ``S/(N k_B)``, eq. (19).
    beta : numpy.ndarray
        Inverse temperature ``beta eps = ds/du``, eq. (20); ``+inf`` at ``u = 0``
        and ``-inf`` at ``u = q - 1``.
    u_star : float
        ``(q - 1)/2``, where ``s = ln q`` and ``beta = 0`` (eq. 21); ``inf`` for
        the Einstein solid, which has no maximum.
    label : str
        Legend label (mathtext).
    """

    q: float
    u: np.ndarray
    s: np.ndarray
    beta: np.ndarray
    u_star: float
    label: str


@dataclass(frozen=True, eq=False)
class Figure1Data:
    """The numbers behind :func:`figure1`.

    Attributes
    ----------
    curves : tuple of Curve
        One per finite ``q`` in increasing order, then the Einstein solid if
        requested.
    u_max : float
        Right end of the shared ``u`` axis.
    """

    curves: tuple[Curve, ...]
    u_max: float

    def curve(self, q: Any) -> Curve:
        """Return the curve of ``q`` (an int, or ``math.inf``/``sympy.oo``).

        >>> figure1_data(qs=(2,), points=11).curve(2).u[[0, 5, -1]]
        array([0. , 0.5, 1. ])
        """
        key = math.inf if is_infinite(q) else q
        for c in self.curves:
            if c.q == key:
                return c
        raise DomainError(
            f"q = {short(q)} is not in this figure; it has q in {[c.q for c in self.curves]}"
        )


def _edge_grid(width: float, points: int) -> np.ndarray:
    """``points`` values on ``[0, width]`` clustered at both ends (Chebyshev-Lobatto)."""
    tau = np.linspace(0.0, 1.0, points)
    return 0.5 * width * (1.0 - np.cos(np.pi * tau))


def _finite_grid(q: int, points: int) -> np.ndarray:
    """Symmetric grid on ``[0, q - 1]`` containing ``u*`` exactly; ``points`` odd."""
    return _spectrum_grid(q - 1, 0.5 * (q - 1), points)


def _spectrum_grid(top: int, u_star: float, points: int) -> np.ndarray:
    """Grid on ``[0, top]`` containing ``u*`` exactly, clustered at both ends; ``points`` odd.

    Symmetric about ``u*`` when ``u* = top/2``.
    """
    lower = _edge_grid(2.0 * u_star, points)[: points // 2]  # below u*, clustered at 0
    upper = _edge_grid(2.0 * (top - u_star), points)[: points // 2]  # above, at top
    return np.concatenate([lower, [u_star], top - upper[::-1]])


def _check_points(points: Any) -> int:
    n = as_int("points", points)
    if n < 5:
        raise DomainError(f"points must be an integer >= 5; got {short(points)}")
    return n | 1  # odd, so that u* is a grid point


def _finite_curve(q: int, points: int) -> Curve:
    u = _finite_grid(q, points)
    return Curve(
        q=q,
        u=read_only(u),
        s=read_only(numeric.entropy(u, q)),
        beta=read_only(numeric.inverse_temperature(u, q)),
        u_star=0.5 * (q - 1),
        label=f"$q = {q}$",
    )


def _levels_label(g: Sequence[int]) -> str:
    """``levels $0, 1, 1, 2$``: each level as often as its degeneracy."""
    return "levels $" + ", ".join(str(k) for k, gk in enumerate(g) for _ in range(gk)) + "$"


def _spectrum_curve(g: tuple[int, ...], points: int) -> Curve:
    """The limit ``s(u)``, ``beta eps(u)`` of any integer spectrum (the numeric layer)."""
    u_star = sum(k * gk for k, gk in enumerate(g)) / sum(g)
    u = _spectrum_grid(len(g) - 1, u_star, points)
    return Curve(
        q=float(sum(g)),
        u=read_only(u),
        s=read_only(numeric.evaluator(g, "s")(u)),
        beta=read_only(numeric.evaluator(g, "beta")(u)),
        u_star=u_star,
        label=_levels_label(g),
    )


def _einstein_curve(u_max: float, points: int) -> Curve:
    tau = np.linspace(0.0, 1.0, points)
    u = u_max * (1.0 - np.cos(0.5 * np.pi * tau))  # clustered at u = 0 only
    u[-1] = u_max
    return Curve(
        q=math.inf,
        u=read_only(u),
        s=read_only(numeric.entropy(u, math.inf)),
        beta=read_only(numeric.inverse_temperature(u, math.inf)),
        u_star=math.inf,
        label=r"$q \to \infty$",
    )


def _check_qs(qs: Sequence[Any]) -> list[int]:
    if isinstance(qs, (str, bytes)) or not isinstance(qs, Sequence) or not qs:
        raise DomainError(f"qs must be a non-empty sequence of integers >= 2; got {short(qs)}")
    out = []
    for q in qs:
        qc = check_q(q)
        if not isinstance(qc, int):
            raise DomainError(
                f"qs must hold concrete integers >= 2 (the Einstein solid is added by "
                f"einstein=True); got {short(q)}"
            )
        if qc > 2**53:  # u runs over a float64 grid of [0, q - 1]
            raise DomainError(f"qs must hold integers in [2, 2**53] (float64); got {short(q)}")
        out.append(qc)
    return sorted(set(out))


def figure1_data(
    qs: Sequence[int] = (2, 3, 4, 5, 10),
    u_max: float | None = None,
    points: int = 801,
    *,
    einstein: bool = True,
) -> Figure1Data:
    r"""Return ``s(u)`` and ``beta eps(u)`` for each ``q``, the data of Fig. 1.

    Values come from the float64 kernels of :mod:`mesosym.numeric` (relative
    error <= 2e-14).

    Parameters
    ----------
    qs : sequence of int
        Numbers of levels, integers ``>= 2``; sorted, duplicates dropped.
    u_max : float, optional
        Right end of the shared ``u`` axis, where the Einstein-solid curve stops;
        by default ``max(qs) - 1``, the end of the widest finite curve.  Finite-q
        curves always cover their whole range ``[0, q - 1]``.
    points : int
        Grid points per curve, at least 5 (made odd so that ``u*`` is on the grid).
    einstein : bool
        Add the ``q -> oo`` curve, eqs. (29)-(30).

    Returns
    -------
    Figure1Data

    Raises
    ------
    DomainError
        If ``qs``, ``u_max`` or ``points`` is invalid.

    Examples
    --------
    The two-level system: ``s(1/2) = ln 2`` and ``beta`` changes sign at ``u* = 1/2``.

    >>> c = figure1_data(qs=(2,), points=5, einstein=False).curve(2)
    >>> c.u
    array([0.        , 0.14644661, 0.5       , 0.85355339, 1.        ])
    >>> float(c.s[2]), float(c.beta[2])
    (0.6931471805599453, 0.0)
    >>> float(c.beta[0]), float(c.beta[-1])
    (inf, -inf)
    """
    qlist = _check_qs(qs)
    n = _check_points(points)
    curves_count = len(qlist) + bool(einstein)
    check_points(n * curves_count, f"points = {short(n)} x {curves_count} curves")
    if u_max is None:
        top = float(max(qlist) - 1)
    else:
        try:
            top = float(u_max)
        except (OverflowError, TypeError, ValueError):  # beyond float64, or not a number
            top = math.nan
        if not (math.isfinite(top) and top > 0):
            raise DomainError(f"u_max must be a finite number > 0; got {short(u_max)}")
    curves = [_finite_curve(q, n) for q in qlist]
    if einstein:
        curves.append(_einstein_curve(top, n))
    return Figure1Data(curves=tuple(curves), u_max=top)


def figure1(
    data: Figure1Data | None = None,
    *,
    qs: Sequence[int] = (2, 3, 4, 5, 10),
    beta_limit: float = 4.0,
    ax: Any = None,
) -> Figure:
    r"""Draw Fig. 1: ``s(u)`` (upper panel) and ``beta eps(u)`` (lower panel).

    Each finite ``q`` is one line per panel, the Einstein solid a black line;
    the maxima ``(u*, ln q)`` and the zeros ``(u*, 0)`` of eq. (21) are marked.
    ``beta eps`` diverges logarithmically at both ends of each finite-q curve
    (and at ``u = 0`` for the Einstein solid), so the lower panel shows
    ``|beta eps| <= beta_limit`` and the curves leave it through the top and
    bottom edges.

    Parameters
    ----------
    data : Figure1Data, optional
        The curves to draw; by default ``figure1_data(qs)``.
    qs : sequence of int
        Used only when ``data`` is None.
    beta_limit : float
        Half-height of the lower panel, > 0.
    ax : pair of matplotlib Axes, optional
        ``(upper, lower)`` axes to draw into; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = figure1(figure1_data(qs=(2, 3), points=51))
    >>> upper, lower = fig.axes
    >>> [line.get_label() for line in upper.get_lines()]
    ['$q = 2$', '$q = 3$', '$q \\to \\infty$']
    >>> tuple(map(float, lower.get_ylim()))
    (-4.0, 4.0)
    """
    if data is None:
        data = figure1_data(qs)
    if not (isinstance(beta_limit, (int, float)) and 0 < beta_limit <= sys.float_info.max):
        raise DomainError(f"beta_limit must be a finite number > 0; got {short(beta_limit)}")
    fig, upper, lower = two_axes(ax, (6.8, 6.5))
    finite = [c for c in data.curves if math.isfinite(c.q)]
    palette = dict(zip([c.q for c in finite], colours(len(finite)), strict=True))
    for c in data.curves:
        colour = palette.get(c.q, "black")
        style = "-" if math.isfinite(c.q) else "--"
        upper.plot(c.u, c.s, style, color=colour, lw=1.5, label=c.label)
        lower.plot(c.u, finite_or_nan(c.beta), style, color=colour, lw=1.5, label=c.label)
    if finite:
        u_stars = [c.u_star for c in finite]
        upper.scatter(
            u_stars,
            [math.log(c.q) for c in finite],
            s=18,
            color=[palette[c.q] for c in finite],
            zorder=3,
            label=r"$u^* = (q-1)/2$, $s = \ln q$",
        )
        lower.scatter(u_stars, [0.0] * len(finite), s=18, color=[palette[c.q] for c in finite])
    lower.axhline(0.0, color="0.6", lw=0.8, zorder=0, label="_beta_zero")
    upper.set_ylabel(S_LABEL)
    lower.set_ylabel(BETA_LABEL)
    lower.set_xlabel(U_LABEL)
    upper.set_xlim(0.0, data.u_max)
    upper.set_ylim(bottom=0.0)
    lower.set_ylim(-float(beta_limit), float(beta_limit))
    legend_outside(fig, upper)
    return fig


@dataclass(frozen=True, eq=False)
class FiniteSizeData:
    """The numbers behind :func:`finite_size_figure`.

    Attributes
    ----------
    q : int or None
        Number of levels of an equispaced system; None for any other spectrum.
    finite : tuple of FiniteNThermodynamics
        Exact curves ``s_N = ln Omega(N, M)/N`` and ``beta_N``, one per ``N``,
        in increasing ``N``, at the energies with ``Omega > 0``.
    limit : Curve
        The thermodynamic limit ``s(u)``, ``beta eps(u)`` on a fine grid (for
        a general spectrum its ``q`` is the number of states ``P(1)``, with
        ``s(u*) = ln P(1)``).
    """

    q: int | None
    finite: tuple[FiniteNThermodynamics, ...]
    limit: Curve

    @property
    def degeneracies(self) -> tuple[int, ...]:
        """The single-particle degeneracies ``g_0..g_d``."""
        return self.finite[0].degeneracies

    @property
    def max_energy(self) -> int:
        """The highest level ``d``: ``u`` runs over ``[0, d]``."""
        return self.finite[0].max_energy

    def deviation(self, N: int, *, margin: float = 0.0) -> tuple[float, float]:
        """Return ``max |s_N - s|`` and ``max |beta_N - beta|`` at the energies ``M/N``.

        Only energies with ``margin * d <= u <= (1 - margin) * d`` count
        (``d = q - 1`` for equispaced levels): ``beta`` is infinite at the
        edges, where ``beta_N`` is finite.

        >>> d = finite_size_data(3, (10, 100), points=11)
        >>> d.deviation(100)[0] < d.deviation(10)[0]
        True
        """
        for th in self.finite:
            if th.N == N:
                break
        else:
            raise DomainError(f"N = {short(N)} is not in this figure; it has N in {self.Ns}")
        top = self.max_energy
        keep = (th.u >= margin * top) & (th.u <= (1.0 - margin) * top)
        u = th.u[keep]
        if self.q is not None:
            s, beta = numeric.entropy(u, self.q), numeric.inverse_temperature(u, self.q)
        else:
            s = numeric.evaluator(self.degeneracies, "s")(u)
            beta = numeric.evaluator(self.degeneracies, "beta")(u)
        ds = np.abs(th.s[keep] - s)
        with np.errstate(invalid="ignore"):
            db = np.abs(th.beta[keep] - beta)
        return float(ds.max()), float(np.nanmax(np.where(np.isfinite(db), db, np.nan)))

    @property
    def Ns(self) -> tuple[int, ...]:
        """The particle numbers, increasing."""
        return tuple(th.N for th in self.finite)


def finite_size_data(
    q: Any = 3, Ns: Sequence[int] = (10, 100, 1000), points: int = 801
) -> FiniteSizeData:
    r"""Return exact finite-N curves and the thermodynamic limit, the data of the figure.

    For each ``N`` the exact row ``Omega_q(N, M)`` gives ``s_N(M/N) = ln Omega/N``
    and ``beta_N`` (central differences of ``ln Omega``), see
    :func:`mesosym.levels.finite.finite_thermodynamics`.  Both approach ``s(u)`` and
    ``beta eps(u)`` as ``N`` grows: ``s_N - s = -(1/2N) ln(2 pi N sigma^2) + O(1/N^2)``
    away from the edges (:mod:`mesosym.levels.asymptotics`).

    Parameters
    ----------
    q : int, Spectrum or sequence of int
        Number of levels, an integer ``>= 2``; or any integer spectrum, as in
        :func:`mesosym.levels.finite.finite_thermodynamics` (a Spectrum, such as
        ``Spectrum.from_levels([0, 1, 3])``, or its degeneracies).
    Ns : sequence of int
        Particle numbers, each ``>= 1``; sorted, duplicates dropped.  The exact
        row has ``N d + 1`` entries (``d = q - 1``) of up to ``N log2 q`` bits.
    points : int
        Grid points of the limit curve.

    Returns
    -------
    FiniteSizeData

    Examples
    --------
    Two particles on two levels: ``Omega = 1, 2, 1``.

    >>> d = finite_size_data(2, (2,), points=5)
    >>> d.finite[0].s
    array([0.        , 0.34657359, 0.        ])
    >>> float(d.limit.s[2])                   # ln 2 at u* = 1/2
    0.6931471805599453

    Levels 0, 1 and 3: ``M = 2`` is unreachable for one particle, and the
    entropy is largest, ``ln 3``, at ``u* = 4/3``:

    >>> from mesosym import Spectrum
    >>> d = finite_size_data(Spectrum.from_levels([0, 1, 3]), (1, 20), points=11)
    >>> d.q, d.finite[0].M, d.limit.label
    (None, array([0, 1, 3]), 'levels $0, 1, 3$')
    >>> round(d.limit.u_star, 12), round(float(d.limit.s.max()), 12) == round(math.log(3), 12)
    (1.333333333333, True)
    """
    # q, a Spectrum or degeneracies, read as finite_thermodynamics reads them
    levels, g = _system(q, "finite_size_data")
    if isinstance(Ns, (str, bytes)) or not isinstance(Ns, Sequence) or not Ns:
        raise DomainError(f"Ns must be a non-empty sequence of integers >= 1; got {short(Ns)}")
    Nlist = sorted({as_int("N", N) for N in Ns})
    n = _check_points(points)
    top = levels - 1 if levels is not None else len(g or ()) - 1
    rows = sum(N * top + 1 for N in Nlist)
    check_points(
        n + rows, f"{short(n)} points for the limit + {short(rows)} exact counts (N d + 1 per N)"
    )
    if levels is None:
        assert g is not None
        finite = tuple(finite_thermodynamics(q, N) for N in Nlist)
        return FiniteSizeData(q=None, finite=finite, limit=_spectrum_curve(g, n))
    finite = tuple(finite_thermodynamics(levels, N) for N in Nlist)
    return FiniteSizeData(q=levels, finite=finite, limit=_finite_curve(levels, n))


def finite_size_figure(
    q: Any = 3,
    Ns: Sequence[int] = (10, 100, 1000),
    *,
    data: FiniteSizeData | None = None,
    beta_limit: float = 4.0,
    ax: Any = None,
) -> Figure:
    r"""Draw exact finite-N ``s_N`` and ``beta_N`` against the thermodynamic limit.

    Upper panel ``ln Omega(N, M)/N`` against ``u = M/N``, lower panel
    ``d ln Omega/dM``; the limit ``s(u)``, ``beta eps(u)`` is the black dashed line, drawn on top.
    Small ``N`` (at most 40 energies) are drawn as markers, larger ones as lines.

    Parameters
    ----------
    q : int, Spectrum or sequence of int
        The spectrum, as in :func:`finite_size_data` (ignored when ``data`` is given).
    Ns : sequence of int
        Particle numbers (ignored when ``data`` is given).
    data : FiniteSizeData, optional
        The curves to draw; by default ``finite_size_data(q, Ns)``.
    beta_limit : float
        Half-height of the lower panel, > 0.
    ax : pair of matplotlib Axes, optional
        ``(upper, lower)`` axes to draw into; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = finite_size_figure(3, (5, 50))
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['$N \\to \\infty$', '$N = 5$', '$N = 50$']
    """
    if data is None:
        data = finite_size_data(q, Ns)
    if not (isinstance(beta_limit, (int, float)) and 0 < beta_limit <= sys.float_info.max):
        raise DomainError(f"beta_limit must be a finite number > 0; got {short(beta_limit)}")
    fig, upper, lower = two_axes(ax, (6.8, 6.5))
    lim = data.limit
    style: dict[str, Any] = {"color": "black", "lw": 1.2, "label": r"$N \to \infty$", "zorder": 3}
    upper.plot(lim.u, lim.s, "--", **style)
    lower.plot(lim.u, finite_or_nan(lim.beta), "--", **style)
    for th, colour in zip(data.finite, colours(len(data.finite)), strict=True):
        fmt = "o" if th.u.size <= 41 else "-"
        label = f"$N = {th.N}$"
        upper.plot(th.u, th.s, fmt, color=colour, ms=3, lw=1.0, label=label)
        lower.plot(th.u, th.beta, fmt, color=colour, ms=3, lw=1.0, label=label)
    lower.axhline(0.0, color="0.6", lw=0.8, zorder=0, label="_beta_zero")
    system = f"$q = {data.q}$" if data.q is not None else data.limit.label
    upper.set_title(f"{system}: exact counts against the saddle point", fontsize="medium")
    upper.set_ylabel(S_LABEL)
    lower.set_ylabel(BETA_LABEL)
    lower.set_xlabel(U_LABEL)
    upper.set_xlim(0.0, data.max_energy)
    upper.set_ylim(bottom=0.0)
    lower.set_ylim(-float(beta_limit), float(beta_limit))
    legend_outside(fig, upper)
    return fig
