r"""Safe parsing of expressions typed by a user: a whitelist walk, never ``eval``.

:func:`parse_expression` reads text such as ``-u*ln(u) - (1 - u)*ln(1 - u)``
with :func:`ast.parse` and builds the SymPy expression node by node from a
whitelist: numbers, the symbols of :mod:`mesosym.symbols` (so that their
assumptions hold), the constants ``pi, E, I, oo`` and a fixed set of
functions, combined with ``+ - * / **`` (``^`` is read as a power, as users
type it).  Anything else -- attributes, subscripts, calls of other names,
lambdas, strings, comprehensions, keyword arguments -- is refused with a
:class:`~mesosym.errors.ParseError` naming the piece and its column.  Neither
``eval``, ``exec`` nor ``sympify`` (which evaluates strings) ever sees the
text.

Numbers are exact: ``0.1`` is the rational ``1/10`` of its decimal text, not
the nearest binary float.  The signs a PDF pastes (U+2212 minus, U+00D7 and
U+22C5 multiplication, U+00B7 middle dot) are read as ``-`` and ``*``.

Text input has budgets, each checked before the work it protects, so that a
hostile or merely ambitious formula is refused at once, never left to hang a
check later (each refusal is a :class:`~mesosym.errors.ParseError` naming the
budget and its value):

- :data:`MAX_LENGTH` characters and :data:`MAX_DEPTH` levels of nesting;
- :data:`MAX_DIGITS` digits in a number literal and decimal exponents of
  at most :data:`MAX_DIGITS` (``1e1000000000`` is refused);
- :data:`MAX_BITS` bits in any exact number built on the way (``9**9**9``,
  ``factorial(10**9)``), which keeps every integer below Python's
  4300-digit string limit;
- :data:`MAX_EXPONENT` for every number inside an exponent
  (``u**(10**100)``, ``x**(10**9)``: expanding or evaluating them exactly
  would not finish);
- :data:`MAX_FACTORIAL` for every number inside the argument of a factorial
  or binomial (``factorial(10**12*u)`` at a rational ``u``);
- :data:`MAX_TOWER` exponentials nested in one another
  (``exp(exp(exp(exp(10*u))))`` cannot be evaluated at u = 1/2).

Examples
--------
>>> from mesosym.checking.parse import parse_expression
>>> parse_expression("-u*ln(u) - (1 - u)*ln(1 - u)")
-u*log(u) - (1 - u)*log(1 - u)
>>> parse_expression("x^2 + 0.5")
x**2 + 1/2
>>> parse_expression("x.__class__")
Traceback (most recent call last):
...
mesosym.errors.ParseError: attribute access '.__class__' is not allowed at column 2
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from fractions import Fraction

import sympy as sp

from .. import symbols as _symbols
from ..budget import short
from ..errors import ParseError

__all__ = [
    "parse_expression",
    "DEFAULT_NAMES",
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_BITS",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_FACTORIAL",
    "MAX_TOWER",
]

#: Longest accepted input, in characters.
MAX_LENGTH = 2000
#: Deepest accepted nesting of the expression tree.
MAX_DEPTH = 100
#: Largest exact number (in bits) that any step may build: 4300 decimal digits,
#: Python's limit for converting an integer to text, take 14284 bits.
MAX_BITS = 14_000
#: Most digits in one number literal, and largest decimal exponent (``1e400``).
MAX_DIGITS = 400
#: Largest numerator or denominator of a number inside an exponent.
MAX_EXPONENT = 10_000
#: Largest number inside the argument of a factorial or binomial.
MAX_FACTORIAL = 1000
#: Most exponentials (``exp``, or a power with a variable exponent) nested in one another.
MAX_TOWER = 3
#: Largest number inside two or more nested exponentials: ``exp(exp(exp(1000 u)))``
#: at u = 1 has an exponent of e^(e^1000) bits, which no arithmetic can hold.
MAX_TOWER_NUMBER = 10

#: The names a user may write when ``allowed`` is not given: every mesosym symbol.
DEFAULT_NAMES: Mapping[str, sp.Basic] = {
    "x": _symbols.x,
    "t": _symbols.t,
    "u": _symbols.u,
    "N": _symbols.N,
    "M": _symbols.M,
    "q": _symbols.q,
    "k": _symbols.k,
    "j": _symbols.j,
    "n": _symbols.n,
    "J": _symbols.J,
    "beta": _symbols.beta,
    "eps": _symbols.eps,
    "epsilon": _symbols.eps,
    "k_B": _symbols.k_B,
    "s": _symbols.s,
}

#: Constants, always available (a name in ``allowed`` takes precedence).
CONSTANTS: Mapping[str, sp.Basic] = {"pi": sp.pi, "E": sp.E, "I": sp.I, "oo": sp.oo}

#: Functions and the numbers of arguments each accepts.
FUNCTIONS: Mapping[str, tuple[Callable[..., sp.Expr], tuple[int, ...]]] = {
    "log": (sp.log, (1, 2)),
    "ln": (sp.log, (1,)),
    "exp": (sp.exp, (1,)),
    "sqrt": (sp.sqrt, (1,)),
    "sinh": (sp.sinh, (1,)),
    "cosh": (sp.cosh, (1,)),
    "tanh": (sp.tanh, (1,)),
    "coth": (sp.coth, (1,)),
    "sin": (sp.sin, (1,)),
    "cos": (sp.cos, (1,)),
    "atanh": (sp.atanh, (1,)),
    "acoth": (sp.acoth, (1,)),
    "Abs": (sp.Abs, (1,)),
    "binomial": (sp.binomial, (2,)),
    "factorial": (sp.factorial, (1,)),
}

_BINARY: Mapping[type, Callable[[sp.Expr, sp.Expr], sp.Expr]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}

# Operators folded as one chain: sums and differences, products and quotients.
_CHAINS: Mapping[type, str] = {
    ast.Add: "sum",
    ast.Sub: "sum",
    ast.Mult: "product",
    ast.Div: "product",
}

# What each refused node is called in an error message.
_DESCRIPTIONS: Mapping[type, str] = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscript",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.List: "list",
    ast.Tuple: "tuple",
    ast.Set: "set",
    ast.Dict: "dict",
    ast.Compare: "comparison",
    ast.BoolOp: "boolean operator",
    ast.IfExp: "conditional expression",
    ast.NamedExpr: "assignment expression",
    ast.JoinedStr: "f-string",
    ast.Starred: "starred expression",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slice",
}


#: Signs pasted from a PDF, read as the ASCII operator (one character each).
_PASTED_SIGNS = str.maketrans({"\u2212": "-", "\u00d7": "*", "\u22c5": "*", "\u00b7": "*"})


class _Source:
    """The text handed to :func:`ast.parse`, with a map back to the user's columns."""

    def __init__(self, text: str) -> None:
        self.original = text
        # '^' is a power for the user; Python's '^' (xor) binds more loosely
        # than '+', so it is replaced before parsing, keeping column maps.
        self.text = text.replace("^", "**").translate(_PASTED_SIGNS)
        origin = []
        for i, ch in enumerate(text):
            origin.extend([i, i] if ch == "^" else [i])
        origin.append(len(text))
        self._origin = origin
        self._line_starts = [0]
        for i, ch in enumerate(self.text):
            if ch == "\n":
                self._line_starts.append(i + 1)

    def where(self, lineno: int, char_col: int) -> str:
        """Describe position (1-based line, 0-based column in ``self.text``) in the user's text."""
        line_start = self._line_starts[min(max(lineno, 1), len(self._line_starts)) - 1]
        index = min(line_start + char_col, len(self._origin) - 1)
        original = self._origin[index]
        line = self.original.count("\n", 0, original)
        col = original - (self.original.rfind("\n", 0, original) + 1) + 1
        return f"column {col}" if line == 0 else f"line {line + 1}, column {col}"

    def node_where(self, node: ast.AST) -> str:
        """Describe the start of ``node``; ast gives UTF-8 byte columns, so convert."""
        lineno = getattr(node, "lineno", 1)
        byte_col = getattr(node, "col_offset", 0)
        line_start = self._line_starts[min(max(lineno, 1), len(self._line_starts)) - 1]
        line = self.text[line_start:].split("\n", 1)[0]
        char_col = len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))
        return self.where(lineno, char_col)

    def attribute_where(self, node: ast.Attribute) -> str:
        """Describe the position of the '.' of an attribute access."""
        lineno = getattr(node, "end_lineno", None) or 1
        end = getattr(node, "end_col_offset", None) or 0
        line_start = self._line_starts[min(max(lineno, 1), len(self._line_starts)) - 1]
        line = self.text[line_start:].split("\n", 1)[0]
        col = len(line.encode("utf-8")[:end].decode("utf-8", errors="ignore")) - len(node.attr)
        while col > 0 and line[col - 1] != ".":
            col -= 1
        return self.where(lineno, max(col - 1, 0))

    def segment(self, node: ast.AST, limit: int = 40) -> str:
        """The source text of ``node`` (after '^' replacement), shortened to ``limit``."""
        seg = ast.get_source_segment(self.text, node) or type(node).__name__
        return seg if len(seg) <= limit else seg[: limit - 3] + "..."


