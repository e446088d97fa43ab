"""Near-duplicate documents grouped into stories (MinHash + LSH over word shingles).

Wire copies and light rewrites of one report inflate every count: forty papers running
one Reuters story are one story, not forty. :func:`story_table` groups the documents of
a corpus whose texts are near-duplicates and returns the STORIES table (analysis.schema):
one row per document with its ``story_id`` (the doc_id of the group's representative:
the earliest-dated document, corpus order breaking ties) and the group's size.

Contract:

* Two documents are *near-duplicates* when the Jaccard similarity of their sets of
  :data:`SHINGLE_WORDS`-word shingles (lower-cased word tokens) is at least
  :data:`THRESHOLD`. The similarity is estimated with :data:`NUM_PERM` MinHash
  permutations (datasketch); candidates come from datasketch's LSH index, and every
  candidate pair is checked against the threshold on its MinHash estimate, so the
  index's false positives are dropped. No all-pairs comparison: the cost grows with
  the number of documents, not its square.
* A story is a connected group of near-duplicate pairs (union-find).
* Texts shorter than :data:`MIN_WORDS` words are never grouped: a two-line brief
  shares too few shingles to say it is the same story.
* The result depends only on the texts, dates and corpus order: building the same
  corpus twice, or adding documents in any order and rebuilding, gives the same groups
  (the MinHash seed is fixed).

The threshold and shingle size were chosen on Reuters-21578 (see
``benchmarks/duplicate_eval.py`` and ``benchmarks/data/duplicate_pairs.csv`` for the
hand-checked sample of grouped pairs).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from analysis import schema

#: Words per shingle. 4-word shingles are the usual choice for near-duplicate news
#: detection (Broder 1997 used word 4-grams... and 10-grams for web pages; shorter
#: shingles reward shared phrasing of different stories, longer ones miss light edits).
SHINGLE_WORDS = 4
#: Minimum estimated Jaccard similarity of two documents' shingle sets for them to be
#: one story. Chosen on Reuters-21578 (dev): the grouped-pair sample checked by hand is
#: in benchmarks/data/duplicate_pairs.csv.
THRESHOLD = 0.5
#: MinHash permutations: the standard error of a Jaccard estimate is about
#: sqrt(J(1-J)/NUM_PERM), 0.044 at J=0.5.
NUM_PERM = 128
#: Documents with fewer words are not grouped (too few shingles to decide).
MIN_WORDS = 25
#: Fixed seed, so that groups are the same in every build.
SEED = 1
#: Two dated documents more than this many days apart are never one story: recurring
#: templated reports (a weekly shipments table, a daily central-bank operation) share
#: almost every shingle from one issue to the next and are different reports.
WINDOW_DAYS = 3
#: Minimum Jaccard similarity of the names (capitalised words) of two documents' lead
#: sentences, when both have names. A copy or light rewrite reports the same actors; a
#: templated report about another company ("X raises prime rate to 7-3/4 pct") does not.
NAMES_THRESHOLD = 0.5
#: Number words counted as figures beside digits (news style spells one to nine).
NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
        "mln",
        "bln",
        "half",
        "quarter",
    ]
)

_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,/-]\d+)*")
# A sentence ends at . ! or ? followed by space and a capital or a quote, unless the
# word before it is an abbreviation ("U.S. Government", "Corp. said", "Mr. Baker").
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[\"'A-Z])")
_ABBREVIATIONS = frozenset(
    [
        "inc",
        "ltd",
        "corp",
        "co",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_NAME = re.compile(r"\b[A-Z][\w&'.-]*")
#: Capitalised words that open sentences without naming anyone.
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "In",
        "On",
        "At",
        "For",
        "From",
        "By",
        "With",
        "As",
        "But",
        "And",
        "Or",
        "If",
        "When",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Their",
        "His",
        "Her",
        "Our",
        "After",
        "Before",
    ]
)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of ``size``-word shingles of ``text`` (lower-cased ``\\w+`` tokens), as bytes."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signatures(texts: Sequence[str]) -> list[MinHash | None]:
    """One MinHash per text (None for texts under :data:`MIN_WORDS` words)."""
    # CRC-32 instead of datasketch's default SHA-1: a 32-bit hash is all MinHash uses,
    # CRC-32 is C-fast and stable across processes (Python's hash() is not). The
    # permutations are drawn once and shared (datasketch would redraw them per object).
    first = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)
    out: list[MinHash | None] = []
    for text in texts:
        grams = shingles(text or "")
        if len(_WORD.findall(text or "")) < MIN_WORDS or not grams:
            out.append(None)
            continue
        mh = MinHash(seed=SEED, hashfunc=zlib.crc32, scheme=first.scheme,
                     hashvalues=first.hashvalues, permutations=first.permutations)  # fmt: skip
        mh.update_batch(list(grams))
        out.append(mh)
    return out


def lead(text: str) -> str:
    """The first sentence of ``text`` (at most 400 characters): where a report states
    who did what and the figures."""
    text = (text or "").strip()
    for match in _SENTENCE_END.finditer(text, 0, 400):
        word = text[: match.start()].rsplit(None, 1)[-1] if match.start() else ""
        if "." in word or word.lower() in _ABBREVIATIONS or len(word) < 2:
            continue
        return text[: match.start() + 1]
    return text[:400]


@dataclass(frozen=True)
class LeadFacts:
    """The figures and names of a document's lead sentence."""

    figures: frozenset[str]
    names: frozenset[str]


