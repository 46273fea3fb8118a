r"""The quantities of part A, named once: what numeric, spectrum, checker, claims and CLI read.

Each :class:`Quantity` holds, for one thermodynamic function of the energy per
particle ``u`` (or, for the saddle-point equation, of ``x``): its long name
(the function every numeric backend defines and the ``Spectrum`` method stem),
the short key the backends' ``evaluate`` takes, its symbol in text and LaTeX,
its meaning and units with the letter's equation, its values at the edges of
the domain, the name under which the checker and ``mesosym check --NAME``
take it, and the spellings of a claim's left-hand side that name it.

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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

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
    "quantity",
    "x_is_root",
]


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
    edges : str
        Its values at ``u = 0``, ``u* = P'(1)/P(1)`` and ``u = d`` (empty: none stated).
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
    edges: str = ""
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
        edges="``0`` at ``u = 0``, ``1`` at ``u*``, ``inf`` at ``u = d``",
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
        edges="``-inf`` at ``u = 0``, exactly ``0`` at ``u*``, ``+inf`` at ``u = d``",
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
        edges=(
            "``ln g_0`` at ``u = 0``, the maximum ``ln P(1)`` at ``u*``, ``ln g_d`` at "
            "``u = d`` (``0``, ``ln q``, ``0`` for q equal levels)"
        ),
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
        edges="``+inf`` at ``u = 0``, exactly ``0`` at ``u*``, ``-inf`` at ``u = d``",
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
        edges="``0`` at ``u = 0`` and ``u = d``, ``(q^2 - 1)/12`` at ``u*`` for q levels",
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
        edges="``0`` at ``u = 0``, at ``u*`` and at ``u = d``",
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
    raise DomainError(f"{offer} {', '.join(keys)}{also}; got {what!r}"[:400])
