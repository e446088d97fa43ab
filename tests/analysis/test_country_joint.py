"""Rule joint_places (branch ctry11, review 15 class 4): a story's place names are read
together; the country most of its names share, and one of them prefers, beats each
ambiguous name's default. Invented sentences only."""

from __future__ import annotations

import pandas as pd

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.joint import joint_countries
from analysis.countries.readings import _reading
from analysis.countries.rules import DEFAULT_CONTEXT, DEFAULT_RULES
from analysis.countries.scoring import WEIGHTS
from tests.factories import located_rows


def _mapped(text: str, found: list[tuple[str, str]], **switches: bool) -> dict[str, object]:
    """surface -> iso3 (None for none) of ``found`` located in ``text``, mapped."""
    frame = schema.conform(located_rows(text, found), "mentions")
    out = map_countries(frame, texts={"d": text}, context=ContextRules(**switches))
    return {r.text: (None if pd.isna(r.iso3) else r.iso3) for r in out.itertuples()}


def test_a_story_about_england_reads_wellington_and_somerset_there() -> None:
    """The review's class: both names have an English reading; alone, Wellington is
    New Zealand's capital and Somerset a New Jersey town."""
    text = (
        "Wellington supermarket fire. A large fire destroyed a supermarket in Somerset. "
        "Crews were called to the building on Wellington High Street."
    )
    found = [("Wellington", "GPE"), ("Somerset", "GPE"), ("Wellington High Street", "FAC")]
    assert set(_mapped(text, found).values()) == {"GBR"}
    off = _mapped(text, found, joint_places=False)
    assert (off["Wellington"], off["Somerset"]) == ("NZL", "USA")


def test_two_ambiguous_names_that_agree_beat_each_ones_default() -> None:
    """Other pairs of the same shape: Windsor (Ontario by default) beside Somerset; and
    Wellington beside Taunton (England by default)."""
    text = "Roads in Windsor and in Somerset were closed."
    found = [("Windsor", "GPE"), ("Somerset", "GPE")]
    assert _mapped(text, found) == {"Windsor": "GBR", "Somerset": "GBR"}
    assert _mapped(text, found, joint_places=False) == {"Windsor": "CAN", "Somerset": "USA"}
    text = "Roads between Wellington and Taunton were closed."
    found = [("Wellington", "GPE"), ("Taunton", "GPE")]
    assert _mapped(text, found) == {"Wellington": "GBR", "Taunton": "GBR"}


def test_a_world_city_is_not_moved_by_one_small_namesake() -> None:
    """Sydney has a Canadian namesake (Sydney, Nova Scotia) and Halifax is Canadian:
    the world city stays in Australia (rule world_cities' line)."""
    text = "Flights from Sydney to Halifax were cancelled."
    assert _mapped(text, [("Sydney", "GPE"), ("Halifax", "GPE")]) == {
        "Sydney": "AUS",
        "Halifax": "CAN",
    }


def test_a_tie_between_countries_reads_each_name_alone() -> None:
    """Hastings (England by default, also New Zealand) and Nelson (New Zealand, also
    England): two countries share both names and each is one's default: no joint
    country, each keeps its default."""
    text = "Hastings and Nelson councils met."
    assert _mapped(text, [("Hastings", "GPE"), ("Nelson", "GPE")]) == {
        "Hastings": "GBR",
        "Nelson": "NZL",
    }


def test_an_unambiguous_co_mention_outweighs_the_joint_country() -> None:
    """The joint weight is below one co-mention: New Zealand named keeps Wellington
    there, and the names then agree on no country Somerset has."""
    assert WEIGHTS["default"].value < WEIGHTS["joint"].value < WEIGHTS["co_mentions"].value
    text = "New Zealand police in Wellington said a man from Somerset was held."
    found = [("New Zealand", "GPE"), ("Wellington", "GPE"), ("Somerset", "GPE")]
    assert _mapped(text, found)["Wellington"] == "NZL"


def test_small_towns_are_no_shared_country() -> None:
    """Towns of 500-15,000 people are left out of the names' countries: nearly every
    name is a town in the US, Canada and Australia."""
    import numpy as np

    forms = ["Windsor", "Somerset"]
    readings = [_reading(f, DEFAULT_RULES, DEFAULT_CONTEXT) for f in forms]
    docs, codes = np.array([0, 0]), np.array([0, 1])
    joint = joint_countries(docs, codes, readings, np.array([True, True]), np.array([0]))
    assert joint == {0: {"GBR": 1}}
    one = joint_countries(docs[:1], codes[:1], readings, np.array([True]), np.array([0]))
    assert one == {}


def test_the_joint_country_names_no_country_for_a_name_that_needs_context() -> None:
    """ "MARCH" (March, England, read only beside a mention of England) and "LONDON"
    (also London, Ontario: no co-mention) share England; the joint country re-ranks
    readings that stand, it does not give a month a country (Reuters-1000 datelines)."""
    text = "Trade figures for MARCH were published in LONDON on Friday."
    found = [("MARCH", "GPE"), ("LONDON", "GPE")]
    assert _mapped(text, found)["MARCH"] is None
    assert _mapped(text, found) == _mapped(text, found, joint_places=False)
