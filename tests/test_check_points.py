r"""Claims at one point: the letter's special values, wrong values and their slips, the edges.

The expected values are the letter's (eq. (21): s(u*) = ln q, beta*eps(u*) = 0,
x*(u*) = 1; eqs. (22)-(30) at hand-computed points) and the limits at the
edges (s = 0, beta*eps = +-oo); the numbers at other points are recomputed
here with mpmath's polynomial roots, independently of mesosym's solver.
"""

from __future__ import annotations

import functools

import mpmath
import pytest
import sympy as sp
from conftest import PROOF_SECONDS, cpu_budget, run_cli, run_cli_json

import mesosym.cli.check  # noqa: F401 - before no_eval: typing.NamedTuple calls eval
from mesosym import budget
from mesosym.checking.claims import parse_claim
from mesosym.checking.derivation import Verdict
from mesosym.checking.formulas import check_formula, check_point
from mesosym.checking.points import value_at
from mesosym.errors import DomainError, ParseError
from mesosym.levels.spectrum import EquispacedLevels
from mesosym.symbols import k_B, q, u, u_star, x

HALF = sp.Rational(1, 2)
THIRD = sp.Rational(1, 3)


# -- the letter's stated special values, proved ------------------------------------------

STAR = [2, 3, 5, 10, q]


@pytest.mark.parametrize("levels", STAR)
@pytest.mark.parametrize(
    ("quantity", "value"),
    [("entropy", sp.log(q)), ("beta", sp.S.Zero), ("root", sp.S.One)],  # eq. (21)
)
def test_at_u_star_the_letter_s_values_are_proved(levels, quantity, value):
    claim = value.subs(q, levels) if levels is not q else value
    for at in (u_star, (q - 1) / 2 if levels is q else sp.Rational(levels - 1, 2)):
        check = check_formula(levels, quantity, claim, at=at)
        assert check.verdict is Verdict.PROVED, check.results
        assert check.point[0] == u and check.point[1] == at


@pytest.mark.parametrize("levels", [2, 3, 5, 10, sp.oo, q])
@pytest.mark.parametrize(
    ("quantity", "at_zero", "at_top"),
    [("entropy", 0, 0), ("beta", sp.oo, -sp.oo), ("root", 0, sp.oo)],
)
def test_the_edges_are_limits(levels, quantity, at_zero, at_top):
    assert check_formula(levels, quantity, at_zero, at=0).verdict is Verdict.PROVED
    if levels is not sp.oo:
        top = q - 1 if levels is q else levels - 1
        assert check_formula(levels, quantity, at_top, at=top).verdict is Verdict.PROVED
    wrong = check_formula(levels, quantity, 1 if at_zero != 1 else 2, at=0)
    assert wrong.verdict is Verdict.REFUTED


@pytest.mark.parametrize(
    ("levels", "quantity", "claim", "at"),
    [
        (sp.oo, "entropy", 2 * sp.log(2), 1),  # eq. (29): the Einstein solid, s(1) = 2 ln 2
        (sp.oo, "beta", sp.log(2), 1),  # eq. (30)
        (sp.oo, "root", HALF, 1),  # eq. (28)
        (2, "entropy", sp.log(2), HALF),  # eq. (22)
        (2, "beta", sp.log(2), THIRD),  # eq. (23): ln((1 - u)/u) = ln 2 at u = 1/3
        (2, "root", HALF, THIRD),
        (3, "root", (sp.sqrt(13) - 1) / 6, HALF),  # eq. (25)
        (3, "saddle", sp.Rational(4, 7), HALF),  # eq. (24): (1/2 + 1/2)/(1 + 1/2 + 1/4)
        (q, "saddle", (q - 1) / 2, 1),  # x* = 1 at u*, for every q
    ],
)
def test_the_letter_s_closed_forms_at_a_point_are_proved(levels, quantity, claim, at):
    check = check_formula(levels, quantity, claim, at=at)
    assert check.verdict is Verdict.PROVED, check.results


def test_eq_26_at_u_one_half_with_the_radical_of_eq_25():
    r = (sp.sqrt(13) - 1) / 6
    claim = sp.log(1 + r + r**2) - HALF * sp.log(r)
    assert check_formula(3, "entropy", claim, at=HALF).verdict is Verdict.PROVED


