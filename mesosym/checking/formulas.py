"""Checking a hand-derived formula against mesosym's: the policy, in one place.

:func:`check_formula` compares a user's entropy ``s(u)``, inverse temperature
``beta*eps(u)``, saddle point ``x*(u)`` or saddle-point equation with
mesosym's for q equispaced levels, and decides how:

* **the domain** -- ``u`` in ``(0, q - 1)`` (``(0, 10)`` for q -> oo); ``x`` in
  ``(0, 10)`` (``(0, 1)`` for q -> oo, where the series needs ``x < 1``), and
  ``q`` in ``(2, 12)`` when it is symbolic;
* **how to read the claim** -- a user's plain ``Symbol("u")`` is mesosym's
  ``u`` (matched by name, with a note); in an entropy or beta claim ``x``
  stands for ``x*(u)``, as in the letter's eqs. (19)-(20); a saddle claim is
  ``u(x)`` or an equation in ``u`` and ``x`` of any equivalent form, which
  must hold on the curve ``u = u(x)`` and fail off it;
* **whether to attempt a proof** -- a wrong claim is refuted at three random
  points before any proof is tried; otherwise SymPy climbs a budgeted ladder
  (:data:`~mesosym.checking.derivation.PROOF_BUDGET` CPU seconds) where mesosym has
  ``x*`` in closed form (q = 2, 3, oo, and the saddle equation for any q) or,
  for q <= :data:`SUBSTITUTION_MAX_Q`, with ``x*`` itself as the variable
  (``u = x P'(x)/P(x)``, one to one), which proves e.g. beta = ds/du for
  q = 7 in a fraction of a second; past the budget, 50-digit numerics at 24
  points decide, which is evidence, not proof, and the result says so;
* **which q to try** -- for a symbolic q, ``s`` and ``beta`` have no closed
  form: the formula is checked at :data:`CHECK_Q_VALUES`, and agreement there
  is evidence for all q, not a proof;
* **what went wrong** -- a refutation names its slip where one of
  :mod:`mesosym.checking.slips` matches.

:func:`check_point` (``check_formula(..., at=...)``) checks a claim at one
point -- ``s(u*) = ln q``, ``beta*eps(0) = oo`` -- against mesosym's exact
value there (:mod:`mesosym.checking.points`): limits at the edges, ``u*`` known for
every q, an algebraic ``x*`` elsewhere; proved by exact arithmetic within the
budget, else 50-digit numerics (NUMERIC).  For a symbolic q the value is
proved for every q where mesosym has it (``u = 0``, ``u*``, ``q - 1``, the
saddle equation), otherwise checked at :data:`CHECK_Q_VALUES` (those where
the point lies in the domain).  At a point any two numbers differ by a
constant, so only the slips that say more are named (sign, log10, k_B, N,
reciprocal, other root, and a small rational factor of an irrational value).

:func:`check_chain` checks a chain of steps, each against the one before.

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

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .. import symbols
from ..budget import short
from ..errors import DomainError, ParseError
from ..levels.saddle import mean_level
from ..levels.spectrum import EquispacedLevels, Spectrum
from ..quantities import BY_CHECKER, CHECKED, CLAIMED, x_is_root
from ..validation import as_fraction, as_sympy, as_sympy_list, check_q
from .derivation import PROOF_BUDGET, CheckResult, Verdict, check_identity, evaluate_bounded
from .points import PointValue, claim_at, compare_values, in_domain, infinite, value_at
from .slips import Slip, find_slip

__all__ = [
    "QUANTITIES",
    "CHECK_Q_VALUES",
    "FormulaCheck",
    "check_formula",
    "check_point",
    "variable",
    "allowed_names",
    "describe",
    "reference",
    "domain",
    "match_names",
    "quantity_of_claim",
    "ChainCheck",
    "check_chain",
    "chain_domain",
    "CLAIM_QUANTITIES",
]

#: What a formula may be checked as (:data:`mesosym.quantities.CHECKED`), and its variable.
QUANTITIES: dict[str, sp.Symbol] = {
    q.checker: getattr(symbols, q.variable) for q in CHECKED if q.checker is not None
}

#: The quantity a claim's left-hand side names (see :mod:`mesosym.checking.claims`).
CLAIM_QUANTITIES: dict[str, str] = {
    q.claim: q.checker for q in CLAIMED if q.claim is not None and q.checker is not None
}

#: Largest q for which a proof through the implicit root is tried
#: (beyond it SymPy's sign analysis of ln P(X) alone takes seconds).
SUBSTITUTION_MAX_Q = 16

#: Concrete q at which a formula for symbolic q is checked.
CHECK_Q_VALUES: tuple[int, ...] = (2, 3, 4, 5, 8)


def _checked_q(q: Any) -> Any:
    """Q as the checker takes it: an int >= 2, mesosym's Symbol q, or oo."""
    return q if isinstance(q, sp.Symbol) or q is sp.oo else check_q(q)


def _quantity(quantity: str) -> str:
    if quantity not in QUANTITIES:
        raise DomainError(f"quantity must be one of {', '.join(QUANTITIES)}; got {short(quantity)}")
    return quantity


def variable(quantity: str) -> sp.Symbol:
    """The variable ``quantity`` is written in: ``u``, or ``x`` for ``"saddle"``."""
    return QUANTITIES[_quantity(quantity)]


