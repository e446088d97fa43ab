"""Sports clubs named after their town (rule club_names, analysis.countries.clubs):
hand-written sentences of sports reports and of other news. The sentences of review 3
(F2) are invented sports news naming a place, not a club: their expected countries are
those main gave before the rule."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import ContextRules, document_countries, map_countries
from analysis.countries.clubs import names_club
from tests.factories import located_rows

SLUG = "SOCCER - LEEDS SIGN NEW STRIKER.\nLONDON 2024-06-15\n"


def _mapped(
    text: str, names: list[str], people: tuple[str, ...] = (), **context: bool
) -> pd.DataFrame:
    """The mapped GPE mentions ``names`` of ``text`` (in the order written: each found
    after the one before), beside the model's PERSON mentions ``people``."""
    places = located_rows(text, [(name, "GPE") for name in names])
    persons = [located_rows(text, [(name, "PERSON")])[0] for name in people]  # each the first
    frame = schema.conform(places + persons, "mentions")
    out = map_countries(frame, texts={"d": text}, context=ContextRules(**context))
    return out[out["label"] == "GPE"].reset_index(drop=True)


@pytest.mark.parametrize(
    ("sentence", "name", "people"),
    [
        ("Hale, who joined Newcastle for eight million pounds, scored twice.", "Newcastle",
         ()),
        ("Derby's Sam Cole was picked ahead of Tom Reed.", "Derby", ("Sam Cole",)),
        ("Paul Ward of Norwich City starts up front.", "Norwich City", ()),
        ("The 22-year-old Ipswich striker Dan Mace was called up.", "Ipswich", ()),
        ("The former Reading and Bolton skipper will start on Saturday.", "Bolton", ()),
        ("Wigan beat Bradford 30-12 in the final.", "Bradford", ()),
    ],
)  # fmt: skip
def test_a_town_named_as_a_club_in_a_sports_report_is_the_clubs_home(
    sentence: str, name: str, people: tuple[str, ...]
) -> None:
    text = SLUG + sentence
    start = text.index(name)
    found = {text.index(p): text.index(p) + len(p) for p in people}
    assert names_club(text, start, start + len(name), found)
    out = _mapped(text, ["LONDON", name], people)
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


# --- Review 3, F2: venues, host cities, day names and moves are places ----------------


@pytest.mark.parametrize(
    ("text", "names", "people", "expected"),
    [
        ("TENNIS - DJOKOVIC WINS.\nNovak Djokovic beat Stefanos Tsitsipas 6-3 7-6 6-3 at "
         "Melbourne's Rod Laver Arena on Sunday.", ["Melbourne"],
         ("Novak Djokovic", "Stefanos Tsitsipas", "Rod Laver"), {"AUS"}),
        ("MOTOR RACING - TITLE DECIDER.\nThe championship will be decided at Abu Dhabi's "
         "Yas Marina Circuit next week.", ["Abu Dhabi"], (), {"ARE"}),
        ("SOCCER - FINAL MOVED.\nEurope's governing body said the Champions League final "
         "would be moved to Paris from St Petersburg after the invasion of Ukraine.",
         ["Paris", "St Petersburg", "Ukraine"], (), {"FRA", "RUS", "UKR"}),
        ("BASKETBALL - CELTICS WIN.\nJayson Tatum scored 40 points as the Celtics beat the "
         "Knicks 120-98 in Boston Wednesday night.", ["Boston"], ("Jayson Tatum",), {"USA"}),
        ("CYCLING - TOUR STAGE SET.\nThe riders will leave Leeds on Saturday and finish in "
         "Sheffield Wednesday after a rest day.", ["Leeds", "Sheffield"], (), {"GBR"}),
        ("ATHLETICS - MARATHON.\nThe marathon runner, who moved to Boulder in 2015 to train "
         "at altitude, won on Sunday.", ["Boulder"], (), {"USA"}),
        ("OLYMPICS - PROTEST.\nRights groups campaigned against Beijing hosting the Winter "
         "Games.", ["Beijing"], (), {"CHN"}),
        ("OLYMPICS - GAMES OPEN.\nThe Games opened in an empty stadium, with Tokyo residents "
         "kept away and Tokyo fans watching on television.", ["Tokyo", "Tokyo"], (),
         {"JPN"}),
    ],
)  # fmt: skip
def test_places_of_ordinary_sports_news_stay_places(
    text: str, names: list[str], people: tuple[str, ...], expected: set[str]
) -> None:
    out = _mapped(text, names, people)
    assert not (out["rule"] == "org_home").any()
    assert set(out["iso3"].dropna()) == expected


def test_a_possessive_names_a_club_only_before_a_persons_whole_name() -> None:
    # The venue after a possessive is no player, even when the model tags a PERSON in it.
    text = SLUG + "Fans filled Melbourne's Rod Laver Arena and Derby's Sam Cole scored."
    venue, club = text.index("Melbourne"), text.index("Derby")
    rod, sam = text.index("Rod Laver"), text.index("Sam Cole")
    people = {rod: rod + len("Rod Laver"), sam: sam + len("Sam Cole")}
    assert not names_club(text, venue, venue + len("Melbourne"), people)
    assert names_club(text, club, club + len("Derby"), people)
    # Two capitalised words the model did not tag as a person are no player.
    assert not names_club(text, club, club + len("Derby"), {})
    # A day name is no club's suffix; "moved to" takes a place.
    text = SLUG + "Ward moved to Leeds from Sheffield Wednesday in June."
    start = text.index("Leeds")
    assert not names_club(text, start, start + len("Leeds"))


@pytest.mark.parametrize(
    ("text", "names", "people"),
    [
        ("HORSE RACING - GREY COLT WINS FEATURE RACE.\nLONDON 1996-09-14\nThe colt, trained "
         "by Doncaster's John Smith, beat the favourite.", ["LONDON", "Doncaster"],
         ("John Smith",)),
        ("HORSE RACING - FILLY TAKES CUP.\nLONDON 1996-09-14\nThe filly beat Epsom winner "
         "Red Lantern last month.", ["LONDON", "Epsom"], ()),
        ("Horse racing-Mare wins at Doncaster.\nThe mare, who joined Newmarket trainer Ann Pike in "
         "May, won by a length.", ["Doncaster", "Newmarket"], ()),
    ],
)  # fmt: skip
def test_in_a_sport_without_sides_a_town_is_never_a_club(
    text: str, names: list[str], people: tuple[str, ...]
) -> None:
    """Horse racing (kind ``no sides`` in data/sport_headings.txt) has no clubs: the
    club rule's cues ("<Town>'s <Person>", "beat <Town>", "joined <Town>") name a place
    there, read as in any other news (review 9, finding 1). The predicate is the one
    analysis.teams reads for national sides (names_sides)."""
    out = _mapped(text, names, people)
    assert not (out["rule"] == "org_home").any()
    assert "GBR" in set(document_countries(out)["iso3"])  # counted as a place named


def test_the_same_cues_in_a_football_report_still_name_a_club() -> None:
    text = ("FOOTBALL - CUP TIE.\nLONDON 1996-09-14\nDoncaster's John Smith scored twice "
            "as the visitors beat Epsom in the cup.")  # fmt: skip
    out = _mapped(text, ["LONDON", "Doncaster", "Epsom"], ("John Smith",))
    assert out["rule"].tolist()[1:] == ["org_home", "org_home"]
