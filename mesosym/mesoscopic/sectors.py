"""Sectors of a lattice chain and its mesoscopic partition function Z_mes.

The chain of a :class:`~mesosym.mesoscopic.models.chain.LatticeChain` is cut into
M = sites/b cells of b consecutive sites.  A *sector* is the vector of cell
occupations n = (n_1, ..., n_M) (the sum of ``occupation(x)`` over a cell's sites:
its particles or up spins; for a strip, its up spins), 0 <= n_c <= b max(occupation);
it holds prod_c c_b(n_c) configurations, c_b(n) = [z^n] (sum_a z^occupation(a))^b
(C(b, n) for two states).  The mesoscopic partition function is

    Z_mes = sum_n [prod_c c_b(n_c)] exp(-beta Hbar(n)),

with Hbar(n) the uniform average of H over the configurations of sector n.
Under that uniform measure the cells are independent and each is a uniformly
random configuration of b sites holding n_c, exchangeable among its sites: one
site is in state a with probability c_(b-1)(n - o_a)/c_b(n), two distinct sites in
states a, a' with c_(b-2)(n - o_a - o_a')/c_b(n) (o the occupations; any number of
local states).  For two states (o = 0 or 1), a bond f(o, o') and a site term g(o):

* two distinct sites of one cell are both occupied with probability
  n(n-1)/(b(b-1)), one occupied and the other empty with n(b-n)/(b(b-1)) each,
  both empty with (b-n)(b-n-1)/(b(b-1)); a cell has b - 1 inner bonds
  (the expected number of occupied pairs is (b-1) n(n-1)/(b(b-1)));
* a bond joining cells c and c' sees independent sites, occupied with
  probabilities n_c/b and n_c'/b (occupied pair: n_c n_c'/b^2);
* the site terms sum to n g(1) + (b - n) g(0).

Hbar(n) is therefore a sum of one-cell terms and nearest-cell terms, and Z_mes
is a transfer matrix over cells with state n_c in 0..b: polynomial time,
M (b+1)^2 operations (open) or (b+1)^3 log M (periodic); the canonical gas
fixes its particle number by extracting the coefficient of z^N (a fugacity z
per particle) from polynomials stepped cell by cell in ball arithmetic
(python-flint, truncated at z^N: 1200 sites in cells of 4 in about 0.5 s).
One-site cells (b = 1) give back Z: the same code computes the canonical Z (an
independent check of the site transfer route of :mod:`.canonical`).

Cells may also have unequal sizes (``cell_size=[b_1, b_2, ...]`` summing to
the number of sites); the same transfer route runs over them.

Energies are kept exactly as rational coefficient vectors over the model's
parameters (coupling, field or chemical potential, and a constant), so the
symbolic route is exact: Z_mes = sum_k c_k exp(-beta e_k) with integer c_k.

Jensen in each sector gives Z_mes <= Z; exactly, with p the Gibbs state and
p_mes(s) = exp(-beta Hbar(n(s)))/Z_mes (uniform inside each sector),
ln Z - ln Z_mes = D(p_mes || p) (not D(p || p_mes)): see
:func:`relative_entropies` and ``mesosym/derivations/mesoscopic_lattice_coarse_graining.py``.

Examples
--------
Three Ising spins in one cell, J = 1, beta = 1: the sectors are the numbers of
up spins, n = 0..3.  All aligned (n = 0, 3): H = -2.  One spin flipped (n = 1):
+-- and --+ have H = 0, -+- has H = 2, so Hbar = 2/3; likewise n = 2.  Hence
Z_mes = 2 e^2 + 6 e^(-2/3).

>>> from mesosym.mesoscopic import IsingChain
>>> chain = IsingChain(3, 1)
>>> sector_energy(chain, 3, (0,)), sector_energy(chain, 3, (1,))
(-2, 2/3)
>>> import mpmath
>>> z = chain.log_mesoscopic_partition_function(cell_size=3)
>>> mpmath.nstr(z, 15), mpmath.nstr(mpmath.log(2 * mpmath.e**2 + 6 * mpmath.e**(-2/3.)), 15)
('2.88248601992459', '2.88248601992459')
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import mpmath
import sympy as sp

from ..budget import SECTOR_OPERATIONS, require_count
from ..errors import DomainError
from ..validation import as_int, as_sympy, check_count
from .arithmetic import FLOAT64, MPMATH, Context, rounded
from .protocol import check_lattice_model
from .transfer import log_of_positive_sum

if TYPE_CHECKING:  # pragma: no cover
    from .protocol import LatticeModel

__all__ = [
    "SECTOR_BUDGET",
    "check_cell_size",
    "energy_vectors",
    "sector_energy",
    "sector_count",
    "log_mesoscopic_partition_function",
    "mesoscopic_terms",
    "log_canonical_partition_function",
    "enumerated_sectors",
    "log_partition_function_by_enumeration",
    "log_mesoscopic_partition_function_by_enumeration",
    "relative_entropies",
    "mesoscopic_free_energy_density",
]

#: the largest number of elementary operations a sector sum is allowed (each a 30-digit
#: multiply-add, about 5 us: the budget is about 20 s); :data:`mesosym.budget.SECTOR_OPERATIONS`
SECTOR_BUDGET = SECTOR_OPERATIONS

Vector = tuple[Fraction, ...]


# -- cells and exact energies ------------------------------------------------------------
def check_cell_size(model: LatticeModel, cell_size: Any) -> int:
    """Return ``cell_size`` if it is a positive divisor of ``model.sites``, else raise.

    Examples
    --------
    >>> from mesosym.mesoscopic import IsingChain
    >>> check_cell_size(IsingChain(6, 1), 4)
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: cell_size must divide sites = 6: one of 1, 2, 3, 6; got 4
    """
    check_lattice_model(model)
    n = model.sites
    divisors = [d for d in range(1, n + 1) if n % d == 0]
    shown = ", ".join(map(str, divisors)) if len(divisors) <= 24 else f"{divisors[:24]}..."
    try:
        b = as_int("cell_size", cell_size)
    except DomainError:
        b = 0
    if b < 1 or n % b:
        raise DomainError(f"cell_size must divide sites = {n}: one of {shown}; got {cell_size!r}")
    return b


def check_cells(model: LatticeModel, cell_size: Any) -> tuple[int, ...]:
    """Return the cell sizes: ``b`` (a divisor of sites) repeated, or a given sequence.

    A sequence of positive integers summing to ``sites`` gives cells of unequal
    sizes, in order along the chain.

    Examples
    --------
    >>> from mesosym.mesoscopic import IsingChain
    >>> check_cells(IsingChain(6, 1), 2), check_cells(IsingChain(6, 1), [1, 5])
    ((2, 2, 2), (1, 5))
    >>> check_cells(IsingChain(6, 1), [2, 2])
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: cell_size must be a divisor of sites = 6 or a sequence of positive
    integers summing to 6; got [2, 2]
    """
    check_lattice_model(model)
    if isinstance(cell_size, (list, tuple)):
        try:
            sizes = tuple(as_int("cell_size", b) for b in cell_size)
        except DomainError:
            sizes = ()
        if not sizes or any(b < 1 for b in sizes) or sum(sizes) != model.sites:
            raise DomainError(
                f"cell_size must be a divisor of sites = {model.sites} or a sequence of positive "
                f"integers summing to {model.sites}; got {cell_size!r}"
            )
        return sizes
    b = check_cell_size(model, cell_size)
    return (b,) * (model.sites // b)


@functools.lru_cache(maxsize=256)
def _cross_table(model: LatticeModel, b1: int, b2: int) -> list[list[Vector]]:
    """<f> over a bond from a cell of b1 sites holding n to a cell of b2 sites holding m."""
    a1, a2 = _averages(model, b1), _averages(model, b2)
    return [[a1.cross(n, a2, m) for m in a2.span] for n in a1.span]


def energy_vectors(model: LatticeModel) -> tuple[dict[tuple[Any, Any], Vector], dict[Any, Vector]]:
    """Bond and site energies as exact coefficient vectors over (parameters..., 1).

    Returns ``(f, g)``: ``f[(a, b)]`` for a bond between the states a and b and
    ``g[a]`` for a site in state a, each the vector c with
    energy = sum_k c_k p_k + c_last.

    Examples
    --------
    >>> from mesosym.mesoscopic import IsingChain
    >>> f, g = energy_vectors(IsingChain(2, 5, field=7))
    >>> [int(c) for c in f[(1, -1)]], [int(c) for c in g[1]]
    ([1, 0, 0], [0, -1, 0])
    """
    check_lattice_model(model)
    f, g = _energy_vectors(model)
    st = model.states
    return (
        {(st[x], st[y]): v for (x, y), v in f.items()},
        {st[x]: v for x, v in g.items()},
    )


@functools.lru_cache(maxsize=64)
def _energy_vectors(model: LatticeModel) -> tuple[dict[tuple[int, int], Vector], dict[int, Vector]]:
    """Uncached :func:`energy_vectors`, keyed by state indices (the model is hashable)."""
    dummies = [sp.Dummy(f"p{k}") for k in range(len(model.parameters))]
    clone = copy.copy(model)
    clone._parameters = tuple(dummies)
    st = model.states

    def vector(expr: Any) -> Vector:
        expr = sp.expand(as_sympy(expr, "energy"))
        coeffs = [expr.coeff(d) for d in dummies]
        const = expr.subs({d: 0 for d in dummies})
        out = []
        for c in (*coeffs, const):
            if not isinstance(c, sp.Rational):  # pragma: no cover - models are linear
                raise DomainError(f"energies must be linear in the parameters; got {expr}")
            out.append(Fraction(int(c.p), int(c.q)))
        return tuple(out)

    s = range(len(st))
    f = {(x, y): vector(clone._bond(st[x], st[y])) for x in s for y in s}
    g = {x: vector(clone._site(st[x])) for x in s}
    return f, g


def _add(*vectors: Vector) -> Vector:
    return tuple(sum(c, Fraction(0)) for c in zip(*vectors, strict=True))


def _scale(k: Fraction, v: Vector) -> Vector:
    return tuple(k * c for c in v)


@functools.lru_cache(maxsize=64)
def _averages(model: LatticeModel, b: int) -> _Averages:
    return _Averages(model, b)


def _occupation_counts(occupations: Sequence[int], sites: int) -> list[int]:
    """c_L(n) for n = 0..L max(occupation): configurations of L sites holding n in all.

    The coefficients of (sum_a z^occupation(a))^L; C(L, n) for two states 0 and 1.
    """
    poly = [1]
    for _ in range(sites):
        new = [0] * (len(poly) + max(occupations))
        for k, c in enumerate(poly):
            if c:
                for o in occupations:
                    new[k + o] += c
        poly = new
    return poly


class _Averages:
    """Exact one-cell and two-cell averaged energies for cells of b sites.

    Under the uniform measure on a sector, a cell holding n is a uniformly random
    configuration of b sites with total occupation n: exchangeable, so one site is
    in state a with probability c_(b-1)(n - o_a)/c_b(n) and two distinct sites in
    states a, a' with c_(b-2)(n - o_a - o_a')/c_b(n) (o the occupations, c_L the
    counts of :func:`_occupation_counts`); for two states 0, 1 these are n/b and
    n(n-1)/(b(b-1)).
    """

    def __init__(self, model: LatticeModel, b: int) -> None:
        self.b = b
        self.f, self.g = _energy_vectors(model)
        self.occ = tuple(model.occupation(a) for a in model.states)
        self.zero: Vector = tuple(Fraction(0) for _ in self.g[0])
        self.count = _occupation_counts(self.occ, b)
        self.span = range(len(self.count))
        less = [_occupation_counts(self.occ, b - k) if b >= k else [] for k in (1, 2)]
        self._less = less
        self.one = [self.p1(n) for n in self.span]
        self.cells = [self.cell(n) for n in self.span]
        self.pairs = [self.pair_inside(n) for n in self.span]

    def _c(self, k: int, n: int) -> int:
        row = self._less[k - 1]
        return row[n] if 0 <= n < len(row) else 0

    def p1(self, n: int) -> dict[int, Fraction]:
        """P(a site is in state x) for a cell holding n, over state indices x."""
        total = self.count[n]
        if total == 0:
            return {}
        out = {x: Fraction(self._c(1, n - o), total) for x, o in enumerate(self.occ)}
        return {x: p for x, p in out.items() if p}

    def pair_inside(self, n: int) -> Vector:
        """<f> over a pair of distinct sites of one cell (b >= 2), or a self-bond (b = 1)."""
        if self.count[n] == 0:
            return self.zero
        if self.b == 1:
            return _add(self.zero, *(_scale(p, self.f[(x, x)]) for x, p in self.one[n].items()))
        total = self.count[n]
        terms = [self.zero]
        for x, ox in enumerate(self.occ):
            for y, oy in enumerate(self.occ):
                c = self._c(2, n - ox - oy)
                if c:
                    terms.append(_scale(Fraction(c, total), self.f[(x, y)]))
        return _add(*terms)

    def cell(self, n: int) -> Vector:
        """The b - 1 inner bonds and the b site terms of a cell holding n."""
        if self.count[n] == 0:
            return self.zero
        sites = _add(self.zero, *(_scale(self.b * p, self.g[x]) for x, p in self.one[n].items()))
        if self.b == 1:
            return sites
        return _add(_scale(Fraction(self.b - 1), self.pair_inside(n)), sites)

    def cross(self, n: int, other: _Averages, m: int) -> Vector:
        """A bond from a cell of these holding n to the next cell (``other``) holding m."""
        p, q = self.one[n], other.one[m]
        terms = [_scale(pa * qb, self.f[(x, y)]) for x, pa in p.items() for y, qb in q.items()]
        return _add(self.zero, *terms)


def _span(model: LatticeModel, b: int) -> int:
    """The number of occupations a cell of b sites can hold: 0..b max(occupation)."""
    return b * max(model.occupation(a) for a in model.states) + 1


def _vector_expr(model: LatticeModel, v: Vector) -> sp.Expr:
    terms = [
        sp.Rational(c.numerator, c.denominator) * p
        for c, p in zip(v, model.parameters, strict=False)
    ]
    return sp.Add(*terms) + sp.Rational(v[-1].numerator, v[-1].denominator)


def sector_count(model: LatticeModel, cell_size: Any, occupations: Sequence[int]) -> int:
    """Number of configurations in a sector: prod_c c_(b_c)(n_c) (C(b_c, n_c) for two states).

    >>> from mesosym.mesoscopic import LatticeGas
    >>> sector_count(LatticeGas(6, 1), 3, (1, 2))
    9
    """
    sizes = check_cells(model, cell_size)
    occ = _check_occupations(model, sizes, occupations)
    return math.prod(_averages(model, b).count[n] for b, n in zip(sizes, occ, strict=True))


def _check_occupations(
    model: LatticeModel, sizes: tuple[int, ...], occupations: Sequence[int]
) -> tuple[int, ...]:
    try:
        occ = tuple(as_int("occupations", n) for n in occupations)
    except (DomainError, TypeError):
        occ = ()
    tops = [_span(model, b) - 1 for b in sizes]
    if len(occ) != len(sizes) or any(n < 0 or n > t for n, t in zip(occ, tops, strict=True)):
        raise DomainError(
            f"occupations must be {len(sizes)} integers, n_c in [0, {tops[0]}] for the cell "
            f"sizes {sizes}; got {occupations!r}"
        )
    return occ


def _sector_vector(model: LatticeModel, sizes: tuple[int, ...], occ: Sequence[int]) -> Vector:
    cells = len(occ)
    parts = [_averages(model, b).cells[n] for b, n in zip(sizes, occ, strict=True)]
    parts += [
        _cross_table(model, sizes[c], sizes[c + 1])[occ[c]][occ[c + 1]] for c in range(cells - 1)
    ]
    if model.boundary == "periodic":
        if cells > 1:
            parts.append(_cross_table(model, sizes[-1], sizes[0])[occ[-1]][occ[0]])
        else:
            parts.append(_averages(model, sizes[0]).pairs[occ[0]])
    return _add(*parts)


def sector_energy(model: LatticeModel, cell_size: Any, occupations: Sequence[int]) -> sp.Expr:
    """Hbar(n): the Hamiltonian averaged uniformly over the sector's configurations.

    Parameters
    ----------
    model : LatticeModel
        The chain.
    cell_size : int
        b, a divisor of ``model.sites``.
    occupations : sequence of int
        n_c in [0, b] for each of the sites/b cells.

    Returns
    -------
    sympy.Expr
        Exact (rational coefficients times the model's parameters).

    Examples
    --------
    A lattice gas of 4 sites in one cell with 2 particles: 3 bonds, each occupied
    with probability 2*1/(4*3) = 1/6, so Hbar = -eps/2 - 2 mu.

    >>> from mesosym.mesoscopic import LatticeGas
    >>> from mesosym.mesoscopic.symbols import eps, mu
    >>> sector_energy(LatticeGas(4, eps, mu), 4, (2,))
    -epsilon_nn/2 - 2*mu
    """
    sizes = check_cells(model, cell_size)
    occ = _check_occupations(model, sizes, occupations)
    return _vector_expr(model, _sector_vector(model, sizes, occ))


# -- the sector sum ----------------------------------------------------------------------
def _cost(model: LatticeModel, sizes: tuple[int, ...]) -> int:
    """Operations of the numeric sector sum (one 30-digit Python multiply-add each).

    The canonical sum steps polynomials in the fugacity in C (python-flint): its
    N + 1 coefficient operations per step count as about (N + 1)/30 of these.
    """
    cells = len(sizes)
    extra = 1 if model.particles is None else max(1, (model.particles + 1) // 30)
    if len(set(sizes)) == 1 and model.particles is None:
        s = _span(model, sizes[0])
        squarings = 2 * max(1, cells.bit_length())
        if model.boundary == "open":
            return min(cells * s * s, squarings * s**3)
        return min(cells, squarings) * s**3
    chain = sum(
        _span(model, a) * _span(model, b) for a, b in zip(sizes, sizes[1:], strict=False)
    ) + _span(model, sizes[0])
    starts = _span(model, sizes[0]) if model.boundary == "periodic" and cells > 1 else 1
    return chain * extra * starts


def _describe(sizes: tuple[int, ...]) -> str:
    if len(set(sizes)) == 1:
        return f"cell_size = {sizes[0]}"
    return f"cells of sizes {list(sizes)}" if len(sizes) <= 8 else f"{len(sizes)} unequal cells"


def _refuse(model: LatticeModel, sizes: tuple[int, ...], cost: int, budget: int, what: str) -> None:
    """Refuse more than ``budget`` operations (:data:`~mesosym.budget.SECTOR_OPERATIONS`)."""
    require_count(
        f"{_describe(sizes)} on sites = {model.sites}: the {what} (~{cost * 5e-6:.3g} s)",
        cost,
        budget,
        "SECTOR_OPERATIONS (operations)",
        "the sites, the cells or the particles",
    )


def _numeric_params(model: LatticeModel, ctx: Context = MPMATH) -> tuple[list[Any], Any]:
    return [ctx.number(p) for p in model._parameters], ctx.number(model._beta)


def _weight(v: Vector, params: list[Any], beta: Any, ctx: Context = MPMATH) -> Any:
    """Exp(-beta e) of the energy vector ``v`` in the arithmetic ``ctx``."""
    e = ctx.fsum([ctx.number(c) * p for c, p in zip(v, params, strict=False)] + [ctx.number(v[-1])])
    return ctx.exp(-beta * e)


def _numeric_sector_sum(model: LatticeModel, sizes: tuple[int, ...], ctx: Context = MPMATH) -> Any:
    """Z_mes at the current precision (``ctx``) by the transfer matrix over cells."""
    if len(set(sizes)) == 1 and model.particles is None and len(sizes) > 1:
        return _numeric_uniform_grand(model, sizes[0], ctx)
    params, beta = _numeric_params(model, ctx)
    cells = len(sizes)
    W = [
        [
            _averages(model, b).count[n] * _weight(_averages(model, b).cells[n], params, beta, ctx)
            for n in range(_span(model, b))
        ]
        for b in sizes
    ]
    periodic = model.boundary == "periodic"
    N = model.particles
    if cells == 1:
        b = sizes[0]
        w = W[0]
        if periodic:
            av = _averages(model, b)
            w = [w[n] * _weight(av.pairs[n], params, beta, ctx) for n in range(_span(model, b))]
        if N is None:
            return ctx.fsum(w)
        return w[N] if N <= b else ctx.zero
    K = [
        [[_weight(v, params, beta, ctx) for v in row] for row in _cross_table(model, b1, b2)]
        for b1, b2 in zip(sizes, sizes[1:] + sizes[:1], strict=True)
    ]
    if N is not None:
        return _canonical_sector_sum(model, sizes, W, K)
    # grand canonical: v[n] is the weight of the cells so far, the last holding n
    total = []
    for start in list(range(_span(model, sizes[0]))) if periodic else [None]:
        v = [
            W[0][n] if start is None or n == start else ctx.zero
            for n in range(_span(model, sizes[0]))
        ]
        for c in range(1, cells):
            prev = range(_span(model, sizes[c - 1]))
            v = [
                W[c][m] * ctx.fsum(v[n] * K[c - 1][n][m] for n in prev)
                for m in range(_span(model, sizes[c]))
            ]
        last = range(_span(model, sizes[-1]))
        if start is None:
            total += [v[n] for n in last]
        else:
            total += [v[n] * K[-1][n][start] for n in last]
    return ctx.fsum(total)


def _numeric_uniform_grand(model: LatticeModel, b: int, ctx: Context = MPMATH) -> Any:
    """Grand canonical Z_mes with equal cells: powers of the cell transfer matrix."""
    av = _averages(model, b)
    params, beta = _numeric_params(model, ctx)
    cells = model.sites // b
    s = range(_span(model, b))
    W = [av.count[n] * _weight(av.cells[n], params, beta, ctx) for n in s]
    K = [[_weight(_cross_table(model, b, b)[n][m], params, beta, ctx) for m in s] for n in s]
    if model.boundary == "periodic":
        A = [[W[n] * K[n][m] for m in s] for n in s]
        P = ctx.matpow(A, cells)
        return ctx.fsum(P[i][i] for i in s)
    if cells * _span(model, b) ** 2 <= 2 * cells.bit_length() * _span(model, b) ** 3:
        vec = list(W)
        for _ in range(cells - 1):
            vec = [W[m] * ctx.fsum(vec[n] * K[n][m] for n in s) for m in s]
        return ctx.fsum(vec)
    A = [[K[n][m] * W[m] for m in s] for n in s]
    P = ctx.matpow(A, cells - 1)
    return ctx.fsum(ctx.matmul([W], P)[0])


def _canonical_sector_sum(
    model: LatticeModel, sizes: tuple[int, ...], W: list[list[Any]], K: list[list[list[Any]]]
) -> mpmath.mpf:
    """The canonical sector sum at the current precision: [z^N] of a product of cell steps.

    v_c[m](z) = W_c[m] z^m sum_n v_(c-1)[n](z) K_(c-1)[n][m], truncated at z^N,
    in python-flint ball arithmetic (each step a few C-level scalar-polynomial
    products instead of a Python loop over the particle number).  All terms are
    positive; the precision is doubled until the coefficient's relative radius
    is below 2^-(mpmath precision).
    """
    import flint

    from .arithmetic import FugacityPolynomials, certified
    from .arithmetic import mpf_to_arb as _arb

    N = model.particles
    assert N is not None
    cells = len(sizes)
    periodic = model.boundary == "periodic"
    starts: list[int | None] = list(range(_span(model, sizes[0]))) if periodic else [None]

    def compute(prec: int) -> Any:
        Wa = [[_arb(w) for w in row] for row in W]
        Ka = [[[_arb(k) for k in row] for row in mat] for mat in K]
        poly = FugacityPolynomials(N)

        total = flint.arb(0)
        for start in starts:
            v = [
                poly.mono(Wa[0][n], n) if start is None or n == start else poly.zero
                for n in range(_span(model, sizes[0]))
            ]
            for c in range(1, cells):
                new = []
                for m in range(_span(model, sizes[c])):
                    acc = poly.zero
                    if m <= N:
                        for n, p in enumerate(v):
                            if p.length():
                                acc += p * Ka[c - 1][n][m]
                    new.append(poly.mul(acc, poly.mono(Wa[c][m], m)))
                v = new
            for n, p in enumerate(v):
                if N < p.length():
                    coeff = p.coeffs()[N]
                    total += coeff * (Ka[-1][n][start] if start is not None else 1)
        return total

    # positive terms: a relative radius below 2^-(mpmath precision + 8)
    digits = int((mpmath.mp.prec + 8) * 0.30103) + 1
    return certified(compute, digits, relative=True, what="canonical sector sum")


def mesoscopic_terms(model: LatticeModel, cell_size: Any) -> dict[Vector, int]:
    """Z_mes exactly, as {energy vector e: integer c} with Z_mes = sum c exp(-beta e).

    The energy vector holds rational coefficients of the model's parameters and
    a constant; the count c is the number of configurations whose sectors share
    that averaged energy.  With ``cell_size=1`` this is Z itself.

    Examples
    --------
    Two lattice-gas sites, one-site cells: Z = 1 + 2 e^(beta mu) + e^(beta (eps + 2 mu)).

    >>> from mesosym.mesoscopic import LatticeGas
    >>> terms = mesoscopic_terms(LatticeGas(2, 1, 1), 1)
    >>> sorted((tuple(map(int, e)), c) for e, c in terms.items())
    [((-1, -2, 0), 1), ((0, -1, 0), 2), ((0, 0, 0), 1)]
    """
    sizes = check_cells(model, cell_size)
    cells = len(sizes)
    N = model.particles
    big = max(_span(model, b) for b in sizes)
    bound = min(math.prod(_span(model, b) for b in sizes), _span(model, model.sites) ** 2)
    starts_count = _span(model, sizes[0]) if model.boundary == "periodic" and cells > 1 else 1
    _refuse(
        model,
        sizes,
        cells * big**2 * (1 if N is None else N + 1) * bound * starts_count,
        SECTOR_BUDGET,
        "exact sector sum",
    )
    used = [v for b in set(sizes) for v in (*_averages(model, b).cells, *_averages(model, b).pairs)]
    used += [
        v
        for b1, b2 in zip(sizes, sizes[1:] + sizes[:1], strict=True)
        for row in _cross_table(model, b1, b2)
        for v in row
    ]
    den = math.lcm(*(c.denominator for v in used for c in v))
    IntVec = tuple[int, ...]

    def scaled(v: Vector) -> IntVec:
        out = []
        for c in v:
            x = c * den
            if x.denominator != 1:  # pragma: no cover - den is a common denominator
                raise ArithmeticError("energy vector not on the common denominator")
            out.append(int(x))
        return tuple(out)

    def add(u: IntVec, v: IntVec) -> IntVec:
        return tuple(x + y for x, y in zip(u, v, strict=True))

    W = [
        [
            (_averages(model, b).count[n], scaled(_averages(model, b).cells[n]))
            for n in range(_span(model, b))
        ]
        for b in sizes
    ]
    K = [
        [[scaled(v) for v in row] for row in _cross_table(model, b1, b2)]
        for b1, b2 in zip(sizes, sizes[1:] + sizes[:1], strict=True)
    ]
    periodic = model.boundary == "periodic"
    result: dict[IntVec, int] = {}
    starts: list[int | None] = (
        list(range(_span(model, sizes[0]))) if periodic and cells > 1 else [None]
    )
    for start in starts:
        state: dict[tuple[int, int], dict[IntVec, int]] = {}
        for n in range(_span(model, sizes[0])):
            if (N is None or n <= N) and (start is None or n == start):
                c, e = W[0][n]
                if periodic and cells == 1:
                    e = add(e, scaled(_averages(model, sizes[0]).pairs[n]))
                state[(n, n)] = {e: c}
        for cell in range(1, cells):
            new: dict[tuple[int, int], dict[IntVec, int]] = {}
            for (n, k), terms in state.items():
                for m in range(_span(model, sizes[cell])):
                    if N is not None and k + m > N:
                        continue
                    c, e = W[cell][m]
                    shift = add(e, K[cell - 1][n][m])
                    bucket = new.setdefault((m, k + m), {})
                    for ev, cv in terms.items():
                        kk = add(ev, shift)
                        bucket[kk] = bucket.get(kk, 0) + cv * c
            state = new
        for (n, k), terms in state.items():
            if N is not None and k != N:
                continue
            for ev, cv in terms.items():
                kk = add(ev, K[-1][n][start]) if start is not None else ev
                result[kk] = result.get(kk, 0) + cv
    return {tuple(Fraction(x, den) for x in ev): cv for ev, cv in result.items()}


def _terms_expr(model: LatticeModel, terms: dict[Vector, int]) -> sp.Expr:
    return sp.Add(*(c * sp.exp(-model.beta * _vector_expr(model, e)) for e, c in terms.items()))


def log_mesoscopic_partition_function(model: LatticeModel, cell_size: Any) -> Any:
    """Return ln Z_mes for cells of ``cell_size`` consecutive sites.

    Parameters
    ----------
    model : LatticeModel
        The chain (grand canonical or with fixed ``particles``).
    cell_size : int
        b, a divisor of ``model.sites``.

    Returns
    -------
    mpmath.mpf or sympy.Expr
        With numeric parameters an ``mpf`` with ``model.digits`` correct
        significant digits (every term is positive; 15 guard digits); with
        symbols the exact sum ln(sum_k c_k exp(-beta e_k)).

    Raises
    ------
    DomainError
        If ``cell_size`` does not divide ``sites``, or the sum would exceed
        :data:`SECTOR_BUDGET` operations (the estimate is in the message).

    Examples
    --------
    One-site cells give ln Z back (here 4 free spins: 4 ln 2).

    >>> from mesosym.mesoscopic import IsingChain
    >>> import mpmath
    >>> mpmath.nstr(IsingChain(4, 0).log_mesoscopic_partition_function(1), 12)
    '2.77258872224'
    """
    sizes = check_cells(model, cell_size)
    if model.count_configurations() == 1:  # one configuration, one sector: Z_mes = Z
        return model.log_partition_function()
    if model.symbolic:
        return sp.log(_terms_expr(model, mesoscopic_terms(model, sizes)))
    _refuse(model, sizes, _cost(model, sizes), SECTOR_BUDGET, "sector sum")
    if model.float64 and model.particles is None:
        return FLOAT64.log(_numeric_sector_sum(model, sizes, FLOAT64))
    return rounded(
        log_of_positive_sum(lambda: _numeric_sector_sum(model, sizes), model.digits), model
    )


def log_canonical_partition_function(model: LatticeModel) -> Any:
    """Return ln Z of the canonical chain: one-site cells, the coefficient of z^N."""
    return log_mesoscopic_partition_function(model, 1)


# -- brute force -------------------------------------------------------------------------
def enumerated_sectors(
    model: LatticeModel, cell_size: Any
) -> dict[tuple[int, ...], tuple[int, Vector, dict[Vector, int]]]:
    """Group every configuration by sector, by brute force.

    An independent route (no closed-form averages).  Returns
    ``{occupations: (count, mean energy vector, {energy vector: multiplicity})}``;
    the mean vector is Hbar(n) exactly.  Refused beyond 2**22 configurations.

    >>> from mesosym.mesoscopic import IsingChain
    >>> count, mean, energies = enumerated_sectors(IsingChain(3, 1), 3)[(1,)]
    >>> count, mean[0], sorted((v[0], k) for v, k in energies.items())
    (3, Fraction(2, 3), [(Fraction(0, 1), 2), (Fraction(2, 1), 1)])
    """
    sizes = check_cells(model, cell_size)
    f, g = _energy_vectors(model)
    index = {a: x for x, a in enumerate(model.states)}
    occupation = [model.occupation(a) for a in model.states]
    pairs = model.bond_pairs()
    edges = [0]
    for b in sizes:
        edges.append(edges[-1] + b)
    ns = len(model.states)
    # tally by the counts of each (state, state) bond and each site state: integer keys, so
    # the exact energy vector is summed once per distinct key, not once per configuration
    tally: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}
    width = ns * ns + ns
    for conf in model.configurations():
        x = [index[a] for a in conf]
        counts = [0] * width
        for i, j in pairs:
            counts[ns * x[i] + x[j]] += 1
        for k in x:
            counts[ns * ns + k] += 1
        occ = [occupation[k] for k in x]
        sector = tuple(sum(occ[edges[c] : edges[c + 1]]) for c in range(len(sizes)))
        key = (sector, tuple(counts))
        tally[key] = tally.get(key, 0) + 1
    zero = tuple(Fraction(0) for _ in g[0])
    terms = {ns * x + y: v for (x, y), v in f.items()} | {ns * ns + x: v for x, v in g.items()}
    grouped: dict[tuple[int, ...], dict[Vector, int]] = {}
    for (sector, counts_), mult in tally.items():
        vec = _add(zero, *(_scale(Fraction(c), terms[k]) for k, c in enumerate(counts_) if c))
        bucket = grouped.setdefault(sector, {})
        bucket[vec] = bucket.get(vec, 0) + mult
    out: dict[tuple[int, ...], tuple[int, Vector, dict[Vector, int]]] = {}
    for sector, energies in grouped.items():
        count = sum(energies.values())
        total = _add(*(_scale(Fraction(k, count), v) for v, k in energies.items()))
        out[sector] = (count, total, energies)
    return out


def _enumerated(model: LatticeModel, cell_size: Any, coarse: bool) -> Any:
    sectors = enumerated_sectors(model, cell_size)
    if coarse:
        pairs = [(count, mean) for count, mean, _ in sectors.values()]
    else:
        pairs = [(k, v) for _, _, energies in sectors.values() for v, k in energies.items()]
    if model.symbolic:
        return sp.log(sp.Add(*(k * sp.exp(-model.beta * _vector_expr(model, v)) for k, v in pairs)))
    with mpmath.workdps(model.digits + 15):
        params, beta = _numeric_params(model)
        result = mpmath.log(mpmath.fsum(k * _weight(v, params, beta) for k, v in pairs))
    return rounded(result, model)


def log_partition_function_by_enumeration(model: LatticeModel) -> Any:
    """Return ln Z by summing exp(-beta H) over every configuration (refused beyond 2**22).

    >>> from mesosym.mesoscopic import IsingChain
    >>> import mpmath
    >>> mpmath.nstr(log_partition_function_by_enumeration(IsingChain(3, 0, beta=2)), 10)
    '2.079441542'
    """
    return _enumerated(model, 1, coarse=False)


def log_mesoscopic_partition_function_by_enumeration(model: LatticeModel, cell_size: Any) -> Any:
    """Return ln Z_mes by enumerating configurations, grouping them by sector and averaging H."""
    return _enumerated(model, cell_size, coarse=True)


def relative_entropies(model: LatticeModel, cell_size: Any) -> dict[str, Any]:
    """Relative entropies between the Gibbs state p and the sector state p_mes, by enumeration.

    p(s) = exp(-beta H(s))/Z and p_mes(s) = exp(-beta Hbar(n(s)))/Z_mes (p_mes is
    uniform inside each sector).  Returns ``{"D(p_mes||p)", "D(p||p_mes)",
    "log_Z", "log_Z_mes", "beta_mean_Hbar_minus_H"}`` with, exactly,

        ln Z - ln Z_mes = D(p_mes || p),
        D(p || p_mes) = ln Z_mes - ln Z + beta <Hbar - H>_p,

    both in nats at ``model.digits`` digits (numeric parameters only).

    Examples
    --------
    Three Ising spins (J = 1, beta = 1) in one cell: Z = 2 (2 cosh 1)^2 and
    Z_mes = 2 e^2 + 6 e^(-2/3) (see the module example).

    >>> import mpmath
    >>> from mesosym.mesoscopic import IsingChain
    >>> d = relative_entropies(IsingChain(3, 1), 3)
    >>> mpmath.nstr(d["log_Z"], 12), mpmath.nstr(mpmath.log(8 * mpmath.cosh(1) ** 2), 12)
    ('2.94700320265', '2.94700320265')
    >>> mpmath.nstr(d["log_Z"] - d["log_Z_mes"], 12), mpmath.nstr(d["D(p_mes||p)"], 12)
    ('0.0645171827213', '0.0645171827213')
    >>> mpmath.nstr(d["D(p||p_mes)"], 12)
    '0.0565284823252'
    """
    check_lattice_model(model)
    if model.symbolic:
        raise DomainError("relative_entropies needs numeric parameters; got symbols")
    sectors = enumerated_sectors(model, cell_size)
    with mpmath.workdps(model.digits + 20):
        params, beta = _numeric_params(model)

        def energy(v: Vector) -> mpmath.mpf:
            e = mpmath.fsum(
                mpmath.mpf(c.numerator) / c.denominator * p for c, p in zip(v, params, strict=False)
            )
            return e + mpmath.mpf(v[-1].numerator) / v[-1].denominator

        rows = []  # (multiplicity, H, Hbar)
        for _count, mean, energies in sectors.values():
            hb = energy(mean)
            rows += [(k, energy(v), hb) for v, k in energies.items()]
        w = [(k, mpmath.exp(-beta * e), mpmath.exp(-beta * hb)) for k, e, hb in rows]
        Z = mpmath.fsum(k * a for k, a, _ in w)
        Zm = mpmath.fsum(k * b for k, _, b in w)
        lZ, lZm = mpmath.log(Z), mpmath.log(Zm)
        d_mes_p = mpmath.fsum(
            k * b / Zm * (-beta * hb - lZm + beta * e + lZ)
            for (k, e, hb), (_, _, b) in zip(rows, w, strict=True)
        )
        d_p_mes = mpmath.fsum(
            k * a / Z * (-beta * e - lZ + beta * hb + lZm)
            for (k, e, hb), (_, a, _) in zip(rows, w, strict=True)
        )
        mean_diff = beta * mpmath.fsum(
            k * a / Z * (hb - e) for (k, e, hb), (_, a, _) in zip(rows, w, strict=True)
        )
        out = {
            "D(p_mes||p)": d_mes_p,
            "D(p||p_mes)": d_p_mes,
            "log_Z": lZ,
            "log_Z_mes": lZm,
            "beta_mean_Hbar_minus_H": mean_diff,
        }
    return {k: rounded(v, model) for k, v in out.items()}


def mesoscopic_free_energy_density(model: LatticeModel, cell_size: Any) -> Any:
    """Lim (1/sites) ln Z_mes as sites -> oo at fixed cell size b (grand canonical).

    Z_mes is a transfer matrix over cells, A[n, m] = sqrt(W_n) K[n, m] sqrt(W_m)
    (symmetric, positive), so (1/sites) ln Z_mes -> (1/b) ln Lambda_max(A); for
    b = 1 this is ln lambda_+ of the site transfer matrix.  The model's ``sites``
    and ``boundary`` are not used (``cell_size`` need not divide ``sites``).

    Returns
    -------
    mpmath.mpf
        ``model.digits`` significant digits (symmetric eigenvalue solver at
        ``digits + 15``).

    Examples
    --------
    Free spins (no coupling, no field): ln 2 per site for every b.

    >>> from mesosym.mesoscopic import IsingChain
    >>> import mpmath
    >>> mpmath.nstr(mesoscopic_free_energy_density(IsingChain(4, 0), 3), 12)
    '0.69314718056'
    """
    check_lattice_model(model)
    b = check_count("cell_size", cell_size, minimum=1, allowed="a positive integer")
    if model.symbolic or model.particles is not None:
        raise DomainError(
            "mesoscopic_free_energy_density needs numeric parameters and particles=None"
        )
    _refuse(model, (b,), _span(model, b) ** 3 * 10, SECTOR_BUDGET, "eigenvalue problem")
    with mpmath.workdps(model.digits + 15):
        av = _averages(model, b)
        params, beta = _numeric_params(model)
        s = range(_span(model, b))
        W = [_averages(model, b).count[n] * _weight(av.cells[n], params, beta) for n in s]
        root = [mpmath.sqrt(w) for w in W]
        A = mpmath.matrix(
            [
                [
                    root[n] * _weight(_cross_table(model, b, b)[n][m], params, beta) * root[m]
                    for m in s
                ]
                for n in s
            ]
        )
        eigenvalues = mpmath.eigsy(A, eigvals_only=True)
        result = mpmath.log(max(eigenvalues)) / b
    return rounded(result, model)
