"""Streets and buildings WordNet names for a country's institution stand for that
country (rule wordnet_places, reading "metonym"; branch ctry21): "Wall Street" (the US
securities industry), "Quai d'Orsay" (the French foreign ministry), derived from
WordNet 3.0 by analysis/data/build_wordnet_places.py (metonyms), not listed by hand.
Invented sentences and hand-written WordNet lines."""

from __future__ import annotations

import pandas as pd

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.cues import org_metonym
from analysis.countries.wordnet_places import wordnet_place
from analysis.data.build_wordnet_places import metonyms
from tests.factories import located_rows


def _mapped(text: str, found: list[tuple[str, str]], **context: bool) -> list[tuple]:
    frame = schema.conform(located_rows(text, found), "mentions")
    out = map_countries(frame, texts={"d": text}, context=ContextRules(**context))
    return [(None if pd.isna(i) else i, None if pd.isna(r) else r)
            for i, r in zip(out["iso3"], out["rule"], strict=True)]  # fmt: skip


def test_a_street_named_for_an_institution_stands_for_its_country() -> None:
    text = "Stocks fell on Wall Street on Monday as traders sold banks."
    assert _mapped(text, [("Wall Street", "FAC")]) == [("USA", "metonym")]
    text = "The Quai d'Orsay said on Monday the talks had failed."
    assert _mapped(text, [("Quai d'Orsay", "LOC")]) == [("FRA", "metonym")]


def test_the_metonym_follows_its_rule_switch() -> None:
    text = "Stocks fell on Wall Street on Monday."
    assert _mapped(text, [("Wall Street", "FAC")], wordnet_places=False) == [(None, None)]


def test_an_org_tagged_metonym_is_read_but_not_a_longer_name() -> None:
    assert org_metonym("Wall Street") and org_metonym("Quai d'Orsay")
    assert not org_metonym("Wall Street Journal") and not org_metonym("Washington")
    assert wordnet_place("Wall Street")[0].rule == "metonym"
    assert wordnet_place("Negev")[0].rule == "region"


def test_metonyms_need_an_institution_sense_and_one_country() -> None:
    """Hand-written synsets: a street with an institution's sense in one country is a
    metonym; a street without one, or an institution of old, is not."""
    synsets = {
        "1": (15, ["United_States"], [("@i", "9")], "a republic"),
        "9": (15, ["North_American_country"], [], "a country"),
        "2": (15, ["Manhattan"], [("#p", "1")], "a borough"),
        "3": (15, ["Wall_Street"], [("@i", "7"), ("#p", "2")], "a street in lower Manhattan"),
        "4": (14, ["Wall_Street"], [], "the securities industry of the United States"),
        "5": (15, ["Broadway"], [("@i", "7"), ("#p", "2")], "a street in Manhattan"),
        "6": (14, ["Old_Street"], [], "an ancient council"),
        "8": (15, ["Old_Street"], [("@i", "7"), ("#p", "2")], "a street"),
        "7": (15, ["street"], [], "a thoroughfare"),
    }
    assert metonyms(synsets, {"1": "USA"}) == {("Wall Street", "USA", "metonym")}
