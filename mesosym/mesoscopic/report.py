"""The table of ``mesosym mesoscopic``: every term of the cell identity for one split.

:func:`cell_table` returns a dict with the command's JSON keys (numbers as
decimal strings at the model's ``digits``; lists for per-cell values);
:func:`format_table` renders it as text.

Keys: ``log_Z``, ``log_Z_cells`` (isolated cells), ``beta_boundary_energy``
(beta <W> in the full state), ``mutual_information`` and
``mutual_information_occupation`` (adjacent cells i, i + 1, in nats),
(null when a cell exceeds :data:`~mesosym.mesoscopic.cells.OCCUPATION_LIMIT`
sites), ``total_correlation``, ``relative_entropies`` (D(p_i || q_i)), ``residual``
(ln Z - sum ln Z_i + beta<W> + TC + sum D_i, zero up to rounding) and
``subdivision_potential`` (Hill's beta E_sub of the open chain; null for a
ring or the canonical gas).

Examples
--------
>>> from mesosym.mesoscopic import IsingChain
>>> t = cell_table(IsingChain(4, 0, digits=10), 2)
>>> t["log_Z"], t["log_Z_cells"], t["mutual_information"]
('2.772588722', ['1.386294361', '1.386294361'], ['0.0'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mpmath

from ..budget import cell_table_seconds, require
from .cells import OCCUPATION_LIMIT, split

if TYPE_CHECKING:  # pragma: no cover
    from .lattice import LatticeChain

__all__ = ["cell_table", "format_table", "KEYS"]

#: the JSON keys, in the order of the text table
KEYS = (
    "log_Z",
    "log_Z_cells",
    "beta_boundary_energy",
    "mutual_information",
    "mutual_information_occupation",
    "total_correlation",
    "relative_entropies",
    "residual",
    "subdivision_potential",
)


def _text(value: Any, digits: int) -> str:
    return mpmath.nstr(value, digits)


def cell_table(model: LatticeChain, cells: Any) -> dict[str, Any]:
    """Every term of ln Z - sum ln Z_i = -beta<W> - TC - sum D_i for ``model.split(cells)``.

    Precision: each number to the model's ``digits`` (see
    :mod:`mesosym.mesoscopic.cells`); the residual is of order ``10**-digits``.
    """
    c = split(model, cells)
    require(
        f"a table of {len(c)} cells of a {model.sites}-site chain",
        seconds=cell_table_seconds(model.sites, len(c)),
        memory=0,
        change="--cells (fewer) or --sites",
    )
    d = model.digits
    K = len(c)
    mi = [c.mutual_information(i, i + 1) for i in range(K - 1)]
    mio: list[Any] = []
    if c.method == "enumerate" or max(c.sizes) <= OCCUPATION_LIMIT:
        mio = [c.mutual_information(i, i + 1, "occupation") for i in range(K - 1)]
    sub = None
    if model.boundary == "open" and model.particles is None:
        sub = _text(model.subdivision_potential(), d)
    return {
        "log_Z": _text(c.log_partition_function(), d),
        "log_Z_cells": [_text(v, d) for v in c.isolated_log_partition_functions()],
        "beta_boundary_energy": _text(c.boundary_energy(), d),
        "mutual_information": [_text(v, d) for v in mi],
        "mutual_information_occupation": [_text(v, d) for v in mio] if mio or K == 1 else None,
        "total_correlation": _text(c.total_correlation(), d),
        "relative_entropies": [_text(v, d) for v in c.relative_entropies()],
        "residual": mpmath.nstr(c.residual(), 3),
        "subdivision_potential": sub,
    }


_LABELS = {
    "log_Z": "ln Z",
    "log_Z_cells": "ln Z_i (isolated cells)",
    "beta_boundary_energy": "beta <W> (cut bonds)",
    "mutual_information": "I(cell i : cell i+1), configurations",
    "mutual_information_occupation": "I(n_i : n_i+1), occupations",
    "total_correlation": "total correlation TC",
    "relative_entropies": "D(p_i || q_i)",
    "residual": "residual of ln Z - sum ln Z_i = -beta<W> - TC - sum D_i",
    "subdivision_potential": "beta E_sub (Hill, open chain)",
}


def format_table(table: dict[str, Any]) -> str:
    """The table as aligned text, one quantity per line (nats, units of kT).

    >>> print(format_table({"log_Z": "1.0", "log_Z_cells": ["0.5", "0.5"]}))
    ln Z                     1.0
    ln Z_i (isolated cells)  0.5, 0.5
    """
    rows = []
    for key in KEYS:
        if key not in table:
            continue
        value = table[key]
        if value is None:
            text = "-"
        elif isinstance(value, list):
            text = ", ".join(value) if value else "-"
        else:
            text = str(value)
        rows.append((_LABELS[key], text))
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {text}" for label, text in rows)