def describe(quantity: str) -> str:
    """What ``quantity`` is, in words, with the letter's equation number."""
    return BY_CHECKER[_quantity(quantity)].description


def allowed_names(q: Any, quantity: str) -> dict[str, sp.Basic]:
    """The names a formula for ``quantity`` may use: its variable, and ``q`` if symbolic.

    >>> sorted(allowed_names(symbols.q, "saddle"))
    ['q', 'u', 'x']
    """
    names: dict[str, sp.Basic] = {str(variable(quantity)): variable(quantity)}
    if x_is_root(quantity):
        names["x"] = symbols.x  # x* in the letter's eqs. (19)-(20), replaced by x*(u)
    if quantity == "entropy":  # read so that a stray k_B or N is refuted and named
        names["k_B"], names["N"] = symbols.k_B, symbols.N
    if quantity == "saddle":
        names["u"] = symbols.u  # an equation in u and x
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
    if not isinstance(levels, EquispacedLevels):
        raise DomainError(f"levels must be an EquispacedLevels; got {short(levels)}")
    if quantity == "saddle":
        return levels.saddle_equation().rhs, True
    closed = _has_closed_form(levels.q)
    if quantity == "root":
        if closed or (isinstance(levels.q, int) and levels.q <= 5):
            return levels.saddle_point(), closed
        return levels.saddle_point(implicit=True), False
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
    q = _checked_q(q)
    var = variable(quantity)
    if var is symbols.x:
        box: dict[sp.Symbol, tuple[Any, Any]] = {var: (0, 1) if q is sp.oo else (0, 10)}
        if isinstance(q, sp.Symbol):
            box[symbols.q] = (2, 12)
        return box
    return {var: (0, 10) if q is sp.oo else (0, q - 1)}


def match_names(expr: sp.Expr, allowed: Mapping[str, sp.Basic]) -> tuple[sp.Expr, tuple[str, ...]]:
    """Replace a user's plain SymPy symbols by mesosym's of the same name, with a note.

    mesosym's ``u`` is ``Symbol("u", positive=True)``; a user's
    ``Symbol("u")`` is a different symbol to SymPy.  Matching by name is what
    the user meant.

    >>> e, notes = match_names(sp.Symbol("u") + 1, {"u": symbols.u})
    >>> e.free_symbols == {symbols.u}, notes[0].startswith("your symbol u")
    (True, True)
    """
    expr = as_sympy(expr, "expr")
    if not isinstance(allowed, Mapping) or not all(
        isinstance(k, str) and isinstance(v, sp.Basic) for k, v in allowed.items()
    ):
        raise DomainError(f"allowed must map names to SymPy symbols; got {short(allowed)}")
    swap: dict[sp.Basic, sp.Basic] = {}
    notes = []
    for sym in expr.free_symbols:
        ours = allowed.get(str(sym))
        if isinstance(sym, sp.Symbol) and ours is not None and sym != ours:
            swap[sym] = ours
            notes.append(
                f"your symbol {sym} was read as mesosym's {sym} "
                f"(with its assumptions: {_assumptions(ours)})"
            )
    return (expr.xreplace(swap) if swap else expr), tuple(sorted(notes))


def _assumptions(sym: sp.Basic) -> str:
    kept = ("positive", "real", "integer")
    return ", ".join(k for k in kept if getattr(sym, f"is_{k}")) or "none"


def quantity_of_claim(claim_quantity: str | None, quantity: str) -> str:
    """Check that a claim's left-hand side names ``quantity`` (or none), else raise ParseError.

    >>> quantity_of_claim("s", "entropy")
    'entropy'
    """
    quantity = _quantity(quantity)
    if claim_quantity is None:
        return quantity
    named = CLAIM_QUANTITIES.get(claim_quantity)
    if named != quantity:
        raise ParseError(
            f"the claim's left-hand side gives {short(claim_quantity)}, "
            f"which is not {describe(quantity)}"
        )
    return quantity


def _implicit_substitution(q: Any, *exprs: sp.Expr) -> dict[sp.Basic, sp.Expr] | None:
    """``{x_star(u): X, u: X P'(X)/P(X)}``: the implicit root as the independent variable.

    The map X -> u is one to one from ``(0, oo)`` onto ``(0, deg P)``, so an
    identity proved in X holds for every u of the domain.
    """
    if not isinstance(q, int) or q > SUBSTITUTION_MAX_Q:
        return None
    roots = set()
    for e in exprs:
        roots |= {f for f in e.atoms(sp.Function) if hasattr(f, "polynomial")}
    if len(roots) != 1:
        return None
    root = roots.pop()
    if root.args[1] != symbols.u:
        return None
    X = sp.Dummy("X", positive=True)
    P = root.polynomial.subs(root.variable, X)
    return {root: X, symbols.u: mean_level(P, X)}


