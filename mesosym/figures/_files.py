"""What every figure shares: the point budget, the axes, the colours and reproducible files.

:func:`save` writes a figure with metadata stripped of dates and versions, so
that rerunning a script gives byte-identical PNG, PDF and SVG files;
:func:`check_points` refuses, before any work, a figure whose data would not
fit or finish (more than :data:`MAX_POINTS` points), with its estimate.

The figures are built on :class:`matplotlib.figure.Figure` directly, never
through ``pyplot``: no global figure registry, no backend to select, no GUI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..budget import MAX_DPI, MAX_PIXELS, check_resolution, short
from ..errors import DomainError
from ..output import check_path_text, check_writable, replacing

__all__ = [
    "MAX_POINTS",
    "MAX_DPI",
    "MAX_PIXELS",
    "check_points",
    "check_path",
    "save",
    "two_axes",
    "colours",
    "legend_outside",
    "read_only",
    "finite_or_nan",
]

#: Largest number of plotted points in one figure (all curves together).  A
#: million points is about 16 MB of float64 pairs and a few seconds to draw;
#: beyond that a figure only gets slower, not clearer.
MAX_POINTS = 1_000_000


def check_points(total: int, what: str) -> int:
    """Return ``total`` if a figure with that many points is allowed, else refuse it.

    Parameters
    ----------
    total : int
        The number of points the figure would compute and draw.
    what : str
        How the total came about, for the message (e.g. ``"points = 10**9 per
        curve x 6 curves"``).

    Returns
    -------
    int

    Raises
    ------
    DomainError
        If ``total > MAX_POINTS``; the message gives the estimate in memory.

    Examples
    --------
    >>> check_points(6 * 801, "801 points x 6 curves")
    4806
    >>> check_points(6 * 10**9, "points = 10**9 x 6 curves")
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: a figure of points = 10**9 x 6 curves = 6000000000 points
    is refused (more than MAX_POINTS = 1000000; about 96 GB of float64 data); use fewer points
    """
    if total > MAX_POINTS:
        raise DomainError(
            f"a figure of {what} = {short(total)} points is refused (more than MAX_POINTS = "
            f"{MAX_POINTS}; about {_size(16 * total)} of float64 data); use fewer points"
        )
    return total


def _size(nbytes: float) -> str:
    if nbytes >= 10**300:  # an int beyond float64
        return f"{short(nbytes)} B"
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if nbytes < 1000 or unit == "TB":
            return f"{nbytes:.0f} {unit}"
        nbytes /= 1000
    raise AssertionError  # pragma: no cover


def legend_outside(fig: Figure, ax: Axes, **kwargs: Any) -> Any:
    """Put the legend of ``ax`` to the right of the axes, where it cannot cover a curve.

    With a constrained layout the axes shrink to make room for it.

    >>> fig = Figure(layout="constrained")
    >>> ax = fig.subplots()
    >>> _ = ax.plot([0, 1], [0, 1], label="a")
    >>> legend_outside(fig, ax).get_texts()[0].get_text()
    'a'
    """
    options: dict[str, Any] = {
        "loc": "upper left",
        "bbox_to_anchor": (1.02, 1.0),
        "borderaxespad": 0.0,
        "fontsize": "small",
        "frameon": False,
    }
    options.update(kwargs)
    return ax.legend(**options)


_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": "mesosym"},
    "pdf": {"Creator": "mesosym", "Producer": "mesosym", "CreationDate": None, "ModDate": None},
    "svg": {"Creator": "mesosym", "Date": None},
}


def read_only(values: Any) -> np.ndarray:
    """A float64 copy of ``values`` that cannot be written to."""
    array = np.array(values, dtype=np.float64)
    array.flags.writeable = False
    return array


def two_axes(ax: Any, figsize: tuple[float, float]) -> tuple[Figure, Axes, Axes]:
    """The figure and the (upper, lower) axes: new ones, or the pair ``ax``."""
    if ax is None:
        fig = Figure(figsize=figsize, layout="constrained")
        upper, lower = fig.subplots(2, 1, sharex=True)
        return fig, upper, lower
    try:
        upper, lower = ax
    except (TypeError, ValueError):
        raise DomainError(
            f"ax must be None or a pair (upper, lower) of matplotlib Axes; got {short(ax)}"
        ) from None
    fig = upper.figure
    if not isinstance(fig, Figure):  # axes in a SubFigure: return the figure holding it
        fig = fig.figure
    return fig, upper, lower


def colours(count: int) -> list[Any]:
    """``count`` colours from viridis, dark to light (the yellow end left out)."""
    from matplotlib import colormaps

    cmap = colormaps["viridis"]
    return [cmap(v) for v in np.linspace(0.0, 0.85, count)]


def finite_or_nan(values: np.ndarray) -> np.ndarray:
    """``values`` with the infinities replaced by NaN (matplotlib leaves a gap)."""
    return np.where(np.isfinite(values), values, np.nan)


def check_path(path: str | Path, name: str = "path") -> Path:
    """Return ``path`` if :func:`save` can write a figure there, before any drawing.

    Parameters
    ----------
    path : str or pathlib.Path
        The output file.
    name : str
        The argument's name, for the message.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    DomainError
        If the suffix is not ``.png``, ``.pdf`` or ``.svg``, the folder does
        not exist, ``path`` is a directory, or it is not writable.

    Examples
    --------
    >>> check_path("fig.svg").name
    'fig.svg'
    >>> check_path("fig.jpg")
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: path must end in .png, .pdf or .svg; got 'fig.jpg'
    """
    out = check_path_text(path, name)
    if out.suffix.lower().lstrip(".") not in _METADATA:
        raise DomainError(f"{name} must end in .png, .pdf or .svg; got {short(str(path))}")
    return check_writable(out, name)


def _check_resolution(fig: Figure, fmt: str, dpi: Any) -> None:
    """Refuse a dpi above :data:`MAX_DPI` or a PNG above :data:`MAX_PIXELS`, before drawing."""
    check_resolution(fig.get_dpi() if dpi is None else dpi, tuple(fig.get_size_inches()), fmt)


def save(fig: Figure, path: str | Path, **kwargs: Any) -> Path:
    """Write ``fig`` to ``path`` (PNG, PDF or SVG by suffix), byte-identical on reruns.

    Dates and library versions are left out of the metadata (PDF
    ``CreationDate``/``ModDate`` None, PNG ``Software`` and PDF/SVG ``Creator``
    fixed to ``"mesosym"``), and SVG element ids come from a fixed salt instead
    of a random one.  The same figure, matplotlib version and fonts then give the
    same bytes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or pathlib.Path
        Output file; the suffix ``.png``, ``.pdf`` or ``.svg`` picks the format.
    **kwargs
        Passed to :meth:`matplotlib.figure.Figure.savefig` (e.g. ``dpi``);
        ``metadata`` and ``format`` are set here.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    DomainError
        For any other suffix, a path that cannot be written (see
        :func:`check_path`), or if ``metadata`` or ``format`` is passed.

    Examples
    --------
    >>> import tempfile
    >>> fig = Figure()
    >>> _ = fig.subplots().plot([0, 1], [0, 1])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     a = save(fig, Path(tmp) / "a.svg").read_bytes()
    ...     b = save(fig, Path(tmp) / "b.svg").read_bytes()
    >>> a == b
    True
    """
    out = check_path(path)
    for key in ("metadata", "format"):
        if key in kwargs:
            raise DomainError(f"save sets {key} itself; got {key} = {short(kwargs[key])}")
    fmt = out.suffix.lower().lstrip(".")
    _check_resolution(fig, fmt, kwargs.get("dpi"))
    with (
        replacing(out) as temporary,  # a full disk leaves the old file, no 0-byte file
        rc_context({"svg.hashsalt": "mesosym", "pdf.compression": 6}),
    ):
        fig.savefig(temporary, format=fmt, metadata=dict(_METADATA[fmt]), **kwargs)
    return out
