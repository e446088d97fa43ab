"""Sports clubs named after their town (rule club_names, analysis.countries.clubs):
hand-written sentences of sports reports and of other news."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.countries import ContextRules, document_countries, map_countries
from analysis.countries.clubs import names_club
from tests.factories import spans

SLUG = "SOCCER - LEEDS SIGN NEW STRIKER.\nLONDON 2024-06-15\n"


def _mapped(text: str, names: list[str], **context: bool) -> pd.DataFrame:
    frame = spans(*((name, "GPE", text.index(name)) for name in names))
    return map_countries(frame, texts={"d": text}, context=ContextRules(**context))


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Hale, who joined Newcastle for eight million pounds, scored twice.", "Newcastle"),
        ("Derby's Sam Cole was picked ahead of Tom Reed.", "Derby"),
        ("Paul Ward of Norwich City starts up front.", "Norwich City"),
        ("The 22-year-old Ipswich striker Dan Mace was called up.", "Ipswich"),
        ("The former Reading and Bolton skipper will start on Saturday.", "Bolton"),
        ("Wigan beat Bradford 30-12 in the final.", "Bradford"),
    ],
)  # fmt: skip
def test_a_town_named_as_a_club_in_a_sports_report_is_the_clubs_home(
    sentence: str, name: str
) -> None:
    text = SLUG + sentence
    start = text.index(name)
    assert names_club(text, start, start + len(name))
    out = _mapped(text, ["LONDON", name])
    assert out.loc[1, "rule"] == "org_home"  # shown with its country, counted apart
    counted = set(document_countries(out)["iso3"])
    assert counted == {"GBR"} and "AUS" not in counted


def test_the_same_town_as_a_place_or_outside_a_sports_report_stays_a_place() -> None:
    # A place word, not a club's: the town is where things happen.
    text = SLUG + "The squad trained in Newcastle on Friday before flying to Moldova."
    assert _mapped(text, ["LONDON", "Newcastle"]).loc[1, "rule"] != "org_home"
    # "Cleveland's lead" is the club's, but no player follows: no cue, the place reading.
    text = SLUG + "Cleveland's lead over the White Sox grew to nine games."
    start = text.index("Cleveland")
    assert not names_club(text, start, start + 9)
    # Not a sports report: "joined" a town is moving there.
    news = "The nurse, who joined Newcastle council in 1990, retired on Friday."
    assert _mapped(news, ["Newcastle"]).loc[0, "rule"] != "org_home"
    # A country's name is its national side (analysis.teams) or a place, never a club's.
    text = SLUG + "Hale's goal against Moldova was his first."
    start = text.index("Moldova")
    assert not names_club(text, start, start + 7)
    # A real city named "... City" is no club by its suffix.
    text = "BASEBALL - ROYALS WIN.\nKansas City Royals beat Detroit 4-0 in Kansas City."
    start = text.rindex("Kansas City")
    assert not names_club(text, start, start + 11)


def test_the_rule_switched_off_reads_the_club_as_its_town() -> None:
    text = SLUG + "Hale, who joined Newcastle for eight million pounds, scored twice."
    out = _mapped(text, ["LONDON", "Newcastle"], club_names=False)
    assert out.loc[1, "rule"] != "org_home" and pd.notna(out.loc[1, "iso3"])
