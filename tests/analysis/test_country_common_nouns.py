"""English common nouns are the lemmas WordNet writes in lower case (branch ctry21):
WordNet's index folds every lemma to lower case, so the list derived from it held
13,729 proper nouns ("nemea", "aachen", "abraham") that kept places' ASCII spellings out
of the town table (analysis/data/build_common_nouns.py, build_towns.refused_spellings).
Hand-written WordNet lines and invented sentences."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.countries import map_countries
from analysis.data.build_common_nouns import lower_case_lemmas
from analysis.data.build_towns import refused_spellings
from analysis.data.build_wordnet_places import proper_names
from analysis.gazetteer import town_candidates
from analysis.name_data import common_nouns
from tests.factories import located_rows

#: Hand-written data.noun lines in WordNet 3.0's format: offset, lexicographer file,
#: pos, lemma count (hex), lemma/lex-id pairs, pointer count, pointers, gloss.
_DATA_NOUN = """\
  1 This is a licence header line
10000001 04 n 01 bank 0 000 | a flight maneuver
10000002 15 n 02 Greece 0 Hellas 0 001 @i 10000003 n 0000 | a republic in southeastern Europe
10000003 15 n 01 European_country 0 000 | any one of the countries of Europe
10000004 15 n 01 Nemea 0 001 #p 10000002 n 0000 | a valley in southeastern Greece
10000005 18 n 02 Sanchez 0 Oscar_Sanchez 0 000 | a president of a republic
10000006 23 n 02 kos 0 coss 0 000 | (in India) a unit of length
10000007 15 n 01 Kos 0 001 #p 10000002 n 0000 | a Greek island
10000008 15 n 01 Golan 0 000 | a plateau on the border of two countries
10000009 00 n 01 able(a) 0 000 | an adjective marker on a lemma
10000010 15 n 01 Egypt 0 001 @i 10000011 n 0000 | a republic in northeastern Africa
10000011 15 n 01 African_country 0 000 | any one of the countries of Africa
10000012 14 n 02 Nag_Hammadi 0 Nag_Hammadi_Library 0 000 | a collection of codices
10000013 15 n 01 Nag_Hammadi 0 001 #p 10000010 n 0000 | a town in Upper Egypt
"""


def _wordnet(tmp_path: Path) -> Path:
    (tmp_path / "data.noun").write_text(_DATA_NOUN, encoding="latin-1")
    return tmp_path


def test_a_common_noun_is_a_lemma_written_in_lower_case() -> None:
    words = lower_case_lemmas(_DATA_NOUN.splitlines())
    assert {"bank", "kos", "able"} <= words
    assert not words & {"greece", "hellas", "nemea", "sanchez", "golan"}


def test_the_shipped_list_holds_no_proper_noun_but_keeps_the_words() -> None:
    nouns = common_nouns()
    assert {"bank", "paper", "dollar", "eagle", "turkey", "china"} <= nouns
    assert not nouns & {"nemea", "ithaki", "aachen", "abraham", "golan", "nato"}


def test_wordnet_names_carry_the_countries_of_their_places(tmp_path: Path) -> None:
    names = proper_names(_wordnet(tmp_path))
    assert names["nemea"] == {"GRC"}
    assert names["greece"] == {"GRC"}
    assert names["sanchez"] is None  # a person
    assert names["golan"] == frozenset()  # a place WordNet puts in no country
    assert names["kos"] == {"GRC"} and "bank" not in names
    # A town that also names a library of codices: its other sense hides no place.
    assert names["nag hammadi"] == {"EGY"} and names["nag hammadi library"] is None


def test_a_spelling_is_refused_unless_wordnet_names_it_a_place_of_that_country(
    tmp_path: Path,
) -> None:
    refused = refused_spellings(_wordnet(tmp_path))
    assert not refused("Nemea", "GR")  # a Greek valley in WordNet, a Greek town
    assert refused("Nemea", "IT")  # not WordNet's Nemea
    assert refused("Sanchez", "MX")  # a person's name
    assert refused("Golan", "IR")  # a place WordNet gives no country
    assert refused("Kos", "GR")  # also an English common noun (a unit of length)
    assert refused("Bank", "HU")
    assert not refused("Nag Hammadi", "EG")  # a town of Egypt in WordNet, and a library
    assert refused("Nag Hammadi", "SD")


def _mapped(text: str, found: list[tuple[str, str]]) -> list[object]:
    frame = schema.conform(located_rows(text, found), "mentions")
    out = map_countries(frame, texts={"d": text})
    return [None if pd.isna(v) else v for v in out["iso3"]]


def test_a_greek_town_once_refused_as_a_word_is_read_in_greece() -> None:
    """Neméa and Itháki are listed by their ASCII spelling since the list lost its
    proper nouns; "Sanchez" (a person in WordNet) is still no Mexican town."""
    assert any(c.iso3 == "GRC" for c in town_candidates("Nemea"))
    assert any(c.iso3 == "GRC" for c in town_candidates("Ithaki"))
    assert not any(c.iso3 == "MEX" for c in town_candidates("Sanchez"))
    text = "Fires reached Nemea on Tuesday, Greek firefighters said."
    assert _mapped(text, [("Nemea", "GPE"), ("Greek", "NORP")]) == ["GRC", "GRC"]


def test_a_town_wordnet_also_names_otherwise_is_read_in_its_country() -> None:
    """Nag Hammadi (Egypt) came back with the rebuild (branch ctry22): WordNet's codex
    library of that name no longer hides its town sense."""
    assert [c.iso3 for c in town_candidates("Nag Hammadi")] == ["EGY"]
    text = "Gunmen attacked a church in Nag Hammadi, Egyptian police said."
    assert _mapped(text, [("Nag Hammadi", "GPE"), ("Egyptian", "NORP")]) == ["EGY", "EGY"]
