"""analysis.events: the constructions issue 16's second round added, one sentence each.

Each test fails on the code before that round: participles, a statement's reported
clause, headlines (present tense, capitalised words), act/event nouns typed through
the verb WordNet derives them from, verbs whose first sense alone is stative.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_events import SEED, THURSDAY, events_of, nlp, one  # noqa: F401  (nlp: a fixture)

from analysis import pipeline
from analysis.events.lexicon import lemma_type


def _trigger(text: str, event: dict) -> str:
    return text[event["trigger_start"] : event["trigger_end"]]


@pytest.mark.model
def test_a_participle_modifying_a_noun_is_an_event_with_that_noun(nlp) -> None:  # noqa: F811
    text = "Riot police clashed with striking workers in Athens."
    striking = one(events_of(nlp, text), action="strike")
    assert _trigger(text, striking) == "striking" and striking["actors"] == "worker"
    # a participle of motion under a noun has no path: no event ("fallen commanders")
    honoured = events_of(nlp, "The minister honored fallen commanders near Baghdad airport.")
    assert {e["event_type"] for e in honoured}.isdisjoint({"transport", "movement"})


@pytest.mark.model
def test_a_statement_reports_its_finite_clause_as_a_sourced_happening(nlp) -> None:  # noqa: F811
    text = "Intel announced on Monday that it had acquired SeaMicro."
    events = events_of(nlp, text)
    one(events, event_type="make_statement")  # the announcement is still an event
    bought = one(events, event_type="transaction")
    assert _trigger(text, bought) == "acquired" and bought["target"] == "SeaMicro"
    assert bought["source"] == "Intel"
    assert text[bought["source_start"] : bought["source_end"]] == "announced"
    # A denial reports no happening: the killing it denies is not an event.
    denied = events_of(nlp, "The army denied that its soldiers killed civilians in Gaza.")
    assert [e["event_type"] for e in denied] == ["reject"]


@pytest.mark.model
def test_a_headline_reports_in_the_present_tense(nlp) -> None:  # noqa: F811
    headline = "Wladimir Klitschko stops Tony Thompson in sixth round"
    stop = one(events_of(nlp, headline), target="Tony Thompson")
    assert _trigger(headline, stop) == "stops"
    # The same words as a sentence of running text are background (simple present).
    assert events_of(nlp, "Every SeaMicro server uses Intel chips.") == []


@pytest.mark.model
def test_a_headline_word_tagged_as_a_name_is_read_by_its_base_form(nlp) -> None:  # noqa: F811
    headline = "Gunman Dies After Shootout With Police"
    dies = one(events_of(nlp, headline), event_type="die")
    assert _trigger(headline, dies) == "Dies"


@pytest.mark.model
def test_act_nouns_derived_from_verbs_and_mostly_active_verbs_are_events(nlp) -> None:  # noqa: F811
    text = "The heist at the museum shocked Amsterdam."
    heist = one(events_of(nlp, text), action="heist")
    assert _trigger(text, heist) == "heist"
    text = "Klitschko retained his title in Hamburg on Saturday."
    kept = one(events_of(nlp, text), action="retain title")
    assert kept["place"] == "Hamburg" and kept["date_basis"] == "text"


def test_the_lexicon_follows_the_sense_majority() -> None:
    # retain: stative first, then social and possession senses -> an action
    assert lemma_type("retain", "v") not in {None, "state"}
    assert lemma_type("believe", "v") == "state"  # every sense cognitive
    # act/event nouns inherit the type of the verb their first sense derives from
    assert lemma_type("heist", "n") is not None
    assert lemma_type("playoff", "n") == "contest"  # derived from the phrasal "play off"
    # a noun whose senses are mostly not acts is no event noun ("the markets")
    assert lemma_type("market", "n") is None
    assert lemma_type("crime", "n") is None  # linked to "criminate", not its act


@pytest.mark.model
def test_opened_fire_is_an_attack_not_an_opening(nlp) -> None:  # noqa: F811
    text = "A gunman opened fire on worshippers in Texas on Sunday, killing 12 people."
    events = events_of(nlp, text)
    fire = one(events, action="open fire")
    assert fire["event_type"] == "fight" and fire["actors"] == "gunman"
    assert [e for e in events if e["event_type"] in {"release", "disaster"}] == []
    killed = one(events, event_type="assault")  # the coordinated participle shares the gunman
    assert killed["actors"] == "gunman"


@pytest.mark.model
def test_a_dateline_gives_no_actor_nor_date(nlp) -> None:  # noqa: F811
    events = events_of(nlp, "NEW YORK, March 3 - Shares fell sharply on Monday.")
    fell = one(events, action="fall on monday")
    # the story's own subject, as without the dateline ("Shares fell ..."), never New York
    plain = one(events_of(nlp, "Shares fell sharply on Monday."), action="fall on monday")
    assert fell["actors"] == plain["actors"] == "share"
    assert fell["date"] == "2024-06-10"  # not March 3
    assert fell["event_type"] == "movement"  # no path: not an ACE Transport
    back = one(
        events_of(nlp, "The minister returned to Baghdad on Friday."), action="return to Baghdad"
    )
    assert back["event_type"] == "transport"


# ------------------------------------------------------------------ the seed, real pipeline


@pytest.fixture(scope="module")
def seed_rows(nlp) -> list[dict]:  # noqa: F811
    """The seed's events as the build makes them (real mentions, datelines tagged)."""
    documents = pd.DataFrame({"doc_id": ["seed"], "text": [SEED.read_text(encoding="utf-8")],
                              "date": [THURSDAY]})  # fmt: skip
    return pipeline.analyze(nlp, documents)["events"].to_dict("records")


@pytest.mark.model
def test_seed_events_have_their_actors_senses_and_dates(seed_rows) -> None:
    def fields(e: dict) -> str:
        return " ".join(str(e[k]) for k in ("actors", "target", "participants", "source"))

    # The dateline "TEHRAN (Tasnim) –" is no actor, target or source.
    assert not [e for e in seed_rows if "TEHRAN" in fields(e).upper() or "Tasnim" in fields(e)]
    # Baqeri honoured the commanders (no award) and was not in the helicopter crash.
    baqeri = [e for e in seed_rows if "Baqeri" in str(e["actors"])]
    assert {e["event_type"] for e in baqeri}.isdisjoint({"award", "disaster", "transaction"})
    press = [e for e in seed_rows if "press conference" in e["action"]]
    assert len(press) == 1 and "Ali Baqeri" in press[0]["actors"]
    assert press[0]["date"] == "2024-06-13"
    arrival = [e for e in seed_rows if e["event_type"] == "visit" and "arrival" in e["sentence"]]
    assert arrival and all(e["date"] == "2024-06-13" for e in arrival)
    erbil = [e for e in seed_rows if e["place"] and "Erbil" in e["place"]]
    assert len(erbil) == 1 and erbil[0]["planned"] and "Sulaymaniyah" in erbil[0]["place"]


@pytest.mark.model
def test_what_a_state_verb_controls_is_an_event_of_its_own(nlp) -> None:  # noqa: F811
    text = "The minister decided to resign on Monday."
    resign = one(events_of(nlp, text), event_type="personnel")
    assert _trigger(text, resign) == "resign" and resign["actors"] == "minister"
    assert resign["date"] == "2024-06-10"
