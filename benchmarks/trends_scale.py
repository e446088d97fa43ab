"""Issue 21 at scale: what story grouping adds to a cold build, and how fast the new views run.

    python -m benchmarks.trends_scale [--corpus REUTERS_JSONL] [--cache DIR] [--runs 3]

On the Reuters-21578 corpus (converted by benchmarks/reuters_to_corpus.py when no
--corpus is given), in one run:

1. a cold ``python -m analysis build`` of the whole corpus as a subprocess (whole
   process, wall seconds) into a fresh private cache (``--cache`` is emptied first);
2. :func:`analysis.stories.story_table` alone on the same documents, in this process
   (median of ``--runs``): its share of the cold build is what grouping adds;
3. a warm reopen (``python -m analysis summary``, whole process);
4. the Overview page (with its "What rose" panel) and the Compare page through AppTest
   on the warm cache: the median seconds of ``--runs`` script runs after the first visit
   of each page, i.e. what a warm server spends before the browser draws (the browser's
   own drawing is not included).

Prints one JSON object with the load average; writes benchmarks/results/trends_scale.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "trends_scale.json"


def _seconds(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def _page_seconds(corpus: Path, cache: Path, runs: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["NEWSLENS_CORPUS"] = str(corpus)
    os.environ["NEWSLENS_CACHE"] = str(cache)
    os.environ.pop("NEWSLENS_MODEL", None)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()  # loads the corpus into this process (a warm server has it)
    out = {}
    for page in ("pages/overview.py", "pages/compare.py"):
        at.switch_page(page).run()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
        assert not at.exception, [e.value for e in at.exception]
        out[page] = round(statistics.median(times), 2)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/newslens-bench/trends-cache"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    corpus = args.corpus
    if corpus is None:
        from benchmarks.reuters_to_corpus import DEFAULT_OUT, DEFAULT_SRC, convert

        corpus = DEFAULT_OUT
        if not corpus.exists():
            convert(DEFAULT_SRC, corpus)
    shutil.rmtree(args.cache, ignore_errors=True)  # the benchmark's own cache: cold
    env = {**os.environ, "NEWSLENS_CACHE": str(args.cache)}
    build = [sys.executable, "-m", "analysis", "build", str(corpus), "--quiet"]
    result: dict[str, object] = {"corpus": str(corpus), "load_before": os.getloadavg()[0]}
    result["cold_build_seconds"] = round(_seconds(build, env), 1)

    from analysis import stories
    from analysis.corpus import load_corpus

    docs = load_corpus(corpus).documents
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        stories.story_table(docs)
        times.append(time.perf_counter() - start)
    result["documents"] = len(docs)
    result["story_table_seconds"] = round(statistics.median(times), 2)
    result["grouping_share_of_cold_build"] = round(
        result["story_table_seconds"] / result["cold_build_seconds"], 3
    )
    summary = [sys.executable, "-m", "analysis", "summary", str(corpus), "--quiet"]
    result["warm_summary_seconds"] = round(
        statistics.median(_seconds(summary, env) for _ in range(args.runs)), 2
    )
    result["warm_page_seconds"] = _page_seconds(corpus, args.cache, args.runs)
    result["load_after"] = os.getloadavg()[0]
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
