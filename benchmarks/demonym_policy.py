"""Demonym policies for the article-level country set, measured on LGL dev and the
hand-checked Reuters stories (issue 18; the policy kept is the one in
analysis.countries.confidence).

A country an article names only by demonyms ("Iranian officials") is counted today at
PLAUSIBLE confidence. LGL annotates such demonyms as toponyms about as often as not, so
each alternative below is measured against "as now" on the same mapped mentions: the
article's demonym-only countries are kept or dropped by the policy, every other country
as the app counts it (confidence >= 0.5). LGL test is not read.

Run from the repository root (``--cache-dir`` as for benchmarks/country_eval.py):
    python -m benchmarks.demonym_policy --cache-dir /tmp/ce
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.countries import apply_source_homes, document_countries, map_countries
from benchmarks import country_eval as ce

#: A word right after the demonym: it modifies something ("Iranian officials").
_MODIFIES = re.compile(r"\s+[A-Za-z]")
#: A capitalised word after it (optionally "and X"): it opens a name ("Spanish Oaks").
_OPENS_NAME = re.compile(r"\s+(?:and\s+[A-Z]\w+\s+)?[A-Z][a-z]")

Policy = Callable[[pd.DataFrame, str], bool]

#: name -> whether an article keeps a country it names only by the demonym rows given.
POLICIES: dict[str, Policy] = {
    "as now (counted, confidence 0.6)": lambda rows, text: True,
    "never alone": lambda rows, text: False,
    "two or more demonyms": lambda rows, text: len(rows) >= 2,
    "noun use only (plural, or modifying nothing)": lambda rows, text: any(
        str(r.text).endswith("s") or not _MODIFIES.match(text, r.end) for r in rows.itertuples()
    ),
    "not opening a capitalised name": lambda rows, text: any(
        not _OPENS_NAME.match(text, r.end) for r in rows.itertuples()
    ),
}


def _mapped(articles: list[ce.Article], raw: pd.DataFrame) -> pd.DataFrame:
    """The app's steps on ``articles`` (clean-up, gazetteer pass, map_countries with the
    texts, sources' homes), as country_eval.evaluate runs them."""
    ids = {a.doc_id for a in articles}
    full = ce.with_extra_places(articles, ce.clean(articles, raw[raw["doc_id"].isin(ids)]))
    mapped = map_countries(full, texts={a.doc_id: a.text for a in articles})
    documents = pd.DataFrame(
        {"doc_id": [a.doc_id for a in articles], "text": [a.text for a in articles],
         "source": [a.source for a in articles]}
    )  # fmt: skip
    sentences = pd.DataFrame(
        [(a.doc_id, i, s, e) for a in articles for s, e, i in a.sentences or ()],
        columns=["doc_id", "sent_id", "start", "end"],
    )
    return apply_source_homes(mapped, documents, sentences=sentences)


def score_policy(articles: list[ce.Article], mapped: pd.DataFrame, policy: Policy) -> dict:
    """country_eval.score_articles of the article sets under ``policy``."""
    texts = {a.doc_id: a.text for a in articles}
    table = document_countries(mapped)
    table = table[table["confidence"] >= ce.MIN_CONFIDENCE]
    rows = mapped[mapped["iso3"].notna()]
    groups = {key: g for key, g in rows.groupby(["doc_id", "iso3"])}
    kept: dict[str, set[str]] = {}
    for doc_id, iso3 in table[["doc_id", "iso3"]].itertuples(index=False):
        group = groups[(doc_id, iso3)]
        alone = (group["rule"] == "demonym").all()
        if not alone or policy(group, texts[doc_id]):
            kept.setdefault(doc_id, set()).add(iso3)
    return ce.score_articles({a.doc_id: a.countries for a in articles}, kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lgl", type=Path, default=ce.DEFAULT_LGL)
    parser.add_argument("--reuters", type=Path, default=ce.DEFAULT_REUTERS)
    parser.add_argument("--reuters-dev", type=Path, default=ce.DEFAULT_REUTERS_DEV)
    parser.add_argument("--cache-dir", default=None, help="reuse spaCy output between runs")
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args(argv)
    sets = []
    if args.lgl.exists():
        lgl = ce.load_lgl(args.lgl)
        raw = ce._cached_mentions(lgl, "lgl", args)
        dev = ce.split_halves(lgl)[0]
        sets.append(("LGL dev", dev, _mapped(dev, raw)))
    if args.reuters.exists() and args.reuters_dev.exists():
        hand = ce.load_reuters_dev(args.reuters_dev, args.reuters)
        sets.append(("Reuters hand-checked", hand, _mapped(hand, ce._cached_mentions(
            hand, "reuters_dev", args))))  # fmt: skip
    if not sets:
        print("skipped: no evaluation data")
        return 0
    print("| policy | " + " | ".join(f"{n} P | {n} R | {n} F1" for n, _, _ in sets) + " |")
    print("|" + " --- |" * (1 + 3 * len(sets)))
    for name, policy in POLICIES.items():
        cells = []
        for _, articles, mapped in sets:
            s = score_policy(articles, mapped, policy)
            cells += [f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
