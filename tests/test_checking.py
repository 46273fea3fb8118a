"""The checking policy lives in the library, and the command line only formats it."""

from __future__ import annotations

import pytest
import sympy as sp
from conftest import PROOF_SECONDS, run_cli_json

from mesosym import EquispacedLevels
from mesosym.checking import formulas as checking
from mesosym.checking.derivation import Verdict, check_identity
from mesosym.errors import DomainError
from mesosym.known import letter
from mesosym.symbols import q, u, x


def test_closed_forms_are_proved():
    assert checking.check_formula(2, "entropy", letter["22"]).verdict is Verdict.PROVED
    assert checking.check_formula(sp.oo, "beta", letter["30"]).verdict is Verdict.PROVED
    assert checking.check_formula(q, "saddle", letter["18"]).verdict is Verdict.PROVED


@pytest.mark.slow
def test_without_closed_form_the_check_is_numeric():
    radical = EquispacedLevels(4).saddle_point()
    outcome = checking.check_formula(4, "beta", -sp.log(radical))
    assert outcome.verdict is Verdict.NUMERIC and not outcome.sampled
    assert outcome.results[0][1].points > 0


def test_symbolic_q_is_sampled_at_the_stated_values_and_never_called_proved():
    s_general = EquispacedLevels(2).entropy()  # the q = 2 entropy, claimed for every q
    outcome = checking.check_formula(q, "entropy", s_general)
    assert outcome.sampled and outcome.verdict is Verdict.REFUTED
    assert [qq for qq, _ in outcome.results] == [2, 3]  # q = 2 agrees, q = 3 refutes
    assert outcome.results[0][1].verdict is Verdict.PROVED


def test_a_wrong_formula_is_refuted_with_a_counterexample():
    outcome = checking.check_formula(3, "entropy", sp.log(3) - u**2)
    assert not outcome and outcome.results[0][1].counterexample


def test_domain_and_provability_are_the_librarys():
    assert checking.domain(5, "beta") == {u: (0, 4)}
    assert checking.domain(q, "saddle") == {x: (0, 10), q: (2, 12)}
    assert checking.reference(EquispacedLevels(3), "entropy")[1] is True
    assert checking.reference(EquispacedLevels(7), "entropy")[1] is False
    assert checking.CHECK_Q_VALUES == (2, 3, 4, 5, 8)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ((3, "energy", u), "quantity"),
        ((1, "entropy", u), "q"),
        ((3, "entropy", u + q), "may use only u"),
        ((3, "entropy", "u"), "SymPy expression"),
    ],
)
def test_bad_input_names_the_argument(args, needle):
    with pytest.raises(DomainError, match=needle):
        checking.check_formula(*args)


TWO_LEVEL_S = -u * sp.log(u) - (1 - u) * sp.log(1 - u)
GENERAL_S = sp.log((1 - x**q) / (1 - x)) - u * sp.log(x)  # eq. (19), x = x*(u)


@pytest.mark.parametrize(
    ("qq", "option", "claim", "verdict", "checked_at_q"),
    [
        # the q = 2 entropy claimed for every q: agrees at q = 2, refuted at q = 3
        ("q", "entropy", TWO_LEVEL_S, "refuted", [2, 3]),
        pytest.param(  # eq. (19) for every q: sampled at each CHECK_Q_VALUES, never proved
            "q",
            "entropy",
            GENERAL_S,
            "numerically equal, not proved",
            [2, 3, 4, 5, 8],
            marks=pytest.mark.slow,
        ),
        ("3", "entropy", sp.log(3) - u**2, "refuted", None),  # ln 3 only at u* = 1
        ("2", "beta", sp.log((1 - u) / u), "proved", None),  # eq. (23)
    ],
)
def test_the_command_line_reports_the_librarys_checking_policy(
    capsys, qq, option, claim, verdict, checked_at_q
):
    """Regression: cli.py used to choose q, the domain and whether to prove.  What a user
    sees is the library's decision: its verdict, its q values, its method, its domain."""
    code, data = run_cli_json(capsys, "check", "--q", qq, f"--{option}", str(claim))
    assert code == (verdict == "refuted") and data["verdict"] == verdict
    sampled = data["checked_at_q"] and [int(v) for v in data["checked_at_q"]]
    assert sampled == checked_at_q
    outcome = checking.check_formula(q if qq == "q" else int(qq), option, claim)
    last_q, last = outcome.results[-1]
    assert data["verdict"] == outcome.verdict.value
    if verdict != "numerically equal, not proved":  # else the rung named depends on the
        assert data["method"] == last.method  # CPU a proof attempt got before its limit
    assert sampled == ([v for v, _ in outcome.results] if outcome.sampled else None)
    if verdict == "refuted":  # the counterexample lies in the library's domain
        low, high = checking.domain(last_q, option)[u]
        assert low <= sp.Rational(data["counterexample"]["u"]) <= high
        assert data["counterexample_q"] == str(last_q)


