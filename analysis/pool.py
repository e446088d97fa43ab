"""The local engine's worker processes (analysis.build.run_local) and the model host.

Workers are forked from a process that has loaded the pipeline and its rule tables, so
none of them imports spaCy or loads the model again (about 3.5 s of CPU per worker).
That process is either the build itself (:func:`pool_context`), or a :class:`ModelHost`:
a child the build forks as soon as it knows it misses its snapshot, which loads the
pipeline on the other CPU while the build reads its cache and prepares the corpus passes
(analysis.tables.prepare), then forks the workers and runs the chunks the build sends
it. Before the host, the build loaded the pipeline (1.1 s on the idle 2-core machine)
with the second CPU idle, and prepared the corpus passes (0.8 CPU s) while its workers
ran, taking CPU from them: both now overlap the serial start of the build instead.

Which process forks the workers changes no table: each worker runs the same
analysis.staged.analyze_and_store on its chunk with the same pipeline
(tests/analysis/test_pool.py; the benchmark benchmarks/build_equivalence.py compares a
whole build's tables with another commit's, cell for cell).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from analysis import runtime, staged
from analysis.store_lock import HEARTBEAT_THREAD
from analysis.worker_life import arm_parent_death, die_with_parent, name_process, watch_parent

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from spacy.language import Language

T = TypeVar("T")


class BuildProcessError(RuntimeError):
    """A process of the build (the model host, a worker) ended before its work was done:
    killed (by the kernel's out-of-memory killer, or a signal) or crashed. The text names
    the process and how it ended; the CLI prints it as one ``error:`` line."""


def process_ended(what: str, exitcode: int | None) -> BuildProcessError:
    """The error for process ``what`` ended with ``exitcode`` (negative: the signal that
    killed it, as multiprocessing reports it)."""
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            how += ", most likely out of memory"
    else:
        how = f"exit code {exitcode}"
    return BuildProcessError(f"{what} ended before the build was done ({how})")


def result_of(future: Future[int]) -> int:
    """``future.result()``, with a pool whose worker died (BrokenProcessPool) raised as
    :class:`BuildProcessError`."""
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise BuildProcessError(
            "a worker process of the build ended before the build was done "
            "(killed, most likely out of memory)"
        ) from exc


def can_fork() -> bool:
    """True when worker processes may be forked from this process: fork exists and no
    other thread runs (the CLI, scripts). Forking a process that runs other threads
    (Streamlit's) can deadlock the child on a lock held at fork time, so those get
    spawned workers. The build lock's heartbeat thread does not count: it holds no lock
    a worker could need."""
    others = [t for t in threading.enumerate()
              if t is not threading.current_thread() and t.name != HEARTBEAT_THREAD]  # fmt: skip
    return not others and "fork" in multiprocessing.get_all_start_methods()


def pool_context(name: str) -> multiprocessing.context.BaseContext:
    """fork when :func:`can_fork` (after loading the pipeline ``name`` here, so the
    workers inherit it: :func:`warm_model`), else spawn (each worker loads it)."""
    if not can_fork():
        return multiprocessing.get_context("spawn")
    warm_model(name)
    return multiprocessing.get_context("fork")


def warm_model(name: str) -> Language:
    """The pipeline ``name`` (analysis.nlp.load_model, cached per process), run once on a
    short text so the lazy gazetteers and rule tables are built before workers fork."""
    from analysis.nlp import load_model
    from analysis.pipeline import analyze

    nlp = load_model(name)
    warm = pd.DataFrame({"doc_id": ["warm-up"], "text": ["Paris, Monday - Iran met Iraq."],
                         "date": ["2024-01-01"]})  # fmt: skip
    analyze(nlp, warm)
    return nlp


@contextmanager
def worker_pool(
    name: str,
    context: multiprocessing.context.BaseContext,
    where: staged.Target,
    chunks: list[pd.DataFrame],
    workers: int,
) -> Iterator[list[Future[int]]]:
    """A pool of ``min(workers, len(chunks))`` processes of ``context`` with every chunk
    submitted (most text first, :func:`longest_first`); yields the futures (each gives
    its chunk's document count) and shuts the pool down after."""
    with forked_pool(name, context, min(workers, len(chunks))) as pool:
        with plain_main():  # workers start during the first submits
            futures = [pool.submit(_worker_task, where, c) for c in longest_first(chunks)]
        # The workers were forked by the submits above (all at once for a fork pool), so
        # what this process loads now is not copied into them.
        yield futures


@contextmanager
def forked_pool(
    name: str, context: multiprocessing.context.BaseContext, workers: int
) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes of ``context`` running pipeline ``name``, with the
    heap frozen (:func:`frozen_heap`); shut down (waited for) after the block. A fork
    pool forks all its workers at the first submit."""
    with (
        frozen_heap(context),
        ProcessPoolExecutor(
            max_workers=max(1, workers),
            mp_context=context,
            initializer=_init_worker,
            initargs=(name, os.getpid()),
        ) as pool,
    ):
        yield pool


def longest_first(chunks: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """``chunks`` in the order the worker pool takes them: most text first (stable for
    equal lengths; a chunk without a text column counts its rows).

    The pool hands the next chunk to the first free worker, so the build's NLP ends when
    the last chunk ends; with the shortest chunks last, the workers finish closer
    together and the CPUs idle less before the corpus passes, which need every chunk.
    Each chunk is its own segment, so the order changes no table.
    """

    def work(chunk: pd.DataFrame) -> int:
        if "text" not in chunk.columns:
            return len(chunk)
        return int(chunk["text"].astype(str).str.len().sum())

    return sorted(chunks, key=work, reverse=True)


@contextmanager
def frozen_heap(context: multiprocessing.context.BaseContext) -> Iterator[None]:
    """With a fork ``context``: every object alive now (modules, the pipeline, the
    gazetteers) is out of the garbage collector's sight (:func:`gc.freeze`) while the
    pool runs, then back in it.

    A forked worker's collections then neither scan those objects nor write to their
    pages (which would copy each page it shares with the parent into the worker). The
    little garbage frozen with them is collected after the pool, once unfrozen.
    """
    if context.get_start_method() != "fork":
        yield
        return
    # no collection first: 0.1-0.16 s before the workers can start; unfrozen after (a
    # long-lived caller, tests, scripts, collects them again) unless an outer block holds
    with runtime.frozen():
        yield


_MAIN_LOCK = threading.Lock()


@contextmanager
def plain_main() -> Iterator[None]:
    """Hide the caller's ``__main__`` from spawned workers while they start.

    A spawned child imports its parent's main module first. Under Streamlit that module
    is the dashboard script, so each worker would run the app instead of serving tasks
    and the build would hang. A blank ``__main__`` gives the workers nothing to import.
    """
    with _MAIN_LOCK:
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if saved is not None:
                sys.modules["__main__"] = saved


_WORKER_MODEL: dict[str, Language] = {}


#: The process names (analysis.worker_life.name_process) of the host and the workers.
HOST_NAME, WORKER_NAME = "newslens-host", "newslens-worker"


def _init_worker(name: str, parent: int) -> None:
    die_with_parent(parent)  # a SIGKILLed builder must not leave workers running
    name_process(WORKER_NAME)
    from analysis.nlp import load_model

    _WORKER_MODEL["nlp"] = load_model(name)


def _worker_task(where: staged.Target, chunk: pd.DataFrame) -> int:
    return analyze_and_store(where, _WORKER_MODEL["nlp"], chunk)


def analyze_and_store(where: staged.Target, nlp: Language, chunk: pd.DataFrame) -> int:
    """One chunk's NLP and stages, stored (analysis.staged); returns its document count."""
    staged.analyze_and_store(where, nlp, chunk)
    return len(chunk)


# ---------------------------------------------------------------- the model host


#: The message that follows the build's last chunk to the host.
END_OF_CHUNKS = "end of chunks"


class ModelHost:
    """A child process that loads the pipeline while the build goes on, then runs the
    build's worker pool (:func:`forked_pool`, forked from it) over the chunks it is sent.

    Start it with :meth:`start` (None where workers cannot be forked); use it as a
    context manager: leaving it stops a host that was never given work (a build that
    found every document cached) or whose build failed. The host dies with the build
    (analysis.worker_life), and its workers with the host, so a SIGKILLed build leaves
    none of them running. The host and its workers are waited for, so their CPU
    seconds count in the build's (``RUSAGE_CHILDREN``).

    The chunks go one per message, most text first (:func:`longest_first`), and the host
    reads the next one only when fewer than ``workers + 1`` are in its pool (as
    ProcessPoolExecutor queues them): the pipe then blocks the sender, so the build's
    text is never pickled here nor held in the host all at once.
    """

    def __init__(self, name: str) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_host_main, args=(child, name, os.getpid()), name="newslens-model-host"
        )
        self._process.start()
        child.close()
        self._sender: threading.Thread | None = None

    @classmethod
    def start(cls, name: str, *, workers: int) -> ModelHost | None:
        """A host loading pipeline ``name`` for a pool of ``workers`` processes; None
        when there is no pool (one worker) or workers cannot be forked here."""
        if workers <= 1 or not can_fork():
            return None
        return cls(name)

    def __enter__(self) -> ModelHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(
        self,
        where: staged.Target,
        chunks: list[pd.DataFrame],
        workers: int,
        on_done: Callable[[int], None],
        alongside: Callable[[], T] | None = None,
    ) -> T | None:
        """Analyse ``chunks`` in the host's worker pool of ``workers`` processes, calling
        ``on_done(documents)`` as each chunk is stored; meanwhile this process runs
        ``alongside()``, whose result is returned. Raises what a worker raised, or
        :class:`BuildProcessError` when the host or a worker died."""
        sent: list[BaseException] = []
        self._sender = threading.Thread(  # a send blocks until the host has room
            target=self._send, args=(where, chunks, workers, sent), daemon=True,
            name="newslens-host-send",
        )  # fmt: skip
        self._sender.start()
        runtime.mark("NLP + parent prepares passes")
        early = alongside() if alongside is not None else None
        runtime.mark("NLP")
        while True:
            try:
                kind, value = self._conn.recv()
            except (EOFError, ConnectionResetError):  # reset: it died with chunks unread
                self._process.join()
                error = process_ended("the model host process", self._process.exitcode)
                raise error from (sent[0] if sent else None)
            if kind == "ready":
                runtime.note("model host ready", value)
            elif kind == "done":
                on_done(value)
            elif kind == "error":
                raise value
            else:  # "end"
                self._process.join()
                self._sender.join()  # it sent the last chunk: no thread left (can_fork)
                return early

    def _send(
        self,
        where: staged.Target,
        chunks: list[pd.DataFrame],
        workers: int,
        errors: list[BaseException],
    ) -> None:
        """Send the job, then each chunk (most text first), then :data:`END_OF_CHUNKS`."""
        try:
            self._conn.send(("job", where, workers, len(chunks)))
            for chunk in longest_first(chunks):
                self._conn.send(chunk)
            self._conn.send(END_OF_CHUNKS)
        except OSError as exc:  # the host died or was stopped; run() reports it
            errors.append(exc)

    def stop(self) -> None:
        """Stop the host if it still runs (unused, or its build failed) and wait for it."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        if self._sender is not None:  # its send fails now that the host is gone
            self._sender.join(timeout=5)
        self._conn.close()

    close = stop


def _host_main(conn: Connection, name: str, parent: int) -> None:
    """The host process: load the pipeline, then run the one job the build sends.

    Only the kernel's parent-death signal is armed at first: the thread that also
    watches the parent starts once the workers are forked (:func:`_host_serve`), so the
    host forks them with no other thread running (:func:`can_fork`)."""
    arm_parent_death(parent)
    name_process(HOST_NAME)
    error: BaseException | None = None
    try:
        started = time.time()
        with runtime.collector_paused():  # what loads lives as long as the host
            warm_model(name)
        ready = {"wall": time.time() - started, "cpu": runtime.process_cpu(), "at": time.time()}
    except Exception as exc:  # noqa: BLE001 (re-raised by the build when it sends work)
        error = exc
    try:
        _, where, workers, count = conn.recv()
    except EOFError:  # the build needed no NLP
        return
    if error is not None:
        send_error(conn, error)
        return
    conn.send(("ready", ready))
    try:
        if _host_serve(conn, name, where, workers, count, parent):
            conn.send(("end", None))
    except Exception as exc:  # noqa: BLE001 (the pool could not start: re-raised by the build)
        send_error(conn, exc)


def _host_serve(
    conn: Connection, name: str, where: staged.Target, workers: int, count: int, parent: int
) -> bool:
    """Run the ``count`` chunks the build sends on ``conn`` in a pool of ``workers``
    forked processes, reading the next chunk only while fewer than ``workers + 1`` are
    in the pool; send ``("done", documents)`` per chunk. False after sending a failure."""
    if not can_fork():  # the rule of this module, checked where the workers are forked
        raise RuntimeError("the model host runs another thread: it cannot fork its workers")
    context = multiprocessing.get_context("fork")
    pending: set[Future[int]] = set()
    more, watching = True, False
    with forked_pool(name, context, min(workers, count)) as pool:
        try:
            while more or pending:
                while more and len(pending) <= workers:
                    chunk = conn.recv()
                    if isinstance(chunk, str):  # END_OF_CHUNKS
                        more = False
                        break
                    pending.add(pool.submit(_worker_task, where, chunk))
                    if not watching:  # the first submit forked the workers
                        watch_parent(parent)
                        watching = True
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    conn.send(("done", result_of(future)))
        except Exception as exc:  # noqa: BLE001 (re-raised by the build, which stops us)
            send_error(conn, exc)
            for other in pending:
                other.cancel()
            return False
    return True


def send_error(conn: Connection, error: BaseException) -> None:
    """Send ``error`` to the build; as a RuntimeError with its text if it cannot be
    pickled."""
    try:
        conn.send(("error", error))
    except Exception:  # noqa: BLE001 (whatever pickling it raised)
        conn.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