def _x_star(levels, at):
    """The positive root of sum_k (k - u) x^k, from mpmath's polyroots (not mesosym's solver)."""
    with mpmath.workdps(60):
        coeffs = [mpmath.mpf(k) - mpmath.mpf(at.p) / at.q for k in range(levels)][::-1]
        roots = mpmath.polyroots(coeffs, maxsteps=200, extraprec=200)
        return [r for r in roots if abs(mpmath.im(r)) < 1e-40 and mpmath.re(r) > 0][0].real


@pytest.mark.parametrize(
    ("levels", "at"),
    [(5, sp.S.One), (7, THIRD), pytest.param(10, sp.Rational(5, 2), marks=pytest.mark.slow)],
)
def test_values_at_an_interior_point_match_an_independent_root(levels, at):
    r = _x_star(levels, at)
    with mpmath.workdps(60):
        s = mpmath.log(sum(r**k for k in range(levels))) - at.p / mpmath.mpf(at.q) * mpmath.log(r)
        beta = -mpmath.log(r)
    lv = EquispacedLevels(levels)
    for quantity, expected in (("root", r), ("beta", beta), ("entropy", s)):
        point = value_at(lv, quantity, at)
        got = str(point.evaluate(point.value, 40))
        with mpmath.workdps(60):
            assert abs(mpmath.mpf(got) - expected) < mpmath.mpf(10) ** -35


def test_formulas_in_x_star_are_proved_by_exact_arithmetic_in_its_field():
    # the entropy of eq. (19) in geometric form; beta written as ln(1/x*^2)/2
    s7 = sp.log((1 - x**7) / (1 - x)) - u * sp.log(x)
    check = check_formula(7, "entropy", s7, at=1)
    assert check.verdict is Verdict.PROVED
    assert "logarithms' arguments" in check.results[0][1].method
    assert check_formula(7, "beta", sp.log(1 / x**2) / 2, at=1).verdict is Verdict.PROVED
    assert any("x* = 0.5168211832799" in n for n in check.results[0][1].notes)


def test_no_proof_within_the_budget_is_numeric_and_says_so():
    check = check_formula(7, "beta", -sp.log(x), at=1, budget=0)
    assert check.verdict is Verdict.NUMERIC
    assert "no exact proof within 0 CPU s" in check.results[0][1].method


@pytest.mark.slow
def test_a_formula_is_evaluated_by_its_limit_at_the_edges(monkeypatch):
    # eq. (26) at u = 2 is a limit along u(x*): 0.75 CPU s idle of the claim's evaluation
    # limit, 5 s (refused at --cpu-scale 5); the test is about the verdicts, not the speed
    monkeypatch.setattr(budget, "EVALUATION_SECONDS", PROOF_SECONDS)
    check = functools.partial(check_formula, budget=PROOF_SECONDS)
    s2 = -u * sp.log(u) - (1 - u) * sp.log(1 - u)  # eq. (22): 0 log 0 -> 0
    assert check(2, "entropy", s2, at=0).verdict is Verdict.PROVED
    assert check(2, "entropy", s2, at=1).verdict is Verdict.PROVED
    assert check(2, "beta", sp.log((1 - u) / u), at=0).verdict is Verdict.PROVED
    assert check(2, "beta", sp.log(u / (1 - u)), at=0).slip.name == "sign"
    s3 = sp.log(1 + x + x**2) - u * sp.log(x)  # eq. (26), along the curve u(x*) to x* -> oo
    assert check(3, "entropy", s3, at=2).verdict is Verdict.PROVED
    assert check(3, "entropy", s3, at=0).verdict is Verdict.PROVED


# -- wrong values, refuted with their slips -----------------------------------------------


