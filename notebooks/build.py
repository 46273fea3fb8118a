r"""Write the notebooks of this folder from their cells, without outputs; render them to HTML.

The ``.ipynb`` files are generated, not edited by hand: change the cells here and
run ``python notebooks/build.py``.  Cell ids are fixed, outputs and execution
counts empty, so the committed files are stable and diff cleanly;
``tests/test_notebooks.py`` executes them with a real kernel.

``python notebooks/build.py --render DIR`` executes every notebook from scratch
(nbclient, the ``python3`` kernel, from this folder) and writes ``DIR/NAME.html``
with its outputs (nbconvert); the rendered copies are not committed.  Both need
the ``test`` extra (``pip install -e ".[test]"``) and a kernel
(``python -m ipykernel install --user``).

The notebooks, one per topic:

1. ``01_equispaced_letter`` -- the letter from the generating function to Fig. 1
   and the negative-temperature branch;
2. ``02_finite_n`` -- exact counts against the saddle point and its 1/N
   corrections, the error shrinking as N grows;
3. ``03_mesoscopic`` -- Z_mes and its fine-graining limit, factorisation
   against extensivity, mutual information and the area law, the subdivision
   potential;
4. ``04_checking_derivations`` -- a hand derivation pasted as LaTeX, a right one
   and a wrong one, checked step by step; a part-B claim refuted and corrected;
6. ``06_area_law`` -- the Ising model on an infinite cylinder: Onsager's limit, the
   information between the two half-cylinders per unit boundary (an area law), its peak
   above T_c, and the logarithmic half-ring information at T_c; a strip cut into column
   cells: factorisation against extensivity, the identity's terms per unit boundary.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

Cells = list[tuple[str, str]]

EQUISPACED_LETTER: Cells = [
    (
        "md",
        r"""# N particles on q equispaced levels: the letter, from the generating function to Fig. 1

This notebook follows *Exact microcanonical formulation and thermodynamics of
equispaced finite-level systems* with `mesosym`: the spectrum
$\varepsilon_k = k\varepsilon$, $k = 0, \dots, q-1$ (eq. 1), the multiplicity as a
coefficient of a generating function (eqs. 8-10), the saddle point (eqs. 15-18),
the entropy and the temperature (eqs. 19-21), the special cases (eqs. 22-30),
Fig. 1, and the negative-temperature branch above $u^* = (q-1)/2$.

Energies are in units of the level spacing $\varepsilon$, entropies in units of
$k_B$; $u = E/(N\varepsilon) = M/N$ (eq. 14).  Finite $N$ and the $1/N$
expansion are in `02_finite_n.ipynb`.""",
    ),
    (
        "code",
        r'''%matplotlib inline
import itertools
import math

import numpy as np
import sympy as sp
from IPython.display import Math, display

from mesosym import EquispacedLevels, numeric
from mesosym.figures import figure1, figure1_data
from mesosym.latex import latex  # mesosym's notation: x^*, \ln, \varepsilon
from mesosym.symbols import q


def show(label, expr):
    """Display ``label = expr`` as LaTeX."""
    display(Math(label + " = " + latex(expr)))''',
    ),
    (
        "md",
        r"""## The generating function

A particle on level $k$ contributes $x^k$; $N$ independent particles contribute
$(1 + x + \dots + x^{q-1})^N$, and the coefficient of $x^M$ counts the
microstates with $M$ quanta in total (eq. 8).  For $q = 3$ and $N = 4$ the
coefficients agree with a brute-force enumeration of the $3^4 = 81$ microstates.""",
    ),
    (
        "code",
        r"""three = EquispacedLevels(3)
show(r"\sum_M \Omega_3(N, M)\, x^M", three.generating_function())
row = three.multiplicities(4)
brute = [0] * 9
for levels in itertools.product(range(3), repeat=4):
    brute[sum(levels)] += 1
print("Omega_3(4, M) =", row)
print("enumerated    =", brute, " agree:", list(row) == brute)
print("Omega_3(10, 10) =", three.multiplicity(10, 10))""",
    ),
    (
        "md",
        r"""## The saddle point, the entropy and the temperature

For large $N$ the coefficient is dominated by the saddle point $x^*$ of
$x^{-M}(1 + \dots + x^{q-1})^N$, the positive root of eq. (18).  With a symbolic
$q$ the same object gives the general results: the saddle equation (18), the
entropy (19) and $\beta\varepsilon = \ln(1/x^*)$ (20), where $x^*(u)$ is the root
of (18), and the infinite-temperature point (21).""",
    ),
    (
        "code",
        r"""general = EquispacedLevels(q)
show("u", general.saddle_equation().rhs)
show("s(u)", general.entropy())
show(r"\beta\varepsilon", general.inverse_temperature())
show("u^*", general.u_star)""",
    ),
    (
        "md",
        r"""For $q = 3$ the saddle equation is a quadratic, solved in closed form (eqs.
24-27); at $u^* = 1$ the root is $x^* = 1$ and $s = \ln 3$.""",
    ),
    (
        "code",
        r"""show("u", three.saddle_equation().rhs)
show("x^*", three.saddle_point())
show(r"\beta\varepsilon", three.inverse_temperature())
s_top = float(numeric.entropy(1.0, 3))
print("u* =", three.u_star, "  s(u*) =", repr(s_top), "  ln 3 =", repr(math.log(3)))""",
    ),
    (
        "md",
        r"""The special cases: the two-level system (22), and the Einstein solid
$q \to \infty$ (29)-(30), where the entropy grows without bound and the
temperature stays positive.""",
    ),
    (
        "code",
        r"""show("s_2(u)", EquispacedLevels(2).entropy())
show(r"\beta_2\varepsilon", EquispacedLevels(2).inverse_temperature())
show(r"s_\infty(u)", EquispacedLevels(sp.oo).entropy())
show(r"\beta_\infty\varepsilon", EquispacedLevels(sp.oo).inverse_temperature())""",
    ),
    (
        "md",
        r"""## Fig. 1

The entropy per particle (upper panel) and the inverse temperature (lower panel)
for $q = 2, 3, 4, 5, 10$ and $q \to \infty$.  Every finite $q$ peaks at
$u^* = (q-1)/2$ with $s = \ln q$ (the dots), where $\beta$ changes sign; at
fixed $u$ both $s$ and $\beta\varepsilon$ grow with $q$.  The same figure from
the command line: `mesosym plot figure1 --qs 2 3 4 5 10 inf -o fig1.pdf`.""",
    ),
    (
        "code",
        r"""data = figure1_data((2, 3, 4, 5, 10))