def _fail(src: _Source, node: ast.AST, what: str, tail: str = "") -> ParseError:
    return ParseError(f"{what} at {src.node_where(node)}{tail}")


def _number(src: _Source, node: ast.Constant) -> sp.Expr:
    value = node.value
    if isinstance(value, bool) or value is None or value is Ellipsis:
        raise _fail(src, node, f"the constant {short(value)} is not allowed")
    if isinstance(value, (int, float)):
        text = (ast.get_source_segment(src.text, node) or repr(value)).replace("_", "")
        problem = number_problem(text)
        if problem:
            raise _fail(src, node, problem)
        if isinstance(value, int):
            return sp.Integer(value)
        frac = Fraction(text)
        return sp.Rational(frac.numerator, frac.denominator)
    if isinstance(value, complex):
        raise _fail(src, node, f"the complex literal {src.segment(node)} is not allowed (write I)")
    if isinstance(value, (str, bytes)):
        raise _fail(src, node, f"the string literal {src.segment(node)} is not allowed")
    raise _fail(src, node, f"the constant {src.segment(node)} is not allowed")  # pragma: no cover


# The budget checks below are shared with mesosym.checking.parse_latex.  Each returns
# None when the piece is within budget, else the reason, without a position
# (the caller adds the column).


def number_problem(text: str) -> str | None:
    """Why the decimal literal ``text`` is over budget, or None.

    Examples
    --------
    >>> number_problem("2.5e3") is None
    True
    >>> number_problem("1e1000000000")  # doctest: +ELLIPSIS
    'the number 1e1000000000 is too large ... (decimal exponent above MAX_DIGITS = 400)'
    """
    mantissa, _, exponent = text.lower().partition("e")
    digits = sum(ch.isdigit() for ch in mantissa)
    if digits > MAX_DIGITS:
        return f"the number has {digits} digits; the budget is MAX_DIGITS = {MAX_DIGITS}"
    if exponent and (len(exponent) > 12 or abs(int(exponent)) > MAX_DIGITS):
        return (
            f"the number {text if len(text) <= 40 else text[:37] + '...'} is too large or too "
            f"small to use exactly (decimal exponent above MAX_DIGITS = {MAX_DIGITS})"
        )
    return None


