"""Review 15's findings on the country rules (/work/review-findings15.md, ECB+ news),
each on invented sentences: the wrong reading before the fix, the right one after."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import add_place_mentions, extra_place_mentions, map_countries
from tests.factories import located_rows


def _frame(text: str, found: list[tuple[str, str]]) -> pd.DataFrame:
    """The MENTIONS frame of ``found`` (surface, label) located in ``text`` in order."""
    return schema.conform(located_rows(text, found), "mentions")


def _found(text: str, found: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """(text, rule) of the places the gazetteer pass adds to ``found`` in ``text``."""
    out = extra_place_mentions(text, _frame(text, found))
    return [(t, None if pd.isna(r) else r) for t, r in zip(out["text"], out["rule"], strict=True)]


# --- class 1: a place inside a facility's, event's, work's or product's name ---------


@pytest.mark.parametrize(
    ("text", "name", "label", "place"),
    [
        # A business the model tagged FAC, a sea named after a port, a war, a novel.
        ("He bought the car at Sunbeam Fiji Motors last year.", "Sunbeam Fiji Motors", "FAC",
         "Fiji"),
        ("The frigate sailed into the Gulf of Aden on Friday.", "Gulf of Aden", "FAC", "Aden"),
        ("They marched against the Vietnam War in 1968.", "Vietnam War", "EVENT", "Vietnam"),
        ("She read A Passage to India twice.", "A Passage to India", "WORK_OF_ART", "India"),
        ("He drove a Jeep Texas Edition home.", "Jeep Texas Edition", "PRODUCT", "Texas"),
    ],
)  # fmt: skip
def test_a_place_inside_a_named_thing_is_its_home_not_a_place_named(
    text: str, name: str, label: str, place: str
) -> None:
    """Before the fix only an ORG's place was its home: these were counted."""
    assert _found(text, [(name, label)]) == [(place, "org_home")]


@pytest.mark.parametrize(
    ("text", "name", "label", "place"),
    [
        # A facility or public body of the place (an institution word) names the place.
        ("Flights left Vancouver International Airport late.",
         "Vancouver International Airport", "FAC", "Vancouver"),
        ("Officers of the Gainesville Police Department came.", "Gainesville Police Department",
         "FAC", "Gainesville"),
        ("The Texas State Fair opened on Friday.", "The Texas State Fair", "EVENT", "Texas"),
        # A law of a state applies there.
        ("He was charged under the Texas Penal Code.", "the Texas Penal Code", "LAW", "Texas"),
    ],
)  # fmt: skip
def test_a_place_inside_a_public_body_or_a_law_still_counts(
    text: str, name: str, label: str, place: str
) -> None:
    assert _found(text, [(name, label)]) == [(place, "gazetteer")]


def test_a_home_inside_a_facility_name_counts_for_no_country() -> None:
    text = "He bought the car at Sunbeam Fiji Motors in Toronto."
    frame = add_place_mentions(
        _frame(text, [("Sunbeam Fiji Motors", "FAC"), ("Toronto", "GPE")]), text
    )
    out = map_countries(frame, texts={"d": text})
    counted = out[out["iso3"].notna() & (out["rule"] != "org_home")]
    assert sorted(counted["iso3"]) == ["CAN"]