@dataclass(frozen=True)
class FormulaCheck:
    """The outcome of :func:`check_formula`.

    Attributes
    ----------
    q : int, Symbol or oo
        The number of levels asked about.
    quantity : str
        ``"entropy"``, ``"beta"``, ``"root"`` or ``"saddle"``.
    yours : sympy expression or equation
        The formula checked (an equation in ``u`` and ``x`` for ``"saddle"``).
    reference : sympy expression or None
        mesosym's side (None when it was compared at several concrete q).
    results : tuple of (q, CheckResult)
        One check per q tried, in order; the last is a refutation if any.
    notes : tuple of str
        How the claim was read (symbols matched by name, x* replaced).
    slip : Slip or None
        For a refutation, the named slip it matches, if any
        (:func:`mesosym.checking.slips.find_slip`).
    """

    q: Any
    quantity: str
    yours: sp.Basic
    reference: sp.Expr | None
    results: tuple[tuple[Any, CheckResult], ...]
    notes: tuple[str, ...] = ()
    slip: Slip | None = None
    #: For a claim at one point, ``(variable, value)`` as given (``(u, 1/2)``, ``(u, u^*)``).
    point: tuple[sp.Symbol, sp.Expr] | None = None
    #: For a symbolic q checked at concrete q, mesosym's value for every q where it has one
    #: (``ln q`` at ``u*``), which the claim was not proved equal to.
    general: sp.Expr | None = None

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

    def _repr_latex_(self) -> str:
        """A notebook's view: the claim, mesosym's side, the verdict and any slip."""
        from ..latex import latex

        yours = self.yours
        if x_is_root(self.quantity):
            yours = yours.xreplace({symbols.x: sp.Symbol("x^{*}", positive=True)})
        if isinstance(yours, sp.Equality):
            tex = f"{latex(yours.lhs)} = {latex(yours.rhs)}"
        else:
            tex = latex(yours)
        words = f"{self.verdict.value} (q = {self.q})"
        if self.point is not None:
            words = f"{self.verdict.value} (q = {self.q}, at {self.point[0]} = {self.point[1]})"
        if self.slip is not None:
            words += f"; slip: {self.slip.describe()}"
        ref = ""
        if self.reference is not None:
            ref = rf" \quad \text{{mesosym: }} {latex(self.reference)}"
        refuting = [r for _, r in self.results if r.verdict is Verdict.REFUTED]
        where = refuting[0].counterexample_latex() if refuting else ""
        return rf"$\displaystyle {tex}{ref} \quad \text{{[{words}]}}{where}$"

    def __str__(self) -> str:
        """What a reader wants: the verdict, the claim, mesosym's side, each q tried, the slip."""
        at = f", at {self.point[0]} = {self.point[1]}" if self.point is not None else ""
        lines = [f"{self.verdict.value}: {self.quantity} for q = {self.q}{at}"]
        lines.append(f"  yours:   {sp.sstr(self.yours)}")
        if self.reference is not None:
            lines.append(f"  mesosym: {sp.sstr(self.reference)}")
        lines += [f"  q = {q}: {result}" for q, result in self.results]
        if self.slip is not None:
            lines.append(f"  slip: yours {self.slip.describe()}")
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def _with_root(levels: EquispacedLevels, yours: sp.Expr, quantity: str) -> sp.Expr:
    """In an entropy or beta claim, ``x`` stands for ``x*(u)``: substitute it."""
    if x_is_root(quantity) and symbols.x in yours.free_symbols:
        closed = _has_closed_form(levels.q)
        bound = {f: sp.Dummy() for f in yours.atoms(sp.Function) if hasattr(f, "polynomial")}
        free = yours.xreplace(bound).subs(symbols.x, levels.saddle_point(implicit=not closed))
        return free.xreplace({d: f for f, d in bound.items()})
    return yours


def _check_one(
    levels: EquispacedLevels, quantity: str, yours: sp.Basic, budget: float
) -> tuple[sp.Expr, CheckResult]:
    ours, provable = reference(levels, quantity)
    box = domain(levels.q, quantity)
    if isinstance(yours, sp.Equality):  # an equation in u and x: true on the curve u = ours(x)?
        residual = (yours.lhs - yours.rhs).subs(symbols.u, ours)
        result = check_identity(residual, 0, domain=box, simplify=True, budget=budget)
        if result.verdict is not Verdict.REFUTED:
            # an equation that holds for every (u, x) says nothing: it must fail off the curve
            off = (yours.lhs - yours.rhs).subs(symbols.u, ours + 1)
            vacuous = check_identity(off, 0, domain=box, simplify=False, points=4, digits=30)
            if vacuous.verdict is not Verdict.REFUTED:
                result = CheckResult(
                    Verdict.REFUTED,
                    yours.lhs,
                    yours.rhs,
                    method="the equation holds for every u and x: it is no saddle equation",
                    counterexample={},
                )
        return ours, result
    yours = _with_root(levels, yours, quantity)
    substitution = _implicit_substitution(levels.q, yours, ours)
    result = check_identity(
        yours,
        ours,
        domain=box,
        simplify=provable or substitution is not None,
        budget=budget,
        substitution=substitution,
    )
    return ours, result


