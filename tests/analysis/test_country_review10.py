"""Review 10's findings on the country rules (/work/review-findings10.md), each on
invented sentences: the rule's wrong reading before the fix, the right one after."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.clubs import capital_club_rows
from analysis.countries.sources import remap, stage_rules
from tests.factories import located_rows


def _frame(text: str, found: list[tuple[str, str]]) -> pd.DataFrame:
    """The MENTIONS frame of ``found`` (surface, label) located in ``text`` in order."""
    return schema.conform(located_rows(text, found), "mentions")


def _places(out: pd.DataFrame) -> list[tuple[str, object, object]]:
    """(text, iso3, rule) of the GPE rows of a mapped frame, None for missing values."""
    rows = out[out["label"] == "GPE"][["text", "iso3", "rule"]].itertuples(index=False)
    return [tuple(None if pd.isna(v) else v for v in row) for row in rows]


# --- finding 4: a rule switched off at re-mapping time --------------------------------

CLUB = "Real Madrid signed the striker for forty million euros, the club said."


def test_remapping_without_club_capitals_reads_the_capital_again() -> None:
    """The build's org_home of "Real Madrid" is no provenance: with club_capitals off,
    re-mapping reads Madrid as the capital (before the fix it stayed org_home)."""
    frame = _frame(CLUB, [("Madrid", "GPE")])
    docs = pd.DataFrame({"doc_id": ["d"], "text": [CLUB], "source": ["s"]})
    built = map_countries(frame, texts={"d": CLUB}, context=ContextRules())
    assert _places(built)[0][2] == "org_home"
    off = remap(built, docs, context=ContextRules(club_capitals=False))
    assert _places(off)[0][1:] == ("ESP", "capital")


def test_the_gazetteer_pass_home_inside_an_organisation_is_kept() -> None:
    """A place the gazetteer pass found inside an ORG keeps its org_home provenance; one
    outside every ORG is cleared."""
    text = "The Bank of England said Madrid was calm."
    rows = located_rows(text, [("Bank of England", "ORG"), ("England", "GPE"), ("Madrid", "GPE")])
    rows[1]["rule"] = rows[2]["rule"] = "org_home"
    out = stage_rules(schema.conform(rows, "mentions"))
    assert [None if pd.isna(r) else r for r in out["rule"]][1:] == ["org_home", None]


# --- finding 3: club_capitals on ordinary capitals; finding 11: its title check -------


def _capital_rule(text: str, name: str, **context: bool) -> object:
    """The rule the first GPE ``name`` of ``text`` maps with (None for none)."""
    out = map_countries(_frame(text, [(name, "GPE")]), texts={"d": text},
                        context=ContextRules(**context))  # fmt: skip
    return _places(out)[0][2]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The London council voted 7-2 on Tuesday to approve the new budget.", "London"),
        ("When Paris hosted the talks, ministers agreed a 3-1 split of the seats.", "Paris"),
        ("Tuesday Tokyo stocks rose 2-3 percent as the yen weakened.", "Tokyo"),
        ("The Paris prosecutor said two men aged 18-25 were held.", "Paris"),
        ("Old Madrid was quiet. The rivals drew 1-1 in the league match.", "Madrid"),
    ],
)
def test_a_capital_after_a_function_word_or_a_bare_number_pair_stays_a_capital(
    text: str, name: str
) -> None:
    assert _capital_rule(text, name) == "capital"


@pytest.mark.parametrize(
    "text",
    [
        "Real Madrid won 2-1 in the league match on Sunday.",
        "Real Madrid signed the striker on Monday.",
        "Dynamo Kyiv drew with the champions.",
    ],
)
def test_a_club_before_a_capital_in_a_sports_sentence_is_its_home(text: str) -> None:
    name = text.split()[1]
    assert _capital_rule(text, name) == "org_home"
    assert _capital_rule(text, name, club_capitals=False) == "capital"


def test_a_title_without_a_dot_before_a_capital_keeps_it_off_the_clubs() -> None:
    """Finding 11: "President Madrid" (a dotless title; "Mr." is already cut by the dot)
    in a sports sentence is a person's title, not a club."""
    for title in ("Coach", "President"):
        text = f"{title} Madrid signed the striker on Monday."
        assert not capital_club_rows(_frame(text, [("Madrid", "GPE")]), {"d": text}).any()
    text = "Real Madrid signed the striker on Monday."  # the same sentence with a club
    assert capital_club_rows(_frame(text, [("Madrid", "GPE")]), {"d": text}).all()


