"""Part B's models, one file each: what a model supplies to the cells, sectors and verbs.

A lattice model supplies its local states, bond and site weights and occupation map; a
continuum model its pair potential and geometry.  The verbs of
:mod:`mesosym.mesoscopic` are written once against them.
"""
