import shutil
import subprocess
import sys
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from conftest import run_cli, run_cli_json

import mesosym
from mesosym import EquispacedLevels, symbols
from mesosym.checking.derivation import check_identity
from mesosym.checking.parse import parse_expression
from mesosym.cli import main
from mesosym.known import central_trinomial, letter, two_level_counts
from mesosym.levels.asymptotics import asymptotic_expansion
from mesosym.levels.equations import document

u, x, q = symbols.u, symbols.x, symbols.q


def run_json(capsys, *argv):
    code, data = run_cli_json(capsys, *argv)
    assert code == 0
    return data


def assert_usage_error(capsys, argv, *needles):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


# -- formulas -------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("qq", "labels"),
    [
        ("2", ["(10)", "(18)", "(--)", "(19, 22)", "(20, 23)", "(21)"]),
        ("3", ["(10)", "(18, 24)", "(25)", "(19, 26)", "(20, 27)", "(21)"]),
        ("inf", ["(10)", "(18)", "(28)", "(19, 29)", "(20, 30)", "(21)"]),
        ("q", ["(10)", "(18)", "(--)", "(19)", "(20)", "(21)"]),
    ],
)
def test_formulas_text_labels_each_equation(capsys, qq, labels):
    code, out, err = run_cli(capsys, "formulas", "--q", qq)
    assert code == 0 and not err
    lines = [line for line in out.splitlines()[1:] if not line.lstrip().startswith("[")]
    assert [line[: line.index(")") + 1] for line in lines] == labels


def test_formulas_text_says_when_x_star_is_implicit(capsys):
    _, out, _ = run_cli(capsys, "formulas", "--q", "6")
    assert "x* is implicit" in out and "no closed form" in out
    _, out, _ = run_cli(capsys, "formulas", "--q", "3")
    assert "implicit" not in out


def test_formulas_latex_is_the_document(capsys):
    code, out, _ = run_cli(capsys, "formulas", "--q", "3", "--format", "latex")
    assert code == 0
    assert out == document(EquispacedLevels(3))


@pytest.mark.parametrize(
    ("qq", "name", "key", "variable", "domain"),
    [
        ("2", "entropy", "22", u, (0, 1)),
        ("2", "inverse_temperature", "23", u, (0, 1)),
        ("3", "saddle_equation", "24", x, (0, 10)),
        ("3", "saddle_point", "25", u, (0, 2)),
        ("inf", "saddle_point", "28", u, (0, 10)),
        ("inf", "entropy", "29", u, (0, 10)),
        ("inf", "inverse_temperature", "30", u, (0, 10)),
        pytest.param("q", "saddle_equation", "18", x, (0, 1), marks=pytest.mark.slow),
    ],
)
def test_formulas_json_values_equal_the_letter(capsys, qq, name, key, variable, domain):
    data = run_json(capsys, "formulas", "--q", qq)
    eqs = {eq["name"]: eq for eq in data["equations"]}
    eq = eqs[name]
    assert key in eq["numbers"] and eq["number"] == ", ".join(eq["numbers"])
    names = {str(variable): variable, "q": q}
    rhs = parse_expression(eq["rhs"], allowed=names)
    assert check_identity(rhs, letter[key], domain={variable: domain, q: (2, 9)}).proved


def test_formulas_json_has_one_object_with_documented_keys(capsys):
    data = run_json(capsys, "formulas", "--q", "3")
    assert data["q"] == "3"
    keys = {"number", "numbers", "name", "title", "implicit", "lhs", "rhs", "sympy", "latex"}
    assert all(set(eq) == keys for eq in data["equations"])
    u_star = next(eq for eq in data["equations"] if eq["name"] == "u_star")
    assert parse_expression(u_star["rhs"]) == letter["21"].subs(q, 3)
    assert u_star["numbers"] == ["21"]


