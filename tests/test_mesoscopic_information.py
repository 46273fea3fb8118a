"""Information verbs over explicit distributions: hand values, dit, and bad input."""

from __future__ import annotations

import math
import random

import mpmath
import pytest
import sympy as sp

from mesosym.errors import DomainError
from mesosym.mesoscopic import information as info

with mpmath.workdps(60):
    LN2 = mpmath.log(2)


@pytest.fixture(autouse=True)
def _forty_digits():
    """Compare at 40 digits: values carry 30 (scoped, restored after each test)."""
    with mpmath.workdps(40):
        yield


def _random_distribution(rng: random.Random, n: int) -> dict[tuple[int, ...], mpmath.mpf]:
    weights = {
        x: mpmath.mpf(rng.random()) for x in __import__("itertools").product((0, 1), repeat=n)
    }
    total = sum(weights.values())
    return {x: w / total for x, w in weights.items()}


def test_perfectly_correlated_bits_share_ln2():
    p = {(0, 0, 0): mpmath.mpf(1) / 2, (1, 1, 1): mpmath.mpf(1) / 2}
    assert abs(info.mutual_information(p, [0], [1]) - LN2) < 1e-29
    assert abs(info.total_correlation(p, [[0], [1], [2]]) - 2 * LN2) < 1e-29
    assert abs(info.dual_total_correlation(p, [[0], [1], [2]]) - LN2) < 1e-29
    assert abs(info.conditional_entropy(p, [0], [1])) < 1e-29


def test_independent_variables_have_no_information():
    p = {
        (a, b): mpmath.mpf(w1 * w2)
        for a, w1 in ((0, 0.25), (1, 0.75))
        for b, w2 in ((0, 0.5), (1, 0.5))
    }
    assert abs(info.mutual_information(p, [0], [1])) < 1e-29
    assert abs(info.total_correlation(p, [[0], [1]])) < 1e-29


def test_relative_entropy_of_two_coins_by_hand():
    value = info.relative_entropy(
        {0: mpmath.mpf(1) / 2, 1: mpmath.mpf(1) / 2}, {0: mpmath.mpf(1) / 4, 1: mpmath.mpf(3) / 4}
    )
    # D = (1/2) ln 2 + (1/2) ln(2/3)
    assert abs(value - (LN2 / 2 + mpmath.log(mpmath.mpf(2) / 3) / 2)) < 1e-29


def test_relative_entropy_is_infinite_off_the_support():
    assert info.relative_entropy({0: 1}, {1: 1}) == mpmath.inf
    assert info.relative_entropy({0: 1}, {0: 1, 1: 0}) == 0


def test_symbolic_entropy_is_the_binary_entropy():
    p = sp.Symbol("p", positive=True)
    s = info.entropy({(0,): p, (1,): 1 - p})
    assert sp.simplify(s - (-p * sp.log(p) - (1 - p) * sp.log(1 - p))) == 0


def test_occupation_variable_is_a_function():
    p = {(0, 1): mpmath.mpf(1) / 2, (1, 0): mpmath.mpf(1) / 2}
    # the number of ones is always 1: no entropy, no information
    assert info.entropy(p, lambda x: sum(x)) == 0
    assert abs(info.mutual_information(p, [0], [1]) - LN2) < 1e-29


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_against_dit(seed):
    dit = pytest.importorskip("dit")
    rng = random.Random(seed)
    p = _random_distribution(rng, 3)
    outcomes = ["".join(map(str, x)) for x in p]
    d = dit.Distribution(outcomes, [float(w) for w in p.values()])
    to_nats = math.log(2)
    assert abs(float(info.entropy(p)) - dit.shannon.entropy(d) * to_nats) < 1e-12
    assert (
        abs(
            float(info.mutual_information(p, [0], [1, 2]))
            - dit.shannon.mutual_information(d, [0], [1, 2]) * to_nats
        )
        < 1e-12
    )
    groups = [[0], [1], [2]]
    assert (
        abs(
            float(info.total_correlation(p, groups))
            - dit.multivariate.total_correlation(d, groups) * to_nats
        )
        < 1e-12
    )
    assert (
        abs(
            float(info.dual_total_correlation(p, groups))
            - dit.multivariate.dual_total_correlation(d, groups) * to_nats
        )
        < 1e-12
    )
    q = _random_distribution(rng, 3)
    dq = dit.Distribution(outcomes, [float(q[x]) for x in p])
    kl = dit.divergences.kullback_leibler_divergence(d, dq) * to_nats
    assert abs(float(info.relative_entropy(p, q)) - kl) < 1e-12


def test_chain_rule_exactly():
    rng = random.Random(7)
    p = _random_distribution(rng, 4)
    with mpmath.workdps(40):
        lhs = info.mutual_information(p, [0], [1, 2, 3])
        rhs = info.mutual_information(p, [0], [1]) + (
            info.entropy(p, [0, 1])
            - info.entropy(p, [1])
            + info.entropy(p, [1, 2, 3])
            - info.entropy(p, [0, 1, 2, 3])
        )
        assert abs(lhs - rhs) < mpmath.mpf(10) ** -28


@pytest.mark.parametrize(
    "bad, name",
    [({}, "p"), ({(0,): -1}, "p"), ({(0,): float("nan")}, "p"), ({(0,): "1/2"}, "p[(0,)]")],
)
def test_bad_distributions_are_named(bad, name):
    with pytest.raises(DomainError, match=r"^" + re_escape(name)):
        info.entropy(bad)


def re_escape(text: str) -> str:
    import re

    return re.escape(text)


def test_text_variable_is_refused():
    with pytest.raises(DomainError, match="variable"):
        info.entropy({(0,): 1}, "0")


def test_marginals_are_summed_at_the_working_precision():
    # regression: the marginals of mutual_information were summed at mpmath's global 15 digits
    with mpmath.workdps(50):
        third = mpmath.mpf(1) / 3
        p = {(0, 0): third, (0, 1): third / 2, (1, 0): third / 2, (1, 1): third}
        exact = info.mutual_information(p, [0], [1], digits=40)
    with mpmath.workdps(15):
        value = info.mutual_information(p, [0], [1], digits=40)
    with mpmath.workdps(50):
        assert abs(value - exact) < mpmath.mpf(10) ** -38
