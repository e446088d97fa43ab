"""Throughput: a cold build_corpus against naive spaCy, and a warm rebuild against cold.

    python benchmarks/throughput.py [REUTERS_JSONL] --n 1000 --repeat 3

Takes the first N Reuters-21578 bodies, writes them as a JSONL corpus, and in each
repeat measures, on the same texts:

- naive: ``spacy.load(model)`` then ``nlp(text)`` for each text (full pipeline, one
  process, no batching): what a user would write first;
- cold: ``build_corpus`` on a fresh cache folder, producing every table (sentences,
  mentions, events, entities, countries, co-occurrences, merged events, per-day
  aggregates) with the default local engine (a worker pool over the usable CPUs);
- warm: ``build_corpus`` again on the unchanged corpus (served from the cache).

Reports medians over the repeats, words/s (whitespace words, as documents.words),
cold/naive and cold/warm ratios against the targets (>= 2.0x and >= 50x), and writes
them to benchmarks/results/throughput.json. Exits 0 and says so when the data file is
absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "reuters21578" / "reuters21578.jsonl"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "throughput.json"
TARGET_COLD_VS_NAIVE = 2.0
TARGET_WARM_SPEEDUP = 50.0


def read_bodies(path: Path, n: int | None) -> list[dict]:
    """The first ``n`` Reuters records with a non-empty body seen for the first time.

    Reuters-21578 repeats some bodies word for word; the corpus loader keeps one copy,
    so repeats are dropped here too and both sides of a comparison see the same texts.
    """
    out = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            body = (record.get("body") or "").replace("\r\n", "\n").replace("\x00", "")
            if body.strip() and body not in seen:
                seen.add(body)
                out.append({**record, "body": body})
                if n is not None and len(out) >= n:
                    break
    return out


def write_corpus(records: list[dict], path: Path) -> Path:
    """Records -> a JSONL corpus (id, title, date, text) that analysis.corpus loads."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            row = {"id": str(r["newid"]), "title": r.get("title"), "date": r.get("date"),
                   "text": r["body"]}  # fmt: skip
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def machine() -> dict:
    """What the figures depend on: CPUs, load, versions, commit."""
    import spacy

    from analysis.build import usable_cpus

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = None
    return {
        "usable_cpus": usable_cpus(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "platform": platform.platform(),
        "commit": commit,
    }


def naive(model: str, texts: list[str]) -> dict:
    """spacy.load + nlp(text) per text; seconds with and without the load."""
    import spacy

    cpu = cpu_seconds()
    started = time.perf_counter()
    nlp = spacy.load(model)
    loaded = time.perf_counter()
    for text in texts:
        nlp(text)
    done = time.perf_counter()
    return {
        "seconds": done - started,
        "load_seconds": loaded - started,
        "cpu_seconds": cpu_seconds() - cpu,
    }


def cpu_seconds() -> float:
    """User + system CPU of this process and its waited-for children (worker pools).

    Unlike wall time it does not grow when other jobs share the machine, so it shows
    the work done even on a busy machine.
    """
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def build(corpus: Path, cache: Path, model: str, workers: int | None, engine: str) -> dict:
    from analysis.build import build_corpus

    cpu = cpu_seconds()
    started = time.perf_counter()
    result = build_corpus(corpus, cache_dir=cache, model=model, workers=workers, engine=engine)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds() - cpu,
        "processed": result.processed,
        "rows": {name: len(frame) for name, frame in result.tables.items()},
    }


