"""The build's parent works while its workers run the NLP (issue 20, "Building at the
limit"): analysis.tables.prepare does the corpus passes' document-only work ahead, and
the build's tables come out exactly as the sequential pipeline's (analyse, then assemble
everything after the NLP)."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Same directory, no package: pytest's default import mode puts tests/analysis on sys.path.
from test_build import write_sample_corpus

from analysis import schema, stories, tables
from analysis.build import build_corpus, run_local, split_chunks
from analysis.corpus import load_corpus
from analysis.nlp import RULE_BASED, _member, load_model
from analysis.pipeline import analyze


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """The sample corpus's documents and per-document tables (rule-based pipeline)."""
    docs = load_corpus(write_sample_corpus(tmp_path_factory.mktemp("corpus") / "news")).documents
    return docs, analyze(load_model(RULE_BASED), docs)


@pytest.mark.slow  # builds the sample corpus twice with a pool of two workers
def test_an_overlapped_build_gives_the_tables_of_the_sequential_pipeline(
    tmp_path, analysed, monkeypatch
):
    """A build whose parent prepares the corpus passes while two workers parse equals the
    sequential pipeline (every document analysed, then everything assembled after the NLP,
    nothing prepared ahead), also when it is incremental: half the corpus cached, the other
    half parsed, the passes prepared for the whole corpus. The prepared stories are used,
    not computed again."""
    docs, per_doc = analysed
    sequential = tables.assemble(docs, per_doc)
    folder, cache = tmp_path / "news", tmp_path / "cache"
    write_sample_corpus(folder, n=len(docs) // 2)
    build_corpus(folder, cache_dir=cache, model=RULE_BASED, workers=2, chunk_size=4)
    write_sample_corpus(folder, n=len(docs))
    calls = []
    real = stories.story_table
    monkeypatch.setattr(stories, "story_table", lambda *a, **k: calls.append(1) or real(*a, **k))
    grown = build_corpus(folder, cache_dir=cache, model=RULE_BASED, workers=2, chunk_size=4)
    assert grown.processed == len(docs) - len(docs) // 2 and len(calls) == 1
    for name, frame in sequential.items():
        pd.testing.assert_frame_equal(grown.table(name), schema.conform(frame, name), obj=name)


@pytest.mark.slow  # forks a pool of two workers with the rule-based pipeline
@pytest.mark.parametrize("workers", [1, 2])
def test_run_local_runs_the_parent_work_once_in_the_parent(tmp_path, analysed, workers):
    docs, _ = analysed
    todo = docs[["doc_id", "text", "date"]].assign(doc_key=docs["doc_id"].to_numpy())
    calls = []

    def alongside():
        calls.append(os.getpid())
        return "prepared"

    chunks = split_chunks(todo, 8, workers)
    got = run_local(tmp_path, RULE_BASED, chunks, workers=workers, alongside=alongside)
    assert got == "prepared" and calls == [os.getpid()]
    assert len(list((tmp_path / "segments").iterdir())) == len(chunks)  # the NLP ran too


@given(
    values=hnp.arrays(
        np.uint64, st.integers(0, 40), elements=st.sampled_from([0, 1, 7, 2**63, 2**64 - 1])
    ),
    options=hnp.arrays(np.uint64, st.integers(0, 12), elements=st.integers(0, 2**64 - 1)),
)
def test_member_is_numpy_isin(values, options):
    options = np.concatenate([options, values[: len(options) // 2]])  # some hits
    assert np.array_equal(_member(values, options), np.isin(values, options))


_CELLS = st.one_of(
    st.none(), st.just(float("nan")), st.text(max_size=3), st.integers(-5, 5), st.floats(0, 2),
    st.booleans(), st.binary(max_size=2),
)  # fmt: skip


@given(st.lists(_CELLS, min_size=1, max_size=12))
def test_conform_text_columns_is_str_of_each_value_or_null(cells):
    """schema.conform skips its per-value str() when a column holds text only: the result
    is still, cell for cell, null for a missing value and str(value) otherwise."""
    from analysis import schema

    out = schema.conform(pd.DataFrame({"doc_id": pd.Series(cells, dtype=object)}), "documents")
    expected = [None if v is None or v != v else str(v) for v in cells]
    assert [None if pd.isna(v) else v for v in out["doc_id"]] == expected
    assert out["doc_id"].dtype == schema._DTYPES[schema.STR]
