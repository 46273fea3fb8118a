"""Progress on long work: a bar on stderr when stderr is a terminal, nothing otherwise.

Library loops report their steps without knowing how (or whether) they are
shown: :func:`progress` wraps a loop, :func:`bar` a computation that reports
its steps, and :func:`step` advances the innermost open :func:`task` (a
derivation, a figure) from wherever the work happens.  A bar appears only when
stderr is a terminal and the work has lasted :data:`SHOW_AFTER_SECONDS`, so
short work and anything piped or redirected (JSON output, a log file, a test)
shows nothing.  tqdm draws the bars and is imported only when one is shown.

Examples
--------
>>> list(progress(range(3)))            # not a terminal here: nothing shown
[0, 1, 2]
>>> with task("demo") as done:
...     step(); step()
>>> done.count
2
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["SHOW_AFTER_SECONDS", "bar", "progress", "task", "step", "Task"]

#: A bar appears only once the work has lasted this long (seconds).
SHOW_AFTER_SECONDS = 1.0

_T = TypeVar("_T")


def _terminal() -> bool:
    """Whether stderr is a terminal (the only place progress is shown)."""
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):  # no stderr, or a closed one
        return False


def _tqdm(total: int | None, desc: str, unit: str) -> Any:
    from tqdm import tqdm

    try:  # a terminal that reports no width (a bare pty) would make tqdm print nothing
        width = os.get_terminal_size(sys.stderr.fileno()).columns
    except (AttributeError, OSError, ValueError):
        width = 0
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        leave=False,
        delay=SHOW_AFTER_SECONDS,
        ncols=None if width > 0 else 80,
    )


@contextmanager
def bar(total: int, desc: str, unit: str = "it") -> Iterator[Callable[[int], None]]:
    """A progress bar of ``total`` steps (on a terminal only); yields ``update(n)``.

    >>> with bar(3, "demo") as update:
    ...     update(3)
    """
    if not _terminal():
        yield lambda n: None
        return
    with _tqdm(total, desc, unit) as shown:
        yield shown.update


def progress(
    iterable: Iterable[_T], *, total: int | None = None, desc: str = "", unit: str = "it"
) -> Iterator[_T]:
    """Iterate over ``iterable`` with a progress bar on stderr, shown only on a terminal.

    ``total=None`` takes ``len(iterable)`` when it has one.

    >>> list(progress(range(3)))
    [0, 1, 2]
    """
    if not _terminal():
        yield from iterable
        return
    if total is None and isinstance(iterable, Sized):
        total = len(iterable)
    with _tqdm(total, desc, unit) as shown:
        for item in iterable:
            yield item
            shown.update(1)


class Task:
    """An open :func:`task`: the steps reported so far, and the bar if one is shown."""

    def __init__(self, shown: Any) -> None:
        self.count = 0
        self._shown = shown

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more steps (and move the bar)."""
        self.count += n
        if self._shown is not None:
            self._shown.update(n)


_open: list[Task] = []


@contextmanager
def task(desc: str, total: int | None = None, unit: str = " steps") -> Iterator[Task]:
    """Open a task whose steps :func:`step` reports; on a terminal, a bar of ``total`` steps.

    ``total=None`` shows a running count.  Tasks nest: :func:`step` advances the
    innermost.
    """
    shown = _tqdm(total, desc, unit) if _terminal() else None
    current = Task(shown)
    _open.append(current)
    try:
        yield current
    finally:
        _open.remove(current)
        if shown is not None:
            shown.close()


def step(n: int = 1) -> None:
    """Report ``n`` steps done to the innermost open :func:`task` (nothing if none is open)."""
    if _open:
        _open[-1].advance(n)
