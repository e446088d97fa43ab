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

Long documents: spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters) in
one call (error E088). A longer text is cut into consecutive pieces of at most
:data:`CHUNK_CHARS` characters (and never over ``max_length``), each ending at a
paragraph break where there is one, else at a sentence end, else at a space; the
parsed pieces are joined back into one Doc whose text is exactly the document's, so
every character offset (sentences, mentions) points into the full text. Texts up to
``max_length`` are parsed whole, as before. The loader skips documents above
analysis.corpus.Limits.max_document_chars (5,000,000 characters) with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from analysis import countries, dates, entities, events, schema, teams
from analysis.runtime import step

#: Labels that never become mentions (they are counts, not names).
SKIPPED_LABELS: frozenset[str] = frozenset()
#: Largest piece of a long document parsed in one call, in characters. spaCy's parser
#: and NER need memory in proportion to the text of one call; 100,000 characters keeps
#: that small while a paragraph break is almost always found inside the window.
CHUNK_CHARS = 100_000
_CUTS = (
    re.compile(r"\n[ \t]*\n\s*"),  # a paragraph break (blank line)
    re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+"),  # a sentence end
    re.compile(r"\s+"),  # any space
)


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
        with step("spacy nlp.pipe"):
            parsed = list(parse_texts(nlp, texts, batch_size=batch_size))
    sentence_rows: list[dict] = []
    mention_rows: list[dict] = []
    with step("pipeline rows"):
        for doc_id, doc in zip(docs["doc_id"], parsed, strict=True):
            sentence_rows.extend(_sentence_rows(doc_id, doc))
            mention_rows.extend(_mention_rows(doc_id, doc))
        sentences = schema.conform(sentence_rows, "sentences")
    mentions = _postprocess(mention_rows, docs, sentence_rows)
    event_rows: list[dict] = []
    if _has_parse(nlp):
        by_doc = _by_doc(mentions.to_dict("records"))
        for doc_id, doc_date, doc in zip(docs["doc_id"], docs["date"], parsed, strict=True):
            with step("events.extract_events"):
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


def parse_texts(nlp: Language, texts: list[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """One Doc per text, in order, through ``nlp.pipe``; texts over ``nlp.max_length``
    are parsed in pieces (:func:`split_text`) and joined with offsets preserved."""
    limit = min(CHUNK_CHARS, nlp.max_length)
    pieces: list[tuple[str, int]] = []
    for i, text in enumerate(texts):
        parts = [text] if len(text) <= nlp.max_length else split_text(text, limit)
        pieces.extend((part, i) for part in parts)
    current: list[Doc] = []
    owner = 0
    for doc, i in nlp.pipe(pieces, batch_size=batch_size, as_tuples=True):
        if i != owner and current:
            yield _joined(current)
            current = []
        owner = i
        current.append(doc)
    if current:
        yield _joined(current)


def split_text(text: str, limit: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters whose
    concatenation is ``text``; each piece ends at the last paragraph break of its
    window, else the last sentence end, else the last space, else at ``limit``."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit  # no space in a whole window: cut inside a "word"
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _joined(docs: list[Doc]) -> Doc:
    """One Doc from the parsed pieces of a text (their texts concatenated exactly)."""
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


def postprocess_mentions(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    rules: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Steps 2-5 above on raw mentions of ``documents`` (doc_id, text, date).

    Called by the benchmarks that cache spaCy's output and re-run only the NewsLens
    rules (benchmarks/entity_linking_eval.py, benchmarks/entity_resolution_scale.py);
    ``rules``: the clean-up rules to run (:data:`analysis.entities.RULES` names; default
    all), so a benchmark can switch one off."""
    return _postprocess(
        schema.conform(mentions, "mentions").to_dict("records"),
        documents,
        sentences.to_dict("records"),
        rules=rules,
    )


def _postprocess(
    mention_rows: list[dict],
    documents: pd.DataFrame,
    sentence_rows: list[dict],
    *,
    rules: Iterable[str] | None = None,
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
        with step("entities.clean_records"):
            rows = entities.clean_records(rows, text, sentences=sents, rules=rules)
        with step("countries.add_place_records"):
            rows = countries.add_place_records(rows, text, sentences=sents)
        if rules is None or "mark_national_teams" in rules:  # places replace model spans
            rows = teams.mark_team_records(rows, text)
        cleaned.extend(rows)
    with step("schema.conform"):
        out = schema.conform(cleaned, "mentions")
    with step("entities.canonicalize"):
        out = entities.canonicalize(out)
    with step("countries.map_countries"):
        out = countries.map_countries(out, texts=texts)
    with step("dates.resolve_mentions"):
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
