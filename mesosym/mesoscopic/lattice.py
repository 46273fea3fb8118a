"""Lattice models of the mesoscopic part: the Ising chain and the lattice gas.

A :class:`LatticeChain` is a one-dimensional chain of ``sites`` sites, each in
one of ``states``, with nearest-neighbour bond energies and one-site energies,

    H(s) = sum_bonds bond_energy(s_i, s_(i+1)) + sum_i site_energy(s_i).

The open chain has the ``sites - 1`` bonds (i, i+1); the periodic chain has the
``sites`` bonds (i, i+1 mod sites), so that Z = tr T^sites for every size (a
periodic chain of two sites carries its bond twice, one site a self-bond).

* :class:`IsingChain`: states s = +1, -1; H = -J sum s s' - h sum s.
* :class:`LatticeGas`: states n = 0, 1; H - mu N = -eps sum n n' - mu sum n.
  ``particles=None`` is the grand canonical ensemble; an integer N restricts
  the sums to configurations with N particles (the canonical ensemble; the
  site term then only multiplies Z by exp(beta mu N)).

The partition function is computed by the transfer matrix
T[a, b] = exp(-beta (bond(a, b) + (site(a) + site(b))/2)): Z = u^T T^(sites-1) u
with u_a = exp(-beta site(a)/2) (open) or Z = tr T^sites (periodic); the
canonical gas extracts the coefficient of z^N with a fugacity z (numbers:
ball-arithmetic polynomials of :mod:`mesosym.mesoscopic.canonical`, about
4e-8 min(sites, N)^2 s; symbols: the exact sector sum of :mod:`.sectors`).
Numbers give ``mpmath.mpf`` at ``digits`` significant digits; SymPy symbols give SymPy
expressions.  Numeric parameters are held exactly (``int`` or ``Fraction``; a
float is its exact binary value) and SymPy is imported only when a symbol or a
SymPy object is given, or a symbolic method is called, so that numeric work
starts without it.  The mesoscopic partition function and its sectors live in
:mod:`mesosym.mesoscopic.sectors`.

Examples
--------
Two Ising spins with J = 1, beta = 1, no field: Z = 2 e + 2/e = 4 cosh 1.

>>> import mpmath
>>> chain = IsingChain(2, 1)
>>> mpmath.nstr(chain.log_partition_function(), 15)
'1.82007519160292'
>>> mpmath.nstr(mpmath.log(4 * mpmath.cosh(1)), 15)
'1.82007519160292'
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import mpmath

from ..budget import MAX_BOLTZMANN_EXPONENT, short
from ..errors import BudgetError, ConvergenceError, DomainError, MesosymError
from ..significant import significant
from ..validation import (
    _sp,
    _sympy_basic,
    as_fraction,
    as_int,
    as_sympy,
    check_digits,
    log10_magnitude,
)
from ._gas_parameters import to_mpf

if TYPE_CHECKING:  # pragma: no cover
    import sympy as sp

    from .cells import Cells

__all__ = [
    "LatticeChain",
    "IsingChain",
    "LatticeGas",
    "ENUMERATION_LIMIT",
    "check_parameter",
    "log_of_positive_sum",
]

#: the largest number of configurations :meth:`LatticeChain.configurations` enumerates
ENUMERATION_LIMIT = 2**22

_BOUNDARIES = ("open", "periodic")
_REAL = "a finite real number or a real SymPy expression"


def check_parameter(name: str, value: Any) -> Any:
    """Return a model parameter exactly: a ``Fraction`` or a SymPy expression.

    Numbers are kept exactly as Fractions by :func:`~mesosym.validation.as_fraction`
    (a float or an mpf as its binary value, a SymPy Rational or Float likewise),
    without importing SymPy, so that energies and their halves stay exact; other
    SymPy expressions pass when they may be real.  Text is refused, never parsed;
    NaN, infinities and non-real numbers are refused.

    Examples
    --------
    >>> check_parameter("coupling", 2), check_parameter("beta", 0.5)
    (Fraction(2, 1), Fraction(1, 2))
    >>> check_parameter("coupling", float("nan"))
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: coupling must be a finite real number or a real SymPy
    expression; got nan
    """
    if isinstance(value, (str, bytes)):
        raise DomainError(f"{name} must be {_REAL}; got the text {value!r} (text is never parsed)")
    if isinstance(value, bool) or value is None:
        raise DomainError(f"{name} must be {_REAL}; got {value!r}")
    if _sympy_basic(value):
        sp = _sp()
        if not isinstance(value, sp.Expr):
            raise DomainError(f"{name} must be {_REAL}; got {value!r}")
        if value.free_symbols:
            if value.is_real is False:
                raise DomainError(f"{name} must be {_REAL}; got the non-real {value}")
            return value
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_finite is False:
            raise DomainError(f"{name} must be {_REAL}; got {value}")
        if value.is_real is False:
            raise DomainError(f"{name} must be {_REAL}; got the non-real {value}")
        if not (value.is_Rational or value.is_Float):
            return value  # pi, sqrt(2): evaluated at the working precision when used
    try:
        return as_fraction(value, name)
    except BudgetError:
        raise
    except MesosymError:
        raise DomainError(f"{name} must be {_REAL}; got {short(value)}") from None


def _shown(value: Any) -> str:
    """A parameter as written in ``repr``: 2, 1/3, or a float's binary value as that float."""
    if isinstance(value, Fraction) and value.denominator > 1024:
        if value.denominator & (value.denominator - 1) == 0 and Fraction(float(value)) == value:
            return repr(float(value))
    return str(value)


