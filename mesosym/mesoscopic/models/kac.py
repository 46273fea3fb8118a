"""The Kac gas: hard rods with an exponential attraction of range 1/gamma, exact at every gamma.

Rods of length delta on a line, every pair attracting with ``-alpha gamma exp(-gamma r)``
(r > delta); thermal wavelength 1, k_B = 1, thermodynamic limit.  The tail integrates
to ``int_R -alpha gamma e^{-gamma |r|} dr = -2 alpha`` whatever gamma: the
Kac-Uhlenbeck-Hemmer gas (J. Math. Phys. 4, 216 (1963)).

Exact solution (:mod:`mesosym.mesoscopic.isobaric_transfer`): in the isobaric
ensemble at ``s = beta p`` the Gibbs free energy per rod is ``beta mu = -ln lambda(s)``,
lambda(s) the largest eigenvalue of the Ornstein-Uhlenbeck transfer operator, and
``v = 1/rho = -d ln lambda/ds``.  The Helmholtz free energy per rod is
``beta a = beta mu - s v``.  In one dimension ln lambda(s) is analytic: at every
finite gamma the isotherm is smooth and single valued, with no flat part, even below
the van der Waals critical temperature (no phase transition at finite range).

The limit gamma -> 0 (Lebowitz and Penrose, J. Math. Phys. 7, 98 (1966)) is van der
Waals with Maxwell's construction, :class:`VanDerWaals`:
``beta p = rho/(1 - rho delta) - beta alpha rho^2`` outside the coexistence region,
``k T_c = 8 alpha/(27 delta)``, ``rho_c = 1/(3 delta)``, ``p_c = alpha/(27 delta^2)``.

The approach to it: ``beta a(gamma) = beta a_vdW + gamma c_1 + O(gamma^2)`` in the
one-phase region with the ring (random-phase) coefficient

    c_1 = [sqrt(1 - x) - 1 + beta alpha rho]/(2 rho),   x = 2 beta alpha rho (1 - rho delta)^2

(x < 1 is mean-field stability; x = 1 the spinodal), which
:meth:`KacGas.perturbation_series` gives at finite gamma as its terms 1 and 2.

Precision: with ``digits`` the eigenproblem is refined in arb arithmetic until the
residual, including the truncation of the Hermite basis, bounds the error of v and
ln lambda below 10^-(digits + 4) (:mod:`~mesosym.mesoscopic.isobaric_transfer`);
results are rounded to ``digits``.  ``digits=None``: float64 eigenproblem, relative
error below 1e-10 (measured <= 6e-15 against 30 digits at gamma = 0.4 .. 0.0125,
benchmarks/bench_mesoscopic_kac.py; the tests assert 1e-10).

Cost: the basis grows as 1/gamma, ``n ~ 40 + 2 beta alpha rho^2/gamma`` (float64 eigh
~ n^3, arb residuals ~ n^2 digits).  One pressure (beta alpha = 3, rho = 0.4), CPU
seconds measured: float64 0.04, 0.11, 0.19, 0.73; 15 digits 0.18, 0.26, 0.38, 1.3;
30 digits 0.22, 0.44, 0.76, 1.8 at gamma = 0.1, 0.05, 0.02, 0.01; 30 digits 6 s at
gamma = 0.005 (n ~ 450) and 8 s at 0.003.  Work estimated above
:data:`mesosym.budget.TIME_LIMIT_SECONDS` (the estimate errs high by 3-7x) is refused
up front with a BudgetError.

Examples
--------
Without attraction the gas is Tonks': beta p = rho/(1 - rho delta) = 1 at rho = 1/2:

>>> KacGas(hard_core=1, strength=0, range=0.1, beta=1, digits=20).pressure(density=0.5)
mpf('1.0')
>>> t_c, rho_c, p_c = KacGas(hard_core=1, strength=1, beta=1).van_der_waals().critical_point()
>>> print(t_c, rho_c)      # 8/27, 1/3
0.296296296296296296296296296296 0.333333333333333333333333333333
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath

from ...budget import require, short
from ...errors import DomainError
from ...numeric.roots import bracketed_root
from ...significant import significant
from ...validation import as_fraction, check_digits
from ..isobaric_transfer import KacTransfer, basis_seconds

__all__ = ["KacGas", "VanDerWaals", "real_parameter", "MAX_KAC_DIGITS"]

#: the largest precision of the Kac gas (arb residuals cost ~ n^2 digits)
MAX_KAC_DIGITS = 200
#: Newton steps on s (float64 stage, then the refined stage)
_NEWTON = 60


def real_parameter(name: str, value: Any, *, minimum: float = 0, strict: bool = True) -> Fraction:
    """``value`` as an exact Fraction, > minimum (``strict``) or >= minimum; text is refused.

    >>> real_parameter("range", 0.5)
    Fraction(1, 2)
    >>> real_parameter("range", 0)
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: range must be a real number > 0; got 0
    """
    relation = (">" if strict else ">=") + " " + short(minimum, form=str)
    if isinstance(value, (str, bytes)):
        raise DomainError(
            f"{name} must be a real number {relation}; got the text "
            f"{short(value)} (text is never parsed)"
        )
    try:
        x = as_fraction(value, name)
    except DomainError:
        raise DomainError(f"{name} must be a real number {relation}; got {short(value)}") from None
    if (x <= minimum) if strict else (x < minimum):
        raise DomainError(f"{name} must be a real number {relation}; got {short(value, form=str)}")
    return x


def _digits(digits: Any) -> int | None:
    if digits is None:
        return None
    d = check_digits(digits)
    if d > MAX_KAC_DIGITS:
        raise DomainError(
            f"digits must be an integer in 1..{MAX_KAC_DIGITS} or None; got {short(d)}"
        )
    return d


def _mp(x: Fraction) -> mpmath.mpf:
    return mpmath.mpf(x.numerator) / x.denominator


class _Rods:
    """What both exact rod models share: parameters, output, the density check."""

    _delta: Fraction
    _digits: int | None

    def _out(self, value: Any) -> Any:
        if self._digits is None:
            return float(value)
        return significant(mpmath.mpf(value), self._digits)

    def _density(self, density: Any) -> Fraction:
        rho = real_parameter("density", density)
        if rho * self._delta >= 1:
            raise DomainError(
                f"density must lie in (0, 1/hard_core) = (0, {1 / self._delta}); "
                f"got {short(density)}"
            )
        return rho

    def _work(self) -> int:
        return 30 if self._digits is None else self._digits + 8


class KacGas(_Rods):
    """Hard rods with the Kac tail ``-alpha gamma e^{-gamma r}`` between all pairs; exact.

    Parameters
    ----------
    hard_core : real
        delta > 0 (the rod length).
    strength : real
        alpha >= 0; the tail integrates to -2 alpha over the line.
    range : real
        gamma > 0; the range of the attraction is 1/gamma.
    beta : real
        Inverse temperature > 0.
    digits : int or None
        Significant digits of every result (mpmath, via arb); None for float64.

    Examples
    --------
    >>> gas = KacGas(hard_core=1, strength=1, range=0.5, beta=1, digits=15)
    >>> rho = gas.density(pressure=gas.pressure(density=0.25))
    >>> abs(rho - 0.25) < 1e-14
    True
    """

    def __init__(
        self,
        hard_core: Any = 1,
        strength: Any = 1,
        range: Any = 0.1,  # noqa: A002
        beta: Any = 1,
        digits: int | None = 30,
    ) -> None:
        self._delta = real_parameter("hard_core", hard_core)
        self._alpha = real_parameter("strength", strength, strict=False)
        self._gamma = real_parameter("range", range)
        self._beta = real_parameter("beta", beta)
        self._digits = _digits(digits)
        coupling = self._beta * self._alpha * self._gamma
        self._op = KacTransfer(_mp(self._delta), _mp(coupling), _mp(self._gamma))

    hard_core = property(lambda self: self._delta, doc="delta")
    strength = property(lambda self: self._alpha, doc="alpha")
    range = property(lambda self: self._gamma, doc="gamma (inverse range)")
    beta = property(lambda self: self._beta, doc="beta")
    digits = property(lambda self: self._digits, doc="digits (None: float64)")

    def __repr__(self) -> str:
        return (
            f"KacGas(hard_core={self._delta}, strength={self._alpha}, range={self._gamma}, "
            f"beta={self._beta}, digits={self._digits})"
        )

    # -- the budget ------------------------------------------------------------
    def _require(self, s: float, evaluations: int) -> None:
        n = self._op.basis_estimate(s)
        require(
            f"the Kac gas at gamma = {float(self._gamma):g} (about {n} Hermite functions)",
            seconds=evaluations * basis_seconds(n, self._digits),
            memory=16.0 * n * n,
            change="range (larger), or beta or strength (smaller), or digits",
        )

    # -- the isobaric route ------------------------------------------------------
    def _state(self, s: Any, op: KacTransfer | None = None) -> tuple[Any, Any]:
        """(ln lambda, v) at beta p = s at the working precision."""
        op = op or self._op
        if self._digits is None:
            log_lam, v, _, _ = op.float_state(float(s))
            return log_lam, v
        pt = op.point(s, self._work())
        return pt.log_eigenvalue, pt.volume

    def _solve_pressure(self, rho: Fraction, op: KacTransfer | None = None) -> Any:
        """S = beta p with v(s) = 1/rho: float64 Newton in ln s, then refined Newton."""
        op = op or self._op
        volume = 1 / float(rho)
        hi = op.tonks_pressure(float(rho))  # attraction only lowers the pressure
        self._require(hi, 12)
        lo = 0.0
        s = hi
        for _ in range(_NEWTON):
            _, v, dv, _ = op.float_state(s)
            if v > volume:
                lo = max(lo, s)
            else:
                hi = min(hi, s)
            step = s - (v - volume) / dv
            s_new = step if lo < step < hi else (lo + hi) / 2 if lo > 0 else hi / 4
            if abs(s_new - s) <= 1e-15 * s:
                s = s_new
                break
            s = s_new
        if self._digits is None:
            return s
        work = self._work()
        with mpmath.workdps(work):
            target = 1 / _mp(rho)
            sm = mpmath.mpf(s)
            _, _, dv, _ = op.float_state(s)
            for _ in range(12):
                pt = op.point(sm, work)
                step = (pt.volume - target) / dv
                sm = sm - step
                if abs(step) <= abs(sm) * mpmath.mpf(10) ** (-(work - 2)):
                    return sm
        raise DomainError(f"the pressure at density {rho} did not converge")  # pragma: no cover

    # -- the verbs -----------------------------------------------------------------
    def pressure(self, density: Any) -> Any:
        """Beta p at ``density``, exact at this gamma.

        Parameters
        ----------
        density : real
            rho in (0, 1/hard_core).

        Returns
        -------
        mpmath.mpf (``digits``) or float
            s with -d ln lambda/ds = 1/rho (Newton on s).

        Examples
        --------
        >>> KacGas(1, 0, 0.2, 2, digits=15).pressure(density=0.25)   # Tonks: 0.25/0.75
        mpf('0.333333333333333')
        """
        rho = self._density(density)
        with mpmath.workdps(self._work()):
            return self._out(self._solve_pressure(rho))

    def density(self, pressure: Any) -> Any:
        """Rho at beta p = ``pressure``: ``1/v(s)`` (single valued at every finite gamma).

        >>> KacGas(1, 0, 0.2, 2, digits=15).density(pressure=1)   # Tonks: s/(1 + s)
        mpf('0.5')
        """
        s = real_parameter("pressure", pressure)
        self._require(float(s), 1)
        with mpmath.workdps(self._work()):
            _, v = self._state(_mp(s) if self._digits is not None else float(s))
            return self._out(1 / v)

    def chemical_potential(self, pressure: Any) -> Any:
        """Beta mu = -ln lambda(s) at beta p = ``pressure`` (the Gibbs free energy per rod).

        >>> KacGas(1, 0, 0.2, 2, digits=15).chemical_potential(pressure=1)   # s delta + ln s
        mpf('1.0')
        """
        s = real_parameter("pressure", pressure)
        self._require(float(s), 1)
        with mpmath.workdps(self._work()):
            log_lam, _ = self._state(_mp(s) if self._digits is not None else float(s))
            return self._out(-log_lam)

    def free_energy(self, density: Any) -> Any:
        """Beta a per rod at ``density``: ``-ln lambda(s) - s/rho`` at the s of that density.

        >>> a = KacGas(1, 0, 0.2, 2, digits=15).free_energy(density=0.5)  # ln(rho/(1-rho)) - 1
        >>> a
        mpf('-1.0')
        """
        rho = self._density(density)
        with mpmath.workdps(self._work()):
            s = self._solve_pressure(rho)
            log_lam, _ = self._state(s)
            return self._out(-log_lam - s / (_mp(rho) if self._digits is not None else float(rho)))

    def correlation_length(self, density: Any) -> Any:
        """The correlation length ``v / ln(lambda_1/lambda_2)`` at the s of ``density``.

        lambda_2 is the second eigenvalue of the same transfer operator at the same s:
        correlations of the Ornstein-Uhlenbeck field (the density coarse-grained over
        1/gamma) between rods i and i + n decay as (lambda_2/lambda_1)^n, and n rods span
        n v.  This is the decay length of the non-oscillatory part of the correlations
        (it tends to 1/(gamma sqrt(1 - x)) as gamma -> 0, the Ornstein-Zernike length of
        the ring approximation); the hard-core packing oscillations decay on the scale of
        delta and are not included.  Without attraction it is v/(gamma delta +
        ln(1 + gamma/s)).

        >>> xi = KacGas(1, 0, 1, 1, digits=15).correlation_length(density=0.5)
        >>> abs(xi - 2/(1 + mpmath.log(2))) < 1e-14
        True
        """
        rho = self._density(density)
        with mpmath.workdps(self._work()):
            s = self._solve_pressure(rho)
            if self._digits is None:
                return 1 / (float(rho) * self._op.float_second(s))
            first = self._op.point(s, self._work(), index=0)
            second = self._op.point(s, self._work(), index=1)
            return self._out(1 / (_mp(rho) * (first.log_eigenvalue - second.log_eigenvalue)))

    # -- the mesoscopic reading --------------------------------------------------------
    def mesoscopic_free_energy(self, density: Any, cell_width: Any) -> Any:
        """Beta a_mes per rod: -ln Z_mes/N in the thermodynamic limit, cells of width w.

        Z_mes sums over the cells' occupations with the sector-averaged Hamiltonian
        (:mod:`mesosym.mesoscopic.models.continuum`): a sector whose hard cores could overlap
        drops out, so rods sit in cells at least ``k_min = 1 + ceil(delta/w)`` apart (one
        rod per cell), and the tail is averaged over the two cells,
        ``-alpha gamma sigma^2 e^{-gamma k w}`` for an offset k, with
        ``sigma^2 = (sinh(gamma w/2)/(gamma w/2))^2``.  That is again an exponential in k,
        the covariance of a discrete Ornstein-Uhlenbeck (AR(1)) process with the same
        Hermite eigenfunctions, so the same transfer operator applies with
        ``g_n(s) = w e^{-(s + n gamma) k_min w}/(1 - e^{-(s + n gamma) w})`` and
        ``c^2 -> c^2 sigma^2``.  Exact, at the precision of :meth:`free_energy`.

        Without attraction and with commensurate cells (delta = c w) this is Tonks in
        cells: ``beta a_mes - beta a = 1 + (1 - t) ln(1 - t)/t``, t = w rho/(1 - rho delta);
        to first order in w, ``beta a_mes - beta a ~ (w/2)(s + gamma <n>)`` with <n> the
        mean Hermite index of the eigenvector: order 1 in the cell width, the order of
        hard rods (the cell-averaged tail alone would be order 2: sigma^2 = 1 + (gamma w)^2/12).

        >>> gas = KacGas(1, 0, 0.5, 1, digits=15)
        >>> t = 0.25 * 0.5 / (1 - 0.5)                 # w = 1/4, rho = 1/2
        >>> exact = 1 + (1 - t) * mpmath.log(1 - t) / t
        >>> abs(gas.mesoscopic_free_energy(0.5, 0.25) - gas.free_energy(0.5) - exact) < 1e-14
        True
        """
        rho = self._density(density)
        w = real_parameter("cell_width", cell_width)
        k_min = 1 + -((-self._delta) // w)  # 1 + ceil(delta/w)
        if rho * k_min * w >= 1:
            raise DomainError(
                f"density must be below 1/(k_min w) = {1 / (k_min * w)} for cells of width "
                f"{w}: rods must sit {k_min} cells apart; got {short(density)}"
            )
        with mpmath.workdps(self._work() + 5):
            wm, g = _mp(w), _mp(self._gamma)
            sigma2 = (mpmath.sinh(g * wm / 2) / (g * wm / 2)) ** 2
            coupling = _mp(self._beta * self._alpha * self._gamma) * sigma2
            op = KacTransfer(_mp(self._delta), coupling, g, cell=wm, min_offset=k_min)
            s = self._solve_pressure(rho, op)
            log_lam, _ = self._state(s, op)
            r = _mp(rho) if self._digits is not None else float(rho)
            return self._out(-log_lam - s / r)

    # -- the limit and the series ---------------------------------------------------
    def van_der_waals(self) -> VanDerWaals:
        """The gamma -> 0 limit (Lebowitz-Penrose) at the same delta, alpha, beta."""
        return VanDerWaals(self._delta, self._alpha, self._beta, digits=self._digits or 15)

    def perturbation_series(self, density: Any, order: int = 2) -> tuple[Any, ...]:
        """The terms ``(beta a_0, beta a_1, beta a_2)`` of beta a about hard rods, at this gamma.

        - ``beta a_0 = ln(rho/(1 - rho delta)) - 1``: Tonks' hard rods;
        - ``beta a_1 = (rho/2) int g_0(r) beta phi(r) dr = -beta alpha gamma psi/(1 - psi)``,
          ``psi = s_0 e^{-gamma delta}/(s_0 + gamma)``, s_0 = rho/(1 - rho delta): the exact
          first order (Zwanzig), with the hard-rod g_0 summed by its Laplace transform;
          -> ``-beta alpha rho`` (van der Waals' a) as gamma -> 0;
        - ``beta a_2 = (1/(2 rho)) int dk/(2 pi) [ln(1 - rho S_0 K) + rho S_0 K]``, the ring
          sum beyond first order, ``K(k) = 2 beta alpha gamma^2/(gamma^2 + k^2)`` (= minus the
          Fourier transform of beta phi) and Percus' hard-rod structure factor
          ``S_0(k) = 1/[(1 + s_0 sin(k delta)/k)^2 + (2 s_0 sin^2(k delta/2)/k)^2]``.

        Their sum equals beta a up to O(gamma^2) in the one-phase region (each of
        a_1 + beta alpha rho and a_2 is O(gamma)).  Refused (DomainError) where the ring
        sum diverges: ``rho S_0(0) K(0) = 2 beta alpha rho (1 - rho delta)^2 >= 1``, the
        mean-field spinodal.

        Precision: closed forms and one mpmath quadrature at digits + 10 (absolute
        error below 10^-digits); float64 inputs for ``digits=None``.

        >>> t = KacGas(1, 1, 0.1, 1, digits=15).perturbation_series(density=0.25, order=1)
        >>> t[0]    # ln(1/3) - 1
        mpf('-2.09861228866811')
        """
        rho = self._density(density)
        if isinstance(order, bool) or order not in (0, 1, 2):
            raise DomainError(f"order must be 0, 1 or 2; got {short(order)}")
        digits = self._digits or 15
        with mpmath.workdps(digits + 10):
            d, a, g, b = (_mp(x) for x in (self._delta, self._alpha, self._gamma, self._beta))
            r = _mp(rho)
            s0 = r / (1 - r * d)
            terms = [mpmath.log(s0) - 1]
            if order >= 1:
                psi = s0 * mpmath.exp(-g * d) / (s0 + g)
                terms.append(-b * a * g * psi / (1 - psi))
            if order >= 2:
                terms.append(_ring(r, d, b * a, g, s0))
        return tuple(self._out(t) for t in terms)


def hard_rod_structure_factor(k: Any, s0: Any, delta: Any) -> Any:
    """Percus' S_0(k) of hard rods at Tonks pressure s0 (stable at small k).

    >>> float(hard_rod_structure_factor(mpmath.mpf(0), 1, 1))   # (1 - rho delta)^2 = 1/4
    0.25
    """
    if k == 0:
        return 1 / (1 + s0 * delta) ** 2
    h = k * delta / 2
    re = 1 + s0 * mpmath.sin(k * delta) / k
    im = 2 * s0 * mpmath.sin(h) ** 2 / k
    return 1 / (re * re + im * im)


def _ring(rho: Any, delta: Any, ba: Any, gamma: Any, s0: Any) -> Any:
    """(1/(2 rho)) int dk/(2 pi) [ln(1 - y) + y], y = rho S_0(k) K(k) (even in k)."""
    x = 2 * ba * rho / (1 + s0 * delta) ** 2
    if x >= 1:
        raise DomainError(
            f"the ring sum diverges at this state: 2 beta alpha rho (1 - rho delta)^2 = "
            f"{mpmath.nstr(x, 6)} >= 1 (inside the mean-field spinodal); choose a density or "
            "beta outside it"
        )

    def f(k: Any) -> Any:
        y = rho * hard_rod_structure_factor(k, s0, delta) * 2 * ba * gamma**2 / (gamma**2 + k * k)
        if y >= 1:
            raise DomainError(
                f"the ring sum diverges: rho S_0 K = {mpmath.nstr(y, 6)} >= 1 at k = {k}"
            )
        return mpmath.log1p(-y) + y

    period = 2 * mpmath.pi / delta
    points = [mpmath.mpf(0), gamma, 4 * gamma] + [period * j for j in range(1, 9)]
    points = sorted(set(points))
    total = mpmath.quad(f, points) + mpmath.quad(f, [points[-1], mpmath.inf])
    return total / (2 * mpmath.pi * rho)


class VanDerWaals(_Rods):
    """The Lebowitz-Penrose limit gamma -> 0 of the Kac gas: van der Waals with Maxwell.

    ``beta p = rho/(1 - rho delta) - beta alpha rho^2`` and
    ``beta a = ln(rho/(1 - rho delta)) - 1 - beta alpha rho`` outside the coexistence
    region; inside it, Maxwell's equal areas (the convex envelope of rho beta a).

    Precision: ``digits`` (mpmath at digits + 10; roots by polyroots and a bracketed
    solve of the equal-area condition).

    Examples
    --------
    >>> vdw = VanDerWaals(hard_core=1, strength=1, beta=4, digits=15)
    >>> t_c, rho_c, p_c = vdw.critical_point()
    >>> print(t_c, rho_c, p_c)      # 8/27, 1/3, 1/27
    0.296296296296296 0.333333333333333 0.037037037037037
    """

    def __init__(
        self, hard_core: Any = 1, strength: Any = 1, beta: Any = 1, digits: int = 30
    ) -> None:
        self._delta = real_parameter("hard_core", hard_core)
        self._alpha = real_parameter("strength", strength, strict=False)
        self._beta = real_parameter("beta", beta)
        d = _digits(digits)
        self._digits = 15 if d is None else d
        self._coexistence: tuple[Any, Any, Any] | None = None  # computed once

    def __repr__(self) -> str:
        return (
            f"VanDerWaals(hard_core={self._delta}, strength={self._alpha}, beta={self._beta}, "
            f"digits={self._digits})"
        )

    def _params(self) -> tuple[Any, Any, Any]:
        return _mp(self._delta), _mp(self._alpha), _mp(self._beta)

    def critical_point(self) -> tuple[Any, Any, Any]:
        """``(k T_c, rho_c, p_c) = (8 alpha/(27 delta), 1/(3 delta), alpha/(27 delta^2))``.

        Refused for alpha = 0 (no attraction, no critical point).
        """
        if self._alpha == 0:
            raise DomainError("strength must be > 0 for a critical point; got 0")
        with mpmath.workdps(self._work()):
            d, a, _ = self._params()
            return (
                self._out(8 * a / (27 * d)),
                self._out(1 / (3 * d)),
                self._out(a / (27 * d * d)),
            )

    def reduced_temperature(self) -> Any:
        """T/T_c = 27 delta/(8 beta alpha)."""
        with mpmath.workdps(self._work()):
            d, a, b = self._params()
            return self._out(27 * d / (8 * b * a)) if a != 0 else mpmath.inf

    def _mean_field_pressure(self, rho: Any) -> Any:
        d, a, b = self._params()
        return rho / (1 - rho * d) - b * a * rho * rho

    def _mean_field_energy(self, rho: Any) -> Any:
        d, a, b = self._params()
        return mpmath.log(rho / (1 - rho * d)) - 1 - b * a * rho

    def _spinodals(self) -> list[Any]:
        """The volumes v > delta where d(beta p)/dv = 0: v^3 = 2 beta alpha (v - delta)^2."""
        d, a, b = self._params()
        if self._alpha == 0 or self._beta * self._alpha * 8 <= 27 * self._delta:
            return []
        # v^3/(v - delta)^2 has its minimum 27 delta/4 at v = 3 delta: one root on each side
        h = lambda v: v**3 - 2 * b * a * (v - d) ** 2  # noqa: E731
        return [bracketed_root(h, d, 3 * d), bracketed_root(h, 3 * d, 2 * b * a + 3 * d)]

    def _volumes(self, p: Any, spinodals: list[Any]) -> list[Any]:
        """The volumes v > delta with beta p(v) = p, smallest first (bracketed roots)."""
        d, a, b = self._params()
        f = lambda v: 1 / (v - d) - b * a / (v * v) - p  # noqa: E731
        edges = [d, *spinodals, None]
        roots = []
        for lo, hi in zip(edges, edges[1:], strict=False):
            lo = lo if lo > d else d + (1 / (p + 1)) * mpmath.mpf(10) ** (-mpmath.mp.dps // 3)
            if hi is None:
                hi = 2 * lo + 2 / p + 2 * b * a
            if f(lo) * f(hi) < 0:
                roots.append(bracketed_root(f, lo, hi))
        return roots

    def coexistence(self) -> tuple[Any, Any, Any]:
        """``(rho_gas, rho_liquid, beta p)`` by Maxwell's equal areas at this beta.

        Solves ``int_{v_l}^{v_g} (beta p(v) - beta p*) dv = 0`` for beta p*, with v_l < v_g
        the outer roots of the cubic beta p(v) = beta p*; the area is
        ``ln((v_g - delta)/(v_l - delta)) + beta alpha (1/v_g - 1/v_l) - beta p* (v_g - v_l)``.

        Raises
        ------
        DomainError
            At or above T_c (beta alpha <= 27 delta/8): one phase, no coexistence.
        """
        d, a, b = self._delta, self._alpha, self._beta
        if self._coexistence is not None:
            return self._coexistence
        if b * a * 8 <= 27 * d:
            raise DomainError(
                f"coexistence needs T < T_c, i.e. beta * strength > 27 hard_core/8 = "
                f"{float(Fraction(27) * d / 8)}; got beta * strength = {float(b * a)} "
                "(at and above T_c there is one phase)"
            )
        with mpmath.workdps(self._work() + 10):
            dm, am, bm = self._params()
            spin = self._spinodals()
            # p(v) falls to a local minimum at the liquid spinodal spin[0], rises to a
            # local maximum at the gas spinodal spin[-1]
            p_low = max(self._mean_field_pressure(1 / spin[0]), mpmath.mpf(0))
            p_high = self._mean_field_pressure(1 / spin[-1])

            def area(p: Any) -> Any:
                vs = self._volumes(p, spin)
                vl, vg = vs[0], vs[-1]
                return (
                    mpmath.log((vg - dm) / (vl - dm)) + bm * am * (1 / vg - 1 / vl) - p * (vg - vl)
                )

            # bisection in ln p to 1e-8 relative, then the secant method
            lo = p_low if p_low > 0 else p_high * mpmath.mpf(10) ** -300
            lo = lo * (1 + mpmath.mpf(10) ** -12) if p_low > 0 else lo
            hi = p_high * (1 - mpmath.mpf(10) ** -12)
            p = bracketed_root(area, lo, hi, geometric=True, rtol=1e-8, steps=400)
            vs = self._volumes(p, spin)
            self._coexistence = (self._out(1 / vs[-1]), self._out(1 / vs[0]), self._out(p))
            return self._coexistence

    def _coexisting(self) -> tuple[Any, Any, Any] | None:
        if self._alpha == 0 or self._beta * self._alpha * 8 <= 27 * self._delta:
            return None
        return self.coexistence()

    def pressure(self, density: Any) -> Any:
        """Beta p at ``density``: van der Waals, flat (Maxwell) inside the coexistence region.

        >>> VanDerWaals(1, 1, 1, digits=15).pressure(density=0.5)   # 1 - 1/4
        mpf('0.75')
        """
        rho = self._density(density)
        coex = self._coexisting()
        with mpmath.workdps(self._work()):
            r = _mp(rho)
            if coex is not None and coex[0] < r < coex[1]:
                return self._out(coex[2])
            return self._out(self._mean_field_pressure(r))

    def free_energy(self, density: Any) -> Any:
        """Beta a per rod: van der Waals, or the convex envelope (Maxwell) inside coexistence.

        >>> VanDerWaals(1, 1, 1, digits=15).free_energy(density=0.5)   # ln 1 - 1 - 1/2
        mpf('-1.5')
        """
        rho = self._density(density)
        coex = self._coexisting()
        with mpmath.workdps(self._work()):
            r = _mp(rho)
            if coex is not None and coex[0] < r < coex[1]:
                rg, rl = coex[0], coex[1]
                fg, fl = rg * self._mean_field_energy(rg), rl * self._mean_field_energy(rl)
                return self._out((fg + (r - rg) / (rl - rg) * (fl - fg)) / r)
            return self._out(self._mean_field_energy(r))

    def density(self, pressure: Any) -> Any:
        """The density at beta p = ``pressure`` in the stable phase (lowest beta mu).

        At the coexistence pressure itself: the liquid.

        >>> VanDerWaals(1, 1, 1, digits=15).density(pressure=0.75)
        mpf('0.5')
        """
        s = real_parameter("pressure", pressure)
        with mpmath.workdps(self._work() + 10):
            p = _mp(s)
            d, a, b = self._params()
            vs = self._volumes(p, self._spinodals()) if a > 0 else [d + 1 / p]

            def mu(v: Any) -> Any:
                return self._mean_field_energy(1 / v) + p * v

            best = min(vs, key=lambda v: (mu(v), v))
            return self._out(1 / best)
