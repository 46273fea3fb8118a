r"""Three gaps of the LaTeX reader, closed: ``\text{..}`` in a claim, ``s/k_B`` on the
left, thousands separators in numbers; each with its refusals and through ``mesosym check``.

The expected values are written independently of the reader: numbers by
Python's own ``format(n, ",")``, expressions with SymPy directly, and the
letter's eqs. (22)-(23), (28)-(29) by hand.
"""

from __future__ import annotations

import json

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mesosym.checking.claims import parse_claim, parse_steps
from mesosym.checking.parse_latex import LATEX_NAMES, parse_latex
from mesosym.cli import main
from mesosym.errors import ParseError
from mesosym.symbols import k_B, u, x

log = sp.log
T = LATEX_NAMES["t"]
FAST = settings(max_examples=60, deadline=None, derandomize=True)

S2 = -u * log(u) - (1 - u) * log(1 - u)  # eq. (22), q = 2
BETA2 = log((1 - u) / u)  # eq. (23), q = 2


# -- 3. thousands separators ------------------------------------------------------------


@FAST
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["{,}", r"\,"]))
def test_integers_written_with_separators_read_back_exactly(n, separator):
    written = format(n, ",").replace(",", separator)
    assert parse_latex(written) == sp.Integer(n)
    assert parse_claim(f"u = {written} x").expression == n * x


@FAST
@given(st.integers(min_value=1000, max_value=10**12), st.integers(min_value=0, max_value=999))
def test_decimals_with_a_grouped_integer_part_read_back_exactly(n, frac):
    written = format(n, ",").replace(",", r"\,") + f".{frac:03d}"
    assert parse_latex(written) == sp.Rational(n * 1000 + frac, 1000)


@FAST
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_bare_comma_between_digits_is_refused_not_read(a, b):
    with pytest.raises(ParseError, match="bare comma .* is ambiguous"):
        parse_latex(f"u + {a},{b:03d}")


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"1{,}000", 1000),
        (r"10\,000", 10000),
        (r"1\,000.5", sp.Rational(2001, 2)),
        (r"12{,}345{,}678", 12345678),
        (r"\frac{1{,}000}{10\,000}", sp.Rational(1, 10)),
        (r"2\,u", 2 * u),  # a thin space before a letter stays spacing
        (r"x^{1{,}000}", x**1000),
        (r"1{,}000 \cdot 2", 2000),
    ],
)
def test_numbers_with_separators(tex, expected):
    assert parse_latex(tex) == expected


@pytest.mark.parametrize(
    ("tex", "message"),
    [
        (r"1{,}00", r"'1\{,\}00' reads as a decimal comma .* at column 2: write 1.00 "),
        (r"3{,}14", r"decimal comma .*: write 3.14 for a decimal, 314 for a whole number"),
        (r"0{,}125", r"decimal comma"),  # no thousands group starts with 0
        (r"10\,00", r"a group of 2 digits after the thousands separator \\, in '10\\,00' "
                    r"at column 5"),
        (r"1{,}000{,}0000", r"a group of 4 digits after the thousands separator"),
        (r"1234\,567", r"'1234\\,567' does not start with a group of one to three digits"),
        (r"0\,000", r"does not start with a group of one to three digits \(no leading zero\)"),
        (r"1{,}000\,000", r"mixes the thousands separators \{,\} and \\, at column 8"),
        (r"0.123\,456", r"a thousands separator \\, after the decimal point at column 6"),
        (r"x^1{,}000", r"the number 1\{,\}000 as a superscript at column 3: write braces"),
        (r"\frac1{,}000 2", r"\\frac with the bare number 1\{,\}000 at column 6"),
        ("1,000", r"bare comma in '1,000' is ambiguous .* write 1\{,\}000 or 1\\,000 for 1000, "
                  r"1.000 for a decimal"),
        (r"u\,100", r"the number 100 right after a factor is ambiguous"),  # unchanged
    ],
)  # fmt: skip
def test_malformed_separators_are_refused_by_name(tex, message):
    with pytest.raises(ParseError, match=message):
        parse_latex(tex)