def _check_boltzmann_exponent(beta: Any, parameters: Sequence[Any], names: Sequence[str]) -> None:
    """Refuse |beta| sum |parameter| beyond 10^MAX_BOLTZMANN_EXPONENT (exp would not finish)."""
    values = [beta, *parameters]
    if not all(isinstance(v, Fraction) for v in values):
        # numbers such as pi 10^1000000: their size, at a few digits; symbols pass
        measured = [log10_magnitude(v) for v in values]
        sizes = [s for s in measured if s is not None]
        if len(sizes) < len(measured):
            return
        exponent = sizes[0] + max(sizes[1:], default=0.0) + math.log10(max(len(sizes) - 1, 1))
    else:
        scale = abs(beta) * sum((abs(p) for p in parameters), Fraction(0))
        if scale == 0:
            return
        exponent = (scale.numerator.bit_length() - scale.denominator.bit_length()) * 0.30103
    if exponent > MAX_BOLTZMANN_EXPONENT:
        raise BudgetError(
            f"|beta| (|{'| + |'.join(names)}|) is about 1e{exponent:.0f}: its Boltzmann "
            f"factors would not finish; the limit is 1e{MAX_BOLTZMANN_EXPONENT} "
            "(MAX_BOLTZMANN_EXPONENT; change beta or the parameters)"
        )


def _check_sites(sites: Any) -> int:
    try:
        n = as_int("sites", sites)
    except DomainError:
        raise DomainError(f"sites must be a positive integer; got {sites!r}") from None
    if n < 1:
        raise DomainError(f"sites must be a positive integer; got {n}")
    return n


def _check_boundary(boundary: Any) -> str:
    if not isinstance(boundary, str) or boundary not in _BOUNDARIES:
        raise DomainError(f"boundary must be 'open' or 'periodic'; got {boundary!r}")
    return boundary


def _matmul(A: list[list[Any]], B: list[list[Any]]) -> list[list[Any]]:
    n, m, p = len(A), len(B), len(B[0])
    return [[mpmath.fsum(A[i][k] * B[k][j] for k in range(m)) for j in range(p)] for i in range(n)]


def _matpow(
    A: list[list[Any]],
    power: int,
    matmul: Callable[[list[list[Any]], list[list[Any]]], list[list[Any]]] = _matmul,
    identity: list[list[Any]] | None = None,
) -> list[list[Any]]:
    """A**power by repeated squaring (power >= 0).

    ``matmul`` and ``identity`` give the arithmetic (default: mpmath numbers);
    the SymPy and arb-polynomial routes of :mod:`.cells` pass their own.
    """
    if identity is None:
        n = len(A)
        identity = [[mpmath.mpf(int(i == j)) for j in range(n)] for i in range(n)]
    result = identity
    base = A
    while power:
        if power & 1:
            result = matmul(result, base)
        power >>= 1
        if power:
            base = matmul(base, base)
    return result


