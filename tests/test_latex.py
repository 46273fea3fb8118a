import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp
from sympy.printing.latex import LatexPrinter

from mesosym import EquispacedLevels, symbols
from mesosym.checking.derivation import Verdict, check_identity
from mesosym.errors import DomainError
from mesosym.known import letter
from mesosym.latex import Equation, MesosymLatexPrinter, latex
from mesosym.levels.equations import document, letter_equations
from mesosym.levels.expressions import CoefficientOf, Multiplicity
from mesosym.levels.saddle import SaddleRoot

u, x, q = symbols.u, symbols.x, symbols.q
GOLDEN = Path(__file__).parent / "golden"


def _load_regenerate():
    spec = importlib.util.spec_from_file_location("golden_regenerate", GOLDEN / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


regenerate = _load_regenerate()


# -- golden files: text comparison --------------------------------------------
@pytest.mark.parametrize("name", sorted(regenerate.CASES))
def test_document_matches_golden_file(name):
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert regenerate.render(name) == expected, (
        f"{name} changed: run python tests/golden/regenerate.py and review the diff"
    )


def test_every_golden_file_has_a_case():
    assert {p.name for p in GOLDEN.glob("*.tex")} == set(regenerate.CASES)


# -- semantic check: parse the LaTeX back, independent of the golden files ------
# SymPy's Lark LaTeX parser needs the ``lark`` package (in the test extra);
# only these tests depend on it.
needs_lark = pytest.mark.skipif(
    importlib.util.find_spec("lark") is None, reason="the lark package is not installed"
)

_PLAIN = {"u": u, "x": x}
X = sp.Symbol("X", positive=True)  # what x* prints as in the parse-back test


def _read_back(expr, **settings):
    from sympy.parsing.latex import parse_latex

    tex = latex(expr, parseable=True, saddle_symbol="X", saddle_argument=False, **settings)
    parsed = parse_latex(tex, backend="lark")
    assert isinstance(parsed, sp.Basic), f"ambiguous parse of {tex!r}: {parsed}"
    names = {sp.Symbol(k): v for k, v in _PLAIN.items()} | {sp.Symbol("X"): X}
    return parsed.subs(names)


def _equations(qq):
    return {eq.name: eq for eq in letter_equations(EquispacedLevels(qq))}


_CLOSED_FORMS = [
    # (q, equation name, letter key, domain); saddle equations are u(x)
    (2, "entropy", "22", {u: (0, 1)}),
    (2, "inverse_temperature", "23", {u: (0, 1)}),
    (3, "saddle_equation", "24", {x: (0, 10)}),
    (3, "saddle_point", "25", {u: (0, 2)}),
    (3, "entropy", "26", {u: (0, 2)}),
    (3, "inverse_temperature", "27", {u: (0, 2)}),
    (sp.oo, "saddle_point", "28", {u: (0, 10)}),
    (sp.oo, "entropy", "29", {u: (0, 10)}),
    (sp.oo, "inverse_temperature", "30", {u: (0, 10)}),
]


@pytest.mark.slow
@needs_lark
@pytest.mark.parametrize(("qq", "name", "key", "domain"), _CLOSED_FORMS)
def test_printed_closed_forms_read_back_equal_the_letter(qq, name, key, domain):
    eq = _equations(qq)[name]
    assert key in eq.numbers
    parsed = _read_back(eq.rhs)
    if qq == 3:  # the letter writes (26), (27) through x*; substitute its (25)
        parsed = parsed.subs(X, letter["25"])
    assert not parsed.free_symbols - set(domain)
    result = check_identity(parsed, letter[key], domain=domain)
    assert result.proved, str(result)


@pytest.mark.slow
@needs_lark
def test_general_saddle_equation_reads_back_equal_to_eq_18():
    eq = _equations(q)["saddle_equation"]
    parsed = _read_back(eq.rhs).subs(sp.Symbol("q"), q)
    assert check_identity(parsed, letter["18"], domain={x: (0, 1)}).proved


@pytest.mark.slow
@needs_lark
def test_read_back_would_catch_a_wrong_formula():
    # the check is not vacuous: a sign error in the printed form is refuted
    parsed = _read_back(u * sp.log(u) - (1 - u) * sp.log(1 - u))
    result = check_identity(parsed, letter["22"], domain={u: (0, 1)})
    assert result.verdict is Verdict.REFUTED


# -- the printer's settings -----------------------------------------------------
def test_saddle_symbol_setting_changes_the_output():
    xs = EquispacedLevels(7).saddle_point()
    assert isinstance(xs, SaddleRoot)
    assert latex(xs) == r"x^{*}\left(u\right)"
    assert latex(xs, saddle_symbol=r"\tilde{x}") == r"\tilde{x}\left(u\right)"
    assert latex(xs, saddle_argument=False) == r"x^{*}"
    assert latex(xs**2, saddle_argument=False) == r"{x^{*}}^{2}"
    assert latex(xs**2) == r"x^{*}\left(u\right)^{2}"
    assert latex(-sp.log(xs), saddle_symbol="y_0", saddle_argument=False) == (
        r"- \ln{\left(y_0 \right)}"
    )
    doc = document(EquispacedLevels(3), saddle_symbol=r"\xi", saddle_argument=False)
    assert r"\xi &=" in doc and "x^{*}" not in doc


def test_printer_overrides_the_saddleroot_hook():
    xs = EquispacedLevels(7).saddle_point()
    # SymPy's own printer uses SaddleRoot's _latex hook; this printer its settings
    assert sp.latex(xs) == xs._latex(LatexPrinter())
    for symbol in (r"x^{*}", r"x_{s}", "X"):
        printer = MesosymLatexPrinter({"saddle_symbol": symbol})
        assert printer.doprint(xs) == symbol + r"\left(u\right)"


def test_ln_notation_is_the_default_and_can_be_turned_off():
    assert latex(sp.log(u)) == r"\ln{\left(u \right)}"
    assert latex(sp.log(u), ln_notation=False) == r"\log{\left(u \right)}"


def test_plain_sympy_settings_still_work():
    assert latex(u / 2, fold_short_frac=True) == "u / 2"
    assert latex(2 * u, mul_symbol="times") == r"2 \times u"


def test_unknown_setting_is_refused():
    with pytest.raises(TypeError, match="saddle_symbl"):
        latex(u, saddle_symbl="y")


def test_printer_has_no_global_state():
    xs = EquispacedLevels(7).saddle_point()
    latex(xs, saddle_symbol="y")
    assert latex(xs) == r"x^{*}\left(u\right)"
    assert sp.latex(u) == "u"


# -- letter_equations -------------------------------------------------------------
_NUMBERS = {
    2: [("10",), ("18",), (), ("19", "22"), ("20", "23"), ("21",)],
    3: [("10",), ("18", "24"), ("25",), ("19", "26"), ("20", "27"), ("21",)],
    4: [("10",), ("18",), (), ("19",), ("20",), ("21",)],
    7: [("10",), ("18",), (), ("19",), ("20",), ("21",)],
    q: [("10",), ("18",), (), ("19",), ("20",), ("21",)],
    sp.oo: [("10",), ("18",), ("28",), ("19", "29"), ("20", "30"), ("21",)],
}
_NAMES = [
    "generating_function",
    "saddle_equation",
    "saddle_point",
    "entropy",
    "inverse_temperature",
    "u_star",
]


@pytest.mark.parametrize("qq", list(_NUMBERS))
def test_letter_equation_numbers(qq):
    eqs = letter_equations(EquispacedLevels(qq))
    assert [eq.numbers for eq in eqs] == _NUMBERS[qq]
    assert [eq.name for eq in eqs] == _NAMES
    assert all(isinstance(eq, Equation) for eq in eqs)


@pytest.mark.parametrize("qq", [2, 3, sp.oo])
def test_letter_equations_agree_with_the_library(qq):
    lv = EquispacedLevels(qq)
    eqs = {eq.name: eq for eq in letter_equations(lv)}
    assert eqs["saddle_equation"].rhs == lv.saddle_equation().rhs
    assert eqs["u_star"].rhs == lv.u_star
    xs = eqs["saddle_point"].rhs
    s = eqs["entropy"].rhs.subs(eqs["saddle_point"].lhs, xs)
    b = eqs["inverse_temperature"].rhs.subs(eqs["saddle_point"].lhs, xs)
    hi = 10 if qq is sp.oo else qq - 1
    assert check_identity(s, lv.entropy(), domain={u: (0, hi)})
    assert check_identity(b, lv.inverse_temperature(), domain={u: (0, hi)})


def test_implicit_saddle_point_for_many_levels_states_its_defining_condition():
    lv = EquispacedLevels(7)
    eq = {e.name: e for e in letter_equations(lv)}["saddle_point"]
    assert eq.implicit and eq.rhs == 0
    # the condition sum_k (k - u) x*^k = 0 holds at the numeric saddle point
    value = eq.lhs.subs(u, sp.Rational(5, 4)).doit().evalf(30)
    assert abs(value) < 1e-25
    assert r"\sum_{k=0}^{6} \left(k - u\right) x^{*}\left(u\right)^{k} &= 0 \notag" in document(lv)


def test_generating_function_equation_counts():
    eq = letter_equations(EquispacedLevels(3))[0]
    concrete = {symbols.N: 4, symbols.M: 4}
    assert eq.lhs.subs(concrete).doit() == eq.rhs.subs(concrete).doit() == 19
    assert Multiplicity(2, 6, 3).doit() == 20
    assert Multiplicity(sp.oo, 3, 2).doit() == 6  # C(M + N - 1, N - 1)
    assert CoefficientOf((1 + x) ** 6, x, 3).doit() == 20
    assert Multiplicity(q, 2, 2).doit() == Multiplicity(q, 2, 2)


def test_letter_equations_refuses_other_spectra():
    from mesosym import Spectrum

    with pytest.raises(DomainError, match="EquispacedLevels"):
        letter_equations(Spectrum([1, 2, 1]))


def test_equation_str_latex_and_repr_latex():
    eq = letter_equations(EquispacedLevels(2))[3]
    assert str(eq) == "s = -u*log(u) - (1 - u)*log(1 - u)"
    assert eq.latex().startswith("s = ")
    assert eq._repr_latex_().startswith(r"$\displaystyle s = ")
    assert eq._repr_latex_().endswith(r"\qquad (19, 22)$")
    assert eq.as_relational() == sp.Eq(symbols.s, eq.rhs)


# -- document -----------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("qq", [2, 3, 5, 7, q, sp.oo])
def test_document_tags_every_numbered_equation(qq):
    doc = document(EquispacedLevels(qq))
    eqs = letter_equations(EquispacedLevels(qq))
    assert doc.count(r"\begin{align}") == 1 and doc.count(r"\end{align}") == 1
    for eq in eqs:
        if eq.numbers:
            assert rf"\tag{{{eq.number}}}" in doc
    # the first row after each equation's comment carries its tag, or \notag if unnumbered
    lines = doc.splitlines()
    firsts = [lines[i + 1] for i, line in enumerate(lines) if line.startswith("  % (")]
    assert len(firsts) == len(eqs)
    for eq, row in zip(eqs, firsts, strict=True):
        assert (rf"\tag{{{eq.number}}}" if eq.numbers else r"\notag") in row
    # every row but the last ends with \\; continuation and definition rows are \notag
    body = lines[lines.index(r"\begin{align}") + 1 : lines.index(r"\end{align}")]
    rows = [line for line in body if not line.startswith("  % ")]
    assert all(row.endswith(r" \\") for row in rows[:-1]) and not rows[-1].endswith(r" \\")
    assert doc.count(r"\tag{") == sum(1 for eq in eqs if eq.numbers)


def test_standalone_document_is_a_complete_article():
    doc = document(EquispacedLevels(3), standalone=True)
    assert doc.startswith(r"\documentclass{article}")
    assert r"\usepackage{amsmath}" in doc
    assert doc.rstrip().endswith(r"\end{document}")
    assert document(EquispacedLevels(3)) in doc


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
@pytest.mark.parametrize("qq", [2, 3, 5, q, sp.oo])
def test_standalone_document_compiles(qq, tmp_path):
    (tmp_path / "doc.tex").write_text(document(EquispacedLevels(qq), standalone=True))
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "doc.pdf").exists()