def _bits(number: sp.Basic) -> float:
    """Bits of the largest rational atom of an expression (1 for none)."""
    sizes = [1.0]
    for atom in number.atoms(sp.Rational):
        for part in (atom.p, atom.q):
            if part:
                sizes.append(math.log2(abs(int(part))))
    return max(sizes)


def _largest_number(expr: sp.Basic) -> int:
    """The largest numerator or denominator of a rational atom of ``expr`` (0 for none)."""
    return max((max(abs(int(a.p)), abs(int(a.q))) for a in expr.atoms(sp.Rational)), default=0)


def size_problem(expr: sp.Basic) -> str | None:
    """Why ``expr`` holds an exact number over :data:`MAX_BITS` bits, or None."""
    if _bits(expr) > MAX_BITS:
        return f"builds a number of more than MAX_BITS = {MAX_BITS} bits"
    return None


def power_problem(base: sp.Expr, exponent: sp.Expr) -> str | None:
    """Why ``base**exponent`` is over budget, or None.

    Every number inside the exponent is at most :data:`MAX_EXPONENT` (but for
    the bases 0, 1, -1 and e, whose powers stay small or unevaluated), and an
    exact power of a number stays within :data:`MAX_BITS` bits.

    Examples
    --------
    >>> from mesosym.symbols import u, x
    >>> power_problem(x, sp.Integer(7)) is None
    True
    >>> power_problem(u, sp.Integer(10) ** 100)
    'has a number above MAX_EXPONENT = 10000 in its exponent'
    """
    if base in (sp.S.Zero, sp.S.One, sp.S.NegativeOne, sp.E):
        return None
    if _largest_number(exponent) > MAX_EXPONENT:
        return f"has a number above MAX_EXPONENT = {MAX_EXPONENT} in its exponent"
    if base.is_number and exponent.is_Rational:
        if abs(exponent) * _bits(base) > MAX_BITS or (
            not base.is_Rational and abs(exponent) > MAX_BITS // 100
        ):
            return f"is too large to build exactly (more than MAX_BITS = {MAX_BITS} bits)"
    return None


