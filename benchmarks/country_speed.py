"""Speed of country mapping, against a baseline revision, in the same run.

Times what the build does to map countries once the NLP is done -- per chunk of
documents the gazetteer pass (analysis.countries.add_place_records per document) and
map_countries with the texts (analysis.pipeline), then apply_source_homes over the
corpus (analysis.build) -- on the first N Reuters-21578 stories, for this
checkout and for ``--baseline REV`` (extracted with ``git archive`` into a temporary
folder and run in its own process, so each measures its own code). The spaCy
mentions are extracted once by benchmarks/country_eval.py and shared (``--cache-dir``).

Each tree's corpus is cut into the chunks its own build cuts for ``--workers``
workers (default: this machine's usable CPUs, a build's default): a pool's batches,
larger first, where the tree has analysis.build.split_chunks (since dd330b7: 16 to 256
documents for 2 workers; since the twenty-sixth session also one worker's, 256 each),
else 64 documents each (bfb0433's build, whatever its workers). A chunk pays
map_countries' fixed cost once, so the chunks are part of what a build costs;
``--workers 1`` gives each tree's one-worker build's chunks.
Each chunk runs under the garbage collector's regime of the tree's build
(analysis.pipeline.chunk_collector where the tree has it: automatic collection paused
while a chunk is mapped; else the process's default, as bfb0433's build ran).

Only the ratios are meaningful on a shared machine; the load (``os.getloadavg``) is
printed with them. Both clocks are reported: wall time, and the process's CPU time
(``time.process_time``), which waiting for a loaded machine's cores inflates less.
Run from the repository root:

    python benchmarks/country_eval.py --cache-dir /tmp/ce --reuters-limit 18781 --no-ablation
    python benchmarks/country_speed.py --cache-dir /tmp/ce --limit 18781 --baseline bfb0433

``--also main`` measures a second baseline in the same alternation (one ratio each).
``--concurrent`` runs the baseline and this checkout at the same time, one per core, in
each round, instead of one after the other: the 2-core machines here drift in speed by
more than the difference measured (bfb0433 alone took 23.6 to 31.2 CPU s in one idle
hour), and two runs side by side share the drift; the ratio of each round is printed,
and their median is the figure to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Runs inside the tree being measured (this checkout or the baseline's): prints the
#: median seconds of ``repeat`` runs of the mapping steps as JSON.
_MEASURE = r"""
import json, sys, time, statistics
sys.path.insert(0, sys.argv[1])
import pandas as pd
from analysis import countries
from analysis.entities import clean_records
mentions = pd.read_parquet(sys.argv[2]); sentences = pd.read_parquet(sys.argv[3])
docs = pd.read_json(sys.argv[4], orient="records", dtype={"doc_id": str})
texts = dict(zip(docs["doc_id"], docs["text"]))
spans = {}
for d, i, s, e in sentences[["doc_id", "sent_id", "start", "end"]].itertuples(index=False):
    spans.setdefault(str(d), []).append((int(s), int(e), int(i)))
groups = [(d, g.to_dict("records")) for d, g in mentions.groupby("doc_id", sort=False)]
cleaned = [(d, clean_records(r, texts[d], sentences=spans.get(d))) for d, r in groups]
# As the build does: per chunk of documents the gazetteer pass and map_countries
# (analysis.pipeline), then the corpus-level sources' homes (analysis.build). The
# chunks are this tree's build's for ``workers`` workers: analysis.build.split_chunks
# where the tree has it (a pool's batches, larger first), else 64 documents each, as
# the builds before pool batches (bfb0433) chunked a corpus whatever their workers.
try:
    from analysis.build import CHUNK_SIZE, split_chunks
except ImportError:
    def split_chunks(todo, size, workers):
        return [todo.iloc[i : i + size] for i in range(0, len(todo), size)]
    CHUNK_SIZE = 64
# As the build does: each chunk's passes run under the collector's regime of the tree's
# pipeline (analysis.pipeline.chunk_collector where the tree has it, since the
# twenty-fifth session: automatic collection paused), else as the process runs.
try:
    from analysis.pipeline import chunk_collector
except ImportError:
    from contextlib import nullcontext as chunk_collector
by_doc = dict(cleaned)
todo = docs[["doc_id", "text"]].reset_index(drop=True)
chunks = [[(d, by_doc[d]) for d in part["doc_id"] if d in by_doc]
          for part in split_chunks(todo, CHUNK_SIZE, int(sys.argv[6]))]
