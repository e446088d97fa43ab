"""Model loading: fallback, explicit names, saved pipelines, sentence boundaries."""

from __future__ import annotations

import pytest

from analysis.nlp import RULE_BASED, build_rule_based, load_model, model_warning, resolve_model_name


def test_saved_rule_based_pipeline_loads_again(tmp_path):
    build_rule_based().to_disk(tmp_path / "pipe")
    nlp = load_model(str(tmp_path / "pipe"))
    assert nlp.pipe_names.count("sentencizer") == 1
    assert nlp.pipe_names.count("newslens_paragraph_breaks") == 1
    doc = nlp("Officials met in Baghdad\n\nIranian officials arrived in Tehran.")
    assert [s.text.strip() for s in doc.sents] == [
        "Officials met in Baghdad",
        "Iranian officials arrived in Tehran.",
    ]
    assert {e.text for e in doc.ents} >= {"Baghdad", "Tehran"}


def test_explicit_name_and_environment_win(monkeypatch):
    monkeypatch.setenv("NEWSLENS_MODEL", "some_model")
    assert resolve_model_name() == "some_model"
    assert resolve_model_name("other") == "other"
    assert model_warning(RULE_BASED) and model_warning("en_core_web_sm") is None


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ValueError, match="not installed"):
        load_model("no_such_pipeline_xyz")
