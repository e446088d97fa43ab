"""One call run in a forked child while the build's own process goes on: the second CPU's
share of the build's serial tail.

After the NLP the build's corpus passes (analysis.tables.assemble) ran one after another
in one process while the other CPU idled. A pass whose input is ready early and whose
output nothing else reads before the end (merging the events: analysis.events.merge,
0.16 CPU s on 1,000 Reuters bodies) runs in a child forked from the build, beside the
corpus pass; its result comes back pickled through a pipe. The child sees the same
objects (a fork copies the process), runs the same function on them and returns what
the function returns: no table changes (tests/analysis/test_beside.py).

Forking follows analysis.pool's rule (:func:`analysis.pool.can_fork`): only from a process
that runs no other thread (the CLI, scripts). Elsewhere (the dashboard's Streamlit
threads), without fork, or when the system refuses the fork (OSError), the call runs in
this process when its result is asked for.
The child dies with the build (analysis.worker_life) and is killed when the build leaves
the block early (an error, or Ctrl-C: the child ignores SIGINT, which the terminal sends
to the whole process group, so only the build reports the interrupt).

The wait for the child's whole answer is bounded (:data:`MIN_WAIT_SECONDS`): the child
sends an 8-byte length and then its pickled message down a pipe, and this process reads
it in pieces as they come, each wait measured against the same bound. A child that is
alive but has not sent its whole answer by then (stopped, hung, or stopped in the middle
of sending) is killed and the call runs in this process, as where no fork is allowed, with
a warning on the ``newslens.build`` logger. The time this process itself was stopped
(Ctrl-Z, then ``fg``: the child was stopped with it) does not count against the child
(:data:`_SLICE_SECONDS`). A child that died before answering is an error
(analysis.pool.BuildProcessError).

SIGINT is held while the child is forked and recorded (:func:`_sigint_held`): an
interrupt that lands then reaches the build once the child can be killed, and the
child, which starts with it blocked, ignores it before it unblocks it. (POSIX only, as
the fork is.)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import select
import signal
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from analysis import runtime
from analysis.pool import can_fork, process_ended
from analysis.worker_life import arm_parent_death, name_process

T = TypeVar("T")

LOG = logging.getLogger("newslens.build")

#: The least time :meth:`Beside.result` waits for the child's answer; it waits as long
#: again as the child has already run when that is longer. The child starts with the
#: corpus pass and aggregates it runs beside, which take about three to five times its
#: own call (1,000 Reuters bodies: 0.80 s against the merge's 0.16 CPU s; 18,781: about
#: 3x; stages "corpus pass" and "places and aggregates" in
#: benchmarks/results/throughput.json), so a child still silent after twice its age is
#: stopped or hung, not slow; 60 s keeps a loaded machine's slow start of a small build
#: far from that line. Past it the call runs here: the same table.
MIN_WAIT_SECONDS = 60.0
#: The wait goes in slices of at most this long; a slice counts at most this long
#: against the bound, so the time this process was stopped (Ctrl-Z, a debugger: a
#: slice that returns late) is not counted (the child, in the same process group, was
#: stopped with it). A child stopped alone is not helped: this process's slices run on.
_SLICE_SECONDS = 1.0
#: The child's process name (analysis.worker_life.name_process).
BESIDE_NAME = "newslens-beside"
#: The length of the child's pickled message, before it on the pipe.
_HEADER = struct.Struct("!Q")


class Beside(Generic[T]):
    """``fn(*args)`` under way in a forked child (or deferred, where no fork is allowed);
    :meth:`result` waits for it. Made by :func:`beside`."""

    def __init__(self, fn: Callable[..., T], args: tuple) -> None:
        self._fn, self._args = fn, args
        self._process: multiprocessing.process.BaseProcess | None = None
        self._asked = False
        self.forked = can_fork() and self._fork()

    def _fork(self) -> bool:
        """Start the child; False (nothing left open) when the system refuses the pipe or
        the fork (OSError: ENOMEM under strict overcommit, EAGAIN at the pid limit): the
        call then runs in this process, as where no fork is allowed."""
        context = multiprocessing.get_context("fork")
        ends: list[int] = []
        try:
            ends.extend(os.pipe())
            process = context.Process(
                target=_beside_main, args=(ends, self._fn, self._args, os.getpid()),
                name="newslens-beside",
            )  # fmt: skip
            # the heap out of the collector's sight in the child: no page copied for it
            with runtime.frozen():
                process.start()
        except OSError:
            for end in ends:
                os.close(end)
            return False
        os.close(ends[1])
        self._pipe, self._process, self._started = ends[0], process, time.monotonic()
        return True

    def result(self) -> T:
        """What ``fn(*args)`` returned; raises what it raised, or
        analysis.pool.BuildProcessError when the child died before answering. A child
        silent past the wait (:data:`MIN_WAIT_SECONDS`) is killed and the call runs here.
        Asked once (a second call raises RuntimeError rather than run ``fn`` again)."""
        if self._asked:
            raise RuntimeError("the result of a call beside was already asked for")
        self._asked = True
        if self._process is None:
            return self._fn(*self._args)
        answer = self._answer()
        if answer is None:
            return self._fn(*self._args)
        kind, value = answer
        if kind == "error":
            raise value
        return value

    def _answer(self) -> tuple[str, object] | None:
        """The child's message; None when it did not send all of it within the wait.
        The child is waited for, or killed when it has not answered (silent past the
        wait, dead, or this process interrupted: Ctrl-C). Raises BuildProcessError when
        it died first."""
        process = self._process
        assert process is not None
        limit = max(MIN_WAIT_SECONDS, time.monotonic() - self._started)
        message, silent = _Message(), False
        try:
            silent = _read_until(message, self._pipe, process.sentinel, limit)
        finally:
            if not message.complete:
                process.kill()
            self.stop()
        if message.complete:
            return pickle.loads(message.body)
        if silent:
            LOG.warning("the events merge in a child process gave no answer in %.0f s: it "
                        "was stopped and the merge runs in the build's process", limit)  # fmt: skip
            return None
        raise process_ended("a process of the build's corpus passes", process.exitcode)

    def stop(self) -> None:
        """Kill the child if it still runs (its result was never asked for, or it has
        sent its whole answer and is only exiting: its work is done), wait for it, and
        close the pipe; again, nothing."""
        if self._process is not None:
            if self._process.exitcode is None:
                self._process.kill()
            self._process.join()
            os.close(self._pipe)
            self._process = None


class _Message:
    """The child's answer read off the pipe piece by piece: :data:`_HEADER`, then the
    pickle. ``ended``: the pipe ended (the child closed it or died) before all came."""

    def __init__(self) -> None:
        self.head = bytearray()
        self.body: bytearray | None = None
        self.got = 0
        self.ended = False

    @property
    def complete(self) -> bool:
        return self.body is not None and self.got == len(self.body)

    def read(self, fd: int) -> None:
        """Read what the pipe ``fd`` holds now, up to the end of the message (call it
        when the pipe is readable: a read then returns at once)."""
        if self.body is None:
            chunk = os.read(fd, _HEADER.size - len(self.head))
            self.head += chunk
            size = len(chunk)
            if len(self.head) == _HEADER.size:
                self.body = bytearray(_HEADER.unpack(self.head)[0])
        else:
            size = os.readv(fd, [memoryview(self.body)[self.got :]])
            self.got += size
        self.ended = size == 0


def _read_until(message: _Message, fd: int, sentinel: int, limit: float) -> bool:
    """Read ``message`` from pipe ``fd`` until it is complete or ended, the child is dead
    (``sentinel`` readable: what it wrote before is read) or ``limit`` seconds have
    counted (:data:`_SLICE_SECONDS`). At the limit what the pipe already holds is read
    (an answer that has just come is taken). True when the limit came first."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    poller.register(sentinel, select.POLLIN)
    counted = 0.0
    while not (message.complete or message.ended):
        left = limit - counted
        if left <= 0:
            _drain(message, fd)
            return not message.complete
        begun = time.monotonic()
        ready = {f for f, _ in poller.poll(min(left, _SLICE_SECONDS) * 1000)}
        counted += min(time.monotonic() - begun, _SLICE_SECONDS)
        if fd in ready:
            message.read(fd)
        elif sentinel in ready:
            _drain(message, fd)
            return False
    return False