def test_separators_hold_the_digit_budget():
    with pytest.raises(ParseError, match="digits; the budget is MAX_DIGITS"):
        parse_latex("1" + r"\,000" * 200)


# -- 2. the entropy in units of k_B on the left --------------------------------------------


@pytest.mark.parametrize(
    "lhs",
    [
        "s/k_B", "s/k_{B}", r"s/k_{\mathrm{B}}", r"s/k_{\text{B}}", r"s(u)/k_B", r"s/(k_B)",
        r"\frac{s}{k_B}", r"\dfrac{s(u)}{k_{\mathrm{B}}}", r"\tfrac{s}{k_B}",
        r"S/(N k_B)", r"S/(N\,k_{\mathrm{B}})", r"S/\left(N k_B\right)", r"S/(k_B N)",
        r"S/(N \cdot k_B)", r"\frac{S}{N k_B}", r"\frac{S}{k_{\rm B} N}",
    ],
)  # fmt: skip
def test_entropy_per_k_B_is_the_dimensionless_s(lhs):
    claim = parse_claim(lhs + r" = -u\ln u-(1-u)\ln(1-u)")
    assert claim.quantity == "s" and claim.notation == "latex"
    assert claim.expression == S2


@pytest.mark.parametrize("lhs", ["s/k_B", "S/(N*k_B)", "S / (N k_B)", "s(u)/k_B"])
def test_entropy_per_k_B_in_plain_text(lhs):
    claim = parse_claim(lhs + " = -u*log(u) - (1 - u)*log(1 - u)")
    assert (claim.quantity, claim.notation, claim.expression) == ("s", "text", S2)


def test_a_chain_may_start_from_s_over_k_B():
    chain = parse_steps(r"\frac{s}{k_B} &= (1+u)\ln(1+u) - u\ln u \\ &= \ln(1+u) + u\ln(1+1/u)")
    assert chain.quantity == "s" and len(chain.steps) == 2


@pytest.mark.parametrize(
    "lhs",
    [
        r"S/N k_B",  # (S/N) k_B as TeX's reader sees it
        r"s k_B",
        r"s/k",
        r"S/(N k_B T)",
    ],
)
def test_other_left_hand_sides_are_refused_naming_the_accepted(lhs):
    with pytest.raises(ParseError, match=r"is not a quantity mesosym checks.*; accepted: .*s/k_B"):
        parse_claim(lhs + r" = \ln 2")


# -- 1. \text in a claim -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tex", "expected", "annotations"),
    [
        (r"\beta\varepsilon = \ln\left(\frac{1-u}{u}\right) \text{ (eq. 22)}", BETA2,
         ("(eq. 22)",)),
        (r"\beta\varepsilon = \ln\frac{1-u}{u}, \quad \text{eq.~(23), with $q = 2$}.", BETA2,
         ("eq.~(23), with $q = 2$",)),
        (r"s = -u\ln u-(1-u)\ln(1-u) \mbox{[ref]} \textrm{(Gibbs)}", S2, ("[ref]", "(Gibbs)")),
        (r"u = k_{\text{B}} x \text{ hmm}", k_B * x, ("hmm",)),  # a label, then prose
    ],
)  # fmt: skip
def test_prose_after_the_formula_is_dropped_and_listed(tex, expected, annotations):
    claim = parse_claim(tex)
    assert claim.expression == expected
    assert claim.annotations == annotations and claim.conditions == ()


