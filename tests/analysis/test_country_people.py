"""People named like places (rule ages, analysis.countries.people): hand-written
sentences."""

from __future__ import annotations

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
        "BOXING - DURAN FIGHTS ON.\nPanama's boxing legend Duran climbs into the ring "
        "on Saturday. Duran, 45, takes on Ariel Cruz. Duran told reporters he felt good."
    )
    names = [("DURAN", text.index("DURAN")), ("Duran", text.index("Duran")),
             ("Duran", text.index("Duran, 45")), ("Duran", text.index("Duran told"))]  # fmt: skip
    assert _countries(text, names) == [None, None, None, None]  # not Duran, Ecuador
    assert "ECU" in _countries(text, names, ages=False)
    assert aged_names("Lentini, 27, joined Milan; Wanda Y. Martin, aged 39, was") == [
        "Lentini", "Martin"]  # fmt: skip


def test_a_place_word_before_the_name_keeps_the_place() -> None:
    # A date is no age ("March, 25,"); "of Lentini" is the town beside "Lentini, 27,".
    assert aged_names("arrested on Wednesday, March, 25, and charged") == []
    text = "Lentini, 27, a farmer of Lentini in Sicily, Italy, was fined."
    names = [("Lentini", 0), ("Lentini", text.index("of Lentini") + 3)]
    assert _countries(text, names) == [None, "ITA"]
