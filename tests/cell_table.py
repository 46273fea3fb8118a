"""Every number of a chain's cell table, by name: for the canonical tests (balls and float64)."""

from __future__ import annotations

from typing import Any

__all__ = ["every_quantity"]


def every_quantity(c: Any) -> dict[str, Any]:
    """Every number of the cell table of ``c`` (a Cells), flattened with a name each."""
    K = len(c)
    out = {"lnZ": c.log_partition_function(), "W": c.boundary_energy()}
    out["TC"] = c.total_correlation()
    for i, v in enumerate(c.isolated_log_partition_functions()):
        out[f"lnZ_{i}"] = v
    for i, v in enumerate(c.relative_entropies()):
        out[f"D_{i}"] = v
    pairs = {(i, i + 1) for i in range(K - 1)} | ({(0, K - 1)} if K > 1 else set())
    for a, b in sorted(pairs):
        out[f"I{a}{b}"] = c.mutual_information(a, b)
        out[f"In{a}{b}"] = c.mutual_information(a, b, "occupation")
    out["residual"] = c.residual()
    return out
