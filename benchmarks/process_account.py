"""Where a whole command's CPU goes, process by process: run it and read /proc from outside.

    from benchmarks.process_account import run_accounted
    result = run_accounted(["python", "-m", "analysis", "build", ...])

The command runs as a child of this process, which meanwhile reads ``/proc/<pid>/stat``
and ``/proc/<pid>/schedstat`` of it and of every descendant every :data:`POLL_SECONDS`
(descendants found through ``/proc/<pid>/task/<tid>/children``): user and system CPU
seconds, minor and major page faults, the parent, and the seconds the process was
runnable but waited for a CPU (``wait``: the time other jobs, or the command's own other
processes, took from it; what makes wall time grow on a shared machine while CPU seconds
do not). A process's last reading before it exits is its account, so each one loses at
most the CPU and faults of its last poll interval (a process that lives less than one
interval may be missed). The check is the kernel's own total for the whole tree
(``RUSAGE_CHILDREN`` of this process once the command is waited for, which the build's
waited-for workers are part of): ``unaccounted`` is that total minus the polled sum.
Nothing is changed in the command (no instrumentation); the poller's own CPU, taken from
the CPUs the command runs on, is reported as ``poller_cpu_seconds`` (about 2% of one CPU).

Roles (:func:`role_of`) come from the tree's shape as analysis.build makes it: the
command itself is the ``parent``; a Python child of the parent that has children of its
own is the ``model host`` (analysis.pool.ModelHost), and its Python children are
``worker``\\ s; another Python child of the parent is a ``child of parent`` (the events
merge of analysis.beside, or a worker pool the parent forks itself when it runs no host);
a process that is not Python (an ``exec``) is named by its command.

Linux only (``/proc``); elsewhere ``processes`` is empty and only the totals are given.
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

#: Seconds between two readings of the process tree (each process's account may miss
#: its last interval; the poller's own CPU grows as it shrinks).
POLL_SECONDS = 0.02
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class ProcStat:
    """One reading of ``/proc/<pid>/stat``: CPU seconds and page faults so far."""

    pid: int
    ppid: int
    comm: str
    user: float
    system: float
    minflt: int
    majflt: int
    start: int  # start time in clock ticks since boot: a pid reused later is another
    run: float = 0.0  # seconds on a CPU (/proc/<pid>/schedstat), as the scheduler counts
    wait: float = 0.0  # seconds runnable but waiting for a CPU (other jobs, or its own)

    @property
    def cpu(self) -> float:
        return self.user + self.system


def parse_stat(text: str) -> ProcStat:
    """A ProcStat from the text of ``/proc/<pid>/stat`` (proc(5): the command name is in
    parentheses and may hold spaces or parentheses itself, so fields are counted from
    the last ``)``)."""
    pid = int(text[: text.index("(")])
    comm = text[text.index("(") + 1 : text.rindex(")")]
    f = text[text.rindex(")") + 2 :].split()  # f[0] is field 3 (state)
    return ProcStat(pid=pid, ppid=int(f[1]), comm=comm, minflt=int(f[7]), majflt=int(f[9]),
                    user=int(f[11]) / _TICKS, system=int(f[12]) / _TICKS,
                    start=int(f[19]))  # fmt: skip


def _read(path: str) -> str | None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return os.read(fd, 4096).decode(errors="replace")
    except OSError:
        return None
    finally:
        os.close(fd)


def read_stat(pid: int) -> ProcStat | None:
    """``pid``'s reading (with its schedstat times where the kernel keeps them); None
    when it has exited (or is not readable)."""
    # schedstat first: a process reaped between the two reads then has no stat either,
    # and the reading is dropped whole (the last complete one stands). Read the other way
    # round, such a reading kept its CPU seconds with no run time (schedstat gone), and
    # as the last it replaced a complete one (.ci/run on 5622e79: a worker's run read 0.0).
    sched = _read(f"/proc/{pid}/schedstat")  # "run_ns wait_ns timeslices"
    text = _read(f"/proc/{pid}/stat")
    try:
        stat = None if text is None else parse_stat(text)
    except (ValueError, IndexError):
        return None
    if stat is not None and sched:
        run, wait, *_ = sched.split()
        stat.run, stat.wait = int(run) / 1e9, int(wait) / 1e9
    return stat


def children_of(pid: int) -> list[int]:
    """The pids of ``pid``'s children (each of its threads' children)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    out: list[int] = []
    for task in tasks:
        text = _read(f"/proc/{pid}/task/{task}/children")
        out += [int(c) for c in text.split()] if text else []
    return out


#: Process names the build gives its processes (analysis.worker_life.name_process) ->
#: their roles here.
NAMED_ROLES = {"newslens-host": "model host", "newslens-worker": "worker",
               "newslens-beside": "events merge"}  # fmt: skip


def _is_python(stat: ProcStat) -> bool:
    return stat.comm.startswith("python")