def check_formula(
    q: Any, quantity: str, yours: sp.Basic, *, budget: float = PROOF_BUDGET, at: Any = None
) -> FormulaCheck:
    """Check ``yours`` against mesosym's ``quantity`` for q equispaced levels.

    Parameters
    ----------
    q : int >= 2, sympy Symbol ``q``, or ``sympy.oo``
        The number of levels.
    quantity : {"entropy", "beta", "root", "saddle"}
        ``s(u)``, ``beta*eps(u)``, ``x*(u)`` (all in ``u``; ``x`` in an
        entropy or beta claim stands for ``x*(u)``, as in eqs. (19)-(20)), or
        the saddle-point equation: the right-hand side ``u(x)``, or an
        equation in ``u`` and ``x`` of any equivalent form.
    yours : sympy expression, or an Equality for ``"saddle"``
        The formula, in :func:`variable` (and ``q`` when q is symbolic); read
        user text with :func:`mesosym.checking.claims.parse_claim` and
        :func:`allowed_names` first.  Plain SymPy symbols match mesosym's by
        name (with a note).
    budget : float
        Seconds for each proof attempt before falling back to numerics.
    at : number or sympy expression, optional
        A claim at one point: the value of :func:`variable` (``u``, or ``x``
        for ``"saddle"``) where ``yours`` gives the quantity, an exact number
        in the closed domain (``[0, q - 1]``), :data:`mesosym.symbols.u_star`
        for the letter's ``u* = (q - 1)/2``, or an expression in ``q`` when q
        is symbolic.  See :func:`check_point`.

    Returns
    -------
    FormulaCheck
        The checks made, the overall verdict (the module docstring states the
        domain and when a proof is attempted) and, for a refutation, the
        named slip if one matches.

    Raises
    ------
    DomainError
        For a bad q or quantity, or a formula with other free symbols.

    Examples
    --------
    >>> from mesosym.symbols import q, x
    >>> check_formula(q, "saddle", x/(1 - x) - q*x**q/(1 - x**q)).verdict
    <Verdict.PROVED: 'proved'>
    >>> check_formula(2, "root", (1 - symbols.u)/symbols.u).slip.name
    'reciprocal'
    """
    quantity = _quantity(quantity)
    if isinstance(q, Spectrum) and not isinstance(q, EquispacedLevels):
        return _check_spectrum(q, quantity, yours, budget=budget, at=at)
    if not isinstance(q, sp.Symbol) and q is not sp.oo:
        q = check_q(q)
    if at is not None:
        return check_point(q, quantity, yours, at, budget=budget)
    yours, notes = _read_yours(q, quantity, yours)
    if not isinstance(yours, sp.Equality) and yours.has(symbols.u) and quantity == "saddle":
        raise DomainError("a saddle claim is u(x), in x, or an equation in u and x")
    if isinstance(q, sp.Symbol) and quantity != "saddle":
        results: list[tuple[Any, CheckResult]] = []
        for qq in CHECK_Q_VALUES:
            _, result = _check_one(
                EquispacedLevels(qq), quantity, yours.subs(symbols.q, qq), budget
            )
            results.append((qq, result))
            if result.verdict is Verdict.REFUTED:
                break
        return FormulaCheck(q, quantity, yours, None, tuple(results), notes)
    levels = EquispacedLevels(q)
    ours, result = _check_one(levels, quantity, yours, budget)
    slip = None
    if result.verdict is Verdict.REFUTED and not isinstance(yours, sp.Equality):
        slip = find_slip(_with_root(levels, yours, quantity), ours, domain(q, quantity))
    return FormulaCheck(q, quantity, yours, ours, ((q, result),), notes, slip)


def _check_spectrum(
    levels: Spectrum, quantity: str, yours: sp.Basic, *, budget: float, at: Any
) -> FormulaCheck:
    """:func:`check_formula` for any integer spectrum: x*(u) is implicit, u in (0, d)."""
    if at is not None:
        raise DomainError("a claim at one point is checked for q equal levels (give q)")
    degree = levels.max_energy
    yours, notes = _read_yours(degree + 1, quantity, yours)
    if quantity == "saddle":
        box: dict[sp.Symbol, tuple[Any, Any]] = {symbols.x: (0, 10)}
        ours = levels.saddle_equation().rhs
        if isinstance(yours, sp.Equality):
            residual = (yours.lhs - yours.rhs).subs(symbols.u, ours)
            result = check_identity(residual, 0, domain=box, budget=budget)
        else:
            result = check_identity(yours, ours, domain=box, budget=budget)
        return FormulaCheck(levels, quantity, yours, ours, ((levels, result),), notes)
    box = {symbols.u: (0, degree)}
    ours = getattr(levels, BY_CHECKER[quantity].name)(implicit=True)
    if x_is_root(quantity) and symbols.x in yours.free_symbols:
        yours = yours.subs(symbols.x, levels.saddle_point(implicit=True))
    substitution = _implicit_substitution(degree + 1, yours, ours)
    result = check_identity(
        yours, ours, domain=box, simplify=substitution is not None, budget=budget,
        substitution=substitution,
    )  # fmt: skip
    slip = None
    if result.verdict is Verdict.REFUTED:
        slip = find_slip(yours, ours, box)
    return FormulaCheck(levels, quantity, yours, ours, ((levels, result),), notes, slip)


# -- claims at one point --------------------------------------------------------------


def _exact_point(at: Any) -> sp.Expr:
    """The point as an exact SymPy number: a float is the decimal it prints (0.5 -> 1/2)."""
    value = as_sympy(at, "at")
    if isinstance(value, sp.Float):
        as_fraction(value, "at")  # refuses exponents whose decimal would take minutes to build
        value = sp.Rational(str(value))
    if not isinstance(value, sp.Expr):
        raise DomainError(f"at must be a number or a SymPy expression; got {short(at)}")
    return value


def _u_star_of(q: Any) -> sp.Expr:
    return sp.oo if q is sp.oo else (q - 1) / sp.Integer(2)


