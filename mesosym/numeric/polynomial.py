r"""Vectorised float64 saddle-point thermodynamics of any integer spectrum.

N independent particles on the integer levels ``0, 1, ..., d`` (in units of the
level spacing eps), level ``k`` with degeneracy ``g_k >= 0``, ``g_0 > 0``,
``g_d > 0``: the single-particle generating polynomial is
``P(x) = sum_k g_k x^k``.  With ``t = ln x*`` the saddle point solves

.. math::

    m(t) = \frac{\sum_k k\, g_k e^{k t}}{\sum_k g_k e^{k t}} = u ,

the mean level under the tilted weights ``g_k e^{k t}``; ``m`` increases with
``t`` (its derivative is the variance ``sigma^2 > 0`` of the level), from ``0``
at ``t = -oo`` to ``d`` at ``t = +oo``, and passes ``u* = P'(1)/P(1)`` at
``t = 0``.  Then (eqs. 19-20 of the letter, for this P)

* ``s(u) = ln P(e^t) - u t``, the entropy per particle in units of k_B;
* ``beta eps = ds/du = -t``;
* ``sigma^2 = dm/dt``, the energy variance per particle in units of eps^2;
* ``c/k_B = t^2 sigma^2``, the heat capacity per particle.

At the edges ``s(0) = ln g_0`` and ``s(d) = ln g_d`` -- not 0 when the ground
(or top) level is degenerate: the ``g_0^N`` ground states are all counted --
with ``beta = +inf`` and ``-inf``; ``sigma^2`` and ``c`` vanish there.  At
``u = u*`` (when that rational is a float) ``beta = 0.0`` exactly and
``s = ln P(1)``.

Method
------
Everything is done on whole arrays; the only Python loops run over chunks of
rows, Newton iterations and groups of rows that share a dominant level.

*Residual, in three stable forms*, chosen per row by the current ``t``:

* near ``t = 0`` (``|t| * span <= 1`` with ``span = max(u*, d - u*)``): Taylor
  series in ``t`` of ``Q(t) = P(e^t)/(P(1) e^{c t})`` and its derivatives, with
  the moments ``mu_n = sum_k p_k (k - c)^n`` (``p_k = g_k/P(1)``) about
  ``c = float(u*)``; ``mu_1 = u* - c`` is computed in exact rational arithmetic,
  so ``u - u*`` never cancels and ``beta`` keeps its *relative* accuracy down
  to ``|u - u*| = 1 ulp``;
* in a band around ``t = 0`` (found per spectrum, see below): the same
  centred sums written with ``expm1((k - c) t)``, whose terms in
  ``sum_k (k - c) p_k expm1((k - c) t)`` all have the sign of ``t``;
* elsewhere: log-sum-exp form anchored at the dominant level
  ``j = argmax_k (ln g_k + k t)`` (read off the upper concave hull of the points
  ``(k, ln g_k)``, i.e. the Newton polygon), with weights
  ``w_k = (g_k/g_j) e^{(k - j) t} <= 1`` so nothing overflows for any ``t`` and
  any ``d``; the residual ``m - u = sum_k (k - j) w_k / W - (u - j)`` has no
  cancellation at either edge (``j = 0`` as ``u -> 0``, ``j = d`` as
  ``u -> d``: the reflection ``k -> d - k`` written in place).  Gaps in the
  support (``g_k = 0``) are weights that are exactly 0; the small-``u``
  behaviour ``m ~ k_1 (g_{k_1}/g_0) e^{k_1 t}`` is governed by the lowest
  occupied level ``k_1 > 0``.

The band is where the anchored form's rounding-error estimate exceeds 8 ulp of
``t`` and the centred form's is smaller; both estimates are evaluated on the
guess table.  For ordinary spectra the band hardly reaches beyond the Taylor
region; it matters when most of the weight sits on one level with faint
neighbours (e.g. ``[1, 1e10, 1, 0, ..., 0, 1e-30]``).

*Exact arguments.*  Every evaluation point ``t_0`` is rounded to
``53 - bitlen(d)`` significant bits, so that ``k t_0`` is exact for every
level; ``e^{(k-j) t_0}`` is then the product of two correctly rounded
exponentials, ``e^{(B a - j) t_0} e^{b t_0}`` with ``k = B a + b`` and
``B ~ sqrt(d)`` (about ``2 sqrt(d)`` calls of ``exp`` per point instead of
``d``), and the ratios ``g_k/g_j`` are formed from the exact degeneracies and
folded into the matrix of the moment sums.  Far out (``|t| d > 700``) the
exponent is reduced by ``ln 2`` in two parts (Cody and Waite) and scaled with
``ldexp``, so no ``e^{ln g_k - ln g_j + ...}`` is ever rounded.

*Newton step in log form*: below ``u*`` on ``ln m(t) = ln u``, above it on
``ln(d - m(t)) = ln(d - u)``, both nearly linear at the edges; written with
``log1p`` of the accurate residual ``m - u``.  Every row carries a bracket:
``t <= 0`` below ``u*``, with the lower bound ``m(t) <= (P'(1)/g_0) e^{k_1 t}``,
and symmetrically above; a step leaving the bracket is replaced by bisection.
A row stops when the predicted error after its step, ``K delta^2`` with ``K``
the curvature of the residual (from the third cumulant), is below
``2**-58 |t|`` *and* ``delta`` is below ``2**-26`` on the width scale
``max(|kappa_3|/sigma^2, sigma)`` of the tilted distribution (so that the
corrections below are exact to rounding); at most 400 iterations, every other
one a bisection after the 30th (a :class:`~mesosym.errors.ConvergenceError`
otherwise).  With the table's
starting values every point of every spectrum tried needs one evaluation.

*Starting values* come from a per-spectrum table of ``t`` against
``z = ln(u/(d - u))``, built once (and cached) without any root finding:
``m(t)``, ``dt/dz`` and ``d2t/dz2`` are evaluated at nodes in ``t`` (a sinh
grid refined by halving) until the quintic Hermite interpolant of ``t(z)``
reproduces every midpoint to 1e-10 (a few hundred nodes; 0.05 s for
``d = 1000``, 0.5 s for ``d = 10**4``).  Beyond the table the edge asymptotes
``t = [ln u - ln(k_1 g_{k_1}/g_0)]/k_1`` (and its mirror) are used; the table
reaches out to where they are that good.

*Outputs* are formed from the last evaluation point ``t_0`` and the final step
``delta``: ``t = t_0 + delta``; ``x* = e^{t_0} e^{delta}``, so that ``x*`` keeps
its relative accuracy even where ``|t|`` is large; ``s`` in the stationary
Legendre form ``L(t_0) + L'(t_0) delta + sigma^2 delta^2 / 2`` with
``L(t) = ln P(e^t) - u t = ln g_j + (j - u) t + log1p(sum_{k != j} w_k)``
(insensitive to ``t``'s error at first order, and relatively accurate when
``s`` is tiny at an edge); ``sigma^2(t_0) + kappa_3 delta``, with ``sigma^2``
summed about the mean itself when the variance is asked for.

Accuracy
--------
Promised, for every normal ``u`` in ``(0, d)`` (and exact values at ``0``,
``d`` and a float ``u*``), for ``d <= 1000`` and degeneracies whose ratios stay
within the float range: relative error <= 1e-13 for all six quantities.  ``beta``
keeps its relative accuracy next to ``u*``, down to ``|u - u*| = 1 ulp``: no
absolute-error proviso is needed there.

Measured against 50-digit mpmath (an independent bisection and Newton solver in
``tests/test_numeric_polynomial.py``, and a 120-spectrum random stress run:
sparse supports, binomials up to ``d = 1000``, degeneracy ranges up to 1e±300,
``u = 1e-300, 1e-12, u*(1 +- 1e-9), u* +- 1 ulp, d(1 - 1e-12)`` and random
points): ``t``, ``beta`` <= 2.2e-15; ``s`` <= 9e-16; ``x*`` <= 6e-16;
``sigma^2``, ``c`` <= 4.7e-15.  [1]*q agrees with
:mod:`mesosym.numeric.equispaced` to 1e-14 (q = 3, 10) and 1e-13 (q = 10**4).

Caveats.  "Relative" for ``s`` presumes ``s`` is not close to 0 in the
interior, which holds when ``g_0 >= 1`` and ``g_d >= 1`` (then ``s >= 0`` by
concavity, and ``s -> 0`` only at an edge with ``g = 1``, where the relative
accuracy is kept); for degeneracies below 1 the error of ``s`` is absolute,
``1e-13 * max(1, |ln g_k|)``.  For subnormal ``u`` (or ``d - u``), and where
``x*`` itself is subnormal or beyond the float range, the accuracy is absolute
only.  Degeneracies are taken exactly (ints of any size, floats, Fractions):
``ln g_k``, ``g_k/g_j``, ``P(1)`` and ``u*`` come from the exact values, and
``s(0) = ln g_0`` is correctly rounded.  ``d`` up to ``10**4`` has been
exercised (no accuracy run at 50 digits there beyond the equispaced check).

Examples
--------
The two-level system ``P = 1 + x`` at ``u = 1/2``: ``s = ln 2``, ``beta = 0``.

>>> float(entropy(0.5, [1, 1]))
0.69314718055995
>>> float(inverse_temperature(0.5, [1, 1]))
0.0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from fractions import Fraction
from functools import lru_cache
from typing import Any

import mpmath
import numpy as np
import numpy.typing as npt

from ..budget import short
from ..errors import ConvergenceError, DomainError
from ..quantities import BY_KEY
from ..validation import as_fraction, check_u_array
from .quantities import QUANTITIES, BackendDoc

__all__ = [*QUANTITIES.values()]  # the registry's long names, bound at the end

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: Taylor form for |t| * span <= _L_TAYLOR, with _N_TAYLOR terms (error < 1e-19)
_L_TAYLOR = 1.0
_N_TAYLOR = 22
#: the centred expm1 form is used only while |t| * span stays below this
_C_LIMIT = 600.0
#: e^{(k - j) t} by the power table while |t| * (max(j, d - j) + block) stays below this
_EXP_LIMIT = 700.0
#: guess-table target (relative error of t), node cap and refinement rounds
_TABLE_TOL = 1e-10
_TABLE_CAP = 8192
_TABLE_ROUNDS = 30
#: a row stops when K * step**2 <= _STOP * |t|
_STOP = 2.0**-58
_MAX_ITER = 400
#: matrix entries per chunk, so that the temporaries stay in cache
_CHUNK_ENTRIES = 1 << 17


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------


def _check_degeneracies(degeneracies: Any) -> tuple[Fraction, ...]:
    """Return the degeneracies as exact Fractions, or raise DomainError naming them."""
    name = "degeneracies"
    if isinstance(degeneracies, (str, bytes)) or not isinstance(degeneracies, Iterable):
        raise DomainError(
            f"{name} must be a sequence of real numbers >= 0 (g_0, ..., g_d); "
            f"got {short(degeneracies)}"
        )
    if isinstance(degeneracies, np.ndarray):
        if degeneracies.ndim != 1:
            raise DomainError(
                f"{name} must be one-dimensional (g_0, ..., g_d); got shape {degeneracies.shape}"
            )
        items = list(degeneracies.astype(object))
    else:
        items = list(degeneracies)
    g = []
    for k, gk in enumerate(items):
        if isinstance(gk, (str, bytes, bool, np.bool_)) or not isinstance(gk, numbers.Real):
            if not (hasattr(gk, "is_real") and gk.is_real):  # SymPy numbers
                raise DomainError(f"{name}[{k}] must be a real number >= 0; got {short(gk)}")
        fr = as_fraction(gk, f"{name}[{k}]")
        if fr < 0:
            raise DomainError(f"{name}[{k}] must be >= 0; got {short(gk)}")
        g.append(fr)
    if len(g) < 2:
        raise DomainError(
            f"{name} need at least two levels, g_0 ... g_d with d >= 1; got {short(items)}"
        )
    if g[0] == 0:
        raise DomainError(
            f"{name}[0] must be > 0: energies are counted from the lowest occupied level; "
            f"got {short(items[0])}"
        )
    if g[-1] == 0:
        raise DomainError(
            f"{name}[{len(g) - 1}] must be > 0: the last entry is the top level d "
            f"(drop trailing zeros); got {short(items[-1])}"
        )
    return tuple(g)


# --------------------------------------------------------------------------
# per-spectrum constants
# --------------------------------------------------------------------------


def _log(fr: Fraction) -> float:
    """Return ``ln fr`` correctly rounded (fr > 0 exact, of any size)."""
    if fr == 1:
        return 0.0
    with mpmath.workdps(40):
        return float(mpmath.log(mpmath.mpf(fr.numerator) / fr.denominator))


def _split(fr: Fraction) -> tuple[float, int]:
    """Return ``(m, e)`` with ``fr = m * 2**e`` (``m`` in [1/2, 2), rounded), for fr > 0."""
    e = fr.numerator.bit_length() - fr.denominator.bit_length()
    return float(fr / Fraction(2) ** e), e


class _Levels:
    """Constants of one spectrum, derived once from the exact degeneracies."""

    def __init__(self, g: tuple[Fraction, ...]) -> None:
        d = len(g) - 1
        self.d = d
        self.k = np.arange(d + 1, dtype=np.float64)
        support = [k for k in range(d + 1) if g[k] > 0]
        logs: dict[Fraction, float] = {}
        self.ell = np.array([logs.setdefault(gk, _log(gk)) if gk > 0 else -math.inf for gk in g])
        split = [_split(gk) if gk > 0 else (0.0, 0) for gk in g]
        self.mant = np.array([m for m, _ in split])
        self.expo = np.array([e for _, e in split], dtype=np.int64)
        p1 = sum(g, Fraction(0))
        dp1 = sum((k * gk for k, gk in enumerate(g)), Fraction(0))
        ustar = dp1 / p1
        self.ustar = ustar
        self.c = float(ustar)
        self.mu1 = float(ustar - Fraction(self.c))
        self.ustar_is_float = self.mu1 == 0 and Fraction(self.c) == ustar
        self.ln_p1 = _log(p1)
        self.span = max(self.c, d - self.c)
        # centred moments about c: mu_1 exact, the others in float (see module docstring)
        self.p = np.array([float(gk / p1) for gk in g])
        self.kc = self.k - self.c
        mu = [1.0, self.mu1]
        pw = self.p * self.kc
        for _ in range(2, _N_TAYLOR + 4):
            pw = pw * self.kc
            mu.append(float(pw.sum()))
        self.var_star = mu[2] - mu[1] ** 2
        fact = [float(math.factorial(n)) for n in range(_N_TAYLOR + 2)]
        n_t = _N_TAYLOR
        # rows of the Horner table: Q1/t, S_tail, T, U (see _taylor)
        coef = np.zeros((4, n_t + 1))
        for i in range(n_t):
            coef[0, i] = mu[i + 1] / fact[i + 1]
            coef[1, i] = mu[i + 2] / fact[i + 1]
        for i in range(n_t + 1):
            coef[2, i] = mu[i + 2] / fact[i]
            coef[3, i] = mu[i + 3] / fact[i]
        self.taylor = coef
        # edges: asymptotes and bracket bounds
        self.ln_g0 = float(self.ell[0])
        self.ln_gd = float(self.ell[d])
        self.k_lo = support[1]
        self.k_hi = d - support[-2]
        self.ln_lo = _log(self.k_lo * g[self.k_lo] / g[0])
        self.ln_hi = _log(self.k_hi * g[d - self.k_hi] / g[d])
        self.ln_bound_lo = _log(dp1 / g[0])
        self.ln_bound_hi = _log((d * p1 - dp1) / g[d])
        # upper concave hull of (k, ln g_k): the dominant level for each t
        hull: list[int] = []
        for k in support:
            while len(hull) >= 2:
                a, b = hull[-2], hull[-1]
                if (self.ell[b] - self.ell[a]) / (b - a) <= (self.ell[k] - self.ell[b]) / (k - b):
                    hull.pop()
                else:
                    break
            hull.append(k)
        self._bases: dict[tuple[int, bool], FloatArray] = {}
        self.block = max(1, math.isqrt(d + 1))
        self.n_blocks = -(-(d + 1) // self.block)
        self.hull_v = np.array(hull, dtype=np.intp)
        self.hull_b = np.array(
            [
                -(self.ell[b] - self.ell[a]) / (b - a)
                for a, b in zip(hull[:-1], hull[1:], strict=True)
            ]
        )
        # filled in by _build_table
        self.band = (0.0, 0.0)
        self.tab_z = np.zeros(0)
        self.tab_f = np.zeros((3, 0))
        self.t_min = -math.inf
        self.t_max = math.inf
        _build_table(self)

    def dominant(self, t: FloatArray) -> IntArray:
        """Return the index of the largest term ``ln g_k + k t`` for each ``t``."""
        return self.hull_v[np.searchsorted(self.hull_b, t)]

    def basis(self, j: int, scaled: bool) -> FloatArray:
        """Columns ``[k != j, k - j, (k - j)^2, (k - j)^3]`` for the moment sums (cached).

        ``scaled``: rows multiplied by ``g_k/g_j`` and padded with zero rows to the
        length of :func:`_power_table`.
        """
        key = (j, scaled)
        b = self._bases.get(key)
        if b is None:
            n = self.block * self.n_blocks if scaled else self.d + 1
            kj = np.arange(n, dtype=np.float64) - j
            b = np.stack([np.where(kj == 0, 0.0, 1.0), kj, kj * kj, kj * kj * kj], axis=1)
            if scaled:
                b *= self.ratios_padded(j)[:, None]
            if len(self._bases) >= 64:
                self._bases.clear()
            self._bases[key] = b = np.ascontiguousarray(b)
        return b

    def ratios_padded(self, j: int) -> FloatArray:
        """Return ``g_k / g_j`` from the exact values, 0 where g_k = 0 and for k > d."""
        r = np.zeros(self.block * self.n_blocks)
        r[: self.d + 1] = np.ldexp(self.mant / self.mant[j], self.expo - self.expo[j])
        return r


@lru_cache(maxsize=32)
def _levels_cached(g: tuple[Fraction, ...]) -> _Levels:
    return _Levels(g)


def _levels(degeneracies: Any) -> _Levels:
    return _levels_cached(_check_degeneracies(degeneracies))


# --------------------------------------------------------------------------
# the three evaluations of the tilted moments
# --------------------------------------------------------------------------


class _Point:
    """Residual and derivatives at the current t of a set of rows."""

    __slots__ = ("D", "var", "k3", "L")

    def __init__(self, n: int) -> None:
        self.D = np.empty(n)  # m(t) - u
        self.var = np.empty(n)  # sigma^2(t)
        self.k3 = np.empty(n)  # third cumulant
        self.L = np.empty(n)  # ln P(e^t) - u t

    def put(self, rows: IntArray, D: Any, var: Any, k3: Any, L: Any) -> None:
        self.D[rows] = D
        self.var[rows] = var
        self.k3[rows] = k3
        self.L[rows] = L


def _taylor(lv: _Levels, t: FloatArray, u: FloatArray) -> tuple[FloatArray, ...]:
    """Centred Taylor form: valid for ``|t| * span <= _L_TAYLOR``."""
    coef = lv.taylor
    acc = np.repeat(coef[:, -1:], t.size, axis=1)
    for i in range(coef.shape[1] - 2, -1, -1):
        acc *= t
        acc += coef[:, i : i + 1]
    q1 = t * acc[0]  # Q - 1
    s_tail, big_t, big_u = acc[1], acc[2], acc[3]
    q = 1.0 + q1
    du = u - lv.c  # exact near u*
    D = ((lv.mu1 - du) + t * s_tail - du * q1) / q
    mc = (lv.mu1 + t * s_tail) / q  # m - c
    et = big_t / q
    var = et - mc * mc
    k3 = big_u / q - 3.0 * mc * et + 2.0 * mc**3
    L = lv.ln_p1 + np.log1p(q1) - du * t
    return D, var, k3, L


def _centred(lv: _Levels, t: FloatArray, u: FloatArray, exact_var: bool) -> tuple[FloatArray, ...]:
    """Centred expm1 form: ``sum_k p_k (k - c) expm1((k - c) t)`` has no cancellation."""
    x = np.expm1(np.multiply.outer(t, lv.kc))
    e = x + 1.0
    x *= lv.p
    e *= lv.p
    kc = lv.kc
    sx = x @ np.stack([np.ones_like(kc), kc], axis=1)
    se = e @ np.stack([kc * kc, kc * kc * kc], axis=1)
    q1, s1 = sx[:, 0], sx[:, 1]
    q = 1.0 + q1
    du = u - lv.c
    D = ((lv.mu1 - du) + s1 - du * q1) / q
    mc = (lv.mu1 + s1) / q
    et = se[:, 0] / q
    var = et - mc * mc
    if exact_var:
        dev = kc - mc[:, None]
        np.square(dev, out=dev)
        var = np.einsum("ij,ij->i", dev, e) / q
    k3 = se[:, 1] / q - 3.0 * mc * et + 2.0 * mc**3
    L = lv.ln_p1 + np.log1p(q1) - du * t
    return D, var, k3, L


_LN2_HI = float.fromhex("0x1.62e42fp-1")  # 25 bits: n * _LN2_HI is exact for |n| < 2**28
with mpmath.workdps(40):
    _LN2_LO = float(mpmath.log(2) - mpmath.mpf(_LN2_HI))  # the true remainder, not fl(ln 2) - hi


def _scaled_exp(y: FloatArray, mant: FloatArray, expo: Any) -> FloatArray:
    """Return ``mant * 2**expo * e^y`` without overflow and without rounding ``y``.

    ``y = n ln 2 + f`` with the reduction done in two parts (Cody and Waite), so that
    a large ``|y|`` costs no relative accuracy; the power of two is applied by
    ``ldexp`` together with the exponent of ``g_k/g_j``.
    """
    n = np.rint(y * (1.0 / math.log(2.0)))
    f = (y - n * _LN2_HI) - n * _LN2_LO
    np.exp(f, out=f)
    f *= mant
    n += expo
    np.clip(n, -2000, 2000, out=n)
    return np.ldexp(f, n.astype(np.int64))


def _power_table(t: FloatArray, j: int, block: int, n_blocks: int) -> FloatArray:
    """Return ``e^{(k - j) t}`` for ``k = 0 .. block * n_blocks - 1`` (rows: t).

    ``k = block * a + b`` and ``e^{(k - j) t} = e^{(block a - j) t} e^{b t}``: about
    ``2 sqrt(d)`` exponentials per row instead of ``d``; every argument is exact, so
    each entry is within 1.5 ulp.
    """
    far = np.exp(np.multiply.outer(t, np.arange(n_blocks) * float(block) - j))
    near = np.exp(np.multiply.outer(t, np.arange(block, dtype=np.float64)))
    return (far[:, :, None] * near[:, None, :]).reshape(t.size, block * n_blocks)


def _snap(t: FloatArray, bits: int) -> FloatArray:
    """Round ``t`` to ``bits`` significant bits: ``k t`` is then exact for ``k < 2**(53-bits)``."""
    m, e = np.frexp(t)
    return np.ldexp(np.rint(np.ldexp(m, bits)), e - bits)


def _anchored_sums(
    lv: _Levels, t: FloatArray, *, exact_var: bool = False, band: bool = False
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Sums over the weights ``w_k = (g_k/g_j) e^{(k - j) t}``, ``j`` the dominant level.

    Returns ``j``, the columns ``[sum_{k != j} w, E(k-j), E(k-j)^2, E(k-j)^3]`` (E the
    mean under w) and extras: the centred variance (``exact_var``) or, for the band
    estimate, ``E|k - m|`` and ``E|k - m||k - j|``.
    """
    n = t.size
    j = lv.dominant(t)
    mom = np.empty((n, 4))
    extra = np.empty((n, 2))
    if lv.hull_v.size <= 16:
        groups = [np.flatnonzero(j == jv) for jv in lv.hull_v]
    else:
        order = np.argsort(j, kind="stable")
        cuts = np.flatnonzero(np.diff(j[order])) + 1
        groups = np.split(order, cuts)
    for group in groups:
        if group.size == 0:
            continue
        jv = int(j[group[0]])
        # k t is exact: t carries at most 53 - bitlen(d) significant bits (_snap)
        fast = np.abs(t[group]) * (max(jv, lv.d - jv) + lv.block) <= _EXP_LIMIT
        for rows, quick in ((group[fast], True), (group[~fast], False)):
            if rows.size:
                _anchored_group(lv, jv, t[rows], quick, rows, mom, extra, exact_var, band)
    return j, mom, extra