def test_formulas_json_for_many_levels_marks_x_star_implicit(capsys):
    data = run_json(capsys, "formulas", "--q", "9")
    x_star = next(eq for eq in data["equations"] if eq["name"] == "saddle_point")
    assert x_star["implicit"] is True and x_star["rhs"] == "0"


# -- evaluate ---------------------------------------------------------------------------
def _exact(key, value, dps=60):
    with mpmath.workdps(dps):
        return sp.N(letter[key].subs(u, sp.Rational(value)), dps)


def test_evaluate_float64_json_matches_the_letter(capsys):
    data = run_json(capsys, "evaluate", "--q", "2", "--u", "0.25", "1/3")
    assert data["backend"] == "numpy" and data["digits"] is None
    assert "2e-14" in data["accuracy"]
    for point in data["points"]:
        ue = Fraction(point["u_exact"])
        s_ref = _exact("22", ue)
        b_ref = _exact("23", ue)
        assert abs(float(point["s"]) - float(s_ref)) <= 2e-14 * abs(float(s_ref))
        assert abs(float(point["beta_eps"]) - float(b_ref)) <= 2e-14 * abs(float(b_ref))
        assert float(point["x_star"]) == pytest.approx(float(ue / (1 - ue)), rel=2e-14)
    assert [p["u"] for p in data["points"]] == ["0.25", "1/3"]


def test_evaluate_text_states_the_precision(capsys):
    code, out, _ = run_cli(capsys, "evaluate", "--q", "3", "--u", "0.5")
    assert code == 0
    assert "float64" in out and "2e-14" in out
    row = out.splitlines()[-1].split()
    assert row[0] == "0.5"
    assert float(row[1]) == pytest.approx(float(_exact("25", "1/2")), rel=2e-14)
    assert float(row[2]) == pytest.approx(float(_exact("26", "1/2")), rel=2e-14)
    assert float(row[3]) == pytest.approx(float(_exact("27", "1/2")), rel=2e-14)


@pytest.mark.parametrize("digits", [5, 30, 60])
def test_evaluate_with_digits_prints_that_many_significant_digits(capsys, digits):
    data = run_json(capsys, "evaluate", "--q", "3", "--u", "1/3", "--digits", str(digits))
    assert data["backend"] == "mpmath" and data["digits"] == digits
    point = data["points"][0]
    for field, key in (("x_star", "25"), ("s", "26"), ("beta_eps", "27")):
        text = point[field]
        mantissa = text.split("e")[0].replace("-", "").replace(".", "").lstrip("0")
        assert len(mantissa) <= digits
        with mpmath.workdps(digits + 20):
            ref = mpmath.mpf(str(_exact(key, "1/3", digits + 20)))
            assert abs(mpmath.mpf(text) - ref) <= abs(ref) * mpmath.mpf(10) ** (1 - digits)


def test_evaluate_einstein_solid(capsys):
    data = run_json(capsys, "evaluate", "--q", "oo", "--u", "1", "--digits", "25")
    point = data["points"][0]
    with mpmath.workdps(30):
        assert abs(mpmath.mpf(point["s"]) - 2 * mpmath.log(2)) < mpmath.mpf(10) ** -24
        assert abs(mpmath.mpf(point["beta_eps"]) - mpmath.log(2)) < mpmath.mpf(10) ** -24
    assert mpmath.mpf(point["x_star"]) == mpmath.mpf("0.5")


