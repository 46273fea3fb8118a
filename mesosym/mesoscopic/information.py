"""Information measures over explicit distributions: the verbs, apart from the models.

As ``sympy.stats.rv_interface`` holds ``E``, ``P`` and ``H`` over any random
variable, this module holds the information verbs over any finite
distribution, given as a mapping ``{outcome: probability}``.  Outcomes are
tuples (one entry per elementary variable, e.g. one spin per site);
probabilities are ``mpmath.mpf`` numbers, Python numbers or SymPy
expressions (then the answer is a SymPy expression).

Conventions (all in nats):

* ``entropy(p) = -sum_x p(x) ln p(x)``, with ``0 ln 0 = 0``;
* ``mutual_information(p, A, B) = S(p_A) + S(p_B) - S(p_AB)``
  ``= D(p_AB || p_A p_B) >= 0``;
* ``total_correlation(p, groups) = sum_i S(p_i) - S(p_{union})`` (Watanabe),
  which equals the mutual information for two groups;
* ``dual_total_correlation(p, groups) = S(p) - sum_i S(p_i | p_rest)`` (the
  binding information of Han);
* ``relative_entropy(p, q) = sum_x p(x) ln(p(x)/q(x))``, ``+oo`` when ``p``
  charges an outcome that ``q`` does not.

A *variable* is either a sequence of positions in the outcome tuple or a
callable mapping an outcome to a value (for a coarse-grained variable such as
the number of particles in a cell).

Precision: every sum is taken at the working precision of the inputs, inside
``mp.workdps(digits + 10)``; the result is rounded to ``digits``.

Examples
--------
Two fair coins that are always equal share ln 2 of information:

>>> from mpmath import mpf
>>> p = {(0, 0): mpf(1) / 2, (1, 1): mpf(1) / 2}
>>> print(mutual_information(p, [0], [1], digits=15))
0.693147180559945
>>> print(entropy(p, digits=15))
0.693147180559945
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Union

import mpmath

from ..budget import MAX_DIGITS, short
from ..errors import DomainError
from ..significant import significant
from ..validation import _sp, _sympy_basic, check_digits

__all__ = [
    "Variable",
    "marginal",
    "entropy",
    "conditional_entropy",
    "mutual_information",
    "total_correlation",
    "dual_total_correlation",
    "relative_entropy",
    "check_distribution",
    "total_correlation_from_environments",
    "relative_entropy_from_environment",
    "table_mutual_information",
    "occupation_table",
]

#: Digits above MAX_DIGITS accepted as the guard digits of the library's own callers.
_GUARD_DIGITS = 20

#: a variable of a distribution: positions in the outcome tuple, or a function of the outcome
Variable = Union[Sequence[int], Callable[[Any], Any]]  # noqa: UP007 (a runtime alias)


def _is_symbolic(values: Iterable[Any]) -> bool:
    return any(_sympy_basic(v) and not v.is_Number for v in values)


def _project(variable: Variable | None) -> Callable[[Any], Any]:
    if variable is None:
        return lambda x: x
    if callable(variable):
        return variable
    if isinstance(variable, str):
        raise DomainError(
            f"variable must be a sequence of positions or a callable; got {short(variable)}"
        )
    positions = tuple(int(i) for i in variable)
    return lambda x: tuple(x[i] for i in positions)


def check_distribution(p: Mapping[Any, Any], *, name: str = "p") -> None:
    """Raise DomainError unless ``p`` is a non-empty mapping of non-negative weights.

    Numeric weights must be finite and non-negative; symbolic weights pass.
    Normalisation is the caller's business (the verbs do not renormalise).

    >>> check_distribution({(0,): 1})
    >>> check_distribution({(0,): -1})
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: p must have finite non-negative probabilities; got p[(0,)] = -1
    """
    if not isinstance(p, Mapping) or not p:
        raise DomainError(
            f"{name} must be a non-empty mapping outcome -> probability; got {short(p)}"
        )
    for key, value in p.items():
        if _sympy_basic(value) and not value.is_Number:
            if value.is_negative:
                raise DomainError(
                    f"{name} must have non-negative probabilities; {name}[{short(key)}]"
                )
            continue
        if isinstance(value, (str, bytes)):
            raise DomainError(f"{name}[{short(key)}] must be a number; got the text {short(value)}")
        try:
            v = mpmath.mpmathify(value)
        except (TypeError, ValueError):
            raise DomainError(
                f"{name}[{short(key)}] must be a number; got {short(value)}"
            ) from None
        if not mpmath.isfinite(v) or v < 0:
            raise DomainError(
                f"{name} must have finite non-negative probabilities; "
                f"got {name}[{short(key)}] = {short(value, form=str)}"
            )


def marginal(p: Mapping[Any, Any], variable: Variable | None = None) -> dict[Any, Any]:
    """The distribution of ``variable`` under ``p``: ``{value: probability}``.

    >>> marginal({(0, 0): 0.25, (0, 1): 0.25, (1, 1): 0.5}, [0])
    {(0,): 0.5, (1,): 0.5}
    """
    check_distribution(p)
    f = _project(variable)
    out: dict[Any, Any] = defaultdict(int)
    for x, w in p.items():
        out[f(x)] += w
    return dict(out)


def _plogp_sum(weights: Iterable[Any], symbolic: bool) -> Any:
    if symbolic:
        sp = _sp()
        return -sp.Add(*(w * sp.log(w) for w in weights if w != 0))
    total = mpmath.mpf(0)
    for w in weights:
        w = mpmath.mpmathify(w)
        if w > 0:
            total -= w * mpmath.log(w)
    return total


def _checked_digits(digits: Any) -> int:
    """``digits`` checked by :func:`~mesosym.validation.check_digits`.

    Up to ``_GUARD_DIGITS`` above MAX_DIGITS pass: the guard digits the library's own
    callers add (``digits + 10``).
    """
    if isinstance(digits, int) and MAX_DIGITS < digits <= MAX_DIGITS + _GUARD_DIGITS:
        return digits
    return check_digits(digits)


def _finish(value: Any, symbolic: bool, digits: int) -> Any:
    if symbolic:
        return value
    return significant(value, digits)


def entropy(p: Mapping[Any, Any], variable: Variable | None = None, *, digits: int = 30) -> Any:
    """Shannon entropy of ``variable`` (default: the whole outcome) under ``p``, in nats.

    Precision: ``digits`` significant digits for numeric weights (sums at ``digits + 10``).

    >>> print(entropy({(0,): 0.5, (1,): 0.5}, digits=10))
    0.6931471806
    """
    digits = _checked_digits(digits)
    check_distribution(p)
    symbolic = _is_symbolic(p.values())
    with mpmath.workdps(digits + 10):
        value = _plogp_sum(marginal(p, variable).values(), symbolic)
    return _finish(value, symbolic, digits)


def conditional_entropy(
    p: Mapping[Any, Any], variable: Variable, given: Variable, *, digits: int = 30
) -> Any:
    """``S(variable | given) = S(variable, given) - S(given)`` in nats.

    >>> p = {(0, 0): 0.5, (1, 1): 0.5}
    >>> print(conditional_entropy(p, [0], [1], digits=10))
    0.0
    """
    digits = _checked_digits(digits)
    f, g = _project(variable), _project(given)
    joint = entropy(p, lambda x: (f(x), g(x)), digits=digits + 10)
    alone = entropy(p, g, digits=digits + 10)
    return _finish(joint - alone, _is_symbolic(p.values()), digits)


def mutual_information(p: Mapping[Any, Any], a: Variable, b: Variable, *, digits: int = 30) -> Any:
    """``I(A:B) = D(p_AB || p_A p_B)`` in nats, summed directly (no cancellation of entropies).

    Precision: absolute error below ``10**-digits`` for numeric weights.

    >>> p = {(0, 0): 0.25, (0, 1): 0.25, (1, 0): 0.25, (1, 1): 0.25}
    >>> print(mutual_information(p, [0], [1], digits=10))
    0.0
    """
    digits = _checked_digits(digits)
    check_distribution(p)
    check_distribution(p)
    fa, fb = _project(a), _project(b)
    symbolic = _is_symbolic(p.values())
    with mpmath.workdps(digits + 10):
        joint = marginal(p, lambda x: (fa(x), fb(x)))
        pa = marginal(joint, lambda ab: ab[0])
        pb = marginal(joint, lambda ab: ab[1])
        if symbolic:
            sp = _sp()
            value = sp.Add(
                *(w * sp.log(w / (pa[k[0]] * pb[k[1]])) for k, w in joint.items() if w != 0)
            )
        else:
            value = mpmath.mpf(0)
            for (ka, kb), w in joint.items():
                w = mpmath.mpmathify(w)
                if w > 0:
                    value += w * mpmath.log(w / (mpmath.mpmathify(pa[ka]) * pb[kb]))
    return _finish(value, symbolic, digits)


def total_correlation(p: Mapping[Any, Any], groups: Sequence[Variable], *, digits: int = 30) -> Any:
    """Watanabe's total correlation ``sum_i S(p_i) - S(p_{g_1,...,g_K})`` in nats.

    For two groups it is the mutual information.

    >>> p = {(0, 0, 0): 0.5, (1, 1, 1): 0.5}
    >>> print(total_correlation(p, [[0], [1], [2]], digits=10))   # 2 ln 2
    1.386294361
    """
    digits = _checked_digits(digits)
    check_distribution(p)
    if len(groups) < 1:
        raise DomainError(f"groups must hold at least one variable; got {short(groups)}")
    fs = [_project(g) for g in groups]
    symbolic = _is_symbolic(p.values())
    with mpmath.workdps(digits + 10):
        parts = [_plogp_sum(marginal(p, f).values(), symbolic) for f in fs]
        whole = _plogp_sum(marginal(p, lambda x: tuple(f(x) for f in fs)).values(), symbolic)
        value = sum(parts[1:], parts[0]) - whole
    return _finish(value, symbolic, digits)


def dual_total_correlation(
    p: Mapping[Any, Any], groups: Sequence[Variable], *, digits: int = 30
) -> Any:
    """Han's dual total correlation ``S(p) - sum_i S(g_i | all other groups)`` in nats.

    When every group is a function of the others (a fixed total, say) it is the joint entropy.

    >>> p = {(0, 0, 0): 0.5, (1, 1, 1): 0.5}
    >>> print(dual_total_correlation(p, [[0], [1], [2]], digits=10))   # ln 2
    0.6931471806
    """
    digits = _checked_digits(digits)
    check_distribution(p)
    fs = [_project(g) for g in groups]
    symbolic = _is_symbolic(p.values())
    with mpmath.workdps(digits + 10):
        whole = _plogp_sum(marginal(p, lambda x: tuple(f(x) for f in fs)).values(), symbolic)
        value = whole
        for i in range(len(fs)):
            rest = [f for j, f in enumerate(fs) if j != i]
            s_rest = _plogp_sum(
                marginal(p, lambda x, rest=rest: tuple(f(x) for f in rest)).values(), symbolic
            )
            value -= whole - s_rest
    return _finish(value, symbolic, digits)


def relative_entropy(p: Mapping[Any, Any], q: Mapping[Any, Any], *, digits: int = 30) -> Any:
    """Kullback-Leibler divergence ``D(p || q) = sum_x p(x) ln(p(x)/q(x))`` in nats.

    Returns ``mpmath.inf`` (``sympy.oo``) when ``p`` charges an outcome that
    ``q`` gives zero weight.  Both are given over the same outcomes (missing
    outcomes have probability 0).

    >>> print(relative_entropy({0: 0.5, 1: 0.5}, {0: 0.25, 1: 0.75}, digits=10))
    0.1438410362
    """
    digits = _checked_digits(digits)
    check_distribution(p, name="p")
    check_distribution(q, name="q")
    symbolic = _is_symbolic(list(p.values()) + list(q.values()))
    with mpmath.workdps(digits + 10):
        if symbolic:
            sp = _sp()
            terms = []
            for x, w in p.items():
                if w == 0:
                    continue
                qx = q.get(x, 0)
                if qx == 0:
                    return sp.oo
                terms.append(w * sp.log(w / qx))
            return sp.Add(*terms)
        value = mpmath.mpf(0)
        for x, w in p.items():
            w = mpmath.mpmathify(w)
            if w == 0:
                continue
            qx = mpmath.mpmathify(q.get(x, 0))
            if qx == 0:
                return mpmath.inf
            value += w * mpmath.log(w / qx)
    return _finish(value, False, digits)


# -- a Markov chain cut into cells: the information from the environments ------------------
def total_correlation_from_environments(
    log_z: Any, boundary_energy: Any, log_env_means: Any
) -> Any:
    """TC = (K - 1) ln Z - beta<W> - sum_i <ln Env_i> of a chain cut into K cells.

    With p = e^(-beta H)/Z, H = sum_i H_i + W and p_i = e^(-beta H_i) Env_i / Z (Env_i the
    weight of everything outside cell i, given its boundary), S(p) = ln Z + beta<H> and
    S(p_i) = ln Z + beta<H_i> - <ln Env_i>, so sum_i S(p_i) - S(p) is the formula.  The
    numbers may be of any arithmetic (mpmath, float64, arb balls, SymPy): the transfer
    route of :mod:`.cells` and the fugacity polynomials of :mod:`.canonical` both use it.

    Three independent cells of Z_i = 2: Env_i = Z/Z_i = 4 and TC = 2 ln 8 - 3 ln 4 = 0.

    >>> import math
    >>> abs(total_correlation_from_environments(math.log(8), 0.0, [math.log(4)] * 3)) < 1e-15
    True
    """
    K = len(log_env_means)
    if K == 1:
        return 0 * log_z
    total = log_env_means[0]
    for x in log_env_means[1:]:
        total = total + x
    return (K - 1) * log_z - boundary_energy - total


def relative_entropy_from_environment(log_env_mean: Any, log_z: Any, log_z_isolated: Any) -> Any:
    """D(p_i || q_i) = <ln Env_i> - ln Z + ln Z_i: a cell's marginal against the cell alone.

    p_i = e^(-beta H_i) Env_i / Z and q_i = e^(-beta H_i) / Z_i, so ln(p_i/q_i) =
    ln Env_i - ln Z + ln Z_i; any arithmetic.

    >>> relative_entropy_from_environment(2.0, 5.0, 3.0)
    0.0
    """
    return log_env_mean - log_z + log_z_isolated


def table_mutual_information(P: Any) -> float:
    """I of a float64 table of joint probabilities P[n_a][n_b] (numpy array summing to 1).

    I = sum P ln P - sum p_a ln p_a - sum p_b ln p_b with the table's own margins
    (pairwise summation): entropies of order ln(entries), so the absolute error stays
    near 1e-15 ln(entries).

    >>> import numpy as np
    >>> round(table_mutual_information(np.array([[0.5, 0.0], [0.0, 0.5]])), 15)
    0.693147180559945
    """
    import numpy as np

    table = None
    if not isinstance(P, (str, bytes)):
        try:
            table = np.asarray(P, dtype=float)
        except (TypeError, ValueError, OverflowError):
            table = None
    if table is None or table.ndim != 2 or not np.all(np.isfinite(table)) or np.any(table < 0):
        raise DomainError(
            f"P must be a two-dimensional table of probabilities (finite, >= 0); got {short(P)}"
        )

    def plogp(x: Any) -> float:
        x = x[x > 0]
        return float((x * np.log(x)).sum())

    return plogp(table) - plogp(table.sum(axis=1)) - plogp(table.sum(axis=0))


def occupation_table(A: Any, B: Any, E: Any, index: Any = None) -> Any:
    """The weights W(n_a, n_b) = sum_(alpha, beta) A[alpha][n_a] B[beta][n_b] E_(alpha beta).

    The one occupation table of two cells of a chain, in both ensembles (float64 numpy
    arrays, unnormalised).  alpha and beta are what the rest of the chain sees of
    each cell (its boundary states), A and B the cells' weights by occupation given
    them, E the weight of everything else:

    * grand canonical: E[alpha][beta] a number (``index=None``), and the table is the
      matrix product A^T E B;
    * canonical (N particles): E[alpha][beta][m] holds the weight with m particles
      outside the cells, read at m = ``index[n_a][n_b]`` (= N - n_a - n_b less an
      offset; outside E's range the weight is 0), so the table does not factor and is
      summed pair by pair.

    Every entry is a sum of products of non-negative numbers: relative error below
    (s^2 + 3) u per entry (s^2 pairs, u = 2^-53).

    >>> import numpy as np
    >>> A = np.array([[1.0, 1.0]]); B = np.array([[1.0, 1.0]])
    >>> occupation_table(A, B, np.array([[2.0]])).tolist()
    [[2.0, 2.0], [2.0, 2.0]]
    >>> occupation_table(A, B, np.array([[[1.0, 3.0]]]), np.array([[1, 0], [0, -1]])).tolist()
    [[3.0, 1.0], [1.0, 0.0]]
    """
    import numpy as np

    A, B, E = (np.asarray(x, dtype=float) for x in (A, B, E))
    if index is None:
        return A.T @ E @ B
    index = np.asarray(index)
    valid = (index >= 0) & (index < E.shape[2])
    at = np.where(valid, index, 0)
    P = np.zeros((A.shape[1], B.shape[1]))
    for al in range(A.shape[0]):
        for be in range(B.shape[0]):
            P += np.outer(A[al], B[be]) * E[al, be][at]
    P[~valid] = 0.0
    return P
