r"""The notation of manuscripts (mesosym.checking.notation and the readers' additions).

Each expected value is typed from the hand derivation in its comment.
"""

from __future__ import annotations

import json

import pytest
import sympy as sp
from conftest import run_cli

from mesosym.checking.claims import parse_claim, parse_steps
from mesosym.checking.derivation import Verdict
from mesosym.checking.formulas import check_formula
from mesosym.checking.parse_latex import MAX_DERIVATIVES, parse_latex, real_root
from mesosym.errors import ParseError
from mesosym.levels.spectrum import Spectrum
from mesosym.symbols import u, x

TWO_LEVEL_BETA = sp.log((1 - u) / u)  # eq. (23)


@pytest.mark.parametrize(
    "text",
    [
        r"\frac{1}{k_B T} = \frac{1}{\varepsilon}\ln\frac{1-u}{u}",  # beta = ln(..)/eps
        r"\frac{\varepsilon}{k_B T} = \ln\frac{1-u}{u}",
        r"\frac{k_B T}{\varepsilon} = \frac{1}{\ln\frac{1-u}{u}}",
        r"k_B T = \frac{\varepsilon}{\ln\frac{1-u}{u}}",
        r"T = \frac{\varepsilon}{k_B\ln\frac{1-u}{u}}",
        r"\frac{\partial s}{\partial u} = \ln\frac{1-u}{u}",
        r"\frac{\mathrm{d}s}{\mathrm{d}u} = \ln(1-u) - \ln u",
        r"\frac{\partial S}{\partial E} = \frac{k_B}{\varepsilon}\ln\frac{1-u}{u}",  # 1/T
        r"\beta\varepsilon = \ln\frac{N\varepsilon - E}{E}",  # u = E/(N eps)
        r"\beta\varepsilon = \ln\frac{N - M}{M}",  # M = N u quanta
        # artanh(2u-1) = ln(u/(1-u))/2
        pytest.param(r"\beta\varepsilon = -2\tanh^{-1}(2u - 1)", marks=pytest.mark.slow),
        pytest.param(
            r"\beta\varepsilon = -2\tanh^{-1}(2m) \quad \text{where } m = u - \tfrac12",
            marks=pytest.mark.slow,
        ),
        "β·ε = ln((1−u)/u)",
        "∂s/∂u = ln((1−u)/u)",
        "1/(k_B*T) = log((1 - u)/u)/eps",
    ],
)
def test_forms_of_beta_eps_read_as_the_two_level_inverse_temperature(text):
    claim = parse_claim(text, allowed={"u": u, "x": x})
    assert claim.quantity == "beta_eps"
    assert check_formula(2, "beta", claim.expression).verdict is not Verdict.REFUTED


@pytest.mark.parametrize(
    "text",
    [
        r"S = N k_B\left[-u\ln u - (1-u)\ln(1-u)\right]",
        r"\frac{S}{N k_B} = -u\ln u - (1-u)\ln(1-u)",
        r"\frac{S}{N} = -k_B\left[u\ln u + (1-u)\ln(1-u)\right]",
        r"S = k_B\left[N\ln N - \frac{E}{\varepsilon}\ln\frac{E}{\varepsilon}"
        r" - \left(N - \frac{E}{\varepsilon}\right)"
        r"\ln\left(N - \frac{E}{\varepsilon}\right)\right]",
        r"s = -(\tfrac12 + m)\ln(\tfrac12 + m) - (\tfrac12 - m)\ln(\tfrac12 - m)"
        r" \quad\text{with } m = u - \tfrac12",
        "−u ln u − (1−u) ln(1−u)",
        "S = N*k_B*(-u*log(u) - (1 - u)*log(1 - u))",
    ],
)
def test_forms_of_the_entropy_read_as_the_two_level_entropy(text):
    claim = parse_claim(text, allowed={"u": u, "x": x, "k_B": sp.Symbol("k_B", positive=True)})
    assert claim.quantity in ("s", None)
    s = -u * sp.log(u) - (1 - u) * sp.log(1 - u)
    assert check_formula(2, "entropy", claim.expression).verdict in (
        Verdict.PROVED,
        Verdict.NUMERIC,
    ), (text, claim.expression, s)