#: the most digits :func:`log_of_positive_sum` adds to resolve ln Z close to 0
MAX_EXTRA_DIGITS = 10000


def log_of_positive_sum(compute: Callable[[], mpmath.mpf], digits: int) -> mpmath.mpf:
    """Ln of a sum of positive terms, to ``digits`` significant digits of the logarithm.

    ``compute()`` evaluates the sum at the current mpmath precision (all terms
    positive: no cancellation).  ln z loses about -log10|ln z| digits when z is
    close to 1, so the precision is raised until those digits are covered.  A
    sum equal to 1 at :data:`MAX_EXTRA_DIGITS` extra digits gives exactly 0.

    Raises
    ------
    ConvergenceError
        If more than :data:`MAX_EXTRA_DIGITS` extra digits would be needed.

    Examples
    --------
    >>> import mpmath
    >>> value = log_of_positive_sum(lambda: 1 + mpmath.exp(-100), 20)
    >>> mpmath.nstr(value, 20)
    '3.7200759760208359630e-44'
    """
    extra = 15
    while True:
        with mpmath.workdps(digits + extra):
            result = mpmath.log(compute())
        if result == 0:
            # the sum is 1 to this precision: exactly 1, or 1 + (something below it)
            if extra >= MAX_EXTRA_DIGITS:
                return mpmath.mpf(0)
            extra = min(4 * extra, MAX_EXTRA_DIGITS)
            continue
        lost = max(0, int(-mpmath.mag(result) * 0.30103) + 2)
        if lost + 15 <= extra:
            return significant(result, digits)
        if lost + 20 > MAX_EXTRA_DIGITS:
            raise ConvergenceError(
                f"ln Z is about 1e-{lost}: resolving it to {digits} digits needs more than "
                f"{MAX_EXTRA_DIGITS} extra digits"
            )
        extra = lost + 20