def stage_profile(model: str, records: list[dict]) -> dict:
    """CPU seconds of each step of analysis.pipeline.analyze on ``records``, one process.

    Mirrors the steps of pipeline.analyze / postprocess_mentions (keep in step with
    them) so a slow build can be pinned on a module; ``analyze_total`` is the real
    function on the same documents, as a check that the steps add up.
    """
    import pandas as pd

    from analysis import build, countries, dates, entities, events, pipeline, schema
    from analysis.corpus import content_hash
    from analysis.nlp import load_model

    docs = pd.DataFrame(
        {
            "doc_id": [content_hash(r["body"]) for r in records],
            "text": [r["body"] for r in records],
            "date": [(r.get("date") or "")[:10] or None for r in records],
        }
    ).drop_duplicates("doc_id")
    nlp = load_model(model)
    pipeline.analyze(nlp, docs.head(20))  # warm-up: gazetteers and lazy tables
    clock = time.process_time
    out: dict[str, float] = {}

    def timed(name, fn, *a, **k):
        started = clock()
        value = fn(*a, **k)
        out[name] = out.get(name, 0.0) + clock() - started
        return value

    texts = docs["text"].tolist()
    parsed = timed("spacy nlp.pipe", lambda: list(nlp.pipe(texts, batch_size=32)))

    def rows():
        sentences, mentions = [], []
        for doc_id, doc in zip(docs["doc_id"], parsed, strict=True):
            sentences.extend(pipeline._sentence_rows(doc_id, doc))
            mentions.extend(pipeline._mention_rows(doc_id, doc))
        return sentences, mentions

    sentence_rows, mention_rows = timed("pipeline rows", rows)
    by_text = dict(zip(docs["doc_id"], docs["text"], strict=True))
    spans: dict[str, list] = {}
    for r in sentence_rows:
        spans.setdefault(r["doc_id"], []).append((r["start"], r["end"], r["sent_id"]))
    grouped = pipeline._by_doc(mention_rows)
    cleaned = {
        d: timed("entities.clean_records", entities.clean_records, rows, str(by_text[d]),
                 sentences=spans.get(d))
        for d, rows in grouped.items()
    }  # fmt: skip
    placed = [
        row
        for d, rows in cleaned.items()
        for row in timed(
            "countries.add_place_records",
            countries.add_place_records,
            rows,
            str(by_text[d]),
            sentences=spans.get(d),
        )
    ]
    frame = timed("schema.conform", schema.conform, placed, "mentions")
    canon = timed("entities.canonicalize", entities.canonicalize, frame)
    mapped = timed("countries.map_countries", countries.map_countries, canon, texts=by_text)
    resolved = timed("dates.resolve_mentions", dates.resolve_mentions, mapped, docs)
    resolved = schema.conform(resolved, "mentions")
    reports: list[dict] = []
    if nlp.has_pipe("parser"):
        by_doc = pipeline._by_doc(resolved.to_dict("records"))
        for doc_id, day, doc in zip(docs["doc_id"], docs["date"], parsed, strict=True):
            reports += timed(
                "events.extract_events",
                events.extract_events,
                doc,
                doc_id=doc_id,
                doc_date=day,
                mentions=by_doc.get(doc_id, []),
            )
    event_table = schema.conform(reports, "events")
    documents = docs.assign(words=docs["text"].str.split().str.len())
    timed("build.aggregates", build.aggregates, documents, resolved, event_table)
    out["analyze_total"] = timed("_", pipeline.analyze, nlp, docs)
    out["analyze_total"] = out.pop("_")
    words = int(documents["words"].sum())
    return {"documents": len(docs), "words": words, "cpu_seconds": out}


