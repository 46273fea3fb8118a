"""Checking a hand-derived formula against mesosym's: the policy, in one place.

:func:`check_formula` compares a user's entropy ``s(u)``, inverse temperature
``beta*eps(u)`` or saddle-point right-hand side ``u(x)`` with mesosym's for
q equispaced levels, and decides how:

* **the domain** -- ``u`` in ``(0, q - 1)`` (``(0, 10)`` for q -> oo); ``x`` in
  ``(0, 10)`` (``(0, 1)`` for q -> oo, where the series needs ``x < 1``), and
  ``q`` in ``(2, 12)`` when it is symbolic;
* **whether to attempt a proof** -- only where mesosym has ``x*`` in closed
  form (q = 2, 3, oo, and the saddle equation for any q); elsewhere the
  implicit ``x*(u)`` is evaluated numerically, which is evidence, not proof;
* **which q to try** -- for a symbolic q, ``s`` and ``beta`` have no closed
  form: the formula is checked at :data:`CHECK_Q_VALUES`, and agreement there
  is evidence for all q, not a proof.

Examples
--------
>>> import sympy as sp
>>> from mesosym.symbols import u
>>> c = check_formula(2, "entropy", -u*sp.log(u) - (1 - u)*sp.log(1 - u))
>>> c.verdict
<Verdict.PROVED: 'proved'>
>>> check_formula(2, "entropy", u * (1 - u)).verdict
<Verdict.REFUTED: 'refuted'>
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from . import symbols
from .derivation import CheckResult, Verdict, check_identity
from .errors import DomainError
from .spectrum import EquispacedLevels
from .validation import check_q

__all__ = [
    "QUANTITIES",
    "CHECK_Q_VALUES",
    "FormulaCheck",
    "check_formula",
    "variable",
    "allowed_names",
    "describe",
    "reference",
    "domain",
]

#: What a formula may be checked as, and the variable it is written in.
QUANTITIES: dict[str, sp.Symbol] = {
    "entropy": symbols.u,
    "beta": symbols.u,
    "saddle": symbols.x,
}

#: Concrete q at which a formula for symbolic q is checked.
CHECK_Q_VALUES: tuple[int, ...] = (2, 3, 4, 5, 8)

_DESCRIPTIONS = {
    "entropy": "the entropy s(u) = S/(N k_B), eq. (19)",
    "beta": "the inverse temperature beta*eps(u), eq. (20)",
    "saddle": "the saddle-point equation's right-hand side u(x), eq. (18)",
}


def _quantity(quantity: str) -> str:
    if quantity not in QUANTITIES:
        raise DomainError(f"quantity must be one of {', '.join(QUANTITIES)}; got {quantity!r}")
    return quantity


def variable(quantity: str) -> sp.Symbol:
    """The variable ``quantity`` is written in: ``u``, or ``x`` for ``"saddle"``."""
    return QUANTITIES[_quantity(quantity)]


def describe(quantity: str) -> str:
    """What ``quantity`` is, in words, with the letter's equation number."""
    return _DESCRIPTIONS[_quantity(quantity)]


def allowed_names(q: Any, quantity: str) -> dict[str, sp.Basic]:
    """The names a formula for ``quantity`` may use: its variable, and ``q`` if symbolic.

    >>> sorted(allowed_names(symbols.q, "saddle"))
    ['q', 'x']
    """
    names: dict[str, sp.Basic] = {str(variable(quantity)): variable(quantity)}
    if isinstance(q, sp.Symbol):
        names["q"] = symbols.q
    return names


def _has_closed_form(q: Any) -> bool:
    return q in (2, 3) or q is sp.oo


def reference(levels: EquispacedLevels, quantity: str) -> tuple[sp.Expr, bool]:
    """Return mesosym's side, and whether SymPy should try to prove the identity.

    The saddle equation is explicit for every q; ``s`` and ``beta`` are in
    closed form for q = 2, 3 and oo, and otherwise written through the
    implicit ``x*(u)``, which only numbers can check.

    >>> reference(EquispacedLevels(3), "beta")[1], reference(EquispacedLevels(4), "beta")[1]
    (True, False)
    """
    quantity = _quantity(quantity)
    if quantity == "saddle":
        return levels.saddle_equation().rhs, True
    closed = _has_closed_form(levels.q)
    if quantity == "entropy":
        return levels.entropy(implicit=not closed), closed
    return levels.inverse_temperature(implicit=not closed), closed