@pytest.mark.parametrize(
    ("levels", "quantity", "claim", "at", "slip"),
    [
        (5, "entropy", sp.log(5) / sp.log(10), u_star, "log10"),
        (q, "entropy", sp.log(q) / sp.log(10), u_star, "log10"),
        (2, "beta", -sp.log(2), THIRD, "sign"),
        (2, "beta", -sp.oo, 0, "sign"),
        (sp.oo, "root", 2, 1, "reciprocal"),
        (3, "root", (-sp.sqrt(13) - 1) / 6, HALF, "other_root"),
        (3, "entropy", k_B * sp.log(3), 1, "k_B"),
        (10, "entropy", 2 * sp.log(10), u_star, "factor"),
    ],
)
def test_wrong_values_are_refuted_with_the_slip_named(levels, quantity, claim, at, slip):
    check = check_formula(levels, quantity, claim, at=at)
    assert check.verdict is Verdict.REFUTED
    assert check.slip is not None and check.slip.name == slip


def test_at_a_point_a_shift_is_no_slip():
    check = check_formula(3, "entropy", sp.log(3) + 1, at=1)
    assert check.verdict is Verdict.REFUTED and check.slip is None


# -- the readers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quantity", "point"),
    [
        (r"s(1/2) = \ln 2", "s", (u, HALF)),
        (r"s\left(\frac12\right) = \ln 2", "s", (u, HALF)),
        ("s(1/2) = ln(2)", "s", (u, HALF)),
        (r"s(u) = \ln 2 \text{ for } u = 1/2", "s", (u, HALF)),
        (r"\beta\varepsilon(1) = 0", "beta_eps", (u, 1)),
        ("beta*eps(1) = 0", "beta_eps", (u, 1)),
        (r"x^*(1) = 1", "x_star", (u, 1)),
        ("x*(0) = 0", "x_star", (u, 0)),
        (r"s(u^*) = \ln 3", "s", (u, u_star)),
        ("s(u*) = ln(3)", "s", (u, u_star)),
        (r"s = \ln 3 \text{ at } u = u^*", "s", (u, u_star)),
        ("u(1) = 1/2", "u", (sp.Symbol("x", positive=True), 1)),
    ],
)
def test_a_point_is_read_from_the_argument_or_a_condition(text, quantity, point):
    claim = parse_claim(text)
    assert claim.quantity == quantity and claim.point == point


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (r"s(1/2) = u\ln 2", "the value at u = 1/2 uses u"),
        ("s(2*u) = 1", "the argument '2\\*u' of 's'"),
        (r"s(1/2) = 1 \text{ at } u = 1/3", "a second point"),
        (r"u = x \text{ where } t = 1", "fixes t to one value"),
    ],
)
def test_malformed_points_are_parse_errors(text, message):
    with pytest.raises(ParseError, match=message):
        parse_claim(text)


@pytest.mark.parametrize(
    ("levels", "quantity", "at", "message"),
    [
        (2, "entropy", 3, r"u = 3 lies outside the domain \[0, 1\] of u for q = 2"),
        (2, "entropy", -1, "outside the domain"),
        (sp.oo, "entropy", u_star, r"u = u\^\* = oo lies outside"),
        (q, "entropy", q, "outside the domain .* for every q >= 2"),
        (sp.oo, "saddle", 1, r"x = 1 lies outside the domain \[0, 1\)"),
        (2, "entropy", "1/2", "not text"),
        (2, "saddle", u_star, "u\\^\\* is a value of u"),
    ],
)
def test_points_outside_the_domain_are_refused(levels, quantity, at, message):
    with pytest.raises(DomainError, match=message):
        check_point(levels, quantity, 0, at)


def test_a_float_point_is_the_decimal_it_shows():
    assert check_formula(2, "entropy", sp.log(2), at=0.5).point == (u, HALF)


def test_a_point_that_fits_only_larger_q_skips_the_rest_with_a_note():
    check = check_formula(q, "root", 1, at=3)  # x*(3) = 1 only for q = 7
    assert [qq for qq, _ in check.results][0] == 4
    assert any("q = 2 skipped" in n for n in check.notes)


# -- the command line ----------------------------------------------------------------------


