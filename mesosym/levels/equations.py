r"""The equispaced-level letter's numbered equations, for any q.

"Exact Microcanonical Formulation and Thermodynamics of Equispaced
Finite-Level Systems" (arXiv:2605.02736, :data:`mesosym.papers.LETTER`)
numbers equations (1)-(30); ``docs/papers.md`` says which function or
derivation step regenerates each.  :func:`letter_equations` lists what the
letter states for a given q -- the generating function (10), the saddle-point
equation (18), ``x*``, the entropy (19), ``beta*eps`` (20), ``u*`` (21) and
their special forms (22)-(30) -- labelled with its numbers;
:func:`document` writes them as LaTeX with :func:`mesosym.latex.document`.

Examples
--------
>>> from mesosym import EquispacedLevels
>>> [eq.number for eq in letter_equations(EquispacedLevels(2))]
['10', '18', '', '19, 22', '20, 23', '21']
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..budget import short
from ..errors import DomainError
from ..latex import Equation
from ..latex import document as _document
from ..papers import LETTER
from ..symbols import M as _M
from ..symbols import N as _N
from ..symbols import beta as _beta
from ..symbols import eps as _eps
from ..symbols import k as _k
from ..symbols import s as _s
from ..symbols import u as _u
from ..symbols import x as _x
from .expressions import CoefficientOf, Multiplicity
from .spectrum import EquispacedLevels

__all__ = ["PAPER", "letter_equations", "document"]

#: The paper whose equation numbers this module uses.
PAPER = LETTER

#: Letter numbers of the closed forms that hold for a particular q.
_SPECIFIC: dict[Any, dict[str, tuple[str, ...]]] = {
    2: {"entropy": ("19", "22"), "inverse_temperature": ("20", "23")},
    3: {
        "saddle_equation": ("18", "24"),
        "saddle_point": ("25",),
        "entropy": ("19", "26"),
        "inverse_temperature": ("20", "27"),
    },
    sp.oo: {
        "saddle_point": ("28",),
        "entropy": ("19", "29"),
        "inverse_temperature": ("20", "30"),
    },
}

#: Symbols that only label a left-hand side.
_U_STAR = sp.Symbol("u^*", positive=True)


def letter_equations(levels: EquispacedLevels) -> list[Equation]:
    r"""Return what the letter states for ``levels``: eqs. (10), (18)-(21) and their q forms.

    In order: the generating function (10); the saddle-point equation (18),
    labelled (24) too for q = 3; the saddle point ``x*`` -- eq. (25) for
    q = 3, (28) for q = oo, an unnumbered radical for q = 2, 4, 5, and for
    any other q the defining condition ``sum_k (k - u) x*^k = 0`` (the
    equivalent form of (18), with ``implicit=True``); the entropy (19), as
    (22), (26), (29) for q = 2, 3, oo; ``beta eps`` (20), as (23), (27), (30);
    and ``u*`` (21).  Where the letter writes s and beta through ``x*``
    (q = 3 and general q) so does this list; q = 4 and 5 follow that form.

    Parameters
    ----------
    levels : EquispacedLevels
        The system: integer, symbolic or infinite q.

    Returns
    -------
    list of Equation

    Raises
    ------
    DomainError
        If ``levels`` is not an :class:`~mesosym.levels.spectrum.EquispacedLevels`.

    Examples
    --------
    >>> from mesosym import EquispacedLevels
    >>> eqs = letter_equations(EquispacedLevels(3))
    >>> [(eq.number, eq.name) for eq in eqs]  # doctest: +NORMALIZE_WHITESPACE
    [('10', 'generating_function'), ('18, 24', 'saddle_equation'), ('25', 'saddle_point'),
     ('19, 26', 'entropy'), ('20, 27', 'inverse_temperature'), ('21', 'u_star')]
    >>> print(eqs[1])
    u = x*(2*x + 1)/(x**2 + x + 1)
    """
    if not isinstance(levels, EquispacedLevels):
        raise DomainError(f"letter_equations needs an EquispacedLevels; got {short(levels)}")
    q = levels.q
    specific = _SPECIFIC.get(q, {})
    closed_u_only = q == 2 or q is sp.oo
    root = levels.saddle_point(implicit=True)

    def numbers(name: str, general: tuple[str, ...]) -> tuple[str, ...]:
        return specific.get(name, general)

    equations = [
        Equation(
            ("10",),
            "generating_function",
            "multiplicity as a coefficient of the generating function"
            + (" (q -> oo limit)" if q is sp.oo else ""),
            Multiplicity(q, _N, _M),
            CoefficientOf(levels.generating_function(), _x, _M),
        ),
        Equation(
            numbers("saddle_equation", ("18",)),
            "saddle_equation",
            "saddle-point equation: u as a function of x",
            _u,
            levels.saddle_equation().rhs,
        ),
    ]
    if isinstance(q, int) and q > 5 or isinstance(q, sp.Symbol):
        upper = q - 1
        equations.append(
            Equation(
                (),
                "saddle_point",
                "x*(u): the positive root of eq. (18) in the form sum_k (k - u) x^k = 0; "
                "no closed form is used",
                sp.Sum((_k - _u) * root**_k, (_k, 0, upper)),
                sp.S.Zero,
                implicit=True,
            )
        )
    else:
        equations.append(
            Equation(
                numbers("saddle_point", ()),
                "saddle_point",
                "x*(u), the positive real root of eq. (18)"
                + ("" if q in (3, sp.oo) else " (closed form derived by mesosym)"),
                root,
                levels.saddle_point(),
            )
        )
    equations += [
        Equation(
            numbers("entropy", ("19",)),
            "entropy",
            "entropy per particle s = S/(N k_B)",
            _s,
            levels.entropy() if closed_u_only else levels.entropy(implicit=True),
        ),
        Equation(
            numbers("inverse_temperature", ("20",)),
            "inverse_temperature",
            "inverse temperature beta*eps = ds/du = -ln x*",
            _beta * _eps,
            levels.inverse_temperature()
            if closed_u_only
            else levels.inverse_temperature(implicit=True),
        ),
        Equation(
            ("21",),
            "u_star",
            "infinite-temperature energy (x* = 1): entropy maximum s = ln q",
            _U_STAR,
            levels.u_star,
        ),
    ]
    return equations


def _q_text(q: Any) -> str:
    return (
        r"q \to \infty"
        if q is sp.oo
        else f"q = {sp.latex(q)}"
        if not isinstance(q, sp.Symbol)
        else "q"
    )


def document(levels: EquispacedLevels, *, standalone: bool = False, **settings: Any) -> str:
    r"""Return the letter's equations for ``levels`` as LaTeX, each with ``\tag{n}``.

    Parameters
    ----------
    levels : EquispacedLevels
        The system.
    standalone : bool, optional
        Return a complete article (``amsmath``) that compiles on its own
        instead of the bare ``align`` environment.
    **settings
        Printer settings for :class:`mesosym.latex.MesosymLatexPrinter`.

    Returns
    -------
    str

    Examples
    --------
    >>> from mesosym import EquispacedLevels
    >>> print(document(EquispacedLevels(2)).splitlines()[5])
      u &= \frac{x}{x + 1} \tag{18} \\
    """
    if not isinstance(levels, EquispacedLevels):
        raise DomainError(f"levels must be an EquispacedLevels; got {short(levels)}")
    q_text = _q_text(levels.q)
    return _document(
        letter_equations(levels),
        comment=f"The equispaced-level letter's equations for ${q_text}$, generated by mesosym.",
        section=f"Equispaced levels, ${q_text}$",
        unnumbered="not numbered in the letter",
        standalone=standalone,
        **settings,
    )
