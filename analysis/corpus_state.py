"""The corpus pass, incremental: a rebuild after documents are added, removed or changed
redoes only what they touch, from a state saved beside the cache.

The corpus pass (:func:`analysis.resolve.corpus_pass`) spreads names across documents
(:mod:`analysis.propagate`), folds ALL-CAPS variants
(:func:`analysis.canonical.merge_case_variants`) and joins names into entities
(:mod:`analysis.resolve`). Its costly parts are the scan of every document's capitalised
runs and the joining rules; the rest are table operations over the corpus's mentions.
The state keeps, per document, a fingerprint of what the pass reads of it (text,
mentions, sentences), its run keys with their counts and its candidate spans, plus the
set of template keys and the resolver (:class:`analysis.resolve.Resolver`) of the last
pass. A pass with a state then:

* scans only the documents that are new or whose fingerprint changed (removed
  documents' rows are dropped);
* re-scans the kept documents holding a run key that entered or left the templates
  (the greedy choice of candidates depends on that set only); per-key counts, the
  templates' labels and eligibility are recomputed corpus-wide from the tables;
* re-decides only the names whose statistics changed and the names connected to them
  (:meth:`Resolver.update`).

The result equals a clean pass of the same corpus (property-tested:
tests/analysis/test_corpus_state.py). A state that is missing, damaged, saved by other
settings (:func:`settings`) or by another analysis version (it lives inside the cache's
version folder, analysis.store) is never used: the pass is clean and saves a new state.
So is a corpus where more than :data:`MAX_CHANGED_SHARE` of the documents are new or
changed (a clean pass is cheaper then). Saved atomically like the cache's folders.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import propagate, store
from analysis.resolve import NameStats, Resolver, apply_mapping
from analysis.store_integrity import (
    META,
    CorruptCacheError,
    parquet_bytes,
    read_meta,
    read_verified,
)

#: Bump when the saved tables change shape or meaning.
FORMAT = 1
#: Above this share of new or changed documents the pass is run clean.
MAX_CHANGED_SHARE = 0.5
_RUNS = ["doc_id", "key", "n"]


def settings() -> dict:
    """The rule settings a saved state was computed with (another: not used)."""
    return {"format": FORMAT, "min_tagged": propagate.MIN_TAGGED,
            "min_tagged_share": propagate.MIN_TAGGED_SHARE,
            "max_words": propagate.MAX_WORDS, "labels": sorted(propagate.PROPAGATED)}  # fmt: skip


@dataclass
class PassState:
    """What a pass keeps for the next one (see module docstring)."""

    prints: pd.Series  # doc_id -> uint64 fingerprint
    runs: pd.DataFrame  # doc_id, key, n: capitalised-run keys per document
    candidates: pd.DataFrame  # analysis.propagate.CANDIDATES
    templates: frozenset[str]
    resolver: Resolver


@dataclass
class PassReport:
    """How a pass ran: "clean" or "incremental", why, and what it redid."""

    mode: str
    reason: str
    scanned: int  # documents whose capitalised runs were scanned
    redecided: int  # names whose entity was decided again


def fingerprints(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    """doc_id -> a 64-bit hash of what the state keeps of a document depends on: its
    text (its capitalised runs) and its mentions' spans (where no name is added).
    Everything else the pass reads (labels, canonical names, countries, sentences) is
    re-read from the tables on every pass."""
    ids = documents["doc_id"].astype(str).to_numpy()
    text = pd.util.hash_pandas_object(documents["text"].astype(str), index=False).to_numpy()
    doc = mentions["doc_id"].astype(str).to_numpy()
    spans = pd.DataFrame({"start": mentions["start"].to_numpy(dtype="int64"),
                          "end": mentions["end"].to_numpy(dtype="int64")})  # fmt: skip
    # A sum of the spans' hashes per document: the set of spans, whatever their order.
    hashed = pd.Series(pd.util.hash_pandas_object(spans, index=False).to_numpy(), index=doc)
    per = hashed.groupby(level=0).sum().reindex(ids, fill_value=0).to_numpy(dtype=np.uint64)
    table = pd.DataFrame({"text": text, "spans": per})
    return pd.Series(pd.util.hash_pandas_object(table, index=False).to_numpy(), index=ids)


def run_pass(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    state_dir: Path | None,
) -> tuple[pd.DataFrame, PassReport]:
    """The corpus pass's MENTIONS (as :func:`analysis.resolve.corpus_pass`), using and
    renewing the state in ``state_dir`` (None: a clean pass, nothing saved)."""
    from analysis.canonical import merge_case_variants
    from analysis.resolve import corpus_pass
    from analysis.teams import mark_corpus_teams

    if state_dir is None or documents["doc_id"].duplicated().any():
        why = "no state folder" if state_dir is None else "a document id occurs twice"
        report = PassReport("clean", why, len(documents), 0)
        return corpus_pass(mentions, documents, sentences), report
    prints = fingerprints(mentions, documents)
    state, reason = load_state(state_dir)
    if state is not None and _changed_share(state, prints) > MAX_CHANGED_SHARE:
        state, reason = None, "most documents are new or changed"
    propagated, runs, candidates, templates, scanned = _propagate(
        state, mentions, documents, sentences, prints
    )
    # as corpus_pass: a country name spread into a sports report is its team there
    ready = merge_case_variants(mark_corpus_teams(propagated, documents))
    stats = NameStats()
    stats.add(ready)
    if state is None:
        resolver = Resolver.from_stats(stats)
    else:
        resolver = state.resolver
        resolver.update(stats)
    save_state(state_dir, PassState(prints, runs, candidates, templates, resolver))
    mode = "clean" if state is None else "incremental"
    report = PassReport(mode, reason, scanned, resolver.redecided)
    return apply_mapping(ready, resolver.mapping), report


def _changed_share(state: PassState, prints: pd.Series) -> float:
    old = state.prints.reindex(prints.index)
    return float((old != prints).mean()) if len(prints) else 0.0


def _propagate(
    state: PassState | None,
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    prints: pd.Series,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, frozenset[str], int]:
    """analysis.propagate.propagate_corpus_names, scanning only what ``state`` lacks.
    Returns the mentions, the run keys, the candidates, the template keys and the
    number of documents scanned."""
    templates, tagged = propagate.name_templates(mentions) if len(mentions) else ({}, Counter())
    names = frozenset(templates)
    if state is None:
        kept: set[str] = set()
        old_runs, old_candidates = pd.DataFrame(columns=_RUNS), propagate.candidate_frame([])
        redo: set[str] = set()
    else:
        same = state.prints.reindex(prints.index) == prints
        kept = set(prints.index[same.to_numpy()])
        old_runs = state.runs[state.runs["doc_id"].isin(kept)]
        flipped = old_runs["key"].isin(names ^ state.templates)
        redo = set(old_runs.loc[flipped, "doc_id"])
        old_candidates = state.candidates[
            state.candidates["doc_id"].isin(kept) & ~state.candidates["doc_id"].isin(redo)
        ]
    ids = documents["doc_id"].astype(str)
    todo = documents[~ids.isin(kept) | ids.isin(redo)]
    taken = propagate.taken_spans(mentions[mentions["doc_id"].isin(set(todo["doc_id"]))])
    new_runs, found = [], []
    for doc_id, text in zip(todo["doc_id"], todo["text"], strict=True):
        counts, spans = propagate.scan_document(str(text), taken.get(doc_id, []), names)
        if doc_id not in kept:
            new_runs += [(doc_id, key, n) for key, n in counts.items()]
        found += [(doc_id, *span) for span in spans]
    runs = _concat(old_runs, pd.DataFrame(new_runs, columns=_RUNS))
    candidates = _concat(old_candidates, propagate.candidate_frame(found))
    seen = runs[runs["key"].isin(names)].groupby("key")["n"].sum().to_dict()
    rows = propagate.new_mentions(candidates, templates, tagged, seen, documents)
    out = propagate.with_sentences(mentions, rows, sentences)
    return out, runs, candidates, names, len(todo)


def _concat(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    frame = pd.concat([x for x in (a, b) if len(x)] or [a], ignore_index=True)
    return frame.astype({"doc_id": object, "key": object, **({"n": "int64"} if "n" in frame
                         else {"start": "int64", "end": "int64", "text": object})})  # fmt: skip


# ---------------------------------------------------------------- saved state


def _frames(state: PassState) -> dict[str, pd.DataFrame]:
    """The state as tables (what :func:`save_state` writes)."""
    stats, resolver = state.resolver.stats, state.resolver
    labels = [(n, label, c) for n, votes in stats.labels.items() for label, c in votes.items()]
    countries = [
        (kind, n, iso3, c)
        for kind in ("countries", "demonyms", "territories")
        for n, votes in getattr(stats, kind).items()
        for iso3, c in votes.items()
    ]
    return {
        "prints": pd.DataFrame({"doc_id": state.prints.index.astype(str),
                                "print": state.prints.to_numpy(dtype=np.uint64)}),
        "runs": state.runs,
        "candidates": state.candidates,
        "templates": pd.DataFrame({"key": sorted(state.templates)}, dtype=object),
        "labels": pd.DataFrame(labels, columns=["name", "label", "n"]),
        "countries": pd.DataFrame(countries, columns=["kind", "name", "iso3", "n"]),
        "keys": pd.DataFrame([(n, k) for n, keys in resolver.keys.items() for k in sorted(keys)],
                             columns=["name", "key"]),
        "mapping": pd.DataFrame(list(resolver.mapping.items()), columns=["name", "entity"]),
    }  # fmt: skip


_FILES = ("prints", "runs", "candidates", "templates", "labels", "countries", "keys", "mapping")


def save_state(folder: Path, state: PassState) -> None:
    """Write ``state`` to ``folder``, replacing the one there: written under a temporary
    name, then renamed into place (a kill leaves the old state, none, or the new one;
    never a mix). Keeps the newest :data:`analysis.store.KEEP_STATES` states beside it."""
    tmp = store.new_folder(folder.parent)
    files = ((f"{name}.parquet", parquet_bytes(frame)) for name, frame in _frames(state).items())
    store.write_together(tmp, files, {"settings": settings(), "documents": len(state.prints)})
    store.replace_folder(tmp, folder)
    store.prune_states(folder.parent)


def load_state(folder: Path) -> tuple[PassState | None, str]:
    """The state saved in ``folder``, or None with the reason it cannot be used."""
    if not (folder / META).exists():
        return None, "no saved state"
    try:
        meta = read_meta(folder)
        if meta.get("settings") != settings():
            return None, "the saved state used other settings"
        t = {name: read_verified(folder, f"{name}.parquet", meta) for name in _FILES}
    except CorruptCacheError as err:
        return None, f"the saved state is damaged ({err})"
    prints = pd.Series(t["prints"]["print"].to_numpy(dtype=np.uint64),
                       index=t["prints"]["doc_id"].astype(str).to_numpy())  # fmt: skip
    runs = _concat(t["runs"], pd.DataFrame(columns=_RUNS))
    candidates = _concat(t["candidates"], propagate.candidate_frame([]))
    templates = frozenset(t["templates"]["key"].astype(str))
    return PassState(prints, runs, candidates, templates, _resolver(t)), "incremental"


def _resolver(t: dict[str, pd.DataFrame]) -> Resolver:
    """The saved resolver: its statistics (plain dicts: they are only read, then
    compared with the new ones), join keys (holders derived) and mapping."""
    stats = NameStats()
    for name, label, n in zip(
        *(t["labels"][c].tolist() for c in ("name", "label", "n")), strict=True
    ):
        stats.labels.setdefault(name, {})[label] = n
    countries = t["countries"]
    for kind, name, iso3, n in zip(
        *(countries[c].tolist() for c in countries.columns), strict=True
    ):
        getattr(stats, kind).setdefault(name, {})[iso3] = n
    resolver = Resolver()
    resolver.stats = stats
    keys: dict[str, set[str]] = {name: set() for name in stats.labels}
    for name, key in zip(t["keys"]["name"].tolist(), t["keys"]["key"].tolist(), strict=True):
        keys[name].add(key)
        resolver.holders[key].add(name)
    resolver.keys = {name: frozenset(found) for name, found in keys.items()}
    resolver.acronym = {name: resolver._is_acronym(name) for name in keys}
    mapping = t["mapping"]
    resolver.mapping = dict(zip(mapping["name"].tolist(), mapping["entity"].tolist(), strict=True))
    return resolver
