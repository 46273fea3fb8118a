r"""The one LaTeX printer of mesosym, and export of the letter's equations.

:class:`MesosymLatexPrinter` is SymPy's :class:`~sympy.printing.latex.LatexPrinter`
with named settings for mesosym's objects (no global flags):

``saddle_symbol`` (default ``x^{*}``)
    How the saddle point :class:`~mesosym.levels.saddle.SaddleRoot` is written.
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
paper's ideas (:mod:`mesosym.levels.equations` for the equispaced-level letter).

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

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

from .budget import short
from .errors import DomainError
from .validation import as_sympy

__all__ = [
    "MesosymLatexPrinter",
    "latex",
    "LINE_WIDTH",
    "display_width",
    "broken_rows",
    "align_rows",
    "Equation",
    "document",
    "article",
    "PREAMBLE",
    "prose",
]

#: Width budget of one displayed line, in the units of :func:`display_width`
#: (about one italic letter), for the text width of :data:`PREAMBLE`.
LINE_WIDTH = 52

#: The preamble of every standalone document mesosym writes.
PREAMBLE = (
    r"\documentclass{article}",
    r"\usepackage[margin=2.5cm]{geometry}",
    r"\usepackage{amsmath}",
    r"\allowdisplaybreaks",
    r"\AtBeginDocument{\raggedright}",
)


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

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        if expr.name == "epsilon":  # one notation: \varepsilon for the level spacing
            return r"\varepsilon"
        return str(super()._print_Symbol(expr, style))

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
    if isinstance(expr, Fraction):  # Python's exact number, as SymPy's
        expr = sp.Rational(expr.numerator, expr.denominator)
    try:
        return MesosymLatexPrinter(settings).doprint(expr)
    except ValueError as error:  # str() refuses an int beyond 4300 digits
        if "integer string conversion" not in str(error):
            raise
        raise DomainError(f"expr has an integer too long to print; got {short(expr)}") from None


def _symbol_width(name: str) -> float:
    core = name.split("_")[0].split("^")[0]
    return 1.0 if len(core) <= 1 else 1.6 if core.isalpha() and len(core) < 8 else len(core)


def display_width(expr: Any) -> float:
    r"""Estimate the typeset width of ``expr`` in a display, in letters (about 6 pt each).

    Fractions take the wider of numerator and denominator, exponents count
    at script size.  An estimate for line breaking, not a measurement.

    Examples
    --------
    >>> from mesosym.symbols import u
    >>> display_width(u), display_width(u + 1) < display_width((u + 1)/(u + 2) + u**2)
    (1.0, True)
    """
    return _width(as_sympy(expr, "expr"))


def _digits(n: int) -> int:
    """Decimal digits of ``|n|`` (from its bits beyond 4300 digits, where str() refuses)."""
    n = abs(n)
    return len(str(n)) if n.bit_length() < 10_000 else int(n.bit_length() * math.log10(2)) + 1


def _width(e: sp.Basic) -> float:
    """:func:`display_width` of a SymPy object (read through the guard once, at the top)."""
    if isinstance(e, sp.Symbol):
        return _symbol_width(e.name)
    if e.is_Integer:
        return _digits(int(e)) * 0.9 + (1.0 if e < 0 else 0.0)
    if e.is_Rational:
        return max(_digits(e.p), _digits(e.q)) * 0.9 + 1.0
    if e.is_Number or e.is_NumberSymbol:
        return len(latex(e)) * 0.6 + 0.5
    if isinstance(e, sp.Add):
        return sum(_width(t) for t in e.args) + 2.2 * (len(e.args) - 1)
    if isinstance(e, sp.Mul):
        num, den = sp.fraction(e)
        if den != 1:
            return max(_width(num), _width(den)) + 1.0
        total = 0.0
        for f in e.args:
            paren = 2.0 if isinstance(f, sp.Add) else 0.0
            total += (1.0 if f == -1 else _width(f)) + paren + 0.3
        return total
    if isinstance(e, sp.Pow):
        base, exp = e.args
        paren = 2.0 if isinstance(base, (sp.Add, sp.Mul, sp.Pow)) else 0.0
        if exp == sp.S.Half:
            return _width(base) + 1.8
        if exp.is_Rational and exp.q == 3:
            return _width(base) + 2.6
        if exp.is_negative:
            return max(1.0, _width(base ** (-exp))) + 1.0
        return _width(base) + paren + 0.7 * _width(exp)
    if isinstance(e, sp.Function) and e.args:
        name = type(e).__name__
        if hasattr(e, "polynomial"):  # the saddle point, printed x^*(u)
            return 3.0 + _width(e.args[-1])
        head = 2.0 if name in ("log", "exp") else len(name) * 0.8
        return head + sum(_width(a) for a in e.args) + 2.0
    return len(latex(e)) * 0.45


def _wrapper(e: sp.Basic) -> bool:
    """A power, one-argument function or number times X: name its inside, not itself."""
    if isinstance(e, sp.Pow):
        return bool(e.exp.is_Number)
    if isinstance(e, sp.Mul):
        return len(e.args) == 2 and bool(e.args[0].is_Number)
    return isinstance(e, sp.Function) and len(e.args) == 1


def _proper_subtrees(e: sp.Basic) -> list[sp.Basic]:
    out = []
    for arg in e.args:
        if isinstance(arg, sp.Expr) and not arg.is_Atom and not isinstance(arg, sp.Tuple):
            if not (arg.is_Number or arg.is_NumberSymbol) and not _wrapper(arg):
                out.append(arg)
            out.extend(_proper_subtrees(arg))
    return out


class _Namer:
    def __init__(self, letter: str) -> None:
        self.letter = letter
        self.defs: list[tuple[sp.Symbol, sp.Expr]] = []
        self.known: dict[sp.Basic, sp.Symbol] = {}

    def name(self, sub: sp.Expr) -> sp.Symbol:
        if sub in self.known:
            return self.known[sub]
        symbol = sp.Symbol(f"{self.letter}_{{{len(self.defs) + 1}}}")
        self.defs.append((symbol, sub))
        self.known[sub] = symbol
        return symbol


def _shorten(expr: sp.Expr, limit: float, namer: _Namer) -> sp.Expr:
    """Name the widest sub-expression until ``expr`` fits ``limit``; definitions go to ``namer``."""
    if namer.known:
        if expr in namer.known:  # the definition of a name: replace inside it, not all of it
            expr = expr.func(*(arg.xreplace(namer.known) for arg in expr.args))
        else:
            expr = expr.xreplace(namer.known)
    while _width(expr) > limit:
        subs = [t for t in _proper_subtrees(expr) if _width(t) > 2.5]
        if not subs:
            break
        widest = max(subs, key=lambda t: (_width(t), sp.default_sort_key(t)))
        expr = expr.xreplace({widest: namer.name(widest)})
    return expr


def _split_terms(expr: sp.Expr, limit: float, namer: _Namer, **settings: Any) -> list[str]:
    """Print a sum over as many lines as it needs: each line's LaTeX, the first unsigned."""
    if not isinstance(expr, sp.Add) or _width(expr) <= limit:
        return [latex(_shorten(expr, limit, namer), **settings)]
    lines: list[str] = []
    current, width = "", 0.0
    for term in expr.as_ordered_terms():
        term = _shorten(term, limit - 3, namer)
        tex = latex(term, **settings)
        w = _width(term) + 2.2
        if tex.startswith("-"):
            piece = f"- {tex[1:].lstrip()}"
        else:
            piece = f"+ {tex}"
        if current and width + w > limit:
            lines.append(current)
            current, width = "", 0.0
        current = f"{current} {piece}" if current else piece
        width += w
    lines.append(current)
    if lines[0].startswith("+ "):
        lines[0] = lines[0][2:]
    elif lines[0].startswith("- "):
        lines[0] = "-" + lines[0][1:]
    return lines


