"""The parse stage: documents -> spaCy Docs -> what is read straight from them.

This is the only stage of a build that runs the spaCy pipeline (analysis.stages, stage
"parse"). Per document it gives the sentences, the model's raw entity mentions and the
parse itself as bytes (:func:`to_bytes`, a one-document spaCy DocBin), which the stages
after it read back with :func:`from_bytes` instead of parsing again
(analysis.pipeline): a change to the entity, country or event rules then re-derives
their tables from the stored parse without loading or running the model.

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

import functools
import re
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
import pandas as pd
import srsly
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from analysis import schema
from analysis.runtime import step

#: Labels that never become mentions (they are counts, not names).
SKIPPED_LABELS: frozenset[str] = frozenset()
#: Largest piece of a long document parsed in one call, in characters. spaCy's parser
#: and NER need memory in proportion to the text of one call; 100,000 characters keeps
#: that small while a paragraph break is almost always found inside the window.
CHUNK_CHARS = 100_000
#: Most characters of text in one ``nlp.pipe`` batch (besides at most ``batch_size``
#: texts): spaCy's parser and NER precompute their hidden layer for every token of a
#: batch at once, so a batch's memory grows with its tokens, not its texts. Measured
#: (benchmarks/worker_memory.py, docs/benchmarks.md, branch workmem): 32 texts of 4,000 words
#: (146,000 tokens) in one batch peaked at 2.4 GB resident in en_core_web_sm; in batches
#: of four (100,000 characters) at 0.6 GB, for no more CPU. News articles of a few
#: hundred words still go 32 to a batch, as before (32 x 3,000 characters < 100,000).
PIPE_CHARS = 100_000
#: zlib level of a stored parse (:func:`to_bytes`). DocBin compresses at zlib's default
#: (6); any level reads back the same (zlib's stream format does not depend on it).
#: Measured on 1,000 Reuters bodies' parses (18.9 MB of msgpack; docs/benchmarks.md,
#: branch thru5): level 6 0.21 CPU s, 3.57 MB; level 3 0.115 CPU s, 3.69 MB (+3%);
#: level 1 0.12 CPU s, 4.35 MB. Level 3: half the CPU of a stored parse's compression, the
#: largest single NewsLens cost in a worker after spaCy, for 3% more on disk.
PARSE_ZLIB_LEVEL = 3
_CUTS = (
    re.compile(r"\n[ \t]*\n\s*"),  # a paragraph break (blank line)
    re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+"),  # a sentence end
    re.compile(r"\s+"),  # any space
)


def parse_texts(nlp: Language, texts: list[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """One Doc per text, in order, through ``nlp.pipe``; texts over ``nlp.max_length``
    are parsed in pieces (:func:`split_text`) and joined with offsets preserved. Batches
    hold at most ``batch_size`` texts and :data:`PIPE_CHARS` characters
    (:func:`pipe_batches`): the memory of a batch grows with its tokens."""
    limit = min(CHUNK_CHARS, nlp.max_length)
    pieces: list[tuple[str, int]] = []
    for i, text in enumerate(texts):
        parts = [text] if len(text) <= nlp.max_length else split_text(text, limit)
        pieces.extend((part, i) for part in parts)
    current: list[Doc] = []
    owner = 0
    parsed = (
        doc_owner
        for a, b in pipe_batches([len(p) for p, _ in pieces], batch_size, PIPE_CHARS)
        for doc_owner in nlp.pipe(pieces[a:b], batch_size=b - a, as_tuples=True)
    )
    for doc, i in parsed:
        if i != owner and current:
            yield _joined(current)
            current = []
        owner = i
        current.append(doc)
    if current:
        yield _joined(current)


def pipe_batches(lengths: list[int], size: int, max_chars: int) -> list[tuple[int, int]]:
    """Consecutive batches (start, end) over texts of ``lengths`` characters, in order,
    covering them all: each holds at most ``size`` texts and at most ``max_chars``
    characters, or one text alone when that one is longer (spaCy's ``minibatch`` bounds
    only the count of texts; this is the same greedy cut with a second bound)."""
    batches: list[tuple[int, int]] = []
    start, chars = 0, 0
    for i, n in enumerate(lengths):
        if i > start and (i - start >= size or chars + n > max_chars):
            batches.append((start, i))
            start, chars = i, 0
        chars += n
    if start < len(lengths):
        batches.append((start, len(lengths)))
    return batches


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


def to_bytes(doc: Doc) -> bytes:
    """``doc`` as stored by the parse stage: a one-document DocBin with every token
    attribute spaCy serialises (text, spaces, tags, morphology, parse, sentences,
    entities, the lemmas set so far; the strings they use), no tensor and no user data.
    Lemmas the deferred lemmatizer has not filled yet are filled when read
    (analysis.lemmas), by the same lemmatizer.

    The bytes are ``DocBin.add(doc)`` then ``DocBin.to_bytes()``'s message, byte for byte,
    compressed at :data:`PARSE_ZLIB_LEVEL` instead of zlib's default, so
    ``DocBin().from_bytes`` reads them as its own (tests/analysis/test_parse_roundtrip.py).
    The message is made in about 0.6 of DocBin's time: the
    strings are looked up once per distinct value instead of nine times per token
    (:func:`_token_strings`), and the msgpack packer is made without srsly's lookup of
    its encoders, which scans the installed packages' entry points on every call (half
    of DocBin's time on a news article). Written by hand because spaCy has no cheaper
    way to serialise one Doc; a Doc with span groups goes through DocBin itself."""
    box = DocBin(store_user_data=False)
    if len(doc.spans):
        box.add(doc)
        return zlib.compress(zlib.decompress(box.to_bytes()), PARSE_ZLIB_LEVEL)
    array = doc.to_array(box.attrs)
    if array.ndim == 1:  # as DocBin.add: one column per attribute
        array = array.reshape((array.shape[0], 1))
    box.tokens.append(array)
    box.spaces.append(np.asarray(doc.to_array(SPACY).reshape((-1, 1)), dtype=bool))
    box.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
    box.strings.update(_token_strings(doc, array, box.attrs))
    box.cats.append(doc.cats)
    box.span_groups.append(doc.spans.to_bytes())  # spaCy's constant for no groups
    msg = {
        "version": box.version,
        "attrs": box.attrs,
        "tokens": array.tobytes("C"),
        "spaces": box.spaces[0].tobytes("C"),
        "lengths": np.asarray([len(array)], dtype="int32").tobytes("C"),
        "strings": sorted(box.strings),
        "cats": box.cats,
        "flags": box.flags,
        "span_groups": box.span_groups,
    }
    packer = srsly.msgpack._Packer(default=_msgpack_default(), use_bin_type=True)
    return zlib.compress(packer.pack(msg), PARSE_ZLIB_LEVEL)


#: The token attributes whose strings ``DocBin.add`` stores (``token.text``, ``tag_``,
#: ``lemma_``, ``norm_``, ``dep_``, ``ent_type_``, ``ent_kb_id_``, ``ent_id_``; the
#: morphology is read apart, as ``str(token.morph)``).
_STRING_ATTRS = (ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID)


def _token_strings(doc: Doc, array: np.ndarray, attrs: list[int]) -> set[str]:
    """The strings ``DocBin.add`` collects for ``doc`` (``array``: its ``attrs``
    columns), from the distinct values of each column."""
    if not len(doc):
        return set()
    strings = doc.vocab.strings
    columns = array[:, [attrs.index(a) for a in _STRING_ATTRS]]
    out = {strings[int(h)] for h in np.unique(columns).tolist()}
    morphs = array[:, attrs.index(MORPH)]
    _, first = np.unique(morphs, return_index=True)  # one token per distinct analysis
    out.update(str(doc[i].morph) for i in first.tolist())
    return out


@lru_cache(maxsize=1)
def _msgpack_default() -> object:
    """The ``default`` hook srsly's msgpack Packer builds from its registered encoders
    (numpy arrays), built once: srsly builds it on every call."""
    default = None
    for encoder in srsly.msgpack.msgpack_encoders.get_all().values():
        default = functools.partial(encoder, chain=default)
    return default


def from_bytes(data: bytes, vocab: Vocab) -> Doc:
    """The Doc :func:`to_bytes` stored, in ``vocab`` (whose deferred lemmatizer, when the
    pipeline has one, gives the lemmas: analysis.nlp.load_vocab)."""
    return next(iter(DocBin().from_bytes(data).get_docs(vocab)))


def tables(
    doc_ids: list[str], parsed: list[Doc], texts: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """The parse stage's tables of the Docs ``parsed`` (one per doc id, in order):
    sentences, raw mentions and the stored Docs ("parses"). ``texts``: the texts they
    were parsed from (:func:`sentence_rows`)."""
    sentences: list[dict] = []
    mentions: list[dict] = []
    texts_or_none = [None] * len(parsed) if texts is None else texts
    for doc_id, doc, text in zip(doc_ids, parsed, texts_or_none, strict=True):
        sentences.extend(sentence_rows(doc_id, doc, text))
        mentions.extend(mention_rows(doc_id, doc))
    with step("parse.to_bytes"):
        blobs = [to_bytes(doc) for doc in parsed]
    return {
        "sentences": schema.conform(sentences, "sentences"),
        "mentions": schema.conform(mentions, "mentions"),
        "parses": schema.conform(pd.DataFrame({"doc_id": doc_ids, "parse": blobs}), "parses"),
    }


def sentence_rows(doc_id: str, doc: Doc, text: str | None = None) -> Iterable[dict]:
    """SENTENCES rows of one Doc (character offsets into its text). ``text``: the text
    ``doc`` was parsed from, which is ``doc.text`` (spaCy keeps every character, and
    :func:`parse_texts` joins a long text's pieces exactly): each sentence's text is cut
    from it, where ``Span.text`` makes a Token per word to join them again."""
    for i, sent in enumerate(doc.sents):
        start, end = sent.start_char, sent.end_char
        yield {
            "doc_id": doc_id,
            "sent_id": i,
            "start": start,
            "end": end,
            "text": sent.text if text is None else text[start:end],
        }


def mention_rows(doc_id: str, doc: Doc) -> Iterable[dict]:
    """Raw MENTIONS rows of one Doc: the model's entities with their sentence, every
    other column null (the stages after the parse fill them)."""
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
