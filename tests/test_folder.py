"""The transcripts folder: listing, resolving names safely, keeping uploads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from regionmap import folder as transcripts
from regionmap.errors import InputError
from regionmap.folder import check_name, list_transcripts, resolve, safe_name, save


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty transcripts folder, also the default one; a sibling file outside it."""
    root = tmp_path / "transcripts"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("outside the folder")
    monkeypatch.setenv("REGIONMAP_TRANSCRIPTS", str(root))
    monkeypatch.setenv("REGIONMAP_DATA", str(tmp_path / "data"))
    return root


def put(root: Path, name: str, data: str = "Talks in Baku") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data, encoding="utf-8")
    return path


# the folder ---------------------------------------------------------------


def test_the_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("REGIONMAP_TRANSCRIPTS", str(tmp_path / "talks"))
    assert transcripts.transcripts_folder() == tmp_path / "talks"
    monkeypatch.delenv("REGIONMAP_TRANSCRIPTS")
    monkeypatch.setenv("REGIONMAP_DATA", str(tmp_path / "data"))
    assert transcripts.transcripts_folder() == tmp_path / "data" / "transcripts"


def test_the_default_folder_is_in_the_user_data_folder(monkeypatch):
    from platformdirs import user_data_dir

    monkeypatch.delenv("REGIONMAP_TRANSCRIPTS", raising=False)
    monkeypatch.delenv("REGIONMAP_DATA", raising=False)
    expected = Path(user_data_dir("regionmap", appauthor=False)) / "transcripts"
    assert transcripts.transcripts_folder() == expected  # computed, not created


# listing ------------------------------------------------------------------


def test_listing_is_recursive_sorted_and_relative(home):
    for name in ("b.txt", "a.md", "2023/feb/baku.docx", "2023/x.html", "c.HTM", "d.markdown"):
        put(home, name)
    assert list_transcripts() == [
        "2023/feb/baku.docx",
        "2023/x.html",
        "a.md",
        "b.txt",
        "c.HTM",
        "d.markdown",
    ]
    assert all(resolve(name) for name in list_transcripts())


def test_hidden_and_non_transcript_files_are_skipped(home):
    for name in (
        ".draft.txt",
        ".git/notes.txt",
        "a/.cache/x.txt",
        "~$lock.docx",
        "notes.pdf",
        "image.png",
        "noext",
        "txt",
        "kept.txt",
    ):
        put(home, name)
    (home / "folder.txt").mkdir()  # a folder with a transcript's suffix
    os.mkfifo(home / "pipe.txt")  # not a regular file
    assert list_transcripts(home) == ["kept.txt"]


def test_symbolic_links_count_only_inside_the_folder(home, tmp_path):
    put(home, "real/a.txt")
    outside = tmp_path / "elsewhere"
    put(outside, "b.txt")
    (home / "inside.txt").symlink_to(home / "real" / "a.txt")
    (home / "escape.txt").symlink_to(tmp_path / "secret.txt")
    (home / "escape-dir").symlink_to(outside, target_is_directory=True)
    (home / "linked").symlink_to(home / "real", target_is_directory=True)
    (home / "dangling.txt").symlink_to(home / "missing.txt")
    (home / "real" / "loop").symlink_to(home, target_is_directory=True)
    (home / "bin.txt").symlink_to(home / "real")  # a folder, whatever its name says
    listed = ["bin.txt/a.txt", "inside.txt", "linked/a.txt", "real/a.txt"]
    assert list_transcripts(home) == listed


def test_a_missing_folder_or_a_file_lists_nothing(tmp_path):
    assert list_transcripts(tmp_path / "missing") == []
    assert list_transcripts(put(tmp_path, "a.txt")) == []


def test_listing_stops_at_the_limits(home, monkeypatch):
    monkeypatch.setattr(transcripts, "MAX_LISTED", 3)
    for i in range(5):
        put(home, f"{i}.txt")
    assert len(list_transcripts(home)) == 3
    monkeypatch.setattr(transcripts, "MAX_DEPTH", 2)
    put(home, "a/b/c/deep.txt")
    put(home, "a/b/shallow.txt")
    monkeypatch.setattr(transcripts, "MAX_LISTED", 100)
    assert "a/b/shallow.txt" in list_transcripts(home)
    assert "a/b/c/deep.txt" not in list_transcripts(home)


