"""The LaTeX reader: manuscript notation, refusals with their column, budgets, round trips."""

import pytest
import sympy as sp
from conftest import cpu_budget

from mesosym import symbols
from mesosym.checking.parse import MAX_DEPTH, MAX_LENGTH
from mesosym.checking.parse_latex import parse_latex
from mesosym.errors import ParseError
from mesosym.known import letter
from mesosym.latex import latex as mesosym_latex

u, x, q, N, M = symbols.u, symbols.x, symbols.q, symbols.N, symbols.M
beta, eps, k_B = symbols.beta, symbols.eps, symbols.k_B
log = sp.log

# (LaTeX, the expression built by hand)
ACCEPTED = [
    # SymPy's own LaTeX parser reads this as -u log(1-u) log(2u-1)
    (r"-u\ln u-(1-u)\ln(1-u)", -u * log(u) - (1 - u) * log(1 - u)),
    (r"\ln u - u", log(u) - u),
    (r"\ln(1-u)", log(1 - u)),
    (r"\log u", log(u)),
    (r"\log_{10} u", log(u, 10)),
    (r"\log_2 8", sp.Integer(3)),
    (r"\exp(-u)", sp.exp(-u)),
    (r"\exp\left(-u\right)", sp.exp(-u)),
    (r"\frac{1-u}{u}", (1 - u) / u),
    (r"\dfrac{x}{1-x} - \tfrac{q x^q}{1-x^q}", x / (1 - x) - q * x**q / (1 - x**q)),
    (r"\frac12 u", u / 2),
    (r"\frac{1}{2}\ln u", log(u) / 2),
    (r"\sqrt{1+6u-3u^2}", sp.sqrt(1 + 6 * u - 3 * u**2)),
    (r"\sqrt[3]{u}", sp.root(u, 3)),
    (r"\sqrt2", sp.sqrt(2)),
    (r"\left( 1 + u \right)\ln\left[1+u\right]", (1 + u) * log(1 + u)),
    (r"\bigl(1+u\bigr)\Big[u\Big]", (1 + u) * u),
    (r"2 \cdot u \times x", 2 * u * x),
    (r"u\,\ln u\; - \!x\quad+\qquad 1 \: + ~ 2\ u", u * log(u) - x + 1 + 2 * u),
    (r"2u", 2 * u),
    (r"u\ln u", u * log(u)),
    (r"(1-u)\ln(1-u)", (1 - u) * log(1 - u)),
    (r"\ln x^* - u \ln x^*", log(x) - u * log(x)),
    (r"x^2", x**2),
    (r"x^{q}", x**q),
    (r"x^{-1}", 1 / x),
    (r"e^{-u}", sp.exp(-u)),
    (r"\mathrm{e}^{u}", sp.exp(u)),
    (r"e", sp.E),
    (r"x^*", x),
    (r"x_*", x),
    (r"x^{\ast}", x),
    (r"x_{\star}", x),
    (r"x^{*}", x),
    (r"x^{*2}", x**2),
    (r"x_*^{q}", x**q),
    (r"x^*(u)", x),
    (r"\beta\varepsilon", beta * eps),
    (r"\beta \epsilon", beta * eps),
    (r"\infty", sp.oo),
    (r"\pi u", sp.pi * u),
    ("1 \u2212 u \u00d7 x \u22c5 2", 1 - 2 * u * x),
    ("\u03b2\u03b5 + \u03c0 + \u221e", beta * eps + sp.pi + sp.oo),
    (r"k_B \ln 2 + k_{\mathrm{B}} + k_\mathrm{B} + k_{B}", k_B * log(2) + 3 * k_B),
    (r"\ln^2 u", log(u) ** 2),
    (r"\ln(u)^2", log(u) ** 2),
    (r"\ln{\left(u \right)}^{2}", log(u) ** 2),
    (r"\ln\ln u", log(log(u))),
    (r"\binom{N}{M}", sp.binomial(N, M)),
    (r"N!", sp.factorial(N)),
    (r"\operatorname{artanh}(u)", sp.atanh(u)),
    (r"\sinh u \cosh u", sp.sinh(u) * sp.cosh(u)),
    (r"0.5 + .25", sp.Rational(3, 4)),
    (r"u - -u", 2 * u),
    (r"2\cdot -u", -2 * u),
    (r"u/(1-u)", u / (1 - u)),
    (r"{u}", u),
    (r"\mathrm{ln}(u) + \tag{3} u", log(u) + u),
    (r"\frac{u}{1+u}\,.", u / (1 + u)),  # the period that ends a displayed formula
    (r"\left|1-u\right| + |\beta|", sp.Abs(1 - u) + sp.Abs(beta)),
    (r"\frac{(u-1)+\sqrt{1+6u-3u^2}}{2(2-u)}", letter["25"]),
    (r"(1+u)\ln(1+u) - u\ln u", letter["29"]),
    (r"\ln\frac{1+u}{u}", letter["30"]),
    (r"\ln\left(\frac{1-u}{u}\right)", letter["23"]),
    (r"\frac{x+2x^2}{1+x+x^2}", letter["24"]),
    (r"\frac{x}{1-x} - \frac{q x^q}{1 - x^q}", letter["18"]),
    (r"\frac{q-1}{2}", letter["21"]),
]