@pytest.mark.parametrize("digits", [[], ["--digits", "20"]])
def test_evaluate_edges_give_infinite_beta(capsys, digits):
    data = run_json(capsys, "evaluate", "--q", "3", "--u", "0", "2", *digits)
    low, high = data["points"]
    assert (low["beta_eps"], high["beta_eps"]) == ("inf", "-inf")
    assert float(low["s"]) == 0 and float(high["s"]) == 0
    assert high["x_star"] == "inf"
    code, out, _ = run_cli(capsys, "evaluate", "--q", "2", "--u", "0", "1", *digits)
    assert code == 0 and out.splitlines()[-2].split()[-1] == "inf"
    assert out.splitlines()[-1].split()[-1] == "-inf"


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["--q", "3", "--u", "5"], ["--u", "[0, 2]", "5"]),
        (["--q", "3", "--u", "-1"], ["--u", "[0, 2]"]),
        (["--q", "2", "--u", "0.5", "1.5"], ["--u", "[0, 1]", "1.5"]),
        (["--q", "inf", "--u", "-0.1"], ["--u", "[0, oo)"]),
        (["--q", "3", "--u", "abc"], ["--u", "'abc'"]),
        (["--q", "3", "--u", "1/0"], ["--u"]),
        (["--q", "q", "--u", "1"], ["--q", "concrete"]),
        (["--q", "3", "--u", "1", "--digits", "0"], ["--digits", ">= 1"]),
        (["--q", "3", "--u", "1", "--digits", "100000"], ["--digits", "at most"]),
        (["--q", "3"], ["--u"]),
    ],
)
def test_evaluate_bad_input_exits_2_naming_the_argument(capsys, argv, needles):
    assert_usage_error(capsys, ["evaluate", *argv], *needles)


# -- count ------------------------------------------------------------------------------
def test_count_single_coefficients_json(capsys):
    for N in range(8):
        data = run_json(capsys, "count", "--q", "3", "--N", str(N), "--M", str(N))
        assert int(data["omega"]) == central_trinomial[N]
        assert (data["q"], data["N"], data["M"]) == ("3", N, N)
    data = run_json(capsys, "count", "--q", "inf", "--N", "3", "--M", "2")
    assert int(data["omega"]) == 6  # C(M + N - 1, N - 1)
    data = run_json(capsys, "count", "--q", "3", "--N", "2", "--M", "9")
    assert data["omega"] == "0"


def test_count_row_json_and_text(capsys):
    data = run_json(capsys, "count", "--q", "2", "--N", "6")
    assert [int(c) for c in data["row"]] == list(two_level_counts) and data["M"] is None
    code, out, _ = run_cli(capsys, "count", "--q", "4", "--N", "3")
    assert code == 0
    table = [line.split() for line in out.splitlines()[2:]]
    assert [int(c) for _, c in table] == EquispacedLevels(4).multiplicities(3)
    assert "4**3 = 64" in out


def test_count_huge_numbers_are_printed_exactly(capsys):
    # more than Python's default 4300-digit limit for int -> str
    data = run_json(capsys, "count", "--q", "3", "--N", "10000", "--M", "10000")
    assert len(data["omega"]) > 4300
    assert int(data["omega"][-6:]) == EquispacedLevels(3).multiplicity(10000, 10000) % 10**6


def test_count_refuses_huge_rows(capsys):
    assert_usage_error(capsys, ["count", "--q", "3", "--N", "100000"], "mesosym: error:", "GiB")


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["--q", "3", "--N", "-1"], ["--N", ">= 0", "-1"]),
        (["--q", "3", "--N", "2.5"], ["--N", "2.5"]),
        (["--q", "3", "--N", "x"], ["--N"]),
        (["--q", "3", "--N", "2", "--M", "1.5"], ["--M", "1.5"]),
        (["--q", "q", "--N", "2", "--M", "1"], ["mesosym: error:", "concrete"]),
        (["--q", "inf", "--N", "2"], ["--M"]),
        (["--q", "1", "--N", "2"], ["--q", "got 1"]),
        (["--q", "2.5", "--N", "2"], ["--q", "2.5"]),
        (["--q", "-3", "--N", "2"], ["--q", "-3"]),
        (["--q", "three", "--N", "2"], ["--q", "three"]),
    ],
)
def test_count_bad_input_exits_2_naming_the_argument(capsys, argv, needles):
    assert_usage_error(capsys, ["count", *argv], *needles)


@pytest.mark.parametrize("bad", ["1", "2.5", "-3", "0", "", "inf2"])
def test_bad_q_is_refused_by_every_command(capsys, bad):
    for command in (["formulas"], ["evaluate", "--u", "0"], ["expand", "--order", "1"]):
        assert_usage_error(capsys, [command[0], "--q", bad, *command[1:]], "--q")


