"""Rule sentence_countries: a name with readings in several countries the story names
is read in the one its own sentence names ("In Pakistan, health authorities in Punjab"
in a story naming India as often); rule local_names: a country's name stays the country
in a story local to several countries ("Puerto Rico" beside Colombian and US places).
Invented sentences only."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.countries.readings import _reading
from analysis.countries.rules import DEFAULT_CONTEXT, DEFAULT_RULES
from analysis.countries.scoring import CO_MENTION_SATURATION, WORLD_CITY_POPULATION
from analysis.countries.sentences import sentence_countries, sentence_places
from analysis.countries.weights import WEIGHTS
from tests.factories import located_rows


def _frame(text: str, found: list[tuple[str, str]]) -> pd.DataFrame:
    """MENTIONS rows of ``found`` in ``text``, each with the id of its sentence (split
    after ". " as a parser would)."""
    rows = located_rows(text, found)
    ends = [m.end() for m in re.finditer(r"\.\s", text)]
    for row in rows:
        row["sent_id"] = sum(1 for end in ends if end <= row["start"])
    return schema.conform(rows, "mentions")


def _mapped(text: str, found: list[tuple[str, str]], **switches: bool) -> list[object]:
    """The iso3 of each of ``found``, in order (None for none)."""
    out = map_countries(_frame(text, found), texts={"d": text}, context=ContextRules(**switches))
    return [None if pd.isna(i) else i for i in out["iso3"]]


_TWO_PUNJABS = (
    "Dengue cases rose across South Asia. In Pakistan, health authorities in Punjab "
    "reported a sharp rise. In India, Punjab and Kerala reported clusters. Doctors in "
    "Pakistan and India urged calm."
)
_FOUND = [("Pakistan", "GPE"), ("Punjab", "GPE"), ("India", "GPE"), ("Punjab", "GPE"),
          ("Kerala", "GPE"), ("Pakistan", "GPE"), ("India", "GPE")]  # fmt: skip


def test_each_punjab_is_read_in_the_country_its_sentence_names() -> None:
    assert _mapped(_TWO_PUNJABS, _FOUND)[1:4] == ["PAK", "IND", "IND"]


def test_switched_off_both_take_the_same_reading() -> None:
    """Without the rule the story's co-mentions and the default decide: one country for
    both mentions (the story names each country as often), so one of them is wrong."""
    off = _mapped(_TWO_PUNJABS, _FOUND, sentence_countries=False)
    assert off[1] == off[3]


def test_the_evidence_weighs_below_one_co_mention_and_five_more() -> None:
    weight = WEIGHTS["same_sentence"].value
    assert weight < WEIGHTS["co_mentions"].value
    assert weight > WEIGHTS["joint"].value + WEIGHTS["default"].value
    step = WEIGHTS["co_mention_count"].value / CO_MENTION_SATURATION
    assert 5 * step < weight < 6 * step


def test_a_story_naming_the_other_country_far_more_keeps_it() -> None:
    """A sentence's country may be an actor's: one "Pakistan" beside "Punjab" in a story
    naming India eight times leaves Punjab in India."""
    text = (
        "India said India and India will act. India, India and India agreed. Pakistan "
        "officials visited Punjab. India welcomed them. India said so."
    )
    found = [*[("India", "GPE")] * 6, ("Pakistan", "GPE"), ("Punjab", "GPE"),
             ("India", "GPE"), ("India", "GPE")]  # fmt: skip
    assert _mapped(text, found)[7] == "IND"
    near = "India said so. India agreed. Pakistan officials visited Punjab."
    found = [("India", "GPE"), ("India", "GPE"), ("Pakistan", "GPE"), ("Punjab", "GPE")]
    assert _mapped(near, found)[3] == "PAK"


def _rows(text: str, found: list[tuple[str, str]]):
    frame = _frame(text, found)
    codes, forms = pd.factorize(frame["text"])
    readings = [_reading(str(t), DEFAULT_RULES, DEFAULT_CONTEXT) for t in forms]
    placed = np.array([r.fixed.iso3 if r.fixed else None for r in readings], dtype=object)
    docs = np.zeros(len(frame), dtype="int64")
    sents = frame["sent_id"].to_numpy("float64")
    return docs, sents, placed[codes], codes, readings


def test_a_country_name_and_a_world_city_are_never_moved() -> None:
    """ "Georgia" beside "U.S." is still the country; "London" beside "Canada" still
    London, England: a sentence's country is as often an actor as a container."""
    text = "The U.S. and Georgia signed a pact. In Canada, London police said nothing."
    found = [("U.S.", "GPE"), ("Georgia", "GPE"), ("Canada", "GPE"), ("London", "GPE")]
    assert sentence_countries(*_rows(text, found)) is None
    london = _reading("London", DEFAULT_RULES, DEFAULT_CONTEXT)
    assert london.default.population >= WORLD_CITY_POPULATION