def _domain_words(q: Any, quantity: str) -> str:
    if quantity == "saddle":
        return "[0, 1)" if q is sp.oo else "[0, oo)"
    return "[0, oo)" if q is sp.oo else f"[0, {q - 1}]"


def _where(var: sp.Symbol, given: sp.Expr, at: sp.Expr) -> str:
    if given == at:
        return f"{var} = {short(at)}"
    return f"{var} = {short(given)} = {short(at)}"


def _point_slip(yours: sp.Expr, ours: PointValue) -> Slip | None:
    """The slips that mean something at one point: not a constant shift (any two numbers have one).

    A factor is named only when it is a small rational and mesosym's value irrational.
    """
    ref = ours.value
    if infinite(yours) or infinite(ref):
        return Slip("sign") if infinite(ref) and yours == -ref else None
    if ours.root is not None:
        ref = ref.xreplace({ours.root: sp.Float(ours.numeric, 60)})
    slip = find_slip(yours, ref, {})
    if slip is None or slip.name not in ("constant", "factor"):
        return slip
    if ours.value.is_Rational:
        return None  # any two rationals differ by a rational factor
    ratio = sp.N(yours / ref, 30)
    if not ratio.is_real:
        return None
    guess = sp.Rational(str(sp.N(ratio, 25))).limit_denominator(12)
    if guess in (0, 1):  # 0 times the reference is no slip: a value of 0 is just wrong
        return None
    if abs(max(abs(guess.p), guess.q)) <= 12 and abs(ratio - guess) < 1e-20:
        return Slip("sign") if guess == -1 else Slip("factor", guess)
    return None


def _read_yours(q: Any, quantity: str, yours: Any) -> tuple[sp.Basic, tuple[str, ...]]:
    """The claim with the user's names matched to mesosym's, and the notes on the reading."""
    if isinstance(yours, sp.Equality) and quantity != "saddle":
        raise DomainError(
            f"an equation can be checked only as the saddle equation; got {short(yours)}"
        )
    if not isinstance(yours, (sp.Expr, sp.Equality)):
        raise DomainError(f"yours must be a SymPy expression; got {short(yours)}")
    allowed = allowed_names(q, quantity)
    yours, notes = match_names(yours, allowed)
    extra = yours.free_symbols - set(allowed.values())
    if extra:
        names = ", ".join(sorted(map(str, extra)))
        raise DomainError(f"yours may use only {', '.join(allowed)}; got {names}")
    if x_is_root(quantity) and symbols.x in yours.free_symbols:
        notes += ("x was read as the saddle point x*(u)",)
    return yours, notes


def _check_at(
    levels: EquispacedLevels, quantity: str, yours: sp.Basic, at: sp.Expr, where: str, budget: float
) -> tuple[PointValue, CheckResult, Slip | None]:
    """One concrete q (or symbolic q at a point where mesosym's value is known for every q).

    In a worker stopped at :data:`~mesosym.budget.EVALUATION_SECONDS` of CPU time: your
    formula is substituted exactly (``u**(10**400)`` at ``u = 1/3`` would not finish).
    """
    return evaluate_bounded(
        _check_at_here, levels, quantity, yours, at, where, budget,
        what=f"evaluating your {quantity} at {where}",
    )  # fmt: skip


def _check_at_here(
    levels: EquispacedLevels, quantity: str, yours: sp.Basic, at: sp.Expr, where: str, budget: float
) -> tuple[PointValue, CheckResult, Slip | None]:
    """:func:`_check_at` in this process."""
    var = variable(quantity)
    ours = value_at(levels, quantity, at)
    if isinstance(yours, sp.Equality):  # the saddle equation at x = at: true for u = u(at) only?
        residual = yours.lhs - yours.rhs
        here = residual.subs({symbols.u: ours.value, symbols.x: at})
        if levels.is_symbolic:
            result = check_identity(here, 0, domain={symbols.q: (2, 12)}, budget=budget, points=4)
            result = dataclasses.replace(result, method=f"{result.method}, at {where}, for every q")
        else:
            result = compare_values(here, PointValue(sp.S.Zero), budget=budget, where=where)
        off = residual.subs({symbols.u: ours.value + 1, symbols.x: at})
        if result.verdict is not Verdict.REFUTED and sp.N(off, 30) == 0:
            result = CheckResult(
                Verdict.REFUTED,
                yours.lhs,
                yours.rhs,
                method=f"the equation holds for every u at {where}: it fixes no u",
                counterexample={var: at},
            )
        return ours, result, None
    try:
        value = claim_at(levels, quantity, yours, at)
    except (NotImplementedError, ValueError, TypeError, RecursionError):
        raise DomainError(
            f"SymPy found no value of your formula at {where} (a limit it cannot take)"
        ) from None
    if isinstance(value, sp.Limit) or value.has(sp.nan, sp.AccumBounds):
        raise DomainError(f"your formula has no limit at {where}")
    if levels.is_symbolic and not (infinite(value) or infinite(ours.value)):
        # for every q: only a proof counts (a refutation is looked for at concrete q)
        result = check_identity(
            value, ours.value, domain={symbols.q: (2, 12)}, budget=budget, points=4
        )
        method = f"{result.method}, at {where}, for every q"
        return ours, dataclasses.replace(result, method=method), None
    result = compare_values(value, ours, budget=budget, where=where, counterexample={var: at})
    slip = _point_slip(value, ours) if result.verdict is Verdict.REFUTED else None
    return ours, result, slip


