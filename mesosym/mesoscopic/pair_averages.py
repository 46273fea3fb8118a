"""The pair potential averaged over two spatial cells of a one-dimensional gas.

Two points placed independently and uniformly in cells of width ``w`` whose
indices differ by ``k`` lie at the distance ``w |k + u|``, where ``u`` (the
difference of two uniform numbers on [0, 1]) has the triangle density
``1 - |u|`` on [-1, 1].  The cell-averaged potential is therefore one integral,

    phibar(k) = int_0^1 (1 - u) [phi(w |k + u|) + phi(w |k - u|)] du,

and it depends on the two cells only through ``k``: it is computed once per
cell distance.  A hard core of length ``a`` (the potential is +oo below ``a``)
makes ``phibar(k) = +oo`` exactly when an overlap has positive probability,
i.e. when the smallest distance ``(k - 1) w`` (0 for ``k = 0``) is below ``a``:
offset ``k`` is allowed iff ``k >= 1 + a/w`` (``a > 0``).

Examples
--------
A constant potential averages to itself; a linear one, ``phi = r``, averages
to ``w k`` for ``k >= 1`` and to ``w/3`` inside one cell (the mean distance of
two uniform points in [0, w]):

>>> import mpmath, sympy
>>> from mesosym.symbols import r
>>> phi = potential_function(r)
>>> with mpmath.workdps(20):
...     [cell_pair_average(phi, mpmath.mpf(3), k) for k in (0, 1, 2)]
[mpf('1.0'), mpf('3.0'), mpf('6.0')]
"""

from __future__ import annotations

import functools
import keyword
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from sympy.calculus.util import continuous_domain
from sympy.core.function import AppliedUndef
from sympy.core.numbers import ImaginaryUnit
from sympy.core.relational import Relational
from sympy.functions.elementary.piecewise import ExprCondPair
from sympy.logic.boolalg import BooleanAtom, BooleanFunction

from ..budget import require, short
from ..errors import ConvergenceError, DomainError
from ..symbols import r
from ..validation import as_sympy, check_count
from .quadrature import Arithmetic, finer

__all__ = [
    "check_pair_potential",
    "potential_function",
    "potential_values",
    "PotentialProfile",
    "potential_profile",
    "offset_allowed",
    "first_allowed_offset",
    "cell_pair_average",
    "cell_averages",
    "cell_pair_averages",
    "MAX_CELL_NODES",
    "CELL_START_NODES",
]

#: the most Gauss-Legendre nodes per cell before a cell average is declared not converged
MAX_CELL_NODES = 400
#: the nodes of the first rule of the cell averages (then about 3/2 more each time)
CELL_START_NODES = 6

_ALLOWED = (
    "None or a SymPy expression in the one symbol mesosym.symbols.r (the distance) built "
    "from numbers, +, *, ** and SymPy's own functions, real and finite for r > 0"
)


def _unsafe_part(expr: sp.Basic) -> str | None:
    """What in ``expr`` may not be turned into code, or None.

    Only SymPy's own functions, numbers, symbols with identifier names,
    arithmetic and the relations of a Piecewise pass; an undefined function
    (``Function(name)``) would have its name written into generated code.
    """
    for node in sp.preorder_traversal(expr):
        if isinstance(node, AppliedUndef):
            return f"the undefined function {short(type(node).__name__)}"
        if isinstance(node, sp.Symbol):
            if not node.name.isidentifier() or keyword.iskeyword(node.name):
                return f"a symbol named {short(node.name)} (not a plain identifier)"
            continue
        if isinstance(
            node,
            (sp.Number, sp.NumberSymbol, ImaginaryUnit, BooleanAtom, sp.Add, sp.Mul, sp.Pow),
        ) or isinstance(node, (ExprCondPair, Relational)):
            continue
        if isinstance(node, (sp.Function, BooleanFunction)):
            kind = type(node)
            if kind.__module__.startswith("sympy.") and kind.__name__.isidentifier():
                continue
            return f"the function {short(kind.__name__)} (only SymPy's own functions are evaluated)"
        return f"a {short(type(node).__name__)} (not a closed-form expression in r)"
    return None


