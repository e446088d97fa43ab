"""Places, not just countries (issue 18): each resolved sub-country place keeps its
GeoNames id and coordinates; the PLACES table; the cache and the filters keep them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import places, schema, store
from analysis.build import build_corpus
from analysis.countries import map_countries
from analysis.filters import Filters, apply_filters
from analysis.nlp import RULE_BASED
from analysis.tables import SNAPSHOT_TABLES, Corpus
from tests.properties import examples

PLACE_WORDS = re.compile(
    r"Edmonton|Alberta|Calgary|Kentucky|Ky\.|Louisville|England|London|Springfield|Ill\.|"
    r"Mass\.|Illinois|Massachusetts|France|French|Bank of England|Boston"
)


def located(texts: dict[str, str], labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Mentions of the place words of ``texts`` (doc_id -> text), mapped to countries
    and located. ``labels`` overrides the GPE label of a word."""
    rows = []
    for doc_id, text in texts.items():
        for m in PLACE_WORDS.finditer(text):
            label = (labels or {}).get(m.group(), "GPE")
            rows.append({"doc_id": doc_id, "sent_id": 0, "start": m.start(), "end": m.end(),
                         "text": m.group(), "label": label})  # fmt: skip
    mapped = map_countries(schema.conform(rows, "mentions"), texts=texts)
    return places.locate(mapped)


EDMONTONS = {
    "ca": "Police in Edmonton, Alberta said roads near Calgary were closed.",
    "us": "The county fair in Edmonton, Ky. drew crowds from Louisville.",
    "uk": "A fire in Edmonton, England closed a station, London officials said.",
}


def test_three_edmontons_in_three_countries_are_three_labelled_rows() -> None:
    table = places.place_table(located(EDMONTONS))
    edmontons = table[table["name"] == "Edmonton"].set_index("iso3")
    assert sorted(edmontons.index) == ["CAN", "GBR", "USA"]
    assert edmontons["place_id"].nunique() == 3
    assert edmontons.loc["CAN", "label"] == "Edmonton, Alberta, Canada"
    assert edmontons.loc["USA", "label"] == "Edmonton, Kentucky, United States"
    assert edmontons.loc["GBR", "label"] == "Edmonton, England, United Kingdom"
    assert edmontons.loc["USA", "kind"] == "town"
    # GeoNames coordinates: Edmonton, Alberta is at 53.55 N, 113.47 W
    assert edmontons.loc["CAN", "lat"] == pytest.approx(53.55, abs=0.01)
    assert edmontons.loc["CAN", "lon"] == pytest.approx(-113.47, abs=0.01)
    assert edmontons.loc["CAN", "place_id"] == "geonames:5946768"
    assert list(table.columns) == list(schema.PLACES)


def test_a_label_does_not_repeat_a_citys_division_or_country() -> None:
    """ui28: "Tokyo, Tokyo, Japan" read as a stammer; a part that repeats the one before
    it (case, accents and dots aside) is left out, once, where labels are made."""
    assert places.place_label("Tokyo", "Tokyo", "Japan") == "Tokyo, Japan"
    assert places.place_label("Singapore", None, "Singapore") == "Singapore"
    assert places.place_label("Bogotá", "Bogota", "Colombia") == "Bogotá, Colombia"
    assert places.place_label("Edmonton", "Alberta", "Canada") == "Edmonton, Alberta, Canada"
    assert places.place_label("Quebec City", "Quebec", "Canada") == "Quebec City, Quebec, Canada"
    # GeoNames: Tokyo's division is Tokyo, Mexico City's Mexico City
    for place_id, label in (("geonames:1850147", "Tokyo, Japan"),
                            ("geonames:3530597", "Mexico City, Mexico")):  # fmt: skip
        row = places._row(place_id)
        assert row["label"] == label and row["admin"] == label.split(",")[0]


def test_the_places_of_one_country() -> None:
    every = places.place_table(located(EDMONTONS))
    canada = places.place_table(located(EDMONTONS), "CAN")
    assert set(canada["iso3"]) == {"CAN"} and len(canada) < len(every)
    pd.testing.assert_frame_equal(
        canada.reset_index(drop=True),
        every[every["iso3"] == "CAN"].reset_index(drop=True),
    )
    assert places.place_table(located(EDMONTONS), "JPN").empty
    assert list(places.place_table(located(EDMONTONS), "JPN").columns) == list(schema.PLACES)


