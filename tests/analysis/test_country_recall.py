"""Country recall: places the model misses or tags as something else (issue 18, the
country-recall branch). One hand-written case per rule, with the rule switched off
for contrast: the gazetteer pass (add_place_mentions, cues "split_names",
"hyphen_places", "lists", "person_places"), the gazetteer's reading of abbreviated
names, and the clean-up's surname guard for country names. Then the gazetteer pass's
other cues (analysis.countries.places and .cues): datelines, "in X", a state after a
name, places inside organisations' names, party homes, local government words, a name
standing alone.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import PlaceCues, add_place_mentions, country_table, map_countries
from analysis.countries.lexicon import lexicon
from analysis.entities import clean_records
from analysis.gazetteer import candidates, expanded_name, town_candidates
from tests.factories import located, located_rows, spans


def read(
    text: str, spans: list[tuple[str, str]], cues: PlaceCues | None = None
) -> tuple[list[tuple[str, str | None]], list[str]]:
    """((text, iso3) of each place mention after the gazetteer pass and mapping, the
    countries the document counts). ``spans``: (surface, label) in text order."""
    found = add_place_mentions(located(text, spans), text, cues=cues or PlaceCues())
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
    mapped, countries = read(text, spans)  # on by default
    assert mapped == [("ST. LOUIS", "USA")] and countries == ["USA"]
    # A dateline is also read whole by cue "datelines" (the model's places inside it
    # give way); off the dateline, only cue "split_names" joins the parts.
    mapped, countries = read(text, spans, PlaceCues(split_names=False, datelines=False))
    assert ("ST. LOUIS", "USA") not in mapped and countries == []
    text = "The company said its board met in ST. LOUIS on Friday."
    mapped, countries = read(text, spans)
    assert mapped == [("ST. LOUIS", "USA")] and countries == ["USA"]
    mapped, countries = read(text, spans, PlaceCues(split_names=False))
    assert ("ST. LOUIS", "USA") not in mapped and countries == []


def test_places_joined_by_a_hyphen_are_places() -> None:
    text = "Talks on Egypt-Syria trade resumed. The U.S.-led force left Tbilisi."
    mapped, countries = read(text, [("Tbilisi", "GPE")])
    assert ("Egypt", "EGY") in mapped and ("Syria", "SYR") in mapped
    assert ("U.S.", "USA") in mapped and countries == ["EGY", "GEO", "SYR", "USA"]
    assert read(text, [("Tbilisi", "GPE")], PlaceCues(hyphen_places=False))[1] == ["GEO"]


def test_a_place_before_based_is_read_though_the_gazetteer_knows_the_compound() -> None:
    # "U.S.-based" is a curated demonym (mapped when the model tags it NORP); when the
    # model tags nothing, the pass reads its place as it reads "Gori-based".
    text = "FRANKFURT, March 30 - Plans by the U.S.-based ICN Inc to issue a bond are in doubt."
    mapped, countries = read(text, [("FRANKFURT", "GPE"), ("ICN Inc", "ORG")])
    assert ("U.S.", "USA") in mapped and countries == ["DEU", "USA"]
    # Tagged whole by the model, it is read once, as the demonym.
    mapped, _ = read(text, [("FRANKFURT", "GPE"), ("U.S.-based", "NORP"), ("ICN Inc", "ORG")])
    assert [m for m in mapped if m[1] == "USA"] == [("U.S.-based", "USA")]
    # A compound known whole as a demonym of a place's name stays whole: "Guinea-Bissauan".
    mapped, _ = read("A Guinea-Bissauan boat sank.", [("Guinea-Bissauan", "NORP")])
    assert mapped == [("Guinea-Bissauan", "GNB")]


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


def test_each_speech_verb_of_the_lexicon_file_keeps_a_name_a_person() -> None:
    # The verbs are data (data/country_lexicon.json "speech_verbs", with their provenance),
    # read once by analysis.countries.lexicon; the control shows the cue would fire.
    verbs = lexicon()["speech_verbs"]
    assert {"said", "told", "testified"} <= set(verbs) and "speech_verbs" in lexicon()["_meaning"]
    spans = [("Ohio", "GPE"), ("Madison", "PERSON")]
    assert ("Madison", "USA") in read("Ohio voted. Madison won the vote.", spans)[0]
    for verb in verbs:
        mapped, _ = read(f"Ohio voted. Madison {verb} the vote was close.", spans)
        assert [t for t, _ in mapped] == ["Ohio"], verb


# ------------------------------------------------------------ the surname guard


def _clean(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(m["text"], m["label"]) for m in clean_records(located_rows(text, spans), text)]


def test_a_country_ending_a_misread_person_does_not_spread_as_a_surname() -> None:
    text = "Rethinking Egypt-US ties. Egypt has changed. Egypt votes soon. Cairo is calm."
    spans = [("Rethinking Egypt", "PERSON"), ("Egypt", "GPE"), ("Egypt", "GPE"),
             ("Cairo", "GPE")]  # fmt: skip
    assert ("Egypt", "GPE") in _clean(text, spans)


def test_a_surname_that_is_a_state_still_spreads_when_used_as_one() -> None:
    text = "Denzel Washington starred. Washington smiled. Washington waved."
    spans = [("Denzel Washington", "PERSON"), ("Washington", "PERSON"), ("Washington", "GPE")]
    assert ("Washington", "GPE") not in _clean(text, spans)


def test_a_surname_the_model_calls_an_organisation_more_than_a_place_spreads() -> None:
    """ "Martha Bavaria ... Bavaria said ... But Bavaria declined": the model's two ORG
    tags outvote its one GPE, so the surname is the person's throughout (unseen Reuters
    news: a regulator named like a German state)."""
    text = "Martha Bavaria chairs the board. Bavaria said no. But Bavaria declined. Bavaria left."
    spans = [("Martha Bavaria", "PERSON"), ("Bavaria", "ORG"), ("Bavaria", "GPE"),
             ("Bavaria", "ORG")]  # fmt: skip
    assert _clean(text, spans).count(("Bavaria", "PERSON")) == 3


def test_a_country_name_tagged_as_a_person_needs_the_story_to_name_it() -> None:
    # "met Jordan": a person, unless the story is about Jordan otherwise.
    spans = [("Paris Hilton", "PERSON"), ("Jordan", "PERSON"), ("Ohio", "GPE")]
    mapped, countries = read("Paris Hilton met Jordan in Ohio.", spans)
    assert [t for t, _ in mapped] == ["Ohio"] and countries == ["USA"]
    text = "Amman, Jordan: the king spoke. Jordan votes on Tuesday."
    mapped, _ = read(text, [("Amman", "GPE"), ("Jordan", "GPE"), ("Jordan", "PERSON")])
    assert mapped.count(("Jordan", "JOR")) == 2


def test_extra_places_from_a_dateline_a_locative_and_a_state_after() -> None:
    from analysis.countries import GAZETTEER_RULE, extra_place_mentions

    text = (
        "Suspect struck by car. ROSWELL - A man was struck. Daniel Hufstetler of Roswell "
        "was hurt. He moved from Chapin, S.C. last year."
    )
    frame = spans(("Daniel Hufstetler", "PERSON", text.index("Daniel")))
    extra = extra_place_mentions(text, frame)
    assert extra["text"].tolist() == ["ROSWELL", "Roswell", "Chapin", "S.C."]
    assert set(extra["label"]) == {"GPE"} and set(extra["rule"]) == {GAZETTEER_RULE}
    assert list(extra.columns) == list(schema.MENTIONS)
    out = map_countries(pd.concat([frame, extra], ignore_index=True))
    assert out["iso3"].dropna().tolist() == ["USA"] * 4
    assert out["rule"].dropna().unique().tolist() == [GAZETTEER_RULE]


def test_extra_places_need_a_cue_and_leave_place_mentions_alone() -> None:
    from analysis.countries import extra_place_mentions

    text = "Paris Hilton met Jordan and visited Gainesville."
    frame = spans(("Paris Hilton", "PERSON", 0), ("Jordan", "PERSON", 17))
    assert extra_place_mentions(text, frame).empty  # no cue, and "Gainesville" has none
    text = "Officials in Gainesville said so."
    gpe = spans(("Gainesville", "GPE", text.index("Gainesville")))
    assert extra_place_mentions(text, gpe).empty  # already a place
    assert extra_place_mentions(text, gpe.iloc[0:0]).empty  # no document id to give


def test_a_place_opening_an_organisation_name_is_found_inside_it() -> None:
    from analysis.countries import add_place_mentions

    text = "The Gainesville Police Department said Tuesday."
    frame = spans(("The Gainesville Police Department", "ORG", 0))
    out = add_place_mentions(frame, text)
    assert out[["text", "label"]].values.tolist() == [
        ["The Gainesville Police Department", "ORG"],
        ["Gainesville", "GPE"],
    ]


def test_add_place_mentions_relabels_an_exact_span() -> None:
    from analysis.countries import add_place_mentions

    text = "The festival is today in Rock Hill, organisers said."
    frame = spans(("Rock Hill", "PERSON", text.index("Rock")))
    out = add_place_mentions(frame, text)
    assert out[["text", "label", "rule"]].values.tolist() == [["Rock Hill", "GPE", "gazetteer"]]
    assert map_countries(out)["iso3"].tolist() == ["USA"]


@pytest.mark.parametrize(
    ("text", "label", "places"),
    [
        ("Northeast Texas Community College", "ORG", ["Texas"]),
        ("the US State Department", "ORG", ["US"]),
        ("Tour de France", "EVENT", ["France"]),
        ("Henderson County Crimestoppers", "ORG", ["Henderson County"]),
        # A longer place hides the shorter one; abbreviations and persons never count.
        ("New England Patriots", "ORG", []),
        ("Jersey City Council", "ORG", ["Jersey City"]),  # the city, not Jersey
        ("Miss America Pageant", "EVENT", ["America"]),  # not Mississippi
        ("Long Island Rail Road", "ORG", []),
        ("Virginia Woolf", "PERSON", []),
    ],
)
def test_a_country_state_or_county_inside_a_name_is_a_place(
    text: str, label: str, places: list[str]
) -> None:
    from analysis.countries import extra_place_mentions

    sentence = f"Officials from {text} spoke on Monday."
    frame = spans((text, label, sentence.index(text)))
    assert extra_place_mentions(sentence, frame)["text"].tolist() == places


def test_a_local_government_word_makes_a_one_country_town_a_place() -> None:
    from analysis.countries import add_place_mentions

    text = "Donors met at Whitestown Town Hall. Whitestown thanked them."
    frame = spans(
        ("Whitestown Town Hall", "FAC", text.index("Whitestown")),
        ("Whitestown", "ORG", text.rindex("Whitestown")),
    )
    out = map_countries(add_place_mentions(frame, text))
    places = out[out["label"] == "GPE"]
    # The hall names the town; the same name tagged ORG later is the town again.
    assert places[["text", "start", "iso3"]].values.tolist() == [
        ["Whitestown", text.index("Whitestown"), "USA"],
        ["Whitestown", text.rindex("Whitestown"), "USA"],
    ]
    # An Athens could be anywhere: an ambiguous name needs more than its council.
    text = "The Athens Town Council met on Monday."
    frame = spans(("Athens Town Council", "ORG", 4))
    assert add_place_mentions(frame, text)["label"].tolist() == ["ORG"]


def test_a_name_used_as_a_place_once_is_not_an_organisation_elsewhere() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = "Residents of Grapeland met. Grapeland said no."
    frame = spans(
        ("Grapeland", "GPE", text.index("Grapeland")),
        ("Grapeland", "ORG", text.rindex("Grapeland")),
    )
    assert add_place_mentions(frame, text)["label"].tolist() == ["GPE", "GPE"]
    off = add_place_mentions(frame, text, cues=PlaceCues(same_name=False))
    assert off["label"].tolist() == ["GPE", "ORG"]
    # A person tag gives way too ("Lexington" the model took for a person) ...
    text = "Lexington voters met. Lexington said no."
    frame = spans(("Lexington", "GPE", 0), ("Lexington", "PERSON", text.rindex("Lexington")))
    assert add_place_mentions(frame, text)["label"].tolist() == ["GPE", "GPE"]
    # ... unless the document names a person so: the state and George Washington.
    text = "Washington voted as George Washington had hoped. Washington smiled."
    frame = spans(
        ("Washington", "GPE", 0),
        ("George Washington", "PERSON", text.index("George")),
        ("Washington", "PERSON", text.rindex("Washington")),
    )
    assert add_place_mentions(frame, text)["label"].tolist() == ["GPE", "PERSON", "PERSON"]


def test_an_organisations_home_makes_no_other_mention_of_its_name_a_place() -> None:
    """The model's ORG "Liberal" (of "the Liberal party") is read as the home of the
    organisation it names (Liberal, Kansas): that is no evidence that its other mentions
    are the town ("the Liberal vote"), as a place the document names would be."""
    from analysis.countries import add_place_mentions

    text = "A member of the Liberal party spoke in Leeds. She said the Liberal vote rose."
    frame = spans(
        ("Liberal", "ORG", text.index("Liberal")),
        ("Leeds", "GPE", text.index("Leeds")),
        ("Liberal", "ORG", text.rindex("Liberal")),
    )
    got = add_place_mentions(frame, text)
    tail = got[got["start"] == text.rindex("Liberal")]
    assert tail["label"].tolist() == ["ORG"]


def test_one_sense_per_document_reads_a_name_in_any_case() -> None:
    """A headline's "Elmhurst", tagged ORG, is the place its dateline "ELMHURST, Ill."
    names (one sense per document, whatever the case)."""
    from analysis.countries import add_place_mentions

    text = "Elmhurst students vote on fee.\n\nELMHURST, Ill. (AP) - Students voted today."
    frame = spans(("Elmhurst", "ORG", 0), ("ELMHURST", "GPE", text.index("ELMHURST")))
    got = add_place_mentions(frame, text)
    assert got.loc[got["start"] == 0, "label"].tolist() == ["GPE"]


def test_a_politicians_party_and_home_names_a_us_place() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = (
        "Rep. Torrey Westrom, R-Elbow Lake, said so. Rep. Charles Rangel, D-N.Y., agreed, "
        "as did Sen. Hugh Leatherman, R-Florence. D-Day was remembered."
    )
    frame = spans(
        ("Torrey Westrom", "PERSON", text.index("Torrey")),
        ("R-Florence", "ORG", text.index("R-Florence")),
        ("D-Day", "EVENT", text.index("D-Day")),
    )
    out = map_countries(add_place_mentions(frame, text), texts={"d": text})
    places = out[out["label"] == "GPE"]
    assert places[["text", "iso3"]].values.tolist() == [
        ["Elbow Lake", "USA"],
        ["N.Y.", "USA"],
        ["Florence", "USA"],  # the US register: not Italy's
    ]
    # The model's "R-Florence" gives way to the place; "D-Day" stays an event.
    assert "R-Florence" not in out["text"].tolist() and "D-Day" in out["text"].tolist()
    off = add_place_mentions(frame, text, cues=PlaceCues(party_homes=False))
    assert "Elbow Lake" not in off["text"].tolist()


def test_more_place_cues_colon_datelines_untagged_institutions_and_of_place() -> None:
    from analysis.countries import extra_place_mentions

    text = (
        "Drug bust near airport. BEIRUT: A dealer was held. A spokesperson for the "
        "Byesville Volunteer Fire Department said so, as did the University of Hartford."
    )
    frame = spans(("University of Hartford", "ORG", text.index("University")))
    extra = extra_place_mentions(text, frame)
    assert extra["text"].tolist() == ["BEIRUT", "Byesville", "Hartford"]
    # (In one story with Beirut the small US places would be strays; apart they map.)
    assert map_countries(extra.iloc[:1])["iso3"].tolist() == ["LBN"]
    assert map_countries(extra.iloc[1:])["iso3"].tolist() == ["USA", "USA"]
    # "of <place>" reads like any weak cue: an Athens needs its country named.
    text = "Students of the University of Athens marched."
    frame = spans(("University of Athens", "ORG", text.index("University")))
    assert extra_place_mentions(text, frame).empty


def test_an_untagged_country_or_state_standing_alone_is_a_place() -> None:
    from analysis.countries import PlaceCues, extra_place_mentions

    text = "This yellow brick Ontario cottage was built by Chad Johnson, a Virginia Tech fan."
    frame = spans(("Chad Johnson", "PERSON", text.index("Chad")))
    # "Ontario" alone; not "Chad" (a person's name) nor "Virginia" (inside "Virginia Tech").
    assert extra_place_mentions(text, frame)["text"].tolist() == ["Ontario"]
    assert extra_place_mentions(text, frame, cues=PlaceCues(standalone=False)).empty
    # A name the model tagged is left to the model: "Georgia" the person.
    text = "Georgia said she would run."
    assert extra_place_mentions(text, spans(("Georgia", "PERSON", 0))).empty


def test_a_dateline_wins_over_a_name_the_model_found_inside_it() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = "Vote set. ISLE OF PALMS — Two members of the city board will run."
    frame = spans(("PALMS", "ORG", text.index("PALMS")))
    out = add_place_mentions(frame, text)
    assert out[["text", "label"]].values.tolist() == [["ISLE OF PALMS", "GPE"]]
    assert map_countries(out)["iso3"].tolist() == ["USA"]
    off = add_place_mentions(frame, text, cues=PlaceCues(datelines=False))
    assert off["text"].tolist() == ["PALMS"]
    # A person inside a longer capitalised run is left alone when the run is no place.
    text = "News. JOHN SMITH SAID — nothing."
    frame = spans(("JOHN SMITH", "PERSON", text.index("JOHN")))
    assert add_place_mentions(frame, text)["text"].tolist() == ["JOHN SMITH"]


def test_a_dateline_wins_over_a_shorter_place_the_model_found_inside_it() -> None:
    """The dateline's name is read whole: a place the model found inside it ("COLORADO"
    of "COLORADO SPRINGS") gives way, and no tail of it ("SPRINGS", a town of its own)
    is read after its state. Found in Reuters-21578 datelines ("PALO ALTO" read as
    "ALTO", "THE HAGUE" as "HAGUE")."""
    from analysis.countries import PlaceCues, add_place_mentions

    text = "PLANT TO CLOSE\n\nCOLORADO SPRINGS, Colo., May 4 - A maker of valves said."
    frame = spans(("COLORADO", "GPE", text.index("COLORADO")))
    out = add_place_mentions(frame, text)
    assert out["text"].tolist() == ["COLORADO SPRINGS", "Colo."]
    mapped = map_countries(out, texts={"d": text})
    assert mapped["iso3"].tolist() == ["USA", "USA"]
    off = add_place_mentions(frame, text, cues=PlaceCues(datelines=False))
    assert "COLORADO SPRINGS" not in off["text"].tolist()
    # A tail is not read alone after the state either, when the model tagged a word
    # of the name as something else.
    text = "NEW OFFICE\n\nSADDLE RIVER, N.J., May 4 - A bank said it opened."
    frame = spans(("SADDLE", "ORG", text.index("SADDLE")))
    assert add_place_mentions(frame, text)["text"].tolist()[0] == "SADDLE RIVER"
    # A dateline the gazetteer cannot read leaves the model's place as it was.
    text = "NEW OFFICE\n\nGRONKVILLE SPRINGS, Colo., May 4 - A bank said it opened."
    frame = spans(("Colo.", "GPE", text.index("Colo.")))
    assert "GRONKVILLE SPRINGS" not in add_place_mentions(frame, text)["text"].tolist()


def test_a_line_stamped_with_its_filing_date_is_a_dateline_read_whole() -> None:
    """A line stamped with its filing date ("MEXICO CITY 2024-05-02", the wire form of
    CoNLL-2003's stories) is a dateline too: the model's "MEXICO" gives way to the city,
    and a place the model missed there is found."""
    from analysis.countries import PlaceCues, add_place_mentions

    text = "QUAKE SHAKES CAPITAL.\nMEXICO CITY 2024-05-02\nA strong quake shook buildings."
    frame = spans(("MEXICO", "GPE", text.index("MEXICO")))
    out = add_place_mentions(frame, text)
    assert out["text"].tolist() == ["MEXICO CITY"]
    assert map_countries(out, texts={"d": text})["iso3"].tolist() == ["MEX"]
    off = add_place_mentions(frame, text, cues=PlaceCues(datelines=False))
    assert off["text"].tolist() == ["MEXICO"]
    text = "ENVOY ARRIVES.\nSANTIAGO, Chile 2024-05-02\nThe envoy met ministers on Friday."
    out = add_place_mentions(spans(("Chile", "GPE", text.index("Chile"))), text)
    assert out["text"].tolist() == ["SANTIAGO", "Chile"]


def test_a_state_abbreviation_in_capitals_qualifies_its_dateline() -> None:
    """A short state abbreviation in capitals with its dot ("ILL.", "PA.", "WIS.")
    reads as the state, so the dateline's place is qualified by it: a US place, no
    stray in a story about another country. Without its dot, or when it abbreviates
    no state or province the gazetteer reads, it is left alone."""
    from analysis.countries.cues import qualifier_span

    assert [c.admin1 for c in candidates("ILL.")][:1] == ["IL"]
    assert [c.admin1 for c in candidates("WIS.")][:1] == ["WI"]
    assert [c.iso3 for c in candidates("ONT.")][:1] == ["CAN"]
    assert candidates("IND") == () and candidates("MAN.") == ()
    text = "FIRM SELLS STAKE IN ITALIAN VENTURE\n\nHOFFMAN ESTATES, ILL., May 4 - A foods "
    text += "company said it sold its half of a pasta maker based in Milan, Italy."
    at = text.index("HOFFMAN")
    assert qualifier_span(text, at + len("HOFFMAN ESTATES"), at) is not None
    mapped, counted = read(text, [("Milan", "GPE"), ("Italy", "GPE")])
    assert ("HOFFMAN ESTATES", "USA") in mapped and counted == ["ITA", "USA"]
    # The model's ORG cut before the dot ("WIS") is the same name: the state is read, and
    # a city named like a person ("MADISON") is read in it.
    text = "UTILITY VOTES PAYOUT\n\nMADISON, WIS., May 4 - A power company said it voted."
    mapped, counted = read(text, [("MADISON", "GPE"), ("WIS", "ORG")])
    assert mapped == [("MADISON", "USA"), ("WIS.", "USA")] and counted == ["USA"]
    # ... and so is its place cut before the dot that reads as nothing alone ("MO" is an
    # acronym): the dotted state replaces it (branch ctry28; it had been an unknown
    # place of the story's country).
    text = "RAILROAD SETS PAYOUT\n\nKANSAS CITY, MO., May 4 - A railroad said it voted."
    mapped, counted = read(text, [("KANSAS CITY", "GPE"), ("MO", "GPE")])
    assert mapped == [("KANSAS CITY", "USA"), ("MO.", "USA")] and counted == ["USA"]


def test_a_metropolitan_area_is_a_place_whatever_the_model_called_it() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = "Too few return drugs, according to Metro Vancouver. Its officials agree."
    frame = spans(("Metro Vancouver", "ORG", text.index("Metro")))
    out = add_place_mentions(frame, text)
    assert out["label"].tolist() == ["GPE"]
    assert map_countries(out)["iso3"].tolist() == ["CAN"]
    assert add_place_mentions(frame, text, cues=PlaceCues(inside_names=False))[
        "label"
    ].tolist() == ["ORG"]


def test_a_place_named_like_a_word_needs_its_country_named_after_a_weak_cue() -> None:
    from analysis.countries import add_place_mentions

    text = "Storms hit Alabama. Roads closed in Mobile on Monday."
    frame = spans(("Alabama", "GPE", text.index("Alabama")))
    out = map_countries(add_place_mentions(frame, text))
    assert out[["text", "iso3"]].values.tolist() == [["Alabama", "USA"], ["Mobile", "USA"]]
    # Named nowhere: "in Mobile" may be a phone.
    text = "Storms hit. Roads closed in Mobile on Monday."
    frame = spans(("Monday", "DATE", text.index("Monday")))
    assert add_place_mentions(frame, text)["text"].tolist() == ["Monday"]


def test_a_county_opening_an_office_name_is_the_county_not_its_namesake() -> None:
    from analysis.countries import add_place_mentions

    text = "Ohio officials heard from the Franklin County Auditor's Office on Monday."
    start = text.index("Franklin")
    frame = spans(
        ("Ohio", "GPE", 0), ("Franklin County Auditor's Office", "ORG", start)
    )  # fmt: skip
    out = add_place_mentions(frame, text)
    assert "Franklin County" in out["text"].tolist() and "Franklin" not in out["text"].tolist()
    # A county the gazetteer does not know leaves its place: "Mayo County Council" (in
    # an Irish story: "gardai").
    text = "Mayo County Council said the plan was fine, gardai said."
    frame = spans(("Mayo County Council", "ORG", 0))
    assert "Mayo" in add_place_mentions(frame, text)["text"].tolist()


def test_every_cue_of_the_pass_is_a_switch_and_a_step() -> None:
    """The pass runs its cues from one list: each is a PlaceCues switch and a _Pass step,
    and every switch but those read elsewhere is in it."""
    import dataclasses

    from analysis.countries import PlaceCues, places

    fields = {f.name for f in dataclasses.fields(PlaceCues)}
    assert set(places._PASS_CUES) <= fields
    assert all(callable(getattr(places._Pass, cue)) for cue in places._PASS_CUES)
    # cues.py, _Pass.of; org_heads and initials are read by the cued windows' loop.
    read_elsewhere = {"qualified", "before", "after", "unread_groups", "org_heads", "initials"}
    assert fields - set(places._PASS_CUES) == read_elsewhere


@pytest.mark.parametrize(
    ("form", "iso3"),
    [("Sinhalese", "LKA"), ("Azeri", "AZE"), ("Azerbaijanis", "AZE"), ("Batswana", "BWA"),
     ("Basotho", "LSO"), ("Maldivians", "MDV"), ("Timorese", "TLS"), ("Macanese", "MAC"),
     ("Welshman", "GBR"), ("Scotsmen", "GBR")],
)  # fmt: skip
def test_national_demonyms_the_packages_lack_are_read(form: str, iso3: str) -> None:
    # Found by reading every sovereign state's demonyms (singular, plural, people's
    # name) against the gazetteer: these had no reading at all.
    mapped, countries = read(f"Many {form} voted on Monday.", [(form, "NORP")])
    assert mapped == [(form, iso3)] and countries == [iso3]


def test_a_place_the_model_tagged_in_a_list_of_counties_is_that_county() -> None:
    from analysis.countries import ContextRules

    # "Navarro" alone is a city in Argentina; before "Henderson and Ellis counties" it
    # is Navarro County, Texas (the names the model missed are read so by "lists").
    text = "Offices in Navarro, Henderson and Ellis counties joined the task force."
    frame = schema.conform(
        [{"doc_id": "d", "sent_id": 0, "start": 11, "end": 18, "text": "Navarro",
          "label": "GPE"}],
        "mentions",
    )  # fmt: skip
    assert map_countries(frame, texts={"d": text})["iso3"].tolist() == ["USA"]
    off = ContextRules(longer_names=False)
    assert map_countries(frame, texts={"d": text}, context=off)["iso3"].tolist() != ["USA"]
    # A place merely followed by a list of other places is left as it is.
    plain = "Offices in Navarro, Henderson and Ellis joined the task force."
    assert map_countries(frame, texts={"d": plain})["iso3"].tolist() != ["USA"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Storms hit Texas and Oklahoma counties on Monday.", ("Texas", "Oklahoma")),
        ("Flooding hit Ohio and Kentucky counties.", ("Ohio", "Kentucky")),
        ("Boone County's figure is near the middle of Indiana counties.", ("Indiana",)),
        ("Fires burned in Washington and Oregon counties.", ("Washington", "Oregon")),
    ],
)
def test_a_state_before_counties_names_its_counties_not_a_county(
    text: str, names: tuple[str, ...]
) -> None:
    # "Texas and Oklahoma counties" are the counties of two states: each stays a state,
    # though Texas County (MO) and Oklahoma County (OK) exist.
    frame = spans(*((n, "GPE", text.index(n)) for n in names))
    out = map_countries(frame, texts={"d": text})
    assert out["iso3"].tolist() == ["USA"] * len(names)
    assert out["rule"].tolist() == ["us_state"] * len(names)


def test_a_state_name_is_a_county_when_the_text_writes_that_county() -> None:
    text = "Texas County deputies helped in Texas and Wright counties."
    frame = spans(("Texas", "GPE", text.index("Texas and")))
    assert map_countries(frame, texts={"d": text})["rule"].tolist() == ["us_county"]


def test_a_long_list_of_counties_is_read_however_long() -> None:
    from analysis.countries.compounds import counties_after

    # Storm reports list a dozen counties and more; no character window may cut them.
    names = ["Henderson", "Ellis", "Kaufman", "Rockwall", "Collin", "Denton", "Tarrant",
             "Johnson", "Hill", "Hood", "Parker", "Wise", "Freestone", "Limestone"]  # fmt: skip
    text = f"Storms hit Navarro, {', '.join(names[:-1])} and {names[-1]} counties on Monday."
    assert len(text) > 150 and counties_after(text, text.index("Navarro") + 7) == "counties"
    frame = spans(("Navarro", "GPE", text.index("Navarro")))
    out = map_countries(frame, texts={"d": text})
    assert out[["iso3", "rule"]].values.tolist() == [["USA", "us_county"]]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # Invented: the words after the comma open a longer name, no state or country.
        ("Growers shipped wheat to Moscow, New York Stock Exchange traders said.", []),
        ("Wheat left Moscow, Georgia Tech researchers said.", []),
        # A whole state after the comma is still the cue "qualified".
        ("He moved from Chapin, S.C. The next year he left.", ["Chapin", "S.C."]),
        ("Wheat left Edmonton, Alberta, police said.", ["Edmonton", "Alberta"]),
        ("Wheat left Long Island, New York on Monday.", ["Long Island", "New York"]),
        # Invented (branch cacc): a qualifier of three words, an abbreviated state whose
        # dot ends the sentence, a state on a line in capitals.
        (
            "Cargo reached Jebel Ali, United Arab Emirates on Monday.",
            ["Jebel Ali", "United Arab Emirates"],
        ),
        ("He moved from Hazard, Ky. The next year he left.", ["Hazard", "Ky."]),
        ("A STORM NEAR LUFKIN, TEXAS KILLS TWO", ["LUFKIN", "TEXAS"]),
        # Branch cfix (review 5, F3): a company word after the state ends no name.
        ("FIRE AT A HAZARD, KENTUCKY GROUP HOME KILLS TWO", ["HAZARD", "KENTUCKY"]),
    ],
)
def test_the_qualified_cue_reads_only_a_whole_name(text: str, places: list[str]) -> None:
    from analysis.countries import extra_place_mentions

    extra = extra_place_mentions(text, spans(("He", "PERSON", 0)))
    assert [t for t in extra["text"] if t != "Moscow"] == places
