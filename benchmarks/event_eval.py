"""Events worth reading, measured on ECB+ (topics 1-35, the dev part): triggers and merges.

Run from the repository root:

    python -m benchmarks.event_eval [--ecbplus DIR] [--topics 1,3] [--limit N]
                                               [--cache DIR] [--out FILE]

Data: ECB+ (Cybulska and Vossen 2014), 772 news texts in 33 topic folders; each topic
holds two different happenings of the same kind (``*ecb.xml`` one, ``*ecbplus.xml`` the
other). The texts are built as ONE corpus with one shared publication date, so dates
cannot separate stories and every other topic acts as a distractor. Only the sentences
listed in ``ECBplus_coreference_sentences.csv`` are annotated, so only events whose
trigger lies in one of them are scored.

Measures (each event's trigger is located by its ``trigger_start``/``trigger_end``):

* trigger precision: scored events whose trigger overlaps a gold action mention
  (any ``ACTION_*`` or ``NEG_ACTION_*``);
* reporting share: scored events whose trigger is a gold ``ACTION_REPORTING`` mention,
  or, where gold marks nothing, a reporting word (:data:`REPORTING_WORDS`, taken from
  TimeBank's REPORTING events, not from the system under test), over scored events;
* occurrence recall: gold ``ACTION_OCCURRENCE`` mentions of the scored sentences that
  hold some event's trigger;
* merges: for every merged event that joins two or more documents, its document pairs
  (distinct over the corpus). Precision: pairs in the same topic and the same half (ecb
  vs ecbplus). Recall: of the document pairs sharing a gold ``CROSS_DOC_COREF`` action
  chain, the share some merged event joins;
* "other" share: events (of the whole corpus, and the happenings) typed "other"; and the
  share of happenings typed only by a WordNet supersense (movement, contact, change...),
  a coarse type, reported apart so a low "other" share cannot hide it.

Baseline in the same run: every non-auxiliary verb (``pos_ == "VERB"``) is an event.

TimeBank 1.2 (``--timebank``, 183 documents, each dated by its creation time): of the
events whose trigger is a TimeBank EVENT, the share that are REPORTING; and the recall of
TimeBank OCCURRENCE events, next to the same every-verb baseline.

Speed: the parse (spaCy) is cached per topic as a DocBin (plus its mentions) under
``--cache``, keyed by the model and the texts, so re-scoring after a change to
analysis.events re-runs only the events stage and the merge.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc, DocBin

from analysis import events, pipeline, schema
from analysis import nlp as nlp_module
from analysis.events.lexicon import coarse_types

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "ecbplus"
TIMEBANK_DIR = ROOT.parent / "shared" / "eval" / "timebank" / "TBAQ-cleaned" / "TimeBank"
SHARED_DATE = "2010-01-01"
#: Reporting words when gold marks nothing: word forms TimeBank 1.2 tags as EVENT
#: class="REPORTING" at least twice (read from the data at run time when present).
#: This fallback is that list as read on 2026-12-04.
REPORTING_FALLBACK = frozenset({
    "said", "says", "say", "reported", "told", "according", "announced", "added", "saying",
    "report", "posted", "noted", "reports", "disclosed", "citing", "indicated", "confirmed",
    "adding", "quoted", "reporting", "post", "tell", "acknowledged", "adds", "cited",
    "estimated", "confirm", "indicating", "replied", "informed", "notes", "emphasized",
    "expressed", "gave",
})  # fmt: skip


@dataclass
class Gold:
    """One ECB+ file: text built from its tokens, gold action mentions and sentences."""

    name: str  # "1_10ecbplus"
    topic: int
    half: str  # "ecb" | "ecbplus"
    text: str
    token_spans: list[tuple[int, int, int]]  # (start, end, sentence) per token, in order
    actions: list[dict] = field(default_factory=list)  # type, start, end, chain
    sentences: set[int] = field(default_factory=set)  # annotated sentence numbers


def reporting_words(timebank: Path = TIMEBANK_DIR) -> frozenset[str]:
    """Lower-cased word forms TimeBank tags REPORTING at least twice."""
    counts: Counter[str] = Counter()
    for path in sorted(timebank.glob("*.tml")):
        for m in re.finditer(r'<EVENT[^>]*class="REPORTING"[^>]*>([^<]*)</EVENT>',
                             path.read_text(encoding="utf-8")):  # fmt: skip
            counts[m.group(1).lower()] += 1
    words = frozenset(w for w, n in counts.items() if n >= 2)
    return words or REPORTING_FALLBACK


def annotated_sentences(root: Path) -> dict[str, set[int]]:
    """File name ("1_10ecbplus") -> sentence numbers annotated in it."""
    out: dict[str, set[int]] = {}
    with (root / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = f"{row['Topic']}_{row['File']}"
            out.setdefault(name, set()).add(int(row["Sentence Number"]))
    return out


def read_file(path: Path, sentences: set[int]) -> Gold:
    """Parse one ECB+ XML file: tokens joined by spaces, one line per sentence."""
    tree = ET.parse(path).getroot()
    name = path.stem
    topic, rest = name.split("_", 1)
    parts: list[str] = []
    spans: dict[str, tuple[int, int, int]] = {}
    order: list[tuple[int, int, int]] = []
    pos, current = 0, None
    for tok in tree.iter("token"):
        sent = int(tok.get("sentence", "0"))
        word = (tok.text or "").strip() or "_"
        if current is not None:
            sep = "\n" if sent != current else " "
            parts.append(sep)
            pos += 1
        current = sent
        spans[tok.get("t_id")] = (pos, pos + len(word), sent)
        order.append((pos, pos + len(word), sent))
        parts.append(word)
        pos += len(word)
    gold = Gold(name, int(topic), "ecbplus" if rest.endswith("ecbplus") else "ecb",
                "".join(parts), order, sentences=sentences)  # fmt: skip
    chains = _chains(tree)
    markables = tree.find("Markables")
    for m in markables if markables is not None else []:
        if "ACTION" not in m.tag:
            continue
        anchors = [spans[a.get("t_id")] for a in m.iter("token_anchor") if a.get("t_id") in spans]
        if not anchors:
            continue
        gold.actions.append({
            "type": m.tag, "start": min(a[0] for a in anchors),
            "end": max(a[1] for a in anchors), "sentence": anchors[0][2],
            "chain": chains.get(m.get("m_id")),
        })  # fmt: skip
    return gold


def _chains(tree: ET.Element) -> dict[str, str]:
    """Markable id -> cross-document chain id (the relation's note)."""
    out: dict[str, str] = {}
    for rel in tree.iter("CROSS_DOC_COREF"):
        note = rel.get("note")
        for src in rel.iter("source"):
            if note:
                out[src.get("m_id")] = note
    return out


def load(root: Path, topics: set[int] | None, limit: int | None) -> list[Gold]:
    """The ECB+ files (of ``topics``), at most ``limit`` per topic, in a stable order."""
    selected = annotated_sentences(root)
    out: list[Gold] = []
    for folder in sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: int(p.name)):
        if topics and int(folder.name) not in topics:
            continue
        files = sorted(folder.glob("*.xml"), key=lambda p: p.name)
        if limit:
            files = files[:limit]
        out.extend(read_file(p, selected.get(p.stem, set())) for p in files)
    return out