def test_divisions_are_places_with_a_representative_point() -> None:
    table = places.place_table(located(EDMONTONS)).set_index("name")
    alberta = table.loc["Alberta"]
    assert (alberta["kind"], alberta["iso3"], alberta["place_id"]) == (
        "region",
        "CAN",
        "geonames:CA.01",
    )
    assert 49 < alberta["lat"] < 60 and -120 < alberta["lon"] < -110  # inside Alberta
    assert pd.isna(alberta["admin"])


def test_namesakes_in_one_country_follow_the_division_written_after_them() -> None:
    out = located({"a": "Springfield, Ill. and later Springfield, Mass. voted."})
    ids = out.loc[out["text"] == "Springfield", "place_id"].tolist()
    assert len(set(ids)) == 2
    admins = {places.describe(i).admin1 for i in ids}
    assert admins == {"IL", "MA"}


def test_namesakes_follow_the_divisions_the_document_names() -> None:
    out = located({"a": "Voters in Springfield went to the polls. Massachusetts counted."})
    place = places.describe(out.loc[out["text"] == "Springfield", "place_id"].iloc[0])
    assert (place.iso3, place.admin1) == ("USA", "MA")
    alone = located({"b": "Voters in Springfield went to the polls."})
    default = places.describe(alone.loc[alone["text"] == "Springfield", "place_id"].iloc[0])
    assert default.admin1 != "MA"  # without it, the most populous Springfield (Missouri)


def test_country_level_readings_and_organisation_homes_are_no_place() -> None:
    out = located(
        {"a": "France and French officials met the Bank of England in London."},
        labels={"French": "NORP", "Bank of England": "ORG"},
    )
    by_text = dict(zip(out["text"], out["place_id"], strict=True))
    assert pd.isna(by_text["France"]) and pd.isna(by_text["French"])
    assert by_text["London"] == "geonames:2643743"
    home = out.assign(rule=out["rule"].where(out["text"] != "London", "org_home"))
    assert "geonames:2643743" not in set(places.place_table(home)["place_id"])


@settings(max_examples=examples(25), deadline=None)
@given(st.lists(st.sampled_from(sorted(EDMONTONS)), min_size=1, max_size=6))
def test_table_counts_add_up_to_the_located_mentions(docs: list[str]) -> None:
    texts = {f"{key}{i}": EDMONTONS[key] for i, key in enumerate(docs)}
    out = _located_cached(tuple(sorted(texts.items())))
    table = places.place_table(out)
    assert int(table["mentions"].sum()) == int(out["place_id"].notna().sum())
    per_place = out.dropna(subset=["place_id"]).groupby("place_id")["doc_id"].nunique()
    assert table.set_index("place_id")["documents"].astype(int).to_dict() == per_place.to_dict()
    assert table["lat"].between(-90, 90).all() and table["lon"].between(-180, 180).all()


_CACHE: dict[tuple, pd.DataFrame] = {}


def _located_cached(items: tuple) -> pd.DataFrame:
    if items not in _CACHE:
        _CACHE[items] = located(dict(items))
    return _CACHE[items]


def test_filters_recompute_the_places_table() -> None:
    mentions = located(EDMONTONS)
    documents = schema.conform(
        [
            {"doc_id": d, "text": t, "source": "Wire", "date": "2024-01-01"}
            for d, t in EDMONTONS.items()
        ],
        "documents",
    )
    corpus = Corpus(path="x", model="m", key="k", documents=documents,
                    skipped=schema.empty("skipped"), tables={
                        "sentences": schema.empty("sentences"), "mentions": mentions,
                        "events": schema.empty("events")})  # fmt: skip
    narrowed = apply_filters(corpus, Filters(countries=("USA",)))
    table = narrowed.table("places")
    assert set(table["iso3"]) == {"USA"}
    assert "Edmonton, Kentucky, United States" in set(table["label"])


def test_every_shipped_place_is_on_the_globe() -> None:
    data = places._data()
    towns = data["towns"]
    assert len(towns.keys) > 100_000
    assert (abs(towns.lat) <= 90).all() and (abs(towns.lon) <= 180).all()
    for kind in ("divisions", "counties"):
        frame = pd.DataFrame([(p.lat, p.lon) for p in data[kind].values()], columns=["lat", "lon"])
        assert len(frame) > 1000, kind
        assert frame["lat"].between(-90, 90).all() and frame["lon"].between(-180, 180).all()
    town = places.describe(towns.ids[0])
    assert town is not None and town.kind == "town" and town.place_id == towns.ids[0]


