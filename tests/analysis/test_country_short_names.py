"""Company, ship and person names read as towns (branch ctry18): rule ``company_names``
(analysis.countries.companies: a name followed by a company's legal form, a ship's name
after a vessel word, a company after a country's possessive) and rule ``person_sense``
(analysis.countries.people: a town-only name the model tagged as a place, equal to the
last name of a person named in full). Invented sentences; the error classes came from
hand-checking unseen Reuters news (Stora Kopparbergs, Nikko Securities, "Spain's
Almaden", the ship Andromachi, "Nuri Sahin ... Sahin")."""

from __future__ import annotations

import pandas as pd

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.companies import _ship_or_owned, _suffixed
from analysis.countries.people import small_places_only
from tests.factories import located_rows


def _mapped(text: str, found: list[tuple[str, str]], **switches: bool) -> dict[str, set]:
    """surface -> the (iso3, rule) pairs its place rows got."""
    rows = located_rows(text, found, resume="end")
    out = map_countries(
        schema.conform(rows, "mentions"), texts={"d": text}, context=ContextRules(**switches)
    )
    got: dict[str, set] = {}
    for surface, iso3, rule, label in out[["text", "iso3", "rule", "label"]].itertuples(
        index=False
    ):
        if label in ("GPE", "LOC"):
            got.setdefault(surface, set()).add(
                (None if pd.isna(iso3) else iso3, None if pd.isna(rule) else rule)
            )
    return got


STORA = (
    "Sweden's Stora Kopparbergs Bergslags AB said it owned 90 pct of Papyrus. "
    "Remaining shareholders may sell their shares to Stora, the company said. "
    "Stora announced the bid last September."
)


def test_a_name_opening_a_company_name_with_a_legal_form_is_the_company() -> None:
    """The model tagged no ORG: the legal form after the name ("... Bergslags AB") says
    it is a company, and so every mention of the name in the story."""
    found = [("Sweden", "GPE"), ("Stora", "GPE"), ("Stora", "GPE"), ("Stora", "GPE")]
    assert _mapped(STORA, found)["Stora"] == {("SWE", "org_home")}
    assert _mapped(STORA, found, company_names=False)["Stora"] != {("SWE", "org_home")}


def test_a_place_word_keeps_the_town_beside_its_company() -> None:
    """ "in Stora" makes the name the town at its other mentions; the mention that opens
    the company's name ("Stora Kopparbergs Bergslags AB") is the company's home."""
    text = (
        "Sweden's Stora Kopparbergs Bergslags AB will close its pulp mill in Stora. "
        "Stora has 2,000 people."
    )
    found = [("Sweden", "GPE"), ("Stora", "GPE"), ("Stora", "GPE"), ("Stora", "GPE")]
    rows = located_rows(text, found, resume="end")
    out = map_countries(schema.conform(rows, "mentions"), texts={"d": text})
    stora = out[out["text"] == "Stora"].sort_values("start")
    assert list(zip(stora["iso3"], stora["rule"], strict=True)) == [
        ("SWE", "org_home"), ("SWE", "town"), ("SWE", "town")
    ]  # fmt: skip


def test_a_town_written_as_a_town_stays_a_town() -> None:
    text = "Stora, a town in Sweden, lost its mill. Tourists still visit Hakone in Japan."
    found = [("Stora", "GPE"), ("Sweden", "GPE"), ("Hakone", "GPE"), ("Japan", "GPE")]
    got = _mapped(text, found)
    assert got["Stora"] == {("SWE", "town")}
    assert got["Hakone"] == {("JPN", "town")}


def test_a_company_s_officials_are_no_place_cue() -> None:
    text = (
        "Tokyo stocks fell in Japan, Nikko Securities Co (Europe) Ltd said as lead "
        "manager. The fees were cut, Nikko officials said."
    )
    found = [("Tokyo", "GPE"), ("Japan", "GPE"), ("Nikko Securities Co (Europe) Ltd", "ORG"),
             ("Nikko", "GPE")]  # fmt: skip
    assert _mapped(text, found)["Nikko"] == {("JPN", "org_home")}


