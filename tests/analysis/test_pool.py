"""The model host (analysis.pool.ModelHost): a cold build's pipeline loads in a child
while the build reads the corpus; its workers give the tables of a one-process build;
it stops when no NLP is needed and reports a worker's or its own failure.

A small pipeline saved to disk (blank English and an entity ruler) keeps each build
well under a second of model loading.
"""

from __future__ import annotations

import gc
import multiprocessing
from pathlib import Path

import pandas as pd
import pytest
import spacy

from analysis import pool, runtime, staged
from analysis.build import SNAPSHOT_TABLES, build_corpus


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> str:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    places = "Paris France Berlin Germany Cairo Egypt Nairobi Kenya Lima Peru Hanoi Vietnam"
    ruler.add_patterns([{"label": "GPE", "pattern": p} for p in places.split()])
    nlp.meta["name"], nlp.meta["version"] = "pool_test", "1.0.0"
    path = tmp_path_factory.mktemp("model") / "pool_test"
    nlp.to_disk(path)
    return str(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, news_corpus) -> Path:
    return news_corpus(tmp_path_factory.mktemp("pool-corpus"), 24)


def _same(a, b) -> None:
    for name in ("documents", "skipped", *SNAPSHOT_TABLES):
        pd.testing.assert_frame_equal(a.table(name), b.table(name), obj=name)


@pytest.mark.slow  # three builds (about 5 s)
def test_a_hosted_pool_gives_the_tables_of_one_process_and_leaves_no_process(
    tmp_path, corpus, model, monkeypatch
):
    started = []
    real_init = pool.ModelHost.__init__
    monkeypatch.setattr(
        pool.ModelHost, "__init__", lambda self, name: started.append(name) or real_init(self, name)
    )
    monkeypatch.setenv(runtime.STAGES_ENV, str(tmp_path / "stages.json"))
    monkeypatch.setattr(runtime, "_NOTES", {})
    hosted = build_corpus(corpus, cache_dir=tmp_path / "pool", model=model, workers=2,
                          chunk_size=4)  # fmt: skip
    assert started == [model] and hosted.processed == 24
    # the host loaded the pipeline and its workers ran the chunks
    assert runtime._NOTES["model host ready"]["cpu"] > 0
    assert multiprocessing.active_children() == []
    one = build_corpus(corpus, cache_dir=tmp_path / "one", model=model, workers=1)
    _same(hosted, one)
    # cached: the host is started with the build, stopped unused, nothing analysed
    again = build_corpus(corpus, cache_dir=tmp_path / "pool", model=model, workers=2)
    assert again.processed == 0 and len(started) == 2
    assert multiprocessing.active_children() == []
    _same(again, one)


def test_a_worker_failure_reaches_the_build_and_stops_the_host(
    tmp_path, corpus, model, monkeypatch
):
    def fail(where, nlp, chunk):  # inherited by the host's forked workers
        raise RuntimeError("worker broke on purpose")

    monkeypatch.setattr(staged, "analyze_and_store", fail)
    with pytest.raises(RuntimeError, match="worker broke on purpose"):
        build_corpus(corpus, cache_dir=tmp_path, model=model, workers=2, chunk_size=4)
    assert multiprocessing.active_children() == []


def test_a_pipeline_the_host_cannot_load_is_the_builds_error(tmp_path, corpus, model, monkeypatch):
    def cannot(name):  # the host (forked) fails to load, as load_model does
        raise ValueError(f"spaCy pipeline '{name}' is not installed or not a pipeline folder")

    monkeypatch.setattr(pool, "warm_model", cannot)
    with pytest.raises(ValueError, match="not installed or not a pipeline folder"):
        build_corpus(corpus, cache_dir=tmp_path, model=model, workers=2, chunk_size=4)
    assert multiprocessing.active_children() == []


def test_frozen_hides_what_is_alive_from_the_collector_only_inside_the_block():
    before = gc.get_freeze_count()
    with runtime.frozen():
        assert gc.get_freeze_count() > before
    assert gc.get_freeze_count() == 0  # unfrozen after, as before any build
