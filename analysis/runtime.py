"""What a build's engines share and report, below both of them: the CPUs this process may
use, the progress of the NLP stage, and where a build's time goes. analysis.build (local
engine) and analysis.distributed (Dask engine) import it; it imports neither, so they
form no circle.

Where the time goes (read by benchmarks/throughput.py, never by the app):

- :func:`mark` records the start of a stage of the whole build command (corpus load,
  model load and worker start, NLP, post-NLP passes, output): its wall-clock time and
  the CPU seconds used so far by this process and by its finished children (worker
  processes are counted when they have been waited for, i.e. in the stage that shuts
  their pool down), only when $NEWSLENS_STAGES names a file; :func:`write_marks` writes
  them there at exit;
- :func:`step` adds the CPU seconds of one step of analysis.pipeline.analyze to
  :data:`STEP_CPU` (always on: two clock reads per step call).
"""

from __future__ import annotations

import gc
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildProgress:
    """Documents done so far in the NLP stage of a build."""

    done: int
    total: int
    elapsed: float

    @property
    def docs_per_second(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        rate = self.docs_per_second
        return (self.total - self.done) / rate if rate > 0 else None


ProgressCallback = Callable[[BuildProgress], None]


def usable_cpus() -> int:
    """CPUs this process may run on (respects affinity masks and cgroups' cpusets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


STAGES_ENV = "NEWSLENS_STAGES"
_MARKS: list[tuple[str, float, float]] = []


def process_cpu() -> float:
    """CPU seconds (user + system) of this process since it started, plus those of its
    children that have exited and been waited for (a worker pool after its shutdown)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def mark(stage: str) -> None:
    """Stage ``stage`` of this process's build starts now (recorded only when
    $NEWSLENS_STAGES is set, so a long-running dashboard keeps nothing)."""
    if os.environ.get(STAGES_ENV):
        _MARKS.append((stage, time.time(), process_cpu()))


_NOTES: dict[str, dict] = {}


def note(what: str, figures: dict) -> None:
    """Record ``figures`` (JSON values) about ``what`` happened beside the stages, e.g.
    when another process finished its part (only when $NEWSLENS_STAGES is set)."""
    if os.environ.get(STAGES_ENV):
        _NOTES[what] = figures


def write_marks() -> None:
    """Write the recorded stage starts and the time now as JSON to $NEWSLENS_STAGES:
    {"marks": [[stage, unix time, cpu s], ...], "end": unix time, "end_cpu": cpu s,
    "notes": {what: figures}} (cpu s: :func:`process_cpu` at that moment; notes:
    :func:`note`). Nothing when unset."""
    path = os.environ.get(STAGES_ENV)
    if path:
        out = {"marks": _MARKS, "end": time.time(), "end_cpu": process_cpu(), "notes": _NOTES}
        Path(path).write_text(json.dumps(out))


#: CPU seconds of this process in each step of analysis.pipeline.analyze, accumulated.
STEP_CPU: Counter[str] = Counter()


@contextmanager
def step(name: str) -> Iterator[None]:
    """Add the CPU seconds the block takes to ``STEP_CPU[name]``."""
    started = time.process_time()
    try:
        yield
    finally:
        STEP_CPU[name] += time.process_time() - started


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic garbage collection while the block runs (:func:`gc.disable`; enabled
    again after it if it was before).

    For a block that builds objects meant to live as long as the process, such as the
    model host loading the pipeline (analysis.pool): each collection the allocations
    trigger meanwhile scans the growing heap and frees next to nothing. The host's two
    full collections and its young ones while loading took 0.1-0.25 CPU s of its 1.3
    (gc callbacks in a build of 1,000 Reuters bodies; docs/benchmarks.md, part 9). Garbage the block
    leaves is collected by the next collection after it (or stays, frozen, in a process
    that freezes its heap next: a fork pool's parent, :func:`frozen`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_FROZEN_LOCK = threading.Lock()
_frozen_depth = 0  # frozen() blocks open now, in every thread of this process


@contextmanager
def frozen() -> Iterator[None]:
    """Objects alive now are out of the garbage collector's sight (:func:`gc.freeze`)
    while the block runs, then back in it (:func:`gc.unfreeze`).

    The build's corpus passes allocate many objects, and each full collection they
    trigger would scan everything alive: the gazetteer, place tables and corpus read
    before them. Frozen, those are skipped: 0.2 of 1.2 CPU s of the passes on 1,000
    Reuters bodies (docs/benchmarks.md, branch thru3). Nothing else changes: a frozen object that
    becomes garbage meanwhile is collected after the block.

    Freezing is process-wide, so blocks nest and overlap safely (two dashboard
    sessions building at once, a worker pool inside a build): each entry freezes what
    is alive then, and only the last block to end unfreezes.
    """
    global _frozen_depth
    with _FROZEN_LOCK:
        _frozen_depth += 1
        gc.freeze()
    try:
        yield
    finally:
        with _FROZEN_LOCK:
            _frozen_depth -= 1
            if _frozen_depth == 0:
                gc.unfreeze()
