"""The one way regionmap writes a file: whole or not at all.

:func:`atomic_output` writes to a temporary file beside the target and renames
it over the target only when everything was written, so a reader never sees a
half-written file and a failure leaves the old one untouched. The temporary
file is removed on every failure (a ``KeyboardInterrupt`` or a ``SystemExit``
raised by a signal handler included). Targets that are not regular files (a
device such as ``/dev/null``, a FIFO, a terminal) are written straight into:
renaming over them would replace the device with a file. Errors name the
user's path, never the temporary one.

The gazetteer cache, the corrections store and every command-line output use
it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_output", "is_special", "write_atomic"]


def is_special(path: Path) -> bool:
    """True when ``path`` exists and is not a regular file or a folder (a device, a
    FIFO, a socket), following symbolic links.

    Examples
    --------
    >>> is_special(Path("/dev/null")), is_special(Path(__file__))
    (True, False)
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _open_args(*, binary: bool, newline: str | None, encoding: str) -> dict:
    if binary:
        return {"mode": "wb"}
    return {"mode": "w", "encoding": encoding, "newline": newline}


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str],
    *,
    binary: bool = False,
    newline: str | None = None,
    encoding: str = "utf-8",
) -> Iterator[IO]:
    """A file handle whose content replaces ``path`` when the ``with`` block ends
    without an exception.

    The new file gets the old file's permissions, or the default ones (the
    umask applied) when there was none.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_output(folder / "a.txt") as out:
    ...     _ = out.write("whole")
    >>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('whole', ['a.txt'])
    """
    target = Path(path)
    args = _open_args(binary=binary, newline=newline, encoding=encoding)
    if is_special(target):
        with _named(target), open(target, **args) as handle:
            yield handle
        return
    with _named(target):
        target = target.resolve()  # a symbolic link keeps pointing at the new file
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode_of(target))
    try:
        with _named(Path(path)), os.fdopen(fd, **args) as handle:
            yield handle
        with _named(Path(path)):
            os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_of(target: Path) -> int:
    """The existing file's permission bits, or 0o666 (the umask then applies)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666


@contextlib.contextmanager
def _named(path: Path) -> Iterator[None]:
    """Re-raise an OSError so that it names ``path`` (not a temporary file)."""
    try:
        yield
    except OSError as err:
        if err.filename == str(path):
            raise
        raise type(err)(err.errno, err.strerror or str(err), str(path)) from err


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` (bytes, or text as UTF-8) to ``path`` through :func:`atomic_output`."""
    binary = isinstance(data, bytes | bytearray | memoryview)
    with atomic_output(path, binary=binary, newline="" if not binary else None) as handle:
        handle.write(data)
