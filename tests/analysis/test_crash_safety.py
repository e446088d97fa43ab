"""The cache survives SIGKILL at any moment and concurrent builds of one corpus.

Runs the real CLI (``python -m analysis build ... --workers 1``) in subprocesses on a
generated corpus of 600 stories (3 batches: 256, 256 and 88 documents, as a one-worker
build cuts them, analysis.build.split_chunks; each batch publishes a parse,
a mentions and an events stage segment, then its version-folder segment). Each run is
made to SIGKILL itself at a chosen publishing rename ($NEWSLENS_TEST_KILL_AT,
analysis.store.KILL_ENV: right before or right after the Nth rename of that run), so
every chosen point is reached for sure whatever the machine's load. After each kill the
test checks that what is left is only complete folders (plus the one temporary folder a
kill before a rename leaves), then lets a build finish and compares every table with a
clean build in a fresh cache.

The model is the shared small saved pipeline (tests/analysis/conftest.py, blank English
and an entity ruler), passed as ``--model PATH``: the same code path as any spaCy
pipeline, loaded in well under a second, which keeps the CLI runs near a minute on two
cores.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import schema, stages, store
from analysis.tables import SNAPSHOT_TABLES
from tests.factories import assert_same_tables

N_DOCS = 600
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def code(tmp_path_factory) -> Path:
    """A frozen copy of the analysis package to run the CLI from.

    The cache key includes a hash of analysis/*.py; engineers editing the working tree
    during the test would otherwise move later builds to a fresh model folder.
    """
    folder = tmp_path_factory.mktemp("code")
    shutil.copytree(
        REPO / "analysis", folder / "analysis", ignore=shutil.ignore_patterns("__pycache__")
    )
    return folder


def _cli(
    code: Path, corpus: Path, cache: Path, model: str, kill_at: str | None = None
) -> subprocess.Popen[str]:
    """A CLI build of ``corpus`` into ``cache``; ``kill_at``: where it kills itself."""
    cmd = [sys.executable, "-m", "analysis", "build", str(corpus), "--cache", str(cache),
           "--model", model, "--workers", "1", "--quiet"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != store.KILL_ENV}
    if kill_at is not None:
        env[store.KILL_ENV] = kill_at
    return subprocess.Popen(
        cmd, cwd=code, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _analysed_now(proc: subprocess.Popen[str], timeout: float = 120) -> int:
    """Wait for a CLI build; the number of documents it ran through the NLP."""
    _, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-2000:]
    found = re.search(r"\(([\d,]+) analysed now", err)
    assert found, err[-2000:]
    return int(found.group(1).replace(",", ""))


def _killed(proc: subprocess.Popen[str], timeout: float = 120) -> None:
    """Wait for a CLI build that must have killed itself with SIGKILL."""
    _, err = proc.communicate(timeout=timeout)
    assert proc.returncode == -signal.SIGKILL, err[-2000:]


def _model_root(cache: Path) -> Path | None:
    roots = [p for p in cache.glob("*") if p.is_dir() and not p.name.endswith(store.STAGES_SUFFIX)]
    assert len(roots) <= 1, roots  # one model, one frozen code version
    return roots[0] if roots else None


def _listing(folder: Path) -> tuple[list[str], list[str]]:
    """(published, temporary) folder names under ``folder``."""
    try:
        names = [e.name for e in folder.iterdir()]
    except FileNotFoundError:
        return [], []
    return (
        [n for n in names if not n.startswith(".")],
        [n for n in names if n.startswith(".tmp-")],
    )


def _assert_only_complete_folders(cache: Path) -> None:
    """Every published segment/snapshot folder is complete and readable."""
    root = _model_root(cache)
    if root is None:
        return
    segs, _ = _listing(root / "segments")
    for seg in segs:
        for name in ("keys", *schema.PER_DOCUMENT_TABLES):
            pd.read_parquet(root / "segments" / seg / f"{name}.parquet")
    snaps, _ = _listing(root / "corpora")
    for snap in snaps:
        assert (root / "corpora" / snap / "meta.json").exists()
        for name in SNAPSHOT_TABLES:
            pd.read_parquet(root / "corpora" / snap / f"{name}.parquet")


def _state(cache: Path) -> dict[str, tuple[int, int]]:
    """{folder: (published, temporary) folder counts}: the version folder's segments and
    snapshots and each stage's segments."""
    root = _model_root(cache)
    assert root is not None
    out = {}
    for name, folder in (("segments", root / "segments"), ("corpora", root / "corpora")):
        published, temporary = _listing(folder)
        out[name] = (len(published), len(temporary))
    for stage_root in root.parent.glob(f"*{store.STAGES_SUFFIX}/*-*"):
        published, temporary = _listing(stage_root / "segments")
        out[stage_root.name.split("-")[0]] = (len(published), len(temporary))
    return out


def _tables(cache: Path) -> dict[str, pd.DataFrame]:
    """Every table of the one snapshot in ``cache``, read as stored."""
    root = _model_root(cache)
    assert root is not None
    snapshots, _ = _listing(root / "corpora")
    assert len(snapshots) == 1, snapshots
    folder = root / "corpora" / snapshots[0]
    return {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, news_corpus) -> Path:
    return news_corpus(tmp_path_factory.mktemp("crash-corpus"), N_DOCS)


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory, code, corpus, model):
    """A clean build in a fresh cache, started in the background; call it for the tables."""
    cache = tmp_path_factory.mktemp("clean-cache")
    proc = _cli(code, corpus, cache, model)
    result: dict[str, dict[str, pd.DataFrame]] = {}

    def tables() -> dict[str, pd.DataFrame]:
        if not result:
            assert _analysed_now(proc) == N_DOCS
            result["tables"] = _tables(cache)
        return result["tables"]

    yield tables
    if proc.poll() is None:
        proc.kill()
        proc.wait()


#: Where each run kills itself, counted in that run's own publishing renames, and the
#: cache it must leave: {folder: (published, temporary)}. A chunk publishes parse,
#: mentions, events, then its version segment; a chunk whose stages are all stored is
#: only copied (its version segment); the last two renames are the corpus pass's state
#: and the snapshot.
KILLS = [
    # 1. Mid-chunk: the first chunk's parse is stored, nothing else.
    ("after:1", {"segments": (0, 0), "parse": (1, 0), "mentions": (0, 0)}),
    # 2. Chunk 1 re-derived from its stored parse without the model (3 renames), chunk 2
    #    parsed and stored in every stage; killed before its version segment's rename.
    ("before:7", {"segments": (1, 1), "parse": (2, 0), "events": (2, 0)}),
    # 3. Chunk 2 only copied (1), chunk 3 whole (4): killed right after its version segment.
    ("after:5", {"segments": (3, 0), "parse": (3, 0), "events": (3, 0)}),
    # 4. Every chunk stored; the corpus state (1): killed before the snapshot's rename.
    ("before:2", {"segments": (3, 0), "corpora": (0, 1), "parse": (3, 0)}),
]


@pytest.mark.slow  # CLI builds of 600 documents, killed and resumed
def test_sigkill_at_chosen_renames_then_resume_equals_clean_build(
    tmp_path, code, corpus, model, clean_build
):
    assert [s.name for s in stages.STAGES] == ["parse", "mentions", "events"]
    cache = tmp_path / "cache"
    for kill_at, expected in KILLS:
        _killed(_cli(code, corpus, cache, model, kill_at))
        state = _state(cache)
        assert {k: state.get(k, (0, 0)) for k in expected} == expected, (kill_at, state)
        _assert_only_complete_folders(cache)
    root = _model_root(cache)
    assert root is not None
    done_before = len(store.segment_index(root))
    assert done_before == N_DOCS  # every chunk published; the snapshot was not

    assert _analysed_now(_cli(code, corpus, cache, model)) == N_DOCS - done_before
    index = store.segment_index(root)
    assert index["doc_key"].is_unique and len(index) == N_DOCS
    keys = [pd.read_parquet(p) for p in root.glob("segments/*/keys.parquet")]
    assert sum(map(len, keys)) == N_DOCS, "a resumed build analysed a document twice"
    assert _listing(root / "segments")[1] == [], "stale temporary folders were not removed"
    assert _listing(root / "corpora")[1] == [], "stale temporary folders were not removed"
    assert_same_tables(_tables(cache), clean_build())


