"""The notebooks run top to bottom in a real Jupyter kernel and are committed without outputs."""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def _build_module():
    spec = importlib.util.spec_from_file_location("notebooks_build", NOTEBOOKS / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kernel_or_skip(name: str = "python3") -> None:
    pytest.importorskip("nbclient")
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        pytest.skip(
            f"no Jupyter kernel spec named {name!r} is installed; "
            "install one with `python -m ipykernel install --user`"
        )


def _text_outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            if out.output_type == "stream":
                parts.append(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                parts.append(out.data.get("text/latex", out.data.get("text/plain", "")))
    return "\n".join(parts)


def test_there_are_notebooks():
    assert [p.name for p in PATHS] == ["equispaced_levels.ipynb"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_committed_notebooks_have_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], cell.id
            assert cell.execution_count is None, cell.id
        assert "execution" not in cell.metadata, cell.id


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_committed_notebooks_match_their_generator(path):
    build = _build_module()
    assert path.read_text(encoding="utf-8") == build.render(path.name), (
        "regenerate with `python notebooks/build.py`"
    )


@pytest.fixture(scope="module")
def executed():
    """Each notebook executed once by nbclient in the python3 kernel, from its folder."""
    _kernel_or_skip()
    from nbclient import NotebookClient

    out = {}
    for path in PATHS:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS)}},
        )
        client.execute()  # raises CellExecutionError on the first failing cell
        out[path.name] = nb
    return out


def test_equispaced_levels_runs_without_errors(executed):
    nb = executed["equispaced_levels.ipynb"]
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert errors == []
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")


def test_equispaced_levels_computes_the_letters_values(executed):
    text = _text_outputs(executed["equispaced_levels.ipynb"])
    assert "Omega_3(10, 10) = 8953" in text  # the central trinomial coefficient T_10
    s_top = float(re.search(r"s\(u\*\) = ([0-9.]+)", text).group(1))
    assert s_top == pytest.approx(math.log(3), rel=1e-14)  # eq. (21)
    assert "c_1 at x* = 1: -3/16" in text
    last = re.findall(r"N =\s+1000:\s+N \(ln Omega - gaussian\) = ([-+0-9.]+)", text)
    assert last and float(last[0]) == pytest.approx(-3 / 16, abs=1e-4)


def test_equispaced_levels_shows_both_figures(executed):
    nb = executed["equispaced_levels.ipynb"]
    images = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type in ("execute_result", "display_data") and "image/png" in out.data
    ]
    assert len(images) == 2


def test_a_missing_kernel_spec_skips_with_the_install_command():
    pytest.importorskip("nbclient")
    with pytest.raises(pytest.skip.Exception, match="ipykernel install"):
        _kernel_or_skip("no-such-kernel-for-mesosym")
