"""Where to fork the model host: would forking it earlier make it ready sooner?

    python -m benchmarks.fork_point [--repeat 5] [--model NAME]

The build forks its model host (analysis.pool.ModelHost) when analysis.build.build_corpus
starts, after the CLI's imports (about 0.4 CPU s); the host then loads the pipeline
(analysis.pool.warm_model) and forks the workers. Forked earlier, the host starts sooner
but must import for itself the modules it would have inherited (pandas, pyarrow, the
pipeline's and the stages' modules), which the build's process imports anyway. On an
idle 2-CPU machine the host is ready at about (the parent's CPU seconds at the fork) +
(the host's CPU seconds to ready): this program measures both, in fresh interpreters,
for three fork points:

- ``cli`` (as now): after ``import analysis.__main__``;
- ``shared``: after pandas and the workers' modules (analysis.staged, analysis.pool),
  before the CLI's own (present, filters, readers, yaml...);
- ``start``: before any import but the ``analysis`` package (its environment settings).

CPU seconds (``time.process_time``), so the figures hold on a loaded machine too; medians
of ``--repeat`` runs, the three points alternating.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POINTS = ("cli", "shared", "start")

# A fresh interpreter: import up to the fork point, fork; the child loads the pipeline as
# the host does (then imports the workers' modules) and prints its CPU seconds; the parent
# imports the rest of the CLI (it runs on the other CPU) and prints its CPU at the fork.
CHILD = """
import os, sys, time
point, model = sys.argv[1], sys.argv[2] or None
import analysis
if point == "shared":
    import pandas, analysis.staged, analysis.pool
if point == "cli":
    import analysis.__main__
at_fork = time.process_time()
read, write = os.pipe()
if os.fork() == 0:
    started = time.process_time()
    from analysis.models import resolve_model_name
    from analysis.pool import warm_model
    import analysis.staged
    warm_model(resolve_model_name(model))
    os.write(write, f"{time.process_time() - started}".encode())
    os._exit(0)
import analysis.__main__
os.close(write)
host = float(os.read(read, 64).decode())
os.wait()
print(at_fork, host)
"""


def measure(point: str, model: str | None) -> tuple[float, float]:
    """(parent CPU s at the fork, host CPU s from the fork to ready) for ``point``."""
    out = subprocess.run([sys.executable, "-c", CHILD, point, model or ""], cwd=ROOT,
                         capture_output=True, text=True, check=True)  # fmt: skip
    at_fork, host = out.stdout.split()
    return float(at_fork), float(host)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per fork point")
    parser.add_argument("--model", help="spaCy pipeline (default: the best installed)")
    args = parser.parse_args(argv)
    runs: dict[str, list[tuple[float, float]]] = {p: [] for p in POINTS}
    for _ in range(args.repeat):
        for point in POINTS:
            runs[point].append(measure(point, args.model))
    print(f"fork point   parent CPU s at fork   host CPU s to ready   ready at (sum)"
          f"   medians of {args.repeat}")  # fmt: skip
    for point, figures in runs.items():
        fork = statistics.median(f for f, _ in figures)
        host = statistics.median(h for _, h in figures)
        ready = statistics.median(f + h for f, h in figures)
        print(f"{point:<10} {fork:>18.3f} {host:>21.3f} {ready:>16.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
