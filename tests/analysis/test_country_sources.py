"""Sources' home countries (analysis.countries.sources): a local paper is at home in
the country its stories name, or in the country of its country-code domain (.co.uk), and
its stories' ambiguous places are read there."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import ContextRules, apply_source_homes, map_countries
from analysis.countries.sources import domain_home
from tests.factories import document_mentions as mentions
from tests.factories import spans


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


def _filed(*stories: tuple[str, str | None]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mapped MENTIONS, DOCUMENTS) of a source "Wire" whose stories d0, d1, ... open
    with the dateline of their first place; each is (dateline place, other place)."""
    frame = map_countries(mentions(*[[(p, "GPE")] + ([(o, "GPE")] if o else [])
                                     for p, o in stories]))  # fmt: skip
    texts = [f"{place}, March 5 - The company said sales rose." for place, _ in stories]
    documents = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(len(stories))], "text": texts,
         "source": ["Wire"] * len(stories)}
    )  # fmt: skip
    return frame, documents


def test_a_source_filing_from_three_countries_learns_no_home() -> None:
    from analysis.countries import ContextRules, source_homes
    from analysis.countries.sources import dateline_starts

    us = [("HOUSTON", "Texas"), ("DALLAS", "Texas"), ("CHICAGO", "Illinois"),
          ("DENVER", "Colorado")]  # fmt: skip
    abroad = [("LONDON", "Britain"), ("TOKYO", "Japan")]
    frame, documents = _filed(*us, *abroad)
    sources = dict.fromkeys(documents["doc_id"], "Wire")
    # Four of six stories name the US alone: a home by the share alone ...
    assert source_homes(frame, sources) == {"Wire": "USA"}
    assert source_homes(frame, sources, ContextRules(filing_abroad=False), documents) == {
        "Wire": "USA"
    }
    # ... but it files from the US, Britain and Japan: a wire reporting from abroad.
    assert source_homes(frame, sources, documents=documents) == {}
    # Two countries of filing are a paper's stray foreign dateline: still at home.
    frame, documents = _filed(*us, abroad[0])
    assert source_homes(frame, sources, documents=documents) == {"Wire": "USA"}
    # A wire's credited story ("LONDON (Reuters) -") is no filing of the source's own.
    assert dateline_starts("LONDON (Reuters) - Shares fell.") == []
    assert dateline_starts("Headline\n\nST. LOUIS, April 7 - Shares fell.") == [10]
    assert dateline_starts("ROSWELL - The council met.") == [0]


def test_a_wire_filing_from_abroad_keeps_its_stories_own_places() -> None:
    from analysis.countries import ContextRules, apply_source_homes

    us = [("HOUSTON", "Texas"), ("DALLAS", "Texas"), ("CHICAGO", "Illinois"),
          ("DENVER", "Colorado"), ("BOSTON", "Massachusetts")]  # fmt: skip
    stories = (*us, ("LONDON", "Britain"), ("TOKYO", "Japan"), ("PARIS", None))
    frame, documents = _filed(*stories)
    # "PARIS" alone: Paris, France -- not Paris, Texas, as a home in the US reads it.
    out = apply_source_homes(frame, documents)
    assert out.loc[out["text"] == "PARIS", "iso3"].tolist() == ["FRA"]
    off = apply_source_homes(frame, documents, context=ContextRules(filing_abroad=False))
    assert off.loc[off["text"] == "PARIS", "iso3"].tolist() == ["USA"]


# ---------------------------------------------------------------- country-code domains


@pytest.mark.parametrize(
    ("source", "home"),
    [
        ("www.lancasterguardian.co.uk", "GBR"),  # .uk is Britain's, not ISO "UK"
        ("lfpress.ca", "CAN"),
        ("weekly.ahram.org.eg", "EGY"),
        ("www.civil.ge", "GEO"),
        ("jpost.com", None),  # generic
        ("news.example.tv", None),  # a ccTLD used without regard to its country
        ("Oxford Mail", None),  # no host name
        ("Reuters", None),
        ("", None),
    ],
)
def test_a_sources_country_code_domain_names_its_home(source: str, home: str | None) -> None:
    assert domain_home(source) == home


def test_a_story_of_a_country_code_domain_reads_its_ambiguous_place_at_home() -> None:
    text = "Vandals damaged graves at the cemetery in Lancaster, police said."
    frame = map_countries(spans(("Lancaster", "GPE", text.index("Lancaster"))))
    assert pd.isna(frame["iso3"].iloc[0])  # Pennsylvania, California or England?
    documents = pd.DataFrame(
        {"doc_id": ["d"], "text": [text], "source": ["www.lancasterguardian.co.uk"]}
    )
    assert apply_source_homes(frame, documents)["iso3"].iloc[0] == "GBR"
    # Switched off, or from a source with no country-code host: as mapped.
    off = apply_source_homes(frame, documents, context=ContextRules(domain_homes=False))
    assert pd.isna(off["iso3"].iloc[0])
    wire = documents.assign(source=["Reuters"])
    assert pd.isna(apply_source_homes(frame, wire)["iso3"].iloc[0])


def test_a_mapped_mention_without_offsets_is_no_dateline_and_no_crash() -> None:
    from analysis.countries.sources import abroad_sources

    # A hand-made or alias row may carry no offsets: it opens no dateline, nothing fails.
    rows = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "start": pd.array([0, None, 0, 0], dtype="Int64"),
            "iso3": ["GBR", "FRA", "JPN", "EGY"],
        }
    )
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "text": ["LONDON, March 5 - x", "TOKYO - y", "CAIRO, May 1 - z"],
        }
    )
    assert abroad_sources(rows, docs, {"a": "s", "b": "s", "c": "s"}) == {"s"}
    assert abroad_sources(rows, docs, {"a": "s", "b": "s", "c": "t"}) == set()
