"""One command line: ``-o/--output`` wherever a command writes, limits that can be raised.

Regressions of issue 20: ``expand`` had no ``-o``, ``figure1`` only ``--out``,
``formulas -o`` refused JSON, ``evaluate --q q`` was advertised and then refused,
headers read "q = q", and the limits that messages named could not be raised.
"""

from __future__ import annotations

import json

import pytest
from conftest import cpu_budget

from mesosym.cli import main


@pytest.mark.parametrize(
    "argv",
    [
        ["count", "--q", "3", "--N", "3", "--M", "3"],
        ["evaluate", "--q", "2", "--u", "1/2"],
        ["expand", "--q", "2", "--order", "1"],
        ["formulas", "--q", "2", "--format", "json"],
        ["mesoscopic", "ising", "--sites", "4", "--cells", "2", "--digits", "6"],
        ["check", "--q", "2", "--entropy", "-u*ln(u) - (1-u)*ln(1-u)"],
    ],
)
def test_every_printing_command_writes_its_output_to_a_file(tmp_path, capsys, argv):
    assert main(argv) == 0
    printed = capsys.readouterr().out
    path = tmp_path / "out.txt"
    assert main([*argv, "-o", str(path)]) == 0
    said = capsys.readouterr().out
    assert path.read_text() == printed  # the same bytes, in the file
    assert said.endswith(f"written to {path}\n") and printed not in said


def test_formulas_output_writes_json(tmp_path, capsys):
    path = tmp_path / "f.json"
    assert main(["formulas", "--q", "3", "--format", "json", "--output", str(path)]) == 0
    assert json.loads(path.read_text())["q"] == "3"


def test_an_unwritable_output_is_refused_before_the_work(tmp_path, capsys):
    target = tmp_path / "missing" / "x.txt"
    with cpu_budget():
        assert main(["count", "--q", "3", "--N", "3", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mesosym: error: argument -o/--output") and "does not exist" in err


@pytest.mark.slow
def test_figure1_takes_output_and_the_old_out(tmp_path, capsys):
    for option in ("--output", "--out"):  # -o is the same option as --output
        path = tmp_path / f"f{len(option)}.svg"
        assert main(["figure1", option, str(path), "--qs", "2", "--points", "20"]) == 0
        assert path.read_text().startswith("<?xml")
    capsys.readouterr()
    assert main(["figure1", "--help"]) == 0
    shown = capsys.readouterr().out
    assert "-o FILE, --output FILE" in shown and "--out " not in shown


def test_evaluate_does_not_advertise_a_symbolic_q(capsys):
    assert main(["evaluate", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "an integer >= 2 or 'inf'" in shown and "symbolic" not in shown


def test_headers_say_general_q_not_q_equals_q(capsys):
    assert main(["formulas", "--q", "q"]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert "general q" in head and "q = q" not in head


def test_the_row_limit_is_named_and_can_be_raised(capsys):
    with cpu_budget():
        assert main(["count", "--q", "3", "--N", "50", "--max-bytes", "100"]) == 2
    err = capsys.readouterr().err
    assert "--max-bytes" in err and "max_bytes = 100 bytes" in err
    assert main(["count", "--q", "3", "--N", "50", "--max-bytes", "100000"]) == 0
    row = capsys.readouterr().out.splitlines()
    assert row[-1] == "100  1"  # Omega_3(50, 100) = 1: every particle on the top level
    assert main(["count", "--q", "3", "--N", "5", "--max-bytes", str(2**40)]) == 2
    assert "at most" in capsys.readouterr().err


def test_the_time_limit_is_named_and_can_be_changed(capsys):
    argv = ["count", "--q", "3", "--N", "1000000", "--M", "1000000"]
    with cpu_budget():  # an estimated 3 s job under a 1 s limit: refused before the work
        assert main([*argv, "--time-limit", "1"]) == 2
    err = capsys.readouterr().err
    assert "limit 1 s" in err and "--time-limit" in err
    assert main([*argv[:3], "--N", "4", "--M", "4", "--time-limit", "0"]) == 2
    assert "positive" in capsys.readouterr().err


@pytest.mark.slow
def test_plot_subcommands_take_the_time_limit(tmp_path, capsys):
    path = tmp_path / "fs.svg"
    argv = ["plot", "finite-size", "--q", "2", "--Ns", "4", "-o", str(path), "--time-limit", "90"]
    assert main(argv) == 0, capsys.readouterr().err