def broken_rows(
    lhs: Any, rhs: Any, *, width: float = LINE_WIDTH, letter: str = "A", **settings: Any
) -> list[tuple[str, str]]:
    r"""``lhs = rhs`` as ``align`` rows that fit ``width``: sums broken, wide parts named.

    A right-hand side wider than ``width`` is broken after a ``+`` or ``-``
    of its top-level sum; a term or factor still too wide has its widest
    sub-expression replaced by a named auxiliary quantity ``A_{1}``,
    ``A_{2}``, ... (as one writes Cardano's formula), each defined on rows of
    its own after the equation.

    Returns
    -------
    list of (str, str)
        ``(left, right)`` per row: ``left`` is empty on continuation rows,
        whose ``right`` starts with ``\quad``.

    Examples
    --------
    >>> from mesosym.symbols import u
    >>> broken_rows(sp.Symbol("s"), u + 1)
    [('s', 'u + 1')]
    >>> rows = broken_rows(sp.Symbol("y"), sum(u**k / (k + 1) for k in range(30)))
    >>> len(rows) > 1 and rows[1][0] == ""
    True
    """
    if isinstance(width, bool) or not isinstance(width, (int, float)) or not 0 < width <= 1e300:
        raise DomainError(f"width must be a number > 0 (letters); got {short(width)}")
    namer = _Namer(letter)
    if not isinstance(lhs, str):  # a left side given as text is LaTeX, printed as it is
        lhs = as_sympy(lhs, "lhs")
    rhs = as_sympy(rhs, "rhs")
    lhs_tex = lhs if isinstance(lhs, str) else latex(lhs, **settings)
    rows: list[tuple[str, str]] = []

    def emit(left: str, expr: sp.Expr) -> None:
        lines = _split_terms(expr, width, namer, **settings)
        rows.append((left, lines[0]))
        rows.extend(("", rf"\quad {line}") for line in lines[1:])

    if isinstance(lhs, str) or _width(lhs) + _width(rhs) <= width or (_width(lhs) <= width / 2):
        emit(lhs_tex, rhs)
    else:  # a wide left side: both sides on rows of their own, aligned at the left
        left_lines = _split_terms(lhs, width, namer, **settings)
        right_lines = _split_terms(rhs, width, namer, **settings)
        rows.append(("", left_lines[0]))
        rows.extend(("", rf"\quad {line}") for line in left_lines[1:])
        rows.append(("", f"= {right_lines[0]}"))
        rows.extend(("", rf"\quad {line}") for line in right_lines[1:])
    done = 0
    while done < len(namer.defs):
        symbol, sub = namer.defs[done]
        done += 1
        emit(latex(symbol, **settings), sub)
    return rows


