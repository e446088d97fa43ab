"""Companies named after a place (rule company_names, analysis.countries.companies): a
company's short name written alone after its full name ("Geelong Minerals Ltd" ...
"Geelong said") is the company's home, counted apart, not a place the story names.
Invented sentences; the error class came from the dev sets' business stories (a
company's short name read as Santa Cruz, Bolivia in a US story)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.companies import _opens_written_name, company_heads, may_name_company
from analysis.countries.rules import RULES
from tests.factories import located_rows


def _mapped(text: str, found: list[tuple[str, str]], **switches: bool) -> list[tuple]:
    """(text, iso3, rule) of each place row of ``found`` (surface, label) in ``text``."""
    rows = located_rows(text, found)
    out = map_countries(
        schema.conform(rows, "mentions"), texts={"d": text}, context=ContextRules(**switches)
    )
    places = out[out["label"] != "ORG"]
    return [
        tuple(None if pd.isna(v) else v for v in row)
        for row in places[["text", "iso3", "rule"]].itertuples(index=False)
    ]


def test_a_short_name_after_the_full_company_name_is_the_company() -> None:
    text = (
        "Tulsa Drilling Corp agreed to buy a pipeline from Harlan Energy Inc. "
        "Tulsa said the deal would close in June, and Tulsa expects no job cuts."
    )
    found = [("Tulsa Drilling Corp", "ORG"), ("Harlan Energy Inc", "ORG"),
             ("Tulsa", "GPE"), ("Tulsa", "GPE")]  # fmt: skip
    assert _mapped(text, found) == [("Tulsa", "USA", "org_home"), ("Tulsa", "USA", "org_home")]


def test_the_rule_switched_off_reads_the_city() -> None:
    text = "Geelong Minerals Ltd raised its dividend. Geelong said output rose."
    found = [("Geelong Minerals Ltd", "ORG"), ("Geelong", "GPE")]
    assert _mapped(text, found) == [("Geelong", "AUS", "org_home")]
    assert _mapped(text, found, company_names=False) == [("Geelong", "AUS", "city")]


def test_a_place_word_before_it_keeps_the_place_and_so_every_mention() -> None:
    """One sense per document: "in Geelong" names the city, so "Geelong officials" does
    too, though nothing around that mention says so."""
    text = (
        "Geelong Minerals Ltd opened a plant in Geelong. Geelong officials welcomed the 200 jobs."
    )
    found = [("Geelong Minerals Ltd", "ORG"), ("Geelong", "GPE"), ("Geelong", "GPE")]
    assert _mapped(text, found) == [("Geelong", "AUS", "city"), ("Geelong", "AUS", "city")]


def test_a_state_after_a_comma_keeps_the_place() -> None:
    text = "Tulsa Drilling Corp moved its head office. Tulsa, Oklahoma lost 300 jobs."
    found = [("Tulsa Drilling Corp", "ORG"), ("Tulsa", "GPE"), ("Oklahoma", "GPE")]
    assert _mapped(text, found)[0] == ("Tulsa", "USA", "city")


def test_a_country_or_capital_name_is_never_a_companys_short_name() -> None:
    """ "Singapore Airlines Ltd ... Singapore said" and "Paris Holdings SA ... Paris":
    the country and the capital alone are the place far more often."""
    text = (
        "Singapore Airlines Ltd ordered ten jets. Singapore said growth slowed. "
        "Paris Holdings SA sold a stake. Paris announced new rules."
    )
    found = [("Singapore Airlines Ltd", "ORG"), ("Singapore", "GPE"),
             ("Paris Holdings SA", "ORG"), ("Paris", "GPE")]  # fmt: skip
    got = _mapped(text, found)
    assert got[0][:2] == ("Singapore", "SGP") and got[0][2] != "org_home"
    assert got[1][:2] == ("Paris", "FRA") and got[1][2] != "org_home"
    assert not may_name_company("Singapore") and not may_name_company("Texas")
    assert may_name_company("Tulsa")


def test_an_organisation_without_a_legal_form_names_no_company() -> None:
    """ "Geelong Cats" is a club, "Geelong Council" a council: no legal form, so the
    bare name keeps its reading (other rules may still read it)."""
    text = "Geelong Council met on Monday. Geelong said rates would rise."
    found = [("Geelong Council", "ORG"), ("Geelong", "GPE")]
    assert _mapped(text, found) == [("Geelong", "AUS", "city")]


def test_company_heads_are_the_leading_words_before_the_legal_form() -> None:
    assert company_heads(["Santa Cruz Resources Inc", "Kansas City Power & Light"]) == {
        "santa",
        "santa cruz",
        "santa cruz resources",
    }
    assert company_heads(["Nolex Corp.", "Inc"]) == {"nolex"}


def test_the_rule_is_registered_with_its_meaning() -> None:
    rule = RULES["company_names"]
    assert rule.kind == "context" and rule.default
    assert rule.implementation().__name__ == "company_rows"


def test_a_stake_in_the_company_is_no_place_word() -> None:
    """ "shares of Tulsa", "a stake in Tulsa": the preposition after an ownership word
    (lexicon company_objects) takes the company, so the name stays the company's in the
    whole document; "a plant in Tulsa" still names the city."""
    owned = (
        "Harlan Energy Inc bought a 20 pct stake in Tulsa Drilling Corp. "
        "Harlan now holds shares of Tulsa worth $9 million, and Tulsa said it welcomed them."
    )
    found = [("Harlan Energy Inc", "ORG"), ("Tulsa Drilling Corp", "ORG"),
             ("Tulsa", "GPE"), ("Tulsa", "GPE")]  # fmt: skip
    assert _mapped(owned, found) == [("Tulsa", "USA", "org_home")] * 2
    plant = owned.replace("holds shares of Tulsa worth $9 million", "runs a plant in Tulsa")
    assert _mapped(plant, found) == [("Tulsa", "USA", "city")] * 2


def test_a_place_the_model_cut_from_a_company_name_is_its_home() -> None:
    """The model tagged "New Zealand" apart from "Banking Group Ltd" (a line break in
    the name, as in wire copy): that mention opens the company's name, whatever the
    place; the country's other mention stays a place."""
    text = (
        "Bob Edgar of the Australia and New Zealand Banking\nGroup Ltd said rates in "
        "New Zealand would fall."
    )
    found = [("New Zealand", "GPE"), ("New Zealand", "GPE")]
    got = _mapped(text, found)
    assert got == [("New Zealand", "NZL", "org_home"), ("New Zealand", "NZL", "name")]
    assert _mapped(text, found, company_names=False)[0] == ("New Zealand", "NZL", "name")


