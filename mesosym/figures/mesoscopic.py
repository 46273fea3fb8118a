r"""Figures of the mesoscopic partition function: fine graining and inter-cell information.

* :func:`fine_graining_figure` / :func:`fine_graining_data` -- ``1 - Z_mes/Z``
  against the cell width ``w`` on log axes for one-dimensional gases
  (:class:`~mesosym.mesoscopic.ContinuumGas`), each with the order ``p`` fitted
  to ``1 - Z_mes/Z ~ C w^p``: ``p = 2`` for a smooth pair potential, with
  ``C = beta^2 <|grad U|^2>/24`` (:meth:`ContinuumGas.fine_graining_coefficient`,
  drawn as pale bands), and ``p = 1`` for hard rods, whose excluded length a cell
  can only resolve to within ``w``;
* :func:`information_figure` / :func:`information_data` -- the mutual
  information of two cells of an Ising chain against the cell size (adjacent
  cells: the configurations share only the bond across the cut, so
  ``I`` does not grow with the cells -- an area law; the occupation numbers
  carry ever less of it) and against the distance between two cells
  (exponential decay; for zero field at rate ``2 ln tanh(beta J)`` per site).

Values come from the models' mpmath routes at 15 digits and are stored as
float64; the fitted orders are least-squares slopes of the last points.

Examples
--------
>>> d = information_data(sizes=(1, 2, 4), gaps=(0, 1, 2), couplings=(1.0,))
>>> series = d.by_size[0]
>>> [round(float(v), 9) for v in series.configuration]       # the same for every size
[0.327813325, 0.327813325, 0.327813325]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from matplotlib.figure import Figure

from ..budget import short
from ..errors import DomainError
from ..mesoscopic import ContinuumGas, IsingChain
from ..mesoscopic.models.cylinder import CRITICAL_TEMPERATURE
from ..progress import step
from ..symbols import r
from ..validation import as_int
from ._files import check_points, colours, legend_outside, read_only

__all__ = [
    "FineGrainingSeries",
    "FineGrainingData",
    "fine_graining_data",
    "fine_graining_figure",
    "default_gases",
    "InformationSeries",
    "InformationData",
    "information_data",
    "information_figure",
    "fitted_order",
    "KacIsothermsData",
    "kac_isotherms_data",
    "kac_isotherms",
    "AreaLawData",
    "area_law_data",
    "area_law_figure",
    "factorisation_data",
    "factorisation_figure",
    "FactorisationData",
    "CRITICAL_TEMPERATURE",
    "SHANNON_B1",
    "MAX_FIGURE_CIRCUMFERENCE",
]

#: Most cells (or sites) one figure may ask of a model; the sector sums of a
#: three-particle gas with a potential grow as M^2, a chain's cost as log(sites).
MAX_CELLS = 1024


def _label(
    ax: Any, xlabel: str, ylabel: str, title: str, *, legend: bool = True, **options: Any
) -> None:
    """Name a panel's axes, give it a medium title and (``legend``) a small legend."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize="medium")
    if legend:
        ax.legend(fontsize="small", **options)


def _temperature_name(T: float) -> str:
    """``T_c`` at the critical temperature, else ``T`` printed short."""
    return "T_c" if abs(T - CRITICAL_TEMPERATURE) < 1e-9 else f"{T:g}"


def fitted_order(x: Any, y: Any, last: int = 4) -> float:
    """The least-squares slope of ``ln y`` against ``ln x`` over the ``last`` points.

    >>> fitted_order([1, 2, 4, 8], [3, 12, 48, 192])
    2.0
    """
    lx, ly = np.log(np.asarray(x, float)[-last:]), np.log(np.asarray(y, float)[-last:])
    return round(float(np.polyfit(lx, ly, 1)[0]), 12)


# -- fine graining ------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class FineGrainingSeries:
    """``1 - Z_mes/Z`` of one gas at several cell widths.

    Attributes
    ----------
    label : str
        Legend label (mathtext).
    cells : tuple of int
        Numbers of cells ``M``, increasing.
    width : numpy.ndarray
        Cell widths ``w = L/M``, decreasing.
    log_gap : numpy.ndarray
        ``ln Z - ln Z_mes >= 0`` (Jensen), at each width.
    deficit : numpy.ndarray
        ``1 - Z_mes/Z = -expm1(-(ln Z - ln Z_mes))``.
    order : float
        Fitted exponent ``p`` in ``deficit ~ C w^p`` over the four finest widths.
    coefficient : float or None
        ``C`` of ``ln Z - ln Z_mes = C w^2 + O(w^4)`` for a smooth potential, else None.
    """

    label: str
    cells: tuple[int, ...]
    width: np.ndarray
    log_gap: np.ndarray
    deficit: np.ndarray
    order: float
    coefficient: float | None


@dataclass(frozen=True, eq=False)
class FineGrainingData:
    """The numbers behind :func:`fine_graining_figure`: one series per gas."""

    series: tuple[FineGrainingSeries, ...]


def default_gases() -> dict[str, ContinuumGas]:
    r"""Three gases on ``[0, 1]`` at ``beta = 1``: two with smooth potentials, one of hard rods.

    >>> list(default_gases())
    ['$N = 2$, $\\phi = r^2$', '$N = 3$, $\\phi = e^{-r^2}$', '$N = 3$ rods, $a = 1/8$']
    """
    return {
        r"$N = 2$, $\phi = r^2$": ContinuumGas(2, 1, pair_potential=r**2, digits=15),
        r"$N = 3$, $\phi = e^{-r^2}$": ContinuumGas(
            3, 1, pair_potential=sp.exp(-(r**2)), digits=15
        ),
        r"$N = 3$ rods, $a = 1/8$": ContinuumGas(3, 1, hard_core=sp.Rational(1, 8), digits=15),
    }