def check_pair_potential(pair_potential: Any) -> sp.Expr | None:
    """Return the pair potential as a SymPy expression in ``r`` (or None), else raise.

    Text is refused (never sympified); so is an expression in any symbol other
    than :data:`mesosym.symbols.r` (a ``Symbol("r")`` without its assumptions is
    a different symbol and is refused too), an undefined function, a symbol or
    function whose name is not a plain identifier, and anything but numbers,
    arithmetic and SymPy's own functions: nothing a caller names is ever written
    into generated code.

    >>> from mesosym.symbols import r
    >>> check_pair_potential(2 * r)
    2*r
    >>> check_pair_potential("exp(-r)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: pair_potential must be ...; got the text 'exp(-r)' (...)
    >>> check_pair_potential(sp.Function("f")(r))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: pair_potential must be ...; it contains the undefined function 'f'
    """
    if pair_potential is None:
        return None
    if isinstance(pair_potential, (str, bytes)):
        raise DomainError(
            f"pair_potential must be {_ALLOWED}; got the text {short(pair_potential)} "
            "(text is never parsed)"
        )
    if isinstance(pair_potential, (int, float)) and not isinstance(pair_potential, bool):
        pair_potential = (
            sp.Rational(pair_potential)
            if isinstance(pair_potential, int)
            else (sp.Float(pair_potential))
        )
    if not isinstance(pair_potential, sp.Expr):
        raise DomainError(f"pair_potential must be {_ALLOWED}; got {short(pair_potential)}")
    unsafe = _unsafe_part(pair_potential)
    if unsafe:
        raise DomainError(f"pair_potential must be {_ALLOWED}; it contains {unsafe}")
    others = pair_potential.free_symbols - {r}
    if others:
        names = ", ".join(sorted(str(s) for s in others))
        raise DomainError(
            f"pair_potential must be {_ALLOWED}; got {short(pair_potential)}, which also contains "
            f"{names} (a Symbol('r') made elsewhere has other assumptions: use mesosym.symbols.r)"
        )
    if pair_potential.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I):
        raise DomainError(f"pair_potential must be {_ALLOWED}; got {short(pair_potential)}")
    return pair_potential


def potential_function(pair_potential: sp.Expr) -> Callable[[Any], Any]:
    """The pair potential as an mpmath function of the distance (evaluated at working precision).

    A value that is not a finite real number raises DomainError naming the distance.

    >>> from mesosym.symbols import r
    >>> potential_function(r**2)(mpmath.mpf(3))
    mpf('9.0')
    """
    return _mpmath_function(check_pair_potential(pair_potential))


@functools.lru_cache(maxsize=64)
def _mpmath_function(pair_potential: sp.Expr) -> Callable[[Any], Any]:
    try:
        raw = sp.lambdify(r, pair_potential, modules="mpmath")
    except ValueError:  # its code would print an integer beyond 4300 digits
        raise DomainError(
            f"pair_potential must be {_ALLOWED}; got {short(pair_potential, form=str)}, "
            "with an integer too long to print"
        ) from None

    def phi(distance: Any) -> Any:
        value = mpmath.mpmathify(raw(distance))
        if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
            raise DomainError(f"pair_potential must be {_ALLOWED}; it is {value} at r = {distance}")
        return value

    return phi


@functools.lru_cache(maxsize=64)
def _numpy_function(pair_potential: sp.Expr) -> Callable[[np.ndarray], np.ndarray]:
    """Phi on float64 arrays: numpy/scipy code, or mpmath per element where numpy has no code."""
    raw = sp.lambdify(r, pair_potential, modules=["scipy", "numpy"])
    probe = np.array([0.25, 0.5, 1.5])
    expected = [float(_mpmath_function(pair_potential)(x)) for x in (0.25, 0.5, 1.5)]
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            got = np.broadcast_to(np.asarray(raw(probe), dtype=np.float64), probe.shape)
        works = np.allclose(got, expected, rtol=1e-12, atol=1e-300)
    except Exception:  # noqa: BLE001 - any failure of the generated code: use mpmath
        works = False
    if works:

        def phi(x: np.ndarray) -> np.ndarray:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                values = np.asarray(raw(x))
            if np.iscomplexobj(values):
                values = np.where(values.imag == 0, values.real, np.nan)
            return np.array(np.broadcast_to(values, np.shape(x)), dtype=np.float64)

        return phi
    scalar = _mpmath_function(pair_potential)

    def phi_by_mpmath(x: np.ndarray) -> np.ndarray:
        with mpmath.workdps(20):
            flat = [float(scalar(mpmath.mpf(float(v)))) for v in np.ravel(x)]
        return np.array(flat, dtype=np.float64).reshape(np.shape(x))

    return phi_by_mpmath


