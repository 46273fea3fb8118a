r"""Figures: one module per paper, one function per figure, the data behind each testable.

* :mod:`mesosym.figures.letter` -- Fig. 1 of the equispaced-level letter
  (:func:`figure1`) and the exact finite-N curves against the thermodynamic
  limit (:func:`finite_size_figure`);
* :mod:`mesosym.figures.mesoscopic` -- the mesoscopic paper: ``1 - Z_mes/Z``
  against the cell width with the fitted order
  (:func:`~mesosym.figures.mesoscopic.fine_graining_figure`),
  and the mutual information of two cells against their size and distance
  (:func:`~mesosym.figures.mesoscopic.information_figure`); imported on demand;
* :mod:`mesosym.figures._files` -- what they share: :func:`save` (byte-identical
  PNG, PDF and SVG files), :func:`check_path`, and the point budget
  :data:`MAX_POINTS` enforced before any work by :func:`check_points`.

Every ``*_figure`` function has a ``*_data`` companion returning the numbers it
draws, so tests check numbers, not pixels.

Examples
--------
>>> from mesosym.figures import figure1_data
>>> [c.label for c in figure1_data(qs=(2, 3), points=11).curves]
['$q = 2$', '$q = 3$', '$q \\to \\infty$']
"""

from __future__ import annotations

from ._files import MAX_POINTS, check_path, check_points, save
from .letter import (
    Curve,
    Figure1Data,
    FiniteSizeData,
    figure1,
    figure1_data,
    finite_size_data,
    finite_size_figure,
)

__all__ = [
    "MAX_POINTS",
    "check_path",
    "check_points",
    "save",
    "Curve",
    "Figure1Data",
    "FiniteSizeData",
    "figure1",
    "figure1_data",
    "finite_size_data",
    "finite_size_figure",
]
