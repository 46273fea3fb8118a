"""Time IsingCylinder against the numpy and mpmath scripts a user would write, same run.

mesosym applies the ring transfer matrix T = D^(1/2) (M x ... x M) D^(1/2) factor by
factor (3 w 2^w multiplications per product), finds its leading pair by Lanczos in
float64 and refines it in mpmath by Newton steps whose corrections are solved in float64.
The baselines:

* float64: build the dense 2^w x 2^w matrix with ``numpy.kron`` and call
  ``numpy.linalg.eigh`` (what a user writes first; memory 8 * 4^w bytes, time ~ 8^w), and
  ``scipy.sparse.linalg.eigsh`` on a ``LinearOperator`` applying the same factors (a
  careful user's script);
* mpmath: ``mpmath.eigsy`` of the dense matrix at 30 digits.

mesosym's time includes all six quantities (ln lambda, entropy per ring, ring entropy,
the information between the halves, the half-ring information, the Renyi-2 information,
which needs a second eigenpair at 2 beta); the baselines compute the leading pair only.
The differences of ln lambda between routes are printed beside the ratios.

BLAS runs on one thread (``OPENBLAS_NUM_THREADS=1`` unless set): on a shared, loaded
machine threaded level-1/2 BLAS calls are erratic (up to a thousand times slower), which
would flatter mesosym against ``eigh``.

The factorisation study (:mod:`mesosym.mesoscopic.factorisation`): the terms of
ln Z - sum ln Z_i = -beta<W> - TC - sum D_i for a w x 48 strip in three column cells
(two sweeps of the same factor-by-factor products) and per cut in the long-cell limit,
their cost against w; the baseline is the user's dense script: the 2^w x 2^w matrix
built with ``numpy.kron`` and the matrix-vector products for ln Z and the three ln Z_i
alone (w <= 12).

Run:  python benchmarks/bench_mesoscopic_cylinder.py
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import math  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
from fractions import Fraction  # noqa: E402

import mpmath  # noqa: E402
import numpy as np  # noqa: E402
from _timing import best_time  # noqa: E402

from mesosym.mesoscopic import IsingCylinder  # noqa: E402
from mesosym.mesoscopic.factorisation import cut_terms, strip_factorisation  # noqa: E402

BETA = Fraction(11, 25)  # near T_c (beta_c = 0.4407)
FIELD = Fraction(1, 20)


def everything(w: int, digits: int | None) -> tuple[float, ...]:
    c = IsingCylinder(circumference=w, coupling=1, field=FIELD, beta=BETA, digits=digits)
    return (
        c.log_partition_function_per_ring(),
        c.entropy_per_ring(),
        c.ring_entropy(),
        c.mutual_information(),
        c.ring_mutual_information(w // 2),
        c.renyi_mutual_information(2),
    )


def log_lambda(w: int) -> float:
    c = IsingCylinder(circumference=w, coupling=1, field=FIELD, beta=BETA, digits=None)
    return float(c.log_partition_function_per_ring())


def ring_energy(w: int) -> np.ndarray:
    bits = (np.arange(2**w)[:, None] >> np.arange(w - 1, -1, -1)) & 1
    s = 1 - 2 * bits
    K, H = float(BETA), float(BETA * FIELD)
    return K * (s * np.roll(s, -1, axis=1)).sum(axis=1) + H * s.sum(axis=1)


def dense_transfer(w: int) -> tuple[np.ndarray, np.ndarray]:
    """The user's dense matrix T = D^(1/2) (M x ... x M) D^(1/2), and D^(1/2)."""
    K = float(BETA)
    m = np.array([[math.exp(K), math.exp(-K)], [math.exp(-K), math.exp(K)]])
    kron = np.ones((1, 1))
    for _ in range(w):
        kron = np.kron(kron, m)
    d = np.exp(ring_energy(w) / 2)
    return d[:, None] * kron * d[None, :], d


def dense_eigh(w: int) -> float:
    """The user's script: the dense matrix and numpy.linalg.eigh."""
    T, _ = dense_transfer(w)
    return float(np.log(np.linalg.eigh(T)[0][-1]))


def sparse_eigsh(w: int) -> float:
    """A careful user's script: eigsh on a LinearOperator applying the factors."""
    from scipy.sparse.linalg import LinearOperator, eigsh

    K = float(BETA)
    d = np.exp(ring_energy(w) / 2)

    def apply(x: np.ndarray) -> np.ndarray:
        y = (d * x.ravel()).reshape((2,) * w)
        for k in range(w):
            y = math.exp(K) * y + math.exp(-K) * np.flip(y, k)
        return d * y.ravel()

    op = LinearOperator((2**w, 2**w), matvec=apply, dtype=float)
    return float(np.log(eigsh(op, k=1, which="LA", v0=np.ones(2**w))[0][0]))


