"""Uploaded corpus files: limits, checks and the per-upload folder under the cache dir.

No Streamlit here: the Corpus page passes (name, bytes) pairs in and gets back an
upload reference (``upload-<hash>``) that :func:`ui.config.resolve_ref` opens. The
folder name is a hash of the files, so uploading the same files again reuses the
folder (and the analysis cache reuses its results).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from analysis.corpus import SUPPORTED_SUFFIXES
from ui.config import UPLOAD_PREFIX, uploads_dir

MB = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()+-]+")


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may contain. Operators can change them through the environment."""

    max_files: int = 500
    max_file_bytes: int = 200 * MB
    max_total_bytes: int = 500 * MB

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

        return cls(
            max_files=number("NEWSLENS_UPLOAD_MAX_FILES", default.max_files),
            max_file_bytes=number("NEWSLENS_UPLOAD_MAX_FILE_MB", default.max_file_bytes, MB),
            max_total_bytes=number("NEWSLENS_UPLOAD_MAX_TOTAL_MB", default.max_total_bytes, MB),
        )

    def describe(self) -> str:
        """One line for the page, shown before the uploader."""
        return (
            f"Up to {self.max_files:,} files, {self.max_file_bytes / MB:,.0f} MB per file, "
            f"{self.max_total_bytes / MB:,.0f} MB in total."
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


def upload_id(files: Sequence[tuple[str, bytes]]) -> str:
    """``upload-<hash>`` of the files' safe names and contents (order does not matter)."""
    digest = hashlib.sha256()
    for name, data in sorted((safe_filename(n), hashlib.sha256(d).hexdigest()) for n, d in files):
        digest.update(f"{name}\x1f{data}\n".encode())
    return f"{UPLOAD_PREFIX}{digest.hexdigest()[:20]}"


def save_upload(files: Sequence[tuple[str, bytes]], cache_dir: Path, limits: UploadLimits) -> str:
    """Write ``files`` to their own folder under ``<cache_dir>/uploads``; returns its reference.

    Raises ValueError (with every problem) when the files break ``limits``. The folder
    appears atomically: a half-written upload is never opened.
    """
    problems = check_upload([(n, len(d)) for n, d in files], limits)
    if problems:
        raise ValueError(" ".join(problems))
    ref = upload_id(files)
    parent = uploads_dir(cache_dir)
    final = parent / ref
    if final.is_dir():
        return ref
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-upload-", dir=parent))
    try:
        used: set[str] = set()
        for name, data in files:
            target = _unique(safe_filename(name), used)
            (tmp / target).write_bytes(data)
        try:
            tmp.rename(final)
        except OSError:
            if not final.is_dir():  # not a concurrent identical upload: a real failure
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return ref


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    stem, suffix = Path(name).stem, Path(name).suffix
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    used.add(candidate.lower())
    return candidate
