"""Square-well rods: a nearest-neighbour well on hard rods, exact (Takahashi); Zwanzig's series.

Pair potential: +oo for r < sigma, -eps for sigma < r < lam sigma, 0 beyond, with
1 < lam <= 2 so that only nearest neighbours interact.  Thermal wavelength 1, k_B = 1.

Exact (isobaric ensemble, the gaps are independent): at s = beta p

    K(s) = int_sigma^oo e^{-s r - beta phi(r)} dr
         = e^{beta eps} (e^{-s sigma} - e^{-s lam sigma})/s + e^{-s lam sigma}/s,

beta mu = -ln K(s), v = 1/rho = -K'(s)/K(s), beta a = beta mu - s v.

Zwanzig's high-temperature series about hard rods at the same density
(s_0 = rho/(1 - rho sigma), w = (lam - 1) sigma, q = 1 - e^{-s_0 w} the probability that a
hard-rod neighbour lies in the well), from the exact solution by differentiating
beta a at fixed rho twice in beta eps (envelope theorem, implicit s):

    beta a_1 = -beta eps q,
    beta a_2 = -(beta eps)^2/2 [q (1 - q) - (s_0 w (1 - q))^2].

Barker-Henderson's macroscopic-compressibility approximation replaces the fluctuation
of the number of bonds by S_0(0) times its mean:
``beta a_2^BH = -(beta eps)^2/2 (1 - rho sigma)^2 q``; :meth:`SquareWellRods.barker_henderson`
returns it (it is not exact: see the tests and docs/papers.md).

Precision: closed forms in mpmath at ``digits`` + 10, one bracketed solve for s; the
correlation length by complex Newton on K(s + t) = K(s).  ``digits=None``: the same at
20 digits, returned as floats (relative error below 1e-15).

Examples
--------
At eps = 0 the rods are Tonks': beta p = rho/(1 - rho sigma) = 1 at rho = 1/2.

>>> SquareWellRods(hard_core=1, well_width=1.5, depth=0, beta=1, digits=15).pressure(density=0.5)
mpf('1.0')
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath

from ...budget import short
from ...errors import ConvergenceError, DomainError
from ...numeric.roots import bracketed_root
from .kac import _digits, _mp, _Rods, real_parameter

__all__ = ["SquareWellRods"]


class SquareWellRods(_Rods):
    """Hard rods of length sigma with a square well of depth eps out to lam sigma (lam <= 2).

    Parameters
    ----------
    hard_core : real
        sigma > 0.
    well_width : real
        lam in (1, 2]: the well reaches lam sigma (nearest neighbours only).
    depth : real
        eps >= 0 (eps < 0 is a square shoulder and is accepted too).
    beta : real
        Inverse temperature > 0.
    digits : int or None
        Significant digits; None for float.

    Examples
    --------
    >>> rods = SquareWellRods(1, 1.5, 1, 1, digits=15)
    >>> abs(rods.density(pressure=rods.pressure(density=0.3)) - 0.3) < 1e-14
    True
    """

    def __init__(
        self,
        hard_core: Any = 1,
        well_width: Any = Fraction(3, 2),
        depth: Any = 1,
        beta: Any = 1,
        digits: int | None = 30,
    ) -> None:
        self._delta = real_parameter("hard_core", hard_core)
        self._lam = real_parameter("well_width", well_width, minimum=1)
        if self._lam > 2:
            raise DomainError(
                f"well_width must lie in (1, 2] (nearest neighbours only); got {short(well_width)}"
            )
        if isinstance(depth, (str, bytes)):
            raise DomainError(f"depth must be a real number; got the text {short(depth)}")
        self._eps = real_parameter("depth", depth, minimum=-(10**9), strict=False)
        self._beta = real_parameter("beta", beta)
        self._digits = _digits(digits)

    def __repr__(self) -> str:
        return (
            f"SquareWellRods(hard_core={self._delta}, well_width={self._lam}, "
            f"depth={self._eps}, beta={self._beta}, digits={self._digits})"
        )

    def _work(self) -> int:
        return (self._digits or 20) + 10

    # -- the isobaric closed form ---------------------------------------------------
    def _k(self, s: Any, be: Any = None) -> tuple[Any, Any]:
        """(K(s), -K'(s)) at beta eps = be."""
        sig, lam = _mp(self._delta), _mp(self._lam)
        be = _mp(self._beta * self._eps) if be is None else be
        a, b = mpmath.exp(-s * sig), mpmath.exp(-s * lam * sig)
        w = mpmath.exp(be)
        k = (w * (a - b) + b) / s
        dk = (w * (a * (sig + 1 / s) - b * (lam * sig + 1 / s)) + b * (lam * sig + 1 / s)) / s
        return k, dk

    def _solve(self, rho: Any, be: Any = None) -> Any:
        """The s with -K'/K = 1/rho (v falls with s): bisection in ln s, then the secant method."""
        target = 1 / rho
        hi = rho / (1 - rho * _mp(self._delta))
        f = lambda s: (lambda kd: kd[1] / kd[0])(self._k(s, be)) - target  # noqa: E731
        while f(hi) > 0:
            hi *= 2
        lo = hi / 2
        while f(lo) < 0:
            lo /= 2
        return bracketed_root(f, lo, hi, geometric=True, rtol=1e-10, steps=60)

    # -- the verbs ---------------------------------------------------------------------
    def pressure(self, density: Any) -> Any:
        """The pressure beta p at ``density`` (exact).

        >>> SquareWellRods(1, 2, 0, 1, digits=15).pressure(density=0.25)   # Tonks: 1/3
        mpf('0.333333333333333')
        """
        rho = self._density(density)
        with mpmath.workdps(self._work()):
            return self._out(self._solve(_mp(rho)))

    def density(self, pressure: Any) -> Any:
        """The density at beta p = ``pressure``: K(s)/(-K'(s)).

        >>> SquareWellRods(1, 2, 0, 1, digits=15).density(pressure=1)
        mpf('0.5')
        """
        s = real_parameter("pressure", pressure)
        with mpmath.workdps(self._work()):
            k, dk = self._k(_mp(s))
            return self._out(k / dk)

    def free_energy(self, density: Any) -> Any:
        """The free energy beta a per rod: -ln K(s) - s/rho at the s of ``density``.

        >>> SquareWellRods(1, 2, 0, 1, digits=15).free_energy(density=0.5)   # ln 1 - 1
        mpf('-1.0')
        """
        rho = self._density(density)
        with mpmath.workdps(self._work()):
            r = _mp(rho)
            s = self._solve(r)
            return self._out(-mpmath.log(self._k(s)[0]) - s / r)

    def correlation_length(self, density: Any) -> Any:
        """The decay length -1/Re t* of h(r), t* the pole of the structure factor nearest 0.

        The pair correlation is rho g(r) = sum_n p^{*n}(r) with the gap density
        p(r) = e^{-s r - beta phi(r)}/K(s), so its Laplace transform psi/(1 - psi),
        psi(t) = K(s + t)/K(s), has poles where K(s + t) = K(s): complex pairs t*
        (h oscillates), followed from hard rods (beta eps = 0, where
        t* = W_k(s sigma e^{s sigma})/sigma - s, k = +-1, Lambert W) by continuation in
        beta eps (the branch k = 2 too), and, for a well (eps > 0), a real pole
        t* = z - s < -s with K(z) = K(s) on the analytic continuation z < 0 (K runs from
        -oo at z = 0- to +oo as z -> -oo, so it exists; the rightmost one is found by a
        scan from z = 0- and bisection): monotonic decay, which leads at low density and
        deep wells.  The slowest of these sets the length.

        >>> xi = SquareWellRods(1, 2, 0, 1, digits=15).correlation_length(density=0.5)
        >>> t = mpmath.lambertw(mpmath.e, 1) - 1          # s = sigma = 1
        >>> abs(xi + 1/mpmath.re(t)) < 1e-13
        True
        """
        rho = self._density(density)
        with mpmath.workdps(self._work()):
            r = _mp(rho)
            s = self._solve(r)
            sig = _mp(self._delta)
            target = _mp(self._beta * self._eps)
            best = None
            for branch in (1, 2):
                t = mpmath.lambertw(s * sig * mpmath.exp(s * sig), branch) / sig - s
                steps = 1 if target == 0 else 8
                for j in range(1, steps + 1):
                    be = target * j / steps
                    s_j = s if j == steps else self._solve(r, be)
                    k0 = self._k(s_j, be)[0]
                    try:
                        t = mpmath.findroot(
                            lambda z, s_j=s_j, be=be, k0=k0: self._k(s_j + z, be)[0] - k0, t
                        )
                    except (ValueError, ZeroDivisionError):
                        raise ConvergenceError(
                            "the structure-factor pole was lost in the continuation"
                        ) from None
                rate = -mpmath.re(t)
                if rate <= 0:
                    raise ConvergenceError("the structure-factor pole left the left half-plane")
                best = rate if best is None else min(best, rate)
            assert best is not None
            real = self._real_pole(s)
            if real is not None:
                best = min(best, -real)
            return self._out(1 / best)

    def _real_pole(self, s: Any) -> Any:
        """The largest real t < -s with K(s + t) = K(s), or None (no well)."""
        if self._beta * self._eps <= 0:
            return None
        k0 = self._k(s)[0]
        f = lambda z: self._k(z)[0] - k0  # noqa: E731
        sig = _mp(self._delta)
        step = sig / 64 if sig > 0 else mpmath.mpf(1) / 64
        z_right = -step / 1024
        z = z_right
        for _ in range(200_000):
            z_left = z - step
            if f(z_left) > 0:
                break
            z, step = z_left, step * mpmath.mpf("1.02")
        else:  # pragma: no cover
            raise ConvergenceError("the real pole of the structure factor was not bracketed")
        root = mpmath.findroot(f, (z_left, z), solver="anderson")
        return root - s

    # -- the series ------------------------------------------------------------------------
    def _series_inputs(self, rho: Any) -> tuple[Any, Any, Any]:
        sig, lam = _mp(self._delta), _mp(self._lam)
        s0 = rho / (1 - rho * sig)
        w = (lam - 1) * sig
        return s0, w, 1 - mpmath.exp(-s0 * w)

    def perturbation_series(self, density: Any, order: int = 2) -> tuple[Any, ...]:
        """Zwanzig's terms (beta a_0, beta a_1, beta a_2) in powers of beta eps (exact).

        beta a_0 = ln(rho/(1 - rho sigma)) - 1, beta a_1 = -beta eps q,
        beta a_2 = -(beta eps)^2 [q (1 - q) - (s_0 w (1 - q))^2]/2 (module docstring).

        >>> t = SquareWellRods(1, 2, 1, 1, digits=15).perturbation_series(density=0.5)
        >>> t[1]     # -(1 - e^{-1})
        mpf('-0.632120558828558')
        """
        rho = self._density(density)
        if isinstance(order, bool) or order not in (0, 1, 2):
            raise DomainError(f"order must be 0, 1 or 2; got {short(order)}")
        with mpmath.workdps(self._work()):
            r = _mp(rho)
            s0, w, q = self._series_inputs(r)
            be = _mp(self._beta * self._eps)
            terms = [
                mpmath.log(s0) - 1,
                -be * q,
                -(be**2) / 2 * (q * (1 - q) - (s0 * w * (1 - q)) ** 2),
            ]
            return tuple(self._out(t) for t in terms[: order + 1])

    def barker_henderson(self, density: Any) -> Any:
        """Barker-Henderson's compressibility a_2: -(beta eps)^2 (1 - rho sigma)^2 q/2.

        >>> SquareWellRods(1, 2, 1, 1, digits=15).barker_henderson(density=0.5)
        mpf('-0.0790150698535697')
        """
        rho = self._density(density)
        with mpmath.workdps(self._work()):
            r = _mp(rho)
            _, _, q = self._series_inputs(r)
            be = _mp(self._beta * self._eps)
            return self._out(-(be**2) / 2 * (1 - r * _mp(self._delta)) ** 2 * q)
