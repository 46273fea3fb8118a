"""Saddle-point thermodynamics of any single-particle generating polynomial.

For ``Omega(N, M) = [x^M] P(x)^N`` with ``P(x) = sum_k g_k x^k`` the
saddle point of ``exp(N phi(x))``, ``phi = ln P(x) - u ln x`` (eq. 16), solves

    u = x P'(x) / P(x)                      (eq. 18)

and gives the entropy per particle and the inverse temperature

    s(u) = ln P(x*) - u ln x*,   beta*eps = ds/du = -ln x*   (eqs. 19-20).

Everything here takes ``P`` as a SymPy expression in :data:`mesosym.symbols.x`;
:class:`SaddleRoot` stands for the positive root ``x*(u)`` when no closed form
is known (or wanted).  It differentiates implicitly, evaluates to any
precision, and ``.doit()`` gives an exact ``CRootOf`` at rational ``u``.

Examples
--------
>>> import sympy as sp
>>> from mesosym.symbols import x, u
>>> saddle_equation(1 + x)
Eq(u, x/(x + 1))
>>> sp.solve(saddle_equation(1 + x), x)
[-u/(u - 1)]
"""

from __future__ import annotations

import functools
from typing import Any

import mpmath
import sympy as sp

from ..budget import EXPAND_UP_TO, short
from ..errors import DomainError
from ..symbols import u as _u
from ..symbols import x as _x
from ..validation import as_sympy

__all__ = [
    "SaddleRoot",
    "saddle_function",
    "saddle_equation",
    "entropy_at",
    "inverse_temperature_at",
    "mean_level",
    "energy_variance_at",
    "polynomial_form",
    "numeric_levels",
]


def _variable(var: Any) -> sp.Symbol:
    """The generating-function variable: a SymPy Symbol with a plain name, never text."""
    if not isinstance(var, sp.Symbol):
        raise DomainError(
            f"var must be a SymPy Symbol (such as mesosym.symbols.x); got {short(var)}"
        )
    return as_sympy(var, "var")


def _read(P: Any, var: Any, **others: Any) -> tuple[Any, ...]:
    """``P``, ``var`` and the other expressions through mesosym's guard (no text evaluated)."""
    return (
        as_sympy(P, "P"),
        _variable(var),
        *(as_sympy(value, name) for name, value in others.items()),
    )


def mean_level(P: sp.Expr, var: sp.Symbol = _x) -> sp.Expr:
    """Return ``x P'(x)/P(x)``: the mean level under the weights ``g_k x^k``.

    >>> from mesosym.symbols import x
    >>> mean_level(1 + x + x**2)
    x*(2*x + 1)/(x**2 + x + 1)
    """
    P, var = _read(P, var)
    mean = var * sp.diff(P, var) / P
    q = _geometric_levels(sp.Lambda(var, P))
    if q is not None and q > EXPAND_UP_TO:
        return mean  # cancelling would write out q terms
    return sp.factor(sp.cancel(mean))


def saddle_function(P: sp.Expr, var: sp.Symbol = _x, energy: sp.Expr = _u) -> sp.Expr:
    """Return ``x P'(x) - u P(x)``, the polynomial whose positive root is ``x*``.

    For ``P = sum_k g_k x^k`` it equals ``sum_k (k - u) g_k x^k``.

    >>> from mesosym.symbols import x
    >>> saddle_function(1 + x + x**2)
    -u*(x**2 + x + 1) + x*(2*x + 1)
    """
    P, var, energy = _read(P, var, energy=energy)
    return sp.factor(var * sp.diff(P, var)) - energy * P


def saddle_equation(P: sp.Expr, var: sp.Symbol = _x, energy: sp.Expr = _u) -> sp.Equality:
    """Return eq. (18), ``Eq(u, x P'(x)/P(x))``, simplified.

    >>> from mesosym.symbols import x
    >>> saddle_equation(1 + x + x**2)
    Eq(u, x*(2*x + 1)/(x**2 + x + 1))
    """
    P, var, energy = _read(P, var, energy=energy)
    return sp.Eq(energy, mean_level(P, var), evaluate=False)


