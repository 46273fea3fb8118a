"""Every derivation of the letter holds step by step, and a wrong step is caught."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import mpmath
import pytest
import sympy as sp

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the derivations package lives beside mesosym, not inside it
    sys.path.insert(0, str(ROOT))

import derivations  # noqa: E402
from derivations import MODULES, load  # noqa: E402
from derivations import __main__ as run_all  # noqa: E402
from derivations._common import mean_level  # noqa: E402
from derivations._steps import (  # noqa: E402
    Evidence,
    Step,
    check_close,
    check_exact,
    check_less,
    close,
    identity,
    report,
)
from mesosym import counting  # noqa: E402
from mesosym.derivation import Verdict, check_identity  # noqa: E402
from mesosym.known import letter  # noqa: E402
from mesosym.symbols import q, t, u, x  # noqa: E402

_CACHE: dict[str, list[Step]] = {}


def steps_of(name: str) -> list[Step]:
    if name not in _CACHE:
        _CACHE[name] = load(name).derive()
    return _CACHE[name]


@pytest.mark.parametrize("name", MODULES)
def test_every_step_holds(name):
    steps = steps_of(name)
    assert steps, name
    failures = [f"{i}: {st.claim[:70]} -> {st.result}" for i, st in enumerate(steps) if not st.ok]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", MODULES)
def test_steps_not_declared_numeric_are_proved(name):
    for st in steps_of(name):
        assert st.result.verdict is not Verdict.REFUTED
        if not st.numeric_only:
            assert st.result.proved, st.claim
            assert st.evidence in (Evidence.SYMBOLIC, Evidence.EXACT)
        else:
            assert st.evidence is Evidence.NUMERIC


@pytest.mark.parametrize("name", MODULES)
def test_module_shape_and_report(name):
    module = load(name)
    assert module.TITLE and module.__doc__ and callable(module.derive)
    text = report(module.TITLE, steps_of(name))
    assert text.startswith(module.TITLE)
    assert "FAIL" not in text
    assert text.rstrip().endswith(tuple("0123456789abcdefghijklmnopqrstuvwxyz"))
    assert f"{len(steps_of(name))}/{len(steps_of(name))} steps hold" in text


def _numbers(label: str) -> set[int]:
    out: set[int] = set()
    for a, b in re.findall(r"\((\d+)\)(?:-\((\d+)\))?", label):
        out.update(range(int(a), int(b or a) + 1))
    return out


def test_equations_4_to_30_are_all_derived():
    cited: set[int] = set()
    for name in MODULES:
        for st in steps_of(name):
            cited |= _numbers(st.equation)
    assert set(range(4, 31)) <= cited, sorted(set(range(4, 31)) - cited)


def test_most_steps_are_proofs():
    steps = [st for name in MODULES for st in steps_of(name)]
    symbolic = sum(st.evidence is Evidence.SYMBOLIC for st in steps)
    assert symbolic >= len(steps) // 2


def test_unstated_conditions_are_reported():
    conditions = [st.condition for name in MODULES for st in steps_of(name) if st.condition]
    text = " ".join(conditions)
    for needle in ("0 < u < q - 1", "x* < 1", "eps_Z = g mu_B B > 0", "1/(N sigma^2)"):
        assert needle in text, needle


def test_run_all_prints_every_report(monkeypatch, capsys):
    fake = {n: SimpleNamespace(TITLE=f"title {n}", derive=lambda n=n: steps_of(n)) for n in MODULES}
    monkeypatch.setattr(run_all, "load", fake.__getitem__)
    assert run_all.main() == 0
    out = capsys.readouterr().out
    assert all(f"title {n}" in out for n in MODULES)


def test_load_names_the_modules():
    with pytest.raises(ValueError, match="letter_counting"):
        load("letter_nonsense")
    assert derivations.MODULES == MODULES


# -- a wrong step is refuted ------------------------------------------------------
def test_wrong_symmetry_is_refuted():
    """U(1/x) = U(x) instead of q - 1 - U(x)."""
    st = identity(
        "", "wrong", mean_level.subs(x, 1 / x), mean_level, domain={q: (2, 9)}, numeric_only=True
    )
    assert st.result.verdict is Verdict.REFUTED and not st.ok
    assert st.result.counterexample


def test_wrong_sign_in_the_brillouin_identity_is_refuted():
    from derivations.letter_entropy import brillouin_form

    wrong = brillouin_form(shift=-(q - 1) / 2)
    result = check_identity(
        mean_level.subs(x, sp.exp(t)), wrong, domain={q: (2, 9), t: (-2, 2)}, simplify=False
    )
    assert result.verdict is Verdict.REFUTED


def test_the_other_root_of_eq25_is_refuted():
    from derivations.letter_special_cases import general_entropy

    other = ((u - 1) - sp.sqrt(1 + 6 * u - 3 * u**2)) / (2 * (2 - u))  # negative root
    result = check_identity(
        general_entropy(3, other), letter["26"], domain={u: (0, 2)}, simplify=False
    )
    assert result.verdict is Verdict.REFUTED


def test_wrong_count_is_refuted_with_its_counterexample():
    from derivations.letter_counting import row_by_expansion

    result = check_exact(
        counting.multinomial_sum_q3,
        lambda n, m: row_by_expansion(2, n)[m] if m <= n else 0,  # (1 + x)^N, not (1 + x + x^2)^N
        [(n, m) for n in range(6) for m in range(2 * n + 1)],
        ("N", "M"),
    )
    assert result.verdict is Verdict.REFUTED
    point = {str(k): v for k, v in result.counterexample.items()}
    assert point["N"] >= 1 and point["lhs"] != point["rhs"]
    assert "counterexample" in str(result)


def test_wrong_asymptotic_constant_is_refuted():
    from derivations.letter_finite_size import gaussian_remainder

    with mpmath.workdps(30):
        pairs = [(1000 * gaussian_remainder(3, 1000, 1000), mpmath.mpf(3) / 16)]  # sign flipped
    st = close("", "wrong c_1", pairs, atol=1e-3)
    assert st.numeric_only and not st.ok
    assert st.result.verdict is Verdict.REFUTED


def test_check_less_and_close_report_their_margins():
    assert check_less([(1, 2), (0.5, 0.6)]).verdict is Verdict.NUMERIC
    assert check_less([(1, 2), (2, 2)]).verdict is Verdict.REFUTED
    assert check_close([(1.0, 1.0 + 1e-12)], rtol=1e-10).verdict is Verdict.NUMERIC
    assert check_close([(1.0, 1.1)], rtol=1e-10).verdict is Verdict.REFUTED


def test_numeric_result_without_declaration_does_not_pass():
    st = identity("", "numeric", sp.sin(u) ** 2 + sp.cos(u) ** 2, 1, numeric_only=True)
    assert st.ok and st.evidence is Evidence.NUMERIC  # declared: evidence, not proof
    undeclared = Step("", "undeclared", st.result, Evidence.NUMERIC)
    assert not undeclared.ok
    text = report("t", [undeclared])
    assert "FAIL" in text and "0/1 steps hold" in text
