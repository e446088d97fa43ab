"""The tables :func:`analysis.tables.assemble` returns are the stored tables, dtype for
dtype: the schema (analysis.schema) is what a build hands on, not only what a read of
the cache restores (analysis.store conforms what it reads)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import schema, store
from analysis.build import build_corpus
from analysis.canonical import merge_case_variants
from analysis.tables import SNAPSHOT_TABLES, assemble
from tests.factories import mention_frame, ruler_story, write_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory, model):
    """(corpus, its assembled tables, its version folder) of a small build; two stories
    share a name in capitals and in title case (the corpus pass merges them)."""
    folder = tmp_path_factory.mktemp("assembled")
    docs = {f"d{i}.txt": (ruler_story(i), f"2024-01-0{i + 1}") for i in range(5)}
    docs["caps.txt"] = ("PARIS (story caps) - MARIA LOPEZ met officials of Lima.", "2024-01-09")
    corpus = build_corpus(write_corpus(folder / "news", docs), cache_dir=folder / "cache",
                          model=model, workers=1)  # fmt: skip
    root = store.model_dir(folder / "cache", corpus.model)
    per_doc = store.read_segments(root, store.segment_index(root))
    return corpus, assemble(corpus.documents, per_doc), root


@pytest.mark.parametrize("name", SNAPSHOT_TABLES)
def test_an_assembled_table_has_the_schema_dtypes(built, name: str) -> None:
    _, tables, _ = built
    frame = tables[name]
    assert list(frame.columns) == list(schema.TABLES[name]), name
    got = {c: str(frame[c].dtype) for c in frame.columns}
    want = {c: str(pd.api.types.pandas_dtype(d)) for c, d in schema.TABLES[name].items()}
    assert got == want  # pandas' default "str" is not the schema's "string"


@pytest.mark.parametrize("name", SNAPSHOT_TABLES)
def test_assembled_tables_equal_the_stored_ones_dtype_for_dtype(built, name: str) -> None:
    corpus, tables, root = built
    assert len(tables["mentions"]) > 0
    pd.testing.assert_frame_equal(tables[name], corpus.table(name), obj=name)
    # and as the Parquet file holds it, before any read conforms it
    snapshot = store.snapshot_path(root, corpus.key)
    raw = pd.read_parquet(Path(snapshot) / f"{name}.parquet")
    pd.testing.assert_frame_equal(tables[name], raw, obj=f"{name} (stored file)")


def test_merging_case_variants_keeps_the_canonical_dtype() -> None:
    mentions = mention_frame(
        [("d", "TEHRAN", "GPE"), ("e", "Tehran", "GPE"), ("e", "Ali", "PERSON")],
        columns=("doc_id", "text", "label"),
    ).assign(canonical=pd.array(["TEHRAN", "Tehran", None], dtype="string"))
    merged = merge_case_variants(mentions)
    assert merged["canonical"].dtype == mentions["canonical"].dtype
    assert merged["canonical"].tolist() == ["Tehran", "Tehran", pd.NA]
