"""The CoNLL testa + AIDA dev set of the country benchmark (benchmarks/country_eval.py
``load_aida``, benchmarks/aida_countries.py): loader and scorer on a tiny synthetic
sample written here (no CoNLL text in the repository)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import schema
from tests.analysis.test_country_eval import _country_eval

# Two documents in eng.testa's format (token POS chunk NER), written for this test.
CONLL = """-DOCSTART- -X- O O

Troops NNS I-NP O
left VBD I-VP O
Paris NNP I-NP I-LOC
for IN I-PP O
Georgia NNP I-NP I-LOC
. . O O

German JJ I-NP I-MISC
officials NNS I-NP O
met VBD I-VP O
. . O O

-DOCSTART- -X- O O

Europe NNP I-NP I-LOC
and CC O O
Ruritania NNP I-NP I-LOC
. . O O
"""
# AIDA's lines: first token of each mention (counted in its document), title, URL.
AIDA = """-DOCSTART- (1testa ONE)
2\tParis\thttp://en.wikipedia.org/wiki/Paris\t1\t/m/1
4\tGeorgia_\\u0028U\\u002eS\\u002e_state\\u0029\thttp://x\t2\t/m/2
6\tGermany\thttp://en.wikipedia.org/wiki/Germany\t3\t/m/3
-DOCSTART- (2testa TWO)
0\tEurope\thttp://en.wikipedia.org/wiki/Europe\t4\t/m/4
2\t--NME--
"""
GOLD = """title,iso3,how
Paris,FRA,checked by hand
Georgia_\\u0028U\\u002eS\\u002e_state\\u0029,USA,checked by hand
Germany,DEU,country name
Europe,,checked by hand
"""


def _files(tmp_path: Path, gold: str = GOLD) -> tuple[Path, Path, Path]:
    paths = tmp_path / "gold.csv", tmp_path / "eng.testa", tmp_path / "aida.tsv"
    for path, text in zip(paths, (gold, CONLL, AIDA), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def test_loader_reads_linked_loc_and_misc_countries(tmp_path: Path) -> None:
    ce = _country_eval()
    one, two = ce.load_aida(*_files(tmp_path))
    assert one.doc_id == "testa-000"
    assert one.text == "Troops left Paris for Georgia.\nGerman officials met."
    assert one.countries == {"FRA", "USA", "DEU"}  # LOC and MISC links
    # Only LOC links with a country are toponyms, with their span in the text.
    assert [(t.phrase, t.iso3) for t in one.toponyms] == [("Paris", "FRA"), ("Georgia", "USA")]
    assert one.text[one.toponyms[1].start : one.toponyms[1].end] == "Georgia"
    # "Europe" is no country; "Ruritania" has no link: an empty gold set.
    assert two.countries == set() and two.toponyms == []


def test_loader_refuses_a_gold_file_that_misses_a_linked_title(tmp_path: Path) -> None:
    ce = _country_eval()
    with pytest.raises(ValueError, match="Germany"):
        ce.load_aida(*_files(tmp_path, GOLD.replace("Germany,DEU,country name\n", "")))


def test_scorer_counts_mentions_and_article_sets(tmp_path: Path) -> None:
    ce = _country_eval()
    articles = ce.load_aida(*_files(tmp_path))
    rows = [  # "Paris" found, "Georgia" read as the country, "German" as a demonym
        ("testa-000", 0, 12, 17, "Paris", "GPE"),
        ("testa-000", 0, 22, 29, "Georgia", "GPE"),
        ("testa-000", 1, 31, 37, "German", "NORP"),
        ("testa-001", 0, 0, 6, "Europe", "LOC"),
    ]
    keys = ("doc_id", "sent_id", "start", "end", "text", "label")
    frame = schema.conform([dict(zip(keys, r, strict=True)) for r in rows], "mentions")
    result = ce.evaluate(articles, frame, min_confidence=0.0)
    assert result["mentions"]["toponyms"] == 2 and result["mentions"]["detected"] == 2
    assert result["mentions"]["correct"] == 1  # Georgia -> GEO, not the US state
    # Gold {FRA, USA, DEU} and {}; predicted {FRA, GEO, DEU} and {}.
    assert (result["true_pos"], result["predicted"], result["gold"]) == (2, 3, 3)


def test_proposal_reads_country_names_teams_and_qualifiers() -> None:
    from benchmarks.aida_countries import propose

    assert propose("England_cricket_team")[0] == "GBR"
    assert propose("Germany_national_football_team") == ("DEU", "team of a country name")
    assert propose("Arlington\\u002c_Texas") == ("USA", "qualifier after the comma")
    assert propose("Europe")[0] == ""


def test_national_sides_are_a_class_of_their_own_and_can_be_left_out(tmp_path: Path) -> None:
    import pandas as pd

    from benchmarks import country_errors
    from benchmarks.aida_countries import is_national_team

    row = {"start": 0, "end": 7, "text": "England", "label": "GPE", "rule": "national_team",
           "iso3": pd.NA}  # fmt: skip
    others = pd.DataFrame([row])
    assert country_errors.classify(row, "England beat Pakistan.", others, "GBR") == "national_team"
    assert is_national_team("England_cricket_team") and is_national_team("Austria_Fed_Cup_team")
    assert not is_national_team("England") and not is_national_team("Atlanta_Braves")
    ce = _country_eval()
    gold = GOLD.replace("Germany,DEU", "Germany_national_football_team,DEU")
    files = _files(tmp_path, gold)
    files[2].write_text(AIDA.replace("\tGermany\t", "\tGermany_national_football_team\t"))
    assert ce.load_aida(*files)[0].countries == {"FRA", "USA", "DEU"}
    assert ce.load_aida(*files, teams=False)[0].countries == {"FRA", "USA"}