def _check_cells(cells: Any) -> tuple[int, ...]:
    if isinstance(cells, (str, bytes)) or not isinstance(cells, Sequence) or len(cells) < 2:
        raise DomainError(
            f"cells must be a sequence of at least two integers >= 1; got {short(cells)}"
        )
    out = sorted({as_int("cells", m) for m in cells})
    if out[0] < 1 or out[-1] > MAX_CELLS:
        raise DomainError(
            f"cells must lie in 1..{MAX_CELLS} (the sector sums grow as M^(N-1)); "
            f"got {short(cells)}"
        )
    return tuple(out)


def fine_graining_data(
    gases: dict[str, ContinuumGas] | None = None,
    cells: Sequence[int] = (8, 16, 32, 64, 128),
) -> FineGrainingData:
    r"""Return ``1 - Z_mes/Z`` for each gas at the cell widths ``L/M``, with the fitted order.

    Parameters
    ----------
    gases : dict of label -> ContinuumGas, optional
        Numeric gases; by default :func:`default_gases`.  A gas whose ``Z_mes``
        is 0 at some ``M`` (cells too coarse for its rods) is refused.
    cells : sequence of int
        Numbers of cells ``M``, at least two, each in ``1..MAX_CELLS``.

    Returns
    -------
    FineGrainingData

    Examples
    --------
    Hard rods with commensurate cells: ``ln Z - ln Z_mes = -sum_{j<N} ln(1 - j w/L')``,
    ``L' = L - (N - 1) a``: first order in ``w``.

    >>> rods = {"rods": ContinuumGas(2, 1, hard_core=sp.Rational(1, 4), digits=15)}
    >>> s = fine_graining_data(rods, cells=(8, 16)).series[0]
    >>> float(s.log_gap[0]), -math.log(1 - (1 / 8) / (3 / 4))
    (0.1823215567939546, 0.1823215567939546)
    """
    models = default_gases() if gases is None else gases
    if not isinstance(models, dict) or not models:
        raise DomainError(
            f"gases must be a non-empty dict of label -> ContinuumGas; got {short(gases)}"
        )
    Ms = _check_cells(cells)
    check_points(len(Ms) * len(models), f"{len(Ms)} widths x {len(models)} gases")
    out = []
    for label, gas in models.items():
        if not isinstance(gas, ContinuumGas):
            raise DomainError(f"gases[{short(label)}] must be a ContinuumGas; got {short(gas)}")
        with mpmath.workdps(gas.digits):
            log_z = gas.log_partition_function()
            gaps = []
            for M in Ms:
                log_mes = gas.log_mesoscopic_partition_function(M)
                if not mpmath.isfinite(log_mes):
                    raise DomainError(
                        f"cells: {M} cells are too coarse for {label} (Z_mes = 0); use more cells"
                    )
                gaps.append(float(log_z - log_mes))
            smooth = gas.pair_potential is not None and gas.hard_core == 0
            coefficient = float(gas.fine_graining_coefficient()) if smooth else None
        widths = np.array([float(gas.length) / M for M in Ms])
        gap = np.array(gaps)
        deficit = -np.expm1(-gap)
        out.append(
            FineGrainingSeries(
                label=label,
                cells=Ms,
                width=read_only(widths),
                log_gap=read_only(gap),
                deficit=read_only(deficit),
                order=fitted_order(widths, deficit),  # the four finest widths
                coefficient=coefficient,
            )
        )
    return FineGrainingData(series=tuple(out))


def fine_graining_figure(data: FineGrainingData | None = None, *, ax: Any = None) -> Figure:
    r"""Draw ``1 - Z_mes/Z`` against the cell width on log axes, each gas with its fitted order.

    Points are the computed values; pale bands the predicted ``C w^2`` of the
    smooth potentials.  The legend (outside the axes) gives each fitted order.

    Parameters
    ----------
    data : FineGrainingData, optional
        By default ``fine_graining_data()``.
    ax : matplotlib Axes, optional
        Axes to draw into; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> rods = {"rods": ContinuumGas(2, 1, hard_core=sp.Rational(1, 4), digits=15)}
    >>> fig = fine_graining_figure(fine_graining_data(rods, cells=(8, 16, 32)))
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['rods: order 1.00']
    """
    if data is None:
        data = fine_graining_data()
    if ax is None:
        fig = Figure(figsize=(6.8, 4.2), layout="constrained")
        ax = fig.subplots()
    else:
        fig = ax.figure
    for s, colour in zip(data.series, colours(len(data.series)), strict=True):
        ax.loglog(s.width, s.deficit, "o-", color=colour, ms=4, lw=1.2)
        ax.lines[-1].set_label(f"{s.label}: order {s.order:.2f}")
        if s.coefficient is not None:  # a wide pale band under the points
            prediction = -np.expm1(-s.coefficient * s.width**2)
            ax.loglog(s.width, prediction, "-", color=colour, lw=7, alpha=0.25, label="_prediction")
    _label(
        ax,
        r"cell width $w = L/M$",
        r"$1 - Z_{\mathrm{mes}}/Z$",
        r"fine graining: $Z_{\mathrm{mes}} \to Z$ as $w \to 0$",
        legend=False,
    )
    legend_outside(fig, ax, title=r"pale bands: $\beta^2\langle|\nabla U|^2\rangle w^2/24$")
    return fig


