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
the nearest binary float.  Inputs longer than :data:`MAX_LENGTH` characters or
nested deeper than :data:`MAX_DEPTH`, and exact numbers that would take more
than :data:`MAX_BITS` bits to build (``9**9**9``, ``factorial(10**9)``), are
refused before any work is done on them.

Examples
--------
>>> from mesosym.parse import parse_expression
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

from . import symbols as _symbols
from .errors import ParseError

__all__ = [
    "parse_expression",
    "DEFAULT_NAMES",
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_BITS",
]

#: Longest accepted input, in characters.
MAX_LENGTH = 2000
#: Deepest accepted nesting of the expression tree.
MAX_DEPTH = 100
#: Largest exact number (in bits) that a power, factorial or binomial may build.
MAX_BITS = 10**6

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


class _Source:
    """The text handed to :func:`ast.parse`, with a map back to the user's columns."""

    def __init__(self, text: str) -> None:
        self.original = text
        # '^' is a power for the user; Python's '^' (xor) binds more loosely
        # than '+', so it is replaced before parsing, keeping column maps.
        self.text = text.replace("^", "**")
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
        raise _fail(src, node, f"the constant {value!r} is not allowed")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        text = (ast.get_source_segment(src.text, node) or repr(value)).replace("_", "")
        mantissa, _, exponent = text.lower().partition("e")
        if exponent and abs(int(exponent)) > 400:
            raise _fail(src, node, f"the number {text} is too large or too small to use exactly")
        frac = Fraction(text)
        return sp.Rational(frac.numerator, frac.denominator)
    if isinstance(value, complex):
        raise _fail(src, node, f"the complex literal {src.segment(node)} is not allowed (write I)")
    if isinstance(value, (str, bytes)):
        raise _fail(src, node, f"the string literal {src.segment(node)} is not allowed")
    raise _fail(src, node, f"the constant {src.segment(node)} is not allowed")  # pragma: no cover


def _bits(number: sp.Expr) -> float:
    """Bits of the largest rational atom of a numeric expression (1 for none)."""
    sizes = [1.0]
    for atom in number.atoms(sp.Rational):
        for part in (atom.p, atom.q):
            if part:
                sizes.append(float(abs(int(part)).bit_length()))
    return max(sizes)


def _check_power(src: _Source, node: ast.AST, base: sp.Expr, exponent: sp.Expr) -> None:
    """Refuse exact powers of numbers that SymPy would build as gigantic integers."""
    if not (base.is_number and exponent.is_Rational):
        return
    if base in (sp.S.Zero, sp.S.One, sp.S.NegativeOne):
        return
    if abs(exponent) * _bits(base) > MAX_BITS or (
        not base.is_Rational and abs(exponent) > MAX_BITS // 100
    ):
        raise _fail(
            src,
            node,
            f"the power {src.segment(node)} is too large to build exactly "
            f"(more than {MAX_BITS} bits)",
        )


def _check_call(src: _Source, node: ast.Call, name: str, args: list[sp.Expr]) -> None:
    """Refuse factorials and binomials of integers too large to build exactly."""
    if name == "factorial" and args[0].is_Integer:
        n = int(args[0])
        if n > 1 and n * math.log2(n) > MAX_BITS:
            raise _fail(src, node, f"factorial({n}) is too large to build exactly")
    if name == "binomial" and args[0].is_Integer and args[1].is_Integer:
        n, k = int(args[0]), int(args[1])
        small = min(k, n - k)
        if n > 1 and small > 0 and small * math.log2(n) > MAX_BITS:
            raise _fail(src, node, f"binomial({n}, {k}) is too large to build exactly")


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
                src, node, f"unknown name {node.id!r}{hint}", f"; allowed: {self.allowed_names()}"
            )
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.build(node.operand, depth)
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand, depth)
            op = "not" if isinstance(node.op, ast.Not) else "~"
            raise _fail(src, node, f"the operator {op!r} is not allowed")
        if isinstance(node, ast.BinOp):
            left = self.build(node.left, depth)
            right = self.build(node.right, depth)
            if isinstance(node.op, ast.Pow):
                _check_power(src, node, left, right)
                return left**right
            combine = _BINARY.get(type(node.op))
            if combine is None:
                raise _fail(
                    src,
                    node,
                    f"the operator in {src.segment(node)!r} is not allowed (use + - * / **)",
                )
            return combine(left, right)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        if isinstance(node, ast.Attribute):
            raise ParseError(
                f"attribute access '.{node.attr}' is not allowed at {src.attribute_where(node)}"
            )
        what = _DESCRIPTIONS.get(type(node), type(node).__name__)
        raise _fail(src, node, f"{what} {src.segment(node)!r} is not allowed")

    def _call(self, node: ast.Call, depth: int) -> sp.Expr:
        src = self.src
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                return self._build(node.func, depth)  # refuses the attribute access
            raise _fail(src, node, f"only named functions may be called; got {src.segment(node)!r}")
        name = node.func.id
        if name not in FUNCTIONS:
            raise _fail(
                src,
                node,
                f"unknown function {name!r}",
                f"; allowed functions: {', '.join(sorted(FUNCTIONS))}",
            )
        if node.keywords:
            raise _fail(src, node.keywords[0].value, f"keyword arguments to {name} are not allowed")
        func, arities = FUNCTIONS[name]
        if len(node.args) not in arities:
            want = " or ".join(map(str, arities))
            raise _fail(src, node, f"{name} takes {want} argument(s); got {len(node.args)}")
        args = [self.build(arg, depth) for arg in node.args]
        _check_call(src, node, name, args)
        return func(*args)


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
    names = dict(DEFAULT_NAMES if allowed is None else allowed)
    for key, value in names.items():
        if not (isinstance(key, str) and key.isidentifier()):
            raise ParseError(f"allowed names must be identifiers; got {key!r}")
        if not isinstance(value, sp.Basic):
            raise ParseError(f"allowed[{key!r}] must be a SymPy object; got {value!r}")
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
