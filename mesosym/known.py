"""Known answers, typed from the papers: the one place tests, doctests and notebooks share.

Each entry is the paper's stated result, written independently of the code
that derives it, so that a test comparing the two can fail.

Examples
--------
>>> from mesosym.known import letter
>>> letter["22"]
-u*log(u) - (1 - u)*log(1 - u)
>>> central_trinomial[:6]
(1, 1, 3, 7, 19, 51)
>>> potts_chain["open"].subs({q: 2, N: 2, K: 0})
2*log(2)
"""

from __future__ import annotations

import sympy as sp

from .symbols import N, q, u, x

__all__ = ["letter", "central_trinomial", "two_level_counts", "K", "potts_chain", "ising_chain"]
__all__ += ["square_ising"]

#: Equations (18)-(30) of the equispaced-level letter, as stated there.
letter: dict[str, sp.Expr] = {
    "18": x / (1 - x) - q * x**q / (1 - x**q),  # u as a function of x
    "21": (q - 1) / 2,  # u*
    "22": -u * sp.log(u) - (1 - u) * sp.log(1 - u),  # q = 2: s
    "23": sp.log((1 - u) / u),  # q = 2: beta eps
    "24": (x + 2 * x**2) / (1 + x + x**2),  # q = 3: u(x)
    "25": ((u - 1) + sp.sqrt(1 + 6 * u - 3 * u**2)) / (2 * (2 - u)),  # q = 3: x*
    "28": u / (1 + u),  # q = oo: x*
    "29": (1 + u) * sp.log(1 + u) - u * sp.log(u),  # q = oo: s (Einstein solid)
    "30": sp.log((1 + u) / u),  # q = oo: beta eps
}
_x3 = letter["25"]
letter["26"] = sp.log(1 + _x3 + _x3**2) - u * sp.log(_x3)  # q = 3: s
letter["27"] = -sp.log(_x3)  # q = 3: beta eps

#: OEIS A002426, central trinomial coefficients [x^N] (1 + x + x^2)^N, N = 0..15.
central_trinomial: tuple[int, ...] = (
    1, 1, 3, 7, 19, 51, 141, 393, 1107, 3139, 8953, 25653, 73789, 212941, 616227, 1787607,
)  # fmt: skip

#: Two-level system, N = 6: the binomial row C(6, M).
two_level_counts: tuple[int, ...] = (1, 6, 15, 20, 15, 6, 1)

# -- part B: lattice models solved exactly ---------------------------------------------------
#: reduced coupling K = beta J of a lattice model (either sign)
K = sp.Symbol("K", real=True)

#: The q-state Potts chain of N sites, H = -J sum_i delta(s_i, s_(i+1)), K = beta J (R. J.
#: Baxter, "Exactly Solved Models in Statistical Mechanics", 1982, ch. 2: transfer matrix
#: e^K I + (J_q - I) with eigenvalues e^K + q - 1 (once) and e^K - 1 (q - 1 times)).
potts_chain: dict[str, sp.Expr] = {
    "open": sp.log(q) + (N - 1) * sp.log(sp.exp(K) + q - 1),  # ln Z, free ends
    "periodic": sp.log((sp.exp(K) + q - 1) ** N + (q - 1) * (sp.exp(K) - 1) ** N),  # ln Z, ring
    # Hill's subdivision potential beta E_sub = lim (N ln lambda_+ - ln Z_N) of the open chain
    "subdivision": sp.log((sp.exp(K) + q - 1) / q),
    # I(s_i : s_(i+1)) of two neighbours (uniform marginals, p(a, b) = T[a, b]/(q lambda_+))
    "neighbour_information": (
        sp.exp(K) * sp.log(q * sp.exp(K) / (sp.exp(K) + q - 1))
        + (q - 1) * sp.log(q / (sp.exp(K) + q - 1))
    )
    / (sp.exp(K) + q - 1),
}

#: The zero-field Ising chain of N spins, K = beta J (Ising 1925): ln Z.
ising_chain: dict[str, sp.Expr] = {
    "open": sp.log(2) + (N - 1) * sp.log(2 * sp.cosh(K)),
    "periodic": sp.log((2 * sp.cosh(K)) ** N + (2 * sp.sinh(K)) ** N),
}

#: The square-lattice Ising model at zero field (L. Onsager, Phys. Rev. 65, 117 (1944)):
#: the critical coupling K_c = ln(1 + sqrt 2)/2.
square_ising: dict[str, sp.Expr] = {"K_c": sp.log(1 + sp.sqrt(2)) / 2}
