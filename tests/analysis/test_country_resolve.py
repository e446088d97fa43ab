"""map_countries (analysis.countries.resolve): each rule on a lone mention, a
document's context, the rule switches, the frame it hands back, its speed, and the
seed article end to end (``-k seed``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import CountryRules, map_countries
from tests.factories import document_mentions as mentions
from tests.factories import mapped

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_9635e7a99c58f50c.txt"


@pytest.mark.parametrize(
    ("text", "label", "iso3", "rule"),
    [
        ("Iran", "GPE", "IRN", "name"),
        ("the United States", "GPE", "USA", "name"),
        ("St. Kitts", "GPE", "KNA", "name"),  # short forms of a two-island state
        ("Tortola", "GPE", "VGB", "territory"),  # not a region of the Indian Ocean Territory
        ("U.S.", "GPE", "USA", "name"),
        ("Britain", "GPE", "GBR", "name"),
        ("Ivory Coast", "GPE", "CIV", "name"),
        ("Iranian", "NORP", "IRN", "demonym"),
        ("Americans", "NORP", "USA", "demonym"),
        ("Chinese", "NORP", "CHN", "demonym"),
        ("Britons", "NORP", "GBR", "demonym"),
        ("Damascus", "GPE", "SYR", "capital"),
        ("Perugia", "GPE", "ITA", "city"),
        ("Ohio", "GPE", "USA", "us_state"),
        ("Gaza", "GPE", "PSE", "territory"),
        ("West Bank", "LOC", "PSE", "territory"),
        ("Hong Kong", "GPE", "HKG", "name"),
        ("the Kremlin", "FAC", "RUS", "metonym"),
        ("Niger", "GPE", "NER", "name"),
    ],
)
def test_each_rule_maps_a_lone_mention(text: str, label: str, iso3: str, rule: str) -> None:
    assert mapped([(text, label)]) == [(text, iso3, rule)]


@pytest.mark.parametrize("text", ["Arab", "Zionists", "Islamic", "Perugians"])
def test_pan_national_and_unknown_groups_map_to_nothing(text: str) -> None:
    assert mapped([(text, "NORP")]) == [(text, None, None)]


def test_perugia_is_never_peru() -> None:
    assert mapped([("Perugia", "GPE"), ("Peru", "GPE")]) == [
        ("Perugia", "ITA", "city"),
        ("Peru", "PER", "name"),
    ]


def test_non_place_labels_are_left_untouched() -> None:
    assert mapped([("Jordan", "PERSON"), ("Iran", "ORG")]) == [
        ("Jordan", None, None),
        ("Iran", None, None),
    ]


def test_georgia_is_the_country_without_us_context() -> None:
    assert mapped([("Georgia", "GPE"), ("Tbilisi", "GPE")])[0] == ("Georgia", "GEO", "name")
    assert mapped([("Georgia", "GPE")]) == [("Georgia", "GEO", "name")]


def test_georgia_is_the_us_state_in_a_us_context() -> None:
    doc = [("Georgia", "GPE"), ("Alabama", "GPE"), ("Atlanta", "GPE")]
    assert mapped(doc)[0] == ("Georgia", "USA", "us_state")


def test_context_is_per_document() -> None:
    us_doc = [("Georgia", "GPE"), ("Texas", "GPE")]
    other_doc = [("Georgia", "GPE"), ("Russia", "GPE")]
    result = mapped(us_doc, other_doc)
    assert result[0] == ("Georgia", "USA", "us_state")
    assert result[2] == ("Georgia", "GEO", "name")


def test_ambiguous_city_prefers_a_country_the_document_names() -> None:
    # Manchester, England is the most populous; Manchester, New Hampshire in a US story.
    assert mapped([("Manchester", "GPE")]) == [("Manchester", "GBR", "city")]
    assert mapped([("Manchester", "GPE"), ("New Hampshire", "GPE")])[0][1] == "USA"


def test_a_town_does_not_displace_a_capital_of_millions() -> None:
    # There is a Damascus in Maryland, but "Damascus" near "US" is still Syria's capital.
    assert mapped([("Damascus", "GPE"), ("US", "GPE")])[0] == ("Damascus", "SYR", "capital")


def test_a_following_qualifier_picks_the_namesake() -> None:
    frame = schema.conform(
        [
            {"doc_id": "d", "sent_id": 0, "start": 0, "end": 5, "text": "Paris", "label": "GPE"},
            {"doc_id": "d", "sent_id": 0, "start": 7, "end": 12, "text": "Texas", "label": "GPE"},
        ],
        "mentions",
    )
    assert map_countries(frame)["iso3"].tolist() == ["USA", "USA"]


def test_common_word_city_needs_context() -> None:
    assert mapped([("Reading", "GPE")]) == [("Reading", None, None)]
    assert mapped([("Reading", "GPE"), ("England", "GPE")])[0] == ("Reading", "GBR", "city")


def test_conditional_metonym_needs_the_country_named() -> None:
    assert mapped([("the Islamic Republic", "GPE")]) == [("the Islamic Republic", None, None)]
    doc = [("the Islamic Republic", "GPE"), ("Iran", "GPE")]
    assert mapped(doc)[0] == ("the Islamic Republic", "IRN", "metonym")


@pytest.mark.parametrize(
    ("switch", "text", "label"),
    [
        ("names", "Iran", "GPE"),
        ("demonyms", "Iranian", "NORP"),
        ("cities", "Damascus", "GPE"),
        ("us_states", "Ohio", "GPE"),
        ("territories", "West Bank", "LOC"),
        ("metonyms", "the Kremlin", "FAC"),
    ],
)
def test_every_rule_can_be_switched_off(switch: str, text: str, label: str) -> None:
    assert mapped([(text, label)])[0][1] is not None
    rules = CountryRules(**{switch: False})
    assert mapped([(text, label)], rules=rules) == [(text, None, None)]


def test_georgia_without_us_states_rule_stays_the_country() -> None:
    doc = [("Georgia", "GPE"), ("Atlanta", "GPE"), ("Ohio", "GPE")]
    assert mapped(doc, rules=CountryRules(us_states=False))[0][1] == "GEO"


def test_map_countries_keeps_input_and_schema() -> None:
    frame = mentions([("Iran", "GPE"), ("Tuesday", "DATE")])
    out = map_countries(frame)
    assert frame["iso3"].isna().all()  # input not modified
    assert list(out.columns) == list(schema.MENTIONS)
    assert str(out["iso3"].dtype) == "string"
    assert out.loc[1, "label"] == "DATE" and pd.isna(out.loc[1, "iso3"])


def test_map_countries_on_an_empty_frame() -> None:
    out = map_countries(schema.empty("mentions"))
    assert out.empty and "iso3" in out.columns


def test_map_countries_is_fast_on_many_documents() -> None:
    import time

    doc = [("Iran", "GPE"), ("Georgia", "GPE"), ("Paris", "GPE"), ("Americans", "NORP")]
    frame = mentions(*([doc] * 5000))  # 20,000 mentions, half context-dependent
    map_countries(frame.head(4))  # build the gazetteer outside the timing
    start = time.perf_counter()
    out = map_countries(frame)
    assert time.perf_counter() - start < 2.0
    assert out["iso3"].notna().all()


@pytest.mark.model
def test_seed_article_maps_to_exactly_its_countries(trained_nlp) -> None:
    nlp = trained_nlp
    doc = nlp(SEED.read_text(encoding="utf-8"))
    rows = [
        {
            "doc_id": "seed",
            "sent_id": 0,
            "start": e.start_char,
            "end": e.end_char,
            "text": e.text,
            "label": e.label_,
        }
        for e in doc.ents
    ]
    out = map_countries(schema.conform(rows, "mentions"))
    assert set(out["iso3"].dropna()) == {"IRN", "IRQ", "ISR", "PSE", "SYR", "USA"}
    assert out.loc[out["text"] == "Arab", "iso3"].isna().all()
    assert out.loc[out["text"] == "Damascus", "iso3"].tolist() == ["SYR"]


@pytest.mark.slow  # a performance bound on 300,000 mentions
@pytest.mark.timed
def test_map_countries_is_fast_on_300k_mentions() -> None:
    import time

    doc = [
        ("Iran", "GPE"),
        ("Georgia", "GPE"),
        ("Paris", "GPE"),
        ("Americans", "NORP"),
        ("Chiefland", "GPE"),
        ("Cromwell", "GPE"),
    ]
    one = mentions(*([doc] * 100))
    frame = pd.concat(
        [one.assign(doc_id=one["doc_id"] + f"-{k}") for k in range(500)], ignore_index=True
    )
    assert len(frame) == 300_000
    map_countries(frame.head(12))  # build the gazetteer outside the timing
    start = time.perf_counter()
    out = map_countries(frame)
    assert time.perf_counter() - start < 5.0
    assert out["iso3"].notna().all()  # "Cromwell" too: the document names the US


@pytest.mark.model
def test_seed_article_with_the_gazetteer_pass_keeps_exactly_its_countries(trained_nlp) -> None:
    nlp = trained_nlp
    from analysis.countries import add_place_mentions, document_countries
    from analysis.entities import clean_mentions

    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    rows = [
        {
            "doc_id": "seed",
            "sent_id": 0,
            "start": e.start_char,
            "end": e.end_char,
            "text": e.text,
            "label": e.label_,
        }
        for e in doc.ents
    ]
    frame = clean_mentions(schema.conform(rows, "mentions"), text)
    out = map_countries(add_place_mentions(frame, text), texts={"seed": text})
    assert set(out["iso3"].dropna()) == {"IRN", "IRQ", "ISR", "PSE", "SYR", "USA"}
    assert set(document_countries(out)["iso3"]) == {"IRN", "IRQ", "ISR", "PSE", "SYR", "USA"}
    assert out.loc[out["text"] == "Arab", "iso3"].isna().all()
