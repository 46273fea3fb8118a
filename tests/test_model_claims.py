r"""Part-B claims against a named model (mesosym.checking.model_claims, mesosym check --model).

The expected verdicts are derived by hand here, independently of the code:

* Open Ising chain, zero field: the spins form a Markov chain flipping with
  probability 1 - p, p = e^K / (2 cosh K).  Cut in two halves, the information is
  that of the two spins across the cut: I = ln 2 - H_2(p) = K tanh K - ln cosh K
  (H_2 the binary entropy in nats; p ln p + (1 - p) ln(1 - p) = K tanh K - ln(2 cosh K)).
* Z = 2 (2 cosh K)^(N - 1) (open chain, zero field), so ln Z = N ln 2 + (N - 1) ln cosh K.
* Two cells: TC = I, and the isolated halves are open chains of N/2 spins, so
  ln Z - sum ln Z_i = ln cosh K (one bond more), while -beta<W> = K tanh K
  (<s s'> = tanh K) and D_i = 0 (each half's marginal is its isolated state at zero
  field): the balance ln cosh K = K tanh K - (K tanh K - ln cosh K) holds, and the
  rebuttal's ln Z - sum ln Z_i = I (beta F = sum beta F_i - I) does not, as
  ln cosh K != K tanh K - ln cosh K for K != 0.
"""

from __future__ import annotations

import builtins
import json

import mpmath
import pytest
import sympy as sp
from conftest import PROOF_SECONDS, run_cli

from mesosym.checking.derivation import Verdict
from mesosym.checking.model_claims import (
    MAX_SIZES,
    check_model_claim,
    log_normal_zero,
    read_model_claim,
)
from mesosym.errors import BudgetError, DomainError, ParseError

REBUTTAL = r"\beta F = \sum_i \beta F_i - I"
BALANCE = r"\ln Z - \sum_i \ln Z_i = -\beta\langle W\rangle - \mathrm{TC} - \sum_i D_i"


def test_the_hand_derived_information_between_two_halves_matches_the_model():
    from mesosym.mesoscopic import IsingChain

    for K in (mpmath.mpf("0.3"), mpmath.mpf(-1), mpmath.mpf("1.7")):
        with mpmath.workdps(40):
            p = mpmath.exp(K) / (2 * mpmath.cosh(K))
            by_hand = mpmath.log(2) + p * mpmath.log(p) + (1 - p) * mpmath.log(1 - p)
            closed = K * mpmath.tanh(K) - mpmath.log(mpmath.cosh(K))
            assert abs(by_hand - closed) < mpmath.mpf(10) ** -35
            value = IsingChain(10, sp.Rational(str(K))).split(2).mutual_information(0, 1)
            assert abs(value - by_hand) < mpmath.mpf(10) ** -25


@pytest.mark.slow
def test_the_zero_field_information_is_verified_for_every_size_of_a_range():
    claim = r"I = K\tanh K - \ln\cosh K"
    # the default 1 s per size is not enough at --cpu-scale 5: it would assert the speed
    r = check_model_claim(claim, sites=range(2, 11), cells=2, budget=PROOF_SECONDS)
    assert r.verdict is Verdict.VERIFIED and r.sizes == (2, 4, 6, 8, 10)
    assert "sizes checked" in r.notes[0]


def test_the_rebuttal_is_refuted_and_answered_with_the_exact_balance():
    r = check_model_claim(REBUTTAL, sites=8, cells=2)
    assert r.verdict is Verdict.REFUTED
    assert set(r.counterexample) == {"K", "h", "N"} and r.counterexample["N"] == "8"
    assert r.values["lhs"] != r.values["rhs"]
    b = r.balance
    assert b is not None and b["relation"].startswith(r"\ln Z - \sum_i \ln Z_i")
    terms = [mpmath.mpf(b[k]) for k in ("-beta<W>", "-TC", "-sum_i D_i")]
    assert abs(mpmath.mpf(b["ln Z - sum_i ln Z_i"]) - sum(terms)) < 1e-18
    K = mpmath.mpf(sp.Rational(r.counterexample["K"]).p) / sp.Rational(r.counterexample["K"]).q
    assert abs(mpmath.mpf(b["-beta<W>"]) - K * mpmath.tanh(K)) < 1e-18  # <s s'> = tanh K


@pytest.mark.parametrize("coupling", [None, 1])
def test_the_exact_balance_is_proved(coupling):
    # the default 1 s proof budget is not enough at --cpu-scale 5: it would assert the speed
    r = check_model_claim(BALANCE, sites=8, cells=2, coupling=coupling, budget=PROOF_SECONDS)
    assert r.verdict is Verdict.PROVED


