"""Whether this checkout maps countries exactly as a baseline revision does.

Runs what the build does to map countries once the NLP is done (the steps
benchmarks/country_speed.py times: per chunk of 64 documents the gazetteer pass and
map_countries with the texts, then apply_source_homes) on the first N Reuters-21578
stories' cached spaCy mentions, in this checkout and in ``git archive REV``, each in
its own process, and compares the two mapped MENTIONS frames cell for cell (values,
dtypes, index). A speed change must leave them equal. Run from the repository root:

    python -m benchmarks.country_same --cache-dir /tmp/ce --limit 18781 --baseline main

``--evidence N`` compares the evidence view too (:data:`_EVIDENCE`). ``--changes FILE``
is for a change meant to move results: instead of failing on a difference it writes
every mention whose country or rule differs (or that only one side has) to FILE as CSV
(analysis.present.exports.csv_text, formulas neutralised) with its line of text, for
reading each by hand, and prints how many
mentions and articles moved (:func:`changes`, :func:`article_changes`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analysis.countries.rules import CO_MENTIONED_RULE, ORG_HOME_RULE
from analysis.present.exports import csv_text
from benchmarks.country_speed import _MEASURE, ROOT, write_documents

#: country_speed's measuring script, run once (argv[6]: one worker's chunks, 64
#: documents each), writing the mapped frame to argv[7].
# The script below is country_speed's own, with the mapped frame saved: if that line
# ever changes, fail here rather than later on a missing pickle.
assert "print(json.dumps(" in _MEASURE, "benchmarks.country_speed._MEASURE changed"
_MAP = _MEASURE.replace(
    "print(json.dumps(",
    "mapped = countries.apply_source_homes(mapped, docs, sentences=sentences)\n"
    "mapped.to_pickle(sys.argv[7])\n"
    "print(json.dumps(",
)


#: The evidence view (analysis.countries.mention_readings: each mention's winning
#: reading, its evidence and the alternatives) of the first ``argv[8]`` documents of each
#: of the five countries most mentioned, and of every document a register decided,
#: written to argv[7]: the same script up to its chunks, then the view per country.
_EVIDENCE = (
    _MEASURE[: _MEASURE.index("times, cpus = [], []")]
    + r"""
frames = [pd.DataFrame([m for d, r in chunk for m in countries.add_place_records(
    r, texts[d], sentences=spans.get(d))], columns=mentions.columns) for chunk in chunks]
frame = pd.concat(frames, ignore_index=True)
mapped = countries.map_countries(frame, texts=texts)
registered = mapped.loc[mapped["rule"] == "register", "doc_id"].unique().tolist()
views = []
for iso3 in mapped["iso3"].value_counts().index[:5]:
    docs = mapped.loc[mapped["iso3"] == iso3, "doc_id"].unique().tolist()[: int(sys.argv[8])]
    view = countries.mention_readings(frame, texts, iso3, sorted(set(docs) | set(registered)))
    views.append(view.assign(country=iso3))
pd.concat(views, ignore_index=True).to_pickle(sys.argv[7])
"""
)


def evidence(
    tree: Path, cache: Path, name: str, documents: Path, out: Path, n: int
) -> pd.DataFrame:
    """The evidence view of ``name``'s cached stories under ``tree``'s code (see
    :data:`_EVIDENCE`; ``n`` documents per country)."""
    subprocess.run(
        [sys.executable, "-c", _EVIDENCE, str(tree), str(cache / f"{name}.mentions.parquet"),
         str(cache / f"{name}.sentences.parquet"), str(documents), "1", "1", str(out), str(n)],
        check=True, capture_output=True, text=True, cwd=tree,
    )  # fmt: skip
    return pd.read_pickle(out)


def mapped(tree: Path, cache: Path, name: str, documents: Path, out: Path) -> pd.DataFrame:
    """The mapped mentions of ``name``'s cached stories under ``tree``'s code."""
    subprocess.run(
        [sys.executable, "-c", _MAP, str(tree), str(cache / f"{name}.mentions.parquet"),
         str(cache / f"{name}.sentences.parquet"), str(documents), "1", "1", str(out)],
        check=True, capture_output=True, text=True, cwd=tree,
    )  # fmt: skip
    return pd.read_pickle(out)


#: The rules whose countries the Countries table does not count for a document
#: (analysis.countries.confidence.document_countries).
_UNCOUNTED = (ORG_HOME_RULE, CO_MENTIONED_RULE)

#: What identifies a mapped mention on both sides, and what a change is judged on.
_KEY = ["doc_id", "start", "end", "text", "label"]
_JUDGED = ["iso3", "rule"]


def changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The mentions of ``before`` and ``after`` (mapped MENTIONS frames) whose country or
    rule differ, or that one side lacks: the key columns, then ``iso3_before``,
    ``iso3_after``, ``rule_before``, ``rule_after`` ("-" for none or a missing row)."""
    both = before[[*_KEY, *_JUDGED]].merge(
        after[[*_KEY, *_JUDGED]], on=_KEY, how="outer", suffixes=("_before", "_after")
    )
    for column in [f"{c}_{side}" for c in _JUDGED for side in ("before", "after")]:
        both[column] = both[column].astype(object).where(both[column].notna(), "-")
    moved = (both["iso3_before"] != both["iso3_after"]) | (
        both["rule_before"] != both["rule_after"]
    )
    columns = [*_KEY, "iso3_before", "iso3_after", "rule_before", "rule_after"]
    return both.loc[moved, columns].sort_values(["doc_id", "start"]).reset_index(drop=True)


