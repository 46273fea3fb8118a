r"""The mpmath saddle-point solver: any spectrum, any number of digits.

The one arbitrary-precision route of mesosym: :class:`~mesosym.levels.saddle.SaddleRoot`'s
``evalf``, the ``"mpmath"`` backend of every Spectrum, the 1/N expansion
(:mod:`mesosym.levels.asymptotics`) and the certified :mod:`~mesosym.numeric.arb`
enclosures all call :func:`solve`.  For one ``u`` at a time it returns, correct to
``digits`` significant digits: the saddle point ``x*``, ``t = ln x*``, the entropy
per particle ``s``, ``beta*eps = -t``, the variance ``sigma^2 = du/dt`` and the
heat capacity per particle ``c/k_B = (beta eps)^2 sigma^2``.

Method
------
``u`` is taken exactly (:func:`~mesosym.validation.as_fraction`: floats by their
binary value, strings as decimals, never evaluated).  Above ``u* = P'(1)/P(1)``
the spectrum is reflected and ``d - u`` formed exactly, so that ``t <= 0`` and the
stable forms of :mod:`mesosym.numeric.tilted` apply; the edges ``u = 0``,
``u = d`` and the centre ``u = u*`` are exact values.  Newton's method in ``t``,
kept inside a bracket ``[lower bound, 0]`` and replaced by bisection when it
leaves it, solves ``ln m(t) = ln v`` far from ``u*`` (``v < u*/2``) and
``m(t) - u* = v - u*`` near it; both residuals increase with ``t``.  The working
precision is ``digits`` plus 12 guard digits plus what the law says its forms
lose (``log10(d + 1)`` for the sums; the cancellation of the geometric form near
``u*``).  mpmath's precision is changed only inside ``mpmath.workdps``.

Examples
--------
The two-level system (eqs. 22-23): ``s(1/4) = ln 4 - (3/4) ln 3``,
``beta eps = ln 3``; a gapped spectrum ``2 + x^2`` at ``u = 1``: ``t = ln(2)/2``.

>>> import mpmath
>>> mpmath.nstr(entropy("0.25", 2, digits=30), 30)
'0.562335144618808350288030315224'
>>> mpmath.nstr(inverse_temperature(0.25, [1, 1], digits=30), 30)
'1.09861228866810969139524523692'
>>> mpmath.nstr(log_saddle_point(1, [2, 0, 1], digits=20), 20)
'0.34657359027997265471'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy

from .. import budget
from ..budget import short
from ..errors import ConvergenceError, DomainError, MesosymError
from ..quantities import BY_KEY
from ..significant import significant
from ..validation import as_fraction, check_digits
from .quantities import QUANTITIES, BackendDoc, key_of
from .tilted import MP, Law, law_of

__all__ = ["QUANTITIES", "Reduced", "solve", "evaluate", *QUANTITIES.values()]
_GUARD = 12


class Reduced:
    """One point ``u`` of one law, reflected to ``v = min(u, d - u) <= u*`` (exact)."""

    def __init__(self, law: Law, u: Any) -> None:
        uf = as_fraction(u)
        d = law.d
        if uf < 0 or (d is not None and uf > d):
            rng = "[0, oo)" if d is None else f"[0, {d}]"
            raise DomainError(f"u must lie in {rng} for this spectrum; got {short(u)}")
        self.levels = law
        self.above = d is not None and uf > law.ustar
        self.law = law.reflected() if self.above else law
        self.v = d - uf if self.above and d is not None else uf
        self.edge = self.v == 0
        self.centre = d is not None and self.v == law.ustar
        self.far = self.v < self.law.ustar / 2 or d is None

    def residual(self, ctx: Any, t: Any) -> Any:
        """``m(t) - v``, increasing in t (near u* at the extra digits of the law)."""
        return self.law.moments(ctx, t)[0] - ctx.convert(self.v)

    def working_digits(self, digits: int) -> int:
        """The working precision for a result good to ``digits`` digits."""
        return digits + _GUARD + self.law.extra_digits(self.v)

    def edge_number(self, ctx: Any, name: str) -> Any:
        """The number ``name`` of :data:`mesosym.quantities.EDGE_NUMBERS`, in ``ctx``."""
        if name == "+inf":
            return ctx.inf
        if name == "-inf":
            return -ctx.inf
        if name in ("0", "1"):
            return ctx.convert(Fraction(int(name)))
        if name == "ln g_0":
            return self.levels.edge_entropy(ctx)
        if name == "ln g_d":
            return self.levels.reflected().edge_entropy(ctx)
        if name == "ln P(1)":
            return self.levels.centre_entropy(ctx)
        if name == "sigma*^2":
            return ctx.convert(self.levels.var_star)
        raise DomainError(
            f"no edge number {short(name)}"
        )  # pragma: no cover - the registry's names

    def edge_value(self, ctx: Any, what: str) -> Any:
        """The value of ``what`` (a key) at ``u = 0``, ``u*`` or ``u = d``, from the registry."""
        edge = "centre" if self.centre else "top" if self.above else "ground"
        return BY_KEY[what].at_edge(edge, lambda name: self.edge_number(ctx, name))

    def quantity(self, ctx: Any, what: str, t: Any, residual: Any = None) -> Any:
        """``what`` at the root ``t`` (a number, or an arb ball with its residual)."""
        if self.edge or self.centre:
            return self.edge_value(ctx, what)
        key = "t" if what in ("x", "beta") else what
        if key == "t":
            value = t
        elif key == "s":
            value = self.law.legendre(ctx, t, ctx.convert(self.v))
            if residual is not None:  # mean-value form: L(t*) in L(mid) + L'(T)(T - mid)
                value = residual[0] + residual[1]
        else:
            value = self.law.moments(ctx, t)[1]
            if key == "c":
                value = t * t * value
        if key == "t":
            if self.above:
                value = -value
            if what == "x":
                return ctx.exp(value)
            return -value if what == "beta" else value
        return value


def _float_start(law: Law, v: Fraction) -> mpmath.mpf | None:
    """``t`` from the float64 kernels (good to ~1e-13): Newton then needs a few steps."""
    from . import equispaced, polynomial  # the kernels build a table per spectrum once

    if not Fraction(1, 10**300) < v < Fraction(10**300):
        return None
    kind, arg = law.key
    kernel = equispaced if kind == "equispaced" else polynomial
    try:
        with numpy.errstate(all="ignore"):
            t = float(kernel.log_saddle_point(float(v), arg))
    except (MesosymError, ArithmeticError, ValueError):
        return None
    return mpmath.mpf(t) if math.isfinite(t) and t < 0 else None


def _root(point: Reduced) -> mpmath.mpf:
    """``t`` at the current precision: Newton's method, safeguarded by bisection."""
    law, v = point.law, point.v
    closed = law.closed_root(MP, v)
    if closed is not None:
        return closed
    lo, hi = law.lower_bound(v), mpmath.mpf(0)
    t = _float_start(law, v)
    if t is None or not lo < t < hi:
        t = law.start(v)
    if not lo < t < hi:
        t = lo / 2
    vm = MP.convert(v)
    logv = mpmath.log(vm)
    tol = mpmath.eps * 16
    for _ in range(8 * mpmath.mp.prec + 100):
        m, var = law.moments(MP, t)
        if point.far:  # ln m is nearly linear in t at the edge
            res, slope = mpmath.log(m) - logv, var / m
        else:
            res, slope = m - vm, var
        if res > 0:
            hi = t
        elif res < 0:
            lo = t
        else:
            return t
        new = t - res / slope
        if not lo < new < hi:
            new = (lo + hi) / 2
        if abs(new - t) <= tol * abs(new) or hi - lo <= tol * abs(hi):
            return new
        t = new
    raise ConvergenceError(  # pragma: no cover - the bracket halves at worst
        f"the saddle point at u = {point.v} did not converge ({mpmath.mp.dps} digits)"
    )


