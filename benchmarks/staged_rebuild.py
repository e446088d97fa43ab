"""What a country data change costs now: the staged rebuild against a full build, same run.

    python -m benchmarks.staged_rebuild [--limit N] [--workers W] [--check] [--keep DIR]

On the Reuters-21578 stories (benchmarks/reuters_to_corpus.py; all 18,781 with a body
unless ``--limit``), extracts this checkout's HEAD twice with ``git archive``: ``base``
as it is and ``edited`` with a byte added to analysis/data/country_lexicon.json (a
country data file: the mentions and events stages' keys change, the parse stage's does
not; analysis.stages). Then, as whole processes (``python -m analysis build ... --quiet``
run inside each tree, so each runs its own code):

1. ``base`` builds the corpus in a fresh cache: the full build (spaCy and every stage);
2. ``edited`` builds it in the same cache: the staged rebuild (mentions and events are
   re-derived from the stored parse, then the corpus-level passes and aggregates);
3. with ``--check``, ``edited`` also builds it in a fresh cache (a clean build with the
   new key inputs) and every snapshot table of 2 and 3 is compared cell for cell.

Prints the CPU seconds (user + system of the build process and its workers) of 1 and 2,
their ratio and the load average (CPU seconds grow far less than wall time when other
jobs share the machine; on a loaded machine quote the CPU seconds with the load). Exits 1
when ``--check`` finds a difference. ``--keep DIR`` keeps the corpus, trees and caches
there (reused by the next run with the same DIR: the full build is then not repeated,
only reported as not measured).
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
import time
from pathlib import Path

from benchmarks.build_equivalence import _DUMP, differences
from benchmarks.reuters_to_corpus import DEFAULT_SRC, convert

ROOT = Path(__file__).resolve().parents[1]
EDITED_FILE = Path("analysis") / "data" / "country_lexicon.json"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def extract(tree: Path, *, edit: bool) -> Path:
    """This checkout's HEAD in ``tree`` (once); with ``edit``, a byte added to
    :data:`EDITED_FILE` (valid JSON still: a trailing newline)."""
    if not (tree / "analysis").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True,
                                 capture_output=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        if edit:
            path = tree / EDITED_FILE
            path.write_bytes(path.read_bytes() + b"\n")
    return tree


def build(tree: Path, corpus: Path, cache: Path, workers: int) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of ``python -m analysis build`` run in ``tree``."""
    cmd = [sys.executable, "-m", "analysis", "build", str(corpus), "--cache", str(cache),
           "--quiet", "--workers", str(workers)]  # fmt: skip
    before, start = _children_cpu(), time.monotonic()
    subprocess.run(cmd, cwd=tree, check=True, capture_output=True)
    return _children_cpu() - before, time.monotonic() - start


def tables(tree: Path, corpus: Path, cache: Path, out: Path) -> dict:
    """The snapshot tables of ``corpus`` read from ``cache`` by ``tree``'s code."""
    subprocess.run([sys.executable, "-c", _DUMP, str(corpus), str(cache), str(out), "1"],
                   cwd=tree, check=True, capture_output=True)  # fmt: skip
    return pickle.loads(out.read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--limit", type=int, help="first N stories (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="build workers (default 2)")
    parser.add_argument("--check", action="store_true", help="compare with a clean build")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the work folder here")
    args = parser.parse_args(argv)
    if not args.src.is_file():
        print(f"skipped: {args.src} not found (the Reuters-21578 JSONL)", file=sys.stderr)
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="newslens-staged-"))
    try:
        corpus = work / "reuters.jsonl"
        if not corpus.exists():
            written, _ = convert(args.src, corpus, limit=args.limit)
            print(f"corpus: {written} stories", flush=True)
        base, edited = extract(work / "base", edit=False), extract(work / "edited", edit=True)
        cache = work / "cache"
        load = os.getloadavg()
        if cache.exists():
            print("full build: not measured (the kept cache holds it)")
            full = None
        else:
            full, wall = build(base, corpus, cache, args.workers)
            print(f"full build (spaCy + every stage): CPU {full:.1f} s, wall {wall:.1f} s",
                  flush=True)  # fmt: skip
        staged, wall = build(edited, corpus, cache, args.workers)
        ratio = f", {staged / full:.2f} of the full build" if full else ""
        print(f"staged rebuild after a country data change: CPU {staged:.1f} s, wall "
              f"{wall:.1f} s{ratio}; load {load[0]:.1f} before, {os.getloadavg()[0]:.1f} "
              "after", flush=True)  # fmt: skip
        if not args.check:
            return 0
        clean = work / "clean-cache"
        shutil.rmtree(clean, ignore_errors=True)
        build(edited, corpus, clean, args.workers)
        diff = differences(tables(edited, corpus, cache, work / "staged.pkl"),
                           tables(edited, corpus, clean, work / "clean.pkl"))  # fmt: skip
        shutil.rmtree(clean, ignore_errors=True)
        print("staged rebuild vs clean build: " + ("identical" if not diff else
              "DIFFER: " + "; ".join(diff)))  # fmt: skip
        return 1 if diff else 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
