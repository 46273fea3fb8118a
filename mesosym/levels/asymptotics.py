r"""The 1/N expansion of ln Omega beyond the saddle point.

For a single-particle generating polynomial :math:`P(x) = \sum_k g_k x^k`
(non-negative integer degeneracies :math:`g_k`) the multiplicity of :math:`N`
particles sharing :math:`M` quanta is :math:`\Omega(N, M) = [x^M] P(x)^N`.  With
:math:`u = M/N` and :math:`x^*` the positive root of :math:`x P'(x)/P(x) = u`,

.. math::

    \ln\Omega(N, uN) = N s(u) - \tfrac12 \ln(2\pi N\sigma^2)
        + \sum_{k=1}^{K} \frac{c_k}{N^k} + O(N^{-K-1}),
    \qquad s = \ln P(x^*) - u\ln x^*.

Derivation (conventions stated here, used throughout the module).  The tilted
single-particle law :math:`p_k = g_k x^{*k}/P(x^*)` has cumulants
:math:`\kappa_r = (x\,d/dx)^r \ln P(x)` at :math:`x = x^*`, with
:math:`\kappa_1 = u`, :math:`\kappa_2 = \sigma^2` and standardised cumulants
:math:`\lambda_r = \kappa_r/\sigma^r`.  Cauchy's formula on the circle
:math:`|x| = x^*` gives

.. math::

    \Omega = \frac{P(x^*)^N}{x^{*M}} \frac{1}{2\pi}\int_{-\pi}^{\pi}
        \exp\Big(N\sum_{r\ge2}\kappa_r\frac{(i\theta)^r}{r!}\Big)\,d\theta .

When the support of :math:`P` is aperiodic (the gcd of the differences of the
exponents is 1) the only maximum of the integrand on the circle is at
:math:`\theta = 0`, and the rest of the circle contributes exponentially small
terms.  Substituting :math:`\theta = \phi/\sqrt{N\sigma^2}` and
:math:`\varepsilon = N^{-1/2}`,

.. math::

    \Omega \simeq \frac{P(x^*)^N x^{*-M}}{\sqrt{2\pi N\sigma^2}}\,
        \mathbb{E}\exp\Big(\sum_{r\ge3}\lambda_r\frac{(i\phi)^r}{r!}
        \varepsilon^{r-2}\Big), \qquad \phi\sim\mathcal N(0, 1).

A product :math:`\prod_j\lambda_{r_j}` carries :math:`\varepsilon^n` with
:math:`n = \sum_j(r_j-2)` and :math:`\phi^{n+2m}` (:math:`m` factors), so the
coefficient of :math:`\varepsilon^n` is a sum over the partitions of :math:`n`
into parts :math:`r-2 \ge 1`, and the Gaussian moment
:math:`\mathbb{E}\phi^{2p} = (2p-1)!!` kills every odd :math:`n`: only integer
powers of :math:`1/N` survive.  The logarithm of the resulting series
:math:`1 + \sum_k E_k N^{-k}` gives the :math:`c_k`, polynomials in the
:math:`\lambda_r` with rational coefficients; each term of :math:`c_k` has
:math:`\sum_j(r_j-2) = 2k`, so :math:`c_k` involves :math:`\lambda_3,\dots,
\lambda_{2k+2}`.  All of this is exact arithmetic on truncated series (no
``sympy.series``): :math:`c_1..c_6` take a few hundredths of a second, and their
explicit form in :math:`x` for a concrete :math:`P` well under a second.  With a
symbolic exponent the expressions grow quickly (for :math:`(1-x^q)/(1-x)`,
about 1 s at :math:`K = 3` and tens of seconds at :math:`K = 6`).

Because :math:`c_k` is homogeneous, :math:`c_k = Q_k(\kappa)/\kappa_2^{3k}`
with :math:`Q_k` a polynomial.  Writing :math:`\kappa_r = A_r/B^r` (with
:math:`A_{r+1} = B\,\vartheta A_r - r A_r\,\vartheta B`,
:math:`\vartheta = x\,d/dx`), the powers of :math:`B` cancel and
:math:`c_k = Q_k(A)/A_2^{3k}`: a rational function of :math:`x` obtained by
polynomial arithmetic alone.  A symbolic exponent, as in
:math:`P = (1-x^q)/(1-x)`, is handled by the same mechanism: :math:`x^q` is
an extra generator :math:`y` with :math:`\vartheta y = q y`.

Examples
--------
The two-level system, :math:`P = 1 + x`, is the binomial coefficient: the
first correction is Stirling's :math:`1/(12N) - 1/(12M) - 1/(12(N-M))`, which
with :math:`M/N = x/(1+x)` is :math:`-(x^2+x+1)/(12 x N)`:

>>> from mesosym.symbols import x
>>> asymptotic_expansion(1 + x, 1).corrections
((-x**2 - x - 1)/(12*x),)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp
from sympy.polys.polyerrors import CoercionFailed, ExactQuotientFailed, PolynomialError
from sympy.polys.rings import PolyElement, PolyRing
from sympy.utilities.iterables import partitions

from .. import budget
from ..budget import short
from ..errors import BudgetError, DomainError
from ..significant import significant
from ..symbols import N as _N_SYM
from ..symbols import u as _U_SYM
from ..symbols import x as _X_SYM
from ..validation import as_fraction, as_int, as_sympy, check_count, check_digits

__all__ = [
    "AsymptoticExpansion",
    "asymptotic_expansion",
    "correction_coefficients",
    "cumulants",
    "log_multiplicity_expansion",
    "standardised_cumulant",
    "MAX_DEGREE",
    "expansion_seconds",
    "require_expansion",
]


# ---------------------------------------------------------------------------
# The universal coefficients c_k(lambda_3, lambda_4, ...)
# ---------------------------------------------------------------------------


@functools.cache
def standardised_cumulant(r: int) -> sp.Symbol:
    r"""Return the real symbol :math:`\lambda_r = \kappa_r/\sigma^r` (``r >= 3``).

    Parameters
    ----------
    r : int
        Order of the cumulant, at least 3.

    Returns
    -------
    sympy.Symbol
        The symbol ``lambda_r``, real, printed as ``\lambda_{r}`` in LaTeX.

    Examples
    --------
    >>> lam3 = standardised_cumulant(3)
    >>> lam3, lam3.is_real, sp.latex(lam3)
    (lambda_3, True, '\\lambda_{3}')
    """
    ri = as_int("r", r)
    if not 3 <= ri < 10**1000:
        raise DomainError(
            f"r must be an integer >= 3 (below 10^1000: lambda_r is named by its digits); "
            f"got {short(r)}"
        )
    return sp.Symbol(f"lambda_{ri}", real=True)


def _double_factorial_odd(n: int) -> int:
    """Return (n)!! for odd n >= -1: the Gaussian moment E[phi^(n+1)]."""
    out = 1
    for j in range(n, 0, -2):
        out *= j
    return out


@functools.cache
def _lambda_ring(K: int) -> tuple[PolyRing, tuple[sp.Symbol, ...]]:
    syms = tuple(standardised_cumulant(r) for r in range(3, 2 * K + 3))
    ring = PolyRing(syms, sp.QQ)
    return ring, syms


@functools.cache
def _correction_polys(K: int) -> tuple[PolyElement, ...]:
    """c_1..c_K as elements of QQ[lambda_3, ..., lambda_{2K+2}]."""
    if K == 0:
        return ()
    ring, _ = _lambda_ring(K)
    gens = ring.gens  # gens[r - 3] is lambda_r
    # E_k: coefficient of eps^(2k) = N^-k in E exp(sum_r lambda_r (i phi)^r eps^(r-2) / r!).
    E = [ring.one]
    for k in range(1, K + 1):
        n = 2 * k
        acc = ring.zero
        for part in partitions(n):
            # part: {p: multiplicity}, p = r - 2 >= 1
            m = sum(part.values())
            coeff = sp.Rational(_double_factorial_odd(n + 2 * m - 1) * (-1) ** (k + m))
            mono = ring.one
            for p, mult in part.items():
                coeff /= sp.factorial(p + 2) ** mult * sp.factorial(mult)
                mono *= gens[p - 1] ** mult
            acc += mono * ring.domain.convert(coeff)
        E.append(acc)
    # log(1 + sum_k E_k y^k) = sum_k L_k y^k:  L_k = E_k - (1/k) sum_{j<k} j L_j E_{k-j}
    L: list[PolyElement] = [ring.zero]
    for k in range(1, K + 1):
        acc = E[k]
        for j in range(1, k):
            acc -= L[j] * E[k - j] * ring.domain.convert(sp.Rational(j, k))
        L.append(acc)
    return tuple(L[1:])


@functools.cache
def _correction_coefficients(K: int) -> tuple[sp.Expr, ...]:
    return tuple(c.as_expr() for c in _correction_polys(K))


def correction_coefficients(K: int) -> tuple[sp.Expr, ...]:
    r"""Return :math:`c_1, \dots, c_K` of the 1/N expansion of :math:`\ln\Omega`.

    Each :math:`c_k` is a polynomial with rational coefficients in the
    standardised cumulants :math:`\lambda_3, \dots, \lambda_{2k+2}` of the tilted
    single-particle law (see the module docstring for the derivation).  The
    result does not depend on ``K`` beyond its length and is cached.

    Parameters
    ----------
    K : int
        Number of corrections, ``K >= 0``.

    Returns
    -------
    tuple of sympy.Expr
        ``(c_1, ..., c_K)``; empty for ``K = 0``.

    Raises
    ------
    DomainError
        If ``K`` is not an integer >= 0.

    Examples
    --------
    The first correction is :math:`\lambda_4/8 - 5\lambda_3^2/24`; for a fair
    coin (:math:`\lambda_3 = 0`, :math:`\lambda_4 = -2`) it is :math:`-1/4`, the
    :math:`-1/(8n)` of :math:`\binom{2n}{n} \sim 4^n/\sqrt{\pi n}` with
    :math:`N = 2n`:

    >>> (c1,) = correction_coefficients(1)
    >>> c1
    -5*lambda_3**2/24 + lambda_4/8
    >>> c1.subs({standardised_cumulant(3): 0, standardised_cumulant(4): -2})
    -1/4
    """
    K = check_count("K", K)
    require_expansion(None, K)  # c_K costs about what the expansion to order K does
    return _correction_coefficients(K)


# ---------------------------------------------------------------------------
# The generating polynomial as a polynomial ring with the derivation x d/dx
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spectrum:
    """P = D/E in ZZ[var, y_1.., params], y_i = var**e_i; theta = var d/dvar."""

    expr: sp.Expr  # canonical P (a polynomial when concrete)
    var: sp.Symbol
    ring: PolyRing
    D: PolyElement
    E: PolyElement
    powers: tuple[tuple[sp.Symbol, sp.Expr], ...]  # (y_i, e_i)
    coefficients: tuple[int, ...] | None  # g_0..g_d when P is a concrete polynomial
    period: int | None  # gcd of the exponent differences (None when symbolic)

    def theta(self, p: PolyElement) -> PolyElement:
        ring = self.ring
        out = ring.gens[0] * p.diff(ring.gens[0])
        for i, (_, e) in enumerate(self.powers, start=1):
            y = ring.gens[i]
            out += ring(e) * y * p.diff(y)
        return out

    def to_expr(self, p: PolyElement) -> sp.Expr:
        """Return p as an expression, collected in the symbolic powers var**e."""
        if not self.powers:
            return p.as_expr()
        n = len(self.powers)
        sub = PolyRing((self.var, *self.ring.symbols[n + 1 :]), self.ring.domain)
        groups: dict[tuple[int, ...], dict[tuple[int, ...], Any]] = {}
        for monom, coeff in p.terms():
            key = (monom[0],) + tuple(monom[n + 1 :])
            groups.setdefault(monom[1 : n + 1], {})[key] = coeff
        out = []
        for ys, d in groups.items():
            power = sp.Mul(
                *(self.var ** (e * b) for (_, e), b in zip(self.powers, ys, strict=True))
            )
            out.append(sp.Mul(sub.from_dict(d).as_expr(), power))
        return sp.Add(*out)


def _describe(P: Any) -> str:
    return repr(P) if isinstance(P, str) else str(P)


def _need(var: sp.Symbol) -> str:
    return (
        f"P must be a polynomial in {var} with non-negative integer coefficients and at "
        f"least two nonzero terms (or (1 - {var}**q)/(1 - {var}) with symbolic q)"
    )


def _spectrum(P: Any, var: Any, *, aperiodic: bool) -> _Spectrum:
    """Validate P and return it in ring form, or raise DomainError."""
    if not isinstance(var, sp.Symbol):
        raise DomainError(f"var must be a SymPy Symbol; got {short(var)}")
    if isinstance(P, (str, bool)):
        raise DomainError(
            f"P must be a SymPy expression in {var} (read text with mesosym.checking.parse."
            f"parse_expression first, which never evaluates it); got {short(P)}"
        )
    try:
        expr = as_sympy(P, "P")  # never sympify: a tuple or a list may hold text
    except DomainError:
        raise DomainError(f"P must be a SymPy expression in {var}; got {short(P)}") from None
    if not isinstance(expr, sp.Expr):
        raise DomainError(f"P must be a SymPy expression in {var}; got {_describe(P)}")
    spec = _spectrum_of(expr, var)
    if aperiodic and spec.period is not None and spec.period != 1:
        support = [k for k, g in enumerate(spec.coefficients or ()) if g]
        raise DomainError(
            f"P = {spec.expr} has support {support} with period {spec.period}: Omega "
            f"vanishes unless M - {support[0]}*N is a multiple of {spec.period}, and the "
            f"saddle-point expansion needs an aperiodic support (substitute "
            f"{var}**{spec.period} -> {var} first)"
        )
    return spec


@functools.lru_cache(maxsize=256)
def _spectrum_of(expr: sp.Expr, var: sp.Symbol) -> _Spectrum:
    need = _need(var)
    if expr.has(sp.Float):
        raise DomainError(
            f"{need}; got {short(expr, form=str)}, with floating-point numbers (use exact integers)"
        )
    if var not in expr.free_symbols:
        raise DomainError(f"{need}; got {short(expr, form=str)}, which does not depend on {var}")
    params = sorted(expr.free_symbols - {var}, key=sp.default_sort_key)
    for s in params:
        if s.is_integer is False or s.is_nonnegative is False:
            raise DomainError(f"{need}; the symbol {s} in P = {expr} is not a non-negative integer")
    try:
        num, den = sp.fraction(sp.together(sp.expand(expr, power_exp=True, mul=False)))
        num, den = sp.expand(num), sp.expand(den)
        atoms = (num.atoms(sp.Pow) | den.atoms(sp.Pow)) if params else set()
        sym_pows = sorted(
            {a for a in atoms if a.base == var and not a.exp.is_Number},
            key=sp.default_sort_key,
        )
        powers = tuple((sp.Dummy(f"y{i}"), a.exp) for i, a in enumerate(sym_pows))
        rep = {a: y for a, (y, _) in zip(sym_pows, powers, strict=True)}
        num, den = num.xreplace(rep), den.xreplace(rep)
        ring = PolyRing((var, *(y for y, _ in powers), *params), sp.ZZ)
        Dp, Ep = ring(num), ring(den)
        for _, e in powers:
            ring(e)  # exponents must be polynomials in the parameters
        Dp, Ep = Dp.cancel(Ep)
    except (PolynomialError, CoercionFailed, ValueError, TypeError):
        raise DomainError(f"{need}; got {expr}") from None
    if Ep == 0 or Dp == 0:
        raise DomainError(f"{need}; got {expr}")
    if not params:
        # concrete: must cancel to a polynomial with non-negative integer coefficients
        if not Ep.is_ground:
            raise DomainError(f"{need}; got {expr}, which is not a polynomial")
        c = Ep.LC
        if any(coef % c for coef in Dp.coeffs()):
            raise DomainError(f"{need}; got {expr}")
        Dp, Ep = Dp.exquo(ring(c)), ring.one
        poly = sp.Poly(Dp.as_expr(), var)
        coeffs = tuple(int(v) for v in reversed(poly.all_coeffs()))
        support = [k for k, g in enumerate(coeffs) if g != 0]
        if any(g < 0 for g in coeffs) or len(support) < 2:
            raise DomainError(f"{need}; got P = {poly.as_expr()}")
        period = math.gcd(*(k - support[0] for k in support))
        return _Spectrum(poly.as_expr(), var, ring, Dp, Ep, (), coeffs, period)
    # symbolic: spot-check one concrete instance (every parameter -> 3)
    inst = expr.subs({s: 3 for s in params})
    try:
        _spectrum_of(inst, var)
    except DomainError:
        names = ", ".join(map(str, params))
        raise DomainError(f"{need}; got {expr}, which is not one at {names} = 3") from None
    canonical = sp.cancel(expr) if not powers else expr
    return _Spectrum(canonical, var, ring, Dp, Ep, powers, None, None)


@functools.lru_cache(maxsize=256)
def _cumulant_numerators(
    spec: _Spectrum, order: int
) -> tuple[PolyElement, tuple[PolyElement, ...]]:
    """Return (B, (A_1, ..., A_order)) with kappa_r = A_r / B**r."""
    D, E = spec.D, spec.E
    B = D * E
    A = [spec.theta(D) * E - D * spec.theta(E)]
    thB = spec.theta(B)
    for r in range(1, order):
        A.append(spec.theta(A[-1]) * B - A[-1] * thB * r)
    return B, tuple(A)


def _ratio_expr(
    spec: _Spectrum, num: PolyElement, scale: int, factors: Sequence[tuple[PolyElement, int]]
) -> sp.Expr:
    """Return num / (scale * prod f**e), reduced: expanded numerator, factored denominator.

    The denominator is known in factored form, so cancelling is trial division by
    its irreducible factors: no large gcd or factorisation.
    """
    left = []
    for f, e in factors:
        while e > 0:
            try:
                num = num.exquo(f)
            except ExactQuotientFailed:
                break
            e -= 1
        if e:
            left.append((f, e))
    if num == 0:
        return sp.S.Zero
    g = math.gcd(int(num.content()), scale)
    num, scale = num.quo_ground(g), scale // g
    if scale < 0:
        num, scale = -num, -scale
    den = [spec.to_expr(f) ** e for f, e in left]
    return sp.Mul(spec.to_expr(num), sp.Pow(sp.Mul(scale, *den), -1))


def _factored(p: PolyElement) -> tuple[int, list[tuple[PolyElement, int]]]:
    coeff, factors = p.factor_list()
    return int(coeff), list(factors)


def cumulants(P: sp.Expr, order: int, var: sp.Symbol = _X_SYM) -> list[sp.Expr]:
    r"""Return the cumulants :math:`\kappa_1, \dots, \kappa_{order}` as functions of x.

    :math:`\kappa_r = (x\,d/dx)^r \ln P(x)`: the cumulants of the tilted law
    :math:`p_k = g_k x^k / P(x)`.  Each is returned as a reduced rational
    function of ``var`` (numerator expanded, denominator factored).  A
    symbolic exponent such as ``q`` in :math:`(1 - x^q)/(1 - x)` is allowed.

    Parameters
    ----------
    P : sympy.Expr
        Single-particle generating polynomial in ``var``.
    order : int
        Highest cumulant wanted, ``order >= 1``.
    var : sympy.Symbol, optional
        The generating-function variable, by default :data:`mesosym.symbols.x`.

    Returns
    -------
    list of sympy.Expr
        ``[kappa_1, ..., kappa_order]``.

    Raises
    ------
    DomainError
        If ``P`` is not a valid generating polynomial or ``order < 1``.

    Examples
    --------
    The two-level system: mean :math:`p = x/(1+x)`, variance :math:`p(1-p)`.

    >>> from mesosym.symbols import x
    >>> cumulants(1 + x, 2)
    [x/(x + 1), x/(x + 1)**2]
    """
    n = check_count("order", order, minimum=1)
    spec = _spectrum(P, var, aperiodic=False)
    B, A = _cumulant_numerators(spec, n)
    c, fs = _factored(B)
    return [
        _ratio_expr(spec, A[r], c ** (r + 1), [(f, e * (r + 1)) for f, e in fs]) for r in range(n)
    ]


# ---------------------------------------------------------------------------
# The expansion object
# ---------------------------------------------------------------------------


def _check_u_open(u: Any, lo: int, hi: int) -> Fraction:
    """Return ``u`` exactly (text read as a decimal, never evaluated) if ``lo < u < hi``."""
    rng = f"the open interval ({lo}, {hi})"
    shown = short(u, form=repr if isinstance(u, str) else str)
    try:
        exact = as_fraction(u)
    except DomainError:
        if not isinstance(u, float):  # NaN and infinities lie outside as well
            raise DomainError(f"u must be a real number in {rng}; got {shown}") from None
        exact = Fraction(lo)
    if not lo < exact < hi:
        raise DomainError(
            f"u must lie strictly inside {rng} (the expansion fails at the edges); got {shown}"
        )
    return exact


def _numeric_cumulants(p: Sequence[mpmath.mpf], order: int) -> list[mpmath.mpf]:
    """kappa_1..kappa_order of the law p_k, via central moments."""
    mean = mpmath.fsum(k * pk for k, pk in enumerate(p))
    mu = [mpmath.mpf(1), mpmath.mpf(0)] + [
        mpmath.fsum(pk * (k - mean) ** r for k, pk in enumerate(p) if pk)
        for r in range(2, order + 1)
    ]
    kap = [mpmath.mpf(0), mpmath.mpf(0)]  # kappa_0 unused; kappa_1 of the centred law
    for n in range(2, order + 1):
        kap.append(
            mu[n]
            - mpmath.fsum(math.comb(n - 1, m - 1) * kap[m] * mu[n - m] for m in range(2, n - 1))
        )
    out = [mean] + kap[2:]
    return out[:order]


def _eval_lambda_poly(poly: PolyElement, lam: Sequence[mpmath.mpf]) -> mpmath.mpf:
    """Evaluate c_k at lam[j] = lambda_{j+3}."""
    total = []
    for monom, coeff in poly.terms():
        term = mpmath.mpf(int(coeff.numerator)) / int(coeff.denominator)
        for j, e in enumerate(monom):
            if e:
                term *= lam[j] ** e
        total.append(term)
    return mpmath.fsum(total)


@dataclass(frozen=True)
class AsymptoticExpansion:
    r"""The truncated 1/N expansion of :math:`\ln\Omega(N, uN)` for one ``P``.

    All fields are SymPy expressions in ``var`` (standing for the saddle point
    :math:`x^*(u)`), :data:`mesosym.symbols.N` and :data:`mesosym.symbols.u`.

    Attributes
    ----------
    P : sympy.Expr
        The generating polynomial (cancelled to a polynomial when concrete).
    var : sympy.Symbol
        The generating-function variable.
    K : int
        Number of corrections kept.
    saddle : sympy.Eq
        The saddle-point equation ``Eq(u, kappa_1(x))`` that defines ``x``.
    leading : sympy.Expr
        :math:`N (\ln P(x) - u \ln x) = N s(u)`.
    gaussian : sympy.Expr
        :math:`-\tfrac12 \ln(2\pi N \kappa_2(x))`.
    corrections : tuple of sympy.Expr
        :math:`c_1(x), \dots, c_K(x)`, reduced rational functions of ``var``.

    Examples
    --------
    >>> from mesosym.symbols import x
    >>> e = asymptotic_expansion(1 + x, 1)
    >>> e.saddle
    Eq(u, x/(x + 1))
    >>> e.gaussian
    -log(2*pi*N*x/(x + 1)**2)/2
    """

    P: sp.Expr
    var: sp.Symbol
    K: int
    saddle: sp.Eq
    leading: sp.Expr
    gaussian: sp.Expr
    corrections: tuple[sp.Expr, ...]
    _coefficients: tuple[int, ...] | None = field(default=None, repr=False, compare=False)

    def as_expr(self) -> sp.Expr:
        r"""Return the truncated expansion as one SymPy expression in N, u and x.

        Examples
        --------
        >>> from mesosym.symbols import x
        >>> asymptotic_expansion(1 + x, 0).as_expr()
        N*(-u*log(x) + log(x + 1)) - log(2*pi*N*x/(x + 1)**2)/2
        """
        tail = [c / _N_SYM ** (k + 1) for k, c in enumerate(self.corrections)]
        return sp.Add(self.leading, self.gaussian, *tail)

    def evaluate(self, N: int, u: Any, digits: int = 30) -> mpmath.mpf:
        r"""Return the truncated expansion of :math:`\ln\Omega(N, uN)` numerically.

        The saddle point :math:`t = \ln x^*` comes from the one mpmath solver,
        :func:`mesosym.numeric.precise.solve`; the
        cumulants are those of the tilted law :math:`p_k \propto g_k x^{*k}`
        computed directly (the stable form of :attr:`corrections`).  The series
        is asymptotic in :math:`1/(N\sigma^2)`: near the edges of the interval,
        where :math:`\sigma^2 \to 0`, it needs correspondingly larger ``N``.

        Parameters
        ----------
        N : int
            Number of particles, ``N >= 1``.
        u : real
            Energy per particle, strictly inside ``(k_min, deg P)`` (``k_min``
            is the lowest exponent of ``P``, usually 0).  Rationals
            (``Fraction``, SymPy ``Rational``) are used exactly.
        digits : int, optional
            Significant decimal digits of the result, by default 30.

        Returns
        -------
        mpmath.mpf
            :math:`N s - \tfrac12\ln(2\pi N\sigma^2) + \sum_{k\le K} c_k N^{-k}`.

        Raises
        ------
        DomainError
            If ``P`` is symbolic, ``N < 1`` or ``u`` is not inside the interval.

        Examples
        --------
        :math:`\ln\binom{10}{5} = \ln 252 = 5.52943\ldots`:

        >>> from mesosym.symbols import x
        >>> e = asymptotic_expansion(1 + x, 3)
        >>> v = e.evaluate(10, 0.5, digits=15)
        >>> abs(v - mpmath.log(252)) < 1e-5
        True
        """
        if self._coefficients is None:
            raise DomainError(
                f"numeric evaluation needs a concrete polynomial P; got P = {self.P} with "
                f"the symbols {sorted(map(str, self.P.free_symbols - {self.var}))}: substitute "
                f"values first"
            )
        Ni = check_count("N", N, minimum=1)
        digits = check_digits(digits)
        coeffs = self._coefficients
        support = [k for k, g in enumerate(coeffs) if g]
        uu = _check_u_open(u, support[0], support[-1])
        # the tilted law of P / x^k_min at the one mpmath solver's root (t is shift-free)
        from ..numeric import precise
        from ..numeric.tilted import Levels

        law = Levels([Fraction(g) for g in coeffs[support[0] : support[-1] + 1]])
        v = uu - support[0]
        work = digits + 15 + 2 * self.K
        t = precise.solve(law, v, digits=work)
        with mpmath.workdps(work):
            lnQ, p = law.weights(precise.MP, t)
            kap = _numeric_cumulants(p, 2 * self.K + 2)
            sigma2 = kap[1]
            total = [
                Ni * (lnQ - precise.MP.convert(v) * t),
                -mpmath.log(2 * mpmath.pi * Ni * sigma2) / 2,
            ]
            if self.K:
                sigma = mpmath.sqrt(sigma2)
                lam = [kap[r - 1] / sigma**r for r in range(3, 2 * self.K + 3)]
                for k, poly in enumerate(_correction_polys(self.K), start=1):
                    total.append(_eval_lambda_poly(poly, lam) / mpmath.mpf(Ni) ** k)
            result = mpmath.fsum(total)
        return significant(result, digits)

    def _latex(self, printer: Any) -> str:
        pr = printer._print
        out = [r"\ln \Omega\left(N, u N\right) = ", pr(self.leading)]
        log_arg = sp.exp(-2 * self.gaussian)  # 2 pi N kappa_2
        out.append(r" - \frac{1}{2} \ln{\left(" + pr(log_arg) + r" \right)}")
        for k, c in enumerate(self.corrections, start=1):
            if c == 0:
                continue
            den = "N" if k == 1 else f"N^{{{k}}}"
            out.append(r" + \frac{1}{" + den + r"} \left(" + pr(c) + r"\right)")
        out.append(rf" + O\left(N^{{-{self.K + 1}}}\right), \qquad ")
        out.append(pr(self.saddle))
        return "".join(out)

    def latex(self) -> str:
        r"""Return LaTeX for the whole expansion, terms in :math:`1/N^k`.

        Examples
        --------
        >>> from mesosym.symbols import x
        >>> print(asymptotic_expansion(1 + x, 1).latex())
        \ln \Omega\left(N, u N\right) = N \left(- u \ln{\left(x \right)}
        + \ln{\left(x + 1 \right)}\right) - \frac{1}{2} \ln{\left(\frac{2 \pi N x}{\left(x
        + 1\right)^{2}} \right)} + \frac{1}{N} \left(\frac{- x^{2} - x - 1}{12 x}\right)
        + O\left(N^{-2}\right), \qquad u = \frac{x}{x + 1}
        """
        from ..latex import latex  # the one printer: \ln, x^{*}

        return str(latex(self))

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex()}$"


@functools.lru_cache(maxsize=128)
def _build(spec: _Spectrum, K: int) -> AsymptoticExpansion:
    var = spec.var
    B, A = _cumulant_numerators(spec, max(2, 2 * K + 2))
    cB, fB = _factored(B)
    kappa1 = _ratio_expr(spec, A[0], cB, fB)
    kappa2 = _ratio_expr(spec, A[1], cB**2, [(f, 2 * e) for f, e in fB])
    c2, f2 = _factored(A[1])
    ring = spec.ring
    corrections = []
    powers: dict[tuple[int, int], PolyElement] = {}
    for k, poly in enumerate(_correction_polys(K), start=1):
        # c_k = sum coeff prod lambda_r^e_r = Q_k(A) / A_2^(3k); clear denominators first
        denom = 1
        for _, coeff in poly.terms():
            denom = math.lcm(denom, int(coeff.denominator))
        # R_k = sum_m A_2^(2k - m) S_m, S_m collecting the terms with m factors (Horner in A_2)
        S: dict[int, PolyElement] = {}
        for monom, coeff in poly.terms():
            term = ring(int(coeff.numerator) * (denom // int(coeff.denominator)))
            for j, e in enumerate(monom):
                if e:
                    if (j, e) not in powers:
                        powers[j, e] = A[j + 2] ** e
                    term *= powers[j, e]
            m = sum(monom)
            S[m] = S.get(m, ring.zero) + term
        num = ring.zero
        for m in range(1, 2 * k + 1):
            num = num * A[1] + S.get(m, ring.zero)
        factors = [(f, 3 * k * e) for f, e in f2]
        corrections.append(_ratio_expr(spec, num, denom * c2 ** (3 * k), factors))
    leading = _N_SYM * (sp.log(spec.expr) - _U_SYM * sp.log(var))
    gaussian = -sp.log(2 * sp.pi * _N_SYM * kappa2) / 2
    return AsymptoticExpansion(
        P=spec.expr,
        var=var,
        K=K,
        saddle=sp.Eq(_U_SYM, kappa1),
        leading=leading,
        gaussian=gaussian,
        corrections=tuple(corrections),
        _coefficients=spec.coefficients,
    )


def asymptotic_expansion(P: sp.Expr, K: int, var: sp.Symbol = _X_SYM) -> AsymptoticExpansion:
    r"""Return the 1/N expansion of :math:`\ln [x^{uN}] P(x)^N` to order :math:`N^{-K}`.

    Parameters
    ----------
    P : sympy.Expr
        Single-particle generating polynomial in ``var`` with non-negative
        integer coefficients, at least two terms and aperiodic support (gcd of
        the exponent differences 1); or a form with a symbolic exponent such as
        ``(1 - x**q)/(1 - x)`` (symbolic results only).  ``(1 - x**3)/(1 - x)``
        is cancelled to ``x**2 + x + 1``.
    K : int
        Number of corrections :math:`c_1..c_K`, ``K >= 0``.
    var : sympy.Symbol, optional
        The generating-function variable, by default :data:`mesosym.symbols.x`.

    Returns
    -------
    AsymptoticExpansion
        Leading term, Gaussian term and corrections as expressions in ``var``.

    Raises
    ------
    DomainError
        If ``P``, ``K`` or ``var`` is invalid.

    Examples
    --------
    The central trinomial coefficient (``q = 3``, ``u = 1``, ``x* = 1``):
    :math:`\sigma^2 = 2/3`, :math:`\lambda_3 = 0`, :math:`\lambda_4 = -3/2`, so
    :math:`c_1 = -3/16`:

    >>> from mesosym.symbols import x
    >>> e = asymptotic_expansion((1 - x**3)/(1 - x), 1)
    >>> e.P, e.saddle.rhs.subs(x, 1), e.corrections[0].subs(x, 1)
    (x**2 + x + 1, 1, -3/16)
    """
    Ki = check_count("K", K)
    require_expansion(_degree_bound(P, var), Ki)
    spec = _spectrum(P, var, aperiodic=True)
    if spec.coefficients is not None:
        require_expansion(len(spec.coefficients) - 1, Ki)
    try:
        return _build(spec, Ki)
    except RecursionError:  # pragma: no cover - guarded by MAX_DEGREE
        raise BudgetError(
            f"the 1/N expansion of order {Ki} of {_describe(P)} is too deep for SymPy; "
            "change K or the spectrum"
        ) from None


def _degree_bound(P: Any, var: Any) -> int | None:
    """The degree of a concrete ``P = A/B`` (``deg A - deg B``) before any expansion, or None.

    ``(1 - x**q)/(1 - x)`` with a concrete q of a million must be refused before it is
    cancelled to a million terms.
    """
    if not isinstance(P, sp.Expr) or not isinstance(var, sp.Symbol):
        return None
    try:
        num, den = sp.fraction(P)
        degrees = [sp.degree(part, var) for part in (num, den)]
    except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
        return None
    if all(isinstance(d, sp.Integer) for d in degrees):
        return max(int(degrees[0]) - int(degrees[1]), 1)
    return None


#: Largest polynomial degree (highest level) the 1/N expansion takes for a concrete
#: spectrum: above it SymPy's simplification recurses too deep (q = 200) or takes minutes.
MAX_DEGREE = 100


def expansion_seconds(degree: int | None, K: int) -> float:
    """Estimated seconds of :func:`asymptotic_expansion` to order ``K`` (``degree``: highest level).

    Fitted (and rounded up) to 2.7-4 s at ``q = 3, K = 12``, 12 s at ``K = 14``,
    2.8 s at ``q = 50, K = 2``, 7.3 s at ``q = 65, K = 3`` and 12 s at
    ``q = 101, K = 1``; ``degree=None`` (symbolic or unknown) counts as 2.

    >>> expansion_seconds(2, 12) < 10 < expansion_seconds(2, 20)
    True
    """
    d = 2 if degree is None else max(degree, 1)
    return 0.009 * (1.73 ** max(min(K, 1000), 0) + 1) * max(1.0, min(d, 10**6) / 2) ** 1.6


def require_expansion(degree: int | None, K: int) -> None:
    """Refuse an expansion to order ``K`` that would not finish (a :class:`BudgetError`).

    >>> require_expansion(2, 1000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.BudgetError: the 1/N expansion to order K = 1000 would take about ...
    """
    if degree is not None and degree > MAX_DEGREE:
        raise BudgetError(
            f"the 1/N expansion needs a spectrum of at most MAX_DEGREE = {MAX_DEGREE} "
            f"levels above the ground; got {short(degree)}: change the spectrum (q <= "
            f"{MAX_DEGREE + 1} for equal levels; beyond, the q = oo limit or the numeric "
            "saddle point)"
        )
    budget.require(
        f"the 1/N expansion to order K = {short(K)}",
        seconds=expansion_seconds(degree, K),
        memory=0,
        change="K (smaller)",
    )


def log_multiplicity_expansion(P: sp.Expr, N: int, M: int, K: int, digits: int = 30) -> mpmath.mpf:
    r"""Return the truncated expansion of :math:`\ln [x^M] P(x)^N` at :math:`u = M/N`.

    Parameters
    ----------
    P : sympy.Expr
        Concrete single-particle generating polynomial in :data:`mesosym.symbols.x`.
    N, M : int
        Particles and quanta; ``M/N`` must lie strictly inside ``(k_min, deg P)``.
    K : int
        Number of corrections, ``K >= 0``.
    digits : int, optional
        Significant decimal digits, by default 30.

    Returns
    -------
    mpmath.mpf
        The truncated :math:`\ln\Omega(N, M)`.

    Examples
    --------
    :math:`\ln\binom{20}{10} = \ln 184756 = 12.12679\ldots`:

    >>> from mesosym.symbols import x
    >>> v = log_multiplicity_expansion(1 + x, 20, 10, 3, digits=15)
    >>> abs(v - mpmath.log(184756)) < 1e-7
    True
    """
    Ni = check_count("N", N, minimum=1)
    Mi = check_count("M", M, minimum=0)
    expansion = asymptotic_expansion(P, K)
    try:
        return expansion.evaluate(Ni, Fraction(Mi, Ni), digits=digits)
    except DomainError as exc:
        if str(exc).startswith("u must"):
            raise DomainError(f"M = {short(Mi)} with N = {short(Ni)}: {exc}") from None
        raise