def solve(levels: Any, u: Any, digits: int = 50) -> mpmath.mpf:
    """Return ``t = ln x*`` at ``u`` to ``digits`` significant digits.

    Parameters
    ----------
    levels : int, oo, sequence, Spectrum or Law
        ``q`` equal levels, the degeneracies ``g_0..g_d``, or a Spectrum.
    u : int, float, str, Fraction, SymPy or mpmath number
        Energy per particle, ``0 <= u <= d``; taken exactly.
    digits : int
        Significant decimal digits of the result.

    Examples
    --------
    >>> solve([1, 1], "0.25", digits=15)   # ln(u/(1 - u)) = -ln 3
    mpf('-1.09861228866811')
    """
    return evaluate(levels, "t", u, digits=digits)


def evaluate(levels: Any, what: str | tuple[str, ...], u: Any, *, digits: int = 50) -> Any:
    """Return the quantity ``what`` (a key of :data:`QUANTITIES`) at ``u``.

    A tuple of keys gives a tuple of values, all from one solve.

    >>> evaluate(3, "s", 1, digits=15)   # ln 3 at u* = 1
    mpf('1.09861228866811')
    >>> evaluate([1, 1], ("s", "beta"), "0.5", digits=15)   # ln 2, 0
    (mpf('0.693147180559945'), mpf('0.0'))
    """
    digits = check_digits(digits)
    if not isinstance(what, (str, tuple, list)):
        raise DomainError(
            f"what must be one of {', '.join(QUANTITIES)} or a tuple of them; got {short(what)}"[
                :300
            ]
        )
    names = tuple(key_of(name) for name in ((what,) if isinstance(what, str) else what))
    point = Reduced(law_of(levels), u)
    working = point.working_digits(digits)
    q = getattr(point.law, "q", None)
    budget.require(
        f"evaluation at {digits} digits ({working} working digits)",
        seconds=budget.digits_seconds(
            working,
            len(getattr(point.law, "g", ())) or 2,
            q.bit_length() if isinstance(q, int) else 0,
        ),
        memory=0,
        change="--digits (fewer) or q",
    )
    with mpmath.workdps(working):
        t = None if point.edge or point.centre else _root(point)
        values = [point.quantity(MP, name, t) for name in names]
    values = [significant(value, digits) for value in values]
    return values[0] if isinstance(what, str) else tuple(values)


