"""Fuzzing the public entry points: every call answers within its stated accuracy or
raises a mesosym error, within a time budget per call (:data:`CALL_BUDGET`).

Numbers come in every form a user may pass: ints of any size, floats with NaN,
infinities and subnormals, text, complex, mpmath and SymPy numbers, Fractions and
containers of those.  Command lines are run in-process with ``mesosym.cli.main``.
The reference values are independent: 30-digit mpmath for the float64 kernels,
``math.comb`` for the counts (q = 2 and q = oo).
"""

from __future__ import annotations

import contextlib
import io
import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from conftest import cpu_budget
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mesosym import EquispacedLevels, Spectrum
from mesosym.cli import main
from mesosym.errors import MesosymError

FUZZ = settings(
    max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,  # each call is timed against CALL_BUDGET instead (no flaky deadline)
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=not __import__("os").environ.get("FUZZ_EXAMPLES"),
)

#: Seconds one call may take (a refusal takes milliseconds; the slowest answers,
#: 30-digit solves and per-q tables, well under a second on this machine).
CALL_BUDGET = 10.0


def budget():
    return cpu_budget(CALL_BUDGET)


# below Python's 4300-digit str limit, so that hypothesis can print a failing example
# (beyond it: the regressions in tests/test_budget.py)
huge_ints = st.integers(min_value=2**60, max_value=10**4000) | st.integers(
    min_value=-(10**400), max_value=-(2**60)
)
text_numbers = st.from_regex(
    r"\A[-+]?[0-9]{0,6}(\.[0-9]{0,6})?([eE][-+]?[0-9]{1,12})?\Z"
) | st.text(max_size=12)
numbers = st.one_of(
    st.integers(min_value=-5, max_value=100),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
    st.floats(min_value=0, max_value=10, allow_subnormal=True),
    text_numbers,
    st.complex_numbers(max_magnitude=10),
    st.fractions(min_value=-1, max_value=20, max_denominator=1000),
    st.builds(mpmath.mpf, st.floats(allow_nan=True, allow_infinity=True)),
    st.builds(lambda a, b: sp.Rational(a, b), st.integers(0, 50), st.integers(1, 50)),
    st.sampled_from([sp.nan, sp.oo, -sp.oo, sp.zoo, sp.I, sp.pi, sp.Symbol("u"), None, True]),
)
values = numbers | st.lists(numbers, max_size=3) | st.lists(numbers, max_size=3).map(np.array)
levels = st.sampled_from([2, 3, 7, 100, 2**40, sp.oo])


def _reference(q, u: float, what: str):
    return EquispacedLevels(q).__getattribute__(what)("mpmath", digits=30)(Fraction(u))


@pytest.mark.slow
@FUZZ
@given(
    q=levels,
    u=values,
    what=st.sampled_from(
        [
            "entropy_function",
            "inverse_temperature_function",
            "saddle_point_function",
            "energy_variance_function",
            "heat_capacity_function",
        ]
    ),
)
def test_float64_kernels_answer_within_2e_14_or_refuse(q, u, what):
    try:
        with np.errstate(all="raise"), budget():
            got = getattr(EquispacedLevels(q), what)()(u)
    except MesosymError as exc:
        event(f"refused: {type(exc).__name__}")
        return
    event("answered")
    flat_u = np.atleast_1d(np.asarray(u, dtype=object)).ravel()
    flat_got = np.atleast_1d(got).ravel()
    assert flat_got.dtype == np.float64
    for ui, gi in zip(flat_u, flat_got, strict=True):
        fu = float(Fraction(ui) if isinstance(ui, (str, Fraction)) else ui)
        ref = _reference(q, fu, what)
        if mpmath.isinf(ref):  # beta at the edges
            assert gi == float(ref)
            continue
        assert math.isfinite(gi)
        tol = 2e-14 * abs(float(ref)) + (1e-300 if q is not sp.oo else 1e-15 * abs(float(ref)))
        assert abs(gi - float(ref)) <= tol, (q, ui, gi, ref)


@pytest.mark.slow
@FUZZ
@given(q=levels, u=values, backend=st.sampled_from(["mpmath", "arb"]))
def test_precise_backends_answer_finite_or_refuse(q, u, backend):
    try:
        with budget():
            got = EquispacedLevels(q).entropy_function(backend, digits=20)(u)
    except MesosymError:
        return
    if backend == "mpmath":
        assert mpmath.isfinite(got) and got >= 0
    else:
        assert got.is_finite()


counts = st.one_of(
    st.integers(min_value=-3, max_value=60), huge_ints, st.floats(), text_numbers, st.none()
)


@pytest.mark.slow
@FUZZ
@given(
    q=st.sampled_from([2, 3, 5, sp.oo, 10**30]) | counts,
    N=st.integers(0, 40) | counts,
    M=st.integers(0, 80) | counts,
)
def test_multiplicity_is_exact_or_refused(q, N, M):
    try:
        with budget():
            omega = EquispacedLevels(q).multiplicity(N, M)
    except MesosymError:
        event("refused")
        return
    event("answered")
    assert isinstance(omega, int) and omega >= 0
    if q == 2 and 0 <= M <= N:
        assert omega == math.comb(N, M)
    if q is sp.oo and N >= 1 and M >= 0:
        assert omega == math.comb(M + N - 1, N - 1)


tokens = st.sampled_from(
    [
        "--q",
        "--u",
        "--N",
        "--M",
        "--digits",
        "--order",
        "--format",
        "3",
        "2",
        "inf",
        "q",
        "0.5",
        "1/3",
        "-1",
        "0",
        "1e400",
        "1e-400",
        "nan",
        "x",
        "1e999999999",
        "100000",
        "1000000000",
        "json",
        "text",
        "latex",
        "--help",
        "9" * 5000,
        str(2**64 + 1),
        "",
    ]  # fmt: skip
)


@pytest.mark.slow
@FUZZ
@given(
    command=st.sampled_from(["evaluate", "count", "expand", "formulas"]),
    rest=st.lists(tokens, max_size=8),
)
def test_command_lines_answer_or_fail_on_one_line(command, rest):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), budget():
        code = main([command, *rest])
    message = err.getvalue()
    event(f"exit {code}")
    assert code in (0, 2), message
    if code == 2:
        assert message.startswith("mesosym: error: ") and message.count("\n") == 1, message
        assert "internal error" not in message, message
    else:
        assert "Traceback" not in message


degeneracies = st.lists(
    st.integers(0, 4) | st.sampled_from([10**30, -1, 1.5, "1", None]), min_size=0, max_size=6
)


@pytest.mark.slow
@FUZZ
@given(
    g=degeneracies,
    N=st.integers(0, 30) | counts,
    M=st.integers(0, 60) | counts,
    order=st.none() | st.integers(0, 2) | st.sampled_from([-1, 1000, 10**30, 2.0]),
)
def test_spectrum_counts_and_expansions_answer_or_refuse(g, N, M, order):
    try:
        with budget():
            levels = Spectrum(g)
            omega = levels.multiplicity(N, M)
            value = levels.log_multiplicity(N, M, order=order) if omega else None
    except MesosymError as exc:
        event(f"refused: {type(exc).__name__}")
        return
    event("answered")
    assert isinstance(omega, int) and omega >= 0
    assert omega == levels.multiplicities(N)[M] if 0 <= M <= N * (len(g) - 1) else omega == 0
    if value is not None:
        assert math.isfinite(value)
        if order is None:  # exact: ln of the count, correctly rounded
            assert value == float(mpmath.log(omega))
