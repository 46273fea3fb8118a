"""Part A: N particles on q equispaced levels, or on any integer spectrum.

========================  ===============================================================
module                    idea
========================  ===============================================================
``spectrum``              ``Spectrum`` (integer levels, degeneracies), ``EquispacedLevels``
``saddle``                the saddle point of any generating polynomial; ``SaddleRoot``
``counting``              exact multiplicities: rows, single coefficients, ln Omega
``finite``                finite-N microcanonical entropy and temperature
``asymptotics``           the 1/N expansion of ln Omega
``expressions``           unevaluated ``Omega_q(N, M)`` and ``[x^M] f(x)``
``equations``             the letter's numbered equations for any q, and their document
========================  ===============================================================

Examples
--------
>>> from mesosym.levels.spectrum import EquispacedLevels
>>> EquispacedLevels(2).multiplicities(3)
[1, 3, 3, 1]
"""

__all__: list[str] = []