def check_point(
    q: Any, quantity: str, yours: sp.Basic, at: Any, *, budget: float = PROOF_BUDGET
) -> FormulaCheck:
    """Check a claim at one point: ``yours`` (a number, or a formula) against mesosym's value there.

    Parameters
    ----------
    q : int >= 2, sympy Symbol ``q``, or ``sympy.oo``
    quantity : {"entropy", "beta", "root", "saddle"}
    yours : sympy expression (an Equality in ``u`` and ``x`` for ``"saddle"``)
        The claimed value, or a formula in the quantity's variable evaluated at
        the point (``x`` in an entropy or beta claim is ``x*`` there).
    at : number or sympy expression
        The point: ``u`` (``x`` for ``"saddle"``) in the closed domain
        (``[0, q - 1]``, ``[0, oo)`` for q = oo; ``x`` in ``[0, oo)``,
        ``[0, 1)`` for q = oo); :data:`mesosym.symbols.u_star` is the letter's
        ``u* = (q - 1)/2``; for symbolic q an expression in ``q``.
    budget : float
        CPU seconds for each exact proof attempt.

    Returns
    -------
    FormulaCheck
        With :attr:`FormulaCheck.point` set and ``reference`` mesosym's value at
        the point (None when a symbolic q was checked at :data:`CHECK_Q_VALUES`).
        At the edges the values are limits (``beta*eps(0) = oo``).

    Raises
    ------
    DomainError
        For a point outside the domain, or one that is not a number.

    Examples
    --------
    >>> import sympy as sp
    >>> check_point(5, "entropy", sp.log(5), symbols.u_star).verdict   # eq. (21)
    <Verdict.PROVED: 'proved'>
    >>> check_point(2, "beta", -sp.oo, 0).slip.name
    'sign'
    """
    quantity = _quantity(quantity)
    if not isinstance(q, sp.Symbol) and q is not sp.oo:
        q = check_q(q)
    var = variable(quantity)
    given = _exact_point(at)
    if given.free_symbols - {symbols.q, symbols.u_star} or (
        given.has(symbols.q) and not isinstance(q, sp.Symbol)
    ):
        raise DomainError(
            f"the point {var} = {given} must be a number (an expression in q for symbolic q) or u^*"
        )
    if given.has(symbols.u_star) and quantity == "saddle":
        raise DomainError("u^* is a value of u; the saddle equation's point is a value of x")
    at = given.subs(symbols.u_star, _u_star_of(q))
    if not at.is_extended_real and at.is_extended_real is not None:
        raise DomainError(f"the point {var} = {given} must be real")
    inside = in_domain(q, quantity, at)
    if inside is False or (inside is None and not isinstance(q, sp.Symbol)):
        raise DomainError(
            f"the point {_where(var, given, at)} lies outside the domain "
            f"{_domain_words(q, quantity)} of {var} for "
            + ("every q >= 2" if isinstance(q, sp.Symbol) else f"q = {q}")
        )
    if not isinstance(yours, sp.Equality):
        yours = as_sympy(yours, "yours")  # a value at a point may be a plain number
    yours, notes = _read_yours(q, quantity, yours)
    point = (var, given)
    if isinstance(q, sp.Symbol):
        general = None
        known = quantity == "saddle" or any(
            sp.simplify(at - c) == 0 for c in (0, _u_star_of(q), q - 1)
        )
        if known:
            try:
                ours, result, slip = _check_at(
                    EquispacedLevels(q), quantity, yours, at, _where(var, given, at), budget
                )
                if result.verdict is Verdict.PROVED or (
                    result.verdict is Verdict.REFUTED and result.max_difference == float("inf")
                ):
                    return FormulaCheck(
                        q, quantity, yours, ours.shown(), ((q, result),), notes, slip, point
                    )
                general = ours.shown()
            except (DomainError, NotImplementedError, ValueError, TypeError):
                pass
        results: list[tuple[Any, CheckResult]] = []
        slip = None
        for qq in CHECK_Q_VALUES:
            here = at.subs(symbols.q, qq)
            if not in_domain(qq, quantity, here):
                notes += (
                    f"q = {qq} skipped: {var} = {here} lies outside {_domain_words(qq, quantity)}",
                )
                continue
            levels = EquispacedLevels(qq)
            _, result, slip = _check_at(
                levels, quantity, yours.subs(symbols.q, qq), here, _where(var, given, here), budget
            )
            results.append((qq, result))
            if result.verdict is Verdict.REFUTED:
                break
        if not results:
            raise DomainError(
                f"the point {var} = {given} lies outside the domain at every q checked "
                f"({', '.join(map(str, CHECK_Q_VALUES))})"
            )
        return FormulaCheck(q, quantity, yours, None, tuple(results), notes, slip, point, general)
    levels = EquispacedLevels(q)
    ours, result, slip = _check_at(levels, quantity, yours, at, _where(var, given, at), budget)
    return FormulaCheck(q, quantity, yours, ours.shown(), ((q, result),), notes, slip, point)