@pytest.mark.parametrize(("tex", "expected"), ACCEPTED)
def test_manuscript_notation_gives_the_expected_expression(tex, expected):
    assert parse_latex(tex) == expected


def test_symbols_are_mesosyms_with_their_assumptions():
    e = parse_latex(r"u x^* q \beta\varepsilon k_B N")
    assert e.free_symbols == {u, x, q, beta, eps, k_B, N}
    assert parse_latex(r"\sqrt{x^2}") == x  # x positive


def test_allowed_maps_letters_and_greek_names():
    X = sp.Symbol("X", positive=True)
    assert parse_latex(r"\sigma + u", allowed={"sigma": X, "u": u}) == X + u
    with pytest.raises(ParseError, match=r"unknown symbol 'x' at column 1; accepted symbols: u"):
        parse_latex("x", allowed={"u": u})


# (LaTeX, what the message says, the column it names)
REFUSED = [
    (r"\input{/etc/passwd}", r"the macro \\input is not accepted", 1),
    (r"u + \def\x{1}", r"the macro \\def is not accepted", 5),
    (r"\foo", r"accepted: .*\\frac.*\\ln", 1),
    (r"{u", r"the \{ is never closed", 1),
    (r"u}", r"closing '\}' has no opening match", 2),
    (r"\left( u \right]", r"expected \\right\) to close the \\left\(", 10),
    (r"\left( u )", r"expected \\right\)", 10),
    (r"(u", r"the \( is never closed", 1),
    (r"u)", r"closing '\)' has no opening match", 2),
    (r"\left u", r"\\left must be followed by a delimiter", 1),
    (r"y + u", r"unknown symbol 'y'.*accepted symbols: .*u", 1),
    (r"u + \alpha", r"unknown symbol \\alpha", 5),
    (r"ln u", r"'ln' without a backslash .* write \\ln", 1),
    (r"u\,exp(u)", r"'exp' without a backslash", 4),
    (r"\ln 2u", r"'\\ln 2u' is ambiguous", 6),
    (r"\ln u (1-u)", r"ambiguous", 7),
    (r"1/2u", r"'/2u' is ambiguous", 2),
    (r"u2", r"the number 2 right after a factor", 2),
    (r"2 3", r"the number 3 right after a factor", 3),
    (r"x^23", r"first digit of 23", 3),
    (r"x^-1", r"a sign as a superscript", 3),
    (r"x^2^3", r"double superscript", 4),
    (r"u^*", r"a star on a symbol other than x", 2),
    (r"x_1", r"the subscript in 'x_1' is not accepted", 2),
    (r"\ln", r"\\ln needs an argument", 4),
    (r"u +", r"ends where a factor is expected", 4),
    (r"u = 1", r"unexpected '='", 3),
    (r"u \\ x", r"belongs to a chain of steps", 3),
    (r"u & x", r"belongs to a chain of steps", 3),
    (r"\begin{align} u", r"only around a chain of steps", 1),
    (r"|u", r"the \| at column 1 is never closed", 3),
    (r"\left|u\right)", r"expected \\right\| to close the \\left\|", 8),
    ("u^\u00b2", r"the character '²' is not accepted", 3),
    (r"u'", r"prime", 2),
    (r"\mathrm{d}u", r"\\mathrm\{d\} is not accepted", 1),
    (r"\operatorname{foo}(u)", r"\\operatorname\{foo\} is not accepted", 1),
    (r"\frac{1}{0}", r"is undefined", 1),
    (r"\sqrt{}", r"an empty group before '}'", 7),
    (r"\ln^{-1} u", r"positive whole power", 4),
    ("u \u00e9", r"the character 'é' is not accepted", 3),
    ("u \\", r"a lone backslash", 3),
    (r"\ast", r"only in x\^\{\\ast\}", 1),
    (r"\frac0.5", r"\\frac with the bare number 0.5", 6),
]


