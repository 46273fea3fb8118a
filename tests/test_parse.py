import pytest
import sympy as sp
from conftest import cpu_budget

from mesosym import symbols
from mesosym.checking.parse import MAX_DEPTH, MAX_LENGTH, parse_expression
from mesosym.errors import ParseError
from mesosym.known import letter

u, x, q = symbols.u, symbols.x, symbols.q


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-u*ln(u) - (1 - u)*ln(1 - u)", letter["22"]),
        ("log((1 - u)/u)", letter["23"]),
        ("(x + 2*x^2)/(1 + x + x^2)", letter["24"]),
        ("((u - 1) + sqrt(1 + 6*u - 3*u**2)) / (2*(2 - u))", letter["25"]),
        ("(1 + u)*log(1 + u) - u*log(u)", letter["29"]),
        ("x/(1 - x) - q*x^q/(1 - x^q)", letter["18"]),
        ("(q - 1)/2", letter["21"]),
        ("0.1", sp.Rational(1, 10)),
        ("1e-3", sp.Rational(1, 1000)),
        ("2.5e2", sp.Integer(250)),
        ("1_000", sp.Integer(1000)),
        ("1/3", sp.Rational(1, 3)),
        ("2^3^2", sp.Integer(2**9)),
        ("x^2 + 1", x**2 + 1),
        ("+u - -u", 2 * u),
        ("exp(-beta*eps)", sp.exp(-symbols.beta * symbols.eps)),
        ("epsilon", symbols.eps),
        ("pi + E + I + oo", sp.pi + sp.E + sp.I + sp.oo),
        ("log(8, 2)", sp.Integer(3)),
        ("sinh(u)*cosh(u)*tanh(u)*coth(u)", sp.sinh(u) * sp.cosh(u) * sp.tanh(u) * sp.coth(u)),
        (
            "sin(u) + cos(u) + atanh(u) + acoth(u)",
            sp.sin(u) + sp.cos(u) + sp.atanh(u) + sp.acoth(u),
        ),
        ("Abs(u) + binomial(5, 2) + factorial(4)", u + 34),
        ("  u  ", u),
    ],
)
def test_good_inputs_give_the_expected_expression(text, expected):
    assert parse_expression(text) == expected


def test_symbols_carry_their_assumptions():
    e = parse_expression("u*x*q")
    assert e.free_symbols == {u, x, q}
    assert parse_expression("sqrt(x**2)") == x  # x positive


def test_floats_are_the_exact_decimal_not_the_binary_float():
    assert parse_expression("0.1") != sp.Rational(0.1)
    assert parse_expression("0.30000000000000004") == sp.Rational(30000000000000004, 10**17)


def test_caret_binds_as_power_not_xor():
    # Python's ^ binds more loosely than +; the user's ^ must not.
    assert parse_expression("u^2 + 1") == u**2 + 1
    assert parse_expression("2*u^2") == 2 * u**2


