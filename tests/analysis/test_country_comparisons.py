"""Rule comparisons (issue 18, branch ctry22): a place written as the X of a figurative
comparison "the X of Y", Y another country or a region, names no country ("Bay Street,
the Wall Street of Canada"); Y still does. Invented sentences."""

from __future__ import annotations

import pytest

from tests.analysis.test_country_comention_audit import _country


@pytest.mark.parametrize(
    ("text", "spans", "target", "without"),
    [
        ("Power failed on Bay Street, the Wall Street of Canada, on Monday.",
         [("Bay Street", "FAC"), ("Wall Street", "LOC"), ("Canada", "GPE")], "Wall Street",
         "USA"),
        ("Singapore wants to be the Switzerland of Asia, its minister said.",
         [("Singapore", "GPE"), ("Switzerland", "GPE"), ("Asia", "LOC")], "Switzerland",
         "CHE"),
        ("Shanghai was once the Paris of the East.",
         [("Shanghai", "GPE"), ("Paris", "GPE"), ("East", "LOC")], "Paris", "FRA"),
    ],
)  # fmt: skip
def test_the_x_of_a_comparison_names_no_country(
    text: str, spans: list[tuple[str, str]], target: str, without: str
) -> None:
    assert _country(text, spans, target) is None
    assert _country(text, spans, target, comparisons=False) == without
    # Y still counts.
    if "Canada" in text:
        assert _country(text, spans, "Canada") == "CAN"


@pytest.mark.parametrize(
    ("text", "spans", "target", "country"),
    [
        # Y in X's own country: a name, no comparison.
        ("He spoke of the United States of America.",
         [("United States", "GPE"), ("America", "GPE")], "United States", "USA"),
        # Y no place.
        ("Talks opened in the Paris of today.", [("Paris", "GPE")], "Paris", "FRA"),
        ("Voters judged the Russia of Putin.", [("Russia", "GPE")], "Russia", "RUS"),
        # X a name no table reads: a court's district, a coast.
        ("The suit was filed in the Southern District of New York, near Albany.",
         [("Southern District", "LOC"), ("New York", "GPE"), ("Albany", "GPE")],
         "Southern District", "USA"),
        # Y a possessive: it modifies the noun after it.
        ("He will convince the United States of Japan's case.",
         [("United States", "GPE"), ("Japan", "GPE")], "United States", "USA"),
        # No "the" before X.
        ("Flights from Paris of all places to Canada.", [("Paris", "GPE"),
                                                        ("Canada", "GPE")], "Paris", "FRA"),
    ],
)  # fmt: skip
def test_a_name_or_a_time_after_of_is_no_comparison(
    text: str, spans: list[tuple[str, str]], target: str, country: str
) -> None:
    assert _country(text, spans, target) == country