# --- finding 2: a county's state ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "Officials in Henry County, Georgia, said the mayor flew to Paris for a fair.",
            ["Henry County", "Georgia", "Paris"],
            "FRA",
        ),
        (
            "Deputies in Bourbon County, Kansas, said the suspect had fled to Paris.",
            ["Bourbon County", "Kansas", "Paris"],
            "FRA",
        ),
        (
            "Bourbon County deputies in Kansas said the suspect had fled to Paris.",
            ["Bourbon County", "Kansas", "Paris"],
            "FRA",
        ),
    ],
)
def test_a_county_in_another_state_picks_no_namesake_town(
    text: str, names: list[str], expected: str
) -> None:
    out = map_countries(_frame(text, [(n, "GPE") for n in names]), texts={"d": text})
    assert _places(out)[-1][1] == expected


def test_a_county_in_the_towns_state_still_picks_it() -> None:
    text = "Officials in Henry County, Tennessee, said the fair in Paris drew crowds."
    names = ["Henry County", "Tennessee", "Paris"]
    out = map_countries(_frame(text, [(n, "GPE") for n in names]), texts={"d": text})
    assert _places(out)[-1][1] == "USA"


# --- finding 5: a list read as a qualifier ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "Storms caused damage in Paris, southern Germany and Spain.",
            ["Paris", "Germany", "Spain"],
            "FRA",
        ),
        (
            "Heatwaves hit Madrid, northern Italy and Greece this week.",
            ["Madrid", "Italy", "Greece"],
            "ESP",
        ),
        ("Prices rose in Paris, in Germany and in Spain.", ["Paris", "Germany", "Spain"], "FRA"),
        # the qualifier is the last of the list: still a qualifier
        (
            "The plant in London, southwestern Ontario, and the one in Detroit shut.",
            ["London", "Ontario", "Detroit"],
            "CAN",
        ),
        ("Floods hit London, in southwestern Ontario, on Monday.", ["London", "Ontario"], "CAN"),
    ],
)
def test_a_compass_or_in_qualifier_opening_a_list_of_countries_is_a_list(
    text: str, names: list[str], expected: str
) -> None:
    out = map_countries(_frame(text, [(n, "GPE") for n in names]), texts={"d": text})
    assert _places(out)[0][1] == expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a world city's name after a plain comma, the list going on with a city
        ("Trading in London, New York and Tokyo rose.", ["London", "New York", "Tokyo"], "GBR"),
        ("Offices in London, New York, Paris and Tokyo.", ["London", "New York", "Paris"], "GBR"),
        # a state alone after the comma, or a world city's name closing the phrase, still
        # qualifies: "Portland, Maine, and Boston"; "Rome, New York, last year"
        ("He lives in Portland, Maine, and Boston.", ["Portland", "Maine", "Boston"], "USA"),
        ("He moved to Rome, New York, last year.", ["Rome", "New York"], "USA"),
    ],
)
def test_a_world_city_after_a_plain_comma_opening_a_list_of_cities_is_a_list(
    text: str, names: list[str], expected: str
) -> None:
    """Reuters-21578 read "London" of "London, New York and Tokyo" as London, Ohio, four
    times: "New York" names the state and the city."""
    out = map_countries(_frame(text, [(n, "GPE") for n in names]), texts={"d": text})
    assert _places(out)[0][1] == expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a country's name after a plain comma, the list going on with another country's:
        # a list of postings (Reuters-21578 read Moscow in Poland), of capitals
        (
            "He served in Moscow, Poland, East Germany and Austria.",
            ["Moscow", "Poland", "East Germany", "Austria"],
            "RUS",
        ),
        ("In Paris, Britain, Canada and France agreed.", ["Paris", "Britain", "Canada"], "FRA"),
        # a country after a region, or one country after the qualifier: still qualifiers
        (
            "He flew from London, Ontario, Canada to Detroit.",
            ["London", "Ontario", "Canada"],
            "CAN",
        ),
        ("Sales in Athens, Georgia, and Alabama rose.", ["Athens", "Georgia", "Alabama"], "USA"),
    ],
)
def test_a_country_after_a_plain_comma_opening_a_list_of_countries_is_a_list(
    text: str, names: list[str], expected: str
) -> None:
    out = map_countries(_frame(text, [(n, "GPE") for n in names]), texts={"d": text})
    assert _places(out)[0][1] == expected