def lead_facts(text: str) -> LeadFacts:
    """Figures (digits and number words) and names (capitalised words but the first)."""
    sentence = lead(text)
    words = {w.lower() for w in _WORD.findall(sentence)}
    figures = frozenset(_NUMBER.findall(sentence)) | (words & NUMBER_WORDS)
    names = frozenset(
        name
        for name in (m.group().rstrip(".").strip("'-") for m in _NAME.finditer(sentence))
        if name and name not in _NOT_NAMES
    )
    return LeadFacts(figures, names)


def compatible(day_a: float, day_b: float, a: LeadFacts, b: LeadFacts) -> bool:
    """Whether two textually similar documents may be one story.

    * dated more than :data:`WINDOW_DAYS` apart: no (``day_*`` are day numbers, NaN when
      undated; an undated document is compatible with any date);
    * lead figures that disagree (neither set contains the other): no — the next issue
      of a recurring report, or the same template about another amount;
    * lead names with Jaccard under :data:`NAMES_THRESHOLD`: no — the same template
      about another actor.
    """
    if day_a == day_a and day_b == day_b and abs(day_a - day_b) > WINDOW_DAYS:
        return False
    if a.figures and b.figures and not (a.figures <= b.figures or b.figures <= a.figures):
        return False
    if a.names and b.names:
        overlap = len(a.names & b.names) / len(a.names | b.names)
        if overlap < NAMES_THRESHOLD:
            return False
    return True


@lru_cache(maxsize=8)
def _lsh_bands(threshold: float) -> tuple[int, int]:
    """(bands, rows) of the LSH index for ``threshold``: datasketch's own optimum (equal
    weights on false positives and negatives), which it would otherwise recompute by
    numerical integration (about 6,000 integrals) for every index built."""
    first = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return first.b, first.r


def similar_pairs(
    sigs: Sequence[MinHash | None],
    threshold: float = THRESHOLD,
    *,
    days: Sequence[float] | None = None,
    facts: Sequence[LeadFacts] | None = None,
) -> list[tuple[int, int, float]]:
    """Index pairs (i < j) whose estimated Jaccard is at least ``threshold``, with it.

    With ``days`` and ``facts`` (one per signature) a pair must also be
    :func:`compatible`.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=_lsh_bands(threshold))
    pairs: list[tuple[int, int, float]] = []
    for i, mh in enumerate(sigs):
        if mh is None:
            continue
        for j in lsh.query(mh):
            sim = float(mh.jaccard(sigs[j]))
            if sim < threshold:
                continue
            known = days is not None and facts is not None
            if known and not compatible(days[i], days[j], facts[i], facts[j]):
                continue
            pairs.append((j, i, sim))
        lsh.insert(i, mh)
    return sorted(pairs)


def _components(n: int, pairs: Sequence[tuple[int, int, float]]) -> np.ndarray:
    """Union-find over ``n`` items: the root of each item's connected component."""
    parent = np.arange(n)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    return np.array([find(i) for i in range(n)], dtype=int)


