r"""The tilted single-particle law, in stable form, written once for every arithmetic.

At the saddle point every thermodynamic quantity is a moment of the tilted law
``p_k = g_k e^{k t} / P(e^t)`` (``t = ln x*``): the mean level ``m(t)``, whose
root ``m(t) = u`` is the saddle point (eq. 18), the variance ``sigma^2 = dm/dt``
and the Legendre form ``L(t) = ln P(e^t) - u t``, equal to ``s(u)`` at the root
(eq. 19).  A *law* supplies these as functions of a context ``ctx`` that
provides ``convert`` (of an exact Fraction), ``exp``, ``expm1``, ``log``,
``log1p``, ``sinh``, ``fsum``, ``log1mexp`` and ``key`` (its precision, for
caches); :data:`MP` is mpmath's, and :mod:`mesosym.numeric.arb` has
python-flint's.  The same code therefore serves the mpmath solver
(:mod:`mesosym.numeric.precise`) and the certified arb enclosures.

The stable forms, written here once:

* the reflection ``u -> d - u`` (``g_k -> g_{d-k}``, ``t -> -t``) is done by the
  solvers with :meth:`Law.reflected`, so every law is only ever evaluated at
  ``t <= 0``, where the weights ``g_k e^{k t}`` are at most ``g_k``: the sums
  ``sum k g_k e^{kt}`` and ``sum g_k e^{kt}`` have positive terms and ``m`` keeps
  its relative accuracy as ``u -> 0`` (the edge ``u = 0``; ``u = d`` by reflection);
* near ``u* = P'(1)/P(1)`` the residual ``m(t) - u`` is a difference of nearly
  equal numbers; :meth:`Law.extra_digits` says how many digits it loses
  (``log10(span/|u - u*|)`` from the exact ``u - u*``), and the solvers carry
  them as guard digits (mpmath) or bits (arb), so ``beta`` keeps its relative
  accuracy however close ``u`` is to ``u*``;
* ``L(t) = ln g_0 + log1p(sum_{k>0} (g_k/g_0) e^{k t}) - u t``, a sum of positive
  terms when ``g_0 >= 1``, relatively accurate as ``s -> 0`` at an edge.

Laws: :class:`Levels` (any degeneracies), :class:`Geometric` (``q`` equal levels
in the closed geometric form, whose cost does not grow with ``q``; for large q)
and :class:`Einstein` (``q = oo``, with the closed root ``t = -ln(1 + 1/u)``).
:func:`law_of` turns a ``q``, a degeneracy sequence or a Spectrum into a law.

Examples
--------
Two levels at ``t = -ln 3``: ``m = x/(1 + x) = 1/4``.

>>> import mpmath
>>> from fractions import Fraction
>>> law = law_of([1, 1])
>>> with mpmath.workdps(20):
...     print(mpmath.nstr(law.moments(MP, -mpmath.log(3))[0], 15))
0.25
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import mpmath

from .. import budget
from ..budget import EXPAND_UP_TO, short
from ..errors import DomainError
from ..validation import as_fraction, check_q, is_infinite

__all__ = [
    "MP",
    "Law",
    "Levels",
    "Geometric",
    "Einstein",
    "law_of",
    "GEOMETRIC_ABOVE",
    "SECONDS_PER_LEVEL",
    "require_levels",
]

#: equispaced systems with more levels than this use the geometric closed form (the
#: symbolic layer keeps P in geometric form above the same bound)
GEOMETRIC_ABOVE = EXPAND_UP_TO


def _log10(x: Fraction) -> float:
    """``log10`` of a positive Fraction of any size (no float underflow)."""
    return math.log10(x.numerator) - math.log10(x.denominator)


class _MpContext:
    """mpmath's arithmetic at the current ``mpmath.mp`` precision."""

    exp = staticmethod(mpmath.exp)
    expm1 = staticmethod(mpmath.expm1)
    log = staticmethod(mpmath.log)
    log1p = staticmethod(mpmath.log1p)
    sinh = staticmethod(mpmath.sinh)
    fsum = staticmethod(mpmath.fsum)
    inf = mpmath.inf

    @staticmethod
    def convert(value: Fraction) -> mpmath.mpf:
        return mpmath.mpf(value.numerator) / value.denominator

    @staticmethod
    def key() -> tuple[str, int]:
        return ("mpmath", mpmath.mp.prec)

    @staticmethod
    def log1mexp(a: Any) -> Any:
        """``ln(1 - e^{-a})`` for ``a > 0``, accurate on both sides of ``a = ln 2``."""
        if a < 1:
            return mpmath.log(-mpmath.expm1(-a))
        return mpmath.log1p(-mpmath.exp(-a))


