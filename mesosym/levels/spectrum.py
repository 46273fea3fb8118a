"""Single-particle spectra: any integer spectrum, and the equispaced q-level system.

A :class:`Spectrum` is N non-interacting particles, each on integer levels
``0..d`` with degeneracies ``g_k``; its generating polynomial is
``P(x) = sum_k g_k x^k`` and ``Omega(N, M) = [x^M] P(x)^N``.  The saddle-point
thermodynamics (:mod:`mesosym.levels.saddle`) works for every spectrum.
:class:`EquispacedLevels` is the letter's system, ``P = (1 - x^q)/(1 - x)``, for
an integer ``q >= 2``, a symbolic ``q`` or ``q = oo``, and adds its closed forms:
eqs. (22)-(23) for q = 2, (24)-(27) for q = 3, real radicals for q = 4 and 5,
and the Einstein solid (28)-(30) for q = oo.

Examples
--------
>>> from mesosym import EquispacedLevels
>>> two = EquispacedLevels(2)
>>> two.entropy()
-u*log(u) - (1 - u)*log(1 - u)
>>> two.multiplicities(4)            # binomial coefficients C(4, M)
[1, 4, 6, 4, 1]
"""

from __future__ import annotations

import functools
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, Protocol, overload

import mpmath
import sympy as sp

from .. import budget
from ..budget import short
from ..errors import DomainError
from ..quantities import BY_NAME
from ..significant import significant
from ..symbols import N as _N
from ..symbols import u as _u
from ..symbols import x as _x
from ..validation import (
    as_int,
    check_count,
    check_degeneracies,
    check_digits,
    check_q,
    check_spin,
    check_u,
)
from . import asymptotics, counting, finite
from .saddle import (
    EXPAND_UP_TO,
    SaddleRoot,
    energy_variance_at,
    entropy_at,
    inverse_temperature_at,
    polynomial_form,
    saddle_equation,
)

__all__ = ["Spectrum", "EquispacedLevels"]


class _Ones(Sequence):
    """The degeneracies of ``q`` equal levels, ``(1, ..., 1)``, without storing them.

    Valid by construction (so :class:`Spectrum` does not check q entries); a
    symbolic or infinite ``q`` has no length, and asking for one says so.
    """

    __slots__ = ("q",)

    def __init__(self, q: Any) -> None:
        self.q = q

    def __len__(self) -> int:
        if not isinstance(self.q, int):
            raise DomainError(
                "the degeneracies need a concrete integer q >= 2; "
                f"this system has q = {short(self.q)}"
            )
        return self.q

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return (1,) * len(range(*k.indices(len(self))))
        if not -len(self) <= k < len(self):
            raise IndexError(k)
        return 1


class _QuantityFunction(Protocol):
    """``levels.NAME_function``: a spectrum's method bound, taking the backend and options."""

    def __call__(self, backend: str = "numpy", **options: Any) -> Callable[..., Any]: ...


class _QuantityMethod(Protocol):
    """``Spectrum.NAME_function``, as type checkers see it (a function is a descriptor)."""

    __name__: str

    def __call__(
        _, self: Spectrum, backend: str = "numpy", **options: Any
    ) -> Callable[..., Any]: ...

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _QuantityMethod: ...

    @overload
    def __get__(self, obj: Spectrum, owner: type | None = None) -> _QuantityFunction: ...


_FUNCTION_DOC = """Return a callable ``u -> {symbol}``: {meaning}, {equation}.

``backend="numpy"``: vectorised float64 on arrays of any shape, relative error
<= 2e-14 for equispaced levels (:mod:`mesosym.numeric.equispaced`), <= 1e-13 for
any spectrum of degree ``d <= 1000`` (:mod:`mesosym.numeric.polynomial`), on the
whole of ``[0, d]``; ``"mpmath"``: an mpf to ``digits`` significant digits
(keyword, default 50); ``"arb"``: certified python-flint balls (``digits``, or
``prec`` in bits, default 128).  The backends are listed in
:data:`mesosym.numeric.BACKENDS`; every one offers every quantity.

Parameters
----------
backend : {{"numpy", "mpmath", "arb"}}
    The arithmetic.
**options
    ``digits`` (mpmath, arb) or ``prec`` (arb).

Returns
-------
callable
{returns}

Examples
--------
Two levels at ``u = 1/4``: {by_hand}.

>>> f = Spectrum([1, 1]).{name}_function()
>>> round(float(f(0.25)), 12)
{rounded!r}
>>> Spectrum([1, 1]).{name}_function("mpmath", digits=15)("0.25")
mpf('{printed}')
"""


