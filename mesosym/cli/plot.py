"""``mesosym plot NAME ... -o FILE``: the figures of :mod:`mesosym.figures`, to a file.

Every figure is one entry of :data:`PLOTS`: its help, its options as data
(:func:`option`, the ``add_argument`` call it stands for) and the function that draws
it; :func:`register` and :func:`run` serve them all.

``mesosym plot figure1 -o FILE [--qs Q [Q ...]] [--points P] [--dpi D]``
    Fig. 1 of the letter, ``s(u)`` and ``beta*eps(u)``; ``--qs`` takes integers
    ``>= 2`` and ``inf`` (the Einstein solid), default ``2 3 4 5 10 inf``.
``mesosym plot finite-size -o FILE [--q Q | --levels K ...] [--Ns N ...] [--points P] [--dpi D]``
    ``ln Omega(N, M)/N`` and ``d ln Omega/dM`` for several N against ``s(u)``
    and ``beta*eps(u)``, for Q equal levels or any integer levels (``--levels
    0 1 3``; a level given twice is doubly degenerate), at the energies with
    ``Omega > 0``.
``mesosym plot fine-graining -o FILE [--cells M [M ...]] [--dpi D]``
    ``1 - Z_mes/Z`` against the cell width ``1/M`` on log axes for three
    one-dimensional gases, with the fitted order (2 for smooth potentials, 1
    for hard rods).
``mesosym plot information -o FILE [--sizes B ...] [--gaps D ...] [--couplings K ...] [--size B]``
    The mutual information of two cells of an Ising chain against their size
    (the area law) and against the distance between them.
``mesosym plot area-law -o FILE [--widths W ...] [--temperatures T ...] [--peak-widths W ...]``
``[--arc-widths W ...]``
    The Ising cylinder: the information between its two halves per unit boundary
    against the circumference, its peak in temperature (above T_c for w >= 10),
    and the half-ring information at T_c against ln w (about half a minute).
``mesosym plot factorisation-2d -o FILE [--widths W ...] [--temperatures T ...] [--cuts C ...]``
``[--cell-length L] [--scan-width W]``
    Ising strips (periodic and open width) cut into column cells: F - sum F_i against
    the boundary length w * cuts, and the terms of ln Z - sum ln Z_i = -beta<W> - TC -
    sum D_i per unit boundary in the long-cell limit against w at T_c and against T
    (a few seconds).

``mesosym plot kac -o FILE [--beta B] [--ranges G ...] [--points P]``
    Exact isotherms of the Kac gas at several ranges 1/gamma (delta = alpha = 1)
    and their gamma -> 0 limit, van der Waals with Maxwell's tie line.

The format comes from the suffix of ``FILE`` (``.png``, ``.pdf`` or
``.svg``), written with reproducible metadata; ``--dpi`` sets the resolution
of a PNG (and of rasterised parts of a PDF or SVG).  A path that cannot be
written is refused before anything is computed, and so is a figure of more
than :data:`mesosym.figures.MAX_POINTS` points, with its estimate.
``mesosym figure1`` is the same as ``mesosym plot figure1``.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any, NamedTuple, TextIO

from ..budget import check_resolution, short
from ..errors import BudgetError
from ..progress import task
from ._common import integer

__all__ = ["register", "run", "PLOTS", "Plot", "Option", "option", "q_or_inf", "add_output"]


def q_or_inf(text: str) -> float:
    """An argument type for one ``--qs`` value: an integer ``>= 2``, or ``inf``/``oo``.

    >>> q_or_inf("3"), q_or_inf("inf")
    (3, inf)
    """
    if text.strip().lower() in ("inf", "oo", "infinity"):
        return math.inf
    try:
        return integer("q", 2)(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"q must be an integer >= 2 or inf (the Einstein solid); got {short(text)}"
        ) from None


def _dpi(text: str) -> int:
    """``--dpi``: an integer in [10, MAX_DPI], refused here, before any figure is computed."""
    dpi = integer("dpi", 10)(text)
    try:
        return int(check_resolution(dpi))
    except BudgetError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_output(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """Add ``-o/--output FILE`` (``--out``, a hidden alias, is still read) and ``--dpi``."""
    where = parser.add_mutually_exclusive_group(required=required)
    where.add_argument(
        "-o", "--output", dest="out", metavar="FILE", help="output file: .png, .pdf or .svg"
    )
    where.add_argument("--out", dest="out", help=argparse.SUPPRESS)
    parser.add_argument(
        "--dpi",
        type=_dpi,
        default=150,
        help="resolution in dots per inch (default 150)",
    )


class Option(NamedTuple):
    """One option of a figure: its flags and :meth:`argparse.ArgumentParser.add_argument` settings.

    Options sharing a ``group`` name exclude each other (a mutually exclusive group).
    """

    flags: tuple[str, ...]
    settings: dict[str, Any]
    group: str | None = None


def option(*flags: str, group: str | None = None, **settings: Any) -> Option:
    """An :class:`Option`, written as the ``add_argument`` call it stands for.

    >>> option("--points", type=int, default=41).flags
    ('--points',)
    """
    return Option(flags, settings, group)


def _points(default: int, help_: str) -> Option:
    return option("--points", type=integer("points", 5), default=default, help=help_)


def _integers(
    flag: str,
    name: str,
    minimum: int,
    default: Any,
    metavar: str,
    help_: str,
    group: str | None = None,
) -> Option:
    """An option reading one or more integers ``>= minimum``."""
    return option(
        flag,
        group=group,
        type=integer(name, minimum),
        nargs="+",
        default=default,
        metavar=metavar,
        help=help_,
    )


def _numbers(flag: str, default: Any, metavar: str, help_: str) -> Option:
    """An option reading one or more floats."""
    return option(flag, type=float, nargs="+", default=default, metavar=metavar, help=help_)


class Plot(NamedTuple):
    """One ``mesosym plot`` figure: its help, its options and how to draw it.

    ``draw(args)`` returns the figure and the sentence printed after it is written.
    """

    help: str
    options: tuple[Option, ...]
    draw: Callable[[argparse.Namespace], tuple[Any, str]]

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add this figure's options to ``parser``."""
        groups: dict[str, Any] = {}
        for opt in self.options:
            target: Any = parser
            if opt.group is not None:
                if opt.group not in groups:
                    groups[opt.group] = parser.add_mutually_exclusive_group()
                target = groups[opt.group]
            target.add_argument(*opt.flags, **opt.settings)


