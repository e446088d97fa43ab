"""Near-duplicate stories on Reuters-21578: how many groups, and are grouped pairs one story?

    python -m benchmarks.duplicate_eval [--src REUTERS_JSONL] [--sample 50] [--seed 2026]

Loads the Reuters-21578 bodies through the app's own corpus loader (identical texts are
one document, as in the app), groups them with :func:`analysis.stories.story_table`
and prints:

* documents, story groups with more than one document, documents in them, the largest
  group, and the seconds the grouping took (with the load average);
* the same counts for a naive baseline measured in the same run: documents with the
  same normalised title published within the same window (what a person might do with
  a spreadsheet);
* precision of grouped pairs on the hand-checked sample in
  ``benchmarks/data/duplicate_pairs.csv`` (Reuters ``newid`` pairs, each read in full
  by a person and marked same story or not; see benchmarks/data/README.md). Pairs the
  grouping no longer makes are reported as dropped; a sampled pair that is not in the
  file is printed for checking (``--show-unjudged``).

Writes benchmarks/results/duplicate_eval.json.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis import stories
from analysis.corpus import load_corpus
from benchmarks.reuters_to_corpus import DEFAULT_SRC, convert

ROOT = Path(__file__).resolve().parents[1]

JUDGED = ROOT / "benchmarks" / "data" / "duplicate_pairs.csv"
RESULTS = ROOT / "benchmarks" / "results" / "duplicate_eval.json"


def _pairs(table: pd.DataFrame, ids: pd.Series) -> set[tuple[str, str]]:
    """Every unordered pair of input ids that share a story (as sorted tuples)."""
    newid = table["doc_id"].map(ids)
    out: set[tuple[str, str]] = set()
    for _, group in newid.groupby(table["story_id"]):
        if len(group) > 1:
            out.update(itertools.combinations(sorted(group, key=int), 2))
    return out


def _title_baseline(docs: pd.DataFrame) -> pd.DataFrame:
    """Same normalised title and within WINDOW_DAYS of the group's first document."""
    title = docs["title"].fillna("").str.upper().str.replace(r"[^A-Z0-9 ]", "", regex=True)
    day = pd.to_datetime(docs["date"].str.slice(0, 10), errors="coerce")
    frame = pd.DataFrame({"doc_id": docs["doc_id"], "title": title, "day": day})
    frame = frame[frame["title"].str.strip() != ""].sort_values(["title", "day"])
    gap = frame.groupby("title")["day"].diff().dt.days.fillna(10**6)
    frame["story"] = (gap > stories.WINDOW_DAYS).cumsum()
    size = frame.groupby("story")["doc_id"].transform("size")
    first = frame.groupby("story")["doc_id"].transform("first")
    return pd.DataFrame({"doc_id": frame["doc_id"], "story_id": first, "story_size": size})


def _summary(table: pd.DataFrame) -> dict[str, int]:
    sizes = table.groupby("story_id")["doc_id"].size()
    multi = sizes[sizes > 1]
    return {
        "groups": len(multi),
        "documents_in_groups": int(multi.sum()),
        "largest_group": int(multi.max()) if len(multi) else 0,
    }


def _judged() -> dict[tuple[str, str], bool]:
    with JUDGED.open(newline="") as f:
        return {
            tuple(sorted((r["newid_a"], r["newid_b"]), key=int)): r["same_story"] == "yes"
            for r in csv.DictReader(f)
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show-unjudged", action="store_true")
    args = parser.parse_args(argv)
    if not args.src.exists():
        print(f"error: {args.src} not found (the shared evaluation data)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reuters.jsonl"
        convert(args.src, path)
        docs = load_corpus(path).documents
    ids = docs.set_index("doc_id")["id"]
    start = time.perf_counter()
    table = stories.story_table(docs)
    seconds = time.perf_counter() - start
    load = os.getloadavg()[0]
    grouped = _pairs(table, ids)
    judged = _judged()
    scored = {p: ok for p, ok in judged.items() if p in grouped}
    rng = random.Random(args.seed)
    sample = rng.sample(sorted(grouped), min(args.sample, len(grouped)))
    unjudged = [p for p in sample if p not in judged]
    result = {
        "documents": len(docs),
        "newslens": {**_summary(table), "pairs": len(grouped), "seconds": round(seconds, 2)},
        "title_baseline": _summary(_title_baseline(docs)),
        "judged_pairs": len(judged),
        "judged_pairs_still_grouped": len(scored),
        "judged_pairs_dropped": len(judged) - len(scored),
        "pair_precision": round(sum(scored.values()) / len(scored), 3) if scored else None,
        "sample_seed": args.seed,
        "sample_unjudged": len(unjudged),
        "load_average_1min": round(load, 2),
        "parameters": {
            "shingle_words": stories.SHINGLE_WORDS,
            "threshold": stories.THRESHOLD,
            "num_perm": stories.NUM_PERM,
            "window_days": stories.WINDOW_DAYS,
            "names_threshold": stories.NAMES_THRESHOLD,
            "min_words": stories.MIN_WORDS,
        },
    }
    print(json.dumps(result, indent=2))
    if args.show_unjudged:
        for a, b in unjudged:
            print(f"unjudged pair: {a},{b}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
