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
    from .factorisation import cut_terms, factorisation_table, strip_factorisation
    from .models.chain import LatticeChain
    from .models.continuum import ContinuumGas
    from .models.cylinder import IsingCylinder
    from .models.ideal_gas import IdealGas
    from .models.ising import IsingChain
    from .models.kac import KacGas
    from .models.lattice_gas import LatticeGas
    from .models.potts import PottsChain
    from .models.square_well import SquareWellRods
    from .models.strip import IsingStrip

__all__ = ["IsingChain", "LatticeGas", "LatticeChain", "PottsChain", "IsingStrip"]
__all__ += ["ContinuumGas", "IdealGas"]
__all__ += ["Cells", "split"]
__all__ += ["KacGas", "SquareWellRods"]
__all__ += ["IsingCylinder"]
__all__ += ["strip_factorisation", "cut_terms", "factorisation_table"]

#: the module each public name lives in
_HOME = {
    "IsingChain": "models.ising",
    "LatticeGas": "models.lattice_gas",
    "LatticeChain": "models.chain",
    "PottsChain": "models.potts",
    "IsingStrip": "models.strip",
    "ContinuumGas": "models.continuum",
    "IdealGas": "models.ideal_gas",
    "Cells": "cells",
    "split": "cells",
    "KacGas": "models.kac",
    "SquareWellRods": "models.square_well",
    "IsingCylinder": "models.cylinder",
    "strip_factorisation": "factorisation",
    "cut_terms": "factorisation",
    "factorisation_table": "factorisation",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