def _figure1(args: argparse.Namespace) -> tuple[Any, str]:
    from ..errors import DomainError
    from ..figures import figure1, figure1_data

    finite = sorted({int(q) for q in args.qs if q != math.inf})  # isfinite overflows on ints
    einstein = math.inf in args.qs
    if not finite:
        raise DomainError(
            "argument --qs: Fig. 1 needs at least one finite q >= 2 (inf alone has no "
            f"natural u range); got {short(' '.join(map(short, args.qs)), form=str)}"
        )
    fig = figure1(figure1_data(finite, points=args.points, einstein=einstein))
    names = ", ".join(map(str, finite)) + (" and q -> oo" if einstein else "")
    return fig, f"Fig. 1 (s and beta*eps against u for q = {names})"


def _finite_size(args: argparse.Namespace) -> tuple[Any, str]:
    from ..figures import finite_size_data, finite_size_figure

    q = 3 if args.q is None else args.q  # None only when --levels is given or neither is
    if args.levels is None:
        system: Any = q
    else:
        from ..levels.spectrum import Spectrum

        system = Spectrum.from_levels(args.levels)
    data = finite_size_data(system, args.Ns, points=args.points)
    Ns = ", ".join(map(str, data.Ns))
    what = f"q = {q}" if args.levels is None else f"levels {' '.join(map(str, args.levels))}"
    return (
        finite_size_figure(data=data),
        f"ln Omega/N and d ln Omega/dM for {what}, N = {Ns}, against s(u) and beta*eps(u)",
    )