# ---------------------------------------------------------------- build (cached)


def build(golds: list[Gold], cache: Path) -> tuple[pd.DataFrame, dict[str, Doc]]:
    """EVENTS rows of the whole corpus (one shared date) and the Docs by file name.

    Parses (and entity post-processing) are cached per topic; events always re-run.
    """
    name = nlp_module.resolve_model_name()
    nlp = nlp_module.load_model(name)
    by_topic: dict[int, list[Gold]] = {}
    for g in golds:
        by_topic.setdefault(g.topic, []).append(g)
    docs: dict[str, Doc] = {}
    rows: list[dict] = []
    for topic, group in by_topic.items():
        documents = pd.DataFrame({"doc_id": [g.name for g in group],
                                  "text": [g.text for g in group],
                                  "date": SHARED_DATE})  # fmt: skip
        parsed, mentions = _cached_parse(nlp, name, documents, cache / f"topic{topic}")
        docs.update(zip(documents["doc_id"], parsed, strict=True))
        by_doc = {k: v.to_dict("records") for k, v in mentions.groupby("doc_id", sort=False)}
        for doc_id, doc in zip(documents["doc_id"], parsed, strict=True):
            rows.extend(events.extract_events(doc, doc_id=doc_id, doc_date=SHARED_DATE,
                                              mentions=by_doc.get(doc_id, [])))  # fmt: skip
    return schema.conform(rows, "events"), docs


def _cached_parse(nlp, model: str, documents: pd.DataFrame, base: Path):
    key = hashlib.sha256(
        (model + "\0" + "\0".join(documents["doc_id"] + "\1" + documents["text"])).encode()
    ).hexdigest()[:16]
    docbin, table = base.with_suffix(f".{key}.spacy"), base.with_suffix(f".{key}.parquet")
    if docbin.exists() and table.exists():
        parsed = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
        return parsed, pd.read_parquet(table)
    parsed = list(nlp.pipe(documents["text"].tolist(), batch_size=16))
    tables = pipeline.analyze(nlp, documents, parsed=parsed)
    base.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=parsed).to_disk(docbin)
    tables["mentions"].to_parquet(table)
    return parsed, tables["mentions"]


