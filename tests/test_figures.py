"""Fig. 1 and the finite-N figure: the data behind them, their structure, reproducible files."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest
import sympy as sp

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from mesosym import Spectrum, numeric  # noqa: E402
from mesosym.errors import DomainError  # noqa: E402
from mesosym.figures import figure1, figure1_data, finite_size_data, finite_size_figure, save

QS = (2, 3, 4, 5, 10)


@pytest.fixture(scope="module")
def data():
    return figure1_data(QS, points=401)


@pytest.fixture(scope="module")
def finite():
    return finite_size_data(3, (10, 100, 1000), points=201)


# -- Fig. 1: the data ---------------------------------------------------------
def test_curves_are_the_requested_q_then_the_einstein_solid(data):
    assert [c.q for c in data.curves] == [*QS, math.inf]
    assert data.u_max == 9.0
    for c in data.curves:
        assert c.u.shape == c.s.shape == c.beta.shape == (401,)
        assert not (c.u.flags.writeable or c.s.flags.writeable or c.beta.flags.writeable)
        assert np.all(np.diff(c.u) > 0)


@pytest.mark.parametrize("q", QS)
def test_finite_q_covers_zero_to_q_minus_one_symmetrically(data, q):
    c = data.curve(q)
    assert c.u[0] == 0.0 and c.u[-1] == q - 1
    np.testing.assert_allclose(c.u + c.u[::-1], q - 1, rtol=0, atol=1e-14 * q)
    np.testing.assert_allclose(c.s, c.s[::-1], rtol=0, atol=1e-13)  # u -> q-1-u, s -> s
    np.testing.assert_allclose(c.beta[1:-1], -c.beta[-2:0:-1], rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("q", QS)
def test_entropy_peaks_at_u_star_with_ln_q(data, q):
    c = data.curve(q)
    peak = int(np.argmax(c.s))
    assert c.u[peak] == c.u_star == (q - 1) / 2  # u* is a grid point, eq. (21)
    assert c.s[peak] == pytest.approx(math.log(q), rel=1e-14)


@pytest.mark.parametrize("q", QS)
def test_entropy_is_nonnegative_and_vanishes_at_both_ends(data, q):
    c = data.curve(q)
    assert np.all(c.s >= 0)
    assert c.s[0] == 0.0 and c.s[-1] == 0.0
    assert np.all(c.s[1:-1] > 0)


@pytest.mark.parametrize("q", QS)
def test_beta_changes_sign_at_u_star(data, q):
    c = data.curve(q)
    below, at, above = c.u < c.u_star, c.u == c.u_star, c.u > c.u_star
    assert np.all(c.beta[below] > 0) and np.all(c.beta[above] < 0)
    assert c.beta[at].tolist() == [0.0]
    assert c.beta[0] == math.inf and c.beta[-1] == -math.inf
    assert np.all(np.diff(c.beta) < 0)  # s is concave: beta decreases through zero


def test_einstein_solid_has_no_maximum_on_the_plotted_range(data):
    c = data.curve(sp.oo)
    assert c.u[0] == 0.0 and c.u[-1] == data.u_max
    assert np.all(np.diff(c.s) > 0)  # s grows monotonically: no entropy maximum
    assert np.all(c.beta > 0)  # and no negative-temperature branch, eq. (30)
    assert int(np.argmax(c.s)) == c.u.size - 1
    u = c.u[1:]
    np.testing.assert_allclose(c.s[1:], (1 + u) * np.log1p(u) - u * np.log(u), rtol=1e-13)


def test_entropy_grows_with_q_at_fixed_u(data):
    """s_q(u) <= s_{q'}(u) <= s_oo(u) for q < q', strictly for u > 0 (module docstring)."""
    levels = [*QS, math.inf]
    for i, q in enumerate(QS):
        c = data.curve(q)
        for q2 in levels[i + 1 :]:
            s2 = numeric.entropy(c.u, q2)
            gap = s2 - c.s
            # the gap is O(u^q) at small u, below float64 resolution (2e-14 relative)
            assert np.all(gap >= -2e-14 * c.s), (q, q2, float(gap.min()))
            assert np.all(gap[c.u >= 0.1] > 0), (q, q2)
            assert s2[0] == c.s[0] == 0.0
            # the same ordering read off the plotted data of q2 (interpolated)
            d2 = data.curve(q2)
            assert np.all(np.interp(c.u, d2.u, d2.s) >= c.s - 1e-3)


def test_beta_grows_with_q_at_fixed_u(data):
    levels = [*QS, math.inf]
    for i, q in enumerate(QS):
        c = data.curve(q)
        inner = c.u[1:-1]
        for q2 in levels[i + 1 :]:
            gap = numeric.inverse_temperature(inner, q2) - c.beta[1:-1]
            assert np.all(gap >= -2e-14 * np.abs(c.beta[1:-1])), (q, q2)
            assert np.all(gap[inner >= 0.1] > 0), (q, q2)


def test_u_max_extends_only_the_einstein_solid():
    d = figure1_data((2, 3), u_max=5.0, points=11)
    assert d.curve(3).u[-1] == 2.0
    assert d.curve(math.inf).u[-1] == 5.0
    assert figure1_data((2,), points=11, einstein=False).curves[-1].q == 2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"qs": ()}, "qs must be"),
        ({"qs": "23"}, "qs must be"),
        ({"qs": (1,)}, "q must be"),
        ({"qs": (sp.oo,)}, "einstein=True"),
        ({"qs": (2,), "points": 3}, "points"),
        ({"qs": (2,), "points": 10.0}, "points"),
        ({"qs": (2,), "u_max": -1.0}, "u_max"),
        ({"qs": (2,), "u_max": math.inf}, "u_max"),
    ],
)
def test_figure1_data_rejects_bad_arguments(kwargs, match):
    with pytest.raises(DomainError, match=match):
        figure1_data(**kwargs)


def test_curve_lookup_names_the_missing_q(data):
    with pytest.raises(DomainError, match="q = 7"):
        data.curve(7)


# -- Fig. 1: the figure ---------------------------------------------------------
def labelled_lines(ax):
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def test_figure1_has_two_panels_with_one_line_per_q(data):
    fig = figure1(data)
    assert isinstance(fig, Figure)
    upper, lower = fig.axes
    for ax, field in ((upper, "s"), (lower, "beta")):
        lines = labelled_lines(ax)
        assert [line.get_label() for line in lines] == [c.label for c in data.curves]
        for line, c in zip(lines, data.curves, strict=True):
            np.testing.assert_array_equal(line.get_xdata(), c.u)
            y = np.asarray(line.get_ydata())
            expected = getattr(c, field)
            finite = np.isfinite(expected)
            np.testing.assert_array_equal(y[finite], expected[finite])
            assert np.all(np.isnan(y[~finite]))  # the infinite ends are left out
    assert upper.get_ylabel() == r"$s = S/Nk_B$"
    assert lower.get_ylabel() == r"$\beta\varepsilon$"
    assert lower.get_xlabel() == r"$u = E/N\varepsilon$"
    assert tuple(lower.get_ylim()) == (-4.0, 4.0)
    assert tuple(upper.get_xlim()) == (0.0, 9.0)
    legend = upper.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts[: len(data.curves)] == [c.label for c in data.curves]


def test_figure1_marks_u_star(data):
    fig = figure1(data)
    upper, lower = fig.axes
    (marks,) = upper.collections
    finite = [c for c in data.curves if math.isfinite(c.q)]
    expected = [(c.u_star, math.log(c.q)) for c in finite]
    np.testing.assert_allclose(marks.get_offsets(), expected)
    (zeros,) = lower.collections
    np.testing.assert_allclose(zeros.get_offsets(), [(c.u_star, 0.0) for c in finite])


def test_figure1_draws_into_given_axes():
    host = Figure()
    axes = host.subplots(2, 1)
    fig = figure1(figure1_data((2,), points=21), ax=axes, beta_limit=2.5)
    assert fig is host
    assert tuple(axes[1].get_ylim()) == (-2.5, 2.5)
    with pytest.raises(DomainError, match="pair"):
        figure1(figure1_data((2,), points=21), ax=axes[0])
    with pytest.raises(DomainError, match="beta_limit"):
        figure1(figure1_data((2,), points=21), beta_limit=0)


# -- finite N -------------------------------------------------------------------
def test_finite_size_curves_approach_the_limit(finite):
    assert finite.Ns == (10, 100, 1000)
    ds, db = zip(*(finite.deviation(N, margin=0.1) for N in finite.Ns), strict=True)
    assert ds[0] > ds[1] > ds[2] and db[0] > db[1] > db[2]
    # s_N - s ~ -(1/2N) ln(2 pi N sigma^2): a (ln N)/N decay, beta_N - beta ~ 1/N
    for N, d in zip(finite.Ns, ds, strict=True):
        assert d < math.log(2 * math.pi * N) / N
    assert ds[2] < 6e-3 and db[2] < 3e-3
    # the whole range, edges included, for s
    s_all = [finite.deviation(N)[0] for N in finite.Ns]
    assert s_all[0] > s_all[1] > s_all[2]


def test_finite_size_limit_curve_is_figure1s(finite):
    c = figure1_data((3,), points=201, einstein=False).curve(3)
    np.testing.assert_array_equal(finite.limit.u, c.u)
    np.testing.assert_array_equal(finite.limit.s, c.s)


def test_finite_size_figure_structure(finite):
    fig = finite_size_figure(data=finite)
    upper, lower = fig.axes
    labels = [line.get_label() for line in labelled_lines(upper)]
    assert labels == [r"$N \to \infty$", "$N = 10$", "$N = 100$", "$N = 1000$"]
    assert len(labelled_lines(lower)) == 4
    np.testing.assert_array_equal(labelled_lines(upper)[1].get_ydata(), finite.finite[0].s)


def test_finite_size_data_rejects_bad_arguments(finite):
    with pytest.raises(DomainError, match="concrete integer"):
        finite_size_data(sp.oo)
    with pytest.raises(DomainError, match="Ns must be"):
        finite_size_data(3, ())
    with pytest.raises(DomainError, match="N = 7"):
        finite.deviation(7)


# -- finite N, any integer spectrum -----------------------------------------------
@pytest.fixture(scope="module")
def gapped():
    return finite_size_data(Spectrum.from_levels([0, 1, 3]), (10, 100, 1000), points=201)


def test_finite_size_of_a_gapped_spectrum_approaches_its_limit(gapped):
    assert gapped.q is None and gapped.degeneracies == (1, 1, 0, 1) and gapped.max_energy == 3
    ds, db = zip(*(gapped.deviation(N, margin=0.1) for N in gapped.Ns), strict=True)
    assert ds[0] > ds[1] > ds[2] and db[0] > db[1] > db[2]
    for N, d in zip(gapped.Ns, ds, strict=True):  # s - s_N ~ ln(2 pi N sigma^2)/(2N)
        assert d < math.log(2 * math.pi * N * 3) / N
    assert ds[2] < 6e-3 and db[2] < 3e-3
    for th in gapped.finite:  # M = 3N - 1 is unreachable and left out
        assert th.u.size == 3 * th.N and 3 * th.N - 1 not in th.M


def test_finite_size_limit_of_a_gapped_spectrum(gapped):
    lim = gapped.limit
    assert lim.u[0] == 0.0 and lim.u[-1] == 3.0 and np.all(np.diff(lim.u) > 0)
    # u* = P'(1)/P(1) = 4/3 is on the grid: x* = 1 there, so beta = 0 and s = ln P(1) = ln 3
    i = int(np.flatnonzero(lim.u == 4 / 3)[0])
    assert lim.u_star == 4 / 3 and lim.q == 3.0 and lim.label == "levels $0, 1, 3$"
    assert lim.s[i] == pytest.approx(math.log(3), rel=1e-14) and abs(lim.beta[i]) < 1e-13
    assert lim.s.max() == lim.s[i]
    assert lim.beta[0] == math.inf and lim.beta[-1] == -math.inf


def test_finite_size_figure_of_a_gapped_spectrum(gapped):
    fig = finite_size_figure(data=gapped)
    upper, lower = fig.axes
    assert upper.get_title() == "levels $0, 1, 3$: exact counts against the saddle point"
    assert tuple(upper.get_xlim()) == (0.0, 3.0)
    np.testing.assert_array_equal(labelled_lines(upper)[1].get_xdata(), gapped.finite[0].u)
    # the same data from a Spectrum, and equal levels as levels are the q figure
    from mesosym import Spectrum

    again = finite_size_data(Spectrum([1, 1, 0, 1]), (10,), points=201)
    np.testing.assert_array_equal(again.limit.s, gapped.limit.s)
    np.testing.assert_array_equal(again.finite[0].beta, gapped.finite[0].beta)
    same = finite_size_data(Spectrum.from_levels([0, 1, 2]), (10, 100, 1000), points=201)
    ref = finite_size_data(3, (10, 100, 1000), points=201)
    assert same.q == 3
    np.testing.assert_array_equal(same.limit.s, ref.limit.s)
    np.testing.assert_array_equal(same.finite[2].beta, ref.finite[2].beta)


# -- reproducible files -----------------------------------------------------------
@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_is_byte_identical_on_reruns(tmp_path, suffix):
    small = figure1_data((2, 3), points=51)
    a = save(figure1(small), tmp_path / f"a{suffix}").read_bytes()
    b = save(figure1(figure1_data((2, 3), points=51)), tmp_path / f"b{suffix}").read_bytes()
    assert a == b and len(a) > 1000
    assert b"Matplotlib" not in a[:4000] or suffix == ".svg"  # no version stamp in the header
    if suffix == ".pdf":
        assert b"CreationDate" not in a
    if suffix == ".svg":
        assert b"<dc:date>" not in a


def test_save_refuses_unreproducible_formats(tmp_path):
    fig = figure1(figure1_data((2,), points=11))
    with pytest.raises(DomainError, match=r"\.png, \.pdf or \.svg"):
        save(fig, tmp_path / "f.jpg")
    with pytest.raises(DomainError, match="metadata"):
        save(fig, tmp_path / "f.png", metadata={})


# -- legends clear of the curves ---------------------------------------------------
def _rendered(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


@pytest.mark.parametrize("qs", [(2, 3, 4, 5, 10), (2, 3, 7, 20), (2,)])
def test_figure1_legend_lies_outside_both_panels(qs):
    fig = figure1(figure1_data(qs, points=51))
    renderer = _rendered(fig)
    legend = fig.axes[0].get_legend().get_window_extent(renderer)
    for ax in fig.axes:
        box = ax.get_window_extent(renderer)
        assert legend.x0 >= box.x1, (legend, box)  # right of every panel: no curve below it
    assert legend.x1 <= fig.bbox.width + 0.5  # and still inside the figure


def test_finite_size_legend_lies_outside_both_panels(finite):
    fig = finite_size_figure(data=finite)
    renderer = _rendered(fig)
    legend = fig.axes[0].get_legend().get_window_extent(renderer)
    assert all(legend.x0 >= ax.get_window_extent(renderer).x1 for ax in fig.axes)


# -- bounded: a cap on points, refused before any work ------------------------------
def test_a_billion_points_are_refused_with_the_estimate():
    from mesosym.figures import MAX_POINTS

    with pytest.raises(DomainError, match=r"6000000006 points .* about 96 GB"):
        figure1_data((2, 3, 4, 5, 10), points=10**9)
    with pytest.raises(DomainError, match="MAX_POINTS"):
        finite_size_data(3, (10**9,))
    with pytest.raises(DomainError, match="MAX_POINTS"):  # two curves of MAX_POINTS + 1
        figure1_data((2,), points=MAX_POINTS)
    assert len(figure1_data((2,), points=MAX_POINTS // 2 - 1, einstein=False).curves) == 1


# -- the command line ----------------------------------------------------------------
def test_plot_figure1_takes_inf_among_the_qs_and_a_dpi(tmp_path, capsys):
    from mesosym.cli import main

    low, high = tmp_path / "low.png", tmp_path / "high.png"
    args = ["plot", "figure1", "--qs", "3", "2", "inf", "--points", "51"]
    assert main([*args, "-o", str(low), "--dpi", "40"]) == 0
    assert "q = 2, 3 and q -> oo" in capsys.readouterr().out
    assert main([*args, "-o", str(high), "--dpi", "120"]) == 0
    import struct

    def size(path):  # PNG IHDR: width and height, big-endian, at bytes 16..24
        return struct.unpack(">II", path.read_bytes()[16:24])

    (w1, h1), (w3, h3) = size(low), size(high)
    assert (w3, h3) == (3 * w1, 3 * h1)


def test_plot_figure1_without_inf_draws_no_einstein_solid(tmp_path):
    from mesosym.cli import main

    path = tmp_path / "f.svg"
    assert main(["plot", "figure1", "--qs", "2", "--points", "11", "-o", str(path)]) == 0
    text = path.read_text()
    assert "<svg" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plot", "figure1", "--qs", "1"], "integer >= 2 or inf"),
        (["plot", "figure1", "--qs", "inf"], "at least one finite q"),
        (["plot", "figure1", "--points", "1000000000"], "MAX_POINTS"),
        (["plot", "finite-size", "--Ns", "0"], "N must be"),
        (["plot", "finite-size", "--levels", "1", "3"], "ground level 0"),
        (["plot", "finite-size", "--levels", "0", "-1"], "level must be an integer >= 0"),
        (["plot", "finite-size", "--q", "3", "--levels", "0", "1"], "not allowed with"),
        (["plot", "figure1", "--dpi", "0"], "dpi"),
    ],
)
def test_plot_refuses_bad_input_in_one_line(tmp_path, capsys, argv, message):
    from mesosym.cli import main

    out = tmp_path / "x.png"
    assert main([*argv, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert not out.exists()


def test_plot_finite_size_takes_levels(tmp_path, capsys):
    from mesosym.cli import main

    path = tmp_path / "fs.svg"
    argv = ["plot", "finite-size", "--levels", "0", "1", "3", "--Ns", "5", "50"]
    assert main([*argv, "--points", "51", "-o", str(path)]) == 0
    assert "for levels 0 1 3, N = 5, 50" in capsys.readouterr().out
    assert "<svg" in path.read_text()


def test_plot_refuses_an_unknown_suffix_before_drawing(tmp_path, capsys):
    from mesosym.cli import main

    assert main(["plot", "finite-size", "-o", str(tmp_path / "x.jpg")]) == 2
    assert "-o/--out must end in .png, .pdf or .svg" in capsys.readouterr().err


def test_figure1_alias_always_adds_the_einstein_solid(tmp_path, capsys):
    from mesosym.cli import main

    assert main(["figure1", "-o", str(tmp_path / "f.pdf"), "--qs", "2", "--dpi", "50"]) == 0
    assert "q = 2 and q -> oo" in capsys.readouterr().out


# -- the mesoscopic figures -----------------------------------------------------------
@pytest.fixture(scope="module")
def fine():
    from mesosym.figures.mesoscopic import fine_graining_data

    return fine_graining_data(cells=(16, 32, 64, 128))


@pytest.fixture(scope="module")
def information():
    from mesosym.figures.mesoscopic import information_data

    return information_data(sizes=(1, 2, 4, 8, 16), gaps=tuple(range(9)), couplings=(0.5, 1.0))


def test_fine_graining_orders_are_two_for_smooth_potentials_and_one_for_rods(fine):
    soft_a, soft_b, rods = fine.series
    for s in (soft_a, soft_b):
        assert s.order == pytest.approx(2.0, abs=0.01)
        # the leading term C w^2, with C = beta^2 <|grad U|^2>/24 computed independently
        np.testing.assert_allclose(s.log_gap / (s.coefficient * s.width**2), 1.0, atol=3e-3)
    assert rods.coefficient is None
    assert rods.order == pytest.approx(1.0, abs=0.03)
    # commensurate cells: ln Z - ln Z_mes = -sum_{j<N} ln(1 - j w/L'), L' = 1 - 2/8
    expected = [-sum(math.log(1 - j * w / 0.75) for j in range(3)) for w in rods.width]
    np.testing.assert_allclose(rods.log_gap, expected, rtol=1e-12)
    for s in fine.series:
        assert np.all(s.log_gap > 0) and np.all(np.diff(s.deficit) < 0)  # Jensen; -> 0
        np.testing.assert_allclose(s.deficit, 1 - np.exp(-s.log_gap), rtol=1e-9)  # cancels


def test_fine_graining_figure_plots_the_data_with_the_orders_in_the_legend(fine):
    from mesosym.figures.mesoscopic import fine_graining_figure

    fig = fine_graining_figure(fine)
    (ax,) = fig.axes
    assert ax.get_xscale() == ax.get_yscale() == "log"
    lines = labelled_lines(ax)
    assert len(lines) == 3
    for line, s in zip(lines, fine.series, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), s.deficit)
        assert line.get_label().endswith(f"order {s.order:.2f}")
    renderer = _rendered(fig)
    assert ax.get_legend().get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1


def test_information_obeys_the_area_law_and_decays_with_distance(information):
    for s in information.by_size:
        # configurations: only the cut bond is shared, I = ln 2 - h((1 + t)/2) for every b
        p = (1 + math.tanh(s.coupling)) / 2
        exact = math.log(2) + p * math.log(p) + (1 - p) * math.log(1 - p)
        np.testing.assert_allclose(s.configuration, exact, rtol=1e-13)
        assert np.all(s.occupation <= s.configuration + 1e-15)  # data processing
        assert s.occupation[0] == pytest.approx(s.configuration[0], rel=1e-12)  # b = 1
        assert np.all(np.diff(s.occupation) < 0)
    for s in information.by_distance:
        t = math.tanh(s.coupling) ** (s.x + 1)  # boundary spins d + 1 bonds apart
        p = (1 + t) / 2
        exact = math.log(2) + p * np.log(p) + (1 - p) * np.log(1 - p)
        np.testing.assert_allclose(s.configuration, exact, rtol=1e-10)
        # I = t^(2n)/2 + O(t^(4n)): the fitted slope tends to 2 ln t
        assert s.decay == pytest.approx(2 * math.log(math.tanh(s.coupling)), rel=1e-2)


def test_information_figure_legends_sit_below_the_panels(information):
    from mesosym.figures.mesoscopic import information_figure

    fig = information_figure(information)
    renderer = _rendered(fig)
    for ax in fig.axes:
        legend = ax.get_legend().get_window_extent(renderer)
        assert legend.y1 <= ax.get_window_extent(renderer).y0  # clear of the curves
        assert legend.y0 >= 0
    left, right = fig.axes
    assert left.get_xscale() == left.get_yscale() == "log" and right.get_yscale() == "log"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"cells": (8,)}, "at least two"),
        ({"cells": (8, 10**9)}, "cells must lie in"),
        ({"gases": {}}, "non-empty dict"),
        ({"gases": {"x": 1}}, "ContinuumGas"),
    ],
)
def test_fine_graining_data_rejects_bad_arguments(kwargs, match):
    from mesosym.figures.mesoscopic import fine_graining_data

    with pytest.raises(DomainError, match=match):
        fine_graining_data(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sizes": (1,)}, "at least two"),
        ({"gaps": (-1, 2)}, "gaps must lie"),
        ({"couplings": (0.0,)}, "couplings must be"),
        ({"couplings": (float("nan"),)}, "couplings must be"),
        ({"size": 0}, "size must lie"),
        ({"sizes": (1, 10**6)}, "sizes must lie in 1..1024"),
    ],
)
def test_information_data_rejects_bad_arguments(kwargs, match):
    from mesosym.figures.mesoscopic import information_data

    with pytest.raises(DomainError, match=match):
        information_data(**kwargs)


@pytest.mark.parametrize(
    "argv",
    [
        ["plot", "fine-graining", "--cells", "8", "16"],
        ["plot", "information", "--sizes", "1", "2", "--gaps", "0", "1", "--couplings", "1"],
    ],
)
def test_plot_draws_the_mesoscopic_figures(tmp_path, capsys, argv):
    from mesosym.cli import main

    path = tmp_path / "m.png"
    assert main([*argv, "-o", str(path), "--dpi", "50"]) == 0
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "written to" in capsys.readouterr().out


def test_fine_graining_order_is_fitted_on_the_finest_cells():
    """Regression: the fit once used the four coarsest widths (rods: 0.95 instead of ~0.98)."""
    from mesosym.figures.mesoscopic import fine_graining_data
    from mesosym.mesoscopic import ContinuumGas

    rods = {"rods": ContinuumGas(3, 1, hard_core=sp.Rational(1, 8), digits=15)}
    s = fine_graining_data(rods, cells=(8, 16, 32, 64, 128, 256)).series[0]
    coarse = np.polyfit(np.log(s.width[:4]), np.log(s.deficit[:4]), 1)[0]
    assert abs(s.order - 1) < 0.015 < abs(coarse - 1)
