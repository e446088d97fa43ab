"""Corpus-level entity resolution on Reuters-21578: its cost, incremental vs full, and
the top entities an analyst sees.

Converts the shared Reuters-21578 copy to a corpus (``benchmarks/reuters_to_corpus.py``),
loads it as the dashboard would, runs spaCy once (its raw output is cached under
``--work``, keyed by the texts and the model), then times on the same machine, in the
same run:

* ``per_document``: the per-document rules (clean-up, canonical names, countries,
  dates) over every document (what a build spends besides spaCy);
* ``corpus_pass``: the build's whole corpus-level step (propagation of names across
  documents, case variants, resolution: :func:`analysis.resolve.corpus_pass`);
* ``full``: corpus-level resolution of all documents from scratch
  (:func:`analysis.resolve.resolve`), and the same keeping the join keys an incremental
  resolver needs (``Resolver().add``);
* ``incremental``: the same corpus minus its last ``--add`` documents is resolved, then
  those documents are added with :meth:`analysis.resolve.Resolver.add` and the result
  applied to the whole corpus; only the adding and applying are timed, and the number
  of names re-decided is reported. The result must equal the full resolution
  (checked, reported);
* ``pass_incremental``: the build's corpus pass over the whole corpus with the state of
  the corpus minus its last ``--add`` documents saved (:mod:`analysis.corpus_state`),
  against the clean pass, CPU seconds in one process; equal results (checked);
* ``new_articles``: building those ``--add`` articles alone (spaCy with the model
  already loaded, then the per-document rules): the yardstick "cheap" is judged by.

With ``--segment DIR`` (a build cache's ``segments/<id>`` of the same corpus) the
per-document tables are read from that build instead (no spaCy run over the corpus).

and writes the top ``--top`` entities of the corpus after the corpus pass (name, label, mentions,
documents) as a Markdown table, the list ``docs/entities.md`` shows. Run::

    .venv/bin/python -m benchmarks.entity_resolution_scale

Writes ``benchmarks/results/entity_resolution_scale.json``. Times depend on the
machine and its load: quote them with ``uptime``'s load, or as the ratios printed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import schema
from benchmarks.entity_linking_eval import MODEL, model_tables
from benchmarks.reuters_to_corpus import DEFAULT_SRC, convert

ROOT = Path(__file__).resolve().parents[1]

RESULTS = ROOT / "benchmarks" / "results" / "entity_resolution_scale.json"


def load_reuters(src: Path, work: Path, limit: int | None) -> pd.DataFrame:
    """The Reuters corpus's DOCUMENTS table, as analysis.corpus loads it."""
    from analysis.corpus import load_corpus

    path = work / f"newslens-reuters-{limit or 'all'}.jsonl"
    if not path.is_file():
        convert(src, path, limit=limit)
    return load_corpus(path).documents