@pytest.mark.parametrize(
    ("tex", "expected", "conditions"),
    [
        (r"\beta\varepsilon = -\ln x \quad \text{where } x = \frac{u}{1-u}", -log(u / (1 - u)),
         ((x, u / (1 - u)),)),
        (r"x^* = \frac{t}{1+t}, \text{ for } t = u", u / (1 + u), ((T, u),)),
        # several, in the order written; x^*(u) = x^* says nothing and is kept
        (r"u = \ln x \text{ with } x = t^2, t = u+1 \text{ (by hand)}", log((u + 1) ** 2),
         ((x, T ** 2), (T, u + 1))),
        (r"s = -\ln x \text{ where } x^* = x^*(u)", -log(x), ((x, x),)),
    ],
)  # fmt: skip
def test_a_condition_after_for_or_where_is_substituted(tex, expected, conditions):
    claim = parse_claim(tex)
    assert claim.expression == expected
    assert [(str(a), str(b)) for a, b in claim.conditions] == [
        (str(a), str(b)) for a, b in conditions
    ]


@pytest.mark.parametrize(
    ("tex", "message"),
    [
        # u = 1/2 makes a claim at one point (tests/test_check_points.py); t cannot be fixed
        (r"s(u) = \ln 2 \quad \text{for } t = 1/2",
         r"the condition 't = 1/2' fixes t to one value at column 32: only u \(x for the "
         r"saddle equation\) may be fixed"),
        (r"u = x \text{ for } 0 < u < 1",
         r"the condition '0 < u < 1' after \\text\{ for \} is not 'symbol = value' at column 20"
         r"; inequalities and ranges are not read"),
        (r"u = x \text{ for } 0 \le u \le 1", r"is not 'symbol = value'"),
        (r"u = x \text{ where }", r"nothing after \\text\{ where \} at column 21"),
        (r"u = x \text{ where } t = u", r"the condition on t at column 22: the formula has no t"),
        (r"u = x \text{ where } x = 2x", r"'x = 2x' defines x through itself"),
        (r"u = x \text{ for } 2x = u", r"the left-hand side '2x' of a condition is not a symbol"),
        (r"u = x \text{ where } x = 1,000 u", r"the bare comma in '1,000' is ambiguous"),
        (r"u = x \text{ where } x = y", r"unknown symbol 'y' at column 26"),
        (r"s = \ln 2 \text{ see below } + u", r"math after the text \\text\{ see below \} at "
                                            r"column 30; text is read only as an annotation"),
        (r"s = \ln(2 \text{two})", r"found a \\text\{..\} at column 11"),
        (r"s = \text{two} \ln 2", r"the claim has only text|math after the text"),
        (r"\text{hello}", r"only text"),
        (r"u = x \text{ where } x = u \text{ and } q",
         r"the condition 'q' after \\text\{ and \} is not 'symbol = value'"),
    ],
)  # fmt: skip
def test_unreadable_text_is_refused_by_name(tex, message):
    with pytest.raises(ParseError, match=message):
        parse_claim(tex)


def test_parse_latex_drops_prose_and_leaves_conditions_to_parse_claim():
    assert parse_latex(r"\ln 2 \quad \text{(eq. 22)}") == log(2)
    with pytest.raises(
        ParseError, match=r"a condition after .* read by mesosym.checking.claims.parse_claim"
    ):
        parse_latex(r"\ln x \text{ where } x = u")


def test_a_text_label_inside_a_chain_step_is_no_comment():
    # regression: a chain cut its row at the \text of k_{\text{B}}
    chain = parse_steps(r"u &= k_{\text{B}} x \\ &= x k_\text{B} && \text{commuted}")
    assert [s.expression for s in chain.steps] == [k_B * x, k_B * x]


def test_text_is_never_evaluated(no_eval):
    claim = parse_claim(r"s = \ln 2 \text{ __import__('os').system('false') $1/0$ }")
    assert claim.expression == log(2)
    assert claim.annotations == ("__import__('os').system('false') $1/0$",)


# -- end to end: mesosym check ---------------------------------------------------------


