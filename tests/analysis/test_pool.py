"""The model host (analysis.pool.ModelHost): a cold build's pipeline loads in a child
while the build reads the corpus; its workers give the tables of a one-process build;
it stops when no NLP is needed and reports a worker's or its own failure; it is sent
the chunks one at a time; its workers (the host's children, which
``multiprocessing.active_children`` never lists) die with it; it forks them with no other
thread running; it dies with the build.

A small pipeline saved to disk (blank English and an entity ruler) keeps each build
well under a second of model loading.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import psutil
import pytest
import spacy

from analysis import pool, runtime, staged
from analysis.__main__ import main
from analysis.build import SNAPSHOT_TABLES, build_corpus

TEST_PID = os.getpid()


@pytest.fixture(autouse=True)
def forkable() -> None:
    """These tests are of the fork paths: a thread another test left behind would make
    the build spawn its workers instead (test_distributed keeps its Dask clusters out of
    the test process for this reason)."""
    others = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    assert pool.can_fork(), f"threads left by earlier tests: {others}"


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


def _record_workers(monkeypatch, folder: Path, then: Callable[[], None] | None = None) -> Path:
    """Each worker process (not this one) touches ``folder/<its pid>`` before a chunk,
    then runs ``then()``: staged.analyze_and_store is replaced here, before the host and
    its workers are forked, so they inherit the replacement."""
    folder.mkdir(exist_ok=True)
    real = staged.analyze_and_store

    def recording(where, nlp, chunk):
        if os.getpid() != TEST_PID:
            (folder / str(os.getpid())).touch()
            if then is not None:
                then()
        return real(where, nlp, chunk)

    monkeypatch.setattr(staged, "analyze_and_store", recording)
    return folder


def _alive(pid: int) -> bool:
    try:  # a zombie has ended: only its exit status waits for whoever adopted it
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _still_running(pids: list[int], seconds: float = 3.0) -> list[int]:
    """Those of ``pids`` still running after up to ``seconds`` (killed then, so a failing
    test leaves none behind)."""
    assert pids  # the processes did run
    deadline = time.monotonic() + seconds
    while (alive := [p for p in pids if _alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    return alive


def _worker_pids(folder: Path) -> list[int]:
    return [int(p.name) for p in folder.iterdir()]


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
    pids = _record_workers(monkeypatch, tmp_path / "pids")
    hosted = build_corpus(corpus, cache_dir=tmp_path / "pool", model=model, workers=2,
                          chunk_size=4)  # fmt: skip
    assert started == [model] and hosted.processed == 24
    # the host loaded the pipeline and its workers ran the chunks
    assert runtime._NOTES["model host ready"]["cpu"] > 0
    assert multiprocessing.active_children() == []
    assert _still_running(_worker_pids(pids)) == []  # the host's workers too
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
    def fail():  # inherited by the host's forked workers
        raise RuntimeError("worker broke on purpose")

    pids = _record_workers(monkeypatch, tmp_path / "pids", then=fail)
    with pytest.raises(RuntimeError, match="worker broke on purpose"):
        build_corpus(corpus, cache_dir=tmp_path / "cache", model=model, workers=2, chunk_size=4)
    assert multiprocessing.active_children() == []
    assert _still_running(_worker_pids(pids)) == []


def _kill_the_host() -> None:
    """In a worker: SIGKILL its model host (as the out-of-memory killer would), then work
    on a long chunk, which only the worker's death with its parent cuts short."""
    host = psutil.Process(os.getppid())
    if host.ppid() == TEST_PID:  # still the host, not the process that adopted us
        host.kill()
    time.sleep(20)


def test_a_killed_host_is_a_build_process_error_and_its_workers_die_with_it(
    tmp_path, corpus, model, monkeypatch
):
    pids = _record_workers(monkeypatch, tmp_path / "pids", then=_kill_the_host)
    with pytest.raises(pool.BuildProcessError, match=r"model host process .*killed by SIGKILL"):
        build_corpus(corpus, cache_dir=tmp_path / "cache", model=model, workers=2, chunk_size=4)
    assert multiprocessing.active_children() == []
    assert _still_running(_worker_pids(pids)) == []


