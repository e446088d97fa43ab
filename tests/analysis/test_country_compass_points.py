"""Rule compass_points: a compass point written as a noun after "the" names a region by
its direction, never the town of that name (West, Texas; North, South Carolina).

Found on the 18,781 Reuters-21578 stories (twenty-fifth session of round 3): "oil
shipments to the West" in a Gulf story, "known in the West as the HY-2", "the West German
market", "the North sea" were read as those towns, in the United States."""

from __future__ import annotations

from analysis.countries.modifiers import COMPASS_POINTS, compass_point_rows
from tests.factories import gpe_countries, spans

GULF = (
    "Iran could choke oil shipments to the West, U.S. officials said in Washington, "
    "where the Pentagon has studied the Strait of Hormuz."
)


def test_the_west_is_no_town_in_texas():
    names = ["West", "U.S.", "Washington"]
    assert gpe_countries(GULF, names) == [None, "USA", "USA"]
    assert gpe_countries(GULF, names, compass_points=False) == ["USA", "USA", "USA"]


def test_the_town_written_without_the_is_still_the_town():
    text = "The blast at a fertilizer plant in West, Texas, killed 15 people, U.S. officials said."
    assert gpe_countries(text, ["West", "Texas", "U.S."]) == ["USA", "USA", "USA"]


def test_any_case_and_the_intercardinal_points():
    text = "THE WEST AND THE NORTHWEST: U.S. GROWERS SAY RAIN IS SHORT IN THE NORTHWEST AND TEXAS"
    names = (("WEST", "LOC"), ("NORTHWEST", "LOC"), ("TEXAS", "GPE"))
    frame = spans(*((name, label, text.index(name)) for name, label in names))
    assert compass_point_rows(frame, {"d": text}).tolist() == [True, True, False]


def test_the_compass_points_are_nouns_not_adjectives():
    assert {"west", "north-east", "southwest", "orient"} <= COMPASS_POINTS
    assert not {"western", "north-eastern", "central"} & COMPASS_POINTS


def test_a_compass_point_without_the_is_no_region_of_this_rule():
    text = "He flew to North Carolina and West Virginia. U.S. officials in North said so."
    frame = spans(("North", "GPE", text.rindex("North")))
    assert compass_point_rows(frame, {"d": text}).tolist() == [False]
