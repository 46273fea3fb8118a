r"""A corpus of claims and chains written the way manuscripts write them, right and wrong.

Every expected verdict is derived by hand (the comments say how, and for a wrong
claim what is wrong).  The references, typed from the letter (A) and from the
transfer-matrix solution of the Ising chain (B):

* q = 2: s = -u ln u - (1-u) ln(1-u), beta eps = ln((1-u)/u), x* = u/(1-u) (eqs. 22, 23);
  with m = u - 1/2: s = -(1/2+m) ln(1/2+m) - (1/2-m) ln(1/2-m), beta eps = -2 artanh(2m).
* q = 3: x* = ((u-1) + sqrt(1+6u-3u^2)) / (2(2-u)) (eq. 25), beta eps = -ln x*; with
  m = u - 1, 1 + 6u - 3u^2 = 4 - 3m^2.
* q = oo: s = (1+u) ln(1+u) - u ln u, beta eps = ln((1+u)/u) = 2 arcoth(2u+1), x* = u/(1+u).
* u = E/(N eps) = M/N; S = N k_B s; 1/(k_B T) = beta = (beta eps)/eps.
* Any levels: s = ln P(x*) - u ln x*, beta eps = -ln x* (P = 1 + x + x^3 for levels 0 1 3).
* Ising chain, open, zero field, beta = 1, K = beta J: Z = 2 (2 cosh K)^(N-1); each cut bond
  gives a factor cosh K to Z / prod Z_i; <s s'> = tanh K, so beta<W> = -K tanh K per cut bond;
  I between the halves = K tanh K - ln cosh K; D_i = 0 (no field); TC = I for two cells.
  Periodic: Z = (2 cosh K)^N + (2 sinh K)^N, beta E_sub = 0 (open chain: ln cosh K).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
import sympy as sp

from mesosym.checking.claims import parse_steps
from mesosym.checking.derivation import Verdict
from mesosym.checking.formulas import check_chain, check_formula
from mesosym.checking.model_claims import check_model_claim
from mesosym.cli.check import read_claim
from mesosym.errors import MesosymError
from mesosym.levels.spectrum import Spectrum
from mesosym.symbols import q as Q

OO = sp.oo
CARDANO = (
    r"x^* = {sign}\frac{{2-u}}{{3(3-u)}} + \sqrt[3]{{-\frac{{Q}}{{2}} + \sqrt{{\frac{{Q^2}}{{4}}"
    r" + \frac{{P^3}}{{27}}}}}} + \sqrt[3]{{-\frac{{Q}}{{2}} - \sqrt{{\frac{{Q^2}}{{4}} + "
    r"\frac{{P^3}}{{27}}}}}} \quad \text{{where }} P = \frac{{3(3-u)(1-u) - (2-u)^2}}{{3(3-u)^2}},"
    r" Q = \frac{{2(2-u)^3 - 9(3-u)(2-u)(1-u) - 27(3-u)^2 u}}{{27(3-u)^3}}"
)


@dataclass(frozen=True)
class A:
    """A part-A claim: q (or the levels), the quantity, the text, and whether it holds."""

    q: Any
    quantity: str
    text: str
    holds: bool


@dataclass(frozen=True)
class B:
    """A part-B claim on a named model."""

    text: str
    holds: bool
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Chain:
    """A chain of steps and the first step that does not follow (None: every step holds)."""

    q: Any
    text: str
    fails_at: int | None


L013 = Spectrum.from_levels([0, 1, 3])
L0112 = Spectrum.from_levels([0, 1, 1, 2])  # (1 + x)^2: two two-level particles

PART_A = [
    # -- right ----------------------------------------------------------------------
    A(2, "beta", r"\frac{1}{k_B T} = \frac{1}{\varepsilon}\ln\frac{1-u}{u}", True),
    A(2, "beta", r"\frac{\varepsilon}{k_B T} = \ln\frac{N\varepsilon - E}{E}", True),
    A(2, "beta", r"\frac{k_B T}{\varepsilon} = \frac{1}{\ln(1-u) - \ln u}", True),
    A(2, "beta", r"T = \frac{\varepsilon}{k_B\ln\frac{1-u}{u}}", True),
    A(2, "entropy", r"S = N k_B\left[-u\ln u - (1-u)\ln(1-u)\right]", True),
    A(2, "entropy", r"\frac{S}{N k_B} = -u\ln u - (1-u)\ln(1-u)", True),
    A(2, "beta", r"\frac{\partial s}{\partial u} = \ln\frac{1-u}{u}", True),
    A(
        2,
        "entropy",
        r"s = -(\tfrac12+m)\ln(\tfrac12+m) - (\tfrac12-m)\ln(\tfrac12-m)"
        r" \quad\text{with } m = u - \tfrac12",
        True,
    ),  # fmt: skip
    A(2, "beta", r"\beta\varepsilon = -2\tanh^{-1}(2m) \quad \text{where } m = u - \tfrac12", True),
    A(2, "entropy", "\u2212u ln u \u2212 (1\u2212u) ln(1\u2212u)", True),  # pasted from a PDF
    A(2, "beta", "\u03b2\u00b7\u03b5 = ln((1\u2212u)/u)", True),
    A(2, "beta", "\u2202s/\u2202u = ln(1\u2212u) \u2212 ln u", True),
    A(OO, "entropy", r"s = (1+u)\ln(1+u) - u\ln u", True),  # eq. (29)
    A(OO, "beta", r"\frac{\varepsilon}{k_B T} = \ln\frac{N\varepsilon + E}{E}", True),
    A(OO, "entropy", r"S = k_B\left[(N + M)\ln(N+M) - M\ln M - N\ln N\right]", True),
    A(OO, "root", r"x^* = \frac{u}{1+u}", True),
    A(3, "root", r"x^* = \frac{m + \sqrt{4 - 3m^2}}{2(1-m)} \quad \text{where } m = u - 1", True),
    A(3, "beta", r"\beta\varepsilon = \ln\frac{2(2-u)}{u - 1 + \sqrt{1 + 6u - 3u^2}}", True),
    A(4, "root", CARDANO.format(sign="-"), True),  # Cardano, real cube roots
    A(
        2,
        "beta",
        r"\beta\varepsilon = \frac{\mathrm{d}}{\mathrm{d}u}"
        r"\left[-u\ln u - (1-u)\ln(1-u)\right]",
        True,
    ),  # fmt: skip
    A(2, "root", "x* = u/(1 \u2212 u)", True),
    A(L013, "entropy", r"\ln(1 + x^* + x^{*3}) - u\ln x^*", True),
    A(L013, "beta", r"\beta\varepsilon = -\ln x^*", True),
    A(L0112, "entropy", r"s = 2\ln(1+x^*) - u\ln x^*", True),
    A(OO, "beta", r"\beta\varepsilon = 2\coth^{-1}(2u+1)", True),
    A(2, "beta", r"\beta\varepsilon = \ln\left(\frac{1}{u} - 1\right)", True),
    A(2, "entropy", r"s(u) = -u\log u - (1-u)\log(1-u)", True),  # log is natural
    A(Q, "entropy", r"s(u^*) = \ln q", True),  # eq. (21)
    A(3, "beta", r"\frac{1}{k_B T} = -\frac{1}{\varepsilon}\ln x^*", True),
    # -- wrong ----------------------------------------------------------------------
    # the sign: the argument of the logarithm inverted (the other branch)
    A(2, "beta", r"\frac{1}{k_B T} = \frac{1}{\varepsilon}\ln\frac{u}{1-u}", False),
    # the argument inverted: E/(N eps - E) is u/(1 - u)
    A(2, "beta", r"\frac{\varepsilon}{k_B T} = \ln\frac{E}{N\varepsilon - E}", False),
    # k_B T / eps is 1/(beta eps): the logarithm is not inverted
    A(2, "beta", r"\frac{k_B T}{\varepsilon} = \ln\frac{1-u}{u}", False),
    # eps/k_B times the logarithm, where T is eps/k_B divided by it
    A(2, "beta", r"T = \frac{\varepsilon}{k_B}\ln\frac{1-u}{u}", False),
    # one sign flipped: +(1-u) ln(1-u)
    A(2, "entropy", r"S = N k_B\left[-u\ln u + (1-u)\ln(1-u)\right]", False),
    # in bits (log_2): 1/ln 2 times the entropy in units of k_B
    A(2, "entropy", r"\frac{S}{N k_B} = -u\log_2 u - (1-u)\log_2(1-u)", False),
    # ds/du with the wrong sign
    A(2, "beta", r"\frac{\partial s}{\partial u} = \ln\frac{u}{1-u}", False),
    # m = u - 1 is the spin-1 shift; for q = 2 it is m = u - 1/2
    A(
        2,
        "entropy",
        r"s = -(\tfrac12+m)\ln(\tfrac12+m) - (\tfrac12-m)\ln(\tfrac12-m)"
        r" \quad\text{with } m = u - 1",
        False,
    ),  # fmt: skip
    # +2 artanh(2m): the sign of beta
    A(2, "beta", r"\beta\varepsilon = 2\tanh^{-1}(2m) \quad \text{where } m = u - \tfrac12", False),
    # pasted: the second term's sign flipped
    A(2, "entropy", "\u2212u ln u + (1\u2212u) ln(1\u2212u)", False),
    # pasted: the argument inverted
    A(2, "beta", "\u03b2\u00b7\u03b5 = ln(u/(1\u2212u))", False),
    # +u ln u: the sign of the second term
    A(OO, "entropy", r"s = (1+u)\ln(1+u) + u\ln u", False),
    # the two-level formula used for the oscillator
    A(OO, "beta", r"\frac{\varepsilon}{k_B T} = \ln\frac{N\varepsilon - E}{E}", False),
    # the q = 2 root used for q = oo
    A(OO, "root", r"x^* = \frac{u}{1-u}", False),
    # m^2 written m under the root
    A(3, "root", r"x^* = \frac{m + \sqrt{4 - 3m}}{2(1-m)} \quad \text{where } m = u - 1", False),
    # +ln x*, not -ln x*
    A(3, "beta", r"\beta\varepsilon = \ln\frac{u - 1 + \sqrt{1 + 6u - 3u^2}}{2(2-u)}", False),
    # Cardano with the shift -b/(3a) of the wrong sign
    A(4, "root", CARDANO.format(sign="+"), False),
    # the derivative of an entropy with a slipped sign
    A(
        2,
        "beta",
        r"\beta\varepsilon = \frac{\mathrm{d}}{\mathrm{d}u}"
        r"\left[-u\ln u + (1-u)\ln(1-u)\right]",
        False,
    ),  # fmt: skip
    # the polynomial of levels 0, 1, 2 for levels 0, 1, 3
    A(L013, "entropy", r"\ln(1 + x^* + x^{*2}) - u\ln x^*", False),
    # beta eps = +ln x*: the sign
    A(L013, "beta", r"\beta\varepsilon = \ln x^*", False),
    # artanh of 2u + 1 > 1 (complex) where arcoth belongs
    A(OO, "beta", r"\beta\varepsilon = 2\tanh^{-1}(2u+1)", False),
    # 1/u + 1 is the oscillator's (1 + u)/u
    A(2, "beta", r"\beta\varepsilon = \ln\left(\frac{1}{u} + 1\right)", False),
    # log_10 for the natural logarithm
    A(2, "entropy", r"s(u) = -u\log_{10} u - (1-u)\log_{10}(1-u)", False),
    # s(u*) = ln q, not ln(q - 1)
    A(Q, "entropy", r"s(u^*) = \ln(q-1)", False),
    # +ln x*: the sign of beta
    A(3, "beta", r"\frac{1}{k_B T} = \frac{1}{\varepsilon}\ln x^*", False),
    # no 1/eps on the right: the two sides differ in units (refused, naming eps)
    A(2, "beta", r"\frac{1}{k_B T} = \ln\frac{1-u}{u}", False),
    # (2 - u) for (1 - u): a slip in the numerator
    A(2, "beta", "beta*eps = log((2 - u)/u)", False),
]

PART_B = [
    # -- right ----------------------------------------------------------------------
    B(
        r"\ln Z - \sum_i \ln Z_i = -\beta\langle W\rangle - \mathrm{TC} - \sum_i D_i",
        True,
        {"sites": 8},
    ),  # fmt: skip
    B(r"\ln Z = N\ln 2 + (N-1)\ln\cosh K", True, {"sites": 10}),
    B(r"Z = 2(2\cosh K)^{N-1}", True, {"sites": 6}),
    B(r"I = K\tanh K - \ln\cosh K", True, {"sites": 8}),
    B(r"\mathrm{TC} = I", True, {"sites": 6}),
    B(r"\beta\langle W\rangle = -K\tanh K", True, {"sites": 8}),
    B(r"\sum_i D_i = 0", True, {"sites": 8}),
    B(r"\ln Z - \sum_i \ln Z_i = \ln\cosh K", True, {"sites": 8}),
    B(r"I \ge 0", True, {"sites": 8}),
    B(r"\mathrm{TC} \ge I(1:2)", True, {"sites": 12, "cells": 3}),
    B(r"\ln Z_{\mathrm{mes}} \le \ln Z", True, {"sites": 12, "cell_size": 3}),
    B(
        r"\ln Z = \ln\left[(2\cosh K)^N + (2\sinh K)^N\right]",
        True,
        {"sites": 8, "boundary": "periodic"},
    ),  # fmt: skip
    B(r"\beta E_{\mathrm{sub}} = 0", True, {"sites": 8, "boundary": "periodic", "coupling": 1}),
    B(r"\beta E_{\mathrm{sub}} = \ln\cosh K", True, {"sites": 8, "coupling": 1}),
    B(r"\beta F = -N\ln 2 - (N-1)\ln\cosh K", True, {"sites": 10}),
    B(r"\sum_i \beta F_i = -N\ln 2 - (N-2)\ln\cosh K", True, {"sites": 8}),
    B(r"\ln Z - \sum_i \ln Z_i = 2\ln\cosh K", True, {"sites": 9, "cells": 3}),
    B(r"\beta\langle W\rangle = -2K\tanh K", True, {"sites": 9, "cells": 3}),
    B(
        r"\sum_i D_i \ge 0",
        True,
        {"model": "lattice-gas", "sites": 8, "coupling": 1, "chemical_potential": -0.5},
    ),  # fmt: skip
    B("ln Z \u2212 \u03a3_i ln Z_i = ln(cosh(K))", True, {"sites": 8}),  # pasted
    B(r"I(1:2) = I(2:3)", True, {"sites": 9, "cells": 3, "boundary": "periodic"}),
    B(r"D_1 = D_2", True, {"sites": 8, "field": sp.Rational(3, 10)}),  # mirror symmetry
    # -- wrong ----------------------------------------------------------------------
    # the rebuttal: I enters with the wrong sign, and the bond energy is missing
    B(r"\beta F = \sum_i \beta F_i - I", False, {"sites": 8}),
    # the rebuttal in physical units (k_B T = 1 at beta = 1)
    B(r"F = \sum_i F_i - k_B T\, I", False, {"sites": 8, "coupling": 1}),
    # N factors 2 cosh K: one bond too many for the open chain
    B(r"\ln Z = N\ln(2\cosh K)", False, {"sites": 10}),
    B(r"Z = (2\cosh K)^N", False, {"sites": 6}),
    # the free-energy difference ln cosh K taken for the information
    B(r"I = \ln\cosh K", False, {"sites": 8}),
    # for two cells TC = I, not 2I
    B(r"\mathrm{TC} = 2I", False, {"sites": 8}),
    # the sign: the ferromagnetic bond lowers the energy
    B(r"\beta\langle W\rangle = K\tanh K", False, {"sites": 8}),
    # with a field the marginals differ from the isolated cells
    B(r"\sum_i D_i = 0", False, {"sites": 8, "field": sp.Rational(3, 10)}),
    # the rebuttal written with ln Z: ln Z - sum ln Z_i = ln cosh K is not I
    B(r"\ln Z - \sum_i \ln Z_i = I", False, {"sites": 8}),
    # information is never negative
    B(r"I \le 0", False, {"sites": 8, "coupling": 1}),
    # Jensen reversed: Z_mes <= Z
    B(r"\ln Z_{\mathrm{mes}} \ge \ln Z", False, {"sites": 12, "cell_size": 3, "coupling": 1}),
    # the periodic chain has (2 sinh K)^N too
    B(r"\ln Z = N\ln(2\cosh K)", False, {"sites": 8, "boundary": "periodic"}),
    # the ring has no ends: its subdivision potential is 0
    B(
        r"\beta E_{\mathrm{sub}} = \ln\cosh K",
        False,
        {"sites": 8, "boundary": "periodic", "coupling": 1},
    ),  # fmt: skip
    # the open chain's subdivision potential is ln cosh K, not 0
    B(r"\beta E_{\mathrm{sub}} = 0", False, {"sites": 8, "coupling": 1}),
    # N bonds counted for N - 1
    B(r"\beta F = -N\ln 2 - N\ln\cosh K", False, {"sites": 10}),
    # three cells cut two bonds: 2 ln cosh K
    B(r"\ln Z - \sum_i \ln Z_i = \ln\cosh K", False, {"sites": 9, "cells": 3}),
    # non-adjacent cells are still correlated through the middle one
    B(r"I(1:3) = 0", False, {"sites": 9, "cells": 3}),
    # TC of three cells is I(1:2) plus I(12:3) > 0
    B(r"\mathrm{TC} \le I(1:2)", False, {"sites": 12, "cells": 3}),
    # the ideal lattice gas: true only at K = 0
    B(r"\ln Z = N\ln(1 + e^{\mu})", False, {"model": "lattice-gas", "sites": 8}),
    # pasted: two cells cut one bond, not two
    B("ln Z - sum_i ln Z_i = 2 ln(cosh(K))", False, {"sites": 8}),
    # with a field cell 1's marginal is not its isolated state
    B(r"D_1 = 0", False, {"sites": 8, "field": sp.Rational(3, 10)}),
    # <s s'> = tanh K is missing: -K is the ground state, not the average
    B(r"\beta\langle W\rangle = -K", False, {"sites": 8}),
]

CHAINS = [
    Chain(
        2,
        r"""\begin{align}
