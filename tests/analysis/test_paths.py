"""Hostile paths: zip bombs, escaping zip members, entry counts, folders outside the roots."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from analysis.corpus import Limits, load_corpus
from analysis.paths import resolve_allowed

MB = 1024 * 1024


def _reasons(result) -> dict[str, str]:
    return dict(zip(result.skipped["path"], result.skipped["reason"], strict=True))


def _zeros_zip(path: Path, name: str, size: int) -> None:
    """A zip whose one member is ``size`` zero bytes (deflated to about size/1000)."""
    chunk = bytes(MB)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open(name, "w", force_zip64=size >= 4096 * MB) as fh,
    ):
        for _ in range(size // MB):
            fh.write(chunk)


# -------------------------------------------------------------- zip bombs


def test_zip_bomb_by_total_size_is_refused_unread(tmp_path):
    bomb = tmp_path / "bomb.zip"
    _zeros_zip(bomb, "zeros.txt", 64 * MB)
    assert bomb.stat().st_size < MB
    tracemalloc.start()
    result = load_corpus(bomb, limits=Limits(max_zip_uncompressed_bytes=32 * MB))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.documents.empty
    assert _reasons(result) == {
        str(bomb): "zip expands to 67,108,864 bytes, over the 33,554,432 limit"
    }
    assert peak < 8 * MB


def test_zip_bomb_by_ratio_is_refused(tmp_path):
    bomb = tmp_path / "bomb.zip"
    _zeros_zip(bomb, "zeros.txt", 24 * MB)  # ratio ~1000 on an entry over 10 MB
    result = load_corpus(bomb, limits=Limits(max_document_bytes=64 * MB))
    assert _reasons(result) == {
        f"{bomb}!zeros.txt": "entry compression ratio is suspicious (zip bomb)"
    }


def test_oversized_member_is_refused_by_its_declared_size(tmp_path):
    bomb = tmp_path / "bomb.zip"
    _zeros_zip(bomb, "zeros.txt", 24 * MB)
    result = load_corpus(bomb)  # default limits: 20 MiB per document
    assert _reasons(result) == {
        f"{bomb}!zeros.txt": "entry is 25,165,824 bytes, over the 20,971,520-byte limit"
    }


def test_member_lying_about_its_size_is_not_expanded(tmp_path):
    # the headers claim 100 bytes; the deflated stream holds 16 MiB of zeros
    bomb = tmp_path / "liar.zip"
    _zeros_zip(bomb, "zeros.txt", 16 * MB)
    data = bytearray(bomb.read_bytes())
    fake = (100).to_bytes(4, "little")
    local, central = data.find(b"PK\x03\x04"), data.rfind(b"PK\x01\x02")
    assert local == 0 and central > 0
    data[local + 22 : local + 26] = fake  # local header: uncompressed size
    data[central + 24 : central + 28] = fake  # central directory: uncompressed size
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        assert zf.infolist()[0].file_size == 100
    bomb.write_bytes(bytes(data))
    tracemalloc.start()
    result = load_corpus(bomb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.documents.empty
    assert len(result.skipped) == 1
    assert result.skipped["reason"].iloc[0].startswith(("cannot read zip entry", "not a readable"))
    assert peak < 8 * MB


def test_nested_zips_stop_at_the_depth_limit(tmp_path):
    data = b"Innermost text."
    for level in range(4):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("a.txt" if level == 0 else f"level{level}.zip", data)
        data = buf.getvalue()
    (tmp_path / "nest.zip").write_bytes(data)
    result = load_corpus(tmp_path / "nest.zip")  # max_zip_depth=2
    assert result.documents.empty
    reasons = _reasons(result)
    assert list(reasons.values()) == ["zip nested deeper than 2 levels"]
    assert next(iter(reasons)) == f"{tmp_path / 'nest.zip'}!level3.zip!level2.zip"


def test_entry_count_limit(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(11):
            zf.writestr(f"d{i}.txt", f"Document {i}.")
    (tmp_path / "many.zip").write_bytes(buf.getvalue())
    refused = load_corpus(tmp_path / "many.zip", limits=Limits(max_zip_entries=10))
    assert _reasons(refused) == {
        str(tmp_path / "many.zip"): "zip has 11 entries, over the 10 limit"
    }
    accepted = load_corpus(tmp_path / "many.zip", limits=Limits(max_zip_entries=11))
    assert len(accepted.documents) == 11


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "a/../../evil.txt",
        "/etc/evil.txt",
        "\\evil.txt",
        "C:evil.txt",
        "a\\..\\..\\evil.txt",
    ],
)
def test_member_with_absolute_or_dotdot_path_is_skipped(tmp_path, name):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, "Escaping text.")
        zf.writestr("fine.txt", "Fine text.")
    (tmp_path / "z.zip").write_bytes(buf.getvalue())
    result = load_corpus(tmp_path / "z.zip")
    assert list(result.documents["text"]) == ["Fine text."]
    assert list(result.skipped["reason"]) == ["zip entry has an absolute or '..' path"]


# -------------------------------------------------------------- symlinks in a corpus folder


def test_symlinks_out_of_the_corpus_folder_are_skipped(tmp_path):
    outside = tmp_path / "outside"
    (outside / "d").mkdir(parents=True)
    (outside / "secret.txt").write_text("Secret file.")
    (outside / "d" / "secret2.txt").write_text("Secret folder.")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "ok.txt").write_text("Inside.")
    (root / "leak.txt").symlink_to(outside / "secret.txt")
    (root / "leakdir").symlink_to(outside / "d")
    result = load_corpus(root)
    assert list(result.documents["text"]) == ["Inside."]
    assert _reasons(result) == {
        str(root / "leak.txt"): "symlink points outside the corpus folder",
        str(root / "leakdir"): "symlinked folder not followed",
    }


# -------------------------------------------------------------- allowed roots


@pytest.fixture
def roots(tmp_path):
    allowed = tmp_path / "allowed"
    (allowed / "news").mkdir(parents=True)
    (allowed / "news" / "a.txt").write_text("A.")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.txt").write_text("S.")
    (tmp_path / "allowed-sibling").mkdir()
    return allowed, tmp_path


def test_paths_inside_a_root_resolve(roots):
    allowed, _ = roots
    assert resolve_allowed(allowed / "news", [allowed]) == (allowed / "news").resolve()
    assert resolve_allowed("news/a.txt", [allowed]) == (allowed / "news" / "a.txt").resolve()
    assert resolve_allowed(str(allowed), [allowed]) == allowed.resolve()
    assert resolve_allowed(f"{allowed}/news/../news", [allowed]) == (allowed / "news").resolve()


@pytest.mark.parametrize(
    "attempt",
    [
        "/etc/passwd",
        "/etc",
        "/",
        "../..",
        "../private/secret.txt",
        "news/../../private",
        "{tmp}/allowed-sibling",
        "{tmp}/allowed/../private/secret.txt",
    ],
)
def test_paths_outside_every_root_are_refused(roots, attempt):
    allowed, tmp = roots
    with pytest.raises(ValueError, match="outside the allowed folders"):
        resolve_allowed(attempt.format(tmp=tmp), [allowed])


def test_symlinks_out_of_a_root_are_refused(roots):
    allowed, tmp = roots
    (allowed / "passwd").symlink_to("/etc/passwd")
    (allowed / "private").symlink_to(tmp / "private")
    for attempt in ("passwd", "private", "private/secret.txt", allowed / "private"):
        with pytest.raises(ValueError, match="outside the allowed folders"):
            resolve_allowed(attempt, [allowed])


def test_a_symlinked_root_and_links_within_it_are_allowed(roots):
    allowed, tmp = roots
    (tmp / "alias").symlink_to(allowed)
    (allowed / "latest").symlink_to(allowed / "news")
    assert resolve_allowed(tmp / "alias" / "news", [tmp / "alias"]) == (allowed / "news").resolve()
    assert resolve_allowed("latest", [allowed]) == (allowed / "news").resolve()


def test_refusals_do_not_reveal_whether_an_outside_path_exists(roots):
    allowed, tmp = roots
    messages = []
    for attempt in (tmp / "private" / "secret.txt", tmp / "private" / "missing.txt"):
        with pytest.raises(ValueError) as info:
            resolve_allowed(attempt, [allowed])
        messages.append(str(info.value).replace(str(attempt), "<path>"))
    assert messages[0] == messages[1]


def test_missing_empty_and_odd_inputs(roots):
    allowed, _ = roots
    with pytest.raises(ValueError, match="not found"):
        resolve_allowed("news/missing.txt", [allowed])
    with pytest.raises(ValueError, match="allowed no folders"):
        resolve_allowed(allowed, [])
    with pytest.raises(ValueError, match="no path given"):
        resolve_allowed("  ", [allowed])
    with pytest.raises(ValueError, match="NUL"):
        resolve_allowed("news\x00/../../etc", [allowed])


def test_any_of_several_roots(roots):
    allowed, tmp = roots
    other = tmp / "private"
    assert (
        resolve_allowed(other / "secret.txt", [allowed, other]) == (other / "secret.txt").resolve()
    )
    assert os.fspath(resolve_allowed("news", [allowed, other])).endswith("allowed/news")


# -------------------------------------------------------------- odd entries in a folder


def test_dangling_and_looping_symlinks_and_fifos_are_skipped_not_raised(tmp_path):
    (tmp_path / "good.txt").write_text("Good text.")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block for ever
    result = load_corpus(tmp_path)
    assert list(result.documents["text"]) == ["Good text."]
    reasons = _reasons(result)
    assert reasons[str(tmp_path / "dangling.txt")].startswith("cannot read file")
    assert reasons[str(tmp_path / "loop.txt")].startswith("cannot read file")
    assert reasons[str(tmp_path / "pipe.txt")] == "not a regular file"


def test_a_fifo_named_like_a_manifest_does_not_block(tmp_path):
    (tmp_path / "a.txt").write_text("Text.")
    os.mkfifo(tmp_path / "metadata.csv")
    result = load_corpus(tmp_path)
    assert list(result.documents["text"]) == ["Text."]
    assert _reasons(result) == {str(tmp_path / "metadata.csv"): "not a regular file"}