def _tower(expr: sp.Basic) -> int:
    """How many exponentials are nested in ``expr``."""
    if isinstance(expr, sp.exp):
        return 1 + _tower(expr.args[0])
    if isinstance(expr, sp.Pow) and not expr.exp.is_number:
        return max(_tower(expr.base), 1 + _tower(expr.exp))
    return max((_tower(arg) for arg in expr.args), default=0)


def tower_problem(expr: sp.Basic) -> str | None:
    """Why ``expr`` nests more than :data:`MAX_TOWER` exponentials, or None.

    Inside two or more nested exponentials every number is at most
    :data:`MAX_TOWER_NUMBER` (``exp(exp(10 u))`` passes, ``exp(exp(exp(1000 u)))``
    would overflow any arithmetic at u = 1).

    Examples
    --------
    >>> from mesosym.symbols import u
    >>> tower_problem(sp.exp(sp.exp(sp.exp(u)))) is None
    True
    >>> tower_problem(sp.exp(sp.exp(sp.exp(sp.exp(10 * u)))))
    'nests more than MAX_TOWER = 3 exponentials'
    >>> tower_problem(sp.exp(sp.exp(sp.exp(1000 * u))))
    'holds 1000 inside nested exponentials, above MAX_TOWER_NUMBER = 10'
    """
    if _tower(expr) > MAX_TOWER:
        return f"nests more than MAX_TOWER = {MAX_TOWER} exponentials"
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.exp, sp.Pow)) and _tower(node) >= 2:
            largest = _largest_number(node)
            if largest > MAX_TOWER_NUMBER:
                return (
                    f"holds {largest} inside nested exponentials, "
                    f"above MAX_TOWER_NUMBER = {MAX_TOWER_NUMBER}"
                )
    return None


def factorial_problem(name: str, args: list[sp.Expr]) -> str | None:
    """Why ``name(*args)`` (``factorial`` or ``binomial``) is over budget, or None.

    Examples
    --------
    >>> from mesosym.symbols import N, u
    >>> factorial_problem("factorial", [N]) is None
    True
    >>> factorial_problem("factorial", [10**12 * u])
    'the argument of factorial holds a number above MAX_FACTORIAL = 1000'
    """
    if name not in ("factorial", "binomial"):
        return None
    if name == "factorial" and args[0].is_Integer:
        n = int(args[0])
        if n > 1 and (n.bit_length() > 64 or n * math.log2(n) > MAX_BITS):
            return f"factorial({short(n)}) is too large to build exactly (MAX_BITS = {MAX_BITS})"
    if name == "binomial" and args[0].is_Integer and args[1].is_Integer:
        n, k = int(args[0]), int(args[1])
        small = min(k, n - k)
        if n > 1 and small > 0 and small * n.bit_length() > 2 * MAX_BITS:
            return (
                f"binomial({short(n)}, {short(k)}) is too large to build exactly "
                f"(MAX_BITS = {MAX_BITS})"
            )
    if any(_largest_number(arg) > MAX_FACTORIAL for arg in args):
        return f"the argument of {name} holds a number above MAX_FACTORIAL = {MAX_FACTORIAL}"
    return None


