"""The q-state Potts chain H = -J sum_i delta(s_i, s_(i+1)): q local states.

The chain protocol of :mod:`.chain` needs only the states 0..q-1, the bond
energy -J delta(a, b), no site energy, and an occupation: a site in state 0
counts as occupied (for q = 2 the chain is the Ising chain with coupling J/2,
an up spin being state 0), so that the sectors of Z_mes count the sites in
state 0 of each cell.  Every verb (cells, information, Z_mes, the subdivision
potential) then works on it unchanged.

The open chain has Z = q (e^K + q - 1)^(sites - 1) with K = beta J, the ring
Z = (e^K + q - 1)^sites + (q - 1)(e^K - 1)^sites (:data:`mesosym.known.potts_chain`).

Examples
--------
>>> import mpmath
>>> chain = PottsChain(sites=4, states=3, coupling=1, beta=1)
>>> mpmath.nstr(chain.log_partition_function(), 15)
'5.75294643046426'
>>> mpmath.nstr(mpmath.log(3) + 3 * mpmath.log(mpmath.e + 2), 15)
'5.75294643046426'
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ...validation import _sp, check_count
from .chain import Exact, LatticeChain

__all__ = ["PottsChain"]


class PottsChain(LatticeChain):
    """The q-state Potts chain H = -J sum_i delta(s_i, s_(i+1)), s_i in 0..q-1.

    Parameters
    ----------
    sites : int
        Number of sites (>= 1).
    states : int
        q >= 2, the number of local states.
    coupling : number or sympy.Expr
        J (ferromagnetic for J > 0).
    beta : number or sympy.Expr
        Inverse temperature, any real value.
    boundary : {"open", "periodic"}
        Free ends or a ring.
    digits : int
        Significant digits of numeric results (default 30).

    Examples
    --------
    >>> PottsChain(sites=3, states=3, coupling=1).energy((0, 0, 2))
    -1
    >>> PottsChain(sites=3, states=4, coupling=1)
    PottsChain(3, states=4, coupling=1, beta=1, boundary='open')
    """

    _parameter_names = ("coupling",)
    coupling: Exact
    _title = "Potts chain"
    _hamiltonian = r"H = -J \sum_i \delta(s_i, s_{i+1})"
    _letters = (("J", "J"),)

    def __init__(
        self,
        sites: Any,
        states: Any,
        coupling: Any,
        beta: Any = 1,
        boundary: Any = "open",
        digits: Any = 30,
    ) -> None:
        self.states = tuple(range(check_count("states", states, minimum=2)))
        super().__init__(
            sites, (("coupling", coupling),), beta=beta, boundary=boundary, digits=digits
        )

    def _shape(self) -> tuple[tuple[str, Any], ...]:
        return (("states", len(self.states)),)

    @property
    def q(self) -> int:
        """The number of local states."""
        return len(self.states)

    def _closed_eigenpair(self) -> tuple[tuple[Any, ...], list[Any]]:
        """T = (e^K - 1) I + 1 1^T: e^K + q - 1 on (1, ..., 1), e^K - 1 on its complement.

        e^K + q - 1 > |e^K - 1| for every real K and q >= 2, so it leads.

        >>> from mesosym.mesoscopic.symbols import J, beta
        >>> PottsChain(sites=4, states=3, coupling=J, beta=beta).transfer_eigenvalues()
        (exp(J_nn*beta) + 2, exp(J_nn*beta) - 1, exp(J_nn*beta) - 1)
        """
        sp = _sp()
        K = self.beta * self.coupling
        q = len(self.states)
        lead, rest = sp.exp(K) + q - 1, sp.exp(K) - 1
        return (lead, *([rest] * (q - 1))), [sp.Integer(1)] * q

    def _bond(self, a: int, b: int) -> Any:
        """-J delta(a, b)."""
        return -self._parameters[0] if a == b else Fraction(0)

    def _site(self, a: int) -> Any:
        """No site energy."""
        return Fraction(0)

    def occupation(self, a: int) -> int:
        """1 for state 0, else 0."""
        return 1 if a == 0 else 0
