"""A build reads its segments as its chunks are stored, not all after the NLP (issue 20,
"Building at the limit"): the reading leaves the build's serial tail, and the tables are
those a read after the NLP gives (analysis.store.read_new_segments, read_segments)."""

from __future__ import annotations

import gc
import shutil
import weakref

import pandas as pd
import pytest

# Same directory, no package: pytest's default import mode puts tests/analysis on sys.path.
from test_build import write_sample_corpus

from analysis import store
from analysis.build import build_corpus
from analysis.nlp import RULE_BASED
from analysis.runtime import BuildProgress
from analysis.schema import PER_DOCUMENT_TABLES


def test_each_segment_is_read_once_as_its_chunk_is_stored(tmp_path, monkeypatch, fixed_batches):
    log: list[tuple[str, ...]] = []
    real = store.read_verified

    def read_verified(folder, name, meta):
        if folder.parent.name == "segments" and name != "keys.parquet":
            log.append(("read", folder.name, name))
        return real(folder, name, meta)

    def progress(state: BuildProgress) -> None:
        log.append(("done", str(state.done)))

    monkeypatch.setattr(store, "read_verified", read_verified)
    folder = write_sample_corpus(tmp_path / "news", n=12)
    cache = tmp_path / "cache"
    built = build_corpus(folder, cache_dir=cache, model=RULE_BASED, workers=1, chunk_size=4,
                         progress=progress)  # fmt: skip
    reads = [entry for entry in log if entry[0] == "read"]
    segments = {entry[1] for entry in reads}
    assert len(segments) == 3 and len(reads) == 3 * len(PER_DOCUMENT_TABLES)  # once each
    last_done = max(i for i, entry in enumerate(log) if entry == ("done", "12"))
    first_done = min(i for i, entry in enumerate(log) if entry[0] == "done" and entry[1] != "0")
    # each segment read as its chunk is reported, before the next chunk: none after the NLP
    assert [entry[1] for entry in log[first_done:] if entry[0] == "done"] == ["4", "8", "12"]
    assert all(entry[0] == "done" for entry in log[last_done:])
    assert log[first_done - 1][0] == "read" and log[last_done - 1][0] == "read"
    root = store.model_dir(cache, built.model)
    monkeypatch.undo()
    again = store.read_segments(root, store.segment_index(root))
    assert len(built.table("sentences")) == len(again["sentences"]) > 0


@pytest.fixture
def root(tmp_path_factory, tmp_path, fixed_batches):
    """The version folder of a small build's cache (two segments), copied per test."""
    cache = tmp_path_factory.getbasetemp() / "preread-cache"
    if not cache.exists():
        folder = write_sample_corpus(tmp_path_factory.mktemp("preread") / "news", n=8)
        build_corpus(folder, cache_dir=cache, model=RULE_BASED, workers=1, chunk_size=4)
    shutil.copytree(cache, tmp_path / "cache")
    (version,) = [p for p in (tmp_path / "cache").iterdir() if (p / "segments").is_dir()]
    return version


def test_read_segments_takes_what_was_read_ahead_and_gives_the_same_tables(root):
    index = store.segment_index(root)
    plain = store.read_segments(root, index)
    ahead: dict[str, dict[str, pd.DataFrame]] = {}
    store.read_new_segments(root, set(), ahead)
    assert set(ahead) == set(index["segment"])
    for seg in ahead:  # read ahead, then damaged: the read takes what was read ahead
        (root / "segments" / seg / "mentions.parquet").write_bytes(b"damaged")
    taken = store.read_segments(root, index, preread=ahead)
    for name in PER_DOCUMENT_TABLES:
        pd.testing.assert_frame_equal(taken[name], plain[name], obj=name)


def test_a_damaged_segment_is_not_read_ahead_but_left_for_the_read_to_report(root):
    damaged = sorted(store.segment_names(root))[0]
    (root / "segments" / damaged / "events.parquet").write_bytes(b"damaged")
    skip: set[str] = set()
    ahead: dict[str, dict[str, pd.DataFrame]] = {}
    store.read_new_segments(root, skip, ahead)
    assert damaged in skip and damaged not in ahead and len(ahead) == 1


def test_a_folder_not_yet_published_is_not_read_ahead(root, monkeypatch):
    """A ``.tmp-*`` folder (another worker writing a segment, meta.json already in it,
    or a segment being discarded) is not a segment until its rename: never read."""
    published = store.segment_names(root)
    shutil.copytree(root / "segments" / sorted(published)[0], root / "segments" / ".tmp-0123abcd")
    touched: list[str] = []
    real = store.read_verified

    def read_verified(folder, name, meta):
        touched.append(folder.name)
        return real(folder, name, meta)

    monkeypatch.setattr(store, "read_verified", read_verified)
    skip: set[str] = set()
    ahead: dict[str, dict[str, pd.DataFrame]] = {}
    store.read_new_segments(root, skip, ahead)
    assert set(ahead) == published and skip == set()
    assert not [name for name in touched if name.startswith(".tmp-")]
    assert store.segment_names(root) == published


def test_what_was_read_ahead_is_let_go_once_used(root):
    """Each segment read ahead leaves ``preread`` as the read takes it, so no frame read
    ahead outlives the read (peak memory: not one more copy of the tables)."""
    ahead: dict[str, dict[str, pd.DataFrame]] = {}
    store.read_new_segments(root, set(), ahead)
    held = [weakref.ref(frame) for frames in ahead.values() for frame in frames.values()]
    taken = store.read_segments(root, store.segment_index(root), preread=ahead)
    assert ahead == {} and len(taken["sentences"]) > 0
    gc.collect()
    assert [ref for ref in held if ref() is not None] == []