def potential_values(
    pair_potential: sp.Expr, distances: np.ndarray, arithmetic: Arithmetic
) -> np.ndarray:
    """Phi at an array of distances, in float64 or mpmath (``+inf`` allowed, never NaN or -inf).

    >>> from mesosym.symbols import r
    >>> potential_values(r**2, np.array([1.0, 3.0]), Arithmetic(None))
    array([1., 9.])
    """
    if arithmetic.float64:
        values = _numpy_function(pair_potential)(distances)
        bad = np.isnan(values) | (values == -np.inf)
        if bad.any():
            where = float(np.ravel(distances)[np.argmax(np.ravel(bad))])
            raise DomainError(
                f"pair_potential must be {_ALLOWED}; it is not a real number at r = {where}"
            )
        return values
    return np.frompyfunc(_mpmath_function(pair_potential), 1, 1)(distances)


# -- where the potential is singular or not smooth ----------------------------------------------


@dataclass(frozen=True)
class PotentialProfile:
    """Where on [lo, hi] a pair potential is not analytic.

    ``breakpoints``: jumps and kinks (Piecewise conditions, Abs, Min, Max,
    Heaviside, sign), exact numbers inside (lo, hi).  ``singular``: points
    where phi is undefined, each with its one-sided limits (None outside
    [lo, hi]); every limit is finite or +oo (a potential unbounded below is
    refused by :func:`potential_profile`).  ``divergent``: the singular points
    near which phi is not integrable (its cell average is +oo).
    """

    lo: Any
    hi: Any
    breakpoints: tuple[Any, ...]
    singular: tuple[tuple[Any, Any, Any], ...]
    divergent: tuple[Any, ...]

    def special_points(self) -> tuple[Any, ...]:
        """Breakpoints and singular points, sorted."""
        return tuple(sorted({*self.breakpoints, *(p for p, _, _ in self.singular)}, key=float))


_NOT_SUPPORTED = (sp.floor, sp.ceiling, sp.frac, sp.DiracDelta)


def _unbounded_below(limit: Any) -> bool:
    """True unless ``limit`` is None, a finite real number, +oo or a range bounded below."""
    if limit is None or limit is sp.oo:
        return False
    if isinstance(limit, sp.AccumBounds):
        return not (limit.min.is_extended_real and limit.min.is_finite)
    return not (limit.is_extended_real and limit.is_finite)


def _zeros(expr: sp.Expr, region: sp.Set) -> set[Any]:
    """The zeros of ``expr`` in ``region``: a finite set, else DomainError."""
    found = sp.solveset(expr, r, region)
    if not isinstance(found, sp.FiniteSet):
        raise DomainError(
            f"pair_potential must be {_ALLOWED} with finitely many kinks; cannot locate the "
            f"zeros of {short(expr)} in {region}"
        )
    return set(found)


def _intervals(region: sp.Set) -> list[sp.Interval]:
    if region is sp.S.EmptySet or isinstance(region, sp.FiniteSet):
        return []
    if isinstance(region, sp.Interval):
        return [region]
    if isinstance(region, sp.Union):
        return [part for arg in region.args for part in _intervals(arg)]
    raise DomainError(f"pair_potential must be {_ALLOWED}; cannot analyse it on {region}")


