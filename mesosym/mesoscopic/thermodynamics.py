r"""Exact identities between free energies and information, and the generalised Euler relation.

All free energies are in units of kT (beta F = -ln Z); information in nats.
Notation as in :mod:`mesosym.mesoscopic.cells`: H = sum_i H_i + W, p the Gibbs
state of the whole system, p_i its cell marginals, q_i = exp(-beta H_i)/Z_i the
isolated cells, q = prod q_i, F_i = -kT ln Z_i.

Identities (exact; proved in ``mesosym/derivations/mesoscopic_factorisation.py``):

1. ``beta F = sum_i beta F_i + beta<W>_p + TC(p) + sum_i D(p_i||q_i)``.
   So F - sum F_i = <W>_p + kT (I + ...) : the information enters with a
   **plus** sign.
2. With the marginal cell free energy ``F_cell = <H_i>_p - kT S(p_i)``
   (= F_i + kT D(p_i||q_i)): ``F = sum_i F_cell + <W>_p + kT TC``.
   Again + kT I, never - kT I.
3. Sectors of occupation numbers n = (n_1, ..., n_K): Z = sum_n Z(n) gives,
   for any ensemble, ``beta F = <beta F(n)>_p - S(n)`` with F(n) = -kT ln Z(n);
   with no bond across a border Z(n) = prod_i Z_i(n_i) (canonical isolated
   cells), so ``F = sum_i <F_i(n_i)>_p - kT S(n)``.  In the canonical ensemble
   with K = 2 cells n_2 = N - n_1, so S(n) = I(n_1 : n_2): the rebuttal's
   ``F = sum F_cell - kT I`` holds exactly there, with F_cell the canonical
   cell free energy averaged over the cell's particle number and I the
   occupation mutual information.  For K > 2 cells S(n) is the dual total
   correlation of the occupations, not their total correlation; with bonds
   across borders the term ``-kT <ln <exp(-beta W)>_{q(.|n)}>_p`` is added;
   in the grand canonical ensemble without such bonds S(n) = sum_i S(n_i)
   and I = 0.
4. Gibbs-Bogoliubov: ``beta F = sum_i beta F_i + beta<W>_q - D(q||p)``, so
   F <= sum F_i + <W>_q; adding (1): ``D(p||q) + D(q||p) = beta(<W>_q - <W>_p)``.
5. Wolf-Verstraete-Hastings-Cirac, classical and exact:
   ``TC = beta(<W>_{prod p_i} - <W>_p) - D(prod_i p_i || p)``, hence
   ``TC <= beta(<W>_{prod p_i} - <W>_p)``.  Both 4 and 5 need p > 0
   everywhere: they fail for the canonical gas (there prod p_i charges other
   particle numbers).

The generalised Euler relation: if F = F_ext + F_sub with F_ext homogeneous of
degree 1 and F_sub of degree alpha in (V, N), then
E - TS + PV - mu N = F - V dF/dV - N dF/dN = (1 - alpha) F_sub
(:func:`euler_relation`).  Hill's subdivision potential of the open chain is the
alpha = 0 case; the Tonks gas has an alpha = 0 piece and a ln N piece, which is
not homogeneous and gives -kT/2 more than (1 - alpha) F_sub.

Examples
--------
>>> import sympy as sp
>>> lhs, rhs = euler_relation()
>>> sp.simplify(lhs - rhs)
0
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING, Any

import mpmath
import sympy as sp

from ..budget import short
from ..errors import DomainError
from ..significant import significant
from ..validation import as_sympy, is_plain_name
from . import information as info
from .protocol import is_lattice_model

if TYPE_CHECKING:  # pragma: no cover
    from .cells import Cells
    from .protocol import LatticeModel

__all__ = [
    "FreeEnergyBalance",
    "free_energy_balance",
    "euler_relation",
    "homogeneous_function",
    "tonks_free_energy",
    "tonks_extensive_free_energy",
    "tonks_euler_defect",
    "subdivision_potential_closed_form",
    "open_chain_euler_defect",
]

T_, V_, N_, alpha_, lam_ = sp.symbols("T V N alpha lambda", positive=True)


@dataclass(frozen=True)
class FreeEnergyBalance:
    """Every term of the exact identities 1-5 for one split, from the explicit distribution.

    Attributes (numbers at the model's digits; free energies in units of kT)
    ----------
    beta_F, beta_F_cells : total and isolated-cell free energies (-ln Z, -ln Z_i)
    beta_W_p, beta_W_q, beta_W_marginals : beta<W> in p, in q = prod q_i, in prod p_i
    total_correlation, relative_entropies : TC(p) and D(p_i||q_i)
    reverse_q, reverse_marginals : D(q||p) and D(prod p_i||p) (inf when p has zeros)
    beta_F_marginal_cells : beta <H_i>_p - S(p_i) for each cell, computed directly
    beta_F_sector_cells : sum_i <beta F_i(n_i)>_p with canonical isolated cells
    occupation_entropy : S(n) of the cells' occupation numbers
    occupation_total_correlation : TC of the occupations
    sector_boundary : -<ln <exp(-beta W)>_{q(.|n)}>_p
    digits : the model's digits
    """

    beta_F: Any
    beta_F_cells: tuple[Any, ...]
    beta_W_p: Any
    beta_W_q: Any
    beta_W_marginals: Any
    total_correlation: Any
    relative_entropies: tuple[Any, ...]
    beta_F_marginal_cells: tuple[Any, ...]
    reverse_q: Any
    reverse_marginals: Any
    beta_F_sector_cells: Any
    occupation_entropy: Any
    occupation_total_correlation: Any
    sector_boundary: Any
    digits: int = 30

    def residuals(self) -> dict[str, Any]:
        """Lhs - rhs of identities 1-5 (0 up to rounding when they hold; inf terms excluded).

        Computed at ``digits + 10`` digits.
        """
        with mpmath.workdps(self.digits + 10):
            return self._residuals()

    def _residuals(self) -> dict[str, Any]:
        sF = sum(self.beta_F_cells)
        D = sum(self.relative_entropies)
        out = {
            "isolated": self.beta_F - (sF + self.beta_W_p + self.total_correlation + D),
            "marginal": self.beta_F
            - (sum(self.beta_F_marginal_cells) + self.beta_W_p + self.total_correlation),
            "marginal_cells": sum(self.beta_F_marginal_cells)
            - sum(f + d for f, d in zip(self.beta_F_cells, self.relative_entropies, strict=True)),
            "sectors": self.beta_F
            - (self.beta_F_sector_cells - self.occupation_entropy + self.sector_boundary),
        }
        if mpmath.isfinite(self.reverse_q):
            out["gibbs_bogoliubov"] = self.beta_F - (sF + self.beta_W_q - self.reverse_q)
        if mpmath.isfinite(self.reverse_marginals):
            out["wvhc"] = self.total_correlation - (
                self.beta_W_marginals - self.beta_W_p - self.reverse_marginals
            )
        return out


def _cell_canonical_log_Z(cells: Cells, i: int) -> dict[int, Any]:
    """Ln Z_i(n): the isolated cell with n occupied sites (enumerated)."""
    be, se, _, _ = cells._numbers()
    size = cells.sizes[i]
    m = cells.model
    occ = [m.occupation(a) for a in m.states]
    ring = len(cells) == 1 and m.boundary == "periodic"
    bonds = [(k, k + 1) for k in range(size - 1)] + ([(size - 1, 0)] if ring else [])
    z: dict[int, Any] = {}
    for x in product(range(len(m.states)), repeat=size):
        e = sum((be[x[a]][x[b]] for a, b in bonds), mpmath.mpf(0)) + sum(se[a] for a in x)
        n = sum(occ[a] for a in x)
        z[n] = z.get(n, mpmath.mpf(0)) + mpmath.exp(-e)
    return {n: mpmath.log(v) for n, v in z.items()}


def free_energy_balance(cells: Cells) -> FreeEnergyBalance:
    """Compute every term of identities 1-5 by enumeration (at most 2**16 configurations).

    Precision: each term to about ``digits`` (the model's) in absolute value.

    Examples
    --------
    The canonical ideal lattice gas in two cells: F = sum <F_i(n_i)> - kT I exactly.

    >>> from mesosym.mesoscopic import LatticeGas
    >>> from mesosym.mesoscopic.cells import split
    >>> b = free_energy_balance(split(LatticeGas(6, 0, particles=3), 2))
    >>> abs(b.residuals()["sectors"]) < 1e-25, abs(b.sector_boundary) < 1e-25
    (True, True)
    """
    from .cells import split

    m = cells.model
    if m.symbolic:
        raise DomainError("cells must have numeric parameters for free_energy_balance")
    if m.count_configurations() > 2**16:
        raise DomainError(
            f"sites = {m.sites}: free_energy_balance enumerates {m.count_configurations()} "
            "configurations, more than 2**16"
        )
    if cells.method != "enumerate":
        cells = split(m, list(cells.sizes), method="enumerate")
    K = len(cells)
    with mpmath.workdps(m.digits + 15):
        p = cells._explicit
        be = cells._numbers()[0]
        lnZ = cells.log_partition_function()
        lnZi = cells.isolated_log_partition_functions()
        cut = cells.cut_bonds()
        bWp = sum((w * cells._cut_energy(x) for x, w in p.items()), mpmath.mpf(0))
        tc = cells.total_correlation()
        D = cells.relative_entropies()
        qs = [cells._isolated_distribution(i) for i in range(K)]
        groups = [list(cells.cell_sites(i)) for i in range(K)]
        margs = [info.marginal(p, g) for g in groups]
        # q and prod p_i over all configurations of the chain (free, no constraint)
        q_full: dict[tuple[int, ...], Any] = {}
        pm_full: dict[tuple[int, ...], Any] = {}
        for parts in product(*[list(q.keys()) for q in qs]):
            x = tuple(a for part in parts for a in part)
            q_full[x] = mpmath.fprod(qs[i][parts[i]] for i in range(K))
            pm_full[x] = mpmath.fprod(margs[i].get(parts[i], 0) for i in range(K))
        bWq = sum((w * cells._cut_energy(x) for x, w in q_full.items()), mpmath.mpf(0))
        bWm = sum((w * cells._cut_energy(x) for x, w in pm_full.items()), mpmath.mpf(0))
        rev_q = info.relative_entropy(q_full, p, digits=m.digits + 10)
        rev_m = info.relative_entropy(
            {x: w for x, w in pm_full.items() if w}, p, digits=m.digits + 10
        )
        # occupation sectors
        occ = [m.occupation(a) for a in m.states]

        def sector(x: tuple[int, ...]) -> tuple[int, ...]:
            return tuple(sum(occ[x[k]] for k in g) for g in groups)

        lnZin = [_cell_canonical_log_Z(cells, i) for i in range(K)]
        pn = info.marginal(p, sector)
        sF = -sum((w * sum(lnZin[i][n[i]] for i in range(K)) for n, w in pn.items()), mpmath.mpf(0))
        Sn = info.entropy(p, sector, digits=m.digits + 10)

        def counter(g: list[int]) -> Any:
            return lambda x: sum(occ[x[k]] for k in g)

        tcn = info.total_correlation(p, [counter(g) for g in groups], digits=m.digits + 10)
        # -<ln <exp(-beta W)>_{q(.|n)}>_p = -<ln Z(n) - sum ln Z_i(n_i)>_p with
        # Z(n) = Z p(n) the sector sum of the full weights
        boundary = -sum(
            (
                w * (mpmath.log(w) + lnZ - sum(lnZin[i][n[i]] for i in range(K)))
                for n, w in pn.items()
            ),
            mpmath.mpf(0),
        )
        fm = []
        for g in groups:
            inner = [(a, b) for a, b in m.bond_pairs() if a in g and b in g and (a, b) not in cut]
            se = cells._numbers()[1]
            e = sum(
                (
                    w * (sum(be[x[a]][x[b]] for a, b in inner) + sum(se[x[k]] for k in g))
                    for x, w in p.items()
                ),
                mpmath.mpf(0),
            )
            fm.append(e - info.entropy(p, g, digits=m.digits + 10))
        return FreeEnergyBalance(
            beta_F=-lnZ,
            beta_F_cells=tuple(-v for v in lnZi),
            beta_W_p=bWp,
            beta_W_q=bWq,
            beta_W_marginals=bWm,
            total_correlation=tc,
            relative_entropies=D,
            beta_F_marginal_cells=tuple(fm),
            reverse_q=rev_q,
            reverse_marginals=rev_m,
            beta_F_sector_cells=sF,
            occupation_entropy=Sn,
            occupation_total_correlation=tcn,
            sector_boundary=boundary,
            digits=m.digits,
        )


# -- the generalised Euler relation ----------------------------------------------------------
def homogeneous_function(name: str, degree: Any) -> sp.Expr:
    """The general function of (T, V, N) homogeneous of ``degree`` in (V, N): V^degree g(T, N/V).

    >>> homogeneous_function("g", 1)
    V*g(T, N/V)
    """
    if not is_plain_name(name):
        raise DomainError(
            f"name must be a plain function name (letters, digits, _); got {short(name)}"
        )
    degree = as_sympy(degree, "degree")
    g = sp.Function(name)
    return V_**degree * g(T_, N_ / V_)


def euler_relation(alpha: Any = alpha_) -> tuple[sp.Expr, sp.Expr]:
    """(E - TS + PV - mu N, (1 - alpha) F_sub) for F = V f(T, N/V) + V^alpha g(T, N/V).

    With S = -dF/dT, P = -dF/dV, mu = dF/dN and E = F + TS, both sides are
    returned as SymPy expressions in the general functions f and g.

    >>> lhs, rhs = euler_relation(0)
    >>> rhs
    g(T, N/V)
    """
    alpha = as_sympy(alpha, "alpha")
    F_ext = homogeneous_function("f", 1)
    F_sub = homogeneous_function("g", alpha)
    F = F_ext + F_sub
    S = -sp.diff(F, T_)
    P = -sp.diff(F, V_)
    mu = sp.diff(F, N_)
    E = F + T_ * S
    lhs = E - T_ * S + P * V_ - mu * N_
    return sp.simplify(lhs), (1 - alpha) * F_sub


def _tonks(particles: Any, length: Any, rod: Any) -> tuple[Any, Any, Any]:
    """The Tonks gas's N, L and a through mesosym's guard (numbers or SymPy, never text)."""
    return as_sympy(particles, "particles"), as_sympy(length, "length"), as_sympy(rod, "rod")


def tonks_free_energy(particles: Any, length: Any, rod: Any) -> sp.Expr:
    """Beta F of N hard rods (centres in [0, L]): -N ln(L - (N - 1) a) + ln N! (thermal length 1).

    >>> tonks_free_energy(2, 3, 1)      # Z = (3 - 1)^2/2! = 2
    -log(2)
    """
    particles, length, rod = _tonks(particles, length, rod)
    return -particles * sp.log(length - (particles - 1) * rod) + sp.loggamma(particles + 1)


def tonks_extensive_free_energy(particles: Any, length: Any, rod: Any) -> sp.Expr:
    """The extensive part N (ln(N/(L - N a)) - 1) of beta F for the Tonks gas (degree 1)."""
    particles, length, rod = _tonks(particles, length, rod)
    return particles * (sp.log(particles / (length - particles * rod)) - 1)


def tonks_euler_defect(particles: Any, length: Any, rod: Any) -> sp.Expr:
    """Beta (F - L dF/dL - N dF/dN) = beta (E - TS + PL - mu N) of the exact Tonks free energy.

    Examples
    --------
    >>> import math
    >>> import sympy as sp
    >>> N, L, a = sp.symbols("N L a", positive=True)
    >>> d = tonks_euler_defect(N, L, a)
    >>> x = float(d.subs({N: 1000, L: 2000, a: 1}))
    >>> round(x, 3), round(-1 + math.log(2 * math.pi * 1000) / 2 - 1 / 2, 3)   # + O(1/N)
    (2.874, 2.873)
    """
    particles, length, rod = _tonks(particles, length, rod)
    N, L = sp.Dummy("N", positive=True), sp.Dummy("L", positive=True)
    F = tonks_free_energy(N, L, rod)
    d = F - L * sp.diff(F, L) - N * sp.diff(F, N)
    return d.subs({N: particles, L: length})


# -- Hill's subdivision potential of the open chain ------------------------------------------
def _check_two_state_chain(model: Any) -> None:
    """Refuse anything but a two-state lattice chain (IsingChain, LatticeGas)."""
    chain = is_lattice_model(model) and hasattr(type(model), "transfer_matrix")
    if not chain or model.transfer_matrix().shape != (2, 2):
        raise DomainError(
            "model must be a two-state lattice chain (IsingChain or LatticeGas); "
            f"got {short(model)}"
        )


def subdivision_potential_closed_form(model: LatticeModel) -> sp.Expr:
    """Beta E_sub = ln lambda_+ - ln((v_+ . u)^2 / |v_+|^2) of the open two-state chain.

    Z_n = u^T T^(n-1) u with the symmetric transfer matrix T and u_a = exp(-beta site(a)/2),
    so ln Z_n = n ln lambda_+ - beta E_sub + O((lambda_-/lambda_+)^n).  A SymPy
    expression in the model's parameters (numbers give a number).

    Examples
    --------
    >>> import sympy as sp
    >>> from mesosym.mesoscopic import IsingChain
    >>> from mesosym.mesoscopic.symbols import J, beta
    >>> e = subdivision_potential_closed_form(IsingChain(4, J, beta=beta))
    >>> sp.simplify(e - sp.log(sp.cosh(beta*J)))
    0
    """
    _check_two_state_chain(model)
    T = model.transfer_matrix()
    u = model.end_vector()
    a, c, d = T[0, 0], T[0, 1], T[1, 1]
    root = sp.sqrt((a - d) ** 2 / 4 + c**2)
    lam = (a + d) / 2 + root
    v = sp.Matrix([c, lam - a])
    return sp.log(lam) - sp.log((v.dot(u)) ** 2 / v.dot(v))


def open_chain_euler_defect(model: LatticeModel) -> Any:
    """-ln Z_n + n ln lambda_+ - beta E_sub for the open chain: -> 0 as (lambda_-/lambda_+)^n.

    Hill's form of the Euler relation for the grand canonical lattice
    (V = sites): beta(E - TS + PV - mu N) = n ln lambda_+ - ln Z_n, which tends to
    beta E_sub.  Precision: ``model.digits``.
    """
    _check_two_state_chain(model)
    if model.symbolic or model.boundary != "open" or model.particles is not None:
        raise DomainError("model must be a numeric open grand canonical chain")
    with mpmath.workdps(model.digits + 15):
        lam = sp.N(model.transfer_eigenvalues()[0], model.digits + 15)
        esub = sp.N(subdivision_potential_closed_form(model), model.digits + 15)
        value = (
            -model.log_partition_function()
            + model.sites * mpmath.log(mpmath.mpf(str(lam)))
            - mpmath.mpf(str(esub))
        )
    return significant(value, model.digits)
