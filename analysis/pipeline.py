"""Documents -> spaCy -> per-document tables (sentences, mentions, events), in stages.

:func:`analyze` is the one function every engine runs on a batch of documents that
needs the parse: the local engine in worker processes, the Dask engine on cluster
workers, the tests inline. It streams texts through ``nlp.pipe`` once (stage "parse",
analysis.parse), stores each Doc as bytes and runs the stages after it on the same
Docs; a build that re-derives them later from the cache (:func:`derive`, no spaCy
model) reads the Docs back from those bytes, which keep every token attribute the
stages read, so it reads what the clean build read (tests/analysis/
test_parse_roundtrip.py checks both paths on real text). The stages and
what each one's cache key hashes are declared in analysis.stages:

1. parse: sentences and raw entity mentions from the Doc (analysis.parse);
2. mentions (:func:`derive_mentions`): per-document entity clean-up
   (analysis.entities.clean_mentions), places the model missed
   (analysis.countries.add_place_mentions, the gazetteer pass), national teams,
   canonical names (analysis.entities.canonicalize), countries
   (analysis.countries.map_countries) and DATE/TIME resolution against the document
   date (analysis.dates.resolve_mentions);
3. events (:func:`derive_events`): events from the dependency parse and the mentions
   of step 2 (analysis.events.extract_events: actors, places and their countries).

This module is the glue of stages 2 and 3 (analysis.stages hashes it into both keys).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from analysis import countries, dates, entities, events, parse, schema, teams
from analysis.parse import CHUNK_CHARS, parse_texts, split_text  # noqa: F401 (re-exported)
from analysis.runtime import collector_paused, step

#: The garbage collector's regime while one chunk's per-document passes and
#: map_countries run (:func:`_postprocess`): automatic collection paused
#: (:func:`analysis.runtime.collector_paused`), one young collection after the chunk.
#: The passes fill the gazetteer's and rules' caches, which live as long as the process,
#: and leave garbage that reference counting frees; each full collection their
#: allocations triggered scanned the whole heap (the model, the gazetteers, every cache)
#: and freed next to nothing: 4 of them, 1.3 of about 18 CPU s, while mapping the
#: countries of the 18,781 Reuters-21578 stories (benchmarks/country_speed.py runs each
#: chunk under this regime, as the build does; docs/benchmarks.md).
chunk_collector = collector_paused


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
    staged = analyze_stages(nlp, documents, batch_size=batch_size, parsed=parsed)
    return final_tables(staged)


def analyze_stages(
    nlp: Language,
    documents: pd.DataFrame,
    *,
    batch_size: int = 32,
    parsed: list[Doc] | None = None,
) -> dict[str, dict[str, pd.DataFrame]]:
    """Every stage's per-document tables for ``documents`` (doc_id, text, date):
    {"parse": {"sentences", "mentions" (raw), "parses"}, "mentions": {"mentions"},
    "events": {"events"}}. Stages 2 and 3 read the Docs just made (see module doc)."""
    docs = documents[["doc_id", "text", "date"]].reset_index(drop=True)
    texts = docs["text"].astype(str).tolist()
    if parsed is None:
        with step("spacy nlp.pipe"):
            parsed = list(parse_texts(nlp, texts, batch_size=batch_size))
    with step("pipeline rows"):
        stored = parse.tables(docs["doc_id"].tolist(), parsed, texts)
    return {"parse": stored, **derive(docs, stored, vocab=nlp.vocab, parsed=parsed)}


def derive(
    documents: pd.DataFrame,
    stored: dict[str, pd.DataFrame],
    *,
    vocab: Vocab,
    mentions: pd.DataFrame | None = None,
    parsed: list[Doc] | None = None,
) -> dict[str, dict[str, pd.DataFrame]]:
    """Stages 2 and 3 from the parse stage's tables ``stored`` of ``documents``: no model
    runs. ``mentions``: stage 2's cached output for these documents (then only events
    are derived again); ``vocab``: where the stored parses are read
    (analysis.nlp.load_vocab). ``parsed``: the Docs ``stored["parses"]`` was made from
    (a clean build), read instead of their bytes: the stored bytes keep every token
    attribute the stages read (analysis.parse.to_bytes), so either gives the same tables
    (tests/analysis/test_parse_roundtrip.py). Returns {"mentions": {...}, "events": {...}}."""
    docs = documents[["doc_id", "text", "date"]].reset_index(drop=True)
    if mentions is None:
        mentions = derive_mentions(stored["mentions"], docs, stored["sentences"])
    if parsed is None:
        with step("parse.from_bytes"):
            blobs = stored["parses"]
            blob_of = dict(zip(blobs["doc_id"], blobs["parse"], strict=True))
            parsed = [parse.from_bytes(blob_of[d], vocab) for d in docs["doc_id"]]
    return {
        "mentions": {"mentions": mentions},
        "events": {"events": derive_events(docs, parsed, mentions)},
    }


def final_tables(staged: dict[str, dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The per-document tables a corpus snapshot is assembled from, out of the stages'."""
    return {
        "sentences": staged["parse"]["sentences"],
        "mentions": staged["mentions"]["mentions"],
        "events": staged["events"]["events"],
    }


