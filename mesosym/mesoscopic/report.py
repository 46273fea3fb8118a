"""The table of ``mesosym mesoscopic``: every term of the cell identity for one split.

:func:`cell_table` returns a dict with the command's JSON keys (numbers as
decimal strings at the model's ``digits``; lists for per-cell values);
:func:`format_table` renders it as text.  Entropies, information and relative
entropies are in nats (ln Z and beta-energies are dimensionless).

Keys: ``model`` (the model, its parameters as exact strings, the boundary and the
ensemble), ``log_Z``, ``log_Z_mes`` (ln Z_mes for cells of ``cell_size`` sites, null
without it), ``log_Z_cells`` (isolated cells), ``beta_boundary_energy`` (beta <W>
in the full state), ``adjacent_pairs`` (``"1:2"``, ...; on a ring of K > 2 cells
also ``"K:1"``), ``mutual_information`` and ``mutual_information_occupation``
(of those pairs; null when a cell exceeds
:data:`~mesosym.mesoscopic.cells.OCCUPATION_LIMIT` sites), ``total_correlation``,
``relative_entropies`` (D(p_i || q_i)), ``residual`` (ln Z - sum ln Z_i + beta<W>
+ TC + sum D_i, zero up to rounding), ``subdivision_potential`` (Hill's beta
E_sub of the open chain; null for a ring or the canonical gas) and ``notes`` (why
a value is null, and what the occupations and the isolated cells are).

Information and relative entropies are non-negative by definition: a value
within the stated precision of zero (absolute ``10**-digits``) prints as ``0``,
not as a rounding residue such as ``-1.2e-32``.

Examples
--------
>>> from mesosym.mesoscopic import IsingChain
>>> t = cell_table(IsingChain(4, 0, digits=10), 2)
>>> t["log_Z"], t["log_Z_cells"], t["mutual_information"]
('2.772588722', ['1.386294361', '1.386294361'], ['0'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mpmath

from ..budget import cell_table_seconds, require
from ..progress import step
from .cells import OCCUPATION_LIMIT, split

if TYPE_CHECKING:  # pragma: no cover
    from .protocol import LatticeModel

__all__ = ["cell_table", "format_table", "KEYS"]

#: the JSON keys, in the order of the text table
KEYS = (
    "model",
    "log_Z",
    "log_Z_mes",
    "log_Z_cells",
    "beta_boundary_energy",
    "adjacent_pairs",
    "mutual_information",
    "mutual_information_occupation",
    "total_correlation",
    "relative_entropies",
    "residual",
    "subdivision_potential",
    "notes",
)


def _text(value: Any, digits: int) -> str:
    step()  # one more value of the table computed (progress, on a terminal)
    return mpmath.nstr(value, digits)


def _nonnegative(value: Any, digits: int) -> str:
    """A quantity non-negative by definition, known to ``10**-digits`` absolute: 0 within it.

    >>> _nonnegative(mpmath.mpf("-1.2e-32"), 30), _nonnegative(mpmath.mpf("0.25"), 30)
    ('0', '0.25')
    """
    if abs(value) < mpmath.mpf(10) ** -digits:
        step()
        return "0"
    return _text(value, digits)


def _adjacent_pairs(model: LatticeModel, K: int) -> list[tuple[int, int]]:
    """Adjacent cells (i, j), 0-based: i, i + 1, and on a ring of K > 2 cells also K - 1, 0."""
    pairs = [(i, i + 1) for i in range(K - 1)]
    if model.boundary == "periodic" and K > 2:
        pairs.append((K - 1, 0))
    return pairs


def describe_model(model: LatticeModel) -> dict[str, str]:
    """The model's name, size, parameters (exact strings), boundary and ensemble.

    >>> from mesosym.mesoscopic import IsingChain
    >>> from fractions import Fraction
    >>> describe_model(IsingChain(4, 1, field=Fraction(1, 2)))["parameters"]
    'J = 1, h = 1/2, beta = 1'
    """
    mu = model.parameter_text().split(", ")[-2]  # "mu = 0" for the gas
    if model.particles is not None:
        ensemble = (
            f"canonical, {model.particles} particles (isolated cells: grand canonical at {mu})"
        )
    elif type(model).__name__ == "LatticeGas":
        ensemble = f"grand canonical ({mu})"
    else:
        ensemble = "canonical (spins free, field h)"
    return {
        "name": type(model).__name__,
        "sites": str(model.sites),
        "parameters": model.parameter_text(),
        "boundary": "open ends" if model.boundary == "open" else "ring (periodic)",
        "ensemble": ensemble,
    }


def cell_table(model: LatticeModel, cells: Any, cell_size: Any = None) -> dict[str, Any]:
    """Every term of ln Z - sum ln Z_i = -beta<W> - TC - sum D_i for ``model.split(cells)``.

    ``cell_size``: also ln Z_mes for cells of that many sites (or those sizes).

    Precision: each number to the model's ``digits`` (see
    :mod:`mesosym.mesoscopic.cells`); the residual is of order ``10**-digits``;
    information and relative entropies to ``10**-digits`` absolute.
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
    notes: dict[str, str] = {}
    pairs = _adjacent_pairs(model, K)
    mi = [c.mutual_information(i, j) for i, j in pairs]
    mio: list[Any] = []
    if c.method == "enumerate" or max(c.sizes) <= OCCUPATION_LIMIT:
        mio = [c.mutual_information(i, j, "occupation") for i, j in pairs]
    else:
        notes["mutual_information_occupation"] = (
            f"not computed: a cell has more than {OCCUPATION_LIMIT} sites"
        )
    sub = None
    if model.boundary == "open" and model.particles is None:
        sub = _text(model.subdivision_potential(), d)
    elif model.particles is not None:
        notes["subdivision_potential"] = "not defined for a fixed number of particles"
    else:
        notes["subdivision_potential"] = "defined for the open chain only: a ring has no ends"
    z_mes = None
    if cell_size is not None:
        z_mes = _text(model.log_mesoscopic_partition_function(cell_size), d)
    else:
        notes["log_Z_mes"] = "not asked: give --cell-size B for cells of B sites"
    if K == 1:
        notes["adjacent_pairs"] = "one cell: no pair"
    notes["occupations"] = (
        "n_i = number of up spins in cell i"
        if type(model).__name__ == "IsingChain"
        else "n_i = number of particles in cell i"
    )
    if model.particles is not None:
        notes["relative_entropies"] = (
            "D(p_i || q_i) compares cell i in the canonical chain with the isolated cell "
            "taken grand canonical at the model's mu: a particle density far from that of mu "
            "makes it large"
        )
    return {
        "model": describe_model(model),
        "log_Z": _text(c.log_partition_function(), d),
        "log_Z_mes": z_mes,
        "log_Z_cells": [_text(v, d) for v in c.isolated_log_partition_functions()],
        "beta_boundary_energy": _text(c.boundary_energy(), d),
        "adjacent_pairs": [f"{i + 1}:{j + 1}" for i, j in pairs],
        "mutual_information": [_nonnegative(v, d) for v in mi],
        "mutual_information_occupation": [_nonnegative(v, d) for v in mio]
        if mio or K == 1
        else None,
        "total_correlation": _nonnegative(c.total_correlation(), d),
        "relative_entropies": [_nonnegative(v, d) for v in c.relative_entropies()],
        "residual": mpmath.nstr(c.residual(), 3),
        "subdivision_potential": sub,
        "notes": notes,
    }


