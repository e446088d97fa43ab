"""A clean build's stages 2-3 read the Docs spaCy made; a re-derivation from the cache
reads them back from their stored bytes (analysis.pipeline.derive, analysis.parse). Both
must give the same tables: the stored bytes keep every token attribute the stages read.

Checked with the trained pipeline on news text, including a document parsed in pieces
and joined (analysis.parse.parse_texts), and on the stages' own output.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd
import pytest
from spacy.tokens import DocBin
from spacy.tokens.doc import DOCBIN_ALL_ATTRS

from analysis import parse, pipeline
from analysis.lemmas import lemma_of
from analysis.nlp import RULE_BASED, load_model, load_vocab, resolve_model_name

TEXTS = [
    "WASHINGTON, March 3 - Iran attacked two Iraqi oil platforms in the Gulf on Monday, "
    'U.S. officials said. "We won\'t accept it," the minister told reporters in Baghdad.\n\n'
    "Talks between OPEC members ended in Vienna on Friday without an agreement.",
    "Shares of General Motors Corp rose 2.5 pct to 80 dlrs after the company said it "
    "would buy back stock. Analysts in New York expect earnings to fall in 1987.",
    "BRAZIL SUSPENDS DEBT PAYMENTS\n\nBrazil's finance minister Dilson Funaro said "
    "yesterday the country had suspended interest payments on its foreign debt, and "
    "talks with creditor banks would resume next week in London.",
    "Ain't nobody gonna stop us, let's go. We gotta win.  He ain't here.\n\nI'm gon na do it.",
]


@pytest.fixture(scope="module")
def nlp():
    name = resolve_model_name()
    if name == RULE_BASED:
        pytest.skip("no trained pipeline installed")
    return load_model(name)


@pytest.fixture
def documents(seeds_dir) -> pd.DataFrame:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))] + TEXTS
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))],
        "text": texts,
        "date": ["1987-03-02"] * len(texts),
    })  # fmt: skip


def _parsed(nlp, documents: pd.DataFrame, monkeypatch) -> list:
    # a small max_length: the seed is parsed in pieces joined into one Doc
    monkeypatch.setattr(nlp, "max_length", 2_000)
    assert documents["text"].str.len().max() > 2_000
    return list(parse.parse_texts(nlp, documents["text"].tolist()))


@pytest.mark.model
def test_a_stored_parse_reads_back_with_every_token_attribute(nlp, documents, monkeypatch):
    for doc in _parsed(nlp, documents, monkeypatch):
        back = parse.from_bytes(parse.to_bytes(doc), nlp.vocab)
        assert back.text == doc.text
        assert np.array_equal(back.to_array(list(DOCBIN_ALL_ATTRS)),
                              doc.to_array(list(DOCBIN_ALL_ATTRS)))  # fmt: skip
        assert [t.whitespace_ for t in back] == [t.whitespace_ for t in doc]
        assert [(s.start, s.end) for s in back.sents] == [(s.start, s.end) for s in doc.sents]
        assert [(e.start, e.end, e.label_) for e in back.ents] == [
            (e.start, e.end, e.label_) for e in doc.ents
        ]
        assert [lemma_of(t) for t in back] == [lemma_of(t) for t in doc]
        for attr in ("DEP", "POS", "TAG", "MORPH", "ENT_IOB", "SENT_START"):
            assert back.has_annotation(attr) == doc.has_annotation(attr), attr


@pytest.mark.model
def test_a_stored_parse_is_spacys_docbin_byte_for_byte(nlp, documents, monkeypatch):
    """analysis.parse.to_bytes collects the strings and packs the message itself: the
    message must be DocBin's own, byte for byte, for every token attribute, a Doc with no
    tokens, lemmas filled or not, and a Doc with a span group (DocBin's own path); it is
    compressed at PARSE_ZLIB_LEVEL (half the CPU of zlib's default, 6), and DocBin reads
    it back as its own."""
    docs = _parsed(nlp, documents, monkeypatch)
    lemmas = nlp(TEXTS[0])
    for token in lemmas[:10]:
        lemma_of(token)  # some lemmas filled, the rest not
    grouped = nlp(TEXTS[1])
    grouped.spans["firms"] = [grouped[0:4], grouped[3:6]]
    for doc in [*docs, nlp(""), nlp("\n\n"), lemmas, grouped]:
        box = DocBin(store_user_data=False)
        box.add(doc)
        stored = parse.to_bytes(doc)
        assert zlib.decompress(stored) == zlib.decompress(box.to_bytes())
        assert stored == zlib.compress(zlib.decompress(stored), parse.PARSE_ZLIB_LEVEL)
        assert stored[:2] != box.to_bytes()[:2]  # zlib's header names the level's class
        back = next(iter(DocBin().from_bytes(stored).get_docs(nlp.vocab)))
        assert (
            back.to_array(list(DOCBIN_ALL_ATTRS)).tolist()
            == doc.to_array(list(DOCBIN_ALL_ATTRS)).tolist()
        )


def test_storing_parses_looks_the_msgpack_encoders_up_once(monkeypatch):
    """srsly looks its msgpack encoders up (a scan of the installed packages' entry
    points) for every packer it makes; storing a parse must not pay that per Doc."""
    import spacy
    import srsly

    nlp = spacy.blank("en")
    registry = srsly.msgpack.msgpack_encoders
    calls = []
    real = registry.get_all
    monkeypatch.setattr(registry, "get_all", lambda: calls.append(1) or real())
    parse._msgpack_default.cache_clear()
    for text in ("One text.", "Another text, longer.", "A third one."):
        parse.to_bytes(nlp(text))
    assert len(calls) <= 1


@pytest.mark.slow  # every post-NLP stage twice on real text: about 3 s (make test runs it)
@pytest.mark.model
def test_stages_on_the_docs_in_memory_equal_stages_on_the_stored_bytes(nlp, documents, monkeypatch):
    """What a clean build derives (the Docs in memory) is what a re-derivation from the
    stored parse derives (the Docs read back from bytes), table for table."""
    parsed = _parsed(nlp, documents, monkeypatch)
    stored = parse.tables(documents["doc_id"].tolist(), parsed)
    clean = pipeline.derive(documents, stored, vocab=nlp.vocab, parsed=parsed)
    again = pipeline.derive(documents, stored, vocab=nlp.vocab)
    # A re-derivation (staged.derive_cached, build) reads the bytes into load_vocab's
    # vocabulary (lemmatizer only, deferred), not the full pipeline's: that one too.
    rederived = pipeline.derive(documents, stored, vocab=load_vocab(resolve_model_name()))
    assert len(clean["events"]["events"]) > 3
    for stage in ("mentions", "events"):
        for name, frame in clean[stage].items():
            pd.testing.assert_frame_equal(frame, again[stage][name], obj=f"{stage}.{name}")
            pd.testing.assert_frame_equal(frame, rederived[stage][name], obj=f"{stage}.{name}")


@pytest.mark.model
def test_sentences_and_events_read_the_parsed_text_as_the_docs_text(nlp, documents, monkeypatch):
    """The parse stage cuts each sentence's text from the text it parsed, and the events
    read that text, instead of joining the Doc's tokens again (analysis.parse
    .sentence_rows, analysis.events.extract_events): the same rows as from the Doc's
    own text, for a long text parsed in pieces and joined too."""
    from analysis.events import extract_events

    parsed = _parsed(nlp, documents, monkeypatch)
    ids, texts = documents["doc_id"].tolist(), documents["text"].tolist()
    assert [doc.text for doc in parsed] == texts
    from_text = parse.tables(ids, parsed, texts)["sentences"]
    pd.testing.assert_frame_equal(from_text, parse.tables(ids, parsed)["sentences"])
    assert from_text["text"].tolist() == [s.text for doc in parsed for s in doc.sents]
    for doc_id, doc, text in zip(ids, parsed, texts, strict=True):
        given = extract_events(doc, doc_id=doc_id, doc_date=None, mentions=[], text=text)
        assert given == extract_events(doc, doc_id=doc_id, doc_date=None, mentions=[])
