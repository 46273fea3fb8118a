"""The Ising strip: a two-dimensional model as a chain of columns.

A strip of ``width`` w rows and ``length`` L columns of spins s = +1 or -1 on the
square lattice, H = -J sum_<ij> s_i s_j - h sum_i s_i, is a chain of L sites whose
local states are the 2^w columns.  The chain protocol of :mod:`.chain` needs:

* ``states``: the columns, tuples of w spins (2^w of them);
* ``_bond(a, b)`` = -J sum_r a_r b_r, the w horizontal bonds between neighbouring columns;
* ``_site(a)`` = -J sum_r a_r a_(r+1) - h sum_r a_r, the vertical bonds inside a column
  (w - 1 of them with open edges, w around a periodic width) and the field;
* ``occupation(a)``, the number of up spins of a column (the sectors of Z_mes count
  the up spins of each cell of columns).

``boundary = (around the width, along the length)``, each ``"open"`` or
``"periodic"``: a periodic width makes a cylinder (w >= 3 for distinct bonds; as
for the chain, a periodic width of 2 carries its bond twice), a periodic length a
ring of columns.  ``strip.split(k)`` cuts the strip into cells of whole columns with
the same verbs as a chain (:mod:`mesosym.mesoscopic.cells`); ``strip.boundary`` is the
chain's boundary (along the length) and :attr:`IsingStrip.boundaries` the pair.

Examples
--------
A 2 x 2 open strip at beta = 0 has 2^4 equally likely configurations:

>>> import mpmath
>>> strip = IsingStrip(width=2, length=2, coupling=1, beta=0, boundary=("open", "open"))
>>> mpmath.nstr(strip.log_partition_function(), 12), mpmath.nstr(4 * mpmath.log(2), 12)
('2.77258872224', '2.77258872224')
>>> len(strip.states)
4
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from ...errors import DomainError
from ...validation import check_count
from ..column_transfer import column_bonds, column_magnetisation
from .chain import Exact, LatticeChain

__all__ = ["IsingStrip", "MAX_WIDTH"]

#: the widest strip: 2^MAX_WIDTH column states (the transfer matrices are dense)
MAX_WIDTH = 10

_BOUNDARIES = ("open", "periodic")


def _check_boundaries(boundary: Any) -> tuple[str, str]:
    ok = (
        isinstance(boundary, (tuple, list))
        and len(boundary) == 2
        and all(isinstance(b, str) and b in _BOUNDARIES for b in boundary)
    )
    if not ok:
        raise DomainError(
            "boundary must be a pair (around the width, along the length), each 'open' or "
            f"'periodic'; got {boundary!r}"
        )
    return boundary[0], boundary[1]


class IsingStrip(LatticeChain):
    """An Ising strip of ``width`` x ``length`` spins, a chain of its columns.

    Parameters
    ----------
    width : int
        w, the number of rows (1 <= w <= :data:`MAX_WIDTH`).
    length : int
        L, the number of columns (>= 1): the chain's sites.
    coupling : number or sympy.Expr
        J of every nearest-neighbour bond (ferromagnetic for J > 0).
    field : number or sympy.Expr
        h.
    beta : number or sympy.Expr
        Inverse temperature, any real value.
    boundary : pair of {"open", "periodic"}
        (around the width, along the length).
    digits : int
        Significant digits of numeric results (default 30).

    Examples
    --------
    >>> strip = IsingStrip(width=3, length=2, coupling=1, boundary=("periodic", "open"))
    >>> strip.energy([(1, 1, 1), (1, 1, -1)])   # vertical 3 and 1 - 1 - 1, horizontal 1 + 1 - 1
    -3
    >>> strip
    IsingStrip(width=3, length=2, coupling=1, field=0, beta=1, boundary=('periodic', 'open'))
    """

    _parameter_names = ("coupling", "field")
    coupling: Exact
    field: Exact
    _title = "Ising strip"
    _hamiltonian = r"H = -J \sum_{\langle ij \rangle} s_i s_j - h \sum_i s_i"
    _letters = (("J", "J"), ("h", "h"))

    def __init__(
        self,
        width: Any,
        length: Any,
        coupling: Any,
        field: Any = 0,
        beta: Any = 1,
        boundary: Any = ("periodic", "open"),
        digits: Any = 30,
    ) -> None:
        allowed = f"an integer in [1, {MAX_WIDTH}] (MAX_WIDTH)"
        w = check_count("width", width, minimum=1, maximum=MAX_WIDTH, allowed=allowed)
        around, along = _check_boundaries(boundary)
        self._width = w
        self._around = around
        self.states = tuple(itertools.product((1, -1), repeat=w))
        rows = [(r, r + 1) for r in range(w - 1)]
        if around == "periodic":
            rows.append((w - 1, 0))
        self._rows = tuple(rows)
        try:
            super().__init__(
                length,
                (("coupling", coupling), ("field", field)),
                beta=beta,
                boundary=along,
                digits=digits,
            )
        except DomainError as err:
            raise DomainError(str(err).replace("sites", "length", 1)) from None

    def _shape(self) -> tuple[tuple[str, Any], ...]:
        return (("width", self._width), ("around", self._around))

    def __repr__(self) -> str:
        return (
            f"IsingStrip(width={self._width}, length={self.sites}, coupling={self.coupling}, "
            f"field={self.field}, beta={self.beta}, boundary={self.boundaries!r})"
        )

    @property
    def width(self) -> int:
        """The number of rows w."""
        return self._width

    @property
    def length(self) -> int:
        """The number of columns L (the chain's sites)."""
        return self.sites

    @property
    def boundaries(self) -> tuple[str, str]:
        """(around the width, along the length)."""
        return (self._around, self.boundary)

    def _bond(self, a: tuple[int, ...], b: tuple[int, ...]) -> Any:
        """-J sum_r a_r b_r: the horizontal bonds between two columns."""
        return -self._parameters[0] * sum(x * y for x, y in zip(a, b, strict=True))

    def _site(self, a: tuple[int, ...]) -> Any:
        """-J sum_r a_r a_(r+1) - h sum_r a_r: the vertical bonds of a column and the field."""
        vertical = sum(a[r] * a[s] for r, s in self._rows)
        return -self._parameters[0] * vertical - self._parameters[1] * sum(a)

    def _energies(self) -> tuple[Any, list[list[Any]], list[Any]]:
        """(beta, bond energies [a][b], site energies [a]): the column transfer's counts.

        The column energies are those of :mod:`mesosym.mesoscopic.column_transfer` (the
        one construction of the 2^w column transfer, shared with the cylinder): the
        vertical bonds :func:`column_bonds` and the field on :func:`column_magnetisation`;
        two columns a, b share sum_r a_r b_r = w - 2 (the rows where they differ).
        ``states`` and the column index agree (site 0 the most significant bit, -1 the bit 1).
        """
        J, h = self._parameters
        w = self._width
        between = [-J * (w - 2 * k) for k in range(w + 1)]  # by the rows that differ
        differ = [bin(x).count("1") for x in range(2**w)]
        bond = [[between[differ[i ^ j]] for j in range(2**w)] for i in range(2**w)]
        vertical = column_bonds(w, self._around).tolist()
        field = column_magnetisation(w).tolist()
        site = [-J * v - h * m for v, m in zip(vertical, field, strict=True)]
        return self._beta, bond, site

    def occupation(self, a: tuple[int, ...]) -> int:
        """The number of up spins of a column."""
        return sum(1 for x in a if x == 1)

    def _check_configuration(self, configuration: Any) -> tuple[Any, ...]:
        """A configuration as ``length`` columns, each a sequence of ``width`` spins."""
        try:
            columns = tuple(tuple(c) for c in configuration)
        except TypeError:
            columns = ()
        return super()._check_configuration(columns or configuration)

    def column_configurations(self, configuration: Sequence[Sequence[int]]) -> tuple[Any, ...]:
        """The checked columns of a configuration (a sequence of ``length`` columns).

        >>> IsingStrip(width=2, length=1, coupling=1).column_configurations([[1, -1]])
        ((1, -1),)
        """
        return self._check_configuration(configuration)