def _analyse(
    expr: sp.Expr, region: sp.Set, breaks: set[Any], singular: dict[Any, list[Any]]
) -> None:
    """Collect the breakpoints and singular points of ``expr`` on ``region``; refuse -oo."""
    for interval in _intervals(region):
        if isinstance(expr, sp.Piecewise):
            remaining: sp.Set = interval
            for piece, condition in expr.args:
                where = sp.Intersection(condition.as_set(), remaining)
                _analyse(piece, where, breaks, singular)
                for part in _intervals(where):
                    breaks.update(
                        p for p in (part.inf, part.sup) if interval.inf < p < interval.sup
                    )
                remaining = sp.Complement(remaining, where)
            if remaining.measure > 0:
                raise DomainError(
                    f"pair_potential must be {_ALLOWED}; the Piecewise {short(expr)} has no "
                    f"value on {remaining}"
                )
            continue
        for node in sp.preorder_traversal(expr):
            if isinstance(node, _NOT_SUPPORTED):
                raise DomainError(
                    f"pair_potential must be {_ALLOWED}; {type(node).__name__} (infinitely many "
                    "jumps, or a distribution) is not supported"
                )
            if isinstance(node, (sp.Abs, sp.Heaviside, sp.sign)):
                breaks.update(_zeros(node.args[0], interval.interior))
            elif isinstance(node, (sp.Min, sp.Max)):
                args = node.args
                for i, first in enumerate(args):
                    for second in args[i + 1 :]:
                        breaks.update(_zeros(first - second, interval.interior))
            elif isinstance(node, sp.Piecewise):
                for _, condition in node.args:
                    for relation in condition.atoms(Relational):
                        breaks.update(_zeros(relation.lhs - relation.rhs, interval.interior))
        try:
            domain = continuous_domain(expr, r, interval)
        except (NotImplementedError, ValueError, TypeError):
            domain = interval  # no symbolic domain: a non-real value is caught where evaluated
        bad = sp.Complement(interval, domain)
        if bad.measure > 0:
            raise DomainError(
                f"pair_potential must be {_ALLOWED}; {short(expr)} is not real and finite for "
                f"the distances in {bad} (the pair distances fill [hard_core, length])"
            )
        points = set(bad) if isinstance(bad, sp.FiniteSet) else set()
        points.update(p for p in (interval.inf, interval.sup) if p not in interval)
        for p in points:
            left = sp.limit(expr, r, p, "-") if p > interval.inf else None
            right = sp.limit(expr, r, p, "+") if p < interval.sup else None
            if _unbounded_below(left) or _unbounded_below(right):
                raise DomainError(
                    f"pair_potential must be bounded below on the pair distances "
                    f"[hard_core, length]; {short(expr)} tends to -oo (or has no real limit) as "
                    f"r -> {p}: exp(-beta phi) then grows without bound, Z is infinite where it "
                    "grows faster than 1/|r - r0|, and a potential unbounded below lets the "
                    "particles collapse (no stable thermodynamics); add a hard core or a "
                    "repulsive part"
                )
            limits = singular.setdefault(p, [None, None])
            limits[0] = left if left is not None else limits[0]
            limits[1] = right if right is not None else limits[1]


@functools.lru_cache(maxsize=64)
def potential_profile(pair_potential: sp.Expr, lo: Any, hi: Any) -> PotentialProfile:
    """Check that phi is real and bounded below on [lo, hi]; find where it is not analytic.

    A potential that tends to -oo at some distance (-1/r, log r, -1/(r - 1)^2
    at r = 0 or 1) makes Z infinite or the model unstable: DomainError, with
    the point.  ``+oo`` (a soft core, 1/r^12) is allowed.

    Examples
    --------
    >>> from mesosym.symbols import r
    >>> potential_profile(1 / r**12, 0, 2).singular
    ((0, None, oo),)
    >>> potential_profile(sp.Piecewise((-1, r < 1), (0, True)), 0, 2).breakpoints
    (1,)
    >>> potential_profile(-1 / r, 0, 2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: pair_potential must be bounded below ...as r -> 0: ...
    """
    lo, hi = as_sympy(lo, "lo"), as_sympy(hi, "hi")  # never sympify: text is not read
    breaks: set[Any] = set()
    singular: dict[Any, list[Any]] = {}
    _analyse(pair_potential, sp.Interval(lo, hi), breaks, singular)
    for p, (left, right) in list(singular.items()):
        if all(limit is None or limit.is_finite for limit in (left, right)):
            del singular[p]  # finite on both sides: a jump or a removable point
            breaks.add(p)
    breaks = {p for p in breaks if lo < p < hi and p not in singular}
    divergent = []
    for p, (left, right) in singular.items():
        for side, limit in (("-", left), ("+", right)):
            if limit is sp.oo and sp.limit((r - p) * pair_potential, r, p, side) != 0:
                divergent.append(p)
                break
    return PotentialProfile(
        lo,
        hi,
        tuple(sorted(breaks, key=float)),
        tuple(
            sorted(((p, lim[0], lim[1]) for p, lim in singular.items()), key=lambda t: float(t[0]))
        ),
        tuple(sorted(divergent, key=float)),
    )


