"""Uploads are streamed with their limits checked on the way, kept under a disk quota and
removed when old (issue 15, uploads)."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from ui import uploads
from ui.uploads import MB, UploadLimits


class CountingStream(io.RawIOBase):
    """A file object of ``size`` bytes that declares no size and counts what is read."""

    def __init__(self, size: int) -> None:
        self.left, self.read_bytes = size, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        self.read_bytes += n
        return b"x" * n


def test_total_limit_is_enforced_while_streaming(tmp_path: Path) -> None:
    limits = UploadLimits(max_file_bytes=100 * MB, max_total_bytes=3 * MB)
    first, second = CountingStream(2 * MB), CountingStream(50 * MB)
    with pytest.raises(ValueError, match="over the 3 MB limit in total"):
        uploads.save_upload([("a.txt", first), ("b.txt", second)], tmp_path, limits)
    assert second.read_bytes <= 2 * MB  # stopped at the first piece past the limit
    assert list((tmp_path / "uploads").iterdir()) == []  # nothing half-written is left


def test_file_limit_is_enforced_while_streaming(tmp_path: Path) -> None:
    limits = UploadLimits(max_file_bytes=1 * MB, max_total_bytes=100 * MB)
    stream = CountingStream(40 * MB)
    with pytest.raises(ValueError, match=r"a\.txt: over the 1 MB limit per file"):
        uploads.save_upload([("a.txt", stream)], tmp_path, limits)
    assert stream.read_bytes <= 2 * MB


def test_streamed_and_in_memory_uploads_get_the_same_reference(tmp_path: Path) -> None:
    limits = UploadLimits()
    data = b"Berlin and Paris." * 1000
    by_bytes = uploads.save_upload([("a.txt", data)], tmp_path, limits)
    by_stream = uploads.save_upload([("a.txt", io.BytesIO(data))], tmp_path / "other", limits)
    assert by_bytes == by_stream and by_bytes.startswith(uploads.UPLOAD_PREFIX)
    other = uploads.save_upload([("a.txt", data + b"!")], tmp_path / "third", limits)
    assert other != by_bytes  # the reference names the contents
    assert (tmp_path / "other" / "uploads" / by_stream / "a.txt").read_bytes() == data


def _age(folder: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(folder, (then, then))


def test_old_uploads_are_removed_at_the_next_upload(tmp_path: Path) -> None:
    limits = UploadLimits(max_age_hours=24)
    old = uploads.save_upload([("old.txt", b"Old news.")], tmp_path, limits)
    recent = uploads.save_upload([("recent.txt", b"Recent news.")], tmp_path, limits)
    stale_tmp = tmp_path / "uploads" / ".tmp-upload-crashed"
    stale_tmp.mkdir()
    _age(tmp_path / "uploads" / old, 25)
    _age(stale_tmp, 2)
    _age(tmp_path / "uploads" / recent, 23)
    new = uploads.save_upload([("new.txt", b"New news.")], tmp_path, limits)
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == sorted([recent, new])


def test_quota_removes_the_oldest_uploads_first(tmp_path: Path) -> None:
    limits = UploadLimits(quota_bytes=int(2.5 * MB))
    refs = []
    for i in range(3):
        refs.append(uploads.save_upload([(f"{i}.txt", bytes([65 + i]) * MB)], tmp_path, limits))
        _age(tmp_path / "uploads" / refs[-1], 3 - i)  # older first
    kept = sorted(p.name for p in (tmp_path / "uploads").iterdir())
    assert kept == sorted(refs[1:])
    assert uploads.folder_bytes(tmp_path / "uploads") <= limits.quota_bytes
    with pytest.raises(ValueError, match="more than the server keeps for uploads"):
        uploads.save_upload(
            [("big.txt", b"z" * (3 * MB))], tmp_path, UploadLimits(quota_bytes=2 * MB)
        )


def test_quota_and_age_come_from_the_environment() -> None:
    limits = UploadLimits.from_env(
        {"NEWSLENS_UPLOAD_QUOTA_MB": "10", "NEWSLENS_UPLOAD_MAX_AGE_HOURS": "1.5"}
    )
    assert limits.quota_bytes == 10 * MB and limits.max_age_hours == 1.5
    defaults = UploadLimits.from_env({"NEWSLENS_UPLOAD_MAX_AGE_HOURS": "-3"})
    assert defaults.max_age_hours == UploadLimits().max_age_hours
    assert "removed after 72 hours" in UploadLimits().describe()
