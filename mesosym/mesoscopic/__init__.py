"""Part B: the mesoscopic partition function, its cells and sectors, on solvable models.

Examples
--------
>>> from mesosym.mesoscopic import IsingChain
>>> IsingChain(3, 1).sites
3
"""

from __future__ import annotations

from .cells import Cells, split
from .continuum import ContinuumGas
from .ideal_gas import IdealGas
from .lattice import IsingChain, LatticeChain, LatticeGas

__all__ = ["IsingChain", "LatticeGas", "LatticeChain"]
__all__ += ["ContinuumGas", "IdealGas"]
__all__ += ["Cells", "split"]
