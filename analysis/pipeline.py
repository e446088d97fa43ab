"""Documents -> spaCy -> per-document tables (sentences, mentions, events).

:func:`analyze` is the one function every engine runs on a batch of documents: the
local engine in worker processes, the Dask engine on cluster workers, the tests inline.
It streams texts through ``nlp.pipe`` once and derives every per-document table from
that single pass (no document is parsed twice):

1. sentences and raw entity mentions from the Doc;
2. per-document entity clean-up (analysis.entities.clean_mentions) and places the
   model missed (analysis.countries.add_place_mentions, the gazetteer pass);
3. canonical names (analysis.entities.canonicalize);
4. countries (analysis.countries.map_countries);
5. DATE/TIME resolution against the document date (analysis.dates.resolve_mentions);
6. events from the dependency parse (analysis.events.extract_events).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from analysis import countries, dates, entities, events, schema

#: Labels that never become mentions (they are counts, not names).
SKIPPED_LABELS: frozenset[str] = frozenset()


def analyze(
    nlp: Language,
    documents: pd.DataFrame,
    *,
    batch_size: int = 32,
    parsed: list[Doc] | None = None,
) -> dict[str, pd.DataFrame]:
    """Run ``nlp`` over ``documents`` (doc_id, text, date) -> per-document tables.

    ``parsed``: the documents' Docs already made by ``nlp`` (a benchmark's DocBin cache),
    in the same order; then nothing is parsed again.
    Returns {"sentences", "mentions", "events"} conforming to analysis.schema.
    """
    docs = documents[["doc_id", "text", "date"]].reset_index(drop=True)
    texts = docs["text"].astype(str).tolist()
    if parsed is None:
        parsed = list(nlp.pipe(texts, batch_size=batch_size))
    sentence_rows: list[dict] = []
    mention_rows: list[dict] = []
    for doc_id, doc in zip(docs["doc_id"], parsed, strict=True):
        sentence_rows.extend(_sentence_rows(doc_id, doc))
        mention_rows.extend(_mention_rows(doc_id, doc))
    sentences = schema.conform(sentence_rows, "sentences")
    mentions = _postprocess(mention_rows, docs, sentence_rows)
    event_rows: list[dict] = []
    if _has_parse(nlp):
        by_doc = _by_doc(mentions.to_dict("records"))
        for doc_id, doc_date, doc in zip(docs["doc_id"], docs["date"], parsed, strict=True):
            event_rows.extend(
                events.extract_events(
                    doc,
                    doc_id=doc_id,
                    doc_date=None if pd.isna(doc_date) else str(doc_date),
                    mentions=by_doc.get(doc_id, []),
                )
            )
    return {
        "sentences": sentences,
        "mentions": mentions,
        "events": schema.conform(event_rows, "events"),
    }


def postprocess_mentions(
    mentions: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Steps 2-5 above on raw mentions of ``documents`` (doc_id, text, date)."""
    return _postprocess(
        schema.conform(mentions, "mentions").to_dict("records"),
        documents,
        sentences.to_dict("records"),
    )


def _postprocess(
    mention_rows: list[dict], documents: pd.DataFrame, sentence_rows: list[dict]
) -> pd.DataFrame:
    """Steps 2-5 on row dicts: the per-document rules run on plain lists (a DataFrame per
    document cost more than the rules themselves); the per-corpus steps on one frame."""
    if not mention_rows:
        return schema.empty("mentions")
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    sentences_of: dict[str, list[tuple[int, int, int]]] = {}
    for r in sentence_rows:
        sentences_of.setdefault(r["doc_id"], []).append((r["start"], r["end"], r["sent_id"]))
    cleaned: list[dict] = []
    for doc_id, rows in _by_doc(mention_rows).items():
        text, sents = str(texts[doc_id]), sentences_of.get(doc_id)
        rows = entities.clean_records(rows, text, sentences=sents)
        cleaned.extend(countries.add_place_records(rows, text, sentences=sents))
    out = schema.conform(cleaned, "mentions")
    out = entities.canonicalize(out)
    out = countries.map_countries(out, texts=texts)
    out = dates.resolve_mentions(out, documents[["doc_id", "date"]])
    return schema.conform(out, "mentions")


def _by_doc(rows: list[dict]) -> dict[str, list[dict]]:
    """Row dicts grouped by doc_id, in first-seen order."""
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["doc_id"], []).append(r)
    return out


def _has_parse(nlp: Language) -> bool:
    return nlp.has_pipe("parser")


def _sentence_rows(doc_id: str, doc: Doc) -> Iterable[dict]:
    for i, sent in enumerate(doc.sents):
        yield {
            "doc_id": doc_id,
            "sent_id": i,
            "start": sent.start_char,
            "end": sent.end_char,
            "text": sent.text,
        }


def _mention_rows(doc_id: str, doc: Doc) -> Iterable[dict]:
    if not doc.ents:
        return
    sent_of_token = np.zeros(len(doc), dtype=np.int64)
    for i, sent in enumerate(doc.sents):
        sent_of_token[sent.start : sent.end] = i
    for ent in doc.ents:
        if ent.label_ in SKIPPED_LABELS:
            continue
        yield {
            **_NO_MENTION,
            "doc_id": doc_id,
            "sent_id": int(sent_of_token[ent.start]),
            "start": ent.start_char,
            "end": ent.end_char,
            "text": ent.text,
            "label": ent.label_,
        }


_NO_MENTION = dict.fromkeys(schema.MENTIONS)  # every column, so later rules keep theirs