# resolving ----------------------------------------------------------------


def test_resolve_gives_the_file(home):
    path = put(home, "2023/Лавров Баку.txt")
    assert resolve("2023/Лавров Баку.txt") == path.resolve()
    assert resolve("2023/Лавров Баку.txt", home) == path.resolve()


@pytest.mark.parametrize(
    "name",
    [
        "",
        "../secret.txt",
        "../../etc/passwd",
        "a/../../secret.txt",
        "a/../b.txt",  # '..' is refused even when it would stay inside
        "..",
        ".",
        "./b.txt",
        "a//b.txt",
        "b.txt/",
        "/etc/passwd",
        "//etc/hosts.txt",
        str(Path.cwd() / "x.txt"),
        "C:/Windows/win.ini.txt",
        "c:x.txt",
        "..\\secret.txt",
        "a\\..\\..\\secret.txt",
        "b.txt\x00.png",
        "b.txt\n",
        "\u202eb.txt",
        ".hidden.txt",
        "a/.git/b.txt",
        "~$b.docx",
        "b.exe",
        "b",
        "x" * 256 + ".txt",
        "a/" * 600 + "b.txt",
    ],
)
def test_names_that_leave_the_folder_or_are_not_transcripts_are_refused(home, name):
    put(home, "b.txt")
    put(home, "a/b.txt")
    with pytest.raises(InputError):
        check_name(name)
    with pytest.raises(InputError):
        resolve(name)


@pytest.mark.parametrize("name", ["%2e%2e/secret.txt", "．．/secret.txt", "%2e%2e%2fsecret.txt"])
def test_encoded_dots_are_only_names(home, name):
    """Nothing is decoded: these are odd but harmless names of files that do not exist."""
    assert check_name(name) == name
    with pytest.raises(InputError, match="no transcript"):
        resolve(name)


def test_symbolic_links_out_of_the_folder_are_refused(home, tmp_path):
    (home / "escape.txt").symlink_to(tmp_path / "secret.txt")
    (home / "out").symlink_to(tmp_path, target_is_directory=True)
    (home / "loop.txt").symlink_to(home / "loop.txt")
    for name in ("escape.txt", "out/secret.txt"):
        with pytest.raises(InputError, match="outside the transcripts folder"):
            resolve(name)
    with pytest.raises(InputError):
        resolve("loop.txt")


def test_only_existing_regular_files_resolve(home):
    (home / "folder.txt").mkdir()
    os.mkfifo(home / "pipe.txt")
    with pytest.raises(InputError, match="not a transcript file"):
        resolve("folder.txt")
    with pytest.raises(InputError, match="not a transcript file"):
        resolve("pipe.txt")
    with pytest.raises(InputError, match="no transcript"):
        resolve("missing.txt")
    with pytest.raises(InputError, match="does not exist"):
        resolve("a.txt", home / "missing")


def test_a_link_to_a_renamed_target_keeps_the_transcript_suffix(home):
    put(home, "data.bin")
    (home / "a.txt").symlink_to(home / "data.bin")
    with pytest.raises(InputError, match="not a transcript file"):
        resolve("a.txt")


