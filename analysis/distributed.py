"""The Dask engine: the NLP stage of a build on a dask.distributed cluster.

``build_corpus(..., engine="dask")`` calls :func:`run_dask` with the batches (chunks) of
documents that no cached segment holds. Each batch becomes one task; the worker that runs
it analyses the batch with :func:`analysis.pipeline.analyze` (the same function the local
engine runs) and writes the result itself as one cache segment with
:func:`analysis.store.write_segment`. Only a segment id travels back to the driver, which
then assembles the snapshot and the aggregates exactly as for the local engine, so both
engines produce identical tables.

Requirements on a cluster you start yourself (``--scheduler tcp://host:8786``):

- the cache folder must be on a filesystem every worker and the driver see at the same
  absolute path (NFS, a shared volume, one machine): workers write the segments there and
  the driver reads them. The driver checks every segment a worker reports and raises
  :class:`SharedCacheError` when it cannot see one, rather than building a snapshot with
  documents missing. Object stores (s3://, gs://) are not supported: the cache relies on
  atomic folder renames, which they do not have.
- every worker needs this project importable (``analysis``) and the spaCy pipeline
  installed; each worker loads the pipeline once (:class:`ModelPlugin`), not per batch,
  on the driver's matrix-product kernel (analysis.gemm: ``NEWSLENS_GEMM`` is read by the
  driver, whose stage keys carry it, not by the workers, whose environment may differ).

With no scheduler the engine starts a throw-away LocalCluster with one single-threaded
worker process per usable CPU (spaCy holds the GIL, so threads would not help); its
workers die with the build process (:class:`DieWithParentPlugin`), even under SIGKILL.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from distributed import Client, LocalCluster, Nanny, Scheduler, Worker, WorkerPlugin, as_completed
from distributed import utils as distributed_utils

from analysis import store
from analysis.gemm import gemm_choice
from analysis.nlp import load_model
from analysis.runtime import BuildProgress, usable_cpus
from analysis.staged import Target, analyze_and_store
from analysis.worker_life import die_with_parent

__all__ = ["DieWithParentPlugin", "ModelPlugin", "SharedCacheError", "analyze_chunk", "run_dask"]


class SharedCacheError(RuntimeError):
    """A worker wrote a segment the driver cannot see: the cache folder is not shared."""


class ModelPlugin(WorkerPlugin):
    """Loads the spaCy pipeline once per worker process, when the worker starts, on the
    driver's matrix-product kernel ``gemm`` (analysis.gemm).

    :func:`analysis.nlp.load_model` caches per process, so the tasks that follow get the
    loaded pipeline for free; a worker that joins later loads it on arrival.
    """

    def __init__(self, model: str, gemm: str | None = None) -> None:
        self.model = model
        self.gemm = gemm
        self.name = f"newslens-model-{model}"

    def setup(self, worker: object) -> None:
        load_model(self.model, self.gemm)


class DieWithParentPlugin(WorkerPlugin):
    """Makes the worker processes of a LocalCluster this build started die with it.

    A LocalCluster keeps its nannies inside the build process and runs each worker as a
    child process, so arming each worker against its parent's death is enough for a
    SIGKILLed build to leave no process behind. Not used on a cluster you started: its
    workers are not this process's children.
    """

    name = "newslens-die-with-parent"

    def setup(self, worker: object) -> None:
        die_with_parent()


def analyze_chunk(
    root: str,
    model: str,
    chunk: pd.DataFrame,
    where: Target | None = None,
    gemm: str | None = None,
) -> tuple[str, int]:
    """Analyse one batch (doc_key, doc_id, text, date) and store it as a segment (and
    each stage's tables in the stage folders ``where`` names, analysis.staged), parsing
    with the matrix-product kernel ``gemm`` (the driver's: see :func:`run_dask`).

    Runs on a worker. Returns (segment id, number of documents).
    """
    seg_id = analyze_and_store(where or Target(root), load_model(model, gemm), chunk)
    return seg_id, len(chunk)


def run_dask(
    root: Path,
    name: str,
    chunks: list[pd.DataFrame],
    *,
    scheduler: str | None,
    workers: int | None = None,
    progress: Callable | None = None,
    where: Target | None = None,
) -> None:
    """Analyse ``chunks`` on a Dask cluster, each worker writing its segments under ``root``.

    ``scheduler`` is a scheduler address (``tcp://host:8786``) or None to start a
    LocalCluster for this call with ``workers`` worker processes (default: one per
    usable CPU; a real cluster has the workers it was started with). ``progress``
    receives an analysis.runtime.BuildProgress each time a batch finishes; ``where``
    (analysis.staged.Target) names the stage folders that also receive each batch's
    stage tables. Raises the
    first task's exception if a batch fails, and :class:`SharedCacheError` if the
    driver cannot see a segment a worker wrote.
    """
    root = Path(root).resolve()  # workers may run in another working folder
    # The driver's kernel: the stage keys in ``where`` carry it, and a worker's own
    # environment (a cluster started elsewhere) may say another (analysis.gemm).
    kernel = gemm_choice()
    total = sum(len(c) for c in chunks)
    started = time.monotonic()
    done = 0
    if progress is not None:
        progress(BuildProgress(0, total, 0.0))
    if not chunks:
        return
    with _client(scheduler, workers) as client:
        if not scheduler:
            client.register_plugin(DieWithParentPlugin())
        client.register_plugin(ModelPlugin(name, kernel))
        futures = [
            client.submit(analyze_chunk, str(root), name, chunk, where, kernel, pure=False)
            for chunk in chunks
        ]
        try:
            for future in as_completed(futures):
                seg_id, count = future.result()
                _check_visible(root, seg_id)
                done += count
                if progress is not None:
                    progress(BuildProgress(done, total, time.monotonic() - started))
        finally:
            client.cancel([f for f in futures if not f.done()])


def _check_visible(root: Path, seg_id: str) -> None:
    if not (root / "segments" / seg_id / store.META).exists():
        raise SharedCacheError(
            f"a Dask worker wrote cache segment {seg_id} under {root}, but this machine "
            "cannot see it: put the cache (--cache) on a filesystem all workers share"
        )


@contextmanager
def _client(scheduler: str | None, workers: int | None = None) -> Iterator[Client]:
    try:
        if scheduler:
            with Client(scheduler) as client:
                yield client
            return
        with (
            LocalCluster(
                n_workers=workers or usable_cpus(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: never clash with a running cluster
                silence_logs=logging.ERROR,  # not the "still alive, killing" noise at close
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    finally:
        _end_offload_thread()


def _end_offload_thread() -> None:
    """End distributed's offload thread once nothing of distributed is open here.

    distributed runs some work of a client and a scheduler (deserialising big messages)
    on one module-wide thread, "Dask-Offload" (``distributed.utils._offload_executor``,
    distributed 2026.8), which no close stops and no public call ends. Left running, it
    makes the build's process one that runs another thread, so a later local build in it
    (a script, a notebook) would spawn its workers and merge its events in process
    (analysis.pool.can_fork). So, when no client, scheduler, nanny or worker of
    distributed is still open in this process, the executor is swapped for a fresh one
    (its thread starts only when first used) and the old one's thread ends. Written by
    hand because distributed offers no way; where it keeps the executor elsewhere (another
    version) nothing is done, and tests/analysis/test_distributed.py fails."""
    old = getattr(distributed_utils, "_offload_executor", None)
    if not isinstance(old, ThreadPoolExecutor):
        return
    kinds = (Client, Scheduler, Nanny, Worker)
    # a Status member ("Status.closed") or, for a Client, a plain string ("closed")
    states = [str(getattr(x, "status", "")).rsplit(".", 1)[-1]
              for kind in kinds for x in list(getattr(kind, "_instances", ()))]  # fmt: skip
    if any(state not in ("closed", "failed") for state in states):
        return
    # Not atomic: a client or scheduler another thread of this process creates between
    # the check above and the swap below may take the old executor, and its first
    # offloaded message then fails ("cannot schedule new futures after shutdown"). The
    # window is a few bytecodes, and a build's process starts no such thread meanwhile;
    # distributed offers no lock to take (it reads the executor without one).
    fresh = ThreadPoolExecutor(max_workers=1, thread_name_prefix="Dask-Offload")
    distributed_utils._offload_executor = fresh
    old.shutdown(wait=True)
