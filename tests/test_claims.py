"""Claims and chains as users paste them: notation detected, quantity recorded, lines numbered."""

import pytest
import sympy as sp

from mesosym import symbols
from mesosym.checking.claims import QUANTITIES, is_latex, parse_claim, parse_steps
from mesosym.errors import ParseError
from mesosym.known import letter

u, x, q = symbols.u, symbols.x, symbols.q
log = sp.log


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        (r"-u\ln u", True),
        ("x^{2}", True),
        ("{u}", True),
        ("x^* + 1", True),
        ("x_*", True),
        ("a &= b", True),
        ("\u03b2\u03b5", True),
        ("-u*ln(u) - (1 - u)*ln(1 - u)", False),
        ("x^2 + 1", False),
        ("x* = u", False),  # the plain spelling of the saddle point
    ],
)
def test_notation_is_detected(text, latex):
    assert is_latex(text) is latex


@pytest.mark.parametrize(
    ("text", "quantity", "expected", "notation"),
    [
        (r"s = -u\ln u-(1-u)\ln(1-u)", "s", letter["22"], "latex"),
        (r"s(u) = -u\ln u-(1-u)\ln(1-u)", "s", letter["22"], "latex"),
        (r"s\left(u\right) = \ln 2", "s", log(2), "latex"),
        (r"x^* = \frac{u}{1+u}", "x_star", letter["28"], "latex"),
        (r"x_{*} = \frac{u}{1+u}", "x_star", letter["28"], "latex"),
        (r"x^{\ast}(u) = \frac{u}{1+u}", "x_star", letter["28"], "latex"),
        (r"u = \frac{x+2x^2}{1+x+x^2}", "u", letter["24"], "latex"),
        (r"\beta\varepsilon = \ln\frac{1+u}{u}", "beta_eps", letter["30"], "latex"),
        (r"\beta \epsilon = \ln\frac{1+u}{u}", "beta_eps", letter["30"], "latex"),
        (r"\beta = \ln\frac{1+u}{u}", "beta", letter["30"], "latex"),
        (r"\ln\frac{1+u}{u}.", None, letter["30"], "latex"),  # final period dropped
        ("s = -u*ln(u) - (1 - u)*ln(1 - u)", "s", letter["22"], "text"),
        ("x* = u/(1 + u)", "x_star", letter["28"], "text"),
        ("x_star = u/(1 + u)", "x_star", letter["28"], "text"),
        ("beta*eps = log((1 + u)/u)", "beta_eps", letter["30"], "text"),
        ("beta_eps = log((1 + u)/u)", "beta_eps", letter["30"], "text"),
        ("(1 + u)*log(1 + u) - u*log(u)", None, letter["29"], "text"),
        # plain text only LaTeX reads (implicit products) goes to the LaTeX reader
        ("(1+u)(1-u)", None, (1 + u) * (1 - u), "latex"),
        ("\u2212u*ln(u) \u2212 (1 \u2212 u)*ln(1 \u2212 u)", None, letter["22"], "text"),
    ],
)
def test_claims_record_quantity_expression_and_notation(text, quantity, expected, notation):
    claim = parse_claim(text)
    assert (claim.quantity, claim.expression, claim.notation) == (quantity, expected, notation)
    assert claim.quantity is None or claim.quantity in QUANTITIES


def test_the_echo_reads_back_to_the_claim():
    claim = parse_claim(r"s = -u\ln u-(1-u)\ln(1-u)")
    assert parse_claim(claim.latex()).expression == claim.expression
    assert claim._repr_latex_() == f"${claim.latex()}$"


def test_a_latex_mark_in_plain_text_falls_back_to_the_plain_reader():
    claim = parse_claim("x^* = u/(1 + u) + 0*ln(u)")
    assert (claim.quantity, claim.expression, claim.notation) == ("x_star", letter["28"], "text")
    # with a backslash it is LaTeX, and the LaTeX error is the one reported
    with pytest.raises(ParseError, match=r"'ln' without a backslash .* at column 23"):
        parse_claim(r"x^* = \frac{u}{1+u} + ln(u)")


def test_allowed_names_serve_both_readers():
    X = sp.Symbol("X", positive=True)
    assert parse_claim("s = X*u", allowed={"X": X, "u": u}).expression == X * u
    assert parse_claim(r"s = X\ln u", allowed={"X": X, "u": u}).expression == X * log(u)
    assert parse_claim(r"x^* + \epsilon", allowed={"x": X, "eps": u}).expression == X + u