@pytest.mark.parametrize(("tex", "message", "column"), REFUSED)
def test_refusals_name_the_column_and_what_is_accepted(tex, message, column):
    with pytest.raises(ParseError, match=message) as info:
        parse_latex(tex)
    assert f"at column {column}" in str(info.value)


def test_multi_line_text_names_line_and_column():
    with pytest.raises(ParseError, match=r"unknown symbol 'y' at line 2, column 3"):
        parse_latex("u +\n  y")


def test_empty_and_non_string_inputs_are_refused():
    with pytest.raises(ParseError, match="empty"):
        parse_latex("  ")
    with pytest.raises(ParseError, match="must be a string"):
        parse_latex(3)  # type: ignore[arg-type]


# Budgets (issue 10): each refusal names the budget and its value, at once.
@pytest.mark.parametrize(
    ("tex", "budget"),
    [
        ("u" * (MAX_LENGTH + 1), f"MAX_LENGTH = {MAX_LENGTH}"),
        ("(" * 200 + "u" + ")" * 200, f"MAX_DEPTH = {MAX_DEPTH}"),
        (r"\frac{" * 120 + "u" + "}{2}" * 120, f"MAX_DEPTH = {MAX_DEPTH}"),
        ("x^{" * 150 + "2" + "}" * 150, f"MAX_DEPTH = {MAX_DEPTH}"),
        (r"\ln " * 300 + "u", f"MAX_DEPTH = {MAX_DEPTH}"),
        ("1" * 401, "MAX_DIGITS = 400"),
        ("u^{10^{100}}", "MAX_EXPONENT = 10000"),
        ("x^{1000000000}", "MAX_EXPONENT = 10000"),
        ("2^{10^{9} u}", "MAX_EXPONENT = 10000"),
        (r"\sqrt[100000]{u}", "MAX_EXPONENT = 10000"),
        ("(1000000000000 u)!", "MAX_FACTORIAL = 1000"),
        (r"\binom{N}{1000000000000}", "MAX_FACTORIAL = 1000"),
        ("(10^{1000})^{13} \\cdot (10^{1000})^{13}", "MAX_BITS = 14000"),
        ("9^{9^{9}}", "MAX_"),
        ("e^{e^{e^{e^{10u}}}}", "MAX_TOWER = 3"),
        (r"\exp(\exp(\exp(\exp(u))))", "MAX_TOWER = 3"),
    ],
)
def test_budgets_refuse_quickly_naming_the_budget(tex, budget):
    with cpu_budget():
        with pytest.raises(ParseError, match=budget):
            parse_latex(tex)


def test_reasonable_nesting_is_within_budget():
    depth = MAX_DEPTH // 2 - 2
    assert parse_latex("(" * depth + "u" + ")" * depth) == u
    assert parse_latex("10^{4000}") == sp.Integer(10) ** 4000  # 4001 digits: printable


def test_the_reader_never_evaluates_text(no_eval):
    assert parse_latex(r"-u\ln u + \frac{x^2}{3} + 0.5") == -u * log(u) + x**2 / 3 + sp.S.Half


# Round trip: the echoed LaTeX of every accepted form reads back to the same expression.
@pytest.mark.slow
@pytest.mark.parametrize(("tex", "expected"), ACCEPTED)
@pytest.mark.parametrize(
    "printer",
    [
        pytest.param(lambda e: sp.latex(e), id="sympy"),
        pytest.param(lambda e: sp.latex(e, ln_notation=True), id="sympy-ln"),
        pytest.param(lambda e: mesosym_latex(e), id="mesosym"),
        pytest.param(lambda e: mesosym_latex(e, parseable=True), id="mesosym-parseable"),
    ],
)
def test_echoed_latex_reads_back_to_the_same_expression(tex, expected, printer):
    parsed = parse_latex(tex)
    assert parse_latex(printer(parsed)) == parsed