#: the mpmath context
MP = _MpContext()


class Law:
    """A tilted single-particle law: the interface the solvers use.

    Attributes: ``d`` (top level, None for infinitely many), ``ustar`` and
    ``var_star`` (exact Fractions: mean and variance at ``t = 0``), ``key`` (what
    the float64 backend dispatches on).
    """

    d: int | None
    ustar: Fraction
    var_star: Fraction
    key: tuple

    def reflected(self) -> Law:
        """The law of the reflected spectrum ``g_k -> g_{d-k}``."""
        raise NotImplementedError

    def edge_entropy(self, ctx: Any) -> Any:
        """``s(0) = ln g_0``."""
        raise NotImplementedError

    def centre_entropy(self, ctx: Any) -> Any:
        """``s(u*) = ln P(1)``."""
        raise NotImplementedError

    def moments(self, ctx: Any, t: Any) -> tuple[Any, Any]:
        """``(m(t), sigma^2(t))`` for ``t < 0``, each relatively accurate."""
        raise NotImplementedError

    def legendre(self, ctx: Any, t: Any, v: Any) -> Any:
        """``L(t) = ln P(e^t) - v t`` for ``t < 0``."""
        raise NotImplementedError

    def lower_bound(self, v: Fraction) -> mpmath.mpf:
        """A ``t < 0`` with ``m(t) <= v`` (at the current mpmath precision)."""
        raise NotImplementedError

    def start(self, v: Fraction) -> mpmath.mpf:
        """A starting value for ``t`` (the edge asymptote or the Gaussian slope)."""
        c = self.ustar
        if v < c / 2:
            return self._edge_asymptote(v)
        return MP.convert(v - c) / MP.convert(self.var_star)

    def _edge_asymptote(self, v: Fraction) -> mpmath.mpf:
        raise NotImplementedError

    def extra_digits(self, v: Fraction) -> int:
        """Digits the stable forms lose at ``v`` (added to the working precision).

        Near ``u*`` the residual ``m - v`` cancels: ``log10(span/|u* - v|)`` digits.
        """
        gap = self.ustar - v
        if gap <= 0:
            return 0
        span = max(Fraction(self.ustar), Fraction(1))  # may be beyond float range
        return max(0, math.ceil(_log10(span) - _log10(gap))) + 1

    def closed_root(self, ctx: Any, v: Fraction) -> Any | None:
        """``t`` in closed form where one is known, else None."""
        return None


