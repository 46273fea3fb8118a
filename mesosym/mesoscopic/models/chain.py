"""The chain protocol of part B: a lattice model is its local states and their weights.

A :class:`LatticeChain` is a one-dimensional chain of ``sites`` sites, each in
one of ``states``, with nearest-neighbour bond energies and one-site energies,

    H(s) = sum_bonds bond_energy(s_i, s_(i+1)) + sum_i site_energy(s_i).

A model supplies four things, and everything else (the transfer matrix, ln Z,
the cells of :mod:`..cells`, the sectors and Z_mes of :mod:`..sectors`, the
canonical ensemble of :mod:`..canonical`) is written once against them:

* ``states``: the local states (any hashable values; a strip's column is a tuple);
* ``_bond(a, b)`` and ``_site(a)``: the energies, linear in the parameters and
  computed from them as held (Fractions or SymPy expressions);
* ``occupation(a)``: a non-negative integer, the number of occupied sites (up
  spins, particles) of a state, which defines the sectors and the particle number.

Any number of states and any transfer-matrix size: the Ising chain and the
lattice gas (:mod:`.ising`, :mod:`.lattice_gas`), the Potts chain (:mod:`.potts`),
the Ising strip whose states are columns (:mod:`.strip`).

The open chain has the ``sites - 1`` bonds (i, i+1); the periodic chain has the
``sites`` bonds (i, i+1 mod sites), so that Z = tr T^sites for every size (a
periodic chain of two sites carries its bond twice, one site a self-bond).
``particles=None`` is the grand canonical ensemble; an integer N restricts the
sums to configurations whose occupations add up to N (the canonical ensemble).

The partition function is computed by the transfer matrix
T[a, b] = exp(-beta (bond(a, b) + (site(a) + site(b))/2)): Z = u^T T^(sites-1) u
with u_a = exp(-beta site(a)/2) (open) or Z = tr T^sites (periodic); the
canonical chain extracts the coefficient of z^N with a fugacity z (numbers:
ball-arithmetic polynomials of :mod:`mesosym.mesoscopic.canonical`, about
4e-8 min(sites, N)^2 s; symbols: the exact sector sum of :mod:`..sectors`).
Numbers give ``mpmath.mpf`` at ``digits`` significant digits; SymPy symbols give SymPy
expressions.  Numeric parameters are held exactly (``int`` or ``Fraction``; a
float is its exact binary value) and SymPy is imported only when a symbol or a
SymPy object is given, or a symbolic method is called, so that numeric work
starts without it.

Examples
--------
Two Ising spins with J = 1, beta = 1: Z = 2 e + 2/e = 4 cosh 1.

>>> import mpmath
>>> from mesosym.mesoscopic import IsingChain
>>> chain = IsingChain(2, 1)
>>> mpmath.nstr(chain.log_partition_function(), 15)
'1.82007519160292'
>>> mpmath.nstr(mpmath.log(4 * mpmath.cosh(1)), 15)
'1.82007519160292'
"""

from __future__ import annotations

import functools
import inspect
import itertools
import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

import mpmath

from ...budget import (
    ENUMERATION_LIMIT,
    MAX_BOLTZMANN_EXPONENT,
    SECTOR_OPERATIONS,
    require_count,
    short,
)
from ...errors import BudgetError, DomainError, MesosymError
from ...validation import (
    _sp,
    _sympy_basic,
    as_fraction,
    as_sympy,
    check_count,
    check_digits,
    log10_magnitude,
)
from ..arithmetic import FLOAT64, FLOAT64_DIGITS, MPMATH, Context, rounded, to_mpf
from ..transfer import identity, leading_eigenpair, log_of_positive_sum, matpow

if TYPE_CHECKING:  # pragma: no cover
    import sympy as sp

    from ..cells import Cells

    #: an exact value as the models return it: a SymPy expression
    Exact: TypeAlias = sp.Expr
else:
    Exact = Any

