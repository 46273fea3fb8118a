"""The papers' derivations, written with mesosym, every step checked.

One module per result of the equispaced-level letter
(``../shared/papers/README.md`` numbers the equations):

========================  ==========================================================
module                    result
========================  ==========================================================
``letter_counting``       eqs. (3)-(13): the multiplicity as a coefficient
``letter_saddle_point``   eqs. (14)-(18): the saddle-point equation, one positive root
``letter_entropy``        eqs. (19)-(21): s, beta, u*, the symmetry, the identities
``letter_special_cases``  eqs. (22)-(30): q = 2, q = 3, q -> oo
``letter_spin_multiplet`` the spin-J Zeeman multiplet and the Brillouin function
``letter_finite_size``    beyond the letter: the 1/N expansion against exact counts
========================  ==========================================================

Each exposes ``derive() -> list[Step]`` (:mod:`derivations._steps`); run
``python -m derivations.<module>`` for one report or ``python -m derivations``
for all of them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["MODULES", "load", "derive_all"]

#: the derivation modules, in the order of the paper
MODULES: tuple[str, ...] = (
    "letter_counting",
    "letter_saddle_point",
    "letter_entropy",
    "letter_special_cases",
    "letter_spin_multiplet",
    "letter_finite_size",
)


def load(name: str) -> ModuleType:
    """Import one derivation module by its short name."""
    if name not in MODULES:
        raise ValueError(f"name must be one of {', '.join(MODULES)}; got {name!r}")
    return importlib.import_module(f"{__name__}.{name}")


def derive_all() -> dict[str, list]:
    """Run every derivation: ``{module name: steps}`` (a few tens of seconds)."""
    return {name: load(name).derive() for name in MODULES}