def _fine_graining(args: argparse.Namespace) -> tuple[Any, str]:
    from ..figures.mesoscopic import fine_graining_data, fine_graining_figure

    data = fine_graining_data(cells=args.cells)
    orders = ", ".join(f"{s.order:.2f}" for s in data.series)
    return fine_graining_figure(data), f"1 - Z_mes/Z against the cell width (orders {orders})"


def _information(args: argparse.Namespace) -> tuple[Any, str]:
    from ..figures.mesoscopic import information_data, information_figure

    data = information_data(args.sizes, args.gaps, args.couplings, args.size)
    return information_figure(data), "mutual information against cell size and distance"


def _kac(args: argparse.Namespace) -> tuple[Any, str]:
    from ..figures.mesoscopic import kac_isotherms, kac_isotherms_data

    data = kac_isotherms_data(args.beta, args.ranges, args.points)
    ranges = ", ".join(f"{g:g}" for g in data.ranges)
    return kac_isotherms(data), f"Kac isotherms at gamma = {ranges} and the Maxwell limit"


def _area_law(args: argparse.Namespace) -> tuple[Any, str]:
    from ..figures.mesoscopic import area_law_data, area_law_figure

    options: dict[str, Any] = {
        "widths": args.widths,
        "peak_widths": args.peak_widths,
        "arc_widths": args.arc_widths,
    }
    if args.temperatures is not None:
        options["temperatures"] = args.temperatures
    data = area_law_data(**options)
    peaks = ", ".join(f"{T:.3f}" for T in data.peaks)
    return area_law_figure(data), (
        f"the area law of the Ising cylinder (peaks of I/w at T = {peaks}; half-ring slope "
        f"{data.slope:.4f})"
    )


def _factorisation(args: argparse.Namespace) -> tuple[Any, str]:
    from ..figures.mesoscopic import factorisation_data, factorisation_figure

    options: dict[str, Any] = {
        "widths": args.widths,
        "cuts": args.cuts,
        "cell_length": args.cell_length,
        "scan_width": args.scan_width,
    }
    if args.temperatures is not None:
        options["temperatures"] = args.temperatures
    data = factorisation_data(**options)
    slopes = ", ".join(
        f"{around} {slope:.4f} at T = {T:.3f}" for (T, around), slope in data.slopes.items()
    )
    return factorisation_figure(data), (
        f"factorisation against extensivity on Ising strips ((F - sum F_i) / boundary: {slopes})"
    )


