"""Checked derivations: verdicts, steps, and the ordered chain of a paper's result.

A check returns a :class:`CheckResult` whose :class:`Verdict` says what was
established:

* ``PROVED`` -- SymPy reduced ``lhs - rhs`` to zero: true for every value of the
  symbols in the stated domain (:func:`check_identity`);
* ``VERIFIED`` -- exact arithmetic agreed on every case of a stated finite set,
  which is all it claims (:func:`check_exact`);
* ``NUMERIC`` -- high-precision numbers agreed (:func:`check_close`,
  :func:`check_less`, or :func:`check_identity` when simplification fails):
  evidence, not a proof;
* ``REFUTED`` -- with the counterexample.

A :class:`Step` is one labelled claim with its check; a :class:`Derivation` is
an ordered chain of steps with a title, the paper and its equation numbers, a
text report, LaTeX export (``_repr_latex_`` in notebooks) and a JSON-ready
dictionary.  The step constructors :func:`identity`, :func:`exact`,
:func:`close` and :func:`less` exist as functions (returning a :class:`Step`)
and as :class:`Derivation` methods (returning the longer derivation).

Examples
--------
>>> import sympy as sp
>>> from mesosym.symbols import u
>>> check_identity(sp.log(u**2), 2*sp.log(u)).verdict
<Verdict.PROVED: 'proved'>
>>> r = check_identity(sp.sin(u), u, domain={u: (0.1, 1)})
>>> r.verdict, sorted(r.counterexample)
(<Verdict.REFUTED: 'refuted'>, [u])

A derivation of Gauss's sum, written by hand:

>>> n = sp.Symbol("n", integer=True, nonnegative=True)
>>> d = Derivation("Gauss's sum", equations=("1",))
>>> d = d.exact("(1)", "sum(range(n + 1)) = n(n + 1)/2 for n < 100",
...             lambda m: sum(range(m + 1)), lambda m: m * (m + 1) // 2,
...             [(m,) for m in range(100)], ("n",))
>>> d = d.identity("(1)", "the closed form sums the series",
...                sp.summation(sp.Symbol("k"), (sp.Symbol("k"), 0, n)), n * (n + 1) / 2)
>>> d.ok, [st.result.verdict.name for st in d]
(True, ['VERIFIED', 'PROVED'])
>>> print(d.report().splitlines()[-1])
2/2 steps hold: 1 symbolic, 1 exact cases
"""

from __future__ import annotations

import enum
import functools
import io
import json
import math
import os
import pickle
import random
import re
import resource
import signal
import textwrap
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TextIO

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from .. import budget
from ..budget import short
from ..errors import BudgetError, DomainError
from ..latex import align_rows, article, broken_rows, prose
from ..latex import latex as _latex
from ..progress import step
from ..validation import as_sympy, check_count, check_digits, check_domain, is_plain_name

__all__ = [
    "Verdict",
    "CheckResult",
    "check_identity",
    "check_exact",
    "check_close",
    "check_less",
    "Evaluator",
    "PROOF_BUDGET",
    "DEFAULT_BUDGET",
    "CONFIRM_MAX_DIGITS",
    "run_bounded",
    "evaluate_bounded",
    "Evidence",
    "Step",
    "identity",
    "exact",
    "close",
    "less",
    "Derivation",
    "report",
]


class Verdict(enum.Enum):
    """What a check established.

    ``PROVED`` holds for every value of the symbols (in the stated domain);
    ``VERIFIED`` for every case of a stated finite set, checked exhaustively
    in exact arithmetic; ``NUMERIC`` is numerical agreement, not a proof;
    ``REFUTED`` comes with a counterexample.
    """

    PROVED = "proved"
    VERIFIED = "verified on every case"
    NUMERIC = "numerically equal, not proved"
    REFUTED = "refuted"


@dataclass(frozen=True)
class CheckResult:
    """What a check established, and on what evidence.

    ``bool(result)`` is False only for a refutation.

    Attributes
    ----------
    verdict : Verdict
    lhs, rhs : sympy expression or None
        What the two sides stand for (None when a check compared values only).
    method : str
        How the verdict was reached.
    counterexample : mapping or None
        For a refutation: the point (or case) where the sides disagree.
    max_difference : float or None
        The largest ``|lhs - rhs|`` found (relative to the scale of the sides
        for :func:`check_identity`), or the amount by which an inequality failed.
    margin : float or None
        For an inequality ``a < b`` that held: the smallest ``b - a``.
    points : int
        Points or cases evaluated.
    """

    verdict: Verdict
    lhs: sp.Basic | None
    rhs: sp.Basic | None
    method: str
    counterexample: Mapping[sp.Symbol, Any] | None = None
    max_difference: float | None = None
    points: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    margin: float | None = None

    def __bool__(self) -> bool:
        return self.verdict is not Verdict.REFUTED

    @property
    def proved(self) -> bool:
        """True when SymPy reduced the difference to zero: true for all values."""
        return self.verdict is Verdict.PROVED

    @property
    def verified(self) -> bool:
        """True when exact arithmetic agreed on every case of a finite set."""
        return self.verdict is Verdict.VERIFIED

    def __str__(self) -> str:
        text = f"{self.verdict.value} ({self.method})"
        if self.counterexample:
            pts = ", ".join(f"{k} = {v}" for k, v in self.counterexample.items())
            text += f"; counterexample {pts}"
            if self.max_difference is not None:
                text += f", difference {self.max_difference:.3g}"
        elif self.margin is not None:
            text += f"; {self.points} points, smallest margin {self.margin:.3g}"
        elif self.verdict is Verdict.NUMERIC and self.max_difference is not None:
            text += f"; {self.points} points, max |difference| {self.max_difference:.3g}"
        return text

    def _repr_latex_(self) -> str:
        r"""A notebook's view: ``lhs = rhs`` in mesosym's notation, then the verdict.

        >>> from mesosym.symbols import x
        >>> check_identity(x + x, 2*x)._repr_latex_()
        '$\\displaystyle 2 x = 2 x \\quad \\text{[proved (sympy cancel)]}$'
        >>> print(check_identity(x, 2*x, domain={x: (1, 2)})._repr_latex_())  # doctest: +ELLIPSIS
        $\displaystyle x = 2 x \quad \text{[refuted (...)]}\text{ at } x = ...$
        """
        verdict = rf"\text{{[{_mathjax_text(self.verdict.value)} ({_mathjax_text(self.method)})]}}"
        verdict += self.counterexample_latex()
        if self.lhs is None or self.rhs is None:
            return f"$\\displaystyle {verdict}$"
        return f"$\\displaystyle {_latex(self.lhs)} = {_latex(self.rhs)} \\quad {verdict}$"

    def counterexample_latex(self) -> str:
        r"""The counterexample, typeset: ``\text{ at } u = \frac{1}{2}`` and the difference.

        Empty when there is none.
        """
        if not self.counterexample:
            return ""
        point = ", ".join(
            f"{_latex(k)} = {_latex(sp.sympify(v))}" for k, v in self.counterexample.items()
        )
        text = rf"\text{{ at }} {point}"
        if self.max_difference is not None:
            text += rf"\text{{, difference {self.max_difference:.3g}}}"
        return text

    def as_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data (expressions and values as text).

        >>> from mesosym.symbols import x
        >>> check_identity(x + x, 2*x).as_dict()["verdict"]
        'proved'
        """
        return {
            "verdict": self.verdict.value,
            "method": self.method,
            "lhs": None if self.lhs is None else sp.sstr(self.lhs),
            "rhs": None if self.rhs is None else sp.sstr(self.rhs),
            "counterexample": None
            if self.counterexample is None
            else {str(k): str(v) for k, v in self.counterexample.items()},
            "max_difference": _finite_or_text(self.max_difference),
            "margin": _finite_or_text(self.margin),
            "points": self.points,
        }


def _finite_or_text(value: float | None) -> float | str | None:
    if value is None or value == value and abs(value) != float("inf"):
        return value
    return str(value)


#: CPU seconds an interactive proof attempt (``mesosym check``, :meth:`Derivation.equals`)
#: may take before falling back to numbers.  The attempt runs in a worker process
#: stopped at this many seconds of its own CPU time (:func:`run_bounded`), never
#: the wall clock, so that other work on a loaded machine, or a chain's length,
#: does not turn a proof into a numeric verdict.
PROOF_BUDGET = 1.0

#: CPU seconds :func:`check_identity` and :func:`identity` allow by default, outside
#: interactive checks (a paper's derivation may afford a slow ``radsimp``).
DEFAULT_BUDGET = 10.0

#: Largest ``count_ops`` on which the expensive rungs (``simplify``) are tried.
SIMPLIFY_MAX_OPS = 120

#: Largest ``count_ops`` on which any proof is attempted (``cancel`` included).
PROOF_MAX_OPS = 1000

_CHEAP = ("cancel", "expand_log")


def _rung(name: str, expr: sp.Expr) -> sp.Expr:
    if name == "cancel":
        return sp.cancel(sp.together(expr))
    if name == "expand_log":
        return sp.cancel(sp.together(sp.expand_log(expr, force=True)))
    if name == "simplify":
        return sp.simplify(expr)
    return sp.simplify(sp.radsimp(sp.together(expr)))


#: Rungs whose result is the difference itself, rewritten exactly: a non-zero result
#: refutes (``expand_log`` with ``force=True`` may assume what the domain does not).
_EXACT_RUNGS = ("cancel", "simplify", "radsimp")

#: Digits to which a disagreement found at the working precision is confirmed, at most.
CONFIRM_MAX_DIGITS = 5000


def _unevaluated(func: Any, args: tuple[Any, ...]) -> Any:
    """``func(*args)`` as it was built, not evaluated again (the worker's answers)."""
    try:
        return func(*args, evaluate=False)
    except TypeError:  # a function class that takes no ``evaluate``
        return func(*args)


class _AsBuilt(pickle.Pickler):
    """Pickles SymPy sums, products, powers and functions so they are rebuilt as built.

    Unpickling calls each node's constructor, which evaluates: mesosym's own
    ``log((1 - x**10**6)/(1 - x))`` would be sign-analysed again in the parent, outside
    the worker's CPU limit (a minute of assumption queries).
    """

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, (sp.Add, sp.Mul, sp.Pow)) or (
            isinstance(obj, sp.Function) and not isinstance(obj, AppliedUndef)
        ):
            return _unevaluated, (obj.func, obj.args)
        return NotImplemented


