r"""Cells of a lattice chain: isolated cells, boundary energy and inter-cell information.

``model.split(cells)`` cuts a :class:`~mesosym.mesoscopic.models.chain.LatticeChain`
into consecutive blocks of sites.  With H = sum_i H_i + W, where H_i holds the
site terms of cell i and the bonds inside it, and W the bonds that cross a
border (the periodic wrap bond included), let

* p = exp(-beta H)/Z the Gibbs state of the whole chain (canonical: restricted
  to the configurations with N particles, the factor exp(beta mu N) kept),
  p_i its marginal on cell i;
* q_i = exp(-beta H_i)/Z_i the Gibbs state of cell i alone (for the canonical
  gas: the grand canonical state of the isolated cell at the same mu),
  q = prod_i q_i.

Then on the support of p, ln(p/q) = -beta W + sum_i ln Z_i - ln Z, hence the
exact identity (every term >= 0 except the first)

    ln Z - sum_i ln Z_i = -beta <W>_p - TC(p) - sum_i D(p_i || q_i),      (*)

with TC(p) = sum_i S(p_i) - S(p) the total correlation, because
D(p || q) = TC(p) + sum_i D(p_i || q_i).  :meth:`Cells.residual` returns
lhs - rhs of (*).  See :mod:`mesosym.mesoscopic.thermodynamics` for the
free-energy forms and the bounds.

Two routes compute the same numbers:

* ``"transfer"`` (numeric or symbolic; numeric only for the canonical gas):
  s x s transfer matrices over the model's local states (two for the Ising chain, q for
  a Potts chain, 2^w columns for a strip).  The Gibbs state of a chain is a Markov
  random field, so the configuration of a cell depends on the rest only through its boundary sites
  (the sites with a bond leaving the cell): I(X_a : X_b) is the mutual
  information of the boundary spins of a and b, a table of at most 16 entries,
  and TC and D(p_i || q_i) need only the environment weight Env_i of each cell
  (the sum over everything outside it, a function of its boundary spins):
  p_i = exp(-beta H_i) Env_i / Z gives D(p_i||q_i) = <ln Env_i> - ln Z + ln Z_i
  and TC = (K - 1) ln Z - beta <W> - sum_i <ln Env_i>.  Cost O(K log sites).
  The occupation information uses each cell's generating polynomial in the
  fugacity conditioned on its boundary spins (python-flint ``arb_poly``).
  The canonical gas weights each particle by a fugacity z and takes the
  coefficient of z^N of products of polynomial matrices, the cell's particle
  number joining its boundary states as the statistic the rest of the chain
  sees (:mod:`mesosym.mesoscopic.canonical`; ball arithmetic, 10^4 sites in
  two cells in about 1.5 s, refused beyond an estimated 60 s).
* ``"enumerate"``: the explicit distribution over all configurations, with the
  verbs of :mod:`mesosym.mesoscopic.information`; any ensemble, at most
  2**22 configurations.

Precision: numeric values are ``mpmath.mpf`` accurate to ``digits`` (the
model's) in absolute terms for information measures and relative terms for
ln Z; the occupation mutual information of cells whose table of occupation
pairs exceeds 40 000 entries (canonical gas: 4 000 significant ones), and every
occupation information of a model made with ``digits=None``, is computed in
float64 (dynamic programs over each cell) with an absolute error below 1e-12;
``digits=None`` gives Python floats throughout, the grand canonical transfer route
running in the float64 context of :mod:`.arithmetic` (absolute error below
1e-13 max(1, (sites + 1) C) for the logarithms, 1e-13 (K + 1) max(1, (sites + 1) C)
for the information measures of K cells, C = Lambda + ln s: the module's note there).
The canonical transfer route computes in ball arithmetic and doubles its precision
until every radius is below 10^-(digits + 2); with ``digits=None``, in float64
fugacity polynomials (the same formulas; bounds of
:meth:`.canonical.CanonicalTransfer.float64_errors`).

Examples
--------
Two spins at beta J = 1 and no field: the bond is the only correlation, so
ln Z - sum ln Z_i = ln(4 cosh 1) - 2 ln 2 = ln cosh 1.

>>> import mpmath
>>> from mesosym.mesoscopic import IsingChain
>>> cells = IsingChain(2, 1).split(2)
>>> print(mpmath.nstr(cells.log_partition_function()
...       - sum(cells.isolated_log_partition_functions()), 12))
0.433780830483
>>> print(mpmath.nstr(mpmath.log(mpmath.cosh(1)), 12))
0.433780830483
>>> abs(cells.residual()) < mpmath.mpf(10)**-29
True
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from functools import cached_property
from itertools import product
from typing import TYPE_CHECKING, Any

import mpmath

from ..budget import (
    ENUMERATION_LIMIT,
    JOINT_LIMIT,
    OCCUPATION_LIMIT,
    SYMBOLIC_SITES,
    require_count,
    short,
)
from ..errors import BudgetError, DomainError
from ..validation import _sp, as_int, as_sympy, check_cell_sizes
from . import information as info
from .arithmetic import FLOAT64, MPMATH, Context, rounded, symbolic_context
from .arithmetic import arb_to_mpf as _mpf
from .arithmetic import mpf_to_arb as _arb
from .protocol import is_lattice_model
from .transfer import matpow

if TYPE_CHECKING:  # pragma: no cover
    from .protocol import LatticeModel

__all__ = ["Cells", "split", "VARIABLES", "METHODS", "OCCUPATION_LIMIT", "AUTO_ENUMERATION_LIMIT"]
__all__ += ["JOINT_LIMIT"]

#: the variables the information measures accept
VARIABLES = ("configuration", "occupation")
#: the routes
METHODS = ("auto", "transfer", "enumerate")

#: largest table of occupation pairs summed in mpmath; beyond, float64
_MP_TABLE_LIMIT = 40_000
#: ``method="auto"`` enumerates the canonical gas up to this many configurations
AUTO_ENUMERATION_LIMIT = 2_000


def _log10_count(model: LatticeModel) -> float:
    """Log10 of the number of configurations, without computing it."""
    n, N = model.sites, model.particles
    if N is None:
        return n * math.log10(len(model.states))
    return (math.lgamma(n + 1) - math.lgamma(N + 1) - math.lgamma(n - N + 1)) / math.log(10)


def split(model: LatticeModel, cells: Any, *, method: str = "auto") -> Cells:
    """Split ``model`` into consecutive cells.

    Parameters
    ----------
    model : LatticeModel
        An :class:`~mesosym.mesoscopic.IsingChain` or
        :class:`~mesosym.mesoscopic.LatticeGas`.
    cells : int or sequence of int
        The number K of equal cells (K must divide ``model.sites``), or the
        cell sizes in order along the chain (positive, summing to ``sites``).
    method : {"auto", "transfer", "enumerate"}
        ``"auto"`` uses transfer matrices, except for a canonical gas of at
        most :data:`AUTO_ENUMERATION_LIMIT` configurations or with symbolic
        parameters (enumerated).

    Returns
    -------
    Cells

    Examples
    --------
    >>> from mesosym.mesoscopic import IsingChain
    >>> IsingChain(12, 1).split([4, 8]).sizes
    (4, 8)
    >>> IsingChain(12, 1).split(5)
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: cells must be a positive integer dividing sites = 12 (or a list of
    sizes summing to 12); got 5
    """
    return Cells(model, cells, method=method)


def _coeffs(poly: Any, degree: int) -> list[Any]:
    import flint

    cs = list(poly.coeffs())
    return cs + [flint.arb(0)] * (degree + 1 - len(cs))


def _occupation_table(
    forward: Any, backward: Any, G: Any, sizes: tuple[int, int], starts: Any, ends: Any
) -> Any:
    """P(n_a, n_b) in float64 (normalised), by one dynamic program per cell.

    ``starts[k]`` (a vector over the first site's state of cell a) and ``ends[k]`` (over
    the last site's state of cell b) are the environment's factors, summed over k (one
    term for an open chain, one per first state of a on a ring); G the propagator
    between the cells; ``forward``/``backward`` the per-site steps.  Every array is
    rescaled to a largest entry of 1 at each step and its logarithm kept, so nothing
    overflows; the table is normalised at the end, so no Z is needed.
    """
    import numpy as np

    parts = []
    for start, end in zip(starts, ends, strict=True):
        va, ca = forward(start, sizes[0])
        wb, cb = backward(end, sizes[1])
        # the one occupation table of both ensembles (information.occupation_table): here
        # the environment G does not see the occupations, so the table factors
        parts.append((info.occupation_table(va, wb, G), ca + cb))
    top = max(c for _, c in parts)
    P = parts[0][0] if len(parts) == 1 else sum(t * np.exp(c - top) for t, c in parts)
    P /= P.sum()
    return P


class Cells:
    """A lattice chain cut into consecutive cells (immutable); made by :func:`split`.

    Attributes
    ----------
    model : LatticeModel
    sizes : tuple of int
        Cell sizes along the chain.
    method : str
        ``"transfer"`` or ``"enumerate"`` (resolved from ``"auto"``).
    """

    def __init__(self, model: LatticeModel, cells: Any, *, method: str = "auto") -> None:
        if not is_lattice_model(model):
            raise DomainError(
                "model must be a lattice model (IsingChain, LatticeGas, PottsChain, IsingStrip, "
                f"or another LatticeModel); got {short(model)}"
            )
        if method not in METHODS:
            raise DomainError(f"method must be one of {', '.join(METHODS)}; got {short(method)}")
        self._model = model
        self._sizes = check_cell_sizes(model.sites, cells)
        canonical = model.particles is not None
        if method == "auto":
            method = "transfer"
            if canonical and (
                model.symbolic or model._configurations_at_most(AUTO_ENUMERATION_LIMIT)
            ):
                method = "enumerate"
        if method == "transfer" and canonical and model.symbolic:
            raise DomainError(
                "method must be 'enumerate' (or 'auto') for the canonical lattice gas with "
                f"symbolic parameters (particles = {short(model.particles)}); got 'transfer'"
            )
        if method == "transfer" and model.symbolic and model.sites > SYMBOLIC_SITES:
            raise BudgetError(
                f"sites = {short(model.sites)}: symbolic cells are limited to "
                f"{SYMBOLIC_SITES} sites (expression swell); substitute numbers"
            )
        if method == "enumerate" and not model._configurations_at_most(ENUMERATION_LIMIT):
            count = model.count_configurations() if model.sites <= 200 else 2**200
            require_count(
                f"sites = {model.sites}: enumerating the configurations (limit 2**22)",
                count,
                ENUMERATION_LIMIT,
                "ENUMERATION_LIMIT",
                "the sites, or use method='transfer'",
            )
        self._method = method
        self._canon: Any = None
        if method == "transfer" and canonical:
            from .canonical import CanonicalTransfer, check_budget

            check_budget(model, len(self._sizes))
            self._canon = CanonicalTransfer(model, self._sizes)
        starts = [0]
        for s in self._sizes:
            starts.append(starts[-1] + s)
        self._starts = tuple(starts)
        #: the arithmetic: SymPy for symbols, float64 for digits=None on the grand canonical
        #: transfer route, else mpmath (the enumerated laws are summed in mpmath)
        self._ops: Context = MPMATH
        if model.symbolic:
            self._ops = symbolic_context()
        elif model.float64 and method == "transfer" and not canonical:
            self._ops = FLOAT64

    # -- description ---------------------------------------------------------------
    @property
    def model(self) -> LatticeModel:
        """The chain that was split."""
        return self._model

    @property
    def sizes(self) -> tuple[int, ...]:
        """Cell sizes along the chain."""
        return self._sizes

    @property
    def method(self) -> str:
        """The route: ``"transfer"`` or ``"enumerate"``."""
        return self._method

    def __len__(self) -> int:
        return len(self._sizes)

    def __str__(self) -> str:
        """``Ising chain, 12 sites, ...: 2 cells of 6, 6 sites (cut bonds 6-7)``."""
        cuts = ", ".join(f"{a + 1}-{b + 1}" for a, b in self.cut_bonds())
        return (
            f"{self._model}: {len(self)} cells of {', '.join(map(str, self._sizes))} sites"
            f" (cut bonds {cuts or 'none'})"
        )

    def _repr_latex_(self) -> str:
        """A notebook's view: the model's, then the cells."""
        sizes = ", ".join(map(str, self._sizes))
        model = self._model._repr_latex_()[1:-1]  # inside its $...$
        return rf"${model} \quad \text{{in {len(self)} cells of {sizes} sites}}$"

    def __repr__(self) -> str:
        return f"Cells({self._model!r}, {list(self._sizes)}, method={self._method!r})"

    def cell_sites(self, i: int) -> range:
        """The site indices of cell ``i``."""
        i = self._check_index("i", i)
        return range(self._starts[i], self._starts[i + 1])

    def _check_index(self, name: str, i: Any) -> int:
        try:
            k = as_int(name, i)
        except DomainError:
            raise DomainError(
                f"{name} must be a cell index in [0, {len(self) - 1}]; got {short(i)}"
            ) from None
        if not 0 <= k < len(self):
            raise DomainError(
                f"{name} must be a cell index in [0, {len(self) - 1}]; got {short(k)}"
            )
        return k

    def cut_bonds(self) -> list[tuple[int, int]]:
        """The bonds that cross a border, as site pairs (the periodic wrap bond last).

        O(cells), not O(sites): the bonds (start_i - 1, start_i) and, for a ring of
        two or more cells, the wrap bond (sites - 1, 0).

        >>> from mesosym.mesoscopic import IsingChain
        >>> IsingChain(6, 1, boundary="periodic").split([2, 4]).cut_bonds()
        [(1, 2), (5, 0)]
        """
        out = [(start - 1, start) for start in self._starts[1:-1]]
        if self._model.boundary == "periodic" and len(self) > 1:
            out.append((self._model.sites - 1, 0))
        return out

    def _top(self, i: int) -> int:
        """The largest occupation cell ``i`` can hold: its sites times the largest occupation."""
        return self._sizes[i] * max(self._model.occupation(a) for a in self._model.states)

    def _owner(self, site: int) -> int:
        return bisect.bisect_right(self._starts, site) - 1

    def boundary_sites(self, i: int) -> tuple[int, ...]:
        """Sites of cell ``i`` with a bond leaving the cell (ascending)."""
        i = self._check_index("i", i)
        out = set()
        for a, b in self.cut_bonds():
            if self._owner(a) == i:
                out.add(a)
            if self._owner(b) == i:
                out.add(b)
        return tuple(sorted(out))

    # -- numbers of the model ------------------------------------------------------
    def _work(self) -> Any:
        return mpmath.workdps(self._model.digits + 15 + len(str(self._model.sites)))

    def _finish(self, value: Any) -> Any:
        if self._model.symbolic or self.__dict__.get("_unrounded"):
            return value
        return rounded(value, self._model)

    def _compute_tables(self) -> tuple[list[list[Any]], list[Any], list[list[Any]], list[Any]]:
        """(beta*bond energies, beta*site energies, bond weights, site weights)."""
        m = self._model
        st = m.states
        if m.symbolic:
            sp = _sp()
            be = [[as_sympy(m.beta * m.bond_energy(a, b)) for b in st] for a in st]
            se = [as_sympy(m.beta * m.site_energy(a)) for a in st]
            return be, se, [[sp.exp(-v) for v in r] for r in be], [sp.exp(-v) for v in se]
        ctx = self._ops
        beta, bond, site = m._energies()
        be = [[ctx.number(beta * e) for e in row] for row in bond]
        se = [ctx.number(beta * e) for e in site]
        return be, se, [[ctx.exp(-v) for v in r] for r in be], [ctx.exp(-v) for v in se]

    def _numbers(self) -> tuple[list[list[Any]], list[Any], list[list[Any]], list[Any]]:
        """The tables of :meth:`_compute_tables` at the working precision (cached)."""
        key = mpmath.mp.prec
        cache = self.__dict__.setdefault("_tables_by_prec", {})
        if key not in cache:
            cache[key] = self._compute_tables()
        return cache[key]

    def _DB_power(self, k: int) -> list[list[Any]]:
        """(D B)^k at the working precision (cached)."""
        cache = self.__dict__.setdefault("_pow_cache", {})
        key = (mpmath.mp.prec, k)
        if key not in cache:
            _, _, B, D = self._numbers()
            s = len(D)
            if k <= 1:
                DB = [[D[a] * B[a][b] for b in range(s)] for a in range(s)]
                cache[key] = DB if k == 1 else self._ops.identity(s)
            else:  # (DB)^k = ((DB)^(k//2))^2 (DB)^(k%2): the halves are shared between powers
                half = self._DB_power(k // 2)
                power = self._ops.matmul(half, half)
                cache[key] = self._ops.matmul(power, self._DB_power(1)) if k & 1 else power
        return cache[key]

    def _propagator(self, bonds: int) -> list[list[Any]]:
        """B (D B)^(bonds - 1): ``bonds`` bonds and the sites strictly between."""
        cache = self.__dict__.setdefault("_propagator_cache", {})
        key = (mpmath.mp.prec, bonds)
        if key not in cache:
            _, _, B, _ = self._numbers()
            cache[key] = self._ops.matmul(B, self._DB_power(bonds - 1))
        return cache[key]

    def _weights(self, marked: Sequence[int]) -> dict[tuple[int, ...], Any]:
        """Unnormalised weights of the state indices of the ``marked`` sites (ascending)."""
        m = self._model
        n = m.sites
        _, _, _, D = self._numbers()
        s = len(D)
        one = self._ops.one
        r = len(marked)
        props = [self._propagator(marked[k + 1] - marked[k]) for k in range(r - 1)]
        if m.boundary == "periodic":
            wrap = self._propagator(n - marked[-1] + marked[0])
        else:
            left_m = self._DB_power(marked[0])
            left = [sum((left_m[a][b] for a in range(s)), self._ops.zero) for b in range(s)]
            BD = self._DB_power(n - 1 - marked[-1])
            # (B D)^k 1 = (D^-1 (D B)^k D) 1, computed as row sums of (D B)^k weighted by D
            right = [
                sum((BD[a][b] * D[b] for b in range(s)), self._ops.zero) / D[a] for a in range(s)
            ]
        out: dict[tuple[int, ...], Any] = {}
        for states in product(range(s), repeat=r):
            if any(marked[k] == marked[k + 1] and states[k] != states[k + 1] for k in range(r - 1)):
                continue
            w = one
            for k in range(r):
                w = w * D[states[k]]
                if k < r - 1:
                    w = w * props[k][states[k]][states[k + 1]]
            if m.boundary == "periodic":
                w = w * wrap[states[-1]][states[0]]
            else:
                w = w * left[states[0]] * right[states[-1]]
            out[states] = w
        return out

    def _joint(self, sites: Sequence[int]) -> dict[tuple[int, ...], Any]:
        """Normalised joint distribution of the state indices of ``sites`` (any order)."""
        marked = sorted(set(sites))
        weights = self._weights(marked)
        # numbers: normalised by their own sum (Z to rounding), so that they add up to 1
        Z = self._Z() if self._ops.symbolic else self._ops.fsum(weights.values())
        pos = [marked.index(x) for x in sites]
        out: dict[tuple[int, ...], Any] = {}
        for states, w in weights.items():
            key = tuple(states[p] for p in pos)
            out[key] = out.get(key, self._ops.zero) + w / Z
        return out

    def _Z(self) -> Any:
        m = self._model
        if m.boundary == "periodic":
            P = self._DB_power(m.sites)
            return sum((P[a][a] for a in range(len(P))), self._ops.zero)
        return self._open_segment_Z(m.sites)

    def _open_segment_Z(self, length: int) -> Any:
        _, _, _, D = self._numbers()
        P = self._DB_power(length - 1)
        s = len(D)
        return sum((P[a][b] * D[b] for a in range(s) for b in range(s)), self._ops.zero)

    # -- explicit distribution (enumeration route) ---------------------------------
    @cached_property
    def _explicit(self) -> dict[tuple[int, ...], Any]:
        """{configuration (state indices): probability} of the whole chain."""
        m = self._model
        be, se, _, _ = self._numbers()
        index = {a: k for k, a in enumerate(m.states)}
        bonds = m.bond_pairs()
        weights: dict[tuple[int, ...], Any] = {}
        for conf in m.configurations():
            x = tuple(index[a] for a in conf)
            e = sum((be[x[i]][x[j]] for i, j in bonds), self._ops.zero)
            e = e + sum((se[a] for a in x), self._ops.zero)
            weights[x] = self._ops.exp(-e)
        Z = sum(weights.values(), self._ops.zero)
        return {x: w / Z for x, w in weights.items()}

    def _enum(self, attr: str) -> Any:
        return getattr(self, attr)

    # -- the public quantities -----------------------------------------------------
    def log_partition_function(self) -> Any:
        """Ln Z of the whole chain (this module's own route; equal to the model's).

        Precision: ``digits`` significant digits (numeric).
        """
        if self._method == "enumerate":
            return self._enumerated_log_Z()
        with self._work():
            value = (
                self._canon.log_partition_function() if self._canon else self._ops.log(self._Z())
            )
        return self._finish(value)

    def _enumerated_log_Z(self) -> Any:
        m = self._model
        with self._work():
            be, se, _, _ = self._numbers()
            index = {a: k for k, a in enumerate(m.states)}
            bonds = m.bond_pairs()
            total = self._ops.zero
            for conf in m.configurations():
                x = [index[a] for a in conf]
                e = sum((be[x[i]][x[j]] for i, j in bonds), self._ops.zero)
                total = total + self._ops.exp(-(e + sum((se[a] for a in x), self._ops.zero)))
            value = self._ops.log(total)
        return self._finish(value)

    def isolated_log_partition_functions(self) -> tuple[Any, ...]:
        """Ln Z_i of each cell alone: its site terms and inner bonds, the cut bonds removed.

        For one cell of a periodic chain the cell is the whole ring (no bond is cut).
        The canonical gas's cells are grand canonical at the model's chemical potential.
        Precision: ``digits`` significant digits (numeric).

        Examples
        --------
        >>> import mpmath
        >>> from mesosym.mesoscopic import IsingChain
        >>> z = IsingChain(6, 1, beta=0).split(3).isolated_log_partition_functions()
        >>> [mpmath.nstr(v, 10) for v in z]    # two free spins each: ln 4
        ['1.386294361', '1.386294361', '1.386294361']
        """
        with self._work():
            out = self._isolated_log_Z()
        return tuple(self._finish(v) for v in out)

    def _isolated_log_Z(self) -> list[Any]:
        """Ln Z_i at the working precision (grand canonical for the canonical gas)."""
        if len(self) == 1 and self._model.boundary == "periodic":
            return [self._ops.log(self._Z())]
        return [self._ops.log(self._open_segment_Z(s)) for s in self._sizes]

    def _cut_energy(self, x: Sequence[int]) -> Any:
        be = self._numbers()[0]
        return sum((be[x[i]][x[j]] for i, j in self.cut_bonds()), self._ops.zero)

    def boundary_energy(self) -> Any:
        """Beta <W>_p: the cut bonds' energy (wrap bond included) in the full Gibbs state.

        Precision: absolute error below ``10**-digits`` (numeric).

        Examples
        --------
        >>> import mpmath
        >>> from mesosym.mesoscopic import IsingChain
        >>> # one cut bond, <s s'> = tanh(beta J): beta<W> = -tanh(1)
        >>> mpmath.nstr(IsingChain(4, 1).split(2).boundary_energy(), 12)
        '-0.761594155956'
        """
        with self._work():
            if self._canon:
                value = self._canon.boundary_energy()
            elif self._method == "enumerate":
                p = self._enum("_explicit")
                value = sum((w * self._cut_energy(x) for x, w in p.items()), self._ops.zero)
            else:
                value = self._transfer_boundary_energy()
        return self._finish(value)

    def _transfer_boundary_energy(self) -> Any:
        """Beta <W> on the transfer route: the laws of the cut bonds' two sites."""
        be = self._numbers()[0]
        value = self._ops.zero
        for i, j in self.cut_bonds():
            for (a, b), w in self._joint([i, j]).items():
                value = value + w * be[a][b]
        return value

    def _variable(self, i: int, variables: str) -> Any:
        sites = list(self.cell_sites(i))
        if variables == "configuration":
            return sites
        occ = [self._model.occupation(a) for a in self._model.states]
        return lambda x, sites=sites: sum(occ[x[k]] for k in sites)

    def _check_variables(self, variables: Any) -> str:
        if not isinstance(variables, str) or variables not in VARIABLES:
            raise DomainError(
                f"variables must be 'configuration' or 'occupation'; got {short(variables)}"
            )
        return variables

    def mutual_information(self, a: Any, b: Any, variables: str = "configuration") -> Any:
        """I(cell a : cell b) in nats, of the configurations or of the occupation numbers.

        ``variables="occupation"`` uses the number of up spins (particles) in
        each cell, a function of the configuration, so it is never larger
        (data processing inequality).

        Precision: absolute error below ``10**-digits``; for occupation tables
        above 40 000 entries, below 1e-12 (float64 sums).

        Examples
        --------
        Two spins at beta J = 1: I = ln 2 - h((1 + tanh 1)/2), h the binary entropy.

        >>> import mpmath
        >>> from mesosym.mesoscopic import IsingChain
        >>> c = IsingChain(2, 1).split(2)
        >>> t = mpmath.tanh(1); p = (1 + t) / 2
        >>> mpmath.nstr(c.mutual_information(0, 1), 12)
        '0.327813325473'
        >>> mpmath.nstr(mpmath.log(2) + p * mpmath.log(p) + (1 - p) * mpmath.log(1 - p), 12)
        '0.327813325473'
        """
        ia, ib = self._check_index("a", a), self._check_index("b", b)
        if ia == ib:
            raise DomainError(f"a and b must be different cells; got a = b = {ia}")
        variables = self._check_variables(variables)
        if self._method == "enumerate":
            with self._work():
                p = self._enum("_explicit")
                value = info.mutual_information(
                    p,
                    self._variable(ia, variables),
                    self._variable(ib, variables),
                    digits=self._model.digits + 10,
                )
            return self._finish(value)
        if variables == "occupation":
            if self._model.symbolic:  # no polynomial route for symbols: the enumerated law
                if not self._model._configurations_at_most(ENUMERATION_LIMIT):
                    raise DomainError(
                        "variables = 'occupation' with symbolic parameters needs at most "
                        "2**22 configurations (ENUMERATION_LIMIT); "
                        f"got {short(self._model.sites)} sites"
                    )
                again = Cells(self._model, self._sizes, method="enumerate")
                return again.mutual_information(ia, ib, variables)
            big = max(self._sizes[ia], self._sizes[ib])
            require_count(
                f"cells: the occupation information of a cell of {big} sites (its generating "
                f"polynomial of degree {big}, about {5 * (big / 1e4) ** 2:.0f} s)",
                big,
                OCCUPATION_LIMIT,
                "OCCUPATION_LIMIT (sites per cell)",
                "the cells",
            )
            with self._work():
                if self._canon:
                    value = self._canon.occupation_mutual_information(ia, ib)
                else:
                    value = self._occupation_mutual_information(min(ia, ib), max(ia, ib))
            return self._finish(value)
        if self._canon:
            with self._work():
                value = self._canon.configuration_mutual_information(ia, ib)
            return self._finish(value)
        if len(self) == 2:  # two cells: I = TC, from the environments (no joint table)
            return self.total_correlation()
        with self._work():
            sa, sb = self.boundary_sites(ia), self.boundary_sites(ib)
            joint = self._joint([*sa, *sb])
            if self._ops.float64:
                joint = {x: mpmath.mpf(float(w)) for x, w in joint.items()}
            na = len(sa)
            value = info.mutual_information(
                joint,
                list(range(na)),
                list(range(na, na + len(sb))),
                digits=self._model.digits + 10,
            )
        return self._finish(value)

    def _occupation_polynomials(self, i: int) -> list[list[Any]]:
        """[D(z) (B D(z))^(L-1)][x_first][x_last] of cell i as arb polynomials in z.

        D(z)[x] = exp(-beta site(x)) z^occupation(x): the coefficient of z^n is the
        weight of the cell's configurations with n occupied sites (inner bonds and
        site terms), given its first and last states.
        """
        import flint

        _, _, B, D = self._numbers()
        s = len(D)
        occ = [self._model.occupation(a) for a in self._model.states]
        A = [[_arb(B[a][b]) for b in range(s)] for a in range(s)]
        Dz = [flint.arb_poly([0] * occ[b] + [_arb(D[b])]) for b in range(s)]
        BDz = [[Dz[b] * A[a][b] for b in range(s)] for a in range(s)]

        def mul(X: list[list[Any]], Y: list[list[Any]]) -> list[list[Any]]:
            return [
                [sum((X[a][k] * Y[k][b] for k in range(1, s)), X[a][0] * Y[0][b]) for b in range(s)]
                for a in range(s)
            ]

        one = [[flint.arb_poly([1 if a == b else 0]) for b in range(s)] for a in range(s)]
        result = matpow(BDz, self._sizes[i] - 1, mul, one)
        return [[Dz[a] * result[a][b] for b in range(s)] for a in range(s)]

    def _occupation_mutual_information_float64(self, ia: int, ib: int) -> mpmath.mpf:
        """I(n_a : n_b) in float64 by dynamic programs over each cell (transfer route), ia < ib.

        Cell a is swept forward from its environment's vector over its first state,
        cell b backward from the vector over its last state, each array holding the
        weight of (boundary state, occupation so far); P(n_a, n_b) = v_a^T G w_b with G
        the propagator between them (on a ring, one term per first state of a).
        O(L^2 s^2) for cells of L sites and s states; absolute error below 1e-12.
        """
        import numpy as np

        m = self._model
        n = m.sites
        be, se, _, _ = self._numbers()
        s = len(se)
        occ = [m.occupation(a) for a in m.states]
        lnB = np.array([[-float(x) for x in row] for row in be])
        lnD = np.array([-float(x) for x in se])
        Bn, Dn = np.exp(lnB - lnB.max()), np.exp(lnD - lnD.max())
        BD = Bn * Dn[None, :]
        DB = Dn[:, None] * Bn

        def scaled(values: list[Any]) -> Any:
            logs = np.array([float(self._ops.log(v)) if v > 0 else -np.inf for v in values])
            return np.exp(logs - logs.max())

        def sweep(M: Any, start: Any, length: int) -> tuple[Any, float]:
            """Weights of (boundary state, occupation so far) over ``length`` sites.

            new[y] = sum_x M[y][x] v[x], shifted by occupation(y): M = (B D)^T walks
            cell a forward from its first site, M = D B cell b backward from its last.
            """
            top = length * max(occ)
            v = np.zeros((s, top + 1))
            for x in range(s):
                v[x, occ[x]] = start[x] * Dn[x]
            scale = 0.0
            for _ in range(length - 1):
                new = np.zeros_like(v)
                step = M @ v
                for y in range(s):
                    o = occ[y]
                    new[y, o:] = step[y, : top + 1 - o]
                big = new.max()
                v = new / big
                scale += math.log(big)
            return v, scale

        def forward(start: Any, length: int) -> tuple[Any, float]:
            return sweep(BD.T, start, length)

        def backward(end: Any, length: int) -> tuple[Any, float]:
            return sweep(DB, end, length)

        fa, la = self._starts[ia], self._starts[ia + 1] - 1
        fb, lb = self._starts[ib], self._starts[ib + 1] - 1
        G_ab = self._propagator(fb - la)
        G = scaled([x for row in G_ab for x in row]).reshape(s, s)
        if m.boundary == "periodic":
            G_ba = self._propagator(n - lb + fa)
            ring = scaled([x for row in G_ba for x in row]).reshape(s, s)
            starts = [np.eye(s)[x] for x in range(s)]
            ends = [ring[:, x] for x in range(s)]
        else:
            _, _, _, D = self._numbers()
            Lm = self._DB_power(fa)
            left = [self._ops.fsum(Lm[a][b] for a in range(s)) for b in range(s)]
            Rm = self._DB_power(n - 1 - lb)
            right = [self._ops.fsum(Rm[a][b] * D[b] for b in range(s)) / D[a] for a in range(s)]
            starts, ends = [scaled(left)], [scaled(right)]
        sizes = (self._sizes[ia], self._sizes[ib])
        P = _occupation_table(forward, backward, G, sizes, starts, ends)
        return mpmath.mpf(info.table_mutual_information(P))

    def _occupation_mutual_information(self, ia: int, ib: int) -> Any:
        """I(n_a : n_b) through the boundary states (transfer route), ia < ib."""
        import flint

        tops = (self._top(ia) + 1) * (self._top(ib) + 1)
        if self._model.float64 or tops > _MP_TABLE_LIMIT:
            return self._occupation_mutual_information_float64(ia, ib)

        m = self._model
        n = m.sites
        _, _, _, D = self._numbers()
        s = len(D)
        ops = self._ops
        fa, la = self._starts[ia], self._starts[ia + 1] - 1
        fb, lb = self._starts[ib], self._starts[ib + 1] - 1
        G_ab = self._propagator(fb - la)
        if m.boundary == "periodic":
            G_ba = self._propagator(n - lb + fa)

            def env(xfa: int, xla: int, xfb: int, xlb: int) -> Any:
                return G_ab[xla][xfb] * G_ba[xlb][xfa]
        else:
            Lm = self._DB_power(fa)
            left = [sum((Lm[a][b] for a in range(s)), ops.zero) for b in range(s)]
            Rm = self._DB_power(n - 1 - lb)
            right = [sum((Rm[a][b] * D[b] for b in range(s)), ops.zero) / D[a] for a in range(s)]

            def env(xfa: int, xla: int, xfb: int, xlb: int) -> Any:
                return left[xfa] * G_ab[xla][xfb] * right[xlb]

        prec = mpmath.mp.prec + 64
        with flint.ctx.workprec(prec):
            PA = self._occupation_polynomials(ia)
            PB = self._occupation_polynomials(ib)
            pairs = list(product(range(s), repeat=2))
            UA = [[_mpf(c) for c in _coeffs(PA[x][y], self._top(ia))] for x, y in pairs]
            UB = [[_mpf(c) for c in _coeffs(PB[x][y], self._top(ib))] for x, y in pairs]
        C = [[env(x, y, u, v) for u, v in pairs] for x, y in pairs]
        Z = self._Z()
        # marginals p_A(n) = sum_alpha UA[alpha][n] (C 1_B)[alpha] / Z
        totB = [mpmath.fsum(row) for row in UB]
        totA = [mpmath.fsum(row) for row in UA]
        wA = [
            mpmath.fsum(C[al][be] * totB[be] for be in range(len(pairs))) / Z
            for al in range(len(pairs))
        ]
        wB = [
            mpmath.fsum(C[al][be] * totA[al] for al in range(len(pairs))) / Z
            for be in range(len(pairs))
        ]
        pA = [
            mpmath.fsum(UA[al][k] * wA[al] for al in range(len(pairs)))
            for k in range(self._top(ia) + 1)
        ]
        pB = [
            mpmath.fsum(UB[be][k] * wB[be] for be in range(len(pairs)))
            for k in range(self._top(ib) + 1)
        ]
        tol = mpmath.mpf(10) ** (-(m.digits + 12))
        keepA = [k for k, v in enumerate(pA) if v > tol]
        keepB = [k for k, v in enumerate(pB) if v > tol]
        if len(keepA) * len(keepB) <= _MP_TABLE_LIMIT:
            total = mpmath.mpf(0)
            CB = [
                [mpmath.fsum(C[al][be] * UB[be][k] for be in range(len(pairs))) for k in keepB]
                for al in range(len(pairs))
            ]
            for ka in keepA:
                ua = [UA[al][ka] / Z for al in range(len(pairs))]
                for j, kb in enumerate(keepB):
                    w = mpmath.fsum(ua[al] * CB[al][j] for al in range(len(pairs)))
                    if w > 0:
                        total += w * mpmath.log(w / (pA[ka] * pB[kb]))
            return total
        return self._occupation_mutual_information_float64(ia, ib)

    def _log_env_means(self) -> list[Any]:
        """<ln Env_i>_p for each cell (transfer route)."""
        m = self._model
        n = m.sites
        ops = self._ops
        _, _, _, D = self._numbers()
        s = len(D)
        out = []
        if len(self) == 1:
            return [ops.zero]
        for i, size in enumerate(self._sizes):
            f, last = self._starts[i], self._starts[i + 1] - 1
            # Env(x_f, x_l) as a table over the boundary states
            env: list[list[Any]]
            if m.boundary == "periodic":
                G = self._propagator(n - size + 1)
                env = [[G[xl][xf] for xl in range(s)] for xf in range(s)]
            else:
                Lm = self._DB_power(f)
                left = [sum((Lm[a][b] for a in range(s)), ops.zero) for b in range(s)]
                Rm = self._DB_power(n - 1 - last)
                right = [
                    sum((Rm[a][b] * D[b] for b in range(s)), ops.zero) / D[a] for a in range(s)
                ]
                env = [[left[xf] * right[xl] for xl in range(s)] for xf in range(s)]
            joint = self._joint([f, last])
            logs = {x: ops.log(env[x[0]][x[1]]) for x in joint}
            # centred on the most likely boundary states: the probabilities' rounding then
            # multiplies differences of logarithms, not ln Env itself (of order ln Z)
            ref = ops.zero if ops.symbolic else logs[max(joint, key=joint.__getitem__)]
            out.append(ref + sum((w * (logs[x] - ref) for x, w in joint.items()), ops.zero))
        return out

    def total_correlation(self, variables: str = "configuration") -> Any:
        """TC = sum_i S(p_i) - S(p) over the cells, in nats (the mutual information for K = 2).

        Precision: absolute error below ``10**-digits``.

        Examples
        --------
        >>> import mpmath
        >>> from mesosym.mesoscopic import IsingChain
        >>> c = IsingChain(2, 1).split(2)
        >>> abs(c.total_correlation() - c.mutual_information(0, 1)) < 1e-29
        True
        """
        variables = self._check_variables(variables)
        if variables == "occupation" and self._method != "enumerate":
            # two cells: the occupation information (transfer); more: the enumerated law
            if len(self) == 2:
                return self.mutual_information(0, 1, "occupation")
            if len(self) == 1:
                return self._finish(self._ops.zero)
            require_count(
                f"the occupation total correlation of {len(self)} cells (by enumerating the "
                f"configurations of {self._model.sites} sites)",
                self._model.count_configurations() if self._model.sites <= 200 else 2**200,
                ENUMERATION_LIMIT,
                "ENUMERATION_LIMIT",
                "the sites, or ask for two cells (their occupation information)",
            )
            return Cells(self._model, self._sizes, method="enumerate").total_correlation(variables)
        if self._method == "enumerate":
            with self._work():
                p = self._enum("_explicit")
                groups = [self._variable(i, variables) for i in range(len(self))]
                value = info.total_correlation(p, groups, digits=self._model.digits + 10)
            return self._finish(value)
        if self._canon:
            with self._work():
                value = self._canon.total_correlation()
            return self._finish(value)
        with self._work():
            log_z = self._ops.log(self._Z())
            value = info.total_correlation_from_environments(
                log_z, self._transfer_boundary_energy(), self._log_env_means()
            )
        return self._finish(value)

    def relative_entropies(self) -> tuple[Any, ...]:
        """D(p_i || q_i) per cell: its marginal in the full state against its isolated Gibbs state.

        Precision: absolute error below ``10**-digits``.

        Examples
        --------
        A cut bond at zero field leaves each cell's marginal uniform, as alone:

        >>> from mesosym.mesoscopic import IsingChain
        >>> [abs(d) < 1e-29 for d in IsingChain(4, 1).split(2).relative_entropies()]
        [True, True]
        """
        if self._method == "enumerate":
            return self._enumerated_relative_entropies()
        if self._canon:
            with self._work():
                iso = self._isolated_log_Z()
                out = self._canon.relative_entropies(iso)
            return tuple(self._finish(v) for v in out)
        with self._work():
            log_z = self._ops.log(self._Z())
            out = [
                info.relative_entropy_from_environment(e, log_z, z)
                for e, z in zip(self._log_env_means(), self._isolated_log_Z(), strict=True)
            ]
        return tuple(self._finish(v) for v in out)

    def _isolated_distribution(self, i: int) -> dict[tuple[int, ...], Any]:
        """q_i over the state indices of cell i (enumerated)."""
        be, se, _, _ = self._numbers()
        size = self._sizes[i]
        s = len(self._model.states)
        ring = len(self) == 1 and self._model.boundary == "periodic"
        bonds = [(k, k + 1) for k in range(size - 1)] + ([(size - 1, 0)] if ring else [])
        w: dict[tuple[int, ...], Any] = {}
        for x in product(range(s), repeat=size):
            e = sum((be[x[a]][x[b]] for a, b in bonds), self._ops.zero)
            w[x] = self._ops.exp(-(e + sum((se[a] for a in x), self._ops.zero)))
        Z = sum(w.values(), self._ops.zero)
        return {x: v / Z for x, v in w.items()}

    def _enumerated_relative_entropies(self) -> tuple[Any, ...]:
        biggest = len(self._model.states) ** max(self._sizes)
        require_count(
            f"enumerating the isolated cells of sizes {list(self._sizes)}",
            biggest,
            ENUMERATION_LIMIT,
            "ENUMERATION_LIMIT",
            "the cells",
        )
        out = []
        with self._work():
            p = self._enum("_explicit")
            for i in range(len(self)):
                pi = info.marginal(p, list(self.cell_sites(i)))
                out.append(
                    info.relative_entropy(
                        pi, self._isolated_distribution(i), digits=self._model.digits + 10
                    )
                )
        return tuple(self._finish(v) for v in out)

    def residual(self) -> Any:
        """Lhs - rhs of ln Z - sum ln Z_i = -beta<W> - TC - sum_i D(p_i || q_i); 0 when exact.

        Precision: the residual of numbers is of order ``10**-digits``.
        """
        self.__dict__["_unrounded"] = True  # the terms at the working precision, not rounded
        try:
            with self._work():
                lhs = self.log_partition_function() - sum(self.isolated_log_partition_functions())
                rhs = (
                    -self.boundary_energy()
                    - self.total_correlation()
                    - sum(self.relative_entropies())
                )
                value = lhs - rhs
        finally:
            del self.__dict__["_unrounded"]
        return self._finish(value)

    def joint_distribution(self, sites: Sequence[int]) -> dict[tuple[int, ...], Any]:
        """The Gibbs marginal of the states of ``sites``: ``{(state, ...): probability}``.

        ``sites`` are 0-based site indices of the whole chain, distinct, in any
        order; the keys list their states (+1/-1 or 0/1) in that order.  The
        transfer route costs O(2^len(sites) log sites), the canonical gas by
        fugacity polynomials (:mod:`.canonical`) or from its enumerated
        distribution; at most :data:`JOINT_LIMIT` outcomes.

        Precision: each probability to ``digits`` significant digits (numeric);
        exact expressions for symbols.

        Examples
        --------
        Two spins joined by a bond at beta J = 1: p(s, s') = e^{s s'}/(4 cosh 1).

        >>> import mpmath
        >>> from mesosym.mesoscopic import IsingChain
        >>> p = IsingChain(2, 1).split(1).joint_distribution([0, 1])
        >>> mpmath.nstr(p[(1, 1)], 12), mpmath.nstr(mpmath.e / (4 * mpmath.cosh(1)), 12)
        ('0.440398538989', '0.440398538989')
        """
        n = self._model.sites
        try:
            marked = [as_int("sites", x) for x in sites]
        except (DomainError, TypeError):
            marked = []
        if not marked or len(set(marked)) != len(marked) or not all(0 <= x < n for x in marked):
            raise DomainError(
                f"sites must be distinct site indices in [0, {n - 1}]; got {short(sites)}"
            )
        states = self._model.states
        outcomes = len(states) ** len(marked)
        if outcomes > JOINT_LIMIT:
            raise BudgetError(
                f"the joint law of {len(marked)} sites has {short(outcomes)} outcomes, more than "
                f"JOINT_LIMIT = {JOINT_LIMIT}; ask for fewer sites"
            )
        with self._work():
            if self._method == "enumerate":
                p = info.marginal(self._enum("_explicit"), marked)
            elif self._model.particles is not None:  # canonical: fugacity polynomials
                order = sorted(marked)
                law = self._canon.joint_distribution(order)
                pos = [order.index(x) for x in marked]
                p = {tuple(x[k] for k in pos): w for x, w in law.items()}
            else:
                p = self._joint(marked)
            return {tuple(states[k] for k in x): self._finish(w) for x, w in p.items()}