def story_table(documents: pd.DataFrame, *, threshold: float = THRESHOLD) -> pd.DataFrame:
    """DOCUMENTS (doc_id, date, text; corpus order) -> STORIES, one row per document.

    Columns: doc_id, story_id (the representative's doc_id: earliest date, then corpus
    order; undated documents come after dated ones), story_size (documents in the
    group, 1 for a document with no near-duplicate), similarity (the highest estimated
    Jaccard with another member, null when alone).
    """
    if len(documents) == 0:
        return schema.empty("stories")
    docs = documents.drop_duplicates("doc_id").reset_index(drop=True)
    texts = docs["text"].fillna("").astype(str).tolist()
    sigs = signatures(texts)
    stamps = pd.to_datetime(docs["date"].astype("string").str.slice(0, 10), errors="coerce")
    days = (stamps - pd.Timestamp("1970-01-01")).dt.days.astype(float).tolist()
    pairs = similar_pairs(sigs, threshold, days=days, facts=[lead_facts(t) for t in texts])
    roots = _components(len(docs), pairs)
    best = np.full(len(docs), np.nan)
    for i, j, sim in pairs:
        best[i] = np.fmax(best[i], sim)
        best[j] = np.fmax(best[j], sim)
    frame = pd.DataFrame(
        {
            "doc_id": docs["doc_id"].astype(str),
            "_root": roots,
            "_date": docs["date"].astype("string").fillna("\uffff"),
            "_order": np.arange(len(docs)),
        }
    )
    first = frame.sort_values(["_root", "_date", "_order"]).drop_duplicates("_root")
    frame["story_id"] = frame["_root"].map(first.set_index("_root")["doc_id"])
    frame["story_size"] = frame.groupby("_root")["doc_id"].transform("size")
    frame["similarity"] = pd.array(np.round(best, 3), dtype="Float64")
    table = frame[["doc_id", "story_id", "story_size", "similarity"]]
    return schema.conform(table, "stories")


#: One sentence on the method, for pages and reports.
METHOD = (
    f"Documents are one story when their texts share at least {THRESHOLD:.0%} of their "
    f"{SHINGLE_WORDS}-word sequences (MinHash estimate), they are dated at most "
    f"{WINDOW_DAYS} days apart, and their first sentences give the same figures and "
    "mostly the same names."
)


def same_story(stories: pd.DataFrame, doc_id: str) -> list[str]:
    """The other documents of ``doc_id``'s story (empty when it has none)."""
    row = stories[stories["doc_id"] == doc_id]
    if row.empty:
        return []
    story = row.iloc[0]["story_id"]
    members = stories.loc[stories["story_id"] == story, "doc_id"]
    return [str(d) for d in members if d != doc_id]


def representatives(stories: pd.DataFrame) -> pd.Series:
    """The doc_ids that stand for their story (one per group) in STORIES."""
    return stories.loc[stories["doc_id"] == stories["story_id"], "doc_id"]


def groups(stories: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The stories with more than one document, for the Documents page.

    One row per member document: story_id, story_size, doc_id, title, date, source,
    similarity; largest groups first, the representative first in its group.
    """
    multi = stories[stories["story_size"].fillna(1) > 1]
    if len(multi) == 0:
        return pd.DataFrame(
            columns=["story_id", "story_size", "doc_id", "title", "date", "source", "similarity"]
        )
    meta = documents[["doc_id", "title", "date", "source"]].drop_duplicates("doc_id")
    rows = multi.merge(meta, on="doc_id", how="left")
    rows["_rep"] = rows["doc_id"] != rows["story_id"]
    rows = rows.sort_values(
        ["story_size", "story_id", "_rep", "date"], ascending=[False, True, True, True]
    )
    cols = ["story_id", "story_size", "doc_id", "title", "date", "source", "similarity"]
    return rows[cols].reset_index(drop=True)
