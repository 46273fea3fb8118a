"""The lattice gas H - mu N = -eps sum n_i n_(i+1) - mu sum n_i: two local states, n = 0 or 1.

``particles=None`` is the grand canonical ensemble; an integer N restricts the
sums to configurations with N particles (the canonical ensemble; the site term
then only multiplies Z by exp(beta mu N)).

Examples
--------
>>> LatticeGas(4, 1, chemical_potential=0).energy((1, 1, 0, 1))
-1
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .chain import Exact, LatticeChain

__all__ = ["LatticeGas"]


class LatticeGas(LatticeChain):
    """The lattice gas H - mu N = -eps sum n_i n_(i+1) - mu sum n_i, n = 0 or 1.

    Parameters
    ----------
    sites : int
        Number of sites (>= 1).
    coupling : number or sympy.Expr
        eps (attraction for eps > 0).
    chemical_potential : number or sympy.Expr
        mu.
    beta : number or sympy.Expr
        Inverse temperature, any real value.
    boundary : {"open", "periodic"}
        Free ends or a ring.
    particles : int or None
        None: grand canonical; an integer N in [0, sites]: canonical (the sums
        run over configurations with N particles and keep the factor
        exp(beta mu N)).
    digits : int
        Significant digits of numeric results (default 30).

    Examples
    --------
    >>> LatticeGas(4, 1, chemical_potential=0).energy((1, 1, 0, 1))
    -1
    """

    states = (0, 1)
    _parameter_names = ("coupling", "chemical_potential")
    _defaults = (("chemical_potential", 0),)
    _takes_particles = True
    coupling: Exact
    chemical_potential: Exact
    _title = "lattice gas"
    _hamiltonian = r"H - \mu N = -\epsilon \sum_i n_i n_{i+1} - \mu \sum_i n_i"
    _letters = (("eps", r"\epsilon"), ("mu", r"\mu"))

    if TYPE_CHECKING:  # the constructor LatticeChain makes from the spec above, for readers

        def __init__(
            self,
            sites,
            coupling,
            chemical_potential=0,
            beta=1,
            boundary="open",
            particles=None,
            digits=30,
        ): ...

    def _bond(self, a: int, b: int) -> Any:
        """-eps a b."""
        return -self._parameters[0] * a * b

    def _site(self, a: int) -> Any:
        """-mu a."""
        return -self._parameters[1] * a

    def occupation(self, a: int) -> int:
        """1 for a particle, 0 for a hole."""
        return int(a)
