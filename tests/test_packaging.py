"""A plain, non-editable install carries the derivations and the command line (issue 6).

Regression: ``derivations/`` was left out of the distribution, so the papers'
derivations could not be imported after ``pip install .``.  The wheel is built
from a copy of the source tree (nothing is written into the repository) and
installed into a fresh folder; the program then runs from another directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_COPY = ("pyproject.toml", "README.md", "mesosym")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in _COPY:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, src / name)
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (path,) = out.glob("mesosym-*.whl")
    return path


@pytest.mark.slow
def test_the_wheel_carries_the_derivations_and_the_cli_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ("__init__", "__main__", "_common", "letter_counting", "letter_entropy"):
        assert f"mesosym/derivations/{module}.py" in names
    for module in ("__init__", "__main__", "derive", "check", "figure"):
        assert f"mesosym/cli/{module}.py" in names
    assert "mesosym/__main__.py" in names and "mesosym/checking/derivation.py" in names
    # nothing but mesosym enters a user's site-packages
    assert not any(n.startswith(("tests/", "derivations/")) for n in names)


@pytest.mark.slow
def test_derivations_import_after_a_plain_install_from_any_directory(wheel, tmp_path):
    site = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), wheel],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import mesosym.derivations as derivations, mesosym.checking.derivation as d; "
            "from mesosym.derivations import letter_entropy as m; "
            "print(derivations.__file__); print(m.EQUATIONS); print(d.Derivation.__name__)",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    lines = probe.stdout.splitlines()
    assert Path(lines[0]).is_relative_to(site)
    assert lines[1:] == ["('19', '20', '21')", "Derivation"]
    listing = subprocess.run(
        [sys.executable, "-m", "mesosym", "derive", "--list"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert listing.returncode == 0, listing.stderr[-3000:]
    assert "letter_counting" in listing.stdout and "letter_finite_size" in listing.stdout