def dense_eigsy(w: int) -> mpmath.mpf:
    """The mpmath script: the dense matrix and mpmath.eigsy, at 30 digits."""
    with mpmath.workdps(30):
        K, H = mpmath.mpf(BETA.numerator) / BETA.denominator, None
        H = K * FIELD.numerator / FIELD.denominator
        bits = [[(i >> (w - 1 - k)) & 1 for k in range(w)] for i in range(2**w)]
        s = [[1 - 2 * b for b in row] for row in bits]
        e = [K * sum(r[k] * r[(k + 1) % w] for k in range(w)) + H * sum(r) for r in s]
        T = mpmath.matrix(2**w, 2**w)
        for i in range(2**w):
            for j in range(2**w):
                c = sum(a * b for a, b in zip(s[i], s[j], strict=True))
                T[i, j] = mpmath.exp((e[i] + e[j]) / 2 + K * c)
        values = mpmath.eigsy(T, eigvals_only=True)
        return mpmath.log(max(values))


def float64_table() -> None:
    print("== float64: the six quantities against the leading pair alone ==")
    print("(mesosym: the six quantities; ln l: mesosym's ln lambda alone; ratios baseline/mesosym)")
    print(
        f"{'w':>3} {'states':>7} {'mesosym s':>10} {'ln l s':>8} {'eigh s':>9} {'ratio':>7} "
        f"{'eigsh s':>8} {'ratio':>7} {'vs ln l':>7} {'|d ln lambda|':>14}"
    )
    for w in (6, 8, 10, 11, 12, 14, 16):
        tm, values = best_time(lambda w=w: everything(w, None), 3 if w < 14 else 1)
        tl, _ = best_time(lambda w=w: log_lambda(w), 3 if w < 14 else 1)
        te = td = math.nan
        diff = math.nan
        if w <= 12:
            td, dense = best_time(lambda w=w: dense_eigh(w), 1)
            diff = abs(dense - values[0])
        try:
            te, sparse = best_time(lambda w=w: sparse_eigsh(w), 1)
            diff = np.nanmax([diff, abs(sparse - values[0])])
        except ImportError:  # pragma: no cover - scipy is a test dependency
            pass
        print(
            f"{w:>3} {2**w:>7} {tm:10.4f} {tl:8.4f} {td:9.3f} {td / tm:7.1f} {te:8.3f} "
            f"{te / tm:7.2f} {te / tl:7.2f} {diff:14.2e}"
        )


def mpmath_table() -> None:
    print("== 30 digits: mesosym (six quantities) against mpmath.eigsy (leading pair) ==")
    print(f"{'w':>3} {'mesosym s':>10} {'eigsy s':>9} {'ratio':>7} {'|d ln lambda|':>14}")
    for w in (3, 4, 5, 6, 8, 10, 12):
        tm, values = best_time(lambda w=w: everything(w, 30), 1)
        te, diff = math.nan, math.nan
        if w <= 5:
            te, dense = best_time(lambda w=w: dense_eigsy(w), 1)
            with mpmath.workdps(40):
                diff = float(abs(dense - values[0]))
        print(f"{w:>3} {tm:10.3f} {te:9.3f} {te / tm:7.1f} {diff:14.2e}")


def dense_log_z_excess(w: int, length: int, cells: int) -> float:
    """The user's script: the dense transfer matrix, ln Z - sum ln Z_i by matrix-vector products."""
    T, d = dense_transfer(w)

    def log_z(columns: int) -> float:
        v, scale = d.copy(), 0.0
        for _ in range(columns - 1):
            v = T @ v
            top = v.max()
            v, scale = v / top, scale + math.log(top)
        return math.log(float(d @ v)) + scale

    return log_z(length) - cells * log_z(length // cells)


def factorisation_table() -> None:
    print("== factorisation terms of a w x 48 strip in 3 column cells, and per cut (long cells) ==")
    print("(mesosym: all four terms; dense: ln Z - sum ln Z_i alone; ratio dense/mesosym)")
    print(
        f"{'w':>3} {'strip s':>9} {'cut s':>8} {'dense s':>9} {'ratio':>7} {'|d excess|':>11} "
        f"{'30 digits s':>11}"
    )
    for w in (4, 6, 8, 10, 12, 14, 16):

        def strip(w: int = w) -> object:
            return strip_factorisation(w, 48, 3, field=FIELD, beta=BETA, digits=None)

        def cut(w: int = w) -> object:
            return cut_terms(w, field=FIELD, beta=BETA, digits=None)

        ts, terms = best_time(strip, 3 if w < 14 else 1)
        tc, _ = best_time(cut, 3 if w < 14 else 1)
        td = diff = math.nan
        if w <= 12:
            td, dense = best_time(lambda w=w: dense_log_z_excess(w, 48, 3), 1)
            diff = abs(dense - terms.log_z_excess)
        t30 = math.nan
        if w <= 8:
            t30, _ = best_time(
                lambda w=w: strip_factorisation(w, 48, 3, field=FIELD, beta=BETA, digits=30), 1
            )
        print(f"{w:>3} {ts:9.4f} {tc:8.4f} {td:9.3f} {td / ts:7.1f} {diff:11.2e} {t30:11.3f}")


def main() -> None:
    print(
        f"python {sys.version.split()[0]}, {platform.machine()}, numpy {np.__version__}, "
        f"mpmath {mpmath.__version__}"
    )
    print(f"beta J = {BETA}, beta h = {BETA * FIELD}")
    float64_table()
    mpmath_table()
    factorisation_table()


if __name__ == "__main__":
    main()