# -- chains of steps ------------------------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    """Each step of a chain checked against the one before, its ends against the quantity.

    Attributes
    ----------
    expressions : tuple of sympy expressions
        The steps, in order (``x`` replaced by ``x*(u)`` where it stands for it).
    results : tuple of CheckResult
        ``results[i]`` compares step ``i + 2`` with step ``i + 1`` (1-based);
        the checks stop at the first refuted step.
    notes : tuple of str
        How the chain was read.
    slip : Slip or None
        What turns the failing step's predecessor (or, for a first or last
        step that is not the quantity, mesosym's quantity) into it, when a
        named slip matches.
    quantity : str or None
        The quantity named on the left (``s``, ``beta_eps``, ``x_star``, ``u``).
    first, last : CheckResult or None
        The first and the last step against mesosym's quantity (None when
        the chain names none, or, for ``last``, when it follows from the rest).
    """

    expressions: tuple[sp.Expr, ...]
    results: tuple[CheckResult, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    slip: Slip | None = None
    quantity: str | None = None
    first: CheckResult | None = None
    last: CheckResult | None = None

    @property
    def first_failed_step(self) -> int | None:
        """The 1-based number of the first refuted step, or None.

        Step 1 fails when it is not the quantity named on the left; the last
        step fails when every step follows from the one before but the last
        is not the quantity.
        """
        if self.first is not None and self.first.verdict is Verdict.REFUTED:
            return 1
        for i, result in enumerate(self.results):
            if result.verdict is Verdict.REFUTED:
                return i + 2
        if self.last is not None and self.last.verdict is Verdict.REFUTED:
            return len(self.expressions)
        return None

    def __bool__(self) -> bool:
        return self.first_failed_step is None

    @property
    def ok(self) -> bool:
        """True when no step is refuted (each follows, and the ends are the quantity)."""
        return self.first_failed_step is None

    def __str__(self) -> str:
        """Each step with the check against the one before, then the first failure and slip."""
        failed = self.first_failed_step
        head = (
            f"chain of {len(self.expressions)} steps: every step follows"
            if failed is None
            else f"chain of {len(self.expressions)} steps: step {failed} does not follow"
        )
        if self.slip is not None:
            head += f" (step {failed} {self.slip.describe()})"
        lines = [head, f"  step 1: {sp.sstr(self.expressions[0])}"]
        for i, result in enumerate(self.results):
            lines.append(f"  step {i + 2}: {sp.sstr(self.expressions[i + 1])}    [{result}]")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        """A notebook's view: one row per step, its verdict, the counterexample and the slip."""
        from ..latex import latex

        rows = [rf"\text{{1}} & {latex(self.expressions[0])} & \\"]
        for i, result in enumerate(self.results):
            words = result.verdict.value.replace("{", "").replace("}", "")
            mark = rf"\text{{[{words}]}}{result.counterexample_latex()}"
            rows.append(rf"\text{{{i + 2}}} & = {latex(self.expressions[i + 1])} & {mark} \\")
        if self.slip is not None:
            rows.append(rf"& \text{{slip: step {self.first_failed_step} {self.slip.describe()}}} &")
        return "$\\displaystyle \\begin{array}{lll}\n" + "\n".join(rows) + "\n\\end{array}$"


def chain_domain(q: Any) -> dict[sp.Symbol, tuple[Any, Any]]:
    """Where the steps of a chain are compared: u (and x, and q when symbolic).

    >>> chain_domain(3)
    {u: (0, 2), x: (0, 10)}
    """
    q = _checked_q(q)
    if isinstance(q, sp.Symbol):
        return {symbols.u: (0, 1), symbols.x: (0, 1), symbols.q: (2, 12)}
    return {
        symbols.u: (0, 10) if q is sp.oo else (0, q - 1),
        symbols.x: (0, 1 if q is sp.oo else 10),
    }


#: The chain quantities in which ``x`` (``x^*``) is the saddle point ``x*(u)``: those of u.
_ROOT_QUANTITIES = tuple(q.claim for q in CLAIMED if q.claim is not None and q.variable == "u")


def _x_is_root(quantity: str | None, exprs: Sequence[sp.Expr]) -> bool:
    """``x`` stands for ``x*(u)`` in a chain about s, beta eps or x*, or one that also has u."""
    if not any(symbols.x in e.free_symbols for e in exprs):
        return False
    if quantity is not None:
        return quantity in _ROOT_QUANTITIES
    return any(symbols.u in e.free_symbols for e in exprs)