#: The figures, by name, in the order ``mesosym plot --help`` lists them.
PLOTS: dict[str, Plot] = {
    "figure1": Plot(
        "Fig. 1 of the letter: s(u) and beta*eps(u)",
        (
            option(
                "--qs",
                type=q_or_inf,
                nargs="+",
                default=[2, 3, 4, 5, 10, math.inf],
                metavar="Q",
                help="numbers of levels: integers >= 2 and inf (default 2 3 4 5 10 inf)",
            ),
            _points(801, "points per curve (default 801)"),
        ),
        _figure1,
    ),
    "finite-size": Plot(
        "ln Omega/N against s(u) for several N",
        (
            option(
                "--q", group="system", type=integer("q", 2), help="number of levels (default 3)"
            ),
            _integers(
                "--levels", "level", 0, None, "K",
                "any integer levels instead, including 0 (e.g. 0 1 3; twice: degenerate)",
                group="system",
            ),
            _integers(
                "--Ns", "N", 1, [10, 100, 1000], "N", "particle numbers (default 10 100 1000)"
            ),
            _points(801, "points of the limit curve"),
        ),
        _finite_size,
    ),
    "fine-graining": Plot(
        "1 - Z_mes/Z against the cell width, with the fitted order",
        (
            _integers(
                "--cells", "M", 1, [8, 16, 32, 64, 128], "M",
                "numbers of cells on [0, 1] (default 8 16 32 64 128)",
            ),
        ),
        _fine_graining,
    ),
    "information": Plot(
        "mutual information of two cells against cell size and distance",
        (
            _integers(
                "--sizes", "b", 1, [1, 2, 4, 8, 16, 32, 64], "B",
                "sizes of two adjacent cells (default 1 2 4 ... 64)",
            ),
            _integers(
                "--gaps", "d", 0, list(range(13)), "D", "sites between two cells (default 0..12)"
            ),
            _numbers("--couplings", [0.5, 1.0], "K", "beta*J of the Ising chains (default 0.5 1)"),
            option(
                "--size",
                type=integer("size", 1),
                default=4,
                help="cell size for the distance panel",
            ),
        ),
        _information,
    ),
    "kac": Plot(
        "exact Kac-gas isotherms at several ranges converging to van der Waals with Maxwell",
        (
            option(
                "--beta", type=float, default=4.0, help="beta alpha, delta = alpha = 1 (default 4)"
            ),
            _numbers(
                "--ranges", [0.4, 0.2, 0.1, 0.05], "G",
                "gamma values in [0.02, 10] (default 0.4 0.2 0.1 0.05)",
            ),
            _points(41, "pressures per isotherm"),
        ),
        _kac,
    ),
    "area-law": Plot(
        "the Ising cylinder: information between its halves per unit boundary, its peak, "
        "the half-ring information at T_c",
        (
            _integers(
                "--widths", "w", 1, [2, 4, 6, 8, 10, 12, 14], "W",
                "circumferences for I/w against w (default 2 4 ... 14)",
            ),
            _numbers(
                "--temperatures", None, "T",
                "temperatures for I/w against w (default 1.5 2 T_c 2.5 3 4)",
            ),
            _integers(
                "--peak-widths", "w", 1, [8, 10, 12], "W",
                "circumferences whose peak of I/w in temperature is located (default 8 10 12)",
            ),
            _integers(
                "--arc-widths", "w", 2, [4, 6, 8, 10, 12, 14, 16], "W",
                "even circumferences for the half-ring information at T_c (default 4 ... 16)",
            ),
        ),
        _area_law,
    ),
    "factorisation-2d": Plot(
        "Ising strips cut into column cells: F - sum F_i against the boundary length, the "
        "terms of ln Z - sum ln Z_i = -beta<W> - TC - sum D_i per unit boundary against w and T",
        (
            _integers(
                "--widths", "w", 1, [2, 4, 6, 8, 10, 12], "W", "strip widths (default 2 4 ... 12)"
            ),
            _numbers(
                "--temperatures", None, "T",
                "temperatures of the F - sum F_i panel (default T_c 3)",
            ),
            _integers(
                "--cuts", "cuts", 1, [1, 2, 3], "C", "numbers of cuts of the strips (default 1 2 3)"
            ),
            option(
                "--cell-length",
                type=integer("cell length", 1),
                default=24,
                help="columns per cell (default 24)",
            ),
            option(
                "--scan-width",
                type=integer("w", 1),
                default=10,
                help="the width of the panel against T (default 10)",
            ),
        ),
        _factorisation,
    ),
}  # fmt: skip


def register(subparsers: Any) -> None:
    """Add the ``plot`` command and one subcommand per figure of :data:`PLOTS`."""
    help_ = "a figure to a file (PNG, PDF or SVG)"
    parser = subparsers.add_parser("plot", help=help_, description=help_)
    names = parser.add_subparsers(dest="figure", required=True, metavar="NAME")
    for name, plot in PLOTS.items():
        sub = names.add_parser(name, help=plot.help, description=plot.help)
        plot.arguments(sub)
        add_output(sub)
        sub.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Check the path and the resolution, draw the figure ``args.figure`` and save it; return 0."""
    from .. import figures  # matplotlib only for this command
    from ..errors import BudgetError
    from ..figures._files import MAX_DPI

    figures.check_path(args.out, "argument -o/--output")
    if args.dpi > MAX_DPI:  # before the work (the pixel budget is checked when saving)
        raise BudgetError(
            f"argument --dpi: dpi must be at most MAX_DPI = {MAX_DPI}; got {short(args.dpi)}"
        )
    with task(f"plot {args.figure}", unit=" values"):  # on a terminal only
        fig, what = PLOTS[args.figure].draw(args)
    path = figures.save(fig, args.out, dpi=args.dpi)
    out.write(f"{what} written to {path}\n")
    return 0
