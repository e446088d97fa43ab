"""US state abbreviations (analysis.gazetteer_entries.US_STATE_ABBREVIATIONS) against the
AP Stylebook's list (issue 18, branch ctry20): every AP form is read as its state, in a
filed dateline's state slot and by the gazetteer, and nothing beyond the AP list and the
declared older forms is (a new form must be declared, not slip in)."""

from __future__ import annotations

import pytest

from analysis import datelines
from analysis.gazetteer import candidates, is_state_abbreviation
from analysis.gazetteer_entries import US_STATE_ABBREVIATIONS
from analysis.place_spelling import normalise

#: The AP Stylebook's "state names" entry, as printed (hand-copied; the brief of ctry20).
AP_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO",
    "Conn.": "CT", "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN",
    "Kan.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI",
    "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV",
    "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND",
    "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD",
    "Tenn.": "TN", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI",
    "Wyo.": "WY",
}  # fmt: skip
#: The forms kept beyond the AP list (declared in gazetteer_entries' comment; "WVa" and
#: "W.Va" are the AP's "W.Va." written without its last dot and with none).
OLDER_FORMS = {"Penn", "Tex", "DC"}


def _key(form: str) -> str:
    return normalise(form).replace(".", "")


def test_every_ap_form_is_its_state() -> None:
    table = {_key(a): code for a, code in US_STATE_ABBREVIATIONS.items()}
    assert len(AP_STATES) == 42
    assert {_key(a): code for a, code in AP_STATES.items()}.items() <= table.items()


def test_nothing_beyond_the_ap_list_and_the_declared_older_forms() -> None:
    ap = {_key(a) for a in AP_STATES}
    assert {a for a in US_STATE_ABBREVIATIONS if _key(a) not in ap} == OLDER_FORMS


@pytest.mark.parametrize("form", sorted(AP_STATES))
def test_an_ap_form_is_read_in_a_dateline_and_by_the_gazetteer(form: str) -> None:
    header = f"SPRINGFIELD, {form}, March 3 -"
    assert [m.group(0) for m in datelines.FILED.finditer(header + " x")] == [header]
    assert is_state_abbreviation(form)
    assert any(c.rule == "us_state" and c.iso3 == "USA" for c in candidates(form))


@pytest.mark.parametrize("word", ["Wash", "Ill", "Miss", "Mass", "Ore", "La", "Mo", "Ind"])
def test_a_form_spelt_like_a_word_is_no_state_in_lower_case(word: str) -> None:
    """An AP form spelt like a word ("wash", "ill", "ore") is a state only as written,
    with its capital: the lower-case word is no key."""
    assert is_state_abbreviation(word) and is_state_abbreviation(word + ".")
    assert not is_state_abbreviation(word.lower())
    assert not any(c.rule == "us_state" for c in candidates(word.lower()))
