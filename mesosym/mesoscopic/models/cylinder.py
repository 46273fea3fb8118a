"""The Ising model on an infinitely long square-lattice cylinder: rings joined by a transfer matrix.

The cylinder has ``circumference`` = w sites around (periodic) and is infinite
along its axis; its configurations are a stationary Markov chain of rings
sigma_1, sigma_2, ... (2^w states each) with the symmetric transfer matrix
T = D^(1/2) K D^(1/2) of :mod:`mesosym.mesoscopic.column_transfer`:
D = diag exp(-beta E_ring), K[sigma, tau] = exp(beta J sum_k s_k t_k),
H = -J sum_<ij> s_i s_j - h sum_i s_i.  With lambda the largest eigenvalue and
phi > 0 its normalised eigenvector (Perron-Frobenius):

* ``log_partition_function_per_ring()`` = ln lambda (ln Z / rings of a long torus);
* a ring has the law p(sigma) = phi_sigma^2, and one ring to the next the
  transition P(sigma -> tau) = T[sigma, tau] phi_tau / (lambda phi_sigma);
* ``entropy_per_ring()`` h = ln lambda + beta <E>_ring, the thermodynamic entropy per
  ring, with beta <E> = -(1/lambda) sum phi_s T_st phi_t ln T_st by Hellmann-Feynman
  (d lambda / d beta = phi^T T' phi), evaluated exactly from phi, never by differences;
  the bonds between rings enter as |K| sum_k <1 -+ s_k t_k> (those not at their best),
  so that deep order (|beta J| up to 10^6) costs no digits.
  It equals the entropy rate of the ring chain: -sum p(s) P(s->t) ln P(s->t)
  = ln lambda - (1/lambda) sum phi_s T_st phi_t ln T_st (the ln phi terms cancel by
  stationarity);
* ``ring_entropy()`` H(ring) = -sum p ln p;
* ``mutual_information()`` between the half-cylinders left and right of a cut
  between two rings: by the Markov property I(past : future) = I(sigma_0 : sigma_1)
  = H(sigma_1) - H(sigma_1 | sigma_0) = H(ring) - h;
* ``ring_mutual_information(arc)``: I(arc : rest) within one ring, from the
  marginals of p;
* ``renyi_mutual_information(n)``: I_n = lim_L [S_n(L rings) + S_n(L rings)
  - S_n(2L rings)] for the blocks of L consecutive rings on either side of the cut,
  S_n = ln(sum p^n)/(1 - n).  A block has the law
  p(x_1..x_L) = phi_x1 T_x1x2 ... T_x(L-1)xL phi_xL / lambda^(L-1), so
  sum p^n = (phi^n)^T (T^(o n))^(L-1) phi^n / lambda^(n(L-1)), with T^(o n) the
  elementwise power: the transfer matrix at n beta, leading pair (mu_n, psi_n).
  Hence I_n = [ln mu_n - n ln lambda - 2 ln(psi_n . phi^n)] / (n - 1), which tends
  to the Shannon value as n -> 1.  On a torus the two halves meet at two cuts and
  this is half of Iaconis et al.'s replica I_2.

The model supplies its ring transfer (:class:`~mesosym.mesoscopic.column_transfer.ColumnTransfer` at
K = beta J, H = beta h, ``boundary`` around); the quantities of the bulk are computed
from its leading pair by :mod:`mesosym.mesoscopic.long_strip`, which the long-cell
factorisation terms (:func:`~mesosym.mesoscopic.factorisation.cut_terms`) read too.

Precision: ``digits=None`` works in float64: ln lambda to a relative 1e-14 and the
entropies and informations to an absolute 1e-11 * w nats (measured errors against
the 30-digit route: below 1.4e-14 * w for w <= 10, beta J in [0.1, 1], beta h in
{0, 0.1}); the error grows as 1e-16 lambda / gap where the leading eigenvalue is
nearly degenerate (a tiny field in the ordered phase): a ``ConvergenceError`` when
the eigenvector's bound |r| / gap exceeds 1e-8 (float64) or lambda / gap exceeds 1e13
(the Newton refinement of the mpmath route).  The
default mpmath route refines the float64 eigenvector by Newton steps until
|T phi - rho phi| / gap < 10^-(digits + 5) and works at digits + 20 digits: ln lambda
to ``digits`` significant digits, the entropies and informations to an absolute
10^-digits (nats).

Examples
--------
At beta = 0 every ring is equally likely: ln lambda = w ln 2, one ring carries
w ln 2 nats and the halves share nothing.

>>> cyl = IsingCylinder(circumference=3, coupling=1, beta=0, digits=15)
>>> cyl.log_partition_function_per_ring()
mpf('2.07944154167984')
>>> cyl.ring_entropy(), cyl.mutual_information()
(mpf('2.07944154167984'), mpf('0.0'))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ...budget import short
from ...errors import DomainError
from ...validation import check_count, check_digits
from .. import long_strip as bulk
from ..column_transfer import (
    AROUND,
    ColumnTransfer,
    LeadingPair,
    Precision,
    check_reduced_couplings,
    column_bonds,
    column_magnetisation,
)
from ..long_strip import CRITICAL_TEMPERATURE, cylinder_cost, exact_parameter

__all__ = ["IsingCylinder", "cylinder_cost", "CRITICAL_TEMPERATURE"]


class IsingCylinder:
    """The Ising model on an infinitely long cylinder of ``circumference`` sites (immutable).

    Parameters
    ----------
    circumference : int
        Sites around the cylinder, w >= 1 (periodic: ``w`` bonds per ring; two sites
        carry their bond twice, one site a self-bond, as for the periodic chain).
    coupling : number
        J (ferromagnetic for J > 0); exact (a float is its binary value; text such as
        ``"0.1"`` or ``"1/3"`` is read as an exact decimal, never evaluated).
    field : number
        h.
    beta : number
        Inverse temperature, any real value.
    digits : int or None
        Significant digits of the mpmath route (default 30), or None for float64.
    boundary : {"periodic", "open"}
        Around the circumference: ``"periodic"`` (default) is the cylinder; ``"open"``
        gives the infinitely long strip of width ``w`` with two free edges (``w - 1``
        bonds per ring), the long-cell limit of an open :class:`IsingStrip`.

    Raises
    ------
    DomainError
        For a circumference that is not a positive integer, a parameter that is not a
        finite real number, |beta J| or |beta h| above 10^6 (``MAX_REDUCED_COUPLING`` of
        :mod:`~mesosym.mesoscopic.column_transfer`: the ground state), or a boundary other
        than "periodic" or "open".
    BudgetError
        (from each quantity) when the estimated time or memory exceeds the budget
        (:func:`cylinder_cost`): float64 reaches w = 18 (about 15 s), 30 digits w = 12.

    Examples
    --------
    Without coupling the spins are independent: ln lambda = w ln(2 cosh beta h).

    >>> import mpmath
    >>> cyl = IsingCylinder(circumference=4, coupling=0, field=1, beta=1, digits=20)
    >>> cyl.log_partition_function_per_ring()
    mpf('4.5077120441718899858')
    >>> mpmath.nstr(4 * mpmath.log(2 * mpmath.cosh(1)), 20)
    '4.5077120441718899858'
    """

    def __init__(
        self,
        circumference: Any,
        coupling: Any = 1,
        field: Any = 0,
        beta: Any = 1,
        digits: Any = 30,
        boundary: Any = "periodic",
    ) -> None:
        around = "a positive integer (sites around the cylinder)"
        self._w = check_count("circumference", circumference, minimum=1, allowed=around)
        self._coupling = exact_parameter("coupling", coupling)
        self._field = exact_parameter("field", field)
        self._beta = exact_parameter("beta", beta)
        check_reduced_couplings(self._beta * self._coupling, self._beta * self._field)
        self._digits = None if digits is None else check_digits(digits)
        self._ar = Precision(self._digits)
        if not isinstance(boundary, str) or boundary not in AROUND:
            raise DomainError(
                f"boundary must be 'periodic' or 'open' (around the circumference); "
                f"got {short(boundary)}"
            )
        self._around = boundary
        self._pairs: dict[Fraction, tuple[ColumnTransfer, LeadingPair]] = {}
        self._memo: dict[str, Any] = {}

    # -- attributes ----------------------------------------------------------------------
    @property
    def circumference(self) -> int:
        """Sites around the cylinder."""
        return self._w

    @property
    def coupling(self) -> Fraction:
        """J, exact."""
        return self._coupling

    @property
    def field(self) -> Fraction:
        """h, exact."""
        return self._field

    @property
    def beta(self) -> Fraction:
        """Inverse temperature, exact."""
        return self._beta

    @property
    def digits(self) -> int | None:
        """Significant digits of results, or None (float64)."""
        return self._digits

    @property
    def boundary(self) -> str:
        """Around the circumference: ``"periodic"`` (the cylinder) or ``"open"``."""
        return self._around

    def __repr__(self) -> str:
        edge = "" if self._around == "periodic" else f", boundary={self._around!r}"
        return (
            f"IsingCylinder(circumference={self._w}, coupling={self._coupling}, "
            f"field={self._field}, beta={self._beta}, digits={self._digits}{edge})"
        )

    def _key(self) -> tuple[Any, ...]:
        return (self._w, self._coupling, self._field, self._beta, self._digits, self._around)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IsingCylinder) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    # -- the machinery: the ring transfer (what the model supplies) and its leading pair ------
    def _pair(self, order: Fraction = Fraction(1)) -> tuple[ColumnTransfer, LeadingPair]:
        """The ring transfer at ``order`` times beta and its leading pair (computed once)."""
        if order not in self._pairs:
            K, H = order * self._beta * self._coupling, order * self._beta * self._field
            self._pairs[order] = bulk.leading_pair(self._w, K, H, self._ar, self._around)
        return self._pairs[order]

    # -- the ring law -------------------------------------------------------------------------
    def ring_distribution(self) -> np.ndarray:
        """p(sigma) = phi_sigma^2 of one ring, indexed by ring state.

        State sigma has spin s_k = 1 - 2 b_k with b_k the bit of weight 2^(w-1-k):
        index 0 is the all-up ring, index 2^w - 1 the all-down ring.

        Returns
        -------
        numpy.ndarray
            float64 (``digits=None``) or mpmath numbers at ``digits`` + 20 digits.

        Examples
        --------
        >>> p = IsingCylinder(circumference=2, coupling=0, beta=1, digits=None).ring_distribution()
        >>> p.round(12).tolist()
        [0.25, 0.25, 0.25, 0.25]
        """
        return bulk.column_law(self._pair()[1], self._ar)

    # -- the quantities -----------------------------------------------------------------------
    def log_partition_function_per_ring(self) -> Any:
        """The log of the largest transfer-matrix eigenvalue, ln lambda = lim ln Z / rings.

        Precision: ``digits`` significant digits (float64: relative 1e-14).

        Examples
        --------
        Two sites around, no field: Kaufman's lambda = (2 sinh 2K) exp((g_1 + g_3) / 2) with
        cosh g_1 = cosh g_3 = cosh 2K coth 2K, so ln lambda = ln(2 sinh 1) + acosh(cosh 1 coth 1)
        at K = 1/2:

        >>> import mpmath
        >>> cyl = IsingCylinder(circumference=2, coupling=1, beta=0.5, digits=15)
        >>> print(cyl.log_partition_function_per_ring())
        2.18649483123015
        >>> print(mpmath.log(2 * mpmath.sinh(1)) + mpmath.acosh(mpmath.cosh(1) * mpmath.coth(1)))
        2.18649483123015
        """
        _, pair = self._pair()
        with self._ar.work():
            return self._ar.finish(pair.log_value)

    def _energy_parts(self) -> tuple[Any, ...]:
        """(sum p e_shifted, C = sum_k <s_k t_k>, p) at the working precision."""
        return bulk.energy_parts(*self._pair(), self._ar)

    def energy_per_ring(self) -> Any:
        """<E> per ring: -J (<sum_k s_k s_(k+1)> + sum_k <s_k t_k>) - h <sum_k s_k>.

        Both bond sums are Hellmann-Feynman derivatives of ln lambda, evaluated from the
        eigenvector (no differences).  Precision: absolute 10^-digits * w (|J| + |h|).

        Examples
        --------
        >>> cyl = IsingCylinder(circumference=3, coupling=1, beta=0, digits=10)
        >>> cyl.energy_per_ring()
        mpf('0.0')
        """
        _, correlation, p = self._energy_parts()
        with self._ar.work():
            counts = column_bonds(self._w, self._around)
            bonds = self._ar.sum(p * counts.astype(float if self._digits is None else int))
            mags = self._ar.sum(
                p * column_magnetisation(self._w).astype(float if self._digits is None else int)
            )
            J, h = self._ar.number(self._coupling), self._ar.number(self._field)
            return self._ar.finish(-J * (bonds + correlation) - h * mags)

    def _entropy_rate(self) -> Any:
        if "rate" not in self._memo:
            self._memo["rate"] = bulk.entropy_rate(*self._pair(), self._ar)
        return self._memo["rate"]

    def entropy_per_ring(self) -> Any:
        """The thermodynamic entropy per ring h = ln lambda + beta <E> (nats).

        It is the entropy rate of the Markov chain of rings.  Precision: absolute
        10^-digits (float64: 1e-11 w).

        Examples
        --------
        Independent spins (J = 0): each has entropy ln(2 cosh beta h) - beta h tanh(beta h).

        >>> import mpmath
        >>> cyl = IsingCylinder(circumference=2, coupling=0, field=1, beta=1, digits=15)
        >>> print(cyl.entropy_per_ring())
        0.730667710174415
        >>> print(2 * (mpmath.log(2 * mpmath.cosh(1)) - mpmath.tanh(1)))
        0.730667710174415
        """
        value = self._entropy_rate()
        with self._ar.work():
            return self._ar.finish(value)

    def _ring_entropy(self) -> Any:
        if "ring" not in self._memo:
            self._memo["ring"] = bulk.shannon(self.ring_distribution(), self._ar)
        return self._memo["ring"]

    def ring_entropy(self) -> Any:
        """Shannon entropy of one ring's configuration, H = -sum phi^2 ln phi^2 (nats).

        Precision: absolute 10^-digits (float64: 1e-11 w).

        Examples
        --------
        >>> cyl = IsingCylinder(circumference=2, coupling=0, beta=1, digits=12)
        >>> print(cyl.ring_entropy())        # two free spins: 2 ln 2
        1.38629436112
        """
        value = self._ring_entropy()
        with self._ar.work():
            return self._ar.finish(value)

    def mutual_information(self) -> Any:
        """I between the two half-infinite cylinders = H(ring) - h (nats), >= 0.

        Precision: absolute 10^-digits (float64: 1e-11 w).

        Examples
        --------
        Deep in the ordered phase the halves share the one bit of the magnetisation:

        >>> cyl = IsingCylinder(circumference=4, coupling=1, beta=8, digits=12)
        >>> print(cyl.mutual_information())      # ln 2
        0.69314718056
        """
        ring, rate = self._ring_entropy(), self._entropy_rate()
        with self._ar.work():
            return self._ar.finish(ring - rate)

    def bond_correlation(self) -> Any:
        """sum_k <s_k t_k>: the ``w`` bonds between two neighbouring rings, in the bulk.

        ``-beta J`` times it is beta <W> of one cut between two long column cells
        (:func:`mesosym.mesoscopic.factorisation.cut_terms`).  Hellmann-Feynman from the
        eigenvector.  Precision: absolute 10^-digits w (float64: 1e-11 w).

        Examples
        --------
        One spin with a self-bond: the rings are an Ising chain, <s t> = tanh(beta J).

        >>> import mpmath
        >>> cyl = IsingCylinder(circumference=1, coupling=1, beta=0.5, digits=15)
        >>> print(cyl.bond_correlation())
        0.462117157260010
        >>> print(mpmath.tanh(0.5))
        0.46211715726001
        """
        correlation = bulk.bond_correlation(*self._pair(), self._ar)
        with self._ar.work():
            return self._ar.finish(correlation)

    def subdivision_potential(self) -> Any:
        """Hill's subdivision potential of the rings: ln lambda - 2 ln(u . phi), u = D^(1/2) 1.

        A length of ``l`` rings open at both ends has Z_l = u^T T^(l-1) u =
        (u . phi)^2 lambda^(l-1) (1 + O((lambda_2/lambda)^l)), so that cutting a long cylinder
        (or strip, ``boundary="open"``) between two rings changes ln Z by this much:
        ln Z - ln Z_left - ln Z_right -> ln lambda - 2 ln(u . phi), as for
        :meth:`~mesosym.mesoscopic.LatticeChain.subdivision_potential` of a chain.  Per
        unit length (divided by ``w``) it tends to twice beta times the surface free energy
        of a free edge.  Precision: absolute 10^-digits (float64: 1e-11 w).

        Examples
        --------
        One spin with a self-bond at zero field: a chain, ln lambda - 2 ln(u . phi) = ln cosh K.

        >>> import mpmath
        >>> print(IsingCylinder(circumference=1, coupling=1, beta=0.5, digits=15)
        ...       .subdivision_potential())
        0.120114506958278
        >>> print(mpmath.log(mpmath.cosh(0.5)))
        0.120114506958278
        """
        value = bulk.subdivision_potential(*self._pair(), self._ar)
        with self._ar.work():
            return self._ar.finish(value)

    def edge_relative_entropy(self) -> Any:
        """D(p || q) of the ring at a cut: bulk law p = phi^2 against q = u phi / (u . phi).

        q is the law of the end ring of a half-infinite cylinder (a cell alone), p its law
        inside the infinite one; the cell's relative entropy D(p_i || q_i) reduces to this
        (the cell's law given its end ring is the same in both: the Markov property).  Each
        cut between two long cells contributes it twice.  Precision: absolute 10^-digits
        (float64: 1e-11 w).

        Examples
        --------
        At zero field the end spin of an Ising chain is uniform alone and in the chain:

        >>> print(IsingCylinder(circumference=1, coupling=1, beta=0.5, digits=15)
        ...       .edge_relative_entropy())
        0.0
        """
        value = bulk.edge_relative_entropy(*self._pair(), self._ar)
        with self._ar.work():
            return self._ar.finish(value)

    def ring_mutual_information(self, arc: Any) -> Any:
        """I(arc : rest of the ring) for an arc of ``arc`` consecutive sites of one ring.

        From the marginals of p(sigma) = phi^2: H(arc) + H(rest) - H(ring) (nats).
        Precision: absolute 10^-digits (float64: 1e-11 w).

        Parameters
        ----------
        arc : int
            0 <= arc <= circumference (0 and w give 0).

        Examples
        --------
        >>> cyl = IsingCylinder(circumference=4, coupling=0, beta=1, digits=10)
        >>> print(cyl.ring_mutual_information(2))      # independent spins
        0.0
        """
        allowed = f"an integer in [0, circumference] = [0, {self._w}]"
        a = check_count("arc", arc, minimum=0, maximum=self._w, allowed=allowed)
        if a in (0, self._w):  # the arc or the rest holds no site
            return self._ar.finish(self._ar.number(Fraction(0)))
        p = self.ring_distribution()
        whole = self._ring_entropy()
        with self._ar.work():
            table = p.reshape(2**a, 2 ** (self._w - a))
            left, right = table.sum(axis=1), table.sum(axis=0)
            entropies = bulk.shannon(left, self._ar) + bulk.shannon(right, self._ar)
            return self._ar.finish(entropies - whole)

    def renyi_mutual_information(self, order: Any = 2) -> Any:
        """The Renyi-n information between the two half-infinite cylinders (nats).

        I_n = lim_L [2 S_n(L rings) - S_n(2L rings)], S_n = ln(sum p^n) / (1 - n), for the
        blocks of L rings on either side of a cut; from the transfer matrix at n beta with
        leading pair (mu_n, psi_n): I_n = [ln mu_n - n ln lambda - 2 ln(psi_n . phi^n)]/(n - 1).
        ``order`` 1 gives the Shannon :meth:`mutual_information`.

        Parameters
        ----------
        order : number
            n > 0, exact (2 by default).

        Precision: absolute 10^-digits (float64: 1e-11 w).

        Examples
        --------
        Deep in the ordered phase the halves share one bit, at every order:

        >>> cyl = IsingCylinder(circumference=4, coupling=1, beta=8, digits=12)
        >>> print(cyl.renyi_mutual_information(2))
        0.69314718056
        """
        n = exact_parameter("order", order)
        if n <= 0:
            raise DomainError(
                f"order must be a positive number (Renyi order n > 0); got {short(order)}"
            )
        if n == 1:
            return self.mutual_information()
        transfer, pair = self._pair()
        transfer_n, pair_n = self._pair(n)
        with self._ar.work():
            ar = self._ar
            exp_n = ar.number(n)
            # phi > 0 (Perron-Frobenius); a rounding-sized negative entry would give NaN
            phi_n = np.array([max(v, 0) ** exp_n for v in pair.vector], dtype=pair.vector.dtype)
            overlap = ar.sum(pair_n.vector * phi_n)
            # ln mu_n - n ln lambda with the scales: shift_n = n shift exactly
            scaled = ar.log(pair_n.value) - exp_n * ar.log(pair.value)
            shift_difference = transfer_n.shift - n * transfer.shift
            value = (scaled + ar.number(shift_difference) - 2 * ar.log(overlap)) / (exp_n - 1)
            return self._ar.finish(value)
