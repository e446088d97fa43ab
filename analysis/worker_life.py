"""Worker processes die with the build that started them.

A worker that outlives its builder (the builder was killed with SIGKILL, or crashed)
would keep burning CPU for nothing and, before this module, kept the build lock too.
:func:`die_with_parent` is called first thing in every worker process (the local pool's
initializer, and a Dask worker/nanny plugin):

- on Linux it asks the kernel for a parent-death signal (``prctl(PR_SET_PDEATHSIG,
  SIGKILL)`` through ctypes: no package wraps this one call portably), with the C
  library the interpreter already has loaded (``ctypes.CDLL(None)``):
  ``ctypes.util.find_library`` would fork and run ``ldconfig -p`` in every worker;
- everywhere it also starts a daemon thread that polls the parent pid every
  :data:`POLL_SECONDS` and exits the process when the parent is gone (the fallback for
  other systems, and for the case where the kernel signal is tied to a thread that ended).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

from analysis.store_lock import close_inherited

PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15
POLL_SECONDS = 1.0


def _prctl(option: int, arg: object) -> bool:
    """``prctl(option, arg)`` on Linux; False where unsupported or refused."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        # the symbols already loaded (the interpreter links the C library): no lookup
        # of the library's file, which ctypes.util.find_library does by running ldconfig
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, arg, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _set_pdeathsig() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where unsupported."""
    return _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def name_process(name: str) -> bool:
    """Give this process the name ``name`` (at most 15 bytes are kept) in the kernel's
    process table, as ps, top and /proc/<pid>/comm show it: a build's model host,
    workers and events merge are told apart there (benchmarks/process_account.py reads
    them). Linux only; False elsewhere. Nothing else reads the name."""
    return _prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]))


def _watch_parent(parent: int) -> None:
    stop = threading.Event()
    while not stop.wait(POLL_SECONDS):
        if os.getppid() != parent:
            os._exit(1)  # no cleanup: the parent that would collect results is gone


def arm_parent_death(parent: int | None = None) -> int:
    """The part of :func:`die_with_parent` that starts no thread: close the inherited
    build lock fds and ask Linux for the parent-death signal; exit now if ``parent``
    (default: the current parent) is already gone. Returns ``parent``.

    A process that forks children of its own after this (the model host,
    analysis.pool) starts the watch thread with :func:`watch_parent` only once they exist,
    so it never forks while another of its threads runs."""
    close_inherited()
    parent = os.getppid() if parent is None else parent
    _set_pdeathsig()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    return parent


def watch_parent(parent: int) -> None:
    """Start the daemon thread that exits this process when ``parent`` is gone."""
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()


def die_with_parent(parent: int | None = None) -> None:
    """Make this process exit when ``parent`` (default: the current parent) dies.

    Also closes the build lock fds inherited through fork, so a worker never holds the
    lock of its builder.
    """
    watch_parent(arm_parent_death(parent))
