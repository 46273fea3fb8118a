"""The papers' derivations, written with mesosym, every step checked.

One module per result of the equispaced-level letter, "Exact Microcanonical
Formulation and Thermodynamics of Equispaced Finite-Level Systems"
(arXiv:2605.02736); ``docs/papers.md`` maps each of its numbered equations to
the step that regenerates it.

========================  ==========================================================
module                    result
========================  ==========================================================
``letter_counting``       eqs. (4)-(13): the multiplicity as a coefficient
``letter_saddle_point``   eqs. (14)-(18): the saddle-point equation, one positive root
``letter_entropy``        eqs. (19)-(21): s, beta, u*, the symmetry, the identities
``letter_special_cases``  eqs. (22)-(30): q = 2, q = 3, q -> oo
``letter_spin_multiplet`` the spin-J Zeeman multiplet and the Brillouin function
``letter_finite_size``    beyond the letter: the 1/N expansion against exact counts
========================  ==========================================================

and one per result of the mesoscopic partition function (B. Osano, arXiv:2605.00958),
whose construction mesosym states in its own words:

======================================  ============================================
module                                  result
======================================  ============================================
``mesoscopic_lattice_coarse_graining``  Z_mes of a chain, Jensen, ln Z - ln Z_mes = D
``mesoscopic_ideal_gas``                spatial cells, momentum bins, theta function
``mesoscopic_fine_graining``            smooth pair potential: order 2, coefficient
``mesoscopic_hard_rods``                Tonks: dropped sectors, exact formula, order 1
``mesoscopic_factorisation``            ln Z - sum ln Z_i, the rebuttal's F, the bounds
``mesoscopic_euler_relation``           the generalised Euler relation, Hill, Tonks
``mesoscopic_kac_gas``                  Kac gas: exact vdW in 1D, the ring term, Zwanzig
======================================  ============================================

Each module has ``TITLE``, ``EQUATIONS`` (the paper's equation numbers it
regenerates), ``PAPER`` (the arXiv identifier) and ``derive()``, which runs
the checks and returns a :class:`mesosym.checking.derivation.Derivation`.  The package
is installed with mesosym.  ``mesosym derive --list`` names the derivations
and ``mesosym derive NAME`` prints one (``python -m mesosym.derivations`` prints all).

Examples
--------
>>> [entry.name for entry in catalog()][:2]
['letter_counting', 'letter_saddle_point']
>>> catalog()[2].equations
('19', '20', '21')
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import NamedTuple

from mesosym.budget import short
from mesosym.checking.derivation import Derivation
from mesosym.errors import DomainError

__all__ = ["MODULES", "Entry", "catalog", "load", "derive", "derive_all"]

#: the derivation modules, in the order of the papers
MODULES: tuple[str, ...] = (
    "letter_counting",
    "letter_saddle_point",
    "letter_entropy",
    "letter_special_cases",
    "letter_spin_multiplet",
    "letter_finite_size",
    "mesoscopic_lattice_coarse_graining",
    "mesoscopic_ideal_gas",
    "mesoscopic_fine_graining",
    "mesoscopic_hard_rods",
    "mesoscopic_factorisation",
    "mesoscopic_euler_relation",
    "mesoscopic_kac_gas",
)


class Entry(NamedTuple):
    """What a derivation covers, read without running it."""

    name: str
    title: str
    paper: str
    equations: tuple[str, ...]


def load(name: str) -> ModuleType:
    """Import one derivation module by its short name.

    Raises
    ------
    DomainError
        If ``name`` is not one of :data:`MODULES` (the message lists them).
    """
    if name not in MODULES:
        raise DomainError(f"derivation name must be one of {', '.join(MODULES)}; got {short(name)}")
    return importlib.import_module(f"{__name__}.{name}")


def catalog() -> list[Entry]:
    """Every derivation's name, title, paper and equation numbers, without running any."""
    out = []
    for name in MODULES:
        module = load(name)
        out.append(Entry(name, module.TITLE, module.PAPER, tuple(module.EQUATIONS)))
    return out


def derive(name: str) -> Derivation:
    """Run one derivation (a few seconds) and return it."""
    derivation: Derivation = load(name).derive()
    return derivation


def derive_all() -> dict[str, Derivation]:
    """Run every derivation: ``{module name: derivation}`` (a few tens of seconds)."""
    return {name: derive(name) for name in MODULES}
