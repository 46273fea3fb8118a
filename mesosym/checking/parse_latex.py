r"""Reading formulas written in LaTeX: a recursive-descent parser of its own, never ``eval``.

:func:`parse_latex` reads the notation of manuscripts, such as
``-u\ln u-(1-u)\ln(1-u)``, into a SymPy expression built from the symbols of
:mod:`mesosym.symbols` (so that their assumptions hold).  The grammar, in
brief (TeX's own rules where they decide, a refusal where a reader would
hesitate)::

    expression := [+|-] term {(+|-) term}
    term       := factor {(\cdot | \times | * | /) factor | factor}   implicit product
    factor     := atom {^script | _label | !}
    atom       := number | letter | \beta ... | \infty | \pi | group
                | \frac{a}{b} | \dfrac | \tfrac | \sqrt{a} | \sqrt[n]{a} | \binom{n}{k}
                | function [^script] [_base] argument
    group      := (..) | [..] | {..} | \left( .. \right) | \left[ .. \right] | \bigl( .. \bigr)
                | |..| | \left| .. \right|                          absolute value
    function   := \ln | \log (natural) | \log_{b} | \exp | \sinh \cosh \tanh \coth
                | \sin \cos | \operatorname{artanh|arcoth|atanh|acoth}
    argument   := group, or the next factor only (``\ln u``, ``\ln x^*``)

- Letters are single symbols (``qx^q`` is ``q*x**q``); ``e`` and
  ``\mathrm{e}`` are Euler's number and ``e^{-u}`` is ``exp(-u)``.
- ``x^*``, ``x_*``, ``x^{\ast}``, ``x_{\star}`` are the saddle point, written
  in mesosym's formulas through :data:`mesosym.symbols.x`; ``x^{*2}`` is its
  square.  ``k_B`` and ``k_{\mathrm{B}}`` are Boltzmann's constant.
- ``\varepsilon`` and ``\epsilon`` are the level spacing, ``\beta`` the
  inverse temperature; ``\log`` is the natural logarithm, as in physics.
- Spacing (``\,`` ``\;`` ``\:`` ``\!`` ``\quad`` ``~`` ...) and sizing
  (``\left``, ``\big`` ...) are ignored; U+2212 minus, U+00D7 and U+22C5 signs,
  and the letters ``β ε π ∞`` pasted from a PDF are read as their macros.

Numbers may carry thousands separators: ``1{,}000``, ``10\,000``,
``1\,000.5`` and ``12{,}345{,}678`` are read as the numbers they show.  A
separator counts only between groups of exactly three digits, after a first
group of one to three digits without a leading zero, one kind per number,
none after the decimal point; anything else that puts ``{,}`` or ``\,``
between digits is refused.  ``{,}`` is also the decimal comma of European
typesetting: ``3{,}14`` and ``0{,}125`` (which cannot be thousands) are refused
naming both readings, but ``2{,}125`` is read as 2125, as in English
manuscripts; the parsed form is echoed, so a decimal comma cannot pass
unseen.  A bare comma between digits (``1,000``) is a list in TeX and is
refused, naming ``1{,}000`` and ``1.000``.

Text (``\text{..}``, ``\textrm``, ``\mbox``) is never read as math nor
evaluated.  After the formula it is an annotation, dropped
(``\ln 2 \text{ (eq. 22)}``); math after it is refused, except after a text
ending in a condition word (``for at where with when and``), which
:func:`mesosym.checking.claims.parse_claim` reads as a substitution and this function
refuses.  In a subscript it is a label (``k_{\text{B}}``); elsewhere inside a
formula it is refused.

Ambiguous writing is refused, not guessed: ``x^23`` (TeX shows x²3),
``\ln 2u`` (is it ln(2u) or u ln 2?), ``1/2u``, a number right after a factor
(``u2``), ``\frac`` with a bare multi-digit argument beyond TeX's rule.  So
are unknown macros and symbols (``\input``, ``\def``, ``y``), unbalanced
braces and delimiters; each :class:`~mesosym.errors.ParseError` names the
column (1-based; line and column in multi-line text) and what is accepted.

The budgets of :mod:`mesosym.checking.parse` hold here too:
:data:`~mesosym.checking.parse.MAX_LENGTH` characters,
:data:`~mesosym.checking.parse.MAX_DEPTH` levels of nesting, and the number, exponent and
factorial budgets.

Examples
--------
>>> from mesosym.checking.parse_latex import parse_latex
>>> parse_latex(r"-u\ln u-(1-u)\ln(1-u)")
-u*log(u) - (1 - u)*log(1 - u)
>>> parse_latex(r"\frac{x + 2x^2}{1 + x + x^2}")
(2*x**2 + x)/(x**2 + x + 1)
>>> parse_latex(r"1{,}000 + 10\,000 \quad \text{(two ways)}")
11000
>>> parse_latex(r"\input{secret}")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mesosym.errors.ParseError: the macro \input is not accepted at column 1; accepted: ...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

import sympy as sp

from .. import symbols as _symbols
from ..budget import short
from ..errors import ParseError
from .parse import (
    DEFAULT_NAMES,
    MAX_DEPTH,
    MAX_LENGTH,
    factorial_problem,
    number_problem,
    power_problem,
    size_problem,
    tower_problem,
)

__all__ = [
    "parse_latex",
    "real_root",
    "LATEX_NAMES",
    "LATEX_FUNCTIONS",
    "INVERSES",
    "SADDLE_KEY",
    "MAX_DERIVATIVES",
    "MAX_DERIVATIVE_OPS",
]

#: The key of the saddle point ``x^*`` in a names mapping.
SADDLE_KEY = "x*"

#: What each symbol of a LaTeX formula stands for: single letters, Greek
#: letters by macro name (without the backslash), ``k_B`` and ``x*``.
LATEX_NAMES: Mapping[str, sp.Basic] = {
    **{key: value for key, value in DEFAULT_NAMES.items() if len(key) == 1},
    "k_B": _symbols.k_B,
    "beta": _symbols.beta,
    "epsilon": _symbols.eps,
    "varepsilon": _symbols.eps,
    SADDLE_KEY: _symbols.x,
}

#: Functions by macro name (``\operatorname{...}`` names included).
LATEX_FUNCTIONS: Mapping[str, Callable[[sp.Expr], sp.Expr]] = {
    "ln": sp.log,
    "log": sp.log,
    "exp": sp.exp,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "coth": sp.coth,
    "sin": sp.sin,
    "cos": sp.cos,
    "artanh": sp.atanh,
    "arctanh": sp.atanh,
    "atanh": sp.atanh,
    "arcoth": sp.acoth,
    "arccoth": sp.acoth,
    "acoth": sp.acoth,
    "arsinh": sp.asinh,
    "arcsinh": sp.asinh,
    "asinh": sp.asinh,
    "arcosh": sp.acosh,
    "arccosh": sp.acosh,
    "acosh": sp.acosh,
}

#: ``\tanh^{-1}`` and its kin: the inverse function, as physicists write it.
INVERSES: Mapping[str, Callable[[sp.Expr], sp.Expr]] = {
    "tanh": sp.atanh,
    "coth": sp.acoth,
    "sinh": sp.asinh,
    "cosh": sp.acosh,
}

#: Most derivative operators (``\frac{\mathrm{d}}{\mathrm{d}u}``) in one formula: each may
#: double the size of what it acts on.
MAX_DERIVATIVES = 4
#: Largest derivative (SymPy operations) a formula may build.
MAX_DERIVATIVE_OPS = 2000

_CONSTANTS: Mapping[str, sp.Basic] = {"pi": sp.pi, "infty": sp.oo}
_FRACTIONS = ("frac", "dfrac", "tfrac", "cfrac")
_BINOMIALS = ("binom", "dbinom", "tbinom")
_SPACING = frozenset(
    {",", ";", ":", "!", " ", ">", "quad", "qquad", "thinspace", "medspace", "thickspace",
     "enspace", "negthinspace", "negmedspace", "negthickspace", "displaystyle", "textstyle",
     "nonumber", "notag"}
)  # fmt: skip
_SIZES = frozenset(
    {"big", "Big", "bigg", "Bigg", "bigl", "Bigl", "biggl", "Biggl", "bigr", "Bigr", "biggr",
     "Biggr", "bigm", "Bigm"}
)  # fmt: skip
_GREEK = frozenset(
    {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
     "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma",
     "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta",
     "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
)  # fmt: skip
_STRUCTURE = ("frac", "dfrac", "tfrac", "sqrt", "sqrt[n]", "binom", "left", "right", "cdot",
              "times", "mathrm{e}", "infty", "pi", "ast", "star")  # fmt: skip
_FUNCTION_WORDS = frozenset(LATEX_FUNCTIONS) | {"sqrt", "tan", "max", "min", "lim", "det"}
#: Characters pasted from a PDF and the token each stands for.
_UNICODE: Mapping[str, tuple[str, str]] = {
    "\u2212": ("op", "-"),
    "\u00d7": ("op", "cdot"),
    "\u22c5": ("op", "cdot"),
    "\u00b7": ("op", "cdot"),
    "\u2217": ("op", "*"),
    "\u03b2": ("macro", "beta"),
    "\u03b5": ("macro", "varepsilon"),
    "\u03f5": ("macro", "epsilon"),
    "\u03c0": ("macro", "pi"),
    "\u221e": ("macro", "infty"),
    "\u2202": ("macro", "partial"),
    "\u27e8": ("macro", "langle"),
    "\u27e9": ("macro", "rangle"),
    "\u2264": ("op", "le"),
    "\u2265": ("op", "ge"),
    "\u2009": ("space", ""),
    "\u00a0": ("space", ""),
    **{
        chr(0x03B1 + k): ("macro", name)
        for k, name in enumerate(
            (
                "alpha",
                "beta",
                "gamma",
                "delta",
                "varepsilon",
                "zeta",
                "eta",
                "theta",
                "iota",
                "kappa",
                "lambda",
                "mu",
                "nu",
                "xi",
                "omicron",
                "pi",
                "rho",
                "varsigma",
                "sigma",
                "tau",
                "upsilon",
                "varphi",
                "chi",
                "psi",
                "omega",
            )
        )
        if name not in ("omicron",)
    },
    "\u0394": ("macro", "Delta"),
    "\u03a3": ("macro", "sum"),  # a capital sigma pasted beside a formula is a sum
    "\u2211": ("macro", "sum"),
    "\u03a9": ("macro", "Omega"),
}
_CLOSING = {"(": ")", "[": "]", "{": "}", r"\{": r"\}", "|": "|"}
_DIGITS = frozenset("0123456789")
_OPS = "+-*/=^_!&,.;:|'<>"


#: The functions TeX defines as macros (the others through \operatorname).
_TEX_FUNCTIONS = frozenset({"ln", "log", "exp", "sinh", "cosh", "tanh", "coth", "sin", "cos"})


#: What a derivative operator may act on besides a bracketed group: a function, a derivative.
_OPERANDS = _TEX_FUNCTIONS | set(_FRACTIONS)


def _accepted_macros() -> str:
    names = sorted(set(_STRUCTURE) | _TEX_FUNCTIONS | {"operatorname{artanh}"})
    return " ".join("\\" + name for name in names) + ", Greek letters, spacing"


@dataclass(frozen=True)
class _Tok:
    """One token: its kind, its text (a macro's name without backslash), its span."""

    kind: str  # num letter macro op open close linebreak begin end note eof
    text: str
    pos: int
    end: int
    sized: bool = False  # an open/close written with \left / \right
    grouped: bool = False  # a number written with thousands separators (text: its digits)


class _Text:
    """The user's text, and positions in it described as columns (and lines)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def where(self, pos: int) -> str:
        pos = max(0, min(pos, len(self.text)))
        line = self.text.count("\n", 0, pos)
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        if "\n" not in self.text:
            return f"column {col}"
        return f"line {line + 1}, column {col}"

    def fail(self, message: str, pos: int, tail: str = "") -> ParseError:
        return ParseError(f"{message} at {self.where(pos)}{tail}")

    def snippet(self, start: int, end: int, limit: int = 40) -> str:
        seg = " ".join(self.text[start:end].split())
        return seg if len(seg) <= limit else seg[: limit - 3] + "..."


_ANNOTATIONS = frozenset({"text", "textrm", "mbox", "intertext", "shortintertext"})


def _closing_brace(text: str, k: int, end: int) -> int:
    """Index of the brace closing the one at ``text[k]`` (-1 if unbalanced)."""
    depth = 0
    for index in range(k, end):
        if text[index] == "{" and text[index - 1] != "\\":
            depth += 1
        elif text[index] == "}" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index
    return -1


#: Inequality macros and the op each becomes (read only between the sides of a claim).
_RELATIONS = {"le": "le", "leq": "le", "leqslant": "le", "ge": "ge", "geq": "ge",
              "geqslant": "ge"}  # fmt: skip

#: Thousands separators, accepted only between groups of exactly three digits.
_SEPARATORS = ("{,}", "\\,")


def _separator(text: str, k: int, end: int) -> str:
    """The thousands separator written at ``text[k]``, or ''."""
    for sep in _SEPARATORS:
        if text.startswith(sep, k) and k + len(sep) <= end:
            return sep
    return ""


def _thousands(src: _Text, i: int, j: int, end: int) -> tuple[str, int]:
    r"""The digits of ``text[i:j]`` and of the groups after it joined by ``{,}`` or ``\,``.

    Returns the digits without separators and the end of the number.  A
    separator counts only when digits follow it; then every group after it
    must have exactly three digits, the first group one to three digits and
    no leading zero, and one number uses one kind of separator.
    """
    text = src.text
    digits = text[i:j]
    kind = ""
    k = j
    while True:
        sep = _separator(text, k, end)
        start = k + len(sep)
        if not sep or start >= end or text[start] not in _DIGITS:
            return digits, k
        stop = start
        while stop < end and text[stop] in _DIGITS:
            stop += 1
        group = text[start:stop]
        written = src.snippet(i, stop)
        if sep == "{,}" and not kind and (len(group) != 3 or digits.startswith("0")):
            raise src.fail(
                f"'{written}' reads as a decimal comma in some languages and as a thousands "
                "separator in others",
                k,
                f": write {digits}.{group} for a decimal, {digits}{group} for a whole number",
            )
        if kind and sep != kind:
            raise src.fail(
                f"the number '{written}' mixes the thousands separators {kind} and {sep}",
                k,
                ": use one of them",
            )
        if len(group) != 3:
            raise src.fail(
                f"a group of {len(group)} digits after the thousands separator {sep} in "
                f"'{written}'",
                start,
                "; a separator stands only between groups of exactly three digits",
            )
        if not kind and (len(digits) > 3 or digits.startswith("0")):
            raise src.fail(
                f"'{written}' does not start with a group of one to three digits (no leading "
                "zero) before the thousands separator",
                i,
                ", as in 1{,}000 or 10\\,000",
            )
        kind = sep
        digits += group
        k = stop


def _lex(src: _Text, start: int, end: int, *, annotations: bool = False) -> list[_Tok]:
    r"""Split ``src.text[start:end]`` into tokens; spacing and sizing macros vanish.

    With ``annotations``, ``\text{..}``, ``\mbox{..}`` and ``\intertext{..}``
    become one ``note`` token each (a comment beside the steps of a chain).
    """
    text = src.text
    toks: list[_Tok] = []
    i = start
    pending_size: tuple[str, int] | None = None  # \left, \right or \big.. awaiting a delimiter
    while i < end:
        ch = text[i]
        if ch in " \t\r\n~":
            i += 1
            continue
        tok: _Tok
        if ch == "\\":
            j = i + 1
            if j < end and text[j].isascii() and text[j].isalpha():
                while j < end and text[j].isascii() and text[j].isalpha():
                    j += 1
                name = text[i + 1 : j]
            elif j < end:
                j += 1
                name = text[i + 1 : j]
            else:
                raise src.fail("a lone backslash", i)
            if name in _SPACING:
                i = j
                continue
            if name in ("left", "right") or name in _SIZES:
                if pending_size is not None:
                    raise src.fail(f"\\{pending_size[0]} must be followed by a delimiter", i)
                pending_size = (name, i)
                i = j
                continue
            if name == "\\":
                tok = _Tok("linebreak", "\\\\", i, j)
            elif name in ("{", "}"):
                tok = _Tok("open" if name == "{" else "close", "\\" + name, i, j)
            elif name in ("begin", "end"):
                k = j
                while k < end and text[k] == " ":
                    k += 1
                close = text.find("}", k, end)
                if k >= end or text[k] != "{" or close < 0:
                    raise src.fail(f"\\{name} needs an environment name in braces", i)
                tok = _Tok(name, text[k + 1 : close].strip(), i, close + 1)
                j = close + 1
            elif name in ("label", "tag") or (annotations and name in _ANNOTATIONS):
                k = j
                while k < end and text[k] == " ":
                    k += 1
                close = _closing_brace(text, k, end)
                if k >= end or text[k] != "{" or close < 0:
                    raise src.fail(f"\\{name} needs its text in braces", i)
                if name in ("label", "tag"):
                    i = close + 1
                    continue
                tok = _Tok("note", text[k + 1 : close], i, close + 1)
                j = close + 1
            elif name in ("cdot", "times"):
                tok = _Tok("op", "cdot", i, j)
            elif name in ("ast", "star"):
                tok = _Tok("op", "star", i, j)
            elif name in _RELATIONS:
                tok = _Tok("op", _RELATIONS[name], i, j)
            else:
                tok = _Tok("macro", name, i, j)
            i = j
        elif ch in _DIGITS or (ch == "." and i + 1 < end and text[i + 1] in _DIGITS):
            j = i
            while j < end and text[j] in _DIGITS:
                j += 1
            digits, j = _thousands(src, i, j, end)
            grouped = j - i != len(digits)
            if j + 1 < end and text[j] == "." and text[j + 1] in _DIGITS:
                k = j + 1
                while k < end and text[k] in _DIGITS:
                    k += 1
                if _separator(text, k, end) and k + len(_separator(text, k, end)) < end:
                    after = k + len(_separator(text, k, end))
                    if text[after] in _DIGITS:
                        raise src.fail(
                            f"a thousands separator {_separator(text, k, end)} after the "
                            "decimal point",
                            k,
                            ": write the decimals together, as in 0.12345",
                        )
                digits += text[j:k]
                j = k
            tok = _Tok("num", digits, i, j, grouped=grouped)
            i = j
        elif ch.isascii() and ch.isalpha():
            tok = _Tok("letter", ch, i, i + 1)
            i += 1
        elif ch in "([{":
            tok = _Tok("open", ch, i, i + 1)
            i += 1
        elif ch in ")]}":
            tok = _Tok("close", ch, i, i + 1)
            i += 1
        elif ch in _OPS:
            tok = _Tok("op", ch, i, i + 1)
            i += 1
        elif ch in _UNICODE:
            kind, name = _UNICODE[ch]
            i += 1
            if kind == "space":
                continue
            tok = _Tok(kind, name, i - 1, i)
        else:
            raise src.fail(
                f"the character {short(ch)} is not accepted",
                i,
                "; accepted: letters, digits, + - * / ^ _ ! ( ) [ ] { } = and LaTeX macros",
            )
        if pending_size is not None:
            size, at = pending_size
            pending_size = None
            if tok.kind == "op" and tok.text == "|":
                # \left| .. \right| is an absolute value; \big| a bar as written
                kind = {"left": "open", "right": "close"}.get(size, "op")
                tok = _Tok(kind, "|", tok.pos, tok.end)
            bar = tok.kind == "op" and tok.text == "|"
            if not bar and (tok.kind not in ("open", "close") or tok.text in ("{", "}")):
                raise src.fail(
                    f"\\{size} must be followed by a delimiter ( ) [ ] \\{{ \\}} |",
                    at,
                )
            if size in ("left", "right"):
                if (size == "left") != (tok.kind == "open"):
                    raise src.fail(f"\\{size} is followed by the wrong delimiter", at)
                tok = _Tok(tok.kind, tok.text, at, tok.end, sized=True)
            else:
                tok = _Tok(tok.kind, tok.text, at, tok.end)
        toks.append(tok)
    if pending_size is not None:
        raise src.fail(f"\\{pending_size[0]} must be followed by a delimiter", pending_size[1])
    toks.append(_Tok("eof", "", end, end))
    return toks


def _describe(tok: _Tok) -> str:
    if tok.kind == "eof":
        return "the end of the formula"
    if tok.kind == "macro":
        return "\\" + tok.text
    if tok.kind == "note":
        return "a \\text{..}"
    if tok.text == "cdot":
        return r"'\cdot'"
    if tok.text == "star":
        return r"'\ast'"
    return repr(tok.text)


#: Last words of a ``\text{..}`` that make the math after it a condition (``\text{for } u = 1/2``).
CONDITION_WORDS = frozenset({"for", "at", "where", "with", "when", "and"})


@dataclass(frozen=True)
class _Segment:
    r"""Tokens after one ``\text{..}`` annotation (or before the first): the note and the math."""

    note: _Tok | None
    toks: list[_Tok]

    @property
    def condition(self) -> bool:
        """True when the note ends with a condition word (``for``, ``where`` ...)."""
        if self.note is None:
            return False
        words = re.findall(r"[A-Za-z]+", self.note.text)
        tail = self.note.text.rstrip(" ,:;~")
        return bool(words) and words[-1].lower() in CONDITION_WORDS and tail.endswith(words[-1])


def _segments(toks: list[_Tok]) -> list[_Segment]:
    r"""Split tokens (no eof) at the ``\text{..}`` notes outside any group.

    A note after ``_`` or ``^`` is a label (``k_\text{B}``), not an annotation.
    Each segment's trailing punctuation (``,`` ``.`` ``;``) is dropped.
    """
    out = [_Segment(None, [])]
    depth = 0
    for index, tok in enumerate(toks):
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth = max(depth - 1, 0)
        after_script = index > 0 and toks[index - 1].kind == "op" and toks[index - 1].text in "_^"
        if tok.kind == "note" and depth == 0 and not after_script:
            out.append(_Segment(tok, []))
        else:
            out[-1].toks.append(tok)
    for seg in out:
        while seg.toks and seg.toks[-1].kind == "op" and seg.toks[-1].text in ",.;":
            seg.toks.pop()
    return out


def _math_after_prose(src: _Text, seg: _Segment) -> ParseError:
    assert seg.note is not None
    note = src.snippet(seg.note.pos, seg.note.end)
    return src.fail(
        f"math after the text {note}",
        seg.toks[0].pos,
        r"; text is read only as an annotation after the formula (dropped), or as a "
        r"condition such as \text{for } x = \frac{u}{1+u}",
    )


def _comma_between_digits(toks: list[_Tok], index: int) -> tuple[str, int, str] | None:
    """The refusal of a bare comma between digits at ``toks[index]`` (``1,000``), or None."""
    comma = toks[index]
    before = toks[index - 1] if index else None
    after = toks[index + 1] if index + 1 < len(toks) else comma
    if before is None or before.kind != "num" or after.kind != "num":
        return None
    if before.end != comma.pos or after.pos != comma.end:
        return None
    a, b = before.text, after.text
    advice = f"{a}{{,}}{b} or {a}\\,{b} for {a}{b}, " if len(b) == 3 else ""
    return (
        f"the bare comma in '{a},{b}' is ambiguous (a thousands separator, a decimal "
        "comma or a list)",
        comma.pos,
        f": write {advice}{a}.{b} for a decimal",
    )


class _Parser:
    """Recursive descent over the tokens of one formula."""

    def __init__(self, src: _Text, toks: list[_Tok], names: Mapping[str, sp.Basic]) -> None:
        self.src = src
        self.toks = toks
        self.names = names
        self.i = 0
        self.depth = 0
        self.derivatives = 0

    # -- token helpers -------------------------------------------------------
    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        if tok.kind != "eof":
            self.i += 1
        return tok

    def is_op(self, tok: _Tok, *texts: str) -> bool:
        return tok.kind == "op" and tok.text in texts

    def fail(self, message: str, pos: int, tail: str = "") -> ParseError:
        return self.src.fail(message, pos, tail)

    def checked(self, value: sp.Expr, start: int) -> sp.Expr:
        """Refuse undefined values and numbers over the size budget."""
        end = self.toks[self.i - 1].end if self.i else start
        if value.has(sp.zoo, sp.nan):
            raise self.fail(f"{self.src.snippet(start, end)} is undefined", start)
        problem = size_problem(value)
        if problem:
            raise self.fail(f"{self.src.snippet(start, end)} {problem}", start)
        return value

    def nest(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(
                f"the formula is nested deeper than MAX_DEPTH = {MAX_DEPTH} levels", pos
            )

    def starts_factor(self, tok: _Tok) -> bool:
        if tok.kind in ("num", "letter", "macro", "name"):
            return True
        return tok.kind == "open"

    # -- grammar ---------------------------------------------------------------
    def formula(self) -> sp.Expr:
        value = self.expression()
        tok = self.peek()
        if tok.kind != "eof":
            raise self.unexpected(tok)
        return value

    def unexpected(self, tok: _Tok) -> ParseError:
        if tok.kind == "close":
            return self.fail(f"the closing {short(tok.text)} has no opening match", tok.pos)
        if self.is_op(tok, "="):
            return self.fail(
                "unexpected '='",
                tok.pos,
                "; '=' is accepted once, after the quantity ('s =', 'x^* =', 'u =', "
                "'\\beta\\varepsilon ='), or between the steps of a chain",
            )
        if tok.kind in ("begin", "end"):
            return self.fail(
                f"\\{tok.kind}{{{tok.text}}} is accepted only around a chain of steps", tok.pos
            )
        if self.is_op(tok, ","):
            comma = _comma_between_digits(self.toks, self.i)
            if comma:
                return self.fail(*comma)
        if tok.kind == "linebreak" or self.is_op(tok, "&"):
            return self.fail(f"{_describe(tok)} belongs to a chain of steps", tok.pos)
        return self.fail(f"unexpected {_describe(tok)}", tok.pos)

    def expression(self) -> sp.Expr:
        start = self.peek().pos
        self.nest(start)
        sign = self.signs()
        total = sign * self.term()
        while self.is_op(self.peek(), "+", "-"):
            sign = self.signs()
            total = self.checked(total + sign * self.term(), start)
        self.depth -= 1
        return total

    def term(self) -> sp.Expr:
        start = self.peek().pos
        value = self.factor()
        while True:
            tok = self.peek()
            if self.is_op(tok, "cdot", "*"):
                self.take()
                sign = self.signs()
                value = self.checked(value * sign * self.factor(), start)
            elif self.is_op(tok, "/"):
                self.take()
                sign = self.signs()
                divisor = self.factor()
                after = self.peek()
                if self.starts_factor(after):
                    raise self.fail(
                        f"'{self.src.snippet(tok.pos, after.end)}' is ambiguous",
                        tok.pos,
                        r": write \frac{..}{..} or use parentheses",
                    )
                value = self.checked(value / (sign * divisor), start)
            elif self.starts_factor(tok):
                if tok.kind == "num":
                    raise self.fail(
                        f"the number {tok.text} right after a factor is ambiguous",
                        tok.pos,
                        r" (TeX shows them side by side): write \cdot",
                    )
                value = self.checked(value * self.factor(), start)
            else:
                return value

    def signs(self) -> int:
        sign = 1
        while self.is_op(self.peek(), "+", "-"):
            if self.take().text == "-":
                sign = -sign
        return sign

    def factor(self) -> sp.Expr:
        start = self.peek()
        self.nest(start.pos)
        value, kind = self.atom()
        has_sup = has_sub = False
        while True:
            tok = self.peek()
            if self.is_op(tok, "^"):
                if has_sup:
                    raise self.fail("a double superscript (write braces)", tok.pos)
                has_sup = True
                self.take()
                star, exponent = self.script(tok)
                if star:
                    if kind != "x" or has_sub:
                        raise self.fail(
                            "a star on a symbol other than x", tok.pos, r"; x^* is the saddle point"
                        )
                    value, kind = cast(sp.Expr, self.names[SADDLE_KEY]), "x*"
                    if exponent is None:
                        self.saddle_argument()
                        continue
                snippet = self.src.snippet(start.pos, self.toks[self.i - 1].end)
                if value == sp.E and kind == "e":
                    value = sp.exp(exponent)
                else:
                    problem = power_problem(value, exponent)
                    if problem:
                        raise self.fail(f"the power {snippet} {problem}", start.pos)
                    value = value**exponent
                problem = tower_problem(value)
                if problem:
                    raise self.fail(f"{snippet} {problem}", start.pos)
                value = self.checked(value, start.pos)
                kind = "power"
            elif self.is_op(tok, "_"):
                if has_sub or has_sup:
                    raise self.fail("a subscript here is not accepted", tok.pos)
                has_sub = True
                self.take()
                label, label_end = self.label()
                key = f"{kind}_{label}"
                if key == "x_*":
                    value, kind = cast(sp.Expr, self.names[SADDLE_KEY]), "x*"
                    self.saddle_argument()
                elif kind == "k" and label == "B" and "k_B" in self.names:
                    value, kind = cast(sp.Expr, self.names["k_B"]), "k_B"
                else:
                    raise self.fail(
                        f"the subscript in '{self.src.snippet(start.pos, label_end)}' is not "
                        r"accepted; accepted: k_B, k_{\mathrm{B}}, x_*, \log_{b}",
                        tok.pos,
                    )
            elif self.is_op(tok, "!"):
                self.take()
                problem = factorial_problem("factorial", [value])
                if problem:
                    raise self.fail(problem, start.pos)
                value, kind = self.checked(sp.factorial(value), start.pos), "factorial"
            elif self.is_op(tok, "'"):
                raise self.fail("a prime (derivative) is not accepted", tok.pos)
            else:
                self.depth -= 1
                return value

    def derivative_operator(self, frac: _Tok) -> sp.Expr | None:
        r"""A derivative operator: ``\frac{d}{du}``, with ``\mathrm{d}`` or ``\partial`` as well.

        None when the fraction is no derivative operator (then it is read as a
        fraction).  What follows must be a bracketed group or a function.
        """
        top_end = _group_end(self.toks, self.i)
        if top_end < 0:
            return None
        bottom_end = _group_end(self.toks, top_end + 1)
        if bottom_end < 0:
            return None
        top = _spelled(self.toks[self.i + 1 : top_end])
        bottom = _spelled(self.toks[top_end + 2 : bottom_end])
        if top not in ("d", "\\partial") or not bottom.startswith(top):
            return None
        key = bottom[len(top) :]
        variable = self.names.get(key) if key in ("u", "x") else None
        if not isinstance(variable, sp.Symbol):
            return None
        self.i = bottom_end + 1
        self.derivatives += 1
        if self.derivatives > MAX_DERIVATIVES:
            raise self.fail(
                f"more than MAX_DERIVATIVES = {MAX_DERIVATIVES} derivatives in one formula",
                frac.pos,
            )
        nxt = self.peek()
        if not (nxt.kind == "open" or (nxt.kind == "macro" and nxt.text in _OPERANDS)):
            raise self.fail(
                f"the derivative at {self.src.where(frac.pos)} acts on {_describe(nxt)}",
                nxt.pos,
                ": put what is differentiated in brackets, as in \\frac{d}{du}\\left[..\\right]",
            )
        operand = self.factor()
        saddle = self.names.get(SADDLE_KEY)
        if key == "u" and saddle is not None and saddle != variable and operand.has(saddle):
            raise self.fail(
                "the derivative of a formula in x^* with respect to u",
                frac.pos,
                ": x^* depends on u; write the formula in u before differentiating",
            )
        value = sp.diff(operand, variable)
        if sp.count_ops(value) > MAX_DERIVATIVE_OPS:
            raise self.fail(
                f"the derivative has more than MAX_DERIVATIVE_OPS = {MAX_DERIVATIVE_OPS} "
                "operations",
                frac.pos,
            )
        return self.checked(value, frac.pos)

    def saddle_argument(self) -> None:
        """Skip the ``(u)`` of ``x^*(u)``: the saddle point as a function of u."""
        toks = self.toks[self.i : self.i + 3]
        if (
            len(toks) == 3
            and toks[0].kind == "open"
            and toks[0].text == "("
            and toks[1].kind == "letter"
            and toks[1].text == "u"
            and toks[2].kind == "close"
            and toks[2].text == ")"
            and toks[0].sized == toks[2].sized
        ):
            self.i += 3

    def script(self, caret: _Tok) -> tuple[bool, sp.Expr | None]:
        """Read a superscript: (True, None) for a star, (True, e) for ``{*e}``, else (False, e)."""
        tok = self.take()
        if self.is_op(tok, "*", "star"):
            return True, None
        if tok.kind == "open" and tok.text == "{" and not tok.sized:
            if self.is_op(self.peek(), "*", "star"):
                self.take()
                if self.peek().kind == "close":
                    self.close(tok)
                    return True, None
                value = self.expression()
                self.close(tok)
                return True, value
            value = self.expression()
            self.close(tok)
            return False, value
        return False, self.single(tok, "a superscript", caret)

    def single(self, tok: _Tok, what: str, at: _Tok) -> sp.Expr:
        r"""A one-token argument, as TeX reads ``x^2`` or ``\frac12``."""
        if tok.kind == "num":
            if tok.grouped:
                raise self.fail(
                    f"the number {self.src.snippet(tok.pos, tok.end)} as {what}",
                    tok.pos,
                    ": write braces",
                )
            if len(tok.text) > 1:
                raise self.fail(
                    f"TeX reads only the first digit of {tok.text} as {what}",
                    tok.pos,
                    ": write braces",
                )
            return sp.Integer(int(tok.text))
        if tok.kind == "letter":
            return self.letter(tok)[0]
        if tok.kind == "macro" and (tok.text in _GREEK or tok.text in _CONSTANTS):
            return self.symbol_macro(tok)
        if self.is_op(tok, "+", "-"):
            raise self.fail(f"a sign as {what}", tok.pos, ": write braces, as in x^{-1}")
        raise self.fail(f"expected {what} after {_describe(at)}, found {_describe(tok)}", tok.pos)

    def label(self) -> tuple[str, int]:
        r"""Read a subscript label: ``*`` for a star, ``B`` for ``B`` or ``\mathrm{B}``."""
        tok = self.take()
        if self.is_op(tok, "*", "star"):
            return "*", tok.end
        if tok.kind == "letter":
            return tok.text, tok.end
        if tok.kind == "num":
            return tok.text, tok.end
        if tok.kind == "note":  # k_\text{B}
            return tok.text.strip(), tok.end
        if tok.kind == "macro" and tok.text in ("mathrm", "text", "rm"):
            return self.word(tok), self.toks[self.i - 1].end
        if tok.kind == "open" and tok.text == "{":
            parts = []
            while self.peek().kind not in ("close", "eof"):
                inner = self.take()
                if inner.kind == "macro" and inner.text in ("mathrm", "text", "rm"):
                    parts.append(self.word(inner))
                elif inner.kind == "note":
                    parts.append(inner.text.strip())
                elif self.is_op(inner, "*", "star"):
                    parts.append("*")
                else:
                    parts.append(inner.text)
            self.close(tok)
            return "".join(parts), self.toks[self.i - 1].end
        raise self.fail(f"expected a subscript, found {_describe(tok)}", tok.pos)

    def word(self, macro: _Tok) -> str:
        r"""The letters of ``\mathrm{..}`` or ``\operatorname{..}``."""
        tok = self.take()
        if tok.kind == "letter":
            return tok.text
        if not (tok.kind == "open" and tok.text == "{"):
            raise self.fail(f"\\{macro.text} needs a word in braces", macro.pos)
        letters = []
        while self.peek().kind == "letter":
            letters.append(self.take().text)
        self.close(tok)
        return "".join(letters)

    def close(self, opening: _Tok) -> None:
        tok = self.take()
        want = _CLOSING[opening.text]
        if tok.kind == "close" and tok.text == want and tok.sized == opening.sized:
            return
        left = "\\left" if opening.sized else ""
        right = "\\right" if opening.sized else ""
        if tok.kind == "eof":
            raise self.fail(f"the {left}{opening.text} is never closed", opening.pos)
        raise self.fail(
            f"expected {right}{want} to close the {left}{opening.text} at "
            f"{self.src.where(opening.pos)}, found {_describe(tok)}",
            tok.pos,
        )

    def group(self, opening: _Tok) -> sp.Expr:
        value = self.expression()
        self.close(opening)
        return value

    def letter(self, tok: _Tok) -> tuple[sp.Expr, str]:
        text = self.src.text
        end = tok.end
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        run = text[tok.pos : end]
        for word in sorted(_FUNCTION_WORDS, key=len, reverse=True):
            if run.startswith(word):
                raise self.fail(
                    f"'{word}' without a backslash is a product of letters in LaTeX: "
                    f"write \\{word}",
                    tok.pos,
                )
        if tok.text in self.names:
            return cast(sp.Expr, self.names[tok.text]), tok.text
        if tok.text == "e":
            return sp.E, "e"
        raise self.fail(
            f"unknown symbol '{tok.text}'",
            tok.pos,
            f"; accepted symbols: {self.accepted_symbols()}",
        )

    def accepted_symbols(self) -> str:
        out = []
        for key in sorted(self.names, key=lambda k: (len(k) > 1, k)):
            if key == SADDLE_KEY:
                out.append("x^*")
            elif len(key) == 1 or key == "k_B":
                out.append(key)
            else:
                out.append("\\" + key)
        return ", ".join(out + ["e", "\\pi", "\\infty"])

    def symbol_macro(self, tok: _Tok) -> sp.Expr:
        if tok.text in _CONSTANTS:
            return _CONSTANTS[tok.text]
        if tok.text in self.names:
            return cast(sp.Expr, self.names[tok.text])
        raise self.fail(
            f"unknown symbol \\{tok.text}",
            tok.pos,
            f"; accepted symbols: {self.accepted_symbols()}",
        )

    def argument(self, macro: _Tok) -> sp.Expr:
        r"""An argument of ``\frac``, ``\sqrt`` or ``\binom``: a brace group or one token."""
        tok = self.peek()
        if tok.kind == "open" and tok.text == "{" and not tok.sized:
            self.take()
            return self.group(tok)
        if tok.kind == "num" and len(tok.text) > 1:
            if not tok.text[:2].isdigit() or tok.grouped:
                raise self.fail(
                    f"\\{macro.text} with the bare number {self.src.snippet(tok.pos, tok.end)}",
                    tok.pos,
                    ": write braces",
                )
            # TeX takes one digit: \frac12 is 1/2
            self.toks[self.i] = _Tok("num", tok.text[1:], tok.pos + 1, tok.end)
            return sp.Integer(int(tok.text[0]))
        if tok.kind in ("num", "letter") or (
            tok.kind == "macro" and (tok.text in _GREEK or tok.text in _CONSTANTS)
        ):
            return self.single(self.take(), f"an argument of \\{macro.text}", macro)
        raise self.fail(
            f"\\{macro.text} needs its arguments in braces, found {_describe(tok)}", tok.pos
        )

    def atom(self) -> tuple[sp.Expr, str]:
        tok = self.take()
        if tok.kind == "num":
            problem = number_problem(tok.text)
            if problem:
                raise self.fail(problem, tok.pos)
            frac = Fraction(tok.text)
            return sp.Rational(frac.numerator, frac.denominator), "num"
        if tok.kind == "letter":
            return self.letter(tok)
        if tok.kind == "name":  # a quantity a caller read from several tokens (ln Z_mes)
            return cast(sp.Expr, self.names[tok.text]), "name"
        if tok.kind == "open":
            value = self.group(tok)
            return (sp.Abs(value) if tok.text == "|" else value), "group"
        if self.is_op(tok, "|"):
            value = self.expression()
            end = self.take()
            if not self.is_op(end, "|"):
                raise self.fail(f"the | at {self.src.where(tok.pos)} is never closed", end.pos)
            return sp.Abs(value), "group"
        if tok.kind == "macro":
            return self.macro(tok)
        if tok.kind == "eof":
            raise self.fail("the formula ends where a factor is expected", tok.pos)
        if tok.kind == "note":
            raise self.fail(
                f"the text {self.src.snippet(tok.pos, tok.end)} inside a formula",
                tok.pos,
                "; text is read only after the formula, never as a factor",
            )
        if tok.kind == "close" and self.i >= 2 and self.toks[self.i - 2].kind == "open":
            raise self.fail(f"an empty group before {short(tok.text)}", tok.pos)
        if self.is_op(tok, "star"):
            raise self.fail(r"\ast is accepted only in x^{\ast}", tok.pos)
        if tok.kind == "op" and tok.text not in "=&":
            raise self.fail(f"expected a factor, found {_describe(tok)}", tok.pos)
        raise self.unexpected(tok)

    def macro(self, tok: _Tok) -> tuple[sp.Expr, str]:
        name = tok.text
        if name in _TEX_FUNCTIONS:
            return self.function(tok, name), "function"
        if name in _FRACTIONS:
            derivative = self.derivative_operator(tok)
            if derivative is not None:
                return derivative, "group"
            top = self.argument(tok)
            bottom = self.argument(tok)
            return self.checked(top / bottom, tok.pos), "group"
        if name in _BINOMIALS:
            n = self.argument(tok)
            k = self.argument(tok)
            problem = factorial_problem("binomial", [n, k])
            if problem:
                raise self.fail(problem, tok.pos)
            return self.checked(sp.binomial(n, k), tok.pos), "group"
        if name == "sqrt":
            index: sp.Expr = sp.Integer(2)
            nxt = self.peek()
            if nxt.kind == "open" and nxt.text == "[" and not nxt.sized:
                self.take()
                index = self.group(nxt)
            radicand = self.argument(tok)
            problem = power_problem(radicand, 1 / index) if index != 0 else None
            if problem:
                raise self.fail(f"the root {problem}", tok.pos)
            return self.checked(real_root(radicand, index), tok.pos), "group"
        if name == "mathrm":
            word = self.word(tok)
            if word == "e":
                return sp.E, "e"
            if word in _TEX_FUNCTIONS:
                return self.function(tok, word), "function"
            raise self.fail(
                f"\\mathrm{{{word}}} is not accepted",
                tok.pos,
                r"; accepted: \mathrm{e}, \mathrm{ln}",
            )
        if name == "operatorname":
            word = self.word(tok)
            if word in LATEX_FUNCTIONS:
                return self.function(tok, word), "function"
            raise self.fail(
                f"\\operatorname{{{word}}} is not accepted",
                tok.pos,
                "; accepted: " + ", ".join(sorted(LATEX_FUNCTIONS)),
            )
        if name in _GREEK or name in _CONSTANTS:
            return self.symbol_macro(tok), name
        raise self.fail(
            f"the macro \\{name} is not accepted", tok.pos, f"; accepted: {_accepted_macros()}"
        )

    def function(self, tok: _Tok, name: str) -> sp.Expr:
        power: sp.Expr | None = None
        base: sp.Expr | None = None
        inverse = False
        while True:
            nxt = self.peek()
            if self.is_op(nxt, "^") and power is None and not inverse:
                self.take()
                star, power = self.script(nxt)
                if star or power is None:
                    raise self.fail(f"a star on \\{name} is not accepted", nxt.pos)
                if power == -1 and name in INVERSES:
                    inverse = True
                    power = None
                    continue
                if not (power.is_Integer and 0 < power <= 100):
                    raise self.fail(
                        f"\\{name}^{{..}} takes a positive whole power (1 to 100), or -1 for "
                        f"the inverse of {', '.join(INVERSES)}",
                        nxt.pos,
                    )
            elif self.is_op(nxt, "_") and base is None:
                if name != "log":
                    raise self.fail(f"\\{name} takes no subscript", nxt.pos)
                self.take()
                inner = self.take()
                if inner.kind == "open" and inner.text == "{" and not inner.sized:
                    base = self.group(inner)
                else:
                    base = self.single(inner, "the base of \\log", nxt)
            else:
                break
        nxt = self.peek()
        if nxt.kind == "open":
            self.take()
            arg = self.group(nxt)
        elif nxt.kind == "eof" or not self.starts_factor(nxt):
            raise self.fail(f"\\{name} needs an argument, found {_describe(nxt)}", nxt.pos)
        else:
            arg = self.factor()
            after = self.peek()
            if after.kind in ("num", "letter", "open") or (
                after.kind == "macro"
                and after.text not in _TEX_FUNCTIONS
                and after.text != "operatorname"
            ):
                raise self.fail(
                    f"'{self.src.snippet(tok.pos, after.end)}' is ambiguous",
                    after.pos,
                    f": write \\{name}(..) around the whole argument, or the other factor first",
                )
        func = INVERSES[name] if inverse else LATEX_FUNCTIONS[name]
        if base is not None:
            value = self.checked(sp.log(arg, base), tok.pos)
        else:
            value = self.checked(func(arg), tok.pos)
        problem = tower_problem(value) if name == "exp" else None
        if problem:
            end = self.toks[self.i - 1].end
            raise self.fail(f"{self.src.snippet(tok.pos, end)} {problem}", tok.pos)
        if power is not None:
            value = value**power
        return value


def _group_end(toks: list[_Tok], i: int) -> int:
    """The index of the ``}`` closing the brace group that opens at ``toks[i]``, or -1."""
    if i >= len(toks) or toks[i].kind != "open" or toks[i].text != "{" or toks[i].sized:
        return -1
    depth = 0
    for k in range(i, len(toks)):
        if toks[k].kind == "open":
            depth += 1
        elif toks[k].kind == "close":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _spelled(toks: list[_Tok]) -> str:
    r"""Tokens as one word, no braces, ``\mathrm`` or ``\operatorname``: ``\mathrm{d}u`` is du."""
    out = []
    for tok in toks:
        if tok.kind == "macro" and tok.text in ("mathrm", "rm", "operatorname", "text"):
            continue
        if tok.kind in ("open", "close") and tok.text in ("{", "}"):
            continue
        out.append("\\" + tok.text if tok.kind == "macro" else tok.text)
    return "".join(out)


def real_root(radicand: sp.Expr, index: sp.Expr) -> sp.Expr:
    r"""``\sqrt[n]{a}`` as physicists mean it: the real root of a real radicand for odd n.

    For an even or symbolic index, the principal root.  For an odd index and
    a radicand that is not known to be positive: ``sign(a) |a|^(1/n)``, the
    real root wherever a is real (Cardano's formula with a negative radicand).

    Examples
    --------
    >>> real_root(sp.Integer(-8), sp.Integer(3))
    -2
    >>> from mesosym.symbols import u
    >>> real_root(u - 1, sp.Integer(3))
    Abs(u - 1)**(1/3)*sign(u - 1)
    """
    if not (index.is_Integer and index.is_odd and index > 1) or radicand.is_nonnegative:
        return sp.root(radicand, index)
    if radicand.is_extended_real and radicand.is_negative:
        return -sp.root(-radicand, index)
    return sp.sign(radicand) * sp.Abs(radicand) ** (1 / index)


def _names(allowed: Mapping[str, sp.Basic] | None) -> dict[str, sp.Basic]:
    if allowed is not None and not isinstance(allowed, Mapping):
        raise ParseError(f"allowed must map names to SymPy objects; got {type(allowed).__name__}")
    names = dict(LATEX_NAMES if allowed is None else allowed)
    for key, value in names.items():
        if not isinstance(value, sp.Basic):
            raise ParseError(f"allowed[{short(key)}] must be a SymPy object; got {short(value)}")
    return names


def _check_text(text: object, limit: int = MAX_LENGTH) -> str:
    if not isinstance(text, str):
        raise ParseError(f"the formula must be a string; got {type(text).__name__}")
    if len(text) > limit:
        raise ParseError(
            f"the formula has {len(text)} characters; the budget is MAX_LENGTH = {limit}"
        )
    if not text.strip():
        raise ParseError("the formula is empty")
    return text


def _parse_tokens(src: _Text, toks: list[_Tok], names: Mapping[str, sp.Basic]) -> sp.Expr:
    parser = _Parser(src, toks, names)
    try:
        return parser.formula()
    except RecursionError:
        raise ParseError(
            f"the formula is nested deeper than MAX_DEPTH = {MAX_DEPTH} levels"
        ) from None


def parse_latex(text: str, *, allowed: Mapping[str, sp.Basic] | None = None) -> sp.Expr:
    r"""Parse a formula written in LaTeX into a SymPy expression, evaluating no text.

    Parameters
    ----------
    text : str
        One formula (no ``=``; see :func:`mesosym.checking.claims.parse_claim` for
        ``s = ...``), at most :data:`~mesosym.checking.parse.MAX_LENGTH` characters.
        The accepted grammar is in the module docstring.
    allowed : mapping of str to sympy object, optional
        What each symbol stands for: single letters, Greek letters by macro
        name without backslash (``"beta"``), ``"k_B"`` and ``"x*"`` (the
        saddle point).  By default :data:`LATEX_NAMES`.

    Returns
    -------
    sympy.Expr
        The expression, with exact numbers (``0.5`` is ``1/2``).

    Raises
    ------
    ParseError
        On anything outside the grammar, or over a budget, naming the column
        and what is accepted.

    Examples
    --------
    The Einstein solid's entropy and inverse temperature, eqs. (29), (30):

    >>> parse_latex(r"(1+u)\ln(1+u) - u\ln u")
    -u*log(u) + (u + 1)*log(u + 1)
    >>> parse_latex(r"\beta\varepsilon") == parse_latex(r"\beta \epsilon")
    True
    >>> parse_latex(r"\ln\left(\frac{1+u}{u}\right)")
    log((u + 1)/u)
    >>> parse_latex(r"\ln 2u")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.ParseError: '\ln 2u' is ambiguous at column 6: write \ln(..) around ...
    """
    text = _check_text(text)
    src = _Text(text)
    toks = _lex(src, 0, len(text), annotations=True)
    segments = _segments(toks[:-1])  # the punctuation that ends a formula goes too
    for seg in segments[1:]:
        if seg.condition and seg.toks:
            raise src.fail(
                f"a condition after {src.snippet(seg.note.pos, seg.note.end)}",  # type: ignore[union-attr]
                seg.toks[0].pos,
                "; conditions are read by mesosym.checking.claims.parse_claim",
            )
        if seg.toks:
            raise _math_after_prose(src, seg)
    formula = segments[0].toks
    end = formula[-1].end if formula else 0
    if not formula and len(segments) > 1:
        raise ParseError("the formula has only text")
    return _parse_tokens(src, [*formula, _Tok("eof", "", end, end)], _names(allowed))