# -- cell averages -----------------------------------------------------------------------------


def _length(name: str, value: Any, *, positive: bool) -> sp.Expr:
    """A cell width (``positive``) or a hard core (>= 0) as an exact real SymPy number."""
    allowed = "a positive" if positive else "a non-negative"
    bad = DomainError(
        f"{name} must be {allowed} real number (int, Rational, float, mpf or a real SymPy "
        f"expression such as sqrt(2)/4); got {short(value)}"
    )
    if isinstance(value, bool):
        raise bad
    v = as_sympy(value, name)
    if not isinstance(v, sp.Expr) or not v.is_number or v.is_extended_real is not True:
        raise bad
    if not v.is_finite or (v.is_positive if positive else v.is_nonnegative) is not True:
        raise bad
    return v


def _mpf(name: str, value: Any, *, positive: bool = True) -> Any:
    """:func:`_length` at the working precision, as an mpf."""
    v = _length(name, value, positive=positive)
    return sp.N(v, mpmath.mp.dps + 5)._to_mpmath(mpmath.mp.prec)


def offset_allowed(offset: int, width: sp.Expr, hard_core: sp.Expr) -> bool:
    """True when two rods in cells ``offset`` apart overlap with probability zero (exact).

    >>> offset_allowed(2, sp.Rational(1, 2), sp.Rational(1, 2)), offset_allowed(1, 1, 1)
    (True, False)
    """
    offset = check_count("offset", offset)
    width = _length("width", width, positive=True)
    hard_core = _length("hard_core", hard_core, positive=False)
    if hard_core == 0:
        return True
    if offset == 0:
        return False
    return bool((offset - 1) * width >= hard_core)


def first_allowed_offset(width: Any, hard_core: Any) -> int:
    """The smallest cell offset k with no overlap possible: 0 without a core, else 1 + ceil(a/w).

    Exact for exact (also irrational) width and core: offset k is allowed iff (k - 1) w >= a.

    >>> first_allowed_offset(sp.Rational(1, 4), sp.Rational(1, 4)), first_allowed_offset(1, 0)
    (2, 0)
    >>> first_allowed_offset(sp.sqrt(2) / 4, sp.Rational(1, 2))  # a/w = sqrt(2) = 1.41...
    3
    """
    width = _length("width", width, positive=True)
    hard_core = _length("hard_core", hard_core, positive=False)
    if hard_core == 0:
        return 0
    return 1 + int(sp.ceiling(hard_core / width))


def cell_pair_average(
    phi: Callable[[Any], Any], width: Any, offset: int, *, tolerance: Any = None
) -> Any:
    """Average of ``phi(|x - y|)`` over x, y uniform in two cells ``offset`` apart.

    One adaptive quadrature of the triangle kernel per offset (mpmath's
    Gauss-Legendre with its own error estimate): the scalar route, kept as an
    independent check of :func:`cell_averages`.

    Parameters
    ----------
    phi : callable
        The potential as an mpmath function (see :func:`potential_function`).
    width : mpf
        The cell width w.
    offset : int
        The cell distance k >= 0.
    tolerance : mpf, optional
        Largest accepted quadrature error estimate; default 10**(3 - dps).

    Returns
    -------
    mpf
        Accurate to about the working precision for potentials analytic on
        [(k-1) w, (k+1) w] (ConvergenceError when the error estimate exceeds
        ``tolerance``).

    Examples
    --------
    >>> from mesosym.symbols import r
    >>> cell_pair_average(potential_function(r**2), mpmath.mpf(1), 0)  # E|U1 - U2|^2 = 1/6
    mpf('0.16666666666666666')
    """
    if not callable(phi):
        raise DomainError(f"phi must be a function of the distance; got {short(phi)}")
    w = _mpf("width", width)
    k = check_count("offset", offset)
    tol = (
        mpmath.mpf(10) ** (3 - mpmath.mp.dps) if tolerance is None else _mpf("tolerance", tolerance)
    )

    def integrand(u: Any) -> Any:
        return (1 - u) * (phi(w * abs(k + u)) + phi(w * abs(k - u)))

    # on 0 <= u <= 1 both k + u and k - u (k >= 1) keep their sign, and k = 0 reads
    # 2 phi(w u): the integrand is as smooth as phi, so Gauss-Legendre fits
    value, error = mpmath.quad(integrand, [0, 1], method="gauss-legendre", error=True)
    if not (mpmath.isfinite(value) and error <= tol * max(1, abs(value))):
        raise ConvergenceError(
            f"the cell average of the pair potential at offset {k} (width {w}) did not "
            f"converge: estimate {value}, error {error} > {tol}"
        )
    return value


