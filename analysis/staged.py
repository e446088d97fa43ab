"""Per-document work of a build, in cached stages: parse only what no stage holds, and
re-derive the later stages from the stored output of the earlier ones.

The stages and what each one's key hashes are declared in analysis.stages; the code
that runs them is analysis.pipeline. Each stage stores its tables in segments under
``<cache>/<model>-stages/<stage>-<key>/`` (analysis.store, same atomic folders and
checksums as the snapshot's segments). For the documents a build's version folder
lacks (analysis.build), :func:`plan` finds the first stage each one misses:

* ``parse``: the spaCy pipeline runs (the engines' workers, :func:`analyze_and_store`),
  then every later stage, on the Docs it just made (their stored bytes keep every token
  attribute the later stages read: tests/analysis/test_parse_roundtrip.py);
* ``mentions`` or ``events``: no model is loaded or run: the stored parse, sentences and
  raw mentions (and, from ``events``, the stored mentions) are read back and only the
  missing stages run (:func:`derive_cached`), in this process;
* none: every stage is cached; its tables are only copied into the version folder.

Every path ends in the same step, so the tables are those of a clean build whatever the
sequence of changes (tests/analysis/test_staged_cache.py; the any-sequence property in
tests/analysis/test_store_integrity.py; with the trained pipeline, Docs in memory against
Docs read back: tests/analysis/test_parse_roundtrip.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import schema, stages, store, store_integrity
from analysis.runtime import BuildProgress, ProgressCallback, step
from analysis.store_integrity import CorruptCacheError, report

#: Documents derived from the cache per batch (one segment per stage each): the Docs of a
#: batch are held in memory together.
DERIVE_BATCH = 512
#: Stage -> the most documents one of its segments gets when its segments are merged
#: (:func:`maintain`, analysis.store.compact_segments): the stored parses are large, and a
#: derivation reads whole segments, so a merged parse segment holds one derive batch at
#: most. Stages not named here (small tables) are merged into one segment.
COMPACT_DOCUMENTS = {"parse": DERIVE_BATCH}
#: What the snapshot's per-document tables are taken from: table -> stage.
FINAL_FROM = {"sentences": "parse", "mentions": "mentions", "events": "events"}


@dataclass(frozen=True)
class Target:
    """Where one build's per-document results go: the version folder (``root``) and each
    stage's folder (picklable: it travels to worker processes and Dask workers)."""

    root: str
    folders: dict[str, str] = field(default_factory=dict)
    model: str = ""  # the pipeline's label, recorded in the stages folder (MODELS_FILE)

    def folder(self, name: str) -> Path:
        return Path(self.folders[name])


def target(root: Path, cache_dir: Path, model: str, *, rule_based: bool) -> Target:
    """The :class:`Target` of a build of pipeline ``model`` whose version folder is
    ``root``, with the stage folders of this code's stage keys (analysis.stages)."""
    base = store.stages_dir(cache_dir, model).resolve()  # workers may run elsewhere
    keys = stages.stage_keys(model, rule_based=rule_based)
    folders = {n: str(base / f"{n}-{k}") for n, k in keys.items()}
    return Target(str(Path(root).resolve()), folders, model)


def analyze_and_store(where: Target, nlp: object, chunk: pd.DataFrame) -> str:
    """Parse ``chunk`` (doc_key, doc_id, text, date), run every later stage, store each
    stage's tables and the snapshot's per-document tables; returns the version folder's
    new segment id. Runs in worker processes and on Dask workers."""
    from analysis.pipeline import analyze_stages, final_tables  # spaCy: NLP builds only

    staged = analyze_stages(nlp, chunk)  # type: ignore[arg-type]
    keys = chunk[["doc_key", "doc_id"]]
    with step("segment writes"):
        memo: dict[tuple[str, int], bytes] = {}  # the version segment repeats stage tables
        for s in stages.STAGES:
            if s.name in where.folders:
                files = store.encode_segment(keys, staged[s.name], s.tables, memo)
                store.write_encoded(where.folder(s.name), files, len(keys))
        files = store.encode_segment(keys, final_tables(staged), schema.PER_DOCUMENT_TABLES, memo)
        return store.write_encoded(Path(where.root), files, len(keys))


