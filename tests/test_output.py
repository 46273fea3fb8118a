"""Writing files: every way a path can be unwritable is a DomainError naming the argument."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from mesosym import output
from mesosym.errors import DomainError


def test_a_writable_path_is_returned_and_written(tmp_path):
    path = output.write_text(tmp_path / "a.txt", "x = 1\n", "out")
    assert path.read_text() == "x = 1\n"
    assert output.check_writable(path) == path  # an existing writable file is fine


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda d: d / "missing" / "f.txt", "the folder '{d}/missing' does not exist"),
        (lambda d: d, "it is a directory"),
        (lambda d: (d / "plain").write_text("") or d / "plain" / "f.txt", "is not a folder"),
    ],
)
def test_unwritable_paths_are_refused_by_name(tmp_path, make, needle):
    target = make(tmp_path)
    with pytest.raises(DomainError) as info:
        output.write_text(target, "text", "--out")
    message = str(info.value)
    assert message.startswith(f"--out: cannot write '{target}'")
    assert needle.format(d=tmp_path) in message


def test_no_permission_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(output.os, "access", lambda path, mode: False)
    with pytest.raises(DomainError, match="permission denied"):
        output.check_writable(tmp_path / "new.txt", "path")
    (tmp_path / "old.txt").write_text("")
    with pytest.raises(DomainError, match="permission denied"):
        output.check_writable(tmp_path / "old.txt", "path")


def test_a_failing_write_is_a_domain_error(monkeypatch, tmp_path):
    def full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.Path, "write_text", full)
    with pytest.raises(DomainError, match="No space left on device"):
        output.write_text(tmp_path / "a.txt", "x", "-o")


# -- issue 15: clean failures and atomic writes ---------------------------------------------


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("a\x00b.txt", "NUL character"),
        ("x" * 300 + ".txt", "at most MAX_NAME_BYTES = 255"),
        (3, "must be a file path (str or os.PathLike); got the int 3"),
        (None, "must be a file path"),
    ],
)
def test_paths_that_name_no_file_are_refused_by_name(tmp_path, path, needle):
    target = path if not isinstance(path, str) else str(tmp_path / path)
    with pytest.raises(DomainError, match="^out") as info:
        output.write_text(target, "text", "out")
    assert needle in str(info.value)


def test_a_fifo_is_refused_not_waited_on(tmp_path, quick):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(DomainError, match="it is a FIFO"):
        output.write_text(fifo, "text", "-o")
    with pytest.raises(DomainError, match="it is a FIFO"):
        output.read_text(fifo, 100, "--steps")


def _failing_midway(monkeypatch):
    """Make the next text write put half its text on disk, then fail as a full disk does."""
    real = Path.write_text

    def half_then_full(self, text, *args, **kwargs):
        real(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", half_then_full)


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "derivation.tex"
    target.write_text("the old content\n")
    _failing_midway(monkeypatch)
    with pytest.raises(DomainError, match="No space left on device"):
        output.write_text(target, "the new content, much longer than the old one\n", "-o")
    monkeypatch.undo()
    assert target.read_text() == "the old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["derivation.tex"]


def test_a_new_file_is_not_left_empty_by_a_full_disk(tmp_path, monkeypatch):
    _failing_midway(monkeypatch)
    with pytest.raises(DomainError):
        output.write_text(tmp_path / "new.tex", "text\n", "-o")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(0o640)
    output.write_text(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_figure_that_fails_midway_leaves_the_old_file(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    from mesosym.figures import save

    target = tmp_path / "fig.png"
    target.write_bytes(b"old figure")
    fig = Figure()
    fig.subplots().plot([0, 1], [0, 1])

    def full(self, fname, **kwargs):
        Path(fname).write_bytes(b"half a fig")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", full)
    with pytest.raises(DomainError, match="No space left on device"):
        save(fig, target)
    assert target.read_bytes() == b"old figure"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.png"]


def test_a_figure_to_a_nul_path_is_refused(tmp_path):
    from matplotlib.figure import Figure

    from mesosym.figures import save

    with pytest.raises(DomainError, match="NUL"):
        save(Figure(), str(tmp_path / "a\x00.png"))
