"""Every spin configuration of a w x L Ising strip, for the strip and factorisation tests.

:class:`BruteForce` never sees a column state or a transfer matrix: it enumerates every
spin configuration of the w x L square lattice with numpy integers, groups the
configurations by their exact integer energy counts (bond sum, magnetisation), and sums
Boltzmann weights in mpmath at 45 digits.  Cells are blocks of whole columns; the
isolated cell keeps its own bonds (open along the length) and the strip's width boundary.
"""

from __future__ import annotations

import mpmath
import numpy as np

__all__ = ["BruteForce"]


def _spins(w: int, L: int) -> np.ndarray:
    """Every configuration as an array (2^(wL), w, L) of +-1."""
    codes = np.arange(2 ** (w * L), dtype=np.int64)
    bits = (codes[:, None] >> np.arange(w * L)) & 1
    return (1 - 2 * bits).reshape(-1, L, w).transpose(0, 2, 1).astype(np.int64)


def _bond_sum(s: np.ndarray, around: str, along: str, cut: list[int] | None = None) -> np.ndarray:
    """Sum of s_i s_j over the bonds (or, with ``cut``, over the horizontal bonds leaving
    column c - 1 for column c, c in cut, the wrap bond written as c = 0)."""
    w, L = s.shape[1], s.shape[2]
    if cut is not None:
        return sum((s[:, :, c - 1] * s[:, :, c % L]).sum(axis=1) for c in cut)
    total = (s[:, :-1, :] * s[:, 1:, :]).sum(axis=(1, 2))
    if around == "periodic" and w > 1:
        total += (s[:, -1, :] * s[:, 0, :]).sum(axis=1)
    total += (s[:, :, :-1] * s[:, :, 1:]).sum(axis=(1, 2))
    if along == "periodic" and L > 1:
        total += (s[:, :, -1] * s[:, :, 0]).sum(axis=1)
    return total


class BruteForce:
    """Exact Gibbs sums of a strip by enumeration of its spins, grouped by energy."""

    def __init__(self, w, L, J, h, beta, around, along, sizes):
        self.J, self.h, self.beta = J, h, beta  # Fractions, exact
        s = _spins(w, L)
        bonds = _bond_sum(s, around, along)
        mag = s.sum(axis=(1, 2))
        starts = np.cumsum([0, *sizes])
        cuts = [int(c) for c in starts[1:-1]] + (
            [0] if along == "periodic" and len(sizes) > 1 else []
        )
        cut = _bond_sum(s, around, along, cut=cuts) if cuts else np.zeros_like(bonds)
        self.cells = []
        for a, b in zip(starts[:-1], starts[1:], strict=True):
            block = s[:, :, a:b]
            flat = block.transpose(0, 2, 1).reshape(len(s), -1)  # spin (r, c) at c w + r
            code = ((flat < 0) * (1 << np.arange(w * (b - a)))).sum(axis=1)
            self.cells.append((code, _spins(w, b - a), around))
        self.bonds, self.mag, self.cut = bonds, mag, cut
        self._weights: dict = {}

    def weight(self, bonds, mag):
        key = (int(bonds), int(mag))
        if key not in self._weights:
            exponent = self.beta * (self.J * key[0] + self.h * key[1])  # exact
            self._weights[key] = mpmath.exp(mpmath.mpf(exponent.numerator) / exponent.denominator)
        return self._weights[key]

    def mp(self, x):
        return mpmath.mpf(x.numerator) / x.denominator

    def grouped(self, *keys):
        """[(keys, count, Boltzmann weight)] over the distinct (keys..., bonds, mag)."""
        columns = [*keys, self.bonds, self.mag]
        lows = [int(c.min()) for c in columns]
        spans = [int(c.max()) - lo + 1 for c, lo in zip(columns, lows, strict=True)]
        code = np.zeros(len(self.bonds), dtype=np.int64)
        for c, lo, span in zip(columns, lows, spans, strict=True):
            code = code * span + (c - lo)
        values, counts = np.unique(code, return_counts=True)
        out = []
        for v, n in zip(values.tolist(), counts.tolist(), strict=True):
            parts = []
            for lo, span in zip(reversed(lows), reversed(spans), strict=True):
                parts.append(v % span + lo)
                v //= span
            *key, bonds, mag = reversed(parts)
            out.append((tuple(key), n, self.weight(bonds, mag)))
        return out

    def quantities(self):
        with mpmath.workdps(45):
            groups = self.grouped()
            Z = mpmath.fsum(c * wt for _, c, wt in groups)
            out = {"log_Z": mpmath.log(Z)}
            cut = self.grouped(self.cut)
            out["beta_W"] = (
                mpmath.fsum(-self.mp(self.beta * self.J) * k[0] * c * wt for k, c, wt in cut) / Z
            )
            energy = (
                mpmath.fsum(
                    c * wt * self.mp(-self.J * b - self.h * m)
                    for (b, m), c, wt in self.grouped(self.bonds, self.mag)
                )
                / Z
            )
            S = out["log_Z"] + self.mp(self.beta) * energy
            out["log_Z_cells"], out["D"], marginal_S = [], [], []
            for code, cell_spins, around in self.cells:
                rows = self.grouped(code)
                p = {}
                for (x,), c, wt in rows:
                    p[x] = p.get(x, 0) + c * wt / Z
                inner = _bond_sum(cell_spins, around, "open")
                mag = cell_spins.sum(axis=(1, 2))
                q_w = [self.weight(b, m) for b, m in zip(inner, mag, strict=True)]
                Zi = mpmath.fsum(q_w)
                out["log_Z_cells"].append(mpmath.log(Zi))
                out["D"].append(
                    mpmath.fsum(px * mpmath.log(px * Zi / q_w[x]) for x, px in p.items())
                )
                marginal_S.append(-mpmath.fsum(px * mpmath.log(px) for px in p.values()))
            out["TC"] = mpmath.fsum(marginal_S) - S
        return out
