"""The one precision-doubling loop of ball arithmetic, shared by parts A and B."""

from __future__ import annotations

import flint
import mpmath
import pytest

from mesosym.errors import ConvergenceError, DomainError
from mesosym.mesoscopic import arithmetic
from mesosym.numeric import arb, balls


def test_certified_meets_its_digits_against_mpmath():
    with mpmath.workdps(60):
        want = mpmath.log(3) / 7
        got = balls.certified(lambda prec: flint.arb(3).log() / 7, 40)
        assert abs(got - want) < mpmath.mpf(10) ** -40


def test_doubling_doubles_until_decided_and_refuses_with_the_last_precision():
    tried = []

    def compute(prec: int) -> int | None:
        tried.append((prec, flint.ctx.prec))
        return prec if prec >= 500 else None

    assert balls.doubling(compute, 100, 10_000, str) == 800
    assert tried == [(100, 100), (200, 200), (400, 400), (800, 800)]
    with pytest.raises(ConvergenceError, match="gave up at 400"):
        balls.doubling(lambda prec: None, 100, 799, lambda prec: f"gave up at {prec}")


def test_a_radius_that_never_shrinks_is_refused():
    wide = flint.arb(1, 1)  # 1 +- 1 at every precision
    with pytest.raises(ConvergenceError, match=r"stayed above 10\^-5"):
        balls.certified(lambda prec: wide, 5, start=64)


def test_one_loop_serves_both_wings():
    assert arithmetic.certified is balls.certified
    assert arithmetic.arb_to_mpf is balls.arb_to_mpf
    assert arb.doubling is balls.doubling
    with pytest.raises(DomainError, match="flint.arb"):
        balls.arb_to_mpf(0.5)
