"""A club's side on a results line or table row of a team sport's report is a team, not a
place: the gazetteer pass adds no place there (issue 18, CoNLL testa: "Hamilton", "Ross
County" of Scottish league tables read as US towns). Hand-written report; no benchmark
text."""

from __future__ import annotations

from analysis import schema
from analysis.countries import add_place_records, map_countries
from tests.factories import located_rows

REPORT = (
    "SOCCER - LEAGUE TABLES FROM SCOTLAND.\nGLASGOW 2024-06-15\nResults on Saturday:\n"
    "Montrose 0 Ross County 2\nLivingston 2 Hamilton 2\nStandings:\n"
    "Hamilton 4 2 1 1 6 4 7\nRoss County 4 0 1 3 2 8 1\n"
)


def _mention(text: str, name: str, label: str, nth: int = 0) -> dict:
    """A model mention of the ``nth`` occurrence of ``name`` in ``text``."""
    return located_rows(text, [(name, label)] * (nth + 1), rule=None, canonical=name)[-1]


def _model(text: str) -> list[dict]:
    """What the model tags on the report's sides (it took one 'Hamilton' for a person)."""
    return [
        _mention(text, "Montrose", "ORG"),
        _mention(text, "Ross County", "ORG"),
        _mention(text, "Livingston", "ORG"),
        _mention(text, "Hamilton", "PERSON"),
        _mention(text, "Hamilton", "PERSON", 1),
        _mention(text, "Ross County", "ORG", 1),
    ]


def test_the_gazetteer_pass_adds_no_place_on_a_clubs_side() -> None:
    out = add_place_records(_model(REPORT), REPORT)
    # Before: "Ross County" (a county of Ohio in the gazetteer) became a GPE, rule
    # "gazetteer", and mapped to the US. The one place the pass adds is the report's
    # dateline, stamped with its date.
    assert [(m["text"], m["label"]) for m in out] == [
        ("GLASGOW", "GPE"),
        *((m["text"], m["label"]) for m in _model(REPORT)),
    ]
    mapped = map_countries(schema.conform(out, "mentions"), texts={"d": REPORT})
    assert mapped["iso3"].tolist()[0] == "GBR" and mapped["iso3"][1:].isna().all()


def test_a_place_written_in_prose_of_the_same_report_is_still_a_place() -> None:
    # Only the sides of results lines and table rows are teams: the same name in a
    # sentence is read by the pass as before.
    text = REPORT + "Fans travelled from Ross County in the Highlands.\n"
    prose = text.rindex("Ross County")
    out = add_place_records(_model(text), text)
    assert any(m["start"] == prose and m["label"] == "GPE" for m in out)
