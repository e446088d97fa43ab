"""Uploaded corpus files: limits, checks, a disk quota and the per-upload folder.

No Streamlit here: the Corpus page passes (name, file object or bytes) pairs in and gets
back an upload reference (``upload-<hash>``) that :func:`ui.config.resolve_ref` opens.
The folder name is a hash of the files, so uploading the same files again reuses the
folder (and the analysis cache reuses its results).

Files are copied to disk in 1 MiB pieces while their sizes are counted: an upload is
refused as soon as a file or the total passes its limit, without a second copy of it
in memory. Uploads live under ``<cache>/uploads``; each save first removes uploads older
than ``max_age_hours`` (and half-written ones), then the oldest others while the
folder would exceed ``quota_bytes``. Every setting is in :class:`UploadLimits` (one
place, with its environment variable).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from analysis.corpus import SUPPORTED_SUFFIXES
from ui.config import UPLOAD_PREFIX, uploads_dir

MB = 1024 * 1024
_PIECE = MB  # bytes copied per read while streaming a file to disk
_TMP_PREFIX = ".tmp-upload-"
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()+-]+")


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may contain and how much disk uploads may use, in one place.

    Environment variables (operators): NEWSLENS_UPLOAD_MAX_FILES, _MAX_FILE_MB,
    _MAX_TOTAL_MB (one upload), _QUOTA_MB (all uploads together on disk) and
    _MAX_AGE_HOURS (uploads older than this are removed at the next upload).
    """

    max_files: int = 500
    max_file_bytes: int = 200 * MB
    max_total_bytes: int = 500 * MB
    quota_bytes: int = 2048 * MB
    max_age_hours: float = 72.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> UploadLimits:
        """Limits from NEWSLENS_UPLOAD_MAX_FILES / _MAX_FILE_MB / _MAX_TOTAL_MB (else defaults)."""
        default = cls()

        def number(name: str, fallback: int, scale: int = 1) -> int:
            raw = environ.get(name, "").strip()
            try:
                value = int(float(raw) * scale) if raw else fallback
            except ValueError:
                return fallback
            return value if value > 0 else fallback

        age = environ.get("NEWSLENS_UPLOAD_MAX_AGE_HOURS", "").strip()
        try:
            max_age = float(age) if age else default.max_age_hours
        except ValueError:
            max_age = default.max_age_hours
        return cls(
            max_files=number("NEWSLENS_UPLOAD_MAX_FILES", default.max_files),
            max_file_bytes=number("NEWSLENS_UPLOAD_MAX_FILE_MB", default.max_file_bytes, MB),
            max_total_bytes=number("NEWSLENS_UPLOAD_MAX_TOTAL_MB", default.max_total_bytes, MB),
            quota_bytes=number("NEWSLENS_UPLOAD_QUOTA_MB", default.quota_bytes, MB),
            max_age_hours=max_age if max_age > 0 else default.max_age_hours,
        )

    def describe(self) -> str:
        """One line for the page, shown before the uploader."""
        return (
            f"Up to {self.max_files:,} files, {self.max_file_bytes / MB:,.0f} MB per file, "
            f"{self.max_total_bytes / MB:,.0f} MB in total. Uploads are removed after "
            f"{self.max_age_hours:,.0f} hours."
        )


def accepted_types() -> list[str]:
    """File types the core reads (for st.file_uploader's ``type``), without dots."""
    return sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES)


def safe_filename(name: str) -> str:
    """A plain file name for an uploaded ``name``: no folders, no hidden files, no odd chars."""
    base = PureWindowsPath(PurePosixPath(name).name).name  # strip either kind of folder
    base = _UNSAFE.sub("_", base).strip(" .")
    if not base:
        base = "file"
    if base.startswith("."):
        base = "_" + base
    return base[:150]


def check_upload(files: Sequence[tuple[str, int]], limits: UploadLimits) -> list[str]:
    """Why ``files`` (name, size in bytes) may not be uploaded: one message per problem."""
    problems = []
    if not files:
        problems.append("No files were chosen.")
    if len(files) > limits.max_files:
        problems.append(f"{len(files):,} files chosen; at most {limits.max_files:,} are allowed.")
    for name, size in files:
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            problems.append(
                f"{name}: unsupported file type (choose {', '.join(accepted_types())})."
            )
        if size > limits.max_file_bytes:
            problems.append(
                f"{name}: {size / MB:,.1f} MB is over the {limits.max_file_bytes / MB:,.0f} MB "
                "limit per file."
            )
    total = sum(size for _, size in files)
    if total > limits.max_total_bytes:
        problems.append(
            f"{total / MB:,.1f} MB in total is over the "
            f"{limits.max_total_bytes / MB:,.0f} MB limit."
        )
    return problems


