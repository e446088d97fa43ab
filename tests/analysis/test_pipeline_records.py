"""analysis.pipeline.records: the row dicts the stages read, as ``to_dict("records")``
gives them (same keys, values and types; a missing value is None), read by columns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import schema
from analysis.pipeline import records
from tests.properties import examples

_TEXT = st.one_of(st.none(), st.text(max_size=8))
_INT = st.one_of(st.none(), st.integers(-(2**40), 2**40))
_ROW = st.fixed_dictionaries({
    "doc_id": st.sampled_from(["a", "b"]), "start": _INT, "end": _INT, "text": _TEXT,
    "label": _TEXT, "canonical": _TEXT, "iso3": _TEXT, "resolved": _TEXT,
})  # fmt: skip


@settings(max_examples=examples(200), deadline=None)
@given(rows=st.lists(_ROW, max_size=12), table=st.sampled_from(["mentions", "events"]))
def test_records_are_what_to_dict_gives(rows, table):
    frame = schema.conform(rows, table)
    got, want = records(frame), frame.to_dict("records")
    assert got == want
    assert [[type(v) for v in r.values()] for r in got] == [
        [type(v) for v in r.values()] for r in want
    ]
    assert all(list(r) == list(frame.columns) for r in got)


def test_records_of_the_events_columns_read_from_mentions():
    frame = schema.conform([{"doc_id": "a", "start": 3, "end": None, "text": "Iran"}], "mentions")
    part = frame[["doc_id", "start", "end", "text"]]
    assert records(part) == [{"doc_id": "a", "start": 3, "end": None, "text": "Iran"}]
