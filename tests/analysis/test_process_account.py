"""Where a whole build's CPU goes, process by process (benchmarks/process_account.py, the
per-process table of ``benchmarks.throughput --mode process``): /proc readings are parsed
as proc(5) lays them out, processes get their roles from the names the build gives them
(analysis.worker_life.name_process) or, unnamed, from the tree's shape; the account of a
real process tree adds up to the kernel's own total. And what the build's processes do
at their start: they are named, they load the C library without running ldconfig, the
model host loads the pipeline with the collector paused (analysis.runtime.collector_paused).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from analysis import pool, runtime
from benchmarks import process_account
from benchmarks.process_account import ProcStat, parse_stat, role_of, run_accounted

ROOT = Path(__file__).resolve().parents[2]
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _stat(pid: int, ppid: int, comm: str = "python", cpu: float = 1.0) -> ProcStat:
    return ProcStat(pid=pid, ppid=ppid, comm=comm, user=cpu, system=0.0, minflt=0, majflt=0,
                    start=pid)  # fmt: skip


def test_a_stat_line_is_read_from_its_last_parenthesis():
    # a command name may hold spaces and parentheses; fields are counted after the last ")"
    fields = ["S", "41", "7", "7", "0", "-1", "4194560", "1200", "30", "5", "0",
              "250", "75", "3", "1", "20", "0", "1", "0", "98765"]  # fmt: skip
    stat = parse_stat("4242 (odd (name) x) " + " ".join(fields) + " 123456 789\n")
    assert (stat.pid, stat.ppid, stat.comm) == (4242, 41, "odd (name) x")
    assert (stat.minflt, stat.majflt, stat.start) == (1200, 5, 98765)
    ticks = process_account._TICKS
    assert stat.user == pytest.approx(250 / ticks) and stat.system == pytest.approx(75 / ticks)
    assert stat.cpu == pytest.approx(325 / ticks)


def test_named_processes_take_their_names_roles():
    tree = {s.pid: s for s in [
        _stat(1, 0), _stat(2, 1, "newslens-host"), _stat(3, 2, "newslens-worker"),
        _stat(4, 2, "newslens-worker"), _stat(5, 1, "newslens-beside"), _stat(6, 3, "ldconfig"),
    ]}  # fmt: skip
    roles = [role_of(s, tree, 1) for s in tree.values()]
    assert roles == ["parent", "model host", "worker", "worker", "events merge", "ldconfig"]


def test_an_unnamed_tree_gets_its_roles_from_its_shape():
    """An older tree (``--base``) names no process: the parent's child with working
    children is the host, theirs are workers; a child seen only before it ran another
    program (still "python", no CPU yet) makes no parent a host."""
    tree = {s.pid: s for s in [
        _stat(1, 0), _stat(2, 1), _stat(3, 2), _stat(4, 2), _stat(5, 1), _stat(6, 5, cpu=0.0),
        _stat(7, 3, cpu=0.0),
    ]}  # fmt: skip
    roles = {pid: role_of(s, tree, 1) for pid, s in tree.items()}
    assert roles == {1: "parent", 2: "model host", 3: "worker", 4: "worker",
                     5: "child of parent", 6: "python, briefly", 7: "python, briefly"}  # fmt: skip


BURN = textwrap.dedent("""
    import multiprocessing, sys, time
    from analysis.worker_life import name_process

    def burn(seconds):
        name_process("newslens-worker")
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass

    if __name__ == "__main__":
        child = multiprocessing.get_context("fork").Process(target=burn, args=(0.6,))
        child.start()
        burn(0.1)
        child.join()  # blocked: idle, not waiting for a CPU
""")


@LINUX
def test_the_account_of_a_process_tree_adds_up_to_the_kernels_total(tmp_path):
    script = tmp_path / "burn.py"
    script.write_text(BURN)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this tree's analysis package
    account = run_accounted([sys.executable, str(script)], env=env, cwd=ROOT)
    assert account.returncode == 0
    by_pid = {p["pid"]: p for p in account.processes}
    assert len(by_pid) == 2  # the command and its child, each read
    worker = [p for p in account.processes if p["role"] == "worker"]
    assert len(worker) == 1 and worker[0]["user"] + worker[0]["system"] >= 0.5
    assert worker[0]["run"] >= 0.5 and worker[0]["wait"] >= 0  # schedstat: on a CPU, waiting
    # the parent, blocked on its child for most of its life, is idle; the worker is not
    (parent,) = [p for p in account.processes if p["role"] == "parent"]
    assert worker[0]["idle"] < 0.15 and worker[0]["first"] < worker[0]["last"]
    assert parent["idle"] >= 0.1
    # every CPU second the kernel counted for the tree is in a process's reading, but
    # for the last poll interval of each
    assert account.cpu_seconds >= 0.7
    assert 0 <= account.unaccounted <= 2 * process_account.POLL_SECONDS + 0.03
    roles = account.by_role()
    assert sum(r["cpu"] for r in roles.values()) == pytest.approx(account.polled_cpu_seconds)
    assert account.minflt >= sum(p["minflt"] for p in account.processes) > 0


def _in_child(code: str) -> str:
    """Run ``code`` in a fresh interpreter from the project root; its output."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout  # fmt: skip


