"""benchmarks/country_halves.py: the split of LGL dev by id parity and the flag of a rule
that helps one half only (invented figures; no evaluation data)."""

from __future__ import annotations

from benchmarks import country_eval as ce
from benchmarks.country_halves import halves, one_half_only

BASE = {
    "even id": (0.9, 0.9, 0.9),
    "even id, no homes": (0.8, 0.8, 0.8),
    "odd id": (0.9, 0.9, 0.9),
    "odd id, no homes": (0.8, 0.8, 0.8),
}


def test_halves_split_by_the_parity_of_the_document_id() -> None:
    articles = [ce.Article(doc_id=str(i), text="") for i in (10, 11, 12, 15)]
    parts = halves(articles)
    assert [a.doc_id for a in parts["even id"]] == ["10", "12"]
    assert [a.doc_id for a in parts["odd id"]] == ["11", "15"]


def test_a_rule_helping_one_half_and_hurting_the_other_is_flagged() -> None:
    both = {**BASE, "even id": (0.8, 0.9, 0.9), "odd id": (0.85, 0.9, 0.9)}
    assert not one_half_only(BASE, both)  # off: both halves fall (the rule helps both)
    assert not one_half_only(BASE, dict(BASE))
    split = {**BASE, "even id": (0.8, 0.9, 0.9), "odd id": (0.95, 0.9, 0.9)}
    assert one_half_only(BASE, split)
    tiny = {**BASE, "even id": (0.8, 0.9, 0.9), "odd id": (0.9003, 0.9, 0.9)}
    assert not one_half_only(BASE, tiny)  # a change below the shown digits is none
    homes = {**BASE, "even id, no homes": (0.8, 0.8, 0.7), "odd id, no homes": (0.8, 0.8, 0.9)}
    assert one_half_only(BASE, homes)


def test_a_constant_is_rebound_wherever_it_was_imported(monkeypatch) -> None:
    from analysis.countries import confidence, readings, scoring
    from benchmarks.country_halves import set_constant

    for module in (readings, scoring, confidence):  # restored after the test
        monkeypatch.setattr(module, "_CONTEXT_POPULATION_RATIO", 20)
    set_constant("analysis.countries.readings:_CONTEXT_POPULATION_RATIO=40")
    assert readings._CONTEXT_POPULATION_RATIO == 40
    assert scoring._CONTEXT_POPULATION_RATIO == 40 and confidence._CONTEXT_POPULATION_RATIO == 40
    assert isinstance(scoring._CONTEXT_POPULATION_RATIO, int)
