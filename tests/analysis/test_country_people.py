"""People named like places (rules ages and person_sense, analysis.countries.people):
hand-written sentences. The sentences of review 3 (F1, F4) are invented news that the rules
must leave alone: their expected countries are those main gave before the rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import schema
from analysis.countries import ContextRules, document_countries, map_countries
from analysis.countries.people import aged_names, person_sense_rows
from tests.factories import located_rows, spans


def _countries(
    text: str,
    names: list[tuple[str, int]],
    people: tuple[tuple[str, int], ...] = (),
    **context: bool,
) -> list[object]:
    """The countries of the GPE mentions ``names`` (text, start), beside the PERSON
    mentions ``people`` (the model's), in order of ``names``."""
    frame = spans(*((name, "GPE", start) for name, start in names),
                  *((name, "PERSON", start) for name, start in people))  # fmt: skip
    out = map_countries(frame, texts={"d": text}, context=ContextRules(**context))
    out = out[out["label"] == "GPE"]
    return [None if pd.isna(v) else v for v in out["iso3"]]


def _mapped(
    text: str, places: list[str], people: list[str], found: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, set[str]]:
    """map_countries over ``text`` with PERSON ``people`` (each name's first occurrence)
    and GPE ``places`` (in the order written, outside the people; those in ``found`` as
    the gazetteer pass's rows): (mapped rows, counted countries)."""
    rows = [located_rows(text, [(name, "PERSON")], rule=None)[0] for name in people]
    taken = [(r["start"], r["end"]) for r in rows]
    rows += located_rows(text, [(name, "GPE") for name in places], resume="end", outside=taken,
                         rule=None)  # fmt: skip
    for row in rows[len(people) :]:
        row["rule"] = "gazetteer" if row["text"] in found else None
    out = map_countries(schema.conform(pd.DataFrame(rows), "mentions"), texts={"d": text})
    return out, set(document_countries(out)["iso3"])


def test_a_name_written_with_an_age_is_a_person_everywhere_in_the_story() -> None:
    text = (
        "BOXING - DURAN READY.\nVeteran welterweight Duran steps back into the ring on "
        "Friday. Duran, 38, meets Luis Ortega in Cancun. Duran told reporters he felt strong."
    )
    names = [("DURAN", text.index("DURAN")), ("Duran", text.index("Duran")),
             ("Duran", text.index("Duran told"))]  # fmt: skip
    aged = (("Duran", text.index("Duran, 38")),)  # the model's PERSON before the age
    assert _countries(text, names, aged) == [None, None, None]  # not Duran, Ecuador
    assert "ECU" in _countries(text, names, aged, ages=False)
    # Evidence of a person: a PERSON span ending at the age, or a full name.
    assert aged_names("Lentini, 31, signed for Parma; Joan P. Barker, aged 52, was", {7}) == [
        "Lentini", "Barker"]  # fmt: skip
    assert aged_names("Lentini, 31, signed for Parma; Joan P. Barker, aged 52, was") == [
        "Barker"]  # fmt: skip


def test_a_place_word_before_the_name_keeps_the_place() -> None:
    # A date is no age ("March, 25,"); "of Lentini" is the town beside "Lentini, 31,".
    assert aged_names("arrested on Wednesday, March, 25, and charged") == []
    text = "Lentini, 31, a farmer of Lentini in Sicily, Italy, was fined."
    names = [("Lentini", text.index("of Lentini") + 3)]
    assert _countries(text, names, (("Lentini", 0),)) == ["ITA"]


def test_a_last_name_the_gazetteer_pass_found_is_the_person() -> None:
    text = (
        "Officers arrested Dale Robert Jones, who fled. They found a stolen phone on "
        "Jones at the station. Dublin City Council met Paul Dublin Smith and Ann Dublin. "
        "The sheriff's office said so."  # the US register ("city council" alone is none)
    )
    at = text.index("Jones at")
    dublin = text.index("Dublin City")
    rows = schema.conform(
        [{"doc_id": "d", "sent_id": 0, "start": at, "end": at + 5, "text": "Jones",
          "label": "GPE"},
         {"doc_id": "d", "sent_id": 0, "start": dublin, "end": dublin + 6, "text": "Dublin",
          "label": "GPE"}], "mentions")  # fmt: skip
    people = pd.DataFrame({"doc_id": ["d", "d"], "text": ["Dale Robert Jones", "Ann Dublin"]})
    found = np.array([True, True])
    # "Jones" is the person; "Dublin City Council" is a place's institution.
    assert person_sense_rows(rows, found, people, {"d": text}).tolist() == [True, False]
    # A place the model tagged is asked too when only towns read its name ("Jones":
    # branch ctry18); "Dublin", a capital, stays its reading.
    assert person_sense_rows(rows, ~found, people, {"d": text}).tolist() == [True, False]
    # A one-word PERSON is no full name (the model tags places so).
    one = pd.DataFrame({"doc_id": ["d"], "text": ["Jones"]})
    assert not person_sense_rows(rows, found, one, {"d": text}).any()
    # Through map_countries: the pass's "Jones" (rule gazetteer) maps to no country.
    frame = rows.assign(rule=["gazetteer", "gazetteer"])
    person = pd.DataFrame([{"doc_id": "d", "sent_id": 0, "start": 18, "end": 35,
                            "text": "Dale Robert Jones", "label": "PERSON"}])  # fmt: skip
    both = schema.conform(pd.concat([schema.conform(person, "mentions"), frame]), "mentions")
    out = map_countries(both, texts={"d": text})
    assert pd.isna(out.loc[out["start"] == at, "iso3"]).all()
    off = map_countries(both, texts={"d": text}, context=ContextRules(person_sense=False))
    assert off.loc[off["start"] == at, "iso3"].notna().all()


# --- Review 3, F1: an age after a place is a tally, not a person ----------------------


@pytest.mark.parametrize(
    ("text", "places", "people", "expected"),
    [
        ("The agency counted new measles cases in Italy, 45, Spain, 32, France, 27, and "
         "Germany, 11, in the week to Sunday.", ["Italy", "Spain", "France", "Germany"], [],
         {"DEU", "ESP", "FRA", "ITA"}),
        ("Biden carried Georgia, 16, and Arizona, 11, by fewer than 12,000 votes each. "
         "Georgia election officials began a hand recount on Friday.",
         ["Georgia", "Arizona", "Georgia"], ["Biden"], {"USA"}),
        ("Kenya, 11, and Ethiopia, 10, topped the medal table at the African championships "
         "in Durban, ahead of hosts South Africa.",
         ["Kenya", "Ethiopia", "Durban", "South Africa"], [], {"ETH", "KEN", "ZAF"}),
        ("Amal Hassan fled Aleppo with her sons, Omar, 14, and Jordan, 11, in 2013. Jordan "
         "has since taken in more than 600,000 refugees.", ["Aleppo", "Jordan", "Jordan"],
         ["Amal Hassan", "Omar"], {"JOR", "SYR"}),
    ],
)  # fmt: skip
def test_numbers_after_countries_and_states_are_no_ages(
    text: str, places: list[str], people: list[str], expected: set[str]
) -> None:
    out, counted = _mapped(text, places, people)
    assert counted == expected
    assert out.loc[out["label"] == "GPE", "iso3"].notna().all()


def test_an_aged_name_elsewhere_stays_a_place_where_written_as_one() -> None:
    # "Jackson police" is the town's police (Jackson, Miss.), beside the driver's age.
    text = ("Police identified the driver as Marcus Jackson, 45, of Memphis. Jackson police "
            "said the crash closed Interstate 55 for hours.")  # fmt: skip
    for found in ((), ("Jackson",)):  # the model's GPE, or the gazetteer pass's (person_sense)
        out, counted = _mapped(text, ["Memphis", "Jackson"], ["Marcus Jackson"], found)
        assert counted == {"USA"}
        assert out.loc[out["text"] == "Jackson", "iso3"].fillna("").tolist() == ["USA"]
    # ... while "Jackson told officers" is the driver (one sense per document).
    said = text.replace("Jackson police said the crash", "Jackson told officers the crash")
    out, _ = _mapped(said, ["Memphis", "Jackson"], ["Marcus Jackson"])
    assert out.loc[out["text"] == "Jackson", "iso3"].isna().all()
    # A lone word with no PERSON span is no evidence; a list of lone words no name.
    assert aged_names("the driver, Jackson, 45, said") == []
    assert aged_names("sons Omar, 14, and Jordan, 11, fled", {14, 31}) == []
    assert aged_names("Ann Lee, 14, and Tom Lee, 11, fled") == ["Lee", "Lee"]


# --- Review 3, F4: a last name found as a place, read as a place ----------------------


@pytest.mark.parametrize(
    ("text", "places", "person"),
    [
        ("Defense attorney Karen Lynn Denver said her client would appeal. The hearing was "
         "moved to Denver after threats against the judge.", ["Denver"], "Karen Lynn Denver"),
        ("Mary Todd Lincoln wrote to her sister from Springfield. The letters, kept in "
         "Lincoln, Nebraska, were sold on Tuesday.", ["Springfield", "Lincoln", "Nebraska"],
         "Mary Todd Lincoln"),
        ("Mary Todd Lincoln wrote to her sister from Springfield. The letters reached "
         "Lincoln, Nebraska, on Tuesday.", ["Springfield", "Lincoln", "Nebraska"],
         "Mary Todd Lincoln"),
    ],
)  # fmt: skip
def test_a_last_name_after_a_place_word_or_before_a_state_is_the_place(
    text: str, places: list[str], person: str
) -> None:
    found = ("Denver", "Lincoln")  # found by the gazetteer pass
    out, counted = _mapped(text, places, [person], found)
    assert counted == {"USA"}
    row = out[out["text"].isin(found)]
    assert row["iso3"].fillna("").tolist() == ["USA"]


def test_the_story_dateline_is_never_the_aged_person() -> None:
    # One sense per document yields to the dateline: the wire's city is a place.
    text = "DENVER (Reuters) - Police said Karen Lynn Denver, 45, was released on Friday."
    out, counted = _mapped(text, ["DENVER"], ["Karen Lynn Denver"])
    assert counted == {"USA"}
    # ... while a "Denver" elsewhere, written as a person, is the person.
    said = text.replace("on Friday.", "on Friday. Denver told reporters she was fine.")
    out, _ = _mapped(said, ["DENVER", "Denver"], ["Karen Lynn Denver"])
    assert out.loc[out["text"] == "DENVER", "iso3"].fillna("").tolist() == ["USA"]
    assert out.loc[out["text"] == "Denver", "iso3"].isna().all()


# ------------------------------------------- one family name for two rules (ctry21)


def test_family_name_is_the_last_word_of_a_capitalised_full_name() -> None:
    from analysis.countries.people import family_name

    assert family_name("Raj Chohan") == "Chohan"
    assert family_name("Maria Ellen Henry") == "Henry"
    assert family_name("Chohan") is None  # one word: no evidence by itself
    assert family_name("Ludwig van Beethoven") is None  # not every word capitalised
    assert family_name(None) is None


def test_co_mentioned_and_person_places_read_the_same_family_names() -> None:
    """rule co_mentioned (named_otherwise) and rule person_places (_surnames) take a
    full name's family name from one declaration."""
    import pandas as pd

    from analysis import schema
    from analysis.countries.comention import named_otherwise
    from analysis.countries.people import _surnames
    from tests.factories import located_rows

    text = "Raj Chohan and Ludwig van Beethoven met. Chohan and Beethoven left."
    people = pd.DataFrame({
        "doc_id": ["d", "d"], "start": [0, 15], "end": [10, 35],
        "text": ["Raj Chohan", "Ludwig van Beethoven"], "label": ["PERSON", "PERSON"],
    })  # fmt: skip
    rows = schema.conform(located_rows(text, [("Chohan", "GPE"), ("Beethoven", "GPE")]), "mentions")
    assert named_otherwise(rows, people).tolist() == [True, False]
    assert _surnames(people, {"d": text}) == {"d": {"Chohan"}}