def entropy_at(P: sp.Expr, root: sp.Expr, var: sp.Symbol = _x, energy: sp.Expr = _u) -> sp.Expr:
    """Return eq. (19), ``ln P(x*) - u ln x*``, with ``x*`` replaced by ``root``.

    >>> from mesosym.symbols import x, u
    >>> entropy_at(1 + x, u/(1 - u))
    -u*log(u/(1 - u)) + log(u/(1 - u) + 1)
    """
    P, var, root, energy = _read(P, var, root=root, energy=energy)
    return sp.log(P.subs(var, root)) - energy * sp.log(root)


def inverse_temperature_at(root: sp.Expr) -> sp.Expr:
    """Return eq. (20), ``beta*eps = -ln x*``.

    >>> from mesosym.symbols import u
    >>> inverse_temperature_at(u/(1 - u))
    -log(u/(1 - u))
    """
    root = as_sympy(root, "root")
    return -sp.log(root)


def energy_variance_at(P: sp.Expr, root: sp.Expr, var: sp.Symbol = _x) -> sp.Expr:
    """Return ``sigma^2 = x d/dx [x P'/P]`` at ``root``: the level variance per particle.

    It equals ``du/dt`` with ``t = ln x*`` and is the second cumulant of the
    tilted single-particle distribution.

    >>> from mesosym.symbols import x
    >>> energy_variance_at(1 + x, x)
    x/(x + 1)**2
    """
    P, var, root = _read(P, var, root=root)
    q = _geometric_levels(sp.Lambda(var, P))
    sigma2 = var * sp.diff(mean_level(P, var), var)
    if q is None or q <= EXPAND_UP_TO:
        sigma2 = sp.factor(sp.cancel(sigma2))
    return sigma2.subs(var, root)


def polynomial_form(P: sp.Expr, var: sp.Symbol = _x) -> sp.Expr:
    """Return ``P`` expanded when it is a short concrete polynomial, else unchanged.

    ``(1 - x^3)/(1 - x)`` becomes ``x**2 + x + 1``; ``(1 - x^q)/(1 - x)`` with a
    symbolic or large q keeps its geometric form, whose size does not grow with q.

    >>> from mesosym.symbols import x
    >>> polynomial_form((1 - x**3)/(1 - x))
    x**2 + x + 1
    >>> polynomial_form((1 - x**1000)/(1 - x))
    (1 - x**1000)/(1 - x)
    """
    P, var = _read(P, var)
    q = _geometric_levels(sp.Lambda(var, P))
    if q is not None and q > EXPAND_UP_TO:
        return P
    if P.free_symbols - {var}:
        return P
    return sp.expand(sp.cancel(P))


