"""Every derivation of the letter holds step by step, and a wrong step is caught."""

from __future__ import annotations

import json
import shutil
import subprocess
from types import SimpleNamespace

import mpmath
import pytest
import sympy as sp

from mesosym import derivations
from mesosym.checking.derivation import (
    Derivation,
    Evidence,
    Step,
    Verdict,
    check_close,
    check_exact,
    check_identity,
    check_less,
    close,
    exact,
    identity,
    less,
    report,
)
from mesosym.derivations import MODULES, catalog, load
from mesosym.derivations import __main__ as run_all
from mesosym.derivations._common import mean_level
from mesosym.errors import DomainError
from mesosym.known import letter
from mesosym.levels import counting
from mesosym.papers import PAPERS
from mesosym.symbols import q, t, u, x

_CACHE: dict[str, Derivation] = {}


def steps_of(name: str) -> Derivation:
    if name not in _CACHE:
        _CACHE[name] = load(name).derive()
    return _CACHE[name]


@pytest.mark.slow
@pytest.mark.parametrize("name", MODULES)
def test_every_step_holds(name):
    steps = steps_of(name)
    assert steps, name
    failures = [f"{i}: {st.claim[:70]} -> {st.result}" for i, st in enumerate(steps) if not st.ok]
    assert not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("name", MODULES)
def test_steps_not_declared_numeric_are_proved(name):
    for st in steps_of(name):
        assert st.result.verdict is not Verdict.REFUTED
        if not st.numeric_only:
            expected = {Evidence.SYMBOLIC: Verdict.PROVED, Evidence.EXACT: Verdict.VERIFIED}
            assert st.result.verdict is expected[st.evidence], st.claim
        else:
            assert st.evidence is Evidence.NUMERIC


@pytest.mark.slow
@pytest.mark.parametrize("name", MODULES)
def test_module_shape_and_report(name):
    module = load(name)
    assert module.TITLE and module.__doc__ and callable(module.derive)
    derivation = steps_of(name)
    assert isinstance(derivation, Derivation) and derivation.ok
    assert (derivation.title, derivation.name) == (module.TITLE, name)
    assert derivation.equations == module.EQUATIONS and derivation.paper == module.PAPER
    assert module.PAPER in {paper.arxiv_id for paper in PAPERS}
    assert set(derivation.equations) <= derivation.cited(), "declared but no step cites it"
    text = derivation.report()
    assert text.startswith(module.TITLE)
    assert "FAIL" not in text
    assert text.rstrip().endswith(tuple("0123456789abcdefghijklmnopqrstuvwxyz"))
    assert f"{len(steps_of(name))}/{len(steps_of(name))} steps hold" in text


@pytest.mark.slow
def test_equations_4_to_30_are_all_derived():
    cited = set().union(*(steps_of(name).cited() for name in MODULES))
    declared = {e for entry in catalog() for e in entry.equations}
    wanted = {str(n) for n in range(4, 31)}
    assert wanted <= cited, sorted(wanted - cited, key=int)
    assert wanted <= declared, sorted(wanted - declared, key=int)


@pytest.mark.slow
def test_most_steps_are_proofs():
    steps = [st for name in MODULES for st in steps_of(name)]
    symbolic = sum(st.evidence is Evidence.SYMBOLIC for st in steps)
    assert symbolic >= len(steps) // 2


@pytest.mark.slow
def test_unstated_conditions_are_reported():
    conditions = [st.condition for name in MODULES for st in steps_of(name) if st.condition]
    text = " ".join(conditions)
    for needle in ("0 < u < q - 1", "x* < 1", "eps_Z = g mu_B B > 0", "1/(N sigma^2)"):
        assert needle in text, needle


@pytest.mark.slow
def test_run_all_prints_every_report(monkeypatch, capsys):
    fake = {
        n: SimpleNamespace(derive=lambda n=n: Derivation(f"title {n}", steps_of(n).steps))
        for n in MODULES
    }
    monkeypatch.setattr(run_all, "load", fake.__getitem__)
    assert run_all.main() == 0
    out = capsys.readouterr().out
    assert all(f"title {n}" in out for n in MODULES)