# -- issue 9: constants, plain symbols, x*, budgets, chains -------------------------------
def test_a_claim_off_by_a_constant_is_refuted_not_an_error():
    # regression: the difference log(2) has no free symbols ("cannot evaluate at {}")
    outcome = checking.check_formula(2, "entropy", letter["22"] + sp.log(2))
    assert outcome.verdict is Verdict.REFUTED
    assert sp.simplify(outcome.slip.value - sp.log(2)) == 0


def test_a_plain_sympy_symbol_matches_by_name_with_a_note():
    plain = sp.Symbol("u")
    outcome = checking.check_formula(2, "entropy", letter["22"].subs(u, plain))
    assert outcome.verdict is Verdict.PROVED
    assert any("your symbol u" in note for note in outcome.notes)


@pytest.mark.slow
def test_x_in_an_entropy_claim_is_the_saddle_point_and_is_proved_for_any_q():
    for qq in (3, 5, 7):
        poly = sum(x**k for k in range(qq))
        outcome = checking.check_formula(qq, "entropy", sp.log(poly) - u * sp.log(x))  # eq. (19)
        assert outcome.verdict is Verdict.PROVED, qq


@pytest.mark.slow
def test_beta_is_ds_du_proved_for_q7_through_the_implicit_root():
    levels = EquispacedLevels(7)
    ds_du = sp.diff(levels.entropy(implicit=True), u)
    # the default 1 s proof budget is not enough at --cpu-scale 3: it would assert the speed
    outcome = checking.check_formula(7, "beta", ds_du, budget=PROOF_SECONDS)
    assert outcome.verdict is Verdict.PROVED
    assert "change of variables" in outcome.results[0][1].method


@pytest.mark.slow
def test_a_large_identity_falls_back_to_numerics_and_says_so():
    levels = EquispacedLevels(7)
    ds_du = sp.diff(levels.entropy(implicit=True), u)
    result = check_identity(ds_du, levels.inverse_temperature(implicit=True), domain={u: (0, 6)})
    assert result.verdict is Verdict.NUMERIC
    assert result.notes and "budget" in result.notes[0]


def test_saddle_equation_in_any_equivalent_form():
    assert checking.check_formula(3, "saddle", sp.Eq(u * (1 + x + x**2), x + 2 * x**2))
    wrong = checking.check_formula(3, "saddle", sp.Eq(u * (1 + x + x**2), x + 3 * x**2))
    assert wrong.verdict is Verdict.REFUTED


@pytest.mark.slow
def test_a_chain_reports_its_first_failed_step():
    s2 = letter["22"]
    steps = [s2, -sp.log(1 - u) - u * sp.log(u / (1 - u)), sp.log(2), sp.log(2)]
    outcome = checking.check_chain(2, steps)
    assert outcome.first_failed_step == 3
    assert checking.check_chain(2, steps[:2]).first_failed_step is None


def test_a_derivation_built_step_by_step_reports_each_step():
    import io

    from mesosym.checking.derivation import Derivation

    out = io.StringIO()
    d = Derivation("q = 2").equals(
        sp.log((1 - u) / u), start=sp.diff(letter["22"], u), domain={u: (0, 1)}, out=out
    )
    d = d.equals(sp.log(u / (1 - u)), domain={u: (0, 1)}, out=out)
    assert out.getvalue().splitlines()[0].startswith("step 1 holds: proved")
    assert out.getvalue().splitlines()[1].startswith("step 2 FAILS: refuted")
    assert d.first_failed_step == 2


def test_results_show_in_notebooks_in_one_notation():
    outcome = checking.check_formula(7, "beta", -sp.log(x))
    tex = outcome._repr_latex_()
    assert tex.startswith("$") and r"x^{*}" in tex and r"\log" not in tex and "proved" in tex
    result = check_identity(sp.log(u**2), 2 * sp.log(u))
    assert r"\ln" in result._repr_latex_() and "proved" in result._repr_latex_()
