"""Adding articles to a built corpus: the incremental corpus pass against the clean one,
in whole ``python -m analysis build`` processes, on Reuters-21578.

The corpus (``benchmarks/reuters_to_corpus.py``, loaded as the dashboard loads it) minus
its last ``--add`` articles is built in two fresh caches; then the whole corpus is
written to the same path and built again in each: once with the incremental corpus
pass (analysis.corpus_state, the default), once with ``NEWSLENS_CORPUS_STATE=off``
(every pass clean, as before the state existed). Both second builds run spaCy on the
same ``--add`` new articles only. Reported per second build: wall and CPU seconds of the
whole process and of its "corpus pass" stage (the build's own stage marks,
$NEWSLENS_STAGES), and the load (``uptime``). The two builds' tables are checked equal.

``--segment DIR``: a build cache segment of this corpus (e.g. from
``benchmarks/entity_resolution_scale.py``'s runs) whose per-document tables seed both
caches for the first build, so that it needs no spaCy over the whole corpus (the rows are
re-keyed for this code's cache; the second builds analyse the new articles themselves).
Without it the first builds run spaCy over every article (hours on a small machine).
Run::

    .venv/bin/python -m benchmarks.incremental_build --segment DIR

Writes ``benchmarks/results/incremental_build.json``. Quote the ratios with the load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from benchmarks.entity_linking_eval import MODEL
from benchmarks.entity_resolution_scale import load_reuters
from benchmarks.reuters_to_corpus import DEFAULT_SRC
from benchmarks.throughput import stage_cpu_table, stage_table, timed_process

ROOT = Path(__file__).resolve().parents[1]

RESULTS = ROOT / "benchmarks" / "results" / "incremental_build.json"
PASS_STAGE = "corpus pass"


def seed_cache(cache: Path, corpus: Path, model: str, segment: Path) -> int:
    """Store ``segment``'s per-document tables of the documents of ``corpus`` in
    ``cache`` under this code's keys; returns the number of documents seeded."""
    from analysis import store
    from analysis.corpus import load_corpus
    from analysis.models import installed_label

    label = installed_label(model)
    docs = load_corpus(corpus).documents
    keys = pd.DataFrame({
        "doc_key": [store.doc_key(d, None if pd.isna(t) else t, label)
                    for d, t in zip(docs["doc_id"], docs["date"], strict=True)],
        "doc_id": docs["doc_id"],
    })  # fmt: skip
    wanted = set(keys["doc_id"])
    tables = {}
    for name in ("sentences", "mentions", "events"):
        frame = pd.read_parquet(segment / f"{name}.parquet")
        frame = frame[frame["doc_id"].isin(wanted)].drop(columns=store.DOC_KEY)
        tables[name] = frame.reset_index(drop=True)
    held = set(tables["sentences"]["doc_id"])
    store.write_segment(store.model_dir(cache, label), keys[keys["doc_id"].isin(held)], tables)
    return len(held)


def build(corpus: Path, cache: Path, model: str, *, incremental: bool) -> dict:
    """Wall/CPU seconds of one ``python -m analysis build`` process and of its stages."""
    marks = cache.with_suffix(".stages.json")
    env = {**os.environ, "NEWSLENS_STAGES": str(marks)}
    env["NEWSLENS_CORPUS_STATE"] = "on" if incremental else "off"
    cmd = [sys.executable, "-m", "analysis", "build", str(corpus), "--cache", str(cache),
           "--model", model, "--workers", "1", "--quiet"]  # fmt: skip
    started, load = time.time(), os.getloadavg()[0]
    seconds, cpu = timed_process(cmd, env)
    recorded = json.loads(marks.read_text())
    wall, used = stage_table(recorded, started, seconds), stage_cpu_table(recorded, cpu)
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "corpus_pass_seconds": round(wall.get(PASS_STAGE, float("nan")), 2),
        "corpus_pass_cpu_seconds": round(used.get(PASS_STAGE, float("nan")), 2),
        "load": [round(load, 1), round(os.getloadavg()[0], 1)],
    }


def same_tables(corpus: Path, caches: Sequence[Path], model: str) -> bool:
    """Are the built tables of ``corpus`` in both caches equal (served from each)?"""
    from analysis.build import SNAPSHOT_TABLES, build_corpus

    a, b = (build_corpus(corpus, cache_dir=c, model=model, workers=1) for c in caches)
    for name in SNAPSHOT_TABLES:
        try:
            pd.testing.assert_frame_equal(a.table(name), b.table(name), obj=name)
        except AssertionError as err:
            print(f"tables differ: {err}")
            return False
    return True


def run(args: argparse.Namespace) -> dict:
    documents = load_reuters(args.src, args.work, args.limit)  # converts it once
    lines = (
        (args.work / f"newslens-reuters-{args.limit or 'all'}.jsonl")
        .read_text(encoding="utf-8")
        .splitlines(keepends=True)
    )
    work = Path(tempfile.mkdtemp(prefix="newslens-incr-", dir=args.work))
    try:
        return _compare(args, documents, lines, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _compare(args: argparse.Namespace, documents: pd.DataFrame, lines: list[str],
             work: Path) -> dict:  # fmt: skip
    """Build the corpus minus the added articles, then all of it, in two caches."""
    corpus = work / "reuters.jsonl"
    caches = {"incremental": work / "cache-incremental", "clean": work / "cache-clean"}
    corpus.write_text("".join(lines[: len(lines) - args.add]), encoding="utf-8")
    seeded = {m: seed_cache(c, corpus, args.model, args.segment) if args.segment else 0
              for m, c in caches.items()}  # fmt: skip
    first = {m: build(corpus, c, args.model, incremental=m == "incremental")
             for m, c in caches.items()}  # fmt: skip
    corpus.write_text("".join(lines), encoding="utf-8")
    second = {m: build(corpus, c, args.model, incremental=m == "incremental")
              for m, c in caches.items()}  # fmt: skip
    inc, clean = second["incremental"], second["clean"]
    return {
        "documents": len(documents),
        "added": args.add,
        "seeded_documents": seeded["incremental"],
        "first_build": first,
        "second_build": second,
        "corpus_pass_cpu_ratio": round(
            inc["corpus_pass_cpu_seconds"] / clean["corpus_pass_cpu_seconds"], 3
        ),
        "build_cpu_ratio": round(inc["cpu_seconds"] / clean["cpu_seconds"], 3),
        "tables_equal": same_tables(corpus, list(caches.values()), args.model),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--limit", type=int, help="only the first N stories with a body")
    parser.add_argument("--add", type=int, default=100, help="articles added to the corpus")
    parser.add_argument("--segment", type=Path, help="seed the first builds from this segment")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Build, add, build again both ways; print and save the figures."""
    args = parse_args(argv)
    if not args.src.is_file():
        print(f"skipped: {args.src} not found")
        return 0
    result = run(args)
    command = "python -m benchmarks.incremental_build " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    result = {"command": command.strip(), "model": args.model, **result}
    print(json.dumps(result, indent=2))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