def test_load_names_the_modules():
    with pytest.raises(DomainError, match="letter_counting"):
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
    from mesosym.derivations.letter_entropy import brillouin_form

    wrong = brillouin_form(shift=-(q - 1) / 2)
    result = check_identity(
        mean_level.subs(x, sp.exp(t)), wrong, domain={q: (2, 9), t: (-2, 2)}, simplify=False
    )
    assert result.verdict is Verdict.REFUTED


def test_the_other_root_of_eq25_is_refuted():
    from mesosym.derivations.letter_special_cases import general_entropy

    other = ((u - 1) - sp.sqrt(1 + 6 * u - 3 * u**2)) / (2 * (2 - u))  # negative root
    result = check_identity(
        general_entropy(3, other), letter["26"], domain={u: (0, 2)}, simplify=False
    )
    assert result.verdict is Verdict.REFUTED


def test_wrong_count_is_refuted_with_its_counterexample():
    from mesosym.derivations.letter_counting import row_by_expansion

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
    from mesosym.derivations.letter_finite_size import gaussian_remainder

    with mpmath.workdps(30):
        pairs = [(1000 * gaussian_remainder(3, 1000, 1000), mpmath.mpf(3) / 16)]  # sign flipped
    st = close("", "wrong c_1", pairs, atol=1e-3)
    assert st.numeric_only and not st.ok
    assert st.result.verdict is Verdict.REFUTED


def test_check_less_and_close_report_their_margins():
    held = check_less([(1, 2), (0.5, 0.75)])
    assert held.verdict is Verdict.NUMERIC
    assert held.margin == 0.25 and "smallest margin 0.25" in str(held)
    assert check_less([(1, 2), (2, 2)]).verdict is Verdict.REFUTED
    assert check_close([(1.0, 1.0 + 1e-12)], rtol=1e-10).verdict is Verdict.NUMERIC
    assert check_close([(1.0, 1.1)], rtol=1e-10).verdict is Verdict.REFUTED


def test_numeric_result_without_declaration_does_not_pass():
    st = identity("", "numeric", sp.sin(u) ** 2 + sp.cos(u) ** 2, 1, numeric_only=True)
    assert st.ok and st.evidence is Evidence.NUMERIC  # declared: evidence, not proof
    undeclared = Step("", "undeclared", st.result, Evidence.NUMERIC)
    assert not undeclared.ok
    text = Derivation("t", [undeclared]).report()
    assert "FAIL" in text and "0/1 steps hold" in text


# -- regressions of issue 6: the derivation machinery is the library's --------------------
def test_step_evidence_and_derivation_live_in_the_installed_package():
    import mesosym
    import mesosym.checking.derivation as md

    for name in ("Step", "Evidence", "Derivation", "identity", "exact", "close", "less"):
        assert name in md.__all__ and getattr(md, name).__module__ == "mesosym.checking.derivation"
    assert mesosym.Derivation is Derivation and mesosym.Step is Step


def test_exhaustive_finite_check_is_verified_not_proved():
    result = check_exact(lambda n: n * n, lambda n: n**2, [(n,) for n in range(10)], ("n",))
    assert result.verdict is Verdict.VERIFIED
    assert not result.proved and result.verified and result.points == 10
    assert "verified on every case" in str(result) and "all 10 cases" in str(result)
    st = exact("", "squares", lambda n: n * n, lambda n: n**2, [(n,) for n in range(3)], ("n",))
    assert st.ok and st.evidence is Evidence.EXACT


def test_the_four_verdicts_are_distinct():
    assert len({v.value for v in Verdict}) == 4
    assert check_identity(x + x, 2 * x).verdict is Verdict.PROVED
    assert check_close([(1.0, 1.0)], atol=0).verdict is Verdict.NUMERIC
    refuted = check_exact(lambda n: n, lambda n: n + (n == 2), [(0,), (1,), (2,)], ("n",))
    assert refuted.verdict is Verdict.REFUTED
    assert {str(k): v for k, v in refuted.counterexample.items()}["n"] == 2


def test_check_less_reports_its_smallest_margin_not_zero():
    result = check_less([(0, 3), (1, 1.5), (2, 4)])
    assert result.margin == pytest.approx(0.5) and result.max_difference is None
    failed = check_less([(1, 2), (5, 4)])
    assert failed.verdict is Verdict.REFUTED and failed.max_difference == 1.0
    assert less("", "c", [(1, 2)]).result.margin == 1.0


