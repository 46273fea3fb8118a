"""Checking derivation steps: an identity is proved, refuted, or numerically equal.

:func:`check_identity` first asks SymPy to simplify ``lhs - rhs`` to zero
(a proof); failing that it evaluates both sides to high precision at random
points of a stated domain.  A difference far above the working precision is a
refutation with the counterexample; agreement everywhere is reported as
numerical evidence, not as a proof.

Examples
--------
>>> import sympy as sp
>>> from mesosym.symbols import u
>>> check_identity(sp.log(u**2), 2*sp.log(u)).verdict
<Verdict.PROVED: 'proved'>
>>> r = check_identity(sp.sin(u), u, domain={u: (0.1, 1)})
>>> r.verdict, sorted(r.counterexample)
(<Verdict.REFUTED: 'refuted'>, [u])
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp

from .errors import DomainError

__all__ = [
    "Verdict",
    "CheckResult",
    "check_identity",
    "check_exact",
    "check_close",
    "check_less",
]


class Verdict(enum.Enum):
    """Outcome of a check."""

    PROVED = "proved"
    REFUTED = "refuted"
    NUMERIC = "numerically equal, not proved"


@dataclass(frozen=True)
class CheckResult:
    """What a check established, and on what evidence.

    ``bool(result)`` is False only for a refutation.
    """

    verdict: Verdict
    lhs: sp.Expr
    rhs: sp.Expr
    method: str
    counterexample: Mapping[sp.Symbol, Any] | None = None
    max_difference: float | None = None
    points: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return self.verdict is not Verdict.REFUTED

    @property
    def proved(self) -> bool:
        """True when SymPy reduced the difference to zero."""
        return self.verdict is Verdict.PROVED

    def __str__(self) -> str:
        text = f"{self.verdict.value} ({self.method})"
        if self.counterexample:
            pts = ", ".join(f"{k} = {v}" for k, v in self.counterexample.items())
            text += f"; counterexample {pts}, difference {self.max_difference:.3g}"
        elif self.verdict is Verdict.NUMERIC:
            text += f"; {self.points} points, max |difference| {self.max_difference:.3g}"
        return text


def _simplifies_to_zero(diff: sp.Expr) -> str | None:
    """Return the name of the first simplification that reduces ``diff`` to 0."""
    steps = (
        ("cancel", lambda e: sp.cancel(sp.together(e))),
        ("expand_log", lambda e: sp.simplify(sp.expand_log(e))),
        ("simplify", sp.simplify),
        ("radsimp", lambda e: sp.simplify(sp.radsimp(sp.together(e)))),
    )
    for name, step in steps:
        try:
            if step(diff) == 0:
                return name
        except (NotImplementedError, TypeError, ValueError, RecursionError):
            continue
    return None


def _onto_positive_axis(expr: sp.Expr, domain: Mapping[sp.Symbol, tuple[Any, Any]]) -> sp.Expr:
    """Substitute ``v = lo + (hi - lo) y/(1 + y)``, ``y > 0``, for each bounded symbol.

    SymPy cannot assume ``0 < u < 1``, but it can assume ``y > 0``: the map
    encodes the interval in assumptions, so ``log(1 - u)`` becomes provably real.
    """
    subs = {}
    for sym, (lo, hi) in domain.items():
        lo, hi = sp.nsimplify(lo), sp.nsimplify(hi)
        y = sp.Dummy(f"{sym}_y", positive=True)
        subs[sym] = lo + y if hi is sp.oo else lo + (hi - lo) * y / (1 + y)
    return expr.subs(subs)


def check_identity(
    lhs: Any,
    rhs: Any,
    *,
    domain: Mapping[sp.Symbol, tuple[Any, Any]] | None = None,
    points: int = 24,
    dps: int = 50,
    seed: int = 2024,
    simplify: bool = True,
) -> CheckResult:
    """Check ``lhs == rhs`` symbolically, then at random points of ``domain``.

    Parameters
    ----------
    lhs, rhs : sympy expressions (or anything ``sympify`` accepts without parsing text)
    domain : mapping symbol -> (low, high)
        Open interval sampled for each free symbol; default ``(0, 1)`` for a
        symbol not named.  Samples are exact rationals, evaluated at ``dps``
        digits.
    points : int
        Random points for the numeric stage (the interval ends are avoided).
    simplify : bool
        Try a proof by simplification first.

    Returns
    -------
    CheckResult
        ``PROVED`` if simplification gives 0; ``REFUTED`` with the first point
        where ``|lhs - rhs|`` exceeds ``10**(-dps/2)`` times the scale of the
        sides; otherwise ``NUMERIC``.

    Examples
    --------
    >>> from mesosym.symbols import x
    >>> check_identity(x + x, 2*x).proved
    True
    """
    if isinstance(lhs, str) or isinstance(rhs, str):
        raise DomainError("check_identity takes SymPy expressions; parse text with mesosym.parse")
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    if isinstance(lhs, sp.Equality) or isinstance(rhs, sp.Equality):
        raise DomainError("check_identity takes two expressions, not equations")
    diff = lhs - rhs
    domain = dict(domain or {})
    if simplify:
        how = _simplifies_to_zero(diff)
        if how is None and domain:
            how = _simplifies_to_zero(_onto_positive_axis(diff, domain))
            how = how and f"{how}, with each interval mapped onto y > 0"
        if how is not None:
            return CheckResult(Verdict.PROVED, lhs, rhs, method=f"sympy {how}")
    symbols = sorted(diff.free_symbols, key=str)
    rng = random.Random(seed)
    tol = mpmath.mpf(10) ** (-(dps // 2))
    worst = mpmath.mpf(0)
    for _ in range(points):
        point = {}
        for sym in symbols:
            lo, hi = (sp.Rational(str(v)) for v in domain.get(sym, (0, 1)))
            frac = sp.Rational(rng.randint(1, 10**6 - 1), 10**6)
            point[sym] = lo + (hi - lo) * frac
        a = sp.N(lhs.subs(point), dps)
        b = sp.N(rhs.subs(point), dps)
        if not (a.is_number and b.is_number):
            raise DomainError(f"cannot evaluate the sides numerically at {point}")
        d = abs(complex(a - b)) if (a - b).has(sp.I) else abs(float(a - b))
        scale = 1 + max(abs(complex(a)), abs(complex(b)))
        if d > float(tol) * scale:
            return CheckResult(
                Verdict.REFUTED,
                lhs,
                rhs,
                method=f"{dps}-digit evaluation",
                counterexample=point,
                max_difference=d,
                points=1,
            )
        worst = max(worst, mpmath.mpf(d) / scale)
    return CheckResult(
        Verdict.NUMERIC,
        lhs,
        rhs,
        method=f"{dps}-digit evaluation at {points} random points",
        max_difference=float(worst),
        points=points,
    )


def _expr(value: Any, default: str) -> sp.Expr:
    return sp.Symbol(default) if value is None else sp.sympify(value)


def check_exact(
    lhs: Callable[..., Any],
    rhs: Callable[..., Any],
    cases: Iterable[Sequence[Any]],
    names: Sequence[str],
    *,
    lhs_expr: Any = None,
    rhs_expr: Any = None,
    what: str = "",
) -> CheckResult:
    """Compare ``lhs(*case) == rhs(*case)`` exactly (ints, Fractions, SymPy rationals).

    Parameters
    ----------
    lhs, rhs : callable
        Functions of the case's values returning exact numbers (or anything with
        exact ``==``, e.g. booleans or tuples).
    cases : iterable of sequences
        The finite set of arguments; all are checked.
    names : sequence of str
        Names of the arguments, for the counterexample.
    lhs_expr, rhs_expr : sympy expression, optional
        What the two sides stand for, stored in the result.
    what : str
        Description of the cases for the method string, e.g. ``"N <= 12, all M"``.

    Returns
    -------
    CheckResult
        ``PROVED`` (for these cases) if every case agrees, with ``points`` the
        number of cases; ``REFUTED`` at the first disagreement, with the
        arguments as ``counterexample``.

    Examples
    --------
    Gauss's sum for n < 50, and a wrong formula refuted at n = 1:

    >>> check_exact(lambda n: n * (n + 1) // 2, lambda n: sum(range(n + 1)),
    ...             [(n,) for n in range(50)], ("n",)).points
    50
    >>> check_exact(lambda n: n * n, lambda n: 2 * n, [(n,) for n in range(4)], ("n",)).verdict
    <Verdict.REFUTED: 'refuted'>
    """
    count = 0
    for case in cases:
        a, b = lhs(*case), rhs(*case)
        count += 1
        if not bool(a == b):
            point: dict[sp.Symbol, Any] = {
                sp.Symbol(n): v for n, v in zip(names, case, strict=True)
            }
            point[sp.Symbol("lhs")], point[sp.Symbol("rhs")] = a, b
            try:
                diff = float(abs(a - b))
            except TypeError:
                diff = float("nan")
            return CheckResult(
                Verdict.REFUTED,
                _expr(lhs_expr, "lhs"),
                _expr(rhs_expr, "rhs"),
                method="exact arithmetic",
                counterexample=point,
                max_difference=diff,
                points=count,
            )
    scope = f" over {what}" if what else ""
    return CheckResult(
        Verdict.PROVED,
        _expr(lhs_expr, "lhs"),
        _expr(rhs_expr, "rhs"),
        method=f"exact arithmetic, {count} cases{scope} (proves these cases)",
        points=count,
    )


def check_close(
    pairs: Iterable[tuple[Any, Any]],
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
    lhs_expr: Any = None,
    rhs_expr: Any = None,
    what: str = "",
) -> CheckResult:
    """Compare numbers ``a`` and ``b`` for each pair within ``atol + rtol |b|``.

    Returns ``NUMERIC`` with the largest difference found, or ``REFUTED`` with
    the index of the first pair out of tolerance.  Values may be floats or
    mpmath numbers; they are compared in mpmath.

    >>> check_close([(0.1 + 0.2, 0.3)], rtol=1e-15).verdict
    <Verdict.NUMERIC: 'numerically equal, not proved'>
    """
    worst = mpmath.mpf(0)
    count = 0
    for i, (a, b) in enumerate(pairs):
        count += 1
        d = abs(mpmath.mpmathify(a) - mpmath.mpmathify(b))
        if not d <= atol + rtol * abs(mpmath.mpmathify(b)):
            return CheckResult(
                Verdict.REFUTED,
                _expr(lhs_expr, "lhs"),
                _expr(rhs_expr, "rhs"),
                method="numerical comparison",
                counterexample={sp.Symbol("case"): i, sp.Symbol("values"): (a, b)},
                max_difference=float(d),
                points=count,
            )
        worst = max(worst, d)
    scope = f" ({what})" if what else ""
    return CheckResult(
        Verdict.NUMERIC,
        _expr(lhs_expr, "lhs"),
        _expr(rhs_expr, "rhs"),
        method=f"numerical comparison at {count} points{scope}, rtol {rtol:g}, atol {atol:g}",
        max_difference=float(worst),
        points=count,
    )


def check_less(
    pairs: Iterable[tuple[Any, Any]],
    *,
    lhs_expr: Any = None,
    rhs_expr: Any = None,
    what: str = "",
) -> CheckResult:
    """Check the strict inequality ``a < b`` for each numeric pair.

    Returns ``NUMERIC`` (the inequality held at every point evaluated, with
    ``max_difference`` the smallest margin ``b - a``) or ``REFUTED`` at the first
    pair where it fails.

    >>> check_less([(1, 2), (3, 3)]).verdict
    <Verdict.REFUTED: 'refuted'>
    """
    margin = mpmath.inf
    count = 0
    for i, (a, b) in enumerate(pairs):
        count += 1
        gap = mpmath.mpmathify(b) - mpmath.mpmathify(a)
        if not gap > 0:
            return CheckResult(
                Verdict.REFUTED,
                _expr(lhs_expr, "lhs"),
                _expr(rhs_expr, "rhs"),
                method="numerical inequality",
                counterexample={sp.Symbol("case"): i, sp.Symbol("values"): (a, b)},
                max_difference=float(-gap),
                points=count,
            )
        margin = min(margin, gap)
    scope = f" ({what})" if what else ""
    return CheckResult(
        Verdict.NUMERIC,
        _expr(lhs_expr, "lhs"),
        _expr(rhs_expr, "rhs"),
        method=f"strict inequality at {count} points{scope}; smallest margin {float(margin):.3g}",
        max_difference=0.0,
        points=count,
    )
