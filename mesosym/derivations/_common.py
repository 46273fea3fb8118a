"""Expressions shared by the derivations of the letter, built from the library.

``P`` is the generating polynomial of eq. (10) for symbolic q, taken from
:class:`mesosym.EquispacedLevels`; everything else is derived from it here, in
the open, so that a derivation checks the library rather than trusting it.
"""

from __future__ import annotations

from functools import cache

import sympy as sp

from mesosym import EquispacedLevels
from mesosym.symbols import k, q, u, x

__all__ = ["P", "phi", "mean_level", "entropy_of_x", "power_sums", "levels_polynomial"]

#: eq. (10): (1 - x^q)/(1 - x), symbolic q
P: sp.Expr = EquispacedLevels(q).polynomial

#: eq. (16): phi(x) = ln P(x) - u ln x
phi: sp.Expr = sp.log(P) - u * sp.log(x)

#: eq. (18): the mean level U(x) = x P'(x)/P(x), written as in the letter
mean_level: sp.Expr = x / (1 - x) - q * x**q / (1 - x**q)

#: eq. (19) along the parametrisation u = U(x): S(x) = ln P(x) - U(x) ln x
entropy_of_x: sp.Expr = sp.log(P) - mean_level * sp.log(x)


@cache
def power_sums() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """``sum_{k=0}^{q-1} k^r x^k`` for r = 0, 1, 2 in closed form (SymPy, branch x != 1)."""
    out = []
    for r in range(3):
        total = sp.summation(k**r * x**k, (k, 0, q - 1))
        out.append(total.args[-1][0] if isinstance(total, sp.Piecewise) else total)
    return out[0], out[1], out[2]


def levels_polynomial(levels: int, energy: sp.Expr = u) -> sp.Expr:
    """``sum_{k=0}^{levels-1} (k - u) x^k``: eq. (18) cleared of denominators, concrete q."""
    return sp.Add(*((kk - energy) * x**kk for kk in range(levels)))
