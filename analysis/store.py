"""The Parquet cache: per-document NLP results in segments, per-corpus tables in snapshots.

Layout under the cache folder (default ``.newslens-cache/``)::

    <model-slug>-<analysis version>/
        build.lock                      one builder at a time (filelock)
        segments/<segment id>/          results of one batch of documents
            keys.parquet                doc_key -> doc_id
            sentences.parquet mentions.parquet events.parquet
        corpora/<corpus key>/           every table of one corpus, ready to serve
            <table>.parquet ... meta.json

A document's results are keyed by ``doc_key`` = hash(content hash, date, model, analysis
version): a rebuild processes only documents whose key no segment holds. Every folder is
written under a temporary name and renamed into place, so a build killed at any moment
(even SIGKILL) leaves only complete segments and snapshots; the next build reuses the
completed segments and finishes the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import schema

DEFAULT_CACHE = Path(".newslens-cache")
CACHE_ENV = "NEWSLENS_CACHE"
_TMP_PREFIX = ".tmp-"
# Modules that present or schedule results without changing them: editing them must not
# invalidate the cache (tests/analysis/test_distributed.py proves the engines agree).
_NOT_SHAPING_RESULTS = frozenset(
    {"__main__.py", "summary.py", "exports.py", "report.py", "distributed.py"}
)


def default_cache_dir() -> Path:
    """$NEWSLENS_CACHE when set, else .newslens-cache in the working folder."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE)


def analysis_version() -> str:
    """A short hash of the analysis code and data that shape the cached results.

    Any change to the rules invalidates the cache by itself, so a user never sees
    results computed by older rules.
    """
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".json", ".csv", ".txt", ".tsv"} and "charts" not in path.parts:
            if path.name in _NOT_SHAPING_RESULTS:
                continue
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def model_dir(cache_dir: Path, model: str, version: str | None = None) -> Path:
    """The folder holding results of ``model`` ('<package> <version>') for this code."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model).strip("_")
    return Path(cache_dir) / f"{slug}-{version or analysis_version()}"


def doc_key(doc_id: str, date: str | None, model: str) -> str:
    """Cache key of one document's NLP results (its date matters for date resolution)."""
    raw = f"{doc_id}\x1f{date or ''}\x1f{model}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def corpus_key(doc_keys: Iterable[str]) -> str:
    """Key of a corpus snapshot: the sorted set of its documents' keys."""
    digest = hashlib.sha256()
    for key in sorted(set(doc_keys)):
        digest.update(key.encode())
    return digest.hexdigest()[:20]


# ---------------------------------------------------------------- atomic folders


def _atomic_dir(parent: Path) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    tmp = parent / f"{_TMP_PREFIX}{uuid.uuid4().hex}"
    tmp.mkdir()
    return tmp