# ---------------------------------------------------------------- scoring


def score_triggers(
    golds: list[Gold], triggers: dict[str, list[tuple[int, int]]], reporting: frozenset[str]
) -> dict:
    """Trigger precision, reporting share and occurrence recall of per-file trigger spans."""
    scored = hits = report = 0
    occ_total = occ_found = 0
    for g in golds:
        sents = _sentence_of(g)
        mine = [t for t in triggers.get(g.name, []) if sents(t[0]) in g.sentences]
        gold_in = [a for a in g.actions if a["sentence"] in g.sentences]
        for start, end in mine:
            scored += 1
            over = [a for a in gold_in if a["start"] < end and start < a["end"]]
            hits += bool(over)
            word = g.text[start:end].lower()
            if any(a["type"] == "ACTION_REPORTING" for a in over) or (
                not over and word in reporting
            ):
                report += 1
        for a in gold_in:
            if a["type"] != "ACTION_OCCURRENCE":
                continue
            occ_total += 1
            occ_found += any(a["start"] < e and s < a["end"] for s, e in mine)
    return {
        "scored_events": scored,
        "trigger_precision": _ratio(hits, scored),
        "reporting_share": _ratio(report, scored),
        "occurrence_recall": _ratio(occ_found, occ_total),
        "gold_occurrences": occ_total,
    }


def _sentence_of(g: Gold):
    starts = [s for s, _, _ in g.token_spans]
    import bisect

    def find(offset: int) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        return g.token_spans[max(i, 0)][2]

    return find


