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
"""

from __future__ import annotations

import sympy as sp

from .symbols import q, u, x

__all__ = ["letter", "central_trinomial", "two_level_counts"]

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