@pytest.mark.slow  # two CLI builds of 600 documents at once
def test_two_builds_at_once_share_one_nlp_run(tmp_path, code, corpus, model, clean_build):
    cache = tmp_path / "cache"
    first, second = _cli(code, corpus, cache, model), _cli(code, corpus, cache, model)
    counts = sorted([_analysed_now(first), _analysed_now(second)])
    assert counts == [0, N_DOCS]
    root = _model_root(cache)
    assert root is not None and len(store.segment_index(root)) == N_DOCS
    assert len(_listing(root / "corpora")[0]) == 1
    assert_same_tables(_tables(cache), clean_build())


def _publishing(tmp_path: Path, kill_at: str, segments: int) -> subprocess.CompletedProcess:
    """A process with $NEWSLENS_TEST_KILL_AT=``kill_at`` that writes ``segments`` one-row
    segments under tmp_path/root."""
    code = f"""
from pathlib import Path
import pandas as pd
from analysis import schema, store
for i in range({segments}):
    keys = pd.DataFrame({{"doc_key": [f"k{{i}}"], "doc_id": [f"d{{i}}"]}})
    tables = {{n: schema.empty(n) for n in schema.PER_DOCUMENT_TABLES}}
    store.write_segment(Path({str(tmp_path / "root")!r}), keys, tables)
"""
    env = {**os.environ, store.KILL_ENV: kill_at}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


