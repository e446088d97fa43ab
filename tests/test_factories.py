"""tests.factories.located: the one helper that turns (surface, label) pairs into
MENTIONS rows at their places in a text (review 8, section 11: the tests had a dozen
local copies)."""

from __future__ import annotations

import pytest

from analysis import schema
from tests.factories import located, located_rows

TEXT = "New York and York, then York again."


def _starts(resume: str) -> list[int]:
    rows = located_rows(TEXT, [("New York", "GPE"), ("York", "GPE"), ("York", "GPE")],
                        resume=resume)  # type: ignore[arg-type]  # fmt: skip
    return [r["start"] for r in rows]


def test_resume_says_where_the_next_surface_is_looked_for() -> None:
    assert _starts("start") == [0, 4, 4]  # the same text again is the same occurrence
    assert _starts("next") == [0, 4, 13]  # nested: "York" inside "New York"
    assert _starts("end") == [0, 13, 24]  # no overlap


def test_rows_carry_the_span_and_the_extra_columns_and_frames_the_schema() -> None:
    rows = located_rows(TEXT, [("York", "GPE")], doc_id="d7", sent_id=2, rule=None)
    assert rows == [{"doc_id": "d7", "sent_id": 2, "start": 4, "end": 8, "text": "York",
                     "label": "GPE", "rule": None}]  # fmt: skip
    frame = located(TEXT, [("New York", "GPE"), ("York", "LOC")])
    assert list(frame.columns) == list(schema.TABLES["mentions"])
    assert [TEXT[s:e] for s, e in zip(frame["start"], frame["end"], strict=True)] == [
        "New York", "York"]  # fmt: skip


def test_outside_spans_are_skipped() -> None:
    rows = located_rows("Paris Hilton flew to Paris.", [("Paris", "GPE")], outside=[(0, 12)])
    assert rows[0]["start"] == 21


def test_a_surface_not_in_the_text_is_an_error_not_a_skip() -> None:
    with pytest.raises(ValueError):
        located_rows(TEXT, [("York", "GPE"), ("Boston", "GPE")])