# -- mutual information ---------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class InformationSeries:
    """Mutual information of two cells of one Ising chain (zero field), in nats.

    Attributes
    ----------
    coupling : float
        ``beta J``.
    x : numpy.ndarray
        Cell sizes (for :attr:`InformationData.by_size`) or gaps in sites
        (for :attr:`InformationData.by_distance`).
    configuration : numpy.ndarray
        ``I`` of the cells' configurations.
    occupation : numpy.ndarray or None
        ``I`` of their numbers of up spins (by size only).
    decay : float or None
        By distance: the fitted slope of ``ln I`` against the gap (per site).
    """

    coupling: float
    x: np.ndarray
    configuration: np.ndarray
    occupation: np.ndarray | None
    decay: float | None

    @property
    def label(self) -> str:
        r"""Legend label, ``$\beta J = ...$``."""
        return rf"$\beta J = {self.coupling:g}$"


@dataclass(frozen=True, eq=False)
class InformationData:
    """The numbers behind :func:`information_figure`.

    Attributes
    ----------
    by_size : tuple of InformationSeries
        Two adjacent cells of ``b`` sites (a chain of ``2b``), one series per coupling.
    by_distance : tuple of InformationSeries
        Two cells of ``size`` sites with ``d`` sites between them.
    size : int
        The cell size of :attr:`by_distance`.
    """

    by_size: tuple[InformationSeries, ...]
    by_distance: tuple[InformationSeries, ...]
    size: int