class Levels(Law):
    """Any spectrum: level ``k = 0..d`` with degeneracy ``g_k >= 0`` (exact).

    Parameters
    ----------
    g : sequence of Fraction
        ``g_0 > 0``, ``g_d > 0``, ``d >= 1``; validated by :func:`law_of`.
    q : int, optional
        Set when ``g = [1]*q``: the float64 backend then uses the equispaced kernels.
    """

    def __init__(self, g: Sequence[Fraction], q: int | None = None) -> None:
        if isinstance(g, (str, bytes)) or not isinstance(g, Sequence):
            raise DomainError(f"g must be a sequence of exact weights g_0..g_d; got {short(g)}")
        self.g = tuple(as_fraction(gk, f"g[{k}]") for k, gk in enumerate(g))
        self.d = len(self.g) - 1
        p1 = sum(self.g, Fraction(0))
        dp1 = sum((k * gk for k, gk in enumerate(self.g)), Fraction(0))
        self.p1, self.dp1 = p1, dp1
        self.ustar = dp1 / p1
        self.var_star = sum((k * k * gk for k, gk in enumerate(self.g)), Fraction(0)) / p1 - (
            self.ustar**2
        )
        self.support = tuple(k for k, gk in enumerate(self.g) if gk)
        self.k1 = self.support[1]
        self.q = q
        self.key = ("equispaced", q) if q is not None else ("polynomial", self.g)
        self._cache: dict[tuple, list[tuple[int, Any]]] = {}

    def reflected(self) -> Levels:
        """See :meth:`Law.reflected`."""
        if self.q is not None:
            return self
        return Levels(tuple(reversed(self.g)))

    def _constants(self, ctx: Any) -> list[tuple[int, Any]]:
        """``(k, g_k)`` over the support, converted once per context and precision."""
        key = ctx.key()
        terms = self._cache.get(key)
        if terms is None:
            if len(self._cache) > 8:
                self._cache.clear()
            terms = self._cache[key] = [(k, ctx.convert(self.g[k])) for k in self.support]
        return terms

    def _powers(self, ctx: Any, t: Any) -> list[tuple[int, Any]]:
        """``(k, g_k e^{k t})``: powers of ``e^t`` (``t <= 0``: every weight <= g_k)."""
        y = ctx.exp(t)
        out, power, last = [], ctx.convert(Fraction(1)), 0
        for k, gk in self._constants(ctx):
            if k > last:
                power *= y if k == last + 1 else y ** (k - last)
            out.append((k, gk * power))
            last = k
        return out

    def edge_entropy(self, ctx: Any) -> Any:
        """See :meth:`Law.edge_entropy`."""
        return ctx.log(ctx.convert(self.g[0]))

    def centre_entropy(self, ctx: Any) -> Any:
        """See :meth:`Law.centre_entropy`."""
        return ctx.log(ctx.convert(self.p1))

    def moments(self, ctx: Any, t: Any) -> tuple[Any, Any]:
        """See :meth:`Law.moments`."""
        w = self._powers(ctx, t)
        z = ctx.fsum(wk for _, wk in w)
        m = ctx.fsum(k * wk for k, wk in w) / z
        var = ctx.fsum((k - m) * (k - m) * wk for k, wk in w) / z  # no ** on balls
        return m, var

    def weights(self, ctx: Any, t: Any) -> tuple[Any, list[Any]]:
        """Return ``ln P(e^t)`` and the tilted law ``p_0..p_d``, for any real ``t``.

        Log-sum-exp: the weights are scaled by the largest ``e^{k t}``, so none
        exceeds ``g_k``.
        """
        shift = self.d * t if t > 0 else 0 * t
        w = [
            ctx.convert(gk) * ctx.exp(k * t - shift) if gk else None for k, gk in enumerate(self.g)
        ]
        z = ctx.fsum(wk for wk in w if wk is not None)
        zero = ctx.convert(Fraction(0))
        return shift + ctx.log(z), [zero if wk is None else wk / z for wk in w]

    def legendre(self, ctx: Any, t: Any, v: Any) -> Any:
        """See :meth:`Law.legendre`."""
        (_, g0), *rest = self._powers(ctx, t)
        return ctx.log(g0) + ctx.log1p(ctx.fsum(wk for _, wk in rest) / g0) - v * t

    def lower_bound(self, v: Fraction) -> mpmath.mpf:
        """See :meth:`Law.lower_bound`."""
        # m(t) <= e^{k_1 t} P'(1)/g_0 for t <= 0
        bound = (mpmath.log(MP.convert(v)) - mpmath.log(MP.convert(self.dp1 / self.g[0]))) / self.k1
        return min(bound, mpmath.mpf(-1) / 2**mpmath.mp.prec) * (1 + mpmath.mpf(2) ** -20)

    def _edge_asymptote(self, v: Fraction) -> mpmath.mpf:
        lead = self.k1 * self.g[self.k1] / self.g[0]
        return (mpmath.log(MP.convert(v)) - mpmath.log(MP.convert(lead))) / self.k1

    def extra_digits(self, v: Fraction) -> int:
        """See :meth:`Law.extra_digits`; plus ``log10(d + 1)``, the error of ``e^{k t}``."""
        return super().extra_digits(v) + int(math.log10(len(self.g))) + 1


