"""Rule party_registers (analysis.countries.register.party_only): a story local to the
US by a politician's party tag alone ("Sen. Bob Dole (R-Kan.)") is at home in the US
the way a source's learnt home is (rule home_namesakes), not local to its towns.
Invented sentences, in the style of the Reuters-21578 farm-trade stories that read
"Moscow" as Moscow, Idaho, before the rule."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.countries import ContextRules, map_countries
from analysis.countries.lexicon import _US_CIVIC
from analysis.countries.register import _PARTY_KIND, local_register, party_only
from tests.factories import spans

WIRE = (
    "WASHINGTON, March 23 - Sen. Bob Dole (R-Kan.) said the United States should offer "
    "subsidized wheat to Moscow before Secretary of State George Shultz goes there."
)


def _countries(text: str, names: tuple[str, ...], **rules: bool) -> list[object]:
    frame = spans(*((n, "GPE", text.index(n)) for n in names))
    out = map_countries(frame, texts={"d": text}, context=ContextRules(**rules))
    return [None if pd.isna(v) else v for v in out["iso3"]]


def test_the_party_kind_is_a_us_civic_kind() -> None:
    # The rule reads the register's kind by this name: a renamed kind would switch it off.
    assert _PARTY_KIND in _US_CIVIC


def test_a_party_tag_alone_is_a_us_register_but_a_party_one() -> None:
    assert local_register(WIRE) == "USA"
    assert party_only(WIRE)
    # Any other civic kind that decides on its own makes it local news as before.
    local = WIRE + " The sheriff's office closed the road."
    assert local_register(local) == "USA" and not party_only(local)
    # A shared kind alone does not (rule civic_shared), unless that rule is off.
    shared = WIRE + " The city council met."
    assert party_only(shared)
    assert not party_only(shared, shared_alone=True)
    assert not party_only("The sheriff's office closed the road.")
    assert not party_only("Tourists crowded the museums.")


def test_a_party_tag_does_not_move_a_world_city_to_its_us_namesake() -> None:
    names = ("WASHINGTON", "United States", "Moscow")
    assert _countries(WIRE, names) == ["USA", "USA", "RUS"]
    # Switched off, the register made the story local: Moscow, Idaho, as before.
    assert _countries(WIRE, names, party_registers=False) == ["USA", "USA", "USA"]


@pytest.mark.parametrize(
    ("text", "names", "country"),
    [
        # A civic phrase besides the tag: local news, the namesake as before.
        (WIRE + " The sheriff's office in Moscow closed the road.", ("Moscow",), "USA"),
        # The namesake's state named: weight "division" picks it, as for any home.
        (
            "Rep. Jane Doe (R-Idaho) said Moscow and Latah County got the grant.",
            ("Moscow", "Latah County"),
            "USA",
        ),
        # A town that is no capital nor a world city still reads as the US one.
        (
            "Sen. Torrey Westrom, R-Elbow Lake, spoke in Cambridge about the bill.",
            ("Cambridge",),
            "USA",
        ),
    ],
)
def test_a_party_tag_story_still_reads_its_local_places(
    text: str, names: tuple[str, ...], country: str
) -> None:
    assert _countries(text, names)[0] == country