figure1(data)""",
    ),
    (
        "md",
        r"""## The negative-temperature branch

Above $u^*$ the entropy decreases with energy, so $\beta < 0$.  Replacing each
level $k$ by $q - 1 - k$ maps $M$ quanta onto $N(q-1) - M$, so
$\Omega(N, M) = \Omega(N, N(q-1) - M)$: the entropy is symmetric about $u^*$, the
temperature antisymmetric, and the saddle point goes to its inverse,
$x^*(q - 1 - u) = 1/x^*(u)$.  The data of Fig. 1 show it to rounding:""",
    ),
    (
        "code",
        r"""for q_ in (2, 3, 4, 5, 10):
    c = data.curve(q_)
    inner = slice(1, -1)
    ds = np.max(np.abs(c.s - c.s[::-1]))
    db = np.max(np.abs(c.beta[inner] + c.beta[::-1][inner]) / (1 + np.abs(c.beta[inner])))
    print(
        f"q = {q_:2d}: max |s(u) - s(q-1-u)| = {ds:.1e}, "
        f"max |beta(u) + beta(q-1-u)| (relative) = {db:.1e}"
    )

uu = np.array([0.5, 2.5])  # q = 4: u* = 3/2, mirror images
xs = numeric.saddle_point(uu, 4)
print("q = 4: x*(0.5) * x*(2.5) =", float(xs[0] * xs[1]))""",
    ),
    (
        "md",
        r"""What the branch means: in the saddle-point (canonical) description the
occupation of level $k$ is $p_k \propto x^{*k} = e^{-\beta\varepsilon k}$.  Below
$u^*$ ($x^* < 1$) the low levels are the most occupied; above $u^*$ ($x^* > 1$)
the populations are inverted, the high levels the most occupied, at a
negative temperature.  The Einstein solid has no top level, no $u^*$ and no
inversion: $\beta_\infty\varepsilon = \ln(1 + 1/u) > 0$ for all $u$.""",
    ),
    (
        "code",
        r"""for uu_, xx in zip(uu, xs, strict=True):
    p = xx ** np.arange(4)
    p /= p.sum()
    beta = float(numeric.inverse_temperature(uu_, 4))
    mean = round(float(p @ np.arange(4)), 12)
    print(f"u = {uu_}: beta*eps = {beta:+.4f}, p_k =", np.round(p, 4), " mean level =", mean)
einstein = numeric.inverse_temperature(np.linspace(0.01, 100, 1000), math.inf)
print("Einstein solid: min beta*eps on (0, 100] =", float(einstein.min()), "> 0")""",
    ),
]

FINITE_N: Cells = [
    (
        "md",
        r"""# Finite N: exact counts against the saddle point and its 1/N corrections

The letter's thermodynamics is the $N \to \infty$ limit of exact integer counts
$\Omega_q(N, M)$.  This notebook measures how fast the limit is reached: the
entropy per particle $\ln\Omega/N$ against $s(u)$, then the full asymptotic
series

$$\ln\Omega(N, uN) = N s(u) - \tfrac12\ln\bigl(2\pi N\sigma^2\bigr)
  + \frac{c_1}{N} + \frac{c_2}{N^2} + \dots,$$

