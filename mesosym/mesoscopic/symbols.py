"""Symbols of the lattice models of the mesoscopic part, each made once with its assumptions.

The core module :mod:`mesosym.symbols` holds the symbols of the equispaced
letter (there ``J`` is an angular momentum and ``epsilon`` a positive level
spacing).  A lattice coupling may have either sign, so the lattice models use
real symbols of their own, with their own names (one symbol per name: a
SymPy symbol is its name and its assumptions, so two symbols both called
``epsilon`` would not cancel): the nearest-neighbour coupling ``J_nn`` and the
lattice gas's attraction ``epsilon_nn``.

Examples
--------
>>> from mesosym.mesoscopic.symbols import J, h, beta
>>> J.is_real, h.is_real, J.is_positive is None
(True, True, True)
>>> from mesosym import symbols as core
>>> J.name != core.J.name and eps.name != core.eps.name
True
"""

from __future__ import annotations

import sympy as sp

from ..symbols import beta

__all__ = ["J", "h", "eps", "mu", "beta", "K", "z"]

#: Ising coupling (ferromagnetic for J > 0), either sign
J = sp.Symbol("J_nn", real=True)
#: magnetic field of the Ising chain, either sign
h = sp.Symbol("h", real=True)
#: nearest-neighbour attraction of the lattice gas (attractive for eps > 0), either sign
eps = sp.Symbol("epsilon_nn", real=True)
#: chemical potential of the lattice gas, either sign
mu = sp.Symbol("mu", real=True)
#: reduced coupling K = beta*J
K = sp.Symbol("K", real=True)
#: fugacity, the generating-function variable of the canonical lattice gas
z = sp.Symbol("z", positive=True)