def check_chain(
    q: Any,
    expressions: Sequence[sp.Expr],
    *,
    budget: float = PROOF_BUDGET,
    quantity: str | None = None,
) -> ChainCheck:
    """Check each expression of a chain equals the one before, as functions on the domain.

    Parameters
    ----------
    q : int >= 2, sympy Symbol ``q``, or ``sympy.oo``
        Fixes the domain (:func:`chain_domain`).
    expressions : sequence of sympy expressions
        The steps, at least two (read them with :func:`mesosym.checking.claims.parse_steps`).
    budget : float
        CPU seconds for each step's proof attempt (identical steps are checked
        once), so that a chain's verdicts do not depend on its length.
    quantity : {"s", "beta_eps", "x_star", "u"}, optional
        The quantity named on the chain's left (:attr:`Chain.quantity
        <mesosym.checking.claims.Chain>`): the first and the last step are
        then also checked against mesosym's.  As in a single claim, ``x``
        (``x^*``) is ``x*(u)`` in a chain about ``s``, ``beta eps`` or ``x*``,
        or in one that also has ``u`` (for a symbolic q the chain is then
        checked at :data:`CHECK_Q_VALUES`, evidence for all q).

    Examples
    --------
    >>> from mesosym.symbols import u
    >>> c = check_chain(2, [u*sp.log(u**2), 2*u*sp.log(u), u*sp.log(u)])
    >>> c.first_failed_step, c.slip.describe()
    (3, 'is 1/2 times the reference')
    >>> x = symbols.x
    >>> check_chain(sp.oo, [-sp.log(1 - x) - u*sp.log(x),
    ...                     -sp.log(1 - u/(1 + u)) - u*sp.log(u/(1 + u))], quantity="s").ok
    True
    """
    if not isinstance(q, sp.Symbol) and q is not sp.oo:
        q = check_q(q)
    if quantity is not None and quantity not in CLAIM_QUANTITIES:
        raise DomainError(
            f"quantity must be one of {', '.join(CLAIM_QUANTITIES)} or None; got {short(quantity)}"
        )
    exprs = as_sympy_list(expressions, "expressions")
    if len(exprs) < 2:
        raise DomainError(f"a chain needs at least two steps; got {len(exprs)}")
    names = {str(s): s for s in (symbols.u, symbols.x, symbols.q)}
    notes: set[str] = set()
    matched = []
    for e in exprs:
        e, n = match_names(e, names)
        notes |= set(n)
        matched.append(e)
    root = _x_is_root(quantity, matched)
    if root:
        notes.add("x was read as the saddle point x*(u)")
    if root and isinstance(q, sp.Symbol):
        return _chain_at_q_values(matched, budget, quantity, tuple(sorted(notes)))
    return _chain(q, matched, budget, quantity, root, tuple(sorted(notes)))


def _chain(
    q: Any,
    exprs: Sequence[sp.Expr],
    budget: float,
    quantity: str | None,
    root: bool,
    notes: tuple[str, ...],
) -> ChainCheck:
    """The chain at one q (concrete, oo, or symbolic without x*)."""
    levels = None if isinstance(q, sp.Symbol) else EquispacedLevels(q)
    if root:
        assert levels is not None
        exprs = [_with_root(levels, e, "entropy") for e in exprs]
        box: dict[sp.Symbol, tuple[Any, Any]] = domain(q, "entropy")
    else:
        box = chain_domain(q)
    named = CLAIM_QUANTITIES.get(quantity or "")
    if named is not None and levels is None:
        named = None  # no reference in closed form for every q: the steps alone are checked
    first = last = None
    slip = None

    def against(expr: sp.Expr) -> CheckResult:
        assert levels is not None and named is not None
        _, result = _check_one(levels, named, expr, budget)
        return result

    if named is not None:
        first = against(exprs[0])
        if first.verdict is Verdict.REFUTED:
            ours, _ = reference(levels, named)  # type: ignore[arg-type]
            slip = find_slip(exprs[0], ours, domain(q, named))
            return ChainCheck(tuple(exprs), (), notes, slip, quantity, first)
    results = []
    seen: dict[tuple[sp.Expr, sp.Expr], CheckResult] = {}
    for before, after in zip(exprs, exprs[1:], strict=False):
        result = seen.get((before, after))
        if result is None:  # the budget is per step: a chain's length changes no verdict
            sub = _implicit_substitution(q, before, after) if root else None
            result = check_identity(before, after, domain=box, budget=budget, substitution=sub)
            seen[before, after] = result
        results.append(result)
        if result.verdict is Verdict.REFUTED:
            slip = find_slip(after, before, box)
            return ChainCheck(tuple(exprs), tuple(results), notes, slip, quantity, first)
    chained = [first, *results] if first is not None else []
    if named is not None and not all(r is not None and r.proved for r in chained):
        last = against(exprs[-1])  # equal by transitivity only when every link is proved
        if last.verdict is Verdict.REFUTED:
            ours, _ = reference(levels, named)  # type: ignore[arg-type]
            slip = find_slip(exprs[-1], ours, domain(q, named))
    return ChainCheck(tuple(exprs), tuple(results), notes, slip, quantity, first, last)


def _chain_at_q_values(
    exprs: Sequence[sp.Expr], budget: float, quantity: str | None, notes: tuple[str, ...]
) -> ChainCheck:
    """A chain in x*(u) for symbolic q: checked at each of :data:`CHECK_Q_VALUES`."""
    outcome = None
    for qq in CHECK_Q_VALUES:
        at_q = [e.subs(symbols.q, qq) for e in exprs]
        outcome = _chain(qq, at_q, budget, quantity, True, notes)
        if not outcome:
            note = f"x*(u) has no closed form for symbolic q: refuted at q = {qq}"
            return dataclasses.replace(outcome, notes=(*outcome.notes, note))
    assert outcome is not None

    def sampled(r: CheckResult | None) -> CheckResult | None:
        if r is None or r.verdict is not Verdict.PROVED:
            return r
        return dataclasses.replace(r, verdict=Verdict.NUMERIC, method=r.method + " at each q")

    tried = ", ".join(map(str, CHECK_Q_VALUES))
    return ChainCheck(
        tuple(exprs),
        tuple(sampled(r) for r in outcome.results),  # type: ignore[misc]
        (*notes, f"x*(u) has no closed form for symbolic q: checked at q = {tried}"),
        None,
        quantity,
        sampled(outcome.first),
        sampled(outcome.last),
    )