class Geometric(Law):
    """``q`` equal levels, ``P = (1 - x^q)/(1 - x)``, in closed geometric form.

    With ``a = -t > 0``: ``m = 1/(e^a - 1) - q/(e^{qa} - 1)``,
    ``sigma^2 = 1/(4 sinh^2(a/2)) - q^2/(4 sinh^2(q a/2))`` and
    ``L = ln(1 - e^{-qa}) - ln(1 - e^{-a}) + v a``: the cost does not grow with q.
    Near ``u*`` the differences cancel; :meth:`extra_digits` says by how much.
    """

    def __init__(self, q: int) -> None:
        self.q = q
        self.d = q - 1
        self.ustar = Fraction(q - 1, 2)
        self.var_star = Fraction(q * q - 1, 12)
        self.key = ("equispaced", q)

    def reflected(self) -> Geometric:
        """See :meth:`Law.reflected`."""
        return self

    def edge_entropy(self, ctx: Any) -> Any:
        """See :meth:`Law.edge_entropy`."""
        return ctx.convert(Fraction(0))

    def centre_entropy(self, ctx: Any) -> Any:
        """See :meth:`Law.centre_entropy`."""
        return ctx.log(ctx.convert(Fraction(self.q)))

    def moments(self, ctx: Any, t: Any) -> tuple[Any, Any]:
        """See :meth:`Law.moments`."""
        a, q = -t, self.q
        s1, sq = ctx.sinh(a / 2), ctx.sinh(q * a / 2)
        mean = 1 / ctx.expm1(a) - q / ctx.expm1(q * a)
        return mean, 1 / (4 * s1 * s1) - q * q / (4 * sq * sq)

    def legendre(self, ctx: Any, t: Any, v: Any) -> Any:
        """See :meth:`Law.legendre`."""
        a = -t
        return ctx.log1mexp(self.q * a) - ctx.log1mexp(a) + v * a

    def lower_bound(self, v: Fraction) -> mpmath.mpf:
        """See :meth:`Law.lower_bound`."""
        return -mpmath.log1p(1 / MP.convert(v))  # m <= 1/(e^a - 1)

    def _edge_asymptote(self, v: Fraction) -> mpmath.mpf:
        return mpmath.log(MP.convert(v))

    def extra_digits(self, v: Fraction) -> int:
        """See :meth:`Law.extra_digits`; the coth differences lose ``2 log10(1/(q a))``."""
        d = self.ustar - v
        if d <= 0:
            return 0
        log_qa = _log10(self.q * d / self.var_star)  # q a at the root, about
        return super().extra_digits(v) + max(0, math.ceil(-2 * min(log_qa, 0.0))) + 2


