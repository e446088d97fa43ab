"""Near-duplicate stories (analysis.stories) and the "count each story once" filter."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema, stories
from analysis.filters import Filters, apply_filters, describe
from analysis.tables import Corpus, aggregates
from tests.factories import mention_frame

QUAKE = (
    "A strong earthquake registering 6.9 on the Richter scale jolted central and northern "
    "Japan on Tuesday, the Meteorological Agency said, but there were no immediate reports "
    "of injuries or damage. An agency statement estimated the epicentre was under the sea "
    "off Fukushima prefecture, about 240 km north of Tokyo. Trains were halted briefly."
)
QUAKE_REWRITE = (
    "A strong earthquake registering 6.9 on the Richter scale jolted central and northern "
    "Japan on Tuesday, the Meteorological Agency said, though there were no immediate "
    "reports of injuries or damage. The agency estimated the epicentre was under the sea "
    "off Fukushima prefecture, about 240 km north of Tokyo. Some trains were halted."
)
OTHER_QUAKE = (
    "A moderate earthquake registering 5.2 on the Richter scale shook southern Chile on "
    "Tuesday, the national emergency office said, cutting power to thousands of homes in "
    "Concepcion. Officials said two buildings were damaged and one person was injured by "
    "falling glass. Aftershocks continued through the night, residents said."
)
PRIME = (
    "{bank} said it is raising its prime lending rate to 7-3/4 pct from 7-1/2 pct, "
    "effective immediately, following moves by other major banks earlier in the week, "
    "and said its base rate for corporate borrowers would also rise. Reuter"
)
FED = (
    "The Federal Reserve entered the U.S. Government securities market to arrange {amount} "
    "dlrs of customer repurchase agreements, a Fed spokesman said. Dealers said Federal "
    "funds were trading at 6-3/8 pct when the Fed began its temporary and indirect supply "
    "of reserves to the banking system."
)


def _docs(rows: list[tuple[str, str | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "date": pd.array([r[1] for r in rows], dtype="string"),
            "text": [r[2] for r in rows],
        }
    )


def _story(table: pd.DataFrame, doc_id: str) -> str:
    return table.set_index("doc_id").loc[doc_id, "story_id"]


def test_a_light_rewrite_is_one_story_with_the_earliest_as_representative() -> None:
    table = stories.story_table(
        _docs([("b", "2024-06-14", QUAKE_REWRITE), ("a", "2024-06-13", QUAKE)])
    )
    assert _story(table, "a") == _story(table, "b") == "a"
    assert table["story_size"].tolist() == [2, 2]
    assert table["similarity"].notna().all()


def test_two_different_earthquakes_on_one_day_are_two_stories() -> None:
    table = stories.story_table(
        _docs([("a", "2024-06-13", QUAKE), ("c", "2024-06-13", OTHER_QUAKE)])
    )
    assert _story(table, "a") == "a" and _story(table, "c") == "c"
    assert table["story_size"].tolist() == [1, 1]
    assert table["similarity"].isna().all()


def test_the_same_template_about_another_actor_is_another_story() -> None:
    table = stories.story_table(
        _docs(
            [
                ("m", "1987-04-01", PRIME.format(bank="Marine Midland Banks Inc")),
                ("f", "1987-04-01", PRIME.format(bank="First Interstate Bank of California")),
            ]
        )
    )
    assert _story(table, "m") != _story(table, "f")


def test_the_next_issue_of_a_recurring_report_is_another_story() -> None:
    docs = _docs(
        [
            ("d1", "1987-03-02", FED.format(amount="1.5 billion")),
            ("d2", "1987-03-03", FED.format(amount="two billion")),
            ("d3", "1987-03-20", FED.format(amount="1.5 billion")),  # same figure, weeks later
        ]
    )
    table = stories.story_table(docs)
    assert table["story_id"].tolist() == ["d1", "d2", "d3"]


def test_undated_copies_group_and_dated_one_leads() -> None:
    table = stories.story_table(_docs([("u", None, QUAKE), ("d", "2024-06-13", QUAKE_REWRITE)]))
    assert _story(table, "u") == _story(table, "d") == "d"


def test_short_texts_are_never_grouped() -> None:
    short = "Shares rose sharply in early trading, dealers said."
    table = stories.story_table(_docs([("a", "2024-01-01", short), ("b", "2024-01-01", short)]))
    assert table["story_size"].tolist() == [1, 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Baker said so. Then he left.", "Mr. Baker said so."),
        ("The U.S. Government acted. Next.", "The U.S. Government acted."),
        ("No full stop here", "No full stop here"),
    ],
)
def test_lead_sentence(text: str, expected: str) -> None:
    assert stories.lead(text) == expected


def test_groups_are_independent_of_corpus_order() -> None:
    rows = [
        ("a", "2024-06-13", QUAKE),
        ("b", "2024-06-14", QUAKE_REWRITE),
        ("c", "2024-06-13", OTHER_QUAKE),
    ]
    forward = stories.story_table(_docs(rows)).set_index("doc_id")["story_id"]
    backward = stories.story_table(_docs(rows[::-1])).set_index("doc_id")["story_id"]
    assert forward.sort_index().equals(backward.sort_index())


def test_empty_corpus() -> None:
    assert len(stories.story_table(_docs([]))) == 0


@pytest.fixture
def tiny_corpus_with_copies() -> Corpus:
    """Three documents: a Japan quake report, its rewrite a day later, a Chile quake."""
    rows = [("a", "2024-06-13", QUAKE), ("b", "2024-06-14", QUAKE_REWRITE),
            ("c", "2024-06-13", OTHER_QUAKE)]  # fmt: skip
    docs = schema.conform(
        [{"doc_id": d, "date": t, "text": x, "title": d, "words": len(x.split())}
         for d, t, x in rows],
        "documents",
    )  # fmt: skip
    cols = ["doc_id", "sent_id", "start", "end", "text", "label", "canonical", "iso3"]
    m = [("a", 0, 88, 93, "Japan", "GPE", "Japan", "JPN"),
         ("b", 0, 88, 93, "Japan", "GPE", "Japan", "JPN"),
         ("c", 0, 70, 75, "Chile", "GPE", "Chile", "CHL")]  # fmt: skip
    mentions = mention_frame(m, columns=cols)
    sentences = schema.conform(
        [{"doc_id": d, "sent_id": 0, "start": 0, "end": 10, "text": "x"} for d, _, _ in rows],
        "sentences",
    )
    events = schema.empty("events")
    tables = {"sentences": sentences, "mentions": mentions, "events": events}
    tables.update(aggregates(docs, mentions, events))
    tables["stories"] = stories.story_table(docs)
    return Corpus("test", "test-model 1", "key", docs, schema.empty("skipped"), tables)


def test_count_each_story_once_narrows_every_table(tiny_corpus_with_copies) -> None:
    corpus = tiny_corpus_with_copies
    once = apply_filters(corpus, Filters(stories_once=True))
    assert len(corpus.documents) == 3 and len(once.documents) == 2
    all_docs = corpus.table("entities").set_index("name")["documents"]
    once_docs = once.table("entities").set_index("name")["documents"]
    assert all_docs["Japan"] == 2 and once_docs["Japan"] == 1
    assert set(once.table("mentions")["doc_id"]) <= set(once.documents["doc_id"])
    assert set(once.table("stories")["doc_id"]) == set(once.documents["doc_id"])
    assert "counting: each story once" in " ".join(describe(Filters(stories_once=True)))


def test_once_lives_in_the_url() -> None:
    f = Filters(stories_once=True)
    assert f.to_params() == {"once": "1"}
    assert Filters.from_params({"once": "1"}) == f
    assert Filters.from_params({"once": "0"}) == Filters()
    assert Filters().to_params() == {}
