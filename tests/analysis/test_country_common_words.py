"""Common words in organisations' names are no towns (rule common_word_towns,
analysis.countries.common_words): "Department of Energy" is no home in Energy, Illinois,
"Dominion Bridge" no place in Dominion, Nova Scotia (review ui26, item 4: both were on
the Countries page, as a US organisation's home and as a place counted for Canada).
Invented sentences shaped like the review's Reuters stories."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.common_words import common_word_town
from tests.factories import gpe_after_pass, located_rows


def _mapped(text: str, found: list[tuple[str, str, Any]], **switches: bool) -> list[tuple]:
    """(text, iso3, rule) of the GPE rows after map_countries, ``found`` holding
    (surface, label, the rule the row came with: "org_home" where the gazetteer pass
    found the place inside an ORG mention)."""
    rows = located_rows(text, [(s, lab) for s, lab, _ in found], resume="start")
    for row, (_, _, came) in zip(rows, found, strict=True):
        row["rule"] = came
    out = map_countries(
        schema.conform(rows, "mentions"), texts={"d": text}, context=ContextRules(**switches)
    )
    gpe = out[out["label"] == "GPE"][["text", "iso3", "rule"]].itertuples(index=False)
    return [tuple(None if pd.isna(v) else v for v in row) for row in gpe]


def test_a_common_word_read_only_as_a_town() -> None:
    assert common_word_town("Energy") and common_word_town("Dominion")
    assert common_word_town("Congress")
    for city in ("Reading", "Mobile", "Bath", "Independence"):  # 15,000 people or more
        assert not common_word_town(city)
    assert not common_word_town("Paris") and not common_word_town("Jordan")  # no nouns
    assert not common_word_town("Chiefland")  # a town, no English word


def test_the_department_of_energy_has_no_home_in_energy_illinois() -> None:
    text = "Congress had not approved it. The Department of Energy released a report."
    found = [("Congress", "ORG", None), ("Department of Energy", "ORG", None),
             ("Energy", "GPE", "org_home")]  # fmt: skip
    assert _mapped(text, found) == [("Energy", None, "gazetteer")]
    assert _mapped(text, found, common_word_towns=False) == [("Energy", "USA", "org_home")]


def test_a_common_word_the_story_names_as_an_organisation_is_no_town() -> None:
    """ "Congress" tagged GPE once, ORG elsewhere in the story: the word, no town."""
    text = "The GAO is the investigating agency of Congress. Congress will vote in May."
    found = [("GAO", "ORG", None), ("Congress", "GPE", None), ("Congress", "ORG", None)]
    assert _mapped(text, found) == [("Congress", None, None)]
    assert _mapped(text, found, common_word_towns=False) == [("Congress", "USA", "town")]


def test_dominion_bridge_is_no_place_in_nova_scotia() -> None:
    text = (
        "TORONTO - AMCA International Ltd said it sold assets of its Dominion Bridge "
        "steel service center operations to Federal Industries."
    )
    found = [("TORONTO", "GPE"), ("AMCA International Ltd", "ORG"), ("Dominion Bridge", "ORG")]
    assert gpe_after_pass(text, found) == [("TORONTO", "CAN", "city"),
                                           ("Dominion", None, "gazetteer")]  # fmt: skip


def test_a_qualified_town_stays_with_its_institutions() -> None:
    """Local news: "Commerce, Georgia" names the town, so its council's name does not
    make "Commerce" a word."""
    text = "Officials in Commerce, Georgia, said the Commerce City Council met."
    found = [("Commerce", "GPE"), ("Georgia", "GPE"), ("Commerce City Council", "ORG")]
    assert gpe_after_pass(text, found)[0] == ("Commerce", "USA", "town")


def test_a_story_that_names_the_town_on_its_own_keeps_it_everywhere() -> None:
    """One sense per story: its dateline names the town, so the town's court is the
    town's, though the court's name alone would make the word no place."""
    text = "ENERGY - A driver was fined in the Energy Village Court on Monday."
    found = [("ENERGY", "GPE"), ("Energy Village Court", "ORG")]
    got = gpe_after_pass(text, found)
    assert got[0] == ("ENERGY", "USA", "town")
    assert all(iso3 == "USA" for _, iso3, _ in got)