class _Builder:
    """Walk a parsed tree, building SymPy objects for whitelisted nodes only."""

    def __init__(self, src: _Source, names: Mapping[str, sp.Basic]) -> None:
        self.src = src
        self.names = names

    def allowed_names(self) -> str:
        return ", ".join(sorted(set(self.names) | set(CONSTANTS)))

    def build(self, node: ast.AST, depth: int = 0) -> sp.Expr:
        if depth > MAX_DEPTH:
            raise _fail(self.src, node, f"the expression is nested deeper than {MAX_DEPTH} levels")
        result = self._build(node, depth + 1)
        if result.has(sp.zoo, sp.nan):
            raise _fail(self.src, node, f"{self.src.segment(node)} is undefined")
        if isinstance(node, ast.BinOp):
            problem = size_problem(result)
            if problem:
                raise _fail(self.src, node, f"{self.src.segment(node)} {problem}")
        return result

    def _build(self, node: ast.AST, depth: int) -> sp.Expr:
        src = self.src
        if isinstance(node, ast.Constant):
            return _number(src, node)
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            hint = " (a function: call it)" if node.id in FUNCTIONS else ""
            raise _fail(
                src,
                node,
                f"unknown name {short(node.id)}{hint}",
                f"; allowed: {self.allowed_names()}",
            )
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.build(node.operand, depth)
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand, depth)
            op = "not" if isinstance(node.op, ast.Not) else "~"
            raise _fail(src, node, f"the operator {op!r} is not allowed")
        if isinstance(node, ast.BinOp) and _CHAINS.get(type(node.op)):
            return self._chain(node, depth)
        if isinstance(node, ast.BinOp):
            left = self.build(node.left, depth)
            right = self.build(node.right, depth)
            if isinstance(node.op, ast.Pow):
                problem = power_problem(left, right)
                if problem:
                    raise _fail(src, node, f"the power {src.segment(node)} {problem}")
                result = left**right
                problem = tower_problem(result)
                if problem:
                    raise _fail(src, node, f"{src.segment(node)} {problem}")
                return result
            combine = _BINARY.get(type(node.op))
            if combine is None:
                raise _fail(
                    src,
                    node,
                    f"the operator in {short(src.segment(node))} is not allowed (use + - * / **)",
                )
            return combine(left, right)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        if isinstance(node, ast.Attribute):
            raise ParseError(
                f"attribute access '.{node.attr}' is not allowed at {src.attribute_where(node)}"
            )
        what = _DESCRIPTIONS.get(type(node), type(node).__name__)
        raise _fail(src, node, f"{what} {short(src.segment(node))} is not allowed")

    def _chain(self, node: ast.BinOp, depth: int) -> sp.Expr:
        """Fold ``a + b - c + ...`` (or ``a * b / c ...``) as one level of nesting.

        Python nests such a chain to the left, one level per operator; a sum
        of a hundred terms is long, not deep, so its left spine is walked
        in a loop.
        """
        kind = _CHAINS[type(node.op)]
        spine: list[ast.BinOp] = []
        current: ast.AST = node
        while isinstance(current, ast.BinOp) and _CHAINS.get(type(current.op)) == kind:
            spine.append(current)
            current = current.left
        result = self.build(current, depth)
        for link in reversed(spine):
            result = _BINARY[type(link.op)](result, self.build(link.right, depth))
            if result.has(sp.zoo, sp.nan):
                raise _fail(self.src, link, f"{self.src.segment(link)} is undefined")
            problem = size_problem(result)
            if problem:
                raise _fail(self.src, link, f"{self.src.segment(link)} {problem}")
        return result

    def _call(self, node: ast.Call, depth: int) -> sp.Expr:
        src = self.src
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                return self._build(node.func, depth)  # refuses the attribute access
            raise _fail(
                src, node, f"only named functions may be called; got {short(src.segment(node))}"
            )
        name = node.func.id
        if name not in FUNCTIONS:
            raise _fail(
                src,
                node,
                f"unknown function {short(name)}",
                f"; allowed functions: {', '.join(sorted(FUNCTIONS))}",
            )
        if node.keywords:
            raise _fail(src, node.keywords[0].value, f"keyword arguments to {name} are not allowed")
        func, arities = FUNCTIONS[name]
        if len(node.args) not in arities:
            want = " or ".join(map(str, arities))
            raise _fail(src, node, f"{name} takes {want} argument(s); got {len(node.args)}")
        args = [self.build(arg, depth) for arg in node.args]
        problem = factorial_problem(name, args)
        if problem:
            raise _fail(src, node, problem)
        result = func(*args)
        problem = tower_problem(result) if name == "exp" else None
        if problem:
            raise _fail(src, node, f"{src.segment(node)} {problem}")
        return result