def _anchored_group(
    lv: _Levels,
    jv: int,
    tr: FloatArray,
    quick: bool,
    rows: IntArray,
    mom: FloatArray,
    extra: FloatArray,
    exact_var: bool,
    band: bool,
) -> None:
    """Fill ``mom[rows]`` (and ``extra[rows]``) for rows that share the dominant level ``jv``."""
    if quick:  # e^{(k - j) t}; the ratios g_k/g_j are folded into the basis
        w = _power_table(tr, jv, lv.block, lv.n_blocks)
        m = w @ lv.basis(jv, True)
        if exact_var or band:
            w *= lv.ratios_padded(jv)
    else:  # far out, |t| d > 700: reduce the exponent exactly, scale with ldexp
        y = np.multiply.outer(tr, lv.k - jv)
        w = _scaled_exp(y, lv.mant / lv.mant[jv], lv.expo - lv.expo[jv])
        m = w @ lv.basis(jv, False)
    kj = np.arange(w.shape[1], dtype=np.float64) - jv
    wsum = 1.0 + m[:, 0]
    m[:, 1:] /= wsum[:, None]
    mom[rows] = m
    if exact_var:  # about the mean itself: no cancellation
        dev = kj - m[:, 1:2]
        np.square(dev, out=dev)
        extra[rows, 0] = np.einsum("ij,ij->i", dev, w) / wsum
    if band:
        dev = np.abs(kj - m[:, 1:2])
        extra[rows, 0] = (dev * w).sum(axis=1) / wsum
        extra[rows, 1] = (dev * np.abs(kj) * w).sum(axis=1) / wsum


