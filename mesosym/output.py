"""Reading and writing files: a path that cannot be used is refused up front, by name.

Files are written atomically: into a temporary file in the same folder, flushed
to the disk (``fsync``), then renamed over the target (``os.replace``).  A full
disk or a crash midway leaves the old file as it was and no temporary file
behind.  A path that is not a regular file (a FIFO, a device, a socket) is
refused before it is opened: opening a FIFO would wait for a writer forever.

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

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .budget import short
from .errors import DomainError

__all__ = [
    "MAX_NAME_BYTES",
    "check_path_text",
    "check_writable",
    "replacing",
    "write_text",
    "read_text",
]

#: The longest file name (one path component) most file systems take, in bytes (ext4,
#: XFS, APFS, NTFS: 255).
MAX_NAME_BYTES = 255


def check_path_text(path: object, name: str = "path") -> Path:
    """Return ``path`` as a :class:`~pathlib.Path` if it can name a file at all.

    A path is a ``str`` or ``os.PathLike`` (never an int: ``open(3)`` would
    write to file descriptor 3), holds no NUL character, and each component is
    at most :data:`MAX_NAME_BYTES` bytes long.

    >>> check_path_text("a/b.txt")
    PosixPath('a/b.txt')
    >>> check_path_text(3, "out")
    Traceback (most recent call last):
    ...
    mesosym.errors.DomainError: out must be a file path (str or os.PathLike); got the int 3
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise DomainError(
            f"{name} must be a file path (str or os.PathLike); "
            f"got the {type(path).__name__} {short(path)}"
        )
    text = os.fspath(path)
    if not isinstance(text, str):
        raise DomainError(f"{name} must be a text path; got {short(text)}")
    if "\x00" in text:
        raise DomainError(f"{name}: the path {short(text)} holds a NUL character")
    for part in Path(text).parts:
        if len(os.fsencode(part)) > MAX_NAME_BYTES:
            raise DomainError(
                f"{name}: the name {short(part)} has {len(os.fsencode(part))} bytes; "
                f"at most MAX_NAME_BYTES = {MAX_NAME_BYTES}"
            )
    return Path(text)


def _not_regular(out: Path) -> str | None:
    """What ``out`` is if it exists and is not a regular file (or a directory), else None."""
    try:
        mode = os.stat(out).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISDIR, "a directory, not a file"),
        (stat.S_ISFIFO, "a FIFO (named pipe), not a regular file"),
        (stat.S_ISSOCK, "a socket, not a regular file"),
        (stat.S_ISCHR, "a character device, not a regular file"),
        (stat.S_ISBLK, "a block device, not a regular file"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


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
        If ``path`` is not a path (:func:`check_path_text`), the folder does
        not exist, ``path`` exists and is not a regular file (a directory, a
        FIFO, a device), or the file or folder is not writable.  Nothing is
        created.
    """
    out = check_path_text(path, name)
    where = f"{name}: cannot write {short(str(path))}"
    folder = out.parent
    if str(path) == "":
        raise DomainError(f"{where}: it is a directory, not a file")
    kind = _not_regular(out)
    if kind:
        raise DomainError(f"{where}: it is {kind}")
    if not folder.is_dir():
        kind = "is not a folder" if folder.exists() else "does not exist"
        raise DomainError(f"{where}: the folder {short(str(folder))} {kind}")
    if out.exists() and not os.access(out, os.W_OK):
        raise DomainError(f"{where}: permission denied")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DomainError(f"{where}: permission denied in the folder {short(str(folder))}")
    return out


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], name: str = "path") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` atomically.

    The block writes the temporary file (by name); then it is flushed to disk
    (``fsync``) and renamed over ``path`` with ``os.replace``, keeping an
    existing file's permissions.  If the block raises, or the disk is full,
    the temporary file is removed and ``path`` is left as it was.

    Raises
    ------
    DomainError
        If ``path`` cannot be written (:func:`check_writable`) or the write fails.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = Path(tmp) / "b.txt"
    ...     with replacing(target) as temporary:
    ...         _ = temporary.write_text("new")
    ...     target.read_text(), sorted(p.name for p in Path(tmp).iterdir())
    ('new', ['b.txt'])
    """
    out = check_writable(path, name)
    handle, temporary_name = tempfile.mkstemp(
        dir=out.parent, prefix=f".{out.name[:100]}.", suffix=".tmp"
    )
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        with contextlib.suppress(OSError):
            os.chmod(
                temporary, stat.S_IMODE(os.stat(out).st_mode) if out.exists() else _umask_mode()
            )
        os.replace(temporary, out)
    except OSError as exc:
        raise DomainError(
            f"{name}: cannot write {short(str(path))}: {exc.strerror or exc}"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _umask_mode() -> int:
    """The mode a new file gets (0o666 less the umask), as ``open`` would give it."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_text(path: str | os.PathLike[str], text: str, name: str = "path") -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically (:func:`replacing`); return the path.

    Raises
    ------
    DomainError
        If ``path`` cannot be written (see :func:`check_writable`), ``text`` is
        not a str, or the write itself fails (a full disk, say): then the file
        that was there is left unchanged.
    """
    if not isinstance(text, str):
        raise DomainError(f"text must be a str; got the {type(text).__name__} {short(text)}")
    with replacing(path, name) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(os.fspath(path))


def read_text(path: str | os.PathLike[str], limit: int, name: str = "path") -> str:
    """Read at most ``limit`` characters (UTF-8) of a regular file; never wait on a FIFO.

    Raises
    ------
    DomainError
        If ``path`` is not a path, does not exist, is not a regular file (a
        FIFO, a device, a directory) or cannot be read.
    """
    source = check_path_text(path, name)
    kind = _not_regular(source)
    if kind:
        raise DomainError(f"{name}: cannot read {short(str(path))}: it is {kind}")
    try:
        with open(source, encoding="utf-8") as handle:
            return handle.read(limit)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise DomainError(f"{name}: cannot read {short(str(path))}: {reason}") from None