def article_changes(
    before: pd.DataFrame, after: pd.DataFrame, *, counted: bool = False
) -> pd.DataFrame:
    """Per document whose set of countries differs: ``lost`` and ``gained`` (ISO codes,
    space-separated), sorted by document. ``counted``: only the countries the Countries
    table counts for a document (analysis.countries.document_countries: an
    organisation's home and a co_mentioned place are left out); else every mapped row's."""
    if counted:
        before, after = (f[~f["rule"].isin(_UNCOUNTED).fillna(False)] for f in (before, after))
    sets = [f.dropna(subset=["iso3"]).groupby("doc_id")["iso3"].apply(set) for f in (before, after)]
    rows = []
    for doc in sorted(set(sets[0].index) | set(sets[1].index)):
        old, new = (s.get(doc, set()) for s in sets)
        if old != new:
            rows.append((doc, " ".join(sorted(old - new)), " ".join(sorted(new - old))))
    return pd.DataFrame(rows, columns=["doc_id", "lost", "gained"])


def _write_changes(
    before: pd.DataFrame, after: pd.DataFrame, texts: dict[str, str], out: Path
) -> None:
    """Write :func:`changes` with each mention's line of text to ``out`` and print the
    counts and the articles whose countries moved."""
    moved = changes(before, after)
    moved["line"] = [
        texts[str(d)][max(0, s - 80) : e + 80].replace("\n", " ")
        for d, s, e in zip(moved["doc_id"], moved["start"], moved["end"], strict=True)
    ]
    out.write_text(csv_text(moved), encoding="utf-8")
    articles = article_changes(before, after)
    counted = article_changes(before, after, counted=True)
    print(f"{len(moved):,} mapped mentions changed (written to {out}); "
          f"{len(articles):,} articles' countries changed (every mapped row, organisations' "
          f"homes included); {len(counted):,} articles' counted countries changed (the "
          f"Countries table's: homes and co_mentioned places left out)")  # fmt: skip
    if len(articles):
        print(articles.to_string(index=False))
    if len(counted):
        print("counted:")
        print(counted.to_string(index=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache-dir", type=Path, required=True,
                        help="country_eval.py --cache-dir (its spaCy mentions)")  # fmt: skip
    parser.add_argument("--limit", type=int, default=1000, help="the reuters{N} cache to use")
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--evidence", type=int, default=0,
                        help="also compare the evidence view, N stories per country")  # fmt: skip
    parser.add_argument("--changes", type=Path, default=None,
                        help="write the changed mentions to this CSV, do not fail")  # fmt: skip
    args = parser.parse_args(argv)
    from benchmarks._harness import extract_revision
    from benchmarks.country_eval import DEFAULT_REUTERS, load_reuters

    articles = load_reuters(DEFAULT_REUTERS, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        documents = write_documents(articles, Path(tmp) / "documents.json")
        base = extract_revision(args.baseline, Path(tmp) / "baseline")
        name = f"reuters{args.limit}"
        before = mapped(base, args.cache_dir, name, documents, Path(tmp) / "before.pkl")
        after = mapped(ROOT, args.cache_dir, name, documents, Path(tmp) / "after.pkl")
        if args.evidence:
            views = [
                evidence(tree, args.cache_dir, name, documents, Path(tmp) / k, args.evidence)
                for k, tree in (("before", base), ("after", ROOT))
            ]
            pd.testing.assert_frame_equal(views[0], views[1], check_exact=True)
            print(f"evidence view: {len(views[1]):,} rows, equal cell for cell")
    if args.changes is not None:
        _write_changes(before, after, {a.doc_id: a.text for a in articles}, args.changes)
        return 0
    pd.testing.assert_frame_equal(before, after, check_exact=True)
    print(f"{len(articles):,} Reuters stories: {len(after):,} mapped mentions, "
          f"{after.shape[1]} columns, equal cell for cell to {args.baseline}'s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
