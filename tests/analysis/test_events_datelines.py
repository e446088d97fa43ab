"""A dateline is never part of an event's actor, speaker or action, whatever its form
(analysis.datelines.FILED: "TEHRAN - ", "NAIROBI -- ", "LONDON, March 3 - ", with or
without an agency's credit) and however the parser hangs it on the sentence: as a
compound of the subject ("TEHRAN - Police" -> once "tehran police") or as a second
subject of the verb ("NAIROBI -- Police arrested": once no actor at all). Review 8,
"Noticed outside the two issues". Invented sentences, the trained pipeline."""

from __future__ import annotations

import pandas as pd
import pytest
from test_events import events_of, nlp  # noqa: F401  (nlp: a fixture)

from analysis import events as event_tables
from analysis import pipeline


def _fields(event: dict) -> str:
    return " ".join(str(event.get(k) or "") for k in ("actors", "action", "target", "source"))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("TEHRAN - Police arrested Ali Baqeri in Baghdad on Monday, officials said.", "police"),
        ("NAIROBI -- Police arrested a protester on Friday.", "police"),
        ("CAIRO - Police detained two journalists on Sunday.", "police"),
        ("LIMA (Andina) - Police arrested a suspect on Monday.", "police"),
    ],
)
def test_a_dateline_is_no_part_of_the_actor(nlp, text: str, actor: str) -> None:  # noqa: F811
    place = text.split(" ")[0]
    arrests = [e for e in events_of(nlp, text) if e["action"].split(" ")[0] in {"arrest", "detain"}]
    assert len(arrests) == 1, events_of(nlp, text)
    assert arrests[0]["actors"] == actor
    assert place.casefold() not in _fields(arrests[0]).casefold()


@pytest.mark.model
def test_a_place_that_opens_no_dateline_still_names_the_actor(nlp) -> None:  # noqa: F811
    # The same words without the dateline's dash: the city is part of the subject.
    found = events_of(nlp, "Tehran police arrested a suspect on Monday.")
    arrest = next(e for e in found if e["action"].startswith("arrest"))
    assert "tehran" in arrest["actors"].casefold()


@pytest.mark.model
def test_merged_event_of_a_wire_story_keeps_the_dateline_out(nlp) -> None:  # noqa: F811
    text = "TEHRAN - Police arrested Ali Baqeri in Baghdad on Monday, officials said."
    documents = pd.DataFrame({"doc_id": ["d"], "text": [text], "date": ["2024-06-13"],
                              "source": ["Wire"]})  # fmt: skip
    reports = pipeline.analyze(nlp, documents)["events"]
    merged = event_tables.merge_reports(reports)
    assert len(merged) >= 1
    assert not merged["actors"].fillna("").str.casefold().str.contains("tehran").any()
