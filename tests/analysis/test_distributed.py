"""The Dask engine gives exactly the local engine's tables, with workers writing the cache."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest
from distributed import LocalCluster

# Same directory, no package: pytest's default import mode puts tests/analysis on sys.path.
from test_build import (  # the module-wide fixture applies here too
    REAL_MODEL,
    pinned_analysis_version,  # noqa: F401
    write_sample_corpus,
)

from analysis import store
from analysis.__main__ import main
from analysis.build import SNAPSHOT_TABLES, build_corpus, split_chunks
from analysis.distributed import SharedCacheError, _check_visible, run_dask
from analysis.nlp import RULE_BASED
from analysis.runtime import usable_cpus
from tests.factories import assert_same_tables

pytestmark = pytest.mark.slow  # Dask clusters building real corpora


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.WARNING,
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return write_sample_corpus(tmp_path_factory.mktemp("corpus") / "news", n=40)


def test_dask_engine_equals_local_engine_rule_based(tmp_path, sample, cluster):
    local = build_corpus(
        sample, cache_dir=tmp_path / "local", model=RULE_BASED, workers=1, chunk_size=8
    )
    seen = []
    dask = build_corpus(
        sample, cache_dir=tmp_path / "dask", model=RULE_BASED, engine="dask",
        scheduler=cluster.scheduler_address, chunk_size=8, progress=seen.append,
    )  # fmt: skip
    assert local.processed == dask.processed == 40
    assert_same_tables(local, dask)
    assert len(dask.table("countries")) >= 8
    # one segment per batch, written by the workers into the shared cache folder
    root = next(
        p for p in (tmp_path / "dask").iterdir() if not p.name.endswith(store.STAGES_SUFFIX)
    )
    batches = split_chunks(pd.DataFrame({"i": range(40)}), 8, usable_cpus())
    assert len(batches) >= 5  # 40 documents in batches of at most 8
    assert store.segment_index(root)["segment"].nunique() == len(batches)
    # progress as batches complete: starts at 0, ends at the total, never goes back
    done = [p.done for p in seen]
    assert done[0] == 0 and done[-1] == 40 and done == sorted(done)
    assert all(p.total == 40 for p in seen)


def test_workers_load_the_model_once_and_analyse_the_batches(tmp_path, sample, cluster):
    from distributed import Client

    build_corpus(
        sample, cache_dir=tmp_path, model=RULE_BASED, engine="dask",
        scheduler=cluster.scheduler_address, chunk_size=4,
    )  # fmt: skip
    with Client(cluster) as client:
        # every worker holds the pipeline in its per-process cache (loaded by ModelPlugin)
        loaded = client.run(lambda: __import__("analysis.nlp").nlp.load_model.cache_info().currsize)
        assert set(loaded.values()) == {1}
        names = client.run(lambda dask_worker: sorted(dask_worker.plugins))
        assert all(f"newslens-model-{RULE_BASED}" in v for v in names.values())


def test_dask_engine_rebuild_is_incremental(tmp_path, sample, cluster):
    kwargs = dict(model=RULE_BASED, engine="dask", scheduler=cluster.scheduler_address)
    build_corpus(sample, cache_dir=tmp_path, chunk_size=8, **kwargs)
    again = build_corpus(sample, cache_dir=tmp_path, chunk_size=8, **kwargs)
    assert again.processed == 0


def test_dask_engine_starts_its_own_local_cluster(tmp_path, sample):
    local = build_corpus(sample, cache_dir=tmp_path / "local", model=RULE_BASED, workers=1)
    dask = build_corpus(
        sample, cache_dir=tmp_path / "dask", model=RULE_BASED, engine="dask", chunk_size=10
    )
    assert dask.processed == 40
    assert_same_tables(local, dask)


def test_cli_engine_dask_with_scheduler_gives_the_local_summary(tmp_path, sample, cluster, capsys):
    common = [str(sample), "--model", RULE_BASED, "--quiet", "--top", "50"]
    assert main(["summary", *common, "--cache", str(tmp_path / "a")]) == 0
    local = json.loads(capsys.readouterr().out)
    assert main(["summary", *common, "--cache", str(tmp_path / "b"), "--engine", "dask",
                 "--scheduler", cluster.scheduler_address]) == 0  # fmt: skip
    dask = json.loads(capsys.readouterr().out)
    assert dask == local
    assert len(dask["countries"]) >= 8


def test_a_segment_the_driver_cannot_see_is_an_error(tmp_path):
    with pytest.raises(SharedCacheError, match="filesystem all workers share"):
        _check_visible(tmp_path, "20240101T000000-deadbeef")


def test_a_failing_batch_fails_the_build(tmp_path, cluster):
    bad = pd.DataFrame({"doc_key": ["k"], "doc_id": ["d"], "text": [None], "date": [None]})
    with pytest.raises(Exception):  # noqa: B017 - whatever the worker raised, re-raised here
        run_dask(tmp_path, "no_such_pipeline_xyz", [bad], scheduler=cluster.scheduler_address)
    assert not (tmp_path / "segments").exists() or not any((tmp_path / "segments").iterdir())


@pytest.mark.model
def test_dask_engine_equals_local_engine_trained_model(tmp_path, cluster):
    corpus = write_sample_corpus(tmp_path / "news", n=8)
    local = build_corpus(corpus, cache_dir=tmp_path / "local", model=REAL_MODEL, workers=1)
    dask = build_corpus(
        corpus, cache_dir=tmp_path / "dask", model=REAL_MODEL, engine="dask",
        scheduler=cluster.scheduler_address, chunk_size=3,
    )  # fmt: skip
    assert dask.processed == 8
    assert_same_tables(local, dask)
    assert len(dask.table("events")) > 0
    for name in SNAPSHOT_TABLES:
        assert len(dask.table(name)) > 0, name