def _as_number(value: Any, arithmetic: Arithmetic) -> Any:
    """An exact SymPy number as a float or an mpf at the working precision."""
    from ._gas_parameters import to_mpf

    if arithmetic.float64:
        with mpmath.workdps(20):
            return float(to_mpf(value))
    return to_mpf(value)


def _special_row(
    pair_potential: sp.Expr,
    profile: PotentialProfile,
    m: int,
    width: Any,
    w: Any,
    arithmetic: Arithmetic,
) -> tuple[Any, Any]:
    """(A_m, B_m) for a unit interval [m, m + 1] (in cells) that holds a special point."""
    inside = [p for p in profile.special_points() if m * width <= p <= (m + 1) * width]
    if any(p in profile.divergent for p in inside):
        infinity = arithmetic.number(mpmath.inf)
        return infinity, infinity
    from ._gas_parameters import to_mpf

    cuts = sorted({sp.S.Zero, sp.S.One, *(p / width - m for p in inside)}, key=float)
    dps = 20 if arithmetic.float64 else mpmath.mp.dps
    phi = _mpmath_function(pair_potential)
    with mpmath.workdps(dps):
        mw = to_mpf(width)
        points = [to_mpf(c) for c in cuts]
        out = []
        for kernel in (lambda u: 1 - u, lambda u: u):
            value, error = mpmath.quad(
                lambda u, kernel=kernel: kernel(u) * phi(mw * (m + u)), points, error=True
            )
            if not (
                mpmath.isfinite(value) and error <= mpmath.mpf(10) ** (6 - dps) * max(1, abs(value))
            ):
                raise ConvergenceError(
                    f"the cell average of the pair potential between {m} and {m + 1} cells did "
                    f"not converge near its special points {inside}: estimate {value}, "
                    f"error {error}"
                )
            out.append(float(value) if arithmetic.float64 else value)
    return out[0], out[1]


