"""The Kac gas: the exact isobaric solution against independent routes, and its limits.

Every expected value is typed from a hand derivation or computed here by a route that
shares no code with mesosym.mesoscopic.models.kac: Tonks' closed forms, a Nystrom
discretisation of the transfer kernel in the OU variable (Gauss-Hermite nodes, the
Mehler kernel integrated over the gap by Gauss-Laguerre), the direct Boltzmann factor
of two rods on a ring, the van der Waals equalities of pressure and chemical potential
solved by mpmath.findroot, and Richardson extrapolation in gamma.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from conftest import cpu_budget

from mesosym.errors import BudgetError, DomainError
from mesosym.mesoscopic import KacGas
from mesosym.mesoscopic.isobaric_transfer import KacTransfer
from mesosym.mesoscopic.models.kac import VanDerWaals


# -- Tonks: no attraction ---------------------------------------------------------
def test_tonks_at_zero_attraction_to_30_digits() -> None:
    gas = KacGas(hard_core=mpmath.mpf(3) / 4, strength=0, range=0.3, beta=2, digits=30)
    with mpmath.workdps(40):
        for rho in (mpmath.mpf(1) / 10, mpmath.mpf(1), mpmath.mpf(13) / 10):
            p = rho / (1 - rho * mpmath.mpf(3) / 4)
            assert abs(gas.pressure(density=rho) - p) < 1e-29 * p
            a = mpmath.log(rho / (1 - rho * mpmath.mpf(3) / 4)) - 1
            assert abs(gas.free_energy(density=rho) - a) < 1e-28
            assert abs(gas.density(pressure=p) - rho) < 1e-29 * rho


# -- two routes to lambda(s) ------------------------------------------------------
def _nystrom_log_lambda(s: float, delta: float, ba: float, gamma: float, nodes: int) -> float:
    """ln of the largest eigenvalue of the kernel discretised in the OU variable u.

    T f(u) = e^{-c^2/2} e^{c u/2} int dv phi0(v) q(u, v) e^{c v/2} f(v), c^2 = beta alpha gamma,
    q(u, v) = int_delta^oo e^{-s r} p_r(u, v)/phi0(v) dr with the OU transition density
    (Mehler: t = e^{-gamma r}, exp(-(t^2 (u^2 + v^2) - 2 t u v)/(2 (1 - t^2)))/sqrt(1 - t^2)).
    """
    c2 = ba * gamma
    u, w = np.polynomial.hermite_e.hermegauss(nodes)
    w = w / w.sum()
    y, wl = np.polynomial.laguerre.laggauss(nodes)
    t = np.exp(-gamma * (delta + y / s))[:, None, None]
    uu, vv = u[None, :, None], u[None, None, :]
    kernel = np.exp(-(t**2 * (uu**2 + vv**2) - 2 * t * uu * vv) / (2 * (1 - t**2)))
    q = math.exp(-s * delta) / s * np.tensordot(wl, kernel / np.sqrt(1 - t**2), axes=1)
    e = np.exp(math.sqrt(c2) * u / 2) * np.sqrt(w)
    return math.log(np.linalg.eigvalsh(e[:, None] * q * e[None, :] * math.exp(-c2 / 2))[-1])


@pytest.mark.parametrize(
    ("gamma", "ba", "s"),
    [
        (0.5, 1.0, 0.5),
        pytest.param(1.0, 2.0, 0.3, marks=pytest.mark.slow),
        pytest.param(0.5, 3.0, 1.0, marks=pytest.mark.slow),
        (0.7, 0.5, 2.0),
    ],
)
def test_hermite_basis_against_nystrom(gamma: float, ba: float, s: float) -> None:
    exact = KacTransfer(1, ba * gamma, gamma).point(mpmath.mpf(s), 20).log_eigenvalue
    assert abs(_nystrom_log_lambda(s, 1.0, ba, gamma, 110) - float(exact)) < 1e-10


@pytest.mark.slow
def test_two_rods_on_a_ring_trace() -> None:
    """Tr T(s)^2 = int int_{r1, r2 >= delta} e^{-s L} e^{c^2 (C_L(0) - 1)}/(1 - e^{-gamma L})
    * exp(-beta U_ring(r1)), L = r1 + r2: the Boltzmann factor of two rods on a ring of
    length L with the periodised tail -alpha gamma C_L(r), C_L(r) = cosh(gamma (L/2 - r))/
    sinh(gamma L/2) (images summed), times the loop normalisation of the OU process."""
    delta, ba, gamma, s = 1.0, 1.5, 0.6, 0.8
    c2 = ba * gamma
    w, _ = KacTransfer(delta, c2, gamma).float_eigen(s, 80)
    trace = float(np.sum(w**2))

    def integrand(r1: float, r2: float) -> float:
        length = r1 + r2
        cl = lambda r: math.cosh(gamma * (length / 2 - r)) / math.sinh(gamma * length / 2)  # noqa: E731
        return math.exp(-s * length + c2 * (cl(0) - 1) + c2 * cl(r1)) / (
            1 - math.exp(-gamma * length)
        )

    with mpmath.workdps(20):
        direct = mpmath.quad(
            lambda a, b: integrand(float(a), float(b)),
            [delta, delta + 5, 80],
            [delta, delta + 5, 80],
        )
    assert abs(float(direct) - trace) < 1e-9 * trace


# -- precision -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("gamma", "beta", "rho"),
    [
        (0.5, 1, 0.3),
        pytest.param(0.1, 3.75, 1 / 3, marks=pytest.mark.slow),
        pytest.param(0.05, 5, 0.8, marks=pytest.mark.slow),
        pytest.param(0.025, 4, 0.6, marks=pytest.mark.slow),
    ],
)
def test_float64_route_against_30_digits(gamma: float, beta: float, rho: float) -> None:
    exact = KacGas(1, 1, gamma, beta, digits=30)
    fast = KacGas(1, 1, gamma, beta, digits=None)
    p = exact.pressure(density=rho)
    assert abs(fast.pressure(density=rho) - float(p)) < 1e-10 * abs(float(p))
    assert abs(fast.free_energy(density=rho) - float(exact.free_energy(density=rho))) < 1e-10


@pytest.mark.slow
def test_digits_are_what_they_claim() -> None:
    """30 digits and 45 digits agree to 30 digits (the truncation and refinement control)."""
    a = KacGas(1, 1, 0.2, 3, digits=30).pressure(density=0.45)
    b = KacGas(1, 1, 0.2, 3, digits=45).pressure(density=0.45)
    with mpmath.workdps(50):
        assert abs(a - b) < mpmath.mpf(10) ** -29 * abs(b)
    assert a.digits == 30


@pytest.mark.slow
def test_pressure_and_density_are_inverse() -> None:
    gas = KacGas(1, 1, 0.25, 4, digits=25)
    for rho in (0.05, 0.3, 0.7):
        assert abs(gas.density(pressure=gas.pressure(density=rho)) - rho) < 1e-24


# -- the van der Waals limit ---------------------------------------------------------------
def test_critical_point_typed_and_checked() -> None:
    import sympy as sp

    rho, d, a, t = sp.symbols("rho delta alpha T", positive=True)
    p = rho * t / (1 - rho * d) - a * rho**2
    crit = {t: sp.Rational(8, 27) * a / d, rho: 1 / (3 * d)}
    assert sp.simplify(sp.diff(p, rho).subs(crit)) == 0
    assert sp.simplify(sp.diff(p, rho, 2).subs(crit)) == 0
    tc, rc, pc = VanDerWaals(hard_core=2, strength=3, beta=1, digits=30).critical_point()
    with mpmath.workdps(30):
        assert abs(tc - mpmath.mpf(8) * 3 / 54) < 1e-29
        assert abs(rc - mpmath.mpf(1) / 6) < 1e-29
        assert abs(pc - mpmath.mpf(3) / 108) < 1e-29
        assert abs(pc - mpmath.mpf(sp.N(p.subs(crit).subs({a: 3, d: 2}), 40))) < 1e-29


def _coexistence_by_equalities(t_r: float) -> tuple[mpmath.mpf, mpmath.mpf, mpmath.mpf]:
    """delta = alpha = 1: equal beta p and beta mu, beta mu = ln z + z - 2 beta alpha rho,
    z = rho/(1 - rho), beta p = z - beta alpha rho^2; mpmath.findroot from the
    near-critical expansion rho = rho_c (1 +- 2 sqrt(1 - T_r))."""
    ba = mpmath.mpf(27) / (8 * mpmath.mpf(t_r))

    def p(r: mpmath.mpf) -> mpmath.mpf:
        return r / (1 - r) - ba * r * r

    def mu(r: mpmath.mpf) -> mpmath.mpf:
        return mpmath.log(r / (1 - r)) + r / (1 - r) - 2 * ba * r

    eps = 2 * mpmath.sqrt(1 - mpmath.mpf(t_r))
    guess = (mpmath.mpf(1) / 3 * (1 - eps), mpmath.mpf(1) / 3 * (1 + eps))
    if t_r < 0.8:  # far below T_c: the dilute gas and the dense liquid
        guess = (mpmath.mpf("1e-3"), mpmath.mpf("0.8"))
    rg, rl = mpmath.findroot(lambda x, y: (p(x) - p(y), mu(x) - mu(y)), guess)
    return rg, rl, p(rg)


@pytest.mark.parametrize(
    "t_r",
    [
        0.99,
        pytest.param(0.95, marks=pytest.mark.slow),
        pytest.param(0.9, marks=pytest.mark.slow),
        pytest.param(0.85, marks=pytest.mark.slow),
    ],
)
def test_coexistence_against_the_two_equalities(t_r: float) -> None:
    with mpmath.workdps(40):
        rg, rl, p = _coexistence_by_equalities(t_r)
        assert rl - rg > 0.01
        ba = mpmath.mpf(27) / (8 * mpmath.mpf(t_r))
        got = VanDerWaals(1, 1, ba, digits=30).coexistence()
        for x, y in zip(got, (rg, rl, p), strict=True):
            assert abs(x - y) < 1e-27 * y  # 30 digits stated


def test_coexistence_at_60_digits_where_the_secant_method_stalled() -> None:
    # beta alpha = 4: the liquid spinodal v^3 = 8 (v - 1)^2 is v = 2, the midpoint of the
    # bracket (1, 3); the secant method from the bisected bracket (x, 2) stalled at 60
    # digits (a ValueError from mpmath) until the bisection went on to the working precision
    t_r = mpmath.mpf(27) / 32
    with mpmath.workdps(80):
        rg, rl, p = _coexistence_by_equalities(t_r)
        got = VanDerWaals(1, 1, 4, digits=60).coexistence()
        for x, y in zip(got, (rg, rl, p), strict=True):
            assert abs(x - y) < 1e-58 * y


def test_coexistence_refused_at_and_above_tc() -> None:
    with pytest.raises(DomainError, match="T < T_c"):
        VanDerWaals(1, 1, mpmath.mpf(27) / 8).coexistence()
    with pytest.raises(DomainError, match="T < T_c"):
        KacGas(1, 1, 0.1, 1).van_der_waals().coexistence()


@pytest.mark.slow
def test_maxwell_is_flat_and_the_envelope_convex() -> None:
    vdw = VanDerWaals(1, 1, 4, digits=20)
    rg, rl, p = vdw.coexistence()
    mid = (rg + rl) / 2
    assert abs(vdw.pressure(density=mid) - p) < 1e-19
    # the free energy per volume is linear inside: rho a(rho) at the midpoint
    fa = [r * vdw.free_energy(density=r) for r in (rg, mid, rl)]
    assert abs(fa[1] - (fa[0] + fa[2]) / 2) < 1e-18
    # and the chemical potential d(rho a)/drho equals beta mu at both ends
    assert vdw.density(pressure=p * (1 + mpmath.mpf(10) ** -8)) > rl * 0.99


@pytest.mark.slow
def test_finite_range_isotherm_has_no_flat_part() -> None:
    """Below T_c at finite gamma: rho(p) is single valued and strictly increasing."""
    gas = KacGas(1, 1, 0.2, 4, digits=None)
    ps = [gas.pressure(density=r) for r in np.linspace(0.1, 0.7, 13)]
    assert all(b > a for a, b in zip(ps, ps[1:], strict=False))


@pytest.mark.slow
def test_lebowitz_penrose_limit_inside_coexistence() -> None:
    """At T_r = 0.9 and rho = rho_c the exact pressure falls towards Maxwell's as gamma -> 0."""
    ba = 27 / (8 * 0.9)
    _, _, p_coex = VanDerWaals(1, 1, ba, digits=20).coexistence()
    gaps = [
        KacGas(1, 1, g, ba, digits=None).pressure(density=1 / 3) - float(p_coex)
        for g in (0.2, 0.1, 0.05)
    ]
    assert all(g > 0 for g in gaps)
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 0.2 * float(p_coex)