__all__ = [
    "LatticeChain",
    "ENUMERATION_LIMIT",
    "check_parameter",
    "count_with_occupation",
    "Exact",
]

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
        raise DomainError(
            f"{name} must be {_REAL}; got the text {short(value)} (text is never parsed)"
        )
    if isinstance(value, bool) or value is None:
        raise DomainError(f"{name} must be {_REAL}; got {short(value)}")
    if _sympy_basic(value):
        sp = _sp()
        if not isinstance(value, sp.Expr):
            raise DomainError(f"{name} must be {_REAL}; got {short(value)}")
        if value.free_symbols:
            if value.is_real is False:
                raise DomainError(f"{name} must be {_REAL}; got the non-real {value}")
            return value
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_finite is False:
            raise DomainError(f"{name} must be {_REAL}; got {short(value)}")
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
    return check_count("sites", sites, minimum=1, allowed="a positive integer")


def _check_boundary(boundary: Any) -> str:
    if not isinstance(boundary, str) or boundary not in _BOUNDARIES:
        raise DomainError(f"boundary must be 'open' or 'periodic'; got {short(boundary)}")
    return boundary


#: the most guard digits :meth:`LatticeChain.subdivision_potential` adds against cancellation
MAX_SUBDIVISION_DIGITS = 2000


def count_with_occupation(occupations: Sequence[int], sites: int, total: int) -> int:
    """Configurations of ``sites`` sites whose occupations add up to ``total``.

    The coefficient of z^total of (sum_a z^occupation(a))^sites, exactly; for two
    states of occupations 0 and 1 it is C(sites, total).

    >>> count_with_occupation((0, 1), 5, 2), count_with_occupation((0, 1, 1, 2), 2, 2)
    (10, 6)
    """
    if set(occupations) <= {0, 1} and sorted(occupations) == [0, 1]:
        return math.comb(sites, total) if 0 <= total <= sites else 0
    step: dict[int, int] = {}
    for o in occupations:
        step[o] = step.get(o, 0) + 1
    work = sites * max(total + 1, 1) * len(step)  # multiply-adds of the polynomial powering
    require_count(
        f"a count over {short(sites)} sites", work, SECTOR_OPERATIONS, "SECTOR_OPERATIONS", "sites"
    )
    poly = {0: 1}
    for _ in range(sites):
        new: dict[int, int] = {}
        for k, c in poly.items():
            for o, m in step.items():
                if k + o <= total:
                    new[k + o] = new.get(k + o, 0) + c * m
        poly = new
    return poly.get(total, 0)


def _parameter_property(k: int, name: str, letter: str) -> property:
    """The read-only property of the k-th parameter, exact SymPy: "The coupling J."."""

    def get(self: LatticeChain) -> Any:
        return as_sympy(self._parameters[k])

    return property(get, doc=f"The {name.replace('_', ' ')} {letter}.")