def domain(q: Any, quantity: str) -> dict[sp.Symbol, tuple[Any, Any]]:
    """The open box the check samples, one interval per variable.

    >>> domain(3, "entropy")
    {u: (0, 2)}
    >>> domain(sp.oo, "saddle")
    {x: (0, 1)}
    """
    var = variable(quantity)
    if var is symbols.x:
        box: dict[sp.Symbol, tuple[Any, Any]] = {var: (0, 1) if q is sp.oo else (0, 10)}
        if isinstance(q, sp.Symbol):
            box[symbols.q] = (2, 12)
        return box
    return {var: (0, 10) if q is sp.oo else (0, q - 1)}


@dataclass(frozen=True)
class FormulaCheck:
    """The outcome of :func:`check_formula`.

    Attributes
    ----------
    q : int, Symbol or oo
        The number of levels asked about.
    quantity : str
        ``"entropy"``, ``"beta"`` or ``"saddle"``.
    yours : sympy expression
        The formula checked.
    reference : sympy expression or None
        mesosym's side (None when it was compared at several concrete q).
    results : tuple of (q, CheckResult)
        One check per q tried, in order; the last is a refutation if any.
    """

    q: Any
    quantity: str
    yours: sp.Expr
    reference: sp.Expr | None
    results: tuple[tuple[Any, CheckResult], ...]

    @property
    def sampled(self) -> bool:
        """True when a symbolic q was checked at concrete values only."""
        return self.reference is None

    @property
    def verdict(self) -> Verdict:
        """REFUTED if any q refutes; a single check's verdict; else NUMERIC (evidence)."""
        verdicts = [r.verdict for _, r in self.results]
        if Verdict.REFUTED in verdicts:
            return Verdict.REFUTED
        if self.sampled:
            return Verdict.NUMERIC
        return verdicts[0]

    def __bool__(self) -> bool:
        return self.verdict is not Verdict.REFUTED


def check_formula(q: Any, quantity: str, yours: sp.Expr) -> FormulaCheck:
    """Check ``yours`` against mesosym's ``quantity`` for q equispaced levels.

    Parameters
    ----------
    q : int >= 2, sympy Symbol ``q``, or ``sympy.oo``
        The number of levels.
    quantity : {"entropy", "beta", "saddle"}
        ``s(u)``, ``beta*eps(u)`` (both in ``u``), or the right-hand side
        ``u(x)`` of the saddle-point equation (in ``x``).
    yours : sympy expression
        The formula, in :func:`variable` (and ``q`` when q is symbolic); read
        user text with :func:`mesosym.parse.parse_expression` and
        :func:`allowed_names` first.

    Returns
    -------
    FormulaCheck
        The checks made and the overall verdict (the module docstring states
        the domain and when a proof is attempted).

    Raises
    ------
    DomainError
        For a bad q or quantity, or a formula with other free symbols.

    Examples
    --------
    >>> from mesosym.symbols import q, x
    >>> check_formula(q, "saddle", x/(1 - x) - q*x**q/(1 - x**q)).verdict
    <Verdict.PROVED: 'proved'>
    """
    quantity = _quantity(quantity)
    if not isinstance(q, sp.Symbol) and q is not sp.oo:
        q = check_q(q)
    if not isinstance(yours, sp.Expr):
        raise DomainError(f"yours must be a SymPy expression; got {yours!r}")
    extra = yours.free_symbols - set(allowed_names(q, quantity).values())
    if extra:
        names = ", ".join(sorted(map(str, extra)))
        allowed = ", ".join(allowed_names(q, quantity))
        raise DomainError(f"yours may use only {allowed}; got {names}")
    if isinstance(q, sp.Symbol) and quantity != "saddle":
        results: list[tuple[Any, CheckResult]] = []
        for qq in CHECK_Q_VALUES:
            ours, provable = reference(EquispacedLevels(qq), quantity)
            result = check_identity(
                yours.subs(symbols.q, qq), ours, domain=domain(qq, quantity), simplify=provable
            )
            results.append((qq, result))
            if result.verdict is Verdict.REFUTED:
                break
        return FormulaCheck(q, quantity, yours, None, tuple(results))
    ours, provable = reference(EquispacedLevels(q), quantity)
    result = check_identity(yours, ours, domain=domain(q, quantity), simplify=provable)
    return FormulaCheck(q, quantity, yours, ours, ((q, result),))
