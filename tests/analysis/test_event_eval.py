"""benchmarks/event_eval.py: the scoring on hand-made gold (no model, no data needed)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmarks.event_eval import Gold, read_file, score_merges, score_triggers

ECB = Path(__file__).resolve().parents[3] / "shared" / "eval" / "ecbplus"


def _gold(name: str, text: str, actions: list[tuple[str, str, str | None]]) -> Gold:
    """One-sentence gold: actions as (word, type, chain)."""
    spans, pos = [], 0
    for word in text.split(" "):
        spans.append((pos, pos + len(word), 0))
        pos += len(word) + 1
    topic, half = name.split("_")[0], "ecbplus" if name.endswith("ecbplus") else "ecb"
    gold = Gold(name, int(topic), half, text, spans, sentences={0})
    for word, kind, chain in actions:
        start = text.index(word)
        gold.actions.append({"type": kind, "start": start, "end": start + len(word),
                             "sentence": 0, "chain": chain})  # fmt: skip
    return gold


def test_trigger_precision_reporting_share_and_occurrence_recall() -> None:
    text = "Police said the quake killed 12 and officials met"
    g = _gold("1_1ecb", text, [("said", "ACTION_REPORTING", None),
                               ("quake", "ACTION_OCCURRENCE", None),
                               ("killed", "ACTION_OCCURRENCE", None)])  # fmt: skip
    at = {w: (text.index(w), text.index(w) + len(w)) for w in ("said", "quake", "met")}
    out = score_triggers([g], {"1_1ecb": [at["said"], at["quake"], at["met"]]},
                         frozenset({"said"}))  # fmt: skip
    assert out["scored_events"] == 3
    assert out["trigger_precision"] == round(2 / 3, 3)  # "met" is not a gold action
    assert out["reporting_share"] == round(1 / 3, 3)
    assert out["occurrence_recall"] == 0.5  # the quake, not the killing


def test_merge_pairs_precision_against_topic_halves_and_recall_against_chains() -> None:
    golds = [_gold("1_1ecb", "quake hit", [("quake", "ACTION_OCCURRENCE", "c1")]),
             _gold("1_2ecb", "quake hit", [("quake", "ACTION_OCCURRENCE", "c1")]),
             _gold("1_3ecbplus", "quake hit", [("quake", "ACTION_OCCURRENCE", "c2")])]  # fmt: skip
    reports = pd.DataFrame({"event_id": ["a", "b", "c"],
                            "doc_id": ["1_1ecb", "1_2ecb", "1_3ecbplus"]})  # fmt: skip
    merged = pd.DataFrame({"event_ids": ["a; b; c"]})  # one merge across both halves
    out = score_merges(golds, reports, merged)
    assert out["document_pairs"] == 3 and out["merge_precision"] == round(1 / 3, 3)
    assert out["gold_pairs"] == 1 and out["merge_recall"] == 1.0


def test_ecb_file_text_keeps_gold_offsets() -> None:
    path = ECB / "1" / "1_1ecb.xml"
    if not path.exists():
        import pytest

        pytest.skip(f"ECB+ not found at {ECB}")
    gold = read_file(path, {0, 1})
    assert gold.actions and gold.half == "ecb" and gold.topic == 1
    for a in gold.actions:
        assert gold.text[a["start"] : a["end"]].strip() == gold.text[a["start"] : a["end"]]
