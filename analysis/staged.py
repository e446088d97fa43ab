"""Per-document work of a build, in cached stages: parse only what no stage holds, and
re-derive the later stages from the stored output of the earlier ones.

The stages and what each one's key hashes are declared in analysis.stages; the code
that runs them is analysis.pipeline. Each stage stores its tables in segments under
``<cache>/<model>-stages/<stage>-<key>/`` (analysis.store, same atomic folders and
checksums as the snapshot's segments). For the documents a build's version folder
lacks (analysis.build), :func:`plan` finds the first stage each one misses:

* ``parse``: the spaCy pipeline runs (the engines' workers, :func:`analyze_and_store`),
  then every later stage, on the Docs read back from their stored bytes;
* ``mentions`` or ``events``: no model is loaded or run: the stored parse, sentences and
  raw mentions (and, from ``events``, the stored mentions) are read back and only the
  missing stages run (:func:`derive_cached`), in this process;
* none: every stage is cached; its tables are only copied into the version folder.

Every path ends in the same step, so the tables are those of a clean build whatever the
sequence of changes (tests/analysis/test_staged_cache.py; tests/test_properties.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import stages, store
from analysis.runtime import BuildProgress, ProgressCallback
from analysis.store_integrity import CorruptCacheError, report

#: Documents derived from the cache per batch (one segment per stage each): the Docs of a
#: batch are held in memory together.
DERIVE_BATCH = 512
#: What the snapshot's per-document tables are taken from: table -> stage.
FINAL_FROM = {"sentences": "parse", "mentions": "mentions", "events": "events"}


@dataclass(frozen=True)
class Target:
    """Where one build's per-document results go: the version folder (``root``) and each
    stage's folder (picklable: it travels to worker processes and Dask workers)."""

    root: str
    folders: dict[str, str] = field(default_factory=dict)

    def folder(self, name: str) -> Path:
        return Path(self.folders[name])


def target(root: Path, cache_dir: Path, model: str, *, rule_based: bool) -> Target:
    """The :class:`Target` of a build of pipeline ``model`` whose version folder is
    ``root``, with the stage folders of this code's stage keys (analysis.stages)."""
    base = store.stages_dir(cache_dir, model).resolve()  # workers may run elsewhere
    keys = stages.stage_keys(model, rule_based=rule_based)
    return Target(str(Path(root).resolve()), {n: str(base / f"{n}-{k}") for n, k in keys.items()})


def analyze_and_store(where: Target, nlp: object, chunk: pd.DataFrame) -> str:
    """Parse ``chunk`` (doc_key, doc_id, text, date), run every later stage, store each
    stage's tables and the snapshot's per-document tables; returns the version folder's
    new segment id. Runs in worker processes and on Dask workers."""
    from analysis.pipeline import analyze_stages, final_tables  # spaCy: NLP builds only

    staged = analyze_stages(nlp, chunk)  # type: ignore[arg-type]
    keys = chunk[["doc_key", "doc_id"]]
    for s in stages.STAGES:
        if s.name in where.folders:
            store.write_segment(where.folder(s.name), keys, staged[s.name], names=s.tables)
    return store.write_segment(Path(where.root), keys, final_tables(staged))


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
    Raises CorruptCacheError for a stage segment that fails its checksums."""
    total = sum(len(g) for name, g in groups.items() if name != "parse")
    done = 0
    for start, group in groups.items():
        if start == "parse" or not len(group):
            continue
        for lo in range(0, len(group), DERIVE_BATCH):
            batch = group.iloc[lo : lo + DERIVE_BATCH]
            _derive_batch(where, batch, start, vocab_of)
            done += len(batch)
            if progress is not None:
                progress(BuildProgress(done, total, 0.0))
    return total


def _read(where: Target, name: str, keys: pd.Series, tables: tuple[str, ...]) -> dict:
    """Stage ``name``'s tables ``tables`` for the documents ``keys`` (doc_keys)."""
    index = store.segment_index(where.folder(name))
    wanted = index[index["doc_key"].isin(keys)]
    if wanted["doc_key"].nunique() != keys.nunique():
        # plan() saw them under the same lock: only a segment damaged since can be missing;
        # the stage's folder is then removed and made again from the stage before it.
        raise CorruptCacheError(where.folder(name), "a stage segment vanished during the build")
    return store.read_segments(where.folder(name), wanted, names=tables)


#: What is read of the parse stage, by the first stage to run (None: none runs).
_PARSE_READ = {
    None: ("sentences",),
    "mentions": ("sentences", "mentions", "parses"),
    "events": ("sentences", "parses"),
}


def _derive_batch(
    where: Target, batch: pd.DataFrame, start: str | None, vocab_of: Callable[[], object]
) -> None:
    """One batch of documents whose stages from ``start`` on (None: none) must run."""
    from analysis import pipeline  # spaCy's Doc: only when a stage runs

    docs = batch[["doc_id", "text", "date"]].reset_index(drop=True)
    keys = batch[["doc_key", "doc_id"]]
    wanted = batch["doc_key"]
    staged = {"parse": _read(where, "parse", wanted, _PARSE_READ[start])}
    if start is None:
        staged["mentions"] = _read(where, "mentions", wanted, ("mentions",))
        staged["events"] = _read(where, "events", wanted, ("events",))
    else:
        cached = _read(where, "mentions", wanted, ("mentions",))["mentions"] if (
            start == "events") else None  # fmt: skip
        derived = pipeline.derive(docs, staged["parse"], vocab=vocab_of(), mentions=cached)
        for s in stages.STAGES[stages.STAGE_NAMES.index(start) :]:
            store.write_segment(where.folder(s.name), keys, derived[s.name], names=s.tables)
        staged.update(derived)
    final = {table: staged[stage][table] for table, stage in FINAL_FROM.items()}
    store.write_segment(Path(where.root), keys, final)


def maintain(where: Target, *, repairs: list[str]) -> None:
    """Under the stages' lock: remove what killed builds left in the stage folders and
    merge a folder's segments when there are too many (analysis.store)."""
    for s in stages.STAGES:
        folder = where.folder(s.name)
        if not folder.is_dir():
            continue
        store.clean_stale(folder, repairs=repairs)
        try:
            store.compact_segments(folder, names=s.tables)
        except CorruptCacheError as err:
            report(err, repairs)
            store.discard(err.folder)