def derive_mentions(
    raw: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Stage 2: raw model mentions of ``documents`` -> MENTIONS with labels cleaned,
    gazetteer places added, canonical names, countries and resolved dates."""
    return _postprocess(
        records(schema.conform(raw, "mentions")),
        documents,
        records(sentences[["doc_id", "sent_id", "start", "end"]]),  # what it reads
    )


def derive_events(
    documents: pd.DataFrame, parsed: list[Doc], mentions: pd.DataFrame
) -> pd.DataFrame:
    """Stage 3: EVENTS of ``documents`` from their Docs ``parsed`` (same order) and their
    stage-2 ``mentions``. A Doc without a dependency parse gives none."""
    # only the columns the events read: a row dict per mention costs per cell
    read = mentions[["doc_id", *events.MENTION_COLUMNS]]
    by_doc = _by_doc(records(read)) if len(mentions) else {}
    event_rows: list[dict] = []
    texts = documents["text"].astype(str).tolist()  # each Doc's text (parse.sentence_rows)
    for doc_id, doc_date, doc, text in zip(documents["doc_id"], documents["date"], parsed, texts,
                                           strict=True):  # fmt: skip
        with step("events.extract_events"):
            event_rows.extend(
                events.extract_events(
                    doc,
                    doc_id=doc_id,
                    doc_date=None if pd.isna(doc_date) else str(doc_date),
                    mentions=by_doc.get(doc_id, []),
                    text=text,
                )
            )
    return schema.conform(event_rows, "events")


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
        records(schema.conform(mentions, "mentions")),
        documents,
        sentences.to_dict("records"),
        rules=rules,
    )


def place_pass_records(
    rows: list[dict],
    text: str,
    *,
    sentences: list[tuple[int, int, int]] | None = None,
    cues: countries.PlaceCues | None = None,
    rules: Iterable[str] | None = None,
) -> list[dict]:
    """The gazetteer pass on one document's cleaned mention dicts: the places
    :func:`analysis.countries.add_place_records` finds in ``text``, then the team rules
    again (:func:`analysis.teams.mark_team_records`: the pass's places replace the
    model's spans, so a side on a results line or table row it re-read as a town,
    'Hamilton 4 2 1 1 6 4 7', is a team again, and a country's name its national team).
    ``rules``: the clean-up rules that run (None: all; without "mark_national_teams" the
    team rules do not). The benchmarks call this, so they score what the build does."""
    kwargs = {"cues": cues} if cues is not None else {}
    rows = countries.add_place_records(rows, text, sentences=sentences, **kwargs)
    if rules is None or "mark_national_teams" in rules:  # places replace model spans
        rows = teams.mark_team_records(rows, text)
    return rows


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
    with chunk_collector():  # one chunk's passes: see chunk_collector
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
                rows = place_pass_records(rows, text, sentences=sents, rules=rules)
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


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` for the schema's tables (text and Int64 columns), read
    column by column: to_dict boxes every cell on its own, a tenth of the events stage.
    A missing value is None, as to_dict gives it (tests/analysis/test_pipeline_records.py)."""
    na = pd.NA
    columns = [[None if v is na else v for v in frame[c].tolist()] for c in frame.columns]
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _by_doc(rows: list[dict]) -> dict[str, list[dict]]:
    """Row dicts grouped by doc_id, in first-seen order."""
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["doc_id"], []).append(r)
    return out
