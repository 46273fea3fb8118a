"""Square-well rods: the nearest-neighbour isobaric solution and Zwanzig's series, checked.

Independent routes: the Laplace integral by quadrature, thermodynamic consistency
(beta p = rho^2 d(beta a)/d rho by central differences), Zwanzig's coefficients as
central differences of the exact beta a in beta eps, and hard rods (Lambert W).
"""

from __future__ import annotations

import mpmath
import pytest

from mesosym.errors import DomainError
from mesosym.mesoscopic import SquareWellRods


def test_isobaric_integral_by_quadrature() -> None:
    """v(s) = int r e^{-s r - beta phi} dr / int e^{-s r - beta phi} dr, by quadrature."""
    with mpmath.workdps(30):
        sigma, lam, be, s = mpmath.mpf(1), mpmath.mpf(3) / 2, mpmath.mpf(2), mpmath.mpf(7) / 10
        weight = lambda r: mpmath.exp(-s * r + (be if r < lam * sigma else 0))  # noqa: E731
        k = mpmath.quad(weight, [sigma, lam * sigma, mpmath.inf])
        m = mpmath.quad(lambda r: r * weight(r), [sigma, lam * sigma, mpmath.inf])
        rods = SquareWellRods(1, mpmath.mpf(3) / 2, 2, 1, digits=25)
        assert abs(rods.density(pressure=s) - k / m) < 1e-24
        assert abs(rods.pressure(density=k / m) - s) < 1e-23


def test_pressure_is_the_density_derivative_of_the_free_energy() -> None:
    rods = SquareWellRods(1, mpmath.mpf(8) / 5, mpmath.mpf(3) / 2, 2, digits=30)
    with mpmath.workdps(30):
        rho, h = mpmath.mpf(2) / 5, mpmath.mpf(10) ** -8
        slope = (rods.free_energy(density=rho + h) - rods.free_energy(density=rho - h)) / (2 * h)
        assert abs(rods.pressure(density=rho) - rho**2 * slope) < 1e-14


@pytest.mark.parametrize(("rho", "lam"), [(0.2, 1.5), (0.5, 1.5), (0.7, 2.0), (0.4, 1.1)])
def test_zwanzig_coefficients_are_the_exact_derivatives(rho: float, lam: float) -> None:
    """beta a_1/(beta eps) = d(beta a)/d(beta eps), beta a_2/(beta eps)^2 = (1/2) d^2 beta a/..."""
    with mpmath.workdps(40):
        h = mpmath.mpf(10) ** -8
        f = lambda e: SquareWellRods(1, lam, e, 1, digits=35).free_energy(density=rho)  # noqa: E731
        f0, fp, fm = f(0), f(h), f(-h)
        a = SquareWellRods(1, lam, 1, 1, digits=30).perturbation_series(density=rho)
        assert abs((fp - fm) / (2 * h) - a[1]) < 1e-12
        assert abs((fp - 2 * f0 + fm) / (2 * h * h) - a[2]) < 1e-6
        assert abs(f0 - a[0]) < 1e-25


def test_barker_henderson_is_not_exact_beyond_second_virial_order() -> None:
    """BH's compressibility a_2 and the exact a_2 agree to order rho, differ at rho^2."""
    for rho, lam in ((0.5, 1.5), (0.3, 2.0)):
        rods = SquareWellRods(1, lam, 1, 1, digits=20)
        exact, bh = rods.perturbation_series(density=rho)[2], rods.barker_henderson(density=rho)
        assert abs(bh / exact - 1) > 0.1
    rods = SquareWellRods(1, 1.5, 1, 1, digits=20)
    rho = mpmath.mpf(10) ** -4
    exact, bh = rods.perturbation_series(density=rho)[2], rods.barker_henderson(density=rho)
    assert abs(bh / exact - 1) < 1e-3


def test_correlation_length_of_hard_rods_and_with_a_well() -> None:
    """At eps = 0 the pole is t = W_{+-1}(s sigma e^{s sigma})/sigma - s (typed from
    the hard-rod psi(t) = s e^{-t sigma}/(s + t)); with a well the pole satisfies
    K(s + t) = K(s) evaluated by quadrature."""
    with mpmath.workdps(25):
        s = mpmath.mpf(3)
        rho = s / (1 + s)
        xi = SquareWellRods(1, 2, 0, 1, digits=20).correlation_length(density=rho)
        t = mpmath.lambertw(s * mpmath.exp(s), 1) - s
        assert abs(xi + 1 / mpmath.re(t)) < 1e-18
    deep = SquareWellRods(1, 1.5, 1, 1, digits=20).correlation_length(density=0.5)
    assert 0 < deep < 50


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"well_width": 2.5}, "well_width"),
        ({"well_width": 1}, "well_width"),
        ({"hard_core": -1}, "hard_core"),
        ({"beta": 0}, "beta"),
        ({"depth": "1"}, "depth"),
    ],
)
def test_bad_parameters(kwargs: dict, match: str) -> None:
    with pytest.raises(DomainError, match=match):
        SquareWellRods(**kwargs)


def _k(z, lam, be):
    """K(z) = int_1^oo e^{-z r + be [r < lam]} dr, typed (sigma = 1), continued to z < 0."""
    return (mpmath.exp(be) * (mpmath.exp(-z) - mpmath.exp(-z * lam)) + mpmath.exp(-z * lam)) / z


@pytest.mark.slow
@pytest.mark.parametrize(("lam", "be", "rho"), [(1.5, 1, 0.5), (2.0, 3, 0.1)])
def test_correlation_length_is_the_slowest_pole(lam: float, be: float, rho: float) -> None:
    """Every root of K(s + t) = K(s) found from a grid of starts (complex) and by bisection
    on the real line decays at least as fast as 1/xi; one of them decays at exactly 1/xi."""
    with mpmath.workdps(20):
        rods = SquareWellRods(1, lam, be, 1, digits=15)
        xi = rods.correlation_length(density=rho)
        rho_m = mpmath.mpf(rho)
        s = mpmath.findroot(
            lambda x: -mpmath.diff(lambda y: mpmath.log(_k(y, lam, be)), x) - 1 / rho_m,
            rods.pressure(density=rho),
        )
        k0 = _k(s, lam, be)
        rates = []
        for start in (mpmath.mpc(-0.2, 1.5), mpmath.mpc(-1, 4), mpmath.mpc(-1, 7)):
            try:
                t = mpmath.findroot(lambda z: _k(s + z, lam, be) - k0, start)
            except ValueError:  # this start wanders off: others cover the strip
                continue
            if abs(_k(s + t, lam, be) - k0) < 1e-12 and abs(t) > 1e-6:
                rates.append(-t.real)
        z = -mpmath.mpf(1) / 4096
        while _k(z - mpmath.mpf(1) / 64, lam, be) < k0:
            z -= mpmath.mpf(1) / 64
        root = mpmath.findroot(
            lambda x: _k(x, lam, be) - k0, (z - mpmath.mpf(1) / 64, z), solver="bisect"
        )
        rates.append(s - root)
        assert len(rates) >= 2
        assert min(rates) == pytest.approx(float(1 / xi), rel=1e-8)
