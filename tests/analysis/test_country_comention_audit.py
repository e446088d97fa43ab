"""Mention-level precision of rule co_mentioned and of person names found as places
(branch ctry13, from the mention audit, benchmarks.mention_audit): one hand-written
story per class. Each story names two places of one country, so co_mentioned would read
an unknown span there; the span must stay unmapped unless it is a place."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.comention import foreign_words, named_otherwise, word_countries
from tests.factories import located, located_rows


def _country(text: str, spans: list[tuple[str, str]], target: str, **context: bool) -> object:
    """The country map_countries gives the first mention written ``target``."""
    out = map_countries(located(text, spans), texts={"d": text}, context=ContextRules(**context))
    value = out.loc[out["text"] == target, "iso3"].iloc[0]
    return None if pd.isna(value) else value


HOME = " It happened in Waterbury, Connecticut, and in Hartford, Connecticut."
HOME_SPANS = [("Waterbury", "GPE"), ("Connecticut", "GPE"), ("Hartford", "GPE"),
              ("Connecticut", "GPE")]  # fmt: skip


def test_an_unknown_river_still_takes_the_story_country() -> None:
    text = "The Naugatuck River flooded." + HOME
    assert _country(text, [("Naugatuck River", "LOC"), *HOME_SPANS], "Naugatuck River") == "USA"


@pytest.mark.parametrize(
    ("text", "spans", "target"),
    [
        # A company named before its legal form elsewhere in the story.
        ("Star States Corp. agreed to the deal. Star States gains a market.",
         [("Star States Corp.", "ORG"), ("Star States", "GPE")], "Star States"),
        # The last word of a person's full name.
        ("Raj Chohan was struck. Police said Chohan was walking.",
         [("Raj Chohan", "PERSON"), ("Chohan", "GPE")], "Chohan"),
        # A company's first word before the rest of its name and its legal form.
        ("Kofcoh Imports Inc. holds 40% of Jayark. Kofcoh is a holding company.",
         [("Kofcoh Imports Inc.", "ORG"), ("Kofcoh", "GPE")], "Kofcoh"),
        # An abbreviation the tokenizer split from its dot.
        ("CNA spoke with Msgr . Smith on Friday.", [("Msgr", "GPE")], "Msgr"),
        # A sea between several countries.
        ("Waste went into the Beaufort Sea.", [("Beaufort Sea", "LOC")], "Beaufort Sea"),
        # A team: the plural of a common noun.
        ("He joined the Eagles practice squad.", [("Eagles", "GPE")], "Eagles"),
    ],
)  # fmt: skip
def test_co_mentioned_leaves_what_is_no_place(
    text: str, spans: list[tuple[str, str]], target: str
) -> None:
    full = text + HOME
    assert _country(full, [*spans, *HOME_SPANS], target) is None


def test_a_span_naming_another_country_is_not_read_in_the_story_country() -> None:
    text = ("A bomb was found in the Irish Republic. It was bound for Belfast and "
            "Londonderry, Northern Ireland, police in London said.")  # fmt: skip
    spans = [("Irish Republic", "GPE"), ("Belfast", "GPE"), ("Londonderry", "GPE"),
             ("Northern Ireland", "GPE"), ("London", "GPE")]  # fmt: skip
    assert _country(text, spans, "Irish Republic") is None


def test_word_countries_spares_a_place_of_the_story_country() -> None:
    assert foreign_words("Irish Republic", "GBR")
    assert not foreign_words("New Mexico Street", "USA")  # "New Mexico" reads in the US
    assert not foreign_words("Etisalat Egypt", "EGY")
    assert word_countries("Naugatuck River") == (frozenset(), word_countries("Naugatuck River")[1])


def test_named_otherwise_spares_a_place_an_organisation_is_named_after() -> None:
    rows = schema.conform(
        located_rows("Clarke sued. Clarke County Superior Court ruled.", [("Clarke", "GPE")]),
        "mentions",
    )
    others = pd.DataFrame(
        {"doc_id": ["d"], "text": ["Clarke County Superior Court"], "label": ["ORG"]}
    )
    assert not named_otherwise(rows, others).any()  # no legal form: not a company's name


# --------------------------------------------------- person names found as places


def _bush(text: str) -> pd.DataFrame:
    rows = located_rows(text, [("Bush", "PERSON"), ("Bush", "GPE"), ("Cairo", "GPE"),
                               ("Egypt", "GPE")])  # fmt: skip
    rows[1]["rule"] = "gazetteer"  # found by the gazetteer pass
    return schema.conform(rows, "mentions")


BUSH = "President Bush said no. The Bush administration met envoys in Cairo, Egypt."


def test_a_one_word_person_written_after_a_title_is_no_place() -> None:
    out = map_countries(_bush(BUSH), texts={"d": BUSH})
    assert pd.isna(out["iso3"].iloc[1])
    # A second mapping (a source's home, the page's switches) reads it the same way: the
    # row keeps its gazetteer provenance.
    assert out["rule"].iloc[1] == "gazetteer"
    again = map_countries(out, texts={"d": BUSH})
    assert pd.isna(again["iso3"].iloc[1])


def test_a_bare_one_word_person_is_no_evidence() -> None:
    text = "Bush was quiet. The Bush administration met envoys in Cairo, Egypt."
    out = map_countries(_bush(text), texts={"d": text})
    assert out["iso3"].iloc[1] == "EGY"  # as before: a bare PERSON "Bush" proves nothing