def test_the_cli_reports_a_killed_host_in_one_error_line(
    tmp_path, corpus, model, monkeypatch, capsys
):
    _record_workers(monkeypatch, tmp_path / "pids", then=_kill_the_host)
    argv = ["build", str(corpus), "--cache", str(tmp_path / "cache"), "--model", model,
            "--workers", "2", "--quiet"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: the model host process ")
    assert "SIGKILL" in err[0] and "--workers 1" in err[0] and "memory" in err[0]
    assert "Traceback" not in capsys.readouterr().err


def test_the_host_is_sent_one_chunk_per_message(tmp_path, corpus, model, monkeypatch):
    sizes: list[int] = []
    sent_chunks: list[pd.DataFrame] = []
    real_send = multiprocessing.connection.Connection.send
    real_run = pool.ModelHost.run

    def send(self, obj):  # the build's side of every pipe (the host's is another process)
        if os.getpid() == TEST_PID:
            sizes.append(len(pickle.dumps(obj)))
        return real_send(self, obj)

    def run(self, where, chunks, *args, **kwargs):
        sent_chunks.extend(chunks)
        return real_run(self, where, chunks, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.connection.Connection, "send", send)
    monkeypatch.setattr(pool.ModelHost, "run", run)
    built = build_corpus(corpus, cache_dir=tmp_path, model=model, workers=2, chunk_size=4)
    assert built.processed == 24 and len(sent_chunks) >= 4
    largest = max(len(pickle.dumps(c)) for c in sent_chunks)
    # the job, each chunk, the end marker: no message holds the text of two chunks
    assert len(sizes) == len(sent_chunks) + 2
    assert max(sizes) < 2 * largest, (sizes, largest)


def test_the_host_forks_its_workers_with_no_other_thread_running(
    tmp_path, corpus, model, monkeypatch
):
    real = ProcessPoolExecutor._launch_processes  # how a fork pool forks all its workers

    def launch(self):
        if os.getpid() != TEST_PID:  # in the host
            others = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
            (tmp_path / f"threads-{os.getpid()}.json").write_text(json.dumps(others))
        return real(self)

    monkeypatch.setattr(ProcessPoolExecutor, "_launch_processes", launch)
    build_corpus(corpus, cache_dir=tmp_path / "cache", model=model, workers=2, chunk_size=4)
    assert [json.loads(p.read_text()) for p in tmp_path.glob("threads-*.json")] == [[]]


def test_the_host_leaves_no_sender_thread_when_its_run_returns(
    tmp_path, corpus, model, monkeypatch
):
    """The thread sending the chunks is waited for before ModelHost.run returns, even when
    it is slow to end after its last send: the build's tail may fork (can_fork)."""
    real_send, real_run = pool.ModelHost._send, pool.ModelHost.run
    left: list[list[str]] = []
    all_done = threading.Event()

    def send(self, *args):
        real_send(self, *args)
        all_done.wait(timeout=30)  # ends after the last chunk is reported stored
        time.sleep(0.3)

    def run(self, where, chunks, workers, on_done, *args, **kwargs):
        todo = [sum(len(chunk) for chunk in chunks)]

        def done(documents: int) -> None:
            todo[0] -= documents
            if todo[0] <= 0:
                all_done.set()
            on_done(documents)

        result = real_run(self, where, chunks, workers, done, *args, **kwargs)
        left.append([t.name for t in threading.enumerate() if t.name == "newslens-host-send"])
        return result

    monkeypatch.setattr(pool.ModelHost, "_send", send)
    monkeypatch.setattr(pool.ModelHost, "run", run)
    build_corpus(corpus, cache_dir=tmp_path / "cache", model=model, workers=2, chunk_size=4)
    assert left == [[]]


def _start_a_host_then_wait(model: str, out: str) -> None:
    """A stand-in build: start a model host, write its pid to ``out``, wait to be killed."""
    host = pool.ModelHost(model)
    Path(out).write_text(str(host._process.pid))
    time.sleep(60)


def test_the_host_dies_with_the_build(tmp_path, model):
    out = tmp_path / "host.pid"
    build = multiprocessing.get_context("fork").Process(
        target=_start_a_host_then_wait, args=(model, str(out))
    )
    build.start()
    deadline = time.monotonic() + 10
    while not out.exists() or not out.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    host = int(out.read_text())
    os.kill(build.pid, signal.SIGKILL)
    build.join()
    assert _still_running([host]) == []


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


def test_frozen_blocks_nest_and_overlap_and_only_the_last_to_end_unfreezes():
    with runtime.frozen():
        with runtime.frozen():
            pass
        assert gc.get_freeze_count() > 0  # the inner block's end kept the outer's freeze
    assert gc.get_freeze_count() == 0
    # two threads (two dashboard sessions building): A's block ends inside B's
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[int] = []

    def session_a() -> None:
        with runtime.frozen():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def session_b() -> None:
        a_in.wait(5)
        with runtime.frozen():
            b_in.set()
            a_out.wait(5)
            seen.append(gc.get_freeze_count())

    threads = [threading.Thread(target=session_a), threading.Thread(target=session_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 1 and seen[0] > 0  # B still frozen after A ended
    assert gc.get_freeze_count() == 0