@pytest.mark.parametrize(
    "text",
    [
        "U.S. MEAT GROUP TO FILE TRADE COMPLAINTS",  # a headline: every word in capitals
        "jointly owned by the U.S.\nCompany Alcoa and the Dutch company Billiton",
        "the tariffs proposed by the U.S.\n    As production in Japan is cut",  # a paragraph
        "Motorola Inc of the\nU.S. And Japan's Toshiba Corp already make them",
        "exports from the U.S. Government Accounting Office figures rose",  # no legal form
    ],
)
def test_no_company_name_goes_on_after_the_place(text: str) -> None:
    """Capitals of a headline, a legal form that is an English word too ("Company",
    "As", "Group"), a new paragraph, "And" or a possessive: the place stays a place."""
    name = "U.S." if "U.S." in text else "Japan"
    assert _opens_written_name(text, text.index(name) + len(name)) is False
    got = _mapped(text, [(name, "GPE")])
    assert got[0][:2] == (name, "USA") and got[0][2] != "org_home"


def test_a_company_name_opened_by_a_place_is_found_up_to_three_words_on() -> None:
    for text, name in [
        ("bought <Texas\nPetroleum Corp> last year", "Texas"),
        ("owned by Hongkong and Shanghai\nBanking Corp unit", "Shanghai"),
        ("First City Bancorp of Texas Inc said", "Texas"),
        ("the Development Bank of Singapore Ltd said", "Singapore"),
        ("Procter of Ohio & Gamble Co", "Ohio"),
    ]:
        at = text.index(name) + len(name)
        assert _opens_written_name(text, at), text
    text = "Canada Gold Ore Mining Exploration Corp"  # four words before the legal form
    assert not _opens_written_name(text, len("Canada"))


def test_a_foreign_regions_name_is_a_short_name_where_nothing_else_names_its_country() -> None:
    """ "Lombardy Air Inc ... Lombardy said" in a story of Texan airlines: Lombardy
    names the company, not Italy. The same story naming Milan keeps the region."""
    text = "Lombardy Air Inc cut fares. Lombardy said bookings rose in Texas."
    found = [("Lombardy Air Inc", "ORG"), ("Lombardy", "GPE"), ("Texas", "GPE")]
    assert _mapped(text, found)[0] == ("Lombardy", "ITA", "org_home")
    text = "Lombardy Air Inc cut fares. Lombardy said bookings from Milan rose."
    found = [("Lombardy Air Inc", "ORG"), ("Lombardy", "GPE"), ("Milan", "GPE")]
    assert _mapped(text, found)[0] == ("Lombardy", "ITA", "territory")