def _as_built(value: Any) -> bytes:
    """``value`` pickled by :class:`_AsBuilt`."""
    buffer = io.BytesIO()
    _AsBuilt(buffer).dump(value)
    return buffer.getvalue()


def run_bounded(
    work: Callable[..., Any],
    *args: Any,
    cpu_seconds: float,
    errors: tuple[type[BaseException], ...] = (),
) -> tuple[bool, Any]:
    """Run ``work(*args)`` where it can be stopped: a forked worker with a hard CPU limit.

    A SymPy ``cancel`` or ``simplify`` cannot be interrupted from inside; a
    child process can.  The child counts its own CPU time (``ITIMER_PROF``,
    backed by ``RLIMIT_CPU``) and is killed at ``cpu_seconds``, whatever the
    load of the machine; the wall clock plays no part.  Returns
    ``(True, value)`` when the work finished (its value travels back
    pickled), ``(False, None)`` when it was stopped or failed.  An exception
    of a type in ``errors`` raised by the work travels back too and is
    raised here.  Where ``os.fork`` is missing the work runs in this
    process, unbounded.

    >>> run_bounded(sum, [1, 2, 3], cpu_seconds=1.0)
    (True, 6)
    """
    if not hasattr(os, "fork"):  # pragma: no cover -- not on Linux or macOS
        try:
            return True, work(*args)
        except errors:
            raise
        except Exception:  # noqa: BLE001 -- a failed proof attempt proves nothing
            return False, None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns
        status = 1
        try:
            os.close(read_end)
            signal.signal(signal.SIGPROF, signal.SIG_DFL)
            signal.setitimer(signal.ITIMER_PROF, max(cpu_seconds, 0.001))
            hard = int(math.ceil(cpu_seconds)) + 1
            resource.setrlimit(resource.RLIMIT_CPU, (hard, hard + 1))
            try:
                payload = _as_built((True, work(*args)))
            except errors as error:
                payload = pickle.dumps((False, error))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    if not os.WIFEXITED(wait_status) or os.WEXITSTATUS(wait_status) != 0:
        return False, None
    finished, value = pickle.loads(payload)  # noqa: S301 -- our own child's answer
    if not finished:
        raise value
    return True, value


def evaluate_bounded(work: Callable[..., Any], *args: Any, what: str) -> Any:
    """Run ``work(*args)``, the evaluation of a caller's claim, in a stoppable worker.

    The worker is stopped at
    :data:`~mesosym.budget.EVALUATION_SECONDS` of CPU time (:func:`run_bounded`).

    Exact substitution into ``u**(10**400)`` or ``exp(exp(exp(1000 u)))`` at high
    precision cannot be interrupted from inside; past the limit the work is
    stopped and refused with a :class:`~mesosym.errors.BudgetError` naming
    ``what``.  Exceptions of the work are raised here as they were raised there.

    >>> evaluate_bounded(sum, [1, 2, 3], what="a sum")
    6
    """
    limit = budget.EVALUATION_SECONDS
    finished, value = run_bounded(work, *args, cpu_seconds=limit, errors=(Exception,))
    if not finished:
        raise BudgetError(
            f"{what} was stopped after {limit:g} CPU s (limit EVALUATION_SECONDS in "
            "mesosym.budget): the expression is too costly to evaluate exactly or at "
            "this precision; write it in a simpler form"
        )
    return value


@dataclass(frozen=True)
class _Attempt:
    """What the proof ladder found: zero (``how``), or a non-zero reduction, or neither."""

    how: str | None = None
    nonzero: sp.Expr | None = None
    stopped: bool = False


def _nonzero(expr: sp.Expr) -> bool:
    """True when ``expr`` is provably non-zero: for every value of its symbols' assumptions.

    A number counts when SymPy's evaluation separates it from zero with 30
    correct digits (``strict=True``).
    """
    if expr.is_zero is False:
        return True
    if not expr.is_number or expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return False
    try:
        value = expr.evalf(30, strict=True)
    except (sp.core.evalf.PrecisionExhausted, ValueError, TypeError):
        return False
    return bool(value.is_number and value != 0)


_RUNGS = ("cancel", "expand_log", "simplify", "radsimp")


def _ladder(
    forms: tuple[tuple[str, sp.Expr], ...],
    small_forms: tuple[bool, ...],
    rungs: tuple[str, ...] = _RUNGS,
) -> _Attempt:
    """Climb ``rungs`` (cancel -> expand_log -> simplify -> radsimp) on every form."""
    stopped = False
    for name in rungs:
        for (label, form), small in zip(forms, small_forms, strict=True):
            if name == "expand_log" and not all(s.is_positive for s in form.free_symbols):
                continue
            if name not in _CHEAP and not small:
                stopped = True
                continue
            try:
                reduced = _rung(name, form)
                if reduced == 0:
                    return _Attempt(how=name + label, stopped=stopped)
                if name in _EXACT_RUNGS and _nonzero(reduced):
                    return _Attempt(how=name + label, nonzero=reduced, stopped=stopped)
            except (NotImplementedError, TypeError, ValueError, RecursionError, ZeroDivisionError):
                continue
    return _Attempt(stopped=stopped)


@functools.lru_cache(maxsize=1)
def _warm_up() -> None:
    """Climb the ladder once on a small expression in this process.

    SymPy imports parts of ``simplify`` on first use; done in a worker, that
    work would die with it and be charged to every proof's budget.
    """
    y = sp.Dummy("y", positive=True)
    _ladder((("", sp.sqrt(2) * y + sp.log(y / (1 + y))),), (True,))