def check(capsys, *argv):
    code = main(["check", *argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert err == "", err
    return code, json.loads(out)


@pytest.mark.parametrize(
    ("q", "option", "claim"),
    [
        ("2", "--beta", r"\beta\varepsilon = \ln\frac{1-u}{u} \quad \text{(eq. 23)}"),
        ("2", "--beta", r"\beta\varepsilon = -\ln x \quad \text{where } x = \frac{u}{1-u}"),
        ("2", "--beta", r"\beta\varepsilon = \ln\frac{1{,}000\,(1-u)}{1\,000\, u}"),
        ("2", "--entropy", r"s/k_B = -u\ln u-(1-u)\ln(1-u)"),
        ("2", "--entropy", r"S/(N k_{\mathrm{B}}) = -u\ln u-(1-u)\ln(1-u) \text{ (Gibbs)}"),
        ("inf", "--entropy", r"\frac{s}{k_B} = (1 + u)\ln(1 + u) - u\ln u"),  # eq. (29)
        ("inf", "--beta", r"\beta\varepsilon = -\ln x^*, \text{ where } x^* = \frac{u}{1+u}"),
    ],
)
def test_check_proves_right_claims_written_these_ways(capsys, q, option, claim):
    code, data = check(capsys, "--q", q, option, claim)
    assert code == 0 and data["verdict"] == "proved", data


@pytest.mark.parametrize(
    ("q", "option", "claim"),
    [
        ("2", "--beta", r"\beta\varepsilon = \ln\frac{u}{1-u} \quad \text{(eq. 23)}"),
        ("2", "--beta", r"\beta\varepsilon = -\ln x \quad \text{where } x = \frac{1-u}{u}"),
        ("2", "--beta", r"\beta\varepsilon = \ln\frac{1{,}000\,(1-u)}{100\, u}"),  # + ln 10
        ("2", "--entropy", r"s/k_B = -u\ln u-(1-u)\ln(1-u) + \ln 2"),
        ("2", "--entropy", r"S/(N k_B) = -k_B\left[u\ln u+(1-u)\ln(1-u)\right]"),
        ("inf", "--entropy", r"\frac{s}{k_B} = (1 + u)\ln(1 + u) - u\ln u - 1"),
    ],
)
def test_check_refutes_wrong_claims_written_these_ways(capsys, q, option, claim):
    code, data = check(capsys, "--q", q, option, claim)
    assert code == 1 and data["verdict"] == "refuted" and data["counterexample"], data


def test_check_reports_what_it_dropped_and_substituted(capsys):
    claim = r"\beta\varepsilon = -\ln x \quad \text{where } x = \frac{u}{1-u} \text{ (eq. 23)}"
    code = main(["check", "--q", "2", "--beta", claim])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "note: substituted the condition x = u/(1 - u)" in out
    assert "note: dropped the annotation '(eq. 23)' (text is never read)" in out
    assert "verdict: proved" in out


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        (r"s(u) = \ln 2 \quad \text{for } x = 1/2", "x stands for x*(u)"),
        (r"s = 1,000\,u", "bare comma in '1,000' is ambiguous"),
        (r"S/N k_B = \ln 2", "is not a quantity mesosym checks"),
    ],
)
def test_check_refuses_unreadable_claims_with_exit_2(capsys, claim, message):
    code = main(["check", "--q", "2", "--entropy", claim])
    _, err = capsys.readouterr()
    assert code == 2
    assert "argument --entropy" in err and message in err


# -- fuzz: the new paths answer with an expression or a ParseError, nothing else ----------

PIECES = [
    r"\text{for }", r"\text{ where}", r"\text{(eq. 22)}", r"\text{and}", r"\mbox{x}", r"\text{",
    r"\text{$1/0$}", "{,}", r"\,", ",", ".", "=", "<", r"\le", "s", "S", "/", "k_B",
    r"k_{\text{B}}", "N", "u", "x", "t", r"x^*", r"\frac", "{", "}", "(", ")", "_", "^", "0",
    "1", "000", "12", "3", r"\ln", r"\quad", " ", r"\\", "&",
]  # fmt: skip


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_glued_pieces_give_a_claim_or_a_parse_error(pieces):
    text = "".join(pieces)
    for reader in (parse_claim, parse_latex, parse_steps):
        try:
            reader(text)
        except ParseError:
            pass
