"""Writing files: a path that cannot be written is refused up front, by name.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = write_text(Path(tmp) / "a.txt", "hello")
...     path.read_text()
'hello'
>>> try:
...     check_writable("/no/such/folder/fig.pdf", "out")
... except DomainError as exc:
...     print(exc)
out: cannot write '/no/such/folder/fig.pdf': the folder '/no/such/folder' does not exist
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DomainError

__all__ = ["check_writable", "write_text"]


def check_writable(path: str | os.PathLike[str], name: str = "path") -> Path:
    """Return ``path`` as a :class:`~pathlib.Path` if a file can be written there.

    Parameters
    ----------
    path : str or path-like
        The file to write.
    name : str
        The argument's name, for the message (``"--out"``, ``"path"``).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    DomainError
        If the folder does not exist, ``path`` is a directory, or the file or
        folder is not writable.  Nothing is created.
    """
    out = Path(path)
    where = f"{name}: cannot write {str(path)!r}"
    folder = out.parent
    if str(path) == "" or out.is_dir():
        raise DomainError(f"{where}: it is a directory, not a file")
    if not folder.is_dir():
        kind = "is not a folder" if folder.exists() else "does not exist"
        raise DomainError(f"{where}: the folder {str(folder)!r} {kind}")
    if out.exists() and not os.access(out, os.W_OK):
        raise DomainError(f"{where}: permission denied")
    if not out.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise DomainError(f"{where}: permission denied in the folder {str(folder)!r}")
    return out


def write_text(path: str | os.PathLike[str], text: str, name: str = "path") -> Path:
    """Write ``text`` (UTF-8) to ``path`` after :func:`check_writable`; return the path.

    Raises
    ------
    DomainError
        If ``path`` cannot be written (see :func:`check_writable`), or the
        write itself fails (a full disk, say).
    """
    out = check_writable(path, name)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DomainError(f"{name}: cannot write {str(path)!r}: {exc.strerror or exc}") from None
    return out