class SaddleRoot(sp.Function):
    r"""The positive root ``x*(u)`` of ``x P'(x) = u P(x)`` (eq. 18).

    ``SaddleRoot(Lambda(x, P), u)``.  Descartes' rule of signs gives exactly one
    positive root for ``0 < u < deg P`` since the coefficients ``(k - u) g_k``
    change sign once.  The object differentiates implicitly
    (``dx*/du = x*/sigma^2``), evaluates numerically to any precision, and
    ``.doit()`` returns an exact ``CRootOf`` when ``P`` is a concrete polynomial
    and ``u`` rational.

    Examples
    --------
    >>> import sympy as sp
    >>> from mesosym.symbols import x, u
    >>> r = SaddleRoot(sp.Lambda(x, 1 + x + x**2), u)
    >>> r.subs(u, 1)
    1
    >>> r.subs(u, sp.Rational(1, 2)).evalf(20)   # eq. (25): (sqrt(13) - 1)/6
    0.43425854591066488219
    >>> r.subs(u, sp.Rational(1, 2)).doit()
    -1/6 + sqrt(13)/6
    >>> sp.diff(r, u).subs(u, 1)
    3/2
    """

    nargs = 2

    def __new__(cls, *args: Any, **options: Any) -> Any:
        """Build the root, refusing text (see :func:`mesosym.validation.as_sympy`)."""
        # never text: Function would sympify the arguments, evaluating a string
        safe = [as_sympy(a, f"SaddleRoot argument {k + 1}") for k, a in enumerate(args)]
        return super().__new__(cls, *safe, **options)

    is_commutative = True  # a Lambda argument would leave this unknown

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[1].is_extended_real

    def _eval_is_positive(self) -> bool | None:
        return self.args[1].is_positive

    @classmethod
    def eval(cls, P, energy):
        """Evaluate at the one point every spectrum shares: ``x* = 1`` at the mean level."""
        if not isinstance(P, sp.Lambda):
            raise DomainError("SaddleRoot needs a Lambda(x, P(x)) as its first argument")
        if energy.is_zero:
            return sp.S.Zero
        if (energy - _mean_at_one(P)).is_zero:
            return sp.S.One
        return None

    @property
    def polynomial(self) -> sp.Expr:
        """The generating polynomial P, as an expression in its own variable."""
        return self.args[0].expr

    @property
    def variable(self) -> sp.Symbol:
        """The variable of :attr:`polynomial`."""
        return self.args[0].variables[0]

    def fdiff(self, argindex: int = 2) -> sp.Expr:
        """Implicit derivative ``dx*/du = x*/sigma^2(x*)``."""
        if argindex != 2:
            raise sp.ArgumentIndexError(self, argindex)
        var = self.variable
        sigma2 = var * sp.diff(mean_level(self.polynomial, var), var)
        return (var / sigma2).subs(var, self)

    def _coefficients(self) -> tuple[sp.Expr, ...]:
        """Coefficients g_0..g_d of a concrete P, lowest degree first."""
        return _coefficients(self.args[0])

    def _eval_evalf(self, prec: int) -> sp.Float | None:
        """Evaluate with the one mpmath solver, :mod:`mesosym.numeric.precise`."""
        energy = self.args[1]
        if not energy.is_number or self.polynomial.free_symbols - {self.variable}:
            return None
        uval = energy if energy.is_Rational else energy.evalf(prec + 20)
        return sp.Float(_root_at(self.args[0], uval, prec), precision=prec)

    def _numpycode(self, printer: Any) -> str:
        """Print for ``lambdify(..., "numpy")``: the float64 kernel of this spectrum."""
        fn = printer._module_format("mesosym.numeric.float64.saddle_point")
        return f"{fn}({printer._print(self.args[1])}, {numeric_levels(self.args[0])!r})"

    def _mpmathcode(self, printer: Any) -> str:
        """Print for ``lambdify(..., "mpmath")``: the mpmath solver at ``mp.dps`` digits."""
        fn = printer._module_format("mesosym.numeric.precise.saddle_point")
        mp = printer._module_format("mpmath.mp")
        levels = numeric_levels(self.args[0])
        return f"{fn}({printer._print(self.args[1])}, {levels!r}, digits={mp}.dps)"

    def doit(self, **hints):
        """Solve for the root where that is exact and explicit.

        A concrete P of degree 1 or 2 gives the radical for any u (the positive
        root of ``(2 - u) g_2 x^2 + (1 - u) g_1 x - u g_0``); a concrete P of any
        degree with rational u gives a ``CRootOf``.  Otherwise unchanged.
        """
        energy = self.args[1].doit(**hints)
        if self.polynomial.free_symbols - {self.variable}:
            return self.func(self.args[0], energy)
        var = self.variable
        g = self._coefficients()
        if len(g) == 2:
            return energy * g[0] / (g[1] * (1 - energy))
        if len(g) == 3:
            a, b, c = (2 - energy) * g[2], (1 - energy) * g[1], -energy * g[0]
            return (-b + sp.sqrt(b**2 - 4 * a * c)) / (2 * a)
        if not energy.is_Rational:
            return self.func(self.args[0], energy)
        poly = sp.Poly(sum((k - energy) * gk * var**k for k, gk in enumerate(g)), var)
        roots = sp.Poly(poly, var).real_roots()
        positive = [r for r in roots if r.is_positive]
        if len(positive) != 1:
            raise DomainError(f"u = {energy} leaves no unique positive saddle point")
        return positive[0]

    def _latex(self, printer, exp=None) -> str:
        tex = r"x^{*}\left(" + printer._print(self.args[1]) + r"\right)"
        return tex if exp is None else tex + "^{" + str(exp) + "}"

    def _repr_latex_(self) -> str:
        """The notebook display, in mesosym's notation (``x^{*}``)."""
        from ..latex import latex

        return f"$\\displaystyle {latex(self)}$"

    def _sympystr(self, printer) -> str:
        return "x_star(" + printer._print(self.args[1]) + ")"


