"""Mention-level audit of the readings an analyst sees on the Countries page.

Lists, for the hand-checked dev sets (benchmarks.hand_sets: no held-out set is ever
read), every place mention of two audited classes, each with its sentence:

* ``co_mentioned`` -- a capitalised span the gazetteer does not know, read in the
  country of its story's other places (rule "co_mentioned");
* ``person`` -- a mention mapped to a country whose words are also a PERSON name the
  model found in the same story, or a word of one ("Bush" beside "George Bush",
  "Clinton" beside "Bill Clinton"): a family name read as a place.

With ``--judged`` (default benchmarks/data/mention_audit_judged.csv) each mention is
matched to its hand judgement (``right``: the right country of a place; ``not_place``:
no place; ``wrong_country``: a place, another country) and the precision of each class
is printed: right / judged. A mention the current code maps that the file does not
hold is listed as unjudged (judge it and add it to the file); a judged mention the code
no longer maps is counted as dropped. How the judged file was made:
benchmarks/data/README.md.

Command (from the repository root; the spaCy output is reused from --cache-dir)::

    python -m benchmarks.mention_audit --set timebank_dev --rule co_mentioned \
        --cache-dir /tmp/aida_ce
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis.countries.rules import CO_MENTIONED_RULE, PLACE_LABELS
from analysis.present.exports import csv_text
from benchmarks import country_eval, hand_sets

#: The dev sets the audit may read (never a held-out set).
SETS: tuple[str, ...] = ("timebank_dev", "ecbplus_dev", "reuters_dev")
#: The audited classes.
CLASSES: tuple[str, ...] = ("co_mentioned", "person")
#: Judgements of the judged file.
VERDICTS: tuple[str, ...] = ("right", "not_place", "wrong_country")
DEFAULT_JUDGED = hand_sets.DATA / "mention_audit_judged.csv"
#: Columns of the audit table and of the judged file (the judged file adds verdict, note).
COLUMNS = ("set", "class", "doc_id", "start", "text", "label", "iso3", "rule", "sentence")
_KEY = ("set", "doc_id", "start", "text")


def person_words(mentions: pd.DataFrame) -> dict[object, frozenset[str]]:
    """doc_id -> the PERSON names of the document and each of their words."""
    people = mentions[mentions["label"] == "PERSON"]
    out: dict[object, set[str]] = {}
    for doc, text in zip(people["doc_id"], people["text"].astype(str), strict=True):
        out.setdefault(doc, set()).update({text, *text.split()})
    return {doc: frozenset(words) for doc, words in out.items()}


def audit_rows(mapped: pd.DataFrame, sentences: dict[object, list[tuple[int, int, int]]],
               texts: dict[object, str], name: str) -> pd.DataFrame:  # fmt: skip
    """The audited mentions of one mapped set, one row each (:data:`COLUMNS`)."""
    words = person_words(mapped)
    place = mapped["label"].isin(PLACE_LABELS).fillna(False) & mapped["iso3"].notna()
    rows = []
    for _, m in mapped[place].iterrows():
        text, doc = str(m["text"]), m["doc_id"]
        kind = "co_mentioned" if m["rule"] == CO_MENTIONED_RULE else None
        if kind is None and text in words.get(doc, frozenset()):
            kind = "person"
        if kind is None:
            continue
        start = int(m["start"])
        bounds = [(s, e) for s, e, _ in sentences.get(doc, ()) if s <= start < e]
        s, e = bounds[0] if bounds else (max(0, start - 150), start + 150)
        sentence = " ".join(texts[doc][s:e].split())
        rows.append((name, kind, str(doc), start, text, m["label"], m["iso3"],
                     m["rule"], sentence))  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))


def audit_set(name: str, args: argparse.Namespace) -> pd.DataFrame:
    """The audited mentions of the dev set ``name`` under the default rules."""
    hand_set = hand_sets.get(name)
    articles = hand_set.load(args)
    raw = country_eval._cached_mentions(articles, hand_set.cache, args)
    cleaned = country_eval.clean(articles, raw)
    mentions = country_eval.with_extra_places(articles, cleaned)
    mapped = country_eval.map_articles(articles, mentions)
    sentences = {a.doc_id: a.sentences or [] for a in articles}
    return audit_rows(mapped, sentences, {a.doc_id: a.text for a in articles}, name)


def read_judged(path: Path) -> pd.DataFrame:
    """The judged file (:data:`COLUMNS` + verdict, note), keys as strings."""
    judged = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad = set(judged["verdict"]) - set(VERDICTS)
    if bad:
        raise ValueError(f"{path}: unknown verdicts {sorted(bad)}")
    return judged


def precision(table: pd.DataFrame, judged: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per (set, class): counts of each verdict among the mentions ``table`` holds,
    ``unjudged`` (not in ``judged``) and ``dropped`` (judged, no longer audited)."""
    key = table[list(_KEY)].astype(str).agg("|".join, axis=1)
    verdict = dict(
        zip(judged[list(_KEY)].astype(str).agg("|".join, axis=1), judged["verdict"], strict=True)
    )
    out: dict[str, Counter[str]] = {}
    for k, s, c in zip(key, table["set"], table["class"], strict=True):
        out.setdefault(f"{s} {c}", Counter())[verdict.get(k, "unjudged")] += 1
    kept = set(key)
    for k, s, c in zip(verdict, judged["set"], judged["class"], strict=True):
        if k not in kept:
            out.setdefault(f"{s} {c}", Counter())[f"dropped {verdict[k]}"] += 1
    return {name: dict(counts) for name, counts in out.items()}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=SETS, action="append", help="repeatable; default all")
    parser.add_argument("--rule", choices=(*CLASSES, "all"), default="all")
    parser.add_argument("--judged", type=Path, default=DEFAULT_JUDGED)
    parser.add_argument("--write", type=Path, help="write the audit table as CSV")
    parser.add_argument("--cache-dir", default=None, help="reuse spaCy output between runs")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--reuters", type=Path, default=country_eval.DEFAULT_REUTERS)
    hand_sets.add_arguments(parser)
    return parser


