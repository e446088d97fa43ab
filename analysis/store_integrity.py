"""Checksums of the cache: every cache file is verified against a hash recorded when it
was written, so a damaged file is detected, reported and rebuilt, never read as numbers.

Each published cache folder (a segment or a corpus snapshot) holds ``meta.json``, written
last, whose ``files`` entry maps every other file of the folder to its SHA-256 and size.
Readers load a file's bytes once, compare the hash, and only then parse the Parquet from
those same bytes, so a file cannot change between the check and the parse.

Parquet has page CRCs, but pyarrow does not verify them by default, they do not cover
the footer (schema, statistics) and a flip can leave a file that parses into different
numbers; a whole-file hash covers every byte, which is the guarantee we want.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

META = "meta.json"
LOG = logging.getLogger("newslens.store")


class CorruptCacheError(OSError):
    """A cache folder whose files do not match its recorded hashes (or cannot be read).

    ``folder`` is the damaged segment or snapshot folder; ``reason`` says what is wrong.
    The build catches it, reports it once, removes the folder and rebuilds its contents
    from the source documents.
    """

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"cache folder {folder.name} is damaged: {reason}")
        self.folder = Path(folder)
        self.reason = reason


def digest(data: bytes) -> str:
    """SHA-256 hex digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` encoded as a cache's Parquet file (zstd, no index), for
    :func:`write_bytes`."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def write_bytes(
    data: bytes, path: Path, *, together: FsyncTogether | None = None
) -> dict[str, object]:
    """Write ``data`` to ``path`` with fsync; returns its {sha256, bytes} record. With
    ``together``, the file stays open and is fsynced later with the others
    (:meth:`FsyncTogether.sync`)."""
    with contextlib.ExitStack() as own:
        fh = together.open_kept(path) if together else own.enter_context(open(path, "wb"))
        fh.write(data)
        fh.flush()
        if together is None:
            os.fsync(fh.fileno())
    return {"sha256": digest(data), "bytes": len(data)}


class FsyncTogether:
    """Files written now and fsynced all at once by :meth:`sync` (a thread each, joined
    before it returns), each through the handle that wrote it. A context manager: every
    handle is closed on leaving it, on every path.

    Each fsync waits for the disk (3-6 ms each on the 2-core test machine, more under
    load): a segment's files and meta.json fsynced one after the other made a build worker
    wait about 30 ms per segment with its CPU idle, 28 segments in a 1,000-document build.
    Issued together, the file system commits them in one journal flush or a few (about
    4-10 ms per segment). The caller publishes the folder only after :meth:`sync` returns,
    so every byte is on disk before the rename. The handles that wrote the data are the
    ones fsynced (not files opened again), so a writeback error reaches the writer on any
    kernel. The threads end in :meth:`sync`: a process that forks workers afterwards runs
    no other thread (analysis.pool.can_fork).
    """

    def __init__(self) -> None:
        self._stack = contextlib.ExitStack()
        self._handles: list[IO[bytes]] = []

    def __enter__(self) -> FsyncTogether:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def open_kept(self, path: Path) -> IO[bytes]:
        """``path`` opened for writing (binary), kept open until the context ends."""
        handle = self._stack.enter_context(open(path, "wb"))  # noqa: SIM115 (closed in __exit__)
        self._handles.append(handle)
        return handle

    def sync(self, *also: Callable[[], None]) -> None:
        """fsync every file opened here and run ``also`` (e.g. the fsync of the folder
        holding them), all at once; raises the first error (an fsync's OSError)."""
        from concurrent.futures import ThreadPoolExecutor

        jobs = [functools.partial(os.fsync, handle.fileno()) for handle in self._handles]
        jobs += also
        if len(jobs) <= 1:
            for job in jobs:
                job()
            return
        with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="newslens-fsync") as pool:
            list(pool.map(_run, jobs))  # list(): re-raises a thread's error here


def _run(job: Callable[[], None]) -> None:
    job()


def _canonical(payload: dict) -> bytes:
    body = {k: v for k, v in payload.items() if k != "checksum"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def write_meta(
    folder: Path,
    files: dict[str, dict[str, object]],
    extra: dict,
    *,
    together: FsyncTogether | None = None,
) -> None:
    """Write ``meta.json`` (the folder's completion mark) with the files' hashes, with
    fsync (with ``together``: fsynced later with the others, :meth:`FsyncTogether.sync`).

    meta.json carries a hash of its own content too, so that no byte of a cache folder
    can change unnoticed.
    """
    payload = {**extra, "files": files}
    payload["checksum"] = digest(_canonical(payload))
    data = json.dumps(payload, indent=2, sort_keys=True).encode("utf-8")
    write_bytes(data, folder / META, together=together)


def read_meta(folder: Path) -> dict:
    """The folder's meta dict; raises CorruptCacheError when missing or unreadable."""
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorruptCacheError(folder, f"{META} is missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptCacheError(folder, f"{META} is unreadable ({exc})") from None
    if not isinstance(meta, dict) or meta.get("checksum") != digest(_canonical(meta)):
        raise CorruptCacheError(folder, f"{META} does not match its own checksum")
    files = meta.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("sha256"), str) for v in files.values()
    ):
        raise CorruptCacheError(folder, f"{META} has no valid file hashes")
    return meta


def read_verified(
    folder: Path, name: str, meta: dict, columns: list[str] | None = None
) -> pd.DataFrame:
    """Read ``folder/name`` as a DataFrame after checking its bytes against ``meta``.

    Raises CorruptCacheError for a file that is missing, not listed, of another size or
    hash, or that does not parse.
    """
    record = meta["files"].get(name)
    if record is None:
        raise CorruptCacheError(folder, f"{name} is not listed in {META}")
    try:
        data = (folder / name).read_bytes()
    except OSError as exc:
        raise CorruptCacheError(folder, f"{name} cannot be read ({exc.strerror})") from None
    if len(data) != record.get("bytes", len(data)) or digest(data) != record["sha256"]:
        raise CorruptCacheError(folder, f"{name} does not match its recorded checksum")
    try:
        table = pq.read_table(pa.BufferReader(data), columns=columns)
        return table.to_pandas()
    except (pa.ArrowException, ValueError, OSError) as exc:  # hash matched: a writer bug
        raise CorruptCacheError(folder, f"{name} does not parse ({exc})") from None


def verify_folder(folder: Path) -> dict:
    """Check every file listed in ``folder``'s meta; returns the meta or raises."""
    meta = read_meta(folder)
    for name, record in meta["files"].items():
        try:
            data = (folder / name).read_bytes()
        except OSError:
            raise CorruptCacheError(folder, f"{name} is missing") from None
        if digest(data) != record["sha256"]:
            raise CorruptCacheError(folder, f"{name} does not match its recorded checksum")
    return meta


def report(error: CorruptCacheError, repairs: list[str] | None) -> None:
    """Report a damaged cache folder once: to the log and to the build's repair list."""
    message = f"{error}; removed it and rebuilt its results from the source documents"
    LOG.warning("warning: %s", message)
    if repairs is not None:
        repairs.append(message)