@functools.lru_cache(maxsize=256)
def _prove(forms: tuple[tuple[str, sp.Expr], ...], budget: float) -> _Attempt:
    """Run the ladder on ``forms`` within ``budget`` CPU seconds of a worker.

    Cached, so that steps proved identical cost nothing the second time.
    """
    sized = []
    skipped = False
    for label, form in forms:
        ops = sp.count_ops(form)
        if ops > PROOF_MAX_OPS:
            skipped = True
            continue
        sized.append(((label, form), ops <= SIMPLIFY_MAX_OPS))
    if not sized:
        return _Attempt(stopped=True)
    forms_ = tuple(f for f, _ in sized)
    small = tuple(s for _, s in sized)
    start = _children_cpu()
    finished, attempt = run_bounded(_ladder, forms_, small, _CHEAP, cpu_seconds=budget)
    if finished and attempt.how is None and not any(small):
        attempt = replace(attempt, stopped=True)  # too large for the dearer rungs
    elif finished and attempt.how is None:
        # the dearer rungs, in a worker that starts warm, with what is left of the budget
        _warm_up()
        left = budget - (_children_cpu() - start)
        finished, attempt = (
            run_bounded(_ladder, forms_, small, _RUNGS[2:], cpu_seconds=left)
            if left > 0
            else (False, None)
        )
    if not finished:
        return _Attempt(stopped=True)
    return replace(attempt, stopped=attempt.stopped or skipped)


def _children_cpu() -> float:
    """CPU seconds of the workers this process has waited for."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _onto_positive_axis(expr: sp.Expr, domain: Mapping[sp.Symbol, tuple[Any, Any]]) -> sp.Expr:
    """Substitute ``v = lo + (hi - lo) y/(1 + y)``, ``y > 0``, for each bounded symbol.

    SymPy cannot assume ``0 < u < 1``, but it can assume ``y > 0``: the map
    encodes the interval in assumptions, so ``log(1 - u)`` becomes provably real.
    """
    subs = {}
    for sym, (lo, hi) in domain.items():
        lo, hi = (
            sp.nsimplify(as_sympy(lo, "domain bound")),
            sp.nsimplify(as_sympy(hi, "domain bound")),
        )
        y = sp.Dummy(f"{sym}_y", positive=True)
        subs[sym] = lo + y if hi is sp.oo else lo + (hi - lo) * y / (1 + y)
    return expr.subs(subs)


_ELEMENTARY = (
    sp.log,
    sp.exp,
    sp.sin,
    sp.cos,
    sp.tan,
    sp.sinh,
    sp.cosh,
    sp.tanh,
    sp.coth,
    sp.asinh,
    sp.acosh,
    sp.atanh,
    sp.Abs,
    sp.sign,
)


def _implicit_atoms(expr: sp.Expr) -> list[sp.Expr]:
    """Applied functions lambdify cannot translate (``x_star(u)``), innermost first."""
    found = [f for f in expr.atoms(sp.Function) if not isinstance(f, _ELEMENTARY)]
    return sorted(found, key=lambda f: (sp.count_ops(f), sp.default_sort_key(f)))


@functools.lru_cache(maxsize=512)
def _implicit_value(
    f: sp.Expr, point: tuple[tuple[sp.Symbol, sp.Rational], ...], digits: int
) -> Any:
    """An implicit function (``x_star(u)``) at a point: solved once, reused by every check."""
    return sp.N(f.subs(dict(point)), digits)


class Evaluator:
    """``expr`` at a point, at ``digits`` digits: lambdified for mpmath, implicit parts evalf'd.

    The numeric stage of :func:`check_identity`, for checks built on it.
    Points are mappings of symbols to exact rationals; the value is an mpmath
    number carrying ``digits + 10`` digits.

    >>> from mesosym.symbols import u
    >>> f = Evaluator(sp.log(u), [u], 20)
    >>> print(mpmath.nstr(f({u: sp.Rational(1, 2)}), 10))
    -0.6931471806
    """

    def __init__(self, expr: sp.Expr, symbols: Sequence[sp.Symbol], digits: int) -> None:
        expr = as_sympy(expr, "expr")
        if not isinstance(symbols, (list, tuple)) or not all(
            isinstance(s, sp.Symbol) for s in symbols
        ):
            raise DomainError(f"symbols must be a list of SymPy Symbols; got {short(symbols)}")
        symbols = [as_sympy(s, "symbols") for s in symbols]
        digits = check_digits(digits)
        self.expr, self.symbols, self.digits = expr, list(symbols), digits
        self.implicit = _implicit_atoms(expr)
        self.dummies = [sp.Dummy(f"f{i}") for i in range(len(self.implicit))]
        body = expr.subs(dict(zip(self.implicit, self.dummies, strict=True)), simultaneous=True)
        self.fn: Callable[..., Any] | None
        try:
            if _implicit_atoms(body):
                raise TypeError("nested implicit functions")
            self.fn = sp.lambdify(self.symbols + self.dummies, body, modules="mpmath", cse=True)
        except Exception:  # noqa: BLE001 -- any failure falls back to subs + evalf
            self.fn = None

    def __call__(self, point: Mapping[sp.Symbol, sp.Rational]) -> Any:
        """The value at ``point`` (mpmath); SymPy's evalf where lambdified code fails."""
        return self.at(point, self.digits)

    def at(self, point: Mapping[sp.Symbol, sp.Rational], digits: int) -> Any:
        """The value at ``point``, carrying ``digits + 10`` digits (to confirm a disagreement)."""
        if self.fn is not None:
            try:
                with mpmath.workdps(digits + 10):
                    args = [mpmath.mpf(point[s].p) / point[s].q for s in self.symbols]
                    key = tuple(sorted(point.items(), key=lambda kv: str(kv[0])))
                    args += [
                        _implicit_value(f, key, digits + 10)._to_mpmath(mpmath.mp.prec)
                        for f in self.implicit
                    ]
                    value = self.fn(*args)
                    if isinstance(value, (mpmath.mpf, mpmath.mpc, int, float, complex)):
                        return mpmath.mpmathify(value)
            except OverflowError:
                raise self._overflow(point) from None
            except (ZeroDivisionError, ValueError, TypeError, AttributeError):
                pass
        # Floats, not the exact rationals: exact powers such as V**alpha at rational
        # points send SymPy into perfect-power searches that do not finish
        floats = {s: sp.Float(v, digits + 10) for s, v in point.items()}
        try:
            value = sp.N(self.expr.subs(floats), digits)
        except OverflowError:
            raise self._overflow(point) from None
        if not value.is_number:
            raise DomainError(
                f"cannot evaluate {self.expr} numerically at {dict(point)}: "
                f"free symbols {sorted(map(str, value.free_symbols))} have no value"
            )
        with mpmath.workdps(digits + 10):
            if value.has(sp.I):
                re, im = value.as_real_imag()
                return mpmath.mpc(
                    sp.Float(re, digits)._to_mpmath(mpmath.mp.prec),
                    sp.Float(im, digits)._to_mpmath(mpmath.mp.prec),
                )
            return value._to_mpmath(mpmath.mp.prec)

    def _overflow(self, point: Mapping[sp.Symbol, sp.Rational]) -> DomainError:
        where = ", ".join(f"{k} = {short(v)}" for k, v in point.items())
        return DomainError(
            f"cannot evaluate {short(self.expr)} at {where}: its value overflows every "
            "precision (an exponent beyond mpmath's range)"
        )


def _radical_in(expr: sp.Expr, substitution: Mapping[sp.Basic, sp.Expr]) -> bool:
    """True when a non-integer power involves a substituted symbol (substituting costs minutes)."""
    olds = {k for k in substitution if isinstance(k, sp.Symbol)}
    return any(not p.exp.is_Integer and p.base.free_symbols & olds for p in expr.atoms(sp.Pow))