def _anchored(lv: _Levels, t: FloatArray, u: FloatArray, exact_var: bool) -> tuple[FloatArray, ...]:
    """Anchored log-sum-exp form; accurate at both edges."""
    j, mom, extra = _anchored_sums(lv, t, exact_var=exact_var)
    rest, e1, e2, e3 = mom.T
    jf = j.astype(np.float64)
    D = e1 - (u - jf)
    var = extra[:, 0] if exact_var else e2 - e1 * e1
    k3 = e3 - 3.0 * e1 * e2 + 2.0 * e1**3
    L = lv.ell[j] + (jf - u) * t + np.log1p(rest)
    return D, var, k3, L


def _evaluate(lv: _Levels, t: FloatArray, u: FloatArray, exact_var: bool) -> _Point:
    pt = _Point(t.size)
    at = np.abs(t) * lv.span
    tay = at <= _L_TAYLOR
    cen = ~tay & (t >= lv.band[0]) & (t <= lv.band[1]) & (at <= _C_LIMIT)
    anc = ~(tay | cen)
    for mask, kind in ((tay, 0), (cen, 1), (anc, 2)):
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            continue
        if kind == 0:
            pt.put(rows, *_taylor(lv, t[rows], u[rows]))
        else:
            fn = _centred if kind == 1 else _anchored
            step = max(1, _CHUNK_ENTRIES // (lv.d + 1))
            for lo in range(0, rows.size, step):
                r = rows[lo : lo + step]
                pt.put(r, *fn(lv, t[r], u[r], exact_var))
    return pt


# --------------------------------------------------------------------------
# the guess table
# --------------------------------------------------------------------------


def _edge_start(ell: FloatArray, k1: int, d: int) -> float:
    """Return the ``t < 0`` below which ``t = [ln u - ln(k1 g_k1/g_0)]/k1`` is good to 1e-11."""
    cands = -np.exp2(np.arange(12, -3, -1.0))  # -4096 ... -0.25
    k = np.arange(d + 1, dtype=np.float64)
    with np.errstate(all="ignore"):
        den = np.exp((ell[1:] - ell[0])[None, :] + np.multiply.outer(cands, k[1:])).sum(axis=1)
        hi = k[k1 + 1 :]
        num = (
            (hi / k1)[None, :]
            * np.exp((ell[k1 + 1 :] - ell[k1])[None, :] + np.multiply.outer(cands, hi - k1))
        ).sum(axis=1)
        err = np.maximum(np.log1p(den), np.log1p(num)) / k1
        ok = err <= _TABLE_TOL * np.abs(cands)
    t_start = float(cands[0])
    for tc, good in zip(cands, ok, strict=True):
        if not good:
            break
        t_start = float(tc)
    return t_start


def _nodes(lv: _Levels, t: FloatArray) -> tuple[FloatArray, ...]:
    """Return ``z = ln(m/(d - m))``, ``dt/dz`` and the band error estimates at ``t``."""
    with np.errstate(all="ignore"):
        j, mom, extra = _anchored_sums(lv, t, band=True)
        _, e1, e2, e3 = mom.T
        jf = j.astype(np.float64)
        m = jf + e1
        dm = (lv.d - jf) - e1
        var = e2 - e1 * e1
        k3 = e3 - 3.0 * e1 * e2 + 2.0 * e1**3
        z = np.log(m) - np.log(dm)
        dz = var * lv.d / (m * dm)
        d2z = k3 * (1.0 / m + 1.0 / dm) - var * var * (1.0 / (m * m) - 1.0 / (dm * dm))
        slope = 1.0 / dz  # dt/dz
        curve = -d2z * slope**3  # d2t/dz2
        # rounding-error estimates (units of eps) of the anchored and centred residuals
        err_anchored = (2.0 * extra[:, 0] + np.abs(t) * extra[:, 1] + np.abs(e1)) / var
        mc = m - lv.c
        err_centred = (2.0 * np.abs(mc) + 0.5 * np.abs(t) * (var + mc * mc)) / var
    return z, np.stack([t, slope, curve]), err_anchored, err_centred


def _hermite(z0: Any, z1: Any, f0: Any, f1: Any, z: Any) -> Any:
    """Quintic Hermite interpolation of t(z) on [z0, z1].

    ``f0`` and ``f1`` hold ``(t, dt/dz, d2t/dz2)`` at the two ends (rows).  The
    result is clipped to ``[t0, t1]`` (t is increasing in z).
    """
    with np.errstate(all="ignore"):
        h = z1 - z0
        th = np.where(h > 0, (z - z0) / h, 0.0)
        th2 = th * th
        th3 = th2 * th
        th4 = th3 * th
        th5 = th4 * th
        r = (
            (1 - 10 * th3 + 15 * th4 - 6 * th5) * f0[0]
            + (10 * th3 - 15 * th4 + 6 * th5) * f1[0]
            + h
            * ((th - 6 * th3 + 8 * th4 - 3 * th5) * f0[1] + (-4 * th3 + 7 * th4 - 3 * th5) * f1[1])
            + h
            * h
            * (0.5 * (th2 - 3 * th3 + 3 * th4 - th5) * f0[2] + 0.5 * (th3 - 2 * th4 + th5) * f1[2])
        )
        ok = np.isfinite(r)
    return np.where(ok, np.clip(np.where(ok, r, 0.0), f0[0], f1[0]), 0.5 * (f0[0] + f1[0]))


def _build_table(lv: _Levels) -> None:
    """Tabulate t(z) for the starting values and find the band of the centred form.

    Nodes are placed in ``t`` (no root finding): ``z``, ``dt/dz`` and ``d2t/dz2``
    follow from the moments at each node.  An interval is halved until the quintic
    Hermite interpolant reproduces ``t`` at its midpoint to ``_TABLE_TOL``.
    """
    d = lv.d
    t_min = _edge_start(lv.ell, lv.k_lo, d)
    t_max = -_edge_start(lv.ell[::-1].copy(), lv.k_hi, d)
    tau = 1.0 / lv.span
    xi = np.linspace(math.asinh(t_min / tau), math.asinh(t_max / tau), 65)
    t = np.unique(np.concatenate([tau * np.sinh(xi), [t_min, 0.0, t_max]]))
    t = t[(t >= t_min) & (t <= t_max)]
    z, f, ea, ec = _nodes(lv, t)
    parts = [(z, f, ea, ec)]
    # pending intervals, by their end nodes
    lz, rz, lf, rf = z[:-1], z[1:], f[:, :-1], f[:, 1:]
    total = t.size
    for _ in range(_TABLE_ROUNDS):
        if lz.size == 0 or total > _TABLE_CAP:
            break
        mt = 0.5 * (lf[0] + rf[0])
        mz, mf, mea, mec = _nodes(lv, mt)
        parts.append((mz, mf, mea, mec))
        total += mt.size
        pred = _hermite(lz, rz, lf, rf, mz)
        scale = np.maximum(np.abs(mt), 1e-3 * tau)
        bad = ~(np.abs(pred - mt) <= _TABLE_TOL * scale) & (rf[0] - lf[0] > 1e-14 * np.abs(mt))
        lz, rz = np.concatenate([lz[bad], mz[bad]]), np.concatenate([mz[bad], rz[bad]])
        lf = np.concatenate([lf[:, bad], mf[:, bad]], axis=1)
        rf = np.concatenate([mf[:, bad], rf[:, bad]], axis=1)
    z = np.concatenate([p[0] for p in parts])
    f = np.concatenate([p[1] for p in parts], axis=1)
    ea = np.concatenate([p[2] for p in parts])
    ec = np.concatenate([p[3] for p in parts])
    order = np.argsort(f[0])
    z, f, ea, ec = z[order], f[:, order], ea[order], ec[order]
    t = f[0]
    good = np.isfinite(z) & np.isfinite(f).all(axis=0) & (f[1] > 0)
    lv.tab_z = np.maximum.accumulate(z[good])
    lv.tab_f = np.ascontiguousarray(f[:, good])
    lv.t_min, lv.t_max = t_min, t_max
    # band: from 0 outwards while the anchored form is poor (estimate > 8 eps relative)
    # and the centred one better; NaN estimates do not end the band
    worse = (ec > ea) | (ea <= 8.0 * np.abs(t))
    neg = np.flatnonzero((t < 0) & worse)
    pos = np.flatnonzero((t > 0) & worse)
    b_lo = t[neg[-1]] if neg.size else t_min
    b_hi = t[pos[0]] if pos.size else t_max
    lv.band = (float(max(b_lo, -_C_LIMIT * tau)), float(min(b_hi, _C_LIMIT * tau)))


def _guess(lv: _Levels, lnu: FloatArray, lndu: FloatArray) -> FloatArray:
    """Starting values: edge asymptotes beyond the table, quintic Hermite inside."""
    z = lnu - lndu
    tz = lv.tab_z
    t = np.empty_like(z)
    below = z <= tz[0]
    above = z >= tz[-1]
    mid = ~(below | above)
    t[below] = (lnu[below] - lv.ln_lo) / lv.k_lo
    t[above] = (lv.ln_hi - lndu[above]) / lv.k_hi
    zm = z[mid]
    i = np.clip(np.searchsorted(tz, zm) - 1, 0, tz.size - 2)
    t[mid] = _hermite(tz[i], tz[i + 1], lv.tab_f[:, i], lv.tab_f[:, i + 1], zm)
    return t


# --------------------------------------------------------------------------
# the solver
# --------------------------------------------------------------------------


def _finish(what: str, t: FloatArray, step: FloatArray, pt: _Point, rows: IntArray) -> FloatArray:
    D, var, k3, L = pt.D[rows], pt.var[rows], pt.k3[rows], pt.L[rows]
    if what == "t":
        return t + step
    if what == "beta":
        return -(t + step)
    if what == "x":
        return np.exp(t) * np.exp(step)
    if what == "s":
        return L + step * (D + 0.5 * var * step)
    v = var + k3 * step
    if what == "var":
        return v
    tf = t + step
    return tf * tf * v


def _solve(lv: _Levels, u: FloatArray, what: str) -> FloatArray:
    """Solve ``m(t) = u`` for ``0 < u < d`` (``u != u*``) and return ``what``."""
    n = u.size
    out = np.empty(n)
    low = (u - lv.c) < lv.mu1  # u < u*, exactly
    dmu = lv.d - u
    lnu = np.log(u)
    lndu = np.log(dmu)
    lo = np.where(low, (lnu - lv.ln_bound_lo) / lv.k_lo, 0.0)
    hi = np.where(low, 0.0, (lv.ln_bound_hi - lndu) / lv.k_hi)
    lo -= 2.0**-30 * (1.0 + np.abs(lo))
    hi += np.where(low, 0.0, 2.0**-30 * (1.0 + np.abs(hi)))
    t = _guess(lv, lnu, lndu)
    t_gauss = ((u - lv.c) - lv.mu1) / lv.var_star
    inside = (t > lo) & (t < hi)
    t = np.where(inside, t, np.where((t_gauss > lo) & (t_gauss < hi), t_gauss, 0.5 * (lo + hi)))
    act = np.arange(n)
    exact_var = what in ("var", "c")
    bits = 53 - lv.d.bit_length()
    for it in range(_MAX_ITER):
        t = _snap(t, bits)
        pt = _evaluate(lv, t, u, exact_var)
        D, var, k3 = pt.D, pt.var, pt.k3
        m = u + D
        dm = dmu - D
        step = np.where(low, -np.log1p(D / u) * m / var, np.log1p(-D / dmu) * dm / var)
        curv = 0.5 * np.abs(np.where(low, k3 / var - var / m, k3 / var + var / dm))
        hi = np.where(D > 0, t, hi)
        lo = np.where(D < 0, t, lo)
        tn = t + step
        # a step below the resolution of t is a converged refinement, whatever the bracket
        tiny = np.abs(step) <= 2.0**-50 * np.abs(t)
        ok = (tn > lo) & (tn < hi) | tiny
        # the step must also be small on the scale of the distribution, for the
        # corrections L + D step + var step^2/2 and var + k3 step (module docstring)
        width = np.maximum(np.abs(k3) / var, np.sqrt(var))
        conv = tiny | ok & (curv * step * step <= _STOP * np.abs(tn)) & (
            np.abs(step) * width <= 2.0**-26
        )
        # noise-dominated rows (subnormal u): the bracket shrinks to the snapped grid
        collapsed = ~conv & (hi - lo <= 2.0 ** (2 - bits) * np.maximum(np.abs(lo), np.abs(hi)))
        if collapsed.any():
            step = np.where(collapsed, 0.5 * (lo + hi) - t, step)
            conv |= collapsed
        rows = np.flatnonzero(conv)
        if rows.size:
            out[act[rows]] = _finish(what, t[rows], step[rows], pt, rows)
        keep = ~conv
        if not keep.any():
            return out
        bisect = ~ok | (it >= 30 and it % 2 == 1)  # guaranteed halving late on
        t = np.where(bisect, 0.5 * (lo + hi), tn)[keep]
        act, u, low, dmu, lo, hi = act[keep], u[keep], low[keep], dmu[keep], lo[keep], hi[keep]
    raise ConvergenceError(  # pragma: no cover - never reached in the tests
        f"saddle point did not converge for u = {short(u[:3])}... after {_MAX_ITER} iterations"
    )


# --------------------------------------------------------------------------
# public interface
# --------------------------------------------------------------------------


def _edge_values(lv: _Levels, what: str) -> tuple[float, float, float]:
    """Values at u = 0, u = d and u = u* (when u* is a float), from the registry."""
    numbers = {
        "0": 0.0,
        "1": 1.0,
        "+inf": math.inf,
        "-inf": -math.inf,
        "ln g_0": lv.ln_g0,
        "ln g_d": lv.ln_gd,
        "ln P(1)": lv.ln_p1,
        "sigma*^2": lv.var_star,
    }
    at = BY_KEY[what].at_edge
    return (
        at("ground", numbers.__getitem__),
        at("top", numbers.__getitem__),
        at("centre", numbers.__getitem__),
    )


def _compute(u: Any, degeneracies: Any, invalid: str, what: str) -> Any:
    if invalid not in ("raise", "nan"):
        raise DomainError(f"invalid must be 'raise' or 'nan'; got {short(invalid)}")
    with np.errstate(all="ignore"):
        lv = _levels(degeneracies)
    d = lv.d
    arr = check_u_array(u, d + 1, allow_nan=True)
    flat = arr.reshape(-1)
    good = (flat >= 0) & (flat <= d)  # NaN compares False
    if not good.all() and invalid == "raise":
        first = int(np.flatnonzero(~good)[0])
        where = f"u[{first}]" if arr.ndim else "u"
        raise DomainError(
            f"u must lie in [0, {d}] for degeneracies of degree d = {d}; "
            f"{where} = {float(flat[first])!r}"
        )
    out = np.full(flat.shape, np.nan)
    at0, atd, atstar = _edge_values(lv, what)
    out[good & (flat == 0)] = at0
    out[good & (flat == d)] = atd
    interior = good & (flat > 0) & (flat < d)
    if lv.ustar_is_float:
        star = interior & (flat == lv.c)
        out[star] = atstar
        interior &= ~star
    idx = np.flatnonzero(interior)
    if idx.size:
        with np.errstate(all="ignore"):
            chunk = max(256, min(1 << 15, _CHUNK_ENTRIES // (d + 1)))
            for lo in range(0, idx.size, chunk):
                r = idx[lo : lo + chunk]
                out[r] = _solve(lv, flat[r], what)
    if what == "beta":
        out += 0.0  # no -0.0
    res = out.reshape(arr.shape)
    return res[()] if res.ndim == 0 else res


_DOC = BackendDoc(
    arithmetic="in float64 for any integer spectrum, on arrays of any shape",
    parameters="""
u : float or array_like
    Energy per particle in units of the level spacing, ``0 <= u <= d``; any
    shape.
degeneracies : sequence of real numbers
    ``g_0, ..., g_d >= 0`` with ``g_0 > 0``, ``g_d > 0`` and ``d >= 1``: ints
    (of any size), floats, Fractions or SymPy numbers, taken exactly.  The
    constants derived from them are cached, so repeated calls are cheap.
invalid : {"raise", "nan"}
    With ``"raise"`` (the default) a NaN, an infinity or a value outside
    ``[0, d]`` raises :class:`~mesosym.errors.DomainError` naming the first
    offending flat index and its value; ``"nan"`` returns NaN there instead.
""",
    returns=(
        "numpy.float64 or numpy.ndarray\n    With the shape of ``u``; "
        "``P(x) = sum_k g_k x^k`` and ``u* = P'(1)/P(1)``."
    ),
    precision=(
        "Relative error <= 1e-13 for every normal ``u`` in ``(0, d)`` and ``d <= 1000`` "
        "(exact values at ``0``, ``d`` and a float ``u*``); see the module docstring for "
        "degeneracies below 1."
    ),
    notes={
        "x": (
            "Also where ``|t|`` is large: ``x* = e^{t_0} e^{delta}`` from the last Newton "
            "point, not ``e^t`` of a rounded ``t``."
        ),
        "s": "Evaluated in the Legendre form ``ln P(e^t) - u t``, stationary in ``t``.",
        "beta": (
            "Next to ``u*`` too: ``u - u*`` is formed from ``u*`` in exact rational "
            "arithmetic and the residual is written so that nothing cancels there."
        ),
        "t": "As for ``beta = -t``.",
        "c": "Next to ``u*``, ``c ~ (u - u*)^2/sigma^2`` keeps its relative accuracy too.",
    },
    examples={
        "x": """
Two levels: ``x* = u/(1 - u)``.

>>> float(saddle_point(0.25, [1, 1]))
0.33333333333333
>>> saddle_point([0.0, 1.0, 2.0], [1, 1, 1])
array([ 0.,  1., inf])
""",
        "t": """
A gap: ``P = 2 + x^2`` has ``u = 2 x^2/(2 + x^2)``, so at ``u = 1``,
``x^2 = 2`` and ``t = ln(2)/2``.

>>> float(log_saddle_point(1.0, [2, 0, 1]))
0.34657359027997
""",
        "s": """
The two-level system: ``s(1/2) = ln 2``, and ``s(1/4) = ln 4 - (3/4) ln 3``.

>>> float(entropy(0.5, [1, 1]))
0.69314718055995
>>> float(entropy(0.25, [1, 1]))
0.5623351446188
>>> float(entropy([0.0, 2.0], [2, 0, 1])[0])  # ln g_0 = ln 2 at the ground level
0.69314718055995
""",
        "beta": """
Two levels: ``beta eps = ln((1 - u)/u)``, so ``ln 3`` at ``u = 1/4``.

>>> float(inverse_temperature(0.25, [1, 1]))
1.0986122886681
>>> float(inverse_temperature(1.5, [1, 3, 3, 1]))  # u* = 3/2
0.0
""",
        "var": """
Two levels: ``u (1 - u)``.  ``(1 + x)^3`` at ``u* = 3/2``: ``3/4``.

>>> float(energy_variance(0.25, [1, 1]))
0.1875
>>> float(energy_variance(1.5, [1, 3, 3, 1]))
0.75
""",
        "c": """
Two levels at ``u = 1/4``: ``(ln 3)^2 * 3/16``.

>>> float(heat_capacity(0.25, [1, 1]))
0.22630293015236
""",
    },
)


def _quantity(key: str) -> Callable[..., Any]:
    def function(u: Any, degeneracies: Any, *, invalid: str = "raise") -> Any:
        return _compute(u, degeneracies, invalid, key)

    return _DOC.attach(function, key)


saddle_point = _quantity("x")
log_saddle_point = _quantity("t")
entropy = _quantity("s")
inverse_temperature = _quantity("beta")
energy_variance = _quantity("var")
heat_capacity = _quantity("c")