def plan(
    where: Target, todo: pd.DataFrame, *, repairs: list[str] | None = None
) -> dict[str | None, pd.DataFrame]:
    """``todo`` (doc_key, doc_id, text, date) split by the first stage whose output no
    verified segment holds: {stage name, or None when every stage is cached: its rows}.
    With ``repairs`` (the caller holds the stages' lock), a damaged segment met on the
    way is reported there and removed, so its documents count as missing."""
    first = pd.Series([None] * len(todo), index=todo.index, dtype=object)
    for s in reversed(stages.STAGES):
        held = store.segment_index(where.folder(s.name), repairs=repairs)["doc_key"]
        first[~todo["doc_key"].isin(held).to_numpy()] = s.name
    return {
        name: todo[(first == name).to_numpy() if name else first.isna().to_numpy()]
        for name in [None, *stages.STAGE_NAMES]
    }


def derive_cached(
    where: Target,
    vocab_of: Callable[[], object],
    groups: dict[str | None, pd.DataFrame],
    *,
    progress: ProgressCallback | None = None,
) -> int:
    """Derive the missing stages of the documents in ``groups`` (``plan``'s, without
    "parse") from the stored stages, and store them and the version folder's segments.
    ``vocab_of`` gives the vocabulary the stored parses are read in (analysis.nlp
    .load_vocab), called only when a stage must run. Returns the documents derived.
    Each stored segment is read once (documents go by the parse segment holding them),
    in batches of :data:`DERIVE_BATCH`. Raises CorruptCacheError for a stage segment
    that fails its checksums."""
    parts = [g.assign(_start=name or CACHED) for name, g in groups.items()
             if name != "parse" and len(g)]  # fmt: skip
    if not parts:
        return 0
    todo = pd.concat(parts, ignore_index=True)
    index = {s.name: store.segment_index(where.folder(s.name)) for s in stages.STAGES}
    segment_of = dict(zip(index["parse"]["doc_key"], index["parse"]["segment"], strict=True))
    todo["_segment"] = todo["doc_key"].map(segment_of)
    if todo["_segment"].isna().any():
        raise _vanished(where.folder("parse"), index["parse"])
    done = 0
    for _, part in todo.groupby("_segment", sort=True):
        held = _read_held(where, index, part)
        for start, group in part.groupby("_start", sort=False):
            for lo in range(0, len(group), DERIVE_BATCH):
                batch = group.iloc[lo : lo + DERIVE_BATCH]
                _derive_batch(where, batch, None if start == CACHED else start, vocab_of, held)
                done += len(batch)
                if progress is not None:
                    progress(BuildProgress(done, len(todo), 0.0))
    return len(todo)


#: In ``<cache>/<model>-stages/``: the labels of the pipelines whose stage folders it holds,
#: one a line (several labels can share a folder name). The stage keys hash the label, so
#: analysis.cache_admin needs it to tell which stage folders this code reads.
MODELS_FILE = "models"


def record_model(where: Target) -> None:
    """Add ``where.model`` to the stages folder's :data:`MODELS_FILE` (under its lock)."""
    if not where.model or not where.folders:
        return
    path = where.folder(stages.STAGE_NAMES[0]).parent / MODELS_FILE
    known = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    if where.model not in known:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(where.model + "\n")


#: plan()'s name for documents every stage holds.
CACHED = "cached"
# plan() saw the segments under the same lock: only a segment damaged since can be
# missing; the caller then removes that segment (never the stage folder) and plans again,
# so only its documents are made again from the earlier stages (or parsed).
_VANISHED = "a stage segment vanished during the build"


