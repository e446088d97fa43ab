"""Rule ``cut_names`` (analysis.countries.cut_names): a one- or two-letter abbreviation
the model tagged alone where the next word continues a longer name in the same case is
no place; hand-written sentences."""

from __future__ import annotations

import pytest

from analysis.countries.cut_names import is_cut
from tests.factories import gpe_countries


@pytest.mark.parametrize(
    "text",
    [
        "SOCCER - A DRAW AT HOME.\nLA ROCHELLE, France 2024-06-15\nThe home side drew.",
        "Here are the main stories in today's papers.\nLA VOIX\n- The minister spoke.",
        "FOOTBALL - NY GIANTS WIN AT HOME.",
    ],
)
def test_an_abbreviation_the_next_word_continues_is_no_place(text: str) -> None:
    name = "LA" if "LA" in text else "NY"
    assert gpe_countries(text, (name,)) == [None]
    assert gpe_countries(text, (name,), cut_names=False) == ["USA"]  # the old reading


@pytest.mark.parametrize(
    "text",
    [
        "Riots broke out in LA on Monday.",  # the next word is lower case
        "LA, the city of angels, voted.",  # punctuation ends the name
        "Flights from LA\nROCHELLE were full.",  # the next word is on another line
        "LA Mayor Richard Riordan spoke.",  # Title case after capitals: another case
    ],
)
def test_an_abbreviation_standing_alone_is_read_as_before(text: str) -> None:
    assert gpe_countries(text, ("LA",)) == ["USA"]


def test_a_country_name_is_never_cut() -> None:
    text = "TENNIS - US OPEN DRAW.\nUK ECONOMY GROWS."
    assert gpe_countries(text, ("US", "UK")) == ["USA", "GBR"]
    assert not is_cut(text, text.index("US"), text.index("US") + 2)


def test_offsets_outside_the_text_are_no_cut() -> None:
    assert not is_cut("LA", 0, 2)
    assert not is_cut("", 0, 0)
    assert not is_cut("LA ROCHELLE", 5, 40)