def test_cli_point_claim_in_text_and_json(capsys):
    code, out, err = run_cli(
        capsys, "check", "--q", "2", "--entropy", r"s(u) = \ln 2 \text{ for } u = 1/2"
    )
    assert code == 0 and err == ""
    assert "for q = 2 at u = 1/2" in out and "verdict: proved" in out
    code, data = run_cli_json(capsys, "check", "--q", "5", "--entropy", "s(u*) = ln(5)")
    assert code == 0 and data["verdict"] == "proved"
    assert data["point"]["variable"] == "u" and data["point"]["value"] == "u^*"
    assert data["point"]["numeric"]["mesosym"].startswith("1.6094379124341")  # ln 5


def test_cli_wrong_point_claim_names_the_slip(capsys):
    code, data = run_cli_json(capsys, "check", "--q", "q", "--entropy", r"s(u^*) = \log_{10} q")
    assert code == 1 and data["verdict"] == "refuted" and data["slip"]["name"] == "log10"
    code, data = run_cli_json(
        capsys, "check", "--q", "3", "--beta", r"\beta\varepsilon(0) = -\infty"
    )
    assert code == 1 and data["slip"]["name"] == "sign" and data["point"]["value"] == "0"
    code, data = run_cli_json(
        capsys, "check", "--q", "3", "--beta", r"\beta\varepsilon(0) = \infty"
    )
    assert code == 0 and data["verdict"] == "proved"


@pytest.mark.parametrize(
    ("option", "claim", "message"),
    [
        ("--entropy", "s(3) = 0", "u = 3 lies outside the domain [0, 1]"),
        ("--entropy", "s(-1/2) = 0", "outside the domain"),
        ("--entropy", r"s = \ln 2 \text{ at } x = 1", "x stands for x*(u)"),
        ("--saddle", r"u = 1 \text{ at } u = 1/2", "state its point as x ="),
        ("--root", "x*(y) = 1", "unknown name 'y'"),
        ("--beta", r"\beta\varepsilon(1/2, 1) = 0", "argument"),
    ],
)
def test_cli_malformed_points_exit_2_with_one_line(capsys, option, claim, message):
    code, out, err = run_cli(capsys, "check", "--q", "2", option, claim)
    assert code == 2 and out == ""
    assert err.startswith("mesosym: error:") and err.count("\n") == 1
    assert message in err, err


def test_cli_point_text_is_never_evaluated(capsys, no_eval):
    code, out, _ = run_cli(capsys, "check", "--q", "inf", "--entropy", r"s(1) = 2\ln 2")  # eq. (29)
    assert code == 0 and "verdict: proved" in out


def test_a_rational_x_star_is_decided_exactly_where_50_digits_cannot_tell():
    # q = 1000: x*(1) differs from the q = oo value 1/2 by about 2^-1000
    check = check_formula(1000, "root", HALF, at=1)
    assert check.verdict is Verdict.REFUTED
    assert "exact rational arithmetic in eq. (18)" in check.results[0][1].method
    # q = 4 at u = 11/15: x* = 1/2 exactly, (1/2 + 2/4 + 3/8)/(1 + 1/2 + 1/4 + 1/8) = 11/15
    assert check_formula(4, "root", HALF, at=sp.Rational(11, 15)).verdict is Verdict.PROVED


def test_regression_huge_q_answers_without_minutes_of_assumption_queries():
    # SymPy's sign analysis of 1 - x*^q took minutes for q = 10^6
    with sp.evaluate(False):  # an API input (the readers cap exponents); SymPy takes 30 s alone
        s = sp.log((1 - x**10**6) / (1 - x)) - u * sp.log(x)
    assert check_formula(10**6, "entropy", s, at=1).verdict is not Verdict.REFUTED
    assert check_formula(10**6, "entropy", HALF, at=1).verdict is Verdict.REFUTED


def test_a_workers_answer_is_rebuilt_as_built_not_evaluated_again():
    # unpickling evaluates: mesosym's own log((1 - x*^q)/(1 - x*)) at q = 10^6 took a minute
    # of sign analysis in the parent, outside the worker's CPU limit
    from mesosym.checking.derivation import run_bounded

    with sp.evaluate(False):
        value = sp.log((1 - x**10**6) / (1 - x)) + sp.exp(x) * 2
    with cpu_budget(20):
        finished, back = run_bounded(lambda: value, cpu_seconds=5)
    assert finished and back == value