# -- the approach to the limit and the perturbation series -----------------------------------
def _exact_free_energy(gamma: float, ba: float, rho: float) -> float:
    return KacGas(1, ba, gamma, 1, digits=None).free_energy(density=rho)


def test_order_gamma_coefficient_is_the_ring_term() -> None:
    """(beta a(gamma) - beta a_vdW)/gamma -> c_1 = [sqrt(1 - x) - 1 + beta alpha rho]/(2 rho),
    x = 2 beta alpha rho (1 - rho delta)^2 (hand derivation: the Gaussian fluctuation of the
    density coarse-grained over 1/gamma); Richardson extrapolation of the exact solution."""
    ba, rho = 2.0, 0.4
    a_vdw = math.log(rho / (1 - rho)) - 1 - ba * rho
    x = 2 * ba * rho * (1 - rho) ** 2
    c1 = (math.sqrt(1 - x) - 1 + ba * rho) / (2 * rho)
    ys = [(_exact_free_energy(g, ba, rho) - a_vdw) / g for g in (0.1, 0.05, 0.025)]
    r1, r2 = 2 * ys[1] - ys[0], 2 * ys[2] - ys[1]
    assert abs(4 * r2 - r1) / 3 == pytest.approx(c1, rel=2e-5)
    assert abs(ys[2] - c1) < 0.01


