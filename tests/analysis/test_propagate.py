"""Corpus-level propagation (analysis.propagate): names tagged in some documents are
tagged where the model missed them in others, never words that are rarely names."""

from __future__ import annotations

import pandas as pd

from analysis import schema
from analysis.propagate import propagate_corpus_names


def tables(texts: list[str], tagged: list[tuple[int, str, str]]):
    """DOCUMENTS, SENTENCES (one per line) and MENTIONS for (doc, surface, label)."""
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    sentences, mentions = [], []
    for i, text in enumerate(texts):
        start = 0
        for k, line in enumerate(text.split("\n")):
            sentences.append({"doc_id": f"d{i}", "sent_id": k, "start": start,
                              "end": start + len(line), "text": line})  # fmt: skip
            start += len(line) + 1
    for i, surface, label in tagged:
        s = texts[i].index(surface)
        line = texts[i][:s].count("\n")
        mentions.append({"doc_id": f"d{i}", "sent_id": line, "start": s, "end": s + len(surface),
                         "text": surface, "label": label, "canonical": surface})  # fmt: skip
    return docs, schema.conform(sentences, "sentences"), schema.conform(mentions, "mentions")


def found(out: pd.DataFrame) -> set[tuple[str, str, int]]:
    return set(zip(out["doc_id"], out["text"], out["sent_id"], strict=True))


def test_a_name_tagged_elsewhere_is_tagged_where_missed() -> None:
    docs, sents, mentions = tables(
        ["Falkirk beat Clydebank in the cup.", "Results:\nFalkirk 2 Clydebank 1\nAYR 0 Alloa 3"],
        [(0, "Falkirk", "ORG"), (0, "Clydebank", "ORG"), (1, "Alloa", "ORG")],
    )
    out = propagate_corpus_names(mentions, docs, sents)
    assert {("d1", "Falkirk", 1), ("d1", "Clydebank", 1)} <= found(out)
    new = out[(out["doc_id"] == "d1") & (out["text"] == "Falkirk")].iloc[0]
    assert new["label"] == "ORG" and new["canonical"] == "Falkirk"
    assert len(out) == len(mentions) + 2  # nothing else, no duplicate of 'Alloa'


def test_all_caps_runs_find_the_capitalised_name() -> None:
    docs, sents, mentions = tables(
        ["Minnesota won again.", "DENVER AT MINNESOTA"], [(0, "Minnesota", "ORG")]
    )
    out = propagate_corpus_names(mentions, docs, sents)
    assert ("d1", "MINNESOTA", 0) in found(out)


def test_words_rarely_tagged_are_not_spread() -> None:
    texts = ["March said yes."] + [f"In March {i} prices rose." for i in range(5)]
    docs, sents, mentions = tables(texts, [(0, "March", "PERSON")])
    out = propagate_corpus_names(mentions, docs, sents)
    assert len(out) == 1  # tagged once in six capitalised uses: below the share