def cell_averages(
    pair_potential: sp.Expr | None,
    width: Any,
    cells: int,
    hard_core: Any,
    arithmetic: Arithmetic,
    profile: PotentialProfile | None = None,
) -> tuple[np.ndarray, Any]:
    """phibar(k), k = 0 .. cells - 1, and a bound on their error, in one arithmetic.

    With A_m = int_0^1 (1 - u) phi(w (m + u)) du and B_m = int_0^1 u phi(w (m + u)) du
    (one pass over the unit intervals [m, m + 1] of distance, in cells),
    phibar(0) = 2 A_0 and phibar(k) = A_k + B_{k-1}.  The A_m, B_m of all
    intervals come from one Gauss-Legendre rule of n nodes, checked against a
    rule of about 3n/2 nodes (n grows until the two agree to
    :meth:`Arithmetic.tolerance`, relative to max(1, |A_m|), or until the last
    two differences fall geometrically and predict, as difference^2 / previous
    difference, an error of the finer rule below it); an interval that
    holds a kink, a jump or a singular point of phi is split there and
    integrated adaptively (+oo where phi is not integrable).  Offsets with a
    possible overlap (k < :func:`first_allowed_offset`) are +oo, phi is never
    evaluated below the hard core.

    Returns
    -------
    (phibar, error)
        An array of M floats or mpfs, and the largest difference between the
        two rules (an estimate of the absolute error of each phibar, doubled).

    Examples
    --------
    phi = r^2 in cells of width 1: phibar(k) = k^2 + 1/6 for k >= 1, 1/6 for k = 0:

    >>> from mesosym.symbols import r
    >>> phibar, error = cell_averages(r**2, 1, 3, 0, Arithmetic(None))
    >>> [round(float(v), 12) for v in phibar], error < 1e-13
    ([0.166666666667, 1.166666666667, 4.166666666667], True)
    """
    M = cells
    # measured 0.37 ms a cell at 30 digits (exp(-r)); the table holds M numbers
    require(
        f"averages over {short(M)} cells",
        seconds=5e-4 * min(M, 10**300),
        memory=100 * M,
        change="cells (fewer)",
    )
    k0 = first_allowed_offset(width, hard_core)
    infinity = arithmetic.number(mpmath.inf)
    phibar = np.array([infinity] * M, dtype=np.float64 if arithmetic.float64 else object)
    zero = arithmetic.number(0)
    if k0 >= M:
        return phibar, zero
    if pair_potential is None:
        phibar[k0:] = zero
        return phibar, zero
    if profile is None:
        profile = potential_profile(
            pair_potential, as_sympy(hard_core, "hard_core"), M * as_sympy(width, "width")
        )
    w = _as_number(width, arithmetic)
    first = max(k0 - 1, 0)
    rows = np.arange(first, M)
    special = {
        m
        for p in profile.special_points()
        for m in (int(sp.floor(p / width)) - 1, int(sp.floor(p / width)))
        if first <= m < M and m * width <= p <= (m + 1) * width
    }
    regular = np.array([m for m in rows if m not in special], dtype=np.int64)
    A = np.array([zero] * (M + 1), dtype=phibar.dtype)
    B = np.array([zero] * (M + 1), dtype=phibar.dtype)
    error = zero
    if regular.size:
        offsets = arithmetic.array(regular) if not arithmetic.float64 else regular.astype(float)

        def by_rule(n: int) -> tuple[np.ndarray, np.ndarray]:
            u, weight = arithmetic.rule(n)
            # the array on the left: mpf * array makes mpmath repr the whole array first
            values = potential_values(
                pair_potential, (offsets[:, None] + u[None, :]) * w, arithmetic
            )
            return values @ (weight * (1 - u)), values @ (weight * u)

        n = CELL_START_NODES
        coarse = by_rule(n)
        tol = arithmetic.tolerance()
        previous = None
        while True:
            n = finer(n)
            fine = by_rule(n)
            scale = np.maximum(1, np.abs(fine[0]))
            diff = max(
                max(np.abs(coarse[0] - fine[0]) / scale), max(np.abs(coarse[1] - fine[1]) / scale)
            )
            # accepted when the rules agree, or when the last two differences fall
            # geometrically and predict an error of the finer rule below tol
            if diff <= tol or (
                previous is not None and diff < previous / 100 and diff * diff <= tol * previous
            ):
                break
            if n > MAX_CELL_NODES:
                raise ConvergenceError(
                    f"the cell averages of {pair_potential} (cell width {w}) did not converge: two "
                    f"Gauss-Legendre rules of up to {n} nodes differ by {diff} (relative)"
                )
            previous, coarse = diff, fine
        A[regular], B[regular] = fine
        error = 2 * diff * max(1, max(np.abs(fine[0])))
        error = float(error) if arithmetic.float64 else error
    for m in sorted(special):
        A[m], B[m] = _special_row(pair_potential, profile, m, width, w, arithmetic)
    if k0 == 0:
        phibar[0] = 2 * A[0]
    ks = np.arange(max(k0, 1), M)
    phibar[ks] = A[ks] + B[ks - 1]
    return phibar, error


def cell_pair_averages(
    pair_potential: sp.Expr | None,
    width: sp.Expr,
    cells: int,
    hard_core: sp.Expr = sp.S.Zero,
) -> list[Any]:
    """``phibar(k)`` for every cell offset ``k = 0 .. cells - 1`` at working precision.

    ``+inf`` where the hard core makes an overlap possible, 0 elsewhere when there
    is no soft potential.  ``width`` and ``hard_core`` are exact numbers (SymPy
    Rationals or irrational expressions such as ``sqrt(2)/4``).  See
    :func:`cell_averages` for the rule and its error control.

    >>> from mesosym.symbols import r
    >>> cell_pair_averages(None, sp.Rational(1, 4), 4, sp.Rational(1, 4))
    [mpf('+inf'), mpf('+inf'), mpf('0.0'), mpf('0.0')]
    """
    phi = check_pair_potential(pair_potential)
    width = _length("width", width, positive=True)
    hard_core = _length("hard_core", hard_core, positive=False)
    cells = check_count("cells", cells, minimum=1)
    values, _ = cell_averages(phi, width, cells, hard_core, Arithmetic(mpmath.mp.dps - 3))
    return [mpmath.mpf(v) for v in values]
