"""Fixtures shared by the whole suite.

A test never asserts wall time (CI shares a loaded machine): a refusal that must come
before the work is bounded in CPU seconds of this process, with a budget far above what
the refusal costs and far below what the refused work would cost.

The default run (``python -m pytest``) stays about a minute of CPU: a check that costs
more than about a second is marked ``@pytest.mark.slow`` (``python -m pytest -m slow``),
a long parametrised family keeps a representative case or two in the default run
(``pytest.param(..., marks=pytest.mark.slow)`` for the others), and a property test takes
a few examples by default and all of them under ``-m slow`` (an ``examples`` parameter).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import resource
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import mpmath
import pytest
import slow_machine

# imported before any test patches eval: typing.NamedTuple calls it while the CLI loads
from mesosym.cli import main


@pytest.fixture(autouse=True)
def precision_is_scoped():
    """Library code scopes its precision (``mp.workdps``): no test leaves mp.dps changed."""
    before = mpmath.mp.prec
    yield
    after, mpmath.mp.prec = mpmath.mp.prec, before
    assert after == before, f"mp.prec left at {after} (was {before})"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``mesosym ARGV...`` in this process: its exit code, standard output and error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    """:func:`run_cli` with ``--format json``: the exit code (0 holds, 1 refuted) and the
    parsed document; nothing may be written to standard error."""
    code, out, err = run_cli(capsys, *argv, "--format", "json")
    assert err == "" and code in (0, 1), err
    return code, json.loads(out)


#: CPU seconds a refusal or a fuzzed call may take (refusals take milliseconds; the
#: refused work would take minutes to hours).
CPU_BUDGET = 10.0


def cpu_seconds() -> float:
    """CPU seconds of this process and of the workers it has waited for (proofs, evaluations)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@contextlib.contextmanager
def cpu_budget(seconds: float = CPU_BUDGET, what: object = None) -> Iterator[None]:
    """Fail if the block uses more than ``seconds`` of CPU time, its workers' included."""
    start = cpu_seconds()
    yield
    used = cpu_seconds() - start
    assert used < seconds, f"{what!r}: {used:.2f} CPU s (budget {seconds} s)"


@pytest.fixture
def quick() -> Iterator[None]:
    """The test's refusal comes before the work: bounded in CPU time, never wall time."""
    with cpu_budget():
        yield


class CodeRan(BaseException):
    """Raised by the no-eval patch: a BaseException, so that no ``except Exception`` hides it."""


class NoEval:
    """What the ``no_eval`` fixture patched, and the payload whose running it would see.

    ``payload`` is text that creates ``marker`` when Python runs it; ``calls`` lists the
    forbidden calls made (eval, exec of such text, sympify, parse_expr).
    """

    def __init__(self, marker: Path) -> None:
        self.marker = marker
        self.payload = f"__import__('os').system('touch {marker}')"
        self.calls: list[str] = []
        #: strict: eval, sympify and SymPy's parser see no text at all; else only no text
        #: holding the payload (SymPy's nsimplify reads back numbers it printed itself)
        self.strict = True

    def forbid(self, what: str) -> Callable[..., Any]:
        def forbidden(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(f"{what}{short_args(args)}")
            raise CodeRan(f"{what} called on {short_args(args)}")

        return forbidden

    def check(self) -> None:
        """Assert that nothing ran: no forbidden call, no marker file."""
        assert not self.calls, self.calls
        assert not self.marker.exists(), "the payload ran: the marker file exists"


def short_args(args: tuple[Any, ...]) -> str:
    text = repr(args)
    return text if len(text) < 200 else text[:200] + "..."


@pytest.fixture
def no_eval(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[NoEval]:
    """Forbid every road from the caller's text to code: mesosym never calls
    ``sympy.sympify`` on text nor ``sympy.parse_expr``; ``eval``, ``exec`` and SymPy's
    parser never see text that holds the payload.

    Yields a :class:`NoEval` whose ``payload`` would create ``marker`` if run; checks at
    the end that nothing ran.
    """
    import builtins

    import sympy as sp
    from sympy.parsing import sympy_parser

    guard = NoEval(tmp_path / f"ran-{uuid.uuid4().hex}")

    def only_safe(what: str, real: Callable[..., Any], text_only: bool) -> Callable[..., Any]:
        def patched(source: Any, *args: Any, **kwargs: Any) -> Any:
            hostile = isinstance(source, (str, bytes)) and any(
                w in str(source) for w in ("__import__", "system(", guard.marker.name)
            )
            text = isinstance(source, (str, bytes))
            if hostile or (text and (text_only or (guard.strict and what != "exec"))):
                return guard.forbid(what)(source, *args)
            return real(source, *args, **kwargs)

        return patched

    # exec runs lambdify's generated code and namedtuple's; never the payload
    monkeypatch.setattr(builtins, "eval", only_safe("eval", builtins.eval, False))
    monkeypatch.setattr(builtins, "exec", only_safe("exec", builtins.exec, False))
    monkeypatch.setattr(sp, "sympify", only_safe("sympy.sympify", sp.sympify, True))
    monkeypatch.setattr(sp, "parse_expr", guard.forbid("sympy.parse_expr"))
    real_parse = sympy_parser.parse_expr
    monkeypatch.setattr(sympy_parser, "parse_expr", only_safe("parse_expr", real_parse, False))
    yield guard
    guard.check()


# -- a slower machine, simulated ------------------------------------------------------------
#: CPU seconds a test gives a proof whose verdict it asserts: the suite's proofs take at
#: most about 5 CPU s idle, and a loaded CI machine counts several times that (a test
#: that asserts a proof under the interactive 1 s budget asserts the machine's speed).
PROOF_SECONDS = 60.0


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--cpu-scale",
        type=_cpu_scale,
        default=1.0,
        metavar="K",
        help="count every CPU second K times (tests/slow_machine.py): the proofs, evaluations "
        "and cpu_budget blocks meet their budgets as on a machine K times slower; run "
        "with K = 3 before landing a change that touches the checker or a budget",
    )


def _cpu_scale(text: str) -> float:
    try:
        factor = float(text)
    except ValueError:
        factor = math.nan
    if not 1 <= factor < math.inf:
        raise argparse.ArgumentTypeError(f"K must be a number >= 1; got {text!r}")
    return factor


def pytest_configure(config: pytest.Config) -> None:
    factor = config.getoption("--cpu-scale")
    if factor == 1:
        return
    slow_machine.install(factor)
    directory = Path(tempfile.mkdtemp(prefix="mesosym-cpu-scale-"))
    config.stash[_SLOW_MACHINE] = (directory, {k: os.environ.get(k) for k in _INHERITED})
    os.environ.update(slow_machine.inherit(directory))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SLOW_MACHINE not in config.stash:
        return
    directory, kept = config.stash[_SLOW_MACHINE]
    slow_machine.uninstall()
    for key, value in kept.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    shutil.rmtree(directory, ignore_errors=True)


def pytest_report_header(config: pytest.Config) -> str | None:
    factor = config.getoption("--cpu-scale")
    return None if factor == 1 else f"CPU seconds counted {factor:g} times (--cpu-scale)"


_INHERITED = ("PYTHONPATH", slow_machine.ENVIRONMENT)
_SLOW_MACHINE = pytest.StashKey[tuple[Path, dict[str, "str | None"]]]()