def test_a_ship_after_a_vessel_word_is_no_place() -> None:
    text = (
        "The Greek 74,596-dwt tanker Andromachi ran aground on the Orinoco in Venezuela. "
        "The Andromachi is managed from Piraeus in Greece."
    )
    found = [("Andromachi", "GPE"), ("Orinoco", "LOC"), ("Venezuela", "GPE"),
             ("Andromachi", "GPE"), ("Piraeus", "GPE"), ("Greece", "GPE")]  # fmt: skip
    got = _mapped(text, found)
    assert got["Andromachi"] == {("GRC", "org_home")}
    assert got["Piraeus"] == {("GRC", "city")}


def test_a_country_s_possessive_before_a_small_places_only_name_is_its_company() -> None:
    text = "Algeria's ENOF met Spain's Almaden in Madrid to discuss mercury prices."
    found = [("Algeria", "GPE"), ("Spain", "GPE"), ("Almaden", "GPE"), ("Madrid", "GPE")]
    got = _mapped(text, found)
    assert got["Almaden"] == {("ESP", "org_home")}
    assert got["Madrid"] == {("ESP", "capital")}


def test_the_text_signals() -> None:
    text = "Nikko Securities Co said so. Nikko Peak rose. The tanker Andromachi sailed."
    assert _suffixed(text, len("Nikko"))
    assert not _suffixed(text, text.index(" Peak"))
    assert _ship_or_owned(text, text.index("Andromachi"), "Andromachi")
    assert _ship_or_owned("Spain's Almaden met", 8, "Almaden")
    assert not _ship_or_owned("Spain in Almaden met", 9, "Almaden")
    # The possessive of a country the name is no town of: "Norway's North Sea oil".
    assert not _ship_or_owned("Norway's North Sea oil", 9, "North Sea")
    # Only a small place's name is read so: never a country's, a division's, a big city's.
    assert (
        small_places_only("Sahin") and small_places_only("Stora") and small_places_only("Claremont")
    )
    assert (
        not small_places_only("Jordan")
        and not small_places_only("Toyota")
        and not small_places_only("Zzyzxq")
    )
    assert not small_places_only("Sonora") and not small_places_only("Wichita")


SAHIN = "Turkey named Nuri Sahin to its squad on Monday. Sahin later left for Germany."


def test_a_surname_after_the_person_s_full_name_is_the_person() -> None:
    found = [("Turkey", "GPE"), ("Nuri Sahin", "PERSON"), ("Sahin", "GPE"), ("Germany", "GPE")]
    assert _mapped(SAHIN, found)["Sahin"] == {(None, None)}
    assert _mapped(SAHIN, found, person_sense=False)["Sahin"] == {("TUR", "town")}


def test_a_surname_written_as_a_place_or_a_country_s_name_stays_the_place() -> None:
    text = "Turkey named Nuri Sahin to its squad. Floods later hit farms in Sahin."
    found = [("Turkey", "GPE"), ("Nuri Sahin", "PERSON"), ("Sahin", "GPE")]
    assert _mapped(text, found)["Sahin"] == {("TUR", "town")}
    text = "Michael Jordan met fans in Amman. Jordan later signed a treaty with Israel."
    found = [("Michael Jordan", "PERSON"), ("Amman", "GPE"), ("Jordan", "GPE"),
             ("Israel", "GPE")]  # fmt: skip
    assert _mapped(text, found)["Jordan"] == {("JOR", "name")}


def test_through_the_gazetteer_pass_a_company_s_town_name_is_its_home() -> None:
    """The path the build takes: the model tagged the short name ORG; the gazetteer pass
    reads it as the town (one sense with no place cue), rule company_names as the
    company's home. A story that writes the town as a place keeps it."""
    from analysis.countries import add_place_records

    def run(text: str, found: list[tuple[str, str]]) -> set:
        records = add_place_records(located_rows(text, found, resume="end"), text)
        out = map_countries(schema.conform(pd.DataFrame(records), "mentions"), texts={"d": text})
        hakone = out[out["text"] == "Hakone"]
        return set(zip(hakone["iso3"].tolist(), hakone["rule"].tolist(), strict=True))

    text = "Japan's Hakone Tozan Railway Co raised fares. Hakone officials said traffic fell."
    found = [("Japan", "GPE"), ("Hakone Tozan Railway Co", "ORG"), ("Hakone", "ORG")]
    assert run(text, found) == {("JPN", "org_home")}
    text = "Tourists in Japan flocked to Hakone on Monday."
    assert run(text, [("Japan", "GPE"), ("Hakone", "GPE")]) == {("JPN", "town")}
