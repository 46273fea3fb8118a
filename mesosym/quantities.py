r"""The quantities of part A, named once: what numeric, spectrum, checker, claims and CLI read.

Each :class:`Quantity` holds, for one thermodynamic function of the energy per
particle ``u`` (or, for the saddle-point equation, of ``x``): its long name
(the function every numeric backend defines and the ``Spectrum`` method stem),
the short key the backends' ``evaluate`` takes, its symbol in text and LaTeX,
its meaning and units with the letter's equation, its values at the edges of
the domain, the name under which the checker and ``mesosym check --NAME``
take it, and the spellings of a claim's left-hand side that name it.

Its values at the edges ``u = 0``, ``u* = P'(1)/P(1)`` and ``u = d`` are
written once, in the names of :data:`EDGE_NUMBERS`; every arithmetic that
evaluates the quantities (float64 :mod:`~mesosym.numeric.polynomial`, mpmath
and arb :mod:`~mesosym.numeric.precise`, SymPy :mod:`~mesosym.checking.points`)
supplies those few numbers for its spectrum and asks :meth:`Quantity.at_edge`.

How each backend evaluates a quantity: every backend (float64
:mod:`~mesosym.numeric.equispaced` and :mod:`~mesosym.numeric.polynomial`,
mpmath :mod:`~mesosym.numeric.precise`, arb :mod:`~mesosym.numeric.arb`) solves
the saddle point once and forms the quantity from the root ``t = ln x*`` by
:attr:`Quantity.from_root`; its ``evaluate(levels, key, u)`` is asked by
:attr:`Quantity.key`, and its public function named :attr:`Quantity.name` is
that call.

Examples
--------
>>> entropy = quantity("s")
>>> entropy.name, entropy.latex, entropy.checker, entropy.claim
('entropy', 's(u)', 'entropy', 's')
>>> quantity("inverse_temperature") is quantity("beta")
True
>>> [q.key for q in NUMERIC]
['x', 't', 's', 'beta', 'var', 'c']
>>> [q.checker for q in CHECKED]
['entropy', 'beta', 'root', 'saddle']
>>> entropy.edge_values
('ln g_0', 'ln P(1)', 'ln g_d')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from .budget import short
from .errors import DomainError

__all__ = [
    "Quantity",
    "REGISTRY",
    "NUMERIC",
    "CHECKED",
    "CLAIMED",
    "BY_KEY",
    "BY_NAME",
    "BY_CHECKER",
    "BY_CLAIM",
    "EDGES",
    "EDGE_NUMBERS",
    "quantity",
    "x_is_root",
]


#: The edges of the domain of ``u``, in the order of :attr:`Quantity.edge_values`: the
#: ground level ``u = 0``, the centre ``u* = P'(1)/P(1)`` (infinite temperature,
#: ``x* = 1``) and the top level ``u = d``.
EDGES: tuple[str, ...] = ("ground", "centre", "top")

#: The numbers a quantity's value at an edge is written with, and what each is for a
#: spectrum ``P(x) = sum_k g_k x^k`` of top level ``d``: each arithmetic supplies them.
EDGE_NUMBERS: Mapping[str, str] = MappingProxyType(
    {
        "0": "zero",
        "1": "one",
        "+inf": "plus infinity",
        "-inf": "minus infinity",
        "ln g_0": "the logarithm of the ground level's degeneracy (0 for q equal levels)",
        "ln g_d": "the logarithm of the top level's degeneracy (0 for q equal levels)",
        "ln P(1)": "the logarithm of the number of states, P(1) = sum_k g_k (ln q for q levels)",
        "sigma*^2": (
            "the variance of the level at u*, sum_k (k - u*)^2 g_k / P(1) "
            "((q^2 - 1)/12 for q equal levels)"
        ),
    }
)

_T = TypeVar("_T")


@dataclass(frozen=True)
class Quantity:
    r"""One quantity of the saddle-point thermodynamics, in every vocabulary mesosym speaks.

    Attributes
    ----------
    name : str
        The long name: the function of every numeric backend
        (``numeric.precise.entropy``) and the stem of ``Spectrum.entropy_function``.
    key : str or None
        The short key of the numeric backends' ``evaluate`` (None: not evaluated
        numerically, e.g. the saddle-point equation).
    symbol, latex : str
        How it is written, in plain text and in LaTeX.
    meaning : str
        What it is, in words (with its symbol).
    units : str
        Its units.
    equation : str
        Where the letter has it (``"eq. (19)"``).
    variable : str
        The variable it is a function of: ``"u"`` (or ``"x"``).
    domain : str
        Where that variable lies (``d`` is the highest level, ``d = q - 1``).
    edge_values : tuple of str, or None
        Its values at the :data:`EDGES` ``u = 0``, ``u* = P'(1)/P(1)`` and ``u = d``,
        each a name of :data:`EDGE_NUMBERS` (None: not evaluated numerically);
        :meth:`at_edge` reads them, :attr:`edges` says them.
    edges_note : str
        What :attr:`edges` adds in words (the values for q equal levels).
    two_levels : tuple of str
        Its value for two levels at ``u = 1/4``, by hand and to 15 digits as mpmath
        prints it: the example of ``Spectrum.NAME_function`` (empty: none).
    note_name : str
        How a report's note names it (``"beta*eps"``; empty: :attr:`symbol`).
    from_root : str
        How a backend forms it from the root ``t = ln x*`` (empty: not numeric).
    checker : str or None
        Its name in :func:`mesosym.checking.formulas.check_formula` and the flag
        ``mesosym check --NAME``.
    reading : str
        How the checker reads a claim about it (its variable, what ``x`` stands for).
    x_is_root : bool
        In a claim about it, ``x`` (``x^*``) stands for the saddle point ``x*(u)``,
        as in the letter's eqs. (19)-(20).
    claim : str or None
        The key of a claim whose left-hand side names it
        (:func:`mesosym.checking.claims.parse_claim`).
    latex_spellings, text_spellings : tuple of str
        The left-hand sides of a claim that name it, in LaTeX (braces dropped,
        ``\ast`` as ``*``) and in plain text (spaces dropped).
    aliases : tuple of str
        Further names :func:`quantity` accepts.
    """

    name: str
    key: str | None
    symbol: str
    latex: str
    meaning: str
    units: str
    equation: str
    variable: str = "u"
    domain: str = "0 <= u <= d (u >= 0 for q = oo)"
    edge_values: tuple[str, str, str] | None = None
    edges_note: str = ""
    two_levels: tuple[str, str] | tuple[()] = ()
    note_name: str = ""
    from_root: str = ""
    checker: str | None = None
    reading: str = ""
    x_is_root: bool = False
    claim: str | None = None
    latex_spellings: tuple[str, ...] = ()
    text_spellings: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """What it is, with the letter's equation: ``"the entropy s(u) = S/(N k_B), eq. (19)"``.

        >>> quantity("beta").description
        'the inverse temperature beta*eps(u), eq. (20)'
        """
        return f"{self.meaning}, {self.equation}"

    @property
    def edges(self) -> str:
        """Its values at the edges, in words (empty when none are stated).

        >>> quantity("x").edges
        '``0`` at ``u = 0``, ``1`` at ``u*``, ``+inf`` at ``u = d``'
        """
        if self.edge_values is None:
            return ""
        ground, centre, top = self.edge_values
        said = f"``{ground}`` at ``u = 0``, ``{centre}`` at ``u*``, ``{top}`` at ``u = d``"
        return f"{said} ({self.edges_note})" if self.edges_note else said

    def at_edge(self, edge: str, number: Callable[[str], _T]) -> _T:
        """Its value at ``edge`` (one of :data:`EDGES`), in the arithmetic of ``number``.

        Parameters
        ----------
        edge : {"ground", "centre", "top"}
            ``u = 0``, ``u* = P'(1)/P(1)`` or ``u = d``.
        number : callable
            Takes a name of :data:`EDGE_NUMBERS` and gives that number of the
            spectrum, in the caller's arithmetic (float, mpmath, arb, SymPy).

        Raises
        ------
        DomainError
            For an edge not in :data:`EDGES`, or a quantity with no edge values.

        Examples
        --------
        Two levels, ``P = 1 + x``: ``s(u*) = ln P(1) = ln 2``.

        >>> import math
        >>> numbers = {"ln g_0": 0.0, "ln P(1)": math.log(2), "ln g_d": 0.0}
        >>> quantity("s").at_edge("centre", numbers.__getitem__)
        0.6931471805599453
        """
        if self.edge_values is None:
            raise DomainError(f"the {self.name} has no values at the edges of u")
        if edge not in EDGES:
            raise DomainError(f"edge must be one of {', '.join(EDGES)}; got {short(edge)}"[:300])
        return number(self.edge_values[EDGES.index(edge)])

    def names(self) -> tuple[str, ...]:
        """Every name :func:`quantity` finds it by.

        >>> quantity("x").names()
        ('saddle_point', 'x', 'root', 'x_star')
        """
        found = (self.name, self.key, self.checker, self.claim, *self.aliases)
        return tuple(dict.fromkeys(n for n in found if n is not None))


#: Every quantity, in the order the numeric backends list them.
REGISTRY: tuple[Quantity, ...] = (
    Quantity(
        name="saddle_point",
        key="x",
        symbol="x*(u)",
        latex="x^*(u)",
        meaning="the saddle point x*(u)",
        units="dimensionless",
        equation="eq. (18) solved for x",
        edge_values=("0", "1", "+inf"),
        two_levels=("u/(1 - u) = 1/3", "0.333333333333333"),
        from_root="x* = e^t",
        checker="root",
        reading="in u",
        claim="x_star",
        latex_spellings=("x^*", "x_*", "x^*(u)", "x_*(u)", "x*", "x*(u)"),
        text_spellings=("x*", "x^*", "x_star", "x_star(u)"),
    ),
    Quantity(
        name="log_saddle_point",
        key="t",
        symbol="t = ln x*",
        latex=r"\ln x^*(u)",
        meaning="the logarithm of the saddle point, t = ln x* = -beta eps",
        units="dimensionless",
        equation="eq. (18)",
        edge_values=("-inf", "0", "+inf"),
        edges_note="exactly ``0`` at ``u*``",
        two_levels=("ln(u/(1 - u)) = -ln 3", "-1.09861228866811"),
        from_root="t",
    ),
    Quantity(
        name="entropy",
        key="s",
        symbol="s(u)",
        latex="s(u)",
        meaning="the entropy s(u) = S/(N k_B)",
        units="units of k_B, per particle",
        equation="eq. (19)",
        edge_values=("ln g_0", "ln P(1)", "ln g_d"),
        edges_note="the maximum at ``u*``; ``0``, ``ln q``, ``0`` for q equal levels",
        two_levels=("ln 4 - (3/4) ln 3, eq. (22)", "0.562335144618808"),
        note_name="s = S/(N k_B)",
        from_root="s = ln P(e^t) - u t, in the Legendre form stationary in t",
        checker="entropy",
        reading="in u (x for x*(u))",
        x_is_root=True,
        claim="s",
        latex_spellings=("s", "s(u)"),
        text_spellings=("s", "s(u)"),
    ),
    Quantity(
        name="inverse_temperature",
        key="beta",
        symbol="beta*eps(u)",
        latex=r"\beta\varepsilon(u)",
        meaning="the inverse temperature beta*eps(u)",
        units="dimensionless",
        equation="eq. (20)",
        edge_values=("+inf", "0", "-inf"),
        edges_note="exactly ``0`` at ``u*``",
        two_levels=("ln((1 - u)/u) = ln 3, eq. (23)", "1.09861228866811"),
        note_name="beta*eps",
        from_root="beta eps = -t",
        checker="beta",
        reading="in u (x for x*(u))",
        x_is_root=True,
        claim="beta_eps",
        latex_spellings=(
            r"\beta\varepsilon",
            r"\beta\epsilon",
            r"\varepsilon\beta",
            r"\epsilon\beta",
            r"\beta\cdot\varepsilon",
            r"\beta\cdot\epsilon",
        ),
        text_spellings=("beta*eps", "beta*epsilon", "beta_eps"),
    ),
    Quantity(
        name="energy_variance",
        key="var",
        symbol="sigma^2(u)",
        latex=r"\sigma^2(u)",
        meaning="the energy variance per particle sigma^2 = du/dt",
        units="units of eps^2",
        equation="eq. (18), differentiated",
        edge_values=("0", "sigma*^2", "0"),
        edges_note="``(q^2 - 1)/12`` at ``u*`` for q equal levels",
        two_levels=("u (1 - u) = 3/16", "0.1875"),
        from_root="sigma^2 = m'(t), the variance of the level under g_k e^{k t}",
    ),
    Quantity(
        name="heat_capacity",
        key="c",
        symbol="c(u)",
        latex=r"c(u)",
        meaning="the heat capacity per particle c/k_B = (beta eps)^2 sigma^2",
        units="units of k_B, per particle",
        equation="eqs. (19)-(20)",
        edge_values=("0", "0", "0"),
        two_levels=("(3/16) (ln 3)^2", "0.226302930152359"),
        from_root="c = t^2 sigma^2",
    ),
    Quantity(
        name="saddle_equation",
        key=None,
        symbol="u(x)",
        latex="u(x)",
        meaning="the saddle-point equation u(x)",
        units="units of eps, per particle",
        equation="eq. (18)",
        variable="x",
        domain="x >= 0 (0 <= x < 1 for q = oo)",
        checker="saddle",
        reading="or an equation in u and x",
        claim="u",
        latex_spellings=("u",),
        text_spellings=("u",),
    ),
    Quantity(
        name="beta",
        key=None,
        symbol="beta(u)",
        latex=r"\beta(u)",
        meaning="the inverse temperature beta(u)",
        units="units of 1/eps",
        equation="eq. (20)",
        claim="beta",
        latex_spellings=(r"\beta", r"\beta(u)"),
        text_spellings=("beta", "beta(u)"),
    ),
)


def _index(attribute: str, among: Iterable[Quantity]) -> Mapping[str, Quantity]:
    table = {getattr(q, attribute): q for q in among if getattr(q, attribute) is not None}
    return MappingProxyType(table)


#: The quantities every numeric backend evaluates, in their order.
NUMERIC: tuple[Quantity, ...] = tuple(q for q in REGISTRY if q.key is not None)
#: The quantities the checker takes (``check_formula``, ``mesosym check --NAME``), in the
#: order it offers them: the letter's s (eq. 19) and beta eps (eq. 20) first.
CHECKED: tuple[Quantity, ...] = tuple(
    sorted(
        (q for q in REGISTRY if q.checker is not None),
        key=lambda q: (q.key not in ("s", "beta"), q.variable),
    )
)
#: The quantities a claim's left-hand side may name, in the order claims list them.
CLAIMED: tuple[Quantity, ...] = tuple(q for q in REGISTRY if q.claim is not None)

#: numeric short key -> quantity
BY_KEY = _index("key", NUMERIC)
#: long name (backend function) -> quantity
BY_NAME = _index("name", REGISTRY)
#: checker name -> quantity
BY_CHECKER = _index("checker", CHECKED)
#: claim key -> quantity
BY_CLAIM = _index("claim", CLAIMED)


def x_is_root(checker: str) -> bool:
    """True when ``x`` stands for ``x*(u)`` in a claim about the checker's quantity ``checker``.

    >>> x_is_root("entropy"), x_is_root("saddle")
    (True, False)
    """
    if not isinstance(checker, str):
        raise DomainError(f"checker must be a quantity's name; got {type(checker).__name__}")
    found = BY_CHECKER.get(checker)
    return found is not None and found.x_is_root


def quantity(
    what: str, among: tuple[Quantity, ...] = REGISTRY, offer: str = "what must be one of"
) -> Quantity:
    """The quantity named ``what`` by any of its names (long, key, checker, claim or alias).

    Raises
    ------
    DomainError
        Starting with ``offer``, naming the names offered and the value.

    >>> quantity("c").meaning
    'the heat capacity per particle c/k_B = (beta eps)^2 sigma^2'
    >>> quantity("gibbs", NUMERIC)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: what must be one of x, t, s, beta, var, c (or ...); got 'gibbs'
    """
    if not isinstance(among, (tuple, list)) or not all(isinstance(q, Quantity) for q in among):
        raise DomainError(f"among must be a tuple of Quantity; got {type(among).__name__}")
    if isinstance(what, str):
        for q in among:
            if what in q.names():
                return q
    keys = [q.key or q.name for q in among]
    longs = [q.name for q in among if q.key is not None]
    also = f" (or their long names {', '.join(longs)})" if longs else ""
    raise DomainError(f"{offer} {', '.join(keys)}{also}; got {short(what)}"[:400])