def _ref_of(named_digests: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for name, data in sorted(named_digests):
        digest.update(f"{name}\x1f{data}\n".encode())
    return f"{UPLOAD_PREFIX}{digest.hexdigest()[:20]}"


Upload = tuple[str, bytes | BinaryIO]


def save_upload(files: Sequence[Upload], cache_dir: Path, limits: UploadLimits) -> str:
    """Write ``files`` to their own folder under ``<cache_dir>/uploads``; returns its reference.

    ``files`` are (name, bytes or a binary file object such as Streamlit's UploadedFile).
    Raises ValueError (with every problem) when the files break ``limits``: checked on
    the declared sizes first, then on the bytes actually read, stopping at the first
    piece past a limit. Old uploads are cleaned up first (:func:`clean_uploads`). The
    folder appears atomically: a half-written upload is never opened.
    """
    problems = check_upload([(n, _declared_size(d)) for n, d in files], limits)
    if problems:
        raise ValueError(" ".join(problems))
    parent = uploads_dir(cache_dir)
    parent.mkdir(parents=True, exist_ok=True)
    clean_uploads(cache_dir, limits)
    tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=parent))
    try:
        digests = _write_files(files, tmp, limits)
        ref = _ref_of(digests)
        final = parent / ref
        if final.is_dir():
            return ref
        _make_room(parent, folder_bytes(tmp), limits)
        try:
            tmp.rename(final)
        except OSError:
            if not final.is_dir():  # not a concurrent identical upload: a real failure
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return ref


def _declared_size(data: bytes | BinaryIO) -> int:
    if isinstance(data, bytes | bytearray):
        return len(data)
    size = getattr(data, "size", None)  # Streamlit's UploadedFile
    return int(size) if isinstance(size, int) else 0


def _write_files(
    files: Sequence[Upload], folder: Path, limits: UploadLimits
) -> list[tuple[str, str]]:
    """Stream each file into ``folder``; (safe name, sha256) per file. ValueError past a limit."""
    used: set[str] = set()
    digests: list[tuple[str, str]] = []
    total = 0
    for name, data in files:
        stream: BinaryIO = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
        if getattr(stream, "seekable", lambda: False)():
            stream.seek(0)  # a Streamlit UploadedFile may have been read already
        digest, size = hashlib.sha256(), 0
        with open(folder / _unique(safe_filename(name), used), "wb") as out:
            while piece := stream.read(_PIECE):
                size += len(piece)
                total += len(piece)
                if size > limits.max_file_bytes:
                    raise ValueError(
                        f"{name}: over the {limits.max_file_bytes / MB:,.0f} MB limit per file."
                    )
                if total > limits.max_total_bytes:
                    raise ValueError(
                        f"The files are over the {limits.max_total_bytes / MB:,.0f} MB limit "
                        "in total."
                    )
                digest.update(piece)
                out.write(piece)
        digests.append((safe_filename(name), digest.hexdigest()))
    return digests


def folder_bytes(folder: Path) -> int:
    """Bytes of the regular files under ``folder`` (0 when it is gone)."""
    total = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
        except OSError:
            continue
    return total


def clean_uploads(cache_dir: Path, limits: UploadLimits, *, now: float | None = None) -> list[str]:
    """Remove uploads older than ``limits.max_age_hours`` and half-written ones older than
    an hour; returns the names removed. Age is the time since the upload was saved."""
    parent = uploads_dir(cache_dir)
    now = time.time() if now is None else now
    removed = []
    for folder in _upload_folders(parent):
        try:
            age = now - folder.stat().st_mtime
        except OSError:
            continue
        limit = 3600 if folder.name.startswith(_TMP_PREFIX) else limits.max_age_hours * 3600
        if age > limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def _make_room(parent: Path, incoming: int, limits: UploadLimits) -> None:
    """Remove the oldest finished uploads until ``incoming`` more bytes fit the quota."""
    if incoming > limits.quota_bytes:
        raise ValueError(
            f"{incoming / MB:,.1f} MB is more than the server keeps for uploads "
            f"({limits.quota_bytes / MB:,.0f} MB)."
        )
    done = [f for f in _upload_folders(parent) if not f.name.startswith(_TMP_PREFIX)]
    sizes = {f: folder_bytes(f) for f in done}
    used = sum(sizes.values())
    for folder in sorted(done, key=lambda f: f.stat().st_mtime):
        if used + incoming <= limits.quota_bytes:
            break
        shutil.rmtree(folder, ignore_errors=True)
        used -= sizes[folder]


def _upload_folders(parent: Path) -> list[Path]:
    if not parent.is_dir():
        return []
    return [p for p in parent.iterdir() if p.is_dir() and not p.is_symlink()]


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    stem, suffix = Path(name).stem, Path(name).suffix
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    used.add(candidate.lower())
    return candidate