def _drain(message: _Message, fd: int) -> None:
    """Read what the pipe ``fd`` holds now, without waiting for more."""
    while not (message.complete or message.ended) and select.select([fd], [], [], 0)[0]:
        message.read(fd)


@contextmanager
def _sigint_held() -> Iterator[None]:
    """A SIGINT (Ctrl-C) that comes while the block runs is raised as it ends (in the
    main thread; elsewhere nothing changes). The signal is both blocked in this thread
    (so a child forked meanwhile starts with it blocked) and caught by a handler that
    only notes it: a signal sent to the process may be taken by a thread that does not
    block it (a BLAS library's), and the interpreter then raises it in the main thread."""
    if (
        threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "pthread_sigmask")
        or signal.getsignal(signal.SIGINT) is None  # a handler set outside Python: kept
    ):
        yield
        return
    came: list[int] = []
    handler = signal.signal(signal.SIGINT, lambda signum, frame: came.append(signum))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a pending one is noted now
        signal.signal(signal.SIGINT, handler)
        if came:
            signal.raise_signal(signal.SIGINT)  # as the build's own handler takes it


@contextmanager
def beside(fn: Callable[..., T], *args: object) -> Iterator[Beside[T]]:
    """``fn(*args)`` started in a forked child now (when :func:`analysis.pool.can_fork`);
    yields a :class:`Beside` whose ``result()`` waits for it. A child whose result was not
    asked for by the end of the block is killed. A Ctrl-C while the child is forked
    waits until the child is recorded (:func:`_sigint_held`), so it is killed too."""
    call: Beside[T] | None = None
    try:
        with _sigint_held():
            call = Beside(fn, args)
        yield call
    finally:
        if call is not None:
            call.stop()


def _beside_main(ends: list[int], fn: Callable, args: tuple, parent: int) -> None:
    """The child (SIGINT blocked, as when forked): it ignores SIGINT (the build,
    interrupted too, kills it: :func:`beside`), then writes ``("value", fn(*args))`` or
    ``("error", exception)``, pickled after its length (:data:`_HEADER`), to the pipe's
    write end ``ends[1]``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    os.close(ends[0])  # the read end is the build's
    arm_parent_death(parent)
    name_process(BESIDE_NAME)
    try:
        message = _pickled("value", fn(*args))
    except Exception as exc:  # noqa: BLE001 (re-raised by the build)
        message = _pickled("error", exc)
    with open(ends[1], "wb", closefd=True) as pipe:
        pipe.write(_HEADER.pack(len(message)))
        pipe.write(message)


def _pickled(kind: str, value: object) -> bytes:
    """``(kind, value)`` pickled; a value or error that cannot be pickled becomes an
    error, a RuntimeError with its text."""
    try:
        return pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 (whatever pickling it raised)
        error = value if kind == "error" else exc
        message = f"{type(error).__name__}: {error}"
        return pickle.dumps(("error", RuntimeError(message)), protocol=pickle.HIGHEST_PROTOCOL)