def test_another_citys_old_name_does_not_stop_a_short_name_but_a_capitals_does() -> None:
    """ "Delhi" is also an old name of Dili (a capital): that reading does not make it a
    place first, as its own readings are a city's. "Peking" reads Beijing first."""
    assert may_name_company("Delhi")
    assert not may_name_company("Peking")
    text = "Delhi Petroleum Ltd found gas. Delhi said the well flowed 2 mln cubic feet a day."
    found = [("Delhi Petroleum Ltd", "ORG"), ("Delhi", "GPE")]
    assert _mapped(text, found) == [("Delhi", "IND", "org_home")]


@pytest.mark.parametrize("ticker", ["<GYR>", "<GYR.N>", "(NYSE: GYR)", "(Nasdaq: GYRC)", "(GYR.N)"])
def test_a_name_before_a_stock_ticker_is_the_listed_companys(ticker: str) -> None:
    """A wire's or press release's ticker after a name makes it a company's ("GOODYEAR
    <GT>"), and its other mentions the company's short name, unless placed."""
    text = f"GOODYEAR {ticker} SEES PROFIT\n\nMIAMI, March 3 - Goodyear said sales rose."
    found = [("GOODYEAR", "GPE"), ("MIAMI", "GPE"), ("Goodyear", "GPE")]
    got = _mapped(text, found)
    assert got[0] == ("GOODYEAR", "USA", "org_home") and got[2] == ("Goodyear", "USA", "org_home")
    assert got[1][:2] == ("MIAMI", "USA") and got[1][2] != "org_home"


def test_a_ticker_does_not_make_a_country_a_company_nor_a_bracketed_word_a_ticker() -> None:
    """ "Ferrovia of Italy <FRV.MI>" names the company's country too; "(NSW)" and
    "<Nova, an Alberta Corp>" are no tickers."""
    text = "Ferrovia of Italy <FRV.MI> ordered trains. Sydney (NSW) and Perth <Nova Ltd> bid."
    found = [("Ferrovia", "ORG"), ("Italy", "GPE"), ("Sydney", "GPE"), ("Perth", "GPE")]
    got = _mapped(text, found)
    assert got[0] == ("Italy", "ITA", "name")
    assert [row[2] for row in got[1:]] == ["city", "city"]


@pytest.mark.parametrize(
    "name", ["TULSA GAS <TGC>", "TULSA GAS AND OIL <TGC.N>", "Tulsa Gas Corp's (NYSE: TGC)"]
)
def test_a_place_opening_the_name_before_a_ticker_is_the_companys_home(name: str) -> None:
    """ "CINCINNATI BELL INC <CSN>": the place opens the listed company's name, up to
    three words before its ticker; that mention only, its other mentions stay places,
    and a country opening a headline is its subject as often ("SWEDEN OKAYS CYTRX
    <CYTR>"), four words between are a headline's words, not a name."""
    text = f"{name} BUYS\n\nTULSA, Okla., March 3 - Trucks left Tulsa. SWEDEN OKAYS XYZ <XYZ>."
    head = name.split()[0]
    found = [(head, "GPE"), ("TULSA", "GPE"), ("Tulsa", "GPE"), ("SWEDEN", "GPE")]
    got = _mapped(text, found)
    assert got[0] == (head, "USA", "org_home")
    assert [row[2] != "org_home" for row in got[1:]] == [True] * 3
    far = "TULSA FIRM UPS HOLD IN XYZ <XYZ> STAKE"
    assert _mapped(far, [("TULSA", "GPE")])[0][2] != "org_home"


def test_a_place_inside_a_companys_bracketed_name_is_its_home() -> None:
    """A wire writes an unlisted company's name in angle brackets: "<Private Bank of
    Zurich>" names the bank, whose home Zurich is; a place outside the brackets stays."""
    text = "Lifetime said <Private Bank of Zurich> will buy shares in Zurich and Tulsa."
    found = [("Lifetime", "ORG"), ("Zurich", "GPE"), ("Zurich", "GPE"), ("Tulsa", "GPE")]
    got = _mapped(text, found)
    assert got[0] == ("Zurich", "CHE", "org_home")
    assert got[1][:2] == ("Zurich", "CHE") and got[1][2] != "org_home"
    assert got[2][:2] == ("Tulsa", "USA") and got[2][2] != "org_home"


@pytest.mark.parametrize("phrase", ["the number of Tulsa shares", "two acquisitions of Tulsa"])
def test_a_place_word_before_a_companys_shares_does_not_place_its_short_name(phrase: str) -> None:
    """ "the number of Tulsa shares" and "acquisitions of Tulsa" read the company, so
    "Tulsa said" stays its short name (one sense per document)."""
    text = f"Tulsa Drilling Corp was bid for. He cut {phrase}. Tulsa said no."
    found = [("Tulsa Drilling Corp", "ORG"), ("Tulsa", "GPE"), ("Tulsa", "GPE")]
    assert _mapped(text, found) == [("Tulsa", "USA", "org_home")] * 2
