"""Rule "one_sense": a city, town or region a story qualifies once ("London, Ontario") is
that place where the story writes it alone; and a country's name before another
country's name is a list, not a town qualified by its country ("Chile, Ecuador and
Peru"). Invented sentences; no benchmark text."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.countries import ContextRules, map_countries
from analysis.countries.evidence import same_name_qualifiers
from tests.factories import spans


def countries(text: str, names: tuple[str, ...], **context: bool) -> list[object]:
    """The countries of every occurrence of ``names`` (GPE mentions, in text order)."""
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    words = re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text)
    found = [(m.group(), "GPE", m.start()) for m in words]
    out = map_countries(spans(*found), texts={"d": text}, context=ContextRules(**context))
    return [None if pd.isna(v) else v for v in out["iso3"]]


LONDON = "LONDON, Ontario - A fire gutted a house. London police said nobody was hurt."


def test_a_name_qualified_once_is_that_place_where_it_stands_alone() -> None:
    assert countries(LONDON, ("LONDON", "Ontario", "London")) == ["CAN", "CAN", "CAN"]
    # Before the rule (and with it off) the bare name was the world city.
    off = countries(LONDON, ("LONDON", "Ontario", "London"), one_sense=False)
    assert off == ["CAN", "CAN", "GBR"]


def test_a_qualifier_naming_a_country_the_gazetteer_does_not_list_carries_over() -> None:
    text = "The mill in Bradford, Ontario closed. Bradford council met on Monday."
    assert countries(text, ("Bradford", "Ontario")) == ["CAN", "CAN", "CAN"]
    assert countries(text, ("Bradford", "Ontario"), one_sense=False)[2] == "GBR"


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # Two qualifiers: the bare name is read as before, by the story's evidence.
        ("Flights from London, Ontario, and London, England, were late. London was calm.",
         ("London", "Ontario", "England"), ["CAN", "CAN", "GBR", "GBR", "GBR"]),
        # A country's name is left alone: the town qualified once, the country after.
        ("The plant in Mexico, Mo., makes parts. Its jobs moved to Mexico.",
         ("Mexico", "Mo."), ["USA", "USA", "MEX"]),
        # A name written alone with no qualifier anywhere: the world city, as before.
        ("Police in London said a man from Ontario was held.", ("London", "Ontario"),
         ["GBR", "CAN"]),
    ],
)  # fmt: skip
def test_what_the_rule_leaves_alone(text: str, names: tuple[str, ...], expected: list) -> None:
    assert countries(text, names) == expected


def test_a_country_before_another_country_is_a_list_not_a_town() -> None:
    text = "Debts are owed by Venezuela, Chile, Ecuador and Peru."
    assert countries(text, ("Venezuela", "Chile", "Ecuador", "Peru")) == [
        "VEN", "CHL", "ECU", "PER"
    ]  # fmt: skip
    # A country's name before a state is still a town there.
    assert countries("He grew up in Lebanon, Pennsylvania.", ("Lebanon", "Pennsylvania")) == [
        "USA", "USA"
    ]  # fmt: skip


def test_same_name_qualifiers_needs_one_qualifier_per_name_and_document() -> None:
    docs = pd.Series(["a", "a", "a", "b", "a", "a"]).to_numpy(dtype=object)
    names = pd.Series(["paris", "paris", "x", "paris", "rome", "rome"]).to_numpy(dtype=object)
    open_to = [True] * 6
    qualifiers = {0: "USA:TX", 4: "USA:GA", 5: "USA:NY"}
    # Row 1: "paris" of document a, qualified in row 0; row 3 is another document's;
    # "rome" has two qualifiers; a qualified row keeps its own.
    assert same_name_qualifiers(docs, names, pd.Series(open_to).to_numpy(), qualifiers) == {
        1: "USA:TX"
    }
    closed = pd.Series([True, False, True, True, True, True]).to_numpy()
    assert same_name_qualifiers(docs, names, closed, qualifiers) == {}