@pytest.mark.slow
def test_series_sum_is_exact_to_order_gamma_squared() -> None:
    ba, rho = 2.0, 0.4
    for gamma in (0.1, 0.05):
        terms = KacGas(1, ba, gamma, 1, digits=20).perturbation_series(density=rho)
        exact = _exact_free_energy(gamma, ba, rho)
        assert abs(float(sum(terms)) - exact) < 0.2 * gamma**2
        assert abs(float(terms[1]) + ba * rho) < gamma  # mean field + O(gamma)


def test_first_order_term_is_the_exact_derivative_in_alpha() -> None:
    """beta a_1 / alpha = d(beta a)/d alpha at alpha = 0 (central difference of the exact
    solution at 30 digits, error O(h^2))."""
    gamma, rho, h = 0.3, 0.5, mpmath.mpf(10) ** -6
    with mpmath.workdps(30):
        plus = KacGas(1, h, gamma, 1, digits=30).free_energy(density=rho)
        minus_ = KacGas(1, 0, gamma, 1, digits=30).free_energy(density=rho)
        slope = (plus - minus_) / h
        a1 = KacGas(1, 1, gamma, 1, digits=30).perturbation_series(density=rho, order=1)[1]
        assert abs(slope - a1) < 1e-5 * abs(a1)