# saving -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("baku.txt", "baku.txt"),
        ("Baku Talks 2023-02-28.DOCX", "Baku Talks 2023-02-28.docx"),
        ("../../etc/passwd", "passwd.txt"),
        ("C:\\Users\\me\\talk.md", "talk.md"),
        ("/abs/path/talk.html", "talk.html"),
        (".bashrc", "bashrc.txt"),
        ("...", "transcript.txt"),
        ("", "transcript.txt"),
        ('a:b*c?d<e>f|g"h.txt', "a_b_c_d_e_f_g_h.txt"),
        ("tab\there\x00.txt", "tab_here_.txt"),
        ("report.pdf", "report.pdf.txt"),
        ("Çavuşoğlu — Bakı.htm", "Çavuşoğlu _ Bakı.htm"),
        ("Cafe\u0301.txt", "Café.txt"),  # composed first (NFC)
        ("~$lock.docx", "__lock.docx"),
        ("name. .txt", "name.txt"),
        ("x" * 300 + ".txt", "x" * 200 + ".txt"),
        ("б" * 300 + ".txt", "б" * 100 + ".txt"),  # 200 bytes of UTF-8
    ],
)
def test_saved_names_are_safe(home, name, expected):
    assert safe_name(name) == expected
    assert check_name(expected) == expected
    saved = save(name, b"Talks in Baku")
    assert saved == expected
    assert (home / saved).read_bytes() == b"Talks in Baku"
    assert resolve(saved) == (home / saved).resolve()


def test_saving_the_same_bytes_again_writes_nothing(home):
    assert save("baku.txt", b"one") == "baku.txt"
    mtime = (home / "baku.txt").stat().st_mtime_ns
    assert save("baku.txt", b"one") == "baku.txt"
    assert save("sub/dir/baku.txt", b"one") == "baku.txt"
    assert (home / "baku.txt").stat().st_mtime_ns == mtime
    assert sorted(p.name for p in home.iterdir()) == ["baku.txt"]


def test_different_bytes_get_a_number_and_nothing_is_overwritten(home):
    assert save("baku.txt", b"one") == "baku.txt"
    assert save("baku.txt", b"two") == "baku (2).txt"
    assert save("baku.txt", b"three!") == "baku (3).txt"
    assert save("baku.txt", b"two") == "baku (2).txt"  # found among the numbered ones
    assert save("baku (2).txt", b"four") == "baku _2_.txt"  # ( and ) are replaced
    contents = {p.name: p.read_bytes() for p in home.iterdir()}
    assert contents == {
        "baku.txt": b"one",
        "baku (2).txt": b"two",
        "baku (3).txt": b"three!",
        "baku _2_.txt": b"four",
    }


def test_save_never_writes_through_a_link_or_into_a_folder(home, tmp_path):
    (home / "baku.txt").symlink_to(tmp_path / "secret.txt")
    (home / "baku (2).txt").mkdir()
    assert save("baku.txt", b"outside the folder") == "baku (3).txt"
    assert (tmp_path / "secret.txt").read_text() == "outside the folder"
    assert (home / "baku.txt").is_symlink()


def test_save_refuses_too_much_data_and_nothing(home, monkeypatch):
    monkeypatch.setattr(transcripts, "DEFAULT_MAX_BYTES", 10)
    assert save("a.txt", b"x" * 10) == "a.txt"
    with pytest.raises(InputError, match="the limit is"):
        save("b.txt", b"x" * 11)
    with pytest.raises(InputError, match="empty"):
        save("c.txt", b"")
    assert sorted(p.name for p in home.iterdir()) == ["a.txt"]


def test_save_creates_the_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("REGIONMAP_TRANSCRIPTS", raising=False)
    monkeypatch.setenv("REGIONMAP_DATA", str(tmp_path / "data"))
    assert save("a.txt", bytearray(b"Talks")) == "a.txt"
    assert (tmp_path / "data" / "transcripts" / "a.txt").read_bytes() == b"Talks"
    assert save("b.txt", b"Talks", tmp_path / "x" / "y") == "b.txt"
    assert list_transcripts(tmp_path / "x" / "y") == ["b.txt"]


def test_save_gives_up_after_many_copies(home, monkeypatch):
    monkeypatch.setattr(transcripts, "MAX_COPIES", 3)
    for data in (b"1", b"2", b"3"):
        save("a.txt", data)
    with pytest.raises(InputError, match="already has 3 files"):
        save("a.txt", b"4")


def test_save_explains_a_folder_it_cannot_create(tmp_path):
    blocker = put(tmp_path, "file")
    with pytest.raises(InputError, match=r"cannot keep 'a\.txt' in the transcripts folder"):
        save("a.txt", b"Talks", blocker / "sub")
