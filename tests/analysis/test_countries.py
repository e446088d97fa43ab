"""Mentions -> countries: each rule, document context, and the aggregates."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import (
    CONFIDENT,
    CountryRules,
    country_cooccurrence,
    country_table,
    map_countries,
    mapped_mentions,
    mentions_by_date,
    surface_forms,
    top_surface_forms,
)
from tests.factories import document_mentions, mention_frame

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_9635e7a99c58f50c.txt"


def mentions(*docs: list[tuple[str, str]], sentence_per_mention: bool = False) -> pd.DataFrame:
    """A MENTIONS frame: one document per argument, each a list of (text, label), 100
    characters apart (so none qualifies the next), in sentence 0 unless
    ``sentence_per_mention``."""
    return document_mentions(*docs, sentence_per_mention=sentence_per_mention)


def mapped(*docs: list[tuple[str, str]], rules: CountryRules | None = None) -> list:
    """(text, iso3, rule) per mention after map_countries, None for nulls."""
    out = map_countries(mentions(*docs), rules=rules or CountryRules())
    return [
        (t, None if pd.isna(i) else i, None if pd.isna(r) else r)
        for t, i, r in zip(out["text"], out["iso3"], out["rule"], strict=True)
    ]


@pytest.mark.parametrize(
    ("text", "label", "iso3", "rule"),
    [
        ("Iran", "GPE", "IRN", "name"),
        ("the United States", "GPE", "USA", "name"),
        ("St. Kitts", "GPE", "KNA", "name"),  # short forms of a two-island state
        ("Tortola", "GPE", "VGB", "territory"),  # not a region of the Indian Ocean Territory
        ("U.S.", "GPE", "USA", "name"),
        ("Britain", "GPE", "GBR", "name"),
        ("Ivory Coast", "GPE", "CIV", "name"),
        ("Iranian", "NORP", "IRN", "demonym"),
        ("Americans", "NORP", "USA", "demonym"),
        ("Chinese", "NORP", "CHN", "demonym"),
        ("Britons", "NORP", "GBR", "demonym"),
        ("Damascus", "GPE", "SYR", "capital"),
        ("Perugia", "GPE", "ITA", "city"),
        ("Ohio", "GPE", "USA", "us_state"),
        ("Gaza", "GPE", "PSE", "territory"),
        ("West Bank", "LOC", "PSE", "territory"),
        ("Hong Kong", "GPE", "HKG", "name"),
        ("the Kremlin", "FAC", "RUS", "metonym"),
        ("Niger", "GPE", "NER", "name"),
    ],
)
def test_each_rule_maps_a_lone_mention(text: str, label: str, iso3: str, rule: str) -> None:
    assert mapped([(text, label)]) == [(text, iso3, rule)]


@pytest.mark.parametrize("text", ["Arab", "Zionists", "Islamic", "Perugians"])
def test_pan_national_and_unknown_groups_map_to_nothing(text: str) -> None:
    assert mapped([(text, "NORP")]) == [(text, None, None)]


def test_perugia_is_never_peru() -> None:
    assert mapped([("Perugia", "GPE"), ("Peru", "GPE")]) == [
        ("Perugia", "ITA", "city"),
        ("Peru", "PER", "name"),
    ]


def test_non_place_labels_are_left_untouched() -> None:
    assert mapped([("Jordan", "PERSON"), ("Iran", "ORG")]) == [
        ("Jordan", None, None),
        ("Iran", None, None),
    ]


def test_georgia_is_the_country_without_us_context() -> None:
    assert mapped([("Georgia", "GPE"), ("Tbilisi", "GPE")])[0] == ("Georgia", "GEO", "name")
    assert mapped([("Georgia", "GPE")]) == [("Georgia", "GEO", "name")]


def test_georgia_is_the_us_state_in_a_us_context() -> None:
    doc = [("Georgia", "GPE"), ("Alabama", "GPE"), ("Atlanta", "GPE")]
    assert mapped(doc)[0] == ("Georgia", "USA", "us_state")


def test_context_is_per_document() -> None:
    us_doc = [("Georgia", "GPE"), ("Texas", "GPE")]
    other_doc = [("Georgia", "GPE"), ("Russia", "GPE")]
    result = mapped(us_doc, other_doc)
    assert result[0] == ("Georgia", "USA", "us_state")
    assert result[2] == ("Georgia", "GEO", "name")


def test_ambiguous_city_prefers_a_country_the_document_names() -> None:
    # Manchester, England is the most populous; Manchester, New Hampshire in a US story.
    assert mapped([("Manchester", "GPE")]) == [("Manchester", "GBR", "city")]
    assert mapped([("Manchester", "GPE"), ("New Hampshire", "GPE")])[0][1] == "USA"


def test_a_town_does_not_displace_a_capital_of_millions() -> None:
    # There is a Damascus in Maryland, but "Damascus" near "US" is still Syria's capital.
    assert mapped([("Damascus", "GPE"), ("US", "GPE")])[0] == ("Damascus", "SYR", "capital")


def test_a_following_qualifier_picks_the_namesake() -> None:
    frame = schema.conform(
        [
            {"doc_id": "d", "sent_id": 0, "start": 0, "end": 5, "text": "Paris", "label": "GPE"},
            {"doc_id": "d", "sent_id": 0, "start": 7, "end": 12, "text": "Texas", "label": "GPE"},
        ],
        "mentions",
    )
    assert map_countries(frame)["iso3"].tolist() == ["USA", "USA"]


def test_common_word_city_needs_context() -> None:
    assert mapped([("Reading", "GPE")]) == [("Reading", None, None)]
    assert mapped([("Reading", "GPE"), ("England", "GPE")])[0] == ("Reading", "GBR", "city")


def test_conditional_metonym_needs_the_country_named() -> None:
    assert mapped([("the Islamic Republic", "GPE")]) == [("the Islamic Republic", None, None)]
    doc = [("the Islamic Republic", "GPE"), ("Iran", "GPE")]
    assert mapped(doc)[0] == ("the Islamic Republic", "IRN", "metonym")


@pytest.mark.parametrize(
    ("switch", "text", "label"),
    [
        ("names", "Iran", "GPE"),
        ("demonyms", "Iranian", "NORP"),
        ("cities", "Damascus", "GPE"),
        ("us_states", "Ohio", "GPE"),
        ("territories", "West Bank", "LOC"),
        ("metonyms", "the Kremlin", "FAC"),
    ],
)
def test_every_rule_can_be_switched_off(switch: str, text: str, label: str) -> None:
    assert mapped([(text, label)])[0][1] is not None
    rules = CountryRules(**{switch: False})
    assert mapped([(text, label)], rules=rules) == [(text, None, None)]


def test_georgia_without_us_states_rule_stays_the_country() -> None:
    doc = [("Georgia", "GPE"), ("Atlanta", "GPE"), ("Ohio", "GPE")]
    assert mapped(doc, rules=CountryRules(us_states=False))[0][1] == "GEO"


def test_map_countries_keeps_input_and_schema() -> None:
    frame = mentions([("Iran", "GPE"), ("Tuesday", "DATE")])
    out = map_countries(frame)
    assert frame["iso3"].isna().all()  # input not modified
    assert list(out.columns) == list(schema.MENTIONS)
    assert str(out["iso3"].dtype) == "string"
    assert out.loc[1, "label"] == "DATE" and pd.isna(out.loc[1, "iso3"])


def test_map_countries_on_an_empty_frame() -> None:
    out = map_countries(schema.empty("mentions"))
    assert out.empty and "iso3" in out.columns


def test_country_table_counts_mentions_and_documents_most_mentioned_first() -> None:
    out = map_countries(
        mentions(
            [("Iran", "GPE"), ("Iranian", "NORP"), ("Iraq", "GPE")],
            [("Tehran", "GPE"), ("Arab", "NORP")],
        )
    )
    table = country_table(out)
    assert list(table.columns) == list(schema.COUNTRIES)
    assert table.to_dict("records") == [
        {"iso3": "IRN", "name": "Iran", "mentions": 3, "documents": 2},
        {"iso3": "IRQ", "name": "Iraq", "mentions": 1, "documents": 1},
    ]


def test_surface_forms_show_the_evidence_per_country() -> None:
    out = map_countries(mentions([("Iran", "GPE"), ("Iranian", "NORP"), ("Iran", "GPE")]))
    forms = surface_forms(out, "IRN")
    assert forms.to_dict("records") == [
        {"text": "Iran", "rule": "name", "mentions": 2},
        {"text": "Iranian", "rule": "demonym", "mentions": 1},
    ]
    assert surface_forms(out, "FRA").empty


def test_cooccurrence_by_sentence_and_by_document() -> None:
    frame = mentions(
        [("Iran", "GPE"), ("Iraq", "GPE"), ("Syria", "GPE")], sentence_per_mention=True
    )
    frame.loc[1, "sent_id"] = 0  # Iran and Iraq share sentence 0
    out = map_countries(frame)
    by_sentence = country_cooccurrence(out, by="sentence")
    assert by_sentence.to_dict("records") == [{"source": "IRN", "target": "IRQ", "count": 1}]
    by_document = country_cooccurrence(out, by="document")
    assert len(by_document) == 3
    assert set(by_document["count"]) == {1}
    with pytest.raises(ValueError):
        country_cooccurrence(out, by="paragraph")  # type: ignore[arg-type]


def test_map_countries_is_fast_on_many_documents() -> None:
    import time

    doc = [("Iran", "GPE"), ("Georgia", "GPE"), ("Paris", "GPE"), ("Americans", "NORP")]
    frame = mentions(*([doc] * 5000))  # 20,000 mentions, half context-dependent
    map_countries(frame.head(4))  # build the gazetteer outside the timing
    start = time.perf_counter()
    out = map_countries(frame)
    assert time.perf_counter() - start < 2.0
    assert out["iso3"].notna().all()


@pytest.mark.model
def test_seed_article_maps_to_exactly_its_countries(trained_nlp) -> None:
    nlp = trained_nlp
    doc = nlp(SEED.read_text(encoding="utf-8"))
    rows = [
        {
            "doc_id": "seed",
            "sent_id": 0,
            "start": e.start_char,
            "end": e.end_char,
            "text": e.text,
            "label": e.label_,
        }
        for e in doc.ents
    ]
    out = map_countries(schema.conform(rows, "mentions"))
    assert set(out["iso3"].dropna()) == {"IRN", "IRQ", "ISR", "PSE", "SYR", "USA"}
    assert out.loc[out["text"] == "Arab", "iso3"].isna().all()
    assert out.loc[out["text"] == "Damascus", "iso3"].tolist() == ["SYR"]


# --- figures ---------------------------------------------------------------------------


def _countries_with_forms() -> pd.DataFrame:
    out = map_countries(
        mentions([("Iran", "GPE"), ("Iranian", "NORP"), ("Iraq", "GPE"), ("Gaza", "GPE")])
    )
    out.loc[3, "text"] = "<b>Gaza</b>"  # corpus text must be escaped in hover
    out.loc[3, "iso3"] = "PSE"
    return country_table(out).merge(top_surface_forms(out), on="iso3", how="left")


def test_world_map_has_one_location_per_country_and_the_shipped_geojson() -> None:
    from analysis.present.charts.countries import world_map

    table = _countries_with_forms()
    fig = world_map(table)
    trace = fig.data[0]
    assert trace.type == "choroplethmap"
    assert sorted(trace.locations) == ["IRN", "IRQ", "PSE"]
    assert len(trace.geojson["features"]) > 200
    ids = {f["id"] for f in trace.geojson["features"]}
    assert set(trace.locations) <= ids
    assert fig.layout.map.style == "white-bg"
    assert list(trace.z) == list(table.set_index("iso3").loc[list(trace.locations), "mentions"])


def test_world_map_hover_escapes_corpus_text() -> None:
    from analysis.present.charts.countries import world_map

    fig = world_map(_countries_with_forms())
    hover = dict(zip(fig.data[0].locations, fig.data[0].text, strict=True))
    assert "&lt;b&gt;Gaza&lt;/b&gt; (1)" in hover["PSE"]
    assert "<b>Gaza</b>" not in hover["PSE"]
    assert "Iran (1), Iranian (1)" in hover["IRN"] and "documents: 1" in hover["IRN"]


def test_world_map_log_scale_and_documents() -> None:
    from analysis.present.charts.countries import world_map

    table = pd.DataFrame(
        {
            "iso3": ["USA", "FRA"],
            "name": ["United States", "France"],
            "mentions": [1000, 10],
            "documents": [7, 3],
        }
    )
    fig = world_map(table, value="documents")
    assert list(fig.data[0].z) == [7, 3]
    logged = world_map(table, log=True)
    assert list(logged.data[0].z) == [3.0, 1.0]
    assert list(logged.data[0].colorbar.ticktext)[-1] == "1,000"
    with pytest.raises(ValueError):
        world_map(table, value="words")  # type: ignore[arg-type]


def test_bar_heatmap_and_timeline_figures() -> None:
    from analysis.present.charts.countries import (
        cooccurrence_heatmap,
        country_bar,
        mentions_over_time,
    )

    table = _countries_with_forms()
    bar = country_bar(table, top=2)
    assert len(bar.data[0].y) == 2 and bar.data[0].y[-1] == "Iran"  # largest on top
    pairs = pd.DataFrame({"source": ["IRN", "IRN"], "target": ["IRQ", "PSE"], "count": [3, 1]})
    heat = cooccurrence_heatmap(pairs)
    z = heat.data[0].z
    assert list(heat.data[0].x) == ["Iran", "Iraq", "Palestine"]
    assert z[0][1] == z[1][0] == 3 and z[1][2] == 0
    counts = pd.DataFrame(
        {
            "date": ["2024-01", "2024-02", "2024-01"],
            "iso3": ["IRN", "IRN", "USA"],
            "count": [2, 5, 1],
        }
    )
    timeline = mentions_over_time(counts, countries=["IRN"])
    assert len(timeline.data) == 1 and list(timeline.data[0].y) == [2, 5]


def test_mentions_by_date_counts_per_month() -> None:
    out = map_countries(mentions([("Iran", "GPE"), ("Iraq", "GPE")], [("Iran", "GPE")]))
    documents = pd.DataFrame({"doc_id": ["d0", "d1"], "date": ["2024-05-03", "2024-06"]})
    counts = mentions_by_date(out, documents)
    assert counts.to_dict("records") == [
        {"date": "2024-05", "iso3": "IRN", "count": 1},
        {"date": "2024-05", "iso3": "IRQ", "count": 1},
        {"date": "2024-06", "iso3": "IRN", "count": 1},
    ]


# --- rules added for local news ---------------------------------------------------------


def test_us_county_and_ap_state_abbreviation_map_to_usa() -> None:
    assert mapped([("Henry County", "GPE"), ("Pa.", "GPE")]) == [
        ("Henry County", "USA", "us_county"),
        ("Pa.", "USA", "us_state"),
    ]


def test_region_maps_to_its_country() -> None:
    assert mapped([("Tipperary", "GPE"), ("Ontario", "GPE")]) == [
        ("Tipperary", "IRL", "region"),
        ("Ontario", "CAN", "territory"),
    ]


@pytest.mark.parametrize(
    ("text", "label", "iso3"),
    [
        ("Northern Syria", "LOC", "SYR"),
        ("North West England", "LOC", "GBR"),  # two compass words
        ("Vancouver International Airport", "FAC", "CAN"),
        ("the Henderson County Jail", "FAC", "USA"),
        ("the Guernsey County Common Pleas Court", "FAC", "USA"),  # not Guernsey (GGY)
        ("the South Coast", "LOC", None),  # "Coast" is a Kenyan province: not inside a name
        ("Perugia University", "ORG", None),  # other labels untouched
    ],
)
def test_place_inside_a_longer_name(text: str, label: str, iso3: str | None) -> None:
    assert mapped([(text, label)])[0][1] == iso3


def test_a_local_document_reads_a_country_name_as_its_namesake_town() -> None:
    texan = [("Palestine", "GPE"), ("Anderson County", "GPE"), ("Texas", "GPE")]
    assert mapped(texan)[0] == ("Palestine", "USA", "city")
    # ...but not when the document supports the country itself.
    mideast = [("Palestine", "GPE"), ("Texas", "GPE"), ("Ohio", "GPE"), ("Gaza", "GPE")]
    assert mapped(mideast)[0] == ("Palestine", "PSE", "name")
    # ...nor from one passing mention of a US place.
    assert mapped([("Palestine", "GPE"), ("Texas", "GPE")])[0][1] == "PSE"


def test_a_local_document_reads_a_world_capital_as_its_namesake() -> None:
    local = [("Paris", "GPE"), ("Lamar County", "GPE"), ("Texas", "GPE")]
    assert mapped(local)[0][1] == "USA"
    assert mapped([("Paris", "GPE"), ("New York", "GPE")])[0][1] == "FRA"


# --- the benchmark scorer ---------------------------------------------------------------


def _country_eval():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "country_eval.py"
    spec = importlib.util.spec_from_file_location("country_eval", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["country_eval"] = module  # dataclasses look their module up here
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


LGL_SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="a1">
    <text><![CDATA[Paris, Texas and Damascus.]]></text>
    <toponyms>
      <toponym><start>0</start><end>5</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><name>Paris</name>
          <country geonameid="6252001">United States</country></gaztag></toponym>
      <toponym><start>7</start><end>12</end><phrase>Texas</phrase>
        <gaztag geonameid="4736286"><name>Texas</name>
          <country geonameid="6252001">United States</country></gaztag></toponym>
      <toponym><start>17</start><end>25</end><phrase>Damascus</phrase>
        <gaztag geonameid="170654"><name>Damascus</name>
          <country geonameid="163843">Syria</country></gaztag></toponym>
    </toponyms>
  </article>
  <article docid="a2">
    <text><![CDATA[Georgia votes.]]></text>
    <toponyms>
      <toponym><start>0</start><end>7</end><phrase>Georgia</phrase>
        <gaztag geonameid="614540"><name>Georgia</name></gaztag></toponym>
      <toponym><start>8</start><end>13</end><phrase>votes</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_lgl_loader_reads_gold_countries(tmp_path: Path) -> None:
    ce = _country_eval()
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_SAMPLE, encoding="utf-8")
    articles = ce.load_lgl(path)
    assert [a.doc_id for a in articles] == ["a1", "a2"]
    assert articles[0].countries == {"USA", "SYR"}
    assert articles[1].countries == {"GEO"}  # a country toponym is its own country
    assert len(articles[1].toponyms) == 1  # untagged toponym dropped
    dev, test = ce.split_halves(articles)
    assert [a.doc_id for a in dev] == ["a1"] and [a.doc_id for a in test] == ["a2"]


def test_lgl_scorer_on_a_hand_made_example(tmp_path: Path) -> None:
    ce = _country_eval()
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_SAMPLE, encoding="utf-8")
    articles = ce.load_lgl(path)
    frame = schema.conform(
        [  # "Paris" and "Texas" found, "Damascus" missed; a2 "Georgia" read as GEO
            {"doc_id": "a1", "sent_id": 0, "start": 0, "end": 5, "text": "Paris", "label": "GPE"},
            {"doc_id": "a1", "sent_id": 0, "start": 7, "end": 12, "text": "Texas", "label": "GPE"},
            {
                "doc_id": "a1",
                "sent_id": 0,
                "start": 17,
                "end": 25,
                "text": "Damascus",
                "label": "PERSON",
            },
            {"doc_id": "a2", "sent_id": 0, "start": 0, "end": 7, "text": "Georgia", "label": "GPE"},
            {"doc_id": "a2", "sent_id": 0, "start": 8, "end": 13, "text": "Peru", "label": "GPE"},
        ],
        "mentions",
    )
    result = ce.evaluate(articles, frame)
    # predicted {USA} and {GEO, PER}; gold {USA, SYR} and {GEO}: 2 hits of 3 and of 3.
    assert (result["true_pos"], result["predicted"], result["gold"]) == (2, 3, 3)
    assert result["precision"] == result["recall"] == pytest.approx(0.6667)
    # 4 gold toponyms; Damascus was tagged PERSON so 3 were detected, all correct.
    assert result["mentions"] == {
        "toponyms": 4,
        "detected": 3,
        "correct": 3,
        "accuracy": 1.0,
        "detection_rate": 0.75,
    }


@pytest.mark.model
def test_benchmark_runs_the_apps_pipeline_and_keeps_its_sentences(tmp_path: Path) -> None:
    import argparse

    ce = _country_eval()
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_SAMPLE, encoding="utf-8")
    articles = ce.load_lgl(path)
    args = argparse.Namespace(cache_dir=str(tmp_path / "cache"), n_process=1)
    from analysis.nlp import load_model

    shared = load_model(ce.MODEL)
    found = (list(shared.pipe_names), list(shared.disabled))
    raw = ce._cached_mentions(articles, "lgl", args)
    assert articles[0].sentences == [(0, 26, 0)]  # "Paris, Texas and Damascus."
    assert {"Paris", "Texas"} <= set(raw["text"])
    again = ce.load_lgl(path)
    assert ce._cached_mentions(again, "lgl", args).equals(raw)  # from the cache
    assert again[0].sentences == articles[0].sentences
    # The benchmark leaves the process's shared pipeline as it found it (it switches off
    # components no rule reads while it runs; the lemmatizer is deferred, analysis.lemmas).
    assert (list(shared.pipe_names), list(shared.disabled)) == found
    stages = dict(ce._stages(articles, raw, "all"))
    assert list(stages) == ["raw entities", "cleaned entities", "cleaned + gazetteer pass"]
    result = ce.evaluate(articles, stages["cleaned + gazetteer pass"])
    assert result["gold"] == 3 and result["true_pos"] >= 1


def test_article_scorer_edge_cases() -> None:
    ce = _country_eval()
    assert ce.score_articles({"a": {"USA"}}, {})["recall"] == 0.0
    perfect = ce.score_articles({"a": {"USA", "FRA"}}, {"a": {"FRA", "USA"}})
    assert perfect["precision"] == perfect["recall"] == perfect["f1"] == 1.0


def test_reuters_places_map_to_iso3() -> None:
    ce = _country_eval()
    assert ce.reuters_place_iso3("west-germany") == "DEU"
    assert ce.reuters_place_iso3("hong-kong") == "HKG"
    assert ce.reuters_place_iso3("south-korea") == "KOR"
    assert ce.reuters_place_iso3("ussr") == "RUS"
    assert ce.reuters_place_iso3("usa") == "USA"


# --- towns, states, demonym modifiers, confidence --------------------------------------------


def spans(*items: tuple[str, str, int]) -> pd.DataFrame:
    """A one-document MENTIONS frame from (text, label, start) triples."""
    rows = [
        {"doc_id": "d", "sent_id": 0, "start": s, "end": s + len(t), "text": t, "label": lab}
        for t, lab, s in items
    ]
    return schema.conform(rows, "mentions")


def test_a_town_maps_when_its_name_is_one_countrys() -> None:
    assert mapped([("Chiefland", "GPE")]) == [("Chiefland", "USA", "town")]
    assert mapped([("Chiefland", "GPE")], rules=CountryRules(cities=False))[0][1] is None


def test_a_town_named_in_several_countries_needs_its_country_named() -> None:
    # Cromwell: Connecticut and New Zealand.
    assert mapped([("Cromwell", "GPE")])[0][1] is None
    assert mapped([("Cromwell", "GPE"), ("Connecticut", "GPE")])[0] == ("Cromwell", "USA", "town")


def test_lone_towns_can_be_switched_off() -> None:
    from analysis.countries import ContextRules

    out = map_countries(mentions([("Chiefland", "GPE")]), context=ContextRules(lone_towns=False))
    assert out["iso3"].isna().all()


def test_a_group_of_people_is_never_a_town() -> None:
    # "Rehab" (Jordan), "Cargo" (Australia), "Arab" (Alabama) are towns, not NORPs.
    assert mapped([("Rehab", "NORP"), ("Cargo", "NORP"), ("Arab", "NORP")]) == [
        ("Rehab", None, None),
        ("Cargo", None, None),
        ("Arab", None, None),
    ]


def test_a_state_or_county_named_picks_the_namesake_city_in_it() -> None:
    assert mapped([("Alexandria", "GPE")])[0][1] == "EGY"
    assert mapped([("Alexandria", "GPE"), ("Rapides Parish", "GPE")])[0] == (
        "Alexandria",
        "USA",
        "city",
    )
    # ...but one state does not turn a country name into a town (see the local rule).
    assert mapped([("Palestine", "GPE"), ("Texas", "GPE")])[0][1] == "PSE"


def test_a_state_right_after_a_capital_picks_its_namesake_town() -> None:
    frame = spans(("Belgrade", "GPE", 0), ("Minn.", "GPE", 10))  # "Belgrade, Minn."
    assert map_countries(frame)["iso3"].tolist() == ["USA", "USA"]
    assert mapped([("Belgrade", "GPE")])[0][1] == "SRB"


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("They ate French fries.", None),
        ("Join us at the Irish pub tonight.", None),
        ("The class is taught in Spanish now.", None),
        ("Try the Italian food.", None),
        ("French troops landed.", "FRA"),
        ("An Egyptian official said so.", "EGY"),
    ],
)
def test_a_demonym_modifying_food_culture_or_language_maps_to_nothing(
    text: str, iso3: str | None
) -> None:
    countries = {"French": "FRA", "Irish": "IRL", "Spanish": "ESP", "Italian": "ITA"}
    countries["Egyptian"] = "EGY"
    word = next(w for w in countries if w in text)
    frame = spans((word, "NORP", text.index(word)))
    out = map_countries(frame, texts={"d": text})
    assert (None if pd.isna(out["iso3"].iloc[0]) else out["iso3"].iloc[0]) == iso3
    # Without the text every demonym maps to its country.
    assert map_countries(frame)["iso3"].iloc[0] == countries[word]


def test_document_confidence_weighs_the_evidence() -> None:
    from analysis.countries import (
        CONFIDENT,
        DOUBTFUL,
        PLAUSIBLE,
        confident_documents,
        confident_mentions,
        document_countries,
    )

    out = map_countries(
        mentions(
            [("Iran", "GPE")],
            [("Iranian", "NORP"), ("Iranians", "NORP")],
            [("Athens", "GPE")],  # Greece's capital, or Athens, Georgia (127,000)
            [("Athens", "GPE"), ("Athens", "GPE")],
            [("ATHENS", "GPE")],  # a dateline
            [("Georgia", "GPE")],  # a country, or a US state
        )
    )
    table = document_countries(out)
    keys = zip(table["doc_id"], table["iso3"], strict=True)
    got = dict(zip(keys, table["confidence"], strict=True))
    assert got == {
        ("d0", "IRN"): CONFIDENT,
        ("d1", "IRN"): PLAUSIBLE,
        ("d2", "GRC"): DOUBTFUL,
        ("d3", "GRC"): CONFIDENT,
        ("d4", "GRC"): PLAUSIBLE,
        ("d5", "GEO"): PLAUSIBLE,
    }
    assert list(table.columns) == ["doc_id", "iso3", "mentions", "confidence"]
    assert country_table(out, min_confidence=0.5).set_index("iso3")["mentions"].to_dict() == {
        "IRN": 3,
        "GRC": 3,
        "GEO": 1,
    }
    assert country_table(out).set_index("iso3").loc["GRC", "mentions"] == 4
    assert document_countries(schema.empty("mentions")).empty
    sure = confident_mentions(out, CONFIDENT)
    assert sorted(set(zip(sure["doc_id"], sure["iso3"], strict=True))) == [
        ("d0", "IRN"), ("d3", "GRC"),
    ]  # fmt: skip
    assert len(confident_mentions(out, 0.0)) == out["iso3"].notna().sum()
    assert confident_documents(out).to_dict() == {"GRC": 1, "IRN": 1}


@pytest.mark.slow  # a performance bound on 300,000 mentions
def test_map_countries_is_fast_on_300k_mentions() -> None:
    import time

    doc = [
        ("Iran", "GPE"),
        ("Georgia", "GPE"),
        ("Paris", "GPE"),
        ("Americans", "NORP"),
        ("Chiefland", "GPE"),
        ("Cromwell", "GPE"),
    ]
    one = mentions(*([doc] * 100))
    frame = pd.concat(
        [one.assign(doc_id=one["doc_id"] + f"-{k}") for k in range(500)], ignore_index=True
    )
    assert len(frame) == 300_000
    map_countries(frame.head(12))  # build the gazetteer outside the timing
    start = time.perf_counter()
    out = map_countries(frame)
    assert time.perf_counter() - start < 5.0
    assert out["iso3"].notna().all()  # "Cromwell" too: the document names the US


# --- gazetteer pass ----------------------------------------------------------------------


def test_extra_places_from_a_dateline_a_locative_and_a_state_after() -> None:
    from analysis.countries import GAZETTEER_RULE, extra_place_mentions

    text = (
        "Suspect struck by car. ROSWELL - A man was struck. Daniel Hufstetler of Roswell "
        "was hurt. He moved from Chapin, S.C. last year."
    )
    frame = spans(("Daniel Hufstetler", "PERSON", text.index("Daniel")))
    extra = extra_place_mentions(text, frame)
    assert extra["text"].tolist() == ["ROSWELL", "Roswell", "Chapin", "S.C."]
    assert set(extra["label"]) == {"GPE"} and set(extra["rule"]) == {GAZETTEER_RULE}
    assert list(extra.columns) == list(schema.MENTIONS)
    out = map_countries(pd.concat([frame, extra], ignore_index=True))
    assert out["iso3"].dropna().tolist() == ["USA"] * 4
    assert out["rule"].dropna().unique().tolist() == [GAZETTEER_RULE]


def test_extra_places_need_a_cue_and_leave_place_mentions_alone() -> None:
    from analysis.countries import extra_place_mentions

    text = "Paris Hilton met Jordan and visited Gainesville."
    frame = spans(("Paris Hilton", "PERSON", 0), ("Jordan", "PERSON", 17))
    assert extra_place_mentions(text, frame).empty  # no cue, and "Gainesville" has none
    text = "Officials in Gainesville said so."
    gpe = spans(("Gainesville", "GPE", text.index("Gainesville")))
    assert extra_place_mentions(text, gpe).empty  # already a place
    assert extra_place_mentions(text, gpe.iloc[0:0]).empty  # no document id to give


def test_a_place_opening_an_organisation_name_is_found_inside_it() -> None:
    from analysis.countries import add_place_mentions

    text = "The Gainesville Police Department said Tuesday."
    frame = spans(("The Gainesville Police Department", "ORG", 0))
    out = add_place_mentions(frame, text)
    assert out[["text", "label"]].values.tolist() == [
        ["The Gainesville Police Department", "ORG"],
        ["Gainesville", "GPE"],
    ]


def test_add_place_mentions_relabels_an_exact_span() -> None:
    from analysis.countries import add_place_mentions

    text = "The festival is today in Rock Hill, organisers said."
    frame = spans(("Rock Hill", "PERSON", text.index("Rock")))
    out = add_place_mentions(frame, text)
    assert out[["text", "label", "rule"]].values.tolist() == [["Rock Hill", "GPE", "gazetteer"]]
    assert map_countries(out)["iso3"].tolist() == ["USA"]


@pytest.mark.model
def test_seed_article_with_the_gazetteer_pass_keeps_exactly_its_countries(trained_nlp) -> None:
    nlp = trained_nlp
    from analysis.countries import add_place_mentions, document_countries
    from analysis.entities import clean_mentions

    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    rows = [
        {
            "doc_id": "seed",
            "sent_id": 0,
            "start": e.start_char,
            "end": e.end_char,
            "text": e.text,
            "label": e.label_,
        }
        for e in doc.ents
    ]
    frame = clean_mentions(schema.conform(rows, "mentions"), text)
    out = map_countries(add_place_mentions(frame, text), texts={"seed": text})
    assert set(out["iso3"].dropna()) == {"IRN", "IRQ", "ISR", "PSE", "SYR", "USA"}
    assert set(document_countries(out)["iso3"]) == {"IRN", "IRQ", "ISR", "PSE", "SYR", "USA"}
    assert out.loc[out["text"] == "Arab", "iso3"].isna().all()


def test_scorer_keeps_confident_countries_and_reports_every_mapping() -> None:
    ce = _country_eval()
    frame = map_countries(mentions([("Athens", "GPE")], [("Athens", "GPE"), ("Athens", "GPE")]))
    assert ce.predicted_sets(frame) == {"d0": {"GRC"}, "d1": {"GRC"}}
    assert ce.predicted_sets(frame, min_confidence=ce.MIN_CONFIDENCE) == {"d1": {"GRC"}}
    articles = [
        ce.Article("d0", "Athens", countries={"USA"}),
        ce.Article("d1", "", countries={"GRC"}),
    ]
    result = ce.evaluate(articles, mentions([("Athens", "GPE")], [("Athens", "GPE")] * 2))
    assert (result["true_pos"], result["predicted"]) == (1, 1)
    assert (result["every_mapping"]["true_pos"], result["every_mapping"]["predicted"]) == (1, 2)


def test_a_country_name_written_as_a_hometown_is_the_town() -> None:
    from analysis.countries import ContextRules

    text = "A Lebanon woman was charged, Lebanon police said. Lebanon is in Pennsylvania."
    frame = spans(
        ("Lebanon", "GPE", 2),
        ("Lebanon", "GPE", text.index("Lebanon police")),
        ("Lebanon", "GPE", text.index("Lebanon is")),
        ("Pennsylvania", "GPE", text.index("Pennsylvania")),
    )
    assert map_countries(frame)["iso3"].tolist()[:3] == ["LBN"] * 3
    out = map_countries(frame, texts={"d": text})
    assert out["iso3"].tolist() == ["USA"] * 4
    assert set(out["rule"][:3]) == {"city"}
    alone = spans(("Lebanon", "GPE", 2))
    # Named nowhere else: every town called Lebanon is in the US; not so for Jordan.
    assert map_countries(alone, texts={"d": text[:20]})["iso3"].tolist() == ["USA"]
    lone_off = ContextRules(lone_towns=False)
    assert map_countries(alone, texts={"d": text[:20]}, context=lone_off)["iso3"].isna().all()
    jordan = spans(("Jordan", "GPE", 4))
    assert map_countries(jordan, texts={"d": "The Jordan boys won."})["iso3"].isna().all()
    assert map_countries(alone, texts={"d": "A Lebanon army unit"})["iso3"].tolist() == ["LBN"]


def test_us_civic_register_reads_ambiguous_places_as_their_us_namesakes() -> None:
    from analysis.countries import ContextRules

    def country(text: str, name: str, **context: bool) -> str | None:
        frame = spans((name, "GPE", text.index(name)))
        out = map_countries(frame, texts={"d": text}, context=ContextRules(**context))
        value = out["iso3"].iloc[0]
        return None if pd.isna(value) else value

    council = "Alexandria City Council voted on Tuesday to repave the streets."
    assert country(council, "Alexandria") == "USA"
    assert country(council, "Alexandria", civic_register=False) == "EGY"
    senator = "Sen. Torrey Westrom, R-Elbow Lake, spoke in Athens about the bill."
    assert country(senator, "Athens") == "USA"
    # No US register, or the other country named: the usual readings stand.
    assert country("Tourists crowded the museums of Alexandria on Tuesday.", "Alexandria") == "EGY"
    egypt = "The Alexandria City Council met as Egypt's government looked on."
    frame = spans(("Alexandria", "GPE", 4), ("Egypt", "GPE", egypt.index("Egypt")))
    out = map_countries(frame, texts={"d": egypt})
    assert out["iso3"].tolist() == ["EGY", "EGY"]
    # A country name is never displaced by a register ("Malta" stays Malta).
    assert country("MALTA - The school district board met on Monday.", "MALTA") == "MLT"


@pytest.mark.parametrize(
    ("text", "label", "places"),
    [
        ("Northeast Texas Community College", "ORG", ["Texas"]),
        ("the US State Department", "ORG", ["US"]),
        ("Tour de France", "EVENT", ["France"]),
        ("Henderson County Crimestoppers", "ORG", ["Henderson County"]),
        # A longer place hides the shorter one; abbreviations and persons never count.
        ("New England Patriots", "ORG", []),
        ("Jersey City Council", "ORG", ["Jersey City"]),  # the city, not Jersey
        ("Miss America Pageant", "EVENT", ["America"]),  # not Mississippi
        ("Long Island Rail Road", "ORG", []),
        ("Virginia Woolf", "PERSON", []),
    ],
)
def test_a_country_state_or_county_inside_a_name_is_a_place(
    text: str, label: str, places: list[str]
) -> None:
    from analysis.countries import extra_place_mentions

    sentence = f"Officials from {text} spoke on Monday."
    frame = spans((text, label, sentence.index(text)))
    assert extra_place_mentions(sentence, frame)["text"].tolist() == places


def test_a_local_government_word_makes_a_one_country_town_a_place() -> None:
    from analysis.countries import add_place_mentions

    text = "Donors met at Whitestown Town Hall. Whitestown thanked them."
    frame = spans(
        ("Whitestown Town Hall", "FAC", text.index("Whitestown")),
        ("Whitestown", "ORG", text.rindex("Whitestown")),
    )
    out = map_countries(add_place_mentions(frame, text))
    places = out[out["label"] == "GPE"]
    # The hall names the town; the same name tagged ORG later is the town again.
    assert places[["text", "start", "iso3"]].values.tolist() == [
        ["Whitestown", text.index("Whitestown"), "USA"],
        ["Whitestown", text.rindex("Whitestown"), "USA"],
    ]
    # An Athens could be anywhere: an ambiguous name needs more than its council.
    text = "The Athens Town Council met on Monday."
    frame = spans(("Athens Town Council", "ORG", 4))
    assert add_place_mentions(frame, text)["label"].tolist() == ["ORG"]


def test_a_name_used_as_a_place_once_is_not_an_organisation_elsewhere() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = "Residents of Grapeland met. Grapeland said no."
    frame = spans(
        ("Grapeland", "GPE", text.index("Grapeland")),
        ("Grapeland", "ORG", text.rindex("Grapeland")),
    )
    assert add_place_mentions(frame, text)["label"].tolist() == ["GPE", "GPE"]
    off = add_place_mentions(frame, text, cues=PlaceCues(same_name=False))
    assert off["label"].tolist() == ["GPE", "ORG"]
    # A person tag gives way too ("Lexington" the model took for a person) ...
    text = "Lexington voters met. Lexington said no."
    frame = spans(("Lexington", "GPE", 0), ("Lexington", "PERSON", text.rindex("Lexington")))
    assert add_place_mentions(frame, text)["label"].tolist() == ["GPE", "GPE"]
    # ... unless the document names a person so: the state and George Washington.
    text = "Washington voted as George Washington had hoped. Washington smiled."
    frame = spans(
        ("Washington", "GPE", 0),
        ("George Washington", "PERSON", text.index("George")),
        ("Washington", "PERSON", text.rindex("Washington")),
    )
    assert add_place_mentions(frame, text)["label"].tolist() == ["GPE", "PERSON", "PERSON"]


def test_the_us_register_lets_an_ambiguous_town_open_a_police_department() -> None:
    from analysis.countries import add_place_mentions

    text = "The Athens Police Department asked for help after vandals struck."
    frame = spans(("The Athens Police Department", "ORG", 0))
    out = map_countries(add_place_mentions(frame, text), texts={"d": text})
    assert out[out["label"] == "GPE"][["text", "iso3"]].values.tolist() == [["Athens", "USA"]]


def test_common_words_from_native_country_names_are_not_places() -> None:
    from analysis.gazetteer import candidates

    # countryinfo lists Iceland as "Ísland" and the Isle of Man as "Mann".
    assert candidates("Island") == () and candidates("Mann") == ()
    assert candidates("Iceland")[0].iso3 == "ISL"


def test_a_politicians_party_and_home_names_a_us_place() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = (
        "Rep. Torrey Westrom, R-Elbow Lake, said so. Rep. Charles Rangel, D-N.Y., agreed, "
        "as did Sen. Hugh Leatherman, R-Florence. D-Day was remembered."
    )
    frame = spans(
        ("Torrey Westrom", "PERSON", text.index("Torrey")),
        ("R-Florence", "ORG", text.index("R-Florence")),
        ("D-Day", "EVENT", text.index("D-Day")),
    )
    out = map_countries(add_place_mentions(frame, text), texts={"d": text})
    places = out[out["label"] == "GPE"]
    assert places[["text", "iso3"]].values.tolist() == [
        ["Elbow Lake", "USA"],
        ["N.Y.", "USA"],
        ["Florence", "USA"],  # the US register: not Italy's
    ]
    # The model's "R-Florence" gives way to the place; "D-Day" stays an event.
    assert "R-Florence" not in out["text"].tolist() and "D-Day" in out["text"].tolist()
    off = add_place_mentions(frame, text, cues=PlaceCues(party_homes=False))
    assert "Elbow Lake" not in off["text"].tolist()


def test_commonwealth_english_is_not_the_us_register() -> None:
    from analysis.countries import add_place_mentions

    def country(text: str) -> str | None:
        frame = spans(("London", "GPE", text.index("London")))
        out = map_countries(add_place_mentions(frame, text), texts={"d": text})
        return out["iso3"].iloc[0]

    us = "The London City Council and the police chief met the public works director."
    assert country(us) == "USA"  # London, Kentucky or Ohio: the US register
    # The same offices written by councillors of London, Ontario (or England): no US
    # register, so the usual reading stands.
    assert country(us.replace("met", "and councillors met")) == "GBR"
    # The RCMP is Canada's: London, Ontario.
    assert country(us + " The RCMP attended.") == "CAN"
    # British style and spelling: "Mr" without a full stop, "aluminium".
    assert country(us.replace("met", "and Mr Smith met")) == "GBR"
    assert country(us + " The aluminium sign was stolen.") == "GBR"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The bike cost £250 and was stolen on Monday.", "GBR"),
        ("Call police on 01524 63333 or 0800 555 111.", "GBR"),
        ("Call 08458 505505 with any information.", "GBR"),
        ("The Grade II listed mill will reopen.", "GBR"),
        ("Send entries to 12 High Street, Oxford OX1 2JD.", "GBR"),
        ("Write to 80 Dundas St., London, Ont. N6A 3K7.", "CAN"),
        ("Gardai said two men were arrested.", "IRL"),
        ("An Bord Pleanala refused permission.", "IRL"),
        ("The local MPP said the province would pay.", "CAN"),
        ("RCMP officers attended the scene.", "CAN"),
        ("The county sheriff's office said the road was closed.", "USA"),
        # US news: "Crimestoppers" and the National Honor Society are American too.
        ("Call Henderson County Crimestoppers at 903-675-8477, the police chief said.", "USA"),
        ("NHS students and the school district raised $500.", "USA"),
        # A US ZIP+4 code is no British phone number.
        ("Write to Box 12, Concord, NH 03301-1234.", None),
        # Markers of two countries: no register.
        ("Gardai and the RCMP met on Monday.", None),
        ("The weather was fine on Monday.", None),
    ],
)
def test_local_register_names_the_country_whose_local_news_a_text_reads_like(
    text: str, country: str | None
) -> None:
    from analysis.countries import local_register

    assert local_register(text) == country


def test_a_place_the_register_alone_places_is_sure_evidence() -> None:
    from analysis.countries import (
        CONFIDENT,
        REGISTER_RULE,
        ContextRules,
        add_place_mentions,
        document_countries,
    )

    text = "CROMWELL - The county commissioners voted on the school district budget."
    frame = spans(("county", "NORP", text.index("county")))
    out = map_countries(add_place_mentions(frame, text), texts={"d": text})
    row = out[out["text"] == "CROMWELL"].iloc[0]
    assert (row["iso3"], row["rule"]) == ("USA", REGISTER_RULE)
    sure = document_countries(out)
    assert sure.set_index("iso3").loc["USA", "confidence"] == CONFIDENT
    # Without the register the lone town (also in New Zealand) names no country.
    off = map_countries(
        add_place_mentions(frame, text), texts={"d": text},
        context=ContextRules(civic_register=False),
    )  # fmt: skip
    assert document_countries(off).empty


def test_a_british_register_reads_a_shared_town_name_as_british() -> None:
    text = "DETECTIVES in Lancaster want to trace a man. Call 01524 63333."
    frame = spans(("Lancaster", "GPE", text.index("Lancaster")))
    assert map_countries(frame, texts={"d": text})["iso3"].tolist() == ["GBR"]
    assert pd.isna(map_countries(frame)["iso3"].iloc[0])  # Lancaster, Pennsylvania or England


def test_more_place_cues_colon_datelines_untagged_institutions_and_of_place() -> None:
    from analysis.countries import extra_place_mentions

    text = (
        "Drug bust near airport. BEIRUT: A dealer was held. A spokesperson for the "
        "Byesville Volunteer Fire Department said so, as did the University of Hartford."
    )
    frame = spans(("University of Hartford", "ORG", text.index("University")))
    extra = extra_place_mentions(text, frame)
    assert extra["text"].tolist() == ["BEIRUT", "Byesville", "Hartford"]
    # (In one story with Beirut the small US places would be strays; apart they map.)
    assert map_countries(extra.iloc[:1])["iso3"].tolist() == ["LBN"]
    assert map_countries(extra.iloc[1:])["iso3"].tolist() == ["USA", "USA"]
    # "of <place>" reads like any weak cue: an Athens needs its country named.
    text = "Students of the University of Athens marched."
    frame = spans(("University of Athens", "ORG", text.index("University")))
    assert extra_place_mentions(text, frame).empty


def test_a_small_place_in_a_country_the_story_never_names_is_left_out() -> None:
    assert mapped([("Chiefland", "GPE")])[0][1] == "USA"  # nothing else: the lone town
    assert mapped([("Chiefland", "GPE"), ("Florida", "GPE")])[0][1] == "USA"
    # A story about France that "names" a Florida town has misread a name.
    assert mapped([("France", "GPE"), ("Chiefland", "GPE")])[1][1] is None
    # Large cities and capitals still map in any story ("Damascus" beside the US).
    assert mapped([("France", "GPE"), ("Damascus", "GPE")])[1][1] == "SYR"


def test_an_unknown_place_in_a_us_register_story_is_in_the_us() -> None:
    from analysis.countries import REGISTER_RULE, ContextRules

    text = "Cookville Fire Chief Wesley McCollum said Cookville and Titan were spared."
    frame = spans(("Cookville", "GPE", text.rindex("Cookville")), ("Titan", "GPE", 51))
    out = map_countries(frame, texts={"d": text})
    # A place-shaped name the gazetteer does not know takes the register's country; a
    # model error ("Titan") does not.
    assert out[["text", "iso3", "rule"]].fillna("-").values.tolist() == [
        ["Cookville", "USA", REGISTER_RULE],
        ["Titan", "-", "-"],
    ]
    off = map_countries(frame, texts={"d": text}, context=ContextRules(civic_register=False))
    assert off["iso3"].isna().all()
    assert map_countries(frame)["iso3"].isna().all()  # no text, no register


def test_an_untagged_country_or_state_standing_alone_is_a_place() -> None:
    from analysis.countries import PlaceCues, extra_place_mentions

    text = "This yellow brick Ontario cottage was built by Chad Johnson, a Virginia Tech fan."
    frame = spans(("Chad Johnson", "PERSON", text.index("Chad")))
    # "Ontario" alone; not "Chad" (a person's name) nor "Virginia" (inside "Virginia Tech").
    assert extra_place_mentions(text, frame)["text"].tolist() == ["Ontario"]
    assert extra_place_mentions(text, frame, cues=PlaceCues(standalone=False)).empty
    # A name the model tagged is left to the model: "Georgia" the person.
    text = "Georgia said she would run."
    assert extra_place_mentions(text, spans(("Georgia", "PERSON", 0))).empty


@pytest.mark.parametrize(
    "phrase",
    [
        "Rep. Torrey Westrom, R-Elbow Lake, said",
        "the sheriff's office said",
        "Henry County Sheriff Bob Jones",
        "the city council voted",
        "the Police Department said",
        "the school district and the Board of Education",
        "the county commissioners met",
        "the first selectman",
        "Hamilton Township",
        "State Rep. Jane Doe",
        "the District Attorney",
        "the Highway Patrol",
        "Fire Chief Wesley McCollum",
        "the fire department",
        "the public works director",
        "at City Hall",
        "the county jail",
        "the aldermen voted",
        "the state ethics commission fined",
        "a statewide vote",
        "a man of 2517 Memphis St. was charged",
    ],
)
def test_each_us_civic_phrase_puts_a_document_in_the_us_register(phrase: str) -> None:
    from analysis.countries import _civic_register

    assert _civic_register(["d"], {"d": f"On Monday {phrase} about the road."}) == {"d": "USA"}
    assert _civic_register(["d"], {"d": f"On Monday {phrase} about the neighbourhood."}) == {}


def test_a_small_fixed_place_abroad_in_a_story_about_elsewhere_is_left_out() -> None:
    from analysis.countries import ContextRules

    # "Rock Hill" has one reading (a US city of 66,000): in a story that names Italy
    # and nothing American, it is a misread name; named alone, or beside the US, it maps.
    assert mapped([("Rock Hill", "GPE"), ("Italy", "GPE")])[0][1] is None
    assert mapped([("Rock Hill", "GPE")])[0][1] == "USA"
    assert mapped([("Rock Hill", "GPE"), ("Italy", "GPE"), ("Ohio", "GPE")])[0][1] == "USA"
    # A demonym is not a place: "Irish" at a Rock Hill parade leaves Rock Hill be.
    assert mapped([("Rock Hill", "GPE"), ("Irish", "NORP")])[0][1] == "USA"
    out = map_countries(
        mentions([("Rock Hill", "GPE"), ("Italy", "GPE")]), context=ContextRules(strays=False)
    )
    assert out["iso3"].tolist() == ["USA", "ITA"]


def test_georgia_is_the_state_when_the_storys_ambiguous_places_are_american() -> None:
    # "Albany" has namesakes abroad, so it is no fixed evidence; read as the US city
    # twice, it still puts the story in the US.
    story = [("Albany", "GPE"), ("Albany", "GPE"), ("Georgia", "GPE")]
    assert [m[1:] for m in mapped(story)] == [("USA", "city")] * 2 + [("USA", "us_state")]
    # Once is not enough, and a story that names the country's own places keeps it.
    assert mapped([("Albany", "GPE"), ("Georgia", "GPE")])[1][1] == "GEO"
    assert mapped([*story, ("Tbilisi", "GPE")])[2][1] == "GEO"


def test_a_dateline_wins_over_a_name_the_model_found_inside_it() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = "Vote set. ISLE OF PALMS — Two members of the city board will run."
    frame = spans(("PALMS", "ORG", text.index("PALMS")))
    out = add_place_mentions(frame, text)
    assert out[["text", "label"]].values.tolist() == [["ISLE OF PALMS", "GPE"]]
    assert map_countries(out)["iso3"].tolist() == ["USA"]
    off = add_place_mentions(frame, text, cues=PlaceCues(datelines=False))
    assert off["text"].tolist() == ["PALMS"]
    # A person inside a longer capitalised run is left alone when the run is no place.
    text = "News. JOHN SMITH SAID — nothing."
    frame = spans(("JOHN SMITH", "PERSON", text.index("JOHN")))
    assert add_place_mentions(frame, text)["text"].tolist() == ["JOHN SMITH"]


def test_a_metropolitan_area_is_a_place_whatever_the_model_called_it() -> None:
    from analysis.countries import PlaceCues, add_place_mentions

    text = "Too few return drugs, according to Metro Vancouver. Its officials agree."
    frame = spans(("Metro Vancouver", "ORG", text.index("Metro")))
    out = add_place_mentions(frame, text)
    assert out["label"].tolist() == ["GPE"]
    assert map_countries(out)["iso3"].tolist() == ["CAN"]
    assert add_place_mentions(frame, text, cues=PlaceCues(inside_names=False))[
        "label"
    ].tolist() == ["ORG"]


def _paper(*docs: list[tuple[str, str]], sources: list[str | None]) -> tuple:
    """(mapped MENTIONS, DOCUMENTS) of documents d0, d1, ... from ``sources``."""
    frame = map_countries(mentions(*docs))
    documents = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(docs))],
            "text": ["The story."] * len(docs),
            "source": sources,
        }
    )
    return frame, documents


def test_a_local_paper_is_at_home_in_the_country_its_stories_name() -> None:
    from analysis.countries import source_homes

    docs = ([("Britain", "GPE")], [("England", "GPE")], [("Lancaster", "GPE")])
    frame, documents = _paper(*docs, sources=["Oxford Mail"] * 3)
    sources = dict(zip(documents["doc_id"], documents["source"], strict=True))
    assert source_homes(frame, sources) == {"Oxford Mail": "GBR"}
    # One story is too few; two countries as often are no home.
    assert source_homes(frame[frame["doc_id"] == "d0"], sources) == {}
    mixed = map_countries(mentions([("England", "GPE")], [("France", "GPE")]))
    assert source_homes(mixed, {"d0": "Wire", "d1": "Wire"}) == {}
    # A wire service names the US in most stories, but other countries beside it in
    # many: no home (Reuters: 56% of its stories name the US alone).
    wire = map_countries(
        mentions(
            [("Ohio", "GPE")], [("Texas", "GPE")], [("Ohio", "GPE"), ("Japan", "GPE")],
            [("Texas", "GPE"), ("Germany", "GPE")],
        )
    )  # fmt: skip
    assert source_homes(wire, {f"d{i}": "Wire" for i in range(4)}) == {}
    assert source_homes(wire, {f"d{i}": "Wire" for i in range(3)}) == {"Wire": "USA"}


def test_a_local_papers_ambiguous_places_read_at_home() -> None:
    from analysis.countries import SOURCE_RULE, ContextRules, apply_source_homes, document_countries

    docs = ([("Britain", "GPE")], [("England", "GPE")], [("Lancaster", "GPE")])
    frame, documents = _paper(*docs, sources=["Oxford Mail"] * 3)
    assert pd.isna(frame["iso3"].iloc[2])  # Lancaster: Pennsylvania, or England?
    out = apply_source_homes(frame, documents)
    assert out[["text", "iso3", "rule"]].values.tolist()[2] == ["Lancaster", "GBR", SOURCE_RULE]
    assert out.iloc[:2].equals(frame.iloc[:2])  # the rest as it was
    assert document_countries(out).set_index("doc_id").loc["d2", "confidence"] == 1.0
    # Switched off, without sources, or from another source: as mapped.
    off = apply_source_homes(frame, documents, context=ContextRules(source_homes=False))
    assert pd.isna(off["iso3"].iloc[2])
    assert pd.isna(apply_source_homes(frame, documents.drop(columns="source"))["iso3"].iloc[2])
    other = documents.assign(source=["Oxford Mail", "Oxford Mail", None])
    assert pd.isna(apply_source_homes(frame, other)["iso3"].iloc[2])
    # A story with a local register of its own keeps it: the US one here.
    us = documents.assign(text=["The story.", "The story.", "The county sheriff's office."])
    assert apply_source_homes(frame, us)["iso3"].iloc[2] == "USA"


def test_a_local_papers_story_that_names_no_country_is_read_again_with_its_home() -> None:
    from analysis.countries import SOURCE_RULE, apply_source_homes
    from analysis.entities import canonicalize

    story = "A re-enactment is planned in Cromwell on April 4, organisers said."
    rows = [
        {"doc_id": "d0", "sent_id": 0, "start": 0, "end": 4, "text": "Ohio", "label": "GPE"},
        {"doc_id": "d1", "sent_id": 0, "start": 0, "end": 5, "text": "Texas", "label": "GPE"},
        {"doc_id": "d2", "sent_id": 0, "start": story.index("Cromwell"),
         "end": story.index("Cromwell") + 8, "text": "Cromwell", "label": "PERSON"},
        {"doc_id": "d2", "sent_id": 0, "start": story.index("April"),
         "end": story.index("April") + 7, "text": "April 4", "label": "DATE"},
    ]  # fmt: skip
    frame = map_countries(canonicalize(schema.conform(rows, "mentions")))
    documents = pd.DataFrame(
        {
            "doc_id": ["d0", "d1", "d2"],
            "text": ["Ohio.", "Texas.", story],
            "source": ["Gazette"] * 3,
        }
    )
    sentences = pd.DataFrame({"doc_id": ["d2"], "sent_id": [0], "start": [0], "end": [len(story)]})
    out = apply_source_homes(frame, documents, sentences=sentences)
    cromwell = out[out["text"] == "Cromwell"]
    assert cromwell[["label", "iso3", "rule", "canonical"]].values.tolist() == [
        ["GPE", "USA", SOURCE_RULE, "Cromwell"]
    ]
    assert out["doc_id"].tolist() == ["d0", "d1", "d2", "d2"]  # in order, the date kept
    # Cromwell, Connecticut or New Zealand: from a source with no home, a person.
    alone = documents.assign(source=["Gazette", "Wire", "Courier"])
    assert apply_source_homes(frame, alone, sentences=sentences).equals(frame)


def test_a_place_named_like_a_word_needs_its_country_named_after_a_weak_cue() -> None:
    from analysis.countries import add_place_mentions

    text = "Storms hit Alabama. Roads closed in Mobile on Monday."
    frame = spans(("Alabama", "GPE", text.index("Alabama")))
    out = map_countries(add_place_mentions(frame, text))
    assert out[["text", "iso3"]].values.tolist() == [["Alabama", "USA"], ["Mobile", "USA"]]
    # Named nowhere: "in Mobile" may be a phone.
    text = "Storms hit. Roads closed in Mobile on Monday."
    frame = spans(("Monday", "DATE", text.index("Monday")))
    assert add_place_mentions(frame, text)["text"].tolist() == ["Monday"]


def test_a_county_opening_an_office_name_is_the_county_not_its_namesake() -> None:
    from analysis.countries import add_place_mentions

    text = "Ohio officials heard from the Franklin County Auditor's Office on Monday."
    start = text.index("Franklin")
    frame = spans(
        ("Ohio", "GPE", 0), ("Franklin County Auditor's Office", "ORG", start)
    )  # fmt: skip
    out = add_place_mentions(frame, text)
    assert "Franklin County" in out["text"].tolist() and "Franklin" not in out["text"].tolist()
    # A county the gazetteer does not know leaves its place: "Mayo County Council" (in
    # an Irish story: "gardai").
    text = "Mayo County Council said the plan was fine, gardai said."
    frame = spans(("Mayo County Council", "ORG", 0))
    assert "Mayo" in add_place_mentions(frame, text)["text"].tolist()


def test_a_region_named_like_a_given_name_needs_its_country_named() -> None:
    assert mapped([("Brittany", "GPE")])[0][1] is None  # "her daughter, Brittany"
    assert mapped([("Brittany", "GPE"), ("France", "GPE")])[0][:2] == ("Brittany", "FRA")
    assert mapped([("Normandy", "GPE")])[0][:2] == ("Normandy", "FRA")


def test_a_place_naming_a_style_names_no_country() -> None:
    text = "The clinic merged with a Jordan Valley-style health center in Ohio."
    frame = spans(
        ("Jordan Valley", "GPE", text.index("Jordan")), ("Ohio", "GPE", text.index("Ohio"))
    )  # fmt: skip
    out = map_countries(frame, texts={"d": text})
    assert out["iso3"].tolist()[0] is pd.NA and out["iso3"].tolist()[1] == "USA"
    assert map_countries(frame)["iso3"].tolist() == ["JOR", "USA"]


def test_an_alternate_name_displaces_only_a_far_smaller_namesake() -> None:
    # Mashhad's GeoNames alternate names include "Alexandria".
    iranian = mapped([("Alexandria", "GPE"), ("Iranian", "NORP"), ("Iranian", "NORP")])
    assert iranian[0][:2] == ("Alexandria", "EGY")
    # Saint Petersburg, 20 times St. Petersburg, Florida.
    russian = mapped([("St. Petersburg", "GPE"), ("Russian", "NORP")])
    assert russian[0][:2] == ("St. Petersburg", "RUS")


def test_mapped_mentions_counts_confident_places_and_shows_the_rest_apart() -> None:
    """What the Countries page shows (analysis.countries.mapped_mentions): the mentions
    counted for a country at a confidence, the places counted apart, under switched rules."""
    texts = {"d1": "Iraq and the Bank of England met.", "d2": "Iranian troops patrolled Kashmir."}
    documents = schema.conform(
        [{"doc_id": d, "text": t, "source": "Wire"} for d, t in texts.items()], "documents"
    )
    built = mention_frame(
        [("d1", 0, 0, "Iraq", "GPE", "IRQ", "name"),
         ("d1", 0, 25, "England", "GPE", "GBR", "org_home"),
         ("d2", 0, 0, "Iranian", "NORP", "IRN", "demonym"),
         ("d2", 0, 25, "Kashmir", "GPE", None, "disputed")],
        columns=["doc_id", "sent_id", "start", "text", "label", "iso3", "rule"],
    )  # fmt: skip
    every = mapped_mentions(built, documents)
    assert every.counted["text"].tolist() == ["Iraq", "Iranian"]
    assert sorted(every.apart["text"]) == ["England", "Kashmir"]
    assert set(every.apart["kind"]) == {"organisation's home", "disputed region"}
    sure = mapped_mentions(built, documents, min_confidence=CONFIDENT)
    assert sure.counted["text"].tolist() == ["Iraq"]  # a lone demonym is not confident
    no_demonyms = mapped_mentions(built, documents, rules=CountryRules(demonyms=False))
    assert "Iranian" not in no_demonyms.counted["text"].tolist()