def _publish(tmp: Path, final: Path) -> None:
    """Rename the finished ``tmp`` folder to ``final`` (atomic on one filesystem)."""
    _fsync_dir(tmp)
    try:
        os.rename(tmp, final)
    except OSError:
        if final.exists():  # someone published the same content first
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            raise
    _fsync_dir(final.parent)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as Parquet with fsync (used inside a temporary folder)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, compression="zstd")
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def read_table(path: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a cached table and conform it to its schema (only ``columns`` if given)."""
    frame = pd.read_parquet(path, columns=columns)
    if columns is not None or _conforms(frame, name):
        return frame
    return schema.conform(frame, name)


def _conforms(frame: pd.DataFrame, name: str) -> bool:
    """True when ``frame`` already has the schema's columns, order and dtypes.

    Tables are written conformed, so this is the usual case; skipping conform() then
    saves its per-value string pass (about 40% of reading a snapshot).
    """
    want = schema.TABLES[name]
    if list(frame.columns) != list(want) or not isinstance(frame.index, pd.RangeIndex):
        return False
    return all(frame[c].dtype == pd.api.types.pandas_dtype(d) for c, d in want.items())


def clean_stale(root: Path) -> None:
    """Remove temporary folders left by killed builds.

    Call only while holding the build lock: then no other writer can own one of them.
    """
    for parent in (root / "segments", root / "corpora"):
        if not parent.is_dir():
            continue
        for tmp in parent.glob(f"{_TMP_PREFIX}*"):
            shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- segments


def write_segment(root: Path, keys: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> str:
    """Store one batch's per-document tables; returns the new segment id.

    ``keys`` has columns doc_key, doc_id. Safe to call from worker processes and
    cluster workers: each segment is a new folder published by one rename.
    """
    segments = root / "segments"
    tmp = _atomic_dir(segments)
    write_table(keys[["doc_key", "doc_id"]].reset_index(drop=True), tmp / "keys.parquet")
    for name in schema.PER_DOCUMENT_TABLES:
        write_table(schema.conform(tables[name], name), tmp / f"{name}.parquet")
    seg_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    _publish(tmp, segments / seg_id)
    return seg_id


def segment_index(root: Path) -> pd.DataFrame:
    """doc_key, doc_id, segment of every complete segment (latest segment wins)."""
    segments = root / "segments"
    frames = []
    if segments.is_dir():
        for seg in sorted(p for p in segments.iterdir() if not p.name.startswith(".")):
            keys = seg / "keys.parquet"
            if keys.exists():
                frame = pd.read_parquet(keys)
                frame["segment"] = seg.name
                frames.append(frame)
    if not frames:
        return pd.DataFrame({"doc_key": [], "doc_id": [], "segment": []}, dtype="string")
    index = pd.concat(frames, ignore_index=True)
    return index.drop_duplicates("doc_key", keep="last").reset_index(drop=True)


def read_segments(root: Path, wanted: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per-document tables for ``wanted`` rows (doc_key, doc_id, segment)."""
    out: dict[str, list[pd.DataFrame]] = {name: [] for name in schema.PER_DOCUMENT_TABLES}
    for seg, rows in wanted.groupby("segment", sort=True):
        ids = set(rows["doc_id"])
        for name in schema.PER_DOCUMENT_TABLES:
            frame = pd.read_parquet(root / "segments" / str(seg) / f"{name}.parquet")
            out[name].append(frame[frame["doc_id"].isin(ids)])
    return {
        name: schema.conform(pd.concat(parts, ignore_index=True), name)
        if parts
        else schema.empty(name)
        for name, parts in out.items()
    }


def compact_segments(root: Path, *, max_segments: int = 48) -> None:
    """Merge all segments into one when there are more than ``max_segments``.

    Call only while holding the build lock. The merged segment is published before the
    old ones are removed, so a kill in between leaves duplicates, never gaps.
    """
    index = segment_index(root)
    segs = sorted(set(index["segment"]))
    if len(segs) <= max_segments:
        return
    tables = read_segments(root, index)
    write_segment(root, index[["doc_key", "doc_id"]], tables)
    for seg in segs:
        # unpublish by one rename first: a kill inside rmtree must not leave a published
        # segment with keys.parquet but missing tables (clean_stale removes the rest)
        doomed = root / "segments" / f"{_TMP_PREFIX}{seg}"
        os.rename(root / "segments" / seg, doomed)
        shutil.rmtree(doomed, ignore_errors=True)


# ---------------------------------------------------------------- corpus snapshots


def snapshot_path(root: Path, key: str) -> Path:
    return root / "corpora" / key


def has_snapshot(root: Path, key: str) -> bool:
    return (snapshot_path(root, key) / "meta.json").exists()


def write_snapshot(root: Path, key: str, tables: dict[str, pd.DataFrame], meta: dict) -> None:
    """Publish every table of one corpus plus meta.json as one atomic folder."""
    corpora = root / "corpora"
    tmp = _atomic_dir(corpora)
    for name, frame in tables.items():
        write_table(frame, tmp / f"{name}.parquet")
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True))
    final = snapshot_path(root, key)
    if final.exists():
        shutil.rmtree(tmp, ignore_errors=True)
        return
    _publish(tmp, final)


def read_snapshot(
    root: Path, key: str, names: Iterable[str]
) -> tuple[dict[str, pd.DataFrame], dict]:
    """The tables ``names`` and the meta dict of a published snapshot."""
    folder = snapshot_path(root, key)
    meta = json.loads((folder / "meta.json").read_text())
    tables = {name: read_table(folder / f"{name}.parquet", name) for name in names}
    return tables, meta
