"""Corpus-level propagation: a name the model tags in several documents is tagged where
it missed it in the others.

spaCy misses names it tags elsewhere, above all in tables and lists (sports results,
'Falkirk 2 Clydebank 1', all-capitals headers such as 'DENVER AT MINNESOTA').
Within one document :func:`analysis.entities.propagate_names` already spreads a name;
this spreads names across the corpus, with evidence from the whole corpus:

* the surface form is tagged at least :data:`MIN_TAGGED` time(s) in the corpus, is
  capitalised and at least 3 characters long;
* at least :data:`MIN_TAGGED_SHARE` of its capitalised occurrences in the corpus are
  tagged (a word that is usually not a name, 'March', 'Premier', is never spread);
* a new mention never overlaps an existing one; it takes the surface's majority label
  and the country reading of its tagged mentions. In an ALL-CAPS run the name is found
  by its capitalised form ('MINNESOTA' for 'Minnesota').

In: the corpus's MENTIONS, DOCUMENTS (doc_id, text) and SENTENCES. Out: MENTIONS with
the new rows, in document order. Candidate spans are runs of capitalised words looked
up in a dict (no regex alternation over thousands of names), so the cost is one pass
over the texts. :func:`scan_document` is that pass for one document: the incremental
corpus pass (analysis.corpus_state) keeps its results per document between builds.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Container, Mapping

import pandas as pd

from analysis import schema
from analysis.teams import TEAM_RULE

#: Labels worth spreading (as analysis.entities.propagate_names).
PROPAGATED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
#: A surface form must be tagged this many times in the corpus ...
MIN_TAGGED = 1
#: ... and in at least this share of its capitalised occurrences. Dev-tuned on testa
#: (benchmarks/entity_linking_eval.py): detection of linked mentions 0.883 -> 0.904,
#: typed exact-span NER F1 0.7417 -> 0.7411 (precision -1.1, recall +0.8 points).
MIN_TAGGED_SHARE = 0.3
MAX_WORDS = 4
_RUN = re.compile(r"[A-Z][\w&'.-]*(?:[ ][A-Z][\w&'.-]*)*")


def _runs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, words) sub-spans of capitalised runs, up to MAX_WORDS words."""
    out = []
    for run in _RUN.finditer(text):
        base = run.start()
        words = [(w.start() + base, w.end() + base) for w in re.finditer(r"\S+", run.group())]
        for i in range(len(words)):
            for j in range(i, min(len(words), i + MAX_WORDS)):
                s, e = words[i][0], words[j][1]
                out.append((s, e, text[s:e].rstrip(".")))
    return out


def _key(surface: str) -> str:
    """Lookup key: the capitalised form of an ALL-CAPS surface, else the surface."""
    return surface.title() if surface.isupper() and len(surface) > 3 else surface


def name_templates(mentions: pd.DataFrame) -> tuple[dict[str, dict], Counter[str]]:
    """Tagged surfaces -> a template row (majority label, its canonical and country)."""
    named = mentions[mentions["label"].isin(PROPAGATED)]
    named = named[named["text"].str.len().ge(3) & named["text"].str[:1].str.isupper()]
    named = named.assign(key=named["text"].map(_key))
    tagged = Counter(named["key"].tolist())
    keep = named[named["key"].map(tagged).ge(MIN_TAGGED)]
    # A country's team is a reading of its own sports report, not a template to spread.
    keep = keep[keep["rule"].ne(TEAM_RULE).fillna(True)] if "rule" in keep else keep
    votes = keep.groupby(["key", "label"], observed=True).size().rename("n").reset_index()
    votes = votes.sort_values(["key", "n", "label"], ascending=[True, False, True])
    best = votes.drop_duplicates("key")[["key", "label"]]
    rows = keep.merge(best, on=["key", "label"]).drop_duplicates("key")
    columns = ["label", "canonical", "iso3", "rule"]
    out = {k: dict(zip(columns, v, strict=True))
           for k, *v in rows[["key", *columns]].itertuples(index=False)}  # fmt: skip
    return out, tagged