class LatticeChain:
    """A one-dimensional chain with nearest-neighbour and one-site energies (immutable).

    Subclasses supply ``states``, ``_bond(a, b)`` and ``_site(a)`` (the bond and
    site energies from the parameters as held: Fractions or SymPy expressions)
    and :meth:`occupation`; everything else is generic.  Public attributes and
    energies are SymPy objects (exact); the numeric routes read the held values
    through :meth:`_energies` and never import SymPy.

    Attributes
    ----------
    sites : int
        Number of sites (>= 1).
    beta : int, Fraction or sympy.Expr
        Inverse temperature, any real value (bounded spectra allow beta <= 0).
    boundary : str
        ``"open"`` or ``"periodic"``.
    particles : int or None
        Fixed number of occupied sites (canonical), or None.
    digits : int
        Significant digits of numeric results.
    """

    states: tuple[int, ...] = ()
    _parameter_names: tuple[str, ...] = ()

    def __init__(
        self,
        sites: Any,
        parameters: Sequence[tuple[str, Any]],
        *,
        beta: Any = 1,
        boundary: Any = "open",
        particles: Any = None,
        digits: Any = 30,
    ) -> None:
        self._sites = _check_sites(sites)
        self._parameters = tuple(check_parameter(name, value) for name, value in parameters)
        self._beta = check_parameter("beta", beta)
        _check_boltzmann_exponent(self._beta, self._parameters, self._parameter_names)
        self._boundary = _check_boundary(boundary)
        if particles is not None:
            try:
                p = as_int("particles", particles)
            except DomainError:
                p = -1
            if p < 0 or p > self._sites:
                raise DomainError(
                    f"particles must be None or an integer in [0, sites] = [0, {self._sites}]; "
                    f"got {particles!r}"
                )
            particles = p
        self._particles: int | None = particles
        self._digits = check_digits(digits)

    # -- attributes ----------------------------------------------------------------
    @property
    def sites(self) -> int:
        """Number of sites."""
        return self._sites

    @property
    def beta(self) -> sp.Expr:
        """Inverse temperature, as an exact SymPy number or expression."""
        return as_sympy(self._beta)

    @property
    def boundary(self) -> str:
        """``"open"`` or ``"periodic"``."""
        return self._boundary

    @property
    def particles(self) -> int | None:
        """Fixed number of occupied sites, or None (grand canonical / free)."""
        return self._particles

    @property
    def digits(self) -> int:
        """Significant digits of numeric results."""
        return self._digits

    @property
    def parameters(self) -> tuple[sp.Expr, ...]:
        """The energy parameters (coupling, field or chemical potential), exact SymPy."""
        return tuple(as_sympy(p) for p in self._parameters)

    @property
    def symbolic(self) -> bool:
        """True when any parameter (or beta) holds a SymPy symbol."""
        return any(
            _sympy_basic(p) and bool(p.free_symbols) for p in (*self._parameters, self._beta)
        )

    @property
    def bonds(self) -> int:
        """Number of bonds: sites - 1 (open) or sites (periodic)."""
        return self._sites - 1 if self._boundary == "open" else self._sites

    def _key(self) -> tuple[Any, ...]:
        return (
            type(self).__name__,
            self._sites,
            self._parameters,
            self._beta,
            self._boundary,
            self._particles,
            self._digits,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LatticeChain) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        args = [str(self._sites)]
        names = zip(self._parameter_names, self._parameters, strict=True)
        args += [f"{n}={_shown(p)}" for n, p in names]
        args.append(f"beta={_shown(self._beta)}")
        args.append(f"boundary={self._boundary!r}")
        if self._particles is not None:
            args.append(f"particles={self._particles}")
        return f"{type(self).__name__}({', '.join(args)})"

    # -- the model -----------------------------------------------------------------
    def bond_energy(self, a: int, b: int) -> sp.Expr:
        """Energy of a bond between neighbouring states ``a`` and ``b`` (exact SymPy)."""
        return as_sympy(self._bond(a, b))

    def site_energy(self, a: int) -> sp.Expr:
        """Energy of one site in state ``a`` (exact SymPy)."""
        return as_sympy(self._site(a))

    def _bond(self, a: int, b: int) -> Any:
        raise NotImplementedError

    def _site(self, a: int) -> Any:
        raise NotImplementedError

    def _energies(self) -> tuple[Any, list[list[Any]], list[Any]]:
        """(beta, bond energies [a][b], site energies [a]) as held: Fractions or SymPy."""
        st = self.states
        return self._beta, [[self._bond(a, b) for b in st] for a in st], [self._site(a) for a in st]

    def occupation(self, a: int) -> int:
        """1 for an occupied site (an up spin, a particle), else 0."""
        raise NotImplementedError

    def _check_configuration(self, configuration: Any) -> tuple[int, ...]:
        try:
            conf = tuple(configuration)
        except TypeError:
            raise DomainError(
                f"configuration must be a sequence of {self._sites} states from {self.states}; "
                f"got {configuration!r}"
            ) from None
        if len(conf) != self._sites or any(
            isinstance(a, bool) or a not in self.states for a in conf
        ):
            raise DomainError(
                f"configuration must be a sequence of {self._sites} states from {self.states}; "
                f"got {configuration!r}"
            )
        return tuple(int(a) for a in conf)

    def bond_pairs(self) -> list[tuple[int, int]]:
        """The bonds as pairs of site indices (0-based), the periodic wrap last."""
        pairs = [(i, i + 1) for i in range(self._sites - 1)]
        if self._boundary == "periodic":
            pairs.append((self._sites - 1, 0))
        return pairs

    def energy(self, configuration: Sequence[int]) -> sp.Expr:
        """H of a configuration (H - mu N for the lattice gas), as a SymPy expression.

        Examples
        --------
        >>> IsingChain(3, 1, field=2).energy((1, 1, -1))
        -2
        """
        return as_sympy(self._energy(self._check_configuration(configuration)))

    def _energy(self, conf: Sequence[int]) -> Any:
        """H of a checked configuration, exact (a number, or SymPy for symbols)."""
        total = sum((self._bond(conf[i], conf[j]) for i, j in self.bond_pairs()), Fraction(0))
        return total + sum((self._site(a) for a in conf), Fraction(0))

    def count_configurations(self) -> int:
        """Number of allowed configurations (respecting ``particles``)."""
        if self._particles is None:
            return len(self.states) ** self._sites
        return math.comb(self._sites, self._particles)

    def _configurations_at_most(self, limit: int) -> bool:
        """Whether there are at most ``limit`` configurations, without the huge count.

        C(sites, N) of a million sites has 300 000 digits and takes seconds; the
        product C(n, k) = prod (n - k + j)/j is stopped once it exceeds ``limit``.
        """
        if self._particles is None:
            return self._sites * math.log2(len(self.states)) <= math.log2(max(limit, 1))
        n, k = self._sites, min(self._particles, self._sites - self._particles)
        count = 1
        for j in range(1, k + 1):
            count = count * (n - k + j) // j
            if count > limit:
                return False
        return count <= limit

    def configurations(self) -> Iterator[tuple[int, ...]]:
        """Iterate over the allowed configurations.

        Raises
        ------
        DomainError
            Beyond :data:`ENUMERATION_LIMIT` (2**22) configurations, with the count.
        """
        count = self.count_configurations()
        if count > ENUMERATION_LIMIT:
            raise DomainError(
                f"sites = {self._sites}: enumeration would visit {count} configurations, more "
                f"than the limit {ENUMERATION_LIMIT} (2**22); use the transfer matrix instead"
            )
        return self._configurations()

    def _configurations(self) -> Iterator[tuple[int, ...]]:
        if self._particles is None:
            yield from itertools.product(self.states, repeat=self._sites)
            return
        occupied = [a for a in self.states if self.occupation(a)]
        empty = [a for a in self.states if not self.occupation(a)]
        for chosen in itertools.combinations(range(self._sites), self._particles):
            pick = set(chosen)
            yield tuple(occupied[0] if i in pick else empty[0] for i in range(self._sites))

    def transfer_matrix(self) -> sp.Matrix:
        """Transfer matrix T[a, b] = exp(-beta (bond(a, b) + (site(a) + site(b))/2)).

        Rows and columns run over ``states`` in order.

        Examples
        --------
        >>> IsingChain(4, 1).transfer_matrix()
        Matrix([
        [  E, exp(-1)],
        [exp(-1),   E]])
        """
        sp = _sp()
        b = self.beta
        return sp.Matrix(
            [
                [
                    sp.exp(
                        -b
                        * (self.bond_energy(s, t) + (self.site_energy(s) + self.site_energy(t)) / 2)
                    )
                    for t in self.states
                ]
                for s in self.states
            ]
        )

    # -- partition function ----------------------------------------------------------
    def log_partition_function(self) -> Any:
        """Return ln Z, computed by the transfer matrix.

        Returns
        -------
        mpmath.mpf or sympy.Expr
            An ``mpf`` accurate to ``digits`` significant digits (relative) when
            every parameter is a number; else a SymPy expression.

        Examples
        --------
        The open zero-field Ising chain: Z = 2 (2 cosh(beta J))^(sites - 1).

        >>> import mpmath
        >>> z = IsingChain(10, 1, beta=0).log_partition_function()
        >>> mpmath.nstr(z, 12), mpmath.nstr(10 * mpmath.log(2), 12)
        ('6.93147180560', '6.93147180560')
        """
        if self._configurations_at_most(1):  # N = 0 or N = sites: ln Z = -beta H exactly
            (only,) = self._configurations()
            log_z = -self._beta * self._energy(only)
            if self.symbolic:
                return _sp().expand(log_z)
            with mpmath.workdps(self._digits):
                return significant(to_mpf(log_z) if log_z != 0 else mpmath.mpf(0), self._digits)
        if self._particles is not None:
            if not self.symbolic:  # the fugacity polynomial (:mod:`.canonical`), no SymPy
                from .canonical import log_canonical_partition_function as by_fugacity

                return by_fugacity(self)
            from .sectors import log_canonical_partition_function

            return log_canonical_partition_function(self)
        if self.symbolic:
            return _sp().log(self._symbolic_partition_function())
        return log_of_positive_sum(self._numeric_partition_function, self._digits)

    def _numeric_partition_function(self) -> mpmath.mpf:
        """Z at the current precision: u^T T^(sites-1) u or tr T^sites."""
        T = self._numeric_transfer_matrix()
        if self._boundary == "periodic":
            P = _matpow(T, self._sites)
            return mpmath.fsum(P[i][i] for i in range(len(P)))
        u = self._numeric_end_vector()
        P = _matpow(T, self._sites - 1)
        return mpmath.fsum(u[i] * P[i][j] * u[j] for i in range(len(u)) for j in range(len(u)))

    def _numeric_transfer_matrix(self) -> list[list[mpmath.mpf]]:
        beta, bond, site = self._energies()
        b, h = to_mpf(beta), [to_mpf(e) for e in site]
        n = len(self.states)
        return [
            [mpmath.exp(-b * (to_mpf(bond[i][j]) + (h[i] + h[j]) / 2)) for j in range(n)]
            for i in range(n)
        ]

    def _numeric_end_vector(self) -> list[mpmath.mpf]:
        beta, _, site = self._energies()
        b = to_mpf(beta)
        return [mpmath.exp(-b * to_mpf(e) / 2) for e in site]

    def end_vector(self) -> sp.Matrix:
        """u_a = exp(-beta site(a)/2): Z = u^T T^(sites-1) u for the open chain."""
        sp = _sp()
        return sp.Matrix([sp.exp(-self.beta * self.site_energy(s) / 2) for s in self.states])

    def _symbolic_partition_function(self) -> sp.Expr:
        """Z in closed form from the eigenvalues of the 2 x 2 transfer matrix.

        With T = [[a, c], [c, d]], lambda_(+-) = (a + d)/2 +- sqrt(((a - d)/2)^2 + c^2);
        Cayley-Hamilton gives
        T^m = (l+^m - l-^m)/(l+ - l-) T - l+ l- (l+^(m-1) - l-^(m-1))/(l+ - l-).
        """
        sp = _sp()
        T = self.transfer_matrix()
        if T.shape != (2, 2):  # pragma: no cover - both models have two states
            raise NotImplementedError("symbolic Z is implemented for two-state chains")
        lp, lm = self.transfer_eigenvalues()
        n = self._sites
        if self._boundary == "periodic":
            return lp**n + lm**n
        u = self.end_vector()
        m = n - 1
        if m == 0:
            return sp.expand((u.T * u)[0, 0])
        uTu = (u.T * T * u)[0, 0]
        uu = (u.T * u)[0, 0]
        a_m = (lp**m - lm**m) / (lp - lm)
        b_m = lp * lm * (lp ** (m - 1) - lm ** (m - 1)) / (lp - lm)
        return a_m * uTu - b_m * uu

    def transfer_eigenvalues(self) -> tuple[sp.Expr, sp.Expr]:
        """(lambda_+, lambda_-) of the 2 x 2 transfer matrix, lambda_+ >= |lambda_-|.

        Examples
        --------
        >>> from mesosym.mesoscopic.symbols import J, beta
        >>> IsingChain(4, J, beta=beta).transfer_eigenvalues()
        (exp(J*beta) + exp(-J*beta), exp(J*beta) - exp(-J*beta))
        """
        sp = _sp()
        T = self.transfer_matrix()
        a, c, d = T[0, 0], T[0, 1], T[1, 1]
        root = sp.sqrt(sp.powsimp(sp.expand((a - d) ** 2 / 4 + c**2)))
        return (a + d) / 2 + root, (a + d) / 2 - root

    # -- coarse graining -------------------------------------------------------------
    def split(self, cells: Any) -> Cells:
        """Split the chain into cells of consecutive sites (see :mod:`mesosym.mesoscopic.cells`)."""
        from .cells import split

        return split(self, cells)

    def log_mesoscopic_partition_function(self, cell_size: Any) -> Any:
        """Return ln Z_mes, the sum over the cells' occupation sectors (see :mod:`.sectors`).

        Parameters
        ----------
        cell_size : int or sequence of int
            b: cells of b consecutive sites (b divides ``sites``); or the sizes of
            consecutive cells, summing to ``sites``.

        Returns
        -------
        mpmath.mpf or sympy.Expr
            ``digits`` significant digits for numeric parameters; an exact sum
            of exponentials for symbolic ones.

        Examples
        --------
        Two Ising spins in one cell (J = 1, beta = 1): the sector with one up
        spin holds +- and -+, both with H = 1, so Hbar = 1 there and Z_mes = Z
        = 2 e + 2/e; with three spins in one cell Jensen makes Z_mes smaller.

        >>> import mpmath
        >>> two = IsingChain(2, 1)
        >>> two.log_mesoscopic_partition_function(2) == two.log_partition_function()
        True
        >>> three = IsingChain(3, 1)
        >>> three.log_mesoscopic_partition_function([3]) < three.log_partition_function()
        True
        """
        from .sectors import log_mesoscopic_partition_function

        return log_mesoscopic_partition_function(self, cell_size)

    def subdivision_potential(self) -> Any:
        """Hill's subdivision potential beta*E_sub = lim -(ln Z_n - n ln lambda_+), n -> oo.

        For the open chain, Z_n = u^T T^(n-1) u = sum_k (u . phi_k)^2 lambda_k^(n-1)
        with orthonormal eigenvectors phi_k of the symmetric transfer matrix, so
        ln Z_n = n ln lambda_+ + ln((u . phi_+)^2 / lambda_+) + O((lambda_-/lambda_+)^n)
        and the limit is ln lambda_+ - ln (u . phi_+)^2.  With T = [[a, c], [c, d]],
        phi_+ is proportional to (c, lambda_+ - a).  For the periodic chain
        Z_n = lambda_+^n + lambda_-^n and the limit is 0.  The value does not depend
        on ``sites``.

        Returns
        -------
        mpmath.mpf or sympy.Expr
            ``digits`` significant digits for numeric parameters (no cancellation:
            lambda_+ - a is evaluated as c^2/((a - d)/2 + r) when a > d); else a
            closed form.

        Raises
        ------
        DomainError
            For the canonical gas (``particles`` fixed): there is no single
            transfer-matrix eigenvalue to subtract.

        Examples
        --------
        Zero-field Ising: Z_n = 2 (2 cosh K)^(n-1), so the limit is ln cosh K.

        >>> import mpmath
        >>> mpmath.nstr(IsingChain(5, 1).subdivision_potential(), 15)
        '0.433780830483027'
        >>> mpmath.nstr(mpmath.log(mpmath.cosh(1)), 15)
        '0.433780830483027'
        """
        if self._particles is not None:
            raise DomainError(
                "subdivision_potential needs particles=None (grand canonical); "
                f"got particles={self._particles}"
            )
        if self._boundary == "periodic":
            return _sp().Integer(0) if self.symbolic else mpmath.mpf(0)
        if self.symbolic:
            sp = _sp()
            T = self.transfer_matrix()
            a, c, d = T[0, 0], T[0, 1], T[1, 1]
            u = self.end_vector()
            lp, _ = self.transfer_eigenvalues()
            gap = sp.powsimp(sp.expand(lp - a))
            overlap = (u[0] * c + u[1] * gap) ** 2 / (c**2 + gap**2)
            return sp.log(lp) - sp.log(sp.powsimp(sp.simplify(overlap)))
        extra = 15
        while True:
            with mpmath.workdps(self._digits + extra):
                T = self._numeric_transfer_matrix()
                u = self._numeric_end_vector()
                a, c, d = T[0][0], T[0][1], T[1][1]
                half = (a - d) / 2
                r = mpmath.sqrt(half**2 + c**2)
                lp = (a + d) / 2 + r
                gap = c**2 / (half + r) if half > 0 else r - half
                overlap = (u[0] * c + u[1] * gap) ** 2 / (c**2 + gap**2)
                first, second = mpmath.log(lp), mpmath.log(overlap)
                result = first - second
                scale = max(abs(first), abs(second))
            # the difference cancels log10(scale/|result|) digits (ln cosh K ~ K^2/2 at small K)
            if result == 0 or scale == 0:
                lost = 0 if extra > 15 or scale == 0 else 60
            else:
                lost = max(0, int((mpmath.mag(scale) - mpmath.mag(result)) * 0.30103) + 2)
            if lost + 15 <= extra or extra >= MAX_EXTRA_DIGITS:
                return significant(result, self._digits)
            extra = min(lost + 20, MAX_EXTRA_DIGITS)


