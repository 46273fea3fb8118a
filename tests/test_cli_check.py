r"""``mesosym check``: claims in manuscript LaTeX and in plain text, chains of steps, exit codes.

The claims are the letter's eqs. (22)-(30) and the textbook forms of the
two-level system and the Einstein solid, typed as a manuscript would; the
wrong ones are the slips people make.
"""

from __future__ import annotations

import pytest
from conftest import run_cli, run_cli_json

RIGHT = [
    # q, option, claim: LaTeX as in a manuscript, then plain text
    ("2", "--entropy", r"s = -u\ln u-(1-u)\ln(1-u)"),  # (22)
    ("2", "--entropy", "-u*ln(u) - (1 - u)*ln(1 - u)"),
    ("2", "--entropy", r"s(u) = -\left[u \ln u + (1-u)\,\ln\left(1-u\right)\right]"),
    ("2", "--beta", r"\beta\varepsilon = \ln\frac{1-u}{u}"),  # (23)
    ("2", "--beta", "log((1 - u)/u)"),
    ("3", "--saddle", r"u = \frac{x + 2x^2}{1 + x + x^2}"),  # (24)
    ("3", "--saddle", "u*(1 + x + x^2) = x + 2*x^2"),  # (24) cleared of denominators
    ("3", "--root", r"x^* = \frac{(u - 1) + \sqrt{1 + 6u - 3u^2}}{2(2 - u)}"),  # (25)
    ("3", "--entropy", r"s = \ln(1 + x^* + x^{*2}) - u \ln x^*"),  # (26)
    ("3", "--beta", r"\beta\epsilon = -\ln x_*"),  # (27)
    ("inf", "--root", r"x^{\ast} = \dfrac{u}{1+u}"),  # (28)
    ("inf", "--entropy", r"s = (1 + u)\ln(1 + u) - u\ln u"),  # (29), the Einstein solid
    ("inf", "--beta", "ln((1 + u)/u)"),  # (30)
    ("7", "--beta", r"-\ln x^*"),  # eq. (20) for q = 7: no closed form, proved through x*
]


@pytest.mark.parametrize(("q", "option", "claim"), RIGHT)
def test_right_claims_hold_and_are_echoed_as_latex(capsys, q, option, claim):
    code, data = run_cli_json(capsys, "check", "--q", q, option, claim)
    assert code == 0, data
    assert data["verdict"] in ("proved", "numerically equal, not proved")
    assert data["counterexample"] is None and data["slip"] is None
    assert data["parsed"] and data["reference"]
    assert "\\log" not in data["parsed"]  # one notation: \ln


WRONG = [
    ("2", "--entropy", r"-u\ln u-(1-u)\ln(1-u)+\ln 2", "constant"),
    ("2", "--entropy", "-u*ln(u) - (1 - u)*ln(1 - u) + ln(2)", "constant"),
    ("inf", "--entropy", r"(1+u)\ln(1+u) - u\ln u - 1", "constant"),  # Einstein solid - 1
    ("2", "--entropy", r"-u\log_{10} u-(1-u)\log_{10}(1-u)", "log10"),
    ("2", "--beta", r"\ln\frac{u}{1-u}", "sign"),
    ("2", "--entropy", r"-k_B\left[u\ln u+(1-u)\ln(1-u)\right]", "k_B"),
    ("inf", "--root", r"\frac{1+u}{u}", "reciprocal"),
    ("3", "--root", r"\frac{(u - 1) - \sqrt{1 + 6u - 3u^2}}{2(2 - u)}", "other_root"),
]


@pytest.mark.parametrize(("q", "option", "claim", "slip"), WRONG)
def test_wrong_claims_are_refuted_with_the_slip_named(capsys, q, option, claim, slip):
    code, data = run_cli_json(capsys, "check", "--q", q, option, claim)
    assert code == 1 and data["verdict"] == "refuted"
    assert data["counterexample"] and data["slip"]["name"] == slip


def test_text_output_echoes_the_parse_and_states_the_evidence(capsys):
    code, out, _ = run_cli(capsys, "check", "--q", "2", "--entropy", r"-u\ln u-(1-u)\ln(1-u)+\ln 2")
    assert code == 1
    assert r"read (latex) as: - u \ln{\left(u \right)}" in out
    assert "slip: your formula differs from the reference by the constant log(2)" in out
    code, out, _ = run_cli(capsys, "check", "--q", "4", "--beta", r"-\ln x^*")
    assert code == 0 and "proved" in out


def test_an_equation_true_everywhere_is_no_saddle_equation(capsys):
    code, data = run_cli_json(capsys, "check", "--q", "3", "--saddle", "u*x = x*u")
    assert code == 1 and data["verdict"] == "refuted"


