r"""Checking hand derivations: verdicts, proofs, readers of text and LaTeX, claims, slips.

========================  ===============================================================
module                    idea
========================  ===============================================================
``derivation``            verdicts (proved, verified, numerically equal, refuted), the
                          proof ladder, ``Step`` and ``Derivation``
``formulas``              a hand-derived formula against mesosym's: which q, which domain
``points``                a claim at one point (``s(u^*) = \ln q``)
``claims``                a claim or an ``align`` chain of steps, text or LaTeX
``notation``              the manuscript forms of a left-hand side, units, PDF text
``model_claims``          part-B claims against a named model (``\ln Z``, ``I``, ``TC``)
``parse``                 reading text safely (an AST whitelist, never ``eval``)
``parse_latex``           reading manuscript LaTeX by a grammar of its own
``slips``                 naming the slip of a refuted claim
========================  ===============================================================

Examples
--------
>>> from mesosym.checking.formulas import check_formula
>>> from mesosym.symbols import u
>>> import sympy as sp
>>> check_formula(2, "entropy", -u*sp.log(u) - (1 - u)*sp.log(1 - u)).verdict.value
'proved'
"""

__all__: list[str] = []
