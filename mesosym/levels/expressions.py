"""Unevaluated objects of the letter: ``Omega_q(N, M)`` and ``[x^M] f(x)``.

They print as the letter writes them and give their value on ``.doit()``,
so that an equation such as eq. (10) can be shown before it is evaluated.

Examples
--------
>>> from mesosym.symbols import N, M, x
>>> from mesosym import EquispacedLevels
>>> Multiplicity(3, 2, 2).doit() == CoefficientOf((1 + x + x**2)**2, x, 2).doit() == 3
True
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..validation import as_sympy
from .spectrum import EquispacedLevels

__all__ = ["Multiplicity", "CoefficientOf"]


class _SafeArgs(sp.Function):
    """A SymPy function whose arguments are never text.

    ``Function`` would sympify them, and ``sympify`` evaluates a string, even
    one inside a tuple or a list.
    """

    def __new__(cls, *args: Any, **options: Any) -> Any:
        safe = [as_sympy(a, f"{cls.__name__} argument {i + 1}") for i, a in enumerate(args)]
        return super().__new__(cls, *safe, **options)

    def _repr_latex_(self) -> str:
        r"""The notebook display, in mesosym's notation (``\ln``, ``x^{*}``)."""
        from ..latex import latex

        return f"$\\displaystyle {latex(self)}$"


class Multiplicity(_SafeArgs):
    r"""Unevaluated ``Omega_q(N, M)``, the multiplicity of eqs. (7)-(10).

    ``.doit()`` gives the exact count for concrete ``q``, ``N`` and ``M``.

    Examples
    --------
    >>> from mesosym.symbols import N, M
    >>> Multiplicity(3, N, M)
    Omega_3(N, M)
    >>> Multiplicity(3, 2, 2).doit()
    3
    """

    nargs = 3

    def doit(self, deep: bool = True, **hints: Any) -> sp.Expr:
        """Return the exact count when every argument is a concrete integer."""
        q, N, M = (a.doit(deep=deep, **hints) if deep else a for a in self.args)
        if all(a.is_Integer for a in (q, N, M)) or (q is sp.oo and N.is_Integer and M.is_Integer):
            return sp.Integer(EquispacedLevels(q).multiplicity(int(N), int(M)))
        return self.func(q, N, M)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        q, N, M = (printer._print(a) for a in self.args)
        tex = rf"\Omega_{{{q}}}\left({N}, {M}\right)"
        return tex if exp is None else f"{tex}^{{{exp}}}"

    def _sympystr(self, printer: Any) -> str:
        q, N, M = (printer._print(a) for a in self.args)
        return f"Omega_{q}({N}, {M})"


class CoefficientOf(_SafeArgs):
    r"""Unevaluated coefficient extraction ``[x^M] f(x)``, as in eq. (10).

    ``CoefficientOf(f, x, M)``; ``.doit()`` expands a rational ``f`` that is a
    polynomial in ``x`` and returns the coefficient for an integer ``M``.

    Examples
    --------
    >>> from mesosym.symbols import x
    >>> c = CoefficientOf((1 + x + x**2)**2, x, 2)
    >>> c
    [x**2] (x**2 + x + 1)**2
    >>> c.doit()
    3
    """

    nargs = 3

    def doit(self, deep: bool = True, **hints: Any) -> sp.Expr:
        """Return the coefficient when ``f`` is a concrete polynomial and ``M`` an integer."""
        f, var, power = (a.doit(deep=deep, **hints) if deep else a for a in self.args)
        if power.is_Integer and not (f.free_symbols - {var}):
            try:
                poly = sp.Poly(sp.cancel(f), var)
            except sp.PolynomialError:
                return self.func(f, var, power)
            return poly.coeff_monomial(var ** int(power))
        return self.func(f, var, power)

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        f, var, power = self.args
        monomial = printer._print(var**power)
        tex = r"\left[" + monomial + r"\right] " + printer._print(f)
        return tex if exp is None else r"\left(" + tex + r"\right)^{" + exp + "}"

    def _sympystr(self, printer: Any) -> str:
        f, var, power = self.args
        return f"[{printer._print(var**power)}] {printer._print(f)}"