def test_ring_term_refused_inside_the_spinodal() -> None:
    with pytest.raises(DomainError, match="ring sum diverges"):
        KacGas(1, 1, 0.1, 5).perturbation_series(density=1 / 3)


# -- correlation length ------------------------------------------------------------------------
def test_correlation_length_without_attraction() -> None:
    """lambda_2/lambda_1 = g_1/g_0 = e^{-gamma delta} s/(s + gamma):
    xi = v/(gamma delta + ln(1 + gamma/s))."""
    with mpmath.workdps(25):
        gamma, rho = mpmath.mpf(2) / 5, mpmath.mpf(1) / 4
        s = rho / (1 - rho)
        xi = KacGas(1, 0, gamma, 1, digits=20).correlation_length(density=rho)
        assert abs(xi - 4 / (gamma + mpmath.log(1 + gamma / s))) < 1e-18


@pytest.mark.slow
def test_correlation_length_tends_to_ornstein_zernike() -> None:
    ba, rho = 2.0, 0.4
    x = 2 * ba * rho * (1 - rho) ** 2
    gx = [
        g * KacGas(1, ba, g, 1, digits=None).correlation_length(density=rho)
        for g in (0.1, 0.05, 0.025)
    ]
    assert abs(gx[2] - 1 / math.sqrt(1 - x)) < 0.01
    assert abs((2 * gx[2] - gx[1]) - 1 / math.sqrt(1 - x)) < 2e-3


def test_correlation_length_float_and_digits_agree() -> None:
    a = KacGas(1, 1, 0.3, 3, digits=25).correlation_length(density=0.4)
    b = KacGas(1, 1, 0.3, 3, digits=None).correlation_length(density=0.4)
    assert abs(float(a) - b) < 1e-9 * b


# -- bad input and the budget ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"hard_core": 0}, "hard_core"),
        ({"strength": -1}, "strength"),
        ({"range": 0}, "range"),
        ({"beta": "1"}, "beta"),
        ({"digits": 0}, "digits"),
        ({"digits": 10_000}, "digits"),
    ],
)
def test_bad_parameters(kwargs: dict, match: str) -> None:
    with pytest.raises(DomainError, match=match):
        KacGas(**kwargs)


def test_bad_density() -> None:
    gas = KacGas(2, 1, 0.1, 1)
    for rho in (0, 0.5, -1, float("nan")):
        with pytest.raises(DomainError, match="density"):
            gas.pressure(density=rho)


