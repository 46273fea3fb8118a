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

import mpmath
import sympy as sp

from .budget import short
from .errors import DomainError
from .symbols import N, q, u, x
from .validation import as_sympy, check_digits

__all__ = [
    "letter",
    "central_trinomial",
    "two_level_counts",
    "onsager_critical",
    "onsager_log_partition_function",
    "onsager_energy",
    "onsager_entropy",
    "kaufman_log_largest_eigenvalue",
    "K",
    "potts_chain",
    "ising_chain",
    "square_ising",
]

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

#: The square-lattice Ising model at its critical point (J = 1, k_B = 1, zero field), per site:
#: Onsager, Phys. Rev. 65, 117 (1944); sinh(2 K_c) = 1, -beta f = ln(2)/2 + 2G/pi (G: Catalan),
#: u = -sqrt(2) J, s = -beta f + beta u.
onsager_critical: dict[str, sp.Expr] = {
    "K_c": sp.log(1 + sp.sqrt(2)) / 2,
    "T_c": 2 / sp.log(1 + sp.sqrt(2)),
    "log_partition_function": sp.log(2) / 2 + 2 * sp.Catalan / sp.pi,
    "energy": -sp.sqrt(2),
}
onsager_critical["entropy"] = (
    onsager_critical["log_partition_function"]
    + onsager_critical["K_c"] * onsager_critical["energy"]
)


def _K(K: object, digits: int) -> mpmath.mpf:
    """K as an mpf at the working precision (a SymPy constant such as K_c evaluated).

    A number or a SymPy constant, never text (mesosym.validation.as_sympy).
    """
    value = as_sympy(K, "K")
    if not value.is_number or value.is_extended_real is False or not value.is_finite:
        raise DomainError(f"K must be a finite real number; got {short(K)}")
    if isinstance(K, mpmath.mpf):
        return +K
    return mpmath.mpf(sp.N(value, digits + 20))


def onsager_log_partition_function(K: object, digits: int = 30) -> mpmath.mpf:
    """-beta f per site of the infinite square lattice at K = beta J > 0, zero field.

    Onsager's single integral as in Huang, *Statistical Mechanics* (2nd ed.), the Onsager solution:
    -beta f = ln(2 cosh 2K) + (1/pi) int_0^(pi/2) ln[(1 + sqrt(1 - k^2 sin^2 t)) / 2] dt,
    k = 2 sinh 2K / cosh^2 2K <= 1 (rounding above 1 at K_c is clamped); by mpmath
    quadrature at ``digits`` + 20 digits.

    >>> mpmath.nstr(onsager_log_partition_function(onsager_critical["K_c"], 15), 15)
    '0.929695398341610'
    """
    digits = check_digits(digits)
    with mpmath.workdps(digits + 20):
        c = _K(K, digits)
        k2 = (2 * mpmath.sinh(2 * c) / mpmath.cosh(2 * c) ** 2) ** 2
        integral = mpmath.quad(
            lambda t: mpmath.log((1 + mpmath.sqrt(max(0, 1 - k2 * mpmath.sin(t) ** 2))) / 2),
            [0, mpmath.pi / 4, mpmath.pi / 2],
        )
        value = mpmath.log(2 * mpmath.cosh(2 * c)) + integral / mpmath.pi
    with mpmath.workdps(digits):
        return +value


def onsager_energy(K: object, digits: int = 30) -> mpmath.mpf:
    """The energy per site u / J of the infinite square lattice at K = beta J > 0, zero field.

    u = -coth 2K [1 + (2/pi)(2 tanh^2 2K - 1) K1(k)], K1 the complete elliptic integral of
    the first kind of modulus k = 2 sinh 2K / cosh^2 2K (Onsager 1944; Huang).

    At K_c the product (2 tanh^2 2K - 1) K1 vanishes and u = -sqrt 2.

    >>> mpmath.nstr(onsager_energy(onsager_critical["K_c"], 15), 15)
    '-1.41421356237310'
    """
    digits = check_digits(digits)
    with mpmath.workdps(digits + 20):
        c = _K(K, digits)
        k2 = (2 * mpmath.sinh(2 * c) / mpmath.cosh(2 * c) ** 2) ** 2
        factor = 2 * mpmath.tanh(2 * c) ** 2 - 1
        # k <= 1 always (k = 1 at K_c only, where the product vanishes): clamp rounding
        elliptic = 0 if factor == 0 or k2 >= 1 else factor * mpmath.ellipk(k2)
        value = -mpmath.coth(2 * c) * (1 + 2 / mpmath.pi * elliptic)
    with mpmath.workdps(digits):
        return +value


def onsager_entropy(K: object, digits: int = 30) -> mpmath.mpf:
    """The entropy per site (nats), s = -beta f + K u / J.

    >>> mpmath.nstr(onsager_entropy(onsager_critical["K_c"], 15), 15)
    '0.306470158201380'
    """
    digits = check_digits(digits)
    with mpmath.workdps(digits + 20):
        value = onsager_log_partition_function(K, digits + 20) + _K(K, digits) * onsager_energy(
            K, digits + 20
        )
    with mpmath.workdps(digits):
        return +value


def kaufman_log_largest_eigenvalue(w: int, K: object, digits: int = 30) -> mpmath.mpf:
    """The log of the largest eigenvalue of the periodic row transfer matrix of ``w`` sites, h = 0.

    Kaufman, Phys. Rev. 76, 1232 (1949): lambda = (2 sinh 2K)^(w/2) exp((g_1 + g_3 + ... +
    g_(2w-1)) / 2), cosh g_k = cosh 2K coth 2K - cos(pi k / w), K = beta J > 0.

    >>> mpmath.nstr(kaufman_log_largest_eigenvalue(1, mpmath.mpf(1) / 2, 15), 15)  # e^2K + 1
    '1.31326168751822'
    """
    with mpmath.workdps(digits + 20):
        k = _K(K, digits)
        c = mpmath.cosh(2 * k) * mpmath.coth(2 * k)
        gammas = mpmath.fsum(
            mpmath.acosh(c - mpmath.cospi(mpmath.mpf(k) / w)) for k in range(1, 2 * w, 2)
        )
        value = w * mpmath.log(2 * mpmath.sinh(2 * k)) / 2 + gammas / 2
    with mpmath.workdps(digits):
        return +value
