"""benchmarks.mention_audit: its judged sample is well formed and its precision counts
judged, unjudged and dropped mentions as documented (hand-made frames, no corpus)."""

from __future__ import annotations

import pandas as pd

from benchmarks.mention_audit import (
    DEFAULT_JUDGED,
    VERDICTS,
    audit_rows,
    person_words,
    precision,
    read_judged,
)


def test_judged_sample_is_well_formed() -> None:
    judged = read_judged(DEFAULT_JUDGED)
    assert set(judged["verdict"]) <= set(VERDICTS)
    assert set(judged["set"]) <= {"timebank_dev", "ecbplus_dev", "reuters_dev"}
    assert not judged.duplicated(["set", "doc_id", "start", "text"]).any()
    assert (judged["note"].str.len() > 0).all()


def _mapped() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "a", "a", "a"], "start": [0, 20, 40, 60], "end": [4, 30, 47, 64],
        "text": ["Bush", "Naugatuck River", "George Bush", "Ohio"],
        "label": ["GPE", "LOC", "PERSON", "GPE"], "iso3": ["EGY", "USA", None, "USA"],
        "rule": ["gazetteer", "co_mentioned", None, "us_state"],
    })  # fmt: skip


def test_audit_rows_takes_the_two_classes_only() -> None:
    text = "Bush x" + " " * 14 + "Naugatuck River" + " " * 15 + "George Bush" + " " * 20 + "Ohio"
    rows = audit_rows(_mapped(), {"a": [(0, len(text), 0)]}, {"a": text}, "timebank_dev")
    assert rows[["class", "text"]].values.tolist() == [
        ["person", "Bush"],
        ["co_mentioned", "Naugatuck River"],
    ]
    assert person_words(_mapped())["a"] == frozenset({"George Bush", "George", "Bush"})


def test_precision_counts_unjudged_and_dropped() -> None:
    table = pd.DataFrame({"set": ["s", "s"], "class": ["co_mentioned"] * 2,
                          "doc_id": ["a", "a"], "start": [1, 2], "text": ["X", "Y"]})  # fmt: skip
    judged = pd.DataFrame({"set": ["s", "s"], "class": ["co_mentioned"] * 2,
                           "doc_id": ["a", "a"], "start": ["1", "3"], "text": ["X", "Z"],
                           "verdict": ["right", "not_place"]})  # fmt: skip
    got = precision(table, judged)["s co_mentioned"]
    assert got == {"right": 1, "unjudged": 1, "dropped not_place": 1}