where $\sigma^2$ is the energy variance per particle at the saddle point and
the $c_k$ are rational functions of $x^*$ (`mesosym.levels.asymptotics`).  Truncated
after $c_K$, the error should fall like $N^{-(K+1)}$.""",
    ),
    (
        "code",
        r'''%matplotlib inline
import math

import mpmath
import numpy as np
from IPython.display import Math, display
from matplotlib.figure import Figure

from mesosym import numeric
from mesosym.figures import finite_size_data, finite_size_figure
from mesosym.latex import latex
from mesosym.levels import counting
from mesosym.levels.asymptotics import asymptotic_expansion, log_multiplicity_expansion
from mesosym.symbols import x


def show(label, expr):
    """Display ``label = expr`` as LaTeX, in mesosym's notation."""
    display(Math(label + " = " + latex(expr)))''',
    ),
    (
        "md",
        r"""## Exact counts

`counting.equispaced_row` computes the whole row $\Omega_3(N, M)$,
$M = 0..2N$, exactly (python-flint).  The row sums to $3^N$ and is symmetric.""",
    ),
    (
        "code",
        r"""row = counting.equispaced_row(3, 1000)
print("entries:", len(row), " sum == 3**1000:", sum(row) == 3**1000)
print("symmetric:", row == row[::-1])
print("Omega_3(1000, 1000) has", len(str(row[1000])), "digits")""",
    ),
    (
        "md",
        r"""## $\ln\Omega/N$ against $s(u)$

The exact $s_N = \ln\Omega/N$ and $\beta_N = d\ln\Omega/dM$ (central differences)
for $q = 3$ and several $N$ approach the thermodynamic limit, drawn dashed.  From
the command line: `mesosym plot finite-size --q 3 --Ns 10 100 1000 -o fs.png`.""",
    ),
    (
        "code",
        r"""fs = finite_size_data(3, (10, 100, 1000))
for N in fs.Ns:
    ds, db = fs.deviation(N, margin=0.1)
    print(f"N = {N:5d}: max |s_N - s| = {ds:.2e}, max |beta_N - beta| = {db:.2e} (0.1 <= u <= 1.9)")
finite_size_figure(data=fs)""",
    ),
    (
        "md",
        r"""## The Gaussian term

Most of the gap is the Gaussian width of the saddle:
$N(s_N - s) \approx -\tfrac12\ln(2\pi N\sigma^2)$.""",
    ),
    (
        "code",
        r"""s_half = float(numeric.entropy(0.5, 3))
sigma2 = float(numeric.energy_variance(0.5, 3))
print(f"u = 1/2: s = {s_half:.12f}, sigma^2 = {sigma2:.12f}")
print("     N   ln Omega/N      difference   -(1/2N) ln(2 pi N sigma^2)")
for n in (10, 100, 1000, 10000):
    s_n = counting.log_multiplicity(3, n, n // 2) / n
    gauss = -math.log(2 * math.pi * n * sigma2) / (2 * n)
    print(f"{n:6d}   {s_n:.10f}   {s_n - s_half:+.3e}   {gauss:+.3e}")""",
    ),
    (
        "md",
        r"""## The 1/N corrections

The coefficients $c_1, c_2$ for $q = 3$, as functions of $x^*$; at $u = 1$
($x^* = 1$), the central trinomial coefficients, $c_1 = -3/16$.""",
    ),
    (
        "code",
        r"""expansion = asymptotic_expansion(1 + x + x**2, 2)
show("N s", expansion.leading)
show("g", expansion.gaussian)
for k, c in enumerate(expansion.corrections, start=1):
    show(f"c_{k}", c)
c1 = expansion.corrections[0].subs(x, 1)
print("c_1 at x* = 1:", c1)
for n in (10, 100, 1000):
    exact = counting.log_multiplicity(3, n, n)
    gaussian = n * math.log(3) - math.log(2 * math.pi * n * 2 / 3) / 2
    print(f"N = {n:5d}:  N (ln Omega - gaussian) = {n * (exact - gaussian):+.6f}")""",
    ),
    (
        "md",
        r"""## The error shrinks as N grows

At $u = 1/2$ the error of the series truncated after $c_K$, against the exact
$\ln\Omega$, for $K = 0..3$ and $N$ from 10 to 2560.  On log axes each line has
slope close to $-(K+1)$: every correction buys a power of $N$.  The series is
asymptotic, not convergent: at $N = 10$ the term $c_3/N^3$ makes things worse.
Both sides are computed at 40 digits: in float64, $\ln\Omega \approx 10^3$ would
leave a floor near $10^{-13}$ that hides the $K = 3$ line.""",
    ),
    (
        "code",
        r"""P = 1 + x + x**2
Ns = [10 * 2**k for k in range(9)]
errors = {}
for K in range(4):
    errors[K] = []
    for n in Ns:
        with mpmath.workdps(40):  # ln Omega ~ 1000: float64 would leave an error floor of 1e-13
            exact = counting.log_multiplicity(3, n, n // 2, digits=40)
            approx = log_multiplicity_expansion(P, n, n // 2, K, digits=40)
            errors[K].append(abs(float(approx - exact)))

fig = Figure(figsize=(6.5, 4.2), layout="constrained")
ax = fig.subplots()
slopes = {}
for K, err in errors.items():
    slope = np.polyfit(np.log(Ns[-4:]), np.log(err[-4:]), 1)[0]
    slopes[K] = slope
    ax.loglog(Ns, err, "o-", ms=3, label=f"$K = {K}$ (slope {slope:.2f})")
    print(f"K = {K}: fitted slope over N = {Ns[-4]}..{Ns[-1]}: {slope:.3f}")
ax.set_xlabel("$N$")
ax.set_ylabel(r"$|\ln\Omega - \mathrm{series}_K|$ at $u = 1/2$")
ax.set_title("$q = 3$: error of the 1/N series truncated after $c_K$", fontsize="medium")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize="small")
fig""",
    ),
    (
        "md",
        r"""Near the edges of the spectrum the series is asymptotic in $1/(N\sigma^2)$
and $\sigma^2 \to 0$: at $u = 0.05$ the same $N$ buys far less accuracy.""",
    ),
    (
        "code",
        r"""for n in (100, 1000):
    m = n // 20
    exact = mpmath.mpf(counting.log_multiplicity(3, n, m, digits=30))
    errs = [abs(float(log_multiplicity_expansion(P, n, m, K) - exact)) for K in range(3)]
    print(f"u = 0.05, N = {n:5d}: errors for K = 0, 1, 2:", ", ".join(f"{e:.1e}" for e in errs))""",
    ),
    (
        "md",
        r"""## Any integer spectrum: levels with a gap

The same machinery serves any integer spectrum.  With the levels $0, 1, 3$
(`Spectrum.from_levels([0, 1, 3])`, generating polynomial $1 + x + x^3$) the
energy $M = 3N - 1$ cannot be reached, so $s_N$ and $\beta_N$ are reported at
the energies with $\Omega > 0$ only, and they still approach the saddle-point
curves of the same spectrum.  From the command line:
`mesosym plot finite-size --levels 0 1 3 -o gaps.png`.""",
    ),
    (
        "code",
        r"""from mesosym import Spectrum

gapped = Spectrum.from_levels([0, 1, 3])
th = gapped.finite_thermodynamics(4)
print("M reached by 4 particles:", th.M.tolist())  # no M = 11
finite_size_figure(data=finite_size_data(gapped, (10, 100, 1000)))""",
    ),
]

CHECKING: Cells = [
    (
        "md",
        r"""# Checking a hand derivation pasted as LaTeX

You derived the entropy of the two-level system by hand and want to know whether
each line follows from the one before.  `mesosym.checking.claims.parse_steps` reads an
`align` environment as pasted from a paper or a notebook (no text is ever
evaluated: a small grammar reads the LaTeX), and `mesosym.checking.formulas.check_chain`
checks each step against the one before, as functions on the physical domain
($0 < u < q - 1$): **proved** when SymPy reduces the difference to zero,
**refuted** with a counterexample found by 50-digit evaluation at random points
(and the slip named when it recognises one), or **numerically equal, not
proved** (equal at every point tried, which is evidence, not proof).""",
    ),
    (
        "code",
        r'''from IPython.display import Math, display

from mesosym.checking.claims import parse_claim, parse_steps
from mesosym.checking.formulas import check_chain, check_formula
from mesosym.cli import main
from mesosym.latex import latex


