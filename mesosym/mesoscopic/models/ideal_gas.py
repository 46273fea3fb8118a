"""The classical ideal gas in d dimensions and its mesoscopic partition function (h = 1).

Z = (1/N!) (L^d (2 pi m / beta)^(d/2))^N.

Mesoscopic cells: M spatial cells per dimension (width L/M) times momentum
bins of width dp centred on k dp, k in Z^d.  The Hamiltonian is a sum of
one-body terms, so its sector average is sum_a n_a hbar_a with
hbar_a = sum over dimensions of (k dp)^2/(2m) + dp^2/(24 m) (the mean of p^2/2m
over a bin), and the multinomial theorem gives

    Z_mes = (1/N!) (sum_a omega_a exp(-beta hbar_a))^N,
    omega_a exp(-beta hbar_a) summed over the M^d spatial cells = L^d exp(-beta hbar):

spatial cells change nothing.  With alpha = beta dp^2/(2m) and Poisson
summation (Jacobi: sqrt(alpha/pi) theta_3(e^-alpha) = theta_3(e^{-pi^2/alpha})),

    ln Z_mes - ln Z = N d [ln theta_3(q) - alpha/12],   q = exp(-pi^2/alpha),

a leading term -N d beta dp^2/(24 m) (order 2 in dp) and a remainder
0 <= N d ln theta_3(q) <= 2 N d q/(1 - q), exponentially small as dp -> 0.

Examples
--------
One particle in a box of length 1 with m = beta = 1: Z = sqrt(2 pi),
ln Z = ln(2 pi)/2 = 0.91893853320467274178...

>>> gas = IdealGas(1)
>>> mpmath.nstr(gas.log_partition_function(), 20)
'0.91893853320467274178'

A bin of width 1: the correction is -1/24 up to 2 exp(-2 pi^2) ~ 5e-9:

>>> float(gas.log_mesoscopic_partition_function(momentum_bin=1) - gas.log_partition_function())
-0.0416666613
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from ...significant import significant
from ...validation import check_count, check_digits
from .._gas_parameters import count_parameter, is_symbolic, positive_parameter, to_mpf

__all__ = ["IdealGas", "log_theta3_correction"]


def _log1p_theta_tail(nome: Any) -> Any:
    """ln(1 + 2 sum_{j>=1} nome^(j^2)) for 0 <= nome <= exp(-pi), summed to working precision."""
    total = mpmath.mpf(0)
    j = 1
    eps = mpmath.eps
    while True:
        term = nome ** (j * j)
        total += term
        if term <= eps * total or not term:
            break
        j += 1
    return mpmath.log1p(2 * total)


def log_theta3_correction(alpha: Any) -> Any:
    """g(alpha) = ln theta_3(exp(-pi^2/alpha)) - alpha/12, the ideal gas bin correction per degree.

    ln Z_mes - ln Z = N d g(alpha) with alpha = beta dp^2/(2m).  Evaluated with
    the smaller of the two nomes (Jacobi's identity), to the working precision
    for every alpha > 0; g <= 0 (Jensen).

    Examples
    --------
    At alpha = 1, ln theta_3(exp(-pi^2)) = 2 exp(-pi^2) (1 + O(exp(-pi^2))) = 0.00010344...:

    >>> with mpmath.workdps(20):
    ...     mpmath.nstr(log_theta3_correction(mpmath.mpf(1)) + mpmath.mpf(1) / 12, 5)
    '0.00010344'
    """
    a = to_mpf(positive_parameter("alpha", alpha))
    if a < mpmath.pi:
        exponent = mpmath.pi**2 / a
        if exponent > (mpmath.mp.prec + 10) * mpmath.ln2 + mpmath.log(12 / a):
            return -a / 12  # the tail, ~2 exp(-pi^2/alpha), is below one unit of alpha/12
        tail = _log1p_theta_tail(mpmath.exp(-exponent))
    else:
        tail = _log1p_theta_tail(mpmath.exp(-a)) + mpmath.log(a / mpmath.pi) / 2
    return tail - a / 12


class IdealGas:
    """N free classical particles of mass m in a box [0, L]^d, Planck's constant 1.

    Parameters
    ----------
    particles : int or SymPy symbol
        N >= 1.
    dimension : int
        d >= 1.
    length, mass, beta : number or SymPy expression
        Positive (beta <= 0 would make the momentum integral diverge).
    digits : int or None
        Working precision of the returned ``mpmath.mpf`` values (default 30);
        None for Python floats (float64), each within 1 ulp of the true value
        (computed at 20 digits, then rounded once).

    Examples
    --------
    >>> IdealGas(1, digits=None).log_partition_function()  # ln(2 pi)/2
    0.9189385332046728
    >>> from mesosym.symbols import N, beta
    >>> L, m = sp.symbols("L m", positive=True)
    >>> IdealGas(N, 3, L, m, beta).log_partition_function()
    N*(3*log(L) + 3*log(2*pi*m/beta)/2) - log(factorial(N))
    """

    __slots__ = ("_N", "_d", "_L", "_m", "_beta", "_digits")

    def __init__(
        self,
        particles: Any,
        dimension: int = 1,
        length: Any = 1,
        mass: Any = 1,
        beta: Any = 1,
        digits: int | None = 30,
    ) -> None:
        self._N = count_parameter("particles", particles, symbol_ok=True)
        self._d: int = check_count("dimension", dimension, minimum=1)
        self._L = positive_parameter("length", length)
        self._m = positive_parameter("mass", mass)
        self._beta = positive_parameter(
            "beta", beta, why="the ideal gas needs beta > 0: its kinetic energy is unbounded"
        )
        self._digits: int | None = (
            None if digits is None else check_digits(check_count("digits", digits, minimum=5))
        )

    particles = property(lambda self: self._N, doc="N.")
    dimension = property(lambda self: self._d, doc="d.")
    length = property(lambda self: self._L, doc="L.")
    mass = property(lambda self: self._m, doc="m.")
    beta = property(lambda self: self._beta, doc="Inverse temperature.")
    digits = property(lambda self: self._digits, doc="Decimal digits, or None for float64.")

    def _work_dps(self) -> int:
        return (self._digits if self._digits is not None else 15) + 5

    def _result(self, value: Any) -> Any:
        """A float (digits=None) or an mpf that prints ``digits`` digits."""
        if self._digits is None:
            return float(value)
        return significant(value, self._digits)

    @property
    def symbolic(self) -> bool:
        """True when a parameter is a SymPy expression with free symbols."""
        return is_symbolic(self._N, self._L, self._m, self._beta)

    def __str__(self) -> str:
        return (
            f"ideal gas of {self._N} particles of mass {self._m} in {self._d} dimension(s), "
            f"box of side {self._L}, beta = {self._beta}"
        )

    def _repr_latex_(self) -> str:
        """A notebook's view: the particles, the box and the temperature."""
        return (
            rf"$\displaystyle N = {sp.latex(self._N)}, \ d = {self._d}, \ "
            rf"L = {sp.latex(self._L)}, \ m = {sp.latex(self._m)}, \ "
            rf"\beta = {sp.latex(self._beta)}$"
        )

    def __repr__(self) -> str:
        return (
            f"IdealGas({self._N}, dimension={self._d}, length={self._L}, mass={self._m}, "
            f"beta={self._beta}, digits={self._digits})"
        )

    def _key(self) -> tuple[Any, ...]:
        return (self._N, self._d, self._L, self._m, self._beta, self._digits)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IdealGas):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _log_factorial(self) -> Any:
        if self.symbolic:
            return sp.log(sp.factorial(self._N))
        return mpmath.loggamma(int(self._N) + 1)

    def log_partition_function(self) -> Any:
        """Return ln Z = N d [ln L + (1/2) ln(2 pi m / beta)] - ln N!.

        Returns
        -------
        mpmath.mpf or sympy.Expr
            Exact to ``digits`` (a SymPy expression for symbolic parameters).

        Examples
        --------
        >>> mpmath.nstr(mpmath.exp(IdealGas(2, length=2, mass=1, beta=2 * mpmath.pi)
        ...                        .log_partition_function()), 15)  # (2 * 1)^2 / 2!
        '2.0'
        """
        N, d = self._N, self._d
        if self.symbolic:
            return (
                N
                * (
                    d * sp.log(self._L)
                    + sp.Rational(d, 2) * sp.log(2 * sp.pi * self._m / self._beta)
                )
                - self._log_factorial()
            )
        with mpmath.workdps(self._work_dps() + len(str(N * d))):
            value = self._log_z()
        return self._result(value)

    def _log_z(self) -> Any:
        """Ln Z as an mpf at the working precision (numeric parameters)."""
        N, d = self._N, self._d
        L, m, beta = to_mpf(self._L), to_mpf(self._m), to_mpf(self._beta)
        value = N * d * (mpmath.log(L) + mpmath.log(2 * mpmath.pi * m / beta) / 2)
        return value - self._log_factorial()

    def _alpha(self, dp: Any) -> Any:
        return self._beta * dp**2 / (2 * self._m)

    def log_mesoscopic_partition_function(self, momentum_bin: Any, cells: int = 1) -> Any:
        """Return ln Z_mes for momentum bins of width dp and M spatial cells per dimension.

        Parameters
        ----------
        momentum_bin : number or SymPy expression
            dp > 0; bins [k dp - dp/2, k dp + dp/2], k integer, in each dimension.
        cells : int
            M >= 1 spatial cells per dimension (the result does not depend on M).

        Returns
        -------
        mpmath.mpf or sympy.Expr
            Numbers: ln Z + N d g(beta dp^2/2m) (:func:`log_theta3_correction`),
            to ``digits`` for every dp > 0.  Symbols: the sector sum in closed
            form, -ln N! + N d [ln L + ln(dp Sum_k exp(-beta (k dp)^2/2m)) - beta dp^2/(24 m)],
            with the lattice sum left unevaluated.

        Examples
        --------
        >>> gas = IdealGas(3, 2, digits=20)
        >>> z = gas.log_partition_function()
        >>> [mpmath.nstr(gas.log_mesoscopic_partition_function(0.1, cells=M) - z, 12)
        ...  for M in (1, 7)]  # -N d dp^2/24 = -6/2400
        ['-0.0025', '-0.0025']
        """
        dp = positive_parameter("momentum_bin", momentum_bin)
        check_count("cells", cells, minimum=1)
        N, d = self._N, self._d
        if self.symbolic or is_symbolic(dp):
            k = sp.Dummy("k", integer=True)
            alpha = self._alpha(dp)
            lattice_sum = sp.Sum(sp.exp(-alpha * k**2), (k, -sp.oo, sp.oo))
            return N * d * (sp.log(self._L) + sp.log(dp * lattice_sum) - alpha / 12) - (
                self._log_factorial()
            )
        with mpmath.workdps(self._work_dps() + len(str(N * d))):
            alpha = to_mpf(self._alpha(dp))
            value = self._log_z() + N * d * log_theta3_correction(alpha)
        return self._result(value)

    def momentum_bin_correction(self, momentum_bin: Any) -> tuple[Any, Any]:
        """The leading term of ln Z_mes - ln Z and a rigorous bound on the rest.

        Returns
        -------
        (leading, bound)
            leading = -N d beta dp^2/(24 m); 0 <= (ln Z_mes - ln Z) - leading <= bound,
            bound = 2 N d q/(1 - q) with q = exp(-2 pi^2 m/(beta dp^2)), since
            0 <= ln theta_3(q) <= 2 sum_{j>=1} q^(j^2) <= 2 q/(1 - q).
            SymPy expressions for symbolic parameters, mpf otherwise.

        Examples
        --------
        >>> lead, bound = IdealGas(1).momentum_bin_correction(1)
        >>> mpmath.nstr(lead, 6), mpmath.nstr(bound, 3)
        ('-0.0416667', '5.35e-9')
        """
        dp = positive_parameter("momentum_bin", momentum_bin)
        N, d = self._N, self._d
        alpha = self._alpha(dp)
        if self.symbolic or is_symbolic(dp):
            q = sp.exp(-(sp.pi**2) / alpha)
            return -N * d * alpha / 12, 2 * N * d * q / (1 - q)
        with mpmath.workdps(self._work_dps()):
            a = to_mpf(alpha)
            q = mpmath.exp(-(mpmath.pi**2) / a)
            lead, bound = -N * d * a / 12, 2 * N * d * q / (1 - q)
        return self._result(lead), self._result(bound)
