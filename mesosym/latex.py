r"""The one LaTeX printer of mesosym, and export of the letter's equations.

:class:`MesosymLatexPrinter` is SymPy's :class:`~sympy.printing.latex.LatexPrinter`
with named settings for mesosym's objects (no global flags):

``saddle_symbol`` (default ``x^{*}``)
    How the saddle point :class:`~mesosym.saddle.SaddleRoot` is written.
``saddle_argument`` (default True)
    Write ``x^{*}\left(u\right)``; False writes ``x^{*}`` alone.
``ln_notation`` (default True here)
    Natural logarithms as ``\ln``.
``parseable`` (default False)
    Emit LaTeX that SymPy's Lark LaTeX parser reads back unambiguously: plain
    ``(``, ``)`` instead of ``\left(``, ``\right)``, ``\cdot`` for products and
    each logarithm in a brace group (invisible when typeset).

Every other :class:`~sympy.printing.latex.LatexPrinter` setting works as usual.
:func:`letter_equations` lists what the equispaced-level letter states for a
given ``q``, labelled with the letter's equation numbers (see
``shared/papers/README.md``); :func:`document` turns them into an ``align``
block or a standalone article.

Examples
--------
>>> from mesosym import EquispacedLevels
>>> s = EquispacedLevels(2).entropy()
>>> latex(s)
'- u \\ln{\\left(u \\right)} - \\left(1 - u\\right) \\ln{\\left(1 - u \\right)}'
>>> xs = EquispacedLevels(7).saddle_point()
>>> latex(xs), latex(xs**2, saddle_argument=False, saddle_symbol="x_{s}")
('x^{*}\\left(u\\right)', '{x_{s}}^{2}')
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

from .errors import DomainError
from .expressions import CoefficientOf, Multiplicity
from .saddle import SaddleRoot
from .spectrum import EquispacedLevels
from .symbols import M as _M
from .symbols import N as _N
from .symbols import beta as _beta
from .symbols import eps as _eps
from .symbols import k as _k
from .symbols import s as _s
from .symbols import u as _u
from .symbols import x as _x

__all__ = [
    "MesosymLatexPrinter",
    "latex",
    "Equation",
    "letter_equations",
    "document",
]


class MesosymLatexPrinter(LatexPrinter):
    r"""SymPy's LaTeX printer with mesosym's settings (see the module docstring).

    Examples
    --------
    >>> from mesosym import EquispacedLevels
    >>> xs = EquispacedLevels(6).saddle_point()
    >>> MesosymLatexPrinter({"saddle_argument": False}).doprint(-sp.log(xs))
    '- \\ln{\\left(x^{*} \\right)}'
    """

    printmethod = "_latex"
    _default_settings: dict[str, Any] = {
        **LatexPrinter._default_settings,
        "ln_notation": True,
        "saddle_symbol": r"x^{*}",
        "saddle_argument": True,
        "parseable": False,
    }

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        settings = dict(settings or {})
        if settings.get("parseable") and settings.get("mul_symbol") is None:
            settings["mul_symbol"] = "dot"
        super().__init__(settings)

    def _print(self, expr: Any, **kwargs: Any) -> str:
        # SaddleRoot carries its own ``_latex`` hook, which the base printer
        # would call first; this printer's settings take precedence.
        if isinstance(expr, SaddleRoot):
            return self._print_SaddleRoot(expr, **kwargs)
        return str(super()._print(expr, **kwargs))

    def _print_SaddleRoot(self, expr: SaddleRoot, exp: str | None = None) -> str:
        symbol = self._settings["saddle_symbol"]
        if self._settings["saddle_argument"]:
            tex = symbol + r"\left(" + self._print(expr.args[1]) + r"\right)"
            return tex if exp is None else f"{tex}^{{{exp}}}"
        return symbol if exp is None else f"{{{symbol}}}^{{{exp}}}"

    def _print_log(self, expr: sp.Expr, exp: str | None = None) -> str:
        tex = str(super()._print_log(expr, exp))
        return "{" + tex + "}" if self._settings["parseable"] else tex

    def doprint(self, expr: Any) -> str:
        """Return the LaTeX of ``expr``."""
        tex = str(super().doprint(expr))
        if self._settings["parseable"]:
            for sized, plain in ((r"\left(", "("), (r"\right)", ")")):
                tex = tex.replace(sized, plain)
            tex = tex.replace(r"\left[", "[").replace(r"\right]", "]")
        return tex


def latex(expr: Any, **settings: Any) -> str:
    r"""Return the LaTeX of ``expr`` with :class:`MesosymLatexPrinter`.

    Parameters
    ----------
    expr : sympy object
        What to print.
    **settings
        Printer settings (the module docstring lists mesosym's; every
        :func:`sympy.latex` setting is accepted too).

    Returns
    -------
    str

    Examples
    --------
    >>> from mesosym.symbols import u
    >>> latex(sp.log(u))
    '\\ln{\\left(u \\right)}'
    >>> latex(sp.log(u), ln_notation=False)
    '\\log{\\left(u \\right)}'
    >>> latex(-u*sp.log(u), parseable=True)
    '- u \\cdot {\\ln{(u )}}'
    """
    return MesosymLatexPrinter(settings).doprint(expr)


@dataclass(frozen=True)
class Equation:
    r"""One equation of the letter: ``lhs = rhs`` with the letter's numbers.

    Attributes
    ----------
    numbers : tuple of str
        The letter's equation numbers, the general one first (``("18", "24")``
        for the q = 3 saddle-point equation); empty when the letter states no
        such equation and mesosym derived it.
    name : str
        A stable key: ``generating_function``, ``saddle_equation``,
        ``saddle_point``, ``entropy``, ``inverse_temperature``, ``u_star``.
    title : str
        A one-line description.
    lhs, rhs : sympy objects
        The two sides.
    implicit : bool
        True when no closed form of ``x*`` is used and the equation states
        the condition that defines it.

    Examples
    --------
    >>> from mesosym import EquispacedLevels
    >>> eq = letter_equations(EquispacedLevels(2))[3]
    >>> eq.number, eq.name
    ('19, 22', 'entropy')
    >>> eq.latex()
    's = - u \\ln{\\left(u \\right)} - \\left(1 - u\\right) \\ln{\\left(1 - u \\right)}'
    """

    numbers: tuple[str, ...]
    name: str
    title: str
    lhs: sp.Basic
    rhs: sp.Basic
    implicit: bool = False

    @property
    def number(self) -> str:
        """The equation numbers as one label, e.g. ``"18, 24"`` (empty if none)."""
        return ", ".join(self.numbers)

    def as_relational(self) -> sp.Equality:
        """Return ``Eq(lhs, rhs)``, unevaluated."""
        return sp.Eq(self.lhs, self.rhs, evaluate=False)

    def latex(self, **settings: Any) -> str:
        """Return ``lhs = rhs`` in LaTeX (settings as for :func:`latex`)."""
        return f"{latex(self.lhs, **settings)} = {latex(self.rhs, **settings)}"

    def __str__(self) -> str:
        return f"{sp.sstr(self.lhs)} = {sp.sstr(self.rhs)}"

    def _repr_latex_(self) -> str:
        tag = rf" \qquad ({self.number})" if self.numbers else ""
        return rf"$\displaystyle {self.latex()}{tag}$"


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
        If ``levels`` is not an :class:`~mesosym.spectrum.EquispacedLevels`.

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
        raise DomainError(f"letter_equations needs an EquispacedLevels; got {levels!r}")
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


def _align_lines(equations: list[Equation], settings: dict[str, Any]) -> Iterator[str]:
    for i, eq in enumerate(equations):
        tag = rf"\tag{{{eq.number}}}" if eq.numbers else r"\notag"
        end = r" \\" if i < len(equations) - 1 else ""
        label = f"({eq.number})" if eq.numbers else "(not numbered in the letter)"
        yield f"  % {label} {eq.title}"
        yield f"  {latex(eq.lhs, **settings)} &= {latex(eq.rhs, **settings)} {tag}{end}"


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
        Printer settings for :class:`MesosymLatexPrinter`.

    Returns
    -------
    str

    Examples
    --------
    >>> from mesosym import EquispacedLevels
    >>> print(document(EquispacedLevels(2)).splitlines()[5])
      u &= \frac{x}{x + 1} \tag{18} \\
    """
    equations = letter_equations(levels)
    q_text = _q_text(levels.q)
    body = "\n".join(
        [
            f"% The equispaced-level letter's equations for ${q_text}$, generated by mesosym.",
            r"\begin{align}",
            *_align_lines(equations, settings),
            r"\end{align}",
        ]
    )
    if not standalone:
        return body + "\n"
    return "\n".join(
        [
            r"\documentclass{article}",
            r"\usepackage{amsmath}",
            r"\allowdisplaybreaks",
            r"\begin{document}",
            rf"\section*{{Equispaced levels, ${q_text}$}}",
            body,
            r"\end{document}",
            "",
        ]
    )
