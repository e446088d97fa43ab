"""What a build's engines share and report, below both of them: the CPUs this process may
use and the progress of the NLP stage. analysis.build (local engine) and
analysis.distributed (Dask engine) import it; it imports neither, so they form no circle.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass


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
