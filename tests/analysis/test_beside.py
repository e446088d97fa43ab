"""The build's serial tail uses the second CPU (issue 20, "Building at the limit"): the
events are merged in a forked child (analysis.beside) while the build's own process runs
the corpus pass, and the tables are those of the same passes run one after another."""

from __future__ import annotations

import errno
import multiprocessing.popen_fork
import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

# Same directory, no package: pytest's default import mode puts tests/analysis on sys.path.
from test_build import write_sample_corpus

from analysis import beside, corpus_state, events, schema, tables
from analysis.corpus import load_corpus
from analysis.nlp import RULE_BASED, load_model
from analysis.pipeline import analyze
from analysis.pool import BuildProcessError, can_fork
from tests.factories import event_report


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """The sample corpus's documents and per-document tables (rule-based pipeline, which
    finds no events: pairs of documents report one meeting each, which merge)."""
    docs = load_corpus(write_sample_corpus(tmp_path_factory.mktemp("corpus") / "news")).documents
    per_doc = analyze(load_model(RULE_BASED), docs)
    ids = docs["doc_id"].tolist()
    reports = [  # the same meeting reported by two documents, one pair of documents each
        event_report(f"{ids[k + side]}:0:0", "2024-01-02", event_class="happening",
                     participants=f"Envoy {k}", sentence=f"Envoy {k} met the grain traders.")
        for k in range(0, len(ids) - 1, 2)
        for side in (0, 1)
    ]  # fmt: skip
    per_doc["events"] = schema.conform(pd.DataFrame(reports), "events")
    return docs, per_doc


@pytest.fixture
def forkable() -> None:
    """These tests are of the fork path (as test_pool's): a thread another test left
    running would make them run in this process instead, so that is a failure."""
    others = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    assert can_fork(), f"threads left by earlier tests: {others}"


def _wait_for(path, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists():
            return True
        time.sleep(0.01)
    return False


def test_the_events_merge_in_another_process_during_the_corpus_pass(
    analysed, tmp_path, monkeypatch, forkable
):
    """The corpus pass only starts once the merge has begun in a child process (it waits
    for the child's mark; run one after another, it would wait in vain), and the tables
    equal those of the passes run in this process alone."""
    docs, per_doc = analysed
    assert len(per_doc["events"]) > len(alone_merged := events.merge_reports(per_doc["events"]))
    assert len(alone_merged) > 0
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    alone = tables.assemble(docs, per_doc)
    monkeypatch.undo()
    mark = tmp_path / "merging"
    real_merge, real_pass = events.merge_reports, corpus_state.run_pass

    def merge(reports):
        mark.write_text(str(os.getpid()))
        return real_merge(reports)

    def corpus_pass(*args, **kwargs):
        assert _wait_for(mark), "the events were not merging while the corpus pass ran"
        return real_pass(*args, **kwargs)

    monkeypatch.setattr(events, "merge_reports", merge)
    monkeypatch.setattr(corpus_state, "run_pass", corpus_pass)
    together = tables.assemble(docs, per_doc)
    assert int(mark.read_text()) != os.getpid()
    assert list(together) == list(alone)
    for name, frame in alone.items():
        pd.testing.assert_frame_equal(together[name], frame, obj=name)


def test_a_call_beside_gives_its_value_or_its_error(forkable):
    with beside.beside(divmod, 7, 2) as call:
        assert call.forked and call.result() == (3, 1)
    with beside.beside(divmod, 7, 0) as call, pytest.raises(ZeroDivisionError):
        call.result()


def test_a_child_that_dies_is_reported_and_none_outlives_the_block(forkable):
    with beside.beside(os._exit, 3) as call, pytest.raises(BuildProcessError, match="exit code 3"):
        call.result()
    start = time.monotonic()
    with beside.beside(time.sleep, 30) as call:  # a mutant that waits fails in 30 s
        process = call._process
    assert time.monotonic() - start < 5  # killed, not waited for
    assert process is not None and process.exitcode == -signal.SIGKILL


def test_a_result_is_asked_for_once(forkable, monkeypatch):
    with beside.beside(divmod, 7, 2) as call:
        assert call.result() == (3, 1)
        with pytest.raises(RuntimeError, match="already asked"):
            call.result()
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    with beside.beside(divmod, 7, 2) as call:
        assert call.result() == (3, 1)
        with pytest.raises(RuntimeError, match="already asked"):
            call.result()


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts fds in /proc (Linux)")
def test_a_refused_fork_runs_the_call_here_and_leaves_no_pipe_open(analysed, monkeypatch, forkable):
    """The system refuses the fork (EAGAIN: pid limit; ENOMEM alike): the build goes on
    with the merge run in this process, the same tables, and closes the pipe it made."""
    docs, per_doc = analysed
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    alone = tables.assemble(docs, per_doc)
    monkeypatch.undo()

    def refuse(self, process_obj):  # where os.fork() raises (CPython's own two pipes
        # made just before it are left open by multiprocessing: not this module's to close)
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.popen_fork.Popen, "_launch", refuse)
    before = _open_fds()
    with beside.beside(os.getpid) as call:
        assert not call.forked and call.result() == os.getpid()
    assert _open_fds() == before
    refused = tables.assemble(docs, per_doc)
    assert _open_fds() == before
    assert list(refused) == list(alone)
    for name, frame in alone.items():
        pd.testing.assert_frame_equal(refused[name], frame, obj=name)