def run(args: argparse.Namespace) -> dict:
    from analysis.nlp import model_label, resolve_model_name

    model = resolve_model_name(args.model)
    records = read_bodies(args.data, args.n)
    texts = [r["body"] for r in records]
    words = sum(len(t.split()) for t in texts)
    work = Path(tempfile.mkdtemp(prefix="newslens-throughput-"))
    corpus = write_corpus(records, work / "reuters.jsonl")
    runs = []
    try:
        for i in range(args.repeat):
            cache = work / f"cache-{i}"
            n = naive(model, texts)
            cold = build(corpus, cache, model, args.workers, args.engine)
            warm = build(corpus, cache, model, args.workers, args.engine)
            assert cold["processed"] == len(texts) and warm["processed"] == 0
            runs.append({"naive": n, "cold": cold, "warm": warm, "loadavg": os.getloadavg()})
            print(
                f"run {i + 1}: naive {words / n['seconds']:,.0f} words/s, "
                f"cold {words / cold['seconds']:,.0f} words/s "
                f"({n['seconds'] / cold['seconds']:.2f}x), warm {warm['seconds']:.3f} s "
                f"({cold['seconds'] / warm['seconds']:.0f}x faster than cold)",
                flush=True,
            )
            shutil.rmtree(cache, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(kind: str, key: str = "seconds") -> float:
        return statistics.median(r[kind][key] for r in runs)

    naive_s, cold_s, warm_s = med("naive"), med("cold"), med("warm")
    cold_vs_naive = statistics.median(r["naive"]["seconds"] / r["cold"]["seconds"] for r in runs)
    warm_speedup = statistics.median(r["cold"]["seconds"] / r["warm"]["seconds"] for r in runs)
    return {
        "command": "python benchmarks/throughput.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "model": model_label(model),
        "engine": args.engine,
        "workers": args.workers,
        "documents": len(texts),
        "words": words,
        "repeat": args.repeat,
        "median": {
            "naive_seconds": naive_s,
            "naive_load_seconds": med("naive", "load_seconds"),
            "naive_words_per_second": words / naive_s,
            "cold_seconds": cold_s,
            "cold_words_per_second": words / cold_s,
            "warm_seconds": warm_s,
            "cold_vs_naive": cold_vs_naive,
            "warm_speedup_vs_cold": warm_speedup,
            "naive_cpu_seconds": med("naive", "cpu_seconds"),
            "cold_cpu_seconds": med("cold", "cpu_seconds"),
        },
        "targets": {
            "cold_vs_naive": TARGET_COLD_VS_NAIVE,
            "cold_vs_naive_met": cold_vs_naive >= TARGET_COLD_VS_NAIVE,
            "warm_speedup_vs_cold": TARGET_WARM_SPEEDUP,
            "warm_speedup_met": warm_speedup >= TARGET_WARM_SPEEDUP,
        },
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                        help="reuters21578.jsonl (default ../shared/eval/...)")  # fmt: skip
    parser.add_argument("--n", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats (default 3)")
    parser.add_argument("--model", help="spaCy pipeline (default: the best installed)")
    parser.add_argument("--workers", type=int, help="build workers (default: usable CPUs)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON")
    parser.add_argument(
        "--stages", type=int, metavar="N", default=0,
        help="also time each analysis step on the first N texts (CPU s); --repeat 0: only that",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: {args.data} not found (the Reuters-21578 JSONL)", file=sys.stderr)
        return 0
    if args.stages:
        from analysis.nlp import resolve_model_name

        stages = stage_profile(resolve_model_name(args.model), read_bodies(args.data, args.stages))
        print(json.dumps(stages, indent=2))
        if args.stages and not args.repeat:
            return 0
    result = run(args)
    if args.stages:
        result["stages"] = stages
    m = result["median"]
    loads = ", ".join(f"{r['loadavg'][0]:.1f}" for r in result["runs"])
    print(
        f"\n{result['documents']:,} documents, {result['words']:,} words, {result['model']}, "
        f"median of {args.repeat}:\n"
        f"  naive spaCy   {m['naive_words_per_second']:>9,.0f} words/s"
        f"  ({m['naive_seconds']:.1f} s)\n"
        f"  cold build    {m['cold_words_per_second']:>9,.0f} words/s  ({m['cold_seconds']:.1f} s)"
        f"  = {m['cold_vs_naive']:.2f}x naive (target {TARGET_COLD_VS_NAIVE}x)\n"
        f"  warm rebuild  {m['warm_seconds']:>9.3f} s        = {m['warm_speedup_vs_cold']:.0f}x "
        f"faster than cold (target {TARGET_WARM_SPEEDUP:.0f}x)\n"
        f"  CPU seconds: naive {m['naive_cpu_seconds']:.1f}, cold build {m['cold_cpu_seconds']:.1f}"
        f" (all processes); load average during the runs "
        f"{loads} (on {result['machine']['usable_cpus']} CPUs)"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