# -- the printer and the writer know no physics (issue 6) ----------------------------
def test_latex_module_imports_no_physics():
    """Regression: latex.py used to hold the letter's equations and import the physics."""
    import ast

    import mesosym.latex as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level > 0
    }
    assert imported <= {"errors", "budget", "validation"}, imported  # the core only
    assert "letter_equations" not in module.__all__


def test_generic_document_writer():
    from mesosym.latex import document as write

    eqs = [
        Equation(("1",), "a", "first", u, x),
        Equation((), "b", "derived", symbols.s, 2 * x),
    ]
    doc = write(eqs, comment="mine", unnumbered="ours")
    assert doc.splitlines() == [
        "% mine",
        r"\begin{align}",
        "  % (1) first",
        r"  u &= x \tag{1} \\",
        "  % (ours) derived",
        r"  s &= 2 x \notag",
        r"\end{align}",
    ]
    full = write(eqs, section="Mine", standalone=True)
    assert r"\section*{Mine}" in full and full.rstrip().endswith(r"\end{document}")


# -- standalone documents compile, with no line off the page --------------------------------
def _compile(tmp_path, argv):
    import re
    import shutil
    import subprocess

    from mesosym.cli import main

    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    tex = tmp_path / "doc.tex"
    assert main([*argv, "-o", str(tex)]) == 0
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = (tmp_path / "doc.log").read_text(encoding="latin-1")
    assert run.returncode == 0, log[-2000:]
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log)]
    assert all(w <= 10 for w in widths), f"lines off the page by {widths} pt"
    return tex.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("qq", ["4", "5"])  # Cardano and Ferrari: the longest closed forms
