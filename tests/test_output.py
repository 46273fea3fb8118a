"""Writing files: every way a path can be unwritable is a DomainError naming the argument."""

from __future__ import annotations

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