class Einstein(Law):
    """Infinitely many levels, ``P = 1/(1 - x)``: the Einstein solid, eqs. (28)-(30).

    The root is closed, ``t = -ln(1 + 1/u)``; there is no top edge to reflect to.
    """

    d = None
    ustar = Fraction(0)
    var_star = Fraction(0)
    key = ("equispaced", math.inf)

    def edge_entropy(self, ctx: Any) -> Any:
        """See :meth:`Law.edge_entropy`."""
        return ctx.convert(Fraction(0))

    def moments(self, ctx: Any, t: Any) -> tuple[Any, Any]:
        """See :meth:`Law.moments`."""
        sh = ctx.sinh(t / 2)
        return 1 / ctx.expm1(-t), 1 / (4 * sh * sh)

    def legendre(self, ctx: Any, t: Any, v: Any) -> Any:
        """See :meth:`Law.legendre`."""
        return -ctx.log1mexp(-t) - v * t

    def closed_root(self, ctx: Any, v: Fraction) -> Any:
        """See :meth:`Law.closed_root`."""
        return -ctx.log1p(1 / ctx.convert(v))


def equispaced_law(q: Any) -> Law:
    """The law of ``q`` equal levels: the sum for ``q <= 64``, else the geometric form."""
    return _equispaced_law(check_q(q))


@functools.lru_cache(maxsize=64)
def _equispaced_law(qc: Any) -> Law:
    if is_infinite(qc):
        return Einstein()
    if not isinstance(qc, int):
        raise DomainError(
            f"numeric evaluation needs a concrete q (an integer >= 2 or oo); got q = {qc}"
        )
    if qc > GEOMETRIC_ABOVE:
        return Geometric(qc)
    return Levels((Fraction(1),) * qc, q=qc)


def law_of(levels: Any) -> Law:
    """Return the law of ``levels``: a Law, a Spectrum, ``q`` (int or oo) or degeneracies.

    Raises
    ------
    DomainError
        Naming ``levels`` and what it may be.

    Examples
    --------
    >>> law_of(3).ustar, law_of([2, 0, 1]).ustar
    (Fraction(1, 1), Fraction(2, 3))
    """
    if isinstance(levels, Law):
        return levels
    tilted = getattr(levels, "_tilted", None)  # a Spectrum
    if callable(tilted):
        return tilted()
    if isinstance(levels, (str, bytes)):
        raise DomainError(
            f"levels must be q (an integer >= 2 or oo), a sequence of degeneracies or a "
            f"Spectrum; got {short(levels)}"
        )
    if not isinstance(levels, Sequence) and not hasattr(levels, "__array__"):
        return equispaced_law(levels)
    require_levels(len(levels))
    g = tuple(as_fraction(gk, f"degeneracies[{k}]") for k, gk in enumerate(list(levels)))
    if len(g) < 2 or g[0] <= 0 or g[-1] <= 0 or any(gk < 0 for gk in g):
        raise DomainError(
            "degeneracies must be >= 0, at least two levels, with g_0 > 0 and g_d > 0 "
            f"(energies counted from the ground level); got {short(list(levels))}"
        )
    return _levels(g)


#: Seconds per level of a general spectrum for its first numeric evaluation
#: (measured: 7.8 s float64, 9.9 s mpmath at 30 digits for 10^5 levels).
SECONDS_PER_LEVEL = 1e-4


def require_levels(count: int) -> None:
    """Refuse a general spectrum of ``count`` levels whose evaluation would not finish.

    The sums over the levels cost about :data:`SECONDS_PER_LEVEL` each; the
    equispaced system (any q) has closed geometric forms and is never refused.

    >>> require_levels(10**7)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.BudgetError: numeric evaluation over a spectrum of 10000000 levels would ...
    """
    n = max(0, min(count, 10**300))  # beyond, the estimates saturate
    budget.require(
        f"numeric evaluation over a spectrum of {short(count)} levels",
        seconds=SECONDS_PER_LEVEL * n,
        memory=200.0 * n,
        change="the spectrum (fewer levels; for equal levels use EquispacedLevels(q))",
    )


@functools.lru_cache(maxsize=64)
def _levels(g: tuple[Fraction, ...]) -> Levels:
    """One law per spectrum, so that its converted constants are cached with it."""
    return Levels(g)
