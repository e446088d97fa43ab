"""People named like places (rule ages, analysis.countries.people): hand-written
sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.countries import ContextRules, map_countries
from analysis.countries.people import aged_names
from tests.factories import spans


def _countries(text: str, names: list[tuple[str, int]], **context: bool) -> list[object]:
    frame = spans(*((name, "GPE", start) for name, start in names))
    out = map_countries(frame, texts={"d": text}, context=ContextRules(**context))
    return [None if pd.isna(v) else v for v in out["iso3"]]


def test_a_name_written_with_an_age_is_a_person_everywhere_in_the_story() -> None:
    text = (
        "BOXING - DURAN READY.\nVeteran welterweight Duran steps back into the ring on "
        "Friday. Duran, 38, meets Luis Ortega in Cancun. Duran told reporters he felt strong."
    )
    names = [("DURAN", text.index("DURAN")), ("Duran", text.index("Duran")),
             ("Duran", text.index("Duran, 38")), ("Duran", text.index("Duran told"))]  # fmt: skip
    assert _countries(text, names) == [None, None, None, None]  # not Duran, Ecuador
    assert "ECU" in _countries(text, names, ages=False)
    assert aged_names("Lentini, 31, signed for Parma; Joan P. Barker, aged 52, was") == [
        "Lentini", "Barker"]  # fmt: skip


def test_a_place_word_before_the_name_keeps_the_place() -> None:
    # A date is no age ("March, 25,"); "of Lentini" is the town beside "Lentini, 31,".
    assert aged_names("arrested on Wednesday, March, 25, and charged") == []
    text = "Lentini, 31, a farmer of Lentini in Sicily, Italy, was fined."
    names = [("Lentini", 0), ("Lentini", text.index("of Lentini") + 3)]
    assert _countries(text, names) == [None, "ITA"]


def test_a_last_name_the_gazetteer_pass_found_is_the_person() -> None:
    from analysis import schema
    from analysis.countries.people import person_sense_rows

    text = (
        "Officers arrested Dale Robert Jones, who fled. They found a stolen phone on "
        "Jones at the station. Dublin City Council met Paul Dublin Smith and Ann Dublin."
    )
    at = text.index("Jones at")
    dublin = text.index("Dublin City")
    rows = schema.conform(
        [{"doc_id": "d", "sent_id": 0, "start": at, "end": at + 5, "text": "Jones",
          "label": "GPE"},
         {"doc_id": "d", "sent_id": 0, "start": dublin, "end": dublin + 6, "text": "Dublin",
          "label": "GPE"}], "mentions")  # fmt: skip
    people = pd.DataFrame({"doc_id": ["d", "d"], "text": ["Dale Robert Jones", "Ann Dublin"]})
    found = np.array([True, True])
    # "Jones" is the person; "Dublin City Council" is a place's institution.
    assert person_sense_rows(rows, found, people, {"d": text}).tolist() == [True, False]
    # Only a place the gazetteer pass found: one the model tagged stays its reading.
    assert not person_sense_rows(rows, ~found, people, {"d": text}).any()
    # A one-word PERSON is no full name (the model tags places so).
    one = pd.DataFrame({"doc_id": ["d"], "text": ["Jones"]})
    assert not person_sense_rows(rows, found, one, {"d": text}).any()
    # Through map_countries: the pass's "Jones" (rule gazetteer) maps to no country.
    frame = rows.assign(rule=["gazetteer", "gazetteer"])
    person = pd.DataFrame([{"doc_id": "d", "sent_id": 0, "start": 18, "end": 35,
                            "text": "Dale Robert Jones", "label": "PERSON"}])  # fmt: skip
    both = schema.conform(pd.concat([schema.conform(person, "mentions"), frame]), "mentions")
    out = map_countries(both, texts={"d": text})
    assert pd.isna(out.loc[out["start"] == at, "iso3"]).all()
    off = map_countries(both, texts={"d": text}, context=ContextRules(person_sense=False))
    assert off.loc[off["start"] == at, "iso3"].notna().all()
