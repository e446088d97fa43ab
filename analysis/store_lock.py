"""The build lock of a cache folder: one builder at a time, with a known owner.

A builder holds an exclusive ``flock`` on ``<model folder>/build.lock`` and writes its
owner record into the file: pid, host, start time, the process start ticks (to tell a
reused pid apart) and a heartbeat refreshed every :data:`HEARTBEAT_SECONDS` by a thread.

Another build of the same folder then:

- waits at most ``timeout`` seconds (:data:`DEFAULT_TIMEOUT`, or ``$NEWSLENS_LOCK_TIMEOUT``),
  saying once whom it waits for; after that it raises :class:`BuildLockTimeout`, naming the
  owner and whether it is stopped or its heartbeat is stale (a frozen builder);
- takes the lock over when its owner is dead. The kernel drops a dead process's flock, so
  the usual case is immediate (the dead owner's record is replaced and reported); worker
  processes close their inherited copy of the lock (:func:`close_inherited`), so an
  orphaned worker never keeps the lock either. When the flock is still held but the
  owner record shows a dead process on this host (or no owner) and has not changed for
  :data:`STALE_AFTER` seconds (a live holder rewrites it every heartbeat, so this
  cannot be a build that just took the lock), the waiter proceeds as the new owner.

Written by hand because filelock (used before) has no owner record and no liveness check.
Linux/POSIX only (fcntl), like the rest of the cache's atomic-rename design.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

from analysis.store_integrity import LOG

TIMEOUT_ENV = "NEWSLENS_LOCK_TIMEOUT"
#: Seconds a build waits for another build of the same cache folder before giving up
#: (10 minutes: longer than building a few thousand articles on one core; set
#: $NEWSLENS_LOCK_TIMEOUT for bigger corpora).
DEFAULT_TIMEOUT = 600.0
#: Seconds between two heartbeats of the owner; an owner whose heartbeat is older than
#: 6 beats is reported as frozen (stopped, swapping or hung) in the timeout message.
HEARTBEAT_SECONDS = 5.0
STALE_AFTER = 6 * HEARTBEAT_SECONDS
POLL_SECONDS = 0.2
HEARTBEAT_THREAD = "newslens-lock-heartbeat"

_HELD_FDS: set[int] = set()  # lock fds of this process, closed in forked workers


class BuildLockTimeout(TimeoutError):
    """Another build held the cache folder's lock for longer than the timeout."""


def lock_timeout(value: float | None = None) -> float:
    """``value``, else $NEWSLENS_LOCK_TIMEOUT, else :data:`DEFAULT_TIMEOUT` (seconds)."""
    if value is not None:
        return float(value)
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        return float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def close_inherited() -> None:
    """Close lock fds inherited through fork (call first thing in a worker process)."""
    for fd in list(_HELD_FDS):
        with contextlib.suppress(OSError):
            os.close(fd)
        _HELD_FDS.discard(fd)


def _proc_start(pid: int) -> str | None:
    """The start time (clock ticks since boot) of ``pid`` from /proc, if readable."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def _proc_state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def owner_alive(owner: dict) -> bool | None:
    """True/False for an owner on this host, None when it runs on another host."""
    if owner.get("host") != socket.gethostname():
        return None
    pid = int(owner.get("pid", 0))
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    started = owner.get("proc_start")
    if started and _proc_start(pid) not in (None, started):
        return False  # the pid now belongs to another process
    return _proc_state(pid) not in ("Z", "X")


def read_owner(path: Path) -> dict | None:
    """The owner record in the lock file ``path`` (None when empty or unreadable)."""
    try:
        raw = Path(path).read_text(encoding="utf-8").strip()
        return json.loads(raw) if raw else None
    except (OSError, ValueError):
        return None


def describe(owner: dict | None) -> str:
    """One line naming a lock owner for messages."""
    if not owner:
        return "a build that recorded no owner"
    text = (
        f"build pid {owner.get('pid')} on host {owner.get('host')}, started {owner.get('started')}"
    )
    beat = owner.get("heartbeat")
    if isinstance(beat, (int, float)):
        age = time.time() - beat
        if age > STALE_AFTER:
            text += f", no heartbeat for {age:.0f} s (frozen or stopped)"
    if owner.get("host") == socket.gethostname() and _proc_state(int(owner["pid"])) == "T":
        text += ", process is stopped (SIGSTOP)"
    return text


class BuildLock:
    """``with BuildLock(path, timeout=...):`` holds the cache folder's build lock."""

    def __init__(
        self, path: Path, *, timeout: float | None = None, on_wait: Callable[[str], None] | None
        = None, takeover_after: float = STALE_AFTER) -> None:  # fmt: skip
        self.path = Path(path)
        self.timeout = lock_timeout(timeout)
        self.takeover_after = takeover_after
        self.on_wait = on_wait
        self.took_over: dict | None = None  # the dead owner replaced, if any
        self._fd: int | None = None
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._record: dict = {}

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock; raises BuildLockTimeout after ``timeout`` seconds of waiting."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            self._wait(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        _HELD_FDS.add(fd)
        self._record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "proc_start": _proc_start(os.getpid()),
        }
        self._write_record()
        self._stop.clear()
        self._beat = threading.Thread(target=self._heartbeat, daemon=True, name=HEARTBEAT_THREAD)
        self._beat.start()

    def _wait(self, fd: int) -> None:
        deadline = time.monotonic() + self.timeout
        seen: dict | None = None
        seen_since = time.monotonic()
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                previous = read_owner(self.path)  # left by an owner killed while holding
                if previous and owner_alive(previous) is False:
                    self._take_over(previous)
                return
            except BlockingIOError:
                pass
            owner = read_owner(self.path)
            now = time.monotonic()
            if owner != seen:  # a live holder's record changes at every heartbeat
                seen, seen_since = owner, now
            gone = owner is None or owner_alive(owner) is False
            if gone and now - seen_since >= self.takeover_after:
                self._take_over(owner)
                return
            if not said:
                said = True
                self._say(f"waiting up to {self.timeout:.0f} s for {describe(owner)} "
                          f"(lock {self.path})")  # fmt: skip
            if now >= deadline:
                raise BuildLockTimeout(
                    f"the cache folder {self.path.parent.name} is locked by {describe(owner)}; "
                    f"waited {self.timeout:.0f} s. If that process is frozen, stop it (the "
                    f"lock is freed when it dies); to wait longer set {TIMEOUT_ENV} (seconds)"
                )
            time.sleep(POLL_SECONDS)

    def _take_over(self, owner: dict | None) -> None:
        self.took_over = owner or {}
        self._say(f"taking over the build lock from {describe(owner)}, which is dead")

    def _say(self, message: str) -> None:
        LOG.warning("%s", message)
        if self.on_wait is not None:
            self.on_wait(message)

    def _write_record(self) -> None:
        if self._fd is None:
            return
        data = json.dumps({**self._record, "heartbeat": time.time()}).encode()
        os.pwrite(self._fd, data.ljust(512), 0)  # fixed size: never a half-old record

    def _heartbeat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            with contextlib.suppress(OSError):
                self._write_record()

    def release(self) -> None:
        """Clear the owner record and drop the lock."""
        self._stop.set()
        if self._beat is not None:
            self._beat.join()
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _HELD_FDS.discard(fd)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
