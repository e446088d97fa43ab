"""One name in any case is one place: a headline's "DOME" and the body's "Dome" (the key
:func:`analysis.countries.readings.name_key`, read by rules strays and alias_strays and
by the evidence "same name"). Found on the Reuters-21578 stories, where a headline's
"DOME" counted as a second place beside the body's "Dome"s (Dome Petroleum), so the name
read as Dome, Ghana was no stray. Hand-written stories; no benchmark text."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from analysis.countries.doc_tables import _same_name
from analysis.countries.readings import name_key
from tests.factories import gpe_countries

STORY = (
    "ACME SEEKS TALKS WITH DOME\n\nCALGARY, Alberta, June 18 - Acme said it made an offer to "
    "Dome on Monday. Analysts in Toronto said Dome would weigh the offer."
)
NAMES = ("DOME", "CALGARY", "Alberta", "Dome", "Toronto", "Dome")


def test_a_headline_in_capitals_and_the_body_name_one_stray_place() -> None:
    # "Dome" reads only as a town of Ghana; the story's other places are Canadian: a
    # stray, however many times and in whatever case the story writes it.
    assert gpe_countries(STORY, NAMES) == [None, "CAN", "CAN", None, "CAN", None]
    assert gpe_countries(STORY, NAMES, strays=False)[0::3] == ["GHA", "GHA"]


def test_a_place_the_story_names_by_two_names_is_no_stray() -> None:
    # Two names of one country are two places: Kumasi backs Dome's Ghana.
    story = STORY.replace("Analysts in Toronto", "Analysts in Kumasi")
    names = ("DOME", "CALGARY", "Alberta", "Dome", "Kumasi", "Dome")
    assert gpe_countries(story, names) == ["GHA", "CAN", "CAN", "GHA", "GHA", "GHA"]


def test_the_same_name_evidence_reads_a_name_in_any_case() -> None:
    heads = {f"ITA|ITA:17|{name_key('Trent')}": 2, "GBR|GBR:ENG|london": 1}
    assert _same_name(heads, "TRENT") == {"ITA": 2, "ITA:17": 2}
    assert _same_name(heads, "Trent") == _same_name(heads, "trent")


@given(st.text(alphabet=string.ascii_letters + " -'.", max_size=30))
def test_a_name_and_its_capitals_have_one_key(name: str) -> None:
    assert name_key(name.upper()) == name_key(name) == name_key(name.lower())
