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
    from .models.chain import LatticeChain
    from .models.cylinder import IsingCylinder
    from .models.ising import IsingChain
    from .models.lattice_gas import LatticeGas
    from .models.potts import PottsChain
    from .models.strip import IsingStrip

__all__ = ["IsingChain", "LatticeGas", "LatticeChain", "PottsChain", "IsingStrip"]
__all__ += ["ContinuumGas", "IdealGas"]
__all__ += ["Cells", "split"]
__all__ += ["IsingCylinder"]

#: the module each public name lives in
_HOME = {
    "IsingChain": "models.ising",
    "LatticeGas": "models.lattice_gas",
    "LatticeChain": "models.chain",
    "PottsChain": "models.potts",
    "IsingStrip": "models.strip",
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