#: the parameters u and levels, as the mpmath and arb functions document them
LEVELS_PARAMETERS = """
u : int, float, str, Fraction, SymPy or mpmath number
    Energy per particle in units of eps, ``0 <= u <= d``; taken exactly (floats
    by their binary value, strings as decimals, never evaluated).
levels : int, oo, sequence or Spectrum
    ``q`` equal levels (``oo``: the Einstein solid), or the degeneracies
    ``g_0..g_d``.
"""

_DOC = BackendDoc(
    arithmetic="as an mpmath number to ``digits`` significant digits",
    parameters=LEVELS_PARAMETERS
    + """digits : int
    Significant decimal digits of the result (default 50).
""",
    returns="mpmath.mpf",
    precision=(
        "Correct to ``digits`` significant digits on the whole domain, edges included "
        "(``digits`` plus 12 guard digits plus what the forms lose are carried; the edges "
        "and ``u*`` are exact values)."
    ),
    examples={
        "x": """
>>> saddle_point("0.5", 2, digits=15)  # x = u/(1-u)
mpf('1.0')
>>> saddle_point(1, float("inf"), digits=15)  # u/(1+u)
mpf('0.5')
""",
        "t": """
>>> log_saddle_point(Fraction(1, 4), 2, digits=15)  # ln(1/3)
mpf('-1.09861228866811')
""",
        "s": """
>>> entropy(1, 3, digits=15)  # u* = 1: s = ln 3
mpf('1.09861228866811')
>>> entropy(0, [2, 0, 1], digits=15)  # ln g_0 at the ground level
mpf('0.693147180559945')
""",
        "beta": """
>>> inverse_temperature(1, float("inf"), digits=15)  # ln 2
mpf('0.693147180559945')
""",
        "var": """
>>> energy_variance(1, 3, digits=15)  # (q^2 - 1)/12 at u*
mpf('0.666666666666667')
""",
        "c": """
>>> heat_capacity(1, float("inf"), digits=15)  # (ln 2)^2 * 2
mpf('0.960906027836403')
""",
    },
)


def _quantity(key: str) -> Callable[..., mpmath.mpf]:
    def function(u: Any, levels: Any, *, digits: int = 50) -> mpmath.mpf:
        return evaluate(levels, key, u, digits=digits)

    return _DOC.attach(function, key)


saddle_point = _quantity("x")
log_saddle_point = _quantity("t")
entropy = _quantity("s")
inverse_temperature = _quantity("beta")
energy_variance = _quantity("var")
heat_capacity = _quantity("c")