def align_rows(rows: Sequence[tuple[str, str]], tag: str = "", *, indent: str = "  ") -> list[str]:
    r"""Return the lines of an ``align`` body for ``rows`` (see :func:`broken_rows`).

    The first row carries ``tag`` (a ``\tag{..}``), the others ``\notag``;
    the first row that defines an auxiliary quantity starts with
    ``\text{where}``.  The last line has no trailing ``\\``.

    >>> align_rows([("s", "u + 1")], r"\tag{1}")
    ['  s &= u + 1 \\tag{1}']
    """
    if not isinstance(rows, (list, tuple)) or not all(
        isinstance(row, (tuple, list)) and len(row) == 2 and all(isinstance(t, str) for t in row)
        for row in rows
    ):
        raise DomainError(f"rows must be (left, right) pairs of LaTeX text; got {short(rows)}")
    out = []
    for i, (left, right) in enumerate(rows):
        mark = tag if i == 0 and tag else r"\notag"
        text = r"\text{where } " if i > 0 and left and not any(r[0] for r in rows[1:i]) else ""
        end = r" \\" if i < len(rows) - 1 else ""
        middle = f"{text}{left} &= {right}" if left else f"& {right}"
        out.append(f"{indent}{middle} {mark}{end}")
    return out


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
        label = f"({eq.number})" if eq.numbers else f"({unnumbered})"
        yield f"  % {label} {eq.title}"
        lines = align_rows(broken_rows(eq.lhs, eq.rhs, **settings), tag)
        if i < len(equations) - 1:
            lines[-1] += r" \\"
        yield from lines


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
    return article(body, section=section)