def test_checks_refuse_empty_sets_and_text():
    with pytest.raises(DomainError, match="cases"):
        check_exact(lambda n: n, lambda n: n, [], ("n",))
    with pytest.raises(DomainError, match="pairs"):
        check_less([])
    with pytest.raises(DomainError, match="pairs"):
        check_close([("1", "1")], atol=1)
    assert check_less([(sp.Integer(1), sp.log(3))]).margin == pytest.approx(float(sp.log(3)) - 1)


def test_a_derivation_of_your_own_is_immutable_and_chains():
    d0 = Derivation("mine", equations=("1", "2", "3", "7"), paper="arXiv:0000.00000")
    d1 = d0.identity("(1)-(3)", "x + x = 2x", x + x, 2 * x)
    d2 = d1.close("(7)", "pi", [(mpmath.pi, 3.14159)], atol=1e-5)
    assert len(d0) == 0 and len(d1) == 1 and len(d2) == 2
    assert d2.ok and not d0.ok  # an empty derivation establishes nothing
    assert d2.cited() == {"1", "2", "3", "7"} and d2.equation_label == "(1)-(3), (7)"
    assert [st.evidence for st in d2] == [Evidence.SYMBOLIC, Evidence.NUMERIC]
    with pytest.raises(AttributeError):
        d2.title = "other"  # type: ignore[misc]
    with pytest.raises(DomainError):
        Derivation("bad", ["not a step"])  # type: ignore[list-item]


def test_derivation_report_latex_and_json():
    d = Derivation("Gauss & co: 100% of n_k <= 2^k", name="mine", equations=("4",))
    d = d.identity("(4)", "sum_k x^k {geometric}", (1 - x**3) / (1 - x), 1 + x + x**2)
    d = d.then(Step("", "wrong", check_close([(1, 2)], atol=0.5), Evidence.NUMERIC, True, "u < 1"))
    text = d.report()
    assert "FAIL" in text and text.endswith("1/2 steps hold: 1 symbolic")
    assert "Condition not stated in the paper: u < 1" in text
    tex = d.latex()
    shown = d._repr_latex_()  # for MathJax in a notebook: math mode, no sections or lists
    assert shown.startswith(r"$\displaystyle \begin{array}") and shown.endswith(r"\end{array}$")
    assert r"\section" not in shown and r"\item" not in shown and "[FAILS: refuted]" in shown
    assert shown.count("{") == shown.count("}") and r"\frac{1 - x^{3}}{1 - x}" in shown
    assert r"Gauss \& co: 100\% of n\_k $<$= 2\^{}k" in tex
    assert r"\{geometric\}" in tex and r"\frac{1 - x^{3}}{1 - x}" in tex
    assert tex.count(r"\item") == 2 and "[FAILS]" in tex
    standalone = d.latex(standalone=True)
    assert standalone.startswith(r"\documentclass{article}") and r"\end{document}" in standalone
    data = json.loads(d.to_json())
    assert data["ok"] is False and data["equations"] == ["4"]
    assert [s["verdict"] for s in data["steps"]] == ["proved", "refuted"]
    assert data["steps"][0]["lhs"] == "(1 - x**3)/(1 - x)"
    assert data["steps"][1]["counterexample"] == {"case": "0", "values": "(1, 2)"}


def test_report_function_keeps_the_old_api():
    st = identity("(18)", "claim", x, x)
    assert report("t", [st]) == Derivation("t", (st,)).report()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_exported_derivation_compiles(tmp_path):
    tex = steps_of("letter_counting").latex(standalone=True)
    (tmp_path / "d.tex").write_text(tex, encoding="utf-8")
    ran = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "d.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stdout[-2000:]


def test_every_derivation_module_is_listed():
    import pkgutil

    found = {m.name for m in pkgutil.iter_modules(derivations.__path__) if m.name[0] != "_"}
    assert found == set(MODULES), found ^ set(MODULES)
    for entry in catalog():
        module = load(entry.name)
        assert (entry.title, entry.paper, entry.equations) == (
            module.TITLE,
            module.PAPER,
            module.EQUATIONS,
        )
