"""The transcripts folder: transcript files the app can list and a link can name.

The folder is ``REGIONMAP_TRANSCRIPTS`` when that is set, else ``transcripts``
in the user data folder (``REGIONMAP_DATA``, or the platform's one, as for the
corrections). A transcript in it is named by its path relative to the folder,
with ``/`` between folders (``"2023/baku.txt"``): :func:`check_name` says which
names are acceptable, :func:`resolve` turns one into the file, refusing
anything that would leave the folder, and :func:`save` keeps an uploaded
transcript there under a safe name.

Hidden files and folders (a name starting with ``.``) and Office's lock files
(``~$…``) are not transcripts; a symbolic link counts only when it points
inside the folder.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from regionmap.errors import InputError
from regionmap.files import write_atomic
from regionmap.read.decode import DEFAULT_MAX_BYTES
from regionmap.resources import data_dir

__all__ = [
    "SUFFIXES",
    "check_name",
    "list_transcripts",
    "resolve",
    "save",
    "transcripts_folder",
]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")
MAX_PART = 255  # characters in one file or folder name
MAX_NAME = 1024  # characters in a whole relative name
MAX_DEPTH = 16  # folders below the transcripts folder that are listed
MAX_LISTED = 10_000  # files listed at most (a folder set to "/" stays quick)
MAX_COPIES = 999  # "name (2).txt" … "name (999).txt"
_STEM_BYTES = 200  # a saved name's stem, in UTF-8 bytes (file systems allow 255)
_DRIVE = re.compile(r"[A-Za-z]:")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # can disguise a name


def transcripts_folder() -> Path:
    """The transcripts folder (``REGIONMAP_TRANSCRIPTS`` overrides it; it may not exist yet).

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"REGIONMAP_TRANSCRIPTS": "/srv/talks"}):
    ...     str(transcripts_folder())
    '/srv/talks'
    """
    override = os.environ.get("REGIONMAP_TRANSCRIPTS")
    if override:
        return Path(override)
    return data_dir() / "transcripts"


def _has_suffix(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def _hidden(part: str) -> bool:
    return part.startswith((".", "~$"))


def _check_part(part: str, shown: str) -> None:
    if part == "..":
        raise InputError(f"{shown} goes up out of the transcripts folder")
    if part in ("", "."):
        raise InputError(f"{shown} has an empty or '.' part")
    if len(part) > MAX_PART:
        raise InputError(f"{shown} has a name longer than {MAX_PART} characters")
    if _hidden(part):
        raise InputError(f"{shown} names a hidden file or folder")


def check_name(name: str) -> str:
    """``name`` when it is an acceptable name of a transcript in the folder, else
    :class:`InputError`. The file system is not looked at.

    Examples
    --------
    >>> check_name("2023/baku.txt")
    '2023/baku.txt'
    >>> check_name("../../etc/passwd")
    Traceback (most recent call last):
    ...
    regionmap.errors.InputError: '../../etc/passwd' goes up out of the transcripts folder
    """
    if not isinstance(name, str) or not name:
        raise InputError("give the name of a transcript in the transcripts folder")
    shown = repr(name if len(name) <= 60 else name[:60] + "…")
    if len(name) > MAX_NAME:
        raise InputError(f"{shown} is longer than {MAX_NAME} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI for ch in name):
        raise InputError(f"{shown} contains control characters")
    if "\\" in name:
        raise InputError(f"{shown} contains a backslash; separate folders with /")
    if name.startswith("/") or _DRIVE.match(name):
        raise InputError(f"{shown} is not relative to the transcripts folder")
    for part in name.split("/"):
        _check_part(part, shown)
    if not _has_suffix(name):
        raise InputError(f"{shown} is not a transcript ({', '.join(SUFFIXES)})")
    return name


def _checked(root: Path, name: str) -> Path:
    """The regular file ``name`` (already checked) stands for under ``root`` (resolved)."""
    shown = repr(name if len(name) <= 60 else name[:60] + "…")
    try:
        target = (root / name).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        raise InputError(f"{shown} cannot be opened") from None
    if target == root or not target.is_relative_to(root):
        raise InputError(f"{shown} points outside the transcripts folder")
    try:
        mode = target.stat().st_mode
    except OSError:
        raise InputError(f"there is no transcript {shown} in the transcripts folder") from None
    if not stat.S_ISREG(mode) or not _has_suffix(target.name):
        raise InputError(f"{shown} is not a transcript file")
    return target


def resolve(name: str, folder: Path | None = None) -> Path:
    """The file of the transcript ``name`` (relative to ``folder``, by default
    :func:`transcripts_folder`), with symbolic links resolved.

    Raises :class:`InputError` for a name that is not acceptable (see
    :func:`check_name`), that leads outside the folder (through ``..`` or a
    symbolic link) or that is not an existing regular transcript file.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Talks in Baku")
    >>> resolve("a.txt", folder) == (folder / "a.txt").resolve()
    True
    >>> resolve("/etc/passwd", folder)
    Traceback (most recent call last):
    ...
    regionmap.errors.InputError: '/etc/passwd' is not relative to the transcripts folder
    """
    name = check_name(name)
    base = transcripts_folder() if folder is None else Path(folder)
    try:
        root = base.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError("the transcripts folder does not exist") from None
    return _checked(root, name)


def list_transcripts(folder: Path | None = None) -> list[str]:
    """The names of the transcripts in ``folder`` (by default :func:`transcripts_folder`):
    relative POSIX paths, sorted; ``[]`` when the folder does not exist.

    Every name listed is one :func:`resolve` accepts. At most
    ``MAX_LISTED`` files are listed, from at most ``MAX_DEPTH`` folders down.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "2023").mkdir()
    >>> for name in ("2023/baku.docx", "a.txt", ".draft.txt", "notes.pdf"):
    ...     _ = (folder / name).write_bytes(b"x")
    >>> list_transcripts(folder)
    ['2023/baku.docx', 'a.txt']
    >>> list_transcripts(folder / "missing")
    []
    """
    base = transcripts_folder() if folder is None else Path(folder)
    try:
        root = base.resolve(strict=True)
    except (OSError, RuntimeError):
        return []
    if not root.is_dir():
        return []
    found: list[str] = []
    _walk(root, root, "", frozenset({root}), found)
    return sorted(found)


def _walk(root: Path, here: Path, prefix: str, above: frozenset[Path], found: list[str]) -> None:
    """Add to ``found`` the transcripts below ``here`` (``prefix`` is its relative name)."""
    try:
        entries = sorted(os.scandir(here), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if len(found) >= MAX_LISTED:
            return
        name = prefix + entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            _walk_into(root, Path(entry.path), name, above, found)
            continue
        try:
            _checked(root, check_name(name))
        except InputError:
            continue
        found.append(name)


def _walk_into(root: Path, path: Path, name: str, above: frozenset[Path], found: list[str]) -> None:
    if _hidden(path.name) or name.count("/") >= MAX_DEPTH:
        return
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        return
    if real in above or not real.is_relative_to(root):
        return  # a loop, or a symbolic link out of the folder
    _walk(root, path, name + "/", above | {real}, found)


def _safe_stem_and_suffix(name: str) -> tuple[str, str]:
    base = re.split(r"[/\\]", str(name or ""))[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in base)
    stem, dot, suffix = base.rpartition(".")
    if dot and _has_suffix(dot + suffix):
        suffix = "." + suffix.lower()
    else:
        stem, suffix = base, ".txt"
    stem = stem.lstrip(". ").rstrip(". ")
    while len(stem.encode("utf-8")) > _STEM_BYTES:
        stem = stem[:-1].rstrip(". ")
    return stem or "transcript", suffix


def safe_name(name: str) -> str:
    """The file name :func:`save` starts from for an upload called ``name``.

    Examples
    --------
    >>> safe_name("C:\\\\Users\\\\me\\\\Lavrov: Baku?.TXT")
    'Lavrov_ Baku_.txt'
    >>> safe_name("../../.bashrc"), safe_name("Встреча в Баку.docx"), safe_name("")
    ('bashrc.txt', 'Встреча в Баку.docx', 'transcript.txt')
    """
    stem, suffix = _safe_stem_and_suffix(name)
    return stem + suffix


def save(name: str, data: bytes, folder: Path | None = None) -> str:
    """Keep an uploaded transcript in ``folder`` (by default :func:`transcripts_folder`,
    created if needed) and return its name there.

    The file name is :func:`safe_name` of ``name``; a different file already
    there is never replaced: the new one becomes ``name (2).txt``,
    ``name (3).txt``…, unless one of those already holds the same bytes, whose
    name is then returned and nothing is written.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> save("baku.txt", b"Talks in Baku", folder), save("baku.txt", b"Talks in Baku", folder)
    ('baku.txt', 'baku.txt')
    >>> save("baku.txt", b"Talks in Yerevan", folder)
    'baku (2).txt'
    """
    data = bytes(data)
    if not data:
        raise InputError("the transcript is empty; there is nothing to keep")
    if len(data) > DEFAULT_MAX_BYTES:
        raise InputError(
            f"the transcript is {len(data) / 1e6:.1f} MB; "
            f"the limit is {DEFAULT_MAX_BYTES / 1e6:.0f} MB"
        )
    stem, suffix = _safe_stem_and_suffix(name)
    base = transcripts_folder() if folder is None else Path(folder)
    try:
        base.mkdir(parents=True, exist_ok=True)
        for n in range(1, MAX_COPIES + 1):
            candidate = stem + (f" ({n})" if n > 1 else "") + suffix
            path = base / candidate
            try:
                info = path.lstat()
            except FileNotFoundError:
                write_atomic(path, data)
                return candidate
            same_size = stat.S_ISREG(info.st_mode) and info.st_size == len(data)
            if same_size and path.read_bytes() == data:
                return candidate
    except OSError as err:
        raise InputError(
            f"cannot keep {stem + suffix!r} in the transcripts folder: {err.strerror or err}"
        ) from None
    raise InputError(f"the transcripts folder already has {MAX_COPIES} files named {stem!r}")