def test_formulas_standalone_compiles_without_overfull_lines(tmp_path, qq):
    text = _compile(tmp_path, ["formulas", "--q", qq, "--format", "latex", "--standalone"])
    assert r"\text{where } A_{1}" in text  # named auxiliary quantities
    assert r"\log" not in text and r"x_{*}" not in text and r"\epsilon" not in text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["letter_entropy", "letter_special_cases"])
def test_derive_latex_compiles_without_overfull_lines(tmp_path, name):
    text = _compile(tmp_path, ["derive", name, "--format", "latex"])
    assert r"\log" not in text
    # issue 20: the prose typeset raw ASCII (sigma\^{}2, lim_{x -> 1})
    assert r"\^{}" not in text and "->" not in text and "textasciicircum" not in text


@pytest.mark.slow
def test_derive_latex_prose_is_latex(capsys):
    from mesosym.cli import main

    assert main(["derive", "letter_entropy", "--format", "latex"]) == 0
    text = capsys.readouterr().out
    assert r"\sigma^2" in text and r"\lim_{x \to 1}" in text and r"\sum_{k=0}^{q-1}" in text
    assert r"\^{}" not in text and "sigma\\" not in text


@pytest.mark.parametrize(
    "ascii_, tex",
    [
        ("dU/dx = sigma^2/x > 0,", r"$dU/dx = \sigma^2/x > 0$,"),
        ("u* = lim_{x -> 1} U(x)", r"$u^{*} = \lim_{x \to 1} U(x)$"),
        ("F(1) = sum_{k=0}^{q-1} (k - u)", r"$F(1) = \sum_{k=0}^{q-1} (k - u)$"),
        ("ln Z - ln Z_mes <= beta <Hbar - H>_p", r"$\ln Z - \ln Z_{\mathrm{mes}} \le \beta"),
        ("x^(M+1) with C(N, j) terms", r"$x^{M+1}$ with $C(N, j)$ terms"),
        ("for q = 4 (symbolic q), 5% of the_code", r"for $q = 4$ (symbolic $q$), 5\% of the\_code"),
        ("a cell of b sites", "a cell of $b$ sites"),
    ],
)
def test_prose_typesets_ascii_mathematics(ascii_, tex):
    from mesosym.latex import prose

    assert prose(ascii_).startswith(tex)