def test_tiny_range_refused_before_the_work() -> None:
    with cpu_budget(), pytest.raises(BudgetError, match="range"):
        KacGas(1, 1, 1e-5, 5, digits=30).pressure(density=0.5)


# -- the command line and the figure -------------------------------------------------------------
def test_cli_kac_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from mesosym.cli import main

    code = main(
        [
            "mesoscopic",
            "kac",
            "--range",
            "1/2",
            "--beta",
            "1",
            "--strength",
            "0",
            "--pressure",
            "1",
            "--digits",
            "12",
            "--format",
            "json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert float(data["density rho"]) == pytest.approx(0.5, abs=1e-12)  # Tonks: s/(1 + s)
    assert data["van der Waals coexistence (rho_gas, rho_liquid, beta p)"] is None


def test_cli_kac_refusals(capsys: pytest.CaptureFixture[str]) -> None:
    from mesosym.cli import main

    assert main(["mesoscopic", "kac", "--beta", "1", "--pressure", "1"]) == 2
    assert "range" in capsys.readouterr().err
    assert main(["mesoscopic", "kac", "--range", "0.1", "--beta", "1"]) == 2
    assert "exactly one" in capsys.readouterr().err
    assert main(["mesoscopic", "ising", "--sites", "4"]) == 2
    assert "--cells" in capsys.readouterr().err


@pytest.mark.slow
def test_isotherm_data_converges_to_maxwell() -> None:
    from mesosym.figures.mesoscopic import kac_isotherms_data

    d = kac_isotherms_data(beta=4.0, ranges=(0.2, 0.05), points=12)
    assert d.coexistence is not None
    rg, rl, pc = d.coexistence
    # at Maxwell's pressure the density rises with 1/gamma towards the tie line's width
    i = int(np.argmin(abs(d.pressures - pc * 1.1)))
    assert d.densities[1][i] > d.densities[0][i]
    assert all(bool(np.all(np.diff(rho) > 0)) for rho in d.densities)


# -- the mesoscopic reading ----------------------------------------------------------------------
def test_mesoscopic_tonks_in_cells_is_the_hard_rod_formula() -> None:
    """alpha = 0, delta = c w: beta a_mes - beta a = 1 + (1 - t) ln(1 - t)/t, t = w rho/(1 - rho
    delta) -- the per-rod limit of ln Z - ln Z_mes of derivations.mesoscopic_hard_rods."""
    with mpmath.workdps(35):
        gas = KacGas(1, 0, 0.3, 1, digits=30)
        for rho, c in ((mpmath.mpf(1) / 5, 1), (mpmath.mpf(1) / 2, 4), (mpmath.mpf(7) / 10, 8)):
            w = mpmath.mpf(1) / c
            t = w * rho / (1 - rho)
            gap = gas.mesoscopic_free_energy(rho, w) - gas.free_energy(rho)
            assert abs(gap - (1 + (1 - t) * mpmath.log(1 - t) / t)) < 1e-28


def test_mesoscopic_kac_gas_is_order_one_in_the_cell_width() -> None:
    """beta a_mes - beta a -> (w/2)(s + gamma <n>): first-order perturbation of
    g_n -> g_n x_n w/(e^{x_n w} - 1), x_n = s + n gamma (commensurate cells); measured by
    Richardson extrapolation, <n> the mean Hermite index of the float64 eigenvector."""
    gamma, ba, rho = 0.2, 2.0, 0.4
    gas = KacGas(1, ba, gamma, 1, digits=None)
    s = gas.pressure(density=rho)
    n, _, vec = KacTransfer(1, ba * gamma, gamma).float_basis(s)
    mean_n = float(np.sum(np.arange(n) * vec[:, -1] ** 2))
    a = gas.free_energy(density=rho)
    slopes = [(gas.mesoscopic_free_energy(rho, 1 / c) - a) * c for c in (16, 32, 64)]
    assert 2 * slopes[2] - slopes[1] == pytest.approx((s + gamma * mean_n) / 2, rel=2e-4)
    assert slopes[0] > slopes[1] > slopes[2] > 0  # Z_mes < Z (Jensen), approached from above


def test_mesoscopic_refuses_densities_the_cells_cannot_hold() -> None:
    with pytest.raises(DomainError, match="k_min"):
        KacGas(1, 1, 0.2, 1).mesoscopic_free_energy(0.7, 0.5)  # rods 3 cells apart: rho < 2/3
