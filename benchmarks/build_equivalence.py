"""Same tables and CPU seconds: this tree's build against another commit's, on Reuters bodies.

    python -m benchmarks.build_equivalence [REUTERS_JSONL] --base REV --n 600 [--rounds 2]

For a speed change that must not change results: takes the first N Reuters-21578 bodies
(as benchmarks/throughput.py does), extracts commit REV with ``git archive`` into a
temporary folder, and in each round runs ``python -m analysis build`` of that tree and of
this one on the same corpus (fresh caches, alternating, whole processes, 2 workers unless
``--workers``), then compares every snapshot table of the two builds cell for cell. Prints
whether all tables are identical (the first differences otherwise) and each side's CPU
seconds (user + system of the process and its workers, which grow far less than wall
time when other jobs share the machine) with the load average. Exits 1 when a table
differs, 0 otherwise (and when the data file is absent, saying so).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._harness import extract_revision
from benchmarks.throughput import DEFAULT_DATA, ROOT, read_bodies, write_corpus

#: Runs inside the tree being measured: its own build_corpus, tables pickled to argv[3].
_DUMP = r"""
import pickle, sys
from analysis.build import build_corpus
workers = int(sys.argv[4]) if len(sys.argv) > 4 else None
corpus = build_corpus(sys.argv[1], cache_dir=sys.argv[2], workers=workers)
pickle.dump(dict(corpus.tables), open(sys.argv[3], "wb"))
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_tree(tree: Path, corpus: Path, work: Path, tag: str, workers: int | None) -> float:
    """CPU seconds of ``python -m analysis build`` run in ``tree`` on ``corpus``; its tables
    (read back by a second, untimed process of the same tree) go to ``work/tag.pkl``."""
    cache = work / f"cache-{tag}"
    cmd = [sys.executable, "-m", "analysis", "build", str(corpus), "--cache", str(cache),
           "--quiet"] + (["--workers", str(workers)] if workers else [])  # fmt: skip
    before = _children_cpu()
    subprocess.run(cmd, cwd=tree, check=True, capture_output=True)
    cpu = _children_cpu() - before
    subprocess.run([sys.executable, "-c", _DUMP, str(corpus), str(cache), str(work / f"{tag}.pkl")],
                   cwd=tree, check=True, capture_output=True)  # fmt: skip
    shutil.rmtree(cache, ignore_errors=True)
    return cpu


def differences(a: dict, b: dict) -> list[str]:
    """Names of the tables that differ between two snapshots, with the first difference."""
    import pandas as pd

    out = [f"{name}: only in one build" for name in sorted(set(a) ^ set(b))]
    for name in sorted(set(a) & set(b)):
        try:
            left, right = a[name].reset_index(drop=True), b[name].reset_index(drop=True)
            pd.testing.assert_frame_equal(left, right, check_exact=True)
        except AssertionError as err:
            out.append(f"{name}: {str(err).splitlines()[0:3]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--base", required=True, help="commit to compare with (e.g. main)")
    parser.add_argument("--n", type=int, default=600, help="documents (default 600)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (default 2)")
    parser.add_argument("--workers", type=int, help="build workers (default: usable CPUs)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: {args.data} not found (the Reuters-21578 JSONL)", file=sys.stderr)
        return 0
    work = Path(tempfile.mkdtemp(prefix="newslens-equivalence-"))
    try:
        base = extract_revision(args.base, work / "base")
        corpus = write_corpus(read_bodies(args.data, args.n), work / "reuters.jsonl")
        same = True
        for i in range(args.rounds):
            cpu_base = build_tree(base, corpus, work, f"base{i}", args.workers)
            cpu_this = build_tree(ROOT, corpus, work, f"this{i}", args.workers)
            tables = [pickle.loads((work / f"{t}{i}.pkl").read_bytes()) for t in ("base", "this")]
            diff = differences(*tables)
            same = same and not diff
            print(f"round {i + 1}: CPU s {args.base} {cpu_base:.1f}, this tree {cpu_this:.1f} "
                  f"({cpu_this / cpu_base - 1:+.1%}); tables "
                  f"{'identical' if not diff else 'DIFFER: ' + '; '.join(diff)}; "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