def _spec_init(cls: type[LatticeChain]) -> Any:
    """The constructor of a model from its spec, its signature explicit (``help``, ``inspect``)."""
    defaults = dict(cls._defaults)
    P = inspect.Parameter
    params = [P("self", P.POSITIONAL_OR_KEYWORD), P("sites", P.POSITIONAL_OR_KEYWORD)]
    params += [
        P(n, P.POSITIONAL_OR_KEYWORD, default=defaults.get(n, P.empty))
        for n in cls._parameter_names
    ]
    params += [
        P("beta", P.POSITIONAL_OR_KEYWORD, default=1),
        P("boundary", P.POSITIONAL_OR_KEYWORD, default="open"),
    ]
    if cls._takes_particles:
        params.append(P("particles", P.POSITIONAL_OR_KEYWORD, default=None))
    params.append(P("digits", P.POSITIONAL_OR_KEYWORD, default=30))
    signature = inspect.Signature(params)

    def __init__(self: LatticeChain, *args: Any, **kwargs: Any) -> None:
        given = signature.bind(self, *args, **kwargs)
        given.apply_defaults()
        a = given.arguments
        LatticeChain.__init__(
            self,
            a["sites"],
            tuple((n, a[n]) for n in cls._parameter_names),
            beta=a["beta"],
            boundary=a["boundary"],
            particles=a.get("particles"),
            digits=a["digits"],
        )

    __init__.__signature__ = signature  # type: ignore[attr-defined]
    __init__.__doc__ = f"Make the {cls._title}; the parameters are documented on the class."
    __init__.__qualname__ = f"{cls.__name__}.__init__"
    return __init__


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

    states: tuple[Any, ...] = ()
    #: the declarative spec of a model: its energy parameters in order, the defaults of
    #: the trailing ones, and whether it takes ``particles`` (the canonical ensemble).
    #: From these :meth:`__init_subclass__` makes the constructor ``(sites, *parameters,
    #: beta=1, boundary="open", [particles=None,] digits=30)`` (unless the model writes its
    #: own) and one read-only property per parameter, documented by its letter.
    _parameter_names: tuple[str, ...] = ()
    _defaults: tuple[tuple[str, Any], ...] = ()
    _takes_particles = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        texts = [text for text, _ in cls._letters] or list(cls._parameter_names)
        for k, name in enumerate(cls._parameter_names):
            if name not in cls.__dict__:
                setattr(cls, name, _parameter_property(k, name, texts[k]))
        if "__init__" not in cls.__dict__ and cls._parameter_names:
            cls.__init__ = _spec_init(cls)  # type: ignore[method-assign]

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
            allowed = f"None or an integer in [0, sites] = [0, {self._sites}]"
            particles = check_count(
                "particles", particles, minimum=0, maximum=self._sites, allowed=allowed
            )
        self._particles: int | None = particles
        self._float64 = digits is None
        self._digits = FLOAT64_DIGITS if digits is None else check_digits(digits)

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
        """Significant digits of the numeric routes (17 for ``digits=None``, float64)."""
        return self._digits

    @property
    def float64(self) -> bool:
        """True for ``digits=None``: numeric results are Python floats.

        The transfer routes run in the float64 context
        (:data:`~mesosym.mesoscopic.arithmetic.FLOAT64`: weights held by their logarithms,
        log-sum-exp products, nothing overflows): ln Z, ln Z_mes and ln Z_i to an absolute
        error below 1e-13 max(1, (sites + 1) C), C = Lambda + ln s with Lambda the largest
        |exponent| of T and u (:func:`~mesosym.mesoscopic.arithmetic.float64_log_error`;
        relative to |ln Z| unless ln Z nearly cancels); the cells' information measures,
        beta<W> and the residual of K cells below 1e-13 (K + 1) max(1, (sites + 1) C); the
        subdivision potential below 1e-13 max(1, |c|, |d|)/g (c, d the largest exponents
        of T and u, g the relative spectral gap).  The canonical chain (``particles`` set)
        runs in float64 fugacity polynomials (bounds of
        :meth:`~mesosym.mesoscopic.canonical.CanonicalTransfer.float64_errors`; balls at
        :data:`~mesosym.mesoscopic.arithmetic.FLOAT64_DIGITS` digits below 48 particles);
        the enumerated routes run at FLOAT64_DIGITS digits of mpmath and round to a float.
        """
        return self._float64

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

    def _shape(self) -> tuple[tuple[str, Any], ...]:
        """Arguments beyond the sites that fix the states (a Potts chain's q, a strip's width)."""
        return ()

    def _key(self) -> tuple[Any, ...]:
        return (
            type(self).__name__,
            self._sites,
            self._shape(),
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
        args += [f"{n}={v!r}" for n, v in self._shape()]
        names = zip(self._parameter_names, self._parameters, strict=True)
        args += [f"{n}={_shown(p)}" for n, p in names]
        args.append(f"beta={_shown(self._beta)}")
        args.append(f"boundary={self._boundary!r}")
        if self._particles is not None:
            args.append(f"particles={self._particles}")
        return f"{type(self).__name__}({', '.join(args)})"

    #: what a reader calls the model, its Hamiltonian in LaTeX and its parameters' letters
    _title = "lattice chain"
    _hamiltonian = ""
    _letters: tuple[tuple[str, str], ...] = ()

    def _letter_pairs(self) -> tuple[tuple[str, str], ...]:
        """The parameters' letters in text and LaTeX (their names where none are given)."""
        return self._letters or tuple((name, name) for name in self._parameter_names)

    def parameter_text(self) -> str:
        """The parameters as given, without SymPy: ``J = 1, h = 1/10, beta = 1``."""
        words = [
            f"{text} = {_shown(value)}"
            for (text, _), value in zip(self._letter_pairs(), self._parameters, strict=True)
        ]
        return ", ".join([*words, f"beta = {_shown(self._beta)}"])

    def __str__(self) -> str:
        """The model in words: ``Ising chain, 12 sites, J = 1, h = 1/10, beta = 1, open ends``."""
        words = [f"{self._title}, {self._sites} sites", self.parameter_text()]
        words.append("open ends" if self._boundary == "open" else "ring")
        if self._particles is not None:
            words.append(f"{self._particles} particles (canonical)")
        return ", ".join(words)

    def _repr_latex_(self) -> str:
        """A notebook's view: the Hamiltonian, then the parameters, size and boundary."""
        sympy = _sp()  # SymPy only when a notebook asks

        def tex(value: Any) -> str:
            return str(sympy.latex(sympy.sympify(value)))

        values = [
            f"{letter} = {tex(value)}"
            for (_, letter), value in zip(self._letter_pairs(), self._parameters, strict=True)
        ]
        values.append(rf"\beta = {tex(self._beta)}")
        ends = "open ends" if self._boundary == "open" else "ring"
        where = rf"{self._sites} \text{{ sites, {ends}}}"
        if self._particles is not None:
            where += rf"\text{{, }} {self._particles} \text{{ particles}}"
        return rf"$\displaystyle {self._hamiltonian}, \quad {', '.join(values)}, \quad {where}$"

    # -- the model -----------------------------------------------------------------
    def bond_energy(self, a: Any, b: Any) -> sp.Expr:
        """Energy of a bond between neighbouring states ``a`` and ``b`` (exact SymPy)."""
        return as_sympy(self._bond(self._check_state("a", a), self._check_state("b", b)))

    def site_energy(self, a: Any) -> sp.Expr:
        """Energy of one site in state ``a`` (exact SymPy)."""
        return as_sympy(self._site(self._check_state("a", a)))

    def _check_state(self, name: str, a: Any) -> Any:
        """A local state of the model, else a DomainError naming the states."""
        if isinstance(a, bool) or not self._is_state(a):
            shown = self.states if len(self.states) <= 8 else f"{self.states[:8]}..."
            raise DomainError(
                f"{name} must be a state of the {self._title}, one of {shown}; got {short(a)}"
            )
        return self.states[self.states.index(a)]

    def _bond(self, a: Any, b: Any) -> Any:
        raise NotImplementedError

    def _site(self, a: Any) -> Any:
        raise NotImplementedError

    def _energies(self) -> tuple[Any, list[list[Any]], list[Any]]:
        """(beta, bond energies [a][b], site energies [a]) as held: Fractions or SymPy."""
        st = self.states
        return self._beta, [[self._bond(a, b) for b in st] for a in st], [self._site(a) for a in st]

    def occupation(self, a: Any) -> int:
        """1 for an occupied site (an up spin, a particle), else 0."""
        raise NotImplementedError

    def _check_configuration(self, configuration: Any) -> tuple[int, ...]:
        try:
            conf = tuple(configuration)
        except TypeError:
            raise DomainError(
                f"configuration must be a sequence of {self._sites} states from {self.states}; "
                f"got {short(configuration)}"
            ) from None
        if len(conf) != self._sites or any(
            isinstance(a, bool) or not self._is_state(a) for a in conf
        ):
            raise DomainError(
                f"configuration must be a sequence of {self._sites} states from {self.states}; "
                f"got {short(configuration)}"
            )
        return tuple(self.states[self.states.index(a)] for a in conf)

    def _is_state(self, a: Any) -> bool:
        try:
            return bool(a in self.states)
        except (TypeError, ValueError):  # an unhashable, incomparable or array value
            return False

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
        >>> from mesosym.mesoscopic import IsingChain
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
        return count_with_occupation(self._occupations(), self._sites, self._particles)

    def _occupations(self) -> tuple[int, ...]:
        """occupation(a) for each state, in the order of ``states``."""
        return tuple(self.occupation(a) for a in self.states)

    def _configurations_at_most(self, limit: int) -> bool:
        """Whether there are at most ``limit`` configurations, without the huge count.

        C(sites, N) of a million sites has 300 000 digits and takes seconds; the
        product C(n, k) = prod (n - k + j)/j is stopped once it exceeds ``limit``.
        """
        if self._particles is None:
            return self._sites * math.log2(len(self.states)) <= math.log2(max(limit, 1))
        if sorted(self._occupations()) != [0, 1]:
            if self._sites * math.log2(len(self.states)) <= 64:
                return self.count_configurations() <= limit
            return False  # more than 2^64 configurations in all: count only a few sectors
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
        BudgetError
            Beyond :data:`~mesosym.budget.ENUMERATION_LIMIT` (2**22) configurations.
        """
        if not self._configurations_at_most(ENUMERATION_LIMIT):
            require_count(
                f"sites = {self._sites}: enumerating the configurations (2**22 at most)",
                self.count_configurations() if self._sites <= 200 else 2**200,
                ENUMERATION_LIMIT,
                "ENUMERATION_LIMIT",
                "sites, or use the transfer matrix instead",
            )
        return self._configurations()

    def _configurations(self) -> Iterator[tuple[int, ...]]:
        if self._particles is None:
            yield from itertools.product(self.states, repeat=self._sites)
            return
        occ = self._occupations()
        if sorted(occ) == [0, 1]:  # two states: choose the occupied sites
            full, empty = self.states[occ.index(1)], self.states[occ.index(0)]
            for chosen in itertools.combinations(range(self._sites), self._particles):
                pick = set(chosen)
                yield tuple(full if i in pick else empty for i in range(self._sites))
            return
        weight = dict(zip(self.states, occ, strict=True))
        for conf in itertools.product(self.states, repeat=self._sites):
            if sum(weight[a] for a in conf) == self._particles:
                yield conf

    def transfer_matrix(self) -> sp.Matrix:
        """Transfer matrix T[a, b] = exp(-beta (bond(a, b) + (site(a) + site(b))/2)).

        Rows and columns run over ``states`` in order.

        Examples
        --------
        >>> from mesosym.mesoscopic import IsingChain
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

        >>> from mesosym.mesoscopic import IsingChain
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
                return rounded(to_mpf(log_z) if log_z != 0 else mpmath.mpf(0), self)
        if self._particles is not None:
            if not self.symbolic:  # the fugacity polynomial (:mod:`.canonical`), no SymPy
                from ..canonical import log_canonical_partition_function as by_fugacity

                return rounded(by_fugacity(self), self)
            from ..sectors import log_canonical_partition_function

            return log_canonical_partition_function(self)
        if self.symbolic:
            return _sp().log(self._symbolic_partition_function())
        if self._float64:
            return FLOAT64.log(self._partition_function(FLOAT64))
        compute = functools.partial(self._partition_function, MPMATH)
        return rounded(log_of_positive_sum(compute, self._digits), self)

    def _partition_function(self, ctx: Context) -> Any:
        """Z in the arithmetic ``ctx``: u^T T^(sites-1) u (open) or tr T^sites (periodic)."""
        T = self._transfer_numbers(ctx)
        if self._boundary == "periodic":
            P = ctx.matpow(T, self._sites)
            return ctx.fsum(P[i][i] for i in range(len(P)))
        u = self._end_numbers(ctx)
        P = ctx.matpow(T, self._sites - 1)
        s = range(len(u))
        return ctx.fsum(u[i] * P[i][j] * u[j] for i in s for j in s)

    def _transfer_numbers(self, ctx: Context) -> list[list[Any]]:
        """T[a][b] = exp(-beta (bond(a, b) + (site(a) + site(b))/2)) in ``ctx``, exponents exact."""
        beta, bond, site = self._energies()
        n = range(len(self.states))
        return [
            [ctx.exp(-ctx.number(beta * (bond[i][j] + (site[i] + site[j]) / 2))) for j in n]
            for i in n
        ]

    def _end_numbers(self, ctx: Context) -> list[Any]:
        """u_a = exp(-beta site(a)/2) in ``ctx``."""
        beta, _, site = self._energies()
        return [ctx.exp(-ctx.number(beta * e / 2)) for e in site]

    def end_vector(self) -> sp.Matrix:
        """u_a = exp(-beta site(a)/2): Z = u^T T^(sites-1) u for the open chain."""
        sp = _sp()
        return sp.Matrix([sp.exp(-self.beta * self.site_energy(s) / 2) for s in self.states])

    def _symbolic_partition_function(self) -> sp.Expr:
        """Z in closed form: by the eigenvalues for two states, else by exact matrix powers.

        With T = [[a, c], [c, d]], lambda_(+-) = (a + d)/2 +- sqrt(((a - d)/2)^2 + c^2);
        Cayley-Hamilton gives
        T^m = (l+^m - l-^m)/(l+ - l-) T - l+ l- (l+^(m-1) - l-^(m-1))/(l+ - l-).
        With more states, T^m by repeated squaring of expanded SymPy matrices.
        """
        sp = _sp()
        T = self.transfer_matrix()
        n = self._sites
        if T.shape != (2, 2):
            rows = T.tolist()
            one, zero = sp.Integer(1), sp.Integer(0)

            def product(A: list[list[Any]], B: list[list[Any]]) -> list[list[Any]]:
                out = (sp.Matrix(A) * sp.Matrix(B)).tolist()
                return [[sp.expand(v) for v in row] for row in out]

            unit = identity(len(rows), one, zero)
            if self._boundary == "periodic":
                P = matpow(rows, n, product, unit)
                return sp.Add(*(P[i][i] for i in range(len(rows))))
            u = self.end_vector()
            P = sp.Matrix(matpow(rows, n - 1, product, unit))
            return sp.expand((u.T * P * u)[0, 0])
        lp, lm = self.transfer_eigenvalues()
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

    def transfer_eigenvalues(self) -> tuple[Any, ...]:
        """The eigenvalues of the transfer matrix, the largest first.

        Two states: the closed forms (lambda_+, lambda_-), lambda_+ >= |lambda_-|,
        SymPy expressions.  More states: with symbols, the model's closed forms where its
        symmetry gives them (the Potts chain: e^K + q - 1 and e^K - 1, q - 1 times), else
        a DomainError saying why; with numbers, ``mpmath.mpf`` at ``digits`` (the
        symmetric eigenvalue solver at ``digits + 15``), descending.

        Examples
        --------
        >>> from mesosym.mesoscopic import IsingChain
        >>> from mesosym.mesoscopic.symbols import J, beta
        >>> IsingChain(4, J, beta=beta).transfer_eigenvalues()
        (exp(J_nn*beta) + exp(-J_nn*beta), exp(J_nn*beta) - exp(-J_nn*beta))
        """
        if len(self.states) != 2:
            if self.symbolic:
                return self._closed_eigenpair()[0]
            with mpmath.workdps(self._digits + 15):
                values = mpmath.eigsy(mpmath.matrix(self._transfer_numbers(MPMATH)))[0]
                ordered = sorted((values[i] for i in range(len(self.states))), reverse=True)
            return tuple(rounded(v, self) for v in ordered)
        sp = _sp()
        T = self.transfer_matrix()
        a, c, d = T[0, 0], T[0, 1], T[1, 1]
        root = sp.sqrt(sp.powsimp(sp.expand((a - d) ** 2 / 4 + c**2)))
        return (a + d) / 2 + root, (a + d) / 2 - root

    def _closed_eigenpair(self) -> tuple[tuple[Any, ...], list[Any]]:
        """(eigenvalues largest first, with multiplicity; a leading eigenvector), closed forms.

        A model with more than two states gives them where its symmetry does (the Potts
        chain); the general characteristic polynomial of degree > 4 has no solution in
        radicals, so the others are refused.
        """
        s = len(self.states)
        raise DomainError(
            f"the transfer eigenvalues of the {self._title} ({s} states) with symbolic "
            f"parameters: no closed form is known here (its characteristic polynomial has "
            f"degree {s}"
            + ("; beyond degree 4 there is no general solution in radicals" if s > 4 else "")
            + "); substitute numbers for the parameters"
        )

    # -- coarse graining -------------------------------------------------------------
    def split(self, cells: Any) -> Cells:
        """Split the chain into cells of consecutive sites (see :mod:`mesosym.mesoscopic.cells`)."""
        from ..cells import split

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

        >>> from mesosym.mesoscopic import IsingChain
        >>> import mpmath
        >>> two = IsingChain(2, 1)
        >>> two.log_mesoscopic_partition_function(2) == two.log_partition_function()
        True
        >>> three = IsingChain(3, 1)
        >>> three.log_mesoscopic_partition_function([3]) < three.log_partition_function()
        True
        """
        from ..sectors import log_mesoscopic_partition_function

        return log_mesoscopic_partition_function(self, cell_size)

    def subdivision_potential(self) -> Any:
        """Hill's subdivision potential beta*E_sub = lim -(ln Z_n - n ln lambda_+), n -> oo.

        For the open chain, Z_n = u^T T^(n-1) u = sum_k (u . phi_k)^2 lambda_k^(n-1)
        with orthonormal eigenvectors phi_k of the symmetric transfer matrix, so
        ln Z_n = n ln lambda_+ + ln((u . phi_+)^2 / lambda_+) + O((lambda_-/lambda_+)^n)
        and the limit is ln lambda_+ - ln (u . phi_+)^2, for a transfer matrix of any
        size (the leading eigenpair of :func:`~mesosym.mesoscopic.transfer.leading_eigenpair`).
        For the periodic chain Z_n = sum_k lambda_k^n and the limit is 0.  The value
        does not depend on ``sites``.

        Returns
        -------
        mpmath.mpf or sympy.Expr
            ``digits`` significant digits for numeric parameters (the working
            precision is raised by the digits the difference cancels); a closed form
            for symbols (two states: phi_+ is proportional to (c, lambda_+ - a) with
            T = [[a, c], [c, d]]).

        Raises
        ------
        DomainError
            For the canonical gas (``particles`` fixed): there is no single
            transfer-matrix eigenvalue to subtract; for symbols with more than two states
            where the model gives no closed eigenpair.

        Examples
        --------
        Zero-field Ising: Z_n = 2 (2 cosh K)^(n-1), so the limit is ln cosh K.

        >>> import mpmath
        >>> from mesosym.mesoscopic import IsingChain
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
        if self.symbolic and len(self.states) != 2:
            sp = _sp()
            values, phi = self._closed_eigenpair()
            u = self.end_vector()
            overlap = sum((u[k] * phi[k] for k in range(len(phi))), sp.Integer(0)) ** 2
            norm = sum((p**2 for p in phi), sp.Integer(0))
            return sp.log(values[0]) - sp.log(sp.simplify(overlap / norm))
        if self.symbolic:
            sp = _sp()
            T = self.transfer_matrix()
            a, c = T[0, 0], T[0, 1]
            u = self.end_vector()
            lp, _ = self.transfer_eigenvalues()
            gap = sp.powsimp(sp.expand(lp - a))
            overlap = (u[0] * c + u[1] * gap) ** 2 / (c**2 + gap**2)
            return sp.log(lp) - sp.log(sp.powsimp(sp.simplify(overlap)))
        if self._float64:
            return self._float64_subdivision_potential()
        extra = 15
        while True:
            with mpmath.workdps(self._digits + extra):
                lam, phi = leading_eigenpair(self._transfer_numbers(MPMATH))
                u = self._end_numbers(MPMATH)
                overlap = mpmath.fsum(x * y for x, y in zip(u, phi, strict=True)) ** 2
                first, second = mpmath.log(lam), mpmath.log(overlap)
                result = first - second
                scale = max(abs(first), abs(second))
            # the difference cancels log10(scale/|result|) digits (ln cosh K ~ K^2/2 at small K)
            if result == 0 or scale == 0:
                lost = 0 if extra > 15 or scale == 0 else 60
            else:
                lost = max(0, int((mpmath.mag(scale) - mpmath.mag(result)) * 0.30103) + 2)
            if lost + 15 <= extra or extra >= MAX_SUBDIVISION_DIGITS:
                return rounded(result, self)
            extra = min(lost + 20, MAX_SUBDIVISION_DIGITS)

    def _float64_subdivision_potential(self) -> float:
        """Ln lambda_+ - ln (u . phi_+)^2 in float64 (numpy ``eigh`` of the scaled matrix).

        T and u are scaled by their largest entries e^c and e^d (nothing overflows),
        so the value is c - 2 d + ln lambda'_+ - 2 ln(u' . phi_+).  Absolute error below
        1e-13 max(1, |c|, |d|) / g, g = 1 - |lambda_-|/lambda_+ the relative spectral gap
        (the eigenvector's condition).
        """
        import numpy as np

        T = self._transfer_numbers(FLOAT64)
        L = np.array([[x.log for x in row] for row in T])
        c = float(L.max())
        values, vectors = np.linalg.eigh(np.exp(L - c))
        k = int(np.argmax(values))
        phi = np.abs(vectors[:, k])  # Perron: one sign
        lu = np.array([x.log for x in self._end_numbers(FLOAT64)])
        d = float(lu.max())
        overlap = float(np.exp(lu - d) @ phi)
        return (c - 2 * d) + (math.log(float(values[k])) - 2 * math.log(overlap))