def test_where_no_fork_is_allowed_the_call_runs_here(monkeypatch):
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    with beside.beside(os.getpid) as call:
        assert not call.forked and call.result() == os.getpid()


@pytest.mark.slow  # a build with the model host and two forked workers (rule-based pipeline)
def test_a_pool_build_merges_its_events_in_a_child(tmp_path, monkeypatch, forkable):
    """In a whole build (model host, two workers, the corpus passes after them) the build
    process runs no other thread at its tail, so the merge is forked beside it."""
    from analysis.build import build_corpus

    seen = tmp_path / "merged by"
    real_merge = events.merge_reports

    def merge(reports):
        seen.write_text(str(os.getpid()))
        return real_merge(reports)

    monkeypatch.setattr(events, "merge_reports", merge)
    folder = write_sample_corpus(tmp_path / "news", n=12)
    built = build_corpus(folder, cache_dir=tmp_path / "cache", model=RULE_BASED, workers=2,
                         chunk_size=4)  # fmt: skip
    assert built.processed == 12 and int(seen.read_text()) != os.getpid()


def _here_or_hang(parent: int, seconds: float) -> int:
    """This process's pid; in any other process (the child) only after ``seconds``."""
    if os.getpid() != parent:
        time.sleep(seconds)
    return os.getpid()


def test_a_child_silent_past_the_wait_is_killed_and_the_call_runs_here(
    monkeypatch, forkable, caplog
):
    monkeypatch.setattr(beside, "MIN_WAIT_SECONDS", 0.5)
    start = time.monotonic()
    with beside.beside(_here_or_hang, os.getpid(), 30) as call:
        process = call._process
        assert call.forked and call.result() == os.getpid()  # a mutant that waits: 30 s
    assert time.monotonic() - start < 10
    assert process is not None and process.exitcode == -signal.SIGKILL
    assert "gave no answer" in caplog.text


# slow: times a real child process for 4-5 s of wall clock, nearly all of it waiting (the
# quick loop's core stays idle meanwhile); `make test` runs it (docs/benchmarks.md, "The
# quick loop"), alone: it bounds the child's time by the clock
@pytest.mark.slow
@pytest.mark.timed
def test_the_wait_is_as_long_again_as_the_child_has_run(monkeypatch, forkable):
    """A child that has run 2.5 s when its result is asked for gets 2.5 s more, not the
    least wait: its answer (4 s of work, so at 5 s) is taken, from the child. A wait of
    half its age (until 3.75 s) would not take it."""
    monkeypatch.setattr(beside, "MIN_WAIT_SECONDS", 0.2)
    with beside.beside(_here_or_hang, os.getpid(), 4.0) as call:
        time.sleep(2.5)
        assert call.result() != os.getpid()


def _big_or_here(parent: int, mark: str) -> bytes:
    """In the child: a 20 MB answer (far more than a pipe holds), after writing ``mark``;
    here: b"here"."""
    if os.getpid() == parent:
        return b"here"
    Path(mark).write_text("sending", encoding="utf-8")
    return b"x" * 20_000_000


def _timeout(signum, frame):
    raise TimeoutError("the build still waits for the child's answer")


def test_a_child_stopped_while_sending_its_answer_is_killed_and_the_call_runs_here(
    monkeypatch, forkable, tmp_path, caplog
):
    """The whole answer, not only its first byte, comes within the wait: a child stopped
    in the middle of sending (a debugger, a cgroup freezer) is killed at the bound."""
    monkeypatch.setattr(beside, "MIN_WAIT_SECONDS", 1.0)
    mark = tmp_path / "sending"
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(30)  # a build that waits without bound fails here, not in 30 min
    try:
        start = time.monotonic()
        with beside.beside(_big_or_here, os.getpid(), str(mark)) as call:
            process = call._process
            assert _wait_for(mark)
            time.sleep(0.5)  # the answer is pickled and fills the pipe: the child blocks
            os.kill(process.pid, signal.SIGSTOP)
            assert call.result() == b"here"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - start < 15
    assert process.exitcode == -signal.SIGKILL and "gave no answer" in caplog.text


def test_an_answer_in_the_pipe_at_the_limit_is_taken(monkeypatch, forkable):
    """Every wait before the limit sees nothing (the answer comes as it ends): the pipe
    is looked at once more before the child is killed, and its answer is taken."""

    class Blind:  # a poller that sees nothing: each wait just passes its time
        def register(self, *args: object) -> None:
            pass

        def poll(self, timeout_ms: float) -> list:
            time.sleep(timeout_ms / 1000)
            return []

    monkeypatch.setattr(beside, "MIN_WAIT_SECONDS", 0.5)
    monkeypatch.setattr(beside.select, "poll", Blind)
    with beside.beside(_here_or_hang, os.getpid(), 0.0) as call:
        assert call.result() != os.getpid()