def _vanished(folder: Path, index: pd.DataFrame) -> CorruptCacheError:
    """The error for documents planned from stage ``folder`` that its verified ``index``
    no longer holds. Its folder is the published segment that no longer verifies (so the
    caller removes that one alone); when none is left on disk, a segment path that does
    not exist (removing it is a no-op, and the next plan finds those documents missing)."""
    segments = folder / "segments"
    listed = set(index["segment"])
    candidates = sorted(
        p for p in segments.iterdir() if not p.name.startswith(".") and p.name not in listed
    ) if segments.is_dir() else []  # fmt: skip
    for seg in candidates:
        try:
            store_integrity.read_verified(seg, "keys.parquet", store_integrity.read_meta(seg))
        except CorruptCacheError:
            return CorruptCacheError(seg, _VANISHED)
    return CorruptCacheError(segments / "vanished", _VANISHED)


#: What is read of each stage, by the first stage to run (CACHED: none runs).
_READS = {
    CACHED: {"parse": ("sentences",), "mentions": ("mentions",), "events": ("events",)},
    "mentions": {"parse": ("sentences", "mentions", "parses")},
    "events": {"parse": ("sentences", "parses"), "mentions": ("mentions",)},
}


def _read_held(where: Target, index: dict[str, pd.DataFrame], part: pd.DataFrame) -> dict:
    """Stage -> table -> the rows (with their doc_key) of the documents of ``part`` that
    a batch reads, each segment read once."""
    held: dict[str, dict[str, pd.DataFrame]] = {}
    for s in stages.STAGES:
        users = [start for start in part["_start"].unique() if s.name in _READS[start]]
        if not users:
            continue
        keys = part.loc[part["_start"].isin(users), "doc_key"]
        names = tuple(t for t in s.tables if any(t in _READS[u][s.name] for u in users))
        wanted = index[s.name][index[s.name]["doc_key"].isin(keys)]
        if wanted["doc_key"].nunique() != keys.nunique():
            raise _vanished(where.folder(s.name), index[s.name])
        held[s.name] = store.read_segments(where.folder(s.name), wanted, keep_keys=True,
                                           names=names)  # fmt: skip
    return held


def _pick(held: dict, stage: str, tables: tuple[str, ...], keys: pd.Series) -> dict:
    """The rows of ``keys`` (doc_keys) in the ``held`` tables of ``stage``, in store order."""
    out = {}
    for name in tables:
        frame = held[stage][name]
        rows = frame[frame[store.DOC_KEY].isin(keys).to_numpy()]
        out[name] = rows.drop(columns=store.DOC_KEY).reset_index(drop=True)
    return out


def _derive_batch(
    where: Target,
    batch: pd.DataFrame,
    start: str | None,
    vocab_of: Callable[[], object],
    held: dict,
) -> None:
    """One batch of documents whose stages from ``start`` on (None: none) must run."""
    from analysis import pipeline  # spaCy's Doc: only when a stage runs

    docs = batch[["doc_id", "text", "date"]].reset_index(drop=True)
    keys = batch[["doc_key", "doc_id"]]
    reads = _READS[start or CACHED]
    staged = {name: _pick(held, name, tables, batch["doc_key"]) for name, tables in reads.items()}
    if start is not None:
        cached = staged["mentions"]["mentions"] if start == "events" else None
        derived = pipeline.derive(docs, staged["parse"], vocab=vocab_of(), mentions=cached)
        for s in stages.STAGES[stages.STAGE_NAMES.index(start) :]:
            store.write_segment(where.folder(s.name), keys, derived[s.name], names=s.tables)
        staged.update(derived)
    final = {table: staged[stage][table] for table, stage in FINAL_FROM.items()}
    store.write_segment(Path(where.root), keys, final)


def maintain(where: Target, *, repairs: list[str]) -> None:
    """Under the stages' lock: remove what killed builds left in the stage folders and
    merge a folder's segments when there are too many (analysis.store); record the
    pipeline's label (:func:`record_model`) and mark the stage folders used (their last
    use in the cache listing, analysis.store.mark_used)."""
    record_model(where)
    for s in stages.STAGES:
        folder = where.folder(s.name)
        if not folder.is_dir():
            continue
        store.mark_used(folder)
        store.clean_stale(folder, repairs=repairs)
        try:
            bound = COMPACT_DOCUMENTS.get(s.name)
            store.compact_segments(folder, names=s.tables, max_documents=bound)
        except CorruptCacheError as err:
            report(err, repairs)
            store.discard(err.folder)
