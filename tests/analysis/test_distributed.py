"""The Dask engine gives exactly the local engine's tables, with workers writing the cache.

No Dask cluster runs in the pytest process: distributed keeps a module-wide offload
thread ("Dask-Offload", distributed.utils._offload_executor) that no close of its own
stops (analysis.distributed ends it after a build's own cluster; checked in a child
Python), and a process with other threads never forks its build workers
(analysis.pool.can_fork). The shared cluster
runs in a child Python (:func:`scheduler`); the build that starts its own LocalCluster
runs in a child Python too (:func:`_build_in_child`). A Client in this process (the
driver of a build given ``scheduler``) leaves nothing behind once closed, and
:func:`leaves_no_thread` checks that after every test.
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

# Same directory, no package: pytest's default import mode puts tests/analysis on sys.path.
from test_build import (  # the module-wide fixture applies here too
    REAL_MODEL,
    pinned_analysis_version,  # noqa: F401
    write_sample_corpus,
)

from analysis import gemm, store
from analysis.__main__ import main
from analysis.build import build_corpus, split_chunks
from analysis.distributed import SharedCacheError, _check_visible, run_dask
from analysis.nlp import RULE_BASED
from analysis.runtime import usable_cpus
from analysis.tables import SNAPSHOT_TABLES
from tests.factories import assert_same_tables

pytestmark = pytest.mark.slow  # Dask clusters building real corpora

ROOT = Path(__file__).resolve().parents[2]

#: A child Python that runs a two-worker LocalCluster, prints its scheduler address and
#: closes it when its stdin closes (the fixture's teardown, or this process's death).
_CLUSTER = """
import logging, sys
from distributed import LocalCluster
if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0", silence_logs=logging.WARNING) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()
"""

#: A child Python that builds argv[1] into the cache argv[2] with the Dask engine and no
#: scheduler (so the build starts its own LocalCluster), at analysis version argv[3]; prints
#: the names of the threads its process runs after the build, then the documents analysed.
_OWN_CLUSTER_BUILD = """
import sys, threading
from analysis import store
from analysis.build import build_corpus
from analysis.nlp import RULE_BASED
if __name__ == "__main__":
    corpus, cache, version = sys.argv[1:]
    store.analysis_version = lambda: version  # the version the test module pinned
    built = build_corpus(corpus, cache_dir=cache, model=RULE_BASED, engine="dask",
                         chunk_size=10)
    print(",".join(sorted(t.name for t in threading.enumerate())))
    print(built.processed)