def article(body: str, *, section: str = "") -> str:
    r"""Return ``body`` as a complete article that compiles on its own (:data:`PREAMBLE`).

    Parameters
    ----------
    body : str
        LaTeX for the document body, e.g. an ``align`` block.
    section : str, optional
        A ``\section*`` title above it.

    Returns
    -------
    str
        From ``\documentclass`` to ``\end{document}``, ending in a newline.

    Examples
    --------
    >>> text = article(r"\[ x \]", section="One")
    >>> text.splitlines()[0], text.splitlines()[-3:]
    ('\\documentclass{article}', ['\\section*{One}', '\\[ x \\]', '\\end{document}'])
    """
    return "\n".join(
        [
            *PREAMBLE,
            r"\begin{document}",
            *([rf"\section*{{{section}}}"] if section else []),
            body.rstrip("\n"),
            r"\end{document}",
            "",
        ]
    )


# -- prose with ASCII mathematics, as LaTeX ---------------------------------------------
_GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma "
    "tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega"
).split()
#: words of the prose that are mathematics: Greek letters and the usual functions
_MATH_WORDS = {
    **{g: "\\" + g for g in _GREEK},
    "eps": r"\varepsilon",
    "oo": r"\infty",
    **{
        f: "\\" + f
        for f in "ln log exp sin cos tan sinh cosh tanh coth lim sum prod max min".split()
    },
    "sqrt": r"\operatorname{sqrt}",
    "log": r"\ln",  # natural, as everywhere in mesosym
    "kT": "kT",
    "Hbar": r"\bar{H}",
}
_MATH_OPERATORS = {"->": r"\to", "<=": r"\le", ">=": r"\ge", "!=": r"\ne", "||": r"\|"}
_MATH_WORD = re.compile(r"[A-Za-z]+")
#: a token is mathematics when every letter run in it is short or a known word
_MATH_CHARS = re.compile(r"^[A-Za-z0-9_^{}()\[\]/*+\-=<>|!.,'~ ]+$")
_TRAILING = ",;:.?"
_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_ARTICLES = {"a", "A", "I"}
#: two-letter words of English prose, never mathematics
_SHORT_WORDS = set(
    "so of is as at by if in on or to we be do it an no up us go am eq eqs Eq Eqs cf vs".split()
)
_ABBREVIATIONS = {"i.e", "e.g", "I.e", "E.g", "etc"}


def _text_word(word: str) -> str:
    return "".join(_TEXT_ESCAPES.get(c, c) for c in word)


def _is_math(token: str) -> bool:
    """Whether a whitespace-separated token of prose is mathematics."""
    core = token.strip(_TRAILING).lstrip("(")
    if not core:
        return False
    if core in _MATH_OPERATORS or core in ("=", "+", "-", "<", ">", "*", "/", "~", "+-"):
        return True
    if not _MATH_CHARS.match(core) or core.count("{") != core.count("}"):
        return False
    words = _MATH_WORD.findall(re.sub(r"_(\{[^}]*\}|[A-Za-z0-9]+)", "", core))  # Z_mes: Z
    if core in _SHORT_WORDS or core in _ABBREVIATIONS:
        return False
    if any(len(w) > 2 and w not in _MATH_WORDS for w in words):
        return False  # a word of the prose (or code: entropy(implicit=True))
    return True


