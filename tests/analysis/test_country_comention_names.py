"""Rule co_mentioned keeps out names that are no place by their class (branch ctry21):
a name the story tags an event, a work or a product elsewhere ("Super Bowl", "Golden
Globe"), a code of letters and digits ("NY1"), a name WordNet knows only as no place
("El Nino") or the plural of one ("Philips"). Each story names two places of one
country, so co_mentioned would read an unknown span there. Invented sentences."""

from __future__ import annotations

import pytest

from analysis.countries.comention import _unknown
from analysis.data.build_common_nouns import non_place_names
from tests.analysis.test_country_comention_audit import HOME, HOME_SPANS
from tests.analysis.test_country_comention_audit import _country as _story_country


def _country(text: str, spans: list[tuple[str, str]], target: str) -> object:
    """The country of ``target`` in ``text`` told beside two Connecticut places (HOME)."""
    return _story_country(text + HOME, [*spans, *HOME_SPANS], target)


@pytest.mark.parametrize(
    ("text", "spans", "target"),
    [
        # The same name tagged an event elsewhere in the story (the place-labelled
        # mention comes first: it is the one the helper reads).
        ("Tickets for Super Bowl sold out. The Super Bowl drew fans.",
         [("Super Bowl", "GPE"), ("Super Bowl", "EVENT")], "Super Bowl"),
        # ... a work of art (an award's name).
        ("The Golden Globe dinner was long. She won a Golden Globe.",
         [("Golden Globe", "FAC"), ("Golden Globe", "WORK_OF_ART")], "Golden Globe"),
        # A channel's call sign: letters joined to a digit.
        ("He told NY1 the plan was dead.", [("NY1", "GPE")], "NY1"),
        # A natural phenomenon WordNet names.
        ("El Nino warmed the ocean.", [("El Nino", "LOC")], "El Nino"),
        # The plural of a person's name in WordNet: a family, a company.
        ("Philips holds 10 pct of the firm.", [("Philips", "GPE")], "Philips"),
        # A region of the world in a headline's capitals (branch ctry28: unseen Reuters
        # news read "MIDEAST", "FAR EAST" as unknown places of the story's country).
        ("MORE MIDEAST OIL SEEN\nImports grew.", [("MIDEAST", "LOC")], "MIDEAST"),
        ("FAR EAST DEMAND RISES\nSales grew.", [("FAR EAST", "LOC")], "FAR EAST"),
    ],
)  # fmt: skip
def test_co_mentioned_leaves_names_of_no_place(
    text: str, spans: list[tuple[str, str]], target: str
) -> None:
    assert _country(text, spans, target) is None


def test_places_the_gazetteer_does_not_know_still_take_the_story_country() -> None:
    """A river, a park and a road (one letter and digits) are still read."""
    assert _country("The Naugatuck River flooded.", [("Naugatuck River", "LOC")],
                    "Naugatuck River") == "USA"  # fmt: skip
    assert _country("Traffic on the M25 stopped.", [("M25", "FAC")], "M25") == "USA"
    assert _country("Mittineague Park closed.", [("Mittineague Park", "FAC")],
                    "Mittineague Park") == "USA"  # fmt: skip
    # A facility named after a person WordNet knows (an airport).
    assert _country("Flights left Charles de Gaulle late.", [("Charles de Gaulle", "FAC")],
                    "Charles de Gaulle") == "USA"  # fmt: skip


def test_code_words_and_wordnet_names() -> None:
    assert not _unknown("NY1") and not _unknown("TF1") and not _unknown("3Com")
    assert _unknown("M25") and _unknown("Route 66") and _unknown("Interstate 95")
    assert not _unknown("El Nino") and not _unknown("Abraham")
    assert _unknown("Harwood Galleria") and not _unknown("Sorghum")


def test_wordnet_names_leave_out_any_name_with_a_place_or_thing_sense() -> None:
    lines = [
        "10000001 18 n 01 Philip 0 000 | a king",
        "10000002 19 n 02 El_Nino 0 El_Nino_southern_oscillation 0 000 | a warm current",
        "10000003 18 n 01 Lincoln 0 000 | a president",
        "10000004 15 n 01 Lincoln 0 000 | a city in Nebraska",
        "10000005 06 n 01 Pentagon 0 000 | a government building",
        "10000006 14 n 01 Pentagon 0 000 | the military establishment",
        "10000007 10 n 02 Oscar 0 oscar 0 000 | an award",
        "10000008 27 n 02 molybdenum 0 Mo 0 000 | a metallic element",
        "10000009 15 n 02 Missouri 0 MO 0 000 | a state of the United States",
    ]
    assert non_place_names(lines) == {
        "Philip": "person",
        "El Nino": "phenomenon",
        "El Nino southern oscillation": "phenomenon",
        "Oscar": "communication",
    }  # not "Mo": "MO" is a place