@pytest.mark.parametrize(
    ("claim", "needle"),
    [
        (r"\input{/etc/passwd}", r"\input is not accepted"),
        (r"\frac{u", "never closed"),
        (r"u}", "column"),
        (r"\def\x{u}", "not accepted"),
        (r"\foo u", "not accepted"),
        ("__import__('os')", "unknown function '__import__'"),
        (r"x^* = u", "not the entropy"),
        ("", "empty"),
    ],
)
def test_malformed_or_hostile_latex_is_a_clear_error(capsys, claim, needle):
    code, out, err = run_cli(capsys, "check", "--q", "2", "--entropy", claim)
    assert code == 2 and out == ""
    assert err.startswith("mesosym: error: argument --entropy") and needle in err, err
    assert "Traceback" not in err


CHAIN = r"""\begin{align}
  s &= -u\ln u - (1-u)\ln(1-u) \\
    &= -\ln(1-u) - u\ln\frac{u}{1-u} \\
    &= -\ln(1-u) + u\ln\frac{1-u}{u} %s
\end{align}"""


def test_a_chain_that_holds(capsys, tmp_path):
    path = tmp_path / "chain.tex"
    path.write_text(CHAIN % "")
    code, data = run_cli_json(capsys, "check", "--q", "2", "--steps", str(path))
    assert code == 0 and data["first_failed_step"] is None
    assert [row["step"] for row in data["steps"]] == [1, 2, 3]


@pytest.mark.slow
def test_a_chain_names_its_first_wrong_step(capsys, tmp_path):
    path = tmp_path / "chain.tex"
    path.write_text(CHAIN % r"\\ &= \ln 2 \\ &= \ln 2")
    code, data = run_cli_json(capsys, "check", "--q", "2", "--steps", str(path))
    assert code == 1 and data["first_failed_step"] == 4
    code, out, _ = run_cli(capsys, "check", "--q", "2", "--steps", str(path))
    assert code == 1 and "step 4 does not follow from step 3" in out


def test_a_plain_text_chain(capsys, tmp_path):
    path = tmp_path / "chain.txt"
    path.write_text("s = (1 + u)*log(1 + u) - u*log(u)\n  = log(1 + u) + u*log(1 + 1/u)\n")
    code, data = run_cli_json(capsys, "check", "--q", "inf", "--steps", str(path))
    assert code == 0 and data["first_failed_step"] is None


def test_a_missing_steps_file_is_a_clear_error(capsys, tmp_path):
    code, _, err = run_cli(capsys, "check", "--q", "2", "--steps", str(tmp_path / "nope.tex"))
    assert code == 2 and "--steps" in err and "Traceback" not in err


def test_a_huge_constant_is_refuted_quickly(capsys):
    # regression: naming the constant e^(e^(e^10)) as a slip printed ~10^9566 digits
    code, data = run_cli_json(capsys, "check", "--q", "2", "--entropy", r"e^{e^{e^{10}}}")
    assert code == 1 and data["verdict"] == "refuted" and data["slip"] is None


def test_a_chain_step_with_a_named_slip(capsys, tmp_path):
    path = tmp_path / "chain.tex"
    path.write_text(r"s &= -u\ln u - (1-u)\ln(1-u) \\ &= u\ln u + (1-u)\ln(1-u)")
    code, data = run_cli_json(capsys, "check", "--q", "2", "--steps", str(path))
    assert code == 1 and data["first_failed_step"] == 2 and data["slip"]["name"] == "sign"
    assert [row["verdict"] for row in data["steps"]] == [None, "refuted"]


def test_a_point_claim_for_symbolic_q_reports_what_was_compared(capsys):
    """Regression: s(u*) = ln(q - 1) was refuted at q = 2 but printed "your value at
    u = u^*: 0" (the q = 2 value, unlabelled) and "no value for every q", though mesosym
    has s(u*) = ln q for every q (eq. 21)."""
    code, out, err = run_cli(capsys, "check", "--q", "q", "--entropy", r"s(u^*) = \ln(q-1)")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert "your value at u = u^*: 0" not in lines
    assert not any("no value for every q" in line for line in lines)
    # mesosym's value for every q, typed from eq. (21): s(u*) = ln q
    assert r"mesosym at u = u^*: \ln{\left(q \right)} for every q" in out
    # both values at the q of the counterexample, u* = (2 - 1)/2 = 1/2: ln 1 = 0 and ln 2
    assert r"compared at q = 2, u = u^* = 1/2: yours 0, mesosym \ln{\left(2 \right)}" in lines
    assert "values at q = 2: yours 0, mesosym 0.693147180559945309417232121458" in lines
    assert lines[-1] == "verdict: refuted at q = 2"
    code, data = run_cli_json(capsys, "check", "--q", "q", "--entropy", r"s(u^*) = \ln(q-1)")
    point = data["point"]
    assert (point["at_q"], point["yours"], point["every_q"]) == ("2", "0", r"\ln{\left(q \right)}")
