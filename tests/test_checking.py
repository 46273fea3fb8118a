"""The checking policy lives in the library, and the command line only formats it."""

from __future__ import annotations

import inspect
import pkgutil

import pytest
import sympy as sp

import mesosym.cli
from mesosym import EquispacedLevels, checking
from mesosym.derivation import Verdict
from mesosym.errors import DomainError
from mesosym.known import letter
from mesosym.symbols import q, u, x


def test_closed_forms_are_proved():
    assert checking.check_formula(2, "entropy", letter["22"]).verdict is Verdict.PROVED
    assert checking.check_formula(sp.oo, "beta", letter["30"]).verdict is Verdict.PROVED
    assert checking.check_formula(q, "saddle", letter["18"]).verdict is Verdict.PROVED


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


def test_the_command_line_holds_no_checking_policy():
    """Regression: cli.py used to choose q, the domain and whether to prove."""
    for info in pkgutil.iter_modules(mesosym.cli.__path__):
        if info.name.startswith("__"):
            continue
        module = __import__(f"mesosym.cli.{info.name}", fromlist=["_"])
        source = inspect.getsource(module)
        assert "check_identity" not in source, info.name
        assert "CHECK_Q_VALUES =" not in source and "simplify=" not in source, info.name
