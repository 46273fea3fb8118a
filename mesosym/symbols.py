"""Every symbol mesosym uses, each created once with its assumptions.

SymPy simplifies only what it can prove, so a bare ``Symbol("x")`` leaves
``log(x**2)`` and ``sqrt(x**2)`` unsimplified.  Import symbols from here.

Examples
--------
>>> from mesosym.symbols import x, q, u
>>> x.is_positive, q.is_integer, u.is_positive
(True, True, True)
"""

from __future__ import annotations

import sympy as sp

__all__ = [
    "x",
    "t",
    "u",
    "N",
    "M",
    "q",
    "k",
    "j",
    "J",
    "beta",
    "eps",
    "k_B",
    "s",
    "n",
    "r",
    "u_star",
]

#: generating-function variable; the saddle point x* lies on the positive real axis
x = sp.Symbol("x", positive=True)
#: t = ln x = -beta*eps
t = sp.Symbol("t", real=True)
#: reduced energy per particle u = E/(N eps) = M/N, 0 < u < q - 1 in the interior
u = sp.Symbol("u", positive=True)
#: the letter's u* = (q - 1)/2 (eq. 21), where a claim at one point may be stated
u_star = sp.Symbol("u^*", positive=True)
#: number of particles
N = sp.Symbol("N", positive=True, integer=True)
#: total energy in units of eps
M = sp.Symbol("M", nonnegative=True, integer=True)
#: number of levels (q >= 2)
q = sp.Symbol("q", positive=True, integer=True)
#: level index and summation index
k = sp.Symbol("k", nonnegative=True, integer=True)
j = sp.Symbol("j", nonnegative=True, integer=True)
#: order of a correction term
n = sp.Symbol("n", positive=True, integer=True)
#: angular momentum of a spin multiplet (a positive half-integer)
J = sp.Symbol("J", positive=True)
#: inverse temperature (either sign), level spacing, Boltzmann constant
beta = sp.Symbol("beta", real=True)
eps = sp.Symbol("epsilon", positive=True)
k_B = sp.Symbol("k_B", positive=True)
#: entropy per particle in units of k_B
s = sp.Symbol("s", real=True)
#: distance between two particles (the argument of a pair potential)
r = sp.Symbol("r", positive=True)