# EXPAND_UP_TO (concrete equispaced polynomials with more levels stay in geometric
# form) lives in mesosym.budget, so that the numeric layer reads it without SymPy.


@functools.lru_cache(maxsize=256)
def _geometric_levels(P: sp.Lambda) -> int | None:
    """Return q if ``P`` is ``(1 - x^q)/(1 - x)`` with a concrete integer q, else None."""
    var = P.variables[0]
    w = sp.Wild("w", exclude=[var])
    match = sp.factor_terms(P.expr).match((1 - var**w) / (1 - var))
    if match and match[w].is_Integer and match[w] >= 2:
        return int(match[w])
    return None


@functools.lru_cache(maxsize=256)
def _coefficients(P: sp.Lambda) -> tuple[sp.Expr, ...]:
    """Coefficients g_0..g_d of a concrete ``Lambda(x, P)``, lowest degree first."""
    var = P.variables[0]
    try:
        poly = sp.Poly(sp.cancel(P.expr), var)
    except sp.PolynomialError:
        raise DomainError(f"P = {P.expr} is not a polynomial in {var}") from None
    if not all(c.is_number for c in poly.all_coeffs()):
        raise DomainError(f"P = {P.expr} must have numeric coefficients here")
    return tuple(reversed(poly.all_coeffs()))


def numeric_levels(P: sp.Lambda) -> int | tuple[int | str, ...]:
    """What the numeric layer takes for ``Lambda(x, P)``: ``q`` or the degeneracies.

    ``(1 - x^q)/(1 - x)`` gives ``q`` (so that large q stays in geometric form);
    a concrete polynomial its coefficients, integers as ints and other
    rationals as exact strings (a literal that lambdify can print).

    >>> from mesosym.symbols import x
    >>> numeric_levels(sp.Lambda(x, (1 - x**100)/(1 - x))), numeric_levels(sp.Lambda(x, 2 + x**2))
    (100, (2, 0, 1))
    """
    if not isinstance(P, sp.Lambda):
        raise DomainError(f"P must be a SymPy Lambda(x, polynomial); got {short(P)}")
    as_sympy(P, "P")
    q = _geometric_levels(P)
    if q is not None:
        return q
    return tuple(int(c) if c.is_Integer else str(c) for c in _coefficients(P))


@functools.lru_cache(maxsize=1024)
def _root_at(P: sp.Lambda, energy: sp.Expr, prec: int) -> mpmath.mpf:
    """``x*`` at ``energy`` to ``prec`` bits (cached: evalf asks again and again)."""
    from ..numeric import precise

    digits = mpmath.libmp.prec_to_dps(prec) + 3
    return precise.evaluate(_law(P), "x", energy, digits=digits)


@functools.lru_cache(maxsize=256)
def _law(P: sp.Lambda) -> Any:
    """The numeric law of ``Lambda(x, P)`` (:mod:`mesosym.numeric.tilted`), built once."""
    from ..numeric.tilted import law_of

    return law_of(numeric_levels(P))


@functools.lru_cache(maxsize=256)
def _mean_at_one(P: sp.Lambda) -> sp.Expr:
    """The mean level at infinite temperature, ``P'(1)/P(1)`` (a limit for symbolic P)."""
    q = _geometric_levels(P)
    if q is not None:
        return sp.Rational(q - 1, 2)
    var, body = P.variables[0], P.expr
    if body.is_polynomial(var):
        return (var * sp.diff(body, var) / body).subs(var, 1)
    return sp.limit(var * sp.diff(body, var) / body, var, 1)
