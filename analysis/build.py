"""Build (or reuse) every table of a corpus: the function the CLI and the dashboard call.

``build_corpus(path)`` loads the corpus, looks its snapshot up in the cache, and when it
is missing runs the NLP on the documents no cached segment holds (incremental), then
assembles the per-corpus tables and aggregates (analysis.tables) and publishes them as a
snapshot. spaCy is imported only when documents need the NLP: a cached corpus opens
without it. One build per model folder runs at a time (a file lock), so two users or two
processes that open the same corpus share one build: the second waits (a bounded time,
see analysis.store_lock) and then reads the snapshot.

Damage to the cache never reaches the tables: every cache file is checked against its
recorded hash; a damaged snapshot or segment is reported once (``Corpus.repairs`` and the
``newslens.store`` log), removed, and rebuilt from the source documents in the same build.
Worker processes die with the build that started them (analysis.worker_life).
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable
from concurrent.futures import as_completed
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from analysis import cache_admin, staged, store
from analysis.corpus import Columns, Limits, load_corpus
from analysis.models import installed_label, model_warning, resolve_model_name
from analysis.pool import (
    ModelHost,
    analyze_and_store,
    pool_context,
    result_of,
    worker_pool,
)
from analysis.runtime import BuildProgress, ProgressCallback, frozen, mark, usable_cpus
from analysis.store_integrity import CorruptCacheError, report
from analysis.store_lock import BuildLock
from analysis.tables import SNAPSHOT_TABLES, Corpus, assemble, prepare, under_rules

LOG = logging.getLogger("newslens.store")

ENGINES = ("local", "dask")
T = TypeVar("T")


#: Documents per chunk of the NLP (one cache segment each, what a worker takes at a time):
#: a build killed half-way keeps its finished chunks; each chunk also pays a fixed cost
#: (about 0.07 CPU s: per-chunk pandas steps and four segment writes; docs/benchmarks.md,
#: branch thru3).
#: A build's batches range around it (:func:`split_chunks`).
CHUNK_SIZE = 64
#: A build's batches range from CHUNK_SIZE / 4 to 4 x CHUNK_SIZE documents (16 to 256):
#: measured on 1,000 Reuters bodies, the fixed cost per batch of 64 was a fifth of the
#: workers' CPU beyond spaCy (docs/benchmarks.md, branch thru3). See :func:`split_chunks`.
GUIDED_SPREAD = 4
#: Most characters of text in one batch of a pool: spaCy's own limit for one text
#: (``nlp.max_length``, 1,000,000), which bounds the memory of the Docs a worker holds.
MAX_CHUNK_CHARS = 1_000_000


def build_corpus(
    path: str | os.PathLike[str],
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    model: str | None = None,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    limits: Limits | None = None,
    columns: Columns | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: ProgressCallback | None = None,
    lock_timeout: float | None = None,
    model_early: bool = True,
    rules: str = "",
) -> Corpus:
    """Load ``path`` and return its analysed tables, building only what the cache lacks.

    ``rules``: a country-rules spec (the CLI's ``--rules``; "" the defaults), see
    :func:`_under_rules`.

    ``model_early``: start loading the pipeline (the local engine's model host) while
    the corpus is read, as a build that will likely parse wants; False starts it only once
    the corpus's snapshot is known missing, so a command that mostly reads a warm cache
    (``summary``, ``export``) forks no process that would be killed unused.

    ``lock_timeout``: seconds to wait for another build of the same cache folder (default
    $NEWSLENS_LOCK_TIMEOUT or analysis.store_lock.DEFAULT_TIMEOUT). Raises
    analysis.corpus.CorpusError for an unreadable corpus path, ValueError for an unknown
    model or engine, and analysis.store_lock.BuildLockTimeout (a TimeoutError) when the
    other build holds the lock longer than that.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine '{engine}' (choose from {', '.join(ENGINES)})")
    mark("load corpus")
    name = resolve_model_name(model)
    workers = workers or usable_cpus()
    how = {"workers": workers, "engine": engine, "scheduler": scheduler,
           "chunk_size": chunk_size, "lock_timeout": lock_timeout}  # fmt: skip
    with ExitStack() as stack:
        host = _model_host(stack, name, engine, workers) if model_early else None
        corpus, keys, root = _load(path, name, cache_dir, limits, columns)
        tables = _cached_tables(root, corpus.key, corpus.repairs)
        if host is not None and tables is not None:
            host.stop()  # served from the cache: no NLP
            host = None
        elif host is None and tables is None:
            host = _model_host(stack, name, engine, workers)
        if tables is None:
            tables = _locked_build(root, corpus, keys, name, store.state_path(root, path),
                                   progress=progress, host=host, **how)  # fmt: skip
        elif progress is not None:
            progress(BuildProgress(len(corpus.documents), len(corpus.documents), 0.0))
    mark("read snapshot")
    corpus.tables = tables
    return _under_rules(root, corpus, keys, rules, name=name, **how) if rules else corpus


def _locked_build(
    root: Path,
    corpus: Corpus,
    keys: pd.DataFrame,
    name: str,
    state_dir: Path | None,
    **how: Any,
) -> dict[str, pd.DataFrame]:
    """The snapshot's tables, built under the build lock unless another build made them
    meanwhile (sets ``corpus.processed``). ``how``: see :func:`_build_locked`."""
    lock = _open_version_folder(root, root.parent, corpus.model)
    with BuildLock(lock, timeout=how["lock_timeout"]):
        tables = _cached_tables(root, corpus.key, None)  # another build made it?
        if tables is None:
            corpus.processed, tables = _build_locked(
                root, corpus.key, name, corpus.model, corpus.documents, keys,
                repairs=corpus.repairs, state_dir=state_dir, **how,
            )  # fmt: skip
    return tables


def _under_rules(root: Path, corpus: Corpus, keys: pd.DataFrame, spec: str, **how: Any) -> Corpus:
    """``corpus`` assembled again from its cached per-document tables under the country
    rules ``spec`` (analysis.tables.under_rules). The cache holds the defaults' tables;
    the corpus passes read the countries, so they run again under the rules and every
    table, entities included, is what a build with those rules as defaults gives (not
    stored: a corpus pass per call). ``how``: the build's name, workers, engine,
    scheduler, chunk_size and lock_timeout. The tables are
    read under the build lock (a build's compaction cannot remove them meanwhile) as a
    build reads them: a damaged or missing segment is reported and its documents
    analysed again (:func:`_analyse_missing`)."""
    lock = _open_version_folder(root, root.parent, corpus.model)
    with BuildLock(lock, timeout=how["lock_timeout"]):
        per_doc, processed, _ = _analyse_missing(
            root, how.pop("name"), corpus.model, corpus.documents, keys, progress=None,
            repairs=corpus.repairs, **how,
        )  # fmt: skip
    corpus.processed += processed
    return under_rules(corpus, per_doc, spec)


def _load(
    path: str | os.PathLike[str],
    name: str,
    cache_dir: str | os.PathLike[str] | None,
    limits: Limits | None,
    columns: Columns | None,
) -> tuple[Corpus, pd.DataFrame, Path]:
    """The corpus at ``path`` (its tables not read yet), its documents' cache keys
    (doc_key, doc_id) and its version folder in the cache, for pipeline ``name``."""
    label = installed_label(name) or _loaded_label(name)
    loaded = load_corpus(path, limits=limits, columns=columns)
    docs = loaded.documents
    keys = pd.DataFrame(
        {
            "doc_key": [
                store.doc_key(d, None if pd.isna(t) else t, label)
                for d, t in zip(docs["doc_id"], docs["date"], strict=True)
            ],
            "doc_id": docs["doc_id"],
        }
    )
    root = store.model_dir(Path(cache_dir or store.default_cache_dir()), label)
    key = store.corpus_key(keys["doc_key"], docs)
    corpus = Corpus(str(path), label, key, docs, loaded.skipped, warning=model_warning(name))
    return corpus, keys, root


def _open_version_folder(root: Path, cache: Path, label: str) -> Path:
    """Create ``root`` marked with this layout (analysis.store.mark_layout), warning
    about folders beside it this version never reads (analysis.cache_admin.say_old);
    returns the path of its build lock."""
    root.mkdir(parents=True, exist_ok=True)
    store.mark_layout(root)
    cache_admin.say_old(cache)
    return root / "build.lock"


def _model_host(stack: ExitStack, name: str, engine: str, workers: int) -> ModelHost | None:
    """A model host (analysis.pool.ModelHost) that starts loading pipeline ``name`` now,
    while this process reads the corpus or takes the build lock and plans the build, for
    the local engine's pool, entered on ``stack`` (leaving it stops a host never given
    work); None for another engine or where workers cannot be forked. A build whose
    documents are all in cached segments stops it unused (it ran a fraction of a second on
    another CPU: no wait)."""
    host = ModelHost.start(name, workers=workers) if engine == "local" else None
    return stack.enter_context(host) if host is not None else None


def _loaded_label(name: str) -> str:
    """The label of a pipeline known only by loading it (a folder): imports spaCy."""
    from analysis.nlp import model_label

    return model_label(name)


def _cached_tables(root: Path, key: str, repairs: list[str] | None) -> dict | None:
    """The snapshot's verified tables; None when missing or damaged (reported to
    ``repairs`` when given; the build that follows replaces it)."""
    if not store.has_snapshot(root, key):
        return None
    try:
        tables, _ = store.read_snapshot(root, key, SNAPSHOT_TABLES)
    except CorruptCacheError as err:
        if repairs is not None:
            report(err, repairs)
        return None
    return tables


def _build_locked(
    root: Path,
    key: str,
    name: str,
    label: str,
    docs: pd.DataFrame,
    keys: pd.DataFrame,
    *,
    workers: int,
    engine: str,
    scheduler: str | None,
    chunk_size: int,
    progress: ProgressCallback | None,
    repairs: list[str],
    state_dir: Path | None = None,
    lock_timeout: float | None = None,
    host: ModelHost | None = None,
) -> tuple[int, dict[str, pd.DataFrame]]:
    """Analyse what no segment holds, assemble, publish the snapshot; returns the count
    of documents analysed and the snapshot's tables (:data:`SNAPSHOT_TABLES`, in that
    order). A damaged segment met on the way is reported, removed and its documents
    analysed again (one round per damaged segment, bounded). ``host``: see
    :func:`run_local`.

    The tables returned are the ones just written, not read back: a read of the
    snapshot gives them frame for frame, dtypes included (analysis.tables.assemble
    conforms them; tests/analysis/test_assembled_dtypes.py), and reading 1,000 bodies'
    snapshot back cost 0.05-0.07 s at the end of every cold build, with a CPU idle."""
    store.clean_stale(root, repairs=repairs)
    per_doc, processed, early = _analyse_missing(
        root, name, label, docs, keys, workers=workers, engine=engine, scheduler=scheduler,
        chunk_size=chunk_size, progress=progress, repairs=repairs, lock_timeout=lock_timeout,
        host=host,
    )  # fmt: skip
    mark("post-NLP passes")
    with frozen():  # their collections skip the tables, place tables and gazetteer read
        tables = assemble(docs, per_doc, state_dir=state_dir, early=early)
        meta = {"model": label, "documents": len(docs),
                "built": time.strftime("%Y-%m-%dT%H:%M:%S")}  # fmt: skip
        store.write_snapshot(root, key, tables, meta)
    try:
        store.compact_segments(root)
    except CorruptCacheError as err:  # another corpus's damaged segment: not ours to fail
        report(err, repairs)
        store.discard(err.folder)
    return processed, {name: tables[name] for name in SNAPSHOT_TABLES}


def _analyse_missing(
    root: Path,
    name: str,
    label: str,
    docs: pd.DataFrame,
    keys: pd.DataFrame,
    *,
    workers: int,
    engine: str,
    scheduler: str | None,
    chunk_size: int,
    progress: ProgressCallback | None,
    repairs: list[str],
    lock_timeout: float | None = None,
    host: ModelHost | None = None,
) -> tuple[dict[str, pd.DataFrame], int, dict[str, pd.DataFrame] | None]:
    """Analyse the documents of ``docs`` (their ``keys``) that no segment holds and read
    every wanted segment: returns (per-document tables, count analysed, what the corpus
    passes prepared alongside the NLP or None). A damaged segment met on the way is
    reported, removed and its documents analysed again (one round per damaged segment,
    bounded); CorruptCacheError when the rounds run out."""
    processed = 0
    early = None
    # the segments this build stores are read as they come (while the NLP still runs)
    preread: dict[str, dict[str, pd.DataFrame]] = {}
    seen = store.segment_names(root)  # not to be read ahead (before, or used since)
    reading = _reading_segments(progress, root, seen, preread)
    rounds = len(list((root / "segments").glob("*"))) + 2 if (root / "segments").is_dir() else 2
    for _ in range(rounds):
        index = store.segment_index(root, repairs=repairs)
        todo_mask = ~keys["doc_key"].isin(index["doc_key"])
        todo = docs.loc[todo_mask.to_numpy(), ["doc_id", "text", "date"]].assign(
            doc_key=keys.loc[todo_mask, "doc_key"].to_numpy()
        )
        if len(todo):
            # the corpus passes' document-only work runs while the workers run the NLP
            early = early or _analyse(
                root, name, label, todo, workers=workers, engine=engine,
                scheduler=scheduler, chunk_size=chunk_size, progress=reading,
                repairs=repairs, lock_timeout=lock_timeout,
                alongside=None if early else lambda: prepare(docs), host=host,
            )  # fmt: skip
            host = None  # it runs one job: a second round forks its own workers
            processed += len(todo)
            index = store.segment_index(root, repairs=repairs)
        elif progress is not None:
            progress(BuildProgress(len(docs), len(docs), 0.0))
        wanted = index[index["doc_key"].isin(keys["doc_key"])]
        try:
            per_doc = store.read_segments(root, wanted, preread=preread)
        except CorruptCacheError as err:
            report(err, repairs)
            store.discard(err.folder)
            seen.update(store.segment_names(root))  # those taken from preread: not again
            continue
        return per_doc, processed, early
    raise CorruptCacheError(root, "segments keep failing their checksums (disk fault?)")


def _reading_segments(
    progress: ProgressCallback | None,
    root: Path,
    skip: set[str],
    into: dict[str, dict[str, pd.DataFrame]],
) -> ProgressCallback:
    """``progress`` (may be None), which also reads the segments stored since (those not
    in ``skip``) into ``into`` each time documents are reported done
    (analysis.store.read_new_segments): the build's process reads them while its
    workers run the rest of the NLP, not all after it."""

    def report(state: BuildProgress) -> None:
        if state.done:
            store.read_new_segments(root, skip, into)
        if progress is not None:
            progress(state)

    return report


def _analyse(
    root: Path,
    name: str,
    label: str,
    todo: pd.DataFrame,
    *,
    workers: int,
    engine: str,
    scheduler: str | None,
    chunk_size: int,
    progress: ProgressCallback | None,
    repairs: list[str],
    lock_timeout: float | None = None,
    alongside: Callable[[], T] | None = None,
    host: ModelHost | None = None,
) -> T | None:
    """Make the per-document tables of ``todo`` (doc_id, text, date, doc_key): from the
    stage folders where they hold the parse (analysis.staged: no model runs), else with
    the NLP, in batches of segments. Holds the stage folders' lock meanwhile. Returns
    what ``alongside()`` returns (run while the local workers run the NLP, else after).
    ``host``: see :func:`run_local` (local engine only)."""
    from analysis.models import RULE_BASED

    where = staged.target(root, root.parent, label, rule_based=name == RULE_BASED)
    base = store.stages_dir(root.parent, label)
    base.mkdir(parents=True, exist_ok=True)
    with BuildLock(base / "build.lock", timeout=lock_timeout):
        staged.maintain(where, repairs=repairs)
        groups = _derive_from_stages(root, name, where, todo, progress, repairs)
        chunks = split_chunks(groups["parse"], chunk_size, workers)
        if not chunks:
            return alongside() if alongside is not None else None
        mark("parse")
        if engine == "dask":
            from analysis.distributed import run_dask

            run_dask(root, name, chunks, scheduler=scheduler, workers=workers,
                     progress=progress, where=where)  # fmt: skip
            return alongside() if alongside is not None else None
        return run_local(root, name, chunks, workers=workers, progress=progress, where=where,
                         alongside=alongside, host=host)  # fmt: skip


def _derive_from_stages(
    root: Path,
    name: str,
    where: staged.Target,
    todo: pd.DataFrame,
    progress: ProgressCallback | None,
    repairs: list[str],
) -> dict[str | None, pd.DataFrame]:
    """Derive from the stage folders what they allow (analysis.staged); returns the plan,
    whose "parse" rows still need the NLP. A damaged stage segment is reported, removed
    and planned again (one round per damaged segment, bounded)."""
    for _ in range(8):
        groups = staged.plan(where, todo, repairs=repairs)
        try:
            staged.derive_cached(where, lambda: _vocab(name), groups, progress=progress)
        except CorruptCacheError as err:
            report(err, repairs)
            store.discard(err.folder)
            done = store.segment_index(root)["doc_key"]
            todo = todo[~todo["doc_key"].isin(done).to_numpy()]
            continue
        return groups
    raise CorruptCacheError(Path(where.root), "stage segments keep failing their checksums")


def _vocab(name: str) -> object:
    from analysis.nlp import load_vocab  # spaCy, without the components that parse

    return load_vocab(name)


def split_chunks(todo: pd.DataFrame, chunk_size: int, workers: int) -> list[pd.DataFrame]:
    """``todo`` in consecutive batches (one cache segment each): one batch of at most
    ``chunk_size`` rows, else batches that shrink as the work runs out.

    The batches follow guided self-scheduling (Polychronopoulos and Kuck 1987): each
    takes a worker's share of the text left (the characters left divided by
    ``workers``; the rows left without a text column), within :data:`GUIDED_SPREAD`
    times ``chunk_size`` rows either way, a remainder under the lower bound joins the
    batch before it, and a batch holds at most
    :data:`MAX_CHUNK_CHARS` characters of text (at least one row). Characters, not rows:
    a batch's CPU follows its text (on 1,000 Reuters bodies, 64-body batches: 8% off a
    fit on characters, 26% off one on rows; docs/benchmarks.md, branch thru4), so the
    last batches are small in work, not only in rows. Large batches first pay the fixed
    cost per batch (per-chunk steps, segment writes and reads: about 0.07 CPU s each)
    fewer times; small ones last let the workers finish together (the pool takes them
    longest first: analysis.pool.longest_first). 1,000 documents make 8 batches instead
    of 16. One worker's share is all that is left, so it takes the largest batches
    (``chunk_size`` x :data:`GUIDED_SPREAD` rows, within the characters' bound): nobody
    waits for it to finish, and it pays the fixed cost a quarter as often as in batches
    of ``chunk_size`` (18,781 Reuters stories: 74 batches, not 294; a build killed
    half-way loses at most one batch). Batches change no table: every stage is per
    document.
    """
    n = len(todo)
    if n <= chunk_size:
        return [todo] if n else []
    low, high = max(1, chunk_size // GUIDED_SPREAD), chunk_size * GUIDED_SPREAD
    text = todo["text"].astype(str).str.len() if "text" in todo.columns else None
    chars = None if text is None else text.cumsum().to_numpy()
    chunks, start = [], 0
    while start < n:
        left = n - start
        size = _share(chars, start, workers) if chars is not None else math.ceil(left / workers)
        size = max(low, min(high, size))
        size = left if left - size < low else size
        if chars is not None:  # the rows whose text fits, at least one
            before = chars[start - 1] if start else 0
            fits = int(np.searchsorted(chars[start:], before + MAX_CHUNK_CHARS, side="right"))
            size = min(size, max(1, fits))
        chunks.append(todo.iloc[start : start + size])
        start += size
    return chunks


def _share(chars: np.ndarray, start: int, workers: int) -> int:
    """Rows from ``start`` that make up a worker's share of the characters left
    (``chars``: the cumulative text lengths): the fewest whose text reaches the share, at
    least one; the rows left divided by ``workers`` when no text is left."""
    before = int(chars[start - 1]) if start else 0
    left_chars = int(chars[-1]) - before
    if left_chars <= 0:
        return math.ceil((len(chars) - start) / workers)
    target = before + math.ceil(left_chars / workers)
    return int(np.searchsorted(chars[start:], target, side="left")) + 1


# ---------------------------------------------------------------- local engine


def run_local(
    root: Path,
    name: str,
    chunks: list[pd.DataFrame],
    *,
    workers: int,
    progress: ProgressCallback | None = None,
    where: staged.Target | None = None,
    alongside: Callable[[], T] | None = None,
    host: ModelHost | None = None,
) -> T | None:
    """Analyse ``chunks`` in this process (workers=1) or a pool of worker processes.

    Each chunk is written as one cache segment by whoever analysed it, so a build
    killed half-way keeps the finished chunks; ``where`` also names the stage folders
    that receive each stage's tables (default: none, only ``root``). ``alongside``: work
    that needs no NLP result (analysis.tables.prepare), run by this process while its
    workers run the NLP, when it would otherwise only wait for them (after the NLP with
    one worker); its result is returned. ``host``: a model host (analysis.pool) that
    loaded the pipeline meanwhile; with one, its workers run the chunks (any count).
    """
    where = where or staged.Target(str(root))
    total = sum(len(c) for c in chunks)
    started = time.monotonic()
    done = 0

    def finished(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(BuildProgress(done, total, time.monotonic() - started))

    if progress is not None:
        progress(BuildProgress(0, total, 0.0))
    if host is not None:
        return host.run(where, chunks, workers, finished, alongside)
    mark("model load + workers")
    if workers <= 1 or len(chunks) == 1:
        from analysis.nlp import load_model

        nlp = load_model(name)
        mark("NLP")
        for chunk in chunks:
            finished(analyze_and_store(where, nlp, chunk))
        return alongside() if alongside is not None else None
    context = _pool_context(name)
    with worker_pool(name, context, where, chunks, workers) as futures:
        early = None
        if alongside is not None:
            mark("NLP + parent prepares passes")
            early = alongside()
        mark("NLP")
        for future in as_completed(futures):
            finished(result_of(future))
    return early


_pool_context = pool_context  # the name tests replace (tests/analysis/test_build.py)