"""


@pytest.fixture(autouse=True)
def leaves_no_thread() -> Iterator[None]:
    """No test here leaves a thread in the pytest process: a process with other threads
    never forks its build workers (analysis.pool.can_fork), so a leftover thread would send
    every later test of the fork paths (test_pool) down the spawn path."""
    yield
    deadline = time.monotonic() + 5  # a closing client's IO loop thread takes a moment
    while (others := _other_threads()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not others, f"threads left in the test process: {others}"


def _other_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t is not threading.main_thread()]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a two-worker LocalCluster running in a child Python (cwd: the
    repository, so its workers import this tree's ``analysis``)."""
    child = subprocess.Popen([sys.executable, "-c", _CLUSTER], cwd=ROOT, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # fmt: skip
    try:
        started, _, _ = select.select([child.stdout], [], [], 180)  # no hang if it never starts
        address = child.stdout.readline().strip() if started else ""
        assert address.startswith("tcp://"), f"the cluster did not start: {address!r}"
        yield address
    finally:
        child.stdin.close()
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        child.stdout.close()


def _build_in_child(corpus: Path, cache: Path, version: str) -> tuple[int, list[str]]:
    """Build ``corpus`` into ``cache`` with the Dask engine's own LocalCluster, in a child
    Python; returns the number of documents it analysed and the names of the threads
    its process ran after the build."""
    run = subprocess.run(
        [sys.executable, "-c", _OWN_CLUSTER_BUILD, str(corpus), str(cache), version],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-4000:]
    *_, threads, processed = run.stdout.split()
    return int(processed), threads.split(",")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return write_sample_corpus(tmp_path_factory.mktemp("corpus") / "news", n=40)


def test_dask_engine_equals_local_engine_rule_based(tmp_path, sample, scheduler):
    local = build_corpus(
        sample, cache_dir=tmp_path / "local", model=RULE_BASED, workers=1, chunk_size=8
    )
    seen = []
    dask = build_corpus(
        sample, cache_dir=tmp_path / "dask", model=RULE_BASED, engine="dask",
        scheduler=scheduler, chunk_size=8, progress=seen.append,
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


def test_workers_load_the_model_once_and_analyse_the_batches(tmp_path, sample, scheduler):
    from distributed import Client

    build_corpus(
        sample, cache_dir=tmp_path, model=RULE_BASED, engine="dask",
        scheduler=scheduler, chunk_size=4,
    )  # fmt: skip
    with Client(scheduler) as client:
        # every worker holds the pipeline in its per-process cache (loaded by ModelPlugin)
        loaded = client.run(lambda: __import__("analysis.nlp").nlp.load_model.cache_info().currsize)
        assert set(loaded.values()) == {1}
        names = client.run(lambda dask_worker: sorted(dask_worker.plugins))
        assert all(f"newslens-model-{RULE_BASED}" in v for v in names.values())


def _on_workers(scheduler: str, fn, *args) -> dict:
    """``fn(*args)`` run on every worker of the cluster at ``scheduler``: worker -> result."""
    from distributed import Client

    with Client(scheduler) as client:
        return client.run(fn, *args)


def test_workers_parse_with_the_drivers_kernel_not_their_own(
    tmp_path, sample, scheduler, monkeypatch
):
    """The stage keys carry the driver's NEWSLENS_GEMM (analysis.gemm); a worker whose
    own environment says another kernel must still parse with the driver's."""
    monkeypatch.setenv(gemm.ENV_VAR, "numpy")
    set_env = lambda v: __import__("os").environ.__setitem__(gemm.ENV_VAR, v)  # noqa: E731
    _on_workers(scheduler, set_env, "blis")
    try:
        build_corpus(sample, cache_dir=tmp_path, model=RULE_BASED, engine="dask",
                     scheduler=scheduler, chunk_size=4)  # fmt: skip

        # Whether each worker had loaded the pipeline on a kernel: a cache hit says so.
        def loaded_on(kernel: str) -> bool:
            nlp = __import__("analysis.nlp").nlp
            hits = nlp.load_model.cache_info().hits
            nlp.load_model(RULE_BASED, kernel)
            return nlp.load_model.cache_info().hits > hits

        on_numpy = _on_workers(scheduler, loaded_on, "numpy")
        on_blis = _on_workers(scheduler, loaded_on, "blis")
    finally:
        _on_workers(scheduler, set_env, "numpy")
    assert all(on_numpy.values()) and on_numpy
    assert not any(on_blis.values())


def test_dask_engine_rebuild_is_incremental(tmp_path, sample, scheduler):
    kwargs = dict(model=RULE_BASED, engine="dask", scheduler=scheduler)
    build_corpus(sample, cache_dir=tmp_path, chunk_size=8, **kwargs)
    again = build_corpus(sample, cache_dir=tmp_path, chunk_size=8, **kwargs)
    assert again.processed == 0


def test_dask_engine_starts_its_own_local_cluster(tmp_path, sample):
    local = build_corpus(sample, cache_dir=tmp_path / "local", model=RULE_BASED, workers=1)
    version = store.analysis_version()  # pinned for the module (pinned_analysis_version)
    processed, threads = _build_in_child(sample, tmp_path / "dask", version)
    assert processed == 40
    # nothing of the cluster is left running in the build's process (distributed's
    # offload thread included), so a local build after it there still forks its workers
    assert threads == ["MainThread"]
    # served from the snapshot the child's Dask build wrote: nothing analysed here
    dask = build_corpus(sample, cache_dir=tmp_path / "dask", model=RULE_BASED, engine="dask")
    assert dask.processed == 0
    assert_same_tables(local, dask)


@pytest.mark.parametrize("kind", ["Client", "Scheduler", "Nanny", "Worker"])
def test_the_offload_thread_is_ended_only_when_nothing_of_distributed_is_open(monkeypatch, kind):
    """A client, scheduler, nanny or worker of the user's still open in this process (an
    in-process cluster whose address the build was given, with no client of theirs)
    keeps the executor: it holds it (worker.py: ``"offload": utils._offload_executor``)."""
    import distributed
    from distributed import utils
    from distributed.core import Status

    from analysis.distributed import _end_offload_thread

    class Open:  # one of the user's, still running in this process
        status = "running" if kind == "Client" else Status.running

    first = utils._offload_executor
    user = Open()
    monkeypatch.setattr(getattr(distributed, kind), "_instances", weakref.WeakSet([user]))
    _end_offload_thread()
    assert utils._offload_executor is first
    assert first.submit(int, "3").result() == 3  # still usable by the user's
    user.status = "closed" if kind == "Client" else Status.closed
    _end_offload_thread()
    assert utils._offload_executor is not first
    with pytest.raises(RuntimeError, match="shutdown"):  # the old one is shut down
        first.submit(int, "5")
    assert utils._offload_executor.submit(int, "4").result() == 4  # a fresh one works
    utils._offload_executor.shutdown(wait=True)  # leaves_no_thread
    utils._offload_executor = first.__class__(max_workers=1, thread_name_prefix="Dask-Offload")


def test_cli_engine_dask_with_scheduler_gives_the_local_summary(
    tmp_path, sample, scheduler, capsys
):
    common = [str(sample), "--model", RULE_BASED, "--quiet", "--top", "50"]
    assert main(["summary", *common, "--cache", str(tmp_path / "a")]) == 0
    local = json.loads(capsys.readouterr().out)
    assert main(["summary", *common, "--cache", str(tmp_path / "b"), "--engine", "dask",
                 "--scheduler", scheduler]) == 0  # fmt: skip
    dask = json.loads(capsys.readouterr().out)
    assert dask == local
    assert len(dask["countries"]) >= 8


def test_a_segment_the_driver_cannot_see_is_an_error(tmp_path):
    with pytest.raises(SharedCacheError, match="filesystem all workers share"):
        _check_visible(tmp_path, "20240101T000000-deadbeef")


def test_a_failing_batch_fails_the_build(tmp_path, scheduler):
    bad = pd.DataFrame({"doc_key": ["k"], "doc_id": ["d"], "text": [None], "date": [None]})
    with pytest.raises(Exception):  # noqa: B017 - whatever the worker raised, re-raised here
        run_dask(tmp_path, "no_such_pipeline_xyz", [bad], scheduler=scheduler)
    assert not (tmp_path / "segments").exists() or not any((tmp_path / "segments").iterdir())


@pytest.mark.model
def test_dask_engine_equals_local_engine_trained_model(tmp_path, scheduler):
    corpus = write_sample_corpus(tmp_path / "news", n=8)
    local = build_corpus(corpus, cache_dir=tmp_path / "local", model=REAL_MODEL, workers=1)
    dask = build_corpus(
        corpus, cache_dir=tmp_path / "dask", model=REAL_MODEL, engine="dask",
        scheduler=scheduler, chunk_size=3,
    )  # fmt: skip
    assert dask.processed == 8
    assert_same_tables(local, dask)
    assert len(dask.table("events")) > 0
    for name in SNAPSHOT_TABLES:
        assert len(dask.table(name)) > 0, name