# ---------------------------------------------------------------- the cache


@pytest.fixture
def pinned_version(monkeypatch):
    version = store.analysis_version()
    monkeypatch.setattr(store, "analysis_version", lambda: version)


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_places_survive_a_warm_reopen_and_incremental_equals_clean(tmp_path, pinned_version):
    corpus = _write(tmp_path / "news", EDMONTONS)
    cache = tmp_path / "cache"
    first = build_corpus(corpus, cache_dir=cache, model=RULE_BASED, workers=1)
    assert "places" in SNAPSHOT_TABLES
    assert {"CAN", "GBR", "USA"} <= set(first.table("places")["iso3"])
    warm = build_corpus(corpus, cache_dir=cache, model=RULE_BASED, workers=1)
    assert warm.processed == 0
    pd.testing.assert_frame_equal(warm.table("places"), first.table("places"))
    _write(corpus, {"more": "Edmonton, Alberta and Calgary shared the prize."})
    incremental = build_corpus(corpus, cache_dir=cache, model=RULE_BASED, workers=1)
    assert incremental.processed == 1
    clean = build_corpus(corpus, cache_dir=tmp_path / "clean", model=RULE_BASED, workers=1)
    pd.testing.assert_frame_equal(incremental.table("places"), clean.table("places"))
    pd.testing.assert_series_equal(
        incremental.table("mentions")["place_id"], clean.table("mentions")["place_id"]
    )
    edmonton = incremental.table("places").set_index("label").loc["Edmonton, Alberta, Canada"]
    assert int(edmonton["documents"]) == 2
    shutil.rmtree(tmp_path / "clean")


def test_switched_rules_relocate_places_for_the_cli() -> None:
    from analysis.tables import under_rules

    documents = schema.conform(
        [{"doc_id": d, "text": t, "source": f"S{d}"} for d, t in EDMONTONS.items()], "documents"
    )
    corpus = Corpus(path="x", model="m", key="k", documents=documents,
                    skipped=schema.empty("skipped"), tables={
                        "sentences": schema.empty("sentences"), "mentions": located(EDMONTONS),
                        "events": schema.empty("events")})  # fmt: skip
    assert "city" in set(places.place_table(corpus.table("mentions"))["kind"])
    narrowed = under_rules(corpus, corpus.tables, "-cities")
    kinds = set(narrowed.table("places")["kind"])
    assert kinds and "city" not in kinds  # towns and regions stay, cities are gone


def corpus_context():
    from analysis.countries import ContextRules

    return ContextRules()


def test_namesakes_follow_the_places_the_document_names() -> None:
    # Boston (one US city, in Massachusetts) speaks for Massachusetts' Springfield.
    rows = [("Springfield", 10), ("Boston", 40)]
    frame = schema.conform(
        [{"doc_id": "a", "sent_id": 0, "start": s, "end": s + len(t), "text": t, "label": "GPE"}
         for t, s in rows], "mentions")  # fmt: skip
    out = places.locate(map_countries(frame))
    ids = dict(zip(out["text"], out["place_id"], strict=True))
    assert places.describe(ids["Boston"]).admin1 == "MA"
    assert places.describe(ids["Springfield"]).admin1 == "MA"


def test_namesakes_follow_their_sources_home_division() -> None:
    # A paper whose stories name Massachusetts places reads a bare "Springfield" there;
    # without the source it is the most populous Springfield (Missouri).
    texts = {
        "a": "Voters in Massachusetts went to the polls.",
        "b": "Snow closed roads across Massachusetts.",
        "c": "Voters in Springfield went to the polls.",
    }
    mentions = located(texts)
    home = {"a": "Gazette", "b": "Gazette", "c": "Gazette"}
    for sources, state in ((home, "MA"), ({}, "MO"), ({"c": "Other"}, "MO")):
        out = places.locate(mentions, sources=sources)
        place_id = out.loc[out["text"] == "Springfield", "place_id"].iloc[0]
        assert places.describe(place_id).admin1 == state, sources


