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

The wait for the child's answer is bounded (:data:`MIN_WAIT_SECONDS`): a child that is
alive but silent past it (stopped, or hung) is killed and the call runs in this process,
as where no fork is allowed, with a warning on the ``newslens.build`` logger. A child
that died before answering is an error (analysis.pool.BuildProcessError).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Generic, TypeVar

from analysis import runtime
from analysis.pool import can_fork, process_ended, send_error
from analysis.worker_life import arm_parent_death

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")

LOG = logging.getLogger("newslens.build")

#: The least time :meth:`Beside.result` waits for the child's answer; it waits as long
#: again as the child has already run when that is longer. The child starts with the
#: corpus pass and aggregates it runs beside, which take about five times its own call
#: (1,000 Reuters bodies: 0.80 s against the merge's 0.16 CPU s; stages "corpus pass" and
#: "places and aggregates" in benchmarks/results/throughput.json), so a child still silent
#: after twice its age is stopped or hung, not slow; 60 s keeps a loaded machine's slow
#: start of a small build far from that line. Past it the call runs here: the same table.
MIN_WAIT_SECONDS = 60.0


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
        ends: list[Connection] = []
        try:
            ends.extend(context.Pipe(duplex=False))
            process = context.Process(
                target=_beside_main, args=(ends[1], self._fn, self._args, os.getpid()),
                name="newslens-beside",
            )  # fmt: skip
            # the heap out of the collector's sight in the child: no page copied for it
            with runtime.frozen():
                process.start()
        except OSError:
            for end in ends:
                end.close()
            return False
        ends[1].close()
        self._conn, self._process, self._started = ends[0], process, time.monotonic()
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
        """The child's message; None when it sent none within the wait. The child is
        waited for, or killed when it has not answered (silent past the wait, dead, or
        this process interrupted: Ctrl-C). Raises BuildProcessError when it died first."""
        process, conn = self._process, self._conn
        assert process is not None
        limit = max(MIN_WAIT_SECONDS, time.monotonic() - self._started)
        answer: tuple[str, object] | None = None
        silent = False
        try:
            silent = not wait([conn, process.sentinel], timeout=limit)
            if not silent and conn.poll(0):  # a message, or the end of the pipe (EOFError)
                answer = conn.recv()
        except (EOFError, ConnectionResetError):
            pass
        finally:
            if answer is None:
                process.kill()
            conn.close()
            process.join()
            self._process = None
        if silent:
            LOG.warning("the events merge in a child process gave no answer in %.0f s: it "
                        "was stopped and the merge runs in the build's process", limit)  # fmt: skip
            return None
        if answer is None:
            raise process_ended("a process of the build's corpus passes", process.exitcode)
        return answer

    def stop(self) -> None:
        """Kill the child if it still runs (its result was never asked for) and wait."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._conn.close()
            self._process = None


@contextmanager
def beside(fn: Callable[..., T], *args: object) -> Iterator[Beside[T]]:
    """``fn(*args)`` started in a forked child now (when :func:`analysis.pool.can_fork`);
    yields a :class:`Beside` whose ``result()`` waits for it. A child whose result was not
    asked for by the end of the block is killed."""
    call = Beside(fn, args)
    try:
        yield call
    finally:
        call.stop()


def _beside_main(conn: Connection, fn: Callable, args: tuple, parent: int) -> None:
    """The child: send ``("value", fn(*args))``, or ``("error", exception)``. It ignores
    SIGINT: the build, interrupted too, kills it (:func:`beside`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    arm_parent_death(parent)
    try:
        value = fn(*args)
    except Exception as exc:  # noqa: BLE001 (re-raised by the build)
        send_error(conn, exc)
        return
    conn.send(("value", value))
