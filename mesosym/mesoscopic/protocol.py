"""What the verbs of part B read from a lattice model: the chain protocol, as a type.

The cells (:mod:`.cells`), the sectors (:mod:`.sectors`), the canonical ensemble
(:mod:`.canonical`) and the thermodynamic identities are written once against
:class:`LatticeModel`; every model of :mod:`.models` (the Ising chain, the lattice
gas, the Potts chain, the Ising strip of columns) follows it by subclassing
:class:`~mesosym.mesoscopic.models.chain.LatticeChain`, which supplies all of it from
four things: ``states``, ``_bond(a, b)``, ``_site(a)`` and ``occupation(a)``.  The
verbs never import the models, so the models may import the verbs.

Examples
--------
>>> from mesosym.mesoscopic import IsingChain
>>> is_lattice_model(IsingChain(3, 1)), is_lattice_model("IsingChain(3, 1)")
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from ..budget import short
from ..errors import DomainError

__all__ = ["LatticeModel", "is_lattice_model", "check_lattice_model", "MODEL_KINDS"]


class LatticeModel(Protocol):
    """A chain of ``sites`` sites in local ``states`` with bond and site energies."""

    states: tuple[Any, ...]
    _parameters: tuple[Any, ...]
    _beta: Any

    @property
    def sites(self) -> int:
        """Number of sites (columns of a strip)."""

    @property
    def beta(self) -> Any:
        """Inverse temperature, exact."""

    @property
    def boundary(self) -> str:
        """The boundary, open or periodic."""

    @property
    def particles(self) -> int | None:
        """Fixed total occupation, or None."""

    @property
    def digits(self) -> int:
        """Significant digits of numeric results."""

    @property
    def float64(self) -> bool:
        """True for digits=None (float results)."""

    @property
    def parameters(self) -> tuple[Any, ...]:
        """The energy parameters, exact."""

    @property
    def symbolic(self) -> bool:
        """True when a parameter holds a symbol."""

    def bond_energy(self, a: Any, b: Any) -> Any:
        """Energy of a bond between states a and b."""

    def site_energy(self, a: Any) -> Any:
        """Energy of one site in state a."""

    def occupation(self, a: Any) -> int:
        """Occupied sites a state holds (>= 0)."""

    def bond_pairs(self) -> list[tuple[int, int]]:
        """The bonds as pairs of site indices."""

    def count_configurations(self) -> int:
        """Number of allowed configurations."""

    def configurations(self) -> Iterator[tuple[Any, ...]]:
        """Iterate over the allowed configurations."""

    def log_partition_function(self) -> Any:
        """Ln Z."""

    def transfer_matrix(self) -> Any:
        """The transfer matrix (SymPy)."""

    def end_vector(self) -> Any:
        """The open chain's end vector (SymPy)."""

    def transfer_eigenvalues(self) -> tuple[Any, ...]:
        """The transfer matrix's eigenvalues, largest first."""

    def subdivision_potential(self) -> Any:
        """Hill's subdivision potential of the open chain."""

    def log_mesoscopic_partition_function(self, cell_size: Any) -> Any:
        """The log of Z_mes for cells of ``cell_size`` sites."""

    def parameter_text(self) -> str:
        """The parameters as given, in words: ``J = 1, h = 1/10, beta = 1``."""

    def _repr_latex_(self) -> str: ...

    def split(self, cells: Any) -> Any:
        """The model cut into cells."""

    def __hash__(self) -> int:
        """Models are immutable and hashable (the sectors cache by model)."""

    def _energies(self) -> tuple[Any, list[list[Any]], list[Any]]: ...

    def _configurations_at_most(self, limit: int) -> bool: ...

    def _bond(self, a: Any, b: Any) -> Any: ...

    def _site(self, a: Any) -> Any: ...


def is_lattice_model(model: Any) -> bool:
    """Whether ``model`` follows the chain protocol (an instance, not a class).

    The class is inspected, not the instance: reading a property such as
    ``parameters`` would import SymPy.
    """
    if isinstance(model, type):
        return False
    cls = type(model)
    return all(hasattr(cls, name) for name in _MEMBERS)


#: what a ``model`` argument may be, in words (the error messages name it)
MODEL_KINDS = (
    "a lattice model (IsingChain, LatticeGas, PottsChain, IsingStrip or another LatticeModel)"
)


def check_lattice_model(model: Any, name: str = "model", *, numeric: bool = False) -> Any:
    """Return ``model`` if it follows the chain protocol, else raise a DomainError naming it.

    ``numeric=True`` also refuses symbolic parameters.

    >>> check_lattice_model("IsingChain(3, 1)")
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: model must be a lattice model (IsingChain, LatticeGas, PottsChain,
    IsingStrip or another LatticeModel); got 'IsingChain(3, 1)'
    """
    if not is_lattice_model(model):
        raise DomainError(f"{name} must be {MODEL_KINDS}; got {short(model)}")
    if numeric and model.symbolic:
        raise DomainError(f"{name} must have numeric parameters; got {short(model)}")
    return model


#: the members every lattice model's class supplies
_MEMBERS = (
    "states",
    "sites",
    "beta",
    "boundary",
    "particles",
    "digits",
    "occupation",
    "bond_pairs",
    "configurations",
    "log_partition_function",
    "_energies",
    "_bond",
    "_site",
)
