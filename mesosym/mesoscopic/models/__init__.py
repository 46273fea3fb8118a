"""Part B's models, one file each: what a model supplies to the cells, sectors and verbs.

A lattice model supplies its local states, bond and site energies and occupation
map (the chain protocol, :mod:`.chain`); a continuum model its pair potential and
geometry.  The verbs of :mod:`mesosym.mesoscopic` are written once against them.

=================  ==========================================================
:mod:`.chain`      ``LatticeChain``, the protocol every lattice model follows
:mod:`.ising`      ``IsingChain``: two states, s = +1 or -1
:mod:`.lattice_gas` ``LatticeGas``: two states, n = 0 or 1; canonical or grand canonical
:mod:`.potts`      ``PottsChain``: q states, H = -J sum delta(s_i, s_(i+1))
:mod:`.strip`      ``IsingStrip``: w x L spins, a chain of its 2^w columns
=================  ==========================================================
"""