def _check_ints(name: str, values: Any, minimum: int) -> tuple[int, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or len(values) < 2:
        raise DomainError(
            f"{name} must be a sequence of at least two integers; got {short(values)}"
        )
    out = sorted({as_int(name, v) for v in values})
    if out[0] < minimum or out[-1] > MAX_CELLS:
        raise DomainError(f"{name} must lie in {minimum}..{MAX_CELLS}; got {short(values)}")
    return tuple(out)


def information_data(
    sizes: Sequence[int] = (1, 2, 4, 8, 16, 32, 64),
    gaps: Sequence[int] = tuple(range(13)),
    couplings: Sequence[float] = (0.5, 1.0),
    size: int = 4,
) -> InformationData:
    r"""Return the mutual information of two Ising cells against cell size and against distance.

    Zero field, open chain, 30-digit mpmath values stored as float64.

    Parameters
    ----------
    sizes : sequence of int
        Cell sizes ``b >= 1`` of two adjacent cells.
    gaps : sequence of int
        Numbers of sites ``d >= 0`` between two cells of ``size`` sites.
    couplings : sequence of float
        ``beta J > 0``.
    size : int
        The cell size for the distance series.

    Returns
    -------
    InformationData

    Examples
    --------
    Two spins ``d + 1`` bonds apart have correlation ``t^(d+1)``, ``t = tanh(beta J)``, and
    ``I = ln 2 - h((1 + t^(d+1))/2)`` with ``h`` the binary entropy:

    >>> d = information_data(sizes=(1, 2), gaps=(0, 3), couplings=(1.0,), size=2)
    >>> t = math.tanh(1.0) ** 4; p = (1 + t) / 2
    >>> round(float(d.by_distance[0].configuration[1]), 12)
    0.057711550867
    >>> round(math.log(2) + p * math.log(p) + (1 - p) * math.log(1 - p), 12)
    0.057711550867
    """
    bs = _check_ints("sizes", sizes, 1)
    ds = _check_ints("gaps", gaps, 0)
    b0 = as_int("size", size)
    if not 1 <= b0 <= MAX_CELLS:
        raise DomainError(f"size must lie in 1..{MAX_CELLS}; got {short(size)}")
    if isinstance(couplings, (str, bytes)) or not isinstance(couplings, Sequence) or not couplings:
        raise DomainError(
            f"couplings must be a non-empty sequence of numbers > 0; got {short(couplings)}"
        )
    Ks = []
    for K in couplings:
        if not (isinstance(K, (int, float)) and 0 < K < math.inf):
            raise DomainError(f"couplings must be finite numbers > 0; got {short(K)}")
        Ks.append(float(K))
    check_points(len(Ks) * (2 * len(bs) + len(ds)), "information values")
    by_size, by_distance = [], []
    for K in Ks:
        conf, occ = [], []
        for b in bs:
            cells = IsingChain(2 * b, K, digits=30).split(2)
            conf.append(float(cells.mutual_information(0, 1)))
            occ.append(float(cells.mutual_information(0, 1, "occupation")))
            step()
        by_size.append(InformationSeries(K, read_only(bs), read_only(conf), read_only(occ), None))
        values = []
        for d in ds:
            layout = [b0, d, b0] if d else [b0, b0]
            cells = IsingChain(sum(layout), K, digits=30).split(layout)
            values.append(float(cells.mutual_information(0, len(layout) - 1)))
            step()
        decay = float(np.polyfit(np.array(ds[-4:], float), np.log(values[-4:]), 1)[0])
        by_distance.append(InformationSeries(K, read_only(ds), read_only(values), None, decay))
    return InformationData(by_size=tuple(by_size), by_distance=tuple(by_distance), size=b0)


def information_figure(data: InformationData | None = None) -> Figure:
    r"""Draw the mutual information of two cells against cell size (left) and distance (right).

    Left, log-log: adjacent cells of ``b`` sites; the configurations (solid)
    keep the same information whatever ``b`` -- it sits on the one bond across
    the cut (an area law; a volume law would grow like ``b``) -- while the
    occupation numbers (dashed) lose it.  Right, log-linear: two cells with
    ``d`` sites between them; straight lines of fitted slope ``2 ln tanh(beta J)``.

    Parameters
    ----------
    data : InformationData, optional
        By default ``information_data()``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = information_figure(information_data((1, 2), (0, 1), (1.0,)))
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['cell size $b$ (sites)', 'sites $d$ between the cells']
    """
    if data is None:
        data = information_data()
    fig = Figure(figsize=(10.0, 4.8), layout="constrained")
    left, right = fig.subplots(1, 2)
    palette = colours(len(data.by_size))
    for s, colour in zip(data.by_size, palette, strict=True):
        left.loglog(
            s.x, s.configuration, "o-", color=colour, ms=4, label=f"{s.label}, configurations"
        )
        if s.occupation is not None:
            left.loglog(
                s.x, s.occupation, "s--", color=colour, ms=3, label=f"{s.label}, occupations"
            )
    below: dict[str, Any] = {
        "loc": "upper center",
        "bbox_to_anchor": (0.5, -0.16),
        "frameon": False,
    }
    _label(
        left,
        "cell size $b$ (sites)",
        r"$I(A : B)$ (nats)",
        "two adjacent cells: the area law",
        ncols=2,
        **below,
    )
    for s, colour in zip(data.by_distance, palette, strict=True):
        expected = 2 * math.log(math.tanh(s.coupling))
        right.semilogy(
            s.x,
            s.configuration,
            "o-",
            color=colour,
            ms=4,
            label=rf"{s.label}: slope {s.decay:.3f} ($2\ln(\tanh\beta J) = {expected:.3f}$)",
        )
    _label(
        right,
        "sites $d$ between the cells",
        r"$I(A : B)$ (nats)",
        f"two cells of {data.size} sites, $d$ apart",
        **below,
    )
    return fig


# -- the area law on the Ising cylinder ------------------------------------------------
#: b_1 of the half-ring Shannon information at criticality, I = (b_1 / 4) ln w + const:
#: 0.4801629(2) (Stephan, Phys. Rev. B 90, 045424 (2014), Ising chains in the z basis)
SHANNON_B1 = 0.4801629
#: the largest circumference a figure may ask for (float64 route, about 2 s at w = 16)
MAX_FIGURE_CIRCUMFERENCE = 18


@dataclass(frozen=True, eq=False)
class AreaLawData:
    r"""The numbers behind :func:`area_law_figure` (float64 route of :class:`IsingCylinder`).

    Attributes
    ----------
    widths : tuple of int
        Circumferences w of panel (a).
    temperatures : numpy.ndarray
        Temperatures T (J = k_B = 1) of panel (a).
    information : numpy.ndarray
        ``I / w`` between the half-cylinders, shape (temperatures, widths).
    coefficients : numpy.ndarray
        The area-law coefficient at each temperature, estimated by the last increment
        ``[I(w_n) - I(w_(n-1))] / (w_n - w_(n-1))`` (it removes the constant term of
        ``I = a w + b``; at T_c a ``ln w`` term remains).
    peak_widths : tuple of int
        Circumferences of panel (b).
    scan_temperatures : numpy.ndarray
        Temperatures of panel (b).
    scan : numpy.ndarray
        ``I / w`` at those temperatures, shape (peak_widths, scan_temperatures).
    peaks : numpy.ndarray
        The temperature of the maximum of ``I / w`` for each peak width (golden-section
        search to 1e-4 around the largest scanned value; a peak at an end of the scan
        lies at or beyond it).
    arc_widths : tuple of int
        Even circumferences of panel (c), at T_c.
    arc_information : numpy.ndarray
        ``I(half ring : other half)`` of one ring at T_c.
    arc_slopes : numpy.ndarray
        Local slopes ``dI / d ln w`` between successive arc widths.
    slope : float
        Least-squares slope of ``I`` against ``ln w`` over the last three arc widths.
    """

    widths: tuple[int, ...]
    temperatures: np.ndarray
    information: np.ndarray
    coefficients: np.ndarray
    peak_widths: tuple[int, ...]
    scan_temperatures: np.ndarray
    scan: np.ndarray
    peaks: np.ndarray
    arc_widths: tuple[int, ...]
    arc_information: np.ndarray
    arc_slopes: np.ndarray
    slope: float


def _cylinder(w: int, T: float) -> Any:
    from ..mesoscopic import IsingCylinder

    return IsingCylinder(circumference=w, coupling=1, beta=1 / T, digits=None)


def _information_per_site(w: int, T: float) -> float:
    return float(_cylinder(w, T).mutual_information()) / w


def _peak(w: int, low: float, high: float, tolerance: float = 1e-4) -> float:
    """The maximum of I / w on [low, high] by golden-section search (unimodal there)."""
    g = (math.sqrt(5) - 1) / 2
    a, b = low, high
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = _information_per_site(w, c), _information_per_site(w, d)
    while b - a > tolerance:
        if fc > fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = _information_per_site(w, c)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = _information_per_site(w, d)
    return (a + b) / 2


def _check_widths(name: str, values: Any, minimum: int) -> tuple[int, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or len(values) < 2:
        raise DomainError(
            f"{name} must be a sequence of at least two integers; got {short(values)}"
        )
    out = sorted({as_int(name, v) for v in values})
    if out[0] < minimum or out[-1] > MAX_FIGURE_CIRCUMFERENCE:
        raise DomainError(
            f"{name} must lie in {minimum}..{MAX_FIGURE_CIRCUMFERENCE} (MAX_FIGURE_CIRCUMFERENCE); "
            f"got {short(values)}"
        )
    return tuple(out)


def _check_temperatures(name: str, values: Any) -> np.ndarray:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise DomainError(
            f"{name} must be a non-empty sequence of numbers > 0; got {short(values)}"
        )
    out = []
    for T in values:
        if isinstance(T, bool) or not isinstance(T, (int, float)) or not 0 < T < math.inf:
            raise DomainError(f"{name} must be finite numbers > 0; got {short(T)}")
        out.append(float(T))
    return np.array(sorted(out))


def area_law_data(
    widths: Sequence[int] = (2, 4, 6, 8, 10, 12, 14),
    temperatures: Sequence[float] = (1.5, 2.0, CRITICAL_TEMPERATURE, 2.5, 3.0, 4.0),
    peak_widths: Sequence[int] = (8, 10, 12),
    scan_temperatures: Sequence[float] = tuple(np.linspace(1.8, 3.4, 17)),
    arc_widths: Sequence[int] = (4, 6, 8, 10, 12, 14, 16),
) -> AreaLawData:
    r"""Return the information between half-cylinders and between half-rings of an Ising cylinder.

    Zero field, J = 1, float64 (absolute error below 1e-11 w, see :class:`IsingCylinder`).

    Parameters
    ----------
    widths : sequence of int
        Circumferences for ``I / w`` against ``w`` (>= 1).
    temperatures : sequence of float
        Temperatures for that panel.
    peak_widths : sequence of int
        Circumferences whose peak of ``I / w`` in temperature is located.
    scan_temperatures : sequence of float
        Temperatures scanned for the peaks (the search refines around the best).
    arc_widths : sequence of int
        Even circumferences for the half-ring information at T_c.

    Returns
    -------
    AreaLawData

    Examples
    --------
    Far above T_c the information per site settles quickly: the last increment and
    ``I / w`` agree.

    >>> d = area_law_data(widths=(6, 8), temperatures=(4.0,), peak_widths=(4, 6),
    ...                   scan_temperatures=(1.6, 2.0, 2.4), arc_widths=(4, 6))
    >>> round(float(d.information[0, -1]), 4), round(float(d.coefficients[0]), 4)
    (0.034, 0.034)
    """
    ws = _check_widths("widths", widths, 1)
    Ts = _check_temperatures("temperatures", temperatures)
    pws = _check_widths("peak_widths", peak_widths, 1)
    scan_Ts = _check_temperatures("scan_temperatures", scan_temperatures)
    aws = _check_widths("arc_widths", arc_widths, 2)
    if any(w % 2 for w in aws):
        raise DomainError(f"arc_widths must be even (a half ring); got {short(arc_widths)}")
    check_points(len(ws) * len(Ts) + len(pws) * (len(scan_Ts) + 30) + len(aws), "cylinder values")
    info = np.array([[float(_cylinder(w, T).mutual_information()) / w for w in ws] for T in Ts])
    total = info * np.array(ws)[None, :]
    coefficients = (total[:, -1] - total[:, -2]) / (ws[-1] - ws[-2])
    scan = np.array([[_information_per_site(w, T) for T in scan_Ts] for w in pws])
    peaks: list[float] = []
    for row in scan:
        i = int(np.argmax(row))
        low = scan_Ts[max(i - 1, 0)]
        high = scan_Ts[min(i + 1, len(scan_Ts) - 1)]
        peaks.append(_peak(pws[len(peaks)], float(low), float(high)))
    arc = np.array(
        [float(_cylinder(w, CRITICAL_TEMPERATURE).ring_mutual_information(w // 2)) for w in aws]
    )
    logs = np.log(np.array(aws, float))
    slopes = np.diff(arc) / np.diff(logs)
    last = min(3, len(aws))
    slope = float(np.polyfit(logs[-last:], arc[-last:], 1)[0])
    return AreaLawData(
        widths=ws,
        temperatures=read_only(Ts),
        information=read_only(info),
        coefficients=read_only(coefficients),
        peak_widths=pws,
        scan_temperatures=read_only(scan_Ts),
        scan=read_only(scan),
        peaks=read_only(peaks),
        arc_widths=aws,
        arc_information=read_only(arc),
        arc_slopes=read_only(slopes),
        slope=slope,
    )


def area_law_figure(data: AreaLawData | None = None) -> Figure:
    r"""Draw the area law of the Ising cylinder in three panels.

    (a) ``I / w`` between the two half-cylinders against the circumference ``w``, one
    curve per temperature: it tends to a constant (the area-law coefficient); (b)
    ``I / w`` against temperature for a few ``w``, its peak marked, T_c dashed; (c) the
    information between the two halves of one ring at T_c against ``ln w``, with
    the line of slope ``b_1 / 4`` (``b_1 = 0.4801629``) through the last point.

    Parameters
    ----------
    data : AreaLawData, optional
        By default ``area_law_data()`` (about half a minute).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> d = area_law_data(widths=(2, 4), temperatures=(3.0,), peak_widths=(4, 6),
    ...                   scan_temperatures=(1.6, 2.0, 2.4), arc_widths=(4, 6))
    >>> [ax.get_xlabel() for ax in area_law_figure(d).axes]
    ['circumference $w$', 'temperature $T$ ($J = k_B = 1$)', 'circumference $w$ (log scale)']
    """
    if data is None:
        data = area_law_data()
    fig = Figure(figsize=(14.0, 4.6), layout="constrained")
    a, b, c = fig.subplots(1, 3)
    palette = colours(len(data.temperatures))
    for T, row, coef, colour in zip(
        data.temperatures, data.information, data.coefficients, palette, strict=True
    ):
        label = rf"$T = {_temperature_name(T)}$: $a \approx {coef:.4f}$"
        a.plot(data.widths, row, "o-", color=colour, ms=4, label=label)
    _label(
        a,
        "circumference $w$",
        r"$I(\mathrm{left} : \mathrm{right}) / w$ (nats per site)",
        "(a) information per unit boundary",
    )
    palette = colours(len(data.peak_widths))
    for w, row, peak, colour in zip(data.peak_widths, data.scan, data.peaks, palette, strict=True):
        b.plot(
            data.scan_temperatures,
            row,
            "o-",
            color=colour,
            ms=3,
            label=f"$w = {w}$: peak at $T = {peak:.3f}$",
        )
        b.axvline(peak, color=colour, lw=0.8, ls=":")
    b.axvline(CRITICAL_TEMPERATURE, color="k", lw=0.8, ls="--", label=r"$T_c = 2/\ln(1+\sqrt{2})$")
    _label(
        b,
        "temperature $T$ ($J = k_B = 1$)",
        r"$I / w$ (nats per site)",
        "(b) the peak lies above $T_c$ for $w \\geq 10$",
    )
    c.semilogx(
        data.arc_widths,
        data.arc_information,
        "o-",
        color="C0",
        ms=4,
        label=f"half ring at $T_c$: slope {data.slope:.4f}",
    )
    w_last, i_last = data.arc_widths[-1], data.arc_information[-1]
    ws = np.array(data.arc_widths, float)
    c.semilogx(
        ws,
        i_last + SHANNON_B1 / 4 * np.log(ws / w_last),
        "k--",
        lw=0.8,
        label=rf"slope $b_1/4 = {SHANNON_B1 / 4:.4f}$",
    )
    _label(
        c,
        "circumference $w$ (log scale)",
        r"$I(\mathrm{arc}_{w/2} : \mathrm{rest})$ (nats)",
        "(c) one ring at $T_c$: logarithmic growth",
    )
    return fig


# -- factorisation against extensivity on two-dimensional strips ----------------------------
#: the terms of ln Z - sum ln Z_i = -beta<W> - TC - sum D_i as the figure names them
_FACTORISATION_TERMS = (
    ("log_z_excess", r"$\ln Z - \sum_i \ln Z_i$"),
    ("minus_boundary_energy", r"$-\beta\langle W\rangle$"),
    ("total_correlation", r"$TC$"),
    ("relative_entropy", r"$\sum_i D(p_i \| q_i)$"),
)


@dataclass(frozen=True, eq=False)
class FactorisationData:
    r"""The numbers behind :func:`factorisation_figure` (float64, J = 1, h = 0).

    Attributes
    ----------
    temperatures : tuple of float
        Temperatures of panel (a).
    cell_length : int
        Columns per cell of the finite strips of panel (a).
    strips : tuple of (float, str, int, int, float)
        Panel (a): (T, around, w, cuts, F - sum F_i) for strips of ``cuts + 1`` cells,
        F - sum F_i = -T (ln Z - sum ln Z_i) in units of J.
    slopes : dict
        (T, around) -> the long-cell limit of (F - sum F_i) per unit boundary length at the
        widest width (-T times the subdivision potential / w).
    critical : FactorisationTable
        Panel (b): the long-cell terms per unit boundary length
        (:func:`mesosym.mesoscopic.factorisation.factorisation_table`) on the widths at T_c.
    scan : FactorisationTable
        Panel (c): the same at the scan temperatures for the scan width.
    widths : tuple of int
        The widths of panel (b).
    scan_width : int
        The width of panel (c).
    information : numpy.ndarray
        The cylinder's ``mutual_information() / w`` at T_c against the widths (panel (b)).
    """

    temperatures: tuple[float, ...]
    cell_length: int
    strips: tuple[tuple[float, str, int, int, float], ...]
    slopes: dict[tuple[float, str], float]
    critical: Any
    scan: Any
    widths: tuple[int, ...]
    scan_width: int
    information: np.ndarray


def factorisation_data(
    widths: Sequence[int] = (2, 4, 6, 8, 10, 12),
    temperatures: Sequence[float] = (CRITICAL_TEMPERATURE, 3.0),
    cuts: Sequence[int] = (1, 2, 3),
    cell_length: int = 24,
    scan_width: int = 10,
    scan_temperatures: Sequence[float] = tuple(np.linspace(1.4, 4.2, 15)),
) -> FactorisationData:
    r"""Factorisation against extensivity on Ising strips cut into column cells (float64).

    Panel (a): F - sum F_i of finite strips (``cuts + 1`` cells of ``cell_length`` columns,
    open ends) against the boundary length w * cuts, both boundaries around the width;
    panels (b), (c): the identity's terms per unit boundary in the long-cell limit
    (:func:`mesosym.mesoscopic.factorisation.cut_terms`) against w at T_c and against T at
    ``scan_width``.  Precision: absolute 1e-12 L w (1 + 1/T) nats (the sweeps) and 1e-11 w (the
    limits).

    Examples
    --------
    >>> d = factorisation_data(widths=(2, 4), temperatures=(3.0,), cuts=(1, 2), cell_length=8,
    ...                        scan_width=4, scan_temperatures=(2.0, 3.0))
    >>> [(w, c) for T, around, w, c, _ in d.strips if around == "periodic"]
    [(2, 1), (2, 2), (4, 1), (4, 2)]
    """
    from ..mesoscopic.factorisation import cut_terms, factorisation_table, strip_factorisation

    ws = _check_widths("widths", widths, 1)
    Ts = _check_temperatures("temperatures", temperatures)
    scan_Ts = _check_temperatures("scan_temperatures", scan_temperatures)
    if not isinstance(cuts, (list, tuple)) or not cuts:
        raise DomainError(f"cuts must be a non-empty list of integers in 1..8; got {short(cuts)}")
    cs = sorted({as_int("cuts", c) for c in cuts})
    if cs[0] < 1 or cs[-1] > 8:
        raise DomainError(f"cuts must be integers in 1..8; got {short(cuts)}")
    length = as_int("cell_length", cell_length)
    if not 1 <= length <= 200:
        raise DomainError(f"cell_length must be an integer in 1..200; got {short(cell_length)}")
    sw = as_int("scan_width", scan_width)
    if not 1 <= sw <= MAX_FIGURE_CIRCUMFERENCE:
        raise DomainError(
            f"scan_width must be an integer in 1..{MAX_FIGURE_CIRCUMFERENCE} "
            f"(MAX_FIGURE_CIRCUMFERENCE); got {short(scan_width)}"
        )
    check_points(len(ws) * (len(Ts) * len(cs) + 3) * 2 + len(scan_Ts) * 2, "factorisation values")
    strips = []
    slopes: dict[tuple[float, str], float] = {}
    for T in Ts:
        for around in ("periodic", "open"):
            for w in ws:
                for c in cs:
                    step()
                    t = strip_factorisation(
                        w, length * (c + 1), c + 1, beta=1 / T, around=around, digits=None
                    )
                    strips.append((float(T), around, w, c, -float(T) * float(t.log_z_excess)))
            limit = cut_terms(ws[-1], beta=1 / T, around=around, digits=None)
            slopes[(float(T), around)] = -float(T) * float(limit.log_z_excess) / ws[-1]
    critical = factorisation_table(ws, (CRITICAL_TEMPERATURE,), digits=None)
    scan = factorisation_table((sw,), tuple(scan_Ts), digits=None)
    information = np.array(
        [float(_cylinder(w, CRITICAL_TEMPERATURE).mutual_information()) / w for w in ws]
    )
    return FactorisationData(
        temperatures=tuple(float(T) for T in Ts),
        cell_length=length,
        strips=tuple(strips),
        slopes=slopes,
        critical=critical,
        scan=scan,
        widths=ws,
        scan_width=sw,
        information=read_only(information),
    )


def factorisation_figure(data: FactorisationData | None = None) -> Figure:
    r"""Draw factorisation against extensivity on Ising strips in three panels.

    (a) F - sum F_i of finite strips against the boundary length w * cuts (periodic width:
    filled, open: hollow), with the line of the long-cell limit per unit length; (b) the
    identity's terms per unit boundary against w at T_c (periodic solid, open dashed), the
    cylinder's I / w as crosses on TC; (c) the same against T at one width, T_c dashed.

    Parameters
    ----------
    data : FactorisationData, optional
        By default ``factorisation_data()`` (a few seconds).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> d = factorisation_data(widths=(2, 4), temperatures=(3.0,), cuts=(1, 2), cell_length=8,
    ...                        scan_width=4, scan_temperatures=(2.0, 3.0))
    >>> [ax.get_xlabel() for ax in factorisation_figure(d).axes]
    ['boundary length $w \\times$ cuts', 'width $w$', 'temperature $T$ ($J = k_B = 1$)']
    """
    if data is None:
        data = factorisation_data()
    fig = Figure(figsize=(14.0, 4.6), layout="constrained")
    a, b, c = fig.subplots(1, 3)
    palette = colours(len(data.temperatures))
    top = max(w * cut for _, _, w, cut, _ in data.strips)
    for T, colour in zip(data.temperatures, palette, strict=True):
        name = _temperature_name(T)
        for around, face in (("periodic", colour), ("open", "none")):
            points = [(w * cut, f) for t, ar, w, cut, f in data.strips if t == T and ar == around]
            xs, ys = zip(*points, strict=True)
            slope = data.slopes[(T, around)]
            label = rf"$T = {name}$, {around}: slope {slope:.4f}"
            a.plot(xs, ys, "o", mfc=face, mec=colour, ms=4, ls="none", label=label)
            line = "-" if around == "periodic" else "--"
            a.plot([0, top], [0, slope * top], color=colour, lw=0.8, ls=line)
    _label(
        a,
        r"boundary length $w \times$ cuts",
        r"$F - \sum_i F_i$ ($J$)",
        f"(a) strips of cells of {data.cell_length} columns",
    )
    scan_Ts = data.scan.temperatures
    for (term, label), colour in zip(_FACTORISATION_TERMS, colours(4), strict=True):
        for around, style in (("periodic", "o-"), ("open", "s--")):
            shown = label if around == "periodic" else None
            values = data.critical.series(around, CRITICAL_TEMPERATURE, term)
            b.plot(data.widths, values, style, color=colour, ms=3, label=shown)
            against_T = [data.scan.series(around, T, term)[0] for T in scan_Ts]
            c.plot(scan_Ts, against_T, style, color=colour, ms=3, label=shown)
    b.plot(data.widths, data.information, "kx", ms=6, label=r"cylinder $I/w$")
    per_length = "per unit boundary length (nats)"
    _label(b, "width $w$", per_length, "(b) at $T_c$: periodic width solid, open dashed")
    c.axvline(CRITICAL_TEMPERATURE, color="k", lw=0.8, ls="--", label=r"$T_c$")
    _label(
        c,
        "temperature $T$ ($J = k_B = 1$)",
        per_length,
        f"(c) width {data.scan_width}, long cells",
    )
    return fig


# -- the Kac gas: isotherms converging to van der Waals with Maxwell -----------------------
@dataclass(frozen=True, eq=False)
class KacIsothermsData:
    """The numbers behind :func:`kac_isotherms`.

    Attributes
    ----------
    beta : float
        beta alpha with alpha = delta = 1 (T/T_c = 27/(8 beta)).
    ranges : tuple of float
        The gammas, decreasing.
    pressures : numpy.ndarray
        The grid of beta p shared by every isotherm.
    densities : tuple of numpy.ndarray
        rho(beta p) of the exact Kac gas, one array per gamma.
    vdw_density, vdw_pressure : numpy.ndarray
        The van der Waals loop beta p = rho/(1 - rho) - beta rho^2 on a density grid.
    coexistence : tuple of float or None
        (rho_gas, rho_liquid, beta p) of Maxwell's construction, None above T_c.
    """

    beta: float
    ranges: tuple[float, ...]
    pressures: np.ndarray
    densities: tuple[np.ndarray, ...]
    vdw_density: np.ndarray
    vdw_pressure: np.ndarray
    coexistence: tuple[float, float, float] | None


def kac_isotherms_data(
    beta: float = 4.0, ranges: Sequence[float] = (0.4, 0.2, 0.1, 0.05), points: int = 41
) -> KacIsothermsData:
    r"""Exact isotherms of the Kac gas (delta = alpha = 1) at several ranges, and their limit.

    Each isotherm is rho(beta p) = 1/v(s) at ``points`` pressures (one float64
    eigenproblem each, relative error below 1e-10), so no root is solved.

    Parameters
    ----------
    beta : float
        beta alpha > 0 (4: T = 0.84 T_c).
    ranges : sequence of float
        gamma values in [0.02, 10].
    points : int
        Pressures per isotherm (5..400).

    Returns
    -------
    KacIsothermsData

    Examples
    --------
    Without the Maxwell construction the van der Waals loop has beta p = rho/(1 - rho) - 4 rho^2:

    >>> d = kac_isotherms_data(beta=4.0, ranges=(0.5, 0.25), points=5)
    >>> bool(abs(d.vdw_pressure[100] - (d.vdw_density[100] / (1 - d.vdw_density[100])
    ...     - 4 * d.vdw_density[100] ** 2)) < 1e-12)
    True
    >>> bool(np.all(np.diff(d.densities[0]) > 0))      # no flat part at finite range
    True
    """
    from ..mesoscopic import KacGas
    from ..mesoscopic.models.kac import VanDerWaals

    if not (isinstance(beta, (int, float)) and 0 < beta < 100):
        raise DomainError(f"beta must be a number in (0, 100); got {short(beta)}")
    if isinstance(ranges, (str, bytes)) or not isinstance(ranges, Sequence) or not ranges:
        raise DomainError(f"ranges must be a non-empty sequence of numbers; got {short(ranges)}")
    gammas = []
    for g in ranges:
        if not (isinstance(g, (int, float)) and 0.02 <= g <= 10):
            raise DomainError(f"ranges must lie in [0.02, 10]; got {short(g)}")
        gammas.append(float(g))
    gammas = sorted(set(gammas), reverse=True)
    n = as_int("points", points)
    if not 5 <= n <= 400:
        raise DomainError(f"points must lie in 5..400; got {short(points)}")
    check_points(n * len(gammas), "Kac isotherm points")
    vdw = VanDerWaals(1, 1, beta, digits=15)
    try:
        rg, rl, pc = (float(x) for x in vdw.coexistence())
        coexistence: tuple[float, float, float] | None = (rg, rl, pc)
    except DomainError:
        coexistence = None
    top = 1.2 * (0.75 / 0.25 - beta * 0.75**2) if beta < 4.5 else 0.5
    top = max(top, 3 * coexistence[2] if coexistence else 0.2)
    pressures = np.geomspace(top / 200, top, n - n // 2)
    if coexistence is not None:  # resolve the nearly flat stretch near Maxwell's pressure
        pressures = np.union1d(pressures, np.linspace(0.9, 1.6, n // 2) * coexistence[2])
    else:
        pressures = np.union1d(pressures, np.linspace(top / 20, top, n // 2))
    densities = []
    for g in gammas:
        gas = KacGas(1, 1, g, beta, digits=None)
        densities.append(read_only(np.array([gas.density(pressure=float(p)) for p in pressures])))
    rho = np.linspace(0.01, 0.8, 400)
    return KacIsothermsData(
        beta=float(beta),
        ranges=tuple(gammas),
        pressures=read_only(pressures),
        densities=tuple(densities),
        vdw_density=read_only(rho),
        vdw_pressure=read_only(rho / (1 - rho) - beta * rho**2),
        coexistence=coexistence,
    )


def kac_isotherms(data: KacIsothermsData | None = None) -> Figure:
    r"""Draw the exact Kac isotherms beta p(rho) converging to van der Waals with Maxwell.

    Solid: the exact gas at each gamma (smooth and increasing: no transition at finite
    range); dashed grey: the van der Waals loop; black: Maxwell's tie line.

    Examples
    --------
    >>> fig = kac_isotherms(kac_isotherms_data(ranges=(0.5,), points=5))
    >>> fig.axes[0].get_xlabel()
    '$\\rho\\delta$'
    """
    if data is None:
        data = kac_isotherms_data()
    fig = Figure(figsize=(6.8, 4.4), layout="constrained")
    ax = fig.subplots()
    for g, dens, colour in zip(data.ranges, data.densities, colours(len(data.ranges)), strict=True):
        ax.plot(dens, data.pressures, "-", color=colour, lw=1.4, label=rf"$\gamma\delta = {g:g}$")
    keep = (data.vdw_pressure > 0) & (data.vdw_pressure < 1.1 * data.pressures[-1])
    ax.plot(
        data.vdw_density[keep],
        data.vdw_pressure[keep],
        "--",
        color="0.55",
        lw=1,
        label="van der Waals",
    )
    if data.coexistence is not None:
        rg, rl, pc = data.coexistence
        ax.plot([rg, rl], [pc, pc], "-", color="black", lw=2, label=r"Maxwell ($\gamma \to 0$)")
    _label(
        ax,
        r"$\rho\delta$",
        r"$\beta p\,\delta$",
        rf"Kac gas at $T/T_c = {27 / (8 * data.beta):.3g}$: exact isotherms and their limit",
        legend=False,
    )
    legend_outside(fig, ax)
    return fig
