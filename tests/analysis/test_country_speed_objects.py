"""Speed of map_countries without a change of result (issue 18, branch spd18): the
readers of the place rows and of the PERSON rows get their string columns as Python
objects, converted from Arrow strings once per chunk (analysis.countries.columns.PlaceRows),
and the cue and overlap helpers of the gazetteer pass read as their plain forms."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis.countries.facts as facts
from analysis.countries import cues, map_countries
from analysis.countries.columns import OBJECT_COLUMNS, PlaceRows
from analysis.countries.places import _overlaps
from tests.factories import spans
from tests.properties import examples


def _story() -> tuple[pd.DataFrame, dict[str, str]]:
    text = "Jordan Smith of Athens, Georgia, told the Cambridge City Council about Paris."
    frame = spans(
        ("Jordan Smith", "PERSON", 0),
        ("Athens", "GPE", text.index("Athens")),
        ("Georgia", "GPE", text.index("Georgia")),
        ("Cambridge City Council", "ORG", text.index("Cambridge")),
        ("Paris", "GPE", text.index("Paris")),
    )
    return frame, {"d": text}


def test_the_readers_get_the_string_columns_as_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each reader asked rows[c].to_numpy(dtype=object) of an Arrow column: a Python string
    # made per cell, some forty times per chunk. Converted once, they are handed over.
    # Since branch speed21 they get a bundle of arrays (columns.PlaceRows), not a frame.
    seen: dict[str, list] = {}
    plain = facts.mention_facts

    def spy(rows: PlaceRows, *args: object) -> facts.MentionFacts:
        assert isinstance(rows, PlaceRows)
        seen["rows"] = [getattr(rows, c).dtype for c in OBJECT_COLUMNS]
        return plain(rows, *args)

    monkeypatch.setattr("analysis.countries.resolve.mention_facts", spy)
    frame, texts = _story()
    out = map_countries(frame, texts=texts)
    assert seen["rows"] == [np.dtype(object)] * len(OBJECT_COLUMNS)
    # The table handed back keeps the schema's string columns.
    assert [out[c].dtype for c in OBJECT_COLUMNS] == [frame[c].dtype for c in OBJECT_COLUMNS]


def _counted_bundles(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[int]]:
    """(the lengths of the frames read into a PlaceRows bundle, the lengths of the
    bundles rows were taken from), as map_countries goes."""
    read: list[int] = []
    taken: list[int] = []
    plain_of, plain_take = PlaceRows.of.__func__, PlaceRows.take

    def of(cls: type, frame: pd.DataFrame) -> PlaceRows:
        read.append(len(frame))
        return plain_of(cls, frame)

    def take(self: PlaceRows, mask: np.ndarray) -> PlaceRows:
        taken.append(len(self))
        return plain_take(self, mask)

    monkeypatch.setattr(PlaceRows, "of", classmethod(of))
    monkeypatch.setattr(PlaceRows, "take", take)
    return read, taken


def test_the_person_rows_are_converted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The chunk's columns are read from the frame once (branch speed21: one PlaceRows
    # bundle); the place, PERSON and ORG rows are taken from it, no frame read again.
    read, taken = _counted_bundles(monkeypatch)
    frame, texts = _story()
    map_countries(frame, texts=texts)
    assert read == [len(frame)]
    assert taken == [len(frame)] * 3  # the place rows, the PERSON rows, the ORG rows


_PLAIN_AFTER = re.compile("^" + cues._PLACE_AFTER.pattern)


@settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(
        st.sampled_from(["Roswell", " police", "'s", " residents", "-based", " ", "x", "City",
                         " Council", " Volunteer Fire Department", ",", "\n", " area"]),
        max_size=8,
    ),
    st.integers(min_value=0, max_value=60),
)  # fmt: skip
def test_the_after_cue_reads_as_the_sliced_match(pieces: list[str], end: int) -> None:
    text = "".join(pieces)
    end = min(end, len(text))
    opens = text[end : end + 1]
    plain = (opens.isspace() or opens in {"'", "’", "-"}) and bool(
        _PLAIN_AFTER.match(text[end : end + 40])
    )
    assert cues._after_cue(text, end) == plain


@settings(max_examples=examples(300), deadline=None)
@given(
    st.tuples(st.integers(0, 20), st.integers(0, 20)),
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=6),
)
def test_overlaps_reads_as_any(span: tuple[int, int], others: list[tuple[int, int]]) -> None:
    start, end = span
    assert _overlaps(start, end, others) == any(s < end and start < e for s, e in others)
    assert _overlaps(start, end, iter(others)) == any(s < end and start < e for s, e in others)


def test_the_place_rows_are_selected_once_when_no_name_is_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Selecting the rows again costs a selection per chunk; most chunks cut no
    # abbreviation. Since branch speed21 the place rows are a bundle taken from the
    # chunk's (columns.PlaceRows): no row is taken from the place rows' own bundle.
    read, taken = _counted_bundles(monkeypatch)
    frame, texts = _story()
    map_countries(frame, texts=texts)
    assert taken == [len(frame)] * 3 and read == [len(frame)]
    # "LA" of "LA ROCHELLE" is cut: the rows are taken again, without it.
    text = "LA ROCHELLE, France - Boats left Paris."
    cut = spans(("LA", "GPE", 0), ("Paris", "GPE", text.index("Paris")))
    read.clear()
    taken.clear()
    out = map_countries(cut, texts={"d": text})
    assert len(taken) == 4 and read == [len(cut)] and pd.isna(out["iso3"].iloc[0])


@settings(max_examples=examples(100), deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["Qzxville", "Paris", "Ohio"]),
                  st.sampled_from(["GPE", "LOC"]), st.sampled_from([None, "FRA"])),
        max_size=8,
    ),
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.sampled_from(["USA", "GBR"])),
)  # fmt: skip
def test_unknown_places_take_the_register_as_a_pandas_map_gives(
    cells: list, register: dict[str, str]
) -> None:
    from analysis.countries.resolve import REGISTER_RULE, _unknown_name, _unknown_places_in_register

    frame = pd.DataFrame({"doc_id": [c[0] for c in cells], "text": [c[1] for c in cells],
                          "label": [c[2] for c in cells]}).astype("string")  # fmt: skip
    rows = PlaceRows.of(frame)
    iso3 = np.array([c[3] for c in cells], dtype=object)
    rule = np.array(["name" if c[3] else None for c in cells], dtype=object)
    got = _unknown_places_in_register(rows, iso3, rule, register)
    # The plain form: the register by a pandas map of the documents.
    country = frame["doc_id"].map(register).to_numpy(dtype=object)
    unknown = np.array([_unknown_name(t) for t in frame["text"]], dtype=bool)
    take = unknown & (frame["label"].to_numpy(dtype=object) == "GPE") & pd.notna(country)
    take &= pd.isna(iso3)
    want = (np.where(take, country, iso3), np.where(take, REGISTER_RULE, rule))
    assert [list(a) for a in got] == [list(a) for a in want]
