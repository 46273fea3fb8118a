"""The papers mesosym implements: titles and arXiv identifiers.

The repository carries its own reference to them; ``docs/papers.md`` maps
each numbered equation of the letter to the function or derivation step that
regenerates it.

Examples
--------
>>> LETTER.arxiv_id
'arXiv:2605.02736'
>>> LETTER.url
'https://arxiv.org/abs/2605.02736'
>>> [p.key for p in PAPERS]
['letter', 'mesoscopic']
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Paper", "LETTER", "MESOSCOPIC", "PAPERS"]


@dataclass(frozen=True)
class Paper:
    """A paper: a short key, its arXiv number, title and authors (``""`` if not given)."""

    key: str
    arxiv: str
    title: str
    authors: str = ""

    @property
    def arxiv_id(self) -> str:
        """``"arXiv:<number>"``."""
        return f"arXiv:{self.arxiv}"

    @property
    def url(self) -> str:
        """The abstract page on arxiv.org."""
        return f"https://arxiv.org/abs/{self.arxiv}"

    def __str__(self) -> str:
        by = f"{self.authors}, " if self.authors else ""
        return f'{by}"{self.title}", {self.arxiv_id}'


#: Part A: N particles on q equispaced levels (the "letter"), equations (1)-(30).
LETTER = Paper(
    "letter",
    "2605.02736",
    "Exact Microcanonical Formulation and Thermodynamics of Equispaced Finite-Level Systems",
)

#: Part B: the mesoscopic partition function over spatial and phase-space cells.
MESOSCOPIC = Paper(
    "mesoscopic",
    "2605.00958",
    "The Mesoscopic Partition Function: A Combined Spatial and Phase-Space Cell Structure",
    "B. Osano",
)

PAPERS: tuple[Paper, ...] = (LETTER, MESOSCOPIC)