def test_allowed_restricts_and_substitutes_names():
    X = sp.Symbol("X", positive=True)
    assert parse_expression("X + u", allowed={"X": X, "u": u}) == X + u
    assert parse_expression("y", allowed={"y": u / (1 + u)}) == u / (1 + u)
    with pytest.raises(ParseError, match=r"unknown name 'x' at column 1; allowed: E, I, oo, pi, u"):
        parse_expression("x", allowed={"u": u})
    with pytest.raises(ParseError, match="must be a SymPy object"):
        parse_expression("y", allowed={"y": 3})  # type: ignore[dict-item]
    with pytest.raises(ParseError, match="identifiers"):
        parse_expression("y", allowed={"a b": u})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('true')", r"attribute access '\.system' .* column 17"),
        ("__import__('os')", r"unknown function '__import__' at column 1"),
        ("().__class__", r"attribute access '\.__class__' .* column 3"),
        ("x.__class__", r"attribute access '\.__class__' is not allowed at column 2"),
        ("x.__class__.__mro__[1].__subclasses__()", r"attribute access"),
        ("lambda: 1", r"lambda 'lambda: 1' is not allowed at column 1"),
        ("[x for x in ()]", r"comprehension .* column 1"),
        ("(x for x in ())", r"comprehension"),
        ("'a'", r"string literal 'a' .* column 1"),
        ("b'a'", r"string literal"),
        ("f'{u}'", r"f-string"),
        ("u[0]", r"subscript"),
        ("log(u, base=2)", r"keyword arguments to log .* column 13"),
        ("x + foo", r"unknown name 'foo' at column 5; allowed: "),
        ("foo(u)", r"unknown function 'foo' at column 1; allowed functions: "),
        ("eval('1')", r"unknown function 'eval'"),
        ("exec", r"unknown name 'exec'"),
        ("sympify('u')", r"unknown function 'sympify'"),
        ("u if u else x", r"conditional expression"),
        ("u < 1", r"comparison"),
        ("u and x", r"boolean operator"),
        ("(y := 1)", r"assignment expression"),
        ("(u, x)", r"tuple"),
        ("{u: 1}", r"dict"),
        ("True", r"the constant True"),
        ("None", r"the constant None"),
        ("...", r"the constant Ellipsis"),
        ("1j", r"complex literal"),
        ("u // 2", r"operator"),
        ("u % 2", r"operator"),
        ("u @ x", r"operator"),
        ("u << 1", r"operator"),
        ("not u", r"operator 'not'"),
        ("~u", r"operator '~'"),
        ("log(u, 2, 3)", r"log takes 1 or 2 argument\(s\); got 3"),
        ("sqrt()", r"sqrt takes 1 argument"),
        ("sqrt(*u)", r"starred"),
        ("1/0", r"1/0 is undefined at column 1"),
        ("oo - oo", r"undefined"),
        ("x +* 2", r"invalid syntax at column 4"),
        ("(x", r"never closed at column 1"),
        ("u = 1", r"column"),
        ("", r"empty"),
        ("   ", r"empty"),
    ],
)
def test_refused_inputs_raise_parse_error_naming_the_piece(text, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(text)


def test_non_string_input_is_refused():
    with pytest.raises(ParseError, match="must be a string"):
        parse_expression(3)  # type: ignore[arg-type]


def test_columns_refer_to_the_users_text_after_caret_replacement():
    # each '^' becomes '**' internally; the reported column must not shift
    with pytest.raises(ParseError, match=r"unknown name 'foo' at column 9"):
        parse_expression("x^2 + u^foo")
    with pytest.raises(ParseError, match=r"unknown name 'bar' at column 3"):
        parse_expression("β+bar".replace("β", "u"))
    with pytest.raises(ParseError, match=r"unknown name 'zz' at column 5"):
        parse_expression("é + zz", allowed={"é": u})  # é is two bytes in UTF-8


@pytest.mark.parametrize(
    "text",
    [
        "9**9**9**9",
        "2^2^2^2^2^2^2",
        "(10**1999)**100000",
        "sqrt(2)**(10**9)",
        "factorial(10**9)",
        "binomial(10**9, 5*10**8)",
        "1e999",
        "1e-999",
    ],
)
def test_huge_numbers_are_refused_quickly(text):
    with cpu_budget():
        with pytest.raises(ParseError, match="too large|above MAX_"):
            parse_expression(text)


@pytest.mark.parametrize(
    "text",
    [
        "x" * (MAX_LENGTH + 1),
        "-" * (MAX_LENGTH - 1) + "u",
        "(" * 250 + "u" + ")" * 250,
        "u**" * 600 + "u",
        "+".join(["log("] * 300) + "u" + ")" * 300,
        "[" * 1000 + "]" * 1000,
    ],
)
def test_huge_or_deep_inputs_are_refused_quickly(text):
    with cpu_budget():
        with pytest.raises(ParseError):
            parse_expression(text)


def test_depth_limit_allows_reasonable_nesting():
    depth = MAX_DEPTH // 2 - 2
    assert parse_expression("(" * depth + "u" + ")" * depth) == u
    assert parse_expression("-(" * 20 + "u" + ")" * 20) == u


def test_the_parser_never_evaluates_text(no_eval):
    assert parse_expression("-u*ln(u) + x^2/3 + 0.5") == -u * sp.log(u) + x**2 / 3 + sp.S.Half


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("1e1000000000", "MAX_DIGITS = 400"),
        ("u + 1" + "0" * 401, "MAX_DIGITS = 400"),
        ("u**(10**100)", "MAX_EXPONENT = 10000"),
        ("x**(10**9)", "MAX_EXPONENT = 10000"),
        ("u**(1/10**5)", "MAX_EXPONENT = 10000"),
        ("2**(10**9*u)", "MAX_EXPONENT = 10000"),
        ("factorial(10**12*u)", "MAX_FACTORIAL = 1000"),
        ("binomial(N, 10**12)", "MAX_FACTORIAL = 1000"),
        # each factor is allowed, the product passes Python's 4300-digit limit
        ("*".join(["10**1000"] * 5), "MAX_BITS = 14000"),
        ("(10**1999)**3", "MAX_BITS = 14000"),
        ("exp(exp(exp(exp(10*u))))", "MAX_TOWER = 3"),
        ("u**u**u**u**u", "MAX_TOWER = 3"),
    ],
)
def test_text_budgets_are_named_with_their_value(text, budget):
    with cpu_budget():
        with pytest.raises(ParseError, match=budget):
            parse_expression(text)


def test_budgets_leave_ordinary_formulas_alone():
    assert parse_expression("x**7 + E**(10**6*u)") == x**7 + sp.exp(10**6 * u)
    assert parse_expression("exp(exp(exp(u)))") == sp.exp(sp.exp(sp.exp(u)))
    assert parse_expression("factorial(N)/factorial(1000)") == sp.factorial(
        symbols.N
    ) / sp.factorial(1000)
    big = parse_expression("10**4000")  # 4001 digits: under Python's string limit
    assert len(str(big)) == 4001


def test_signs_pasted_from_a_pdf_are_read():
    # U+2212 minus, U+00D7 times, U+22C5 dot operator, U+00B7 middle dot
    assert parse_expression("1 \u2212 u \u00d7 x \u22c5 2 \u00b7 q") == 1 - 2 * u * x * q
    with pytest.raises(ParseError, match="unknown name 'zz' at column 5"):
        parse_expression("u \u2212 zz")


@pytest.mark.slow
def test_a_long_sum_is_long_not_deep():
    # Python nests a + b + c ... one level per '+'; a 500-term sum is within budget
    assert parse_expression("+".join(["u"] * 500)) == 500 * u
    assert parse_expression("*".join(["x"] * 300) + "/x") == x**299
    assert parse_expression(" - ".join(["1"] * 400)) == -398