def role_of(stat: ProcStat, tree: dict[int, ProcStat], root: int) -> str:
    """The role of ``stat``'s process in the tree ``tree`` (pid -> last reading) under
    the command ``root`` (see the module doc)."""
    if stat.pid == root:
        return "parent"
    if stat.comm in NAMED_ROLES:
        return NAMED_ROLES[stat.comm]
    if not _is_python(stat):
        return stat.comm
    # a tree that names no process (an older --base): its shape; a child seen only before
    # it ran another program (0 CPU s, still named python) does not make a parent a host
    working = [s for s in tree.values() if s.ppid == stat.pid and _is_python(s) and s.cpu > 0]
    if stat.ppid == root:
        return "model host" if working else "child of parent"
    parent = tree.get(stat.ppid)
    if parent is not None and role_of(parent, tree, root) == "model host":
        return "worker" if stat.cpu > 0 else "python, briefly"
    return "python, briefly" if stat.cpu == 0 else "other python"


#: The figures :meth:`Account.by_role` sums per role.
ROLE_FIGURES = ("processes", "user", "system", "cpu", "minflt", "majflt", "wait", "idle")


@dataclass
class Account:
    """A command's wall seconds, its tree's CPU seconds and faults as the kernel counts
    them (``RUSAGE_CHILDREN``), and each process's last reading with its role."""

    seconds: float
    returncode: int
    cpu_seconds: float
    user: float
    system: float
    minflt: int
    majflt: int
    processes: list[dict]
    poller_cpu_seconds: float
    stdout: str = ""
    stderr: str = ""

    @property
    def polled_cpu_seconds(self) -> float:
        return sum(p["user"] + p["system"] for p in self.processes)

    @property
    def unaccounted(self) -> float:
        """CPU seconds the kernel counted for the tree and no reading shows (the last
        interval of each process, processes shorter than an interval)."""
        return self.cpu_seconds - self.polled_cpu_seconds

    def by_role(self) -> dict[str, dict[str, float]]:
        """{role: {"processes", "user", "system", "cpu", "minflt", "majflt", "wait",
        "idle"}} summed (``wait``: seconds runnable but waiting for a CPU; ``idle``:
        seconds seen alive neither on a CPU nor waiting for one, i.e. blocked)."""
        out: dict[str, dict[str, float]] = {}
        for p in self.processes:
            row = out.setdefault(p["role"], dict.fromkeys(ROLE_FIGURES, 0))
            row["processes"] += 1
            for key in ("user", "system", "minflt", "majflt", "wait", "idle"):
                row[key] += p[key]
            row["cpu"] += p["user"] + p["system"]
        return out

    def as_dict(self) -> dict:
        return {**{k: v for k, v in asdict(self).items() if k not in ("stdout", "stderr")},
                "polled_cpu_seconds": self.polled_cpu_seconds,
                "unaccounted": self.unaccounted, "by_role": self.by_role()}  # fmt: skip


def run_accounted(
    cmd: list[str],
    env: dict | None = None,
    cwd: Path | None = None,
    interval: float = POLL_SECONDS,
) -> Account:
    """Run ``cmd`` to its end while reading its process tree every ``interval`` seconds;
    its output is captured. Returns the :class:`Account`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    last: dict[tuple[int, int], ProcStat] = {}
    seen: dict[tuple[int, int], list[float]] = {}  # first and last time read
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        while proc.poll() is None:
            now = time.perf_counter() - started
            for key in _read_tree(proc.pid, last):
                seen.setdefault(key, [now, now])[1] = now
            time.sleep(interval)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    mine = resource.getrusage(resource.RUSAGE_SELF)
    tree = {s.pid: s for s in sorted(last.values(), key=lambda s: s.start)}
    processes = [
        {**asdict(s), "role": role_of(s, tree, proc.pid), **_lifetime(s, seen)}
        for s in sorted(last.values(), key=lambda s: (s.start, s.pid))
    ]
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    return Account(
        seconds=seconds, returncode=proc.returncode, cpu_seconds=user + system, user=user,
        system=system, minflt=after.ru_minflt - before.ru_minflt,
        majflt=after.ru_majflt - before.ru_majflt, processes=processes,
        poller_cpu_seconds=(mine.ru_utime + mine.ru_stime) - (own.ru_utime + own.ru_stime),
        stdout=stdout, stderr=stderr,
    )  # fmt: skip


def _lifetime(stat: ProcStat, seen: dict[tuple[int, int], list[float]]) -> dict[str, float]:
    """When ``stat``'s process was first and last read (seconds since the command
    started) and its ``idle`` seconds between: alive neither on a CPU nor waiting for one
    (``run`` and ``wait`` before the first reading are counted as if after it, so a
    process read late shows less idle, never more)."""
    first, last = seen.get((stat.pid, stat.start), [0.0, 0.0])
    return {"first": first, "last": last,
            "idle": max(0.0, last - first - stat.run - stat.wait)}  # fmt: skip


def _read_tree(root: int, last: dict[tuple[int, int], ProcStat]) -> list[tuple[int, int]]:
    """Read ``root`` and its descendants now into ``last`` ((pid, start) -> reading);
    returns the keys read."""
    todo, read = [root], []
    while todo:
        pid = todo.pop()
        stat = read_stat(pid)
        if stat is None:
            continue
        last[stat.pid, stat.start] = stat
        read.append((stat.pid, stat.start))
        todo += children_of(pid)
    return read
