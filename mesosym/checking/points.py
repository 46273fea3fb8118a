r"""Claims at one point: mesosym's value there, exactly, and the proof that two numbers agree.

A theorist states special values: ``s(u*) = ln q`` at ``u* = (q - 1)/2``
(eq. (21)), ``s(0) = 0``, ``x*(u*) = 1``, the Einstein solid's
``s(1) = 2 ln 2``.  :func:`value_at` gives mesosym's value of a quantity
at one point of its domain, exactly:

* at the edges ``u = 0`` and ``u = q - 1`` the limits (``s = 0``,
  ``beta*eps = +oo`` and ``-oo``, ``x* = 0`` and ``oo``), never NaN;
* at ``u* = (q - 1)/2``: ``x* = 1``, ``s = ln q``, ``beta*eps = 0``, for any q,
  symbolic q included;
* elsewhere, for q = 2 and q = oo a rational ``x*``, for q = 3 the radical
  of eq. (25); for other q and rational u, ``x*`` is an algebraic number,
  held as an opaque positive symbol with its defining polynomial (the
  irreducible factor of ``sum_k (k - u) x^k`` over the rationals whose
  positive root it is) and its value from mesosym's solver.

:func:`compare_values` decides whether a claimed number equals it:
``REFUTED`` when 50-digit numbers differ; ``PROVED`` by exact arithmetic --
SymPy's simplification, the minimal polynomial of an algebraic difference,
reduction modulo the defining polynomial of ``x*``, a logarithmic
difference ``sum c_i ln A_i`` (rational ``c_i``, positive algebraic ``A_i``)
reduced to the algebraic identity ``prod A_i^(n c_i) = 1`` -- within the
proof budget; otherwise ``NUMERIC``, 50-digit agreement, evidence only.

Examples
--------
>>> import sympy as sp
>>> from mesosym.levels.spectrum import EquispacedLevels
>>> value_at(EquispacedLevels(5), "entropy", 2).value
log(5)
>>> value_at(EquispacedLevels(2), "beta", 0).value
oo
>>> compare_values(sp.log(2), value_at(EquispacedLevels(2), "entropy", sp.S.Half)).verdict
<Verdict.PROVED: 'proved'>
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from .. import symbols
from ..budget import EXPAND_UP_TO, short
from ..errors import DomainError
from ..levels.saddle import SaddleRoot, mean_level, polynomial_form
from ..levels.spectrum import EquispacedLevels
from ..quantities import BY_CHECKER
from ..validation import as_sympy, check_q, refuse_text
from .derivation import PROOF_BUDGET, SIMPLIFY_MAX_OPS, CheckResult, Verdict

__all__ = [
    "PointValue",
    "value_at",
    "claim_at",
    "compare_values",
    "in_domain",
    "infinite",
    "EXACT_MAX_Q",
    "EQUATION_MAX_Q",
    "X_STAR",
    "value_digits",
]

#: Largest q for which ``x*`` at a rational u is held with its defining polynomial
#: (isolating the root is cheap; beyond it the exponents of the reduction grow).
EXACT_MAX_Q = 64

#: Largest q for which eq. (18) is kept as a polynomial to check a rational x* on.
EQUATION_MAX_Q = 4096

#: The opaque x* (the letter's notation, so that reports print it as x^*).
X_STAR = sp.Symbol("x^{*}", positive=True)

#: Largest exponent ``n c_i`` the logarithmic reduction raises a number to.
_MAX_EXPONENT = 64

_DIGITS = 50

#: Largest q whose P(x*) is written as the sum of its q powers (SymPy slows beyond).
_SUM_MAX_Q = 16


@dataclass(frozen=True)
class PointValue:
    """mesosym's value at one point.

    Attributes
    ----------
    value : sympy expression
        Exact; may hold :attr:`root` (``x*`` at the point) as an opaque positive symbol.
    root : Symbol or None
        The symbol standing for ``x*``, when it is neither rational nor a radical.
    polynomial : Poly or None
        The irreducible polynomial over the rationals whose positive root is ``x*``.
    numeric : mpmath number or None
        ``x*`` to 60 digits (mesosym's solver), when :attr:`root` is set.
    """

    value: sp.Expr
    root: sp.Symbol | None = None
    polynomial: sp.Poly | None = None
    numeric: Any = None
    #: ``sum_k (k - u) x^k`` at a rational u (q <= :data:`EQUATION_MAX_Q`): a claimed
    #: rational ``x*`` is checked on it exactly, even where 50 digits cannot tell.
    equation: sp.Poly | None = None

    def evaluate(self, expr: sp.Expr, digits: int = _DIGITS) -> sp.Expr:
        """``expr`` at ``digits`` digits, with the opaque root replaced by its value."""
        if self.root is not None and expr.has(self.root):
            expr = expr.xreplace({self.root: sp.Float(self.numeric, digits + 20)})
        return sp.N(expr, digits)

    def shown(self) -> sp.Expr:
        """The value for a reader (the opaque root is the symbol ``x^{*}``)."""
        return self.value


def in_domain(q: Any, quantity: str, at: sp.Expr) -> bool | None:
    """True when ``at`` lies in the closed domain of the quantity's variable; None if unknown.

    ``u`` in ``[0, q - 1]`` (``[0, oo)`` for q = oo); ``x`` in ``[0, oo)``
    (``[0, 1)`` for q = oo, where the series needs ``x < 1``).

    >>> in_domain(2, "entropy", sp.Integer(1)), in_domain(2, "entropy", sp.Integer(2))
    (True, False)
    """
    q = q if isinstance(q, sp.Symbol) or q is sp.oo else check_q(q)
    _check_quantity(quantity)
    at = as_sympy(at, "at")
    if at.is_infinite or at.is_extended_real is False:
        return False
    if quantity == "saddle":
        top = sp.S.One if q is sp.oo else sp.oo
        upper = (top - at).is_positive if top is not sp.oo else True
    else:
        m = sp.Dummy("m", integer=True, nonnegative=True)
        upper = True if q is sp.oo else (q - 1 - at).subs(symbols.q, m + 2).is_nonnegative
    lower = at.is_nonnegative
    if lower is False or upper is False:
        return False
    if lower and upper:
        return True
    return None


def _u_star(q: Any) -> sp.Expr:
    return sp.oo if q is sp.oo else (q - 1) / sp.Integer(2)


def _edge(q: Any, at: sp.Expr) -> str | None:
    """The edge of :data:`mesosym.quantities.EDGES` that ``u = at`` is, or None."""
    if at.is_zero:
        return "ground"
    if q is sp.oo:
        return None
    if (at - (q - 1)).is_zero:
        return "top"
    return "centre" if (at - _u_star(q)).is_zero else None


def _edge_numbers(q: Any) -> dict[str, sp.Expr]:
    """The numbers of :data:`mesosym.quantities.EDGE_NUMBERS` for q equal levels, exact."""
    return {
        "0": sp.S.Zero,
        "1": sp.S.One,
        "+inf": sp.oo,
        "-inf": -sp.oo,
        "ln g_0": sp.S.Zero,
        "ln g_d": sp.S.Zero,
        "ln P(1)": sp.log(q),
        "sigma*^2": (q**2 - 1) / sp.Integer(12),
    }


@functools.lru_cache(maxsize=128)
def _root_at(levels: EquispacedLevels, at: sp.Expr) -> PointValue:
    """``x*`` at an interior ``u``: a rational, a radical, or an opaque root with its polynomial.

    Cached, so that your side and mesosym's share one symbol for ``x*``.
    """
    q = levels.q
    if q is sp.oo:
        return PointValue(at / (1 + at))
    if q == 2:
        return PointValue(at / (1 - at))
    if (at - _u_star(q)).is_zero:
        return PointValue(sp.S.One)
    if q == 3:
        return PointValue(sp.radsimp(levels.saddle_point().subs(symbols.u, at)))
    numeric = SaddleRoot(sp.Lambda(symbols.x, levels.polynomial), at).evalf(60)
    root = X_STAR
    X = symbols.x
    rational = at.is_Rational and isinstance(q, int)
    equation = None
    if rational and q <= EQUATION_MAX_Q:
        equation = sp.Poly([k - at for k in range(q - 1, -1, -1)], X)
    if equation is None or q > EXACT_MAX_Q:
        return PointValue(root, root, None, numeric, equation)
    for factor, _ in equation.factor_list()[1]:
        if factor.count_roots(0, None):
            if factor.degree() == 1:
                return PointValue(-factor.nth(0) / factor.nth(1))
            return PointValue(root, root, factor, numeric, equation)
    raise DomainError(f"u = {at} leaves no positive saddle point for q = {q}")  # pragma: no cover


def value_at(levels: EquispacedLevels, quantity: str, at: Any) -> PointValue:
    """Return mesosym's ``quantity`` at ``u = at`` (``x = at`` for ``"saddle"``), exactly.

    Parameters
    ----------
    levels : EquispacedLevels
        Concrete q, q = oo, or symbolic q (then only at ``u = 0``, ``u*``,
        ``q - 1`` and for the saddle equation, where the value is known for
        every q).
    quantity : {"entropy", "beta", "root", "saddle"}
    at : sympy number (an expression in q for symbolic q)
        In the closed domain (:func:`in_domain`).

    Returns
    -------
    PointValue

    Examples
    --------
    >>> from mesosym.symbols import q
    >>> value_at(EquispacedLevels(q), "entropy", (q - 1)/2).value
    log(q)
    >>> value_at(EquispacedLevels(sp.oo), "entropy", 1).value
    2*log(2)
    """
    if not isinstance(levels, EquispacedLevels):
        raise DomainError(f"levels must be an EquispacedLevels; got {short(levels)}")
    _check_quantity(quantity)
    q = levels.q
    at = as_sympy(at, "at")
    if quantity == "saddle":
        if at.is_zero:
            return PointValue(sp.S.Zero)
        if q is not sp.oo and (at - 1).is_zero:
            return PointValue(_u_star(q))
        return PointValue(sp.radsimp(sp.cancel(levels.saddle_equation().rhs.subs(symbols.x, at))))
    edge = _edge(q, at)
    if edge is not None:
        return PointValue(BY_CHECKER[quantity].at_edge(edge, _edge_numbers(q).__getitem__))
    if isinstance(q, sp.Symbol):
        raise DomainError(
            f"for symbolic q mesosym knows the {quantity} in closed form only at u = 0, "
            "(q - 1)/2 and q - 1"
        )
    point = _root_at(levels, at)
    r = point.value
    if quantity == "root":
        return point
    if quantity == "beta":
        value = -sp.log(r)
    elif q is sp.oo:
        value = (1 + at) * sp.log(1 + at) - at * sp.log(at)
    elif point.root is not None and q > _SUM_MAX_Q:
        # unevaluated: SymPy's assumptions on 1 - x^q take seconds for large q
        P = sp.Mul(1 - sp.Pow(r, q), sp.Pow(1 - r, -1), evaluate=False)
        value = sp.log(P, evaluate=False) - at * sp.log(r)
    else:
        P = (1 - r**q) / (1 - r) if q > _SUM_MAX_Q else sum(r**k for k in range(q))
        value = sp.log(P) - at * sp.log(r)
    return PointValue(value, point.root, point.polynomial, point.numeric, point.equation)


def infinite(expr: sp.Basic) -> bool:
    """``oo``, ``-oo`` or ``zoo``, read from the structure (no assumption queries).

    SymPy's ``is_infinite`` on ``ln((1 - x^q)/(1 - x))`` asks for the sign of
    a polynomial of degree q, which takes minutes for large q.

    >>> infinite(-sp.oo), infinite(sp.log(2))
    (True, False)
    """
    return as_sympy(expr, "expr") in (sp.oo, -sp.oo, sp.zoo)


def _bad(expr: sp.Expr) -> bool:
    return bool(expr.has(sp.nan, sp.zoo)) or expr is sp.nan


def _check_quantity(quantity: Any) -> None:
    if not isinstance(quantity, str) or quantity not in BY_CHECKER:
        *first, last = BY_CHECKER
        raise DomainError(f"quantity must be {', '.join(first)} or {last}; got {short(quantity)}")


def claim_at(levels: EquispacedLevels, quantity: str, yours: sp.Expr, at: sp.Expr) -> sp.Expr:
    """Your formula's value at the point: ``x`` is ``x*(u)`` in an entropy or beta claim.

    Where substitution gives NaN or ``zoo`` (``u ln u`` at ``u = 0``), the
    limit from inside the domain, taken along the curve ``u = u(x*)`` when
    the formula holds ``x*``.

    >>> from mesosym.symbols import u
    >>> claim_at(EquispacedLevels(2), "entropy", -u*sp.log(u) - (1 - u)*sp.log(1 - u), 0)
    0
    """
    if not isinstance(levels, EquispacedLevels):
        raise DomainError(f"levels must be an EquispacedLevels; got {short(levels)}")
    _check_quantity(quantity)
    yours, at = as_sympy(yours, "yours"), as_sympy(at, "at")
    u, x = symbols.u, symbols.x
    if quantity == "saddle":
        value = yours.subs(x, at)
        if _bad(value):
            value = sp.limit(yours, x, at, "+" if at.is_zero else "+-")
        return value
    has_root = quantity in ("entropy", "beta") and yours.has(x)
    if has_root:
        point = value_at(levels, "root", at)
        if point.root is None and not infinite(point.value):
            value = yours.subs(x, point.value).subs(u, at)
            if not _bad(value):
                return value
        elif point.root is not None:
            # unevaluated: SymPy's assumptions on 1 - x*^q take minutes for large q
            with sp.evaluate(False):
                return yours.xreplace({x: point.value, u: at})
    else:
        value = yours.subs(u, at)
        if not _bad(value):
            return value
    # a limit from inside the domain
    top = None if levels.q is sp.oo else levels.q - 1
    direction = "+" if at.is_zero else ("-" if top is not None and (at - top).is_zero else "+-")
    if not has_root:
        return sp.limit(yours, u, at, direction)
    X = sp.Dummy("X", positive=True)
    P = polynomial_form(levels.polynomial).subs(x, X)
    along = yours.subs({x: X, u: mean_level(P, X)})
    if at.is_zero:
        return sp.limit(along, X, 0, "+")
    if top is not None and (at - top).is_zero:
        return sp.limit(along, X, sp.oo)
    return sp.limit(along, X, value_at(levels, "root", at).value, "+-")


# -- proofs that two numbers agree ---------------------------------------------------


def _algebraic(expr: sp.Expr) -> bool:
    """Rationals, radicals and the opaque root only: no log, exp, pi, E."""
    for atom in sp.preorder_traversal(expr):
        if isinstance(atom, sp.Pow) and not atom.exp.is_Rational:
            return False
        if isinstance(atom, (sp.Function, sp.exp)) or atom in (sp.pi, sp.E, sp.EulerGamma):
            return False
    return True


#: Most distinct radicals a minimal polynomial is computed over (SymPy cannot be
#: interrupted, and nested radicals such as Cardano's take minutes).
_MAX_RADICALS = 3


def _few_radicals(expr: sp.Expr) -> bool:
    """At most :data:`_MAX_RADICALS` radicals, none nested in another."""
    radicals = {p for p in expr.atoms(sp.Pow) if not p.exp.is_Integer}
    if len(radicals) > _MAX_RADICALS:
        return False
    return not any(r.base.atoms(sp.Pow) & radicals for r in radicals)


def _zero_algebraic(expr: sp.Expr, point: PointValue, deadline: float) -> str | None:
    """How an algebraic number was shown to be 0, or None."""
    if time.process_time() > deadline or sp.count_ops(expr) > 4 * SIMPLIFY_MAX_OPS:
        return None
    try:
        if sp.cancel(sp.together(expr)) == 0:
            return "sympy cancel"
        if point.root is not None and expr.has(point.root):
            if point.polynomial is None:
                return None
            num, _ = sp.fraction(sp.cancel(sp.together(expr)))
            R = point.root
            if not num.is_polynomial(R) or not all(c.is_Rational for c in sp.Poly(num, R).coeffs()):
                return None
            f = sp.Poly(point.polynomial.as_expr().subs(symbols.x, R), R)
            if sp.Poly(num, R).rem(f).is_zero:
                return "exact reduction modulo the polynomial of x*"
            return None
        if not _few_radicals(expr):
            return None
        X = sp.Dummy("X")
        if sp.minimal_polynomial(expr, X) == X:
            return "exact algebraic arithmetic (minimal polynomial)"
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError, sp.PolynomialError):
        return None
    return None


def _zero_logarithmic(expr: sp.Expr, point: PointValue, deadline: float) -> str | None:
    """``a + sum c_i ln A_i = 0`` through ``a = 0`` and ``prod A_i^(n c_i) = 1``."""
    rest, logs = sp.S.Zero, []
    for term in sp.Add.make_args(sp.expand_mul(expr)):
        coeff, factors = term.as_coeff_mul()
        if len(factors) == 1 and isinstance(factors[0], sp.log) and coeff.is_Rational:
            logs.append((coeff, factors[0].args[0]))
        elif _algebraic(term):
            rest += term
        else:
            return None
    if not logs:
        return None
    for _, arg in logs:
        if not _algebraic(arg) or not (point.evaluate(arg) > 0):
            return None
    n = sp.ilcm(*[c.q for c, _ in logs])
    if max(abs(c * n) for c, _ in logs) > _MAX_EXPONENT:
        return None
    top = sp.Mul(*[a ** int(c * n) for c, a in logs if c > 0])
    bottom = sp.Mul(*[a ** int(-c * n) for c, a in logs if c < 0])
    if rest != 0 and _zero_algebraic(rest, point, deadline) is None:
        return None
    how = _zero_algebraic(top - bottom, point, deadline)
    if how is None:
        return None
    return f"{how}, on the product of the logarithms' arguments"


def _root_claim(yours: sp.Expr, point: PointValue, deadline: float) -> str | None:
    """A claimed ``x*`` is a positive root of eq. (18)'s polynomial: the only one."""
    if point.polynomial is None or yours.has(point.root) or not _algebraic(yours):
        return None
    residual = point.polynomial.as_expr().subs(symbols.x, yours)
    how = _zero_algebraic(residual, PointValue(residual), deadline)
    if how is None or not (point.evaluate(yours) > 0):
        return None
    return f"{how}: your number is the positive root of eq. (18), which is unique"


def _exact_digits(expr: sp.Expr) -> int:
    """Digits in the largest exact rational of ``expr`` (``1 - 10^-400`` needs 400 more)."""
    sizes = [
        int((abs(r.p).bit_length() + r.q.bit_length()) * 0.30103) + 2
        for r in expr.atoms(sp.Rational)
    ]  # from the bits: str() of an integer beyond 4300 digits raises
    return min(max(sizes, default=0), _CONFIRM_DIGITS)


def _numbers(expr: sp.Expr, point: PointValue, digits: int = _DIGITS) -> Any:
    """:func:`_numbers_or_overflow`, an overflow refused as a DomainError."""
    try:
        return _numbers_or_overflow(expr, point, digits)
    except OverflowError:
        raise DomainError(
            f"cannot evaluate {short(expr)}: its value overflows every precision "
            "(an exponent beyond mpmath's range)"
        ) from None


def _numbers_or_overflow(expr: sp.Expr, point: PointValue, digits: int = _DIGITS) -> Any:
    """``expr`` as an mpmath number with ``digits`` correct digits, relative to its size.

    mpmath at a precision that holds the expression's rationals exactly plus
    ``digits`` (SymPy's ``evalf`` gives ``-1e-400 ln 1e-400 - (1 - 1e-400)
    ln(1 - 1e-400)`` as 6.4e-86, and the true 9.2e-398 only with ``ln(1 - e)``
    written out); SymPy's ``evalf`` where mpmath cannot take the expression.
    """
    if point.root is not None and expr.has(point.root):
        expr = expr.xreplace({point.root: sp.Float(point.numeric, digits + 20)})
    if expr.is_number and not expr.atoms(AppliedUndef):
        work = digits + 20 + _exact_digits(expr)
        try:
            with mpmath.workdps(work):
                value = mpmath.mpmathify(sp.lambdify((), expr, modules="mpmath")())
            return value
        except (TypeError, ValueError, ZeroDivisionError, AttributeError, NameError):
            pass
    value = point.evaluate(expr, digits + 10)
    if not value.is_number:
        return None
    with mpmath.workdps(digits + 20):
        if value.has(sp.I):
            re, im = value.as_real_imag()
            return mpmath.mpc(
                sp.Float(re, digits + 10)._to_mpmath(mpmath.mp.prec),
                sp.Float(im, digits + 10)._to_mpmath(mpmath.mp.prec),
            )
        return value._to_mpmath(mpmath.mp.prec)


def value_digits(expr: sp.Expr, digits: int = 30) -> str:
    """A number's value as text, ``digits`` significant digits correct relative to its size.

    >>> value_digits(sp.log(1 - sp.Rational(1, 10**400)), 5)
    '-1.0e-400'
    """
    value = _numbers(as_sympy(expr, "expr"), PointValue(sp.S.Zero), digits)
    if value is None:
        raise DomainError(f"{expr} is not a number")
    if value == 0:
        return "0"
    with mpmath.workdps(digits):
        return str(mpmath.nstr(value, digits))


def _complex(value: Any) -> bool:
    return isinstance(value, mpmath.mpc) and value.imag != 0


#: Digits to which a disagreement between two numbers is confirmed, at most.
_CONFIRM_DIGITS = 800


def _differ(yours: sp.Expr, ours: PointValue, a: Any, b: Any) -> tuple[bool, Any, Any, int]:
    """Decide whether the numbers differ, relative to their size (``s(10^-400) = 0`` is wrong).

    The numbers carry relative precision (:func:`_numbers`), so the test is
    ``|a - b| > 10^-25 max(|a|, |b|)``; a difference so found is confirmed
    at twice the digits, then more, until two precisions agree on it to 10
    digits (the difference is real), or the sides agree (it was rounding).
    One never settled up to :data:`_CONFIRM_DIGITS` digits does not refute.
    Returns ``(differ, |a - b|, scale, digits used)``.
    """
    tol = mpmath.mpf(10) ** (-(_DIGITS // 2))
    digits, last = _DIGITS, None
    while True:
        with mpmath.workdps(digits + 20):
            d = abs(a - b)
            scale = max(abs(a), abs(b))
            if not d > tol * scale:
                return False, d, scale, digits
            if last is not None and abs(d - last) <= d * mpmath.mpf(10) ** -10:
                return True, d, scale, digits
        if ours.root is not None:  # x* is known to 60 digits: 10^-25 of the values is real
            return True, d, scale, digits
        if digits >= _CONFIRM_DIGITS:  # never settled: no refutation
            return False, d, scale, digits
        last, digits = d, min(2 * digits + 20, _CONFIRM_DIGITS)
        a, b = _numbers(yours, ours, digits), _numbers(ours.value, ours, digits)
        if a is None or b is None:  # pragma: no cover -- evaluated once already
            return True, d, scale, digits


def compare_values(
    yours: sp.Expr,
    ours: PointValue,
    *,
    budget: float = PROOF_BUDGET,
    where: str = "the point",
    counterexample: dict[sp.Symbol, Any] | None = None,
) -> CheckResult:
    """Check the number ``yours`` against mesosym's value ``ours`` at one point.

    Parameters
    ----------
    yours : sympy number (``oo``, ``-oo`` allowed)
    ours : PointValue
        From :func:`value_at`.
    budget : float
        CPU seconds for the exact proof attempts.
    where : str
        The point in words (``"u = 1/2"``), for the method.
    counterexample : mapping, optional
        The point, reported with a refutation.

    Returns
    -------
    CheckResult
        ``PROVED`` (exact), ``REFUTED`` (50-digit numbers differ, or one side
        infinite), or ``NUMERIC`` (50-digit agreement, no proof within the
        budget), with ``lhs`` your value and ``rhs`` mesosym's.

    Examples
    --------
    >>> from mesosym.levels.spectrum import EquispacedLevels
    >>> ours = value_at(EquispacedLevels(3), "root", sp.Rational(1, 2))
    >>> compare_values((sp.sqrt(13) - 1)/6, ours).verdict
    <Verdict.PROVED: 'proved'>
    """
    yours = as_sympy(yours, "yours")
    if not isinstance(ours, PointValue):
        raise DomainError(f"ours must be a PointValue (from value_at); got {short(ours)}")
    if counterexample is not None:
        if not isinstance(counterexample, dict):
            raise DomainError(f"counterexample must be a dict point; got {short(counterexample)}")
        refuse_text(counterexample, "counterexample")
    point = dict(counterexample or {})
    shown = ours.shown()
    yours_shown = yours
    if yours.free_symbols - {ours.root}:
        names = ", ".join(sorted(map(str, yours.free_symbols - {ours.root})))
        return CheckResult(
            Verdict.REFUTED,
            yours_shown,
            shown,
            method=f"your value at {where} still depends on {names}",
            counterexample=point,
            points=1,
        )
    if infinite(yours) or infinite(ours.value):
        if yours == ours.value:
            return CheckResult(Verdict.PROVED, yours_shown, shown, method=f"the limit at {where}")
        return CheckResult(
            Verdict.REFUTED,
            yours_shown,
            shown,
            method=f"the limit at {where}",
            counterexample=point,
            max_difference=float("inf"),
            points=1,
        )
    a, b = _numbers(yours, ours), _numbers(ours.value, ours)
    if a is None or b is None:
        raise DomainError(f"cannot evaluate {yours} or {shown} at {where}")
    first = abs(a - b)
    differ, d, scale, digits = _differ(yours, ours, a, b)
    if differ:
        method = f"{_DIGITS}-digit evaluation at {where}"
        with mpmath.workdps(30):
            if abs(first - d) > abs(d) * mpmath.mpf(10) ** -6:
                method += f", confirmed at {digits} digits"
            if float(d) == 0:  # below float's range: say it
                method += f"; |difference| = {mpmath.nstr(d, 3)}"
        if _complex(a) and not _complex(b):
            method += "; your value is complex there, mesosym's real"
        return CheckResult(
            Verdict.REFUTED,
            yours_shown,
            shown,
            method=method,
            counterexample=point,
            max_difference=float(d),
            points=1,
        )
    notes: tuple[str, ...] = ()
    if ours.root is not None:
        with mpmath.workdps(_DIGITS):
            root = mpmath.nstr(ours.numeric, 30)
        where_from = (
            f"the positive root of {sp.sstr(ours.polynomial.as_expr())} = 0"
            if ours.polynomial is not None
            else "the positive root of eq. (18)"
        )
        notes = (f"x* = {root}... ({where_from}; mesosym's solver)",)
    exact = _rational_root(yours, ours, where, point)
    if exact is not None:
        return exact
    deadline = time.process_time() + budget
    diff = yours - ours.value
    if any(p.exp.is_Integer and abs(p.exp) > EXPAND_UP_TO for p in diff.atoms(sp.Pow)):
        return _numeric_result(yours_shown, shown, where, budget, _relative(d, scale), notes)
    attempts = (
        lambda: _zero_algebraic(diff, ours, deadline) if _algebraic(diff) else None,
        lambda: _root_claim(yours, ours, deadline) if ours.value == ours.root else None,
        lambda: _zero_logarithmic(diff, ours, deadline),
        lambda: _simplified(diff, deadline),
    )
    for attempt in attempts:
        if time.process_time() >= deadline:  # a budget of 0 tries no proof
            break
        how = attempt()
        if how is not None:
            return CheckResult(
                Verdict.PROVED,
                yours_shown,
                shown,
                method=f"{how}, at {where}",
                points=1,
                notes=notes,
            )
    return _numeric_result(yours_shown, shown, where, budget, _relative(d, scale), notes)


def _relative(d: Any, scale: Any) -> Any:
    return d / scale if scale else d


def _numeric_result(
    yours: sp.Expr, ours: sp.Expr, where: str, budget: float, worst: Any, notes: tuple[str, ...]
) -> CheckResult:
    return CheckResult(
        Verdict.NUMERIC,
        yours,
        ours,
        method=f"{_DIGITS}-digit evaluation at {where}; no exact proof within {budget:g} CPU s",
        max_difference=float(worst),
        points=1,
        notes=notes,
    )


def _rational_root(
    yours: sp.Expr, ours: PointValue, where: str, point: dict[sp.Symbol, Any]
) -> CheckResult | None:
    """A rational claimed ``x*``, put into eq. (18) exactly: proved or refuted at any q."""
    if ours.equation is None or ours.value != ours.root or not yours.is_Rational:
        return None
    residual = ours.equation.eval(yours)
    method = f"exact rational arithmetic in eq. (18) at {where}"
    if residual == 0 and yours > 0:
        return CheckResult(
            Verdict.PROVED,
            yours,
            ours.value,
            method=f"{method}: your number is its positive root, which is unique",
            points=1,
        )
    return CheckResult(
        Verdict.REFUTED,
        yours,
        ours.value,
        method=f"{method}: sum_k (k - u) x^k = {sp.N(residual, 3)} at your x*, not 0",
        counterexample=point,
        max_difference=float(abs(sp.N(yours - ours.evaluate(ours.value), 30))),
        points=1,
    )


def _simplified(diff: sp.Expr, deadline: float) -> str | None:
    """The ladder of :func:`~mesosym.checking.derivation.check_identity` on a number."""
    for name, rung in (
        ("cancel", lambda e: sp.cancel(sp.together(e))),
        ("expand_log", lambda e: sp.cancel(sp.together(sp.expand_log(e, force=True)))),
        ("simplify", sp.simplify),
    ):
        if time.process_time() >= deadline:  # a budget of 0 tries no proof
            return None
        if name == "simplify" and sp.count_ops(diff) > SIMPLIFY_MAX_OPS:
            return None
        try:
            if rung(diff) == 0:
                return f"sympy {name}"
        except (NotImplementedError, TypeError, ValueError, ZeroDivisionError):
            continue
    return None
