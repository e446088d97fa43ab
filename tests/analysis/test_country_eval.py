"""The country benchmark (benchmarks/country_eval.py): the LGL loader, the article
scorer on hand-made examples, the app's pipeline it runs, Reuters places as ISO3."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from analysis import schema
from analysis.countries import map_countries
from tests.factories import document_mentions as mentions


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


def test_dev_only_maps_and_prints_no_test_article(tmp_path: Path, capsys) -> None:
    import json

    ce = _country_eval()
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_SAMPLE, encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    # The spaCy output, cached as the benchmark caches it: no model is loaded.
    rows = [
        {"doc_id": "a1", "sent_id": 0, "start": 0, "end": 5, "text": "Paris", "label": "GPE"},
        {"doc_id": "a1", "sent_id": 0, "start": 7, "end": 12, "text": "Texas", "label": "GPE"},
        {"doc_id": "a2", "sent_id": 0, "start": 0, "end": 7, "text": "Georgia", "label": "GPE"},
    ]
    schema.conform(rows, "mentions").to_parquet(cache / "lgl.mentions.parquet")
    sentences = [("a1", 0, 0, 26), ("a2", 0, 0, 14)]
    import pandas as pd

    pd.DataFrame(sentences, columns=["doc_id", "sent_id", "start", "end"]).to_parquet(
        cache / "lgl.sentences.parquet"
    )
    out = tmp_path / "out.json"
    common = ["--lgl", str(path), "--reuters", str(tmp_path / "none.jsonl"),
              "--conll", str(tmp_path / "none.testa"), "--ecbplus", str(tmp_path / "none"),
              "--tbaq", str(tmp_path / "none"), "--cache-dir",
              str(cache), "--stage", "pass", "--no-ablation", "--out", str(out)]  # fmt: skip
    assert ce.main([*common, "--dev-only"]) == 0
    printed = capsys.readouterr().out
    assert "LGL dev (even)" in printed and "LGL test" not in printed
    assert not [k for k in json.loads(out.read_text()) if k.startswith("LGL test")]
    assert ce.main(common) == 0  # without the flag, both halves
    assert "LGL test (odd)" in capsys.readouterr().out
    # Under --dev-only no stage sees a test article, and the default results file (the
    # full run's) is left alone unless --out is given.
    staged: list[set[str]] = []
    stages = ce._stages
    ce._stages = lambda articles, raw, stage: (
        staged.append({a.doc_id for a in articles} | set(raw["doc_id"]))
        or stages(articles, raw, stage)
    )
    default = tmp_path / "default.json"
    ce.DEFAULT_OUT = default
    try:
        assert ce.main([*common[:-2], "--dev-only"]) == 0
    finally:
        ce._stages = stages
    assert staged == [{"a1"}] and not default.exists()
    assert "not written" in capsys.readouterr().out
    assert ce.main(common[:-2]) == 0 and default.exists()


def test_each_error_is_listed_with_its_class_and_the_no_source_home_row_is_printed(
    tmp_path: Path, capsys
) -> None:
    import pandas as pd

    ce = _country_eval()
    from benchmarks import country_errors

    text = "Paris is nice."
    mapped = schema.conform(
        [{"doc_id": "d", "sent_id": 0, "start": 0, "end": 5, "text": "Paris", "label": "GPE",
          "iso3": "FRA", "rule": "capital"}], "mentions")  # fmt: skip
    listed = country_errors.breakdown(
        {"d": [ce.Toponym(0, 5, "Paris", "USA")]}, {"d": text}, mapped, {"d": {"USA"}},
        {"d": {"FRA"}},
    )["list"]  # fmt: skip
    assert sorted(listed) == [
        ["FN", "other", "d", "USA", "Paris"],
        ["FP", "other", "d", "FRA", "Paris (capital, GPE)"],
        ["mention", "other", "d", "USA", "Paris -> FRA (capital, GPE)"],
    ]
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_SAMPLE, encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    rows = [{"doc_id": "a1", "sent_id": 0, "start": 17, "end": 25, "text": "Damascus",
             "label": "PERSON"}]  # fmt: skip
    schema.conform(rows, "mentions").to_parquet(cache / "lgl.mentions.parquet")
    pd.DataFrame([("a1", 0, 0, 26), ("a2", 0, 0, 14)],
                 columns=["doc_id", "sent_id", "start", "end"]).to_parquet(
        cache / "lgl.sentences.parquet")  # fmt: skip
    args = ["--lgl", str(path), "--reuters", str(tmp_path / "none.jsonl"),
            "--conll", str(tmp_path / "none.testa"), "--ecbplus", str(tmp_path / "none"),
            "--tbaq", str(tmp_path / "none"), "--cache-dir", str(cache),
            "--stage", "pass", "--no-ablation", "--dev-only", "--list-errors"]  # fmt: skip
    assert ce.main(args) == 0
    printed = capsys.readouterr().out
    assert "| LGL dev (even; no source homes), cleaned + gazetteer pass | 1 |" in printed
    assert "Errors of LGL dev (even) (kind | class | doc | country | mentions):" in printed
    assert "FN | " in printed  # a1's gold countries are not all found: each FN is listed