_STOPPED_BUILD = """
import os, sys, time
from pathlib import Path
from analysis import beside

beside.MIN_WAIT_SECONDS = 3.0

def work(parent):
    if os.getpid() == parent:
        return "here"
    Path(sys.argv[1] + ".tmp").write_text("working")
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    end = time.process_time() + 0.5
    while time.process_time() < end:
        pass
    return "child"

with beside.beside(work, os.getpid()) as call:
    print(call.result(), flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="stops a process group")
# slow: a real build process stopped for 4 s by the clock, then timed (docs/benchmarks.md,
# "The quick loop"); alone, as it counts the clock
@pytest.mark.slow
@pytest.mark.timed
def test_time_the_whole_build_was_stopped_does_not_count_against_the_child(tmp_path):
    """Ctrl-Z, then ``fg``: the build and its child are stopped together for 4 s, longer
    than the wait (3 s); the child, resumed with the build, still has CPU work to do
    (0.5 s), and its answer is taken: the stopped time is not counted."""
    import subprocess
    import sys

    mark = tmp_path / "child"
    build = subprocess.Popen(
        [sys.executable, "-c", _STOPPED_BUILD, str(mark)],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert _wait_for(mark, 60), "the child never started"
        os.killpg(build.pid, signal.SIGSTOP)  # the job stopped (SIGTSTP in a terminal)
        time.sleep(4.0)
        os.killpg(build.pid, signal.SIGCONT)
        out, err = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    assert out.strip() == "child", err
    assert "gave no answer" not in err


_INTERRUPTED_BUILD = """
import os, signal, sys, time
from pathlib import Path
from analysis import beside

# A terminal's foreground job: Ctrl-C raises KeyboardInterrupt, however the test runner
# was started (a runner launched in the background without job control starts with
# SIGINT ignored, and a Python started so keeps ignoring it).
signal.signal(signal.SIGINT, signal.default_int_handler)

def merge():  # the pid written whole, then renamed into place: never read half-written
    Path(sys.argv[1] + ".tmp").write_text(str(os.getpid()))
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    time.sleep(60)

with beside.beside(merge) as call:
    call.result()
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads process states in /proc")
def test_ctrl_c_is_reported_once_by_the_build_and_its_child_is_killed(tmp_path):
    """Ctrl-C in a terminal sends SIGINT to the whole process group: the build reports the
    interrupt (one traceback), the child says nothing and is killed, not waited for."""
    import subprocess
    import sys

    mark = tmp_path / "child"
    build = subprocess.Popen(  # its own process group, as a terminal's foreground job
        [sys.executable, "-c", _INTERRUPTED_BUILD, str(mark)],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert _wait_for(mark, 60), "the child never started"
        child = int(mark.read_text())
        os.killpg(build.pid, signal.SIGINT)
        _, err = build.communicate(timeout=30)  # a mutant that waits for the child: 60 s
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode != 0 and "KeyboardInterrupt" in err
    assert err.count("Traceback") == 1, err
    assert "newslens-beside" not in err
    assert not _running(child)


def test_a_ctrl_c_as_the_child_is_forked_kills_the_child(monkeypatch, forkable):
    """SIGINT that lands right after the fork, before the child is recorded: it reaches
    the build only once the child can be killed, and none outlives the block."""
    real_frozen = beside.runtime.frozen

    @contextmanager
    def frozen_then_interrupted():
        with real_frozen():
            yield
        os.kill(os.getpid(), signal.SIGINT)  # the child has just been started

    monkeypatch.setattr(beside.runtime, "frozen", frozen_then_interrupted)
    # Ctrl-C as a terminal's foreground job has it, however the runner was started (one
    # launched in the background without job control ignores SIGINT: see the next test).
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt), beside.beside(time.sleep, 30) as call:
            call.result()
        left = [p for p in multiprocessing.active_children() if p.name == "newslens-beside"]
        assert left == [], [(p.pid, p.exitcode, p._popen) for p in left]
    finally:
        signal.signal(signal.SIGINT, before)
        for process in multiprocessing.active_children():
            if process.name == "newslens-beside":
                process.kill()
                process.join()


def test_a_build_that_ignores_ctrl_c_keeps_ignoring_it(monkeypatch, forkable):
    """A build started with SIGINT ignored (``nohup``, a background job): a SIGINT while
    the child is forked changes nothing; the block ends with the child's result and the
    disposition is still "ignore"."""
    real_frozen = beside.runtime.frozen

    @contextmanager
    def frozen_then_interrupted():
        with real_frozen():
            yield
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(beside.runtime, "frozen", frozen_then_interrupted)
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with beside.beside(sum, [1, 2]) as call:
            assert call.result() == 3
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