class IsingChain(LatticeChain):
    """The Ising chain H = -J sum s_i s_(i+1) - h sum s_i, s = +1 or -1.

    Parameters
    ----------
    sites : int
        Number of spins (>= 1).
    coupling : number or sympy.Expr
        J (ferromagnetic for J > 0).
    field : number or sympy.Expr
        h.
    beta : number or sympy.Expr
        Inverse temperature, any real value.
    boundary : {"open", "periodic"}
        Free ends or a ring.
    digits : int
        Significant digits of numeric results (default 30).

    Examples
    --------
    >>> IsingChain(3, 1).energy((1, 1, 1))
    -2
    >>> IsingChain(3, 1, boundary="periodic").energy((1, 1, 1))
    -3
    """

    states = (1, -1)
    _parameter_names = ("coupling", "field")

    def __init__(
        self,
        sites: Any,
        coupling: Any,
        field: Any = 0,
        beta: Any = 1,
        boundary: Any = "open",
        digits: Any = 30,
    ) -> None:
        super().__init__(
            sites,
            (("coupling", coupling), ("field", field)),
            beta=beta,
            boundary=boundary,
            digits=digits,
        )

    @property
    def coupling(self) -> sp.Expr:
        """The coupling J."""
        return as_sympy(self._parameters[0])

    @property
    def field(self) -> sp.Expr:
        """The field h."""
        return as_sympy(self._parameters[1])

    def _bond(self, a: int, b: int) -> Any:
        """-J a b."""
        return -self._parameters[0] * a * b

    def _site(self, a: int) -> Any:
        """-h a."""
        return -self._parameters[1] * a

    def occupation(self, a: int) -> int:
        """1 for an up spin, 0 for a down spin."""
        return 1 if a == 1 else 0


