"""The incremental corpus pass (analysis.corpus_state): after any sequence of builds
(documents added, removed, changed) its mentions equal a clean pass's of the same
corpus; it redoes only what the new documents touch; a missing, damaged or foreign
state is never used."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import corpus_state, propagate, schema
from analysis.canonical import canonicalize
from analysis.entities import entity_table
from analysis.resolve import corpus_pass
from tests.properties import examples

#: Words of the hand corpora: names tagged in some documents and missed in others,
#: ALL-CAPS variants, surname / full name, acronym / expansion, a common word that is
#: rarely a name, and filler.
WORDS = [
    ("Falkirk", "ORG"), ("Clydebank", "ORG"), ("FALKIRK", "ORG"), ("Bill Clinton", "PERSON"),
    ("Clinton", "PERSON"), ("United Nations", "ORG"), ("UN", "ORG"), ("March", "PERSON"),
    ("Tehran", "GPE"), ("TEHRAN", "GPE"), ("Mohammad Khatami", "PERSON"),
    ("Mohammed Khatami", "PERSON"), ("Iran", "GPE"), ("Iranian", "NORP"), ("said", None),
    ("won", None), ("in", None), ("the", None),
]  # fmt: skip

#: The country the gazetteer reads in a word, and by which rule (resolution joins them).
COUNTRY = {"Iran": ("IRN", "name"), "Iranian": ("IRN", "demonym"), "Tehran": ("IRN", "city"),
           "TEHRAN": ("IRN", "city")}  # fmt: skip

#: A document: (word index, tagged?) per word, and the number of lines it is split in.
DOC = st.tuples(
    st.lists(st.tuples(st.integers(0, len(WORDS) - 1), st.booleans()), min_size=1, max_size=9),
    st.integers(1, 3),
)


def hand_corpus(docs: dict[str, tuple[list[tuple[int, bool]], int]]) -> tuple:
    """DOCUMENTS, SENTENCES (one per line) and MENTIONS (canonical filled per document,
    as the cached per-document pass gives them) of ``docs``: doc_id -> DOC."""
    documents, sentences, mentions = [], [], []
    for doc_id, (words, lines) in docs.items():
        per_line = max(1, -(-len(words) // lines))
        chunks = [words[i : i + per_line] for i in range(0, len(words), per_line)]
        text = ""
        for k, chunk in enumerate(chunks):
            line_start = len(text)
            for index, tagged in chunk:
                surface, label = WORDS[index]
                start = len(text)
                text += surface + " "
                if tagged and label:
                    mentions.append({"doc_id": doc_id, "sent_id": k, "start": start,
                                     "end": start + len(surface), "text": surface,
                                     "label": label, "iso3": COUNTRY.get(surface, (None,))[0],
                                     "rule": COUNTRY.get(surface, (None, None))[1]})  # fmt: skip
            text = text.rstrip(" ") + ".\n"
            sentences.append({"doc_id": doc_id, "sent_id": k, "start": line_start,
                              "end": len(text) - 1, "text": text[line_start:-1]})  # fmt: skip
        documents.append({"doc_id": doc_id, "text": text})
    mentions = canonicalize(schema.conform(mentions, "mentions"))
    return (
        schema.conform(documents, "documents"),
        schema.conform(sentences, "sentences"),
        schema.conform(mentions, "mentions"),
    )


def check_equal(documents, sentences, mentions, state: Path) -> corpus_state.PassReport:
    """The pass with ``state`` equals a clean pass: mentions and entity names."""
    out, report = corpus_state.run_pass(mentions, documents, sentences, state_dir=state)
    clean = corpus_pass(mentions, documents, sentences)
    pd.testing.assert_frame_equal(out, clean)
    assert list(entity_table(out, documents)["name"]) == list(
        entity_table(clean, documents)["name"]
    )
    return report


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pool=st.lists(st.tuples(DOC, DOC), min_size=2, max_size=7),
    builds=st.lists(st.lists(st.integers(0, 2), min_size=7, max_size=7), min_size=2, max_size=4),
)
def test_any_sequence_of_builds_equals_a_clean_pass(pool, builds) -> None:
    """Each build keeps a document out (0), or takes its first (1) or second (2)
    version: documents are added, removed, changed and re-added across builds."""
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        for build in builds:
            docs = {f"d{i}": pool[i][choice - 1] for i, choice in enumerate(build[: len(pool)])
                    if choice}  # fmt: skip
            check_equal(*hand_corpus(docs), state)


def base_corpus(n: int = 12) -> dict:
    """``n`` documents: 'Falkirk' tagged in some, missed in others, plus filler."""
    return {f"d{i}": ([(0, i % 3 == 0), (16, False), (2, i % 2 == 0), (6, False), (3, True)], 2)
            for i in range(n)}  # fmt: skip


def test_adding_a_document_rescans_only_what_it_touches(tmp_path) -> None:
    docs = base_corpus()
    first = check_equal(*hand_corpus(docs), tmp_path / "state")
    assert first.mode == "clean" and first.scanned == 12
    docs["new"] = ([(1, True), (16, False), (13, False)], 1)  # 'Clydebank in Iranian'
    second = check_equal(*hand_corpus(docs), tmp_path / "state")
    # No kept document holds 'Clydebank' or 'Iranian': the new document alone is scanned,
    # and only the names it touches are decided again.
    assert second.mode == "incremental" and second.scanned == 1
    assert 0 < second.redecided < first.redecided


def test_a_name_newly_tagged_rescans_the_documents_that_hold_it(tmp_path) -> None:
    holders = {f"h{i}": ([(1, False), (15, False), (3, True)], 1) for i in range(2)}
    others = {f"o{i}": ([(12, True), (15, False), (3, True)], 1) for i in range(3)}
    docs = holders | others  # 'Clydebank' is in two documents, tagged in none
    check_equal(*hand_corpus(docs), tmp_path / "state")
    docs["new"] = ([(1, True), (16, False)], 1)  # now tagged once (1 of 3 occurrences)
    report = check_equal(*hand_corpus(docs), tmp_path / "state")
    assert report.mode == "incremental" and report.scanned == 3  # the new one and holders
    documents, sentences, mentions = hand_corpus(docs)
    out, _ = corpus_state.run_pass(mentions, documents, sentences, state_dir=None)
    spread = out[out["text"] == "Clydebank"]
    assert set(spread["doc_id"]) == {"h0", "h1", "new"}


@pytest.mark.parametrize("damage", ["missing", "corrupt", "settings"])
def test_an_unusable_state_gives_a_clean_pass(tmp_path, monkeypatch, damage) -> None:
    state = tmp_path / "state"
    docs = base_corpus()
    check_equal(*hand_corpus(docs), state)
    if damage == "missing":
        (state / "meta.json").unlink()
    elif damage == "corrupt":
        data = bytearray((state / "candidates.parquet").read_bytes())
        data[len(data) // 2] ^= 0xFF
        (state / "candidates.parquet").write_bytes(bytes(data))
    else:
        monkeypatch.setattr(propagate, "MIN_TAGGED_SHARE", 0.5)
    docs["new"] = ([(0, True), (1, False)], 1)
    report = check_equal(*hand_corpus(docs), state)
    assert report.mode == "clean" and report.scanned == 13
    want = {"missing": "no saved state", "corrupt": "damaged", "settings": "other settings"}
    assert want[damage] in report.reason


def test_most_documents_changed_gives_a_clean_pass(tmp_path) -> None:
    check_equal(*hand_corpus(base_corpus(4)), tmp_path / "state")
    docs = {f"e{i}": ([(1, True), (16, False)], 1) for i in range(6)}
    report = check_equal(*hand_corpus(docs), tmp_path / "state")
    assert report.mode == "clean" and "most documents" in report.reason


@pytest.mark.slow
def test_builds_of_a_growing_folder_equal_clean_builds(tmp_path, monkeypatch) -> None:
    """build_corpus end to end (rule-based pipeline): files added, then one removed and
    one changed; each build's tables equal a build with an empty cache, and the pass
    after the first is incremental."""
    from analysis import store
    from analysis.build import build_corpus
    from analysis.nlp import RULE_BASED
    from tests.analysis.test_build import sample_text, write_sample_corpus
    from tests.factories import assert_same_tables

    reports = []
    real = corpus_state.run_pass

    def spy(*args, **kwargs):
        out, report = real(*args, **kwargs)
        reports.append(report)
        return out, report

    monkeypatch.setattr(corpus_state, "run_pass", spy)
    folder = write_sample_corpus(tmp_path / "news", n=6)
    cache = tmp_path / "cache"
    steps = [
        lambda: [(folder / f"story_{i:03d}.txt").write_text(sample_text(i)) for i in (6, 7)],
        lambda: ((folder / "story_001.txt").unlink(),
                 (folder / "story_002.txt").write_text(sample_text(2) + " Lima.")),
    ]  # fmt: skip
    build_corpus(folder, cache_dir=cache, model=RULE_BASED, workers=1)
    for k, step in enumerate(steps):
        step()
        grown = build_corpus(folder, cache_dir=cache, model=RULE_BASED, workers=1)
        clean = build_corpus(folder, cache_dir=tmp_path / f"clean{k}", model=RULE_BASED,
                             workers=1)  # fmt: skip
        assert_same_tables(grown, clean)
    assert [r.mode for r in reports] == ["clean", "incremental", "clean", "incremental", "clean"]
    assert len(list(cache.glob(f"*/{store.STATE_DIR}/*/meta.json"))) == 1