# -- check ------------------------------------------------------------------------------
def test_check_proves_a_correct_entropy(capsys):
    code, out, _ = run_cli(capsys, "check", "--q", "2", "--entropy", "-u*ln(u) - (1-u)*ln(1-u)")
    assert code == 0
    assert "verdict: proved" in out


def test_check_refutes_a_wrong_formula_with_a_counterexample(capsys):
    code, out, _ = run_cli(capsys, "check", "--q", "2", "--entropy", "-u*ln(u) + (1-u)*ln(1-u)")
    assert code == 1
    assert "refuted" in out and "counterexample u = " in out


def test_check_beta_for_the_einstein_solid(capsys):
    code, out, _ = run_cli(capsys, "check", "--q", "inf", "--beta", "ln((1 + u)/u)")
    assert code == 0 and "proved" in out
    code, out, _ = run_cli(capsys, "check", "--q", "inf", "--beta", "ln(u/(1 + u))")
    assert code == 1


def test_check_q3_against_the_letters_closed_form(capsys):
    x3 = "((u - 1) + sqrt(1 + 6*u - 3*u^2))/(2*(2 - u))"
    code, out, _ = run_cli(capsys, "check", "--q", "3", "--beta", f"-ln({x3})")
    assert code == 0 and "proved" in out


def test_check_saddle_equation_symbolic_q(capsys):
    code, out, _ = run_cli(capsys, "check", "--q", "q", "--saddle", "x/(1-x) - q*x^q/(1-x^q)")
    assert code == 0 and "proved" in out
    code, out, _ = run_cli(capsys, "check", "--q", "q", "--saddle", "x/(1-x) - x^q/(1-x^q)")
    assert code == 1 and "counterexample" in out


@pytest.mark.slow
def test_check_many_levels_is_numeric(capsys):
    # q = 7 has no closed form: agreement is numerical evidence, not a proof
    code, out, _ = run_cli(capsys, "check", "--q", "7", "--beta", "-ln(x)".replace("x", "u/(1+u)"))
    assert code == 1
    code, out, _ = run_cli(capsys, "check", "--q", "7", "--entropy", "log(7) + 0*u")
    assert code == 1 and "counterexample" in out


def test_check_symbolic_q_entropy_is_checked_at_several_q(capsys):
    code, out, _ = run_cli(capsys, "check", "--q", "q", "--entropy", "log(q) - u")
    assert code == 1 and "q = 2: verdict: refuted" in out


def test_check_accepts_a_formula_starting_with_minus(capsys):
    code, out, _ = run_cli(capsys, "check", "--q", "2", "--beta", "-ln(u/(1-u))")
    assert code == 0 and "proved" in out


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["--entropy", "foo(u)"], ["--entropy", "unknown function 'foo'"]),
        (["--entropy", "y*u"], ["--entropy", "unknown name 'y'"]),
        (["--saddle", "u*x"], ["--saddle", "an equation in u and x"]),
        (["--beta", "ln(u"], ["--beta", "column"]),
        (["--beta", "__import__('os').system('true')"], ["--beta", "not allowed"]),
        (["--entropy", "u", "--beta", "u"], ["not allowed with"]),
        ([], ["one of --entropy, --beta, --root, --saddle or --steps is required"]),
    ],
)
def test_check_bad_input_exits_2(capsys, argv, needles):
    assert_usage_error(capsys, ["check", "--q", "3", *argv], *needles)


# -- expand -----------------------------------------------------------------------------
def test_expand_text_matches_the_library(capsys):
    code, out, _ = run_cli(capsys, "expand", "--q", "3", "--order", "2")
    assert code == 0
    e = asymptotic_expansion(x**2 + x + 1, 2)
    assert f"c_1       = {e.corrections[0]}" in out
    assert f"c_2       = {e.corrections[1]}" in out
    assert "O(N**-3)" in out


