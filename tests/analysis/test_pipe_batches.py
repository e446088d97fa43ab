"""The parse stage's ``nlp.pipe`` batches are bounded by characters as well as by texts.

spaCy's parser and NER hold their hidden layer for every token of a batch at once, so 32
long articles in one batch peaked at 2.4 GB per worker (docs/benchmarks.md, branch workmem). The
parse stage (analysis.parse.parse_texts) cuts its batches at ``PIPE_CHARS``
characters; these tests check the bound on what spaCy is actually handed, and that the
Docs still come back one per text, in order, with the texts unchanged.
"""

from __future__ import annotations

import itertools

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.util import minibatch

from analysis.parse import PIPE_CHARS, parse_texts, pipe_batches
from tests.properties import examples


class RecordingNLP:
    """A blank English pipeline whose ``pipe`` records the texts of every batch it
    runs, cut as spaCy's own ``Language.pipe`` cuts them (``minibatch``)."""

    def __init__(self) -> None:
        self._nlp = spacy.blank("en")
        self.max_length = self._nlp.max_length
        self.batches: list[list[str]] = []

    def pipe(self, items, *, batch_size: int, as_tuples: bool):
        assert as_tuples
        for batch in minibatch(items, size=batch_size):
            self.batches.append([text for text, _ in batch])
            for text, context in batch:
                yield self._nlp.make_doc(text), context


def _texts(lengths: list[int]) -> list[str]:
    return [("word " * (n // 5 + 1))[:n] for n in lengths]


@settings(max_examples=examples(60), deadline=None)
@given(
    lengths=st.lists(st.integers(1, 3 * PIPE_CHARS // 4), max_size=24),
    batch_size=st.integers(1, 40),
)
def test_parse_texts_batches_hold_at_most_pipe_chars(lengths: list[int], batch_size: int):
    nlp = RecordingNLP()
    texts = _texts(lengths)
    docs = list(parse_texts(nlp, texts, batch_size=batch_size))  # type: ignore[arg-type]
    assert [d.text for d in docs] == texts
    for batch in nlp.batches:
        assert len(batch) <= batch_size
        assert len(batch) == 1 or sum(map(len, batch)) <= PIPE_CHARS


def test_long_articles_are_not_piped_32_at_a_time():
    """The case measured: 32 articles of 25,000 characters (4,000 words) each."""
    nlp = RecordingNLP()
    list(parse_texts(nlp, _texts([25_000] * 32), batch_size=32))  # type: ignore[arg-type]
    assert max(len(b) for b in nlp.batches) == PIPE_CHARS // 25_000


def test_short_news_keeps_batches_of_32():
    """Articles of a few hundred words are batched as before (the count bound)."""
    nlp = RecordingNLP()
    list(parse_texts(nlp, _texts([2_000] * 70), batch_size=32))  # type: ignore[arg-type]
    assert [len(b) for b in nlp.batches] == [32, 32, 6]


@settings(max_examples=examples(200))
@given(
    lengths=st.lists(st.integers(0, 300), max_size=60),
    size=st.integers(1, 10),
    max_chars=st.integers(1, 1000),
)
def test_pipe_batches_cover_in_order_within_both_bounds(
    lengths: list[int], size: int, max_chars: int
):
    batches = pipe_batches(lengths, size, max_chars)
    assert [i for a, b in batches for i in range(a, b)] == list(range(len(lengths)))
    for a, b in batches:
        assert 0 < b - a <= size
        assert b - a == 1 or sum(lengths[a:b]) <= max_chars
    # greedy: the next text would have broken a bound
    for (a, b), _ in itertools.pairwise(batches):
        assert b - a == size or sum(lengths[a : b + 1]) > max_chars
