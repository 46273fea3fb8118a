"""Part B: the mesoscopic partition function, its cells and sectors, on solvable models.

The names are imported on first use, so that numeric lattice work (``mesosym
mesoscopic``) starts without SymPy, which only the continuum gases and symbolic
parameters need.

Examples
--------
>>> from mesosym.mesoscopic import IsingChain
>>> IsingChain(3, 1).sites
3
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .cells import Cells, split
    from .continuum import ContinuumGas
    from .ideal_gas import IdealGas
    from .lattice import IsingChain, LatticeChain, LatticeGas
    from .models.cylinder import IsingCylinder

__all__ = ["IsingChain", "LatticeGas", "LatticeChain"]
__all__ += ["ContinuumGas", "IdealGas"]
__all__ += ["Cells", "split"]
__all__ += ["IsingCylinder"]

#: the module each public name lives in
_HOME = {
    "IsingChain": "lattice",
    "LatticeGas": "lattice",
    "LatticeChain": "lattice",
    "ContinuumGas": "continuum",
    "IdealGas": "ideal_gas",
    "Cells": "cells",
    "split": "cells",
    "IsingCylinder": "models.cylinder",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