def check_pasted(text, q=2):
    """Echo a pasted chain as it was read, check it step by step and its last line."""
    chain = parse_steps(text)
    lines = [f"&= {latex(step.expression)}" for step in chain.steps]
    display(Math(r"\text{read: }\begin{aligned} s " + r" \\ ".join(lines) + r"\end{aligned}"))
    outcome = check_chain(q, [step.expression for step in chain.steps])
    for step, result in zip(chain.steps[1:], outcome.results, strict=False):
        print(f"step {step.number} (line {step.line}): {result}")
    if outcome.first_failed_step is None:
        print("every step follows from the one before")
    else:
        slip = f"; it {outcome.slip.describe()}" if outcome.slip else ""
        print(f"first step that does not follow: {outcome.first_failed_step}{slip}")
    final = check_formula(q, "entropy", chain.steps[-1].expression)
    print(f"last line against mesosym's s(u) for q = {q}: {final.verdict.value}")
    return outcome''',
    ),
    (
        "md",
        r"""## A right derivation

From $s = \ln(1 + x^*) - u\ln x^*$ with $x^* = u/(1-u)$ (eqs. 19 and 22).  Step 2
splits logarithms of ratios, true only for positive arguments: if SymPy does
not prove it within the time budget, the verdict says so (numerically equal, not
proved) rather than claim a proof.""",
    ),
    (
        "code",
        r'''right = r"""
\begin{align}
s &= \ln\left(1+\frac{u}{1-u}\right) - u\ln\frac{u}{1-u} \\
  &= -\ln(1-u) - u\ln u + u\ln(1-u) \\
  &= -u\ln u-(1-u)\ln(1-u)
\end{align}
"""
right_outcome = check_pasted(right)''',
    ),
    (
        "md",
        r"""## A wrong derivation

The same, with a sign slip in the second line: $u\ln(1-u)$ became
$-u\ln(1-u)$.  The checker stops at step 2 and gives a point where the two
sides differ.  The last line is still the right entropy: two compensating
slips would pass a check of the result alone, not of the steps.""",
    ),
    (
        "code",
        r"""wrong = right.replace(r"- u\ln u + u\ln(1-u)", r"- u\ln u - u\ln(1-u)")
wrong_outcome = check_pasted(wrong)""",
    ),
    (
        "md",
        r"""## One formula at a time

A single claimed result, pasted as LaTeX, against mesosym's: the claim is
echoed as it was read (so a misreading cannot pass silently), then checked.
For $q = 3$ mesosym has $x^*$ in closed form, so a right claim is proved.  A
plausible wrong guess (the two-level formula with $1 - u$ replaced by
$q - 1 - u = 2 - u$) is refuted, and a sign slip is named as such.""",
    ),
    (
        "code",
        r"""claims = [
    (2, r"\beta\varepsilon = \ln\frac{1-u}{u}"),
    (3, r"\beta\varepsilon = \ln\frac{2(2-u)}{u - 1 + \sqrt{1 + 6u - 3u^2}}"),
    (3, r"\beta\varepsilon = \ln\frac{2-u}{u}"),
    (3, r"\beta\varepsilon = \ln\frac{u - 1 + \sqrt{1 + 6u - 3u^2}}{2(2-u)}"),
]
for q_, text in claims:
    claim = parse_claim(text)
    display(Math(r"\text{read: } \beta\varepsilon = " + latex(claim.expression)))
    check = check_formula(q_, "beta", claim.expression)
    _, result = check.results[-1]
    slip = f" [slip: {check.slip.name}]" if check.slip else ""
    print(f"q = {q_}: {check.verdict.value} -- {result}{slip}")""",
    ),
    (
        "md",
        r"""## The same from the command line

`mesosym check` takes the claim as typed (LaTeX or plain text) and exits with
0 when it holds and 1 when it is refuted; `--steps FILE` checks a chain.""",
    ),
    (
        "code",
        r"""status = main(["check", "--q", "3", "--beta", r"\ln\frac{2-u}{u}"])
print("exit status:", status)""",
    ),
    (
        "md",
        r"""## A claim about the mesoscopic layer: refuted, then corrected

A rebuttal of the mesoscopic paper writes the free energy of a system cut into
cells as $F = \sum_i F_i - k_B T\, I$: the cells' free energies corrected by their
mutual information.  `mesosym.checking.model_claims.check_model_claim` checks such a
claim on an exactly solved model: here the open Ising chain of 8 spins at zero
field, cut into two cells of 4, with the coupling $K = \beta J$ left free (so the
claim must hold for every $K$).  The quantities are written as a theorist writes
them ($\beta F$, $\sum_i \beta F_i$, $I$, $\beta\langle W\rangle$,
$\mathrm{TC}$, $D_i$); at $\beta = 1$, $k_B T = 1$.""",
    ),
    (
        "code",
        r"""from mesosym.checking.model_claims import check_model_claim

rebuttal = check_model_claim(r"\beta F = \sum_i \beta F_i - I", model="ising", sites=8, cells=2)
display(Math(r"\text{read: } " + rebuttal.claim.latex()))
print(rebuttal.verdict.value, "--", rebuttal.method)
print("counterexample:", rebuttal.counterexample)
print("left", rebuttal.values["lhs"], " right", rebuttal.values["rhs"])
print("the exact relation:", rebuttal.balance["relation"])
for term, value in rebuttal.balance.items():
    if term != "relation":
        print(f"  {term} = {value}")""",
    ),
    (
        "md",
        r"""The claim is refuted, and the exact balance of the cells says why: $\ln Z -
\sum_i \ln Z_i = -\beta\langle W\rangle - \mathrm{TC} - \sum_i D_i$.  For two
cells the total correlation is the mutual information, so the correction enters
with the opposite sign, and the energy of the bond across the cut, $\beta\langle
W\rangle = -K\tanh K$ here, is missing.  The corrected claim is proved exactly
(every logarithm split into logarithms of irreducible polynomials in $e^K$,
whose coefficients cancel), and the mutual information between the two halves,
derived by hand as $I = K\tanh K - \ln\cosh K$, is verified for every even
size from 2 to 12.""",
    ),
    (
        "code",
        r"""corrected = check_model_claim(
    r"\beta F = \sum_i \beta F_i + \beta\langle W\rangle + I", model="ising", sites=8, cells=2
)
print(corrected.verdict.value, "--", corrected.method)
halves = check_model_claim(r"I = K\tanh K - \ln\cosh K", sites=range(2, 13), cells=2)
print(halves.verdict.value, "--", halves.method, "-- sizes", halves.sizes)
status = main(
    ["check", "--model", "ising", "--sites", "8", "--cells", "2", r"F = \sum_i F_i - k_B T\, I"]
)
print("exit status:", status)""",
    ),
]

MESOSCOPIC: Cells = [
    (
        "md",
        r"""# The mesoscopic layer: Z_mes, factorisation, information, subdivision

Cut a system into cells and keep only the cells' occupation numbers $n$: the
mesoscopic partition function replaces the energy inside each sector by its
sector average $\bar H(n)$,

$$Z_{\mathrm{mes}} = \sum_n \Omega(n)\, e^{-\beta \bar H(n)} \le Z
  = \sum_n \Omega(n) \langle e^{-\beta H}\rangle_n$$

(Jensen), with equality when $H$ is constant on every sector.  This notebook
shows, with `mesosym.mesoscopic`: $Z_{\mathrm{mes}} \to Z$ as the cells shrink
and at which order; how $\ln Z$ fails to be additive over cells (factorisation
against extensivity) and the exact identity that accounts for it; the mutual
information between cells and its area law; and Hill's subdivision potential.""",
    ),
    (
        "code",
        r"""%matplotlib inline
import math

import mpmath
import sympy as sp

from mesosym.figures.mesoscopic import (
    fine_graining_data,
    fine_graining_figure,
    information_data,
    information_figure,
)
from mesosym.mesoscopic import IdealGas, IsingChain, LatticeGas
from mesosym.mesoscopic.sectors import log_mesoscopic_partition_function_by_enumeration""",
    ),
    (
        "md",
        r"""## Z_mes of an Ising chain

Sixteen spins at $\beta J = 1$, cut into cells of $b$ sites.  With $b = 1$ a
sector is a configuration and $Z_{\mathrm{mes}} = Z$; coarser cells lose more.
The sector sums agree with a brute-force enumeration of the $2^{12}$
configurations of a shorter chain.""",
    ),
    (
        "code",
        r"""chain = IsingChain(16, 1.0, digits=20)
log_z = chain.log_partition_function()
for b in (1, 2, 4, 8, 16):
    gap = log_z - chain.log_mesoscopic_partition_function(b)
    print(f"b = {b:2d}: ln Z - ln Z_mes = {mpmath.nstr(gap, 10)}")

short = IsingChain(12, 1.0, digits=20)
by_sectors = short.log_mesoscopic_partition_function(4)
enumerated = log_mesoscopic_partition_function_by_enumeration(short, 4)
difference = mpmath.nstr(abs(by_sectors - enumerated), 3)
print("12 spins, cells of 4: |sectors - enumeration| =", difference)""",
    ),
    (
        "md",
        r"""## The fine-graining limit

For the classical ideal gas with momentum bins of width $\Delta p$,
$\ln Z - \ln Z_{\mathrm{mes}} = N d\,\beta\Delta p^2/(24m)$ up to a term
exponentially small in $1/\Delta p^2$ (Jacobi's theta function): order 2.  The
exponential term, $\le 2Nd\,e^{-2\pi^2 m/(\beta\Delta p^2)}$, is still visible
at $\Delta p = 2$ and below $10^{-12}$ from $\Delta p = 1/2$ on.""",
    ),
    (
        "code",
        r"""gas = IdealGas(10, dimension=3)
for dp in (2, 1, 0.5, 0.25):
    gap = gas.log_partition_function() - gas.log_mesoscopic_partition_function(momentum_bin=dp)
    leading = 10 * 3 * dp**2 / 24
    print(f"dp = {dp:5}: ln Z - ln Z_mes = {float(gap):.12f}   N d dp^2/24 = {leading:.12f}")""",
    ),
    (
        "md",
        r"""In position space, for interacting gases on $[0, 1]$ cut into $M$ cells of
width $w = 1/M$: a smooth pair potential gives order 2, with the coefficient
$\beta^2\langle|\nabla U|^2\rangle/24$ (the pale bands); hard rods give order 1,
because a cell can resolve the excluded length only to within $w$.  From the
command line: `mesosym plot fine-graining -o fg.png`.""",
    ),
    (
        "code",
        r"""fg = fine_graining_data()
for series in fg.series:
    print(f"{series.label}: fitted order {series.order:.3f}")
fine_graining_figure(fg)""",
    ),
    (
        "md",
        r"""## Factorisation against extensivity

Cut an open chain into $K$ cells and compare $\ln Z$ with the sum over the
isolated cells.  Write $H = \sum_i H_i + W$ with $W$ the bonds across the cuts.
The exact identity (`mesosym.mesoscopic.cells`)

$$\ln Z - \sum_i \ln Z_i = -\beta\langle W\rangle - \mathrm{TC}(p)
  - \sum_i D(p_i \,\|\, q_i)$$

holds term by term; for zero field the left side is $(K-1)\ln\cosh\beta J$,
one $\ln\cosh$ per cut: the free energy is extensive up to a boundary term
that counts cuts, not sites.""",
    ),
    (
        "code",
        r"""for field in (0.0, 0.3):
    model = IsingChain(16, 1.0, field=field, digits=20)
    for K in (2, 4, 8):
        cells = model.split(K)
        lhs = cells.log_partition_function() - sum(cells.isolated_log_partition_functions())
        parts = (
            -cells.boundary_energy(),
            -cells.total_correlation(),
            -sum(cells.relative_entropies()),
        )
        line = f"h = {field}, K = {K}: ln Z - sum ln Z_i = {mpmath.nstr(lhs, 12):>15}"
        line += "  = " + " + ".join(mpmath.nstr(t, 8) for t in parts)
        line += f"   residual {mpmath.nstr(cells.residual(), 2)}"
        if field == 0.0:
            line += f"   (K-1) ln cosh 1 = {mpmath.nstr((K - 1) * mpmath.log(mpmath.cosh(1)), 12)}"
        print(line)""",
    ),
    (
        "md",
        r"""## Mutual information and the area law

Two adjacent cells of $b$ spins share only the bond across the cut: the
mutual information of their configurations does not grow with $b$ (an area
law; a volume law would grow like $b$), while the information in their
occupation numbers decays.  Two cells $d$ sites apart share information that
decays like $\tanh^{2d}\beta J$.  From the command line:
`mesosym plot information -o mi.png`.""",
    ),
    (
        "code",
        r"""info = information_data()
for series in info.by_size:
    spread = max(series.configuration) - min(series.configuration)
    print(f"{series.label}: configuration I spread over b = 1..64: {spread:.1e}")
for series in info.by_distance:
    expected = 2 * math.log(math.tanh(series.coupling))
    print(f"{series.label}: decay per site {series.decay:.6f}, 2 ln tanh(beta J) = {expected:.6f}")
information_figure(info)""",
    ),
    (
        "md",
        r"""## The canonical gas: occupation information grows like $\frac12 \ln N$

With the particle number fixed, two halves of a lattice gas share the
information of how the $N$ particles split between them, and that grows
without bound: for the ideal gas it is the entropy of a hypergeometric law,
$\tfrac12\ln N + O(1)$.  The canonical cells are computed by transfer matrices
of polynomials in a fugacity $z$, reading off $[z^N]$ (`mesosym.mesoscopic.canonical`),
so thousands of sites take about a second.  With an attractive coupling the
growth per decade of sites stays $\tfrac12\ln 10 = 1.1513$.""",
    ),
    (
        "code",
        r"""from fractions import Fraction

previous = None
for sites in (96, 960, 9600):
    gas = LatticeGas(sites, Fraction(18, 10), particles=sites // 3, digits=15)
    occupation = gas.split(2).mutual_information(0, 1, "occupation")
    step = "" if previous is None else f"   growth {mpmath.nstr(occupation - previous, 6)}"
    print(f"{sites:5d} sites: I(n_1 : n_2) = {mpmath.nstr(occupation, 10)}{step}")
    previous = occupation
print(f"(1/2) ln 10 = {mpmath.nstr(mpmath.log(10) / 2, 6)}")""",
    ),
    (
        "md",
        r"""## The subdivision potential

For an open chain, $\ln Z_n = n\ln\lambda_+ - \beta E_{\mathrm{sub}} +
O((\lambda_-/\lambda_+)^n)$: Hill's subdivision potential $\beta E_{\mathrm{sub}}$
is the part of the free energy that does not scale with $n$ -- the price of the
two free ends.  For zero field it is $\ln\cosh\beta J$; in a field the
transfer-matrix eigenvector gives it (`IsingChain.subdivision_potential`).""",
    ),
    (
        "code",
        r"""for field in (0.0, 0.3):
    limit = IsingChain(4, 1.0, field=field, digits=20).subdivision_potential()
    print(f"h = {field}: beta E_sub = {mpmath.nstr(limit, 15)}")
    for n in (2, 4, 8, 16, 32):
        model = IsingChain(n, 1.0, field=field, digits=30)
        lam = max(sp.N(v, 30) for v in model.transfer_eigenvalues())
        finite = n * mpmath.log(mpmath.mpf(str(lam))) - model.log_partition_function()
        print(f"   n = {n:2d}: n ln lambda_+ - ln Z_n = {mpmath.nstr(finite, 15)}")
print("ln cosh 1 =", mpmath.nstr(mpmath.log(mpmath.cosh(1)), 15))""",
    ),
]

VAN_DER_WAALS: Cells = [
    (
        "md",
        r"""# Van der Waals from cells: the Kac gas, exact at every range

Hard rods of length $\delta$ attract each other with $-\alpha\gamma e^{-\gamma r}$,
between all pairs; the tail integrates to $-2\alpha$ whatever $\gamma$.  Kac's trick
(the tail is the covariance of an Ornstein-Uhlenbeck process) makes the gas exactly
solvable at every range $1/\gamma$: at $s = \beta p$ the Gibbs free energy per rod is
$-\ln\lambda(s)$, the largest eigenvalue of a transfer operator, and
$v = -d\ln\lambda/ds$.  As $\gamma \to 0$ (Lebowitz-Penrose) the gas becomes van der
Waals with Maxwell's construction.  Units: $k_B = 1$, thermal wavelength 1,
$\delta = \alpha = 1$.""",
    ),
    (
        "code",
        r"""%matplotlib inline
import math

from mesosym.figures.mesoscopic import kac_isotherms, kac_isotherms_data
from mesosym.mesoscopic import KacGas, SquareWellRods

vdw = KacGas(hard_core=1, strength=1, range=0.1, beta=4, digits=15).van_der_waals()
print("critical point (k T_c, rho_c, p_c):", vdw.critical_point())
print("T/T_c =", vdw.reduced_temperature())
print("Maxwell (rho_gas, rho_liquid, beta p):", vdw.coexistence())""",
    ),
    (
        "md",
        r"""## Isotherms at finite range, and their limit

At every finite $\gamma$ the exact isotherm is smooth and increasing: in one
dimension there is no phase transition at finite range.  Only the limit
$\gamma\to 0$ is flat, on Maxwell's tie line.""",
    ),
    (
        "code",
        r"""data = kac_isotherms_data(beta=4.0, ranges=(0.4, 0.1, 0.05), points=15)
kac_isotherms(data)""",
    ),
    (
        "md",
        r"""## The approach to van der Waals is $O(\gamma)$, with the ring coefficient

Above $T_c$ (here $\beta\alpha = 2$, $\rho = 0.4$) the exact free energy per rod tends
to $\beta a_{\mathrm{vdW}} = \ln\frac{\rho}{1-\rho\delta} - 1 - \beta\alpha\rho$ with a
correction $\gamma c_1$, where the Gaussian (ring) fluctuation of the density
coarse-grained over $1/\gamma$ gives
$c_1 = [\sqrt{1-x} - 1 + \beta\alpha\rho]/(2\rho)$, $x = 2\beta\alpha\rho(1-\rho\delta)^2$.""",
    ),
    (
        "code",
        r"""ba, rho = 2.0, 0.4
a_vdw = math.log(rho / (1 - rho)) - 1 - ba * rho
x = 2 * ba * rho * (1 - rho) ** 2
c1 = (math.sqrt(1 - x) - 1 + ba * rho) / (2 * rho)
ys = []
for gamma in (0.1, 0.05, 0.025):
    exact = KacGas(1, ba, gamma, 1, digits=None).free_energy(density=rho)
    series = sum(float(t) for t in KacGas(1, ba, gamma, 1, digits=15).perturbation_series(rho))
    ys.append((exact - a_vdw) / gamma)
    print(
        f"gamma = {gamma:6}: (beta a - beta a_vdW)/gamma = {ys[-1]:.6f}; "
        f"exact - (a_0 + a_1 + a_2) = {exact - series:.2e}"
    )
r1, r2 = 2 * ys[1] - ys[0], 2 * ys[2] - ys[1]
print(f"Richardson: {(4 * r2 - r1) / 3:.7f}   ring coefficient c_1 = {c1:.7f}")""",
    ),
    (
        "md",
        r"""## Square-well rods: Zwanzig's series against Barker-Henderson

Nearest neighbours only (the well ends before $2\sigma$), so the gas is exact by
the isobaric ensemble.  Zwanzig's $a_2$ follows from the exact solution; Barker and
Henderson's compressibility approximation agrees with it to first order in the
density only.""",
    ),
    (
        "code",
        r"""for rho in (0.05, 0.2, 0.5, 0.8):
    rods = SquareWellRods(hard_core=1, well_width=1.5, depth=1, beta=1, digits=15)
    a0, a1, a2 = rods.perturbation_series(density=rho)
    rest = float(rods.free_energy(density=rho) - a0 - a1 - a2)
    bh = float(rods.barker_henderson(density=rho))
    print(
        f"rho = {rho}: a_2 exact {float(a2):+.6f}, Barker-Henderson {bh:+.6f}; "
        f"beta a - (a_0 + a_1 + a_2) = {rest:+.2e}"
    )""",
    ),
]

AREA_LAW: Cells = [
    (
        "md",
        r"""# The area law in two dimensions: the Ising model on an infinite cylinder

In one dimension every boundary between cells is a point, so an area law only says that the
information between two cells saturates.  On a square-lattice cylinder of circumference
$w$, infinitely long, the boundary between the two half-cylinders is a ring of $w$ sites,
and the mesoscopic paper's claim -- deviations from extensivity are governed by the
correlations between cells -- can be measured exactly.

The configurations of the cylinder are a stationary Markov chain of rings $\sigma$ ($2^w$
states), with the symmetric transfer matrix $T = D^{1/2} K D^{1/2}$, largest eigenvalue
$\lambda$ and positive eigenvector $\phi$.  One ring has the law $p(\sigma) = \phi_\sigma^2$,
the entropy rate of the chain is the thermodynamic entropy per ring
$h = \ln\lambda + \beta\langle E\rangle$ (Hellmann-Feynman, evaluated from $\phi$), and by
the Markov property the information between the two halves is
$$I(\text{left} : \text{right}) = I(\sigma_0 : \sigma_1) = H(\text{ring}) - h .$$
$J = k_B = 1$, zero field; $T_c = 2/\ln(1+\sqrt 2)$.""",
    ),
    (
        "code",
        r"""%matplotlib inline
import math

import numpy as np

from mesosym.figures.mesoscopic import SHANNON_B1, area_law_data, area_law_figure
from mesosym.known import onsager_critical, onsager_entropy, onsager_log_partition_function
from mesosym.mesoscopic import IsingCylinder

Tc = float(onsager_critical["T_c"])
cyl = IsingCylinder(circumference=6, coupling=1, beta=1 / Tc, digits=30)
for name in (
    "log_partition_function_per_ring",
    "entropy_per_ring",
    "ring_entropy",
    "mutual_information",
    "renyi_mutual_information",
):
    print(f"{name:>32} = {getattr(cyl, name)()}")
print(f"{'ring_mutual_information(3)':>32} = {cyl.ring_mutual_information(3)}")
fast = IsingCylinder(circumference=6, coupling=1, beta=1 / Tc, digits=None)
print("float64 - 30 digits, I:", fast.mutual_information() - float(cyl.mutual_information()))""",
    ),
    (
        "md",
        r"""## Onsager's limit

Per site, $\ln\lambda / w$ and $h / w$ approach Onsager's free energy and entropy of the
infinite square lattice (typed in `mesosym.known` from the literature: a single integral
and an elliptic integral; at $T_c$, $-\beta f = \tfrac12\ln 2 + 2G/\pi$ and
$u = -\sqrt 2$).  Away from $T_c$ the approach is exponential in $w$; at $T_c$ conformal
invariance predicts $\ln\lambda/w - (-\beta f) = \pi c / (6 w^2)$ with $c = 1/2$, so
$w^2$ times the difference tends to $\pi/12 = 0.2618$.""",
    ),
    (
        "code",
        r"""widths = (4, 6, 8, 10, 12, 14)
for T in (1.8, Tc, 3.0):
    f_inf = float(onsager_log_partition_function(1 / T, 20))
    s_inf = float(onsager_entropy(1 / T, 20))
    label = "T_c" if T == Tc else f"{T:g}"
    print(f"T = {label}: -beta f = {f_inf:.12f}, s = {s_inf:.12f} (Onsager)")
    for w in widths:
        c = IsingCylinder(circumference=w, coupling=1, beta=1 / T, digits=None)
        df = c.log_partition_function_per_ring() / w - f_inf
        ds = c.entropy_per_ring() / w - s_inf
        print(
            f"   w = {w:2d}: ln lambda/w - (-beta f) = {df: .3e}   h/w - s = {ds: .3e}"
            f"   w^2 x first = {w * w * df:.5f}"
        )
print("pi/12 =", round(math.pi / 12, 5))""",
    ),
    (
        "md",
        r"""## The area law, its peak, and the critical ring

(a) $I/w$ tends to a constant at every temperature: the information between the halves
grows with the length of the boundary between them (an area law), with the coefficient
estimated by the last increment $[I(w) - I(w-2)]/2$.  (b) For each $w$, $I/w$ has a
maximum in temperature; for $w \ge 10$ it lies above $T_c$, in the paramagnetic phase, as
Wilms, Troyer and Verstraete (2011) and Lau and Grassberger (2013) report.  (c) At $T_c$ the
information between the two halves of one ring grows like $(b_1/4)\ln w$; the local slopes
approach $b_1/4 = 0.12004$ ($b_1 = 0.4801629$, Stéphan 2014) from below.""",
    ),
    (
        "code",
        r"""data = area_law_data(
    widths=(2, 4, 6, 8, 10, 12),
    temperatures=(1.5, 2.0, Tc, 2.5, 3.0, 4.0),
    peak_widths=(8, 10, 12),
    scan_temperatures=tuple(np.linspace(2.0, 3.0, 11)),
    arc_widths=(4, 6, 8, 10, 12, 14),
)
for T, row, coefficient in zip(data.temperatures, data.information, data.coefficients, strict=True):
    label = "T_c" if abs(T - Tc) < 1e-9 else f"{T:g}"
    print(f"T = {label}: I/w at w = 12: {row[-1]:.5f}, increment coefficient {coefficient:.5f}")
for w, peak in zip(data.peak_widths, data.peaks, strict=True):
    print(f"w = {w}: peak of I/w at T = {peak:.4f} = {peak / Tc:.4f} T_c")
for w, slope in zip(data.arc_widths[1:], data.arc_slopes, strict=True):
    print(f"half ring up to w = {w}: local slope dI/d ln w = {slope:.5f}")
print(f"b_1/4 = {SHANNON_B1 / 4:.5f}")
area_law_figure(data)""",
    ),
    (
        "md",
        r"""## Factorisation against extensivity: a strip cut into column cells

Cut a strip of width $w$ (periodic around it, a cylinder, or open) and open ends into $K$
cells of whole columns.  The exact identity of the cells,
$$\ln Z - \sum_i \ln Z_i = -\beta\langle W\rangle - TC - \sum_i D(p_i \| q_i),$$
splits $\beta(\sum_i F_i - F)$ into the energy of the cut bonds $W$, the total correlation
of the cells and their relative entropies to the isolated cells.  The boundary has length
$b = w(K-1)$.  `strip_factorisation` computes every term by two sweeps of the column
transfer matrix (checked against brute force at $10^{-25}$ in the tests); for cells much
longer than the correlation length each cut sits in the bulk of the infinite cylinder, and
`cut_terms` gives the limit per cut from its leading pair: the subdivision potential
$\ln\lambda - 2\ln(u\cdot\phi)$, $\beta J\sum_k\langle s_k t_k\rangle$, the
cylinder's $I = H(\text{ring}) - h$, and twice the edge relative entropy.""",
    ),
    (
        "code",
        r"""from mesosym.figures.mesoscopic import factorisation_data, factorisation_figure
from mesosym.known import onsager_energy
from mesosym.mesoscopic.factorisation import cut_terms, strip_factorisation

w, cells = 8, 3
for length in (6, 24, 60):
    t = strip_factorisation(w, cells * length, cells, beta=1 / Tc, digits=None)
    excess, tc = t.log_z_excess / (2 * w), t.total_correlation / (2 * w)
    print(f"cells of {length:2d} columns: excess / b = {excess:.10f}, TC / b = {tc:.10f}")
limit = cut_terms(w, beta=1 / Tc, digits=None)
excess, tc = limit.log_z_excess / w, limit.total_correlation / w
print(f"long-cell limit (cylinder): excess / b = {excess:.10f}, TC / b = {tc:.10f}")
information = IsingCylinder(circumference=w, beta=1 / Tc, digits=None).mutual_information()
print("cylinder I / w:", information / w)
check = strip_factorisation(4, 12, 3, beta=1 / Tc, field=0.1, digits=30)
print("residual of the identity at 30 digits:", check.residual)""",
    ),
    (
        "md",
        r"""Per unit boundary the terms approach a limit as $w$ grows (the area law): exponentially
fast away from $T_c$ with a periodic width, with $O(1/w)$ corners for an open width, and
slowly at and below $T_c$.  The boundary-energy term tends to $K\langle ss'\rangle$ of the
infinite lattice, $-Ku/2$ with Onsager's energy per site $u$.""",
    ),
    (
        "code",
        r"""for T in (1.5, Tc, 3.0, 4.0):
    label = "T_c" if T == Tc else f"{T:g}"
    onsager = (1 / T) * -float(onsager_energy(1 / T, 20)) / 2
    print(f"T = {label}:  K<ss'> (Onsager) = {onsager:.6f}")
    for around in ("periodic", "open"):
        for w in (4, 8, 12):
            row = cut_terms(w, beta=1 / T, around=around, digits=None).per_boundary_length()
            print(
                f"   {around:>8} w = {w:2d}: excess {row['log_z_excess']:.5f}"
                f"  -beta<W> {row['minus_boundary_energy']:.5f}"
                f"  TC {row['total_correlation']:.5f}  sum D {row['relative_entropy']:.5f}"
            )
factorisation_figure(factorisation_data())""",
    ),
    (
        "md",
        r"""## What it says about the paper's claim

*Extensivity is factorisation* holds in two dimensions: $F - \sum_i F_i$ is proportional to
the length of the boundary between the cells, not to their volume (panel (a): at a fixed
width, strips of 1, 2 and 3 cuts give the same value per unit boundary to about $10^{-7}$
with cells of 24 columns, and that value converges as $w$ grows), so per unit volume it
vanishes as the cells grow, at every temperature including $T_c$.

*Deviations are governed by inter-cell correlations* holds only in part.  The deviation is
$-\beta\langle W\rangle - TC - \sum_i D_i$: the energy of the cut bonds, which is not a
correlation, is the largest term at every temperature computed ($T$ from 1 to 50, $w$ = 4
and 8, both boundaries), and the correlation $TC$ enters with the opposite sign.  At high
temperature the deviation equals the information across the cut to leading order
($K^2/2$ per bond each; they differ by $K^4/6$ per bond), so there the claim is right; the
ratio of the deviation to the information grows to about 2 at $T_c$ and 10 at $T = 1$
($w = 8$), where the information per unit boundary is little more than the $\ln 2 / w$ of
the shared magnetisation while the deviation is the cut bonds' energy.  The information
between the halves of the cylinder is itself an area law ($I/w$ tends to a constant),
peaking above $T_c$, with a
logarithmic term inside one ring at $T_c$.""",
    ),
]

#: notebook file name -> cells
NOTEBOOKS: dict[str, Cells] = {
    "01_equispaced_letter.ipynb": EQUISPACED_LETTER,
    "02_finite_n.ipynb": FINITE_N,
    "04_checking_derivations.ipynb": CHECKING,
    "05_van_der_waals_from_cells.ipynb": VAN_DER_WAALS,
    "06_area_law.ipynb": AREA_LAW,
}
if MESOSCOPIC:
    NOTEBOOKS["03_mesoscopic.ipynb"] = MESOSCOPIC
NOTEBOOKS = dict(sorted(NOTEBOOKS.items()))


def notebook(cells: Cells) -> nbformat.NotebookNode:
    """Return a v4 notebook with fixed cell ids and no outputs."""
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, source) in enumerate(cells):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell.id = f"cell-{i:02d}"
        nb.cells.append(cell)
    return nb


def render(name: str) -> str:
    """The text of notebook ``name`` as written to disk."""
    nb = notebook(NOTEBOOKS[name])
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def execute(name: str, timeout: int = 300) -> nbformat.NotebookNode:
    """Run notebook ``name`` from scratch in the ``python3`` kernel, from this folder."""
    from nbclient import NotebookClient

    nb = nbformat.reads(render(name), as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
    )
    client.execute()
    return nb


def to_html(nb: nbformat.NotebookNode) -> str:
    """An executed notebook as a standalone HTML page (nbconvert), images inlined."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    return str(body)


def render_html(folder: Path) -> list[Path]:
    """Execute every notebook and write ``folder/NAME.html`` with its outputs."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in NOTEBOOKS:
        path = folder / (Path(name).stem + ".html")
        path.write_text(to_html(execute(name)), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write every notebook next to this script; with ``--render DIR``, also HTML copies."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--render", metavar="DIR", type=Path, help="also execute them and write DIR/NAME.html"
    )
    args = parser.parse_args(argv)
    for name in NOTEBOOKS:
        (HERE / name).write_text(render(name), encoding="utf-8")
        print(f"wrote {HERE / name}")
    if args.render is not None:
        for path in render_html(args.render):
            print(f"rendered {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