def test_a_list_read_as_a_qualifier_carries_no_sense_to_a_later_bare_name() -> None:
    text = "Sales rose in Paris, southern Germany and Spain. Paris shops were busy."
    names = ["Paris", "Germany", "Spain", "Paris"]
    out = map_countries(_frame(text, [(n, "GPE") for n in names]), texts={"d": text})
    assert [p[1] for p in _places(out)] == ["FRA", "DEU", "ESP", "FRA"]


# --- findings 6 and 10: titles ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Deputy Chicago Mayor Sam Bell said the budget was tight.", "Chicago", "USA"),
        ("Acting Houston Police Chief Larry Stone said two men were held.", "Houston", "USA"),
        # a person after a title stays a person
        ("Mayor Houston Breed said the budget was tight.", "Houston", None),
        ("Mr. Houston told reporters the budget was tight.", "Houston", None),
        # F10: a country's name after a form of address, before a verb of speech
        ("Mr. Jordan said the deal was fair.", "Jordan", None),
    ],
)
def test_a_place_before_an_office_is_a_place_and_a_titled_name_a_person(
    text: str, name: str, expected: object
) -> None:
    out = map_countries(_frame(text, [(name, "GPE")]), texts={"d": text})
    assert _places(out)[0][1] == expected


# --- findings 7, 8, 9: the registry says what the code does -----------------------------


def test_two_shared_civic_kinds_make_no_us_register_as_the_registry_says() -> None:
    """F7: city council, police chief and city hall are all shared kinds: no US register
    ("of an unshared kind" in the registry); a sheriff's office beside them is one."""
    from analysis.countries.register import register_evidence
    from analysis.countries.rules import RULES

    text = "The city council met at City Hall on Monday; the police chief spoke."
    assert register_evidence(text) is None
    assert register_evidence(text + " The sheriff's office agreed.") is not None
    assert "unshared kind" in RULES["civic_shared"].meaning


def test_a_foreign_countrys_own_name_keeps_no_capital_from_the_register() -> None:
    """F8: the register moves London to a US namesake when the story names only a
    country elsewhere (the registry says cities, states or regions count; a country's
    name does not), and keeps it when a city abroad is named."""
    from analysis.countries.rules import RULES

    head = "The mayor of London said the sheriff's office would patrol the county roads."
    country = f"{head} France's roads were closed."
    city = f"{head} Roads in Lyon were closed."
    got = map_countries(_frame(country, [("London", "GPE"), ("France", "GPE")]),
                        texts={"d": country})  # fmt: skip
    assert _places(got)[0][1] == "USA"
    got = map_countries(_frame(city, [("London", "GPE"), ("Lyon", "GPE")]), texts={"d": city})
    assert _places(got)[0][1] == "GBR"
    assert "a country's own name does not count" in RULES["register_capitals"].meaning


def test_one_senses_registry_text_names_its_exception() -> None:
    """F9: the bare name of the default sense's country is not settled by the other
    sense's qualifier; the registry (and so docs/countries.md) says so."""
    from analysis.countries.rules import RULES

    assert "UK government in London" in RULES["one_sense"].meaning


def test_capital_club_rows_asks_each_document_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """F12: the per-document fact (a sports report, names_sides, which reads the whole
    text) is worked out once per document, not once per candidate row."""
    import analysis.countries.clubs as clubs

    calls: list[int] = []

    def counting(text: str) -> bool:
        calls.append(len(text))
        return False

    monkeypatch.setattr(clubs, "names_sides", counting)
    text = " ".join(["Real Madrid signed a striker."] * 50)
    rows = located_rows(text, [("Madrid", "GPE")] * 50)
    mask = clubs.capital_club_rows(schema.conform(rows, "mentions"), {"d": text})
    assert mask.all() and len(calls) == 1
