r"""The notation of manuscripts: what a left-hand side gives, units, text pasted from a PDF.

A theorist rarely writes ``\beta\varepsilon = ..``.  The letter's quantities
come as

* temperature forms: ``\frac{1}{k_B T}``, ``\frac{\varepsilon}{k_B T}``,
  ``\frac{k_B T}{\varepsilon}``, ``k_B T``, ``T``, ``\beta`` -- each a power
  (+1 or -1) of beta*eps times constants, solved for beta*eps;
* derivatives: ``\frac{\partial s}{\partial u}``, ``\frac{\mathrm{d}s}{\mathrm{d}u}``,
  ``ds/du``, ``\partial s/\partial u`` (beta*eps), ``\frac{\partial S}{\partial E}``
  (= 1/T = k_B beta);
* totals: ``S`` = N k_B s, ``S/N``, ``S/(N k_B)``, ``S/k_B``; energies written
  with ``E`` (= N eps u) and ``M`` (= N u, the number of quanta).

:func:`read_left_side` turns such a left-hand side into the quantity it gives
and the map from the right-hand side to that quantity; :func:`in_units` then
substitutes E and M and removes eps, k_B and N where they cancel (checked at
30 digits at three points; a note says so) -- a right-hand side whose units do
not match its left-hand side is refused, naming the symbol that is left over.

:func:`pasted_to_latex` reads text pasted from a PDF (``−u ln u − (1−u) ln(1−u)``,
``β·ε = ln((1−u)/u)``) as the LaTeX it was typeset from: function words get
their backslash, ``sqrt(..)`` and ``^(..)`` their braces.  Nothing is evaluated:
the result is read by :mod:`mesosym.checking.parse_latex`'s grammar.

Examples
--------
>>> import sympy as sp
>>> from mesosym.checking.notation import read_left_side, LEFT_NAMES
>>> L = 1 / (LEFT_NAMES["k_B"] * LEFT_NAMES["T"])            # 1/(k_B T)
>>> reading = read_left_side(L)
>>> reading.quantity
'beta_eps'
>>> eps = LEFT_NAMES["varepsilon"]
>>> reading.solve(sp.log(2) / eps)                           # = ln 2 / eps
log(2)
>>> pasted_to_latex("−u ln u − (1−u) ln(1−u)")[0]
'−u \\ln u − (1−u) \\ln(1−u)'
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass

import mpmath
import sympy as sp

from .. import symbols as _symbols
from ..errors import ParseError
from ..quantities import BY_CLAIM

__all__ = [
    "LEFT_NAMES",
    "RIGHT_NAMES",
    "DERIVATIVES",
    "Reading",
    "read_left_side",
    "in_units",
    "pasted_to_latex",
]

_T = sp.Symbol("T", positive=True)
_S = sp.Symbol("S", real=True)
_E = sp.Symbol("E", positive=True)

#: The symbols a left-hand side may use (LaTeX keys: letters and macro names).
LEFT_NAMES: Mapping[str, sp.Basic] = {
    "T": _T,
    "S": _S,
    "s": _symbols.s,
    "N": _symbols.N,
    "E": _E,
    "k_B": _symbols.k_B,
    "k": sp.Symbol("k"),  # the LaTeX reader reaches k_B through k
    "beta": _symbols.beta,
    "varepsilon": _symbols.eps,
    "epsilon": _symbols.eps,
    "eps": _symbols.eps,
}

#: Symbols a right-hand side may use besides the quantity's own variables:
#: the energy E = N eps u, the number of quanta M = N u, eps, k_B and N.
RIGHT_NAMES: Mapping[str, sp.Basic] = {
    "E": _E,
    "M": _symbols.M,
    "varepsilon": _symbols.eps,
    "epsilon": _symbols.eps,
    "eps": _symbols.eps,
    "k_B": _symbols.k_B,
    "k": sp.Symbol("k"),
    "N": _symbols.N,
}

#: Derivative left-hand sides (spelled without braces, ``\mathrm`` or spaces) and the
#: expression in beta, eps, k_B each equals: ds/du = beta eps, dS/dE = 1/T = k_B beta.
DERIVATIVES: Mapping[str, sp.Expr] = {
    **{
        form.format(d=d, s="s", u="u"): _symbols.beta * _symbols.eps
        for d in ("d", "\\partial", "\u2202")
        for form in ("\\frac{d}{s}{d}{u}", "\\dfrac{d}{s}{d}{u}", "{d}{s}/{d}{u}")
    },
    **{
        form.format(d=d, s="S", u="E"): _symbols.k_B * _symbols.beta
        for d in ("d", "\\partial", "\u2202")
        for form in ("\\frac{d}{s}{d}{u}", "\\dfrac{d}{s}{d}{u}", "{d}{s}/{d}{u}")
    },
    "s'(u)": _symbols.beta * _symbols.eps,
    "s'": _symbols.beta * _symbols.eps,
}

_Q = sp.Dummy("Q", positive=True)


@dataclass(frozen=True)
class Reading:
    """What a left-hand side gives: the quantity, and the right-hand side turned into it."""

    quantity: str  # a claim key of mesosym.quantities: "beta_eps" or "s"
    power: int
    factor: sp.Expr
    written: str = ""

    def solve(self, rhs: sp.Expr) -> sp.Expr:
        """The quantity, from ``left = rhs``: ``(rhs / factor) ** (1 / power)``."""
        return (rhs / self.factor) ** sp.Integer(self.power)

    def note(self) -> str:
        """How the left-hand side was read, for the report (the quantity named by the registry).

        >>> read_left_side(1 / (LEFT_NAMES["k_B"] * LEFT_NAMES["T"]), "1/(k_B T)").note()
        'read the left-hand side 1/(k_B T) as a form of beta*eps'
        """
        found = BY_CLAIM[self.quantity]
        name = found.note_name or found.symbol
        return f"read the left-hand side {self.written} as a form of {name}".replace("  ", " ")


def read_left_side(left: sp.Expr, written: str = "") -> Reading | None:
    """The quantity a left-hand side expression gives, or None.

    ``left`` is built from :data:`LEFT_NAMES`; it must be ``c * Q**p`` with
    ``p = +1`` or ``-1`` once beta = Q/eps and T = eps/(k_B Q) (Q = beta*eps), or
    S = N k_B Q and s = Q (k_B Q when k_B divides it; Q = s in units of k_B).

    Examples
    --------
    >>> T, k_B, eps = (LEFT_NAMES[k] for k in ("T", "k_B", "eps"))
    >>> r = read_left_side(k_B * T / eps)
    >>> r.quantity, r.power
    ('beta_eps', -1)
    >>> read_left_side(LEFT_NAMES["S"] / LEFT_NAMES["N"]).factor
    k_B
    """
    free = left.free_symbols
    thermal = {_symbols.beta, _T}
    entropic = {_S, _symbols.s}
    if free & thermal and not free & entropic:
        quantity = "beta_eps"
        placed = left.xreplace(
            {_symbols.beta: _Q / _symbols.eps, _T: _symbols.eps / (_symbols.k_B * _Q)}
        )
    elif free & entropic and not free & thermal:
        quantity = "s"
        s_is = _symbols.k_B * _Q if _symbols.k_B in free else _Q
        placed = left.xreplace({_S: _symbols.N * _symbols.k_B * _Q, _symbols.s: s_is})
    else:
        return None
    placed = sp.powsimp(placed)
    factor, rest = placed.as_independent(_Q, as_Add=False)
    if rest not in (_Q, 1 / _Q):
        return None
    units = factor.as_powers_dict()
    if set(units) - {_symbols.eps, _symbols.k_B, _symbols.N, sp.S.One}:
        return None  # a number (s/2) or another symbol: no form of the quantity
    if any(abs(e) != 1 for key, e in units.items() if key != 1):
        return None  # s k_B, (S/N) k_B: a square of a unit
    if quantity == "s" and any(e < 0 for e in units.values()):
        return None
    return Reading(quantity, 1 if rest == _Q else -1, factor, written)


def _independent(expr: sp.Expr, symbol: sp.Symbol) -> bool:
    """True when ``expr`` takes the same value at two values of ``symbol`` (30 digits, 3 points)."""
    from .derivation import Evaluator  # the evaluator of the checks

    others = sorted(expr.free_symbols - {symbol}, key=str)
    rng = random.Random(11)
    order = [symbol, *others]
    try:
        f = Evaluator(expr, order, 30)
        with mpmath.workdps(40):
            for _ in range(3):
                point = {s: sp.Rational(rng.randint(50, 950), 1000) for s in others}
                if _symbols.q in point:
                    point[_symbols.q] = sp.Integer(7)
                a = f({**point, symbol: sp.Rational(2, 3)})
                b = f({**point, symbol: sp.Rational(17, 5)})
                if not abs(a - b) <= mpmath.mpf(10) ** -24 * (1 + abs(a) + abs(b)):
                    return False
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
        return False
    return True


def in_units(expr: sp.Expr, keep: set[sp.Basic]) -> tuple[sp.Expr, tuple[str, ...]]:
    """Write E = N eps u and M = N u; drop eps, k_B, N where they cancel.

    ``keep`` holds the symbols the caller reads itself (k_B and N in an entropy
    claim, where an extra factor is named as a slip); any other of eps, k_B, N
    that does not cancel is refused: the two sides differ in units.

    Examples
    --------
    >>> E, N, eps, u = LEFT_NAMES["E"], _symbols.N, _symbols.eps, _symbols.u
    >>> in_units(sp.log((N*eps - E) / E), set())[0]     # ln((N eps - E)/E)
    log((1 - u)/u)
    """
    notes = []
    energies = {_E: _symbols.N * _symbols.eps * _symbols.u, _symbols.M: _symbols.N * _symbols.u}
    energies = {k: v for k, v in energies.items() if k not in keep and expr.has(k)}
    if energies:  # a caller that reads M itself keeps it
        expr = expr.xreplace(energies)
        notes.append("wrote the energy as E = N eps u (M = N u quanta)")
    for symbol, name in ((_symbols.eps, "eps"), (_symbols.k_B, "k_B"), (_symbols.N, "N")):
        if not expr.has(symbol):
            continue
        if _independent(expr, symbol):
            expr = expr.xreplace({symbol: sp.Integer(1)})
            notes.append(f"{name} cancels (checked at 30 digits at 3 points)")
        elif symbol not in keep:
            raise ParseError(
                f"the right-hand side depends on {name}: its units differ from those of the "
                "left-hand side (u = E/(N eps) and beta*eps are pure numbers, s is in units of k_B)"
            )
    return expr, tuple(notes)


_WORDS = {
    **{name: "\\" + name for name in (
        "ln", "log", "exp", "sinh", "cosh", "tanh", "coth", "sin", "cos", "sqrt", "beta",
        "pi", "mu", "partial", "sum")},
    **{name: f"\\operatorname{{{name}}}" for name in (
        "artanh", "arctanh", "atanh", "arcoth", "acoth", "arsinh", "arcsinh", "asinh")},
    "eps": "\\varepsilon",
    "epsilon": "\\varepsilon",
}  # fmt: skip
_BRACED = re.compile(r"(\\sqrt|\^)\s*\(")


def pasted_to_latex(text: str) -> tuple[str, list[int]]:
    r"""Text pasted from a PDF as LaTeX, and for each of its characters the column it came from.

    Function words (``ln``, ``tanh`` ...) standing alone get a backslash,
    ``√`` is ``\\sqrt``, ``**`` is ``^``, and the parentheses after ``\\sqrt``
    or ``^`` become a brace group (``e^(-u)`` is ``e^{(-u)}``).  Anything else
    is left for the LaTeX grammar to read or refuse.

    Examples
    --------
    >>> pasted_to_latex("sqrt(1 + 6u) + e^(−u)")[0]
    '\\sqrt{(1 + 6u)} + e^{(−u)}'
    """
    out: list[str] = []
    origin: list[int] = []

    def put(piece: str, at: int) -> None:
        out.append(piece)
        origin.extend([at] * len(piece))

    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isascii() and ch.isalpha():
            j = i
            while j < len(text) and text[j].isascii() and text[j].isalpha():
                j += 1
            word = text[i:j]
            before = text[i - 1] if i else " "
            put(_WORDS.get(word, word) if before not in "\\_" else word, i)
            i = j
        elif text.startswith("**", i):
            put("^", i)
            i += 2
        elif ch == "\u221a":
            put("\\sqrt", i)
            i += 1
        else:
            put(ch, i)
            i += 1
    latex = "".join(out)
    while True:  # \sqrt( .. ) and ^( .. ): the parentheses become a brace group
        match = _BRACED.search(latex)
        if match is None:
            break
        start = match.end() - 1
        depth, close = 0, -1
        for k in range(start, len(latex)):
            depth += {"(": 1, ")": -1}.get(latex[k], 0)
            if depth == 0:
                close = k
                break
        if close < 0:
            break
        latex = latex[:start] + "{" + latex[start : close + 1] + "}" + latex[close + 1 :]
        origin = (
            origin[:start]
            + [origin[start]]
            + origin[start : close + 1]
            + [origin[close]]
            + origin[close + 1 :]
        )
    origin.append(len(text))
    return latex, origin
