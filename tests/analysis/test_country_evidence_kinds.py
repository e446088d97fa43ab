"""The evidence kinds the scoring step gained when the last ordered rules moved into it
(analysis.countries.scoring.WEIGHTS): a story's own dateline in a paper at home
elsewhere ("dateline"), a food or culture word ("culture_word"), a hometown
("hometown", "hometown_name"), a stray weighed in the last round ("stray") and a
derived demonym ("derived_demonym").

Hand-written sentences, one or more per evidence kind; each test also checks that the
evidence shows in the scored readings (what the Countries page's evidence view reads).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.countries import ContextRules, map_countries, mention_readings
from analysis.countries.scoring import Choice
from tests.factories import located, spans


def frame(text: str, spans: list[tuple[str, str]], doc: str = "d") -> pd.DataFrame:
    """A MENTIONS frame of ``spans`` ((surface, label), in order of appearance)."""
    return located(text, spans, doc_id=doc)


def run(
    text: str, spans: list[tuple[str, str]], **kwargs: object
) -> tuple[list[tuple[object, object]], dict[object, Choice]]:
    """[(iso3, rule)] per span, and the scored readings by row."""
    explain: dict[object, Choice] = {}
    out = map_countries(frame(text, spans), texts={"d": text}, explain=explain, **kwargs)
    pairs = [(None if pd.isna(i) else i, None if pd.isna(r) else r)
             for i, r in zip(out["iso3"], out["rule"], strict=True)]  # fmt: skip
    return pairs, explain


def kinds(choice: Choice) -> set[str]:
    """The evidence kinds of the winning reading of ``choice``."""
    won = next(s for s in choice.readings if s.candidate is choice.chosen)
    return {k for k, _ in won.evidence}


# ---------------------------------------------------------------- dateline


MALTA = "MALTA - About 5,000 books are stacked near the library entrance in Malta."
MALTA_SPANS = [("MALTA", "GPE"), ("Malta", "GPE")]


def test_a_local_papers_dateline_is_its_home_namesake() -> None:
    # The paper is at home in the US (learnt from its other stories): its own
    # dateline, and every mention of that name in the story, is the US namesake.
    pairs, explain = run(MALTA, MALTA_SPANS, homes={"d": "USA"})
    assert [p[0] for p in pairs] == ["USA", "USA"]
    assert "dateline" in kinds(explain[0]) and "dateline" in kinds(explain[1])
    # Without a home, or with the rule off, the country stands.
    assert [p[0] for p in run(MALTA, MALTA_SPANS)[0]] == ["MLT", "MLT"]
    off = ContextRules(dateline_homes=False)
    assert [p[0] for p in run(MALTA, MALTA_SPANS, homes={"d": "USA"}, context=off)[0]] == [
        "MLT", "MLT"
    ]  # fmt: skip


def test_a_wire_dateline_or_a_story_about_the_country_keeps_the_country() -> None:
    wire = "MALTA (Reuters) - The government of Malta cut taxes."
    pairs, _ = run(wire, MALTA_SPANS, homes={"d": "USA"})
    assert [p[0] for p in pairs] == ["MLT", "MLT"]
    # Another mention names Malta (the country): the dateline is Malta's.
    text = "MALTA - Ministers met in Valletta on Monday."
    pairs, _ = run(text, [("MALTA", "GPE"), ("Valletta", "GPE")], homes={"d": "USA"})
    assert pairs[0][0] == "MLT"
    # A dateline further into the text is no dateline of the story.
    late = "Books. " + "The sale goes on. " * 30 + "MALTA - More books in Malta."
    assert [p[0] for p in run(late, MALTA_SPANS, homes={"d": "USA"})[0]] == ["MLT", "MLT"]


# ---------------------------------------------------------------- culture words


def test_a_culture_word_is_evidence_against_a_demonym() -> None:
    text = "Officials in Paris served French fries and spoke about France."
    spans = [("Paris", "GPE"), ("French", "NORP"), ("France", "GPE")]
    pairs, explain = run(text, spans)
    assert pairs[1] == (None, None)
    assert explain[1].chosen.rule == "modifier" and kinds(explain[1]) == {"culture_word"}
    # Its demonym reading is shown beside it, beaten.
    assert any(s.candidate.rule == "demonym" for s in explain[1].readings)
    # A demonym read through a compass word is one too ("West German" -> "German").
    pairs, _ = run("They ate West German sausages.", [("West German", "NORP")])
    assert pairs == [(None, None)]
    # ... and a country name before the same word is still the country.
    pairs, _ = run("Turkey sandwiches and Turkey's leaders.", [("Turkey", "GPE")])
    assert pairs == [("TUR", "name")]


def test_the_evidence_view_lists_a_culture_word_set_aside() -> None:
    text = "Officials in Paris served French fries and spoke about France."
    spans = [("Paris", "GPE"), ("French", "NORP"), ("France", "GPE")]
    table = mention_readings(frame(text, spans), {"d": text}, "FRA", ["d"])
    french = table[table["text"] == "French"].iloc[0]
    assert pd.isna(french["iso3"]) and french["rule"] == "modifier"
    assert "culture_word" in french["evidence"] and "FRA demonym" in french["alternatives"]


# ---------------------------------------------------------------- hometowns


def test_a_hometown_reads_as_the_namesake_town_with_its_evidence() -> None:
    text = "A Lebanon woman was hurt on Route 9 in Ohio on Monday."
    pairs, explain = run(text, [("Lebanon", "GPE"), ("Ohio", "GPE")])
    assert pairs[0] == ("USA", "city")  # Lebanon, Ohio
    assert kinds(explain[0]) == {"hometown"}
    # The country reading is shown, beaten by its hometown evidence.
    lbn = next(s for s in explain[0].readings if s.candidate.iso3 == "LBN")
    assert "hometown_name" in {k for k, _ in lbn.evidence} and lbn.score < 0
    # The rule switched off: the country.
    pairs, _ = run(text, [("Lebanon", "GPE"), ("Ohio", "GPE")],
                   context=ContextRules(hometowns=False))  # fmt: skip
    assert pairs[0] == ("LBN", "name")


# ---------------------------------------------------------------- strays, derived


def test_a_stray_is_scored_in_the_last_round() -> None:
    text = "Talks in Baghdad and Basra went on while Trapani waited."
    spans = [("Baghdad", "GPE"), ("Basra", "GPE"), ("Trapani", "GPE")]
    pairs, explain = run(text, spans)
    assert pairs[2] == (None, None)
    assert explain[2].chosen is None
    assert {k for k, _ in explain[2].readings[0].evidence} == {"default", "stray"}
    assert run(text, spans, context=ContextRules(strays=False))[0][2] == ("ITA", "city")


def test_a_derived_demonym_is_a_scored_reading() -> None:
    pairs, explain = run("About 8,000 Minnesotans will work.", [("Minnesotans", "NORP")])
    assert pairs == [("USA", "demonym")]
    assert kinds(explain[0]) == {"derived_demonym"}
    # Before a culture word it is no country either ("Texan food").
    pairs, explain = run("They ate Texan food.", [("Texan", "NORP")])
    assert pairs == [(None, None)] and explain[0].chosen.rule == "modifier"


def test_a_wire_story_takes_no_home_from_the_paper_that_prints_it() -> None:
    # A paper at home in Canada: its own "LONDON -" story is London, Ontario; a
    # Reuters story it prints ("LONDON (Reuters) -") is London, England.
    own = "LONDON - Shoppers crowded the stores on Monday."
    wire = "LONDON (Reuters) - Shoppers crowded the stores on Monday."
    spans = [("LONDON", "GPE")]
    assert run(own, spans, homes={"d": "CAN"})[0][0][0] == "CAN"
    assert run(wire, spans, homes={"d": "CAN"})[0][0][0] == "GBR"
    # Two rules keep the wire's London: dateline_homes (the paper's home is no
    # evidence for a wire story) and wire_datelines (a wire names the city alone).
    off = ContextRules(dateline_homes=False, wire_datelines=False)
    assert run(wire, spans, homes={"d": "CAN"}, context=off)[0][0][0] == "CAN"
    for alone in ("dateline_homes", "wire_datelines"):
        one_off = ContextRules(**{alone: False})
        assert run(wire, spans, homes={"d": "CAN"}, context=one_off)[0][0][0] == "GBR"


def test_a_city_written_as_a_hometown_leaves_its_other_mentions_be() -> None:
    # "Winona residents": the city stays the city, and the "Winona" the gazetteer pass
    # found inside "Winona Daily News" stays that organisation's home.
    text = "Winona residents read the Winona Daily News every day."
    rows = frame(text, [("Winona", "GPE"), ("Winona", "GPE")])
    rows.loc[1, "rule"] = "org_home"
    out = map_countries(rows, texts={"d": text})
    assert out["iso3"].tolist() == ["USA", "USA"]
    assert out["rule"].tolist()[1] == "org_home"


def test_the_audits_wire_story_in_a_canadian_paper_is_read_as_the_wire_wrote_it() -> None:
    # docs/audit-issues-18-20.md, item 11: a London Free Press (home: Canada) reprint.
    text = "MANCHESTER (Reuters) - The minister flew to London on Monday for talks with bankers."
    spans = [("MANCHESTER", "GPE"), ("London", "GPE")]
    pairs, _ = run(text, spans, homes={"d": "CAN"})
    assert [p[0] for p in pairs] == ["GBR", "GBR"]


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("They ate French fries.", None),
        ("Join us at the Irish pub tonight.", None),
        ("The class is taught in Spanish now.", None),
        ("Try the Italian food.", None),
        ("French troops landed.", "FRA"),
        ("An Egyptian official said so.", "EGY"),
        # After "in", a demonym that modifies the next word is no language.
        ("They condemned interference in Egyptian internal affairs.", "EGY"),
        ("The book was written in French and later translated.", None),
        ("The lessons were taught in Spanish by volunteers.", None),
        # ... nor one that opens a name on its line, a month or weekday's excepted.
        ("Figures are quoted in Egyptian Pounds.", "EGY"),
        ("The minister replied in French Monday.", None),
        ("The minister replied in French\nMinisters then left.", None),
    ],
)
def test_a_demonym_modifying_food_culture_or_language_maps_to_nothing(
    text: str, iso3: str | None
) -> None:
    countries = {"French": "FRA", "Irish": "IRL", "Spanish": "ESP", "Italian": "ITA"}
    countries["Egyptian"] = "EGY"
    word = next(w for w in countries if w in text)
    frame = spans((word, "NORP", text.index(word)))
    out = map_countries(frame, texts={"d": text})
    assert (None if pd.isna(out["iso3"].iloc[0]) else out["iso3"].iloc[0]) == iso3
    # Without the text every demonym maps to its country.
    assert map_countries(frame)["iso3"].iloc[0] == countries[word]


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        # Invented (branch cacc): two demonyms joined by "and"/"or" modify a food word
        # together, the first as much as the second.
        ("Lunch at the Peruvian and Ethiopian Kitchen was busy.", "Peruvian", "Ethiopian"),
        ("The Mexican or Chinese food stalls open at noon.", "Mexican", "Chinese"),
        ("Fiddlers played Irish and Scottish music until dawn.", "Irish", "Scottish"),
    ],
)
def test_two_demonyms_joined_modify_a_culture_word_together(
    text: str, first: str, second: str
) -> None:
    frame = spans((first, "NORP", text.index(first)), (second, "NORP", text.index(second)))
    out = map_countries(frame, texts={"d": text})
    assert out["iso3"].isna().all()


@pytest.mark.parametrize(
    ("text", "first", "second", "iso3"),
    [
        # Invented (review 5, F1): people, time and institution words are no culture
        # words of a pair, and the joined word must itself be a capitalised demonym.
        ("Hundreds of Indian and Nigerian students fled Sumy as shelling intensified.",
         "Indian", "Nigerian", "IND"),
        ("British and American teachers were detained in Kabul, their families said.",
         "British", "American", "GBR"),
        ("Russian and Ukrainian night drone attacks continued along the front.",
         "Russian", "Ukrainian", "RUS"),
        ("Polish and Lithuanian club owners met to discuss the new league.",
         "Polish", "Lithuanian", "POL"),
        ("Chinese and foreign students were told to leave the campus.", "Chinese", None, "CHN"),
        ("Japanese and US films dominated the box office last weekend.", "Japanese", None, "JPN"),
        ("Greek and Italian officials met in Athens.", "Greek", "Italian", "GRC"),
    ],
)  # fmt: skip
def test_two_demonyms_joined_before_no_culture_word_keep_their_countries(
    text: str, first: str, second: str | None, iso3: str
) -> None:
    found = [(first, "NORP", text.index(first))]
    if second:
        found.append((second, "NORP", text.index(second)))
    out = map_countries(spans(*found), texts={"d": text})
    assert out["iso3"].iloc[0] == iso3


@pytest.mark.parametrize(
    ("text", "word", "iso3"),
    [
        # Invented (branch cacc): a demonym opening an apartment complex's or a
        # lodging's name names the business, not the country.
        ("Tenants of the Danish Pines Apartments said the heating failed again.", "Danish", None),
        ("Guests at the Swiss Chalet Inn were moved out.", "Swiss", None),
        ("The Italian Villas complex opened in May.", "Italian", None),
        ("Two guests at Swiss Chalet Inn were moved out.", "Swiss", None),
        # ... but lower-case housing words and other capitalised names still speak of it.
        ("Russian shells hit Ukrainian apartments overnight.", "Ukrainian", "UKR"),
        ("The Spanish Embassy issued a statement.", "Spanish", "ESP"),
        ("Spanish Prime Minister Ana Ruiz visited the site.", "Spanish", "ESP"),
        # Invented (review 5, F2): a headline in title case capitalises every word, and
        # "lodge" is a verb; no name shape ("the", or one word and the head) is none.
        ("Polish Farmers Lodge Complaint With EU\nThe union said grain imports cut prices.",
         "Polish", "POL"),
        ("Syrian Refugee Homes Burned in Night Attack\nNo one was hurt, police said.",
         "Syrian", "SYR"),
        ("Turkish Villas Sold to Foreign Buyers\nPrices rose 20 percent last year.",
         "Turkish", "TUR"),
        ("MEXICAN CARTEL HOMES RAIDED BY POLICE\nOfficers seized cash.", "MEXICAN", "MEX"),
        ("Buyers said Turkish Villas were cheaper this year.", "Turkish", "TUR"),
    ],
)  # fmt: skip
def test_a_demonym_opening_a_lodgings_name_maps_to_nothing(
    text: str, word: str, iso3: str | None
) -> None:
    frame = spans((word, "NORP", text.index(word)))
    out = map_countries(frame, texts={"d": text})
    assert (None if pd.isna(out["iso3"].iloc[0]) else out["iso3"].iloc[0]) == iso3


def test_a_country_name_written_as_a_hometown_is_the_town() -> None:
    from analysis.countries import ContextRules

    text = "A Lebanon woman was charged, Lebanon police said. Lebanon is in Pennsylvania."
    frame = spans(
        ("Lebanon", "GPE", 2),
        ("Lebanon", "GPE", text.index("Lebanon police")),
        ("Lebanon", "GPE", text.index("Lebanon is")),
        ("Pennsylvania", "GPE", text.index("Pennsylvania")),
    )
    assert map_countries(frame)["iso3"].tolist()[:3] == ["LBN"] * 3
    out = map_countries(frame, texts={"d": text})
    assert out["iso3"].tolist() == ["USA"] * 4
    assert set(out["rule"][:3]) == {"city"}
    alone = spans(("Lebanon", "GPE", 2))
    # Named nowhere else: every town called Lebanon is in the US; not so for Jordan.
    assert map_countries(alone, texts={"d": text[:20]})["iso3"].tolist() == ["USA"]
    lone_off = ContextRules(lone_towns=False)
    assert map_countries(alone, texts={"d": text[:20]}, context=lone_off)["iso3"].isna().all()
    jordan = spans(("Jordan", "GPE", 4))
    assert map_countries(jordan, texts={"d": "The Jordan boys won."})["iso3"].isna().all()
    assert map_countries(alone, texts={"d": "A Lebanon army unit"})["iso3"].tolist() == ["LBN"]
