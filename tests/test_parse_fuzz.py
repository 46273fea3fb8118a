"""Fuzzing the readers: any text gives an expression or a ParseError, never anything else, fast.

Random strings (fully random, and glued from the pieces the grammars know,
hostile ones included) go through every entry point; random well-formed
formulas, built together with the expression they stand for, must read back
to that expression in both notations and through the echoed LaTeX.
"""

from dataclasses import dataclass

import pytest
import sympy as sp
from conftest import cpu_budget
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mesosym import symbols
from mesosym.checking.claims import Chain, Claim, parse_claim, parse_steps
from mesosym.checking.parse import parse_expression, size_problem, tower_problem
from mesosym.checking.parse_latex import parse_latex
from mesosym.errors import ParseError
from mesosym.latex import latex as mesosym_latex

#: Seconds one call may take (the readers answer in milliseconds; this guards hangs).
CALL_BUDGET = 5.0

FUZZ = settings(
    max_examples=150,
    deadline=None,  # timed by CALL_BUDGET instead, so a slow CI machine does not flake
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

LATEX_PIECES = [
    r"\ln", r"\log", r"\log_{10}", r"\exp", r"\frac", r"\dfrac", r"\tfrac", r"\sqrt", r"\sqrt[3]",
    r"\left(", r"\right)", r"\left[", r"\right]", r"\bigl(", r"\bigr)", r"\cdot", r"\times",
    r"\,", r"\;", r"\!", r"\quad", r"\beta", r"\varepsilon", r"\epsilon", r"\infty", r"\pi",
    r"\alpha", r"\input", r"\def", r"\binom", r"\mathrm{e}", r"\mathrm", r"\operatorname{artanh}",
    r"\\", r"\begin{align}", r"\end{align}", r"\label{a}", r"\ast", r"\star", r"\left", r"\{",
    "&", "=", "{", "}", "(", ")", "[", "]", "^", "_", "*", "!", "'", "|", "+", "-", "/", ".",
    ",", " ", "\n", "u", "x", "q", "N", "e", "y", "k_B", "x^*", "x_*", "0", "1", "2", "9", "10",
    "0.5", "99999999999", "10^{10^{10}}", "\u2212", "\u00d7", "\u22c5", "\u03b2", "\u221e",
]  # fmt: skip
TEXT_PIECES = [
    "u", "x", "q", "N", "beta", "eps", "ln", "log", "exp", "sqrt", "factorial", "binomial", "(",
    ")", "+", "-", "*", "/", "**", "^", "1", "2", "10", "9", "1e9", "0.5", ",", "=", "E", "pi",
    "oo", "I", ".", " ", "[", "]", "lambda", "__import__", "'a'", ":", "x*", "s", "\n", "\u2212",
]  # fmt: skip

READERS = {
    "parse_latex": parse_latex,
    "parse_expression": parse_expression,
    "parse_claim": parse_claim,
    "parse_steps": parse_steps,
}


def answer_or_refuse(text):
    """Call every reader on ``text``: each returns its type or raises ParseError, in budget."""
    for name, reader in READERS.items():
        with cpu_budget(CALL_BUDGET, (name, text)):
            try:
                result = reader(text)
            except ParseError as exc:
                assert str(exc), name
            else:
                expected = {"parse_claim": Claim, "parse_steps": Chain}.get(name, sp.Basic)
                assert isinstance(result, expected), (name, result)


@FUZZ
@given(st.text(max_size=120))
def test_random_text_is_answered_or_refused(text):
    answer_or_refuse(text)


@pytest.mark.parametrize("examples", [30, pytest.param(FUZZ.max_examples, marks=pytest.mark.slow)])
def test_random_latex_pieces_are_answered_or_refused(examples):
    """30 examples by default, all of FUZZ's under -m slow."""
    pieces = st.lists(st.sampled_from(LATEX_PIECES), max_size=40).map("".join)
    settings(FUZZ, max_examples=examples)(given(pieces)(answer_or_refuse))()


@pytest.mark.slow
@FUZZ
@given(st.lists(st.sampled_from(TEXT_PIECES), max_size=40).map("".join))
def test_random_text_pieces_are_answered_or_refused(text):
    answer_or_refuse(text)


# -- well-formed formulas, built with the expression they stand for ------------


@dataclass(frozen=True)
class Formula:
    tex: str
    text: str
    expr: sp.Expr
    undefined: bool  # some step was zoo or nan, or over a budget: a refusal is right


def _leaf(tex, text, expr):
    return Formula(tex, text, expr, False)


LEAVES = st.sampled_from(
    [
        _leaf("u", "u", symbols.u),
        _leaf("x", "x", symbols.x),
        _leaf("x^*", "x", symbols.x),
        _leaf("q", "q", symbols.q),
        _leaf(r"\beta", "beta", symbols.beta),
        _leaf(r"\varepsilon", "eps", symbols.eps),
        _leaf(r"\pi", "pi", sp.pi),
    ]
) | st.integers(0, 30).map(lambda n: _leaf(str(n), str(n), sp.Integer(n)))


def _made(tex, text, expr, *parts):
    bad = any(p.undefined for p in parts) or bool(
        expr.has(sp.zoo, sp.nan) or tower_problem(expr) or size_problem(expr)
    )
    return Formula(tex, text, expr, bad)


def _combine(children):
    pair = st.tuples(children, children)
    one = children
    return st.one_of(
        pair.map(
            lambda p: _made(
                rf"\left({p[0].tex}\right) + \left({p[1].tex}\right)",
                f"({p[0].text}) + ({p[1].text})",
                p[0].expr + p[1].expr,
                *p,
            )
        ),
        pair.map(
            lambda p: _made(
                rf"({p[0].tex}) - [{p[1].tex}]",
                f"({p[0].text}) - ({p[1].text})",
                p[0].expr - p[1].expr,
                *p,
            )
        ),
        pair.map(
            lambda p: _made(
                rf"\left({p[0].tex}\right)\left({p[1].tex}\right)",
                f"({p[0].text})*({p[1].text})",
                p[0].expr * p[1].expr,
                *p,
            )
        ),
        pair.map(
            lambda p: _made(
                rf"\frac{{{p[0].tex}}}{{{p[1].tex}}}",
                f"({p[0].text})/({p[1].text})",
                p[0].expr / p[1].expr,
                *p,
            )
        ),
        st.tuples(one, st.integers(1, 4)).map(
            lambda p: _made(
                rf"\left({p[0].tex}\right)^{{{p[1]}}}",
                f"({p[0].text})**{p[1]}",
                p[0].expr ** p[1],
                p[0],
            )
        ),
        one.map(lambda a: _made(rf"\ln\left({a.tex}\right)", f"ln({a.text})", sp.log(a.expr), a)),
        one.map(lambda a: _made(rf"\sqrt{{{a.tex}}}", f"sqrt({a.text})", sp.sqrt(a.expr), a)),
        one.map(lambda a: _made(rf"e^{{{a.tex}}}", f"exp({a.text})", sp.exp(a.expr), a)),
    )


FORMULAS = st.recursive(LEAVES, _combine, max_leaves=8)


def _read(reader, text):
    with cpu_budget(CALL_BUDGET, text):
        try:
            return reader(text)
        except ParseError:
            return None


@pytest.mark.slow
@FUZZ
@given(FORMULAS)
def test_well_formed_formulas_read_to_the_expression_they_stand_for(formula):
    for reader, text in ((parse_latex, formula.tex), (parse_expression, formula.text)):
        got = _read(reader, text)
        if formula.undefined:
            continue  # 1/0 on the way, or a budget: refusing is right, an answer is allowed
        assert got == formula.expr, (text, got, formula.expr)


@pytest.mark.slow
@FUZZ
@given(FORMULAS)
def test_the_echoed_latex_of_a_formula_reads_back(formula):
    assume(not formula.undefined)
    parsed = _read(parse_latex, formula.tex)
    assert parsed is not None
    assume(not parsed.has(sp.I))  # the readers take no imaginary unit in LaTeX
    for echo in (sp.latex(parsed), mesosym_latex(parsed)):
        back = parse_latex(echo)
        # SymPy may hold one value in two structures, (3*sqrt(2))*3**(3/4)/9 against
        # sqrt(2)*3**(3/4)/3: equal values are what the echo must preserve.
        assert back == parsed or sp.simplify(back - parsed) == 0, echo