@pytest.mark.parametrize(
    ("text", "spans", "target"),
    [
        # A person's name WordNet knows, tagged LOC, before a facility's head.
        ("Istanbul's Ataturk international airport closed.", [("Ataturk", "LOC")], "Ataturk"),
        # A name WordNet knows only as an animal's genus, before "shopping mall".
        ("It opened at the Galleria shopping mall.", [("Galleria", "GPE")], "Galleria"),
        # A person's name and a unit number before "nuclear plant".
        ("Fermi 2 nuclear plant was shut.", [("Fermi", "GPE")], "Fermi"),
    ],
)  # fmt: skip
def test_a_facility_named_after_a_person_is_still_read(
    text: str, spans: list[tuple[str, str]], target: str
) -> None:
    """Issue 18: ctry21's WordNet refusal left these unread on unseen Reuters news."""
    assert _country(text, spans, target) == "USA"


@pytest.mark.parametrize(
    ("text", "spans", "target"),
    [
        ("El Nino warmed the ocean near the power plant.", [("El Nino", "LOC")], "El Nino"),
        ("Philips holds a stake in the plant.", [("Philips", "GPE")], "Philips"),
    ],
)  # fmt: skip
def test_no_facility_head_after_the_name_keeps_it_refused(
    text: str, spans: list[tuple[str, str]], target: str
) -> None:
    assert _country(text, spans, target) is None


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # A speech verb after one mention: every mention of the name is the person.
        ("President Raul Zorbal met bankers. Zorbal said the debt would be paid.",
         [("Zorbal", "GPE"), ("Zorbal", "GPE")]),
        # A title right before one mention; the headline's capitals are the same name.
        ("ZORBAL MEETS BANKERS\nBankers met Zorbal on Monday. President Zorbal left.",
         [("ZORBAL", "GPE"), ("Zorbal", "GPE"), ("Zorbal", "GPE")]),
    ],
)  # fmt: skip
def test_a_name_the_story_writes_as_a_person_is_no_unknown_place(
    text: str, spans: list[tuple[str, str]]
) -> None:
    """Rule co_mentioned: a name the model tagged a place but the story writes after a
    person's title or before a speech verb at one of its mentions is the person there
    (one sense per document)."""
    for target in dict.fromkeys(t for t, _ in spans):
        assert _country(text, spans, target) is None


def test_an_unknown_place_beside_a_person_of_its_name_elsewhere_is_still_read() -> None:
    # Only the story's own words make the name a person's: with no title or speech verb
    # around any of its mentions, the unknown span takes the story's country.
    text = "Floods hit Zorbal on Monday. Roads near Zorbal closed."
    assert _country(text, [("Zorbal", "GPE"), ("Zorbal", "GPE")], "Zorbal") == "USA"


def test_an_institution_speaking_after_the_stays_a_place() -> None:
    # "the X said" is an institution's place speaking ("the Pentagon said"), no person.
    text = "The Quendrix Yard said the ship was ready. Work at Quendrix Yard went on."
    spans = [("Quendrix Yard", "FAC"), ("Quendrix Yard", "FAC")]
    assert _country(text, spans, "Quendrix Yard") == "USA"


@pytest.mark.parametrize(
    ("name", "two"),
    [
        ("Middle and Far East", True),  # "Middle East" and "Far East"
        ("North and South America", True),
        ("East and West Germany", True),
        ("Smith and Jones", False),  # no head shared: a firm's name, still unknown
        ("Harlan and Wolff", False),
    ],
)
def test_two_places_sharing_a_head_are_not_one_unknown_place(name: str, two: bool) -> None:
    """ "the Middle and Far East" is two regions, not an unknown place of the story's
    country (unseen Reuters news: read as Belgium in a Brussels story)."""
    assert _unknown(name) is not two
    if two:
        text = f"The firm sells drills in the {name} and in Europe."
        assert _country(text, [(name, "LOC")], name) is None