def test_notation_can_be_forced():
    assert parse_claim("2u", notation="latex").expression == 2 * u
    with pytest.raises(ParseError, match="invalid decimal literal at column 1"):
        parse_claim("2u", notation="text")
    with pytest.raises(ParseError, match="notation must be"):
        parse_claim("u", notation="tex")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (r"y = \ln u", r"left-hand side 'y' is not a quantity mesosym checks at column 1"),
        ("y = log(u)", r"left-hand side 'y' at column 1 is not a quantity"),
        (r"s = u = \ln 2", r"a second '=' at column 7.*parse_steps"),
        ("s = u = 2", r"a second '=' at column 7.*parse_steps"),
        ("s = ", r"nothing after '='"),
        (r"s = ", r"nothing after '='"),
        ("s = u + foo", r"unknown name 'foo' at column 9"),
        (r"s = u + \foo", r"macro \\foo is not accepted at column 9"),
        ("u +* 2", r"invalid syntax at column 4"),  # the plain-text error, not LaTeX's
        ("", "empty"),
    ],
)
def test_unreadable_claims_name_the_column(text, message):
    with pytest.raises(ParseError, match=message):
        parse_claim(text)


ALIGN = r"""\begin{align}
  s &= -u\ln u - (1-u)\ln(1-u) \nonumber \\
    &= -\ln(1-u) - u\ln\frac{u}{1-u} \label{eq:s2}, \\
    &= -\ln(1-u) - u\ln u + u\ln(1-u).
\end{align}"""


def test_annotations_beside_the_steps_are_dropped():
    chain = parse_steps(
        r"""s &= -u\ln u - (1-u)\ln(1-u) && \text{eq.~(22), with $q = 2$} \\
              &= \ln 2 \quad \text{at } u = \tfrac12"""
    )
    assert [s.expression for s in chain.steps] == [letter["22"], log(2)]


def test_an_align_chain_gives_numbered_steps_with_lines():
    chain = parse_steps(ALIGN)
    assert chain.quantity == "s" and chain.notation == "latex"
    assert [(s.number, s.line, s.row) for s in chain.steps] == [(1, 2, 1), (2, 3, 2), (3, 4, 3)]
    assert chain.steps[0].expression == letter["22"]
    assert chain.steps[1].expression == -log(1 - u) - u * log(u / (1 - u))
    assert chain.steps[2].expression == -log(1 - u) - u * log(u) + u * log(1 - u)


@pytest.mark.parametrize(
    ("text", "quantity", "expected", "lines"),
    [
        # no environment, '=' chained on one line, a first left side that is a step
        (r"u\ln u &= \ln u^u = \ln(u^u)", None, [u * log(u), log(u**u), log(u**u)], [1, 1, 1]),
        (r"\begin{align*} x^* &= \frac{u}{1+u} \end{align*}", "x_star", [letter["28"]], [1]),
        ("s = -u*ln(u) - (1-u)*ln(1-u)\n  = -ln(1-u) - u*ln(u/(1-u))", "s",
         [letter["22"], -log(1 - u) - u * log(u / (1 - u))], [1, 2]),
        ("\n\nu\n= u^2/u\n", None, [u, u], [3, 4]),
        (r"u &= 2u - u \\ &= u \\", "u", [u, u], [1, 1]),  # one source line, two rows
    ],
)  # fmt: skip
def test_chains_in_both_notations(text, quantity, expected, lines):
    chain = parse_steps(text)
    assert chain.quantity == quantity
    assert [s.expression for s in chain.steps] == expected
    assert [s.line for s in chain.steps] == lines
    assert [s.row for s in chain.steps] == sorted(s.row for s in chain.steps)
    assert [s.number for s in chain.steps] == list(range(1, len(expected) + 1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            ALIGN.replace(r"\frac{u}{1-u}", r"\frac{u}{1-u"),
            r"expected \} to close the \{ at line 3, column 32",
        ),
        (r"u &= 2u \\ &= \foo", r"macro \\foo is not accepted at column 15"),
        ("u\n= 2*u\n= 3 +", r"invalid syntax at line 3, column 3"),
        ("u\n= 2*u\n= foo", r"unknown name 'foo' at line 3, column 3"),
        (r"\begin{align} u \end{aligned}", r"\\begin\{align\} has no matching \\end"),
        (r"\begin{tabular} u \end{tabular}", r"environment 'tabular' is not accepted"),
        (r"u \\ \begin{align} u", r"unexpected \\begin\{align\}"),
        (r"u &= = u", r"an empty side of '='"),
        (r"\begin{align}\end{align}", r"no steps"),
        ("u\n" * 30000, r"the budget is"),
    ],
)
def test_unreadable_chains_name_line_and_column(text, message):
    with pytest.raises(ParseError, match=message):
        parse_steps(text)
