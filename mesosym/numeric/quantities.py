"""The quantities every numeric backend offers, read from :mod:`mesosym.quantities`.

:data:`QUANTITIES` maps the short keys the backends' ``evaluate`` takes to the
long names of their public functions.  Each backend writes its evaluation once,
``evaluate(levels, key, u)``, and makes its six public functions with
:meth:`BackendDoc.attach`, which names them after the registry and writes their
docstrings from the registry's meaning, edges and equation plus the backend's
parameters, precision and examples.

>>> QUANTITIES["s"]
'entropy'
>>> key_of("heat_capacity")
'c'
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..quantities import BY_KEY, NUMERIC, quantity

__all__ = ["QUANTITIES", "key_of", "BackendDoc"]

#: short name -> the name of the function each backend defines
QUANTITIES: Mapping[str, str] = {q.key: q.name for q in NUMERIC if q.key is not None}

F = TypeVar("F", bound=Callable[..., Any])


def key_of(what: Any, offer: str = "what must be one of") -> str:
    """The backends' short key of ``what``, given by its key or its long name.

    >>> key_of("beta"), key_of("inverse_temperature")
    ('beta', 'beta')
    """
    if isinstance(what, str) and what in QUANTITIES:
        return what  # the hot path: a backend asked by its key
    found = quantity(what, NUMERIC, offer).key
    assert found is not None  # NUMERIC holds the keyed quantities only
    return found


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(
        text, 88, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )


@dataclass(frozen=True)
class BackendDoc:
    """The documentation one backend gives each of its quantity functions.

    Attributes
    ----------
    arithmetic : str
        How the backend returns a value, ending the summary (``"in float64"``).
    parameters : str
        The numpydoc Parameters body, shared by the six functions.
    returns : str
        The return type line.
    precision : str
        The precision the backend states for every quantity.
    notes : mapping
        Key -> what the backend adds for that quantity (accuracy next to ``u*``).
    examples : mapping
        Key -> the doctest of that quantity, with an answer checkable by hand.
    """

    arithmetic: str
    parameters: str
    returns: str
    precision: str
    examples: Mapping[str, str]
    notes: Mapping[str, str] = field(default_factory=dict)

    def render(self, key: str) -> str:
        """The docstring of the backend's function for the quantity ``key``."""
        q = BY_KEY[key_of(key)]
        notes = f"{self.precision} {self.notes.get(key, '')}".strip()
        summary = f"Return {q.meaning} {self.arithmetic}, {q.equation}."
        root = (
            f"Defined for ``{q.domain}``; formed from the saddle-point root ``t = ln x*`` as "
            f"``{q.from_root}``."
        )
        value = f"``{q.symbol}`` ({q.units})" + (f"; {q.edges}." if q.edges else ".")
        return (
            f"{summary}\n\n{_wrap(root)}\n\n"
            f"Parameters\n----------\n{self.parameters.strip()}\n\n"
            f"Returns\n-------\n{self.returns}\n{_wrap(value, '    ')}\n\n"
            f"Notes\n-----\n{_wrap(notes)}\n\n"
            f"Examples\n--------\n{self.examples[key].strip()}\n"
        )

    def attach(self, function: F, key: str) -> F:
        """Name ``function`` after the quantity ``key`` and give it its docstring."""
        function.__name__ = function.__qualname__ = BY_KEY[key_of(key)].name
        function.__doc__ = self.render(key)
        return function