s &= -u\ln u - (1-u)\ln(1-u) \\
  &= -\ln(1-u) - u\ln\frac{u}{1-u}
\end{align}""",
        None,
    ),  # fmt: skip
    Chain(
        OO, r"s &= (1+u)\ln(1+u) - u\ln u \\ &= \ln(1+u) + u\ln\left(1 + \frac{1}{u}\right)", None
    ),  # fmt: skip
    Chain(
        2,
        r"""\frac{\partial s}{\partial u}
  &= \frac{\mathrm{d}}{\mathrm{d}u}\left[-u\ln u-(1-u)\ln(1-u)\right] \\
  &= -\ln u - 1 + \ln(1-u) + 1 \\
  &= \ln\frac{1-u}{u}""",
        None,
    ),  # fmt: skip
    Chain(
        2,
        "s = \u2212u ln u \u2212 (1\u2212u) ln(1\u2212u)\n"
        "  = \u2212ln(1\u2212u) \u2212 u ln(u/(1\u2212u))",
        None,
    ),  # fmt: skip
    Chain(
        2,
        r"S &= N k_B\left[-u\ln u - (1-u)\ln(1-u)\right] \\"
        r" &= -N k_B\left[u\ln u + (1-u)\ln(1-u)\right]",
        None,
    ),  # fmt: skip
    # -- wrong: the comment names the row that does not follow --------------------------
    # row 2: u ln(u/(1-u)) written u ln((1-u)/u)
    Chain(2, r"s &= -u\ln u - (1-u)\ln(1-u) \\ &= -\ln(1-u) - u\ln\frac{1-u}{u}", 2),
    # row 3: ln(1+u) - u ln u + u ln(1+u) regrouped with the ratio inverted
    Chain(
        OO,
        r"""s &= (1+u)\ln(1+u) - u\ln u \\
  &= \ln(1+u) + u\ln(1+u) - u\ln u \\
  &= \ln(1+u) + u\ln\frac{u}{1+u}""",
        3,
    ),  # fmt: skip
    # row 3: the difference of logarithms inverted
    Chain(
        2,
        r"""\frac{\partial s}{\partial u}
  &= \frac{\mathrm{d}}{\mathrm{d}u}\left[-u\ln u-(1-u)\ln(1-u)\right] \\
  &= -\ln u + \ln(1-u) \\
  &= \ln\frac{u}{1-u}""",
        3,
    ),  # fmt: skip
    # pasted, row 2: + u ln(u/(1-u)) for - u ln(u/(1-u))
    Chain(
        2,
        "s = \u2212u ln u \u2212 (1\u2212u) ln(1\u2212u)\n"
        "  = \u2212ln(1\u2212u) + u ln(u/(1\u2212u))",
        2,
    ),  # fmt: skip
    # row 2: the minus sign in front of the bracket lost
    Chain(
        2,
        r"S &= N k_B\left[-u\ln u - (1-u)\ln(1-u)\right] \\"
        r" &= N k_B\left[u\ln u + (1-u)\ln(1-u)\right]",
        2,
    ),  # fmt: skip
]


def _verdict_a(case: A) -> str:
    try:
        expr, _, _, at = read_claim(case.text, case.q, case.quantity)
        result = check_formula(case.q, case.quantity, expr, at=at)
    except MesosymError:
        return "refused"
    return "refuted" if result.verdict is Verdict.REFUTED else "holds"


def _verdict_b(case: B) -> str:
    try:
        result = check_model_claim(case.text, **case.options)
    except MesosymError:
        return "refused"
    return "refuted" if result.verdict is Verdict.REFUTED else "holds"


def _verdict_chain(case: Chain) -> str:
    try:
        chain = parse_steps(case.text)
        result = check_chain(case.q, [step.expression for step in chain.steps])
    except MesosymError:
        return "refused"
    failed = result.first_failed_step
    if failed is None:
        return "holds"
    return f"fails at {failed}"


def _expected(holds: bool) -> str:
    return "holds" if holds else "refuted"


def test_the_corpus_is_balanced_and_large_enough():
    claims = PART_A + PART_B
    right = sum(case.holds for case in claims)
    assert len(claims) >= 80 and len(CHAINS) >= 10
    assert abs(right - (len(claims) - right)) <= 2
    assert sum(case.fails_at is None for case in CHAINS) * 2 == len(CHAINS)


@pytest.mark.slow
def test_no_false_verdict_and_few_refusals():
    verdicts = []
    for case in PART_A:
        verdicts.append((case.text, _verdict_a(case), _expected(case.holds)))
    for case in PART_B:
        verdicts.append((case.text, _verdict_b(case), _expected(case.holds)))
    for case in CHAINS:
        expected = "holds" if case.fails_at is None else f"fails at {case.fails_at}"
        verdicts.append((case.text, _verdict_chain(case), expected))
    false = [(text, got, want) for text, got, want in verdicts if got not in (want, "refused")]
    refused = [text for text, got, _ in verdicts if got == "refused"]
    assert not false, false
    assert len(refused) * 20 <= len(verdicts), refused