def check_identity(
    lhs: Any,
    rhs: Any,
    *,
    domain: Mapping[sp.Symbol, tuple[Any, Any]] | None = None,
    points: int = 24,
    digits: int = 50,
    seed: int = 2024,
    simplify: bool = True,
    budget: float = DEFAULT_BUDGET,
    substitution: Mapping[sp.Basic, sp.Expr] | None = None,
) -> CheckResult:
    """Check ``lhs == rhs`` symbolically, then at random points of ``domain``.

    Parameters
    ----------
    lhs, rhs : sympy expressions (or numbers; text is refused, never evaluated)
    domain : mapping symbol -> (low, high)
        Open interval sampled for each free symbol; default ``(0, 1)`` for a
        symbol not named.  Samples are exact rationals, evaluated at ``digits``
        digits.
    points : int
        Random points for the numeric stage (the interval ends are avoided).
    simplify : bool
        Try a proof by simplification first.
    budget : float
        Seconds the proof attempt may take (checked between the rungs of the
        ladder cancel, expand_log, simplify, radsimp; the expensive rungs are
        skipped on large expressions); past it the check falls back to
        numbers and says so in ``notes``.
    substitution : mapping, optional
        A change of variables, one to one on the domain, tried first in the
        proof attempt, e.g. ``{x_star(u): X, u: X P'(X)/P(X)}`` for an implicit
        root.

    Returns
    -------
    CheckResult
        ``PROVED`` if simplification gives 0; ``REFUTED`` with the first point
        where ``|lhs - rhs|`` exceeds ``10**(-digits/2)`` times the scale of the
        sides; otherwise ``NUMERIC``.  Sides differing by a constant are
        refuted like any others.

    Examples
    --------
    >>> from mesosym.symbols import x
    >>> check_identity(x + x, 2*x).proved
    True
    >>> check_identity(x + sp.log(2), x, domain={x: (0, 1)}).verdict
    <Verdict.REFUTED: 'refuted'>
    """
    if isinstance(lhs, str) or isinstance(rhs, str):
        raise DomainError(
            "check_identity takes SymPy expressions; parse text with mesosym.checking.parse"
        )
    lhs, rhs = as_sympy(lhs, "lhs"), as_sympy(rhs, "rhs")
    if isinstance(lhs, sp.Equality) or isinstance(rhs, sp.Equality):
        raise DomainError("check_identity takes two expressions, not equations")
    domain = check_domain({} if domain is None else domain)
    if substitution is not None:
        if not isinstance(substitution, Mapping):
            raise DomainError(
                f"substitution must map old to new expressions; got {short(substitution)}"
            )
        substitution = {
            as_sympy(old, "substitution"): as_sympy(new, "substitution")
            for old, new in substitution.items()
        }
    diff = lhs - rhs
    if diff == 0:  # the same expression: nothing to prove, nothing to sample
        return CheckResult(Verdict.PROVED, lhs, rhs, method="sympy cancel")
    notes: list[str] = []
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=str)
    evaluators = (Evaluator(lhs, symbols, digits), Evaluator(rhs, symbols, digits))

    memo: dict[Any, Any] = {}  # a point confirmed by the probe is not confirmed again

    def numeric(count: int) -> CheckResult:
        def stage() -> tuple[CheckResult, list[str], dict[Any, Any]]:
            found = _numeric_stage(
                lhs, rhs, evaluators, symbols, domain, count, digits, seed, notes, memo
            )
            return found, notes, memo

        # in a worker stopped at EVALUATION_SECONDS: the caller's sides may not finish
        found, notes[:], memo_ = evaluate_bounded(
            stage, what=f"evaluating {short(lhs)} - ({short(rhs)}) at {count} points"
        )
        memo.update(memo_)
        return found

    undefined = bool(lhs.atoms(AppliedUndef) | rhs.atoms(AppliedUndef))
    probe: CheckResult | None = None
    if simplify and not undefined:
        # a few points first: a wrong claim is refuted before any proof is attempted
        # (not with general functions f, g: they have no values to sample)
        probe = numeric(min(3, points))
        if probe.verdict is Verdict.REFUTED:
            return probe
        notes.clear()  # an unsettled probe point is looked at again after the proof
    if simplify:
        deadline = time.process_time() + budget
        forms = [("", diff)]
        if substitution and not _radical_in(diff, substitution):
            changed = diff.subs(dict(substitution), simultaneous=True)
            forms.insert(0, (", after the change of variables", changed))
        if domain and sp.count_ops(diff) <= SIMPLIFY_MAX_OPS:
            mapped = _onto_positive_axis(diff, domain)
            forms.append((", with each interval mapped onto y > 0", mapped))
        attempt = _prove(tuple(forms), round(max(deadline - time.process_time(), 0.0), 3))
        if attempt.how is not None and attempt.nonzero is None:
            return CheckResult(Verdict.PROVED, lhs, rhs, method=f"sympy {attempt.how}")
        if attempt.nonzero is not None:
            point = _points(symbols, domain, seed, 1)[0]
            return _nonzero_result(lhs, rhs, attempt, point, evaluators, digits)
        if attempt.stopped:
            notes.append(
                f"proof attempt stopped at its budget ({budget:g} CPU s; at most {PROOF_MAX_OPS} "
                f"operations, {SIMPLIFY_MAX_OPS} for simplify); decided by {digits}-digit numerics"
            )
    result = numeric(points)
    if result.verdict is Verdict.NUMERIC and any(n.startswith(_UNSETTLED) for n in notes):
        raise DomainError(
            f"cannot decide {short(lhs, form=str)} = {short(rhs, form=str)}: "
            + "; ".join(n for n in notes if n.startswith(_UNSETTLED))
        )
    return result


def _short(value: sp.Expr) -> str:
    """A number or expression for a report: as written when short, else to 6 digits."""
    text = sp.sstr(value)
    if len(text) <= 60:
        return text
    if value.is_number:
        return sp.sstr(sp.N(value, 6))
    return text[:57] + "..."


def _nonzero_result(
    lhs: sp.Expr,
    rhs: sp.Expr,
    attempt: _Attempt,
    point: dict[sp.Symbol, sp.Rational],
    evaluators: tuple[Evaluator, Evaluator],
    digits: int,
) -> CheckResult:
    """A refutation by exact algebra: the difference reduced to a provably non-zero value.

    The counterexample is the first sample point (any point will do), with
    the difference there at twice the working precision.
    """
    reduced = attempt.nonzero
    assert reduced is not None
    what = "the non-zero constant" if reduced.is_number else "the non-vanishing"
    try:
        a, b = (f.at(point, 2 * digits) for f in evaluators)
        difference: float | None = float(abs(a - b))
    except (DomainError, ValueError, TypeError, ZeroDivisionError, ArithmeticError):
        difference = float(abs(sp.N(reduced, 20))) if reduced.is_number else None
    return CheckResult(
        Verdict.REFUTED,
        lhs,
        rhs,
        method=f"sympy {attempt.how}: lhs - rhs reduces exactly to {what} {_short(reduced)}",
        counterexample=point,
        max_difference=difference,
        points=1,
    )


def _sample(lo: Any, hi: Any, frac: sp.Rational) -> sp.Rational:
    """The point ``frac`` of the way through ``(lo, hi)``; y/(1 - y) reaches an infinite end."""
    lo, hi = as_sympy(lo, "domain bound"), as_sympy(hi, "domain bound")
    if lo.is_infinite and hi.is_infinite:
        return (2 * frac - 1) / (frac * (1 - frac))
    if hi.is_infinite:
        return _rational(lo) + frac / (1 - frac)
    if lo.is_infinite:
        return _rational(hi) - (1 - frac) / frac
    lo, hi = _rational(lo), _rational(hi)
    return lo + (hi - lo) * frac


def _rational(bound: sp.Expr) -> sp.Rational:
    """A bound as a Rational: a Float by its printed decimal digits (0.1 is 1/10)."""
    return bound if bound.is_Rational else sp.Rational(str(bound))