@pytest.mark.parametrize(
    ("claim", "kwargs", "verdict"),
    [
        (r"\ln Z = N\ln 2 + (N-1)\ln\cosh K", {"sites": 10}, Verdict.PROVED),
        # wrong: N factors 2 cosh K, one bond too many
        (r"\ln Z = N\ln(2\cosh K)", {"sites": 10}, Verdict.REFUTED),
        (r"\ln Z - \sum_i \ln Z_i = \ln\cosh K", {"sites": 8}, Verdict.PROVED),
        (r"\mathrm{TC} = I", {"sites": 6}, Verdict.PROVED),
        (r"\sum_i D_i = 0", {"sites": 6}, Verdict.PROVED),
        # wrong: with a field the marginals differ from the isolated cells
        (r"\sum_i D_i = 0", {"sites": 6, "field": sp.Rational(3, 10)}, Verdict.REFUTED),
        (r"I \ge 0", {"sites": 6}, Verdict.NUMERIC),
        # wrong: information is never negative
        (r"I \le 0", {"sites": 6, "coupling": 1}, Verdict.REFUTED),
        pytest.param(
            r"\ln Z_{\mathrm{mes}} \le \ln Z",
            {"sites": 12, "cell_size": 3},
            Verdict.NUMERIC,
            marks=pytest.mark.slow,
        ),
    ],
)
def test_verdicts_derived_by_hand(claim, kwargs, verdict):
    assert check_model_claim(claim, **kwargs, budget=PROOF_SECONDS).verdict is verdict


def test_a_claim_is_read_with_its_quantities_and_relation():
    c = read_model_claim(r"\mathrm{TC} \ge I(1:3) + D_2")
    assert c.relation == ">=" and sorted(k for k, _ in c.quantities.values()) == [
        "Di",
        "I",
        "TC",
    ]
    assert ("I", (1, 3)) in c.quantities.values()
    assert "I(1:3)" in c.latex()


@pytest.mark.parametrize(
    ("claim", "error", "message"),
    [
        ("x + 1 = 2", ParseError, "unknown symbol 'x'"),
        (r"\ln Z", ParseError, "one '='"),
        (r"I = 0 = \mathrm{TC}", ParseError, "found a second"),
        (r"I(1:5) = 0", DomainError, "cell 5 does not exist"),
        (r"\ln Z_{\mathrm{mes}} = \ln Z", DomainError, "cell_size"),
    ],
)
def test_bad_claims_are_refused_with_the_reason(claim, error, message):
    with pytest.raises(error, match=message):
        check_model_claim(claim, sites=6, coupling=1)


def test_a_range_beyond_the_budget_is_refused_before_any_work():
    with pytest.raises(BudgetError, match="MAX_SIZES"):
        check_model_claim("I = 0", sites=range(1, MAX_SIZES + 2), cells=1)


def test_log_normal_form_is_a_proof_and_never_a_false_one():
    import time

    K = sp.Symbol("K", real=True)
    deadline = time.process_time() + 10
    assert log_normal_zero(sp.log(sp.exp(2 * K) + 1) - K - sp.log(2 * sp.cosh(K)), [K], deadline)
    assert not log_normal_zero(sp.log(sp.cosh(K)) - K * sp.tanh(K), [K], deadline)


def test_cli_exit_codes_and_json(capsys):
    code, out, _ = run_cli(
        capsys, "check", "--model", "ising", "--sites", "8", "--cells", "2", REBUTTAL
    )
    assert code == 1 and "counterexample: K = " in out and "the exact relation" in out
    code, out, _ = run_cli(
        capsys,
        "check",
        "--model",
        "ising",
        "--sites",
        "8",
        "--coupling",
        "1",
        "--format",
        "json",
        BALANCE,
    )
    data = json.loads(out)
    assert code == 0 and data["verdict"] == "proved" and data["free"] == []
    code, _, err = run_cli(capsys, "check", "--model", "ising", "--cells", "2", "I = 0")
    assert code == 2 and "--sites" in err
    code, _, err = run_cli(capsys, "check", "--model", "ising", "--sites", "8", "y = 0")
    assert code == 2 and "unknown symbol 'y'" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "check", "--model", "ising", "--sites", "7", "I = 0")
    assert code == 2 and "dividing sites" in err


def test_cli_model_claims_are_never_evaluated(capsys, monkeypatch):
    def forbidden(*args, **kwargs):  # pragma: no cover - must not be called
        raise AssertionError("eval called")

    argv = ("check", "--model", "ising", "--sites", "4", "--coupling", "1", r"I \ge 0")
    run_cli(capsys, *argv)  # the command's imports done before the patch (numpy calls eval)
    monkeypatch.setattr(builtins, "eval", forbidden)
    code, out, _ = run_cli(capsys, *argv)
    assert code == 0 and "holds" in out