def _math(tokens: Sequence[str]) -> str:
    """ASCII mathematics (tokens of prose) as the body of ``$...$``."""
    text = " ".join(tokens)
    for ascii_, tex in _MATH_OPERATORS.items():
        text = text.replace(ascii_, f" {tex} ")
    text = re.sub(r"\+-", r"\\pm ", text)
    text = re.sub(r"<(?=\S)([^<>]*?\S)>", r"\\langle \1 \\rangle ", text)  # <H>_n: an average
    text = re.sub(r"(?<=[0-9])\*(?=[A-Za-z0-9(])", r" \\, ", text)  # 2*x: a product
    text = re.sub(r"(?<=[A-Za-z)])\*", "^{*}", text)  # x*, u*: the saddle point, its energy
    text = text.replace("~", r"\sim ")
    text = re.sub(r"_([A-Za-z]{2,})", r"_{\\mathrm{\1}}", text)  # p_mes -> p_{mes}
    while re.search(r"([\^_])\(([^()]*)\)", text):  # x^(M+1) -> x^{M+1}
        text = re.sub(r"([\^_])\(([^()]*)\)", r"\1{\2}", text)

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        if m.start() > 0 and text[m.start() - 1] == "\\":
            return w  # already a command
        return _MATH_WORDS.get(w, w) + (" " if w in _MATH_WORDS else "")

    text = re.sub(r"[A-Za-z]+", word, text)
    return " ".join(text.split()).replace(" ^", "^").replace(" _", "_")


def _depth(tokens: Sequence[str]) -> int:
    """Open parentheses in ``tokens``: > 0 inside ``C(N, j)``, < 0 after ``(symbolic q)``."""
    text = "".join(tokens)
    return text.count("(") - text.count(")")


def prose(text: str) -> str:
    r"""Prose with ASCII mathematics (``sigma^2/x > 0``, ``lim_{x -> 1}``) as LaTeX text.

    Runs of mathematical tokens (symbols, numbers, operators, Greek letters and
    functions such as ``ln``, ``sum_{k=0}^{q-1}``) go into ``$...$`` with LaTeX
    commands; words of two or more letters that are not mathematics (and code
    such as ``entropy(implicit=True)``) stay text, escaped for LaTeX's text mode.

    >>> print(prose("dU/dx = sigma^2/x > 0, so beta eps decreases"))
    $dU/dx = \sigma^2/x > 0$, so $\beta \varepsilon$ decreases
    >>> print(prose("u* = lim_{x -> 1} U(x) = (q - 1)/2"))
    $u^{*} = \lim_{x \to 1} U(x) = (q - 1)/2$
    >>> print(prose("with P(x) = sum_{k=0}^{q-1} x^k, 100% of the_code"))
    with $P(x) = \sum_{k=0}^{q-1} x^k$, 100\% of the\_code
    """
    tokens: list[str] = []
    for piece in text.split(" "):  # a brace group is one token: lim_{x -> 1}
        if tokens and tokens[-1].count("{") > tokens[-1].count("}"):
            tokens[-1] += " " + piece
        else:
            tokens.append(piece)
    math = [_is_math(t) for t in tokens]
    for i, t in enumerate(tokens):  # "a" and "I" are words unless mathematics surrounds them
        if math[i] and t.strip(_TRAILING) in _ARTICLES:
            before = i > 0 and math[i - 1] and tokens[i - 1].strip(_TRAILING) not in _ARTICLES
            after = i + 1 < len(tokens) and math[i + 1]
            math[i] = bool(before or after) and not (
                i + 1 < len(tokens) and not math[i + 1] and not before
            )
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        last = run[-1]
        tail = last[len(last.rstrip(_TRAILING)) :]
        run[-1] = last[: len(last) - len(tail)] if tail else last
        while run[-1].endswith(")") and _depth(run) < 0:  # "(symbolic q)": the ) is prose
            run[-1], tail = run[-1][:-1], ")" + tail
        if not run[-1]:
            run.pop()
            if not run:
                out.append(_text_word(tail))
                return
        head = ""
        while run[0].startswith("(") and run[0].count("(") > run[0].count(")") and len(run) == 1:
            head, run[0] = head + "(", run[0][1:]
        out.append(f"{head}${_math(run)}${_text_word(tail)}")
        run.clear()

    for token, is_math in zip(tokens, math, strict=True):
        if is_math:
            run.append(token)
            if token and token[-1] in _TRAILING and token.rstrip(_TRAILING) and _depth(run) <= 0:
                flush()  # punctuation ends the formula, unless inside C(N, j)
        else:
            flush()
            out.append(_text_word(token))
    flush()
    return " ".join(out)
