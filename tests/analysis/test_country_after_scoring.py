"""Rules acting after the scoring step are traceable (review ui27, item 1;
analysis.countries.after_scoring): map_countries records, for each row such a rule
changed or cleared, the rule and the reading before it, and the evidence view
(analysis.countries.mention_readings) lists a cleared row under the country it could
have named ("set aside after scoring") and a changed row as changed, with the rule's
id and meaning from the registry. The rows the view lists as counted are the mentions
the page counts. Invented sentences shaped like the reviews' Reuters stories."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import schema
from analysis.countries import ContextRules, map_countries, mention_readings
from analysis.countries.after_scoring import STEPS, Amended, Setting, Step, apply_steps
from analysis.countries.confidence import confident_mentions
from analysis.countries.explain import COUNTED_KINDS, KINDS, readings_summary
from analysis.countries.rules import RULES
from tests.factories import located_rows
from tests.properties import examples

#: The stories, each (text, [(surface, label, the rule the row came with)]).
STORIES: dict[str, tuple[str, list[tuple[str, str, str | None]]]] = {
    "energy": (
        "Congress had not approved it. The Department of Energy released a report in Chicago.",
        [("Congress", "ORG", None), ("Department of Energy", "ORG", None),
         ("Energy", "GPE", "org_home"), ("Chicago", "GPE", None)],
    ),
    "congress": (
        "The GAO is the investigating agency of Congress. Congress will vote in Ohio.",
        [("GAO", "ORG", None), ("Congress", "GPE", None), ("Congress", "ORG", None),
         ("Ohio", "GPE", None)],
    ),
    "washington": (
        "WASHINGTON, March 3 - The Treasury said prices rose in Ohio and in Texas.",
        [("WASHINGTON", "GPE", None), ("Ohio", "GPE", None), ("Texas", "GPE", None)],
    ),
    "georgia": (
        "Georgia Stevens moved from Paris to Atlanta. France and Georgia signed a deal.",
        [("Georgia Stevens", "PERSON", None), ("Georgia", "GPE", None), ("Paris", "GPE", None),
         ("Atlanta", "GPE", None), ("France", "GPE", None), ("Georgia", "GPE", None)],
    ),
    "dominion": (
        "TORONTO - AMCA International Ltd sold its Dominion Bridge steel service center "
        "operations in Dominion to Federal Industries of Winnipeg, Manitoba.",
        [("TORONTO", "GPE", None), ("AMCA International Ltd", "ORG", None),
         ("Dominion Bridge", "ORG", None), ("Dominion", "GPE", "org_home"),
         ("Winnipeg", "GPE", None), ("Manitoba", "GPE", None)],
    ),
    "bank": (
        "The Bank of England raised its rate in London on Thursday.",
        [("Bank of England", "ORG", None), ("England", "GPE", "org_home"),
         ("London", "GPE", None)],
    ),
}  # fmt: skip
TEXTS = {d: text for d, (text, _) in STORIES.items()}


def _frame(docs: list[str]) -> pd.DataFrame:
    rows = []
    for doc in docs:
        text, found = STORIES[doc]
        located = located_rows(text, [(s, lab) for s, lab, _ in found], resume="start")
        for row, (_, _, came) in zip(located, found, strict=True):
            row["rule"], row["doc_id"] = came, doc
        rows.extend(located)
    return schema.conform(rows, "mentions")


def _row(view: pd.DataFrame, text: str) -> pd.Series:
    (i,) = np.flatnonzero(view["text"] == text)
    return view.iloc[i]


# ---------------------------------------------------------------- the record


def test_every_step_is_a_rule_of_the_registry_declared_once() -> None:
    ids = [s.rule for s in STEPS]
    assert len(ids) == len(set(ids))
    for step in STEPS:
        assert step.rule in RULES and RULES[step.rule].meaning  # its meaning, declared there
    assert {"common_word_towns", "city_names"} <= set(ids)


def test_a_cleared_row_and_a_changed_row_are_recorded_with_their_scored_reading() -> None:
    frame = _frame(["energy", "washington"])
    amended: dict[object, Amended] = {}
    out = map_countries(frame, texts=TEXTS, amended=amended)
    by_text = {frame.at[i, "text"]: a for i, a in amended.items()}
    assert set(by_text) == {"Energy", "WASHINGTON"}  # Chicago, Ohio, Texas: as scored
    assert by_text["Energy"] == Amended(("common_word_towns",), "USA", "org_home")
    assert by_text["WASHINGTON"] == Amended(("city_names",), "USA", "us_state")
    assert out.loc[frame["text"] == "WASHINGTON", "rule"].tolist() == ["capital"]
    assert out.loc[frame["text"] == "Energy", "iso3"].isna().all()


def test_recording_changes_no_mapping() -> None:
    frame = _frame(list(STORIES))
    plain = map_countries(frame, texts=TEXTS)
    recorded = map_countries(frame, texts=TEXTS, amended={}, explain={})
    pd.testing.assert_frame_equal(plain, recorded)


def test_a_rule_switched_off_records_nothing() -> None:
    frame = _frame(["energy", "washington"])
    amended: dict[object, Amended] = {}
    context = ContextRules(common_word_towns=False, city_names=False)
    map_countries(frame, texts=TEXTS, context=context, amended=amended)
    assert amended == {}


Arrays = tuple[np.ndarray, np.ndarray]


def _cells(*values: object) -> np.ndarray:
    return np.array(values, dtype=object)


def test_one_mechanism_for_any_step_in_order() -> None:
    """Made-up steps: the first clears row 0 and fills row 2 (no country before: no
    change of a reading), the second moves row 1, a switched-off one does nothing, the
    last clears row 1: it names both rules and the reading before the first."""
    setting = Setting(None, _cells("", "", ""), None, None, ContextRules())  # type: ignore[arg-type]

    def clear_first(s: Setting, a: np.ndarray, r: np.ndarray) -> Arrays:
        return _cells(None, a[1], "CAN"), _cells(None, r[1], "x")

    def move_second(s: Setting, a: np.ndarray, r: np.ndarray) -> Arrays:
        return _cells(a[0], "MEX", a[2]), r

    def clear_second(s: Setting, a: np.ndarray, r: np.ndarray) -> Arrays:
        return _cells(a[0], None, a[2]), r

    steps = (Step("city_names", lambda s: True, clear_first),
             Step("common_word_towns", lambda s: True, move_second),
             Step("comparisons", lambda s: False, clear_second),  # off: not run
             Step("co_mentioned", lambda s: True, clear_second))  # fmt: skip
    amended: dict[int, Amended] = {}
    read = (_cells("USA", "USA", None), _cells("us_state", "city", None))
    out = apply_steps(setting, read, amended, steps)
    assert out[0].tolist() == [None, None, "CAN"]
    assert amended == {
        0: Amended(("city_names",), "USA", "us_state"),
        1: Amended(("common_word_towns", "co_mentioned"), "USA", "city"),
    }
    assert amended[1].rule == "co_mentioned"
    assert apply_steps(setting, read, None, steps)[0].tolist() == out[0].tolist()


# ---------------------------------------------------------------- the evidence view


def test_a_cleared_row_is_listed_under_the_country_it_could_have_named() -> None:
    view = mention_readings(_frame(["energy"]), TEXTS, "USA", ["energy"])
    energy = _row(view, "Energy")
    assert pd.isna(energy["iso3"]) and energy["kind"] == "set aside after scoring"
    assert energy["rule"] == "common_word_towns"
    assert "rule common_word_towns (Common words in names are no towns)" in energy["evidence"]
    assert RULES["common_word_towns"].meaning.rstrip(".") in energy["evidence"]
    assert "scored: USA" in energy["evidence"]
    assert _row(view, "Chicago")["kind"] == "counted"
    assert set(view["kind"]) <= set(KINDS)


def test_a_cleared_row_with_one_reading_shows_the_reading_before() -> None:
    view = mention_readings(_frame(["congress"]), TEXTS, "USA", ["congress"])
    congress = _row(view, "Congress")
    assert congress["kind"] == "set aside after scoring" and pd.isna(congress["iso3"])
    assert re.search(r"(scored|before): USA", congress["evidence"])


def test_a_changed_row_names_the_rule_not_a_contradiction() -> None:
    view = mention_readings(_frame(["washington"]), TEXTS, "USA", ["washington"])
    washington = _row(view, "WASHINGTON")
    assert washington["kind"] == "changed after scoring" and washington["iso3"] == "USA"
    assert washington["rule"] == "capital"
    evidence = washington["evidence"]
    assert evidence.startswith("changed after scoring by rule city_names")
    assert "now: the country's capital" in evidence and "scored: USA/WA us_state" in evidence
    assert _row(view, "Ohio")["kind"] == "counted"


def test_a_person_is_set_aside_by_the_scoring_step_not_after_it() -> None:
    view = mention_readings(_frame(["georgia"]), TEXTS, "GEO", ["georgia"])
    assert "set aside" in set(view["kind"])
    assert "set aside after scoring" not in set(view["kind"])


def _counted(view: pd.DataFrame) -> list[tuple[object, int]]:
    rows = view[view["kind"].isin(COUNTED_KINDS)]
    return sorted(zip(rows["doc_id"], rows["start"].astype(int), strict=True))


@settings(max_examples=examples(20), deadline=None)
@given(docs=st.sets(st.sampled_from(sorted(STORIES)), min_size=1))
def test_the_rows_listed_as_counted_are_the_mentions_counted(docs: set[str]) -> None:
    """For every country of the mapping and any documents shown: the view's counted
    rows are exactly the mentions the page counts there (confident_mentions, as
    mapped_mentions counts them), and every row listed with no country, or of a kind
    not counted, counts for none."""
    frame = _frame(sorted(STORIES))
    mapped = map_countries(frame, texts=TEXTS)
    counted = confident_mentions(mapped)
    shown = sorted(docs)
    for iso3 in sorted(set(mapped["iso3"].dropna()) | {"USA"}):
        view = mention_readings(frame, TEXTS, iso3, shown)
        mine = counted[(counted["iso3"] == iso3) & counted["doc_id"].isin(shown)]
        assert _counted(view) == sorted(zip(mine["doc_id"], mine["start"].astype(int), strict=True))
        assert (view.loc[view["kind"].isin(COUNTED_KINDS), "iso3"] == iso3).all()
        aside = view[~view["kind"].isin(COUNTED_KINDS)]
        keys = set(zip(counted["doc_id"], counted["start"].astype(int), counted["iso3"],
                       strict=True))  # fmt: skip
        listed = zip(aside["doc_id"], aside["start"].astype(int), strict=True)
        assert not {(d, s, iso3) for d, s in listed} & keys


def test_the_summary_counts_the_rows_as_the_page_does() -> None:
    view = mention_readings(
        _frame(["energy", "washington"]), TEXTS, "USA", ["energy", "washington"]
    )
    assert readings_summary(view, "the United States") == (
        "4 rows count for the United States; 1 set aside after scoring: counted for no country."
    )
    assert readings_summary(view[view["kind"] == "counted"], "X") == "3 rows count for X."