def test_a_right_hand_side_in_other_units_is_refused_naming_the_symbol():
    # 1/(k_B T) has units 1/energy; ln((1-u)/u) is a pure number
    with pytest.raises(ParseError, match="depends on eps: its units differ"):
        parse_claim(r"\frac{1}{k_B T} = \ln\frac{1-u}{u}", allowed={"u": u})


def test_derivative_operators_inside_a_row():
    d = parse_latex(r"\frac{\mathrm{d}}{\mathrm{d}u}\left[-u\ln u-(1-u)\ln(1-u)\right]")
    assert (
        sp.simplify(d - TWO_LEVEL_BETA.expand(force=True)) == 0
        or sp.simplify(sp.expand_log(d - TWO_LEVEL_BETA, force=True)) == 0
    )
    assert parse_latex(r"\frac{\partial}{\partial u}(u^3)") == 3 * u**2
    with pytest.raises(ParseError, match="brackets"):
        parse_latex(r"\frac{d}{du} u")
    with pytest.raises(ParseError, match="x\\^\\* depends on u"):
        parse_latex(r"\frac{d}{du}\left[u\ln x^*\right]")
    assert parse_latex(r"\frac{d}{du}" * 2 + "(u^3)") == 6 * u
    with pytest.raises(ParseError, match="MAX_DERIVATIVES"):
        parse_latex(r"\frac{d}{du}" * (MAX_DERIVATIVES + 1) + "(u^9)")


def test_inverse_functions_and_real_odd_roots():
    assert parse_latex(r"\sinh^{-1} u + \cosh^{2} u") == sp.asinh(u) + sp.cosh(u) ** 2
    assert real_root(sp.Integer(-27), sp.Integer(3)) == -3
    assert parse_latex(r"\sqrt[3]{-8}") == -2  # the real cube root, not 1 + i sqrt(3)


@pytest.mark.slow
def test_cardano_for_q_4_verifies(capsys):
    # the depressed cubic of (3-u)x^3 + (2-u)x^2 + (1-u)x - u = 0 (eq. 18 for q = 4), one real root
    claim = (
        r"x^* = -\frac{2-u}{3(3-u)}"
        r" + \sqrt[3]{-\frac{Q}{2} + \sqrt{\frac{Q^2}{4} + \frac{P^3}{27}}}"
        r" + \sqrt[3]{-\frac{Q}{2} - \sqrt{\frac{Q^2}{4} + \frac{P^3}{27}}} \quad \text{where }"
        r" P = \frac{3(3-u)(1-u) - (2-u)^2}{3(3-u)^2},"
        r" Q = \frac{2(2-u)^3 - 9(3-u)(2-u)(1-u) - 27(3-u)^2 u}{27(3-u)^3}"
    )
    code, out, _ = run_cli(capsys, "check", "--q", "4", "--root", claim)
    assert code == 0 and "numerically equal" in out


def test_log2_is_named_as_bits(capsys):
    code, out, _ = run_cli(
        capsys, "check", "--q", "2", "--entropy", r"s = -u\log_2 u - (1-u)\log_2(1-u)"
    )
    assert code == 1 and "slip: your formula is in bits" in out


def test_pasted_chains_are_read_line_by_line():
    chain = parse_steps("s = −u ln u − (1−u) ln(1−u)\n  = −ln(1−u) − u ln(u/(1−u))")
    assert chain.quantity == "s" and [st.line for st in chain.steps] == [1, 2]


def test_levels_any_integer_spectrum(capsys):
    # levels 0, 1, 3: P(x) = 1 + x + x^3, s = ln P(x*) - u ln x*, beta eps = -ln x*
    code, out, _ = run_cli(
        capsys, "check", "--levels", "0", "1", "3", "--entropy", r"\ln(1+x^*+x^{*3}) - u\ln x^*"
    )
    assert code == 0 and "verdict: proved" in out and "the levels 0, 1, 3" in out
    code, out, _ = run_cli(
        capsys, "check", "--levels", "0", "1", "3", "--beta", r"\ln x^*", "--format", "json"
    )
    data = json.loads(out)
    assert code == 1 and data["slip"]["name"] == "sign" and data["q"] == "levels 0 1 3"
    wrong = -u * sp.log(x) + sp.log(1 + x + x**2)  # the q = 3 polynomial: wrong levels
    assert check_formula(Spectrum.from_levels([0, 1, 3]), "entropy", wrong).verdict is (
        Verdict.REFUTED
    )