_LABELS = {
    "log_Z": "ln Z",
    "log_Z_mes": "ln Z_mes",
    "log_Z_cells": "ln Z_i (isolated cells)",
    "beta_boundary_energy": "beta <W> (cut bonds)",
    "adjacent_pairs": "adjacent cells",
    "mutual_information": "I(cell i : cell j), configurations, nats",
    "mutual_information_occupation": "I(n_i : n_j), occupations, nats",
    "total_correlation": "total correlation TC, nats",
    "relative_entropies": "D(p_i || q_i), nats",
    "residual": "residual of ln Z - sum ln Z_i = -beta<W> - TC - sum D_i",
    "subdivision_potential": "beta E_sub (Hill, open chain)",
}


def format_table(table: dict[str, Any]) -> str:
    """The table as aligned text: the model, then one quantity per line (nats, units of kT).

    A missing value says why it is missing.

    >>> print(format_table({"log_Z": "1.0", "log_Z_cells": ["0.5", "0.5"]}))
    ln Z                     1.0
    ln Z_i (isolated cells)  0.5, 0.5
    """
    notes = table.get("notes", {})
    head = []
    if "model" in table:
        m = table["model"]
        head.append(f"{m['name']}, {m['sites']} sites, {m['parameters']}, {m['boundary']}")
        head.append(f"ensemble: {m['ensemble']}")
    rows = []
    for key in KEYS:
        if key not in table or key not in _LABELS:
            continue
        value = table[key]
        if value is None or (isinstance(value, list) and not value):
            text = f"({notes.get(key, 'none')})"
        elif isinstance(value, list):
            text = ", ".join(value)
        else:
            text = str(value)
        label = _LABELS[key]
        if key == "mutual_information_occupation" and "occupations" in notes:
            label = f"{label} ({notes['occupations']})"
        rows.append((label, text))
    width = max(len(label) for label, _ in rows)
    lines = head + [f"{label.ljust(width)}  {text}" for label, text in rows]
    if "relative_entropies" in notes:
        lines.append(f"note: {notes['relative_entropies']}")
    return "\n".join(lines)