@LINUX
def test_a_process_is_named_and_armed_without_running_ldconfig():
    out = _in_child("""
        import ctypes.util, os, subprocess
        from analysis import worker_life

        def refuse(*args, **kwargs):
            raise AssertionError("a program was run")

        ctypes.util.find_library = refuse
        subprocess.Popen = refuse
        assert worker_life.arm_parent_death() == os.getppid()
        assert worker_life._set_pdeathsig()
        assert worker_life.name_process("newslens-worker-and-more")
        print(open("/proc/self/comm").read().strip())
    """)
    assert out.strip() == "newslens-worker"  # the kernel keeps 15 bytes


def test_the_collector_is_paused_inside_the_block_and_restored_after():
    assert gc.isenabled()
    with runtime.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with runtime.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_the_host_loads_the_pipeline_with_the_collector_paused(monkeypatch):
    """What the host loads lives as long as it: no collection scans it meanwhile (the
    host process is run here, with no build to serve: its pipe is closed)."""
    seen = []
    monkeypatch.setattr(pool, "arm_parent_death", lambda parent: parent)
    monkeypatch.setattr(pool, "name_process", lambda name: seen.append(name))
    monkeypatch.setattr(pool, "warm_model", lambda name: seen.append(gc.isenabled()))
    ours, theirs = multiprocessing.Pipe()
    theirs.close()
    pool._host_main(ours, "any-model", 1)
    assert seen == [pool.HOST_NAME, False] and gc.isenabled()


@pytest.mark.slow  # a whole build command (about 3 s)
@LINUX
def test_a_builds_processes_are_named_and_accounted(tmp_path, news_corpus):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Paris"}])
    nlp.to_disk(tmp_path / "model")
    corpus = news_corpus(tmp_path / "corpus", 80)  # more than one chunk (CHUNK_SIZE)
    cmd = [sys.executable, "-m", "analysis", "build", str(corpus), "--cache",
           str(tmp_path / "cache"), "--model", str(tmp_path / "model"), "--workers", "2",
           "--quiet"]  # fmt: skip
    account = run_accounted(cmd, cwd=ROOT)
    assert account.returncode == 0, account.stderr
    roles = account.by_role()
    assert {"parent", "model host", "worker", "events merge"} <= set(roles)
    assert roles["worker"]["processes"] == 2 and roles["model host"]["processes"] == 1
    assert "ldconfig" not in roles  # no process runs another program
    assert 0 <= account.unaccounted <= 0.05 * len(account.processes) + 0.05


def test_a_chunks_passes_run_with_the_collector_paused(monkeypatch):
    """The build's per-chunk passes (the gazetteer pass per document, map_countries per
    chunk) run with automatic collection paused, and leave it as they found it: their
    collections scanned the whole heap and freed next to nothing
    (analysis.pipeline.chunk_collector)."""
    from analysis import countries, pipeline

    seen = []

    def spy(name, real):
        def call(*args, **kwargs):
            seen.append((name, gc.isenabled()))
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(countries, "add_place_records",
                        spy("pass", countries.add_place_records))  # fmt: skip
    monkeypatch.setattr(countries, "map_countries", spy("map", countries.map_countries))
    text = "Officials in Paris met envoys from Kenya."
    rows = [{"doc_id": "d", "sent_id": 0, "start": 13, "end": 18, "text": "Paris",
             "label": "GPE"}]  # fmt: skip
    documents = pd.DataFrame({"doc_id": ["d"], "text": [text], "date": ["2024-06-13"]})
    sentences = pd.DataFrame([{"doc_id": "d", "sent_id": 0, "start": 0, "end": len(text)}])
    out = pipeline.postprocess_mentions(pd.DataFrame(rows), documents, sentences)
    assert seen == [("pass", False), ("map", False)] and gc.isenabled()
    assert set(out["iso3"].dropna()) == {"FRA", "KEN"}


@pytest.mark.parametrize("alive_for", [0, 1, 2])
def test_a_process_reaped_between_its_two_files_gives_a_whole_reading_or_none(
    monkeypatch, alive_for
):
    """/proc/<pid>/stat and /proc/<pid>/schedstat are two reads: a process its parent
    reaps in between must not leave a reading with its CPU seconds and no run time
    (.ci/run on 5622e79: a worker's last reading read run 0.0 and replaced a complete
    one)."""
    stat_line = f"{os.getpid()} (python) S 1 1 1 0 -1 0 0 0 0 0 300 200 0 0 20 0 1 0 5 0 0"
    files = {"stat": stat_line, "schedstat": "4500000000 100000 9"}
    reads: list[str] = []

    def read(path: str) -> str | None:  # the process is gone after ``alive_for`` reads
        reads.append(path)
        return files[path.rsplit("/", 1)[1]] if len(reads) <= alive_for else None

    monkeypatch.setattr(process_account, "_read", read)
    stat = process_account.read_stat(os.getpid())
    assert stat is None or (stat.run == 4.5 and stat.wait == 0.0001)
    assert (stat is not None) == (alive_for == 2)