def _quantity_function(name: str) -> _QuantityMethod:
    """The method ``Spectrum.NAME_function`` of the registry's quantity ``name``."""
    q = BY_NAME[name]
    by_hand, printed = q.two_levels or ("", "")

    def method(self: Spectrum, backend: str = "numpy", **options: Any) -> Callable[..., Any]:
        return self._numeric(name, backend, **options)

    method.__name__ = f"{name}_function"
    method.__qualname__ = f"Spectrum.{name}_function"
    method.__doc__ = _FUNCTION_DOC.format(
        name=name,
        symbol=q.symbol,
        meaning=q.meaning,
        equation=q.equation,
        returns=textwrap.fill(
            f"``u -> {q.symbol}`` ({q.units}); {q.edges}.",
            88,
            initial_indent="    ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        ),
        by_hand=by_hand,
        rounded=round(float(printed), 12),
        printed=printed,
    )
    return method


class Spectrum:
    """Particles on integer levels ``0..d`` with degeneracies ``g_0, ..., g_d``.

    Parameters
    ----------
    degeneracies : sequence of int
        ``g_k >= 0`` for ``k = 0..d``, with ``g_0 > 0`` and ``g_d > 0`` (energies
        are counted from the ground level) and ``d >= 1``.

    Examples
    --------
    >>> sp_ = Spectrum([1, 2, 1])       # (1 + x)^2: two two-level particles
    >>> sp_.polynomial
    x**2 + 2*x + 1
    >>> sp_.multiplicities(2)
    [1, 4, 6, 4, 1]
    >>> sp_.u_star
    1
    """

    __slots__ = ("_g",)

    def __init__(self, degeneracies: Sequence[int]) -> None:
        if isinstance(degeneracies, _Ones):  # q equal levels, valid by construction
            self._g: Sequence[int] = degeneracies
            return
        self._g = check_degeneracies(degeneracies)

    @classmethod
    def from_levels(cls, levels: Sequence[int]) -> Spectrum:
        """Return the spectrum of the integer energy levels ``levels``.

        A level listed ``n`` times has degeneracy ``n``; energies are counted
        from the ground level, so the lowest level must be 0.

        Parameters
        ----------
        levels : sequence of int
            Levels ``>= 0`` (in units of the level spacing), including 0 and
            at least one other.

        Returns
        -------
        Spectrum

        Raises
        ------
        DomainError
            If ``levels`` is not a sequence of integers >= 0 holding 0 and a
            positive level.
        BudgetError
            If the highest level would make a degeneracy list beyond the
            memory budget.

        Examples
        --------
        >>> Spectrum.from_levels([0, 1, 3])
        Spectrum([1, 1, 0, 1])
        >>> Spectrum.from_levels([2, 0, 1, 1])     # level 1 twice
        Spectrum([1, 2, 1])
        """
        shaped = isinstance(levels, Sequence) or (
            type(levels).__name__ == "ndarray" and getattr(levels, "ndim", 0) == 1
        )
        if isinstance(levels, (str, bytes)) or not shaped:
            raise DomainError(f"levels must be a sequence of integers >= 0; got {short(levels)}")
        values = [as_int(f"levels[{i}]", level) for i, level in enumerate(levels)]
        if any(level < 0 for level in values) or 0 not in values or max(values) == 0:
            raise DomainError(
                "levels must be integers >= 0 holding the ground level 0 and at least one "
                f"positive level (energies counted from the ground level); got {short(values)}"
            )
        top = max(values)
        budget.require(
            f"a spectrum with highest level {short(top)}",
            seconds=0,
            memory=8.0 * min(top, 10**300),
            change="levels (a lower highest level)",
        )
        g = [0] * (top + 1)
        for level in values:
            g[level] += 1
        return cls(g)

    # -- identity ----------------------------------------------------------
    @property
    def degeneracies(self) -> tuple[int, ...]:
        """The degeneracies ``(g_0, ..., g_d)``."""
        return tuple(self._g)

    def __repr__(self) -> str:
        return f"Spectrum({list(self._g)})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def _key(self) -> tuple:
        return tuple(self._g)

    # -- the generating function --------------------------------------------
    @property
    def polynomial(self) -> sp.Expr:
        """The single-particle generating polynomial ``P(x) = sum_k g_k x^k``."""
        return sp.Add(*(gk * _x**k for k, gk in enumerate(self._g)))

    @property
    def max_energy(self) -> Any:
        """The largest energy per particle, ``d`` (so ``0 <= u <= d``)."""
        return len(self._g) - 1

    @property
    def u_star(self) -> sp.Expr:
        """The infinite-temperature energy ``P'(1)/P(1)`` where ``x* = 1``, eq. (21)."""
        P = self.polynomial
        return sp.limit(_x * sp.diff(P, _x) / P, _x, 1)

    def generating_function(self, N: Any = _N) -> sp.Expr:
        """Return ``P(x)**N``, whose ``x^M`` coefficient is ``Omega(N, M)``, eq. (9)."""
        if not isinstance(N, sp.Symbol):
            N = check_count("N", N)
        return self.polynomial**N

    # -- exact counts: the general route, with hooks for faster exact routes --
    def _row(self, N: int, integer_type: str) -> list[Any]:
        return counting.polynomial_row(self.degeneracies, N, integer_type=integer_type)

    def _coefficient(self, N: int, M: int) -> int:
        return self._row(N, "int")[M]

    def _exact_log_multiplicity(self, N: int, M: int, digits: int | None) -> Any:
        omega = self.multiplicity(N, M)
        if omega == 0:
            raise DomainError(
                f"ln Omega is undefined for Omega = 0: M must lie in "
                f"0..{short(N * self.max_energy)} for N = {short(N)}; got M = {short(M)}"
            )
        return counting.log_of_count(omega, digits)

    def multiplicities(self, N: int, integer_type: str = "int") -> list[Any]:
        """Return ``Omega(N, M)`` for ``M = 0..N d``, exact.

        ``integer_type="int"`` gives Python ints; ``"fmpz"`` python-flint
        integers, faster for big rows (:func:`mesosym.levels.counting.polynomial_row`;
        :func:`mesosym.levels.counting.equispaced_row` for equal levels).

        >>> EquispacedLevels(3).multiplicities(2)
        [1, 2, 3, 2, 1]
        """
        return self._row(check_count("N", N), integer_type)

    def multiplicity(self, N: int, M: int) -> int:
        """Return ``Omega(N, M)``, eq. (10): 0 outside ``0 <= M <= N d``.

        >>> EquispacedLevels(3).multiplicity(3, 3)   # 7 = 1 + 6
        7
        """
        N = check_count("N", N)
        M = as_int("M", M)
        d = self.max_energy
        if M < 0 or (isinstance(d, int) and M > N * d):
            return 0
        return self._coefficient(N, M)

    def log_multiplicity(
        self, N: int, M: int, order: int | None = None, digits: int | None = None
    ) -> Any:
        """Return ``ln Omega(N, M)``: exact, or the saddle-point expansion to ``order``.

        Parameters
        ----------
        N, M : int
            Particles and total energy (in units of the level spacing).
        order : int, optional
            ``None`` (default): the exact ``ln Omega`` from the exact integer,
            correctly rounded.  ``K >= 0``: the expansion
            ``N s - ln(2 pi N sigma^2)/2 + sum_{k<=K} c_k/N^k`` (needs
            ``0 < M/N < d``), see :meth:`asymptotic_expansion`.
        digits : int, optional
            ``None``: a float (double precision).  Otherwise an ``mpmath.mpf``
            to that many significant digits.

        Examples
        --------
        >>> Spectrum([1, 1]).log_multiplicity(4, 2)      # ln C(4, 2) = ln 6
        1.791759469228055
        >>> EquispacedLevels(3).log_multiplicity(3, 3)   # ln 7, without the row
        1.9459101490553132
        >>> import math                               # ln C(40, 20) = 25.6494067932...
        >>> abs(Spectrum([1, 1]).log_multiplicity(40, 20, order=3) - math.log(137846528820)) < 1e-8
        True
        """
        N = check_count("N", N)
        M = as_int("M", M)
        if digits is not None:
            digits = check_digits(digits)
        if order is not None:
            order = check_count("order", order)
            d = self.max_energy
            asymptotics.require_expansion(d if isinstance(d, int) else None, order)
            value = asymptotics.log_multiplicity_expansion(
                self._expansion_polynomial(), N, M, order, digits=digits or 20
            )
            if digits is not None:
                return significant(value, digits)
            if not mpmath.isfinite(value) or abs(value) > sys.float_info.max:
                raise DomainError(
                    f"ln Omega ~ {mpmath.nstr(value, 5)} lies beyond float64 at "
                    f"N = {short(N)}: give digits=D for an mpmath number"
                )
            return float(value)
        return self._exact_log_multiplicity(N, M, digits)

    def finite_thermodynamics(self, N: int) -> finite.FiniteNThermodynamics:
        """Return exact finite-N ``u = M/N``, ``s_N = ln Omega/N`` and ``beta_N`` arrays.

        At the energies ``M`` with ``Omega(N, M) > 0``; ``beta_N`` is the
        difference of ``ln Omega`` between the neighbouring such energies (see
        :mod:`mesosym.levels.finite`); it is negative above ``u*``.

        >>> th = EquispacedLevels(2).finite_thermodynamics(4)
        >>> [round(float(v), 6) for v in th.s * 4]       # ln C(4, M)
        [0.0, 1.386294, 1.791759, 1.386294, 0.0]
        >>> Spectrum.from_levels([0, 1, 3]).finite_thermodynamics(1).M   # no level 2
        array([0, 1, 3])
        """
        return finite.finite_thermodynamics(self, N)

    def asymptotic_expansion(self, order: int) -> asymptotics.AsymptoticExpansion:
        r"""Return the 1/N expansion of ``ln Omega(N, uN)`` with ``order`` corrections.

        ``N s(u) - (1/2) ln(2 pi N sigma^2) + sum_{k=1..K} c_k(u)/N^k``; the
        ``c_k`` come from the standardised cumulants of the tilted
        single-particle law at the saddle (:mod:`mesosym.levels.asymptotics`).

        >>> from mesosym.symbols import x
        >>> e = Spectrum([1, 1, 1]).asymptotic_expansion(1)
        >>> e.corrections[0].subs(x, 1)          # c_1 at u* for q = 3
        -3/16
        """
        order = check_count("order", order)
        d = self.max_energy
        asymptotics.require_expansion(d if isinstance(d, int) else None, order)
        return asymptotics.asymptotic_expansion(self._expansion_polynomial(), order)

    def _expansion_polynomial(self) -> sp.Expr:
        return self.polynomial

    # -- saddle-point thermodynamics ----------------------------------------
    # The general route, for every spectrum.  A subclass that knows a closed form
    # supplies it through the ``_closed_*`` hooks (None: no closed form), as
    # sympy.stats distributions supply ``_cdf``; ``implicit=True`` skips them.
    def _closed_saddle_equation(self) -> sp.Equality | None:
        return None

    def _closed_saddle_point(self) -> sp.Expr | None:
        return None

    def _closed_entropy(self) -> sp.Expr | None:
        return None

    def _closed_inverse_temperature(self) -> sp.Expr | None:
        return None

    def _closed_energy_variance(self) -> sp.Expr | None:
        return None

    def saddle_equation(self) -> sp.Equality:
        """Return eq. (18): ``Eq(u, x P'(x)/P(x))``.

        >>> EquispacedLevels(3).saddle_equation()
        Eq(u, x*(2*x + 1)/(x**2 + x + 1))
        """
        closed = self._closed_saddle_equation()
        return closed if closed is not None else saddle_equation(polynomial_form(self.polynomial))

    def saddle_point(self, implicit: bool = False) -> sp.Expr:
        """Return ``x*(u)``, the positive root of eq. (18).

        A closed form where the spectrum has one (``implicit=False``), else a
        :class:`~mesosym.levels.saddle.SaddleRoot`.

        >>> EquispacedLevels(2).saddle_point()
        u/(1 - u)
        >>> Spectrum([1, 2, 1]).saddle_point()
        x_star(u)
        """
        closed = None if implicit else self._closed_saddle_point()
        return closed if closed is not None else SaddleRoot(sp.Lambda(_x, self.polynomial), _u)

    def entropy(self, implicit: bool = False) -> sp.Expr:
        """Return ``s(u) = S/(N k_B) = ln P(x*) - u ln x*``, eq. (19).

        >>> EquispacedLevels(2).entropy()
        -u*log(u) - (1 - u)*log(1 - u)
        """
        closed = None if implicit else self._closed_entropy()
        if closed is not None:
            return closed
        return entropy_at(polynomial_form(self.polynomial), self.saddle_point(implicit))

    def inverse_temperature(self, implicit: bool = False) -> sp.Expr:
        """Return ``beta*eps = ds/du = -ln x*``, eq. (20).

        >>> EquispacedLevels(2).inverse_temperature()
        log((1 - u)/u)
        """
        closed = None if implicit else self._closed_inverse_temperature()
        return closed if closed is not None else inverse_temperature_at(self.saddle_point(implicit))

    def energy_variance(self, implicit: bool = False) -> sp.Expr:
        """Return ``sigma^2(u) = du/d(ln x*)``, the level variance per particle.

        >>> EquispacedLevels(sp.oo).energy_variance()
        u*(u + 1)
        """
        closed = None if implicit else self._closed_energy_variance()
        if closed is not None:
            return closed
        return energy_variance_at(polynomial_form(self.polynomial), self.saddle_point(implicit))

    def check_energy(self, u: Any) -> Any:
        """Return ``u`` if it lies in ``[0, max_energy]``, else raise DomainError."""
        d = self.max_energy
        try:
            return check_u(u, d + 1)  # check_u takes the number of levels
        except DomainError:
            raise DomainError(
                f"u must be a real number in [0, {d}] for {short(self)}; got {short(u)}"
            ) from None

    # -- numeric evaluation -------------------------------------------------
    def _tilted(self) -> Any:
        """The tilted law the numeric backends solve (:mod:`mesosym.numeric.tilted`)."""
        from ..numeric.tilted import law_of

        return law_of(self.degeneracies)

    def _numeric(self, name: str, backend: str, **options: Any) -> Callable[..., Any]:
        from .. import numeric

        return numeric.evaluator(self, name, backend, **options)  # the registry's long name

    # one method per numeric quantity of the registry (mesosym.quantities), made below
    saddle_point_function = _quantity_function("saddle_point")
    log_saddle_point_function = _quantity_function("log_saddle_point")
    entropy_function = _quantity_function("entropy")
    inverse_temperature_function = _quantity_function("inverse_temperature")
    energy_variance_function = _quantity_function("energy_variance")
    heat_capacity_function = _quantity_function("heat_capacity")


class EquispacedLevels(Spectrum):
    r"""N particles on ``q`` equally spaced levels ``0, eps, ..., (q - 1) eps``, eq. (1).

    Parameters
    ----------
    q : int, Symbol or sympy.oo
        Number of levels: an integer ``>= 2``, a positive-integer Symbol (general
        formulas), or ``sympy.oo`` (the Einstein solid).

    Examples
    --------
    >>> import sympy as sp
    >>> from mesosym import EquispacedLevels, symbols
    >>> lv = EquispacedLevels(3)
    >>> lv.generating_function()
    ((1 - x**3)/(1 - x))**N
    >>> lv.multiplicity(2, 2)           # (0,2), (2,0), (1,1)
    3
    >>> lv.u_star
    1
    >>> EquispacedLevels(sp.oo).entropy()
    -u*log(u) + (u + 1)*log(u + 1)
    >>> EquispacedLevels.spin(sp.Rational(1, 2)) == EquispacedLevels(2)
    True
    """

    __slots__ = ("_q", "_J")

    def __init__(self, q: Any, *, J: Any = None) -> None:
        self._q = check_q(q)
        super().__init__(_Ones(self._q))
        self._J = None if J is None else check_spin(J)
        if self._J is not None and 2 * self._J + 1 != self._q:
            raise DomainError(
                f"J = {short(self._J)} needs q = 2J + 1 = {short(2 * self._J + 1)}; "
                f"got q = {short(q)}"
            )

    @classmethod
    def spin(cls, J: Any) -> EquispacedLevels:
        """The Zeeman multiplet ``E_m = m g mu_B B``, ``m = -J..J``: ``q = 2J + 1``.

        The level index ``k = m + J`` counts from the lowest Zeeman level, so the
        energy is shifted by ``J`` (in units of ``g mu_B B``): ``u = <m> + J``.

        >>> EquispacedLevels.spin(1).q
        3
        """
        J = check_spin(J)
        return cls(int(2 * J + 1), J=J)

    @property
    def q(self) -> Any:
        """The number of levels: int, Symbol or ``sympy.oo``."""
        return self._q

    @property
    def J(self) -> sp.Rational | None:
        """The spin of a Zeeman multiplet built by :meth:`spin`, else None."""
        return self._J

    def __str__(self) -> str:
        """``q = 3 equispaced levels: Omega = [x^M] P(x)^N with P(x) = ..., u* = 1``."""
        q = "oo" if self._q is sp.oo else str(self._q)
        what = "equispaced levels" if self._J is None else f"levels of a spin J = {self._J}"
        head = f"{what}, general q" if self.is_symbolic else f"q = {q} {what}"
        return (
            f"{head}: Omega(N, M) = [x^M] P(x)^N with P(x) = {sp.sstr(self.polynomial)}"
            f", infinite temperature at u* = {self.u_star}"
        )

    def _repr_latex_(self) -> str:
        """A notebook's view: q, the generating function (10) and u* (21)."""
        from ..latex import latex

        q = r"\infty" if self._q is sp.oo else latex(self._q)
        head = r"\text{general } q" if self.is_symbolic else f"q = {q}"
        return (
            rf"$\displaystyle {head}: \quad \Omega(N, M) = [x^M] \left({latex(self.polynomial)}"
            rf"\right)^N, \quad u^* = {latex(self.u_star)}$"
        )

    def __repr__(self) -> str:
        if self._J is not None:
            return f"EquispacedLevels.spin({self._J})"
        return f"EquispacedLevels({self._q})"

    def _key(self) -> tuple:
        return (self._q,)

    @property
    def is_symbolic(self) -> bool:
        """True when q is a Symbol."""
        return isinstance(self._q, sp.Symbol)

    def _concrete_q(self, what: str) -> int:
        if not isinstance(self._q, int):
            raise DomainError(
                f"{what} needs a concrete integer q >= 2; this system has q = {short(self._q)}"
            )
        return self._q

    # -- generating function and counts -------------------------------------
    @property
    def polynomial(self) -> sp.Expr:
        """``(1 - x^q)/(1 - x)``, eq. (10); ``1/(1 - x)`` for q = oo."""
        if self._q is sp.oo:
            return 1 / (1 - _x)
        return (1 - _x**self._q) / (1 - _x)

    @property
    def max_energy(self) -> Any:
        """``q - 1`` (``oo`` for q = oo)."""
        return sp.oo if self._q is sp.oo else self._q - 1

    @property
    def u_star(self) -> sp.Expr:
        """``u* = (q - 1)/2``, eq. (21): the entropy maximum, ``s = ln q``, ``beta = 0``."""
        if self._q is sp.oo:
            return sp.oo
        return sp.Rational(1, 2) * (self._q - 1) if isinstance(self._q, int) else (self._q - 1) / 2

    # -- exact counts: the closed-form routes of equal levels -----------------
    def _row(self, N: int, integer_type: str) -> list[Any]:
        """One row by the equispaced convolution (:func:`.counting.equispaced_row`)."""
        q = self._concrete_q("multiplicities")
        return counting.equispaced_row(q, N, integer_type=integer_type)

    def _coefficient(self, N: int, M: int) -> int:
        """Eq. (10), the alternating binomial sum; ``C(N + M - 1, M)`` for q = oo."""
        if isinstance(self._q, sp.Symbol):
            self._concrete_q("multiplicity")
        return counting.equispaced_coefficient(self._q, N, M)

    def _exact_log_multiplicity(self, N: int, M: int, digits: int | None) -> Any:
        """Binary splitting, no floats, no row (:func:`.counting.log_multiplicity`)."""
        if isinstance(self._q, sp.Symbol):
            self._concrete_q("log_multiplicity")
        return counting.log_multiplicity(self._q, N, M, digits)

    def _expansion_polynomial(self) -> sp.Expr:
        if self._q is sp.oo:
            raise DomainError("the 1/N expansion needs a finite q (P must be a polynomial)")
        return polynomial_form(self.polynomial)

    # -- the closed forms, as hooks of the general route ----------------------
    def _closed_saddle_equation(self) -> sp.Equality | None:
        """``u = x/(1 - x) - q x^q/(1 - x^q)`` where expanding P would write q terms."""
        q = self._q
        if isinstance(q, int) and q <= EXPAND_UP_TO:
            return None
        if q is sp.oo:
            return sp.Eq(_u, _x / (1 - _x))
        return sp.Eq(_u, _x / (1 - _x) - q * _x**q / (1 - _x**q), evaluate=False)

    def _closed_saddle_point(self) -> sp.Expr | None:
        """Q = 2: ``u/(1 - u)``; q = 3: eq. (25); q = 4, 5: real radicals; q = oo: eq. (28)."""
        q = self._q
        if q is sp.oo:
            return _u / (1 + _u)
        if isinstance(q, int) and q <= 5:
            return _closed_saddle_point(q)
        return None

    def _closed_entropy(self) -> sp.Expr | None:
        """Eqs. (22) and (29), for q = 2 and q = oo."""
        if self._q == 2:
            return -_u * sp.log(_u) - (1 - _u) * sp.log(1 - _u)
        if self._q is sp.oo:
            return (1 + _u) * sp.log(1 + _u) - _u * sp.log(_u)
        return None

    def _closed_inverse_temperature(self) -> sp.Expr | None:
        """Eqs. (23) and (30), for q = 2 and q = oo."""
        if self._q == 2:
            return sp.log((1 - _u) / _u)
        if self._q is sp.oo:
            return sp.log((1 + _u) / _u)
        return None

    def _closed_energy_variance(self) -> sp.Expr | None:
        """``u (1 - u)`` for q = 2, ``u (1 + u)`` for q = oo."""
        if self._q == 2:
            return _u * (1 - _u)
        if self._q is sp.oo:
            return _u * (1 + _u)
        return None

    # -- numeric evaluation -------------------------------------------------
    def _tilted(self) -> Any:
        """The sum over q levels for small q; the geometric form for large q and oo."""
        from ..numeric.tilted import equispaced_law

        return equispaced_law(self._q)


# -- closed forms of the saddle point -------------------------------------------


def _real_cubic_root(a: sp.Expr, b: sp.Expr, c: sp.Expr) -> sp.Expr:
    """The real root of ``y^3 + a y^2 + b y + c`` when ``b - a^2/3 > 0``.

    Then the cubic is increasing, has one real root, and Cardano's formula
    needs only real cube roots of positive numbers:
    ``y = -a/3 + cbrt(sqrt(D) - R/2) - cbrt(sqrt(D) + R/2)``.
    """
    p = b - a**2 / 3
    r = 2 * a**3 / 27 - a * b / 3 + c
    sqrt_d = sp.sqrt(r**2 / 4 + p**3 / 27)
    return -a / 3 + sp.cbrt(sqrt_d - r / 2) - sp.cbrt(sqrt_d + r / 2)


@functools.cache
def _closed_saddle_point(q: int) -> sp.Expr:
    """Radical closed form of the positive root of ``sum_k (k - u) x^k`` for q <= 5."""
    u = _u
    if q == 2:
        return u / (1 - u)
    if q == 3:
        return ((u - 1) + sp.sqrt(1 + 6 * u - 3 * u**2)) / (2 * (2 - u))  # eq. (25)
    if q == 4:
        # With w = tanh(t/2), t = ln x: u - 3/2 = w (5 + w^2) / (2 (1 + w^2)), an
        # increasing cubic in w, so b - a^2/3 = 5 - 4 v^2/3 > 0 for |v| <= 3/2.
        v = u - sp.Rational(3, 2)
        w = _real_cubic_root(-2 * v, 5, -2 * v)
        return (1 + w) / (1 - w)
    if q == 5:
        # Ferrari: x^4 + a3 x^3 + a2 x^2 + a1 x + a0 = (x^2 + al x + be)(x^2 + ga x + de)
        # with one positive and one negative real root (a0 < 0) and a complex pair;
        # the real factorisation belongs to the unique real root m = be + de of
        # the resolvent cubic, whose depressed form has p > 0 on 0 <= u <= 4.
        a3, a2, a1, a0 = ((k - u) / (4 - u) for k in (3, 2, 1, 0))
        m = _real_cubic_root(-a2, a1 * a3 - 4 * a0, 4 * a2 * a0 - a1**2 - a3**2 * a0)
        root = sp.sqrt(m**2 - 4 * a0)  # be de = a0 < 0, so be < 0 < de
        be = (m - root) / 2
        al = (a1 - be * a3) / root  # from al de + be ga = a1, al + ga = a3
        return (-al + sp.sqrt(al**2 - 4 * be)) / 2
    raise DomainError(f"no radical closed form for q = {short(q)}; q must be 2, 3, 4 or 5")
