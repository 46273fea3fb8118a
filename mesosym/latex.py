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
:class:`Equation` is one numbered equation of a paper and :func:`document`
writes a list of them as a tagged ``align`` block or a standalone article.
The module knows no physics: which equations a paper numbers lives beside the
paper's ideas (:mod:`mesosym.letter` for the equispaced-level letter).

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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

__all__ = [
    "MesosymLatexPrinter",
    "latex",
    "Equation",
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
        # An object's own ``_latex`` hook would be called before any
        # ``_print_<Class>`` method; this printer's methods (found by class
        # name, so that the printer imports no physics) take precedence.
        for cls in type(expr).__mro__:
            method = _OWN_METHODS.get(f"_print_{cls.__name__}")
            if method is not None:
                return str(method(self, expr, **kwargs))
        return str(super()._print(expr, **kwargs))

    def _print_SaddleRoot(self, expr: Any, exp: str | None = None) -> str:
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


#: The ``_print_<Class>`` methods this printer defines, preferred over objects' hooks.
_OWN_METHODS = {
    name: method
    for name, method in vars(MesosymLatexPrinter).items()
    if name.startswith("_print_") and name not in ("_print_log",)
}


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
    r"""One equation of a paper: ``lhs = rhs`` with the paper's numbers.

    Attributes
    ----------
    numbers : tuple of str
        The paper's equation numbers, the general one first (``("18", "24")``
        for the letter's q = 3 saddle-point equation); empty when the paper
        states no such equation and mesosym derived it.
    name : str
        A stable key, e.g. ``entropy``.
    title : str
        A one-line description.
    lhs, rhs : sympy objects
        The two sides.
    implicit : bool
        True when no closed form of ``x*`` is used and the equation states
        the condition that defines it.

    Examples
    --------
    >>> from mesosym.symbols import s, u
    >>> eq = Equation(("19", "22"), "entropy", "two-level entropy", s,
    ...               -u*sp.log(u) - (1 - u)*sp.log(1 - u))
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


def _align_lines(
    equations: Sequence[Equation], settings: dict[str, Any], unnumbered: str
) -> Iterator[str]:
    for i, eq in enumerate(equations):
        tag = rf"\tag{{{eq.number}}}" if eq.numbers else r"\notag"
        end = r" \\" if i < len(equations) - 1 else ""
        label = f"({eq.number})" if eq.numbers else f"({unnumbered})"
        yield f"  % {label} {eq.title}"
        yield f"  {latex(eq.lhs, **settings)} &= {latex(eq.rhs, **settings)} {tag}{end}"


def document(
    equations: Sequence[Equation],
    *,
    comment: str = "",
    section: str = "",
    unnumbered: str = "not numbered in the paper",
    standalone: bool = False,
    **settings: Any,
) -> str:
    r"""Return ``equations`` as a LaTeX ``align`` block, each tagged with its numbers.

    Parameters
    ----------
    equations : sequence of Equation
        In order; an equation without numbers gets ``\notag``.
    comment : str, optional
        A ``%`` comment line above the block.
    section : str, optional
        The ``\section*`` title of the standalone article.
    unnumbered : str, optional
        What the source comment says of an equation without numbers.
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
    >>> from mesosym.symbols import u, x
    >>> print(document([Equation(("18",), "saddle", "q = 2", u, x / (1 + x))]))
    \begin{align}
      % (18) q = 2
      u &= \frac{x}{x + 1} \tag{18}
    \end{align}
    <BLANKLINE>
    """
    lines = [f"% {comment}"] if comment else []
    body = "\n".join(
        [
            *lines,
            r"\begin{align}",
            *_align_lines(equations, settings, unnumbered),
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
            *([rf"\section*{{{section}}}"] if section else []),
            body,
            r"\end{document}",
            "",
        ]
    )