def test_a_longer_name_is_located_by_its_known_part() -> None:
    assert [p.place_id for p in places.place_options("North Texas", "USA", "us_state")] == [
        "geonames:US.TX"
    ]
    jail = places.place_options("Henderson County Jail", "USA", "us_county")
    assert jail and all(p.kind == "county" and p.name == "Henderson County" for p in jail)
    assert places.place_options("North Texas", "USA", "name") == ()  # country-level rule


POOL = [
    *EDMONTONS.values(),
    "Springfield, Ill. and later Springfield, Mass. voted.",
    "Voters in Springfield went to the polls. Massachusetts counted.",
    "France and French officials met in London and Boston.",
]


@settings(max_examples=examples(25), deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=5))
def test_locating_never_changes_a_country_and_stays_inside_it(texts: list[str]) -> None:
    docs = tuple((f"d{i}", t) for i, t in enumerate(texts))
    mapped = _located_cached(docs)
    again = places.locate(mapped.drop(columns="place_id"), sources={d: "S" for d, _ in docs})
    cols = ["iso3", "rule"]
    pd.testing.assert_frame_equal(again[cols], mapped[cols])
    for iso3, place_id in zip(again["iso3"], again["place_id"], strict=True):
        if pd.notna(place_id):
            assert places.describe(place_id).iso3 == iso3


def test_a_division_whose_name_goes_on_is_no_hint_after_a_place() -> None:
    # Invented: "Massachusetts Street" (a street, not the state) follows Springfield after a
    # comma, and the document names Illinois twice. The division after the comma counts
    # only when its name ends there (analysis.countries.lexicon.name_goes_on), so the
    # Illinois of the document wins; "Springfield, Massachusetts" still follows Massachusetts.
    for text, state in (
        (
            "Illinois police said shops in Springfield, Massachusetts Street stayed shut. "
            "Illinois officials agreed.",
            "IL",
        ),
        (
            "Illinois police said shops in Springfield, Massachusetts stayed shut. "
            "Illinois officials agreed.",
            "MA",
        ),
    ):
        rows = [{"doc_id": "a", "sent_id": 0, "start": m.start(), "end": m.end(),
                 "text": m.group(), "label": "GPE"}
                for m in re.finditer(r"Illinois|Springfield|Massachusetts", text)]  # fmt: skip
        texts = {"a": text}
        mapped = map_countries(schema.conform(rows, "mentions"), texts=texts)
        out = places.locate(mapped, texts=texts)
        place_id = out.loc[out["text"] == "Springfield", "place_id"].iloc[0]
        assert places.describe(place_id).admin1 == state, text


def test_a_town_found_by_its_ascii_spelling_is_named_as_geonames_names_it() -> None:
    """Branch ctry18: "Leba" in the text finds Łeba, Poland (analysis/data/towns.tsv.gz
    lists it by its derived ASCII spelling); the PLACES table names it "Łeba", while the
    mention keeps the text as written. A town GeoNames writes in ASCII keeps its name."""
    text = "Storms hit Leba in Poland and Chiefland, Florida on Monday."
    words = ("Leba", "Poland", "Chiefland", "Florida")
    rows = [{"doc_id": "d", "sent_id": 0, "start": text.index(w),
             "end": text.index(w) + len(w), "text": w, "label": "GPE"} for w in words]  # fmt: skip
    mapped = places.locate(
        map_countries(schema.conform(pd.DataFrame(rows), "mentions"), texts={"d": text}),
        texts={"d": text},
    )
    table = places.place_table(mapped).set_index("iso3")
    assert table.loc["POL", "name"] == "Łeba"
    assert table.loc["POL", "label"].startswith("Łeba, ")
    assert "Chiefland" in table.loc["USA", "name"].tolist()
    assert mapped.loc[mapped["iso3"] == "POL", "text"].tolist()[0] == "Leba"


def test_cities_are_stored_as_plain_records_and_located_as_places() -> None:
    """The cities table holds plain tuples (no Place objects for the collector to scan);
    a city reading is still located as a Place with its coordinates, and its id described
    as the same place."""
    from analysis import places
    from analysis.gazetteer import candidates

    by_key, by_id = places._cities()
    record = next(iter(by_id.values()))
    assert type(record) is tuple and all(type(r) is tuple for r in next(iter(by_key.values())))
    city = next(c for c in candidates("Edmonton") if c.rule == "city" and c.iso3 == "CAN")
    found = places.place_options("Edmonton", "CAN", city.rule)
    assert found and found[0].kind == "city" and found[0].lat is not None
    assert places.describe(found[0].place_id) == found[0]
