"""Rule home_namesakes (analysis.countries.scoring._home_namesake): a source's learnt
home does not turn a country's name, a capital or a world city into a far smaller
namesake of the home country (review 18, class A2). Invented sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.countries import ContextRules, map_countries
from analysis.countries.scoring import HOME_NAMESAKE_RATIO, DocumentContext, score
from analysis.gazetteer_entries import Candidate
from tests.factories import located

LONDON = Candidate("GBR", "capital", 8_961_989, admin1="ENG")
LONDON_OH = Candidate("USA", "town", 10_060, admin1="OH")
LONDON_ON = Candidate("CAN", "city", 422_324, admin1="08")
LEBANON = Candidate("LBN", "name")
LEBANON_TN = Candidate("USA", "city", 30_262, admin1="TN")
ATHENS = Candidate("GRC", "capital", 664_046, admin1="ESYE31")
ATHENS_GA = Candidate("USA", "city", 115_452, admin1="GA")
ATHENS_AL = Candidate("USA", "town", 5_000, admin1="AL")


def home(country: str, *, learnt: bool = True, **kwargs: object) -> DocumentContext:
    """A story whose register is ``country`` (its source's learnt home, or with
    ``learnt`` False its own civic phrases), naming that country once more."""
    base: dict = {"evidence": {country: 2}, "local": {}, "qualifier": None,
                  "register": country, "register_learnt": learnt}  # fmt: skip
    return DocumentContext(**{**base, **kwargs})


def test_a_learnt_home_keeps_a_world_city_from_a_village_namesake() -> None:
    # 10,060 people against 8.96 million: far under a hundredth.
    assert LONDON_OH.population * HOME_NAMESAKE_RATIO < LONDON.population
    assert score((LONDON, LONDON_OH), LONDON, home("USA")).chosen is LONDON
    # The story's own civic phrases still make it London, Ohio (rule world_cities).
    assert score((LONDON, LONDON_OH), LONDON, home("USA", learnt=False)).chosen is LONDON_OH


def test_a_learnt_home_still_reads_its_own_sizeable_namesake() -> None:
    # A Canadian paper's "London": 1/21 of London's people, within the ratio.
    assert score((LONDON, LONDON_ON), LONDON, home("CAN")).chosen is LONDON_ON
    # A capital under a million: its namesake city of 115,000 is read, a town is not.
    assert score((ATHENS, ATHENS_GA), ATHENS, home("USA")).chosen is ATHENS_GA
    assert score((ATHENS, ATHENS_AL), ATHENS, home("USA")).chosen is ATHENS


def test_a_learnt_home_never_makes_a_country_name_its_namesake_city() -> None:
    assert score((LEBANON, LEBANON_TN), LEBANON, home("USA")).chosen is LEBANON
    # Two places the story names in the US still do when rule country_namesakes is off
    # (on, only the namesake's state does), as do a qualifier and a state.
    local = home("USA", local={"USA": 2})
    assert score((LEBANON, LEBANON_TN), LEBANON, local).chosen is LEBANON
    free = home("USA", local={"USA": 2}, country_namesakes=False)
    assert score((LEBANON, LEBANON_TN), LEBANON, free).chosen is LEBANON_TN
    state = home("USA", divisions={"USA:TN": 1}, local={"USA": 1})
    assert score((LEBANON, LEBANON_TN), LEBANON, state).chosen is LEBANON_TN
    qualified = home("USA", qualifier="USA:TN")
    assert score((LEBANON, LEBANON_TN), LEBANON, qualified).chosen is LEBANON_TN


def _map(text: str, spans: list[tuple[str, str]], country: str, **rules: bool) -> dict:
    out = map_countries(located(text, spans), texts={"d": text}, homes={"d": country},
                        context=ContextRules(**rules))  # fmt: skip
    return {t: (None if pd.isna(i) else i) for t, i in zip(out["text"], out["iso3"], strict=True)}


@pytest.mark.parametrize(
    ("text", "spans", "country", "name", "expected"),
    [
        (
            "A London-based jeweler raised its offer for a Seattle retailer; in London its "
            "shares rose 2 pence.",
            [("London", "GPE"), ("Seattle", "GPE"), ("London", "GPE")],
            "USA",
            "London",
            "GBR",
        ),
        (
            "U.S. officials said Iraq would leave Kuwait only if Israel left the West Bank "
            "and Syria left Lebanon.",
            [
                ("U.S.", "GPE"),
                ("Iraq", "GPE"),
                ("Kuwait", "GPE"),
                ("Israel", "GPE"),
                ("West Bank", "GPE"),
                ("Syria", "GPE"),
                ("Lebanon", "GPE"),
            ],
            "USA",
            "Lebanon",
            "LBN",
        ),
        (
            "London police closed two roads after a crash; Toronto crews helped.",
            [("London", "GPE"), ("Toronto", "GPE")],
            "CAN",
            "London",
            "CAN",
        ),
    ],
)
def test_sentences_read_with_a_learnt_home(
    text: str, spans: list[tuple[str, str]], country: str, name: str, expected: str
) -> None:
    assert _map(text, spans, country)[name] == expected


def test_switched_off_the_home_reads_the_village_as_before() -> None:
    text = ("A London-based jeweler raised its offer for a Seattle retailer; in London its "
            "shares rose 2 pence.")  # fmt: skip
    spans = [("London", "GPE"), ("Seattle", "GPE"), ("London", "GPE")]
    assert _map(text, spans, "USA", home_namesakes=False)["London"] == "USA"
