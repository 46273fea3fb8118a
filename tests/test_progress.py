"""Progress on long work: on stderr when it is a terminal, never in the output or a pipe.

Issue 20: no bar appeared on any long job.  A terminal is simulated by a stderr
whose ``isatty()`` is true; the delay before a bar shows is set to 0 so that
the small jobs of these tests show one.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator

import pytest

from mesosym import progress
from mesosym.checking.derivation import Derivation, identity
from mesosym.cli import main
from mesosym.symbols import x


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Stderr:
    """A stand-in stderr, put in place inside the test (pytest's capture resets one set earlier)."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def getvalue(self) -> str:
        return self.stream.getvalue()

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        kept, sys.stderr = sys.stderr, self.stream
        try:
            yield
        finally:
            sys.stderr = kept


@pytest.fixture
def terminal(monkeypatch):
    """stderr is a terminal (inside ``with terminal():``); bars show at once."""
    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0)
    return Stderr(Terminal())


@pytest.fixture
def pipe(monkeypatch):
    """stderr is a pipe or a file; bars would show at once if they were shown at all."""
    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0)
    return Stderr(io.StringIO())


COMMANDS = {
    "count": ["count", "--q", "3", "--N", "3000", "--M", "3000"],
    "mesoscopic": [
        "mesoscopic",
        "lattice-gas",
        "--sites",
        "40",
        "--cells",
        "2",
        "--particles",
        "10",
        "--format",
        "json",
    ],
}
SHOWN = {"count": "terms", "mesoscopic": "cell table"}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_terminal_shows_progress_on_stderr_only(terminal, capsys, name):
    with terminal():
        assert main(COMMANDS[name]) == 0
    out = capsys.readouterr().out
    assert SHOWN[name] in terminal.getvalue()
    assert "\r" not in out and SHOWN[name] not in out
    if name == "mesoscopic":
        json.loads(out)  # the JSON stays clean


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_pipe_shows_no_progress(pipe, capsys, name):
    with pipe():
        assert main(COMMANDS[name]) == 0
    assert pipe.getvalue() == ""
    assert "\r" not in capsys.readouterr().out


def test_derivation_steps_advance_the_open_task(monkeypatch, terminal, capsys):
    import mesosym.derivations as derivations

    def two_steps(name: str) -> Derivation:
        d = Derivation("demo")
        return d.identity("(1)", "doubling", x + x, 2 * x).identity("(2)", "x - x", x - x, 0)

    monkeypatch.setattr(derivations, "derive", two_steps)
    with terminal():
        assert main(["derive", "letter_entropy"]) == 0
    shown = terminal.getvalue()
    assert "derive letter_entropy" in shown and " steps" in shown  # a running count
    assert "derive letter_entropy" not in capsys.readouterr().out


def test_a_task_counts_steps_without_a_terminal(pipe):
    with pipe(), progress.task("demo") as done:
        identity("(1)", "doubling", x + x, 2 * x)
        with progress.task("inner") as inner:
            progress.step(3)
        progress.step()
    assert (done.count, inner.count) == (2, 3)
    progress.step()  # no task open: nothing happens
    assert pipe.getvalue() == ""


def test_the_information_figure_reports_each_value(pipe):
    from mesosym.figures.mesoscopic import information_data

    with pipe(), progress.task("plot") as done:
        information_data(sizes=[1, 2], gaps=[0, 1, 2, 3], couplings=[1.0], size=1)
    assert done.count == 2 + 4  # two sizes, four gaps, one coupling


@pytest.mark.slow
def test_plot_information_shows_progress_on_a_terminal(terminal, tmp_path, capsys):
    argv = [
        "plot",
        "information",
        "--sizes",
        "1",
        "2",
        "--gaps",
        "0",
        "1",
        "2",
        "3",
        "--couplings",
        "1",
        "--size",
        "1",
        "-o",
        str(tmp_path / "mi.svg"),
    ]
    with terminal():
        assert main(argv) == 0
    assert "plot information" in terminal.getvalue()
    assert "plot information" not in capsys.readouterr().out


def test_a_bare_pty_of_zero_width_still_gets_a_bar(terminal):
    # a terminal that reports no width made tqdm print nothing at all
    with terminal():
        for _ in progress.progress(range(3), desc="zero width"):
            pass
    assert "zero width" in terminal.getvalue()