def per_document(documents: pd.DataFrame, raw: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """The per-document tables a build caches (spaCy output after NewsLens's rules)."""
    from analysis.pipeline import postprocess_mentions

    sentences = schema.conform(raw["sentences"], "sentences")
    mentions = postprocess_mentions(pd.DataFrame(raw["mentions"]), documents, sentences)
    return {"sentences": sentences, "mentions": mentions}


def time_new_articles(documents: pd.DataFrame, model: str, add: int) -> dict[str, float]:
    """Seconds to build the last ``add`` articles alone (spaCy, model loaded beforehand,
    then the per-document rules): what adding them costs before any corpus-level step."""
    from analysis import parse
    from analysis.nlp import load_model

    new = documents.tail(add)
    nlp = load_model(model)
    began = time.perf_counter()
    sentences: list[dict] = []
    mentions: list[dict] = []
    for doc_id, doc in zip(new["doc_id"], nlp.pipe(new["text"]), strict=True):
        sentences += parse.sentence_rows(doc_id, doc)
        mentions += parse.mention_rows(doc_id, doc)
    spacy_seconds = time.perf_counter() - began
    per_document(new, {"sentences": sentences, "mentions": mentions})
    return {
        "new_articles_spacy_seconds": round(spacy_seconds, 2),
        "new_articles_build_seconds": round(time.perf_counter() - began, 2),
    }


def time_resolution(
    documents: pd.DataFrame, tables: dict[str, pd.DataFrame], add: int
) -> dict[str, Any]:
    """Seconds for the build's whole corpus-level pass (propagation + resolution), for
    the resolution alone from scratch, and for adding the last ``add`` documents to a
    resolver holding the rest (``Resolver.add`` and ``apply`` to the whole corpus)."""
    from analysis.entities import merge_case_variants
    from analysis.propagate import propagate_corpus_names
    from analysis.resolve import Resolver, corpus_pass, resolve

    mentions = tables["mentions"]
    began = time.perf_counter()
    shown = corpus_pass(mentions, documents, tables["sentences"])
    pass_seconds = time.perf_counter() - began
    # The resolution's input, as corpus_pass gives it (spread names, case variants folded).
    ready = merge_case_variants(propagate_corpus_names(mentions, documents, tables["sentences"]))
    began = time.perf_counter()
    full = resolve(ready)
    full_seconds = time.perf_counter() - began
    began = time.perf_counter()
    clean = Resolver()
    clean.add(ready)
    keyed_seconds = time.perf_counter() - began
    docs = pd.unique(ready["doc_id"])
    new = ready["doc_id"].isin(docs[len(docs) - add :])
    resolver = Resolver()
    resolver.add(ready[~new])
    began = time.perf_counter()
    resolver.add(ready[new])
    incremental = resolver.apply(ready)
    add_seconds = time.perf_counter() - began
    same = incremental["canonical"].equals(full["canonical"])
    return {
        "documents": len(docs),
        "added_documents": add,
        "corpus_pass_seconds": round(pass_seconds, 2),
        "full_seconds": round(full_seconds, 2),
        "full_with_join_keys_seconds": round(keyed_seconds, 2),
        "incremental_seconds": round(add_seconds, 2),
        "names": len(clean.stats.labels),
        "names_redecided_incrementally": resolver.redecided,
        "incremental_equals_full": bool(same),
        "resolved": shown,
    }


def time_incremental_pass(
    documents: pd.DataFrame, tables: dict[str, pd.DataFrame], add: int
) -> dict[str, Any]:
    """CPU seconds of the build's corpus pass over the whole corpus when a state of the
    corpus minus its last ``add`` documents is saved (analysis.corpus_state.run_pass),
    against the clean pass (analysis.resolve.corpus_pass) in the same process; the two
    results must be equal (checked, reported)."""
    from analysis.corpus_state import run_pass
    from analysis.resolve import corpus_pass

    every = set(documents["doc_id"])  # a --segment may hold more documents than --limit
    mentions, sentences = (tables[t][tables[t]["doc_id"].isin(every)].reset_index(drop=True)
                           for t in ("mentions", "sentences"))  # fmt: skip
    old = documents.head(len(documents) - add)
    ids = set(old["doc_id"])
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        run_pass(mentions[mentions["doc_id"].isin(ids)].reset_index(drop=True), old,
                 sentences[sentences["doc_id"].isin(ids)].reset_index(drop=True),
                 state_dir=state)  # fmt: skip
        began = time.process_time()
        grown, report = run_pass(mentions, documents, sentences, state_dir=state)
        incremental = time.process_time() - began
    began = time.process_time()
    clean = corpus_pass(mentions, documents, sentences)
    clean_cpu = time.process_time() - began
    return {
        **time_corpus_wide_steps(mentions, documents, sentences),
        "pass_incremental_cpu_seconds": round(incremental, 2),
        "pass_clean_cpu_seconds": round(clean_cpu, 2),
        "pass_documents_scanned": report.scanned,
        "pass_names_redecided": report.redecided,
        "pass_incremental_equals_clean": bool(grown.equals(clean)),
    }


def time_corpus_wide_steps(
    mentions: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> dict[str, float]:
    """CPU seconds of the corpus-wide steps the incremental pass still runs on every
    build (whole-corpus table operations): the tagged names' templates, the ALL-CAPS
    folding (analysis.canonical.merge_case_variants) and the resolution statistics."""
    from analysis.canonical import merge_case_variants
    from analysis.propagate import name_templates, propagate_corpus_names
    from analysis.resolve import NameStats

    spread = propagate_corpus_names(mentions, documents, sentences)
    out = {}
    for name, step in (("templates", lambda: name_templates(mentions)),
                       ("merge_case_variants", lambda: merge_case_variants(spread)),
                       ("name_stats", lambda: NameStats().add(spread))):  # fmt: skip
        began = time.process_time()
        step()
        out[f"pass_{name}_cpu_seconds"] = round(time.process_time() - began, 2)
    return out


def top_table(mentions: pd.DataFrame, documents: pd.DataFrame, top: int) -> str:
    """The top entities as a Markdown table."""
    from analysis.entities import entity_table

    table = entity_table(mentions, documents).head(top)
    lines = ["| # | entity | label | mentions | documents |", "|---|---|---|---|---|"]
    for i, row in enumerate(table.itertuples(), start=1):
        lines.append(f"| {i} | {row.name} | {row.label} | {row.mentions} | {row.documents} |")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--limit", type=int, help="only the first N stories with a body")
    parser.add_argument("--add", type=int, default=100, help="documents added incrementally")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--cache-only", action="store_true", help="only run and cache spaCy")
    parser.add_argument(
        "--segment",
        type=Path,
        help="read the per-document mentions/sentences of a build cache "
        "segment of this corpus instead of running spaCy and the rules",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Time resolution, check incremental == full, print and save the top entities."""
    args = parse_args(argv)
    if not args.src.is_file():
        print(f"skipped: {args.src} not found")
        return 0
    documents = load_reuters(args.src, args.work, args.limit)
    if args.segment:  # per-document tables of an earlier build of the same corpus
        tables = {t: pd.read_parquet(args.segment / f"{t}.parquet")
                  for t in ("mentions", "sentences")}  # fmt: skip
        documents = documents[documents["doc_id"].isin(set(tables["mentions"]["doc_id"]))]
        rules_seconds = None
    else:
        raw = model_tables(documents, args.model, args.work)
        if args.cache_only:
            return 0
        began = time.perf_counter()
        tables = per_document(documents, raw)
        rules_seconds = round(time.perf_counter() - began, 1)
    load_before = os.getloadavg()[0]
    timing = time_resolution(documents, tables, args.add)
    timing.update(time_incremental_pass(documents, tables, args.add))
    timing.update(time_new_articles(documents, args.model, args.add))
    resolved = timing.pop("resolved")
    markdown = top_table(resolved, documents, args.top)
    command = "python -m benchmarks.entity_resolution_scale " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    result = {
        "command": command.strip(),
        "model": args.model,
        "load": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "per_document_rules_seconds": rules_seconds,
        "segment": str(args.segment) if args.segment else None,
        **timing,
        "top": markdown,
    }
    print(markdown)
    print({k: v for k, v in result.items() if k != "top"})
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
