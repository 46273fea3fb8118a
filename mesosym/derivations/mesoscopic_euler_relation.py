"""Part B: the generalised Euler relation, Hill's subdivision potential and the Tonks gas.

For F(T, V, N) = F_ext + F_sub with F_ext = V f(T, N/V) (degree 1) and
F_sub = V^alpha g(T, N/V) (degree alpha), S = -dF/dT, P = -dF/dV,
mu = dF/dN and E = F + TS give, by Euler's theorem for homogeneous functions,
E - TS + PV - mu N = F - V dF/dV - N dF/dN = (1 - alpha) F_sub.

The open lattice chain (V = sites, grand canonical): ln Z_n = n ln lambda_+ -
beta E_sub + O((lambda_-/lambda_+)^n) with Hill's subdivision potential
beta E_sub = ln lambda_+ - ln((v_+ . u)^2/|v_+|^2) (zero field: ln cosh beta J),
a degree-0 term, so beta(E - TS + PV - mu N) -> beta E_sub.

The Tonks gas, Z = (L - (N - 1) a)^N / N!: beta F_ext = N (ln(N/(L - N a)) - 1);
beta F_sub = -a rho/(1 - a rho) (degree 0) + (1/2) ln(2 pi N) + O(1/N).  The
ln N piece is not homogeneous: it contributes (1/2) ln(2 pi N) - 1/2, not
(1 - alpha) F_sub; the relation holds for each homogeneous piece only.

Run ``python -m derivations.mesoscopic_euler_relation`` for the report.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from mesosym.checking.derivation import Derivation, Step, close, identity
from mesosym.mesoscopic import IsingChain, LatticeGas
from mesosym.mesoscopic.symbols import J, beta
from mesosym.mesoscopic.thermodynamics import (
    euler_relation,
    open_chain_euler_defect,
    subdivision_potential_closed_form,
    tonks_euler_defect,
    tonks_extensive_free_energy,
)
from mesosym.papers import MESOSCOPIC

__all__ = ["derive", "TITLE"]

TITLE = "Part B, the generalised Euler relation with a subextensive correction"
EQUATIONS: tuple[str, ...] = ()
PAPER = MESOSCOPIC.arxiv_id

R = sp.Rational


def derive() -> Derivation:
    """Return the checked steps."""
    steps: list[Step] = []
    lhs, rhs = euler_relation()
    steps.append(
        identity(
            "abstract",
            "E - TS + PV - mu N = (1 - alpha) F_sub for F = V f(T, N/V) + V^alpha g(T, N/V), "
            "f and g general functions.",
            lhs,
            rhs,
        )
    )
    steps.append(
        identity(
            "",
            "Open zero-field Ising chain: Hill's beta E_sub = ln cosh(beta J) (Z_n = 2 (2 cosh "
            "beta J)^(n-1)).",
            subdivision_potential_closed_form(IsingChain(4, J, beta=beta)),
            sp.log(sp.cosh(beta * J)),
        )
    )
    with mpmath.workdps(40):
        steps.append(
            close(
                "",
                "With a field (and for the lattice gas): -ln Z_n + n ln lambda_+ - beta E_sub -> 0 "
                "(n = 60, exact transfer-matrix Z_n), i.e. beta(E - TS + PV - mu N) -> beta E_sub.",
                [
                    (open_chain_euler_defect(IsingChain(60, R(4, 5), field=R(2, 5))), 0),
                    (
                        open_chain_euler_defect(
                            LatticeGas(60, R(3, 2), chemical_potential=R(-3, 10))
                        ),
                        0,
                    ),
                ],
                atol=1e-12,
            )
        )
        pairs = []
        for model in (
            IsingChain(50, R(4, 5), field=R(2, 5)),
            LatticeGas(50, R(3, 2), chemical_potential=R(-3, 10)),
        ):
            pairs.append(
                (
                    model.subdivision_potential(),
                    mpmath.mpf(str(sp.N(subdivision_potential_closed_form(model), 40))),
                )
            )
        steps.append(
            close(
                "",
                "mesosym's LatticeChain.subdivision_potential() equals the closed form.",
                pairs,
                atol=1e-25,
            )
        )
    N, L, a, lam = sp.symbols("N L a lambda", positive=True)
    steps.append(
        identity(
            "",
            "Tonks gas: the extensive part N (ln(N/(L - N a)) - 1) is homogeneous of degree 1.",
            tonks_extensive_free_energy(lam * N, lam * L, a),
            lam * tonks_extensive_free_energy(N, L, a),
        )
    )
    g = sp.log(2 * sp.pi * N) / 2
    steps.append(
        identity(
            "",
            "The ln N piece of Stirling's formula is not homogeneous: g - L dg/dL - N dg/dN = g - "
            "1/2, "
            "not (1 - 0) g.",
            g - L * sp.diff(g, L) - N * sp.diff(g, N),
            g - sp.Rational(1, 2),
            condition="F_sub homogeneous in (V, N); a ln N term shifts the relation by -kT/2",
        )
    )
    d = tonks_euler_defect(N, L, a)
    leading = -a * N / (L - N * a) + g - sp.Rational(1, 2)
    errs = [abs(float((d - leading).subs({N: n, L: 3 * n, a: 1}))) for n in (1000, 10000)]
    steps.append(
        close(
            "",
            "Exact Tonks F: beta(E - TS + PL - mu N) = -a rho/(1 - a rho) + (1/2) ln(2 pi N) - 1/2 "
            f"+ O(1/N) (remainders {errs[0]:.2e}, {errs[1]:.2e} at N = 1e3, 1e4, rho = 1/3).",
            [(errs[0] / errs[1], 10)],
            rtol=0.2,
        )
    )
    return Derivation(
        TITLE, tuple(steps), equations=EQUATIONS, paper=PAPER, name=__name__.rsplit(".", 1)[-1]
    )


if __name__ == "__main__":  # pragma: no cover
    print(derive().report())