def test_broken_rows_never_define_a_name_as_itself():
    # issue 20: `derive NAME --format latex` wrote `A_{1} &= A_{1}`, the expression lost
    from mesosym.latex import broken_rows

    levels = EquispacedLevels(4)
    for expr in (levels.entropy(), levels.inverse_temperature()):
        rows = broken_rows(symbols.s, expr)
        names = [left for left, _ in rows if left.startswith("A_")]
        assert names, "the q = 4 closed forms are long enough to need names"
        for left, right in rows:
            assert not (left and right.strip() == left), (left, right)
        used = {m for _, right in rows for m in __import__("re").findall(r"A_\{\d+\}", right)}
        assert used <= set(names)  # every name used is defined


@pytest.mark.slow
def test_broken_rows_keep_the_value():
    # the rows, read back with their definitions, give the expression again
    from mesosym.latex import _Namer, _shorten

    expr = EquispacedLevels(5).saddle_point()
    namer = _Namer("A")
    short = _shorten(expr, 20, namer)
    for symbol, sub in reversed(namer.defs):
        short = short.xreplace({symbol: sub})
    assert short == expr


def test_expand_latex_has_one_log_notation_and_short_rows(capsys):
    from mesosym.cli import main

    assert main(["expand", "--q", "5", "--order", "3", "--format", "latex"]) == 0
    out = capsys.readouterr().out
    assert r"\log" not in out and r"\ln" in out
    rows = out.splitlines()[1:-1]
    assert len(rows) > 5 and max(len(row) for row in rows) < 260


def test_notebook_display_of_mesosym_objects_uses_one_notation():
    # regression: SymPy's own display wrote x_{*} and \log for mesosym's objects
    from mesosym import EquispacedLevels
    from mesosym.levels.expressions import Multiplicity
    from mesosym.symbols import M, N

    root = EquispacedLevels(3).saddle_point(implicit=True)
    assert root._repr_latex_() == r"$\displaystyle x^{*}\left(u\right)$"
    assert Multiplicity(3, N, M)._repr_latex_() == r"$\displaystyle \Omega_{3}\left(N, M\right)$"
