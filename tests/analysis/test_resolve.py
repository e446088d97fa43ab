"""Corpus-level entity resolution (analysis.resolve): each joining rule and each guard on
hand-written mini-corpora, and incremental resolution equal to a clean one."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import resolve
from analysis.resolve import Resolver, label_votes, suggestions
from tests.factories import document_mentions
from tests.properties import examples


def corpus(*docs: list[tuple]) -> pd.DataFrame:
    """MENTIONS of documents given as lists of (canonical, label[, iso3, rule]), one
    mention per sentence."""
    padded = [[(*m, None, None)[:4] for m in doc] for doc in docs]
    return document_mentions(*padded, fields=("text", "label", "iso3", "rule"), spacing=10,
                             sentence_per_mention=True, canonical=True)  # fmt: skip


def entity_of(mentions: pd.DataFrame, **kwargs) -> dict[str, str]:
    out = resolve.resolve(mentions, **kwargs)
    return dict(zip(mentions["canonical"], out["canonical"], strict=True))


def test_normalised_form_folds_case_dots_and_company_forms() -> None:
    found = entity_of(corpus(
        [("U.S. Open", "EVENT"), ("Johnson Controls Inc", "ORG")],
        [("US Open", "EVENT"), ("Johnson Controls", "ORG"), ("Johnson Controls", "ORG")],
    ))  # fmt: skip
    assert found["U.S. Open"] == found["US Open"]
    assert found["Johnson Controls Inc"] == found["Johnson Controls"] == "Johnson Controls"


def test_country_names_and_demonyms_are_the_country() -> None:
    mentions = corpus(
        [("US", "GPE", "USA", "name"), ("American", "NORP", "USA", "demonym")],
        [("United States", "GPE", "USA", "name"), ("Iraqi", "NORP", "IRQ", "demonym")],
        [("Iraq", "GPE", "IRQ", "name")],
    )
    found = entity_of(mentions)
    assert {found["US"], found["American"], found["United States"]} == {"United States"}
    assert found["Iraqi"] == found["Iraq"] == "Iraq"
    # each rule is switchable: without "demonyms" the adjective stays apart
    rules = [r for r in resolve.JOIN_RULES if r != "demonyms"]
    assert entity_of(mentions, rules=rules)["Iraqi"] == "Iraqi"


def test_known_aliases_of_international_bodies() -> None:
    found = entity_of(corpus([("UN", "ORG"), ("Fed", "ORG")], [("United Nations", "ORG")]))
    assert found["UN"] == found["United Nations"] == "United Nations"
    assert found["Fed"] == "Federal Reserve"


def test_acronym_joins_its_one_expansion_only() -> None:
    found = entity_of(corpus([("IRNA", "ORG")], [("Islamic Republic News Agency", "ORG")]))
    assert found["IRNA"] == "Islamic Republic News Agency"
    two = entity_of(corpus(
        [("ABC", "ORG")], [("Australian Broadcasting Corporation", "ORG")],
        [("American Broadcasting Company", "ORG")],
    ))  # fmt: skip
    assert two["ABC"] == "ABC"  # two expansions in the corpus: ambiguous, left alone


def test_surname_joins_the_corpus_one_full_name() -> None:
    found = entity_of(corpus([("Bill Clinton", "PERSON")], [("Clinton", "PERSON")]))
    assert found["Clinton"] == "Bill Clinton"
    ambiguous = entity_of(corpus(
        [("Bill Clinton", "PERSON")], [("Hillary Clinton", "PERSON")], [("Clinton", "PERSON")],
    ))  # fmt: skip
    assert ambiguous["Clinton"] == "Clinton"


def test_guard_a_place_is_not_the_longer_name_it_is_part_of() -> None:
    found = entity_of(corpus([("Partizan Belgrade", "PERSON")], [("Belgrade", "PERSON")]))
    assert found["Belgrade"] == "Belgrade"


def test_guard_role_words_are_stripped_from_people() -> None:
    found = entity_of(corpus(
        [("Defender Hassan Abbas", "PERSON")], [("Hassan Abbas", "PERSON")],
        [("Caretaker Prime Minister Ali Rahimi", "PERSON")],
    ))  # fmt: skip
    assert found["Defender Hassan Abbas"] == found["Hassan Abbas"] == "Hassan Abbas"
    assert found["Caretaker Prime Minister Ali Rahimi"] == "Ali Rahimi"


def test_fuzzy_joins_spelling_variants_but_not_other_numbers() -> None:
    found = entity_of(corpus(
        [("Mohammad Khatami", "PERSON"), ("Euro 96", "EVENT")],
        [("Mohammed Khatami", "PERSON"), ("Euro 98", "EVENT")],
    ))  # fmt: skip
    assert found["Mohammad Khatami"] == found["Mohammed Khatami"]
    assert found["Euro 96"] != found["Euro 98"]


def test_label_is_voted_and_votes_are_kept() -> None:
    mentions = corpus([("Erbil", "GPE"), ("Erbil", "GPE")], [("Erbil", "ORG")])
    votes = label_votes(resolve.resolve(mentions))
    assert votes.set_index("label")["mentions"].to_dict() == {"GPE": 2, "ORG": 1}
    assert votes.iloc[0]["label"] == "GPE"


def test_near_misses_are_suggested_not_joined() -> None:
    mentions = corpus([("Nursultan Nazarbayev", "PERSON")], [("Nursultan Nazarbaev", "PERSON")],
                      [("Jean Dupont", "PERSON")], [("Jean Dupond", "PERSON")])  # fmt: skip
    out = suggestions(resolve.resolve(mentions, rules=["normalised_form"]))
    pairs = {frozenset((a, b)) for a, b in zip(out["a"], out["b"], strict=True)}
    assert frozenset(("Nursultan Nazarbayev", "Nursultan Nazarbaev")) in pairs
    assert all(s >= resolve.FUZZY_SUGGEST for s in out["score"])


MINI = corpus(
    [("Bill Clinton", "PERSON"), ("US", "GPE", "USA", "name"), ("UN", "ORG")],
    [("Clinton", "PERSON"), ("American", "NORP", "USA", "demonym")],
    [("Hillary Clinton", "PERSON"), ("United Nations", "ORG")],
    [("IRNA", "ORG"), ("Mohammad Khatami", "PERSON")],
    [("Islamic Republic News Agency", "ORG"), ("Mohammed Khatami", "PERSON")],
    [("Boris Yeltsin", "PERSON"), ("Yeltsin", "PERSON"), ("TEHRAN", "GPE"), ("Tehran", "GPE")],
)


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.integers(0, 3), min_size=6, max_size=6))
def test_incremental_resolution_equals_a_clean_one(batches: list[int]) -> None:
    """Adding documents batch by batch gives exactly the clean resolution of them all."""
    resolver = Resolver()
    doc_batch = {f"d{i}": b for i, b in enumerate(batches)}
    for batch in sorted(set(batches)):
        resolver.add(MINI[MINI["doc_id"].map(doc_batch) == batch])
    assert resolver.apply(MINI)["canonical"].tolist() == resolve.resolve(MINI)["canonical"].tolist()


def test_a_country_named_mostly_by_its_demonym_is_still_a_place() -> None:
    from analysis.entities import entity_table

    mentions = resolve.resolve(corpus(
        [("France", "GPE", "FRA", "name"), ("French", "NORP", "FRA", "demonym")],
        [("French", "NORP", "FRA", "demonym"), ("French", "NORP", "FRA", "demonym")],
    ))  # fmt: skip
    documents = pd.DataFrame({"doc_id": ["d0", "d1"], "date": [None, None]})
    row = entity_table(mentions, documents).set_index("name").loc["France"]
    assert row["label"] == "GPE" and row["mentions"] == 4
    assert label_votes(mentions).set_index("label")["mentions"].to_dict() == {"NORP": 3, "GPE": 1}


#: Names exercising every joining rule and guard, some with two labels, for random corpora.
POOL = [
    ("Bill Clinton", "PERSON"), ("Clinton", "PERSON"), ("Hillary Clinton", "PERSON"),
    ("Clinton", "ORG"), ("US", "GPE", "USA", "name"), ("United States", "GPE", "USA", "name"),
    ("American", "NORP", "USA", "demonym"), ("UN", "ORG"), ("United Nations", "ORG"),
    ("U.N.", "ORG"), ("IRNA", "ORG"), ("Islamic Republic News Agency", "ORG"),
    ("Islamic Republican Nation Army", "ORG"), ("Mohammad Khatami", "PERSON"),
    ("Mohammed Khatami", "PERSON"), ("Scotland", "GPE", "GBR", "territory"),
    ("Scottish", "NORP", "GBR", "demonym"), ("Britain", "GPE", "GBR", "name"),
    ("Chechen", "NORP"), ("Chechnya", "GPE", "RUS", "territory"), ("NationsBank Corp", "ORG"),
    ("NationsBank", "ORG"), ("TEHRAN", "GPE"), ("Tehran", "GPE"), ("Erbil", "GPE"),
    ("Erbil", "ORG"), ("Belgrade", "GPE"), ("Partizan Belgrade", "ORG"),
    ("Defender Hassan Abbas", "PERSON"), ("Hassan Abbas", "PERSON"), ("Abbas", "PERSON"),
    ("IRNA", "PERSON"), ("Mohammed Khatami", "ORG"), ("Mohamed Khatami", "PERSON"),
    ("Muhammad Khatami", "PERSON"), ("Partizan Belgrad", "ORG"), ("Partisan Belgrade", "ORG"),
]  # fmt: skip


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=6),
                  st.integers(0, 3)),
        min_size=1, max_size=10,
    ),
    st.sampled_from([resolve.MAX_BLOCK, 2]),
)  # fmt: skip
def test_incremental_resolution_of_random_corpora_equals_a_clean_one(
    docs: list[tuple[list[int], int]], max_block: int
) -> None:
    """Random documents from POOL, added in random batches (a name's label, country and
    display name may change from batch to batch): the incremental resolver re-decides
    only the names connected to what changed and still gives the clean resolution; also
    when fuzzy blocks grow past their size limit (``max_block`` 2) between batches."""
    from unittest.mock import patch

    with patch.object(resolve, "MAX_BLOCK", max_block):
        _check_incremental(docs)


def _check_incremental(docs: list[tuple[list[int], int]]) -> None:
    mentions = corpus(*[[POOL[i] for i in picks] for picks, _ in docs])
    batch_of = {f"d{d}": b for d, (_, b) in enumerate(docs)}
    resolver = Resolver()
    for batch in sorted(set(batch_of.values())):
        resolver.add(mentions[mentions["doc_id"].map(batch_of) == batch])
        assert resolver.redecided <= len(resolver.stats.labels)
    clean = resolve.resolve(mentions)
    assert resolver.apply(mentions)["canonical"].tolist() == clean["canonical"].tolist()


def test_adding_documents_redecides_only_the_names_they_touch() -> None:
    """Adding a document about unrelated names leaves the rest of the corpus alone."""
    resolver = Resolver()
    resolver.add(MINI)
    before = dict(resolver.mapping)
    resolver.add(corpus([("Jacques Chirac", "PERSON"), ("Chirac", "PERSON")]))
    assert resolver.redecided == 2  # 'Jacques Chirac' and 'Chirac', not MINI's names
    assert resolver.mapping == {**before, "Chirac": "Jacques Chirac"}


def test_legal_form_dropped_unless_a_place_is_left() -> None:
    found = entity_of(corpus(
        [("NationsBank Corp", "ORG"), ("Washington Group", "ORG")],
        [("NationsBank", "ORG"), ("Washington", "GPE")],
    ))  # fmt: skip
    assert found["NationsBank Corp"] == found["NationsBank"] == "NationsBank Corp"
    assert found["Washington Group"] != found["Washington"]


def test_a_peoples_word_joins_the_place_it_derives_from() -> None:
    """'Scottish' (read as a demonym of the United Kingdom) is Scotland, a part of it;
    'Chechen' is Chechnya; 'Austrian' never joins Australia, another country."""
    found = entity_of(corpus(
        [("Scotland", "GPE", "GBR", "territory"), ("Scottish", "NORP", "GBR", "demonym")],
        [("Britain", "GPE", "GBR", "name"), ("British", "NORP", "GBR", "demonym")],
        [("Chechnya", "GPE", "RUS", "territory"), ("Chechen", "NORP")],
        [("Australia", "GPE", "AUS", "name"), ("Austrian", "NORP", "AUT", "demonym")],
    ))  # fmt: skip
    assert found["Scottish"] == found["Scotland"] == "Scotland"
    assert found["British"] == found["Britain"] == "United Kingdom"
    assert found["Chechen"] == found["Chechnya"] == "Chechnya"
    assert found["Austrian"] != found["Australia"]


def test_a_fuzzy_block_growing_past_its_limit_undoes_its_joins_incrementally() -> None:
    """Two spellings joined in a small block come apart when a third name makes the block
    too large for the fuzzy rule (its limit set to 2 here), as in a clean resolution."""
    from unittest.mock import patch

    first = corpus([("Partizan Belgrade", "ORG")], [("Partisan Belgrade", "ORG")])
    later = corpus([("Partizan Belgrad", "ORG")]).assign(doc_id="d9")
    with patch.object(resolve, "MAX_BLOCK", 2):
        resolver = Resolver()
        resolver.add(first)
        assert resolver.mapping  # joined while the block holds two names
        resolver.add(later)
        both = pd.concat([first, later], ignore_index=True)
        clean = resolve.resolve(both)["canonical"].tolist()
        assert resolver.apply(both)["canonical"].tolist() == clean
        assert len(set(clean)) == 3