def test_a_capital_is_not_moved_to_a_namesake_by_a_visitors_country() -> None:
    """ "U.S. envoy arrives in Athens": the sentence names the visitor, not where
    Athens is; a capital keeps its reading (the story's co-mentions still decide)."""
    text = "A U.S. envoy arrived in Athens on Monday."
    found = [("U.S.", "GPE"), ("Athens", "GPE")]
    athens = _reading("Athens", DEFAULT_RULES, DEFAULT_CONTEXT)
    assert athens.default.rule == "capital"
    assert sentence_countries(*_rows(text, found)) is None


def test_rows_without_sentence_ids_get_no_evidence() -> None:
    docs, _, placed, codes, readings = _rows(_TWO_PUNJABS, _FOUND)
    assert sentence_countries(docs, None, placed, codes, readings) is None
    nan = np.full(len(docs), np.nan)
    assert sentence_countries(docs, nan, placed, codes, readings) is None


def test_the_sentence_gives_only_what_it_names_among_the_readings() -> None:
    found = sentence_countries(*_rows(_TWO_PUNJABS, _FOUND))
    assert found is not None
    assert found.tolist() == ["", "PAK", "", "IND", "", "", ""]


def test_a_story_naming_one_country_reads_the_same_with_and_without() -> None:
    """With one country named the sentence adds nothing the story does not say."""
    text = "In Pakistan, health authorities in Punjab reported a sharp rise."
    found = [("Pakistan", "GPE"), ("Punjab", "GPE")]
    assert _mapped(text, found) == _mapped(text, found, sentence_countries=False) == [
        "PAK", "PAK"]  # fmt: skip


# ------------------------------------------- rule local_names: international stories


_AMERICAS = (
    "Brazil reported cases in Recife and Salvador. Colombia confirmed cases in "
    "Barranquilla and Cucuta. In the United States, cases were confirmed in Miami, "
    "Florida, and in Brownsville, Texas. Puerto Rico declared a public health emergency."
)
_AMERICAS_FOUND = [("Brazil", "GPE"), ("Recife", "GPE"), ("Salvador", "GPE"),
                   ("Colombia", "GPE"), ("Barranquilla", "GPE"), ("Cucuta", "GPE"),
                   ("United States", "GPE"), ("Miami", "GPE"), ("Florida", "GPE"),
                   ("Brownsville", "GPE"), ("Texas", "GPE"),
                   ("Puerto Rico", "GPE")]  # fmt: skip


def test_a_country_name_in_a_story_local_to_several_countries_is_the_country() -> None:
    """Colombia has a town called Puerto Rico and the story names two Colombian cities;
    it names as many places in Brazil and more in the US: an international story."""
    assert _mapped(_AMERICAS, _AMERICAS_FOUND)[-1] == "PRI"
    # Rule country_namesakes keeps it too: the story names no Colombian department.
    assert _mapped(_AMERICAS, _AMERICAS_FOUND, local_names=False)[-1] == "PRI"
    off = {"local_names": False, "country_namesakes": False}
    assert _mapped(_AMERICAS, _AMERICAS_FOUND, **off)[-1] == "COL"


def test_a_country_name_in_a_story_local_to_one_country_is_still_its_town() -> None:
    text = "Deputies in Anderson County, Texas, said a Palestine man was held in Tyler."
    found = [("Anderson County", "GPE"), ("Texas", "GPE"), ("Palestine", "GPE"),
             ("Tyler", "GPE")]  # fmt: skip
    assert _mapped(text, found)[2] == "USA"


