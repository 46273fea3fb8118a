"""Results print at the precision they carry (``digits``), not at the global mp.dps."""

from __future__ import annotations

import copy
import pickle

import mpmath
import pytest

from mesosym import numeric
from mesosym.mesoscopic import ContinuumGas, IsingChain
from mesosym.significant import Significant, significant


def digits_shown(value) -> int:
    """Significant digits in the repr ``mpf('...')`` (mantissa digits, no exponent)."""
    text = repr(value)[5:-2].split("e")[0].lstrip("-").replace(".", "").lstrip("0")
    return len(text)


@pytest.mark.parametrize("digits", [5, 15, 30, 60])
def test_repr_and_str_carry_the_digits(digits):
    with mpmath.workdps(digits + 20):
        exact = +mpmath.pi
        x = significant(exact, digits)
        reference = mpmath.nstr(exact, digits)
    assert str(x) == reference and repr(x) == f"mpf('{reference}')"
    assert abs(x - exact) <= abs(exact) * mpmath.mpf(10) ** (1 - digits)
    assert isinstance(x, mpmath.mpf) and isinstance(x, Significant)
    assert type(x + 1) is mpmath.mpf and type(-x) is mpmath.mpf  # arithmetic: plain mpf


def test_copies_and_pickles_keep_value_and_digits():
    with mpmath.workdps(60):
        x = significant(mpmath.mpf(1) / 7, 50)
    for y in (pickle.loads(pickle.dumps(x)), copy.copy(x), copy.deepcopy(x)):
        assert y == x and y.digits == 50 and repr(y) == repr(x)


def test_infinities_and_symbolic_values_pass_unchanged():
    assert significant(mpmath.inf, 5) is mpmath.inf
    assert significant("not a number", 5) == "not a number"


def test_library_results_print_at_their_digits():
    # ln Z of the zero-coupling chain is sites ln 2; at 40 digits the repr shows 40
    z = IsingChain(10, 0, digits=40).log_partition_function()
    with mpmath.workdps(60):
        assert repr(z) == f"mpf('{mpmath.nstr(10 * mpmath.log(2), 40)}')"
    s = numeric.evaluator(2, "entropy", "mpmath", digits=35)(0.5)  # ln 2, eq. (22)
    with mpmath.workdps(60):
        assert str(s) == mpmath.nstr(mpmath.log(2), 35)
    cells = IsingChain(12, 1, digits=25).split(3)
    assert all(digits_shown(v) <= 25 for v in cells.isolated_log_partition_functions())
    assert digits_shown(cells.mutual_information(0, 1)) == 25
    gas = ContinuumGas(2, 1, digits=20)
    assert digits_shown(gas.log_partition_function()) == 20