chunks = [chunk for chunk in chunks if chunk]
times, cpus = [], []
for _ in range(int(sys.argv[5])):
    start, cpu = time.perf_counter(), time.process_time()
    parts = []
    for chunk in chunks:
        with chunk_collector():
            rows = [m for d, r in chunk for m in
                    countries.add_place_records(r, texts[d], sentences=spans.get(d))]
            frame = pd.DataFrame(rows, columns=mentions.columns)
            parts.append(countries.map_countries(frame, texts={d: texts[d] for d, _ in chunk}))
    mapped = pd.concat(parts, ignore_index=True)
    countries.apply_source_homes(mapped, docs, sentences=sentences)
    times.append(time.perf_counter() - start)
    cpus.append(time.process_time() - cpu)
print(json.dumps({"median_s": statistics.median(times), "cpu_s": statistics.median(cpus),
                  "runs": times, "chunks": len(chunks)}))
"""


def write_documents(articles: list, path: Path) -> Path:
    """``articles`` (country_eval's Reuters articles) as the JSON records the measuring
    script reads (doc_id, text, source); returns ``path``."""
    path.write_text(json.dumps([{"doc_id": a.doc_id, "text": a.text, "source": a.source}
                                for a in articles]))  # fmt: skip
    return path


def measure(
    tree: Path, cache: Path, name: str, documents: Path, repeat: int, workers: int = 1
) -> dict:
    """Run the mapping steps in ``tree``'s code on the cached mentions of ``name``, in the
    chunks ``tree``'s build makes for ``workers`` workers."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(tree), str(cache / f"{name}.mentions.parquet"),
         str(cache / f"{name}.sentences.parquet"), str(documents), str(repeat), str(workers)],
        check=True, capture_output=True, text=True, cwd=tree,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache-dir", type=Path, required=True,
                        help="country_eval.py --cache-dir (its spaCy mentions)")  # fmt: skip
    parser.add_argument("--limit", type=int, default=1000,
                        help="the reuters{N} cache to use")  # fmt: skip
    parser.add_argument("--baseline", default="bfb0433", help="git revision to compare with")
    parser.add_argument("--after", default=None,
                        help="git revision to measure instead of this working tree")  # fmt: skip
    parser.add_argument("--also", default=None,
                        help="a second baseline revision, in the same alternation")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None,
                        help="chunk the corpus as each tree's build does for this many "
                        "workers (default: this machine's usable CPUs, as a build's "
                        "default; 1: a one-worker build's chunks of 64)")  # fmt: skip
    parser.add_argument("--concurrent", action="store_true",
                        help="run the baseline and this checkout at the same time, one per "
                        "core, each round (benchmarks._harness.concurrently); report the "
                        "median of the rounds' ratios")  # fmt: skip
    args = parser.parse_args(argv)
    if args.concurrent and args.also:
        parser.error("--concurrent measures two trees, one per core: not with --also")
    from analysis.runtime import usable_cpus
    from benchmarks._harness import alternate, concurrently, extract_revision
    from benchmarks.country_eval import DEFAULT_REUTERS, load_reuters

    workers = args.workers or usable_cpus()
    articles = load_reuters(DEFAULT_REUTERS, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        documents = write_documents(articles, Path(tmp) / "documents.json")
        base = extract_revision(args.baseline, Path(tmp) / "baseline")
        after = extract_revision(args.after, Path(tmp) / "after") if args.after else ROOT
        name = f"reuters{args.limit}"
        trees = {args.baseline: base}
        if args.also:
            trees[args.also] = extract_revision(args.also, Path(tmp) / "also")
        trees["after"] = after
        # Alternate the trees (A, B, A, B, ...) so a change of load hits all alike, or
        # run them side by side so a drift of the machine's speed does.
        runs = (concurrently if args.concurrent else alternate)(args.repeat, {
            key: (lambda tree=tree: measure(tree, args.cache_dir, name, documents, 1, workers))
            for key, tree in trees.items()
        })  # fmt: skip
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    how = "side by side" if args.concurrent else "alternated"
    for clock, label in (("median_s", "wall"), ("cpu_s", "CPU")):
        ended = statistics.median(r[clock] for r in runs["after"])
        for rev in [k for k in trees if k != "after"]:
            before = statistics.median(r[clock] for r in runs[rev])
            ratios = [a[clock] / b[clock] for a, b in zip(runs["after"], runs[rev], strict=True)]
            print(f"{len(articles):,} Reuters stories, {label} time: baseline {rev} "
                  f"{before:.2f} s, {args.after or 'this checkout'} {ended:.2f} s (medians "
                  f"of {args.repeat}, {how}); ratio {ended / before:.2f}; ratio by round "
                  f"{', '.join(f'{r:.2f}' for r in ratios)} (median "
                  f"{statistics.median(ratios):.2f}); chunks as each build makes them for "
                  f"{workers} worker(s): {runs[rev][0]['chunks']} and "
                  f"{runs['after'][0]['chunks']}; "
                  f"load average {load}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
