"""Mesoscopic fine graining, smooth pair potential: order 2, coefficient beta^2 <|grad U|^2>/24.

N particles on [0, L] with a Gaussian core phi(r) = A exp(-r^2/(2 s^2)), of
either sign, M cells of width w = L/M.

1. Cell averages: two uniform points in cells k apart are at distance w|k + u|,
   u with the triangle density 1 - |u| on [-1, 1]: phibar(k) is one integral.
2. Z_mes = (w^N/N!) sum over cell tuples c of exp(-beta Ubar(c)), with
   Ubar(c) = E_xi U(c + xi), xi_i independent uniform in the cells, while
   Z = (w^N/N!) sum_c E_xi exp(-beta U(c + xi)) exactly (the integral split
   into cells).  Jensen in every sector: Z_mes <= Z.
3. Second order: U - Ubar = sum_i xi_i dU/dx_i + O(w^2), Var xi_i = w^2/12, odd
   moments vanish, so ln E exp(-beta (U - Ubar)) = beta^2 w^2 |grad U|^2/24
   + O(w^4) (exactly ln(sinh y / y) with y = beta g w/2 for one linear term),
   and ln Z - ln Z_mes = C w^2 + O(w^4), C = beta^2 <sum_i (dU/dx_i)^2>/24.
4. Measured: the gap falls by 4 per halving of w, and (16 D(w/2) - D(w))/(3 w^2)
   agrees with C to about 1e-6 (N = 2, 3; A = +1, -1).
5. C is a sum over the N particles: at fixed w the correction is extensive, so
   ln Z_mes/N - ln Z/N -> (const) w^2 as N -> oo (not 0): the cells must shrink
   first (Z_mes/Z -> 1 needs N w^2 -> 0).  Measured from sector sums alone at
   density 1, C/N settles for the repulsive core and grows with N for the
   attractive one (not H-stable).  Hard cores change the order to 1
   (mesoscopic_hard_rods); beta <= 0 is refused (the kinetic energy has no upper bound).

Run ``python -m derivations.mesoscopic_fine_graining`` for the report.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from mesosym.checking.derivation import Derivation, Step, close, exact, identity, less
from mesosym.errors import DomainError
from mesosym.mesoscopic import ContinuumGas
from mesosym.mesoscopic.pair_averages import cell_pair_average, potential_function
from mesosym.papers import MESOSCOPIC
from mesosym.symbols import r

__all__ = ["derive", "gaussian"]

TITLE = "Part B, a smooth pair potential: the fine-graining limit at order 2"
EQUATIONS: tuple[str, ...] = ()
PAPER = MESOSCOPIC.arxiv_id


def gaussian(amplitude: int) -> sp.Expr:
    """phi(r) = A exp(-r^2/(2 s^2)) with s = 1/2."""
    return amplitude * sp.exp(-2 * r**2)


def _refused(beta: int) -> bool:
    try:
        ContinuumGas(2, 1, gaussian(1), beta=beta)
    except DomainError as err:
        return str(err).startswith("beta")
    return False


def derive() -> Derivation:
    """Return the checked steps."""
    steps: list[Step] = []
    u, x = sp.symbols("u x", positive=True)
    steps.append(
        identity(
            "",
            "The difference u of two uniform numbers on [0, 1] has density 1 - |u|: for "
            "0 < u < 1, the length of {x in [0, 1]: x - u in [0, 1]} is 1 - u (and by "
            "symmetry 1 + u for u < 0).",
            sp.integrate(1, (x, u, 1)),
            1 - u,
        )
    )
    phi = potential_function(gaussian(-2))
    with mpmath.workdps(20):
        w = mpmath.mpf("0.4")
        pairs = []
        for k in (1, 2, 3):
            direct = mpmath.quad(
                lambda y1, y2, k=k: phi(k * w + y2 - y1), [0, w], [0, w], method="gauss-legendre"
            ) / (w * w)
            pairs.append((cell_pair_average(phi, w, k), direct))
        same = 2 * mpmath.quad(lambda y1: mpmath.quad(lambda y2: phi(y1 - y2), [0, y1]), [0, w])
        pairs.append((cell_pair_average(phi, w, 0), same / (w * w)))
    steps.append(
        close(
            "README B",
            "phibar(k) = int_0^1 (1 - u)[phi(w|k + u|) + phi(w|k - u|)] du equals the double "
            "integral of phi(|x - y|) over two cells (w = 0.4, k = 0..3, A = -2; 20 digits).",
            pairs,
            rtol=1e-14,
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for n, M, A in ((3, 8, 1), (4, 6, -1), (2, 20, -1)):
            gas = ContinuumGas(n, 2, gaussian(A), digits=25)
            by_definition = gas.log_mesoscopic_partition_function(M, method="enumerate")
            pairs.append((gas.log_mesoscopic_partition_function(M, method="mpmath"), by_definition))
    steps.append(
        close(
            "README B",
            "Z_mes summed over translation classes of sectors equals the sector sum by its "
            "definition, Hbar(n) = (1/2) sum_ab n_a (n_b - delta_ab) phibar_ab (N = 2, 3, 4).",
            pairs,
            rtol=1e-22,
        )
    )
    w_s, b, g, xi = sp.symbols("w beta g xi", positive=True)
    steps.append(
        identity(
            "",
            "A centre uniform in its cell has variance w^2/12.",
            sp.integrate(xi**2, (xi, -w_s / 2, w_s / 2)) / w_s,
            w_s**2 / 12,
        )
    )
    mgf = sp.integrate(sp.exp(-b * g * xi), (xi, -w_s / 2, w_s / 2)) / w_s
    steps.append(
        identity(
            "",
            "Second cumulant: for one linear term, ln E exp(-beta g xi) = ln(sinh(y)/y) with "
            "y = beta g w/2, = beta^2 g^2 w^2/24 - beta^4 g^4 w^4/2880 + O(w^6): the leading "
            "Jensen gap per particle is beta^2 w^2 (dU/dx_i)^2/24, the next term O(w^4).",
            sp.series(sp.log(sp.simplify(mgf)), w_s, 0, 6).removeO(),
            b**2 * g**2 * w_s**2 / 24 - b**4 * g**4 * w_s**4 / 2880,
        )
    )
    pairs_c, pairs_order, measured = [], [], []
    with mpmath.workdps(30):
        for n in (2, 3):
            for A in (1, -1):
                gas = ContinuumGas(n, 2, gaussian(A), digits=20 if n == 2 else 12)
                z = gas.log_partition_function()
                C = gas.fine_graining_coefficient()
                D32 = z - gas.log_mesoscopic_partition_function(32)
                D64 = z - gas.log_mesoscopic_partition_function(64)
                w32 = mpmath.mpf(2) / 32
                richardson = (16 * D64 - D32) / (3 * w32**2)
                pairs_c.append((richardson, C))
                pairs_order.append((D32 / D64, mpmath.mpf(4)))
                measured.append(
                    f"N = {n}, A = {A:+d}: C = {mpmath.nstr(C, 7)}, "
                    f"D(64)/w^2 = {mpmath.nstr(D64 / (w32 / 2) ** 2, 7)}, "
                    f"extrapolated {mpmath.nstr(richardson, 7)}"
                )
    steps.append(
        close(
            "",
            "Order 2 measured: ln Z - ln Z_mes falls by 4 when the cells halve (M = 32 -> 64; "
            f"ratios {', '.join(mpmath.nstr(p[0], 5) for p in pairs_order)}).",
            pairs_order,
            rtol=3e-3,
        )
    )
    steps.append(
        close(
            "",
            "Leading coefficient derived (beta^2/24 <sum_i (dU/dx_i)^2>, quadrature) against "
            "measured (Richardson, (16 D(w/2) - D(w))/(3 w^2), w = 1/16): "
            + "; ".join(measured)
            + ".",
            pairs_c,
            rtol=2e-5,
            condition="phi smooth and even in r (phi'(0) = 0) so that pairs inside one cell "
            "are expanded too; the correction C w^2 is a sum over the N particles (extensive).",
        )
    )
    with mpmath.workdps(30):
        pairs = []
        for A in (2, -1):
            gas = ContinuumGas(3, 2, gaussian(A), digits=12)
            z = gas.log_partition_function()
            pairs += [(gas.log_mesoscopic_partition_function(M), z) for M in (1, 2, 3, 5, 8, 13)]
    steps.append(
        less(
            "README B",
            "Jensen: ln Z_mes < ln Z for N = 3, A = 2 and -1, M = 1, 2, 3, 5, 8, 13.",
            pairs,
        )
    )
    per_particle: dict[int, list] = {1: [], -1: []}
    pairs_est = []
    with mpmath.workdps(20):
        for A in (1, -1):
            for n in (2, 3, 4):
                gas = ContinuumGas(n, n, gaussian(A), digits=15)
                M = 8 * n
                w = mpmath.mpf(n) / M
                coarse = gas.log_mesoscopic_partition_function(M)
                fine = gas.log_mesoscopic_partition_function(2 * M)
                estimate = (fine - coarse) / (3 * w * w / 4)
                per_particle[A].append(estimate / n)
                if n == 2:
                    pairs_est.append((estimate, gas.fine_graining_coefficient()))
    steps.append(
        close(
            "",
            "C from sector sums alone, (ln Z_mes(w/2) - ln Z_mes(w))/(3 w^2/4) (w = 1/8), "
            "matches the quadrature C (N = 2, L = 2, A = +1 and -1) to O(w^2): usable where Z "
            "has no quadrature (N = 4).",
            pairs_est,
            rtol=2e-2,
        )
    )
    rep, att = per_particle[1], per_particle[-1]
    steps.append(
        less(
            "",
            "Extensivity at density 1 (L = N): the per-particle coefficient C/N for the "
            "repulsive core is "
            + ", ".join(mpmath.nstr(c, 4) for c in rep)
            + " for N = 2, 3, 4, its increments shrinking (a finite per-particle limit c with "
            "ln Z_mes/N - ln Z/N -> -c w^2 != 0 at fixed w); for the attractive core it is "
            + ", ".join(mpmath.nstr(c, 4) for c in att)
            + ", growing with N (the attractive Gaussian is not H-stable: no thermodynamic "
            "limit to approach).",
            [
                (rep[2] - rep[1], rep[1] - rep[0]),
                (0, rep[2] - rep[1]),
                (1.5 * att[0], att[1]),
                (1.5 * att[1], att[2]),
            ],
            condition="the limits do not commute for Z: at fixed cells the error of ln Z is "
            "~ N c w^2, so cells must shrink first (N w^2 -> 0); the per-particle free energy "
            "needs w -> 0 as well, and a stable potential for N -> oo to exist at all.",
        )
    )
    steps.append(
        exact(
            "",
            "beta <= 0 is refused for a continuum gas (its kinetic energy is unbounded above: "
            "the momentum integral behind the thermal wavelength diverges): ContinuumGas "
            "raises DomainError naming beta.",
            _refused,
            lambda beta: True,
            [(0,), (-1,), (-5,)],
            ("beta",),
            condition="the paper's 'without further restrictions on particle interactions or "
            "cell boundaries' needs: beta > 0; smooth potentials (order 2) versus hard cores "
            "(order 1, cells commensurate with or much finer than the core); cells shrinking "
            "before N grows.",
        )
    )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