def test_a_dateline_names_no_country_for_the_sentence_it_opens() -> None:
    """ "LAHORE, March 3 - Officials in Punjab met": the dateline is where the story was
    filed (a co-mention of the whole story), not a place of its first sentence."""
    text = "LAHORE, March 3 - Officials in Punjab met. India and Pakistan talked."
    found = [("LAHORE", "GPE"), ("Punjab", "GPE"), ("India", "GPE"), ("Pakistan", "GPE")]
    explain: dict = {}
    map_countries(_frame(text, found), texts={"d": text}, explain=explain)
    kinds = {k for s in explain[1].readings for k, _ in s.evidence}
    assert "co_mentions" in kinds and "same_sentence" not in kinds
    inside = text.replace("LAHORE, March 3 - Officials", "Officials in Lahore")
    found[0] = ("Lahore", "GPE")
    explain = {}
    map_countries(_frame(inside, found), texts={"d": inside}, explain=explain)
    assert "same_sentence" in {k for s in explain[1].readings for k, _ in s.evidence}


def test_a_town_with_one_namesake_names_its_country_for_the_sentence() -> None:
    """ "In Victoria, residents of Mallacoota were evacuated": Mallacoota, a town of one
    country, which the co-mentions leave out (it could be a stray), says which Victoria
    the sentence means; "Victoria" has no default (each reading needs its country
    named), and the story names Australia and the US as often."""
    text = (
        "Fires burned in New South Wales and near Sydney. In Victoria, residents of "
        "Mallacoota were evacuated. In California and Oregon, fires burned near Bend."
    )
    found = [("New South Wales", "GPE"), ("Sydney", "GPE"), ("Victoria", "GPE"),
             ("Mallacoota", "GPE"), ("California", "GPE"), ("Oregon", "GPE"),
             ("Bend", "GPE")]  # fmt: skip
    assert _reading("Victoria", DEFAULT_RULES, DEFAULT_CONTEXT).default is None
    assert _mapped(text, found)[2] == "AUS"
    assert _mapped(text, found, sentence_countries=False)[2] != "AUS"


def test_an_organisations_home_names_no_country_for_its_sentence() -> None:
    """ "Bank of Canada staff" says where the bank is, not which Victoria the sentence
    means (a Reuters story: "Dominion Textiles Inc of Canada" beside Burlington)."""
    text = (
        "Fires burned in New South Wales and near Sydney. In Victoria, Bank of Canada "
        "staff were evacuated. In California and Oregon, fires burned near Bend."
    )
    found = [("New South Wales", "GPE"), ("Sydney", "GPE"), ("Victoria", "GPE"),
             ("Bank of Canada", "ORG"), ("Canada", "GPE"), ("California", "GPE"),
             ("Oregon", "GPE"), ("Bend", "GPE")]  # fmt: skip
    frame = _frame(text, found)
    frame.loc[4, "rule"] = "org_home"  # as the gazetteer pass marks a place inside an ORG
    explain: dict = {}
    out = map_countries(frame, texts={"d": text}, explain=explain)
    assert (out["iso3"].iloc[4], out["rule"].iloc[4]) == ("CAN", "org_home")
    victoria = out.index[out["text"] == "Victoria"][0]
    assert out["iso3"].iloc[victoria] != "CAN"
    assert "same_sentence" not in {k for s in explain[victoria].readings for k, _ in s.evidence}


def test_a_common_word_read_as_a_town_names_no_country_for_its_sentence() -> None:
    """ "Edelman and Dominion acquired a stake in Burlington" (Reuters-21578): Dominion,
    Nova Scotia, is a town of one country, but the word is as often a company's name."""
    names = ("Dominion", "Mallacoota")
    readings = [_reading(n, DEFAULT_RULES, DEFAULT_CONTEXT) for n in names]
    placed = np.array([None, None], dtype=object)
    found = sentence_places(placed, readings, np.array([0, 1]), np.zeros(2, dtype=bool))
    assert found.tolist() == [None, "AUS"]
    skipped = sentence_places(placed, readings, np.array([0, 1]), np.ones(2, dtype=bool))
    assert skipped.tolist() == [None, None]