def parse_expression(text: str, *, allowed: Mapping[str, sp.Basic] | None = None) -> sp.Expr:
    """Parse user text into a SymPy expression without evaluating any code.

    Parameters
    ----------
    text : str
        A formula in Python/SymPy syntax; ``^`` is accepted for ``**`` and
        ``ln`` for ``log``.  At most :data:`MAX_LENGTH` characters.
    allowed : mapping of str to sympy object, optional
        The names the formula may use and what each stands for (a Symbol or
        any SymPy expression).  By default every symbol of
        :mod:`mesosym.symbols` (:data:`DEFAULT_NAMES`).  The constants
        :data:`CONSTANTS` and the functions :data:`FUNCTIONS` are always
        available.

    Returns
    -------
    sympy.Expr
        The expression, with numbers exact (``0.1`` is ``1/10``).

    Raises
    ------
    ParseError
        On a syntax error, an unknown name or function, any construct outside
        the whitelist, an undefined value such as ``1/0``, or an input that is
        too long, too deep or builds too large a number.  The message names
        the offending piece and its column (1-based).

    Examples
    --------
    The two-level entropy, eq. (22), and a name outside ``allowed``:

    >>> parse_expression("-u*ln(u) - (1 - u)*ln(1 - u)")
    -u*log(u) - (1 - u)*log(1 - u)
    >>> parse_expression("1/3 + 0.25")
    7/12
    >>> from mesosym.symbols import u
    >>> parse_expression("u + v", allowed={"u": u})
    Traceback (most recent call last):
    ...
    mesosym.errors.ParseError: unknown name 'v' at column 5; allowed: E, I, oo, pi, u
    """
    if not isinstance(text, str):
        raise ParseError(f"the expression must be a string; got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the expression has {len(text)} characters; at most {MAX_LENGTH} allowed")
    if not text.strip():
        raise ParseError("the expression is empty")
    if allowed is not None and not isinstance(allowed, Mapping):
        raise ParseError(f"allowed must map names to SymPy objects; got {type(allowed).__name__}")
    names = dict(DEFAULT_NAMES if allowed is None else allowed)
    for key, value in names.items():
        if not (isinstance(key, str) and key.isidentifier()):
            raise ParseError(f"allowed names must be identifiers; got {short(key)}")
        if not isinstance(value, sp.Basic):
            raise ParseError(f"allowed[{short(key)}] must be a SymPy object; got {short(value)}")
    src = _Source(text.strip())
    try:
        tree = ast.parse(src.text, mode="eval")
    except SyntaxError as exc:
        col = max((exc.offset or 1) - 1, 0)
        where = src.where(exc.lineno or 1, col)
        raise ParseError(f"{exc.msg} at {where}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ParseError("the expression is nested too deeply to parse") from None
    builder = _Builder(src, names)
    try:
        return builder.build(tree.body)
    except RecursionError:
        raise ParseError(f"the expression is nested deeper than {MAX_DEPTH} levels") from None
