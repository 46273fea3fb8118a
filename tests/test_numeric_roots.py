"""The bracketed root: bisection (arithmetic or geometric), the secant method, the fallback."""

from __future__ import annotations

import mpmath
import pytest

from mesosym.numeric.roots import bracketed_root


@pytest.mark.parametrize("geometric", [False, True])
def test_cube_root_of_two_to_the_working_precision(geometric: bool) -> None:
    with mpmath.workdps(50):
        x = bracketed_root(lambda x: x**3 - 2, mpmath.mpf(10) ** -9, 10**9, geometric=geometric)
        assert abs(x - mpmath.cbrt(2)) < mpmath.mpf(10) ** -48


def test_decreasing_function_and_root_at_the_end() -> None:
    with mpmath.workdps(30):
        assert bracketed_root(lambda x: 3 - x, 1, 3) == 3  # f(hi) = 0
        assert bracketed_root(lambda x: 3 - x, 3, 5) == 3  # f(lo) = 0
        assert bracketed_root(lambda x: 3 - x, 2, 4) == 3  # the first midpoint


def test_noisy_function_falls_back_to_bisection() -> None:
    # f known only to float64: mpmath's secant method cannot verify a 30-digit root
    # (ValueError); bisection goes on and lands within f's rounding of 1/3
    with mpmath.workdps(30):
        f = lambda x: mpmath.mpf(float(x)) - mpmath.mpf(1) / 3  # noqa: E731
        with pytest.raises(ValueError):
            mpmath.findroot(f, (0, 1), solver="anderson")
        assert abs(bracketed_root(f, 0, 1) - mpmath.mpf(1) / 3) < 1e-16
