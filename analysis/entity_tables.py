"""Entity aggregates over a MENTIONS table: the entities table (one row per canonical
name, its label by the votes of its mentions), co-occurrences, related names and
keyword-in-context rows. Split from analysis.entities, which re-exports them."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from analysis import schema
from analysis.labels import NUMERIC_LABELS


def _named(
    mentions: pd.DataFrame, labels: Collection[str] | None, exclude: Collection[str]
) -> pd.DataFrame:
    """Mentions with a canonical name, restricted to ``labels`` and without ``exclude``."""
    keep = mentions["canonical"].notna() & (mentions["canonical"].astype(str) != "")
    keep &= ~mentions["label"].isin(list(exclude))
    if labels is not None:
        keep &= mentions["label"].isin(list(labels))
    return mentions[keep]


#: Labels of places: an entity named as a place anywhere is a place, and its demonym
#: mentions (NORP: 'French' for France) are adjectives of it: they vote for its place label.
_PLACE_LABELS = frozenset({"GPE", "LOC"})


def _majority_label(named: pd.DataFrame) -> pd.Series:
    """canonical -> its most frequent label (ties: alphabetical); the NORP mentions of a
    name also labelled a place vote for that place label."""
    counts = named.groupby(["canonical", "label"], observed=True).size().rename("n").reset_index()
    places = counts[counts["label"].isin(_PLACE_LABELS)].sort_values(
        ["n", "label"], ascending=[False, True]
    )
    place_of = places.drop_duplicates("canonical").set_index("canonical")["label"]
    adjective = (counts["label"] == "NORP") & counts["canonical"].isin(place_of.index)
    counts.loc[adjective, "label"] = counts.loc[adjective, "canonical"].map(place_of)
    counts = counts.groupby(["canonical", "label"], observed=True)["n"].sum().reset_index()
    counts = counts.sort_values(["canonical", "n", "label"], ascending=[True, False, True])
    return counts.drop_duplicates("canonical").set_index("canonical")["label"]


def entity_table(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    labels: Collection[str] | None = None,
    exclude_labels: Collection[str] = NUMERIC_LABELS,
) -> pd.DataFrame:
    """Mentions -> ENTITIES: one row per canonical name, most mentioned first.

    In: MENTIONS (canonical filled) and DOCUMENTS (doc_id, date). ``labels`` keeps
    only those labels; ``exclude_labels`` drops quantities and dates by default.
    Out: name, label (its most frequent), mentions, documents, first_date and
    last_date (ISO strings over the dated documents naming it; null if none).
    """
    named = _named(mentions, labels, exclude_labels)
    if len(named) == 0:
        return schema.empty("entities")
    dates = documents[["doc_id", "date"]].drop_duplicates("doc_id")
    named = named[["doc_id", "canonical", "label"]].merge(dates, on="doc_id", how="left")
    grouped = named.groupby("canonical", observed=True)
    table = pd.DataFrame(
        {
            "mentions": grouped.size(),
            "documents": grouped["doc_id"].nunique(),
            "first_date": grouped["date"].min(),
            "last_date": grouped["date"].max(),
        }
    )
    table["label"] = _majority_label(named)
    table = table.rename_axis("name").reset_index()
    table = table.sort_values(["mentions", "documents", "name"], ascending=[False, False, True])
    return schema.conform(table, "entities")


def cooccurrence_table(
    mentions: pd.DataFrame,
    *,
    top: int | None = None,
    labels: Collection[str] | None = None,
    exclude_labels: Collection[str] = NUMERIC_LABELS,
) -> pd.DataFrame:
    """Mentions -> COOCCURRENCES: pairs of canonical names in the same sentence.

    Out: source < target (alphabetical), sentences (sentences naming both) and
    documents, most shared sentences first; ``top`` keeps that many pairs.
    """
    named = _named(mentions, labels, exclude_labels)
    per_sentence = named[["doc_id", "sent_id", "canonical"]].drop_duplicates()
    pairs = per_sentence.merge(per_sentence, on=["doc_id", "sent_id"])
    pairs = pairs[pairs["canonical_x"] < pairs["canonical_y"]]
    if len(pairs) == 0:
        return schema.empty("cooccurrences")
    grouped = pairs.groupby(["canonical_x", "canonical_y"], observed=True)
    table = pd.DataFrame({"sentences": grouped.size(), "documents": grouped["doc_id"].nunique()})
    table = table.rename_axis(["source", "target"]).reset_index()
    table = table.sort_values(
        ["sentences", "documents", "source", "target"], ascending=[False, False, True, True]
    )
    return schema.conform(table.head(top) if top is not None else table, "cooccurrences")


def related_entities(cooc: pd.DataFrame, name: str, top: int = 10) -> pd.DataFrame:
    """The names most often in a sentence with ``name``.

    In: COOCCURRENCES. Out: columns name, sentences, documents; ``top`` rows at most.
    """
    as_source = cooc.loc[cooc["source"] == name, ["target", "sentences", "documents"]]
    as_target = cooc.loc[cooc["target"] == name, ["source", "sentences", "documents"]]
    related = pd.concat(
        [
            as_source.rename(columns={"target": "name"}),
            as_target.rename(columns={"source": "name"}),
        ],
        ignore_index=True,
    )
    related = related.sort_values(
        ["sentences", "documents", "name"], ascending=[False, False, True]
    )
    return related.head(top).reset_index(drop=True)


KWIC_COLUMNS = ["doc_id", "sent_id", "left", "match", "right", "sentence"]


def entity_mentions(
    mentions: pd.DataFrame, sentences: pd.DataFrame, name: str, *, width: int = 80
) -> pd.DataFrame:
    """Keyword-in-context rows for every mention of canonical ``name``.

    In: MENTIONS, SENTENCES (offsets into the same document texts).
    Out: doc_id, sent_id, left (at most ``width`` characters before the mention in
    its sentence), match (the surface form), right, sentence; in document order.
    """
    hits = mentions.loc[mentions["canonical"] == name, ["doc_id", "sent_id", "start", "end"]]
    sents = sentences[["doc_id", "sent_id", "start", "text"]].rename(
        columns={"start": "sent_start", "text": "sentence"}
    )
    rows = hits.merge(sents, on=["doc_id", "sent_id"], how="inner")
    if len(rows) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=schema.STR) for c in KWIC_COLUMNS}).astype(
            {"sent_id": schema.INT}
        )
    rows = rows.sort_values(["doc_id", "sent_id", "start"]).reset_index(drop=True)
    begin = (rows["start"] - rows["sent_start"]).clip(lower=0).astype(int)
    end = (rows["end"] - rows["sent_start"]).astype(int)
    text = rows["sentence"].astype(str)
    left = [t[max(0, b - width) : b].lstrip() for t, b in zip(text, begin, strict=True)]
    match = [t[b:e] for t, b, e in zip(text, begin, end, strict=True)]
    right = [t[e : e + width].rstrip() for t, e in zip(text, end, strict=True)]
    out = rows[["doc_id", "sent_id"]].assign(left=left, match=match, right=right)
    out["sentence"] = text.str.strip()
    return out.astype(
        {
            "doc_id": schema.STR,
            "sent_id": schema.INT,
            "left": schema.STR,
            "match": schema.STR,
            "right": schema.STR,
            "sentence": schema.STR,
        }
    )