def test_expand_latex_and_symbolic_q(capsys):
    code, out, _ = run_cli(capsys, "expand", "--q", "q", "--order", "1", "--format", "latex")
    assert code == 0 and out.startswith(r"\begin{align*}") and "x^{q}" in out
    assert r"\ln \Omega\left(N, u N\right) &=" in out


@pytest.mark.parametrize(("qq", "order"), [("3", "2"), ("q", "1"), ("2", "0")])
def test_expand_standalone_is_a_complete_document_around_the_same_block(capsys, qq, order):
    code, block, _ = run_cli(capsys, "expand", "--q", qq, "--order", order, "--format", "latex")
    assert code == 0
    code, out, _ = run_cli(
        capsys, "expand", "--q", qq, "--order", order, "--format", "latex", "--standalone"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == r"\documentclass{article}" and r"\usepackage{amsmath}" in lines
    assert lines[-1] == r"\end{document}" and out.endswith("\n")
    begin = lines.index(r"\begin{document}")
    assert lines[begin + 1].startswith(r"\section*{The $1/N$ expansion of $\ln \Omega$")
    assert f"$K = {order}$ corrections" in lines[begin + 1]
    assert "\n".join(lines[begin + 2 : -1]) + "\n" == block  # the bare output, unchanged
    assert out.count(r"\begin{align*}") == out.count(r"\end{align*}") == 1
    assert out.count("{") == out.count("}")


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["--q", "3", "--order", "1", "--standalone"], ["--standalone", "--format latex"]),
        (["--q", "q", "--order", "7"], ["--order", "<= 6"]),
        (["--q", "3", "--order", "13"], ["--order", "<= 12"]),
        (["--q", "3", "--order", "-1"], ["--order"]),
        (["--q", "inf", "--order", "1"], ["--q", "finite"]),
    ],
)
def test_expand_bad_input_exits_2(capsys, argv, needles):
    assert_usage_error(capsys, ["expand", *argv], *needles)