def propagate_corpus_names(
    mentions: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """MENTIONS plus the corpus's names where the model missed them (see module doc)."""
    if len(mentions) == 0:
        return mentions
    templates, tagged = name_templates(mentions)
    if not templates:
        return mentions
    taken = taken_spans(mentions)
    seen: Counter[str] = Counter()
    found = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        counts, spans = scan_document(str(text), taken.get(doc_id, []), templates)
        seen.update(counts)
        found += [(doc_id, s, e, surface, key) for s, e, surface, key in spans]
    rows = new_mentions(candidate_frame(found), templates, tagged, seen, documents)
    return with_sentences(mentions, rows, sentences)


def taken_spans(mentions: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """doc_id -> the (start, end) of its mentions (where no name may be added)."""
    taken = defaultdict(list)
    for d, s, e in zip(mentions["doc_id"], mentions["start"], mentions["end"], strict=True):
        taken[d].append((int(s), int(e)))
    return taken


def scan_document(
    text: str, taken: list[tuple[int, int]], templates: Container[str]
) -> tuple[Counter[str], list[tuple[int, int, str, str]]]:
    """One document's capitalised runs: how many times each lookup key occurs (every
    key, so that the counts stay right when the templates change), and the candidate
    (start, end, surface, key) of template keys, left to right, longest first, none
    overlapping a mention in ``taken`` or an earlier candidate."""
    spans = sorted(taken)
    counts: Counter[str] = Counter()
    found = []
    for s, e, surface in sorted(_runs(text), key=lambda r: (r[0], r[0] - r[1])):
        key = _key(surface)
        counts[key] += 1
        if key in templates and not _overlaps(spans, s, e):
            found.append((s, s + len(surface), surface, key))
            bisect.insort(spans, (s, s + len(surface)))
    return counts, found


#: Columns of the candidate table (:func:`candidate_frame`).
CANDIDATES = ("doc_id", "start", "end", "text", "key")


def candidate_frame(found: list[tuple]) -> pd.DataFrame:
    """Candidates (doc_id, start, end, surface, key) as a table."""
    frame = pd.DataFrame(found, columns=list(CANDIDATES))
    return frame.astype({"doc_id": object, "start": "int64", "end": "int64",
                         "text": object, "key": object})  # fmt: skip


def new_mentions(
    candidates: pd.DataFrame,
    templates: dict[str, dict],
    tagged: Counter[str],
    seen: Mapping[str, int],
    documents: pd.DataFrame,
) -> pd.DataFrame:
    """The candidates whose key is tagged in at least :data:`MIN_TAGGED_SHARE` of its
    ``seen`` capitalised occurrences, as mention rows taking the key's template, in
    document order then by start."""
    ok = {k for k in templates if tagged[k] >= MIN_TAGGED_SHARE * seen.get(k, 0)}
    chosen = candidates[candidates["key"].isin(ok)]
    if len(chosen) == 0:
        return pd.DataFrame()
    rank = dict(zip(documents["doc_id"], range(len(documents)), strict=True))
    chosen = chosen.assign(_r=chosen["doc_id"].map(rank))
    chosen = chosen.sort_values(["_r", "start"], kind="stable")
    columns = ["label", "canonical", "iso3", "rule"]
    keys = chosen["key"].tolist()
    filled = {c: [templates[k][c] for k in keys] for c in columns}
    return chosen[["doc_id", "start", "end", "text"]].reset_index(drop=True).assign(**filled)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 8) : i])


def with_sentences(
    mentions: pd.DataFrame, new: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """``mentions`` plus ``new`` rows given the sentence they fall in (dropped if none)."""
    if len(new) == 0:
        return mentions
    # merge_asof wants both sides sorted by the offset and join keys of one dtype.
    starts = sentences[["doc_id", "sent_id", "start"]].astype({"doc_id": object, "start": "int64"})
    starts = starts.sort_values("start", kind="stable")
    new = new.astype({"doc_id": object, "start": "int64"}).sort_values("start", kind="stable")
    placed = pd.merge_asof(new, starts.rename(columns={"start": "sent_start"}),
                           left_on="start", right_on="sent_start", by="doc_id")  # fmt: skip
    placed = placed.dropna(subset=["sent_id"]).drop(columns="sent_start")
    out = pd.concat([mentions, schema.conform(placed, "mentions")], ignore_index=True)
    order = out["doc_id"].map({d: i for i, d in enumerate(pd.unique(mentions["doc_id"]))})
    out = out.assign(_o=order.fillna(len(order)))
    out = out.sort_values(["_o", "start", "end"], kind="stable")
    return schema.conform(out.drop(columns="_o").reset_index(drop=True), "mentions")
