"""Steps of a derivation: what is claimed, where in the paper, and the check that settles it.

A derivation is a list of :class:`Step`.  Each step carries a
:class:`~mesosym.derivation.CheckResult` and says what kind of evidence stands
behind it (:class:`Evidence`):

* ``SYMBOLIC`` -- :func:`mesosym.derivation.check_identity` reduced
  ``lhs - rhs`` to zero: proved for every value of the symbols (in the stated
  domain);
* ``EXACT`` -- exact integer or rational arithmetic over a stated finite set of
  cases (:func:`check_exact`): the verdict is PROVED for those cases, which is
  all the step claims; a general statement needs a SYMBOLIC step;
* ``NUMERIC`` -- high-precision floating point (:func:`check_close`, or a
  ``check_identity`` that could not prove): evidence, never a proof.

A step declared ``numeric_only`` is expected to be NUMERIC and passes when it is
not refuted; every other step passes only when proved.

``check_exact``, ``check_close`` and ``check_less`` live in
:mod:`mesosym.derivation`, beside ``check_identity``.

Examples
--------
>>> r = check_exact(
...     lambda n: n * (n + 1) // 2, lambda n: sum(range(n + 1)), [(n,) for n in range(50)], ("n",)
... )
>>> r.verdict.value, r.points
('proved', 50)
>>> print(check_exact(lambda n: n * n, lambda n: 2 * n, [(n,) for n in range(4)], ("n",)))
refuted (exact arithmetic); counterexample n = 1, lhs = 1, rhs = 2, difference 1
"""

from __future__ import annotations

import enum
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from mesosym.derivation import (
    CheckResult,
    Verdict,
    check_close,
    check_exact,
    check_identity,
    check_less,
)

__all__ = [
    "Evidence",
    "Step",
    "check_exact",
    "check_close",
    "check_less",
    "identity",
    "exact",
    "close",
    "less",
    "report",
]


class Evidence(enum.Enum):
    """What stands behind a step's verdict."""

    SYMBOLIC = "symbolic"
    EXACT = "exact cases"
    NUMERIC = "numeric"


@dataclass(frozen=True)
class Step:
    """One step of a derivation.

    Attributes
    ----------
    equation : str
        The paper's equation number(s), e.g. ``"(18)"``; another place in the
        paper in words (``"letter text"``); ``""`` for a step the paper does not
        have.
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
    """

    equation: str
    claim: str
    result: CheckResult
    evidence: Evidence
    numeric_only: bool = False
    condition: str = ""

    @property
    def ok(self) -> bool:
        """Proved, or (declared numeric-only) numerically equal and not refuted."""
        if self.result.verdict is Verdict.REFUTED:
            return False
        return self.numeric_only or self.result.proved


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
    dps: int = 30,
) -> Step:
    """A step checked by :func:`mesosym.derivation.check_identity`.

    A step declared ``numeric_only`` skips the symbolic attempt (it would only
    cost time) and is evaluated at ``points`` random points.
    """
    result = check_identity(
        lhs, rhs, domain=domain, points=points, dps=dps, simplify=not numeric_only
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
    """A step checked by :func:`check_exact` over a finite set of cases."""
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
    """A numeric-only step checked by :func:`check_close`."""
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
    """A numeric-only step checked by :func:`check_less`."""
    return Step(equation, claim, check_less(pairs, what=what), Evidence.NUMERIC, True, condition)


def report(title: str, steps: Sequence[Step], width: int = 100) -> str:
    """Return a readable report: one block per step with its verdict and method."""
    lines = [title, "=" * min(width, len(title))]
    for i, st in enumerate(steps, start=1):
        if not st.equation:
            eq = "(beyond the paper)"
        else:
            eq = f"eq. {st.equation}" if st.equation.startswith("(") else st.equation
        head = f"{i:2d}. {eq}"
        lines.append(head)
        body = textwrap.fill(st.claim, width, initial_indent="    ", subsequent_indent="    ")
        lines.append(body)
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
    n_ok = sum(st.ok for st in steps)
    kinds = {e: sum(st.evidence is e and st.ok for st in steps) for e in Evidence}
    lines.append(
        f"{n_ok}/{len(steps)} steps hold: "
        + ", ".join(f"{n} {e.value}" for e, n in kinds.items() if n)
    )
    return "\n".join(lines)
