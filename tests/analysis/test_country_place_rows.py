"""The column bundle map_countries hands its readers (analysis.countries.columns.PlaceRows,
branch speed21): the same cells as the frame it came from, whatever the columns' dtypes,
missing cells and index; an empty chunk; its offsets as the readers read them before."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import schema
from analysis.countries.columns import PlaceRows, as_rows, equal_cells
from analysis.countries.facts import _positions
from tests.properties import examples

_STRINGS = st.sampled_from(["d1", "d2", "Paris", "GPE", "ORG", "", None])
_OFFSETS = st.one_of(st.none(), st.integers(0, 500))


def _equal(a: np.ndarray, b: np.ndarray) -> bool:
    """Cell for cell: the same values, missing where the other is missing."""
    if len(a) != len(b):
        return False
    return all((pd.isna(x) and pd.isna(y)) if pd.isna(x) or pd.isna(y) else x == y
               for x, y in zip(a.tolist(), b.tolist(), strict=True))  # fmt: skip


@st.composite
def _frames(draw: st.DrawFn) -> pd.DataFrame:
    """A MENTIONS-like frame: string columns as Arrow strings or objects, offsets as
    int64, Int64 with missing cells, floats or objects; any index labels, sent_id or not."""
    n = draw(st.integers(0, 8))
    cells = {
        c: draw(st.lists(_STRINGS, min_size=n, max_size=n)) for c in ("doc_id", "text", "label")
    }
    frame = pd.DataFrame({
        c: pd.Series(v, dtype=draw(st.sampled_from([schema.STR, object, "str"])))
        for c, v in cells.items()
    })  # fmt: skip
    for c in ("start", "end"):
        kind = draw(st.sampled_from(["int64", "Int64", "float64", "object"]))
        values = draw(st.lists(_OFFSETS, min_size=n, max_size=n))
        if kind == "int64":
            values = [v or 0 for v in values]
        frame[c] = pd.Series(values, dtype=kind)
    if draw(st.booleans()):
        frame["sent_id"] = pd.Series(draw(st.lists(_OFFSETS, min_size=n, max_size=n)),
                                     dtype="Int64")  # fmt: skip
    labels = draw(st.lists(st.integers(0, 50), min_size=n, max_size=n, unique=True))
    frame.index = pd.Index(labels, dtype="int64")
    return frame


@settings(max_examples=examples(200), deadline=None)
@given(_frames())
def test_the_bundle_holds_the_frames_cells(frame: pd.DataFrame) -> None:
    rows = PlaceRows.of(frame)
    assert rows.index.equals(frame.index) and len(rows) == len(frame)
    assert rows.empty == frame.empty
    for c in ("doc_id", "text", "label", "start", "end"):
        column = getattr(rows, c)
        assert column.dtype == object
        assert _equal(column, frame[c].to_numpy(dtype=object))
        assert column.tolist() == frame[c].to_numpy(dtype=object).tolist() or _equal(
            np.array(column.tolist(), dtype=object), np.array(frame[c].tolist(), dtype=object)
        )
    if "sent_id" in frame.columns:
        want = frame["sent_id"].to_numpy("float64", na_value=np.nan)
        assert np.array_equal(rows.sent, want, equal_nan=True)
    else:
        assert rows.sent is None
    assert as_rows(rows) is rows


@settings(max_examples=examples(200), deadline=None)
@given(_frames(), st.data())
def test_taken_rows_are_the_frames_selected_rows(frame: pd.DataFrame, data: st.DataObject) -> None:
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=len(frame), max_size=len(frame))),
                    dtype=bool)  # fmt: skip
    taken = PlaceRows.of(frame).take(mask)
    selected = PlaceRows.of(frame.loc[mask])
    assert taken.index.equals(selected.index)
    for c in ("doc_id", "text", "label", "start", "end"):
        assert _equal(getattr(taken, c), getattr(selected, c))
    assert (taken.sent is None) == (selected.sent is None)
    if taken.sent is not None:
        assert np.array_equal(taken.sent, selected.sent, equal_nan=True)
    # by positions, as by mask
    again = PlaceRows.of(frame).take(np.flatnonzero(mask))
    assert again.index.equals(taken.index)


def _old_offsets(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """modifiers._offsets as it read a frame before branch speed21."""
    if all(isinstance(rows[c].dtype, np.dtype) and rows[c].dtype.kind in "iu"
           for c in ("start", "end")):  # fmt: skip
        return (rows["start"].to_numpy(dtype="int64"), rows["end"].to_numpy(dtype="int64"),
                np.ones(len(rows), dtype=bool))  # fmt: skip
    start = pd.to_numeric(rows["start"], errors="coerce")
    end = pd.to_numeric(rows["end"], errors="coerce")
    placed = (start.notna() & end.notna()).to_numpy()
    return (start.fillna(0).to_numpy(dtype="int64"), end.fillna(0).to_numpy(dtype="int64"),
            placed)  # fmt: skip


@settings(max_examples=examples(200), deadline=None)
@given(_frames())
def test_the_offsets_read_as_the_frames_did(frame: pd.DataFrame) -> None:
    rows = PlaceRows.of(frame)
    for got, want in zip(rows.offsets, _old_offsets(frame), strict=True):
        assert got.dtype == want.dtype and np.array_equal(got, want)
    for got, c in ((rows.starts, "start"), (rows.ends, "end")):
        coerced = pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype=float)
        assert np.array_equal(got, coerced, equal_nan=True)
        assert np.array_equal(got, frame[c].to_numpy("float64", na_value=np.nan), equal_nan=True)


def test_an_empty_chunk_gives_an_empty_bundle() -> None:
    frame = pd.DataFrame({c: pd.Series([], dtype=schema.STR) for c in ("doc_id", "text", "label")})
    frame["start"] = pd.Series([], dtype="int64")
    frame["end"] = pd.Series([], dtype="int64")
    rows = PlaceRows.of(frame)
    assert rows.empty and len(rows) == 0 and rows.sent is None
    assert [len(a) for a in rows.offsets] == [0, 0, 0] and len(rows.starts) == 0
    assert rows.take(np.zeros(0, dtype=bool)).empty
    assert rows.frame().empty


def test_a_frame_without_offsets_or_labels_gives_missing_cells() -> None:
    # The PERSON rows a test hands a reader may lack offsets: full names only.
    frame = pd.DataFrame({"doc_id": ["d"], "text": ["Jordan Smith"]})
    rows = PlaceRows.of(frame)
    assert rows.start.tolist() == [None] and rows.label.tolist() == [None]
    assert rows.offsets[2].tolist() == [False]


def test_with_text_keeps_the_rest() -> None:
    frame = pd.DataFrame({"doc_id": ["d", "d"], "text": ["Guinea", "Paris"], "label": ["GPE"] * 2,
                          "start": [0, 10], "end": [6, 15]}, index=[4, 7])  # fmt: skip
    rows = PlaceRows.of(frame)
    longer = rows.with_text(np.array(["Guinea-Bissau", "Paris"], dtype=object))
    assert longer.text.tolist() == ["Guinea-Bissau", "Paris"] and rows.text[0] == "Guinea"
    assert longer.index.equals(rows.index) and longer.doc_id is rows.doc_id
    assert longer.frame()["text"].tolist() == ["Guinea-Bissau", "Paris"]


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(_STRINGS, _STRINGS), max_size=8))
def test_same_reads_as_a_series_comparison(pairs: list) -> None:
    a = np.array([x for x, _ in pairs], dtype=object)
    b = np.array([y for _, y in pairs], dtype=object)
    want = (pd.Series(a, dtype=object) == pd.Series(b, dtype=object)).to_numpy(bool)
    assert equal_cells(a, b).tolist() == want.tolist()


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.integers(0, 20), unique=True, max_size=8), st.data())
def test_positions_read_as_loc(labels: list[int], data: st.DataObject) -> None:
    index = pd.Index(labels, dtype="int64")
    frame = pd.DataFrame({"x": np.arange(len(labels))}, index=index)
    asked = pd.Index(data.draw(st.lists(st.integers(0, 20), max_size=6)), dtype="int64")
    if all(a in set(labels) for a in asked):
        assert _positions(index, asked).tolist() == frame.loc[asked, "x"].tolist()
    else:
        with pytest.raises(KeyError):
            _positions(index, asked)


_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["GPE", "d1", "", "Paris"]),
    st.integers(0, 2),
    st.just(float("nan")),
    st.just(pd.NA),
    st.just(["GPE"]),  # unhashable: pandas' path decides
)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(_CELLS, max_size=10), st.lists(st.sampled_from(["GPE", "d1", "", 1]), max_size=4))
def test_isin_by_a_set_reads_as_pandas(cells: list, wanted: list) -> None:
    # columns.isin hashes in plain Python since speed21; pandas' Series.isin before.
    from analysis.countries.columns import isin

    values = np.empty(len(cells), dtype=object)
    values[:] = cells
    if not wanted or not cells:
        assert not isin(values, wanted).any()
        return
    want = pd.Series(values, dtype=object).isin(wanted).to_numpy(dtype=bool)
    assert isin(values, wanted).tolist() == want.tolist()


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["GPE", "LOC", "NORP", "FAC", "ORG", "PERSON", None]),
            st.sampled_from(["Paris", "Ohio", None]),
            st.sampled_from(["national_team", "gazetteer", "", None]),
        ),
        max_size=8,
    )
)
def test_the_bundles_place_mask_is_place_masks(cells: list) -> None:
    # map_countries picks its place rows from the chunk's bundle since speed21.
    from analysis.countries.resolve import _place_mask, place_mask

    frame = pd.DataFrame({
        "doc_id": pd.Series(["d"] * len(cells), dtype=schema.STR),
        "label": pd.Series([c[0] for c in cells], dtype=schema.STR),
        "text": pd.Series([c[1] for c in cells], dtype=schema.STR),
        "start": pd.Series(range(len(cells)), dtype="int64"),
        "end": pd.Series(range(1, len(cells) + 1), dtype="int64"),
    })  # fmt: skip
    came_with = np.array(["" if c[2] is None else c[2] for c in cells], dtype=object)
    want = place_mask(frame["label"], frame["text"], came_with)
    assert _place_mask(PlaceRows.of(frame), came_with).tolist() == want.tolist()