def _points(
    symbols: Sequence[sp.Symbol],
    domain: Mapping[sp.Symbol, tuple[Any, Any]],
    seed: int,
    count: int,
) -> list[dict[sp.Symbol, sp.Rational]]:
    """``count`` seeded random points of the box (the same first points each time)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        point = {}
        for sym in symbols:
            frac = sp.Rational(rng.randint(1, 10**6 - 1), 10**6)
            point[sym] = _sample(*domain.get(sym, (0, 1)), frac)
        out.append(point)
    return out


#: How a note about a disagreement that no precision settled begins.
_UNSETTLED = "unsettled:"


def _complex(value: Any) -> bool:
    return isinstance(value, mpmath.mpc) and value.imag != 0


def _stable(first: Any, last: Any, digits: int) -> bool:
    """Two evaluations of ``|lhs - rhs|`` at different precisions agree to ``digits`` digits.

    A difference beyond ``e^10000`` (``exp(exp(exp(10)))``) agrees in its
    logarithm: rounding at ``D`` digits moves the logarithm of a
    cancellation's residue by ``D ln 10``, not by a fraction of it.
    """
    if not (mpmath.isfinite(first) and mpmath.isfinite(last)) or last == 0:
        return False
    tol = mpmath.mpf(10) ** (-digits)
    if abs(first - last) <= abs(last) * tol:
        return True
    size = mpmath.log(abs(last))
    return bool(abs(size) > 10**4 and abs(mpmath.log(abs(first)) - size) <= abs(size) * tol)


def _near(first: Any, last: Any) -> bool:
    """Two evaluations of a difference agree to 6 digits (no cancellation spoiled the first)."""
    with mpmath.workdps(30):
        return bool(mpmath.isfinite(last) and abs(first - last) <= abs(last) * mpmath.mpf(10) ** -6)


def _confirmed(
    evaluators: tuple[Evaluator, Evaluator], point: Mapping[sp.Symbol, sp.Rational], digits: int
) -> tuple[bool | None, Any, Any, Any, int]:
    """Confirm a disagreement found at ``digits``: raise the precision until it is stable.

    Cancellation between terms of size ``10**m`` leaves ``|lhs - rhs|`` of
    size ``10**(m - D)`` at ``D`` digits whatever the truth, so the next
    precision is chosen from the size of that residue (enough for terms of
    ``10**m`` plus ``digits``), at least double the last.  The disagreement
    is confirmed when two successive precisions agree on the difference to
    ``digits // 5`` digits; refuted as rounding when the sides agree at the
    higher precision.

    Returns ``(True, a, b, d, D)`` for a confirmed disagreement, ``(False, ...)``
    when it was rounding, ``(None, ...)`` when :data:`CONFIRM_MAX_DIGITS` did
    not settle it.
    """
    tol = mpmath.mpf(10) ** (-(digits // 2))
    work = digits + 10
    last = None
    a = b = d = mpmath.mpf(0)
    while True:
        with mpmath.workdps(work):
            a, b = evaluators[0].at(point, work - 10), evaluators[1].at(point, work - 10)
            d = abs(a - b)
            scale = 1 + max(abs(a), abs(b))
            if d <= tol * scale:
                return False, a, b, d, work
            if last is not None and _stable(last, d, max(digits // 5, 6)):
                return True, a, b, d, work
            if not mpmath.isfinite(d) and last is not None and not mpmath.isfinite(last):
                return True, a, b, d, work  # NaN or infinite at two precisions
            size = int(mpmath.log10(d)) if mpmath.isfinite(d) and d > 0 else 0
        if work >= CONFIRM_MAX_DIGITS:
            return None, a, b, d, work
        jump = 2 * work if last is None else min(work + size + digits + 10, 4 * work)
        last = d
        work = min(max(2 * work, jump), CONFIRM_MAX_DIGITS)


def _numeric_stage(
    lhs: sp.Expr,
    rhs: sp.Expr,
    evaluators: tuple[Evaluator, Evaluator],
    symbols: Sequence[sp.Symbol],
    domain: Mapping[sp.Symbol, tuple[Any, Any]],
    points: int,
    digits: int,
    seed: int,
    notes: list[str],
    memo: dict[Any, Any] | None = None,
) -> CheckResult:
    """Compare the sides at ``points`` seeded random points (the same first points each time).

    A disagreement at ``digits`` digits refutes only once confirmed at a
    precision fit for the size of the terms (:func:`_confirmed`); one that
    no precision up to :data:`CONFIRM_MAX_DIGITS` settles is noted (the
    point neither refutes nor counts as agreement).
    """
    tol = mpmath.mpf(10) ** (-(digits // 2))
    worst = mpmath.mpf(0)
    eval_l, eval_r = evaluators
    agreed = 0
    for point in _points(symbols, domain, seed, points):
        with mpmath.workdps(digits + 10):
            a, b = eval_l(point), eval_r(point)
            d = abs(a - b)
            scale = 1 + max(abs(a), abs(b))
            bad = not (d <= tol * scale)  # a NaN is bad
        precision, first = digits, d
        if bad:
            key = tuple(point.items())
            if memo is None or key not in memo:
                found = _confirmed(evaluators, point, digits)
                if memo is not None:
                    memo[key] = found
            settled, a, b, d, precision = found if memo is None else memo[key]
            if settled is None:
                where = ", ".join(f"{k} = {v}" for k, v in point.items())
                notes.append(
                    f"{_UNSETTLED} the sides differ at {where} at {digits} digits, and no "
                    f"precision up to {CONFIRM_MAX_DIGITS} digits settled the difference"
                )
                continue
            bad = settled
        if bad:
            method = f"{digits}-digit evaluation"
            if not _near(first, d):  # the working precision was not enough
                method += f", confirmed at {precision} digits"
            if _complex(a) and not _complex(b):
                method += "; your side is complex there, the reference real"
            elif _complex(b) and not _complex(a):
                method += "; the reference is complex there, your side real"
            return CheckResult(
                Verdict.REFUTED,
                lhs,
                rhs,
                method=method,
                counterexample=point,
                max_difference=float(abs(d)) if mpmath.isfinite(d) else float("nan"),
                points=1,
                notes=tuple(notes),
            )
        agreed += 1
        with mpmath.workdps(precision + 10):
            worst = max(worst, d / (1 + max(abs(a), abs(b))))
    return CheckResult(
        Verdict.NUMERIC,
        lhs,
        rhs,
        method=f"{digits}-digit evaluation at {agreed} random points",
        max_difference=float(worst),
        points=agreed,
        notes=tuple(notes),
    )


def _expr(value: Any) -> sp.Basic | None:
    return None if value is None else as_sympy(value)


def _pairs(pairs: Any) -> Iterator[tuple[Any, Any]]:
    """The ``(a, b)`` pairs of a numeric check, each a sequence of two (never text)."""
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Iterable):
        raise DomainError(f"pairs must be an iterable of (a, b) pairs; got {short(pairs)}")
    for pair in pairs:
        if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise DomainError(f"pairs must hold (a, b) pairs of numbers; got {short(pair)}")
        yield pair[0], pair[1]


def _number(value: Any, name: str) -> Any:
    """An mpmath number from a float, int, mpmath or SymPy number (never from text).

    SymPy numbers that mpmath reads directly (Floats keep all their digits)
    are read so; others (``log(2)``) are evaluated 10 digits beyond the
    working precision.
    """
    if not isinstance(value, (str, bytes)):
        try:
            return mpmath.mpmathify(value)
        except (TypeError, ValueError):
            pass
        if isinstance(value, sp.Basic):
            evaluated = value.evalf(mpmath.mp.dps + 10)
            if evaluated.is_number:
                return evaluated._to_mpmath(mpmath.mp.prec + 30)
    raise DomainError(f"{name} must hold numbers (float, int, mpmath or SymPy); got {short(value)}")


def _nonempty(name: str, count: int) -> None:
    if count == 0:
        raise DomainError(f"{name} must hold at least one case; got none")


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
    """Compare ``lhs(*case) == rhs(*case)`` exactly on every case of a finite set.

    Parameters
    ----------
    lhs, rhs : callable
        Functions of the case's values returning exact numbers (ints,
        Fractions, SymPy rationals) or anything with exact ``==`` (booleans,
        tuples).
    cases : iterable of sequences
        The finite set of arguments, at least one; all are checked.
    names : sequence of str
        Names of the arguments, for the counterexample.
    lhs_expr, rhs_expr : sympy expression, optional
        What the two sides stand for, stored in the result.
    what : str
        Description of the cases for the method string, e.g. ``"N <= 12, all M"``.

    Returns
    -------
    CheckResult
        ``VERIFIED`` if every case agrees (true for these cases, not proved
        for all), with ``points`` the number of cases; ``REFUTED`` at the
        first disagreement, with the arguments and both sides as
        ``counterexample``.

    Raises
    ------
    DomainError
        If ``cases`` is empty (nothing would be verified).

    Examples
    --------
    Gauss's sum for n < 50, and a wrong formula refuted at n = 1:

    >>> r = check_exact(lambda n: n * (n + 1) // 2, lambda n: sum(range(n + 1)),
    ...                 [(n,) for n in range(50)], ("n",))
    >>> r.verdict, r.points
    (<Verdict.VERIFIED: 'verified on every case'>, 50)
    >>> print(check_exact(lambda n: n * n, lambda n: 2 * n, [(n,) for n in range(4)], ("n",)))
    refuted (exact arithmetic); counterexample n = 1, lhs = 1, rhs = 2, difference 1
    """
    if not callable(lhs) or not callable(rhs):
        raise DomainError(
            f"lhs and rhs must be functions of the case; got {short(lhs)}, {short(rhs)}"
        )
    if not isinstance(names, (tuple, list)) or not all(is_plain_name(n) for n in names):
        raise DomainError(f"names must be a sequence of plain variable names; got {short(names)}")
    if isinstance(cases, (str, bytes)) or not isinstance(cases, Iterable):
        raise DomainError(f"cases must be an iterable of tuples of values; got {short(cases)}")
    count = 0
    for case in cases:
        if not isinstance(case, (tuple, list)) or len(case) != len(names):
            raise DomainError(
                f"each case must be a tuple of {len(names)} values; got {short(case)}"
            )
        a, b = lhs(*case), rhs(*case)
        count += 1
        if not bool(a == b):
            point: dict[sp.Symbol, Any] = {
                sp.Symbol(n): v for n, v in zip(names, case, strict=True)
            }
            point[sp.Symbol("lhs")], point[sp.Symbol("rhs")] = a, b
            try:
                diff: float | None = float(abs(a - b))
            except TypeError:
                diff = None
            return CheckResult(
                Verdict.REFUTED,
                _expr(lhs_expr),
                _expr(rhs_expr),
                method="exact arithmetic",
                counterexample=point,
                max_difference=diff,
                points=count,
            )
    _nonempty("cases", count)
    scope = f" over {what}" if what else ""
    return CheckResult(
        Verdict.VERIFIED,
        _expr(lhs_expr),
        _expr(rhs_expr),
        method=f"exact arithmetic, all {count} cases{scope}",
        points=count,
    )


def _each_pair(
    pairs: Iterable[tuple[Any, Any]],
    judge: Callable[[Any, Any], tuple[Any, Any]],
    combine: Callable[[Any, Any], Any],
    start: Any,
    sides: tuple[Any, Any, str],
    kind: str,
    held: Callable[[Any, int, str], dict[str, Any]],
) -> CheckResult:
    """Judge each numeric pair: refuted at the first that fails, else NUMERIC.

    ``judge(a, b)`` returns ``(value, miss)``: ``miss`` is None where the pair
    passes, else by how much it fails (the refutation's ``max_difference``); the
    values of the passing pairs are folded with ``combine`` from ``start``, and
    ``held(total, count, scope)`` gives the NUMERIC result's method and measure.
    ``sides`` are the two sides' expressions and the description of the points.
    """
    total, count = start, 0
    for i, (a, b) in enumerate(_pairs(pairs)):
        count += 1
        value, miss = judge(_number(a, "pairs"), _number(b, "pairs"))
        if miss is not None:
            return CheckResult(
                Verdict.REFUTED,
                _expr(sides[0]),
                _expr(sides[1]),
                method=f"numerical {kind}",
                counterexample={sp.Symbol("case"): i, sp.Symbol("values"): (a, b)},
                max_difference=float(miss),
                points=count,
            )
        total = combine(total, value)
    _nonempty("pairs", count)
    scope = f" ({sides[2]})" if sides[2] else ""
    found = held(total, count, scope)
    return CheckResult(Verdict.NUMERIC, _expr(sides[0]), _expr(sides[1]), points=count, **found)


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

    Parameters
    ----------
    pairs : iterable of (a, b)
        At least one pair of numbers (float, int, mpmath or SymPy; never
        text), compared in mpmath at the working precision of the caller.
    rtol, atol : float
        Relative and absolute tolerance (both >= 0).
    lhs_expr, rhs_expr : sympy expression, optional
        What the two sides stand for.
    what : str
        Description of the points, for the method string.

    Returns
    -------
    CheckResult
        ``NUMERIC`` with the largest difference found, or ``REFUTED`` with the
        index of the first pair out of tolerance (a NaN is out of tolerance).

    Examples
    --------
    >>> check_close([(0.1 + 0.2, 0.3)], rtol=1e-15).verdict
    <Verdict.NUMERIC: 'numerically equal, not proved'>
    >>> check_close([(1.0, 1.5)], atol=0.1).max_difference
    0.5
    """
    if not (rtol >= 0 and atol >= 0):
        raise DomainError(
            f"rtol and atol must be >= 0; got rtol = {short(rtol)}, atol = {short(atol)}"
        )

    def judge(a: Any, b: Any) -> tuple[Any, Any]:
        d = abs(a - b)
        return d, None if d <= atol + rtol * abs(b) else d

    def held(worst: Any, count: int, scope: str) -> dict[str, Any]:
        method = f"numerical comparison at {count} points{scope}, rtol {short(rtol, form=str)}, "
        method += f"atol {short(atol, form=str)}"
        return {"method": method, "max_difference": float(worst)}

    sides = (lhs_expr, rhs_expr, what)
    return _each_pair(pairs, judge, max, mpmath.mpf(0), sides, "comparison", held)


def check_less(
    pairs: Iterable[tuple[Any, Any]],
    *,
    lhs_expr: Any = None,
    rhs_expr: Any = None,
    what: str = "",
) -> CheckResult:
    """Check the strict inequality ``a < b`` for each numeric pair.

    Parameters
    ----------
    pairs : iterable of (a, b)
        At least one pair of numbers (float, int, mpmath or SymPy; never text).
    lhs_expr, rhs_expr : sympy expression, optional
        What the two sides stand for.
    what : str
        Description of the points, for the method string.

    Returns
    -------
    CheckResult
        ``NUMERIC`` when the inequality held at every pair, with ``margin``
        the smallest ``b - a``; ``REFUTED`` at the first pair where it fails,
        with ``max_difference`` the amount ``a - b >= 0`` by which it failed.

    Examples
    --------
    >>> check_less([(1, 2), (0.5, 0.75)]).margin
    0.25
    >>> check_less([(1, 2), (3, 3)]).verdict
    <Verdict.REFUTED: 'refuted'>
    """

    def judge(a: Any, b: Any) -> tuple[Any, Any]:
        gap = b - a
        return gap, None if gap > 0 else -gap

    def held(margin: Any, count: int, scope: str) -> dict[str, Any]:
        return {"method": f"strict inequality at {count} points{scope}", "margin": float(margin)}

    sides = (lhs_expr, rhs_expr, what)
    return _each_pair(pairs, judge, min, mpmath.inf, sides, "inequality", held)


# -- steps --------------------------------------------------------------------------
class Evidence(enum.Enum):
    """The kind of check behind a step: symbolic proof, exact cases, or numbers."""

    SYMBOLIC = "symbolic"
    EXACT = "exact cases"
    NUMERIC = "numeric"


@dataclass(frozen=True)
class Step:
    """One step of a derivation: a claim, where the paper states it, and its check.

    Attributes
    ----------
    equation : str
        The paper's equation number(s), e.g. ``"(18)"`` or ``"(4)-(5)"``;
        another place in the paper in words (``"letter text"``); ``""`` for a
        step the paper does not have.
    claim : str
        What the step establishes, in words and formulas.
    result : CheckResult
        The check.
    evidence : Evidence
        The kind of check.
    numeric_only : bool
        Declared in advance: this step is checked numerically, not proved.
    condition : str
        A condition the claim needs that the paper does not state ("" if none).

    Examples
    --------
    >>> from mesosym.symbols import x
    >>> st = identity("(1)", "doubling", x + x, 2 * x)
    >>> st.ok, st.evidence
    (True, <Evidence.SYMBOLIC: 'symbolic'>)
    """

    equation: str
    claim: str
    result: CheckResult
    evidence: Evidence
    numeric_only: bool = False
    condition: str = ""

    def __post_init__(self) -> None:
        step()  # one more step checked (progress of an open task, on a terminal)

    @property
    def ok(self) -> bool:
        """Whether the step holds as claimed.

        A refuted step never holds; a step declared ``numeric_only`` holds when
        it is not refuted; every other step holds only when proved for all
        values or verified on every case of its finite set.
        """
        if self.result.verdict is Verdict.REFUTED:
            return False
        return self.numeric_only or self.result.verdict in (Verdict.PROVED, Verdict.VERIFIED)

    @property
    def label(self) -> str:
        """Where the step stands in the paper: ``"eq. (18)"``, or ``"(beyond the paper)"``."""
        if not self.equation:
            return "(beyond the paper)"
        return f"eq. {self.equation}" if self.equation.startswith("(") else self.equation

    def as_dict(self) -> dict[str, Any]:
        """Return the step as JSON-ready data."""
        return {
            "equation": self.equation,
            "claim": self.claim,
            "condition": self.condition,
            "evidence": self.evidence.value,
            "numeric_only": self.numeric_only,
            "ok": self.ok,
            **self.result.as_dict(),
        }


def identity(
    equation: str,
    claim: str,
    lhs: Any,
    rhs: Any,
    *,
    domain: Mapping[sp.Symbol, tuple[Any, Any]] | None = None,
    condition: str = "",
    numeric_only: bool = False,
    points: int = 12,
    digits: int = 30,
    budget: float = DEFAULT_BUDGET,
) -> Step:
    """A step checked by :func:`check_identity`.

    A step declared ``numeric_only`` skips the symbolic attempt (it would only
    cost time) and is evaluated at ``points`` random points.

    >>> from mesosym.symbols import u
    >>> identity("", "Pythagoras", sp.sin(u)**2 + sp.cos(u)**2, 1).result.proved
    True
    """
    result = check_identity(
        lhs,
        rhs,
        domain=domain,
        points=points,
        digits=digits,
        simplify=not numeric_only,
        budget=budget,
    )
    evidence = Evidence.SYMBOLIC if result.proved else Evidence.NUMERIC
    return Step(equation, claim, result, evidence, numeric_only, condition)


def exact(
    equation: str,
    claim: str,
    lhs: Callable[..., Any],
    rhs: Callable[..., Any],
    cases: Iterable[Sequence[Any]],
    names: Sequence[str],
    *,
    what: str = "",
    condition: str = "",
    lhs_expr: Any = None,
    rhs_expr: Any = None,
) -> Step:
    """A step checked by :func:`check_exact` over a finite set of cases.

    >>> exact("", "squares", lambda n: n * n, lambda n: n**2, [(n,) for n in range(9)],
    ...       ("n",)).result.verified
    True
    """
    result = check_exact(lhs, rhs, cases, names, lhs_expr=lhs_expr, rhs_expr=rhs_expr, what=what)
    return Step(equation, claim, result, Evidence.EXACT, False, condition)


def close(
    equation: str,
    claim: str,
    pairs: Iterable[tuple[Any, Any]],
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
    what: str = "",
    condition: str = "",
) -> Step:
    """A numeric-only step checked by :func:`check_close`.

    >>> close("", "a sum", [(0.1 + 0.2, 0.3)], rtol=1e-15).ok
    True
    """
    result = check_close(pairs, rtol=rtol, atol=atol, what=what)
    return Step(equation, claim, result, Evidence.NUMERIC, True, condition)


def less(
    equation: str,
    claim: str,
    pairs: Iterable[tuple[Any, Any]],
    *,
    what: str = "",
    condition: str = "",
) -> Step:
    """A numeric-only step checked by :func:`check_less`.

    >>> less("", "1 < 2", [(1, 2)]).result.margin
    1.0
    """
    return Step(equation, claim, check_less(pairs, what=what), Evidence.NUMERIC, True, condition)


# -- derivations ----------------------------------------------------------------------
def _equation_label(equations: Sequence[str]) -> str:
    """``("3", "4", "5", "9")`` -> ``"(3)-(5), (9)"``; other labels kept as written."""
    parts: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            parts.append(f"({run[0]})" if len(run) == 1 else f"({run[0]})-({run[-1]})")
            run.clear()

    for eq in equations:
        if eq.isdigit() and (not run or int(eq) == run[-1] + 1):
            run.append(int(eq))
            continue
        flush()
        if eq.isdigit():
            run.append(int(eq))
        else:
            parts.append(f"({eq})")
    flush()
    return ", ".join(parts)


def _cited(label: str) -> set[str]:
    """Equation numbers a step label cites: ``"(4)-(6), (9)"`` -> {"4", "5", "6", "9"}."""
    out: set[str] = set()
    for a, b in re.findall(r"\((\d+)\)(?:-\((\d+)\))?", label):
        out.update(str(n) for n in range(int(a), int(b or a) + 1))
    return out


_TEX_ESCAPES = {
    "\\": r"$\backslash$",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\~{}",
    "^": r"\^{}",
    "<": r"$<$",
    ">": r"$>$",
    "|": r"$|$",
}


def _tex_text(text: str) -> str:
    """Escape plain text for LaTeX's text mode (safe in any font encoding)."""

    def word(w: str) -> str:  # a long word (a module path, a formula) may break after / . _ ,
        brk = len(w) > 20
        return "".join(
            _TEX_ESCAPES.get(c, c) + (r"\allowbreak{}" if brk and c in "/._," else "") for c in w
        )

    return " ".join(word(w) for w in text.split(" "))


def _mathjax_text(text: str) -> str:
    """Plain text safe inside a MathJax text box: braces, backslashes, $, %, # and & dropped."""
    return "".join(" " if c in "{}\\$%#&" else c for c in text)


@dataclass(frozen=True)
class Derivation:
    r"""An ordered, labelled chain of checked steps: one result of a paper.

    Parameters
    ----------
    title : str
        What is derived.
    steps : sequence of Step
        The steps, in order (default none).
    equations : sequence of str
        The paper's equation numbers the derivation regenerates, e.g.
        ``("19", "20", "21")``.
    paper : str
        The paper, e.g. ``"arXiv:2605.02736"`` ("" for a derivation of your own).
    name : str
        A short name (a module name for the papers' derivations).

    A derivation is immutable: :meth:`then` and the step methods
    :meth:`identity`, :meth:`exact`, :meth:`close` and :meth:`less` (with the
    arguments of the functions of the same name) return a longer derivation.
    Iterating over it gives its steps.

    Examples
    --------
    >>> from mesosym.symbols import u
    >>> d = Derivation("Two-level entropy", equations=("22",))
    >>> s = -u * sp.log(u) - (1 - u) * sp.log(1 - u)
    >>> d = d.identity("(22)", "ds/du = ln((1 - u)/u)", sp.diff(s, u), sp.log((1 - u) / u),
    ...                domain={u: (0, 1)})
    >>> d = d.less("(22)", "s < ln 2 away from u = 1/2",
    ...            [(s.subs(u, v), sp.log(2)) for v in (0.1, 0.3)])
    >>> d.ok, len(d)
    (True, 2)
    >>> print(d.report().splitlines()[-1])
    2/2 steps hold: 1 symbolic, 1 numeric
    >>> d.latex().splitlines()[0]
    '\\section*{Two-level entropy}'
    """

    title: str
    steps: tuple[Step, ...] = ()
    equations: tuple[str, ...] = ()
    paper: str = ""
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "equations", tuple(str(e) for e in self.equations))
        for st in self.steps:
            if not isinstance(st, Step):
                raise DomainError(f"steps must be Step objects; got {short(st)}")

    # -- building ---------------------------------------------------------------
    def then(self, *steps: Step) -> Derivation:
        """Return this derivation followed by ``steps``."""
        return replace(self, steps=self.steps + tuple(steps))

    def identity(self, *args: Any, **kwargs: Any) -> Derivation:
        """Append a step made by :func:`identity` (same arguments)."""
        return self.then(identity(*args, **kwargs))

    def equals(
        self,
        expr: Any,
        claim: str = "",
        *,
        start: Any = None,
        equation: str = "",
        domain: Mapping[sp.Symbol, tuple[Any, Any]] | None = None,
        budget: float = PROOF_BUDGET,
        out: TextIO | None = None,
    ) -> Derivation:
        r"""Append the step ``previous = expr``: build a chain one line at a time.

        ``previous`` is ``start`` when given, else the right-hand side of the
        last step.  With ``out`` (e.g. ``sys.stdout``) each step reports as it
        is added: its number, whether it holds and on what evidence.

        Examples
        --------
        >>> import sys
        >>> from mesosym.symbols import u
        >>> d = Derivation("two-level entropy", name="s2")
        >>> d = d.equals(-sp.log(1 - u) - u*sp.log(u/(1 - u)), start=-u*sp.log(u)
        ...              - (1 - u)*sp.log(1 - u), domain={u: (0, 1)}, budget=10, out=sys.stdout)
        step 1 holds: proved (sympy expand_log)
        >>> d = d.equals(sp.log(2), domain={u: (0, 1)}, out=sys.stdout)  # doctest: +ELLIPSIS
        step 2 FAILS: refuted (30-digit evaluation); counterexample u = 246463/500000, ...
        >>> d.first_failed_step
        2
        """
        if start is None:
            if not self.steps or self.steps[-1].result.rhs is None:
                raise DomainError(
                    "equals needs start= for the first step, or a last step with a right-hand side"
                )
            start = self.steps[-1].result.rhs
        text = claim or "follows from the step before"
        st = identity(equation, text, start, expr, domain=domain, budget=budget)
        longer = self.then(st)
        if out is not None:
            mark = "holds" if st.ok else "FAILS"
            out.write(f"step {len(longer)} {mark}: {st.result}\n")
        return longer

    @property
    def first_failed_step(self) -> int | None:
        """The 1-based number of the first step that does not hold, or None."""
        return next((i for i, st in enumerate(self.steps, start=1) if not st.ok), None)

    def exact(self, *args: Any, **kwargs: Any) -> Derivation:
        """Append a step made by :func:`exact` (same arguments)."""
        return self.then(exact(*args, **kwargs))

    def close(self, *args: Any, **kwargs: Any) -> Derivation:
        """Append a step made by :func:`close` (same arguments)."""
        return self.then(close(*args, **kwargs))

    def less(self, *args: Any, **kwargs: Any) -> Derivation:
        """Append a step made by :func:`less` (same arguments)."""
        return self.then(less(*args, **kwargs))

    # -- reading ----------------------------------------------------------------
    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> Step:
        return self.steps[index]

    @property
    def ok(self) -> bool:
        """True when every step holds (and there is at least one)."""
        return bool(self.steps) and all(st.ok for st in self.steps)

    @property
    def failures(self) -> tuple[Step, ...]:
        """The steps that do not hold."""
        return tuple(st for st in self.steps if not st.ok)

    @property
    def equation_label(self) -> str:
        """The equation numbers as one label, e.g. ``"(3)-(13)"``."""
        return _equation_label(self.equations)

    def cited(self) -> set[str]:
        """The equation numbers its steps cite (``(4)-(6)`` cites 4, 5 and 6)."""
        out: set[str] = set()
        for st in self.steps:
            out |= _cited(st.equation)
        return out

    def summary(self) -> str:
        """One line: how many steps hold, and by what kind of evidence."""
        n_ok = sum(st.ok for st in self.steps)
        kinds = {e: sum(st.evidence is e and st.ok for st in self.steps) for e in Evidence}
        return f"{n_ok}/{len(self.steps)} steps hold: " + ", ".join(
            f"{n} {e.value}" for e, n in kinds.items() if n
        )

    # -- output -----------------------------------------------------------------
    def report(self, width: int = 100) -> str:
        """Return a readable report: a header, one block per step, a summary line."""
        width = check_count("width", width, minimum=1)
        lines = [self.title, "=" * min(width, len(self.title))]
        about = [p for p in (self.paper, self.equations and f"eqs. {self.equation_label}") if p]
        if about:
            lines.append(", ".join(about))
        for i, st in enumerate(self.steps, start=1):
            lines.append(f"{i:2d}. {st.label}")
            lines.append(
                textwrap.fill(st.claim, width, initial_indent="    ", subsequent_indent="    ")
            )
            if st.condition:
                lines.append(
                    textwrap.fill(
                        "Condition not stated in the paper: " + st.condition,
                        width,
                        initial_indent="    ! ",
                        subsequent_indent="      ",
                    )
                )
            mark = "ok " if st.ok else "FAIL"
            lines.append(
                textwrap.fill(
                    f"[{mark}] {st.evidence.value}: {st.result}",
                    width,
                    initial_indent="    ",
                    subsequent_indent="          ",
                )
            )
        lines.append(self.summary())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()

    def latex(self, *, standalone: bool = False, **settings: Any) -> str:
        r"""Return the derivation as LaTeX: a section with one item per step.

        Each item gives the equation label, the claim (as text), ``lhs = rhs``
        when the check compared expressions, any unstated condition, and the
        verdict.  ``standalone=True`` wraps it in an ``amsmath`` article;
        ``settings`` go to :func:`mesosym.latex.latex`.
        """
        lines = [rf"\section*{{{_tex_text(self.title)}}}"]
        about = [p for p in (self.paper, self.equations and f"eqs. {self.equation_label}") if p]
        if about:
            lines.append(_tex_text(", ".join(about)) + r"\par")
        lines.append(r"\begin{enumerate}")
        for st in self.steps:
            lines.append(rf"\item \textbf{{{_tex_text(st.label)}}} {prose(st.claim)}")
            res = st.result
            if res.lhs is not None and res.rhs is not None:
                rows = broken_rows(res.lhs, res.rhs, **settings)
                lines += [r"\begin{align*}", *align_rows(rows, r"\notag"), r"\end{align*}"]
            if st.condition:
                lines.append(
                    r"\emph{Condition not stated in the paper:} " + prose(st.condition) + r"\par"
                )
            mark = "holds" if st.ok else "FAILS"
            lines.append(rf"[{mark}] {_tex_text(st.evidence.value)}: {_tex_text(str(res))}")
        lines.append(r"\end{enumerate}")
        lines.append(_tex_text(self.summary()))
        body = "\n".join(lines) + "\n"
        return article(body) if standalone else body

    def _repr_latex_(self) -> str:
        """A notebook's view: one row per step (label, formula or claim, verdict), for MathJax."""
        rows = [rf"\textbf{{{_mathjax_text(self.title)}}} & & \\"]
        for st in self.steps:
            res = st.result
            if res.lhs is not None and res.rhs is not None:
                middle = f"{_latex(res.lhs)} = {_latex(res.rhs)}"
            else:
                claim = st.claim if len(st.claim) <= 80 else st.claim[:77] + "..."
                middle = rf"\text{{{_mathjax_text(claim)}}}"
            mark = res.verdict.value if st.ok else f"FAILS: {res.verdict.value}"
            label, verdict = _mathjax_text(st.label), _mathjax_text(mark)
            rows.append(rf"\text{{{label}}} & {middle} & \text{{[{verdict}]}} \\")
        rows.append(rf"\text{{{_mathjax_text(self.summary())}}} & & ")
        return "$\\displaystyle \\begin{array}{lll}\n" + "\n".join(rows) + "\n\\end{array}$"

    def as_dict(self) -> dict[str, Any]:
        """Return the derivation as JSON-ready data (see ``mesosym derive --format json``)."""
        return {
            "name": self.name,
            "title": self.title,
            "paper": self.paper,
            "equations": list(self.equations),
            "ok": self.ok,
            "summary": self.summary(),
            "steps": [st.as_dict() for st in self.steps],
        }

    def to_json(self) -> str:
        """Return :meth:`as_dict` as JSON text."""
        return json.dumps(self.as_dict(), indent=2, allow_nan=False) + "\n"


def report(title: str, steps: Iterable[Step], width: int = 100) -> str:
    """Return the text report of ``steps`` under ``title`` (see :meth:`Derivation.report`).

    >>> from mesosym.symbols import x
    >>> print(report("Doubling", [identity("", "x + x = 2x", x + x, 2 * x)]))
    Doubling
    ========
     1. (beyond the paper)
        x + x = 2x
        [ok ] symbolic: proved (sympy cancel)
    1/1 steps hold: 1 symbolic
    """
    return Derivation(title, tuple(steps)).report(width)