class LatticeGas(LatticeChain):
    """The lattice gas H - mu N = -eps sum n_i n_(i+1) - mu sum n_i, n = 0 or 1.

    Parameters
    ----------
    sites : int
        Number of sites (>= 1).
    coupling : number or sympy.Expr
        eps (attraction for eps > 0).
    chemical_potential : number or sympy.Expr
        mu.
    beta : number or sympy.Expr
        Inverse temperature, any real value.
    boundary : {"open", "periodic"}
        Free ends or a ring.
    particles : int or None
        None: grand canonical; an integer N in [0, sites]: canonical (the sums
        run over configurations with N particles and keep the factor
        exp(beta mu N)).
    digits : int
        Significant digits of numeric results (default 30).

    Examples
    --------
    >>> LatticeGas(4, 1, chemical_potential=0).energy((1, 1, 0, 1))
    -1
    """

    states = (0, 1)
    _parameter_names = ("coupling", "chemical_potential")

    def __init__(
        self,
        sites: Any,
        coupling: Any,
        chemical_potential: Any = 0,
        beta: Any = 1,
        boundary: Any = "open",
        particles: Any = None,
        digits: Any = 30,
    ) -> None:
        super().__init__(
            sites,
            (("coupling", coupling), ("chemical_potential", chemical_potential)),
            beta=beta,
            boundary=boundary,
            particles=particles,
            digits=digits,
        )

    @property
    def coupling(self) -> sp.Expr:
        """The coupling eps."""
        return as_sympy(self._parameters[0])

    @property
    def chemical_potential(self) -> sp.Expr:
        """The chemical potential mu."""
        return as_sympy(self._parameters[1])

    def _bond(self, a: int, b: int) -> Any:
        """-eps a b."""
        return -self._parameters[0] * a * b

    def _site(self, a: int) -> Any:
        """-mu a."""
        return -self._parameters[1] * a

    def occupation(self, a: int) -> int:
        """1 for a particle, 0 for a hole."""
        return int(a)
