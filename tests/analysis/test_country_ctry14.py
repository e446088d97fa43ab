"""Issue 18, which spans are place mentions at all (branch ctry14), each class on
invented sentences: a currency of one country named inside a sum (review 18, class B)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import add_place_mentions, extra_place_mentions, map_countries
from analysis.countries.confidence import document_countries
from analysis.countries.pass_words import currency_spans
from analysis.countries.rules import RULES, ContextRules, PlaceCues
from analysis.name_data import currencies
from tests.factories import located_rows


def _frame(text: str, found: list[tuple[str, str]]) -> pd.DataFrame:
    return schema.conform(located_rows(text, found, resume="end"), "mentions")


def _found(text: str, found: list[tuple[str, str]], cues: PlaceCues | None = None) -> list:
    """(text, label, rule) of the spans the gazetteer pass adds to ``found`` in ``text``."""
    out = extra_place_mentions(text, _frame(text, found), cues=cues or PlaceCues())
    return list(zip(out["text"], out["label"], out["rule"], strict=True))


def _mapped(text: str, found: list[tuple[str, str]]) -> pd.DataFrame:
    frame = add_place_mentions(_frame(text, found), text)
    return map_countries(frame, texts={"d": text}, context=ContextRules())


def _counted(text: str, found: list[tuple[str, str]]) -> list[str]:
    """The countries a document is counted for at the default threshold (0.5)."""
    table = document_countries(_mapped(text, found))
    return sorted(table.loc[table["confidence"] >= 0.5, "iso3"])


# --- currencies of one country inside a sum (rule money_currencies) ------------------


@pytest.mark.parametrize(
    ("text", "money", "word", "country"),
    [
        ("The firm issued a 15 billion yen bond.", "15 billion yen", "yen", "JPN"),
        ("The dollar closed at 1.8300 marks, off a little.", "1.8300 marks", "marks", "DEU"),
        ("A placement of US$127.5 million in shares.", "US$127.5 million", "US$", "USA"),
        ("Net loss of C$2.3 million for the year.", "C$2.3 million", "C$", "CAN"),
        ("Profit rose to 40 mln stg in the half.", "40 mln stg", "stg", "GBR"),
    ],
)
def test_a_currency_in_a_sum_names_its_country(
    text: str, money: str, word: str, country: str
) -> None:
    assert _found(text, [(money, "MONEY")]) == [(word, "NORP", "currency")]
    out = _mapped(text, [(money, "MONEY")])
    row = out[out["text"] == word].iloc[0]
    assert (row["iso3"], row["rule"]) == (country, "currency")
    assert _counted(text, [(money, "MONEY")]) == [country]


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("He paid $15 million for it.", "$15 million"),  # a bare dollar sign
        ("It cost 150 francs at the time.", "150 francs"),  # several countries' franc
        ("It cost 20 pounds.", "20 pounds"),
        ("It sold for 12 cents a share.", "12 cents"),
    ],
)
def test_a_currency_of_several_countries_names_none(text: str, money: str) -> None:
    assert _found(text, [(money, "MONEY")]) == []


def test_a_currency_word_outside_a_sum_is_no_mention() -> None:
    text = "The yen rose while analysts made marks in the sand."
    assert _found(text, [("yen", "ORG")]) == []


def test_currency_words_are_whole_tokens() -> None:
    text = "50 marksmen and 3 yens, US$5 and SUS$5"
    spans = [text[s:e] for s, e in currency_spans(text, 0, len(text))]
    assert spans == ["US$"]


def test_the_cue_has_its_switch_and_its_list() -> None:
    text = "The firm issued a 15 billion yen bond."
    assert _found(text, [("15 billion yen", "MONEY")], PlaceCues(money_currencies=False)) == []
    assert RULES["money_currencies"].kind == "cue"
    assert set(currencies().values()) <= {
        "JPN", "CHN", "THA", "MYS", "IDN", "POL", "HUN", "ISR", "GBR", "ZAF", "DEU",
        "ESP", "GRC", "AUT", "FIN", "SWE", "USA", "CAN", "AUS", "NZL", "HKG", "SGP",
    }  # fmt: skip
    assert "dollars" not in currencies() and "francs" not in currencies()


# --- events, seasons, storms and organisations read by co_mentioned (issue 18, class 4)


def _co_mentioned(text: str, found: list[tuple[str, str]]) -> dict[str, object]:
    """text -> country of each mention of a story about two US places and ``found``."""
    out = map_countries(_frame(text, found), texts={"d": text})
    return dict(zip(out["text"], out["iso3"], strict=True))


_US = "Officials in Boston and Chicago said so."


@pytest.mark.parametrize(
    ("sentence", "name", "label"),
    [
        (" The Spring Festival opens today.", "Spring Festival", "FAC"),  # an event's head
        (" It must end before Easter.", "Easter", "LOC"),  # a season
        (" Hurricane Gloria hit the coast.", "Hurricane Gloria", "FAC"),  # a storm
        (" The Western Conference voted.", "Western Conference", "FAC"),  # a league
        (" Shares of Acme Telecom fell.", "Acme Telecom", "GPE"),  # a company's head
    ],
)
def test_an_event_or_organisation_name_is_no_unknown_place(
    sentence: str, name: str, label: str
) -> None:
    text = _US + sentence
    found = [("Boston", "GPE"), ("Chicago", "GPE"), (name, label)]
    assert pd.isna(_co_mentioned(text, found)[name])


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (" They met at Mittineague Park.", "Mittineague Park"),
        (" They met at Victory Park.", "Victory Park"),  # an event word opening a name
        (" They drove down Quarrington Street.", "Quarrington Street"),
    ],
)
def test_an_unknown_place_is_still_read_in_its_story_country(sentence: str, name: str) -> None:
    text = _US + sentence
    found = [("Boston", "GPE"), ("Chicago", "GPE"), (name, "FAC")]
    assert _co_mentioned(text, found)[name] == "USA"


def test_event_heads_are_events_only() -> None:
    from analysis.name_data import event_heads

    heads = event_heads()
    assert heads["tournament"] == "event" and heads["hurricane"] == "phenomenon"
    for word in ("park", "street", "bowl", "market", "crossing", "summit", "field"):
        assert word not in heads  # a place or an artifact among its senses


# --- an untagged plural demonym (rule plural_demonyms; review 18, class E) -----------


def test_an_untagged_plural_demonym_is_a_group_of_its_country() -> None:
    text = "The team had a high number of Americans and Britons. The officials left."
    found = [("Americans", "NORP")]
    assert _found(text, found) == [("Britons", "NORP", "gazetteer")]
    assert _counted(text, found) == ["GBR", "USA"]
    assert _found(text, found, PlaceCues(plural_demonyms=False)) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The Swiss voted on Sunday.", [("Sunday", "DATE")]),  # its singular is no demonym
        ("Shares of Britons Abroad Holdings rose on Sunday.", [("Sunday", "DATE")]),  # a name
        ("Georgians Smith and Jones spoke.", [("Georgians Smith", "PERSON")]),  # the model's name
        ("BRITONS VOTE ON SUNDAY", [("SUNDAY", "DATE")]),  # capitals: a headline's words
    ],
)
def test_a_plural_demonym_inside_a_name_or_not_plural_is_not_added(
    text: str, found: list[tuple[str, str]]
) -> None:
    assert _found(text, found) == []


# --- a seat of government the model tagged ORG (rule org_metonyms; review 18, class D)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("He told White House Chief of Staff Ann Lee so.", "White House", "USA"),
        ("Officials at the Kremlin said nothing.", "Kremlin", "RUS"),
        ("A spokesman for Downing Street declined.", "Downing Street", "GBR"),
    ],
)
def test_a_seat_of_government_tagged_org_names_its_country(
    text: str, name: str, country: str
) -> None:
    assert _found(text, [(name, "ORG")]) == [(name, "GPE", "gazetteer")]
    assert _counted(text, [(name, "ORG")]) == [country]
    assert _found(text, [(name, "ORG")], PlaceCues(org_metonyms=False)) == []


def test_an_org_washington_is_left_to_the_model() -> None:
    text = "Washington beat Dallas 24-17 on Sunday."
    assert _found(text, [("Washington", "ORG"), ("Dallas", "GPE")]) == []


# --- a court's title opening its name (lexicon court_levels; issue 18, class 2) ------


@pytest.mark.parametrize(
    ("text", "court"),
    [
        ("In Chicago the ruling of the Superior Court was upheld.", "Superior Court"),
        ("In Chicago, lawyers cited recent Supreme Court rulings.", "Supreme Court"),
    ],
)
def test_a_court_level_opening_a_court_name_is_no_place(text: str, court: str) -> None:
    found = [("Chicago", "GPE"), (court, "ORG")]
    assert _found(text, found) == []


def test_a_town_opening_a_court_name_is_still_its_place() -> None:
    text = "In Chicago the ruling of the Evanston Court was upheld."
    found = [("Chicago", "GPE"), ("Evanston Court", "ORG")]
    assert [t for t, _, _ in _found(text, found)] == ["Evanston"]