def _print(table: pd.DataFrame, judged: pd.DataFrame | None) -> None:
    verdicts = {}
    if judged is not None:
        keys = judged[list(_KEY)].astype(str).agg("|".join, axis=1)
        verdicts = dict(zip(keys, judged["verdict"], strict=True))
    for _, r in table.iterrows():
        k = "|".join(str(r[c]) for c in _KEY)
        print(f"{r['set']} | {r['class']} | {r['doc_id']}@{r['start']} | {r['text']} "
              f"({r['label']}) -> {r['iso3']} ({r['rule']}) | {verdicts.get(k, 'unjudged')}"
              f"\n    {r['sentence']}")  # fmt: skip


def _print_precision(counts: dict[str, dict[str, int]]) -> None:
    """The precision table: per (set, class), the verdicts of the mentions still audited,
    their precision, the unjudged ones, and the judged ones no longer audited (by
    verdict: a "dropped right" is a right reading lost)."""
    print("\n| set class | right | not_place | wrong_country | precision | unjudged "
          "| dropped right | dropped not_place | dropped wrong_country |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")  # fmt: skip
    for name, c in sorted(counts.items()):
        n = sum(c.get(v, 0) for v in VERDICTS)
        p = f"{c.get('right', 0) / n:.3f}" if n else "-"
        dropped = " | ".join(str(c.get(f"dropped {v}", 0)) for v in VERDICTS)
        print(
            f"| {name} | {c.get('right', 0)} | {c.get('not_place', 0)} | "
            f"{c.get('wrong_country', 0)} | {p} | {c.get('unjudged', 0)} | {dropped} |"
        )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.dev_only = True
    parts = [audit_set(name, args) for name in args.set or SETS]
    table = pd.concat(parts, ignore_index=True)
    if args.rule != "all":
        table = table[table["class"] == args.rule].reset_index(drop=True)
    if args.write:
        args.write.write_text(csv_text(table), encoding="utf-8")
    judged = read_judged(args.judged) if args.judged.is_file() else None
    _print(table, judged)
    if judged is not None:
        judged = judged[judged["set"].isin(args.set or SETS)]
        if args.rule != "all":
            judged = judged[judged["class"] == args.rule]
        _print_precision(precision(table, judged))
    return 0


if __name__ == "__main__":
    sys.exit(main())
