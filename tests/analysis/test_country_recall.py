"""Country recall: places the model misses or tags as something else (issue 18, the
country-recall branch). One hand-written case per rule, with the rule switched off
for contrast: the gazetteer pass (add_place_mentions, cues "split_names",
"hyphen_places", "lists", "person_places"), the gazetteer's reading of abbreviated
names, and the clean-up's surname guard for country names.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from analysis import schema
from analysis.countries import PlaceCues, add_place_mentions, country_table, map_countries
from analysis.entities import clean_records
from analysis.gazetteer import candidates, expanded_name, town_candidates


def read(
    text: str, spans: list[tuple[str, str]], cues: PlaceCues | None = None
) -> tuple[list[tuple[str, str | None]], list[str]]:
    """((text, iso3) of each place mention after the gazetteer pass and mapping, the
    countries the document counts). ``spans``: (surface, label) in text order."""
    rows, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        pos = start + 1
        rows.append({"doc_id": "d", "sent_id": 0, "start": start, "end": start + len(surface),
                     "text": surface, "label": label})  # fmt: skip
    found = add_place_mentions(schema.conform(rows, "mentions"), text, cues=cues or PlaceCues())
    out = map_countries(found, texts={"d": text})
    places = out[out["label"].isin(["GPE", "LOC", "NORP", "FAC"])]
    mapped = [
        (t, None if pd.isna(i) else i) for t, i in zip(places["text"], places["iso3"], strict=True)
    ]
    return mapped, sorted(country_table(out)["iso3"])


# ------------------------------------------------------------ abbreviated names


def test_abbreviated_first_words_are_read_spelt_out() -> None:
    assert expanded_name("Ft. Worth") == "Fort Worth"
    assert expanded_name("MT. PLEASANT") == "Mount Pleasant"
    assert expanded_name("Mr. Smith") is None and expanded_name("Stanford") is None
    assert candidates("Ft. Worth")[0].iso3 == "USA"
    assert candidates("St. Paul")[0].admin1 == "MN"
    assert town_candidates("Mt. Pleasant")  # Mount Pleasant, a town in several states


def test_a_saints_name_is_only_a_large_city() -> None:
    # Schools, churches and feast days are named after saints: "St. Michael" is no
    # city of 16,000 in Minnesota and "St. Patrick" no parish of Trinidad.
    assert candidates("St. Michael") == () and town_candidates("St. Michael") == ()
    assert candidates("St. Patrick") == ()
    assert candidates("St. Louis")[0].iso3 == "USA"  # 280,000 people


# ------------------------------------------------------------ gazetteer pass cues


def test_a_name_cut_at_its_abbreviation_is_made_whole() -> None:
    text = "BOARD VOTES SPLIT\n\nST. LOUIS, March 27 - The company said its board voted."
    spans = [("ST", "GPE"), ("LOUIS", "GPE")]
    mapped, countries = read(text, spans, PlaceCues(split_names=True))
    assert mapped == [("ST. LOUIS", "USA")] and countries == ["USA"]
    mapped, countries = read(text, spans, PlaceCues(split_names=False))
    assert ("ST. LOUIS", "USA") not in mapped and countries == []


def test_places_joined_by_a_hyphen_are_places() -> None:
    text = "Talks on Egypt-Syria trade resumed. The U.S.-led force left Tbilisi."
    mapped, countries = read(text, [("Tbilisi", "GPE")])
    assert ("Egypt", "EGY") in mapped and ("Syria", "SYR") in mapped
    assert ("U.S.", "USA") in mapped and countries == ["EGY", "GEO", "SYR", "USA"]
    assert read(text, [("Tbilisi", "GPE")], PlaceCues(hyphen_places=False))[1] == ["GEO"]


def test_a_hyphen_compound_is_no_place_pair_unless_every_part_is_one() -> None:
    # A whole name ("Guinea-Bissau") is left to the model; "Texas-style" is a style,
    # "Anglo-Saxon" names no place; "Smith-Jones" is a person's name.
    text = "Guinea-Bissau cooks Texas-style ribs; Anglo-Saxon poems; Mary Smith-Jones spoke."
    mapped, _ = read(text, [("Guinea-Bissau", "GPE"), ("Mary Smith-Jones", "PERSON")])
    assert [t for t, _ in mapped] == ["Guinea-Bissau"]


def test_a_name_listed_with_a_place_is_a_place() -> None:
    text = "Voters in Georgia: Gainesville, Lovejoy and Ocilla went to the polls."
    spans = [("Georgia", "GPE"), ("Gainesville", "GPE"), ("Lovejoy", "PERSON"),
             ("Ocilla", "ORG")]  # fmt: skip
    mapped, _ = read(text, spans, PlaceCues(person_places=False))
    assert ("Lovejoy", "USA") in mapped and ("Ocilla", "USA") in mapped
    mapped, _ = read(text, spans, PlaceCues(lists=False, person_places=False))
    assert [t for t, _ in mapped] == ["Georgia", "Gainesville"]


def test_a_list_of_counties_reads_each_name_as_a_county() -> None:
    text = "Schools in Ohio and in Franklin, Licking and Knox counties closed."
    cues = PlaceCues(person_places=False)
    mapped, _ = read(text, [("Ohio", "GPE"), ("Knox", "PERSON")], cues)
    # "in Franklin" is a place by its cue; the names listed with it are counties.
    assert [t for t, _ in mapped] == ["Ohio", "Franklin", "Licking", "Knox"]
    off = dataclasses.replace(cues, lists=False)
    assert [t for t, _ in read(text, [("Ohio", "GPE")], off)[0]] == ["Ohio", "Franklin"]
    text = "Storms hit Texas, Harris and Galveston counties."
    mapped, _ = read(text, [("Texas", "GPE")], PlaceCues(person_places=False))
    assert ("Harris", "USA") in mapped and ("Galveston", "USA") in mapped


def test_a_list_of_people_gains_no_place() -> None:
    # No place is listed, and a listed name the document gives a person stays one.
    text = "Jackson, Hamilton and Madison spoke. In Ohio, Tyler Koch and Tyler met."
    spans = [("Jackson", "PERSON"), ("Hamilton", "PERSON"), ("Madison", "PERSON"),
             ("Ohio", "GPE"), ("Tyler Koch", "PERSON"), ("Tyler", "PERSON")]  # fmt: skip
    mapped, _ = read(text, spans, PlaceCues(person_places=False))
    assert [t for t, _ in mapped] == ["Ohio"]


def test_a_place_tagged_as_a_person_is_the_place() -> None:
    text = "Ohio schools: Winchester ousted from the state tournament."
    spans = [("Ohio", "GPE"), ("Winchester", "PERSON")]
    mapped, _ = read(text, spans)
    assert ("Winchester", "USA") in mapped
    mapped, _ = read(text, spans, PlaceCues(person_places=False))
    assert [t for t, _ in mapped] == ["Ohio"]


def test_a_person_keeps_a_place_name_the_document_gives_a_person() -> None:
    text = ("In Ohio, Alexander Hamilton spoke. Hamilton was cheered. Sen. Jackson came; "
            "Madison said no. Nancy waved.")  # fmt: skip
    spans = [("Ohio", "GPE"), ("Alexander Hamilton", "PERSON"), ("Hamilton", "PERSON"),
             ("Jackson", "PERSON"), ("Madison", "PERSON"), ("Nancy", "PERSON")]  # fmt: skip
    mapped, countries = read(text, spans)
    # A city no other country has ("Nancy", France) is no reason by itself either.
    assert [t for t, _ in mapped] == ["Ohio"] and countries == ["USA"]


# ------------------------------------------------------------ the surname guard


def _clean(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    rows, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        pos = start + 1
        rows.append({"doc_id": "d", "sent_id": 0, "start": start, "end": start + len(surface),
                     "text": surface, "label": label})  # fmt: skip
    return [(m["text"], m["label"]) for m in clean_records(rows, text)]


def test_a_country_ending_a_misread_person_does_not_spread_as_a_surname() -> None:
    text = "Rethinking Egypt-US ties. Egypt has changed. Egypt votes soon. Cairo is calm."
    spans = [("Rethinking Egypt", "PERSON"), ("Egypt", "GPE"), ("Egypt", "GPE"),
             ("Cairo", "GPE")]  # fmt: skip
    assert ("Egypt", "GPE") in _clean(text, spans)


def test_a_surname_that_is_a_state_still_spreads_when_used_as_one() -> None:
    text = "Denzel Washington starred. Washington smiled. Washington waved."
    spans = [("Denzel Washington", "PERSON"), ("Washington", "PERSON"), ("Washington", "GPE")]
    assert ("Washington", "GPE") not in _clean(text, spans)


def test_a_country_name_tagged_as_a_person_needs_the_story_to_name_it() -> None:
    # "met Jordan": a person, unless the story is about Jordan otherwise.
    spans = [("Paris Hilton", "PERSON"), ("Jordan", "PERSON"), ("Ohio", "GPE")]
    mapped, countries = read("Paris Hilton met Jordan in Ohio.", spans)
    assert [t for t, _ in mapped] == ["Ohio"] and countries == ["USA"]
    text = "Amman, Jordan: the king spoke. Jordan votes on Tuesday."
    mapped, _ = read(text, [("Amman", "GPE"), ("Jordan", "GPE"), ("Jordan", "PERSON")])
    assert mapped.count(("Jordan", "JOR")) == 2
