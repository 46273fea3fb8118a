"""The Ising chain H = -J sum s_i s_(i+1) - h sum s_i: two local states, s = +1 or -1.

The chain protocol of :mod:`.chain` needs only the states, the bond and site
energies and the occupation (an up spin counts as occupied).

Examples
--------
>>> IsingChain(3, 1).energy((1, 1, 1))
-2
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .chain import Exact, LatticeChain

__all__ = ["IsingChain"]


class IsingChain(LatticeChain):
    """The Ising chain H = -J sum s_i s_(i+1) - h sum s_i, s = +1 or -1.

    Parameters
    ----------
    sites : int
        Number of spins (>= 1).
    coupling : number or sympy.Expr
        J (ferromagnetic for J > 0).
    field : number or sympy.Expr
        h.
    beta : number or sympy.Expr
        Inverse temperature, any real value.
    boundary : {"open", "periodic"}
        Free ends or a ring.
    digits : int
        Significant digits of numeric results (default 30).

    Examples
    --------
    >>> IsingChain(3, 1).energy((1, 1, 1))
    -2
    >>> IsingChain(3, 1, boundary="periodic").energy((1, 1, 1))
    -3
    """

    states = (1, -1)
    _parameter_names = ("coupling", "field")
    _defaults = (("field", 0),)
    coupling: Exact
    field: Exact
    _title = "Ising chain"
    _hamiltonian = r"H = -J \sum_i s_i s_{i+1} - h \sum_i s_i"
    _letters = (("J", "J"), ("h", "h"))

    if TYPE_CHECKING:  # the constructor LatticeChain makes from the spec above, for readers

        def __init__(self, sites, coupling, field=0, beta=1, boundary="open", digits=30): ...

    def _bond(self, a: int, b: int) -> Any:
        """-J a b."""
        return -self._parameters[0] * a * b

    def _site(self, a: int) -> Any:
        """-h a."""
        return -self._parameters[1] * a

    def occupation(self, a: int) -> int:
        """1 for an up spin, 0 for a down spin."""
        return 1 if a == 1 else 0