def score_merges(golds: list[Gold], reports: pd.DataFrame, merged: pd.DataFrame) -> dict:
    """Document-pair precision and recall of the merged events (see the module doc)."""
    info = {g.name: (g.topic, g.half) for g in golds}
    doc_of = dict(zip(reports["event_id"].astype(str), reports["doc_id"].astype(str), strict=True))
    pairs: set[tuple[str, str]] = set()
    multi = 0
    for ids in merged["event_ids"].dropna().astype(str):
        docs = sorted({doc_of[i] for i in ids.split("; ") if i in doc_of})
        if len(docs) > 1:
            multi += 1
            pairs.update(combinations(docs, 2))
    right = sum(info[a] == info[b] for a, b in pairs)
    chains: dict[str, set[str]] = {}
    for g in golds:
        for a in g.actions:
            if a["chain"] and a["sentence"] in g.sentences:
                chains.setdefault(a["chain"], set()).add(g.name)
    gold_pairs = {p for docs in chains.values() for p in combinations(sorted(docs), 2)}
    return {
        "merged_multi_document": multi,
        "document_pairs": len(pairs),
        "merge_precision": _ratio(right, len(pairs)),
        "gold_pairs": len(gold_pairs),
        "merge_recall": _ratio(len(pairs & gold_pairs), len(gold_pairs)),
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def verb_baseline(docs: dict[str, Doc]) -> dict[str, list[tuple[int, int]]]:
    """Every non-auxiliary verb as a trigger."""
    return {name: [(t.idx, t.idx + len(t)) for t in doc if t.pos_ == "VERB"]
            for name, doc in docs.items()}  # fmt: skip


def other_share(golds: list[Gold], reports: pd.DataFrame) -> dict:
    """Share of events typed "other": all, and scored happenings (not statements)."""
    kinds = reports["event_type"].fillna("other")
    statement = (reports["event_class"] == "statement").fillna(False).to_numpy(dtype=bool)
    happenings = kinds[~statement]
    coarse = happenings.isin(coarse_types() - {"other"})
    return {
        "events": len(reports),
        "other_share": _ratio(int((kinds == "other").sum()), len(kinds)),
        "other_share_of_happenings": _ratio(int((happenings == "other").sum()), len(happenings)),
        "supersense_only_share_of_happenings": _ratio(int(coarse.sum()), len(happenings)),
        "statement_share": _ratio(int(statement.sum()), len(kinds)),
        "types": kinds.value_counts().head(12).to_dict(),
    }


# ---------------------------------------------------------------- TimeBank


def read_timebank(path: Path) -> tuple[str, str | None, list[tuple[int, int, str]]]:
    """(plain TEXT, creation date, [(start, end, EVENT class)]) of one TimeML file."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([\d-]+)"|'
                    r'value="([\d-]+)"[^>]*functionInDocument="CREATION_TIME"', raw)  # fmt: skip
    body = raw.split("<TEXT>", 1)[-1].split("</TEXT>", 1)[0]
    text, events, pos = [], [], 0
    for m in re.finditer(r"<EVENT[^>]*class=\"(\w+)\"[^>]*>([^<]*)</EVENT>|<[^>]+>|[^<]+", body):
        if m.group(0).startswith("<EVENT"):
            events.append((pos, pos + len(m.group(2)), m.group(1)))
            piece = m.group(2)
        elif m.group(0).startswith("<"):
            piece = ""
        else:
            piece = html.unescape(m.group(0))
        text.append(piece)
        pos += len(piece)
    day = next((g for g in dct.groups() if g), None) if dct else None
    return "".join(text), day, events


def score_timebank(root: Path, cache: Path) -> dict | None:
    """Of the events whose trigger is a TimeBank EVENT: the REPORTING share; and the
    recall of TimeBank OCCURRENCE events, next to the every-verb baseline."""
    files = sorted(root.glob("*.tml"))
    if not files:
        return None
    docs = [read_timebank(p) for p in files]
    documents = pd.DataFrame({"doc_id": [p.stem for p in files], "text": [d[0] for d in docs],
                              "date": [d[1] for d in docs]})  # fmt: skip
    name = nlp_module.resolve_model_name()
    nlp = nlp_module.load_model(name)
    parsed, mentions = _cached_parse(nlp, name, documents, cache / "timebank")
    by_doc = {k: v.to_dict("records") for k, v in mentions.groupby("doc_id", sort=False)}
    out = {}
    for system in ("system", "baseline_every_verb"):
        hit = report = occ = occ_found = 0
        for (doc_id, day), doc, (_, _, gold) in zip(
            documents[["doc_id", "date"]].itertuples(index=False), parsed, docs, strict=True
        ):
            if system == "system":
                rows = events.extract_events(doc, doc_id=doc_id, doc_date=day,
                                             mentions=by_doc.get(doc_id, []))  # fmt: skip
                spans = [(r["trigger_start"], r["trigger_end"]) for r in rows]
            else:
                spans = [(t.idx, t.idx + len(t)) for t in doc if t.pos_ == "VERB"]
            for s, e in spans:
                over = [c for gs, ge, c in gold if gs < e and s < ge]
                hit += bool(over)
                report += "REPORTING" in over
            for gs, ge, c in gold:
                if c == "OCCURRENCE":
                    occ += 1
                    occ_found += any(gs < e and s < ge for s, e in spans)
        out[system] = {"triggers_on_gold_events": hit,
                       "reporting_share": _ratio(report, hit),
                       "occurrence_recall": _ratio(occ_found, occ)}  # fmt: skip
    return {"documents": len(files), **out}


def run(args: argparse.Namespace) -> dict:
    t0 = time.perf_counter()
    topics = {int(t) for t in args.topics.split(",")} if args.topics else None
    golds = load(Path(args.ecbplus), topics, args.limit)
    reports, docs = build(golds, Path(args.cache))
    t1 = time.perf_counter()
    merged = events.merge_reports(reports)
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc_id, s, e in reports[["doc_id", "trigger_start", "trigger_end"]].itertuples(index=False):
        if pd.notna(s) and pd.notna(e):
            spans.setdefault(doc_id, []).append((int(s), int(e)))
    reporting = reporting_words()
    return {
        "command": "python -m benchmarks.event_eval " + " ".join(sys.argv[1:]),
        "documents": len(golds),
        "annotated_sentences": sum(len(g.sentences) for g in golds),
        "system": {**score_triggers(golds, spans, reporting),
                   **score_merges(golds, reports, merged), **other_share(golds, reports)},
        "baseline_every_verb": score_triggers(golds, verb_baseline(docs), reporting),
        "timebank": score_timebank(Path(args.timebank), Path(args.cache)) if args.timebank
        else None,
        "seconds_build": round(t1 - t0, 1),
        "seconds_merge_and_score": round(time.perf_counter() - t1, 1),
    }  # fmt: skip


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ecbplus", default=str(DEFAULT_DIR))
    parser.add_argument("--topics", help="comma-separated topic numbers (default: all)")
    parser.add_argument("--limit", type=int, help="at most N files per topic")
    parser.add_argument("--cache", default=str(ROOT / ".newslens-cache" / "event_eval"))
    parser.add_argument("--out", help="write the JSON result here too")
    parser.add_argument(
        "--timebank",
        default=str(TIMEBANK_DIR) if TIMEBANK_DIR.is_dir() else None,
        help="TimeBank .tml folder: REPORTING share and OCCURRENCE recall there",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not Path(args.ecbplus).is_dir():
        print(f"ECB+ not found at {args.ecbplus}; nothing measured", file=sys.stderr)
        return 0
    result = run(args)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
