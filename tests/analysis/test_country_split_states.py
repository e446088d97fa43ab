"""Former states that split into several countries (rule historic_successor, off by
default), hand-written sentences: such a state names no country of its own and is
shown apart as a historic state with its successors; switched on, the USSR is Russia."""

from __future__ import annotations

import pandas as pd

from analysis.countries import (
    CountryRules,
    add_place_mentions,
    counted_apart,
    country_table,
    map_countries,
)
from analysis.countries.lexicon import successor_states
from tests.factories import located


def _read(text: str, spans: list[tuple[str, str]], **kwargs: object) -> pd.DataFrame:
    found = add_place_mentions(located(text, spans), text)
    return map_countries(found, texts={"d": text}, **kwargs)


def _pairs(out: pd.DataFrame) -> list[tuple[str, object, object]]:
    return [
        (t, None if pd.isna(i) else i, None if pd.isna(r) else r)
        for t, i, r in zip(out["text"], out["iso3"], out["rule"], strict=True)
    ]


TEXT = "The Soviet Union and Czechoslovakia signed the pact. The USSR later broke up."
SPANS = [("Soviet Union", "GPE"), ("Czechoslovakia", "GPE"), ("USSR", "GPE")]


def test_split_state_names_no_country_by_default() -> None:
    out = _read(TEXT, SPANS)
    assert _pairs(out) == [
        ("Soviet Union", None, "historic"),
        ("Czechoslovakia", None, "historic"),
        ("USSR", None, "historic"),
    ]
    assert country_table(out).empty


def test_split_state_is_shown_apart_with_its_successors() -> None:
    apart = counted_apart(_read(TEXT, SPANS))
    kinds = dict(zip(apart["text"], apart["kind"], strict=True))
    assert kinds == {"Soviet Union": "historic state", "Czechoslovakia": "historic state",
                     "USSR": "historic state"}  # fmt: skip
    row = apart[apart["text"] == "Czechoslovakia"].iloc[0]
    assert "Slovakia" in row["countries"]
    assert "Ukraine" in apart[apart["text"] == "USSR"].iloc[0]["countries"]


def test_historic_successor_reads_the_continuing_state() -> None:
    out = _read(TEXT, SPANS, rules=CountryRules(historic_successor=True))
    assert _pairs(out)[0] == ("Soviet Union", "RUS", "name")
    assert _pairs(out)[2] == ("USSR", "RUS", "name")
    assert _pairs(out)[1] == ("Czechoslovakia", None, "historic")  # no continuing state
    assert list(country_table(out)["iso3"]) == ["RUS"]


def test_soviet_demonym_beside_russia_is_no_country_by_default() -> None:
    text = "Russia said Soviet troops left in 1989. Soviets built the dam."
    spans = [("Russia", "GPE"), ("Soviet", "NORP"), ("Soviets", "NORP")]
    out = _read(text, spans)
    assert _pairs(out)[1:] == [("Soviet", None, "historic"), ("Soviets", None, "historic")]
    on = _read(text, spans, rules=CountryRules(historic_successor=True))
    assert [i for _, i, _ in _pairs(on)] == ["RUS", "RUS", "RUS"]


def test_a_split_state_is_no_unknown_place_of_the_story() -> None:
    # co_mentioned must not read the state into the story's only country.
    text = "Prague and Brno welcomed the vote. Czechoslovakia ended in 1993."
    out = _read(text, [("Prague", "GPE"), ("Brno", "GPE"), ("Czechoslovakia", "GPE")])
    assert _pairs(out)[2] == ("Czechoslovakia", None, "historic")
    assert list(country_table(out)["iso3"]) == ["CZE"]


def test_successor_lookup_ignores_case_and_dots() -> None:
    assert successor_states("U.S.S.R.") == successor_states("USSR")
    assert "RUS" in successor_states("SOVIET UNION")
    assert successor_states("Russia") == ()
    assert successor_states("Yugoslavia") == ()  # read as Serbia (the gold sets' convention)