# -- the program as a whole ---------------------------------------------------------------
def test_version(capsys):
    code, out, _ = run_cli(capsys, "--version")
    assert code == 0 and out.strip() == f"mesosym {mesosym.__version__}"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["formulas", "--q", "3", "--bogus"],
        ["formulas"],
        ["formulas", "--q", "3", "--format", "pdf"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and "Traceback" not in err
    assert err.startswith("mesosym: error: ") and err.count("\n") == 1, err  # one line


def test_help_exits_0(capsys):
    code, out, _ = run_cli(capsys, "--help")
    assert code == 0 and "formulas" in out and "evaluate" in out


@pytest.mark.slow
def test_installed_console_script():
    exe = shutil.which("mesosym")
    argv = [exe] if exe else [sys.executable, "-m", "mesosym"]
    run_ = subprocess.run(
        [*argv, "formulas", "--q", "3"], capture_output=True, text=True, timeout=120
    )
    assert run_.returncode == 0, run_.stderr
    assert "(18, 24)" in run_.stdout and "(25)" in run_.stdout
    bad = subprocess.run(
        [*argv, "formulas", "--q", "1"], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and "--q" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_check_without_closed_form_reports_numerical_agreement(capsys):
    # q = 4: mesosym compares with the implicit x*(u); a correct radical agrees
    # numerically, which is reported as evidence (exit 0), not as a proof
    radical = sp.sstr(EquispacedLevels(4).saddle_point())
    code, out, _ = run_cli(capsys, "check", "--q", "4", "--beta", f"-ln({radical})")
    assert code == 0
    assert "verdict: numerically equal, not proved" in out


@pytest.mark.slow
def test_figure1_command_writes_the_figure(tmp_path, capsys):
    path = tmp_path / "fig1.svg"
    assert main(["figure1", "--out", str(path), "--qs", "2", "3"]) == 0
    text = path.read_text()
    assert text.startswith("<?xml") and "<svg" in text
    assert "q = 2, 3" in capsys.readouterr().out


def test_figure1_command_rejects_bad_input(tmp_path, capsys):
    assert main(["figure1", "--out", str(tmp_path / "fig1.txt")]) == 2
    assert "-o/--output must end in .png, .pdf or .svg" in capsys.readouterr().err
    assert main(["figure1", "--out", str(tmp_path / "f.png"), "--qs", "1"]) == 2
    assert "--qs" in capsys.readouterr().err


# -- issue 6: one module per command group, files written cleanly, `python -m mesosym` ------
@pytest.mark.slow
def test_python_dash_m_mesosym_is_the_same_program(capsys):
    main(["formulas", "--q", "3"])
    expected = capsys.readouterr().out
    ran = subprocess.run(
        [sys.executable, "-m", "mesosym", "formulas", "--q", "3"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0 and ran.stdout == expected
    bad = subprocess.run(
        [sys.executable, "-m", "mesosym", "count", "--q", "3", "--N", "2", "--M", "x"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_every_command_module_is_a_registered_group():
    import importlib
    import pkgutil

    import mesosym.cli as cli

    names = {m.name for m in pkgutil.iter_modules(cli.__path__) if not m.name.startswith("_")}
    assert names == {g.__name__.rsplit(".", 1)[-1] for g in cli.GROUPS}
    for name in names:
        module = importlib.import_module(f"mesosym.cli.{name}")
        assert callable(module.register) and callable(module.run), name


def test_a_new_group_plugs_in_through_the_contract(monkeypatch, capsys):
    import types

    import mesosym.cli as cli

    def register(subparsers):
        parser = subparsers.add_parser("hello", help="say hello")
        parser.add_argument("--to", required=True)
        parser.set_defaults(handler=run_)

    def run_(args, out):
        if args.to == "nobody":
            raise mesosym.DomainError("argument --to: must name somebody; got 'nobody'")
        if args.to == "disk":
            raise OSError(28, "No space left on device", "x.txt")
        out.write(f"hello {args.to}\n")
        return 0

    group = types.ModuleType("mesosym.cli.hello")
    group.register, group.run = register, run_
    monkeypatch.setattr(cli, "GROUPS", [*cli.GROUPS, group])
    assert run_cli(capsys, "hello", "--to", "you") == (0, "hello you\n", "")
    code, out, err = run_cli(capsys, "hello", "--to", "nobody")
    assert code == 2 and err == "mesosym: error: argument --to: must name somebody; got 'nobody'\n"
    code, out, err = run_cli(capsys, "hello", "--to", "disk")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("mesosym: error: cannot write 'x.txt': No space left")


def _assert_one_line_error(capsys, argv, *needles):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2, (out, err)
    assert err.startswith("mesosym: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


def test_figure1_into_a_missing_folder_is_a_clean_error(tmp_path, capsys):
    target = tmp_path / "missing" / "fig1.pdf"
    _assert_one_line_error(capsys, ["figure1", "--out", str(target)], "--out", "does not exist")
    assert not target.parent.exists()


def test_figure1_onto_a_directory_is_a_clean_error(tmp_path, capsys):
    folder = tmp_path / "fig.svg"
    folder.mkdir()
    _assert_one_line_error(capsys, ["figure1", "--out", str(folder)], "directory")


def test_derive_list_names_every_derivation_without_running_them(capsys):
    code, out, err = run_cli(capsys, "derive", "--list")
    assert code == 0 and not err
    from mesosym import derivations

    for entry in derivations.catalog():
        assert entry.name in out and entry.title in out
    assert "(4)-(13)" in out and "(22)-(30)" in out and "arXiv:2605.02736" in out
    data = run_json(capsys, "derive", "--list")
    assert [d["name"] for d in data["derivations"]] == list(derivations.MODULES)


@pytest.mark.slow
def test_derive_prints_a_derivation_as_text_json_and_latex(monkeypatch, tmp_path, capsys):
    from mesosym import derivations

    once = derivations.derive("letter_entropy")  # run the checks once, print three ways
    monkeypatch.setattr(derivations, "derive", lambda name: once)
    code, out, err = run_cli(capsys, "derive", "letter_entropy")
    assert code == 0 and not err
    assert out.startswith("Letter, eqs. (19)-(21)") and "FAIL" not in out
    data = run_json(capsys, "derive", "letter_entropy")
    assert data["ok"] is True and data["equations"] == ["19", "20", "21"]
    assert data["paper"] == "arXiv:2605.02736" and data["steps"]
    target = tmp_path / "entropy.tex"
    code, out, err = run_cli(
        capsys, "derive", "letter_entropy", "--format", "latex", "-o", str(target)
    )
    assert code == 0 and str(target) in out
    tex = target.read_text()
    assert tex.startswith(r"\documentclass{article}") and tex.count(r"\item") == len(data["steps"])


def test_derive_bad_input_exits_2(tmp_path, capsys):
    _assert_one_line_error(capsys, ["derive", "nonsense"], "letter_counting", "'nonsense'")
    _assert_one_line_error(capsys, ["derive"], "--list")
    _assert_one_line_error(
        capsys, ["derive", "letter_entropy", "-o", str(tmp_path / "no" / "d.txt")], "does not exist"
    )
    _assert_one_line_error(capsys, ["derive", "letter_entropy", "-o", str(tmp_path)], "directory")


def test_derive_refuses_an_unwritable_path_before_running(monkeypatch, tmp_path, capsys):
    from mesosym import derivations

    def never(name):
        raise AssertionError("the derivation ran")

    monkeypatch.setattr(derivations, "derive", never)
    _assert_one_line_error(capsys, ["derive", "letter_entropy", "-o", str(tmp_path)], "directory")


def test_derive_exits_1_when_a_step_fails(monkeypatch, capsys):
    from mesosym import derivations
    from mesosym.checking.derivation import Derivation, check_close, close

    broken = Derivation("broken", (close("", "1 = 2", [(1, 2)], atol=0.5),))
    assert check_close([(1, 2)], atol=0.5).verdict.name == "REFUTED"
    monkeypatch.setattr(derivations, "derive", lambda name: broken)
    code, out, _ = run_cli(capsys, "derive", "letter_entropy")
    assert code == 1 and "FAIL" in out


def test_a_closed_pipe_is_not_reported_as_a_refutation(monkeypatch, capsys):
    import types

    import mesosym.cli as cli

    def register(subparsers):
        subparsers.add_parser("pipe").set_defaults(handler=lambda args, out: _raise())

    def _raise():
        raise BrokenPipeError(32, "Broken pipe")

    group = types.ModuleType("mesosym.cli.pipe")
    group.register = register
    monkeypatch.setattr(cli, "GROUPS", [*cli.GROUPS, group])
    code, _, err = run_cli(capsys, "pipe")
    assert code == cli.EXIT_BROKEN_PIPE != 1 and not err


def test_figure1_without_permission_is_a_clean_error_even_as_root(monkeypatch, tmp_path, capsys):
    import mesosym.output

    monkeypatch.setattr(mesosym.output.os, "access", lambda path, mode: False)
    _assert_one_line_error(
        capsys, ["figure1", "--out", str(tmp_path / "f.svg")], "--out", "permission denied"
    )
    _assert_one_line_error(
        capsys, ["derive", "letter_entropy", "-o", str(tmp_path / "d.txt")], "-o", "permission"
    )
    assert not list(tmp_path.iterdir())


def test_evaluate_says_what_float64_cannot_hold(capsys):
    # s(1e-400) = 9.2e-398 and x* = 1e-400 lie below float64's range: the header says so
    code, out, _ = run_cli(capsys, "evaluate", "--q", "3", "--u", "1e-400")
    assert code == 0
    assert "absolute < 2.3e-308" in out and "--digits" in out
    assert "921.034037197618" in out  # beta*eps = 400 ln 10, which float64 holds