@pytest.mark.parametrize(
    ("kill_at", "published", "temporary"), [("after:2", 2, 0), ("before:2", 1, 1)]
)
def test_the_kill_hook_kills_at_the_named_rename(tmp_path, kill_at, published, temporary):
    done = _publishing(tmp_path, kill_at, segments=3)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    names = _listing(tmp_path / "root" / "segments")
    assert (len(names[0]), len(names[1])) == (published, temporary), names


def test_a_malformed_kill_point_is_refused_not_ignored(tmp_path):
    done = _publishing(tmp_path, "after2", segments=1)
    assert done.returncode == 1 and store.KILL_ENV in done.stderr, done.stderr[-2000:]
    with pytest.raises(ValueError, match=store.KILL_ENV):
        store._kill_point("during:1")
    assert store._kill_point(None) is None and store._kill_point("before:3") == ("before", 3)


def test_kill_while_compaction_deletes_old_segments_leaves_a_readable_cache(tmp_path, monkeypatch):
    # Segments written in the same second are ordered by a random suffix, so the merged
    # segment can sort before an old one that still holds the same documents. A kill
    # half-way through deleting that old segment must not leave it in the index.
    ids = iter(range(10**6, 0, -1))  # each uuid sorts before the previous one
    monkeypatch.setattr(store.uuid, "uuid4", lambda: store.uuid.UUID(int=next(ids) << 96))
    monkeypatch.setattr(store.time, "strftime", lambda fmt: "20240101T000000")
    root = tmp_path / "model"
    for i in range(6):
        keys = pd.DataFrame({"doc_key": [f"k{i}"], "doc_id": [f"d{i}"]})
        sentences = pd.DataFrame(
            {"doc_id": [f"d{i}"], "sent_id": [0], "start": [0], "end": [4], "text": ["Text"]}
        )
        tables = {name: schema.empty(name) for name in schema.PER_DOCUMENT_TABLES}
        store.write_segment(root, keys, {**tables, "sentences": sentences})
    real_rmtree = store.shutil.rmtree

    def killed_mid_delete(path, *args, **kwargs):
        (Path(path) / "sentences.parquet").unlink()
        raise KeyboardInterrupt("SIGKILL")  # the process dies half-way through

    monkeypatch.setattr(store.shutil, "rmtree", killed_mid_delete)
    with pytest.raises(KeyboardInterrupt):
        store.compact_segments(root, max_segments=4)
    monkeypatch.setattr(store.shutil, "rmtree", real_rmtree)
    index = store.segment_index(root)
    assert sorted(index["doc_key"]) == [f"k{i}" for i in range(6)]
    sentences = store.read_segments(root, index)["sentences"]
    assert sorted(sentences["doc_id"]) == [f"d{i}" for i in range(6)]
